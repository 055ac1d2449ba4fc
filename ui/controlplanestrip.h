// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QStringList>
#include <QWidget>

namespace kubelab::ui {

/// The control plane as a strip of boxes (apiserver──etcd, scheduler, controller-manager,
/// CoreDNS) that light up when the component acts.
class ControlPlaneStrip final : public QWidget {
    Q_OBJECT
public:
    explicit ControlPlaneStrip(QWidget* parent = nullptr);

    /// The components in the order drawn.
    [[nodiscard]] static QStringList components();
    /// Lights a component up; it fades back in about half a second.
    void pulse(const QString& component);
    [[nodiscard]] qreal glow(const QString& component) const { return m_glow.value(component); }
    void retranslate();

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    [[nodiscard]] QRectF boxOf(int index) const;
    [[nodiscard]] QString explanation(const QString& component) const;

    QHash<QString, qreal> m_glow;
};

} // namespace kubelab::ui

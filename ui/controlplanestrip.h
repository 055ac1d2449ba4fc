// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSet>
#include <QStringList>
#include <QTimer>
#include <QWidget>

namespace kubelab::ui {

/// The control plane as a strip of boxes (apiserver──etcd, scheduler, controller-manager,
/// CoreDNS) above a row with each node's kubelet and kube-proxy lamps. A component lights
/// up when it acts, and a dot travels along the bus between it and the API server (and
/// from the API server into etcd): every message passes through the API server. Clicking
/// a node's lamps selects the node.
class ControlPlaneStrip final : public QWidget {
    Q_OBJECT
public:
    explicit ControlPlaneStrip(QWidget* parent = nullptr);

    /// The components in the order drawn.
    [[nodiscard]] static QStringList components();
    /// Lights a component up; it fades back in about half a second. `kubelet@NODE` and
    /// `kube-proxy@NODE` light a node's lamp (`kube-proxy@*`: every node's).
    void pulse(const QString& component);
    [[nodiscard]] qreal glow(const QString& component) const { return m_glow.value(component); }
    /// The nodes whose lamps are drawn, in order; `notReady` ones are greyed.
    void setNodes(const QStringList& names, const QStringList& notReady);
    [[nodiscard]] QStringList nodes() const { return m_nodes; }
    /// Where a node's lamps are drawn (empty when it did not fit: the strip counts it).
    [[nodiscard]] QRectF nodeRect(const QString& node) const;
    /// Messages travelling along the bus right now.
    [[nodiscard]] int messagesInFlight() const { return int(m_messages.size()); }
    void retranslate();

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

Q_SIGNALS:
    void nodeActivated(const QString& node);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Message {
        QList<QPointF> path;
        qreal progress = 0;
    };
    struct Lamp {
        QString node;
        QRectF rect;
        QRectF kubelet;
        QRectF proxy;
    };

    [[nodiscard]] QRectF boxOf(int index) const;
    [[nodiscard]] qreal busY() const;
    [[nodiscard]] QString explanation(const QString& component) const;
    [[nodiscard]] QList<QPointF> pathToApiserver(const QPointF& from, qreal fromBottom) const;
    void send(QList<QPointF> path, bool reverse);
    void fade(const QString& key);
    void layoutLamps();
    void advance();

    QHash<QString, qreal> m_glow;
    QStringList m_nodes;
    QSet<QString> m_notReady;
    QList<Lamp> m_lamps;
    int m_hiddenNodes = 0;
    bool m_compactLamps = false;
    QList<Message> m_messages;
    QTimer m_tick;
    QElapsedTimer m_clock;
};

} // namespace kubelab::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QListWidget>

namespace kubelab::ui {

/// The kinds a learner can drag onto the canvas. Each entry carries its Kind in the
/// `LabView::kKindMime` MIME data.
class Palette final : public QListWidget {
    Q_OBJECT
public:
    explicit Palette(QWidget* parent = nullptr);

    /// The kinds offered, in order.
    [[nodiscard]] static QStringList kinds();
    [[nodiscard]] QListWidgetItem* itemForKind(const QString& kind) const;
    void retranslate();

protected:
    [[nodiscard]] QStringList mimeTypes() const override;
    [[nodiscard]] QMimeData* mimeData(const QList<QListWidgetItem*>& items) const override;
};

} // namespace kubelab::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include "scenes/labsnapshot.h"

class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTreeView;

namespace kubelab::ui {

/// The story: what each component did, newest last, filterable; a click selects the object.
class StoryPanel final : public QWidget {
    Q_OBJECT
public:
    /// Rows kept; older ones are dropped.
    static constexpr int kMaxRows = 5000;

    explicit StoryPanel(QWidget* parent = nullptr);

    void append(const QList<scenes::StoryItem>& events);
    void clear();
    void focusFilter();
    void retranslate();
    [[nodiscard]] int rowCount() const;
    [[nodiscard]] QTreeView* view() const { return m_view; }
    [[nodiscard]] QLineEdit* filter() const { return m_filter; }

Q_SIGNALS:
    void objectActivated(const QString& kind, const QString& ns, const QString& name);

private:
    QLineEdit* m_filter = nullptr;
    QTreeView* m_view = nullptr;
    QStandardItemModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
};

} // namespace kubelab::ui

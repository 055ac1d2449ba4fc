// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTimer>
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
    /// Rows added per pass of the event loop, and the wall milliseconds a pass may take (less
    /// when the frame's share for such work is nearly spent, see scenes::FrameBudget): a burst
    /// of events fills the panel over a few frames instead of stalling one.
    static constexpr int kRowsPerPass = 100;
    static constexpr int kPassBudgetMs = 3;

    explicit StoryPanel(QWidget* parent = nullptr);

    void append(const QList<scenes::StoryItem>& events);
    void clear();
    void focusFilter();
    void retranslate();
    /// Rows shown so far (events still waiting for their pass are not counted).
    [[nodiscard]] int rowCount() const;
    /// Events received and not shown yet.
    [[nodiscard]] int pendingCount() const { return int(m_pending.size()); }
    [[nodiscard]] QTreeView* view() const { return m_view; }
    [[nodiscard]] QLineEdit* filter() const { return m_filter; }

Q_SIGNALS:
    void objectActivated(const QString& kind, const QString& ns, const QString& name);

private:
    void appendPass();

    QList<scenes::StoryItem> m_pending;
    /// Runs the next pass (`storyRows`).
    QTimer m_passTimer;
    QLineEdit* m_filter = nullptr;
    QTreeView* m_view = nullptr;
    QStandardItemModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
};

} // namespace kubelab::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/storypanel.h"

#include <algorithm>

#include <QElapsedTimer>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include "scenes/framebudget.h"
#include "ui/uilanguage.h"

namespace kubelab::ui {

namespace {
constexpr int kKindRole = Qt::UserRole + 1;
constexpr int kNamespaceRole = Qt::UserRole + 2;
constexpr int kNameRole = Qt::UserRole + 3;
constexpr int kEnglishRole = Qt::UserRole + 4;
constexpr int kChineseRole = Qt::UserRole + 5;

QString storyLine(const QStandardItem* what)
{
    const QString text = (explanationLanguage() == core::Language::Chinese ? what->data(kChineseRole)
                                                                            : what->data(kEnglishRole))
                             .toString();
    return what->data(Qt::UserRole).toString() + QStringLiteral(": ") + text;
}
} // namespace

StoryPanel::StoryPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("story"));
    m_passTimer.setObjectName(QStringLiteral("storyRows"));
    m_passTimer.setSingleShot(true);
    connect(&m_passTimer, &QTimer::timeout, this, &StoryPanel::appendPass);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("storyFilter"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);
    m_model = new QStandardItemModel(0, 4, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view = new QTreeView(this);
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->header()->setStretchLastSection(true);
    layout->addWidget(m_view, 1);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex& index) {
        const QModelIndex first = index.siblingAtColumn(0);
        Q_EMIT objectActivated(first.data(kKindRole).toString(), first.data(kNamespaceRole).toString(),
                               first.data(kNameRole).toString());
    });
    retranslate();
}

void StoryPanel::retranslate()
{
    m_filter->setPlaceholderText(tr("Filter the story (component, object, words)…  Ctrl+F"));
    m_model->setHorizontalHeaderLabels({tr("Time"), tr("Component"), tr("Object"), tr("What happened")});
    // Story events are told in the window's language (the catalogue keeps both).
    for (int row = 0; row < m_model->rowCount(); ++row)
        if (QStandardItem* what = m_model->item(row, 3)) {
            what->setText(storyLine(what));
            what->setToolTip(what->data(kEnglishRole).toString());
        }
}

void StoryPanel::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

int StoryPanel::rowCount() const
{
    return m_model->rowCount();
}

void StoryPanel::clear()
{
    m_pending.clear();
    m_model->removeRows(0, m_model->rowCount());
}

void StoryPanel::append(const QList<scenes::StoryItem>& events)
{
    m_pending.append(events);
    // Rows beyond what is kept would be dropped at once: skip them.
    if (m_pending.size() > kMaxRows)
        m_pending.remove(0, m_pending.size() - kMaxRows);
    if (!m_passTimer.isActive())
        m_passTimer.start(0);
}

void StoryPanel::appendPass()
{
    if (m_pending.isEmpty())
        return;
    const int budget = scenes::FrameBudget::take(kPassBudgetMs, m_passTimer);
    if (budget == 0)
        return;
    const scenes::FrameBudget::Slice slice;
    QElapsedTimer clock;
    clock.start();
    QScrollBar* bar = m_view->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 2;
    // Built without a view update per row.
    m_view->setUpdatesEnabled(false);
    qsizetype added = 0;
    for (; added < std::min<qsizetype>(kRowsPerPass, m_pending.size()) && clock.elapsed() < budget; ++added) {
        const scenes::StoryItem& e = m_pending[added];
        auto* time = new QStandardItem(scenes::formatClock(e.timeMs));
        time->setData(e.kind, kKindRole);
        time->setData(e.ns, kNamespaceRole);
        time->setData(e.name, kNameRole);
        time->setToolTip(tr("Revision %1").arg(e.revision));
        auto* component = new QStandardItem(e.component);
        QString object = e.kind + QLatin1Char('/') + e.name;
        if (!e.ns.isEmpty())
            object += QStringLiteral(" (%1)").arg(e.ns);
        auto* what = new QStandardItem;
        what->setData(e.action, Qt::UserRole);
        what->setData(e.message, kEnglishRole);
        what->setData(e.messageChinese.isEmpty() ? e.message : e.messageChinese, kChineseRole);
        what->setText(storyLine(what));
        what->setToolTip(e.message);
        m_model->appendRow({time, component, new QStandardItem(object), what});
    }
    m_pending.remove(0, added);
    if (m_model->rowCount() > kMaxRows)
        m_model->removeRows(0, m_model->rowCount() - kMaxRows);
    m_view->setUpdatesEnabled(true);
    if (atEnd)
        m_view->scrollToBottom();
    // The next pass after the frame's other work, not in the same stretch.
    if (!m_pending.isEmpty() && !m_passTimer.isActive())
        m_passTimer.start(1);
}

} // namespace kubelab::ui

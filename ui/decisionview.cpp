// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/decisionview.h"

#include <algorithm>
#include <string>
#include <vector>

#include <QFont>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/api/messages.h"
#include "core/api/object.h"
#include "core/scheduler/explanation.h"
#include "ui/uilanguage.h"

namespace kubelab::ui {

namespace {

using core::Json;

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

QString joinLines(const std::vector<std::string>& lines, std::size_t from = 0)
{
    QStringList out;
    for (std::size_t i = from; i < lines.size(); ++i)
        out << qs(lines[i]).toHtmlEscaped();
    return out.join(QStringLiteral("<br>"));
}

/// Feasible nodes first, best total first (the chosen one ahead of its ties), then the
/// nodes that failed, by name.
void rankNodes(std::vector<Json>& nodes, const std::string& chosen)
{
    std::stable_sort(nodes.begin(), nodes.end(), [&](const Json& a, const Json& b) {
        const bool fa = a.value("feasible", false);
        const bool fb = b.value("feasible", false);
        if (fa != fb)
            return fa;
        if (!fa)
            return a.value("name", "") < b.value("name", "");
        const auto ta = a.value("totalScore", std::int64_t{0});
        const auto tb = b.value("totalScore", std::int64_t{0});
        if (ta != tb)
            return ta > tb;
        return a.value("name", "") == chosen && b.value("name", "") != chosen;
    });
}

} // namespace

DecisionView::DecisionView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("decisionView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("decisionResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);
    // The table above, the words below; the learner moves the split.
    m_split = new QSplitter(Qt::Vertical, this);
    layout->addWidget(m_split, 1);
    m_table = new QTableWidget(m_split);
    m_table->setObjectName(QStringLiteral("decisionTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setWordWrap(false);
    auto* scroll = new QScrollArea(m_split);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* words = new QWidget(scroll);
    auto* wordsLayout = new QVBoxLayout(words);
    wordsLayout->setContentsMargins(0, 0, 0, 0);
    scroll->setWidget(words);
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 1);
    m_summary = new QLabel(words);
    m_summary->setObjectName(QStringLiteral("decisionSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setStyleSheet(QStringLiteral("QLabel { background: rgba(86,180,233,30); border: 1px solid #56B4E9;"
                                            " border-radius: 4px; padding: 4px; }"));
    wordsLayout->addWidget(m_summary);
    m_oldNames = new QLabel(words);
    m_oldNames->setObjectName(QStringLiteral("decisionOldNames"));
    m_oldNames->setWordWrap(true);
    m_oldNames->setTextFormat(Qt::RichText);
    m_oldNames->setTextInteractionFlags(Qt::TextSelectableByMouse);
    wordsLayout->addWidget(m_oldNames);
    wordsLayout->addStretch();
    retranslate();
}

void DecisionView::setDecision(const QString& decision, const QString& nominatedNode)
{
    m_decision = decision;
    m_nominated = nominatedNode;
    rebuild();
}

void DecisionView::retranslate()
{
    rebuild();
}

void DecisionView::rebuild()
{
    const core::Language language = explanationLanguage();
    const Json decision = m_decision.isEmpty() ? Json() : Json::parse(m_decision.toStdString(), nullptr, false);
    if (!decision.is_object()) {
        m_result->setText(tr("The scheduler has no decision to show for this object. Select a pod: the table shows "
                             "how the scheduler filtered and scored the nodes for it."));
        m_summary->hide();
        m_oldNames->hide();
        m_table->clear();
        m_table->setRowCount(0);
        m_table->setColumnCount(0);
        m_split->hide();
        return;
    }
    const std::string chosen = decision.value("selectedNode", "");
    if (!chosen.empty())
        m_result->setText(tr("<b>%1</b> was scheduled to <b>%2</b> by %3.")
                              .arg(qs(decision.value("pod", "")).toHtmlEscaped(), qs(chosen).toHtmlEscaped(),
                                   qs(decision.value("schedulerName", "")).toHtmlEscaped()));
    else
        m_result->setText(tr("<b>%1</b> could not be scheduled by %2.")
                              .arg(qs(decision.value("pod", "")).toHtmlEscaped(),
                                   qs(decision.value("schedulerName", "")).toHtmlEscaped()));
    // The FitError as kube-scheduler wrote it (the inspector's why line shows it too).
    m_result->setToolTip(qs(decision.value("message", "")));
    m_split->show();
    const std::vector<std::string> summary =
        scheduler::explainDecision(decision, m_nominated.toStdString(), language);
    m_summary->setText(QStringLiteral("<b>%1</b><br>%2") // no-tr: markup around the catalogue's text
                           .arg(qs(core::formatMessage("why.inPlainWords", Json::object(), language)).toHtmlEscaped(),
                                joinLines(summary)));
    m_summary->show();
    const std::vector<std::string> legacy = scheduler::legacyNameLines(decision, language);
    m_oldNames->setVisible(!legacy.empty());
    if (!legacy.empty())
        m_oldNames->setText(QStringLiteral("<i>%1</i><br>%2") // no-tr: markup around the catalogue's text
                                .arg(qs(legacy.front()).toHtmlEscaped(), joinLines(legacy, 1)));

    // Columns: node, filters, one per score plugin (in the profile's order), total.
    std::vector<Json> nodes;
    for (const Json& n : decision.value("nodes", Json::array()))
        nodes.push_back(n);
    rankNodes(nodes, chosen);
    QStringList plugins;
    for (const Json& n : nodes)
        for (const Json& s : n.value("scores", Json::array()))
            if (const QString p = qs(s.value("plugin", "")); !plugins.contains(p))
                plugins << p;
    m_table->clear();
    m_table->setColumnCount(int(plugins.size()) + 3);
    m_table->setRowCount(int(nodes.size()));
    QStringList headers{tr("Node"), tr("Filters")};
    headers << plugins << tr("Total");
    m_table->setHorizontalHeaderLabels(headers);
    m_table->horizontalHeaderItem(1)->setToolTip(
        tr("Filter plugins: a node must pass every one of them to be considered"));
    for (int c = 0; c < plugins.size(); ++c) {
        const std::string plugin = plugins[c].toStdString();
        QString tip = tr("Score plugin %1: raw score → normalized score (0–100) × weight").arg(plugins[c]);
        if (core::findMessage("plugin." + plugin))
            tip += QLatin1Char('\n') + qs(core::formatMessage("plugin." + plugin, Json::object(), language));
        QStringList olds;
        for (std::string_view o : scheduler::legacyNamesOf(plugin))
            olds << qs(std::string(o));
        if (!olds.isEmpty())
            tip += QLatin1Char('\n') + tr("Older names: %1").arg(olds.join(QStringLiteral(", ")));
        m_table->horizontalHeaderItem(c + 2)->setToolTip(tip);
    }
    m_table->horizontalHeaderItem(int(plugins.size()) + 2)->setToolTip(
        tr("Weighted total: the sum of normalized score × weight; the highest total wins"));

    const QColor grey = palette().color(QPalette::Disabled, QPalette::Text);
    const QColor chosenBackground(0x00, 0x9E, 0x73, 60);
    for (int row = 0; row < int(nodes.size()); ++row) {
        const Json& n = nodes[std::size_t(row)];
        const std::string name = n.value("name", "");
        const bool feasible = n.value("feasible", false);
        const bool isChosen = !chosen.empty() && name == chosen;
        std::vector<QTableWidgetItem*> cells;
        auto* nodeCell = new QTableWidgetItem(isChosen ? tr("%1 (chosen)").arg(qs(name)) : qs(name));
        nodeCell->setData(Qt::UserRole, qs(name));
        m_table->setItem(row, 0, nodeCell);
        cells.push_back(nodeCell);
        QString verdict;
        QStringList tips;
        for (const Json& f : n.value("filters", Json::array())) {
            QStringList reasons;
            for (const Json& r : f.value("reasons", Json::array()))
                if (r.is_string())
                    reasons << qs(r.get<std::string>());
            if (verdict.isEmpty())
                verdict = tr("✗ %1: %2").arg(qs(f.value("plugin", "")), reasons.join(QStringLiteral("; ")));
            tips << QStringLiteral("%1 (%2): %3").arg(qs(f.value("plugin", "")), qs(f.value("code", "")),
                                                       reasons.join(QStringLiteral("; ")));
        }
        if (feasible)
            verdict = tr("✓ passed every filter");
        auto* filterCell = new QTableWidgetItem(verdict);
        filterCell->setToolTip(tips.join(QLatin1Char('\n')));
        m_table->setItem(row, 1, filterCell);
        cells.push_back(filterCell);
        for (const Json& s : n.value("scores", Json::array())) {
            const int column = int(plugins.indexOf(qs(s.value("plugin", "")))) + 2;
            const auto raw = s.value("rawScore", std::int64_t{0});
            const auto normalized = s.value("score", std::int64_t{0});
            const auto weight = s.value("weight", std::int64_t{1});
            auto* cell = new QTableWidgetItem(QStringLiteral("%1 → %2 ×%3").arg(raw).arg(normalized).arg(weight));
            cell->setToolTip(tr("raw %1, normalized %2, weight %3: adds %4 to the total")
                                 .arg(raw)
                                 .arg(normalized)
                                 .arg(weight)
                                 .arg(normalized * weight));
            cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column, cell);
            cells.push_back(cell);
        }
        auto* total = new QTableWidgetItem(n.contains("totalScore") ? QString::number(n.value("totalScore", std::int64_t{0}))
                                                                   : QStringLiteral("–"));
        total->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, int(plugins.size()) + 2, total);
        cells.push_back(total);
        for (int c = 0; c < m_table->columnCount(); ++c)
            if (!m_table->item(row, c)) {
                auto* empty = new QTableWidgetItem;
                m_table->setItem(row, c, empty);
                cells.push_back(empty);
            }
        for (QTableWidgetItem* cell : cells) {
            if (!feasible) {
                cell->setForeground(grey);
                QFont f = cell->font();
                f.setItalic(true);
                cell->setFont(f);
            }
            if (isChosen) {
                cell->setBackground(chosenBackground);
                QFont f = cell->font();
                f.setBold(true);
                cell->setFont(f);
            }
        }
    }
}

} // namespace kubelab::ui

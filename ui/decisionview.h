// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QWidget>

class QLabel;
class QSplitter;
class QTableWidget;

namespace kubelab::ui {

/// The scheduler's decision about one pod (`klab why pod/NAME -o json`), as a node x plugin
/// table: each node's filter verdict and reason (failed nodes greyed), each score plugin's
/// raw score, normalized score and weight, the weighted total, the chosen node highlighted;
/// above it a plain-language summary in the window's language, with the plugins' older
/// names. It shows values handed to it, never the engine.
class DecisionView final : public QWidget {
    Q_OBJECT
public:
    explicit DecisionView(QWidget* parent = nullptr);

    /// `decision` is the JSON document of `klab why -o json` (empty: no decision);
    /// `nominatedNode` the pod's status.nominatedNodeName.
    void setDecision(const QString& decision, const QString& nominatedNode);
    void retranslate();

    [[nodiscard]] QTableWidget* table() const { return m_table; }
    [[nodiscard]] QLabel* summaryLabel() const { return m_summary; }
    [[nodiscard]] QLabel* oldNamesLabel() const { return m_oldNames; }

private:
    void rebuild();

    QString m_decision;
    QString m_nominated;
    QLabel* m_result = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_oldNames = nullptr;
    QTableWidget* m_table = nullptr;
    QSplitter* m_split = nullptr;
};

} // namespace kubelab::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include "ui/engineworker.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace kubelab::ui {

class DecisionView;
class YamlHighlighter;

/// The inspector: the selected object's YAML (editable, applied through the API server,
/// with the error pointed at its line and column), `describe` and its events, and a
/// plain "why" line for a pod that waits.
class Inspector final : public QWidget {
    Q_OBJECT
public:
    explicit Inspector(QWidget* parent = nullptr);

    void showInspection(const Inspection& inspection);
    /// Shows why a pod waits (the scheduler's message), or hides the line.
    void setWhy(const QString& why);
    /// The outcome of Apply: on failure, the message and where it points.
    void showApplyResult(bool ok, const QString& message, int line, int column, const QString& field);
    /// Opens a manifest for editing (nothing selected).
    void editManifest(const QString& yaml);
    void setReadOnly(bool readOnly);
    /// Brings a page to the front: 0 YAML (the editor focused), 1 describe, 2 events.
    void showPage(int page);
    void retranslate();

    [[nodiscard]] QPlainTextEdit* yamlEditor() const { return m_yaml; }
    [[nodiscard]] QLabel* errorLabel() const { return m_error; }
    [[nodiscard]] QPushButton* applyButton() const { return m_apply; }
    [[nodiscard]] DecisionView* decisionView() const { return m_decision; }
    /// Brings the scheduler's decision to the front (a pod was selected).
    void showDecision();
    [[nodiscard]] QString currentKind() const { return m_current.kind; }
    [[nodiscard]] QString currentName() const { return m_current.name; }

Q_SIGNALS:
    void applyRequested(const QString& yaml);
    void deleteRequested(const QString& kind, const QString& ns, const QString& name);

private:
    void markError(int line, int column);
    [[nodiscard]] int lineOfField(const QString& field) const;

    Inspection m_current;
    QLabel* m_title = nullptr;
    QLabel* m_why = nullptr;
    QTabWidget* m_tabs = nullptr;
    QPlainTextEdit* m_yaml = nullptr;
    QPlainTextEdit* m_describe = nullptr;
    QPlainTextEdit* m_events = nullptr;
    DecisionView* m_decision = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_delete = nullptr;
    QPushButton* m_revert = nullptr;
    YamlHighlighter* m_highlighter = nullptr;
    bool m_readOnly = false;
};

} // namespace kubelab::ui

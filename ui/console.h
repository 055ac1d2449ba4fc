// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace kubelab::ui {

/// The klab console: a prompt with history (Up/Down) and completion (Tab) of verbs, kinds
/// and object names; each line runs as `klab` would against the open lab.
class Console final : public QWidget {
    Q_OBJECT
public:
    explicit Console(QWidget* parent = nullptr);

    /// Shows a command's output under its prompt line.
    void showResult(const QString& line, const QString& out, const QString& err, int exitCode);
    /// A note from the window (what a drop applied, and so on), in the output.
    void note(const QString& text);
    /// The object names offered by completion.
    void setNames(const QStringList& names);
    void setBusy(bool busy);
    void focusPrompt();
    void retranslate();

    [[nodiscard]] QLineEdit* input() const { return m_input; }
    [[nodiscard]] QPlainTextEdit* output() const { return m_output; }
    [[nodiscard]] const QStringList& history() const { return m_history; }
    /// Completes the word under the cursor (what Tab does).
    void complete();

Q_SIGNALS:
    void commandEntered(const QString& line);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void submit();
    [[nodiscard]] QStringList candidates(const QStringList& before, const QString& prefix) const;

    QPlainTextEdit* m_output = nullptr;
    QLabel* m_prompt = nullptr;
    QLineEdit* m_input = nullptr;
    QStringList m_history;
    int m_historyIndex = -1;
    QStringList m_verbs;
    QStringList m_kinds;
    QStringList m_names;
};

} // namespace kubelab::ui

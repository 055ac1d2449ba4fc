// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include "ui/lessonstate.h"

class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTextBrowser;

namespace kubelab::ui {

/// The lesson panel: the built-in lessons to start (or a lesson file to open), and the
/// running lesson's progress, the current step's text and tasks, hints, and each check's
/// verdict. It holds no engine: its buttons ask (`startRequested`, `checkRequested`, ...)
/// and the engine worker answers with a `LessonState` (`showState`), the same lesson and
/// progress `klab lesson status` reads from the lab.
class LessonPanel final : public QWidget {
    Q_OBJECT
public:
    explicit LessonPanel(QWidget* parent = nullptr);

    void setLessons(const QList<LessonEntry>& lessons);
    void showState(const LessonState& state);
    /// Texts in the window's language (the lesson's own texts in its matching language).
    void setChinese(bool chinese);
    void retranslate();
    [[nodiscard]] const LessonState& state() const { return m_state; }

    [[nodiscard]] QComboBox* lessonBox() const { return m_lessons; }
    [[nodiscard]] QPushButton* startButton() const { return m_start; }
    [[nodiscard]] QPushButton* openButton() const { return m_open; }
    [[nodiscard]] QPushButton* checkButton() const { return m_check; }
    [[nodiscard]] QPushButton* hintButton() const { return m_hint; }
    [[nodiscard]] QPushButton* nextButton() const { return m_next; }
    [[nodiscard]] QListWidget* checkList() const { return m_checks; }
    [[nodiscard]] QProgressBar* progressBar() const { return m_progress; }
    [[nodiscard]] QLabel* progressLabel() const { return m_progressText; }
    [[nodiscard]] QTextBrowser* stepView() const { return m_step; }

Q_SIGNALS:
    /// Start a lesson: a built-in id or a lesson file's path.
    void startRequested(const QString& lesson);
    void checkRequested();
    void hintRequested();
    void nextRequested();

private:
    void render();
    void openLessonFile();

    QComboBox* m_lessons = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_open = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_progressText = nullptr;
    QProgressBar* m_progress = nullptr;
    QTextBrowser* m_step = nullptr;
    QLabel* m_checksTitle = nullptr;
    QListWidget* m_checks = nullptr;
    QLabel* m_verdict = nullptr;
    QPushButton* m_check = nullptr;
    QPushButton* m_hint = nullptr;
    QPushButton* m_next = nullptr;
    QList<LessonEntry> m_entries;
    LessonState m_state;
    bool m_chinese = false;
};

} // namespace kubelab::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/lessonpanel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "scenes/items/podstyle.h"

namespace kubelab::ui {

namespace {

/// A lesson text as a Markdown block: its line breaks are the file's wrapping, its
/// `backticks` mark commands.
QString block(QString text)
{
    return text.trimmed();
}

/// Markdown's list item: continuation lines indented under the first.
QString item(const QString& text)
{
    QString out = QStringLiteral("- ") + block(text);
    out.replace(QLatin1Char('\n'), QStringLiteral("\n  "));
    return out + QLatin1Char('\n');
}

} // namespace

LessonPanel::LessonPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("lessonPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto* pick = new QHBoxLayout;
    m_lessons = new QComboBox(this);
    m_lessons->setObjectName(QStringLiteral("lessonBox"));
    m_lessons->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_lessons->setMinimumContentsLength(16);
    pick->addWidget(m_lessons, 1);
    m_start = new QPushButton(this);
    m_start->setObjectName(QStringLiteral("lessonStart"));
    pick->addWidget(m_start);
    m_open = new QPushButton(this);
    m_open->setObjectName(QStringLiteral("lessonOpen"));
    m_open->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    pick->addWidget(m_open);
    layout->addLayout(pick);

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("lessonTitle"));
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_title->setFont(bold);
    layout->addWidget(m_title);
    m_progressText = new QLabel(this);
    m_progressText->setObjectName(QStringLiteral("lessonProgressText"));
    m_progressText->setWordWrap(true);
    layout->addWidget(m_progressText);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("lessonProgress"));
    m_progress->setTextVisible(true);
    layout->addWidget(m_progress);

    m_step = new QTextBrowser(this);
    m_step->setObjectName(QStringLiteral("lessonStep"));
    m_step->setOpenLinks(false);
    layout->addWidget(m_step, 3);

    m_checksTitle = new QLabel(this);
    m_checksTitle->setFont(bold);
    layout->addWidget(m_checksTitle);
    m_checks = new QListWidget(this);
    m_checks->setObjectName(QStringLiteral("lessonChecks"));
    m_checks->setWordWrap(true);
    m_checks->setSelectionMode(QAbstractItemView::NoSelection);
    layout->addWidget(m_checks, 1);
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("lessonVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_verdict);

    auto* buttons = new QHBoxLayout;
    m_check = new QPushButton(this);
    m_check->setObjectName(QStringLiteral("lessonCheck"));
    m_hint = new QPushButton(this);
    m_hint->setObjectName(QStringLiteral("lessonHint"));
    m_next = new QPushButton(this);
    m_next->setObjectName(QStringLiteral("lessonNext"));
    m_next->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    buttons->addWidget(m_check);
    buttons->addWidget(m_hint);
    buttons->addStretch(1);
    buttons->addWidget(m_next);
    layout->addLayout(buttons);

    connect(m_start, &QPushButton::clicked, this, [this] {
        const QString id = m_lessons->currentData().toString();
        if (!id.isEmpty())
            Q_EMIT startRequested(id);
    });
    connect(m_open, &QPushButton::clicked, this, &LessonPanel::openLessonFile);
    connect(m_check, &QPushButton::clicked, this, &LessonPanel::checkRequested);
    connect(m_hint, &QPushButton::clicked, this, &LessonPanel::hintRequested);
    connect(m_next, &QPushButton::clicked, this, &LessonPanel::nextRequested);
    retranslate();
}

void LessonPanel::setLessons(const QList<LessonEntry>& lessons)
{
    m_entries = lessons;
    render();
}

void LessonPanel::showState(const LessonState& state)
{
    // A lesson that appears is the one chosen in the list.
    if (state.active && state.id != m_state.id)
        if (const int index = m_lessons->findData(state.id); index >= 0)
            m_lessons->setCurrentIndex(index);
    m_state = state;
    render();
}

void LessonPanel::setChinese(bool chinese)
{
    m_chinese = chinese;
    render();
}

void LessonPanel::retranslate()
{
    m_start->setText(tr("Start"));
    m_start->setToolTip(tr("Start the chosen lesson: its lab is loaded and its first step shown "
                           "(as klab lesson start)"));
    m_open->setText(tr("Open…"));
    m_open->setToolTip(tr("Start a lesson from a lesson file (YAML) or a lesson folder"));
    m_lessons->setToolTip(tr("The built-in lessons, in the order of the syllabus"));
    m_check->setText(tr("Check"));
    m_check->setToolTip(tr("Check the cluster against this step's checks (as klab lesson check)"));
    m_hint->setText(tr("Hint"));
    m_next->setText(tr("Next"));
    m_next->setToolTip(tr("On to the next step, once every check passes (as klab lesson next)"));
    m_checksTitle->setText(tr("Checks"));
    render();
}

void LessonPanel::openLessonFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a lesson"), QString(),
                                                      tr("Lessons (*.yaml *.yml);;All files (*)"));
    if (!path.isEmpty())
        Q_EMIT startRequested(path);
}

void LessonPanel::render()
{
    // The list, keeping the choice (the running lesson's by default).
    const QString chosen = m_lessons->currentData().toString();
    m_lessons->clear();
    for (const LessonEntry& e : std::as_const(m_entries))
        m_lessons->addItem(tr("%1 (%2)").arg(e.title.in(m_chinese), e.id), e.id);
    int index = m_lessons->findData(chosen.isEmpty() ? m_state.id : chosen);
    m_lessons->setCurrentIndex(std::max(0, index));
    m_start->setEnabled(!m_entries.isEmpty());

    const LessonState& s = m_state;
    const bool running = s.active && !s.complete();
    m_check->setEnabled(running);
    m_hint->setEnabled(running && s.hintCount > 0);
    m_hint->setToolTip(s.hintCount > 0 ? tr("Show one more hint (as klab lesson hint)") : tr("This step has no hints"));
    m_next->setEnabled(running && s.passed());
    m_progress->setVisible(s.active);
    m_progress->setRange(0, std::max(1, s.steps));
    m_progress->setValue(s.active ? s.step : 0);
    m_progress->setFormat(tr("%v of %m steps done"));

    if (!s.active) {
        m_title->setText(tr("No lesson runs in this lab"));
        m_progressText->setText(tr("Choose a lesson and press Start. Its lab is loaded, then each step says what to "
                                   "do and checks the cluster when you press Check."));
        m_step->clear();
        m_checks->clear();
        m_verdict->setText(s.error);
        return;
    }
    m_title->setText(s.title.in(m_chinese));
    QString markdown;
    if (s.complete()) {
        m_progressText->setText(tr("Complete: all %n step(s) done", nullptr, s.steps));
        markdown = tr("**Lesson complete: %1. Well done!**").arg(s.title.in(m_chinese)) + QStringLiteral("\n\n") +
                   tr("Choose another lesson above and press Start.") + QLatin1Char('\n');
    } else {
        m_progressText->setText(tr("Step %1 of %2: %3").arg(s.step + 1).arg(s.steps).arg(s.stepTitles.value(s.step).in(m_chinese)));
        if (s.step == 0 && !s.text.en.isEmpty())
            markdown += block(s.text.in(m_chinese)) + QStringLiteral("\n\n");
        if (!s.stepText.en.isEmpty())
            markdown += block(s.stepText.in(m_chinese)) + QStringLiteral("\n\n");
        if (!s.tasks.isEmpty()) {
            markdown += QStringLiteral("**") + tr("Tasks") + QStringLiteral("**\n\n");
            for (const LessonWords& t : s.tasks)
                markdown += item(t.in(m_chinese));
            markdown += QLatin1Char('\n');
        }
        for (int i = 0; i < s.hints.size(); ++i)
            markdown += QStringLiteral("> ") +
                        tr("Hint %1/%2: %3").arg(i + 1).arg(s.hintCount).arg(block(s.hints[i].in(m_chinese)))
                            .replace(QLatin1Char('\n'), QStringLiteral("\n> ")) +
                        QStringLiteral("\n\n");
    }
    m_step->setMarkdown(markdown);

    m_checks->clear();
    int failed = 0;
    for (const LessonCheckVerdict& c : s.checks) {
        auto* row = new QListWidgetItem(m_checks);
        if (c.passed) {
            row->setText(tr("Passed: %1").arg(c.description.in(m_chinese)));
            row->setIcon(style()->standardIcon(QStyle::SP_DialogApplyButton));
            row->setForeground(scenes::okabeito::bluishGreen.darker(130));
        } else {
            ++failed;
            row->setText(tr("Failed: %1 (%2)").arg(c.description.in(m_chinese), c.reason.in(m_chinese)));
            row->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
            row->setForeground(scenes::okabeito::vermilion);
        }
        row->setData(Qt::UserRole, c.passed);
    }
    QString verdict;
    if (!s.error.isEmpty())
        verdict = s.error;
    else if (s.complete())
        verdict.clear();
    else if (!s.checked)
        verdict = tr("Do the tasks, then press Check.");
    else if (failed == 0)
        verdict = tr("All %n check(s) pass. Press Next to go on.", nullptr, int(s.checks.size()));
    else
        verdict = tr("%1 of %n check(s) fail.", nullptr, int(s.checks.size())).arg(failed);
    if (s.nextRefused)
        verdict += QLatin1Char(' ') + tr("Next waits until every check passes.");
    m_verdict->setText(verdict);
}

} // namespace kubelab::ui

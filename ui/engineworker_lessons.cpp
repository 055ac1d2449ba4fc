// SPDX-License-Identifier: GPL-3.0-or-later
// The engine worker's lesson commands: the same core code as `klab lesson start|status|
// check|hint|next`, on the worker's thread, answered with `LessonState` values.
#include "ui/engineworker.h"

#include <algorithm>
#include <filesystem>

#include "core/lessons/lessoncheck.h"
#include "core/lessons/lessonprogress.h"
#include "core/sim/engine.h"

namespace kubelab::ui {

namespace {

LessonWords words(const core::LessonText& text)
{
    return {QString::fromStdString(text.en), QString::fromStdString(text.zh)};
}

LessonWords words(const std::string& en, const std::string& zh)
{
    return {QString::fromStdString(en), QString::fromStdString(zh)};
}

/// A lesson named by a path rather than an id (as `klab lesson start` tells them apart).
bool looksLikePath(const std::string& arg)
{
    std::error_code ec;
    return arg.find('/') != std::string::npos || arg.ends_with(".yaml") || arg.ends_with(".yml") ||
           std::filesystem::exists(arg, ec);
}

} // namespace

LessonState EngineWorker::lessonState(Verdicts verdicts) const
{
    LessonState state;
    if (!m_engine)
        return state;
    auto progress = core::lessonProgress(*m_engine);
    if (!progress) {
        state.error = QString::fromStdString(progress.error().toString());
        return state;
    }
    if (!*progress)
        return state;
    const core::LessonProgress& p = **progress;
    state.active = true;
    state.id = QString::fromStdString(p.lesson.id);
    state.title = words(p.lesson.title);
    state.text = words(p.lesson.text);
    state.step = int(p.step);
    state.steps = int(p.lesson.steps.size());
    for (const core::LessonStep& s : p.lesson.steps)
        state.stepTitles << words(s.title);
    if (p.complete())
        return state;
    const core::LessonStep& step = p.lesson.steps[p.step];
    state.stepText = words(step.text);
    for (const core::LessonText& t : step.tasks)
        state.tasks << words(t);
    state.hintCount = int(step.hints.size());
    for (std::size_t i = 0; i < std::min(p.hintsShown, step.hints.size()); ++i)
        state.hints << words(step.hints[i]);
    if (verdicts == Verdicts::Evaluate) {
        const auto en = core::evaluateStep(*m_engine, step, core::Language::English);
        const auto zh = core::evaluateStep(*m_engine, step, core::Language::Chinese);
        for (std::size_t i = 0; i < en.size() && i < zh.size(); ++i)
            state.checks << LessonCheckVerdict{en[i].passed, words(en[i].description, zh[i].description),
                                               words(en[i].reason, zh[i].reason)};
        state.checked = true;
    }
    return state;
}

void EngineWorker::listLessons()
{
    QList<LessonEntry> entries;
    guarded("listLessons", [&] {
        for (const core::Lesson& l : core::builtinLessons())
            entries << LessonEntry{QString::fromStdString(l.id), QString::fromStdString(l.topic), words(l.title)};
    });
    Q_EMIT lessonsListed(entries);
}

void EngineWorker::startLessonUnguarded(const QString& name)
{
    const std::string arg = name.toStdString();
    auto lesson = looksLikePath(arg) ? core::loadLessonFile(arg) : core::builtinLesson(arg);
    if (!lesson) {
        LessonState state = lessonState(Verdicts::Skip);
        state.error = QString::fromStdString(lesson.error().toString());
        Q_EMIT lessonChanged(state);
        return;
    }
    // A lab in memory is nobody else's: the lesson gets a new one, as a new lab from a
    // scenario would. A lab file gets the lesson itself, as `klab --lab FILE lesson start`.
    if (!m_engine || m_builder.snapshot().labPath.isEmpty()) {
        openLabUnguarded(QString(), QString(), true);
        if (!m_engine)
            return;
    }
    if (m_viewRevision != 0)
        scrubToUnguarded(0);
    if (auto s = core::startLesson(*m_engine, *lesson); !s) {
        m_engine->rollback();
        LessonState state = lessonState(Verdicts::Skip);
        state.error = QString::fromStdString(s.error().toString());
        Q_EMIT lessonChanged(state);
        return;
    }
    // klab settles a write for five virtual minutes before it commits; so does the lesson's lab.
    m_engine->settle(5 * core::kMinute);
    m_clockMoved = true;
    commit();
    scheduleFrame();
    Q_EMIT lessonChanged(lessonState(Verdicts::Skip));
}

void EngineWorker::lessonHintUnguarded()
{
    if (!m_engine)
        return;
    auto progress = core::lessonProgress(*m_engine);
    if (progress && *progress && !(*progress)->complete()) {
        core::LessonProgress& p = **progress;
        // Each hint shows one more; once all are shown, all of them again (klab's rule).
        const std::size_t hints = p.lesson.steps[p.step].hints.size();
        if (hints > 0 && m_viewRevision == 0) {
            p.hintsShown = std::min(p.hintsShown + 1, hints);
            core::saveLessonProgress(*m_engine, p);
            commit();
        }
    }
    Q_EMIT lessonChanged(lessonState(Verdicts::Skip));
}

void EngineWorker::nextLessonStepUnguarded()
{
    if (!m_engine)
        return;
    auto progress = core::lessonProgress(*m_engine);
    if (!progress || !*progress || (*progress)->complete() || m_viewRevision != 0) {
        Q_EMIT lessonChanged(lessonState(Verdicts::Skip));
        return;
    }
    core::LessonProgress& p = **progress;
    const auto results = core::evaluateStep(*m_engine, p.lesson.steps[p.step], core::Language::English);
    if (!std::all_of(results.begin(), results.end(), [](const core::CheckOutcome& r) { return r.passed; })) {
        LessonState state = lessonState(Verdicts::Evaluate);
        state.nextRefused = true;
        Q_EMIT lessonChanged(state);
        return;
    }
    ++p.step;
    p.hintsShown = 0;
    core::saveLessonProgress(*m_engine, p);
    commit();
    Q_EMIT lessonChanged(lessonState(Verdicts::Skip));
}

void EngineWorker::startLesson(const QString& lesson)
{
    guarded("startLesson", [&] { startLessonUnguarded(lesson); });
}

void EngineWorker::lessonStatus()
{
    guarded("lessonStatus", [&] { Q_EMIT lessonChanged(lessonState(Verdicts::Skip)); });
}

void EngineWorker::checkLesson()
{
    guarded("checkLesson", [&] { Q_EMIT lessonChanged(lessonState(Verdicts::Evaluate)); });
}

void EngineWorker::lessonHint()
{
    guarded("lessonHint", [&] { lessonHintUnguarded(); });
}

void EngineWorker::nextLessonStep()
{
    guarded("nextLessonStep", [&] { nextLessonStepUnguarded(); });
}

} // namespace kubelab::ui

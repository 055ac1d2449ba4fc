// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lessons/lessonprogress.h"

#include "core/controllers/labconfiguration.h"
#include "core/sim/engine.h"
#include "core/sim/scenarios.h"

namespace kubelab::core {

namespace {

constexpr const char* kSource = "lesson/source";
constexpr const char* kFile = "lesson/file";
constexpr const char* kStep = "lesson/step";
constexpr const char* kHints = "lesson/hints";

std::size_t number(const std::optional<std::string>& text)
{
    if (!text || text->empty() || text->find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return static_cast<std::size_t>(std::stoull(*text));
}

} // namespace

Result<std::optional<LessonProgress>> lessonProgress(const Engine& engine)
{
    auto source = engine.labSetting(kSource);
    if (!source || source->empty())
        return std::optional<LessonProgress>();
    auto lesson = parseLesson(*source, engine.labSetting(kFile).value_or("lesson"), {}, LabFiles::Skip);
    if (!lesson)
        return std::unexpected(lesson.error());
    LessonProgress p;
    p.lesson = std::move(*lesson);
    p.step = std::min(number(engine.labSetting(kStep)), p.lesson.steps.size());
    p.hintsShown = number(engine.labSetting(kHints));
    return std::optional<LessonProgress>(std::move(p));
}

Status startLesson(Engine& engine, const Lesson& lesson)
{
    if (!lesson.scenario.empty())
        if (auto s = loadScenario(engine, lesson.scenario); !s)
            return s;
    RequestContext ctx;
    for (const Json& object : lesson.manifests)
        if (isLabConfiguration(object)) {
            if (auto r = applyLabConfiguration(engine, object); !r)
                return std::unexpected(r.error());
        } else if (auto r = engine.apply(object, ctx); !r) {
            return std::unexpected(r.error());
        }
    engine.setLabSetting(kSource, lesson.source);
    engine.setLabSetting(kFile, lesson.file);
    saveLessonProgress(engine, LessonProgress{lesson, 0, 0});
    return {};
}

void saveLessonProgress(Engine& engine, const LessonProgress& progress)
{
    engine.setLabSetting(kStep, std::to_string(progress.step));
    engine.setLabSetting(kHints, std::to_string(progress.hintsShown));
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <optional>

#include "core/api/error.h"
#include "core/lessons/lesson.h"

namespace kubelab::core {

class Engine;

/// The lesson a lab is running and how far the learner got. It lives in the lab's
/// settings (the lesson file's text with it), so a lab handed out carries its lesson and
/// every `klab` run, and the GUI, see the same progress.
struct LessonProgress {
    Lesson lesson;
    std::size_t step = 0;        ///< the current step; `lesson.steps.size()` when complete
    std::size_t hintsShown = 0;  ///< hints of the current step shown so far

    [[nodiscard]] bool complete() const { return step >= lesson.steps.size(); }
};

/// The lab's lesson, or nothing when no lesson was started in it.
[[nodiscard]] Result<std::optional<LessonProgress>> lessonProgress(const Engine& engine);

/// Loads the lesson's lab (its scenario, then its manifests, as the cluster admin) and
/// makes it the lab's lesson at step 1. The caller settles and commits, or rolls back.
[[nodiscard]] Status startLesson(Engine& engine, const Lesson& lesson);

/// Records the learner's place (the caller commits).
void saveLessonProgress(Engine& engine, const LessonProgress& progress);

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/api/language.h"
#include "core/lessons/lesson.h"

namespace kubelab::core {

class Engine;

/// The verdict of one check: what it asks (in the chosen language) and, when it fails, why.
struct CheckOutcome {
    bool passed = false;
    std::string description;
    std::string reason;
};

/// Evaluates one check against the cluster as it is now (reads only).
[[nodiscard]] CheckOutcome evaluateCheck(const Engine& engine, const LessonCheck& check, Language language);
[[nodiscard]] std::vector<CheckOutcome> evaluateStep(const Engine& engine, const LessonStep& step, Language language);

/// What a check asks, as a sentence (`deployment web: availableReplicas = 3`): the check's
/// own title when it has one.
[[nodiscard]] std::string describeCheck(const LessonCheck& check, Language language);

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/language.h"

namespace kubelab::core {

class Engine;

/// A built-in lab as compiled in: its name and YAML text.
struct ScenarioSource {
    std::string_view name;
    std::string_view yaml;
};
[[nodiscard]] std::span<const ScenarioSource> scenarioSources();

/// A built-in lab: a `kind: Scenario` header (name, title in English and Chinese) followed
/// by the manifests that make it (Nodes with their capacity in `status`).
struct Scenario {
    std::string name;
    std::string titleEnglish;
    std::string titleChinese;

    [[nodiscard]] const std::string& title(Language language) const
    {
        return language == Language::Chinese && !titleChinese.empty() ? titleChinese : titleEnglish;
    }
};

[[nodiscard]] std::vector<Scenario> listScenarios();
/// Applies the scenario's manifests to the lab (as kubeadm's admin) and settles it.
[[nodiscard]] Status loadScenario(Engine& engine, std::string_view name);

} // namespace kubelab::core

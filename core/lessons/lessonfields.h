// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/api/error.h"

namespace kubelab::core {

/// Whether `key` names a condition a check may state by name (`phase`, `availableReplicas`,
/// `labels.app`, ...), for any kind.
[[nodiscard]] bool isConditionField(std::string_view key);

/// The jsonpath a named field reads on objects of `kind` (`image` on a Deployment is
/// `{.spec.template.spec.containers[0].image}`), or nothing when the field does not apply
/// to the kind or is evaluated specially.
[[nodiscard]] std::optional<std::string> conditionJsonPath(std::string_view kind, std::string_view field);

/// Fields evaluated by code rather than a jsonpath: a Pod's `reason`, `labels.KEY`.
[[nodiscard]] bool isSpecialConditionField(std::string_view kind, std::string_view field);

/// Parses a jsonpath template without running it; the error is the jsonpath engine's.
[[nodiscard]] Status checkJsonPath(std::string_view tmpl);

} // namespace kubelab::core

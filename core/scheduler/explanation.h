// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/language.h"
#include "core/api/object.h"

namespace kubelab::scheduler {

/// A name from kube-scheduler's predicates and priorities (before the scheduling framework,
/// v1.18 and older notes) and the plugin that does its work today.
struct LegacyName {
    std::string_view old;
    std::string_view plugin;
};

/// Every old name KubeLab knows, in the order older notes list them.
[[nodiscard]] std::span<const LegacyName> legacyNames();
/// The old names of `plugin` (`NodeResourcesFit` -> PodFitsResources, GeneralPredicates,
/// LeastRequestedPriority, ...); empty for a plugin that had none.
[[nodiscard]] std::vector<std::string_view> legacyNamesOf(std::string_view plugin);
/// Today's plugin for an old name, or empty.
[[nodiscard]] std::string_view pluginForLegacyName(std::string_view old);

/// The plain-language account of a decision (the `klab why -o json` document): which nodes
/// passed, why the others failed grouped by plugin and reason, the winner and its total, or
/// why the pod waits. `nominatedNode` is the pod's status.nominatedNodeName (may be empty).
[[nodiscard]] std::vector<std::string> explainDecision(const core::Json& decision, std::string_view nominatedNode,
                                                       core::Language language);
/// "Older notes name these plugins differently" lines for the plugins the decision used.
[[nodiscard]] std::vector<std::string> legacyNameLines(const core::Json& decision, core::Language language);

} // namespace kubelab::scheduler

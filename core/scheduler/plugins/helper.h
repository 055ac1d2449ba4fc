// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <span>

#include "core/api/podtypes.h"
#include "core/scheduler/plugin.h"

/// Shared helpers of the in-tree plugins (upstream `plugins/helper` and
/// `component-helpers/scheduling/corev1/nodeaffinity`).
namespace kubelab::scheduler::helper {

/// Upstream `DefaultNormalizeScore`: scales scores to [0, maxPriority] against the
/// highest one (integer division); `reverse` flips them. All zero → 0, or maxPriority
/// when reversed.
void defaultNormalizeScore(std::int64_t maxPriority, bool reverse, std::span<NodeScore> scores);

/// True when the node satisfies the requirement (labels for matchExpressions).
[[nodiscard]] bool matchesRequirement(const core::NodeSelectorRequirement& requirement, const core::Labels& labels);
/// A term matches when all its expressions and fields match; an empty term matches nothing.
[[nodiscard]] bool matchesNodeSelectorTerm(const core::NodeSelectorTerm& term, const core::Node& node);
/// Terms are ORed; no term matches nothing.
[[nodiscard]] bool matchesNodeSelector(const core::NodeSelector& selector, const core::Node& node);
/// `spec.nodeSelector` and the required node affinity (upstream `GetRequiredNodeAffinity(pod).Match`).
[[nodiscard]] bool podMatchesNodeSelectorAndAffinityTerms(const core::Pod& pod, const core::Node& node);

} // namespace kubelab::scheduler::helper

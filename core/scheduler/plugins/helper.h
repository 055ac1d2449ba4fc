// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/api/podtypes.h"
#include "core/scheduler/plugin.h"

/// Shared helpers of the in-tree plugins (upstream `plugins/helper` and
/// `component-helpers/scheduling/corev1/nodeaffinity`).
namespace kubelab::scheduler::helper {

/// The status of a lister's NotFound error (upstream's getErrorAsStatus): UnschedulableAndUnresolvable
/// with `<resource> "<name>" not found` (`persistentvolumeclaim`, `storageclass.storage.k8s.io`).
[[nodiscard]] Status notFound(std::string_view resource, const std::string& name);

/// The text in double quotes, as Go's `%q` prints a plugin or profile name.
[[nodiscard]] std::string quoted(std::string_view text);
/// field.Invalid's text: `<field>: Invalid value: <value>[: <detail>]`.
[[nodiscard]] std::string invalidValue(const std::string& field, const std::string& value, std::string_view detail);
/// The node's value of a label, null when the node lacks it.
[[nodiscard]] const std::string* nodeLabel(const core::Node& node, const std::string& key);

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

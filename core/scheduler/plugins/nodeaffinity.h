// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/api/podtypes.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// One node selector term ready for matching (upstream component-helpers' parsed
/// `nodeSelectorTerm`). A term whose requirements do not parse keeps the field errors
/// and matches no node; an empty term is never compiled (it selects nothing).
class CompiledNodeSelectorTerm final {
public:
    /// `path` names the term in error fields (`[0]`, `nodeSelectorTerms[1]`).
    [[nodiscard]] static CompiledNodeSelectorTerm compile(const core::NodeSelectorTerm& term, const std::string& path);

    [[nodiscard]] bool matches(const core::Node& node) const;
    /// Upstream's field errors (`[0].matchExpressions[0].key: Invalid value: ...`).
    [[nodiscard]] const std::vector<std::string>& errors() const { return m_errors; }

private:
    struct FieldRequirement {
        std::string key;
        bool equal = true;
        std::string value;
    };

    std::vector<core::NodeSelectorRequirement> m_expressions;
    std::vector<FieldRequirement> m_fields;
    std::vector<std::string> m_errors;
};

/// A node selector (`nodeSelectorTerms` ORed), upstream's `LazyErrorNodeSelector`: terms
/// that fail to parse are kept and never match.
class CompiledNodeSelector final {
public:
    [[nodiscard]] static CompiledNodeSelector compile(const core::NodeSelector& selector, const std::string& path = {});

    [[nodiscard]] bool matches(const core::Node& node) const;
    /// Every term's field errors, in order.
    [[nodiscard]] std::vector<std::string> errors() const;

private:
    std::vector<CompiledNodeSelectorTerm> m_terms;
};

/// Preferred scheduling terms (upstream `PreferredSchedulingTerms`): terms of weight 0 and
/// empty terms are dropped; a term that does not parse makes the whole list an error.
class CompiledPreferredTerms final {
public:
    /// Fails with the flattened field errors (`[0].matchExpressions[0].key: ...`, several in
    /// brackets joined by ", ").
    [[nodiscard]] static core::Result<CompiledPreferredTerms> compile(
        const std::vector<core::PreferredSchedulingTerm>& terms, const std::string& path = {});
    /// The same, appending the field errors to `errors` one by one (for callers that
    /// flatten them with other errors, as upstream's argument validation).
    [[nodiscard]] static CompiledPreferredTerms compile(const std::vector<core::PreferredSchedulingTerm>& terms,
                                                        const std::string& path, std::vector<std::string>& errors);

    /// Sum of the weights of the terms that match the node.
    [[nodiscard]] std::int64_t score(const core::Node& node) const;

private:
    std::vector<std::pair<CompiledNodeSelectorTerm, std::int32_t>> m_terms;
};

/// A pod's `spec.nodeSelector` AND its required node affinity (upstream
/// `nodeaffinity.GetRequiredNodeAffinity`).
class RequiredNodeAffinity final {
public:
    RequiredNodeAffinity() = default;
    explicit RequiredNodeAffinity(const core::Pod& pod);

    /// Parse errors of affinity terms count as a mismatch of those terms, as upstream.
    [[nodiscard]] bool matches(const core::Node& node) const;
    /// True when the pod has neither a node selector nor required node affinity.
    [[nodiscard]] bool empty() const { return m_nodeSelector.empty() && !m_affinity; }

private:
    core::Labels m_nodeSelector;
    std::optional<CompiledNodeSelector> m_affinity;
};

/// NodeAffinity: `spec.nodeSelector` and required node affinity as a filter, preferred
/// node affinity as a score, plus the scheduler-enforced `addedAffinity` of its args.
class NodeAffinity final : public PreFilterPlugin,
                                 public FilterPlugin,
                                 public PreScorePlugin,
                                 public ScorePlugin,
                                 public EnqueueExtensions {
public:
    /// Reason when the pod's own selector or affinity does not match.
    static constexpr std::string_view kErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
    /// Reason when `addedAffinity` does not match.
    static constexpr std::string_view kErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
    /// PreFilter reason when the metadata.name terms leave no node.
    static constexpr std::string_view kErrReasonConflict = "pod affinity terms conflict";

    /// `args`: `{addedAffinity: <NodeAffinity>}`, validated as upstream's
    /// `ValidateNodeAffinityArgs` (field paths start at `addedAffinity`).
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);

    [[nodiscard]] std::string_view name() const override;

    [[nodiscard]] Status preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& result) override;
    [[nodiscard]] Status filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo) override;
    [[nodiscard]] Status preScore(CycleState& state, const core::Pod& pod, std::span<NodeInfo* const> nodes) override;
    [[nodiscard]] Status score(CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo,
                               std::int64_t& score) override;
    [[nodiscard]] bool hasNormalizeScore() const override { return true; }
    [[nodiscard]] Status normalizeScore(CycleState& state, const core::Pod& pod, std::span<NodeScore> scores) override;
    [[nodiscard]] std::vector<ClusterEvent> eventsToRegister() const override;

private:
    NodeAffinity() = default;

    std::optional<CompiledNodeSelector> m_addedNodeSelector;
    std::optional<CompiledPreferredTerms> m_addedPreferredTerms;
};

} // namespace kubelab::scheduler

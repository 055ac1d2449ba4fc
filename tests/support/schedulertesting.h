// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/scheduler/plugin.h"
#include "core/scheduler/snapshot.h"
#include "support/builders.h"

/// Scheduler plugin test support: a framework handle over a snapshot, and helpers that
/// run one plugin's extension points the way the framework would.
namespace kubelab::testing {

/// A Handle for plugin tests: a snapshot the test fills, no other plugins, no nominated
/// pods, a counter for randomness.
class FakeHandle final : public scheduler::Handle {
public:
    [[nodiscard]] const scheduler::Snapshot& snapshot() const override { return m_snapshot; }
    [[nodiscard]] scheduler::Snapshot& mutableSnapshot() { return m_snapshot; }

    [[nodiscard]] scheduler::Status runFilterPluginsWithNominatedPods(scheduler::CycleState& /*state*/,
                                                                      const core::Pod& /*pod*/,
                                                                      const scheduler::NodeInfo& /*nodeInfo*/) override
    {
        return {};
    }
    [[nodiscard]] scheduler::Status runPreFilterExtensionAddPod(scheduler::CycleState& /*state*/,
                                                                const core::Pod& /*podToSchedule*/,
                                                                const scheduler::PodPtr& /*podToAdd*/,
                                                                const scheduler::NodeInfo& /*nodeInfo*/) override
    {
        return {};
    }
    [[nodiscard]] scheduler::Status runPreFilterExtensionRemovePod(scheduler::CycleState& /*state*/,
                                                                   const core::Pod& /*podToSchedule*/,
                                                                   const scheduler::PodPtr& /*podToRemove*/,
                                                                   const scheduler::NodeInfo& /*nodeInfo*/) override
    {
        return {};
    }
    [[nodiscard]] std::vector<scheduler::PodPtr> nominatedPodsForNode(std::string_view /*nodeName*/) const override
    {
        return {};
    }
    /// Deterministic "randomness": 0, 1, 2, ...
    [[nodiscard]] std::uint64_t random() override { return m_random++; }

    void addNodes(const std::vector<NodeBuilder>& nodes)
    {
        for (const NodeBuilder& n : nodes)
            m_snapshot.setNode(n.ptr());
    }
    /// Pods without a name get `pod-<n>` so the snapshot keeps them apart.
    void addPods(const std::vector<PodBuilder>& pods)
    {
        for (PodBuilder p : pods) {
            if (!p.json()["metadata"].contains("name"))
                p.name("pod-" + std::to_string(m_unnamed++));
            m_snapshot.setPod(p.ptr());
        }
    }
    /// The NodeInfos of the snapshot in the order of `names`.
    [[nodiscard]] std::vector<scheduler::NodeInfo*> nodeInfos(const std::vector<std::string>& names)
    {
        std::vector<scheduler::NodeInfo*> out;
        for (const std::string& name : names)
            out.push_back(m_snapshot.get(name));
        return out;
    }

private:
    scheduler::Snapshot m_snapshot;
    std::uint64_t m_random = 0;
    int m_unnamed = 0;
};

/// The names of the nodes, in order.
[[nodiscard]] inline std::vector<std::string> nodeNames(const std::vector<NodeBuilder>& nodes)
{
    std::vector<std::string> out;
    for (const NodeBuilder& n : nodes)
        out.push_back(n.json()["metadata"]["name"].get<std::string>());
    return out;
}

/// Score then NormalizeScore (when the plugin has one) over `nodes`, in order, as the
/// framework runs them after PreScore; `status` gets the first failure.
[[nodiscard]] inline std::vector<std::int64_t> scoreNodes(scheduler::ScorePlugin& plugin, scheduler::CycleState& state,
                                                          const core::Pod& pod,
                                                          std::span<scheduler::NodeInfo* const> nodes,
                                                          scheduler::Status& status)
{
    std::vector<scheduler::NodeScore> scores;
    for (scheduler::NodeInfo* node : nodes) {
        std::int64_t score = 0;
        scheduler::Status s = plugin.score(state, pod, *node, score);
        if (!s.isSuccess() && status.isSuccess())
            status = s;
        scores.push_back(scheduler::NodeScore{node, score});
    }
    if (plugin.hasNormalizeScore()) {
        scheduler::Status s = plugin.normalizeScore(state, pod, scores);
        if (!s.isSuccess() && status.isSuccess())
            status = s;
    }
    std::vector<std::int64_t> out;
    for (const scheduler::NodeScore& s : scores)
        out.push_back(s.score);
    return out;
}

} // namespace kubelab::testing

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/api/podtypes.h"
#include "core/scheduler/cyclestate.h"
#include "core/scheduler/nodeinfo.h"
#include "core/scheduler/status.h"
#include "core/scheduler/types.h"

namespace kubelab::scheduler {

class Snapshot;

/// Highest score a Score plugin may give after normalization.
inline constexpr std::int64_t kMaxNodeScore = 100;
inline constexpr std::int64_t kMinNodeScore = 0;

/// Every plugin has a name (from `plugins/names.h`). A plugin implements one interface per
/// extension point it serves; the framework files it under each of them.
class Plugin {
public:
    virtual ~Plugin() = default;
    [[nodiscard]] virtual std::string_view name() const = 0;
};

/// What the framework offers plugins (upstream `framework.Handle`): the snapshot of the
/// cycle and the filter runs preemption needs. Valid for the plugin's whole life.
class Handle {
public:
    virtual ~Handle() = default;
    [[nodiscard]] virtual const Snapshot& snapshot() const = 0;
    /// Runs the profile's Filter plugins on one node, with the nominated pods of equal or
    /// higher priority counted as upstream's `RunFilterPluginsWithNominatedPods` does.
    [[nodiscard]] virtual Status runFilterPluginsWithNominatedPods(CycleState& state, const core::Pod& pod,
                                                                   const NodeInfo& nodeInfo) = 0;
    /// Tells every PreFilter plugin with extensions that `podToAdd` joined `nodeInfo`.
    [[nodiscard]] virtual Status runPreFilterExtensionAddPod(CycleState& state, const core::Pod& podToSchedule,
                                                             const PodPtr& podToAdd, const NodeInfo& nodeInfo) = 0;
    /// Tells every PreFilter plugin with extensions that `podToRemove` left `nodeInfo`.
    [[nodiscard]] virtual Status runPreFilterExtensionRemovePod(CycleState& state, const core::Pod& podToSchedule,
                                                                const PodPtr& podToRemove,
                                                                const NodeInfo& nodeInfo) = 0;
    /// Pods nominated to the node (preemptors waiting for their victims to leave).
    [[nodiscard]] virtual std::vector<PodPtr> nominatedPodsForNode(std::string_view nodeName) const = 0;
    /// A number from the caller's seeded random source (the only randomness plugins may use).
    [[nodiscard]] virtual std::uint64_t random() = 0;
};

/// Decides whether a pod may enter activeQ (SchedulingGates).
class PreEnqueuePlugin : public virtual Plugin {
public:
    [[nodiscard]] virtual Status preEnqueue(const core::Pod& pod) = 0;
};

/// Orders activeQ (PrioritySort). One per scheduler, shared by all profiles.
class QueueSortPlugin : public virtual Plugin {
public:
    [[nodiscard]] virtual bool less(const QueuedPodInfo& a, const QueuedPodInfo& b) const = 0;
};

/// Narrows the nodes to filter (upstream `PreFilterResult`): no value means all nodes.
struct PreFilterResult {
    std::optional<std::vector<std::string>> nodeNames;

    [[nodiscard]] bool allNodes() const { return !nodeNames.has_value(); }
    /// Intersection with another result, as upstream's `Merge`.
    void merge(const PreFilterResult& other);
};

/// Runs once per cycle before filtering; may precompute state, reject the pod outright,
/// or return Skip so the plugin's Filter is not run.
class PreFilterPlugin : public virtual Plugin {
public:
    [[nodiscard]] virtual Status preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& result) = 0;

    /// True when the plugin keeps per-cycle state that `addPod` / `removePod` must update
    /// for preemption's what-if runs (upstream `PreFilterExtensions`).
    [[nodiscard]] virtual bool hasPreFilterExtensions() const { return false; }
    [[nodiscard]] virtual Status addPod(CycleState& /*state*/, const core::Pod& /*podToSchedule*/,
                                        const PodPtr& /*podToAdd*/, const NodeInfo& /*nodeInfo*/)
    {
        return {};
    }
    [[nodiscard]] virtual Status removePod(CycleState& /*state*/, const core::Pod& /*podToSchedule*/,
                                           const PodPtr& /*podToRemove*/, const NodeInfo& /*nodeInfo*/)
    {
        return {};
    }
};

/// Says whether the pod fits one node. Must not change `state` (it reads PreFilter data).
class FilterPlugin : public virtual Plugin {
public:
    [[nodiscard]] virtual Status filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo) = 0;
};

/// Node name -> status of the nodes the pod did not fit, with a status for nodes not in
/// the map (upstream `NodeToStatus`; by default UnschedulableAndUnresolvable).
class NodeToStatus final {
public:
    NodeToStatus() : m_absent(Code::UnschedulableAndUnresolvable) { }

    [[nodiscard]] const Status& get(const std::string& nodeName) const;
    void set(const std::string& nodeName, Status status) { m_statuses[nodeName] = std::move(status); }
    void setAbsentNodesStatus(Status status) { m_absent = std::move(status); }
    [[nodiscard]] const Status& absentNodesStatus() const { return m_absent; }
    [[nodiscard]] const std::unordered_map<std::string, Status>& statuses() const { return m_statuses; }
    [[nodiscard]] std::size_t size() const { return m_statuses.size(); }

private:
    std::unordered_map<std::string, Status> m_statuses;
    Status m_absent;
};

/// What a PostFilter plugin proposes: a node to nominate (no value leaves the pod's
/// nomination as it is, "" clears it), the pods to evict for it, and the lower-priority
/// pods whose nomination to that node must be cleared.
struct PostFilterResult {
    std::optional<std::string> nominatedNodeName;
    std::vector<PodPtr> victims;
    std::vector<PodPtr> clearNominations;
};

/// Runs when no node fits (DefaultPreemption). Returns Success with a nomination, or
/// Unschedulable with the message that joins the FitError.
class PostFilterPlugin : public virtual Plugin {
public:
    [[nodiscard]] virtual Status postFilter(CycleState& state, const core::Pod& pod,
                                            const NodeToStatus& filteredNodeStatus, PostFilterResult& result) = 0;
};

/// Runs once before scoring with the feasible nodes; Skip drops the plugin's Score.
class PreScorePlugin : public virtual Plugin {
public:
    [[nodiscard]] virtual Status preScore(CycleState& state, const core::Pod& pod,
                                          std::span<NodeInfo* const> nodes) = 0;
};

/// One node's score for one plugin.
struct NodeScore {
    const NodeInfo* node = nullptr;
    std::int64_t score = 0;
};

/// Ranks a feasible node. Scores are 0..100 after NormalizeScore (plugins without a
/// normalizer must return 0..100 directly).
class ScorePlugin : public virtual Plugin {
public:
    [[nodiscard]] virtual Status score(CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo,
                                       std::int64_t& score) = 0;
    [[nodiscard]] virtual bool hasNormalizeScore() const { return false; }
    [[nodiscard]] virtual Status normalizeScore(CycleState& /*state*/, const core::Pod& /*pod*/,
                                                std::span<NodeScore> /*scores*/)
    {
        return {};
    }
};

/// Claims resources for the chosen node before binding; Unreserve rolls back.
class ReservePlugin : public virtual Plugin {
public:
    [[nodiscard]] virtual Status reserve(CycleState& state, const core::Pod& pod, const std::string& nodeName) = 0;
    virtual void unreserve(CycleState& state, const core::Pod& pod, const std::string& nodeName) = 0;
};

/// Approves, denies or delays (Wait with a timeout) the binding.
class PermitPlugin : public virtual Plugin {
public:
    [[nodiscard]] virtual Status permit(CycleState& state, const core::Pod& pod, const std::string& nodeName,
                                        VirtualTime& timeout) = 0;
};

class PreBindPlugin : public virtual Plugin {
public:
    [[nodiscard]] virtual Status preBind(CycleState& state, const core::Pod& pod, const std::string& nodeName) = 0;
};

/// Binds the pod. Skip passes to the next binder.
class BindPlugin : public virtual Plugin {
public:
    [[nodiscard]] virtual Status bind(CycleState& state, const core::Pod& pod, const std::string& nodeName) = 0;
};

class PostBindPlugin : public virtual Plugin {
public:
    virtual void postBind(CycleState& state, const core::Pod& pod, const std::string& nodeName) = 0;
};

/// The cluster events after which a pod this plugin rejected is worth retrying.
class EnqueueExtensions : public virtual Plugin {
public:
    [[nodiscard]] virtual std::vector<ClusterEvent> eventsToRegister() const = 0;
};

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/scheduler/config.h"
#include "core/scheduler/cyclestate.h"
#include "core/scheduler/decision.h"
#include "core/scheduler/framework.h"
#include "core/scheduler/schedulingqueue.h"
#include "core/scheduler/snapshot.h"

namespace kubelab::scheduler {

/// The caller's seeded random numbers; the scheduler draws only on ties and for
/// preemption's starting node, so a seeded source makes every decision reproducible.
using RandomSource = std::function<std::uint64_t()>;

/// What the filter phase learned (upstream `Diagnosis`).
struct Diagnosis {
    NodeToStatus nodeToStatus;
    std::set<std::string, std::less<>> unschedulablePlugins;
    std::string preFilterMsg;
    std::string postFilterMsg;
};

/// Upstream `FitError.Error()`: `0/N nodes are available: <prefilter>. <histogram>. <postfilter>.`
[[nodiscard]] std::string fitErrorMessage(std::size_t numAllNodes, const Diagnosis& diagnosis);

/// Upstream `numFeasibleNodesToFind`: how many feasible nodes the filter phase looks for.
[[nodiscard]] std::int64_t numFeasibleNodesToFind(std::optional<std::int32_t> profilePercentage,
                                                  std::int32_t globalPercentage, std::int64_t numAllNodes);

/// The outcome of one scheduling cycle. The caller applies it to the cluster: binds the pod
/// (`Scheduled`), writes `status.nominatedNodeName`, deletes the victims and clears the
/// nominations listed; the scheduler never touches the object store.
struct ScheduleResult {
    enum class Outcome { Scheduled, Unschedulable, Error };

    PodPtr pod;
    Outcome outcome = Outcome::Error;
    std::string node;    ///< chosen node (Scheduled)
    std::string message; ///< FailedScheduling text (FitError, `no nodes available to schedule pods`, or an error)
    /// The pod's new `status.nominatedNodeName`: no value leaves it, "" clears it.
    std::optional<std::string> nominatedNode;
    std::vector<PodPtr> victims;          ///< to delete gracefully (preemption)
    std::vector<PodPtr> clearNominations; ///< lower-priority pods to un-nominate from that node
    std::set<std::string, std::less<>> unschedulablePlugins;
    std::size_t evaluatedNodes = 0;
    std::size_t feasibleNodes = 0;
    std::shared_ptr<const Decision> decision; ///< null when decisions are not recorded
};

[[nodiscard]] std::string_view outcomeName(ScheduleResult::Outcome outcome);

/// Scheduler settings that are not part of the KubeSchedulerConfiguration.
struct SchedulerOptions {
    /// Keep a Decision per cycle (for `klab why`); benchmarks may turn it off.
    bool recordDecisions = true;
    /// Plugins beyond the in-tree registry (tests, experiments), by name.
    std::vector<RegistryEntry> outOfTreeRegistry;
};

/// kube-scheduler as a library: profiles built from a configuration, the cluster snapshot,
/// the queue, and the scheduling cycle. The engine reports cluster changes through the
/// `on*` functions and calls `scheduleNext` while it returns a result; the scheduler is
/// single-threaded and reads no clock (time and randomness are passed in).
class Scheduler final {
public:
    using Options = SchedulerOptions;

    [[nodiscard]] static core::Result<std::unique_ptr<Scheduler>>
    create(const SchedulerConfiguration& config = SchedulerConfiguration::defaults(), Options options = {});
    /// Builds the profiles of a configuration without keeping them (what applying a
    /// KubeSchedulerConfiguration checks), with kube-scheduler's error text.
    [[nodiscard]] static core::Status validate(const SchedulerConfiguration& config);
    /// Replaces the profiles; the snapshot and the queue stay.
    [[nodiscard]] core::Status reconfigure(const SchedulerConfiguration& config);
    ~Scheduler();

    [[nodiscard]] Snapshot& snapshot() { return m_snapshot; }
    [[nodiscard]] const Snapshot& snapshot() const { return m_snapshot; }
    [[nodiscard]] SchedulingQueue& queue() { return m_queue; }
    [[nodiscard]] const SchedulingQueue& queue() const { return m_queue; }
    [[nodiscard]] const SchedulerConfiguration& configuration() const { return m_config; }
    /// The profile named by `spec.schedulerName`, or nullptr.
    [[nodiscard]] Framework* profile(std::string_view schedulerName) const;
    /// True when one of the profiles is the pod's scheduler.
    [[nodiscard]] bool responsibleFor(const core::Pod& pod) const { return profile(pod.schedulerName) != nullptr; }
    [[nodiscard]] std::size_t nextStartNodeIndex() const { return m_nextStartNodeIndex; }

    // Cluster changes (upstream's event handlers).
    void onPodAdded(PodPtr pod, VirtualTime now);
    void onPodUpdated(const PodPtr& oldPod, PodPtr newPod, VirtualTime now);
    void onPodDeleted(const PodPtr& pod, VirtualTime now);
    void onNodeAdded(NodePtr node, VirtualTime now);
    void onNodeUpdated(const NodePtr& oldNode, NodePtr newNode, VirtualTime now);
    void onNodeDeleted(const NodePtr& node, VirtualTime now);
    /// A PersistentVolume, PersistentVolumeClaim, StorageClass or CSINode change.
    void onStorageEvent(EventResource resource, std::uint32_t actionType, VirtualTime now);
    /// Runs the queue's periodic flushes (upstream: backoff every 1 s, unschedulable every 30 s).
    void flushQueues(VirtualTime now);
    /// The binding of a pod this scheduler placed was refused: the assumed pod leaves its
    /// node and the pod goes back to the queue with backoff (upstream `ForgetPod` and the
    /// scheduling-failure handler).
    void onBindingFailed(const PodPtr& pod, VirtualTime now);

    /// Pops the next pod from activeQ and runs one cycle, with the queue bookkeeping
    /// (assume on success, back to the queue on failure). Nothing when activeQ is empty.
    [[nodiscard]] std::optional<ScheduleResult> scheduleNext(VirtualTime now, const RandomSource& random);
    /// One cycle for `pod`, without the queue: filter, preempt, score, select, reserve,
    /// permit, and on success assume the pod on the chosen node in the snapshot.
    [[nodiscard]] ScheduleResult scheduleOne(const PodPtr& pod, const RandomSource& random);

private:
    Scheduler() = default;
    core::Status buildProfiles(const SchedulerConfiguration& config);
    void wireQueue();
    /// Upstream `preCheckForNode`: would the pod fit this node at all?
    [[nodiscard]] bool admissionCheck(const core::Pod& pod, const NodeInfo& nodeInfo) const;
    std::vector<PodPtr> unschedulablePodsWithMatchingAffinityTerm(const core::Pod& assigned) const;

    SchedulerConfiguration m_config;
    Options m_options;
    Snapshot m_snapshot;
    SchedulingQueue m_queue;
    std::vector<std::unique_ptr<Framework>> m_profiles;
    std::size_t m_nextStartNodeIndex = 0;
    CycleState m_state;
    /// The queue entry of the last pod scheduled, kept until its binding is known.
    std::optional<QueuedPodInfo> m_lastScheduled;
    /// A node the filter loop looked at: its place in the filtered list and, when it fits,
    /// its index among the feasible nodes (−1 otherwise).
    struct Evaluated {
        std::size_t position = 0;
        NodeInfo* node = nullptr;
        std::int64_t feasibleIndex = -1;
    };

    // Per-cycle buffers, kept to avoid reallocating them.
    std::vector<NodeInfo*> m_feasible;
    std::vector<Evaluated> m_evaluated;
    std::vector<std::vector<NodeScore>> m_scores;
    std::vector<std::vector<std::int64_t>> m_rawScores;
    std::vector<std::int64_t> m_totals;
};

} // namespace kubelab::scheduler

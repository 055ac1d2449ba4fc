// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/scheduler/framework.h"
#include "core/scheduler/status.h"
#include "core/scheduler/types.h"

namespace kubelab::scheduler {

/// Timing of the queue, in virtual milliseconds (upstream `podInitialBackoffSeconds`,
/// `podMaxBackoffSeconds`, `podMaxInUnschedulablePodsDuration`).
struct QueueOptions {
    VirtualTime initialBackoff = 1000;
    VirtualTime maxBackoff = 10000;
    VirtualTime maxInUnschedulable = 5 * 60 * 1000;
};

/// The scheduling queue (upstream `PriorityQueue` with queueing hints off, as in v1.31):
/// activeQ ordered by the QueueSort plugin, backoffQ ordered by backoff expiry, and the
/// unschedulable pods waiting for a cluster event (scheduling-gated pods wait there too).
/// Single-threaded and clock-free: every call that depends on time takes `now`. Upstream
/// flushes the backoffQ every second and the unschedulable pods every 30 seconds; the
/// engine calls the two flush functions on that cadence (or `nextWakeUp()`).
class SchedulingQueue final : public PodNominator {
public:
    using LessFn = std::function<bool(const QueuedPodInfo&, const QueuedPodInfo&)>;
    /// Runs the PreEnqueue plugins of the pod's profile.
    using PreEnqueueFn = std::function<Status(const core::Pod&)>;
    /// The events a plugin of a profile registered, or nullptr when unknown.
    using PluginEventsFn =
        std::function<const std::vector<ClusterEvent>*(std::string_view schedulerName, std::string_view plugin)>;
    using PreCheckFn = std::function<bool(const core::Pod&)>;

    enum class Where { None, Active, Backoff, Unschedulable, Gated, InFlight };

    explicit SchedulingQueue(QueueOptions options = {});
    ~SchedulingQueue() override;
    SchedulingQueue(const SchedulingQueue&) = delete;
    SchedulingQueue& operator=(const SchedulingQueue&) = delete;

    void setOptions(QueueOptions options) { m_options = options; }
    [[nodiscard]] const QueueOptions& options() const { return m_options; }
    /// The activeQ order (PrioritySort by default: priority, then enqueue time).
    void setLess(LessFn less);
    void setPreEnqueue(PreEnqueueFn preEnqueue) { m_preEnqueue = std::move(preEnqueue); }
    void setPluginEvents(PluginEventsFn events) { m_pluginEvents = std::move(events); }

    /// A new unscheduled pod: to activeQ, or to the gated set when a PreEnqueue plugin says so.
    void add(PodPtr pod, VirtualTime now);
    /// An unscheduled pod changed (upstream `Update`): an unschedulable pod whose spec,
    /// labels or gates changed is moved to activeQ (backoffQ while backing off).
    void update(const PodPtr& oldPod, PodPtr newPod, VirtualTime now);
    /// The pod was deleted or bound by someone else.
    void remove(const core::Pod& pod);

    /// The next pod to schedule, or nothing. Counts an attempt and starts a cycle.
    [[nodiscard]] std::optional<QueuedPodInfo> pop(VirtualTime now);
    /// Gives back a pod whose attempt failed (upstream `AddUnschedulableIfNotPresent`):
    /// to backoffQ/activeQ when a move request came during its cycle or no plugin rejected
    /// it (errors), else to the unschedulable pods.
    void addUnschedulableIfNotPresent(QueuedPodInfo info, std::uint64_t podSchedulingCycle, VirtualTime now);
    /// The popped pod was scheduled (assumed): forget it.
    void done(const core::Pod& pod);
    /// Puts back a pod whose binding failed after `done`, backing off as after an error.
    void requeueAfterError(QueuedPodInfo info, VirtualTime now);

    /// A cluster event: unschedulable pods whose rejecting plugins registered for it (and
    /// that pass `preCheck`) move to activeQ, or backoffQ while still backing off.
    void moveAllToActiveOrBackoffQueue(const ClusterEvent& event, VirtualTime now, const PreCheckFn& preCheck = {});
    /// The same for a chosen set of unschedulable pods (assigned pod added or updated).
    void movePodsToActiveOrBackoffQueue(const std::vector<PodPtr>& pods, const ClusterEvent& event, VirtualTime now);
    /// Pods in backoffQ whose backoff expired go to activeQ.
    void flushBackoffQCompleted(VirtualTime now);
    /// Pods unschedulable for longer than `maxInUnschedulable` are moved (event UnschedulableTimeout).
    void flushUnschedulablePodsLeftover(VirtualTime now);
    /// The earliest time a flush would move something, if any.
    [[nodiscard]] std::optional<VirtualTime> nextWakeUp() const;

    /// When the pod's backoff ends (timestamp + 1 s · 2^(attempts−1), capped).
    [[nodiscard]] VirtualTime backoffExpiry(const QueuedPodInfo& info) const;
    [[nodiscard]] VirtualTime backoffDuration(int attempts) const;

    // Nominated pods (upstream's nominator).
    void addNominatedPod(PodPtr pod, const std::string& nodeName);
    void deleteNominatedPodIfExists(const core::Pod& pod);
    [[nodiscard]] const std::vector<PodPtr>* nominatedPods(std::string_view nodeName) const override;
    /// The node the pod is nominated to ("" when none).
    [[nodiscard]] std::string nominatedNodeOf(const core::Pod& pod) const;

    // Introspection.
    [[nodiscard]] Where where(const core::Pod& pod) const;
    [[nodiscard]] const QueuedPodInfo* info(const core::Pod& pod) const;
    [[nodiscard]] std::size_t activeCount() const { return m_active.size(); }
    [[nodiscard]] std::size_t backoffCount() const { return m_backoff.size(); }
    [[nodiscard]] std::size_t unschedulableCount() const { return m_unschedulable.size(); }
    [[nodiscard]] std::uint64_t schedulingCycle() const { return m_cycle; }
    /// Every pod the queue holds (not in flight), activeQ order first.
    [[nodiscard]] std::vector<PodPtr> pendingPods() const;
    /// The pods of the unschedulable pool (gated ones included), oldest first.
    [[nodiscard]] std::vector<PodPtr> unschedulablePods() const;

private:
    struct Entry {
        QueuedPodInfo info;
        std::uint64_t seq = 0;
        Where where = Where::None;
        VirtualTime backoffExpiry = 0;
    };
    struct ActiveLess {
        const SchedulingQueue* queue;
        bool operator()(const Entry* a, const Entry* b) const;
    };
    struct BackoffLess {
        bool operator()(const Entry* a, const Entry* b) const;
    };

    Entry* find(const core::Pod& pod) const;
    void detach(Entry* e);
    void toActive(Entry* e);
    void toBackoff(Entry* e);
    void toUnschedulable(Entry* e, bool gated);
    /// Runs PreEnqueue; gated pods go to the unschedulable set, others to activeQ.
    void moveToActiveQ(Entry* e);
    void requeueAfterBackoff(Entry* e, VirtualTime now);
    bool worthRequeuing(const Entry& e, const ClusterEvent& event) const;
    bool isBackingOff(const Entry& e, VirtualTime now) const;

    QueueOptions m_options;
    LessFn m_less;
    PreEnqueueFn m_preEnqueue;
    PluginEventsFn m_pluginEvents;
    std::unordered_map<std::string, std::unique_ptr<Entry>> m_entries; ///< by pod identity
    std::set<Entry*, ActiveLess> m_active;
    std::set<Entry*, BackoffLess> m_backoff;
    std::map<std::uint64_t, Entry*> m_unschedulable; ///< by seq, gated pods included
    std::uint64_t m_seq = 0;
    std::uint64_t m_cycle = 0;
    std::uint64_t m_moveRequestCycle = 0;
    bool m_anyMoveRequest = false;

    std::unordered_map<std::string, std::vector<PodPtr>> m_nominatedByNode;
    std::unordered_map<std::string, std::string> m_nominatedNodeOf; ///< pod identity -> node
};

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <set>
#include <string>

#include "core/sim/clock.h"
#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

/// `--node-monitor-grace-period` (v1.31 default 40 s; 50 s from v1.32).
inline constexpr Duration kNodeMonitorGracePeriod = 40 * kSecond;
/// `--node-monitor-period`: how often the controller looks at every node's health.
inline constexpr Duration kNodeMonitorPeriod = 5 * kSecond;

/// The node lifecycle controller (pkg/controller/nodelifecycle): a node whose kubelet has
/// not renewed its Lease nor posted status for node-monitor-grace-period gets its Ready,
/// MemoryPressure, DiskPressure and PIDPressure conditions set to Unknown (reason
/// NodeStatusUnknown); when Ready stops being True its pods are marked not Ready and the
/// node gets the NoExecute taint matching the Ready condition (`not-ready` for False,
/// `unreachable` for Unknown), removed when Ready is True again. The NoSchedule taints
/// follow the conditions and `spec.unschedulable` (TaintNodesByCondition).
/// Simplified: the kubelet's heartbeat is the node's power (`core/node/nodepower.h`); the
/// per-zone eviction rate limits and disruption states are not modelled.
class NodeLifecycleController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "node-lifecycle-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_nodes.empty() || !m_pods.empty(); }
    void work() override;

    /// `sync(node)`: one health check and tainting pass over the node.
    void sync(const std::string& node);

    /// The first monitor pass that sees a heartbeat from `lastHeartbeat` as too old:
    /// passes run every node-monitor-period, and the grace period must have passed
    /// strictly (upstream `probeTimestamp.Add(grace).Before(now)`).
    [[nodiscard]] static VirtualTime staleAt(VirtualTime lastHeartbeat);

private:
    void markPodNotReady(const ObjectKey& pod);

    Engine* m_engine = nullptr;
    WorkQueue<std::string> m_nodes;
    WorkQueue<ObjectKey> m_pods;
    std::map<std::string, std::string> m_observedReady; // node -> Ready status last seen
};

/// The taint eviction controller (pkg/controller/tainteviction, the NoExecuteTaintManager):
/// a pod bound to a node with a NoExecute taint it does not tolerate is deleted at once;
/// when every such taint is tolerated and some toleration has `tolerationSeconds`, the
/// pod is deleted after the smallest of them; removing the taint cancels. Deleted pods get
/// the DisruptionTarget condition (reason DeletionByTaintManager) and a
/// TaintManagerEviction event.
/// Simplified: the countdown starts at the taint's `timeAdded` (upstream: when the
/// controller saw the taint, a moment later), so it survives reopening the lab.
class TaintEvictionController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "taint-eviction-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_nodes.empty() || !m_pods.empty(); }
    void work() override;

    void syncPod(const ObjectKey& pod);

private:
    void cancel(const ObjectKey& pod, const Json& object);

    Engine* m_engine = nullptr;
    std::set<ObjectKey> m_resync; // pods queued by start(): no story for their countdowns
    WorkQueue<std::string> m_nodes;
    WorkQueue<ObjectKey> m_pods;
    std::map<ObjectKey, VirtualTime> m_scheduled; // pod -> when it is to be deleted
};

} // namespace kubelab::core

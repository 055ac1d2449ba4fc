// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/api/podtypes.h"
#include "core/sim/clock.h"
#include "core/sim/component.h"
#include "core/sim/engine.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

/// The kubelets of every node (each acts as `kubelet@<node>`): a node's kubelet registers
/// it (conditions, addresses, node info) and runs the pods bound to it — admission against
/// allocatable, image pulls from the image catalogue (the node keeps what it pulled, in
/// `status.images`), containers started in order, the phase, conditions and container
/// statuses as upstream reports them, and graceful termination. Pod IPs come from the node's podCIDR.
/// What the containers do once started is the container runtime's (containerruntime.h).
/// Simplified: leases are not renewed as stored revisions.
class Kubelet final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "kubelet"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_nodes.empty() || !m_pods.empty(); }
    void work() override;
    /// Picks up every pod bound to `node` again (the node was powered back on).
    void resyncNode(const std::string& node);

private:
    void syncNode(const std::string& node);
    void syncPod(const ObjectKey& key);
    void admitPod(const Json& pod);
    void runPod(const ObjectKey& key);
    void wakeAt(const ObjectKey& key, VirtualTime at, Wake wake);
    void finishTermination(const ObjectKey& key);
    /// The pod's configMap or secret volumes cannot be mounted: it stays ContainerCreating,
    /// `FailedMount` is recorded, and the kubelet tries again.
    void waitForVolumes(const Json& pod, const std::vector<std::string>& errors);
    std::string allocatePodIp(const Json& node);

    Engine* m_engine = nullptr;
    WorkQueue<std::string> m_nodes;
    WorkQueue<ObjectKey> m_pods;
    std::map<std::string, std::set<std::string>> m_usedIps; // node -> pod IPs
    std::map<ObjectKey, VirtualTime> m_processed;           // events recorded up to this time
    std::map<ObjectKey, std::set<std::string>> m_imagesAtAdmission; // the pod's images its node held then
    std::map<ObjectKey, std::set<VirtualTime>> m_wakes;     // timers already set
    std::map<ObjectKey, VirtualTime> m_waitingForVolumes;   // pods whose volumes could not be mounted: next try
    // The pods bound to each node, from the watch (what a kubelet's pod manager holds), with
    // their effective requests (fixed once the pod exists; none when the pod does not
    // parse): admission sums these, not every pod of the cluster.
    void indexPod(const std::string& node, const Json& pod);
    std::map<std::string, std::map<ObjectKey, std::optional<ResourceAmounts>>> m_podsByNode;
};

/// The node IPAM controller (controller-manager): gives each new node the next /24 of the
/// cluster's pod CIDR, in order of creation.
class NodeIpamController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "node-ipam-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_queue.empty(); }
    void work() override;

private:
    Engine* m_engine = nullptr;
    WorkQueue<std::string> m_queue;
    std::set<std::string> m_starved; // nodes the cluster CIDR had no range left for
};

} // namespace kubelab::core

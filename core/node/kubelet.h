// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <set>
#include <string>

#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

/// The kubelets of every node (each acts as `kubelet@<node>`): a node's kubelet registers
/// it (conditions, addresses, node info) and runs the pods bound to it — admission against
/// allocatable, image pulls from the image catalogue, containers started in order, the
/// phase, conditions and container statuses as upstream reports them, and graceful
/// termination. Pod IPs come from the node's podCIDR.
/// Simplified: probes and container behaviours beyond start, run and exit arrive with the
/// workloads issue; leases are not renewed as stored revisions.
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
    void startContainers(const ObjectKey& key);
    void finishTermination(const ObjectKey& key);
    std::string allocatePodIp(const Json& node);

    Engine* m_engine = nullptr;
    WorkQueue<std::string> m_nodes;
    WorkQueue<ObjectKey> m_pods;
    std::map<std::string, std::set<std::string>> m_usedIps; // node -> pod IPs
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
};

} // namespace kubelab::core

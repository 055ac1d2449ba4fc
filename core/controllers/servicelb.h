// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

/// The lab's load-balancer provider, as the service controller of a cloud-controller-manager
/// with MetalLB-style addresses (what kind's documentation sets up): each Service of type
/// LoadBalancer without a `loadBalancerClass` gets the next free address of the lab's pool,
/// 172.18.255.200 to 172.18.255.250 (`spec.loadBalancerIP` when it asks for a free one of
/// them), in `status.loadBalancer.ingress`, with the EnsuringLoadBalancer and
/// EnsuredLoadBalancer events; a Service that stops being a LoadBalancer gives its address
/// back. kube-proxy then routes the address to the Service's endpoints.
/// Simplified: no load balancer outside the nodes; the address is reached from the lab's pods
/// and nodes, as kube-proxy's rules catch it there.
class ServiceLoadBalancerController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "service-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_queue.empty(); }
    void work() override;

private:
    void sync(const ObjectKey& service);

    Engine* m_engine = nullptr;
    WorkQueue<ObjectKey> m_queue;
};

} // namespace kubelab::core

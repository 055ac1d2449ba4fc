// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

/// The status half of the lab's ingress controller (ingress-nginx on every node's ports 80
/// and 443, as on kind): each Ingress gets `status.loadBalancer.ingress` with the InternalIP
/// of every Ready node, as ingress-nginx reports the nodes its pods run on when no
/// publish Service is set, so `kubectl get ingress` shows an ADDRESS to curl. The routing
/// half is `net::routeIngress`, used by `klab exec ... curl`.
/// Simplified: every Ingress is served whatever its class.
class IngressStatusController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "ingress-nginx"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_queue.empty(); }
    void work() override;

private:
    void sync(const ObjectKey& ingress);

    Engine* m_engine = nullptr;
    WorkQueue<ObjectKey> m_queue;
};

} // namespace kubelab::core

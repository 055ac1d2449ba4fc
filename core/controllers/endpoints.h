// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

/// The Endpoints controller (pkg/controller/endpoint): for every Service with a selector,
/// an Endpoints object of the same name listing the selected pods' IPs — Ready pods in
/// `addresses`, the others in `notReadyAddresses` (all ready with
/// `publishNotReadyAddresses`) — with the ports resolved from each pod (named
/// targetPorts by container port name). Terminating and unassigned pods are left out.
class EndpointsController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "endpoint-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_queue.empty(); }
    void work() override;

    void sync(const ObjectKey& service);

private:
    void enqueueServicesFor(const Json& pod);

    Engine* m_engine = nullptr;
    WorkQueue<ObjectKey> m_queue;
};

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

/// The EndpointSlice controller (pkg/controller/endpointslice and the reconciler in
/// staging/src/k8s.io/endpointslice): for every Service with a selector, EndpointSlices
/// (`discovery.k8s.io/v1`, named by `generateName: <svc>-`) listing the selected pods with
/// the conditions ready/serving/terminating, nodeName, zone and targetRef; at most 100
/// endpoints a slice; one set of slices per distinct set of resolved ports. Existing
/// endpoints stay in their slices; new ones fill slices with room before a new slice is
/// made; a Service without endpoints keeps one placeholder slice.
/// Simplified: IPv4 only; no topology hints, no `last-change-trigger-time` annotation.
class EndpointSliceController final : public Component {
public:
    static constexpr std::size_t kMaxEndpointsPerSlice = 100;
    static constexpr const char* kManagedBy = "endpointslice-controller.k8s.io";

    [[nodiscard]] std::string_view name() const override { return "endpointslice-controller"; }
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

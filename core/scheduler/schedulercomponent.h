// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "core/sim/component.h"
#include "core/sim/engine.h"

namespace kubelab::core {
struct Pod;
}

namespace kubelab::scheduler {

class Scheduler;

/// kube-scheduler inside the engine: feeds the scheduler library the cluster's pods and
/// nodes from watch events, runs scheduling cycles while pods are active in the queue,
/// and writes the results back through the API server as kube-scheduler does — the
/// binding (`spec.nodeName`), the `PodScheduled` condition, `Scheduled` /
/// `FailedScheduling` events, `nominatedNodeName` and preemption victims' deletion.
/// Each decision is kept in the lab for `klab why`. The configuration comes from an
/// applied KubeSchedulerConfiguration stored in the lab.
class SchedulerComponent final : public core::Component {
public:
    SchedulerComponent();
    ~SchedulerComponent() override;

    [[nodiscard]] std::string_view name() const override { return "scheduler"; }
    void start(core::Engine& engine) override;
    void onEvent(const core::WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override;
    void work() override;

    /// Validates and applies a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1);
    /// stored in the lab so later runs use it.
    [[nodiscard]] core::Status configure(const core::Json& document);

    /// The lab setting that holds the last decision about a pod (JSON of `klab why`).
    [[nodiscard]] static std::string decisionKey(const std::string& ns, const std::string& name);
    static constexpr const char* kConfigurationSetting = "scheduler.configuration";

private:
    void armTimer();
    /// Keeps the snapshot's pod selectors of Services, RCs, ReplicaSets and StatefulSets
    /// current (PodTopologySpread's system defaults); `object` null removes it.
    void updateSelector(const core::ObjectKey& key, const core::Json* object);
    void updateDisruptionBudgets();
    /// VolumeBinding's PreBind: binds the pod's WaitForFirstConsumer claims on the chosen
    /// node (a static volume's claimRef, or `volume.kubernetes.io/selected-node`).
    void bindPodVolumes(const core::Pod& pod, const std::string& nodeName);
    /// The typed form of a pod's document: the one made at its last event when `document` is
    /// that event's (a pod's previous state was its last new one), parsed otherwise.
    [[nodiscard]] std::shared_ptr<const core::Pod> typedPod(const core::ObjectKey& key, const core::ObjectPtr& document);

    core::Engine* m_engine = nullptr;
    std::unique_ptr<Scheduler> m_scheduler;
    std::optional<std::int64_t> m_armedAt; ///< virtual time of the armed timer
    core::Wake m_armedWake = core::Wake::Background;
    std::uint64_t m_timerGeneration = 0;
    /// Each pod's latest document from the watch with its typed form (null when it does not
    /// parse), so an update parses only the new state.
    std::map<core::ObjectKey, std::pair<core::ObjectPtr, std::shared_ptr<const core::Pod>>> m_typedPods;
};

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

#include "core/api/object.h"
#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

class Engine;

/// What the disruption controller computes for one PodDisruptionBudget.
struct DisruptionStatus {
    std::int64_t expectedPods = 0;
    std::int64_t currentHealthy = 0;
    std::int64_t desiredHealthy = 0;
    std::int64_t disruptionsAllowed = 0;
};

/// Upstream's disruption controller maths (pkg/controller/disruption, trySync): the pods
/// the selector picks, the expected count (from the owning controllers' replicas for
/// `maxUnavailable` and percentages, else the pods found), the healthy ones (Ready and not
/// being deleted), and how many may be disrupted now.
[[nodiscard]] DisruptionStatus computeDisruption(const Engine& engine, const Json& pdb);

/// The disruption controller: keeps every PodDisruptionBudget's status (currentHealthy,
/// desiredHealthy, expectedPods, disruptionsAllowed, the DisruptionAllowed condition).
class DisruptionController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "disruption-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_queue.empty(); }
    void work() override;

    void sync(const ObjectKey& key);

private:
    Engine* m_engine = nullptr;
    WorkQueue<ObjectKey> m_queue;
};

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/api/error.h"
#include "core/sim/clock.h"
#include "core/sim/component.h"

namespace kubelab::core {

/// One pod as the replica calculator sees it (upstream's groupPods inputs).
struct HpaPodSample {
    std::string name;
    std::string phase = "Running";
    bool deleting = false;
    std::optional<std::string> ready = "True"; ///< status of the Ready condition; unset: no condition
    std::optional<VirtualTime> startTime;
    VirtualTime readyTransition = 0;           ///< lastTransitionTime of the Ready condition
    std::optional<std::int64_t> usage;         ///< metric in milli-units; unset: no metrics for it
    std::optional<std::int64_t> request;       ///< sum of the containers' requests in milli-units
    std::string containerWithoutRequest;       ///< first container with no request (when `request` is unset)
};

/// Which target a Resource metric has.
enum class HpaTargetType { Utilization, AverageValue };

struct ReplicaCalculation {
    std::int32_t replicas = 0;
    std::int32_t utilization = 0;   ///< percent of request (Utilization targets)
    std::int64_t rawAverage = 0;    ///< average usage per pod in milli-units
};

inline constexpr double kHpaTolerance = 0.1;
inline constexpr Duration kHpaSyncPeriod = 15 * kSecond;
inline constexpr Duration kHpaCpuInitializationPeriod = 5 * kMinute;
inline constexpr Duration kHpaInitialReadinessDelay = 30 * kSecond;
inline constexpr Duration kHpaDownscaleStabilization = 5 * kMinute;
/// metrics-server's window (its default resolution).
inline constexpr Duration kMetricsWindow = 15 * kSecond;

/// Upstream's ReplicaCalculator.GetResourceReplicas / GetRawResourceReplicas
/// (pkg/controller/podautoscaler/replica_calculator.go): the usage ratio over the pods
/// with metrics, the 0.1 tolerance, missing pods counted at 100 % (scale down) or 0 %
/// (scale up), unready pods at 0 % on a scale up, and no change when that flips the
/// direction. `target` is the utilization percent or the average value in milli-units.
/// Errors carry upstream's texts.
[[nodiscard]] Result<ReplicaCalculation> calculateResourceReplicas(std::int32_t currentReplicas, std::int64_t target,
                                                                  HpaTargetType type, const std::string& resource,
                                                                  const std::vector<HpaPodSample>& pods, VirtualTime now);

/// The HorizontalPodAutoscaler controller (autoscaling/v2, upstream's
/// pkg/controller/podautoscaler/horizontal.go): every 15 s it reads the target's scale and
/// the pods' usage from the usage model (core/node/usage.h, what metrics-server serves),
/// computes the replicas per metric, stabilizes (scale-down window 300 s), limits the rate
/// (behaviors, or upstream's max(2×current, 4) without them), clamps to min/max, scales the
/// target and reports status, conditions and events as upstream. Its memory of recent
/// recommendations and scale events is kept with the lab, so a reopened lab carries on.
/// Simplified: Resource metrics (cpu, memory) only; Pods, Object, External and
/// ContainerResource metrics are reported as unsupported.
class HorizontalPodAutoscalerController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "horizontal-pod-autoscaler"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return false; }
    void work() override {}

    /// Runs one reconcile of the autoscaler now (tests; the timer calls it every 15 s).
    void sync(const ObjectKey& key);

private:
    void scheduleNext(const ObjectKey& key, VirtualTime created);

    Engine* m_engine = nullptr;
    std::set<std::pair<ObjectKey, VirtualTime>> m_scheduled;
};

} // namespace kubelab::core

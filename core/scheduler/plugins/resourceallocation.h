// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/api/podtypes.h"
#include "core/scheduler/nodeinfo.h"

namespace kubelab::scheduler::noderesources {

/// A resource and its weight in a scoring strategy (`{name: cpu, weight: 1}`).
struct ResourceSpec {
    std::string name;
    std::int64_t weight = 1;
};

/// One point of RequestedToCapacityRatio's shape (utilization 0..100, score 0..10).
struct UtilizationShapePoint {
    std::int64_t utilization = 0;
    std::int64_t score = 0;
};

/// The amount of `name` in a resource list (cpu in millicores, others in units).
[[nodiscard]] std::int64_t amountOf(const core::ResourceAmounts& amounts, std::string_view name);

/// How a ResourceAllocationScorer turns used fractions into a score.
enum class ScoringStrategy : std::uint8_t {
    LeastAllocated,           ///< `(A − R)·100/A`, weighted mean
    MostAllocated,            ///< `min(R, A)·100/A`, weighted mean
    RequestedToCapacityRatio, ///< broken-linear shape over utilization, rounded mean of positive scores
    BalancedAllocation,       ///< `(1 − std)·100` over the fractions
};

/// Upstream's `resourceAllocationScorer`: per resource of the strategy, the node's
/// allocatable and requested amounts (with the pod's request added), scored by the
/// strategy. `useRequested` picks the real requests (BalancedAllocation) instead of the
/// non-zero ones (NodeResourcesFit's strategies) for cpu and memory.
class ResourceAllocationScorer {
public:
    ResourceAllocationScorer() = default;
    /// `shape` is RequestedToCapacityRatio's, with scores 0..10 as configured.
    ResourceAllocationScorer(std::vector<ResourceSpec> resources, bool useRequested, ScoringStrategy strategy,
                             const std::vector<UtilizationShapePoint>& shape = {});

    [[nodiscard]] const std::vector<ResourceSpec>& resources() const { return m_resources; }
    [[nodiscard]] ScoringStrategy strategy() const { return m_strategy; }
    /// The pod's request per strategy resource (upstream `calculatePodResourceRequestList`).
    [[nodiscard]] std::vector<std::int64_t> podRequests(const core::Pod& pod) const;
    /// The node's score for a pod with these requests.
    [[nodiscard]] std::int64_t score(const NodeInfo& nodeInfo, const std::vector<std::int64_t>& podRequests) const;
    /// The strategy applied to already gathered amounts (resources with 0 allocatable are skipped).
    [[nodiscard]] std::int64_t scoreAmounts(std::span<const std::int64_t> requested,
                                            std::span<const std::int64_t> allocatable) const;

private:
    enum class Kind : std::uint8_t { Cpu, Memory, EphemeralStorage, Scalar, Other };

    std::vector<ResourceSpec> m_resources;
    std::vector<Kind> m_kinds;
    bool m_useRequested = false;
    ScoringStrategy m_strategy = ScoringStrategy::LeastAllocated;
    std::vector<UtilizationShapePoint> m_shape; ///< scores scaled to 0..100
};

/// `((capacity − requested) · 100) / capacity`, 0 when requested exceeds capacity.
[[nodiscard]] std::int64_t leastRequestedScore(std::int64_t requested, std::int64_t capacity);
/// `(min(requested, capacity) · 100) / capacity`.
[[nodiscard]] std::int64_t mostRequestedScore(std::int64_t requested, std::int64_t capacity);
/// Upstream `BuildBrokenLinearFunction` over a shape (scores as given).
[[nodiscard]] std::int64_t brokenLinear(const std::vector<UtilizationShapePoint>& shape, std::int64_t utilization);
/// Upstream `balancedResourceScorer`: `(1 − std) · 100` over the used fractions.
[[nodiscard]] std::int64_t balancedResourceScore(std::span<const std::int64_t> requested,
                                                 std::span<const std::int64_t> allocatable);

} // namespace kubelab::scheduler::noderesources

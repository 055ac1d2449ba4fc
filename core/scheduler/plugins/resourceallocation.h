// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
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

/// Upstream's `resourceAllocationScorer`: per resource of the strategy, the node's
/// allocatable and requested amounts (with the pod's request added), handed to a scorer
/// function. `useRequested` picks the real requests (BalancedAllocation) instead of the
/// non-zero ones (NodeResourcesFit's strategies) for cpu and memory.
class ResourceAllocationScorer {
public:
    using ScorerFn = std::function<std::int64_t(std::span<const std::int64_t> requested,
                                                std::span<const std::int64_t> allocatable)>;

    ResourceAllocationScorer() = default;
    ResourceAllocationScorer(std::vector<ResourceSpec> resources, bool useRequested, ScorerFn scorer);

    [[nodiscard]] const std::vector<ResourceSpec>& resources() const { return m_resources; }
    /// The pod's request per strategy resource (upstream `calculatePodResourceRequestList`).
    [[nodiscard]] std::vector<std::int64_t> podRequests(const core::Pod& pod) const;
    /// The node's score for a pod with these requests.
    [[nodiscard]] std::int64_t score(const NodeInfo& nodeInfo, const std::vector<std::int64_t>& podRequests) const;

private:
    enum class Kind : std::uint8_t { Cpu, Memory, EphemeralStorage, Scalar, Other };

    std::vector<ResourceSpec> m_resources;
    std::vector<Kind> m_kinds;
    bool m_useRequested = false;
    ScorerFn m_scorer;
};

/// `((capacity − requested) · 100) / capacity`, 0 when requested exceeds capacity.
[[nodiscard]] std::int64_t leastRequestedScore(std::int64_t requested, std::int64_t capacity);
/// `(min(requested, capacity) · 100) / capacity`.
[[nodiscard]] std::int64_t mostRequestedScore(std::int64_t requested, std::int64_t capacity);
[[nodiscard]] ResourceAllocationScorer::ScorerFn leastResourceScorer(std::vector<ResourceSpec> resources);
[[nodiscard]] ResourceAllocationScorer::ScorerFn mostResourceScorer(std::vector<ResourceSpec> resources);
/// Shape scores are 0..10 and scaled by 10 here, as upstream does.
[[nodiscard]] ResourceAllocationScorer::ScorerFn
requestedToCapacityRatioScorer(std::vector<ResourceSpec> resources, const std::vector<UtilizationShapePoint>& shape);
/// Upstream `balancedResourceScorer`: `(1 − std) · 100` over the used fractions.
[[nodiscard]] std::int64_t balancedResourceScore(std::span<const std::int64_t> requested,
                                                 std::span<const std::int64_t> allocatable);

} // namespace kubelab::scheduler::noderesources

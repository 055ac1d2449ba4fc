// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/resourceallocation.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/scheduler/plugin.h"

namespace kubelab::scheduler::noderesources {

namespace {

constexpr std::int64_t kMaxUtilization = 100;
constexpr std::int64_t kMaxCustomPriorityScore = 10;

} // namespace

std::int64_t amountOf(const core::ResourceAmounts& amounts, std::string_view name)
{
    if (name == "cpu")
        return amounts.milliCpu;
    if (name == "memory")
        return amounts.memory;
    if (name == "ephemeral-storage")
        return amounts.ephemeralStorage;
    if (name == "pods")
        return amounts.pods;
    return amounts.scalarValue(name);
}

ResourceAllocationScorer::ResourceAllocationScorer(std::vector<ResourceSpec> resources, bool useRequested,
                                                   ScoringStrategy strategy,
                                                   const std::vector<UtilizationShapePoint>& shape)
    : m_resources(std::move(resources)), m_useRequested(useRequested), m_strategy(strategy)
{
    // Shape scores are 0..10 (MaxCustomPriorityScore); the scheduler's range is 0..100.
    for (const UtilizationShapePoint& p : shape)
        m_shape.push_back(UtilizationShapePoint{p.utilization, p.score * (kMaxNodeScore / kMaxCustomPriorityScore)});
    for (const ResourceSpec& r : m_resources) {
        if (r.name == "cpu")
            m_kinds.push_back(Kind::Cpu);
        else if (r.name == "memory")
            m_kinds.push_back(Kind::Memory);
        else if (r.name == "ephemeral-storage")
            m_kinds.push_back(Kind::EphemeralStorage);
        else if (core::isScalarResourceName(r.name))
            m_kinds.push_back(Kind::Scalar);
        else
            m_kinds.push_back(Kind::Other);
    }
}

std::vector<std::int64_t> ResourceAllocationScorer::podRequests(const core::Pod& pod) const
{
    const core::ResourceAmounts& requests = m_useRequested ? pod.requests : pod.nonZeroRequests;
    std::vector<std::int64_t> out;
    out.reserve(m_resources.size());
    for (const ResourceSpec& r : m_resources)
        out.push_back(amountOf(requests, r.name));
    return out;
}

std::int64_t ResourceAllocationScorer::score(const NodeInfo& nodeInfo, const std::vector<std::int64_t>& podRequests) const
{
    if (m_resources.empty())
        return 0;
    constexpr std::size_t kInline = 8;
    std::array<std::int64_t, kInline> requestedInline{};
    std::array<std::int64_t, kInline> allocatableInline{};
    std::vector<std::int64_t> requestedHeap;
    std::vector<std::int64_t> allocatableHeap;
    std::span<std::int64_t> requested(requestedInline.data(), m_resources.size());
    std::span<std::int64_t> allocatable(allocatableInline.data(), m_resources.size());
    if (m_resources.size() > kInline) {
        requestedHeap.assign(m_resources.size(), 0);
        allocatableHeap.assign(m_resources.size(), 0);
        requested = requestedHeap;
        allocatable = allocatableHeap;
    }
    const core::ResourceAmounts& nodeRequested = m_useRequested ? nodeInfo.requested() : nodeInfo.nonZeroRequested();
    for (std::size_t i = 0; i < m_resources.size(); ++i) {
        const std::int64_t podRequest = podRequests[i];
        std::int64_t alloc = 0;
        std::int64_t req = 0;
        switch (m_kinds[i]) {
        case Kind::Cpu:
            alloc = nodeInfo.allocatable().milliCpu;
            req = nodeRequested.milliCpu + podRequest;
            break;
        case Kind::Memory:
            alloc = nodeInfo.allocatable().memory;
            req = nodeRequested.memory + podRequest;
            break;
        case Kind::EphemeralStorage:
            alloc = nodeInfo.allocatable().ephemeralStorage;
            req = nodeInfo.requested().ephemeralStorage + podRequest;
            break;
        case Kind::Scalar: {
            // An extended resource the pod does not ask for is left out of the score.
            if (podRequest == 0)
                continue;
            auto it = nodeInfo.allocatable().scalar.find(m_resources[i].name);
            if (it == nodeInfo.allocatable().scalar.end())
                continue;
            alloc = it->second;
            req = nodeInfo.requested().scalarValue(m_resources[i].name) + podRequest;
            break;
        }
        case Kind::Other: continue;
        }
        if (alloc == 0)
            continue;
        allocatable[i] = alloc;
        requested[i] = req;
    }
    return scoreAmounts(requested, allocatable);
}

std::int64_t ResourceAllocationScorer::scoreAmounts(std::span<const std::int64_t> requested,
                                                    std::span<const std::int64_t> allocatable) const
{
    switch (m_strategy) {
    case ScoringStrategy::LeastAllocated:
    case ScoringStrategy::MostAllocated: {
        const bool least = m_strategy == ScoringStrategy::LeastAllocated;
        std::int64_t nodeScore = 0;
        std::int64_t weightSum = 0;
        for (std::size_t i = 0; i < requested.size(); ++i) {
            if (allocatable[i] == 0)
                continue;
            const std::int64_t s = least ? leastRequestedScore(requested[i], allocatable[i])
                                         : mostRequestedScore(requested[i], allocatable[i]);
            nodeScore += s * m_resources[i].weight;
            weightSum += m_resources[i].weight;
        }
        return weightSum == 0 ? 0 : nodeScore / weightSum;
    }
    case ScoringStrategy::RequestedToCapacityRatio: {
        std::int64_t nodeScore = 0;
        std::int64_t weightSum = 0;
        for (std::size_t i = 0; i < requested.size(); ++i) {
            if (allocatable[i] == 0)
                continue;
            const std::int64_t capacity = allocatable[i];
            const std::int64_t resourceScore = requested[i] > capacity
                ? brokenLinear(m_shape, kMaxUtilization)
                : brokenLinear(m_shape, requested[i] * kMaxUtilization / capacity);
            if (resourceScore > 0) {
                nodeScore += resourceScore * m_resources[i].weight;
                weightSum += m_resources[i].weight;
            }
        }
        if (weightSum == 0)
            return 0;
        return static_cast<std::int64_t>(std::round(static_cast<double>(nodeScore) / static_cast<double>(weightSum)));
    }
    case ScoringStrategy::BalancedAllocation: return balancedResourceScore(requested, allocatable);
    }
    return 0;
}

std::int64_t leastRequestedScore(std::int64_t requested, std::int64_t capacity)
{
    if (capacity == 0 || requested > capacity)
        return 0;
    return ((capacity - requested) * kMaxNodeScore) / capacity;
}

std::int64_t mostRequestedScore(std::int64_t requested, std::int64_t capacity)
{
    if (capacity == 0)
        return 0;
    if (requested > capacity)
        requested = capacity;
    return (requested * kMaxNodeScore) / capacity;
}

std::int64_t brokenLinear(const std::vector<UtilizationShapePoint>& shape, std::int64_t p)
{
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (p <= shape[i].utilization) {
            if (i == 0)
                return shape[0].score;
            return shape[i - 1].score
                + (shape[i].score - shape[i - 1].score) * (p - shape[i - 1].utilization)
                / (shape[i].utilization - shape[i - 1].utilization);
        }
    }
    return shape.empty() ? 0 : shape.back().score;
}

std::int64_t balancedResourceScore(std::span<const std::int64_t> requested, std::span<const std::int64_t> allocatable)
{
    // The usual cpu + memory pair: std = |f1 − f2| / 2.
    if (requested.size() == 2 && allocatable[0] != 0 && allocatable[1] != 0) {
        const double f1 = std::min(1.0, static_cast<double>(requested[0]) / static_cast<double>(allocatable[0]));
        const double f2 = std::min(1.0, static_cast<double>(requested[1]) / static_cast<double>(allocatable[1]));
        return static_cast<std::int64_t>((1 - std::abs((f1 - f2) / 2)) * static_cast<double>(kMaxNodeScore));
    }
    constexpr std::size_t kInline = 8;
    std::array<double, kInline> inlineFractions{};
    std::vector<double> heapFractions;
    std::size_t count = 0;
    auto push = [&](double f) {
        if (count < kInline)
            inlineFractions[count] = f;
        else {
            if (heapFractions.empty())
                heapFractions.assign(inlineFractions.begin(), inlineFractions.end());
            heapFractions.push_back(f);
        }
        ++count;
    };
    double totalFraction = 0;
    for (std::size_t i = 0; i < requested.size(); ++i) {
        if (allocatable[i] == 0)
            continue;
        double fraction = static_cast<double>(requested[i]) / static_cast<double>(allocatable[i]);
        if (fraction > 1)
            fraction = 1;
        totalFraction += fraction;
        push(fraction);
    }
    std::span<const double> fractions = heapFractions.empty()
        ? std::span<const double>(inlineFractions.data(), count)
        : std::span<const double>(heapFractions);
    double deviation = 0;
    if (fractions.size() == 2) {
        deviation = std::abs((fractions[0] - fractions[1]) / 2);
    } else if (fractions.size() > 2) {
        const double mean = totalFraction / static_cast<double>(fractions.size());
        double sum = 0;
        for (double f : fractions)
            sum += (f - mean) * (f - mean);
        deviation = std::sqrt(sum / static_cast<double>(fractions.size()));
    }
    return static_cast<std::int64_t>((1 - deviation) * static_cast<double>(kMaxNodeScore));
}

} // namespace kubelab::scheduler::noderesources

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/noderesourcesbalancedallocation.h"

#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler::noderesources {

namespace {

constexpr std::string_view kBalancedAllocationPreScoreKey = "PreScoreNodeResourcesBalancedAllocation";

struct BalancedAllocationPreScoreState final : StateData {
    std::vector<std::int64_t> podRequests;
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<BalancedAllocationPreScoreState>(*this); }
};

} // namespace

NodeResourcesBalancedAllocation::NodeResourcesBalancedAllocation(std::vector<ResourceSpec> resources)
    : m_scorer(std::move(resources), true, ScoringStrategy::BalancedAllocation)
{
}

core::Result<std::unique_ptr<Plugin>> NodeResourcesBalancedAllocation::create(const core::Json& args, Handle& /*handle*/)
{
    std::vector<ResourceSpec> resources;
    if (args.is_object() && args.contains("resources") && args["resources"].is_array()) {
        for (const core::Json& r : args["resources"]) {
            if (!r.is_object())
                continue;
            ResourceSpec spec;
            spec.name = r.value("name", "");
            spec.weight = r.value("weight", 1);
            resources.push_back(std::move(spec));
        }
    }
    if (resources.empty())
        resources = {{"cpu", 1}, {"memory", 1}};
    return std::make_unique<NodeResourcesBalancedAllocation>(std::move(resources));
}

std::string_view NodeResourcesBalancedAllocation::name() const
{
    return names::NodeResourcesBalancedAllocation;
}

Status NodeResourcesBalancedAllocation::preScore(CycleState& state, const core::Pod& pod,
                                                 std::span<NodeInfo* const> /*nodes*/)
{
    auto s = std::make_unique<BalancedAllocationPreScoreState>();
    s->podRequests = m_scorer.podRequests(pod);
    state.write(kBalancedAllocationPreScoreKey, std::move(s));
    return {};
}

Status NodeResourcesBalancedAllocation::score(CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo,
                                              std::int64_t& score)
{
    if (const auto* s = state.get<BalancedAllocationPreScoreState>(kBalancedAllocationPreScoreKey)) {
        score = m_scorer.score(nodeInfo, s->podRequests);
        return {};
    }
    score = m_scorer.score(nodeInfo, m_scorer.podRequests(pod));
    return {};
}

} // namespace kubelab::scheduler::noderesources

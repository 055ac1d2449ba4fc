// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"
#include "core/scheduler/plugins/resourceallocation.h"

namespace kubelab::scheduler::noderesources {

/// NodeResourcesBalancedAllocation: favours nodes whose cpu and memory (or the configured
/// resources) would be used in equal fractions, `(1 − std) · 100` over real requests.
class NodeResourcesBalancedAllocation final : public PreScorePlugin, public ScorePlugin {
public:
    explicit NodeResourcesBalancedAllocation(std::vector<ResourceSpec> resources);
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);

    [[nodiscard]] std::string_view name() const override;
    [[nodiscard]] Status preScore(CycleState& state, const core::Pod& pod, std::span<NodeInfo* const> nodes) override;
    [[nodiscard]] Status score(CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo,
                               std::int64_t& score) override;

private:
    ResourceAllocationScorer m_scorer;
};

} // namespace kubelab::scheduler::noderesources

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"
#include "core/scheduler/plugins/resourceallocation.h"

namespace kubelab::scheduler::noderesources {

/// `NodeResourcesFitArgs` after v1 defaulting.
struct NodeResourcesFitArgs {
    enum class Strategy { LeastAllocated, MostAllocated, RequestedToCapacityRatio };
    std::vector<std::string> ignoredResources;
    std::vector<std::string> ignoredResourceGroups;
    Strategy strategy = Strategy::LeastAllocated;
    std::vector<ResourceSpec> resources{{"cpu", 1}, {"memory", 1}};
    std::vector<UtilizationShapePoint> shape; ///< RequestedToCapacityRatio only

    /// Decodes, defaults and validates (`ValidateNodeResourcesFitArgs`, upstream's texts).
    [[nodiscard]] static core::Result<NodeResourcesFitArgs> fromJson(const core::Json& args);
};

/// A resource the node lacks for the pod (upstream `InsufficientResource`).
struct InsufficientResource {
    std::string resourceName;
    std::string reason; ///< `Insufficient cpu`, `Too many pods`, ...
    std::int64_t requested = 0;
    std::int64_t used = 0;
    std::int64_t capacity = 0;
};

/// Upstream `fitsRequest`: the pod-count check first, then every requested resource.
[[nodiscard]] std::vector<InsufficientResource> fitsRequest(const core::ResourceAmounts& podRequest,
                                                            const NodeInfo& nodeInfo,
                                                            const std::set<std::string, std::less<>>& ignoredResources,
                                                            const std::set<std::string, std::less<>>& ignoredGroups);

/// NodeResourcesFit: filters nodes without room for the pod's requests and scores the rest
/// with the configured strategy (LeastAllocated by default).
class NodeResourcesFit final : public PreFilterPlugin,
                               public FilterPlugin,
                               public PreScorePlugin,
                               public ScorePlugin,
                               public EnqueueExtensions {
public:
    explicit NodeResourcesFit(const NodeResourcesFitArgs& args);
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);

    [[nodiscard]] std::string_view name() const override;
    [[nodiscard]] Status preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& result) override;
    [[nodiscard]] Status filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo) override;
    [[nodiscard]] Status preScore(CycleState& state, const core::Pod& pod, std::span<NodeInfo* const> nodes) override;
    [[nodiscard]] Status score(CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo,
                               std::int64_t& score) override;
    [[nodiscard]] std::vector<ClusterEvent> eventsToRegister() const override;

    [[nodiscard]] const ResourceAllocationScorer& scorer() const { return m_scorer; }

private:
    std::set<std::string, std::less<>> m_ignoredResources;
    std::set<std::string, std::less<>> m_ignoredGroups;
    ResourceAllocationScorer m_scorer;
};

} // namespace kubelab::scheduler::noderesources

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/api/error.h"
#include "core/scheduler/config.h"
#include "core/scheduler/plugin.h"
#include "core/scheduler/plugins/registry.h"

namespace kubelab::scheduler {

class Snapshot;

/// Knows which pods were nominated to which node by preemption (the queue implements it).
class PodNominator {
public:
    virtual ~PodNominator() = default;
    /// The pods nominated to `nodeName`, or nullptr when there are none.
    [[nodiscard]] virtual const std::vector<PodPtr>* nominatedPods(std::string_view nodeName) const = 0;
};

/// One Score plugin of a profile with its weight.
struct WeightedScorePlugin {
    ScorePlugin* plugin = nullptr;
    std::int64_t weight = 1;
};

/// A profile: its plugins filed per extension point, in the order upstream's framework
/// would run them, and the runners for each point (upstream `frameworkImpl`). Implements
/// the Handle the plugins were built with.
class Framework final : public Handle {
public:
    /// Builds the profile's plugins from the registry, expanding multiPoint as upstream
    /// does. Errors carry upstream's text (`initializing plugin "NodeResourcesFit": ...`,
    /// `FilterPlugin "Foo" does not exist`, `score plugin "X" is not configured with weight`).
    /// `outOfTree` adds plugins to the in-tree registry (upstream's out-of-tree registry).
    [[nodiscard]] static core::Result<std::unique_ptr<Framework>>
    create(const ProfileConfig& profile, const Snapshot& snapshot, const PodNominator* nominator = nullptr,
           std::span<const RegistryEntry> outOfTree = {});
    ~Framework() override;

    [[nodiscard]] const std::string& profileName() const { return m_profileName; }
    [[nodiscard]] std::optional<std::int32_t> percentageOfNodesToScore() const { return m_percentage; }

    [[nodiscard]] QueueSortPlugin* queueSortPlugin() const { return m_queueSort; }
    [[nodiscard]] const std::vector<PreEnqueuePlugin*>& preEnqueuePlugins() const { return m_preEnqueue; }
    [[nodiscard]] const std::vector<PreFilterPlugin*>& preFilterPlugins() const { return m_preFilter; }
    [[nodiscard]] const std::vector<FilterPlugin*>& filterPlugins() const { return m_filter; }
    [[nodiscard]] const std::vector<PostFilterPlugin*>& postFilterPlugins() const { return m_postFilter; }
    [[nodiscard]] const std::vector<PreScorePlugin*>& preScorePlugins() const { return m_preScore; }
    [[nodiscard]] const std::vector<WeightedScorePlugin>& scorePlugins() const { return m_score; }
    [[nodiscard]] const std::vector<ReservePlugin*>& reservePlugins() const { return m_reserve; }
    [[nodiscard]] const std::vector<PermitPlugin*>& permitPlugins() const { return m_permit; }
    [[nodiscard]] const std::vector<PreBindPlugin*>& preBindPlugins() const { return m_preBind; }
    [[nodiscard]] const std::vector<BindPlugin*>& bindPlugins() const { return m_bind; }
    [[nodiscard]] const std::vector<PostBindPlugin*>& postBindPlugins() const { return m_postBind; }
    /// Every instantiated plugin by name.
    [[nodiscard]] Plugin* plugin(std::string_view name) const;
    /// The events each plugin registered (EnqueueExtensions), by plugin name.
    [[nodiscard]] const std::unordered_map<std::string, std::vector<ClusterEvent>>& enqueueEvents() const
    {
        return m_events;
    }

    /// First PreEnqueue plugin that does not return Success (its status names it).
    [[nodiscard]] Status runPreEnqueuePlugins(const core::Pod& pod);
    /// Runs PreFilter plugins; Skip ones are recorded in `state`. `pluginsWithNodes` gets
    /// the plugins that narrowed the node set.
    [[nodiscard]] Status runPreFilterPlugins(CycleState& state, const core::Pod& pod, PreFilterResult& result,
                                             std::vector<std::string_view>& pluginsWithNodes);
    /// Filter plugins in order, stopping at the first that rejects the node.
    [[nodiscard]] Status runFilterPlugins(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo);
    [[nodiscard]] Status runPostFilterPlugins(CycleState& state, const core::Pod& pod,
                                              const NodeToStatus& statuses, PostFilterResult& result);
    [[nodiscard]] Status runPreScorePlugins(CycleState& state, const core::Pod& pod,
                                            std::span<NodeInfo* const> nodes);
    [[nodiscard]] Status runReservePluginsReserve(CycleState& state, const core::Pod& pod, const std::string& node);
    void runReservePluginsUnreserve(CycleState& state, const core::Pod& pod, const std::string& node);
    [[nodiscard]] Status runPermitPlugins(CycleState& state, const core::Pod& pod, const std::string& node);
    [[nodiscard]] Status runPreBindPlugins(CycleState& state, const core::Pod& pod, const std::string& node);
    [[nodiscard]] Status runBindPlugins(CycleState& state, const core::Pod& pod, const std::string& node);
    void runPostBindPlugins(CycleState& state, const core::Pod& pod, const std::string& node);

    // Handle
    [[nodiscard]] const Snapshot& snapshot() const override { return *m_snapshot; }
    [[nodiscard]] Status runFilterPluginsWithNominatedPods(CycleState& state, const core::Pod& pod,
                                                           const NodeInfo& nodeInfo) override;
    [[nodiscard]] Status runPreFilterExtensionAddPod(CycleState& state, const core::Pod& podToSchedule,
                                                     const PodPtr& podToAdd, const NodeInfo& nodeInfo) override;
    [[nodiscard]] Status runPreFilterExtensionRemovePod(CycleState& state, const core::Pod& podToSchedule,
                                                        const PodPtr& podToRemove, const NodeInfo& nodeInfo) override;
    [[nodiscard]] std::vector<PodPtr> nominatedPodsForNode(std::string_view nodeName) const override;
    [[nodiscard]] std::uint64_t random() override;
    /// The random source of the running cycle (the scheduler sets it; may be null).
    void setRandomSource(const std::function<std::uint64_t()>* random) { m_random = random; }

    /// Filters one node as the cycle does: with equal or higher priority nominated pods
    /// first, then without them (upstream's two passes).
    [[nodiscard]] Status filterNode(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo);

    /// Fixes the Filter plugins of the running cycle from the PreFilter skips recorded in
    /// `state` (every state of a cycle shares them), so per-node filtering does not look
    /// the skips up again. `endCycle` forgets it.
    void beginFilterPhase(const CycleState& state);
    void endCycle() { m_activeFiltersReady = false; }

private:
    Framework() = default;

    std::string m_profileName;
    std::optional<std::int32_t> m_percentage;
    const Snapshot* m_snapshot = nullptr;
    const PodNominator* m_nominator = nullptr;
    const std::function<std::uint64_t()>* m_random = nullptr;
    std::vector<std::unique_ptr<Plugin>> m_owned;
    std::unordered_map<std::string, Plugin*> m_byName;
    std::unordered_map<std::string, std::vector<ClusterEvent>> m_events;

    QueueSortPlugin* m_queueSort = nullptr;
    std::vector<PreEnqueuePlugin*> m_preEnqueue;
    std::vector<PreFilterPlugin*> m_preFilter;
    std::vector<FilterPlugin*> m_filter;
    std::vector<FilterPlugin*> m_activeFilters;
    bool m_activeFiltersReady = false;
    std::vector<PostFilterPlugin*> m_postFilter;
    std::vector<PreScorePlugin*> m_preScore;
    std::vector<WeightedScorePlugin> m_score;
    std::vector<ReservePlugin*> m_reserve;
    std::vector<PermitPlugin*> m_permit;
    std::vector<PreBindPlugin*> m_preBind;
    std::vector<BindPlugin*> m_bind;
    std::vector<PostBindPlugin*> m_postBind;
};

} // namespace kubelab::scheduler

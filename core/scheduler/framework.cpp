// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/framework.h"

#include <algorithm>
#include <limits>

#include "core/scheduler/plugins/helper.h"
#include "core/scheduler/plugins/names.h"
#include "core/scheduler/plugins/registry.h"
#include "core/scheduler/snapshot.h"

namespace kubelab::scheduler {

namespace {

using core::fail;
using core::ErrorCode;

/// In-tree plugin names (names.h): a default multiPoint plugin of this set that the
/// registry does not build is left out of the profile instead of failing it.
bool isInTreeName(std::string_view name)
{
    static constexpr std::string_view all[] = {
        names::PrioritySort,      names::DefaultBinder,      names::DefaultPreemption,
        names::DynamicResources,  names::ImageLocality,      names::InterPodAffinity,
        names::NodeAffinity,      names::NodeName,           names::NodePorts,
        names::NodeResourcesBalancedAllocation,              names::NodeResourcesFit,
        names::NodeUnschedulable, names::NodeVolumeLimits,   names::PodTopologySpread,
        names::SchedulingGates,   names::TaintToleration,    names::VolumeBinding,
        names::VolumeRestrictions, names::VolumeZone,
    };
    return std::find(std::begin(all), std::end(all), name) != std::end(all);
}

/// Upstream's `updatePluginList` followed by `expandMultiPointPlugins` for one extension point.
template <typename T>
core::Status fillPoint(std::vector<T*>& out, std::string_view typeName, const PluginSet& set,
                       const PluginSet& multiPoint, const std::unordered_map<std::string, Plugin*>& byName)
{
    std::vector<std::string> enabled;
    for (const PluginRef& ep : set.enabled) {
        auto it = byName.find(ep.name);
        if (it == byName.end())
            return fail(ErrorCode::Invalid, std::string(typeName) + " " + helper::quoted(ep.name) + " does not exist");
        if (!dynamic_cast<T*>(it->second))
            return fail(ErrorCode::Invalid, "plugin " + helper::quoted(ep.name) + " does not extend " + std::string(typeName) + " plugin");
        if (std::find(enabled.begin(), enabled.end(), ep.name) != enabled.end())
            return fail(ErrorCode::Invalid,
                        "plugin " + helper::quoted(ep.name) + " already registered as " + helper::quoted(typeName));
        enabled.push_back(ep.name);
    }
    std::vector<std::string> ordered = enabled;
    if (!multiPoint.enabled.empty()
        && std::find(set.disabled.begin(), set.disabled.end(), "*") == set.disabled.end()) {
        std::vector<std::string> multiPointEnabled;
        std::vector<std::string> overrides;
        for (const PluginRef& ep : multiPoint.enabled) {
            auto it = byName.find(ep.name);
            if (it == byName.end()) {
                if (isInTreeName(ep.name))
                    continue;
                return fail(ErrorCode::Invalid, std::string(typeName) + " " + helper::quoted(ep.name) + " does not exist");
            }
            if (!dynamic_cast<T*>(it->second))
                continue;
            if (std::find(set.disabled.begin(), set.disabled.end(), ep.name) != set.disabled.end())
                continue;
            if (std::find(enabled.begin(), enabled.end(), ep.name) != enabled.end()) {
                overrides.push_back(ep.name);
                continue;
            }
            if (std::find(multiPointEnabled.begin(), multiPointEnabled.end(), ep.name) != multiPointEnabled.end())
                return fail(ErrorCode::Invalid, "plugin " + helper::quoted(ep.name) + " already registered as " + helper::quoted(typeName));
            multiPointEnabled.push_back(ep.name);
        }
        ordered.clear();
        for (const std::string& name : enabled)
            if (std::find(overrides.begin(), overrides.end(), name) != overrides.end())
                ordered.push_back(name);
        ordered.insert(ordered.end(), multiPointEnabled.begin(), multiPointEnabled.end());
        for (const std::string& name : enabled)
            if (std::find(overrides.begin(), overrides.end(), name) == overrides.end())
                ordered.push_back(name);
    }
    out.clear();
    for (const std::string& name : ordered)
        out.push_back(dynamic_cast<T*>(byName.at(name)));
    return {};
}

} // namespace

Framework::~Framework() = default;

core::Result<std::unique_ptr<Framework>> Framework::create(const ProfileConfig& profile, const Snapshot& snapshot,
                                                           const PodNominator* nominator,
                                                           std::span<const RegistryEntry> outOfTree)
{
    std::unique_ptr<Framework> f(new Framework());
    f->m_profileName = profile.schedulerName;
    f->m_percentage = profile.percentageOfNodesToScore;
    f->m_snapshot = &snapshot;
    f->m_nominator = nominator;

    std::set<std::string, std::less<>> needed;
    for (const PluginSet& set : profile.plugins.sets)
        for (const PluginRef& p : set.enabled)
            needed.insert(p.name);
    std::vector<RegistryEntry> registry(inTreeRegistry().begin(), inTreeRegistry().end());
    registry.insert(registry.end(), outOfTree.begin(), outOfTree.end());
    for (const RegistryEntry& entry : registry) {
        if (!needed.contains(entry.name) || f->m_byName.contains(std::string(entry.name)))
            continue;
        auto plugin = entry.factory(profile.argsFor(entry.name), *f);
        if (!plugin)
            return fail(ErrorCode::Invalid,
                        "initializing plugin " + helper::quoted(entry.name) + ": " + plugin.error().message);
        Plugin* raw = plugin->get();
        f->m_byName.emplace(std::string(entry.name), raw);
        if (auto* ext = dynamic_cast<EnqueueExtensions*>(raw))
            f->m_events.emplace(std::string(entry.name), ext->eventsToRegister());
        else
            f->m_events.emplace(std::string(entry.name),
                                std::vector<ClusterEvent>{ClusterEvent{EventResource::WildCard, action::All, "*"}});
        f->m_owned.push_back(std::move(*plugin));
    }

    const Plugins& p = profile.plugins;
    const PluginSet& mp = p.at(ExtensionPoint::MultiPoint);
    std::vector<ScorePlugin*> score;
    std::vector<QueueSortPlugin*> queueSort;
    // Upstream's getExtensionPoints order decides which error is reported first.
    if (auto s = fillPoint(f->m_preFilter, "PreFilterPlugin", p.at(ExtensionPoint::PreFilter), mp, f->m_byName); !s)
        return fail(s.error());
    if (auto s = fillPoint(f->m_filter, "FilterPlugin", p.at(ExtensionPoint::Filter), mp, f->m_byName); !s)
        return fail(s.error());
    if (auto s = fillPoint(f->m_postFilter, "PostFilterPlugin", p.at(ExtensionPoint::PostFilter), mp, f->m_byName); !s)
        return fail(s.error());
    if (auto s = fillPoint(f->m_reserve, "ReservePlugin", p.at(ExtensionPoint::Reserve), mp, f->m_byName); !s)
        return fail(s.error());
    if (auto s = fillPoint(f->m_preScore, "PreScorePlugin", p.at(ExtensionPoint::PreScore), mp, f->m_byName); !s)
        return fail(s.error());
    if (auto s = fillPoint(score, "ScorePlugin", p.at(ExtensionPoint::Score), mp, f->m_byName); !s)
        return fail(s.error());
    if (auto s = fillPoint(f->m_preBind, "PreBindPlugin", p.at(ExtensionPoint::PreBind), mp, f->m_byName); !s)
        return fail(s.error());
    if (auto s = fillPoint(f->m_bind, "BindPlugin", p.at(ExtensionPoint::Bind), mp, f->m_byName); !s)
        return fail(s.error());
    if (auto s = fillPoint(f->m_postBind, "PostBindPlugin", p.at(ExtensionPoint::PostBind), mp, f->m_byName); !s)
        return fail(s.error());
    if (auto s = fillPoint(f->m_permit, "PermitPlugin", p.at(ExtensionPoint::Permit), mp, f->m_byName); !s)
        return fail(s.error());
    if (auto s = fillPoint(f->m_preEnqueue, "PreEnqueuePlugin", p.at(ExtensionPoint::PreEnqueue), mp, f->m_byName); !s)
        return fail(s.error());
    if (auto s = fillPoint(queueSort, "QueueSortPlugin", p.at(ExtensionPoint::QueueSort), mp, f->m_byName); !s)
        return fail(s.error());

    if (queueSort.size() != 1)
        return fail(ErrorCode::Invalid, "only one queue sort plugin required for profile with scheduler name "
                                            + helper::quoted(profile.schedulerName) + ", but got " + std::to_string(queueSort.size()));
    f->m_queueSort = queueSort.front();
    if (f->m_bind.empty())
        return fail(ErrorCode::Invalid,
                    "at least one bind plugin is needed for profile with scheduler name " + helper::quoted(profile.schedulerName));

    // Weights: the score list first, then multiPoint; a weight of 0 means 1.
    std::unordered_map<std::string, std::int64_t> weights;
    std::int64_t total = 0;
    auto takeWeights = [&](const PluginSet& set) -> core::Status {
        for (const PluginRef& ref : set.enabled) {
            auto it = f->m_byName.find(ref.name);
            if (it == f->m_byName.end() || !dynamic_cast<ScorePlugin*>(it->second) || weights.contains(ref.name))
                continue;
            const std::int64_t w = ref.weight == 0 ? 1 : ref.weight;
            weights[ref.name] = w;
            if (w * kMaxNodeScore > std::numeric_limits<std::int64_t>::max() - total)
                return fail(ErrorCode::Invalid, "total score of Score plugins could overflow");
            total += w * kMaxNodeScore;
        }
        return {};
    };
    if (auto s = takeWeights(p.at(ExtensionPoint::Score)); !s)
        return fail(s.error());
    if (auto s = takeWeights(mp); !s)
        return fail(s.error());
    for (ScorePlugin* sp : score) {
        auto it = weights.find(std::string(sp->name()));
        if (it == weights.end() || it->second == 0)
            return fail(ErrorCode::Invalid, "score plugin " + helper::quoted(sp->name()) + " is not configured with weight");
        f->m_score.push_back(WeightedScorePlugin{sp, it->second});
    }
    return f;
}

Plugin* Framework::plugin(std::string_view name) const
{
    auto it = m_byName.find(std::string(name));
    return it == m_byName.end() ? nullptr : it->second;
}

Status Framework::runPreEnqueuePlugins(const core::Pod& pod)
{
    for (PreEnqueuePlugin* pl : m_preEnqueue) {
        Status s = pl->preEnqueue(pod);
        if (!s.isSuccess()) {
            s.setPlugin(pl->name());
            return s;
        }
    }
    return {};
}

Status Framework::runPreFilterPlugins(CycleState& state, const core::Pod& pod, PreFilterResult& result,
                                      std::vector<std::string_view>& pluginsWithNodes)
{
    Status returnStatus;
    for (PreFilterPlugin* pl : m_preFilter) {
        PreFilterResult r;
        Status s = pl->preFilter(state, pod, r);
        if (s.isSkip()) {
            state.skipFilter(pl->name());
            continue;
        }
        if (!s.isSuccess()) {
            s.setPlugin(pl->name());
            if (s.code() == Code::UnschedulableAndUnresolvable)
                return s;
            if (s.code() == Code::Unschedulable) {
                returnStatus = std::move(s);
                continue;
            }
            Status e = Status::error("running PreFilter plugin " + helper::quoted(pl->name()) + ": " + s.message());
            e.setPlugin(pl->name());
            return e;
        }
        if (!r.allNodes())
            pluginsWithNodes.push_back(pl->name());
        result.merge(r);
        if (!result.allNodes() && result.nodeNames->empty()) {
            std::vector<std::string_view> sorted = pluginsWithNodes;
            std::sort(sorted.begin(), sorted.end());
            std::string msg;
            if (sorted.size() == 1) {
                msg = "node(s) didn't satisfy plugin " + std::string(sorted.front());
            } else {
                msg = "node(s) didn't satisfy plugin(s) [";
                for (std::size_t i = 0; i < sorted.size(); ++i)
                    msg += (i ? " " : "") + std::string(sorted[i]);
                msg += "] simultaneously";
            }
            return Status(Code::UnschedulableAndUnresolvable, std::move(msg));
        }
    }
    return returnStatus;
}

void Framework::beginFilterPhase(const CycleState& state)
{
    m_activeFilters.clear();
    for (FilterPlugin* pl : m_filter)
        if (!state.filterSkipped(pl->name()))
            m_activeFilters.push_back(pl);
    m_activeFiltersReady = true;
}

Status Framework::runFilterPlugins(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo)
{
    for (FilterPlugin* pl : m_activeFiltersReady ? m_activeFilters : m_filter) {
        if (!m_activeFiltersReady && state.filterSkipped(pl->name()))
            continue;
        Status s = pl->filter(state, pod, nodeInfo);
        if (!s.isSuccess()) {
            if (!s.isRejected())
                s = Status::error("running " + helper::quoted(pl->name()) + " filter plugin: " + s.message());
            s.setPlugin(pl->name());
            return s;
        }
    }
    return {};
}

Status Framework::filterNode(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo)
{
    const std::vector<PodPtr>* nominated = m_nominator ? m_nominator->nominatedPods(nodeInfo.name()) : nullptr;
    if (!nominated || nominated->empty())
        return runFilterPlugins(state, pod, nodeInfo);
    NodeInfo withNominated = nodeInfo;
    CycleState stateWithNominated = state.clone();
    bool added = false;
    for (const PodPtr& p : *nominated) {
        if (p->priority >= pod.priority && !samePod(*p, pod)) {
            withNominated.addPod(p);
            Status s = runPreFilterExtensionAddPod(stateWithNominated, pod, p, withNominated);
            if (!s.isSuccess())
                return Status::error(s.message());
            added = true;
        }
    }
    if (!added)
        return runFilterPlugins(state, pod, nodeInfo);
    Status s = runFilterPlugins(stateWithNominated, pod, withNominated);
    if (!s.isSuccess())
        return s;
    return runFilterPlugins(state, pod, nodeInfo);
}

Status Framework::runFilterPluginsWithNominatedPods(CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo)
{
    return filterNode(state, pod, nodeInfo);
}

Status Framework::runPreFilterExtensionAddPod(CycleState& state, const core::Pod& podToSchedule,
                                              const PodPtr& podToAdd, const NodeInfo& nodeInfo)
{
    for (PreFilterPlugin* pl : m_preFilter) {
        if (!pl->hasPreFilterExtensions() || state.filterSkipped(pl->name()))
            continue;
        Status s = pl->addPod(state, podToSchedule, podToAdd, nodeInfo);
        if (!s.isSuccess())
            return Status::error("running AddPod on PreFilter plugin " + helper::quoted(pl->name()) + ": " + s.message());
    }
    return {};
}

Status Framework::runPreFilterExtensionRemovePod(CycleState& state, const core::Pod& podToSchedule,
                                                 const PodPtr& podToRemove, const NodeInfo& nodeInfo)
{
    for (PreFilterPlugin* pl : m_preFilter) {
        if (!pl->hasPreFilterExtensions() || state.filterSkipped(pl->name()))
            continue;
        Status s = pl->removePod(state, podToSchedule, podToRemove, nodeInfo);
        if (!s.isSuccess())
            return Status::error("running RemovePod on PreFilter plugin " + helper::quoted(pl->name()) + ": " + s.message());
    }
    return {};
}

std::uint64_t Framework::random()
{
    return m_random && *m_random ? (*m_random)() : 0;
}

std::vector<PodPtr> Framework::nominatedPodsForNode(std::string_view nodeName) const
{
    const std::vector<PodPtr>* pods = m_nominator ? m_nominator->nominatedPods(nodeName) : nullptr;
    return pods ? *pods : std::vector<PodPtr>{};
}

Status Framework::runPostFilterPlugins(CycleState& state, const core::Pod& pod, const NodeToStatus& statuses,
                                       PostFilterResult& result)
{
    std::vector<std::string> reasons;
    std::string_view rejector;
    for (PostFilterPlugin* pl : m_postFilter) {
        PostFilterResult r;
        Status s = pl->postFilter(state, pod, statuses, r);
        if (s.isSuccess()) {
            result = std::move(r);
            return s;
        }
        if (s.code() == Code::UnschedulableAndUnresolvable) {
            result = std::move(r);
            s.setPlugin(pl->name());
            return s;
        }
        if (!s.isRejected()) {
            Status e = Status::error(s.message());
            e.setPlugin(pl->name());
            return e;
        }
        if (r.nominatedNodeName || !r.victims.empty())
            result = std::move(r);
        reasons.insert(reasons.end(), s.reasons().begin(), s.reasons().end());
        if (rejector.empty())
            rejector = pl->name();
    }
    Status out(Code::Unschedulable, std::move(reasons));
    out.setPlugin(rejector);
    return out;
}

Status Framework::runPreScorePlugins(CycleState& state, const core::Pod& pod, std::span<NodeInfo* const> nodes)
{
    for (PreScorePlugin* pl : m_preScore) {
        Status s = pl->preScore(state, pod, nodes);
        if (s.isSkip()) {
            state.skipScore(pl->name());
            continue;
        }
        if (!s.isSuccess())
            return Status::error("running PreScore plugin " + helper::quoted(pl->name()) + ": " + s.message());
    }
    return {};
}

Status Framework::runReservePluginsReserve(CycleState& state, const core::Pod& pod, const std::string& node)
{
    for (ReservePlugin* pl : m_reserve) {
        Status s = pl->reserve(state, pod, node);
        if (!s.isSuccess()) {
            if (s.isRejected()) {
                s.setPlugin(pl->name());
                return s;
            }
            return Status::error("running Reserve plugin " + helper::quoted(pl->name()) + ": " + s.message());
        }
    }
    return {};
}

void Framework::runReservePluginsUnreserve(CycleState& state, const core::Pod& pod, const std::string& node)
{
    for (auto it = m_reserve.rbegin(); it != m_reserve.rend(); ++it)
        (*it)->unreserve(state, pod, node);
}

Status Framework::runPermitPlugins(CycleState& state, const core::Pod& pod, const std::string& node)
{
    Status waiting;
    for (PermitPlugin* pl : m_permit) {
        VirtualTime timeout = 0;
        Status s = pl->permit(state, pod, node, timeout);
        if (s.isSuccess())
            continue;
        if (s.isRejected()) {
            s.setPlugin(pl->name());
            return s;
        }
        if (s.isWait()) {
            waiting = Status(Code::Wait, "one or more plugins asked to wait and no plugin rejected pod");
            continue;
        }
        Status e = Status::error("running Permit plugin " + helper::quoted(pl->name()) + ": " + s.message());
        e.setPlugin(pl->name());
        return e;
    }
    return waiting;
}

Status Framework::runPreBindPlugins(CycleState& state, const core::Pod& pod, const std::string& node)
{
    for (PreBindPlugin* pl : m_preBind) {
        Status s = pl->preBind(state, pod, node);
        if (!s.isSuccess()) {
            if (s.isRejected()) {
                s.setPlugin(pl->name());
                return s;
            }
            return Status::error("running PreBind plugin " + helper::quoted(pl->name()) + ": " + s.message());
        }
    }
    return {};
}

Status Framework::runBindPlugins(CycleState& state, const core::Pod& pod, const std::string& node)
{
    if (m_bind.empty())
        return Status(Code::Skip);
    Status s;
    for (BindPlugin* pl : m_bind) {
        s = pl->bind(state, pod, node);
        if (s.isSkip())
            continue;
        if (!s.isSuccess()) {
            if (s.isRejected()) {
                s.setPlugin(pl->name());
                return s;
            }
            return Status::error("running Bind plugin " + helper::quoted(pl->name()) + ": " + s.message());
        }
        return s;
    }
    return s;
}

void Framework::runPostBindPlugins(CycleState& state, const core::Pod& pod, const std::string& node)
{
    for (PostBindPlugin* pl : m_postBind)
        pl->postBind(state, pod, node);
}

} // namespace kubelab::scheduler

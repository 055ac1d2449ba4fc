// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/explanation.h"

#include <array>
#include <map>
#include <set>
#include <utility>

#include "core/api/messages.h"
#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler {

namespace {

namespace n = names;

// The predicates and priorities of kube-scheduler's Policy API (removed in v1.23) and the
// plugins that replaced them (upstream `pkg/scheduler/framework/plugins/legacy_registry.go`,
// v1.22).
constexpr auto kLegacy = std::to_array<LegacyName>({
    {"GeneralPredicates", n::NodeResourcesFit},
    {"GeneralPredicates", n::NodeName},
    {"GeneralPredicates", n::NodePorts},
    {"GeneralPredicates", n::NodeAffinity},
    {"PodFitsResources", n::NodeResourcesFit},
    {"PodFitsHost", n::NodeName},
    {"HostName", n::NodeName},
    {"PodFitsHostPorts", n::NodePorts},
    {"MatchNodeSelector", n::NodeAffinity},
    {"PodMatchNodeSelector", n::NodeAffinity},
    {"PodToleratesNodeTaints", n::TaintToleration},
    {"CheckNodeUnschedulable", n::NodeUnschedulable},
    {"NoDiskConflict", n::VolumeRestrictions},
    {"NoVolumeZoneConflict", n::VolumeZone},
    {"CheckVolumeBinding", n::VolumeBinding},
    {"MaxCSIVolumeCountPred", n::NodeVolumeLimits},
    {"MaxEBSVolumeCount", n::NodeVolumeLimits},
    {"MaxGCEPDVolumeCount", n::NodeVolumeLimits},
    {"MaxAzureDiskVolumeCount", n::NodeVolumeLimits},
    {"MatchInterPodAffinity", n::InterPodAffinity},
    {"EvenPodsSpread", n::PodTopologySpread},
    {"LeastRequestedPriority", n::NodeResourcesFit},
    {"MostRequestedPriority", n::NodeResourcesFit},
    {"RequestedToCapacityRatioPriority", n::NodeResourcesFit},
    {"BalancedResourceAllocation", n::NodeResourcesBalancedAllocation},
    {"SelectorSpreadPriority", n::PodTopologySpread},
    {"EvenPodsSpreadPriority", n::PodTopologySpread},
    {"ImageLocalityPriority", n::ImageLocality},
    {"NodeAffinityPriority", n::NodeAffinity},
    {"TaintTolerationPriority", n::TaintToleration},
    {"InterPodAffinityPriority", n::InterPodAffinity},
});

std::string aboutPlugin(std::string_view plugin, core::Language language)
{
    const std::string key = "plugin." + std::string(plugin);
    return core::findMessage(key) ? core::formatMessage(key, core::Json::object(), language) : std::string(plugin);
}

std::string firstReason(const core::Json& filter)
{
    const core::Json reasons = filter.value("reasons", core::Json::array());
    return reasons.is_array() && !reasons.empty() && reasons[0].is_string() ? reasons[0].get<std::string>()
                                                                             : filter.value("code", "");
}

} // namespace

std::span<const LegacyName> legacyNames()
{
    return kLegacy;
}

std::vector<std::string_view> legacyNamesOf(std::string_view plugin)
{
    std::vector<std::string_view> out;
    for (const LegacyName& l : kLegacy)
        if (l.plugin == plugin)
            out.push_back(l.old);
    return out;
}

std::string_view pluginForLegacyName(std::string_view old)
{
    for (const LegacyName& l : kLegacy)
        if (l.old == old)
            return l.plugin; // GeneralPredicates: NodeResourcesFit, the first of its four
    return {};
}

std::vector<std::string> explainDecision(const core::Json& decision, std::string_view nominatedNode,
                                         core::Language language)
{
    using core::formatMessage;
    using core::Json;
    std::vector<std::string> lines;
    const Json nodes = decision.value("nodes", Json::array());
    const std::string selected = decision.value("selectedNode", "");
    std::size_t feasible = 0;
    std::int64_t best = 0;
    std::size_t atBest = 0;
    // (plugin, reason) -> nodes, in the order first met.
    std::vector<std::pair<std::pair<std::string, std::string>, std::size_t>> failures;
    for (const Json& node : nodes) {
        if (node.value("feasible", false)) {
            ++feasible;
            const std::int64_t total = node.value("totalScore", std::int64_t{0});
            if (atBest == 0 || total > best) {
                best = total;
                atBest = 1;
            } else if (total == best) {
                ++atBest;
            }
            continue;
        }
        const Json filters = node.value("filters", Json::array());
        if (!filters.is_array() || filters.empty())
            continue;
        std::pair<std::string, std::string> what{filters[0].value("plugin", ""), firstReason(filters[0])};
        bool found = false;
        for (auto& [k, count] : failures)
            if (k == what) {
                ++count;
                found = true;
            }
        if (!found)
            failures.push_back({what, 1});
    }
    if (!selected.empty()) {
        for (const Json& node : nodes)
            if (node.value("name", "") == selected)
                best = node.value("totalScore", best);
        // schedulePod returns the only feasible node at once: no plugin scores it.
        if (feasible == 1)
            lines.push_back(formatMessage("why.onlyOne", Json{{"evaluated", nodes.size()}, {"node", selected}},
                                          language));
        else
            lines.push_back(formatMessage("why.scheduled",
                                          Json{{"feasible", feasible}, {"evaluated", nodes.size()},
                                               {"node", selected}, {"total", best}},
                                          language));
        if (feasible > 1 && atBest > 1)
            lines.push_back(formatMessage("why.tie", Json{{"count", atBest}}, language));
    } else {
        lines.push_back(formatMessage("why.unschedulable", Json{{"evaluated", nodes.size()}}, language));
    }
    for (const auto& [what, count] : failures)
        lines.push_back(formatMessage("why.failedFilter",
                                      Json{{"count", count}, {"plugin", what.first},
                                           {"about", aboutPlugin(what.first, language)}, {"reason", what.second}},
                                      language));
    if (selected.empty()) {
        if (!nominatedNode.empty())
            lines.push_back(formatMessage("why.nominated", Json{{"node", std::string(nominatedNode)}}, language));
        lines.push_back(formatMessage("why.retry", Json::object(), language));
    }
    return lines;
}

std::vector<std::string> legacyNameLines(const core::Json& decision, core::Language language)
{
    using core::Json;
    std::set<std::string> used;
    for (const Json& node : decision.value("nodes", Json::array())) {
        for (const Json& f : node.value("filters", Json::array()))
            used.insert(f.value("plugin", ""));
        for (const Json& s : node.value("scores", Json::array()))
            used.insert(s.value("plugin", ""));
    }
    std::vector<std::string> lines;
    for (const std::string& plugin : used) {
        std::vector<std::string_view> olds = legacyNamesOf(plugin);
        if (olds.empty())
            continue;
        std::string joined;
        for (std::string_view o : olds)
            joined += (joined.empty() ? "" : ", ") + std::string(o);
        lines.push_back(core::formatMessage("why.oldName", Json{{"plugin", plugin}, {"old", joined}}, language));
    }
    if (!lines.empty())
        lines.insert(lines.begin(), core::formatMessage("why.oldNames", Json::object(), language));
    return lines;
}

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/podtopologyspread.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/api/names.h"
#include "core/scheduler/plugins/helper.h"
#include "core/scheduler/plugins/names.h"
#include "core/scheduler/plugins/nodeaffinity.h"
#include "core/scheduler/plugins/tainttoleration.h"
#include "core/scheduler/snapshot.h"

namespace kubelab::scheduler {

namespace {

constexpr std::string_view kTopologySpreadPreFilterKey = "PreFilterPodTopologySpread";
constexpr std::string_view kTopologySpreadPreScoreKey = "PreScorePodTopologySpread";
const std::string kLabelHostname = "kubernetes.io/hostname";
const std::string kLabelTopologyZone = "topology.kubernetes.io/zone";
constexpr std::int64_t kInvalidScore = -1;

using When = core::TopologySpreadConstraint::WhenUnsatisfiable;
using Policy = core::TopologySpreadConstraint::Policy;


/// A constraint with its selector resolved (upstream's internal `topologySpreadConstraint`).
struct Constraint {
    std::int32_t maxSkew = 1;
    std::string topologyKey;
    core::LabelSelector selector;
    std::int32_t minDomains = 1;
    Policy nodeAffinityPolicy = Policy::Honor;
    Policy nodeTaintsPolicy = Policy::Ignore;

    /// Whether the node counts for this constraint under nodeAffinityPolicy / nodeTaintsPolicy.
    [[nodiscard]] bool matchNodeInclusionPolicies(const core::Pod& pod, const core::Node& node,
                                                  const RequiredNodeAffinity& required) const
    {
        if (nodeAffinityPolicy == Policy::Honor && !required.matches(node))
            return false;
        if (nodeTaintsPolicy == Policy::Honor && findUntoleratedDoNotScheduleTaint(node.taints, pod.tolerations))
            return false;
        return true;
    }
};

/// The node's value for the key, "" when it lacks the label (as a Go map read).
const std::string& labelOrEmpty(const core::Node& node, const std::string& key)
{
    static const std::string empty;
    const std::string* value = helper::nodeLabel(node, key);
    return value ? *value : empty;
}

bool nodeLabelsMatchSpreadConstraints(const core::Node& node, const std::vector<Constraint>& constraints)
{
    return std::all_of(constraints.begin(), constraints.end(),
                       [&node](const Constraint& c) { return helper::nodeLabel(node, c.topologyKey) != nullptr; });
}

/// Pods in `ns` matching the selector, terminating pods left out; 0 for an empty selector.
int countPodsMatchSelector(const std::vector<PodPtr>& pods, const core::LabelSelector& selector, const std::string& ns)
{
    if (selector.empty())
        return 0;
    int count = 0;
    for (const PodPtr& p : pods) {
        if (p->deletionTimestamp || p->ns != ns)
            continue;
        if (selector.matches(p->labels))
            ++count;
    }
    return count;
}

/// The constraints of one kind, with matchLabelKeys folded into the selector.
std::vector<Constraint> filterConstraints(const std::vector<core::TopologySpreadConstraint>& constraints,
                                          const core::Labels& podLabels, When action)
{
    std::vector<Constraint> out;
    for (const core::TopologySpreadConstraint& c : constraints) {
        if (c.whenUnsatisfiable != action)
            continue;
        Constraint tsc;
        tsc.maxSkew = c.maxSkew;
        tsc.topologyKey = c.topologyKey;
        tsc.selector = c.labelSelector;
        // A selector that matches nothing stays so (upstream's mergeLabelSetWithSelector).
        if (!c.matchLabelKeys.empty() && !tsc.selector.matchesNothing()) {
            for (const std::string& key : c.matchLabelKeys)
                if (auto it = podLabels.find(key); it != podLabels.end())
                    tsc.selector.add(core::LabelRequirement{key, core::LabelRequirement::Op::Equals, {it->second}});
        }
        tsc.minDomains = c.minDomains.value_or(1);
        tsc.nodeAffinityPolicy = c.nodeAffinityPolicy;
        tsc.nodeTaintsPolicy = c.nodeTaintsPolicy;
        out.push_back(std::move(tsc));
    }
    return out;
}

/// The pod's own constraints of one kind, or the default constraints with the pod's
/// default selector when it has none (none when nothing selects the pod).
std::vector<Constraint> constraintsFor(const PodTopologySpread& plugin, const core::Pod& pod, When action)
{
    if (!pod.topologySpreadConstraints.empty())
        return filterConstraints(pod.topologySpreadConstraints, pod.labels, action);
    std::vector<Constraint> constraints = filterConstraints(plugin.defaultConstraints(), pod.labels, action);
    if (constraints.empty())
        return {};
    core::LabelSelector selector = plugin.defaultSelector(pod);
    if (selector.empty())
        return {};
    for (Constraint& c : constraints)
        c.selector = selector;
    return constraints;
}

/// The two smallest match counts of a topology key (upstream `criticalPaths`): the first
/// always holds the global minimum.
class CriticalPaths final {
public:
    void update(const std::string& value, int num)
    {
        int i = -1;
        if (value == m_paths[0].value)
            i = 0;
        else if (value == m_paths[1].value)
            i = 1;
        if (i >= 0) {
            m_paths[i].matchNum = num;
            if (m_paths[0].matchNum > m_paths[1].matchNum)
                std::swap(m_paths[0], m_paths[1]);
        } else if (num < m_paths[0].matchNum) {
            m_paths[1] = m_paths[0];
            m_paths[0] = Path{value, num};
        } else if (num < m_paths[1].matchNum) {
            m_paths[1] = Path{value, num};
        }
    }

    [[nodiscard]] int minMatchNum() const { return m_paths[0].matchNum; }

private:
    struct Path {
        std::string value;
        int matchNum = std::numeric_limits<std::int32_t>::max();
    };
    Path m_paths[2];
};

/// Counts per topology pair, keyed by topology key then value. As in v1.31, constraints
/// that share a topology key share their pairs.
template <typename T>
using PairMap = StringMap<StringMap<T>>;

template <typename T>
const T* findPair(const PairMap<T>& map, const std::string& key, const std::string& value)
{
    auto outer = map.find(key);
    if (outer == map.end())
        return nullptr;
    auto inner = outer->second.find(value);
    return inner == outer->second.end() ? nullptr : &inner->second;
}

class TopologySpreadPreFilterState final : public StateData {
public:
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<TopologySpreadPreFilterState>(*this); }

    /// The global minimum for the skew, 0 while fewer domains than minDomains exist;
    /// nothing when the key has no domain at all (the constraint is then skipped).
    [[nodiscard]] std::optional<int> minMatchNum(const std::string& key, std::int32_t minDomains) const
    {
        auto paths = tpKeyToCriticalPaths.find(key);
        auto domains = tpKeyToDomainsNum.find(key);
        if (paths == tpKeyToCriticalPaths.end() || domains == tpKeyToDomainsNum.end())
            return std::nullopt;
        if (domains->second < minDomains)
            return 0;
        return paths->second.minMatchNum();
    }

    std::vector<Constraint> constraints;
    /// Whether the incoming pod matches each constraint's selector.
    std::vector<bool> selfMatch;
    StringMap<CriticalPaths> tpKeyToCriticalPaths;
    StringMap<int> tpKeyToDomainsNum;
    PairMap<int> tpPairToMatchNum;
};

class TopologySpreadPreScoreState final : public StateData {
public:
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<TopologySpreadPreScoreState>(*this); }

    std::vector<Constraint> constraints;
    /// Nodes lacking a required topology key: scored 0.
    std::unordered_set<std::string> ignoredNodes;
    /// Matching pods per topology pair of a candidate node (hostname constraints count on
    /// the node itself during Score).
    PairMap<std::int64_t> topologyPairToPodCounts;
    std::vector<double> topologyNormalizingWeight;
    /// Per hostname constraint: the matching pods on each candidate node.
    std::vector<std::unordered_map<const NodeInfo*, std::int64_t>> hostnameCounts;
};

std::string spreadReadError(std::string_view key)
{
    return "reading \"" + std::string(key) + "\" from cycleState: not found";
}

std::string quoted(const std::string& text)
{
    return "\"" + text + "\"";
}

std::string jsonText(const core::Json& value)
{
    return value.is_string() ? value.get<std::string>() : std::string();
}

/// Upstream `ValidatePodTopologySpreadArgs` (field paths without a prefix, as the plugin's
/// own check).
std::vector<std::string> validateArgs(const std::string& type, const core::Json& constraints)
{
    std::vector<std::string> errors;
    const bool hasConstraints = constraints.is_array() && !constraints.empty();
    if (type != "System" && type != "List")
        errors.push_back("defaultingType: Unsupported value: " + quoted(type)
                         + ": supported values: \"System\", \"List\"");
    else if (type == "System" && hasConstraints)
        errors.push_back("defaultingType: Invalid value: " + quoted(type) + ": when .defaultConstraints are not empty");
    if (!constraints.is_array())
        return errors;
    for (std::size_t i = 0; i < constraints.size(); ++i) {
        const core::Json& c = constraints[i];
        const std::string p = "defaultConstraints[" + std::to_string(i) + "]";
        const std::int64_t maxSkew = c.is_object() && c.contains("maxSkew") && c["maxSkew"].is_number_integer()
            ? c["maxSkew"].get<std::int64_t>()
            : 0;
        if (maxSkew <= 0)
            errors.push_back(p + ".maxSkew: Invalid value: " + std::to_string(maxSkew) + ": not in valid range (0, inf)");
        const std::string key = c.is_object() && c.contains("topologyKey") ? jsonText(c["topologyKey"]) : std::string();
        if (key.empty())
            errors.push_back(p + ".topologyKey: Required value: can not be empty");
        else
            for (const std::string& problem : core::isQualifiedName(key))
                errors.push_back(p + ".topologyKey: Invalid value: " + quoted(key) + ": " + problem);
        const std::string when =
            c.is_object() && c.contains("whenUnsatisfiable") ? jsonText(c["whenUnsatisfiable"]) : std::string();
        if (when.empty())
            errors.push_back(p + ".whenUnsatisfiable: Required value: can not be empty");
        else if (when != "DoNotSchedule" && when != "ScheduleAnyway")
            errors.push_back(p + ".whenUnsatisfiable: Unsupported value: " + quoted(when)
                             + ": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"");
        if (c.is_object() && c.contains("labelSelector") && !c["labelSelector"].is_null())
            errors.push_back(p + ".labelSelector: Forbidden: constraint must not define a selector, as they deduced "
                                 "for each pod");
        for (std::size_t j = 0; j < i; ++j) {
            const core::Json& other = constraints[j];
            const std::string otherKey =
                other.is_object() && other.contains("topologyKey") ? jsonText(other["topologyKey"]) : std::string();
            const std::string otherWhen = other.is_object() && other.contains("whenUnsatisfiable")
                ? jsonText(other["whenUnsatisfiable"])
                : std::string();
            if (otherKey == key && otherWhen == when) {
                errors.push_back(p + ": Duplicate value: " + quoted("{" + key + ", " + when + "}"));
                break;
            }
        }
    }
    return errors;
}

} // namespace

/// Matching-pod counts per node for recent (namespace, selector) queries, kept while a
/// node is unchanged (its NodeInfo generation): the replicas of one workload ask the same
/// query one after another, so a cycle only counts again on the nodes that changed. The
/// results are those of counting every node each cycle, as upstream does.
struct PodTopologySpread::Memo {
    static constexpr std::size_t kMaxTables = 16;

    struct Table {
        std::unordered_map<const NodeInfo*, std::pair<std::uint64_t, int>> nodes;
        std::uint64_t lastCycle = 0;
    };

    /// Called at the start of each extension point; tables it returns stay valid until the next call.
    void beginCycle() { ++cycle; }

    Table& table(const core::LabelSelector& selector, const std::string& ns, std::size_t liveNodes)
    {
        std::string key = ns;
        key += '\n';
        key += selector.matchesNothing() ? std::string("\x01") : selector.toString();
        auto it = tables.find(key);
        if (it == tables.end()) {
            if (tables.size() >= kMaxTables) {
                auto oldest = tables.end();
                for (auto t = tables.begin(); t != tables.end(); ++t)
                    if (t->second.lastCycle < cycle && (oldest == tables.end() || t->second.lastCycle < oldest->second.lastCycle))
                        oldest = t;
                if (oldest != tables.end())
                    tables.erase(oldest);
            }
            it = tables.emplace(std::move(key), Table{}).first;
        }
        Table& t = it->second;
        t.lastCycle = cycle;
        if (t.nodes.size() > 2 * liveNodes + 64)
            t.nodes.clear(); // entries of removed nodes
        return t;
    }

    static int count(Table& table, const NodeInfo& node, const core::LabelSelector& selector, const std::string& ns)
    {
        if (selector.empty())
            return 0;
        auto [it, inserted] = table.nodes.try_emplace(&node);
        if (inserted || it->second.first != node.generation())
            it->second = {node.generation(), countPodsMatchSelector(node.pods(), selector, ns)};
        return it->second.second;
    }

    std::unordered_map<std::string, Table> tables;
    std::uint64_t cycle = 0;
};

PodTopologySpread::PodTopologySpread(Handle& handle) : m_handle(&handle), m_memo(std::make_unique<Memo>()) { }

PodTopologySpread::~PodTopologySpread() = default;

const std::vector<core::TopologySpreadConstraint>& PodTopologySpread::systemDefaultConstraints()
{
    static const std::vector<core::TopologySpreadConstraint> constraints = [] {
        core::TopologySpreadConstraint hostname;
        hostname.topologyKey = kLabelHostname;
        hostname.whenUnsatisfiable = When::ScheduleAnyway;
        hostname.maxSkew = 3;
        core::TopologySpreadConstraint zone;
        zone.topologyKey = kLabelTopologyZone;
        zone.whenUnsatisfiable = When::ScheduleAnyway;
        zone.maxSkew = 5;
        return std::vector<core::TopologySpreadConstraint>{hostname, zone};
    }();
    return constraints;
}

core::Result<std::unique_ptr<Plugin>> PodTopologySpread::create(const core::Json& args, Handle& handle)
{
    std::unique_ptr<PodTopologySpread> plugin(new PodTopologySpread(handle));
    std::string type = "System";
    core::Json constraints = core::Json::array();
    if (args.is_object()) {
        if (auto it = args.find("defaultingType"); it != args.end() && it->is_string() && !it->get<std::string>().empty())
            type = it->get<std::string>();
        if (auto it = args.find("defaultConstraints"); it != args.end() && !it->is_null())
            constraints = *it;
    }
    if (auto errors = validateArgs(type, constraints); !errors.empty())
        return core::fail(core::ErrorCode::Invalid, core::aggregateErrors(errors));

    if (type == "System") {
        plugin->m_defaultConstraints = systemDefaultConstraints();
        plugin->m_systemDefaulted = true;
    } else if (constraints.is_array() && !constraints.empty()) {
        // The typed decoder of a pod spec reads the constraint objects.
        auto decoded = core::Pod::fromJson(core::Json{{"spec", {{"topologySpreadConstraints", constraints}}}});
        if (!decoded) {
            core::Error error = decoded.error();
            const std::string from = "spec.topologySpreadConstraints";
            if (auto at = error.message.find(from); at != std::string::npos)
                error.message.replace(at, from.size(), "defaultConstraints");
            return std::unexpected(std::move(error));
        }
        plugin->m_defaultConstraints = std::move(decoded->topologySpreadConstraints);
    }
    return std::unique_ptr<Plugin>(std::move(plugin));
}

core::LabelSelector PodTopologySpread::defaultSelector(const core::Pod& pod) const
{
    const Snapshot& snapshot = m_handle->snapshot();
    core::LabelSelector selector;
    for (const core::LabelSelector* service : snapshot.serviceSelectors(pod.ns))
        if (service->matches(pod.labels))
            for (const core::LabelRequirement& r : service->requirements())
                selector.add(r);
    if (!pod.controllerRef)
        return selector;
    const core::OwnerReference& owner = *pod.controllerRef;
    const core::LabelSelector* controller = nullptr;
    if (owner.apiVersion == "v1" && owner.kind == "ReplicationController")
        controller = snapshot.selector(SelectorOwner::ReplicationController, pod.ns, owner.name);
    else if (owner.apiVersion == "apps/v1" && owner.kind == "ReplicaSet")
        controller = snapshot.selector(SelectorOwner::ReplicaSet, pod.ns, owner.name);
    else if (owner.apiVersion == "apps/v1" && owner.kind == "StatefulSet")
        controller = snapshot.selector(SelectorOwner::StatefulSet, pod.ns, owner.name);
    // A selector that matches nothing has no requirements to add, as upstream.
    if (controller && !controller->matchesNothing())
        for (const core::LabelRequirement& r : controller->requirements())
            selector.add(r);
    return selector;
}

std::string_view PodTopologySpread::name() const
{
    return names::PodTopologySpread;
}

std::vector<ClusterEvent> PodTopologySpread::eventsToRegister() const
{
    return {
        ClusterEvent{EventResource::Pod, action::Add | action::UpdatePodLabel | action::Delete,
                     "PodAdd|UpdatePodLabel|PodDelete"},
        ClusterEvent{EventResource::Node,
                     action::Add | action::Delete | action::UpdateNodeLabel | action::UpdateNodeTaint,
                     "NodeAdd|NodeDelete|UpdateNodeLabel|UpdateNodeTaint"},
    };
}

Status PodTopologySpread::preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& /*result*/)
{
    std::vector<Constraint> constraints = constraintsFor(*this, pod, When::DoNotSchedule);
    if (constraints.empty())
        return Status(Code::Skip);

    auto s = std::make_unique<TopologySpreadPreFilterState>();
    const RequiredNodeAffinity required(pod);
    const std::vector<NodeInfo*>& nodes = m_handle->snapshot().list();
    m_memo->beginCycle();
    std::vector<Memo::Table*> tables;
    for (const Constraint& c : constraints)
        tables.push_back(&m_memo->table(c.selector, pod.ns, nodes.size()));
    // The pairs of each constraint's key, looked up once rather than per node.
    std::vector<StringMap<int>*> pairsOf;
    for (const Constraint& c : constraints)
        pairsOf.push_back(&s->tpPairToMatchNum[c.topologyKey]);
    struct Count {
        std::size_t constraint;
        const std::string* value;
        int count;
    };
    std::vector<Count> nodeCounts;
    for (const NodeInfo* nodeInfo : nodes) {
        const core::Node& node = *nodeInfo->node();
        if (!nodeLabelsMatchSpreadConstraints(node, constraints))
            continue;
        // One count per pair and node: a later constraint with the same key replaces the
        // earlier one's count, as upstream's per-node map does.
        nodeCounts.clear();
        for (std::size_t i = 0; i < constraints.size(); ++i) {
            const Constraint& c = constraints[i];
            if (!c.matchNodeInclusionPolicies(pod, node, required))
                continue;
            const int count = Memo::count(*tables[i], *nodeInfo, c.selector, pod.ns);
            auto same = std::find_if(nodeCounts.begin(), nodeCounts.end(), [&](const Count& e) {
                return constraints[e.constraint].topologyKey == c.topologyKey;
            });
            if (same != nodeCounts.end())
                same->count = count;
            else
                nodeCounts.push_back(Count{i, helper::nodeLabel(node, c.topologyKey), count});
        }
        for (const Count& e : nodeCounts)
            (*pairsOf[e.constraint])[*e.value] += e.count;
    }
    // Keys no node counted for have no domain (and no entry), as upstream.
    std::erase_if(s->tpPairToMatchNum, [](const auto& entry) { return entry.second.empty(); });
    for (const auto& [key, values] : s->tpPairToMatchNum)
        s->tpKeyToDomainsNum[key] = static_cast<int>(values.size());
    for (const Constraint& c : constraints)
        s->tpKeyToCriticalPaths.try_emplace(c.topologyKey);
    for (const auto& [key, values] : s->tpPairToMatchNum)
        for (const auto& [value, num] : values)
            s->tpKeyToCriticalPaths[key].update(value, num);
    for (const Constraint& c : constraints)
        s->selfMatch.push_back(c.selector.matches(pod.labels));
    s->constraints = std::move(constraints);
    state.write(kTopologySpreadPreFilterKey, std::move(s));
    return {};
}

namespace {

void updateWithPod(TopologySpreadPreFilterState& s, const core::Pod& updated, const core::Pod& preemptor, const core::Node& node,
                   int delta)
{
    if (updated.ns != preemptor.ns || !nodeLabelsMatchSpreadConstraints(node, s.constraints))
        return;
    const RequiredNodeAffinity required(preemptor);
    for (const Constraint& c : s.constraints) {
        if (!c.selector.matches(updated.labels) || !c.matchNodeInclusionPolicies(preemptor, node, required))
            continue;
        const std::string& value = *helper::nodeLabel(node, c.topologyKey);
        int& num = s.tpPairToMatchNum[c.topologyKey][value];
        num += delta;
        s.tpKeyToCriticalPaths[c.topologyKey].update(value, num);
    }
}

} // namespace

Status PodTopologySpread::addPod(CycleState& state, const core::Pod& podToSchedule, const PodPtr& podToAdd,
                                 const NodeInfo& nodeInfo)
{
    auto* s = state.get<TopologySpreadPreFilterState>(kTopologySpreadPreFilterKey);
    if (!s)
        return Status::error(spreadReadError(kTopologySpreadPreFilterKey));
    if (podToAdd && nodeInfo.node())
        updateWithPod(*s, *podToAdd, podToSchedule, *nodeInfo.node(), 1);
    return {};
}

Status PodTopologySpread::removePod(CycleState& state, const core::Pod& podToSchedule, const PodPtr& podToRemove,
                                    const NodeInfo& nodeInfo)
{
    auto* s = state.get<TopologySpreadPreFilterState>(kTopologySpreadPreFilterKey);
    if (!s)
        return Status::error(spreadReadError(kTopologySpreadPreFilterKey));
    if (podToRemove && nodeInfo.node())
        updateWithPod(*s, *podToRemove, podToSchedule, *nodeInfo.node(), -1);
    return {};
}

Status PodTopologySpread::filter(const CycleState& state, const core::Pod& /*pod*/, const NodeInfo& nodeInfo)
{
    const auto* s = state.get<TopologySpreadPreFilterState>(kTopologySpreadPreFilterKey);
    if (!s)
        return Status::error(spreadReadError(kTopologySpreadPreFilterKey));
    const core::Node* node = nodeInfo.node();
    if (!node)
        return Status::error("node not found");
    for (std::size_t i = 0; i < s->constraints.size(); ++i) {
        const Constraint& c = s->constraints[i];
        const std::string* value = helper::nodeLabel(*node, c.topologyKey);
        if (!value)
            return Status(Code::UnschedulableAndUnresolvable, std::string(kErrReasonNodeLabelNotMatch));
        // 'existing matching num' + 'if self-match (1 or 0)' - 'global minimum' <= 'maxSkew'
        const std::optional<int> minMatchNum = s->minMatchNum(c.topologyKey, c.minDomains);
        if (!minMatchNum)
            continue; // no domain was counted for this key, as upstream skips it
        const std::int64_t selfMatchNum = s->selfMatch[i] ? 1 : 0;
        const int* matchNum = findPair(s->tpPairToMatchNum, c.topologyKey, *value);
        if ((matchNum ? *matchNum : 0) + selfMatchNum - *minMatchNum > c.maxSkew)
            return Status(Code::Unschedulable, std::string(kErrReasonConstraintsNotMatch));
    }
    return {};
}

Status PodTopologySpread::preScore(CycleState& state, const core::Pod& pod, std::span<NodeInfo* const> nodes)
{
    const Snapshot& snapshot = m_handle->snapshot();
    const std::vector<NodeInfo*>& allNodes = snapshot.list();
    if (allNodes.empty())
        return Status(Code::Skip);

    auto s = std::make_unique<TopologySpreadPreScoreState>();
    s->constraints = constraintsFor(*this, pod, When::ScheduleAnyway);
    if (s->constraints.empty())
        return Status(Code::Skip);
    // Only custom constraints require nodes to carry every key: under the system defaults
    // a node without a zone label still spreads by hostname.
    const bool requireAllTopologies = !pod.topologySpreadConstraints.empty() || !m_systemDefaulted;

    const std::size_t n = s->constraints.size();
    std::vector<std::size_t> topoSize(n, 0);
    for (const NodeInfo* nodeInfo : nodes) {
        const core::Node& node = *nodeInfo->node();
        if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(node, s->constraints)) {
            s->ignoredNodes.insert(node.name);
            continue;
        }
        for (std::size_t i = 0; i < n; ++i) {
            const Constraint& c = s->constraints[i];
            if (c.topologyKey == kLabelHostname)
                continue; // counted per node during Score
            if (s->topologyPairToPodCounts[c.topologyKey].emplace(labelOrEmpty(node, c.topologyKey), 0).second)
                ++topoSize[i];
        }
    }
    s->topologyNormalizingWeight.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t size = topoSize[i];
        if (s->constraints[i].topologyKey == kLabelHostname)
            size = nodes.size() - s->ignoredNodes.size();
        s->topologyNormalizingWeight[i] = std::log(static_cast<double>(size + 2));
    }

    m_memo->beginCycle();
    std::vector<Memo::Table*> tables;
    for (const Constraint& c : s->constraints)
        tables.push_back(&m_memo->table(c.selector, pod.ns, allNodes.size()));
    const RequiredNodeAffinity required(pod);
    for (const NodeInfo* nodeInfo : allNodes) {
        const core::Node& node = *nodeInfo->node();
        if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(node, s->constraints))
            continue;
        for (std::size_t i = 0; i < n; ++i) {
            const Constraint& c = s->constraints[i];
            if (!c.matchNodeInclusionPolicies(pod, node, required))
                continue;
            // Only pairs of candidate nodes are counted; hostname pairs never are.
            auto outer = s->topologyPairToPodCounts.find(c.topologyKey);
            if (outer == s->topologyPairToPodCounts.end())
                continue;
            auto it = outer->second.find(labelOrEmpty(node, c.topologyKey));
            if (it == outer->second.end())
                continue;
            it->second += Memo::count(*tables[i], *nodeInfo, c.selector, pod.ns);
        }
    }
    // Hostname constraints count on the node itself; Score reads these (upstream counts
    // there, with the same result).
    s->hostnameCounts.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Constraint& c = s->constraints[i];
        if (c.topologyKey != kLabelHostname)
            continue;
        for (const NodeInfo* nodeInfo : nodes)
            if (!s->ignoredNodes.contains(nodeInfo->name()))
                s->hostnameCounts[i][nodeInfo] = Memo::count(*tables[i], *nodeInfo, c.selector, pod.ns);
    }
    state.write(kTopologySpreadPreScoreKey, std::move(s));
    return {};
}

Status PodTopologySpread::score(CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo,
                                std::int64_t& score)
{
    const auto* s = state.get<TopologySpreadPreScoreState>(kTopologySpreadPreScoreKey);
    if (!s)
        return Status::error(spreadReadError(kTopologySpreadPreScoreKey));
    const core::Node* node = nodeInfo.node();
    if (!node)
        return Status::error("node not found");
    score = 0;
    if (s->ignoredNodes.contains(node->name))
        return {};
    double sum = 0;
    for (std::size_t i = 0; i < s->constraints.size(); ++i) {
        const Constraint& c = s->constraints[i];
        const std::string* value = helper::nodeLabel(*node, c.topologyKey);
        if (!value)
            continue;
        std::int64_t count = 0;
        if (c.topologyKey == kLabelHostname) {
            auto it = s->hostnameCounts[i].find(&nodeInfo);
            count = it != s->hostnameCounts[i].end() ? it->second
                                                     : countPodsMatchSelector(nodeInfo.pods(), c.selector, pod.ns);
        } else if (const std::int64_t* pairCount = findPair(s->topologyPairToPodCounts, c.topologyKey, *value)) {
            count = *pairCount;
        }
        // maxSkew − 1 waters the differences between domains down.
        sum += static_cast<double>(count) * s->topologyNormalizingWeight[i] + static_cast<double>(c.maxSkew - 1);
    }
    score = static_cast<std::int64_t>(std::round(sum));
    return {};
}

Status PodTopologySpread::normalizeScore(CycleState& state, const core::Pod& /*pod*/, std::span<NodeScore> scores)
{
    const auto* s = state.get<TopologySpreadPreScoreState>(kTopologySpreadPreScoreKey);
    if (!s)
        return Status::error(spreadReadError(kTopologySpreadPreScoreKey));
    std::int64_t minScore = std::numeric_limits<std::int64_t>::max();
    std::int64_t maxScore = 0;
    for (NodeScore& n : scores) {
        if (n.node && s->ignoredNodes.contains(n.node->name())) {
            n.score = kInvalidScore;
            continue;
        }
        minScore = std::min(minScore, n.score);
        maxScore = std::max(maxScore, n.score);
    }
    for (NodeScore& n : scores) {
        if (n.score == kInvalidScore) {
            n.score = 0;
            continue;
        }
        if (maxScore == 0) {
            n.score = kMaxNodeScore;
            continue;
        }
        n.score = kMaxNodeScore * (maxScore + minScore - n.score) / maxScore;
    }
    return {};
}

} // namespace kubelab::scheduler

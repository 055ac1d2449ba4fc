// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/interpodaffinity.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <unordered_map>

#include "core/scheduler/plugins/helper.h"
#include "core/scheduler/plugins/names.h"
#include "core/scheduler/snapshot.h"

namespace kubelab::scheduler {

namespace {

constexpr std::string_view kInterPodAffinityPreFilterKey = "PreFilterInterPodAffinity";
constexpr std::string_view kInterPodAffinityPreScoreKey = "PreScoreInterPodAffinity";


/// Matching pods per topology pair (upstream `topologyToMatchedTermCount`); a pair whose
/// count returns to 0 is dropped, so `empty()` means no pair has matching pods.
class TopologyCounts final {
public:
    void add(const std::string& key, const std::string& value, std::int64_t delta)
    {
        auto outer = m_counts.find(key);
        if (outer == m_counts.end()) {
            if (delta == 0)
                return;
            outer = m_counts.emplace(key, StringMap<std::int64_t>{}).first;
        }
        auto it = outer->second.find(value);
        if (it == outer->second.end()) {
            if (delta != 0) {
                outer->second.emplace(value, delta);
                ++m_size;
            }
        } else if ((it->second += delta) == 0) {
            outer->second.erase(it);
            --m_size;
        }
        if (outer->second.empty())
            m_counts.erase(outer);
    }

    [[nodiscard]] std::int64_t get(std::string_view key, std::string_view value) const
    {
        auto outer = m_counts.find(key);
        if (outer == m_counts.end())
            return 0;
        auto it = outer->second.find(value);
        return it == outer->second.end() ? 0 : it->second;
    }

    [[nodiscard]] bool empty() const { return m_size == 0; }

    /// True when a pair of the node's labels has a positive count. Looks the counted keys
    /// up in the node's labels, which finds the same pairs as going through every label.
    [[nodiscard]] bool anyPositive(const core::Node& node) const
    {
        for (const auto& [key, values] : m_counts) {
            auto label = node.labels.find(key);
            if (label == node.labels.end())
                continue;
            auto it = values.find(label->second);
            if (it != values.end() && it->second > 0)
                return true;
        }
        return false;
    }

private:
    StringMap<StringMap<std::int64_t>> m_counts;
    std::size_t m_size = 0;
};

void addForNode(TopologyCounts& counts, const core::Node& node, const std::string& key, std::int64_t delta)
{
    if (const std::string* value = helper::nodeLabel(node, key))
        counts.add(key, *value, delta);
}

/// A term of the incoming pod with its namespaces resolved (upstream `AffinityTerm` after
/// `mergeAffinityTermNamespacesIfNotEmpty`): the namespaceSelector's namespaces are folded
/// into the list, except the empty selector, which keeps selecting every namespace.
struct IncomingTerm {
    std::vector<std::string> namespaces;
    bool allNamespaces = false;
    core::LabelSelector selector;
    std::string topologyKey;
    std::int32_t weight = 0;

    [[nodiscard]] bool matches(const core::Pod& pod) const
    {
        if (!allNamespaces && std::find(namespaces.begin(), namespaces.end(), pod.ns) == namespaces.end())
            return false;
        return selector.matches(pod.labels);
    }
};

IncomingTerm incomingTerm(const core::PodAffinityTerm& term, const core::Pod& pod, const Snapshot& snapshot,
                          std::int32_t weight = 0)
{
    IncomingTerm out;
    out.selector = term.labelSelector;
    out.topologyKey = term.topologyKey;
    out.weight = weight;
    if (term.namespaces.empty() && !term.namespaceSelector)
        out.namespaces.push_back(pod.ns);
    else
        out.namespaces = term.namespaces;
    if (term.namespaceSelector) {
        if (term.namespaceSelector->empty()) {
            out.allNamespaces = true;
        } else {
            for (const auto& [name, labels] : snapshot.namespaces())
                if (term.namespaceSelector->matches(labels))
                    out.namespaces.push_back(name);
        }
    }
    return out;
}

/// Upstream `AffinityTerm.Matches` for a term of `owner` (an existing pod) and `target`:
/// the namespaces default to the owner's, and a namespaceSelector is matched against the
/// target namespace's labels.
bool existingTermMatches(const core::PodAffinityTerm& term, const core::Pod& owner, const core::Pod& target,
                         const core::Labels& targetNamespaceLabels)
{
    bool inNamespace = false;
    if (term.namespaces.empty() && !term.namespaceSelector)
        inNamespace = owner.ns == target.ns;
    else
        inNamespace = std::find(term.namespaces.begin(), term.namespaces.end(), target.ns) != term.namespaces.end()
            || (term.namespaceSelector && term.namespaceSelector->matches(targetNamespaceLabels));
    return inNamespace && term.labelSelector.matches(target.labels);
}

/// True when the pod matches every term (false for no terms).
bool podMatchesAllAffinityTerms(const std::vector<IncomingTerm>& terms, const core::Pod& pod)
{
    if (terms.empty())
        return false;
    return std::all_of(terms.begin(), terms.end(), [&pod](const IncomingTerm& t) { return t.matches(pod); });
}

const std::vector<core::PodAffinityTerm>* requiredAffinityTerms(const core::Pod& pod)
{
    return pod.affinity && pod.affinity->podAffinity ? &pod.affinity->podAffinity->required : nullptr;
}

const std::vector<core::PodAffinityTerm>* requiredAntiAffinityTerms(const core::Pod& pod)
{
    return pod.affinity && pod.affinity->podAntiAffinity ? &pod.affinity->podAntiAffinity->required : nullptr;
}

const core::Labels& namespaceLabels(const Snapshot& snapshot, const std::string& ns)
{
    static const core::Labels none;
    auto it = snapshot.namespaces().find(ns);
    return it == snapshot.namespaces().end() ? none : it->second;
}

class InterPodAffinityPreFilterState final : public StateData {
public:
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<InterPodAffinityPreFilterState>(*this); }

    /// Update for a pod joining (+1) or leaving (−1) `node` in preemption's what-if runs.
    void updateWithPod(const core::Pod& other, const core::Pod& incoming, const core::Node& node,
                       std::int64_t multiplier)
    {
        if (const auto* terms = requiredAntiAffinityTerms(other))
            for (const core::PodAffinityTerm& t : *terms)
                if (existingTermMatches(t, other, incoming, namespaceLabels))
                    addForNode(existingAntiAffinityCounts, node, t.topologyKey, multiplier);
        if (podMatchesAllAffinityTerms(requiredAffinity, other))
            for (const IncomingTerm& t : requiredAffinity)
                addForNode(affinityCounts, node, t.topologyKey, multiplier);
        for (const IncomingTerm& t : requiredAntiAffinity)
            if (t.matches(other))
                addForNode(antiAffinityCounts, node, t.topologyKey, multiplier);
    }

    /// Existing pods whose required anti-affinity terms match the incoming pod.
    TopologyCounts existingAntiAffinityCounts;
    /// Existing pods matching all of the incoming pod's required affinity terms.
    TopologyCounts affinityCounts;
    /// Existing pods matching one of the incoming pod's required anti-affinity terms.
    TopologyCounts antiAffinityCounts;
    std::vector<IncomingTerm> requiredAffinity;
    std::vector<IncomingTerm> requiredAntiAffinity;
    core::Labels namespaceLabels;
};

class InterPodAffinityPreScoreState final : public StateData {
public:
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<InterPodAffinityPreScoreState>(*this); }

    /// topology key -> value -> score.
    StringMap<StringMap<std::int64_t>> topologyScore;
    std::vector<IncomingTerm> preferredAffinity;
    std::vector<IncomingTerm> preferredAntiAffinity;
    core::Labels namespaceLabels;

    void addScore(const core::Node& node, const std::string& key, std::int64_t weight)
    {
        if (const std::string* value = helper::nodeLabel(node, key))
            topologyScore[key][*value] += weight;
    }
};

bool satisfyPodAffinity(const InterPodAffinityPreFilterState& s, const core::Pod& pod, const core::Node& node)
{
    bool podsExist = true;
    for (const IncomingTerm& term : s.requiredAffinity) {
        const std::string* value = helper::nodeLabel(node, term.topologyKey);
        if (!value)
            return false; // every topology key must exist on the node
        if (s.affinityCounts.get(term.topologyKey, *value) <= 0)
            podsExist = false;
    }
    if (podsExist)
        return true;
    // The first pod of a group with affinity to itself: no pod anywhere matches the terms
    // yet and the pod matches its own terms, so it may go to any node with the keys.
    return s.affinityCounts.empty() && podMatchesAllAffinityTerms(s.requiredAffinity, pod);
}

bool satisfyPodAntiAffinity(const InterPodAffinityPreFilterState& s, const core::Node& node)
{
    if (s.antiAffinityCounts.empty())
        return true;
    for (const IncomingTerm& term : s.requiredAntiAffinity)
        if (const std::string* value = helper::nodeLabel(node, term.topologyKey))
            if (s.antiAffinityCounts.get(term.topologyKey, *value) > 0)
                return false;
    return true;
}

bool satisfyExistingPodsAntiAffinity(const InterPodAffinityPreFilterState& s, const core::Node& node)
{
    return !s.existingAntiAffinityCounts.anyPositive(node);
}

std::string affinityReadError(std::string_view key)
{
    return "error reading \"" + std::string(key) + "\" from cycleState: not found";
}

} // namespace

/// Per-node results of the term matching, for a few recent queries (the incoming pod's
/// labels and terms as far as they matter), kept while a node is unchanged (its NodeInfo
/// generation). The replicas of one workload ask the same query one after another, so a
/// cycle only matches again the pods of the nodes that changed; the counts are those of
/// matching every pod each cycle, as upstream does.
struct InterPodAffinity::Memo {
    static constexpr std::size_t kMaxTables = 8;

    template <typename T>
    struct Table {
        std::unordered_map<const NodeInfo*, std::pair<std::uint64_t, T>> nodes;
        std::uint64_t lastCycle = 0;

        /// The node's entry, recomputed by `compute(T&)` when the node changed.
        template <typename F>
        const T& get(const NodeInfo& node, F&& compute)
        {
            auto [it, inserted] = nodes.try_emplace(&node);
            if (inserted || it->second.first != node.generation()) {
                it->second.first = node.generation();
                it->second.second = T{};
                compute(it->second.second);
            }
            return it->second.second;
        }
    };

    template <typename T>
    struct Tables {
        std::unordered_map<std::string, Table<T>> byKey;

        Table<T>& get(std::string key, std::uint64_t cycle, std::size_t liveNodes)
        {
            auto it = byKey.find(key);
            if (it == byKey.end()) {
                if (byKey.size() >= kMaxTables) {
                    auto oldest = byKey.end();
                    for (auto t = byKey.begin(); t != byKey.end(); ++t)
                        if (t->second.lastCycle < cycle
                            && (oldest == byKey.end() || t->second.lastCycle < oldest->second.lastCycle))
                            oldest = t;
                    if (oldest != byKey.end())
                        byKey.erase(oldest);
                }
                it = byKey.emplace(std::move(key), Table<T>{}).first;
            }
            it->second.lastCycle = cycle;
            if (it->second.nodes.size() > 2 * liveNodes + 64)
                it->second.nodes.clear(); // entries of removed nodes
            return it->second;
        }
    };

    /// Topology keys of the existing pods' required anti-affinity terms that match the pod.
    using ExistingMatches = std::vector<const std::string*>;
    /// Pods matching all required affinity terms, and each required anti-affinity term.
    struct IncomingMatches {
        std::int64_t affinity = 0;
        std::vector<std::int64_t> anti;
    };
    /// One score contribution: an existing pod's term key, or an incoming preferred term by index.
    struct ScoreEntry {
        const std::string* existingKey = nullptr;
        std::size_t incomingIndex = 0;
        std::int64_t weight = 0;
    };

    Tables<ExistingMatches> existing;
    Tables<IncomingMatches> incoming;
    Tables<std::vector<ScoreEntry>> scores;
    std::uint64_t cycle = 0;
};

namespace {

void appendLabels(std::string& key, const core::Labels& labels)
{
    for (const auto& [k, v] : labels) {
        key += k;
        key += '=';
        key += v;
        key += '\0';
    }
    key += '\1';
}

void appendTerms(std::string& key, const std::vector<IncomingTerm>& terms)
{
    for (const IncomingTerm& t : terms) {
        key += t.topologyKey;
        key += '\0';
        if (t.allNamespaces)
            key += '*';
        for (const std::string& ns : t.namespaces) {
            key += ns;
            key += '\0';
        }
        key += '\1';
        key += t.selector.matchesNothing() ? std::string("\2") : t.selector.toString();
        key += '\0';
        key += std::to_string(t.weight);
        key += '\3';
    }
    key += '\4';
}

/// What the matching of existing pods' terms against the incoming pod depends on.
std::string podKey(const core::Pod& pod, const core::Labels& namespaceLabels)
{
    std::string key = pod.ns;
    key += '\0';
    appendLabels(key, pod.labels);
    appendLabels(key, namespaceLabels);
    return key;
}

} // namespace

InterPodAffinity::InterPodAffinity(Handle& handle) : m_handle(&handle), m_memo(std::make_unique<Memo>()) { }

InterPodAffinity::~InterPodAffinity() = default;

core::Result<std::unique_ptr<Plugin>> InterPodAffinity::create(const core::Json& args, Handle& handle)
{
    std::unique_ptr<InterPodAffinity> plugin(new InterPodAffinity(handle));
    if (args.is_object()) {
        if (auto it = args.find("hardPodAffinityWeight"); it != args.end() && !it->is_null()) {
            if (!it->is_number_integer())
                return core::fail(core::ErrorCode::Invalid,
                                  "json: cannot unmarshal " + std::string(it->type_name())
                                      + " into Go struct field InterPodAffinityArgs.hardPodAffinityWeight of type int32");
            const std::int64_t weight = it->get<std::int64_t>();
            if (weight < 0 || weight > 100)
                return core::fail(core::ErrorCode::Invalid, "hardPodAffinityWeight: Invalid value: "
                                                                + std::to_string(weight)
                                                                + ": not in valid range [0, 100]");
            plugin->m_hardPodAffinityWeight = static_cast<std::int32_t>(weight);
        }
        if (auto it = args.find("ignorePreferredTermsOfExistingPods"); it != args.end() && it->is_boolean())
            plugin->m_ignorePreferredTermsOfExistingPods = it->get<bool>();
    }
    return std::unique_ptr<Plugin>(std::move(plugin));
}

std::string_view InterPodAffinity::name() const
{
    return names::InterPodAffinity;
}

std::vector<ClusterEvent> InterPodAffinity::eventsToRegister() const
{
    return {
        ClusterEvent{EventResource::Pod, action::Add | action::UpdatePodLabel | action::Delete,
                     "PodAdd|UpdatePodLabel|PodDelete"},
        ClusterEvent{EventResource::Node, action::Add | action::UpdateNodeLabel | action::UpdateNodeTaint,
                     "NodeAdd|UpdateNodeLabel|UpdateNodeTaint"},
    };
}

Status InterPodAffinity::preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& /*result*/)
{
    const Snapshot& snapshot = m_handle->snapshot();
    auto s = std::make_unique<InterPodAffinityPreFilterState>();
    if (const auto* terms = requiredAffinityTerms(pod))
        for (const core::PodAffinityTerm& t : *terms)
            s->requiredAffinity.push_back(incomingTerm(t, pod, snapshot));
    if (const auto* terms = requiredAntiAffinityTerms(pod))
        for (const core::PodAffinityTerm& t : *terms)
            s->requiredAntiAffinity.push_back(incomingTerm(t, pod, snapshot));
    s->namespaceLabels = namespaceLabels(snapshot, pod.ns);

    const std::vector<NodeInfo*>& nodes = snapshot.list();
    const std::uint64_t cycle = ++m_memo->cycle;

    // Existing pods' required anti-affinity against the incoming pod (symmetry). Only nodes
    // holding such pods can count; with none in the cluster there is nothing to visit.
    if (snapshot.podsWithRequiredAntiAffinityCount() > 0) {
        auto& existingTable = m_memo->existing.get(podKey(pod, s->namespaceLabels), cycle, nodes.size());
        for (const NodeInfo* nodeInfo : nodes) {
            if (nodeInfo->podsWithRequiredAntiAffinity().empty())
                continue;
            const auto& matches = existingTable.get(*nodeInfo, [&](Memo::ExistingMatches& out) {
                for (const PodPtr& existing : nodeInfo->podsWithRequiredAntiAffinity())
                    if (const auto* terms = requiredAntiAffinityTerms(*existing))
                        for (const core::PodAffinityTerm& t : *terms)
                            if (existingTermMatches(t, *existing, pod, s->namespaceLabels))
                                out.push_back(&t.topologyKey);
            });
            for (const std::string* key : matches)
                addForNode(s->existingAntiAffinityCounts, *nodeInfo->node(), *key, 1);
        }
    }

    // Existing pods matching the incoming pod's required terms.
    if (!s->requiredAffinity.empty() || !s->requiredAntiAffinity.empty()) {
        std::string key;
        appendTerms(key, s->requiredAffinity);
        appendTerms(key, s->requiredAntiAffinity);
        auto& incomingTable = m_memo->incoming.get(std::move(key), cycle, nodes.size());
        for (const NodeInfo* nodeInfo : nodes) {
            if (nodeInfo->pods().empty())
                continue;
            const auto& matches = incomingTable.get(*nodeInfo, [&](Memo::IncomingMatches& out) {
                out.anti.assign(s->requiredAntiAffinity.size(), 0);
                for (const PodPtr& existing : nodeInfo->pods()) {
                    if (podMatchesAllAffinityTerms(s->requiredAffinity, *existing))
                        ++out.affinity;
                    for (std::size_t i = 0; i < s->requiredAntiAffinity.size(); ++i)
                        if (s->requiredAntiAffinity[i].matches(*existing))
                            ++out.anti[i];
                }
            });
            const core::Node& node = *nodeInfo->node();
            if (matches.affinity > 0)
                for (const IncomingTerm& t : s->requiredAffinity)
                    addForNode(s->affinityCounts, node, t.topologyKey, matches.affinity);
            for (std::size_t i = 0; i < s->requiredAntiAffinity.size(); ++i)
                if (matches.anti[i] > 0)
                    addForNode(s->antiAffinityCounts, node, s->requiredAntiAffinity[i].topologyKey, matches.anti[i]);
        }
    }

    if (s->existingAntiAffinityCounts.empty() && s->requiredAffinity.empty() && s->requiredAntiAffinity.empty())
        return Status(Code::Skip);
    state.write(kInterPodAffinityPreFilterKey, std::move(s));
    return {};
}

Status InterPodAffinity::addPod(CycleState& state, const core::Pod& podToSchedule, const PodPtr& podToAdd,
                                const NodeInfo& nodeInfo)
{
    auto* s = state.get<InterPodAffinityPreFilterState>(kInterPodAffinityPreFilterKey);
    if (!s)
        return Status::error(affinityReadError(kInterPodAffinityPreFilterKey));
    if (podToAdd && nodeInfo.node())
        s->updateWithPod(*podToAdd, podToSchedule, *nodeInfo.node(), 1);
    return {};
}

Status InterPodAffinity::removePod(CycleState& state, const core::Pod& podToSchedule, const PodPtr& podToRemove,
                                   const NodeInfo& nodeInfo)
{
    auto* s = state.get<InterPodAffinityPreFilterState>(kInterPodAffinityPreFilterKey);
    if (!s)
        return Status::error(affinityReadError(kInterPodAffinityPreFilterKey));
    if (podToRemove && nodeInfo.node())
        s->updateWithPod(*podToRemove, podToSchedule, *nodeInfo.node(), -1);
    return {};
}

Status InterPodAffinity::filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo)
{
    const auto* s = state.get<InterPodAffinityPreFilterState>(kInterPodAffinityPreFilterKey);
    if (!s)
        return Status::error(affinityReadError(kInterPodAffinityPreFilterKey));
    const core::Node* node = nodeInfo.node();
    if (!node)
        return Status::error("node not found");
    if (!satisfyPodAffinity(*s, pod, *node))
        return Status(Code::UnschedulableAndUnresolvable, std::string(kErrReasonAffinityRulesNotMatch));
    if (!satisfyPodAntiAffinity(*s, *node))
        return Status(Code::Unschedulable, std::string(kErrReasonAntiAffinityRulesNotMatch));
    if (!satisfyExistingPodsAntiAffinity(*s, *node))
        return Status(Code::Unschedulable, std::string(kErrReasonExistingAntiAffinityRulesNotMatch));
    return {};
}

Status InterPodAffinity::preScore(CycleState& state, const core::Pod& pod, std::span<NodeInfo* const> nodes)
{
    if (nodes.empty())
        return Status(Code::Skip);
    const bool hasPreferredAffinity =
        pod.affinity && pod.affinity->podAffinity && !pod.affinity->podAffinity->preferred.empty();
    const bool hasPreferredAntiAffinity =
        pod.affinity && pod.affinity->podAntiAffinity && !pod.affinity->podAntiAffinity->preferred.empty();
    const bool hasConstraints = hasPreferredAffinity || hasPreferredAntiAffinity;
    if (m_ignorePreferredTermsOfExistingPods && !hasConstraints)
        return Status(Code::Skip);
    // No preferred terms of its own and no pod with affinity terms anywhere: no node can
    // score, so the topology score stays empty (Skip, as below).
    if (!hasConstraints && m_handle->snapshot().podsWithAffinityCount() == 0)
        return Status(Code::Skip);

    const Snapshot& snapshot = m_handle->snapshot();
    auto s = std::make_unique<InterPodAffinityPreScoreState>();
    if (hasPreferredAffinity)
        for (const core::WeightedPodAffinityTerm& w : pod.affinity->podAffinity->preferred)
            s->preferredAffinity.push_back(incomingTerm(w.term, pod, snapshot, w.weight));
    if (hasPreferredAntiAffinity)
        for (const core::WeightedPodAffinityTerm& w : pod.affinity->podAntiAffinity->preferred)
            s->preferredAntiAffinity.push_back(incomingTerm(w.term, pod, snapshot, w.weight));
    s->namespaceLabels = namespaceLabels(snapshot, pod.ns);

    const std::size_t affinityCount = s->preferredAffinity.size();
    auto processExistingPod = [&](const core::Pod& existing, std::vector<Memo::ScoreEntry>& out) {
        for (std::size_t i = 0; i < affinityCount; ++i)
            if (s->preferredAffinity[i].matches(existing))
                out.push_back({nullptr, i, s->preferredAffinity[i].weight});
        for (std::size_t i = 0; i < s->preferredAntiAffinity.size(); ++i)
            if (s->preferredAntiAffinity[i].matches(existing))
                out.push_back({nullptr, affinityCount + i, -static_cast<std::int64_t>(s->preferredAntiAffinity[i].weight)});
        if (!existing.affinity)
            return;
        if (m_hardPodAffinityWeight > 0)
            if (const auto* terms = requiredAffinityTerms(existing))
                for (const core::PodAffinityTerm& t : *terms)
                    if (existingTermMatches(t, existing, pod, s->namespaceLabels))
                        out.push_back({&t.topologyKey, 0, m_hardPodAffinityWeight});
        if (existing.affinity->podAffinity)
            for (const core::WeightedPodAffinityTerm& w : existing.affinity->podAffinity->preferred)
                if (existingTermMatches(w.term, existing, pod, s->namespaceLabels))
                    out.push_back({&w.term.topologyKey, 0, w.weight});
        if (existing.affinity->podAntiAffinity)
            for (const core::WeightedPodAffinityTerm& w : existing.affinity->podAntiAffinity->preferred)
                if (existingTermMatches(w.term, existing, pod, s->namespaceLabels))
                    out.push_back({&w.term.topologyKey, 0, -static_cast<std::int64_t>(w.weight)});
    };

    const std::vector<NodeInfo*>& allNodes = snapshot.list();
    std::string key = podKey(pod, s->namespaceLabels);
    key += hasConstraints ? '+' : '-';
    appendTerms(key, s->preferredAffinity);
    appendTerms(key, s->preferredAntiAffinity);
    auto& table = m_memo->scores.get(std::move(key), ++m_memo->cycle, allNodes.size());
    for (const NodeInfo* nodeInfo : allNodes) {
        const core::Node& node = *nodeInfo->node();
        // Without preferred terms of its own, only pods with affinity terms can add a score.
        const std::vector<PodPtr>& pods = hasConstraints ? nodeInfo->pods() : nodeInfo->podsWithAffinity();
        if (pods.empty() || node.labels.empty())
            continue;
        const auto& entries = table.get(*nodeInfo, [&](std::vector<Memo::ScoreEntry>& out) {
            for (const PodPtr& existing : pods)
                processExistingPod(*existing, out);
        });
        for (const Memo::ScoreEntry& e : entries) {
            const std::string& topologyKey = e.existingKey ? *e.existingKey
                : e.incomingIndex < affinityCount ? s->preferredAffinity[e.incomingIndex].topologyKey
                                                  : s->preferredAntiAffinity[e.incomingIndex - affinityCount].topologyKey;
            s->addScore(node, topologyKey, e.weight);
        }
    }

    if (s->topologyScore.empty())
        return Status(Code::Skip);
    state.write(kInterPodAffinityPreScoreKey, std::move(s));
    return {};
}

Status InterPodAffinity::score(CycleState& state, const core::Pod& /*pod*/, const NodeInfo& nodeInfo,
                               std::int64_t& score)
{
    const auto* s = state.get<InterPodAffinityPreScoreState>(kInterPodAffinityPreScoreKey);
    if (!s)
        return Status::error(affinityReadError(kInterPodAffinityPreScoreKey));
    const core::Node* node = nodeInfo.node();
    if (!node)
        return Status::error("node not found");
    score = 0;
    for (const auto& [key, values] : s->topologyScore) {
        if (const std::string* value = helper::nodeLabel(*node, key)) {
            auto it = values.find(*value);
            if (it != values.end())
                score += it->second;
        }
    }
    return {};
}

Status InterPodAffinity::normalizeScore(CycleState& state, const core::Pod& /*pod*/, std::span<NodeScore> scores)
{
    const auto* s = state.get<InterPodAffinityPreScoreState>(kInterPodAffinityPreScoreKey);
    if (!s)
        return Status::error(affinityReadError(kInterPodAffinityPreScoreKey));
    if (s->topologyScore.empty())
        return {};
    std::int64_t minCount = std::numeric_limits<std::int64_t>::max();
    std::int64_t maxCount = std::numeric_limits<std::int64_t>::min();
    for (const NodeScore& n : scores) {
        maxCount = std::max(maxCount, n.score);
        minCount = std::min(minCount, n.score);
    }
    const std::int64_t diff = maxCount - minCount;
    for (NodeScore& n : scores) {
        double f = 0;
        if (diff > 0)
            f = static_cast<double>(kMaxNodeScore)
                * (static_cast<double>(n.score - minCount) / static_cast<double>(diff));
        n.score = static_cast<std::int64_t>(f);
    }
    return {};
}

} // namespace kubelab::scheduler

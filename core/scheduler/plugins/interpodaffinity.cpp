// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/interpodaffinity.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <unordered_map>

#include "core/scheduler/plugins/names.h"
#include "core/scheduler/snapshot.h"

namespace kubelab::scheduler {

namespace {

constexpr std::string_view kPreFilterStateKey = "PreFilterInterPodAffinity";
constexpr std::string_view kPreScoreStateKey = "PreScoreInterPodAffinity";

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

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

private:
    StringMap<StringMap<std::int64_t>> m_counts;
    std::size_t m_size = 0;
};

const std::string* nodeLabel(const core::Node& node, const std::string& key)
{
    auto it = node.labels.find(key);
    return it == node.labels.end() ? nullptr : &it->second;
}

void addForNode(TopologyCounts& counts, const core::Node& node, const std::string& key, std::int64_t delta)
{
    if (const std::string* value = nodeLabel(node, key))
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

class PreFilterState final : public StateData {
public:
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<PreFilterState>(*this); }

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

class PreScoreState final : public StateData {
public:
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<PreScoreState>(*this); }

    /// topology key -> value -> score.
    StringMap<StringMap<std::int64_t>> topologyScore;
    std::vector<IncomingTerm> preferredAffinity;
    std::vector<IncomingTerm> preferredAntiAffinity;
    core::Labels namespaceLabels;

    void addScore(const core::Node& node, const std::string& key, std::int64_t weight)
    {
        if (const std::string* value = nodeLabel(node, key))
            topologyScore[key][*value] += weight;
    }
};

bool satisfyPodAffinity(const PreFilterState& s, const core::Pod& pod, const core::Node& node)
{
    bool podsExist = true;
    for (const IncomingTerm& term : s.requiredAffinity) {
        const std::string* value = nodeLabel(node, term.topologyKey);
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

bool satisfyPodAntiAffinity(const PreFilterState& s, const core::Node& node)
{
    if (s.antiAffinityCounts.empty())
        return true;
    for (const IncomingTerm& term : s.requiredAntiAffinity)
        if (const std::string* value = nodeLabel(node, term.topologyKey))
            if (s.antiAffinityCounts.get(term.topologyKey, *value) > 0)
                return false;
    return true;
}

bool satisfyExistingPodsAntiAffinity(const PreFilterState& s, const core::Node& node)
{
    if (s.existingAntiAffinityCounts.empty())
        return true;
    for (const auto& [key, value] : node.labels)
        if (s.existingAntiAffinityCounts.get(key, value) > 0)
            return false;
    return true;
}

std::string readError(std::string_view key)
{
    return "error reading \"" + std::string(key) + "\" from cycleState: not found";
}

} // namespace

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
    auto s = std::make_unique<PreFilterState>();
    if (const auto* terms = requiredAffinityTerms(pod))
        for (const core::PodAffinityTerm& t : *terms)
            s->requiredAffinity.push_back(incomingTerm(t, pod, snapshot));
    if (const auto* terms = requiredAntiAffinityTerms(pod))
        for (const core::PodAffinityTerm& t : *terms)
            s->requiredAntiAffinity.push_back(incomingTerm(t, pod, snapshot));
    s->namespaceLabels = namespaceLabels(snapshot, pod.ns);

    // Existing pods' required anti-affinity against the incoming pod (symmetry).
    for (const NodeInfo* nodeInfo : snapshot.havePodsWithRequiredAntiAffinity()) {
        const core::Node& node = *nodeInfo->node();
        for (const PodPtr& existing : nodeInfo->podsWithRequiredAntiAffinity())
            if (const auto* terms = requiredAntiAffinityTerms(*existing))
                for (const core::PodAffinityTerm& t : *terms)
                    if (existingTermMatches(t, *existing, pod, s->namespaceLabels))
                        addForNode(s->existingAntiAffinityCounts, node, t.topologyKey, 1);
    }

    // Existing pods matching the incoming pod's required terms.
    if (!s->requiredAffinity.empty() || !s->requiredAntiAffinity.empty()) {
        for (const NodeInfo* nodeInfo : snapshot.list()) {
            const core::Node& node = *nodeInfo->node();
            for (const PodPtr& existing : nodeInfo->pods()) {
                if (podMatchesAllAffinityTerms(s->requiredAffinity, *existing))
                    for (const IncomingTerm& t : s->requiredAffinity)
                        addForNode(s->affinityCounts, node, t.topologyKey, 1);
                for (const IncomingTerm& t : s->requiredAntiAffinity)
                    if (t.matches(*existing))
                        addForNode(s->antiAffinityCounts, node, t.topologyKey, 1);
            }
        }
    }

    if (s->existingAntiAffinityCounts.empty() && s->requiredAffinity.empty() && s->requiredAntiAffinity.empty())
        return Status(Code::Skip);
    state.write(kPreFilterStateKey, std::move(s));
    return {};
}

Status InterPodAffinity::addPod(CycleState& state, const core::Pod& podToSchedule, const PodPtr& podToAdd,
                                const NodeInfo& nodeInfo)
{
    auto* s = state.get<PreFilterState>(kPreFilterStateKey);
    if (!s)
        return Status::error(readError(kPreFilterStateKey));
    if (podToAdd && nodeInfo.node())
        s->updateWithPod(*podToAdd, podToSchedule, *nodeInfo.node(), 1);
    return {};
}

Status InterPodAffinity::removePod(CycleState& state, const core::Pod& podToSchedule, const PodPtr& podToRemove,
                                   const NodeInfo& nodeInfo)
{
    auto* s = state.get<PreFilterState>(kPreFilterStateKey);
    if (!s)
        return Status::error(readError(kPreFilterStateKey));
    if (podToRemove && nodeInfo.node())
        s->updateWithPod(*podToRemove, podToSchedule, *nodeInfo.node(), -1);
    return {};
}

Status InterPodAffinity::filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo)
{
    const auto* s = state.get<PreFilterState>(kPreFilterStateKey);
    if (!s)
        return Status::error(readError(kPreFilterStateKey));
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

    const Snapshot& snapshot = m_handle->snapshot();
    auto s = std::make_unique<PreScoreState>();
    if (hasPreferredAffinity)
        for (const core::WeightedPodAffinityTerm& w : pod.affinity->podAffinity->preferred)
            s->preferredAffinity.push_back(incomingTerm(w.term, pod, snapshot, w.weight));
    if (hasPreferredAntiAffinity)
        for (const core::WeightedPodAffinityTerm& w : pod.affinity->podAntiAffinity->preferred)
            s->preferredAntiAffinity.push_back(incomingTerm(w.term, pod, snapshot, w.weight));
    s->namespaceLabels = namespaceLabels(snapshot, pod.ns);

    auto processExistingPod = [&](const core::Pod& existing, const core::Node& node) {
        if (node.labels.empty())
            return;
        for (const IncomingTerm& t : s->preferredAffinity)
            if (t.matches(existing))
                s->addScore(node, t.topologyKey, t.weight);
        for (const IncomingTerm& t : s->preferredAntiAffinity)
            if (t.matches(existing))
                s->addScore(node, t.topologyKey, -static_cast<std::int64_t>(t.weight));
        if (!existing.affinity)
            return;
        if (m_hardPodAffinityWeight > 0)
            if (const auto* terms = requiredAffinityTerms(existing))
                for (const core::PodAffinityTerm& t : *terms)
                    if (existingTermMatches(t, existing, pod, s->namespaceLabels))
                        s->addScore(node, t.topologyKey, m_hardPodAffinityWeight);
        if (existing.affinity->podAffinity)
            for (const core::WeightedPodAffinityTerm& w : existing.affinity->podAffinity->preferred)
                if (existingTermMatches(w.term, existing, pod, s->namespaceLabels))
                    s->addScore(node, w.term.topologyKey, w.weight);
        if (existing.affinity->podAntiAffinity)
            for (const core::WeightedPodAffinityTerm& w : existing.affinity->podAntiAffinity->preferred)
                if (existingTermMatches(w.term, existing, pod, s->namespaceLabels))
                    s->addScore(node, w.term.topologyKey, -static_cast<std::int64_t>(w.weight));
    };

    // Without preferred terms of its own, only pods with affinity terms can add a score.
    if (hasConstraints) {
        for (const NodeInfo* nodeInfo : snapshot.list())
            for (const PodPtr& existing : nodeInfo->pods())
                processExistingPod(*existing, *nodeInfo->node());
    } else {
        for (const NodeInfo* nodeInfo : snapshot.havePodsWithAffinity())
            for (const PodPtr& existing : nodeInfo->podsWithAffinity())
                processExistingPod(*existing, *nodeInfo->node());
    }

    if (s->topologyScore.empty())
        return Status(Code::Skip);
    state.write(kPreScoreStateKey, std::move(s));
    return {};
}

Status InterPodAffinity::score(CycleState& state, const core::Pod& /*pod*/, const NodeInfo& nodeInfo,
                               std::int64_t& score)
{
    const auto* s = state.get<PreScoreState>(kPreScoreStateKey);
    if (!s)
        return Status::error(readError(kPreScoreStateKey));
    const core::Node* node = nodeInfo.node();
    if (!node)
        return Status::error("node not found");
    score = 0;
    for (const auto& [key, values] : s->topologyScore) {
        if (const std::string* value = nodeLabel(*node, key)) {
            auto it = values.find(*value);
            if (it != values.end())
                score += it->second;
        }
    }
    return {};
}

Status InterPodAffinity::normalizeScore(CycleState& state, const core::Pod& /*pod*/, std::span<NodeScore> scores)
{
    const auto* s = state.get<PreScoreState>(kPreScoreStateKey);
    if (!s)
        return Status::error(readError(kPreScoreStateKey));
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

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/nodeaffinity.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <set>

#include "core/api/names.h"
#include "core/api/validation_util.h"
#include "core/scheduler/plugins/helper.h"
#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler {

namespace {

constexpr std::string_view kNodeAffinityPreFilterKey = "PreFilterNodeAffinity";
constexpr std::string_view kNodeAffinityPreScoreKey = "PreScoreNodeAffinity";
constexpr std::string_view kObjectNameField = "metadata.name";

using Op = core::NodeSelectorRequirement::Operator;

std::string operatorName(Op op)
{
    switch (op) {
    case Op::In: return "In";
    case Op::NotIn: return "NotIn";
    case Op::Exists: return "Exists";
    case Op::DoesNotExist: return "DoesNotExist";
    case Op::Gt: return "Gt";
    case Op::Lt: return "Lt";
    }
    return {};
}

/// `strconv.ParseInt(s, 10, 64)`: an optional sign and decimal digits.
std::optional<std::int64_t> parseInt64(std::string_view text)
{
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    if (text.empty())
        return std::nullopt;
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

/// Upstream `labels.NewRequirement`'s checks for one node selector requirement.
void checkExpression(const core::NodeSelectorRequirement& r, const std::string& path, std::vector<std::string>& errors)
{
    if (auto problems = core::isQualifiedName(r.key); !problems.empty())
        errors.push_back(helper::invalidValue(path + ".key", core::validation::goQuote(r.key), core::join(problems, "; ")));
    switch (r.op) {
    case Op::In:
    case Op::NotIn:
        if (r.values.empty())
            errors.push_back(helper::invalidValue(path + ".values", core::validation::goStringSlice(r.values),
                                     "for 'in', 'notin' operators, values set can't be empty"));
        break;
    case Op::Exists:
    case Op::DoesNotExist:
        if (!r.values.empty())
            errors.push_back(helper::invalidValue(path + ".values", core::validation::goStringSlice(r.values),
                                     "values set must be empty for exists and does not exist"));
        break;
    case Op::Gt:
    case Op::Lt:
        if (r.values.size() != 1)
            errors.push_back(helper::invalidValue(path + ".values", core::validation::goStringSlice(r.values),
                                     "for 'Gt', 'Lt' operators, exactly one value is required"));
        for (std::size_t i = 0; i < r.values.size(); ++i)
            if (!parseInt64(r.values[i]))
                errors.push_back(helper::invalidValue(path + ".values[" + std::to_string(i) + "]", core::validation::goQuote(r.values[i]),
                                         "for 'Gt', 'Lt' operators, the value must be an integer"));
        break;
    }
    for (std::size_t i = 0; i < r.values.size(); ++i)
        if (auto problems = core::isValidLabelValue(r.values[i]); !problems.empty())
            errors.push_back(helper::invalidValue(path + ".values[" + std::to_string(i) + "][" + r.key + "]",
                                     core::validation::goQuote(r.values[i]), core::join(problems, "; ")));
}

bool expressionMatches(const core::NodeSelectorRequirement& r, const core::Labels& labels)
{
    auto it = labels.find(r.key);
    const bool present = it != labels.end();
    auto listed = [&] { return std::find(r.values.begin(), r.values.end(), it->second) != r.values.end(); };
    switch (r.op) {
    case Op::In: return present && listed();
    case Op::NotIn: return !present || !listed();
    case Op::Exists: return present;
    case Op::DoesNotExist: return !present;
    case Op::Gt:
    case Op::Lt: {
        if (!present || r.values.size() != 1)
            return false;
        const auto have = parseInt64(it->second);
        const auto want = parseInt64(r.values.front());
        if (!have || !want)
            return false;
        return r.op == Op::Gt ? *have > *want : *have < *want;
    }
    }
    return false;
}

bool isEmptyTerm(const core::NodeSelectorTerm& term)
{
    return term.matchExpressions.empty() && term.matchFields.empty();
}

/// The pod's preferred node affinity, or nothing when it has none.
core::Result<std::optional<CompiledPreferredTerms>> podPreferredNodeAffinity(const core::Pod& pod)
{
    if (!pod.affinity || !pod.affinity->nodeAffinity || pod.affinity->nodeAffinity->preferred.empty())
        return std::optional<CompiledPreferredTerms>();
    auto terms = CompiledPreferredTerms::compile(pod.affinity->nodeAffinity->preferred);
    if (!terms)
        return std::unexpected(terms.error());
    return std::optional<CompiledPreferredTerms>(std::move(*terms));
}

class NodeAffinityPreFilterState final : public StateData {
public:
    explicit NodeAffinityPreFilterState(const core::Pod& pod) : required(pod) { }
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<NodeAffinityPreFilterState>(*this); }

    RequiredNodeAffinity required;
};

class NodeAffinityPreScoreState final : public StateData {
public:
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<NodeAffinityPreScoreState>(*this); }

    std::optional<CompiledPreferredTerms> preferred;
};

} // namespace

CompiledNodeSelectorTerm CompiledNodeSelectorTerm::compile(const core::NodeSelectorTerm& term, const std::string& path)
{
    CompiledNodeSelectorTerm out;
    for (std::size_t i = 0; i < term.matchExpressions.size(); ++i)
        checkExpression(term.matchExpressions[i], path + ".matchExpressions[" + std::to_string(i) + "]", out.m_errors);
    out.m_expressions = term.matchExpressions;
    for (std::size_t i = 0; i < term.matchFields.size(); ++i) {
        const core::NodeSelectorRequirement& r = term.matchFields[i];
        const std::string p = path + ".matchFields[" + std::to_string(i) + "]";
        if (r.op == Op::In || r.op == Op::NotIn) {
            if (r.values.size() != 1)
                out.m_errors.push_back(helper::invalidValue(p + ".values", core::validation::goStringSlice(r.values), "must have one element"));
            else
                out.m_fields.push_back(FieldRequirement{r.key, r.op == Op::In, r.values.front()});
        } else {
            out.m_errors.push_back(p + ".operator: Unsupported value: " + core::validation::goQuote(operatorName(r.op))
                                   + ": supported values: \"In\", \"NotIn\"");
        }
    }
    return out;
}

bool CompiledNodeSelectorTerm::matches(const core::Node& node) const
{
    if (!m_errors.empty())
        return false;
    for (const core::NodeSelectorRequirement& r : m_expressions)
        if (!expressionMatches(r, node.labels))
            return false;
    // Only metadata.name is a node field; a node without a name skips field requirements.
    if (!node.name.empty()) {
        for (const FieldRequirement& f : m_fields) {
            const std::string_view have = f.key == kObjectNameField ? std::string_view(node.name) : std::string_view();
            if ((have == f.value) != f.equal)
                return false;
        }
    }
    return true;
}

CompiledNodeSelector CompiledNodeSelector::compile(const core::NodeSelector& selector, const std::string& path)
{
    CompiledNodeSelector out;
    const std::string prefix = path.empty() ? std::string("nodeSelectorTerms") : path + ".nodeSelectorTerms";
    for (std::size_t i = 0; i < selector.nodeSelectorTerms.size(); ++i) {
        const core::NodeSelectorTerm& term = selector.nodeSelectorTerms[i];
        if (isEmptyTerm(term))
            continue;
        out.m_terms.push_back(CompiledNodeSelectorTerm::compile(term, prefix + "[" + std::to_string(i) + "]"));
    }
    return out;
}

bool CompiledNodeSelector::matches(const core::Node& node) const
{
    return std::any_of(m_terms.begin(), m_terms.end(),
                       [&node](const CompiledNodeSelectorTerm& t) { return t.matches(node); });
}

std::vector<std::string> CompiledNodeSelector::errors() const
{
    std::vector<std::string> out;
    for (const CompiledNodeSelectorTerm& t : m_terms)
        out.insert(out.end(), t.errors().begin(), t.errors().end());
    return out;
}

CompiledPreferredTerms CompiledPreferredTerms::compile(const std::vector<core::PreferredSchedulingTerm>& terms,
                                                       const std::string& path, std::vector<std::string>& errors)
{
    CompiledPreferredTerms out;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        if (terms[i].weight == 0 || isEmptyTerm(terms[i].preference))
            continue;
        auto term = CompiledNodeSelectorTerm::compile(terms[i].preference, path + "[" + std::to_string(i) + "]");
        if (!term.errors().empty())
            errors.insert(errors.end(), term.errors().begin(), term.errors().end());
        else
            out.m_terms.emplace_back(std::move(term), terms[i].weight);
    }
    return out;
}

core::Result<CompiledPreferredTerms> CompiledPreferredTerms::compile(
    const std::vector<core::PreferredSchedulingTerm>& terms, const std::string& path)
{
    std::vector<std::string> errors;
    CompiledPreferredTerms out = compile(terms, path, errors);
    if (!errors.empty())
        return core::fail(core::ErrorCode::Invalid, core::aggregateErrors(errors));
    return out;
}

std::int64_t CompiledPreferredTerms::score(const core::Node& node) const
{
    std::int64_t sum = 0;
    for (const auto& [term, weight] : m_terms)
        if (term.matches(node))
            sum += weight;
    return sum;
}

RequiredNodeAffinity::RequiredNodeAffinity(const core::Pod& pod) : m_nodeSelector(pod.nodeSelector)
{
    if (pod.affinity && pod.affinity->nodeAffinity && pod.affinity->nodeAffinity->required)
        m_affinity = CompiledNodeSelector::compile(*pod.affinity->nodeAffinity->required);
}

bool RequiredNodeAffinity::matches(const core::Node& node) const
{
    for (const auto& [key, value] : m_nodeSelector) {
        auto it = node.labels.find(key);
        if (it == node.labels.end() || it->second != value)
            return false;
    }
    return !m_affinity || m_affinity->matches(node);
}

core::Result<std::unique_ptr<Plugin>> NodeAffinity::create(const core::Json& args, Handle& /*handle*/)
{
    std::unique_ptr<NodeAffinity> plugin(new NodeAffinity());
    const core::Json* added = nullptr;
    if (args.is_object())
        if (auto it = args.find("addedAffinity"); it != args.end() && !it->is_null())
            added = &*it;
    if (!added)
        return std::unique_ptr<Plugin>(std::move(plugin));

    // The typed decoder of a pod spec reads the NodeAffinity object.
    core::Json pod = {{"spec", {{"affinity", {{"nodeAffinity", *added}}}}}};
    auto decoded = core::Pod::fromJson(pod);
    if (!decoded) {
        core::Error error = decoded.error();
        const std::string from = "spec.affinity.nodeAffinity";
        if (auto at = error.message.find(from); at != std::string::npos)
            error.message.replace(at, from.size(), "addedAffinity");
        return std::unexpected(std::move(error));
    }
    const core::NodeAffinity& affinity = *decoded->affinity->nodeAffinity;

    std::vector<std::string> errors;
    if (affinity.required) {
        auto selector = CompiledNodeSelector::compile(*affinity.required,
                                                      "addedAffinity.requiredDuringSchedulingIgnoredDuringExecution");
        auto e = selector.errors();
        errors.insert(errors.end(), e.begin(), e.end());
        plugin->m_addedNodeSelector = std::move(selector);
    }
    if (!affinity.preferred.empty()) {
        plugin->m_addedPreferredTerms = CompiledPreferredTerms::compile(
            affinity.preferred, "addedAffinity.preferredDuringSchedulingIgnoredDuringExecution", errors);
    }
    if (!errors.empty())
        return core::fail(core::ErrorCode::Invalid, core::aggregateErrors(errors));
    return std::unique_ptr<Plugin>(std::move(plugin));
}

std::string_view NodeAffinity::name() const
{
    return names::NodeAffinity;
}

std::vector<ClusterEvent> NodeAffinity::eventsToRegister() const
{
    // Without queueing hints (v1.31's default) every plugin registering Node/Add also
    // registers UpdateNodeTaint and UpdateNodeLabel.
    return {ClusterEvent{EventResource::Node, action::Add | action::UpdateNodeLabel | action::UpdateNodeTaint,
                         "NodeAdd|UpdateNodeLabel|UpdateNodeTaint"}};
}

Status NodeAffinity::preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& result)
{
    const bool noNodeAffinity = !pod.affinity || !pod.affinity->nodeAffinity || !pod.affinity->nodeAffinity->required;
    if (noNodeAffinity && !m_addedNodeSelector && pod.nodeSelector.empty())
        return Status(Code::Skip);

    state.write(kNodeAffinityPreFilterKey, std::make_unique<NodeAffinityPreFilterState>(pod));

    if (noNodeAffinity || pod.affinity->nodeAffinity->required->nodeSelectorTerms.empty())
        return {};

    // Narrow the nodes when every term names nodes by metadata.name.
    std::optional<std::set<std::string>> nodeNames;
    for (const core::NodeSelectorTerm& term : pod.affinity->nodeAffinity->required->nodeSelectorTerms) {
        std::optional<std::set<std::string>> termNames;
        for (const core::NodeSelectorRequirement& r : term.matchFields) {
            if (r.key != kObjectNameField || r.op != Op::In)
                continue;
            std::set<std::string> names(r.values.begin(), r.values.end());
            if (!termNames) {
                termNames = std::move(names);
            } else {
                std::set<std::string> both;
                std::set_intersection(termNames->begin(), termNames->end(), names.begin(), names.end(),
                                      std::inserter(both, both.end()));
                termNames = std::move(both);
            }
        }
        if (!termNames)
            return {}; // this term does not name nodes, and terms are ORed
        if (!nodeNames)
            nodeNames.emplace();
        nodeNames->insert(termNames->begin(), termNames->end());
    }
    if (nodeNames && nodeNames->empty())
        return Status(Code::UnschedulableAndUnresolvable, std::string(kErrReasonConflict));
    if (nodeNames)
        result.nodeNames = std::vector<std::string>(nodeNames->begin(), nodeNames->end());
    return {};
}

Status NodeAffinity::filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo)
{
    const core::Node* node = nodeInfo.node();
    if (!node)
        return Status::error("node not found");
    if (m_addedNodeSelector && !m_addedNodeSelector->matches(*node))
        return Status(Code::UnschedulableAndUnresolvable, std::string(kErrReasonEnforced));

    bool matched = false;
    if (const auto* s = state.get<NodeAffinityPreFilterState>(kNodeAffinityPreFilterKey))
        matched = s->required.matches(*node);
    else // PreFilter did not run (disabled): compute here, as upstream falls back.
        matched = RequiredNodeAffinity(pod).matches(*node);
    if (!matched)
        return Status(Code::UnschedulableAndUnresolvable, std::string(kErrReasonPod));
    return {};
}

Status NodeAffinity::preScore(CycleState& state, const core::Pod& pod, std::span<NodeInfo* const> nodes)
{
    if (nodes.empty())
        return {};
    auto preferred = podPreferredNodeAffinity(pod);
    if (!preferred)
        return Status::error(preferred.error().message);
    if (!*preferred && !m_addedPreferredTerms)
        return Status(Code::Skip);
    auto data = std::make_unique<NodeAffinityPreScoreState>();
    data->preferred = std::move(*preferred);
    state.write(kNodeAffinityPreScoreKey, std::move(data));
    return {};
}

Status NodeAffinity::score(CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo, std::int64_t& score)
{
    const core::Node* node = nodeInfo.node();
    if (!node)
        return Status::error("node not found");
    score = 0;
    if (m_addedPreferredTerms)
        score += m_addedPreferredTerms->score(*node);
    if (const auto* s = state.get<NodeAffinityPreScoreState>(kNodeAffinityPreScoreKey)) {
        if (s->preferred)
            score += s->preferred->score(*node);
        return {};
    }
    // PreScore did not run (disabled): compute here, as upstream falls back.
    auto preferred = podPreferredNodeAffinity(pod);
    if (!preferred)
        return Status::error(preferred.error().message);
    if (*preferred)
        score += (*preferred)->score(*node);
    return {};
}

Status NodeAffinity::normalizeScore(CycleState& /*state*/, const core::Pod& /*pod*/, std::span<NodeScore> scores)
{
    helper::defaultNormalizeScore(kMaxNodeScore, false, scores);
    return {};
}

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/helper.h"

#include <algorithm>
#include <charconv>

namespace kubelab::scheduler::helper {

Status notFound(std::string_view resource, const std::string& name)
{
    return Status(Code::UnschedulableAndUnresolvable, std::string(resource) + " \"" + name + "\" not found");
}

std::string quoted(std::string_view text)
{
    return "\"" + std::string(text) + "\"";
}

std::string invalidValue(const std::string& field, const std::string& value, std::string_view detail)
{
    std::string out = field + ": Invalid value: " + value;
    if (!detail.empty())
        out += ": " + std::string(detail);
    return out;
}

const std::string* nodeLabel(const core::Node& node, const std::string& key)
{
    auto it = node.labels.find(key);
    return it == node.labels.end() ? nullptr : &it->second;
}

namespace {

std::optional<std::int64_t> parseInt(const std::string& s)
{
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return v;
}

bool contains(const std::vector<std::string>& values, const std::string& v)
{
    return std::find(values.begin(), values.end(), v) != values.end();
}

bool matchesField(const core::NodeSelectorRequirement& r, const core::Node& node)
{
    using Op = core::NodeSelectorRequirement::Operator;
    if (r.key != "metadata.name" || r.values.size() != 1)
        return false;
    switch (r.op) {
    case Op::In: return node.name == r.values.front();
    case Op::NotIn: return node.name != r.values.front();
    default: return false;
    }
}

} // namespace

void defaultNormalizeScore(std::int64_t maxPriority, bool reverse, std::span<NodeScore> scores)
{
    std::int64_t maxCount = 0;
    for (const NodeScore& s : scores)
        maxCount = std::max(maxCount, s.score);
    if (maxCount == 0) {
        if (reverse)
            for (NodeScore& s : scores)
                s.score = maxPriority;
        return;
    }
    for (NodeScore& s : scores) {
        std::int64_t score = maxPriority * s.score / maxCount;
        if (reverse)
            score = maxPriority - score;
        s.score = score;
    }
}

bool matchesRequirement(const core::NodeSelectorRequirement& r, const core::Labels& labels)
{
    using Op = core::NodeSelectorRequirement::Operator;
    auto it = labels.find(r.key);
    const bool has = it != labels.end();
    // Requirements the API would refuse never match (upstream's lazy-error selector).
    if ((r.op == Op::In || r.op == Op::NotIn) && r.values.empty())
        return false;
    if ((r.op == Op::Exists || r.op == Op::DoesNotExist) && !r.values.empty())
        return false;
    switch (r.op) {
    case Op::In: return has && contains(r.values, it->second);
    case Op::NotIn: return !has || !contains(r.values, it->second);
    case Op::Exists: return has;
    case Op::DoesNotExist: return !has;
    case Op::Gt:
    case Op::Lt: {
        if (r.values.size() != 1)
            return false;
        auto bound = parseInt(r.values.front());
        if (!bound || !has)
            return false;
        auto value = parseInt(it->second);
        if (!value)
            return false;
        return r.op == Op::Gt ? *value > *bound : *value < *bound;
    }
    }
    return false;
}

bool matchesNodeSelectorTerm(const core::NodeSelectorTerm& term, const core::Node& node)
{
    if (term.matchExpressions.empty() && term.matchFields.empty())
        return false;
    for (const auto& r : term.matchExpressions)
        if (!matchesRequirement(r, node.labels))
            return false;
    for (const auto& r : term.matchFields)
        if (!matchesField(r, node))
            return false;
    return true;
}

bool matchesNodeSelector(const core::NodeSelector& selector, const core::Node& node)
{
    return std::any_of(selector.nodeSelectorTerms.begin(), selector.nodeSelectorTerms.end(),
                       [&node](const core::NodeSelectorTerm& t) { return matchesNodeSelectorTerm(t, node); });
}

bool podMatchesNodeSelectorAndAffinityTerms(const core::Pod& pod, const core::Node& node)
{
    for (const auto& [key, value] : pod.nodeSelector) {
        auto it = node.labels.find(key);
        if (it == node.labels.end() || it->second != value)
            return false;
    }
    if (pod.affinity && pod.affinity->nodeAffinity && pod.affinity->nodeAffinity->required)
        return matchesNodeSelector(*pod.affinity->nodeAffinity->required, node);
    return true;
}

} // namespace kubelab::scheduler::helper

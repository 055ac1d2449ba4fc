// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/noderesourcesfit.h"

#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler::noderesources {

namespace {

using core::Json;

constexpr std::string_view kFitPreFilterKey = "PreFilterNodeResourcesFit";
constexpr std::string_view kFitPreScoreKey = "PreScoreNodeResourcesFit";

struct FitPreFilterState final : StateData {
    core::ResourceAmounts request;
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<FitPreFilterState>(*this); }
};

struct FitPreScoreState final : StateData {
    std::vector<std::int64_t> podRequests;
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<FitPreScoreState>(*this); }
};

std::string quote(std::string_view s)
{
    return Json(std::string(s)).dump();
}

std::int64_t intOf(const Json& object, const char* key, std::int64_t fallback)
{
    if (!object.is_object())
        return fallback;
    auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<std::int64_t>() : fallback;
}

std::vector<std::string> stringsOf(const Json& object, const char* key)
{
    std::vector<std::string> out;
    if (!object.is_object())
        return out;
    auto it = object.find(key);
    if (it == object.end() || !it->is_array())
        return out;
    for (const Json& v : *it)
        if (v.is_string())
            out.push_back(v.get<std::string>());
    return out;
}

} // namespace

core::Result<NodeResourcesFitArgs> NodeResourcesFitArgs::fromJson(const Json& args)
{
    NodeResourcesFitArgs out;
    std::vector<std::string> errors;
    out.ignoredResources = stringsOf(args, "ignoredResources");
    out.ignoredResourceGroups = stringsOf(args, "ignoredResourceGroups");
    for (std::size_t i = 0; i < out.ignoredResourceGroups.size(); ++i)
        if (out.ignoredResourceGroups[i].find('/') != std::string::npos)
            errors.push_back("ignoredResourceGroups[" + std::to_string(i) + "]: Invalid value: "
                             + quote(out.ignoredResourceGroups[i]) + ": resource group name can't contain '/'");

    const Json strategy = args.is_object() && args.contains("scoringStrategy") && args["scoringStrategy"].is_object()
        ? args["scoringStrategy"]
        : Json{{"type", "LeastAllocated"}};
    const std::string type = strategy.value("type", "LeastAllocated");
    if (type == "LeastAllocated")
        out.strategy = Strategy::LeastAllocated;
    else if (type == "MostAllocated")
        out.strategy = Strategy::MostAllocated;
    else if (type == "RequestedToCapacityRatio")
        out.strategy = Strategy::RequestedToCapacityRatio;
    else
        errors.push_back("scoringStrategy.type: Unsupported value: " + quote(type)
                         + ": supported values: \"LeastAllocated\", \"MostAllocated\", \"RequestedToCapacityRatio\"");

    if (strategy.contains("resources") && strategy["resources"].is_array() && !strategy["resources"].empty()) {
        out.resources.clear();
        const Json& resources = strategy["resources"];
        for (std::size_t i = 0; i < resources.size(); ++i) {
            ResourceSpec spec;
            spec.name = resources[i].is_object() ? resources[i].value("name", "") : "";
            spec.weight = intOf(resources[i], "weight", 0);
            if (spec.weight == 0)
                spec.weight = 1; // v1 defaulting
            if (spec.weight <= 0 || spec.weight > 100)
                errors.push_back("scoringStrategy.resources[" + std::to_string(i) + "].weight: Invalid value: "
                                 + std::to_string(spec.weight) + ": resource weight of " + spec.name
                                 + " not in valid range (0, 100]");
            out.resources.push_back(std::move(spec));
        }
    }

    const bool hasRatio = strategy.contains("requestedToCapacityRatio") && !strategy["requestedToCapacityRatio"].is_null();
    if (out.strategy == Strategy::RequestedToCapacityRatio) {
        if (!hasRatio) {
            errors.push_back("scoringStrategy.requestedToCapacityRatio: Required value: must be specified when type is "
                             "RequestedToCapacityRatio");
        } else {
            const Json& ratio = strategy["requestedToCapacityRatio"];
            const Json shape = ratio.is_object() && ratio.contains("shape") ? ratio["shape"] : Json::array();
            const std::string path = "scoringStrategy.requestedToCapacityRatio.shape";
            for (const Json& p : shape)
                out.shape.push_back(UtilizationShapePoint{intOf(p, "utilization", 0), intOf(p, "score", 0)});
            if (out.shape.empty()) {
                errors.push_back(path + ": Required value: at least one point must be specified");
            } else {
                for (std::size_t i = 1; i < out.shape.size(); ++i) {
                    if (out.shape[i - 1].utilization >= out.shape[i].utilization) {
                        errors.push_back(path + "[" + std::to_string(i) + "].utilization: Invalid value: "
                                         + std::to_string(out.shape[i].utilization)
                                         + ": values must be sorted in increasing order");
                        break;
                    }
                }
                for (std::size_t i = 0; i < out.shape.size(); ++i) {
                    const auto& p = out.shape[i];
                    if (p.utilization < 0 || p.utilization > 100)
                        errors.push_back(path + "[" + std::to_string(i) + "].utilization: Invalid value: "
                                         + std::to_string(p.utilization) + ": not in valid range [0, 100]");
                    if (p.score < 0 || p.score > 10)
                        errors.push_back(path + "[" + std::to_string(i) + "].score: Invalid value: "
                                         + std::to_string(p.score) + ": not in valid range [0, 10]");
                }
            }
        }
    } else if (hasRatio) {
        errors.push_back("scoringStrategy.requestedToCapacityRatio: Forbidden: must be nil when type is not "
                         "RequestedToCapacityRatio");
    }

    if (!errors.empty()) {
        std::string message;
        if (errors.size() == 1) {
            message = errors.front();
        } else {
            message = "[";
            for (std::size_t i = 0; i < errors.size(); ++i)
                message += (i ? ", " : "") + errors[i];
            message += "]";
        }
        return core::fail(core::ErrorCode::Invalid, std::move(message));
    }
    return out;
}

std::vector<InsufficientResource> fitsRequest(const core::ResourceAmounts& podRequest, const NodeInfo& nodeInfo,
                                              const std::set<std::string, std::less<>>& ignoredResources,
                                              const std::set<std::string, std::less<>>& ignoredGroups)
{
    std::vector<InsufficientResource> out;
    const std::int64_t podCount = static_cast<std::int64_t>(nodeInfo.pods().size());
    if (podCount + 1 > nodeInfo.allowedPodNumber())
        out.push_back({"pods", "Too many pods", 1, podCount, nodeInfo.allowedPodNumber()});
    if (podRequest.milliCpu == 0 && podRequest.memory == 0 && podRequest.ephemeralStorage == 0
        && podRequest.scalar.empty())
        return out;
    const core::ResourceAmounts& alloc = nodeInfo.allocatable();
    const core::ResourceAmounts& used = nodeInfo.requested();
    if (podRequest.milliCpu > 0 && podRequest.milliCpu > alloc.milliCpu - used.milliCpu)
        out.push_back({"cpu", "Insufficient cpu", podRequest.milliCpu, used.milliCpu, alloc.milliCpu});
    if (podRequest.memory > 0 && podRequest.memory > alloc.memory - used.memory)
        out.push_back({"memory", "Insufficient memory", podRequest.memory, used.memory, alloc.memory});
    if (podRequest.ephemeralStorage > 0 && podRequest.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage)
        out.push_back({"ephemeral-storage", "Insufficient ephemeral-storage", podRequest.ephemeralStorage,
                       used.ephemeralStorage, alloc.ephemeralStorage});
    for (const auto& [name, quantity] : podRequest.scalar) {
        if (quantity == 0)
            continue;
        if (core::isExtendedResourceName(name)) {
            const std::string_view prefix = std::string_view(name).substr(0, name.find('/'));
            if (ignoredResources.contains(name) || (!ignoredGroups.empty() && ignoredGroups.contains(prefix)))
                continue;
        }
        const std::int64_t allocatable = alloc.scalarValue(name);
        const std::int64_t requested = used.scalarValue(name);
        if (quantity > allocatable - requested)
            out.push_back({name, "Insufficient " + name, quantity, requested, allocatable});
    }
    return out;
}

NodeResourcesFit::NodeResourcesFit(const NodeResourcesFitArgs& args)
    : m_ignoredResources(args.ignoredResources.begin(), args.ignoredResources.end()),
      m_ignoredGroups(args.ignoredResourceGroups.begin(), args.ignoredResourceGroups.end())
{
    ScoringStrategy strategy = ScoringStrategy::LeastAllocated;
    switch (args.strategy) {
    case NodeResourcesFitArgs::Strategy::LeastAllocated: strategy = ScoringStrategy::LeastAllocated; break;
    case NodeResourcesFitArgs::Strategy::MostAllocated: strategy = ScoringStrategy::MostAllocated; break;
    case NodeResourcesFitArgs::Strategy::RequestedToCapacityRatio:
        strategy = ScoringStrategy::RequestedToCapacityRatio;
        break;
    }
    m_scorer = ResourceAllocationScorer(args.resources, false, strategy, args.shape);
}

core::Result<std::unique_ptr<Plugin>> NodeResourcesFit::create(const Json& args, Handle& /*handle*/)
{
    auto parsed = NodeResourcesFitArgs::fromJson(args);
    if (!parsed)
        return core::fail(parsed.error());
    return std::make_unique<NodeResourcesFit>(*parsed);
}

std::string_view NodeResourcesFit::name() const
{
    return names::NodeResourcesFit;
}

Status NodeResourcesFit::preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& /*result*/)
{
    auto s = std::make_unique<FitPreFilterState>();
    s->request = pod.requests;
    state.write(kFitPreFilterKey, std::move(s));
    return {};
}

Status NodeResourcesFit::filter(const CycleState& state, const core::Pod& /*pod*/, const NodeInfo& nodeInfo)
{
    const auto* s = state.get<FitPreFilterState>(kFitPreFilterKey);
    if (!s)
        return Status::error("error reading \"PreFilterNodeResourcesFit\" from cycleState: not found");
    // Fast path for the common pod (cpu, memory, ephemeral storage only) that fits.
    const core::ResourceAmounts& req = s->request;
    if (req.scalar.empty() && static_cast<std::int64_t>(nodeInfo.pods().size()) + 1 <= nodeInfo.allowedPodNumber()) {
        const core::ResourceAmounts& alloc = nodeInfo.allocatable();
        const core::ResourceAmounts& used = nodeInfo.requested();
        if ((req.milliCpu <= 0 || req.milliCpu <= alloc.milliCpu - used.milliCpu)
            && (req.memory <= 0 || req.memory <= alloc.memory - used.memory)
            && (req.ephemeralStorage <= 0 || req.ephemeralStorage <= alloc.ephemeralStorage - used.ephemeralStorage))
            return {};
    }
    std::vector<InsufficientResource> insufficient = fitsRequest(s->request, nodeInfo, m_ignoredResources, m_ignoredGroups);
    if (insufficient.empty())
        return {};
    std::vector<std::string> reasons;
    reasons.reserve(insufficient.size());
    for (InsufficientResource& r : insufficient)
        reasons.push_back(std::move(r.reason));
    return Status(Code::Unschedulable, std::move(reasons));
}

Status NodeResourcesFit::preScore(CycleState& state, const core::Pod& pod, std::span<NodeInfo* const> /*nodes*/)
{
    auto s = std::make_unique<FitPreScoreState>();
    s->podRequests = m_scorer.podRequests(pod);
    state.write(kFitPreScoreKey, std::move(s));
    return {};
}

Status NodeResourcesFit::score(CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo, std::int64_t& score)
{
    if (const auto* s = state.get<FitPreScoreState>(kFitPreScoreKey)) {
        score = m_scorer.score(nodeInfo, s->podRequests);
        return {};
    }
    score = m_scorer.score(nodeInfo, m_scorer.podRequests(pod));
    return {};
}

std::vector<ClusterEvent> NodeResourcesFit::eventsToRegister() const
{
    return {
        ClusterEvent{EventResource::Pod, action::Delete, "PodDelete"},
        ClusterEvent{EventResource::Node,
                     action::Add | action::UpdateNodeAllocatable | action::UpdateNodeTaint | action::UpdateNodeLabel,
                     "NodeChange"},
    };
}

} // namespace kubelab::scheduler::noderesources

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/node/usage.h"

#include <algorithm>

#include "core/api/podtypes.h"
#include "core/api/quantity.h"
#include "core/node/behaviour.h"
#include "core/node/prober.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

std::int64_t cpuLimitOf(const Json& container)
{
    if (!container.contains("resources") || !container["resources"].contains("limits"))
        return 0;
    const Json& limits = container["resources"]["limits"];
    if (!limits.contains("cpu") || !limits["cpu"].is_string())
        return 0;
    auto q = Quantity::parse(limits["cpu"].get<std::string>());
    return q ? q->milliValue() : 0;
}

/// A pod a Service would send traffic to: Ready and not being deleted.
bool serving(const Json& pod)
{
    return isPodReady(pod) && !isBeingDeleted(pod);
}

/// How many serving pods of the namespace share the `load` of this container's behaviour:
/// those whose container of that name behaves the same (the pod itself among them).
std::int64_t loadSharers(const Engine& engine, const Json& pod, const std::string& container, const Behaviour& behaviour)
{
    std::int64_t sharers = 0;
    for (const ObjectPtr& other : engine.list("Pod", namespaceOf(pod))) {
        if (!serving(*other))
            continue;
        auto b = behaviourOf(*other, container);
        if (b && *b == behaviour)
            ++sharers;
    }
    return std::max<std::int64_t>(sharers, 1);
}

} // namespace

std::optional<std::vector<ContainerUsage>> podUsage(const Engine& engine, const Json& pod)
{
    if (stringAt(pod, Json::json_pointer("/status/phase")) != "Running")
        return std::nullopt;
    if (!pod.contains("status") || !pod["status"].contains("containerStatuses"))
        return std::nullopt;
    std::vector<ContainerUsage> out;
    for (const char* field : {"initContainers", "containers"}) {
        if (!pod["spec"].contains(field))
            continue;
        const char* statusField = std::string_view(field) == "containers" ? "containerStatuses" : "initContainerStatuses";
        if (!pod["status"].contains(statusField))
            continue;
        for (const Json& spec : pod["spec"][field]) {
            const std::string name = spec.value("name", "");
            for (const Json& cs : pod["status"][statusField]) {
                if (cs.value("name", "") != name || !cs.contains("state") || !cs["state"].contains("running"))
                    continue;
                auto b = behaviourOf(pod, name, std::string_view(field) == "containers");
                const Behaviour behaviour = b ? *b : Behaviour{};
                ContainerUsage u;
                u.name = name;
                u.milliCpu = behaviour.milliCpu.value_or(kDefaultMilliCpu);
                // A serving pod with a `load` uses its share of it (on top of a `cpu` figure
                // if one is given); one that is not serving gets no traffic and idles.
                if (behaviour.loadMilliCpu && std::string_view(field) == "containers" && serving(pod))
                    u.milliCpu = behaviour.milliCpu.value_or(0) +
                                 *behaviour.loadMilliCpu / loadSharers(engine, pod, name, behaviour);
                if (std::int64_t limit = cpuLimitOf(spec); limit > 0)
                    u.milliCpu = std::min(u.milliCpu, limit);
                VirtualTime started = engine.virtualTimeOf(cs["state"]["running"].value("startedAt", ""));
                u.memory = memoryAt(behaviour, engine.now() - started);
                if (std::int64_t limit = memoryLimitOf(spec); limit > 0)
                    u.memory = std::min(u.memory, limit);
                out.push_back(u);
            }
        }
    }
    if (out.empty())
        return std::nullopt;
    return out;
}

std::optional<NodeUsage> nodeUsage(const Engine& engine, const Json& node)
{
    if (conditionStatus(node, "Ready") != "True")
        return std::nullopt;
    NodeUsage usage{kNodeSystemMilliCpu, kNodeSystemMemory};
    const std::string name = nameOf(node);
    for (const ObjectPtr& p : engine.list("Pod")) {
        if (stringAt(*p, Json::json_pointer("/spec/nodeName")) != name)
            continue;
        if (auto u = podUsage(engine, *p))
            for (const ContainerUsage& c : *u) {
                usage.milliCpu += c.milliCpu;
                usage.memory += c.memory;
            }
    }
    return usage;
}

} // namespace kubelab::core

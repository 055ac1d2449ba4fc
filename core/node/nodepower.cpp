// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/node/nodepower.h"

#include <algorithm>

#include "core/node/kubelet.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

std::string settingKey(const std::string& node)
{
    return "node-power/" + node;
}

/// The kubelet's Lease renewal (`kube-node-lease/<node>`): renewTime is now.
void renewLease(Engine& engine, const std::string& node)
{
    ObjectPtr lease = engine.get(ObjectKey{"Lease", "kube-node-lease", node});
    if (!lease)
        return;
    Json next = *lease;
    next["spec"]["renewTime"] = engine.timestampNow();
    (void)engine.update(std::move(next), RequestContext::kubelet(node));
}

struct KubeletCondition {
    const char* type;
    const char* status;
    const char* reason;
    const char* message;
};

// What a healthy kubelet reports (pkg/kubelet/nodestatus/setters.go).
constexpr KubeletCondition kHealthy[] = {
    {"MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"},
    {"DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"},
    {"PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"},
    {"Ready", "True", "KubeletReady", "kubelet is posting ready status"},
};

} // namespace

std::optional<VirtualTime> nodePoweredOffAt(const Engine& engine, const std::string& node)
{
    auto value = engine.labSetting(settingKey(node));
    if (!value || !value->starts_with("off:"))
        return std::nullopt;
    try {
        return std::stoll(value->substr(4));
    } catch (...) {
        return std::nullopt;
    }
}

bool nodePoweredOn(const Engine& engine, const std::string& node)
{
    return !nodePoweredOffAt(engine, node).has_value();
}

Status stopNode(Engine& engine, const std::string& node)
{
    if (!engine.get(ObjectKey{"Node", "", node}))
        return fail(ErrorCode::NotFound, "nodes \"" + node + "\" not found");
    if (!nodePoweredOn(engine, node))
        return fail(ErrorCode::Client, "node \"" + node + "\" is already stopped");
    // The last heartbeat: the Lease renewed just before the power went.
    renewLease(engine, node);
    engine.setLabSetting(settingKey(node), "off:" + std::to_string(engine.now()));
    engine.story("kubelet@" + node, ObjectKey{"Node", "", node}, "NodeStopped", "node.stopped", Json{{"node", node}});
    return {};
}

Status startNode(Engine& engine, const std::string& node)
{
    ObjectPtr live = engine.get(ObjectKey{"Node", "", node});
    if (!live)
        return fail(ErrorCode::NotFound, "nodes \"" + node + "\" not found");
    if (nodePoweredOn(engine, node))
        return fail(ErrorCode::Client, "node \"" + node + "\" is already running");
    engine.setLabSetting(settingKey(node), "on");
    RequestContext ctx = RequestContext::kubelet(node);
    std::string now = engine.timestampNow();

    // The kubelet starts and posts its node status: every condition as it measures it.
    Json next = *live;
    Json conditions = Json::array();
    const Json& old = next["status"].value("conditions", Json::array());
    bool wasReady = false;
    for (const KubeletCondition& k : kHealthy) {
        Json c = Json::object();
        const Json* previous = nullptr;
        for (const Json& o : old)
            if (o.value("type", "") == k.type)
                previous = &o;
        if (previous && std::string(k.type) == "Ready")
            wasReady = previous->value("status", "") == "True";
        c["type"] = k.type;
        c["status"] = k.status;
        c["lastHeartbeatTime"] = now;
        c["lastTransitionTime"] = previous && previous->value("status", "") == k.status
                                      ? previous->value("lastTransitionTime", now)
                                      : now;
        c["reason"] = k.reason;
        c["message"] = k.message;
        conditions.push_back(c);
    }
    for (const Json& o : old) // conditions other components own (NetworkUnavailable)
        if (std::ranges::none_of(kHealthy, [&](const KubeletCondition& k) { return o.value("type", "") == k.type; }))
            conditions.push_back(o);
    next["status"]["conditions"] = conditions;
    auto r = engine.updateStatus(next, ctx);
    if (!r)
        return std::unexpected(r.error());
    renewLease(engine, node);
    engine.recordEvent(**r, "Normal", "Starting", "Starting kubelet.", "kubelet", node);
    if (!wasReady)
        engine.recordEvent(**r, "Normal", "NodeReady", "Node " + node + " status is now: NodeReady", "kubelet", node);
    engine.story("kubelet@" + node, ObjectKey{"Node", "", node}, "NodeStarted", "node.started", Json{{"node", node}});

    // The kubelet's status manager reports its running pods as they are: ready again
    // where the node lifecycle controller had marked them not ready.
    for (const ObjectPtr& p : engine.list("Pod")) {
        const Json& pod = *p;
        if (stringAt(pod, Json::json_pointer("/spec/nodeName")) != node || isBeingDeleted(pod) ||
            stringAt(pod, Json::json_pointer("/status/phase")) != "Running")
            continue;
        bool allReady = true;
        for (const Json& cs : pod["status"].value("containerStatuses", Json::array()))
            allReady = allReady && cs.value("ready", false);
        Json podNext = pod;
        bool changed = false;
        for (Json& c : podNext["status"]["conditions"])
            if (c.value("type", "") == "Ready" && allReady && c.value("status", "") != "True") {
                c["status"] = "True";
                c["lastTransitionTime"] = now;
                c.erase("reason");
                c.erase("message");
                changed = true;
            }
        if (changed)
            (void)engine.updateStatus(podNext, ctx);
    }
    if (auto* kubelet = engine.component<Kubelet>())
        kubelet->resyncNode(node);
    return {};
}

} // namespace kubelab::core

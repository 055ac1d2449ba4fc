// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/nodelifecycle.h"

#include <algorithm>
#include <climits>

#include "core/api/podtypes.h"
#include "core/node/nodepower.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {


constexpr const char* kNotReady = "node.kubernetes.io/not-ready";
constexpr const char* kUnreachable = "node.kubernetes.io/unreachable";
constexpr const char* kUnschedulable = "node.kubernetes.io/unschedulable";

/// Upstream's nodeConditionToTaintKeyStatusMap: which condition status puts which
/// NoSchedule taint on the node.
struct ConditionTaint {
    const char* condition;
    const char* status;
    const char* taint;
};
constexpr ConditionTaint kConditionTaints[] = {
    {"Ready", "False", kNotReady},
    {"Ready", "Unknown", kUnreachable},
    {"MemoryPressure", "True", "node.kubernetes.io/memory-pressure"},
    {"DiskPressure", "True", "node.kubernetes.io/disk-pressure"},
    {"NetworkUnavailable", "True", "node.kubernetes.io/network-unavailable"},
    {"PIDPressure", "True", "node.kubernetes.io/pid-pressure"},
};

RequestContext nodeControllerContext()
{
    return RequestContext::controller("node-controller", "node-controller");
}

RequestContext taintEvictionContext()
{
    return RequestContext::controller("taint-eviction-controller", "node-controller");
}

bool isConditionTaintKey(const std::string& key)
{
    return key == kUnschedulable ||
           std::ranges::any_of(kConditionTaints, [&](const ConditionTaint& c) { return key == c.taint; });
}

Json taintJson(const std::string& key, const char* effect, const std::string& timeAdded)
{
    return Json{{"key", key}, {"effect", effect}, {"timeAdded", timeAdded}};
}

/// Writes `spec.taints` as `next`, or nothing when it did not change.
void writeTaints(Engine& engine, const ObjectPtr& node, Json taints)
{
    Json next = *node;
    if (taints.empty()) {
        if (next.contains("spec"))
            next["spec"].erase("taints");
    } else {
        next["spec"]["taints"] = std::move(taints);
    }
    if (next != *node)
        (void)engine.update(std::move(next), nodeControllerContext());
}

} // namespace

VirtualTime NodeLifecycleController::staleAt(VirtualTime lastHeartbeat)
{
    VirtualTime limit = lastHeartbeat + kNodeMonitorGracePeriod;
    VirtualTime tick = (limit / kNodeMonitorPeriod + 1) * kNodeMonitorPeriod;
    return tick;
}

void NodeLifecycleController::start(Engine& engine)
{
    m_engine = &engine;
    m_observedReady.clear();
    for (const ObjectPtr& n : engine.list("Node")) {
        m_observedReady[nameOf(*n)] = conditionStatus(*n, "Ready");
        m_nodes.add(nameOf(*n));
    }
}

void NodeLifecycleController::onEvent(const WatchEvent& event)
{
    if (!m_engine)
        return; // not started yet (the lab is being bootstrapped)
    if (event.key.kind == "Node") {
        if (event.type == WatchEventType::Deleted)
            m_observedReady.erase(event.key.name);
        else
            m_nodes.add(event.key.name);
        // A node the controller had not known (monitorNodeHealth's "added"); those it found
        // when it started are known already.
        if (event.type == WatchEventType::Added)
            m_engine->recordEvent(*event.object, "Normal", "RegisteredNode",
                                  "Node " + event.key.name + " event: Registered Node " + event.key.name + " in Controller",
                                  "node-controller");
    } else if (event.key.kind == "Lease" && event.key.ns == "kube-node-lease") {
        if (event.type != WatchEventType::Deleted)
            m_nodes.add(event.key.name);
    } else if (event.key.kind == "Pod" && event.type != WatchEventType::Deleted) {
        // A pod that reports Ready on a node that is not (upstream processPod).
        std::string node = stringAt(*event.object, kNodeName);
        if (!node.empty() && conditionStatus(*event.object, "Ready") == "True") {
            auto it = m_observedReady.find(node);
            if (it != m_observedReady.end() && !it->second.empty() && it->second != "True")
                m_pods.add(event.key);
        }
    }
}

void NodeLifecycleController::work()
{
    if (auto n = m_nodes.pop()) {
        sync(*n);
        return;
    }
    if (auto p = m_pods.pop())
        markPodNotReady(*p);
}

void NodeLifecycleController::markPodNotReady(const ObjectKey& key)
{
    ObjectPtr pod = m_engine->get(key);
    if (!pod)
        return;
    // Only while the node is not Ready (it may have come back since the pod was queued).
    ObjectPtr node = m_engine->get(ObjectKey{"Node", "", stringAt(*pod, kNodeName)});
    if (!node || conditionStatus(*node, "Ready") == "True")
        return;
    Json next = *pod;
    bool changed = false;
    for (Json& c : next["status"]["conditions"])
        if (c.value("type", "") == "Ready" && c.value("status", "") != "False") {
            c["status"] = "False";
            c["lastTransitionTime"] = m_engine->timestampNow();
            changed = true;
        }
    if (!changed)
        return;
    if (m_engine->updateStatus(next, nodeControllerContext()))
        m_engine->recordEvent(*pod, "Warning", "NodeNotReady", "Node is not ready", "node-controller");
}

void NodeLifecycleController::sync(const std::string& name)
{
    ObjectPtr node = m_engine->get(ObjectKey{"Node", "", name});
    if (!node)
        return;
    const ObjectKey nodeKey{"Node", "", name};

    // 1. Health (tryUpdateNodeHealth): no heartbeat within the grace period -> Unknown.
    if (auto off = nodePoweredOffAt(*m_engine, name); off && conditionStatus(*node, "Ready") != "") {
        VirtualTime due = staleAt(*off);
        if (m_engine->now() < due) {
            m_engine->schedule(due, [this, name] { m_nodes.add(name); }, Wake::Background);
        } else {
            Json next = *node;
            bool changed = false;
            std::string now = m_engine->timestampNow();
            for (Json& c : next["status"]["conditions"]) {
                std::string type = c.value("type", "");
                if (type != "Ready" && type != "MemoryPressure" && type != "DiskPressure" && type != "PIDPressure")
                    continue;
                if (c.value("status", "") == "Unknown")
                    continue;
                c["status"] = "Unknown";
                c["reason"] = "NodeStatusUnknown";
                c["message"] = "Kubelet stopped posting node status.";
                c["lastTransitionTime"] = now;
                changed = true;
            }
            if (changed) {
                if (auto r = m_engine->updateStatus(next, nodeControllerContext()); r) {
                    node = *r;
                    m_engine->story("controller-manager", nodeKey, "NodeStatusUnknown", "nodelifecycle.statusUnknown",
                                    Json{{"lastHeartbeatSeconds", (m_engine->now() - *off) / kSecond},
                                         {"gracePeriodSeconds", kNodeMonitorGracePeriod / kSecond}, {"node", name}});
                }
            }
        }
    }

    std::string ready = conditionStatus(*node, "Ready");
    std::string now = m_engine->timestampNow();

    // 2. NoSchedule taints from the conditions and spec.unschedulable (doNoScheduleTaintingPass).
    {
        std::vector<std::string> wanted;
        for (const ConditionTaint& ct : kConditionTaints)
            if (conditionStatus(*node, ct.condition) == ct.status && !ready.empty())
                wanted.emplace_back(ct.taint);
        if (member(member(*node, "spec"), "unschedulable") == true)
            wanted.emplace_back(kUnschedulable);
        Json taints = Json::array();
        std::vector<std::string> present;
        for (const Json& t : member(member(*node, "spec"), "taints")) {
            std::string key = t.value("key", "");
            if (t.value("effect", "") == "NoSchedule" && isConditionTaintKey(key)) {
                if (std::ranges::find(wanted, key) == wanted.end())
                    continue; // no longer wanted
                present.push_back(key);
            }
            taints.push_back(t);
        }
        for (const std::string& key : wanted)
            if (std::ranges::find(present, key) == present.end())
                taints.push_back(taintJson(key, "NoSchedule", now));
        writeTaints(*m_engine, node, taints);
        node = m_engine->get(nodeKey);
        if (!node)
            return;
    }

    // 3. The NoExecute taint mirrors Ready (doNoExecuteTaintingPass / markNodeAsReachable).
    {
        std::string wanted = ready == "False" ? kNotReady : ready == "Unknown" ? kUnreachable : "";
        Json taints = Json::array();
        bool present = false;
        for (const Json& t : member(member(*node, "spec"), "taints")) {
            std::string key = t.value("key", "");
            if (t.value("effect", "") == "NoExecute" && (key == kNotReady || key == kUnreachable)) {
                if (key != wanted)
                    continue;
                present = true;
            }
            taints.push_back(t);
        }
        if (!wanted.empty() && !present)
            taints.push_back(taintJson(wanted, "NoExecute", now));
        writeTaints(*m_engine, node, taints);
    }

    // 4. A Ready node that stops being Ready: an event and its pods marked not Ready.
    std::string& observed = m_observedReady[name];
    if (observed == "True" && ready != "True") {
        if (node = m_engine->get(nodeKey); node)
            m_engine->recordEvent(*node, "Normal", "NodeNotReady", "Node " + name + " status is now: NodeNotReady",
                                  "node-controller");
        for (const ObjectPtr& p : m_engine->list("Pod"))
            if (stringAt(*p, kNodeName) == name)
                markPodNotReady(keyOf(*p));
    }
    observed = ready;
}

// --- TaintEvictionController ----------------------------------------------------------

namespace {

/// Upstream getMinTolerationTime: the smallest tolerationSeconds (<= 0 counts 0), or -1
/// when no used toleration has seconds (tolerated forever).
std::int64_t minTolerationSeconds(const std::vector<const Toleration*>& used)
{
    if (used.empty())
        return 0;
    std::int64_t min = INT64_MAX;
    for (const Toleration* t : used)
        if (t->tolerationSeconds) {
            if (*t->tolerationSeconds <= 0)
                return 0;
            min = std::min(min, *t->tolerationSeconds);
        }
    return min == INT64_MAX ? -1 : min;
}

std::string podRef(const ObjectKey& key)
{
    return key.ns + "/" + key.name;
}

} // namespace

void TaintEvictionController::start(Engine& engine)
{
    m_engine = &engine;
    m_scheduled.clear();
    m_resync.clear();
    // Countdowns are derived again from the taints' timeAdded, quietly.
    for (const ObjectPtr& p : engine.list("Pod"))
        if (!stringAt(*p, kNodeName).empty()) {
            m_resync.insert(keyOf(*p));
            m_pods.add(keyOf(*p));
        }
}

void TaintEvictionController::onEvent(const WatchEvent& event)
{
    if (!m_engine)
        return; // not started yet (the lab is being bootstrapped)
    if (event.key.kind == "Node" && event.type != WatchEventType::Deleted) {
        auto noExecute = [](const Json* n) {
            Json out = Json::array();
            if (n && n->contains("spec"))
                for (const Json& t : member(member(*n, "spec"), "taints"))
                    if (t.value("effect", "") == "NoExecute")
                        out.push_back(t);
            return out;
        };
        if (!event.previous || noExecute(event.previous.get()) != noExecute(event.object.get()))
            m_nodes.add(event.key.name);
    } else if (event.key.kind == "Pod") {
        if (event.type == WatchEventType::Deleted) {
            m_scheduled.erase(event.key);
            return;
        }
        std::string node = stringAt(*event.object, kNodeName);
        if (node.empty())
            return;
        bool changed = !event.previous || stringAt(*event.previous, kNodeName) != node ||
                       member(member(*event.previous, "spec"), "tolerations") !=
                           member(member(*event.object, "spec"), "tolerations");
        if (changed)
            m_pods.add(event.key);
    }
}

void TaintEvictionController::work()
{
    if (auto n = m_nodes.pop()) {
        for (const ObjectPtr& p : m_engine->list("Pod"))
            if (stringAt(*p, kNodeName) == *n)
                m_pods.add(keyOf(*p));
        return;
    }
    if (auto p = m_pods.pop())
        syncPod(*p);
}

void TaintEvictionController::cancel(const ObjectKey& key, const Json& pod)
{
    if (m_scheduled.erase(key))
        m_engine->recordEvent(pod, "Normal", "TaintManagerEviction", "Cancelling deletion of Pod " + podRef(key),
                              "taint-eviction-controller");
}

void TaintEvictionController::syncPod(const ObjectKey& key)
{
    const bool quiet = m_resync.erase(key) > 0;
    ObjectPtr live = m_engine->get(key);
    if (!live)
        return;
    const Json& pod = *live;
    std::string nodeName = stringAt(pod, kNodeName);
    ObjectPtr nodeObject = nodeName.empty() ? nullptr : m_engine->get(ObjectKey{"Node", "", nodeName});
    if (!nodeObject || isBeingDeleted(pod)) {
        m_scheduled.erase(key);
        return;
    }
    auto node = Node::fromJson(*nodeObject);
    auto typed = Pod::fromJson(pod);
    if (!node || !typed)
        return;
    std::vector<Taint> taints;
    VirtualTime since = m_engine->now();
    bool sinceSet = false;
    for (const Json& t : member(member(*nodeObject, "spec"), "taints"))
        if (t.value("effect", "") == "NoExecute" && t.contains("timeAdded")) {
            VirtualTime added = m_engine->virtualTimeOf(t.value("timeAdded", ""));
            since = sinceSet ? std::min(since, added) : added;
            sinceSet = true;
        }
    for (const Taint& t : node->taints)
        if (t.effect == TaintEffect::NoExecute)
            taints.push_back(t);
    if (taints.empty()) {
        cancel(key, pod);
        return;
    }
    // Upstream GetMatchingTolerations: the first toleration of each taint.
    bool allTolerated = true;
    std::vector<const Toleration*> used;
    for (const Taint& t : taints) {
        auto it = std::ranges::find_if(typed->tolerations, [&](const Toleration& tol) { return tol.toleratesTaint(t); });
        if (it == typed->tolerations.end()) {
            allTolerated = false;
            break;
        }
        used.push_back(&*it);
    }
    VirtualTime due = m_engine->now();
    if (allTolerated) {
        std::int64_t seconds = minTolerationSeconds(used);
        if (seconds < 0) {
            cancel(key, pod);
            return;
        }
        if (sinceSet) {
            due = since + seconds * kSecond;
        } else if (auto it = m_scheduled.find(key); it != m_scheduled.end()) {
            due = it->second; // a taint without timeAdded: the countdown already running
        } else {
            due = m_engine->now() + seconds * kSecond;
        }
    }
    if (due > m_engine->now()) {
        auto it = m_scheduled.find(key);
        if (it == m_scheduled.end() || it->second != due) {
            m_scheduled[key] = due;
            m_engine->schedule(due, [this, key] { m_pods.add(key); }, Wake::Background);
            if (!quiet)
                m_engine->story("controller-manager", key, "EvictionScheduled", "nodelifecycle.evictionScheduled",
                                Json{{"node", nodeName}, {"tolerationSeconds", (due - since) / kSecond},
                                     {"pod", key.name}, {"at", m_engine->timestamp(due)}});
        }
        return;
    }
    // Evict (upstream deletePodHandler / addConditionAndDeletePod).
    m_scheduled.erase(key);
    RequestContext ctx = taintEvictionContext();
    m_engine->recordEvent(pod, "Normal", "TaintManagerEviction", "Marking for deletion Pod " + podRef(key),
                          "taint-eviction-controller");
    Json next = pod;
    Json& conds = next["status"]["conditions"];
    if (!conds.is_array())
        conds = Json::array();
    bool present = false;
    for (Json& c : conds)
        if (c.value("type", "") == "DisruptionTarget") {
            present = true;
            if (c.value("status", "") != "True" || c.value("reason", "") != "DeletionByTaintManager") {
                c["status"] = "True";
                c["reason"] = "DeletionByTaintManager";
                c["message"] = "Taint manager: deleting due to NoExecute taint";
                c["lastTransitionTime"] = m_engine->timestampNow();
            }
        }
    if (!present)
        conds.push_back(Json{{"type", "DisruptionTarget"}, {"status", "True"}, {"lastProbeTime", nullptr},
                             {"lastTransitionTime", m_engine->timestampNow()}, {"reason", "DeletionByTaintManager"},
                             {"message", "Taint manager: deleting due to NoExecute taint"}});
    if (next != pod)
        (void)m_engine->updateStatus(next, ctx);
    m_engine->story("controller-manager", key, "TaintEviction",
                    allTolerated ? MessageKey("nodelifecycle.taintEvictionExpired") : MessageKey("nodelifecycle.taintEviction"),
                    Json{{"node", nodeName}, {"pod", key.name}});
    (void)m_engine->remove(key, DeleteOptions{}, ctx);
}

} // namespace kubelab::core

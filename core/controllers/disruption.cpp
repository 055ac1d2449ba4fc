// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/disruption.h"

#include <algorithm>
#include <set>

#include "core/api/labels.h"
#include "core/api/podtypes.h"
#include "core/controllers/replicaset.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

std::vector<ObjectPtr> podsOf(const Engine& engine, const Json& pdb)
{
    std::vector<ObjectPtr> out;
    if (!pdb.contains("spec") || !pdb["spec"].contains("selector"))
        return out; // a nil selector selects nothing
    auto selector = LabelSelector::fromJson(pdb["spec"]["selector"]);
    if (!selector)
        return out;
    for (const ObjectPtr& p : engine.list("Pod", namespaceOf(pdb)))
        if (selector->matches(labelsOf(*p)))
            out.push_back(p);
    return out;
}

/// Upstream getExpectedScale: the replicas of each pod's controller (a ReplicaSet owned by
/// a Deployment counts as the Deployment), each controller once.
std::int64_t expectedScale(const Engine& engine, const std::vector<ObjectPtr>& pods)
{
    std::set<std::string> seen;
    std::int64_t total = 0;
    for (const ObjectPtr& p : pods) {
        auto ref = controllerRefOf(*p);
        if (!ref)
            continue;
        ObjectPtr owner = engine.get(ObjectKey{ref->value("kind", ""), namespaceOf(*p), ref->value("name", "")});
        if (!owner)
            continue;
        if (kindOf(*owner) == "ReplicaSet")
            if (auto dref = controllerRefOf(*owner); dref && dref->value("kind", "") == "Deployment")
                if (ObjectPtr d = engine.get(ObjectKey{"Deployment", namespaceOf(*p), dref->value("name", "")}))
                    owner = d;
        if (!seen.insert(uidOf(*owner)).second)
            continue;
        if (kindOf(*owner) == "DaemonSet")
            total += owner->value(Json::json_pointer("/status/desiredNumberScheduled"), 0);
        else
            total += (*owner)["spec"].value("replicas", 1);
    }
    return total;
}

} // namespace

DisruptionStatus computeDisruption(const Engine& engine, const Json& pdb)
{
    DisruptionStatus s;
    std::vector<ObjectPtr> pods = podsOf(engine, pdb);
    const Json spec = pdb.value("spec", Json::object());
    if (spec.contains("maxUnavailable") && !spec["maxUnavailable"].is_null()) {
        s.expectedPods = expectedScale(engine, pods);
        std::int64_t maxUnavailable = scaledValue(spec["maxUnavailable"], s.expectedPods, true);
        s.desiredHealthy = std::max<std::int64_t>(0, s.expectedPods - maxUnavailable);
    } else if (spec.contains("minAvailable") && !spec["minAvailable"].is_null()) {
        if (spec["minAvailable"].is_number_integer()) {
            s.desiredHealthy = spec["minAvailable"].get<std::int64_t>();
            s.expectedPods = static_cast<std::int64_t>(pods.size());
        } else {
            s.expectedPods = expectedScale(engine, pods);
            s.desiredHealthy = scaledValue(spec["minAvailable"], s.expectedPods, true);
        }
    }
    for (const ObjectPtr& p : pods)
        if (!isBeingDeleted(*p) && isPodReady(*p))
            ++s.currentHealthy;
    s.disruptionsAllowed = s.expectedPods <= 0 ? 0 : std::max<std::int64_t>(0, s.currentHealthy - s.desiredHealthy);
    return s;
}

void DisruptionController::start(Engine& engine)
{
    m_engine = &engine;
    for (const ObjectPtr& pdb : engine.list("PodDisruptionBudget"))
        m_queue.add(keyOf(*pdb));
}

void DisruptionController::onEvent(const WatchEvent& event)
{
    if (!m_engine)
        return; // not started yet (the lab is being bootstrapped)
    if (event.key.kind == "PodDisruptionBudget" && event.type != WatchEventType::Deleted) {
        m_queue.add(event.key);
    } else if (event.key.kind == "Pod") {
        for (const ObjectPtr& pdb : m_engine->list("PodDisruptionBudget", event.key.ns))
            m_queue.add(keyOf(*pdb));
    }
}

void DisruptionController::work()
{
    if (auto key = m_queue.pop())
        sync(*key);
}

void DisruptionController::sync(const ObjectKey& key)
{
    ObjectPtr live = m_engine->get(key);
    if (!live || isBeingDeleted(*live))
        return;
    DisruptionStatus s = computeDisruption(*m_engine, *live);
    Json next = *live;
    Json status = next.value("status", Json::object());
    std::int64_t generation = (*live)["metadata"].value("generation", 1);
    status["observedGeneration"] = generation;
    // Pods the eviction API recorded stay counted until they are being deleted.
    if (status.contains("disruptedPods")) {
        Json kept = Json::object();
        for (auto it = status["disruptedPods"].begin(); it != status["disruptedPods"].end(); ++it)
            if (ObjectPtr p = m_engine->get(ObjectKey{"Pod", key.ns, it.key()}); p && !isBeingDeleted(*p))
                kept[it.key()] = it.value();
        if (kept.empty())
            status.erase("disruptedPods");
        else
            status["disruptedPods"] = kept;
    }
    status["disruptionsAllowed"] = s.disruptionsAllowed;
    status["currentHealthy"] = s.currentHealthy;
    status["desiredHealthy"] = s.desiredHealthy;
    status["expectedPods"] = s.expectedPods;
    bool allowed = s.disruptionsAllowed > 0;
    Json condition = Json{{"type", "DisruptionAllowed"},
                          {"status", allowed ? "True" : "False"},
                          {"observedGeneration", generation},
                          {"lastTransitionTime", m_engine->timestampNow()},
                          {"reason", allowed ? "SufficientPods" : "InsufficientPods"},
                          {"message", ""}};
    if (status.contains("conditions"))
        for (const Json& c : status["conditions"])
            if (c.value("type", "") == "DisruptionAllowed" && c.value("status", "") == (allowed ? "True" : "False"))
                condition["lastTransitionTime"] = c.value("lastTransitionTime", m_engine->timestampNow());
    status["conditions"] = Json::array({condition});
    next["status"] = status;
    if (next != *live)
        (void)m_engine->updateStatus(next, RequestContext::component("disruption-controller"));
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/daemonset.h"

#include <algorithm>
#include <map>

#include "core/api/defaults.h"
#include "core/api/podtypes.h"
#include "core/controllers/replicaset.h"
#include "core/scheduler/plugins/helper.h"
#include "core/scheduler/plugins/tainttoleration.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

constexpr const char* kHashLabel = "controller-revision-hash";
constexpr const char* kGenerationLabel = "pod-template-generation";
const Json::json_pointer kCreated("/metadata/creationTimestamp");

RequestContext daemonSetContext()
{
    return RequestContext::controller("daemonset-controller", "daemon-set-controller");
}

/// Upstream AddOrUpdateTolerationInPodSpec: a toleration with the same key, operator,
/// value and effect is replaced, otherwise the toleration is appended.
void addOrUpdateToleration(Json& tolerations, const Json& toleration)
{
    auto same = [&](const Json& t) {
        return t.value("key", "") == toleration.value("key", "") &&
               t.value("operator", "Equal") == toleration.value("operator", "Equal") &&
               t.value("value", "") == toleration.value("value", "") &&
               t.value("effect", "") == toleration.value("effect", "");
    };
    for (Json& t : tolerations)
        if (same(t)) {
            t = toleration;
            return;
        }
    tolerations.push_back(toleration);
}

/// Upstream AddOrUpdateDaemonPodTolerations.
void addDaemonTolerations(Json& spec)
{
    if (!spec["tolerations"].is_array())
        spec["tolerations"] = Json::array();
    Json& t = spec["tolerations"];
    auto exists = [](const char* key, const char* effect) {
        return Json{{"key", key}, {"operator", "Exists"}, {"effect", effect}};
    };
    addOrUpdateToleration(t, exists("node.kubernetes.io/not-ready", "NoExecute"));
    addOrUpdateToleration(t, exists("node.kubernetes.io/unreachable", "NoExecute"));
    addOrUpdateToleration(t, exists("node.kubernetes.io/disk-pressure", "NoSchedule"));
    addOrUpdateToleration(t, exists("node.kubernetes.io/memory-pressure", "NoSchedule"));
    addOrUpdateToleration(t, exists("node.kubernetes.io/pid-pressure", "NoSchedule"));
    addOrUpdateToleration(t, exists("node.kubernetes.io/unschedulable", "NoSchedule"));
    if (spec.value("hostNetwork", false))
        addOrUpdateToleration(t, exists("node.kubernetes.io/network-unavailable", "NoSchedule"));
}

std::string templateGeneration(const Json& ds)
{
    std::string g = stringAt(ds, Json::json_pointer(std::string("/metadata/annotations/") + kDaemonSetGenerationAnnotation));
    return g.empty() ? "1" : g;
}

/// The node a daemon pod is for: its nodeName, or the node its affinity names (GetTargetNodeName).
std::string targetNode(const Json& pod)
{
    std::string node = stringAt(pod, kNodeName);
    if (!node.empty())
        return node;
    const Json* terms = nullptr;
    try {
        terms = &pod.at(Json::json_pointer(
            "/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms"));
    } catch (...) {
        return {};
    }
    for (const Json& term : *terms)
        for (const Json& f : term.value("matchFields", Json::array()))
            if (f.value("key", "") == "metadata.name" && f.value("operator", "") == "In" &&
                f.value("values", Json::array()).size() == 1)
                return f["values"][0].get<std::string>();
    return {};
}

bool isUpdated(const Json& pod, const std::string& hash, const std::string& generation)
{
    Labels l = labelsOf(pod);
    auto h = l.find(kHashLabel);
    auto g = l.find(kGenerationLabel);
    return (g != l.end() && g->second == generation) || (h != l.end() && h->second == hash);
}

bool hasUntoleratedNoExecute(const std::vector<Taint>& taints, const std::vector<Toleration>& tolerations)
{
    return std::ranges::any_of(taints, [&](const Taint& t) {
        return t.effect == TaintEffect::NoExecute && !tolerationsTolerateTaint(tolerations, t);
    });
}

} // namespace

Json daemonPodFor(const Json& ds, const std::string& node, const std::string& hash)
{
    const Json& tmpl = ds["spec"]["template"];
    Json pod = Json::object();
    pod["apiVersion"] = "v1";
    pod["kind"] = "Pod";
    Json meta = Json::object();
    meta["generateName"] = nameOf(ds) + "-";
    meta["namespace"] = namespaceOf(ds);
    Json labels = tmpl.contains("metadata") ? tmpl["metadata"].value("labels", Json::object()) : Json::object();
    labels[kHashLabel] = hash;
    labels[kGenerationLabel] = templateGeneration(ds);
    meta["labels"] = labels;
    if (tmpl.contains("metadata") && tmpl["metadata"].contains("annotations"))
        meta["annotations"] = tmpl["metadata"]["annotations"];
    meta["ownerReferences"] = Json::array({Json{{"apiVersion", "apps/v1"},
                                                {"kind", "DaemonSet"},
                                                {"name", nameOf(ds)},
                                                {"uid", uidOf(ds)},
                                                {"controller", true},
                                                {"blockOwnerDeletion", true}}});
    pod["metadata"] = meta;
    Json spec = tmpl.value("spec", Json::object());
    addDaemonTolerations(spec);
    // ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become one term naming the node.
    Json term = Json{{"matchFields", Json::array({Json{{"key", "metadata.name"}, {"operator", "In"},
                                                       {"values", Json::array({node})}}})}};
    if (!spec["affinity"].is_object())
        spec["affinity"] = Json::object();
    if (!spec["affinity"]["nodeAffinity"].is_object())
        spec["affinity"]["nodeAffinity"] = Json::object();
    spec["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] =
        Json{{"nodeSelectorTerms", Json::array({term})}};
    pod["spec"] = spec;
    return pod;
}

std::pair<bool, bool> nodeShouldRunDaemonPod(const Json& nodeJson, const Json& ds)
{
    std::string nodeName = nameOf(nodeJson);
    std::string wanted = stringAt(ds, Json::json_pointer("/spec/template/spec/nodeName"));
    if (!wanted.empty() && wanted != nodeName)
        return {false, false};
    Json podJson = daemonPodFor(ds, nodeName, "");
    podJson["metadata"]["name"] = nameOf(ds);
    podJson["spec"]["nodeName"] = nodeName;
    auto pod = Pod::fromJson(podJson);
    auto node = Node::fromJson(nodeJson);
    if (!pod || !node)
        return {false, false};
    // fitsNodeName and fitsNodeAffinity (nodeSelector and the template's own required affinity).
    Json original = podJson;
    original["spec"]["affinity"] = ds["spec"]["template"]["spec"].value("affinity", Json());
    if (original["spec"]["affinity"].is_null())
        original["spec"].erase("affinity");
    auto templatePod = Pod::fromJson(original);
    if (!templatePod || !scheduler::helper::podMatchesNodeSelectorAndAffinityTerms(*templatePod, *node))
        return {false, false};
    if (scheduler::findUntoleratedDoNotScheduleTaint(node->taints, pod->tolerations))
        return {false, !hasUntoleratedNoExecute(node->taints, pod->tolerations)};
    return {true, true};
}

void DaemonSetController::start(Engine& engine)
{
    m_engine = &engine;
    for (const ObjectPtr& ds : engine.list("DaemonSet"))
        m_queue.add(keyOf(*ds));
}

void DaemonSetController::onEvent(const WatchEvent& event)
{
    if (!m_engine)
        return; // not started yet (the lab is being bootstrapped)
    if (event.key.kind == "DaemonSet") {
        if (event.type != WatchEventType::Deleted)
            m_queue.add(event.key);
    } else if (event.key.kind == "Pod") {
        if (auto ref = controllerRefOf(*event.object); ref && ref->value("kind", "") == "DaemonSet")
            m_queue.add(ObjectKey{"DaemonSet", event.key.ns, ref->value("name", "")});
    } else if (event.key.kind == "Node") {
        // Labels, taints, schedulability or conditions may change where daemons run.
        if (event.previous && event.type == WatchEventType::Modified &&
            (*event.previous)["metadata"].value("labels", Json()) == (*event.object)["metadata"].value("labels", Json()) &&
            (*event.previous).value("spec", Json()) == (*event.object).value("spec", Json()))
            return;
        for (const ObjectPtr& ds : m_engine->list("DaemonSet"))
            m_queue.add(keyOf(*ds));
    }
}

void DaemonSetController::work()
{
    if (auto key = m_queue.pop())
        sync(*key);
}

std::string DaemonSetController::ensureRevision(const Json& ds)
{
    const Json& tmpl = ds["spec"]["template"];
    std::string hash = podTemplateHash(tmpl, ds.contains("status") ? ds["status"].value("collisionCount", 0) : 0);
    std::string name = nameOf(ds) + "-" + hash;
    std::int64_t maxRevision = 0;
    ObjectPtr current;
    for (const ObjectPtr& r : m_engine->list("ControllerRevision", namespaceOf(ds))) {
        auto ref = controllerRefOf(*r);
        if (!ref || ref->value("uid", "") != uidOf(ds))
            continue;
        maxRevision = std::max<std::int64_t>(maxRevision, (*r).value("revision", 0));
        if (nameOf(*r) == name)
            current = r;
    }
    if (current) {
        if ((*current).value("revision", 0) < maxRevision) {
            Json next = *current;
            next["revision"] = maxRevision + 1;
            (void)m_engine->update(std::move(next), daemonSetContext());
        }
        return hash;
    }
    Json labels = tmpl.contains("metadata") ? tmpl["metadata"].value("labels", Json::object()) : Json::object();
    labels[kHashLabel] = hash;
    Json data = tmpl;
    data["$patch"] = "replace";
    Json revision = Json{{"apiVersion", "apps/v1"},
                         {"kind", "ControllerRevision"},
                         {"metadata", {{"name", name},
                                       {"namespace", namespaceOf(ds)},
                                       {"labels", labels},
                                       {"ownerReferences", Json::array({Json{{"apiVersion", "apps/v1"},
                                                                             {"kind", "DaemonSet"},
                                                                             {"name", nameOf(ds)},
                                                                             {"uid", uidOf(ds)},
                                                                             {"controller", true},
                                                                             {"blockOwnerDeletion", true}}})}}},
                         {"data", {{"spec", {{"template", data}}}}},
                         {"revision", maxRevision + 1}};
    (void)m_engine->create(std::move(revision), daemonSetContext());
    return hash;
}

void DaemonSetController::sync(const ObjectKey& key)
{
    ObjectPtr dsPtr = m_engine->get(key);
    if (!dsPtr || isBeingDeleted(*dsPtr))
        return;
    const Json ds = *dsPtr;
    const std::string uid = uidOf(ds);
    const std::string hash = ensureRevision(ds);
    const std::string generation = templateGeneration(ds);
    RequestContext ctx = daemonSetContext();
    const std::int64_t minReady = ds["spec"].value("minReadySeconds", 0);
    const std::int64_t nowS = m_engine->now() / 1000;
    const std::int64_t epoch = m_engine->settings().epochSeconds;
    auto available = [&](const Json& pod) { return podAvailable(pod, minReady, nowS, epoch); };

    auto nodeToPods = [&] {
        std::map<std::string, std::vector<ObjectPtr>> out;
        for (const ObjectPtr& p : m_engine->list("Pod", key.ns)) {
            auto ref = controllerRefOf(*p);
            if (ref && ref->value("uid", "") == uid)
                out[targetNode(*p)].push_back(p);
        }
        for (auto& [node, pods] : out)
            std::stable_sort(pods.begin(), pods.end(), [](const ObjectPtr& a, const ObjectPtr& b) {
                return stringAt(*a, kCreated) < stringAt(*b, kCreated);
            });
        return out;
    };
    std::vector<ObjectPtr> nodes = m_engine->list("Node");
    std::ranges::sort(nodes, [](const ObjectPtr& a, const ObjectPtr& b) { return nameOf(*a) < nameOf(*b); });
    std::map<std::string, std::pair<bool, bool>> should;
    for (const ObjectPtr& n : nodes)
        should[nameOf(*n)] = nodeShouldRunDaemonPod(*n, ds);

    const Json strategy = ds["spec"].value("updateStrategy", Json::object());
    const bool rolling = strategy.value("type", "RollingUpdate") == "RollingUpdate";
    const Json ru = strategy.value("rollingUpdate", Json::object());
    std::int64_t desired = 0;
    for (const auto& [n, s] : should)
        desired += s.first;
    std::int64_t maxSurge = rolling ? scaledValue(ru.value("maxSurge", Json(0)), desired, true) : 0;
    std::int64_t maxUnavailable = rolling ? scaledValue(ru.value("maxUnavailable", Json(1)), desired, true) : 0;
    if (rolling && desired > 0 && maxSurge == 0 && maxUnavailable == 0)
        maxUnavailable = 1;
    const bool surge = maxSurge > 0;

    std::vector<std::string> toCreate;
    std::vector<ObjectPtr> toDelete;
    auto syncNodes = [&](const std::vector<ObjectPtr>& deletions, const std::vector<std::string>& creations) {
        for (const ObjectPtr& p : deletions) {
            if (m_engine->remove(keyOf(*p), DeleteOptions{}, ctx)) {
                m_engine->recordEvent(ds, "Normal", "SuccessfulDelete", "Deleted pod: " + nameOf(*p),
                                      "daemonset-controller");
                m_engine->story("controller-manager", keyOf(*p), "PodDeleted", "daemonset.podDeleted",
                                Json{{"pod", nameOf(*p)}, {"daemonSet", key.name}});
            }
        }
        for (const std::string& node : creations) {
            auto created = m_engine->create(daemonPodFor(ds, node, hash), ctx);
            if (!created) {
                m_engine->recordEvent(ds, "Warning", "FailedCreate", "Error creating: " + created.error().message,
                                      "daemonset-controller");
                continue;
            }
            m_engine->recordEvent(ds, "Normal", "SuccessfulCreate", "Created pod: " + nameOf(**created),
                                  "daemonset-controller");
            m_engine->story("controller-manager", keyOf(**created), "PodCreated", "daemonset.podCreated",
                            Json{{"daemonSet", key.name}, {"node", node}, {"pod", nameOf(**created)}});
        }
    };

    // manage(): what each node should have (podsShouldBeOnNode).
    auto byNode = nodeToPods();
    for (const ObjectPtr& n : nodes) {
        const std::string node = nameOf(*n);
        auto [shouldRun, shouldContinue] = should[node];
        const std::vector<ObjectPtr>& pods = byNode[node];
        if (shouldRun) {
            if (pods.empty()) {
                toCreate.push_back(node);
                continue;
            }
            std::vector<ObjectPtr> running;
            for (const ObjectPtr& p : pods) {
                if (isBeingDeleted(*p))
                    continue;
                if (stringAt(*p, kPhase) == "Failed") {
                    m_engine->recordEvent(ds, "Warning", "FailedDaemonPod",
                                          "Found failed daemon pod " + key.ns + "/" + nameOf(*p) + " on node " + node +
                                              ", will try to kill it",
                                          "daemonset-controller");
                    toDelete.push_back(p);
                    continue;
                }
                running.push_back(p);
            }
            if (running.size() <= 1)
                continue;
            if (!surge) {
                toDelete.insert(toDelete.end(), running.begin() + 1, running.end());
                continue;
            }
            ObjectPtr oldestNew, oldestOld;
            for (const ObjectPtr& p : running) {
                ObjectPtr& slot = isUpdated(*p, hash, generation) ? oldestNew : oldestOld;
                if (!slot)
                    slot = p;
                else
                    toDelete.push_back(p);
            }
            if (oldestNew && oldestOld && (!isPodReady(*oldestOld) || available(*oldestNew)))
                toDelete.push_back(oldestOld);
        } else if (!shouldContinue) {
            for (const ObjectPtr& p : pods)
                if (!isBeingDeleted(*p))
                    toDelete.push_back(p);
        }
    }
    // Unscheduled pods for nodes that no longer exist.
    for (const auto& [node, pods] : byNode)
        if (!should.contains(node))
            for (const ObjectPtr& p : pods)
                if (stringAt(*p, kNodeName).empty() && !isBeingDeleted(*p))
                    toDelete.push_back(p);
    syncNodes(toDelete, toCreate);

    // rollingUpdate() (pkg/controller/daemon/update.go).
    if (rolling) {
        byNode = nodeToPods();
        std::vector<ObjectPtr> oldToDelete;
        std::vector<std::string> newNodes;
        std::int64_t numUnavailable = 0, numSurge = 0;
        std::vector<ObjectPtr> allowedReplacement, candidates;
        std::vector<std::string> wantingReplacement, candidateNodes;
        for (const auto& [node, pods] : byNode) {
            if (!should.contains(node))
                continue;
            ObjectPtr newPod, oldPod;
            bool ok = true;
            for (const ObjectPtr& p : pods) {
                if (isBeingDeleted(*p))
                    continue;
                ObjectPtr& slot = isUpdated(*p, hash, generation) ? newPod : oldPod;
                if (slot)
                    ok = false;
                slot = p;
            }
            if (!surge) {
                if (!ok) {
                    ++numUnavailable;
                    continue;
                }
                if ((!oldPod && !newPod) || (oldPod && newPod)) {
                    ++numUnavailable;
                } else if (newPod) {
                    if (!available(*newPod))
                        ++numUnavailable;
                } else if (!available(*oldPod)) {
                    allowedReplacement.push_back(oldPod);
                } else if (numUnavailable < maxUnavailable) {
                    candidates.push_back(oldPod);
                }
            } else {
                if (!ok || !oldPod)
                    continue;
                if (!newPod) {
                    if (!available(*oldPod))
                        wantingReplacement.push_back(node);
                    else if (numSurge < maxSurge)
                        candidateNodes.push_back(node);
                } else if (!available(*newPod)) {
                    ++numSurge;
                } else {
                    oldToDelete.push_back(oldPod);
                }
            }
        }
        if (!surge) {
            std::int64_t remaining = std::clamp<std::int64_t>(maxUnavailable - numUnavailable, 0,
                                                              static_cast<std::int64_t>(candidates.size()));
            oldToDelete = allowedReplacement;
            oldToDelete.insert(oldToDelete.end(), candidates.begin(), candidates.begin() + remaining);
        } else {
            std::int64_t remaining = std::clamp<std::int64_t>(maxSurge - numSurge, 0,
                                                              static_cast<std::int64_t>(candidateNodes.size()));
            newNodes = wantingReplacement;
            newNodes.insert(newNodes.end(), candidateNodes.begin(), candidateNodes.begin() + remaining);
        }
        syncNodes(oldToDelete, newNodes);
    }

    // updateDaemonSetStatus().
    byNode = nodeToPods();
    std::int64_t current = 0, misscheduled = 0, ready = 0, availableCount = 0, updated = 0;
    bool waitingForAvailability = false;
    for (const ObjectPtr& n : nodes) {
        const std::string node = nameOf(*n);
        const std::vector<ObjectPtr>& pods = byNode[node];
        if (!should[node].first) {
            misscheduled += !pods.empty();
            continue;
        }
        if (pods.empty())
            continue;
        ++current;
        // Oldest first; among equals a running pod before others (podByCreationTimestampAndPhase).
        const Json& pod = *pods.front();
        if (isPodReady(pod)) {
            ++ready;
            if (available(pod))
                ++availableCount;
            else
                waitingForAvailability = true;
        }
        updated += isUpdated(pod, hash, generation);
    }
    if (waitingForAvailability && minReady > 0)
        m_engine->schedule(m_engine->now() + minReady * kSecond, [this, key] { m_queue.add(key); });
    ObjectPtr live = m_engine->get(key);
    if (!live)
        return;
    Json next = *live;
    Json status = next.value("status", Json::object());
    status["currentNumberScheduled"] = current;
    status["numberMisscheduled"] = misscheduled;
    status["desiredNumberScheduled"] = desired;
    status["numberReady"] = ready;
    status["observedGeneration"] = (*live)["metadata"].value("generation", 1);
    status["updatedNumberScheduled"] = updated;
    status["numberAvailable"] = availableCount;
    status["numberUnavailable"] = desired - availableCount;
    for (const char* f : {"updatedNumberScheduled", "numberAvailable", "numberUnavailable"})
        if (status[f] == 0)
            status.erase(f);
    next["status"] = status;
    if (next != *live)
        (void)m_engine->updateStatus(next, ctx);
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/statefulset.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "core/api/labels.h"
#include "core/api/podtypes.h"
#include "core/controllers/replicaset.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

constexpr const char* kStatefulSetController = "statefulset-controller";
constexpr const char* kRevisionLabel = "controller-revision-hash";
constexpr const char* kPodNameLabel = "statefulset.kubernetes.io/pod-name";
constexpr const char* kPodIndexLabel = "apps.kubernetes.io/pod-index";

RequestContext statefulSetContext()
{
    return RequestContext::controller(kStatefulSetController, "statefulset-controller");
}

Json ownerRef(const Json& set, bool controller)
{
    Json ref = Json{{"apiVersion", "apps/v1"}, {"kind", "StatefulSet"}, {"name", nameOf(set)}, {"uid", uidOf(set)}};
    if (controller) {
        ref["controller"] = true;
        ref["blockOwnerDeletion"] = true;
    }
    return ref;
}

bool runningAndReady(const Json& pod)
{
    return stringAt(pod, kPhase) == "Running" && isPodReady(pod);
}

bool healthy(const Json& pod)
{
    return runningAndReady(pod) && !isBeingDeleted(pod);
}

bool terminal(const Json& pod)
{
    std::string phase = stringAt(pod, kPhase);
    return phase == "Succeeded" || phase == "Failed";
}

std::string revisionOf(const Json& pod)
{
    Labels l = labelsOf(pod);
    auto it = l.find(kRevisionLabel);
    return it == l.end() ? std::string() : it->second;
}

/// The revision's patch (upstream getPatch): the template, replacing the set's.
Json revisionData(const Json& set)
{
    Json tmpl = set["spec"].value("template", Json::object());
    tmpl["$patch"] = "replace";
    return Json{{"spec", Json{{"template", tmpl}}}};
}

} // namespace

std::optional<std::int64_t> statefulPodOrdinal(const std::string& setName, const std::string& podName)
{
    if (podName.size() <= setName.size() + 1 || !podName.starts_with(setName) || podName[setName.size()] != '-')
        return std::nullopt;
    std::string_view digits(podName);
    digits.remove_prefix(setName.size() + 1);
    std::int64_t ordinal = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ordinal);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || ordinal < 0)
        return std::nullopt;
    if (std::to_string(ordinal) != digits)
        return std::nullopt;
    return ordinal;
}

void StatefulSetController::start(Engine& engine)
{
    m_engine = &engine;
    for (const ObjectPtr& s : engine.list("StatefulSet"))
        m_queue.add(keyOf(*s));
}

void StatefulSetController::onEvent(const WatchEvent& event)
{
    if (event.key.kind == "StatefulSet" && event.type != WatchEventType::Deleted) {
        m_queue.add(event.key);
    } else if (event.key.kind == "Pod") {
        if (auto ref = controllerRefOf(*event.object); ref && ref->value("kind", "") == "StatefulSet")
            m_queue.add(ObjectKey{"StatefulSet", event.key.ns, ref->value("name", "")});
    }
}

void StatefulSetController::work()
{
    if (auto key = m_queue.pop())
        sync(*key);
}

std::string StatefulSetController::ensureRevision(const Json& set, std::int64_t& collisionCount)
{
    const std::string uid = uidOf(set);
    Json data = revisionData(set);
    std::vector<ObjectPtr> revisions;
    std::int64_t maxRevision = 0;
    for (const ObjectPtr& r : m_engine->list("ControllerRevision", namespaceOf(set))) {
        auto ref = controllerRefOf(*r);
        if (!ref || ref->value("uid", "") != uid)
            continue;
        revisions.push_back(r);
        maxRevision = std::max<std::int64_t>(maxRevision, r->value("revision", 0));
    }
    for (const ObjectPtr& r : revisions)
        if (r->value("data", Json()) == data) {
            // An equal revision (a rollback): it becomes the newest.
            if (r->value("revision", 0) < maxRevision) {
                Json next = *r;
                next["revision"] = maxRevision + 1;
                (void)m_engine->update(std::move(next), statefulSetContext());
            }
            return nameOf(*r);
        }
    for (;;) {
        std::string hash = podTemplateHash(data, collisionCount);
        std::string name = nameOf(set) + "-" + hash;
        if (ObjectPtr existing = m_engine->get(ObjectKey{"ControllerRevision", namespaceOf(set), name})) {
            ++collisionCount; // a hash collision with another object
            continue;
        }
        Json rev = Json::object();
        rev["apiVersion"] = "apps/v1";
        rev["kind"] = "ControllerRevision";
        Json labels = Json::object();
        if (set["spec"].contains("template") && set["spec"]["template"].contains("metadata"))
            labels = set["spec"]["template"]["metadata"].value("labels", Json::object());
        labels[kRevisionLabel] = hash;
        rev["metadata"] = Json{{"name", name},
                               {"namespace", namespaceOf(set)},
                               {"labels", labels},
                               {"ownerReferences", Json::array({ownerRef(set, true)})}};
        rev["data"] = data;
        rev["revision"] = maxRevision + 1;
        if (!m_engine->create(std::move(rev), statefulSetContext()))
            return {};
        return name;
    }
}

void StatefulSetController::sync(const ObjectKey& key)
{
    ObjectPtr setPtr = m_engine->get(key);
    if (!setPtr || isBeingDeleted(*setPtr))
        return;
    const Json set = *setPtr;
    const Json& spec = set["spec"];
    const std::string uid = uidOf(set);
    RequestContext ctx = statefulSetContext();

    std::int64_t collisionCount = set.contains("status") ? set["status"].value("collisionCount", 0) : 0;
    const std::string updateRevision = ensureRevision(set, collisionCount);
    if (updateRevision.empty())
        return;
    std::string currentRevision = set.contains("status") ? set["status"].value("currentRevision", "") : "";
    ObjectPtr currentRev =
        currentRevision.empty() ? nullptr : m_engine->get(ObjectKey{"ControllerRevision", key.ns, currentRevision});
    if (!currentRev)
        currentRevision = updateRevision;

    const std::int64_t replicas = spec.value("replicas", 1);
    std::int64_t start = 0;
    if (spec.contains("ordinals") && spec["ordinals"].is_object())
        start = spec["ordinals"].value("start", 0);
    const bool monotonic = spec.value("podManagementPolicy", "OrderedReady") != "Parallel";
    const std::string strategy =
        spec.contains("updateStrategy") ? spec["updateStrategy"].value("type", "RollingUpdate") : "RollingUpdate";
    std::int64_t partition = 0;
    if (strategy == "RollingUpdate" && spec["updateStrategy"].contains("rollingUpdate") &&
        spec["updateStrategy"]["rollingUpdate"].is_object())
        partition = spec["updateStrategy"]["rollingUpdate"].value("partition", 0);
    const std::int64_t minReady = spec.value("minReadySeconds", 0);
    std::string whenScaled = "Retain";
    if (spec.contains("persistentVolumeClaimRetentionPolicy"))
        whenScaled = spec["persistentVolumeClaimRetentionPolicy"].value("whenScaled", "Retain");
    std::string whenDeleted = "Retain";
    if (spec.contains("persistentVolumeClaimRetentionPolicy"))
        whenDeleted = spec["persistentVolumeClaimRetentionPolicy"].value("whenDeleted", "Retain");

    // Pods of this set, by ordinal; the others are condemned.
    std::map<std::int64_t, ObjectPtr> slots;
    std::vector<std::pair<std::int64_t, ObjectPtr>> condemned;
    for (const ObjectPtr& p : m_engine->list("Pod", key.ns)) {
        auto ref = controllerRefOf(*p);
        if (!ref || ref->value("uid", "") != uid)
            continue;
        auto ord = statefulPodOrdinal(key.name, nameOf(*p));
        if (ord && *ord >= start && *ord < start + replicas)
            slots[*ord] = p;
        else
            condemned.emplace_back(ord.value_or(-1), p);
    }
    std::ranges::sort(condemned, [](const auto& a, const auto& b) { return a.first > b.first; });
    auto available = [&](const Json& pod) {
        return podAvailable(pod, minReady, m_engine->now() / 1000, m_engine->settings().epochSeconds);
    };
    // The lowest-ordinal unhealthy pod may be removed even in OrderedReady.
    std::string firstUnhealthy;
    {
        std::int64_t best = INT64_MAX;
        for (const auto& [ord, p] : slots)
            if (!healthy(*p) && ord < best) {
                best = ord;
                firstUnhealthy = nameOf(*p);
            }
        for (const auto& [ord, p] : condemned)
            if (!healthy(*p) && ord < best) {
                best = ord;
                firstUnhealthy = nameOf(*p);
            }
    }

    auto recordPod = [&](const char* verb, const std::string& pod, bool ok, const std::string& error = {}) {
        std::string reason = std::string(ok ? "Successful" : "Failed") + (verb == std::string("create") ? "Create" : "Delete");
        std::string msg = std::string(verb) + " Pod " + pod + " in StatefulSet " + key.name + (ok ? " successful" : " failed error: " + error);
        m_engine->recordEvent(set, ok ? "Normal" : "Warning", reason, msg, kStatefulSetController);
    };
    auto claimName = [&](const Json& tmpl, std::int64_t ord) {
        return nameOf(tmpl) + "-" + key.name + "-" + std::to_string(ord);
    };
    auto claimTemplates = [&]() {
        return spec.contains("volumeClaimTemplates") && spec["volumeClaimTemplates"].is_array()
                   ? spec["volumeClaimTemplates"]
                   : Json::array();
    };
    // createPersistentVolumeClaims: the claims of one ordinal, before its pod.
    auto createClaims = [&](std::int64_t ord) -> bool {
        for (const Json& tmpl : claimTemplates()) {
            std::string name = claimName(tmpl, ord);
            if (m_engine->get(ObjectKey{"PersistentVolumeClaim", key.ns, name}))
                continue;
            Json claim = Json::object();
            claim["apiVersion"] = "v1";
            claim["kind"] = "PersistentVolumeClaim";
            Json meta = Json{{"name", name}, {"namespace", key.ns}};
            Json labels = tmpl.contains("metadata") ? tmpl["metadata"].value("labels", Json::object()) : Json::object();
            if (spec.contains("selector") && spec["selector"].contains("matchLabels"))
                for (auto it = spec["selector"]["matchLabels"].begin(); it != spec["selector"]["matchLabels"].end(); ++it)
                    labels[it.key()] = it.value();
            if (!labels.empty())
                meta["labels"] = labels;
            if (tmpl.contains("metadata") && tmpl["metadata"].contains("annotations"))
                meta["annotations"] = tmpl["metadata"]["annotations"];
            if (whenDeleted == "Delete")
                meta["ownerReferences"] = Json::array({ownerRef(set, false)});
            claim["metadata"] = meta;
            claim["spec"] = tmpl.value("spec", Json::object());
            auto r = m_engine->create(std::move(claim), ctx);
            std::string pod = key.name + "-" + std::to_string(ord);
            if (!r) {
                m_engine->recordEvent(set, "Warning", "FailedCreate",
                                      "create Claim " + name + " for Pod " + pod + " in StatefulSet " + key.name +
                                          " failed error: " + r.error().message,
                                      kStatefulSetController);
                return false;
            }
            m_engine->recordEvent(set, "Normal", "SuccessfulCreate",
                                  "create Claim " + name + " Pod " + pod + " in StatefulSet " + key.name + " success",
                                  kStatefulSetController);
        }
        return true;
    };
    auto createPod = [&](std::int64_t ord) -> bool {
        // newVersionedStatefulSetPod: ordinals below the partition keep the current revision.
        std::string revision = updateRevision;
        Json tmpl = spec.value("template", Json::object());
        if (strategy == "RollingUpdate" && ord < start + partition && currentRev) {
            revision = currentRevision;
            Json data = currentRev->value("data", Json());
            if (data.contains("spec") && data["spec"].contains("template")) {
                tmpl = data["spec"]["template"];
                tmpl.erase("$patch");
            }
        }
        if (!createClaims(ord))
            return false;
        std::string name = key.name + "-" + std::to_string(ord);
        Json pod = Json::object();
        pod["apiVersion"] = "v1";
        pod["kind"] = "Pod";
        Json meta = Json{{"name", name}, {"namespace", key.ns}};
        Json labels = tmpl.contains("metadata") ? tmpl["metadata"].value("labels", Json::object()) : Json::object();
        labels[kRevisionLabel] = revision;
        labels[kPodNameLabel] = name;
        labels[kPodIndexLabel] = std::to_string(ord);
        meta["labels"] = labels;
        if (tmpl.contains("metadata") && tmpl["metadata"].contains("annotations"))
            meta["annotations"] = tmpl["metadata"]["annotations"];
        meta["ownerReferences"] = Json::array({ownerRef(set, true)});
        pod["metadata"] = meta;
        Json podSpec = tmpl.value("spec", Json::object());
        podSpec["hostname"] = name;
        if (spec.contains("serviceName") && !spec.value("serviceName", "").empty())
            podSpec["subdomain"] = spec["serviceName"];
        // updateStorage: one claim volume per template, then the template's other volumes.
        Json volumes = Json::array();
        std::set<std::string> claimVolumes;
        for (const Json& t : claimTemplates()) {
            volumes.push_back(Json{{"name", nameOf(t)},
                                   {"persistentVolumeClaim", Json{{"claimName", claimName(t, ord)}}}});
            claimVolumes.insert(nameOf(t));
        }
        if (podSpec.contains("volumes"))
            for (const Json& v : podSpec["volumes"])
                if (!claimVolumes.contains(v.value("name", "")))
                    volumes.push_back(v);
        if (!volumes.empty())
            podSpec["volumes"] = volumes;
        pod["spec"] = podSpec;
        auto r = m_engine->create(std::move(pod), ctx);
        if (!r) {
            recordPod("create", name, false, r.error().message);
            return false;
        }
        recordPod("create", name, true);
        m_engine->story("controller-manager", keyOf(**r), "PodCreated", "statefulset.podCreated",
                        Json{{"statefulSet", key.name}, {"ordinal", ord}, {"pod", name}, {"replicas", replicas}});
        return true;
    };
    auto deletePod = [&](const Json& pod, const Json& why) {
        if (m_engine->remove(keyOf(pod), DeleteOptions{}, ctx)) {
            recordPod("delete", nameOf(pod), true);
            m_engine->story("controller-manager", keyOf(pod), "PodDeleted", "statefulset.podDeleted",
                            Json{{"statefulSet", key.name}, {"pod", nameOf(pod)}, {"why", why}});
        }
    };

    bool stop = false;
    // Replicas, in ordinal order.
    for (std::int64_t ord = start; ord < start + replicas && !stop; ++ord) {
        auto it = slots.find(ord);
        if (it == slots.end()) {
            createPod(ord);
            if (monotonic)
                stop = true;
            continue;
        }
        const Json& pod = *it->second;
        if (terminal(pod)) {
            // A failed or finished pod is replaced (on the next sync, once it is gone).
            if (!isBeingDeleted(pod))
                deletePod(pod, messageValue("statefulset.why.replace", Json{{"phase", stringAt(pod, kPhase)}}));
            stop = true;
            continue;
        }
        if (monotonic && (isBeingDeleted(pod) || !runningAndReady(pod) || !available(pod)))
            stop = true;
    }
    // Scale down: the highest ordinal first.
    if (!stop) {
        for (const auto& [ord, p] : condemned) {
            const Json& pod = *p;
            if (isBeingDeleted(pod)) {
                if (monotonic) {
                    stop = true;
                    break;
                }
                continue;
            }
            if (monotonic && !available(pod) && nameOf(pod) != firstUnhealthy) {
                stop = true;
                break;
            }
            deletePod(pod, messageValue("statefulset.why.scaleDown", Json{{"replicas", replicas}}));
            if (whenScaled == "Delete")
                for (const Json& t : claimTemplates())
                    (void)m_engine->remove(ObjectKey{"PersistentVolumeClaim", key.ns, claimName(t, ord)},
                                           DeleteOptions{}, ctx);
            if (monotonic) {
                stop = true;
                break;
            }
        }
    }
    // RollingUpdate: the highest ordinal not at the update revision goes, down to the partition.
    if (!stop && strategy == "RollingUpdate") {
        for (std::int64_t ord = start + replicas - 1; ord >= start + partition; --ord) {
            auto it = slots.find(ord);
            if (it == slots.end())
                break;
            const Json& pod = *it->second;
            if (revisionOf(pod) != updateRevision && !isBeingDeleted(pod)) {
                deletePod(pod, messageValue("statefulset.why.update", Json{{"revision", updateRevision}}));
                break;
            }
            if (!healthy(pod))
                break;
        }
    }

    // Status from the pods as they are now.
    std::int64_t count = 0, ready = 0, availableCount = 0, current = 0, updated = 0;
    for (const ObjectPtr& p : m_engine->list("Pod", key.ns)) {
        auto ref = controllerRefOf(*p);
        if (!ref || ref->value("uid", "") != uid)
            continue;
        ++count;
        if (runningAndReady(*p) && !isBeingDeleted(*p)) {
            ++ready;
            if (available(*p))
                ++availableCount;
        }
        if (isBeingDeleted(*p))
            continue;
        if (revisionOf(*p) == currentRevision)
            ++current;
        if (revisionOf(*p) == updateRevision)
            ++updated;
    }
    // completeRollingUpdate: every replica updated and ready → the update is the current revision.
    if (strategy == "RollingUpdate" && updated == replicas && ready == replicas && count == replicas) {
        currentRevision = updateRevision;
        current = updated;
    }
    ObjectPtr live = m_engine->get(key);
    if (!live)
        return;
    Json next = *live;
    Json status = next.value("status", Json::object());
    status["observedGeneration"] = (*live)["metadata"].value("generation", 1);
    status["replicas"] = count;
    status["readyReplicas"] = ready;
    status["currentReplicas"] = current;
    status["updatedReplicas"] = updated;
    status["currentRevision"] = currentRevision;
    status["updateRevision"] = updateRevision;
    status["collisionCount"] = collisionCount;
    status["availableReplicas"] = availableCount;
    for (const char* f : {"readyReplicas", "currentReplicas", "updatedReplicas"})
        if (status[f] == 0)
            status.erase(f);
    next["status"] = status;
    if (next != *live)
        (void)m_engine->updateStatus(next, ctx);
    if (minReady > 0 && ready > availableCount)
        m_engine->schedule(m_engine->now() + minReady * 1000, [this, key] { m_queue.add(key); });

    // Truncate history: unused revisions beyond revisionHistoryLimit, oldest first.
    std::int64_t limit = spec.value("revisionHistoryLimit", 10);
    std::set<std::string> inUse;
    inUse.insert(currentRevision);
    inUse.insert(updateRevision);
    for (const ObjectPtr& p : m_engine->list("Pod", key.ns))
        if (auto ref = controllerRefOf(*p); ref && ref->value("uid", "") == uid)
            inUse.insert(revisionOf(*p));
    std::vector<ObjectPtr> unused;
    for (const ObjectPtr& r : m_engine->list("ControllerRevision", key.ns)) {
        auto ref = controllerRefOf(*r);
        if (ref && ref->value("uid", "") == uid && !inUse.contains(nameOf(*r)))
            unused.push_back(r);
    }
    std::ranges::sort(unused, [](const ObjectPtr& a, const ObjectPtr& b) {
        return a->value("revision", 0) < b->value("revision", 0);
    });
    for (std::size_t i = 0; i + static_cast<std::size_t>(std::max<std::int64_t>(limit, 0)) < unused.size(); ++i)
        (void)m_engine->remove(keyOf(*unused[i]), DeleteOptions{}, ctx);
}

} // namespace kubelab::core

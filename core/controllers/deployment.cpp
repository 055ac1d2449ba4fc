// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/replicaset.h"

#include <algorithm>
#include <cmath>

#include "core/api/labels.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

constexpr const char* kRevision = "deployment.kubernetes.io/revision";
constexpr const char* kRevisionHistory = "deployment.kubernetes.io/revision-history";
constexpr const char* kDesired = "deployment.kubernetes.io/desired-replicas";
constexpr const char* kMaxReplicas = "deployment.kubernetes.io/max-replicas";
constexpr const char* kHashLabel = "pod-template-hash";

RequestContext controllerContext()
{
    RequestContext ctx = RequestContext::component("deployment-controller");
    ctx.user = "system:serviceaccount:kube-system:deployment-controller";
    return ctx;
}

std::int64_t revisionOf(const Json& rs)
{
    std::string r = stringAt(rs, Json::json_pointer("/metadata/annotations/deployment.kubernetes.io~1revision"));
    try {
        return r.empty() ? 0 : std::stoll(r);
    } catch (...) {
        return 0;
    }
}

/// The template without the pod-template-hash label, to compare with the Deployment's.
Json templateWithoutHash(const Json& rs)
{
    Json t = rs["spec"].value("template", Json::object());
    if (t.contains("metadata") && t["metadata"].contains("labels")) {
        t["metadata"]["labels"].erase(kHashLabel);
        if (t["metadata"]["labels"].empty())
            t["metadata"].erase("labels");
    }
    return t;
}

std::int64_t specReplicas(const Json& rs) { return rs["spec"].value("replicas", 0); }
std::int64_t statusField(const Json& o, const char* f)
{
    return o.contains("status") ? o["status"].value(f, 0) : 0;
}

Json condition(const std::string& type, const std::string& status, const std::string& reason,
               const std::string& message, const std::string& now)
{
    return Json{{"type", type},
                {"status", status},
                {"lastUpdateTime", now},
                {"lastTransitionTime", now},
                {"reason", reason},
                {"message", message}};
}

void setCondition(Json& status, Json cond)
{
    Json& list = status["conditions"];
    if (!list.is_array())
        list = Json::array();
    for (Json& c : list) {
        if (c.value("type", "") != cond.value("type", ""))
            continue;
        if (c.value("status", "") == cond.value("status", ""))
            cond["lastTransitionTime"] = c.value("lastTransitionTime", cond.value("lastTransitionTime", ""));
        if (c.value("status", "") == cond.value("status", "") && c.value("reason", "") == cond.value("reason", "") &&
            c.value("message", "") == cond.value("message", ""))
            return; // unchanged: keep its times
        c = cond;
        return;
    }
    list.push_back(cond);
}

} // namespace

std::string podTemplateHash(const Json& podTemplate, std::int64_t collisionCount)
{
    std::string text = podTemplate.dump();
    if (collisionCount > 0)
        text += std::to_string(collisionCount);
    std::uint32_t h = 2166136261u;
    for (unsigned char c : text) {
        h ^= c;
        h *= 16777619u;
    }
    static constexpr char alphanums[] = "bcdfghjklmnpqrstvwxz2456789";
    std::string digits = std::to_string(h);
    std::string out;
    for (char c : digits)
        out += alphanums[static_cast<unsigned char>(c) % 27];
    return out;
}

std::int64_t scaledValue(const Json& v, std::int64_t total, bool roundUp)
{
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    if (v.is_string()) {
        std::string s = v.get<std::string>();
        if (s.ends_with("%")) {
            double pct = 0;
            try {
                pct = std::stod(s.substr(0, s.size() - 1));
            } catch (...) {
                return 0;
            }
            double value = pct * static_cast<double>(total) / 100.0;
            return static_cast<std::int64_t>(roundUp ? std::ceil(value) : std::floor(value));
        }
        try {
            return std::stoll(s);
        } catch (...) {
            return 0;
        }
    }
    return 0;
}

void DeploymentController::start(Engine& engine)
{
    m_engine = &engine;
    for (const ObjectPtr& d : engine.list("Deployment"))
        m_queue.add(keyOf(*d));
}

void DeploymentController::onEvent(const WatchEvent& event)
{
    if (event.key.kind == "Deployment" && event.type != WatchEventType::Deleted) {
        m_queue.add(event.key);
    } else if (event.key.kind == "ReplicaSet") {
        if (auto ref = controllerRefOf(*event.object); ref && ref->value("kind", "") == "Deployment")
            m_queue.add(ObjectKey{"Deployment", event.key.ns, ref->value("name", "")});
    } else if (event.key.kind == "Pod" && event.type == WatchEventType::Deleted) {
        // Recreate waits for old pods to be gone.
        if (auto ref = controllerRefOf(*event.object); ref && ref->value("kind", "") == "ReplicaSet") {
            std::string rsName = ref->value("name", "");
            if (ObjectPtr rs = m_engine->get(ObjectKey{"ReplicaSet", event.key.ns, rsName}))
                if (auto dref = controllerRefOf(*rs))
                    m_queue.add(ObjectKey{"Deployment", event.key.ns, dref->value("name", "")});
        }
    }
}

void DeploymentController::work()
{
    if (auto key = m_queue.pop())
        sync(*key);
}

void DeploymentController::sync(const ObjectKey& key)
{
    ObjectPtr dPtr = m_engine->get(key);
    if (!dPtr || isBeingDeleted(*dPtr))
        return;
    const Json& d = *dPtr;
    RequestContext ctx = controllerContext();
    std::string uid = uidOf(d);
    std::string now = m_engine->timestampNow();
    const Json& spec = d["spec"];
    std::int64_t replicas = spec.value("replicas", 1);
    bool paused = spec.value("paused", false);
    Json dTemplate = spec.value("template", Json::object());

    std::vector<Json> owned;
    for (const ObjectPtr& rs : m_engine->list("ReplicaSet", key.ns))
        if (auto ref = controllerRefOf(*rs); ref && ref->value("uid", "") == uid)
            owned.push_back(*rs);
    std::sort(owned.begin(), owned.end(), [](const Json& a, const Json& b) {
        std::string ca = stringAt(a, Json::json_pointer("/metadata/creationTimestamp"));
        std::string cb = stringAt(b, Json::json_pointer("/metadata/creationTimestamp"));
        return ca != cb ? ca < cb : nameOf(a) < nameOf(b);
    });

    std::optional<Json> newRs;
    std::vector<Json> oldRss;
    std::int64_t maxRevision = 0;
    for (const Json& rs : owned) {
        maxRevision = std::max(maxRevision, revisionOf(rs));
        if (!newRs && templateWithoutHash(rs) == dTemplate)
            newRs = rs;
        else
            oldRss.push_back(rs);
    }

    std::string strategy = stringAt(d, Json::json_pointer("/spec/strategy/type"));
    if (strategy.empty())
        strategy = "RollingUpdate";
    Json rolling = spec.contains("strategy") ? spec["strategy"].value("rollingUpdate", Json::object()) : Json::object();
    std::int64_t surge = strategy == "RollingUpdate" ? scaledValue(rolling.value("maxSurge", Json("25%")), replicas, true) : 0;
    std::int64_t unavailable =
        strategy == "RollingUpdate" ? scaledValue(rolling.value("maxUnavailable", Json("25%")), replicas, false) : 0;
    if (strategy == "RollingUpdate" && surge == 0 && unavailable == 0)
        unavailable = 1;
    unavailable = std::min(unavailable, replicas);

    auto scaleRs = [&](Json rs, std::int64_t to, const std::string& why) -> Json {
        std::int64_t from = specReplicas(rs);
        if (from == to)
            return rs;
        rs["spec"]["replicas"] = to;
        rs["metadata"]["annotations"][kDesired] = std::to_string(replicas);
        rs["metadata"]["annotations"][kMaxReplicas] = std::to_string(replicas + surge);
        auto r = m_engine->update(rs, ctx);
        if (!r)
            return rs;
        std::string verb = to > from ? "up" : "down";
        std::string msg = "Scaled " + verb + " replica set " + nameOf(rs) + " to " + std::to_string(to) + " from " +
                          std::to_string(from);
        m_engine->recordEvent(d, "Normal", "ScalingReplicaSet", msg, "deployment-controller");
        m_engine->story("controller-manager", key, to > from ? "ScaledUp" : "ScaledDown", msg + " (" + why + ")",
                        Json{{"replicaSet", nameOf(rs)}, {"from", from}, {"to", to}, {"maxSurge", surge},
                             {"maxUnavailable", unavailable}});
        return **r;
    };

    auto sumSpec = [&]() {
        std::int64_t s = newRs ? specReplicas(*newRs) : 0;
        for (const Json& rs : oldRss)
            s += specReplicas(rs);
        return s;
    };

    if (!paused && !newRs) {
        // A new revision: the new ReplicaSet, created already at its first step's size.
        std::string hash = podTemplateHash(dTemplate, statusField(d, "collisionCount"));
        Json tmpl = dTemplate;
        tmpl["metadata"]["labels"][kHashLabel] = hash;
        Json selector = spec.value("selector", Json::object());
        selector["matchLabels"][kHashLabel] = hash;
        std::int64_t size = replicas;
        if (strategy == "RollingUpdate") {
            std::int64_t oldSum = 0;
            for (const Json& rs : oldRss)
                oldSum += specReplicas(rs);
            size = oldSum == 0 ? replicas : std::max<std::int64_t>(0, std::min(replicas + surge - oldSum, replicas));
        } else {
            size = 0;
        }
        Json rs = Json::object();
        rs["apiVersion"] = "apps/v1";
        rs["kind"] = "ReplicaSet";
        Json meta = Json{{"name", key.name + "-" + hash}, {"namespace", key.ns}};
        meta["labels"] = tmpl["metadata"]["labels"];
        Json ann = Json::object();
        ann[kDesired] = std::to_string(replicas);
        ann[kMaxReplicas] = std::to_string(replicas + surge);
        ann[kRevision] = std::to_string(maxRevision + 1);
        std::string cause = stringAt(d, Json::json_pointer("/metadata/annotations/kubernetes.io~1change-cause"));
        if (!cause.empty())
            ann["kubernetes.io/change-cause"] = cause;
        meta["annotations"] = ann;
        meta["ownerReferences"] = Json::array({Json{{"apiVersion", "apps/v1"},
                                                    {"kind", "Deployment"},
                                                    {"name", key.name},
                                                    {"uid", uid},
                                                    {"controller", true},
                                                    {"blockOwnerDeletion", true}}});
        rs["metadata"] = meta;
        rs["spec"] = Json{{"replicas", size}, {"minReadySeconds", spec.value("minReadySeconds", 0)},
                          {"selector", selector}, {"template", tmpl}};
        auto created = m_engine->create(std::move(rs), ctx);
        if (!created)
            return;
        newRs = **created;
        std::string msg = "Scaled up replica set " + nameOf(*newRs) + " to " + std::to_string(size);
        m_engine->recordEvent(d, "Normal", "ScalingReplicaSet", msg, "deployment-controller");
        m_engine->story("controller-manager", key, "NewReplicaSet",
                        "deployment-controller created replica set " + nameOf(*newRs) + " (revision " +
                            std::to_string(maxRevision + 1) + ") at " + std::to_string(size) + " replicas",
                        Json{{"replicaSet", nameOf(*newRs)}, {"revision", maxRevision + 1}, {"to", size}});
    } else if (newRs && !oldRss.empty() && revisionOf(*newRs) < maxRevision && !paused) {
        // A rollback to an older template: that ReplicaSet becomes the newest revision.
        Json rs = *newRs;
        std::string old = std::to_string(revisionOf(rs));
        std::string history = stringAt(rs, Json::json_pointer("/metadata/annotations/deployment.kubernetes.io~1revision-history"));
        rs["metadata"]["annotations"][kRevision] = std::to_string(maxRevision + 1);
        rs["metadata"]["annotations"][kRevisionHistory] = history.empty() ? old : history + "," + old;
        if (auto r = m_engine->update(rs, ctx))
            newRs = **r;
    }

    if (!paused && newRs) {
        if (strategy == "Recreate") {
            bool oldActive = false;
            for (Json& rs : oldRss) {
                rs = scaleRs(rs, 0, "Recreate: all old pods go first");
                if (statusField(rs, "replicas") > 0)
                    oldActive = true;
            }
            if (!oldActive)
                newRs = scaleRs(*newRs, replicas, "Recreate: old pods are gone");
        } else {
            // reconcileNewReplicaSet
            std::int64_t newSpec = specReplicas(*newRs);
            bool scaled = false;
            if (newSpec > replicas) {
                newRs = scaleRs(*newRs, replicas, "more than desired");
                scaled = true;
            } else if (newSpec < replicas) {
                std::int64_t up = std::min(replicas + surge - sumSpec(), replicas - newSpec);
                if (up > 0) {
                    newRs = scaleRs(*newRs, newSpec + up,
                                    "maxSurge " + std::to_string(surge) + " allows " + std::to_string(replicas + surge) +
                                        " pods in all");
                    scaled = true;
                }
            }
            if (!scaled && !oldRss.empty()) {
                // reconcileOldReplicaSets
                std::int64_t minAvailable = replicas - unavailable;
                std::int64_t newUnavailable = specReplicas(*newRs) - statusField(*newRs, "availableReplicas");
                std::int64_t maxDown = sumSpec() - minAvailable - newUnavailable;
                if (maxDown > 0) {
                    // (a) old replicas that are not available go first
                    std::int64_t cleaned = 0;
                    for (Json& rs : oldRss) {
                        if (cleaned >= maxDown)
                            break;
                        std::int64_t bad = specReplicas(rs) - statusField(rs, "availableReplicas");
                        if (bad <= 0)
                            continue;
                        std::int64_t down = std::min(bad, maxDown - cleaned);
                        rs = scaleRs(rs, specReplicas(rs) - down, "removing unavailable old pods");
                        cleaned += down;
                    }
                    // (b) then available old replicas above minAvailable
                    std::int64_t totalAvailable = statusField(*newRs, "availableReplicas");
                    for (const Json& rs : oldRss)
                        totalAvailable += statusField(rs, "availableReplicas");
                    std::int64_t excess = std::min(totalAvailable - minAvailable, maxDown - cleaned);
                    for (Json& rs : oldRss) {
                        if (excess <= 0)
                            break;
                        std::int64_t down = std::min(specReplicas(rs), excess);
                        if (down <= 0)
                            continue;
                        rs = scaleRs(rs, specReplicas(rs) - down,
                                     "maxUnavailable " + std::to_string(unavailable) + " keeps " +
                                         std::to_string(minAvailable) + " available");
                        excess -= down;
                    }
                }
            }
        }
    } else if (paused && newRs && specReplicas(*newRs) != replicas && oldRss.empty()) {
        newRs = scaleRs(*newRs, replicas, "scaled while paused");
    }

    // Clean up old ReplicaSets beyond revisionHistoryLimit once they are empty.
    std::int64_t limit = spec.value("revisionHistoryLimit", 10);
    std::vector<Json> empties;
    for (const Json& rs : oldRss)
        if (specReplicas(rs) == 0 && statusField(rs, "replicas") == 0)
            empties.push_back(rs);
    std::sort(empties.begin(), empties.end(), [](const Json& a, const Json& b) { return revisionOf(a) < revisionOf(b); });
    for (std::size_t i = 0; static_cast<std::int64_t>(empties.size() - i) > limit && i < empties.size(); ++i)
        (void)m_engine->remove(keyOf(empties[i]), DeleteOptions{}, ctx);

    // The Deployment carries its current revision (SetDeploymentRevision).
    if (newRs) {
        ObjectPtr latest = m_engine->get(key);
        std::string revision = std::to_string(revisionOf(*newRs));
        if (latest && stringAt(*latest, Json::json_pointer("/metadata/annotations/deployment.kubernetes.io~1revision")) != revision) {
            Json annotated = *latest;
            annotated["metadata"]["annotations"][kRevision] = revision;
            (void)m_engine->update(std::move(annotated), ctx);
        }
    }

    // Status.
    ObjectPtr current = m_engine->get(key);
    if (!current)
        return;
    std::int64_t total = 0, updated = 0, ready = 0, available = 0, specSum = 0;
    for (const ObjectPtr& rs : m_engine->list("ReplicaSet", key.ns)) {
        auto ref = controllerRefOf(*rs);
        if (!ref || ref->value("uid", "") != uid)
            continue;
        total += statusField(*rs, "replicas");
        ready += statusField(*rs, "readyReplicas");
        available += statusField(*rs, "availableReplicas");
        specSum += specReplicas(*rs);
        if (newRs && nameOf(*rs) == nameOf(*newRs))
            updated = statusField(*rs, "replicas");
    }
    Json next = *current;
    Json status = next.value("status", Json::object());
    status["observedGeneration"] = (*current)["metadata"].value("generation", 1);
    status["replicas"] = total;
    status["updatedReplicas"] = updated;
    status["readyReplicas"] = ready;
    status["availableReplicas"] = available;
    std::int64_t unavailableNow = std::max<std::int64_t>(0, specSum - available);
    if (unavailableNow > 0)
        status["unavailableReplicas"] = unavailableNow;
    else
        status.erase("unavailableReplicas");
    for (const char* f : {"replicas", "updatedReplicas", "readyReplicas", "availableReplicas"})
        if (status[f] == 0)
            status.erase(f);
    bool minAvailable = available >= replicas - unavailable;
    setCondition(status, minAvailable ? condition("Available", "True", "MinimumReplicasAvailable",
                                                  "Deployment has minimum availability.", now)
                                      : condition("Available", "False", "MinimumReplicasUnavailable",
                                                  "Deployment does not have minimum availability.", now));
    if (paused) {
        setCondition(status, condition("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now));
    } else if (newRs) {
        std::string rsName = nameOf(*newRs);
        bool complete = updated == replicas && total == replicas && available == replicas &&
                        statusField(*newRs, "availableReplicas") == replicas;
        if (complete)
            setCondition(status, condition("Progressing", "True", "NewReplicaSetAvailable",
                                           "ReplicaSet \"" + rsName + "\" has successfully progressed.", now));
        else
            setCondition(status, condition("Progressing", "True", "ReplicaSetUpdated",
                                           "ReplicaSet \"" + rsName + "\" is progressing.", now));
    }
    next["status"] = status;
    if (next != *current)
        (void)m_engine->updateStatus(next, ctx);
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/deploymentutil.h"

#include <algorithm>
#include <cmath>

#include "core/controllers/replicaset.h"

namespace kubelab::core {

namespace {

std::int64_t deploymentReplicas(const Json& d)
{
    return d.contains("spec") ? d["spec"].value("replicas", std::int64_t{1}) : 1;
}

std::int64_t annotationNumber(const Json& o, const char* key)
{
    if (!o.contains("metadata") || !o["metadata"].contains("annotations"))
        return -1;
    const Json& a = o["metadata"]["annotations"];
    if (!a.is_object() || !a.contains(key) || !a[key].is_string())
        return -1;
    const std::string& s = a[key].get_ref<const std::string&>();
    if (s.empty() || s.size() > 18 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return -1;
    return std::stoll(s);
}

std::string creationOf(const Json& o)
{
    return stringAt(o, Json::json_pointer("/metadata/creationTimestamp"));
}

/// controller.ReplicaSetsByCreationTimestamp.Less
bool createdBefore(const Json& a, const Json& b)
{
    std::string ca = creationOf(a);
    std::string cb = creationOf(b);
    return ca != cb ? ca < cb : nameOf(a) < nameOf(b);
}

} // namespace

std::int64_t specReplicas(const Json& o)
{
    return o.contains("spec") ? o["spec"].value("replicas", std::int64_t{0}) : 0;
}

std::int64_t statusField(const Json& o, const char* field)
{
    return o.contains("status") && o["status"].is_object() ? o["status"].value(field, std::int64_t{0}) : 0;
}


bool isRollingUpdate(const Json& d)
{
    std::string type = stringAt(d, Json::json_pointer("/spec/strategy/type"));
    return type.empty() || type == "RollingUpdate";
}

Fenceposts resolveFenceposts(const Json& d)
{
    std::int64_t replicas = deploymentReplicas(d);
    Json rolling = Json::object();
    if (d.contains("spec") && d["spec"].contains("strategy") && d["spec"]["strategy"].contains("rollingUpdate"))
        rolling = d["spec"]["strategy"]["rollingUpdate"];
    Fenceposts f;
    f.maxSurge = scaledValue(rolling.value("maxSurge", Json("25%")), replicas, true);
    f.maxUnavailable = scaledValue(rolling.value("maxUnavailable", Json("25%")), replicas, false);
    if (f.maxSurge == 0 && f.maxUnavailable == 0)
        f.maxUnavailable = 1; // validation forbids both 0; upstream guards against a stuck rollout
    return f;
}

std::int64_t deploymentMaxSurge(const Json& d)
{
    return isRollingUpdate(d) ? resolveFenceposts(d).maxSurge : 0;
}

std::int64_t deploymentMaxUnavailable(const Json& d)
{
    std::int64_t replicas = deploymentReplicas(d);
    if (!isRollingUpdate(d) || replicas == 0)
        return 0;
    return std::min(resolveFenceposts(d).maxUnavailable, replicas);
}

std::int64_t replicaSetRevision(const Json& rs)
{
    return std::max<std::int64_t>(0, annotationNumber(rs, kRevisionAnnotation));
}

std::int64_t desiredReplicasAnnotation(const Json& rs)
{
    return annotationNumber(rs, kDesiredReplicasAnnotation);
}

std::int64_t maxReplicasAnnotation(const Json& rs)
{
    return annotationNumber(rs, kMaxReplicasAnnotation);
}

std::int64_t newReplicaSetReplicas(const Json& d, std::int64_t allReplicas, std::int64_t newReplicas)
{
    std::int64_t replicas = deploymentReplicas(d);
    if (!isRollingUpdate(d))
        return replicas;
    // Upstream reads maxSurge unresolved here (GetScaledValueFromIntOrPercent, rounded up).
    std::int64_t maxTotal = replicas + resolveFenceposts(d).maxSurge;
    if (allReplicas >= maxTotal)
        return newReplicas;
    return newReplicas + std::min(maxTotal - allReplicas, replicas - newReplicas);
}

std::int64_t replicaSetProportion(const Json& rs, const Json& d, std::int64_t toAdd, std::int64_t added)
{
    std::int64_t size = specReplicas(rs);
    if (size == 0 || toAdd == 0 || toAdd == added)
        return 0;
    // getReplicaSetFraction
    std::int64_t fraction = 0;
    std::int64_t replicas = deploymentReplicas(d);
    if (replicas == 0) {
        fraction = -size;
    } else {
        std::int64_t maxReplicas = replicas + deploymentMaxSurge(d);
        std::int64_t before = maxReplicasAnnotation(rs);
        if (before <= 0)
            before = statusField(d, "replicas"); // annotation edited away: the current size
        double scaled = before > 0 ? static_cast<double>(size * maxReplicas) / static_cast<double>(before) : 0.0;
        fraction = static_cast<std::int64_t>(std::round(scaled)) - size;
    }
    std::int64_t allowed = toAdd - added;
    return toAdd > 0 ? std::min(fraction, allowed) : std::max(fraction, allowed);
}

std::vector<ScaleTarget> scaleTargets(const Json& d, const Json* newRs, const std::vector<Json>& oldRss)
{
    std::int64_t replicas = deploymentReplicas(d);
    std::vector<Json> olds = oldRss;
    // FindActiveOrLatest: newest old first.
    std::sort(olds.begin(), olds.end(), [](const Json& a, const Json& b) { return createdBefore(b, a); });
    std::vector<const Json*> active;
    for (const Json& rs : olds)
        if (specReplicas(rs) > 0)
            active.push_back(&rs);
    if (newRs && specReplicas(*newRs) > 0)
        active.push_back(newRs);
    const Json* activeOrLatest = nullptr;
    if (active.size() == 1)
        activeOrLatest = active.front();
    else if (active.empty())
        activeOrLatest = newRs ? newRs : (olds.empty() ? nullptr : &olds.front());
    if (active.size() <= 1) {
        if (!activeOrLatest || specReplicas(*activeOrLatest) == replicas)
            return {};
        return {ScaleTarget{nameOf(*activeOrLatest), replicas}};
    }

    // IsSaturated: the new ReplicaSet is complete, so the old ones go to 0.
    if (newRs && specReplicas(*newRs) == replicas && desiredReplicasAnnotation(*newRs) == replicas &&
        statusField(*newRs, "availableReplicas") == replicas) {
        std::vector<ScaleTarget> out;
        for (const Json& rs : olds)
            if (specReplicas(rs) > 0)
                out.push_back(ScaleTarget{nameOf(rs), 0});
        return out;
    }
    if (!isRollingUpdate(d))
        return {};

    std::vector<Json> all;
    std::int64_t total = 0;
    for (const Json* rs : active) {
        all.push_back(*rs);
        total += specReplicas(*rs);
    }
    std::int64_t allowed = replicas > 0 ? replicas + deploymentMaxSurge(d) : 0;
    std::int64_t toAdd = allowed - total;
    if (toAdd > 0) {
        // ReplicaSetsBySizeNewer
        std::sort(all.begin(), all.end(), [](const Json& a, const Json& b) {
            return specReplicas(a) != specReplicas(b) ? specReplicas(a) > specReplicas(b) : createdBefore(b, a);
        });
    } else if (toAdd < 0) {
        // ReplicaSetsBySizeOlder
        std::sort(all.begin(), all.end(), [](const Json& a, const Json& b) {
            return specReplicas(a) != specReplicas(b) ? specReplicas(a) > specReplicas(b) : createdBefore(a, b);
        });
    }
    std::vector<ScaleTarget> out;
    std::int64_t added = 0;
    for (const Json& rs : all) {
        std::int64_t size = specReplicas(rs);
        if (toAdd != 0) {
            std::int64_t p = replicaSetProportion(rs, d, toAdd, added);
            size += p;
            added += p;
        }
        out.push_back(ScaleTarget{nameOf(rs), size});
    }
    if (!out.empty() && toAdd != 0)
        out.front().replicas = std::max<std::int64_t>(0, out.front().replicas + toAdd - added);
    return out;
}

bool deploymentComplete(const Json& d, const Json& s)
{
    std::int64_t replicas = deploymentReplicas(d);
    std::int64_t generation = d.contains("metadata") ? d["metadata"].value("generation", std::int64_t{0}) : 0;
    return s.value("updatedReplicas", std::int64_t{0}) == replicas && s.value("replicas", std::int64_t{0}) == replicas &&
           s.value("availableReplicas", std::int64_t{0}) == replicas &&
           s.value("observedGeneration", std::int64_t{0}) >= generation;
}

bool deploymentProgressing(const Json& d, const Json& s)
{
    Json old = d.contains("status") && d["status"].is_object() ? d["status"] : Json::object();
    auto get = [](const Json& j, const char* f) { return j.value(f, std::int64_t{0}); };
    std::int64_t oldOld = get(old, "replicas") - get(old, "updatedReplicas");
    std::int64_t newOld = get(s, "replicas") - get(s, "updatedReplicas");
    return get(s, "updatedReplicas") > get(old, "updatedReplicas") || newOld < oldOld ||
           get(s, "readyReplicas") > get(old, "readyReplicas") ||
           get(s, "availableReplicas") > get(old, "availableReplicas");
}

Json templateWithoutHash(const Json& podTemplate)
{
    Json t = podTemplate.is_object() ? podTemplate : Json::object();
    if (t.contains("metadata") && t["metadata"].contains("labels") && t["metadata"]["labels"].is_object()) {
        t["metadata"]["labels"].erase(kPodTemplateHashLabel);
        if (t["metadata"]["labels"].empty())
            t["metadata"].erase("labels");
    }
    return t;
}

void sortByCreation(std::vector<Json>& replicaSets)
{
    std::sort(replicaSets.begin(), replicaSets.end(), createdBefore);
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/eviction.h"

namespace kubelab::core {

namespace {

Result<Eviction> removed(Result<ObjectPtr> r)
{
    if (!r)
        return std::unexpected(r.error());
    return Eviction{*r, false, {}};
}

} // namespace

Result<Eviction> evictPod(Engine& engine, const ObjectKey& key, const DeleteOptions& options, const RequestContext& ctx)
{
    ObjectPtr live = engine.get(key);
    if (!live)
        return fail(ErrorCode::NotFound, "pods \"" + key.name + "\" not found");
    const Json& pod = *live;
    // A pod that is done, not started or already going disrupts nothing (canIgnorePDB).
    std::string phase = stringAt(pod, Json::json_pointer("/status/phase"));
    if (phase == "Succeeded" || phase == "Failed" || phase == "Pending" || isBeingDeleted(pod))
        return removed(engine.remove(key, options, ctx));
    std::vector<ObjectPtr> pdbs;
    Labels labels = labelsOf(pod);
    for (const ObjectPtr& pdb : engine.list("PodDisruptionBudget", key.ns)) {
        if (!(*pdb).contains("spec") || !(*pdb)["spec"].contains("selector"))
            continue;
        auto selector = LabelSelector::fromJson((*pdb)["spec"]["selector"]);
        if (selector && selector->matches(labels))
            pdbs.push_back(pdb);
    }
    if (pdbs.empty())
        return removed(engine.remove(key, options, ctx));
    if (pdbs.size() > 1)
        return fail(ErrorCode::InternalError,
                    "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
    const Json& pdb = *pdbs.front();
    const Json status = pdb.value("status", Json::object());
    bool ready = false;
    for (const Json& c : pod["status"].value("conditions", Json::array()))
        if (c.value("type", "") == "Ready")
            ready = c.value("status", "") == "True";
    std::string policy = stringAt(pdb, Json::json_pointer("/spec/unhealthyPodEvictionPolicy"));
    std::int64_t currentHealthy = status.value("currentHealthy", 0);
    std::int64_t desiredHealthy = status.value("desiredHealthy", 0);
    // An unhealthy pod may go when the budget is met anyway (IfHealthyBudget) or always (AlwaysAllow).
    if (!ready && (policy == "AlwaysAllow" || (currentHealthy >= desiredHealthy && desiredHealthy > 0)))
        return removed(engine.remove(key, options, ctx));
    const std::string tooMany = "Cannot evict pod as it would violate the pod's disruption budget.";
    if (status.value("observedGeneration", 0) < pdb["metadata"].value("generation", 1))
        return Eviction{live, true, tooMany};
    std::int64_t allowed = status.value("disruptionsAllowed", 0);
    if (allowed < 0)
        return fail(ErrorCode::Forbidden, "pdb disruptions allowed is negative");
    if (allowed == 0)
        return Eviction{live, true, tooMany};
    if (ctx.dryRun)
        return Eviction{live, false, {}};
    Json nextPdb = pdb;
    nextPdb["status"]["disruptionsAllowed"] = allowed - 1;
    nextPdb["status"]["disruptedPods"][key.name] = engine.timestampNow();
    if (allowed - 1 == 0)
        for (Json& c : nextPdb["status"]["conditions"])
            if (c.value("type", "") == "DisruptionAllowed") {
                c["status"] = "False";
                c["reason"] = "InsufficientPods";
                c["lastTransitionTime"] = engine.timestampNow();
            }
    if (auto r = engine.updateStatus(nextPdb, ctx); !r)
        return std::unexpected(r.error());
    return removed(engine.remove(key, options, ctx));
}

} // namespace kubelab::core

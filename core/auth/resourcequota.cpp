// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/auth/resourcequota.h"

#include "core/auth/quota.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

std::vector<std::string> namesOf(const ResourceList& list)
{
    std::vector<std::string> out;
    for (const auto& [name, q] : list)
        out.push_back(name);
    return out;
}

std::string joinNames(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : ",") + n;
    return out;
}

bool handles(const AdmissionRequest& request)
{
    if (!request.resource || !request.object || !request.resource->namespaced)
        return false;
    if (request.operation == Operation::Create)
        return true;
    std::string_view kind = request.resource->kind;
    return request.operation == Operation::Update && (kind == "Service" || kind == "PersistentVolumeClaim");
}

} // namespace

Status ResourceQuotaAdmission::validate(const AdmissionRequest& request)
{
    if (!handles(request))
        return {};
    Engine& engine = *request.engine;
    const Json& object = *request.object;
    // A create of a name that exists fails in the store; it must not be charged.
    if (request.operation == Operation::Create && engine.get(keyOf(object)))
        return {};
    std::vector<ObjectPtr> quotas = engine.list("ResourceQuota", namespaceOf(object));
    if (quotas.empty())
        return {};
    auto forbidden = [&](const std::string& message) {
        return fail(ErrorCode::Forbidden, request.resource->qualifiedPlural() + " \"" + nameOf(object) +
                                              "\" is forbidden: " + message);
    };
    std::string kind(request.resource->kind);
    std::vector<std::size_t> interesting;
    for (std::size_t i = 0; i < quotas.size(); ++i) {
        const Json& quota = *quotas[i];
        if (!quotaScopesMatch(quota, object))
            continue;
        ResourceList hard = resourceListOf(quota.value("status", Json::object()).value("hard", Json::object()));
        std::vector<std::string> restricted = quotaMatchingResources(kind, namesOf(hard));
        // A quota matches when it tracks something of the object's kind (by status.hard).
        if (restricted.empty())
            continue;
        if (kind == "Pod")
            if (std::string err = quotaConstraints(object, restricted); !err.empty())
                return forbidden("failed quota: " + nameOf(quota) + ": " + err);
        // hasUsageStats: every tracked resource has a used value.
        ResourceList used = resourceListOf(quota.value("status", Json::object()).value("used", Json::object()));
        for (const std::string& r : restricted)
            if (!used.contains(r))
                return forbidden("status unknown for quota: " + nameOf(quota) + ", resources: " + joinNames(restricted));
        interesting.push_back(i);
    }
    if (interesting.empty())
        return {};
    ResourceList delta = quotaUsage(engine, object);
    if (request.operation == Operation::Update && request.old) {
        ResourceList before = quotaUsage(engine, *request.old);
        for (auto& [name, q] : delta) {
            if (auto it = before.find(name); it != before.end())
                q -= it->second;
            if (q.sign() < 0)
                q = Quantity();
        }
    }
    std::erase_if(delta, [](const auto& entry) { return entry.second.isZero(); });
    if (delta.empty())
        return {};
    std::vector<Json> updated;
    for (std::size_t index : interesting) {
        Json quota = *quotas[index];
        ResourceList hard = resourceListOf(quota["status"].value("hard", Json::object()));
        ResourceList used = resourceListOf(quota["status"].value("used", Json::object()));
        ResourceList requested = maskResources(delta, namesOf(hard));
        ResourceList newUsage = addResources(used, requested);
        std::vector<std::string> exceeded;
        for (const auto& [name, q] : maskResources(newUsage, namesOf(requested)))
            if (auto h = hard.find(name); h != hard.end() && q > h->second)
                exceeded.push_back(name);
        if (!exceeded.empty())
            return forbidden("exceeded quota: " + nameOf(quota) +
                             ", requested: " + prettyPrintResources(maskResources(requested, exceeded)) +
                             ", used: " + prettyPrintResources(maskResources(used, exceeded)) +
                             ", limited: " + prettyPrintResources(maskResources(hard, exceeded)));
        Json& statusUsed = quota["status"]["used"];
        for (const auto& [name, q] : newUsage)
            statusUsed[name] = q.toString();
        updated.push_back(std::move(quota));
    }
    if (request.context && request.context->dryRun)
        return {};
    for (const Json& quota : updated)
        (void)engine.updateStatus(quota, RequestContext::component("apiserver"));
    return {};
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/auth/limitranger.h"

#include <cstdio>
#include <set>

#include "core/auth/quota.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

constexpr std::int64_t kMaxMilliValue = 9223372036854775; // resource.MaxMilliValue

/// requestLimitEnforcedValues: milli-units when nothing overflows, else units.
struct Values {
    std::int64_t request = 0;
    std::int64_t limit = 0;
    std::int64_t enforced = 0;
};

Values enforcedValues(const Quantity& request, const Quantity& limit, const Quantity& enforced)
{
    Values v{request.value(), limit.value(), enforced.value()};
    if (v.request <= kMaxMilliValue && v.limit <= kMaxMilliValue && v.enforced <= kMaxMilliValue)
        v = {request.milliValue(), limit.milliValue(), enforced.milliValue()};
    return v;
}

using Errors = std::vector<std::string>;

void minConstraint(Errors& errs, const std::string& type, const std::string& resource, const Quantity& enforced,
                   const ResourceList& requests, const ResourceList& limits)
{
    auto req = requests.find(resource);
    auto lim = limits.find(resource);
    Values v = enforcedValues(req != requests.end() ? req->second : Quantity(),
                              lim != limits.end() ? lim->second : Quantity(), enforced);
    std::string head = "minimum " + resource + " usage per " + type + " is " + enforced.toString();
    if (req == requests.end())
        errs.push_back(head + ".  No request is specified");
    else if (v.request < v.enforced)
        errs.push_back(head + ", but request is " + req->second.toString());
    else if (lim != limits.end() && v.limit < v.enforced)
        errs.push_back(head + ", but limit is " + lim->second.toString());
}

void maxConstraint(Errors& errs, const std::string& type, const std::string& resource, const Quantity& enforced,
                   const ResourceList& requests, const ResourceList& limits)
{
    auto req = requests.find(resource);
    auto lim = limits.find(resource);
    Values v = enforcedValues(req != requests.end() ? req->second : Quantity(),
                              lim != limits.end() ? lim->second : Quantity(), enforced);
    std::string head = "maximum " + resource + " usage per " + type + " is " + enforced.toString();
    if (lim == limits.end())
        errs.push_back(head + ".  No limit is specified");
    else if (v.limit > v.enforced)
        errs.push_back(head + ", but limit is " + lim->second.toString());
    else if (req != requests.end() && v.request > v.enforced)
        errs.push_back(head + ", but request is " + req->second.toString());
}

/// maxRequestConstraint (claims: the request is what counts).
void maxRequestConstraint(Errors& errs, const std::string& type, const std::string& resource,
                          const Quantity& enforced, const ResourceList& requests)
{
    auto req = requests.find(resource);
    Values v = enforcedValues(req != requests.end() ? req->second : Quantity(), Quantity(), enforced);
    std::string head = "maximum " + resource + " usage per " + type + " is " + enforced.toString();
    if (req == requests.end())
        errs.push_back(head + ".  No request is specified");
    else if (v.request > v.enforced)
        errs.push_back(head + ", but request is " + req->second.toString());
}

void ratioConstraint(Errors& errs, const std::string& type, const std::string& resource, const Quantity& enforced,
                     const ResourceList& requests, const ResourceList& limits)
{
    auto req = requests.find(resource);
    auto lim = limits.find(resource);
    Values v = enforcedValues(req != requests.end() ? req->second : Quantity(),
                              lim != limits.end() ? lim->second : Quantity(), enforced);
    std::string head = resource + " max limit to request ratio per " + type + " is " + enforced.toString();
    if (req == requests.end() || v.request == 0) {
        errs.push_back(head + ", but no request is specified or request is 0");
        return;
    }
    if (lim == limits.end() || v.limit == 0) {
        errs.push_back(head + ", but no limit is specified or limit is 0");
        return;
    }
    double observed = static_cast<double>(v.limit) / static_cast<double>(v.request);
    double shown = observed;
    double maxRatio = static_cast<double>(enforced.value());
    if (enforced.value() <= kMaxMilliValue) {
        observed *= 1000;
        maxRatio = static_cast<double>(enforced.milliValue());
    }
    if (observed > maxRatio) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%f", shown);
        errs.push_back(head + ", but provided ratio is " + buffer);
    }
}

void checkResources(Errors& errs, const Json& item, const std::string& type, const ResourceList& requests,
                    const ResourceList& limits)
{
    for (const auto& [k, v] : resourceListAt(item, "/min"))
        minConstraint(errs, type, k, v, requests, limits);
    for (const auto& [k, v] : resourceListAt(item, "/max"))
        maxConstraint(errs, type, k, v, requests, limits);
    for (const auto& [k, v] : resourceListAt(item, "/maxLimitRequestRatio"))
        ratioConstraint(errs, type, k, v, requests, limits);
}

std::vector<ObjectPtr> limitRangesFor(const AdmissionRequest& request)
{
    return request.engine->list("LimitRange", namespaceOf(*request.object));
}

bool supports(const AdmissionRequest& request)
{
    // Containers cannot change after creation, so pods are handled on create only.
    if (!request.resource || !request.object)
        return false;
    if (request.resource->kind == "Pod")
        return request.operation == Operation::Create;
    return request.resource->kind == "PersistentVolumeClaim" &&
           (request.operation == Operation::Create || request.operation == Operation::Update);
}

Status forbidden(const AdmissionRequest& request, const std::string& message)
{
    return fail(ErrorCode::Forbidden,
                request.resource->qualifiedPlural() + " \"" + nameOf(*request.object) + "\" is forbidden: " + message);
}

} // namespace

void applyLimitRangeDefaults(const Json& limitRange, Json& pod)
{
    ResourceList defaultRequests;
    ResourceList defaultLimits;
    for (const Json& item : limitRange.value("spec", Json::object()).value("limits", Json::array())) {
        if (item.value("type", "") != "Container")
            continue;
        for (const auto& [k, v] : resourceListAt(item, "/defaultRequest"))
            defaultRequests[k] = v;
        for (const auto& [k, v] : resourceListAt(item, "/default"))
            defaultLimits[k] = v;
    }
    std::vector<std::string> annotations;
    auto merge = [&](Json& c, const char* prefix) {
        Json& resources = c["resources"];
        if (!resources.is_object())
            resources = Json::object();
        std::vector<std::string> setRequests;
        std::vector<std::string> setLimits;
        for (const auto& [k, v] : defaultLimits) {
            if (!resources["limits"].is_object())
                resources["limits"] = Json::object();
            if (!resources["limits"].contains(k)) {
                resources["limits"][k] = v.toString();
                setLimits.push_back(k);
            }
        }
        for (const auto& [k, v] : defaultRequests) {
            if (!resources["requests"].is_object())
                resources["requests"] = Json::object();
            if (!resources["requests"].contains(k)) {
                resources["requests"][k] = v.toString();
                setRequests.push_back(k);
            }
        }
        auto join = [](const std::vector<std::string>& names) {
            std::string out;
            for (const std::string& n : names)
                out += (out.empty() ? "" : ", ") + n;
            return out;
        };
        std::string name = c.value("name", "");
        if (!setRequests.empty())
            annotations.push_back(join(setRequests) + " request for " + prefix + " " + name);
        if (!setLimits.empty())
            annotations.push_back(join(setLimits) + " limit for " + prefix + " " + name);
    };
    Json& spec = pod["spec"];
    if (spec.contains("containers") && spec["containers"].is_array())
        for (Json& c : spec["containers"])
            merge(c, "container");
    if (spec.contains("initContainers") && spec["initContainers"].is_array())
        for (Json& c : spec["initContainers"])
            merge(c, "init container");
    if (!annotations.empty()) {
        std::string value = "LimitRanger plugin set: ";
        for (std::size_t i = 0; i < annotations.size(); ++i)
            value += (i ? "; " : "") + annotations[i];
        pod["metadata"]["annotations"]["kubernetes.io/limit-ranger"] = value;
    }
}

std::vector<std::string> limitRangeViolations(const Json& limitRange, const Json& object)
{
    Errors errs;
    bool isPod = kindOf(object) == "Pod";
    const Json spec = object.value("spec", Json::object());
    for (const Json& item : limitRange.value("spec", Json::object()).value("limits", Json::array())) {
        std::string type = item.value("type", "");
        if (isPod && type == "Container") {
            for (const char* field : {"containers", "initContainers"})
                for (const Json& c : spec.value(field, Json::array()))
                    checkResources(errs, item, type, resourceListAt(c, "/resources/requests"), resourceListAt(c, "/resources/limits"));
        } else if (isPod && type == "Pod") {
            checkResources(errs, item, type, podRequestsList(object), podLimitsList(object));
        } else if (!isPod && type == "PersistentVolumeClaim") {
            ResourceList requests = resourceListAt(object, "/spec/resources/requests");
            for (const auto& [k, v] : resourceListAt(item, "/min"))
                minConstraint(errs, type, k, v, requests, {});
            for (const auto& [k, v] : resourceListAt(item, "/max"))
                maxRequestConstraint(errs, type, k, v, requests);
        }
    }
    return errs;
}

Status LimitRanger::admit(AdmissionRequest& request)
{
    if (!supports(request) || request.resource->kind != "Pod")
        return {};
    for (const ObjectPtr& lr : limitRangesFor(request))
        applyLimitRangeDefaults(*lr, *request.object);
    return {};
}

Status LimitRanger::validate(const AdmissionRequest& request)
{
    if (!supports(request))
        return {};
    if (request.old && isBeingDeleted(*request.old))
        return {};
    for (const ObjectPtr& lr : limitRangesFor(request))
        if (auto errs = limitRangeViolations(*lr, *request.object); !errs.empty())
            return forbidden(request, aggregateErrors(errs));
    return {};
}

} // namespace kubelab::core

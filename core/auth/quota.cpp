// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/auth/quota.h"

#include <algorithm>
#include <set>

#include "core/api/resources.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

constexpr std::string_view kStorageClassSuffix = ".storageclass.storage.k8s.io/";

void maxInto(ResourceList& into, const ResourceList& other)
{
    for (const auto& [name, q] : other)
        if (auto it = into.find(name); it == into.end() || it->second < q)
            into[name] = q;
}

ResourceList podTotals(const Json& pod, const char* field)
{
    const Json spec = pod.value("spec", Json::object());
    ResourceList total;
    for (const Json& c : spec.value("containers", Json::array()))
        total = addResources(total, resourceListAt(c, field));
    for (const Json& c : spec.value("initContainers", Json::array()))
        maxInto(total, resourceListAt(c, field));
    if (spec.contains("overhead"))
        total = addResources(total, resourceListOf(spec["overhead"]));
    return total;
}

bool isTerminalPod(const Engine& engine, const Json& pod)
{
    std::string phase = stringAt(pod, Json::json_pointer("/status/phase"));
    if (phase == "Succeeded" || phase == "Failed")
        return true;
    const Json meta = pod.value("metadata", Json::object());
    if (meta.contains("deletionTimestamp") && meta.contains("deletionGracePeriodSeconds")) {
        VirtualTime deletion = engine.virtualTimeOf(meta["deletionTimestamp"].get<std::string>());
        if (engine.now() > deletion + meta["deletionGracePeriodSeconds"].get<std::int64_t>() * kSecond)
            return true;
    }
    return false;
}

/// podComputeUsageHelper.
ResourceList podComputeUsage(const ResourceList& requests, const ResourceList& limits)
{
    ResourceList out;
    out["pods"] = Quantity::fromValue(1);
    for (const char* r : {"cpu", "memory", "ephemeral-storage"}) {
        if (auto it = requests.find(r); it != requests.end()) {
            out[r] = it->second;
            out[std::string("requests.") + r] = it->second;
        }
        if (auto it = limits.find(r); it != limits.end())
            out[std::string("limits.") + r] = it->second;
    }
    for (const auto& [name, q] : requests) {
        if (name.starts_with("hugepages-")) {
            out[name] = q;
            out["requests." + name] = q;
        } else if (name.find('/') != std::string::npos && !name.starts_with("kubernetes.io/") &&
                   !name.starts_with("requests.")) {
            out["requests." + name] = q; // an extended resource
        }
    }
    return out;
}

std::string countName(const ResourceInfo& r)
{
    return "count/" + std::string(r.plural) + (r.group.empty() ? "" : "." + std::string(r.group));
}

/// Legacy names that count objects of a core kind.
std::string_view legacyCountName(std::string_view kind)
{
    if (kind == "Pod") return "pods";
    if (kind == "Service") return "services";
    if (kind == "PersistentVolumeClaim") return "persistentvolumeclaims";
    if (kind == "ConfigMap") return "configmaps";
    if (kind == "Secret") return "secrets";
    if (kind == "ReplicationController") return "replicationcontrollers";
    if (kind == "ResourceQuota") return "resourcequotas";
    return {};
}

} // namespace

ResourceList resourceListAt(const Json& object, const char* pointer)
{
    Json::json_pointer p(pointer);
    return object.contains(p) ? resourceListOf(object.at(p)) : ResourceList();
}

ResourceList resourceListOf(const Json& list)
{
    ResourceList out;
    if (!list.is_object())
        return out;
    for (auto it = list.begin(); it != list.end(); ++it) {
        std::string text = it->is_string() ? it->get<std::string>() : it->dump();
        if (auto q = Quantity::parse(text))
            out[it.key()] = *q;
    }
    return out;
}

Json resourceListJson(const ResourceList& list)
{
    Json out = Json::object();
    for (const auto& [name, q] : list)
        out[name] = q.toString();
    return out;
}

ResourceList addResources(const ResourceList& a, const ResourceList& b)
{
    ResourceList out = a;
    for (const auto& [name, q] : b) {
        if (auto it = out.find(name); it != out.end())
            it->second += q;
        else
            out[name] = q;
    }
    return out;
}

ResourceList maskResources(const ResourceList& list, const std::vector<std::string>& names)
{
    ResourceList out;
    for (const std::string& n : names)
        if (auto it = list.find(n); it != list.end())
            out[n] = it->second;
    return out;
}

std::string prettyPrintResources(const ResourceList& list)
{
    std::string out;
    for (const auto& [name, q] : list)
        out += (out.empty() ? "" : ",") + name + "=" + q.toString();
    return out;
}

ResourceList podRequestsList(const Json& pod)
{
    return podTotals(pod, "/resources/requests");
}

ResourceList podLimitsList(const Json& pod)
{
    return podTotals(pod, "/resources/limits");
}

ResourceList quotaUsage(const Engine& engine, const Json& object)
{
    ResourceList out;
    std::string kind = kindOf(object);
    if (const ResourceInfo* r = findResourceByKind(kind))
        out[countName(*r)] = Quantity::fromValue(1);
    if (auto legacy = legacyCountName(kind); !legacy.empty() && kind != "Pod")
        out[std::string(legacy)] = Quantity::fromValue(1);
    if (kind == "Pod") {
        if (isTerminalPod(engine, object))
            return out;
        out = addResources(out, podComputeUsage(podRequestsList(object), podLimitsList(object)));
    } else if (kind == "Service") {
        const Json spec = object.value("spec", Json::object());
        std::string type = spec.value("type", "ClusterIP");
        std::int64_t ports = spec.contains("ports") ? static_cast<std::int64_t>(spec["ports"].size()) : 0;
        if (type == "NodePort") {
            out["services.nodeports"] = Quantity::fromValue(ports);
        } else if (type == "LoadBalancer") {
            if (spec.contains("allocateLoadBalancerNodePorts") && !spec["allocateLoadBalancerNodePorts"].get<bool>()) {
                std::int64_t explicitPorts = 0;
                for (const Json& p : spec.value("ports", Json::array()))
                    explicitPorts += p.value("nodePort", 0) != 0 ? 1 : 0;
                out["services.nodeports"] = Quantity::fromValue(explicitPorts);
            } else {
                out["services.nodeports"] = Quantity::fromValue(ports);
            }
            out["services.loadbalancers"] = Quantity::fromValue(1);
        }
    } else if (kind == "PersistentVolumeClaim") {
        std::string cls = stringAt(object, Json::json_pointer("/spec/storageClassName"));
        if (!cls.empty())
            out[cls + std::string(kStorageClassSuffix) + "persistentvolumeclaims"] = Quantity::fromValue(1);
        ResourceList requests = resourceListAt(object, "/spec/resources/requests");
        // The larger of the request and what was allocated (an expansion under way).
        maxInto(requests, maskResources(resourceListAt(object, "/status/allocatedResources"), {"storage"}));
        if (auto it = requests.find("storage"); it != requests.end()) {
            out["requests.storage"] = it->second;
            if (!cls.empty())
                out[cls + std::string(kStorageClassSuffix) + "requests.storage"] = it->second;
        }
    }
    return out;
}

std::vector<std::string> quotaMatchingResources(std::string_view kind, const std::vector<std::string>& names)
{
    const ResourceInfo* r = findResourceByKind(kind);
    std::vector<std::string> out;
    for (const std::string& n : names) {
        bool match = r && n == countName(*r);
        if (!match && !legacyCountName(kind).empty())
            match = n == legacyCountName(kind);
        if (kind == "Pod") {
            static const std::set<std::string, std::less<>> podResources = {
                "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
                "limits.cpu", "limits.memory", "limits.ephemeral-storage"};
            std::string_view extended = std::string_view(n).substr(n.starts_with("requests.") ? 9 : n.size());
            match = match || podResources.contains(n) || n.starts_with("hugepages-") ||
                    n.starts_with("requests.hugepages-") ||
                    (extended.find('/') != std::string_view::npos && !extended.starts_with("kubernetes.io/"));
        }
        else if (kind == "Service")
            match = match || n == "services.nodeports" || n == "services.loadbalancers";
        else if (kind == "PersistentVolumeClaim")
            match = match || n == "requests.storage" ||
                    (n.find(kStorageClassSuffix) != std::string::npos &&
                     (n.ends_with("/requests.storage") || n.ends_with("/persistentvolumeclaims")));
        if (match)
            out.push_back(n);
    }
    return out;
}

bool quotaScopesMatch(const Json& quota, const Json& object)
{
    std::vector<Json> selectors;
    const Json spec = quota.value("spec", Json::object());
    for (const Json& s : spec.value("scopes", Json::array()))
        selectors.push_back(Json{{"scopeName", s}, {"operator", "Exists"}});
    if (spec.contains("scopeSelector"))
        for (const Json& e : spec["scopeSelector"].value("matchExpressions", Json::array()))
            selectors.push_back(e);
    if (selectors.empty())
        return true;
    if (kindOf(object) != "Pod")
        return false; // only the pod evaluator knows scopes
    const Json podSpec = object.value("spec", Json::object());
    bool terminating = podSpec.contains("activeDeadlineSeconds") && podSpec["activeDeadlineSeconds"].is_number() &&
                       podSpec["activeDeadlineSeconds"].get<std::int64_t>() >= 0;
    ResourceList req = podRequestsList(object);
    ResourceList lim = podLimitsList(object);
    bool bestEffort = req.empty() && lim.empty();
    for (const Json& sel : selectors) {
        std::string scope = sel.value("scopeName", "");
        std::string op = sel.value("operator", "Exists");
        bool matched = false;
        if (scope == "Terminating")
            matched = terminating;
        else if (scope == "NotTerminating")
            matched = !terminating;
        else if (scope == "BestEffort")
            matched = bestEffort;
        else if (scope == "NotBestEffort")
            matched = !bestEffort;
        else if (scope == "PriorityClass") {
            std::string pc = podSpec.value("priorityClassName", "");
            std::vector<std::string> values;
            for (const Json& v : sel.value("values", Json::array()))
                values.push_back(v.get<std::string>());
            bool in = std::ranges::find(values, pc) != values.end();
            if (op == "In")
                matched = in;
            else if (op == "NotIn")
                matched = !in;
            else if (op == "Exists")
                matched = !pc.empty();
            else if (op == "DoesNotExist")
                matched = pc.empty();
        } else if (scope == "CrossNamespacePodAffinity") {
            matched = false;
        }
        if (op == "DoesNotExist" && scope != "PriorityClass")
            matched = !matched;
        if (!matched)
            return false;
    }
    return true;
}

std::string quotaConstraints(const Json& pod, const std::vector<std::string>& tracked)
{
    static const std::set<std::string> validation = {"cpu", "memory", "requests.cpu", "requests.memory",
                                                      "limits.cpu", "limits.memory"};
    std::set<std::string> required;
    for (const std::string& t : tracked)
        if (validation.contains(t))
            required.insert(t);
    std::map<std::string, std::set<std::string>> missing;
    const Json spec = pod.value("spec", Json::object());
    for (const char* field : {"containers", "initContainers"})
        for (const Json& c : spec.value(field, Json::array())) {
            ResourceList usage = podComputeUsage(resourceListAt(c, "/resources/requests"), resourceListAt(c, "/resources/limits"));
            for (const std::string& r : required)
                if (!usage.contains(r))
                    missing[r].insert(c.value("name", ""));
        }
    std::vector<std::string> errors;
    for (const auto& [resource, containers] : missing) {
        std::string names;
        for (const std::string& n : containers)
            names += (names.empty() ? "" : ",") + n;
        errors.push_back("must specify " + resource + " for: " + names);
    }
    if (errors.empty())
        return {};
    if (errors.size() == 1)
        return errors.front();
    std::string joined;
    for (const std::string& e : errors)
        joined += (joined.empty() ? "" : ", ") + e;
    return "[" + joined + "]";
}

ResourceList calculateQuotaUsage(const Engine& engine, const Json& quota)
{
    std::vector<std::string> hard;
    for (const auto& [name, q] : resourceListOf(quota.value("spec", Json::object()).value("hard", Json::object())))
        hard.push_back(name);
    std::string ns = namespaceOf(quota);
    ResourceList used;
    for (const ResourceInfo& r : allResources()) {
        if (!r.stored || !r.namespaced)
            continue;
        std::vector<std::string> matching = quotaMatchingResources(r.kind, hard);
        if (matching.empty())
            continue;
        for (const std::string& m : matching)
            used.try_emplace(m, Quantity());
        for (const ObjectPtr& o : engine.list(r.kind, ns))
            if (quotaScopesMatch(quota, *o))
                used = addResources(used, maskResources(quotaUsage(engine, *o), matching));
    }
    return maskResources(used, hard);
}

} // namespace kubelab::core

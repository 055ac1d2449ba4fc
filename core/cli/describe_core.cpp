// SPDX-License-Identifier: GPL-3.0-or-later
// `kubectl describe` for the cluster's own kinds: Node (with its pods and allocated
// resources), Namespace, Service, Endpoints, ConfigMap, Secret, ServiceAccount, RBAC
// bindings, PriorityClass, LimitRange and ResourceQuota.

#include <algorithm>
#include <map>
#include <set>

#include "core/api/quantity.h"
#include "core/cli/describe_support.h"
#include "core/sim/engine.h"

namespace kubelab::cli::detail {

namespace {

using Quantities = std::map<std::string, core::Quantity>;

std::optional<core::Quantity> quantityOf(const Json& value)
{
    auto q = core::Quantity::parse(value.is_string() ? value.get<std::string>() : scalarText(value));
    return q ? std::optional<core::Quantity>(*q) : std::nullopt;
}

Quantities quantities(const Json& list)
{
    Quantities out;
    if (!list.is_object())
        return out;
    for (auto it = list.begin(); it != list.end(); ++it)
        if (auto q = quantityOf(*it))
            out.emplace(it.key(), *q);
    return out;
}

void addTo(Quantities& into, const Quantities& add)
{
    for (const auto& [name, q] : add) {
        auto [it, inserted] = into.emplace(name, q);
        if (!inserted)
            it->second += q;
    }
}

void maxInto(Quantities& into, const Quantities& other)
{
    for (const auto& [name, q] : other) {
        auto it = into.find(name);
        if (it == into.end())
            into.emplace(name, q);
        else if (q > it->second)
            it->second = q;
    }
}

/// The pod's effective requests or limits (component-helpers resource.PodRequests /
/// PodLimits): containers summed, sidecars added, the init peak, then the overhead.
Quantities podResources(const Json& pod, std::string_view which)
{
    const std::string field = "/resources/" + std::string(which);
    Quantities total;
    for (const Json& c : array(pod, "/spec/containers"))
        addTo(total, quantities(object(c, field)));
    Quantities sidecars;
    Quantities initPeak;
    for (const Json& c : array(pod, "/spec/initContainers")) {
        Quantities own = quantities(object(c, field));
        if (str(c, "/restartPolicy") == "Always") {
            addTo(total, own);
            addTo(sidecars, own);
            maxInto(initPeak, sidecars);
        } else {
            Quantities candidate = own;
            addTo(candidate, sidecars);
            maxInto(initPeak, candidate);
        }
    }
    maxInto(total, initPeak);
    if (which == "requests" || which == "limits") {
        const Json& overhead = object(pod, "/spec/overhead");
        if (which == "requests")
            addTo(total, quantities(overhead));
        else
            for (const auto& [name, q] : quantities(overhead))
                if (total.contains(name))
                    total[name] += q;
    }
    return total;
}

std::string quantityString(const Quantities& list, const std::string& name)
{
    auto it = list.find(name);
    return it == list.end() ? std::string("0") : it->second.toString();
}

std::int64_t milli(const Quantities& list, const std::string& name)
{
    auto it = list.find(name);
    return it == list.end() ? 0 : it->second.milliValue();
}

std::int64_t value(const Quantities& list, const std::string& name)
{
    auto it = list.find(name);
    return it == list.end() ? 0 : it->second.value();
}

void describeNodeResource(const core::Engine& engine, const Json& node, const std::vector<core::ObjectPtr>& pods,
                          DescribeWriter& w)
{
    w.write(0, "Non-terminated Pods:\t(" + std::to_string(static_cast<std::int64_t>(pods.size())) + " in total)\n");
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
    Quantities allocatable = quantities(object(node, "/status/capacity"));
    if (!object(node, "/status/allocatable").empty())
        allocatable = quantities(object(node, "/status/allocatable"));
    const std::int64_t cpuAllocatable = milli(allocatable, "cpu");
    const std::int64_t memoryAllocatable = value(allocatable, "memory");
    Quantities totalRequests;
    Quantities totalLimits;
    for (const core::ObjectPtr& p : pods) {
        const Json& pod = *p;
        Quantities requests = podResources(pod, "requests");
        Quantities limits = podResources(pod, "limits");
        addTo(totalRequests, requests);
        addTo(totalLimits, limits);
        w.write(1, core::namespaceOf(pod) + "\t" + core::nameOf(pod) + "\t\t" + quantityString(requests, "cpu") + " (" +
                       std::to_string(core::kubectlPercent(milli(requests, "cpu"), cpuAllocatable)) + "%)\t" +
                       quantityString(limits, "cpu") + " (" + std::to_string(core::kubectlPercent(milli(limits, "cpu"), cpuAllocatable)) +
                       "%)\t" + quantityString(requests, "memory") + " (" +
                       std::to_string(core::kubectlPercent(value(requests, "memory"), memoryAllocatable)) + "%)\t" +
                       quantityString(limits, "memory") + " (" +
                       std::to_string(core::kubectlPercent(value(limits, "memory"), memoryAllocatable)) + "%)\t" +
                       since(engine, pod, "/metadata/creationTimestamp") + "\n");
    }

    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
    w.write(1, "Resource\tRequests\tLimits\n");
    w.write(1, "--------\t--------\t------\n");
    auto row = [&](const std::string& name, bool useMilli) {
        const std::int64_t alloc = useMilli ? milli(allocatable, name) : value(allocatable, name);
        const std::int64_t req = useMilli ? milli(totalRequests, name) : value(totalRequests, name);
        const std::int64_t lim = useMilli ? milli(totalLimits, name) : value(totalLimits, name);
        w.write(1, name + "\t" + quantityString(totalRequests, name) + " (" + std::to_string(core::kubectlPercent(req, alloc)) + "%)\t" +
                       quantityString(totalLimits, name) + " (" + std::to_string(core::kubectlPercent(lim, alloc)) + "%)\n");
    };
    row("cpu", true);
    row("memory", false);
    row("ephemeral-storage", false);
    std::vector<std::string> hugePages;
    std::vector<std::string> extended;
    for (const auto& [name, q] : allocatable) {
        if (name.starts_with("hugepages-"))
            hugePages.push_back(name);
        else if (name != "cpu" && name != "memory" && name != "ephemeral-storage" && name != "pods")
            extended.push_back(name);
    }
    for (const std::string& name : hugePages)
        row(name, false);
    for (const std::string& name : extended)
        w.write(1, name + "\t" + quantityString(totalRequests, name) + "\t" + quantityString(totalLimits, name) + "\n");
}

std::vector<std::string> sortedKeyList(const Json& map)
{
    std::vector<std::string> keys;
    if (map.is_object())
        for (auto it = map.begin(); it != map.end(); ++it)
            keys.push_back(it.key());
    std::ranges::sort(keys);
    return keys;
}

std::string scopeHelp(const std::string& scope)
{
    if (scope == "Terminating")
        return "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before "
               "being actively terminated by the system.";
    if (scope == "NotTerminating")
        return "Matches all pods that do not have an active deadline. These pods usually include long running pods "
               "whose container command is not expected to terminate.";
    if (scope == "BestEffort")
        return "Matches all pods that do not have resource requirements set. These pods have a best effort quality of "
               "service.";
    if (scope == "NotBestEffort")
        return "Matches all pods that have at least one resource requirement set. These pods have a burstable or "
               "guaranteed quality of service.";
    return {};
}

std::vector<std::string> quotaScopes(const Json& quota)
{
    std::vector<std::string> scopes;
    for (const Json& s : array(quota, "/spec/scopes"))
        scopes.push_back(scalarText(s));
    std::ranges::sort(scopes);
    return scopes;
}

void describeLimitRangeSpec(const Json& limitRange, std::string_view prefix, DescribeWriter& w)
{
    for (const Json& item : array(limitRange, "/spec/limits")) {
        std::set<std::string> names;
        for (const char* field : {"/max", "/min", "/default", "/defaultRequest", "/maxLimitRequestRatio"})
            for (const std::string& k : sortedKeyList(object(item, field)))
                names.insert(k);
        auto cell = [&](const char* field, const std::string& name) {
            const Json& list = object(item, field);
            auto it = list.find(name);
            return it == list.end() ? std::string("-") : quantityText(&*it);
        };
        for (const std::string& name : names)
            w.write(0, std::string(prefix) + str(item, "/type") + "\t" + name + "\t" + cell("/min", name) + "\t" +
                           cell("/max", name) + "\t" + cell("/defaultRequest", name) + "\t" + cell("/default", name) +
                           "\t" + cell("/maxLimitRequestRatio", name) + "\n");
    }
}

} // namespace

void describeNode(const core::Engine& engine, const Json& node, DescribeWriter& w)
{
    const std::string name = core::nameOf(node);
    w.write(0, "Name:\t" + name + "\n");
    std::set<std::string> roles;
    const Json& labels = object(node, "/metadata/labels");
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        constexpr std::string_view kPrefix = "node-role.kubernetes.io/";
        if (it.key().starts_with(kPrefix) && it.key().size() > kPrefix.size())
            roles.insert(it.key().substr(kPrefix.size()));
        else if (it.key() == "kubernetes.io/role" && !scalarText(*it).empty())
            roles.insert(scalarText(*it));
    }
    w.write(0, "Roles:\t" + orNone(join(std::vector<std::string>(roles.begin(), roles.end()), ",")) + "\n");
    printLabelsMultiline(w, "Labels", labels);
    printAnnotationsMultiline(w, "Annotations", object(node, "/metadata/annotations"));
    w.write(0, "CreationTimestamp:\t" + rfc1123z(node, "/metadata/creationTimestamp") + "\n");
    printTaintsMultiline(w, "Taints", array(node, "/spec/taints"));
    w.write(0, std::string("Unschedulable:\t") + (boolean(node, "/spec/unschedulable") ? "true" : "false") + "\n");

    if (core::ObjectPtr lease = engine.get(core::ObjectKey{"Lease", "kube-node-lease", name})) {
        w.write(0, "Lease:\n");
        w.write(1, "HolderIdentity:\t" + str(*lease, "/spec/holderIdentity", "<unset>") + "\n");
        w.write(1, "AcquireTime:\t" + (has(*lease, "/spec/acquireTime") ? rfc1123z(*lease, "/spec/acquireTime")
                                                                        : std::string("<unset>")) + "\n");
        w.write(1, "RenewTime:\t" + (has(*lease, "/spec/renewTime") ? rfc1123z(*lease, "/spec/renewTime")
                                                                    : std::string("<unset>")) + "\n");
    } else {
        w.write(0, "Lease:\tFailed to get lease: leases.coordination.k8s.io \"" + name + "\" not found\n");
    }

    if (const Json& conditions = array(node, "/status/conditions"); !conditions.empty()) {
        w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n");
        for (const Json& c : conditions)
            w.write(1, str(c, "/type") + " \t" + str(c, "/status") + " \t" + rfc1123z(c, "/lastHeartbeatTime") + " \t" +
                           rfc1123z(c, "/lastTransitionTime") + " \t" + str(c, "/reason") + " \t" + str(c, "/message") +
                           "\n");
    }
    w.write(0, "Addresses:\n");
    for (const Json& a : array(node, "/status/addresses"))
        w.write(1, str(a, "/type") + ":\t" + str(a, "/address") + "\n");
    if (const Json& capacity = object(node, "/status/capacity"); !capacity.empty()) {
        w.write(0, "Capacity:\n");
        printResourceList(w, 1, capacity);
    }
    if (const Json& allocatable = object(node, "/status/allocatable"); !allocatable.empty()) {
        w.write(0, "Allocatable:\n");
        printResourceList(w, 1, allocatable);
    }
    const Json& info = object(node, "/status/nodeInfo");
    w.write(0, "System Info:\n");
    w.write(0, "  Machine ID:\t" + str(info, "/machineID") + "\n");
    w.write(0, "  System UUID:\t" + str(info, "/systemUUID") + "\n");
    w.write(0, "  Boot ID:\t" + str(info, "/bootID") + "\n");
    w.write(0, "  Kernel Version:\t" + str(info, "/kernelVersion") + "\n");
    w.write(0, "  OS Image:\t" + str(info, "/osImage") + "\n");
    w.write(0, "  Operating System:\t" + str(info, "/operatingSystem") + "\n");
    w.write(0, "  Architecture:\t" + str(info, "/architecture") + "\n");
    w.write(0, "  Container Runtime Version:\t" + str(info, "/containerRuntimeVersion") + "\n");
    w.write(0, "  Kubelet Version:\t" + str(info, "/kubeletVersion") + "\n");
    if (std::string cidr = str(node, "/spec/podCIDR"); !cidr.empty())
        w.write(0, "PodCIDR:\t" + cidr + "\n");
    if (const Json& cidrs = array(node, "/spec/podCIDRs"); !cidrs.empty()) {
        std::vector<std::string> list;
        for (const Json& c : cidrs)
            list.push_back(scalarText(c));
        w.write(0, "PodCIDRs:\t" + join(list, ",") + "\n");
    }
    if (std::string provider = str(node, "/spec/providerID"); !provider.empty())
        w.write(0, "ProviderID:\t" + provider + "\n");

    std::vector<core::ObjectPtr> pods;
    for (const core::ObjectPtr& pod : engine.list("Pod")) {
        const std::string phase = str(*pod, "/status/phase");
        if (str(*pod, "/spec/nodeName") == name && phase != "Succeeded" && phase != "Failed")
            pods.push_back(pod);
    }
    describeNodeResource(engine, node, pods, w);
    describeEventsOf(engine, node, w);
}

void describeNamespace(const core::Engine& engine, const Json& ns, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(ns) + "\n");
    printLabelsMultiline(w, "Labels", object(ns, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(ns, "/metadata/annotations"));
    w.write(0, "Status:\t" + str(ns, "/status/phase") + "\n");
    if (const Json& conditions = array(ns, "/status/conditions"); !conditions.empty()) {
        w.write(0, "Conditions:\n");
        w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
        w.write(1, "----\t------\t------------------\t------\t-------\n");
        for (const Json& c : conditions)
            w.write(1, str(c, "/type") + "\t" + str(c, "/status") + "\t" + rfc1123z(c, "/lastTransitionTime") + "\t" +
                           str(c, "/reason") + "\t" + str(c, "/message") + "\n");
    }
    const std::string name = core::nameOf(ns);

    w.write(0, "\n");
    const std::vector<core::ObjectPtr> quotas = engine.list("ResourceQuota", name);
    if (quotas.empty()) {
        w.write(0, "No resource quota.\n");
    } else {
        w.write(0, "Resource Quotas\n");
        for (const core::ObjectPtr& q : quotas) {
            w.write(1, "Name:\t" + core::nameOf(*q) + "\n");
            if (auto scopes = quotaScopes(*q); !scopes.empty()) {
                w.write(1, "Scopes:\t" + join(scopes, ", ") + "\n");
                for (const std::string& scope : scopes)
                    if (std::string help = scopeHelp(scope); !help.empty())
                        w.write(1, "* " + help + "\n");
            }
            w.write(1, "Resource\tUsed\tHard\n");
            w.write(1, "--------\t---\t---\n");
            const Json& hard = object(*q, "/status/hard");
            const Json& used = object(*q, "/status/used");
            for (const std::string& resource : sortedKeyList(hard)) {
                auto u = used.find(resource);
                w.write(1, resource + "\t" + quantityText(u != used.end() ? &*u : nullptr) + "\t" +
                               quantityText(&hard.at(resource)) + "\n");
            }
        }
    }

    w.write(0, "\n");
    const std::vector<core::ObjectPtr> limits = engine.list("LimitRange", name);
    if (limits.empty()) {
        w.write(0, "No LimitRange resource.\n");
    } else {
        w.write(0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request "
                   "Ratio\n");
        w.write(0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
        for (const core::ObjectPtr& l : limits)
            describeLimitRangeSpec(*l, " ", w);
    }
}

void describeService(const core::Engine& engine, const Json& svc, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(svc) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(svc) + "\n");
    printLabelsMultiline(w, "Labels", object(svc, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(svc, "/metadata/annotations"));
    w.write(0, "Selector:\t" + formatLabels(object(svc, "/spec/selector")) + "\n");
    w.write(0, "Type:\t" + str(svc, "/spec/type") + "\n");
    if (has(svc, "/spec/ipFamilyPolicy"))
        w.write(0, "IP Family Policy:\t" + str(svc, "/spec/ipFamilyPolicy") + "\n");
    std::vector<std::string> families;
    for (const Json& f : array(svc, "/spec/ipFamilies"))
        families.push_back(scalarText(f));
    w.write(0, "IP Families:\t" + orNone(join(families, ",")) + "\n");
    w.write(0, "IP:\t" + str(svc, "/spec/clusterIP") + "\n");
    std::vector<std::string> ips;
    for (const Json& ip : array(svc, "/spec/clusterIPs"))
        ips.push_back(scalarText(ip));
    w.write(0, "IPs:\t" + orNone(join(ips, ",")) + "\n");
    std::vector<std::string> external;
    for (const Json& ip : array(svc, "/spec/externalIPs"))
        external.push_back(scalarText(ip));
    if (!external.empty())
        w.write(0, "External IPs:\t" + join(external, ",") + "\n");
    if (std::string lbIp = str(svc, "/spec/loadBalancerIP"); !lbIp.empty())
        w.write(0, "Desired LoadBalancer IP:\t" + lbIp + "\n");
    if (std::string externalName = str(svc, "/spec/externalName"); !externalName.empty())
        w.write(0, "External Name:\t" + externalName + "\n");
    if (const Json& ingress = array(svc, "/status/loadBalancer/ingress"); !ingress.empty()) {
        std::vector<std::string> list;
        for (const Json& i : ingress) {
            std::string ip = str(i, "/ip");
            if (!ip.empty() && has(i, "/ipMode"))
                ip += " (" + str(i, "/ipMode") + ")";
            list.push_back(ip.empty() ? str(i, "/hostname") : ip);
        }
        w.write(0, "LoadBalancer Ingress:\t" + join(list, ", ") + "\n");
    }
    const core::ObjectPtr endpoints = engine.get(core::ObjectKey{"Endpoints", core::namespaceOf(svc), core::nameOf(svc)});
    for (const Json& port : array(svc, "/spec/ports")) {
        const std::string portName = str(port, "/name");
        const std::string name = portName.empty() ? "<unset>" : portName;
        const std::string protocol = str(port, "/protocol", "TCP");
        w.write(0, "Port:\t" + name + "\t" + std::to_string(integer(port, "/port")) + "/" + protocol + "\n");
        const Json* target = find(port, "/targetPort");
        std::string targetText = target ? intOrString(*target) : std::to_string(integer(port, "/port"));
        w.write(0, "TargetPort:\t" + targetText + "/" + protocol + "\n");
        if (has(port, "/appProtocol"))
            w.write(0, "AppProtocol:\t" + str(port, "/appProtocol") + "\n");
        if (std::int64_t nodePort = integer(port, "/nodePort"); nodePort != 0)
            w.write(0, "NodePort:\t" + name + "\t" + std::to_string(nodePort) + "/" + protocol + "\n");
        // A missing Endpoints object reads as an empty one.
        w.write(0, "Endpoints:\t" + (endpoints ? formatEndpoints(*endpoints, &portName) : std::string("<none>")) + "\n");
    }
    w.write(0, "Session Affinity:\t" + str(svc, "/spec/sessionAffinity") + "\n");
    if (std::string policy = str(svc, "/spec/externalTrafficPolicy"); !policy.empty())
        w.write(0, "External Traffic Policy:\t" + policy + "\n");
    if (has(svc, "/spec/internalTrafficPolicy"))
        w.write(0, "Internal Traffic Policy:\t" + str(svc, "/spec/internalTrafficPolicy") + "\n");
    if (std::int64_t port = integer(svc, "/spec/healthCheckNodePort"); port != 0)
        w.write(0, "HealthCheck NodePort:\t" + std::to_string(port) + "\n");
    std::vector<std::string> ranges;
    for (const Json& r : array(svc, "/spec/loadBalancerSourceRanges"))
        ranges.push_back(scalarText(r));
    if (!ranges.empty())
        w.write(0, "LoadBalancer Source Ranges:\t" + join(ranges, ",") + "\n");
    if (has(svc, "/spec/trafficDistribution"))
        w.write(0, "Traffic Distribution:\t" + str(svc, "/spec/trafficDistribution") + "\n");
    describeEventsOf(engine, svc, w);
}

void describeEndpoints(const core::Engine& engine, const Json& ep, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(ep) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(ep) + "\n");
    printLabelsMultiline(w, "Labels", object(ep, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(ep, "/metadata/annotations"));
    w.write(0, "Subsets:\n");
    for (const Json& subset : array(ep, "/subsets")) {
        for (const auto& [field, title] : {std::pair{"/addresses", "Addresses"},
                                           std::pair{"/notReadyAddresses", "NotReadyAddresses"}}) {
            std::vector<std::string> list;
            for (const Json& a : array(subset, field))
                list.push_back(str(a, "/ip"));
            w.write(1, std::string(title) + ":\t" + orNone(join(list, ",")) + "\n");
        }
        if (const Json& ports = array(subset, "/ports"); !ports.empty()) {
            w.write(1, "Ports:\n");
            w.write(2, "Name\tPort\tProtocol\n");
            w.write(2, "----\t----\t--------\n");
            for (const Json& p : ports) {
                std::string name = str(p, "/name");
                w.write(2, (name.empty() ? "<unset>" : name) + "\t" + std::to_string(integer(p, "/port")) + "\t" +
                               str(p, "/protocol", "TCP") + "\n");
            }
        }
        w.write(0, "\n");
    }
    describeEventsOf(engine, ep, w);
}

void describeConfigMap(const core::Engine& engine, const Json& cm, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(cm) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(cm) + "\n");
    printLabelsMultiline(w, "Labels", object(cm, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(cm, "/metadata/annotations"));
    w.write(0, "\nData\n====\n");
    const Json& data = object(cm, "/data");
    for (const std::string& key : sortedKeyList(data)) {
        w.write(0, key + ":\n----\n");
        w.write(0, scalarText(data.at(key)) + "\n");
        w.write(0, "\n");
    }
    w.write(0, "\nBinaryData\n====\n");
    const Json& binary = object(cm, "/binaryData");
    for (const std::string& key : sortedKeyList(binary)) {
        // Stored base64-encoded: the decoded size.
        const std::string encoded = scalarText(binary.at(key));
        std::size_t padding = encoded.ends_with("==") ? 2 : encoded.ends_with('=') ? 1 : 0;
        w.write(0, key + ": " + std::to_string(static_cast<std::int64_t>(encoded.size() / 4 * 3 - padding)) + " bytes\n");
    }
    w.write(0, "\n");
    describeEventsOf(engine, cm, w);
}

void describeSecret(const core::Engine&, const Json& secret, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(secret) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(secret) + "\n");
    printLabelsMultiline(w, "Labels", object(secret, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(secret, "/metadata/annotations"));
    const std::string type = str(secret, "/type");
    w.write(0, "\nType:\t" + type + "\n");
    w.write(0, "\nData\n====\n");
    const Json& data = object(secret, "/data");
    for (const std::string& key : sortedKeyList(data)) {
        const std::string encoded = scalarText(data.at(key));
        std::size_t padding = encoded.ends_with("==") ? 2 : encoded.ends_with('=') ? 1 : 0;
        const std::size_t size = encoded.empty() ? 0 : encoded.size() / 4 * 3 - padding;
        w.write(0, key + ":\t" + std::to_string(static_cast<std::int64_t>(size)) + " bytes\n");
    }
}

void describeServiceAccount(const core::Engine& engine, const Json& sa, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(sa) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(sa) + "\n");
    printLabelsMultiline(w, "Labels", object(sa, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(sa, "/metadata/annotations"));
    // Token secrets of this account, and the referenced secrets that do not exist.
    std::vector<std::string> tokens;
    std::set<std::string> existing;
    for (const core::ObjectPtr& s : engine.list("Secret", core::namespaceOf(sa))) {
        const Json& annotations = object(*s, "/metadata/annotations");
        if (str(*s, "/type") == "kubernetes.io/service-account-token" &&
            annotations.value("kubernetes.io/service-account.name", Json("")) == Json(core::nameOf(sa)) &&
            annotations.value("kubernetes.io/service-account.uid", Json("")) == Json(core::uidOf(sa)))
            tokens.push_back(core::nameOf(*s));
        existing.insert(core::nameOf(*s));
    }
    std::vector<std::string> pull;
    for (const Json& s : array(sa, "/imagePullSecrets"))
        pull.push_back(str(s, "/name"));
    std::vector<std::string> mountable;
    for (const Json& s : array(sa, "/secrets"))
        mountable.push_back(str(s, "/name"));
    std::set<std::string> missing;
    for (const auto* list : {&mountable, &pull})
        for (const std::string& n : *list)
            if (!existing.contains(n))
                missing.insert(n);
    // Headers in sorted order, as kubectl's map keys.
    const std::vector<std::pair<std::string, std::vector<std::string>>> blocks = {
        {"Image pull secrets:", pull}, {"Mountable secrets: ", mountable}, {"Tokens:            ", tokens}};
    for (const auto& [header, names] : blocks) {
        if (names.empty()) {
            w.write(0, header + "\t<none>\n");
            continue;
        }
        std::string prefix = header;
        for (const std::string& n : names) {
            w.write(0, prefix + "\t" + n + (missing.contains(n) ? " (not found)" : "") + "\n");
            prefix = "                   ";
        }
    }
    describeEventsOf(engine, sa, w);
}

void describeRoleBinding(const core::Engine&, const Json& binding, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(binding) + "\n");
    printLabelsMultiline(w, "Labels", object(binding, "/metadata/labels"));
    printAnnotationsMultiline(w, "Annotations", object(binding, "/metadata/annotations"));
    w.write(0, "Role:\n");
    w.write(1, "Kind:\t" + str(binding, "/roleRef/kind") + "\n");
    w.write(1, "Name:\t" + str(binding, "/roleRef/name") + "\n");
    w.write(0, "Subjects:\n");
    w.write(1, "Kind\tName\tNamespace\n");
    w.write(1, "----\t----\t---------\n");
    for (const Json& s : array(binding, "/subjects"))
        w.write(1, str(s, "/kind") + "\t" + str(s, "/name") + "\t" + str(s, "/namespace") + "\n");
}

void describePriorityClass(const core::Engine& engine, const Json& pc, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(pc) + "\n");
    w.write(0, "Value:\t" + std::to_string(integer(pc, "/value")) + "\n");
    w.write(0, std::string("GlobalDefault:\t") + (boolean(pc, "/globalDefault") ? "true" : "false") + "\n");
    w.write(0, "PreemptionPolicy:\t" + str(pc, "/preemptionPolicy", "PreemptLowerPriority") + "\n");
    w.write(0, "Description:\t" + str(pc, "/description") + "\n");
    w.write(0, "Annotations:\t" + formatLabels(object(pc, "/metadata/annotations")) + "\n");
    describeEventsOf(engine, pc, w);
}

void describeLimitRange(const core::Engine&, const Json& limitRange, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(limitRange) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(limitRange) + "\n");
    w.write(0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
    w.write(0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
    describeLimitRangeSpec(limitRange, "", w);
}

void describeResourceQuota(const core::Engine&, const Json& quota, DescribeWriter& w)
{
    w.write(0, "Name:\t" + core::nameOf(quota) + "\n");
    w.write(0, "Namespace:\t" + core::namespaceOf(quota) + "\n");
    if (auto scopes = quotaScopes(quota); !scopes.empty()) {
        w.write(0, "Scopes:\t" + join(scopes, ", ") + "\n");
        for (const std::string& scope : scopes)
            if (std::string help = scopeHelp(scope); !help.empty())
                w.write(0, " * " + help + "\n");
    }
    w.write(0, "Resource\tUsed\tHard\n");
    w.write(0, "--------\t----\t----\n");
    const Json& hard = object(quota, "/status/hard");
    const Json& used = object(quota, "/status/used");
    for (const std::string& resource : sortedKeyList(hard)) {
        auto hardQuantity = quantityOf(hard.at(resource));
        auto u = used.find(resource);
        std::optional<core::Quantity> usedQuantity = u != used.end() ? quantityOf(*u) : core::Quantity();
        std::string usedText = usedQuantity ? usedQuantity->toString() : std::string("0");
        // Used is shown in the format of Hard.
        if (hardQuantity && usedQuantity && hardQuantity->format() != usedQuantity->format())
            usedText = core::Quantity::fromValue(usedQuantity->value(), hardQuantity->format()).toString();
        w.write(0, resource + "\t" + usedText + "\t" + (hardQuantity ? hardQuantity->toString() : std::string("0")) +
                       "\n");
    }
}

} // namespace kubelab::cli::detail

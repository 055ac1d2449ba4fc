// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/serviceports.h"

#include <algorithm>

#include "core/sim/engine.h"

namespace kubelab::core::net {

std::optional<Labels> serviceSelector(const Json& service)
{
    if (!service.contains("spec") || !service["spec"].contains("selector") || !service["spec"]["selector"].is_object() ||
        service["spec"]["selector"].empty())
        return std::nullopt;
    Labels l;
    for (auto it = service["spec"]["selector"].begin(); it != service["spec"]["selector"].end(); ++it)
        if (it.value().is_string())
            l.emplace(it.key(), it.value().get<std::string>());
    return l;
}

std::optional<int> findPodPort(const Json& pod, const Json& servicePort)
{
    Json target = servicePort.contains("targetPort") ? servicePort["targetPort"] : servicePort.value("port", Json(0));
    if (target.is_number_integer())
        return target.get<int>();
    if (!target.is_string())
        return std::nullopt;
    std::string name = target.get<std::string>();
    std::string proto = servicePort.value("protocol", "TCP");
    if (pod.contains("spec"))
        for (const Json& c : pod["spec"].value("containers", Json::array()))
            for (const Json& p : c.value("ports", Json::array()))
                if (p.value("name", "") == name && p.value("protocol", "TCP") == proto)
                    return p.value("containerPort", 0);
    if (!name.empty() && std::all_of(name.begin(), name.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        return std::stoi(name);
    return std::nullopt;
}

bool hasClusterIp(const Json& service)
{
    std::string ip = stringAt(service, Json::json_pointer("/spec/clusterIP"));
    return !ip.empty() && ip != "None";
}

std::string ServicePort::nameString() const
{
    return ns + "/" + service + (portName.empty() ? "" : ":" + portName);
}

std::vector<Endpoint> ServicePort::usableEndpoints() const
{
    // CategorizeEndpoints: ready endpoints; when none is ready, the serving terminating
    // ones (ProxyTerminatingEndpoints, GA in v1.28).
    std::vector<Endpoint> ready;
    std::vector<Endpoint> servingTerminating;
    for (const Endpoint& e : endpoints) {
        if (e.ready)
            ready.push_back(e);
        else if (e.serving && e.terminating)
            servingTerminating.push_back(e);
    }
    return ready.empty() ? servingTerminating : ready;
}

std::vector<Endpoint> ServicePort::usableLocalEndpoints(const std::string& nodeName) const
{
    // CategorizeEndpoints for the Local policy: the fallback to serving terminating
    // endpoints is decided among the node's own endpoints.
    std::vector<Endpoint> ready;
    std::vector<Endpoint> servingTerminating;
    for (const Endpoint& e : endpoints) {
        if (e.nodeName != nodeName)
            continue;
        if (e.ready)
            ready.push_back(e);
        else if (e.serving && e.terminating)
            servingTerminating.push_back(e);
    }
    return ready.empty() ? servingTerminating : ready;
}

namespace {

void addFromSlices(const Engine& engine, const Json& service, const Json& specPort, ServicePort& sp)
{
    const std::string ns = namespaceOf(service);
    const std::string name = nameOf(service);
    bool sawSlice = false;
    for (const ObjectPtr& slice : engine.list("EndpointSlice", ns)) {
        if (labelsOf(*slice).count("kubernetes.io/service-name") == 0 ||
            labelsOf(*slice).at("kubernetes.io/service-name") != name)
            continue;
        sawSlice = true;
        std::optional<int> port;
        for (const Json& p : slice->value("ports", Json::array())) {
            if (!p.is_object())
                continue;
            std::string pname = p.contains("name") && p["name"].is_string() ? p["name"].get<std::string>() : "";
            if (pname == sp.portName && p.value("protocol", "TCP") == sp.protocol && p.contains("port"))
                port = p["port"].get<int>();
        }
        if (!port)
            continue;
        for (const Json& e : slice->value("endpoints", Json::array())) {
            const Json addresses = e.value("addresses", Json::array());
            if (addresses.empty())
                continue;
            Endpoint ep;
            ep.ip = addresses[0].get<std::string>();
            ep.port = *port;
            ep.nodeName = e.value("nodeName", "");
            ep.zone = e.value("zone", "");
            ep.hostname = e.value("hostname", "");
            if (e.contains("targetRef"))
                ep.podName = e["targetRef"].value("name", "");
            const Json conditions = e.value("conditions", Json::object());
            // A nil ready condition means ready (discovery/v1); serving defaults to ready.
            ep.ready = conditions.value("ready", true);
            ep.serving = conditions.value("serving", ep.ready);
            ep.terminating = conditions.value("terminating", false);
            if (std::none_of(sp.endpoints.begin(), sp.endpoints.end(),
                             [&](const Endpoint& x) { return x.toString() == ep.toString(); }))
                sp.endpoints.push_back(ep);
        }
    }
    if (sawSlice)
        return;
    // No slice: read the Endpoints object (the API server's `kubernetes` Service).
    ObjectPtr endpoints = engine.get(ObjectKey{"Endpoints", ns, name});
    if (!endpoints)
        return;
    (void)specPort;
    for (const Json& subset : endpoints->value("subsets", Json::array())) {
        std::optional<int> port;
        for (const Json& p : subset.value("ports", Json::array()))
            if (p.value("name", "") == sp.portName && p.value("protocol", "TCP") == sp.protocol)
                port = p.value("port", 0);
        if (!port)
            continue;
        for (const char* field : {"addresses", "notReadyAddresses"}) {
            for (const Json& a : subset.value(field, Json::array())) {
                Endpoint ep;
                ep.ip = a.value("ip", "");
                ep.port = *port;
                ep.nodeName = a.value("nodeName", "");
                ep.hostname = a.value("hostname", "");
                if (a.contains("targetRef"))
                    ep.podName = a["targetRef"].value("name", "");
                ep.ready = std::string_view(field) == "addresses";
                ep.serving = ep.ready;
                sp.endpoints.push_back(ep);
            }
        }
    }
}

} // namespace

std::vector<ServicePort> servicePortsOf(const Engine& engine, const Json& service)
{
    std::vector<ServicePort> out;
    const Json spec = service.value("spec", Json::object());
    for (const Json& p : spec.value("ports", Json::array())) {
        ServicePort sp;
        sp.ns = namespaceOf(service);
        sp.service = nameOf(service);
        sp.portName = p.value("name", "");
        sp.protocol = p.value("protocol", "TCP");
        sp.type = spec.value("type", "ClusterIP");
        sp.clusterIp = spec.value("clusterIP", "");
        sp.port = p.value("port", 0);
        sp.nodePort = p.value("nodePort", 0);
        sp.clientIpAffinity = spec.value("sessionAffinity", "None") == "ClientIP";
        if (spec.contains("sessionAffinityConfig"))
            sp.stickySeconds =
                spec["sessionAffinityConfig"].value("clientIP", Json::object()).value("timeoutSeconds", 10800);
        sp.externalPolicyLocal = spec.value("externalTrafficPolicy", "Cluster") == "Local";
        sp.internalPolicyLocal = spec.value("internalTrafficPolicy", "Cluster") == "Local";
        for (const Json& ip : spec.value("externalIPs", Json::array()))
            sp.externalIps.push_back(ip.get<std::string>());
        if (sp.type == "LoadBalancer")
            for (const Json& ingress : member(member(member(service, "status"), "loadBalancer"), "ingress"))
                if (std::string ip = ingress.value("ip", ""); !ip.empty())
                    sp.loadBalancerIps.push_back(std::move(ip));
        addFromSlices(engine, service, p, sp);
        std::sort(sp.endpoints.begin(), sp.endpoints.end(),
                  [](const Endpoint& a, const Endpoint& b) { return a.toString() < b.toString(); });
        out.push_back(std::move(sp));
    }
    return out;
}

std::vector<ServicePort> collectServicePorts(const Engine& engine)
{
    std::vector<ServicePort> out;
    for (const ObjectPtr& s : engine.list("Service"))
        for (ServicePort& sp : servicePortsOf(engine, *s))
            out.push_back(std::move(sp));
    return out;
}

} // namespace kubelab::core::net

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/clusterdns.h"

#include <algorithm>
#include <cmath>

#include "core/api/names.h"
#include "core/network/ipv4.h"
#include "core/network/serviceports.h"
#include "core/sim/engine.h"

namespace kubelab::core::net {

namespace {

std::vector<std::string> splitLabels(const std::string& name)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= name.size()) {
        auto dot = name.find('.', start);
        if (dot == std::string::npos) {
            out.push_back(name.substr(start));
            break;
        }
        out.push_back(name.substr(start, dot - start));
        start = dot + 1;
    }
    return out;
}

std::string dashed(const std::string& ip)
{
    std::string out = ip;
    std::replace(out.begin(), out.end(), '.', '-');
    return out;
}

/// An endpoint's DNS label: its hostname, else its dashed address (CoreDNS endpointHostname).
std::string endpointLabel(const Endpoint& e)
{
    return e.hostname.empty() ? dashed(e.ip) : e.hostname;
}

/// The ready endpoints of a Service, one per address, for DNS.
std::vector<Endpoint> dnsEndpoints(const Engine& engine, const Json& service)
{
    std::vector<Endpoint> out;
    for (const ServicePort& sp : servicePortsOf(engine, service))
        for (const Endpoint& e : sp.endpoints)
            if (e.ready && std::none_of(out.begin(), out.end(), [&](const Endpoint& x) { return x.ip == e.ip; }))
                out.push_back(e);
    if (!service.value("spec", Json::object()).contains("ports") || out.empty()) {
        // A headless Service without ports still has endpoints in its slices.
        for (const ObjectPtr& slice : engine.list("EndpointSlice", namespaceOf(service))) {
            Labels l = labelsOf(*slice);
            if (!l.count("kubernetes.io/service-name") || l.at("kubernetes.io/service-name") != nameOf(service))
                continue;
            for (const Json& e : slice->value("endpoints", Json::array())) {
                const Json addresses = e.value("addresses", Json::array());
                if (addresses.empty() || !e.value("conditions", Json::object()).value("ready", true))
                    continue;
                Endpoint ep;
                ep.ip = addresses[0].get<std::string>();
                ep.hostname = e.value("hostname", "");
                if (std::none_of(out.begin(), out.end(), [&](const Endpoint& x) { return x.ip == ep.ip; }))
                    out.push_back(ep);
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const Endpoint& a, const Endpoint& b) {
        return parseIpv4(a.ip).value_or(0) < parseIpv4(b.ip).value_or(0);
    });
    return out;
}

} // namespace

ClusterDns::ClusterDns(const Engine& engine)
    : m_engine(engine)
    , m_domain(engine.settings().clusterDomain)
{
}

std::vector<DnsRecord> ClusterDns::serviceRecords(const Json& service, const std::string& fqdn, DnsType type,
                                                  const std::string& endpoint, const std::string& portLabel,
                                                  const std::string& protoLabel) const
{
    std::vector<DnsRecord> out;
    const Json spec = service.value("spec", Json::object());
    const std::string serviceName = nameOf(service) + "." + namespaceOf(service) + ".svc." + m_domain;
    if (spec.value("type", "ClusterIP") == "ExternalName") {
        if (endpoint.empty() && portLabel.empty())
            out.push_back(DnsRecord{fqdn, "CNAME", spec.value("externalName", ""), 0, 0, 0});
        return out;
    }
    const bool headless = !hasClusterIp(service);
    std::vector<Endpoint> endpoints = dnsEndpoints(m_engine, service);
    if (!endpoint.empty()) {
        for (const Endpoint& e : endpoints)
            if (endpointLabel(e) == endpoint && type == DnsType::A)
                out.push_back(DnsRecord{fqdn, "A", e.ip, 0, 0, 0});
        return out;
    }
    if (type == DnsType::A) {
        if (!headless)
            out.push_back(DnsRecord{fqdn, "A", spec.value("clusterIP", ""), 0, 0, 0});
        else
            for (const Endpoint& e : endpoints)
                out.push_back(DnsRecord{fqdn, "A", e.ip, 0, 0, 0});
        return out;
    }
    if (type != DnsType::SRV)
        return out;
    // SRV: every named port matching _port._proto (either may be absent for all).
    for (const Json& p : spec.value("ports", Json::array())) {
        std::string name = p.value("name", "");
        std::string proto = asciiLower(p.value("protocol", "TCP"));
        if (!portLabel.empty() && (name.empty() || asciiLower(name) != portLabel))
            continue;
        if (!protoLabel.empty() && proto != protoLabel)
            continue;
        if (portLabel.empty() && name.empty())
            continue;
        if (!headless) {
            out.push_back(DnsRecord{fqdn, "SRV", serviceName, 0, 0, p.value("port", 0)});
            continue;
        }
        for (const ServicePort& sp : servicePortsOf(m_engine, service))
            if (sp.portName == name && asciiLower(sp.protocol) == proto)
                for (const Endpoint& e : sp.endpoints)
                    if (e.ready)
                        out.push_back(DnsRecord{fqdn, "SRV", endpointLabel(e) + "." + serviceName, 0, 0, e.port});
    }
    // Weight: floor(100 / answers of the same priority) (plugin/backend_lookup.go).
    for (DnsRecord& r : out)
        r.weight = static_cast<int>(std::floor(100.0 / static_cast<double>(out.size())));
    return out;
}

DnsResponse ClusterDns::query(std::string name, DnsType type) const
{
    DnsResponse response;
    name = asciiLower(name);
    if (!name.empty() && name.back() == '.')
        name.pop_back();
    const std::string zone = "." + m_domain;
    if (type == DnsType::PTR) {
        // d.c.b.a.in-addr.arpa
        const std::string suffix = ".in-addr.arpa";
        if (!name.ends_with(suffix))
            return response;
        auto parts = splitLabels(name.substr(0, name.size() - suffix.size()));
        if (parts.size() != 4)
            return response;
        std::string ip = parts[3] + "." + parts[2] + "." + parts[1] + "." + parts[0];
        if (auto target = reverse(ip)) {
            response.nxdomain = false;
            response.answers.push_back(DnsRecord{name, "PTR", *target, 0, 0, 0});
        }
        return response;
    }
    if (!name.ends_with(zone))
        return response;
    auto labels = splitLabels(name.substr(0, name.size() - zone.size()));
    if (labels.size() >= 3 && labels.back() == "pod" && labels.size() == 3) {
        // <a-b-c-d>.<ns>.pod (pods insecure: any well-formed address answers).
        std::string ip = labels[0];
        std::replace(ip.begin(), ip.end(), '-', '.');
        if (type == DnsType::A && parseIpv4(ip)) {
            response.nxdomain = false;
            response.answers.push_back(DnsRecord{name, "A", ip, 0, 0, 0});
        }
        return response;
    }
    if (labels.size() < 3 || labels.back() != "svc")
        return response;
    // [endpoint|_port._proto].<svc>.<ns>.svc
    const std::string ns = labels[labels.size() - 2];
    const std::string svc = labels[labels.size() - 3];
    std::string endpoint, portLabel, protoLabel;
    if (labels.size() == 4) {
        endpoint = labels[0];
    } else if (labels.size() == 5 && labels[0].starts_with("_") && labels[1].starts_with("_")) {
        portLabel = labels[0].substr(1);
        protoLabel = labels[1].substr(1);
    } else if (labels.size() != 3) {
        return response;
    }
    if (!endpoint.empty() && endpoint.starts_with("_"))
        return response;
    ObjectPtr service = m_engine.get(ObjectKey{"Service", ns, svc});
    if (!service)
        return response;
    response.nxdomain = false; // the name exists; an empty answer is NODATA
    response.answers = serviceRecords(*service, name, type, endpoint, portLabel, protoLabel);
    if (response.answers.empty() && (!endpoint.empty() || !portLabel.empty()))
        response.nxdomain = true;
    return response;
}

std::optional<std::string> ClusterDns::reverse(const std::string& ip) const
{
    for (const ObjectPtr& s : m_engine.list("Service")) {
        if (hasClusterIp(*s) && stringAt(*s, Json::json_pointer("/spec/clusterIP")) == ip)
            return nameOf(*s) + "." + namespaceOf(*s) + ".svc." + m_domain;
    }
    for (const ObjectPtr& s : m_engine.list("Service"))
        for (const Endpoint& e : dnsEndpoints(m_engine, *s))
            if (e.ip == ip)
                return endpointLabel(e) + "." + nameOf(*s) + "." + namespaceOf(*s) + ".svc." + m_domain;
    return std::nullopt;
}

int ResolvConf::ndots() const
{
    for (const std::string& o : options)
        if (o.starts_with("ndots:"))
            return std::atoi(o.c_str() + 6);
    return 1;
}

std::string ResolvConf::text() const
{
    std::string out;
    if (!searches.empty()) {
        out += "search";
        for (const std::string& s : searches)
            out += " " + s;
        out += "\n";
    }
    for (const std::string& n : nameservers)
        out += "nameserver " + n + "\n";
    if (!options.empty()) {
        out += "options";
        for (const std::string& o : options)
            out += " " + o;
        out += "\n";
    }
    return out;
}

ResolvConf resolvConfFor(const Engine& engine, const Json& pod)
{
    const Json spec = pod.value("spec", Json::object());
    const std::string policy = spec.value("dnsPolicy", "ClusterFirst");
    const bool hostNetwork = spec.value("hostNetwork", false);
    const std::string domain = engine.settings().clusterDomain;
    ResolvConf conf;
    // The node's own file (kind-style nodes): what `Default` copies.
    ResolvConf node;
    node.nameservers = {"172.18.0.1"};
    node.options = {"ndots:0"};
    std::string dnsIp;
    if (ObjectPtr kubeDns = engine.get(ObjectKey{"Service", "kube-system", "kube-dns"}))
        dnsIp = stringAt(*kubeDns, Json::json_pointer("/spec/clusterIP"));
    const bool clusterFirst = (policy == "ClusterFirst" && !hostNetwork) || policy == "ClusterFirstWithHostNet";
    if (clusterFirst) {
        const std::string ns = namespaceOf(pod);
        conf.nameservers = {dnsIp};
        conf.searches = {ns + ".svc." + domain, "svc." + domain, domain};
        conf.options = {"ndots:5"};
    } else if (policy != "None") {
        conf = node;
    }
    const Json dnsConfig = spec.value("dnsConfig", Json::object());
    for (const Json& n : dnsConfig.value("nameservers", Json::array()))
        conf.nameservers.push_back(n.get<std::string>());
    for (const Json& s : dnsConfig.value("searches", Json::array()))
        conf.searches.push_back(s.get<std::string>());
    for (const Json& o : dnsConfig.value("options", Json::array())) {
        std::string name = o.value("name", "");
        std::string text = o.contains("value") ? name + ":" + o["value"].get<std::string>() : name;
        auto same = std::find_if(conf.options.begin(), conf.options.end(), [&](const std::string& x) {
            return x == name || x.starts_with(name + ":");
        });
        if (same != conf.options.end())
            *same = text;
        else
            conf.options.push_back(text);
    }
    return conf;
}

Resolution resolveHost(const ClusterDns& dns, const ResolvConf& conf, const std::string& name)
{
    Resolution r;
    if (parseIpv4(name)) {
        r.found = true;
        r.fqdn = name;
        r.addresses = {name};
        return r;
    }
    std::vector<std::string> candidates;
    const bool absolute = !name.empty() && name.back() == '.';
    const auto dots = static_cast<int>(std::count(name.begin(), name.end(), '.'));
    if (absolute) {
        candidates.push_back(name.substr(0, name.size() - 1));
    } else {
        if (dots >= conf.ndots())
            candidates.push_back(name);
        for (const std::string& s : conf.searches)
            candidates.push_back(name + "." + s);
        if (dots < conf.ndots())
            candidates.push_back(name);
    }
    for (const std::string& candidate : candidates) {
        r.tried.push_back(candidate);
        std::string current = candidate;
        for (int hops = 0; hops < 8; ++hops) {
            DnsResponse answer = dns.query(current, DnsType::A);
            if (answer.nxdomain || answer.answers.empty())
                break;
            if (answer.answers.front().type == "CNAME") {
                current = answer.answers.front().value;
                continue;
            }
            r.found = true;
            r.fqdn = candidate;
            for (const DnsRecord& rec : answer.answers)
                r.addresses.push_back(rec.value);
            return r;
        }
    }
    return r;
}

} // namespace kubelab::core::net

// SPDX-License-Identifier: GPL-3.0-or-later
// Rows of the networking kinds: services, endpoints, endpoint slices, ingresses and
// network policies.

#include <set>

#include "core/cli/printers_support.h"
#include "core/sim/engine.h"

namespace kubelab::cli::detail {

namespace {

/// `net.JoinHostPort`: IPv6 addresses in brackets.
std::string joinHostPort(const std::string& host, std::int64_t port)
{
    if (host.find(':') != std::string::npos)
        return "[" + host + "]:" + std::to_string(port);
    return host + ":" + std::to_string(port);
}

/// The load balancer's ingress points, sorted and unique (upstream's
/// loadBalancerStatusStringer; the API server prints them wide, so never clipped).
std::string loadBalancerStatus(const Json& status)
{
    std::set<std::string> result;
    for (const Json& ingress : array(status, "/ingress")) {
        if (std::string ip = str(ingress, "/ip"); !ip.empty())
            result.insert(ip);
        else if (std::string hostname = str(ingress, "/hostname"); !hostname.empty())
            result.insert(hostname);
    }
    return join(std::vector<std::string>(result.begin(), result.end()), ",");
}

std::vector<std::string> stringList(const Json& values)
{
    std::vector<std::string> out;
    if (values.is_array())
        for (const Json& v : values)
            if (v.is_string())
                out.push_back(v.get<std::string>());
    return out;
}

std::string serviceExternalIp(const Json& svc, const std::string& type)
{
    const std::vector<std::string> externalIps = stringList(array(svc, "/spec/externalIPs"));
    if (type == "ClusterIP" || type == "NodePort")
        return externalIps.empty() ? "<none>" : join(externalIps, ",");
    if (type == "LoadBalancer") {
        std::string lbIps = loadBalancerStatus(object(svc, "/status/loadBalancer"));
        if (!externalIps.empty()) {
            std::vector<std::string> results;
            if (!lbIps.empty())
                results.push_back(lbIps);
            results.insert(results.end(), externalIps.begin(), externalIps.end());
            return join(results, ",");
        }
        return lbIps.empty() ? "<pending>" : lbIps;
    }
    if (type == "ExternalName")
        return str(svc, "/spec/externalName");
    return "<unknown>";
}

std::string listWithMore(const std::vector<std::string>& list, bool more, std::size_t count, std::size_t max)
{
    std::string out = join(list, ",");
    if (more)
        return out + " + " + std::to_string(count - max) + " more...";
    return out.empty() ? "<unset>" : out;
}

} // namespace

Row serviceRow(const core::Engine& engine, const Json& svc)
{
    const std::string type = str(svc, "/spec/type", "ClusterIP");
    std::string clusterIp = "<none>";
    if (const Json& ips = array(svc, "/spec/clusterIPs"); !ips.empty() && ips[0].is_string())
        clusterIp = ips[0].get<std::string>();
    else if (std::string ip = str(svc, "/spec/clusterIP"); !ip.empty())
        clusterIp = ip;

    std::vector<std::string> ports;
    for (const Json& p : array(svc, "/spec/ports")) {
        const std::string protocol = str(p, "/protocol", "TCP");
        const std::int64_t nodePort = integer(p, "/nodePort");
        std::string piece = std::to_string(integer(p, "/port"));
        if (nodePort > 0)
            piece += ":" + std::to_string(nodePort);
        ports.push_back(piece + "/" + protocol);
    }
    std::string portsText = join(ports, ",");
    if (portsText.empty())
        portsText = "<none>";
    return {core::nameOf(svc), type, clusterIp, serviceExternalIp(svc, type), portsText, age(engine, svc),
            formatLabels(object(svc, "/spec/selector"))};
}

std::string formatEndpoints(const Json& endpoints, const std::string* portName)
{
    const Json& subsets = array(endpoints, "/subsets");
    if (subsets.empty())
        return "<none>";
    constexpr std::size_t kMax = 3;
    std::vector<std::string> list;
    bool more = false;
    std::size_t count = 0;
    for (const Json& ss : subsets) {
        const Json& addresses = array(ss, "/addresses");
        const Json& ports = array(ss, "/ports");
        if (ports.empty()) {
            // Headless services may have no ports.
            count += addresses.size();
            for (const Json& a : addresses) {
                if (list.size() == kMax) {
                    more = true;
                    break;
                }
                list.push_back(str(a, "/ip"));
            }
            continue;
        }
        for (const Json& port : ports) {
            if (portName && str(port, "/name") != *portName)
                continue;
            count += addresses.size();
            for (const Json& a : addresses) {
                if (list.size() == kMax) {
                    more = true;
                    break;
                }
                list.push_back(joinHostPort(str(a, "/ip"), integer(port, "/port")));
            }
        }
    }
    std::string out = join(list, ",");
    if (more)
        out += " + " + std::to_string(count - kMax) + " more...";
    return out;
}

Row endpointsRow(const core::Engine& engine, const Json& endpoints)
{
    return {core::nameOf(endpoints), formatEndpoints(endpoints, nullptr), age(engine, endpoints)};
}

Row endpointSliceRow(const core::Engine& engine, const Json& slice)
{
    constexpr std::size_t kMax = 3;
    std::vector<std::string> ports;
    bool morePorts = false;
    std::size_t portCount = 0;
    for (const Json& port : array(slice, "/ports")) {
        if (ports.size() < kMax) {
            std::string number = "*";
            if (has(port, "/port"))
                number = std::to_string(integer(port, "/port"));
            else if (has(port, "/name"))
                number = str(port, "/name");
            ports.push_back(number);
        } else if (ports.size() == kMax) {
            morePorts = true;
        }
        ++portCount;
    }
    std::vector<std::string> addresses;
    bool moreAddresses = false;
    std::size_t addressCount = 0;
    for (const Json& endpoint : array(slice, "/endpoints")) {
        for (const Json& address : array(endpoint, "/addresses")) {
            if (addresses.size() < kMax)
                addresses.push_back(address.is_string() ? address.get<std::string>() : std::string());
            else if (addresses.size() == kMax)
                moreAddresses = true;
            ++addressCount;
        }
    }
    return {core::nameOf(slice), str(slice, "/addressType"), listWithMore(ports, morePorts, portCount, kMax),
            listWithMore(addresses, moreAddresses, addressCount, kMax), age(engine, slice)};
}

Row ingressRow(const core::Engine& engine, const Json& ingress)
{
    std::string className = str(ingress, "/spec/ingressClassName", "<none>");
    // Upstream's formatHosts: at most three hosts, rules without a host skipped.
    const Json& rules = array(ingress, "/spec/rules");
    constexpr std::size_t kMax = 3;
    std::vector<std::string> hosts;
    bool more = false;
    for (const Json& rule : rules) {
        if (hosts.size() == kMax)
            more = true;
        if (std::string host = str(rule, "/host"); !more && !host.empty())
            hosts.push_back(host);
    }
    std::string hostsText;
    if (hosts.empty())
        hostsText = "*";
    else if (more)
        hostsText = join(hosts, ",") + " + " + std::to_string(rules.size() - kMax) + " more...";
    else
        hostsText = join(hosts, ",");
    std::string ports = array(ingress, "/spec/tls").empty() ? "80" : "80, 443";
    return {core::nameOf(ingress), className, hostsText, loadBalancerStatus(object(ingress, "/status/loadBalancer")),
            ports, age(engine, ingress)};
}

Row ingressClassRow(const core::Engine& engine, const Json& ingressClass)
{
    std::string parameters = "<none>";
    if (has(ingressClass, "/spec/parameters")) {
        parameters = str(ingressClass, "/spec/parameters/kind");
        if (has(ingressClass, "/spec/parameters/apiGroup"))
            parameters += "." + str(ingressClass, "/spec/parameters/apiGroup");
        parameters += "/" + str(ingressClass, "/spec/parameters/name");
    }
    return {core::nameOf(ingressClass), str(ingressClass, "/spec/controller"), parameters, age(engine, ingressClass)};
}

Row networkPolicyRow(const core::Engine& engine, const Json& policy)
{
    return {core::nameOf(policy), formatLabelSelector(&object(policy, "/spec/podSelector")), age(engine, policy)};
}

} // namespace kubelab::cli::detail

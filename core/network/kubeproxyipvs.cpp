// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/kubeproxyipvs.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "core/network/ipv4.h"

namespace kubelab::core::net {

namespace {

int protocolNumber(const std::string& p)
{
    if (p == "TCP")
        return 6;
    if (p == "UDP")
        return 17;
    return 132; // SCTP
}

std::vector<Endpoint> sortedByAddress(std::vector<Endpoint> endpoints)
{
    std::sort(endpoints.begin(), endpoints.end(), [](const Endpoint& a, const Endpoint& b) {
        return std::tuple(parseIpv4(a.ip).value_or(0), a.port) < std::tuple(parseIpv4(b.ip).value_or(0), b.port);
    });
    return endpoints;
}

} // namespace

std::vector<VirtualServer> ipvsVirtualServers(const std::vector<ServicePort>& ports, const ProxyNode& node,
                                              const std::string& scheduler)
{
    std::vector<VirtualServer> out;
    for (const ServicePort& sp : ports) {
        if (sp.type == "ExternalName" || sp.clusterIp.empty() || sp.clusterIp == "None")
            continue;
        const std::vector<Endpoint> all = sortedByAddress(sp.usableEndpoints());
        const std::vector<Endpoint> local = sortedByAddress(sp.usableLocalEndpoints(node.name));
        auto add = [&](const std::string& address, int port, const std::vector<Endpoint>& reals) {
            VirtualServer vs;
            vs.protocol = sp.protocol;
            vs.address = address;
            vs.port = port;
            vs.scheduler = scheduler;
            vs.persistentSeconds = sp.clientIpAffinity ? sp.stickySeconds : 0;
            vs.realServers = reals;
            vs.service = &sp;
            out.push_back(std::move(vs));
        };
        add(sp.clusterIp, sp.port, sp.internalPolicyLocal ? local : all);
        const std::vector<Endpoint>& external = sp.externalPolicyLocal ? local : all;
        for (const std::string& ip : sp.externalIps)
            add(ip, sp.port, external);
        for (const std::string& ip : sp.loadBalancerIps)
            add(ip, sp.port, external);
        if (sp.nodePort != 0 && !node.ip.empty())
            add(node.ip, sp.nodePort, external);
    }
    std::sort(out.begin(), out.end(), [](const VirtualServer& a, const VirtualServer& b) {
        return std::tuple(protocolNumber(a.protocol), parseIpv4(a.address).value_or(0), a.port) <
               std::tuple(protocolNumber(b.protocol), parseIpv4(b.address).value_or(0), b.port);
    });
    return out;
}

std::string ipvsadmList(const std::vector<VirtualServer>& servers)
{
    // ipvsadm.c: list_all and print_service_entry with FMT_NUMERIC.
    std::string out = "IP Virtual Server version 1.2.1 (size=4096)\n"
                      "Prot LocalAddress:Port Scheduler Flags\n"
                      "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";
    char buf[256];
    for (const VirtualServer& vs : servers) {
        out += vs.protocol + "  " + vs.address + ":" + std::to_string(vs.port) + " " + vs.scheduler;
        if (vs.persistentSeconds > 0)
            out += " persistent " + std::to_string(vs.persistentSeconds);
        out += "\n";
        for (const Endpoint& e : vs.realServers) {
            std::snprintf(buf, sizeof buf, "  -> %-28s %-7s %-6d %-10u %-10u\n", e.toString().c_str(), "Masq", 1, 0u, 0u);
            out += buf;
        }
    }
    return out;
}

} // namespace kubelab::core::net

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/connection.h"

#include <algorithm>
#include <tuple>

#include "core/network/ipv4.h"
#include "core/network/kubeproxy.h"
#include "core/network/kubeproxyipvs.h"
#include "core/sim/engine.h"

namespace kubelab::core::net {

namespace {

ObjectPtr podWithIp(const Engine& engine, const std::string& ip)
{
    for (const ObjectPtr& p : engine.list("Pod"))
        if (stringAt(*p, Json::json_pointer("/status/podIP")) == ip &&
            !(*p)["spec"].value("hostNetwork", false) && !isBeingDeleted(*p))
            return p;
    return nullptr;
}

ObjectPtr nodeWithIp(const Engine& engine, const std::string& ip)
{
    for (const ObjectPtr& n : engine.list("Node"))
        for (const Json& a : member(member(*n, "status"), "addresses"))
            if (a.value("type", "") == "InternalIP" && a.value("address", "") == ip)
                return n;
    return nullptr;
}

std::string nodeIp(const Engine& engine, const std::string& name)
{
    if (ObjectPtr n = engine.get(ObjectKey{"Node", "", name}))
        for (const Json& a : member(member(*n, "status"), "addresses"))
            if (a.value("type", "") == "InternalIP")
                return a.value("address", "");
    return {};
}

/// Whether something in the pod listens on `port`: a declared container port, or any
/// port when the pod declares none (the lab cannot know).
bool listens(const Json& pod, int port, const std::string& protocol)
{
    bool declared = false;
    for (const Json& c : pod["spec"].value("containers", Json::array()))
        for (const Json& p : c.value("ports", Json::array())) {
            declared = true;
            if (p.value("containerPort", 0) == port && p.value("protocol", "TCP") == protocol)
                return true;
        }
    if (declared)
        return false;
    return true;
}

bool running(const Json& pod)
{
    return stringAt(pod, Json::json_pointer("/status/phase")) == "Running";
}

} // namespace

ConnectionTrace traceConnection(Engine& engine, const Json& client, const std::string& address, int port,
                                const std::string& protocol)
{
    ConnectionTrace t;
    t.address = address;
    t.port = port;
    t.protocol = protocol;
    const std::string clientNode = stringAt(client, Json::json_pointer("/spec/nodeName"));
    const std::string clientIp = stringAt(client, Json::json_pointer("/status/podIP"));
    const std::string mode = engine.settings().proxyMode;
    std::string dialled = address + ":" + std::to_string(port);

    // 1. kube-proxy on the client's node: is this a Service address?
    std::vector<ServicePort> ports = collectServicePorts(engine);
    const ServicePort* match = nullptr;
    bool viaNodePort = false;
    const char* what = "the cluster IP"; // of the Service that the address is
    ObjectPtr addressedNode = nodeWithIp(engine, address);
    for (const ServicePort& sp : ports) {
        if (sp.protocol != protocol || sp.clusterIp.empty() || sp.clusterIp == "None")
            continue;
        bool vip = sp.clusterIp == address && sp.port == port;
        bool external = sp.port == port && std::ranges::find(sp.externalIps, address) != sp.externalIps.end();
        bool balancer = sp.port == port && std::ranges::find(sp.loadBalancerIps, address) != sp.loadBalancerIps.end();
        bool node = addressedNode && sp.nodePort == port;
        if (vip || external || balancer || node) {
            match = &sp;
            viaNodePort = node && !vip;
            what = vip ? "the cluster IP" : external ? "an external IP" : balancer ? "the load balancer IP" : "the NodePort";
            break;
        }
    }
    std::string targetIp = address;
    int targetPort = port;
    if (match) {
        t.servicePort = match->nameString();
        const std::string proxyNode = viaNodePort ? nameOf(*addressedNode) : clientNode;
        t.proxyNode = proxyNode;
        const bool clusterIp = std::string_view(what) == "the cluster IP";
        // The node's own endpoints under a Local policy: for its cluster IP with
        // `internalTrafficPolicy: Local`, for a node port with `externalTrafficPolicy: Local`.
        const bool localOnly = clusterIp ? match->internalPolicyLocal : viaNodePort && match->externalPolicyLocal;
        std::vector<Endpoint> endpoints =
            localOnly ? match->usableLocalEndpoints(proxyNode) : match->usableEndpoints();
        const std::string lowerProto = protocol == "TCP" ? "tcp" : protocol == "UDP" ? "udp" : "sctp";
        if (mode == "ipvs") {
            std::sort(endpoints.begin(), endpoints.end(), [](const Endpoint& a, const Endpoint& b) {
                return std::tuple(parseIpv4(a.ip).value_or(0), a.port) < std::tuple(parseIpv4(b.ip).value_or(0), b.port);
            });
            t.rule = "IPVS " + protocol + "  " + dialled + " rr";
        } else {
            const char* chain = !clusterIp ? "KUBE-EXT-" : match->internalPolicyLocal ? "KUBE-SVL-" : "KUBE-SVC-";
            t.rule = servicePortChainName(chain, match->nameString(), lowerProto);
        }
        t.hops.push_back("kube-proxy@" + proxyNode + " (" + mode + "): " + dialled + " is " + what + " of " +
                         match->nameString() + ", rule " + t.rule);
        if (endpoints.empty() && localOnly && !match->usableEndpoints().empty()) {
            // Endpoints elsewhere but none here: the filter table's "has no local endpoints"
            // rule drops the packet; the client waits for an answer that never comes.
            t.outcome = ConnectOutcome::Dropped;
            t.droppedNoLocalEndpoints = true;
            t.hops.push_back("kube-proxy@" + proxyNode + ": " + match->nameString() + " has no local endpoints: DROP");
            return t;
        }
        if (endpoints.empty()) {
            t.outcome = ConnectOutcome::Refused;
            t.hops.push_back("kube-proxy@" + proxyNode + ": " + match->nameString() +
                             " has no endpoints: REJECT (icmp port-unreachable)");
            return t;
        }
        std::size_t chosen = 0;
        const std::string memory = "kube-proxy/" + proxyNode + "/" + mode + "/" + match->nameString() + "/" + protocol;
        std::optional<std::size_t> sticky;
        if (match->clientIpAffinity)
            if (auto remembered = engine.labSetting(memory + "/affinity/" + clientIp))
                for (std::size_t i = 0; i < endpoints.size(); ++i)
                    if (endpoints[i].toString() == *remembered)
                        sticky = i;
        if (sticky) {
            chosen = *sticky;
            t.hops.push_back("session affinity (ClientIP): " + clientIp + " sticks to " + endpoints[chosen].toString());
        } else if (mode == "ipvs") {
            std::size_t counter = 0;
            if (auto c = engine.labSetting(memory + "/rr"))
                counter = static_cast<std::size_t>(std::stoull(*c));
            chosen = counter % endpoints.size();
            engine.setLabSetting(memory + "/rr", std::to_string(counter + 1));
            t.hops.push_back("IPVS rr scheduler: real server " + std::to_string(chosen + 1) + " of " +
                             std::to_string(endpoints.size()));
        } else {
            chosen = pickRandomEndpoint(endpoints.size(), engine.random());
            t.hops.push_back("statistic --mode random: rule " + std::to_string(chosen + 1) + " of " +
                             std::to_string(endpoints.size()) + " matched (" +
                             servicePortEndpointChainName(match->nameString(), lowerProto, endpoints[chosen].toString()) +
                             ")");
        }
        if (match->clientIpAffinity)
            engine.setLabSetting(memory + "/affinity/" + clientIp, endpoints[chosen].toString());
        t.endpoint = endpoints[chosen];
        targetIp = endpoints[chosen].ip;
        targetPort = endpoints[chosen].port;
        t.hops.push_back("DNAT " + dialled + " -> " + endpoints[chosen].toString());
    }

    // 2. The pod network delivers to the pod that owns the address.
    ObjectPtr target = podWithIp(engine, targetIp);
    if (!target) {
        if (nodeWithIp(engine, targetIp) || targetIp == "172.18.0.1") {
            // The API server's address and the nodes answer; nothing else is simulated there.
            t.outcome = ConnectOutcome::Connected;
            t.hops.push_back(targetIp + ":" + std::to_string(targetPort) + " is a node address");
            return t;
        }
        t.outcome = match ? ConnectOutcome::Refused : ConnectOutcome::Unreachable;
        t.hops.push_back("no pod or node has the address " + targetIp);
        return t;
    }
    t.targetPod = target;
    const std::string targetNode = stringAt(*target, Json::json_pointer("/spec/nodeName"));
    t.hops.push_back("route " + (clientIp.empty() ? clientNode : clientIp) + " -> " + targetIp + " (pod " + namespaceOf(*target) +
                     "/" + nameOf(*target) + " on " + targetNode +
                     (targetNode == clientNode ? ", same node" : ", via " + nodeIp(engine, targetNode)) + ")");

    // 3. NetworkPolicy at both ends.
    NetworkPolicyEvaluator policies(engine);
    PeerInfo source{clientIp, &client};
    PeerInfo destination{targetIp, target.get()};
    t.verdict = policies.connection(source, destination, targetPort, protocol);
    auto describe = [](const char* direction, const PolicyVerdict& v) {
        if (!v.isolated)
            return std::string(direction) + ": not isolated, allowed";
        std::string names;
        for (const std::string& n : v.allowed ? v.allowing : v.selecting)
            names += (names.empty() ? "" : ", ") + n;
        return std::string(direction) + (v.allowed ? ": allowed by " : ": denied (isolated by ") + names + (v.allowed ? "" : ")");
    };
    t.hops.push_back("NetworkPolicy " + describe("egress", t.verdict.egress));
    t.hops.push_back("NetworkPolicy " + describe("ingress", t.verdict.ingress));
    if (!t.verdict.allowed()) {
        t.outcome = ConnectOutcome::Dropped;
        return t;
    }
    if (!running(*target) || !listens(*target, targetPort, protocol)) {
        t.outcome = ConnectOutcome::Refused;
        t.hops.push_back("nothing listens on " + targetIp + ":" + std::to_string(targetPort) + ": RST");
        return t;
    }
    t.outcome = ConnectOutcome::Connected;
    return t;
}

} // namespace kubelab::core::net

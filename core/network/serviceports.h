// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/api/object.h"

namespace kubelab::core {
class Engine;
}

namespace kubelab::core::net {


/// The Service's selector as labels; nullopt for a Service without a selector.
[[nodiscard]] std::optional<Labels> serviceSelector(const Json& service);

/// The pod's port for a Service port (podutil.FindPort): the number, or the named
/// container port with the same protocol; nullopt when the name is not found.
[[nodiscard]] std::optional<int> findPodPort(const Json& pod, const Json& servicePort);

/// Whether the Service has a virtual IP (`api.IsServiceIPSet`: not empty, not `None`).
[[nodiscard]] bool hasClusterIp(const Json& service);

/// One endpoint of a Service port, as kube-proxy's endpoint slice cache sees it.
struct Endpoint {
    std::string ip;
    int port = 0;
    std::string nodeName;
    std::string zone;
    std::string podName;
    std::string hostname;
    bool ready = false;
    bool serving = false;
    bool terminating = false;

    /// `ip:port`, the endpoint's identity in rules and comments.
    [[nodiscard]] std::string toString() const { return ip + ":" + std::to_string(port); }
};

/// One port of a Service with everything kube-proxy and CoreDNS need of it.
struct ServicePort {
    std::string ns;
    std::string service;
    std::string portName;       ///< empty for an unnamed port
    std::string protocol = "TCP";
    std::string type = "ClusterIP";
    std::string clusterIp;      ///< empty or "None" when the Service has none
    int port = 0;
    int nodePort = 0;
    bool clientIpAffinity = false;
    int stickySeconds = 10800;
    bool externalPolicyLocal = false;
    bool internalPolicyLocal = false; ///< `internalTrafficPolicy: Local`: cluster IP traffic stays on the node
    std::vector<std::string> externalIps;
    /// The load balancer's addresses (`status.loadBalancer.ingress[].ip`) of a LoadBalancer.
    std::vector<std::string> loadBalancerIps;
    /// Every endpoint from the EndpointSlices, sorted as kube-proxy sorts them (by `ip:port` text).
    std::vector<Endpoint> endpoints;

    /// `ns/name:port` (`ns/name` for an unnamed port): proxy.ServicePortName.String().
    [[nodiscard]] std::string nameString() const;
    /// The endpoints kube-proxy forwards to: the ready ones, else the serving terminating ones.
    [[nodiscard]] std::vector<Endpoint> usableEndpoints() const;
    /// The node's own endpoints for a Local traffic policy, chosen on their own: its ready
    /// ones, else its serving terminating ones (even when other nodes have ready ones).
    [[nodiscard]] std::vector<Endpoint> usableLocalEndpoints(const std::string& nodeName) const;
    /// Reachable by something other than its cluster IP (a node port, an external or load
    /// balancer address): ServicePort.ExternallyAccessible.
    [[nodiscard]] bool externallyAccessible() const
    {
        return nodePort != 0 || !externalIps.empty() || !loadBalancerIps.empty();
    }
    /// Whether some traffic goes to the cluster-wide endpoints (UsesClusterEndpoints: an
    /// external Local policy still needs them for pods that dial an external address).
    [[nodiscard]] bool usesClusterEndpoints() const { return !internalPolicyLocal || externallyAccessible(); }
    /// Whether some traffic goes to the node's own endpoints only (UsesLocalEndpoints).
    [[nodiscard]] bool usesLocalEndpoints() const
    {
        return internalPolicyLocal || (externalPolicyLocal && externallyAccessible());
    }
};

/// Every port of every Service (sorted by namespace, name, port order), with its endpoints
/// read from the Service's EndpointSlices — or from its Endpoints object when it has no
/// slice, as for the API server's own `kubernetes` Service.
[[nodiscard]] std::vector<ServicePort> collectServicePorts(const Engine& engine);

/// The same for one Service.
[[nodiscard]] std::vector<ServicePort> servicePortsOf(const Engine& engine, const Json& service);

} // namespace kubelab::core::net

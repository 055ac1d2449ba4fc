// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/network/kubeproxy.h"
#include "core/network/serviceports.h"

namespace kubelab::core::net {

/// One IPVS virtual server kube-proxy programs in IPVS mode, with its real servers.
struct VirtualServer {
    std::string protocol;    ///< TCP, UDP, SCTP
    std::string address;     ///< the ClusterIP, a node IP (NodePort) or an external IP
    int port = 0;
    std::string scheduler = "rr";
    int persistentSeconds = 0; ///< ClientIP affinity: `persistent 10800`
    std::vector<Endpoint> realServers;
    const ServicePort* service = nullptr;

    [[nodiscard]] std::string key() const { return protocol + "/" + address + ":" + std::to_string(port); }
};

/// The virtual servers of one node in IPVS mode (pkg/proxy/ipvs/proxier.go): one per
/// ClusterIP:port (kept with no real server when the Service has no endpoint), per node
/// IP:nodePort and per external IP; real servers are the usable endpoints (the node's own
/// ones for `externalTrafficPolicy: Local` on external addresses and for
/// `internalTrafficPolicy: Local` on the cluster IP), weight 1, Masq.
/// Sorted as `ipvsadm` lists them: by protocol number, address, port.
[[nodiscard]] std::vector<VirtualServer> ipvsVirtualServers(const std::vector<ServicePort>& ports, const ProxyNode& node,
                                                           const std::string& scheduler = "rr");

/// `ipvsadm -Ln` of those virtual servers.
[[nodiscard]] std::string ipvsadmList(const std::vector<VirtualServer>& servers);

} // namespace kubelab::core::net

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/network/serviceports.h"
#include "core/sim/random.h"

namespace kubelab::core {
class Engine;
}

namespace kubelab::core::net {

/// What one node's kube-proxy needs besides the Services: who it is and the cluster's
/// pod CIDR (`--cluster-cidr`, kube-proxy's local-traffic detector).
struct ProxyNode {
    std::string name;
    std::string ip;
    std::string clusterCidr = "10.244.0.0/16";
    /// `iptables-save`'s header time, e.g. `Wed Jan  1 00:05:00 2025` (empty: no header).
    std::string savedAt;
};

/// servicePortChainName (pkg/proxy/iptables/proxier.go): `prefix` + the first 16 characters
/// of base32(sha256(servicePortName + protocol)), protocol in lower case.
[[nodiscard]] std::string servicePortChainName(std::string_view prefix, std::string_view servicePortName,
                                               std::string_view protocol);
/// servicePortEndpointChainName: `KUBE-SEP-` + base32(sha256(servicePortName + protocol + "ip:port"))[:16].
[[nodiscard]] std::string servicePortEndpointChainName(std::string_view servicePortName, std::string_view protocol,
                                                       std::string_view endpoint);
/// The `--probability` kube-proxy writes for the i-th of n rules: 1/(n-i) as `%0.10f`.
[[nodiscard]] std::string proxyProbability(int remaining);
/// The same probability as `iptables-save` prints it back: the kernel keeps it as a 31-bit
/// fraction (`lround(0x80000000 * p)`), printed `%.11f` (0.3333333333 -> 0.33333333349).
[[nodiscard]] std::string savedProbability(const std::string& written);
/// The probability the kernel actually applies for a written value.
[[nodiscard]] double kernelProbability(const std::string& written);

/// The nat table one node's kube-proxy programs in iptables mode, as `iptables-save -t nat`
/// prints it: built-in chains first, then the others by name, each chain's rules in the
/// order kube-proxy writes them. Simplified: the filter table (REJECT for Services without
/// endpoints) is not printed; Services are visited by name, not in Go's map order.
[[nodiscard]] std::string iptablesSave(const std::vector<ServicePort>& ports, const ProxyNode& node);

/// Picks one endpoint as the KUBE-SVC chain's `statistic --mode random` rules do, rule by
/// rule with the kernel's probabilities, from the lab's random generator.
[[nodiscard]] std::size_t pickRandomEndpoint(std::size_t count, Random& random);

} // namespace kubelab::core::net

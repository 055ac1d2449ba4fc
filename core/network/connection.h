// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/api/object.h"
#include "core/network/networkpolicy.h"
#include "core/store/store.h"
#include "core/network/serviceports.h"

namespace kubelab::core {
class Engine;
}

namespace kubelab::core::net {

enum class ConnectOutcome {
    Connected,   ///< a pod accepted the connection
    Refused,     ///< REJECT (a Service without endpoints) or nothing listening: RST
    Dropped,     ///< a NetworkPolicy, or a Local traffic policy without a local endpoint, dropped the SYN: the client times out
    Unreachable, ///< no route: an address nothing in the lab owns
};

/// The path of one TCP/UDP connection from a pod, hop by hop: the address dialled, the
/// Service port and the node's kube-proxy rule that matched, the endpoint chosen (by the
/// rules' probabilities in iptables mode, round robin in IPVS mode, from the lab's random
/// generator and stored counters), and the NetworkPolicy verdicts at both ends.
struct ConnectionTrace {
    ConnectOutcome outcome = ConnectOutcome::Unreachable;
    std::string address;
    int port = 0;
    std::string protocol = "TCP";
    std::string servicePort;     ///< `ns/svc:port` when a Service address was dialled
    std::string rule;            ///< the chain or virtual server that matched
    std::optional<Endpoint> endpoint;
    ObjectPtr targetPod;
    ConnectionVerdict verdict;
    std::string proxyNode;       ///< the node whose kube-proxy rules matched the Service address
    bool droppedNoLocalEndpoints = false; ///< kube-proxy dropped it: a Local policy and no endpoint on the node
    std::vector<std::string> hops; ///< one line a step, for `curl -v`
};

/// Traces a connection from `client` to `address:port`. Mutates only the lab's random
/// state and kube-proxy's stored round-robin and affinity memory.
[[nodiscard]] ConnectionTrace traceConnection(Engine& engine, const Json& client, const std::string& address, int port,
                                              const std::string& protocol = "TCP");

} // namespace kubelab::core::net

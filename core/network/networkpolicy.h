// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/api/object.h"

namespace kubelab::core {
class Engine;
}

namespace kubelab::core::net {

/// One end of a connection: a pod (its namespace, labels and named ports) or a bare
/// address outside the pod network (a node, the outside world).
struct PeerInfo {
    std::string ip;
    const Json* pod = nullptr; ///< null for an address that is not a pod
};

/// What the policies say about one direction of a connection.
struct PolicyVerdict {
    bool allowed = true;
    bool isolated = false;               ///< some policy selects the pod for this direction
    std::vector<std::string> selecting;  ///< policies that select the pod (ns/name)
    std::vector<std::string> allowing;   ///< those whose rules allow this connection
};

/// A connection's fate under NetworkPolicy (networking.k8s.io/v1): egress at the source
/// and ingress at the destination must both allow it; replies always pass.
struct ConnectionVerdict {
    PolicyVerdict egress;
    PolicyVerdict ingress;
    [[nodiscard]] bool allowed() const { return egress.allowed && ingress.allowed; }
};

/// NetworkPolicy semantics as the API documents them (and as Calico, Cilium and the
/// upstream conformance tests enforce them): a pod selected by a policy whose policyTypes
/// include a direction is isolated in that direction; the traffic allowed is the union of
/// the selecting policies' rules; a rule is peers AND ports; peers are ORed; podSelector
/// (the policy's namespace), namespaceSelector (all pods there), both in one peer (AND),
/// ipBlock (cidr minus except); ports by number, name (the destination pod's container
/// port) or range (endPort); policyTypes default to Ingress, plus Egress when egress
/// rules are given.
class NetworkPolicyEvaluator final {
public:
    NetworkPolicyEvaluator(std::vector<Json> policies, std::map<std::string, Labels> namespaceLabels);
    explicit NetworkPolicyEvaluator(const Engine& engine);

    [[nodiscard]] ConnectionVerdict connection(const PeerInfo& source, const PeerInfo& destination, int port,
                                               const std::string& protocol = "TCP") const;
    [[nodiscard]] PolicyVerdict ingress(const Json& pod, const PeerInfo& from, int port, const std::string& protocol) const;
    [[nodiscard]] PolicyVerdict egress(const Json& pod, const PeerInfo& to, int port, const std::string& protocol) const;

private:
    enum class Direction { Ingress, Egress };
    [[nodiscard]] PolicyVerdict evaluate(Direction direction, const Json& pod, const PeerInfo& peer,
                                         const Json* portOwner, int port, const std::string& protocol) const;
    [[nodiscard]] bool peerMatches(const Json& peer, const std::string& policyNamespace, const PeerInfo& other) const;

    std::vector<Json> m_policies;
    std::map<std::string, Labels> m_namespaceLabels;
};

/// policyTypes with the API's defaulting: as given, else Ingress plus Egress when the
/// policy has egress rules.
[[nodiscard]] std::vector<std::string> policyTypesOf(const Json& policy);

} // namespace kubelab::core::net

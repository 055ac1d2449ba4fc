// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/networkpolicy.h"

#include <algorithm>

#include "core/api/labels.h"
#include "core/network/ipv4.h"
#include "core/sim/engine.h"

namespace kubelab::core::net {

namespace {

bool selectorMatches(const Json& selector, const Labels& labels)
{
    if (!selector.is_object())
        return false;
    auto s = LabelSelector::fromJson(selector);
    return s && s->matches(labels);
}

/// Whether the rule's ports admit `port`/`protocol`; named ports resolve against the
/// destination pod's containers.
bool portMatches(const Json& rule, const Json* destinationPod, int port, const std::string& protocol)
{
    if (!rule.contains("ports") || !rule["ports"].is_array() || rule["ports"].empty())
        return true;
    for (const Json& p : rule["ports"]) {
        if (p.value("protocol", "TCP") != protocol)
            continue;
        if (!p.contains("port"))
            return true;
        const Json& value = p["port"];
        if (value.is_number_integer()) {
            int from = value.get<int>();
            int to = p.contains("endPort") ? p["endPort"].get<int>() : from;
            if (port >= from && port <= to)
                return true;
        } else if (value.is_string() && destinationPod && destinationPod->contains("spec")) {
            for (const Json& c : (*destinationPod)["spec"].value("containers", Json::array()))
                for (const Json& cp : c.value("ports", Json::array()))
                    if (cp.value("name", "") == value.get<std::string>() && cp.value("containerPort", 0) == port &&
                        cp.value("protocol", "TCP") == protocol)
                        return true;
        }
    }
    return false;
}

} // namespace

std::vector<std::string> policyTypesOf(const Json& policy)
{
    const Json spec = policy.value("spec", Json::object());
    std::vector<std::string> types;
    if (spec.contains("policyTypes") && spec["policyTypes"].is_array() && !spec["policyTypes"].empty()) {
        for (const Json& t : spec["policyTypes"])
            types.push_back(t.get<std::string>());
        return types;
    }
    types.push_back("Ingress");
    if (spec.contains("egress") && spec["egress"].is_array() && !spec["egress"].empty())
        types.push_back("Egress");
    return types;
}

NetworkPolicyEvaluator::NetworkPolicyEvaluator(std::vector<Json> policies, std::map<std::string, Labels> namespaceLabels)
    : m_policies(std::move(policies))
    , m_namespaceLabels(std::move(namespaceLabels))
{
}

NetworkPolicyEvaluator::NetworkPolicyEvaluator(const Engine& engine)
{
    for (const ObjectPtr& p : engine.list("NetworkPolicy"))
        m_policies.push_back(*p);
    for (const ObjectPtr& n : engine.list("Namespace"))
        m_namespaceLabels[nameOf(*n)] = labelsOf(*n);
}

bool NetworkPolicyEvaluator::peerMatches(const Json& peer, const std::string& policyNamespace,
                                         const PeerInfo& other) const
{
    if (peer.contains("ipBlock")) {
        const Json& block = peer["ipBlock"];
        if (!cidrContains(block.value("cidr", ""), other.ip))
            return false;
        for (const Json& except : block.value("except", Json::array()))
            if (cidrContains(except.get<std::string>(), other.ip))
                return false;
        return true;
    }
    if (!other.pod)
        return false;
    const std::string ns = namespaceOf(*other.pod);
    const bool hasPod = peer.contains("podSelector");
    const bool hasNs = peer.contains("namespaceSelector");
    if (!hasPod && !hasNs)
        return false;
    if (hasNs) {
        auto it = m_namespaceLabels.find(ns);
        Labels nsLabels = it == m_namespaceLabels.end() ? Labels{{"kubernetes.io/metadata.name", ns}} : it->second;
        if (!selectorMatches(peer["namespaceSelector"], nsLabels))
            return false;
    } else if (ns != policyNamespace) {
        return false;
    }
    return !hasPod || selectorMatches(peer["podSelector"], labelsOf(*other.pod));
}

PolicyVerdict NetworkPolicyEvaluator::evaluate(Direction direction, const Json& pod, const PeerInfo& peer,
                                               const Json* portOwner, int port, const std::string& protocol) const
{
    PolicyVerdict verdict;
    const std::string type = direction == Direction::Ingress ? "Ingress" : "Egress";
    const char* rulesField = direction == Direction::Ingress ? "ingress" : "egress";
    const char* peersField = direction == Direction::Ingress ? "from" : "to";
    const std::string podNs = namespaceOf(pod);
    const Labels podLabels = labelsOf(pod);
    for (const Json& policy : m_policies) {
        if (namespaceOf(policy) != podNs)
            continue;
        const Json spec = policy.value("spec", Json::object());
        if (!selectorMatches(spec.value("podSelector", Json::object()), podLabels))
            continue;
        auto types = policyTypesOf(policy);
        if (std::find(types.begin(), types.end(), type) == types.end())
            continue;
        const std::string name = podNs + "/" + nameOf(policy);
        verdict.isolated = true;
        verdict.selecting.push_back(name);
        for (const Json& rule : spec.value(rulesField, Json::array())) {
            if (!portMatches(rule, portOwner, port, protocol))
                continue;
            bool peerOk = true;
            if (rule.contains(peersField) && rule[peersField].is_array() && !rule[peersField].empty()) {
                peerOk = false;
                for (const Json& p : rule[peersField])
                    if (peerMatches(p, podNs, peer))
                        peerOk = true;
            }
            if (peerOk) {
                verdict.allowing.push_back(name);
                break;
            }
        }
    }
    verdict.allowed = !verdict.isolated || !verdict.allowing.empty();
    return verdict;
}

PolicyVerdict NetworkPolicyEvaluator::ingress(const Json& pod, const PeerInfo& from, int port,
                                              const std::string& protocol) const
{
    return evaluate(Direction::Ingress, pod, from, &pod, port, protocol);
}

PolicyVerdict NetworkPolicyEvaluator::egress(const Json& pod, const PeerInfo& to, int port,
                                             const std::string& protocol) const
{
    return evaluate(Direction::Egress, pod, to, to.pod, port, protocol);
}

ConnectionVerdict NetworkPolicyEvaluator::connection(const PeerInfo& source, const PeerInfo& destination, int port,
                                                     const std::string& protocol) const
{
    ConnectionVerdict v;
    // Pods with hostNetwork are not subject to pod network policy.
    auto policed = [](const PeerInfo& p) {
        return p.pod && !(*p.pod).value("spec", Json::object()).value("hostNetwork", false);
    };
    if (policed(source))
        v.egress = egress(*source.pod, destination, port, protocol);
    if (policed(destination))
        v.ingress = ingress(*destination.pod, source, port, protocol);
    return v;
}

} // namespace kubelab::core::net

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/ingressstatus.h"

#include <algorithm>

#include "core/network/ipv4.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

bool ready(const Json& node)
{
    return conditionStatus(node, "Ready") == "True";
}

/// What ingress-nginx publishes: the nodes' InternalIPs, in address order.
Json publishedAddresses(const Engine& engine)
{
    std::vector<std::pair<std::uint32_t, std::string>> ips;
    for (const ObjectPtr& node : engine.list("Node")) {
        if (!ready(*node))
            continue;
        for (const Json& a : member(member(*node, "status"), "addresses"))
            if (a.value("type", "") == "InternalIP")
                if (auto ip = net::parseIpv4(a.value("address", "")))
                    ips.emplace_back(*ip, a.value("address", ""));
    }
    std::ranges::sort(ips);
    Json out = Json::array();
    for (const auto& [number, ip] : ips)
        out.push_back(Json{{"ip", ip}});
    return out;
}

} // namespace

void IngressStatusController::start(Engine& engine)
{
    m_engine = &engine;
    for (const ObjectPtr& i : engine.list("Ingress"))
        m_queue.add(keyOf(*i));
}

void IngressStatusController::onEvent(const WatchEvent& event)
{
    if (event.type == WatchEventType::Deleted && event.key.kind == "Ingress")
        return;
    if (event.key.kind == "Ingress") {
        m_queue.add(event.key);
    } else if (event.key.kind == "Node") {
        // A node that comes, goes, or changes readiness changes every Ingress's addresses.
        const bool changed = event.type != WatchEventType::Modified || !event.previous ||
                             ready(*event.previous) != ready(*event.object) ||
                             member(member(*event.previous, "status"), "addresses") !=
                                 member(member(*event.object, "status"), "addresses");
        if (changed)
            for (const ObjectPtr& i : m_engine->list("Ingress"))
                m_queue.add(keyOf(*i));
    }
}

void IngressStatusController::work()
{
    if (auto key = m_queue.pop())
        sync(*key);
}

void IngressStatusController::sync(const ObjectKey& key)
{
    ObjectPtr ingress = m_engine->get(key);
    if (!ingress || isBeingDeleted(*ingress))
        return;
    Json addresses = publishedAddresses(*m_engine);
    if (member(member(member(*ingress, "status"), "loadBalancer"), "ingress") == addresses)
        return;
    Json next = *ingress;
    next["status"]["loadBalancer"] = addresses.empty() ? Json::object() : Json{{"ingress", std::move(addresses)}};
    (void)m_engine->updateStatus(next, RequestContext::controller("ingress-nginx", "ingress-nginx"));
}

} // namespace kubelab::core

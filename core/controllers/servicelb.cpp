// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/servicelb.h"

#include <set>

#include "core/network/ipv4.h"
#include "core/sim/apiserver.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

constexpr const char* kPoolFirst = "172.18.255.200";
constexpr const char* kPoolLast = "172.18.255.250";

bool wantsLoadBalancer(const Json& service)
{
    const Json& spec = member(service, "spec");
    return spec.value("type", "") == "LoadBalancer" && !spec.contains("loadBalancerClass") && !isBeingDeleted(service);
}

const Json& ingressOf(const Json& service)
{
    return member(member(member(service, "status"), "loadBalancer"), "ingress");
}

} // namespace

void ServiceLoadBalancerController::start(Engine& engine)
{
    m_engine = &engine;
    for (const ObjectPtr& s : engine.list("Service"))
        m_queue.add(keyOf(*s));
}

void ServiceLoadBalancerController::onEvent(const WatchEvent& event)
{
    if (event.key.kind != "Service")
        return;
    // An address freed (a Service deleted, or no longer a LoadBalancer) may serve one pending.
    const bool deleted = event.type == WatchEventType::Deleted;
    const bool freed = deleted ? !ingressOf(*event.object).empty()
                               : event.previous && !ingressOf(*event.previous).empty() && ingressOf(*event.object).empty();
    if (freed)
        for (const ObjectPtr& s : m_engine->list("Service"))
            if (wantsLoadBalancer(*s) && ingressOf(*s).empty())
                m_queue.add(keyOf(*s));
    if (!deleted)
        m_queue.add(event.key);
}

void ServiceLoadBalancerController::work()
{
    if (auto key = m_queue.pop())
        sync(*key);
}

void ServiceLoadBalancerController::sync(const ObjectKey& key)
{
    ObjectPtr service = m_engine->get(key);
    if (!service)
        return;
    const RequestContext ctx = RequestContext::controller("service-controller", "service-controller");
    const bool wants = wantsLoadBalancer(*service);
    const bool has = !ingressOf(*service).empty();
    if (wants == has)
        return;
    Json next = *service;
    if (!wants) {
        // No longer a LoadBalancer: the address goes back to the pool.
        next["status"]["loadBalancer"] = Json::object();
        if (auto r = m_engine->updateStatus(next, ctx); r && !isBeingDeleted(*service)) {
            m_engine->recordEvent(**r, "Normal", "DeletingLoadBalancer", "Deleting load balancer", "service-controller");
            m_engine->recordEvent(**r, "Normal", "DeletedLoadBalancer", "Deleted load balancer", "service-controller");
        }
        return;
    }
    std::set<std::uint32_t> taken;
    for (const ObjectPtr& s : m_engine->list("Service"))
        for (const Json& ingress : ingressOf(*s))
            if (auto ip = net::parseIpv4(ingress.value("ip", "")))
                taken.insert(*ip);
    const std::uint32_t first = *net::parseIpv4(kPoolFirst);
    const std::uint32_t last = *net::parseIpv4(kPoolLast);
    std::optional<std::uint32_t> chosen;
    if (auto asked = net::parseIpv4(member(*service, "spec").value("loadBalancerIP", ""))) {
        if (*asked >= first && *asked <= last && !taken.contains(*asked))
            chosen = asked;
    } else {
        for (std::uint32_t ip = first; ip <= last && !chosen; ++ip)
            if (!taken.contains(ip))
                chosen = ip;
    }
    m_engine->recordEvent(*service, "Normal", "EnsuringLoadBalancer", "Ensuring load balancer", "service-controller");
    if (!chosen) {
        const std::string asked = member(*service, "spec").value("loadBalancerIP", "");
        m_engine->recordEvent(*service, "Warning", "SyncLoadBalancerFailed",
                              "Error syncing load balancer: failed to ensure load balancer: " +
                                  (asked.empty() ? std::string("no available IPs in the lab's pool ") + kPoolFirst + "-" + kPoolLast
                                                 : "the requested IP " + asked + " is not a free address of the lab's pool " +
                                                       kPoolFirst + "-" + kPoolLast),
                              "service-controller");
        return;
    }
    next["status"]["loadBalancer"] = Json{{"ingress", Json::array({Json{{"ip", formatIpv4(*chosen)}, {"ipMode", "VIP"}}})}};
    if (auto r = m_engine->updateStatus(next, ctx); r) {
        m_engine->recordEvent(**r, "Normal", "EnsuredLoadBalancer", "Ensured load balancer", "service-controller");
        m_engine->story("service-controller", key, "EnsuredLoadBalancer", "servicelb.ensured",
                        Json{{"service", key.name}, {"ip", formatIpv4(*chosen)}});
    }
}

} // namespace kubelab::core

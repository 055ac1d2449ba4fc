// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/endpoints.h"

#include <algorithm>

#include "core/api/labels.h"
#include "core/api/podtypes.h"
#include "core/network/serviceports.h"
#include "core/sim/engine.h"

namespace kubelab::core {

void EndpointsController::start(Engine& engine)
{
    m_engine = &engine;
    for (const ObjectPtr& s : engine.list("Service"))
        m_queue.add(keyOf(*s));
}

void EndpointsController::enqueueServicesFor(const Json& pod)
{
    Labels labels = labelsOf(pod);
    for (const ObjectPtr& s : m_engine->list("Service", namespaceOf(pod)))
        if (auto sel = net::serviceSelector(*s); sel && LabelSelector::fromMap(*sel).matches(labels))
            m_queue.add(keyOf(*s));
}

void EndpointsController::onEvent(const WatchEvent& event)
{
    if (event.key.kind == "Service") {
        m_queue.add(event.key);
    } else if (event.key.kind == "Pod") {
        enqueueServicesFor(*event.object);
        if (event.previous && labelsOf(*event.previous) != labelsOf(*event.object))
            enqueueServicesFor(*event.previous);
    }
}

void EndpointsController::work()
{
    if (auto key = m_queue.pop())
        sync(*key);
}

void EndpointsController::sync(const ObjectKey& serviceKey)
{
    RequestContext ctx = RequestContext::controller("endpoint-controller", "endpoint-controller");
    ObjectKey endpointsKey{"Endpoints", serviceKey.ns, serviceKey.name};
    ObjectPtr service = m_engine->get(serviceKey);
    ObjectPtr current = m_engine->get(endpointsKey);
    auto selector = service ? net::serviceSelector(*service) : std::nullopt;
    if (!service) {
        if (current)
            (void)m_engine->remove(endpointsKey, DeleteOptions{}, ctx);
        return;
    }
    if (!selector)
        return; // Services without a selector keep hand-made Endpoints (like `kubernetes`)
    bool publishNotReady = (*service)["spec"].value("publishNotReadyAddresses", false);
    LabelSelector sel = LabelSelector::fromMap(*selector);
    const Json ports = (*service)["spec"].value("ports", Json::array());

    // One subset per distinct set of ports, as the controller's repacking does; pods that
    // resolve every port the same way share a subset.
    std::map<std::string, Json> subsets; // ports signature -> subset
    std::vector<ObjectPtr> pods = m_engine->list("Pod", serviceKey.ns, sel);
    std::sort(pods.begin(), pods.end(), [](const ObjectPtr& a, const ObjectPtr& b) {
        return stringAt(*a, Json::json_pointer("/status/podIP")) < stringAt(*b, Json::json_pointer("/status/podIP"));
    });
    for (const ObjectPtr& p : pods) {
        std::string ip = stringAt(*p, Json::json_pointer("/status/podIP"));
        std::string phase = stringAt(*p, Json::json_pointer("/status/phase"));
        if (ip.empty() || isBeingDeleted(*p) || phase == "Succeeded" || phase == "Failed")
            continue;
        Json epPorts = Json::array();
        for (const Json& sp : ports) {
            auto port = net::findPodPort(*p, sp);
            if (!port)
                continue;
            Json ep = Json::object();
            if (sp.contains("name") && !sp["name"].get<std::string>().empty())
                ep["name"] = sp["name"];
            ep["port"] = *port;
            ep["protocol"] = sp.value("protocol", "TCP");
            epPorts.push_back(ep);
        }
        Json address = Json{{"ip", ip},
                            {"nodeName", stringAt(*p, Json::json_pointer("/spec/nodeName"))},
                            {"targetRef", {{"kind", "Pod"}, {"name", nameOf(*p)}, {"namespace", serviceKey.ns}, {"uid", uidOf(*p)}}}};
        std::string signature = epPorts.dump();
        Json& subset = subsets[signature];
        if (subset.is_null())
            subset = Json::object();
        bool ready = publishNotReady || isPodReady(*p);
        subset[ready ? "addresses" : "notReadyAddresses"].push_back(address);
        subset["ports"] = epPorts;
    }
    Json subsetList = Json::array();
    for (auto& [sig, subset] : subsets) {
        Json ordered = Json::object();
        for (const char* f : {"addresses", "notReadyAddresses", "ports"})
            if (subset.contains(f))
                ordered[f] = subset[f];
        subsetList.push_back(ordered);
    }
    Json endpoints = current ? *current : Json::object();
    endpoints["apiVersion"] = "v1";
    endpoints["kind"] = "Endpoints";
    endpoints["metadata"]["name"] = serviceKey.name;
    endpoints["metadata"]["namespace"] = serviceKey.ns;
    Json labels = (*service)["metadata"].value("labels", Json::object());
    labels["endpoints.kubernetes.io/managed-by"] = "endpoint-controller";
    endpoints["metadata"]["labels"] = labels;
    if (subsetList.empty())
        endpoints.erase("subsets");
    else
        endpoints["subsets"] = subsetList;
    if (!current) {
        (void)m_engine->create(std::move(endpoints), ctx);
        return;
    }
    if (endpoints == *current)
        return;
    std::size_t ready = 0;
    for (const Json& s : subsetList)
        ready += s.value("addresses", Json::array()).size();
    m_engine->story("controller-manager", endpointsKey, "EndpointsUpdated", "endpoints.updated",
                    Json{{"service", serviceKey.name}, {"ready", ready}});
    (void)m_engine->update(std::move(endpoints), ctx);
}

} // namespace kubelab::core

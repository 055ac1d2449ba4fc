// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/endpointslice.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/api/labels.h"
#include "core/api/podtypes.h"
#include "core/network/serviceports.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

constexpr const char* kServiceNameLabel = "kubernetes.io/service-name";
constexpr const char* kManagedByLabel = "endpointslice.kubernetes.io/managed-by";

/// podToEndpoint: the endpoint of a pod for a slice.
Json podToEndpoint(const Engine& engine, const Json& pod, const Json& service)
{
    const bool publishNotReady = service["spec"].value("publishNotReadyAddresses", false);
    const bool terminating = isBeingDeleted(pod);
    const bool podReady = isPodReady(pod);
    const bool ready = publishNotReady || (podReady && !terminating);
    const bool serving = publishNotReady || podReady;
    Json ep = Json::object();
    ep["addresses"] = Json::array({stringAt(pod, Json::json_pointer("/status/podIP"))});
    ep["conditions"] = Json{{"ready", ready}, {"serving", serving}, {"terminating", terminating}};
    // The hostname when the pod's subdomain names this Service (headless DNS records).
    std::string hostname = stringAt(pod, Json::json_pointer("/spec/hostname"));
    if (!hostname.empty() && stringAt(pod, Json::json_pointer("/spec/subdomain")) == nameOf(service))
        ep["hostname"] = hostname;
    std::string nodeName = stringAt(pod, Json::json_pointer("/spec/nodeName"));
    if (!nodeName.empty())
        ep["nodeName"] = nodeName;
    ep["targetRef"] = Json{{"kind", "Pod"}, {"name", nameOf(pod)}, {"namespace", namespaceOf(pod)}, {"uid", uidOf(pod)}};
    if (!nodeName.empty())
        if (ObjectPtr node = engine.get(ObjectKey{"Node", "", nodeName})) {
            Labels l = labelsOf(*node);
            if (auto it = l.find("topology.kubernetes.io/zone"); it != l.end())
                ep["zone"] = it->second;
        }
    return ep;
}

std::string addressOf(const Json& endpoint)
{
    const Json addresses = endpoint.value("addresses", Json::array());
    return addresses.empty() ? std::string() : addresses[0].get<std::string>();
}

/// ShouldPodBeInEndpoints with includeTerminating: an IP, not terminal.
bool podInEndpoints(const Json& pod)
{
    if (stringAt(pod, Json::json_pointer("/status/podIP")).empty())
        return false;
    std::string phase = stringAt(pod, Json::json_pointer("/status/phase"));
    return phase != "Succeeded" && phase != "Failed";
}

} // namespace

void EndpointSliceController::start(Engine& engine)
{
    m_engine = &engine;
    for (const ObjectPtr& s : engine.list("Service"))
        m_queue.add(keyOf(*s));
}

void EndpointSliceController::enqueueServicesFor(const Json& pod)
{
    Labels labels = labelsOf(pod);
    for (const ObjectPtr& s : m_engine->list("Service", namespaceOf(pod)))
        if (auto sel = net::serviceSelector(*s); sel && LabelSelector::fromMap(*sel).matches(labels))
            m_queue.add(keyOf(*s));
}

void EndpointSliceController::onEvent(const WatchEvent& event)
{
    if (event.key.kind == "Service") {
        m_queue.add(event.key);
    } else if (event.key.kind == "Pod") {
        enqueueServicesFor(*event.object);
        if (event.previous && labelsOf(*event.previous) != labelsOf(*event.object))
            enqueueServicesFor(*event.previous);
    } else if (event.key.kind == "EndpointSlice") {
        Labels l = labelsOf(*event.object);
        if (auto it = l.find(kServiceNameLabel); it != l.end() && l.count(kManagedByLabel) &&
                                                 l.at(kManagedByLabel) == kManagedBy)
            m_queue.add(ObjectKey{"Service", event.key.ns, it->second});
    } else if (event.key.kind == "Node") {
        // A node's zone label feeds the endpoints' zone.
        if (event.previous && labelsOf(*event.previous) != labelsOf(*event.object))
            for (const ObjectPtr& s : m_engine->list("Service"))
                m_queue.add(keyOf(*s));
    }
}

void EndpointSliceController::work()
{
    if (auto key = m_queue.pop())
        sync(*key);
}

void EndpointSliceController::sync(const ObjectKey& serviceKey)
{
    RequestContext ctx = RequestContext::controller("endpointslice-controller", "endpointslice-controller");
    ObjectPtr service = m_engine->get(serviceKey);

    std::vector<ObjectPtr> existing;
    for (const ObjectPtr& s : m_engine->list("EndpointSlice", serviceKey.ns)) {
        Labels l = labelsOf(*s);
        if (l.count(kServiceNameLabel) && l.at(kServiceNameLabel) == serviceKey.name && l.count(kManagedByLabel) &&
            l.at(kManagedByLabel) == kManagedBy)
            existing.push_back(s);
    }
    std::sort(existing.begin(), existing.end(), [](const ObjectPtr& a, const ObjectPtr& b) { return nameOf(*a) < nameOf(*b); });
    auto selector = service ? net::serviceSelector(*service) : std::nullopt;
    if (!service || !selector || isBeingDeleted(*service)) {
        // Slices of a deleted Service go with their owner (garbage collector); a Service
        // that lost its selector loses its managed slices.
        if (service && !selector)
            for (const ObjectPtr& s : existing)
                (void)m_engine->remove(keyOf(*s), DeleteOptions{}, ctx);
        return;
    }

    // Desired endpoints by the resolved ports they share.
    const Json ports = (*service)["spec"].value("ports", Json::array());
    std::map<std::string, std::pair<Json, std::map<std::string, Json>>> desired; // ports text -> (ports, ip -> endpoint)
    std::vector<ObjectPtr> pods = m_engine->list("Pod", serviceKey.ns, LabelSelector::fromMap(*selector));
    std::sort(pods.begin(), pods.end(), [](const ObjectPtr& a, const ObjectPtr& b) { return nameOf(*a) < nameOf(*b); });
    for (const ObjectPtr& p : pods) {
        if (!podInEndpoints(*p))
            continue;
        Json slicePorts = Json::array();
        for (const Json& sp : ports) {
            auto port = net::findPodPort(*p, sp);
            if (!port)
                continue;
            slicePorts.push_back(Json{{"name", sp.value("name", "")}, {"port", *port}, {"protocol", sp.value("protocol", "TCP")}});
        }
        auto& group = desired[slicePorts.dump()];
        group.first = slicePorts;
        group.second[stringAt(*p, Json::json_pointer("/status/podIP"))] = podToEndpoint(*m_engine, *p, *service);
    }

    Json labels = (*service)["metadata"].value("labels", Json::object());
    labels.erase(kServiceNameLabel);
    labels.erase(kManagedByLabel);
    labels[kServiceNameLabel] = serviceKey.name;
    labels[kManagedByLabel] = kManagedBy;
    if (stringAt(*service, Json::json_pointer("/spec/clusterIP")) == "None")
        labels["service.kubernetes.io/headless"] = "";
    const Json ownerRef = Json{{"apiVersion", "v1"}, {"kind", "Service"}, {"name", serviceKey.name},
                               {"uid", uidOf(*service)}, {"controller", true}, {"blockOwnerDeletion", true}};

    auto makeSlice = [&](const Json& slicePorts, const Json& endpoints) {
        Json slice = Json{{"apiVersion", "discovery.k8s.io/v1"},
                          {"kind", "EndpointSlice"},
                          {"metadata",
                           {{"generateName", serviceKey.name + "-"},
                            {"namespace", serviceKey.ns},
                            {"labels", labels},
                            {"ownerReferences", Json::array({ownerRef})}}},
                          {"addressType", "IPv4"},
                          {"endpoints", endpoints}};
        if (!slicePorts.is_null())
            slice["ports"] = slicePorts;
        return slice;
    };

    std::vector<Json> updates;
    std::vector<Json> creates;
    std::vector<ObjectPtr> deletes;
    std::set<std::string> usedSlices;
    std::size_t total = 0;
    for (auto& [key, group] : desired) {
        auto& [slicePorts, wanted] = group;
        total += wanted.size();
        std::vector<Json> fill; // slices of this port set, after removing stale endpoints
        for (const ObjectPtr& s : existing) {
            if (s->value("ports", Json::array()).dump() != key)
                continue;
            usedSlices.insert(nameOf(*s));
            Json next = *s;
            Json kept = Json::array();
            for (const Json& e : s->value("endpoints", Json::array())) {
                auto it = wanted.find(addressOf(e));
                if (it == wanted.end())
                    continue;
                kept.push_back(it->second);
                wanted.erase(it);
            }
            next["endpoints"] = kept;
            next["metadata"]["labels"] = labels;
            fill.push_back(std::move(next));
        }
        for (auto& [ip, e] : wanted) {
            auto room = std::find_if(fill.begin(), fill.end(), [](const Json& s) {
                return s["endpoints"].size() < kMaxEndpointsPerSlice;
            });
            if (room != fill.end()) {
                (*room)["endpoints"].push_back(e);
                continue;
            }
            Json fresh = makeSlice(slicePorts, Json::array({e}));
            fill.push_back(std::move(fresh));
        }
        for (Json& s : fill) {
            if (nameOf(s).empty())
                creates.push_back(std::move(s));
            else if (s["endpoints"].empty())
                deletes.push_back(m_engine->get(keyOf(s)));
            else
                updates.push_back(std::move(s));
        }
    }
    for (const ObjectPtr& s : existing)
        if (!usedSlices.count(nameOf(*s)))
            deletes.push_back(s);

    // A Service with no endpoints keeps one placeholder slice (no ports, no endpoints).
    if (total == 0) {
        deletes.clear();
        bool placeholder = false;
        for (const ObjectPtr& s : existing) {
            if (!placeholder && !s->contains("ports") && s->value("endpoints", Json::array()).empty()) {
                placeholder = true;
                Json next = *s;
                next["metadata"]["labels"] = labels;
                updates.push_back(std::move(next));
                continue;
            }
            deletes.push_back(s);
        }
        updates.erase(std::remove_if(updates.begin(), updates.end(),
                                     [](const Json& s) { return s.contains("ports"); }),
                      updates.end());
        if (!placeholder)
            creates.push_back(makeSlice(Json(), Json::array()));
    }

    bool changed = !creates.empty() || !deletes.empty();
    for (Json& s : updates) {
        ObjectPtr current = m_engine->get(keyOf(s));
        if (current && *current == s)
            continue;
        changed = true;
        (void)m_engine->update(std::move(s), ctx);
    }
    for (Json& s : creates)
        (void)m_engine->create(std::move(s), ctx);
    for (const ObjectPtr& s : deletes)
        if (s)
            (void)m_engine->remove(keyOf(*s), DeleteOptions{}, ctx);
    if (changed)
        m_engine->story("controller-manager", serviceKey, "EndpointSlicesUpdated", "endpointslice.updated",
                        Json{{"endpoints", total}, {"service", serviceKey.name}});
}

} // namespace kubelab::core

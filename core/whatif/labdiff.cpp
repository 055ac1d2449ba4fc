// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/whatif/labdiff.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/api/podtypes.h"
#include "core/api/quantity.h"
#include "core/manifest/manifest.h"
#include "core/sim/engine.h"
#include "core/whatif/transfer.h"

namespace kubelab::core {

namespace {

/// A live pod as the diff sees it.
struct PodView {
    std::string ns;
    std::string name;
    std::string node;
    std::string controller; ///< `Deployment/web`, `DaemonSet/agent`, empty for a bare pod
};

bool live(const Json& pod)
{
    const std::string phase = stringAt(pod, Json::json_pointer("/status/phase"));
    return !isBeingDeleted(pod) && phase != "Succeeded" && phase != "Failed";
}

/// The pod's controller; a ReplicaSet counts as the Deployment that owns it.
std::string controllerOf(const Engine& engine, const Json& pod)
{
    auto ref = controllerRefOf(pod);
    if (!ref)
        return {};
    std::string kind = ref->value("kind", "");
    std::string name = ref->value("name", "");
    if (kind == "ReplicaSet")
        if (auto rs = engine.get(ObjectKey{"ReplicaSet", namespaceOf(pod), name}))
            if (auto owner = controllerRefOf(*rs); owner && owner->value("kind", "") == "Deployment") {
                kind = "Deployment";
                name = owner->value("name", "");
            }
    return kind + "/" + name;
}

std::vector<PodView> livePods(const Engine& engine)
{
    std::vector<PodView> out;
    for (const ObjectPtr& p : engine.list("Pod"))
        if (live(*p))
            out.push_back({namespaceOf(*p), nameOf(*p), stringAt(*p, Json::json_pointer("/spec/nodeName")),
                           controllerOf(engine, *p)});
    return out;
}

Json podJson(const PodView& p)
{
    return Json{{"namespace", p.ns}, {"name", p.name}, {"node", p.node}, {"controller", p.controller}};
}

Json comparePods(const Engine& base, const Engine& other)
{
    std::vector<PodView> a = livePods(base);
    std::vector<PodView> b = livePods(other);
    std::vector<bool> usedA(a.size()), usedB(b.size());
    Json moved = Json::array();
    auto addMoved = [&](const PodView& from, const PodView& to) {
        moved.push_back(Json{{"namespace", from.ns},
                             {"controller", from.controller},
                             {"from", {{"name", from.name}, {"node", from.node}}},
                             {"to", {{"name", to.name}, {"node", to.node}}}});
    };
    // The same pod in both labs.
    std::map<std::pair<std::string, std::string>, std::size_t> byName;
    for (std::size_t j = 0; j < b.size(); ++j)
        byName[{b[j].ns, b[j].name}] = j;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto it = byName.find({a[i].ns, a[i].name});
        if (it == byName.end())
            continue;
        usedA[i] = usedB[it->second] = true;
        if (a[i].node != b[it->second].node)
            addMoved(a[i], b[it->second]);
    }
    // Pods a controller re-created under another name: same node first, then the rest in order.
    std::map<std::pair<std::string, std::string>, std::pair<std::vector<std::size_t>, std::vector<std::size_t>>> groups;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!usedA[i] && !a[i].controller.empty())
            groups[{a[i].ns, a[i].controller}].first.push_back(i);
    for (std::size_t j = 0; j < b.size(); ++j)
        if (!usedB[j] && !b[j].controller.empty())
            groups[{b[j].ns, b[j].controller}].second.push_back(j);
    for (auto& [group, members] : groups) {
        auto& [ia, ib] = members;
        for (std::size_t i : ia)
            for (std::size_t j : ib)
                if (!usedA[i] && !usedB[j] && a[i].node == b[j].node)
                    usedA[i] = usedB[j] = true;
        auto byNode = [](const std::vector<PodView>& pods) {
            return [&pods](std::size_t x, std::size_t y) {
                return std::tie(pods[x].node, pods[x].name) < std::tie(pods[y].node, pods[y].name);
            };
        };
        std::erase_if(ia, [&](std::size_t i) { return usedA[i]; });
        std::erase_if(ib, [&](std::size_t j) { return usedB[j]; });
        std::sort(ia.begin(), ia.end(), byNode(a));
        std::sort(ib.begin(), ib.end(), byNode(b));
        for (std::size_t k = 0; k < std::min(ia.size(), ib.size()); ++k) {
            usedA[ia[k]] = usedB[ib[k]] = true;
            addMoved(a[ia[k]], b[ib[k]]);
        }
    }
    Json onlyA = Json::array();
    Json onlyB = Json::array();
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!usedA[i])
            onlyA.push_back(podJson(a[i]));
    for (std::size_t j = 0; j < b.size(); ++j)
        if (!usedB[j])
            onlyB.push_back(podJson(b[j]));
    std::sort(moved.begin(), moved.end(), [](const Json& x, const Json& y) {
        return std::tuple(x["namespace"].get<std::string>(), x["controller"].get<std::string>(),
                          x["from"]["name"].get<std::string>()) <
               std::tuple(y["namespace"].get<std::string>(), y["controller"].get<std::string>(),
                          y["from"]["name"].get<std::string>());
    });
    return Json{{"moved", moved}, {"onlyInBase", onlyA}, {"onlyInOther", onlyB}};
}

Json pendingOf(const Engine& engine)
{
    Json pods = Json::array();
    std::map<std::string, std::int64_t> reasons;
    for (const ObjectPtr& p : engine.list("Pod")) {
        if (!live(*p) || !stringAt(*p, Json::json_pointer("/spec/nodeName")).empty())
            continue;
        std::string reason = "NotYetScheduled";
        std::string message;
        for (const Json& c : member(member(*p, "status"), "conditions"))
            if (c.value("type", "") == "PodScheduled" && c.value("status", "") == "False") {
                reason = c.value("reason", reason);
                message = c.value("message", "");
            }
        ++reasons[reason];
        pods.push_back(Json{{"namespace", namespaceOf(*p)}, {"name", nameOf(*p)}, {"reason", reason}, {"message", message}});
    }
    Json byReason = Json::object();
    for (const auto& [reason, count] : reasons)
        byReason[reason] = count;
    return Json{{"count", pods.size()}, {"reasons", byReason}, {"pods", pods}};
}

std::map<std::string, Json> utilisationOf(const Engine& engine)
{
    std::map<std::string, ResourceAmounts> requested;
    std::map<std::string, std::int64_t> podCount;
    for (const ObjectPtr& p : engine.list("Pod")) {
        const std::string node = stringAt(*p, Json::json_pointer("/spec/nodeName"));
        if (node.empty() || !live(*p))
            continue;
        auto pod = Pod::fromJson(*p);
        if (!pod)
            continue;
        requested[node].add(pod->requests);
        ++podCount[node];
    }
    std::map<std::string, Json> out;
    for (const ObjectPtr& n : engine.list("Node")) {
        const Json& status = member(*n, "status");
        const Json& list = member(status, "allocatable").empty() ? member(status, "capacity") : member(status, "allocatable");
        auto allocatable = ResourceAmounts::fromJson(list.is_object() ? list : Json::object());
        const ResourceAmounts alloc = allocatable ? *allocatable : ResourceAmounts{};
        const ResourceAmounts& req = requested[nameOf(*n)];
        out[nameOf(*n)] = Json{
            {"cpuRequests", Quantity::fromMilli(req.milliCpu).toString()},
            {"cpuAllocatable", Quantity::fromMilli(alloc.milliCpu).toString()},
            {"cpuPercent", kubectlPercent(req.milliCpu, alloc.milliCpu)},
            {"memoryRequests", Quantity::fromValue(req.memory, Quantity::Format::BinarySI).toString()},
            {"memoryAllocatable", Quantity::fromValue(alloc.memory, Quantity::Format::BinarySI).toString()},
            {"memoryPercent", kubectlPercent(req.memory, alloc.memory)},
            {"pods", podCount[nameOf(*n)]},
        };
    }
    return out;
}

Json compareNodes(const Engine& base, const Engine& other)
{
    std::map<std::string, Json> a = utilisationOf(base);
    std::map<std::string, Json> b = utilisationOf(other);
    std::set<std::string> names;
    for (const auto& [name, _] : a)
        names.insert(name);
    for (const auto& [name, _] : b)
        names.insert(name);
    Json out = Json::array();
    for (const std::string& name : names)
        out.push_back(Json{{"name", name},
                           {"base", a.contains(name) ? a[name] : Json()},
                           {"other", b.contains(name) ? b[name] : Json()}});
    return out;
}

bool comparedKind(std::string_view kind)
{
    return kind != "Pod" && kind != "Event" && kind != "Lease" && kind != "Endpoints" && kind != "EndpointSlice" &&
           kind != "ControllerRevision";
}

std::map<ObjectKey, Json> comparedObjects(const Engine& engine)
{
    std::map<ObjectKey, Json> out;
    for (const std::string& kind : engine.store().kinds())
        if (comparedKind(kind))
            for (const ObjectPtr& o : engine.list(kind))
                out.emplace(keyOf(*o), sortedKeys(cleanManifest(*o)));
    return out;
}

/// `/spec/template/spec/containers/0/image` -> `spec.template` (two levels tell enough).
std::string fieldOf(const std::string& pointer)
{
    std::string out;
    std::size_t start = 1;
    for (int level = 0; level < 2 && start <= pointer.size(); ++level) {
        std::size_t end = pointer.find('/', start);
        std::string part = pointer.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (part.empty() || std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
            break;
        out += (out.empty() ? "" : ".") + part;
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return out;
}

Json compareObjects(const Engine& base, const Engine& other)
{
    std::map<ObjectKey, Json> a = comparedObjects(base);
    std::map<ObjectKey, Json> b = comparedObjects(other);
    auto keyJson = [](const ObjectKey& k) { return Json{{"kind", k.kind}, {"namespace", k.ns}, {"name", k.name}}; };
    Json added = Json::array();
    Json removed = Json::array();
    Json changed = Json::array();
    for (const auto& [key, object] : a) {
        auto it = b.find(key);
        if (it == b.end()) {
            removed.push_back(keyJson(key));
            continue;
        }
        if (object == it->second)
            continue;
        std::set<std::string> fields;
        for (const Json& op : Json::diff(object, it->second))
            fields.insert(fieldOf(op.value("path", "")));
        Json entry = keyJson(key);
        entry["fields"] = Json::array();
        for (const std::string& f : fields)
            entry["fields"].push_back(f);
        changed.push_back(std::move(entry));
    }
    for (const auto& [key, object] : b)
        if (!a.contains(key))
            added.push_back(keyJson(key));
    return Json{{"added", added}, {"removed", removed}, {"changed", changed}};
}

} // namespace

Json diffLabs(const Engine& base, const Engine& other)
{
    return Json{{"pods", comparePods(base, other)},
                {"pending", {{"base", pendingOf(base)}, {"other", pendingOf(other)}}},
                {"nodes", compareNodes(base, other)},
                {"objects", compareObjects(base, other)}};
}

} // namespace kubelab::core

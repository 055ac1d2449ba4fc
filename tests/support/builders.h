// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/api/object.h"
#include "core/api/podtypes.h"

/// Fluent builders for test objects, in the spirit of upstream's scheduler testing
/// wrappers (`st.MakePod().Name("p").Node("n1").Obj()`). Each builder edits a JSON
/// manifest; `json()` returns it and `build()` decodes it with the typed decoders, so a
/// test sees exactly what the engine would.
namespace kubelab::testing {

using core::Json;

/// A metav1.LabelSelector (upstream `st.MakeLabelSelector()`). No call gives `{}`,
/// which selects everything.
class SelectorBuilder final {
public:
    SelectorBuilder& label(const std::string& key, const std::string& value)
    {
        m_json["matchLabels"][key] = value;
        return *this;
    }
    SelectorBuilder& in(const std::string& key, const std::vector<std::string>& values)
    {
        return expression(key, "In", values);
    }
    SelectorBuilder& notIn(const std::string& key, const std::vector<std::string>& values)
    {
        return expression(key, "NotIn", values);
    }
    SelectorBuilder& exists(const std::string& key) { return expression(key, "Exists", {}); }
    SelectorBuilder& notExist(const std::string& key) { return expression(key, "DoesNotExist", {}); }
    SelectorBuilder& expression(const std::string& key, const std::string& op, const std::vector<std::string>& values)
    {
        Json e = {{"key", key}, {"operator", op}};
        if (!values.empty())
            e["values"] = values;
        m_json["matchExpressions"].push_back(std::move(e));
        return *this;
    }
    [[nodiscard]] Json json() const { return m_json; }

private:
    Json m_json = Json::object();
};

/// A node selector term or requirement list for node affinity.
class NodeSelectorTermBuilder final {
public:
    NodeSelectorTermBuilder& expression(const std::string& key, const std::string& op,
                                        const std::vector<std::string>& values = {})
    {
        m_json["matchExpressions"].push_back(requirement(key, op, values));
        return *this;
    }
    NodeSelectorTermBuilder& field(const std::string& key, const std::string& op,
                                   const std::vector<std::string>& values = {})
    {
        m_json["matchFields"].push_back(requirement(key, op, values));
        return *this;
    }
    [[nodiscard]] Json json() const { return m_json; }

private:
    static Json requirement(const std::string& key, const std::string& op, const std::vector<std::string>& values)
    {
        Json r = {{"key", key}, {"operator", op}};
        if (!values.empty())
            r["values"] = values;
        return r;
    }

    Json m_json = Json::object();
};

/// A pod affinity term (`labelSelector`, `topologyKey`, `namespaces`, `namespaceSelector`).
[[nodiscard]] inline Json podAffinityTerm(const std::string& topologyKey, const Json& labelSelector,
                                          const std::vector<std::string>& namespaces = {},
                                          const Json& namespaceSelector = nullptr)
{
    Json term = {{"topologyKey", topologyKey}};
    if (!labelSelector.is_null())
        term["labelSelector"] = labelSelector;
    if (!namespaces.empty())
        term["namespaces"] = namespaces;
    if (!namespaceSelector.is_null())
        term["namespaceSelector"] = namespaceSelector;
    return term;
}

class PodBuilder final {
public:
    PodBuilder() = default;
    explicit PodBuilder(const std::string& name) { this->name(name); }

    PodBuilder& name(const std::string& value) { return meta("name", value); }
    PodBuilder& ns(const std::string& value) { return meta("namespace", value); }
    PodBuilder& uid(const std::string& value) { return meta("uid", value); }
    PodBuilder& label(const std::string& key, const std::string& value)
    {
        m_json["metadata"]["labels"][key] = value;
        return *this;
    }
    PodBuilder& annotation(const std::string& key, const std::string& value)
    {
        m_json["metadata"]["annotations"][key] = value;
        return *this;
    }
    /// Marks the pod terminating (`deletionTimestamp` set).
    PodBuilder& terminating(const std::string& when = "2024-01-01T00:00:00Z") { return meta("deletionTimestamp", when); }
    /// A controller owner reference (`apps/v1` ReplicaSet, `v1` ReplicationController...).
    PodBuilder& owner(const std::string& apiVersion, const std::string& kind, const std::string& name)
    {
        m_json["metadata"]["ownerReferences"].push_back(
            {{"apiVersion", apiVersion}, {"kind", kind}, {"name", name}, {"uid", name + "-uid"}, {"controller", true}});
        return *this;
    }

    PodBuilder& node(const std::string& value) { return spec("nodeName", value); }
    PodBuilder& schedulerName(const std::string& value) { return spec("schedulerName", value); }
    PodBuilder& priority(std::int32_t value) { return spec("priority", value); }
    PodBuilder& nodeSelector(const std::string& key, const std::string& value)
    {
        m_json["spec"]["nodeSelector"][key] = value;
        return *this;
    }
    /// Adds a container (named `c<index>` unless given) running `image`.
    PodBuilder& container(const std::string& image, const std::string& name = {})
    {
        Json& list = m_json["spec"]["containers"];
        list.push_back({{"name", name.empty() ? "c" + std::to_string(list.size()) : name}, {"image", image}});
        return *this;
    }
    PodBuilder& initContainer(const std::string& image, const std::string& name = {})
    {
        Json& list = m_json["spec"]["initContainers"];
        list.push_back({{"name", name.empty() ? "i" + std::to_string(list.size()) : name}, {"image", image}});
        return *this;
    }
    /// A request on the last container (one named `c0` is added when there is none).
    PodBuilder& request(const std::string& resource, const std::string& quantity)
    {
        if (!m_json["spec"].contains("containers"))
            container("registry.k8s.io/pause:3.9");
        m_json["spec"]["containers"].back()["resources"]["requests"][resource] = quantity;
        return *this;
    }
    /// Shortcuts for the last container's cpu / memory / ephemeral-storage requests.
    PodBuilder& cpu(const std::string& quantity) { return request("cpu", quantity); }
    PodBuilder& memory(const std::string& quantity) { return request("memory", quantity); }
    PodBuilder& ephemeralStorage(const std::string& quantity) { return request("ephemeral-storage", quantity); }
    /// A limit on the last container (one is added when there is none).
    PodBuilder& limit(const std::string& resource, const std::string& quantity)
    {
        if (!m_json["spec"].contains("containers"))
            container("registry.k8s.io/pause:3.9");
        m_json["spec"]["containers"].back()["resources"]["limits"][resource] = quantity;
        return *this;
    }
    /// A container with the given requests (`{{"cpu", "100m"}, {"memory", "1Gi"}}`); an
    /// empty list gives a container without requests.
    PodBuilder& containerRequests(const std::vector<std::pair<std::string, std::string>>& requests)
    {
        container("registry.k8s.io/pause:3.9");
        for (const auto& [resource, quantity] : requests)
            m_json["spec"]["containers"].back()["resources"]["requests"][resource] = quantity;
        return *this;
    }
    /// An init container with the given requests; `sidecar` sets `restartPolicy: Always`.
    PodBuilder& initContainerRequests(const std::vector<std::pair<std::string, std::string>>& requests,
                                      bool sidecar = false)
    {
        initContainer("registry.k8s.io/pause:3.9");
        Json& c = m_json["spec"]["initContainers"].back();
        for (const auto& [resource, quantity] : requests)
            c["resources"]["requests"][resource] = quantity;
        if (sidecar)
            c["restartPolicy"] = "Always";
        return *this;
    }
    /// `spec.overhead[resource]`.
    PodBuilder& overhead(const std::string& resource, const std::string& quantity)
    {
        m_json["spec"]["overhead"][resource] = quantity;
        return *this;
    }
    /// A host port on the last container (one is added when there is none).
    PodBuilder& hostPort(std::int32_t port, const std::string& protocol = "TCP", const std::string& hostIP = {})
    {
        if (!m_json["spec"].contains("containers"))
            container("registry.k8s.io/pause:3.9");
        Json p = {{"containerPort", port}, {"hostPort", port}, {"protocol", protocol}};
        if (!hostIP.empty())
            p["hostIP"] = hostIP;
        m_json["spec"]["containers"].back()["ports"].push_back(std::move(p));
        return *this;
    }
    PodBuilder& preemptionPolicy(const std::string& value) { return spec("preemptionPolicy", value); }
    PodBuilder& schedulingGate(const std::string& gate)
    {
        m_json["spec"]["schedulingGates"].push_back({{"name", gate}});
        return *this;
    }
    /// A volume using the PersistentVolumeClaim `claim`.
    PodBuilder& pvc(const std::string& claim, const std::string& volume = {})
    {
        m_json["spec"]["volumes"].push_back(
            {{"name", volume.empty() ? claim : volume}, {"persistentVolumeClaim", {{"claimName", claim}}}});
        return *this;
    }
    PodBuilder& phase(const std::string& value)
    {
        m_json["status"]["phase"] = value;
        return *this;
    }
    /// `status.startTime`, RFC 3339 (`2024-01-01T00:00:10Z`).
    PodBuilder& startTime(const std::string& value)
    {
        m_json["status"]["startTime"] = value;
        return *this;
    }
    PodBuilder& nominatedNode(const std::string& value)
    {
        m_json["status"]["nominatedNodeName"] = value;
        return *this;
    }
    /// A toleration; an empty effect tolerates every effect, `Exists` any value.
    PodBuilder& toleration(const std::string& key, const std::string& op, const std::string& value,
                           const std::string& effect)
    {
        Json t = Json::object();
        if (!key.empty())
            t["key"] = key;
        if (!op.empty())
            t["operator"] = op;
        if (!value.empty())
            t["value"] = value;
        if (!effect.empty())
            t["effect"] = effect;
        m_json["spec"]["tolerations"].push_back(std::move(t));
        return *this;
    }

    /// `spec.affinity.nodeAffinity` as given.
    PodBuilder& nodeAffinity(const Json& value)
    {
        m_json["spec"]["affinity"]["nodeAffinity"] = value;
        return *this;
    }
    /// Appends a required node selector term.
    PodBuilder& requiredNodeTerm(const Json& term)
    {
        m_json["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
            .push_back(term);
        return *this;
    }
    /// Appends a preferred node selector term with its weight.
    PodBuilder& preferredNodeTerm(std::int32_t weight, const Json& term)
    {
        m_json["spec"]["affinity"]["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"].push_back(
            {{"weight", weight}, {"preference", term}});
        return *this;
    }
    /// Appends a required pod affinity term (see `podAffinityTerm`).
    PodBuilder& podAffinity(const Json& term) { return required("podAffinity", term); }
    PodBuilder& podAntiAffinity(const Json& term) { return required("podAntiAffinity", term); }
    PodBuilder& preferredPodAffinity(std::int32_t weight, const Json& term)
    {
        return preferred("podAffinity", weight, term);
    }
    PodBuilder& preferredPodAntiAffinity(std::int32_t weight, const Json& term)
    {
        return preferred("podAntiAffinity", weight, term);
    }

    /// Appends a topology spread constraint; `extra` adds fields such as `minDomains`,
    /// `nodeAffinityPolicy`, `nodeTaintsPolicy` or `matchLabelKeys`. A null selector is left out.
    PodBuilder& spreadConstraint(std::int32_t maxSkew, const std::string& topologyKey,
                                 const std::string& whenUnsatisfiable, const Json& labelSelector,
                                 const Json& extra = Json::object())
    {
        Json c = {{"maxSkew", maxSkew}, {"topologyKey", topologyKey}, {"whenUnsatisfiable", whenUnsatisfiable}};
        if (!labelSelector.is_null())
            c["labelSelector"] = labelSelector;
        for (auto it = extra.begin(); it != extra.end(); ++it)
            c[it.key()] = it.value();
        m_json["spec"]["topologySpreadConstraints"].push_back(std::move(c));
        return *this;
    }

    /// Sets any field by JSON pointer (`/status/phase`), for what the helpers above lack.
    PodBuilder& set(const std::string& pointer, const Json& value)
    {
        m_json[Json::json_pointer(pointer)] = value;
        return *this;
    }

    [[nodiscard]] const Json& json() const { return m_json; }
    /// The typed pod; a manifest the decoder refuses is a bug in the test, so it throws.
    [[nodiscard]] core::Pod build() const
    {
        auto pod = core::Pod::fromJson(m_json);
        if (!pod)
            throw std::invalid_argument("PodBuilder: " + pod.error().message);
        return std::move(*pod);
    }
    [[nodiscard]] std::shared_ptr<const core::Pod> ptr() const { return std::make_shared<const core::Pod>(build()); }

private:
    PodBuilder& meta(const char* key, const Json& value)
    {
        m_json["metadata"][key] = value;
        return *this;
    }
    PodBuilder& spec(const char* key, const Json& value)
    {
        m_json["spec"][key] = value;
        return *this;
    }
    PodBuilder& required(const char* kind, const Json& term)
    {
        m_json["spec"]["affinity"][kind]["requiredDuringSchedulingIgnoredDuringExecution"].push_back(term);
        return *this;
    }
    PodBuilder& preferred(const char* kind, std::int32_t weight, const Json& term)
    {
        m_json["spec"]["affinity"][kind]["preferredDuringSchedulingIgnoredDuringExecution"].push_back(
            {{"weight", weight}, {"podAffinityTerm", term}});
        return *this;
    }

    Json m_json = {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", Json::object()}, {"spec", Json::object()}};
};

class NodeBuilder final {
public:
    NodeBuilder() = default;
    explicit NodeBuilder(const std::string& name) { this->name(name); }

    NodeBuilder& name(const std::string& value)
    {
        m_json["metadata"]["name"] = value;
        return *this;
    }
    NodeBuilder& label(const std::string& key, const std::string& value)
    {
        m_json["metadata"]["labels"][key] = value;
        return *this;
    }
    NodeBuilder& taint(const std::string& key, const std::string& value, const std::string& effect)
    {
        Json t = {{"key", key}, {"effect", effect}};
        if (!value.empty())
            t["value"] = value;
        m_json["spec"]["taints"].push_back(std::move(t));
        return *this;
    }
    NodeBuilder& unschedulable(bool value = true)
    {
        m_json["spec"]["unschedulable"] = value;
        return *this;
    }
    /// Sets capacity and allocatable of one resource.
    NodeBuilder& capacity(const std::string& resource, const std::string& quantity)
    {
        m_json["status"]["capacity"][resource] = quantity;
        m_json["status"]["allocatable"][resource] = quantity;
        return *this;
    }
    /// Capacity and allocatable shortcuts: `NodeBuilder("n1").cpu("4").memory("8Gi").pods(110)`.
    NodeBuilder& cpu(const std::string& quantity) { return capacity("cpu", quantity); }
    NodeBuilder& memory(const std::string& quantity) { return capacity("memory", quantity); }
    NodeBuilder& pods(std::int64_t count) { return capacity("pods", std::to_string(count)); }
    /// `topology.kubernetes.io/zone` (and region when given).
    NodeBuilder& zone(const std::string& zone, const std::string& region = {})
    {
        label("topology.kubernetes.io/zone", zone);
        if (!region.empty())
            label("topology.kubernetes.io/region", region);
        return *this;
    }
    NodeBuilder& allocatable(const std::string& resource, const std::string& quantity)
    {
        m_json["status"]["allocatable"][resource] = quantity;
        return *this;
    }
    /// An image in `status.images` with all its names and size in bytes.
    NodeBuilder& image(const std::vector<std::string>& names, std::int64_t sizeBytes)
    {
        m_json["status"]["images"].push_back({{"names", names}, {"sizeBytes", sizeBytes}});
        return *this;
    }
    NodeBuilder& set(const std::string& pointer, const Json& value)
    {
        m_json[Json::json_pointer(pointer)] = value;
        return *this;
    }

    [[nodiscard]] const Json& json() const { return m_json; }
    [[nodiscard]] core::Node build() const
    {
        auto node = core::Node::fromJson(m_json);
        if (!node)
            throw std::invalid_argument("NodeBuilder: " + node.error().message);
        return std::move(*node);
    }
    [[nodiscard]] std::shared_ptr<const core::Node> ptr() const { return std::make_shared<const core::Node>(build()); }

private:
    Json m_json = {{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", Json::object()}};
};

} // namespace kubelab::testing

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/metrics.h"

#include <tuple>

#include "core/api/labels.h"
#include "core/auth/rbac.h"
#include "core/node/usage.h"

namespace kubelab::core::server {

namespace {

/// The window metrics-server reports: its scrape interval (--metric-resolution, 15 s).
constexpr const char* kWindow = "15s";

/// metrics-server writes CPU in nanocores and memory in KiB.
Json usageOf(std::int64_t milliCpu, std::int64_t memory)
{
    return Json{{"cpu", std::to_string(milliCpu * 1'000'000) + "n"}, {"memory", std::to_string(memory / 1024) + "Ki"}};
}

Json metadataOf(const Engine& engine, const Json& object, bool namespaced)
{
    Json m = Json{{"name", nameOf(object)}, {"creationTimestamp", engine.timestampNow()}};
    if (namespaced)
        m["namespace"] = namespaceOf(object);
    if (const Json labels = object["metadata"].value("labels", Json::object()); !labels.empty())
        m["labels"] = labels;
    return m;
}

std::optional<Json> nodeMetrics(const Engine& engine, const Json& node)
{
    auto usage = nodeUsage(engine, node);
    if (!usage)
        return std::nullopt;
    return Json{{"kind", "NodeMetrics"},
                {"apiVersion", "metrics.k8s.io/v1beta1"},
                {"metadata", metadataOf(engine, node, false)},
                {"timestamp", engine.timestampNow()},
                {"window", kWindow},
                {"usage", usageOf(usage->milliCpu, usage->memory)}};
}

std::optional<Json> podMetrics(const Engine& engine, const Json& pod)
{
    auto usage = podUsage(engine, pod);
    if (!usage)
        return std::nullopt;
    Json containers = Json::array();
    for (const ContainerUsage& c : *usage)
        containers.push_back(Json{{"name", c.name}, {"usage", usageOf(c.milliCpu, c.memory)}});
    return Json{{"kind", "PodMetrics"},
                {"apiVersion", "metrics.k8s.io/v1beta1"},
                {"metadata", metadataOf(engine, pod, true)},
                {"timestamp", engine.timestampNow()},
                {"window", kWindow},
                {"containers", containers}};
}

/// metrics-server's NotFound: its group resources are `nodemetrics` and `podmetrics`, and a
/// pod's name is written NAMESPACE/NAME.
Error notFound(bool node, const std::string& ns, const std::string& name)
{
    return makeError(ErrorCode::NotFound, std::string(node ? "nodemetrics." : "podmetrics.") +
                                              std::string(kMetricsGroup) + " \"" + (node ? name : ns + "/" + name) +
                                              "\" not found");
}

} // namespace

Json metricsGroupEntry()
{
    const std::string gv = std::string(kMetricsGroup) + "/" + std::string(kMetricsVersion);
    const Json version = Json{{"groupVersion", gv}, {"version", std::string(kMetricsVersion)}};
    return Json{{"name", std::string(kMetricsGroup)}, {"versions", Json::array({version})}, {"preferredVersion", version}};
}

Json metricsResourceList()
{
    Json resources = Json::array();
    for (auto [plural, kind, namespaced] : {std::tuple{"nodes", "NodeMetrics", false}, std::tuple{"pods", "PodMetrics", true}})
        resources.push_back(Json{{"name", plural},
                                 {"singularName", ""},
                                 {"namespaced", namespaced},
                                 {"kind", kind},
                                 {"verbs", Json::array({"get", "list"})}});
    return Json{{"kind", "APIResourceList"},
                {"apiVersion", "v1"},
                {"groupVersion", std::string(kMetricsGroup) + "/" + std::string(kMetricsVersion)},
                {"resources", resources}};
}

Result<Json> metricsDocument(const Engine& engine, const RequestContext& ctx, const HttpRequest& request,
                             const std::vector<std::string>& rest)
{
    // [namespaces/NS/]RESOURCE[/NAME]
    std::string ns;
    std::vector<std::string> tail = rest;
    if (tail.size() >= 3 && tail[0] == "namespaces") {
        ns = tail[1];
        tail.erase(tail.begin(), tail.begin() + 2);
    }
    const bool nodes = !tail.empty() && tail[0] == "nodes";
    const bool pods = !tail.empty() && tail[0] == "pods";
    if ((!nodes && !pods) || tail.size() > 2 || (nodes && !ns.empty()))
        return fail(ErrorCode::NotFound, "the server could not find the requested resource");
    if (request.method != "GET")
        return fail(ErrorCode::MethodNotAllowed, "the server does not allow this method on the requested resource");
    const std::string name = tail.size() == 2 ? tail[1] : "";
    const std::string resource = nodes ? "nodes" : "pods";
    rbac::Attributes a{name.empty() ? "list" : "get", std::string(kMetricsGroup), resource, "", ns, name, true, ""};
    if (auto allowed = rbac::authorizeRequest(engine, ctx, a); !allowed)
        return fail(allowed.error());

    if (!name.empty()) {
        ObjectPtr object = engine.get(ObjectKey{nodes ? "Node" : "Pod", ns, name});
        auto metrics = !object ? std::nullopt : nodes ? nodeMetrics(engine, *object) : podMetrics(engine, *object);
        if (!metrics)
            return fail(notFound(nodes, ns, name)); // no object, or no metrics for it (not running, not Ready)
        return *metrics;
    }
    auto selector = LabelSelector::parse(request.param("labelSelector").value_or(""));
    if (!selector)
        return fail(ErrorCode::BadRequest, selector.error().message);
    Json items = Json::array();
    for (const ObjectPtr& o : engine.list(nodes ? "Node" : "Pod", ns, *selector)) // in key order
        if (auto m = nodes ? nodeMetrics(engine, *o) : podMetrics(engine, *o))
            items.push_back(std::move(*m));
    return Json{{"kind", nodes ? "NodeMetricsList" : "PodMetricsList"},
                {"apiVersion", "metrics.k8s.io/v1beta1"},
                {"metadata", Json::object()},
                {"items", items}};
}

} // namespace kubelab::core::server

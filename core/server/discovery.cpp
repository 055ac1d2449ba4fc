// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/discovery.h"

#include <algorithm>

#include "core/server/conversion.h"
#include "core/server/metrics.h"

namespace kubelab::core::server {

namespace {

bool hasStatus(std::string_view plural)
{
    static constexpr std::string_view kinds[] = {
        "pods", "nodes", "namespaces", "services", "persistentvolumeclaims", "persistentvolumes",
        "replicationcontrollers", "resourcequotas", "deployments", "replicasets", "statefulsets", "daemonsets",
        "jobs", "cronjobs", "horizontalpodautoscalers", "poddisruptionbudgets", "ingresses", "volumeattachments"};
    return std::ranges::find(kinds, plural) != std::end(kinds);
}

std::vector<std::string> groupsInOrder()
{
    std::vector<std::string> groups;
    for (const ResourceInfo& r : allResources())
        if (!r.group.empty() && std::ranges::find(groups, r.group) == groups.end())
            groups.emplace_back(r.group);
    return groups;
}

std::string versionOfGroup(std::string_view group)
{
    for (const ResourceInfo& r : allResources())
        if (r.group == group)
            return std::string(r.version);
    return {};
}

Json strings(const std::vector<std::string_view>& values)
{
    Json out = Json::array();
    for (std::string_view v : values)
        out.push_back(std::string(v));
    return out;
}

Json groupEntry(std::string_view group)
{
    const std::string version = versionOfGroup(group);
    Json gv = Json{{"groupVersion", std::string(group) + "/" + version}, {"version", version}};
    Json versions = Json::array({gv});
    for (const OlderVersion* older : olderVersionsOf(group))
        versions.push_back(Json{{"groupVersion", std::string(group) + "/" + std::string(older->version)},
                                {"version", std::string(older->version)}});
    return Json{{"name", std::string(group)}, {"versions", versions}, {"preferredVersion", gv}};
}

} // namespace

std::vector<std::string_view> verbsOf(const ResourceInfo& resource)
{
    if (resource.plural == "bindings" || resource.plural.ends_with("reviews"))
        return {"create"};
    if (resource.plural == "componentstatuses")
        return {"get", "list"};
    return {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};
}

std::vector<std::string_view> subresourcesOf(const ResourceInfo& resource)
{
    std::vector<std::string_view> out;
    if (resource.plural == "pods")
        out = {"binding", "eviction", "exec", "log"};
    if (resource.plural == "deployments" || resource.plural == "replicasets" || resource.plural == "statefulsets" ||
        resource.plural == "replicationcontrollers")
        out.emplace_back("scale");
    if (hasStatus(resource.plural))
        out.emplace_back("status");
    std::ranges::sort(out);
    return out;
}

Json versionDocument(std::string_view kubernetesVersion)
{
    // "v1.31.0" -> major 1, minor 31.
    std::string v(kubernetesVersion);
    std::string digits = v.starts_with("v") ? v.substr(1) : v;
    std::string major = digits.substr(0, digits.find('.'));
    std::string rest = digits.find('.') == std::string::npos ? "" : digits.substr(digits.find('.') + 1);
    std::string minor = rest.substr(0, rest.find('.'));
    return Json{{"major", major},
                {"minor", minor},
                {"gitVersion", v},
                {"gitCommit", "0000000000000000000000000000000000000000"},
                {"gitTreeState", "clean"},
                {"buildDate", "2024-08-13T07:28:49Z"},
                {"goVersion", "go1.22.5"},
                {"compiler", "gc"},
                {"platform", "linux/amd64"}};
}

Json coreVersions(std::string_view serverAddress)
{
    return Json{{"kind", "APIVersions"},
                {"versions", Json::array({"v1"})},
                {"serverAddressByClientCIDRs",
                 Json::array({Json{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", std::string(serverAddress)}}})}};
}

Json groupList()
{
    Json groups = Json::array();
    for (const std::string& g : groupsInOrder())
        groups.push_back(groupEntry(g));
    groups.push_back(metricsGroupEntry()); // served by metrics-server (an APIService) on a cluster
    return Json{{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

std::optional<Json> groupDocument(std::string_view group)
{
    if (group == kMetricsGroup) {
        Json out = Json{{"kind", "APIGroup"}, {"apiVersion", "v1"}};
        out.update(metricsGroupEntry());
        return out;
    }
    if (group.empty() || versionOfGroup(group).empty())
        return std::nullopt;
    Json g = groupEntry(group);
    Json out = Json{{"kind", "APIGroup"}, {"apiVersion", "v1"}};
    for (auto it = g.begin(); it != g.end(); ++it)
        out[it.key()] = it.value();
    return out;
}

std::optional<Json> resourceList(std::string_view group, std::string_view version)
{
    if (group == kMetricsGroup)
        return version == kMetricsVersion ? std::optional<Json>(metricsResourceList()) : std::nullopt;
    Json resources = Json::array();
    bool any = false;
    for (const ResourceInfo& r : allResources()) {
        const OlderVersion* older = olderVersion(group, version, r.plural);
        if (r.group != group || (r.version != version && !(older && older->stored == &r)))
            continue;
        any = true;
        Json entry = Json{{"name", std::string(r.plural)},
                          {"singularName", std::string(r.singular)},
                          {"namespaced", r.namespaced},
                          {"kind", std::string(r.kind)},
                          {"verbs", strings(verbsOf(r))}};
        if (!r.shortNames.empty())
            entry["shortNames"] = strings(r.shortNames);
        if (!r.categories.empty())
            entry["categories"] = strings(r.categories);
        resources.push_back(std::move(entry));
        for (std::string_view sub : subresourcesOf(r)) {
            std::string_view kind = r.kind;
            std::vector<std::string_view> verbs = {"get", "patch", "update"};
            if (sub == "scale") {
                kind = "Scale";
            } else if (sub == "binding") {
                kind = "Binding";
                verbs = {"create"};
            } else if (sub == "eviction") {
                kind = "Eviction";
                verbs = {"create"};
            } else if (sub == "log") {
                verbs = {"get"};
            } else if (sub == "exec") {
                kind = "PodExecOptions";
                verbs = {"create", "get"};
            }
            Json subEntry = Json{{"name", std::string(r.plural) + "/" + std::string(sub)},
                                 {"singularName", ""},
                                 {"namespaced", r.namespaced},
                                 {"kind", std::string(kind)},
                                 {"verbs", strings(verbs)}};
            if (sub == "scale") {
                subEntry["group"] = "autoscaling";
                subEntry["version"] = "v1";
            }
            if (sub == "eviction") {
                subEntry["group"] = "policy";
                subEntry["version"] = "v1";
            }
            resources.push_back(std::move(subEntry));
        }
    }
    if (!any)
        return std::nullopt;
    const std::string gv = group.empty() ? std::string(version) : std::string(group) + "/" + std::string(version);
    return Json{{"kind", "APIResourceList"}, {"apiVersion", "v1"}, {"groupVersion", gv}, {"resources", resources}};
}

} // namespace kubelab::core::server

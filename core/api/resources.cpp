// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/resources.h"

#include <algorithm>
#include <cctype>

#include "core/api/names.h"

namespace kubelab::core {

std::string ResourceInfo::apiVersion() const
{
    return group.empty() ? std::string(version) : std::string(group) + "/" + std::string(version);
}

std::string ResourceInfo::qualifiedPlural() const
{
    return group.empty() ? std::string(plural) : std::string(plural) + "." + std::string(group);
}

std::string ResourceInfo::qualifiedSingular() const
{
    return group.empty() ? std::string(singular) : std::string(singular) + "." + std::string(group);
}

namespace {

const std::vector<ResourceInfo>& table()
{
    // clang-format off
    static const std::vector<ResourceInfo> resources = {
        {"bindings", "binding", "Binding", "", "v1", true, {}, {}, false},
        {"componentstatuses", "componentstatus", "ComponentStatus", "", "v1", false, {"cs"}, {}, false},
        {"configmaps", "configmap", "ConfigMap", "", "v1", true, {"cm"}, {}},
        {"endpoints", "endpoints", "Endpoints", "", "v1", true, {"ep"}, {}},
        {"events", "event", "Event", "", "v1", true, {"ev"}, {}},
        {"limitranges", "limitrange", "LimitRange", "", "v1", true, {"limits"}, {}},
        {"namespaces", "namespace", "Namespace", "", "v1", false, {"ns"}, {}},
        {"nodes", "node", "Node", "", "v1", false, {"no"}, {}},
        {"persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", "", "v1", true, {"pvc"}, {}},
        {"persistentvolumes", "persistentvolume", "PersistentVolume", "", "v1", false, {"pv"}, {}},
        {"pods", "pod", "Pod", "", "v1", true, {"po"}, {"all"}},
        {"podtemplates", "podtemplate", "PodTemplate", "", "v1", true, {}, {}},
        {"replicationcontrollers", "replicationcontroller", "ReplicationController", "", "v1", true, {"rc"}, {"all"}},
        {"resourcequotas", "resourcequota", "ResourceQuota", "", "v1", true, {"quota"}, {}},
        {"secrets", "secret", "Secret", "", "v1", true, {}, {}},
        {"serviceaccounts", "serviceaccount", "ServiceAccount", "", "v1", true, {"sa"}, {}},
        {"services", "service", "Service", "", "v1", true, {"svc"}, {"all"}},
        {"controllerrevisions", "controllerrevision", "ControllerRevision", "apps", "v1", true, {}, {}},
        {"daemonsets", "daemonset", "DaemonSet", "apps", "v1", true, {"ds"}, {"all"}},
        {"deployments", "deployment", "Deployment", "apps", "v1", true, {"deploy"}, {"all"}},
        {"replicasets", "replicaset", "ReplicaSet", "apps", "v1", true, {"rs"}, {"all"}},
        {"statefulsets", "statefulset", "StatefulSet", "apps", "v1", true, {"sts"}, {"all"}},
        {"selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", "authentication.k8s.io", "v1", false, {}, {}, false},
        {"tokenreviews", "tokenreview", "TokenReview", "authentication.k8s.io", "v1", false, {}, {}, false},
        {"localsubjectaccessreviews", "localsubjectaccessreview", "LocalSubjectAccessReview", "authorization.k8s.io", "v1", true, {}, {}, false},
        {"selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", "authorization.k8s.io", "v1", false, {}, {}, false},
        {"selfsubjectrulesreviews", "selfsubjectrulesreview", "SelfSubjectRulesReview", "authorization.k8s.io", "v1", false, {}, {}, false},
        {"subjectaccessreviews", "subjectaccessreview", "SubjectAccessReview", "authorization.k8s.io", "v1", false, {}, {}, false},
        {"horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", "autoscaling", "v2", true, {"hpa"}, {"all"}},
        {"cronjobs", "cronjob", "CronJob", "batch", "v1", true, {"cj"}, {"all"}},
        {"jobs", "job", "Job", "batch", "v1", true, {}, {"all"}},
        {"leases", "lease", "Lease", "coordination.k8s.io", "v1", true, {}, {}},
        {"endpointslices", "endpointslice", "EndpointSlice", "discovery.k8s.io", "v1", true, {}, {}},
        {"events", "event", "Event", "events.k8s.io", "v1", true, {"ev"}, {}, false},
        {"ingressclasses", "ingressclass", "IngressClass", "networking.k8s.io", "v1", false, {}, {}},
        {"ingresses", "ingress", "Ingress", "networking.k8s.io", "v1", true, {"ing"}, {}},
        {"networkpolicies", "networkpolicy", "NetworkPolicy", "networking.k8s.io", "v1", true, {"netpol"}, {}},
        {"poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", "policy", "v1", true, {"pdb"}, {}},
        {"clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", "rbac.authorization.k8s.io", "v1", false, {}, {}},
        {"clusterroles", "clusterrole", "ClusterRole", "rbac.authorization.k8s.io", "v1", false, {}, {}},
        {"rolebindings", "rolebinding", "RoleBinding", "rbac.authorization.k8s.io", "v1", true, {}, {}},
        {"roles", "role", "Role", "rbac.authorization.k8s.io", "v1", true, {}, {}},
        {"priorityclasses", "priorityclass", "PriorityClass", "scheduling.k8s.io", "v1", false, {"pc"}, {}},
        {"csidrivers", "csidriver", "CSIDriver", "storage.k8s.io", "v1", false, {}, {}},
        {"csinodes", "csinode", "CSINode", "storage.k8s.io", "v1", false, {}, {}},
        {"csistoragecapacities", "csistoragecapacity", "CSIStorageCapacity", "storage.k8s.io", "v1", true, {}, {}},
        {"storageclasses", "storageclass", "StorageClass", "storage.k8s.io", "v1", false, {"sc"}, {}},
        {"volumeattachments", "volumeattachment", "VolumeAttachment", "storage.k8s.io", "v1", false, {}, {}},
    };
    // clang-format on
    return resources;
}

} // namespace

std::span<const ResourceInfo> allResources()
{
    return table();
}

const ResourceInfo* findResource(std::string_view typed)
{
    std::string name = asciiLower(typed);
    std::string group;
    if (auto dot = name.find('.'); dot != std::string::npos) {
        group = name.substr(dot + 1);
        name = name.substr(0, dot);
    }
    for (const ResourceInfo& r : table()) {
        if (!group.empty() && r.group != group)
            continue;
        if (r.group == "events.k8s.io" && group.empty())
            continue; // plain `events` means the core group, as in kubectl
        if (r.plural == name || r.singular == name || asciiLower(r.kind) == name)
            return &r;
        for (std::string_view s : r.shortNames)
            if (s == name)
                return &r;
    }
    return nullptr;
}

const ResourceInfo* findResourceByKind(std::string_view kind)
{
    for (const ResourceInfo& r : table())
        if (r.kind == kind && r.group != "events.k8s.io")
            return &r;
    return nullptr;
}

const ResourceInfo* findResourceByApiVersionKind(std::string_view apiVersion, std::string_view kind)
{
    for (const ResourceInfo& r : table())
        if (r.kind == kind && r.apiVersion() == apiVersion)
            return &r;
    // Older API versions still found in tutorials resolve to the stored version.
    std::string_view group = apiVersion.substr(0, apiVersion.find('/'));
    if (apiVersion.find('/') == std::string_view::npos)
        group = "";
    for (const ResourceInfo& r : table())
        if (r.kind == kind && r.group == group)
            return &r;
    return nullptr;
}

} // namespace kubelab::core

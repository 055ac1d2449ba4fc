// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lessons/lessonfields.h"

#include "core/api/object.h"
#include "core/cli/jsonpath.h"

namespace kubelab::core {

namespace {

enum Kinds : unsigned {
    PodKind = 1u << 0,
    Workload = 1u << 1, // Deployment, ReplicaSet, StatefulSet
    DaemonSetKind = 1u << 2,
    JobKind = 1u << 3,
    ServiceKind = 1u << 4,
    ClaimKind = 1u << 5,
    VolumeKind = 1u << 6,
    NodeKind = 1u << 7,
    KubeProxyKind = 1u << 8,
    Any = ~0u,
};

unsigned kindBit(std::string_view kind)
{
    if (kind == "Pod")
        return PodKind;
    if (kind == "Deployment" || kind == "ReplicaSet" || kind == "StatefulSet")
        return Workload;
    if (kind == "DaemonSet")
        return DaemonSetKind;
    if (kind == "Job")
        return JobKind;
    if (kind == "Service")
        return ServiceKind;
    if (kind == "PersistentVolumeClaim")
        return ClaimKind;
    if (kind == "PersistentVolume")
        return VolumeKind;
    if (kind == "Node")
        return NodeKind;
    if (kind == kKubeProxyConfigurationKind)
        return KubeProxyKind;
    return 0;
}

struct FieldPath {
    std::string_view field;
    unsigned kinds;
    std::string_view path;
};

constexpr std::string_view kTemplate = "{.spec.template.spec.containers[0].image}";

// One row per (field, kinds): the first row whose kinds include the object's kind wins.
constexpr FieldPath kFields[] = {
    {"phase", PodKind | ClaimKind | VolumeKind, "{.status.phase}"},
    {"node", PodKind, "{.spec.nodeName}"},
    {"image", PodKind, "{.spec.containers[0].image}"},
    {"image", Workload | DaemonSetKind | JobKind, kTemplate},
    {"ready", PodKind | NodeKind, "{.status.conditions[?(@.type==\"Ready\")].status}"},
    {"restarts", PodKind, "{.status.containerStatuses[0].restartCount}"},
    {"podIP", PodKind, "{.status.podIP}"},
    {"qosClass", PodKind, "{.status.qosClass}"},
    {"schedulerName", PodKind, "{.spec.schedulerName}"},
    {"replicas", Workload, "{.spec.replicas}"},
    {"readyReplicas", Workload, "{.status.readyReplicas}"},
    {"availableReplicas", Workload, "{.status.availableReplicas}"},
    {"updatedReplicas", Workload, "{.status.updatedReplicas}"},
    {"paused", Workload, "{.spec.paused}"},
    {"revision", Workload, "{.metadata.annotations.deployment\\.kubernetes\\.io/revision}"},
    {"desiredNumberScheduled", DaemonSetKind, "{.status.desiredNumberScheduled}"},
    {"numberReady", DaemonSetKind, "{.status.numberReady}"},
    {"numberAvailable", DaemonSetKind, "{.status.numberAvailable}"},
    {"succeeded", JobKind, "{.status.succeeded}"},
    {"type", ServiceKind, "{.spec.type}"},
    {"clusterIP", ServiceKind, "{.spec.clusterIP}"},
    {"nodePort", ServiceKind, "{.spec.ports[0].nodePort}"},
    {"volumeName", ClaimKind, "{.spec.volumeName}"},
    {"storageClassName", ClaimKind | VolumeKind, "{.spec.storageClassName}"},
    {"claim", VolumeKind, "{.spec.claimRef.name}"},
    {"unschedulable", NodeKind, "{.spec.unschedulable}"},
    {"mode", KubeProxyKind, "{.mode}"},
};

} // namespace

bool isConditionField(std::string_view key)
{
    if (key == "reason" || key == "stored" || (key.starts_with("labels.") && key.size() > 7))
        return true;
    for (const FieldPath& f : kFields)
        if (f.field == key)
            return true;
    return false;
}

std::optional<std::string> conditionJsonPath(std::string_view kind, std::string_view field)
{
    unsigned bit = kindBit(kind);
    for (const FieldPath& f : kFields)
        if (f.field == field && (f.kinds & bit) != 0)
            return std::string(f.path);
    return std::nullopt;
}

bool isSpecialConditionField(std::string_view kind, std::string_view field)
{
    if (kind == kKubeProxyConfigurationKind)
        return false; // neither stored in etcd nor labelled
    return (field == "reason" && kind == "Pod") || field == "stored" || (field.starts_with("labels.") && field.size() > 7);
}

Status checkJsonPath(std::string_view tmpl)
{
    auto r = cli::executeJsonPath(tmpl, Json::object());
    if (!r)
        return std::unexpected(r.error());
    return {};
}

} // namespace kubelab::core

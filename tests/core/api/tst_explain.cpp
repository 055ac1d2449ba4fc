// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include <set>
#include <string>

#include "core/api/explain.h"
#include "core/api/resources.h"
#include "core/api/schema.h"

using namespace kubelab::core;

namespace {

// Fields whose doc comment is empty upstream; kubectl prints `<no description>` for them.
const std::set<std::string> undocumentedUpstream = {
    "io.k8s.api.core.v1.NamespaceCondition.lastTransitionTime",
    "io.k8s.api.core.v1.NamespaceCondition.message",
    "io.k8s.api.core.v1.NamespaceCondition.reason",
    "io.k8s.api.core.v1.PersistentVolumeClaimCondition.status",
    "io.k8s.api.core.v1.PersistentVolumeClaimCondition.type",
    "io.k8s.api.core.v1.PodDNSConfigOption.value",
    "io.k8s.api.networking.v1.IngressRule.http",
};

// The types learners use most: every field of these has a Chinese description.
const std::set<std::string> translatedTypes = {
    "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
    "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
    "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry",
    "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
    "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement",
    "io.k8s.api.core.v1.Pod",
    "io.k8s.api.core.v1.PodSpec",
    "io.k8s.api.core.v1.PodTemplateSpec",
    "io.k8s.api.core.v1.Container",
    "io.k8s.api.core.v1.ContainerPort",
    "io.k8s.api.core.v1.EnvVar",
    "io.k8s.api.core.v1.EnvVarSource",
    "io.k8s.api.core.v1.ConfigMapKeySelector",
    "io.k8s.api.core.v1.SecretKeySelector",
    "io.k8s.api.core.v1.ObjectFieldSelector",
    "io.k8s.api.core.v1.ResourceFieldSelector",
    "io.k8s.api.core.v1.EnvFromSource",
    "io.k8s.api.core.v1.ConfigMapEnvSource",
    "io.k8s.api.core.v1.SecretEnvSource",
    "io.k8s.api.core.v1.ResourceRequirements",
    "io.k8s.api.core.v1.ResourceClaim",
    "io.k8s.api.core.v1.ContainerResizePolicy",
    "io.k8s.api.core.v1.VolumeMount",
    "io.k8s.api.core.v1.VolumeDevice",
    "io.k8s.api.core.v1.Lifecycle",
    "io.k8s.api.core.v1.LifecycleHandler",
    "io.k8s.api.core.v1.SleepAction",
    "io.k8s.api.core.v1.Probe",
    "io.k8s.api.core.v1.ExecAction",
    "io.k8s.api.core.v1.HTTPGetAction",
    "io.k8s.api.core.v1.HTTPHeader",
    "io.k8s.api.core.v1.TCPSocketAction",
    "io.k8s.api.core.v1.GRPCAction",
    "io.k8s.api.core.v1.SecurityContext",
    "io.k8s.api.core.v1.Capabilities",
    "io.k8s.api.core.v1.SELinuxOptions",
    "io.k8s.api.core.v1.SeccompProfile",
    "io.k8s.api.core.v1.AppArmorProfile",
    "io.k8s.api.core.v1.WindowsSecurityContextOptions",
    "io.k8s.api.core.v1.PodSecurityContext",
    "io.k8s.api.core.v1.Sysctl",
    "io.k8s.api.core.v1.PodDNSConfig",
    "io.k8s.api.core.v1.HostAlias",
    "io.k8s.api.core.v1.LocalObjectReference",
    "io.k8s.api.core.v1.PodOS",
    "io.k8s.api.core.v1.PodReadinessGate",
    "io.k8s.api.core.v1.PodSchedulingGate",
    "io.k8s.api.core.v1.Volume",
    "io.k8s.api.core.v1.EmptyDirVolumeSource",
    "io.k8s.api.core.v1.HostPathVolumeSource",
    "io.k8s.api.core.v1.ConfigMapVolumeSource",
    "io.k8s.api.core.v1.KeyToPath",
    "io.k8s.api.core.v1.SecretVolumeSource",
    "io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource",
    "io.k8s.api.core.v1.ProjectedVolumeSource",
    "io.k8s.api.core.v1.VolumeProjection",
    "io.k8s.api.core.v1.ConfigMapProjection",
    "io.k8s.api.core.v1.SecretProjection",
    "io.k8s.api.core.v1.DownwardAPIProjection",
    "io.k8s.api.core.v1.ServiceAccountTokenProjection",
    "io.k8s.api.core.v1.ClusterTrustBundleProjection",
    "io.k8s.api.core.v1.DownwardAPIVolumeSource",
    "io.k8s.api.core.v1.DownwardAPIVolumeFile",
    "io.k8s.api.core.v1.Affinity",
    "io.k8s.api.core.v1.NodeAffinity",
    "io.k8s.api.core.v1.NodeSelector",
    "io.k8s.api.core.v1.NodeSelectorTerm",
    "io.k8s.api.core.v1.NodeSelectorRequirement",
    "io.k8s.api.core.v1.PreferredSchedulingTerm",
    "io.k8s.api.core.v1.PodAffinity",
    "io.k8s.api.core.v1.PodAntiAffinity",
    "io.k8s.api.core.v1.PodAffinityTerm",
    "io.k8s.api.core.v1.WeightedPodAffinityTerm",
    "io.k8s.api.core.v1.Toleration",
    "io.k8s.api.core.v1.TopologySpreadConstraint",
    "io.k8s.api.core.v1.Taint",
    "io.k8s.api.apps.v1.Deployment",
    "io.k8s.api.apps.v1.DeploymentSpec",
    "io.k8s.api.apps.v1.DeploymentStrategy",
    "io.k8s.api.apps.v1.RollingUpdateDeployment",
    "io.k8s.api.apps.v1.DeploymentStatus",
    "io.k8s.api.apps.v1.ReplicaSet",
    "io.k8s.api.apps.v1.ReplicaSetSpec",
    "io.k8s.api.apps.v1.ReplicaSetStatus",
    "io.k8s.api.apps.v1.DaemonSet",
    "io.k8s.api.apps.v1.DaemonSetSpec",
    "io.k8s.api.apps.v1.DaemonSetUpdateStrategy",
    "io.k8s.api.apps.v1.RollingUpdateDaemonSet",
    "io.k8s.api.apps.v1.DaemonSetStatus",
    "io.k8s.api.apps.v1.StatefulSet",
    "io.k8s.api.apps.v1.StatefulSetSpec",
    "io.k8s.api.apps.v1.StatefulSetUpdateStrategy",
    "io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy",
    "io.k8s.api.apps.v1.StatefulSetStatus",
    "io.k8s.api.batch.v1.Job",
    "io.k8s.api.batch.v1.JobSpec",
    "io.k8s.api.batch.v1.CronJob",
    "io.k8s.api.batch.v1.CronJobSpec",
    "io.k8s.api.batch.v1.JobTemplateSpec",
    "io.k8s.api.core.v1.Service",
    "io.k8s.api.core.v1.ServiceSpec",
    "io.k8s.api.core.v1.ServicePort",
    "io.k8s.api.core.v1.SessionAffinityConfig",
    "io.k8s.api.core.v1.ClientIPConfig",
    "io.k8s.api.networking.v1.Ingress",
    "io.k8s.api.networking.v1.IngressSpec",
    "io.k8s.api.networking.v1.IngressRule",
    "io.k8s.api.networking.v1.HTTPIngressRuleValue",
    "io.k8s.api.networking.v1.HTTPIngressPath",
    "io.k8s.api.networking.v1.IngressBackend",
    "io.k8s.api.networking.v1.IngressServiceBackend",
    "io.k8s.api.networking.v1.ServiceBackendPort",
    "io.k8s.api.networking.v1.IngressTLS",
    "io.k8s.api.networking.v1.NetworkPolicy",
    "io.k8s.api.networking.v1.NetworkPolicySpec",
    "io.k8s.api.networking.v1.NetworkPolicyIngressRule",
    "io.k8s.api.networking.v1.NetworkPolicyEgressRule",
    "io.k8s.api.networking.v1.NetworkPolicyPeer",
    "io.k8s.api.networking.v1.NetworkPolicyPort",
    "io.k8s.api.networking.v1.IPBlock",
    "io.k8s.api.core.v1.PersistentVolume",
    "io.k8s.api.core.v1.PersistentVolumeSpec",
    "io.k8s.api.core.v1.PersistentVolumeClaim",
    "io.k8s.api.core.v1.PersistentVolumeClaimSpec",
    "io.k8s.api.core.v1.VolumeResourceRequirements",
    "io.k8s.api.core.v1.TypedLocalObjectReference",
    "io.k8s.api.core.v1.TypedObjectReference",
    "io.k8s.api.core.v1.VolumeNodeAffinity",
    "io.k8s.api.storage.v1.StorageClass",
    "io.k8s.api.core.v1.ConfigMap",
    "io.k8s.api.core.v1.Secret",
    "io.k8s.api.core.v1.ServiceAccount",
    "io.k8s.api.core.v1.Namespace",
    "io.k8s.api.core.v1.Node",
    "io.k8s.api.core.v1.NodeSpec",
    "io.k8s.api.rbac.v1.Role",
    "io.k8s.api.rbac.v1.ClusterRole",
    "io.k8s.api.rbac.v1.RoleBinding",
    "io.k8s.api.rbac.v1.ClusterRoleBinding",
    "io.k8s.api.rbac.v1.PolicyRule",
    "io.k8s.api.rbac.v1.Subject",
    "io.k8s.api.rbac.v1.RoleRef",
    "io.k8s.api.rbac.v1.AggregationRule",
    "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler",
    "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec",
    "io.k8s.api.autoscaling.v2.CrossVersionObjectReference",
    "io.k8s.api.autoscaling.v2.MetricSpec",
    "io.k8s.api.autoscaling.v2.ResourceMetricSource",
    "io.k8s.api.autoscaling.v2.ContainerResourceMetricSource",
    "io.k8s.api.autoscaling.v2.PodsMetricSource",
    "io.k8s.api.autoscaling.v2.ObjectMetricSource",
    "io.k8s.api.autoscaling.v2.ExternalMetricSource",
    "io.k8s.api.autoscaling.v2.MetricIdentifier",
    "io.k8s.api.autoscaling.v2.MetricTarget",
    "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerBehavior",
    "io.k8s.api.autoscaling.v2.HPAScalingRules",
    "io.k8s.api.autoscaling.v2.HPAScalingPolicy",
    "io.k8s.api.core.v1.LimitRange",
    "io.k8s.api.core.v1.LimitRangeSpec",
    "io.k8s.api.core.v1.LimitRangeItem",
    "io.k8s.api.core.v1.ResourceQuota",
    "io.k8s.api.core.v1.ResourceQuotaSpec",
    "io.k8s.api.core.v1.ScopeSelector",
    "io.k8s.api.core.v1.ScopedResourceSelectorRequirement",
    "io.k8s.api.scheduling.v1.PriorityClass",
    "io.k8s.api.core.v1.Event",
    "io.k8s.api.coordination.v1.Lease",
    "io.k8s.api.coordination.v1.LeaseSpec",
    "io.k8s.api.policy.v1.PodDisruptionBudget",
    "io.k8s.api.policy.v1.PodDisruptionBudgetSpec",
    "io.k8s.api.core.v1.Endpoints",
    "io.k8s.api.discovery.v1.EndpointSlice",
    "io.k8s.api.networking.v1.IngressClass",
    "io.k8s.api.networking.v1.IngressClassSpec",
};

const Schema& schema()
{
    const Result<Schema>& compiled = apiSchema();
    if (!compiled)
        qFatal("%s", compiled.error().message.c_str());
    return *compiled;
}

} // namespace

class TestExplain : public QObject
{
    Q_OBJECT

private slots:
    void golden_data();
    void golden();
    void podSpecStartsLikeKubectl();
    void errors_data();
    void errors();
    void resourceNames_data();
    void resourceNames();
    void everyResourceExplains();
    void wrapText_data();
    void wrapText();
    void everyFieldDocumented();
    void chineseCoverage();
};

void TestExplain::golden_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("recursive");
    QTest::addColumn<bool>("chinese");
    QTest::addColumn<QString>("expected");

    QTest::addRow("deployment.spec.strategy") << "deployment.spec.strategy" << false << false << QString::fromUtf8(
        "GROUP:      apps\n"
        "KIND:       Deployment\n"
        "VERSION:    v1\n"
        "\n"
        "FIELD: strategy <DeploymentStrategy>\n"
        "\n"
        "\n"
        "DESCRIPTION:\n"
        "    The deployment strategy to use to replace existing pods with new ones.\n"
        "    DeploymentStrategy describes how to replace existing pods with new ones.\n"
        "    \n"
        "FIELDS:\n"
        "  rollingUpdate\t<RollingUpdateDeployment>\n"
        "    Rolling update config params. Present only if DeploymentStrategyType =\n"
        "    RollingUpdate.\n"
        "\n"
        "  type\t<string>\n"
        "  enum: Recreate, RollingUpdate\n"
        "    Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is\n"
        "    RollingUpdate.\n"
        "    \n"
        "    Possible enum values:\n"
        "     - `\"Recreate\"` Kill all existing pods before creating new ones.\n"
        "     - `\"RollingUpdate\"` Replace the old ReplicaSets by new one using rolling\n"
        "    update i.e gradually scale down the old ReplicaSets and scale up the new\n"
        "    one.\n"
        "\n"
        "\n");
    QTest::addRow("pod.spec.containers.resources") << "pod.spec.containers.resources" << false << false << QString::fromUtf8(
        "KIND:       Pod\n"
        "VERSION:    v1\n"
        "\n"
        "FIELD: resources <ResourceRequirements>\n"
        "\n"
        "\n"
        "DESCRIPTION:\n"
        "    Compute Resources required by this container. Cannot be updated. More info:\n"
        "    https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/\n"
        "    ResourceRequirements describes the compute resource requirements.\n"
        "    \n"
        "FIELDS:\n"
        "  claims\t<[]ResourceClaim>\n"
        "    Claims lists the names of resources, defined in spec.resourceClaims, that\n"
        "    are used by this container.\n"
        "    \n"
        "    This is an alpha field and requires enabling the DynamicResourceAllocation\n"
        "    feature gate.\n"
        "    \n"
        "    This field is immutable. It can only be set for containers.\n"
        "\n"
        "  limits\t<map[string]Quantity>\n"
        "    Limits describes the maximum amount of compute resources allowed. More info:\n"
        "    https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/\n"
        "\n"
        "  requests\t<map[string]Quantity>\n"
        "    Requests describes the minimum amount of compute resources required. If\n"
        "    Requests is omitted for a container, it defaults to Limits if that is\n"
        "    explicitly specified, otherwise to an implementation-defined value. Requests\n"
        "    cannot exceed Limits. More info:\n"
        "    https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/\n"
        "\n"
        "\n");
    QTest::addRow("enum-field") << "po.spec.restartPolicy" << false << false << QString::fromUtf8(
        "KIND:       Pod\n"
        "VERSION:    v1\n"
        "\n"
        "FIELD: restartPolicy <string>\n"
        "ENUM:\n"
        "    Always\n"
        "    Never\n"
        "    OnFailure\n"
        "\n"
        "DESCRIPTION:\n"
        "    Restart policy for all containers within the pod. One of Always, OnFailure,\n"
        "    Never. In some contexts, only a subset of those values may be permitted.\n"
        "    Default to Always. More info:\n"
        "    https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy\n"
        "    \n"
        "    Possible enum values:\n"
        "     - `\"Always\"`\n"
        "     - `\"Never\"`\n"
        "     - `\"OnFailure\"`\n"
        "    \n"
        "\n");
    QTest::addRow("recursive") << "deploy.spec.strategy" << true << false << QString::fromUtf8(
        "GROUP:      apps\n"
        "KIND:       Deployment\n"
        "VERSION:    v1\n"
        "\n"
        "FIELD: strategy <DeploymentStrategy>\n"
        "\n"
        "\n"
        "DESCRIPTION:\n"
        "    The deployment strategy to use to replace existing pods with new ones.\n"
        "    DeploymentStrategy describes how to replace existing pods with new ones.\n"
        "    \n"
        "FIELDS:\n"
        "  rollingUpdate\t<RollingUpdateDeployment>\n"
        "    maxSurge\t<IntOrString>\n"
        "    maxUnavailable\t<IntOrString>\n"
        "  type\t<string>\n"
        "  enum: Recreate, RollingUpdate\n"
        "\n");
    QTest::addRow("chinese") << "deployment.spec.strategy" << false << true << QString::fromUtf8(
        "GROUP:      apps\n"
        "KIND:       Deployment\n"
        "VERSION:    v1\n"
        "\n"
        "FIELD: strategy <DeploymentStrategy>\n"
        "\n"
        "\n"
        "DESCRIPTION:\n"
        "    用新 Pod 替换现有 Pod 时所用的部署策略。\n"
        "    DeploymentStrategy 描述如何用新 Pod 替换现有 Pod。\n"
        "    \n"
        "FIELDS:\n"
        "  rollingUpdate\t<RollingUpdateDeployment>\n"
        "    滚动更新的配置参数。仅当 DeploymentStrategyType = RollingUpdate 时存在。\n"
        "\n"
        "  type\t<string>\n"
        "  enum: Recreate, RollingUpdate\n"
        "    部署的类型。可以是 \"Recreate\" 或 \"RollingUpdate\"。默认为 RollingUpdate。\n"
        "    \n"
        "    可能的枚举值：\n"
        "     - `\"Recreate\"` 先杀死所有现有的 Pod，再创建新的 Pod。\n"
        "     - `\"RollingUpdate\"` 以滚动更新的方式用新的 ReplicaSet 替换旧的 ReplicaSet，\n"
        "    即逐步缩容旧的 ReplicaSet，同时扩容新的 ReplicaSet。\n"
        "\n"
        "\n");
}

void TestExplain::golden()
{
    QFETCH(QString, path);
    QFETCH(bool, recursive);
    QFETCH(bool, chinese);
    QFETCH(QString, expected);

    Result<std::string> out = explain(path.toStdString(), recursive, chinese ? Language::Chinese : Language::English);
    QVERIFY2(out.has_value(), out ? "" : out.error().message.c_str());
    QCOMPARE(QString::fromStdString(*out), expected);
}

void TestExplain::podSpecStartsLikeKubectl()
{
    Result<std::string> out = explain("pods.spec", false, Language::English);
    QVERIFY(out.has_value());
    const std::string expected =
        "KIND:       Pod\n"
        "VERSION:    v1\n"
        "\n"
        "FIELD: spec <PodSpec>\n"
        "\n"
        "\n"
        "DESCRIPTION:\n"
        "    Specification of the desired behavior of the pod. More info:\n"
        "    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status\n"
        "    PodSpec is a description of a pod.\n"
        "    \n"
        "FIELDS:\n"
        "  activeDeadlineSeconds\t<integer>\n"
        "    Optional duration in seconds the pod may be active on the node relative to\n"
        "    StartTime before the system will actively try to mark it failed and kill\n"
        "    associated containers. Value must be a positive integer.\n"
        "\n"
        "  affinity\t<Affinity>\n"
        "    If specified, the pod's scheduling constraints\n"
        "\n"
        "  automountServiceAccountToken\t<boolean>\n"
        "    AutomountServiceAccountToken indicates whether a service account token\n";
    QCOMPARE(QString::fromStdString(out->substr(0, expected.size())), QString::fromStdString(expected));
    // The last field is followed by the blank line of its block and the template's final one.
    QVERIFY(out->ends_with("https://kubernetes.io/docs/concepts/storage/volumes\n\n\n"));
}

void TestExplain::errors_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    QTest::addRow("unknown-resource") << "foo" << "error: the server doesn't have a resource type \"foo\"";
    QTest::addRow("unknown-resource-with-field") << "foos.spec" << "error: the server doesn't have a resource type \"foos\"";
    QTest::addRow("unknown-field") << "pod.spec.foo" << "error: field \"foo\" does not exist";
    // kubectl names the last segment of the path, not the first one missing.
    QTest::addRow("unknown-field-deep") << "pods.foo.bar" << "error: field \"bar\" does not exist";
    QTest::addRow("field-of-a-string") << "pod.spec.nodeName.foo" << "error: field \"foo\" does not exist";
    QTest::addRow("field-of-a-quantity") << "pod.spec.containers.resources.limits.cpu" << "error: field \"cpu\" does not exist";
    QTest::addRow("case-sensitive-field") << "pod.Spec" << "error: field \"Spec\" does not exist";
}

void TestExplain::errors()
{
    QFETCH(QString, path);
    QFETCH(QString, message);

    Result<std::string> out = explain(path.toStdString(), false, Language::English);
    QVERIFY(!out.has_value());
    QCOMPARE(out.error().code, ErrorCode::Client);
    QCOMPARE(QString::fromStdString(out.error().toString()), message);
}

void TestExplain::resourceNames_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("header");

    QTest::addRow("short-name") << "po" << "KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n";
    QTest::addRow("kind") << "Pod" << "KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n";
    QTest::addRow("group") << "deploy" << "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nDESCRIPTION:\n";
    QTest::addRow("trailing-dot") << "svc." << "KIND:       Service\nVERSION:    v1\n\nDESCRIPTION:\n";
    QTest::addRow("hpa-v2") << "hpa.spec" << "GROUP:      autoscaling\nKIND:       HorizontalPodAutoscaler\nVERSION:    v2\n\nFIELD: spec <HorizontalPodAutoscalerSpec>\n";
    QTest::addRow("events-core") << "ev" << "KIND:       Event\nVERSION:    v1\n\nDESCRIPTION:\n";
    QTest::addRow("list-field") << "pods.spec.containers" << "KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <[]Container>\n\n\nDESCRIPTION:\n";
    QTest::addRow("map-field") << "cm.data" << "KIND:       ConfigMap\nVERSION:    v1\n\nFIELD: data <map[string]string>\n\n\nDESCRIPTION:\n";
    QTest::addRow("time-is-string") << "pod.metadata.creationTimestamp" << "KIND:       Pod\nVERSION:    v1\n\nFIELD: creationTimestamp <string>\n\n\nDESCRIPTION:\n";
}

void TestExplain::resourceNames()
{
    QFETCH(QString, path);
    QFETCH(QString, header);

    Result<std::string> out = explain(path.toStdString(), false, Language::English);
    QVERIFY2(out.has_value(), out ? "" : out.error().message.c_str());
    QVERIFY2(out->starts_with(header.toStdString()), out->c_str());
}

void TestExplain::everyResourceExplains()
{
    for (const ResourceInfo& resource : allResources()) {
        for (Language language : {Language::English, Language::Chinese}) {
            for (bool recursive : {false, true}) {
                Result<std::string> out = explain(resource.plural, recursive, language);
                QVERIFY2(out.has_value(), std::string(resource.plural).c_str());
                QVERIFY(out->find("KIND:       " + std::string(resource.kind) + "\n") != std::string::npos);
                QVERIFY(out->find("FIELDS:\n") != std::string::npos);
            }
        }
    }
}

void TestExplain::wrapText_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QString>("output");

    // go-wordwrap's own cases: kubectl wraps with it.
    QTest::addRow("word") << "foo" << 4 << "foo";
    QTest::addRow("long-word-not-broken") << "foobarbaz" << 4 << "foobarbaz";
    QTest::addRow("break-at-spaces") << "foo bar baz" << 4 << "foo\nbar\nbaz";
    QTest::addRow("long-words") << "foo bars bazzes" << 4 << "foo\nbars\nbazzes";
    QTest::addRow("word-beyond-width") << "fo sop" << 4 << "fo\nsop";
    QTest::addRow("no-break-on-nbsp") << QString::fromUtf8("foo bar\u00a0baz") << 10 << QString::fromUtf8("foo\nbar\u00a0baz");
    QTest::addRow("trailing-space-that-fits") << "foo\nb\t r\n baz" << 4 << "foo\nb\t r\n baz";
    QTest::addRow("trailing-space-dropped") << "foo    \nb   ar   " << 4 << "foo\nb\nar";
    QTest::addRow("final-newline") << "foo bar baz\n" << 4 << "foo\nbar\nbaz\n";
    QTest::addRow("explicit-breaks") << "\nfoo bar\n\n\nbaz\n" << 4 << "\nfoo\nbar\n\n\nbaz\n";
    QTest::addRow("complete") << " This is a list: \n\n\t* foo\n\t* bar\n\n\n\t* baz  \nBAM    " << 6
                              << " This\nis a\nlist: \n\n\t* foo\n\t* bar\n\n\n\t* baz\nBAM";
    QTest::addRow("multi-byte") << QString::fromUtf8("\u2584 \u2584 \u2584 \u2584 ") << 4
                                << QString::fromUtf8("\u2584 \u2584\n\u2584 \u2584 ");
    // Chinese: breaks between wide characters, two columns each, never before closing
    // punctuation.
    QTest::addRow("cjk") << QString::fromUtf8("中文字符测试") << 4 << QString::fromUtf8("中文\n字符\n测试");
    QTest::addRow("cjk-punctuation") << QString::fromUtf8("中文，测试") << 6 << QString::fromUtf8("中文，\n测试");
    QTest::addRow("cjk-and-words") << QString::fromUtf8("使用 Pod 的名称") << 8 << QString::fromUtf8("使用 Pod\n的名称");
}

void TestExplain::wrapText()
{
    QFETCH(QString, input);
    QFETCH(int, limit);
    QFETCH(QString, output);

    QCOMPARE(QString::fromStdString(kubelab::core::wrapText(input.toStdString(), static_cast<std::size_t>(limit))), output);
}

void TestExplain::everyFieldDocumented()
{
    for (const SchemaType& type : schema().types()) {
        for (const SchemaField& field : type.fields) {
            const std::string key = type.key + "." + field.name;
            if (undocumentedUpstream.contains(key))
                continue;
            QVERIFY2(!field.description.empty(), key.c_str());
            QVERIFY2(!field.type.empty(), key.c_str());
        }
    }
}

void TestExplain::chineseCoverage()
{
    for (const ResourceInfo& resource : allResources()) {
        const SchemaType* kind = schema().kind(resource.group, resource.version, resource.kind);
        QVERIFY2(kind, std::string(resource.kind).c_str());
        QVERIFY2(!kind->descriptionZh.empty(), kind->key.c_str());
    }
    for (const std::string& key : translatedTypes) {
        const SchemaType* type = schema().type(key);
        QVERIFY2(type, key.c_str());
        QVERIFY2(!type->descriptionZh.empty() || type->description.empty(), key.c_str());
        for (const SchemaField& field : type->fields)
            QVERIFY2(!field.descriptionZh.empty(), (key + "." + field.name).c_str());
        for (const SchemaField& field : type->fields)
            for (const SchemaEnumValue& value : schema().enumValues(field.enumType))
                QVERIFY2(value.description.empty() || !value.descriptionZh.empty(),
                         (field.enumType + " " + value.value).c_str());
    }
}

QTEST_APPLESS_MAIN(TestExplain)

#include "tst_explain.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's pkg/apis/{core,apps,batch,...}/v1/defaults_test.go and what
// `kubectl get -o yaml` shows for a freshly created object.
#include <QTest>

#include <string>

#include "core/api/defaults.h"

using kubelab::core::Json;

namespace {

Json parse(const QString& text)
{
    return Json::parse(text.toStdString());
}

/// The value at `pointer` after defaulting, as compact JSON; `<absent>` when missing.
QString valueAt(const Json& object, const QString& pointer)
{
    const Json::json_pointer p(pointer.toStdString());
    if (!object.contains(p))
        return QStringLiteral("<absent>");
    return QString::fromStdString(object.at(p).dump());
}

/// The same JSON with object keys sorted, so objects compare regardless of key order.
QString sortedKeys(const QString& json)
{
    return QString::fromStdString(nlohmann::json::parse(json.toStdString()).dump());
}

QString str(const Json& value)
{
    return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
}

const char* const kPod = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},
    "spec":{"containers":[{"name":"c","image":"nginx"}]}})";

} // namespace

class TestDefaults : public QObject {
    Q_OBJECT

private slots:
    void field_data();
    void field();
    void idempotent_data();
    void idempotent();
    void userValuesKept();
    void unknownKindUntouched();
    void wrongShapesDoNotThrow();
};

void TestDefaults::field_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("expected");

    // Pod: SetDefaults_PodSpec, SetDefaults_Pod, SetDefaults_Container.
    QTest::addRow("pod-restart-policy") << kPod << "/spec/restartPolicy" << R"("Always")";
    QTest::addRow("pod-dns-policy") << kPod << "/spec/dnsPolicy" << R"("ClusterFirst")";
    QTest::addRow("pod-grace-period") << kPod << "/spec/terminationGracePeriodSeconds" << "30";
    QTest::addRow("pod-scheduler-name") << kPod << "/spec/schedulerName" << R"("default-scheduler")";
    QTest::addRow("pod-security-context") << kPod << "/spec/securityContext" << "{}";
    QTest::addRow("pod-enable-service-links") << kPod << "/spec/enableServiceLinks" << "true";
    QTest::addRow("pod-no-priority") << kPod << "/spec/priority" << "<absent>";
    QTest::addRow("pod-no-tolerations") << kPod << "/spec/tolerations" << "<absent>";
    QTest::addRow("pod-termination-message-path")
        << kPod << "/spec/containers/0/terminationMessagePath" << R"("/dev/termination-log")";
    QTest::addRow("pod-termination-message-policy")
        << kPod << "/spec/containers/0/terminationMessagePolicy" << R"("File")";
    QTest::addRow("pod-empty-string-defaulted")
        << R"({"apiVersion":"v1","kind":"Pod","spec":{"restartPolicy":"","containers":[]}})"
        << "/spec/restartPolicy" << R"("Always")";
    QTest::addRow("pod-restart-policy-kept")
        << R"({"apiVersion":"v1","kind":"Pod","spec":{"restartPolicy":"Never","containers":[]}})"
        << "/spec/restartPolicy" << R"("Never")";
    QTest::addRow("pod-grace-period-zero-kept")
        << R"({"apiVersion":"v1","kind":"Pod","spec":{"terminationGracePeriodSeconds":0,"containers":[]}})"
        << "/spec/terminationGracePeriodSeconds" << "0";

    // imagePullPolicy by tag (parsers.ParseImageName).
    const auto image = [](const char* ref) {
        return QStringLiteral(R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c","image":"%1"}]}})")
            .arg(QLatin1String(ref));
    };
    const QString pullPolicy = QStringLiteral("/spec/containers/0/imagePullPolicy");
    QTest::addRow("pull-no-tag") << image("nginx") << pullPolicy << R"("Always")";
    QTest::addRow("pull-latest") << image("nginx:latest") << pullPolicy << R"("Always")";
    QTest::addRow("pull-tag") << image("nginx:1.25") << pullPolicy << R"("IfNotPresent")";
    QTest::addRow("pull-registry-port-no-tag") << image("localhost:5000/app") << pullPolicy << R"("Always")";
    QTest::addRow("pull-registry-port-tag") << image("localhost:5000/app:v2") << pullPolicy << R"("IfNotPresent")";
    QTest::addRow("pull-digest")
        << image("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
        << pullPolicy << R"("IfNotPresent")";
    QTest::addRow("pull-latest-with-digest")
        << image("nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
        << pullPolicy << R"("Always")";
    QTest::addRow("pull-unparsable") << image("Nginx") << pullPolicy << R"("IfNotPresent")";
    QTest::addRow("pull-empty-image") << image("") << pullPolicy << R"("IfNotPresent")";
    QTest::addRow("pull-kept")
        << R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c","image":"nginx","imagePullPolicy":"Never"}]}})"
        << pullPolicy << R"("Never")";
    QTest::addRow("pull-init-container")
        << R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[],"initContainers":[{"name":"i","image":"busybox:1.36"}]}})"
        << "/spec/initContainers/0/imagePullPolicy" << R"("IfNotPresent")";

    // Ports, env, probes, lifecycle.
    const char* richPod = R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c","image":"nginx",
        "ports":[{"containerPort":80},{"containerPort":53,"protocol":"UDP"}],
        "env":[{"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}}],
        "livenessProbe":{"httpGet":{"port":80}},
        "readinessProbe":{"tcpSocket":{"port":80},"periodSeconds":5},
        "startupProbe":{"grpc":{"port":9000}},
        "lifecycle":{"preStop":{"httpGet":{"port":8080,"path":"/quit"}}}}]}})";
    QTest::addRow("port-protocol") << richPod << "/spec/containers/0/ports/0/protocol" << R"("TCP")";
    QTest::addRow("port-protocol-kept") << richPod << "/spec/containers/0/ports/1/protocol" << R"("UDP")";
    QTest::addRow("port-no-host-port") << richPod << "/spec/containers/0/ports/0/hostPort" << "<absent>";
    QTest::addRow("env-field-ref-api-version")
        << richPod << "/spec/containers/0/env/0/valueFrom/fieldRef/apiVersion" << R"("v1")";
    QTest::addRow("probe-timeout") << richPod << "/spec/containers/0/livenessProbe/timeoutSeconds" << "1";
    QTest::addRow("probe-period") << richPod << "/spec/containers/0/livenessProbe/periodSeconds" << "10";
    QTest::addRow("probe-period-kept") << richPod << "/spec/containers/0/readinessProbe/periodSeconds" << "5";
    QTest::addRow("probe-success") << richPod << "/spec/containers/0/readinessProbe/successThreshold" << "1";
    QTest::addRow("probe-failure") << richPod << "/spec/containers/0/startupProbe/failureThreshold" << "3";
    QTest::addRow("probe-initial-delay-not-set")
        << richPod << "/spec/containers/0/livenessProbe/initialDelaySeconds" << "<absent>";
    QTest::addRow("probe-http-scheme") << richPod << "/spec/containers/0/livenessProbe/httpGet/scheme" << R"("HTTP")";
    QTest::addRow("probe-http-path") << richPod << "/spec/containers/0/livenessProbe/httpGet/path" << R"("/")";
    QTest::addRow("probe-grpc-service") << richPod << "/spec/containers/0/startupProbe/grpc/service" << R"("")";
    QTest::addRow("lifecycle-http-scheme")
        << richPod << "/spec/containers/0/lifecycle/preStop/httpGet/scheme" << R"("HTTP")";
    QTest::addRow("lifecycle-http-path-kept")
        << richPod << "/spec/containers/0/lifecycle/preStop/httpGet/path" << R"("/quit")";

    const char* hostNetworkPod = R"({"apiVersion":"v1","kind":"Pod","spec":{"hostNetwork":true,
        "containers":[{"name":"c","image":"nginx","ports":[{"containerPort":8080}]}]}})";
    QTest::addRow("host-network-host-port") << hostNetworkPod << "/spec/containers/0/ports/0/hostPort" << "8080";

    // Resources: requests default to limits on Pods only; values are canonical.
    const char* limitsPod = R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c","image":"nginx",
        "resources":{"limits":{"cpu":"1","memory":"512Mi"},"requests":{"cpu":"0.5"}}}]}})";
    QTest::addRow("requests-from-limits") << limitsPod << "/spec/containers/0/resources/requests/memory"
                                          << R"("512Mi")";
    QTest::addRow("requests-kept-canonical") << limitsPod << "/spec/containers/0/resources/requests/cpu"
                                             << R"("500m")";
    QTest::addRow("requests-from-limits-only")
        << R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c","image":"nginx","resources":{"limits":{"cpu":"250m"}}}]}})"
        << "/spec/containers/0/resources/requests" << R"({"cpu":"250m"})";
    QTest::addRow("requests-round-up-to-milli")
        << R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c","image":"nginx","resources":{"requests":{"cpu":"0.0001"}}}]}})"
        << "/spec/containers/0/resources/requests/cpu" << R"("1m")";
    QTest::addRow("requests-number-quantity")
        << R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c","image":"nginx","resources":{"requests":{"cpu":2}}}]}})"
        << "/spec/containers/0/resources/requests/cpu" << R"("2")";
    QTest::addRow("template-requests-not-from-limits")
        << R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"template":{"spec":{"containers":[{"name":"c","image":"nginx","resources":{"limits":{"cpu":"1"}}}]}}}})"
        << "/spec/template/spec/containers/0/resources/requests" << "<absent>";
    QTest::addRow("template-no-enable-service-links")
        << R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"template":{"spec":{"containers":[]}}}})"
        << "/spec/template/spec/enableServiceLinks" << "<absent>";

    // Volumes.
    const char* volumesPod = R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[],"volumes":[
        {"name":"a"},
        {"name":"b","hostPath":{"path":"/data"}},
        {"name":"c","configMap":{"name":"cm"}},
        {"name":"d","secret":{"secretName":"s","defaultMode":256}},
        {"name":"e","downwardAPI":{"items":[{"path":"labels","fieldRef":{"fieldPath":"metadata.labels"}}]}},
        {"name":"f","projected":{"sources":[{"serviceAccountToken":{"path":"token"}}]}},
        {"name":"g","ephemeral":{"volumeClaimTemplate":{"spec":{"accessModes":["ReadWriteOnce"]}}}},
        {"name":"h","emptyDir":{"medium":"Memory"}}]}})";
    QTest::addRow("volume-no-source-empty-dir") << volumesPod << "/spec/volumes/0/emptyDir" << "{}";
    QTest::addRow("volume-host-path-type") << volumesPod << "/spec/volumes/1/hostPath/type" << R"("")";
    QTest::addRow("volume-host-path-no-empty-dir") << volumesPod << "/spec/volumes/1/emptyDir" << "<absent>";
    QTest::addRow("volume-config-map-mode") << volumesPod << "/spec/volumes/2/configMap/defaultMode" << "420";
    QTest::addRow("volume-secret-mode-kept") << volumesPod << "/spec/volumes/3/secret/defaultMode" << "256";
    QTest::addRow("volume-downward-mode") << volumesPod << "/spec/volumes/4/downwardAPI/defaultMode" << "420";
    QTest::addRow("volume-downward-field-ref")
        << volumesPod << "/spec/volumes/4/downwardAPI/items/0/fieldRef/apiVersion" << R"("v1")";
    QTest::addRow("volume-projected-mode") << volumesPod << "/spec/volumes/5/projected/defaultMode" << "420";
    QTest::addRow("volume-projected-token-expiry")
        << volumesPod << "/spec/volumes/5/projected/sources/0/serviceAccountToken/expirationSeconds" << "3600";
    QTest::addRow("volume-ephemeral-volume-mode")
        << volumesPod << "/spec/volumes/6/ephemeral/volumeClaimTemplate/spec/volumeMode" << R"("Filesystem")";
    QTest::addRow("volume-empty-dir-kept") << volumesPod << "/spec/volumes/7/emptyDir" << R"({"medium":"Memory"})";

    // apps/v1.
    const char* deployment = R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
        "spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
        "spec":{"containers":[{"name":"c","image":"nginx:1.25"}]}}}})";
    QTest::addRow("deployment-replicas") << deployment << "/spec/replicas" << "1";
    QTest::addRow("deployment-strategy")
        << deployment << "/spec/strategy"
        << R"({"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}})";
    QTest::addRow("deployment-revision-history") << deployment << "/spec/revisionHistoryLimit" << "10";
    QTest::addRow("deployment-progress-deadline") << deployment << "/spec/progressDeadlineSeconds" << "600";
    QTest::addRow("deployment-template-restart-policy")
        << deployment << "/spec/template/spec/restartPolicy" << R"("Always")";
    QTest::addRow("deployment-template-pull-policy")
        << deployment << "/spec/template/spec/containers/0/imagePullPolicy" << R"("IfNotPresent")";
    QTest::addRow("deployment-min-ready-not-set") << deployment << "/spec/minReadySeconds" << "<absent>";
    QTest::addRow("deployment-replicas-zero-kept")
        << R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":0}})" << "/spec/replicas" << "0";
    QTest::addRow("deployment-recreate")
        << R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"strategy":{"type":"Recreate"}}})"
        << "/spec/strategy" << R"({"type":"Recreate"})";
    QTest::addRow("deployment-max-surge-only")
        << R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"strategy":{"rollingUpdate":{"maxSurge":0}}}})"
        << "/spec/strategy" << R"({"rollingUpdate":{"maxSurge":0,"maxUnavailable":"25%"},"type":"RollingUpdate"})";
    QTest::addRow("replicaset-replicas")
        << R"({"apiVersion":"apps/v1","kind":"ReplicaSet","spec":{}})" << "/spec/replicas" << "1";
    QTest::addRow("daemonset-strategy")
        << R"({"apiVersion":"apps/v1","kind":"DaemonSet","spec":{}})" << "/spec/updateStrategy"
        << R"({"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}})";
    QTest::addRow("daemonset-revision-history")
        << R"({"apiVersion":"apps/v1","kind":"DaemonSet","spec":{}})" << "/spec/revisionHistoryLimit" << "10";
    QTest::addRow("daemonset-on-delete")
        << R"({"apiVersion":"apps/v1","kind":"DaemonSet","spec":{"updateStrategy":{"type":"OnDelete"}}})"
        << "/spec/updateStrategy" << R"({"type":"OnDelete"})";
    const char* statefulSet = R"({"apiVersion":"apps/v1","kind":"StatefulSet","spec":{"serviceName":"web",
        "volumeClaimTemplates":[{"metadata":{"name":"www"},"spec":{"accessModes":["ReadWriteOnce"],
        "resources":{"requests":{"storage":"1Gi"}}}}]}})";
    QTest::addRow("statefulset-replicas") << statefulSet << "/spec/replicas" << "1";
    QTest::addRow("statefulset-pod-management") << statefulSet << "/spec/podManagementPolicy" << R"("OrderedReady")";
    QTest::addRow("statefulset-strategy")
        << statefulSet << "/spec/updateStrategy" << R"({"type":"RollingUpdate","rollingUpdate":{"partition":0}})";
    QTest::addRow("statefulset-retention")
        << statefulSet << "/spec/persistentVolumeClaimRetentionPolicy"
        << R"({"whenDeleted":"Retain","whenScaled":"Retain"})";
    QTest::addRow("statefulset-revision-history") << statefulSet << "/spec/revisionHistoryLimit" << "10";
    QTest::addRow("statefulset-claim-volume-mode")
        << statefulSet << "/spec/volumeClaimTemplates/0/spec/volumeMode" << R"("Filesystem")";
    QTest::addRow("statefulset-claim-phase")
        << statefulSet << "/spec/volumeClaimTemplates/0/status/phase" << R"("Pending")";
    QTest::addRow("statefulset-on-delete-no-rolling")
        << R"({"apiVersion":"apps/v1","kind":"StatefulSet","spec":{"updateStrategy":{"type":"OnDelete"}}})"
        << "/spec/updateStrategy" << R"({"type":"OnDelete"})";
    QTest::addRow("statefulset-rolling-without-struct")
        << R"({"apiVersion":"apps/v1","kind":"StatefulSet","spec":{"updateStrategy":{"type":"RollingUpdate"}}})"
        << "/spec/updateStrategy" << R"({"type":"RollingUpdate"})";

    // batch/v1.
    const char* job = R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","uid":"u-1"},
        "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl:5.34.0"}]}}}})";
    QTest::addRow("job-completions") << job << "/spec/completions" << "1";
    QTest::addRow("job-parallelism") << job << "/spec/parallelism" << "1";
    QTest::addRow("job-backoff") << job << "/spec/backoffLimit" << "6";
    QTest::addRow("job-completion-mode") << job << "/spec/completionMode" << R"("NonIndexed")";
    QTest::addRow("job-suspend") << job << "/spec/suspend" << "false";
    QTest::addRow("job-manual-selector") << job << "/spec/manualSelector" << "false";
    QTest::addRow("job-pod-replacement") << job << "/spec/podReplacementPolicy" << R"("TerminatingOrFailed")";
    QTest::addRow("job-selector")
        << job << "/spec/selector" << R"({"matchLabels":{"batch.kubernetes.io/controller-uid":"u-1"}})";
    QTest::addRow("job-template-labels")
        << job << "/spec/template/metadata/labels"
        << R"({"job-name":"pi","batch.kubernetes.io/job-name":"pi","controller-uid":"u-1","batch.kubernetes.io/controller-uid":"u-1"})";
    QTest::addRow("job-labels-from-generated")
        << job << "/metadata/labels"
        << R"({"job-name":"pi","batch.kubernetes.io/job-name":"pi","controller-uid":"u-1","batch.kubernetes.io/controller-uid":"u-1"})";
    QTest::addRow("job-labels-from-template-before-generation")
        << R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","uid":"u-1"},
              "spec":{"template":{"metadata":{"labels":{"app":"pi"}},"spec":{"containers":[]}}}})"
        << "/metadata/labels" << R"({"app":"pi"})";
    QTest::addRow("job-manual-selector-kept")
        << R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","uid":"u-1"},
              "spec":{"manualSelector":true,"selector":{"matchLabels":{"app":"pi"}},
              "template":{"metadata":{"labels":{"app":"pi"}},"spec":{"containers":[]}}}})"
        << "/spec/selector" << R"({"matchLabels":{"app":"pi"}})";
    QTest::addRow("job-parallelism-only")
        << R"({"apiVersion":"batch/v1","kind":"Job","spec":{"parallelism":3}})" << "/spec/completions" << "<absent>";
    QTest::addRow("job-completions-only")
        << R"({"apiVersion":"batch/v1","kind":"Job","spec":{"completions":5}})" << "/spec/parallelism" << "1";
    QTest::addRow("job-backoff-per-index")
        << R"({"apiVersion":"batch/v1","kind":"Job","spec":{"completionMode":"Indexed","completions":3,"backoffLimitPerIndex":1}})"
        << "/spec/backoffLimit" << "2147483647";
    QTest::addRow("job-pod-failure-policy-replacement")
        << R"({"apiVersion":"batch/v1","kind":"Job","spec":{"podFailurePolicy":{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget"}]}]}}})"
        << "/spec/podReplacementPolicy" << R"("Failed")";
    QTest::addRow("job-pod-failure-policy-status")
        << R"({"apiVersion":"batch/v1","kind":"Job","spec":{"podFailurePolicy":{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget"}]}]}}})"
        << "/spec/podFailurePolicy/rules/0/onPodConditions/0/status" << R"("True")";
    QTest::addRow("job-no-uid-no-selector")
        << R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi"},"spec":{"template":{"spec":{"containers":[]}}}})"
        << "/spec/selector" << "<absent>";
    const char* cronJob = R"({"apiVersion":"batch/v1","kind":"CronJob","spec":{"schedule":"*/1 * * * *",
        "jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox"}],"restartPolicy":"OnFailure"}}}}}})";
    QTest::addRow("cronjob-concurrency") << cronJob << "/spec/concurrencyPolicy" << R"("Allow")";
    QTest::addRow("cronjob-suspend") << cronJob << "/spec/suspend" << "false";
    QTest::addRow("cronjob-successful-history") << cronJob << "/spec/successfulJobsHistoryLimit" << "3";
    QTest::addRow("cronjob-failed-history") << cronJob << "/spec/failedJobsHistoryLimit" << "1";
    QTest::addRow("cronjob-template-pod-defaults")
        << cronJob << "/spec/jobTemplate/spec/template/spec/dnsPolicy" << R"("ClusterFirst")";
    QTest::addRow("cronjob-job-spec-not-job-defaulted")
        << cronJob << "/spec/jobTemplate/spec/backoffLimit" << "<absent>";

    // Service.
    const char* service = R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
        "spec":{"selector":{"app":"web"},"ports":[{"port":80},{"port":443,"targetPort":8443,"protocol":"TCP"}]}})";
    QTest::addRow("service-type") << service << "/spec/type" << R"("ClusterIP")";
    QTest::addRow("service-session-affinity") << service << "/spec/sessionAffinity" << R"("None")";
    QTest::addRow("service-port-protocol") << service << "/spec/ports/0/protocol" << R"("TCP")";
    QTest::addRow("service-target-port") << service << "/spec/ports/0/targetPort" << "80";
    QTest::addRow("service-target-port-kept") << service << "/spec/ports/1/targetPort" << "8443";
    QTest::addRow("service-internal-traffic") << service << "/spec/internalTrafficPolicy" << R"("Cluster")";
    QTest::addRow("service-no-external-traffic") << service << "/spec/externalTrafficPolicy" << "<absent>";
    QTest::addRow("service-ip-family-policy") << service << "/spec/ipFamilyPolicy" << R"("SingleStack")";
    QTest::addRow("service-ip-families") << service << "/spec/ipFamilies" << R"(["IPv4"])";
    QTest::addRow("service-no-cluster-ip") << service << "/spec/clusterIP" << "<absent>";
    QTest::addRow("service-target-port-zero")
        << R"({"apiVersion":"v1","kind":"Service","spec":{"ports":[{"port":8080,"targetPort":0}]}})"
        << "/spec/ports/0/targetPort" << "8080";
    QTest::addRow("service-target-port-named-kept")
        << R"({"apiVersion":"v1","kind":"Service","spec":{"ports":[{"port":80,"targetPort":"http"}]}})"
        << "/spec/ports/0/targetPort" << R"("http")";
    QTest::addRow("service-nodeport-external-traffic")
        << R"({"apiVersion":"v1","kind":"Service","spec":{"type":"NodePort","ports":[{"port":80}]}})"
        << "/spec/externalTrafficPolicy" << R"("Cluster")";
    QTest::addRow("service-lb-allocate-node-ports")
        << R"({"apiVersion":"v1","kind":"Service","spec":{"type":"LoadBalancer","ports":[{"port":80}]}})"
        << "/spec/allocateLoadBalancerNodePorts" << "true";
    QTest::addRow("service-external-ips-external-traffic")
        << R"({"apiVersion":"v1","kind":"Service","spec":{"externalIPs":["1.2.3.4"],"ports":[{"port":80}]}})"
        << "/spec/externalTrafficPolicy" << R"("Cluster")";
    QTest::addRow("service-client-ip-timeout")
        << R"({"apiVersion":"v1","kind":"Service","spec":{"sessionAffinity":"ClientIP"}})"
        << "/spec/sessionAffinityConfig" << R"({"clientIP":{"timeoutSeconds":10800}})";
    QTest::addRow("service-none-drops-config")
        << R"({"apiVersion":"v1","kind":"Service","spec":{"sessionAffinityConfig":{"clientIP":{"timeoutSeconds":60}}}})"
        << "/spec/sessionAffinityConfig" << "<absent>";
    QTest::addRow("service-external-name-no-families")
        << R"({"apiVersion":"v1","kind":"Service","spec":{"type":"ExternalName","externalName":"example.com"}})"
        << "/spec/ipFamilies" << "<absent>";
    QTest::addRow("service-external-name-no-internal-traffic")
        << R"({"apiVersion":"v1","kind":"Service","spec":{"type":"ExternalName","externalName":"example.com"}})"
        << "/spec/internalTrafficPolicy" << "<absent>";
    QTest::addRow("service-headless-no-selector")
        << R"({"apiVersion":"v1","kind":"Service","spec":{"clusterIP":"None"}})"
        << "/spec/ipFamilyPolicy" << R"("RequireDualStack")";
    QTest::addRow("service-headless-selector")
        << R"({"apiVersion":"v1","kind":"Service","spec":{"clusterIP":"None","selector":{"app":"db"}}})"
        << "/spec/ipFamilyPolicy" << R"("SingleStack")";

    // Storage.
    QTest::addRow("pv-reclaim")
        << R"({"apiVersion":"v1","kind":"PersistentVolume","spec":{"capacity":{"storage":"1Gi"}}})"
        << "/spec/persistentVolumeReclaimPolicy" << R"("Retain")";
    QTest::addRow("pv-volume-mode")
        << R"({"apiVersion":"v1","kind":"PersistentVolume","spec":{}})" << "/spec/volumeMode" << R"("Filesystem")";
    QTest::addRow("pv-host-path-type")
        << R"({"apiVersion":"v1","kind":"PersistentVolume","spec":{"hostPath":{"path":"/mnt"}}})"
        << "/spec/hostPath/type" << R"("")";
    QTest::addRow("pv-phase")
        << R"({"apiVersion":"v1","kind":"PersistentVolume","spec":{}})" << "/status/phase" << R"("Pending")";
    QTest::addRow("pvc-volume-mode")
        << R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","spec":{"accessModes":["ReadWriteOnce"]}})"
        << "/spec/volumeMode" << R"("Filesystem")";
    QTest::addRow("pvc-no-class") << R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","spec":{}})"
                                  << "/spec/storageClassName" << "<absent>";
    QTest::addRow("storageclass-reclaim")
        << R"({"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","provisioner":"x"})"
        << "/reclaimPolicy" << R"("Delete")";
    QTest::addRow("storageclass-binding")
        << R"({"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","provisioner":"x"})"
        << "/volumeBindingMode" << R"("Immediate")";
    QTest::addRow("storageclass-binding-kept")
        << R"({"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","provisioner":"x","volumeBindingMode":"WaitForFirstConsumer"})"
        << "/volumeBindingMode" << R"("WaitForFirstConsumer")";

    // Namespace, Secret, Endpoints, LimitRange, Node.
    QTest::addRow("namespace-name-label")
        << R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"dev","labels":{"team":"a"}}})"
        << "/metadata/labels" << R"({"team":"a","kubernetes.io/metadata.name":"dev"})";
    QTest::addRow("namespace-name-label-overwritten")
        << R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"dev","labels":{"kubernetes.io/metadata.name":"x"}}})"
        << "/metadata/labels" << R"({"kubernetes.io/metadata.name":"dev"})";
    QTest::addRow("namespace-finalizers")
        << R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"dev"}})" << "/spec/finalizers"
        << R"(["kubernetes"])";
    QTest::addRow("namespace-phase")
        << R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"dev"}})" << "/status/phase" << R"("Active")";
    QTest::addRow("namespace-generate-name-no-label")
        << R"({"apiVersion":"v1","kind":"Namespace","metadata":{"generateName":"dev-"}})" << "/metadata/labels"
        << "<absent>";
    QTest::addRow("secret-type")
        << R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}})" << "/type" << R"("Opaque")";
    QTest::addRow("secret-type-kept")
        << R"({"apiVersion":"v1","kind":"Secret","type":"kubernetes.io/tls"})" << "/type" << R"("kubernetes.io/tls")";
    QTest::addRow("endpoints-port-protocol")
        << R"({"apiVersion":"v1","kind":"Endpoints","subsets":[{"addresses":[{"ip":"10.0.0.1"}],"ports":[{"port":80}]}]})"
        << "/subsets/0/ports/0/protocol" << R"("TCP")";
    QTest::addRow("limitrange-default-from-max")
        << R"({"apiVersion":"v1","kind":"LimitRange","spec":{"limits":[{"type":"Container","max":{"cpu":"2"}}]}})"
        << "/spec/limits/0" << R"({"type":"Container","max":{"cpu":"2"},"default":{"cpu":"2"},"defaultRequest":{"cpu":"2"}})";
    QTest::addRow("limitrange-default-request-from-min")
        << R"({"apiVersion":"v1","kind":"LimitRange","spec":{"limits":[{"type":"Container","default":{"cpu":"1"},"min":{"cpu":"100m","memory":"64Mi"}}]}})"
        << "/spec/limits/0/defaultRequest" << R"({"cpu":"1","memory":"64Mi"})";
    QTest::addRow("limitrange-pod-untouched")
        << R"({"apiVersion":"v1","kind":"LimitRange","spec":{"limits":[{"type":"Pod","max":{"cpu":"2"}}]}})"
        << "/spec/limits/0/default" << "<absent>";
    QTest::addRow("node-allocatable-from-capacity")
        << R"({"apiVersion":"v1","kind":"Node","status":{"capacity":{"cpu":"4","pods":"110"}}})"
        << "/status/allocatable" << R"({"cpu":"4","pods":"110"})";
    QTest::addRow("rc-selector-from-template")
        << R"({"apiVersion":"v1","kind":"ReplicationController","spec":{"template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[]}}}})"
        << "/spec/selector" << R"({"app":"x"})";
    QTest::addRow("rc-replicas")
        << R"({"apiVersion":"v1","kind":"ReplicationController","spec":{}})" << "/spec/replicas" << "1";

    // autoscaling.
    const char* hpa = R"({"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","spec":{
        "scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":10}})";
    QTest::addRow("hpa-min-replicas") << hpa << "/spec/minReplicas" << "1";
    QTest::addRow("hpa-default-metric")
        << hpa << "/spec/metrics"
        << R"([{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}])";
    QTest::addRow("hpa-no-behavior") << hpa << "/spec/behavior" << "<absent>";
    QTest::addRow("hpa-behavior-scale-up")
        << R"({"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","spec":{"maxReplicas":3,"behavior":{"scaleDown":{"stabilizationWindowSeconds":60}}}})"
        << "/spec/behavior/scaleUp"
        << R"({"stabilizationWindowSeconds":0,"selectPolicy":"Max","policies":[{"type":"Pods","value":4,"periodSeconds":15},{"type":"Percent","value":100,"periodSeconds":15}]})";
    QTest::addRow("hpa-behavior-scale-down")
        << R"({"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","spec":{"maxReplicas":3,"behavior":{"scaleDown":{"stabilizationWindowSeconds":60}}}})"
        << "/spec/behavior/scaleDown"
        << R"({"stabilizationWindowSeconds":60,"selectPolicy":"Max","policies":[{"type":"Percent","value":100,"periodSeconds":15}]})";
    QTest::addRow("hpa-v1-no-metrics")
        << R"({"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","spec":{"maxReplicas":3}})"
        << "/spec/metrics" << "<absent>";

    // networking, rbac, scheduling.
    QTest::addRow("netpol-ingress-only")
        << R"({"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","spec":{"podSelector":{}}})"
        << "/spec/policyTypes" << R"(["Ingress"])";
    QTest::addRow("netpol-with-egress")
        << R"({"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","spec":{"podSelector":{},"egress":[{}]}})"
        << "/spec/policyTypes" << R"(["Ingress","Egress"])";
    QTest::addRow("netpol-kept")
        << R"({"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","spec":{"podSelector":{},"policyTypes":["Egress"]}})"
        << "/spec/policyTypes" << R"(["Egress"])";
    QTest::addRow("netpol-port-protocol")
        << R"({"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","spec":{"podSelector":{},"ingress":[{"ports":[{"port":80}]}]}})"
        << "/spec/ingress/0/ports/0/protocol" << R"("TCP")";
    QTest::addRow("rolebinding-roleref-group")
        << R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","roleRef":{"kind":"Role","name":"r"}})"
        << "/roleRef/apiGroup" << R"("rbac.authorization.k8s.io")";
    QTest::addRow("rolebinding-user-group")
        << R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","subjects":[{"kind":"User","name":"jane"}]})"
        << "/subjects/0/apiGroup" << R"("rbac.authorization.k8s.io")";
    // SetDefaults_Subject sets "" for a ServiceAccount, which the API server omits (omitempty).
    QTest::addRow("rolebinding-sa-group-omitted")
        << R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","subjects":[{"kind":"ServiceAccount","name":"d","namespace":"x"}]})"
        << "/subjects/0/apiGroup" << "<absent>";
    QTest::addRow("priorityclass-preemption")
        << R"({"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","value":1000})"
        << "/preemptionPolicy" << R"("PreemptLowerPriority")";
}

void TestDefaults::field()
{
    QFETCH(QString, object);
    QFETCH(QString, pointer);
    QFETCH(QString, expected);

    Json doc = parse(object);
    kubelab::core::applyDefaults(doc);
    const QString actual = valueAt(doc, pointer);
    if (expected.startsWith('{') || expected.startsWith('[')) {
        // Compare objects regardless of key order.
        QCOMPARE(sortedKeys(actual), sortedKeys(expected));
    } else {
        QCOMPARE(actual, expected);
    }
}

void TestDefaults::idempotent_data()
{
    QTest::addColumn<QString>("object");
    QTest::addRow("pod") << kPod;
    QTest::addRow("job")
        << R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","uid":"u"},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"x"}]}}}})";
    QTest::addRow("service") << R"({"apiVersion":"v1","kind":"Service","spec":{"type":"NodePort","ports":[{"port":80}]}})";
    QTest::addRow("deployment") << R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{}})";
}

void TestDefaults::idempotent()
{
    QFETCH(QString, object);
    Json once = parse(object);
    kubelab::core::applyDefaults(once);
    Json twice = once;
    kubelab::core::applyDefaults(twice);
    QCOMPARE(QString::fromStdString(twice.dump()), QString::fromStdString(once.dump()));
}

void TestDefaults::userValuesKept()
{
    Json pod = parse(R"({"apiVersion":"v1","kind":"Pod","spec":{"dnsPolicy":"Default","schedulerName":"mine",
        "securityContext":{"runAsUser":1000},"enableServiceLinks":false,
        "containers":[{"name":"c","image":"nginx","terminationMessagePolicy":"FallbackToLogsOnError"}]}})");
    kubelab::core::applyDefaults(pod);
    QCOMPARE(str(pod["spec"]["dnsPolicy"]), QStringLiteral("Default"));
    QCOMPARE(str(pod["spec"]["schedulerName"]), QStringLiteral("mine"));
    QCOMPARE(str(pod["spec"]["securityContext"]), QStringLiteral(R"({"runAsUser":1000})"));
    QCOMPARE(str(pod["spec"]["enableServiceLinks"]), QStringLiteral("false"));
    QCOMPARE(str(pod["spec"]["containers"][0]["terminationMessagePolicy"]), QStringLiteral("FallbackToLogsOnError"));
}

void TestDefaults::unknownKindUntouched()
{
    const Json original = parse(R"({"apiVersion":"example.com/v1","kind":"Widget","spec":{"size":1}})");
    Json doc = original;
    kubelab::core::applyDefaults(doc);
    QCOMPARE(str(doc), str(original));
}

void TestDefaults::wrongShapesDoNotThrow()
{
    for (const char* text : {
             R"({"apiVersion":"v1","kind":"Pod","spec":"x"})",
             R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":"x","volumes":[1,"a",null]}})",
             R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"resources":{"limits":"x"},"ports":[3]}]}})",
             R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"strategy":"x","template":[]}})",
             R"({"apiVersion":"batch/v1","kind":"Job","metadata":[],"spec":{"template":{"metadata":{"labels":3}}}})",
             R"({"apiVersion":"v1","kind":"Service","spec":{"ports":[{"port":"x","targetPort":null}]}})",
             R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a","labels":"x"}})",
             R"([1,2])",
         }) {
        Json doc = Json::parse(text);
        kubelab::core::applyDefaults(doc); // must not throw
    }
}

QTEST_APPLESS_MAIN(TestDefaults)
#include "tst_defaults.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// `kubectl describe` texts compared with golden files, one per case; the Events section
// from events recorded in the lab; the tabwriter alignment of describe.

#include <QFile>
#include <QTest>

#include "core/api/resources.h"
#include "core/cli/describe_support.h"
#include "core/cli/printers.h"
#include "core/sim/engine.h"

using kubelab::core::Json;
namespace core = kubelab::core;
namespace cli = kubelab::cli;

class TestDescribe : public QObject {
    Q_OBJECT

private slots:
    void tabwriter_data();
    void tabwriter();
    void pod();
    void podWithoutEvents();
    void node();
    void deploymentAndReplicaSet();
    void service();
    void namespaceDefault();
    void storage();
    void configuration();
    void generic();
    void workloads();
};

namespace {

std::unique_ptr<core::Engine> openLab()
{
    auto engine = core::Engine::open(core::Engine::Options{});
    if (!engine)
        qFatal("cannot open a lab: %s", engine.error().toString().c_str());
    return std::move(*engine);
}

/// Replaces every string `ago:N[s|m|h|d]` by the timestamp that long before "now".
void expandTimes(const core::Engine& engine, Json& value)
{
    if (value.is_string()) {
        std::string s = value.get<std::string>();
        if (!s.starts_with("ago:"))
            return;
        std::string n = s.substr(4);
        core::Duration unit = core::kSecond;
        switch (n.back()) {
        case 'd': unit = 24 * core::kHour; n.pop_back(); break;
        case 'h': unit = core::kHour; n.pop_back(); break;
        case 'm': unit = core::kMinute; n.pop_back(); break;
        case 's': n.pop_back(); break;
        default: break;
        }
        value = engine.timestamp(engine.now() - std::stoll(n) * unit);
    } else if (value.is_object() || value.is_array()) {
        for (auto& child : value)
            expandTimes(engine, child);
    }
}

Json parse(const core::Engine& engine, const char* text)
{
    Json value = Json::parse(text);
    expandTimes(engine, value);
    return value;
}

void compareGolden(const QString& name, const std::string& actual)
{
    QFile file(QStringLiteral(KUBELAB_SOURCE_DIR "/tests/cli/golden/describe/") + name + QStringLiteral(".txt"));
    if (qEnvironmentVariableIsSet("KUBELAB_UPDATE_GOLDEN")) {
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(actual.data(), static_cast<qint64>(actual.size()));
        return;
    }
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable("missing golden file " + file.fileName()));
    QCOMPARE(QString::fromStdString(actual), QString::fromUtf8(file.readAll()));
}

std::string describeObject(const core::Engine& engine, const Json& object)
{
    const core::ResourceInfo* info = core::findResourceByKind(core::kindOf(object));
    if (!info)
        qFatal("unknown kind %s", core::kindOf(object).c_str());
    return cli::describe(engine, *info, object);
}

void create(core::Engine& engine, Json object)
{
    auto created = engine.create(std::move(object));
    if (!created)
        qFatal("create failed: %s", created.error().toString().c_str());
}

// --- Objects of the cases ---------------------------------------------------------------------

const char* kPod = R"js({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "web-7c5ddbdf54-2xkqp", "namespace": "default", "uid": "5b0a2d3e-0000-4000-8000-000000000001",
    "creationTimestamp": "ago:10m",
    "labels": {"app": "web", "pod-template-hash": "7c5ddbdf54"},
    "annotations": {"kubectl.kubernetes.io/restartedAt": "2025-01-01T00:00:00Z"},
    "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7c5ddbdf54",
      "uid": "5b0a2d3e-0000-4000-8000-0000000000aa", "controller": true, "blockOwnerDeletion": true}]},
  "spec": {
    "nodeName": "node-1", "serviceAccountName": "default", "priority": 0,
    "containers": [{
      "name": "nginx", "image": "nginx:1.25",
      "ports": [{"containerPort": 80, "protocol": "TCP"}],
      "resources": {"limits": {"memory": "128Mi", "cpu": "500m"}, "requests": {"cpu": "250m", "memory": "64Mi"}},
      "livenessProbe": {"httpGet": {"path": "/healthz", "port": 80, "scheme": "HTTP"}, "initialDelaySeconds": 3,
        "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3},
      "readinessProbe": {"tcpSocket": {"port": 80}, "timeoutSeconds": 1, "periodSeconds": 5, "successThreshold": 1,
        "failureThreshold": 3},
      "env": [{"name": "MODE", "value": "production"},
              {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
              {"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
              {"name": "LEVEL", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "level", "optional": true}}},
              {"name": "CPU", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu"}}}],
      "envFrom": [{"configMapRef": {"name": "settings"}}, {"secretRef": {"name": "db"}, "prefix": "DB_"}],
      "volumeMounts": [{"name": "kube-api-access-x7k2p", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
        "readOnly": true}, {"name": "data", "mountPath": "/data", "subPath": "web"}]
    }, {
      "name": "sidecar", "image": "busybox:1.36", "command": ["sh", "-c"], "args": ["while true; do sleep 5; done"],
      "ports": [{"name": "metrics", "containerPort": 9090, "protocol": "TCP"},
                {"name": "admin", "containerPort": 9091, "hostPort": 9091, "protocol": "TCP"}]
    }],
    "volumes": [
      {"name": "data", "persistentVolumeClaim": {"claimName": "data"}},
      {"name": "cache", "emptyDir": {"sizeLimit": "1Gi"}},
      {"name": "config", "configMap": {"name": "settings"}},
      {"name": "kube-api-access-x7k2p", "projected": {"sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}]}}],
    "tolerations": [
      {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
      {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}],
    "nodeSelector": {"disktype": "ssd"}
  },
  "status": {
    "phase": "Running", "hostIP": "172.18.0.3", "podIP": "10.244.1.4", "podIPs": [{"ip": "10.244.1.4"}],
    "startTime": "ago:10m", "qosClass": "Burstable",
    "conditions": [
      {"type": "PodReadyToStartContainers", "status": "True"}, {"type": "Initialized", "status": "True"},
      {"type": "Ready", "status": "True"}, {"type": "ContainersReady", "status": "True"},
      {"type": "PodScheduled", "status": "True"}],
    "containerStatuses": [
      {"name": "nginx", "ready": true, "restartCount": 0, "started": true,
       "image": "docker.io/library/nginx:1.25", "imageID": "docker.io/library/nginx@sha256:4c0fdaa8",
       "containerID": "containerd://8f4e2a", "state": {"running": {"startedAt": "ago:9m"}}},
      {"name": "sidecar", "ready": true, "restartCount": 2, "started": true,
       "image": "docker.io/library/busybox:1.36", "imageID": "docker.io/library/busybox@sha256:9ae97d36",
       "containerID": "containerd://17ab9c", "state": {"running": {"startedAt": "ago:3m"}},
       "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled", "startedAt": "ago:6m",
         "finishedAt": "ago:3m"}}}]
  }
})js";

const char* kPendingPod = R"js({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "setup", "namespace": "default", "uid": "5b0a2d3e-0000-4000-8000-000000000002",
    "creationTimestamp": "ago:40s", "deletionTimestamp": "ago:5s", "deletionGracePeriodSeconds": 30},
  "spec": {
    "initContainers": [{"name": "wait-db", "image": "busybox", "command": ["sh", "-c", "until nslookup db; do sleep 2; done"]}],
    "containers": [{"name": "app", "image": "shop/app:1"}]
  },
  "status": {"phase": "Pending", "qosClass": "BestEffort",
    "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
      "message": "0/1 nodes are available: 1 Insufficient cpu."}]}
})js";

const char* kNode = R"js({
  "apiVersion": "v1", "kind": "Node",
  "metadata": {"name": "node-1", "uid": "6c1b3e4f-0000-4000-8000-000000000001", "creationTimestamp": "ago:2d",
    "labels": {"kubernetes.io/hostname": "node-1", "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
      "node-role.kubernetes.io/worker": ""},
    "annotations": {"node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true"}},
  "spec": {"podCIDR": "10.244.1.0/24", "podCIDRs": ["10.244.1.0/24"],
    "taints": [{"key": "dedicated", "value": "web", "effect": "NoSchedule"},
               {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute", "timeAdded": "ago:1m"}]},
  "status": {
    "capacity": {"cpu": "4", "memory": "8Gi", "pods": "110", "ephemeral-storage": "100Gi", "hugepages-2Mi": "0"},
    "allocatable": {"cpu": "4", "memory": "8Gi", "pods": "110", "ephemeral-storage": "100Gi", "hugepages-2Mi": "0"},
    "conditions": [
      {"type": "MemoryPressure", "status": "False", "lastHeartbeatTime": "ago:20s", "lastTransitionTime": "ago:2d",
       "reason": "KubeletHasSufficientMemory", "message": "kubelet has sufficient memory available"},
      {"type": "Ready", "status": "True", "lastHeartbeatTime": "ago:20s", "lastTransitionTime": "ago:2d",
       "reason": "KubeletReady", "message": "kubelet is posting ready status"}],
    "addresses": [{"type": "InternalIP", "address": "172.18.0.3"}, {"type": "Hostname", "address": "node-1"}],
    "nodeInfo": {"machineID": "5f8c1a", "systemUUID": "5f8c1a-uuid", "bootID": "b00t", "kernelVersion": "6.8.0-45-generic",
      "osImage": "Ubuntu 24.04.1 LTS", "operatingSystem": "linux", "architecture": "amd64",
      "containerRuntimeVersion": "containerd://1.7.18", "kubeletVersion": "v1.31.0"}
  }
})js";

} // namespace


void TestDescribe::tabwriter_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    // describe's tabwriter: padding 2, no minimum; a line without a tab ends a column block.
    QTest::addRow("aligned") << "Name:\tweb\nNamespace:\tdefault\n" << "Name:       web\nNamespace:  default\n";
    QTest::addRow("block-ends") << "Name:\tx\nContainers:\n  c:\n    Image:\tnginx\n    Port:\t80/TCP\n"
                                << "Name:  x\nContainers:\n  c:\n    Image:  nginx\n    Port:   80/TCP\n";
    QTest::addRow("continuation") << "Labels:\ta=b\n\tc=d\nAnnotations:\t<none>\n"
                                  << "Labels:       a=b\n              c=d\nAnnotations:  <none>\n";
    QTest::addRow("nested-columns") << "  Type\tReason\tAge\n  ----\t------\t---\n  Normal\tPulled\t5s\n"
                                    << "  Type    Reason  Age\n  ----    ------  ---\n  Normal  Pulled  5s\n";
}

void TestDescribe::tabwriter()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(cli::detail::tabwrite(input.toStdString(), 0, 2)), expected);
}

void TestDescribe::pod()
{
    auto engine = openLab();
    // Events at known times: a repeated BackOff makes `3m (x4 over 10m)`.
    Json pod = parse(*engine, kPod);
    engine->recordEvent(pod, "Normal", "Scheduled", "Successfully assigned default/web-7c5ddbdf54-2xkqp to node-1",
                        "default-scheduler");
    engine->recordEvent(pod, "Normal", "Pulled", "Container image \"nginx:1.25\" already present on machine", "kubelet",
                        "node-1");
    engine->recordEvent(pod, "Warning", "BackOff", "Back-off restarting failed container sidecar in pod "
                        "web-7c5ddbdf54-2xkqp_default(5b0a2d3e-0000-4000-8000-000000000001)", "kubelet", "node-1");
    for (int i = 0; i < 3; ++i) {
        engine->advance(i == 0 ? core::kMinute : 3 * core::kMinute);
        engine->recordEvent(pod, "Warning", "BackOff", "Back-off restarting failed container sidecar in pod "
                            "web-7c5ddbdf54-2xkqp_default(5b0a2d3e-0000-4000-8000-000000000001)", "kubelet", "node-1");
    }
    engine->advance(3 * core::kMinute);
    pod = parse(*engine, kPod); // ages relative to the new "now"
    compareGolden("pod", describeObject(*engine, pod));
}

void TestDescribe::podWithoutEvents()
{
    auto engine = openLab();
    compareGolden("pod-terminating-init", describeObject(*engine, parse(*engine, kPendingPod)));
}

void TestDescribe::node()
{
    auto engine = openLab();
    Json node = parse(*engine, kNode);
    // Pods bound to the node (not scheduled, so untouched by the scheduler).
    create(*engine, parse(*engine, R"js({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}})js"));
    engine->drain();
    create(*engine, parse(*engine, R"js({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"default"},
      "spec":{"nodeName":"node-1","containers":[{"name":"nginx","image":"nginx:1.25",
        "resources":{"requests":{"cpu":"250m","memory":"64Mi"},"limits":{"cpu":"500m","memory":"128Mi"}}}]}})js"));
    create(*engine, parse(*engine, R"js({"apiVersion":"v1","kind":"Pod","metadata":{"name":"db-0","namespace":"shop"},
      "spec":{"nodeName":"node-1","initContainers":[{"name":"init","image":"busybox",
        "resources":{"requests":{"cpu":"1","memory":"1Gi"}}}],
        "containers":[{"name":"pg","image":"postgres:16","resources":{"requests":{"cpu":"500m","memory":"512Mi"}}},
                      {"name":"exporter","image":"exporter:1","resources":{"requests":{"cpu":"100m"}}}]}})js"));
    create(*engine, parse(*engine, R"js({"apiVersion":"coordination.k8s.io/v1","kind":"Lease",
      "metadata":{"name":"node-1","namespace":"kube-node-lease"},
      "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,"renewTime":"ago:5s"}})js"));
    engine->recordEvent(node, "Normal", "Starting", "Starting kubelet.", "kubelet", "node-1");
    engine->recordEvent(node, "Normal", "RegisteredNode", "Node node-1 event: Registered Node node-1 in Controller",
                        "node-controller");
    node = parse(*engine, kNode);
    compareGolden("node", describeObject(*engine, node));
}

void TestDescribe::deploymentAndReplicaSet()
{
    // Driven by the lab's controllers: the Deployment makes a ReplicaSet and its pods.
    auto engine = openLab();
    create(*engine, parse(*engine, R"js({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
      "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
        "template":{"metadata":{"labels":{"app":"web"}},
          "spec":{"containers":[{"name":"nginx","image":"nginx:1.25","ports":[{"containerPort":80}]}]}}}})js"));
    engine->settle(core::kMinute);
    auto deployment = engine->get(core::ObjectKey{"Deployment", "default", "web"});
    QVERIFY(deployment);
    compareGolden("deployment", describeObject(*engine, *deployment));
    auto sets = engine->list("ReplicaSet", "default");
    QCOMPARE(sets.size(), std::size_t(1));
    compareGolden("replicaset", describeObject(*engine, *sets.front()));
}

void TestDescribe::service()
{
    auto engine = openLab();
    const char* service = R"js({"apiVersion":"v1","kind":"Service",
      "metadata":{"name":"shop","namespace":"default","uid":"7d2c4f5a-0000-4000-8000-000000000001",
        "creationTimestamp":"ago:5m","labels":{"app":"shop"}},
      "spec":{"type":"NodePort","selector":{"app":"shop"},"clusterIP":"10.96.120.7","clusterIPs":["10.96.120.7"],
        "ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","sessionAffinity":"None",
        "externalTrafficPolicy":"Cluster","internalTrafficPolicy":"Cluster",
        "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080,"nodePort":30080},
                 {"name":"metrics","port":9090,"protocol":"TCP","targetPort":"metrics","nodePort":30090}]}})js";
    create(*engine, parse(*engine, R"js({"apiVersion":"v1","kind":"Endpoints",
      "metadata":{"name":"shop","namespace":"default"},
      "subsets":[{"addresses":[{"ip":"10.244.1.4"},{"ip":"10.244.2.5"},{"ip":"10.244.1.6"},{"ip":"10.244.2.9"}],
        "notReadyAddresses":[{"ip":"10.244.3.3"}],
        "ports":[{"name":"http","port":8080,"protocol":"TCP"},{"name":"metrics","port":9090,"protocol":"TCP"}]}]})js"));
    compareGolden("service", describeObject(*engine, parse(*engine, service)));
    auto endpoints = engine->get(core::ObjectKey{"Endpoints", "default", "shop"});
    QVERIFY(endpoints);
    compareGolden("endpoints", describeObject(*engine, *endpoints));
    auto kubernetes = engine->get(core::ObjectKey{"Service", "default", "kubernetes"});
    QVERIFY(kubernetes);
    compareGolden("service-kubernetes", describeObject(*engine, *kubernetes));
}

void TestDescribe::namespaceDefault()
{
    auto engine = openLab();
    auto ns = engine->get(core::ObjectKey{"Namespace", "", "default"});
    QVERIFY(ns);
    compareGolden("namespace", describeObject(*engine, *ns));
    create(*engine, parse(*engine, R"js({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team"}})js"));
    create(*engine, parse(*engine, R"js({"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"compute",
      "namespace":"team"},"spec":{"hard":{"requests.cpu":"2","pods":"10"}}})js"));
    create(*engine, parse(*engine, R"js({"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"defaults",
      "namespace":"team"},"spec":{"limits":[{"type":"Container","default":{"cpu":"500m","memory":"256Mi"},
      "defaultRequest":{"cpu":"100m","memory":"128Mi"},"max":{"cpu":"2"}}]}})js"));
    auto team = engine->get(core::ObjectKey{"Namespace", "", "team"});
    QVERIFY(team);
    compareGolden("namespace-quota-limits", describeObject(*engine, *team));
    auto limits = engine->get(core::ObjectKey{"LimitRange", "team", "defaults"});
    QVERIFY(limits);
    compareGolden("limitrange", describeObject(*engine, *limits));
}

void TestDescribe::storage()
{
    auto engine = openLab();
    create(*engine, parse(*engine, R"js({"apiVersion":"v1","kind":"Pod","metadata":{"name":"user","namespace":"default"},
      "spec":{"nodeName":"node-9","containers":[{"name":"c","image":"busybox"}],
        "volumes":[{"name":"d","persistentVolumeClaim":{"claimName":"data"}}]}})js"));
    compareGolden("pv", describeObject(*engine, parse(*engine, R"js({"apiVersion":"v1","kind":"PersistentVolume",
      "metadata":{"name":"pv-data","creationTimestamp":"ago:1h","finalizers":["kubernetes.io/pv-protection"],
        "annotations":{"pv.kubernetes.io/bound-by-controller":"yes"}},
      "spec":{"capacity":{"storage":"10Gi"},"accessModes":["ReadWriteOnce"],"persistentVolumeReclaimPolicy":"Retain",
        "storageClassName":"standard","volumeMode":"Filesystem","claimRef":{"namespace":"default","name":"data"},
        "hostPath":{"path":"/mnt/data","type":"DirectoryOrCreate"},
        "nodeAffinity":{"required":{"nodeSelectorTerms":[{"matchExpressions":[
          {"key":"kubernetes.io/hostname","operator":"In","values":["node-1","node-2"]}]}]}}},
      "status":{"phase":"Bound"}})js")));
    compareGolden("pvc", describeObject(*engine, parse(*engine, R"js({"apiVersion":"v1","kind":"PersistentVolumeClaim",
      "metadata":{"name":"data","namespace":"default","creationTimestamp":"ago:1h",
        "finalizers":["kubernetes.io/pvc-protection"],
        "annotations":{"pv.kubernetes.io/bind-completed":"yes"}},
      "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"storageClassName":"standard",
        "volumeName":"pv-data","volumeMode":"Filesystem"},
      "status":{"phase":"Bound","accessModes":["ReadWriteOnce"],"capacity":{"storage":"10Gi"}}})js")));
    compareGolden("storageclass", describeObject(*engine, parse(*engine, R"js({"apiVersion":"storage.k8s.io/v1",
      "kind":"StorageClass","metadata":{"name":"standard","creationTimestamp":"ago:30d",
        "annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
      "provisioner":"rancher.io/local-path","reclaimPolicy":"Delete","volumeBindingMode":"WaitForFirstConsumer"})js")));
}

void TestDescribe::configuration()
{
    auto engine = openLab();
    compareGolden("configmap", describeObject(*engine, parse(*engine, R"js({"apiVersion":"v1","kind":"ConfigMap",
      "metadata":{"name":"settings","namespace":"default","uid":"8e3d5a6b-0000-4000-8000-000000000001",
        "creationTimestamp":"ago:1m","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}\n",
        "description":"settings of the shop"}},
      "data":{"level":"debug","nginx.conf":"server {\n  listen 80;\n}\n"},"binaryData":{"logo.png":"iVBORw0KGgo="}})js")));
    compareGolden("secret", describeObject(*engine, parse(*engine, R"js({"apiVersion":"v1","kind":"Secret",
      "metadata":{"name":"db","namespace":"default","creationTimestamp":"ago:1m"},"type":"Opaque",
      "data":{"password":"czNjcjN0","user":"YWRtaW4="}})js")));
    auto sa = engine->get(core::ObjectKey{"ServiceAccount", "default", "default"});
    QVERIFY(sa);
    compareGolden("serviceaccount", describeObject(*engine, *sa));
    compareGolden("rolebinding", describeObject(*engine, parse(*engine, R"js({"apiVersion":"rbac.authorization.k8s.io/v1",
      "kind":"RoleBinding","metadata":{"name":"read-pods","namespace":"default"},
      "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"pod-reader"},
      "subjects":[{"kind":"User","name":"jane","apiGroup":"rbac.authorization.k8s.io"},
                  {"kind":"ServiceAccount","name":"ci","namespace":"build"}]})js")));
}

void TestDescribe::generic()
{
    // Kinds without a describer of their own get kubectl's generic one.
    auto engine = openLab();
    compareGolden("lease-generic", describeObject(*engine, parse(*engine, R"js({"apiVersion":"coordination.k8s.io/v1",
      "kind":"Lease","metadata":{"name":"node-1","namespace":"kube-node-lease","uid":"9f4e6b7c-0000-4000-8000-000000000001",
        "resourceVersion":"42","creationTimestamp":"2025-01-01T00:00:00Z",
        "ownerReferences":[{"apiVersion":"v1","kind":"Node","name":"node-1","uid":"6c1b3e4f"}]},
      "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,"renewTime":"2025-01-01T00:04:50.000000Z"}})js")));
    compareGolden("event-generic", describeObject(*engine, parse(*engine, R"js({"apiVersion":"v1","kind":"Event",
      "metadata":{"name":"web.17e2a","namespace":"default","creationTimestamp":"2025-01-01T00:01:00Z"},
      "involvedObject":{"apiVersion":"v1","kind":"Pod","name":"web","namespace":"default","uid":"abc"},
      "reason":"Pulled","message":"Container image \"nginx\" already present on machine","type":"Normal",
      "source":{"component":"kubelet","host":"node-1"},"count":1,"eventTime":null,
      "firstTimestamp":"2025-01-01T00:01:00Z","lastTimestamp":"2025-01-01T00:01:00Z"})js")));
}

void TestDescribe::workloads()
{
    auto engine = openLab();
    compareGolden("job", describeObject(*engine, parse(*engine, R"js({"apiVersion":"batch/v1","kind":"Job",
      "metadata":{"name":"pi","namespace":"default","uid":"1a2b3c4d-0000-4000-8000-000000000001",
        "labels":{"batch.kubernetes.io/job-name":"pi"}},
      "spec":{"parallelism":1,"completions":1,"backoffLimit":4,"completionMode":"NonIndexed","suspend":false,
        "selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"1a2b3c4d"}},
        "template":{"metadata":{"labels":{"batch.kubernetes.io/job-name":"pi"}},
          "spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl:5.34.0",
            "command":["perl","-Mbignum=bpi","-wle","print bpi(2000)"]}]}}},
      "status":{"startTime":"2025-01-01T00:00:10Z","completionTime":"2025-01-01T00:00:55Z","succeeded":1,"ready":0,
        "conditions":[{"type":"Complete","status":"True"}]}})js")));
    compareGolden("statefulset", describeObject(*engine, parse(*engine, R"js({"apiVersion":"apps/v1","kind":"StatefulSet",
      "metadata":{"name":"db","namespace":"default","creationTimestamp":"2025-01-01T00:00:00Z"},
      "spec":{"replicas":3,"selector":{"matchLabels":{"app":"db"}},"serviceName":"db",
        "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},
        "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"pg","image":"postgres:16",
          "volumeMounts":[{"name":"data","mountPath":"/var/lib/postgresql/data"}]}]}},
        "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
          "storageClassName":"standard","resources":{"requests":{"storage":"1Gi"}}}}]},
      "status":{"replicas":1}})js")));
    compareGolden("hpa", describeObject(*engine, parse(*engine, R"js({"apiVersion":"autoscaling/v2",
      "kind":"HorizontalPodAutoscaler","metadata":{"name":"web","namespace":"default",
        "creationTimestamp":"2025-01-01T00:00:00Z"},
      "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":10,
        "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]},
      "status":{"currentReplicas":3,"desiredReplicas":3,"currentMetrics":[{"type":"Resource","resource":{"name":"cpu",
        "current":{"averageUtilization":45,"averageValue":"112m"}}}],
        "conditions":[{"type":"AbleToScale","status":"True","reason":"ReadyForNewScale",
          "message":"recommended size matches current size"}]}})js")));
}

QTEST_APPLESS_MAIN(TestDescribe)
#include "tst_describe.moc"

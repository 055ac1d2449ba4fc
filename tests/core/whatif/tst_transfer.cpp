// SPDX-License-Identifier: GPL-3.0-or-later
// Real clusters in and out of a lab: cleaning manifests, importing `kubectl get -A -o yaml` of a
// real cluster (what is imported, what is skipped and why, bad input), exporting, the round
// trip import -> export -> import, and forking a lab file.
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>

#include "core/manifest/manifest.h"
#include "core/sim/engine.h"
#include "core/whatif/labdiff.h"
#include "core/whatif/transfer.h"

class TestTransfer : public QObject {
    Q_OBJECT

private slots:
    void cleanManifest_data();
    void cleanManifest();
    void applyOrder();
    void importRealCluster_data();
    void importRealCluster();
    void importJsonAndNotes();
    void importRefusesBadInput_data();
    void importRefusesBadInput();
    void exportLeavesOutWhatTheLabOwns();
    void roundTrip();
    void fork();
};

namespace core = kubelab::core;
using core::Json;

namespace {

std::unique_ptr<core::Engine> openEngine(const std::string& path = {})
{
    core::Engine::Options options;
    options.path = path;
    options.createIfMissing = true;
    options.seed = 5;
    auto engine = core::Engine::open(options);
    if (!engine)
        qWarning("%s", engine.error().toString().c_str());
    return engine ? std::move(*engine) : nullptr;
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const std::string kKindCluster = KUBELAB_TEST_DATA "/whatif/kind-cluster.yaml";

/// Imports the real-shaped kind cluster and lets it settle.
std::vector<core::ImportItem> importKind(core::Engine& engine)
{
    auto report = core::importCluster(engine, readFile(kKindCluster), "kind-cluster.yaml", core::RequestContext{});
    if (!report) {
        qWarning("%s", report.error().toString().c_str());
        return {};
    }
    engine.settle(5 * core::kMinute);
    return *report;
}

std::string exportText(const core::Engine& engine, bool nodes)
{
    std::string text;
    for (const Json& o : core::exportCluster(engine, core::ExportOptions{"", true, nodes}))
        text += "---\n" + core::toYaml(o);
    return text;
}

Json parse(const char* text)
{
    return Json::parse(text);
}

} // namespace

void TestTransfer::cleanManifest_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::addRow("server-set metadata and status go")
        << "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"d\","
           "\"uid\":\"u\",\"resourceVersion\":\"7\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\",\"generation\":2,"
           "\"selfLink\":\"/api/v1/x\",\"managedFields\":[{\"manager\":\"kubectl\"}],"
           "\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"{}\",\"team\":\"a\"}},"
           "\"data\":{\"k\":\"v\"},\"status\":{}}"
        << "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"d\","
           "\"annotations\":{\"team\":\"a\"}},\"data\":{\"k\":\"v\"}}";
    QTest::addRow("a Service loses its allocated cluster IPs and IP families")
        << "{\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"},\"spec\":{\"clusterIP\":\"10.96.3.4\","
           "\"clusterIPs\":[\"10.96.3.4\"],\"ipFamilies\":[\"IPv4\"],\"ipFamilyPolicy\":\"SingleStack\","
           "\"ports\":[{\"port\":80,\"nodePort\":30080}],\"type\":\"NodePort\"}}"
        << "{\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"},\"spec\":{\"ports\":[{\"port\":80,\"nodePort\":30080}],"
           "\"type\":\"NodePort\"}}";
    QTest::addRow("a headless Service keeps clusterIP None")
        << "{\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"},\"spec\":{\"clusterIP\":\"None\",\"clusterIPs\":[\"None\"]}}"
        << "{\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"},\"spec\":{\"clusterIP\":\"None\",\"clusterIPs\":[\"None\"]}}";
    QTest::addRow("a pod loses the token volume, its mounts and the default tolerations")
        << "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"generateName\":\"p-\",\"ownerReferences\":[{\"kind\":\"Job\"}]},"
           "\"spec\":{\"containers\":[{\"name\":\"c\",\"volumeMounts\":[{\"name\":\"kube-api-access-x7k2p\","
           "\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"},{\"name\":\"data\",\"mountPath\":\"/d\"}]}],"
           "\"serviceAccount\":\"default\",\"serviceAccountName\":\"default\","
           "\"tolerations\":[{\"key\":\"gpu\",\"operator\":\"Exists\"},{\"effect\":\"NoExecute\","
           "\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"tolerationSeconds\":300}],"
           "\"volumes\":[{\"name\":\"data\",\"emptyDir\":{}},{\"name\":\"kube-api-access-x7k2p\",\"projected\":{}}]}}"
        << "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"volumeMounts\":"
           "[{\"name\":\"data\",\"mountPath\":\"/d\"}]}],\"serviceAccountName\":\"default\",\"tolerations\":"
           "[{\"key\":\"gpu\",\"operator\":\"Exists\"}],\"volumes\":[{\"name\":\"data\",\"emptyDir\":{}}]}}";
    QTest::addRow("an old cluster's default-token secret volume goes too")
        << "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"volumeMounts\":"
           "[{\"name\":\"default-token-abcde\",\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}]}],"
           "\"volumes\":[{\"name\":\"default-token-abcde\",\"secret\":{\"secretName\":\"default-token-abcde\"}}]}}"
        << "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}";
    QTest::addRow("a Deployment's template loses creationTimestamp null and its token noise")
        << "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"w\",\"annotations\":{\"deployment.kubernetes.io/revision\":\"3\"}},"
           "\"spec\":{\"template\":{\"metadata\":{\"creationTimestamp\":null,\"labels\":{\"app\":\"w\"}},"
           "\"spec\":{\"containers\":[{\"name\":\"c\"}]}}},\"status\":{\"replicas\":3}}"
        << "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"w\"},\"spec\":{\"template\":{\"metadata\":"
           "{\"labels\":{\"app\":\"w\"}},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}}}";
    QTest::addRow("a claim loses the binder's annotations and the protection finalizer")
        << "{\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"c\",\"finalizers\":[\"kubernetes.io/pvc-protection\"],"
           "\"annotations\":{\"pv.kubernetes.io/bind-completed\":\"yes\",\"volume.kubernetes.io/selected-node\":\"n\","
           "\"volume.beta.kubernetes.io/storage-provisioner\":\"p\"}},\"spec\":{\"volumeName\":\"pv-1\"}}"
        << "{\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"c\"},\"spec\":{\"volumeName\":\"pv-1\"}}";
    QTest::addRow("a PV keeps its claimRef without uid and resourceVersion")
        << "{\"kind\":\"PersistentVolume\",\"metadata\":{\"name\":\"v\",\"finalizers\":[\"kubernetes.io/pv-protection\","
           "\"example.com/keep\"]},\"spec\":{\"claimRef\":{\"kind\":\"PersistentVolumeClaim\",\"name\":\"c\","
           "\"namespace\":\"d\",\"uid\":\"u\",\"resourceVersion\":\"9\"}}}"
        << "{\"kind\":\"PersistentVolume\",\"metadata\":{\"name\":\"v\",\"finalizers\":[\"example.com/keep\"]},"
           "\"spec\":{\"claimRef\":{\"kind\":\"PersistentVolumeClaim\",\"name\":\"c\",\"namespace\":\"d\"}}}";
    QTest::addRow("a Namespace loses its finalizer and the name label")
        << "{\"kind\":\"Namespace\",\"metadata\":{\"name\":\"shop\",\"labels\":{\"kubernetes.io/metadata.name\":\"shop\","
           "\"team\":\"a\"}},\"spec\":{\"finalizers\":[\"kubernetes\"]},\"status\":{\"phase\":\"Active\"}}"
        << "{\"kind\":\"Namespace\",\"metadata\":{\"name\":\"shop\",\"labels\":{\"team\":\"a\"}}}";
    QTest::addRow("a Job loses the selector and labels naming its uid")
        << "{\"kind\":\"Job\",\"metadata\":{\"name\":\"j\"},\"spec\":{\"selector\":{\"matchLabels\":"
           "{\"batch.kubernetes.io/controller-uid\":\"u\"}},\"template\":{\"metadata\":{\"labels\":"
           "{\"batch.kubernetes.io/controller-uid\":\"u\",\"batch.kubernetes.io/job-name\":\"j\",\"controller-uid\":\"u\","
           "\"job-name\":\"j\",\"app\":\"j\"}},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}}}"
        << "{\"kind\":\"Job\",\"metadata\":{\"name\":\"j\"},\"spec\":{\"template\":{\"metadata\":{\"labels\":"
           "{\"app\":\"j\"}},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}}}";
}

void TestTransfer::cleanManifest()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const Json cleaned = core::cleanManifest(Json::parse(input.toStdString()));
    QVERIFY2(cleaned == Json::parse(expected.toStdString()), cleaned.dump().c_str());
}

void TestTransfer::applyOrder()
{
    // kubectl apply -f of the export must find each object's dependencies already there.
    const std::vector<std::string> order = {"Namespace", "ResourceQuota", "ServiceAccount", "ConfigMap",
                                            "StorageClass", "PersistentVolume", "Node", "PersistentVolumeClaim",
                                            "ClusterRole", "RoleBinding", "Service", "DaemonSet", "StatefulSet",
                                            "Deployment", "ReplicaSet", "Job", "Pod", "HorizontalPodAutoscaler",
                                            "Ingress", "SomethingElse"};
    for (std::size_t i = 1; i < order.size(); ++i)
        QVERIFY2(core::applyOrderRank(order[i - 1]) < core::applyOrderRank(order[i]), order[i].c_str());
}

void TestTransfer::importRealCluster_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("ns");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("imported");
    QTest::addColumn<QString>("reason");

    QTest::addRow("a worker node") << "Node" << "" << "shop-worker" << true << "";
    QTest::addRow("the control-plane node") << "Node" << "" << "shop-control-plane" << true << "";
    QTest::addRow("the namespace the objects use") << "Namespace" << "" << "shop" << true
                                                   << "created for the objects in it";
    QTest::addRow("the service account a DaemonSet runs as") << "ServiceAccount" << "kube-system" << "kindnet" << true
                                                              << "created for the pods that run as it";
    QTest::addRow("a Deployment") << "Deployment" << "shop" << "web" << true << "";
    QTest::addRow("a StatefulSet") << "StatefulSet" << "shop" << "db" << true << "";
    QTest::addRow("a NodePort Service") << "Service" << "shop" << "web" << true << "";
    QTest::addRow("a bound claim") << "PersistentVolumeClaim" << "shop" << "data-db-0" << true << "";
    QTest::addRow("a storage class") << "StorageClass" << "" << "standard" << true << "";
    QTest::addRow("a bare pod") << "Pod" << "default" << "debug" << true << "";
    QTest::addRow("the kubernetes Service") << "Service" << "default" << "kubernetes" << false
                                            << "the lab already has it";
    QTest::addRow("CoreDNS") << "Deployment" << "kube-system" << "coredns" << false << "the lab already has it";
    QTest::addRow("kube-proxy") << "DaemonSet" << "kube-system" << "kube-proxy" << false
                                << "the lab simulates kube-proxy itself";
    QTest::addRow("a Deployment's ReplicaSet")
        << "ReplicaSet" << "shop" << "web-7c9d8b6f5d" << false
        << "its controller Deployment shop/web (imported) creates it";
    QTest::addRow("a ReplicaSet's pod")
        << "Pod" << "shop" << "web-7c9d8b6f5d-2p82d" << false
        << "its controller ReplicaSet shop/web-7c9d8b6f5d (re-created by Deployment shop/web) creates it";
    QTest::addRow("a StatefulSet's pod") << "Pod" << "shop" << "db-0" << false
                                         << "its controller StatefulSet shop/db (imported) creates it";
    QTest::addRow("a kube-proxy pod")
        << "Pod" << "kube-system" << "kube-proxy-djshf" << false
        << "its controller DaemonSet kube-system/kube-proxy (the lab's own) creates it";
    QTest::addRow("a static pod") << "Pod" << "kube-system" << "etcd-shop-control-plane" << false
                                  << "static pod of the control plane; the lab simulates the control plane itself";
    QTest::addRow("a finished Job pod") << "Pod" << "shop" << "migrate-28841-x7k2p" << false
                                        << "the pod has finished (Succeeded); in the lab it would run again";
}

void TestTransfer::importRealCluster()
{
    QFETCH(QString, kind);
    QFETCH(QString, ns);
    QFETCH(QString, name);
    QFETCH(bool, imported);
    QFETCH(QString, reason);
    auto engine = openEngine();
    QVERIFY(engine);
    const std::vector<core::ImportItem> report = importKind(*engine);
    QVERIFY(!report.empty());
    const core::ObjectKey key{kind.toStdString(), ns.toStdString(), name.toStdString()};
    auto it = std::find_if(report.begin(), report.end(), [&](const core::ImportItem& i) { return i.key == key; });
    QVERIFY2(it != report.end(), key.toString().c_str());
    QCOMPARE(it->imported, imported);
    QCOMPARE(QString::fromStdString(it->reason), reason);
    if (imported)
        QVERIFY(engine->get(key));
    if (kind == "Node") {
        // The node keeps what the real one reports: allocatable, labels, taints.
        const Json& node = *engine->get(key);
        QCOMPARE(QString::fromStdString(core::stringAt(node, Json::json_pointer("/status/allocatable/memory"))),
                 QStringLiteral("16365916Ki"));
        QCOMPARE(QString::fromStdString(core::stringAt(node, Json::json_pointer("/metadata/labels/kubernetes.io~1hostname"))),
                 name);
        const bool controlPlane = name == "shop-control-plane";
        QCOMPARE(node.contains("spec") && node["spec"].contains("taints") && !node["spec"]["taints"].empty(), controlPlane);
    }
    if (key == core::ObjectKey{"Service", "shop", "web"}) {
        // The lab allocates the cluster IP from its own range; the node port stays.
        const Json& svc = *engine->get(key);
        QVERIFY(svc["spec"].value("clusterIP", "") != "10.96.142.17");
        QCOMPARE(svc["spec"]["ports"][0].value("nodePort", 0), 30080);
    }
}

void TestTransfer::importJsonAndNotes()
{
    // `kubectl get -o json` works as well; what could not be kept as it was is noted.
    auto engine = openEngine();
    QVERIFY(engine);
    const std::string text =
        "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
        "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"worker-1\",\"labels\":"
        "{\"kubernetes.io/os\":\"linux\"}},\"spec\":{\"taints\":[{\"key\":\"node.kubernetes.io/not-ready\","
        "\"effect\":\"NoSchedule\"},{\"key\":\"dedicated\",\"value\":\"db\",\"effect\":\"NoSchedule\"}]},"
        "\"status\":{\"capacity\":{\"cpu\":\"8\",\"memory\":\"32Gi\",\"pods\":\"110\"},"
        "\"allocatable\":{\"cpu\":\"7910m\",\"memory\":\"31Gi\",\"pods\":\"110\"}}},"
        "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"data\","
        "\"namespace\":\"db\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":"
        "{\"storage\":\"1Gi\"}},\"volumeName\":\"pvc-gone\"}},"
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"solo\",\"namespace\":\"db\","
        "\"ownerReferences\":[{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"name\":\"nightly\","
        "\"uid\":\"u\",\"controller\":true}]},\"spec\":{\"nodeName\":\"elsewhere\",\"containers\":"
        "[{\"name\":\"c\",\"image\":\"busybox:1.36\"}]},\"status\":{\"phase\":\"Running\"}},"
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}]}";
    auto report = core::importCluster(*engine, text, "cluster.json", core::RequestContext{});
    QVERIFY2(report.has_value(), report ? "" : report.error().toString().c_str());
    QStringList lines;
    for (const core::ImportItem& i : *report)
        lines << QString::fromStdString(i.key.toString() + (i.imported ? " imported" : " skipped") +
                                        (i.reason.empty() ? "" : ": " + i.reason));
    QCOMPARE(lines, QStringList({
        "Widget/w skipped: the lab does not simulate example.com/v1 Widget",
        "Node/worker-1 imported",
        "Namespace/db imported: created for the objects in it",
        "PersistentVolumeClaim/db/data imported: volume pvc-gone is not in the file: the claim binds or provisions anew",
        "Pod/db/solo imported: its controller Job db/nightly is not in the file: imported without it; node elsewhere "
        "is not in the file: left to the scheduler",
    }));
    const Json& node = *engine->get(core::ObjectKey{"Node", "", "worker-1"});
    // The node controller's taint is the lab's business; the user's stays.
    QVERIFY(node["spec"]["taints"] == parse("[{\"key\":\"dedicated\",\"value\":\"db\",\"effect\":\"NoSchedule\"}]"));
    QCOMPARE(QString::fromStdString(core::stringAt(node, Json::json_pointer("/status/allocatable/cpu"))), QStringLiteral("7910m"));
    const Json& pod = *engine->get(core::ObjectKey{"Pod", "db", "solo"});
    QVERIFY(!pod["metadata"].contains("ownerReferences"));
    QVERIFY(!pod["spec"].contains("nodeName"));
}

void TestTransfer::importRefusesBadInput_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");

    QTest::addRow("malformed YAML")
        << "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata: {name: node-a\n"
        << "error: in.yaml:7:1: error converting YAML to JSON: yaml: did not find expected ',' or '}'";
    QTest::addRow("not an object") << "- a\n- b\n"
                                   << "error: in.yaml:1:1: expected a mapping (a Kubernetes object), got a sequence";
    QTest::addRow("an object without a name")
        << "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  labels: {}\n"
        << "error: in.yaml:6:1: Pod has no metadata.name";
    QTest::addRow("an object the API server refuses, after a good one")
        << "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\n---\napiVersion: v1\nkind: Service\nmetadata:\n"
           "  name: s\nspec:\n  type: Bogus\n  ports:\n  - port: 80\n"
        << "error: in.yaml:6:1: importing service/s: The Service \"s\" is invalid: spec.type: Unsupported value: "
           "\"Bogus\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"";
}

void TestTransfer::importRefusesBadInput()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    auto engine = openEngine();
    QVERIFY(engine);
    const std::int64_t before = engine->store().revision();
    auto report = core::importCluster(*engine, text.toStdString(), "in.yaml", core::RequestContext{});
    QVERIFY(!report);
    QCOMPARE(QString::fromStdString(report.error().toString()), error);
    // The caller (klab) rolls back: nothing of the import stays.
    engine->rollback();
    QCOMPARE(engine->store().revision(), before);
    QVERIFY(!engine->get(core::ObjectKey{"Node", "", "node-a"}));
}

void TestTransfer::exportLeavesOutWhatTheLabOwns()
{
    auto engine = openEngine();
    QVERIFY(engine);
    importKind(*engine);
    std::vector<std::string> keys;
    for (const Json& o : core::exportCluster(*engine, core::ExportOptions{"", true, false}))
        keys.push_back(core::keyOf(o).toString());
    // No Node, ReplicaSet, controller-owned pod or default object.
    const std::vector<std::string> expected = {
        "Namespace/shop",
        "ServiceAccount/kube-system/kindnet",
        "StorageClass/standard",
        "PersistentVolume/backup-nfs",
        // Provisioned on the real cluster, a static volume in the lab (its claim binds to it).
        "PersistentVolume/pvc-46e40990-30f9-7058-3f9d-52f90e8bec94",
        "PersistentVolumeClaim/shop/data-db-0",
        "Service/shop/api",
        "Service/shop/db",
        "Service/shop/web",
        "DaemonSet/kube-system/kindnet",
        "StatefulSet/shop/db",
        "Deployment/shop/api",
        "Deployment/shop/web",
        "Pod/default/debug",
    };
    QCOMPARE(keys.size(), expected.size());
    for (std::size_t i = 0; i < keys.size(); ++i)
        QCOMPARE(QString::fromStdString(keys[i]), QString::fromStdString(expected[i]));
    // Only the shop namespace, with its Namespace object.
    const auto shop = core::exportCluster(*engine, core::ExportOptions{"shop", false, false});
    QCOMPARE(shop.size(), std::size_t{8});
    QCOMPARE(QString::fromStdString(core::kindOf(shop.front())), QStringLiteral("Namespace"));
    for (const Json& o : shop) {
        QVERIFY(!o.contains("status"));
        QVERIFY(!o["metadata"].contains("uid"));
        QVERIFY(!o["metadata"].contains("resourceVersion"));
        QVERIFY(!o["metadata"].contains("creationTimestamp"));
    }
}

void TestTransfer::roundTrip()
{
    auto first = openEngine();
    QVERIFY(first);
    importKind(*first);
    const std::string exported = exportText(*first, true);
    auto second = openEngine();
    QVERIFY(second);
    auto report = core::importCluster(*second, exported, "export.yaml", core::RequestContext{});
    QVERIFY2(report.has_value(), report ? "" : report.error().toString().c_str());
    for (const core::ImportItem& item : *report)
        QVERIFY2(item.imported, (item.key.toString() + ": " + item.reason).c_str());
    second->settle(5 * core::kMinute);
    QCOMPARE(QString::fromStdString(exportText(*second, true)), QString::fromStdString(exported));
    // The same pods on the same nodes, the same load on each node.
    const Json diff = core::diffLabs(*first, *second);
    QVERIFY2(diff["pods"]["moved"].empty(), diff["pods"].dump().c_str());
    QVERIFY(diff["pods"]["onlyInBase"].empty());
    QVERIFY(diff["pods"]["onlyInOther"].empty());
    QCOMPARE(diff["nodes"].size(), std::size_t{3});
    for (const Json& n : diff["nodes"])
        QVERIFY2(n["base"] == n["other"], n.dump().c_str());
    QVERIFY(diff["pending"]["base"] == diff["pending"]["other"]);
}

void TestTransfer::fork()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string parentPath = dir.filePath(QStringLiteral("parent.klab")).toStdString();
    const std::string forkPath = dir.filePath(QStringLiteral("fork.klab")).toStdString();
    auto parent = openEngine(parentPath);
    QVERIFY(parent);
    importKind(*parent);
    QVERIFY(parent->commit().has_value());
    // Uncommitted work is not part of the fork: it copies the lab file as of its last commit.
    QVERIFY(parent->create(parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"draft\",\"namespace\":\"default\"}}")).has_value());
    QVERIFY(core::forkLab(*parent, forkPath).has_value());
    auto again = core::forkLab(*parent, forkPath);
    QVERIFY(!again);
    QCOMPARE(QString::fromStdString(again.error().toString()),
             QString::fromStdString("error: " + forkPath + " already exists; klab fork writes a new lab"));

    auto child = openEngine(forkPath);
    QVERIFY(child);
    QCOMPARE(QString::fromStdString(child->labSetting(std::string(core::kSettingForkParent)).value_or("")),
             QString::fromStdString(parentPath));
    QCOMPARE(QString::fromStdString(child->labSetting(std::string(core::kSettingForkParentRevision)).value_or("")),
             QString::number(parent->lab().lastRevision()));
    QVERIFY(!child->get(core::ObjectKey{"ConfigMap", "default", "draft"}));
    parent->rollback();
    QCOMPARE(child->store().revision(), parent->store().revision());
    QVERIFY(core::diffLabs(*parent, *child)["pods"]["moved"].empty());

    // A NoExecute taint in the fork evicts the pods of shop-worker; the diff shows them moved.
    Json patched = *child->get(core::ObjectKey{"Node", "", "shop-worker"});
    patched["spec"]["taints"] = Json::array({Json{{"key", "maintenance"}, {"effect", "NoExecute"}}});
    QVERIFY(child->update(patched).has_value());
    child->settle(5 * core::kMinute);
    const Json diff = core::diffLabs(*parent, *child);
    QVERIFY(!diff["pods"]["moved"].empty());
    for (const Json& m : diff["pods"]["moved"])
        QCOMPARE(QString::fromStdString(m["from"].value("node", "")), QStringLiteral("shop-worker"));
    const Json changed = diff["objects"]["changed"];
    QCOMPARE(changed.size(), std::size_t{1});
    QVERIFY(changed[0] == parse("{\"kind\":\"Node\",\"namespace\":\"\",\"name\":\"shop-worker\",\"fields\":[\"spec.taints\"]}"));
}

QTEST_APPLESS_MAIN(TestTransfer)
#include "tst_transfer.moc"

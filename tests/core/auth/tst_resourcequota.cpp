// SPDX-License-Identifier: GPL-3.0-or-later
// Resource quotas: the evaluators' usage (pkg/quota/v1/evaluator/core: pods, services,
// claims, object counts), scopes, the pod constraints, the controller's status and the
// admission's refusals with upstream's texts.
#include <QTest>

#include "core/auth/quota.h"
#include "core/sim/engine.h"

namespace core = kubelab::core;
using core::Json;

class TestResourceQuota final : public QObject {
    Q_OBJECT

private slots:
    void podUsage_data();
    void podUsage();
    void serviceUsage_data();
    void serviceUsage();
    void claimUsage();
    void scopes_data();
    void scopes();
    void constraints_data();
    void constraints();
    void controllerAndAdmission();
    void mustSpecify();
};

namespace {

std::unique_ptr<core::Engine> openEngine()
{
    core::Engine::Options options;
    options.createIfMissing = true;
    options.seed = 9;
    auto engine = core::Engine::open(options);
    return engine ? std::move(*engine) : nullptr;
}

Json pod(const std::string& name, const Json& resources = Json::object())
{
    Json p = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", name}, {"namespace", "default"}}},
              {"spec", {{"containers", Json::array({Json{{"name", "web"}, {"image", "nginx"}}})}}}};
    if (!resources.empty())
        p["spec"]["containers"][0]["resources"] = resources;
    return p;
}

Json quota(const std::string& name, const Json& hard, const Json& scopes = Json())
{
    Json q = {{"apiVersion", "v1"},
              {"kind", "ResourceQuota"},
              {"metadata", {{"name", name}, {"namespace", "default"}}},
              {"spec", {{"hard", hard}}}};
    if (!scopes.is_null())
        q["spec"]["scopes"] = scopes;
    return q;
}

QString text(const core::ResourceList& list)
{
    return QString::fromStdString(core::prettyPrintResources(list));
}

} // namespace

void TestResourceQuota::podUsage_data()
{
    QTest::addColumn<QByteArray>("pod");
    QTest::addColumn<QString>("expected");
    // pods_test.go TestPodEvaluatorUsage's shapes.
    QTest::newRow("init container cpu")
        << QByteArray(R"({"kind": "Pod", "spec": {"initContainers": [{"name": "i", "resources": {"requests": {"cpu": "1m"}, "limits": {"cpu": "2m"}}}], "containers": [{"name": "c"}]}})")
        << "count/pods=1,cpu=1m,limits.cpu=2m,pods=1,requests.cpu=1m";
    QTest::newRow("container memory")
        << QByteArray(R"({"kind": "Pod", "spec": {"containers": [{"name": "c", "resources": {"requests": {"memory": "1m"}, "limits": {"memory": "2m"}}}]}})")
        << "count/pods=1,limits.memory=2m,memory=1m,pods=1,requests.memory=1m";
    QTest::newRow("init container maximums override sum of containers")
        << QByteArray(R"({"kind": "Pod", "spec": {"initContainers": [{"name": "i", "resources": {"requests": {"cpu": "4", "memory": "100M"}, "limits": {"cpu": "8", "memory": "200M"}}}],
             "containers": [{"name": "a", "resources": {"requests": {"cpu": "1", "memory": "50M"}, "limits": {"cpu": "2", "memory": "100M"}}},
                            {"name": "b", "resources": {"requests": {"cpu": "1", "memory": "25M"}, "limits": {"cpu": "2", "memory": "50M"}}}]}})")
        << "count/pods=1,cpu=4,limits.cpu=8,limits.memory=200M,memory=100M,pods=1,requests.cpu=4,requests.memory=100M";
    QTest::newRow("hugepages and extended")
        << QByteArray(R"({"kind": "Pod", "spec": {"containers": [{"name": "c", "resources": {"requests": {"hugepages-2Mi": "100Mi", "example.com/dongle": "3"}}}]}})")
        << "count/pods=1,hugepages-2Mi=100Mi,pods=1,requests.example.com/dongle=3,requests.hugepages-2Mi=100Mi";
    QTest::newRow("terminal pod counts only count/pods")
        << QByteArray(R"({"kind": "Pod", "spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "1"}}}]}, "status": {"phase": "Succeeded"}})")
        << "count/pods=1";
    QTest::newRow("pod overhead")
        << QByteArray(R"({"kind": "Pod", "spec": {"overhead": {"cpu": "1"}, "containers": [{"name": "c", "resources": {"requests": {"cpu": "1"}, "limits": {"cpu": "2"}}}]}})")
        << "count/pods=1,cpu=2,limits.cpu=3,pods=1,requests.cpu=2";
}

void TestResourceQuota::podUsage()
{
    QFETCH(QByteArray, pod);
    QFETCH(QString, expected);
    auto engine = openEngine();
    QVERIFY(engine);
    QCOMPARE(text(core::quotaUsage(*engine, Json::parse(pod.toStdString()))), expected);
}

void TestResourceQuota::serviceUsage_data()
{
    QTest::addColumn<QByteArray>("service");
    QTest::addColumn<QString>("expected");
    // services_test.go TestServiceEvaluatorUsage's shapes.
    QTest::newRow("clusterip") << QByteArray(R"({"kind": "Service", "spec": {"type": "ClusterIP"}})")
                               << "count/services=1,services=1";
    QTest::newRow("nodeports") << QByteArray(R"({"kind": "Service", "spec": {"type": "NodePort", "ports": [{"port": 27443}]}})")
                               << "count/services=1,services=1,services.nodeports=1";
    QTest::newRow("loadbalancer") << QByteArray(R"({"kind": "Service", "spec": {"type": "LoadBalancer", "ports": [{"port": 1}, {"port": 2}]}})")
                                  << "count/services=1,services=1,services.loadbalancers=1,services.nodeports=2";
    QTest::newRow("loadbalancer without node ports")
        << QByteArray(R"({"kind": "Service", "spec": {"type": "LoadBalancer", "allocateLoadBalancerNodePorts": false, "ports": [{"port": 1, "nodePort": 32001}, {"port": 2}]}})")
        << "count/services=1,services=1,services.loadbalancers=1,services.nodeports=1";
}

void TestResourceQuota::serviceUsage()
{
    QFETCH(QByteArray, service);
    QFETCH(QString, expected);
    auto engine = openEngine();
    QVERIFY(engine);
    QCOMPARE(text(core::quotaUsage(*engine, Json::parse(service.toStdString()))), expected);
}

void TestResourceQuota::claimUsage()
{
    auto engine = openEngine();
    QVERIFY(engine);
    Json pvc = Json::parse(R"({"kind": "PersistentVolumeClaim", "spec": {"storageClassName": "gold", "resources": {"requests": {"storage": "10Gi"}}}})");
    QCOMPARE(text(core::quotaUsage(*engine, pvc)),
             QString("count/persistentvolumeclaims=1,gold.storageclass.storage.k8s.io/persistentvolumeclaims=1,"
                     "gold.storageclass.storage.k8s.io/requests.storage=10Gi,persistentvolumeclaims=1,requests.storage=10Gi"));
}

void TestResourceQuota::scopes_data()
{
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QByteArray>("pod");
    QTest::addColumn<bool>("matches");
    const QByteArray bestEffort = R"({"kind": "Pod", "spec": {"containers": [{"name": "c"}]}})";
    const QByteArray burstable = R"({"kind": "Pod", "spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "1"}}}]}})";
    const QByteArray terminating = R"({"kind": "Pod", "spec": {"activeDeadlineSeconds": 60, "containers": [{"name": "c"}]}})";
    QTest::newRow("BestEffort best-effort") << "BestEffort" << bestEffort << true;
    QTest::newRow("BestEffort burstable") << "BestEffort" << burstable << false;
    QTest::newRow("NotBestEffort burstable") << "NotBestEffort" << burstable << true;
    QTest::newRow("Terminating") << "Terminating" << terminating << true;
    QTest::newRow("Terminating without deadline") << "Terminating" << bestEffort << false;
    QTest::newRow("NotTerminating") << "NotTerminating" << bestEffort << true;
}

void TestResourceQuota::scopes()
{
    QFETCH(QString, scope);
    QFETCH(QByteArray, pod);
    QFETCH(bool, matches);
    Json q = quota("q", Json{{"pods", "1"}}, Json::array({scope.toStdString()}));
    QCOMPARE(core::quotaScopesMatch(q, Json::parse(pod.toStdString())), matches);
    // Only pods know scopes.
    QVERIFY(!core::quotaScopesMatch(q, Json{{"kind", "Service"}}));
}

void TestResourceQuota::constraints_data()
{
    QTest::addColumn<QByteArray>("pod");
    QTest::addColumn<QStringList>("tracked");
    QTest::addColumn<QString>("expected");
    // pods_test.go TestPodConstraintsFunc.
    QTest::newRow("init container resource missing")
        << QByteArray(R"({"spec": {"initContainers": [{"name": "dummy", "resources": {"requests": {"memory": "1m"}, "limits": {"cpu": "2m"}}}]}})")
        << QStringList{"memory"} << "";
    QTest::newRow("container resource missing")
        << QByteArray(R"({"spec": {"containers": [{"name": "dummy", "resources": {"requests": {"memory": "1m"}, "limits": {"cpu": "2m"}}}]}})")
        << QStringList{"cpu"} << "must specify cpu for: dummy";
    QTest::newRow("container resource missing multiple")
        << QByteArray(R"({"spec": {"containers": [{"name": "foo"}, {"name": "bar"}]}})")
        << QStringList{"limits.cpu", "limits.memory", "pods"}
        << "[must specify limits.cpu for: bar,foo, must specify limits.memory for: bar,foo]";
}

void TestResourceQuota::constraints()
{
    QFETCH(QByteArray, pod);
    QFETCH(QStringList, tracked);
    QFETCH(QString, expected);
    std::vector<std::string> names;
    for (const QString& t : tracked)
        names.push_back(t.toStdString());
    QCOMPARE(QString::fromStdString(core::quotaConstraints(Json::parse(pod.toStdString()), names)), expected);
}

void TestResourceQuota::controllerAndAdmission()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(quota("q", Json{{"pods", "2"}, {"services", "5"}})));
    engine->drain();
    core::ObjectPtr q = engine->get(core::ObjectKey{"ResourceQuota", "default", "q"});
    QVERIFY(q);
    QCOMPARE((*q)["status"]["hard"].dump(), std::string(R"({"pods":"2","services":"5"})"));
    // The bootstrap's `kubernetes` Service counts.
    QCOMPARE((*q)["status"]["used"].dump(), std::string(R"({"pods":"0","services":"1"})"));
    QVERIFY(engine->create(pod("a")));
    QVERIFY(engine->create(pod("b")));
    // Admission charged them at once, before the controller ran.
    q = engine->get(core::ObjectKey{"ResourceQuota", "default", "q"});
    QCOMPARE((*q)["status"]["used"]["pods"].get<std::string>(), std::string("2"));
    auto refused = engine->create(pod("c"));
    QVERIFY(!refused);
    QCOMPARE(refused.error().message, std::string("pods \"c\" is forbidden: exceeded quota: q, requested: pods=1, "
                                                  "used: pods=2, limited: pods=2"));
    // A deleted pod frees its share once the controller recounts.
    QVERIFY(engine->remove(core::ObjectKey{"Pod", "default", "a"}, core::DeleteOptions{core::Propagation::Background, 0}));
    engine->drain();
    q = engine->get(core::ObjectKey{"ResourceQuota", "default", "q"});
    QCOMPARE((*q)["status"]["used"]["pods"].get<std::string>(), std::string("1"));
    QVERIFY(engine->create(pod("c")));
}

void TestResourceQuota::mustSpecify()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(quota("compute", Json{{"requests.cpu", "1"}, {"limits.memory", "1Gi"}})));
    engine->drain();
    auto refused = engine->create(pod("web"));
    QVERIFY(!refused);
    QCOMPARE(refused.error().message, std::string("pods \"web\" is forbidden: failed quota: compute: [must specify "
                                                  "limits.memory for: web, must specify requests.cpu for: web]"));
    QVERIFY(engine->create(pod("ok", Json{{"requests", {{"cpu", "600m"}}}, {"limits", {{"memory", "512Mi"}}}})));
    auto over = engine->create(pod("more", Json{{"requests", {{"cpu", "600m"}}}, {"limits", {{"memory", "256Mi"}}}}));
    QVERIFY(!over);
    QCOMPARE(over.error().message, std::string("pods \"more\" is forbidden: exceeded quota: compute, requested: "
                                               "requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1"));
}

QTEST_GUILESS_MAIN(TestResourceQuota)
#include "tst_resourcequota.moc"

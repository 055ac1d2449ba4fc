// SPDX-License-Identifier: GPL-3.0-or-later
// The StatefulSet controller: ordinal names and identity, OrderedReady vs Parallel, claims
// from volumeClaimTemplates kept on scale-down, RollingUpdate with a partition, OnDelete.
#include <QTest>

#include <string>
#include <vector>

#include "core/controllers/statefulset.h"
#include "core/sim/engine.h"

namespace core = kubelab::core;
using core::Json;

class TestStatefulSet final : public QObject {
    Q_OBJECT

private slots:
    void ordinal_data();
    void ordinal();
    void orderedReadyScaleUpAndDown();
    void parallel();
    void rollingUpdateWithPartition();
    void onDelete();
};

namespace {

std::unique_ptr<core::Engine> openEngine()
{
    core::Engine::Options options;
    options.createIfMissing = true;
    options.seed = 11;
    auto engine = core::Engine::open(options);
    if (!engine)
        qWarning("%s", engine.error().toString().c_str());
    return engine ? std::move(*engine) : nullptr;
}

Json node(const std::string& name)
{
    Json capacity = {{"cpu", "8"}, {"memory", "16Gi"}, {"pods", "110"}, {"ephemeral-storage", "100Gi"}};
    return Json{{"apiVersion", "v1"},
                {"kind", "Node"},
                {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}}}}},
                {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
}

Json storageClass()
{
    return Json{{"apiVersion", "storage.k8s.io/v1"},
                {"kind", "StorageClass"},
                {"metadata", {{"name", "standard"}, {"annotations", {{"storageclass.kubernetes.io/is-default-class", "true"}}}}},
                {"provisioner", "rancher.io/local-path"}};
}

/// The StatefulSet of the Kubernetes docs: web, serviceName nginx, claims `www`.
Json webSet(int replicas, const std::string& policy = "OrderedReady", const Json& strategy = Json())
{
    Json set = {{"apiVersion", "apps/v1"},
                {"kind", "StatefulSet"},
                {"metadata", {{"name", "web"}, {"namespace", "default"}}},
                {"spec",
                 {{"serviceName", "nginx"},
                  {"replicas", replicas},
                  {"podManagementPolicy", policy},
                  {"selector", {{"matchLabels", {{"app", "nginx"}}}}},
                  {"template",
                   {{"metadata", {{"labels", {{"app", "nginx"}}}}},
                    {"spec",
                     {{"containers",
                       Json::array({Json{{"name", "nginx"},
                                         {"image", "registry.k8s.io/nginx-slim:0.24"},
                                         {"volumeMounts", Json::array({Json{{"name", "www"}, {"mountPath", "/usr/share/nginx/html"}}})}}})}}}}},
                  {"volumeClaimTemplates",
                   Json::array({Json{{"metadata", {{"name", "www"}}},
                                     {"spec",
                                      {{"accessModes", Json::array({"ReadWriteOnce"})},
                                       {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}}})}}}};
    if (!strategy.is_null())
        set["spec"]["updateStrategy"] = strategy;
    return set;
}

std::vector<std::string> podNames(const core::Engine& engine)
{
    std::vector<std::string> out;
    for (const core::ObjectPtr& p : engine.list("Pod", "default"))
        if (!core::isBeingDeleted(*p))
            out.push_back(core::nameOf(*p));
    return out;
}

/// The statefulset-controller's event messages, in the order they were first recorded.
std::vector<std::string> setEvents(const core::Engine& engine)
{
    std::vector<std::pair<std::string, std::string>> timed;
    for (const core::ObjectPtr& e : engine.list("Event", "default"))
        if ((*e)["involvedObject"].value("kind", "") == "StatefulSet")
            timed.emplace_back((*e)["metadata"].value("resourceVersion", ""), (*e).value("message", ""));
    std::ranges::sort(timed, [](const auto& a, const auto& b) {
        return a.first.size() != b.first.size() ? a.first.size() < b.first.size() : a.first < b.first;
    });
    std::vector<std::string> out;
    for (auto& [rv, msg] : timed)
        out.push_back(msg);
    return out;
}

std::string at(const core::Engine& engine, const core::ObjectKey& key, const char* pointer)
{
    core::ObjectPtr o = engine.get(key);
    return o ? core::stringAt(*o, Json::json_pointer(pointer)) : std::string("<gone>");
}

int statusInt(const core::Engine& engine, const char* field)
{
    core::ObjectPtr o = engine.get({"StatefulSet", "default", "web"});
    return o && (*o).contains("status") ? static_cast<int>((*o)["status"].value(field, std::int64_t{0})) : -1;
}

void scale(core::Engine& engine, int replicas)
{
    Json set = *engine.get({"StatefulSet", "default", "web"});
    set["spec"]["replicas"] = replicas;
    QVERIFY(engine.update(set));
}

void setImage(core::Engine& engine, const std::string& image)
{
    Json set = *engine.get({"StatefulSet", "default", "web"});
    set["spec"]["template"]["spec"]["containers"][0]["image"] = image;
    QVERIFY(engine.update(set));
}

} // namespace

void TestStatefulSet::ordinal_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<int>("ordinal");
    QTest::addRow("web-0") << "web-0" << 0;
    QTest::addRow("web-12") << "web-12" << 12;
    QTest::addRow("other set") << "webx-1" << -1;
    QTest::addRow("no ordinal") << "web-" << -1;
    QTest::addRow("leading zero") << "web-01" << -1;
    QTest::addRow("not a number") << "web-a" << -1;
}

void TestStatefulSet::ordinal()
{
    QFETCH(QString, pod);
    QFETCH(int, ordinal);
    QCOMPARE(static_cast<int>(core::statefulPodOrdinal("web", pod.toStdString()).value_or(-1)), ordinal);
}

void TestStatefulSet::orderedReadyScaleUpAndDown()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(node("node-1")));
    QVERIFY(engine->create(storageClass()));
    QVERIFY(engine->create(webSet(3)));
    engine->drain();
    // OrderedReady: only web-0 until it is Running and Ready.
    QCOMPARE(podNames(*engine), std::vector<std::string>({"web-0"}));
    engine->settle(5 * core::kMinute);
    QCOMPARE(podNames(*engine), std::vector<std::string>({"web-0", "web-1", "web-2"}));
    QCOMPARE(setEvents(*engine),
             std::vector<std::string>({"create Claim www-web-0 Pod web-0 in StatefulSet web success",
                                       "create Pod web-0 in StatefulSet web successful",
                                       "create Claim www-web-1 Pod web-1 in StatefulSet web success",
                                       "create Pod web-1 in StatefulSet web successful",
                                       "create Claim www-web-2 Pod web-2 in StatefulSet web success",
                                       "create Pod web-2 in StatefulSet web successful"}));
    const core::ObjectKey web1{"Pod", "default", "web-1"};
    QCOMPARE(at(*engine, web1, "/spec/hostname"), std::string("web-1"));
    QCOMPARE(at(*engine, web1, "/spec/subdomain"), std::string("nginx"));
    QCOMPARE(at(*engine, web1, "/metadata/labels/statefulset.kubernetes.io~1pod-name"), std::string("web-1"));
    QCOMPARE(at(*engine, web1, "/metadata/labels/apps.kubernetes.io~1pod-index"), std::string("1"));
    QCOMPARE(at(*engine, web1, "/spec/volumes/0/persistentVolumeClaim/claimName"), std::string("www-web-1"));
    const std::string revision = at(*engine, web1, "/metadata/labels/controller-revision-hash");
    QVERIFY(revision.starts_with("web-"));
    QCOMPARE(at(*engine, {"StatefulSet", "default", "web"}, "/status/currentRevision"), revision);
    QCOMPARE(at(*engine, {"StatefulSet", "default", "web"}, "/status/updateRevision"), revision);
    QVERIFY(engine->get({"ControllerRevision", "default", revision}));
    QCOMPARE(statusInt(*engine, "replicas"), 3);
    QCOMPARE(statusInt(*engine, "readyReplicas"), 3);
    QCOMPARE(statusInt(*engine, "currentReplicas"), 3);
    QCOMPARE(statusInt(*engine, "updatedReplicas"), 3);
    QCOMPARE(statusInt(*engine, "availableReplicas"), 3);
    QCOMPARE(at(*engine, {"PersistentVolumeClaim", "default", "www-web-2"}, "/status/phase"), std::string("Bound"));
    QCOMPARE(at(*engine, {"PersistentVolumeClaim", "default", "www-web-2"}, "/metadata/labels/app"),
             std::string("nginx"));

    // Scale down: the highest ordinal first, one at a time; the claims stay.
    scale(*engine, 1);
    engine->settle(5 * core::kMinute);
    QCOMPARE(podNames(*engine), std::vector<std::string>({"web-0"}));
    std::vector<std::string> events = setEvents(*engine);
    auto pos = [&](const std::string& m) { return std::ranges::find(events, m) - events.begin(); };
    QVERIFY(pos("delete Pod web-2 in StatefulSet web successful") < pos("delete Pod web-1 in StatefulSet web successful"));
    QVERIFY(pos("delete Pod web-1 in StatefulSet web successful") < static_cast<long>(events.size()));
    for (const char* c : {"www-web-0", "www-web-1", "www-web-2"})
        QVERIFY(engine->get({"PersistentVolumeClaim", "default", c}));
    QCOMPARE(statusInt(*engine, "replicas"), 1);

    // Scaling up again reuses the kept claim.
    scale(*engine, 2);
    engine->settle(5 * core::kMinute);
    QCOMPARE(podNames(*engine), std::vector<std::string>({"web-0", "web-1"}));
    QCOMPARE(at(*engine, {"PersistentVolumeClaim", "default", "www-web-1"}, "/status/phase"), std::string("Bound"));
}

void TestStatefulSet::parallel()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(node("node-1")));
    QVERIFY(engine->create(storageClass()));
    QVERIFY(engine->create(webSet(3, "Parallel")));
    engine->drain();
    QCOMPARE(podNames(*engine), std::vector<std::string>({"web-0", "web-1", "web-2"}));
    engine->settle(5 * core::kMinute);
    scale(*engine, 0);
    engine->drain();
    QCOMPARE(podNames(*engine), std::vector<std::string>());
}

void TestStatefulSet::rollingUpdateWithPartition()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(node("node-1")));
    QVERIFY(engine->create(storageClass()));
    QVERIFY(engine->create(webSet(3, "OrderedReady",
                                  Json{{"type", "RollingUpdate"}, {"rollingUpdate", {{"partition", 2}}}})));
    engine->settle(5 * core::kMinute);
    const std::string before = at(*engine, {"StatefulSet", "default", "web"}, "/status/currentRevision");
    setImage(*engine, "registry.k8s.io/nginx-slim:0.25");
    engine->settle(5 * core::kMinute);
    const std::string after = at(*engine, {"StatefulSet", "default", "web"}, "/status/updateRevision");
    QVERIFY(after != before);
    // Only ordinals ≥ partition are updated.
    QCOMPARE(at(*engine, {"Pod", "default", "web-2"}, "/metadata/labels/controller-revision-hash"), after);
    QCOMPARE(at(*engine, {"Pod", "default", "web-2"}, "/spec/containers/0/image"),
             std::string("registry.k8s.io/nginx-slim:0.25"));
    QCOMPARE(at(*engine, {"Pod", "default", "web-1"}, "/metadata/labels/controller-revision-hash"), before);
    QCOMPARE(at(*engine, {"StatefulSet", "default", "web"}, "/status/currentRevision"), before);
    QCOMPARE(statusInt(*engine, "updatedReplicas"), 1);
    QCOMPARE(statusInt(*engine, "currentReplicas"), 2);

    // Partition 0: the rest follow, highest ordinal first, and the update becomes current.
    Json set = *engine->get({"StatefulSet", "default", "web"});
    set["spec"]["updateStrategy"]["rollingUpdate"]["partition"] = 0;
    QVERIFY(engine->update(set));
    engine->settle(5 * core::kMinute);
    for (const char* p : {"web-0", "web-1", "web-2"})
        QCOMPARE(at(*engine, {"Pod", "default", p}, "/metadata/labels/controller-revision-hash"), after);
    QCOMPARE(at(*engine, {"StatefulSet", "default", "web"}, "/status/currentRevision"), after);
    QCOMPARE(statusInt(*engine, "updatedReplicas"), 3);
    std::vector<std::string> events = setEvents(*engine);
    auto pos = [&](const std::string& m) { return std::ranges::find(events, m) - events.begin(); };
    QVERIFY(pos("delete Pod web-1 in StatefulSet web successful") < pos("delete Pod web-0 in StatefulSet web successful"));
}

void TestStatefulSet::onDelete()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(node("node-1")));
    QVERIFY(engine->create(storageClass()));
    QVERIFY(engine->create(webSet(2, "OrderedReady", Json{{"type", "OnDelete"}})));
    engine->settle(5 * core::kMinute);
    const std::string before = at(*engine, {"Pod", "default", "web-1"}, "/metadata/labels/controller-revision-hash");
    setImage(*engine, "registry.k8s.io/nginx-slim:0.25");
    engine->settle(5 * core::kMinute);
    QCOMPARE(at(*engine, {"Pod", "default", "web-1"}, "/metadata/labels/controller-revision-hash"), before);
    QCOMPARE(statusInt(*engine, "updatedReplicas"), 0);
    QVERIFY(engine->remove({"Pod", "default", "web-1"}));
    engine->settle(5 * core::kMinute);
    QCOMPARE(at(*engine, {"Pod", "default", "web-1"}, "/spec/containers/0/image"),
             std::string("registry.k8s.io/nginx-slim:0.25"));
    QCOMPARE(at(*engine, {"Pod", "default", "web-0"}, "/metadata/labels/controller-revision-hash"), before);
}

QTEST_APPLESS_MAIN(TestStatefulSet)
#include "tst_statefulset.moc"

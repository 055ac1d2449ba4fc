// SPDX-License-Identifier: GPL-3.0-or-later
// LimitRanger admission (plugin/pkg/admission/limitranger): container defaults and the
// annotation naming them, and min / max / maxLimitRequestRatio of Container, Pod and
// PersistentVolumeClaim items with upstream's texts (admission_test.go's shapes).
#include <QTest>

#include "core/auth/limitranger.h"
#include "core/sim/engine.h"

namespace core = kubelab::core;
using core::Json;

class TestLimitRanger final : public QObject {
    Q_OBJECT

private slots:
    void defaults();
    void defaultsFromMax();
    void violations_data();
    void violations();
    void claims_data();
    void claims();
    void admissionRefuses();
    void aggregate();
};

namespace {

std::unique_ptr<core::Engine> openEngine()
{
    core::Engine::Options options;
    options.createIfMissing = true;
    options.seed = 5;
    auto engine = core::Engine::open(options);
    return engine ? std::move(*engine) : nullptr;
}

Json limitRange(const Json& items)
{
    return Json{{"apiVersion", "v1"},
                {"kind", "LimitRange"},
                {"metadata", {{"name", "limits"}, {"namespace", "default"}}},
                {"spec", {{"limits", items}}}};
}

Json resources(const std::string& request, const std::string& limit, const std::string& resource = "cpu")
{
    Json r = Json::object();
    if (!request.empty())
        r["requests"][resource] = request;
    if (!limit.empty())
        r["limits"][resource] = limit;
    return r;
}

Json pod(const std::string& name, const Json& containerResources, const Json& second = Json())
{
    Json p = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", name}, {"namespace", "default"}}},
              {"spec", {{"containers", Json::array({Json{{"name", "web"}, {"image", "nginx"}}})}}}};
    if (!containerResources.empty())
        p["spec"]["containers"][0]["resources"] = containerResources;
    if (!second.is_null())
        p["spec"]["containers"].push_back(Json{{"name", "side"}, {"image", "busybox"}, {"resources", second}});
    return p;
}

} // namespace

void TestLimitRanger::defaults()
{
    Json lr = limitRange(Json::array({Json{{"type", "Container"},
                                           {"default", {{"cpu", "500m"}, {"memory", "256Mi"}}},
                                           {"defaultRequest", {{"cpu", "100m"}}}}}));
    Json p = pod("p", resources("", "", "cpu"));
    p["spec"]["containers"][0]["resources"] = Json{{"limits", {{"memory", "128Mi"}}}};
    core::applyLimitRangeDefaults(lr, p);
    const Json& r = p["spec"]["containers"][0]["resources"];
    QCOMPARE(r["limits"]["cpu"].get<std::string>(), std::string("500m"));
    QCOMPARE(r["limits"]["memory"].get<std::string>(), std::string("128Mi")); // stated: kept
    QCOMPARE(r["requests"]["cpu"].get<std::string>(), std::string("100m"));
    QCOMPARE(p["metadata"]["annotations"]["kubernetes.io/limit-ranger"].get<std::string>(),
             std::string("LimitRanger plugin set: cpu request for container web; cpu limit for container web"));
}

void TestLimitRanger::defaultsFromMax()
{
    // Through the API: the LimitRange's own defaulting makes max the default limit and
    // the default limit the default request; the pod then gets both.
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(limitRange(Json::array({Json{{"type", "Container"}, {"max", {{"cpu", "1"}}}}}))));
    auto created = engine->create(pod("p", Json::object()));
    QVERIFY2(created, created ? "" : created.error().message.c_str());
    const Json& r = (**created)["spec"]["containers"][0]["resources"];
    QCOMPARE(r["limits"]["cpu"].get<std::string>(), std::string("1"));
    QCOMPARE(r["requests"]["cpu"].get<std::string>(), std::string("1"));
    QCOMPARE((**created)["metadata"]["annotations"]["kubernetes.io/limit-ranger"].get<std::string>(),
             std::string("LimitRanger plugin set: cpu request for container web; cpu limit for container web"));
}

void TestLimitRanger::violations_data()
{
    QTest::addColumn<QByteArray>("item");
    QTest::addColumn<QByteArray>("first");
    QTest::addColumn<QByteArray>("second");
    QTest::addColumn<QStringList>("expected");
    auto add = [](const char* name, Json item, Json first, Json second, QStringList expected) {
        QTest::newRow(name) << QByteArray::fromStdString(item.dump()) << QByteArray::fromStdString(first.dump())
                            << QByteArray::fromStdString(second.dump()) << expected;
    };
    Json containerMinMax = {{"type", "Container"}, {"min", {{"cpu", "50m"}}}, {"max", {{"cpu", "200m"}}}};
    add("container within min and max", containerMinMax, resources("100m", "200m"), Json(), {});
    add("container request below min", containerMinMax, resources("25m", "100m"), Json(),
        {"minimum cpu usage per Container is 50m, but request is 25m"});
    add("container without request", containerMinMax, resources("", "100m"), Json(),
        {"minimum cpu usage per Container is 50m.  No request is specified"});
    add("container limit above max", containerMinMax, resources("100m", "300m"), Json(),
        {"maximum cpu usage per Container is 200m, but limit is 300m"});
    add("container without limit", containerMinMax, resources("100m", ""), Json(),
        {"maximum cpu usage per Container is 200m.  No limit is specified"});
    Json memoryMin = {{"type", "Container"}, {"min", {{"memory", "100Mi"}}}};
    add("memory limit below min", memoryMin, resources("100Mi", "50Mi", "memory"), Json(),
        {"minimum memory usage per Container is 100Mi, but limit is 50Mi"});
    Json ratio = {{"type", "Container"}, {"maxLimitRequestRatio", {{"cpu", "2"}}}};
    add("ratio kept", ratio, resources("100m", "200m"), Json(), {});
    add("ratio exceeded", ratio, resources("100m", "500m"), Json(),
        {"cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000"});
    add("ratio without request", ratio, resources("", "500m"), Json(),
        {"cpu max limit to request ratio per Container is 2, but no request is specified or request is 0"});
    add("ratio without limit", ratio, resources("100m", ""), Json(),
        {"cpu max limit to request ratio per Container is 2, but no limit is specified or limit is 0"});
    Json podMax = {{"type", "Pod"}, {"max", {{"cpu", "1"}}}, {"min", {{"cpu", "100m"}}}};
    add("pod sums its containers", podMax, resources("300m", "600m"), resources("300m", "600m"),
        {"maximum cpu usage per Pod is 1, but limit is 1200m"});
    add("pod within", podMax, resources("300m", "400m"), resources("300m", "400m"), {});
    add("pod request below min", podMax, resources("20m", "400m"), resources("30m", "400m"),
        {"minimum cpu usage per Pod is 100m, but request is 50m"});
}

void TestLimitRanger::violations()
{
    QFETCH(QByteArray, item);
    QFETCH(QByteArray, first);
    QFETCH(QByteArray, second);
    QFETCH(QStringList, expected);
    Json secondJson = Json::parse(second.toStdString());
    Json p = pod("p", Json::parse(first.toStdString()), secondJson);
    QStringList got;
    for (const std::string& e : core::limitRangeViolations(limitRange(Json::array({Json::parse(item.toStdString())})), p))
        got << QString::fromStdString(e);
    QCOMPARE(got, expected);
}

void TestLimitRanger::claims_data()
{
    QTest::addColumn<QString>("request");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("within") << "5Gi" << QStringList{};
    QTest::newRow("below min") << "500Mi"
                               << QStringList{"minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi"};
    QTest::newRow("above max") << "20Gi"
                               << QStringList{"maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi"};
    QTest::newRow("no request") << ""
                                << QStringList{"minimum storage usage per PersistentVolumeClaim is 1Gi.  No request is specified",
                                               "maximum storage usage per PersistentVolumeClaim is 10Gi.  No request is specified"};
}

void TestLimitRanger::claims()
{
    QFETCH(QString, request);
    QFETCH(QStringList, expected);
    Json lr = limitRange(Json::array({Json{{"type", "PersistentVolumeClaim"},
                                           {"min", {{"storage", "1Gi"}}},
                                           {"max", {{"storage", "10Gi"}}}}}));
    Json pvc = {{"apiVersion", "v1"}, {"kind", "PersistentVolumeClaim"}, {"metadata", {{"name", "data"}}}, {"spec", Json::object()}};
    if (!request.isEmpty())
        pvc["spec"]["resources"]["requests"]["storage"] = request.toStdString();
    QStringList got;
    for (const std::string& e : core::limitRangeViolations(lr, pvc))
        got << QString::fromStdString(e);
    QCOMPARE(got, expected);
}

void TestLimitRanger::admissionRefuses()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(limitRange(Json::array({Json{{"type", "Container"}, {"min", {{"cpu", "100m"}}}}}))));
    auto refused = engine->create(pod("small", resources("50m", "")));
    QVERIFY(!refused);
    QCOMPARE(refused.error().message,
             std::string("pods \"small\" is forbidden: minimum cpu usage per Container is 100m, but request is 50m"));
    QVERIFY(!engine->get(core::ObjectKey{"Pod", "default", "small"}));
}

void TestLimitRanger::aggregate()
{
    QCOMPARE(core::aggregateErrors({"a"}), std::string("a"));
    QCOMPARE(core::aggregateErrors({"a", "b", "a"}), std::string("[a, b]"));
}

QTEST_GUILESS_MAIN(TestLimitRanger)
#include "tst_limitranger.moc"

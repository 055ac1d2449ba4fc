// SPDX-License-Identifier: GPL-3.0-or-later
// The EndpointSlice controller: slices named <svc>-<5 random>, upstream's labels and owner,
// endpoint conditions, nodeName/zone/targetRef, 100 endpoints a slice, a placeholder slice
// for a Service without endpoints, and terminating pods.
#include <QTest>

#include <algorithm>
#include <string>

#include "core/api/object.h"
#include "core/sim/engine.h"

namespace core = kubelab::core;
using core::Json;

class TestEndpointSlice : public QObject {
    Q_OBJECT

private slots:
    void slicesForAService();
    void placeholderWithoutEndpoints();
    void hundredEndpointsASlice();
    void terminatingPod();
    void namedTargetPortsAndHeadless();
};

namespace {

std::unique_ptr<core::Engine> openEngine()
{
    core::Engine::Options options;
    options.createIfMissing = true;
    options.seed = 7;
    auto engine = core::Engine::open(options);
    if (!engine)
        qWarning("%s", engine.error().toString().c_str());
    return engine ? std::move(*engine) : nullptr;
}

Json node(const std::string& name, const std::string& zone, const std::string& pods = "110")
{
    Json capacity = {{"cpu", "64"}, {"memory", "256Gi"}, {"pods", pods}, {"ephemeral-storage", "100Gi"}};
    return Json{{"apiVersion", "v1"},
                {"kind", "Node"},
                {"metadata",
                 {{"name", name},
                  {"labels", {{"kubernetes.io/hostname", name}, {"topology.kubernetes.io/zone", zone}}}}},
                {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
}

Json deployment(const std::string& name, int replicas, Json ports = Json::array())
{
    Json container = {{"name", "web"}, {"image", "nginx:1.27"},
                      {"resources", {{"requests", {{"cpu", "10m"}, {"memory", "16Mi"}}}}}};
    if (!ports.empty())
        container["ports"] = ports;
    return Json{{"apiVersion", "apps/v1"},
                {"kind", "Deployment"},
                {"metadata", {{"name", name}, {"namespace", "default"}}},
                {"spec",
                 {{"replicas", replicas},
                  {"selector", {{"matchLabels", {{"app", name}}}}},
                  {"template",
                   {{"metadata", {{"labels", {{"app", name}}}}},
                    {"spec", {{"containers", Json::array({container})}}}}}}}};
}

Json service(const std::string& name, Json ports, bool headless = false)
{
    Json spec = {{"selector", {{"app", name}}}, {"ports", ports}};
    if (headless)
        spec["clusterIP"] = "None";
    return Json{{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", {{"name", name}, {"namespace", "default"}}},
                {"spec", spec}};
}

std::vector<core::ObjectPtr> slicesOf(const core::Engine& engine, const std::string& svc)
{
    std::vector<core::ObjectPtr> out;
    for (const core::ObjectPtr& s : engine.list("EndpointSlice", "default"))
        if (core::labelsOf(*s)["kubernetes.io/service-name"] == svc)
            out.push_back(s);
    return out;
}

std::size_t endpointCount(const std::vector<core::ObjectPtr>& slices)
{
    std::size_t n = 0;
    for (const auto& s : slices)
        n += s->value("endpoints", Json::array()).size();
    return n;
}

} // namespace

void TestEndpointSlice::slicesForAService()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(node("node-1", "zone-a")));
    QVERIFY(engine->create(deployment("web", 3)));
    QVERIFY(engine->create(service("web", Json::array({Json{{"name", "http"}, {"port", 80}, {"targetPort", 80}}}))));
    engine->settle(5 * core::kMinute);
    auto slices = slicesOf(*engine, "web");
    QCOMPARE(slices.size(), std::size_t(1));
    const Json& s = *slices.front();
    const std::string name = core::nameOf(s);
    QCOMPARE(name.size(), std::string("web-").size() + 5);
    QVERIFY(name.starts_with("web-"));
    QCOMPARE(s["metadata"]["generateName"].get<std::string>(), std::string("web-"));
    QCOMPARE(s["metadata"]["labels"]["endpointslice.kubernetes.io/managed-by"].get<std::string>(),
             std::string("endpointslice-controller.k8s.io"));
    QCOMPARE(s["metadata"]["ownerReferences"][0]["kind"].get<std::string>(), std::string("Service"));
    QCOMPARE(s["addressType"].get<std::string>(), std::string("IPv4"));
    QCOMPARE(s["ports"].dump(), std::string(R"([{"name":"http","port":80,"protocol":"TCP"}])"));
    QCOMPARE(s["endpoints"].size(), std::size_t(3));
    for (const Json& e : s["endpoints"]) {
        QCOMPARE(e["conditions"].dump(), std::string(R"({"ready":true,"serving":true,"terminating":false})"));
        QCOMPARE(e["nodeName"].get<std::string>(), std::string("node-1"));
        QCOMPARE(e["zone"].get<std::string>(), std::string("zone-a"));
        QCOMPARE(e["targetRef"]["kind"].get<std::string>(), std::string("Pod"));
        QVERIFY(e["targetRef"]["name"].get<std::string>().starts_with("web-"));
    }
    // The Endpoints controller keeps running beside it.
    QVERIFY(engine->get(core::ObjectKey{"Endpoints", "default", "web"}));
    // Scaling down drops endpoints from the same slice.
    QVERIFY(engine->patch(core::ObjectKey{"Deployment", "default", "web"}, Json{{"spec", {{"replicas", 1}}}},
                          core::PatchType::Merge));
    engine->settle(5 * core::kMinute);
    auto after = slicesOf(*engine, "web");
    QCOMPARE(after.size(), std::size_t(1));
    QCOMPARE(core::nameOf(*after.front()), name);
    QCOMPARE(endpointCount(after), std::size_t(1));
}

void TestEndpointSlice::placeholderWithoutEndpoints()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(service("lonely", Json::array({Json{{"port", 80}}}))));
    engine->settle(core::kMinute);
    auto slices = slicesOf(*engine, "lonely");
    QCOMPARE(slices.size(), std::size_t(1));
    QVERIFY(!slices.front()->contains("ports"));
    QCOMPARE(slices.front()->value("endpoints", Json::array()).size(), std::size_t(0));
    // Deleting the Service takes its slices with it.
    QVERIFY(engine->remove(core::ObjectKey{"Service", "default", "lonely"}));
    engine->settle(core::kMinute);
    QCOMPARE(slicesOf(*engine, "lonely").size(), std::size_t(0));
}

void TestEndpointSlice::hundredEndpointsASlice()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(node("node-1", "zone-a", "250")));
    QVERIFY(engine->create(deployment("big", 150)));
    QVERIFY(engine->create(service("big", Json::array({Json{{"port", 80}}}))));
    engine->settle(10 * core::kMinute);
    auto slices = slicesOf(*engine, "big");
    QCOMPARE(slices.size(), std::size_t(2));
    QCOMPARE(endpointCount(slices), std::size_t(150));
    for (const auto& s : slices)
        QVERIFY(s->value("endpoints", Json::array()).size() <= 100);
}

void TestEndpointSlice::terminatingPod()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(node("node-1", "zone-a")));
    QVERIFY(engine->create(deployment("web", 1)));
    QVERIFY(engine->create(service("web", Json::array({Json{{"port", 80}}}))));
    engine->settle(5 * core::kMinute);
    auto pods = engine->list("Pod", "default");
    QCOMPARE(pods.size(), std::size_t(1));
    QVERIFY(engine->remove(core::keyOf(*pods.front())));
    engine->drain();
    auto slices = slicesOf(*engine, "web");
    bool sawTerminating = false;
    for (const auto& s : slices)
        for (const Json& e : s->value("endpoints", Json::array()))
            if (e["conditions"]["terminating"].get<bool>()) {
                sawTerminating = true;
                QCOMPARE(e["conditions"]["ready"].get<bool>(), false);
            }
    QVERIFY(sawTerminating);
}

void TestEndpointSlice::namedTargetPortsAndHeadless()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(node("node-1", "zone-a")));
    QVERIFY(engine->create(deployment("api", 2, Json::array({Json{{"name", "web"}, {"containerPort", 8080}}}))));
    QVERIFY(engine->create(service("api", Json::array({Json{{"name", "http"}, {"port", 80}, {"targetPort", "web"}}}), true)));
    engine->settle(5 * core::kMinute);
    auto slices = slicesOf(*engine, "api");
    QCOMPARE(slices.size(), std::size_t(1));
    QCOMPARE((*slices.front())["ports"][0]["port"].get<int>(), 8080);
    QVERIFY((*slices.front())["metadata"]["labels"].contains("service.kubernetes.io/headless"));
}

QTEST_APPLESS_MAIN(TestEndpointSlice)
#include "tst_endpointslice.moc"

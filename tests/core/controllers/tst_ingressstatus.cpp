// SPDX-License-Identifier: GPL-3.0-or-later
// The ingress controller's status: every Ingress lists the Ready nodes' InternalIPs, and
// follows the nodes as they come, go and stop being Ready.
#include <QTest>

#include <string>

#include "core/api/object.h"
#include "core/sim/engine.h"
#include "support/networklab.h"

namespace core = kubelab::core;
using core::Json;

class TestIngressStatus : public QObject {
    Q_OBJECT

private slots:
    void addressesFollowTheNodes();
};

namespace {

Json node(const std::string& name)
{
    Json capacity = {{"cpu", "4"}, {"memory", "8Gi"}, {"pods", "110"}};
    return Json{{"apiVersion", "v1"},
                {"kind", "Node"},
                {"metadata", {{"name", name}}},
                {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
}

std::string addressesOf(core::Engine& engine)
{
    core::ObjectPtr i = engine.get(core::ObjectKey{"Ingress", "default", "shop"});
    std::string out;
    for (const Json& a : core::member(core::member(core::member(*i, "status"), "loadBalancer"), "ingress"))
        out += (out.empty() ? "" : ",") + a.value("ip", "");
    return out;
}

} // namespace

void TestIngressStatus::addressesFollowTheNodes()
{
    auto opened = kubelab::testing::openNetworkLab();
    QVERIFY(opened);
    core::Engine& engine = *opened;
    QVERIFY(engine.create(node("node-1")));
    QVERIFY(engine.create(node("node-2")));
    Json ingress = Json::parse(R"({"apiVersion":"networking.k8s.io/v1","kind":"Ingress",
        "metadata":{"name":"shop","namespace":"default"},
        "spec":{"defaultBackend":{"service":{"name":"web","port":{"number":80}}}}})");
    QVERIFY(engine.create(ingress));
    engine.settle(core::kMinute);
    QCOMPARE(addressesOf(engine), std::string("172.18.0.2,172.18.0.3"));
    QVERIFY(engine.create(node("node-3")));
    engine.settle(core::kMinute);
    QCOMPARE(addressesOf(engine), std::string("172.18.0.2,172.18.0.3,172.18.0.4"));
    QVERIFY(engine.remove(core::ObjectKey{"Node", "", "node-2"}));
    engine.settle(core::kMinute);
    QCOMPARE(addressesOf(engine), std::string("172.18.0.2,172.18.0.4"));
}

QTEST_APPLESS_MAIN(TestIngressStatus)
#include "tst_ingressstatus.moc"

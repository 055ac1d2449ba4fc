// SPDX-License-Identifier: GPL-3.0-or-later
// The lab's load-balancer provider: addresses from 172.18.255.200-250 in order, a requested
// one honoured, a refused request, the pool running out and an address coming back.
#include <QTest>

#include <string>

#include "core/api/object.h"
#include "core/sim/engine.h"
#include "support/networklab.h"

namespace core = kubelab::core;
using core::Json;

class TestServiceLoadBalancer : public QObject {
    Q_OBJECT

private slots:
    void addressesFromThePool();
    void thePoolRunsOutAndAnAddressComesBack();
};

namespace {

Json service(const std::string& name, const std::string& type = "LoadBalancer", const std::string& ip = {})
{
    Json s{{"apiVersion", "v1"},
           {"kind", "Service"},
           {"metadata", {{"name", name}, {"namespace", "default"}}},
           {"spec", {{"type", type}, {"selector", {{"app", name}}}, {"ports", Json::array({Json{{"port", 80}}})}}}};
    if (!ip.empty())
        s["spec"]["loadBalancerIP"] = ip;
    return s;
}

std::string addressOf(core::Engine& engine, const std::string& name)
{
    core::ObjectPtr s = engine.get(core::ObjectKey{"Service", "default", name});
    if (!s)
        return "<gone>";
    const Json& ingress = core::member(core::member(core::member(*s, "status"), "loadBalancer"), "ingress");
    return ingress.empty() ? std::string("<pending>") : ingress[0].value("ip", "") + "/" + ingress[0].value("ipMode", "");
}

QStringList eventsOf(core::Engine& engine, const std::string& name)
{
    QStringList out;
    for (const core::ObjectPtr& e : engine.list("Event", "default"))
        if ((*e)["involvedObject"].value("name", "") == name)
            out << QString::fromStdString(e->value("reason", "") + ": " + e->value("message", ""));
    return out;
}

} // namespace

void TestServiceLoadBalancer::addressesFromThePool()
{
    auto engine = kubelab::testing::openNetworkLab();
    QVERIFY(engine);
    QVERIFY(engine->create(service("a")));
    QVERIFY(engine->create(service("b")));
    QVERIFY(engine->create(service("c", "LoadBalancer", "172.18.255.240")));
    QVERIFY(engine->create(service("d", "LoadBalancer", "10.0.0.1")));
    QVERIFY(engine->create(service("e", "ClusterIP")));
    engine->settle(core::kMinute);
    QCOMPARE(addressOf(*engine, "a"), std::string("172.18.255.200/VIP"));
    QCOMPARE(addressOf(*engine, "b"), std::string("172.18.255.201/VIP"));
    QCOMPARE(addressOf(*engine, "c"), std::string("172.18.255.240/VIP"));
    QCOMPARE(addressOf(*engine, "d"), std::string("<pending>"));
    QCOMPARE(addressOf(*engine, "e"), std::string("<pending>"));
    QCOMPARE(eventsOf(*engine, "a"),
             (QStringList{"EnsuringLoadBalancer: Ensuring load balancer", "EnsuredLoadBalancer: Ensured load balancer"}));
    QVERIFY2(eventsOf(*engine, "d").contains(
                 "SyncLoadBalancerFailed: Error syncing load balancer: failed to ensure load balancer: the requested IP "
                 "10.0.0.1 is not a free address of the lab's pool 172.18.255.200-172.18.255.250"),
             qPrintable(eventsOf(*engine, "d").join(" | ")));
    QVERIFY(eventsOf(*engine, "e").isEmpty());
}

void TestServiceLoadBalancer::thePoolRunsOutAndAnAddressComesBack()
{
    auto engine = kubelab::testing::openNetworkLab();
    QVERIFY(engine);
    for (int i = 0; i < 51; ++i)
        QVERIFY(engine->create(service("lb-" + std::to_string(i))));
    QVERIFY(engine->create(service("late")));
    engine->settle(core::kMinute);
    QCOMPARE(addressOf(*engine, "lb-50"), std::string("172.18.255.250/VIP"));
    QCOMPARE(addressOf(*engine, "late"), std::string("<pending>"));
    QVERIFY(engine->remove(core::ObjectKey{"Service", "default", "lb-7"}));
    engine->settle(core::kMinute);
    QCOMPARE(addressOf(*engine, "late"), std::string("172.18.255.207/VIP"));
}

QTEST_APPLESS_MAIN(TestServiceLoadBalancer)
#include "tst_servicelb.moc"

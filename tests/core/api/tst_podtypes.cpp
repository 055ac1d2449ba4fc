// SPDX-License-Identifier: GPL-3.0-or-later
// Typed Pod and Node views: the effective pod request of k8s-semantics §1 (upstream
// component-helpers resource.PodRequests, including sidecars and overhead), the non-zero
// scoring defaults, API defaulting of requests from limits, and decoding of the
// scheduling fields.
#include <QTest>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/api/podtypes.h"
#include "core/sim/clock.h"
#include "support/builders.h"

using namespace kubelab;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;
using Req = std::vector<std::pair<std::string, std::string>>;

Q_DECLARE_METATYPE(PodBuilder)

class TestPodTypes : public QObject {
    Q_OBJECT

private slots:
    void effectiveRequest_data();
    void effectiveRequest();
    void nonZeroRequest_data();
    void nonZeroRequest();
    void limitsDefaultRequests();
    void limits();
    void decodeScheduling();
    void decodeNode();
    void badQuantity();
    void timestamps();
    void formatTimestamps();
    void statusRefresh();
    void tolerations_data();
    void tolerations();
};

void TestPodTypes::effectiveRequest_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<qint64>("milliCpu");
    QTest::addColumn<qint64>("memory");

    // §1: containers 200m + 300m, a sidecar 100m first, an init container 800m → 900m.
    QTest::addRow("semantics example")
        << PodBuilder("p")
               .containerRequests({{"cpu", "200m"}})
               .containerRequests({{"cpu", "300m"}})
               .initContainerRequests({{"cpu", "100m"}}, true)
               .initContainerRequests({{"cpu", "800m"}})
        << qint64(900) << qint64(0);
    // Upstream computePodResourceRequest's doc example: init 2/1G, 2/3G; containers 2/1G + 1/1G → 3, 3G.
    QTest::addRow("init containers take the max")
        << PodBuilder("p")
               .containerRequests({{"cpu", "2"}, {"memory", "1G"}})
               .containerRequests({{"cpu", "1"}, {"memory", "1G"}})
               .initContainerRequests({{"cpu", "2"}, {"memory", "1G"}})
               .initContainerRequests({{"cpu", "2"}, {"memory", "3G"}})
        << qint64(3000) << qint64(3000000000);
    QTest::addRow("sidecar after an init container")
        << PodBuilder("p")
               .containerRequests({{"cpu", "100m"}})
               .initContainerRequests({{"cpu", "500m"}})
               .initContainerRequests({{"cpu", "200m"}}, true)
        << qint64(500) << qint64(0);
    QTest::addRow("init container runs beside earlier sidecars")
        << PodBuilder("p")
               .containerRequests({{"cpu", "100m"}})
               .initContainerRequests({{"cpu", "200m"}}, true)
               .initContainerRequests({{"cpu", "250m"}})
        << qint64(450) << qint64(0);
    QTest::addRow("overhead is added")
        << PodBuilder("p").containerRequests({{"cpu", "1m"}, {"memory", "1"}}).overhead("cpu", "3m").overhead("memory", "13")
        << qint64(4) << qint64(14);
    QTest::addRow("no containers") << PodBuilder("p") << qint64(0) << qint64(0);
}

void TestPodTypes::effectiveRequest()
{
    QFETCH(PodBuilder, pod);
    QFETCH(qint64, milliCpu);
    QFETCH(qint64, memory);
    const core::Pod p = pod.build();
    QCOMPARE(p.requests.milliCpu, milliCpu);
    QCOMPARE(p.requests.memory, memory);
    QCOMPARE(core::podRequests(p).milliCpu, milliCpu);
}

void TestPodTypes::nonZeroRequest_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<qint64>("milliCpu");
    QTest::addColumn<qint64>("memory");
    QTest::addRow("omitted requests count 100m and 200Mi") << PodBuilder("p").container("nginx") << qint64(100)
                                                           << qint64(209715200);
    QTest::addRow("explicit zero stays zero") << PodBuilder("p").containerRequests({{"cpu", "0"}, {"memory", "0"}})
                                              << qint64(0) << qint64(0);
    QTest::addRow("only memory omitted") << PodBuilder("p").containerRequests({{"cpu", "250m"}}) << qint64(250)
                                         << qint64(209715200);
    QTest::addRow("init containers get the defaults too")
        << PodBuilder("p").container("nginx").initContainer("busybox") << qint64(100) << qint64(209715200);
    QTest::addRow("two containers without requests") << PodBuilder("p").container("a").container("b") << qint64(200)
                                                     << qint64(419430400);
}

void TestPodTypes::nonZeroRequest()
{
    QFETCH(PodBuilder, pod);
    QFETCH(qint64, milliCpu);
    QFETCH(qint64, memory);
    const core::Pod p = pod.build();
    QCOMPARE(p.nonZeroRequests.milliCpu, milliCpu);
    QCOMPARE(p.nonZeroRequests.memory, memory);
}

void TestPodTypes::limitsDefaultRequests()
{
    const core::Pod p = PodBuilder("p").limit("cpu", "500m").limit("memory", "1Gi").limit("example.com/gpu", "1").build();
    QCOMPARE(p.requests.milliCpu, std::int64_t(500));
    QCOMPARE(p.requests.memory, std::int64_t(1073741824));
    QCOMPARE(p.requests.scalarValue("example.com/gpu"), std::int64_t(1));
    // Defaulted requests are real requests: no non-zero default on top.
    QCOMPARE(p.nonZeroRequests.milliCpu, std::int64_t(500));
}

void TestPodTypes::limits()
{
    const core::Pod p = PodBuilder("p").limit("cpu", "1").initContainer("busybox").build();
    QCOMPARE(core::podLimits(p).milliCpu, std::int64_t(1000));
}

void TestPodTypes::decodeScheduling()
{
    const core::Pod p = PodBuilder("web")
                            .ns("prod")
                            .uid("u1")
                            .label("app", "web")
                            .priority(1000)
                            .schedulerName("bin-packing")
                            .nodeSelector("disk", "ssd")
                            .toleration("dedicated", "Equal", "gpu", "NoSchedule")
                            .schedulingGate("wait")
                            .pvc("data")
                            .preemptionPolicy("Never")
                            .nominatedNode("node-2")
                            .hostPort(8080, "TCP", "10.0.0.1")
                            .requiredNodeTerm(kubelab::testing::NodeSelectorTermBuilder().expression("zone", "In", {"a", "b"}).json())
                            .spreadConstraint(1, "topology.kubernetes.io/zone", "DoNotSchedule",
                                              kubelab::testing::SelectorBuilder().label("app", "web").json())
                            .build();
    QCOMPARE(p.key(), std::string("prod/web"));
    QCOMPARE(p.priority, 1000);
    QCOMPARE(p.schedulerName, std::string("bin-packing"));
    QCOMPARE(p.nodeSelector.at("disk"), std::string("ssd"));
    QCOMPARE(p.tolerations.size(), std::size_t(1));
    QCOMPARE(p.tolerations[0].effect, core::TaintEffect::NoSchedule);
    QCOMPARE(p.schedulingGates, std::vector<std::string>{"wait"});
    QVERIFY(p.hasPvcVolumes());
    QCOMPARE(p.preemptionPolicy, core::PreemptionPolicy::Never);
    QCOMPARE(p.nominatedNodeName, std::string("node-2"));
    QCOMPARE(p.containers.back().ports[0].hostIP, std::string("10.0.0.1"));
    QVERIFY(p.affinity && p.affinity->nodeAffinity && p.affinity->nodeAffinity->required);
    QCOMPARE(p.affinity->nodeAffinity->required->nodeSelectorTerms[0].matchExpressions[0].values.size(), std::size_t(2));
    QCOMPARE(p.topologySpreadConstraints.size(), std::size_t(1));
    QVERIFY(p.topologySpreadConstraints[0].labelSelector.matches({{"app", "web"}}));
    QCOMPARE(p.phase, std::string("Pending"));
    const core::Pod d = PodBuilder("d").build();
    QCOMPARE(d.ns, std::string("default"));
    QCOMPARE(d.schedulerName, std::string("default-scheduler"));
}

void TestPodTypes::decodeNode()
{
    const core::Node n = NodeBuilder("node-1")
                             .cpu("4")
                             .memory("8Gi")
                             .pods(110)
                             .capacity("nvidia.com/gpu", "2")
                             .zone("zone-a", "region-1")
                             .taint("node-role.kubernetes.io/control-plane", "", "NoSchedule")
                             .unschedulable()
                             .image({"docker.io/library/nginx:1.25", "nginx:1.25"}, 67000000)
                             .build();
    QCOMPARE(n.allocatable.milliCpu, std::int64_t(4000));
    QCOMPARE(n.allocatable.memory, std::int64_t(8589934592));
    QCOMPARE(n.allocatable.pods, std::int64_t(110));
    QCOMPARE(n.allocatable.scalarValue("nvidia.com/gpu"), std::int64_t(2));
    QCOMPARE(*n.label("topology.kubernetes.io/zone"), std::string("zone-a"));
    QVERIFY(!n.label("missing"));
    QCOMPARE(n.taints.size(), std::size_t(1));
    QVERIFY(n.unschedulable);
    QCOMPARE(n.images[0].names.size(), std::size_t(2));
}

void TestPodTypes::badQuantity()
{
    core::Json doc = PodBuilder("p").cpu("lots").json();
    auto p = core::Pod::fromJson(doc);
    QVERIFY(!p.has_value());
    QCOMPARE(p.error().location.field, std::string("spec.containers[0].resources.requests.cpu"));
}

void TestPodTypes::timestamps()
{
    QCOMPARE(core::timestampSeconds(core::Json("1970-01-01T00:01:00Z")).value_or(-1), 60.0);
    QCOMPARE(core::timestampSeconds(core::Json("2024-01-01T00:00:00Z")).value_or(-1), 1704067200.0);
    QCOMPARE(core::timestampSeconds(core::Json("2024-01-01T02:00:00+02:00")).value_or(-1), 1704067200.0);
    QCOMPARE(core::timestampSeconds(core::Json("2024-01-01T00:00:00.5Z")).value_or(-1), 1704067200.5);
    QCOMPARE(core::timestampSeconds(core::Json(12.5)).value_or(-1), 12.5);
    QVERIFY(!core::timestampSeconds(core::Json("yesterday")));
    for (const char* bad : {"2024-02-30T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z",
                            "2024-01-01T00:00:00", "2024-01-01T00:00:00Zjunk", "2024-01-01T00:00:00+0200"})
        QVERIFY2(!core::rfc3339Seconds(bad), bad);
    // The whole-second form the printers and the engine use: offsets count, fractions are dropped.
    QCOMPARE(core::parseRfc3339("2024-01-01T02:00:00+02:00").value_or(-1), std::int64_t{1704067200});
    QCOMPARE(core::parseRfc3339("2024-01-01T00:00:00.9Z").value_or(-1), std::int64_t{1704067200});
    QVERIFY(!core::parseRfc3339("2024-01-01T00:00:00Zjunk"));
    const core::Pod p = PodBuilder("p").startTime("2024-01-01T00:00:10Z").terminating("2024-01-01T00:01:00Z").build();
    QCOMPARE(p.startTime.value_or(-1), 1704067210.0);
    QVERIFY(p.isTerminating());
}

void TestPodTypes::formatTimestamps()
{
    // The engine's stamps (virtual milliseconds after the lab's epoch), whole seconds.
    constexpr std::int64_t epoch = 1735689600; // 2025-01-01T00:00:00Z
    QCOMPARE(core::rfc3339(0, 0), std::string("1970-01-01T00:00:00Z"));
    QCOMPARE(core::rfc3339(epoch, 0), std::string("2025-01-01T00:00:00Z"));
    QCOMPARE(core::rfc3339(epoch, 61'999), std::string("2025-01-01T00:01:01Z"));
    QCOMPARE(core::rfc3339(epoch, -1), std::string("2024-12-31T23:59:59Z"));
    QCOMPARE(core::rfc3339(epoch, (31 + 28) * 86'400'000LL + 13 * 3'600'000LL + 5 * 60'000LL + 9'000),
             std::string("2025-03-01T13:05:09Z"));
    // Years of more than four digits keep printf's form.
    QCOMPARE(core::rfc3339(253402300800, 0), std::string("10000-01-01T00:00:00Z"));
}

void TestPodTypes::statusRefresh()
{
    // A status write: the same metadata and spec, another status. withStatusOf must give what
    // decoding the new document gives, status fields reset where the new status has none.
    const PodBuilder before = PodBuilder("web").cpu("250m").nodeSelector("disk", "ssd").phase("Pending")
                                  .nominatedNode("node-2").startTime("2024-01-01T00:00:10Z");
    core::Json disrupted = before.json();
    disrupted["status"] = core::Json{{"phase", "Running"},
                                     {"conditions", core::Json::array({core::Json{{"type", "DisruptionTarget"},
                                                                                  {"status", "True"},
                                                                                  {"reason", "PreemptionByScheduler"}}})}};
    const core::Pod old = before.build();
    for (const core::Json& next : {disrupted, core::Json(PodBuilder("web").cpu("250m").nodeSelector("disk", "ssd").json())}) {
        const core::Pod refreshed = old.withStatusOf(next);
        const core::Pod decoded = core::Pod::fromJson(next).value();
        QCOMPARE(refreshed.phase, decoded.phase);
        QCOMPARE(refreshed.nominatedNodeName, decoded.nominatedNodeName);
        QCOMPARE(refreshed.startTime, decoded.startTime);
        QCOMPARE(refreshed.preemptedByScheduler, decoded.preemptedByScheduler);
        QCOMPARE(refreshed.requests.milliCpu, decoded.requests.milliCpu);
        QCOMPARE(refreshed.nodeSelector, decoded.nodeSelector);
    }
    const core::Pod running = old.withStatusOf(disrupted);
    QCOMPARE(running.phase, std::string("Running"));
    QVERIFY(running.preemptedByScheduler);
    QVERIFY(running.nominatedNodeName.empty());
    QVERIFY(!running.startTime);
    const core::Pod cleared = running.withStatusOf(PodBuilder("web").json());
    QCOMPARE(cleared.phase, std::string("Pending"));
    QVERIFY(!cleared.preemptedByScheduler);
}

void TestPodTypes::tolerations_data()
{
    // Upstream core/v1 toleration_test.go TestTolerationToleratesTaint.
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("op");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("effect");
    QTest::addColumn<bool>("tolerates");
    // Taint: {foo: bar, NoExecute}.
    QTest::addRow("empty effect matches every effect") << "foo" << "Equal" << "bar" << "" << true;
    QTest::addRow("different effect") << "foo" << "Equal" << "bar" << "NoSchedule" << false;
    QTest::addRow("different key") << "other" << "Equal" << "bar" << "NoExecute" << false;
    QTest::addRow("Exists with a key") << "foo" << "Exists" << "" << "NoExecute" << true;
    QTest::addRow("Equal with a different value") << "foo" << "Equal" << "baz" << "NoExecute" << false;
    QTest::addRow("empty operator is Equal") << "foo" << "" << "bar" << "NoExecute" << true;
    QTest::addRow("empty key with Exists tolerates everything") << "" << "Exists" << "" << "" << true;
}

void TestPodTypes::tolerations()
{
    QFETCH(QString, key);
    QFETCH(QString, op);
    QFETCH(QString, value);
    QFETCH(QString, effect);
    QFETCH(bool, tolerates);
    const core::Pod p = PodBuilder("p").toleration(key.toStdString(), op.toStdString(), value.toStdString(), effect.toStdString()).build();
    const core::Taint taint{"foo", "bar", core::TaintEffect::NoExecute, std::nullopt};
    QCOMPARE(p.tolerations[0].toleratesTaint(taint), tolerates);
}

QTEST_APPLESS_MAIN(TestPodTypes)
#include "tst_podtypes.moc"

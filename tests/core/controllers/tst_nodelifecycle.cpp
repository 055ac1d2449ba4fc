// SPDX-License-Identifier: GPL-3.0-or-later
// The node lifecycle and taint eviction controllers (pkg/controller/nodelifecycle,
// pkg/controller/tainteviction): a stopped node goes Unknown after the grace period, is
// tainted unreachable, its pods are marked not ready and evicted after their tolerations;
// a started node comes back.
#include <QTest>

#include <optional>
#include <string>

#include "core/controllers/nodelifecycle.h"
#include "core/node/nodepower.h"
#include "core/sim/engine.h"

namespace core = kubelab::core;
using core::Json;

class TestNodeLifecycle : public QObject {
    Q_OBJECT

private slots:
    void staleAt_data();
    void staleAt();
    void stoppedNodeGoesUnknown();
    void podsEvictedAfterTolerationSeconds();
    void noExecuteTaintEviction_data();
    void noExecuteTaintEviction();
    void startedNodeIsReadyAgain();
    void powerCommandsRefuse();
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

Json node(const std::string& name)
{
    Json capacity = {{"cpu", "4"}, {"memory", "8Gi"}, {"pods", "110"}, {"ephemeral-storage", "100Gi"}};
    return Json{{"apiVersion", "v1"},
                {"kind", "Node"},
                {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}}}}},
                {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
}

Json pod(const std::string& name, const std::string& nodeName, Json tolerations = Json())
{
    Json spec = {{"nodeName", nodeName},
                 {"containers", Json::array({Json{{"name", "web"}, {"image", "nginx:1.27"}}})}};
    if (!tolerations.is_null())
        spec["tolerations"] = tolerations;
    return Json{{"apiVersion", "v1"},
                {"kind", "Pod"},
                {"metadata", {{"name", name}, {"namespace", "default"}}},
                {"spec", spec}};
}

std::string condition(const core::Engine& e, const core::ObjectKey& key, const std::string& type,
                      const std::string& field = "status")
{
    core::ObjectPtr o = e.get(key);
    if (!o || !o->contains("status"))
        return {};
    for (const Json& c : (*o)["status"].value("conditions", Json::array()))
        if (c.value("type", "") == type)
            return c.value(field, "");
    return {};
}

std::string taintsOf(const core::Engine& e, const std::string& name)
{
    core::ObjectPtr n = e.get(core::ObjectKey{"Node", "", name});
    std::string out;
    if (n && (*n)["spec"].contains("taints"))
        for (const Json& t : (*n)["spec"]["taints"])
            out += (out.empty() ? "" : ",") + t.value("key", "") + ":" + t.value("effect", "") +
                   (t.contains("timeAdded") ? "@" : "");
    return out;
}

const core::ObjectKey kNode1{"Node", "", "node-1"};

/// A lab with node-1 and node-2, a pod on node-1; node-1 stopped at a whole 5 s tick.
std::unique_ptr<core::Engine> labWithStoppedNode(Json tolerations = Json())
{
    auto e = openEngine();
    if (!e)
        return e;
    (void)e->create(node("node-1"));
    (void)e->create(node("node-2"));
    (void)e->create(pod("web", "node-1", std::move(tolerations)));
    e->settle(5 * core::kMinute);
    e->advance(10 * core::kSecond - e->now() % (10 * core::kSecond)); // a whole tick
    if (auto s = core::stopNode(*e, "node-1"); !s)
        qWarning("%s", s.error().toString().c_str());
    e->settle(core::kMinute);
    return e;
}

} // namespace

void TestNodeLifecycle::staleAt_data()
{
    QTest::addColumn<qint64>("heartbeat");
    QTest::addColumn<qint64>("stale");
    // grace 40 s, passes every 5 s, the grace must be exceeded strictly.
    QTest::addRow("heartbeat on a tick") << qint64(0) << qint64(45000);
    QTest::addRow("heartbeat at 10s") << qint64(10000) << qint64(55000);
    QTest::addRow("heartbeat between ticks") << qint64(12300) << qint64(55000);
    QTest::addRow("heartbeat just before a tick") << qint64(14999) << qint64(55000);
    QTest::addRow("heartbeat at 3s") << qint64(3000) << qint64(45000);
}

void TestNodeLifecycle::staleAt()
{
    QFETCH(qint64, heartbeat);
    QFETCH(qint64, stale);
    QCOMPARE(core::NodeLifecycleController::staleAt(heartbeat), stale);
    QCOMPARE(core::kNodeMonitorGracePeriod, 40 * core::kSecond);
    QCOMPARE(core::kNodeMonitorPeriod, 5 * core::kSecond);
}

void TestNodeLifecycle::stoppedNodeGoesUnknown()
{
    auto e = labWithStoppedNode();
    QVERIFY(e);
    QVERIFY(!core::nodePoweredOn(*e, "node-1"));
    core::VirtualTime stopped = *core::nodePoweredOffAt(*e, "node-1");
    e->advance(stopped + 40 * core::kSecond - e->now());
    QCOMPARE(condition(*e, kNode1, "Ready"), std::string("True")); // not yet: 40 s is not more than the grace
    e->advance(5 * core::kSecond);
    for (const char* type : {"Ready", "MemoryPressure", "DiskPressure", "PIDPressure"}) {
        QCOMPARE(condition(*e, kNode1, type), std::string("Unknown"));
        QCOMPARE(condition(*e, kNode1, type, "reason"), std::string("NodeStatusUnknown"));
        QCOMPARE(condition(*e, kNode1, type, "message"), std::string("Kubelet stopped posting node status."));
    }
    QCOMPARE(taintsOf(*e, "node-1"),
             std::string("node.kubernetes.io/unreachable:NoSchedule@,node.kubernetes.io/unreachable:NoExecute@"));
    QCOMPARE(taintsOf(*e, "node-2"), std::string());
    core::ObjectKey web{"Pod", "default", "web"};
    QCOMPARE(condition(*e, web, "Ready"), std::string("False"));
    bool nodeEvent = false, podEvent = false;
    for (const core::ObjectPtr& ev : e->list("Event", "")) {
        std::string reason = (*ev).value("reason", "");
        std::string message = (*ev).value("message", "");
        nodeEvent = nodeEvent || (reason == "NodeNotReady" && message == "Node node-1 status is now: NodeNotReady");
        podEvent = podEvent || (reason == "NodeNotReady" && message == "Node is not ready");
    }
    for (const core::ObjectPtr& ev : e->list("Event", "default"))
        podEvent = podEvent || ((*ev).value("reason", "") == "NodeNotReady" && (*ev).value("message", "") == "Node is not ready");
    QVERIFY(nodeEvent);
    QVERIFY(podEvent);
}

void TestNodeLifecycle::podsEvictedAfterTolerationSeconds()
{
    // DefaultTolerationSeconds gives the pod 300 s on an unreachable node.
    auto e = labWithStoppedNode();
    QVERIFY(e);
    core::VirtualTime stopped = *core::nodePoweredOffAt(*e, "node-1");
    core::VirtualTime tainted = core::NodeLifecycleController::staleAt(stopped);
    core::ObjectKey web{"Pod", "default", "web"};
    e->advance(tainted + 300 * core::kSecond - e->now() - core::kSecond);
    QVERIFY(!core::isBeingDeleted(*e->get(web)));
    e->advance(core::kSecond);
    core::ObjectPtr p = e->get(web);
    QVERIFY(p);
    QVERIFY(core::isBeingDeleted(*p)); // Terminating: no kubelet finishes it
    QCOMPARE(condition(*e, web, "DisruptionTarget"), std::string("True"));
    QCOMPARE(condition(*e, web, "DisruptionTarget", "reason"), std::string("DeletionByTaintManager"));
    QCOMPARE(condition(*e, web, "DisruptionTarget", "message"),
             std::string("Taint manager: deleting due to NoExecute taint"));
    bool marked = false;
    for (const core::ObjectPtr& ev : e->list("Event", "default"))
        marked = marked || ((*ev).value("reason", "") == "TaintManagerEviction" &&
                            (*ev).value("message", "") == "Marking for deletion Pod default/web");
    QVERIFY(marked);
}

void TestNodeLifecycle::noExecuteTaintEviction_data()
{
    QTest::addColumn<Json>("tolerations");
    QTest::addColumn<int>("evictedAfter"); // seconds after the taint; -1 never

    // Upstream taint_eviction_test.go's cases: not tolerated, tolerated forever, tolerated for a while.
    QTest::addRow("not tolerated: at once") << Json::array() << 0;
    QTest::addRow("tolerated forever")
        << Json::array({Json{{"key", "dedicated"}, {"operator", "Equal"}, {"value", "db"}, {"effect", "NoExecute"}}})
        << -1;
    QTest::addRow("tolerated for 60s")
        << Json::array({Json{{"key", "dedicated"}, {"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", 60}}})
        << 60;
    QTest::addRow("smallest of two tolerations")
        << Json::array({Json{{"key", "dedicated"}, {"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", 90}},
                        Json{{"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", 30}}})
        << 90; // the first matching toleration per taint counts (GetMatchingTolerations)
    QTest::addRow("other key not tolerated")
        << Json::array({Json{{"key", "other"}, {"operator", "Exists"}, {"effect", "NoExecute"}}}) << 0;
    QTest::addRow("NoSchedule toleration does not help")
        << Json::array({Json{{"key", "dedicated"}, {"operator", "Exists"}, {"effect", "NoSchedule"}}}) << 0;
}

void TestNodeLifecycle::noExecuteTaintEviction()
{
    QFETCH(Json, tolerations);
    QFETCH(int, evictedAfter);
    auto e = openEngine();
    QVERIFY(e);
    QVERIFY(e->create(node("node-1")));
    QVERIFY(e->create(pod("web", "node-1", tolerations)));
    e->settle(5 * core::kMinute);
    Json n = *e->get(kNode1);
    n["spec"]["taints"] = Json::array({Json{{"key", "dedicated"}, {"value", "db"}, {"effect", "NoExecute"},
                                            {"timeAdded", e->timestampNow()}}});
    QVERIFY(e->update(n));
    e->drain();
    core::ObjectKey web{"Pod", "default", "web"};
    auto deleting = [&] {
        core::ObjectPtr p = e->get(web);
        return !p || core::isBeingDeleted(*p);
    };
    if (evictedAfter == 0) {
        QVERIFY(deleting());
        return;
    }
    if (evictedAfter < 0) {
        e->advance(30 * core::kMinute);
        QVERIFY(!deleting());
        return;
    }
    e->advance(evictedAfter * core::kSecond - core::kSecond);
    QVERIFY(!deleting());
    e->advance(core::kSecond);
    QVERIFY(deleting());
}

void TestNodeLifecycle::startedNodeIsReadyAgain()
{
    auto e = labWithStoppedNode();
    QVERIFY(e);
    e->advance(2 * core::kMinute);
    QCOMPARE(condition(*e, kNode1, "Ready"), std::string("Unknown"));
    QVERIFY(core::startNode(*e, "node-1"));
    e->settle(core::kMinute);
    QCOMPARE(condition(*e, kNode1, "Ready"), std::string("True"));
    QCOMPARE(condition(*e, kNode1, "Ready", "reason"), std::string("KubeletReady"));
    QCOMPARE(condition(*e, kNode1, "MemoryPressure"), std::string("False"));
    QCOMPARE(taintsOf(*e, "node-1"), std::string());
    core::ObjectKey web{"Pod", "default", "web"};
    QCOMPARE(condition(*e, web, "Ready"), std::string("True"));
    bool cancelled = false;
    for (const core::ObjectPtr& ev : e->list("Event", "default"))
        cancelled = cancelled || ((*ev).value("reason", "") == "TaintManagerEviction" &&
                                  (*ev).value("message", "") == "Cancelling deletion of Pod default/web");
    QVERIFY(cancelled);
    // The pod was never deleted: its toleration still had time left.
    QVERIFY(!core::isBeingDeleted(*e->get(web)));
}

void TestNodeLifecycle::powerCommandsRefuse()
{
    auto e = openEngine();
    QVERIFY(e);
    QVERIFY(e->create(node("node-1")));
    e->settle(core::kMinute);
    auto missing = core::stopNode(*e, "node-9");
    QVERIFY(!missing);
    QCOMPARE(missing.error().toString(), std::string("Error from server (NotFound): nodes \"node-9\" not found"));
    QVERIFY(!core::startNode(*e, "node-1")); // already running
    QVERIFY(core::stopNode(*e, "node-1"));
    QVERIFY(!core::stopNode(*e, "node-1")); // already stopped
}

QTEST_APPLESS_MAIN(TestNodeLifecycle)
#include "tst_nodelifecycle.moc"

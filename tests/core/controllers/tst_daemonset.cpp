// SPDX-License-Identifier: GPL-3.0-or-later
// The DaemonSet controller (pkg/controller/daemon): which nodes run a daemon pod
// (NodeShouldRunDaemonPod), the pod it creates, one pod per node through the scheduler,
// the status counts and a rolling update.
#include <QTest>

#include <map>
#include <set>
#include <string>

#include "core/controllers/daemonset.h"
#include "core/sim/engine.h"

namespace core = kubelab::core;
using core::Json;

class TestDaemonSet : public QObject {
    Q_OBJECT

private slots:
    void nodeShouldRunDaemonPod_data();
    void nodeShouldRunDaemonPod();
    void daemonPodTolerationsAndAffinity();
    void onePodPerNode();
    void newNodeGetsPodAndTaintedNodeNone();
    void rollingUpdate();
};

namespace {

Json node(const std::string& name, Json labels = Json::object(), Json taints = Json())
{
    Json capacity = {{"cpu", "4"}, {"memory", "8Gi"}, {"pods", "110"}, {"ephemeral-storage", "100Gi"}};
    labels["kubernetes.io/hostname"] = name;
    Json n = Json{{"apiVersion", "v1"},
                  {"kind", "Node"},
                  {"metadata", {{"name", name}, {"labels", labels}}},
                  {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
    if (!taints.is_null())
        n["spec"]["taints"] = taints;
    return n;
}

Json daemonSet(Json podSpecExtra = Json::object())
{
    // A command that keeps running: busybox's own `sh` would exit at once and crash-loop.
    Json spec = {{"containers", Json::array({Json{{"name", "agent"},
                                                  {"image", "busybox:1.36"},
                                                  {"command", Json::array({"sleep", "infinity"})}}})}};
    for (auto it = podSpecExtra.begin(); it != podSpecExtra.end(); ++it)
        spec[it.key()] = it.value();
    return Json{{"apiVersion", "apps/v1"},
                {"kind", "DaemonSet"},
                {"metadata", {{"name", "agent"}, {"namespace", "default"}, {"uid", "ds-uid"}}},
                {"spec",
                 {{"selector", {{"matchLabels", {{"app", "agent"}}}}},
                  {"template", {{"metadata", {{"labels", {{"app", "agent"}}}}}, {"spec", spec}}}}}};
}

std::unique_ptr<core::Engine> openEngine()
{
    core::Engine::Options options;
    options.createIfMissing = true;
    options.seed = 11;
    auto engine = core::Engine::open(options);
    return engine ? std::move(*engine) : nullptr;
}

/// node -> phase of the agent pods bound there.
std::map<std::string, std::string> daemonPods(const core::Engine& e)
{
    std::map<std::string, std::string> out;
    for (const core::ObjectPtr& p : e.list("Pod", "default"))
        if (!core::isBeingDeleted(*p))
            out[core::stringAt(*p, Json::json_pointer("/spec/nodeName"))] =
                core::stringAt(*p, Json::json_pointer("/status/phase"));
    return out;
}

std::int64_t statusField(const core::Engine& e, const char* field)
{
    core::ObjectPtr ds = e.get(core::ObjectKey{"DaemonSet", "default", "agent"});
    return ds ? (*ds)["status"].value(field, std::int64_t(0)) : -1;
}

} // namespace

void TestDaemonSet::nodeShouldRunDaemonPod_data()
{
    QTest::addColumn<Json>("node");
    QTest::addColumn<Json>("podSpec");
    QTest::addColumn<bool>("shouldRun");
    QTest::addColumn<bool>("shouldContinueRunning");

    // After upstream daemon_controller_test.go TestNodeShouldRunDaemonPod.
    QTest::addRow("simple") << node("n") << Json::object() << true << true;
    QTest::addRow("node selector matches")
        << node("n", {{"disk", "ssd"}}) << Json{{"nodeSelector", {{"disk", "ssd"}}}} << true << true;
    QTest::addRow("node selector does not match")
        << node("n", {{"disk", "hdd"}}) << Json{{"nodeSelector", {{"disk", "ssd"}}}} << false << false;
    QTest::addRow("nodeName of another node") << node("n") << Json{{"nodeName", "other"}} << false << false;
    QTest::addRow("nodeName of this node") << node("n") << Json{{"nodeName", "n"}} << true << true;
    QTest::addRow("required affinity does not match")
        << node("n", {{"zone", "a"}})
        << Json{{"affinity",
                 {{"nodeAffinity",
                   {{"requiredDuringSchedulingIgnoredDuringExecution",
                     {{"nodeSelectorTerms",
                       Json::array({Json{{"matchExpressions",
                                          Json::array({Json{{"key", "zone"}, {"operator", "In"},
                                                            {"values", Json::array({"b"})}}})}}})}}}}}}}}
        << false << false;
    QTest::addRow("untolerated NoSchedule taint")
        << node("n", Json::object(), Json::array({Json{{"key", "dedicated"}, {"value", "db"}, {"effect", "NoSchedule"}}}))
        << Json::object() << false << true;
    QTest::addRow("untolerated NoExecute taint")
        << node("n", Json::object(), Json::array({Json{{"key", "dedicated"}, {"value", "db"}, {"effect", "NoExecute"}}}))
        << Json::object() << false << false;
    QTest::addRow("tolerated NoExecute taint")
        << node("n", Json::object(), Json::array({Json{{"key", "dedicated"}, {"value", "db"}, {"effect", "NoExecute"}}}))
        << Json{{"tolerations", Json::array({Json{{"key", "dedicated"}, {"operator", "Equal"}, {"value", "db"},
                                                  {"effect", "NoExecute"}}})}}
        << true << true;
    QTest::addRow("PreferNoSchedule taint does not matter")
        << node("n", Json::object(), Json::array({Json{{"key", "dedicated"}, {"effect", "PreferNoSchedule"}}}))
        << Json::object() << true << true;
    QTest::addRow("unreachable node: daemon tolerations")
        << node("n", Json::object(),
                Json::array({Json{{"key", "node.kubernetes.io/unreachable"}, {"effect", "NoSchedule"}},
                             Json{{"key", "node.kubernetes.io/unreachable"}, {"effect", "NoExecute"}}}))
        << Json::object() << false << true; // unreachable:NoSchedule is not among the daemon tolerations
    QTest::addRow("cordoned node: unschedulable taint tolerated")
        << node("n", Json::object(), Json::array({Json{{"key", "node.kubernetes.io/unschedulable"}, {"effect", "NoSchedule"}}}))
        << Json::object() << true << true;
    QTest::addRow("memory pressure tolerated")
        << node("n", Json::object(), Json::array({Json{{"key", "node.kubernetes.io/memory-pressure"}, {"effect", "NoSchedule"}}}))
        << Json::object() << true << true;
    QTest::addRow("network unavailable: only hostNetwork pods")
        << node("n", Json::object(), Json::array({Json{{"key", "node.kubernetes.io/network-unavailable"}, {"effect", "NoSchedule"}}}))
        << Json::object() << false << true;
    QTest::addRow("network unavailable, hostNetwork")
        << node("n", Json::object(), Json::array({Json{{"key", "node.kubernetes.io/network-unavailable"}, {"effect", "NoSchedule"}}}))
        << Json{{"hostNetwork", true}} << true << true;
}

void TestDaemonSet::nodeShouldRunDaemonPod()
{
    QFETCH(Json, node);
    QFETCH(Json, podSpec);
    QFETCH(bool, shouldRun);
    QFETCH(bool, shouldContinueRunning);
    auto [run, keep] = core::nodeShouldRunDaemonPod(node, daemonSet(podSpec));
    QCOMPARE(run, shouldRun);
    QCOMPARE(keep, shouldContinueRunning);
}

void TestDaemonSet::daemonPodTolerationsAndAffinity()
{
    Json pod = core::daemonPodFor(daemonSet(), "node-2", "abc12");
    QCOMPARE(pod["metadata"]["generateName"].get<std::string>(), std::string("agent-"));
    QCOMPARE(pod["metadata"]["labels"]["controller-revision-hash"].get<std::string>(), std::string("abc12"));
    QCOMPARE(pod["metadata"]["labels"]["pod-template-generation"].get<std::string>(), std::string("1"));
    QCOMPARE(pod["metadata"]["ownerReferences"][0]["kind"].get<std::string>(), std::string("DaemonSet"));
    const Json& terms =
        pod["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"];
    QCOMPARE(terms.dump(), std::string(R"([{"matchFields":[{"key":"metadata.name","operator":"In","values":["node-2"]}]}])"));
    std::vector<std::string> keys;
    for (const Json& t : pod["spec"]["tolerations"]) {
        QCOMPARE(t["operator"].get<std::string>(), std::string("Exists"));
        QVERIFY(!t.contains("tolerationSeconds"));
        keys.push_back(t["key"].get<std::string>() + ":" + t["effect"].get<std::string>());
    }
    QCOMPARE(keys, (std::vector<std::string>{"node.kubernetes.io/not-ready:NoExecute",
                                             "node.kubernetes.io/unreachable:NoExecute",
                                             "node.kubernetes.io/disk-pressure:NoSchedule",
                                             "node.kubernetes.io/memory-pressure:NoSchedule",
                                             "node.kubernetes.io/pid-pressure:NoSchedule",
                                             "node.kubernetes.io/unschedulable:NoSchedule"}));
    Json hostNetwork = core::daemonPodFor(daemonSet(Json{{"hostNetwork", true}}), "node-2", "abc12");
    QCOMPARE(hostNetwork["spec"]["tolerations"].size(), std::size_t(7));
    QCOMPARE(hostNetwork["spec"]["tolerations"][6]["key"].get<std::string>(),
             std::string("node.kubernetes.io/network-unavailable"));
}

void TestDaemonSet::onePodPerNode()
{
    auto e = openEngine();
    QVERIFY(e);
    for (const char* n : {"node-1", "node-2", "node-3"})
        QVERIFY(e->create(node(n)));
    Json ds = daemonSet();
    ds["metadata"].erase("uid");
    QVERIFY(e->create(ds));
    e->settle(5 * core::kMinute);
    auto pods = daemonPods(*e);
    QCOMPARE(pods.size(), std::size_t(3));
    for (const char* n : {"node-1", "node-2", "node-3"})
        QCOMPARE(pods[n], std::string("Running"));
    QCOMPARE(statusField(*e, "desiredNumberScheduled"), std::int64_t(3));
    QCOMPARE(statusField(*e, "currentNumberScheduled"), std::int64_t(3));
    QCOMPARE(statusField(*e, "numberReady"), std::int64_t(3));
    QCOMPARE(statusField(*e, "updatedNumberScheduled"), std::int64_t(3));
    QCOMPARE(statusField(*e, "numberAvailable"), std::int64_t(3));
    QCOMPARE(statusField(*e, "numberMisscheduled"), std::int64_t(0));
    QCOMPARE(statusField(*e, "observedGeneration"), std::int64_t(1));
    QCOMPARE(e->list("ControllerRevision", "default").size(), std::size_t(1));
}

void TestDaemonSet::newNodeGetsPodAndTaintedNodeNone()
{
    auto e = openEngine();
    QVERIFY(e);
    QVERIFY(e->create(node("node-1")));
    QVERIFY(e->create(node("node-2", Json::object(),
                           Json::array({Json{{"key", "dedicated"}, {"value", "db"}, {"effect", "NoSchedule"}}}))));
    Json ds = daemonSet();
    ds["metadata"].erase("uid");
    QVERIFY(e->create(ds));
    e->settle(5 * core::kMinute);
    QCOMPARE(daemonPods(*e).size(), std::size_t(1));
    QCOMPARE(statusField(*e, "desiredNumberScheduled"), std::int64_t(1));
    QVERIFY(e->create(node("node-3")));
    e->settle(5 * core::kMinute);
    auto pods = daemonPods(*e);
    QCOMPARE(pods.size(), std::size_t(2));
    QVERIFY(pods.contains("node-3"));
    QCOMPARE(statusField(*e, "desiredNumberScheduled"), std::int64_t(2));
}

void TestDaemonSet::rollingUpdate()
{
    auto e = openEngine();
    QVERIFY(e);
    for (const char* n : {"node-1", "node-2", "node-3"})
        QVERIFY(e->create(node(n)));
    Json ds = daemonSet();
    ds["metadata"].erase("uid");
    QVERIFY(e->create(ds));
    e->settle(5 * core::kMinute);
    Json next = *e->get(core::ObjectKey{"DaemonSet", "default", "agent"});
    next["spec"]["template"]["spec"]["containers"][0]["image"] = "busybox:1.37";
    QVERIFY(e->update(next));
    // maxUnavailable 1: one old pod goes at a time; never more than one node without a ready pod.
    std::size_t maxMissing = 0;
    for (int i = 0; i < 300; ++i) {
        e->advance(core::kSecond);
        std::size_t ready = 0;
        for (const core::ObjectPtr& p : e->list("Pod", "default"))
            if (!core::isBeingDeleted(*p) && core::stringAt(*p, Json::json_pointer("/status/phase")) == "Running")
                ++ready;
        maxMissing = std::max(maxMissing, std::size_t(3) - std::min<std::size_t>(ready, 3));
    }
    QCOMPARE(maxMissing, std::size_t(1));
    std::set<std::string> images;
    for (const core::ObjectPtr& p : e->list("Pod", "default"))
        images.insert(core::stringAt(*p, Json::json_pointer("/spec/containers/0/image")));
    QCOMPARE(images, (std::set<std::string>{"busybox:1.37"}));
    QCOMPARE(statusField(*e, "updatedNumberScheduled"), std::int64_t(3));
    QCOMPARE(e->list("ControllerRevision", "default").size(), std::size_t(2));
    core::ObjectPtr live = e->get(core::ObjectKey{"DaemonSet", "default", "agent"});
    QCOMPARE(core::stringAt(*live, Json::json_pointer("/metadata/annotations/deprecated.daemonset.template.generation")),
             std::string("2"));
}

QTEST_APPLESS_MAIN(TestDaemonSet)
#include "tst_daemonset.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The scheduling cycle end to end: FitError texts (k8s-semantics §2.12 and upstream's
// framework/types_test.go), scoring with weights and the decision record (`klab why`),
// reservoir tie-break, percentageOfNodesToScore (upstream schedule_one_test.go
// TestNumFeasibleNodesToFind), DefaultPreemption's choices (default_preemption_test.go)
// and nominated pods.
#include <QTest>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/scheduler/config.h"
#include "core/scheduler/plugins/names.h"
#include "core/scheduler/scheduler.h"
#include "support/builders.h"

using namespace kubelab;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;
using scheduler::Code;
using scheduler::Diagnosis;
using scheduler::ScheduleResult;
using scheduler::Status;

Q_DECLARE_METATYPE(std::optional<std::int32_t>)

namespace {

using PluginList = std::vector<std::pair<std::string, std::int32_t>>;

/// A profile with exactly these multiPoint plugins (weights for Score plugins), as a
/// KubeSchedulerConfiguration would give it.
scheduler::SchedulerConfiguration configWith(const PluginList& plugins, const core::Json& profileExtra = core::Json::object())
{
    core::Json enabled = core::Json::array();
    for (const auto& [name, weight] : plugins) {
        core::Json p = {{"name", name}};
        if (weight)
            p["weight"] = weight;
        enabled.push_back(p);
    }
    core::Json profile = {{"schedulerName", "default-scheduler"},
                          {"plugins", {{"multiPoint", {{"enabled", enabled}, {"disabled", {{{"name", "*"}}}}}}}}};
    for (auto it = profileExtra.begin(); it != profileExtra.end(); ++it)
        profile[it.key()] = it.value();
    core::Json doc = {{"apiVersion", "kubescheduler.config.k8s.io/v1"},
                      {"kind", "KubeSchedulerConfiguration"},
                      {"profiles", {profile}}};
    auto config = scheduler::SchedulerConfiguration::fromJson(doc);
    if (!config)
        qFatal("config: %s", config.error().message.c_str());
    return *config;
}

const PluginList kResourcePlugins = {
    {"PrioritySort", 0},      {"NodeUnschedulable", 0}, {"NodeName", 0},      {"NodePorts", 0},
    {"NodeResourcesFit", 1},  {"DefaultPreemption", 0}, {"NodeResourcesBalancedAllocation", 1},
    {"DefaultBinder", 0},
};

std::unique_ptr<scheduler::Scheduler> makeScheduler(const scheduler::SchedulerConfiguration& config,
                                                    scheduler::SchedulerOptions options = {})
{
    auto s = scheduler::Scheduler::create(config, std::move(options));
    if (!s)
        qFatal("scheduler: %s", s.error().message.c_str());
    return std::move(*s);
}

/// A random source that returns `values` in turn.
scheduler::RandomSource sequence(std::vector<std::uint64_t> values)
{
    auto index = std::make_shared<std::size_t>(0);
    return [values = std::move(values), index]() { return values[(*index)++ % values.size()]; };
}

NodeBuilder node(const std::string& name, const std::string& cpu = "4", const std::string& memory = "8Gi")
{
    return NodeBuilder(name).cpu(cpu).memory(memory).pods(110);
}

scheduler::PodPtr runningPod(const std::string& name, const std::string& nodeName, const std::string& cpu,
                             std::int32_t priority = 0, const std::string& start = "2024-01-01T00:00:00Z")
{
    return PodBuilder(name).uid(name).cpu(cpu).node(nodeName).priority(priority).phase("Running").startTime(start).ptr();
}

/// A PreFilter plugin that rejects every pod, as VolumeBinding does for unbound immediate claims.
class RejectingPreFilter final : public scheduler::PreFilterPlugin {
public:
    static core::Result<std::unique_ptr<scheduler::Plugin>> create(const core::Json&, scheduler::Handle&)
    {
        return std::make_unique<RejectingPreFilter>();
    }
    [[nodiscard]] std::string_view name() const override { return "FakeVolumeBinding"; }
    [[nodiscard]] Status preFilter(scheduler::CycleState&, const core::Pod&, scheduler::PreFilterResult&) override
    {
        return Status(Code::UnschedulableAndUnresolvable, "pod has unbound immediate PersistentVolumeClaims");
    }
};

} // namespace

class TestFramework : public QObject {
    Q_OBJECT

private slots:
    void fitErrorMessage_data();
    void fitErrorMessage();
    void fitErrorFromCycle();
    void semanticsExampleWithDefaults();
    void preFilterRejection();
    void noNodes();
    void decisionJson();
    void decisionJsonTextEscapes();
    void decisionKeepsLikeNodesRowOnce();
    void singleFeasibleNodeIsNotScored();
    void tieBreak_data();
    void tieBreak();
    void tieBreakIsDeterministic();
    void numFeasibleNodesToFind_data();
    void numFeasibleNodesToFind();
    void roundRobinStart();
    void preemptionPicksLowestPriorityVictims();
    void preemptionReprievesMostImportant();
    void preemptionRespectsPdb();
    void preemptionNever();
    void preemptionThenBind();
    void nominatedPodHoldsItsPlace();
    void profileWithUnknownSchedulerName();
};

void TestFramework::fitErrorMessage_data()
{
    QTest::addColumn<int>("numAllNodes");
    QTest::addColumn<QString>("preFilter");
    QTest::addColumn<QStringList>("nodeReasons"); // "node=reason|reason"
    QTest::addColumn<QString>("postFilter");
    QTest::addColumn<QString>("message");

    QTest::addRow("semantics example: taint and cpu")
        << 3 << ""
        << QStringList{"n1=node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }", "n2=Insufficient cpu",
                       "n3=Insufficient cpu"}
        << "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims "
           "found for incoming pod"
        << "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 "
           "Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No "
           "preemption victims found for incoming pod.";
    QTest::addRow("semantics example: prefilter")
        << 2 << "pod has unbound immediate PersistentVolumeClaims" << QStringList{}
        << "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling"
        << "0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are "
           "available: 2 Preemption is not helpful for scheduling.";
    QStringList many;
    for (int i = 0; i < 10; ++i)
        many << QString("a%1=Insufficient cpu").arg(i);
    many << "b1=Insufficient memory" << "b2=Insufficient memory";
    QTest::addRow("plain string sort puts 10 before 2")
        << 12 << "" << many << ""
        << "0/12 nodes are available: 10 Insufficient cpu, 2 Insufficient memory.";
    QTest::addRow("every reason of a node counts")
        << 2 << "" << QStringList{"n1=Insufficient cpu|Insufficient memory", "n2=Insufficient memory"} << ""
        << "0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.";
    // Upstream types_test.go: "nodes failed Prefilter plugin" and "no candidate".
    QTest::addRow("types_test prefilter")
        << 3 << "Node(s) failed PreFilter plugin FalsePreFilter" << QStringList{} << ""
        << "0/3 nodes are available: Node(s) failed PreFilter plugin FalsePreFilter.";
    QTest::addRow("types_test filter and postfilter")
        << 3 << "" << QStringList{"node1=Node(s) failed Filter plugin FalseFilter", "node2=Node(s) failed Filter plugin FalseFilter", "node3=Node(s) failed Filter plugin FalseFilter"}
        << "Error running PostFilter plugin FailedPostFilter"
        << "0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter. Error running PostFilter plugin "
           "FailedPostFilter.";
}

void TestFramework::fitErrorMessage()
{
    QFETCH(int, numAllNodes);
    QFETCH(QString, preFilter);
    QFETCH(QStringList, nodeReasons);
    QFETCH(QString, postFilter);
    QFETCH(QString, message);
    Diagnosis d;
    d.preFilterMsg = preFilter.toStdString();
    d.postFilterMsg = postFilter.toStdString();
    for (const QString& entry : nodeReasons) {
        const QString nodeName = entry.section('=', 0, 0);
        std::vector<std::string> reasons;
        for (const QString& r : entry.section('=', 1).split('|'))
            reasons.push_back(r.toStdString());
        d.nodeToStatus.set(nodeName.toStdString(), Status(Code::Unschedulable, reasons));
    }
    QCOMPARE(QString::fromStdString(scheduler::fitErrorMessage(static_cast<std::size_t>(numAllNodes), d)), message);
}

void TestFramework::fitErrorFromCycle()
{
    // A cordoned node and two nodes full of equal-priority pods (§2.12, with NodeUnschedulable
    // standing in for the control-plane taint). Preemption's own FitError ends with a period
    // and the outer one adds another: real clusters print `incoming pod..`.
    auto s = makeScheduler(configWith(kResourcePlugins));
    s->onNodeAdded(node("node-1").unschedulable().ptr(), 0);
    s->onNodeAdded(node("node-2").ptr(), 0);
    s->onNodeAdded(node("node-3").ptr(), 0);
    s->onPodAdded(runningPod("a", "node-2", "3500m"), 0);
    s->onPodAdded(runningPod("b", "node-3", "3500m"), 0);
    const ScheduleResult r = s->scheduleOne(PodBuilder("web").uid("web").cpu("1").ptr(), sequence({0}));
    QCOMPARE(r.outcome, ScheduleResult::Outcome::Unschedulable);
    QCOMPARE(QString::fromStdString(r.message),
             QString("0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes "
                     "are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for "
                     "incoming pod.."));
    QVERIFY(r.nominatedNode.has_value());
    QVERIFY(r.nominatedNode->empty());
    QVERIFY(r.victims.empty());
    QVERIFY(r.unschedulablePlugins.contains("NodeUnschedulable"));
    QVERIFY(r.unschedulablePlugins.contains("NodeResourcesFit"));

    QVERIFY(r.decision);
    const core::Json why = r.decision->toJson();
    QCOMPARE(why["result"].dump(), core::Json("Unschedulable").dump());
    QCOMPARE(why["nodes"].size(), std::size_t(3));
    QCOMPARE(why["nodes"][0]["filters"][0].dump(),
             (core::Json{{"plugin", "NodeUnschedulable"}, {"code", "UnschedulableAndUnresolvable"}, {"reasons", {"node(s) were unschedulable"}}}).dump());
    QCOMPARE(why["nodes"][1]["filters"][0].dump(),
             (core::Json{{"plugin", "NodeResourcesFit"}, {"code", "Unschedulable"}, {"reasons", {"Insufficient cpu"}}}).dump());
    QVERIFY(!why["nodes"][1].contains("totalScore"));
}

void TestFramework::semanticsExampleWithDefaults()
{
    // §2.12's first example with the default profile: a control-plane node and two full nodes.
    auto s = makeScheduler(scheduler::SchedulerConfiguration::defaults());
    s->onNodeAdded(node("control-plane").taint("node-role.kubernetes.io/control-plane", "", "NoSchedule").ptr(), 0);
    s->onNodeAdded(node("node-1").ptr(), 0);
    s->onNodeAdded(node("node-2").ptr(), 0);
    s->onPodAdded(runningPod("a", "node-1", "3500m"), 0);
    s->onPodAdded(runningPod("b", "node-2", "3500m"), 0);
    const ScheduleResult r = s->scheduleOne(PodBuilder("web").uid("web").cpu("1").ptr(), sequence({0}));
    QCOMPARE(QString::fromStdString(r.message),
             QString("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
                     "2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for "
                     "scheduling, 2 No preemption victims found for incoming pod.."));
}

void TestFramework::preFilterRejection()
{
    PluginList plugins = kResourcePlugins;
    plugins.emplace_back("FakeVolumeBinding", 0);
    scheduler::SchedulerOptions options;
    options.outOfTreeRegistry.push_back(scheduler::RegistryEntry{"FakeVolumeBinding", &RejectingPreFilter::create});
    auto s = makeScheduler(configWith(plugins), options);
    s->onNodeAdded(node("node-1").ptr(), 0);
    s->onNodeAdded(node("node-2").ptr(), 0);
    const ScheduleResult r = s->scheduleOne(PodBuilder("db").uid("db").cpu("1").pvc("data").ptr(), sequence({0}));
    QCOMPARE(r.outcome, ScheduleResult::Outcome::Unschedulable);
    QCOMPARE(QString::fromStdString(r.message),
             QString("0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes "
                     "are available: 2 Preemption is not helpful for scheduling.."));
    QVERIFY(r.unschedulablePlugins.contains("FakeVolumeBinding"));
    const core::Json why = r.decision->toJson();
    QCOMPARE(why["nodes"].size(), std::size_t(2));
    QCOMPARE(why["nodes"][1]["filters"][0]["plugin"].get<std::string>(), std::string("FakeVolumeBinding"));
}

void TestFramework::noNodes()
{
    auto s = makeScheduler(configWith(kResourcePlugins));
    const ScheduleResult r = s->scheduleOne(PodBuilder("web").uid("web").ptr(), sequence({0}));
    QCOMPARE(r.outcome, ScheduleResult::Outcome::Unschedulable);
    QCOMPARE(r.message, std::string("no nodes available to schedule pods"));
}

void TestFramework::decisionJson()
{
    // §2.4's example: 4 cpu / 8Gi, 1000m / 2Gi used, pod 500m / 1Gi → 62.
    auto s = makeScheduler(configWith(kResourcePlugins));
    s->onNodeAdded(node("node-1").ptr(), 0);
    s->onNodeAdded(node("node-2").ptr(), 0);
    s->onPodAdded(PodBuilder("old").uid("old").cpu("1").memory("2Gi").node("node-1").ptr(), 0);
    const ScheduleResult r = s->scheduleOne(PodBuilder("web").uid("web").cpu("500m").memory("1Gi").ptr(), sequence({0}));
    QCOMPARE(r.outcome, ScheduleResult::Outcome::Scheduled);
    QCOMPARE(r.node, std::string("node-2"));
    const core::Json expected = core::Json::parse(R"({
      "pod": "default/web", "schedulerName": "default-scheduler", "result": "Scheduled",
      "selectedNode": "node-2", "message": "",
      "nodes": [
        {"name": "node-1", "feasible": true, "filters": [],
         "scores": [{"plugin": "NodeResourcesFit", "rawScore": 62, "score": 62, "weight": 1},
                    {"plugin": "NodeResourcesBalancedAllocation", "rawScore": 100, "score": 100, "weight": 1}],
         "totalScore": 162},
        {"name": "node-2", "feasible": true, "filters": [],
         "scores": [{"plugin": "NodeResourcesFit", "rawScore": 87, "score": 87, "weight": 1},
                    {"plugin": "NodeResourcesBalancedAllocation", "rawScore": 100, "score": 100, "weight": 1}],
         "totalScore": 187}]})");
    QCOMPARE(QString::fromStdString(r.decision->toJson().dump()), QString::fromStdString(expected.dump()));
    QCOMPARE(QString::fromStdString(scheduler::Decision::expand(r.decision->storedText()).dump()),
             QString::fromStdString(expected.dump()));
    // The pod is assumed on its node until the caller reports the binding.
    QCOMPARE(s->snapshot().get("node-2")->pods().size(), std::size_t(1));
    QCOMPARE(s->snapshot().get("node-2")->requested().milliCpu, std::int64_t(500));
}

void TestFramework::decisionJsonTextEscapes()
{
    // The direct writer against the document tree's dump(): filters with reasons, quotes,
    // backslashes, control characters and UTF-8 in the texts, an unscored node.
    scheduler::Decision d;
    d.pod = "team-a/web-\"1\"";
    d.schedulerName = "default-scheduler";
    d.result = "Unschedulable";
    d.message = "0/2 nodes are available: 1 node(s) had untolerated taint {dedicated: \"gpu\\x\"}.\n\tpreemption: 节点\x01";
    d.nodes.push_back({"node-1", false, {{scheduler::names::TaintToleration, Code::UnschedulableAndUnresolvable,
                                          {"node(s) had untolerated taint {a: b}", "second\x1f"}}}, 0, 0, std::nullopt});
    d.nodes.push_back({"node-2", true, {}, 0, 2, std::int64_t(-5)});
    d.scores = {{scheduler::names::NodeResourcesFit, 62, 62, 1}, {scheduler::names::ImageLocality, 0, 0, 2}};
    const std::string stored = d.storedText();
    QCOMPARE(QString::fromStdString(scheduler::Decision::expand(stored).dump()), QString::fromStdString(d.toJson().dump()));
    QVERIFY(core::Json::parse(stored)["message"].get<std::string>() == d.message);
    // A lab written before the compact form kept the document itself; it still reads.
    QVERIFY(scheduler::Decision::expand(d.toJson().dump()) == d.toJson());
    QVERIFY(scheduler::Decision::expand("{\"v\":2,\"nodes\":[[1]]}").is_discarded());
    QVERIFY(scheduler::Decision::expand("{\"v\":3,\"rows\":[],\"nodes\":[\"a\",0]}").is_discarded());
}

void TestFramework::decisionKeepsLikeNodesRowOnce()
{
    // Nodes the cycle saw alike (same verdicts, scores and total) share one row in the stored
    // form; each node is its name and the row's number, and the document reads back whole.
    scheduler::Decision d;
    d.pod = "default/web-1";
    d.schedulerName = "default-scheduler";
    d.result = "Scheduled";
    d.selectedNode = "node-2";
    d.scores = {{scheduler::names::NodeResourcesFit, 62, 62, 1}, {scheduler::names::ImageLocality, 0, 0, 2},
                {scheduler::names::NodeResourcesFit, 70, 70, 1}, {scheduler::names::ImageLocality, 0, 0, 2},
                {scheduler::names::NodeResourcesFit, 62, 62, 1}, {scheduler::names::ImageLocality, 0, 0, 2}};
    d.nodes.push_back({"node-1", true, {}, 0, 2, std::int64_t(62)});
    d.nodes.push_back({"node-2", true, {}, 2, 2, std::int64_t(70)});
    d.nodes.push_back({"node-3", true, {}, 4, 2, std::int64_t(62)});
    d.nodes.push_back({"node-4", false, {{scheduler::names::NodeResourcesFit, scheduler::Code::Unschedulable,
                                          {"Insufficient cpu"}}}, 0, 0, std::nullopt});
    d.nodes.push_back({"node-5", false, {{scheduler::names::NodeResourcesFit, scheduler::Code::Unschedulable,
                                          {"Insufficient cpu"}}}, 0, 0, std::nullopt});
    const std::string stored = d.storedText();
    const core::Json compact = core::Json::parse(stored);
    QCOMPARE(compact["rows"].size(), std::size_t(3));
    QCOMPARE(compact["nodes"].dump(), std::string(R"(["node-1",0,"node-2",1,"node-3",0,"node-4",2,"node-5",2])"));
    QCOMPARE(QString::fromStdString(scheduler::Decision::expand(stored).dump()), QString::fromStdString(d.toJson().dump()));
}

void TestFramework::singleFeasibleNodeIsNotScored()
{
    auto s = makeScheduler(configWith(kResourcePlugins));
    s->onNodeAdded(node("node-1", "1").ptr(), 0);
    s->onNodeAdded(node("node-2").ptr(), 0);
    const ScheduleResult r = s->scheduleOne(PodBuilder("web").uid("web").cpu("2").ptr(), sequence({0}));
    QCOMPARE(r.node, std::string("node-2"));
    const core::Json why = r.decision->toJson();
    QVERIFY(why["nodes"][1]["scores"].empty());
    QVERIFY(!why["nodes"][1].contains("totalScore"));
}

void TestFramework::tieBreak_data()
{
    QTest::addColumn<QList<quint64>>("random");
    QTest::addColumn<QString>("chosen");
    // Reservoir sampling over node-a, node-b, node-c: the i-th tie replaces the pick when
    // random % i == 0.
    QTest::addRow("keep first") << QList<quint64>{1, 1} << "node-a";
    QTest::addRow("take second") << QList<quint64>{0, 1} << "node-b";
    QTest::addRow("take third") << QList<quint64>{0, 0} << "node-c";
    QTest::addRow("second then third") << QList<quint64>{1, 3} << "node-c";
}

void TestFramework::tieBreak()
{
    QFETCH(QList<quint64>, random);
    QFETCH(QString, chosen);
    auto s = makeScheduler(configWith(kResourcePlugins));
    for (const char* n : {"node-a", "node-b", "node-c"})
        s->onNodeAdded(node(n).ptr(), 0);
    const ScheduleResult r =
        s->scheduleOne(PodBuilder("web").uid("web").cpu("1").ptr(), sequence({random.begin(), random.end()}));
    QCOMPARE(QString::fromStdString(r.node), chosen);
}

void TestFramework::tieBreakIsDeterministic()
{
    auto run = [](std::uint64_t seed) {
        auto s = makeScheduler(configWith(kResourcePlugins));
        for (int i = 0; i < 20; ++i)
            s->onNodeAdded(node("node-" + std::to_string(i)).ptr(), 0);
        std::mt19937_64 engine(seed);
        scheduler::RandomSource random = [&engine]() { return engine(); };
        std::vector<std::string> placements;
        for (int i = 0; i < 40; ++i)
            placements.push_back(
                s->scheduleOne(PodBuilder("p" + std::to_string(i)).uid("p" + std::to_string(i)).cpu("100m").ptr(), random).node);
        return placements;
    };
    QCOMPARE(run(42), run(42));
    QVERIFY(run(42) != run(7));
}

void TestFramework::numFeasibleNodesToFind_data()
{
    QTest::addColumn<std::optional<std::int32_t>>("profilePercentage");
    QTest::addColumn<int>("globalPercentage");
    QTest::addColumn<int>("numAllNodes");
    QTest::addColumn<int>("wanted");
    // Upstream TestNumFeasibleNodesToFind.
    QTest::addRow("not set percentageOfNodesToScore and nodes number not more than 50")
        << std::optional<std::int32_t>() << 0 << 10 << 10;
    QTest::addRow("set profile percentageOfNodesToScore and nodes number not more than 50")
        << std::optional<std::int32_t>(40) << 0 << 10 << 10;
    QTest::addRow("not set percentageOfNodesToScore and nodes number more than 50")
        << std::optional<std::int32_t>() << 0 << 1000 << 420;
    QTest::addRow("set profile percentageOfNodesToScore and nodes number more than 50")
        << std::optional<std::int32_t>(40) << 0 << 1000 << 400;
    QTest::addRow("set global and profile percentageOfNodesToScore and nodes number more than 50")
        << std::optional<std::int32_t>(40) << 100 << 1000 << 400;
    QTest::addRow("set global percentageOfNodesToScore and nodes number more than 50")
        << std::optional<std::int32_t>() << 40 << 1000 << 400;
    QTest::addRow("not set profile percentageOfNodesToScore and nodes number more than 50*125")
        << std::optional<std::int32_t>() << 0 << 6000 << 300;
    QTest::addRow("set profile percentageOfNodesToScore and nodes number more than 50*125")
        << std::optional<std::int32_t>(40) << 0 << 6000 << 2400;
    QTest::addRow("5000 nodes") << std::optional<std::int32_t>() << 0 << 5000 << 500;
    QTest::addRow("at least 100") << std::optional<std::int32_t>(5) << 0 << 1000 << 100;
}

void TestFramework::numFeasibleNodesToFind()
{
    QFETCH(std::optional<std::int32_t>, profilePercentage);
    QFETCH(int, globalPercentage);
    QFETCH(int, numAllNodes);
    QFETCH(int, wanted);
    QCOMPARE(scheduler::numFeasibleNodesToFind(profilePercentage, globalPercentage, numAllNodes), std::int64_t(wanted));
}

void TestFramework::roundRobinStart()
{
    auto s = makeScheduler(configWith(kResourcePlugins));
    for (int i = 0; i < 200; ++i)
        s->onNodeAdded(node("node-" + std::to_string(i), "100", "100Gi").ptr(), 0);
    // 200 nodes: max(100, 200·(50 − 1)/100 = 98) = 100 feasible nodes are enough.
    const ScheduleResult first = s->scheduleOne(PodBuilder("p1").uid("p1").cpu("1").ptr(), sequence({1}));
    QCOMPARE(first.feasibleNodes, std::size_t(100));
    QCOMPARE(s->nextStartNodeIndex(), std::size_t(100));
    QCOMPARE(first.decision->nodes.size(), std::size_t(100));
    QCOMPARE(first.decision->nodes.front().name, std::string("node-0"));
    const ScheduleResult second = s->scheduleOne(PodBuilder("p2").uid("p2").cpu("1").ptr(), sequence({1}));
    QCOMPARE(s->nextStartNodeIndex(), std::size_t(0));
    QCOMPARE(second.decision->nodes.front().name, std::string("node-100"));
}

void TestFramework::preemptionPicksLowestPriorityVictims()
{
    auto s = makeScheduler(configWith(kResourcePlugins));
    s->onNodeAdded(node("node-1").ptr(), 0);
    s->onNodeAdded(node("node-2").ptr(), 0);
    s->onPodAdded(runningPod("low", "node-1", "3", 10), 0);
    s->onPodAdded(runningPod("mid", "node-2", "3", 20), 0);
    const ScheduleResult r = s->scheduleOne(PodBuilder("vip").uid("vip").cpu("2").priority(100).ptr(), sequence({0}));
    QCOMPARE(r.outcome, ScheduleResult::Outcome::Unschedulable);
    QCOMPARE(r.message, std::string("0/2 nodes are available: 2 Insufficient cpu."));
    QCOMPARE(r.nominatedNode.value_or("?"), std::string("node-1"));
    QCOMPARE(r.victims.size(), std::size_t(1));
    QCOMPARE(r.victims.front()->name, std::string("low"));
}

void TestFramework::preemptionReprievesMostImportant()
{
    // Remove every lower-priority pod, then add them back most important first while the
    // pod still fits: "a" (priority 10) cannot stay, "b" (priority 5) can.
    auto s = makeScheduler(configWith(kResourcePlugins));
    s->onNodeAdded(node("node-1").ptr(), 0);
    s->onPodAdded(runningPod("a", "node-1", "2", 10), 0);
    s->onPodAdded(runningPod("b", "node-1", "1500m", 5), 0);
    const ScheduleResult r = s->scheduleOne(PodBuilder("vip").uid("vip").cpu("2500m").priority(100).ptr(), sequence({0}));
    QCOMPARE(r.nominatedNode.value_or("?"), std::string("node-1"));
    QCOMPARE(r.victims.size(), std::size_t(1));
    QCOMPARE(r.victims.front()->name, std::string("a"));
}

void TestFramework::preemptionRespectsPdb()
{
    auto s = makeScheduler(configWith(kResourcePlugins));
    s->onNodeAdded(node("node-1").ptr(), 0);
    s->onNodeAdded(node("node-2").ptr(), 0);
    s->onPodAdded(PodBuilder("guarded").uid("guarded").label("app", "db").cpu("3").node("node-1").priority(10).ptr(), 0);
    s->onPodAdded(PodBuilder("free").uid("free").label("app", "web").cpu("3").node("node-2").priority(10).ptr(), 0);
    scheduler::PodDisruptionBudget pdb;
    pdb.ns = "default";
    pdb.name = "db";
    pdb.selector = *core::LabelSelector::fromJson(core::Json{{"matchLabels", {{"app", "db"}}}});
    pdb.disruptionsAllowed = 0;
    s->snapshot().setPodDisruptionBudgets({pdb});
    const ScheduleResult r = s->scheduleOne(PodBuilder("vip").uid("vip").cpu("2").priority(100).ptr(), sequence({0}));
    QCOMPARE(r.nominatedNode.value_or("?"), std::string("node-2"));
    QCOMPARE(r.victims.front()->name, std::string("free"));
}

void TestFramework::preemptionNever()
{
    auto s = makeScheduler(configWith(kResourcePlugins));
    s->onNodeAdded(node("node-1").ptr(), 0);
    s->onPodAdded(runningPod("low", "node-1", "3", 10), 0);
    const ScheduleResult r = s->scheduleOne(
        PodBuilder("vip").uid("vip").cpu("2").priority(100).preemptionPolicy("Never").ptr(), sequence({0}));
    // Upstream's own text ends with a period, and FitError adds one.
    QCOMPARE(r.message, std::string("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to "
                                    "preemptionPolicy=Never.."));
    QVERIFY(!r.nominatedNode.has_value());
    QVERIFY(r.victims.empty());
}

void TestFramework::preemptionThenBind()
{
    auto s = makeScheduler(configWith(kResourcePlugins));
    s->onNodeAdded(node("node-1").ptr(), 0);
    const scheduler::PodPtr low = runningPod("low", "node-1", "3", 10);
    s->onPodAdded(low, 0);
    const scheduler::PodPtr vip = PodBuilder("vip").uid("vip").cpu("2").priority(100).ptr();
    s->onPodAdded(vip, 0);
    auto first = s->scheduleNext(0, sequence({0}));
    QVERIFY(first);
    QCOMPARE(first->outcome, ScheduleResult::Outcome::Unschedulable);
    QCOMPARE(first->nominatedNode.value_or("?"), std::string("node-1"));
    QCOMPARE(s->queue().nominatedNodeOf(*vip), std::string("node-1"));
    QCOMPARE(s->queue().where(*vip), scheduler::SchedulingQueue::Where::Unschedulable);
    QVERIFY(!s->scheduleNext(0, sequence({0})));

    // The caller deletes the victim: the pod moves to backoffQ (1 s after its first attempt).
    s->onPodDeleted(low, 100);
    QCOMPARE(s->queue().where(*vip), scheduler::SchedulingQueue::Where::Backoff);
    s->flushQueues(999);
    QVERIFY(!s->scheduleNext(999, sequence({0})));
    s->flushQueues(1000);
    auto second = s->scheduleNext(1000, sequence({0}));
    QVERIFY(second);
    QCOMPARE(second->outcome, ScheduleResult::Outcome::Scheduled);
    QCOMPARE(second->node, std::string("node-1"));
    QCOMPARE(s->queue().where(*vip), scheduler::SchedulingQueue::Where::None);
    QCOMPARE(s->queue().nominatedNodeOf(*vip), std::string());
}

void TestFramework::nominatedPodHoldsItsPlace()
{
    auto s = makeScheduler(configWith(kResourcePlugins));
    s->onNodeAdded(node("node-1").ptr(), 0);
    // A preemptor nominated to node-1 (its victims already gone) keeps its room against
    // pods of lower priority.
    s->queue().addNominatedPod(PodBuilder("vip").uid("vip").cpu("3").priority(100).ptr(), "node-1");
    const ScheduleResult low = s->scheduleOne(PodBuilder("low").uid("low").cpu("2").ptr(), sequence({0}));
    QCOMPARE(low.outcome, ScheduleResult::Outcome::Unschedulable);
    QVERIFY(QString::fromStdString(low.message).startsWith("0/1 nodes are available: 1 Insufficient cpu."));
    // An equal or higher priority pod is not held back by a lower-priority nomination.
    s->queue().addNominatedPod(PodBuilder("vip").uid("vip").cpu("3").priority(-1).ptr(), "node-1");
    const ScheduleResult again = s->scheduleOne(PodBuilder("low2").uid("low2").cpu("2").ptr(), sequence({0}));
    QCOMPARE(again.outcome, ScheduleResult::Outcome::Scheduled);
}

void TestFramework::profileWithUnknownSchedulerName()
{
    auto s = makeScheduler(configWith(kResourcePlugins));
    s->onNodeAdded(node("node-1").ptr(), 0);
    const scheduler::PodPtr pod = PodBuilder("x").uid("x").schedulerName("my-scheduler").ptr();
    QVERIFY(!s->responsibleFor(*pod));
    s->onPodAdded(pod, 0);
    QCOMPARE(s->queue().where(*pod), scheduler::SchedulingQueue::Where::None);
}

QTEST_APPLESS_MAIN(TestFramework)
#include "tst_framework.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's plugins/podtopologyspread tests: filtering_test.go
// (TestSingleConstraint, TestMultipleConstraints), scoring_test.go (TestPreScoreSkip,
// TestPreScoreStateEmptyNodes' default-constraint cases, TestPodTopologySpreadScore) and
// validation_pluginargs_test.go. Cases marked "derived" are computed from upstream's
// formulas for what the tables leave out (minDomains, inclusion policies in Filter).
// v1.31 enables NodeInclusionPolicyInPodTopologySpread and MatchLabelKeysInPodTopologySpread
// by default, so the feature-gate-off cases are left out.
#include <QTest>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/scheduler/plugins/podtopologyspread.h"
#include "support/builders.h"
#include "support/schedulertesting.h"

using namespace kubelab;
using kubelab::core::Json;
using kubelab::testing::FakeHandle;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;
using kubelab::testing::SelectorBuilder;
using scheduler::Code;
using Nodes = std::vector<NodeBuilder>;
using Pods = std::vector<PodBuilder>;
using Scores = std::vector<std::int64_t>;
using Codes = std::vector<Code>;

Q_DECLARE_METATYPE(PodBuilder)
Q_DECLARE_METATYPE(Nodes)
Q_DECLARE_METATYPE(Pods)
Q_DECLARE_METATYPE(Scores)
Q_DECLARE_METATYPE(Codes)
Q_DECLARE_METATYPE(Code)
Q_DECLARE_METATYPE(Json)

namespace {

const std::string kHostname = "kubernetes.io/hostname";
const std::string kZone = "topology.kubernetes.io/zone";
const QString kNotMatch = "node(s) didn't match pod topology spread constraints";
const QString kMissingLabel = "node(s) didn't match pod topology spread constraints (missing required label)";

const Json kListDefaulting = {{"defaultingType", "List"}};
const Json kSystemDefaulting = {{"defaultingType", "System"}};

std::unique_ptr<scheduler::PodTopologySpread> makePlugin(FakeHandle& handle, const Json& args)
{
    auto plugin = scheduler::PodTopologySpread::create(args, handle);
    if (!plugin)
        qFatal("create: %s", plugin.error().message.c_str());
    return std::unique_ptr<scheduler::PodTopologySpread>(
        dynamic_cast<scheduler::PodTopologySpread*>(plugin->release()));
}

Json fooSelector()
{
    return SelectorBuilder().exists("foo").json();
}
Json barSelector()
{
    return SelectorBuilder().exists("bar").json();
}

PodBuilder pod(const std::string& name = "p")
{
    return PodBuilder(name);
}

/// `count` pods labelled foo on `node`, named `p-<node suffix><i>`.
void fooPods(Pods& pods, const std::string& node, int count, const std::string& label = "foo")
{
    for (int i = 0; i < count; ++i)
        pods.push_back(PodBuilder("p-" + node + "-" + label + std::to_string(i)).node(node).label(label, ""));
}

Pods spread(const std::vector<std::pair<std::string, int>>& perNode)
{
    Pods pods;
    for (const auto& [node, count] : perNode)
        fooPods(pods, node, count);
    return pods;
}

/// node-a, node-b in zone1 and node-x, node-y in zone2, with a `node` label.
Nodes fourNodes()
{
    return Nodes{NodeBuilder("node-a").label("zone", "zone1").label("node", "node-a"),
                 NodeBuilder("node-b").label("zone", "zone1").label("node", "node-b"),
                 NodeBuilder("node-x").label("zone", "zone2").label("node", "node-x"),
                 NodeBuilder("node-y").label("zone", "zone2").label("node", "node-y")};
}

NodeBuilder hostNode(const std::string& name)
{
    return NodeBuilder(name).label(kHostname, name);
}

NodeBuilder zoneHostNode(const std::string& name, const std::string& zone)
{
    return NodeBuilder(name).label("zone", zone).label(kHostname, name);
}

Nodes byNodeLabel(const std::vector<std::string>& names)
{
    Nodes out;
    for (const std::string& n : names)
        out.push_back(NodeBuilder(n).label("node", n));
    return out;
}

} // namespace

class TestPodTopologySpread : public QObject {
    Q_OBJECT

private slots:
    void filter_data();
    void filter();
    void filterWithoutPreFilter();
    void addRemovePod();
    void preScoreSkip_data();
    void preScoreSkip();
    void defaultSelector();
    void score_data();
    void score();
    void args_data();
    void args();
    void sameResultsAcrossCycles();
    void events();
};

void TestPodTopologySpread::filter_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Nodes>("nodes");
    QTest::addColumn<Pods>("pods");
    QTest::addColumn<Codes>("codes");

    const Code ok = Code::Success;
    const Code no = Code::Unschedulable;
    const Code unresolvable = Code::UnschedulableAndUnresolvable;
    auto zoneFoo = [](std::int32_t skew = 1) {
        return pod().label("foo", "").spreadConstraint(skew, "zone", "DoNotSchedule", fooSelector());
    };
    auto nodeFoo = [](std::int32_t skew = 1) {
        return pod().label("foo", "").spreadConstraint(skew, "node", "DoNotSchedule", fooSelector());
    };
    const Pods twoOneZeroThree = spread({{"node-a", 2}, {"node-b", 1}, {"node-y", 3}});

    // TestSingleConstraint.
    QTest::addRow("no existing pods") << zoneFoo() << fourNodes() << Pods{} << Codes{ok, ok, ok, ok};
    QTest::addRow("no existing pods, incoming pod doesn't match itself")
        << pod().label("foo", "").spreadConstraint(1, "zone", "DoNotSchedule", barSelector()) << fourNodes()
        << Pods{} << Codes{ok, ok, ok, ok};
    QTest::addRow("existing pods in a different namespace do not count")
        << zoneFoo() << fourNodes()
        << Pods{PodBuilder("p-a1").ns("ns1").node("node-a").label("foo", ""),
                PodBuilder("p-b1").ns("ns2").node("node-a").label("foo", ""),
                PodBuilder("p-x1").node("node-x").label("foo", ""), PodBuilder("p-y1").node("node-y").label("foo", "")}
        << Codes{ok, ok, no, no};
    QTest::addRow("pods spread across zones as 3/3, all nodes fit")
        << zoneFoo() << fourNodes() << twoOneZeroThree << Codes{ok, ok, ok, ok};
    QTest::addRow("pods spread across zones as 1/2 due to absence of label 'zone' on node-b")
        << zoneFoo()
        << Nodes{NodeBuilder("node-a").label("zone", "zone1").label("node", "node-a"),
                 NodeBuilder("node-b").label("zon", "zone1").label("node", "node-b"),
                 NodeBuilder("node-x").label("zone", "zone2").label("node", "node-x"),
                 NodeBuilder("node-y").label("zone", "zone2").label("node", "node-y")}
        << spread({{"node-a", 1}, {"node-b", 1}, {"node-x", 1}, {"node-y", 1}}) << Codes{ok, unresolvable, no, no};
    QTest::addRow("pod cannot be scheduled as all nodes don't have label 'rack'")
        << pod().label("foo", "").spreadConstraint(1, "rack", "DoNotSchedule", fooSelector())
        << Nodes{NodeBuilder("node-a").label("zone", "zone1").label("node", "node-a"),
                 NodeBuilder("node-x").label("zone", "zone2").label("node", "node-x")}
        << Pods{} << Codes{unresolvable, unresolvable};
    QTest::addRow("pods spread across nodes as 2/1/0/3, only node-x fits")
        << nodeFoo() << fourNodes() << twoOneZeroThree << Codes{no, no, ok, no};
    QTest::addRow("pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit")
        << nodeFoo(2) << fourNodes() << twoOneZeroThree << Codes{no, ok, ok, no};
    QTest::addRow("pods spread across nodes as 2/1/0/3, but pod doesn't match itself")
        << pod().label("bar", "").spreadConstraint(1, "node", "DoNotSchedule", fooSelector()) << fourNodes()
        << twoOneZeroThree << Codes{no, ok, ok, no};
    QTest::addRow("incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits")
        << nodeFoo().requiredNodeTerm(
               testing::NodeSelectorTermBuilder().expression("node", "In", {"node-a", "node-y"}).json())
        << fourNodes() << twoOneZeroThree << Codes{ok, ok, ok, no};
    QTest::addRow("terminating Pods should be excluded")
        << nodeFoo() << byNodeLabel({"node-a", "node-b"})
        << Pods{PodBuilder("p-a").node("node-a").label("foo", "").terminating(),
                PodBuilder("p-b").node("node-b").label("foo", "")}
        << Codes{ok, no};

    // TestMultipleConstraints.
    auto zoneAndNode = [](const Json& zoneSelector, const Json& nodeSelector) {
        return pod()
            .spreadConstraint(1, "zone", "DoNotSchedule", zoneSelector)
            .spreadConstraint(1, "node", "DoNotSchedule", nodeSelector);
    };
    QTest::addRow("two constraints on zone and node, spreads = [3/3, 2/1/0/3]")
        << zoneAndNode(fooSelector(), fooSelector()).label("foo", "") << fourNodes() << twoOneZeroThree
        << Codes{no, no, ok, no};
    QTest::addRow("two constraints on zone and node, spreads = [3/4, 2/1/0/4]")
        << zoneAndNode(fooSelector(), fooSelector()).label("foo", "") << fourNodes()
        << spread({{"node-a", 2}, {"node-b", 1}, {"node-y", 4}}) << Codes{no, no, no, no};
    QTest::addRow("different labelSelectors, spreads = [1/0, 1/0/0/1]")
        << zoneAndNode(fooSelector(), barSelector()).label("foo", "").label("bar", "") << fourNodes()
        << Pods{PodBuilder("p-a1").node("node-a").label("foo", ""), PodBuilder("p-y1").node("node-y").label("bar", "")}
        << Codes{no, no, ok, no};
    QTest::addRow("different labelSelectors, spreads = [1/0, 0/0/1/1]")
        << zoneAndNode(fooSelector(), barSelector()).label("foo", "").label("bar", "") << fourNodes()
        << Pods{PodBuilder("p-a1").node("node-a").label("foo", ""), PodBuilder("p-x1").node("node-x").label("bar", ""),
                PodBuilder("p-y1").node("node-y").label("bar", "")}
        << Codes{no, no, no, no};
    QTest::addRow("different labelSelectors, spreads = [2/3, 1/0/0/1]")
        << zoneAndNode(fooSelector(), barSelector()).label("foo", "").label("bar", "") << fourNodes()
        << Pods{PodBuilder("p-a1").node("node-a").label("foo", ""),
                PodBuilder("p-a2").node("node-a").label("foo", "").label("bar", ""),
                PodBuilder("p-y1").node("node-y").label("foo", ""),
                PodBuilder("p-y2").node("node-y").label("foo", "").label("bar", ""),
                PodBuilder("p-y3").node("node-y").label("foo", "")}
        << Codes{no, ok, no, no};
    QTest::addRow("pod doesn't match itself on the zone constraint")
        << zoneAndNode(fooSelector(), barSelector()).label("bar", "") << fourNodes()
        << Pods{PodBuilder("p-a1").node("node-a").label("foo", ""), PodBuilder("p-x1").node("node-x").label("bar", ""),
                PodBuilder("p-y1").node("node-y").label("bar", "")}
        << Codes{ok, ok, no, no};
    QTest::addRow("absence of label 'node' on node-x, spreads = [1/1, 1/0/0/1]")
        << zoneAndNode(fooSelector(), fooSelector()).label("foo", "")
        << Nodes{NodeBuilder("node-a").label("zone", "zone1").label("node", "node-a"),
                 NodeBuilder("node-b").label("zone", "zone1").label("node", "node-b"),
                 NodeBuilder("node-x").label("zone", "zone2"),
                 NodeBuilder("node-y").label("zone", "zone2").label("node", "node-y")}
        << spread({{"node-a", 1}, {"node-y", 1}}) << Codes{no, ok, unresolvable, no};

    // Derived: minDomains and the node inclusion policies.
    const Pods twoOne = spread({{"node-a", 1}, {"node-b", 1}, {"node-x", 1}});
    QTest::addRow("derived: fewer domains than minDomains makes the global minimum 0")
        << pod().label("foo", "").spreadConstraint(2, "zone", "DoNotSchedule", fooSelector(), Json{{"minDomains", 3}})
        << fourNodes() << twoOne << Codes{no, no, ok, ok};
    QTest::addRow("derived: enough domains for minDomains")
        << pod().label("foo", "").spreadConstraint(2, "zone", "DoNotSchedule", fooSelector(), Json{{"minDomains", 2}})
        << fourNodes() << twoOne << Codes{ok, ok, ok, ok};
    const Nodes fooLabelled{NodeBuilder("node-a").label("node", "node-a").label("foo", ""),
                            NodeBuilder("node-b").label("node", "node-b").label("foo", ""),
                            NodeBuilder("node-c").label("node", "node-c")};
    const Pods twoOneZero = spread({{"node-a", 2}, {"node-b", 1}});
    QTest::addRow("derived: nodeAffinityPolicy Honor leaves node-c out")
        << nodeFoo().nodeSelector("foo", "") << fooLabelled << twoOneZero << Codes{no, ok, ok};
    QTest::addRow("derived: nodeAffinityPolicy Ignore counts node-c")
        << pod()
               .label("foo", "")
               .nodeSelector("foo", "")
               .spreadConstraint(1, "node", "DoNotSchedule", fooSelector(), Json{{"nodeAffinityPolicy", "Ignore"}})
        << fooLabelled << twoOneZero << Codes{no, no, ok};
    const Nodes tainted{NodeBuilder("node-a").label("node", "node-a"), NodeBuilder("node-b").label("node", "node-b"),
                        NodeBuilder("node-c").label("node", "node-c").taint("node.kubernetes.io/unschedulable", "",
                                                                            "NoSchedule")};
    QTest::addRow("derived: nodeTaintsPolicy Honor leaves the tainted node out")
        << pod().label("foo", "").spreadConstraint(1, "node", "DoNotSchedule", fooSelector(),
                                                   Json{{"nodeTaintsPolicy", "Honor"}})
        << tainted << twoOneZero << Codes{no, ok, ok};
    QTest::addRow("derived: nodeTaintsPolicy Ignore counts the tainted node")
        << nodeFoo() << tainted << twoOneZero << Codes{no, no, ok};
    QTest::addRow("derived: matchLabelKeys narrows the selector")
        << pod()
               .label("foo", "")
               .label("app", "v2")
               .spreadConstraint(1, "node", "DoNotSchedule", fooSelector(), Json{{"matchLabelKeys", {"app"}}})
        << byNodeLabel({"node-a", "node-b"})
        << Pods{PodBuilder("old-1").node("node-a").label("foo", "").label("app", "v1"),
                PodBuilder("old-2").node("node-a").label("foo", "").label("app", "v1"),
                PodBuilder("new-1").node("node-b").label("foo", "").label("app", "v2")}
        << Codes{ok, no};
}

void TestPodTopologySpread::filter()
{
    QFETCH(PodBuilder, pod);
    QFETCH(Nodes, nodes);
    QFETCH(Pods, pods);
    QFETCH(Codes, codes);

    FakeHandle handle;
    handle.addNodes(nodes);
    handle.addPods(pods);
    auto plugin = makePlugin(handle, kListDefaulting);
    const core::Pod p = pod.build();
    scheduler::CycleState state;
    scheduler::PreFilterResult result;
    const scheduler::Status pre = plugin->preFilter(state, p, result);
    QVERIFY2(pre.isSuccess(), pre.message().c_str());
    const auto names = testing::nodeNames(nodes);
    for (std::size_t i = 0; i < names.size(); ++i) {
        const scheduler::Status status = plugin->filter(state, p, *handle.mutableSnapshot().get(names[i]));
        QVERIFY2(status.code() == codes[i], (names[i] + ": " + status.message()).c_str());
        if (status.code() == Code::Unschedulable)
            QCOMPARE(QString::fromStdString(status.message()), kNotMatch);
        if (status.code() == Code::UnschedulableAndUnresolvable)
            QCOMPARE(QString::fromStdString(status.message()), kMissingLabel);
    }
}

void TestPodTopologySpread::filterWithoutPreFilter()
{
    FakeHandle handle;
    handle.addNodes({NodeBuilder("n").label("zone", "z")});
    auto plugin = makePlugin(handle, kListDefaulting);
    scheduler::CycleState state;
    const scheduler::Status status = plugin->filter(state, pod().build(), *handle.mutableSnapshot().get("n"));
    QCOMPARE(status.code(), Code::Error);
    QCOMPARE(QString::fromStdString(status.message()),
             QString("reading \"PreFilterPodTopologySpread\" from cycleState: not found"));

    // Pods without DoNotSchedule constraints skip the filter.
    scheduler::PreFilterResult result;
    QCOMPARE(plugin->preFilter(state, pod().spreadConstraint(1, "zone", "ScheduleAnyway", fooSelector()).build(),
                               result)
                 .code(),
             Code::Skip);
}

void TestPodTopologySpread::addRemovePod()
{
    // Preemption's what-if: a matching pod joining zone2 makes zone1 the less loaded one.
    FakeHandle handle;
    handle.addNodes(fourNodes());
    handle.addPods(spread({{"node-a", 1}}));
    auto plugin = makePlugin(handle, kListDefaulting);
    QVERIFY(plugin->hasPreFilterExtensions());
    const core::Pod p = pod().label("foo", "").spreadConstraint(1, "zone", "DoNotSchedule", fooSelector()).build();
    scheduler::CycleState state;
    scheduler::PreFilterResult result;
    QVERIFY(plugin->preFilter(state, p, result).isSuccess());
    auto code = [&](const char* node) { return plugin->filter(state, p, *handle.mutableSnapshot().get(node)).code(); };
    QCOMPARE(code("node-a"), Code::Unschedulable);
    QCOMPARE(code("node-x"), Code::Success);

    const scheduler::PodPtr added = PodBuilder("added").node("node-y").label("foo", "").ptr();
    const scheduler::PodPtr other = PodBuilder("other").ns("elsewhere").node("node-y").label("foo", "").ptr();
    QVERIFY(plugin->addPod(state, p, other, *handle.mutableSnapshot().get("node-y")).isSuccess());
    QCOMPARE(code("node-a"), Code::Unschedulable); // another namespace does not count
    QVERIFY(plugin->addPod(state, p, added, *handle.mutableSnapshot().get("node-y")).isSuccess());
    QCOMPARE(code("node-a"), Code::Success);
    QCOMPARE(code("node-x"), Code::Success);
    QVERIFY(plugin->addPod(state, p, PodBuilder("added2").node("node-x").label("foo", "").ptr(),
                           *handle.mutableSnapshot().get("node-x"))
                .isSuccess());
    QCOMPARE(code("node-x"), Code::Unschedulable);
    QVERIFY(plugin->removePod(state, p, added, *handle.mutableSnapshot().get("node-y")).isSuccess());
    QCOMPARE(code("node-a"), Code::Success);
    QCOMPARE(code("node-x"), Code::Success);

    // The state is cloned for each what-if run.
    scheduler::CycleState copy = state.clone();
    QVERIFY(plugin->removePod(copy, p, PodBuilder("added2").node("node-x").label("foo", "").ptr(),
                              *handle.mutableSnapshot().get("node-x"))
                .isSuccess());
    QCOMPARE(plugin->filter(copy, p, *handle.mutableSnapshot().get("node-a")).code(), Code::Unschedulable);
    QCOMPARE(code("node-a"), Code::Success);
}

void TestPodTopologySpread::preScoreSkip_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Json>("args");
    QTest::addColumn<Nodes>("nodes");

    QTest::addRow("the pod doesn't have soft topology spread constraints")
        << pod() << kListDefaulting << Nodes{hostNode("node-a"), hostNode("node-b")};
    QTest::addRow("default constraints and a replicaset that doesn't match")
        << pod().label("foo", "bar").label("baz", "sup").owner("apps/v1", "ReplicaSet", "rs2")
        << Json{{"defaultingType", "List"},
                {"defaultConstraints",
                 Json::array({Json{{"maxSkew", 2}, {"topologyKey", "planet"}, {"whenUnsatisfiable", "ScheduleAnyway"}}})}}
        << Nodes{NodeBuilder("node-a").label("planet", "mars")};
    QTest::addRow("system defaults without a selecting object")
        << pod().label("foo", "") << kSystemDefaulting << Nodes{hostNode("node-a")};
}

void TestPodTopologySpread::preScoreSkip()
{
    QFETCH(PodBuilder, pod);
    QFETCH(Json, args);
    QFETCH(Nodes, nodes);

    FakeHandle handle;
    handle.addNodes(nodes);
    handle.mutableSnapshot().setSelector(scheduler::SelectorOwner::ReplicaSet, "default", "rs1",
                                         *core::LabelSelector::fromJson(SelectorBuilder().exists("tar").json()));
    auto plugin = makePlugin(handle, args);
    scheduler::CycleState state;
    const auto infos = handle.nodeInfos(testing::nodeNames(nodes));
    QCOMPARE(plugin->preScore(state, pod.build(), infos).code(), Code::Skip);
}

void TestPodTopologySpread::defaultSelector()
{
    FakeHandle handle;
    scheduler::Snapshot& snapshot = handle.mutableSnapshot();
    snapshot.setSelector(scheduler::SelectorOwner::ReplicaSet, "default", "rs1",
                         *core::LabelSelector::fromJson(fooSelector()));
    snapshot.setSelector(scheduler::SelectorOwner::Service, "default", "web",
                         core::LabelSelector::fromMap({{"baz", "sup"}}));
    snapshot.setSelector(scheduler::SelectorOwner::Service, "default", "other",
                         core::LabelSelector::fromMap({{"baz", "nope"}}));
    snapshot.setSelector(scheduler::SelectorOwner::Service, "other-ns", "web",
                         core::LabelSelector::fromMap({{"foo", "tar"}}));
    snapshot.setSelector(scheduler::SelectorOwner::ReplicationController, "default", "rc1",
                         core::LabelSelector::fromMap({{"foo", "tar"}}));
    snapshot.setSelector(scheduler::SelectorOwner::StatefulSet, "default", "ss1",
                         *core::LabelSelector::fromJson(SelectorBuilder().label("foo", "tar").json()));
    auto plugin = makePlugin(handle, kSystemDefaulting);
    QVERIFY(plugin->systemDefaulted());
    QCOMPARE(plugin->defaultConstraints().size(), std::size_t(2));

    auto selector = [&](const PodBuilder& p) { return QString::fromStdString(plugin->defaultSelector(p.build()).toString()); };
    const PodBuilder base = pod().label("foo", "tar").label("baz", "sup");
    QCOMPARE(selector(pod()), QString());
    QCOMPARE(selector(base), QString("baz=sup"));
    QCOMPARE(selector(PodBuilder(base).owner("apps/v1", "ReplicaSet", "rs1")), QString("baz=sup,foo"));
    QCOMPARE(selector(PodBuilder(base).owner("v1", "ReplicationController", "rc1")), QString("baz=sup,foo=tar"));
    QCOMPARE(selector(PodBuilder(base).owner("apps/v1", "StatefulSet", "ss1")), QString("baz=sup,foo=tar"));
    // Unknown kinds and missing owners add nothing.
    QCOMPARE(selector(PodBuilder(base).owner("batch/v1", "Job", "rs1")), QString("baz=sup"));
    QCOMPARE(selector(PodBuilder(base).owner("apps/v1", "ReplicaSet", "missing")), QString("baz=sup"));
}

void TestPodTopologySpread::score_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Pods>("pods");
    QTest::addColumn<Nodes>("nodes");
    QTest::addColumn<Nodes>("failedNodes");
    QTest::addColumn<Json>("args");
    QTest::addColumn<bool>("service");
    QTest::addColumn<Scores>("expected");

    auto hostFoo = [](std::int32_t skew = 1) {
        return pod().label("foo", "").spreadConstraint(skew, kHostname, "ScheduleAnyway", fooSelector());
    };
    auto zoneFoo = [] { return pod().label("foo", "").spreadConstraint(1, "zone", "ScheduleAnyway", fooSelector()); };
    auto zoneHost = [](const Json& zoneSelector, const Json& hostSelector) {
        return pod()
            .label("foo", "")
            .spreadConstraint(1, "zone", "ScheduleAnyway", zoneSelector)
            .spreadConstraint(1, kHostname, "ScheduleAnyway", hostSelector);
    };
    const Nodes hostsABCD{hostNode("node-a"), hostNode("node-b"), hostNode("node-c"), hostNode("node-d")};
    const Pods twoOneZeroThree = spread({{"node-a", 2}, {"node-b", 1}, {"node-d", 3}});
    const Pods fourThreeTwoOne = spread({{"node-a", 4}, {"node-b", 3}, {"node-c", 2}, {"node-d", 1}});
    const Pods fourTwoOneThree = spread({{"node-a", 4}, {"node-b", 2}, {"node-x", 1}, {"node-y", 3}});
    const Json system = kSystemDefaulting;

    QTest::addRow("one constraint on node, no existing pods")
        << hostFoo() << Pods{} << Nodes{hostNode("node-a"), hostNode("node-b")} << Nodes{} << system << false
        << Scores{100, 100};
    QTest::addRow("one constraint on node, only one node is candidate")
        << hostFoo() << spread({{"node-a", 2}, {"node-b", 1}}) << Nodes{hostNode("node-a")}
        << Nodes{hostNode("node-b")} << system << false << Scores{100};
    QTest::addRow("one constraint on node, all nodes have the same number of matching pods")
        << hostFoo() << spread({{"node-a", 1}, {"node-b", 1}}) << Nodes{hostNode("node-a"), hostNode("node-b")}
        << Nodes{} << system << false << Scores{100, 100};
    QTest::addRow("one constraint on node, all 4 nodes are candidates")
        << hostFoo() << twoOneZeroThree << hostsABCD << Nodes{} << system << false << Scores{20, 60, 100, 0};
    QTest::addRow("one constraint on node, null selector")
        << pod().label("foo", "").spreadConstraint(1, kHostname, "ScheduleAnyway", nullptr) << twoOneZeroThree
        << hostsABCD << Nodes{} << system << false << Scores{100, 100, 100, 100};
    QTest::addRow("one constraint on node, all 4 nodes are candidates, maxSkew=2")
        << hostFoo(2) << twoOneZeroThree << hostsABCD << Nodes{} << system << false << Scores{33, 66, 100, 16};
    QTest::addRow("one constraint on node, all 4 nodes are candidates, maxSkew=3")
        << hostFoo(3) << fourThreeTwoOne << hostsABCD << Nodes{} << system << false << Scores{44, 66, 77, 100};
    QTest::addRow("system defaulting, nodes don't have zone, pods match service")
        << pod().label("foo", "") << fourThreeTwoOne << hostsABCD << Nodes{} << system << true
        << Scores{44, 66, 77, 100};
    QTest::addRow("one constraint on node, 3 out of 4 nodes are candidates")
        << hostFoo() << fourTwoOneThree << Nodes{hostNode("node-a"), hostNode("node-b"), hostNode("node-x")}
        << Nodes{hostNode("node-y")} << system << false << Scores{33, 83, 100};
    QTest::addRow("one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key")
        << hostFoo() << fourTwoOneThree
        << Nodes{hostNode("node-a"), NodeBuilder("node-b").label("n", "node-b"), hostNode("node-x")}
        << Nodes{hostNode("node-y")} << system << false << Scores{16, 0, 100};
    QTest::addRow("one constraint on zone, 3 out of 4 nodes are candidates")
        << zoneFoo() << fourTwoOneThree
        << Nodes{zoneHostNode("node-a", "zone1"), zoneHostNode("node-b", "zone1"), zoneHostNode("node-x", "zone2")}
        << Nodes{zoneHostNode("node-y", "zone2")} << system << false << Scores{75, 75, 100};
    QTest::addRow("two constraints on zone and node, 2 out of 4 nodes are candidates")
        << zoneHost(fooSelector(), fooSelector()) << spread({{"node-a", 2}, {"node-b", 1}, {"node-x", 2}, {"node-y", 4}})
        << Nodes{zoneHostNode("node-a", "zone1"), zoneHostNode("node-x", "zone2")}
        << Nodes{zoneHostNode("node-b", "zone1"), zoneHostNode("node-y", "zone2")} << system << false
        << Scores{100, 63};
    const Nodes zonesABXY{zoneHostNode("node-a", "zone1"), zoneHostNode("node-b", "zone1"),
                          zoneHostNode("node-x", "zone2"), zoneHostNode("node-y", "zone2")};
    const Pods mixed{PodBuilder("p-a1").node("node-a").label("foo", ""),
                     PodBuilder("p-b1").node("node-b").label("foo", "").label("bar", ""),
                     PodBuilder("p-y1").node("node-y").label("foo", ""), PodBuilder("p-y2").node("node-y").label("bar", "")};
    QTest::addRow("two constraints on zone and node, with different labelSelectors")
        << zoneHost(fooSelector(), barSelector()).label("bar", "") << mixed << zonesABXY << Nodes{} << system << false
        << Scores{60, 20, 100, 60};
    QTest::addRow("two constraints on zone and node, with different labelSelectors, some nodes have 0 pods")
        << zoneHost(fooSelector(), barSelector()).label("bar", "")
        << Pods{PodBuilder("p-b1").node("node-b").label("bar", ""), PodBuilder("p-x1").node("node-x").label("foo", ""),
                PodBuilder("p-y1").node("node-y").label("foo", "").label("bar", "")}
        << zonesABXY << Nodes{} << system << false << Scores{100, 60, 40, 0};
    QTest::addRow("two constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates")
        << zoneHost(fooSelector(), barSelector()).label("bar", "") << mixed
        << Nodes{zoneHostNode("node-a", "zone1"), zoneHostNode("node-b", "zone1"), zoneHostNode("node-x", "zone2")}
        << Nodes{zoneHostNode("node-y", "zone2")} << system << false << Scores{50, 25, 100};
    QTest::addRow("existing pods in a different namespace do not count")
        << hostFoo()
        << Pods{PodBuilder("p-a1").ns("ns1").node("node-a").label("foo", ""),
                PodBuilder("p-a2").node("node-a").label("foo", ""), PodBuilder("p-b1").node("node-b").label("foo", ""),
                PodBuilder("p-b2").node("node-b").label("foo", "")}
        << Nodes{hostNode("node-a"), hostNode("node-b")} << Nodes{} << system << false << Scores{100, 33};
    QTest::addRow("terminating Pods should be excluded")
        << hostFoo()
        << Pods{PodBuilder("p-a").node("node-a").label("foo", "").terminating(),
                PodBuilder("p-b").node("node-b").label("foo", "")}
        << Nodes{hostNode("node-a"), hostNode("node-b")} << Nodes{} << system << false << Scores{100, 0};
    QTest::addRow("minDomains has no effect when ScheduleAnyway")
        << pod().label("foo", "").spreadConstraint(2, "node", "ScheduleAnyway", fooSelector(), Json{{"minDomains", 10}})
        << spread({{"node-a", 2}, {"node-b", 2}, {"node-c", 1}}) << byNodeLabel({"node-a", "node-b", "node-c"})
        << Nodes{} << system << false << Scores{75, 75, 100};
    const Nodes fooLabelled{NodeBuilder("node-a").label("node", "node-a").label("foo", ""),
                            NodeBuilder("node-b").label("node", "node-b").label("foo", ""),
                            NodeBuilder("node-c").label("node", "node-c")};
    const Pods twoOneOne = spread({{"node-a", 2}, {"node-b", 1}, {"node-c", 1}});
    const Json nodeAffinityFoo = testing::NodeSelectorTermBuilder().expression("foo", "In", {""}).json();
    QTest::addRow("NodeAffinityPolicy honored with labelSelectors")
        << pod().label("foo", "").nodeSelector("foo", "").spreadConstraint(1, "node", "ScheduleAnyway", fooSelector())
        << twoOneOne << fooLabelled << Nodes{} << system << false << Scores{0, 33, 100};
    QTest::addRow("NodeAffinityPolicy ignored with labelSelectors")
        << pod().label("foo", "").nodeSelector("foo", "").spreadConstraint(1, "node", "ScheduleAnyway", fooSelector(),
                                                                           Json{{"nodeAffinityPolicy", "Ignore"}})
        << twoOneOne << fooLabelled << Nodes{} << system << false << Scores{66, 100, 100};
    QTest::addRow("NodeAffinityPolicy honored with nodeAffinity")
        << pod().label("foo", "").requiredNodeTerm(nodeAffinityFoo).spreadConstraint(1, "node", "ScheduleAnyway",
                                                                                     fooSelector())
        << twoOneOne << fooLabelled << Nodes{} << system << false << Scores{0, 33, 100};
    QTest::addRow("NodeAffinityPolicy ignored with nodeAffinity")
        << pod().label("foo", "").requiredNodeTerm(nodeAffinityFoo).spreadConstraint(
               1, "node", "ScheduleAnyway", fooSelector(), Json{{"nodeAffinityPolicy", "Ignore"}})
        << twoOneOne << fooLabelled << Nodes{} << system << false << Scores{66, 100, 100};
    const Nodes tainted{NodeBuilder("node-a").label("node", "node-a"), NodeBuilder("node-b").label("node", "node-b"),
                        NodeBuilder("node-c").label("node", "node-c").taint("node.kubernetes.io/unschedulable", "",
                                                                            "NoSchedule")};
    QTest::addRow("NodeTaintsPolicy honored")
        << pod().label("foo", "").spreadConstraint(1, "node", "ScheduleAnyway", fooSelector(),
                                                   Json{{"nodeTaintsPolicy", "Honor"}})
        << twoOneOne << tainted << Nodes{} << system << false << Scores{0, 33, 100};
    QTest::addRow("NodeTaintsPolicy ignored")
        << pod().label("foo", "").spreadConstraint(1, "node", "ScheduleAnyway", fooSelector()) << twoOneOne << tainted
        << Nodes{} << system << false << Scores{66, 100, 100};
    const Nodes zonesABCD{zoneHostNode("node-a", "zone1"), zoneHostNode("node-b", "zone1"),
                          zoneHostNode("node-c", "zone2"), zoneHostNode("node-d", "zone2")};
    QTest::addRow("matchLabelKeys ANDed with LabelSelector when LabelSelector is empty")
        << pod()
               .label("foo", "")
               .label("bar", "")
               .spreadConstraint(1, "zone", "ScheduleAnyway", Json::object(), Json{{"matchLabelKeys", {"foo"}}})
               .spreadConstraint(1, kHostname, "ScheduleAnyway", Json::object(), Json{{"matchLabelKeys", {"bar"}}})
        << Pods{PodBuilder("p-a1").node("node-a").label("foo", ""),
                PodBuilder("p-b1").node("node-b").label("foo", "").label("bar", ""),
                PodBuilder("p-y1").node("node-c").label("foo", ""), PodBuilder("p-y2").node("node-c").label("bar", "")}
        << zonesABCD << Nodes{} << system << false << Scores{60, 20, 60, 100};
    QTest::addRow("matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty")
        << pod()
               .label("foo", "")
               .label("bar", "")
               .label("baz", "")
               .spreadConstraint(1, "zone", "ScheduleAnyway", fooSelector())
               .spreadConstraint(1, kHostname, "ScheduleAnyway", barSelector(), Json{{"matchLabelKeys", {"baz"}}})
        << Pods{PodBuilder("p-a1").node("node-a").label("foo", ""),
                PodBuilder("p-b1").node("node-b").label("foo", "").label("bar", "").label("baz", ""),
                PodBuilder("p-c1").node("node-c").label("foo", ""), PodBuilder("p-c2").node("node-c").label("bar", ""),
                PodBuilder("p-d3").node("node-c").label("bar", "").label("baz", "")}
        << zonesABCD << Nodes{} << system << false << Scores{60, 20, 60, 100};
    // Derived: under the system defaults a node without a zone is its own domain, not
    // ignored (TestPreScoreStateEmptyNodes' "system default constraints and a replicaset").
    QTest::addRow("derived: system defaults with a replicaset, nodes without zone count")
        << pod().label("foo", "tar").label("baz", "sup").owner("apps/v1", "ReplicaSet", "rs1") << Pods{}
        << Nodes{hostNode("node-a").label(kZone, "mars"), hostNode("node-b").label(kZone, "mars"), hostNode("node-c"),
                 hostNode("node-d")}
        << Nodes{} << system << false << Scores{33, 33, 100, 100};
    QTest::addRow("default constraints and a replicaset")
        << pod().label("foo", "tar").label("baz", "sup").owner("apps/v1", "ReplicaSet", "rs1") << Pods{}
        << Nodes{NodeBuilder("node-a").label("rack", "rack1").label(kHostname, "node-a").label("planet", "mars")}
        << Nodes{}
        << Json{{"defaultingType", "List"},
                {"defaultConstraints",
                 Json::array({Json{{"maxSkew", 1}, {"topologyKey", kHostname}, {"whenUnsatisfiable", "ScheduleAnyway"}},
                              Json{{"maxSkew", 2}, {"topologyKey", "rack"}, {"whenUnsatisfiable", "DoNotSchedule"}},
                              Json{{"maxSkew", 2}, {"topologyKey", "planet"}, {"whenUnsatisfiable", "ScheduleAnyway"}}})}}
        << false << Scores{100};
}

void TestPodTopologySpread::score()
{
    QFETCH(PodBuilder, pod);
    QFETCH(Pods, pods);
    QFETCH(Nodes, nodes);
    QFETCH(Nodes, failedNodes);
    QFETCH(Json, args);
    QFETCH(bool, service);
    QFETCH(Scores, expected);

    FakeHandle handle;
    handle.addNodes(nodes);
    handle.addNodes(failedNodes);
    handle.addPods(pods);
    handle.mutableSnapshot().setSelector(scheduler::SelectorOwner::ReplicaSet, "default", "rs1",
                                         *core::LabelSelector::fromJson(fooSelector()));
    if (service)
        handle.mutableSnapshot().setSelector(scheduler::SelectorOwner::Service, "default", "svc",
                                             core::LabelSelector::fromMap({{"foo", ""}}));
    auto plugin = makePlugin(handle, args);
    const core::Pod p = pod.build();
    const auto infos = handle.nodeInfos(testing::nodeNames(nodes));
    scheduler::CycleState state;
    const scheduler::Status pre = plugin->preScore(state, p, infos);
    QVERIFY2(pre.isSuccess(), pre.message().c_str());
    scheduler::Status status;
    const Scores got = testing::scoreNodes(*plugin, state, p, infos, status);
    QVERIFY2(status.isSuccess(), status.message().c_str());
    QCOMPARE(got, expected);
}

void TestPodTopologySpread::args_data()
{
    QTest::addColumn<Json>("args");
    QTest::addColumn<QString>("error");

    auto constraint = [](std::int64_t skew, const std::string& key, const std::string& when) {
        return Json{{"maxSkew", skew}, {"topologyKey", key}, {"whenUnsatisfiable", when}};
    };
    QTest::addRow("defaults") << Json::object() << QString();
    QTest::addRow("list defaulting") << Json{{"defaultingType", "List"},
                                             {"defaultConstraints", Json::array({constraint(1, "zone", "DoNotSchedule")})}}
                                     << QString();
    QTest::addRow("unsupported defaulting type")
        << Json{{"defaultingType", "Unknown"}}
        << "defaultingType: Unsupported value: \"Unknown\": supported values: \"System\", \"List\"";
    QTest::addRow("system defaulting with constraints")
        << Json{{"defaultingType", "System"}, {"defaultConstraints", Json::array({constraint(1, "zone", "DoNotSchedule")})}}
        << "defaultingType: Invalid value: \"System\": when .defaultConstraints are not empty";
    QTest::addRow("negative maxSkew")
        << Json{{"defaultingType", "List"}, {"defaultConstraints", Json::array({constraint(-1, "zone", "DoNotSchedule")})}}
        << "defaultConstraints[0].maxSkew: Invalid value: -1: not in valid range (0, inf)";
    QTest::addRow("empty topologyKey")
        << Json{{"defaultingType", "List"}, {"defaultConstraints", Json::array({constraint(1, "", "DoNotSchedule")})}}
        << "defaultConstraints[0].topologyKey: Required value: can not be empty";
    QTest::addRow("whenUnsatisfiable is empty")
        << Json{{"defaultingType", "List"}, {"defaultConstraints", Json::array({constraint(1, "zone", "")})}}
        << "defaultConstraints[0].whenUnsatisfiable: Required value: can not be empty";
    QTest::addRow("whenUnsatisfiable contains unsupported action")
        << Json{{"defaultingType", "List"}, {"defaultConstraints", Json::array({constraint(1, "zone", "Foo")})}}
        << "defaultConstraints[0].whenUnsatisfiable: Unsupported value: \"Foo\": supported values: \"DoNotSchedule\", "
           "\"ScheduleAnyway\"";
    QTest::addRow("duplicated constraints")
        << Json{{"defaultingType", "List"},
                {"defaultConstraints",
                 Json::array({constraint(1, "node", "DoNotSchedule"), constraint(2, "node", "DoNotSchedule")})}}
        << "defaultConstraints[1]: Duplicate value: \"{node, DoNotSchedule}\"";
    Json withSelector = constraint(1, "zone", "DoNotSchedule");
    withSelector["labelSelector"] = SelectorBuilder().label("foo", "bar").json();
    QTest::addRow("label selector present")
        << Json{{"defaultingType", "List"}, {"defaultConstraints", Json::array({withSelector})}}
        << "defaultConstraints[0].labelSelector: Forbidden: constraint must not define a selector, as they deduced "
           "for each pod";
    QTest::addRow("several errors")
        << Json{{"defaultingType", "List"}, {"defaultConstraints", Json::array({constraint(0, "", "")})}}
        << "[defaultConstraints[0].maxSkew: Invalid value: 0: not in valid range (0, inf), "
           "defaultConstraints[0].topologyKey: Required value: can not be empty, "
           "defaultConstraints[0].whenUnsatisfiable: Required value: can not be empty]";
}

void TestPodTopologySpread::args()
{
    QFETCH(Json, args);
    QFETCH(QString, error);

    FakeHandle handle;
    auto plugin = scheduler::PodTopologySpread::create(args, handle);
    if (error.isEmpty()) {
        QVERIFY2(plugin.has_value(), plugin ? "" : plugin.error().message.c_str());
    } else {
        QVERIFY(!plugin.has_value());
        QCOMPARE(QString::fromStdString(plugin.error().message), error);
    }
}

void TestPodTopologySpread::events()
{
    FakeHandle handle;
    auto plugin = makePlugin(handle, kSystemDefaulting);
    const auto events = plugin->eventsToRegister();
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(events[0].resource, scheduler::EventResource::Pod);
    QCOMPARE(events[1].resource, scheduler::EventResource::Node);
    QVERIFY(events[1].actionType & scheduler::action::UpdateNodeTaint);
}

void TestPodTopologySpread::sameResultsAcrossCycles()
{
    // The plugin keeps per-node results between cycles while a node is unchanged; a fresh
    // plugin computes everything. Both must agree on every node in every cycle.
    std::uint64_t seed = 42;
    auto next = [&seed] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return seed >> 33;
    };
    FakeHandle handle;
    for (int n = 0; n < 12; ++n)
        handle.addNodes({NodeBuilder("node-" + std::to_string(n))
                             .label(kHostname, "node-" + std::to_string(n))
                             .label("zone", "zone-" + std::to_string(n % 3))});
    auto kept = makePlugin(handle, kListDefaulting);
    std::vector<scheduler::PodPtr> bound;
    for (int i = 0; i < 80; ++i) {
        const std::string app = "app-" + std::to_string(next() % 3);
        PodBuilder p = PodBuilder("pod-" + std::to_string(i)).label("app", app);
        if (next() % 4 == 0)
            p.ns("other");
        if (next() % 5 == 0)
            p.terminating();
        p.spreadConstraint(1 + static_cast<std::int32_t>(next() % 2), "zone", "DoNotSchedule",
                           SelectorBuilder().label("app", app).json());
        p.spreadConstraint(1, kHostname, "ScheduleAnyway", SelectorBuilder().label("app", app).json());
        const core::Pod pod = p.build();
        auto fresh = makePlugin(handle, kListDefaulting);
        const auto& list = handle.snapshot().list();
        std::vector<scheduler::NodeInfo*> all(list.begin(), list.end());
        scheduler::CycleState keptState;
        scheduler::CycleState freshState;
        scheduler::PreFilterResult r1;
        scheduler::PreFilterResult r2;
        const scheduler::Status k = kept->preFilter(keptState, pod, r1);
        QCOMPARE(fresh->preFilter(freshState, pod, r2).code(), k.code());
        std::vector<scheduler::NodeInfo*> feasible;
        for (scheduler::NodeInfo* node : all) {
            const Code code = k.isSkip() ? Code::Success : kept->filter(keptState, pod, *node).code();
            if (!k.isSkip())
                QCOMPARE(fresh->filter(freshState, pod, *node).code(), code);
            if (code == Code::Success)
                feasible.push_back(node);
        }
        const scheduler::Status ks = kept->preScore(keptState, pod, feasible);
        QCOMPARE(fresh->preScore(freshState, pod, feasible).code(), ks.code());
        if (ks.isSuccess() && !feasible.empty()) {
            scheduler::Status s1;
            scheduler::Status s2;
            QCOMPARE(testing::scoreNodes(*kept, keptState, pod, feasible, s1),
                     testing::scoreNodes(*fresh, freshState, pod, feasible, s2));
        }
        // Bind to a feasible node (any node when none fits), sometimes delete an old pod.
        scheduler::NodeInfo* target = feasible.empty() ? all[next() % all.size()] : feasible[next() % feasible.size()];
        core::Pod placed = pod;
        placed.nodeName = target->name();
        bound.push_back(std::make_shared<const core::Pod>(std::move(placed)));
        handle.mutableSnapshot().setPod(bound.back());
        if (next() % 4 == 0) {
            const std::size_t victim = next() % bound.size();
            handle.mutableSnapshot().removePod(*bound[victim]);
            bound.erase(bound.begin() + static_cast<std::ptrdiff_t>(victim));
        }
    }
}

QTEST_APPLESS_MAIN(TestPodTopologySpread)

#include "tst_podtopologyspread.moc"

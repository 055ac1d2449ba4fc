// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's plugins/interpodaffinity tests: filtering_test.go
// (TestRequiredAffinitySingleNode, TestRequiredAffinityMultipleNodes, TestPreFilterDisabled,
// TestPreFilterStateAddRemovePod) and scoring_test.go (TestPreferredAffinity,
// TestPreferredAffinityWithHardPodAffinitySymmetricWeight). Upstream's pods without a
// namespace live in "" there and in "default" here. Cases with invalid label values are
// left out: the typed pod decoder refuses such pods before the scheduler sees them.
#include <QTest>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/scheduler/plugins/interpodaffinity.h"
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
using Statuses = std::vector<std::pair<Code, QString>>;

Q_DECLARE_METATYPE(PodBuilder)
Q_DECLARE_METATYPE(Nodes)
Q_DECLARE_METATYPE(Pods)
Q_DECLARE_METATYPE(Scores)
Q_DECLARE_METATYPE(Statuses)
Q_DECLARE_METATYPE(Code)
Q_DECLARE_METATYPE(Json)

namespace {

const std::string kHostname = "kubernetes.io/hostname";
const QString kAffinity = "node(s) didn't match pod affinity rules";
const QString kAntiAffinity = "node(s) didn't match pod anti-affinity rules";
const QString kExisting = "node(s) didn't satisfy existing pods anti-affinity rules";

std::unique_ptr<scheduler::InterPodAffinity> makePlugin(FakeHandle& handle, const Json& args = Json::object())
{
    auto plugin = scheduler::InterPodAffinity::create(args, handle);
    if (!plugin)
        qFatal("create: %s", plugin.error().message.c_str());
    return std::unique_ptr<scheduler::InterPodAffinity>(
        dynamic_cast<scheduler::InterPodAffinity*>(plugin->release()));
}

/// The namespaces of upstream's scoring tests.
void addNamespaces(FakeHandle& handle)
{
    handle.mutableSnapshot().setNamespace("subteam1.team1", {{"team", "team1"}});
    handle.mutableSnapshot().setNamespace("subteam2.team1", {{"team", "team1"}});
    handle.mutableSnapshot().setNamespace("subteam1.team2", {{"team", "team2"}});
    handle.mutableSnapshot().setNamespace("subteam2.team2", {{"team", "team2"}});
}

Json term(const std::string& topologyKey, const SelectorBuilder& selector, const std::vector<std::string>& ns = {},
          const Json& nsSelector = nullptr)
{
    return testing::podAffinityTerm(topologyKey, selector.json(), ns, nsSelector);
}

/// Upstream's st.PodAffinityIn / Exists / NotIn with a required term.
Json in(const std::string& key, const std::string& topologyKey, const std::vector<std::string>& values)
{
    return term(topologyKey, SelectorBuilder().in(key, values));
}
Json notIn(const std::string& key, const std::string& topologyKey, const std::vector<std::string>& values)
{
    return term(topologyKey, SelectorBuilder().notIn(key, values));
}
Json exists(const std::string& key, const std::string& topologyKey)
{
    return term(topologyKey, SelectorBuilder().exists(key));
}

const Json kTeam1 = SelectorBuilder().in("team", {"team1"}).json();

NodeBuilder node(const std::string& name, const std::vector<std::pair<std::string, std::string>>& labels)
{
    NodeBuilder n(name);
    for (const auto& [k, v] : labels)
        n.label(k, v);
    return n;
}

// The affinities of upstream's TestPreferredAffinity.
PodBuilder stayWithS1InRegion(PodBuilder p)
{
    return p.preferredPodAffinity(5, in("security", "region", {"S1"}));
}
PodBuilder stayWithS2InRegion(PodBuilder p)
{
    return p.preferredPodAffinity(6, in("security", "region", {"S2"}));
}
PodBuilder affinity3(PodBuilder p)
{
    return p
        .preferredPodAffinity(8, term("region", SelectorBuilder().notIn("security", {"S1"}).in("security", {"S2"})))
        .preferredPodAffinity(2, term("region", SelectorBuilder().exists("security").notExist("wrongkey")));
}
PodBuilder hardAffinity(PodBuilder p)
{
    return p.podAffinity(in("security", "region", {"S1", "value2"}))
        .podAffinity(term("region", SelectorBuilder().exists("security").notExist("wrongkey")));
}
PodBuilder awayFromS1InAz(PodBuilder p)
{
    return p.preferredPodAntiAffinity(5, in("security", "az", {"S1"}));
}
PodBuilder awayFromS2InAz(PodBuilder p)
{
    return p.preferredPodAntiAffinity(5, in("security", "az", {"S2"}));
}
PodBuilder stayWithS1InRegionAwayFromS2InAz(PodBuilder p)
{
    return p.preferredPodAffinity(8, in("security", "region", {"S1"}))
        .preferredPodAntiAffinity(5, in("security", "az", {"S2"}));
}
PodBuilder affinityNamespaceSelector(PodBuilder p)
{
    return p.preferredPodAffinity(5, term("region", SelectorBuilder().in("security", {"S1"}), {"subteam2.team2"}, kTeam1));
}
PodBuilder antiAffinityNamespaceSelector(PodBuilder p)
{
    return p.preferredPodAntiAffinity(
        5, term("region", SelectorBuilder().in("security", {"S1"}), {"subteam2.team2"}, kTeam1));
}

PodBuilder s1(const std::string& nodeName = {})
{
    PodBuilder p;
    p.label("security", "S1");
    if (!nodeName.empty())
        p.node(nodeName);
    return p;
}
PodBuilder s2(const std::string& nodeName = {})
{
    PodBuilder p;
    p.label("security", "S2");
    if (!nodeName.empty())
        p.node(nodeName);
    return p;
}
PodBuilder on(const std::string& nodeName)
{
    return PodBuilder().node(nodeName);
}

NodeBuilder china(const std::string& n)
{
    return node(n, {{"region", "China"}});
}
NodeBuilder india(const std::string& n)
{
    return node(n, {{"region", "India"}});
}
NodeBuilder az1(const std::string& n)
{
    return node(n, {{"az", "az1"}});
}
NodeBuilder az2(const std::string& n)
{
    return node(n, {{"az", "az2"}});
}
NodeBuilder chinaAz1(const std::string& n)
{
    return node(n, {{"region", "China"}, {"az", "az1"}});
}

} // namespace

class TestInterPodAffinity : public QObject {
    Q_OBJECT

private slots:
    void filterSingleNode_data();
    void filterSingleNode();
    void filterMultipleNodes_data();
    void filterMultipleNodes();
    void preFilterDisabled();
    void addRemovePod();
    void preferredAffinity_data();
    void preferredAffinity();
    void hardPodAffinityWeight_data();
    void hardPodAffinityWeight();
    void args_data();
    void args();
    void sameResultsAcrossCycles();
};

void TestInterPodAffinity::filterSingleNode_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Pods>("pods");
    QTest::addColumn<Code>("preFilterCode");
    QTest::addColumn<Code>("code");
    QTest::addColumn<QString>("reason");

    const Code ok = Code::Success;
    const Code unresolvable = Code::UnschedulableAndUnresolvable;
    const Code unschedulable = Code::Unschedulable;
    auto securityScan = [] { return PodBuilder().label("service", "securityscan").node("node1"); };
    auto podLabel = [] { return PodBuilder("incoming").label("service", "securityscan"); };
    auto podLabel2 = [] { return PodBuilder("incoming").label("security", "S1"); };

    QTest::addRow("no required affinity and no existing pods")
        << PodBuilder("incoming") << Pods{} << Code::Skip << ok << "";
    QTest::addRow("In operator matches the existing pod")
        << podLabel2().podAffinity(in("service", "region", {"securityscan", "value2"})) << Pods{securityScan()} << ok
        << ok << "";
    QTest::addRow("NotIn operator matches the existing pod")
        << podLabel2().podAffinity(notIn("service", "region", {"securityscan3", "value3"})) << Pods{securityScan()}
        << ok << ok << "";
    QTest::addRow("diff namespace")
        << podLabel2().podAffinity(
               term("", SelectorBuilder().in("service", {"securityscan", "value2"}), {"DiffNameSpace"}))
        << Pods{PodBuilder().ns("ns").label("service", "securityscan").node("node1")} << ok << unresolvable
        << kAffinity;
    QTest::addRow("unmatching labelSelector")
        << podLabel().podAffinity(in("service", "", {"antivirusscan", "value2"})) << Pods{securityScan()} << ok
        << unresolvable << kAffinity;
    QTest::addRow("different operators in multiple terms")
        << podLabel2()
               .podAffinity(term("region", SelectorBuilder().exists("service").notExist("wrongkey")))
               .podAffinity(term("region", SelectorBuilder().in("service", {"securityscan"}).notIn("service", {"WrongValue"})))
        << Pods{securityScan()} << ok << ok << "";
    QTest::addRow("matchExpressions ANDed")
        << podLabel2()
               .podAffinity(term("region", SelectorBuilder().exists("service").notExist("wrongkey")))
               .podAffinity(
                   term("region", SelectorBuilder().in("service", {"securityscan2"}).notIn("service", {"WrongValue"})))
        << Pods{securityScan()} << ok << unresolvable << kAffinity;
    QTest::addRow("affinity and anti-affinity satisfied")
        << podLabel2()
               .podAffinity(in("service", "region", {"securityscan", "value2"}))
               .podAntiAffinity(in("service", "node", {"antivirusscan", "value2"}))
        << Pods{securityScan()} << ok << ok << "";
    QTest::addRow("affinity, anti-affinity and symmetry satisfied")
        << podLabel2()
               .podAffinity(in("service", "region", {"securityscan", "value2"}))
               .podAntiAffinity(in("service", "node", {"antivirusscan", "value2"}))
        << Pods{securityScan().podAntiAffinity(in("service", "node", {"antivirusscan", "value2"}))} << ok << ok << "";
    QTest::addRow("affinity satisfied, anti-affinity not")
        << podLabel2()
               .podAffinity(in("service", "region", {"securityscan", "value2"}))
               .podAntiAffinity(in("service", "zone", {"securityscan", "value2"}))
        << Pods{securityScan()} << ok << unschedulable << kAntiAffinity;
    QTest::addRow("anti-affinity symmetry not satisfied")
        << podLabel()
               .podAffinity(in("service", "region", {"securityscan", "value2"}))
               .podAntiAffinity(in("service", "node", {"antivirusscan", "value2"}))
        << Pods{securityScan().podAntiAffinity(in("service", "zone", {"securityscan", "value2"}))} << ok
        << unschedulable << kExisting;
    QTest::addRow("pod matches its own label but an existing pod matches elsewhere")
        << podLabel().podAffinity(notIn("service", "region", {"securityscan", "value2"}))
        << Pods{PodBuilder().label("service", "securityscan").node("node2")} << ok << unresolvable << kAffinity;
    QTest::addRow("existing anti-affinity respected without own constraints, violated")
        << podLabel() << Pods{securityScan().podAntiAffinity(in("service", "zone", {"securityscan", "value2"}))} << ok
        << unschedulable << kExisting;
    QTest::addRow("existing anti-affinity respected without own constraints, satisfied")
        << podLabel() << Pods{securityScan().podAntiAffinity(notIn("service", "zone", {"securityscan", "value2"}))}
        << Code::Skip << ok << "";
    QTest::addRow("anti-affinity with existing pod but not symmetric with incoming")
        << podLabel().podAntiAffinity(exists("service", "region")).podAntiAffinity(exists("security", "region"))
        << Pods{PodBuilder().label("security", "S1").node("node1").podAntiAffinity(exists("security", "zone"))} << ok
        << unschedulable << kAntiAffinity;
    QTest::addRow("symmetry a1: partial match on terms")
        << podLabel().podAntiAffinity(exists("service", "zone")).podAntiAffinity(exists("security", "zone"))
        << Pods{PodBuilder().label("security", "S1").node("node1").podAntiAffinity(exists("security", "zone"))} << ok
        << unschedulable << kAntiAffinity;
    QTest::addRow("symmetry a2: partial match on terms")
        << podLabel2().podAntiAffinity(exists("security", "zone"))
        << Pods{securityScan().podAntiAffinity(exists("service", "zone")).podAntiAffinity(exists("security", "zone"))}
        << ok << unschedulable << kExisting;
    QTest::addRow("symmetry b1: partial match on terms")
        << PodBuilder("incoming")
               .label("abc", "")
               .label("xyz", "")
               .podAntiAffinity(exists("abc", "zone"))
               .podAntiAffinity(exists("def", "zone"))
        << Pods{PodBuilder()
                    .label("def", "")
                    .label("xyz", "")
                    .node("node1")
                    .podAntiAffinity(exists("abc", "zone"))
                    .podAntiAffinity(exists("def", "zone"))}
        << ok << unschedulable << kAntiAffinity;
    QTest::addRow("symmetry b2: partial match on terms")
        << PodBuilder("incoming")
               .label("def", "")
               .label("xyz", "")
               .podAntiAffinity(exists("abc", "zone"))
               .podAntiAffinity(exists("def", "zone"))
        << Pods{PodBuilder()
                    .label("abc", "")
                    .label("xyz", "")
                    .node("node1")
                    .podAntiAffinity(exists("abc", "zone"))
                    .podAntiAffinity(exists("def", "zone"))}
        << ok << unschedulable << kAntiAffinity;
    QTest::addRow("affinity with NamespaceSelector")
        << podLabel2().podAffinity(
               term("region", SelectorBuilder().in("service", {"securityscan", "value2"}), {}, kTeam1))
        << Pods{PodBuilder().ns("subteam1.team1").label("service", "securityscan").node("node1")} << ok << ok << "";
    QTest::addRow("affinity with non-matching NamespaceSelector")
        << podLabel2().podAffinity(
               term("region", SelectorBuilder().in("service", {"securityscan", "value2"}), {}, kTeam1))
        << Pods{PodBuilder().ns("subteam1.team2").label("service", "securityscan").node("node1")} << ok
        << unresolvable << kAffinity;
    QTest::addRow("anti-affinity with matching NamespaceSelector")
        << podLabel2().ns("subteam1.team1").podAntiAffinity(
               term("zone", SelectorBuilder().in("service", {"securityscan", "value2"}), {}, kTeam1))
        << Pods{PodBuilder().ns("subteam2.team1").label("service", "securityscan").node("node1")} << ok
        << unschedulable << kAntiAffinity;
    QTest::addRow("anti-affinity with matching all NamespaceSelector")
        << podLabel2().ns("subteam1.team1").podAntiAffinity(
               term("zone", SelectorBuilder().in("service", {"securityscan", "value2"}), {}, Json::object()))
        << Pods{PodBuilder().ns("subteam2.team1").label("service", "securityscan").node("node1")} << ok
        << unschedulable << kAntiAffinity;
    QTest::addRow("anti-affinity with non-matching NamespaceSelector")
        << podLabel2().ns("subteam1.team1").podAntiAffinity(
               term("zone", SelectorBuilder().in("service", {"securityscan", "value2"}), {}, kTeam1))
        << Pods{PodBuilder().ns("subteam1.team2").label("service", "securityscan").node("node1")} << ok << ok << "";
}

void TestInterPodAffinity::filterSingleNode()
{
    QFETCH(PodBuilder, pod);
    QFETCH(Pods, pods);
    QFETCH(Code, preFilterCode);
    QFETCH(Code, code);
    QFETCH(QString, reason);

    FakeHandle handle;
    addNamespaces(handle);
    handle.addNodes({node("node1", {{"region", "r1"}, {"zone", "z11"}})});
    handle.addPods(pods);
    auto plugin = makePlugin(handle);
    const core::Pod p = pod.build();
    scheduler::CycleState state;
    scheduler::PreFilterResult result;
    const scheduler::Status pre = plugin->preFilter(state, p, result);
    QCOMPARE(pre.code(), preFilterCode);
    QVERIFY(result.allNodes());
    if (!pre.isSuccess())
        return;
    const scheduler::Status status = plugin->filter(state, p, *handle.mutableSnapshot().get("node1"));
    QCOMPARE(status.code(), code);
    QCOMPARE(QString::fromStdString(status.message()), reason);
}

void TestInterPodAffinity::filterMultipleNodes_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Pods>("pods");
    QTest::addColumn<Nodes>("nodes");
    QTest::addColumn<Code>("preFilterCode");
    QTest::addColumn<Statuses>("statuses");

    const std::pair<Code, QString> ok{Code::Success, ""};
    const std::pair<Code, QString> affinity{Code::UnschedulableAndUnresolvable, kAffinity};
    const std::pair<Code, QString> anti{Code::Unschedulable, kAntiAffinity};
    const std::pair<Code, QString> existing{Code::Unschedulable, kExisting};
    auto hosts = [](const std::string& region, const std::string& zone, const std::string& name) {
        return node(name, {{"region", region}, {"zone", zone}, {"hostname", name}});
    };

    QTest::addRow("nodes sharing the topology value of a matching pod")
        << PodBuilder("incoming").podAffinity(in("foo", "region", {"bar"}))
        << Pods{PodBuilder("p1").node("node1").label("foo", "bar")}
        << Nodes{china("node1"), chinaAz1("node2"), india("node3")} << Code::Success
        << Statuses{ok, ok, affinity};
    QTest::addRow("first pod of a collection is not blocked")
        << PodBuilder("incoming")
               .label("foo", "bar")
               .label("service", "securityscan")
               .podAffinity(in("foo", "zone", {"bar"}))
               .podAffinity(in("service", "zone", {"securityscan"}))
        << Pods{PodBuilder("p1").node("nodeA").label("foo", "bar")}
        << Nodes{node("nodeA", {{"zone", "az1"}, {"hostname", "h1"}}), node("nodeB", {{"zone", "az2"}, {"hostname", "h2"}})}
        << Code::Success << Statuses{ok, ok};
    QTest::addRow("first pod of a collection needs the topology keys")
        << PodBuilder("incoming")
               .label("foo", "bar")
               .label("service", "securityscan")
               .podAffinity(in("foo", "zone", {"bar"}))
               .podAffinity(in("service", "zone", {"securityscan"}))
        << Pods{PodBuilder("p1").node("nodeA").label("foo", "bar")}
        << Nodes{node("nodeA", {{"zoneLabel", "az1"}, {"hostname", "h1"}}),
                 node("nodeB", {{"zoneLabel", "az2"}, {"hostname", "h2"}})}
        << Code::Success << Statuses{affinity, affinity};
    QTest::addRow("anti-affinity blocks the whole region")
        << PodBuilder("incoming").podAntiAffinity(in("foo", "region", {"abc"}))
        << Pods{PodBuilder().node("nodeA").label("foo", "abc")}
        << Nodes{node("nodeA", {{"region", "r1"}, {"hostname", "nodeA"}}),
                 node("nodeB", {{"region", "r1"}, {"hostname", "nodeB"}})}
        << Code::Success << Statuses{anti, anti};
    QTest::addRow("anti-affinity matches when any term matches")
        << PodBuilder("incoming")
               .podAntiAffinity(in("foo", "region", {"abc"}))
               .podAntiAffinity(in("service", "zone", {"securityscan"}))
        << Pods{PodBuilder().node("nodeA").label("foo", "abc").label("service", "securityscan")}
        << Nodes{hosts("r1", "z1", "nodeA"), hosts("r1", "z2", "nodeB")} << Code::Success << Statuses{anti, anti};
    QTest::addRow("anti-affinity leaves another region")
        << PodBuilder("incoming").podAntiAffinity(in("foo", "region", {"abc"}))
        << Pods{PodBuilder().node("nodeA").label("foo", "abc")}
        << Nodes{china("nodeA"), chinaAz1("nodeB"), india("nodeC")} << Code::Success << Statuses{anti, anti, ok};
    QTest::addRow("matching pod in another namespace does not count")
        << PodBuilder("incoming").ns("NS1").label("foo", "123").podAntiAffinity(in("foo", "region", {"bar"}))
        << Pods{PodBuilder().node("nodeA").ns("NS1").label("foo", "bar"),
                PodBuilder().node("nodeC").ns("NS2").podAntiAffinity(in("foo", "region", {"123"}))}
        << Nodes{china("nodeA"), chinaAz1("nodeB"), india("nodeC")} << Code::Success << Statuses{anti, anti, ok};
    QTest::addRow("existing anti-affinity with a key no node has")
        << PodBuilder("incoming").label("foo", "")
        << Pods{PodBuilder().node("nodeA").podAntiAffinity(exists("foo", "invalid-node-label"))}
        << Nodes{hosts("r1", "z1", "nodeA"), hosts("r1", "z1", "nodeB")} << Code::Skip << Statuses{ok, ok};
    QTest::addRow("incoming anti-affinity with a key no node has")
        << PodBuilder("incoming").podAntiAffinity(exists("foo", "invalid-node-label"))
        << Pods{PodBuilder().node("nodeA").label("foo", "")}
        << Nodes{hosts("r1", "z1", "nodeA"), hosts("r1", "z1", "nodeB")} << Code::Success << Statuses{ok, ok};
    QTest::addRow("incoming pod violates each existing pod's terms")
        << PodBuilder("incoming").label("foo", "").label("bar", "")
        << Pods{PodBuilder().node("nodeA").podAntiAffinity(exists("foo", "zone")),
                PodBuilder().node("nodeA").podAntiAffinity(exists("bar", "region"))}
        << Nodes{hosts("r1", "z1", "nodeA"), hosts("r1", "z2", "nodeB")} << Code::Success
        << Statuses{existing, existing};
    QTest::addRow("incoming pod violates one of its own anti-affinity terms")
        << PodBuilder("incoming").podAntiAffinity(exists("foo", "zone")).podAntiAffinity(exists("bar", "region"))
        << Pods{PodBuilder().node("nodeA").label("foo", ""), PodBuilder().node("nodeB").label("bar", "")}
        << Nodes{hosts("r1", "z1", "nodeA"), hosts("r1", "z2", "nodeB")} << Code::Success << Statuses{anti, anti};
    QTest::addRow("existing terms need selector and key, one key invalid")
        << PodBuilder("incoming").label("foo", "").label("bar", "")
        << Pods{PodBuilder()
                    .node("nodeA")
                    .podAntiAffinity(exists("foo", "invalid-node-label"))
                    .podAntiAffinity(exists("bar", "zone"))}
        << Nodes{hosts("r1", "z1", "nodeA"), hosts("r1", "z2", "nodeB")} << Code::Success << Statuses{existing, ok};
    QTest::addRow("incoming terms need selector and key, one key invalid")
        << PodBuilder("incoming")
               .podAntiAffinity(exists("foo", "invalid-node-label"))
               .podAntiAffinity(exists("bar", "zone"))
        << Pods{PodBuilder("podA").node("nodeA").label("foo", "").label("bar", "")}
        << Nodes{hosts("r1", "z1", "nodeA"), hosts("r1", "z2", "nodeB")} << Code::Success << Statuses{anti, ok};
    QTest::addRow("existing terms need selector and key, all keys valid")
        << PodBuilder("incoming").label("foo", "").label("bar", "")
        << Pods{PodBuilder().node("nodeA").podAntiAffinity(exists("foo", "region")).podAntiAffinity(exists("bar", "zone"))}
        << Nodes{hosts("r1", "z1", "nodeA"), hosts("r1", "z2", "nodeB")} << Code::Success
        << Statuses{existing, existing};
    QTest::addRow("incoming terms need selector and key, all keys valid")
        << PodBuilder("incoming").podAntiAffinity(exists("foo", "region")).podAntiAffinity(exists("bar", "zone"))
        << Pods{PodBuilder().node("nodeA").label("foo", "").label("bar", "")}
        << Nodes{hosts("r1", "z1", "nodeA"), hosts("r1", "z2", "nodeB")} << Code::Success << Statuses{anti, anti};
    QTest::addRow("existing pods on two nodes each match a term")
        << PodBuilder("incoming").label("foo", "").label("bar", "")
        << Pods{PodBuilder().node("nodeA").podAntiAffinity(exists("foo", "zone")).podAntiAffinity(exists("labelA", "zone")),
                PodBuilder().node("nodeB").podAntiAffinity(exists("bar", "zone")).podAntiAffinity(exists("labelB", "zone"))}
        << Nodes{hosts("r1", "z1", "nodeA"), hosts("r1", "z2", "nodeB"), hosts("r1", "z3", "nodeC")}
        << Code::Success << Statuses{existing, existing, ok};
    QTest::addRow("all affinity terms on one pod, then keys")
        << PodBuilder("incoming").podAffinity(exists("foo", "region")).podAffinity(exists("bar", "zone"))
        << Pods{PodBuilder("pod1").label("foo", "").label("bar", "").node("nodeA")}
        << Nodes{hosts("r1", "z1", "nodeA"), hosts("r1", "z1", "nodeB")} << Code::Success << Statuses{ok, ok};
    QTest::addRow("affinity terms must match the same pod")
        << PodBuilder("incoming").podAffinity(exists("foo", "region")).podAffinity(exists("bar", "zone"))
        << Pods{PodBuilder("pod1").node("nodeA").label("foo", ""), PodBuilder("pod2").node("nodeB").label("bar", "")}
        << Nodes{hosts("r1", "z1", "nodeA"), hosts("r1", "z2", "nodeB")} << Code::Success
        << Statuses{affinity, affinity};
}

void TestInterPodAffinity::filterMultipleNodes()
{
    QFETCH(PodBuilder, pod);
    QFETCH(Pods, pods);
    QFETCH(Nodes, nodes);
    QFETCH(Code, preFilterCode);
    QFETCH(Statuses, statuses);

    FakeHandle handle;
    handle.mutableSnapshot().setNamespace("NS1", {});
    handle.addNodes(nodes);
    handle.addPods(pods);
    auto plugin = makePlugin(handle);
    const core::Pod p = pod.build();
    scheduler::CycleState state;
    scheduler::PreFilterResult result;
    const scheduler::Status pre = plugin->preFilter(state, p, result);
    QCOMPARE(pre.code(), preFilterCode);
    if (pre.isSkip())
        return;
    const auto names = testing::nodeNames(nodes);
    for (std::size_t i = 0; i < names.size(); ++i) {
        const scheduler::Status status = plugin->filter(state, p, *handle.mutableSnapshot().get(names[i]));
        QCOMPARE(status.code(), statuses[i].first);
        QCOMPARE(QString::fromStdString(status.message()), statuses[i].second);
    }
}

void TestInterPodAffinity::preFilterDisabled()
{
    FakeHandle handle;
    auto plugin = makePlugin(handle);
    const scheduler::NodeInfo info(NodeBuilder("n").ptr());
    scheduler::CycleState state;
    const scheduler::Status status = plugin->filter(state, PodBuilder("p").build(), info);
    QCOMPARE(status.code(), Code::Error);
    QCOMPARE(QString::fromStdString(status.message()),
             QString("error reading \"PreFilterInterPodAffinity\" from cycleState: not found"));
}

void TestInterPodAffinity::addRemovePod()
{
    // Upstream TestPreFilterStateAddRemovePod's first case, observed through Filter: the
    // pending pod's anti-affinity blocks region r1 once a matching pod joins nodeB.
    FakeHandle handle;
    handle.addNodes({node("nodeA", {{"region", "r1"}, {"zone", "z11"}}), node("nodeB", {{"region", "r1"}, {"zone", "z12"}}),
                     node("nodeC", {{"region", "r2"}, {"zone", "z21"}})});
    const Json antiAffinityFooBar = in("foo", "region", {"bar"});
    handle.addPods({PodBuilder("p2").node("nodeC").podAntiAffinity(antiAffinityFooBar)});
    auto plugin = makePlugin(handle);
    QVERIFY(plugin->hasPreFilterExtensions());
    const core::Pod pending = PodBuilder("pending").label("foo", "bar").podAntiAffinity(antiAffinityFooBar).build();
    scheduler::CycleState state;
    scheduler::PreFilterResult result;
    QVERIFY(plugin->preFilter(state, pending, result).isSuccess());
    auto filter = [&](const char* node) {
        return plugin->filter(state, pending, *handle.mutableSnapshot().get(node)).code();
    };
    // p2's anti-affinity forbids region r2 to the pending pod.
    QCOMPARE(filter("nodeA"), Code::Success);
    QCOMPARE(filter("nodeC"), Code::Unschedulable);

    const scheduler::PodPtr added =
        PodBuilder("addedPod").label("foo", "bar").node("nodeB").podAntiAffinity(antiAffinityFooBar).ptr();
    QVERIFY(plugin->addPod(state, pending, added, *handle.mutableSnapshot().get("nodeB")).isSuccess());
    QCOMPARE(filter("nodeA"), Code::Unschedulable);
    QCOMPARE(filter("nodeB"), Code::Unschedulable);

    QVERIFY(plugin->removePod(state, pending, added, *handle.mutableSnapshot().get("nodeB")).isSuccess());
    QCOMPARE(filter("nodeA"), Code::Success);
    QCOMPARE(filter("nodeB"), Code::Success);
    QCOMPARE(filter("nodeC"), Code::Unschedulable);
}

void TestInterPodAffinity::preferredAffinity_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Pods>("pods");
    QTest::addColumn<Nodes>("nodes");
    QTest::addColumn<bool>("ignorePreferredTermsOfExistingPods");
    QTest::addColumn<Code>("preScoreCode");
    QTest::addColumn<Scores>("expected");

    const Code ok = Code::Success;
    const Nodes chinaIndiaAz1{china("node1"), india("node2"), az1("node3")};

    QTest::addRow("all nodes same priority without affinity")
        << s1().name("incoming") << Pods{} << chinaIndiaAz1 << false << Code::Skip << Scores{};
    QTest::addRow("affinity: topology key and pods match")
        << stayWithS1InRegion(s1().name("incoming")) << Pods{s1("node1"), s2("node2"), s1("node3")} << chinaIndiaAz1
        << false << ok << Scores{100, 0, 0};
    QTest::addRow("affinity: nodes of the same topology value score the same")
        << stayWithS1InRegion(PodBuilder("incoming")) << Pods{s1("node1")}
        << Nodes{china("node1"), chinaAz1("node2"), india("node3")} << false << ok << Scores{100, 100, 0};
    QTest::addRow("affinity: the region with more matches scores higher")
        << stayWithS2InRegion(s1().name("incoming"))
        << Pods{s2("node1"), s2("node1"), s2("node2"), s2("node3"), s2("node4"), s2("node5")}
        << Nodes{china("node1"), india("node2"), china("node3"), china("node4"), india("node5")} << false << ok
        << Scores{100, 0, 100, 100, 0};
    QTest::addRow("affinity: different label operators")
        << affinity3(s1().name("incoming")) << Pods{s1("node1"), s2("node2"), s1("node3")} << chinaIndiaAz1 << false
        << ok << Scores{20, 100, 0};
    QTest::addRow("affinity symmetry: preferred terms of existing pods")
        << s2().name("incoming") << Pods{stayWithS1InRegion(s1("node1")), stayWithS2InRegion(s2("node2"))}
        << chinaIndiaAz1 << false << ok << Scores{0, 100, 0};
    QTest::addRow("affinity symmetry with namespace selector")
        << s1().name("incoming").ns("subteam1.team1")
        << Pods{affinityNamespaceSelector(s1("node1")), stayWithS2InRegion(s2("node2"))} << chinaIndiaAz1 << false
        << ok << Scores{100, 0, 0};
    QTest::addRow("anti-affinity symmetry with namespace selector")
        << s1().name("incoming").ns("subteam1.team1")
        << Pods{antiAffinityNamespaceSelector(s1("node1")), stayWithS2InRegion(s2("node2"))} << chinaIndiaAz1 << false
        << ok << Scores{0, 100, 100};
    QTest::addRow("affinity symmetry: required terms of existing pods")
        << s1().name("incoming") << Pods{hardAffinity(s1("node1")), hardAffinity(s2("node2"))} << chinaIndiaAz1
        << false << ok << Scores{100, 100, 0};
    QTest::addRow("anti-affinity: not matching existing pods scores high")
        << awayFromS1InAz(s1().name("incoming")) << Pods{s1("node1"), s2("node2")} << Nodes{az1("node1"), china("node2")}
        << false << ok << Scores{0, 100};
    QTest::addRow("anti-affinity: not matching the topology key scores higher")
        << awayFromS1InAz(s1().name("incoming")) << Pods{s1("node1"), s1("node2")} << Nodes{az1("node1"), china("node2")}
        << false << ok << Scores{0, 100};
    QTest::addRow("anti-affinity: more matching pods score lower")
        << awayFromS1InAz(s1().name("incoming")) << Pods{s1("node1"), s1("node1"), s2("node2")}
        << Nodes{az1("node1"), india("node2")} << false << ok << Scores{0, 100};
    QTest::addRow("anti-affinity symmetry")
        << s2().name("incoming") << Pods{awayFromS2InAz(s1("node1")), awayFromS1InAz(s2("node2"))}
        << Nodes{az1("node1"), az2("node2")} << false << ok << Scores{0, 100};
    QTest::addRow("affinity and anti-affinity")
        << stayWithS1InRegionAwayFromS2InAz(s1().name("incoming")) << Pods{s1("node1"), s1("node2")}
        << Nodes{china("node1"), az1("node2")} << false << ok << Scores{100, 0};
    QTest::addRow("affinity and anti-affinity with pods of the same labels")
        << stayWithS1InRegionAwayFromS2InAz(s1().name("incoming"))
        << Pods{s1("node1"), s1("node1"), s1("node2"), s1("node3"), s1("node3"), s1("node4"), s1("node5")}
        << Nodes{chinaAz1("node1"), india("node2"), china("node3"), china("node4"), india("node5")} << false << ok
        << Scores{100, 0, 100, 100, 0};
    QTest::addRow("affinity, anti-affinity and symmetry")
        << stayWithS1InRegionAwayFromS2InAz(s1().name("incoming"))
        << Pods{s1("node1"), s2("node2"), stayWithS1InRegionAwayFromS2InAz(on("node3")), awayFromS1InAz(on("node4"))}
        << Nodes{china("node1"), az1("node2"), india("node3"), az2("node4")} << false << ok
        << Scores{100, 0, 100, 0};
    QTest::addRow("partial nodes of a topology without pods with affinity")
        << s1().name("incoming") << Pods{s1("node1"), stayWithS1InRegionAwayFromS2InAz(on("node2"))}
        << Nodes{china("node1"), china("node2")} << false << ok << Scores{0, 0};
    QTest::addRow("affinity with pods matching NamespaceSelector")
        << affinityNamespaceSelector(s1().name("incoming").ns("subteam1.team1"))
        << Pods{s1("node1").ns("subteam1.team1"), s1("node1").ns("subteam1.team1"), s1("node1").ns("subteam1.team2"),
                s1("node2").ns("subteam2.team1")}
        << Nodes{china("node1"), india("node2")} << false << ok << Scores{100, 0};
    QTest::addRow("affinity with pods matching NamespaceSelector and Namespaces")
        << affinityNamespaceSelector(s1().name("incoming").ns("subteam1.team1"))
        << Pods{s1("node1").ns("subteam1.team1"), s1("node1").ns("subteam1.team1"), s1("node1").ns("subteam2.team2"),
                s1("node2").ns("subteam2.team1")}
        << Nodes{china("node1"), india("node2")} << false << ok << Scores{100, 0};
    QTest::addRow("anti-affinity with pods matching NamespaceSelector")
        << antiAffinityNamespaceSelector(s1().name("incoming").ns("subteam1.team1"))
        << Pods{s1("node1").ns("subteam1.team1"), s1("node1").ns("subteam1.team1"), s1("node1").ns("subteam1.team2"),
                s1("node2").ns("subteam2.team1")}
        << Nodes{china("node1"), india("node2")} << false << ok << Scores{0, 100};
    QTest::addRow("anti-affinity with pods matching NamespaceSelector and Namespaces")
        << antiAffinityNamespaceSelector(s1().name("incoming").ns("subteam1.team1"))
        << Pods{s1("node1").ns("subteam1.team1"), s1("node1").ns("subteam1.team1"), s1("node1").ns("subteam2.team2"),
                s1("node2").ns("subteam2.team1")}
        << Nodes{china("node1"), india("node2")} << false << ok << Scores{0, 100};
    QTest::addRow("ignore preferred terms of existing pods")
        << s2().name("incoming") << Pods{stayWithS1InRegionAwayFromS2InAz(s1("node1")), stayWithS2InRegion(s2("node2"))}
        << Nodes{china("node1"), india("node2")} << true << Code::Skip << Scores{};
    QTest::addRow("do not ignore preferred terms of existing pods")
        << s2().name("incoming") << Pods{stayWithS1InRegionAwayFromS2InAz(s1("node1")), stayWithS2InRegion(s2("node2"))}
        << Nodes{china("node1"), india("node2")} << false << ok << Scores{0, 100};
    QTest::addRow("no nodes to score") << s2().name("incoming") << Pods{} << Nodes{} << false << Code::Skip << Scores{};
}

void TestInterPodAffinity::preferredAffinity()
{
    QFETCH(PodBuilder, pod);
    QFETCH(Pods, pods);
    QFETCH(Nodes, nodes);
    QFETCH(bool, ignorePreferredTermsOfExistingPods);
    QFETCH(Code, preScoreCode);
    QFETCH(Scores, expected);

    FakeHandle handle;
    addNamespaces(handle);
    handle.addNodes(nodes);
    handle.addPods(pods);
    auto plugin = makePlugin(
        handle, Json{{"hardPodAffinityWeight", 1}, {"ignorePreferredTermsOfExistingPods", ignorePreferredTermsOfExistingPods}});
    const core::Pod p = pod.build();
    const auto infos = handle.nodeInfos(testing::nodeNames(nodes));
    scheduler::CycleState state;
    const scheduler::Status pre = plugin->preScore(state, p, infos);
    QCOMPARE(pre.code(), preScoreCode);
    if (!pre.isSuccess())
        return;
    scheduler::Status status;
    const Scores got = testing::scoreNodes(*plugin, state, p, infos, status);
    QVERIFY2(status.isSuccess(), status.message().c_str());
    QCOMPARE(got, expected);
}

void TestInterPodAffinity::hardPodAffinityWeight_data()
{
    QTest::addColumn<QString>("ns");
    QTest::addColumn<int>("weight");
    QTest::addColumn<Code>("preScoreCode");
    QTest::addColumn<Scores>("expected");

    QTest::addRow("with default weight") << "default" << 1 << Code::Success << Scores{100, 100, 0};
    QTest::addRow("with zero weight") << "default" << 0 << Code::Skip << Scores{};
    QTest::addRow("with no matching namespace") << "subteam1.team2" << 1 << Code::Skip << Scores{};
    QTest::addRow("with matching NamespaceSelector") << "subteam1.team1" << 1 << Code::Success << Scores{100, 100, 0};
    QTest::addRow("with matching Namespaces") << "subteam2.team2" << 1 << Code::Success << Scores{100, 100, 0};
}

void TestInterPodAffinity::hardPodAffinityWeight()
{
    QFETCH(QString, ns);
    QFETCH(int, weight);
    QFETCH(Code, preScoreCode);
    QFETCH(Scores, expected);

    const Json hard =
        term("region", SelectorBuilder().in("service", {"S1"}), {"default", "subteam2.team2"}, kTeam1);
    FakeHandle handle;
    addNamespaces(handle);
    const Nodes nodes{china("node1"), india("node2"), az1("node3")};
    handle.addNodes(nodes);
    handle.addPods({on("node1").podAffinity(hard), on("node2").podAffinity(hard)});
    auto plugin = makePlugin(handle, Json{{"hardPodAffinityWeight", weight}});
    QCOMPARE(plugin->hardPodAffinityWeight(), weight);
    const core::Pod p = PodBuilder("incoming").ns(ns.toStdString()).label("service", "S1").build();
    const auto infos = handle.nodeInfos(testing::nodeNames(nodes));
    scheduler::CycleState state;
    const scheduler::Status pre = plugin->preScore(state, p, infos);
    QCOMPARE(pre.code(), preScoreCode);
    if (!pre.isSuccess())
        return;
    scheduler::Status status;
    const Scores got = testing::scoreNodes(*plugin, state, p, infos, status);
    QVERIFY2(status.isSuccess(), status.message().c_str());
    QCOMPARE(got, expected);
}

void TestInterPodAffinity::args_data()
{
    QTest::addColumn<Json>("args");
    QTest::addColumn<QString>("error");

    QTest::addRow("defaults") << Json::object() << QString();
    QTest::addRow("weight 100") << Json{{"hardPodAffinityWeight", 100}} << QString();
    QTest::addRow("weight too big") << Json{{"hardPodAffinityWeight", 110}}
                                    << "hardPodAffinityWeight: Invalid value: 110: not in valid range [0, 100]";
    QTest::addRow("negative weight") << Json{{"hardPodAffinityWeight", -1}}
                                     << "hardPodAffinityWeight: Invalid value: -1: not in valid range [0, 100]";
}

void TestInterPodAffinity::args()
{
    QFETCH(Json, args);
    QFETCH(QString, error);

    FakeHandle handle;
    auto plugin = scheduler::InterPodAffinity::create(args, handle);
    if (error.isEmpty()) {
        QVERIFY(plugin.has_value());
    } else {
        QVERIFY(!plugin.has_value());
        QCOMPARE(QString::fromStdString(plugin.error().message), error);
    }
}

void TestInterPodAffinity::sameResultsAcrossCycles()
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
    auto kept = makePlugin(handle, Json::object());
    std::vector<scheduler::PodPtr> bound;
    for (int i = 0; i < 80; ++i) {
        const std::string app = "app-" + std::to_string(next() % 3);
        PodBuilder p = PodBuilder("pod-" + std::to_string(i)).label("app", app);
        if (next() % 4 == 0)
            p.ns("other");
        if (next() % 2 == 0)
            p.podAntiAffinity(testing::podAffinityTerm(kHostname, SelectorBuilder().label("app", app).json()));
        if (next() % 3 == 0)
            p.podAffinity(testing::podAffinityTerm("zone", SelectorBuilder().label("app", "app-0").json()));
        if (next() % 3 == 0)
            p.preferredPodAffinity(1 + static_cast<std::int32_t>(next() % 50),
                                   testing::podAffinityTerm("zone", SelectorBuilder().label("app", app).json()));
        if (next() % 3 == 0)
            p.preferredPodAntiAffinity(1 + static_cast<std::int32_t>(next() % 50),
                                       testing::podAffinityTerm(kHostname, SelectorBuilder().label("app", app).json()));
        const core::Pod pod = p.build();
        auto fresh = makePlugin(handle, Json::object());
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

QTEST_APPLESS_MAIN(TestInterPodAffinity)

#include "tst_interpodaffinity.moc"

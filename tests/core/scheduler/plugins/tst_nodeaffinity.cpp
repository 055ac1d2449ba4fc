// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's plugins/nodeaffinity/node_affinity_test.go (TestNodeAffinity,
// TestNodeAffinityPriority) and component-helpers' nodeaffinity_test.go.
#include <QTest>

#include <cstdint>
#include <string>
#include <vector>

#include "core/scheduler/plugins/nodeaffinity.h"
#include "support/builders.h"
#include "support/schedulertesting.h"

using namespace kubelab;
using kubelab::core::Json;
using kubelab::testing::FakeHandle;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;
using Term = kubelab::testing::NodeSelectorTermBuilder;
using scheduler::Code;
using Nodes = std::vector<NodeBuilder>;
using Scores = std::vector<std::int64_t>;
using Labels = std::vector<std::pair<std::string, std::string>>;

Q_DECLARE_METATYPE(PodBuilder)
Q_DECLARE_METATYPE(Nodes)
Q_DECLARE_METATYPE(Scores)
Q_DECLARE_METATYPE(Labels)
Q_DECLARE_METATYPE(Code)
Q_DECLARE_METATYPE(Json)

namespace {

std::unique_ptr<scheduler::NodeAffinity> makePlugin(FakeHandle& handle, const Json& args)
{
    auto plugin = scheduler::NodeAffinity::create(args, handle);
    if (!plugin)
        qFatal("create: %s", plugin.error().message.c_str());
    return std::unique_ptr<scheduler::NodeAffinity>(dynamic_cast<scheduler::NodeAffinity*>(plugin->release()));
}

const QString kErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
const QString kErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
const QString kErrReasonConflict = "pod affinity terms conflict";

Json addedRequired(const Json& term)
{
    return Json{{"addedAffinity",
                 {{"requiredDuringSchedulingIgnoredDuringExecution", {{"nodeSelectorTerms", Json::array({term})}}}}}};
}

} // namespace

class TestNodeAffinity : public QObject {
    Q_OBJECT

private slots:
    void filter_data();
    void filter();
    void score_data();
    void score();
    void preScoreBrokenAffinity();
    void args_data();
    void args();
    void events();
};

void TestNodeAffinity::filter_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Labels>("labels");
    QTest::addColumn<QString>("nodeName");
    QTest::addColumn<Json>("args");
    QTest::addColumn<bool>("runPreFilter");
    QTest::addColumn<Code>("preFilterCode");
    QTest::addColumn<QString>("preFilterReason");
    QTest::addColumn<QStringList>("preFilterNodes"); // empty: all nodes
    QTest::addColumn<Code>("code");
    QTest::addColumn<QString>("reason");

    const Json none = Json::object();
    const Code ok = Code::Success;
    const Code unresolvable = Code::UnschedulableAndUnresolvable;
    const QStringList all;

    QTest::addRow("missing labels") << PodBuilder("p").nodeSelector("foo", "bar") << Labels{} << "" << none << true
                                    << ok << "" << all << unresolvable << kErrReasonPod;
    QTest::addRow("same labels") << PodBuilder("p").nodeSelector("foo", "bar") << Labels{{"foo", "bar"}} << ""
                                 << none << true << ok << "" << all << ok << "";
    QTest::addRow("node labels are superset")
        << PodBuilder("p").nodeSelector("foo", "bar") << Labels{{"foo", "bar"}, {"baz", "blah"}} << "" << none
        << true << ok << "" << all << ok << "";
    QTest::addRow("node labels are subset")
        << PodBuilder("p").nodeSelector("foo", "bar").nodeSelector("baz", "blah") << Labels{{"foo", "bar"}} << ""
        << none << true << ok << "" << all << unresolvable << kErrReasonPod;
    QTest::addRow("In operator matches")
        << PodBuilder("p").requiredNodeTerm(Term().expression("foo", "In", {"bar", "value2"}).json())
        << Labels{{"foo", "bar"}} << "" << none << true << ok << "" << all << ok << "";
    QTest::addRow("Gt operator matches")
        << PodBuilder("p").requiredNodeTerm(Term().expression("kernel-version", "Gt", {"0204"}).json())
        << Labels{{"kernel-version", "0206"}} << "" << none << true << ok << "" << all << ok << "";
    QTest::addRow("NotIn operator matches")
        << PodBuilder("p").requiredNodeTerm(Term().expression("mem-type", "NotIn", {"DDR", "DDR2"}).json())
        << Labels{{"mem-type", "DDR3"}} << "" << none << true << ok << "" << all << ok << "";
    QTest::addRow("Exists operator matches")
        << PodBuilder("p").requiredNodeTerm(Term().expression("GPU", "Exists").json())
        << Labels{{"GPU", "NVIDIA-GRID-K1"}} << "" << none << true << ok << "" << all << ok << "";
    QTest::addRow("affinity doesn't match node labels")
        << PodBuilder("p").requiredNodeTerm(Term().expression("foo", "In", {"value1", "value2"}).json())
        << Labels{{"foo", "bar"}} << "" << none << true << ok << "" << all << unresolvable << kErrReasonPod;
    QTest::addRow("empty MatchExpressions match nothing")
        << PodBuilder("p").nodeAffinity(
               Json{{"requiredDuringSchedulingIgnoredDuringExecution",
                     {{"nodeSelectorTerms", Json::array({Json{{"matchExpressions", Json::array()}}})}}}})
        << Labels{{"foo", "bar"}} << "" << none << true << ok << "" << all << unresolvable << kErrReasonPod;
    QTest::addRow("no affinity skips") << PodBuilder("p") << Labels{{"foo", "bar"}} << "" << none << true
                                       << Code::Skip << "" << all << ok << "";
    QTest::addRow("affinity without required selector skips")
        << PodBuilder("p").nodeAffinity(Json::object()) << Labels{{"foo", "bar"}} << "" << none << true << Code::Skip
        << "" << all << ok << "";
    QTest::addRow("multiple matchExpressions ANDed match")
        << PodBuilder("p").requiredNodeTerm(
               Term().expression("GPU", "Exists").expression("GPU", "NotIn", {"AMD", "INTER"}).json())
        << Labels{{"GPU", "NVIDIA-GRID-K1"}} << "" << none << true << ok << "" << all << ok << "";
    QTest::addRow("multiple matchExpressions ANDed don't match")
        << PodBuilder("p").requiredNodeTerm(
               Term().expression("GPU", "Exists").expression("GPU", "In", {"AMD", "INTER"}).json())
        << Labels{{"GPU", "NVIDIA-GRID-K1"}} << "" << none << true << ok << "" << all << unresolvable
        << kErrReasonPod;
    QTest::addRow("terms ORed")
        << PodBuilder("p")
               .requiredNodeTerm(Term().expression("foo", "In", {"bar", "value2"}).json())
               .requiredNodeTerm(Term().expression("diffkey", "In", {"wrong", "value2"}).json())
        << Labels{{"foo", "bar"}} << "" << none << true << ok << "" << all << ok << "";
    QTest::addRow("affinity and nodeSelector both satisfied")
        << PodBuilder("p").nodeSelector("foo", "bar").requiredNodeTerm(Term().expression("foo", "Exists").json())
        << Labels{{"foo", "bar"}} << "" << none << true << ok << "" << all << ok << "";
    QTest::addRow("affinity matches but nodeSelector doesn't")
        << PodBuilder("p").nodeSelector("foo", "bar").requiredNodeTerm(Term().expression("foo", "Exists").json())
        << Labels{{"foo", "barrrrrr"}} << "" << none << true << ok << "" << all << unresolvable << kErrReasonPod;
    QTest::addRow("invalid value in affinity term")
        << PodBuilder("p").requiredNodeTerm(Term().expression("foo", "NotIn", {"invalid value: ___@#$%^"}).json())
        << Labels{{"foo", "bar"}} << "" << none << true << ok << "" << all << unresolvable << kErrReasonPod;
    QTest::addRow("matchFields In matches")
        << PodBuilder("p").requiredNodeTerm(Term().field("metadata.name", "In", {"node1"}).json()) << Labels{}
        << "node1" << none << true << ok << "" << QStringList{"node1"} << ok << "";
    QTest::addRow("matchFields In doesn't match")
        << PodBuilder("p").requiredNodeTerm(Term().field("metadata.name", "In", {"node1"}).json()) << Labels{}
        << "node2" << none << true << ok << "" << QStringList{"node1"} << unresolvable << kErrReasonPod;
    QTest::addRow("two terms: fields don't match, expressions match")
        << PodBuilder("p")
               .requiredNodeTerm(Term()
                                     .field("metadata.name", "In", {"node1"})
                                     .field("metadata.name", "In", {"node2"})
                                     .json())
               .requiredNodeTerm(Term().expression("foo", "In", {"bar"}).json())
        << Labels{{"foo", "bar"}} << "node2" << none << true << ok << "" << all << ok << "";
    QTest::addRow("one term: fields don't match, expressions match")
        << PodBuilder("p").requiredNodeTerm(
               Term().field("metadata.name", "In", {"node1"}).expression("foo", "In", {"bar"}).json())
        << Labels{{"foo", "bar"}} << "node2" << none << true << ok << "" << QStringList{"node1"} << unresolvable
        << kErrReasonPod;
    QTest::addRow("one term: fields and expressions match")
        << PodBuilder("p").requiredNodeTerm(
               Term().field("metadata.name", "In", {"node1"}).expression("foo", "In", {"bar"}).json())
        << Labels{{"foo", "bar"}} << "node1" << none << true << ok << "" << QStringList{"node1"} << ok << "";
    QTest::addRow("two terms: neither matches")
        << PodBuilder("p")
               .requiredNodeTerm(Term().field("metadata.name", "In", {"node1"}).json())
               .requiredNodeTerm(Term().expression("foo", "In", {"not-match-to-bar"}).json())
        << Labels{{"foo", "bar"}} << "node2" << none << true << ok << "" << all << unresolvable << kErrReasonPod;
    QTest::addRow("two terms of node.Name affinity")
        << PodBuilder("p")
               .requiredNodeTerm(Term().field("metadata.name", "In", {"node1"}).json())
               .requiredNodeTerm(Term().field("metadata.name", "In", {"node2"}).json())
        << Labels{} << "node2" << none << true << ok << "" << QStringList{"node1", "node2"} << ok << "";
    QTest::addRow("two conflicting field requirements")
        << PodBuilder("p").requiredNodeTerm(
               Term().field("metadata.name", "In", {"node1"}).field("metadata.name", "In", {"node2"}).json())
        << Labels{{"foo", "bar"}} << "node2" << none << true << unresolvable << kErrReasonConflict << all
        << unresolvable << kErrReasonPod;
    QTest::addRow("matches added affinity and pod's affinity")
        << PodBuilder("p").requiredNodeTerm(Term().expression("zone", "In", {"foo"}).json()) << Labels{{"zone", "foo"}}
        << "node2" << addedRequired(Term().field("metadata.name", "In", {"node2"}).json()) << true << ok << "" << all
        << ok << "";
    QTest::addRow("matches added affinity but not pod's")
        << PodBuilder("p").requiredNodeTerm(Term().expression("zone", "In", {"bar"}).json()) << Labels{{"zone", "foo"}}
        << "node2" << addedRequired(Term().field("metadata.name", "In", {"node2"}).json()) << true << ok << "" << all
        << unresolvable << kErrReasonPod;
    QTest::addRow("doesn't match added affinity")
        << PodBuilder("p") << Labels{{"zone", "foo"}} << "node2"
        << addedRequired(Term().expression("zone", "In", {"bar"}).json()) << true << ok << "" << all << unresolvable
        << kErrReasonEnforced;
    QTest::addRow("node selector matches without PreFilter")
        << PodBuilder("p").nodeSelector("foo", "bar") << Labels{{"foo", "bar"}, {"baz", "blah"}} << "" << none
        << false << ok << "" << all << ok << "";
    QTest::addRow("node affinity matches without PreFilter")
        << PodBuilder("p").requiredNodeTerm(
               Term().expression("GPU", "Exists").expression("GPU", "NotIn", {"AMD", "INTER"}).json())
        << Labels{{"GPU", "NVIDIA-GRID-K1"}} << "" << none << false << ok << "" << all << ok << "";
    // component-helpers' matching rules: Gt/Lt need an integer label, NotIn matches an
    // absent label, DoesNotExist, and matchFields compare the name only.
    QTest::addRow("Lt operator matches")
        << PodBuilder("p").requiredNodeTerm(Term().expression("gpus", "Lt", {"4"}).json()) << Labels{{"gpus", "2"}}
        << "" << none << true << ok << "" << all << ok << "";
    QTest::addRow("Gt against a non-integer label")
        << PodBuilder("p").requiredNodeTerm(Term().expression("gpus", "Gt", {"1"}).json()) << Labels{{"gpus", "many"}}
        << "" << none << true << ok << "" << all << unresolvable << kErrReasonPod;
    QTest::addRow("Gt without the label")
        << PodBuilder("p").requiredNodeTerm(Term().expression("gpus", "Gt", {"1"}).json()) << Labels{} << "" << none
        << true << ok << "" << all << unresolvable << kErrReasonPod;
    QTest::addRow("NotIn matches an absent label")
        << PodBuilder("p").requiredNodeTerm(Term().expression("disk", "NotIn", {"hdd"}).json()) << Labels{} << ""
        << none << true << ok << "" << all << ok << "";
    QTest::addRow("DoesNotExist")
        << PodBuilder("p").requiredNodeTerm(Term().expression("spot", "DoesNotExist").json())
        << Labels{{"spot", "true"}} << "" << none << true << ok << "" << all << unresolvable << kErrReasonPod;
    QTest::addRow("matchFields NotIn")
        << PodBuilder("p").requiredNodeTerm(Term().field("metadata.name", "NotIn", {"node1"}).json()) << Labels{}
        << "node1" << none << true << ok << "" << all << unresolvable << kErrReasonPod;
}

void TestNodeAffinity::filter()
{
    QFETCH(PodBuilder, pod);
    QFETCH(Labels, labels);
    QFETCH(QString, nodeName);
    QFETCH(Json, args);
    QFETCH(bool, runPreFilter);
    QFETCH(Code, preFilterCode);
    QFETCH(QString, preFilterReason);
    QFETCH(QStringList, preFilterNodes);
    QFETCH(Code, code);
    QFETCH(QString, reason);

    NodeBuilder node(nodeName.toStdString());
    for (const auto& [k, v] : labels)
        node.label(k, v);
    FakeHandle handle;
    auto plugin = makePlugin(handle, args);
    const core::Pod p = pod.build();
    scheduler::CycleState state;
    if (runPreFilter) {
        scheduler::PreFilterResult result;
        const scheduler::Status s = plugin->preFilter(state, p, result);
        QCOMPARE(s.code(), preFilterCode);
        QCOMPARE(QString::fromStdString(s.message()), preFilterReason);
        QStringList narrowed;
        if (result.nodeNames)
            for (const std::string& n : *result.nodeNames)
                narrowed << QString::fromStdString(n);
        QCOMPARE(narrowed, preFilterNodes);
        if (s.isSkip())
            return; // the framework does not run the plugin's Filter
    }
    const scheduler::NodeInfo info(node.ptr());
    const scheduler::Status status = plugin->filter(state, p, info);
    QCOMPARE(status.code(), code);
    QCOMPARE(QString::fromStdString(status.message()), reason);
}

void TestNodeAffinity::score_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Nodes>("nodes");
    QTest::addColumn<Json>("args");
    QTest::addColumn<bool>("runPreScore");
    QTest::addColumn<Code>("preScoreCode");
    QTest::addColumn<Scores>("expected");

    auto label1 = [](const std::string& n) { return NodeBuilder(n).label("foo", "bar"); };
    auto label2 = [](const std::string& n) { return NodeBuilder(n).label("key", "value"); };
    auto label3 = [](const std::string& n) { return NodeBuilder(n).label("az", "az1"); };
    auto label4 = [](const std::string& n) { return NodeBuilder(n).label("abc", "az11").label("def", "az22"); };
    auto label5 = [](const std::string& n) {
        return NodeBuilder(n).label("foo", "bar").label("key", "value").label("az", "az1");
    };
    const PodBuilder affinity1 = PodBuilder("p").preferredNodeTerm(2, Term().expression("foo", "In", {"bar"}).json());
    const PodBuilder affinity2 = PodBuilder("p")
                                     .preferredNodeTerm(2, Term().expression("foo", "In", {"bar"}).json())
                                     .preferredNodeTerm(4, Term().expression("key", "In", {"value"}).json())
                                     .preferredNodeTerm(5, Term()
                                                               .expression("foo", "In", {"bar"})
                                                               .expression("key", "In", {"value"})
                                                               .expression("az", "In", {"az1"})
                                                               .json());
    const Json none = Json::object();

    QTest::addRow("same priority without NodeAffinity")
        << PodBuilder("p") << Nodes{label1("node1"), label2("node2"), label3("node3")} << none << false
        << Code::Success << Scores{0, 0, 0};
    QTest::addRow("Skip in PreScore without NodeAffinity")
        << PodBuilder("p") << Nodes{label1("node1")} << none << true << Code::Skip << Scores{};
    QTest::addRow("no node matches preferred terms")
        << affinity1 << Nodes{label4("node1"), label2("node2"), label3("node3")} << none << true << Code::Success
        << Scores{0, 0, 0};
    QTest::addRow("only node1 matches")
        << affinity1 << Nodes{label1("node1"), label2("node2"), label3("node3")} << none << true << Code::Success
        << Scores{100, 0, 0};
    QTest::addRow("all nodes match with different priorities")
        << affinity2 << Nodes{label1("node1"), label5("node5"), label2("node2")} << none << true << Code::Success
        << Scores{18, 100, 36};
    QTest::addRow("added affinity")
        << PodBuilder("p") << Nodes{label1("node1"), label2("node2")}
        << Json{{"addedAffinity",
                 {{"preferredDuringSchedulingIgnoredDuringExecution",
                   Json::array({Json{{"weight", 2}, {"preference", Term().expression("foo", "In", {"bar"}).json()}}})}}}}
        << true << Code::Success << Scores{100, 0};
    QTest::addRow("added affinity and pod affinity")
        << affinity1 << Nodes{label1("node1"), label2("node2"), label5("node3")}
        << Json{{"addedAffinity",
                 {{"preferredDuringSchedulingIgnoredDuringExecution",
                   Json::array(
                       {Json{{"weight", 3}, {"preference", Term().expression("key", "In", {"value"}).json()}}})}}}}
        << true << Code::Success << Scores{40, 60, 100};
    QTest::addRow("priorities without PreScore")
        << affinity2 << Nodes{label1("node1"), label5("node5"), label2("node2")} << none << false << Code::Success
        << Scores{18, 100, 36};
}

void TestNodeAffinity::score()
{
    QFETCH(PodBuilder, pod);
    QFETCH(Nodes, nodes);
    QFETCH(Json, args);
    QFETCH(bool, runPreScore);
    QFETCH(Code, preScoreCode);
    QFETCH(Scores, expected);

    FakeHandle handle;
    handle.addNodes(nodes);
    auto plugin = makePlugin(handle, args);
    const core::Pod p = pod.build();
    const auto infos = handle.nodeInfos(testing::nodeNames(nodes));
    scheduler::CycleState state;
    if (runPreScore) {
        const scheduler::Status s = plugin->preScore(state, p, infos);
        QCOMPARE(s.code(), preScoreCode);
        if (!s.isSuccess())
            return;
    }
    scheduler::Status status;
    const Scores got = testing::scoreNodes(*plugin, state, p, infos, status);
    QVERIFY2(status.isSuccess(), status.message().c_str());
    QCOMPARE(got, expected);
}

void TestNodeAffinity::preScoreBrokenAffinity()
{
    // Upstream: "PreScore returns error when an incoming Pod has a broken affinity".
    FakeHandle handle;
    handle.addNodes({NodeBuilder("node1").label("foo", "bar")});
    auto plugin = makePlugin(handle, Json::object());
    const core::Pod p =
        PodBuilder("p").preferredNodeTerm(2, Term().expression("invalid key", "In", {"bar"}).json()).build();
    scheduler::CycleState state;
    const scheduler::Status s = plugin->preScore(state, p, handle.nodeInfos({"node1"}));
    QCOMPARE(s.code(), Code::Error);
    QCOMPARE(QString::fromStdString(s.message()),
             QString("[0].matchExpressions[0].key: Invalid value: \"invalid key\": name part must consist of "
                     "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
                     "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                     "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
}

void TestNodeAffinity::args_data()
{
    QTest::addColumn<Json>("args");
    QTest::addColumn<QString>("error");

    QTest::addRow("empty") << Json::object() << QString();
    QTest::addRow("valid added affinity")
        << addedRequired(Term().expression("zone", "In", {"a"}).json()) << QString();
    // Errors are flattened and bracketed as upstream's ValidateNodeAffinityArgs does.
    QTest::addRow("invalid added affinity")
        << Json{{"addedAffinity",
                 {{"requiredDuringSchedulingIgnoredDuringExecution",
                   {{"nodeSelectorTerms",
                     Json::array({Term().expression("foo", "In", {"bar"}).json(),
                                  Term().field("metadata.name", "In", {"a", "b"}).json()})}}},
                  {"preferredDuringSchedulingIgnoredDuringExecution",
                   Json::array({Json{{"weight", 1}, {"preference", Term().expression("foo", "Exists", {"a"}).json()}},
                                Json{{"weight", 1}, {"preference", Term().expression("-a", "Exists").json()}}})}}}}
        << QString("[addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[1].matchFields[0]"
                   ".values: Invalid value: []string{\"a\", \"b\"}: must have one element, "
                   "addedAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].matchExpressions[0].values: "
                   "Invalid value: []string{\"a\"}: values set must be empty for exists and does not exist, "
                   "addedAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].matchExpressions[0].key: "
                   "Invalid value: \"-a\": name part must consist of alphanumeric characters, '-', '_' or '.', and "
                   "must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
                   "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')]");
}

void TestNodeAffinity::args()
{
    QFETCH(Json, args);
    QFETCH(QString, error);

    FakeHandle handle;
    auto plugin = scheduler::NodeAffinity::create(args, handle);
    if (error.isEmpty()) {
        QVERIFY2(plugin.has_value(), plugin ? "" : plugin.error().message.c_str());
    } else {
        QVERIFY(!plugin.has_value());
        QCOMPARE(QString::fromStdString(plugin.error().message), error);
    }
}

void TestNodeAffinity::events()
{
    FakeHandle handle;
    auto plugin = makePlugin(handle, Json::object());
    const auto events = plugin->eventsToRegister();
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0].resource, scheduler::EventResource::Node);
    QVERIFY(events[0].actionType & scheduler::action::Add);
    QVERIFY(events[0].actionType & scheduler::action::UpdateNodeLabel);
}

QTEST_APPLESS_MAIN(TestNodeAffinity)

#include "tst_nodeaffinity.moc"

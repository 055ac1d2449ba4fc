// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's plugins/tainttoleration/taint_toleration_test.go
// (TestTaintTolerationFilter, TestTaintTolerationScore).
#include <QTest>

#include <cstdint>
#include <string>
#include <vector>

#include "core/scheduler/plugins/tainttoleration.h"
#include "support/builders.h"
#include "support/schedulertesting.h"

using namespace kubelab;
using kubelab::testing::FakeHandle;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;
using scheduler::Code;
using Nodes = std::vector<NodeBuilder>;
using Scores = std::vector<std::int64_t>;

Q_DECLARE_METATYPE(PodBuilder)
Q_DECLARE_METATYPE(NodeBuilder)
Q_DECLARE_METATYPE(Nodes)
Q_DECLARE_METATYPE(Scores)
Q_DECLARE_METATYPE(Code)

namespace {

std::unique_ptr<scheduler::TaintToleration> makePlugin(FakeHandle& handle)
{
    auto plugin = scheduler::TaintToleration::create(core::Json::object(), handle);
    if (!plugin)
        qFatal("create: %s", plugin.error().message.c_str());
    return std::unique_ptr<scheduler::TaintToleration>(
        dynamic_cast<scheduler::TaintToleration*>(plugin->release()));
}

PodBuilder pod()
{
    return PodBuilder("pod1");
}

} // namespace

class TestTaintToleration : public QObject {
    Q_OBJECT

private slots:
    void filter_data();
    void filter();
    void score_data();
    void score();
    void events();
};

void TestTaintToleration::filter_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<NodeBuilder>("node");
    QTest::addColumn<Code>("code");
    QTest::addColumn<QString>("reason");

    const QString untolerated = "node(s) had untolerated taint {%1: %2}";
    QTest::addRow("no-tolerations-nonempty-taints")
        << pod() << NodeBuilder("nodeA").taint("dedicated", "user1", "NoSchedule")
        << Code::UnschedulableAndUnresolvable << untolerated.arg("dedicated", "user1");
    QTest::addRow("tolerates-dedicated-user1")
        << pod().toleration("dedicated", "", "user1", "NoSchedule")
        << NodeBuilder("nodeA").taint("dedicated", "user1", "NoSchedule") << Code::Success << QString();
    QTest::addRow("other-user-not-tolerated")
        << pod().toleration("dedicated", "Equal", "user2", "NoSchedule")
        << NodeBuilder("nodeA").taint("dedicated", "user1", "NoSchedule") << Code::UnschedulableAndUnresolvable
        << untolerated.arg("dedicated", "user1");
    QTest::addRow("exists-tolerates-any-value")
        << pod().toleration("foo", "Exists", "", "NoSchedule")
        << NodeBuilder("nodeA").taint("foo", "bar", "NoSchedule") << Code::Success << QString();
    QTest::addRow("all-taints-tolerated")
        << pod().toleration("dedicated", "Equal", "user2", "NoSchedule").toleration("foo", "Exists", "", "NoSchedule")
        << NodeBuilder("nodeA").taint("dedicated", "user2", "NoSchedule").taint("foo", "bar", "NoSchedule")
        << Code::Success << QString();
    QTest::addRow("effect-mismatch")
        << pod().toleration("foo", "Equal", "bar", "PreferNoSchedule")
        << NodeBuilder("nodeA").taint("foo", "bar", "NoSchedule") << Code::UnschedulableAndUnresolvable
        << untolerated.arg("foo", "bar");
    QTest::addRow("empty-effect-tolerates-noschedule")
        << pod().toleration("foo", "Equal", "bar", "") << NodeBuilder("nodeA").taint("foo", "bar", "NoSchedule")
        << Code::Success << QString();
    QTest::addRow("prefer-noschedule-taint-is-no-filter")
        << pod().toleration("dedicated", "Equal", "user2", "NoSchedule")
        << NodeBuilder("nodeA").taint("dedicated", "user1", "PreferNoSchedule") << Code::Success << QString();
    QTest::addRow("no-toleration-prefer-noschedule")
        << pod() << NodeBuilder("nodeA").taint("dedicated", "user1", "PreferNoSchedule") << Code::Success
        << QString();
    // Beyond upstream's table: NoExecute filters too, the first untolerated taint is
    // reported, an empty value prints as in §2.12's control-plane example.
    QTest::addRow("noexecute-filters")
        << pod() << NodeBuilder("nodeA").taint("node.kubernetes.io/not-ready", "", "NoExecute")
        << Code::UnschedulableAndUnresolvable << untolerated.arg("node.kubernetes.io/not-ready", "");
    QTest::addRow("first-untolerated-taint-reported")
        << pod().toleration("a", "Exists", "", "")
        << NodeBuilder("nodeA").taint("a", "1", "NoSchedule").taint("b", "2", "NoSchedule").taint("c", "3", "NoSchedule")
        << Code::UnschedulableAndUnresolvable << untolerated.arg("b", "2");
    QTest::addRow("control-plane-empty-value")
        << pod() << NodeBuilder("cp").taint("node-role.kubernetes.io/control-plane", "", "NoSchedule")
        << Code::UnschedulableAndUnresolvable << QString("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }");
    QTest::addRow("empty-key-exists-tolerates-all")
        << pod().toleration("", "Exists", "", "")
        << NodeBuilder("nodeA").taint("x", "y", "NoSchedule").taint("z", "", "NoExecute") << Code::Success
        << QString();
}

void TestTaintToleration::filter()
{
    QFETCH(PodBuilder, pod);
    QFETCH(NodeBuilder, node);
    QFETCH(Code, code);
    QFETCH(QString, reason);

    FakeHandle handle;
    auto plugin = makePlugin(handle);
    const scheduler::NodeInfo info(node.ptr());
    scheduler::CycleState state;
    const scheduler::Status status = plugin->filter(state, pod.build(), info);
    QCOMPARE(status.code(), code);
    QCOMPARE(QString::fromStdString(status.message()), reason);
}

void TestTaintToleration::score_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Nodes>("nodes");
    QTest::addColumn<Scores>("expected");

    QTest::addRow("tolerated-taint-scores-higher")
        << pod().toleration("foo", "Equal", "bar", "PreferNoSchedule")
        << Nodes{NodeBuilder("nodeA").taint("foo", "bar", "PreferNoSchedule"),
                 NodeBuilder("nodeB").taint("foo", "blah", "PreferNoSchedule")}
        << Scores{100, 0};
    QTest::addRow("count-of-tolerated-taints-does-not-matter")
        << pod()
               .toleration("cpu-type", "Equal", "arm64", "PreferNoSchedule")
               .toleration("disk-type", "Equal", "ssd", "PreferNoSchedule")
        << Nodes{NodeBuilder("nodeA"), NodeBuilder("nodeB").taint("cpu-type", "arm64", "PreferNoSchedule"),
                 NodeBuilder("nodeC")
                     .taint("cpu-type", "arm64", "PreferNoSchedule")
                     .taint("disk-type", "ssd", "PreferNoSchedule")}
        << Scores{100, 100, 100};
    QTest::addRow("more-intolerable-taints-lower-score")
        << pod().toleration("foo", "Equal", "bar", "PreferNoSchedule")
        << Nodes{NodeBuilder("nodeA"), NodeBuilder("nodeB").taint("cpu-type", "arm64", "PreferNoSchedule"),
                 NodeBuilder("nodeC")
                     .taint("cpu-type", "arm64", "PreferNoSchedule")
                     .taint("disk-type", "ssd", "PreferNoSchedule")}
        << Scores{100, 50, 0};
    QTest::addRow("only-prefer-noschedule-counts")
        << pod()
               .toleration("cpu-type", "Equal", "arm64", "NoSchedule")
               .toleration("disk-type", "Equal", "ssd", "NoSchedule")
        << Nodes{NodeBuilder("nodeA"), NodeBuilder("nodeB").taint("cpu-type", "arm64", "NoSchedule"),
                 NodeBuilder("nodeC")
                     .taint("cpu-type", "arm64", "PreferNoSchedule")
                     .taint("disk-type", "ssd", "PreferNoSchedule")}
        << Scores{100, 100, 0};
    QTest::addRow("no-taints-no-tolerations")
        << pod() << Nodes{NodeBuilder("nodeA"), NodeBuilder("nodeB").taint("cpu-type", "arm64", "PreferNoSchedule")}
        << Scores{100, 0};
}

void TestTaintToleration::score()
{
    QFETCH(PodBuilder, pod);
    QFETCH(Nodes, nodes);
    QFETCH(Scores, expected);

    FakeHandle handle;
    handle.addNodes(nodes);
    auto plugin = makePlugin(handle);
    const core::Pod p = pod.build();
    const auto infos = handle.nodeInfos(testing::nodeNames(nodes));
    scheduler::CycleState state;
    QVERIFY(plugin->preScore(state, p, infos).isSuccess());
    scheduler::Status status;
    const Scores got = testing::scoreNodes(*plugin, state, p, infos, status);
    QVERIFY2(status.isSuccess(), status.message().c_str());
    QCOMPARE(got, expected);
}

void TestTaintToleration::events()
{
    FakeHandle handle;
    auto plugin = makePlugin(handle);
    const auto events = plugin->eventsToRegister();
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0].resource, scheduler::EventResource::Node);
    QCOMPARE(events[0].actionType,
             scheduler::action::Add | scheduler::action::UpdateNodeTaint | scheduler::action::UpdateNodeLabel);
}

QTEST_APPLESS_MAIN(TestTaintToleration)

#include "tst_tainttoleration.moc"

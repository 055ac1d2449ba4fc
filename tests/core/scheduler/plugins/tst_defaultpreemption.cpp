// SPDX-License-Identifier: GPL-3.0-or-later
// DefaultPreemption's pieces, after upstream's default_preemption_test.go
// (TestPodEligibleToPreemptOthers, TestGetOffsetAndNumCandidates, TestPickOneNodeForPreemption,
// TestSelectBestCandidate). The full preemption flow is in tst_framework.
#include <QTest>

#include <string>
#include <vector>

#include "core/scheduler/plugins/defaultpreemption.h"
#include "support/builders.h"
#include "support/schedulertesting.h"

using namespace kubelab;
using kubelab::testing::FakeHandle;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;
using scheduler::PreemptionCandidate;

Q_DECLARE_METATYPE(std::vector<PreemptionCandidate>)

namespace {

scheduler::PodPtr victim(const std::string& name, std::int32_t priority, const std::string& start = "2024-01-01T00:00:00Z")
{
    return PodBuilder(name).uid(name).priority(priority).startTime(start).ptr();
}

PreemptionCandidate candidate(const std::string& node, std::vector<scheduler::PodPtr> victims, int pdbViolations = 0)
{
    return PreemptionCandidate{node, std::move(victims), pdbViolations};
}

std::unique_ptr<scheduler::DefaultPreemption> makePlugin(FakeHandle& handle, const core::Json& args = core::Json::object())
{
    auto p = scheduler::DefaultPreemption::create(args, handle);
    return std::unique_ptr<scheduler::DefaultPreemption>(dynamic_cast<scheduler::DefaultPreemption*>(p->release()));
}

} // namespace

class TestDefaultPreemption : public QObject {
    Q_OBJECT

private slots:
    void numCandidates_data();
    void numCandidates();
    void pickOneNode_data();
    void pickOneNode();
    void eligibility();
    void moreImportantPod();
};

void TestDefaultPreemption::numCandidates_data()
{
    QTest::addColumn<int>("percentage");
    QTest::addColumn<int>("absolute");
    QTest::addColumn<int>("numNodes");
    QTest::addColumn<int>("expected");
    QTest::addRow("10 nodes, 10%%, at least 100") << 10 << 100 << 10 << 10;
    QTest::addRow("1000 nodes, 40%%, at least 100") << 40 << 100 << 1000 << 400;
    QTest::addRow("1000 nodes, 30%%, at least 500") << 30 << 500 << 1000 << 500;
    QTest::addRow("1000 nodes, 10%%, at least 50") << 10 << 50 << 1000 << 100;
    QTest::addRow("all nodes") << 100 << 0 << 1000 << 1000;
    QTest::addRow("no nodes") << 10 << 100 << 0 << 0;
}

void TestDefaultPreemption::numCandidates()
{
    QFETCH(int, percentage);
    QFETCH(int, absolute);
    QFETCH(int, numNodes);
    QFETCH(int, expected);
    FakeHandle handle;
    auto plugin = makePlugin(handle, core::Json{{"minCandidateNodesPercentage", percentage},
                                                {"minCandidateNodesAbsolute", absolute}});
    QCOMPARE(plugin->numCandidates(numNodes), expected);
}

void TestDefaultPreemption::pickOneNode_data()
{
    QTest::addColumn<std::vector<PreemptionCandidate>>("candidates");
    QTest::addColumn<QString>("expected");
    QTest::addRow("fewer PDB violations")
        << std::vector<PreemptionCandidate>{candidate("node1", {victim("a", 1)}, 1), candidate("node2", {victim("b", 100)}, 0)}
        << "node2";
    QTest::addRow("lowest highest-priority victim")
        << std::vector<PreemptionCandidate>{candidate("node1", {victim("a", 20), victim("b", 1)}),
                                            candidate("node2", {victim("c", 10), victim("d", 10)})}
        << "node2";
    QTest::addRow("smallest sum of priorities")
        << std::vector<PreemptionCandidate>{candidate("node1", {victim("a", 10), victim("b", 10), victim("c", 10)}),
                                            candidate("node2", {victim("d", 10), victim("e", 5), victim("f", 5)})}
        << "node2";
    QTest::addRow("negative priorities count as more pods")
        << std::vector<PreemptionCandidate>{candidate("node1", {victim("a", -10), victim("b", -10)}),
                                            candidate("node2", {victim("c", -10)})}
        << "node2";
    QTest::addRow("fewest victims")
        << std::vector<PreemptionCandidate>{candidate("node1", {victim("a", 10), victim("b", 0)}),
                                            candidate("node2", {victim("c", 10)})}
        << "node2";
    QTest::addRow("latest start of the highest-priority victims")
        << std::vector<PreemptionCandidate>{candidate("node1", {victim("a", 10, "2024-01-01T00:00:05Z")}),
                                            candidate("node2", {victim("b", 10, "2024-01-01T00:00:09Z")}),
                                            candidate("node3", {victim("c", 10, "2024-01-01T00:00:01Z")})}
        << "node2";
    QTest::addRow("ties go to the first")
        << std::vector<PreemptionCandidate>{candidate("node1", {victim("a", 10)}), candidate("node2", {victim("b", 10)})}
        << "node1";
}

void TestDefaultPreemption::pickOneNode()
{
    QFETCH(std::vector<PreemptionCandidate>, candidates);
    QFETCH(QString, expected);
    const std::size_t i = scheduler::DefaultPreemption::pickOneNodeForPreemption(candidates);
    QCOMPARE(QString::fromStdString(candidates[i].nodeName), expected);
}

void TestDefaultPreemption::eligibility()
{
    FakeHandle handle;
    handle.mutableSnapshot().setNode(NodeBuilder("node1").cpu("4").pods(110).ptr());
    auto plugin = makePlugin(handle);
    std::string reason;
    const scheduler::Status none;

    QVERIFY(plugin->podEligibleToPreemptOthers(PodBuilder("p").priority(10).build(), none, reason));
    QVERIFY(!plugin->podEligibleToPreemptOthers(PodBuilder("p").priority(10).preemptionPolicy("Never").build(), none,
                                                reason));
    QCOMPARE(reason, std::string("not eligible due to preemptionPolicy=Never."));

    // A lower-priority victim still terminating on the nominated node: wait for it.
    handle.mutableSnapshot().setPod(PodBuilder("victim")
                                        .uid("victim")
                                        .priority(1)
                                        .node("node1")
                                        .terminating()
                                        .set("/status/conditions",
                                             core::Json::array({{{"type", "DisruptionTarget"},
                                                                 {"status", "True"},
                                                                 {"reason", "PreemptionByScheduler"}}}))
                                        .ptr());
    const core::Pod nominated = PodBuilder("p").priority(10).nominatedNode("node1").build();
    reason.clear();
    QVERIFY(!plugin->podEligibleToPreemptOthers(nominated, none, reason));
    QCOMPARE(reason, std::string("not eligible due to a terminating pod on the nominated node."));
    // ...unless the nominated node cannot take the pod anyway.
    QVERIFY(plugin->podEligibleToPreemptOthers(
        nominated, scheduler::Status(scheduler::Code::UnschedulableAndUnresolvable, "x"), reason));
}

void TestDefaultPreemption::moreImportantPod()
{
    QVERIFY(scheduler::moreImportantPod(*victim("a", 10), *victim("b", 5)));
    QVERIFY(scheduler::moreImportantPod(*victim("a", 5, "2024-01-01T00:00:01Z"), *victim("b", 5, "2024-01-01T00:00:02Z")));
    // A pod that has not started counts as starting now, after every started pod.
    QVERIFY(scheduler::moreImportantPod(*victim("a", 5), *PodBuilder("b").priority(5).ptr()));
}

QTEST_APPLESS_MAIN(TestDefaultPreemption)
#include "tst_defaultpreemption.moc"

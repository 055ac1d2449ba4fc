// SPDX-License-Identifier: GPL-3.0-or-later
// The scheduling queue (upstream internal/queue/scheduling_queue_test.go with queueing
// hints off, as in v1.31): PrioritySort order, backoff 1 s doubling to 10 s, moves on
// cluster events, the 5-minute flush, scheduling gates and nominated pods.
#include <QTest>

#include <map>
#include <string>
#include <vector>

#include "core/scheduler/plugins/names.h"
#include "core/scheduler/scheduler.h"
#include "core/scheduler/schedulingqueue.h"
#include "support/builders.h"

using namespace kubelab;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;
using scheduler::ClusterEvent;
using scheduler::EventResource;
using scheduler::SchedulingQueue;
using Where = scheduler::SchedulingQueue::Where;
namespace action = scheduler::action;

namespace {

scheduler::PodPtr pod(const std::string& name, std::int32_t priority = 0)
{
    return PodBuilder(name).uid(name).priority(priority).ptr();
}

/// A queue wired as the scheduler wires it, for a profile whose plugins register these events.
struct Fixture {
    SchedulingQueue queue;
    std::map<std::string, std::vector<ClusterEvent>> events = {
        {"NodeResourcesFit",
         {ClusterEvent{EventResource::Pod, action::Delete, ""},
          ClusterEvent{EventResource::Node, action::Add | action::UpdateNodeAllocatable, ""}}},
        {"NodeUnschedulable", {ClusterEvent{EventResource::Node, action::Add | action::UpdateNodeTaint, ""}}},
    };
    Fixture()
    {
        queue.setPluginEvents([this](std::string_view, std::string_view plugin) -> const std::vector<ClusterEvent>* {
            auto it = events.find(std::string(plugin));
            return it == events.end() ? nullptr : &it->second;
        });
        queue.setPreEnqueue([](const core::Pod& p) -> scheduler::Status {
            if (p.schedulingGates.empty())
                return {};
            scheduler::Status s(scheduler::Code::UnschedulableAndUnresolvable, "waiting for scheduling gates");
            s.setPlugin(scheduler::names::SchedulingGates);
            return s;
        });
    }
    /// Pops the pod and gives it back as rejected by `plugin` at `now`.
    void fail(const std::string& plugin, scheduler::VirtualTime now)
    {
        auto info = queue.pop(now);
        QVERIFY(info);
        info->unschedulablePlugins = {plugin};
        queue.addUnschedulableIfNotPresent(*info, queue.schedulingCycle(), now);
    }
};

} // namespace

class TestQueue : public QObject {
    Q_OBJECT

private slots:
    void prioritySortOrder();
    void backoffDuration_data();
    void backoffDuration();
    void unschedulableWaitsForAnEvent();
    void eventNotOfInterestKeepsPod();
    void eventAfterBackoffGoesToActiveQ();
    void errorGoesToBackoff();
    void moveRequestDuringCycle();
    void unschedulableTimeout();
    void schedulingGates();
    void updateMovesUnschedulablePod();
    void nominatedPods();
    void nodeAddPreCheck();
    void nextWakeUp();
    void bindingFailed();
};

void TestQueue::prioritySortOrder()
{
    Fixture f;
    f.queue.add(pod("low", 1), 0);
    f.queue.add(pod("high", 5), 10);
    f.queue.add(pod("mid", 3), 20);
    f.queue.add(pod("mid-later", 3), 30);
    f.queue.add(pod("high-earlier", 5), 5);
    std::vector<std::string> order;
    while (auto info = f.queue.pop(100))
        order.push_back(info->pod->name);
    QCOMPARE(order, (std::vector<std::string>{"high-earlier", "high", "mid", "mid-later", "low"}));
}

void TestQueue::backoffDuration_data()
{
    QTest::addColumn<int>("attempts");
    QTest::addColumn<qint64>("duration");
    QTest::addRow("no attempt") << 0 << qint64(0);
    QTest::addRow("1") << 1 << qint64(1000);
    QTest::addRow("2") << 2 << qint64(2000);
    QTest::addRow("3") << 3 << qint64(4000);
    QTest::addRow("4") << 4 << qint64(8000);
    QTest::addRow("5 capped") << 5 << qint64(10000);
    QTest::addRow("9 capped") << 9 << qint64(10000);
}

void TestQueue::backoffDuration()
{
    QFETCH(int, attempts);
    QFETCH(qint64, duration);
    SchedulingQueue q;
    QCOMPARE(q.backoffDuration(attempts), duration);
}

void TestQueue::unschedulableWaitsForAnEvent()
{
    Fixture f;
    const auto p = pod("p");
    f.queue.add(p, 0);
    f.fail("NodeResourcesFit", 0);
    QCOMPARE(f.queue.where(*p), Where::Unschedulable);
    f.queue.flushBackoffQCompleted(60000);
    QCOMPARE(f.queue.where(*p), Where::Unschedulable);
    // A node added at 0.5 s: still backing off (1 s after the attempt) → backoffQ.
    f.queue.moveAllToActiveOrBackoffQueue(ClusterEvent{EventResource::Node, action::Add, "NodeAdd"}, 500);
    QCOMPARE(f.queue.where(*p), Where::Backoff);
    f.queue.flushBackoffQCompleted(999);
    QCOMPARE(f.queue.where(*p), Where::Backoff);
    f.queue.flushBackoffQCompleted(1000);
    QCOMPARE(f.queue.where(*p), Where::Active);
}

void TestQueue::eventNotOfInterestKeepsPod()
{
    Fixture f;
    const auto p = pod("p");
    f.queue.add(p, 0);
    f.fail("NodeUnschedulable", 0);
    f.queue.moveAllToActiveOrBackoffQueue(ClusterEvent{EventResource::Pod, action::Delete, "AssignedPodDelete"}, 5000);
    QCOMPARE(f.queue.where(*p), Where::Unschedulable);
    f.queue.moveAllToActiveOrBackoffQueue(ClusterEvent{EventResource::Node, action::UpdateNodeTaint, "NodeTaintChange"},
                                          5000);
    QCOMPARE(f.queue.where(*p), Where::Active);
}

void TestQueue::eventAfterBackoffGoesToActiveQ()
{
    Fixture f;
    const auto p = pod("p");
    f.queue.add(p, 0);
    f.fail("NodeResourcesFit", 0);
    f.queue.moveAllToActiveOrBackoffQueue(ClusterEvent{EventResource::Pod, action::Delete, "AssignedPodDelete"}, 1500);
    QCOMPARE(f.queue.where(*p), Where::Active);
    // Second failure: backoff 2 s from the new timestamp.
    auto info = f.queue.pop(1500);
    QCOMPARE(info->attempts, 2);
    info->unschedulablePlugins = {"NodeResourcesFit"};
    f.queue.addUnschedulableIfNotPresent(*info, f.queue.schedulingCycle(), 1500);
    QCOMPARE(f.queue.backoffExpiry(*f.queue.info(*p)), scheduler::VirtualTime(3500));
}

void TestQueue::errorGoesToBackoff()
{
    Fixture f;
    const auto p = pod("p");
    f.queue.add(p, 0);
    auto info = f.queue.pop(0);
    f.queue.addUnschedulableIfNotPresent(*info, f.queue.schedulingCycle(), 0); // no rejecting plugin: an error
    QCOMPARE(f.queue.where(*p), Where::Backoff);
    f.queue.flushBackoffQCompleted(1000);
    QCOMPARE(f.queue.where(*p), Where::Active);
}

void TestQueue::moveRequestDuringCycle()
{
    Fixture f;
    const auto p = pod("p");
    f.queue.add(p, 0);
    auto info = f.queue.pop(0);
    // An event arrives while the pod is being scheduled: it is not parked.
    f.queue.moveAllToActiveOrBackoffQueue(ClusterEvent{EventResource::Node, action::Add, "NodeAdd"}, 0);
    info->unschedulablePlugins = {"NodeResourcesFit"};
    f.queue.addUnschedulableIfNotPresent(*info, f.queue.schedulingCycle(), 0);
    QCOMPARE(f.queue.where(*p), Where::Backoff);
}

void TestQueue::unschedulableTimeout()
{
    Fixture f;
    const auto p = pod("p");
    f.queue.add(p, 0);
    f.fail("NodeUnschedulable", 0);
    f.queue.flushUnschedulablePodsLeftover(300000);
    QCOMPARE(f.queue.where(*p), Where::Unschedulable);
    f.queue.flushUnschedulablePodsLeftover(300001);
    QCOMPARE(f.queue.where(*p), Where::Active);
}

void TestQueue::schedulingGates()
{
    Fixture f;
    const auto gated = PodBuilder("g").uid("g").schedulingGate("example.com/wait").ptr();
    f.queue.add(gated, 0);
    QCOMPARE(f.queue.where(*gated), Where::Gated);
    QVERIFY(!f.queue.pop(0));
    // Events and the 5-minute flush do not release a gated pod.
    f.queue.moveAllToActiveOrBackoffQueue(ClusterEvent{EventResource::Node, action::Add, "NodeAdd"}, 10);
    f.queue.flushUnschedulablePodsLeftover(600000);
    QCOMPARE(f.queue.where(*gated), Where::Gated);
    // Removing the gate does.
    f.queue.update(gated, PodBuilder("g").uid("g").ptr(), 700000);
    QCOMPARE(f.queue.where(*gated), Where::Active);
    auto info = f.queue.pop(700000);
    QCOMPARE(info->attempts, 1);
}

void TestQueue::updateMovesUnschedulablePod()
{
    Fixture f;
    const auto p = pod("p");
    f.queue.add(p, 0);
    f.fail("NodeUnschedulable", 0);
    // A status-only change (the nomination) leaves it parked; a label change moves it.
    f.queue.update(p, PodBuilder("p").uid("p").nominatedNode("node-1").ptr(), 5000);
    QCOMPARE(f.queue.where(*p), Where::Unschedulable);
    f.queue.update(p, PodBuilder("p").uid("p").label("tier", "web").ptr(), 5000);
    QCOMPARE(f.queue.where(*p), Where::Active);
}

void TestQueue::nominatedPods()
{
    SchedulingQueue q;
    const auto a = pod("a", 10);
    q.addNominatedPod(a, "node-1");
    QVERIFY(q.nominatedPods("node-1"));
    QCOMPARE(q.nominatedPods("node-1")->size(), std::size_t(1));
    QVERIFY(!q.nominatedPods("node-2"));
    q.addNominatedPod(a, "node-2");
    QVERIFY(!q.nominatedPods("node-1"));
    QCOMPARE(q.nominatedNodeOf(*a), std::string("node-2"));
    q.deleteNominatedPodIfExists(*a);
    QCOMPARE(q.nominatedNodeOf(*a), std::string());
    // A pod added with status.nominatedNodeName is nominated.
    const auto b = PodBuilder("b").uid("b").nominatedNode("node-3").ptr();
    q.add(b, 0);
    QCOMPARE(q.nominatedNodeOf(*b), std::string("node-3"));
    q.remove(*b);
    QVERIFY(!q.nominatedPods("node-3"));
}

void TestQueue::nodeAddPreCheck()
{
    // The scheduler moves a pod on NodeAdd only if the new node could take it (upstream preCheckForNode).
    auto s = scheduler::Scheduler::create();
    QVERIFY(s.has_value());
    auto& sched = **s;
    sched.onNodeAdded(NodeBuilder("small").cpu("1").memory("1Gi").pods(110).ptr(), 0);
    const auto big = PodBuilder("big").uid("big").cpu("2").ptr();
    sched.onPodAdded(big, 0);
    auto r = sched.scheduleNext(0, [] { return std::uint64_t(0); });
    QVERIFY(r);
    QCOMPARE(r->outcome, scheduler::ScheduleResult::Outcome::Unschedulable);
    QCOMPARE(sched.queue().where(*big), Where::Unschedulable);
    sched.onNodeAdded(NodeBuilder("small-2").cpu("1").memory("1Gi").pods(110).ptr(), 2000);
    QCOMPARE(sched.queue().where(*big), Where::Unschedulable);
    sched.onNodeAdded(NodeBuilder("large").cpu("4").memory("8Gi").pods(110).ptr(), 3000);
    QCOMPARE(sched.queue().where(*big), Where::Active);
    r = sched.scheduleNext(3000, [] { return std::uint64_t(0); });
    QCOMPARE(r->node, std::string("large"));
}

void TestQueue::nextWakeUp()
{
    Fixture f;
    QVERIFY(!f.queue.nextWakeUp());
    const auto p = pod("p");
    f.queue.add(p, 0);
    f.fail("NodeResourcesFit", 0);
    QCOMPARE(f.queue.nextWakeUp().value_or(-1), scheduler::VirtualTime(300001));
    f.queue.moveAllToActiveOrBackoffQueue(ClusterEvent{EventResource::Pod, action::Delete, ""}, 200);
    QCOMPARE(f.queue.nextWakeUp().value_or(-1), scheduler::VirtualTime(1000));
}

void TestQueue::bindingFailed()
{
    auto s = scheduler::Scheduler::create();
    QVERIFY(s.has_value());
    auto& sched = **s;
    sched.onNodeAdded(NodeBuilder("node-1").cpu("4").memory("8Gi").pods(110).ptr(), 0);
    const auto p = PodBuilder("web").uid("web").cpu("1").ptr();
    sched.onPodAdded(p, 0);
    auto r = sched.scheduleNext(0, [] { return std::uint64_t(0); });
    QCOMPARE(r->outcome, scheduler::ScheduleResult::Outcome::Scheduled);
    QCOMPARE(sched.snapshot().get("node-1")->pods().size(), std::size_t(1));
    sched.onBindingFailed(p, 10);
    QCOMPARE(sched.snapshot().get("node-1")->pods().size(), std::size_t(0));
    QCOMPARE(sched.queue().where(*p), Where::Backoff);
    sched.flushQueues(1010);
    QCOMPARE(sched.queue().where(*p), Where::Active);
}

QTEST_APPLESS_MAIN(TestQueue)
#include "tst_queue.moc"

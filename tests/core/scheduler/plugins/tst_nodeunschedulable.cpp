// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's plugins/nodeunschedulable/node_unschedulable_test.go.
#include <QTest>

#include "core/scheduler/cyclestate.h"
#include "core/scheduler/plugins/nodeunschedulable.h"
#include "support/builders.h"
#include "support/schedulertesting.h"

using namespace kubelab;
using kubelab::testing::FakeHandle;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;

Q_DECLARE_METATYPE(PodBuilder)
Q_DECLARE_METATYPE(NodeBuilder)
Q_DECLARE_METATYPE(scheduler::Code)

class TestNodeUnschedulable : public QObject {
    Q_OBJECT

private slots:
    void filter_data();
    void filter();
};

void TestNodeUnschedulable::filter_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<NodeBuilder>("node");
    QTest::addColumn<scheduler::Code>("code");
    QTest::addRow("schedulable node") << PodBuilder("p") << NodeBuilder("n").unschedulable(false) << scheduler::Code::Success;
    QTest::addRow("unschedulable node") << PodBuilder("p") << NodeBuilder("n").unschedulable(true)
                                        << scheduler::Code::UnschedulableAndUnresolvable;
    QTest::addRow("unschedulable node, pod tolerates the unschedulable taint")
        << PodBuilder("p").toleration("node.kubernetes.io/unschedulable", "Exists", "", "NoSchedule")
        << NodeBuilder("n").unschedulable(true) << scheduler::Code::Success;
    QTest::addRow("toleration for another effect does not count")
        << PodBuilder("p").toleration("node.kubernetes.io/unschedulable", "Exists", "", "NoExecute")
        << NodeBuilder("n").unschedulable(true) << scheduler::Code::UnschedulableAndUnresolvable;
    QTest::addRow("tolerate everything") << PodBuilder("p").toleration("", "Exists", "", "")
                                         << NodeBuilder("n").unschedulable(true) << scheduler::Code::Success;
}

void TestNodeUnschedulable::filter()
{
    QFETCH(PodBuilder, pod);
    QFETCH(NodeBuilder, node);
    QFETCH(scheduler::Code, code);
    FakeHandle handle;
    handle.mutableSnapshot().setNode(node.ptr());
    auto plugin = scheduler::NodeUnschedulable::create(core::Json::object(), handle);
    auto* filter = dynamic_cast<scheduler::FilterPlugin*>(plugin->get());
    scheduler::CycleState state;
    const scheduler::Status s = filter->filter(state, pod.build(), *handle.mutableSnapshot().get("n"));
    QCOMPARE(s.code(), code);
    if (!s.isSuccess())
        QCOMPARE(s.message(), std::string("node(s) were unschedulable"));
}

QTEST_APPLESS_MAIN(TestNodeUnschedulable)
#include "tst_nodeunschedulable.moc"

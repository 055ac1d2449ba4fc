// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's plugins/nodename/node_name_test.go.
#include <QTest>

#include "core/scheduler/cyclestate.h"
#include "core/scheduler/plugins/nodename.h"
#include "support/builders.h"
#include "support/schedulertesting.h"

using namespace kubelab;
using kubelab::testing::FakeHandle;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;

Q_DECLARE_METATYPE(PodBuilder)
Q_DECLARE_METATYPE(scheduler::Code)

class TestNodeName : public QObject {
    Q_OBJECT

private slots:
    void filter_data();
    void filter();
};

void TestNodeName::filter_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<scheduler::Code>("code");
    QTest::addRow("no host specified") << PodBuilder("p") << scheduler::Code::Success;
    QTest::addRow("host matches") << PodBuilder("p").node("foo") << scheduler::Code::Success;
    QTest::addRow("host doesn't match") << PodBuilder("p").node("bar") << scheduler::Code::UnschedulableAndUnresolvable;
}

void TestNodeName::filter()
{
    QFETCH(PodBuilder, pod);
    QFETCH(scheduler::Code, code);
    FakeHandle handle;
    handle.mutableSnapshot().setNode(NodeBuilder("foo").ptr());
    auto plugin = scheduler::NodeName::create(core::Json::object(), handle);
    auto* filter = dynamic_cast<scheduler::FilterPlugin*>(plugin->get());
    scheduler::CycleState state;
    const scheduler::Status s = filter->filter(state, pod.build(), *handle.mutableSnapshot().get("foo"));
    QCOMPARE(s.code(), code);
    if (!s.isSuccess())
        QCOMPARE(s.message(), std::string("node(s) didn't match the requested node name"));
}

QTEST_APPLESS_MAIN(TestNodeName)
#include "tst_nodename.moc"

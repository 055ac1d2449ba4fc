// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's plugins/schedulinggates/scheduling_gates_test.go.
#include <QTest>

#include "core/scheduler/plugins/schedulinggates.h"
#include "support/builders.h"
#include "support/schedulertesting.h"

using namespace kubelab;
using kubelab::testing::FakeHandle;
using kubelab::testing::PodBuilder;

Q_DECLARE_METATYPE(PodBuilder)

class TestSchedulingGates : public QObject {
    Q_OBJECT

private slots:
    void preEnqueue_data();
    void preEnqueue();
};

void TestSchedulingGates::preEnqueue_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<QString>("message");
    QTest::addRow("pod does not carry scheduling gates") << PodBuilder("p") << "";
    QTest::addRow("pod carries scheduling gates") << PodBuilder("p").schedulingGate("foo").schedulingGate("bar")
                                                  << "waiting for scheduling gates: [foo bar]";
}

void TestSchedulingGates::preEnqueue()
{
    QFETCH(PodBuilder, pod);
    QFETCH(QString, message);
    FakeHandle handle;
    auto plugin = scheduler::SchedulingGates::create(core::Json::object(), handle);
    auto* pre = dynamic_cast<scheduler::PreEnqueuePlugin*>(plugin->get());
    const scheduler::Status s = pre->preEnqueue(pod.build());
    if (message.isEmpty()) {
        QVERIFY(s.isSuccess());
    } else {
        QCOMPARE(s.code(), scheduler::Code::UnschedulableAndUnresolvable);
        QCOMPARE(QString::fromStdString(s.message()), message);
    }
}

QTEST_APPLESS_MAIN(TestSchedulingGates)
#include "tst_schedulinggates.moc"

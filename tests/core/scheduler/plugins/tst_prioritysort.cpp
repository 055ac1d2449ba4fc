// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's plugins/queuesort/priority_sort_test.go.
#include <QTest>

#include "core/scheduler/plugins/prioritysort.h"
#include "support/builders.h"
#include "support/schedulertesting.h"

using namespace kubelab;
using kubelab::testing::FakeHandle;
using kubelab::testing::PodBuilder;

class TestPrioritySort : public QObject {
    Q_OBJECT

private slots:
    void less_data();
    void less();
};

void TestPrioritySort::less_data()
{
    QTest::addColumn<int>("p1");
    QTest::addColumn<qint64>("t1");
    QTest::addColumn<int>("p2");
    QTest::addColumn<qint64>("t2");
    QTest::addColumn<bool>("expected");
    QTest::addRow("p1.priority less than p2.priority") << 1 << qint64(0) << 10 << qint64(0) << false;
    QTest::addRow("p1.priority greater than p2.priority") << 10 << qint64(0) << 1 << qint64(0) << true;
    QTest::addRow("equal priority. p1 is added to schedulingQ earlier than p2") << 10 << qint64(0) << 10 << qint64(1000)
                                                                                << true;
    QTest::addRow("equal priority. p2 is added to schedulingQ earlier than p1") << 10 << qint64(1000) << 10 << qint64(0)
                                                                                << false;
}

void TestPrioritySort::less()
{
    QFETCH(int, p1);
    QFETCH(qint64, t1);
    QFETCH(int, p2);
    QFETCH(qint64, t2);
    QFETCH(bool, expected);
    FakeHandle handle;
    auto plugin = scheduler::PrioritySort::create(core::Json::object(), handle);
    auto* sort = dynamic_cast<scheduler::QueueSortPlugin*>(plugin->get());
    scheduler::QueuedPodInfo a;
    a.pod = PodBuilder("a").priority(p1).ptr();
    a.timestamp = t1;
    scheduler::QueuedPodInfo b;
    b.pod = PodBuilder("b").priority(p2).ptr();
    b.timestamp = t2;
    QCOMPARE(sort->less(a, b), expected);
}

QTEST_APPLESS_MAIN(TestPrioritySort)
#include "tst_prioritysort.moc"

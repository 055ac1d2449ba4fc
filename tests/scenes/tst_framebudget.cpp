// SPDX-License-Identifier: GPL-3.0-or-later
// The slices of GUI work within one frame share its budget: a slice that finds it spent waits
// until older slices leave the frame, and then has their share again.
#include <vector>

#include <QElapsedTimer>
#include <QTest>
#include <QTimer>

#include "scenes/framebudget.h"

using namespace kubelab::scenes;

class TestFrameBudget final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void slicesWithinAFrameShareItsBudget();
    void aSliceCountsItsOwnTime();
    void aSliceThatFindsTheShareSpentIsStartedAgain();
};

namespace {

/// Waits until no slice is counted any more.
void quiet()
{
    QTest::qWait(FrameBudget::kFrameMs + 1);
}

} // namespace

void TestFrameBudget::slicesWithinAFrameShareItsBudget()
{
    const int share = FrameBudget::kSlicesMs;
    // The steps must fall within one frame's time; on a busy machine they may not, and are
    // tried again.
    std::vector<int> seen;
    for (int attempt = 0; attempt < 20; ++attempt) {
        quiet();
        QElapsedTimer clock;
        clock.start();
        seen = {FrameBudget::available(4), FrameBudget::available(100)};
        FrameBudget::spend(3'000);
        seen.push_back(FrameBudget::available(100));
        FrameBudget::spend(2'500);
        seen.push_back(FrameBudget::available(100));
        FrameBudget::spend(5'000);
        seen.push_back(FrameBudget::available(4));
        seen.push_back(FrameBudget::untilNextFrameMs());
        if (clock.elapsed() < FrameBudget::kFrameMs / 2)
            break;
    }
    const int wait = seen.back();
    seen.pop_back();
    QCOMPARE(seen, (std::vector<int>{4, share, share - 3, share - 6, 0})); // whole milliseconds left
    QVERIFY2(wait >= FrameBudget::kFrameMs / 2 && wait <= FrameBudget::kFrameMs, qPrintable(QString::number(wait)));
    QTest::qWait(wait);
    QCOMPARE(FrameBudget::available(100), share); // the three slices have left the frame
}

void TestFrameBudget::aSliceCountsItsOwnTime()
{
    int left = 0;
    for (int attempt = 0; attempt < 20; ++attempt) {
        quiet();
        QElapsedTimer clock;
        {
            const FrameBudget::Slice slice;
            clock.start();
            while (clock.elapsed() < 3) {
            }
        }
        left = FrameBudget::available(100);
        if (clock.elapsed() < FrameBudget::kFrameMs / 2) // asked before the slice left the frame
            break;
    }
    QVERIFY2(left <= FrameBudget::kSlicesMs - 3, qPrintable(QString::number(left)));
}

void TestFrameBudget::aSliceThatFindsTheShareSpentIsStartedAgain()
{
    QTimer timer;
    timer.setSingleShot(true);
    quiet();
    QCOMPARE(FrameBudget::take(4, timer), 4);
    QVERIFY(!timer.isActive()); // the slice runs now
    int budget = -1;
    int interval = -1;
    for (int attempt = 0; attempt < 20; ++attempt) {
        quiet();
        QElapsedTimer clock;
        clock.start();
        FrameBudget::spend(FrameBudget::kSlicesMs * 1000);
        budget = FrameBudget::take(4, timer);
        interval = timer.interval();
        if (clock.elapsed() < FrameBudget::kFrameMs / 2)
            break;
    }
    QCOMPARE(budget, 0);
    QVERIFY(timer.isActive()); // started again for when the share is free
    QVERIFY2(interval >= FrameBudget::kFrameMs / 2 && interval <= FrameBudget::kFrameMs,
             qPrintable(QString::number(interval)));
}

QTEST_MAIN(TestFrameBudget)
#include "tst_framebudget.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The slices of GUI work of one frame share its budget: a slice that finds it spent waits for
// the next frame, and the next frame has the whole share again.
#include <vector>

#include <QElapsedTimer>
#include <QTest>

#include "scenes/framebudget.h"

using namespace kubelab::scenes;

class TestFrameBudget final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void slicesOfOneFrameShareItsBudget();
};

void TestFrameBudget::slicesOfOneFrameShareItsBudget()
{
    // The steps must fall in one frame: on a busy machine a frame may end among them, and then
    // they are tried again from the start of the next (untilNextFrameMs grows when one began).
    std::vector<int> seen;
    for (int attempt = 0; attempt < 20; ++attempt) {
        QTest::qWait(FrameBudget::untilNextFrameMs());
        const int before = FrameBudget::untilNextFrameMs();
        seen = {FrameBudget::available(4), FrameBudget::available(100)};
        FrameBudget::spend(3'000);
        seen.push_back(FrameBudget::available(100));
        FrameBudget::spend(2'500);
        seen.push_back(FrameBudget::available(100));
        FrameBudget::spend(5'000);
        seen.push_back(FrameBudget::available(4));
        if (FrameBudget::untilNextFrameMs() <= before)
            break;
    }
    const int share = FrameBudget::kSlicesMs;
    QCOMPARE(seen, (std::vector<int>{4, share, share - 3, share - 6, 0})); // whole milliseconds left
    const int wait = FrameBudget::untilNextFrameMs();
    QVERIFY(wait >= 1 && wait <= FrameBudget::kFrameMs);
    QTest::qWait(wait);
    QCOMPARE(FrameBudget::available(100), share); // a new frame, a new share

    // A slice counts its own time.
    int left = 0;
    for (int attempt = 0; attempt < 20; ++attempt) {
        QTest::qWait(FrameBudget::untilNextFrameMs());
        const int before = FrameBudget::untilNextFrameMs();
        {
            const FrameBudget::Slice slice;
            QElapsedTimer clock;
            clock.start();
            while (clock.elapsed() < 3) {
            }
        }
        left = FrameBudget::available(100);
        if (FrameBudget::untilNextFrameMs() <= before)
            break;
    }
    QVERIFY2(left <= share - 3, qPrintable(QString::number(left)));
}

QTEST_MAIN(TestFrameBudget)
#include "tst_framebudget.moc"

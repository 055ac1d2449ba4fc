// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenes/framebudget.h"

#include <QTimer>

#include <algorithm>
#include <deque>

namespace kubelab::scenes {

namespace {

/// The slices of the last frame: when each ended, and how long it took.
struct Recent {
    QElapsedTimer clock;
    struct Slice {
        qint64 endedUs = 0;
        qint64 tookUs = 0;
    };
    std::deque<Slice> slices;
};

/// The slices that ended within the last kFrameMs, the older ones forgotten.
Recent& recent()
{
    static Recent r;
    if (!r.clock.isValid())
        r.clock.start();
    const qint64 now = r.clock.nsecsElapsed() / 1000;
    while (!r.slices.empty() && r.slices.front().endedUs <= now - FrameBudget::kFrameMs * 1000)
        r.slices.pop_front();
    return r;
}

qint64 spentUs(const Recent& r)
{
    qint64 spent = 0;
    for (const Recent::Slice& s : r.slices)
        spent += s.tookUs;
    return spent;
}

} // namespace

int FrameBudget::available(int wanted)
{
    return int(std::clamp<qint64>((kSlicesMs * 1000 - spentUs(recent())) / 1000, 0, wanted));
}

int FrameBudget::untilNextFrameMs()
{
    const Recent& r = recent();
    if (r.slices.empty())
        return 1;
    // When the oldest slice of the frame leaves it.
    const qint64 leaves = r.slices.front().endedUs + kFrameMs * 1000 - r.clock.nsecsElapsed() / 1000;
    return int(std::max<qint64>(1, (leaves + 999) / 1000));
}

int FrameBudget::take(int wanted, QTimer& timer)
{
    const int budget = available(wanted);
    if (budget == 0)
        timer.start(untilNextFrameMs());
    return budget;
}

void FrameBudget::spend(qint64 microseconds)
{
    Recent& r = recent();
    r.slices.push_back({r.clock.nsecsElapsed() / 1000, microseconds});
}

} // namespace kubelab::scenes

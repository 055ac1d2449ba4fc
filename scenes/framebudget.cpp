// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenes/framebudget.h"

#include <algorithm>

namespace kubelab::scenes {

namespace {

struct Frame {
    QElapsedTimer clock;   ///< since the first slice; frames are its multiples of kFrameMs
    qint64 index = -1;     ///< the frame `spentUs` belongs to
    qint64 spentUs = 0;
};

Frame& frame()
{
    static Frame f;
    if (!f.clock.isValid())
        f.clock.start();
    const qint64 now = f.clock.elapsed() / FrameBudget::kFrameMs;
    if (now != f.index) {
        f.index = now;
        f.spentUs = 0;
    }
    return f;
}

} // namespace

int FrameBudget::available(int wanted)
{
    return int(std::clamp<qint64>((kSlicesMs * 1000 - frame().spentUs) / 1000, 0, wanted));
}

int FrameBudget::untilNextFrameMs()
{
    const Frame& f = frame();
    return int(std::max<qint64>(1, (f.index + 1) * kFrameMs - f.clock.elapsed()));
}

void FrameBudget::spend(qint64 microseconds)
{
    frame().spentUs += microseconds;
}

} // namespace kubelab::scenes

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>

class QTimer;

namespace kubelab::scenes {

/// The share of each frame the GUI thread gives to work it does in slices (the canvas's item
/// work, the minimap's picture, the story's rows). Each slice runs from a timer; several
/// timers falling due together ran one after the other in one stretch, with the deltas and
/// the repaints of that pass of the event loop on top, and the window stalled for two frames.
/// Now the slices that ended within the last `kFrameMs` take at most `kSlicesMs` together; a
/// slice that finds the share spent waits until older slices leave that window, and the rest
/// of each frame is left to the deltas, the paints and the learner's input. GUI thread only.
class FrameBudget final {
public:
    static constexpr int kFrameMs = 16;
    static constexpr int kSlicesMs = 7;

    /// Milliseconds a slice may take now: what is left of the last frame's share, at most
    /// `wanted`; 0 when the share is spent (start the slice again in `untilNextFrameMs()`).
    [[nodiscard]] static int available(int wanted);
    /// Milliseconds until some of the share is free again (at least 1).
    [[nodiscard]] static int untilNextFrameMs();
    /// Counts `microseconds` of slice work, ended now, against the share.
    static void spend(qint64 microseconds);
    /// The start of a slice that `timer` runs: the milliseconds it may take (see
    /// `available`); when the share is spent, 0, with `timer` started again for when some of
    /// it is free, and the slice returns. Hold a `Slice` for the rest of it.
    [[nodiscard]] static int take(int wanted, QTimer& timer);

    /// Times one slice and counts it when it ends.
    class Slice final {
    public:
        Slice() { m_clock.start(); }
        ~Slice() { spend(m_clock.nsecsElapsed() / 1000); }
        Slice(const Slice&) = delete;
        Slice& operator=(const Slice&) = delete;

    private:
        QElapsedTimer m_clock;
    };
};

} // namespace kubelab::scenes

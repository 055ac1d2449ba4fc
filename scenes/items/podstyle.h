// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QString>

#include "scenes/labsnapshot.h"

namespace kubelab::scenes {

/// The Okabe-Ito palette: eight colours that colour-blind readers tell apart.
namespace okabeito {
inline const QColor orange{0xE6, 0x9F, 0x00};
inline const QColor skyBlue{0x56, 0xB4, 0xE9};
inline const QColor bluishGreen{0x00, 0x9E, 0x73};
inline const QColor yellow{0xF0, 0xE4, 0x42};
inline const QColor blue{0x00, 0x72, 0xB2};
inline const QColor vermilion{0xD5, 0x5E, 0x00};
inline const QColor reddishPurple{0xCC, 0x79, 0xA7};
inline const QColor grey{0x99, 0x99, 0x99};
} // namespace okabeito

/// The small sign drawn on a pod beside its colour, so no state is told by colour alone.
enum class PodGlyph { Hourglass, Spinner, Check, HollowCheck, Done, Cross, Image, Fading, Question };

/// How a pod in some state looks.
struct PodStyle {
    QColor colour;
    bool filled = true;   ///< false: outline only (Running but not Ready)
    bool dashed = false;  ///< Pending, Terminating
    PodGlyph glyph = PodGlyph::Question;
};

[[nodiscard]] PodStyle podStyle(const PodView& pod);
/// A stable hue for a ReplicaSet generation (pods with one pod-template-hash share it).
[[nodiscard]] QColor generationAccent(const QString& templateHash);
/// The translated, learner-facing name of a pod's state (for tooltips and the legend).
[[nodiscard]] QString podStateText(const PodView& pod);
/// Why the pod is being taken away (its DisruptionTarget reason, as a learner reads it);
/// empty when nothing disrupts it.
[[nodiscard]] QString disruptionText(const PodView& pod);

} // namespace kubelab::scenes

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

#include <QString>

#include "scenes/labsnapshot.h"

namespace kubelab::ui {

/// Where a palette item was dropped.
struct DropTarget {
    QString nodeName; ///< the node box under the drop, if any
    QString zone;     ///< the zone section under the drop, if any
};

/// The manifest (YAML) a palette drop applies: a new object of `kind` with a name not yet
/// used in `snapshot`. A Pod dropped on a node gets `spec.nodeName`; a Node dropped in a
/// zone gets that zone's label. Empty for an unknown kind.
[[nodiscard]] QString manifestForDrop(const QString& kind, const DropTarget& target,
                                      const scenes::LabSnapshot& snapshot);

/// The labels a Service dropped on `pod` should select: those shared by the pod's group
/// (the pods of the same owner, or the pod alone), without the labels controllers add per
/// pod or per generation (pod-template-hash, controller-revision-hash, the StatefulSet's
/// pod name and index).
[[nodiscard]] QMap<QString, QString> proposedSelector(const scenes::PodView& pod, const scenes::LabSnapshot& snapshot);

/// A Service manifest in the pod's namespace selecting `selector`, named after the group.
[[nodiscard]] QString serviceManifestFor(const scenes::PodView& pod, const QMap<QString, QString>& selector,
                                         const scenes::LabSnapshot& snapshot);

/// The first `prefix-N` (N from 1) that `taken` says is free.
[[nodiscard]] QString freeName(const QString& prefix, const std::function<bool(const QString&)>& taken);

} // namespace kubelab::ui

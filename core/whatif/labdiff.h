// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/object.h"

namespace kubelab::core {

class Engine;

/// Compares two labs (typically a lab and its fork), `base` ("this") against `other`:
///  - `pods.moved`: pods whose node changed. A pod is matched by name first; pods of the same
///    controller (a ReplicaSet counts as its Deployment) that a controller re-created under
///    another name are then paired, those on the same node first, so a drained node's pods
///    show as moved. `pods.onlyInBase` / `pods.onlyInOther`: what is left unpaired.
///  - `pending`: unscheduled pods per lab, by the reason of their PodScheduled condition.
///  - `nodes`: per node, the requests of its non-terminated pods against its allocatable
///    CPU and memory, with kubectl describe's percentage.
///  - `objects`: objects added (only in other), removed (only in base) and changed (their
///    manifests differ once status and server-set fields are dropped, with the fields that
///    differ). Pods are left to `pods`; Events, Leases, Endpoints and EndpointSlices, which
///    the control plane rewrites all the time, are not compared.
/// Every list is sorted, so the same two labs always give the same text.
[[nodiscard]] Json diffLabs(const Engine& base, const Engine& other);

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include "core/sim/engine.h"

namespace kubelab::core {

/// What the pods/eviction subresource answered: the pod as `remove` left it, or a refusal
/// because its PodDisruptionBudget allows no disruption now (HTTP 429 TooManyRequests,
/// `Cannot evict pod as it would violate the pod's disruption budget.`).
struct Eviction {
    ObjectPtr pod;
    bool blockedByBudget = false;
    std::string message;
};

/// The pods/eviction subresource (pkg/registry/core/pod/storage/eviction.go): a pod that
/// is finished, not started or already going is deleted; otherwise its one
/// PodDisruptionBudget must allow a disruption, which is taken from it
/// (`status.disruptionsAllowed`, `disruptedPods`) before the pod is deleted as `remove` does.
[[nodiscard]] Result<Eviction> evictPod(Engine& engine, const ObjectKey& pod, const DeleteOptions& options,
                                        const RequestContext& ctx);

} // namespace kubelab::core

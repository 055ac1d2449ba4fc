// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Deployment controller's arithmetic, ported from upstream
// pkg/controller/deployment/util/deployment_util.go and the scale step of
// pkg/controller/deployment/sync.go. Pure functions over stored objects, so the tests can
// use upstream's table values directly.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/api/object.h"

namespace kubelab::core {

inline constexpr const char* kRevisionAnnotation = "deployment.kubernetes.io/revision";
inline constexpr const char* kRevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
inline constexpr const char* kDesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
inline constexpr const char* kMaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
inline constexpr const char* kChangeCauseAnnotation = "kubernetes.io/change-cause";
inline constexpr const char* kPodTemplateHashLabel = "pod-template-hash";

/// `spec.replicas` of a ReplicaSet (0 when missing).
[[nodiscard]] std::int64_t specReplicas(const Json& replicaSet);
/// An integer of `status` (`replicas`, `availableReplicas`, `collisionCount`, ...), 0 when missing.
[[nodiscard]] std::int64_t statusField(const Json& object, const char* field);

/// maxSurge and maxUnavailable resolved against spec.replicas (ResolveFenceposts): surge
/// rounds up, unavailable down, and both 0 gives unavailable 1.
struct Fenceposts {
    std::int64_t maxSurge = 0;
    std::int64_t maxUnavailable = 0;
};
[[nodiscard]] Fenceposts resolveFenceposts(const Json& deployment);
/// MaxSurge: 0 unless the strategy is RollingUpdate.
[[nodiscard]] std::int64_t deploymentMaxSurge(const Json& deployment);
/// MaxUnavailable: 0 unless RollingUpdate with replicas > 0; never more than replicas.
[[nodiscard]] std::int64_t deploymentMaxUnavailable(const Json& deployment);
[[nodiscard]] bool isRollingUpdate(const Json& deployment);

/// The `deployment.kubernetes.io/revision` annotation (0 when missing or malformed).
[[nodiscard]] std::int64_t replicaSetRevision(const Json& replicaSet);
/// The `desired-replicas` / `max-replicas` annotations, or -1.
[[nodiscard]] std::int64_t desiredReplicasAnnotation(const Json& replicaSet);
[[nodiscard]] std::int64_t maxReplicasAnnotation(const Json& replicaSet);

/// NewRSNewReplicas: the size the new ReplicaSet may grow to in one step.
[[nodiscard]] std::int64_t newReplicaSetReplicas(const Json& deployment, std::int64_t allReplicaSetsReplicas,
                                                 std::int64_t newReplicaSetReplicas);

/// GetProportion: how many replicas `replicaSet` gains (or loses) when the Deployment adds
/// `toAdd` replicas in all and `added` are already handed out.
[[nodiscard]] std::int64_t replicaSetProportion(const Json& replicaSet, const Json& deployment, std::int64_t toAdd,
                                                std::int64_t added);

/// One ReplicaSet's size after the scale step, and which way it moved.
struct ScaleTarget {
    std::string name;
    std::int64_t replicas = 0;
};

/// DeploymentController.scale (sync.go): the sizes the scale step writes, in the order it
/// writes them. One active (or no active) ReplicaSet takes spec.replicas; a saturated new
/// ReplicaSet sends the old ones to 0; otherwise a RollingUpdate Deployment spreads the
/// difference proportionally (largest first, upstream's rounding, leftover to the first).
/// `newReplicaSet` may be null; `oldReplicaSets` in any order.
[[nodiscard]] std::vector<ScaleTarget> scaleTargets(const Json& deployment, const Json* newReplicaSet,
                                                    const std::vector<Json>& oldReplicaSets);

/// DeploymentComplete / DeploymentProgressing (progress checks on a computed status).
[[nodiscard]] bool deploymentComplete(const Json& deployment, const Json& newStatus);
[[nodiscard]] bool deploymentProgressing(const Json& deployment, const Json& newStatus);

/// The template of a ReplicaSet without its pod-template-hash label (EqualIgnoreHash).
[[nodiscard]] Json templateWithoutHash(const Json& podTemplate);

/// Oldest first, ties by name (controller.ReplicaSetsByCreationTimestamp).
void sortByCreation(std::vector<Json>& replicaSets);

} // namespace kubelab::core

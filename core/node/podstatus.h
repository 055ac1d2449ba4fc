// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>

#include "core/api/object.h"
#include "core/sim/clock.h"

namespace kubelab::core {

/// The pod phase from the container statuses, as upstream's getPhase
/// (pkg/kubelet/kubelet_pods.go): Pending while init or a first start is pending, Running
/// while a container runs or will be restarted, Succeeded / Failed once every container
/// stopped for good.
[[nodiscard]] std::string podPhase(const Json& pod);

/// Whether a container status has `<field>.<state>` (`state.running`, `lastState.terminated`).
[[nodiscard]] bool hasContainerState(const Json& status, const char* field, const char* state);

/// Sets the kubelet's pod conditions (PodReadyToStartContainers, Initialized, Ready,
/// ContainersReady) from the statuses and phase, as upstream's status generators
/// (pkg/kubelet/status/generate.go); lastTransitionTime changes only with the status.
void updatePodConditions(Json& pod, const std::string& now);

/// The crash-loop back-off of a container (upstream's flowcontrol.Backoff as the kubelet
/// uses it: 10 s doubling to 5 min, forgotten when the container ran more than 10 min).
/// Given the run that just ended (started at `started`, ended at `finished`), the
/// restart count so far and when the run before it ended: how long the kubelet waits
/// before starting the container again.
[[nodiscard]] Duration crashLoopDelay(std::int64_t restartCount, VirtualTime started, VirtualTime finished,
                                      std::optional<VirtualTime> previousFinished);

inline constexpr Duration kBackoffInitial = 10 * kSecond;
inline constexpr Duration kBackoffMax = 300 * kSecond;

/// How soon the kubelet's pod worker syncs a pod again after a sync that failed
/// (pod_workers.go's backOffPeriod; upstream adds up to 50 % jitter, the lab none).
inline constexpr Duration kPodWorkerBackOff = 10 * kSecond;

/// Whether the kubelet's sync `sinceFirst` after the first pull of an image that cannot
/// be pulled tries to pull it again (true) or reports ImagePullBackOff (false). The
/// image manager's back-off (flowcontrol.Backoff, 10 s doubling to 5 min) meets syncs
/// every kPodWorkerBackOff, so the pulls happen at 0, 10, 30, 70, 150, 310, 610 s, then
/// every 5 min.
[[nodiscard]] bool isImagePullAttempt(Duration sinceFirst);

} // namespace kubelab::core

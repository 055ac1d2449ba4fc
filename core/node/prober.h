// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/object.h"
#include "core/node/behaviour.h"

namespace kubelab::core {

/// One probe of a container with upstream's defaults (initialDelaySeconds 0,
/// periodSeconds 10, timeoutSeconds 1, successThreshold 1, failureThreshold 3).
struct ProbeSpec {
    std::string handler; ///< exec, httpGet, tcpSocket or grpc
    Json action;         ///< the handler's object
    Duration initialDelay = 0;
    Duration period = 10 * kSecond;
    Duration timeout = 1 * kSecond;
    std::int32_t successThreshold = 1;
    std::int32_t failureThreshold = 3;
};

/// `livenessProbe`, `readinessProbe` or `startupProbe` of a container, if it has one.
[[nodiscard]] std::optional<ProbeSpec> probeOf(const Json& container, std::string_view field);

/// A failed probe, for the `Unhealthy` event (`Liveness probe failed: <output>`).
struct ProbeFailure {
    Duration at = 0;     ///< since the container started
    std::string probe;   ///< Liveness, Readiness or Startup
    std::string output;
};

/// How the simulated kubelet sees one run of a container, from its program, behaviour
/// annotation, memory limit and probes; times are since the container started. The
/// prober's workers tick every periodSeconds from the start, skip ticks before
/// initialDelaySeconds, and liveness and readiness wait for the startup probe (as
/// upstream's pkg/kubelet/prober/worker.go). A probe succeeds when the behaviour model
/// says the container is ready (after `ready-after`) and healthy (before
/// `unhealthy-after`); exec, httpGet, tcpSocket and grpc probes are all judged so.
struct ContainerLife {
    std::optional<Duration> startedAt; ///< startup probe passed (0 without one); unset: never
    std::optional<Duration> readyAt;   ///< readiness became true
    std::optional<Duration> unreadyAt; ///< readiness became false again
    std::optional<Duration> end;       ///< the process ended (exit, crash, OOM kill, probe kill)
    std::int32_t exitCode = 0;
    std::string reason;      ///< Completed, Error or OOMKilled
    std::string killedBy;    ///< liveness or startup when the kubelet killed it

    /// Ready at `t` (since start)?
    [[nodiscard]] bool isReadyAt(Duration t) const
    {
        return readyAt && t >= *readyAt && (!unreadyAt || t < *unreadyAt) && (!end || t < *end);
    }
    [[nodiscard]] bool startedBy(Duration t) const { return startedAt && t >= *startedAt && (!end || t < *end); }
};

struct ProbeContext {
    std::string podIp;
};

/// Memory limit of the container in bytes, 0 when none.
[[nodiscard]] std::int64_t memoryLimitOf(const Json& container);

[[nodiscard]] ContainerLife lifeOf(const Json& container, const Program& program, const Behaviour& behaviour);

/// The probe failures of a run in the window (from, to], in time order.
[[nodiscard]] std::vector<ProbeFailure> probeFailures(const Json& container, const Behaviour& behaviour,
                                                      const ContainerLife& life, Duration from, Duration to,
                                                      const ProbeContext& ctx);

/// The earliest probe failure strictly after `after` (to wake the kubelet for its event).
[[nodiscard]] std::optional<Duration> nextProbeFailure(const Json& container, const Behaviour& behaviour,
                                                       const ContainerLife& life, Duration after);

/// Memory used `t` after the start (behaviour `memory` plus `memory-growth`).
[[nodiscard]] std::int64_t memoryAt(const Behaviour& behaviour, Duration t);

} // namespace kubelab::core

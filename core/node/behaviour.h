// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/sim/clock.h"

namespace kubelab::core {

/// The annotation that tells the simulated kubelet how a pod's containers behave:
/// `kubelab.io/behaviour: "ready-after=5s, crash-after=60s, exit-code=1, cpu=250m,
/// memory=300Mi, memory-growth=10Mi/min"`. `kubelab.io/behaviour.<container>` overrides it
/// for one container.
inline constexpr std::string_view kBehaviourAnnotation = "kubelab.io/behaviour";

/// What the behaviour annotation says about a container. Unset fields keep the defaults:
/// healthy and ready as soon as it runs, never crashing, using `kDefaultMilliCpu` and
/// `kDefaultMemory`.
struct Behaviour {
    std::optional<Duration> readyAfter;     ///< `ready-after`: startup and readiness probes fail before
    std::optional<Duration> unhealthyAfter; ///< `unhealthy-after`: liveness and readiness probes fail from then
    std::optional<Duration> crashAfter;     ///< `crash-after`: the process exits then
    std::int32_t exitCode = 1;              ///< `exit-code`: the exit status of that crash
    std::optional<std::int64_t> milliCpu;   ///< `cpu`: usage in millicores (capped at the limit)
    /// `load`: millicores of demand shared by the ready pods of the namespace with the same
    /// behaviour, as traffic behind a Service is: each uses its share (plus `cpu` if set).
    std::optional<std::int64_t> loadMilliCpu;
    std::optional<std::int64_t> memory;     ///< `memory`: usage in bytes at start
    std::int64_t memoryGrowthPerMinute = 0; ///< `memory-growth`: bytes per minute (`10Mi/min`, `1Mi/s`)

    bool operator==(const Behaviour&) const = default;
};

/// Usage of a container without a behaviour annotation: an idle process.
inline constexpr std::int64_t kDefaultMilliCpu = 1;
inline constexpr std::int64_t kDefaultMemory = 4LL * 1024 * 1024;

/// Parses the annotation's text (`key=value` pairs separated by commas). A bad key or value
/// is refused with a one-line error naming it, e.g.
/// `invalid behaviour "crash-after=soon": crash-after: invalid duration "soon"`.
[[nodiscard]] Result<Behaviour> parseBehaviour(std::string_view text);

/// The behaviour of one container of a pod: `kubelab.io/behaviour.<container>` if set,
/// else `kubelab.io/behaviour` (for app containers: `podWide`), else the defaults. Errors
/// as `parseBehaviour`.
[[nodiscard]] Result<Behaviour> behaviourOf(const Json& pod, std::string_view container, bool podWide = true);

/// What a container's process does, read from its `command` and `args` as a shell would
/// run them: `sleep N`, `exit N`, `true`, `false`, `echo ...`, and `sh -c "..."` scripts of
/// those joined by `;`, `&&`, `||` or new lines. Any other program (a server such as nginx,
/// `sleep infinity`, `tail -f`) runs until it is stopped. An image's default command is a
/// server, except for the plain OS images (busybox, alpine, ubuntu, debian, centos) whose
/// `sh` exits at once without a terminal.
struct Program {
    /// What it prints to stdout, as (time since start, line).
    std::vector<std::pair<Duration, std::string>> output;
    std::optional<Duration> exitAfter; ///< unset: runs until stopped
    std::int32_t exitCode = 0;
    /// A shell or `sleep` as PID 1 ignores SIGTERM, so stopping it takes the whole grace
    /// period and ends with SIGKILL (exit code 137).
    bool ignoresSigterm = false;
};

[[nodiscard]] Program programOf(const Json& container);

} // namespace kubelab::core

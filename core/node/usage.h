// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/api/object.h"

namespace kubelab::core {

class Engine;

/// What metrics-server would report: the usage of a running container, from its
/// behaviour annotation (core/node/behaviour.h): `cpu` (capped at the cpu limit),
/// `memory` plus `memory-growth` since the container started. A container without the
/// annotation idles at `kDefaultMilliCpu` (1m) and `kDefaultMemory` (4Mi).
struct ContainerUsage {
    std::string name;
    std::int64_t milliCpu = 0;
    std::int64_t memory = 0;
};

/// The running containers of a running pod at the engine's now; unset when the pod has
/// no metrics (not running, or no container running), as metrics-server skips it.
[[nodiscard]] std::optional<std::vector<ContainerUsage>> podUsage(const Engine& engine, const Json& pod);

/// A node's own processes (kernel, containerd, kubelet) on top of its pods' usage.
inline constexpr std::int64_t kNodeSystemMilliCpu = 50;
inline constexpr std::int64_t kNodeSystemMemory = 400LL * 1024 * 1024;

struct NodeUsage {
    std::int64_t milliCpu = 0;
    std::int64_t memory = 0;
};

/// The node's usage: its system share plus the usage of the pods running on it; unset for
/// a node that is not Ready (no kubelet answers metrics-server).
[[nodiscard]] std::optional<NodeUsage> nodeUsage(const Engine& engine, const Json& node);

} // namespace kubelab::core

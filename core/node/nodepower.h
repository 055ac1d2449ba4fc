// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>

#include "core/api/error.h"
#include "core/sim/clock.h"

namespace kubelab::core {

class Engine;

/// A simulated node's power, stored as a lab setting (`klab node stop|start`). A node
/// that is off runs no kubelet: it renews no Lease and posts no NodeStatus, and its pods
/// keep their last reported status; the node lifecycle controller notices after
/// node-monitor-grace-period.

/// Whether the node's kubelet runs (every node is on unless `node stop` turned it off).
[[nodiscard]] bool nodePoweredOn(const Engine& engine, const std::string& node);
/// When the node was powered off (its kubelet's last heartbeat), if it is off.
[[nodiscard]] std::optional<VirtualTime> nodePoweredOffAt(const Engine& engine, const std::string& node);

/// Powers the node off: the kubelet's last Lease renewal is now, and it stops.
/// Fails with NotFound for an unknown node and Client when it is already off.
[[nodiscard]] Status stopNode(Engine& engine, const std::string& node);
/// Powers the node on: the kubelet starts again, posts Ready, renews its Lease and picks
/// up its pods. Fails with NotFound for an unknown node and Client when it is already on.
[[nodiscard]] Status startNode(Engine& engine, const std::string& node);

} // namespace kubelab::core

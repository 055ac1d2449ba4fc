// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/labels.h"
#include "core/api/podtypes.h"

namespace kubelab::scheduler {

/// Virtual time in milliseconds, as the engine's clock gives it. The scheduler never reads
/// a clock itself: every call that needs the time takes it.
using VirtualTime = std::int64_t;

/// Pods and nodes are shared, immutable values: the engine decodes each stored version
/// once and hands the same pointer to the queue, the snapshot and the cycle.
using PodPtr = std::shared_ptr<const core::Pod>;
using NodePtr = std::shared_ptr<const core::Node>;

/// The kind of object a cluster event is about (upstream `framework.EventResource`).
enum class EventResource : std::uint8_t {
    Pod,
    Node,
    PersistentVolume,
    PersistentVolumeClaim,
    StorageClass,
    CSINode,
    WildCard,
};

/// What happened to it (upstream `framework.ActionType`), a bit mask.
namespace action {
inline constexpr std::uint32_t Add = 1U << 0;
inline constexpr std::uint32_t Delete = 1U << 1;
inline constexpr std::uint32_t UpdateNodeAllocatable = 1U << 2;
inline constexpr std::uint32_t UpdateNodeLabel = 1U << 3;
inline constexpr std::uint32_t UpdateNodeTaint = 1U << 4;
inline constexpr std::uint32_t UpdateNodeCondition = 1U << 5;
inline constexpr std::uint32_t UpdateNodeAnnotation = 1U << 6;
inline constexpr std::uint32_t UpdatePodLabel = 1U << 7;
inline constexpr std::uint32_t UpdatePodScaleDown = 1U << 8;
inline constexpr std::uint32_t UpdatePodTolerations = 1U << 9;
inline constexpr std::uint32_t UpdatePodSchedulingGatesEliminated = 1U << 10;
/// Any update (every Update* bit).
inline constexpr std::uint32_t Update = UpdateNodeAllocatable | UpdateNodeLabel | UpdateNodeTaint
    | UpdateNodeCondition | UpdateNodeAnnotation | UpdatePodLabel | UpdatePodScaleDown | UpdatePodTolerations
    | UpdatePodSchedulingGatesEliminated;
inline constexpr std::uint32_t All = Add | Delete | Update;
} // namespace action

/// A change in the cluster that may make unschedulable pods schedulable.
struct ClusterEvent {
    EventResource resource = EventResource::WildCard;
    std::uint32_t actionType = action::All;
    std::string_view label; ///< for logs, e.g. `NodeAdd`

    /// True when this (observed) event is covered by `registered`, a plugin's interest.
    [[nodiscard]] bool matches(const ClusterEvent& registered) const
    {
        if (registered.resource == EventResource::WildCard)
            return (registered.actionType & actionType) != 0;
        return registered.resource == resource && (registered.actionType & actionType) != 0;
    }
};

/// A pod in the scheduling queue with its bookkeeping (upstream `QueuedPodInfo`).
struct QueuedPodInfo {
    PodPtr pod;
    /// When the pod was last added to a queue (activeQ order, backoff start).
    VirtualTime timestamp = 0;
    /// When the pod entered the queue the first time.
    VirtualTime initialAttemptTimestamp = 0;
    /// Scheduling attempts so far.
    int attempts = 0;
    /// Plugins that rejected the pod in its last attempt (they decide which events help).
    std::set<std::string, std::less<>> unschedulablePlugins;
    /// Set while a PreEnqueue plugin (SchedulingGates) keeps the pod out of activeQ.
    bool gated = false;
    std::string gatingPlugin;
};

/// What preemption needs to know of a PodDisruptionBudget.
struct PodDisruptionBudget {
    std::string ns;
    std::string name;
    core::LabelSelector selector;
    std::int32_t disruptionsAllowed = 0;
    /// Pods already being disrupted (status.disruptedPods), by name.
    std::set<std::string, std::less<>> disruptedPods;
};

} // namespace kubelab::scheduler

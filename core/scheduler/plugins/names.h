// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

/// The in-tree plugin names, as upstream's `framework/plugins/names/names.go`. Every
/// plugin's `name()` returns one of these; configuration refers to plugins by them.
namespace kubelab::scheduler::names {

inline constexpr std::string_view PrioritySort = "PrioritySort";
inline constexpr std::string_view DefaultBinder = "DefaultBinder";
inline constexpr std::string_view DefaultPreemption = "DefaultPreemption";
inline constexpr std::string_view DynamicResources = "DynamicResources";
inline constexpr std::string_view ImageLocality = "ImageLocality";
inline constexpr std::string_view InterPodAffinity = "InterPodAffinity";
inline constexpr std::string_view NodeAffinity = "NodeAffinity";
inline constexpr std::string_view NodeName = "NodeName";
inline constexpr std::string_view NodePorts = "NodePorts";
inline constexpr std::string_view NodeResourcesBalancedAllocation = "NodeResourcesBalancedAllocation";
inline constexpr std::string_view NodeResourcesFit = "NodeResourcesFit";
inline constexpr std::string_view NodeUnschedulable = "NodeUnschedulable";
inline constexpr std::string_view NodeVolumeLimits = "NodeVolumeLimits";
inline constexpr std::string_view PodTopologySpread = "PodTopologySpread";
inline constexpr std::string_view SchedulingGates = "SchedulingGates";
inline constexpr std::string_view TaintToleration = "TaintToleration";
inline constexpr std::string_view VolumeBinding = "VolumeBinding";
inline constexpr std::string_view VolumeRestrictions = "VolumeRestrictions";
inline constexpr std::string_view VolumeZone = "VolumeZone";

} // namespace kubelab::scheduler::names

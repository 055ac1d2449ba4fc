// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/registry.h"

#include <array>

#include "core/scheduler/plugins/defaultbinder.h"
#include "core/scheduler/plugins/defaultpreemption.h"
#include "core/scheduler/plugins/imagelocality.h"
#include "core/scheduler/plugins/interpodaffinity.h"
#include "core/scheduler/plugins/names.h"
#include "core/scheduler/plugins/nodeaffinity.h"
#include "core/scheduler/plugins/nodename.h"
#include "core/scheduler/plugins/nodeports.h"
#include "core/scheduler/plugins/noderesourcesbalancedallocation.h"
#include "core/scheduler/plugins/noderesourcesfit.h"
#include "core/scheduler/plugins/nodeunschedulable.h"
#include "core/scheduler/plugins/nodevolumelimits.h"
#include "core/scheduler/plugins/podtopologyspread.h"
#include "core/scheduler/plugins/prioritysort.h"
#include "core/scheduler/plugins/schedulinggates.h"
#include "core/scheduler/plugins/tainttoleration.h"
#include "core/scheduler/plugins/volumebinding.h"
#include "core/scheduler/plugins/volumerestrictions.h"
#include "core/scheduler/plugins/volumezone.h"

namespace kubelab::scheduler {

namespace {

// One line per plugin, as upstream's registry.go. Adding a plugin is adding its header
// above and `{names::X, &X::create}` here (the default profile leaves out in-tree names
// the registry does not build).
const std::array kRegistry = {
    RegistryEntry{names::SchedulingGates, &SchedulingGates::create},
    RegistryEntry{names::PrioritySort, &PrioritySort::create},
    RegistryEntry{names::NodeUnschedulable, &NodeUnschedulable::create},
    RegistryEntry{names::NodeName, &NodeName::create},
    RegistryEntry{names::TaintToleration, &TaintToleration::create},
    RegistryEntry{names::NodeAffinity, &NodeAffinity::create},
    RegistryEntry{names::NodePorts, &NodePorts::create},
    RegistryEntry{names::NodeResourcesFit, &noderesources::NodeResourcesFit::create},
    RegistryEntry{names::VolumeRestrictions, &VolumeRestrictions::create},
    RegistryEntry{names::NodeVolumeLimits, &NodeVolumeLimits::create},
    RegistryEntry{names::VolumeBinding, &VolumeBinding::create},
    RegistryEntry{names::VolumeZone, &VolumeZone::create},
    RegistryEntry{names::PodTopologySpread, &PodTopologySpread::create},
    RegistryEntry{names::InterPodAffinity, &InterPodAffinity::create},
    RegistryEntry{names::DefaultPreemption, &DefaultPreemption::create},
    RegistryEntry{names::NodeResourcesBalancedAllocation, &noderesources::NodeResourcesBalancedAllocation::create},
    RegistryEntry{names::ImageLocality, &ImageLocality::create},
    RegistryEntry{names::DefaultBinder, &DefaultBinder::create},
};

} // namespace

std::span<const RegistryEntry> inTreeRegistry()
{
    return kRegistry;
}

const RegistryEntry* findPlugin(std::string_view name)
{
    for (const RegistryEntry& entry : kRegistry)
        if (entry.name == name)
            return &entry;
    return nullptr;
}

} // namespace kubelab::scheduler

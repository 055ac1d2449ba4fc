// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/volumerestrictions.h"

#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler {

core::Result<std::unique_ptr<Plugin>> VolumeRestrictions::create(const core::Json& /*args*/, Handle& /*handle*/)
{
    return std::make_unique<VolumeRestrictions>();
}

std::string_view VolumeRestrictions::name() const
{
    return names::VolumeRestrictions;
}

Status VolumeRestrictions::preFilter(CycleState& /*state*/, const core::Pod& pod, PreFilterResult& /*result*/)
{
    if (!pod.hasPvcVolumes())
        return Status(Code::Skip);
    return {};
}

Status VolumeRestrictions::filter(const CycleState& /*state*/, const core::Pod& /*pod*/, const NodeInfo& /*nodeInfo*/)
{
    return {};
}

std::vector<ClusterEvent> VolumeRestrictions::eventsToRegister() const
{
    return {
        ClusterEvent{EventResource::Pod, action::Delete, "PodDelete"},
        ClusterEvent{EventResource::PersistentVolumeClaim, action::Add | action::Update, "PvcChange"},
        ClusterEvent{EventResource::Node, action::Add | action::UpdateNodeLabel | action::UpdateNodeTaint, "NodeChange"},
    };
}

} // namespace kubelab::scheduler

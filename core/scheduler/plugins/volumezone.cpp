// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/volumezone.h"

#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler {

core::Result<std::unique_ptr<Plugin>> VolumeZone::create(const core::Json& /*args*/, Handle& /*handle*/)
{
    return std::make_unique<VolumeZone>();
}

std::string_view VolumeZone::name() const
{
    return names::VolumeZone;
}

Status VolumeZone::preFilter(CycleState& /*state*/, const core::Pod& pod, PreFilterResult& /*result*/)
{
    if (!pod.hasPvcVolumes())
        return Status(Code::Skip);
    return {};
}

Status VolumeZone::filter(const CycleState& /*state*/, const core::Pod& /*pod*/, const NodeInfo& /*nodeInfo*/)
{
    return {};
}

std::vector<ClusterEvent> VolumeZone::eventsToRegister() const
{
    return {
        ClusterEvent{EventResource::StorageClass, action::Add, "StorageClassAdd"},
        ClusterEvent{EventResource::PersistentVolume, action::Add | action::Update, "PvChange"},
        ClusterEvent{EventResource::PersistentVolumeClaim, action::Add | action::Update, "PvcChange"},
        ClusterEvent{EventResource::Node, action::Add | action::UpdateNodeLabel | action::UpdateNodeTaint, "NodeChange"},
    };
}

} // namespace kubelab::scheduler

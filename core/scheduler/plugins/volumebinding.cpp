// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/volumebinding.h"

#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler {

core::Result<std::unique_ptr<Plugin>> VolumeBinding::create(const core::Json& /*args*/, Handle& /*handle*/)
{
    return std::make_unique<VolumeBinding>();
}

std::string_view VolumeBinding::name() const
{
    return names::VolumeBinding;
}

Status VolumeBinding::preFilter(CycleState& /*state*/, const core::Pod& pod, PreFilterResult& /*result*/)
{
    if (!pod.hasPvcVolumes())
        return Status(Code::Skip);
    return {};
}

Status VolumeBinding::filter(const CycleState& /*state*/, const core::Pod& /*pod*/, const NodeInfo& /*nodeInfo*/)
{
    return {};
}

Status VolumeBinding::preScore(CycleState& /*state*/, const core::Pod& /*pod*/, std::span<NodeInfo* const> /*nodes*/)
{
    return Status(Code::Skip);
}

Status VolumeBinding::score(CycleState& /*state*/, const core::Pod& /*pod*/, const NodeInfo& /*nodeInfo*/, std::int64_t& score)
{
    score = 0;
    return {};
}

Status VolumeBinding::reserve(CycleState& /*state*/, const core::Pod& /*pod*/, const std::string& /*nodeName*/)
{
    return {};
}

void VolumeBinding::unreserve(CycleState& /*state*/, const core::Pod& /*pod*/, const std::string& /*nodeName*/)
{
}

Status VolumeBinding::preBind(CycleState& /*state*/, const core::Pod& /*pod*/, const std::string& /*nodeName*/)
{
    return {};
}

std::vector<ClusterEvent> VolumeBinding::eventsToRegister() const
{
    return {
        ClusterEvent{EventResource::PersistentVolumeClaim, action::Add | action::Update, "PvcChange"},
        ClusterEvent{EventResource::PersistentVolume, action::Add | action::Update, "PvChange"},
        ClusterEvent{EventResource::StorageClass, action::Add | action::Update, "StorageClassChange"},
        ClusterEvent{EventResource::CSINode, action::Add | action::Update, "CSINodeChange"},
        ClusterEvent{EventResource::Node, action::Add | action::UpdateNodeLabel | action::UpdateNodeTaint, "NodeChange"},
    };
}

} // namespace kubelab::scheduler

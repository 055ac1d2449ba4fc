// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/nodevolumelimits.h"

#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler {

core::Result<std::unique_ptr<Plugin>> NodeVolumeLimits::create(const core::Json& /*args*/, Handle& /*handle*/)
{
    return std::make_unique<NodeVolumeLimits>();
}

std::string_view NodeVolumeLimits::name() const
{
    return names::NodeVolumeLimits;
}

Status NodeVolumeLimits::preFilter(CycleState& /*state*/, const core::Pod& pod, PreFilterResult& /*result*/)
{
    if (!pod.hasPvcVolumes())
        return Status(Code::Skip);
    return {};
}

Status NodeVolumeLimits::filter(const CycleState& /*state*/, const core::Pod& /*pod*/, const NodeInfo& /*nodeInfo*/)
{
    return {};
}

std::vector<ClusterEvent> NodeVolumeLimits::eventsToRegister() const
{
    return {
        ClusterEvent{EventResource::CSINode, action::Add | action::Update, "CSINodeChange"},
        ClusterEvent{EventResource::Pod, action::Delete, "PodDelete"},
        ClusterEvent{EventResource::PersistentVolumeClaim, action::Add, "PvcAdd"},
    };
}

} // namespace kubelab::scheduler

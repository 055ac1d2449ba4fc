// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/nodeunschedulable.h"

#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler {

core::Result<std::unique_ptr<Plugin>> NodeUnschedulable::create(const core::Json& /*args*/, Handle& /*handle*/)
{
    return std::make_unique<NodeUnschedulable>();
}

std::string_view NodeUnschedulable::name() const
{
    return names::NodeUnschedulable;
}

Status NodeUnschedulable::filter(const CycleState& /*state*/, const core::Pod& pod, const NodeInfo& nodeInfo)
{
    const core::Node* node = nodeInfo.node();
    if (!node || !node->unschedulable)
        return {};
    static const core::Taint unschedulableTaint{"node.kubernetes.io/unschedulable", "", core::TaintEffect::NoSchedule,
                                                std::nullopt};
    if (core::tolerationsTolerateTaint(pod.tolerations, unschedulableTaint))
        return {};
    return Status(Code::UnschedulableAndUnresolvable, std::string(kErrReasonUnschedulable));
}

std::vector<ClusterEvent> NodeUnschedulable::eventsToRegister() const
{
    return {ClusterEvent{EventResource::Node, action::Add | action::UpdateNodeTaint, "NodeChange"}};
}

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/nodename.h"

#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler {

core::Result<std::unique_ptr<Plugin>> NodeName::create(const core::Json& /*args*/, Handle& /*handle*/)
{
    return std::make_unique<NodeName>();
}

std::string_view NodeName::name() const
{
    return names::NodeName;
}

Status NodeName::filter(const CycleState& /*state*/, const core::Pod& pod, const NodeInfo& nodeInfo)
{
    if (pod.nodeName.empty() || pod.nodeName == nodeInfo.name())
        return {};
    return Status(Code::UnschedulableAndUnresolvable, std::string(kErrReason));
}

std::vector<ClusterEvent> NodeName::eventsToRegister() const
{
    return {ClusterEvent{EventResource::Node, action::Add | action::Update, "NodeChange"}};
}

} // namespace kubelab::scheduler

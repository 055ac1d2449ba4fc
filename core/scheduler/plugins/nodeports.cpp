// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/nodeports.h"

#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler {

namespace {

constexpr std::string_view kNodePortsPreFilterKey = "PreFilterNodePorts";

struct NodePortsPreFilterState final : StateData {
    std::vector<core::ContainerPort> ports;
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<NodePortsPreFilterState>(*this); }
};

} // namespace

core::Result<std::unique_ptr<Plugin>> NodePorts::create(const core::Json& /*args*/, Handle& /*handle*/)
{
    return std::make_unique<NodePorts>();
}

std::string_view NodePorts::name() const
{
    return names::NodePorts;
}

Status NodePorts::preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& /*result*/)
{
    auto ports = hostPortsOf(pod);
    if (ports.empty())
        return Status(Code::Skip);
    auto s = std::make_unique<NodePortsPreFilterState>();
    for (const core::ContainerPort* p : ports)
        s->ports.push_back(*p);
    state.write(kNodePortsPreFilterKey, std::move(s));
    return {};
}

Status NodePorts::filter(const CycleState& state, const core::Pod& /*pod*/, const NodeInfo& nodeInfo)
{
    const auto* s = state.get<NodePortsPreFilterState>(kNodePortsPreFilterKey);
    if (!s)
        return Status::error("reading \"PreFilterNodePorts\" from cycleState: not found");
    if (!fitsPorts(s->ports, nodeInfo))
        return Status(Code::Unschedulable, std::string(kErrReason));
    return {};
}

bool NodePorts::fitsPorts(const std::vector<core::ContainerPort>& wanted, const NodeInfo& nodeInfo)
{
    for (const core::ContainerPort& p : wanted)
        if (nodeInfo.usedPorts().checkConflict(p.hostIP, p.protocol, p.hostPort))
            return false;
    return true;
}

std::vector<ClusterEvent> NodePorts::eventsToRegister() const
{
    return {
        ClusterEvent{EventResource::Pod, action::Delete, "PodDelete"},
        ClusterEvent{EventResource::Node, action::Add | action::Update, "NodeChange"},
    };
}

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/schedulinggates.h"

#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler {

core::Result<std::unique_ptr<Plugin>> SchedulingGates::create(const core::Json& /*args*/, Handle& /*handle*/)
{
    return std::make_unique<SchedulingGates>();
}

std::string_view SchedulingGates::name() const
{
    return names::SchedulingGates;
}

Status SchedulingGates::preEnqueue(const core::Pod& pod)
{
    if (pod.schedulingGates.empty())
        return {};
    std::string gates = "[";
    for (std::size_t i = 0; i < pod.schedulingGates.size(); ++i)
        gates += (i ? " " : "") + pod.schedulingGates[i];
    gates += "]";
    return Status(Code::UnschedulableAndUnresolvable, "waiting for scheduling gates: " + gates);
}

} // namespace kubelab::scheduler

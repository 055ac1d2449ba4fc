// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/prioritysort.h"

#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler {

core::Result<std::unique_ptr<Plugin>> PrioritySort::create(const core::Json& /*args*/, Handle& /*handle*/)
{
    return std::make_unique<PrioritySort>();
}

std::string_view PrioritySort::name() const
{
    return names::PrioritySort;
}

bool PrioritySort::less(const QueuedPodInfo& a, const QueuedPodInfo& b) const
{
    const std::int32_t p1 = a.pod->priority;
    const std::int32_t p2 = b.pod->priority;
    return p1 > p2 || (p1 == p2 && a.timestamp < b.timestamp);
}

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugin.h"

#include <algorithm>

namespace kubelab::scheduler {

void PreFilterResult::merge(const PreFilterResult& other)
{
    if (other.allNodes())
        return;
    if (allNodes()) {
        nodeNames = other.nodeNames;
        return;
    }
    std::vector<std::string> kept;
    for (const std::string& name : *nodeNames)
        if (std::find(other.nodeNames->begin(), other.nodeNames->end(), name) != other.nodeNames->end())
            kept.push_back(name);
    nodeNames = std::move(kept);
}

const Status& NodeToStatus::get(const std::string& nodeName) const
{
    auto it = m_statuses.find(nodeName);
    return it == m_statuses.end() ? m_absent : it->second;
}

} // namespace kubelab::scheduler

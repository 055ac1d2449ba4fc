// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/cyclestate.h"

#include <algorithm>

namespace kubelab::scheduler {

void CycleState::write(std::string_view key, std::unique_ptr<StateData> data)
{
    for (auto& [k, v] : m_entries) {
        if (k == key) {
            v = std::move(data);
            return;
        }
    }
    m_entries.emplace_back(key, std::move(data));
}

StateData* CycleState::read(std::string_view key) const
{
    // Keys are the plugins' static constants: the same pointer almost always.
    for (const auto& [k, v] : m_entries)
        if (k.data() == key.data() && k.size() == key.size())
            return v.get();
    for (const auto& [k, v] : m_entries)
        if (k == key)
            return v.get();
    return nullptr;
}

void CycleState::erase(std::string_view key)
{
    std::erase_if(m_entries, [key](const auto& e) { return e.first == key; });
}

CycleState CycleState::clone() const
{
    CycleState out;
    out.m_entries.reserve(m_entries.size());
    for (const auto& [k, v] : m_entries)
        out.m_entries.emplace_back(k, v ? v->clone() : nullptr);
    out.m_skipFilter = m_skipFilter;
    out.m_skipScore = m_skipScore;
    return out;
}

void CycleState::clear()
{
    m_entries.clear();
    m_skipFilter.clear();
    m_skipScore.clear();
}

bool CycleState::filterSkipped(std::string_view plugin) const
{
    return std::find(m_skipFilter.begin(), m_skipFilter.end(), plugin) != m_skipFilter.end();
}

bool CycleState::scoreSkipped(std::string_view plugin) const
{
    return std::find(m_skipScore.begin(), m_skipScore.end(), plugin) != m_skipScore.end();
}

} // namespace kubelab::scheduler

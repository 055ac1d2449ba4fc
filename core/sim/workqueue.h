// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <deque>
#include <optional>
#include <set>

namespace kubelab::core {

/// A de-duplicating FIFO of keys, as client-go's workqueue: a key queued twice before it
/// is processed is processed once.
template <typename Key>
class WorkQueue final {
public:
    void add(const Key& key)
    {
        if (m_queued.insert(key).second)
            m_items.push_back(key);
    }
    [[nodiscard]] bool empty() const { return m_items.empty(); }
    [[nodiscard]] std::size_t size() const { return m_items.size(); }
    std::optional<Key> pop()
    {
        if (m_items.empty())
            return std::nullopt;
        Key k = std::move(m_items.front());
        m_items.pop_front();
        m_queued.erase(k);
        return k;
    }

private:
    std::deque<Key> m_items;
    std::set<Key> m_queued;
};

} // namespace kubelab::core

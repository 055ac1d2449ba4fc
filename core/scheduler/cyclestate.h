// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace kubelab::scheduler {

/// Data one plugin stores in the CycleState for later extension points of the same cycle.
class StateData {
public:
    virtual ~StateData() = default;
    /// A copy for preemption's what-if runs; immutable data may share itself.
    [[nodiscard]] virtual std::unique_ptr<StateData> clone() const = 0;
};

/// Per-cycle data shared between plugins, as upstream's `framework.CycleState`: the only
/// way plugins pass data from PreFilter to Filter or from PreScore to Score. Keys must be
/// static strings (they are kept as views). Not thread-safe; one cycle at a time.
class CycleState final {
public:
    CycleState() = default;
    CycleState(CycleState&&) noexcept = default;
    CycleState& operator=(CycleState&&) noexcept = default;
    CycleState(const CycleState&) = delete;
    CycleState& operator=(const CycleState&) = delete;

    /// Stores `data` under `key`, replacing what was there.
    void write(std::string_view key, std::unique_ptr<StateData> data);
    /// The data under `key`, or nullptr.
    [[nodiscard]] StateData* read(std::string_view key) const;
    /// The data under `key` as `T` (nullptr when absent). A key always holds the same type
    /// (the plugin that owns the key writes it), so no dynamic check is made on this hot path.
    template <typename T>
    [[nodiscard]] T* get(std::string_view key) const
    {
        return static_cast<T*>(read(key));
    }
    void erase(std::string_view key);

    /// A deep copy (each entry cloned).
    [[nodiscard]] CycleState clone() const;
    /// Empties the state, keeping its storage for the next cycle.
    void clear();

    /// Plugins whose PreFilter returned Skip: their Filter is not run.
    void skipFilter(std::string_view plugin) { m_skipFilter.push_back(plugin); }
    [[nodiscard]] bool filterSkipped(std::string_view plugin) const;
    /// Plugins whose PreScore returned Skip: their Score is not run.
    void skipScore(std::string_view plugin) { m_skipScore.push_back(plugin); }
    [[nodiscard]] bool scoreSkipped(std::string_view plugin) const;

private:
    std::vector<std::pair<std::string_view, std::unique_ptr<StateData>>> m_entries;
    std::vector<std::string_view> m_skipFilter;
    std::vector<std::string_view> m_skipScore;
};

} // namespace kubelab::scheduler

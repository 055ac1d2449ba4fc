// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

#include "core/api/object.h"
#include "core/store/store.h"
#include "scenes/labsnapshot.h"

namespace kubelab::scenes {

/// Keeps a `LabSnapshot` in step with an engine's store: reset once from the stored
/// objects, then fed each watch event. Runs on the engine's thread; hands out copies.
class SnapshotBuilder final {
public:
    /// `epochSeconds` is the lab's epoch, to turn timestamps into virtual time.
    explicit SnapshotBuilder(std::int64_t epochSeconds = 0) : m_epochSeconds(epochSeconds) {}

    void setEpoch(std::int64_t epochSeconds) { m_epochSeconds = epochSeconds; }
    /// Rebuilds from every object (the store's, or the lab's at a past revision).
    void reset(const std::vector<core::Json>& objects);
    /// Applies one change. Returns whether the change touches structure (an object came,
    /// went, or a pod moved to a node) rather than state alone.
    ChangeKind apply(const core::WatchEvent& event);

    [[nodiscard]] const LabSnapshot& snapshot() const { return m_snapshot; }
    [[nodiscard]] LabSnapshot& snapshot() { return m_snapshot; }

    /// Whether the next thing to send is the whole snapshot (after `reset`, or when the
    /// receiver has something else, as after a view of the past) rather than a delta.
    [[nodiscard]] bool wholeDue() const { return m_wholeDue; }
    void setWholeDue() { m_wholeDue = true; }
    /// The whole snapshot; what changed so far counts as sent.
    [[nodiscard]] const LabSnapshot& takeWhole();
    /// The pods and nodes that came, changed or went since the last `takeDelta` or
    /// `takeWhole`, with the rest of the snapshot as it is now.
    [[nodiscard]] LabDelta takeDelta();

    [[nodiscard]] NodeView nodeView(const core::Json& node) const;
    [[nodiscard]] PodView podView(const core::Json& pod) const;
    [[nodiscard]] static ServiceView serviceView(const core::Json& service);
    [[nodiscard]] static VolumeView volumeView(const core::Json& volume);
    [[nodiscard]] static ClaimView claimView(const core::Json& claim);
    [[nodiscard]] static StorageClassView storageClassView(const core::Json& storageClass);
    [[nodiscard]] static IngressView ingressView(const core::Json& ingress);
    [[nodiscard]] static WorkloadView workloadView(const core::Json& workload);

private:
    /// Inserts or replaces the view of one object; returns Structure for a new object
    /// or a pod whose node changed.
    ChangeKind put(const core::Json& object);
    ChangeKind erase(const core::ObjectKey& key);

    std::int64_t m_epochSeconds = 0;
    LabSnapshot m_snapshot;
    QSet<QString> m_changedPods;   ///< keys in m_snapshot.pods that came or changed since the last take
    QSet<QString> m_removedPods;
    QSet<QString> m_changedNodes;
    QSet<QString> m_removedNodes;
    bool m_wholeDue = true;
};

} // namespace kubelab::scenes

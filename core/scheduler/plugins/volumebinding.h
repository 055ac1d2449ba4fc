// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// VolumeBinding (pkg/scheduler/framework/plugins/volumebinding): the pod's claims must
/// exist and, unless their class is WaitForFirstConsumer, be bound; a bound volume's node
/// affinity must match the node; an unbound WaitForFirstConsumer claim needs an Available
/// volume usable on the node or a class that can provision there (`allowedTopologies`).
/// PreBind's API writes (a chosen volume's claimRef, or the claim's
/// `volume.kubernetes.io/selected-node`) are made by the scheduler component after the
/// cycle (`bindPodVolumes`), since plugins do not write to the API here.
class VolumeBinding final : public PreFilterPlugin, public FilterPlugin, public PreScorePlugin, public ScorePlugin, public ReservePlugin, public PreBindPlugin, public EnqueueExtensions {
public:
    explicit VolumeBinding(Handle& handle) : m_handle(&handle) { }
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);
    [[nodiscard]] std::string_view name() const override;
    [[nodiscard]] Status preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& result) override;
    [[nodiscard]] Status filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo) override;
    /// Capacity scoring (VolumeCapacityPriority) is off in v1.31: Skip.
    [[nodiscard]] Status preScore(CycleState& state, const core::Pod& pod, std::span<NodeInfo* const> nodes) override;
    [[nodiscard]] Status score(CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo,
                               std::int64_t& score) override;
    [[nodiscard]] Status reserve(CycleState& state, const core::Pod& pod, const std::string& nodeName) override;
    void unreserve(CycleState& state, const core::Pod& pod, const std::string& nodeName) override;
    [[nodiscard]] Status preBind(CycleState& state, const core::Pod& pod, const std::string& nodeName) override;
    [[nodiscard]] std::vector<ClusterEvent> eventsToRegister() const override;

private:
    Handle* m_handle = nullptr;
};

/// What PreBind decides for one unbound WaitForFirstConsumer claim on a node: the
/// Available volume to bind it to, or none (the class provisions).
struct VolumeDecision {
    std::string claim;
    std::string volume; ///< empty: provision through the claim's class
};

/// The decisions for the pod's unbound WaitForFirstConsumer claims on `node` (upstream
/// FindPodVolumes' static bindings and dynamic provisions), from the snapshot's objects.
[[nodiscard]] std::vector<VolumeDecision> volumeDecisions(const Snapshot& snapshot, const core::Pod& pod,
                                                          const core::Node& node);

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// VolumeBinding: claims of the pod must be bound, or bindable on the node (WaitForFirstConsumer);
/// binds them before the pod (PreBind).
/// The lab does not model storage yet: a pod without PersistentVolumeClaims is skipped
/// (as upstream does), and a pod with claims passes the filter until the storage
/// behaviour of k8s-semantics §9 arrives with the PV binder.
class VolumeBinding final : public PreFilterPlugin, public FilterPlugin, public PreScorePlugin, public ScorePlugin, public ReservePlugin, public PreBindPlugin, public EnqueueExtensions {
public:
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
};

} // namespace kubelab::scheduler

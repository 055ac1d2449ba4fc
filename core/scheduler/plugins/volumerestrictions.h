// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// VolumeRestrictions (plugins/volumerestrictions): a claim with the `ReadWriteOncePod` access
/// mode serves one pod in the whole cluster. PreFilter counts the pod's such claims that a
/// scheduled pod already uses; Filter refuses every node while the count is not zero (`node has
/// pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode`,
/// Unschedulable: preemption may evict the pod that holds the claim, and AddPod / RemovePod
/// keep the count for its what-if runs). Simplified: the inline cloud disks upstream also checks
/// for conflicts on a node (GCE PD, AWS EBS, RBD, iSCSI; `node(s) had no available disk`) are
/// not modelled.
class VolumeRestrictions final : public PreFilterPlugin, public FilterPlugin, public EnqueueExtensions {
public:
    explicit VolumeRestrictions(Handle& handle) : m_handle(&handle) { }
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);
    [[nodiscard]] std::string_view name() const override;
    [[nodiscard]] Status preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& result) override;
    [[nodiscard]] bool hasPreFilterExtensions() const override { return true; }
    [[nodiscard]] Status addPod(CycleState& state, const core::Pod& podToSchedule, const PodPtr& podToAdd,
                                const NodeInfo& nodeInfo) override;
    [[nodiscard]] Status removePod(CycleState& state, const core::Pod& podToSchedule, const PodPtr& podToRemove,
                                   const NodeInfo& nodeInfo) override;
    [[nodiscard]] Status filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo) override;
    [[nodiscard]] std::vector<ClusterEvent> eventsToRegister() const override;

private:
    Handle* m_handle = nullptr;
};

} // namespace kubelab::scheduler

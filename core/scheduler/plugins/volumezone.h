// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// VolumeZone: zonal volumes of the pod's claims must be reachable from the node's zone.
/// The lab does not model storage yet: a pod without PersistentVolumeClaims is skipped
/// (as upstream does), and a pod with claims passes the filter until the storage
/// behaviour of k8s-semantics §9 arrives with the PV binder.
class VolumeZone final : public PreFilterPlugin, public FilterPlugin, public EnqueueExtensions {
public:
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);
    [[nodiscard]] std::string_view name() const override;
    [[nodiscard]] Status preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& result) override;
    [[nodiscard]] Status filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo) override;
    [[nodiscard]] std::vector<ClusterEvent> eventsToRegister() const override;
};

} // namespace kubelab::scheduler

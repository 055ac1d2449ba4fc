// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// NodeVolumeLimits: the node's limit of attachable CSI volumes.
/// The limits come from each node's CSINode object (`spec.drivers[].allocatable.count`); the
/// lab has no CSINode objects, and upstream without them sets no limit: every node passes.
/// A pod without PersistentVolumeClaims is skipped, as upstream.
class NodeVolumeLimits final : public PreFilterPlugin, public FilterPlugin, public EnqueueExtensions {
public:
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);
    [[nodiscard]] std::string_view name() const override;
    [[nodiscard]] Status preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& result) override;
    [[nodiscard]] Status filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo) override;
    [[nodiscard]] std::vector<ClusterEvent> eventsToRegister() const override;
};

} // namespace kubelab::scheduler

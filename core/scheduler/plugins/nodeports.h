// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// NodePorts: a pod asking for host ports fits only nodes where those ports (same
/// protocol, overlapping host IP) are free.
class NodePorts final : public PreFilterPlugin, public FilterPlugin, public EnqueueExtensions {
public:
    static constexpr std::string_view kErrReason = "node(s) didn't have free ports for the requested pod ports";

    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);
    [[nodiscard]] std::string_view name() const override;
    [[nodiscard]] Status preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& result) override;
    [[nodiscard]] Status filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo) override;
    [[nodiscard]] std::vector<ClusterEvent> eventsToRegister() const override;

    /// True when none of `wanted` conflicts with the node's used ports.
    [[nodiscard]] static bool fitsPorts(const std::vector<core::ContainerPort>& wanted, const NodeInfo& nodeInfo);
};

} // namespace kubelab::scheduler

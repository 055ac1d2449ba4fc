// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// NodeUnschedulable: a cordoned node (`spec.unschedulable`) takes only pods tolerating
/// `node.kubernetes.io/unschedulable:NoSchedule`.
class NodeUnschedulable final : public FilterPlugin, public EnqueueExtensions {
public:
    static constexpr std::string_view kErrReasonUnschedulable = "node(s) were unschedulable";

    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);
    [[nodiscard]] std::string_view name() const override;
    [[nodiscard]] Status filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo) override;
    [[nodiscard]] std::vector<ClusterEvent> eventsToRegister() const override;
};

} // namespace kubelab::scheduler

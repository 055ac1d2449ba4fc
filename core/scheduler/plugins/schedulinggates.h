// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// SchedulingGates: a pod with `spec.schedulingGates` stays out of activeQ
/// (`waiting for scheduling gates: [gate]`) until the gates are removed.
class SchedulingGates final : public PreEnqueuePlugin, public EnqueueExtensions {
public:
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);
    [[nodiscard]] std::string_view name() const override;
    [[nodiscard]] Status preEnqueue(const core::Pod& pod) override;
    /// None: only an update of the pod itself (handled by the queue) lifts the gates.
    [[nodiscard]] std::vector<ClusterEvent> eventsToRegister() const override { return {}; }
};

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// DefaultBinder: binds the pod to the chosen node. The scheduler never writes the store,
/// so binding here only approves it; the caller posts the binding (`spec.nodeName`) when
/// it applies the ScheduleResult.
class DefaultBinder final : public BindPlugin {
public:
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);
    [[nodiscard]] std::string_view name() const override;
    [[nodiscard]] Status bind(CycleState& state, const core::Pod& pod, const std::string& nodeName) override;
};

} // namespace kubelab::scheduler

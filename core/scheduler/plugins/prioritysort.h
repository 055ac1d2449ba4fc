// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// PrioritySort: activeQ order by `spec.priority` (higher first), then by the time the pod
/// entered the queue.
class PrioritySort final : public QueueSortPlugin {
public:
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);
    [[nodiscard]] std::string_view name() const override;
    [[nodiscard]] bool less(const QueuedPodInfo& a, const QueuedPodInfo& b) const override;
};

} // namespace kubelab::scheduler

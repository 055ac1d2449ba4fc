// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

#include "core/store/store.h"

namespace kubelab::core {

class Engine;

/// A control-plane component the engine drives (a controller, the scheduler, a kubelet).
/// Components are level-triggered, as in Kubernetes: `start` resyncs from the stored
/// state (so a lab reopened by another `klab` run carries on), watch events enqueue keys,
/// and `work` processes one unit. They write only through the engine's API.
class Component {
public:
    virtual ~Component() = default;

    /// The name shown as the actor of its writes, e.g. `replicaset-controller`.
    [[nodiscard]] virtual std::string_view name() const = 0;
    /// Called once the lab is loaded and before any command runs.
    virtual void start(Engine& engine) = 0;
    virtual void onEvent(const WatchEvent& event) = 0;
    [[nodiscard]] virtual bool hasWork() const = 0;
    /// Processes one unit of queued work.
    virtual void work() = 0;
};

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

class Engine;

/// The resource quota controller (pkg/controller/resourcequota): keeps every ResourceQuota's
/// `status.hard` (= spec.hard) and `status.used` (the usage of what the quota selects in its
/// namespace) current as objects come and go.
class ResourceQuotaController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "resourcequota-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_queue.empty(); }
    void work() override;

    void sync(const ObjectKey& key);

private:
    Engine* m_engine = nullptr;
    WorkQueue<ObjectKey> m_queue;
};

} // namespace kubelab::core

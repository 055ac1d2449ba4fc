// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/object.h"
#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

class Engine;

/// The clusterrole-aggregation controller (pkg/controller/clusterroleaggregation): keeps
/// the rules of every ClusterRole with an aggregationRule equal to the union of the rules
/// of the ClusterRoles its selectors pick. Any ClusterRole change requeues every
/// aggregated role, as upstream's enqueueAll.
class ClusterRoleAggregationController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "clusterrole-aggregation-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_queue.empty(); }
    void work() override;

private:
    void enqueueAll();
    void sync(const ObjectKey& key);

    Engine* m_engine = nullptr;
    WorkQueue<ObjectKey> m_queue;
};

} // namespace kubelab::core

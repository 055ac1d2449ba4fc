// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/clusterroleaggregation.h"

#include "core/auth/rbac.h"
#include "core/sim/engine.h"

namespace kubelab::core {

void ClusterRoleAggregationController::start(Engine& engine)
{
    m_engine = &engine;
    enqueueAll();
}

void ClusterRoleAggregationController::enqueueAll()
{
    for (const ObjectPtr& role : m_engine->list("ClusterRole"))
        if (role->contains("aggregationRule") && !role->at("aggregationRule").is_null())
            m_queue.add(keyOf(*role));
}

void ClusterRoleAggregationController::onEvent(const WatchEvent& event)
{
    if (m_engine && event.key.kind == "ClusterRole")
        enqueueAll();
}

void ClusterRoleAggregationController::work()
{
    if (auto key = m_queue.pop())
        sync(*key);
}

void ClusterRoleAggregationController::sync(const ObjectKey& key)
{
    ObjectPtr live = m_engine->get(key);
    if (!live || !live->contains("aggregationRule") || live->at("aggregationRule").is_null())
        return;
    Json rules = Json::array();
    for (Json& r : rbac::aggregatedRules(*m_engine, *live))
        rules.push_back(std::move(r));
    if (live->value("rules", Json::array()) == rules)
        return;
    Json next = *live;
    next["rules"] = rules;
    (void)m_engine->update(std::move(next), RequestContext::component("clusterrole-aggregation-controller"));
}

} // namespace kubelab::core

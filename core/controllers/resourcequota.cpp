// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/resourcequota.h"

#include "core/auth/quota.h"
#include "core/sim/engine.h"

namespace kubelab::core {

void ResourceQuotaController::start(Engine& engine)
{
    m_engine = &engine;
    for (const ObjectPtr& q : engine.list("ResourceQuota"))
        m_queue.add(keyOf(*q));
}

void ResourceQuotaController::onEvent(const WatchEvent& event)
{
    if (!m_engine)
        return;
    if (event.key.kind == "ResourceQuota") {
        if (event.type != WatchEventType::Deleted)
            m_queue.add(event.key);
        return;
    }
    if (event.key.ns.empty() || event.key.kind == "Event")
        return;
    for (const ObjectPtr& q : m_engine->list("ResourceQuota", event.key.ns))
        m_queue.add(keyOf(*q));
}

void ResourceQuotaController::work()
{
    if (auto key = m_queue.pop())
        sync(*key);
}

void ResourceQuotaController::sync(const ObjectKey& key)
{
    ObjectPtr live = m_engine->get(key);
    if (!live || isBeingDeleted(*live))
        return;
    Json hard = resourceListJson(resourceListOf(live->value("spec", Json::object()).value("hard", Json::object())));
    Json used = resourceListJson(calculateQuotaUsage(*m_engine, *live));
    Json status = live->value("status", Json::object());
    if (status.value("hard", Json::object()) == hard && status.value("used", Json::object()) == used)
        return;
    Json next = *live;
    next["status"]["hard"] = hard;
    next["status"]["used"] = used;
    (void)m_engine->updateStatus(next, RequestContext::component("resourcequota-controller"));
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/garbagecollector.h"

#include <algorithm>

#include "core/api/resources.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

std::vector<std::string> finalizersOf(const Json& o)
{
    std::vector<std::string> out;
    static const Json::json_pointer p("/metadata/finalizers");
    if (o.contains(p) && o.at(p).is_array())
        for (const Json& f : o.at(p))
            if (f.is_string())
                out.push_back(f.get<std::string>());
    return out;
}

std::vector<std::string> ownerUids(const Json& o)
{
    std::vector<std::string> out;
    static const Json::json_pointer p("/metadata/ownerReferences");
    if (o.contains(p) && o.at(p).is_array())
        for (const Json& r : o.at(p))
            if (r.is_object() && r.contains("uid") && r["uid"].is_string())
                out.push_back(r["uid"].get<std::string>());
    return out;
}

} // namespace

void GarbageCollector::start(Engine& engine)
{
    m_engine = &engine;
    m_dependents.clear();
    m_byUid.clear();
    for (const std::string& kind : engine.store().kinds())
        for (const ObjectPtr& o : engine.list(kind))
            index(*o, true);
    // Resync: anything whose owner is missing or that waits on a GC finalizer.
    for (const std::string& kind : engine.store().kinds())
        for (const ObjectPtr& o : engine.list(kind)) {
            bool orphaned = false;
            for (const std::string& uid : ownerUids(*o))
                if (!m_byUid.contains(uid))
                    orphaned = true;
            auto f = finalizersOf(*o);
            if (orphaned || (isBeingDeleted(*o) && (std::ranges::find(f, "foregroundDeletion") != f.end() ||
                                                    std::ranges::find(f, "orphan") != f.end())))
                m_queue.add(keyOf(*o));
        }
}

void GarbageCollector::index(const Json& object, bool add)
{
    ObjectKey key = keyOf(object);
    std::string uid = uidOf(object);
    if (add) {
        if (!uid.empty())
            m_byUid[uid] = key;
        for (const std::string& owner : ownerUids(object))
            m_dependents[owner].insert(key);
    } else {
        if (!uid.empty())
            m_byUid.erase(uid);
        for (const std::string& owner : ownerUids(object)) {
            auto it = m_dependents.find(owner);
            if (it != m_dependents.end()) {
                it->second.erase(key);
                if (it->second.empty())
                    m_dependents.erase(it);
            }
        }
    }
}

std::set<ObjectKey> GarbageCollector::dependentsOf(const std::string& uid) const
{
    auto it = m_dependents.find(uid);
    return it == m_dependents.end() ? std::set<ObjectKey>{} : it->second;
}

void GarbageCollector::onEvent(const WatchEvent& event)
{
    // Most updates (status, conditions) change neither the uid nor the owners.
    const bool sameEdges = event.type == WatchEventType::Modified && event.previous &&
                           uidOf(*event.previous) == uidOf(*event.object) &&
                           ownerUids(*event.previous) == ownerUids(*event.object);
    if (event.previous && !sameEdges)
        index(*event.previous, false);
    if (event.type != WatchEventType::Deleted) {
        if (!sameEdges)
            index(*event.object, true);
        auto f = finalizersOf(*event.object);
        if (isBeingDeleted(*event.object) &&
            (std::ranges::find(f, "foregroundDeletion") != f.end() || std::ranges::find(f, "orphan") != f.end()))
            m_queue.add(event.key);
        // A new dependent of a missing owner is collected too.
        for (const std::string& owner : ownerUids(*event.object))
            if (!m_byUid.contains(owner))
                m_queue.add(event.key);
    }
    std::string uid = uidOf(*event.object);
    if (event.type == WatchEventType::Deleted || isBeingDeleted(*event.object)) {
        for (const ObjectKey& d : dependentsOf(uid))
            m_queue.add(d);
    }
    // An owner being deleted in the foreground waits for its dependents: re-check it.
    if (event.type == WatchEventType::Deleted)
        for (const std::string& owner : ownerUids(*event.object))
            if (auto it = m_byUid.find(owner); it != m_byUid.end())
                m_queue.add(it->second);
}

void GarbageCollector::work()
{
    auto key = m_queue.pop();
    if (!key)
        return;
    ObjectPtr obj = m_engine->get(*key);
    if (!obj)
        return;
    RequestContext ctx = RequestContext::controller("serviceaccount:kube-system:generic-garbage-collector", "generic-garbage-collector");
    auto finalizers = finalizersOf(*obj);
    std::string uid = uidOf(*obj);

    // Finish an owner's orphan or foreground deletion.
    if (isBeingDeleted(*obj)) {
        if (std::ranges::find(finalizers, "orphan") != finalizers.end()) {
            for (const ObjectKey& d : dependentsOf(uid)) {
                ObjectPtr dep = m_engine->get(d);
                if (!dep)
                    continue;
                Json next = *dep;
                Json refs = Json::array();
                for (const Json& r : next["metadata"]["ownerReferences"])
                    if (r.value("uid", "") != uid)
                        refs.push_back(r);
                if (refs.empty())
                    next["metadata"].erase("ownerReferences");
                else
                    next["metadata"]["ownerReferences"] = refs;
                (void)m_engine->update(std::move(next), ctx);
            }
            (void)m_engine->update(withoutFinalizer(*m_engine->get(*key), "orphan"), ctx);
            return;
        }
        if (std::ranges::find(finalizers, "foregroundDeletion") != finalizers.end()) {
            auto deps = dependentsOf(uid);
            bool remaining = false;
            for (const ObjectKey& d : deps) {
                ObjectPtr dep = m_engine->get(d);
                if (!dep)
                    continue;
                remaining = true;
                if (!isBeingDeleted(*dep))
                    (void)m_engine->remove(d, DeleteOptions{Propagation::Foreground, std::nullopt}, ctx);
            }
            if (!remaining)
                (void)m_engine->update(withoutFinalizer(*obj, "foregroundDeletion"), ctx);
            return;
        }
    }

    // Background cascade: an object all of whose owners are gone is deleted.
    auto owners = ownerUids(*obj);
    if (owners.empty() || isBeingDeleted(*obj))
        return;
    bool allGone = true;
    bool ownerForeground = false;
    for (const std::string& o : owners) {
        auto it = m_byUid.find(o);
        if (it != m_byUid.end()) {
            ObjectPtr owner = m_engine->get(it->second);
            if (owner && isBeingDeleted(*owner)) {
                auto f = finalizersOf(*owner);
                if (std::ranges::find(f, "foregroundDeletion") != f.end()) {
                    ownerForeground = true;
                    continue;
                }
            }
            allGone = false;
        }
    }
    if (allGone || ownerForeground) {
        const ResourceInfo* r = findResourceByKind(key->kind);
        m_engine->story("controller-manager", *key, "GarbageCollected", "gc.deleted",
                        Json{{"kind", std::string(r ? r->singular : key->kind)}, {"name", key->name}});
        (void)m_engine->remove(*key, DeleteOptions{ownerForeground ? Propagation::Foreground : Propagation::Background,
                                                   std::nullopt},
                               ctx);
    }
}

void NamespaceController::start(Engine& engine)
{
    m_engine = &engine;
    for (const ObjectPtr& ns : engine.list("Namespace"))
        m_queue.add(nameOf(*ns));
}

void NamespaceController::onEvent(const WatchEvent& event)
{
    if (event.key.kind == "Namespace" && event.type != WatchEventType::Deleted)
        m_queue.add(event.key.name);
    else if (event.key.kind == "ServiceAccount" && event.type == WatchEventType::Deleted)
        m_queue.add(event.key.ns);
    else if (event.type == WatchEventType::Deleted && !event.key.ns.empty()) {
        if (ObjectPtr ns = m_engine->get(ObjectKey{"Namespace", "", event.key.ns}); ns && isBeingDeleted(*ns))
            m_queue.add(event.key.ns);
    }
}

void NamespaceController::work()
{
    auto name = m_queue.pop();
    if (!name)
        return;
    ObjectPtr ns = m_engine->get(ObjectKey{"Namespace", "", *name});
    if (!ns)
        return;
    if (!isBeingDeleted(*ns)) {
        if (!m_engine->get(ObjectKey{"ServiceAccount", *name, "default"})) {
            RequestContext ctx = RequestContext::controller("serviceaccount-controller", "service-account-controller");
            (void)m_engine->create(Json{{"apiVersion", "v1"},
                                        {"kind", "ServiceAccount"},
                                        {"metadata", {{"name", "default"}, {"namespace", *name}}}},
                                   ctx);
        }
        return;
    }
    RequestContext ctx = RequestContext::controller("namespace-controller", "namespace-controller");
    bool remaining = false;
    for (const ResourceInfo& r : allResources()) {
        if (!r.namespaced || !r.stored)
            continue;
        for (const ObjectPtr& o : m_engine->list(r.kind, *name)) {
            remaining = true;
            if (!isBeingDeleted(*o))
                (void)m_engine->remove(keyOf(*o), DeleteOptions{}, ctx);
        }
    }
    if (remaining) {
        // Some objects wait on finalizers or grace periods: look again when they go.
        return;
    }
    m_engine->story("controller-manager", keyOf(*ns), "NamespaceDeleted", "namespace.deleted",
                    Json{{"namespace", *name}});
    Json next = *ns;
    next["spec"]["finalizers"] = Json::array();
    next["status"]["phase"] = "Terminating";
    (void)m_engine->update(next, ctx);
    if (m_engine->get(ObjectKey{"Namespace", "", *name}))
        (void)m_engine->remove(ObjectKey{"Namespace", "", *name}, DeleteOptions{Propagation::Background, 0}, ctx);
}

} // namespace kubelab::core

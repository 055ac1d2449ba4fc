// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/store.h"

#include "core/api/resources.h"

namespace kubelab::core {

namespace {
std::string resourceName(const std::string& kind)
{
    const ResourceInfo* r = findResourceByKind(kind);
    return r ? r->qualifiedPlural() : kind;
}
} // namespace

void Store::load(std::vector<PackedObject> objects, std::int64_t revision)
{
    m_objects.clear();
    m_pending.clear();
    m_undo.clear();
    for (PackedObject& o : objects)
        m_objects[o.key.kind][{std::move(o.key.ns), std::move(o.key.name)}] = Entry{nullptr, std::move(o.packed)};
    m_revision = revision;
    m_revisionAtTake = revision;
}

ObjectPtr Store::get(const ObjectKey& key) const
{
    auto b = m_objects.find(key.kind);
    if (b == m_objects.end())
        return nullptr;
    auto e = b->second.find({key.ns, key.name});
    return e == b->second.end() ? nullptr : decoded(key.kind, e->first, e->second);
}

const ObjectPtr& Store::decoded(const std::string& kind, const Id& id, const Entry& entry)
{
    if (!entry.object) {
        Json object;
        try {
            object = unpackObject(entry.packed);
        } catch (const std::exception&) {
            // Bytes the lab file holds but that do not decode (a file edited by hand): the
            // object keeps its identity so it can still be listed and deleted.
            object = Json{{"kind", kind}, {"metadata", Json{{"name", id.second}}}};
            if (!id.first.empty())
                object["metadata"]["namespace"] = id.first;
        }
        entry.object = std::make_shared<const Json>(std::move(object));
        std::string().swap(entry.packed);
    }
    return entry.object;
}

std::vector<ObjectPtr> Store::list(std::string_view kind, std::string_view ns) const
{
    std::vector<ObjectPtr> out;
    auto b = m_objects.find(std::string(kind));
    if (b == m_objects.end())
        return out;
    if (ns.empty()) {
        out.reserve(b->second.size());
        for (const auto& [k, e] : b->second)
            out.push_back(decoded(b->first, k, e));
        return out;
    }
    std::string nss(ns);
    for (auto it = b->second.lower_bound({nss, std::string()}); it != b->second.end() && it->first.first == nss; ++it)
        out.push_back(decoded(b->first, it->first, it->second));
    return out;
}

std::size_t Store::count(std::string_view kind) const
{
    auto b = m_objects.find(std::string(kind));
    return b == m_objects.end() ? 0 : b->second.size();
}

std::vector<std::string> Store::kinds() const
{
    std::vector<std::string> out;
    for (const auto& [k, b] : m_objects)
        if (!b.empty())
            out.push_back(k);
    return out;
}

ObjectPtr Store::put(const ObjectKey& key, Json object)
{
    ++m_revision;
    object["metadata"]["resourceVersion"] = std::to_string(m_revision);
    auto ptr = std::make_shared<const Json>(std::move(object));
    m_objects[key.kind][{key.ns, key.name}] = Entry{ptr, {}};
    return ptr;
}

Result<ObjectPtr> Store::create(Json object, const std::string& actor, VirtualTime now)
{
    ObjectKey key = keyOf(object);
    auto [slot, inserted] = m_objects[key.kind].try_emplace(Id{key.ns, key.name});
    if (!inserted)
        return fail(ErrorCode::AlreadyExists, resourceName(key.kind) + " \"" + key.name + "\" already exists");
    ++m_revision;
    object["metadata"]["resourceVersion"] = std::to_string(m_revision);
    ObjectPtr ptr = std::make_shared<const Json>(std::move(object));
    slot->second.object = ptr;
    m_undo.push_back({key, nullptr});
    m_pending.push_back(Revision{m_revision, now, "create", key, actor, packObject(*ptr)});
    notify(WatchEvent{WatchEventType::Added, key, ptr, nullptr, m_revision});
    return ptr;
}

Result<ObjectPtr> Store::update(Json object, const std::string& actor, VirtualTime now)
{
    ObjectKey key = keyOf(object);
    ObjectPtr before = get(key);
    if (!before)
        return fail(ErrorCode::NotFound, resourceName(key.kind) + " \"" + key.name + "\" not found");
    std::string rv = stringAt(object, Json::json_pointer("/metadata/resourceVersion"));
    std::string current = stringAt(*before, Json::json_pointer("/metadata/resourceVersion"));
    if (!rv.empty() && rv != current)
        return fail(ErrorCode::Conflict, "Operation cannot be fulfilled on " + resourceName(key.kind) + " \"" +
                                             key.name +
                                             "\": the object has been modified; please apply your changes to the "
                                             "latest version and try again");
    ObjectPtr ptr = put(key, std::move(object));
    m_undo.push_back({key, before});
    m_pending.push_back(Revision{m_revision, now, "update", key, actor, packObject(*ptr)});
    notify(WatchEvent{WatchEventType::Modified, key, ptr, before, m_revision});
    return ptr;
}

Result<ObjectPtr> Store::remove(const ObjectKey& key, const std::string& actor, VirtualTime now)
{
    ObjectPtr before = get(key);
    if (!before)
        return fail(ErrorCode::NotFound, resourceName(key.kind) + " \"" + key.name + "\" not found");
    m_objects[key.kind].erase({key.ns, key.name});
    ++m_revision;
    m_undo.push_back({key, before});
    m_pending.push_back(Revision{m_revision, now, "delete", key, actor, packObject(*before)});
    notify(WatchEvent{WatchEventType::Deleted, key, before, before, m_revision});
    return before;
}

int Store::addWatcher(Watcher watcher)
{
    int id = m_nextWatcher++;
    m_watchers.emplace(id, std::move(watcher));
    return id;
}

void Store::removeWatcher(int id)
{
    m_watchers.erase(id);
}

void Store::notify(const WatchEvent& event)
{
    for (auto& [id, w] : m_watchers)
        w(event);
}

std::vector<Revision> Store::takePending()
{
    std::vector<Revision> out;
    out.swap(m_pending);
    m_undo.clear();
    m_revisionAtTake = m_revision;
    return out;
}

void Store::rollback()
{
    for (auto it = m_undo.rbegin(); it != m_undo.rend(); ++it) {
        ObjectPtr now = get(it->key);
        if (it->before) {
            m_objects[it->key.kind][{it->key.ns, it->key.name}] = Entry{it->before, {}};
            notify(WatchEvent{now ? WatchEventType::Modified : WatchEventType::Added, it->key, it->before, now,
                              m_revisionAtTake});
        } else {
            m_objects[it->key.kind].erase({it->key.ns, it->key.name});
            if (now)
                notify(WatchEvent{WatchEventType::Deleted, it->key, now, now, m_revisionAtTake});
        }
    }
    m_undo.clear();
    m_pending.clear();
    m_revision = m_revisionAtTake;
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/store.h"

#include <charconv>
#include <unordered_set>

#include "core/api/resources.h"

namespace kubelab::core {

namespace {
std::string resourceName(const std::string& kind)
{
    const ResourceInfo* r = findResourceByKind(kind);
    return r ? r->qualifiedPlural() : kind;
}

/// Kinds the store keeps in their stored form only, decoding them for each read: Events,
/// which a lab writes by the hundred thousand (several per pod) and reads seldom (`klab get
/// events`, describe, the inspector), so a decoded copy of each would be most of their cost.
bool keptPacked(std::string_view kind)
{
    return kind == "Event";
}

/// After a write: an entry of a kind kept packed drops its decoded form for the stored one
/// (the revision's bytes).
template <typename Entry>
void keepPacked(std::string_view kind, Entry& entry, const std::string& packed)
{
    if (!keptPacked(kind))
        return;
    entry.packed = packed;
    entry.object = nullptr;
}

/// An object from its stored form. Bytes that do not decode (a lab file edited by hand) give
/// an object with only its identity, so it can still be listed and deleted.
Json unpacked(const std::string& kind, const std::pair<std::string, std::string>& id, std::string_view packed)
{
    try {
        return unpackObject(packed);
    } catch (const std::exception&) {
        Json object = Json{{"kind", kind}, {"metadata", Json{{"name", id.second}}}};
        if (!id.first.empty())
            object["metadata"]["namespace"] = id.first;
        return object;
    }
}

/// Whether `object` was written after revision `since` (its resourceVersion is later).
bool writtenAfter(const Json& object, std::int64_t since)
{
    const std::string rv = stringAt(object, Json::json_pointer("/metadata/resourceVersion"));
    std::int64_t revision = 0;
    const auto [end, ec] = std::from_chars(rv.data(), rv.data() + rv.size(), revision);
    return ec == std::errc() && end == rv.data() + rv.size() && revision > since;
}

/// What a write's undo keeps of the state it replaced: nothing when that state was written
/// since the last take (its pending revision holds it), else the committed state in its
/// stored form, as a binary value that rollback decodes. A burst of writes (a kubelet starting
/// a thousand pods) so keeps a few bytes instead of a decoded document for each until the
/// commit.
ObjectPtr undoState(const ObjectPtr& before, std::int64_t revisionAtTake, const std::string* packedBefore = nullptr)
{
    if (writtenAfter(*before, revisionAtTake))
        return nullptr;
    const std::string packed = packedBefore ? std::string() : packObject(*before);
    const std::string& bytes = packedBefore ? *packedBefore : packed;
    return std::make_shared<const Json>(Json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end())));
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
    if (e == b->second.end())
        return nullptr;
    if (keptPacked(key.kind) && !e->second.object)
        return std::make_shared<const Json>(unpacked(key.kind, e->first, e->second.packed));
    return decoded(key.kind, e->first, e->second);
}

const ObjectPtr& Store::decoded(const std::string& kind, const Id& id, const Entry& entry)
{
    if (!entry.object) {
        entry.object = std::make_shared<const Json>(unpacked(kind, id, entry.packed));
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
    const bool packed = keptPacked(kind);
    const auto read = [&](const Id& id, const Entry& e) {
        return packed && !e.object ? std::make_shared<const Json>(unpacked(b->first, id, e.packed))
                                   : decoded(b->first, id, e);
    };
    if (ns.empty()) {
        out.reserve(b->second.size());
        for (const auto& [k, e] : b->second)
            out.push_back(read(k, e));
        return out;
    }
    std::string nss(ns);
    for (auto it = b->second.lower_bound({nss, std::string()}); it != b->second.end() && it->first.first == nss; ++it)
        out.push_back(read(it->first, it->second));
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
    keepPacked(key.kind, slot->second, m_pending.back().packed);
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
    m_undo.push_back({key, undoState(before, m_revisionAtTake)});
    m_pending.push_back(Revision{m_revision, now, "update", key, actor, packObject(*ptr)});
    keepPacked(key.kind, m_objects[key.kind][{key.ns, key.name}], m_pending.back().packed);
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
    // The revision keeps the last state, which is also what the undo keeps: packed once.
    std::string packed = packObject(*before);
    m_undo.push_back({key, undoState(before, m_revisionAtTake, &packed)});
    m_pending.push_back(Revision{m_revision, now, "delete", key, actor, std::move(packed)});
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
    // An object written since the last take that nobody holds (no watcher kept it, no caller
    // still has it) goes back to its stored form, the bytes of its last revision: decoded
    // again on its next read, as after a reopen. Applying a hundred thousand pods so keeps
    // 1 kB of each instead of a decoded tree of 10, and nothing is left to free at the close.
    std::unordered_set<const Entry*> seen;
    for (auto r = m_pending.rbegin(); r != m_pending.rend(); ++r) {
        if (r->verb == "delete" || keptPacked(r->key.kind))
            continue;
        auto b = m_objects.find(r->key.kind);
        if (b == m_objects.end())
            continue;
        auto e = b->second.find({r->key.ns, r->key.name});
        if (e == b->second.end() || !seen.insert(&e->second).second)
            continue;
        Entry& entry = e->second;
        if (entry.object && entry.object.use_count() == 1) {
            entry.packed = r->packed;
            entry.object = nullptr;
        }
    }
    std::vector<Revision> out;
    out.swap(m_pending);
    m_undo.clear();
    m_revisionAtTake = m_revision;
    return out;
}

void Store::rollback()
{
    // The state before write i: the committed state its entry kept (stored form), or else (a
    // key written again since the take) the state its key's previous pending write left,
    // decoded from that revision (nothing after a delete); for a create, nothing.
    std::vector<std::ptrdiff_t> previous(m_undo.size(), -1);
    {
        std::map<ObjectKey, std::ptrdiff_t> last;
        for (std::size_t i = 0; i < m_undo.size(); ++i) {
            auto [it, inserted] = last.try_emplace(m_undo[i].key, static_cast<std::ptrdiff_t>(i));
            if (!inserted) {
                previous[i] = it->second;
                it->second = static_cast<std::ptrdiff_t>(i);
            }
        }
    }
    for (std::size_t i = m_undo.size(); i-- > 0;) {
        const Undo& undo = m_undo[i];
        ObjectPtr before = undo.before;
        if (before && before->is_binary()) {
            const auto& bytes = before->get_binary();
            before = std::make_shared<const Json>(
                unpackObject(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size())));
        } else if (!before && previous[i] >= 0) {
            const Revision& prior = m_pending[static_cast<std::size_t>(previous[i])];
            if (prior.verb != "delete")
                before = std::make_shared<const Json>(unpackObject(prior.packed));
        }
        ObjectPtr now = get(undo.key);
        if (before) {
            m_objects[undo.key.kind][{undo.key.ns, undo.key.name}] = Entry{before, {}};
            notify(WatchEvent{now ? WatchEventType::Modified : WatchEventType::Added, undo.key, before, now,
                              m_revisionAtTake});
        } else {
            m_objects[undo.key.kind].erase({undo.key.ns, undo.key.name});
            if (now)
                notify(WatchEvent{WatchEventType::Deleted, undo.key, now, now, m_revisionAtTake});
        }
    }
    m_undo.clear();
    m_pending.clear();
    m_revision = m_revisionAtTake;
}

} // namespace kubelab::core

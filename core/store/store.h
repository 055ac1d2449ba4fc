// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/sim/clock.h"
#include "core/store/labfile.h"

namespace kubelab::core {

using ObjectPtr = std::shared_ptr<const Json>;

enum class WatchEventType { Added, Modified, Deleted };

/// A change as a watcher sees it. `object` is the new state (the last state for Deleted);
/// `previous` the state before (null for Added).
struct WatchEvent {
    WatchEventType type = WatchEventType::Added;
    ObjectKey key;
    ObjectPtr object;
    ObjectPtr previous;
    std::int64_t revision = 0;
};

/// The versioned object store (the simulated etcd). Objects live in memory, each write
/// gets the next global revision (its `metadata.resourceVersion`) and is appended to a
/// pending revision list that the engine commits to the lab file. Watchers hear about each
/// change at once. Single-threaded: owned by the engine's thread.
class Store final {
public:
    using Watcher = std::function<void(const WatchEvent&)>;

    /// Replaces the contents with objects loaded from the lab file (no events). They stay
    /// in their stored form until first read, so opening a big lab decodes nothing.
    void load(std::vector<PackedObject> objects, std::int64_t revision);

    [[nodiscard]] ObjectPtr get(const ObjectKey& key) const;
    /// Objects of a kind, in one namespace or (ns empty) all, sorted by namespace and name.
    [[nodiscard]] std::vector<ObjectPtr> list(std::string_view kind, std::string_view ns = {}) const;
    [[nodiscard]] std::size_t count(std::string_view kind) const;
    [[nodiscard]] std::vector<std::string> kinds() const;
    [[nodiscard]] std::int64_t revision() const { return m_revision; }

    /// Stores a new object. Fails with AlreadyExists.
    [[nodiscard]] Result<ObjectPtr> create(Json object, const std::string& actor, VirtualTime now);
    /// Replaces an object. A `metadata.resourceVersion` in `object` that is not the stored
    /// one is a Conflict (optimistic concurrency); an empty one updates unconditionally.
    [[nodiscard]] Result<ObjectPtr> update(Json object, const std::string& actor, VirtualTime now);
    /// Removes an object for good (finalizers are the engine's business).
    [[nodiscard]] Result<ObjectPtr> remove(const ObjectKey& key, const std::string& actor, VirtualTime now);

    int addWatcher(Watcher watcher);
    void removeWatcher(int id);

    /// Revisions written since the last take (for the lab file's commit).
    [[nodiscard]] std::vector<Revision> takePending();
    [[nodiscard]] bool hasPending() const { return !m_pending.empty(); }
    /// Undoes every pending write (newest first), telling watchers, as if it never happened.
    void rollback();

private:
    /// A stored object: decoded once read or written; until then (after a load) only its
    /// stored form. Exactly one of the two is set. Events stay in their stored form (each
    /// read decodes them; see store.cpp).
    struct Entry {
        mutable ObjectPtr object;
        mutable std::string packed;
    };
    using Id = std::pair<std::string, std::string>; ///< namespace, name
    /// Ids in the order of etcd's keys, the order of a list.
    struct IdOrder {
        bool operator()(const Id& a, const Id& b) const { return compareEtcdKeys(a.first, a.second, b.first, b.second) < 0; }
    };
    using Bucket = std::map<Id, Entry, IdOrder>;

    ObjectPtr put(const ObjectKey& key, Json object);
    static const ObjectPtr& decoded(const std::string& kind, const Id& id, const Entry& entry);
    void notify(const WatchEvent& event);

    std::unordered_map<std::string, Bucket> m_objects;
    std::int64_t m_revision = 0;
    std::vector<Revision> m_pending;
    struct Undo {
        ObjectKey key;
        /// The committed state in its stored form, as a binary value (null: did not exist).
        /// Null too when the state was written since the last take: rollback decodes it from
        /// that pending revision.
        ObjectPtr before;
    };
    std::vector<Undo> m_undo;
    std::int64_t m_revisionAtTake = 0;
    std::map<int, Watcher> m_watchers;
    int m_nextWatcher = 1;
};

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/sim/clock.h"
#include "core/store/encryption.h"
#include "core/store/packed.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kubelab::core {

/// One change in the revision log: the object as it was after the change (before it, for
/// a delete), stored form, with the virtual time and who made it.
struct Revision {
    std::int64_t revision = 0;
    VirtualTime time = 0;
    std::string verb;   ///< create, update, delete
    ObjectKey key;
    std::string actor;  ///< the component or user that made the change
    std::string packed; ///< packObject() of the object; empty when read without objects

    [[nodiscard]] Json object() const { return packed.empty() ? Json() : unpackObject(packed); }
};

/// A live object as loaded from the lab file: its key and its stored form.
struct PackedObject {
    ObjectKey key;
    std::string packed;
};

/// A story event: a component's action explained, as the GUI animates it.
struct StoryEvent {
    std::int64_t sequence = 0;
    std::int64_t revision = 0;  ///< the store revision when it happened
    VirtualTime time = 0;
    std::string component;      ///< scheduler, kubelet@node-1, controller-manager, ...
    ObjectKey object;
    std::string action;         ///< a stable code: Scheduled, FailedScheduling, ScaledUp, ...
    std::string message;        ///< English text with the numbers
    Json data;                  ///< the numbers, for translation and animation
};

/// The lab file: one SQLite database holding objects, the revision log, settings and
/// story events. WAL mode; each `commit()` is one transaction, so a crash or kill leaves
/// the lab as of the last commit. Opened by one thread at a time.
class LabFile final {
public:
    enum class Mode { OpenExisting, CreateIfMissing, InMemory };
    static constexpr int kSchemaVersion = 1;
    static constexpr std::int32_t kApplicationId = 0x4b4c4142; // "KLAB"

    [[nodiscard]] static Result<std::unique_ptr<LabFile>> open(const std::string& path, Mode mode);
    ~LabFile();
    LabFile(const LabFile&) = delete;
    LabFile& operator=(const LabFile&) = delete;

    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] bool isNew() const { return m_isNew; }

    [[nodiscard]] std::optional<std::string> setting(const std::string& key) const;

    /// Encryption at rest: objects the configuration covers are written sealed from now on
    /// and read back through it (null: every object stored as is).
    void setEncryption(std::shared_ptr<const EncryptionConfig> config) { m_encryption = std::move(config); }
    [[nodiscard]] const EncryptionConfig* encryption() const { return m_encryption.get(); }
    /// The bytes of the object's last committed revision exactly as the file holds them
    /// (sealed when encrypted), as `etcdctl get` shows a value; nothing for a missing key.
    [[nodiscard]] std::optional<std::string> storedBytes(const ObjectKey& key) const;
    /// The first live object stored encrypted that `config` cannot decrypt, if any.
    [[nodiscard]] std::optional<ObjectKey> firstUnreadable(const EncryptionConfig& config) const;

    /// Loads the current objects (each the last revision of a live key), not decoded.
    [[nodiscard]] Result<std::vector<PackedObject>> loadObjects() const;
    /// The objects as they were at `revision` (time travel), not decoded.
    [[nodiscard]] Result<std::vector<PackedObject>> objectsAt(std::int64_t revision) const;
    [[nodiscard]] Result<std::vector<Revision>> revisions(std::int64_t since, bool withObjects) const;
    [[nodiscard]] Result<std::vector<StoryEvent>> story(std::int64_t sinceSequence) const;
    [[nodiscard]] std::int64_t lastRevision() const;
    [[nodiscard]] std::int64_t lastStorySequence() const;

    /// Writes everything in one transaction; all or nothing.
    [[nodiscard]] Status commit(const std::vector<Revision>& revisions, const std::vector<StoryEvent>& story,
                                const std::vector<std::pair<std::string, std::string>>& settings);

    /// Copies the whole lab (history included) to a new file.
    [[nodiscard]] Status backupTo(const std::string& path) const;
    /// `PRAGMA integrity_check` answers "ok".
    [[nodiscard]] bool integrityOk() const;

private:
    LabFile() = default;
    Status exec(const char* sql) const;
    Status migrate();
    Error sqlError(const std::string& what) const;
    /// Stored bytes back to the object's stored form (decrypted); undecryptable bytes are
    /// returned as they are, so the object is still listed (as a stub) and can be deleted.
    [[nodiscard]] std::string opened(const ObjectKey& key, std::string stored) const;

    sqlite3* m_db = nullptr;
    // `setting()` runs on every kubelet sync (node power): prepared once.
    mutable sqlite3_stmt* m_settingQuery = nullptr;
    std::string m_path;
    bool m_isNew = false;
    std::shared_ptr<const EncryptionConfig> m_encryption;
};

} // namespace kubelab::core

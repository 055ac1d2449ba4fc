// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/labfile.h"

#include <filesystem>
#include <map>

#include <sqlite3.h>

namespace kubelab::core {

namespace {

/// A prepared statement that finalizes itself.
class Statement final {
public:
    Statement(sqlite3* db, const char* sql) { m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    [[nodiscard]] bool ok() const { return m_rc == SQLITE_OK; }
    sqlite3_stmt* get() const { return m_stmt; }
    void bind(int i, std::int64_t v) { sqlite3_bind_int64(m_stmt, i, v); }
    void bind(int i, const std::string& v) { sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
    /// Binds without copying: `v` must outlive the statement's next step.
    void bindText(int i, const std::string& v)
    {
        sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    }
    /// Binds without copying: `v` must outlive the statement's next step.
    void bindBlob(int i, const std::string& v)
    {
        if (v.empty())
            sqlite3_bind_null(m_stmt, i);
        else
            sqlite3_bind_blob(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    }
    int step() { return sqlite3_step(m_stmt); }
    void reset()
    {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    /// Resets for the next step keeping the bindings, for a loop that binds every parameter
    /// again on each row.
    void rewind() { sqlite3_reset(m_stmt); }
    std::int64_t int64(int col) const { return sqlite3_column_int64(m_stmt, col); }
    std::string text(int col) const
    {
        auto p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
    }
    std::string blob(int col) const
    {
        auto p = static_cast<const char*>(sqlite3_column_blob(m_stmt, col));
        int n = sqlite3_column_bytes(m_stmt, col);
        return p && n > 0 ? std::string(p, static_cast<std::size_t>(n)) : std::string();
    }

private:
    sqlite3_stmt* m_stmt = nullptr;
    int m_rc = SQLITE_ERROR;
};

} // namespace

Error LabFile::sqlError(const std::string& what) const
{
    return makeError(ErrorCode::Lab, what + ": " + (m_db ? sqlite3_errmsg(m_db) : "cannot open database"));
}

Status LabFile::exec(const char* sql) const
{
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        return fail(ErrorCode::Lab, "lab file " + m_path + ": " + msg);
    }
    return {};
}

Result<std::unique_ptr<LabFile>> LabFile::open(const std::string& path, Mode mode)
{
    std::unique_ptr<LabFile> lab(new LabFile());
    lab->m_path = path;
    std::string target = path;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (mode == Mode::InMemory) {
        // SQLite's private temporary database (an empty name): its pages stay in memory up to
        // the page cache's size and go to a file nobody else can open (unlinked at once,
        // gone at the close) beyond it. A lab that is never saved keeps its whole history,
        // which in memory (":memory:") was a third of a big lab's engine.
        target = "";
        flags |= SQLITE_OPEN_CREATE;
        lab->m_isNew = true;
    } else {
        std::error_code ec;
        bool exists = std::filesystem::exists(path, ec);
        if (!exists && mode == Mode::OpenExisting)
            return fail(ErrorCode::Lab,
                        "no lab at " + path + "; create one with 'klab apply' or 'klab scenario load'");
        if (exists && std::filesystem::is_directory(path, ec))
            return fail(ErrorCode::Lab, path + " is a directory, not a lab file");
        if (!exists) {
            flags |= SQLITE_OPEN_CREATE;
            lab->m_isNew = true;
        } else if (std::filesystem::file_size(path, ec) == 0) {
            lab->m_isNew = true;
        }
    }
    if (sqlite3_open_v2(target.c_str(), &lab->m_db, flags, nullptr) != SQLITE_OK) {
        Error e = lab->sqlError("cannot open lab " + path);
        return fail(e);
    }
    sqlite3_busy_timeout(lab->m_db, 5000);
    sqlite3_extended_result_codes(lab->m_db, 1);

    // Recognise the file before changing anything in it.
    if (!lab->m_isNew) {
        Statement st(lab->m_db, "PRAGMA application_id");
        if (!st.ok() || st.step() != SQLITE_ROW)
            return fail(ErrorCode::Lab, path + " is not a KubeLab lab file");
        std::int64_t appId = st.int64(0);
        Statement tables(lab->m_db, "SELECT count(*) FROM sqlite_master");
        if (!tables.ok() || tables.step() != SQLITE_ROW)
            return fail(ErrorCode::Lab, path + " is not a KubeLab lab file");
        if (tables.int64(0) == 0 && appId == 0)
            lab->m_isNew = true; // an empty SQLite database: treat as new
        else if (appId != kApplicationId)
            return fail(ErrorCode::Lab, path + " is not a KubeLab lab file");
    }
    // An unsaved lab outlives nothing of the process: no syncs, its rollback journal in
    // memory (below); a lab file syncs at checkpoints and keeps a write-ahead log.
    const bool unsaved = mode == Mode::InMemory;
    if (auto s = lab->exec(unsaved ? "PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF;"
                                   : "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;");
        !s)
        return fail(s.error());
    // The schema version is checked before the journal mode is set, so a lab of a newer
    // KubeLab is refused without a byte of it changed.
    if (auto s = lab->migrate(); !s)
        return fail(s.error());
    if (auto s = lab->exec(unsaved ? "PRAGMA journal_mode=MEMORY" : "PRAGMA journal_mode=WAL"); !s)
        return fail(s.error());
    return lab;
}

LabFile::~LabFile()
{
    sqlite3_finalize(m_settingQuery);
    if (m_db)
        sqlite3_close_v2(m_db);
}

Status LabFile::migrate()
{
    Statement st(m_db, "PRAGMA user_version");
    if (!st.ok() || st.step() != SQLITE_ROW)
        return fail(sqlError("lab file " + m_path));
    std::int64_t version = st.int64(0);
    if (version > kSchemaVersion)
        return fail(ErrorCode::Lab, "lab " + m_path + " was written by a newer KubeLab (schema " +
                                        std::to_string(version) + ", this version reads up to " +
                                        std::to_string(kSchemaVersion) + "); it was left unchanged");
    if (version == kSchemaVersion)
        return {};
    // Migrations run in one transaction each, oldest first.
    if (version < 1) {
        static const char* v1 = R"sql(
BEGIN IMMEDIATE;
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE revisions (
    rev INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    verb TEXT NOT NULL,
    kind TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    actor TEXT NOT NULL,
    object BLOB);
CREATE TABLE objects (
    kind TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    rev INTEGER NOT NULL,
    PRIMARY KEY (kind, namespace, name)) WITHOUT ROWID;
CREATE TABLE story (
    seq INTEGER PRIMARY KEY,
    rev INTEGER NOT NULL,
    time INTEGER NOT NULL,
    component TEXT NOT NULL,
    kind TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    action TEXT NOT NULL,
    message TEXT NOT NULL,
    data TEXT);
PRAGMA user_version = 1;
PRAGMA application_id = 1263288642;
COMMIT;
)sql";
        // The application id is written in the same transaction as the schema: a lab
        // killed while it is created is either empty or recognised as a lab.
        static_assert(kApplicationId == 1263288642);
        if (auto s = exec(v1); !s) {
            (void)exec("ROLLBACK");
            return s;
        }
    }
    return {};
}

std::optional<std::string> LabFile::setting(const std::string& key) const
{
    if (!m_settingQuery && sqlite3_prepare_v3(m_db, "SELECT value FROM settings WHERE key = ?", -1,
                                              SQLITE_PREPARE_PERSISTENT, &m_settingQuery, nullptr) != SQLITE_OK)
        return std::nullopt;
    sqlite3_bind_text(m_settingQuery, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    std::optional<std::string> value;
    if (sqlite3_step(m_settingQuery) == SQLITE_ROW) {
        auto p = reinterpret_cast<const char*>(sqlite3_column_text(m_settingQuery, 0));
        value = p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_settingQuery, 0))) : std::string();
    }
    sqlite3_reset(m_settingQuery);
    sqlite3_clear_bindings(m_settingQuery);
    return value;
}

std::string LabFile::opened(const ObjectKey& key, std::string stored) const
{
    if (!m_encryption || !isEncrypted(stored))
        return stored;
    auto plain = m_encryption->open(key, stored);
    return plain ? std::move(*plain) : stored;
}

std::optional<std::string> LabFile::storedBytes(const ObjectKey& key) const
{
    Statement st(m_db, "SELECT r.object FROM objects o JOIN revisions r ON r.rev = o.rev "
                       "WHERE o.kind = ? AND o.namespace = ? AND o.name = ?");
    st.bind(1, key.kind);
    st.bind(2, key.ns);
    st.bind(3, key.name);
    if (st.ok() && st.step() == SQLITE_ROW)
        return st.blob(0);
    return std::nullopt;
}

std::optional<ObjectKey> LabFile::firstUnreadable(const EncryptionConfig& config) const
{
    Statement st(m_db, "SELECT o.kind, o.namespace, o.name, r.object FROM objects o JOIN revisions r ON r.rev = o.rev "
                       "WHERE substr(r.object, 1, 8) = CAST('k8s:enc:' AS BLOB)");
    while (st.ok() && st.step() == SQLITE_ROW) {
        ObjectKey key{st.text(0), st.text(1), st.text(2)};
        if (!config.open(key, st.blob(3)))
            return key;
    }
    return std::nullopt;
}

Result<std::vector<PackedObject>> LabFile::loadObjects() const
{
    std::vector<PackedObject> out;
    // Sized once: a vector grown by doubling leaves freed blocks that the allocator keeps.
    Statement count(m_db, "SELECT count(*) FROM objects");
    if (count.ok() && count.step() == SQLITE_ROW)
        out.reserve(static_cast<std::size_t>(count.int64(0)));
    Statement st(m_db, "SELECT o.kind, o.namespace, o.name, r.object FROM objects o JOIN revisions r ON r.rev = o.rev");
    if (!st.ok())
        return fail(sqlError("lab file " + m_path));
    int rc = 0;
    while ((rc = st.step()) == SQLITE_ROW) {
        PackedObject& o = out.emplace_back(PackedObject{ObjectKey{st.text(0), st.text(1), st.text(2)}, st.blob(3)});
        if (m_encryption)
            o.packed = opened(o.key, std::move(o.packed));
        if (o.packed.empty())
            return fail(ErrorCode::Lab, "lab file " + m_path + " is damaged: " + o.key.toString() + " has no content");
    }
    if (rc != SQLITE_DONE)
        return fail(sqlError("lab file " + m_path));
    return out;
}

Result<std::vector<PackedObject>> LabFile::objectsAt(std::int64_t revision) const
{
    std::map<ObjectKey, std::string> state;
    Statement st(m_db, "SELECT verb, kind, namespace, name, object FROM revisions WHERE rev <= ? ORDER BY rev");
    if (!st.ok())
        return fail(sqlError("lab file " + m_path));
    st.bind(1, revision);
    try {
        while (st.step() == SQLITE_ROW) {
            ObjectKey key{st.text(1), st.text(2), st.text(3)};
            if (st.text(0) == "delete")
                state.erase(key);
            else
                state[key] = st.blob(4);
        }
    } catch (const std::exception& e) {
        return fail(ErrorCode::Lab, "lab file " + m_path + " is damaged: " + e.what());
    }
    std::vector<PackedObject> out;
    out.reserve(state.size());
    for (auto& [k, v] : state)
        out.push_back(PackedObject{k, opened(k, std::move(v))});
    return out;
}

Result<std::vector<Revision>> LabFile::revisions(std::int64_t since, bool withObjects) const
{
    std::vector<Revision> out;
    Statement st(m_db, withObjects
                           ? "SELECT rev, time, verb, kind, namespace, name, actor, object FROM revisions WHERE rev > ? ORDER BY rev"
                           : "SELECT rev, time, verb, kind, namespace, name, actor FROM revisions WHERE rev > ? ORDER BY rev");
    if (!st.ok())
        return fail(sqlError("lab file " + m_path));
    st.bind(1, since);
    try {
        while (st.step() == SQLITE_ROW) {
            Revision r;
            r.revision = st.int64(0);
            r.time = st.int64(1);
            r.verb = st.text(2);
            r.key = ObjectKey{st.text(3), st.text(4), st.text(5)};
            r.actor = st.text(6);
            if (withObjects)
                r.packed = opened(r.key, st.blob(7));
            out.push_back(std::move(r));
        }
    } catch (const std::exception& e) {
        return fail(ErrorCode::Lab, "lab file " + m_path + " is damaged: " + e.what());
    }
    return out;
}

Result<std::vector<StoryEvent>> LabFile::story(std::int64_t sinceSequence) const
{
    std::vector<StoryEvent> out;
    Statement st(m_db, "SELECT seq, rev, time, component, kind, namespace, name, action, message, data FROM story "
                       "WHERE seq > ? ORDER BY seq");
    if (!st.ok())
        return fail(sqlError("lab file " + m_path));
    st.bind(1, sinceSequence);
    while (st.step() == SQLITE_ROW) {
        StoryEvent e;
        e.sequence = st.int64(0);
        e.revision = st.int64(1);
        e.time = st.int64(2);
        e.component = st.text(3);
        e.object = ObjectKey{st.text(4), st.text(5), st.text(6)};
        e.action = st.text(7);
        e.message = st.text(8);
        std::string data = st.text(9);
        e.data = data.empty() ? Json() : Json::parse(data, nullptr, false);
        if (e.data.is_discarded())
            e.data = Json();
        out.push_back(std::move(e));
    }
    return out;
}

std::int64_t LabFile::lastRevision() const
{
    Statement st(m_db, "SELECT coalesce(max(rev), 0) FROM revisions");
    return st.step() == SQLITE_ROW ? st.int64(0) : 0;
}

std::int64_t LabFile::lastStorySequence() const
{
    Statement st(m_db, "SELECT coalesce(max(seq), 0) FROM story");
    return st.step() == SQLITE_ROW ? st.int64(0) : 0;
}

Status LabFile::commit(const std::vector<Revision>& revisions, const std::vector<StoryEvent>& story,
                       const std::vector<std::pair<std::string, std::string>>& settings)
{
    if (revisions.empty() && story.empty() && settings.empty())
        return {};
    if (auto s = exec("BEGIN IMMEDIATE"); !s)
        return s;
    auto rollback = [&](const std::string& what) {
        Error e = sqlError(what);
        (void)exec("ROLLBACK");
        return fail(e);
    };
    {
        Statement insRev(m_db, "INSERT INTO revisions (rev, time, verb, kind, namespace, name, actor, object) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        Statement upObj(m_db, "INSERT OR REPLACE INTO objects (kind, namespace, name, rev) VALUES (?, ?, ?, ?)");
        Statement delObj(m_db, "DELETE FROM objects WHERE kind = ? AND namespace = ? AND name = ?");
        if (!insRev.ok() || !upObj.ok() || !delObj.ok())
            return rollback("lab file " + m_path);
        for (const Revision& r : revisions) {
            insRev.bind(1, r.revision);
            insRev.bind(2, r.time);
            insRev.bindText(3, r.verb);
            insRev.bindText(4, r.key.kind);
            insRev.bindText(5, r.key.ns);
            insRev.bindText(6, r.key.name);
            insRev.bindText(7, r.actor);
            // Bound without a copy: the sealed bytes must live until the step.
            const std::string sealed = m_encryption ? m_encryption->seal(r.key, r.packed) : std::string();
            insRev.bindBlob(8, m_encryption ? sealed : r.packed);
            if (insRev.step() != SQLITE_DONE)
                return rollback("writing revision " + std::to_string(r.revision));
            insRev.rewind();
            if (r.verb == "delete") {
                delObj.bindText(1, r.key.kind);
                delObj.bindText(2, r.key.ns);
                delObj.bindText(3, r.key.name);
                if (delObj.step() != SQLITE_DONE)
                    return rollback("deleting object");
                delObj.rewind();
            } else {
                upObj.bindText(1, r.key.kind);
                upObj.bindText(2, r.key.ns);
                upObj.bindText(3, r.key.name);
                upObj.bind(4, r.revision);
                if (upObj.step() != SQLITE_DONE)
                    return rollback("writing object");
                upObj.rewind();
            }
        }
        Statement insStory(m_db, "INSERT INTO story (seq, rev, time, component, kind, namespace, name, action, "
                                 "message, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (const StoryEvent& e : story) {
            insStory.bind(1, e.sequence);
            insStory.bind(2, e.revision);
            insStory.bind(3, e.time);
            insStory.bindText(4, e.component);
            insStory.bindText(5, e.object.kind);
            insStory.bindText(6, e.object.ns);
            insStory.bindText(7, e.object.name);
            insStory.bindText(8, e.action);
            insStory.bindText(9, e.message);
            const std::string data = e.data.is_null() ? std::string() : e.data.dump();
            insStory.bindText(10, data);
            if (insStory.step() != SQLITE_DONE)
                return rollback("writing story");
            insStory.rewind();
        }
        Statement setSt(m_db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)");
        for (const auto& [k, v] : settings) {
            setSt.bindText(1, k);
            setSt.bindText(2, v);
            if (setSt.step() != SQLITE_DONE)
                return rollback("writing settings");
            setSt.rewind();
        }
    }
    if (auto s = exec("COMMIT"); !s) {
        (void)exec("ROLLBACK");
        return s;
    }
    return {};
}

Status LabFile::backupTo(const std::string& path) const
{
    sqlite3* dest = nullptr;
    if (sqlite3_open(path.c_str(), &dest) != SQLITE_OK) {
        sqlite3_close(dest);
        return fail(ErrorCode::Io, "cannot write " + path);
    }
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", m_db, "main");
    if (!b) {
        std::string msg = sqlite3_errmsg(dest);
        sqlite3_close(dest);
        return fail(ErrorCode::Io, "cannot copy the lab to " + path + ": " + msg);
    }
    sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    int rc = sqlite3_errcode(dest);
    sqlite3_close(dest);
    if (rc != SQLITE_OK)
        return fail(ErrorCode::Io, "cannot copy the lab to " + path);
    return {};
}

bool LabFile::integrityOk() const
{
    Statement st(m_db, "PRAGMA integrity_check");
    return st.step() == SQLITE_ROW && st.text(0) == "ok";
}

} // namespace kubelab::core

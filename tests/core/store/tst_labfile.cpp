// SPDX-License-Identifier: GPL-3.0-or-later
// The lab file: schema of a new lab, reopening, refusal of foreign and newer files,
// atomic commits, time travel and the integrity check.
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "core/store/labfile.h"

namespace core = kubelab::core;
using core::Json;

namespace {

std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Json configMap(const std::string& name, const std::string& value, std::int64_t rv)
{
    return Json{{"apiVersion", "v1"},
                {"kind", "ConfigMap"},
                {"metadata", {{"name", name}, {"namespace", "default"}, {"resourceVersion", std::to_string(rv)}}},
                {"data", {{"k", value}}}};
}

core::Revision revision(std::int64_t rev, const std::string& verb, const std::string& name, const std::string& value)
{
    core::Revision r;
    r.revision = rev;
    r.time = rev * 1000;
    r.verb = verb;
    r.key = core::ObjectKey{"ConfigMap", "default", name};
    r.actor = "tester";
    r.packed = core::packObject(configMap(name, value, rev));
    return r;
}

/// Runs one SQL text on a database file with the plain SQLite API.
bool sql(const std::string& path, const std::string& text)
{
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        return false;
    }
    bool ok = sqlite3_exec(db, text.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

std::int64_t pragma(const std::string& path, const std::string& name)
{
    sqlite3* db = nullptr;
    std::int64_t value = -1;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        std::string text = "PRAGMA " + name;
        if (sqlite3_prepare_v2(db, text.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            value = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return value;
}

/// The names of loaded objects, read from their stored form (not from their keys).
std::set<std::string> names(const std::vector<core::PackedObject>& objects)
{
    std::set<std::string> out;
    for (const core::PackedObject& o : objects)
        out.insert(core::unpackObject(o.packed)["metadata"]["name"].get<std::string>());
    return out;
}

} // namespace

class TestLabFile : public QObject {
    Q_OBJECT

private slots:
    void newLabHasSchema()
    {
        QTemporaryDir dir;
        std::string path = dir.filePath("new.klab").toStdString();
        auto lab = core::LabFile::open(path, core::LabFile::Mode::CreateIfMissing);
        QVERIFY2(lab.has_value(), lab ? "" : lab.error().message.c_str());
        QVERIFY((*lab)->isNew());
        QCOMPARE((*lab)->lastRevision(), std::int64_t(0));
        QVERIFY((*lab)->integrityOk());
        lab->reset();
        QCOMPARE(pragma(path, "user_version"), std::int64_t(core::LabFile::kSchemaVersion));
        QCOMPARE(pragma(path, "application_id"), std::int64_t(core::LabFile::kApplicationId));
        for (const char* table : {"settings", "revisions", "objects", "story"}) {
            std::string check = std::string("SELECT count(*) FROM ") + table;
            QVERIFY2(sql(path, check), table);
        }
    }

    void missingLabIsNotCreatedWhenOpening()
    {
        QTemporaryDir dir;
        std::string path = dir.filePath("absent.klab").toStdString();
        auto lab = core::LabFile::open(path, core::LabFile::Mode::OpenExisting);
        QVERIFY(!lab.has_value());
        QCOMPARE(lab.error().code, core::ErrorCode::Lab);
        QVERIFY(QString::fromStdString(lab.error().message).startsWith(QStringLiteral("no lab at ")));
        QVERIFY(!QFile::exists(QString::fromStdString(path)));
    }

    void reopenKeepsObjectsRevisionsAndSettings()
    {
        QTemporaryDir dir;
        std::string path = dir.filePath("keep.klab").toStdString();
        {
            auto lab = core::LabFile::open(path, core::LabFile::Mode::CreateIfMissing);
            QVERIFY(lab.has_value());
            core::StoryEvent e;
            e.sequence = 1;
            e.revision = 2;
            e.component = "tester";
            e.object = core::ObjectKey{"ConfigMap", "default", "a"};
            e.action = "Wrote";
            e.message = "wrote a";
            e.data = Json{{"n", 3}};
            auto s = (*lab)->commit({revision(1, "create", "a", "1"), revision(2, "create", "b", "1"),
                                     revision(3, "update", "a", "2")},
                                    {e}, {{"seed", "42"}, {"clock", "3000"}});
            QVERIFY2(s.has_value(), s ? "" : s.error().message.c_str());
            auto s2 = (*lab)->commit({revision(4, "delete", "b", "1")}, {}, {{"clock", "4000"}});
            QVERIFY(s2.has_value());
        }
        auto lab = core::LabFile::open(path, core::LabFile::Mode::OpenExisting);
        QVERIFY2(lab.has_value(), lab ? "" : lab.error().message.c_str());
        QVERIFY(!(*lab)->isNew());
        QCOMPARE((*lab)->lastRevision(), std::int64_t(4));
        QCOMPARE((*lab)->setting("seed").value_or(""), std::string("42"));
        QCOMPARE((*lab)->setting("clock").value_or(""), std::string("4000"));
        QVERIFY(!(*lab)->setting("absent").has_value());
        auto objects = (*lab)->loadObjects();
        QVERIFY(objects.has_value());
        QCOMPARE(objects->size(), std::size_t(1));
        QCOMPARE(objects->front().key.toString(), core::ObjectKey({"ConfigMap", "default", "a"}).toString());
        Json loaded = core::unpackObject(objects->front().packed);
        QCOMPARE(loaded["data"]["k"].get<std::string>(), std::string("2"));
        QCOMPARE(loaded["metadata"]["resourceVersion"].get<std::string>(), std::string("3"));
        auto revs = (*lab)->revisions(0, true);
        QVERIFY(revs.has_value());
        QCOMPARE(revs->size(), std::size_t(4));
        QStringList verbs;
        for (const auto& r : *revs)
            verbs << QString::fromStdString(r.verb);
        QCOMPARE(verbs, QStringList({"create", "create", "update", "delete"}));
        QCOMPARE(revs->at(2).time, std::int64_t(3000));
        QCOMPARE(revs->at(2).actor, std::string("tester"));
        auto story = (*lab)->story(0);
        QVERIFY(story.has_value());
        QCOMPARE(story->size(), std::size_t(1));
        QCOMPARE(story->front().message, std::string("wrote a"));
        QCOMPARE(story->front().data["n"].get<int>(), 3);
        QCOMPARE((*lab)->lastStorySequence(), std::int64_t(1));
    }

    void foreignFileIsRefusedAndUntouched_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addRow("text file") << QStringLiteral("text");
        QTest::addRow("sqlite database of another application") << QStringLiteral("sqlite");
        QTest::addRow("sqlite database with another application id") << QStringLiteral("appid");
    }
    void foreignFileIsRefusedAndUntouched()
    {
        QFETCH(QString, kind);
        QTemporaryDir dir;
        std::string path = dir.filePath("foreign.db").toStdString();
        if (kind == QLatin1String("text")) {
            std::ofstream(path) << "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-a-lab\n";
        } else if (kind == QLatin1String("sqlite")) {
            QVERIFY(sql(path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); "
                              "INSERT INTO notes (body) VALUES ('keep me');"));
        } else {
            QVERIFY(sql(path, "PRAGMA application_id = 1234; CREATE TABLE t (x); INSERT INTO t VALUES (1);"));
        }
        std::string before = readAll(path);
        QVERIFY(!before.empty());
        auto lab = core::LabFile::open(path, core::LabFile::Mode::CreateIfMissing);
        QVERIFY(!lab.has_value());
        QCOMPARE(lab.error().code, core::ErrorCode::Lab);
        QCOMPARE(QString::fromStdString(lab.error().message),
                 QString::fromStdString(path + " is not a KubeLab lab file"));
        QVERIFY(readAll(path) == before);
        QVERIFY(!QFile::exists(QString::fromStdString(path + "-wal")));
        QVERIFY(!QFile::exists(QString::fromStdString(path + "-journal")));
    }

    void newerSchemaIsRefusedAndUntouched_data()
    {
        QTest::addColumn<QString>("journalMode");
        QTest::addRow("written in WAL mode") << QStringLiteral("WAL");
        QTest::addRow("written in rollback-journal mode") << QStringLiteral("DELETE");
    }
    void newerSchemaIsRefusedAndUntouched()
    {
        QFETCH(QString, journalMode);
        QTemporaryDir dir;
        std::string path = dir.filePath("future.klab").toStdString();
        {
            auto lab = core::LabFile::open(path, core::LabFile::Mode::CreateIfMissing);
            QVERIFY(lab.has_value());
            QVERIFY((*lab)->commit({revision(1, "create", "a", "1")}, {}, {}).has_value());
        }
        const int future = core::LabFile::kSchemaVersion + 1;
        QVERIFY(sql(path, "PRAGMA journal_mode=" + journalMode.toStdString() +
                              "; PRAGMA user_version = " + std::to_string(future)));
        std::string before = readAll(path);
        auto lab = core::LabFile::open(path, core::LabFile::Mode::OpenExisting);
        QVERIFY(!lab.has_value());
        QCOMPARE(lab.error().code, core::ErrorCode::Lab);
        QString message = QString::fromStdString(lab.error().message);
        QVERIFY2(message.contains(QStringLiteral("newer KubeLab")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("left unchanged")), qPrintable(message));
        QCOMPARE(pragma(path, "user_version"), std::int64_t(future));
        QVERIFY2(readAll(path) == before, "a lab of a newer schema was modified when refused");
    }

    void commitIsAtomic()
    {
        QTemporaryDir dir;
        std::string path = dir.filePath("atomic.klab").toStdString();
        auto lab = core::LabFile::open(path, core::LabFile::Mode::CreateIfMissing);
        QVERIFY(lab.has_value());
        QVERIFY((*lab)->commit({revision(1, "create", "a", "1")}, {}, {{"clock", "1"}}).has_value());
        // The third revision repeats revision number 2: the insert fails half way and
        // nothing of the transaction may stay.
        auto s = (*lab)->commit({revision(2, "create", "b", "1"), revision(3, "create", "c", "1"),
                                 revision(2, "create", "d", "1")},
                                {}, {{"clock", "2"}});
        QVERIFY(!s.has_value());
        QCOMPARE((*lab)->lastRevision(), std::int64_t(1));
        QCOMPARE((*lab)->setting("clock").value_or(""), std::string("1"));
        auto objects = (*lab)->loadObjects();
        QVERIFY(objects.has_value());
        QCOMPARE(names(*objects), (std::set<std::string>{"a"}));
        // The lab is usable afterwards.
        QVERIFY((*lab)->commit({revision(2, "create", "b", "1")}, {}, {}).has_value());
        QCOMPARE((*lab)->lastRevision(), std::int64_t(2));
        QVERIFY((*lab)->integrityOk());
    }

    /// A lab kept only in memory holds its whole history even when it outgrows the page
    /// cache (SQLite's private temporary database takes the rest), writes no file anyone can
    /// open, and is saved whole by "Save lab as".
    void unsavedLabOutgrowsItsCache()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto lab = core::LabFile::open({}, core::LabFile::Mode::InMemory);
        QVERIFY(lab.has_value());
        const std::string big(4000, 'x'); // 250 commits of 20 revisions: about 20 MB, ten times the cache
        std::int64_t rev = 0;
        for (int c = 0; c < 250; ++c) {
            std::vector<core::Revision> batch;
            for (int i = 0; i < 20; ++i, ++rev)
                batch.push_back(::revision(rev + 1, "create", "cm-" + std::to_string(rev), big + std::to_string(rev)));
            QVERIFY((*lab)->commit(batch, {}, {}).has_value());
        }
        QCOMPARE((*lab)->lastRevision(), std::int64_t(5000));
        // SQLite's own count of the memory it holds: the cache, not the 20 MB.
        QVERIFY2(sqlite3_memory_used() < 8 * 1024 * 1024, qPrintable(QString::number(sqlite3_memory_used())));
        auto all = (*lab)->revisions(0, true);
        QVERIFY(all.has_value());
        QCOMPARE(all->size(), std::size_t(5000));
        QCOMPARE(core::unpackObject(all->back().packed)["data"]["k"].get<std::string>(), big + "4999");
        const std::string saved = dir.filePath("saved.klab").toStdString();
        QVERIFY((*lab)->backupTo(saved).has_value());
        auto reopened = core::LabFile::open(saved, core::LabFile::Mode::OpenExisting);
        QVERIFY(reopened.has_value());
        QCOMPARE((*reopened)->lastRevision(), std::int64_t(5000));
        auto objects = (*reopened)->objectsAt(5000);
        QVERIFY(objects.has_value());
        QCOMPARE(objects->size(), std::size_t(5000));
    }

    void objectsAtRevision_data()
    {
        QTest::addColumn<qint64>("revision");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QString>("valueOfA");
        QTest::addRow("before anything") << qint64(0) << QStringList() << QString();
        QTest::addRow("after first create") << qint64(1) << QStringList({"a"}) << QStringLiteral("1");
        QTest::addRow("after second create") << qint64(2) << QStringList({"a", "b"}) << QStringLiteral("1");
        QTest::addRow("after update") << qint64(3) << QStringList({"a", "b"}) << QStringLiteral("2");
        QTest::addRow("after delete") << qint64(4) << QStringList({"a"}) << QStringLiteral("2");
        QTest::addRow("after recreate") << qint64(5) << QStringList({"a", "b"}) << QStringLiteral("2");
        QTest::addRow("beyond the last") << qint64(99) << QStringList({"a", "b"}) << QStringLiteral("2");
    }
    void objectsAtRevision()
    {
        QFETCH(qint64, revision);
        QFETCH(QStringList, expected);
        QFETCH(QString, valueOfA);
        auto lab = core::LabFile::open({}, core::LabFile::Mode::InMemory);
        QVERIFY(lab.has_value());
        QVERIFY((*lab)
                    ->commit({::revision(1, "create", "a", "1"), ::revision(2, "create", "b", "1"),
                              ::revision(3, "update", "a", "2"), ::revision(4, "delete", "b", "1"),
                              ::revision(5, "create", "b", "3")},
                             {}, {})
                    .has_value());
        auto objects = (*lab)->objectsAt(revision);
        QVERIFY(objects.has_value());
        QStringList got;
        QString a;
        for (const core::PackedObject& packed : *objects) {
            Json o = core::unpackObject(packed.packed);
            got << QString::fromStdString(o["metadata"]["name"].get<std::string>());
            if (o["metadata"]["name"] == "a")
                a = QString::fromStdString(o["data"]["k"].get<std::string>());
        }
        got.sort();
        QCOMPARE(got, expected);
        QCOMPARE(a, valueOfA);
    }

    void integrityCheck()
    {
        QTemporaryDir dir;
        std::string path = dir.filePath("check.klab").toStdString();
        auto lab = core::LabFile::open(path, core::LabFile::Mode::CreateIfMissing);
        QVERIFY(lab.has_value());
        std::vector<core::Revision> revs;
        for (int i = 1; i <= 200; ++i)
            revs.push_back(revision(i, "create", "cm-" + std::to_string(i), std::string(200, 'x')));
        QVERIFY((*lab)->commit(revs, {}, {}).has_value());
        QVERIFY((*lab)->integrityOk());
        std::string copy = dir.filePath("copy.klab").toStdString();
        QVERIFY((*lab)->backupTo(copy).has_value());
        auto reopened = core::LabFile::open(copy, core::LabFile::Mode::OpenExisting);
        QVERIFY(reopened.has_value());
        QVERIFY((*reopened)->integrityOk());
        QCOMPARE((*reopened)->lastRevision(), std::int64_t(200));
        auto objects = (*reopened)->loadObjects();
        QVERIFY(objects.has_value());
        QCOMPARE(objects->size(), std::size_t(200));
    }

    void damagedLabFailsTheCheck()
    {
        QTemporaryDir dir;
        std::string path = dir.filePath("damaged.klab").toStdString();
        {
            auto lab = core::LabFile::open(path, core::LabFile::Mode::CreateIfMissing);
            QVERIFY(lab.has_value());
            std::vector<core::Revision> revs;
            for (int i = 1; i <= 400; ++i)
                revs.push_back(revision(i, "create", "cm-" + std::to_string(i), std::string(200, 'x')));
            QVERIFY((*lab)->commit(revs, {}, {}).has_value());
        }
        // Closing checkpoints the WAL into the main file; overwrite a page in its middle,
        // leaving the header page (and so the application id) intact.
        const std::int64_t pageSize = pragma(path, "page_size");
        const std::int64_t pages = pragma(path, "page_count");
        QVERIFY(pageSize > 0 && pages > 4);
        {
            std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(pageSize * (pages / 2));
            std::string garbage(static_cast<std::size_t>(pageSize), '\x55');
            f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
        }
        auto lab = core::LabFile::open(path, core::LabFile::Mode::OpenExisting);
        if (lab.has_value()) {
            QVERIFY(!(*lab)->integrityOk());
            // Reading a damaged lab answers an error or what is readable; it does not crash.
            auto objects = (*lab)->loadObjects();
            if (!objects)
                QCOMPARE(objects.error().code, core::ErrorCode::Lab);
        } else {
            QCOMPARE(lab.error().code, core::ErrorCode::Lab);
        }
    }

    void emptyFileBecomesANewLab()
    {
        QTemporaryDir dir;
        std::string path = dir.filePath("empty.klab").toStdString();
        std::ofstream{path};
        auto lab = core::LabFile::open(path, core::LabFile::Mode::OpenExisting);
        QVERIFY2(lab.has_value(), lab ? "" : lab.error().message.c_str());
        QVERIFY((*lab)->isNew());
        QVERIFY((*lab)->integrityOk());
    }
};

QTEST_APPLESS_MAIN(TestLabFile)
#include "tst_labfile.moc"

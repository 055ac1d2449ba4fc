// SPDX-License-Identifier: GPL-3.0-or-later
// The versioned store: writes, Kubernetes' error texts, optimistic concurrency, watch
// order and rollback.
#include <QTest>

#include <memory>
#include <string>
#include <vector>

#include "core/store/store.h"

namespace core = kubelab::core;
using core::Json;

namespace {

Json object(const std::string& kind, const std::string& name, const std::string& ns = "default")
{
    Json o = {{"apiVersion", kind == "Deployment" ? "apps/v1" : "v1"},
              {"kind", kind},
              {"metadata", {{"name", name}}}};
    if (!ns.empty())
        o["metadata"]["namespace"] = ns;
    return o;
}

std::string rvOf(const core::ObjectPtr& o)
{
    return (*o)["metadata"]["resourceVersion"].get<std::string>();
}

QString typeName(core::WatchEventType t)
{
    switch (t) {
    case core::WatchEventType::Added:
        return QStringLiteral("ADDED");
    case core::WatchEventType::Modified:
        return QStringLiteral("MODIFIED");
    case core::WatchEventType::Deleted:
        return QStringLiteral("DELETED");
    }
    return {};
}

/// Records what a watcher hears as `ADDED configmaps default/a 3` lines.
struct Recorder {
    QStringList lines;
    std::vector<core::WatchEvent> events;
    core::Store::Watcher watcher()
    {
        return [this](const core::WatchEvent& e) {
            events.push_back(e);
            lines << typeName(e.type) + QLatin1Char(' ') + QString::fromStdString(e.key.toString());
        };
    }
};

} // namespace

class TestStore : public QObject {
    Q_OBJECT

private slots:
    void listsInEtcdKeyOrder()
    {
        // etcd orders /registry/configmaps/<ns>/<name> by bytes: '-' and '.' sort before '/',
        // so namespace a-b comes before a, and a.b between them.
        core::Store store;
        for (const char* ns : {"a", "a-b", "b", "a.b"})
            for (const char* name : {"y", "x"})
                QVERIFY(store.create(object("ConfigMap", name, ns), "tester", 10).has_value());
        QStringList order;
        for (const core::ObjectPtr& o : store.list("ConfigMap"))
            order << QString::fromStdString(core::namespaceOf(*o) + "/" + core::nameOf(*o));
        QCOMPARE(order, (QStringList{"a-b/x", "a-b/y", "a.b/x", "a.b/y", "a/x", "a/y", "b/x", "b/y"}));
        QCOMPARE(store.list("ConfigMap", "a").size(), std::size_t(2));
        QVERIFY((core::ObjectKey{"ConfigMap", "a-b", "z"} < core::ObjectKey{"ConfigMap", "a", "a"}));
        QVERIFY((core::ObjectKey{"ConfigMap", "a", "a"} < core::ObjectKey{"ConfigMap", "a", "b"}));
        QVERIFY((core::ObjectKey{"ConfigMap", "z", "a"} < core::ObjectKey{"Pod", "a", "a"}));
    }

    void anObjectNobodyHoldsIsKeptInItsStoredFormAfterTheTake()
    {
        core::Store store;
        core::ObjectPtr held = *store.create(object("ConfigMap", "held"), "tester", 10);
        (void)store.create(object("ConfigMap", "free"), "tester", 10);
        (void)store.create(object("ConfigMap", "twice"), "tester", 10);
        Json second = object("ConfigMap", "twice");
        second["data"] = {{"k", "v"}};
        (void)store.update(second, "tester", 11);
        const Json freeBefore = *store.get({"ConfigMap", "default", "free"});
        const std::weak_ptr<const Json> freeDecoded = store.get({"ConfigMap", "default", "free"});
        std::vector<core::Revision> taken = store.takePending();
        QCOMPARE(taken.size(), std::size_t(4));
        QVERIFY(freeDecoded.expired()); // the store let its decoded tree go
        // The held object stays the one its holder has; the others are decoded again on
        // read, once, equal to what was written (the last write of a key written twice).
        QCOMPARE(store.get({"ConfigMap", "default", "held"}).get(), held.get());
        core::ObjectPtr freeAfter = store.get({"ConfigMap", "default", "free"});
        QVERIFY(*freeAfter == freeBefore);
        QCOMPARE(store.get({"ConfigMap", "default", "free"}).get(), freeAfter.get());
        core::ObjectPtr twice = store.get({"ConfigMap", "default", "twice"});
        QCOMPARE((*twice)["data"]["k"].get<std::string>(), std::string("v"));
        QCOMPARE(rvOf(twice), std::string("4"));
        QCOMPARE(store.list("ConfigMap").size(), std::size_t(3));
        // A write after the take undoes to the stored form it replaced.
        Json third = object("ConfigMap", "free");
        third["data"] = {{"x", "y"}};
        (void)store.update(third, "tester", 12);
        store.rollback();
        QVERIFY(*store.get({"ConfigMap", "default", "free"}) == freeBefore);
    }

    void createUpdateRemove()
    {
        core::Store store;
        QCOMPARE(store.revision(), std::int64_t(0));
        auto a = store.create(object("ConfigMap", "a"), "tester", 10);
        QVERIFY(a.has_value());
        QCOMPARE(rvOf(*a), std::string("1"));
        QCOMPARE(store.revision(), std::int64_t(1));
        QVERIFY(store.get(core::ObjectKey{"ConfigMap", "default", "a"}) != nullptr);

        Json changed = **a;
        changed["data"]["k"] = "v";
        auto u = store.update(changed, "tester", 20);
        QVERIFY(u.has_value());
        QCOMPARE(rvOf(*u), std::string("2"));
        QCOMPARE((**u)["data"]["k"].get<std::string>(), std::string("v"));

        // An empty resourceVersion updates unconditionally.
        Json blind = object("ConfigMap", "a");
        blind["data"]["k"] = "w";
        auto u2 = store.update(blind, "tester", 30);
        QVERIFY(u2.has_value());
        QCOMPARE(rvOf(*u2), std::string("3"));

        QVERIFY(store.create(object("ConfigMap", "b"), "tester", 40).has_value());
        QVERIFY(store.create(object("ConfigMap", "c", "other"), "tester", 40).has_value());
        QCOMPARE(store.count("ConfigMap"), std::size_t(3));
        QCOMPARE(store.list("ConfigMap", "default").size(), std::size_t(2));
        QCOMPARE(store.list("ConfigMap").size(), std::size_t(3));

        auto r = store.remove(core::ObjectKey{"ConfigMap", "default", "a"}, "tester", 50);
        QVERIFY(r.has_value());
        QCOMPARE((**r)["data"]["k"].get<std::string>(), std::string("w"));
        QCOMPARE(store.revision(), std::int64_t(6));
        QVERIFY(store.get(core::ObjectKey{"ConfigMap", "default", "a"}) == nullptr);

        auto pending = store.takePending();
        QCOMPARE(pending.size(), std::size_t(6));
        QStringList verbs;
        for (const auto& p : pending)
            verbs << QString::fromStdString(p.verb) + QLatin1Char(' ') + QString::number(p.revision);
        QCOMPARE(verbs, QStringList({"create 1", "update 2", "update 3", "create 4", "create 5", "delete 6"}));
        QCOMPARE(pending.front().actor, std::string("tester"));
        QCOMPARE(pending.back().time, std::int64_t(50));
        QVERIFY(!store.hasPending());
    }

    void errorTexts_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::addRow("create existing configmap")
            << "create" << "ConfigMap" << int(core::ErrorCode::AlreadyExists)
            << R"(configmaps "present" already exists)";
        QTest::addRow("create existing deployment")
            << "create" << "Deployment" << int(core::ErrorCode::AlreadyExists)
            << R"(deployments.apps "present" already exists)";
        QTest::addRow("update missing pod") << "update" << "Pod" << int(core::ErrorCode::NotFound)
                                            << R"(pods "missing" not found)";
        QTest::addRow("remove missing deployment") << "remove" << "Deployment" << int(core::ErrorCode::NotFound)
                                                   << R"(deployments.apps "missing" not found)";
        QTest::addRow("stale pod")
            << "stale" << "Pod" << int(core::ErrorCode::Conflict)
            << R"(Operation cannot be fulfilled on pods "present": the object has been modified; please apply your changes to the latest version and try again)";
        QTest::addRow("stale deployment")
            << "stale" << "Deployment" << int(core::ErrorCode::Conflict)
            << R"(Operation cannot be fulfilled on deployments.apps "present": the object has been modified; please apply your changes to the latest version and try again)";
    }
    void errorTexts()
    {
        QFETCH(QString, operation);
        QFETCH(QString, kind);
        QFETCH(int, code);
        QFETCH(QString, message);
        core::Store store;
        std::string k = kind.toStdString();
        auto first = store.create(object(k, "present"), "tester", 0);
        QVERIFY(first.has_value());
        std::int64_t revision = store.revision();
        core::Result<core::ObjectPtr> result;
        if (operation == QLatin1String("create")) {
            result = store.create(object(k, "present"), "tester", 0);
        } else if (operation == QLatin1String("update")) {
            result = store.update(object(k, "missing"), "tester", 0);
        } else if (operation == QLatin1String("remove")) {
            result = store.remove(core::ObjectKey{k, "default", "missing"}, "tester", 0);
        } else {
            Json stale = **first;
            QVERIFY(store.update(**first, "tester", 0).has_value()); // moves the resourceVersion on
            revision = store.revision();
            result = store.update(stale, "tester", 0);
        }
        QVERIFY(!result.has_value());
        QCOMPARE(int(result.error().code), code);
        QCOMPARE(QString::fromStdString(result.error().message), message);
        QCOMPARE(store.revision(), revision); // a refused write takes no revision
    }

    void watchEventsInOrder()
    {
        core::Store store;
        Recorder rec;
        int id = store.addWatcher(rec.watcher());
        auto a = store.create(object("ConfigMap", "a"), "t", 0);
        QVERIFY(a.has_value());
        QVERIFY(store.create(object("Pod", "p"), "t", 0).has_value());
        QVERIFY(store.update(**a, "t", 0).has_value());
        QVERIFY(store.remove(core::ObjectKey{"Pod", "default", "p"}, "t", 0).has_value());
        QCOMPARE(rec.lines, QStringList({"ADDED ConfigMap/default/a" , "ADDED Pod/default/p",
                                         "MODIFIED ConfigMap/default/a", "DELETED Pod/default/p"}));
        std::vector<std::int64_t> revs;
        for (const auto& e : rec.events)
            revs.push_back(e.revision);
        QCOMPARE(revs, (std::vector<std::int64_t>{1, 2, 3, 4}));
        QVERIFY(rec.events[0].previous == nullptr);
        QCOMPARE(rvOf(rec.events[2].previous), std::string("1"));
        QCOMPARE(rvOf(rec.events[2].object), std::string("3"));
        QVERIFY(rec.events[3].object != nullptr);

        store.removeWatcher(id);
        QVERIFY(store.create(object("ConfigMap", "b"), "t", 0).has_value());
        QCOMPARE(rec.lines.size(), 4);
    }

    void rollbackRestoresAndTellsWatchers()
    {
        core::Store store;
        auto kept = store.create(object("ConfigMap", "kept"), "t", 0);
        auto changed = store.create(object("ConfigMap", "changed"), "t", 0);
        auto removed = store.create(object("ConfigMap", "removed"), "t", 0);
        QVERIFY(kept && changed && removed);
        (void)store.takePending();
        QCOMPARE(store.revision(), std::int64_t(3));

        Recorder rec;
        store.addWatcher(rec.watcher());
        Json c = **changed;
        c["data"]["k"] = "new";
        QVERIFY(store.update(c, "t", 0).has_value());
        QVERIFY(store.remove(core::ObjectKey{"ConfigMap", "default", "removed"}, "t", 0).has_value());
        QVERIFY(store.create(object("ConfigMap", "added"), "t", 0).has_value());
        QVERIFY(store.hasPending());
        rec.lines.clear();

        store.rollback();
        QVERIFY(!store.hasPending());
        QCOMPARE(store.revision(), std::int64_t(3));
        // Undone newest first.
        QCOMPARE(rec.lines, QStringList({"DELETED ConfigMap/default/added", "ADDED ConfigMap/default/removed",
                                         "MODIFIED ConfigMap/default/changed"}));
        QVERIFY(store.get(core::ObjectKey{"ConfigMap", "default", "added"}) == nullptr);
        auto back = store.get(core::ObjectKey{"ConfigMap", "default", "removed"});
        QVERIFY(back != nullptr);
        QCOMPARE(rvOf(back), std::string("3"));
        auto restored = store.get(core::ObjectKey{"ConfigMap", "default", "changed"});
        QVERIFY(restored != nullptr);
        QVERIFY(!(*restored).contains("data"));
        QCOMPARE(rvOf(restored), std::string("2"));
        QCOMPARE(store.count("ConfigMap"), std::size_t(3));

        // The next write continues from the committed revision.
        auto next = store.create(object("ConfigMap", "next"), "t", 0);
        QVERIFY(next.has_value());
        QCOMPARE(rvOf(*next), std::string("4"));
    }

    void rollbackOfRepeatedWritesRestoresEachState()
    {
        // A key written several times since the commit: each step is undone with the state
        // the write before it left (decoded from that pending revision), down to the committed
        // one; a key deleted and created again comes back as it was committed.
        core::Store store;
        Json committed = object("ConfigMap", "c");
        committed["data"]["step"] = "0";
        QVERIFY(store.create(committed, "t", 0).has_value());
        QVERIFY(store.create(object("ConfigMap", "gone"), "t", 0).has_value());
        (void)store.takePending();

        for (const char* step : {"1", "2", "3"}) {
            Json next = *store.get(core::ObjectKey{"ConfigMap", "default", "c"});
            next["data"]["step"] = step;
            QVERIFY(store.update(next, "t", 0).has_value());
        }
        const core::ObjectKey gone{"ConfigMap", "default", "gone"};
        QVERIFY(store.remove(gone, "t", 0).has_value());
        Json again = object("ConfigMap", "gone");
        again["data"]["new"] = "yes";
        QVERIFY(store.create(again, "t", 0).has_value());
        Json changedAgain = *store.get(gone);
        changedAgain["data"]["new"] = "still";
        QVERIFY(store.update(changedAgain, "t", 0).has_value());

        std::vector<std::string> seen;
        Recorder rec;
        store.addWatcher([&seen, &rec](const core::WatchEvent& e) {
            rec.watcher()(e);
            if (e.key.name == "c")
                seen.push_back((*e.object)["data"]["step"].get<std::string>() + "@" + rvOf(e.object) + " over " +
                               (*e.previous)["data"]["step"].get<std::string>());
        });
        store.rollback();
        QCOMPARE(rec.lines, QStringList({"MODIFIED ConfigMap/default/gone", "DELETED ConfigMap/default/gone",
                                         "ADDED ConfigMap/default/gone", "MODIFIED ConfigMap/default/c",
                                         "MODIFIED ConfigMap/default/c", "MODIFIED ConfigMap/default/c"}));
        QCOMPARE(seen, (std::vector<std::string>{"2@4 over 3", "1@3 over 2", "0@1 over 1"}));
        QCOMPARE((*store.get(core::ObjectKey{"ConfigMap", "default", "c"}))["data"]["step"].get<std::string>(),
                 std::string("0"));
        auto back = store.get(gone);
        QVERIFY(back != nullptr);
        QVERIFY(!back->contains("data"));
        QCOMPARE(rvOf(back), std::string("2"));
        QCOMPARE(store.revision(), std::int64_t(2));
    }

    void eventsReadFromTheirStoredForm()
    {
        // Events are kept in their stored form: each read decodes the same document.
        core::Store store;
        Json e = object("Event", "web.1");
        e["reason"] = "Scheduled";
        auto created = store.create(e, "t", 0);
        QVERIFY(created.has_value());
        const core::ObjectKey key{"Event", "default", "web.1"};
        core::ObjectPtr read = store.get(key);
        QVERIFY(read != nullptr);
        QVERIFY(*read == **created);
        Json counted = *read;
        counted["count"] = 2;
        QVERIFY(store.update(counted, "t", 0).has_value());
        QCOMPARE((*store.get(key))["count"].get<int>(), 2);
        QCOMPARE(rvOf(store.get(key)), std::string("2"));
        QCOMPARE(store.list("Event").size(), std::size_t(1));
        QCOMPARE((*store.list("Event", "default").front())["reason"].get<std::string>(), std::string("Scheduled"));
        store.rollback();
        QCOMPARE(store.count("Event"), std::size_t(0));
    }

    void loadReplacesWithoutEvents()
    {
        core::Store store;
        Recorder rec;
        store.addWatcher(rec.watcher());
        QVERIFY(store.create(object("ConfigMap", "old"), "t", 0).has_value());
        rec.lines.clear();
        std::vector<core::PackedObject> objects;
        objects.push_back({core::ObjectKey{"Pod", "default", "x"}, core::packObject(object("Pod", "x"))});
        objects.push_back({core::ObjectKey{"Pod", "kube-system", "y"}, core::packObject(object("Pod", "y", "kube-system"))});
        store.load(std::move(objects), 42);
        QVERIFY(rec.lines.isEmpty());
        QVERIFY(!store.hasPending());
        QCOMPARE(store.revision(), std::int64_t(42));
        QCOMPARE(store.count("ConfigMap"), std::size_t(0));
        QCOMPARE(store.count("Pod"), std::size_t(2));
        QCOMPARE(store.kinds(), std::vector<std::string>{"Pod"});
        // Decoded on first read, the same document afterwards.
        core::ObjectPtr y = store.get(core::ObjectKey{"Pod", "kube-system", "y"});
        QVERIFY(y != nullptr);
        QVERIFY(*y == object("Pod", "y", "kube-system"));
        QCOMPARE(store.get(core::ObjectKey{"Pod", "kube-system", "y"}).get(), y.get());
        QCOMPARE(store.list("Pod", "default").size(), std::size_t(1));
        QCOMPARE(core::nameOf(*store.list("Pod").front()), std::string("x"));
    }

    void damagedStoredFormKeepsIdentity()
    {
        core::Store store;
        std::vector<core::PackedObject> objects;
        objects.push_back({core::ObjectKey{"ConfigMap", "default", "bad"}, std::string("\xc1 not msgpack")});
        store.load(std::move(objects), 7);
        core::ObjectPtr bad = store.get(core::ObjectKey{"ConfigMap", "default", "bad"});
        QVERIFY(bad != nullptr);
        QCOMPARE(core::kindOf(*bad), std::string("ConfigMap"));
        QCOMPARE(core::nameOf(*bad), std::string("bad"));
        QCOMPARE(core::namespaceOf(*bad), std::string("default"));
        // It can still be deleted.
        QVERIFY(store.remove(core::ObjectKey{"ConfigMap", "default", "bad"}, "t", 0).has_value());
        QCOMPARE(store.count("ConfigMap"), std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestStore)
#include "tst_store.moc"

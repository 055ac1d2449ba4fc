// SPDX-License-Identifier: GPL-3.0-or-later
// The Deployment controller in a running lab: the RollingUpdate steps of old and new
// ReplicaSets, Recreate, pause and resume, proportional scaling mid-rollout, the
// change-cause annotation, revisionHistoryLimit, the Progressing condition's reasons and
// the progress deadline, and a rollback making an old ReplicaSet the newest revision.
#include <QTest>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "core/sim/engine.h"

namespace core = kubelab::core;
using core::Json;

class TestDeployment : public QObject {
    Q_OBJECT

private slots:
    void rollingUpdateSteps_data();
    void rollingUpdateSteps();
    void recreate();
    void pauseAndResume();
    void proportionalScalingMidRollout();
    void changeCauseAndHistoryLimit();
    void progressDeadline();
    void aCompleteRolloutThatLosesItsPodsNeverTimesOut();
    void rollbackBumpsRevision();
};

namespace {

std::unique_ptr<core::Engine> openEngine()
{
    core::Engine::Options options;
    options.createIfMissing = true;
    options.seed = 7;
    auto engine = core::Engine::open(options);
    if (!engine)
        qWarning("%s", engine.error().toString().c_str());
    return engine ? std::move(*engine) : nullptr;
}

Json node(const std::string& name)
{
    Json capacity = {{"cpu", "8"}, {"memory", "16Gi"}, {"pods", "110"}};
    return Json{{"apiVersion", "v1"},
                {"kind", "Node"},
                {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}}}}},
                {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
}

Json deployment(const std::string& name, int replicas, const std::string& image = "nginx:1.26")
{
    Json container = {{"name", "nginx"}, {"image", image}};
    return Json{{"apiVersion", "apps/v1"},
                {"kind", "Deployment"},
                {"metadata", {{"name", name}, {"namespace", "default"}}},
                {"spec",
                 {{"replicas", replicas},
                  {"selector", {{"matchLabels", {{"app", name}}}}},
                  {"template", {{"metadata", {{"labels", {{"app", name}}}}}, {"spec", {{"containers", Json::array({container})}}}}}}}};
}

/// A lab with two nodes and a settled Deployment.
std::unique_ptr<core::Engine> labWith(const Json& d)
{
    auto engine = openEngine();
    if (!engine)
        return nullptr;
    for (const char* n : {"node-1", "node-2"})
        if (!engine->apply(node(n)))
            return nullptr;
    if (!engine->apply(d))
        return nullptr;
    engine->settle(5 * core::kMinute);
    return engine;
}

Json get(core::Engine& e, const std::string& kind, const std::string& name)
{
    core::ObjectPtr o = e.get(core::ObjectKey{kind, kind == "Node" ? "" : "default", name});
    return o ? *o : Json();
}

bool update(core::Engine& e, const std::string& name, const std::function<void(Json&)>& edit)
{
    Json d = get(e, "Deployment", name);
    edit(d);
    auto r = e.update(d);
    if (!r)
        qWarning("%s", r.error().toString().c_str());
    return r.has_value();
}

std::string revisionOf(const Json& o)
{
    return o["metadata"].value("annotations", Json::object()).value("deployment.kubernetes.io/revision", "");
}

/// The Deployment's ReplicaSets, oldest revision first.
std::vector<Json> replicaSets(core::Engine& e)
{
    std::vector<Json> out;
    for (const core::ObjectPtr& rs : e.list("ReplicaSet", "default"))
        out.push_back(*rs);
    std::sort(out.begin(), out.end(),
              [](const Json& a, const Json& b) { return std::stoll(revisionOf(a)) < std::stoll(revisionOf(b)); });
    return out;
}

Json condition(const Json& d, const std::string& type)
{
    for (const Json& c : d["status"].value("conditions", Json::array()))
        if (c.value("type", "") == type)
            return c;
    return Json();
}

/// Every change of a ReplicaSet's spec.replicas while the lab runs, by name.
class ScaleRecorder {
public:
    explicit ScaleRecorder(core::Engine& e) : m_engine(e)
    {
        m_id = e.addWatcher([this](const core::WatchEvent& ev) {
            if (ev.key.kind != "ReplicaSet" || !ev.object)
                return;
            std::int64_t to = (*ev.object)["spec"].value("replicas", std::int64_t{0});
            std::int64_t from = ev.previous ? (*ev.previous)["spec"].value("replicas", std::int64_t{0}) : 0;
            if (from != to)
                m_steps.push_back({ev.key.name, from, to});
        });
    }
    ~ScaleRecorder() { m_engine.removeWatcher(m_id); }

    /// `old 3->2` / `new 0->1`: the ReplicaSet named `oldName` is "old".
    [[nodiscard]] QStringList steps(const std::string& oldName) const
    {
        QStringList out;
        for (const Step& s : m_steps)
            out << QStringLiteral("%1 %2->%3")
                       .arg(s.name == oldName ? QStringLiteral("old") : QStringLiteral("new"))
                       .arg(s.from)
                       .arg(s.to);
        return out;
    }

private:
    struct Step {
        std::string name;
        std::int64_t from;
        std::int64_t to;
    };
    core::Engine& m_engine;
    std::vector<Step> m_steps;
    int m_id = 0;
};

} // namespace

void TestDeployment::rollingUpdateSteps_data()
{
    QTest::addColumn<int>("replicas");
    QTest::addColumn<QString>("maxSurge");
    QTest::addColumn<QString>("maxUnavailable");
    QTest::addColumn<QStringList>("steps");
    // k8s-semantics 4.2: 3 replicas, 25%/25% (surge 1, unavailable 0).
    QTest::addRow("3 replicas, 25%%/25%%")
        << 3 << "25%" << "25%"
        << QStringList{"new 0->1", "old 3->2", "new 1->2", "old 2->1", "new 2->3", "old 1->0"};
    // No surge: the new ReplicaSet is created at 0, old ones make room first.
    QTest::addRow("4 replicas, surge 0, unavailable 2")
        << 4 << "0" << "2" << QStringList{"old 4->2", "new 0->2", "old 2->0", "new 2->4"};
}

void TestDeployment::rollingUpdateSteps()
{
    QFETCH(int, replicas);
    QFETCH(QString, maxSurge);
    QFETCH(QString, maxUnavailable);
    QFETCH(QStringList, steps);
    Json d = deployment("web", replicas);
    auto intOrPercent = [](const QString& s) {
        return s.endsWith(u'%') ? Json(s.toStdString()) : Json(s.toInt());
    };
    d["spec"]["strategy"] = {{"type", "RollingUpdate"},
                             {"rollingUpdate", {{"maxSurge", intOrPercent(maxSurge)}, {"maxUnavailable", intOrPercent(maxUnavailable)}}}};
    auto engine = labWith(d);
    QVERIFY(engine);
    QCOMPARE(replicaSets(*engine).size(), std::size_t(1));
    std::string oldName = core::nameOf(replicaSets(*engine).front());
    ScaleRecorder recorder(*engine);
    QVERIFY(update(*engine, "web", [](Json& o) { o["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.27"; }));
    engine->settle(5 * core::kMinute);
    auto sets = replicaSets(*engine);
    QCOMPARE(sets.size(), std::size_t(2));
    QCOMPARE(core::nameOf(sets.front()), oldName);
    QCOMPARE(sets.front()["spec"]["replicas"].get<int>(), 0);
    QCOMPARE(sets.back()["spec"]["replicas"].get<int>(), replicas);
    QCOMPARE(recorder.steps(oldName), steps);
    Json dep = get(*engine, "Deployment", "web");
    QCOMPARE(revisionOf(dep), std::string("2"));
    QCOMPARE(condition(dep, "Progressing").value("reason", ""), std::string("NewReplicaSetAvailable"));
    QCOMPARE(condition(dep, "Progressing").value("message", ""),
             "ReplicaSet \"" + core::nameOf(sets.back()) + "\" has successfully progressed.");
}

void TestDeployment::recreate()
{
    Json d = deployment("web", 3);
    d["spec"]["strategy"] = {{"type", "Recreate"}};
    auto engine = labWith(d);
    QVERIFY(engine);
    std::string oldName = core::nameOf(replicaSets(*engine).front());
    ScaleRecorder recorder(*engine);
    QVERIFY(update(*engine, "web", [](Json& o) { o["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.27"; }));
    engine->settle(5 * core::kMinute);
    // Old to 0 first; the new ReplicaSet is created at full size once old pods are gone.
    QCOMPARE(recorder.steps(oldName), (QStringList{"old 3->0", "new 0->3"}));
    auto sets = replicaSets(*engine);
    QCOMPARE(sets.size(), std::size_t(2));
    QCOMPARE(sets.back()["spec"]["replicas"].get<int>(), 3);
}

void TestDeployment::pauseAndResume()
{
    auto engine = labWith(deployment("web", 3));
    QVERIFY(engine);
    QVERIFY(update(*engine, "web", [](Json& o) { o["spec"]["paused"] = true; }));
    engine->settle(core::kMinute);
    Json d = get(*engine, "Deployment", "web");
    QCOMPARE(condition(d, "Progressing").value("reason", ""), std::string("DeploymentPaused"));
    QCOMPARE(condition(d, "Progressing").value("status", ""), std::string("Unknown"));
    QCOMPARE(condition(d, "Progressing").value("message", ""), std::string("Deployment is paused"));
    // A template change makes no ReplicaSet while paused; scaling still works.
    QVERIFY(update(*engine, "web", [](Json& o) {
        o["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.27";
        o["spec"]["replicas"] = 5;
    }));
    engine->settle(core::kMinute);
    auto sets = replicaSets(*engine);
    QCOMPARE(sets.size(), std::size_t(1));
    QCOMPARE(sets.front()["spec"]["replicas"].get<int>(), 5);
    QVERIFY(update(*engine, "web", [](Json& o) { o["spec"].erase("paused"); }));
    engine->settle(5 * core::kMinute);
    sets = replicaSets(*engine);
    QCOMPARE(sets.size(), std::size_t(2));
    QCOMPARE(sets.back()["spec"]["replicas"].get<int>(), 5);
    QCOMPARE(sets.front()["spec"]["replicas"].get<int>(), 0);
    d = get(*engine, "Deployment", "web");
    QCOMPARE(condition(d, "Progressing").value("reason", ""), std::string("NewReplicaSetAvailable"));
}

void TestDeployment::proportionalScalingMidRollout()
{
    // k8s-semantics 4.3: 10 replicas, maxSurge 3, a rollout stuck with 8 old + 5 new; scale
    // to 15 -> allowed 18: old +3 (11), new +2 (7).
    Json d = deployment("web", 10);
    d["spec"]["strategy"] = {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", 3}, {"maxUnavailable", 2}}}};
    auto engine = labWith(d);
    QVERIFY(engine);
    // A new template whose pods cannot be scheduled: the rollout stops at 8 old + 5 new.
    QVERIFY(update(*engine, "web", [](Json& o) {
        o["spec"]["template"]["spec"]["nodeSelector"] = {{"disk", "none"}};
    }));
    engine->settle(core::kMinute);
    auto sets = replicaSets(*engine);
    QCOMPARE(sets.size(), std::size_t(2));
    QCOMPARE(sets.front()["spec"]["replicas"].get<int>(), 8);
    QCOMPARE(sets.back()["spec"]["replicas"].get<int>(), 5);
    QVERIFY(update(*engine, "web", [](Json& o) { o["spec"]["replicas"] = 15; }));
    engine->settle(core::kMinute);
    sets = replicaSets(*engine);
    QCOMPARE(sets.front()["spec"]["replicas"].get<int>(), 11);
    QCOMPARE(sets.back()["spec"]["replicas"].get<int>(), 7);
}

void TestDeployment::changeCauseAndHistoryLimit()
{
    Json d = deployment("web", 1);
    d["spec"]["revisionHistoryLimit"] = 2;
    d["metadata"]["annotations"] = {{"kubernetes.io/change-cause", "first"}};
    auto engine = labWith(d);
    QVERIFY(engine);
    QCOMPARE(replicaSets(*engine).front()["metadata"]["annotations"].value("kubernetes.io/change-cause", ""),
             std::string("first"));
    for (const char* image : {"nginx:1.27", "nginx:1.28", "nginx:1.29", "nginx:1.30"}) {
        QVERIFY(update(*engine, "web", [&](Json& o) {
            o["spec"]["template"]["spec"]["containers"][0]["image"] = image;
            o["metadata"]["annotations"]["kubernetes.io/change-cause"] = std::string("image ") + image;
        }));
        engine->settle(5 * core::kMinute);
    }
    // Revisions 1..5; two old ones are kept beside the current one.
    auto sets = replicaSets(*engine);
    QCOMPARE(sets.size(), std::size_t(3));
    QCOMPARE(revisionOf(sets[0]), std::string("3"));
    QCOMPARE(revisionOf(sets[2]), std::string("5"));
    QCOMPARE(sets[2]["metadata"]["annotations"].value("kubernetes.io/change-cause", ""), std::string("image nginx:1.30"));
}

void TestDeployment::progressDeadline()
{
    Json d = deployment("web", 2);
    d["spec"]["progressDeadlineSeconds"] = 60;
    auto engine = labWith(d);
    QVERIFY(engine);
    QVERIFY(update(*engine, "web", [](Json& o) { o["spec"]["template"]["spec"]["nodeSelector"] = {{"disk", "none"}}; }));
    engine->settle(5 * core::kMinute);
    Json dep = get(*engine, "Deployment", "web");
    std::string newName = core::nameOf(replicaSets(*engine).back());
    QCOMPARE(condition(dep, "Progressing").value("status", ""), std::string("True"));
    QCOMPARE(condition(dep, "Progressing").value("reason", ""), std::string("ReplicaSetUpdated"));
    // The deadline is checked by a background wake-up: settle alone does not reach it.
    engine->advance(2 * core::kMinute);
    dep = get(*engine, "Deployment", "web");
    QCOMPARE(condition(dep, "Progressing").value("status", ""), std::string("False"));
    QCOMPARE(condition(dep, "Progressing").value("reason", ""), std::string("ProgressDeadlineExceeded"));
    QCOMPARE(condition(dep, "Progressing").value("message", ""),
             "ReplicaSet \"" + newName + "\" has timed out progressing.");
    // Nothing rolls back.
    QCOMPARE(replicaSets(*engine).back()["spec"]["replicas"].get<int>(), 1);
}

void TestDeployment::aCompleteRolloutThatLosesItsPodsNeverTimesOut()
{
    // A rollout that completed keeps NewReplicaSetAvailable when its pods go (here a NoExecute
    // taint evicts them and nothing tolerates it): DeploymentTimedOut is false for that reason,
    // so the deadline passes with nothing to do. (The controller once requeued itself at the
    // same instant forever there, and the lab's clock stopped.)
    Json d = deployment("web", 2);
    d["spec"]["progressDeadlineSeconds"] = 60;
    auto engine = labWith(d);
    QVERIFY(engine);
    for (const char* name : {"node-1", "node-2"}) {
        Json n = get(*engine, "Node", name);
        n["spec"]["taints"] = Json::array({Json{{"key", "maintenance"}, {"effect", "NoExecute"}}});
        QVERIFY(engine->update(n));
    }
    engine->advance(3 * core::kMinute);
    Json dep = get(*engine, "Deployment", "web");
    QCOMPARE(condition(dep, "Available").value("status", ""), std::string("False"));
    QCOMPARE(condition(dep, "Progressing").value("status", ""), std::string("True"));
    QCOMPARE(condition(dep, "Progressing").value("reason", ""), std::string("NewReplicaSetAvailable"));
    QCOMPARE(dep["status"].value("unavailableReplicas", 0), 2);
}

void TestDeployment::rollbackBumpsRevision()
{
    auto engine = labWith(deployment("web", 2));
    QVERIFY(engine);
    Json first = get(*engine, "Deployment", "web")["spec"]["template"];
    QVERIFY(update(*engine, "web", [](Json& o) { o["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.27"; }));
    engine->settle(5 * core::kMinute);
    // Back to the first template: its ReplicaSet becomes revision 3, history "1".
    QVERIFY(update(*engine, "web", [&](Json& o) { o["spec"]["template"] = first; }));
    engine->settle(5 * core::kMinute);
    auto sets = replicaSets(*engine);
    QCOMPARE(sets.size(), std::size_t(2));
    QCOMPARE(revisionOf(sets.back()), std::string("3"));
    QCOMPARE(sets.back()["metadata"]["annotations"].value("deployment.kubernetes.io/revision-history", ""),
             std::string("1"));
    QCOMPARE(sets.back()["spec"]["replicas"].get<int>(), 2);
    QCOMPARE(revisionOf(get(*engine, "Deployment", "web")), std::string("3"));
}

QTEST_APPLESS_MAIN(TestDeployment)
#include "tst_deployment.moc"

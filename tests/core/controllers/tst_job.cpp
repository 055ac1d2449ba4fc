// SPDX-License-Identifier: GPL-3.0-or-later
// The Job controller: completions and parallelism, Indexed pods, backoffLimit with the
// failure backoff, activeDeadlineSeconds, ttlSecondsAfterFinished. The lab has no node
// here, so pods stay unscheduled and the test finishes them through the status API, as a
// kubelet would.
#include <QTest>

#include <string>
#include <vector>

#include "core/controllers/job.h"
#include "core/sim/engine.h"

namespace core = kubelab::core;
using core::Json;

class TestJob final : public QObject {
    Q_OBJECT

private slots:
    void backoff_data();
    void backoff();
    void formatIndexes_data();
    void formatIndexes();
    void completionsAndParallelism();
    void indexed();
    void backoffLimitExceeded();
    void activeDeadline();
    void ttlAfterFinished();
};

namespace {

std::unique_ptr<core::Engine> openEngine()
{
    core::Engine::Options options;
    options.createIfMissing = true;
    options.seed = 3;
    auto engine = core::Engine::open(options);
    if (!engine)
        qWarning("%s", engine.error().toString().c_str());
    return engine ? std::move(*engine) : nullptr;
}

Json job(const std::string& name, const Json& extraSpec = Json::object())
{
    Json j = {{"apiVersion", "batch/v1"},
              {"kind", "Job"},
              {"metadata", {{"name", name}, {"namespace", "default"}}},
              {"spec",
               {{"template",
                 {{"spec",
                   {{"restartPolicy", "Never"},
                    {"containers", Json::array({Json{{"name", "pi"}, {"image", "perl:5.34.0"},
                                                     {"command", Json::array({"perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"})}}})}}}}}}}};
    for (auto it = extraSpec.begin(); it != extraSpec.end(); ++it)
        j["spec"][it.key()] = it.value();
    return j;
}

std::vector<core::ObjectPtr> activePods(const core::Engine& engine, const std::string& jobName)
{
    std::vector<core::ObjectPtr> out;
    for (const core::ObjectPtr& p : engine.list("Pod", "default")) {
        std::string phase = core::stringAt(*p, Json::json_pointer("/status/phase"));
        if (core::labelsOf(*p)["job-name"] == jobName && phase != "Succeeded" && phase != "Failed" &&
            !core::isBeingDeleted(*p))
            out.push_back(p);
    }
    return out;
}

/// Finishes a pod as its kubelet would report it.
void finish(core::Engine& engine, const core::ObjectPtr& pod, const std::string& phase)
{
    Json next = *pod;
    next["status"]["phase"] = phase;
    next["status"]["containerStatuses"] = Json::array(
        {Json{{"name", "pi"},
              {"ready", false},
              {"restartCount", 0},
              {"state",
               {{"terminated",
                 {{"exitCode", phase == "Succeeded" ? 0 : 1},
                  {"reason", phase == "Succeeded" ? "Completed" : "Error"},
                  {"finishedAt", engine.timestampNow()}}}}}}});
    QVERIFY(engine.updateStatus(next, core::RequestContext::component("kubelet")));
}

std::string at(const core::Engine& engine, const char* name, const char* pointer)
{
    core::ObjectPtr o = engine.get({"Job", "default", name});
    return o ? core::stringAt(*o, Json::json_pointer(pointer)) : std::string("<gone>");
}

int statusInt(const core::Engine& engine, const char* name, const char* field)
{
    core::ObjectPtr o = engine.get({"Job", "default", name});
    return o && (*o).contains("status") ? static_cast<int>((*o)["status"].value(field, std::int64_t{0})) : -1;
}

std::vector<std::string> conditions(const core::Engine& engine, const char* name)
{
    std::vector<std::string> out;
    core::ObjectPtr o = engine.get({"Job", "default", name});
    if (o && (*o).contains("status") && (*o)["status"].contains("conditions"))
        for (const Json& c : (*o)["status"]["conditions"])
            out.push_back(c.value("type", "") + "/" + c.value("reason", "") + "/" + c.value("message", ""));
    return out;
}

} // namespace

void TestJob::backoff_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("seconds");
    QTest::addRow("none") << 0 << 0;
    QTest::addRow("first") << 1 << 10;
    QTest::addRow("second") << 2 << 20;
    QTest::addRow("third") << 3 << 40;
    QTest::addRow("seventh") << 7 << 600;
    QTest::addRow("capped") << 30 << 600;
}

void TestJob::backoff()
{
    QFETCH(int, failures);
    QFETCH(int, seconds);
    QCOMPARE(static_cast<int>(core::jobPodFailureBackoffSeconds(failures)), seconds);
}

void TestJob::formatIndexes_data()
{
    QTest::addColumn<std::vector<std::int64_t>>("indexes");
    QTest::addColumn<QString>("text");
    QTest::addRow("empty") << std::vector<std::int64_t>{} << "";
    QTest::addRow("one") << std::vector<std::int64_t>{3} << "3";
    QTest::addRow("runs") << std::vector<std::int64_t>{7, 1, 3, 4, 5} << "1,3-5,7";
    QTest::addRow("pair") << std::vector<std::int64_t>{0, 1} << "0-1";
}

void TestJob::formatIndexes()
{
    QFETCH(std::vector<std::int64_t>, indexes);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(core::formatIndexes(indexes)), text);
}

void TestJob::completionsAndParallelism()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(job("pi", Json{{"completions", 3}, {"parallelism", 2}})));
    engine->drain();
    auto pods = activePods(*engine, "pi");
    QCOMPARE(pods.size(), std::size_t(2));
    const core::ObjectPtr& first = pods[0];
    QVERIFY(core::nameOf(*first).starts_with("pi-"));
    QCOMPARE(core::nameOf(*first).size(), std::string("pi-").size() + 5);
    core::Labels labels = core::labelsOf(*first);
    const std::string uid = core::uidOf(*engine->get({"Job", "default", "pi"}));
    QCOMPARE(labels["batch.kubernetes.io/controller-uid"], uid);
    QCOMPARE(labels["controller-uid"], uid);
    QCOMPARE(labels["job-name"], std::string("pi"));
    QCOMPARE(labels["batch.kubernetes.io/job-name"], std::string("pi"));
    QCOMPARE(core::stringAt(*first, Json::json_pointer("/metadata/finalizers/0")),
             std::string("batch.kubernetes.io/job-tracking"));
    QCOMPARE(statusInt(*engine, "pi", "active"), 2);
    QVERIFY(!at(*engine, "pi", "/status/startTime").empty());

    finish(*engine, pods[0], "Succeeded");
    engine->drain();
    QCOMPARE(statusInt(*engine, "pi", "succeeded"), 1);
    // One more to go, one running: no new pod.
    QCOMPARE(activePods(*engine, "pi").size(), std::size_t(2));
    for (const auto& p : activePods(*engine, "pi"))
        finish(*engine, p, "Succeeded");
    engine->drain();
    QCOMPARE(statusInt(*engine, "pi", "succeeded"), 3);
    QCOMPARE(statusInt(*engine, "pi", "active"), 0);
    QCOMPARE(conditions(*engine, "pi"),
             std::vector<std::string>({"SuccessCriteriaMet/CompletionsReached/Reached expected number of succeeded pods",
                                       "Complete/CompletionsReached/Reached expected number of succeeded pods"}));
    QVERIFY(!at(*engine, "pi", "/status/completionTime").empty());
    // Counted pods lose the tracking finalizer.
    for (const core::ObjectPtr& p : engine->list("Pod", "default"))
        QVERIFY(!(*p)["metadata"].contains("finalizers"));
}

void TestJob::indexed()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(job("idx", Json{{"completions", 3}, {"parallelism", 3}, {"completionMode", "Indexed"}})));
    engine->drain();
    auto pods = activePods(*engine, "idx");
    QCOMPARE(pods.size(), std::size_t(3));
    std::vector<std::string> indexes;
    for (const auto& p : pods) {
        std::string index = core::annotationsOf(*p)["batch.kubernetes.io/job-completion-index"];
        indexes.push_back(index);
        QCOMPARE(core::labelsOf(*p)["batch.kubernetes.io/job-completion-index"], index);
        QVERIFY(core::nameOf(*p).starts_with("idx-" + index + "-"));
        QCOMPARE(core::stringAt(*p, Json::json_pointer("/spec/hostname")), "idx-" + index);
        QCOMPARE(core::stringAt(*p, Json::json_pointer("/spec/containers/0/env/0/name")),
                 std::string("JOB_COMPLETION_INDEX"));
    }
    std::ranges::sort(indexes);
    QCOMPARE(indexes, std::vector<std::string>({"0", "1", "2"}));
    for (const auto& p : pods)
        if (core::annotationsOf(*p)["batch.kubernetes.io/job-completion-index"] != "1")
            finish(*engine, p, "Succeeded");
    engine->drain();
    QCOMPARE(at(*engine, "idx", "/status/completedIndexes"), std::string("0,2"));
    QCOMPARE(statusInt(*engine, "idx", "succeeded"), 2);
    finish(*engine, activePods(*engine, "idx").front(), "Succeeded");
    engine->drain();
    QCOMPARE(at(*engine, "idx", "/status/completedIndexes"), std::string("0-2"));
    QCOMPARE(conditions(*engine, "idx").size(), std::size_t(2));
}

void TestJob::backoffLimitExceeded()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(job("fails", Json{{"backoffLimit", 2}})));
    engine->drain();
    const core::VirtualTime t0 = engine->now();
    std::vector<core::VirtualTime> created;
    for (int i = 0; i < 3; ++i) {
        auto pods = activePods(*engine, "fails");
        QCOMPARE(pods.size(), std::size_t(1));
        created.push_back(engine->virtualTimeOf(core::stringAt(*pods[0], Json::json_pointer("/metadata/creationTimestamp"))));
        finish(*engine, pods[0], "Failed");
        engine->settle(10 * core::kMinute);
    }
    // Replacements after 10 s, then 20 s (upstream's pod failure backoff).
    QCOMPARE(created[0], t0);
    QCOMPARE(created[1] - created[0], 10 * core::kSecond);
    QCOMPARE(created[2] - created[1], 20 * core::kSecond);
    QCOMPARE(statusInt(*engine, "fails", "failed"), 3);
    QCOMPARE(conditions(*engine, "fails"),
             std::vector<std::string>({"FailureTarget/BackoffLimitExceeded/Job has reached the specified backoff limit",
                                       "Failed/BackoffLimitExceeded/Job has reached the specified backoff limit"}));
    QVERIFY(activePods(*engine, "fails").empty());
}

void TestJob::activeDeadline()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(job("slow", Json{{"activeDeadlineSeconds", 30}})));
    engine->settle(5 * core::kMinute);
    QCOMPARE(conditions(*engine, "slow").back(),
             std::string("Failed/DeadlineExceeded/Job was active longer than specified deadline"));
    QVERIFY(activePods(*engine, "slow").empty());
}

void TestJob::ttlAfterFinished()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(job("short", Json{{"ttlSecondsAfterFinished", 100}})));
    engine->drain();
    finish(*engine, activePods(*engine, "short").front(), "Succeeded");
    engine->drain();
    QCOMPARE(conditions(*engine, "short").size(), std::size_t(2));
    engine->advance(99 * core::kSecond);
    QVERIFY(engine->get({"Job", "default", "short"}));
    engine->advance(2 * core::kSecond);
    engine->settle(core::kMinute);
    QVERIFY(!engine->get({"Job", "default", "short"}));
}

QTEST_APPLESS_MAIN(TestJob)
#include "tst_job.moc"

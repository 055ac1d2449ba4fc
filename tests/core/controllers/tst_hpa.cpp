// SPDX-License-Identifier: GPL-3.0-or-later
// The HorizontalPodAutoscaler: the replica calculator with the values of upstream's
// pkg/controller/podautoscaler/replica_calculator_test.go, and the controller end to end.

#include <QTest>

#include "core/controllers/hpa.h"
#include "core/sim/engine.h"

class TestHpa : public QObject {
    Q_OBJECT

private slots:
    void replicaCalculator_data();
    void replicaCalculator();
    void controllerScalesUpThenStabilizesDown();
    void missingRequests();
};

namespace core = kubelab::core;
using core::Json;
using core::kMinute;
using core::kSecond;

namespace {

/// One upstream test case: per-pod readiness, phase, deletion, request and level.
struct CalcCase {
    int currentReplicas = 0;
    QList<QString> readiness;  // "True" / "False"; empty: all True
    QList<QString> phases;     // empty: all Running
    QList<bool> deleting;
    QList<qint64> requests;    // milli-cpu per pod; empty list: no request
    QList<qint64> levels;      // metrics of the first pods
    qint64 target = 0;
    int expectedReplicas = 0;
    int expectedUtilization = 0;
    QString expectedError;     // prefix
    int pods = 0;              // number of pods (defaults to requests' size)
};

} // namespace

Q_DECLARE_METATYPE(CalcCase)

void TestHpa::replicaCalculator_data()
{
    QTest::addColumn<CalcCase>("tc");
    auto ones = [](int n) {
        QList<qint64> l;
        for (int i = 0; i < n; ++i)
            l << 1000;
        return l;
    };
    QTest::addRow("ScaleUp") << CalcCase{3, {}, {}, {}, ones(3), {300, 500, 700}, 30, 5, 50, {}, 3};
    QTest::addRow("ScaleUpUnreadyLessScale")
        << CalcCase{3, {"False", "True", "True"}, {}, {}, ones(3), {300, 500, 700}, 30, 4, 60, {}, 3};
    QTest::addRow("ScaleUpUnreadyNoScale")
        << CalcCase{3, {"True", "False", "False"}, {}, {}, ones(3), {400, 500, 700}, 30, 3, 40, {}, 3};
    QTest::addRow("ScaleDown") << CalcCase{5, {}, {}, {}, ones(5), {100, 300, 500, 250, 250}, 50, 3, 28, {}, 5};
    QTest::addRow("ScaleDownIgnoresFailedPods")
        << CalcCase{5, {"True", "True", "True", "True", "True", "False", "False"},
                    {"Running", "Running", "Running", "Running", "Running", "Failed", "Failed"}, {}, ones(7),
                    {100, 300, 500, 250, 250}, 50, 3, 28, {}, 7};
    QTest::addRow("ScaleDownIgnoresDeletionPods")
        << CalcCase{5, {"True", "True", "True", "True", "True", "False", "False"}, {},
                    {false, false, false, false, false, true, true}, ones(7), {100, 300, 500, 250, 250}, 50, 3, 28, {}, 7};
    QTest::addRow("Tolerance") << CalcCase{3, {}, {}, {}, {900, 1000, 1100}, {1010, 1030, 1020}, 100, 3, 102, {}, 3};
    QTest::addRow("MissingMetrics") << CalcCase{4, {}, {}, {}, ones(4), {400, 95}, 100, 3, 24, {}, 4};
    QTest::addRow("EmptyMetrics") << CalcCase{4, {}, {}, {}, ones(3), {}, 100, 0, 0,
                                              "unable to get metrics for resource cpu: no metrics returned from resource metrics API", 3};
    QTest::addRow("EmptyCPURequest") << CalcCase{1, {}, {}, {}, {}, {200}, 100, 0, 0, "missing request for", 1};
    QTest::addRow("MissingMetricsNoChangeEq") << CalcCase{2, {}, {}, {}, ones(2), {1000}, 100, 2, 100, {}, 2};
    QTest::addRow("MissingMetricsNoChangeGt") << CalcCase{2, {}, {}, {}, ones(2), {1900}, 100, 2, 190, {}, 2};
    QTest::addRow("MissingMetricsNoChangeLt") << CalcCase{2, {}, {}, {}, ones(2), {600}, 100, 2, 60, {}, 2};
    QTest::addRow("MissingMetricsUnreadyChange")
        << CalcCase{3, {"False", "True", "True"}, {}, {}, ones(3), {100, 450}, 50, 3, 45, {}, 3};
    QTest::addRow("MissingMetricsUnreadyScaleUp")
        << CalcCase{3, {"False", "True", "True"}, {}, {}, ones(3), {100, 2000}, 50, 4, 200, {}, 3};
    QTest::addRow("MissingMetricsUnreadyScaleDown")
        << CalcCase{4, {"False", "True", "True", "True"}, {}, {}, ones(4), {100, 100, 100}, 50, 3, 10, {}, 4};
    QTest::addRow("DuringRollingUpdateWithMaxSurge")
        << CalcCase{2, {}, {"Running", "Running", "Running"}, {}, ones(3), {100, 100}, 50, 2, 10, {}, 3};
}

void TestHpa::replicaCalculator()
{
    QFETCH(CalcCase, tc);
    const core::VirtualTime now = 60 * kMinute;
    const core::VirtualTime coolStart = now - 10 * kMinute; // upstream's coolCPUCreationTime
    std::vector<core::HpaPodSample> pods;
    for (int i = 0; i < tc.pods; ++i) {
        core::HpaPodSample s;
        s.name = "test-pod-" + std::to_string(i);
        s.phase = i < tc.phases.size() ? tc.phases[i].toStdString() : "Running";
        s.deleting = i < tc.deleting.size() && tc.deleting[i];
        s.ready = i < tc.readiness.size() ? tc.readiness[i].toStdString() : "True";
        s.startTime = coolStart;
        s.readyTransition = coolStart;
        if (i < tc.levels.size())
            s.usage = tc.levels[i];
        if (i < tc.requests.size())
            s.request = tc.requests[i];
        else
            s.containerWithoutRequest = "container1";
        pods.push_back(s);
    }
    auto r = core::calculateResourceReplicas(tc.currentReplicas, tc.target, core::HpaTargetType::Utilization, "cpu", pods, now);
    if (!tc.expectedError.isEmpty()) {
        QVERIFY(!r);
        QVERIFY2(QString::fromStdString(r.error().message).startsWith(tc.expectedError), r.error().message.c_str());
        return;
    }
    QVERIFY2(r, r ? "" : r.error().message.c_str());
    QCOMPARE(r->replicas, tc.expectedReplicas);
    QCOMPARE(r->utilization, tc.expectedUtilization);
}

namespace {

std::unique_ptr<core::Engine> openEngine()
{
    core::Engine::Options options;
    options.createIfMissing = true;
    options.seed = 5;
    auto engine = core::Engine::open(options);
    return engine ? std::move(*engine) : nullptr;
}

Json node(const std::string& name)
{
    Json capacity = {{"cpu", "8"}, {"memory", "16Gi"}, {"pods", "110"}, {"ephemeral-storage", "100Gi"}};
    return Json{{"apiVersion", "v1"},
                {"kind", "Node"},
                {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}}}}},
                {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
}

Json deployment(const std::string& behaviour, bool withRequest = true)
{
    Json container = {{"name", "php"}, {"image", "registry.k8s.io/hpa-example"}};
    if (withRequest)
        container["resources"] = {{"requests", {{"cpu", "200m"}}}};
    return Json{{"apiVersion", "apps/v1"},
                {"kind", "Deployment"},
                {"metadata", {{"name", "php-apache"}, {"namespace", "default"}}},
                {"spec",
                 {{"replicas", 2},
                  {"selector", {{"matchLabels", {{"app", "php-apache"}}}}},
                  {"template",
                   {{"metadata", {{"labels", {{"app", "php-apache"}}}, {"annotations", {{"kubelab.io/behaviour", behaviour}}}}},
                    {"spec", {{"containers", Json::array({container})}}}}}}}};
}

Json hpa()
{
    return Json{{"apiVersion", "autoscaling/v2"},
                {"kind", "HorizontalPodAutoscaler"},
                {"metadata", {{"name", "php-apache"}, {"namespace", "default"}}},
                {"spec",
                 {{"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "php-apache"}}},
                  {"minReplicas", 1},
                  {"maxReplicas", 10},
                  {"metrics", Json::array({Json{{"type", "Resource"},
                                                {"resource", {{"name", "cpu"},
                                                              {"target", {{"type", "Utilization"}, {"averageUtilization", 50}}}}}}})}}}};
}

std::string condition(const core::Json& object, const std::string& type, const char* field)
{
    for (const Json& c : object["status"].value("conditions", Json::array()))
        if (c.value("type", "") == type)
            return c.value(field, "");
    return {};
}

QStringList events(core::Engine& engine)
{
    QStringList out;
    for (const core::ObjectPtr& e : engine.list("Event", "default"))
        if ((*e)["involvedObject"].value("kind", "") == "HorizontalPodAutoscaler")
            out << QString::fromStdString((*e).value("reason", "") + ": " + (*e).value("message", ""));
    return out;
}

} // namespace

void TestHpa::controllerScalesUpThenStabilizesDown()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(node("node-1")));
    QVERIFY(engine->create(deployment("cpu=180m")));
    engine->settle(5 * kMinute);
    QVERIFY(engine->create(hpa()));
    engine->settle(kMinute);
    engine->advance(15 * kSecond);
    // 180m of 200m is 90 % against a 50 % target: ceil(1.8 × 2) = 4.
    core::ObjectPtr h = engine->get(core::ObjectKey{"HorizontalPodAutoscaler", "default", "php-apache"});
    QVERIFY(h);
    QCOMPARE((*h)["status"].value("desiredReplicas", 0), 4);
    QCOMPARE((*h)["status"]["currentMetrics"][0]["resource"]["current"].value("averageUtilization", 0), 90);
    QCOMPARE(QString::fromStdString((*h)["status"]["currentMetrics"][0]["resource"]["current"].value("averageValue", "")),
             QStringLiteral("180m"));
    QCOMPARE(QString::fromStdString(condition(*h, "AbleToScale", "reason")), QStringLiteral("SucceededRescale"));
    QCOMPARE(QString::fromStdString(condition(*h, "ScalingActive", "message")),
             QStringLiteral("the HPA was able to successfully calculate a replica count from cpu resource utilization "
                            "(percentage of request)"));
    QCOMPARE(QString::fromStdString(condition(*h, "ScalingLimited", "reason")), QStringLiteral("DesiredWithinRange"));
    QVERIFY2(events(*engine).contains(
                 "SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target"),
             qPrintable(events(*engine).join(" | ")));
    core::ObjectPtr d = engine->get(core::ObjectKey{"Deployment", "default", "php-apache"});
    QCOMPARE((*d)["spec"].value("replicas", 0), 4);

    // The load drops: recommendations fall to 1, but the 5-minute window holds 4.
    Json patch = {{"spec", {{"template", {{"metadata", {{"annotations", {{"kubelab.io/behaviour", "cpu=10m"}}}}}}}}}};
    QVERIFY(engine->patch(core::ObjectKey{"Deployment", "default", "php-apache"}, patch, core::PatchType::Merge));
    engine->settle(kMinute);
    engine->advance(2 * kMinute);
    h = engine->get(core::ObjectKey{"HorizontalPodAutoscaler", "default", "php-apache"});
    QCOMPARE((*h)["status"].value("desiredReplicas", 0), 4);
    QCOMPARE(QString::fromStdString(condition(*h, "AbleToScale", "reason")), QStringLiteral("ScaleDownStabilized"));
    engine->advance(5 * kMinute);
    h = engine->get(core::ObjectKey{"HorizontalPodAutoscaler", "default", "php-apache"});
    QCOMPARE((*h)["status"].value("desiredReplicas", 0), 1);
    QVERIFY2(events(*engine).contains("SuccessfulRescale: New size: 1; reason: All metrics below target"),
             qPrintable(events(*engine).join(" | ")));
}

void TestHpa::missingRequests()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(node("node-1")));
    QVERIFY(engine->create(deployment("cpu=100m", false)));
    engine->settle(5 * kMinute);
    QVERIFY(engine->create(hpa()));
    engine->advance(15 * kSecond);
    core::ObjectPtr h = engine->get(core::ObjectKey{"HorizontalPodAutoscaler", "default", "php-apache"});
    QCOMPARE(QString::fromStdString(condition(*h, "ScalingActive", "reason")), QStringLiteral("FailedGetResourceMetric"));
    QVERIFY2(QString::fromStdString(condition(*h, "ScalingActive", "message"))
                 .startsWith("the HPA was unable to compute the replica count: failed to get cpu utilization: missing "
                             "request for cpu in container php of Pod php-apache-"),
             condition(*h, "ScalingActive", "message").c_str());
    QCOMPARE((*h)["status"].value("currentReplicas", 0), 2);
}

QTEST_GUILESS_MAIN(TestHpa)
#include "tst_hpa.moc"

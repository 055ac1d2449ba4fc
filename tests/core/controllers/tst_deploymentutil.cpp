// SPDX-License-Identifier: GPL-3.0-or-later
// The Deployment controller's arithmetic with upstream's test values:
// pkg/controller/deployment/util/deployment_util_test.go (TestResolveFenceposts,
// TestMaxUnavailable, TestNewRSNewReplicas, TestDeploymentComplete,
// TestDeploymentProgressing) and pkg/controller/deployment/sync_test.go (TestScale).
#include <QTest>

#include <map>
#include <string>
#include <vector>

#include "core/controllers/deploymentutil.h"

namespace core = kubelab::core;
using core::Json;

class TestDeploymentUtil : public QObject {
    Q_OBJECT

private slots:
    void resolveFenceposts_data();
    void resolveFenceposts();
    void maxUnavailable_data();
    void maxUnavailable();
    void newReplicaSetReplicas_data();
    void newReplicaSetReplicas();
    void deploymentComplete_data();
    void deploymentComplete();
    void deploymentProgressing_data();
    void deploymentProgressing();
    void scale_data();
    void scale();
};

namespace {

/// upstream's newDeployment(name, replicas, nil, maxSurge, maxUnavailable, selector):
/// RollingUpdate with maxSurge and maxUnavailable 0 unless given.
Json deployment(std::int64_t replicas, Json maxSurge = 0, Json maxUnavailable = 0)
{
    Json d = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", {{"name", "foo"}, {"generation", 1}}}};
    d["spec"] = {{"replicas", replicas},
                 {"strategy",
                  {{"type", "RollingUpdate"},
                   {"rollingUpdate", {{"maxSurge", maxSurge}, {"maxUnavailable", maxUnavailable}}}}}};
    return d;
}

/// upstream's rs(name, replicas, selector, timestamp), with the replicas annotations that
/// TestScale sets from the Deployment before the scaling event.
Json replicaSet(const std::string& name, std::int64_t replicas, const std::string& created, std::int64_t desired,
                std::int64_t maxReplicas, std::int64_t available)
{
    Json rs = {{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}};
    rs["metadata"] = {{"name", name},
                      {"creationTimestamp", created},
                      {"annotations",
                       {{"deployment.kubernetes.io/desired-replicas", std::to_string(desired)},
                        {"deployment.kubernetes.io/max-replicas", std::to_string(maxReplicas)}}}};
    rs["spec"] = {{"replicas", replicas}};
    rs["status"] = {{"replicas", replicas}, {"availableReplicas", available}};
    return rs;
}

Json status(std::int64_t current, std::int64_t updated, std::int64_t ready, std::int64_t available)
{
    return Json{{"replicas", current}, {"updatedReplicas", updated}, {"readyReplicas", ready},
                {"availableReplicas", available}, {"observedGeneration", 1}};
}

const std::string kNewer = "2016-05-20T02:00:00Z";
const std::string kOld = "2016-05-20T01:00:00Z";
const std::string kOlder = "2016-05-20T00:00:00Z";

struct RsCase {
    std::string name;
    std::int64_t replicas;
    std::string created;
    std::int64_t expected;
    std::int64_t desiredAnnotation = -1; ///< -1: the old Deployment's replicas
    std::int64_t available = -1;         ///< -1: all replicas available
};

} // namespace

Q_DECLARE_METATYPE(Json)
Q_DECLARE_METATYPE(std::vector<RsCase>)

void TestDeploymentUtil::resolveFenceposts_data()
{
    QTest::addColumn<Json>("maxSurge");
    QTest::addColumn<Json>("maxUnavailable");
    QTest::addColumn<qint64>("desired");
    QTest::addColumn<qint64>("surge");
    QTest::addColumn<qint64>("unavailable");
    QTest::addRow("0%% 0%% of 0") << Json("0%") << Json("0%") << qint64(0) << qint64(0) << qint64(1);
    QTest::addRow("39%% 39%% of 10") << Json("39%") << Json("39%") << qint64(10) << qint64(4) << qint64(3);
    QTest::addRow("unset 39%% of 10") << Json(0) << Json("39%") << qint64(10) << qint64(0) << qint64(3);
    QTest::addRow("39%% unset of 10") << Json("39%") << Json(0) << qint64(10) << qint64(4) << qint64(0);
    QTest::addRow("unset unset of 10") << Json(0) << Json(0) << qint64(10) << qint64(0) << qint64(1);
    // The defaults (k8s-semantics 4.1): 3 -> 1/0, 4 -> 1/1, 10 -> 3/2.
    QTest::addRow("defaults of 3") << Json("25%") << Json("25%") << qint64(3) << qint64(1) << qint64(0);
    QTest::addRow("defaults of 4") << Json("25%") << Json("25%") << qint64(4) << qint64(1) << qint64(1);
    QTest::addRow("defaults of 10") << Json("25%") << Json("25%") << qint64(10) << qint64(3) << qint64(2);
}

void TestDeploymentUtil::resolveFenceposts()
{
    QFETCH(Json, maxSurge);
    QFETCH(Json, maxUnavailable);
    QFETCH(qint64, desired);
    QFETCH(qint64, surge);
    QFETCH(qint64, unavailable);
    core::Fenceposts f = core::resolveFenceposts(deployment(desired, maxSurge, maxUnavailable));
    QCOMPARE(qint64(f.maxSurge), surge);
    QCOMPARE(qint64(f.maxUnavailable), unavailable);
}

void TestDeploymentUtil::maxUnavailable_data()
{
    QTest::addColumn<Json>("deployment");
    QTest::addColumn<qint64>("expected");
    QTest::addRow("less than replicas") << deployment(10, 1, 5) << qint64(5);
    QTest::addRow("equal replicas") << deployment(10, 1, 10) << qint64(10);
    QTest::addRow("greater than replicas") << deployment(5, 1, 10) << qint64(5);
    QTest::addRow("replicas is 0") << deployment(0, 1, 10) << qint64(0);
    Json recreate = deployment(1);
    recreate["spec"]["strategy"] = {{"type", "Recreate"}};
    QTest::addRow("Recreate") << recreate << qint64(0);
    QTest::addRow("less than replicas with percents") << deployment(10, 1, "50%") << qint64(5);
    QTest::addRow("equal replicas with percents") << deployment(10, 1, "100%") << qint64(10);
    QTest::addRow("greater than replicas with percents") << deployment(5, 1, "100%") << qint64(5);
}

void TestDeploymentUtil::maxUnavailable()
{
    QFETCH(Json, deployment);
    QFETCH(qint64, expected);
    QCOMPARE(qint64(core::deploymentMaxUnavailable(deployment)), expected);
}

void TestDeploymentUtil::newReplicaSetReplicas_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<qint64>("depReplicas");
    QTest::addColumn<qint64>("newRSReplicas");
    QTest::addColumn<qint64>("maxSurge");
    QTest::addColumn<qint64>("expected");
    QTest::addRow("can not scale up - to newRSReplicas") << "RollingUpdate" << qint64(1) << qint64(5) << qint64(1) << qint64(5);
    QTest::addRow("scale up - to depReplicas") << "RollingUpdate" << qint64(6) << qint64(2) << qint64(10) << qint64(6);
    QTest::addRow("recreate - to depReplicas") << "Recreate" << qint64(3) << qint64(1) << qint64(1) << qint64(3);
}

void TestDeploymentUtil::newReplicaSetReplicas()
{
    QFETCH(QString, strategy);
    QFETCH(qint64, depReplicas);
    QFETCH(qint64, newRSReplicas);
    QFETCH(qint64, maxSurge);
    QFETCH(qint64, expected);
    Json d = deployment(depReplicas, maxSurge, 1);
    d["spec"]["strategy"]["type"] = strategy.toStdString();
    // Upstream passes allRSs = [rs5]: 5 replicas in all.
    QCOMPARE(qint64(core::newReplicaSetReplicas(d, 5, newRSReplicas)), expected);
}

void TestDeploymentUtil::deploymentComplete_data()
{
    QTest::addColumn<Json>("deployment");
    QTest::addColumn<bool>("expected");
    auto make = [](std::int64_t desired, std::int64_t current, std::int64_t updated, std::int64_t available,
                   std::int64_t maxUnavailable, std::int64_t maxSurge) {
        Json d = deployment(desired, maxSurge, maxUnavailable);
        d["status"] = status(current, updated, 0, available);
        return d;
    };
    QTest::addRow("not complete: min but not all pods become available") << make(5, 5, 5, 4, 1, 0) << false;
    QTest::addRow("not complete: min availability is not honored") << make(5, 5, 5, 3, 1, 0) << false;
    QTest::addRow("complete") << make(5, 5, 5, 5, 0, 0) << true;
    QTest::addRow("not complete: all pods are available but not updated") << make(5, 5, 4, 5, 0, 0) << false;
    QTest::addRow("not complete: still running old pods") << make(1, 2, 1, 1, 0, 1) << false;
    QTest::addRow("not complete: one replica deployment never comes up") << make(1, 1, 1, 0, 1, 1) << false;
}

void TestDeploymentUtil::deploymentComplete()
{
    QFETCH(Json, deployment);
    QFETCH(bool, expected);
    QCOMPARE(core::deploymentComplete(deployment, deployment["status"]), expected);
}

void TestDeploymentUtil::deploymentProgressing_data()
{
    QTest::addColumn<Json>("oldStatus");
    QTest::addColumn<Json>("newStatus");
    QTest::addColumn<bool>("expected");
    QTest::addRow("progressing: updated pods") << status(10, 4, 4, 4) << status(10, 6, 4, 4) << true;
    QTest::addRow("not progressing") << status(10, 4, 4, 4) << status(10, 4, 4, 4) << false;
    QTest::addRow("progressing: old pods removed") << status(10, 4, 6, 6) << status(8, 4, 6, 6) << true;
    QTest::addRow("not progressing: less new pods") << status(10, 7, 3, 3) << status(10, 6, 3, 3) << false;
    QTest::addRow("progressing: less overall but more new pods") << status(10, 4, 7, 7) << status(8, 8, 5, 5) << true;
    QTest::addRow("progressing: more ready pods") << status(10, 10, 9, 8) << status(10, 10, 10, 8) << true;
    QTest::addRow("progressing: more available pods") << status(10, 10, 10, 9) << status(10, 10, 10, 10) << true;
}

void TestDeploymentUtil::deploymentProgressing()
{
    QFETCH(Json, oldStatus);
    QFETCH(Json, newStatus);
    QFETCH(bool, expected);
    Json d = deployment(10);
    d["status"] = oldStatus;
    QCOMPARE(core::deploymentProgressing(d, newStatus), expected);
}

void TestDeploymentUtil::scale_data()
{
    QTest::addColumn<Json>("deployment");
    QTest::addColumn<Json>("oldDeployment");
    QTest::addColumn<bool>("hasNew");
    QTest::addColumn<std::vector<RsCase>>("sets"); // the new one first when hasNew

    using V = std::vector<RsCase>;
    QTest::addRow("normal scaling event: 10 -> 12") << deployment(12) << deployment(10) << true
                                                   << V{{"foo-v1", 10, kNewer, 12}};
    QTest::addRow("normal scaling event: 10 -> 5") << deployment(5) << deployment(10) << true
                                                  << V{{"foo-v1", 10, kNewer, 5}};
    QTest::addRow("proportional scaling: 5 -> 10") << deployment(10) << deployment(5) << true
                                                  << V{{"foo-v2", 2, kNewer, 4}, {"foo-v1", 3, kOld, 6}};
    QTest::addRow("proportional scaling: 5 -> 3") << deployment(3) << deployment(5) << true
                                                 << V{{"foo-v2", 2, kNewer, 1}, {"foo-v1", 3, kOld, 2}};
    QTest::addRow("proportional scaling: 9 -> 4") << deployment(4) << deployment(9) << true
                                                 << V{{"foo-v2", 8, kNewer, 4}, {"foo-v1", 1, kOld, 0}};
    QTest::addRow("proportional scaling: 7 -> 10")
        << deployment(10) << deployment(7) << true
        << V{{"foo-v3", 2, kNewer, 3}, {"foo-v2", 3, kOld, 4}, {"foo-v1", 2, kOlder, 3}};
    QTest::addRow("proportional scaling: 13 -> 8")
        << deployment(8) << deployment(13) << true
        << V{{"foo-v3", 2, kNewer, 1}, {"foo-v2", 8, kOld, 5}, {"foo-v1", 3, kOlder, 2}};
    QTest::addRow("leftover distribution: 3 -> 4")
        << deployment(4) << deployment(3) << true
        << V{{"foo-v3", 1, kNewer, 2}, {"foo-v2", 1, kOld, 1}, {"foo-v1", 1, kOlder, 1}};
    QTest::addRow("leftover distribution: 3 -> 2")
        << deployment(2) << deployment(3) << true
        << V{{"foo-v3", 1, kNewer, 1}, {"foo-v2", 1, kOld, 1}, {"foo-v1", 1, kOlder, 0}};
    QTest::addRow("proportional scaling (no new rs): 4 -> 5") << deployment(5) << deployment(4) << false
                                                             << V{{"foo-v2", 2, kOld, 3}, {"foo-v1", 2, kOlder, 2}};
    QTest::addRow("proportional scaling: 6 -> 0")
        << deployment(0) << deployment(6) << true
        << V{{"foo-v3", 3, kNewer, 0}, {"foo-v2", 2, kOld, 0}, {"foo-v1", 1, kOlder, 0}};
    QTest::addRow("proportional scaling: 0 -> 6")
        << deployment(6) << deployment(6) << true
        << V{{"foo-v3", 0, kNewer, 6}, {"foo-v2", 0, kOld, 0}, {"foo-v1", 0, kOlder, 0}};
    // Upstream's "failed rs update": foo-v2 carries desired-replicas 3; the sizes asked for
    // are the same whether or not the other writes fail.
    QTest::addRow("failed rs update")
        << deployment(5) << deployment(5) << true
        << V{{"foo-v3", 2, kNewer, 2}, {"foo-v2", 1, kOld, 2, 3}, {"foo-v1", 1, kOlder, 1}};
    QTest::addRow("deployment with surge pods") << deployment(20, 2) << deployment(10, 2) << true
                                               << V{{"foo-v2", 6, kNewer, 11}, {"foo-v1", 6, kOld, 11}};
    QTest::addRow("change both surge and size") << deployment(50, 6) << deployment(10, 3) << true
                                               << V{{"foo-v2", 5, kNewer, 22}, {"foo-v1", 8, kOld, 34}};
    QTest::addRow("change both size and template") << deployment(14) << deployment(10) << false
                                                  << V{{"foo-v2", 7, kNewer, 10}, {"foo-v1", 3, kOld, 4}};
    QTest::addRow("saturated but broken new replica set does not affect old pods")
        << deployment(2, 1, 1) << deployment(2, 1, 1) << true
        << V{{"foo-v2", 2, kNewer, 2, -1, 0}, {"foo-v1", 1, kOld, 1}};
    // k8s-semantics 4.3: 8 old + 5 new, replicas 10 -> 15, surge 3: allowed 18, old +3, new +2.
    QTest::addRow("semantics example: 10 -> 15 with surge 3") << deployment(15, 3) << deployment(10, 3) << true
                                                             << V{{"new", 5, kNewer, 7}, {"old", 8, kOld, 11}};
}

void TestDeploymentUtil::scale()
{
    QFETCH(Json, deployment);
    QFETCH(Json, oldDeployment);
    QFETCH(bool, hasNew);
    QFETCH(std::vector<RsCase>, sets);

    std::int64_t oldReplicas = oldDeployment["spec"]["replicas"].get<std::int64_t>();
    std::int64_t oldSurge = core::deploymentMaxSurge(oldDeployment);
    std::vector<Json> all;
    for (const RsCase& c : sets) {
        std::int64_t desired = c.desiredAnnotation >= 0 ? c.desiredAnnotation : oldReplicas;
        all.push_back(replicaSet(c.name, c.replicas, c.created, desired, desired + oldSurge,
                                 c.available >= 0 ? c.available : c.replicas));
    }
    std::optional<Json> newRs;
    std::vector<Json> olds = all;
    if (hasNew) {
        newRs = all.front();
        olds.erase(olds.begin());
    }
    std::map<std::string, std::int64_t> sizes;
    for (const RsCase& c : sets)
        sizes[c.name] = c.replicas;
    for (const core::ScaleTarget& t : core::scaleTargets(deployment, newRs ? &*newRs : nullptr, olds))
        sizes[t.name] = t.replicas;
    for (const RsCase& c : sets)
        QVERIFY2(sizes[c.name] == c.expected, qPrintable(QStringLiteral("%1: %2, expected %3").arg(QString::fromStdString(c.name)).arg(sizes[c.name]).arg(c.expected)));
}

QTEST_APPLESS_MAIN(TestDeploymentUtil)
#include "tst_deploymentutil.moc"

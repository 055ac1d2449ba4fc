// SPDX-License-Identifier: GPL-3.0-or-later
// The requests people make, followed through the API server's stages (what the window's
// request view draws): where each one stops, who refused it and why; the control plane's
// own requests are not followed.
#include <QTest>

#include <sstream>
#include <string>
#include <vector>

#include "core/cli/cli.h"
#include "core/sim/engine.h"

namespace core = kubelab::core;
using core::RequestStage;
using core::RequestTrace;

namespace {

struct Lab {
    std::unique_ptr<core::Engine> engine;
    std::vector<RequestTrace> traces;

    Lab()
    {
        core::Engine::Options options;
        options.createIfMissing = true;
        auto opened = core::Engine::open(options);
        if (!opened)
            qFatal("%s", opened.error().toString().c_str());
        engine = std::move(*opened);
        // A namespace the learner has no rights in but `view`, and one with a quota.
        run("create namespace prod");
        run("create rolebinding alice-view --clusterrole=view --user=alice -n prod");
        run("create quota tiny --hard=pods=0 -n prod");
        run("config set-credentials carol --token carol-token");
        engine->requests().setObserver([this](const RequestTrace& t) { traces.push_back(t); });
    }

    /// Runs one klab line on the lab; returns its exit status.
    int run(const std::string& line, const std::string& input = {})
    {
        std::vector<std::string> args;
        std::istringstream words(line);
        for (std::string w; words >> w;)
            args.push_back(w);
        std::ostringstream out, err;
        std::istringstream in(input);
        return kubelab::cli::runOnEngine(*engine, args, out, err, in, core::Language::English);
    }
};

const char* kPod = R"(apiVersion: v1
kind: Pod
metadata: {name: web, namespace: prod}
spec:
  containers: [{name: web, image: nginx}]
)";

} // namespace

Q_DECLARE_METATYPE(RequestStage)

class TestRequestTrace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aRequestStopsWhereItIsRefused_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("user");
        QTest::addColumn<RequestStage>("stage");
        QTest::addColumn<bool>("refused");
        QTest::addColumn<QString>("plugin");
        QTest::addColumn<QString>("message");

        QTest::newRow("a write goes all the way to etcd")
            << "create configmap app --from-literal=a=b" << "" << "create" << "configmaps" << "kubernetes-admin"
            << RequestStage::Storage << false << "" << "";
        QTest::newRow("a read goes from authorization to etcd")
            << "get pods -n prod" << "" << "list" << "pods" << "kubernetes-admin" << RequestStage::Storage << false
            << "" << "";
        QTest::newRow("RBAC refuses a write") << "create configmap app -n prod --as alice" << "" << "create"
                                              << "configmaps" << "alice" << RequestStage::Authorization << true << ""
                                              << "configmaps is forbidden: User \"alice\" cannot create resource "
                                                 "\"configmaps\" in API group \"\" in the namespace \"prod\"";
        QTest::newRow("RBAC refuses a read")
            << "get secrets -n default --as alice" << "" << "list" << "secrets" << "alice"
            << RequestStage::Authorization << true << ""
            << "secrets is forbidden: User \"alice\" cannot list resource \"secrets\" in API group \"\" in the "
               "namespace \"default\"";
        QTest::newRow("an unknown token is not authenticated")
            << "get pods --token nope" << "" << "get" << "" << "" << RequestStage::Authentication << true << ""
            << "Unauthorized";
        QTest::newRow("impersonation is refused in authentication")
            << "get pods --token carol-token --as bob" << "" << "impersonate" << "users" << "carol"
            << RequestStage::Authentication << true << ""
            << "users \"bob\" is forbidden: User \"carol\" cannot impersonate resource \"users\" in API group "
               "\"\" at the cluster scope";
        QTest::newRow("a mutating admission plugin refuses")
            << "apply -f -"
            << "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  priorityClassName: nope\n"
               "  containers: [{name: c, image: nginx}]\n"
            << "create" << "pods" << "kubernetes-admin" << RequestStage::MutatingAdmission << true << "Priority"
            << "pods \"p\" is forbidden: no PriorityClass with name nope was found";
        QTest::newRow("validation refuses")
            << "apply -f -" << "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c}]\n"
            << "create" << "pods" << "kubernetes-admin" << RequestStage::Validation << true << ""
            << "Pod \"p\" is invalid: spec.containers[0].image: Required value";
        QTest::newRow("a validating admission plugin refuses")
            << "apply -f -" << kPod << "create" << "pods" << "kubernetes-admin" << RequestStage::ValidatingAdmission
            << true << "ResourceQuota"
            << "pods \"web\" is forbidden: exceeded quota: tiny, requested: pods=1, used: pods=0, limited: pods=0";
        QTest::newRow("etcd refuses a name that exists")
            << "create namespace prod" << "" << "create" << "namespaces" << "kubernetes-admin"
            << RequestStage::Storage << true << "" << "namespaces \"prod\" already exists";
        QTest::newRow("the registry finds nothing to delete")
            << "delete configmap nothing" << "" << "delete" << "configmaps" << "kubernetes-admin"
            << RequestStage::Storage << true << "" << "configmaps \"nothing\" not found";
        QTest::newRow("a server dry run stops before etcd")
            << "create configmap app --from-literal=a=b --dry-run=server" << "" << "create" << "configmaps"
            << "kubernetes-admin" << RequestStage::ValidatingAdmission << false << "" << "";
    }

    void aRequestStopsWhereItIsRefused()
    {
        QFETCH(QString, line);
        QFETCH(QString, input);
        QFETCH(QString, verb);
        QFETCH(QString, resource);
        QFETCH(QString, user);
        QFETCH(RequestStage, stage);
        QFETCH(bool, refused);
        QFETCH(QString, plugin);
        QFETCH(QString, message);

        Lab lab;
        lab.run(line.toStdString(), input.toStdString());
        QVERIFY2(!lab.traces.empty(), "nothing traced");
        // The request of the row: the first one with its verb (get and describe read more).
        const RequestTrace* t = nullptr;
        for (const RequestTrace& candidate : lab.traces)
            if (candidate.verb == verb.toStdString() || (candidate.user.empty() && !candidate.verb.empty())) {
                t = &candidate;
                break;
            }
        QVERIFY2(t, qPrintable(QStringLiteral("no %1 request traced; first: %2 %3")
                                   .arg(verb, QString::fromStdString(lab.traces.front().verb),
                                        QString::fromStdString(lab.traces.front().resource))));
        if (t->user.empty())
            QCOMPARE(QString(), user);
        else
            QCOMPARE(QString::fromStdString(t->resource), resource);
        QCOMPARE(QString::fromStdString(t->user), user);
        QCOMPARE(QString::fromStdString(std::string(core::stageName(t->stage))),
                 QString::fromStdString(std::string(core::stageName(stage))));
        QCOMPARE(t->refused, refused);
        QCOMPARE(QString::fromStdString(t->plugin), plugin);
        QCOMPARE(QString::fromStdString(t->message), message);
    }

    void theControlPlaneIsNotFollowed()
    {
        Lab lab;
        QCOMPARE(lab.run("add node node-1"), 0);
        lab.traces.clear();
        QCOMPARE(lab.run("create deployment web --image=nginx --replicas=2"), 0);
        // One request: the learner's create. The ReplicaSet, the pods, their bindings and
        // status updates are the controllers', the scheduler's and the kubelet's.
        QCOMPARE(lab.traces.size(), std::size_t(1));
        QCOMPARE(lab.traces[0].verb, std::string("create"));
        QCOMPARE(lab.traces[0].resource, std::string("deployments.apps"));
        QCOMPARE(lab.traces[0].name, std::string("web"));
        QVERIFY(lab.traces[0].write);
        QCOMPARE(lab.engine->list("Pod", "default").size(), std::size_t(2));
    }

    void anApplyIsOneRequest()
    {
        Lab lab;
        const std::string cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {a: b}\n";
        QCOMPARE(lab.run("apply -f -", cm), 0);
        QCOMPARE(lab.traces.size(), std::size_t(1));
        QCOMPARE(lab.traces[0].verb, std::string("create"));
        // Changed: a patch; the apply's own update inside it is not a second request.
        lab.traces.clear();
        QCOMPARE(lab.run("apply -f -", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {a: c}\n"), 0);
        QCOMPARE(lab.traces.size(), std::size_t(1));
        QCOMPARE(lab.traces[0].verb, std::string("patch"));
        QCOMPARE(int(lab.traces[0].stage), int(RequestStage::Storage));
    }

    void nothingIsFollowedWithoutAnObserver()
    {
        Lab lab;
        lab.engine->requests().setObserver({});
        QVERIFY(!lab.engine->requests().observed());
        QCOMPARE(lab.run("create configmap app --from-literal=a=b"), 0);
        QVERIFY(lab.traces.empty());
    }
};

QTEST_GUILESS_MAIN(TestRequestTrace)
#include "tst_requesttrace.moc"

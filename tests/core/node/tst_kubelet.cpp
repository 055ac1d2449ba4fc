// SPDX-License-Identifier: GPL-3.0-or-later
// The simulated kubelet's container lifecycle end to end: a pod is created on a node and the
// clock advanced; `kubectl get pods`' READY, STATUS and RESTARTS cells, the events and
// `logs` must read as on a real v1.31 cluster.

#include <QTemporaryDir>
#include <QTest>

#include <sstream>

#include "core/cli/cli.h"
#include "core/cli/printers_support.h"
#include "core/sim/engine.h"

class TestKubelet : public QObject {
    Q_OBJECT

private slots:
    void lifecycle_data();
    void lifecycle();
    void events_data();
    void events();
    void logs();
    void reopenedLabCarriesOn();
    void registrationEvents();
    void theNodeKeepsThePulledImages_data();
    void theNodeKeepsThePulledImages();
    void aVolumeThatArrivesLetsThePodStart();
    void clusterCidrRunsOut();
};

namespace core = kubelab::core;
using core::Json;
using core::kSecond;

namespace {

/// One step: advance the clock, then the pod's READY, STATUS and RESTARTS cells.
struct Step {
    qint64 advanceMs = 0;
    QString ready;
    QString status;
    QString restarts;
};
using Steps = QList<Step>;

std::unique_ptr<core::Engine> openEngine(const std::string& path = {})
{
    core::Engine::Options options;
    options.path = path;
    options.createIfMissing = true;
    options.seed = 7;
    auto engine = core::Engine::open(options);
    if (!engine)
        qWarning("%s", engine.error().toString().c_str());
    return engine ? std::move(*engine) : nullptr;
}

Json node()
{
    Json capacity = {{"cpu", "4"}, {"memory", "8Gi"}, {"pods", "110"}, {"ephemeral-storage", "100Gi"}};
    return Json{{"apiVersion", "v1"},
                {"kind", "Node"},
                {"metadata", {{"name", "node-1"}, {"labels", {{"kubernetes.io/hostname", "node-1"}}}}},
                {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
}

std::string run(core::Engine& engine, const std::vector<std::string>& args, int* rc = nullptr, std::string* err = nullptr)
{
    std::ostringstream out, errs;
    std::istringstream in;
    int code = kubelab::cli::runOnEngine(engine, args, out, errs, in, core::Language::English);
    if (rc)
        *rc = code;
    if (err)
        *err = errs.str();
    return out.str();
}

/// An engine with node-1 and the pod (YAML or JSON text), settled: the pod's images are
/// pulled and its first containers started.
std::unique_ptr<core::Engine> labWith(const QString& pod, const std::string& path = {})
{
    auto engine = openEngine(path);
    if (!engine)
        return nullptr;
    // CoreDNS would land on node-1 (it carries kubernetes.io/os=linux once registered) and
    // its probes would keep the lab busy, moving the pod's timeline; these rows watch one pod.
    if (run(*engine, {"scale", "deployment", "coredns", "-n", "kube-system", "--replicas=0"}).empty())
        return nullptr;
    if (!engine->create(node()))
        return nullptr;
    engine->settle(core::kMinute);
    Json p = Json::parse(pod.toStdString());
    p["metadata"]["namespace"] = "default";
    if (auto r = engine->create(p); !r) {
        qWarning("%s", r.error().toString().c_str());
        return nullptr;
    }
    engine->settle(5 * core::kMinute);
    (void)engine->commit();
    return engine;
}

QString pod(const QString& spec, const QString& annotations = QStringLiteral("{}"))
{
    return QStringLiteral(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","annotations":%1},"spec":%2})")
        .arg(annotations, spec);
}

} // namespace

void TestKubelet::lifecycle_data()
{
    QTest::addColumn<QString>("manifest");
    QTest::addColumn<Steps>("steps");

    QTest::addRow("crash loop: 10s, 20s back-off")
        << pod(R"({"containers":[{"name":"app","image":"busybox:1.36","command":["sh","-c","echo hi; sleep 5; exit 1"]}]})")
        << Steps{{0, "1/1", "Running", "0"},
                 {5000, "1/1", "Running", "1 (0s ago)"},
                 {5000, "0/1", "CrashLoopBackOff", "1 (0s ago)"},
                 {9000, "0/1", "CrashLoopBackOff", "1 (9s ago)"},
                 {1000, "1/1", "Running", "2 (10s ago)"},
                 {5000, "0/1", "CrashLoopBackOff", "2 (0s ago)"},
                 {20000, "1/1", "Running", "3 (20s ago)"},
                 {5000, "0/1", "CrashLoopBackOff", "3 (0s ago)"},
                 {25000, "0/1", "CrashLoopBackOff", "3 (25s ago)"}};
    QTest::addRow("a configMap volume whose ConfigMap is missing: ContainerCreating")
        << pod(R"({"containers":[{"name":"app","image":"nginx:1.27","volumeMounts":[{"name":"config","mountPath":"/etc/app"}]}],"volumes":[{"name":"config","configMap":{"name":"app-config"}}]})")
        << Steps{{0, "0/1", "ContainerCreating", "0"}, {300000, "0/1", "ContainerCreating", "0"}};
    QTest::addRow("imagePullPolicy Never and no image on the node: ErrImageNeverPull")
        << pod(R"({"containers":[{"name":"app","image":"nginx:1.27","imagePullPolicy":"Never"}]})")
        << Steps{{0, "0/1", "ErrImageNeverPull", "0"}, {60000, "0/1", "ErrImageNeverPull", "0"}};
    QTest::addRow("an optional secret volume may be missing")
        << pod(R"({"containers":[{"name":"app","image":"nginx:1.27","volumeMounts":[{"name":"tls","mountPath":"/tls"}]}],"volumes":[{"name":"tls","secret":{"secretName":"tls","optional":true}}]})")
        << Steps{{0, "1/1", "Running", "0"}};
    QTest::addRow("restartPolicy Never and exit 1: Error")
        << pod(R"({"restartPolicy":"Never","containers":[{"name":"app","image":"busybox:1.36","command":["sh","-c","sleep 3; exit 1"]}]})")
        << Steps{{0, "1/1", "Running", "0"}, {3000, "0/1", "Error", "0"}, {60000, "0/1", "Error", "0"}};
    QTest::addRow("restartPolicy OnFailure and exit 0: Completed")
        << pod(R"({"restartPolicy":"OnFailure","containers":[{"name":"app","image":"busybox:1.36","command":["sleep","2"]}]})")
        << Steps{{0, "1/1", "Running", "0"}, {2000, "0/1", "Completed", "0"}};
    QTest::addRow("busybox without a command completes and crash-loops")
        << pod(R"({"containers":[{"name":"app","image":"busybox"}]})")
        << Steps{{0, "0/1", "CrashLoopBackOff", "1 (0s ago)"}, {10000, "0/1", "CrashLoopBackOff", "2 (0s ago)"}};
    QTest::addRow("OOMKilled with restartPolicy Never")
        << pod(R"({"restartPolicy":"Never","containers":[{"name":"app","image":"nginx:1.27","resources":{"limits":{"memory":"128Mi"}}}]})",
               R"({"kubelab.io/behaviour":"memory=200Mi"})")
        << Steps{{0, "1/1", "Running", "0"}, {1000, "0/1", "OOMKilled", "0"}};
    QTest::addRow("memory growth: OOMKilled after 6 minutes, restarted at once")
        << pod(R"({"containers":[{"name":"app","image":"nginx:1.27","resources":{"limits":{"memory":"100Mi"}}}]})",
               R"({"kubelab.io/behaviour":"memory=40Mi, memory-growth=10Mi/min"})")
        << Steps{{0, "1/1", "Running", "0"}, {360000, "1/1", "Running", "0"}, {1000, "1/1", "Running", "1 (0s ago)"}};
    QTest::addRow("init containers in order")
        << pod(R"({"initContainers":[{"name":"init-a","image":"busybox:1.36","command":["sleep","5"]},{"name":"init-b","image":"busybox:1.36","command":["sleep","5"]}],"containers":[{"name":"app","image":"nginx:1.27"}]})")
        << Steps{{0, "0/1", "Init:0/2", "0"},
                 {5000, "0/1", "Init:1/2", "0"},
                 {1000, "0/1", "Init:1/2", "0"},
                 {5000, "0/1", "PodInitializing", "0"},
                 {1000, "1/1", "Running", "0"}};
    QTest::addRow("failing init container: Init:Error, Init:CrashLoopBackOff")
        << pod(R"({"initContainers":[{"name":"init","image":"busybox:1.36","command":["sh","-c","sleep 2; exit 1"]}],"containers":[{"name":"app","image":"nginx:1.27"}]})")
        << Steps{{0, "0/1", "Init:0/1", "0"},
                 {2000, "0/1", "Init:0/1", "1 (0s ago)"},
                 {2000, "0/1", "Init:CrashLoopBackOff", "1 (0s ago)"},
                 {10000, "0/1", "Init:0/1", "2 (10s ago)"}};
    QTest::addRow("failing init container with Never: Init:Error")
        << pod(R"({"restartPolicy":"Never","initContainers":[{"name":"init","image":"busybox:1.36","command":["false"]}],"containers":[{"name":"app","image":"nginx:1.27"}]})")
        << Steps{{0, "0/1", "Init:Error", "0"}};
    QTest::addRow("readiness after ready-after")
        << pod(R"({"containers":[{"name":"app","image":"nginx:1.27","readinessProbe":{"httpGet":{"path":"/","port":80}}}]})",
               R"({"kubelab.io/behaviour":"ready-after=15s"})")
        << Steps{{0, "0/1", "Running", "0"}, {14000, "0/1", "Running", "0"}, {6000, "1/1", "Running", "0"}};
    QTest::addRow("liveness failure restarts the container")
        << pod(R"({"containers":[{"name":"app","image":"nginx:1.27","livenessProbe":{"httpGet":{"path":"/healthz","port":80}}}]})",
               R"({"kubelab.io/behaviour":"unhealthy-after=30s"})")
        << Steps{{0, "1/1", "Running", "0"}, {49000, "1/1", "Running", "0"}, {1000, "1/1", "Running", "1 (0s ago)"}};
    // The pod worker syncs every 10 s; the image back-off (10 s doubling) lets the pulls
    // through at 0, 10, 30, 70 s; the syncs between report ImagePullBackOff.
    QTest::addRow("image that cannot be pulled: ErrImagePull, ImagePullBackOff")
        << pod(R"({"containers":[{"name":"app","image":"registry.example.com/nope:1.0"}]})")
        << Steps{{0, "0/1", "ErrImagePull", "0"},
                 {10000, "0/1", "ErrImagePull", "0"},
                 {10000, "0/1", "ImagePullBackOff", "0"},
                 {10000, "0/1", "ErrImagePull", "0"},
                 {10000, "0/1", "ImagePullBackOff", "0"},
                 {29000, "0/1", "ImagePullBackOff", "0"},
                 {1000, "0/1", "ErrImagePull", "0"},
                 {3600000, "0/1", "ImagePullBackOff", "0"}};
    QTest::addRow("two containers, one completes: NotReady")
        << pod(R"({"restartPolicy":"OnFailure","containers":[{"name":"web","image":"nginx:1.27"},{"name":"job","image":"busybox:1.36","command":["sleep","3"]}]})")
        << Steps{{0, "2/2", "Running", "0"}, {3000, "1/2", "NotReady", "0"}};
}

void TestKubelet::lifecycle()
{
    QFETCH(QString, manifest);
    QFETCH(Steps, steps);
    auto engine = labWith(manifest);
    QVERIFY(engine);
    for (const Step& step : steps) {
        if (step.advanceMs > 0)
            engine->advance(step.advanceMs);
        core::ObjectPtr p = engine->get(core::ObjectKey{"Pod", "default", "web"});
        QVERIFY(p);
        auto row = kubelab::cli::detail::podRow(*engine, *p);
        QString where = QStringLiteral(" after +%1ms: %2").arg(step.advanceMs).arg(QString::fromStdString(p->dump()));
        QVERIFY2(QString::fromStdString(row[1]) == step.ready, qPrintable("READY " + QString::fromStdString(row[1]) + where));
        QVERIFY2(QString::fromStdString(row[2]) == step.status, qPrintable("STATUS " + QString::fromStdString(row[2]) + where));
        QVERIFY2(QString::fromStdString(row[3]) == step.restarts,
                 qPrintable("RESTARTS " + QString::fromStdString(row[3]) + where));
    }
}

void TestKubelet::events_data()
{
    QTest::addColumn<QString>("manifest");
    QTest::addColumn<qint64>("advanceMs");
    QTest::addColumn<QStringList>("messages"); // each must appear among the pod's events

    QTest::addRow("a missing secret: FailedMount")
        << pod(R"({"containers":[{"name":"app","image":"nginx:1.27","volumeMounts":[{"name":"tls","mountPath":"/tls"}]}],"volumes":[{"name":"tls","secret":{"secretName":"web-tls"}}]})")
        << qint64(0)
        << QStringList{"MountVolume.SetUp failed for volume \"tls\" : secret \"web-tls\" not found"};
    QTest::addRow("liveness") << pod(R"({"containers":[{"name":"nginx","image":"nginx:1.27","livenessProbe":{"httpGet":{"path":"/healthz","port":80}}}]})",
                                     R"({"kubelab.io/behaviour":"unhealthy-after=30s"})")
                              << qint64(60000)
                              << QStringList{"Liveness probe failed: HTTP probe failed with statuscode: 500",
                                             "Container nginx failed liveness probe, will be restarted",
                                             "Container image \"nginx:1.27\" already present on machine"};
    QTest::addRow("back-off") << pod(R"({"containers":[{"name":"app","image":"busybox:1.36","command":["false"]}]})") << qint64(1000)
                              << QStringList{"Back-off restarting failed container app in pod web_default("};
    QTest::addRow("image pull back-off") << pod(R"({"containers":[{"name":"app","image":"registry.example.com/nope:1.0"}]})")
                                         << qint64(20000)
                                         << QStringList{"Pulling image \"registry.example.com/nope:1.0\"",
                                                        "Failed to pull image \"registry.example.com/nope:1.0\": failed to pull and unpack image",
                                                        "Error: ErrImagePull",
                                                        "Back-off pulling image \"registry.example.com/nope:1.0\"",
                                                        "Error: ImagePullBackOff"};
    QTest::addRow("imagePullPolicy Never: no pull, refused at each sync")
        << pod(R"({"containers":[{"name":"app","image":"nginx:1.27","imagePullPolicy":"Never"}]})") << qint64(20000)
        << QStringList{"Container image \"nginx:1.27\" is not present with pull policy of Never",
                       "Error: ErrImageNeverPull"};
    QTest::addRow("readiness refused before ready-after")
        << pod(R"({"containers":[{"name":"app","image":"nginx:1.27","readinessProbe":{"tcpSocket":{"port":8080}}}]})",
               R"({"kubelab.io/behaviour":"ready-after=25s"})")
        << qint64(30000) << QStringList{"Readiness probe failed: dial tcp 10.244.0.2:8080: connect: connection refused"};
    QTest::addRow("bad behaviour") << pod(R"({"containers":[{"name":"app","image":"nginx:1.27"}]})",
                                         R"({"kubelab.io/behaviour":"cpu=lots"})")
                                   << qint64(0) << QStringList{"invalid behaviour \"cpu=lots\": cpu: invalid quantity \"lots\""};
}

void TestKubelet::events()
{
    QFETCH(QString, manifest);
    QFETCH(qint64, advanceMs);
    QFETCH(QStringList, messages);
    auto engine = labWith(manifest);
    QVERIFY(engine);
    if (advanceMs > 0)
        engine->advance(advanceMs);
    QStringList seen;
    for (const core::ObjectPtr& e : engine->list("Event", "default"))
        if ((*e)["involvedObject"].value("name", "") == "web")
            seen << QString::fromStdString((*e).value("message", ""));
    for (const QString& m : messages) {
        bool found = false;
        for (const QString& s : seen)
            found = found || s.startsWith(m);
        QVERIFY2(found, qPrintable(m + " not in: " + seen.join(" | ")));
    }
}

void TestKubelet::logs()
{
    auto engine = labWith(pod(R"({"containers":[{"name":"app","image":"busybox:1.36","command":["sh","-c","echo starting; sleep 5; echo crashing; exit 1"]}]})"));
    QVERIFY(engine);
    int rc = 0;
    std::string err;
    QCOMPARE(QString::fromStdString(run(*engine, {"logs", "web"}, &rc, &err)), QStringLiteral("starting\n"));
    QCOMPARE(QString::fromStdString(run(*engine, {"logs", "web", "--previous"}, &rc, &err)), QString());
    QCOMPARE(rc, 1);
    QCOMPARE(QString::fromStdString(err),
             QStringLiteral("Error from server (BadRequest): previous terminated container \"app\" in pod \"web\" not found\n"));
    engine->advance(5 * kSecond); // exit, immediate restart
    QCOMPARE(QString::fromStdString(run(*engine, {"logs", "web", "-p"}, &rc, &err)), QStringLiteral("starting\ncrashing\n"));
    QCOMPARE(QString::fromStdString(run(*engine, {"logs", "web"}, &rc, &err)), QStringLiteral("starting\n"));
    QCOMPARE(QString::fromStdString(run(*engine, {"logs", "web", "-c", "nope"}, &rc, &err)), QString());
    QCOMPARE(QString::fromStdString(err), QStringLiteral("error: container nope is not valid for pod web\n"));
}

void TestKubelet::theNodeKeepsThePulledImages_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<qint64>("startsAfterMs"); // the second pod's first start, after its admission
    QTest::addColumn<QString>("pulled");       // the second pod's Pulled event
    QTest::addColumn<bool>("pulling");         // whether the second pod has a Pulling event

    // nginx:1.27 is 70 MiB in the catalogue: 1 s + 71,680 KiB at 30 MiB/s = 3,389 ms the
    // first time.
    QTest::addRow("IfNotPresent: the node's copy") << "nginx:1.27" << "IfNotPresent" << qint64(0)
                                                   << "Container image \"nginx:1.27\" already present on machine" << false;
    QTest::addRow("Never: the node's copy") << "nginx:1.27" << "Never" << qint64(0)
                                            << "Container image \"nginx:1.27\" already present on machine" << false;
    QTest::addRow("Always: asks the registry, no layer to download")
        << "nginx:1.27" << "Always" << qint64(500)
        << "Successfully pulled image \"nginx:1.27\" in 500ms (500ms including waiting). Image size: 73400320 bytes."
        << true;
    QTest::addRow("another tag is another image") << "nginx:1.26" << "IfNotPresent" << qint64(3389)
                                                  << "Successfully pulled image \"nginx:1.26\" in 3.39s (3.39s including waiting). Image size: 73400320 bytes."
                                                  << true;
}

void TestKubelet::theNodeKeepsThePulledImages()
{
    // The first pod pulls nginx:1.27 onto node-1; the node reports it in status.images (as
    // the kubelet reports its runtime's images, which ImageLocality scores), and a second pod
    // of the same image starts from the node's copy unless its policy is Always.
    QFETCH(QString, image);
    QFETCH(QString, policy);
    QFETCH(qint64, startsAfterMs);
    QFETCH(QString, pulled);
    QFETCH(bool, pulling);
    auto engine = labWith(pod(R"({"containers":[{"name":"app","image":"nginx:1.27"}]})"));
    QVERIFY(engine);
    const Json images = (*engine->get(core::ObjectKey{"Node", "", "node-1"}))["status"]["images"];
    QCOMPARE(QString::fromStdString(images.dump()),
             QStringLiteral(R"([{"names":["docker.io/library/nginx:1.27"],"sizeBytes":73400320}])"));

    Json second = Json::parse(pod(QStringLiteral(R"({"containers":[{"name":"app","image":"%1","imagePullPolicy":"%2"}]})")
                                      .arg(image, policy))
                                  .toStdString());
    second["metadata"]["name"] = "second";
    second["metadata"]["namespace"] = "default";
    QVERIFY(engine->create(second));
    engine->settle(core::kMinute);
    core::ObjectPtr p = engine->get(core::ObjectKey{"Pod", "default", "second"});
    QVERIFY(p);
    const core::VirtualTime admitted = engine->virtualTimeOf((*p)["status"].value("startTime", ""));
    const core::VirtualTime started =
        engine->virtualTimeOf((*p)["status"]["containerStatuses"][0]["state"]["running"].value("startedAt", ""));
    // startedAt has whole seconds, as the API's timestamps.
    QCOMPARE((started - admitted) / kSecond, startsAfterMs / kSecond);
    QStringList seen;
    for (const core::ObjectPtr& e : engine->list("Event", "default"))
        if ((*e)["involvedObject"].value("name", "") == "second")
            seen << QString::fromStdString(e->value("reason", "") + ": " + e->value("message", ""));
    QVERIFY2(seen.contains("Pulled: " + pulled), qPrintable(seen.join(" | ")));
    QCOMPARE(seen.contains("Pulling: Pulling image \"" + image + "\""), pulling);
}

void TestKubelet::registrationEvents()
{
    // What `kubectl describe node` lists after a node joins: the node controller's
    // RegisteredNode, then the kubelet's start, each condition it set, the allocatable it
    // enforces and Ready (pkg/kubelet/nodestatus/setters.go, recordNodeStatusEvent).
    auto engine = labWith(pod(R"({"containers":[{"name":"app","image":"nginx:1.27"}]})"));
    QVERIFY(engine);
    QStringList seen;
    for (const core::ObjectPtr& e : engine->list("Event", "default"))
        if ((*e)["involvedObject"].value("kind", "") == "Node")
            seen << QString::fromStdString(e->value("reason", "") + " (" + (*e)["source"].value("component", "") +
                                           "): " + e->value("message", ""));
    QCOMPARE(seen, (QStringList{
                       "RegisteredNode (node-controller): Node node-1 event: Registered Node node-1 in Controller",
                       "Starting (kubelet): Starting kubelet.",
                       "NodeHasSufficientMemory (kubelet): Node node-1 status is now: NodeHasSufficientMemory",
                       "NodeHasNoDiskPressure (kubelet): Node node-1 status is now: NodeHasNoDiskPressure",
                       "NodeHasSufficientPID (kubelet): Node node-1 status is now: NodeHasSufficientPID",
                       "NodeAllocatableEnforced (kubelet): Updated Node Allocatable limit across pods",
                       "NodeReady (kubelet): Node node-1 status is now: NodeReady",
                   }));
}

void TestKubelet::reopenedLabCarriesOn()
{
    // A lab closed in the middle of a back-off and reopened restarts the container on time.
    QTemporaryDir dir;
    const std::string path = dir.filePath("lab.klab").toStdString();
    {
        auto engine = labWith(pod(R"({"containers":[{"name":"app","image":"busybox:1.36","command":["sh","-c","sleep 5; exit 1"]}]})"), path);
        QVERIFY(engine);
        engine->advance(12 * kSecond); // exits at 5 (restart) and 10 (back-off 10s)
        QVERIFY(engine->commit());
    }
    auto engine = openEngine(path);
    QVERIFY(engine);
    engine->advance(8 * kSecond); // back-off ends 10s after the second exit
    core::ObjectPtr p = engine->get(core::ObjectKey{"Pod", "default", "web"});
    auto row = kubelab::cli::detail::podRow(*engine, *p);
    QCOMPARE(QString::fromStdString(row[2]), QStringLiteral("Running"));
    QCOMPARE(QString::fromStdString(row[3]), QStringLiteral("2 (10s ago)"));
}

void TestKubelet::clusterCidrRunsOut()
{
    // 10.244.0.0/16 has 256 ranges of /24. The 257th node gets none (CIDRNotAvailable, as the
    // range allocator records it) and keeps working; deleting a node frees a range for it. A
    // node that brings its own podCIDR keeps it.
    auto engine = openEngine();
    QVERIFY(engine);
    const auto named = [](const std::string& name, const std::string& podCidr = {}) {
        Json n = Json{{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", {{"name", name}}}};
        if (!podCidr.empty())
            n["spec"] = Json{{"podCIDR", podCidr}};
        return n;
    };
    QVERIFY(engine->create(named("own", "10.128.0.0/24")));
    for (int i = 1; i <= 257; ++i)
        QVERIFY(engine->create(named("node-" + std::to_string(i))));
    engine->settle(core::kMinute);
    const auto podCidr = [&](const std::string& name) {
        return QString::fromStdString(core::stringAt(*engine->get(core::ObjectKey{"Node", "", name}),
                                                     Json::json_pointer("/spec/podCIDR")));
    };
    QCOMPARE(podCidr("own"), QStringLiteral("10.128.0.0/24"));
    QCOMPARE(podCidr("node-1"), QStringLiteral("10.244.0.0/24"));
    QCOMPARE(podCidr("node-256"), QStringLiteral("10.244.255.0/24"));
    QCOMPARE(podCidr("node-257"), QString());
    QString message;
    for (const core::ObjectPtr& e : engine->list("Event", "default"))
        if ((*e).value("reason", "") == "CIDRNotAvailable")
            message = QString::fromStdString((*e).value("message", ""));
    QCOMPARE(message, QStringLiteral("Node node-257 status is now: CIDRNotAvailable"));
    // The node lifecycle controller reads nodes without a spec (it read a missing member before).
    int rc = 0;
    const std::string nodes = run(*engine, {"get", "node", "node-257"}, &rc);
    QCOMPARE(rc, 0);
    QVERIFY2(nodes.find("node-257   Ready") != std::string::npos, nodes.c_str());

    QVERIFY(engine->remove(core::ObjectKey{"Node", "", "node-3"}));
    engine->settle(core::kMinute);
    QCOMPARE(podCidr("node-257"), QStringLiteral("10.244.2.0/24"));
}

QTEST_GUILESS_MAIN(TestKubelet)
#include "tst_kubelet.moc"

void TestKubelet::aVolumeThatArrivesLetsThePodStart()
{
    auto engine = labWith(pod(R"({"containers":[{"name":"app","image":"nginx:1.27","volumeMounts":[{"name":"config","mountPath":"/etc/app"}]}],"volumes":[{"name":"config","configMap":{"name":"app-config"}}]})"));
    QVERIFY(engine);
    const core::ObjectKey key{"Pod", "default", "web"};
    QCOMPARE(QString::fromStdString(core::stringAt(*engine->get(key), core::kPhase)), QStringLiteral("Pending"));
    QVERIFY(!engine->get(key)->at("status").contains("podIP")); // no sandbox yet
    // Retried every two minutes: one event, counted.
    engine->advance(5 * core::kMinute);
    int count = 0;
    for (const core::ObjectPtr& e : engine->list("Event", "default"))
        if ((*e).value("reason", "") == "FailedMount")
            count = (*e).value("count", 0);
    QCOMPARE(count, 3); // at 0, 2 and 4 minutes
    QVERIFY(engine->create(Json{{"apiVersion", "v1"},
                                {"kind", "ConfigMap"},
                                {"metadata", {{"name", "app-config"}, {"namespace", "default"}}},
                                {"data", {{"mode", "lab"}}}}));
    engine->settle(core::kMinute);
    auto row = kubelab::cli::detail::podRow(*engine, *engine->get(key));
    QCOMPARE(QString::fromStdString(row[2]), QStringLiteral("Running"));
}

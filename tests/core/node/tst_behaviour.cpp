// SPDX-License-Identifier: GPL-3.0-or-later
// The behaviour annotation, the command model, the prober's schedule and the crash-loop
// back-off (upstream values: pkg/kubelet/kuberuntime and client-go's flowcontrol.Backoff).

#include <QTest>

#include "core/node/behaviour.h"
#include "core/node/podstatus.h"
#include "core/node/prober.h"

class TestBehaviour : public QObject {
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void program_data();
    void program();
    void life_data();
    void life();
    void backoff_data();
    void backoff();
    void phase_data();
    void phase();
};

namespace core = kubelab::core;
using core::Json;
using core::kSecond;

void TestBehaviour::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qint64>("readyAfter");
    QTest::addColumn<qint64>("crashAfter");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<qint64>("milliCpu");
    QTest::addColumn<qint64>("memory");
    QTest::addColumn<qint64>("growth");

    QTest::addRow("the issue's example")
        << "ready-after=5s, crash-after=60s, exit-code=1, cpu=250m, memory=300Mi, memory-growth=10Mi/min" << ""
        << qint64(5000) << qint64(60000) << 1 << qint64(250) << qint64(300LL << 20) << qint64(10LL << 20);
    QTest::addRow("empty") << "" << "" << qint64(-1) << qint64(-1) << 1 << qint64(-1) << qint64(-1) << qint64(0);
    QTest::addRow("growth per second") << "memory-growth=1Mi/s" << "" << qint64(-1) << qint64(-1) << 1 << qint64(-1)
                                       << qint64(-1) << qint64(60LL << 20);
    QTest::addRow("bad duration") << "crash-after=soon"
                                  << "invalid behaviour \"crash-after=soon\": crash-after: invalid duration \"soon\"" << qint64(0)
                                  << qint64(0) << 0 << qint64(0) << qint64(0) << qint64(0);
    QTest::addRow("unknown key") << "colour=red"
                                 << "invalid behaviour \"colour=red\": unknown key \"colour\" (known: ready-after, "
                                    "unhealthy-after, crash-after, exit-code, cpu, load, memory, memory-growth)"
                                 << qint64(0) << qint64(0) << 0 << qint64(0) << qint64(0) << qint64(0);
    QTest::addRow("bad load") << "load=much"
                              << "invalid behaviour \"load=much\": load: invalid quantity \"much\"" << qint64(0) << qint64(0) << 0
                              << qint64(0) << qint64(0) << qint64(0);
    QTest::addRow("exit code out of range") << "exit-code=300"
                                            << "invalid behaviour \"exit-code=300\": exit-code: must be a number from 0 to 255, got \"300\""
                                            << qint64(0) << qint64(0) << 0 << qint64(0) << qint64(0) << qint64(0);
    QTest::addRow("no value") << "cpu"
                              << "invalid behaviour \"cpu\": expected key=value, got \"cpu\"" << qint64(0) << qint64(0) << 0
                              << qint64(0) << qint64(0) << qint64(0);
    QTest::addRow("bad rate unit") << "memory-growth=1Mi/day"
                                   << "invalid behaviour \"memory-growth=1Mi/day\": memory-growth: unknown unit \"/day\" (use /s, /min or /h)"
                                   << qint64(0) << qint64(0) << 0 << qint64(0) << qint64(0) << qint64(0);
}

void TestBehaviour::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    auto b = core::parseBehaviour(text.toStdString());
    if (!error.isEmpty()) {
        QVERIFY(!b);
        QCOMPARE(QString::fromStdString(b.error().message), error);
        return;
    }
    QVERIFY2(b, b ? "" : b.error().message.c_str());
    QFETCH(qint64, readyAfter);
    QFETCH(qint64, crashAfter);
    QFETCH(int, exitCode);
    QFETCH(qint64, milliCpu);
    QFETCH(qint64, memory);
    QFETCH(qint64, growth);
    QCOMPARE(b->readyAfter.value_or(-1), readyAfter);
    QCOMPARE(b->crashAfter.value_or(-1), crashAfter);
    QCOMPARE(b->exitCode, exitCode);
    QCOMPARE(b->milliCpu.value_or(-1), milliCpu);
    QCOMPARE(b->memory.value_or(-1), memory);
    QCOMPARE(b->memoryGrowthPerMinute, growth);
}

void TestBehaviour::program_data()
{
    QTest::addColumn<QString>("container"); // JSON
    QTest::addColumn<qint64>("exitAfter");  // -1: runs until stopped
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("output");
    QTest::addColumn<bool>("ignoresSigterm");

    QTest::addRow("nginx server") << R"({"image":"nginx"})" << qint64(-1) << 0 << QStringList{} << false;
    QTest::addRow("busybox default sh exits") << R"({"image":"busybox"})" << qint64(0) << 0 << QStringList{} << true;
    QTest::addRow("sleep 3600") << R"({"image":"busybox","command":["sleep","3600"]})" << qint64(3600000) << 0
                                << QStringList{} << true;
    QTest::addRow("sleep infinity") << R"({"image":"busybox","command":["sleep","infinity"]})" << qint64(-1) << 0
                                    << QStringList{} << true;
    QTest::addRow("false") << R"({"image":"busybox","command":["false"]})" << qint64(0) << 1 << QStringList{} << false;
    QTest::addRow("true") << R"({"image":"busybox","command":["true"]})" << qint64(0) << 0 << QStringList{} << false;
    QTest::addRow("sh -c echo sleep exit")
        << R"({"image":"busybox","command":["sh","-c","echo hi; sleep 5; exit 1"]})" << qint64(5000) << 1
        << QStringList{"hi"} << true;
    QTest::addRow("command and args") << R"({"image":"busybox","command":["/bin/sh","-c"],"args":["echo 'a  b' && sleep 2 && echo done"]})"
                                      << qint64(2000) << 0 << QStringList{"a  b", "done"} << true;
    QTest::addRow("&& after false is skipped") << R"({"image":"busybox","command":["sh","-c","false && echo no || echo yes"]})"
                                               << qint64(0) << 0 << QStringList{"yes"} << true;
    QTest::addRow("server after echo") << R"({"image":"busybox","command":["sh","-c","echo start; httpd -f"]})"
                                       << qint64(-1) << 0 << QStringList{"start"} << true;
    QTest::addRow("sleep 1m then status of false") << R"({"image":"busybox","args":["sh","-c","sleep 1m; false"]})"
                                                   << qint64(60000) << 1 << QStringList{} << true;
    QTest::addRow("coredns args") << R"({"image":"registry.k8s.io/coredns/coredns:v1.11.3","args":["-conf","/etc/coredns/Corefile"]})"
                                  << qint64(-1) << 0 << QStringList{} << false;
}

void TestBehaviour::program()
{
    QFETCH(QString, container);
    QFETCH(qint64, exitAfter);
    QFETCH(int, exitCode);
    QFETCH(QStringList, output);
    QFETCH(bool, ignoresSigterm);
    core::Program p = core::programOf(Json::parse(container.toStdString()));
    QCOMPARE(p.exitAfter.value_or(-1), exitAfter);
    if (p.exitAfter)
        QCOMPARE(p.exitCode, exitCode);
    QStringList lines;
    for (const auto& [at, line] : p.output)
        lines << QString::fromStdString(line);
    QCOMPARE(lines, output);
    QCOMPARE(p.ignoresSigterm, ignoresSigterm);
}

void TestBehaviour::life_data()
{
    QTest::addColumn<QString>("container");
    QTest::addColumn<QString>("behaviour");
    QTest::addColumn<qint64>("startedAt"); // -1 never
    QTest::addColumn<qint64>("readyAt");
    QTest::addColumn<qint64>("unreadyAt");
    QTest::addColumn<qint64>("end");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("killedBy");

    const QString nginx = R"({"name":"nginx","image":"nginx"})";
    QTest::addRow("no probes: started and ready at once") << nginx << "" << qint64(0) << qint64(0) << qint64(-1) << qint64(-1)
                                                          << 0 << "" << "";
    QTest::addRow("readiness probe with defaults, ready after 5s: next tick at 10s")
        << R"({"name":"nginx","image":"nginx","readinessProbe":{"httpGet":{"path":"/","port":80}}})" << "ready-after=5s"
        << qint64(0) << qint64(10000) << qint64(-1) << qint64(-1) << 0 << "" << "";
    QTest::addRow("liveness fails 3 times from 30s: killed at 50s")
        << R"({"name":"nginx","image":"nginx","livenessProbe":{"httpGet":{"path":"/","port":80}}})" << "unhealthy-after=30s"
        << qint64(0) << qint64(0) << qint64(-1) << qint64(50000) << 137 << "Error" << "liveness";
    QTest::addRow("liveness with initialDelaySeconds 15 and period 5")
        << R"({"name":"nginx","image":"nginx","livenessProbe":{"exec":{"command":["cat","/tmp/healthy"]},"initialDelaySeconds":15,"periodSeconds":5}})"
        << "unhealthy-after=30s" << qint64(0) << qint64(0) << qint64(-1) << qint64(40000) << 137 << "Error" << "liveness";
    QTest::addRow("readiness lost after unhealthy")
        << R"({"name":"nginx","image":"nginx","readinessProbe":{"tcpSocket":{"port":80}}})" << "unhealthy-after=25s"
        << qint64(0) << qint64(0) << qint64(50000) << qint64(-1) << 0 << "" << "";
    QTest::addRow("startup probe too short for a slow start")
        << R"({"name":"nginx","image":"nginx","startupProbe":{"httpGet":{"port":80},"failureThreshold":2,"periodSeconds":10}})"
        << "ready-after=60s" << qint64(-1) << qint64(-1) << qint64(-1) << qint64(10000) << 137 << "Error" << "startup";
    QTest::addRow("startup probe long enough")
        << R"({"name":"nginx","image":"nginx","startupProbe":{"httpGet":{"port":80},"failureThreshold":30,"periodSeconds":10}})"
        << "ready-after=45s" << qint64(50000) << qint64(50000) << qint64(-1) << qint64(-1) << 0 << "" << "";
    QTest::addRow("crash-after with exit-code") << nginx << "crash-after=60s, exit-code=2" << qint64(0) << qint64(0)
                                                << qint64(-1) << qint64(60000) << 2 << "Error" << "";
    QTest::addRow("memory over the limit at start: OOMKilled")
        << R"({"name":"app","image":"nginx","resources":{"limits":{"memory":"128Mi"}}})" << "memory=200Mi" << qint64(0)
        << qint64(0) << qint64(-1) << qint64(1000) << 137 << "OOMKilled" << "";
    QTest::addRow("memory growth reaches the limit after 10 minutes")
        << R"({"name":"app","image":"nginx","resources":{"limits":{"memory":"200Mi"}}})" << "memory=100Mi, memory-growth=10Mi/min"
        << qint64(0) << qint64(0) << qint64(-1) << qint64(601000) << 137 << "OOMKilled" << "";
    QTest::addRow("program exit 0 is Completed") << R"({"name":"job","image":"busybox","command":["sleep","5"]})" << ""
                                                 << qint64(0) << qint64(0) << qint64(-1) << qint64(5000) << 0 << "Completed"
                                                 << "";
}

void TestBehaviour::life()
{
    QFETCH(QString, container);
    QFETCH(QString, behaviour);
    QFETCH(qint64, startedAt);
    QFETCH(qint64, readyAt);
    QFETCH(qint64, unreadyAt);
    QFETCH(qint64, end);
    QFETCH(int, exitCode);
    QFETCH(QString, reason);
    QFETCH(QString, killedBy);
    Json spec = Json::parse(container.toStdString());
    auto b = core::parseBehaviour(behaviour.toStdString());
    QVERIFY(b);
    core::ContainerLife life = core::lifeOf(spec, core::programOf(spec), *b);
    QCOMPARE(life.startedAt.value_or(-1), startedAt);
    QCOMPARE(life.readyAt.value_or(-1), readyAt);
    QCOMPARE(life.unreadyAt.value_or(-1), unreadyAt);
    QCOMPARE(life.end.value_or(-1), end);
    if (life.end) {
        QCOMPARE(life.exitCode, exitCode);
        QCOMPARE(QString::fromStdString(life.reason), reason);
        QCOMPARE(QString::fromStdString(life.killedBy), killedBy);
    }
}

void TestBehaviour::backoff_data()
{
    QTest::addColumn<qint64>("restartCount");
    QTest::addColumn<qint64>("started");
    QTest::addColumn<qint64>("finished");
    QTest::addColumn<qint64>("previousFinished"); // -1: none
    QTest::addColumn<qint64>("delay");

    QTest::addRow("first exit restarts at once") << qint64(0) << qint64(0) << qint64(5000) << qint64(-1) << qint64(0);
    QTest::addRow("second exit waits 10s") << qint64(1) << qint64(5000) << qint64(10000) << qint64(5000) << qint64(10000);
    QTest::addRow("then 20s") << qint64(2) << qint64(20000) << qint64(25000) << qint64(10000) << qint64(20000);
    QTest::addRow("then 40s") << qint64(3) << qint64(45000) << qint64(50000) << qint64(25000) << qint64(40000);
    QTest::addRow("capped at 5m") << qint64(8) << qint64(1000000) << qint64(1005000) << qint64(700000) << qint64(300000);
    QTest::addRow("160s doubles to the 300s cap") << qint64(6) << qint64(500000) << qint64(505000) << qint64(340000)
                                                  << qint64(300000);
    QTest::addRow("ran more than 10 minutes: forgiven") << qint64(5) << qint64(100000) << qint64(100000 + 601000)
                                                        << qint64(20000) << qint64(0);
    QTest::addRow("after a forgiven restart, 10s again") << qint64(6) << qint64(701000) << qint64(706000) << qint64(701000)
                                                         << qint64(10000);
}

void TestBehaviour::backoff()
{
    QFETCH(qint64, restartCount);
    QFETCH(qint64, started);
    QFETCH(qint64, finished);
    QFETCH(qint64, previousFinished);
    QFETCH(qint64, delay);
    std::optional<core::VirtualTime> previous;
    if (previousFinished >= 0)
        previous = previousFinished;
    QCOMPARE(core::crashLoopDelay(restartCount, started, finished, previous), delay);
}

void TestBehaviour::phase_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<QString>("phase");

    QTest::addRow("running") << R"({"spec":{"containers":[{"name":"a"}]},"status":{"containerStatuses":[{"name":"a","state":{"running":{}}}]}})"
                             << "Running";
    QTest::addRow("Never and exit 1: Failed")
        << R"({"spec":{"restartPolicy":"Never","containers":[{"name":"a"}]},"status":{"containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":1}}}]}})"
        << "Failed";
    QTest::addRow("OnFailure and exit 0: Succeeded")
        << R"({"spec":{"restartPolicy":"OnFailure","containers":[{"name":"a"}]},"status":{"containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":0}}}]}})"
        << "Succeeded";
    QTest::addRow("Always and back-off: Running")
        << R"({"spec":{"containers":[{"name":"a"}]},"status":{"containerStatuses":[{"name":"a","state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"exitCode":1}}}]}})"
        << "Running";
    QTest::addRow("creating: Pending")
        << R"({"spec":{"containers":[{"name":"a"}]},"status":{"containerStatuses":[{"name":"a","state":{"waiting":{"reason":"ContainerCreating"}}}]}})"
        << "Pending";
    QTest::addRow("init failed with Never: Failed")
        << R"({"spec":{"restartPolicy":"Never","initContainers":[{"name":"i"}],"containers":[{"name":"a"}]},"status":{"initContainerStatuses":[{"name":"i","state":{"terminated":{"exitCode":1}}}],"containerStatuses":[{"name":"a","state":{"waiting":{"reason":"PodInitializing"}}}]}})"
        << "Failed";
    QTest::addRow("init in back-off: Pending")
        << R"({"spec":{"initContainers":[{"name":"i"}],"containers":[{"name":"a"}]},"status":{"initContainerStatuses":[{"name":"i","state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"exitCode":1}}}],"containerStatuses":[{"name":"a","state":{"waiting":{"reason":"PodInitializing"}}}]}})"
        << "Pending";
}

void TestBehaviour::phase()
{
    QFETCH(QString, pod);
    QFETCH(QString, phase);
    QCOMPARE(QString::fromStdString(core::podPhase(Json::parse(pod.toStdString()))), phase);
}

QTEST_GUILESS_MAIN(TestBehaviour)
#include "tst_behaviour.moc"

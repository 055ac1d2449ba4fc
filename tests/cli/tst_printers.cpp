// SPDX-License-Identifier: GPL-3.0-or-later
// kubectl's table printers: the cell logic of each kind (cases after upstream's
// printers_test.go) and whole tables compared with golden files.

#include <QFile>
#include <QTest>

#include "core/api/resources.h"
#include "core/cli/printers.h"
#include "core/cli/printers_support.h"
#include "core/sim/engine.h"

using kubelab::core::Json;
namespace core = kubelab::core;
namespace cli = kubelab::cli;

namespace {

std::unique_ptr<core::Engine> openLab()
{
    core::Engine::Options options;
    options.startComponents = false;
    auto engine = core::Engine::open(options);
    if (!engine)
        qFatal("cannot open a lab: %s", engine.error().toString().c_str());
    return std::move(*engine);
}

/// Replaces every string `ago:N` (N seconds, `d`/`h`/`m` suffixes allowed) by the
/// timestamp that long before the lab's "now".
void expandTimes(const core::Engine& engine, Json& value)
{
    if (value.is_string()) {
        std::string s = value.get<std::string>();
        if (!s.starts_with("ago:"))
            return;
        std::string n = s.substr(4);
        core::Duration unit = core::kSecond;
        switch (n.back()) {
        case 'd': unit = 24 * core::kHour; n.pop_back(); break;
        case 'h': unit = core::kHour; n.pop_back(); break;
        case 'm': unit = core::kMinute; n.pop_back(); break;
        case 's': n.pop_back(); break;
        default: break;
        }
        value = engine.timestamp(engine.now() - std::stoll(n) * unit);
    } else if (value.is_object() || value.is_array()) {
        for (auto& child : value)
            expandTimes(engine, child);
    }
}

Json parse(const core::Engine& engine, const char* text)
{
    Json value = Json::parse(text);
    expandTimes(engine, value);
    return value;
}

QString goldenPath(const QString& name)
{
    return QStringLiteral(KUBELAB_SOURCE_DIR "/tests/cli/golden/printers/") + name + QStringLiteral(".txt");
}

/// Compares with the golden file; `KUBELAB_UPDATE_GOLDEN=1` rewrites it instead.
void compareGolden(const QString& name, const std::string& actual)
{
    QFile file(goldenPath(name));
    if (qEnvironmentVariableIsSet("KUBELAB_UPDATE_GOLDEN")) {
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(actual.data(), static_cast<qint64>(actual.size()));
        return;
    }
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable("missing golden file " + file.fileName()));
    const QByteArray expected = file.readAll();
    QCOMPARE(QString::fromStdString(actual), QString::fromUtf8(expected));
}

} // namespace

class TestPrinters : public QObject {
    Q_OBJECT

private slots:
    void tabulate_data();
    void tabulate();
    void age_data();
    void age();
    void podCells_data();
    void podCells();
    void nodeCells_data();
    void nodeCells();
    void serviceCells_data();
    void serviceCells();
    void endpointsCells_data();
    void endpointsCells();
    void hpaTargets_data();
    void hpaTargets();
    void tables_data();
    void tables();
};

void TestPrinters::tabulate_data()
{
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<QString>("expected");
    // Each column is as wide as its widest cell plus 3, at least 6; the last is unpadded.
    QTest::addRow("min-width") << QStringList{"A\tB\tC", "a\tb\tc"} << "A     B     C\na     b     c\n";
    QTest::addRow("padding") << QStringList{"NAME\tREADY", "nginx-7854ff8877-abcde\t1/1"}
                             << "NAME                     READY\nnginx-7854ff8877-abcde   1/1\n";
    QTest::addRow("empty-last-cell") << QStringList{"NAME\tAPP", "web\t"} << "NAME   APP\nweb    \n";
    QTest::addRow("utf8-counts-runes") << QStringList{"é\tx", "ab\ty"} << "é     x\nab    y\n";
}

void TestPrinters::tabulate()
{
    QFETCH(QStringList, lines);
    QFETCH(QString, expected);
    std::vector<std::vector<std::string>> rows;
    for (const QString& line : lines) {
        std::vector<std::string> row;
        for (const QString& cell : line.split('\t'))
            row.push_back(cell.toStdString());
        rows.push_back(std::move(row));
    }
    QCOMPARE(QString::fromStdString(cli::tabulate(rows)), expected);
}

void TestPrinters::age_data()
{
    QTest::addColumn<QString>("created");
    QTest::addColumn<QString>("expected");
    // apimachinery duration.HumanDuration
    QTest::addRow("seconds") << "ago:45s" << "45s";
    QTest::addRow("119s") << "ago:119s" << "119s";
    QTest::addRow("2m") << "ago:120s" << "2m";
    QTest::addRow("3m20s") << "ago:200s" << "3m20s";
    QTest::addRow("15m") << "ago:15m" << "15m";
    QTest::addRow("179m") << "ago:179m" << "179m";
    QTest::addRow("3h") << "ago:3h" << "3h";
    QTest::addRow("5h3m") << "ago:303m" << "5h3m";
    QTest::addRow("47h") << "ago:47h" << "47h";
    QTest::addRow("2d3h") << "ago:51h" << "2d3h";
    QTest::addRow("8d") << "ago:8d" << "8d";
    QTest::addRow("future") << "ago:-5s" << "<invalid>";
    QTest::addRow("missing") << "" << "<unknown>";
}

void TestPrinters::age()
{
    QFETCH(QString, created);
    QFETCH(QString, expected);
    auto engine = openLab();
    Json object = Json::object();
    if (!created.isEmpty()) {
        object["metadata"]["creationTimestamp"] = created.toStdString();
        expandTimes(*engine, object);
    }
    QCOMPARE(QString::fromStdString(cli::ageOf(*engine, object)), expected);
}

void TestPrinters::podCells_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<QString>("ready");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("restarts");

    // Upstream's TestPrintPod cases, then the statuses a learner meets.
    QTest::addRow("restarts-summed") << R"({"spec":{"containers":[{},{}]},"status":{"phase":"podPhase",
        "containerStatuses":[{"ready":true,"restartCount":3,"state":{"running":{}}},{"restartCount":3}]}})"
                                     << "1/2" << "podPhase" << "6";
    QTest::addRow("waiting-overrides-phase") << R"({"spec":{"containers":[{},{}]},"status":{"phase":"podPhase",
        "containerStatuses":[{"ready":true,"restartCount":3,"state":{"running":{}}},
                             {"restartCount":3,"state":{"waiting":{"reason":"ContainerWaitingReason"}}}]}})"
                                             << "1/2" << "ContainerWaitingReason" << "6";
    QTest::addRow("first-container-wins") << R"({"spec":{"containers":[{},{}]},"status":{"phase":"podPhase",
        "containerStatuses":[{"restartCount":3,"state":{"waiting":{"reason":"ContainerWaitingReason"}}},
                             {"restartCount":3,"state":{"terminated":{"reason":"ContainerTerminatedReason"}}}]}})"
                                          << "0/2" << "ContainerWaitingReason" << "6";
    QTest::addRow("ready-not-running") << R"({"spec":{"containers":[{},{}]},"status":{"phase":"podPhase",
        "containerStatuses":[{"ready":true,"restartCount":3,"state":{"running":{}}},{"ready":true,"restartCount":3}]}})"
                                       << "1/2" << "podPhase" << "6";
    QTest::addRow("pod-reason") << R"({"spec":{"containers":[{},{}]},"status":{"phase":"podPhase","reason":"podReason",
        "containerStatuses":[{"ready":true,"restartCount":3,"state":{"running":{}}},{"ready":true,"restartCount":3}]}})"
                                << "1/2" << "podReason" << "6";
    QTest::addRow("completed-and-running-not-ready") << R"({"spec":{"containers":[{},{}]},"status":{"phase":"Running",
        "containerStatuses":[{"ready":true,"restartCount":3,"state":{"terminated":{"reason":"Completed","exitCode":0}}},
                             {"ready":true,"restartCount":3,"state":{"running":{}}}]}})"
                                                     << "1/2" << "NotReady" << "6";
    QTest::addRow("completed-and-running-ready") << R"({"spec":{"containers":[{},{}]},"status":{"phase":"Running",
        "conditions":[{"type":"Ready","status":"True"}],
        "containerStatuses":[{"ready":true,"restartCount":3,"state":{"terminated":{"reason":"Completed","exitCode":0}}},
                             {"ready":true,"restartCount":3,"state":{"running":{}}}]}})"
                                                 << "1/2" << "Running" << "6";
    QTest::addRow("init-0-of-1") << R"({"spec":{"initContainers":[{"name":"init"}],"containers":[{"name":"app"}]},
        "status":{"phase":"Pending",
        "initContainerStatuses":[{"name":"init","restartCount":3,"state":{"running":{}},
                                  "lastState":{"terminated":{"finishedAt":"ago:10s"}}}],
        "containerStatuses":[{"name":"app","state":{"waiting":{"reason":"PodInitializing"}}}]}})"
                                 << "0/1" << "Init:0/1" << "3 (10s ago)";
    QTest::addRow("init-1-of-2") << R"({"spec":{"initContainers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"app"}]},
        "status":{"phase":"Pending",
        "initContainerStatuses":[{"name":"a","state":{"terminated":{"exitCode":0}}},
                                 {"name":"b","restartCount":3,"state":{"running":{}},
                                  "lastState":{"terminated":{"finishedAt":"ago:10s"}}}],
        "containerStatuses":[{"name":"app","state":{"waiting":{}}}]}})"
                                 << "0/1" << "Init:1/2" << "3 (10s ago)";
    QTest::addRow("init-restarts-summed") << R"({"spec":{"initContainers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"app"}]},
        "status":{"phase":"Pending",
        "initContainerStatuses":[{"name":"a","restartCount":2,"state":{"terminated":{}},
                                  "lastState":{"terminated":{"finishedAt":"ago:2m"}}},
                                 {"name":"b","restartCount":3,"state":{"running":{}},
                                  "lastState":{"terminated":{"finishedAt":"ago:10s"}}}],
        "containerStatuses":[{"name":"app","state":{"waiting":{}}}]}})"
                                          << "0/1" << "Init:1/2" << "5 (10s ago)";
    QTest::addRow("init-done-app-restarts") << R"({"spec":{"initContainers":[{"name":"a"}],"containers":[{"name":"app"}]},
        "status":{"phase":"Running",
        "initContainerStatuses":[{"name":"a","restartCount":2,"state":{"terminated":{}},
                                  "lastState":{"terminated":{"finishedAt":"ago:2m"}}}],
        "containerStatuses":[{"name":"app","restartCount":4,"state":{"running":{}},
                              "lastState":{"terminated":{"finishedAt":"ago:20s"}}}]}})"
                                            << "0/1" << "Running" << "4 (20s ago)";
    QTest::addRow("restarted-5d-ago") << R"({"spec":{"containers":[{}]},"status":{"phase":"Running",
        "containerStatuses":[{"ready":true,"restartCount":3,"state":{"running":{}},
                              "lastState":{"terminated":{"finishedAt":"ago:5d"}}}]}})"
                                      << "1/1" << "Running" << "3 (5d ago)";
    QTest::addRow("latest-restart-counts") << R"({"spec":{"containers":[{},{}]},"status":{"phase":"Running",
        "containerStatuses":[{"ready":true,"restartCount":6,"state":{"running":{}},"lastState":{"terminated":{"finishedAt":"ago:5d"}}},
                             {"ready":true,"restartCount":3,"state":{"running":{}},"lastState":{"terminated":{"finishedAt":"ago:20d"}}}]}})"
                                           << "2/2" << "Running" << "9 (5d ago)";
    QTest::addRow("scheduling-gated") << R"({"spec":{"containers":[{},{}]},"status":{"phase":"Pending",
        "conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}})"
                                      << "0/2" << "SchedulingGated" << "0";
    QTest::addRow("succeeded-completed") << R"({"spec":{"containers":[{}]},"status":{"phase":"Succeeded",
        "containerStatuses":[{"state":{"terminated":{"reason":"Completed","exitCode":0}}}]}})"
                                         << "0/1" << "Completed" << "0";
    QTest::addRow("failed-error") << R"({"spec":{"containers":[{}]},"status":{"phase":"Failed",
        "containerStatuses":[{"state":{"terminated":{"reason":"Error","exitCode":1}}}]}})"
                                  << "0/1" << "Error" << "0";
    QTest::addRow("succeeded-deleted-stays-completed") << R"({"metadata":{"deletionTimestamp":"ago:10s"},
        "spec":{"containers":[{}]},"status":{"phase":"Succeeded",
        "containerStatuses":[{"state":{"terminated":{"reason":"Completed","exitCode":0}}}]}})"
                                                       << "0/1" << "Completed" << "0";
    QTest::addRow("terminating") << R"({"metadata":{"deletionTimestamp":"ago:10s"},
        "spec":{"containers":[{}]},"status":{"phase":"Running",
        "containerStatuses":[{"ready":true,"state":{"running":{}}}]}})"
                                 << "1/1" << "Terminating" << "0";
    QTest::addRow("node-lost") << R"({"metadata":{"deletionTimestamp":"ago:10s"},
        "spec":{"containers":[{}]},"status":{"phase":"Running","reason":"NodeLost",
        "containerStatuses":[{"ready":true,"state":{"running":{}}}]}})"
                               << "1/1" << "Unknown" << "0";
    QTest::addRow("crash-loop") << R"({"spec":{"containers":[{}]},"status":{"phase":"Running",
        "containerStatuses":[{"restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
                              "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"ago:45s"}}}]}})"
                                << "0/1" << "CrashLoopBackOff" << "3 (45s ago)";
    QTest::addRow("init-crash-loop") << R"({"spec":{"initContainers":[{"name":"init"}],"containers":[{"name":"app"}]},
        "status":{"phase":"Pending",
        "initContainerStatuses":[{"name":"init","restartCount":2,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
                                  "lastState":{"terminated":{"exitCode":1,"finishedAt":"ago:30s"}}}],
        "containerStatuses":[{"name":"app","state":{"waiting":{"reason":"PodInitializing"}}}]}})"
                                     << "0/1" << "Init:CrashLoopBackOff" << "2 (30s ago)";
    QTest::addRow("init-error") << R"({"spec":{"initContainers":[{"name":"init"}],"containers":[{"name":"app"}]},
        "status":{"phase":"Failed",
        "initContainerStatuses":[{"name":"init","state":{"terminated":{"exitCode":1,"reason":"Error"}}}]}})"
                                << "0/1" << "Init:Error" << "0";
    QTest::addRow("init-exit-code") << R"({"spec":{"initContainers":[{"name":"init"}],"containers":[{"name":"app"}]},
        "status":{"phase":"Pending",
        "initContainerStatuses":[{"name":"init","state":{"terminated":{"exitCode":2}}}]}})"
                                    << "0/1" << "Init:ExitCode:2" << "0";
    QTest::addRow("init-signal") << R"({"spec":{"initContainers":[{"name":"init"}],"containers":[{"name":"app"}]},
        "status":{"phase":"Pending",
        "initContainerStatuses":[{"name":"init","state":{"terminated":{"exitCode":137,"signal":9}}}]}})"
                                 << "0/1" << "Init:Signal:9" << "0";
    QTest::addRow("oom-killed") << R"({"spec":{"containers":[{}]},"status":{"phase":"Running",
        "containerStatuses":[{"restartCount":1,"state":{"terminated":{"exitCode":137,"reason":"OOMKilled"}},
                              "lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled","finishedAt":"ago:3m"}}}]}})"
                                << "0/1" << "OOMKilled" << "1 (3m ago)";
    QTest::addRow("exit-code") << R"({"spec":{"containers":[{}]},"status":{"phase":"Failed",
        "containerStatuses":[{"state":{"terminated":{"exitCode":1}}}]}})"
                               << "0/1" << "ExitCode:1" << "0";
    QTest::addRow("signal") << R"({"spec":{"containers":[{}]},"status":{"phase":"Failed",
        "containerStatuses":[{"state":{"terminated":{"exitCode":137,"signal":9}}}]}})"
                            << "0/1" << "Signal:9" << "0";
    QTest::addRow("evicted") << R"({"spec":{"containers":[{}]},"status":{"phase":"Failed","reason":"Evicted",
        "message":"The node was low on resource: memory."}})"
                             << "0/1" << "Evicted" << "0";
    QTest::addRow("pending-unscheduled") << R"({"spec":{"containers":[{}]},"status":{"phase":"Pending",
        "conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable"}]}})"
                                         << "0/1" << "Pending" << "0";
    QTest::addRow("container-creating") << R"({"spec":{"containers":[{}]},"status":{"phase":"Pending",
        "containerStatuses":[{"state":{"waiting":{"reason":"ContainerCreating"}}}]}})"
                                        << "0/1" << "ContainerCreating" << "0";
    QTest::addRow("image-pull-backoff") << R"({"spec":{"containers":[{}]},"status":{"phase":"Pending",
        "containerStatuses":[{"state":{"waiting":{"reason":"ImagePullBackOff"}}}]}})"
                                        << "0/1" << "ImagePullBackOff" << "0";
    QTest::addRow("sidecar-counted") << R"({"spec":{"initContainers":[{"name":"proxy","restartPolicy":"Always"}],
        "containers":[{"name":"app"}]},
        "status":{"phase":"Running","conditions":[{"type":"Initialized","status":"True"}],
        "initContainerStatuses":[{"name":"proxy","ready":true,"started":true,"restartCount":1,"state":{"running":{}},
                                  "lastState":{"terminated":{"exitCode":1,"finishedAt":"ago:1h"}}}],
        "containerStatuses":[{"name":"app","ready":true,"state":{"running":{}}}]}})"
                                     << "2/2" << "Running" << "1 (60m ago)";
    QTest::addRow("sidecar-starting") << R"({"spec":{"initContainers":[{"name":"proxy","restartPolicy":"Always"}],
        "containers":[{"name":"app"}]},
        "status":{"phase":"Pending",
        "initContainerStatuses":[{"name":"proxy","started":false,"state":{"running":{}}}],
        "containerStatuses":[{"name":"app","state":{"waiting":{"reason":"PodInitializing"}}}]}})"
                                      << "0/2" << "Init:0/1" << "0";
}

void TestPrinters::podCells()
{
    QFETCH(QString, pod);
    QFETCH(QString, ready);
    QFETCH(QString, status);
    QFETCH(QString, restarts);
    auto engine = openLab();
    Json object = parse(*engine, pod.toUtf8().constData());
    object["metadata"]["name"] = "p";
    const auto cells = cli::detail::printerFor("Pod").row(*engine, object);
    QCOMPARE(QString::fromStdString(cells[1]), ready);
    QCOMPARE(QString::fromStdString(cells[2]), status);
    QCOMPARE(QString::fromStdString(cells[3]), restarts);
}

void TestPrinters::nodeCells_data()
{
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("roles");

    QTest::addRow("ready") << R"({"status":{"conditions":[{"type":"Ready","status":"True"}]}})" << "Ready" << "<none>";
    QTest::addRow("not-ready") << R"({"status":{"conditions":[{"type":"Ready","status":"False"}]}})" << "NotReady"
                               << "<none>";
    QTest::addRow("ready-unknown-status") << R"({"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}})"
                                          << "NotReady" << "<none>";
    QTest::addRow("no-conditions") << R"({"status":{}})" << "Unknown" << "<none>";
    QTest::addRow("cordoned") << R"({"spec":{"unschedulable":true},"status":{"conditions":[{"type":"Ready","status":"True"}]}})"
                              << "Ready,SchedulingDisabled" << "<none>";
    QTest::addRow("unknown-cordoned") << R"({"spec":{"unschedulable":true}})" << "Unknown,SchedulingDisabled"
                                      << "<none>";
    QTest::addRow("other-conditions-ignored")
        << R"({"status":{"conditions":[{"type":"MemoryPressure","status":"True"},{"type":"Ready","status":"True"}]}})"
        << "Ready" << "<none>";
    QTest::addRow("control-plane") << R"({"metadata":{"labels":{"node-role.kubernetes.io/control-plane":""}},
        "status":{"conditions":[{"type":"Ready","status":"True"}]}})"
                                   << "Ready" << "control-plane";
    QTest::addRow("roles-sorted") << R"({"metadata":{"labels":{"node-role.kubernetes.io/worker":"",
        "node-role.kubernetes.io/infra":"x","kubernetes.io/role":"edge","node-role.kubernetes.io/":""}}})"
                                  << "Unknown" << "edge,infra,worker";
}

void TestPrinters::nodeCells()
{
    QFETCH(QString, node);
    QFETCH(QString, status);
    QFETCH(QString, roles);
    auto engine = openLab();
    Json object = parse(*engine, node.toUtf8().constData());
    const auto cells = cli::detail::printerFor("Node").row(*engine, object);
    QCOMPARE(QString::fromStdString(cells[1]), status);
    QCOMPARE(QString::fromStdString(cells[2]), roles);
}

void TestPrinters::serviceCells_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("clusterIp");
    QTest::addColumn<QString>("externalIp");
    QTest::addColumn<QString>("ports");

    QTest::addRow("cluster-ip") << R"({"spec":{"type":"ClusterIP","clusterIP":"10.96.0.20","clusterIPs":["10.96.0.20"],
        "ports":[{"port":80,"protocol":"TCP","targetPort":8080}]}})"
                                << "ClusterIP" << "10.96.0.20" << "<none>" << "80/TCP";
    QTest::addRow("node-port") << R"({"spec":{"type":"NodePort","clusterIPs":["10.96.0.21"],
        "ports":[{"port":80,"protocol":"TCP","nodePort":30080},{"port":53,"protocol":"UDP","nodePort":30053}]}})"
                               << "NodePort" << "10.96.0.21" << "<none>" << "80:30080/TCP,53:30053/UDP";
    QTest::addRow("load-balancer-pending") << R"({"spec":{"type":"LoadBalancer","clusterIPs":["10.96.0.22"],
        "ports":[{"port":443,"protocol":"TCP","nodePort":31443}]}})"
                                           << "LoadBalancer" << "10.96.0.22" << "<pending>" << "443:31443/TCP";
    QTest::addRow("load-balancer-ingress") << R"({"spec":{"type":"LoadBalancer","clusterIPs":["10.96.0.23"],
        "externalIPs":["5.6.7.8"],"ports":[{"port":80,"protocol":"TCP","nodePort":30001}]},
        "status":{"loadBalancer":{"ingress":[{"ip":"3.4.5.6"},{"hostname":"lb.example.com"},{"ip":"2.3.4.5"}]}}})"
                                           << "LoadBalancer" << "10.96.0.23" << "2.3.4.5,3.4.5.6,lb.example.com,5.6.7.8"
                                           << "80:30001/TCP";
    QTest::addRow("external-ips") << R"({"spec":{"clusterIPs":["10.96.0.24"],"externalIPs":["1.2.3.4","4.3.2.1"],
        "ports":[{"port":80}]}})"
                                  << "ClusterIP" << "10.96.0.24" << "1.2.3.4,4.3.2.1" << "80/TCP";
    QTest::addRow("headless-no-ports") << R"({"spec":{"type":"ClusterIP","clusterIP":"None","clusterIPs":["None"]}})"
                                       << "ClusterIP" << "None" << "<none>" << "<none>";
    QTest::addRow("external-name") << R"({"spec":{"type":"ExternalName","externalName":"db.example.com"}})"
                                   << "ExternalName" << "<none>" << "db.example.com" << "<none>";
}

void TestPrinters::serviceCells()
{
    QFETCH(QString, service);
    QFETCH(QString, type);
    QFETCH(QString, clusterIp);
    QFETCH(QString, externalIp);
    QFETCH(QString, ports);
    auto engine = openLab();
    Json object = parse(*engine, service.toUtf8().constData());
    const auto cells = cli::detail::printerFor("Service").row(*engine, object);
    QCOMPARE(QString::fromStdString(cells[1]), type);
    QCOMPARE(QString::fromStdString(cells[2]), clusterIp);
    QCOMPARE(QString::fromStdString(cells[3]), externalIp);
    QCOMPARE(QString::fromStdString(cells[4]), ports);
}

void TestPrinters::endpointsCells_data()
{
    QTest::addColumn<QString>("endpoints");
    QTest::addColumn<QString>("expected");

    QTest::addRow("none") << R"({})" << "<none>";
    QTest::addRow("one") << R"({"subsets":[{"addresses":[{"ip":"10.244.1.5"}],"ports":[{"port":8080}]}]})"
                         << "10.244.1.5:8080";
    QTest::addRow("three") << R"({"subsets":[{"addresses":[{"ip":"10.244.1.5"},{"ip":"10.244.2.6"},{"ip":"10.244.3.7"}],
        "ports":[{"port":80}]}]})"
                           << "10.244.1.5:80,10.244.2.6:80,10.244.3.7:80";
    QTest::addRow("more") << R"({"subsets":[{"addresses":[{"ip":"10.244.1.5"},{"ip":"10.244.2.6"},{"ip":"10.244.3.7"},
        {"ip":"10.244.1.8"},{"ip":"10.244.2.9"}],"ports":[{"port":80}]}]})"
                          << "10.244.1.5:80,10.244.2.6:80,10.244.3.7:80 + 2 more...";
    QTest::addRow("ports-times-addresses") << R"({"subsets":[{"addresses":[{"ip":"1.1.1.1"},{"ip":"2.2.2.2"}],
        "ports":[{"name":"http","port":80},{"name":"https","port":443}]}]})"
                                           << "1.1.1.1:80,2.2.2.2:80,1.1.1.1:443 + 1 more...";
    QTest::addRow("headless-without-ports") << R"({"subsets":[{"addresses":[{"ip":"10.244.1.5"},{"ip":"10.244.2.6"}]}]})"
                                            << "10.244.1.5,10.244.2.6";
    QTest::addRow("ipv6") << R"({"subsets":[{"addresses":[{"ip":"fd00::5"}],"ports":[{"port":80}]}]})"
                          << "[fd00::5]:80";
    QTest::addRow("not-ready-only") << R"({"subsets":[{"notReadyAddresses":[{"ip":"10.244.1.5"}],"ports":[{"port":80}]}]})"
                                    << "";
}

void TestPrinters::endpointsCells()
{
    QFETCH(QString, endpoints);
    QFETCH(QString, expected);
    auto engine = openLab();
    Json object = parse(*engine, endpoints.toUtf8().constData());
    const auto cells = cli::detail::printerFor("Endpoints").row(*engine, object);
    QCOMPARE(QString::fromStdString(cells[1]), expected);
}

void TestPrinters::hpaTargets_data()
{
    QTest::addColumn<QString>("hpa");
    QTest::addColumn<QString>("expected");

    QTest::addRow("no-metrics") << R"({"spec":{}})" << "<none>";
    QTest::addRow("cpu-unknown") << R"({"spec":{"metrics":[{"type":"Resource","resource":{"name":"cpu",
        "target":{"type":"Utilization","averageUtilization":50}}}]}})"
                                 << "cpu: <unknown>/50%";
    QTest::addRow("cpu-current") << R"({"spec":{"metrics":[{"type":"Resource","resource":{"name":"cpu",
        "target":{"type":"Utilization","averageUtilization":50}}}]},
        "status":{"currentMetrics":[{"type":"Resource","resource":{"name":"cpu",
        "current":{"averageUtilization":45,"averageValue":"45m"}}}]}})"
                                 << "cpu: 45%/50%";
    QTest::addRow("memory-average-value") << R"({"spec":{"metrics":[{"type":"Resource","resource":{"name":"memory",
        "target":{"type":"AverageValue","averageValue":"100Mi"}}}]},
        "status":{"currentMetrics":[{"type":"Resource","resource":{"name":"memory","current":{"averageValue":"52428800"}}}]}})"
                                          << "memory: 52428800/100Mi";
    QTest::addRow("three-metrics") << R"({"spec":{"metrics":[
        {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}},
        {"type":"Resource","resource":{"name":"memory","target":{"type":"Utilization","averageUtilization":70}}},
        {"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"10"}}}]}})"
                                   << "cpu: <unknown>/50%, memory: <unknown>/70% + 1 more...";
}

void TestPrinters::hpaTargets()
{
    QFETCH(QString, hpa);
    QFETCH(QString, expected);
    auto engine = openLab();
    Json object = parse(*engine, hpa.toUtf8().constData());
    const auto cells = cli::detail::printerFor("HorizontalPodAutoscaler").row(*engine, object);
    QCOMPARE(QString::fromStdString(cells[2]), expected);
}

namespace {

/// Flags of a table case, as kubectl's: `wide`, `A` (all namespaces), `labels`
/// (--show-labels), `kind` (several kinds asked for), `noheaders`, `L=key,key`.
cli::TableOptions tableOptions(const QString& flags)
{
    cli::TableOptions options;
    for (const QString& flag : flags.split(' ', Qt::SkipEmptyParts)) {
        if (flag == "wide")
            options.wide = true;
        else if (flag == "A")
            options.allNamespaces = true;
        else if (flag == "labels")
            options.showLabels = true;
        else if (flag == "kind")
            options.withKind = true;
        else if (flag == "noheaders")
            options.noHeaders = true;
        else if (flag.startsWith("L="))
            for (const QString& key : flag.mid(2).split(','))
                options.labelColumns.push_back(key.toStdString());
    }
    return options;
}

} // namespace

void TestPrinters::tables_data()
{
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("flags");
    QTest::addColumn<QString>("objects");

    const char* pods = R"([
      {"metadata":{"name":"web-7c5ddbdf54-2xkqp","namespace":"default","creationTimestamp":"ago:3h",
        "labels":{"app":"web","pod-template-hash":"7c5ddbdf54"}},
       "spec":{"nodeName":"node-1","containers":[{"name":"nginx","image":"nginx:1.25"}]},
       "status":{"phase":"Running","podIP":"10.244.1.4","podIPs":[{"ip":"10.244.1.4"}],
        "conditions":[{"type":"Ready","status":"True"}],
        "containerStatuses":[{"name":"nginx","ready":true,"restartCount":0,"state":{"running":{}}}]}},
      {"metadata":{"name":"api","namespace":"shop","creationTimestamp":"ago:200s","labels":{"app":"api","tier":"backend"}},
       "spec":{"nodeName":"node-2","containers":[{"name":"api","image":"shop/api:2"},{"name":"log","image":"busybox"}],
        "readinessGates":[{"conditionType":"example.com/lb"}]},
       "status":{"phase":"Running","podIP":"10.244.2.7",
        "conditions":[{"type":"example.com/lb","status":"True"}],
        "containerStatuses":[{"name":"api","restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
                              "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"ago:45s"}}},
                             {"name":"log","ready":true,"state":{"running":{}}}]}},
      {"metadata":{"name":"pending","namespace":"default","creationTimestamp":"ago:10s"},
       "spec":{"containers":[{"name":"big","image":"nginx"}]},
       "status":{"phase":"Pending","nominatedNodeName":"node-3",
        "conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable"}]}}
    ])";
    QTest::addRow("pods") << "pods" << "" << pods;
    QTest::addRow("pods-wide") << "pods" << "wide" << pods;
    QTest::addRow("pods-all-namespaces") << "pods" << "A" << pods;
    QTest::addRow("pods-show-labels") << "pods" << "labels" << pods;
    QTest::addRow("pods-label-columns") << "pods" << "L=app,app.kubernetes.io/tier,tier" << pods;
    QTest::addRow("pods-with-kind-no-headers") << "pods" << "kind noheaders" << pods;
    QTest::addRow("pods-none") << "pods" << "" << "[]";

    const char* nodes = R"([
      {"metadata":{"name":"control-plane","creationTimestamp":"ago:30d",
        "labels":{"node-role.kubernetes.io/control-plane":"","kubernetes.io/hostname":"control-plane"}},
       "spec":{"taints":[{"key":"node-role.kubernetes.io/control-plane","effect":"NoSchedule"}]},
       "status":{"conditions":[{"type":"Ready","status":"True"}],
        "addresses":[{"type":"InternalIP","address":"172.18.0.2"},{"type":"Hostname","address":"control-plane"}],
        "nodeInfo":{"kubeletVersion":"v1.31.0","osImage":"Ubuntu 24.04.1 LTS",
         "kernelVersion":"6.8.0-45-generic","containerRuntimeVersion":"containerd://1.7.18"}}},
      {"metadata":{"name":"node-1","creationTimestamp":"ago:2d"},
       "spec":{"unschedulable":true},
       "status":{"conditions":[{"type":"Ready","status":"True"}],
        "addresses":[{"type":"InternalIP","address":"172.18.0.3"},{"type":"ExternalIP","address":"34.1.2.3"}],
        "nodeInfo":{"kubeletVersion":"v1.31.0","osImage":"Ubuntu 24.04.1 LTS",
         "kernelVersion":"6.8.0-45-generic","containerRuntimeVersion":"containerd://1.7.18"}}},
      {"metadata":{"name":"node-2","creationTimestamp":"ago:303m"},
       "status":{"conditions":[{"type":"Ready","status":"Unknown"}],"nodeInfo":{"kubeletVersion":"v1.31.0"}}}
    ])";
    QTest::addRow("nodes") << "nodes" << "" << nodes;
    QTest::addRow("nodes-wide") << "nodes" << "wide" << nodes;
    QTest::addRow("nodes-all-namespaces-ignored") << "nodes" << "A" << nodes;

    const char* deployments = R"([
      {"metadata":{"name":"web","namespace":"default","creationTimestamp":"ago:10m","labels":{"app":"web"}},
       "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
        "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"},{"name":"sidecar","image":"busybox:1.36"}]}}},
       "status":{"replicas":3,"updatedReplicas":3,"readyReplicas":2,"availableReplicas":2}},
      {"metadata":{"name":"coredns","namespace":"kube-system","creationTimestamp":"ago:30d"},
       "spec":{"replicas":2,"selector":{"matchLabels":{"k8s-app":"kube-dns"}},
        "template":{"spec":{"containers":[{"name":"coredns","image":"registry.k8s.io/coredns/coredns:v1.11.3"}]}}},
       "status":{"replicas":2,"updatedReplicas":2,"readyReplicas":2,"availableReplicas":2}},
      {"metadata":{"name":"empty","namespace":"default","creationTimestamp":"ago:5s"},
       "spec":{"replicas":0,"selector":{"matchExpressions":[{"key":"tier","operator":"In","values":["b","a"]}]},
        "template":{"spec":{"containers":[{"name":"x","image":"x"}]}}},
       "status":{}}
    ])";
    QTest::addRow("deployments") << "deployments" << "" << deployments;
    QTest::addRow("deployments-wide-all") << "deployments" << "wide A" << deployments;
    QTest::addRow("deployments-with-kind") << "deployments" << "kind" << deployments;

    const char* replicaSets = R"([
      {"metadata":{"name":"web-7c5ddbdf54","namespace":"default","creationTimestamp":"ago:10m"},
       "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web","pod-template-hash":"7c5ddbdf54"}},
        "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}},
       "status":{"replicas":3,"readyReplicas":3}},
      {"metadata":{"name":"web-5d4f8b7c9","namespace":"default","creationTimestamp":"ago:2h"},
       "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web","pod-template-hash":"5d4f8b7c9"}},
        "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.24"}]}}},
       "status":{"replicas":0}}
    ])";
    QTest::addRow("replicasets") << "replicasets" << "" << replicaSets;
    QTest::addRow("replicasets-wide") << "replicasets" << "wide" << replicaSets;

    const char* services = R"([
      {"metadata":{"name":"kubernetes","namespace":"default","creationTimestamp":"ago:30d",
        "labels":{"component":"apiserver","provider":"kubernetes"}},
       "spec":{"type":"ClusterIP","clusterIP":"10.96.0.1","clusterIPs":["10.96.0.1"],
        "ports":[{"name":"https","port":443,"protocol":"TCP","targetPort":6443}]}},
      {"metadata":{"name":"web","namespace":"default","creationTimestamp":"ago:5m"},
       "spec":{"type":"NodePort","clusterIPs":["10.96.120.7"],"selector":{"app":"web"},
        "ports":[{"port":80,"protocol":"TCP","targetPort":80,"nodePort":30080}]}},
      {"metadata":{"name":"shop","namespace":"default","creationTimestamp":"ago:90s"},
       "spec":{"type":"LoadBalancer","clusterIPs":["10.96.8.9"],"selector":{"tier":"front","app":"shop"},
        "ports":[{"port":443,"protocol":"TCP","nodePort":31443},{"port":80,"protocol":"TCP","nodePort":31080}]}}
    ])";
    QTest::addRow("services") << "services" << "" << services;
    QTest::addRow("services-wide") << "services" << "wide" << services;

    QTest::addRow("namespaces") << "namespaces" << "" << R"([
      {"metadata":{"name":"default","creationTimestamp":"ago:30d"},"status":{"phase":"Active"}},
      {"metadata":{"name":"kube-node-lease","creationTimestamp":"ago:30d"},"status":{"phase":"Active"}},
      {"metadata":{"name":"old","creationTimestamp":"ago:3m","deletionTimestamp":"ago:1s"},"status":{"phase":"Terminating"}}
    ])";

    QTest::addRow("endpoints") << "endpoints" << "" << R"([
      {"metadata":{"name":"kubernetes","namespace":"default","creationTimestamp":"ago:30d"},
       "subsets":[{"addresses":[{"ip":"172.18.0.2"}],"ports":[{"name":"https","port":6443,"protocol":"TCP"}]}]},
      {"metadata":{"name":"web","namespace":"default","creationTimestamp":"ago:5m"},
       "subsets":[{"addresses":[{"ip":"10.244.1.4"},{"ip":"10.244.2.5"},{"ip":"10.244.1.6"},{"ip":"10.244.2.8"}],
        "ports":[{"port":80,"protocol":"TCP"}]}]},
      {"metadata":{"name":"nothing","namespace":"default","creationTimestamp":"ago:1m"}}
    ])";

    QTest::addRow("events") << "events" << "" << R"([
      {"metadata":{"name":"web-1.17e2a","namespace":"default","creationTimestamp":"ago:2m"},
       "involvedObject":{"kind":"Pod","name":"web-1","namespace":"default","fieldPath":"spec.containers{nginx}"},
       "reason":"Pulled","message":"Container image \"nginx:1.25\" already present on machine\n","type":"Normal",
       "source":{"component":"kubelet","host":"node-1"},"firstTimestamp":"ago:2m","lastTimestamp":"ago:2m","count":1},
      {"metadata":{"name":"web-1.17e2b","namespace":"default","creationTimestamp":"ago:10m"},
       "involvedObject":{"kind":"Pod","name":"web-1","namespace":"default"},
       "reason":"BackOff","message":"Back-off restarting failed container","type":"Warning",
       "source":{"component":"kubelet","host":"node-1"},"firstTimestamp":"ago:10m","lastTimestamp":"ago:30s","count":7},
      {"metadata":{"name":"node-1.17e2c","namespace":"default","creationTimestamp":"ago:5m"},
       "involvedObject":{"kind":"Node","name":"node-1"},
       "reason":"RegisteredNode","message":"Node node-1 event: Registered Node node-1 in Controller","type":"Normal",
       "reportingComponent":"node-controller","eventTime":"ago:5m"}
    ])";

    QTest::addRow("configmaps") << "configmaps" << "" << R"([
      {"metadata":{"name":"kube-root-ca.crt","namespace":"default","creationTimestamp":"ago:30d"},"data":{"ca.crt":"x"}},
      {"metadata":{"name":"settings","namespace":"default","creationTimestamp":"ago:1m"},
       "data":{"a":"1","b":"2"},"binaryData":{"c":"AAE="}}
    ])";
    QTest::addRow("secrets") << "secrets" << "" << R"([
      {"metadata":{"name":"db","namespace":"default","creationTimestamp":"ago:1m"},"type":"Opaque",
       "data":{"user":"YWRtaW4=","password":"c2VjcmV0"}},
      {"metadata":{"name":"tls","namespace":"default","creationTimestamp":"ago:1m"},"type":"kubernetes.io/tls",
       "data":{"tls.crt":"","tls.key":""}}
    ])";
    QTest::addRow("serviceaccounts") << "serviceaccounts" << "" << R"([
      {"metadata":{"name":"default","namespace":"default","creationTimestamp":"ago:30d"}}
    ])";

    QTest::addRow("jobs-wide") << "jobs" << "wide" << R"([
      {"metadata":{"name":"pi","namespace":"default","creationTimestamp":"ago:5m"},
       "spec":{"completions":1,"parallelism":1,"selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"c1"}},
        "template":{"spec":{"containers":[{"name":"pi","image":"perl:5.34.0"}]}}},
       "status":{"succeeded":1,"startTime":"ago:5m","completionTime":"ago:255s",
        "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}},
      {"metadata":{"name":"work","namespace":"default","creationTimestamp":"ago:2m"},
       "spec":{"parallelism":3,"template":{"spec":{"containers":[{"name":"w","image":"busybox"}]}}},
       "status":{"active":3,"startTime":"ago:2m"}},
      {"metadata":{"name":"broken","namespace":"default","creationTimestamp":"ago:1h"},
       "spec":{"completions":3,"template":{"spec":{"containers":[{"name":"b","image":"busybox"}]}}},
       "status":{"failed":7,"succeeded":1,"startTime":"ago:1h",
        "conditions":[{"type":"FailureTarget","status":"True"},{"type":"Failed","status":"True"}]}},
      {"metadata":{"name":"paused","namespace":"default","creationTimestamp":"ago:1m"},
       "spec":{"completions":2,"suspend":true,"template":{"spec":{"containers":[{"name":"p","image":"busybox"}]}}},
       "status":{"conditions":[{"type":"Suspended","status":"True"}]}}
    ])";
    QTest::addRow("cronjobs") << "cronjobs" << "" << R"([
      {"metadata":{"name":"hello","namespace":"default","creationTimestamp":"ago:1h"},
       "spec":{"schedule":"*/5 * * * *","suspend":false,
        "jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"hello","image":"busybox"}]}}}}},
       "status":{"active":[{"name":"hello-29000000"}],"lastScheduleTime":"ago:70s"}},
      {"metadata":{"name":"nightly","namespace":"default","creationTimestamp":"ago:2d"},
       "spec":{"schedule":"0 3 * * *","timeZone":"Europe/Paris","suspend":true,
        "jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"n","image":"busybox"}]}}}}}}
    ])";
    QTest::addRow("daemonsets-wide") << "daemonsets" << "wide" << R"([
      {"metadata":{"name":"kube-proxy","namespace":"kube-system","creationTimestamp":"ago:30d"},
       "spec":{"selector":{"matchLabels":{"k8s-app":"kube-proxy"}},
        "template":{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},
         "containers":[{"name":"kube-proxy","image":"registry.k8s.io/kube-proxy:v1.31.0"}]}}},
       "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":3,"updatedNumberScheduled":3,
        "numberAvailable":3}}
    ])";
    QTest::addRow("statefulsets") << "statefulsets" << "" << R"([
      {"metadata":{"name":"db","namespace":"default","creationTimestamp":"ago:7m"},
       "spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"pg","image":"postgres:16"}]}}},
       "status":{"replicas":2,"readyReplicas":1}}
    ])";
    QTest::addRow("hpa") << "hpa" << "" << R"([
      {"metadata":{"name":"web","namespace":"default","creationTimestamp":"ago:4m"},
       "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,
        "maxReplicas":10,"metrics":[{"type":"Resource","resource":{"name":"cpu",
        "target":{"type":"Utilization","averageUtilization":50}}}]},
       "status":{"currentReplicas":3,"desiredReplicas":3,"currentMetrics":[{"type":"Resource",
        "resource":{"name":"cpu","current":{"averageUtilization":45,"averageValue":"45m"}}}]}},
      {"metadata":{"name":"api","namespace":"default","creationTimestamp":"ago:10s"},
       "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"api"},"minReplicas":2,
        "maxReplicas":5,"metrics":[{"type":"Resource","resource":{"name":"cpu",
        "target":{"type":"Utilization","averageUtilization":80}}}]},
       "status":{"currentReplicas":0,"desiredReplicas":0}}
    ])";
    QTest::addRow("pv") << "pv" << "" << R"([
      {"metadata":{"name":"pv-data","creationTimestamp":"ago:1h"},
       "spec":{"capacity":{"storage":"10Gi"},"accessModes":["ReadWriteMany","ReadWriteOnce"],
        "persistentVolumeReclaimPolicy":"Retain","storageClassName":"standard",
        "claimRef":{"namespace":"default","name":"data"},"hostPath":{"path":"/data"}},
       "status":{"phase":"Bound"}},
      {"metadata":{"name":"pv-free","creationTimestamp":"ago:2h"},
       "spec":{"capacity":{"storage":"5368709120"},"accessModes":["ReadWriteOnce"],
        "persistentVolumeReclaimPolicy":"Delete","volumeMode":"Filesystem"},
       "status":{"phase":"Available"}}
    ])";
    QTest::addRow("pvc") << "pvc" << "wide" << R"([
      {"metadata":{"name":"data","namespace":"default","creationTimestamp":"ago:1h"},
       "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},
        "storageClassName":"standard","volumeName":"pv-data","volumeMode":"Filesystem"},
       "status":{"phase":"Bound","accessModes":["ReadWriteMany","ReadWriteOnce"],"capacity":{"storage":"10Gi"}}},
      {"metadata":{"name":"waiting","namespace":"default","creationTimestamp":"ago:3m"},
       "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"storageClassName":"fast"},
       "status":{"phase":"Pending"}}
    ])";
    QTest::addRow("storageclasses") << "storageclasses" << "" << R"([
      {"metadata":{"name":"standard","creationTimestamp":"ago:30d",
        "annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
       "provisioner":"rancher.io/local-path","reclaimPolicy":"Delete","volumeBindingMode":"WaitForFirstConsumer"},
      {"metadata":{"name":"fast","creationTimestamp":"ago:1d"},"provisioner":"example.com/ssd",
       "allowVolumeExpansion":true}
    ])";
    QTest::addRow("ingresses") << "ingresses" << "" << R"([
      {"metadata":{"name":"shop","namespace":"default","creationTimestamp":"ago:1m"},
       "spec":{"ingressClassName":"nginx","rules":[{"host":"shop.example.com"},{"host":"api.example.com"},
        {"http":{}},{"host":"a.example.com"},{"host":"b.example.com"}],"tls":[{"hosts":["shop.example.com"]}]},
       "status":{"loadBalancer":{"ingress":[{"ip":"172.18.0.10"}]}}},
      {"metadata":{"name":"any","namespace":"default","creationTimestamp":"ago:1m"},"spec":{"rules":[{"http":{}}]}}
    ])";
    QTest::addRow("networkpolicies") << "networkpolicies" << "" << R"([
      {"metadata":{"name":"deny-all","namespace":"default","creationTimestamp":"ago:1m"},"spec":{"podSelector":{}}},
      {"metadata":{"name":"api","namespace":"default","creationTimestamp":"ago:1m"},
       "spec":{"podSelector":{"matchLabels":{"app":"api"}}}}
    ])";
    QTest::addRow("rolebindings-wide") << "rolebindings" << "wide" << R"([
      {"metadata":{"name":"read-pods","namespace":"default","creationTimestamp":"ago:1m"},
       "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"pod-reader"},
       "subjects":[{"kind":"User","name":"jane"},{"kind":"User","name":"joe"},{"kind":"Group","name":"devs"},
        {"kind":"ServiceAccount","name":"ci","namespace":"build"}]}
    ])";
    QTest::addRow("clusterroles") << "clusterroles" << "" << R"([
      {"metadata":{"name":"admin","creationTimestamp":"2025-01-01T00:00:00Z"}},
      {"metadata":{"name":"pod-reader","creationTimestamp":"ago:1m"}}
    ])";
    QTest::addRow("resourcequotas") << "resourcequotas" << "" << R"([
      {"metadata":{"name":"compute","namespace":"default","creationTimestamp":"ago:1m"},
       "status":{"hard":{"requests.cpu":"1","requests.memory":"1Gi","limits.cpu":"2","limits.memory":"2Gi","pods":"4"},
        "used":{"requests.cpu":"500m","limits.cpu":"1","pods":"1"}}}
    ])";
    QTest::addRow("priorityclasses-wide") << "priorityclasses" << "wide" << R"([
      {"metadata":{"name":"system-cluster-critical","creationTimestamp":"ago:30d"},"value":2000000000,
       "globalDefault":false,"preemptionPolicy":"PreemptLowerPriority"},
      {"metadata":{"name":"low","creationTimestamp":"ago:1m"},"value":-10,"globalDefault":true}
    ])";
    QTest::addRow("leases") << "leases" << "" << R"([
      {"metadata":{"name":"node-1","namespace":"kube-node-lease","creationTimestamp":"ago:2d"},
       "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40}}
    ])";
    QTest::addRow("poddisruptionbudgets") << "pdb" << "" << R"([
      {"metadata":{"name":"web","namespace":"default","creationTimestamp":"ago:1m"},
       "spec":{"minAvailable":2},"status":{"disruptionsAllowed":1}},
      {"metadata":{"name":"api","namespace":"default","creationTimestamp":"ago:1m"},
       "spec":{"maxUnavailable":"25%"},"status":{"disruptionsAllowed":0}}
    ])";
    QTest::addRow("endpointslices") << "endpointslices" << "" << R"([
      {"metadata":{"name":"web-abcde","namespace":"default","creationTimestamp":"ago:1m"},"addressType":"IPv4",
       "ports":[{"name":"","port":80,"protocol":"TCP"}],
       "endpoints":[{"addresses":["10.244.1.4"]},{"addresses":["10.244.2.5"]},{"addresses":["10.244.1.6"]},
        {"addresses":["10.244.2.7"]}]},
      {"metadata":{"name":"empty-xyz","namespace":"default","creationTimestamp":"ago:1m"},"addressType":"IPv4"}
    ])";
    QTest::addRow("limitranges") << "limitranges" << "" << R"([
      {"metadata":{"name":"defaults","namespace":"default","creationTimestamp":"2025-01-31T00:00:00Z"}}
    ])";
    QTest::addRow("ingressclasses") << "ingressclasses" << "" << R"([
      {"metadata":{"name":"nginx","creationTimestamp":"ago:1h"},"spec":{"controller":"k8s.io/ingress-nginx",
       "parameters":{"apiGroup":"k8s.example.com","kind":"IngressParameters","name":"external-lb"}}}
    ])";
}

void TestPrinters::tables()
{
    QFETCH(QString, resource);
    QFETCH(QString, flags);
    QFETCH(QString, objects);
    auto engine = openLab();
    const core::ResourceInfo* info = core::findResource(resource.toStdString());
    QVERIFY(info);
    Json list = parse(*engine, objects.toUtf8().constData());
    std::vector<core::ObjectPtr> pointers;
    for (Json& object : list) {
        object["kind"] = std::string(info->kind);
        pointers.push_back(std::make_shared<const Json>(std::move(object)));
    }
    compareGolden(QString::fromUtf8(QTest::currentDataTag()),
                  cli::printTable(*engine, *info, pointers, tableOptions(flags)));
}

QTEST_APPLESS_MAIN(TestPrinters)
#include "tst_printers.moc"

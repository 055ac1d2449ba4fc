// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's plugins/nodeports/node_ports_test.go (TestNodePorts, TestFits,
// TestPreFilterDisabled). Ports are written `PROTOCOL/hostIP/hostPort` as upstream's newPod.
#include <QTest>

#include <string>
#include <vector>

#include "core/scheduler/cyclestate.h"
#include "core/scheduler/plugins/nodeports.h"
#include "support/builders.h"
#include "support/schedulertesting.h"

using namespace kubelab;
using kubelab::testing::FakeHandle;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;

Q_DECLARE_METATYPE(PodBuilder)
Q_DECLARE_METATYPE(scheduler::Code)

namespace {

PodBuilder newPod(const QStringList& ports)
{
    PodBuilder p("pod");
    p.container("registry.k8s.io/pause:3.9");
    for (const QString& port : ports) {
        const QStringList parts = port.split('/');
        p.hostPort(parts[2].toInt(), parts[0].toStdString(), parts[1].toStdString());
    }
    return p;
}

PodBuilder sidecarWithPort(bool sidecar)
{
    PodBuilder p("pod");
    p.set("/spec/initContainers",
          core::Json::array({{{"name", "init"},
                              {"image", "registry.k8s.io/pause:3.9"},
                              {"ports", {{{"containerPort", 8001}, {"hostPort", 8001}, {"protocol", "TCP"}}}}}}));
    if (sidecar)
        p.set("/spec/initContainers/0/restartPolicy", "Always");
    return p;
}

} // namespace

class TestNodePorts : public QObject {
    Q_OBJECT

private slots:
    void nodePorts_data();
    void nodePorts();
    void filterWithoutPreFilter();
    void hostNetworkDefaultsHostPort();
};

void TestNodePorts::nodePorts_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<QStringList>("existing");
    QTest::addColumn<scheduler::Code>("preFilter");
    QTest::addColumn<scheduler::Code>("filter");

    using C = scheduler::Code;
    QTest::addRow("skip filter") << PodBuilder("pod") << QStringList{} << C::Skip << C::Success;
    QTest::addRow("other port") << newPod({"UDP/127.0.0.1/8080"}) << QStringList{"UDP/127.0.0.1/9090"} << C::Success
                                << C::Success;
    QTest::addRow("same udp port") << newPod({"UDP/127.0.0.1/8080"}) << QStringList{"UDP/127.0.0.1/8080"} << C::Success
                                   << C::Unschedulable;
    QTest::addRow("same tcp port") << newPod({"TCP/127.0.0.1/8080"}) << QStringList{"TCP/127.0.0.1/8080"} << C::Success
                                   << C::Unschedulable;
    QTest::addRow("different host ip") << newPod({"TCP/127.0.0.1/8080"}) << QStringList{"TCP/127.0.0.2/8080"}
                                       << C::Success << C::Success;
    QTest::addRow("different protocol") << newPod({"UDP/127.0.0.1/8080"}) << QStringList{"TCP/127.0.0.1/8080"}
                                        << C::Success << C::Success;
    QTest::addRow("second udp port conflict") << newPod({"UDP/127.0.0.1/8000", "UDP/127.0.0.1/8080"})
                                              << QStringList{"UDP/127.0.0.1/8080"} << C::Success << C::Unschedulable;
    QTest::addRow("first tcp port conflict") << newPod({"TCP/127.0.0.1/8001", "UDP/127.0.0.1/8080"})
                                             << QStringList{"TCP/127.0.0.1/8001", "UDP/127.0.0.1/8081"} << C::Success
                                             << C::Unschedulable;
    QTest::addRow("first tcp port conflict due to 0.0.0.0 hostIP")
        << newPod({"TCP/0.0.0.0/8001"}) << QStringList{"TCP/127.0.0.1/8001"} << C::Success << C::Unschedulable;
    QTest::addRow("TCP hostPort conflict due to 0.0.0.0 hostIP")
        << newPod({"TCP/10.0.10.10/8001", "TCP/0.0.0.0/8001"}) << QStringList{"TCP/127.0.0.1/8001"} << C::Success
        << C::Unschedulable;
    QTest::addRow("second tcp port conflict to 0.0.0.0 hostIP")
        << newPod({"TCP/127.0.0.1/8001"}) << QStringList{"TCP/0.0.0.0/8001"} << C::Success << C::Unschedulable;
    QTest::addRow("second different protocol") << newPod({"UDP/127.0.0.1/8001"}) << QStringList{"TCP/0.0.0.0/8001"}
                                               << C::Success << C::Success;
    QTest::addRow("UDP hostPort conflict due to 0.0.0.0 hostIP")
        << newPod({"UDP/127.0.0.1/8001"}) << QStringList{"TCP/0.0.0.0/8001", "UDP/0.0.0.0/8001"} << C::Success
        << C::Unschedulable;
    QTest::addRow("non-sidecar initContainer using hostPort") << sidecarWithPort(false) << QStringList{"TCP/0.0.0.0/8001"}
                                                              << C::Skip << C::Success;
    QTest::addRow("TCP hostPort conflict from sidecar initContainer")
        << sidecarWithPort(true) << QStringList{"TCP/0.0.0.0/8001"} << C::Success << C::Unschedulable;
    // TestFits.
    QTest::addRow("multiple non-conflicting ports")
        << newPod({"TCP/127.0.0.1/80", "TCP/127.0.1.1/80", "TCP/127.0.1.1/90", "TCP/127.0.1.1/100"})
        << QStringList{"TCP/127.0.0.1/9090", "TCP/127.0.0.1/9191", "TCP/127.0.1.1/8080"} << C::Success << C::Success;
    QTest::addRow("multiple ports, some conflicting")
        << newPod({"TCP/127.0.0.1/80", "TCP/127.0.1.1/80", "TCP/127.0.1.1/90", "TCP/127.0.1.1/100"})
        << QStringList{"TCP/127.0.0.1/9090", "TCP/127.0.1.1/90", "TCP/127.0.1.1/8080"} << C::Success << C::Unschedulable;
}

void TestNodePorts::nodePorts()
{
    QFETCH(PodBuilder, pod);
    QFETCH(QStringList, existing);
    QFETCH(scheduler::Code, preFilter);
    QFETCH(scheduler::Code, filter);

    FakeHandle handle;
    handle.mutableSnapshot().setNode(NodeBuilder("m1").pods(110).ptr());
    handle.mutableSnapshot().setPod(newPod(existing).name("existing").node("m1").ptr());
    auto created = scheduler::NodePorts::create(core::Json::object(), handle);
    auto* plugin = dynamic_cast<scheduler::NodePorts*>(created->get());
    const core::Pod p = pod.build();
    scheduler::CycleState state;
    scheduler::PreFilterResult result;
    const scheduler::Status pre = plugin->preFilter(state, p, result);
    QCOMPARE(pre.code(), preFilter);
    if (pre.isSkip())
        return;
    const scheduler::Status s = plugin->filter(state, p, *handle.mutableSnapshot().get("m1"));
    QCOMPARE(s.code(), filter);
    if (!s.isSuccess())
        QCOMPARE(s.message(), std::string("node(s) didn't have free ports for the requested pod ports"));
}

void TestNodePorts::filterWithoutPreFilter()
{
    FakeHandle handle;
    handle.mutableSnapshot().setNode(NodeBuilder("m1").ptr());
    auto created = scheduler::NodePorts::create(core::Json::object(), handle);
    auto* plugin = dynamic_cast<scheduler::NodePorts*>(created->get());
    scheduler::CycleState state;
    QCOMPARE(plugin->filter(state, PodBuilder("p").build(), *handle.mutableSnapshot().get("m1")).code(),
             scheduler::Code::Error);
}

void TestNodePorts::hostNetworkDefaultsHostPort()
{
    // API defaulting: with hostNetwork, a container port is also a host port.
    const core::Pod p = PodBuilder("p")
                            .set("/spec/hostNetwork", true)
                            .set("/spec/containers", core::Json::array({{{"name", "c"}, {"ports", {{{"containerPort", 53}, {"protocol", "UDP"}}}}}}))
                            .build();
    QCOMPARE(scheduler::hostPortsOf(p).size(), std::size_t(1));
    QCOMPARE(scheduler::hostPortsOf(p).front()->hostPort, 53);
}

QTEST_APPLESS_MAIN(TestNodePorts)
#include "tst_nodeports.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's plugins/noderesources/balanced_allocation_test.go
// (TestNodeResourcesBalancedAllocation). `makeNode(name, milliCPU, memory, extended)` sets
// capacity and allocatable. v1.31 scores best-effort pods too (the PreScore skip for them
// came in v1.33), so the "nothing requested" case scores 100 here.
#include <QTest>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/scheduler/cyclestate.h"
#include "core/scheduler/plugins/noderesourcesbalancedallocation.h"
#include "support/builders.h"
#include "support/schedulertesting.h"

using namespace kubelab;
using kubelab::testing::FakeHandle;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;
using Nodes = std::vector<NodeBuilder>;
using Pods = std::vector<PodBuilder>;
using Scores = std::vector<std::int64_t>;

Q_DECLARE_METATYPE(Nodes)
Q_DECLARE_METATYPE(Pods)
Q_DECLARE_METATYPE(Scores)
Q_DECLARE_METATYPE(PodBuilder)
Q_DECLARE_METATYPE(core::Json)

namespace {

NodeBuilder makeNode(const std::string& name, std::int64_t milliCpu, std::int64_t memory, std::int64_t gpus = -1)
{
    NodeBuilder n(name);
    n.capacity("cpu", std::to_string(milliCpu) + "m").capacity("memory", std::to_string(memory)).capacity("pods", "100");
    if (gpus >= 0)
        n.capacity("nvidia.com/gpu", std::to_string(gpus));
    return n;
}

PodBuilder cpuAndMemory(const std::string& node = {})
{
    PodBuilder p;
    p.containerRequests({{"cpu", "1000m"}, {"memory", "2000"}}).containerRequests({{"cpu", "2000m"}, {"memory", "3000"}});
    if (!node.empty())
        p.node(node);
    return p;
}

PodBuilder cpuOnly(const std::string& node = {})
{
    PodBuilder p;
    p.containerRequests({{"cpu", "1000m"}, {"memory", "0"}}).containerRequests({{"cpu", "2000m"}, {"memory", "0"}});
    if (!node.empty())
        p.node(node);
    return p;
}

PodBuilder cpuAndMemoryAndGpu(const std::string& node)
{
    PodBuilder p;
    p.containerRequests({{"cpu", "1000m"}, {"memory", "2000"}})
        .containerRequests({{"cpu", "2000m"}, {"memory", "3000"}, {"nvidia.com/gpu", "3"}})
        .node(node);
    return p;
}

core::Json resources(const std::vector<std::string>& names)
{
    core::Json list = core::Json::array();
    for (const std::string& n : names)
        list.push_back({{"name", n}, {"weight", 1}});
    return core::Json{{"resources", list}};
}

} // namespace

class TestNodeResourcesBalancedAllocation : public QObject {
    Q_OBJECT

private slots:
    void score_data();
    void score();
};

void TestNodeResourcesBalancedAllocation::score_data()
{
    QTest::addColumn<core::Json>("args");
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Nodes>("nodes");
    QTest::addColumn<Pods>("existing");
    QTest::addColumn<bool>("runPreScore");
    QTest::addColumn<Scores>("expected");

    const core::Json cpuMem = resources({"cpu", "memory"});
    const core::Json withGpu = resources({"cpu", "memory", "nvidia.com/gpu"});
    QTest::addRow("nothing scheduled, nothing requested")
        << cpuMem << PodBuilder() << Nodes{makeNode("node1", 4000, 10000), makeNode("node2", 4000, 10000)} << Pods{}
        << true << Scores{100, 100};
    QTest::addRow("nothing scheduled, resources requested, differently sized nodes")
        << cpuMem << cpuAndMemory() << Nodes{makeNode("node1", 4000, 10000), makeNode("node2", 6000, 10000)} << Pods{}
        << true << Scores{87, 100};
    QTest::addRow("resources requested, pods scheduled with resources")
        << cpuMem << cpuAndMemory() << Nodes{makeNode("node1", 10000, 20000), makeNode("node2", 10000, 20000)}
        << Pods{cpuOnly("node1"), cpuAndMemory("node2")} << true << Scores{82, 95};
    QTest::addRow("resources requested, pods scheduled with resources, differently sized nodes")
        << cpuMem << cpuAndMemory() << Nodes{makeNode("node1", 10000, 20000), makeNode("node2", 10000, 50000)}
        << Pods{cpuOnly("node1"), cpuAndMemory("node2")} << true << Scores{82, 80};
    QTest::addRow("requested resources at node capacity")
        << cpuMem << cpuOnly() << Nodes{makeNode("node1", 6000, 10000), makeNode("node2", 6000, 10000)}
        << Pods{cpuOnly("node1"), cpuAndMemory("node2")} << true << Scores{50, 75};
    QTest::addRow("include scalar resource on a node for balanced resource allocation")
        << withGpu << PodBuilder().containerRequests({{"memory", "0"}, {"nvidia.com/gpu", "1"}})
        << Nodes{makeNode("node1", 3500, 40000, 8), makeNode("node2", 3500, 40000, 8)}
        << Pods{cpuAndMemory("node2"), cpuAndMemoryAndGpu("node1")} << true << Scores{70, 65};
    QTest::addRow("node without the scalar resource should skip the scalar resource")
        << withGpu << cpuAndMemory() << Nodes{makeNode("node1", 3500, 40000, 8), makeNode("node2", 3500, 40000)}
        << Pods{} << true << Scores{63, 63};
    QTest::addRow("resources requested, pods scheduled with resources if PreScore not called")
        << cpuMem << cpuAndMemory() << Nodes{makeNode("node1", 10000, 20000), makeNode("node2", 10000, 20000)}
        << Pods{cpuOnly("node1"), cpuAndMemory("node2")} << false << Scores{82, 95};
    // Real requests, not the non-zero defaults: a container without requests counts 0.
    QTest::addRow("pod without requests adds nothing")
        << cpuMem << PodBuilder().container("image") << Nodes{makeNode("node1", 4000, 10000)}
        << Pods{cpuOnly("node1")} << true << Scores{62};
}

void TestNodeResourcesBalancedAllocation::score()
{
    QFETCH(core::Json, args);
    QFETCH(PodBuilder, pod);
    QFETCH(Nodes, nodes);
    QFETCH(Pods, existing);
    QFETCH(bool, runPreScore);
    QFETCH(Scores, expected);

    FakeHandle handle;
    handle.addNodes(nodes);
    handle.addPods(existing);
    auto created = scheduler::noderesources::NodeResourcesBalancedAllocation::create(args, handle);
    QVERIFY(created.has_value());
    auto* plugin = dynamic_cast<scheduler::noderesources::NodeResourcesBalancedAllocation*>(created->get());
    QVERIFY(plugin);
    const core::Pod p = pod.build();
    auto infos = handle.nodeInfos(kubelab::testing::nodeNames(nodes));
    scheduler::CycleState state;
    if (runPreScore)
        QVERIFY(plugin->preScore(state, p, infos).isSuccess());
    scheduler::Status status;
    const Scores got = kubelab::testing::scoreNodes(*plugin, state, p, infos, status);
    QVERIFY(status.isSuccess());
    QCOMPARE(got, expected);
}

QTEST_APPLESS_MAIN(TestNodeResourcesBalancedAllocation)
#include "tst_noderesourcesbalancedallocation.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's plugins/noderesources tests: fit_test.go (TestEnoughRequests,
// TestNotEnoughRequests, TestStorageRequests), least_allocated_test.go,
// most_allocated_test.go and requested_to_capacity_ratio_test.go. Upstream's
// `framework.Resource{MilliCPU: 1, Memory: 1}` becomes a container requesting `1m` cpu and
// `1` byte of memory; `st.MakeNode().Capacity({"cpu": "4000"})` sets capacity and
// allocatable, as NodeBuilder::capacity does.
#include <QTest>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/scheduler/cyclestate.h"
#include "core/scheduler/plugins/noderesourcesfit.h"
#include "support/builders.h"
#include "support/schedulertesting.h"

using namespace kubelab;
using kubelab::testing::FakeHandle;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;
using Req = std::vector<std::pair<std::string, std::string>>;
using Containers = std::vector<Req>;
using Nodes = std::vector<NodeBuilder>;
using Pods = std::vector<PodBuilder>;
using Scores = std::vector<std::int64_t>;

Q_DECLARE_METATYPE(Containers)
Q_DECLARE_METATYPE(Nodes)
Q_DECLARE_METATYPE(Pods)
Q_DECLARE_METATYPE(Scores)
Q_DECLARE_METATYPE(PodBuilder)
Q_DECLARE_METATYPE(core::Json)

namespace {

const std::string kExtendedA = "example.com/aaa";
const std::string kExtendedB = "example.com/bbb";
const std::string kKubernetesIoA = "kubernetes.io/something";
const std::string kKubernetesIoB = "subdomain.kubernetes.io/something";
const std::string kHugePageA = "hugepages-2Mi";

/// Upstream `framework.Resource{MilliCPU: c, Memory: m}` as a container's requests.
Req res(std::int64_t milliCpu, std::int64_t memory, Req extra = {})
{
    Req r{{"cpu", std::to_string(milliCpu) + "m"}, {"memory", std::to_string(memory)}};
    r.insert(r.end(), extra.begin(), extra.end());
    return r;
}

/// `newResourcePod(usage...)` / `newResourceInitPod(pod, usage...)`.
PodBuilder resourcePod(const Containers& containers, const Containers& inits = {})
{
    PodBuilder p("pod");
    for (const Req& c : containers)
        p.containerRequests(c);
    for (const Req& i : inits)
        p.initContainerRequests(i);
    return p;
}

/// `makeAllocatableResources(10, 20, 32, 5, 20, 5)`.
NodeBuilder fitNode(std::int64_t pods = 32)
{
    return NodeBuilder("node1")
        .capacity("cpu", "10m")
        .capacity("memory", "20")
        .capacity("pods", std::to_string(pods))
        .capacity(kExtendedA, "5")
        .capacity("ephemeral-storage", "20")
        .capacity(kHugePageA, "5");
}

std::unique_ptr<scheduler::noderesources::NodeResourcesFit> makeFit(const core::Json& args, FakeHandle& handle, QString* error = nullptr)
{
    auto plugin = scheduler::noderesources::NodeResourcesFit::create(args, handle);
    if (!plugin) {
        if (error)
            *error = QString::fromStdString(plugin.error().message);
        return nullptr;
    }
    return std::unique_ptr<scheduler::noderesources::NodeResourcesFit>(
        dynamic_cast<scheduler::noderesources::NodeResourcesFit*>(plugin->release()));
}

QStringList toQt(const std::vector<std::string>& list)
{
    QStringList out;
    for (const std::string& s : list)
        out << QString::fromStdString(s);
    return out;
}

core::Json strategy(const std::string& type, const core::Json& resources, const core::Json& shape = nullptr)
{
    core::Json s = {{"type", type}};
    if (!resources.is_null())
        s["resources"] = resources;
    if (!shape.is_null())
        s["requestedToCapacityRatio"] = {{"shape", shape}};
    return core::Json{{"scoringStrategy", s}};
}

core::Json defaultResources()
{
    return core::Json::array({{{"name", "cpu"}, {"weight", 1}}, {{"name", "memory"}, {"weight", 1}}});
}

core::Json extendedResourceSet()
{
    return core::Json::array(
        {{{"name", "cpu"}, {"weight", 1}}, {{"name", "memory"}, {"weight", 1}}, {{"name", "abc.com/xyz"}, {"weight", 1}}});
}

NodeBuilder capacityNode(const std::string& name, const Req& capacity)
{
    NodeBuilder n(name);
    for (const auto& [resource, quantity] : capacity)
        n.capacity(resource, quantity);
    return n;
}

PodBuilder reqPod(const Containers& containers)
{
    PodBuilder p;
    for (const Req& c : containers)
        p.containerRequests(c);
    return p;
}

} // namespace

class TestNodeResourcesFit : public QObject {
    Q_OBJECT

private slots:
    void enoughRequests_data();
    void enoughRequests();
    void notEnoughRequests_data();
    void notEnoughRequests();
    void storageRequests_data();
    void storageRequests();
    void insufficientResourceValues();
    void filterWithoutPreFilter();
    void score_data();
    void score();
    void argsErrors_data();
    void argsErrors();
    void events();
};

void TestNodeResourcesFit::enoughRequests_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Containers>("existing");
    QTest::addColumn<core::Json>("args");
    QTest::addColumn<QStringList>("reasons");

    const core::Json none = core::Json::object();
    auto row = [&](const char* name, PodBuilder pod, Containers existing, QStringList reasons,
                   core::Json args = core::Json::object()) {
        QTest::addRow("%s", name) << pod << existing << args << reasons;
    };
    row("no resources requested always fits", PodBuilder("pod"), {res(10, 20)}, {});
    row("too many resources fails", resourcePod({res(1, 1)}), {res(10, 20)}, {"Insufficient cpu", "Insufficient memory"});
    row("too many resources fails due to init container cpu", resourcePod({res(1, 1)}, {res(3, 1)}), {res(8, 19)},
        {"Insufficient cpu"});
    row("too many resources fails due to highest init container cpu", resourcePod({res(1, 1)}, {res(3, 1), res(2, 1)}),
        {res(8, 19)}, {"Insufficient cpu"});
    row("too many resources fails due to init container memory", resourcePod({res(1, 1)}, {res(1, 3)}), {res(9, 19)},
        {"Insufficient memory"});
    row("too many resources fails due to highest init container memory",
        resourcePod({res(1, 1)}, {res(1, 3), res(1, 2)}), {res(9, 19)}, {"Insufficient memory"});
    row("init container fits because it's the max, not sum, of containers and init containers",
        resourcePod({res(1, 1)}, {res(1, 1)}), {res(9, 19)}, {});
    row("multiple init containers fit because it's the max, not sum, of containers and init containers",
        resourcePod({res(1, 1)}, {res(1, 1), res(1, 1)}), {res(9, 19)}, {});
    row("both resources fit", resourcePod({res(1, 1)}), {res(5, 5)}, {});
    row("one resource memory fits", resourcePod({res(2, 1)}), {res(9, 5)}, {"Insufficient cpu"});
    row("one resource cpu fits", resourcePod({res(1, 2)}), {res(5, 19)}, {"Insufficient memory"});
    row("equal edge case", resourcePod({res(5, 1)}), {res(5, 19)}, {});
    row("equal edge case for init container", resourcePod({res(4, 1)}, {res(5, 1)}), {res(5, 19)}, {});
    row("extended resource fits", resourcePod({res(0, 0, {{kExtendedA, "1"}})}), {res(0, 0)}, {});
    row("extended resource fits for init container", resourcePod({res(0, 0)}, {res(0, 0, {{kExtendedA, "1"}})}),
        {res(0, 0)}, {});
    row("extended resource capacity enforced", resourcePod({res(1, 1, {{kExtendedA, "10"}})}),
        {res(0, 0, {{kExtendedA, "0"}})}, {"Insufficient example.com/aaa"});
    row("extended resource capacity enforced for init container",
        resourcePod({res(0, 0)}, {res(1, 1, {{kExtendedA, "10"}})}), {res(0, 0, {{kExtendedA, "0"}})},
        {"Insufficient example.com/aaa"});
    row("extended resource allocatable enforced", resourcePod({res(1, 1, {{kExtendedA, "1"}})}),
        {res(0, 0, {{kExtendedA, "5"}})}, {"Insufficient example.com/aaa"});
    row("extended resource allocatable enforced for init container",
        resourcePod({res(0, 0)}, {res(1, 1, {{kExtendedA, "1"}})}), {res(0, 0, {{kExtendedA, "5"}})},
        {"Insufficient example.com/aaa"});
    row("extended resource allocatable enforced for multiple containers",
        resourcePod({res(1, 1, {{kExtendedA, "3"}}), res(1, 1, {{kExtendedA, "3"}})}), {res(0, 0, {{kExtendedA, "2"}})},
        {"Insufficient example.com/aaa"});
    row("extended resource allocatable admits multiple init containers",
        resourcePod({res(0, 0)}, {res(1, 1, {{kExtendedA, "3"}}), res(1, 1, {{kExtendedA, "3"}})}),
        {res(0, 0, {{kExtendedA, "2"}})}, {});
    row("extended resource allocatable enforced for multiple init containers",
        resourcePod({res(0, 0)}, {res(1, 1, {{kExtendedA, "6"}}), res(1, 1, {{kExtendedA, "3"}})}),
        {res(0, 0, {{kExtendedA, "2"}})}, {"Insufficient example.com/aaa"});
    row("extended resource allocatable enforced for unknown resource", resourcePod({res(1, 1, {{kExtendedB, "1"}})}),
        {res(0, 0)}, {"Insufficient example.com/bbb"});
    row("extended resource allocatable enforced for unknown resource for init container",
        resourcePod({res(0, 0)}, {res(1, 1, {{kExtendedB, "1"}})}), {res(0, 0)}, {"Insufficient example.com/bbb"});
    row("kubernetes.io resource capacity enforced", resourcePod({res(1, 1, {{kKubernetesIoA, "10"}})}), {res(0, 0)},
        {"Insufficient kubernetes.io/something"});
    row("kubernetes.io resource capacity enforced for init container",
        resourcePod({res(0, 0)}, {res(1, 1, {{kKubernetesIoB, "10"}})}), {res(0, 0)},
        {"Insufficient subdomain.kubernetes.io/something"});
    row("hugepages resource capacity enforced", resourcePod({res(1, 1, {{kHugePageA, "10"}})}),
        {res(0, 0, {{kHugePageA, "0"}})}, {"Insufficient hugepages-2Mi"});
    row("hugepages resource capacity enforced for init container",
        resourcePod({res(0, 0)}, {res(1, 1, {{kHugePageA, "10"}})}), {res(0, 0, {{kHugePageA, "0"}})},
        {"Insufficient hugepages-2Mi"});
    row("hugepages resource allocatable enforced for multiple containers",
        resourcePod({res(1, 1, {{kHugePageA, "3"}}), res(1, 1, {{kHugePageA, "3"}})}), {res(0, 0, {{kHugePageA, "2"}})},
        {"Insufficient hugepages-2Mi"});
    row("skip checking ignored extended resource", resourcePod({res(1, 1, {{kExtendedB, "1"}})}), {res(0, 0)}, {},
        core::Json{{"ignoredResources", {kExtendedB}}});
    row("skip checking ignored extended resource via ignoredResourceGroups",
        resourcePod({res(1, 1, {{kExtendedB, "1"}})}), {res(0, 0)}, {}, core::Json{{"ignoredResourceGroups", {"example.com"}}});
    row("resources + pod overhead fits", resourcePod({res(1, 1)}).overhead("cpu", "3m").overhead("memory", "13"),
        {res(5, 5)}, {});
    row("requests + overhead does not fit for memory",
        resourcePod({res(1, 1)}).overhead("cpu", "1m").overhead("memory", "15"), {res(5, 5)}, {"Insufficient memory"});
    // Sidecars (restartPolicy: Always) keep running: their requests add to the containers'.
    row("sidecar adds to the regular containers",
        resourcePod({res(1, 1)}).initContainerRequests(res(1, 1), true), {res(9, 5)}, {"Insufficient cpu"});
}

void TestNodeResourcesFit::enoughRequests()
{
    QFETCH(PodBuilder, pod);
    QFETCH(Containers, existing);
    QFETCH(core::Json, args);
    QFETCH(QStringList, reasons);

    FakeHandle handle;
    handle.mutableSnapshot().setNode(fitNode().ptr());
    PodBuilder running = resourcePod(existing).name("existing").node("node1");
    handle.mutableSnapshot().setPod(running.ptr());
    auto plugin = makeFit(args, handle);
    QVERIFY(plugin);

    const core::Pod p = pod.build();
    scheduler::CycleState state;
    scheduler::PreFilterResult result;
    QVERIFY(plugin->preFilter(state, p, result).isSuccess());
    const scheduler::Status status = plugin->filter(state, p, *handle.mutableSnapshot().get("node1"));
    QCOMPARE(toQt(status.reasons()), reasons);
    QCOMPARE(status.code(), reasons.isEmpty() ? scheduler::Code::Success : scheduler::Code::Unschedulable);
}

void TestNodeResourcesFit::notEnoughRequests_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Containers>("existing");
    QTest::addRow("even without specified resources predicate fails when there's no space for additional pod")
        << PodBuilder("pod") << Containers{res(10, 20)};
    QTest::addRow("even if both resources fit predicate fails when there's no space for additional pod")
        << resourcePod({res(1, 1)}) << Containers{res(5, 5)};
    QTest::addRow("even for equal edge case predicate fails when there's no space for additional pod")
        << resourcePod({res(5, 1)}) << Containers{res(5, 19)};
    QTest::addRow("even for equal edge case predicate fails when there's no space for additional pod due to init container")
        << resourcePod({res(5, 1)}, {res(5, 1)}) << Containers{res(5, 19)};
}

void TestNodeResourcesFit::notEnoughRequests()
{
    QFETCH(PodBuilder, pod);
    QFETCH(Containers, existing);
    FakeHandle handle;
    handle.mutableSnapshot().setNode(
        NodeBuilder("node1").allocatable("cpu", "10m").allocatable("memory", "20").allocatable("pods", "1").ptr());
    handle.mutableSnapshot().setPod(resourcePod(existing).name("existing").node("node1").ptr());
    auto plugin = makeFit(core::Json::object(), handle);
    const core::Pod p = pod.build();
    scheduler::CycleState state;
    scheduler::PreFilterResult result;
    QVERIFY(plugin->preFilter(state, p, result).isSuccess());
    const scheduler::Status status = plugin->filter(state, p, *handle.mutableSnapshot().get("node1"));
    QCOMPARE(status.code(), scheduler::Code::Unschedulable);
    QCOMPARE(toQt(status.reasons()), QStringList{"Too many pods"});
}

void TestNodeResourcesFit::storageRequests_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Containers>("existing");
    QTest::addColumn<QStringList>("reasons");
    QTest::addRow("due to container scratch disk") << resourcePod({res(1, 1)}) << Containers{res(10, 10)}
                                                   << QStringList{"Insufficient cpu"};
    QTest::addRow("pod fit") << resourcePod({res(1, 1)}) << Containers{res(2, 10)} << QStringList{};
    QTest::addRow("storage ephemeral local storage request exceeds allocatable")
        << resourcePod({Req{{"ephemeral-storage", "25"}}}) << Containers{res(2, 2)}
        << QStringList{"Insufficient ephemeral-storage"};
    QTest::addRow("pod fits") << resourcePod({Req{{"ephemeral-storage", "10"}}}) << Containers{res(2, 2)} << QStringList{};
}

void TestNodeResourcesFit::storageRequests()
{
    QFETCH(PodBuilder, pod);
    QFETCH(Containers, existing);
    QFETCH(QStringList, reasons);
    FakeHandle handle;
    handle.mutableSnapshot().setNode(fitNode().ptr());
    handle.mutableSnapshot().setPod(resourcePod(existing).name("existing").node("node1").ptr());
    auto plugin = makeFit(core::Json::object(), handle);
    const core::Pod p = pod.build();
    scheduler::CycleState state;
    scheduler::PreFilterResult result;
    QVERIFY(plugin->preFilter(state, p, result).isSuccess());
    QCOMPARE(toQt(plugin->filter(state, p, *handle.mutableSnapshot().get("node1")).reasons()), reasons);
}

void TestNodeResourcesFit::insufficientResourceValues()
{
    // Upstream's wantInsufficientResources: {cpu, "Insufficient cpu", 1, 10, 10}, {memory, ..., 1, 20, 20}.
    FakeHandle handle;
    handle.mutableSnapshot().setNode(fitNode().ptr());
    handle.mutableSnapshot().setPod(resourcePod({res(10, 20)}).name("existing").node("node1").ptr());
    const auto got = scheduler::noderesources::fitsRequest(resourcePod({res(1, 1)}).build().requests,
                                                *handle.mutableSnapshot().get("node1"), {}, {});
    QCOMPARE(got.size(), std::size_t(2));
    QCOMPARE(got[0].resourceName, std::string("cpu"));
    QCOMPARE(got[0].requested, std::int64_t(1));
    QCOMPARE(got[0].used, std::int64_t(10));
    QCOMPARE(got[0].capacity, std::int64_t(10));
    QCOMPARE(got[1].resourceName, std::string("memory"));
    QCOMPARE(got[1].used, std::int64_t(20));
    QCOMPARE(got[1].capacity, std::int64_t(20));

    // {example.com/aaa, ..., 6, 2, 5}
    FakeHandle h2;
    h2.mutableSnapshot().setNode(fitNode().ptr());
    h2.mutableSnapshot().setPod(resourcePod({res(0, 0, {{kExtendedA, "2"}})}).name("existing").node("node1").ptr());
    const auto ext = scheduler::noderesources::fitsRequest(
        resourcePod({res(1, 1, {{kExtendedA, "3"}}), res(1, 1, {{kExtendedA, "3"}})}).build().requests,
        *h2.mutableSnapshot().get("node1"), {}, {});
    QCOMPARE(ext.size(), std::size_t(1));
    QCOMPARE(ext[0].requested, std::int64_t(6));
    QCOMPARE(ext[0].used, std::int64_t(2));
    QCOMPARE(ext[0].capacity, std::int64_t(5));
}

void TestNodeResourcesFit::filterWithoutPreFilter()
{
    // TestPreFilterDisabled.
    FakeHandle handle;
    handle.mutableSnapshot().setNode(NodeBuilder("node1").ptr());
    auto plugin = makeFit(core::Json::object(), handle);
    scheduler::CycleState state;
    const scheduler::Status status = plugin->filter(state, PodBuilder("p").build(), *handle.mutableSnapshot().get("node1"));
    QCOMPARE(status.code(), scheduler::Code::Error);
    QCOMPARE(status.message(), std::string("error reading \"PreFilterNodeResourcesFit\" from cycleState: not found"));
}

void TestNodeResourcesFit::score_data()
{
    QTest::addColumn<core::Json>("args");
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Nodes>("nodes");
    QTest::addColumn<Pods>("existing");
    QTest::addColumn<Scores>("expected");

    const Req n4000{{"cpu", "4000"}, {"memory", "10000"}};
    const Req n6000{{"cpu", "6000"}, {"memory", "10000"}};
    const Req n10k{{"cpu", "10000"}, {"memory", "20000"}};
    const Req n10k50k{{"cpu", "10000"}, {"memory", "50000"}};
    const Req cpu3000mem0{{"cpu", "3000"}, {"memory", "0"}};
    const Req cpu3000mem5000{{"cpu", "3000"}, {"memory", "5000"}};
    const Containers twoContainers{Req{{"cpu", "1000"}, {"memory", "2000"}}, Req{{"cpu", "2000"}, {"memory", "3000"}}};
    const core::Json least = strategy("LeastAllocated", defaultResources());
    const core::Json most = strategy("MostAllocated", defaultResources());
    auto on = [](const std::string& node, const Req& r) {
        PodBuilder p;
        if (!r.empty())
            p.containerRequests(r);
        return p.node(node);
    };

    // least_allocated_test.go
    QTest::addRow("least: nothing scheduled, nothing requested")
        << least << PodBuilder() << Nodes{capacityNode("node1", n4000), capacityNode("node2", n4000)} << Pods{}
        << Scores{100, 100};
    QTest::addRow("least: nothing scheduled, resources requested, differently sized nodes")
        << least << reqPod(twoContainers) << Nodes{capacityNode("node1", n4000), capacityNode("node2", n6000)} << Pods{}
        << Scores{37, 50};
    QTest::addRow("least: no resources requested, pods scheduled")
        << least << PodBuilder() << Nodes{capacityNode("node1", n4000), capacityNode("node2", n4000)}
        << Pods{on("node1", {}), on("node1", {}), on("node2", {}), on("node2", {})} << Scores{100, 100};
    QTest::addRow("least: no resources requested, pods scheduled with resources")
        << least << PodBuilder() << Nodes{capacityNode("node1", n10k), capacityNode("node2", n10k)}
        << Pods{on("node1", cpu3000mem0), on("node1", cpu3000mem0), on("node2", cpu3000mem0), on("node2", cpu3000mem5000)}
        << Scores{70, 57};
    QTest::addRow("least: resources requested, pods scheduled with resources")
        << least << reqPod(twoContainers) << Nodes{capacityNode("node1", n10k), capacityNode("node2", n10k)}
        << Pods{on("node1", cpu3000mem0), on("node2", cpu3000mem5000)} << Scores{57, 45};
    QTest::addRow("least: resources requested, pods scheduled with resources, differently sized nodes")
        << least << reqPod(twoContainers) << Nodes{capacityNode("node1", n10k), capacityNode("node2", n10k50k)}
        << Pods{on("node1", cpu3000mem0), on("node2", cpu3000mem5000)} << Scores{57, 60};
    QTest::addRow("least: requested resources exceed node capacity")
        << least << reqPod({cpu3000mem0}) << Nodes{capacityNode("node1", n4000), capacityNode("node2", n4000)}
        << Pods{on("node1", cpu3000mem0), on("node2", cpu3000mem5000)} << Scores{50, 25};
    QTest::addRow("least: zero node resources, pods scheduled with resources")
        << least << PodBuilder() << Nodes{NodeBuilder("node1"), NodeBuilder("node2")}
        << Pods{on("node1", cpu3000mem0), on("node2", cpu3000mem5000)} << Scores{0, 0};
    QTest::addRow("least: different weight on CPU and memory")
        << strategy("LeastAllocated", core::Json::array({{{"name", "memory"}, {"weight", 2}}, {{"name", "cpu"}, {"weight", 1}}}))
        << reqPod(twoContainers) << Nodes{capacityNode("node1", n4000), capacityNode("node2", n6000)} << Pods{}
        << Scores{41, 50};
    QTest::addRow("least: bypass extended resource if the pod does not request")
        << strategy("LeastAllocated", extendedResourceSet()) << reqPod(twoContainers)
        << Nodes{capacityNode("node1", n6000), capacityNode("node2", {{"cpu", "6000"}, {"memory", "10000"}, {"abc.com/xyz", "4"}})}
        << Pods{} << Scores{50, 50};
    QTest::addRow("least: honor extended resource if the pod requests")
        << strategy("LeastAllocated", extendedResourceSet())
        << reqPod({Req{{"cpu", "3000"}, {"memory", "5000"}, {"abc.com/xyz", "2"}}})
        << Nodes{capacityNode("node1", {{"cpu", "6000"}, {"memory", "10000"}, {"abc.com/xyz", "4"}}),
                 capacityNode("node2", {{"cpu", "6000"}, {"memory", "10000"}, {"abc.com/xyz", "10"}})}
        << Pods{} << Scores{50, 60};
    QTest::addRow("least: if the node doesn't have a resource")
        << strategy("LeastAllocated", core::Json::array({{{"name", "abc.com/xyz"}, {"weight", 2}},
                                                         {{"name", "cpu"}, {"weight", 1}},
                                                         {{"name", "memory"}, {"weight", 1}}}))
        << reqPod({Req{{"cpu", "3000"}, {"memory", "4000"}}})
        << Nodes{capacityNode("node1", n6000), capacityNode("node2", {{"cpu", "6000"}, {"memory", "10000"}, {"abc.com/xyz", "4"}})}
        << Pods{} << Scores{55, 55};

    // most_allocated_test.go
    QTest::addRow("most: nothing scheduled, nothing requested")
        << most << PodBuilder() << Nodes{capacityNode("node1", n4000), capacityNode("node2", n4000)} << Pods{}
        << Scores{0, 0};
    QTest::addRow("most: nothing scheduled, resources requested, differently sized nodes")
        << most << reqPod(twoContainers) << Nodes{capacityNode("node1", n4000), capacityNode("node2", n6000)} << Pods{}
        << Scores{62, 50};
    QTest::addRow("most: no resources requested, pods scheduled with resources")
        << most << PodBuilder() << Nodes{capacityNode("node1", n10k), capacityNode("node2", n10k)}
        << Pods{on("node1", cpu3000mem0), on("node1", cpu3000mem0), on("node2", cpu3000mem0), on("node2", cpu3000mem5000)}
        << Scores{30, 42};
    QTest::addRow("most: resources requested, pods scheduled with resources")
        << most << reqPod(twoContainers) << Nodes{capacityNode("node1", n10k), capacityNode("node2", n10k)}
        << Pods{on("node1", cpu3000mem0), on("node2", cpu3000mem5000)} << Scores{42, 55};
    QTest::addRow("most: resources requested equal node capacity")
        << most << reqPod({Req{{"cpu", "2000"}, {"memory", "4000"}}, Req{{"cpu", "3000"}, {"memory", "5000"}}})
        << Nodes{capacityNode("node1", {{"cpu", "5000"}, {"memory", "10000"}}),
                 capacityNode("node2", {{"cpu", "10000"}, {"memory", "9000"}})}
        << Pods{} << Scores{95, 75};
    QTest::addRow("most: different weight on CPU and memory")
        << strategy("MostAllocated", core::Json::array({{{"name", "memory"}, {"weight", 2}}, {{"name", "cpu"}, {"weight", 1}}}))
        << reqPod(twoContainers) << Nodes{capacityNode("node1", n4000), capacityNode("node2", n6000)} << Pods{}
        << Scores{58, 50};
    QTest::addRow("most: no resources requested, pods scheduled, nonzero request for resource")
        << most << PodBuilder().container("image")
        << Nodes{capacityNode("node1", {{"cpu", "250m"}, {"memory", "1000Mi"}}),
                 capacityNode("node2", {{"cpu", "250m"}, {"memory", "1000Mi"}})}
        << Pods{PodBuilder().node("node1").container("image"), PodBuilder().node("node1").container("image")}
        << Scores{80, 30};
    QTest::addRow("most: bypass extended resource if the pod does not request")
        << strategy("MostAllocated", extendedResourceSet()) << reqPod(twoContainers)
        << Nodes{capacityNode("node1", n6000), capacityNode("node2", {{"cpu", "6000"}, {"memory", "10000"}, {"abc.com/xyz", "4"}})}
        << Pods{} << Scores{50, 50};
    QTest::addRow("most: honor extended resource if the pod request")
        << strategy("MostAllocated", extendedResourceSet())
        << reqPod({Req{{"cpu", "3000"}, {"memory", "5000"}, {"abc.com/xyz", "2"}}})
        << Nodes{capacityNode("node1", {{"cpu", "6000"}, {"memory", "10000"}, {"abc.com/xyz", "4"}}),
                 capacityNode("node2", {{"cpu", "6000"}, {"memory", "10000"}, {"abc.com/xyz", "10"}})}
        << Pods{} << Scores{50, 40};
    QTest::addRow("most: if the node doesn't have a resource")
        << strategy("MostAllocated", core::Json::array({{{"name", "abc.com/xyz"}, {"weight", 2}},
                                                        {{"name", "cpu"}, {"weight", 1}},
                                                        {{"name", "memory"}, {"weight", 1}}}))
        << reqPod({Req{{"cpu", "3000"}, {"memory", "4000"}}})
        << Nodes{capacityNode("node1", n6000), capacityNode("node2", {{"cpu", "6000"}, {"memory", "10000"}, {"abc.com/xyz", "4"}})}
        << Pods{} << Scores{45, 45};

    // requested_to_capacity_ratio_test.go
    const core::Json leastShape = core::Json::array({{{"utilization", 0}, {"score", 10}}, {{"utilization", 100}, {"score", 0}}});
    const core::Json rtcr = strategy("RequestedToCapacityRatio", defaultResources(), leastShape);
    QTest::addRow("rtcr: nothing scheduled, nothing requested")
        << rtcr << PodBuilder() << Nodes{capacityNode("node1", n4000), capacityNode("node2", n4000)}
        << Pods{on("node1", {}), on("node1", {})} << Scores{100, 100};
    QTest::addRow("rtcr: nothing scheduled, resources requested, differently sized nodes")
        << rtcr << reqPod(twoContainers) << Nodes{capacityNode("node1", n4000), capacityNode("node2", n6000)}
        << Pods{on("node1", {}), on("node1", {})} << Scores{38, 50};
    QTest::addRow("rtcr: no resources requested, pods scheduled with resources")
        << rtcr << PodBuilder() << Nodes{capacityNode("node1", n4000), capacityNode("node2", n6000)}
        << Pods{on("node1", cpu3000mem5000), on("node2", cpu3000mem5000)} << Scores{38, 50};

    // TestResourceBinPackingSingleExtended: only intel.com/foo, shape (0,0)-(100,1).
    const core::Json binPacking = strategy("RequestedToCapacityRatio", core::Json::array({{{"name", "intel.com/foo"}, {"weight", 1}}}),
                                           core::Json::array({{{"utilization", 0}, {"score", 0}}, {{"utilization", 100}, {"score", 1}}}));
    const Req foo8{{"cpu", "4000"}, {"memory", "10000Mi"}, {"intel.com/foo", "8"}};
    const Req foo4{{"cpu", "4000"}, {"memory", "10000Mi"}, {"intel.com/foo", "4"}};
    QTest::addRow("binpacking: nothing scheduled, nothing requested")
        << binPacking << PodBuilder() << Nodes{capacityNode("node1", foo8), capacityNode("node2", foo4)} << Pods{}
        << Scores{0, 0};
    QTest::addRow("binpacking: resources requested, pods scheduled with less resources")
        << binPacking << reqPod({Req{{"intel.com/foo", "2"}}}) << Nodes{capacityNode("node1", foo8), capacityNode("node2", foo4)}
        << Pods{PodBuilder()} << Scores{2, 5};
    QTest::addRow("binpacking: resources requested, pods scheduled with resources, on node with existing pod running")
        << binPacking << reqPod({Req{{"intel.com/foo", "2"}}}) << Nodes{capacityNode("node1", foo8), capacityNode("node2", foo4)}
        << Pods{reqPod({Req{{"intel.com/foo", "2"}}}).node("node2")} << Scores{2, 10};
    QTest::addRow("binpacking: resources requested, pods scheduled with more resources")
        << binPacking << reqPod({Req{{"intel.com/foo", "4"}}}) << Nodes{capacityNode("node1", foo8), capacityNode("node2", foo4)}
        << Pods{PodBuilder()} << Scores{5, 10};
}

void TestNodeResourcesFit::score()
{
    QFETCH(core::Json, args);
    QFETCH(PodBuilder, pod);
    QFETCH(Nodes, nodes);
    QFETCH(Pods, existing);
    QFETCH(Scores, expected);

    FakeHandle handle;
    handle.addNodes(nodes);
    handle.addPods(existing);
    auto plugin = makeFit(args, handle);
    QVERIFY(plugin);
    const core::Pod p = pod.build();
    auto infos = handle.nodeInfos(kubelab::testing::nodeNames(nodes));
    scheduler::CycleState state;
    QVERIFY(plugin->preScore(state, p, infos).isSuccess());
    scheduler::Status status;
    const Scores got = kubelab::testing::scoreNodes(*plugin, state, p, infos, status);
    QVERIFY(status.isSuccess());
    QCOMPARE(got, expected);
}

void TestNodeResourcesFit::argsErrors_data()
{
    QTest::addColumn<core::Json>("args");
    QTest::addColumn<QString>("error");
    QTest::addRow("resource with negative weight")
        << strategy("LeastAllocated", core::Json::array({{{"name", "memory"}, {"weight", -1}}, {{"name", "cpu"}, {"weight", 1}}}))
        << "scoringStrategy.resources[0].weight: Invalid value: -1: resource weight of memory not in valid range (0, 100]";
    QTest::addRow("resource weight larger than MaxNodeScore")
        << strategy("MostAllocated", core::Json::array({{{"name", "memory"}, {"weight", 101}}}))
        << "scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of memory not in valid range (0, 100]";
    QTest::addRow("unknown strategy")
        << strategy("Balanced", nullptr)
        << "scoringStrategy.type: Unsupported value: \"Balanced\": supported values: \"LeastAllocated\", "
           "\"MostAllocated\", \"RequestedToCapacityRatio\"";
    QTest::addRow("ratio without shape")
        << strategy("RequestedToCapacityRatio", nullptr)
        << "scoringStrategy.requestedToCapacityRatio: Required value: must be specified when type is "
           "RequestedToCapacityRatio";
    QTest::addRow("shape not sorted and out of range")
        << strategy("RequestedToCapacityRatio", nullptr,
                    core::Json::array({{{"utilization", 50}, {"score", 5}}, {{"utilization", 10}, {"score", 11}}}))
        << "[scoringStrategy.requestedToCapacityRatio.shape[1].utilization: Invalid value: 10: values must be sorted in "
           "increasing order, scoringStrategy.requestedToCapacityRatio.shape[1].score: Invalid value: 11: not in valid "
           "range [0, 10]]";
    QTest::addRow("resource group with slash")
        << core::Json{{"ignoredResourceGroups", {"example.com/aaa"}}}
        << "ignoredResourceGroups[0]: Invalid value: \"example.com/aaa\": resource group name can't contain '/'";
}

void TestNodeResourcesFit::argsErrors()
{
    QFETCH(core::Json, args);
    QFETCH(QString, error);
    FakeHandle handle;
    QString got;
    QVERIFY(!makeFit(args, handle, &got));
    QCOMPARE(got, error);
}

void TestNodeResourcesFit::events()
{
    FakeHandle handle;
    auto plugin = makeFit(core::Json::object(), handle);
    const auto events = plugin->eventsToRegister();
    QCOMPARE(events.size(), std::size_t(2));
    QVERIFY((scheduler::ClusterEvent{scheduler::EventResource::Pod, scheduler::action::Delete, ""}).matches(events[0]));
    QVERIFY((scheduler::ClusterEvent{scheduler::EventResource::Node, scheduler::action::Add, ""}).matches(events[1]));
    QVERIFY(!(scheduler::ClusterEvent{scheduler::EventResource::Node, scheduler::action::UpdateNodeCondition, ""})
                 .matches(events[1]));
}

QTEST_APPLESS_MAIN(TestNodeResourcesFit)
#include "tst_noderesourcesfit.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Scheduler throughput: the scheduler library alone (queue, cycle, default plugins), as
// upstream's scheduler_perf measures kube-scheduler. Each repetition builds a fresh
// scheduler, adds the nodes and the pending pods (not timed), then times the cycles until
// the queue is empty. Decisions are not recorded (`recordDecisions = false`).
//
// - RequestsOnly: 5,000 nodes, 10,000 pods with CPU and memory requests, default profile
//   (adaptive percentageOfNodesToScore), and the same with every node scored (100 %).
// - AntiAffinitySpread: 1,000 nodes in 3 zones, 5,000 pods in 5 groups of 1,000; each pod
//   has required pod anti-affinity on kubernetes.io/hostname against its group and a
//   topology spread constraint (maxSkew 1, zone, DoNotSchedule) over its group.
//
// `peakRSS_MiB` is the process's peak resident set (getrusage ru_maxrss): run one
// benchmark per process (--benchmark_filter) to read each one's peak.
#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/scheduler/scheduler.h"
#include "support/builders.h"

namespace core = kubelab::core;
namespace sched = kubelab::scheduler;
using core::Json;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;

namespace {

double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

std::unique_ptr<sched::Scheduler> makeScheduler(std::int32_t percentageOfNodesToScore)
{
    sched::SchedulerConfiguration config = sched::SchedulerConfiguration::defaults();
    config.percentageOfNodesToScore = percentageOfNodesToScore;
    sched::Scheduler::Options options;
    options.recordDecisions = false;
    auto s = sched::Scheduler::create(config, options);
    return s ? std::move(*s) : nullptr;
}

void addNodes(sched::Scheduler& s, int count, int zones, const std::string& cpu, const std::string& memory)
{
    for (int i = 0; i < count; ++i) {
        const std::string name = "node-" + std::to_string(i);
        NodeBuilder node;
        node.name(name).label("kubernetes.io/hostname", name).cpu(cpu).memory(memory).pods(110);
        if (zones > 0)
            node.zone("zone-" + std::to_string(i % zones));
        s.onNodeAdded(node.ptr(), 0);
    }
}

/// Runs cycles until the queue is empty; returns how many pods were scheduled.
std::int64_t drain(sched::Scheduler& s)
{
    std::uint64_t counter = 0;
    const sched::RandomSource random = [&counter] { return counter++; };
    std::int64_t scheduled = 0;
    while (auto r = s.scheduleNext(0, random))
        if (r->outcome == sched::ScheduleResult::Outcome::Scheduled)
            ++scheduled;
    return scheduled;
}

void runRequestsOnly(benchmark::State& state, std::int32_t percentage)
{
    constexpr int kNodes = 5'000;
    constexpr int kPods = 10'000;
    std::int64_t scheduled = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto s = makeScheduler(percentage);
        addNodes(*s, kNodes, 0, "4", "32Gi");
        for (int i = 0; i < kPods; ++i)
            s->onPodAdded(PodBuilder()
                              .name("pod-" + std::to_string(i))
                              .ns("default")
                              .uid("uid-" + std::to_string(i))
                              .container("registry.k8s.io/pause:3.10")
                              .cpu("100m")
                              .memory("128Mi")
                              .ptr(),
                          0);
        state.ResumeTiming();
        scheduled = drain(*s);
        state.PauseTiming();
        s.reset();
        state.ResumeTiming();
    }
    if (scheduled != kPods)
        state.SkipWithError("not every pod was scheduled");
    state.counters["pods/s"] = benchmark::Counter(double(kPods), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["peakRSS_MiB"] = peakRssMiB();
}

void BM_RequestsOnly5000Nodes10000Pods(benchmark::State& state)
{
    runRequestsOnly(state, 0);
}

void BM_RequestsOnly5000Nodes10000PodsScoreAll(benchmark::State& state)
{
    runRequestsOnly(state, 100);
}

void BM_AntiAffinitySpread1000Nodes5000Pods(benchmark::State& state)
{
    constexpr int kNodes = 1'000;
    constexpr int kGroups = 5;
    constexpr int kPerGroup = 1'000;
    std::int64_t scheduled = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto s = makeScheduler(0);
        addNodes(*s, kNodes, 3, "16", "64Gi");
        for (int i = 0; i < kGroups * kPerGroup; ++i) {
            const std::string group = "group-" + std::to_string(i / kPerGroup);
            const Json selector = {{"matchLabels", {{"group", group}}}};
            s->onPodAdded(PodBuilder()
                              .name("pod-" + std::to_string(i))
                              .ns("default")
                              .uid("uid-" + std::to_string(i))
                              .label("group", group)
                              .container("registry.k8s.io/pause:3.10")
                              .cpu("100m")
                              .memory("128Mi")
                              .podAntiAffinity({{"labelSelector", selector}, {"topologyKey", "kubernetes.io/hostname"}})
                              .spreadConstraint(1, "topology.kubernetes.io/zone", "DoNotSchedule", selector)
                              .ptr(),
                          0);
        }
        state.ResumeTiming();
        scheduled = drain(*s);
        state.PauseTiming();
        s.reset();
        state.ResumeTiming();
    }
    if (scheduled != kGroups * kPerGroup)
        state.SkipWithError("not every pod was scheduled");
    state.counters["pods/s"] =
        benchmark::Counter(double(kGroups * kPerGroup), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["peakRSS_MiB"] = peakRssMiB();
}

} // namespace

BENCHMARK(BM_AntiAffinitySpread1000Nodes5000Pods)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3);
BENCHMARK(BM_RequestsOnly5000Nodes10000Pods)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3);
BENCHMARK(BM_RequestsOnly5000Nodes10000PodsScoreAll)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3);

BENCHMARK_MAIN();

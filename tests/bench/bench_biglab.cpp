// SPDX-License-Identifier: GPL-3.0-or-later
// Big lab, engine only: the lab of BM_BigLab (bench_canvas.cpp) without the window. N nodes
// in three zones (8 CPU, 32 Gi, 110 pods each, each with its own /24) and P pods in
// Deployments of at most 1,000 replicas, applied into an empty lab in memory, committed, then
// run in steps of 25 s of virtual time (what the window does at 100x, a 250 ms tick at a
// time), committing after each step, until every pod is Running.
//
// Reported: the process's peak resident set (getrusage ru_maxrss) and its growth over the
// empty lab, per pod. Targets (issue 11): engine plus GUI <= 2 GiB at 5,000 nodes and
// 100,000 pods. KUBELAB_BENCH_BIG_NODES and KUBELAB_BENCH_BIG_PODS choose other sizes (the
// default is a quick 100 nodes, 2,000 pods); run one size per process, as the peak is the
// process's.
#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/sim/engine.h"

namespace core = kubelab::core;
using core::Json;

namespace {

int envCount(const char* name, int fallback)
{
    const char* text = std::getenv(name);
    const int value = text ? std::atoi(text) : 0;
    return value > 0 ? value : fallback;
}

double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

Json node(int i)
{
    static const char* const zones[] = {"zone-a", "zone-b", "zone-c"};
    const std::string name = "n" + std::to_string(i);
    const Json capacity = {{"cpu", "8"}, {"memory", "32Gi"}, {"pods", "110"}};
    return Json{{"apiVersion", "v1"},
                {"kind", "Node"},
                {"metadata",
                 {{"name", name},
                  {"labels",
                   {{"kubernetes.io/hostname", name},
                    {"kubernetes.io/os", "linux"},
                    {"topology.kubernetes.io/zone", zones[i % 3]}}}}},
                {"spec", {{"podCIDR", "10." + std::to_string(128 + i / 256) + "." + std::to_string(i % 256) + ".0/24"}}},
                {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
}

Json deployment(int d, int replicas)
{
    const std::string app = "app" + std::to_string(d);
    Json container = {{"name", "app"}, {"image", "nginx:1.25"}};
    container["resources"]["requests"] = Json{{"cpu", "20m"}, {"memory", "32Mi"}};
    return Json{{"apiVersion", "apps/v1"},
                {"kind", "Deployment"},
                {"metadata", {{"name", app}}},
                {"spec",
                 {{"replicas", replicas},
                  {"selector", {{"matchLabels", {{"app", app}}}}},
                  {"template",
                   {{"metadata", {{"labels", {{"app", app}}}}}, {"spec", {{"containers", Json::array({container})}}}}}}}};
}

int runningPods(const core::Engine& engine)
{
    int running = 0;
    for (const core::ObjectPtr& pod : engine.list("Pod", "default"))
        running += pod->contains("status") && (*pod)["status"].value("phase", "") == "Running" ? 1 : 0;
    return running;
}

void BM_BigLabEngine(benchmark::State& state)
{
    const int nodes = envCount("KUBELAB_BENCH_BIG_NODES", 100);
    const int pods = envCount("KUBELAB_BENCH_BIG_PODS", 2'000);
    for (auto _ : state) {
        core::Engine::Options options;
        options.createIfMissing = true;
        options.seed = 1;
        auto opened = core::Engine::open(options);
        if (!opened) {
            state.SkipWithError("cannot open a lab");
            return;
        }
        core::Engine& engine = **opened;
        (void)engine.commit();
        const double emptyMiB = peakRssMiB();
        const auto start = std::chrono::steady_clock::now();
        const auto seconds = [&start] {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        };
        for (int i = 1; i <= nodes; ++i)
            if (!engine.apply(node(i))) {
                state.SkipWithError("a node was refused");
                return;
            }
        for (int d = 0, left = pods; left > 0; ++d) {
            const int replicas = std::min(left, 1'000);
            left -= replicas;
            if (!engine.apply(deployment(d, replicas))) {
                state.SkipWithError("a Deployment was refused");
                return;
            }
        }
        engine.drain();
        if (!engine.commit()) {
            state.SkipWithError("the apply did not commit");
            return;
        }
        const double appliedSeconds = seconds();
        int running = 0;
        // At most an hour of virtual time, 25 s at a time.
        for (int step = 0; step < 144 && running < pods; ++step) {
            engine.advance(25 * core::kSecond);
            (void)engine.commit();
            running = runningPods(engine);
        }
        const double peak = peakRssMiB();
        const double perPodKiB = (peak - emptyMiB) * 1024.0 / pods;
        std::printf("big lab (engine): %d nodes, %d pods: applied in %.1f s, %d Running at %.1f s (virtual %.0f s); "
                    "peak RSS %.0f MiB, empty lab %.0f MiB, %.1f KiB a pod over the empty lab\n",
                    nodes, pods, appliedSeconds, running, seconds(), double(engine.now()) / double(core::kSecond),
                    peak, emptyMiB, perPodKiB);
        std::fflush(stdout);
        state.SetIterationTime(seconds());
        if (running < pods) {
            state.SkipWithError("not every pod was Running after an hour of virtual time");
            return;
        }
        state.counters["peakRSS_MiB"] = peak;
        state.counters["KiB_per_pod"] = perPodKiB;
        state.counters["applied_s"] = appliedSeconds;
    }
}

BENCHMARK(BM_BigLabEngine)->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();

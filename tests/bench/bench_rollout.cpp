// SPDX-License-Identifier: GPL-3.0-or-later
// Rollout benchmark: a 1,000-replica Deployment over 100 nodes (in memory), then a rolling
// update (`klab set image`: a new template) settled to completion. Each iteration rolls to a
// new image on the same lab, so what is measured is one whole rollout: the Deployment and
// ReplicaSet controllers, 1,000 pods created, scheduled, started and 1,000 deleted.
#include <benchmark/benchmark.h>

#include <string>

#include "core/sim/engine.h"

namespace core = kubelab::core;
using core::Json;

namespace {

constexpr int kNodes = 100;
constexpr int kReplicas = 1'000;

Json node(int i)
{
    std::string name = "node-" + std::to_string(i);
    Json capacity = {{"cpu", "16"}, {"memory", "64Gi"}, {"pods", "110"}};
    return Json{{"apiVersion", "v1"},
                {"kind", "Node"},
                {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}}}}},
                {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
}

Json deployment()
{
    Json container = {{"name", "web"}, {"image", "nginx:1.0"}};
    container["resources"]["requests"] = Json{{"cpu", "50m"}, {"memory", "64Mi"}};
    return Json{{"apiVersion", "apps/v1"},
                {"kind", "Deployment"},
                {"metadata", {{"name", "web"}, {"namespace", "default"}}},
                {"spec",
                 {{"replicas", kReplicas},
                  {"selector", {{"matchLabels", {{"app", "web"}}}}},
                  {"template",
                   {{"metadata", {{"labels", {{"app", "web"}}}}}, {"spec", {{"containers", Json::array({container})}}}}}}}};
}

std::unique_ptr<core::Engine> setUp()
{
    core::Engine::Options options;
    options.createIfMissing = true;
    options.seed = 1;
    auto engine = core::Engine::open(options);
    if (!engine)
        return nullptr;
    for (int i = 1; i <= kNodes; ++i)
        if (!(*engine)->apply(node(i)))
            return nullptr;
    if (!(*engine)->apply(deployment()))
        return nullptr;
    (*engine)->settle(30 * core::kMinute);
    return std::move(*engine);
}

void BM_RollingUpdate1000Replicas100Nodes(benchmark::State& state)
{
    // One lab for all repetitions: each one rolls the same Deployment to a new image.
    static std::unique_ptr<core::Engine> engine = setUp();
    static int version = 1;
    if (!engine) {
        state.SkipWithError("cannot set up the lab");
        return;
    }
    for (auto _ : state) {
        core::ObjectPtr live = engine->get(core::ObjectKey{"Deployment", "default", "web"});
        Json next = *live;
        next["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1." + std::to_string(++version);
        if (!engine->update(std::move(next))) {
            state.SkipWithError("update refused");
            return;
        }
        engine->settle(60 * core::kMinute);
        core::ObjectPtr d = engine->get(core::ObjectKey{"Deployment", "default", "web"});
        if ((*d)["status"].value("updatedReplicas", 0) != kReplicas ||
            (*d)["status"].value("replicas", 0) != kReplicas) {
            state.SkipWithError("the rollout did not complete");
            return;
        }
    }
}

} // namespace

BENCHMARK(BM_RollingUpdate1000Replicas100Nodes)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(5);

BENCHMARK_MAIN();

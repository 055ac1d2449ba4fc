// SPDX-License-Identifier: GPL-3.0-or-later
// Storage benchmark: the PersistentVolume controller binds 10,000 claims against 10,000
// volumes of mixed sizes, classes and access modes (in memory). The volumes are created and
// settled (Available) and the claims created before the timing starts; what is measured is
// the settle that binds every claim: the controller's matching (the smallest volume that
// fits, searched by access-mode group as upstream's index does) and its writes (the
// volume's claimRef and phase, the claim's volumeName, annotations and status).
#include <benchmark/benchmark.h>

#include <string>

#include "core/sim/engine.h"

namespace core = kubelab::core;
using core::Json;

namespace {

constexpr int kCount = 10'000;

// Mixed shapes: three classes (one of them the empty class), three access-mode sets and
// sizes from 1 to 100 Gi.
const char* classOf(int i)
{
    static const char* classes[] = {"", "fast", "slow"};
    return classes[i % 3];
}

Json modesOf(int i)
{
    switch ((i / 3) % 3) {
    case 0:
        return Json::array({"ReadWriteOnce"});
    case 1:
        return Json::array({"ReadWriteOnce", "ReadOnlyMany"});
    default:
        return Json::array({"ReadWriteMany"});
    }
}

std::string sizeOf(int i)
{
    return std::to_string(1 + (i * 37) % 100) + "Gi";
}

Json volume(int i)
{
    Json spec = {{"capacity", {{"storage", sizeOf(i)}}},
                 {"accessModes", modesOf(i)},
                 {"persistentVolumeReclaimPolicy", "Retain"},
                 {"storageClassName", classOf(i)},
                 {"hostPath", {{"path", "/data/pv-" + std::to_string(i)}}}};
    return Json{{"apiVersion", "v1"},
                {"kind", "PersistentVolume"},
                {"metadata", {{"name", "pv-" + std::to_string(i)}}},
                {"spec", spec}};
}

// Claim i asks for what volume i offers, so every claim can be bound.
Json claim(int i)
{
    Json spec = {{"accessModes", modesOf(i)},
                 {"resources", {{"requests", {{"storage", sizeOf(i)}}}}},
                 {"storageClassName", classOf(i)}};
    return Json{{"apiVersion", "v1"},
                {"kind", "PersistentVolumeClaim"},
                {"metadata", {{"name", "claim-" + std::to_string(i)}, {"namespace", "default"}}},
                {"spec", spec}};
}

Json storageClass(const char* name)
{
    return Json{{"apiVersion", "storage.k8s.io/v1"},
                {"kind", "StorageClass"},
                {"metadata", {{"name", name}}},
                {"provisioner", "kubernetes.io/no-provisioner"}};
}

void BM_Bind10000Claims10000Volumes(benchmark::State& state)
{
    for (auto _ : state) {
        state.PauseTiming();
        core::Engine::Options options;
        options.createIfMissing = true;
        options.seed = 1;
        auto engine = core::Engine::open(options);
        if (!engine) {
            state.SkipWithError("cannot open a lab");
            return;
        }
        bool ok = (*engine)->create(storageClass("fast")).has_value() &&
                  (*engine)->create(storageClass("slow")).has_value();
        for (int i = 0; ok && i < kCount; ++i)
            ok = (*engine)->create(volume(i)).has_value();
        (*engine)->settle(core::kMinute);
        for (int i = 0; ok && i < kCount; ++i)
            ok = (*engine)->create(claim(i)).has_value();
        if (!ok) {
            state.SkipWithError("the lab refused an object");
            return;
        }
        state.ResumeTiming();

        (*engine)->settle(10 * core::kMinute);

        state.PauseTiming();
        int bound = 0;
        for (const core::ObjectPtr& c : (*engine)->list("PersistentVolumeClaim", "default"))
            bound += core::stringAt(*c, core::kPhase) == "Bound";
        if (bound != kCount) {
            state.SkipWithError(("only " + std::to_string(bound) + " claims were bound").c_str());
            return;
        }
        engine->reset();
        state.ResumeTiming();
    }
}

} // namespace

BENCHMARK(BM_Bind10000Claims10000Volumes)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3);

BENCHMARK_MAIN();

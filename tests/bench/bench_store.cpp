// SPDX-License-Identifier: GPL-3.0-or-later
// Store benchmark: 100,000 pods applied into a lab file in batches, then the lab reopened.
// The engine runs without its control-plane components (Options::startComponents = false),
// and the lab has no nodes, so what is measured is the API server's request path
// (defaulting, validation, admission, client-side apply), the store and the lab file.
#include <benchmark/benchmark.h>

#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/sim/engine.h"

#ifdef KUBELAB_MIMALLOC
#include <mimalloc.h>
#endif

namespace core = kubelab::core;
using core::Json;

namespace {

/// Gives the memory freed so far back to the system, so the resident size counts only what
/// is in use.
void releaseFreeMemory()
{
#ifdef KUBELAB_MIMALLOC
    mi_collect(true);
#else
    ::malloc_trim(0);
#endif
}

constexpr int kBatch = 1'000;

/// 100,000 pods; KUBELAB_BENCH_PODS sets another count (a quick run, or a profile).
const int kPods = [] {
    const char* env = std::getenv("KUBELAB_BENCH_PODS");
    int n = env ? std::atoi(env) : 0;
    return n > 0 ? n : 100'000;
}();

std::filesystem::path benchDir()
{
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() / ("kubelab-bench-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

/// Resident set size of this process, in bytes.
std::int64_t residentBytes()
{
    std::ifstream statm("/proc/self/statm");
    std::int64_t size = 0;
    std::int64_t resident = 0;
    statm >> size >> resident;
    return resident * ::sysconf(_SC_PAGESIZE);
}

/// A pod as a small Deployment would stamp it: labels, one container with requests, a port.
/// Each is a copy of one template with its name and shard label set (as a decoded manifest
/// would arrive), so the benchmark spends its time in the engine, not in building documents.
Json pod(int i)
{
    static const Json base = [] {
        Json container = {{"name", "web"}, {"image", "nginx:1.27"}};
        container["ports"] = Json::array({Json{{"containerPort", 80}, {"protocol", "TCP"}}});
        container["resources"]["requests"] = Json{{"cpu", "100m"}, {"memory", "64Mi"}};
        container["resources"]["limits"] = Json{{"memory", "128Mi"}};
        Json p = {{"apiVersion", "v1"}, {"kind", "Pod"}};
        p["metadata"] = Json{{"name", ""}, {"namespace", "default"}};
        p["metadata"]["labels"] = Json{{"app", "web"}, {"tier", "frontend"}, {"shard", ""}};
        p["spec"]["containers"] = Json::array({container});
        return p;
    }();
    Json p = base;
    p["metadata"]["name"] = "web-" + std::to_string(i);
    p["metadata"]["labels"]["shard"] = std::to_string(i % 16);
    return p;
}

/// Creates a fresh lab (bootstrap and first commit), closed again.
bool createLab(const std::string& path)
{
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
    core::Engine::Options options;
    options.path = path;
    options.createIfMissing = true;
    return core::Engine::open(options).has_value();
}

/// Applies kPods pods in batches of kBatch, one commit per batch, as repeated
/// `klab apply -f` of a 1,000-document file would.
bool applyPods(const std::string& path, benchmark::State* state)
{
    core::Engine::Options options;
    options.path = path;
    options.startComponents = false;
    auto engine = core::Engine::open(options);
    if (!engine) {
        if (state)
            state->SkipWithError(engine.error().toString().c_str());
        return false;
    }
    for (int i = 0; i < kPods; ++i) {
        auto applied = (*engine)->apply(pod(i));
        if (!applied) {
            if (state)
                state->SkipWithError(applied.error().toString().c_str());
            return false;
        }
        if ((i + 1) % kBatch == 0) {
            if (auto c = (*engine)->commit(); !c) {
                if (state)
                    state->SkipWithError(c.error().toString().c_str());
                return false;
            }
        }
    }
    return (*engine)->commit().has_value();
}

void BM_ApplyPods(benchmark::State& state)
{
    const std::string path = (benchDir() / "apply.klab").string();
    for (auto _ : state) {
        state.PauseTiming();
        if (!createLab(path)) {
            state.SkipWithError("cannot create the lab");
            return;
        }
        state.ResumeTiming();
        if (!applyPods(path, &state))
            return;
    }
    state.counters["pods"] = kPods;
    state.counters["file_MiB"] = double(std::filesystem::file_size(path)) / (1024.0 * 1024.0);
}

void BM_ReopenLab(benchmark::State& state)
{
    const std::string path = (benchDir() / "reopen.klab").string();
    static bool prepared = false;
    if (!prepared) {
        if (!createLab(path) || !applyPods(path, nullptr)) {
            state.SkipWithError("cannot prepare the lab");
            return;
        }
        prepared = true;
    }
    std::int64_t rssDelta = 0;
    std::size_t pods = 0;
    for (auto _ : state) {
        state.PauseTiming();
        releaseFreeMemory();
        std::int64_t before = residentBytes();
        state.ResumeTiming();
        core::Engine::Options options;
        options.path = path;
        options.startComponents = false;
        auto engine = core::Engine::open(options);
        state.PauseTiming();
        if (!engine) {
            state.SkipWithError(engine.error().toString().c_str());
            return;
        }
        pods = (*engine)->store().count("Pod");
        rssDelta = residentBytes() - before;
        engine->reset();
        state.ResumeTiming();
    }
    state.counters["pods"] = double(pods);
    state.counters["rss_MiB"] = double(rssDelta) / (1024.0 * 1024.0);
    state.counters["bytes_per_pod"] = pods ? double(rssDelta) / double(pods) : 0.0;
}

} // namespace

BENCHMARK(BM_ApplyPods)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ReopenLab)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    std::error_code ec;
    std::filesystem::remove_all(benchDir(), ec);
    return 0;
}

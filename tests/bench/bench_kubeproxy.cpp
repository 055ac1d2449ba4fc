// SPDX-License-Identifier: GPL-3.0-or-later
// kube-proxy benchmark: the nat table (iptables-save form) and the IPVS virtual servers
// for 1,000 Services with 10 endpoints each, regenerated from scratch; and endpoint picks
// by the rules' probabilities (100,000 of them).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "core/network/kubeproxy.h"
#include "core/network/kubeproxyipvs.h"

namespace net = kubelab::core::net;

namespace {

std::vector<net::ServicePort> services()
{
    std::vector<net::ServicePort> out;
    for (int s = 0; s < 1000; ++s) {
        net::ServicePort sp;
        sp.ns = "default";
        sp.service = "svc-" + std::to_string(s);
        sp.portName = "http";
        sp.clusterIp = "10.96." + std::to_string(s / 250) + "." + std::to_string(s % 250 + 2);
        sp.port = 80;
        for (int e = 0; e < 10; ++e) {
            net::Endpoint ep;
            ep.ip = "10.244." + std::to_string(s % 200) + "." + std::to_string(e + 2);
            ep.port = 8080;
            ep.ready = ep.serving = true;
            ep.nodeName = "node-" + std::to_string(e % 3);
            sp.endpoints.push_back(ep);
        }
        out.push_back(std::move(sp));
    }
    return out;
}

void BM_IptablesRules(benchmark::State& state)
{
    const auto ports = services();
    net::ProxyNode node{"node-0", "172.18.0.2", "10.244.0.0/16", {}};
    for (auto _ : state)
        benchmark::DoNotOptimize(net::iptablesSave(ports, node));
}
BENCHMARK(BM_IptablesRules)->Unit(benchmark::kMillisecond);

void BM_IpvsRules(benchmark::State& state)
{
    const auto ports = services();
    net::ProxyNode node{"node-0", "172.18.0.2", "10.244.0.0/16", {}};
    for (auto _ : state)
        benchmark::DoNotOptimize(net::ipvsadmList(net::ipvsVirtualServers(ports, node)));
}
BENCHMARK(BM_IpvsRules)->Unit(benchmark::kMillisecond);

void BM_RandomPicks(benchmark::State& state)
{
    kubelab::core::Random random(1);
    for (auto _ : state)
        for (int i = 0; i < 100'000; ++i)
            benchmark::DoNotOptimize(net::pickRandomEndpoint(10, random));
}
BENCHMARK(BM_RandomPicks)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A small lab for the networking tests: nodes, a Deployment behind a Service, settled.

#include <memory>
#include <string>

#include "core/api/object.h"
#include "core/sim/engine.h"

namespace kubelab::testing {

inline std::unique_ptr<core::Engine> openNetworkLab(std::uint64_t seed = 7)
{
    core::Engine::Options options;
    options.createIfMissing = true;
    options.seed = seed;
    auto engine = core::Engine::open(options);
    return engine ? std::move(*engine) : nullptr;
}

inline core::Json labNode(const std::string& name, const std::string& zone = "zone-a")
{
    core::Json capacity = {{"cpu", "16"}, {"memory", "32Gi"}, {"pods", "110"}, {"ephemeral-storage", "100Gi"}};
    return core::Json{{"apiVersion", "v1"},
                      {"kind", "Node"},
                      {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}, {"topology.kubernetes.io/zone", zone}}}}},
                      {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
}

inline core::Json labDeployment(const std::string& name, int replicas, const std::string& image = "nginx:1.27",
                                const std::string& ns = "default")
{
    core::Json container = {{"name", name}, {"image", image},
                            {"ports", core::Json::array({core::Json{{"name", "http"}, {"containerPort", 80}}})},
                            {"resources", {{"requests", {{"cpu", "10m"}, {"memory", "16Mi"}}}}}};
    return core::Json{{"apiVersion", "apps/v1"},
                      {"kind", "Deployment"},
                      {"metadata", {{"name", name}, {"namespace", ns}}},
                      {"spec",
                       {{"replicas", replicas},
                        {"selector", {{"matchLabels", {{"app", name}}}}},
                        {"template",
                         {{"metadata", {{"labels", {{"app", name}}}}},
                          {"spec", {{"containers", core::Json::array({container})}}}}}}}};
}

inline core::Json labService(const std::string& name, const std::string& ns = "default", bool headless = false)
{
    core::Json spec = {{"selector", {{"app", name}}},
                       {"ports", core::Json::array({core::Json{{"name", "http"}, {"port", 80}, {"targetPort", "http"}}})}};
    if (headless)
        spec["clusterIP"] = "None";
    return core::Json{{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", {{"name", name}, {"namespace", ns}}},
                      {"spec", spec}};
}

inline core::Json labPod(const std::string& name, const std::string& image = "busybox:1.28", const std::string& ns = "default")
{
    return core::Json{{"apiVersion", "v1"},
                      {"kind", "Pod"},
                      {"metadata", {{"name", name}, {"namespace", ns}, {"labels", {{"run", name}}}}},
                      {"spec",
                       {{"containers", core::Json::array({core::Json{{"name", name}, {"image", image},
                                                                     {"command", core::Json::array({"sleep", "3600"})}}})}}}};
}

} // namespace kubelab::testing

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/server/http.h"
#include "core/sim/engine.h"

namespace kubelab::core::server {

/// The resource metrics API metrics-server serves (`kubectl top`), answered from the lab's
/// usage model (core/node/usage.h), the numbers `klab top` prints.
inline constexpr std::string_view kMetricsGroup = "metrics.k8s.io";
inline constexpr std::string_view kMetricsVersion = "v1beta1";

/// The group's entry in `/apis` (an APIGroup without kind and apiVersion).
[[nodiscard]] Json metricsGroupEntry();
/// `/apis/metrics.k8s.io/v1beta1`: nodes (NodeMetrics) and pods (PodMetrics), get and list.
[[nodiscard]] Json metricsResourceList();
/// GET `[namespaces/NS/]nodes|pods[/NAME]` (the path after the version): a NodeMetrics or
/// PodMetrics, or their list (`labelSelector` honoured); RBAC as for any resource of the group.
[[nodiscard]] Result<Json> metricsDocument(const Engine& engine, const RequestContext& ctx, const HttpRequest& request,
                                           const std::vector<std::string>& rest);

} // namespace kubelab::core::server

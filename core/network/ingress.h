// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/api/object.h"

namespace kubelab::core::net {

/// Where an Ingress sends a request.
struct IngressRoute {
    std::string ingress;   ///< ns/name of the Ingress that matched
    std::string ns;
    std::string service;
    int port = 0;          ///< the backend's port number, or 0 with portName
    std::string portName;
    std::string path;      ///< the rule's path ("" for a default backend)
    std::string pathType;
    bool defaultBackend = false;
};

/// Ingress rule matching as the API documents it (networking.k8s.io/v1): a rule's host
/// matches exactly or as a one-label wildcard (`*.foo.com`); a rule without host matches
/// every host; `Exact` paths match the whole path, `Prefix` paths match element-wise on `/`
/// (`/foo` matches `/foo/bar`, not `/foobar`); `ImplementationSpecific` is a plain prefix as
/// ingress-nginx treats it; the longest path wins, Exact before Prefix at equal length;
/// else the Ingress's defaultBackend. Ingresses are tried in name order.
[[nodiscard]] std::optional<IngressRoute> routeIngress(const std::vector<Json>& ingresses, const std::string& host,
                                                       const std::string& path);

[[nodiscard]] bool ingressHostMatches(const std::string& ruleHost, const std::string& host);
[[nodiscard]] bool ingressPathMatches(const std::string& pathType, const std::string& rulePath, const std::string& path);

} // namespace kubelab::core::net

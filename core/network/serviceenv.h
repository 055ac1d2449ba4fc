// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/api/object.h"

namespace kubelab::core {
class Engine;
}

namespace kubelab::core::net {

using EnvList = std::vector<std::pair<std::string, std::string>>;

/// The Docker-link style variables of one Service (pkg/kubelet/envvars FromServices):
/// `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT`, `<NAME>_SERVICE_PORT_<PORTNAME>`,
/// `<NAME>_PORT`, `<NAME>_PORT_<port>_<PROTO>{,_PROTO,_PORT,_ADDR}`.
[[nodiscard]] EnvList serviceEnvVars(const Json& service);

/// The Services whose variables the kubelet injects into a pod (getServiceEnvVarMap): those
/// of the pod's namespace with a cluster IP (when enableServiceLinks, the default), and the
/// `kubernetes` Service of `default` unless the namespace has its own of that name; sorted
/// by name (the kubelet's order is a map's).
[[nodiscard]] EnvList serviceEnvFor(const Engine& engine, const Json& pod);

} // namespace kubelab::core::net

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

#include "core/api/object.h"

namespace kubelab::core {

/// The etcd key the API server stores an object under, upstream's layout
/// (`/registry/<resource>/<namespace>/<name>`): `services/specs`, `services/endpoints`,
/// `minions` (nodes), `controllers` (replication controllers), `ingress` as the registry
/// packages name them. Empty for kinds the API server does not store.
[[nodiscard]] std::string etcdKeyOf(const ObjectKey& key);

} // namespace kubelab::core

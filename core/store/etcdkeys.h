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

class LabFile;

/// The value etcd holds for a stored object, as `etcdctl get` prints it: sealed bytes (an
/// EncryptionConfiguration covers the kind) with their `k8s:enc:` prefix in clear and every
/// byte that is not printable ASCII as \xNN; otherwise the object as JSON without its
/// resourceVersion (that is etcd's mod_revision of the key). A real API server stores
/// protobuf; the lab shows JSON.
[[nodiscard]] std::string etcdValue(const LabFile& lab, const Json& object);

} // namespace kubelab::core

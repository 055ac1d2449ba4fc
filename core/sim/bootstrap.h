// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/error.h"

namespace kubelab::core {

class Engine;

/// Writes what a fresh lab holds (as kubeadm leaves a new cluster): the namespaces
/// default, kube-system, kube-public and kube-node-lease, the `kubernetes` Service at the
/// first service IP, CoreDNS (Deployment, ConfigMap, and the `kube-dns` Service at the
/// tenth), the system PriorityClasses. No nodes.
[[nodiscard]] Status bootstrapLab(Engine& engine);

} // namespace kubelab::core

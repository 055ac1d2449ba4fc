// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include "core/api/error.h"
#include "core/api/object.h"

namespace kubelab::core {

class Engine;

/// Documents that are not API objects but configure the lab's components, applied like
/// manifests (`klab apply -f`, a lesson's lab): KubeSchedulerConfiguration (the scheduler's
/// profiles), EncryptionConfiguration (the API server's encryption at rest) and ImageCatalog
/// (`kubelab.io/v1alpha1`: repositories added to the lab's registries).
[[nodiscard]] bool isLabConfiguration(const Json& document);

/// Applies one of them; returns the line `klab apply` prints for it
/// (`kubeschedulerconfiguration.kubescheduler.config.k8s.io configured`).
[[nodiscard]] Result<std::string> applyLabConfiguration(Engine& engine, const Json& document);

} // namespace kubelab::core

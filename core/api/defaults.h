// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/object.h"

namespace kubelab::core {

/// The DaemonSet strategy's templateGeneration, which apps/v1 keeps as an annotation
/// (`DeprecatedTemplateGeneration`): 1 on create, bumped when the template changes.
inline constexpr const char* kDaemonSetGenerationAnnotation = "deprecated.daemonset.template.generation";

/// Fills in defaults as the API server does on create and update (the generated
/// `SetObjectDefaults_*` functions of k8s.io/kubernetes/pkg/apis/<group>/v1/defaults.go):
/// pod restartPolicy Always, dnsPolicy ClusterFirst, terminationGracePeriodSeconds 30,
/// imagePullPolicy by tag, Deployment RollingUpdate 25%/25%, revisionHistoryLimit 10, ...
/// Only fields the user left out are filled.
void applyDefaults(Json& object);

} // namespace kubelab::core

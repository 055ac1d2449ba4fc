// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/object.h"

namespace kubelab::core {

/// Fills in defaults as the API server does on create and update (the generated
/// `SetObjectDefaults_*` functions of k8s.io/kubernetes/pkg/apis/<group>/v1/defaults.go):
/// pod restartPolicy Always, dnsPolicy ClusterFirst, terminationGracePeriodSeconds 30,
/// imagePullPolicy by tag, Deployment RollingUpdate 25%/25%, revisionHistoryLimit 10, ...
/// Only fields the user left out are filled.
void applyDefaults(Json& object);

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

#include "core/api/object.h"
#include "core/api/resources.h"

namespace kubelab::core::server {

/// An older version the API server still serves for a resource the lab stores in a newer
/// one, with upstream's conversions both ways. kube-apiserver v1.31 serves autoscaling/v1
/// HorizontalPodAutoscalers beside autoscaling/v2, and `kubectl autoscale` creates v1
/// (pkg/apis/autoscaling/v1/conversion.go): `targetCPUUtilizationPercentage` is the
/// Resource cpu Utilization metric, `currentCPUUtilizationPercentage` its current value,
/// and the conditions travel in the `autoscaling.alpha.kubernetes.io/conditions`
/// annotation. Simplified: other metrics and `behavior` are not carried in annotations, so a
/// v1 client does not see them, and an object it writes has only the cpu target v1 says.
struct OlderVersion {
    std::string_view group;
    std::string_view version;
    std::string_view plural;
    const ResourceInfo* stored = nullptr; ///< the resource as the lab stores it
    Json (*down)(const Json& stored) = nullptr;  ///< the stored object as this version shows it
    Json (*up)(const Json& older) = nullptr;     ///< an object of this version as the lab stores it
};

/// The older version served at group/version/plural, or null.
[[nodiscard]] const OlderVersion* olderVersion(std::string_view group, std::string_view version, std::string_view plural);
/// The older versions served in a group (for discovery), newest first.
[[nodiscard]] std::vector<const OlderVersion*> olderVersionsOf(std::string_view group);

} // namespace kubelab::core::server

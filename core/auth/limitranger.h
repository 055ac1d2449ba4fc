// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/auth/admission.h"

namespace kubelab::core {

/// LimitRanger admission (plugin/pkg/admission/limitranger). Mutating: containers and init
/// containers of a new pod get the `default` limits and `defaultRequest` requests of every
/// `Container` item of the namespace's LimitRanges, and the pod the annotation
/// `kubernetes.io/limit-ranger: LimitRanger plugin set: cpu request for container web`.
/// Validating: `min`, `max` and `maxLimitRequestRatio` of `Container` and `Pod` items for
/// new pods, and `min` / `max` of `PersistentVolumeClaim` items for claims, refused with
/// upstream's texts (`minimum cpu usage per Container is 100m, but request is 50m`).
class LimitRanger final : public AdmissionPlugin {
public:
    [[nodiscard]] std::string_view name() const override { return "LimitRanger"; }
    Status admit(AdmissionRequest& request) override;
    Status validate(const AdmissionRequest& request) override;
};

/// PodMutateLimitFunc: applies one LimitRange's container defaults to `pod`.
void applyLimitRangeDefaults(const Json& limitRange, Json& pod);
/// PodValidateLimitFunc / PersistentVolumeClaimValidateLimitFunc: the violations of one
/// LimitRange by a pod or a claim, in upstream's order and words.
[[nodiscard]] std::vector<std::string> limitRangeViolations(const Json& limitRange, const Json& object);
/// utilerrors.NewAggregate(errs).Error(): one message as is, several as `[a, b]`
/// (repeats dropped).
[[nodiscard]] std::string aggregateErrors(const std::vector<std::string>& messages);

} // namespace kubelab::core

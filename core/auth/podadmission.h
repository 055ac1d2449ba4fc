// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/auth/admission.h"

namespace kubelab::core {

/// ServiceAccount admission (plugin/pkg/admission/serviceaccount): a pod without
/// `serviceAccountName` runs as `default`, and gets the projected `kube-api-access-<5>`
/// volume mounted at /var/run/secrets/kubernetes.io/serviceaccount in every container.
/// A named ServiceAccount that does not exist is refused with upstream's text.
/// Simplified: the `default` ServiceAccount is assumed to exist (the controller creates
/// it as the namespace appears).
class ServiceAccountAdmission final : public AdmissionPlugin {
public:
    [[nodiscard]] std::string_view name() const override { return "ServiceAccount"; }
    Status admit(AdmissionRequest& request) override;
};

/// Priority admission (plugin/pkg/admission/priority): resolves `priorityClassName` to
/// `spec.priority` (and `preemptionPolicy`), or the globalDefault class, or 0.
class PriorityAdmission final : public AdmissionPlugin {
public:
    [[nodiscard]] std::string_view name() const override { return "Priority"; }
    Status admit(AdmissionRequest& request) override;
};

/// DefaultTolerationSeconds admission: pods that do not tolerate
/// node.kubernetes.io/not-ready and unreachable NoExecute taints get tolerations for 300 s.
class DefaultTolerationSeconds final : public AdmissionPlugin {
public:
    [[nodiscard]] std::string_view name() const override { return "DefaultTolerationSeconds"; }
    Status admit(AdmissionRequest& request) override;
};

} // namespace kubelab::core

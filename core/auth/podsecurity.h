// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/auth/admission.h"

namespace kubelab::core {

/// One check of the Pod Security Standards (pod-security-admission/policy): allowed, or
/// refused with a reason and a detail (`allowPrivilegeEscalation != false` / `container
/// "c" must set securityContext.allowPrivilegeEscalation=false`).
struct CheckResult {
    bool allowed = true;
    std::string reason;
    std::string detail;
};

/// The failed checks of a pod (metadata + spec) at a level: `privileged` (none), `baseline`
/// or `restricted`, in upstream's order (baseline checks, then restricted ones).
[[nodiscard]] std::vector<CheckResult> evaluatePodSecurity(std::string_view level, const Json& podMetadata,
                                                           const Json& podSpec);
/// `reason (detail), reason (detail)`, as AggregateCheckResults.ForbiddenDetail.
[[nodiscard]] std::string forbiddenDetail(const std::vector<CheckResult>& failed);

/// The namespace's policy from its `pod-security.kubernetes.io/<mode>[-version]` labels:
/// level and version for `enforce`, `warn`, `audit` (privileged:latest by default; warn
/// and audit follow enforce when only enforce is set).
struct PodSecurityPolicy {
    std::string enforceLevel = "privileged", enforceVersion = "latest";
    std::string warnLevel = "privileged", warnVersion = "latest";
    std::string auditLevel = "privileged", auditVersion = "latest";
};
[[nodiscard]] PodSecurityPolicy podSecurityPolicyOf(const Json& namespaceObject);

/// PodSecurity admission: pods that violate the namespace's `enforce` level are refused
/// (`pods "x" is forbidden: violates PodSecurity "restricted:latest": ...`); pods and
/// workload templates (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob,
/// ReplicationController, PodTemplate) that violate the `warn` level get the warning
/// `would violate PodSecurity "restricted:latest": ...`.
class PodSecurityAdmission final : public AdmissionPlugin {
public:
    [[nodiscard]] std::string_view name() const override { return "PodSecurity"; }
    Status validate(const AdmissionRequest& request) override;
};

} // namespace kubelab::core

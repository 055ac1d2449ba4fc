// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/auth/admission.h"

namespace kubelab::core {

/// ResourceQuota admission (plugin/pkg/admission/resourcequota), the last plugin of the
/// chain: a new object (or a claim or Service that grows) is charged to every quota of its
/// namespace that selects it. Refused with upstream's texts: `exceeded quota: q, requested:
/// pods=1, used: pods=2, limited: pods=2`, `failed quota: q: must specify limits.cpu for:
/// web`, `status unknown for quota: q, resources: pods`. Admitted usage is written to the
/// quotas' `status.used` at once, as upstream, so that quick creates are all counted.
class ResourceQuotaAdmission final : public AdmissionPlugin {
public:
    [[nodiscard]] std::string_view name() const override { return "ResourceQuota"; }
    Status validate(const AdmissionRequest& request) override;
};

} // namespace kubelab::core

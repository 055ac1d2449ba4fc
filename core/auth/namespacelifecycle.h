// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/auth/admission.h"

namespace kubelab::core {

/// NamespaceLifecycle admission (plugin/pkg/admission/namespace/lifecycle): nothing is
/// created in a namespace that does not exist or is being terminated.
class NamespaceLifecycle final : public AdmissionPlugin {
public:
    [[nodiscard]] std::string_view name() const override { return "NamespaceLifecycle"; }
    Status validate(const AdmissionRequest& request) override;
};

} // namespace kubelab::core

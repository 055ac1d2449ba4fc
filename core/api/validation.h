// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"

namespace kubelab::core {

/// One field error, printed as Kubernetes' field.Error: `spec.containers[0].image: Required value`.
struct FieldError {
    std::string field;
    std::string detail; ///< `Required value`, `Invalid value: "x": must be ...`, `Duplicate value: "data"`

    [[nodiscard]] std::string toString() const { return field + ": " + detail; }
};

/// Validates a defaulted object as the API server does (pkg/apis/<group>/validation),
/// with upstream's field paths and texts. `old` is the stored object on update (null on
/// create), for immutable-field checks.
[[nodiscard]] std::vector<FieldError> validateObject(const Json& object, const Json* old);

/// The API server's Invalid error for these field errors (StatusDetails with the causes):
/// `Pod "web" is invalid: [spec.containers[0].image: Required value, ...]`.
[[nodiscard]] Error invalidObject(std::string kind, std::string name, const std::vector<FieldError>& errors);

} // namespace kubelab::core

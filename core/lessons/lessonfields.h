// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/api/error.h"

namespace kubelab::core {

/// The kind a check names to read the lab's kube-proxy configuration. It is not an API
/// object but the document kube-proxy reads (`kubeproxy.config.k8s.io/v1alpha1`), with the
/// mode `klab proxy-mode` sets: one per lab, so such a check takes conditions only.
inline constexpr std::string_view kKubeProxyConfigurationKind = "KubeProxyConfiguration";

/// Whether `key` names a condition a check may state by name (`phase`, `availableReplicas`,
/// `labels.app`, ...), for any kind.
[[nodiscard]] bool isConditionField(std::string_view key);

/// The jsonpath a named field reads on objects of `kind` (`image` on a Deployment is
/// `{.spec.template.spec.containers[0].image}`), or nothing when the field does not apply
/// to the kind or is evaluated specially.
[[nodiscard]] std::optional<std::string> conditionJsonPath(std::string_view kind, std::string_view field);

/// Fields evaluated by code rather than a jsonpath: a Pod's `reason`, `labels.KEY`.
[[nodiscard]] bool isSpecialConditionField(std::string_view kind, std::string_view field);

/// Parses a jsonpath template without running it; the error is the jsonpath engine's.
[[nodiscard]] Status checkJsonPath(std::string_view tmpl);

} // namespace kubelab::core

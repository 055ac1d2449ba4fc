// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/store/store.h"

namespace kubelab::cli {

/// kubectl's `-o jsonpath=TEMPLATE` (k8s.io/client-go/util/jsonpath): `{.metadata.name}`,
/// `{.items[*].metadata.name}`, `{range .items[*]}{.metadata.name}{"\n"}{end}`, filters
/// `[?(@.type=="Ready")]`, `..` recursive descent, slices, `{$}`; `asJson` for
/// `-o jsonpath-as-json`. Bad templates are refused with kubectl's messages.
[[nodiscard]] core::Result<std::string> evaluateJsonPath(std::string_view tmpl, const core::Json& document, bool asJson);

/// kubectl's `-o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName`.
[[nodiscard]] core::Result<std::string> customColumns(std::string_view spec, const std::vector<core::ObjectPtr>& objects,
                                                      bool noHeaders);

/// kubectl's `--sort-by=JSONPATH` ordering of objects.
[[nodiscard]] core::Result<std::vector<core::ObjectPtr>> sortByJsonPath(std::string_view path,
                                                                       std::vector<core::ObjectPtr> objects);

} // namespace kubelab::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/manifest/sourcetext.h"

namespace kubelab::core::detail {

/// Reads every document of a YAML stream into JSON values with go-yaml v2's typing
/// (see `resolvePlainScalar`), merge keys (`<<`) and aliases expanded. Refuses
/// duplicate keys, nesting deeper than `maxManifestDepth` and alias expansion beyond
/// `maxManifestAliasNodes`. Null documents are returned too; the caller skips them.
[[nodiscard]] Result<std::vector<RawDocument>> readYamlDocuments(std::string_view text, std::string_view fileName);

} // namespace kubelab::core::detail

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

#include "core/api/error.h"
#include "core/manifest/sourcetext.h"

namespace kubelab::core::detail {

/// Reads one JSON value (the whole input) with key order kept. Refuses duplicate keys
/// and nesting deeper than `maxManifestDepth`; syntax errors carry Go's wording
/// (`invalid character '}' looking for beginning of object key string`) and the line
/// and column of the offending character.
[[nodiscard]] Result<RawDocument> readJsonDocument(std::string_view text, std::string_view fileName);

} // namespace kubelab::core::detail

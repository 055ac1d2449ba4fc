// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

namespace kubelab::core::schemadata {

// The documents under resources/schema/, compiled into the library by CMake
// (core/api/schema.cmake turns them into string literals).

/// `types.json`: every API type the lab can explain, with upstream's English field docs.
[[nodiscard]] std::string_view typesJson();
/// `zh_CN.json`: Chinese descriptions of kinds, fields and enum values.
[[nodiscard]] std::string_view chineseJson();

} // namespace kubelab::core::schemadata

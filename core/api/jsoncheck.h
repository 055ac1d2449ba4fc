// SPDX-License-Identifier: GPL-3.0-or-later
// KubeLab includes nlohmann::json only through this header. Reading a missing member through
// a const `json[key]` is undefined behaviour in the library (only an assert in debug builds:
// release builds read past the end of the object). Here the assert throws, so such a slip
// is an error the engine reports and rolls back, never a wild read. Read optional members
// with `member()` (core/api/object.h), `contains()` or `value()`.
#pragma once

namespace kubelab::core {
[[noreturn]] void jsonAssertFailed(const char* condition);
} // namespace kubelab::core

#ifndef JSON_ASSERT
#define JSON_ASSERT(condition) ((condition) ? static_cast<void>(0) : ::kubelab::core::jsonAssertFailed(#condition))
#endif

#include <nlohmann/json.hpp>

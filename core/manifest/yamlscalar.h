// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

#include "core/api/object.h"

// How go-yaml v2 (the parser under sigs.k8s.io/yaml, and so under kubectl) reads
// plain scalars. Shared by the decoder (to type values) and the emitter (to know
// which strings need quotes).
namespace kubelab::core::detail {

/// The tag go-yaml's resolver gives an untagged plain scalar.
enum class YamlScalarType {
    Null,
    Bool,
    Int,
    Float,
    Timestamp, ///< Kept as the original string when decoded into untyped JSON.
    Merge,     ///< The `<<` merge key.
    String,
};

struct ResolvedScalar {
    YamlScalarType type = YamlScalarType::String;
    /// The value as kubectl ends up with it after YAML -> JSON -> unstructured:
    /// integral floats within int64 become integers, integers beyond int64 become
    /// floats, timestamps and merge keys stay strings.
    Json value;
};

/// Resolves a plain (unquoted, untagged) scalar as go-yaml v2 does: YAML 1.1 booleans
/// (`y`, `yes`, `on`, ... in their three spellings), `~`/`null`/empty, integers in
/// decimal, `0x`, `0o`, `0b` and leading-zero octal (underscores allowed), floats,
/// `.inf`/`.nan`, timestamps.
[[nodiscard]] ResolvedScalar resolvePlainScalar(std::string_view text);

/// True for go-yaml's timestamp forms (`2001-12-14`, `2001-12-14T21:59:43.10-05:00`,
/// `2001-12-14 21:59:43.10`).
[[nodiscard]] bool isYamlTimestamp(std::string_view text);

/// True for YAML 1.1 sexagesimal floats such as `1:20` or `190:20:30.15`, which go-yaml
/// quotes when it prints strings.
[[nodiscard]] bool isBase60Float(std::string_view text);

/// Formats a float as Go's `strconv.FormatFloat(value, 'g', -1, bits)` with go-yaml's
/// `.inf`, `-.inf` and `.nan` spellings. `bits` is 32 or 64.
[[nodiscard]] std::string formatYamlFloat(double value, int bits = 64);

} // namespace kubelab::core::detail

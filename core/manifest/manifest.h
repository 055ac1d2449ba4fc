// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"

namespace kubelab::core {

/// One Kubernetes object read from a manifest, with the place it starts at
/// (`file`, 1-based `line` and `column`) so later errors can point into the file.
struct Document {
    Json object;
    Location location;
};

/// Inputs larger than this are refused before parsing (64 MiB).
inline constexpr std::size_t maxManifestBytes = std::size_t{64} * 1024 * 1024;
/// Documents nested deeper than this (mappings and sequences) are refused.
inline constexpr int maxManifestDepth = 256;
/// Alias expansion may copy at most this many nodes per input ("billion laughs");
/// the copies kept of anchored values count too.
inline constexpr std::size_t maxManifestAliasNodes = 1'000'000;

/// Decodes a manifest file as `kubectl apply -f` reads it: multi-document YAML
/// (`---`) or JSON (when the first non-space character is `{` or `[`). Empty and
/// `null` documents are skipped; a `kind: List` (or any `*List` kind) with `items`
/// becomes one Document per item. YAML scalars get the JSON types that
/// sigs.k8s.io/yaml gives them (YAML 1.1 booleans such as `yes`/`off`, `~` for null,
/// `0x1F`/`0o17`/`0755` integers, `.inf`), key order is kept, and every failure is an
/// `ErrorCode::Parse` error with the file, line and column of the offending spot.
/// Never throws; refuses hostile input (see the limits above, duplicate keys).
[[nodiscard]] Result<std::vector<Document>> decodeManifests(std::string_view text,
                                                           std::string_view fileName);

/// Prints one object as `kubectl get -o yaml` does (go-yaml v2 style): block style,
/// two-space indent, sequences not indented under their key, strings quoted only
/// when they would read back as another type, multi-line strings as `|` blocks,
/// long lines folded at 80 columns. Key order is kept. Ends with a newline.
[[nodiscard]] std::string toYaml(const Json& object);

/// The object with its keys sorted at every level, as kubectl prints objects (decoded into
/// Go maps); two objects with the same fields in another order compare equal this way.
[[nodiscard]] Json sortedKeys(const Json& object);

/// Prints one object as `kubectl get -o json` does: four-space indent, key order kept,
/// `<`, `>` and `&` escaped as Go does, a trailing newline.
[[nodiscard]] std::string toJson(const Json& object);

} // namespace kubelab::core

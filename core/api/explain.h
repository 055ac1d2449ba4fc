// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/api/error.h"
#include "core/api/language.h"

namespace kubelab::core {

/// `kubectl explain PATH [--recursive]` as kubectl v1.30 prints it (the plaintext template of
/// `kubectl/pkg/explain/v2`): the GROUP/KIND/VERSION header, the FIELD line for a field path,
/// DESCRIPTION wrapped at 80 columns and the FIELDS list (alphabetical, ` -required-`,
/// `enum:`), or with `recursive` the nested field tree with indentation only.
///
/// `path` is what the user types: `pod`, `pods.spec`, `deploy.spec.strategy`. The first
/// segment is resolved like any resource name (plural, singular, short name or kind); the
/// rest walks fields, through lists and maps. In Chinese the layout and the field names stay
/// the same and the descriptions are the Chinese ones.
///
/// Errors (ErrorCode::Client): `the server doesn't have a resource type "foo"`,
/// `field "foo" does not exist` (naming the last segment of the path, as kubectl does).
[[nodiscard]] Result<std::string> explain(std::string_view path, bool recursive, Language language);

/// Word-wraps `text` at `limit` columns the way kubectl does (go-wordwrap v1.0.1's
/// WrapString: breaks only at white space, keeps existing line breaks, never splits a word
/// longer than the limit). Extended for Chinese: a line may also break between two wide
/// (CJK) characters or between a wide character and a word, never before closing or after
/// opening punctuation, and wide characters count two columns. Text without wide characters
/// wraps exactly as in kubectl.
[[nodiscard]] std::string wrapText(std::string_view text, std::size_t limit);

} // namespace kubelab::core

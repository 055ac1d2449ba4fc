// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kubelab::core {

enum class Base64Alphabet {
    Standard, ///< RFC 4648 §4 (`+/`, `=` padding): Secret data, YAML `!!binary`, key material
    Url       ///< RFC 4648 §5 (`-_`, no padding): JWT segments
};

/// Encodes bytes in one line.
[[nodiscard]] std::string encodeBase64(std::string_view data, Base64Alphabet alphabet = Base64Alphabet::Standard);

/// Decodes the standard alphabet; whitespace is skipped, `=` may only end the text.
/// Nothing for any other character.
[[nodiscard]] std::optional<std::string> decodeBase64(std::string_view text);

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

// Text encodings of bytes: base64 (Secret data, YAML !!binary, keys, JWTs) and hex digits
// (chunk sizes, escapes).

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

/// Decodes the URL alphabet without padding, as Go's `base64.RawURLEncoding` does (line
/// breaks skipped): the bytes, or the offset of the first byte that cannot be there (Go's
/// "illegal base64 data at input byte N").
[[nodiscard]] std::expected<std::string, std::size_t> decodeBase64Url(std::string_view text);

/// The value of a hexadecimal digit (either case), or -1.
[[nodiscard]] constexpr int hexDigitValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/encoding.h"

#include <cstdint>

namespace kubelab::core {

std::string encodeBase64(std::string_view data, Base64Alphabet alphabet)
{
    const char* letters = alphabet == Base64Alphabet::Url
                              ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                              : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const bool pad = alphabet == Base64Alphabet::Standard;
    auto at = [&](std::size_t i) { return i < data.size() ? std::uint32_t(std::uint8_t(data[i])) : 0u; };
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        const std::uint32_t v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
        for (int shift = 18; shift >= 0; shift -= 6)
            out += letters[(v >> shift) & 63];
    }
    if (i < data.size()) {
        const bool two = i + 1 < data.size();
        const std::uint32_t v = (at(i) << 16) | (two ? at(i + 1) << 8 : 0u);
        out += letters[(v >> 18) & 63];
        out += letters[(v >> 12) & 63];
        if (two)
            out += letters[(v >> 6) & 63];
        else if (pad)
            out += '=';
        if (pad)
            out += '=';
    }
    return out;
}

namespace {

/// The six bits a letter of the alphabet stands for, or -1.
int base64Value(char c, Base64Alphabet alphabet)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    const bool url = alphabet == Base64Alphabet::Url;
    if (c == (url ? '-' : '+'))
        return 62;
    if (c == (url ? '_' : '/'))
        return 63;
    return -1;
}

} // namespace

std::optional<std::string> decodeBase64(std::string_view text)
{
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    int padding = 0;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '=') {
            ++padding;
            continue;
        }
        const int value = base64Value(c, Base64Alphabet::Standard);
        if (value < 0)
            return std::nullopt;
        if (padding > 0)
            return std::nullopt;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    if (padding > 2)
        return std::nullopt;
    return out;
}

std::expected<std::string, std::size_t> decodeBase64Url(std::string_view text)
{
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    std::size_t quantumStart = 0; // the offset of the current group of four's first character
    int inQuantum = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n' || c == '\r')
            continue;
        const int value = base64Value(c, Base64Alphabet::Url);
        if (value < 0)
            return std::unexpected(i);
        if (inQuantum == 0)
            quantumStart = i;
        inQuantum = (inQuantum + 1) % 4;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    if (inQuantum == 1) // one character cannot hold a byte
        return std::unexpected(quantumStart);
    return out;
}

} // namespace kubelab::core

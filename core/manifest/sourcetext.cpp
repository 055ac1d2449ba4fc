// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/manifest/sourcetext.h"

#include <cstdint>

namespace kubelab::core::detail {

Location fileLocation(std::string_view file)
{
    return Location{std::string(file), 0, 0, {}};
}

Location locationAt(std::string_view text, std::size_t offset, std::string_view file)
{
    if (offset > text.size())
        offset = text.size();
    int line = 1;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    int column = 1;
    for (std::size_t i = lineStart; i < offset; ++i) {
        // Count characters, not bytes: skip UTF-8 continuation bytes.
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            ++column;
    }
    return Location{std::string(file), line, column, {}};
}

LineCounter::LineCounter(std::string_view text, std::string_view file)
    : m_text(text)
    , m_file(file)
{
}

Location LineCounter::at(std::size_t offset)
{
    if (offset > m_text.size())
        offset = m_text.size();
    if (offset < m_offset) {
        m_offset = 0;
        m_line = 1;
        m_column = 1;
    }
    for (; m_offset < offset; ++m_offset) {
        const auto c = static_cast<unsigned char>(m_text[m_offset]);
        if (c == '\n') {
            ++m_line;
            m_column = 1;
        } else if ((c & 0xC0) != 0x80) {
            // Count characters, not bytes: UTF-8 continuation bytes do not move the column.
            ++m_column;
        }
    }
    return Location{std::string(m_file), m_line, m_column, {}};
}

std::optional<TextProblem> findYamlTextProblem(std::string_view text)
{
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const auto octet = static_cast<unsigned char>(text[i]);
        std::uint32_t value = 0;
        std::size_t width = 0;
        if (octet < 0x80) {
            value = octet;
            width = 1;
        } else if ((octet & 0xE0) == 0xC0) {
            value = octet & 0x1F;
            width = 2;
        } else if ((octet & 0xF0) == 0xE0) {
            value = octet & 0x0F;
            width = 3;
        } else if ((octet & 0xF8) == 0xF0) {
            value = octet & 0x07;
            width = 4;
        } else {
            return TextProblem{i, "invalid leading UTF-8 octet"};
        }
        if (i + width > n)
            return TextProblem{i, "incomplete UTF-8 octet sequence"};
        for (std::size_t k = 1; k < width; ++k) {
            const auto trailing = static_cast<unsigned char>(text[i + k]);
            if ((trailing & 0xC0) != 0x80)
                return TextProblem{i + k, "invalid trailing UTF-8 octet"};
            value = (value << 6) | (trailing & 0x3F);
        }
        const bool overlong = (width == 2 && value < 0x80) || (width == 3 && value < 0x800)
            || (width == 4 && value < 0x10000);
        if (overlong)
            return TextProblem{i, "invalid length of a UTF-8 sequence"};
        if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
            return TextProblem{i, "invalid Unicode character"};
        const bool allowed = value == 0x09 || value == 0x0A || value == 0x0D
            || (value >= 0x20 && value <= 0x7E) || value == 0x85 || (value >= 0xA0 && value <= 0xD7FF)
            || (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF);
        if (!allowed)
            return TextProblem{i, "control characters are not allowed"};
        i += width;
    }
    return std::nullopt;
}

} // namespace kubelab::core::detail

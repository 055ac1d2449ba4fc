// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/manifest/yamlscalar.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

namespace kubelab::core::detail {
namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool oneOf(std::string_view text, std::initializer_list<std::string_view> spellings)
{
    for (std::string_view spelling : spellings) {
        if (text == spelling)
            return true;
    }
    return false;
}

// The fixed words of go-yaml v2's resolve table.
std::optional<ResolvedScalar> resolveWord(std::string_view text)
{
    if (oneOf(text, {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}))
        return ResolvedScalar{YamlScalarType::Bool, Json(true)};
    if (oneOf(text, {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}))
        return ResolvedScalar{YamlScalarType::Bool, Json(false)};
    if (oneOf(text, {"", "~", "null", "Null", "NULL"}))
        return ResolvedScalar{YamlScalarType::Null, Json(nullptr)};
    if (oneOf(text, {".nan", ".NaN", ".NAN"}))
        return ResolvedScalar{YamlScalarType::Float, Json(std::numeric_limits<double>::quiet_NaN())};
    if (oneOf(text, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}))
        return ResolvedScalar{YamlScalarType::Float, Json(std::numeric_limits<double>::infinity())};
    if (oneOf(text, {"-.inf", "-.Inf", "-.INF"}))
        return ResolvedScalar{YamlScalarType::Float, Json(-std::numeric_limits<double>::infinity())};
    if (text == "<<")
        return ResolvedScalar{YamlScalarType::Merge, Json("<<")};
    return std::nullopt;
}

struct GoInteger {
    std::uint64_t magnitude = 0;
    bool negative = false;
};

// Go's strconv.ParseUint/ParseInt digits with base 0: an optional sign (only when
// `allowSign`), then `0x`, `0o`, `0b` or a leading `0` (octal) prefix.
std::optional<GoInteger> parseGoInteger(std::string_view text, bool allowSign)
{
    GoInteger result;
    if (allowSign && !text.empty() && (text[0] == '+' || text[0] == '-')) {
        result.negative = text[0] == '-';
        text.remove_prefix(1);
    }
    if (text.empty())
        return std::nullopt;
    unsigned base = 10;
    if (text[0] == '0') {
        const char marker = text.size() >= 3 ? static_cast<char>(text[1] | 0x20) : '\0';
        if (marker == 'b') {
            base = 2;
            text.remove_prefix(2);
        } else if (marker == 'o') {
            base = 8;
            text.remove_prefix(2);
        } else if (marker == 'x') {
            base = 16;
            text.remove_prefix(2);
        } else {
            base = 8;
            text.remove_prefix(1);
        }
    }
    for (char c : text) {
        unsigned digit = 0;
        if (isDigit(c))
            digit = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'z')
            digit = static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'Z')
            digit = static_cast<unsigned>(c - 'A' + 10);
        else
            return std::nullopt;
        if (digit >= base)
            return std::nullopt;
        if (result.magnitude > (std::numeric_limits<std::uint64_t>::max() - digit) / base)
            return std::nullopt; // Out of range: Go reports ErrRange.
        result.magnitude = result.magnitude * base + digit;
    }
    return result;
}

// go-yaml's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool isYamlStyleFloat(std::string_view text)
{
    std::size_t i = 0;
    const std::size_t n = text.size();
    if (i < n && (text[i] == '+' || text[i] == '-'))
        ++i;
    if (i < n && text[i] == '.') {
        ++i;
        const std::size_t start = i;
        while (i < n && isDigit(text[i]))
            ++i;
        if (i == start)
            return false;
    } else {
        const std::size_t start = i;
        while (i < n && isDigit(text[i]))
            ++i;
        if (i == start)
            return false;
        if (i < n && text[i] == '.') {
            ++i;
            while (i < n && isDigit(text[i]))
                ++i;
        }
    }
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '+' || text[i] == '-'))
            ++i;
        const std::size_t start = i;
        while (i < n && isDigit(text[i]))
            ++i;
        if (i == start)
            return false;
    }
    return i == n;
}

// Go's strconv.ParseFloat for the decimal forms that reach it: overflow is an error,
// underflow gives zero.
std::optional<double> parseGoFloat(std::string_view text)
{
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    if (text.empty() || !(isDigit(text[0]) || text[0] == '.'))
        return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (end != text.data() + text.size())
        return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
        // from_chars does not say which way it overflowed: a negative exponent means
        // the value is too small, which Go rounds to zero.
        const auto e = text.find_first_of("eE");
        if (e == std::string_view::npos || e + 1 >= text.size() || text[e + 1] != '-')
            return std::nullopt;
        value = 0;
    } else if (ec != std::errc()) {
        return std::nullopt;
    }
    return negative ? -value : value;
}

// kubectl turns YAML into JSON text and then into unstructured objects, where
// json.Marshal writes integral floats without a fraction and the JSON decoder reads
// every number that fits int64 as an integer.
Json kubectlNumber(double value)
{
    constexpr double twoTo63 = 9223372036854775808.0;
    if (std::isfinite(value) && value == std::trunc(value) && value >= -twoTo63 && value < twoTo63)
        return Json(static_cast<std::int64_t>(value));
    return Json(value);
}

int daysIn(int month, int year)
{
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
        return 29;
    return days[static_cast<std::size_t>(month - 1)];
}

// Go's getnum(value, fixed=false): one or two digits.
std::optional<int> takeNumber(std::string_view& text)
{
    if (text.empty() || !isDigit(text[0]))
        return std::nullopt;
    if (text.size() < 2 || !isDigit(text[1])) {
        const int value = text[0] - '0';
        text.remove_prefix(1);
        return value;
    }
    const int value = (text[0] - '0') * 10 + (text[1] - '0');
    text.remove_prefix(2);
    return value;
}

bool takeChar(std::string_view& text, char c)
{
    if (text.empty() || text[0] != c)
        return false;
    text.remove_prefix(1);
    return true;
}

// "2006-1-2": the date part of every go-yaml timestamp layout.
bool takeDate(std::string_view& text)
{
    if (text.size() < 5)
        return false;
    for (int i = 0; i < 4; ++i) {
        if (!isDigit(text[static_cast<std::size_t>(i)]))
            return false;
    }
    const int year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    text.remove_prefix(4);
    if (!takeChar(text, '-'))
        return false;
    const auto month = takeNumber(text);
    if (!month || *month < 1 || *month > 12 || !takeChar(text, '-'))
        return false;
    const auto day = takeNumber(text);
    return day && *day >= 1 && *day <= daysIn(*month, year);
}

// "15:4:5.999999999": hour, minute, second and an optional fraction.
bool takeTime(std::string_view& text)
{
    const auto hour = takeNumber(text);
    if (!hour || *hour > 23 || !takeChar(text, ':'))
        return false;
    const auto minute = takeNumber(text);
    if (!minute || *minute > 59 || !takeChar(text, ':'))
        return false;
    const auto second = takeNumber(text);
    if (!second || *second > 59)
        return false;
    if (text.size() >= 2 && (text[0] == '.' || text[0] == ',') && isDigit(text[1])) {
        text.remove_prefix(1);
        while (!text.empty() && isDigit(text[0]))
            text.remove_prefix(1);
    }
    return true;
}

// "Z07:00": `Z` or a numeric offset with a colon.
bool takeZone(std::string_view& text)
{
    if (takeChar(text, 'Z'))
        return true;
    if (text.size() < 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':')
        return false;
    if (!isDigit(text[1]) || !isDigit(text[2]) || !isDigit(text[4]) || !isDigit(text[5]))
        return false;
    const int hours = (text[1] - '0') * 10 + (text[2] - '0');
    const int minutes = (text[4] - '0') * 10 + (text[5] - '0');
    if (hours > 24 || minutes > 60)
        return false;
    text.remove_prefix(6);
    return true;
}

} // namespace

bool isYamlTimestamp(std::string_view text)
{
    // The layouts: "2006-1-2T15:4:5.999999999Z07:00" (also with a lower-case t),
    // "2006-1-2 15:4:5.999999999" and "2006-1-2".
    std::string_view rest = text;
    if (!takeDate(rest))
        return false;
    if (rest.empty())
        return true;
    if (rest[0] == 'T' || rest[0] == 't') {
        rest.remove_prefix(1);
        return takeTime(rest) && takeZone(rest) && rest.empty();
    }
    if (rest[0] == ' ') {
        while (!rest.empty() && rest[0] == ' ')
            rest.remove_prefix(1);
        return takeTime(rest) && rest.empty();
    }
    return false;
}

bool isBase60Float(std::string_view text)
{
    // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    if (text.empty() || text.find(':') == std::string_view::npos)
        return false;
    std::size_t i = 0;
    const std::size_t n = text.size();
    if (text[i] == '+' || text[i] == '-')
        ++i;
    if (i >= n || !isDigit(text[i]))
        return false;
    ++i;
    while (i < n && (isDigit(text[i]) || text[i] == '_'))
        ++i;
    int groups = 0;
    while (i < n && text[i] == ':') {
        ++i;
        if (i >= n || !isDigit(text[i]))
            return false;
        // Two digits only when the first is 0-5; a third digit could never match.
        if (text[i] <= '5' && i + 1 < n && isDigit(text[i + 1]))
            i += 2;
        else
            ++i;
        ++groups;
    }
    if (groups == 0)
        return false;
    if (i < n && text[i] == '.') {
        ++i;
        while (i < n && (isDigit(text[i]) || text[i] == '_'))
            ++i;
    }
    return i == n;
}

ResolvedScalar resolvePlainScalar(std::string_view text)
{
    if (auto word = resolveWord(text))
        return *word;
    const char first = text.empty() ? '\0' : text[0];
    if (first == '.') {
        if (auto value = parseGoFloat(text))
            return {YamlScalarType::Float, kubectlNumber(*value)};
        return {YamlScalarType::String, Json(std::string(text))};
    }
    if (!(isDigit(first) || first == '+' || first == '-'))
        return {YamlScalarType::String, Json(std::string(text))};

    if (isYamlTimestamp(text))
        return {YamlScalarType::Timestamp, Json(std::string(text))};

    std::string plain;
    plain.reserve(text.size());
    for (char c : text) {
        if (c != '_')
            plain.push_back(c);
    }
    if (auto integer = parseGoInteger(plain, true)) {
        constexpr std::uint64_t maxPositive = std::numeric_limits<std::int64_t>::max();
        if (!integer->negative && integer->magnitude <= maxPositive)
            return {YamlScalarType::Int, Json(static_cast<std::int64_t>(integer->magnitude))};
        if (integer->negative && integer->magnitude <= maxPositive + 1) {
            const auto value = integer->magnitude == maxPositive + 1
                ? std::numeric_limits<std::int64_t>::min()
                : -static_cast<std::int64_t>(integer->magnitude);
            return {YamlScalarType::Int, Json(value)};
        }
    }
    if (auto unsignedValue = parseGoInteger(plain, false)) {
        // A uint64 beyond int64: kubectl's JSON step reads it back as a float.
        return {YamlScalarType::Int, Json(static_cast<double>(unsignedValue->magnitude))};
    }
    if (isYamlStyleFloat(plain)) {
        if (auto value = parseGoFloat(plain))
            return {YamlScalarType::Float, kubectlNumber(*value)};
    }
    return {YamlScalarType::String, Json(std::string(text))};
}

std::string formatYamlFloat(double value, int bits)
{
    if (std::isnan(value))
        return ".nan";
    if (std::isinf(value))
        return value > 0 ? ".inf" : "-.inf";

    std::array<char, 64> buffer{};
    const auto result = bits == 32
        ? std::to_chars(buffer.data(), buffer.data() + buffer.size(), static_cast<float>(value),
                        std::chars_format::scientific)
        : std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::scientific);
    const std::string_view scientific(buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data()));

    // "-d.ddde+XX" -> sign, digits, decimal exponent.
    std::size_t i = 0;
    const bool negative = scientific[0] == '-';
    if (negative)
        ++i;
    std::string digits;
    while (i < scientific.size() && scientific[i] != 'e') {
        if (scientific[i] != '.')
            digits.push_back(scientific[i]);
        ++i;
    }
    int exponent = 0;
    std::from_chars(scientific.data() + i + 1 + (scientific[i + 1] == '+' ? 1 : 0),
                    scientific.data() + scientific.size(), exponent);
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();

    const int nd = static_cast<int>(digits.size());
    const int dp = exponent + 1;
    std::string out = negative ? "-" : "";
    if (exponent < -4 || exponent >= 6) {
        out += digits[0];
        if (nd > 1) {
            out += '.';
            out.append(digits, 1);
        }
        out += 'e';
        out += exponent < 0 ? '-' : '+';
        const int magnitude = exponent < 0 ? -exponent : exponent;
        if (magnitude < 10)
            out += '0';
        out += std::to_string(magnitude);
        return out;
    }
    if (dp <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-dp), '0');
        out += digits;
    } else if (dp >= nd) {
        out += digits;
        out.append(static_cast<std::size_t>(dp - nd), '0');
    } else {
        out.append(digits, 0, static_cast<std::size_t>(dp));
        out += '.';
        out.append(digits, static_cast<std::size_t>(dp));
    }
    return out;
}

} // namespace kubelab::core::detail

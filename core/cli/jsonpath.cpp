// SPDX-License-Identifier: GPL-3.0-or-later
// A port of client-go's util/jsonpath (parser.go, jsonpath.go and the forked text/template
// comparisons), of kubectl's JSONPath, custom-columns and --sort-by printers, and of the Go
// formatting they print with (fmt's %v, %#v, %q, encoding/json, text/tabwriter, sort.Sort).
#include "core/cli/jsonpath.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/api/encoding.h"
#include "core/api/quantity.h"

namespace kubelab::cli {

using core::ErrorCode;
using core::Json;
using core::ObjectPtr;

namespace {

// ---------------------------------------------------------------------------------------
// UTF-8 and Go's rune classes.

constexpr std::int32_t kEof = -1;
constexpr std::int32_t kRuneError = 0xFFFD;

struct Rune {
    std::int32_t value = kEof;
    std::size_t width = 0;
};

// utf8.DecodeRuneInString: an invalid sequence decodes as (RuneError, 1).
Rune decodeRune(std::string_view s, std::size_t pos)
{
    if (pos >= s.size())
        return {kEof, 0};
    const auto b0 = static_cast<unsigned char>(s[pos]);
    if (b0 < 0x80)
        return {b0, 1};
    auto cont = [&](std::size_t i) -> int {
        if (pos + i >= s.size())
            return -1;
        const auto b = static_cast<unsigned char>(s[pos + i]);
        return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
    };
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (int c1 = cont(1); c1 >= 0)
            return {((b0 & 0x1F) << 6) | c1, 2};
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        const int c1 = cont(1);
        const int c2 = cont(2);
        if (c1 >= 0 && c2 >= 0) {
            const std::int32_t r = ((b0 & 0x0F) << 12) | (c1 << 6) | c2;
            if (r >= 0x800 && (r < 0xD800 || r > 0xDFFF))
                return {r, 3};
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        const int c1 = cont(1);
        const int c2 = cont(2);
        const int c3 = cont(3);
        if (c1 >= 0 && c2 >= 0 && c3 >= 0) {
            const std::int32_t r = ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
            if (r >= 0x10000 && r <= 0x10FFFF)
                return {r, 4};
        }
    }
    return {kRuneError, 1};
}

std::string encodeRune(std::int32_t r)
{
    std::string out;
    if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
        r = kRuneError;
    if (r < 0x80) {
        out += static_cast<char>(r);
    } else if (r < 0x800) {
        out += static_cast<char>(0xC0 | (r >> 6));
        out += static_cast<char>(0x80 | (r & 0x3F));
    } else if (r < 0x10000) {
        out += static_cast<char>(0xE0 | (r >> 12));
        out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (r & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (r >> 18));
        out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (r & 0x3F));
    }
    return out;
}

// strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. Outside
// ASCII this knows the separators, format characters and private-use ranges only.
bool isPrintRune(std::int32_t r)
{
    if (r < 0x20 || r == 0x7F)
        return false;
    if (r < 0x7F)
        return true;
    if (r <= 0xA0 || r == 0xAD || r == 0x1680 || (r >= 0x2000 && r <= 0x200F) || (r >= 0x2028 && r <= 0x202F) ||
        (r >= 0x205F && r <= 0x206F) || r == 0x3000 || r == 0xFEFF)
        return false;
    if ((r >= 0xD800 && r <= 0xF8FF) || r >= 0xF0000 || (r & 0xFFFE) == 0xFFFE)
        return false;
    return r <= 0x10FFFF;
}

bool isAsciiDigit(std::int32_t r)
{
    return r >= '0' && r <= '9';
}

// unicode.IsLetter || unicode.IsDigit || '_', with every printable non-ASCII rune taken for a
// letter.
bool isAlphaNumeric(std::int32_t r)
{
    if (r == '_' || isAsciiDigit(r) || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'))
        return true;
    return r >= 0x80 && isPrintRune(r);
}

bool isEndOfLine(std::int32_t r)
{
    return r == '\r' || r == '\n';
}

bool isSpace(std::int32_t r)
{
    return r == ' ' || r == '\t';
}

bool isTerminator(std::int32_t r)
{
    if (isSpace(r) || isEndOfLine(r))
        return true;
    switch (r) {
    case kEof:
    case '.':
    case ',':
    case '[':
    case ']':
    case '$':
    case '@':
    case '{':
    case '}':
        return true;
    default:
        return false;
    }
}

const char* const kLowerHex = "0123456789abcdef";

std::string hexRune(std::int32_t r, int minDigits, bool upper)
{
    std::string digits;
    auto v = static_cast<std::uint32_t>(r);
    do {
        const char c = kLowerHex[v & 0xF];
        digits.insert(digits.begin(), upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
        v >>= 4;
    } while (v != 0);
    while (static_cast<int>(digits.size()) < minDigits)
        digits.insert(digits.begin(), '0');
    return digits;
}

// fmt's %#U: `U+002A '*'`.
std::string sharpU(std::int32_t r)
{
    std::string out = "U+" + hexRune(r, 4, true);
    if (isPrintRune(r))
        out += " '" + encodeRune(r) + "'";
    return out;
}

} // namespace

std::string goQuote(std::string_view s)
{
    std::string out = "\"";
    std::size_t pos = 0;
    while (pos < s.size()) {
        const Rune r = decodeRune(s, pos);
        if (r.value == kRuneError && r.width == 1) {
            out += "\\x";
            out += hexRune(static_cast<unsigned char>(s[pos]), 2, false);
            pos += 1;
            continue;
        }
        const std::string_view raw = s.substr(pos, r.width);
        pos += r.width;
        if (r.value == '"' || r.value == '\\') {
            out += '\\';
            out += static_cast<char>(r.value);
        } else if (isPrintRune(r.value)) {
            out += raw;
        } else {
            switch (r.value) {
            case '\a': out += "\\a"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\v': out += "\\v"; break;
            default:
                if (r.value < ' ' || r.value == 0x7F)
                    out += "\\x" + hexRune(r.value, 2, false);
                else if (r.value < 0x10000)
                    out += "\\u" + hexRune(r.value, 4, false);
                else
                    out += "\\U" + hexRune(r.value, 8, false);
            }
        }
    }
    out += '"';
    return out;
}

namespace {

// ---------------------------------------------------------------------------------------
// Go's number formatting.

struct Decimal {
    bool negative = false;
    std::string digits; // shortest round-trip digits, no leading zeros ("0" for zero)
    int exponent = 0;   // scientific exponent: value = d.ddd × 10^exponent
};

Decimal shortestDecimal(double v)
{
    std::array<char, 64> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::scientific);
    std::string_view text(buf.data(), ec == std::errc() ? static_cast<std::size_t>(end - buf.data()) : 0);
    Decimal d;
    if (!text.empty() && text.front() == '-') {
        d.negative = true;
        text.remove_prefix(1);
    }
    const std::size_t e = text.find('e');
    for (char c : text.substr(0, e))
        if (c != '.')
            d.digits += c;
    if (e != std::string_view::npos) {
        const std::string_view exp = text.substr(e + 1);
        std::from_chars(exp.data() + (exp.front() == '+' ? 1 : 0), exp.data() + exp.size(), d.exponent);
    }
    return d;
}

// strconv's %e with shortest precision: `1.5e+08`, at least two exponent digits.
std::string formatExponent(const Decimal& d)
{
    std::string out = d.negative ? "-" : "";
    out += d.digits.front();
    if (d.digits.size() > 1)
        out += "." + d.digits.substr(1);
    out += d.exponent < 0 ? "e-" : "e+";
    const int abs = std::abs(d.exponent);
    if (abs < 10)
        out += '0';
    out += std::to_string(abs);
    return out;
}

// strconv's %f with shortest precision.
std::string formatFixed(const Decimal& d)
{
    std::string out = d.negative ? "-" : "";
    const int dp = d.exponent + 1;
    const int nd = static_cast<int>(d.digits.size());
    if (d.digits == "0")
        return out + "0";
    if (dp <= 0)
        return out + "0." + std::string(static_cast<std::size_t>(-dp), '0') + d.digits;
    if (dp >= nd)
        return out + d.digits + std::string(static_cast<std::size_t>(dp - nd), '0');
    return out + d.digits.substr(0, static_cast<std::size_t>(dp)) + "." + d.digits.substr(static_cast<std::size_t>(dp));
}

// fmt's %v of a float64 (strconv 'g' with shortest precision: %e below 1e-4 and from 1e+06).
std::string goFloat(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    const Decimal d = shortestDecimal(v);
    if (d.digits != "0" && (d.exponent < -4 || d.exponent >= 6))
        return formatExponent(d);
    return formatFixed(d);
}

// encoding/json's float64: %f, or %e below 1e-6 and from 1e21 with `e-07` shortened to `e-7`.
std::string goJsonFloat(double v)
{
    const double abs = std::fabs(v);
    const Decimal d = shortestDecimal(v);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
        std::string out = formatExponent(d);
        const std::size_t n = out.size();
        if (n >= 4 && out[n - 4] == 'e' && out[n - 3] == '-' && out[n - 2] == '0')
            out.erase(n - 2, 1);
        return out;
    }
    return formatFixed(d);
}

std::string integerText(const Json& j)
{
    if (j.is_number_unsigned())
        return std::to_string(j.get<std::uint64_t>());
    return std::to_string(j.get<std::int64_t>());
}

// Object members in Go's map order (sorted keys), as fmt and encoding/json print maps and as
// this port iterates them.
std::vector<std::pair<const std::string*, const Json*>> sortedMembers(const Json& object)
{
    std::vector<std::pair<const std::string*, const Json*>> members;
    members.reserve(object.size());
    for (auto it = object.begin(); it != object.end(); ++it)
        members.emplace_back(&it.key(), &it.value());
    std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
    return members;
}

// encoding/json's string encoder (with HTML escaping, as json.Marshal does).
void appendJsonString(std::string& out, std::string_view s)
{
    out += '"';
    std::size_t pos = 0;
    while (pos < s.size()) {
        const auto b = static_cast<unsigned char>(s[pos]);
        if (b < 0x80) {
            switch (b) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '<':
            case '>':
            case '&':
                out += "\\u00";
                out += kLowerHex[b >> 4];
                out += kLowerHex[b & 0xF];
                break;
            default:
                if (b < 0x20) {
                    out += "\\u00";
                    out += kLowerHex[b >> 4];
                    out += kLowerHex[b & 0xF];
                } else {
                    out += static_cast<char>(b);
                }
            }
            ++pos;
            continue;
        }
        const Rune r = decodeRune(s, pos);
        if (r.value == kRuneError && r.width == 1)
            out += "\\ufffd";
        else if (r.value == 0x2028 || r.value == 0x2029)
            out += r.value == 0x2028 ? "\\u2028" : "\\u2029";
        else
            out += s.substr(pos, r.width);
        pos += r.width;
    }
    out += '"';
}

// json.Marshal (indent < 0) and json.MarshalIndent(v, "", indent spaces).
void appendGoJson(std::string& out, const Json& v, int indent, int depth)
{
    auto newline = [&](int level) {
        out += '\n';
        out.append(static_cast<std::size_t>(indent * level), ' ');
    };
    switch (v.type()) {
    case Json::value_t::object: {
        if (v.empty()) {
            out += "{}";
            return;
        }
        out += '{';
        bool first = true;
        for (const auto& [key, value] : sortedMembers(v)) {
            if (!first)
                out += ',';
            first = false;
            if (indent >= 0)
                newline(depth + 1);
            appendJsonString(out, *key);
            out += indent >= 0 ? ": " : ":";
            appendGoJson(out, *value, indent, depth + 1);
        }
        if (indent >= 0)
            newline(depth);
        out += '}';
        return;
    }
    case Json::value_t::array: {
        if (v.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        bool first = true;
        for (const Json& item : v) {
            if (!first)
                out += ',';
            first = false;
            if (indent >= 0)
                newline(depth + 1);
            appendGoJson(out, item, indent, depth + 1);
        }
        if (indent >= 0)
            newline(depth);
        out += ']';
        return;
    }
    case Json::value_t::string:
        appendJsonString(out, v.get_ref<const std::string&>());
        return;
    case Json::value_t::boolean:
        out += v.get<bool>() ? "true" : "false";
        return;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
        out += integerText(v);
        return;
    case Json::value_t::number_float:
        out += goJsonFloat(v.get<double>());
        return;
    default:
        out += "null";
        return;
    }
}

// fmt's %v of a decoded JSON value: `map[a:1 b:x]`, `[a b]`, `<nil>`.
void appendGoValue(std::string& out, const Json& v)
{
    switch (v.type()) {
    case Json::value_t::object: {
        out += "map[";
        bool first = true;
        for (const auto& [key, value] : sortedMembers(v)) {
            if (!first)
                out += ' ';
            first = false;
            out += *key;
            out += ':';
            appendGoValue(out, *value);
        }
        out += ']';
        return;
    }
    case Json::value_t::array: {
        out += '[';
        bool first = true;
        for (const Json& item : v) {
            if (!first)
                out += ' ';
            first = false;
            appendGoValue(out, item);
        }
        out += ']';
        return;
    }
    case Json::value_t::string:
        out += v.get_ref<const std::string&>();
        return;
    case Json::value_t::boolean:
        out += v.get<bool>() ? "true" : "false";
        return;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
        out += integerText(v);
        return;
    case Json::value_t::number_float:
        out += goFloat(v.get<double>());
        return;
    default:
        out += "<nil>";
        return;
    }
}

// fmt's %#v of a decoded JSON value: `map[string]interface {}{"a":1, "b":"x"}`.
void appendGoSyntax(std::string& out, const Json& v)
{
    switch (v.type()) {
    case Json::value_t::object: {
        out += "map[string]interface {}{";
        bool first = true;
        for (const auto& [key, value] : sortedMembers(v)) {
            if (!first)
                out += ", ";
            first = false;
            out += goQuote(*key);
            out += ':';
            appendGoSyntax(out, *value);
        }
        out += '}';
        return;
    }
    case Json::value_t::array: {
        out += "[]interface {}{";
        bool first = true;
        for (const Json& item : v) {
            if (!first)
                out += ", ";
            first = false;
            appendGoSyntax(out, item);
        }
        out += '}';
        return;
    }
    case Json::value_t::string:
        out += goQuote(v.get_ref<const std::string&>());
        return;
    case Json::value_t::null:
        out += "interface {}(nil)";
        return;
    default:
        appendGoValue(out, v);
        return;
    }
}

// ---------------------------------------------------------------------------------------
// Parser (client-go util/jsonpath/parser.go).

enum class NodeType { Text, List, Field, Identifier, Array, Filter, Int, Float, Bool, Wildcard, Recursive, Union };

struct ParamsEntry {
    std::int64_t value = 0;
    bool known = false;
    bool derived = false;
};

struct Node;
using NodePtr = std::shared_ptr<Node>;

struct Node {
    NodeType type = NodeType::List;
    std::string text; // Text, Field, Identifier; the operator of a Filter
    std::vector<NodePtr> nodes; // List children; the lists of a Union
    NodePtr left;  // Filter
    NodePtr right; // Filter
    std::array<ParamsEntry, 3> params{};
    std::int64_t intValue = 0;
    double floatValue = 0;
    bool boolValue = false;
};

NodePtr makeNode(NodeType type, std::string text = {})
{
    auto node = std::make_shared<Node>();
    node->type = type;
    node->text = std::move(text);
    return node;
}

using ParseError = std::optional<std::string>;

const char* const kErrSyntax = "invalid syntax";

std::optional<std::int64_t> goAtoi(std::string_view s)
{
    if (s.empty())
        return std::nullopt;
    std::size_t i = (s.front() == '+' || s.front() == '-') ? 1 : 0;
    if (i == s.size())
        return std::nullopt;
    for (std::size_t k = i; k < s.size(); ++k)
        if (!isAsciiDigit(s[k]))
            return std::nullopt;
    std::int64_t value = 0;
    const bool negative = s.front() == '-';
    auto [ptr, ec] = std::from_chars(s.data() + i, s.data() + s.size(), value);
    if (ec == std::errc::result_out_of_range && negative && s.substr(i) == "9223372036854775808")
        return std::numeric_limits<std::int64_t>::min();
    if (ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return negative ? -value : value;
}

// strconv.ParseFloat for what parseNumber scans: a sign, digits and dots.
std::optional<double> goParseFloat(const std::string& s)
{
    std::size_t i = (!s.empty() && (s.front() == '+' || s.front() == '-')) ? 1 : 0;
    int dots = 0;
    int digits = 0;
    for (std::size_t k = i; k < s.size(); ++k) {
        if (s[k] == '.')
            ++dots;
        else if (isAsciiDigit(s[k]))
            ++digits;
        else
            return std::nullopt;
    }
    if (dots > 1 || digits == 0)
        return std::nullopt;
    errno = 0;
    const double v = std::strtod(s.c_str(), nullptr);
    if (errno == ERANGE && std::isinf(v))
        return std::nullopt;
    return v;
}

// UnquoteExtend: strconv.Unquote that also takes single-quoted strings.
std::optional<std::string> unquoteExtend(std::string_view s)
{
    const std::size_t n = s.size();
    if (n < 2)
        return std::nullopt;
    const char quote = s.front();
    if (quote != s.back() || (quote != '"' && quote != '\''))
        return std::nullopt;
    s = s.substr(1, n - 2);
    if (s.find('\\') == std::string_view::npos && s.find(quote) == std::string_view::npos)
        return std::string(s);
    std::string out;
    while (!s.empty()) {
        const auto c = static_cast<unsigned char>(s.front());
        if (c == static_cast<unsigned char>(quote))
            return std::nullopt;
        if (c >= 0x80) {
            const Rune r = decodeRune(s, 0);
            out += encodeRune(r.value);
            s.remove_prefix(r.width);
            continue;
        }
        if (c != '\\') {
            out += static_cast<char>(c);
            s.remove_prefix(1);
            continue;
        }
        if (s.size() <= 1)
            return std::nullopt;
        const char e = s[1];
        s.remove_prefix(2);
        switch (e) {
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case '\\': out += '\\'; break;
        case '\'':
        case '"':
            if (e != quote)
                return std::nullopt;
            out += e;
            break;
        case 'x':
        case 'u':
        case 'U': {
            const std::size_t digits = e == 'x' ? 2 : (e == 'u' ? 4 : 8);
            if (s.size() < digits)
                return std::nullopt;
            std::int64_t v = 0;
            for (std::size_t k = 0; k < digits; ++k) {
                const int x = core::hexDigitValue(s[k]);
                if (x < 0)
                    return std::nullopt;
                v = (v << 4) | x;
            }
            s.remove_prefix(digits);
            if (e == 'x') {
                out += static_cast<char>(v);
                break;
            }
            if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
                return std::nullopt;
            out += encodeRune(static_cast<std::int32_t>(v));
            break;
        }
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            int v = e - '0';
            if (s.size() < 2)
                return std::nullopt;
            for (std::size_t k = 0; k < 2; ++k) {
                const int x = s[k] - '0';
                if (x < 0 || x > 7)
                    return std::nullopt;
                v = (v << 3) | x;
            }
            s.remove_prefix(2);
            if (v > 255)
                return std::nullopt;
            out += static_cast<char>(v);
            break;
        }
        default:
            return std::nullopt;
        }
    }
    return out;
}

std::vector<std::string_view> splitAll(std::string_view s, char sep)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t at = s.find(sep, start);
        if (at == std::string_view::npos) {
            parts.push_back(s.substr(start));
            return parts;
        }
        parts.push_back(s.substr(start, at - start));
        start = at + 1;
    }
}

std::string_view trimSpaces(std::string_view s)
{
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return s;
}

// `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$`
std::optional<std::array<std::string, 3>> matchSliceOperator(std::string_view t)
{
    std::array<std::string, 3> groups;
    std::size_t i = 0;
    auto scanNumber = [&] {
        if (i < t.size() && t[i] == '-')
            ++i;
        while (i < t.size() && isAsciiDigit(t[i]))
            ++i;
    };
    scanNumber();
    groups[0] = std::string(t.substr(0, i));
    for (std::size_t g = 1; g < 3; ++g) {
        if (i < t.size() && t[i] == ':') {
            const std::size_t start = i++;
            scanNumber();
            groups[g] = std::string(t.substr(start, i - start));
        }
    }
    if (i != t.size())
        return std::nullopt;
    return groups;
}

bool isFilterOperatorChar(char c)
{
    return c == '!' || c == '<' || c == '>' || c == '=';
}

// `^([^!<>=]+)([!<>=]+)(.+?)$`
std::optional<std::array<std::string, 3>> matchFilter(std::string_view t)
{
    std::size_t left = 0;
    while (left < t.size() && !isFilterOperatorChar(t[left]))
        ++left;
    if (left == 0 || left == t.size())
        return std::nullopt;
    std::size_t op = left;
    while (op < t.size() && isFilterOperatorChar(t[op]))
        ++op;
    if (op == t.size()) {
        if (op - left < 2)
            return std::nullopt;
        --op; // the last operator character becomes the right side
    }
    const std::string_view right = t.substr(op);
    if (right.find('\n') != std::string_view::npos)
        return std::nullopt;
    return std::array<std::string, 3>{std::string(t.substr(0, left)), std::string(t.substr(left, op - left)),
                                      std::string(right)};
}

class Parser final {
public:
    explicit Parser(std::string input) : m_input(std::move(input)), m_root(makeNode(NodeType::List)) {}

    [[nodiscard]] ParseError parse() { return parseText(); }
    [[nodiscard]] const NodePtr& root() const { return m_root; }

    // parseAction: the expression inside one pair of delimiters, as a List.
    static std::expected<NodePtr, std::string> parseAction(const std::string& text)
    {
        Parser p("{" + text + "}");
        if (ParseError err = p.parse())
            return std::unexpected(*err);
        return p.m_root->nodes.front();
    }

private:
    std::int32_t next()
    {
        if (m_pos >= m_input.size()) {
            m_width = 0;
            return kEof;
        }
        const Rune r = decodeRune(m_input, m_pos);
        m_width = r.width;
        m_pos += m_width;
        return r.value;
    }
    std::int32_t peek()
    {
        const std::int32_t r = next();
        backup();
        return r;
    }
    void backup() { m_pos -= m_width; }
    std::string consumeText()
    {
        std::string value = m_input.substr(m_start, m_pos - m_start);
        m_start = m_pos;
        return value;
    }
    [[nodiscard]] bool hasPrefix(std::string_view prefix) const
    {
        return std::string_view(m_input).substr(m_pos).starts_with(prefix);
    }

    ParseError parseText()
    {
        for (;;) {
            if (hasPrefix("{")) {
                if (m_pos > m_start)
                    m_root->nodes.push_back(makeNode(NodeType::Text, consumeText()));
                return parseLeftDelim();
            }
            if (next() == kEof)
                break;
        }
        if (m_pos > m_start)
            m_root->nodes.push_back(makeNode(NodeType::Text, consumeText()));
        return std::nullopt;
    }

    ParseError parseLeftDelim()
    {
        m_pos += 1;
        consumeText();
        NodePtr list = makeNode(NodeType::List);
        m_root->nodes.push_back(list);
        return parseInsideAction(*list);
    }

    ParseError parseInsideAction(Node& cur)
    {
        if (hasPrefix("}"))
            return parseRightDelim();
        if (hasPrefix("[?("))
            return parseFilter(cur);
        if (hasPrefix(".."))
            return parseRecursive(cur);
        const std::int32_t r = next();
        if (r == kEof || isEndOfLine(r))
            return "unclosed action";
        if (r == ' ' || r == '@' || r == '$') {
            consumeText();
            return parseInsideAction(cur);
        }
        if (r == '[')
            return parseArray(cur);
        if (r == '"' || r == '\'')
            return parseQuote(cur, r);
        if (r == '.')
            return parseField(cur);
        if (r == '+' || r == '-' || isAsciiDigit(r)) {
            backup();
            return parseNumber(cur);
        }
        if (isAlphaNumeric(r)) {
            backup();
            return parseIdentifier(cur);
        }
        return "unrecognized character in action: " + sharpU(r);
    }

    ParseError parseRightDelim()
    {
        m_pos += 1;
        consumeText();
        return parseText();
    }

    ParseError parseIdentifier(Node& cur)
    {
        for (;;) {
            if (isTerminator(next())) {
                backup();
                break;
            }
        }
        std::string value = consumeText();
        if (value == "true" || value == "false") {
            NodePtr node = makeNode(NodeType::Bool);
            node->boolValue = value == "true";
            cur.nodes.push_back(node);
        } else {
            cur.nodes.push_back(makeNode(NodeType::Identifier, std::move(value)));
        }
        return parseInsideAction(cur);
    }

    ParseError parseRecursive(Node& cur)
    {
        if (!cur.nodes.empty() && cur.nodes.back()->type == NodeType::Recursive)
            return "invalid multiple recursive descent";
        m_pos += 2;
        consumeText();
        cur.nodes.push_back(makeNode(NodeType::Recursive));
        if (isAlphaNumeric(peek()))
            return parseField(cur);
        return parseInsideAction(cur);
    }

    ParseError parseNumber(Node& cur)
    {
        std::int32_t r = peek();
        if (r == '+' || r == '-')
            next();
        for (;;) {
            r = next();
            if (r != '.' && !isAsciiDigit(r)) {
                backup();
                break;
            }
        }
        const std::string value = consumeText();
        if (auto i = goAtoi(value)) {
            NodePtr node = makeNode(NodeType::Int);
            node->intValue = *i;
            cur.nodes.push_back(node);
            return parseInsideAction(cur);
        }
        if (auto d = goParseFloat(value)) {
            NodePtr node = makeNode(NodeType::Float);
            node->floatValue = *d;
            cur.nodes.push_back(node);
            return parseInsideAction(cur);
        }
        return "cannot parse number " + value;
    }

    ParseError parseArray(Node& cur)
    {
        for (;;) {
            const std::int32_t r = next();
            if (r == kEof || r == '\n')
                return "unterminated array";
            if (r == ']')
                break;
        }
        std::string text = consumeText();
        text = text.substr(1, text.size() - 2);
        if (text == "*")
            text = ":";

        // Union operator.
        const std::vector<std::string_view> parts = splitAll(text, ',');
        if (parts.size() > 1) {
            NodePtr node = makeNode(NodeType::Union);
            for (std::string_view part : parts) {
                auto list = parseAction("[" + std::string(trimSpaces(part)) + "]");
                if (!list)
                    return list.error();
                node->nodes.push_back(*list);
            }
            cur.nodes.push_back(node);
            return parseInsideAction(cur);
        }

        // Dict key: `['metadata.name']` is `.metadata.name`.
        if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'' &&
            text.find('\'', 1) == text.size() - 1) {
            auto list = parseAction("." + text.substr(1, text.size() - 2));
            if (!list)
                return list.error();
            for (const NodePtr& node : (*list)->nodes)
                cur.nodes.push_back(node);
            return parseInsideAction(cur);
        }

        // Slice operator.
        auto value = matchSliceOperator(text);
        if (!value)
            return "invalid array index " + text;
        std::array<ParamsEntry, 3> params{};
        for (std::size_t i = 0; i < 3; ++i) {
            std::string& v = (*value)[i];
            if (!v.empty()) {
                if (i > 0)
                    v = v.substr(1);
                if (i > 0 && v.empty()) {
                    params[i].known = false;
                } else {
                    auto n = goAtoi(v);
                    if (!n)
                        return "array index " + v + " is not a number";
                    params[i].known = true;
                    params[i].value = *n;
                }
            } else if (i == 1) {
                params[i].known = true;
                params[i].value = params[0].value + 1;
                params[i].derived = true;
            } else {
                params[i].known = false;
                params[i].value = 0;
            }
        }
        NodePtr node = makeNode(NodeType::Array);
        node->params = params;
        cur.nodes.push_back(node);
        return parseInsideAction(cur);
    }

    ParseError parseFilter(Node& cur)
    {
        m_pos += 3;
        consumeText();
        bool begin = false;
        bool end = false;
        std::int32_t pair = 0;
        for (;;) {
            const std::int32_t r = next();
            if (r == kEof || r == '\n')
                return "unterminated filter";
            if (r == '"' || r == '\'') {
                if (!begin) {
                    begin = true;
                    pair = r;
                    continue;
                }
                if (m_input[m_pos - 2] != '\\' && r == pair)
                    end = true;
            } else if (r == ')') {
                if (begin == end)
                    break;
            }
        }
        if (next() != ']')
            return "unclosed array expect ]";
        std::string text = consumeText();
        text = text.substr(0, text.size() - 2);
        NodePtr node = makeNode(NodeType::Filter);
        if (auto value = matchFilter(text)) {
            auto left = parseAction((*value)[0]);
            if (!left)
                return left.error();
            auto right = parseAction((*value)[2]);
            if (!right)
                return right.error();
            node->left = *left;
            node->right = *right;
            node->text = (*value)[1];
        } else {
            auto left = parseAction(text);
            if (!left)
                return left.error();
            node->left = *left;
            node->right = makeNode(NodeType::List);
            node->text = "exists";
        }
        cur.nodes.push_back(node);
        return parseInsideAction(cur);
    }

    ParseError parseQuote(Node& cur, std::int32_t end)
    {
        for (;;) {
            const std::int32_t r = next();
            if (r == kEof || r == '\n')
                return "unterminated quoted string";
            if (r == end && m_input[m_pos - 2] != '\\')
                break;
        }
        const std::string value = consumeText();
        auto s = unquoteExtend(value);
        if (!s)
            return "unquote string " + value + " error " + kErrSyntax;
        cur.nodes.push_back(makeNode(NodeType::Text, std::move(*s)));
        return parseInsideAction(cur);
    }

    ParseError parseField(Node& cur)
    {
        consumeText();
        while (advance()) {
        }
        std::string value = consumeText();
        if (value == "*") {
            cur.nodes.push_back(makeNode(NodeType::Wildcard));
        } else {
            std::erase(value, '\\');
            cur.nodes.push_back(makeNode(NodeType::Field, std::move(value)));
        }
        return parseInsideAction(cur);
    }

    // Scans until the next terminator that a backslash does not escape.
    bool advance()
    {
        const std::int32_t r = next();
        if (r == '\\') {
            next();
        } else if (isTerminator(r)) {
            backup();
            return false;
        }
        return true;
    }

    std::string m_input;
    std::size_t m_pos = 0;
    std::size_t m_start = 0;
    std::size_t m_width = 0;
    NodePtr m_root;
};

std::expected<NodePtr, std::string> parseTemplate(std::string_view text)
{
    Parser parser{std::string(text)};
    if (ParseError err = parser.parse())
        return std::unexpected(*err);
    return parser.root();
}

// ---------------------------------------------------------------------------------------
// Execution (client-go util/jsonpath/jsonpath.go).

// What a reflect.Value of the Go engine holds: a decoded JSON value (`Data`, dynamic types
// map[string]interface{}, []interface{}, string, int64, float64, bool or nil), a Go `int`
// from a number literal, a `uint8` from ranging over a string's bytes, or the zero Value.
enum class GoType { Data, Int, Uint8, Invalid };

struct Val {
    const Json* json = nullptr;
    GoType type = GoType::Invalid;

    [[nodiscard]] bool isNil() const { return type == GoType::Data && json->is_null(); }
};

using Vals = std::vector<Val>;
using Groups = std::vector<Vals>;

// A walk result: Go's (values, error) pair, both meaningful at once.
struct Out {
    Vals vals;
    std::optional<std::string> err;
};

Val dataVal(const Json& j)
{
    return Val{&j, GoType::Data};
}

std::string goTypeName(const Val& v)
{
    switch (v.type) {
    case GoType::Int: return "int";
    case GoType::Uint8: return "uint8";
    case GoType::Invalid: return "<nil>";
    case GoType::Data: break;
    }
    switch (v.json->type()) {
    case Json::value_t::object: return "map[string]interface {}";
    case Json::value_t::array: return "[]interface {}";
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "bool";
    case Json::value_t::number_float: return "float64";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "int64";
    default: return "interface {}";
    }
}

// fmt's %v (and fmt.Sprint) of a value.
std::string goSprint(const Val& v)
{
    if (v.type == GoType::Invalid)
        return "<invalid reflect.Value>";
    std::string out;
    appendGoValue(out, *v.json);
    return out;
}

// evalToText: fmt.Fprint of template.PrintableValue.
std::string evalToText(const Val& v)
{
    if (v.type == GoType::Invalid)
        return "<no value>";
    return goSprint(v);
}

// The forked text/template comparisons (eq, ne, lt, le, gt, ge).
const char* const kErrBadComparisonType = "invalid type for comparison";
const char* const kErrBadComparison = "incompatible types for comparison";

enum class BasicKind { Bool, Int, Float, String, Uint };

std::optional<BasicKind> basicKind(const Val& v)
{
    switch (v.type) {
    case GoType::Int: return BasicKind::Int;
    case GoType::Uint8: return BasicKind::Uint;
    case GoType::Invalid: return std::nullopt;
    case GoType::Data: break;
    }
    switch (v.json->type()) {
    case Json::value_t::boolean: return BasicKind::Bool;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return BasicKind::Int;
    case Json::value_t::number_float: return BasicKind::Float;
    case Json::value_t::string: return BasicKind::String;
    default: return std::nullopt;
    }
}

std::int64_t intOf(const Val& v)
{
    if (v.json->is_number_unsigned())
        return static_cast<std::int64_t>(v.json->get<std::uint64_t>());
    return v.json->get<std::int64_t>();
}

std::uint64_t uintOf(const Val& v)
{
    return v.json->get<std::uint64_t>();
}

using Truth = std::expected<bool, std::string>;

Truth goEqual(const Val& a, const Val& b)
{
    const auto k1 = basicKind(a);
    if (!k1)
        return std::unexpected(kErrBadComparisonType);
    const auto k2 = basicKind(b);
    if (!k2)
        return std::unexpected(kErrBadComparisonType);
    if (*k1 != *k2) {
        if (*k1 == BasicKind::Int && *k2 == BasicKind::Uint)
            return intOf(a) >= 0 && static_cast<std::uint64_t>(intOf(a)) == uintOf(b);
        if (*k1 == BasicKind::Uint && *k2 == BasicKind::Int)
            return intOf(b) >= 0 && uintOf(a) == static_cast<std::uint64_t>(intOf(b));
        return std::unexpected(kErrBadComparison);
    }
    switch (*k1) {
    case BasicKind::Bool: return a.json->get<bool>() == b.json->get<bool>();
    case BasicKind::Float: return a.json->get<double>() == b.json->get<double>();
    case BasicKind::Int: return intOf(a) == intOf(b);
    case BasicKind::String: return a.json->get_ref<const std::string&>() == b.json->get_ref<const std::string&>();
    case BasicKind::Uint: return uintOf(a) == uintOf(b);
    }
    return false;
}

Truth goLess(const Val& a, const Val& b)
{
    const auto k1 = basicKind(a);
    if (!k1)
        return std::unexpected(kErrBadComparisonType);
    const auto k2 = basicKind(b);
    if (!k2)
        return std::unexpected(kErrBadComparisonType);
    if (*k1 != *k2) {
        if (*k1 == BasicKind::Int && *k2 == BasicKind::Uint)
            return intOf(a) < 0 || static_cast<std::uint64_t>(intOf(a)) < uintOf(b);
        if (*k1 == BasicKind::Uint && *k2 == BasicKind::Int)
            return intOf(b) >= 0 && uintOf(a) < static_cast<std::uint64_t>(intOf(b));
        return std::unexpected(kErrBadComparison);
    }
    switch (*k1) {
    case BasicKind::Bool: return std::unexpected(kErrBadComparisonType);
    case BasicKind::Float: return a.json->get<double>() < b.json->get<double>();
    case BasicKind::Int: return intOf(a) < intOf(b);
    case BasicKind::String: return a.json->get_ref<const std::string&>() < b.json->get_ref<const std::string&>();
    case BasicKind::Uint: return uintOf(a) < uintOf(b);
    }
    return false;
}

Truth compare(const std::string& op, const Val& a, const Val& b)
{
    if (op == "<")
        return goLess(a, b);
    if (op == ">") {
        Truth lt = goLess(a, b);
        if (!lt)
            return lt;
        if (*lt)
            return false;
        Truth eq = goEqual(a, b);
        if (!eq)
            return eq;
        return !*eq;
    }
    if (op == "==")
        return goEqual(a, b);
    if (op == "!=") {
        Truth eq = goEqual(a, b);
        return eq ? Truth(!*eq) : eq;
    }
    if (op == "<=") {
        Truth lt = goLess(a, b);
        if (!lt || *lt)
            return lt;
        return goEqual(a, b);
    }
    if (op == ">=") {
        Truth lt = goLess(a, b);
        return lt ? Truth(!*lt) : lt;
    }
    return std::unexpected("unrecognized filter operator " + op);
}

class Evaluator final {
public:
    Evaluator(NodePtr root, bool allowMissingKeys) : m_root(std::move(root)), m_allowMissingKeys(allowMissingKeys) {}

    // FindResults: one group of values per top-level node, ranges unrolled.
    std::expected<Groups, std::string> findResults(const Json& data) { return findResults(dataVal(data), 0); }

private:
    Val literal(Json value, GoType type)
    {
        m_arena.push_back(std::move(value));
        return Val{&m_arena.back(), type};
    }

    // FindResults on the nodes from `start` on. The upstream engine re-roots its parse tree
    // at nodes[i+1:] for a range body and remembers the last `end` node by address; indices
    // into the one root list are the same thing.
    std::expected<Groups, std::string> findResults(Val data, std::size_t start)
    {
        Groups full;
        const Vals cur{data};
        const std::vector<NodePtr>& nodes = m_root->nodes;
        for (std::size_t i = start; i < nodes.size(); ++i) {
            Out results = walk(cur, *nodes[i]);
            if (results.err)
                return std::unexpected(*results.err);

            // An end node: break the current block.
            if (m_endRange > 0 && m_endRange <= m_inRange) {
                --m_endRange;
                m_lastEndNode = i;
                break;
            }
            // A range node: run the rest of the template once per result.
            if (m_beginRange > 0) {
                --m_beginRange;
                ++m_inRange;
                if (!results.vals.empty()) {
                    for (const Val& value : results.vals) {
                        // value.Interface() of a nil interface is the zero reflect.Value.
                        auto next = findResults(value.isNil() ? Val{} : value, i + 1);
                        if (!next)
                            return next;
                        for (Vals& group : *next)
                            full.push_back(std::move(group));
                    }
                } else {
                    // Still walk the body so that the position advances to its end node.
                    auto next = findResults(Val{}, i + 1);
                    if (!next)
                        return next;
                }
                --m_inRange;
                for (std::size_t k = i + 1; k < nodes.size(); ++k) {
                    if (m_lastEndNode == k) {
                        i = k;
                        break;
                    }
                }
                continue;
            }
            full.push_back(std::move(results.vals));
        }
        return full;
    }

    Out walk(const Vals& value, const Node& node)
    {
        switch (node.type) {
        case NodeType::List: return evalList(value, node);
        case NodeType::Text: return {{literal(Json(node.text), GoType::Data)}, std::nullopt};
        case NodeType::Field: return evalField(value, node);
        case NodeType::Array: return evalArray(value, node);
        case NodeType::Filter: return evalFilter(value, node);
        case NodeType::Int: return evalRepeat(value, Json(node.intValue), GoType::Int);
        case NodeType::Float: return evalRepeat(value, Json(node.floatValue), GoType::Data);
        case NodeType::Bool: return evalRepeat(value, Json(node.boolValue), GoType::Data);
        case NodeType::Wildcard: return evalWildcard(value);
        case NodeType::Recursive: return evalRecursive(value);
        case NodeType::Union: return evalUnion(value, node);
        case NodeType::Identifier: return evalIdentifier(value, node);
        }
        return {value, "unexpected Node"};
    }

    // evalInt, evalFloat and evalBool: the literal once per input value.
    Out evalRepeat(const Vals& input, const Json& value, GoType type)
    {
        Vals result;
        for (std::size_t i = 0; i < input.size(); ++i)
            result.push_back(literal(value, type));
        return {result, std::nullopt};
    }

    Out evalList(const Vals& value, const Node& node)
    {
        Vals cur = value;
        for (const NodePtr& child : node.nodes) {
            Out out = walk(cur, *child);
            if (out.err)
                return out;
            cur = std::move(out.vals);
        }
        return {cur, std::nullopt};
    }

    Out evalIdentifier(const Vals& input, const Node& node)
    {
        if (node.text == "range") {
            ++m_beginRange;
            return {input, std::nullopt};
        }
        if (node.text == "end") {
            if (m_inRange > 0) {
                ++m_endRange;
                return {};
            }
            return {{}, "not in range, nothing to end"};
        }
        return {input, "unrecognized identifier " + node.text};
    }

    Out evalArray(const Vals& input, const Node& node)
    {
        Vals result;
        for (const Val& value : input) {
            if (value.type == GoType::Invalid || value.isNil())
                continue;
            if (value.type != GoType::Data || !value.json->is_array())
                return {input, goTypeName(value) + " is not array or slice"};
            const auto length = static_cast<std::int64_t>(value.json->size());
            std::array<ParamsEntry, 3> params = node.params;
            if (!params[0].known)
                params[0].value = 0;
            if (params[0].value < 0)
                params[0].value += length;
            if (!params[1].known)
                params[1].value = length;
            if (params[1].value < 0 || (params[1].value == 0 && params[1].derived))
                params[1].value += length;
            // Zero elements requested: allowed through, even out of bounds.
            if (params[1].value == params[0].value)
                continue;
            if (params[0].value >= length || params[0].value < 0)
                return {input, "array index out of bounds: index " + std::to_string(params[0].value) + ", length " +
                                   std::to_string(length)};
            if (params[1].value > length || params[1].value < 0)
                return {input, "array index out of bounds: index " + std::to_string(params[1].value - 1) +
                                   ", length " + std::to_string(length)};
            if (params[0].value > params[1].value)
                return {input, "starting index " + std::to_string(params[0].value) + " is greater than ending index " +
                                   std::to_string(params[1].value)};
            std::int64_t step = 1;
            if (params[2].known) {
                if (params[2].value <= 0)
                    return {input, "step must be > 0"};
                step = params[2].value;
            }
            for (std::int64_t i = params[0].value; i < params[1].value; i += step)
                result.push_back(dataVal((*value.json)[static_cast<std::size_t>(i)]));
        }
        return {result, std::nullopt};
    }

    Out evalUnion(const Vals& input, const Node& node)
    {
        Vals result;
        for (const NodePtr& list : node.nodes) {
            Out temp = evalList(input, *list);
            if (temp.err)
                return {input, temp.err};
            result.insert(result.end(), temp.vals.begin(), temp.vals.end());
        }
        return {result, std::nullopt};
    }

    Out evalField(const Vals& input, const Node& node)
    {
        Vals results;
        if (input.empty())
            return {};
        for (const Val& value : input) {
            if (value.type != GoType::Data || !value.json->is_object())
                continue;
            auto it = value.json->find(node.text);
            if (it != value.json->end())
                results.push_back(dataVal(*it));
        }
        if (results.empty() && !m_allowMissingKeys)
            return {results, node.text + " is not found"};
        return {results, std::nullopt};
    }

    // The elements of a map (in key order), a slice, or a string's bytes.
    void appendChildren(Vals& out, const Val& value)
    {
        if (value.type != GoType::Data)
            return;
        const Json& j = *value.json;
        if (j.is_object()) {
            for (const auto& member : sortedMembers(j))
                out.push_back(dataVal(*member.second));
        } else if (j.is_array()) {
            for (const Json& item : j)
                out.push_back(dataVal(item));
        } else if (j.is_string()) {
            for (char c : j.get_ref<const std::string&>())
                out.push_back(literal(Json(static_cast<std::uint64_t>(static_cast<unsigned char>(c))), GoType::Uint8));
        }
    }

    Out evalWildcard(const Vals& input)
    {
        Vals results;
        for (const Val& value : input)
            if (!value.isNil())
                appendChildren(results, value);
        return {results, std::nullopt};
    }

    Out evalRecursive(const Vals& input)
    {
        Vals result;
        for (const Val& value : input) {
            if (value.isNil())
                continue;
            Vals children;
            appendChildren(children, value);
            if (!children.empty()) {
                result.push_back(value);
                Out output = evalRecursive(children);
                if (output.err)
                    return {result, output.err};
                result.insert(result.end(), output.vals.begin(), output.vals.end());
            }
        }
        return {result, std::nullopt};
    }

    Out evalFilter(const Vals& input, const Node& node)
    {
        Vals results;
        for (const Val& value : input) {
            if (value.type != GoType::Data || !value.json->is_array())
                return {input, goSprint(value) + " is not array or slice and cannot be filtered"};
            for (const Json& item : *value.json) {
                const Vals temp{dataVal(item)};
                Out lefts = evalList(temp, *node.left);
                if (node.text == "exists") {
                    if (!lefts.vals.empty())
                        results.push_back(temp.front());
                    continue;
                }
                if (lefts.err)
                    return {input, lefts.err};
                if (lefts.vals.empty())
                    continue;
                if (lefts.vals.size() > 1)
                    return {input, "can only compare one element at a time"};
                Out rights = evalList(temp, *node.right);
                if (rights.err)
                    return {input, rights.err};
                if (rights.vals.empty())
                    continue;
                if (rights.vals.size() > 1)
                    return {input, "can only compare one element at a time"};
                Truth pass = compare(node.text, lefts.vals.front(), rights.vals.front());
                if (!pass)
                    return {results, pass.error()};
                if (*pass)
                    results.push_back(temp.front());
            }
        }
        return {results, std::nullopt};
    }

    NodePtr m_root;
    bool m_allowMissingKeys = false;
    int m_beginRange = 0;
    int m_inRange = 0;
    int m_endRange = 0;
    std::optional<std::size_t> m_lastEndNode;
    std::deque<Json> m_arena; // literals; a deque keeps their addresses stable
};

Json toJson(const Val& v)
{
    if (v.type == GoType::Invalid)
        return nullptr;
    return *v.json;
}

// PrintResults: maps and slices as compact JSON, everything else as fmt.Fprint, separated by
// spaces; with JSON output, the whole group as one indented JSON array.
std::string printResults(const Vals& results, bool outputJson)
{
    std::string out;
    if (outputJson) {
        Json array = Json::array();
        for (const Val& v : results)
            array.push_back(toJson(v));
        appendGoJson(out, array, 4, 0);
        out += '\n';
        return out;
    }
    for (std::size_t i = 0; i < results.size(); ++i) {
        const Val& r = results[i];
        if (r.type == GoType::Data && (r.json->is_object() || r.json->is_array()))
            appendGoJson(out, *r.json, -1, 0);
        else
            out += evalToText(r);
        if (i + 1 != results.size())
            out += ' ';
    }
    return out;
}

core::Error clientError(std::string message)
{
    return core::makeError(ErrorCode::Client, std::move(message));
}

// ---------------------------------------------------------------------------------------
// text/tabwriter as kubectl configures it (minwidth 6, tabwidth 4, padding 3, ' ').

class TabWriter final {
public:
    TabWriter(int minWidth, int padding) : m_minWidth(minWidth), m_padding(padding) {}

    std::string format(std::string_view text)
    {
        for (std::string_view line : splitAll(text, '\n')) {
            std::vector<std::string> cells;
            for (std::string_view cell : splitAll(line, '\t'))
                cells.emplace_back(cell);
            m_lines.push_back(std::move(cells));
        }
        formatBlock(0, m_lines.size());
        return std::move(m_out);
    }

private:
    static int width(const std::string& cell)
    {
        int n = 0;
        for (std::size_t pos = 0; pos < cell.size(); ++n)
            pos += decodeRune(cell, pos).width;
        return n;
    }

    void formatBlock(std::size_t line0, std::size_t line1)
    {
        const std::size_t column = m_widths.size();
        for (std::size_t row = line0; row < line1; ++row) {
            if (column + 1 >= m_lines[row].size())
                continue;
            // A cell in this column: this line has more cells than the previous one.
            writeLines(line0, row);
            line0 = row;
            int w = m_minWidth;
            for (; row < line1; ++row) {
                if (column + 1 >= m_lines[row].size())
                    break;
                w = std::max(w, width(m_lines[row][column]) + m_padding);
            }
            m_widths.push_back(w);
            formatBlock(line0, row);
            m_widths.pop_back();
            line0 = row;
        }
        writeLines(line0, line1);
    }

    void writeLines(std::size_t line0, std::size_t line1)
    {
        for (std::size_t i = line0; i < line1; ++i) {
            const std::vector<std::string>& line = m_lines[i];
            for (std::size_t j = 0; j < line.size(); ++j) {
                m_out += line[j];
                if (j < m_widths.size())
                    m_out.append(static_cast<std::size_t>(std::max(0, m_widths[j] - width(line[j]))), ' ');
            }
            if (i + 1 != m_lines.size())
                m_out += '\n';
        }
    }

    int m_minWidth = 0;
    int m_padding = 0;
    std::vector<std::vector<std::string>> m_lines;
    std::vector<int> m_widths;
    std::string m_out;
};

// printers.EscapeTerminal.
std::string escapeTerminal(std::string_view in)
{
    std::string out;
    for (char c : in) {
        if (c == '\x1b')
            out += "^[";
        else if (c == '\r')
            out += "\\r";
        else
            out += c;
    }
    return out;
}

// ---------------------------------------------------------------------------------------
// Sorting (kubectl get/sorter.go, with Go's sort.Sort).

// sortorder.NaturalLess: digit runs compare as numbers, other bytes bytewise.
bool naturalLess(std::string_view a, std::string_view b)
{
    std::size_t i = 0;
    std::size_t j = 0;
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    while (i < a.size() && j < b.size()) {
        const char c1 = a[i];
        const char c2 = b[j];
        const bool d1 = digit(c1);
        const bool d2 = digit(c2);
        if (d1 != d2)
            return d1;
        if (!d1) {
            if (c1 != c2)
                return static_cast<unsigned char>(c1) < static_cast<unsigned char>(c2);
            ++i;
            ++j;
            continue;
        }
        while (i < a.size() && a[i] == '0')
            ++i;
        while (j < b.size() && b[j] == '0')
            ++j;
        const std::size_t nonZero1 = i;
        const std::size_t nonZero2 = j;
        while (i < a.size() && digit(a[i]))
            ++i;
        while (j < b.size() && digit(b[j]))
            ++j;
        if (i - nonZero1 != j - nonZero2)
            return i - nonZero1 < j - nonZero2;
        const std::string_view n1 = a.substr(nonZero1, i - nonZero1);
        const std::string_view n2 = b.substr(nonZero2, j - nonZero2);
        if (n1 != n2)
            return n1 < n2;
        if (nonZero1 != nonZero2)
            return nonZero1 < nonZero2;
    }
    return a.size() < b.size();
}

// isLess of kubectl's sorter for the first value each object gives.
Truth sortValueLess(const Val& i, const Val& j)
{
    if (i.type == GoType::Uint8 || i.type == GoType::Int) {
        if (j.type != i.type)
            return std::unexpected(std::string("unsortable type: ") + goTypeName(j));
        return i.type == GoType::Int ? intOf(i) < intOf(j) : uintOf(i) < uintOf(j);
    }
    if (i.type != GoType::Data || j.type != GoType::Data)
        return std::unexpected(std::string("unsortable interface: interface"));
    if (i.isNil() && j.isNil())
        return false;
    if (i.isNil())
        return true;
    if (j.isNil())
        return false;
    const Json& a = *i.json;
    const Json& b = *j.json;
    if (a.is_number_integer() || a.is_number_unsigned()) {
        if (b.is_number_integer() || b.is_number_unsigned())
            return intOf(i) < intOf(j);
    } else if (a.is_number_float()) {
        if (b.is_number_float())
            return a.get<double>() < b.get<double>();
    } else if (a.is_string()) {
        if (b.is_string()) {
            const auto& sa = a.get_ref<const std::string&>();
            const auto& sb = b.get_ref<const std::string&>();
            auto qa = core::Quantity::parse(sa);
            auto qb = qa ? core::Quantity::parse(sb) : qa;
            if (qa && qb)
                return *qa < *qb;
            return naturalLess(sa, sb);
        }
    } else {
        return std::unexpected("unsortable type: " + goTypeName(i));
    }
    return std::unexpected(std::string("unsortable interface: interface"));
}

// Go's sort.Sort (pdqsort, sort/zsortinterface.go) over `less` and `swap` callbacks, so that
// elements that compare equal end in the same order as kubectl's.
template <typename Less, typename Swap>
class GoSorter final {
public:
    GoSorter(Less less, Swap swap) : m_less(std::move(less)), m_swap(std::move(swap)) {}

    void sort(int n)
    {
        if (n <= 1)
            return;
        pdqsort(0, n, bitsLen(static_cast<std::uint64_t>(n)));
    }

private:
    enum class Hint { Unknown, Increasing, Decreasing };

    static int bitsLen(std::uint64_t x)
    {
        int n = 0;
        while (x != 0) {
            ++n;
            x >>= 1;
        }
        return n;
    }

    bool less(int i, int j) { return m_less(i, j); }
    void swap(int i, int j) { m_swap(i, j); }

    void insertionSort(int a, int b)
    {
        for (int i = a + 1; i < b; ++i)
            for (int j = i; j > a && less(j, j - 1); --j)
                swap(j, j - 1);
    }

    void siftDown(int lo, int hi, int first)
    {
        int root = lo;
        for (;;) {
            int child = 2 * root + 1;
            if (child >= hi)
                return;
            if (child + 1 < hi && less(first + child, first + child + 1))
                ++child;
            if (!less(first + root, first + child))
                return;
            swap(first + root, first + child);
            root = child;
        }
    }

    void heapSort(int a, int b)
    {
        const int first = a;
        const int lo = 0;
        const int hi = b - a;
        for (int i = (hi - 1) / 2; i >= 0; --i)
            siftDown(i, hi, first);
        for (int i = hi - 1; i >= 0; --i) {
            swap(first, first + i);
            siftDown(lo, i, first);
        }
    }

    void pdqsort(int a, int b, int limit)
    {
        constexpr int maxInsertion = 12;
        bool wasBalanced = true;
        bool wasPartitioned = true;
        for (;;) {
            const int length = b - a;
            if (length <= maxInsertion) {
                insertionSort(a, b);
                return;
            }
            if (limit == 0) {
                heapSort(a, b);
                return;
            }
            if (!wasBalanced) {
                breakPatterns(a, b);
                --limit;
            }
            auto [pivot, hint] = choosePivot(a, b);
            if (hint == Hint::Decreasing) {
                reverseRange(a, b);
                pivot = (b - 1) - (pivot - a);
                hint = Hint::Increasing;
            }
            if (wasBalanced && wasPartitioned && hint == Hint::Increasing) {
                if (partialInsertionSort(a, b))
                    return;
            }
            if (a > 0 && !less(a - 1, pivot)) {
                a = partitionEqual(a, b, pivot);
                continue;
            }
            auto [mid, alreadyPartitioned] = partition(a, b, pivot);
            wasPartitioned = alreadyPartitioned;
            const int leftLen = mid - a;
            const int rightLen = b - mid;
            const int balanceThreshold = length / 8;
            if (leftLen < rightLen) {
                wasBalanced = leftLen >= balanceThreshold;
                pdqsort(a, mid, limit);
                a = mid + 1;
            } else {
                wasBalanced = rightLen >= balanceThreshold;
                pdqsort(mid + 1, b, limit);
                b = mid;
            }
        }
    }

    std::pair<int, bool> partition(int a, int b, int pivot)
    {
        swap(a, pivot);
        int i = a + 1;
        int j = b - 1;
        while (i <= j && less(i, a))
            ++i;
        while (i <= j && !less(j, a))
            --j;
        if (i > j) {
            swap(j, a);
            return {j, true};
        }
        swap(i, j);
        ++i;
        --j;
        for (;;) {
            while (i <= j && less(i, a))
                ++i;
            while (i <= j && !less(j, a))
                --j;
            if (i > j)
                break;
            swap(i, j);
            ++i;
            --j;
        }
        swap(j, a);
        return {j, false};
    }

    int partitionEqual(int a, int b, int pivot)
    {
        swap(a, pivot);
        int i = a + 1;
        int j = b - 1;
        for (;;) {
            while (i <= j && !less(a, i))
                ++i;
            while (i <= j && less(a, j))
                --j;
            if (i > j)
                break;
            swap(i, j);
            ++i;
            --j;
        }
        return i;
    }

    bool partialInsertionSort(int a, int b)
    {
        constexpr int maxSteps = 5;
        constexpr int shortestShifting = 50;
        int i = a + 1;
        for (int step = 0; step < maxSteps; ++step) {
            while (i < b && !less(i, i - 1))
                ++i;
            if (i == b)
                return true;
            if (b - a < shortestShifting)
                return false;
            swap(i, i - 1);
            if (i - a >= 2) {
                for (int j = i - 1; j >= 1; --j) {
                    if (!less(j, j - 1))
                        break;
                    swap(j, j - 1);
                }
            }
            if (b - i >= 2) {
                for (int j = i + 1; j < b; ++j) {
                    if (!less(j, j - 1))
                        break;
                    swap(j, j - 1);
                }
            }
        }
        return false;
    }

    void breakPatterns(int a, int b)
    {
        const int length = b - a;
        if (length < 8)
            return;
        auto random = static_cast<std::uint64_t>(length);
        const std::uint64_t modulus = std::uint64_t{1} << bitsLen(static_cast<std::uint64_t>(length));
        for (int idx = a + (length / 4) * 2 - 1; idx <= a + (length / 4) * 2 + 1; ++idx) {
            random ^= random << 13;
            random ^= random >> 7;
            random ^= random << 17;
            auto other = static_cast<int>(random & (modulus - 1));
            if (other >= length)
                other -= length;
            swap(idx, a + other);
        }
    }

    std::pair<int, Hint> choosePivot(int a, int b)
    {
        constexpr int shortestNinther = 50;
        constexpr int maxSwaps = 4 * 3;
        const int l = b - a;
        int swaps = 0;
        int i = a + l / 4 * 1;
        int j = a + l / 4 * 2;
        int k = a + l / 4 * 3;
        if (l >= 8) {
            if (l >= shortestNinther) {
                i = median(i - 1, i, i + 1, swaps);
                j = median(j - 1, j, j + 1, swaps);
                k = median(k - 1, k, k + 1, swaps);
            }
            j = median(i, j, k, swaps);
        }
        if (swaps == 0)
            return {j, Hint::Increasing};
        if (swaps == maxSwaps)
            return {j, Hint::Decreasing};
        return {j, Hint::Unknown};
    }

    std::pair<int, int> order2(int a, int b, int& swaps)
    {
        if (less(b, a)) {
            ++swaps;
            return {b, a};
        }
        return {a, b};
    }

    int median(int a, int b, int c, int& swaps)
    {
        std::tie(a, b) = order2(a, b, swaps);
        std::tie(b, c) = order2(b, c, swaps);
        std::tie(a, b) = order2(a, b, swaps);
        return b;
    }

    void reverseRange(int a, int b)
    {
        for (int i = a, j = b - 1; i < j; ++i, --j)
            swap(i, j);
    }

    Less m_less;
    Swap m_swap;
};

enum class SorterKind { Table, List };

core::Result<std::vector<ObjectPtr>> sortObjects(std::string_view path, std::vector<ObjectPtr> objects, SorterKind kind)
{
    std::string field;
    if (kind == SorterKind::List) {
        if (objects.empty())
            return objects;
        auto relaxed = relaxedJsonPathExpression(path);
        if (!relaxed)
            return std::unexpected(relaxed.error());
        field = *relaxed;
    } else {
        auto relaxed = relaxedJsonPathExpression(path);
        field = relaxed ? *relaxed : std::string(path);
    }
    auto root = parseTemplate(field);
    if (!root)
        return std::unexpected(clientError(kind == SorterKind::Table ? "sorting error: " + root.error() : root.error()));

    Evaluator evaluator(*root, true);
    std::vector<std::optional<Val>> keys;
    bool fieldFoundOnce = false;
    for (const ObjectPtr& object : objects) {
        auto values = evaluator.findResults(*object);
        if (!values) {
            if (kind == SorterKind::List)
                return std::unexpected(clientError(values.error()));
            return std::unexpected(clientError("Failed to get values for [][]reflect.Value(nil) using " + field +
                                               " (&errors.errorString{s:" + goQuote(values.error()) + "})"));
        }
        if (!values->empty() && !values->front().empty()) {
            fieldFoundOnce = true;
            keys.emplace_back(values->front().front());
        } else {
            keys.emplace_back(std::nullopt);
        }
    }
    if (!objects.empty() && !fieldFoundOnce)
        return std::unexpected(
            clientError("couldn't find any field with path " + goQuote(field) + " in the list of objects"));

    std::optional<std::string> failure;
    auto less = [&](int i, int j) {
        if (failure)
            return false;
        const auto& a = keys[static_cast<std::size_t>(i)];
        const auto& b = keys[static_cast<std::size_t>(j)];
        if (!a)
            return true;
        if (!b)
            return false;
        Truth result = sortValueLess(*a, *b);
        if (!result) {
            const std::string what = kind == SorterKind::Table ? "[][][]reflect.Value" : "*unstructured.Unstructured";
            const std::string valueKind = a->type == GoType::Uint8 ? "uint8" : "interface";
            failure = "Field " + field + " in " + what + " is an unsortable type: " + valueKind + ", err: " + result.error();
            return false;
        }
        return *result;
    };
    auto swap = [&](int i, int j) {
        std::swap(keys[static_cast<std::size_t>(i)], keys[static_cast<std::size_t>(j)]);
        std::swap(objects[static_cast<std::size_t>(i)], objects[static_cast<std::size_t>(j)]);
    };
    GoSorter<decltype(less), decltype(swap)> sorter(less, swap);
    sorter.sort(static_cast<int>(objects.size()));
    if (failure)
        return std::unexpected(clientError(*failure));
    return objects;
}

// CustomColumnsPrinter.PrintObj over a list: the header line, then one line per object with
// the values of each column joined by commas (`<none>` when a column finds nothing).
core::Result<std::string> printCustomColumns(const std::vector<std::string>& headers,
                                             const std::vector<std::string>& fieldSpecs,
                                             const std::vector<ObjectPtr>& objects, bool noHeaders)
{
    std::string text;
    if (!noHeaders) {
        for (std::size_t i = 0; i < headers.size(); ++i)
            text += (i > 0 ? "\t" : "") + headers[i];
        text += '\n';
    }
    std::vector<Evaluator> parsers;
    for (const std::string& field : fieldSpecs) {
        auto root = parseTemplate(field);
        if (!root)
            return std::unexpected(clientError(root.error()));
        parsers.emplace_back(*root, true);
    }
    for (const ObjectPtr& object : objects) {
        for (std::size_t ix = 0; ix < parsers.size(); ++ix) {
            auto values = parsers[ix].findResults(*object);
            if (!values)
                return std::unexpected(clientError(values.error()));
            std::vector<std::string> strings;
            if (values->empty() || values->front().empty())
                strings.emplace_back("<none>");
            for (const Vals& group : *values)
                for (const Val& value : group)
                    strings.push_back(escapeTerminal(goSprint(value)));
            if (ix > 0)
                text += '\t';
            for (std::size_t k = 0; k < strings.size(); ++k)
                text += (k > 0 ? "," : "") + strings[k];
        }
        text += '\n';
    }
    return TabWriter(6, 3).format(text);
}

// bufio.ScanWords.
std::vector<std::string> splitOnWhitespace(std::string_view line)
{
    std::vector<std::string> words;
    std::size_t pos = 0;
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; };
    while (pos < line.size()) {
        while (pos < line.size() && space(line[pos]))
            ++pos;
        const std::size_t start = pos;
        while (pos < line.size() && !space(line[pos]))
            ++pos;
        if (pos > start)
            words.emplace_back(line.substr(start, pos - start));
    }
    return words;
}

} // namespace

core::Result<std::string> executeJsonPath(std::string_view tmpl, const Json& document, JsonPathOptions options)
{
    auto root = parseTemplate(tmpl);
    if (!root)
        return std::unexpected(clientError(root.error()));
    Evaluator evaluator(*root, options.allowMissingKeys);
    auto groups = evaluator.findResults(document);
    if (!groups)
        return std::unexpected(clientError(groups.error()));
    std::string out;
    for (const Vals& group : *groups)
        out += printResults(group, options.outputJson);
    return out;
}

core::Result<std::string> evaluateJsonPath(std::string_view tmpl, const Json& document, bool asJson)
{
    JsonPathOptions options;
    options.outputJson = asJson;
    return evaluateJsonPath(tmpl, document, options);
}

core::Result<std::string> evaluateJsonPath(std::string_view tmpl, const Json& document, JsonPathOptions options)
{
    if (tmpl.empty())
        return std::unexpected(clientError("template format specified but no template given"));
    auto root = parseTemplate(tmpl);
    if (!root)
        return std::unexpected(clientError("error parsing jsonpath " + std::string(tmpl) + ", " + root.error()));
    Evaluator evaluator(*root, options.allowMissingKeys);
    auto groups = evaluator.findResults(document);
    if (!groups) {
        // JSONPathPrinter.PrintObj's wrapping; kubectl ends the message with the newline that
        // its error printer would otherwise add.
        std::string object;
        appendGoSyntax(object, document);
        return std::unexpected(clientError("error executing jsonpath " + goQuote(tmpl) +
                                           ": Error executing template: " + groups.error() +
                                           ". Printing more information for debugging the template:\n"
                                           "\ttemplate was:\n\t\t" + std::string(tmpl) +
                                           "\n\tobject given to jsonpath engine was:\n\t\t" + object + "\n\n"));
    }
    std::string out;
    for (const Vals& group : *groups)
        out += printResults(group, options.outputJson);
    return out;
}

core::Result<std::string> relaxedJsonPathExpression(std::string_view path)
{
    if (path.empty())
        return std::string(path);
    auto noBraces = [](std::string_view s) { return s.find_first_of("{}") == std::string_view::npos; };
    // `^\{\.?([^{}]+)\}$|^\.?([^{}]+)$`
    std::optional<std::string_view> body;
    if (path.size() >= 2 && path.front() == '{' && path.back() == '}' && noBraces(path.substr(1, path.size() - 2)) &&
        path.size() > 2)
        body = path.substr(1, path.size() - 2);
    else if (noBraces(path))
        body = path;
    if (!body)
        return std::unexpected(clientError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                                           "'{name1.name2}' or '{.name1.name2}'"));
    std::string_view field = *body;
    if (field.size() > 1 && field.front() == '.')
        field.remove_prefix(1);
    return "{." + std::string(field) + "}";
}

core::Result<std::string> customColumns(std::string_view spec, const std::vector<ObjectPtr>& objects, bool noHeaders)
{
    if (spec.empty())
        return std::unexpected(clientError("custom-columns format specified but no custom columns given"));
    std::vector<std::string> headers;
    std::vector<std::string> fieldSpecs;
    for (std::string_view part : splitAll(spec, ',')) {
        const std::size_t colon = part.find(':');
        if (colon == std::string_view::npos)
            return std::unexpected(clientError("unexpected custom-columns spec: " + std::string(part) +
                                               ", expected <header>:<json-path-expr>"));
        auto field = relaxedJsonPathExpression(part.substr(colon + 1));
        if (!field)
            return std::unexpected(field.error());
        headers.emplace_back(part.substr(0, colon));
        fieldSpecs.push_back(*field);
    }
    return printCustomColumns(headers, fieldSpecs, objects, noHeaders);
}

core::Result<std::string> customColumnsFromTemplate(std::string_view templateText, const std::vector<ObjectPtr>& objects)
{
    // bufio.Scanner's lines: split at '\n', a trailing '\r' dropped, no token after a final newline.
    std::vector<std::string_view> lines = splitAll(templateText, '\n');
    if (!lines.empty() && lines.back().empty())
        lines.pop_back();
    for (std::string_view& line : lines)
        if (line.ends_with('\r'))
            line.remove_suffix(1);
    const char* const expected =
        "Expected format is one line of space separated headers, one line of space separated column specs.";
    if (lines.empty())
        return std::unexpected(clientError(std::string("invalid template, missing header line. ") + expected));
    if (lines.size() < 2)
        return std::unexpected(clientError(std::string("invalid template, missing spec line. ") + expected));
    const std::vector<std::string> headers = splitOnWhitespace(lines[0]);
    const std::vector<std::string> specs = splitOnWhitespace(lines[1]);
    if (headers.size() != specs.size())
        return std::unexpected(clientError("number of headers (" + std::to_string(headers.size()) +
                                           ") and field specifications (" + std::to_string(specs.size()) +
                                           ") don't match"));
    std::vector<std::string> fieldSpecs;
    for (const std::string& spec : specs) {
        auto field = relaxedJsonPathExpression(spec);
        if (!field)
            return std::unexpected(field.error());
        fieldSpecs.push_back(*field);
    }
    return printCustomColumns(headers, fieldSpecs, objects, false);
}

core::Result<std::vector<ObjectPtr>> sortByJsonPath(std::string_view path, std::vector<ObjectPtr> objects)
{
    return sortObjects(path, std::move(objects), SorterKind::Table);
}

core::Result<std::vector<ObjectPtr>> sortListByJsonPath(std::string_view path, std::vector<ObjectPtr> objects)
{
    return sortObjects(path, std::move(objects), SorterKind::List);
}

} // namespace kubelab::cli

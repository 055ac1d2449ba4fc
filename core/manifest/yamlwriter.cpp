// SPDX-License-Identifier: GPL-3.0-or-later
// toYaml: the output of go-yaml v2 (under sigs.k8s.io/yaml and `kubectl -o yaml`),
// following its emitter (a port of libyaml's) for block-style documents: which style
// each scalar gets, when strings are folded at 80 columns, where lines are indented.
#include "core/manifest/manifest.h"

#include <string>
#include <string_view>
#include <vector>

#include "core/api/encoding.h"
#include "core/manifest/yamlscalar.h"

namespace kubelab::core {
namespace {

constexpr int bestIndent = 2;
constexpr int bestWidth = 80;

enum class ScalarStyle { Plain, SingleQuoted, DoubleQuoted, Literal };

// Byte-level character classes of libyaml (value[i] with bounds checks).
unsigned char at(std::string_view s, std::size_t i)
{
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
}

std::size_t widthOf(unsigned char c)
{
    if ((c & 0x80) == 0x00)
        return 1;
    if ((c & 0xE0) == 0xC0)
        return 2;
    if ((c & 0xF0) == 0xE0)
        return 3;
    if ((c & 0xF8) == 0xF0)
        return 4;
    return 0;
}

bool isSpace(std::string_view s, std::size_t i)
{
    return at(s, i) == ' ';
}

bool isBlank(std::string_view s, std::size_t i)
{
    return at(s, i) == ' ' || at(s, i) == '\t';
}

bool isBreak(std::string_view s, std::size_t i)
{
    const unsigned char c = at(s, i);
    return c == '\r' || c == '\n' || (c == 0xC2 && at(s, i + 1) == 0x85)
        || (c == 0xE2 && at(s, i + 1) == 0x80 && (at(s, i + 2) == 0xA8 || at(s, i + 2) == 0xA9));
}

bool isBlankOrEnd(std::string_view s, std::size_t i)
{
    return i >= s.size() || isBlank(s, i) || isBreak(s, i) || at(s, i) == 0;
}

bool isPrintable(std::string_view s, std::size_t i)
{
    const unsigned char c = at(s, i);
    const unsigned char c1 = at(s, i + 1);
    const unsigned char c2 = at(s, i + 2);
    return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c == 0xC2 && c1 >= 0xA0) || (c > 0xC2 && c < 0xED)
        || (c == 0xED && c1 < 0xA0) || c == 0xEE
        || (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)));
}

bool startsWithBom(std::string_view s)
{
    return s.size() >= 3 && at(s, 0) == 0xEF && at(s, 1) == 0xBB && at(s, 2) == 0xBF;
}

bool isValidUtf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = at(s, i);
        const std::size_t width = widthOf(c);
        if (width == 0 || i + width > s.size())
            return false;
        unsigned value = width == 1 ? c : width == 2 ? (c & 0x1Fu) : width == 3 ? (c & 0x0Fu) : (c & 0x07u);
        for (std::size_t k = 1; k < width; ++k) {
            if ((at(s, i + k) & 0xC0) != 0x80)
                return false;
            value = (value << 6) | (at(s, i + k) & 0x3Fu);
        }
        if ((width == 2 && value < 0x80) || (width == 3 && value < 0x800) || (width == 4 && value < 0x10000)
            || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
            return false;
        i += width;
    }
    return true;
}

// go-yaml's encodeBase64: 70-character lines, each ending in a newline when there
// is more than one.
std::string encodeBase64Lines(std::string_view data)
{
    const std::string encoded = encodeBase64(data);
    constexpr std::size_t lineLength = 70;
    const std::size_t lines = encoded.size() / lineLength + 1;
    if (lines <= 1)
        return encoded;
    std::string out;
    for (std::size_t k = 0; k < encoded.size(); k += lineLength) {
        out.append(encoded, k, lineLength);
        out += '\n';
    }
    return out;
}

/// What libyaml's yaml_emitter_analyze_scalar finds out about a scalar.
struct ScalarAnalysis {
    bool multiline = false;
    bool flowPlainAllowed = false;
    bool blockPlainAllowed = true;
    bool singleQuotedAllowed = true;
    bool blockAllowed = false;
};

ScalarAnalysis analyzeScalar(std::string_view value)
{
    ScalarAnalysis result;
    if (value.empty())
        return result;

    bool blockIndicators = false;
    bool flowIndicators = false;
    bool lineBreaks = false;
    bool specialCharacters = false;
    bool leadingSpace = false;
    bool leadingBreak = false;
    bool trailingSpace = false;
    bool trailingBreak = false;
    bool breakSpace = false;
    bool spaceBreak = false;
    bool previousSpace = false;
    bool previousBreak = false;

    if (value.starts_with("---") || value.starts_with("...")) {
        blockIndicators = true;
        flowIndicators = true;
    }
    bool precededByWhitespace = true;
    for (std::size_t i = 0, w = 0; i < value.size(); i += w) {
        w = widthOf(at(value, i));
        if (w == 0)
            w = 1;
        const bool followedByWhitespace = i + w >= value.size() || isBlank(value, i + w);
        const char c = value[i];
        if (i == 0) {
            switch (c) {
            case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*': case '!':
            case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
                flowIndicators = true;
                blockIndicators = true;
                break;
            case '?': case ':':
                flowIndicators = true;
                if (followedByWhitespace)
                    blockIndicators = true;
                break;
            case '-':
                if (followedByWhitespace) {
                    flowIndicators = true;
                    blockIndicators = true;
                }
                break;
            default:
                break;
            }
        } else {
            switch (c) {
            case ',': case '?': case '[': case ']': case '{': case '}':
                flowIndicators = true;
                break;
            case ':':
                flowIndicators = true;
                if (followedByWhitespace)
                    blockIndicators = true;
                break;
            case '#':
                if (precededByWhitespace) {
                    flowIndicators = true;
                    blockIndicators = true;
                }
                break;
            default:
                break;
            }
        }

        // libyaml treats U+2028 and U+2029 as line breaks; yaml-cpp (YAML 1.2) reads them
        // as ordinary characters. Escaping them (\L, \P) reads back the same in both.
        const bool unicodeBreak = at(value, i) == 0xE2 && at(value, i + 1) == 0x80
            && (at(value, i + 2) == 0xA8 || at(value, i + 2) == 0xA9);
        if (!isPrintable(value, i) || unicodeBreak)
            specialCharacters = true;
        if (unicodeBreak) {
            previousSpace = false;
            previousBreak = false;
        } else if (isSpace(value, i)) {
            if (i == 0)
                leadingSpace = true;
            if (i + w == value.size())
                trailingSpace = true;
            if (previousBreak)
                breakSpace = true;
            previousSpace = true;
            previousBreak = false;
        } else if (isBreak(value, i)) {
            lineBreaks = true;
            if (i == 0)
                leadingBreak = true;
            if (i + w == value.size())
                trailingBreak = true;
            if (previousSpace)
                spaceBreak = true;
            previousSpace = false;
            previousBreak = true;
        } else {
            previousSpace = false;
            previousBreak = false;
        }
        precededByWhitespace = isBlankOrEnd(value, i);
    }

    result.multiline = lineBreaks;
    result.flowPlainAllowed = true;
    result.blockPlainAllowed = true;
    result.singleQuotedAllowed = true;
    result.blockAllowed = true;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
        result.flowPlainAllowed = false;
        result.blockPlainAllowed = false;
    }
    if (trailingSpace)
        result.blockAllowed = false;
    if (breakSpace) {
        result.flowPlainAllowed = false;
        result.blockPlainAllowed = false;
        result.singleQuotedAllowed = false;
    }
    if (spaceBreak || specialCharacters) {
        result.flowPlainAllowed = false;
        result.blockPlainAllowed = false;
        result.singleQuotedAllowed = false;
        result.blockAllowed = false;
    }
    if (lineBreaks) {
        result.flowPlainAllowed = false;
        result.blockPlainAllowed = false;
    }
    if (flowIndicators)
        result.flowPlainAllowed = false;
    if (blockIndicators)
        result.blockPlainAllowed = false;
    return result;
}

/// A scalar as go-yaml's encoder hands it to the emitter.
struct ScalarEvent {
    std::string value;
    std::string tag; ///< "!!binary" for invalid UTF-8, otherwise empty.
    ScalarStyle requested = ScalarStyle::Plain;
};

ScalarEvent scalarEventOf(const Json& node)
{
    if (node.is_null())
        return {"null", {}, ScalarStyle::Plain};
    if (node.is_boolean())
        return {node.get<bool>() ? "true" : "false", {}, ScalarStyle::Plain};
    if (node.is_number_integer())
        return {node.dump(), {}, ScalarStyle::Plain};
    if (node.is_number_float())
        return {detail::formatYamlFloat(node.get<double>()), {}, ScalarStyle::Plain};
    if (node.is_binary()) {
        const auto& bytes = node.get_binary();
        return {encodeBase64Lines(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size())),
                "!!binary", ScalarStyle::Plain};
    }
    // Strings, as go-yaml's encoder.stringv chooses.
    std::string text = node.is_string() ? node.get<std::string>() : node.dump();
    ScalarEvent event;
    bool canUsePlain = true;
    if (!isValidUtf8(text)) {
        event.tag = "!!binary";
        text = encodeBase64Lines(text);
    } else {
        canUsePlain = detail::resolvePlainScalar(text).type == detail::YamlScalarType::String
            && !detail::isBase60Float(text);
    }
    if (text.find('\n') != std::string::npos)
        event.requested = ScalarStyle::Literal;
    else if (canUsePlain)
        event.requested = ScalarStyle::Plain;
    else
        event.requested = ScalarStyle::DoubleQuoted;
    event.value = std::move(text);
    return event;
}

class YamlEmitter
{
public:
    std::string run(const Json& root)
    {
        emitNode(root, false, false);
        writeIndent(); // Document end.
        return std::move(m_out);
    }

private:
    void emitNode(const Json& node, bool mapping, bool simpleKey)
    {
        m_mappingContext = mapping;
        m_simpleKeyContext = simpleKey;
        if (node.is_object()) {
            if (m_flowLevel > 0 || node.empty())
                emitEmptyFlow("{", "}");
            else
                emitBlockMapping(node);
        } else if (node.is_array()) {
            if (m_flowLevel > 0 || node.empty())
                emitEmptyFlow("[", "]");
            else
                emitBlockSequence(node);
        } else {
            emitScalar(scalarEventOf(node));
        }
    }

    void emitEmptyFlow(std::string_view open, std::string_view close)
    {
        writeIndicator(open, true, true, false);
        writeIndicator(close, false, false, false);
    }

    void emitBlockSequence(const Json& sequence)
    {
        increaseIndent(false, m_mappingContext && !m_indention);
        for (const Json& item : sequence) {
            writeIndent();
            writeIndicator("-", true, false, true);
            emitNode(item, false, false);
        }
        decreaseIndent();
    }

    void emitBlockMapping(const Json& mapping)
    {
        increaseIndent(false, false);
        for (const auto& [key, value] : mapping.items()) {
            writeIndent();
            const ScalarEvent keyEvent = scalarEventOf(Json(key));
            if (isSimpleKey(keyEvent)) {
                emitNode(Json(key), true, true);
                writeIndicator(":", false, false, false);
            } else {
                writeIndicator("?", true, false, true);
                emitNode(Json(key), true, false);
                writeIndent();
                writeIndicator(":", true, false, true);
            }
            emitNode(value, true, false);
        }
        decreaseIndent();
    }

    static bool isSimpleKey(const ScalarEvent& key)
    {
        if (analyzeScalar(key.value).multiline)
            return false;
        return key.value.size() + key.tag.size() <= 128;
    }

    void emitScalar(const ScalarEvent& event)
    {
        const ScalarAnalysis analysis = analyzeScalar(event.value);
        const ScalarStyle style = selectStyle(event, analysis);
        if (!event.tag.empty()) {
            // go-yaml writes `!!binary` as a tag handle and suffix.
            if (!m_whitespace)
                put(' ');
            writeRaw(event.tag);
            m_whitespace = false;
            m_indention = false;
        }
        increaseIndent(true, false);
        switch (style) {
        case ScalarStyle::Plain:
            writePlain(event.value, !m_simpleKeyContext);
            break;
        case ScalarStyle::SingleQuoted:
            writeSingleQuoted(event.value, !m_simpleKeyContext);
            break;
        case ScalarStyle::DoubleQuoted:
            writeDoubleQuoted(event.value, !m_simpleKeyContext);
            break;
        case ScalarStyle::Literal:
            writeLiteral(event.value);
            break;
        }
        decreaseIndent();
    }

    ScalarStyle selectStyle(const ScalarEvent& event, const ScalarAnalysis& analysis) const
    {
        ScalarStyle style = event.requested;
        if (m_simpleKeyContext && analysis.multiline)
            style = ScalarStyle::DoubleQuoted;
        if (style == ScalarStyle::Plain) {
            if ((m_flowLevel > 0 && !analysis.flowPlainAllowed) || (m_flowLevel == 0 && !analysis.blockPlainAllowed))
                style = ScalarStyle::SingleQuoted;
            if (event.value.empty() && (m_flowLevel > 0 || m_simpleKeyContext))
                style = ScalarStyle::SingleQuoted;
        }
        if (style == ScalarStyle::SingleQuoted && !analysis.singleQuotedAllowed)
            style = ScalarStyle::DoubleQuoted;
        if (style == ScalarStyle::Literal && (!analysis.blockAllowed || m_flowLevel > 0 || m_simpleKeyContext))
            style = ScalarStyle::DoubleQuoted;
        return style;
    }

    // Output primitives.
    void put(char c)
    {
        m_out += c;
        ++m_column;
    }

    void putBreak()
    {
        m_out += '\n';
        m_column = 0;
    }

    void writeRaw(std::string_view text)
    {
        for (std::size_t i = 0; i < text.size();)
            write(text, i);
    }

    // Copies one character (all its UTF-8 bytes) and advances one column.
    void write(std::string_view value, std::size_t& i)
    {
        std::size_t width = widthOf(at(value, i));
        if (width == 0)
            width = 1;
        m_out.append(value.substr(i, width));
        i += width;
        ++m_column;
    }

    void writeBreak(std::string_view value, std::size_t& i)
    {
        if (value[i] == '\n') {
            putBreak();
            ++i;
        } else {
            write(value, i);
            m_column = 0;
        }
    }

    void writeIndicator(std::string_view indicator, bool needWhitespace, bool isWhitespace, bool isIndention)
    {
        if (needWhitespace && !m_whitespace)
            put(' ');
        writeRaw(indicator);
        m_whitespace = isWhitespace;
        m_indention = m_indention && isIndention;
    }

    void writeIndent()
    {
        const int indent = m_indent < 0 ? 0 : m_indent;
        if (!m_indention || m_column > indent || (m_column == indent && !m_whitespace))
            putBreak();
        while (m_column < indent)
            put(' ');
        m_whitespace = true;
        m_indention = true;
    }

    void increaseIndent(bool flow, bool indentless)
    {
        m_indents.push_back(m_indent);
        if (m_indent < 0)
            m_indent = flow ? bestIndent : 0;
        else if (!indentless)
            m_indent += bestIndent;
    }

    void decreaseIndent()
    {
        m_indent = m_indents.back();
        m_indents.pop_back();
    }

    void writePlain(std::string_view value, bool allowBreaks)
    {
        if (!m_whitespace)
            put(' ');
        bool spaces = false;
        bool breaks = false;
        for (std::size_t i = 0; i < value.size();) {
            if (isSpace(value, i)) {
                if (allowBreaks && !spaces && m_column > bestWidth && !isSpace(value, i + 1)) {
                    writeIndent();
                    ++i;
                } else {
                    write(value, i);
                }
                spaces = true;
            } else if (isBreak(value, i)) {
                if (!breaks && value[i] == '\n')
                    putBreak();
                writeBreak(value, i);
                m_indention = true;
                breaks = true;
            } else {
                if (breaks)
                    writeIndent();
                write(value, i);
                m_indention = false;
                spaces = false;
                breaks = false;
            }
        }
        m_whitespace = false;
        m_indention = false;
    }

    void writeSingleQuoted(std::string_view value, bool allowBreaks)
    {
        writeIndicator("'", true, false, false);
        bool spaces = false;
        bool breaks = false;
        for (std::size_t i = 0; i < value.size();) {
            if (isSpace(value, i)) {
                if (allowBreaks && !spaces && m_column > bestWidth && i > 0 && i + 1 < value.size()
                    && !isSpace(value, i + 1)) {
                    writeIndent();
                    ++i;
                } else {
                    write(value, i);
                }
                spaces = true;
            } else if (isBreak(value, i)) {
                if (!breaks && value[i] == '\n')
                    putBreak();
                writeBreak(value, i);
                m_indention = true;
                breaks = true;
            } else {
                if (breaks)
                    writeIndent();
                if (value[i] == '\'')
                    put('\'');
                write(value, i);
                m_indention = false;
                spaces = false;
                breaks = false;
            }
        }
        writeIndicator("'", false, false, false);
        m_whitespace = false;
        m_indention = false;
    }

    void writeDoubleQuoted(std::string_view value, bool allowBreaks)
    {
        static constexpr char hexDigits[] = "0123456789ABCDEF";
        const bool bom = startsWithBom(value);
        bool spaces = false;
        writeIndicator("\"", true, false, false);
        for (std::size_t i = 0; i < value.size();) {
            const unsigned char octet = at(value, i);
            if (!isPrintable(value, i) || bom || isBreak(value, i) || octet == '"' || octet == '\\') {
                std::size_t width = widthOf(octet);
                if (width == 0)
                    width = 1;
                unsigned codePoint = width == 1 ? octet & 0x7Fu
                    : width == 2               ? octet & 0x1Fu
                    : width == 3               ? octet & 0x0Fu
                                               : octet & 0x07u;
                for (std::size_t k = 1; k < width; ++k)
                    codePoint = (codePoint << 6) + (at(value, i + k) & 0x3Fu);
                i += width;
                put('\\');
                switch (codePoint) {
                case 0x00: put('0'); break;
                case 0x07: put('a'); break;
                case 0x08: put('b'); break;
                case 0x09: put('t'); break;
                case 0x0A: put('n'); break;
                case 0x0B: put('v'); break;
                case 0x0C: put('f'); break;
                case 0x0D: put('r'); break;
                case 0x1B: put('e'); break;
                case 0x22: put('"'); break;
                case 0x5C: put('\\'); break;
                // go-yaml writes \N and \_ here; yaml-cpp decodes those to single Latin-1
                // bytes, so the \x form (read the same by both) is used instead.
                case 0x2028: put('L'); break;
                case 0x2029: put('P'); break;
                default: {
                    int digits = 8;
                    if (codePoint <= 0xFF) {
                        put('x');
                        digits = 2;
                    } else if (codePoint <= 0xFFFF) {
                        put('u');
                        digits = 4;
                    } else {
                        put('U');
                    }
                    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
                        put(hexDigits[(codePoint >> shift) & 0x0F]);
                    break;
                }
                }
                spaces = false;
            } else if (isSpace(value, i)) {
                if (allowBreaks && !spaces && m_column > bestWidth && i > 0 && i + 1 < value.size()) {
                    writeIndent();
                    if (isSpace(value, i + 1))
                        put('\\');
                    ++i;
                } else {
                    write(value, i);
                }
                spaces = true;
            } else {
                write(value, i);
                spaces = false;
            }
        }
        writeIndicator("\"", false, false, false);
        m_whitespace = false;
        m_indention = false;
    }

    void writeBlockScalarHints(std::string_view value)
    {
        if (isSpace(value, 0) || isBreak(value, 0)) {
            const char hint[] = {static_cast<char>('0' + bestIndent), '\0'};
            writeIndicator(hint, false, false, false);
        }
        char chomp = '\0';
        if (value.empty()) {
            chomp = '-';
        } else {
            std::size_t i = value.size() - 1;
            while (i > 0 && (at(value, i) & 0xC0) == 0x80)
                --i;
            if (!isBreak(value, i)) {
                chomp = '-';
            } else if (i == 0) {
                chomp = '+';
            } else {
                --i;
                while (i > 0 && (at(value, i) & 0xC0) == 0x80)
                    --i;
                if (isBreak(value, i))
                    chomp = '+';
            }
        }
        if (chomp != '\0') {
            const char hint[] = {chomp, '\0'};
            writeIndicator(hint, false, false, false);
        }
    }

    void writeLiteral(std::string_view value)
    {
        writeIndicator("|", true, false, false);
        writeBlockScalarHints(value);
        putBreak();
        m_indention = true;
        m_whitespace = true;
        bool breaks = true;
        for (std::size_t i = 0; i < value.size();) {
            if (isBreak(value, i)) {
                writeBreak(value, i);
                m_indention = true;
                breaks = true;
            } else {
                if (breaks)
                    writeIndent();
                write(value, i);
                m_indention = false;
                breaks = false;
            }
        }
    }

    std::string m_out;
    int m_column = 0;
    bool m_whitespace = true;
    bool m_indention = true;
    int m_indent = -1;
    std::vector<int> m_indents;
    // Collections are written in flow style only when empty, so nothing is ever
    // written inside one and this stays 0; it keeps libyaml's style rules readable.
    int m_flowLevel = 0;
    bool m_mappingContext = false;
    bool m_simpleKeyContext = false;
};

} // namespace

std::string toYaml(const Json& object)
{
    return YamlEmitter().run(object);
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/explain.h"

#include <algorithm>
#include <vector>

#include "core/api/resources.h"
#include "core/api/schema.h"

namespace kubelab::core {

namespace {

// One decoded UTF-8 character and its bytes. Invalid bytes pass through one by one.
struct Rune {
    char32_t code = 0;
    std::string_view bytes;
};

Rune nextRune(std::string_view text, std::size_t& pos)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    std::size_t length = 1;
    char32_t code = lead;
    if (lead >= 0xF0 && lead < 0xF8) {
        length = 4;
        code = lead & 0x07;
    } else if (lead >= 0xE0) {
        length = 3;
        code = lead & 0x0F;
    } else if (lead >= 0xC0) {
        length = 2;
        code = lead & 0x1F;
    }
    if (length > 1) {
        if (pos + length > text.size()) {
            length = 1;
            code = lead;
        } else {
            for (std::size_t i = 1; i < length; ++i) {
                if ((byte(pos + i) & 0xC0) != 0x80) {
                    length = 1;
                    code = lead;
                    break;
                }
                code = (code << 6) | (byte(pos + i) & 0x3F);
            }
        }
    }
    Rune rune{code, text.substr(pos, length)};
    pos += length;
    return rune;
}

// Go's unicode.IsSpace.
bool isSpace(char32_t c)
{
    switch (c) {
    case U'\t': case U'\n': case U'\v': case U'\f': case U'\r': case U' ':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200A;
    }
}

// East Asian wide and fullwidth characters: two terminal columns each.
bool isWide(char32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF)
           || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF)
           || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F)
           || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

// Chinese line-breaking rules: no line starts with closing punctuation and none ends with
// opening punctuation.
bool noBreakBefore(char32_t c)
{
    static constexpr std::u32string_view closing = U"，。、；：？！）」』】》〉”’…,.;:!?)]}%";
    return closing.find(c) != std::u32string_view::npos;
}

bool noBreakAfter(char32_t c)
{
    static constexpr std::u32string_view opening = U"（「『【《〈“‘([{";
    return opening.find(c) != std::u32string_view::npos;
}

std::string indent(std::size_t amount, std::string_view text)
{
    const std::string pad(amount, ' ');
    std::string out = pad;
    for (char c : text) {
        out += c;
        if (c == '\n')
            out += pad;
    }
    return out;
}

std::string quoteEnumValue(std::string_view value)
{
    return value.empty() ? std::string("\"\"") : std::string(value);
}

class Printer {
public:
    Printer(const Schema& schema, Language language, bool recursive)
        : m_schema(schema), m_language(language), m_recursive(recursive)
    {
    }

    // The "fieldList" template: every field of `type` at `level`, and in recursive mode the
    // fields of the types they refer to, skipping a type already being listed above.
    void fieldList(const SchemaType& type, int level, std::vector<std::string>& history, std::string& out) const
    {
        for (const SchemaField& field : type.fields) {
            fieldDetail(field, level, out);
            if (!m_recursive || field.ref.empty())
                continue;
            if (std::ranges::find(history, field.ref) != history.end())
                continue;
            const SchemaType* child = m_schema.type(field.ref);
            if (!child || child->fields.empty())
                continue;
            history.push_back(field.ref);
            fieldList(*child, level + 1, history, out);
            history.pop_back();
        }
    }

    // The "fieldDetail" template.
    void fieldDetail(const SchemaField& field, int level, std::string& out) const
    {
        const std::size_t indentAmount = static_cast<std::size_t>(level) * 2;
        out += indent(indentAmount, field.name);
        out += "\t<" + field.type + ">";
        if (field.required)
            out += " -required-";
        std::span<const SchemaEnumValue> values = m_schema.enumValues(field.enumType);
        if (!values.empty()) {
            out += '\n';
            out += std::string(indentAmount, ' ');
            out += "enum: ";
            for (std::size_t i = 0; i < values.size(); ++i) {
                if (i >= 4) {
                    out += ", ....";
                    break;
                }
                if (i > 0)
                    out += ", ";
                out += quoteEnumValue(values[i].value);
            }
        }
        out += '\n';
        if (m_recursive)
            return;
        std::string description = m_schema.fieldDescription(field, m_language);
        if (description.empty())
            description = "<no description>";
        out += indent(indentAmount + 2, wrapText(description, 78 - indentAmount));
        out += "\n\n";
    }

    // The "FIELD: name <type>" line and its long-form enum list.
    void fieldHeader(const SchemaField& field, std::string& out) const
    {
        out += "FIELD: " + field.name + " <" + field.type + ">\n";
        std::span<const SchemaEnumValue> values = m_schema.enumValues(field.enumType);
        if (!values.empty()) {
            out += "ENUM:";
            for (const SchemaEnumValue& value : values)
                out += "\n    " + quoteEnumValue(value.value);
        }
        out += "\n\n";
    }

    // DESCRIPTION: the text (each part ending in a new line), wrapped at 76 and indented.
    void description(std::string text, std::string& out) const
    {
        if (text.empty())
            text = "<empty>";
        out += "DESCRIPTION:\n";
        out += indent(4, wrapText(text, 76));
        out += '\n';
    }

    void fields(const SchemaType& type, std::vector<std::string> history, std::string& out) const
    {
        std::string list;
        fieldList(type, 1, history, list);
        if (!list.empty())
            out += "FIELDS:\n" + list;
    }

    [[nodiscard]] std::string typeText(const SchemaType& type) const
    {
        std::string text(m_schema.typeDescription(type, m_language));
        if (!text.empty())
            text += '\n';
        return text;
    }

    [[nodiscard]] std::string fieldText(const SchemaField& field) const
    {
        std::string text = m_schema.fieldDescription(field, m_language);
        if (!text.empty())
            text += '\n';
        if (const SchemaType* ref = field.ref.empty() ? nullptr : m_schema.type(field.ref))
            text += typeText(*ref);
        return text;
    }

private:
    const Schema& m_schema;
    Language m_language;
    bool m_recursive;
};

std::vector<std::string> splitDots(std::string_view text)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = text.find('.', start);
        parts.emplace_back(text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos)
            return parts;
        start = dot + 1;
    }
}

} // namespace

std::string wrapText(std::string_view text, std::size_t limit)
{
    std::string out;
    out.reserve(text.size() + text.size() / std::max<std::size_t>(limit, 1) + 1);
    std::size_t current = 0;
    std::string word;
    std::string spaces;
    std::size_t wordLength = 0;
    std::size_t spaceLength = 0;
    char32_t previous = 0;

    const auto flush = [&] {
        current += spaceLength + wordLength;
        out += spaces;
        out += word;
        spaces.clear();
        word.clear();
        spaceLength = 0;
        wordLength = 0;
    };

    for (std::size_t pos = 0; pos < text.size();) {
        const Rune rune = nextRune(text, pos);
        if (rune.code == U'\n') {
            if (word.empty()) {
                if (current + spaceLength > limit) {
                    current = 0;
                } else {
                    current += spaceLength;
                    out += spaces;
                }
                spaces.clear();
                spaceLength = 0;
            } else {
                flush();
            }
            out += '\n';
            current = 0;
        } else if (isSpace(rune.code) && rune.code != 0xA0) {
            if (spaces.empty() || !word.empty())
                flush();
            spaces += rune.bytes;
            ++spaceLength;
        } else {
            if (!word.empty() && (isWide(previous) || isWide(rune.code)) && !noBreakBefore(rune.code)
                && !noBreakAfter(previous))
                flush();
            word += rune.bytes;
            wordLength += isWide(rune.code) ? 2 : 1;
            if (current + spaceLength + wordLength > limit && wordLength < limit) {
                out += '\n';
                current = 0;
                spaces.clear();
                spaceLength = 0;
            }
            previous = rune.code;
        }
    }

    if (word.empty()) {
        if (current + spaceLength <= limit)
            out += spaces;
    } else {
        out += spaces;
        out += word;
    }
    return out;
}

Result<std::string> explain(std::string_view path, bool recursive, Language language)
{
    const Result<Schema>& compiled = apiSchema();
    if (!compiled)
        return fail(compiled.error());
    const Schema& schema = *compiled;

    // kubectl's splitDotNotation: a trailing period is ignored, the first segment names the
    // resource and the rest are fields.
    if (path.ends_with('.'))
        path.remove_suffix(1);
    std::vector<std::string> segments = splitDots(path);
    const std::string resourceName = segments.front();
    const std::vector<std::string> fieldPath(segments.begin() + 1, segments.end());

    const ResourceInfo* resource = findResource(resourceName);
    if (!resource)
        return fail(ErrorCode::Client, "the server doesn't have a resource type \"" + resourceName + "\"");
    const SchemaType* kindType = schema.kind(resource->group, resource->version, resource->kind);
    if (!kindType) {
        std::string gvk = resource->group.empty() ? std::string("/") : std::string(resource->group) + "/";
        gvk += std::string(resource->version) + ", Kind=" + std::string(resource->kind);
        return fail(ErrorCode::Client, "GVK " + gvk + " not found in OpenAPI schema");
    }

    Printer printer(schema, language, recursive);
    std::string out;
    if (!resource->group.empty())
        out += "GROUP:      " + std::string(resource->group) + "\n";
    out += "KIND:       " + std::string(resource->kind) + "\n";
    out += "VERSION:    " + std::string(resource->version) + "\n";
    out += "\n";

    if (fieldPath.empty()) {
        printer.description(printer.typeText(*kindType), out);
        printer.fields(*kindType, {}, out);
    } else {
        const auto notFound = [&] {
            return fail(ErrorCode::Client, "field \"" + fieldPath.back() + "\" does not exist");
        };
        const SchemaType* type = kindType;
        const SchemaField* field = nullptr;
        for (std::size_t i = 0; i < fieldPath.size(); ++i) {
            if (!type)
                return notFound();
            field = type->field(fieldPath[i]);
            if (!field)
                return notFound();
            type = field->ref.empty() ? nullptr : schema.type(field->ref);
        }
        printer.fieldHeader(*field, out);
        printer.description(printer.fieldText(*field), out);
        if (type)
            printer.fields(*type, {field->ref}, out);
    }
    out += '\n';
    return out;
}

} // namespace kubelab::core

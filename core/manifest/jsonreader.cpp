// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/manifest/jsonreader.h"

#include <cstdint>
#include <exception>
#include <iterator>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/manifest/manifest.h"

namespace kubelab::core::detail {
namespace {

/// A `const char*` that publishes how far nlohmann's lexer has read, so SAX events
/// can be given a position in the text.
class TrackingIterator
{
public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    TrackingIterator() = default;
    TrackingIterator(const char* position, const char** cursor)
        : m_position(position)
        , m_cursor(cursor)
    {
    }

    reference operator*() const { return *m_position; }
    TrackingIterator& operator++()
    {
        ++m_position;
        if (m_cursor != nullptr)
            *m_cursor = m_position;
        return *this;
    }
    TrackingIterator operator++(int)
    {
        TrackingIterator before = *this;
        ++*this;
        return before;
    }
    bool operator==(const TrackingIterator& other) const { return m_position == other.m_position; }

private:
    const char* m_position = nullptr;
    const char** m_cursor = nullptr;
};

/// Raised by the SAX handler for errors it finds itself (depth, duplicate keys).
struct HandlerError {
    std::size_t offset = 0;
    std::string message;
};

// Go's quoteChar for the character at `offset`.
std::string quoteChar(std::string_view text, std::size_t offset)
{
    const char c = text[offset];
    switch (c) {
    case '\'':
        return "'\\''";
    case '"':
        return "'\"'";
    case '\n':
        return "'\\n'";
    case '\t':
        return "'\\t'";
    case '\r':
        return "'\\r'";
    default:
        break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
        static constexpr char hex[] = "0123456789abcdef";
        return std::string("'\\x") + hex[byte >> 4] + hex[byte & 0x0F] + "'";
    }
    std::size_t width = 1;
    if (byte >= 0xF0)
        width = 4;
    else if (byte >= 0xE0)
        width = 3;
    else if (byte >= 0xC0)
        width = 2;
    return "'" + std::string(text.substr(offset, width)) + "'";
}

bool isNumberChar(char c)
{
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

bool isLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The opening quote of the string whose closing quote is at `close`.
std::size_t openingQuote(std::string_view text, std::size_t close)
{
    std::size_t i = close;
    while (i > 0) {
        --i;
        if (text[i] != '"')
            continue;
        std::size_t backslashes = 0;
        while (backslashes < i && text[i - 1 - backslashes] == '\\')
            ++backslashes;
        if (backslashes % 2 == 0)
            return i;
    }
    return close;
}

class JsonBuilder
{
public:
    using number_integer_t = Json::number_integer_t;
    using number_unsigned_t = Json::number_unsigned_t;
    using number_float_t = Json::number_float_t;
    using string_t = Json::string_t;
    using binary_t = Json::binary_t;

    JsonBuilder(std::string_view text, std::string_view file, const char** cursor)
        : m_text(text)
        , m_lines(text, file)
        , m_cursor(cursor)
    {
    }

    bool null() { return add(Json(nullptr)); }
    bool boolean(bool value) { return add(Json(value)); }
    bool number_integer(number_integer_t value) { return add(Json(value)); }
    bool number_unsigned(number_unsigned_t value)
    {
        // kubectl reads every JSON number that fits int64 as an integer, others as floats.
        if (value <= static_cast<number_unsigned_t>(std::numeric_limits<number_integer_t>::max()))
            return add(Json(static_cast<number_integer_t>(value)));
        return add(Json(static_cast<double>(value)));
    }
    bool number_float(number_float_t value, const string_t& /*text*/) { return add(Json(value)); }
    bool string(string_t& value) { return add(Json(std::move(value))); }
    bool binary(binary_t& value) { return add(Json::binary(std::move(value))); }

    bool start_object(std::size_t /*size*/) { return push(Json::object()); }
    bool end_object() { return pop(); }
    bool start_array(std::size_t /*size*/) { return push(Json::array()); }
    bool end_array() { return pop(); }

    bool key(string_t& key)
    {
        Frame& top = m_stack.back();
        const std::size_t close = consumed() - 1;
        const std::size_t open = openingQuote(m_text, close);
        const auto it = top.keys.find(key);
        if (it != top.keys.end()) {
            m_error = HandlerError{open, "mapping key \"" + key + "\" already defined at line "
                                             + std::to_string(locationAt(m_text, it->second, {}).line)};
            return false;
        }
        top.keys.emplace(key, open);
        top.key = std::move(key);
        return true;
    }

    bool parse_error(std::size_t position, const std::string& /*lastToken*/, const nlohmann::detail::exception& ex)
    {
        m_parseError = std::make_pair(position, std::string(ex.what()));
        return false;
    }

    Json takeValue() { return std::move(m_root); }
    std::vector<Location> takeItemOffsets() { return std::move(m_itemLocations); }
    std::size_t rootOffset() const { return m_rootOffset; }
    const std::optional<HandlerError>& error() const { return m_error; }
    const std::optional<std::pair<std::size_t, std::string>>& parseError() const { return m_parseError; }

private:
    struct Frame {
        Json value;
        std::string key;
        std::unordered_map<std::string, std::size_t> keys;
        bool recordItems = false;
    };

    std::size_t consumed() const { return static_cast<std::size_t>(*m_cursor - m_text.data()); }

    bool push(Json value)
    {
        const std::size_t offset = consumed() - 1;
        if (static_cast<int>(m_stack.size()) + 1 > maxManifestDepth) {
            m_error = HandlerError{offset, "document is nested deeper than " + std::to_string(maxManifestDepth)
                                               + " levels"};
            return false;
        }
        if (m_stack.empty())
            m_rootOffset = offset;
        else if (m_stack.back().recordItems)
            m_itemLocations.push_back(m_lines.at(offset));
        Frame frame;
        frame.recordItems = value.is_array() && m_stack.size() == 1 && m_stack.back().value.is_object()
            && m_stack.back().key == "items";
        frame.value = std::move(value);
        m_stack.push_back(std::move(frame));
        return true;
    }

    bool pop()
    {
        Json value = std::move(m_stack.back().value);
        m_stack.pop_back();
        return add(std::move(value));
    }

    bool add(Json value)
    {
        if (m_stack.empty()) {
            m_root = std::move(value);
            return true;
        }
        Frame& top = m_stack.back();
        if (top.value.is_array()) {
            top.value.get_ref<Json::array_t&>().push_back(std::move(value));
        } else {
            // Appends directly: ordered_json's own insert scans for the key, and
            // duplicates were refused in key().
            top.value.get_ref<Json::object_t&>().emplace_back(std::move(top.key), std::move(value));
            top.key.clear();
        }
        return true;
    }

    std::string_view m_text;
    LineCounter m_lines;
    const char** m_cursor = nullptr;
    std::vector<Frame> m_stack;
    Json m_root;
    std::size_t m_rootOffset = 0;
    std::vector<Location> m_itemLocations;
    std::optional<HandlerError> m_error;
    std::optional<std::pair<std::size_t, std::string>> m_parseError;
};

// nlohmann's parse error in the words of Go's encoding/json, at the offending character.
std::pair<std::size_t, std::string> describeSyntaxError(std::string_view text, std::size_t position,
                                                        const std::string& what)
{
    if (position == 0 || position > text.size())
        return {text.size(), "unexpected end of JSON input"};
    std::size_t offset = position - 1;

    std::string context;
    std::string detail;
    if (const auto at = what.find("while parsing "); at != std::string::npos) {
        const auto dash = what.find(" - ", at);
        context = what.substr(at + 14, dash == std::string::npos ? std::string::npos : dash - at - 14);
        if (dash != std::string::npos)
            detail = what.substr(dash + 3);
    }
    if (detail.find("end of input") != std::string::npos && detail.starts_with("unexpected end"))
        return {text.size(), "unexpected end of JSON input"};
    if (detail.starts_with("invalid string: missing closing quote"))
        return {text.size(), "unexpected end of JSON input"};

    auto located = [&](std::size_t where, const std::string& how) {
        return std::make_pair(where, "invalid character " + quoteChar(text, where) + " " + how);
    };

    if (detail.starts_with("invalid string: control character"))
        return located(offset, "in string literal");
    if (detail.starts_with("invalid string: forbidden character after backslash"))
        return located(offset, "in string escape code");
    if (detail.starts_with("invalid string: '\\u' must be followed by 4 hex digits"))
        return located(offset, "in \\u hexadecimal character escape");
    if (detail.starts_with("invalid number; expected digit after '.'"))
        return located(offset, "after decimal point in numeric literal");
    if (detail.starts_with("invalid number; expected '+', '-', or digit after exponent")
        || detail.starts_with("invalid number; expected digit after exponent sign"))
        return located(offset, "in exponent of numeric literal");
    if (detail.starts_with("invalid number"))
        return located(offset, "in numeric literal");
    if (detail.starts_with("invalid string"))
        return {offset, detail.substr(0, detail.find(';')) + " in string literal"};

    // A token that cannot stand here: point at its first character.
    std::size_t start = offset;
    if (detail.starts_with("invalid literal")) {
        std::size_t wordStart = offset;
        while (wordStart > 0 && isLetter(text[wordStart - 1]))
            --wordStart;
        if (wordStart < offset && (text[wordStart] == 't' || text[wordStart] == 'f' || text[wordStart] == 'n')) {
            const std::string_view word = text[wordStart] == 't' ? "true" : text[wordStart] == 'f' ? "false" : "null";
            // The lexer stops at the first character that breaks the word.
            std::size_t k = 0;
            while (wordStart + k < text.size() && k < word.size() && text[wordStart + k] == word[k])
                ++k;
            if (k < word.size() && wordStart + k < text.size()) {
                return {wordStart + k, "invalid character " + quoteChar(text, wordStart + k) + " in literal "
                                           + std::string(word) + " (expecting '" + word[k] + "')"};
            }
        }
    } else if (text[offset] == '"') {
        start = openingQuote(text, offset);
    } else if (isNumberChar(text[offset])) {
        while (start > 0 && isNumberChar(text[start - 1]))
            --start;
    } else if (isLetter(text[offset])) {
        while (start > 0 && isLetter(text[start - 1]))
            --start;
    }

    if (context == "object key")
        return located(start, "looking for beginning of object key string");
    if (context == "object separator")
        return located(start, "after object key");
    if (context == "object")
        return located(start, "after object key:value pair");
    if (context == "array")
        return located(start, "after array element");
    if (detail.find("expected end of input") != std::string::npos)
        return located(start, "after top-level value");
    return located(start, "looking for beginning of value");
}

} // namespace

Result<RawDocument> readJsonDocument(std::string_view text, std::string_view fileName)
{
    try {
        const char* cursor = text.data();
        JsonBuilder builder(text, fileName, &cursor);
        const bool ok = Json::sax_parse(TrackingIterator(text.data(), &cursor),
                                        TrackingIterator(text.data() + text.size(), nullptr), &builder);
        if (const auto& error = builder.error())
            return fail(ErrorCode::Parse, error->message, locationAt(text, error->offset, fileName));
        if (const auto& parseError = builder.parseError()) {
            auto [offset, message] = describeSyntaxError(text, parseError->first, parseError->second);
            return fail(ErrorCode::Parse, std::move(message), locationAt(text, offset, fileName));
        }
        if (!ok)
            return fail(ErrorCode::Parse, "unexpected end of JSON input", locationAt(text, text.size(), fileName));
        RawDocument document;
        document.location = locationAt(text, builder.rootOffset(), fileName);
        document.value = builder.takeValue();
        document.itemLocations = builder.takeItemOffsets();
        return document;
    } catch (const std::bad_alloc&) {
        return fail(ErrorCode::Parse, "out of memory", fileLocation(fileName));
    } catch (const std::exception& e) {
        return fail(ErrorCode::Parse, e.what(), fileLocation(fileName));
    } catch (...) {
        return fail(ErrorCode::Parse, "unknown error while reading JSON", fileLocation(fileName));
    }
}

} // namespace kubelab::core::detail

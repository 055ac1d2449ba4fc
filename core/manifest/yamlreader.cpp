// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/manifest/yamlreader.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <new>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "core/api/encoding.h"
#include "core/manifest/manifest.h"
#include "core/manifest/yamlscalar.h"

namespace kubelab::core::detail {
namespace {

// kubectl's wording around go-yaml's messages.
constexpr std::string_view yamlPrefix = "error converting YAML to JSON: yaml: ";
constexpr std::string_view longTagPrefix = "tag:yaml.org,2002:";

/// Thrown from inside the event handler to stop yaml-cpp; caught at the boundary.
struct StopParsing {
    Error error;
};

std::string shortTag(std::string_view tag)
{
    if (tag.starts_with(longTagPrefix))
        return "!!" + std::string(tag.substr(longTagPrefix.size()));
    return std::string(tag);
}

std::string tagOf(YamlScalarType type)
{
    switch (type) {
    case YamlScalarType::Null:
        return "!!null";
    case YamlScalarType::Bool:
        return "!!bool";
    case YamlScalarType::Int:
        return "!!int";
    case YamlScalarType::Float:
        return "!!float";
    case YamlScalarType::Timestamp:
        return "!!timestamp";
    case YamlScalarType::Merge:
        return "!!merge";
    case YamlScalarType::String:
        break;
    }
    return "!!str";
}

/// yaml-cpp decodes the `\N` and `\_` escapes to single Latin-1 bytes (0x85, 0xA0);
/// the input is valid UTF-8, so any invalid byte in a value comes from them and is
/// re-encoded as the character it stands for.
void repairLatin1Escapes(std::string& value)
{
    std::string out;
    bool changed = false;
    for (std::size_t i = 0; i < value.size();) {
        const auto c = static_cast<unsigned char>(value[i]);
        std::size_t width = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        bool valid = width > 0 && i + width <= value.size();
        for (std::size_t k = 1; valid && k < width; ++k)
            valid = (static_cast<unsigned char>(value[i + k]) & 0xC0) == 0x80;
        if (valid) {
            out.append(value, i, width);
            i += width;
        } else {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
            ++i;
            changed = true;
        }
    }
    if (changed)
        value = std::move(out);
}

/// yaml-cpp's messages in libyaml's (and so go-yaml's and kubectl's) words.
std::string translateParserMessage(const std::string& message, std::string_view text, int pos)
{
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> table{{
        {"illegal map value", "mapping values are not allowed in this context"},
        {"end of map not found", "did not find expected key"},
        {"end of sequence not found", "did not find expected '-' indicator"},
        {"end of map flow not found", "did not find expected ',' or '}'"},
        {"end of sequence flow not found", "did not find expected ',' or ']'"},
        {"illegal tab when looking for indentation", "found character that cannot start any token"},
        {"unknown token", "found character that cannot start any token"},
        {"illegal block entry", "block sequence entries are not allowed in this context"},
        {"illegal map key", "mapping keys are not allowed in this context"},
        {"illegal EOF in scalar", "found unexpected end of stream"},
        {"illegal document indicator in scalar", "found unexpected document indicator"},
        {"alias not found after *", "did not find expected alphabetic or numeric character"},
        {"anchor not found after &", "did not find expected alphabetic or numeric character"},
        {"unknown escape character: ", "found unknown escape character"},
    }};
    if (message == YAML::ErrorMsg::UNKNOWN_ANCHOR && pos >= 0 && static_cast<std::size_t>(pos) < text.size()) {
        // The mark is on the alias: read its name from the source.
        std::size_t start = static_cast<std::size_t>(pos);
        if (text[start] == '*')
            ++start;
        std::size_t end = start;
        while (end < text.size() && text[end] != ' ' && text[end] != '\n' && text[end] != '\r'
               && text[end] != '\t' && text[end] != ',' && text[end] != ']' && text[end] != '}')
            ++end;
        return "unknown anchor '" + std::string(text.substr(start, end - start)) + "' referenced";
    }
    for (const auto& [from, to] : table) {
        if (message == from || (from.back() == ' ' && message.starts_with(from)))
            return std::string(to);
    }
    return message;
}

class DocumentBuilder final : public YAML::EventHandler
{
public:
    DocumentBuilder(std::string_view text, std::string_view file)
        : m_text(text)
        , m_file(file)
        , m_lines(text, file)
    {
    }

    std::vector<RawDocument> takeDocuments() { return std::move(m_documents); }

    void OnDocumentStart(const YAML::Mark& mark) override
    {
        const std::size_t offset = offsetOf(mark);
        if (m_documentCount > 0 && !startsExplicitly(offset))
            fail(offset, std::string(yamlPrefix) + "did not find expected <document start>");
        ++m_documentCount;
        m_anchors.clear();
        m_anchorNames.clear();
        m_anchorCount = 0;
        m_stack.clear();
        m_current = RawDocument{};
        m_haveRoot = false;
    }

    void OnDocumentEnd() override
    {
        if (m_haveRoot)
            m_documents.push_back(std::move(m_current));
        m_current = RawDocument{};
        m_haveRoot = false;
    }

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        Node node{Json(nullptr), offsetOf(mark)};
        node.nullFromOnNull = true;
        remember(anchor, node);
        add(std::move(node));
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        const std::size_t offset = offsetOf(mark);
        checkNodeStart(offset);
        const auto it = m_anchors.find(anchor);
        if (it == m_anchors.end())
            fail(offset, std::string(yamlPrefix) + "anchor '" + anchorName(anchor) + "' value contains itself");
        const Anchor& target = it->second;
        if (static_cast<int>(m_stack.size()) + target.height > maxManifestDepth)
            failDepth(offset);
        spendAliasBudget(target.nodes, offset);
        add(Node{target.value, offset, target.nodes, target.height});
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& rawValue) override
    {
        std::string value = rawValue;
        repairLatin1Escapes(value);
        const std::size_t offset = offsetOf(mark);
        checkNodeStart(offset);
        checkTag(tag, offset);
        checkQuotedScalarEnds(offset);
        Node node{Json(), offset};
        if (tag == "?") {
            ResolvedScalar resolved = resolvePlainScalar(value);
            node.mergeKey = resolved.type == YamlScalarType::Merge;
            node.value = std::move(resolved.value);
        } else if (tag == "!") {
            node.value = value;
        } else {
            node.value = resolveTagged(tag, value, offset);
        }
        remember(anchor, node);
        add(std::move(node));
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override
    {
        checkTag(tag, offsetOf(mark));
        push(false, mark, anchor, style == YAML::EmitterStyle::Flow);
    }

    void OnSequenceEnd() override { pop(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override
    {
        checkTag(tag, offsetOf(mark));
        push(true, mark, anchor, style == YAML::EmitterStyle::Flow);
    }

    void OnMapEnd() override { pop(); }

    void OnAnchor(const YAML::Mark& mark, const std::string& name) override
    {
        // libyaml's anchors are made of letters, digits, '_' and '-' only.
        const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
        });
        if (!valid)
            fail(offsetOf(mark), std::string(yamlPrefix) + "did not find expected alphabetic or numeric character");
        // yaml-cpp numbers anchors 1, 2, ... in each document, in this order.
        m_anchorNames[++m_anchorCount] = name;
    }

private:
    struct Node {
        Json value;
        std::size_t offset = 0;
        std::size_t nodes = 1;
        int height = 0;
        bool mergeKey = false;
        bool nullFromOnNull = false;
    };

    struct KeySlot {
        std::size_t index = 0;
        std::size_t offset = 0; ///< Where the explicit key is, for duplicate-key errors.
        bool explicitKey = false;
    };

    struct Frame {
        Json value;
        std::size_t offset = 0;
        YAML::anchor_t anchor = 0;
        bool isMap = false;
        bool flow = false;
        std::size_t nodes = 1;
        int height = 1;
        // Mappings: the key read last, waiting for its value.
        bool haveKey = false;
        std::string key;
        std::size_t keyOffset = 0;
        bool mergeKey = false;
        std::unordered_map<std::string, KeySlot> keys;
        // The top-level `items` sequence records where its elements start.
        bool recordItems = false;
        std::vector<Location> items;
    };

    struct Anchor {
        Json value;
        std::size_t nodes = 1;
        int height = 0;
    };

    [[noreturn]] void fail(std::size_t offset, std::string message) const
    {
        throw StopParsing{makeError(ErrorCode::Parse, std::move(message), locationAt(m_text, offset, m_file))};
    }

    Location locate(std::size_t offset) { return m_lines.at(offset); }

    [[noreturn]] void failDepth(std::size_t offset) const
    {
        fail(offset, std::string(yamlPrefix) + "document is nested deeper than "
                 + std::to_string(maxManifestDepth) + " levels");
    }

    std::size_t offsetOf(const YAML::Mark& mark) const
    {
        if (mark.pos < 0)
            return m_text.size();
        return std::min(static_cast<std::size_t>(mark.pos), m_text.size());
    }

    std::string anchorName(YAML::anchor_t anchor) const
    {
        const auto it = m_anchorNames.find(anchor);
        return it == m_anchorNames.end() ? std::string("?") : it->second;
    }

    // Every document after the first needs `---` (yaml-cpp quietly starts a new
    // document, even right after `...`, where libyaml reports an error).
    bool startsExplicitly(std::size_t offset) const
    {
        const std::string_view rest = m_text.substr(offset);
        return rest.starts_with("---") || rest.starts_with("%");
    }

    // libyaml refuses tabs where it looks for the next token in block context: as
    // indentation and after `- `, `? ` and `: ` indicators at the start of a line.
    void checkNodeStart(std::size_t offset) const
    {
        if (!m_stack.empty() && m_stack.back().flow)
            return;
        const std::size_t lineStart = offset == 0 ? 0 : m_text.rfind('\n', offset - 1) + 1;
        const std::string_view prefix = m_text.substr(lineStart, offset - lineStart);
        const std::size_t tab = prefix.find('\t');
        if (tab != std::string_view::npos && prefix.find_first_not_of(" \t-?:") == std::string_view::npos)
            fail(lineStart + tab, std::string(yamlPrefix) + "found character that cannot start any token");
    }

    // Named tag handles (`!e!x`) must be declared with %TAG; yaml-cpp leaves
    // undeclared ones unresolved.
    void checkTag(const std::string& tag, std::size_t offset) const
    {
        if (tag.size() > 1 && tag[0] == '!' && tag.find('!', 1) != std::string::npos)
            fail(offset, std::string(yamlPrefix) + "found undefined tag handle");
    }

    // yaml-cpp accepts a quoted scalar that runs into the end of the input.
    void checkQuotedScalarEnds(std::size_t offset) const
    {
        std::size_t i = offset;
        while (i < m_text.size() && (m_text[i] == '!' || m_text[i] == '&')) {
            while (i < m_text.size() && m_text[i] != ' ' && m_text[i] != '\n' && m_text[i] != '\t')
                ++i;
            while (i < m_text.size() && (m_text[i] == ' ' || m_text[i] == '\t'))
                ++i;
        }
        if (i >= m_text.size() || (m_text[i] != '"' && m_text[i] != '\''))
            return;
        const char quote = m_text[i];
        for (std::size_t k = i + 1; k < m_text.size(); ++k) {
            if (quote == '"' && m_text[k] == '\\') {
                ++k;
            } else if (m_text[k] == quote) {
                if (quote == '\'' && k + 1 < m_text.size() && m_text[k + 1] == '\'')
                    ++k;
                else
                    return;
            }
        }
        fail(i, std::string(yamlPrefix) + "found unexpected end of stream while scanning a quoted scalar");
    }

    Json resolveTagged(const std::string& tag, const std::string& value, std::size_t offset) const
    {
        const std::string shortName = shortTag(tag);
        if (shortName == "!!str")
            return Json(value);
        if (shortName == "!!binary") {
            auto decoded = decodeBase64(value);
            if (!decoded)
                fail(offset, std::string(yamlPrefix) + "!!binary value contains invalid base64 data");
            return Json(std::move(*decoded));
        }
        if (shortName == "!!bool" || shortName == "!!int" || shortName == "!!float" || shortName == "!!null"
            || shortName == "!!timestamp") {
            ResolvedScalar resolved = resolvePlainScalar(value);
            const std::string resolvedTag = tagOf(resolved.type);
            const bool matches = resolvedTag == shortName
                || (shortName == "!!float" && resolved.type == YamlScalarType::Int);
            if (!matches) {
                fail(offset, std::string(yamlPrefix) + "cannot decode " + resolvedTag + " `" + value + "` as a "
                         + shortName);
            }
            return std::move(resolved.value);
        }
        // Any other tag: go-yaml leaves the text as it is.
        return Json(value);
    }

    // Anchored values are copied to be pasted at their aliases; those copies count
    // against the same budget as the pasting, so nested anchors cannot blow up memory.
    void remember(YAML::anchor_t anchor, const Node& node)
    {
        if (anchor == 0)
            return;
        spendAliasBudget(node.nodes, node.offset);
        m_anchors[anchor] = Anchor{node.value, node.nodes, node.height};
    }

    void spendAliasBudget(std::size_t nodes, std::size_t offset)
    {
        m_aliasNodes += nodes;
        if (m_aliasNodes > maxManifestAliasNodes) {
            fail(offset, std::string(yamlPrefix) + "document contains excessive aliasing (more than "
                     + std::to_string(maxManifestAliasNodes) + " nodes after expanding aliases)");
        }
    }

    void push(bool isMap, const YAML::Mark& mark, YAML::anchor_t anchor, bool flow)
    {
        const std::size_t offset = offsetOf(mark);
        if (static_cast<int>(m_stack.size()) + 1 > maxManifestDepth)
            failDepth(offset);
        checkNodeStart(offset);
        Frame frame;
        frame.flow = flow;
        frame.value = isMap ? Json::object() : Json::array();
        frame.offset = offset;
        frame.anchor = anchor;
        frame.isMap = isMap;
        if (!isMap && m_stack.size() == 1 && m_stack.back().isMap && m_stack.back().haveKey
            && m_stack.back().key == "items")
            frame.recordItems = true;
        m_stack.push_back(std::move(frame));
    }

    void pop()
    {
        Frame frame = std::move(m_stack.back());
        m_stack.pop_back();
        if (frame.recordItems)
            m_current.itemLocations = std::move(frame.items);
        Node node{std::move(frame.value), frame.offset, frame.nodes, frame.height};
        remember(frame.anchor, node);
        add(std::move(node));
    }

    void add(Node node)
    {
        if (m_stack.empty()) {
            m_current.value = std::move(node.value);
            m_current.location = locate(node.offset);
            m_haveRoot = true;
            return;
        }
        Frame& top = m_stack.back();
        if (!top.isMap) {
            if (top.recordItems)
                top.items.push_back(locate(node.offset));
            top.value.get_ref<Json::array_t&>().push_back(std::move(node.value));
        } else if (!top.haveKey) {
            takeKey(top, node);
            return;
        } else {
            // yaml-cpp reads a block-mapping line without ':' as a key with a null value
            // at the key's own position; libyaml refuses it.
            if (node.nullFromOnNull && node.offset == top.keyOffset && !top.flow)
                fail(top.keyOffset, std::string(yamlPrefix) + "could not find expected ':'");
            if (top.mergeKey)
                merge(top, node.value, top.keyOffset);
            else
                setKey(top, top.key, std::move(node.value), true, top.keyOffset);
            top.haveKey = false;
        }
        top.nodes += node.nodes;
        top.height = std::max(top.height, node.height + 1);
    }

    // Keys become strings the way sigs.k8s.io/yaml converts go-yaml's map keys.
    void takeKey(Frame& top, const Node& node)
    {
        const Json& value = node.value;
        std::string key;
        if (value.is_string())
            key = value.get<std::string>();
        else if (value.is_boolean())
            key = value.get<bool>() ? "true" : "false";
        else if (value.is_number_integer())
            key = value.dump();
        else if (value.is_number_float())
            key = formatYamlFloat(value.get<double>(), 32);
        else if (value.is_null())
            fail(node.offset, std::string(yamlPrefix) + "unsupported map key: null");
        else
            fail(node.offset, std::string(yamlPrefix) + "invalid map key: "
                     + value.dump(-1, ' ', false, Json::error_handler_t::replace));

        top.mergeKey = node.mergeKey;
        if (!top.mergeKey) {
            const auto it = top.keys.find(key);
            if (it != top.keys.end() && it->second.explicitKey) {
                fail(node.offset, std::string(yamlPrefix) + "mapping key \"" + key + "\" already defined at line "
                         + std::to_string(locationAt(m_text, it->second.offset, m_file).line));
            }
        }
        top.haveKey = true;
        top.key = std::move(key);
        top.keyOffset = node.offset;
    }

    // Inserts or replaces a key in O(1): ordered_json's own insert scans the object.
    static void setKey(Frame& frame, const std::string& key, Json value, bool explicitKey, std::size_t offset)
    {
        auto& object = frame.value.get_ref<Json::object_t&>();
        const auto it = frame.keys.find(key);
        if (it != frame.keys.end()) {
            (object.begin() + static_cast<std::ptrdiff_t>(it->second.index))->second = std::move(value);
            if (explicitKey) {
                it->second.explicitKey = true;
                it->second.offset = offset;
            }
            return;
        }
        frame.keys.emplace(key, KeySlot{object.size(), offset, explicitKey});
        object.emplace_back(key, std::move(value));
    }

    // go-yaml v2's `<<`: a mapping, or a sequence of mappings where earlier ones win.
    void merge(Frame& frame, const Json& source, std::size_t offset) const
    {
        const std::string wantMap = std::string(yamlPrefix) + "map merge requires map or sequence of maps as the value";
        if (source.is_object()) {
            for (const auto& [key, value] : source.items())
                setKey(frame, key, value, false, 0);
            return;
        }
        if (!source.is_array())
            fail(offset, wantMap);
        for (auto it = source.rbegin(); it != source.rend(); ++it) {
            if (!it->is_object())
                fail(offset, wantMap);
            for (const auto& [key, value] : it->items())
                setKey(frame, key, value, false, 0);
        }
    }

    std::string_view m_text;
    std::string_view m_file;
    LineCounter m_lines;
    std::vector<RawDocument> m_documents;
    std::vector<Frame> m_stack;
    std::unordered_map<YAML::anchor_t, Anchor> m_anchors;
    std::unordered_map<YAML::anchor_t, std::string> m_anchorNames;
    YAML::anchor_t m_anchorCount = 0;
    std::size_t m_aliasNodes = 0;
    int m_documentCount = 0;
    RawDocument m_current;
    bool m_haveRoot = false;
};

} // namespace

Result<std::vector<RawDocument>> readYamlDocuments(std::string_view text, std::string_view fileName)
{
    auto failAt = [&](int pos, int line, int column, std::string message) {
        Location location;
        if (pos >= 0)
            location = locationAt(text, static_cast<std::size_t>(pos), fileName);
        else if (line >= 0)
            location = Location{std::string(fileName), line + 1, column + 1, {}};
        else
            location = locationAt(text, text.size(), fileName);
        return fail(ErrorCode::Parse, std::move(message), std::move(location));
    };
    try {
        std::istringstream input{std::string(text)};
        YAML::Parser parser(input);
        DocumentBuilder builder(text, fileName);
        while (parser.HandleNextDocument(builder)) {
        }
        return builder.takeDocuments();
    } catch (const StopParsing& stop) {
        return fail(stop.error);
    } catch (const YAML::Exception& e) {
        if (e.mark.pos < 0 && e.mark.line >= 0) {
            return failAt(-1, e.mark.line, e.mark.column,
                          std::string(yamlPrefix) + translateParserMessage(e.msg, text, e.mark.pos));
        }
        std::size_t offset = e.mark.pos < 0 ? text.size() : std::min(static_cast<std::size_t>(e.mark.pos), text.size());
        std::string message = translateParserMessage(e.msg, text, e.mark.pos);
        // yaml-cpp marks the character after a bad escape; libyaml marks its backslash.
        if (e.msg.starts_with(YAML::ErrorMsg::INVALID_ESCAPE)) {
            const std::size_t backslash = text.rfind('\\', offset);
            if (backslash != std::string_view::npos && offset - backslash <= 10)
                offset = backslash;
        }
        // A tab in the indentation is what libyaml refuses, where yaml-cpp often reports a
        // later symptom on that line.
        const std::size_t lineStart = offset == 0 ? 0 : text.rfind('\n', offset - 1) + 1;
        const std::size_t indentEnd = std::min(text.find_first_not_of(" \t", lineStart), text.size());
        const std::size_t tab = text.substr(lineStart, indentEnd - lineStart).find('\t');
        if (tab != std::string_view::npos) {
            offset = lineStart + tab;
            message = "found character that cannot start any token";
        }
        return failAt(static_cast<int>(offset), -1, -1, std::string(yamlPrefix) + message);
    } catch (const std::bad_alloc&) {
        return fail(ErrorCode::Parse, std::string(yamlPrefix) + "out of memory", fileLocation(fileName));
    } catch (const std::exception& e) {
        return fail(ErrorCode::Parse, std::string(yamlPrefix) + e.what(), fileLocation(fileName));
    } catch (...) {
        return fail(ErrorCode::Parse, std::string(yamlPrefix) + "unknown error", fileLocation(fileName));
    }
}

} // namespace kubelab::core::detail

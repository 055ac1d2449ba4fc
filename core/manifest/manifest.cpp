// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/manifest/manifest.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <new>
#include <utility>

#include "core/manifest/jsonreader.h"
#include "core/manifest/sourcetext.h"
#include "core/manifest/yamlreader.h"

namespace kubelab::core {
namespace {

constexpr std::string_view utf8Bom = "\xEF\xBB\xBF";

// Go's encoding/json escapes these even inside strings (they only occur there).
std::string escapeLikeGo(std::string text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '<')
            out += "\\u003c";
        else if (c == '>')
            out += "\\u003e";
        else if (c == '&')
            out += "\\u0026";
        else if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80'
                 && (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
            out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
            i += 2;
        } else
            out += c;
    }
    return out;
}

// Go prints integral floats without a fraction ("2", not "2.0").
void normalizeNumbers(Json& node)
{
    if (node.is_number_float()) {
        const double value = node.get<double>();
        if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e15)
            node = static_cast<std::int64_t>(value);
        return;
    }
    if (node.is_structured()) {
        for (auto& child : node)
            normalizeNumbers(child);
    }
}

/// The object as kubectl quotes it in its messages: the compact JSON that
/// sigs.k8s.io/yaml produces, with keys sorted.
std::string kubectlJson(const Json& object)
{
    nlohmann::json sorted = object;
    return escapeLikeGo(sorted.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string typeName(const Json& value)
{
    switch (value.type()) {
    case Json::value_t::array:
        return "sequence";
    case Json::value_t::string:
        return "string";
    case Json::value_t::boolean:
        return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
        return "number";
    case Json::value_t::null:
        return "null";
    default:
        return "value";
    }
}

// Go's json error when a field of type string gets another JSON type.
std::string goJsonTypeName(const Json& value)
{
    if (value.is_object())
        return "object";
    if (value.is_array())
        return "array";
    if (value.is_boolean())
        return "bool";
    if (value.is_number())
        return "number";
    return "string";
}

Status checkTypeMeta(const Json& object, const Location& location)
{
    for (const char* field : {"kind", "apiVersion"}) {
        const auto it = object.find(field);
        if (it != object.end() && !it->is_null() && !it->is_string()) {
            return fail(ErrorCode::Parse,
                        "couldn't get version/kind; json parse error: json: cannot unmarshal " + goJsonTypeName(*it)
                            + " into Go struct field ." + field + " of type string",
                        location);
        }
    }
    const auto kind = object.find("kind");
    if (kind == object.end() || !kind->is_string() || kind->get_ref<const std::string&>().empty())
        return fail(ErrorCode::Parse, "Object 'Kind' is missing in '" + kubectlJson(object) + "'", location);
    const auto apiVersion = object.find("apiVersion");
    if (apiVersion == object.end() || !apiVersion->is_string() || apiVersion->get_ref<const std::string&>().empty())
        return fail(ErrorCode::Parse, "Object 'apiVersion' is missing in '" + kubectlJson(object) + "'", location);
    return {};
}

bool isListKind(const Json& object)
{
    const auto kind = object.find("kind");
    if (kind == object.end() || !kind->is_string())
        return false;
    const auto& name = kind->get_ref<const std::string&>();
    return name.ends_with("List") && object.contains("items");
}

Status appendObjects(std::vector<Document>& out, Json value, const Location& location,
                     const std::vector<Location>& itemLocations)
{
    if (!value.is_object()) {
        return fail(ErrorCode::Parse, "expected a mapping (a Kubernetes object), got a " + typeName(value),
                    location);
    }
    if (!isListKind(value)) {
        if (auto status = checkTypeMeta(value, location); !status)
            return status;
        out.push_back(Document{std::move(value), location});
        return {};
    }

    // A List: each item becomes a document. As kubectl's unstructured decoder does, an
    // item with neither kind nor apiVersion takes them from the list (`PodList` -> `Pod`).
    const std::string listKind = value["kind"].get<std::string>();
    const std::string itemKind = listKind.substr(0, listKind.size() - 4);
    const Json listApiVersion = value.contains("apiVersion") ? value["apiVersion"] : Json("");
    Json& items = value["items"];
    if (items.is_null())
        return {};
    if (!items.is_array())
        return fail(ErrorCode::Parse, "the items of a " + listKind + " must be a sequence, got a " + typeName(items),
                    location);
    for (std::size_t i = 0; i < items.size(); ++i) {
        Json& item = items[i];
        const Location& itemLocation = i < itemLocations.size() ? itemLocations[i] : location;
        if (item.is_object() && !item.contains("kind") && !item.contains("apiVersion") && !itemKind.empty()) {
            Json typed = Json::object();
            typed["apiVersion"] = listApiVersion;
            typed["kind"] = itemKind;
            auto& fields = typed.get_ref<Json::object_t&>();
            for (auto& [key, child] : item.items())
                fields.emplace_back(key, std::move(child));
            item = std::move(typed);
        }
        if (auto status = appendObjects(out, std::move(item), itemLocation, {}); !status)
            return status;
    }
    return {};
}

} // namespace

Result<std::vector<Document>> decodeManifests(std::string_view text, std::string_view fileName)
{
    try {
        if (text.size() > maxManifestBytes) {
            return fail(ErrorCode::Parse,
                        "the input is too large: " + std::to_string(text.size()) + " bytes (the limit is "
                            + std::to_string(maxManifestBytes / (1024 * 1024)) + " MiB)",
                        detail::fileLocation(fileName));
        }
        if (text.starts_with(utf8Bom))
            text.remove_prefix(utf8Bom.size());

        std::vector<detail::RawDocument> raw;
        const std::size_t first = text.find_first_not_of(" \t\r\n");
        if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
            auto document = detail::readJsonDocument(text, fileName);
            if (!document)
                return fail(std::move(document.error()));
            raw.push_back(std::move(*document));
        } else {
            if (auto problem = detail::findYamlTextProblem(text)) {
                return fail(ErrorCode::Parse, "error converting YAML to JSON: yaml: " + problem->message,
                            detail::locationAt(text, problem->offset, fileName));
            }
            auto documents = detail::readYamlDocuments(text, fileName);
            if (!documents)
                return fail(std::move(documents.error()));
            raw = std::move(*documents);
        }

        std::vector<Document> out;
        for (auto& document : raw) {
            if (document.value.is_null())
                continue;
            if (auto status = appendObjects(out, std::move(document.value), document.location, document.itemLocations);
                !status)
                return fail(std::move(status.error()));
        }
        return out;
    } catch (const std::bad_alloc&) {
        return fail(ErrorCode::Parse, "out of memory while reading the manifest", detail::fileLocation(fileName));
    } catch (const std::exception& e) {
        return fail(ErrorCode::Parse, e.what(), detail::fileLocation(fileName));
    } catch (...) {
        return fail(ErrorCode::Parse, "unknown error while reading the manifest", detail::fileLocation(fileName));
    }
}

Json sortedKeys(const Json& object)
{
    if (object.is_object()) {
        std::vector<std::string> keys;
        for (auto it = object.begin(); it != object.end(); ++it)
            keys.push_back(it.key());
        std::sort(keys.begin(), keys.end());
        Json out = Json::object();
        for (const auto& k : keys)
            out[k] = sortedKeys(object.at(k));
        return out;
    }
    if (object.is_array()) {
        Json out = Json::array();
        for (const Json& e : object)
            out.push_back(sortedKeys(e));
        return out;
    }
    return object;
}

std::string toJson(const Json& object)
{
    Json printable = object;
    normalizeNumbers(printable);
    return escapeLikeGo(printable.dump(4, ' ', false, Json::error_handler_t::replace)) + "\n";
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/openapi.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <vector>

#include <openssl/evp.h>

namespace kubelab::core::server {

namespace {

// The document's shape is upstream's Swagger 2.0 as kube-openapi builds it from the Go
// types (k8s.io/kube-openapi/pkg/builder): a type with fields is `type: object` with
// `properties` and `required`; a field of another type is a `$ref` to its definition with
// the field's own description beside it; `[]T` is `type: array` with `items`;
// `map[string]T` is `type: object` with `additionalProperties`; a `+enum` field lists its
// values in `enum` and appends them to its description; a field with a `patchStrategy`
// (and `patchMergeKey`) tag carries `x-kubernetes-patch-strategy` (and
// `x-kubernetes-patch-merge-key`); a kind carries `x-kubernetes-group-version-kind`.

constexpr std::string_view kRefPrefix = "#/definitions/";

Json primitiveOrNested(std::string_view type);

// The schema of a value of kubectl's printed type `type` whose named type (if any) is `ref`.
Json valueSchema(std::string_view type, const std::string& ref)
{
    if (type.starts_with("[]")) {
        Json items = ref.empty() ? primitiveOrNested(type.substr(2)) : Json{{"$ref", std::string(kRefPrefix) + ref}};
        return Json{{"items", std::move(items)}, {"type", "array"}};
    }
    if (type.starts_with("map[string]")) {
        const std::string_view value = type.substr(11);
        Json values = ref.empty() ? primitiveOrNested(value) : Json{{"$ref", std::string(kRefPrefix) + ref}};
        return Json{{"additionalProperties", std::move(values)}, {"type", "object"}};
    }
    if (!ref.empty())
        return Json{{"$ref", std::string(kRefPrefix) + ref}};
    return Json{{"type", std::string(type)}};
}

Json primitiveOrNested(std::string_view type)
{
    return valueSchema(type, {});
}

// Inserts `key: value` keeping the object's keys in byte-wise order, as Go's encoding/json
// writes a map.
void insertSorted(Json& object, const std::string& key, Json value)
{
    Json sorted = Json::object();
    bool placed = false;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!placed && key < it.key()) {
            sorted[key] = std::move(value);
            placed = true;
        }
        sorted[it.key()] = std::move(it.value());
    }
    if (!placed)
        sorted[key] = std::move(value);
    object = std::move(sorted);
}

Json fieldSchema(const Schema& schema, const SchemaField& field)
{
    Json out = valueSchema(field.type, field.ref);
    const std::string description = schema.fieldDescription(field, Language::English);
    if (!description.empty())
        insertSorted(out, "description", description);
    std::span<const SchemaEnumValue> values = schema.enumValues(field.enumType);
    if (!values.empty()) {
        Json list = Json::array();
        for (const SchemaEnumValue& value : values)
            list.push_back(value.value);
        // The values of a list of enums are those of its items.
        Json& target = out.contains("items") ? out["items"] : out;
        insertSorted(target, "enum", std::move(list));
    }
    // What kubectl's strategic merge patch reads (apimachinery's PatchMetaFromOpenAPI).
    if (!field.patchMergeKey.empty())
        out["x-kubernetes-patch-merge-key"] = field.patchMergeKey;
    if (!field.patchStrategy.empty())
        out["x-kubernetes-patch-strategy"] = field.patchStrategy;
    return out;
}

Json definition(const Schema& schema, const SchemaType& type)
{
    Json out = Json::object();
    if (!type.description.empty())
        out["description"] = type.description;
    if (!type.openApiFormat.empty())
        out["format"] = type.openApiFormat;
    if (!type.fields.empty()) {
        Json properties = Json::object();
        Json required = Json::array();
        for (const SchemaField& field : type.fields) {
            properties[field.name] = fieldSchema(schema, field);
            if (field.required)
                required.push_back(field.name);
        }
        out["properties"] = std::move(properties);
        if (!required.empty())
            out["required"] = std::move(required);
    }
    out["type"] = type.openApiType.empty() ? std::string("object") : type.openApiType;
    if (type.isKind())
        out["x-kubernetes-group-version-kind"] =
            Json::array({Json{{"group", type.group}, {"kind", type.kind}, {"version", type.version}}});
    return out;
}

// kube-apiserver's security definitions (pkg/controlplane/apiserver: "BearerToken").
Json securityDefinitions()
{
    return Json{{"BearerToken", Json{{"description", "Bearer Token authentication"},
                                     {"in", "header"},
                                     {"name", "authorization"},
                                     {"type", "apiKey"}}}};
}

// ---------------------------------------------------------------------------------------
// Protobuf encoding.
//
// The field numbers of gnostic's OpenAPIv2.proto (package openapi.v2): OpenAPIv2/OpenAPIv2.proto
// of github.com/googleapis/gnostic, which kubectl v1.20 decodes with, the same message as
// openapiv2/OpenAPIv2.proto of its successors github.com/google/gnostic and
// github.com/google/gnostic-models, which later kubectl uses:
//
//   Document        swagger 1, info 2 (Info), host 3, base_path 4, schemes 5, consumes 6,
//                   produces 7, paths 8 (Paths), definitions 9 (Definitions),
//                   parameters 10, responses 11, security 12 (repeated SecurityRequirement),
//                   security_definitions 13 (SecurityDefinitions), tags 14,
//                   external_docs 15, vendor_extension 16 (repeated NamedAny)
//   Info            title 1, version 2, description 3, terms_of_service 4, contact 5,
//                   license 6, vendor_extension 7
//   Paths           vendor_extension 1 (repeated NamedAny), path 2 (repeated NamedPathItem)
//   Definitions     additional_properties 1 (repeated NamedSchema)
//   NamedSchema     name 1, value 2 (Schema)
//   Schema          _ref 1, format 2, title 3, description 4, default 5 (Any),
//                   multiple_of 6, maximum 7, exclusive_maximum 8, minimum 9,
//                   exclusive_minimum 10, max_length 11, min_length 12, pattern 13,
//                   max_items 14, min_items 15, unique_items 16, max_properties 17,
//                   min_properties 18, required 19 (repeated string),
//                   enum 20 (repeated Any), additional_properties 21
//                   (AdditionalPropertiesItem), type 22 (TypeItem), items 23 (ItemsItem),
//                   all_of 24, properties 25 (Properties), discriminator 26, read_only 27,
//                   xml 28, external_docs 29, example 30, vendor_extension 31 (repeated NamedAny)
//   AdditionalPropertiesItem  oneof: schema 1 (Schema), boolean 2
//   TypeItem        value 1 (repeated string)
//   ItemsItem       schema 1 (repeated Schema)
//   Properties      additional_properties 1 (repeated NamedSchema)
//   NamedAny        name 1, value 2 (Any)
//   Any             value 1 (google.protobuf.Any), yaml 2 (the value as YAML text)
//   SecurityDefinitions       additional_properties 1 (repeated NamedSecurityDefinitionsItem)
//   NamedSecurityDefinitionsItem  name 1, value 2 (SecurityDefinitionsItem)
//   SecurityDefinitionsItem   oneof: basic_authentication_security 1, api_key_security 2, ...
//   ApiKeySecurity  type 1, name 2, in 3, description 4, vendor_extension 5
//   SecurityRequirement       additional_properties 1 (repeated NamedStringArray)
//   NamedStringArray          name 1, value 2 (StringArray)
//   StringArray     value 1 (repeated string)
//
// kube-openapi (pkg/util/proto/document.go, NewOpenAPIData) reads `definitions` only:
// `$ref` must be `#/definitions/NAME` of a definition in the document, a schema with a type
// `array` needs exactly one `items` schema, `object` with `properties` is a kind whose
// `required` fields kubectl's validation checks, `object` with `additionalProperties` a
// map; vendor extensions are read by unmarshalling `Any.yaml` (so the GVK extension is a
// YAML list of group/kind/version maps). kubectl explain (k8s.io/kubectl/pkg/explain) finds
// a kind's definition by that extension and prints `description`s and the field types.

/// Protobuf's wire format, the two wire types the document needs: varints (0) and
/// length-delimited fields (2).
class ProtoWriter final {
public:
    void varint(std::uint64_t value)
    {
        while (value >= 0x80) {
            m_bytes += static_cast<char>((value & 0x7F) | 0x80);
            value >>= 7;
        }
        m_bytes += static_cast<char>(value);
    }
    void tag(int field, int wireType) { varint((static_cast<std::uint64_t>(field) << 3) | static_cast<std::uint64_t>(wireType)); }

    /// A length-delimited field (wire type 2): a string, bytes or an embedded message.
    void bytes(int field, std::string_view data)
    {
        tag(field, 2);
        varint(data.size());
        m_bytes += data;
    }
    /// A proto3 string: left out when empty, as proto.Marshal leaves out default values.
    void string(int field, std::string_view text)
    {
        if (!text.empty())
            bytes(field, text);
    }
    void message(int field, const ProtoWriter& inner) { bytes(field, inner.m_bytes); }
    void boolean(int field, bool value)
    {
        if (!value)
            return;
        tag(field, 0);
        varint(1);
    }

    [[nodiscard]] const std::string& data() const { return m_bytes; }

private:
    std::string m_bytes;
};

// YAML text of a JSON value as gnostic keeps it in Any.yaml (block style; a string plain
// when it reads back as that string, else double-quoted with JSON's escapes, which YAML's
// double-quoted style shares).
bool plainSafe(const std::string& text)
{
    if (text.empty())
        return false;
    std::string lower = text;
    std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static constexpr std::string_view kReserved[] = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"};
    if (std::ranges::find(kReserved, std::string_view(lower)) != std::end(kReserved))
        return false;
    const unsigned char first = static_cast<unsigned char>(text.front());
    if (!std::isalpha(first) && first != '_' && first != '/')
        return false;
    return std::ranges::all_of(text, [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == ',';
    });
}

std::string yamlScalar(const Json& value)
{
    if (value.is_string()) {
        const std::string& text = value.get_ref<const std::string&>();
        return plainSafe(text) ? text : value.dump();
    }
    return value.dump();
}

std::string yaml(const Json& value, int indent = 0)
{
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    std::string out;
    if (value.is_object()) {
        if (value.empty())
            return pad + "{}\n";
        for (auto it = value.begin(); it != value.end(); ++it) {
            out += pad + yamlScalar(Json(it.key())) + ":";
            if ((it->is_object() || it->is_array()) && !it->empty())
                out += "\n" + yaml(*it, indent + 4);
            else
                out += " " + (it->is_object() ? std::string("{}") : it->is_array() ? std::string("[]") : yamlScalar(*it)) + "\n";
        }
        return out;
    }
    if (value.is_array()) {
        if (value.empty())
            return pad + "[]\n";
        for (const Json& item : value) {
            // "- " then the item, its later lines indented to line up with its first.
            std::string nested = (item.is_object() || item.is_array()) && !item.empty() ? yaml(item, 0)
                                                                                          : yamlScalar(item) + "\n";
            std::string lines;
            std::size_t start = 0;
            bool first = true;
            while (start < nested.size()) {
                const std::size_t end = nested.find('\n', start);
                lines += pad + (first ? "- " : "  ") + nested.substr(start, end - start) + "\n";
                first = false;
                start = end + 1;
            }
            out += lines;
        }
        return out;
    }
    return pad + yamlScalar(value) + "\n";
}

ProtoWriter any(const Json& value)
{
    ProtoWriter w;
    w.string(2, yaml(value));
    return w;
}

ProtoWriter namedAny(const std::string& name, const Json& value)
{
    ProtoWriter w;
    w.string(1, name);
    w.message(2, any(value));
    return w;
}

std::string stringOf(const Json& object, const char* key)
{
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

ProtoWriter schemaMessage(const Json& schema);

ProtoWriter namedSchemas(const Json& object)
{
    ProtoWriter w;
    for (auto it = object.begin(); it != object.end(); ++it) {
        ProtoWriter named;
        named.string(1, it.key());
        named.message(2, schemaMessage(it.value()));
        w.message(1, named);
    }
    return w;
}

ProtoWriter schemaMessage(const Json& schema)
{
    ProtoWriter w;
    w.string(1, stringOf(schema, "$ref"));
    w.string(2, stringOf(schema, "format"));
    w.string(3, stringOf(schema, "title"));
    w.string(4, stringOf(schema, "description"));
    if (auto it = schema.find("default"); it != schema.end())
        w.message(5, any(*it));
    if (auto it = schema.find("required"); it != schema.end())
        for (const Json& name : *it)
            w.bytes(19, name.get<std::string>());
    if (auto it = schema.find("enum"); it != schema.end())
        for (const Json& value : *it)
            w.message(20, any(value));
    if (auto it = schema.find("additionalProperties"); it != schema.end()) {
        ProtoWriter item;
        if (it->is_boolean()) {
            // A oneof member is written even when false.
            item.tag(2, 0);
            item.varint(it->get<bool>() ? 1 : 0);
        } else {
            item.message(1, schemaMessage(*it));
        }
        w.message(21, item);
    }
    if (auto it = schema.find("type"); it != schema.end()) {
        ProtoWriter type;
        if (it->is_array())
            for (const Json& t : *it)
                type.bytes(1, t.get<std::string>());
        else
            type.bytes(1, it->get<std::string>());
        w.message(22, type);
    }
    if (auto it = schema.find("items"); it != schema.end()) {
        ProtoWriter items;
        if (it->is_array())
            for (const Json& s : *it)
                items.message(1, schemaMessage(s));
        else
            items.message(1, schemaMessage(*it));
        w.message(23, items);
    }
    if (auto it = schema.find("allOf"); it != schema.end())
        for (const Json& s : *it)
            w.message(24, schemaMessage(s));
    if (auto it = schema.find("properties"); it != schema.end())
        w.message(25, namedSchemas(*it));
    for (auto it = schema.begin(); it != schema.end(); ++it)
        if (it.key().starts_with("x-"))
            w.message(31, namedAny(it.key(), it.value()));
    return w;
}

ProtoWriter securityDefinitionsMessage(const Json& definitions)
{
    ProtoWriter w;
    for (auto it = definitions.begin(); it != definitions.end(); ++it) {
        ProtoWriter apiKey;
        apiKey.string(1, stringOf(*it, "type"));
        apiKey.string(2, stringOf(*it, "name"));
        apiKey.string(3, stringOf(*it, "in"));
        apiKey.string(4, stringOf(*it, "description"));
        ProtoWriter item;
        item.message(2, apiKey);
        ProtoWriter named;
        named.string(1, it.key());
        named.message(2, item);
        w.message(1, named);
    }
    return w;
}

ProtoWriter securityRequirement(const Json& requirement)
{
    ProtoWriter w;
    for (auto it = requirement.begin(); it != requirement.end(); ++it) {
        ProtoWriter scopes;
        for (const Json& scope : *it)
            scopes.bytes(1, scope.get<std::string>());
        ProtoWriter named;
        named.string(1, it.key());
        named.message(2, scopes);
        w.message(1, named);
    }
    return w;
}

std::string sha512Hex(std::string_view data)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha512(), nullptr) != 1)
        return {};
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0x0F];
    }
    return out;
}

// One clause of an Accept header (goautoneg's ParseAccept).
struct AcceptClause {
    std::string type;
    std::string subType;
    double quality = 1;
    std::size_t order = 0;
};

std::string trimmed(std::string_view text)
{
    const auto notSpace = [](char c) { return c != ' ' && c != '\t'; };
    auto begin = std::ranges::find_if(text, notSpace);
    auto end = std::ranges::find_if(text.rbegin(), text.rend(), notSpace).base();
    return begin < end ? std::string(begin, end) : std::string();
}

std::vector<AcceptClause> parseAccept(std::string_view header)
{
    std::vector<AcceptClause> clauses;
    std::size_t start = 0;
    while (start <= header.size()) {
        std::size_t comma = header.find(',', start);
        std::string_view part = header.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        start = comma == std::string_view::npos ? header.size() + 1 : comma + 1;
        std::size_t semi = part.find(';');
        const std::string mediaType = trimmed(part.substr(0, semi));
        if (mediaType.empty())
            continue;
        AcceptClause clause;
        clause.order = clauses.size();
        const std::size_t slash = mediaType.find('/');
        clause.type = mediaType.substr(0, slash);
        clause.subType = slash == std::string::npos ? std::string("*") : mediaType.substr(slash + 1);
        while (semi != std::string_view::npos) {
            const std::size_t next = part.find(';', semi + 1);
            const std::string param = trimmed(part.substr(semi + 1, next == std::string_view::npos ? std::string_view::npos : next - semi - 1));
            if (param.starts_with("q=")) {
                try {
                    clause.quality = std::stod(param.substr(2));
                } catch (const std::exception&) {
                    clause.quality = 0;
                }
            }
            semi = next;
        }
        clauses.push_back(std::move(clause));
    }
    // goautoneg sorts by quality, then specific types before wildcards; stable otherwise.
    std::ranges::stable_sort(clauses, [](const AcceptClause& a, const AcceptClause& b) {
        if (a.quality != b.quality)
            return a.quality > b.quality;
        const auto specificity = [](const AcceptClause& c) { return (c.type != "*") + (c.subType != "*"); };
        return specificity(a) > specificity(b);
    });
    return clauses;
}

} // namespace

std::string encodeOpenApiV2(const Json& document)
{
    ProtoWriter w;
    w.string(1, stringOf(document, "swagger"));
    if (auto it = document.find("info"); it != document.end()) {
        ProtoWriter info;
        info.string(1, stringOf(*it, "title"));
        info.string(2, stringOf(*it, "version"));
        info.string(3, stringOf(*it, "description"));
        w.message(2, info);
    }
    if (auto it = document.find("paths"); it != document.end()) {
        // The lab serves no operations: an empty Paths message, as gnostic writes `paths: {}`.
        w.message(8, ProtoWriter());
    }
    if (auto it = document.find("definitions"); it != document.end())
        w.message(9, namedSchemas(*it));
    if (auto it = document.find("security"); it != document.end())
        for (const Json& requirement : *it)
            w.message(12, securityRequirement(requirement));
    if (auto it = document.find("securityDefinitions"); it != document.end())
        w.message(13, securityDefinitionsMessage(*it));
    return w.data();
}

OpenApiV2::OpenApiV2(const Schema& schema, std::string_view version)
{
    Json definitions = Json::object();
    std::vector<const SchemaType*> types;
    for (const SchemaType& type : schema.types())
        types.push_back(&type);
    std::ranges::sort(types, {}, &SchemaType::key);
    for (const SchemaType* type : types)
        definitions[type->key] = definition(schema, *type);

    m_document = Json::object();
    m_document["definitions"] = std::move(definitions);
    m_document["info"] = Json{{"title", "Kubernetes"}, {"version", std::string(version)}};
    m_document["paths"] = Json::object();
    m_document["security"] = Json::array({Json{{"BearerToken", Json::array()}}});
    m_document["securityDefinitions"] = securityDefinitions();
    m_document["swagger"] = "2.0";

    m_json = m_document.dump();
    m_protobuf = encodeOpenApiV2(m_document);
    m_etag = "\"" + sha512Hex(m_json) + "\"";
}

std::string OpenApiV2::negotiate(std::string_view accept)
{
    static constexpr std::string_view kProtobufDeprecated = "com.github.proto-openapi.spec.v2@v1.0+protobuf";
    static constexpr std::string_view kProtobufSubType = "com.github.proto-openapi.spec.v2.v1.0+protobuf";
    const std::string header = trimmed(accept).empty() ? std::string("*/*") : std::string(accept);
    struct Offer {
        std::string_view subType;
        std::string_view answer;
    };
    static constexpr Offer kOffers[] = {
        {"json", kJson}, {kProtobufDeprecated, kProtobuf}, {kProtobufSubType, kProtobuf}};
    for (const AcceptClause& clause : parseAccept(header)) {
        for (const Offer& offer : kOffers) {
            if (clause.type != "application" && clause.type != "*")
                continue;
            if (clause.subType != offer.subType && clause.subType != "*")
                continue;
            return std::string(offer.answer);
        }
    }
    return {};
}

} // namespace kubelab::core::server

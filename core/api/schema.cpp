// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/schema.h"

#include <algorithm>

#include "core/api/jsoncheck.h"

#include "core/api/schemadata.h"

namespace kubelab::core {

namespace {

using nlohmann::json;

std::string stringOr(const json& object, const char* key)
{
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string lastSegment(std::string_view key)
{
    auto dot = key.rfind('.');
    return std::string(dot == std::string_view::npos ? key : key.substr(dot + 1));
}

// Upstream's enum comments start with the constant name, which kube-openapi drops; the
// value is printed the way Go's %q prints it.
std::string enumLine(const SchemaEnumValue& value, std::string_view comment)
{
    std::string line = " - `\"";
    for (char c : value.value) {
        if (c == '"' || c == '\\')
            line += '\\';
        line += c;
    }
    line += "\"`";
    if (!comment.empty()) {
        line += ' ';
        line += comment;
    }
    return line;
}

} // namespace

const SchemaField* SchemaType::field(std::string_view fieldName) const
{
    auto it = std::ranges::find(fields, fieldName, &SchemaField::name);
    return it == fields.end() ? nullptr : &*it;
}

Result<Schema> Schema::parse(std::string_view typesJson, std::string_view chineseJson)
{
    json types;
    json chinese;
    try {
        types = json::parse(typesJson);
        chinese = chineseJson.empty() ? json::object() : json::parse(chineseJson);
    } catch (const json::exception& e) {
        return fail(ErrorCode::Parse, std::string("API schema: ") + e.what());
    }
    if (!types.is_object() || !types.contains("types") || !types["types"].is_object())
        return fail(ErrorCode::Parse, "API schema: no \"types\" object");

    const json& zhTypes = chinese.contains("types") ? chinese["types"] : json::object();
    const json& zhEnums = chinese.contains("enums") ? chinese["enums"] : json::object();

    Schema schema;
    for (const auto& [key, entry] : types["types"].items()) {
        SchemaType type;
        type.key = key;
        type.name = lastSegment(key);
        type.description = stringOr(entry, "description");
        type.openApiType = stringOr(entry, "type");
        type.openApiFormat = stringOr(entry, "format");
        if (auto gvk = entry.find("gvk"); gvk != entry.end()) {
            type.group = stringOr(*gvk, "group");
            type.version = stringOr(*gvk, "version");
            type.kind = stringOr(*gvk, "kind");
        }
        const json* zh = nullptr;
        if (auto it = zhTypes.find(key); it != zhTypes.end() && it->is_object())
            zh = &*it;
        if (zh)
            type.descriptionZh = stringOr(*zh, "description");
        const json* zhFields = nullptr;
        if (zh && zh->contains("fields") && (*zh)["fields"].is_object())
            zhFields = &(*zh)["fields"];
        for (const json& f : entry.value("fields", json::array())) {
            SchemaField field;
            field.name = stringOr(f, "name");
            field.type = stringOr(f, "type");
            field.ref = stringOr(f, "ref");
            field.required = f.value("required", false);
            field.enumType = stringOr(f, "enum");
            field.patchStrategy = stringOr(f, "patchStrategy");
            field.patchMergeKey = stringOr(f, "patchMergeKey");
            field.description = stringOr(f, "description");
            if (zhFields)
                field.descriptionZh = stringOr(*zhFields, field.name.c_str());
            type.fields.push_back(std::move(field));
        }
        std::ranges::sort(type.fields, {}, &SchemaField::name);
        schema.m_byKey.emplace(type.key, schema.m_types.size());
        schema.m_types.push_back(std::move(type));
    }

    const json enums = types.value("enums", json::object());
    for (const auto& [name, values] : enums.items()) {
        std::vector<SchemaEnumValue> list;
        const json* zh = zhEnums.contains(name) ? &zhEnums[name] : nullptr;
        for (const json& pair : values) {
            if (!pair.is_array() || pair.size() != 2)
                return fail(ErrorCode::Parse, "API schema: enum " + name + " is not a list of [value, comment]");
            SchemaEnumValue value{pair[0].get<std::string>(), pair[1].get<std::string>(), {}};
            if (zh)
                value.descriptionZh = stringOr(*zh, value.value.c_str());
            list.push_back(std::move(value));
        }
        schema.m_enums.emplace(name, std::move(list));
    }

    for (const SchemaType& type : schema.m_types) {
        for (const SchemaField& field : type.fields) {
            if (!field.ref.empty() && !schema.type(field.ref))
                return fail(ErrorCode::Parse, "API schema: " + type.key + "." + field.name
                                                  + " refers to unknown type " + field.ref);
            if (!field.enumType.empty() && !schema.m_enums.contains(field.enumType))
                return fail(ErrorCode::Parse, "API schema: " + type.key + "." + field.name
                                                  + " uses unknown enum " + field.enumType);
        }
    }
    return schema;
}

const SchemaType* Schema::type(std::string_view key) const
{
    auto it = m_byKey.find(key);
    return it == m_byKey.end() ? nullptr : &m_types[it->second];
}

const SchemaType* Schema::kind(std::string_view group, std::string_view version, std::string_view kind) const
{
    for (const SchemaType& type : m_types)
        if (type.kind == kind && type.group == group && type.version == version)
            return &type;
    return nullptr;
}

std::span<const SchemaEnumValue> Schema::enumValues(std::string_view enumType) const
{
    auto it = m_enums.find(enumType);
    if (it == m_enums.end())
        return {};
    return it->second;
}

std::string_view Schema::typeDescription(const SchemaType& type, Language language) const
{
    if (language == Language::Chinese && !type.descriptionZh.empty())
        return type.descriptionZh;
    return type.description;
}

std::string Schema::fieldDescription(const SchemaField& field, Language language) const
{
    const bool chinese = language == Language::Chinese;
    std::string text = chinese && !field.descriptionZh.empty() ? field.descriptionZh : field.description;
    std::span<const SchemaEnumValue> values = enumValues(field.enumType);
    if (values.empty())
        return text;
    // kube-openapi appends the values of `+enum` types as a paragraph of their own.
    if (!text.empty())
        text += "\n\n";
    text += chinese ? "可能的枚举值：" : "Possible enum values:";
    for (const SchemaEnumValue& value : values) {
        text += '\n';
        text += enumLine(value, chinese && !value.descriptionZh.empty() ? value.descriptionZh : value.description);
    }
    return text;
}

const Result<Schema>& apiSchema()
{
    static const Result<Schema> schema = Schema::parse(schemadata::typesJson(), schemadata::chineseJson());
    return schema;
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/language.h"

namespace kubelab::core {

/// One field of an API type, as `kubectl explain` lists it.
struct SchemaField {
    std::string name;          ///< "strategy"
    std::string type;          ///< as kubectl prints it: "string", "[]Container", "map[string]Quantity"
    std::string ref;           ///< key of the type the field, its items or its values refer to; empty for plain values
    bool required = false;
    std::string enumType;      ///< "DeploymentStrategyType" when the value is one of a fixed set, else empty
    std::string patchStrategy; ///< upstream's `patchStrategy` tag: "merge", "retainKeys", "merge,retainKeys" or empty
    std::string patchMergeKey; ///< upstream's `patchMergeKey` tag: the key of a merged list's items ("name")
    std::string description;   ///< upstream's doc comment (the enum values are kept apart)
    std::string descriptionZh; ///< Chinese text, empty when there is none
};

/// One value of an enum type with upstream's comment on its constant.
struct SchemaEnumValue {
    std::string value;
    std::string description;
    std::string descriptionZh;
};

/// One API type (an OpenAPI component such as `io.k8s.api.apps.v1.DeploymentSpec`).
struct SchemaType {
    std::string key;           ///< "io.k8s.api.apps.v1.DeploymentSpec"
    std::string name;          ///< "DeploymentSpec", the name kubectl prints
    std::string group;         ///< set for top-level kinds ("" is the core group)
    std::string version;       ///< set for top-level kinds
    std::string kind;          ///< set for top-level kinds only
    std::string description;
    std::string descriptionZh;
    /// The OpenAPI type and format of a type that is not an object of fields (upstream's
    /// `OpenAPISchemaType` and `OpenAPISchemaFormat`): `string`/`date-time` for Time,
    /// `string`/`int-or-string` for IntOrString, `object` for RawExtension; empty for the
    /// types with fields, which are objects.
    std::string openApiType;
    std::string openApiFormat;
    std::vector<SchemaField> fields; ///< sorted by name, byte-wise, as kubectl lists them

    [[nodiscard]] bool isKind() const { return !kind.empty(); }
    [[nodiscard]] const SchemaField* field(std::string_view fieldName) const;
};

/// The field documentation of every kind the lab serves: upstream's OpenAPI descriptions
/// (Kubernetes v1.30) with Chinese translations. Immutable once built; safe to share
/// between threads.
class Schema final {
public:
    /// Builds a schema from the two documents of resources/schema/ (`types.json` and
    /// `zh_CN.json`). Fails with a Parse error when either is malformed or a field refers
    /// to a type that is not described.
    [[nodiscard]] static Result<Schema> parse(std::string_view typesJson, std::string_view chineseJson);

    [[nodiscard]] const SchemaType* type(std::string_view key) const;
    /// The type of a top-level kind, by its group, version and kind.
    [[nodiscard]] const SchemaType* kind(std::string_view group, std::string_view version,
                                         std::string_view kind) const;
    [[nodiscard]] std::span<const SchemaEnumValue> enumValues(std::string_view enumType) const;
    [[nodiscard]] const std::vector<SchemaType>& types() const { return m_types; }

    /// The type's description in `language`; the English text when there is no translation.
    [[nodiscard]] std::string_view typeDescription(const SchemaType& type, Language language) const;
    /// The field's description as kubectl shows it: the doc comment followed, for enum
    /// fields, by the "Possible enum values" list. Chinese falls back to English text by
    /// text, so a missing translation never hides documentation.
    [[nodiscard]] std::string fieldDescription(const SchemaField& field, Language language) const;

private:
    std::vector<SchemaType> m_types;
    std::map<std::string, std::size_t, std::less<>> m_byKey;
    std::map<std::string, std::vector<SchemaEnumValue>, std::less<>> m_enums;
};

/// The schema compiled into the library, built on first use (an error only if the compiled-in
/// documents are malformed, which the tests rule out).
[[nodiscard]] const Result<Schema>& apiSchema();

} // namespace kubelab::core

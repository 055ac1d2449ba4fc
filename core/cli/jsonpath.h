// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/store/store.h"

namespace kubelab::cli {

/// A string as Go's strconv.Quote prints it (fmt's `%q`): escapes, `\x` for invalid UTF-8.
[[nodiscard]] std::string goQuote(std::string_view s);

/// kubectl's `-o jsonpath=TEMPLATE` (k8s.io/client-go/util/jsonpath): `{.metadata.name}`,
/// `{.items[*].metadata.name}`, `{range .items[*]}{.metadata.name}{"\n"}{end}`, filters
/// `[?(@.type=="Ready")]`, `..` recursive descent, slices, `{$}`; `asJson` for
/// `-o jsonpath-as-json`. Bad templates are refused with kubectl's messages.
[[nodiscard]] core::Result<std::string> evaluateJsonPath(std::string_view tmpl, const core::Json& document, bool asJson);

/// kubectl's `-o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName`.
[[nodiscard]] core::Result<std::string> customColumns(std::string_view spec, const std::vector<core::ObjectPtr>& objects,
                                                      bool noHeaders);

/// kubectl's `-o custom-columns-file=FILE`: `templateText` is the file's content, a line of
/// headers and a line of field specs, both whitespace separated. Like kubectl it always prints
/// the header line.
[[nodiscard]] core::Result<std::string> customColumnsFromTemplate(std::string_view templateText,
                                                                  const std::vector<core::ObjectPtr>& objects);

/// kubectl's `--sort-by=JSONPATH` ordering of objects.
[[nodiscard]] core::Result<std::vector<core::ObjectPtr>> sortByJsonPath(std::string_view path,
                                                                       std::vector<core::ObjectPtr> objects);

/// Options of the bare jsonpath engine (client-go's `JSONPath`).
struct JsonPathOptions {
    /// `AllowMissingKeys`: a missing field is an empty result instead of `x is not found`.
    /// kubectl's printers set it (`--allow-missing-template-keys` defaults to true).
    bool allowMissingKeys = true;
    /// `EnableJSONOutput`: each result group printed as an indented JSON array.
    bool outputJson = false;
};

/// `evaluateJsonPath` with the engine's options: `allowMissingKeys` false is kubectl's
/// `--allow-missing-template-keys=false`, `outputJson` is `-o jsonpath-as-json`.
[[nodiscard]] core::Result<std::string> evaluateJsonPath(std::string_view tmpl, const core::Json& document,
                                                         JsonPathOptions options);

/// The bare engine: parses and executes `tmpl` on `document` as client-go's
/// `JSONPath.Parse` + `Execute` do. Errors carry the engine's own texts (`unclosed action`,
/// `hello is not found`, `array index out of bounds: index 5, length 1`) without kubectl's
/// wrapping, which `evaluateJsonPath` adds.
[[nodiscard]] core::Result<std::string> executeJsonPath(std::string_view tmpl, const core::Json& document,
                                                        JsonPathOptions options = {});

/// kubectl's RelaxedJSONPathExpression (custom columns, `--sort-by`): `metadata.name`,
/// `.metadata.name`, `{metadata.name}` and `{.metadata.name}` all become `{.metadata.name}`.
[[nodiscard]] core::Result<std::string> relaxedJsonPathExpression(std::string_view path);

/// `--sort-by` for printers that are not tables (`-o json|yaml|name|jsonpath|custom-columns`):
/// kubectl's SortObjects, which refuses a bad path up front and checks the field even for a
/// single object. `sortByJsonPath` is the table printers' sorter (TableSorter).
[[nodiscard]] core::Result<std::vector<core::ObjectPtr>> sortListByJsonPath(std::string_view path,
                                                                           std::vector<core::ObjectPtr> objects);

} // namespace kubelab::cli

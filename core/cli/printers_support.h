// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared pieces of the table printers and the describers: JSON accessors that never
// throw, kubectl's small formatting helpers, and the kind -> printer table. Internal to
// core/cli.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/names.h"
#include "core/api/object.h"
#include "core/sim/clock.h"

namespace kubelab::core {
class Engine;
}

namespace kubelab::cli::detail {

using kubelab::core::Json;

/// One column of a kind's table, as upstream's TableColumnDefinition: `priority` 1
/// columns print only with `-o wide`; `isName` marks the column kubectl prefixes with
/// the kind when several kinds are printed.
struct Column {
    std::string_view name;
    int priority = 0;
    bool isName = false;
};

/// The cells of one row, for every column of the kind (wide ones included): the API
/// server always generates wide rows and kubectl drops the columns it does not show.
using Row = std::vector<std::string>;
using RowFunction = Row (*)(const core::Engine& engine, const Json& object);

/// A kind's table printer: its columns and the function making a row.
struct KindPrinter {
    std::string_view kind;
    std::span<const Column> columns;
    RowFunction row;
};

/// The printer for a kind, or the default NAME/AGE printer when the kind has none.
[[nodiscard]] const KindPrinter& printerFor(std::string_view kind);

// Row functions, defined in printers_workloads.cpp, printers_core.cpp and
// printers_other.cpp. Columns are declared beside the table in printers.cpp.
Row podRow(const core::Engine&, const Json&);
Row podTemplateRow(const core::Engine&, const Json&);
Row replicationControllerRow(const core::Engine&, const Json&);
Row replicaSetRow(const core::Engine&, const Json&);
Row deploymentRow(const core::Engine&, const Json&);
Row daemonSetRow(const core::Engine&, const Json&);
Row statefulSetRow(const core::Engine&, const Json&);
Row jobRow(const core::Engine&, const Json&);
Row cronJobRow(const core::Engine&, const Json&);
Row horizontalPodAutoscalerRow(const core::Engine&, const Json&);
Row podDisruptionBudgetRow(const core::Engine&, const Json&);
Row controllerRevisionRow(const core::Engine&, const Json&);
Row nodeRow(const core::Engine&, const Json&);
Row namespaceRow(const core::Engine&, const Json&);
Row serviceRow(const core::Engine&, const Json&);
Row endpointsRow(const core::Engine&, const Json&);
Row endpointSliceRow(const core::Engine&, const Json&);
Row configMapRow(const core::Engine&, const Json&);
Row secretRow(const core::Engine&, const Json&);
Row serviceAccountRow(const core::Engine&, const Json&);
Row eventRow(const core::Engine&, const Json&);
Row resourceQuotaRow(const core::Engine&, const Json&);
Row leaseRow(const core::Engine&, const Json&);
Row priorityClassRow(const core::Engine&, const Json&);
Row componentStatusRow(const core::Engine&, const Json&);
Row createdAtRow(const core::Engine&, const Json&);
Row nameAgeRow(const core::Engine&, const Json&);
Row ingressRow(const core::Engine&, const Json&);
Row ingressClassRow(const core::Engine&, const Json&);
Row networkPolicyRow(const core::Engine&, const Json&);
Row persistentVolumeRow(const core::Engine&, const Json&);
Row persistentVolumeClaimRow(const core::Engine&, const Json&);
Row storageClassRow(const core::Engine&, const Json&);
Row roleBindingRow(const core::Engine&, const Json&);
Row csiDriverRow(const core::Engine&, const Json&);
Row csiNodeRow(const core::Engine&, const Json&);
Row csiStorageCapacityRow(const core::Engine&, const Json&);
Row volumeAttachmentRow(const core::Engine&, const Json&);

// --- JSON accessors (a missing or mistyped field gives the fallback) ---------------------

/// The value at a JSON pointer (`/spec/replicas`), or null when absent.
[[nodiscard]] const Json* find(const Json& object, std::string_view pointer);
[[nodiscard]] std::string str(const Json& object, std::string_view pointer, std::string fallback = {});
[[nodiscard]] std::int64_t integer(const Json& object, std::string_view pointer, std::int64_t fallback = 0);
[[nodiscard]] bool boolean(const Json& object, std::string_view pointer, bool fallback = false);
[[nodiscard]] bool has(const Json& object, std::string_view pointer);
/// The array at `pointer`, or an empty array.
[[nodiscard]] const Json& array(const Json& object, std::string_view pointer);
/// The object at `pointer`, or an empty object.
[[nodiscard]] const Json& object(const Json& object, std::string_view pointer);
/// A scalar as Go's `%v` prints it (strings bare, numbers, true/false, `<nil>` for null).
[[nodiscard]] std::string scalarText(const Json& value);

// --- Formatting as kubectl ----------------------------------------------------------------

/// `labels.FormatLabels`: `k=v,k2=v2` sorted by key, `<none>` when empty.
[[nodiscard]] std::string formatLabels(const Json& map);
/// `metav1.FormatLabelSelector`: the selector's string form, `<none>` when empty or null,
/// `<error>` when invalid.
[[nodiscard]] std::string formatLabelSelector(const Json* selector);
/// `metav1.LabelSelectorAsSelector(...).String()`: empty for an empty selector,
/// `<invalid>` when invalid.
[[nodiscard]] std::string labelSelectorString(const Json* selector);
/// Container names and images joined by commas (upstream's `layoutContainerCells`).
[[nodiscard]] std::pair<std::string, std::string> containerCells(const Json& containers);
/// A quantity in canonical form (`Quantity.String()`), `0` when missing.
[[nodiscard]] std::string quantityText(const Json* value);
/// An intstr.IntOrString as `String()` prints it.
[[nodiscard]] std::string intOrString(const Json& value);
/// `helper.GetAccessModesAsString`: `RWO,ROX,RWX,RWOP` in that order.
[[nodiscard]] std::string accessModes(const Json& modes);
/// The StorageClass of a PersistentVolume or claim: the beta annotation wins over
/// `spec.storageClassName` (upstream's GetPersistentVolumeClass / GetPersistentVolumeClaimClass).
[[nodiscard]] std::string storageClassOf(const Json& object);
/// kubectl's formatEndpoints: `ip:port` of every address and port (only the port named
/// `*portName` when given), at most three, then `+ N more...`; `<none>` without subsets.
[[nodiscard]] std::string formatEndpoints(const Json& endpoints, const std::string* portName);
/// A bool as Go's `%v` and `%t` print it.
[[nodiscard]] std::string boolText(bool value);
/// strings.Join.
using core::join;

// --- Time -----------------------------------------------------------------------------------

/// Virtual time of the RFC 3339 timestamp at `pointer`, if present and valid.
[[nodiscard]] std::optional<core::VirtualTime> timeAt(const core::Engine& engine, const Json& object,
                                                       std::string_view pointer);
/// `translateTimestampSince`: the human age of the timestamp at `pointer`, `<unknown>`
/// when missing.
[[nodiscard]] std::string since(const core::Engine& engine, const Json& object, std::string_view pointer);
/// The AGE column: how long ago the object was created.
[[nodiscard]] std::string age(const core::Engine& engine, const Json& object);
/// A timestamp as Go's `time.RFC1123Z` prints it in UTC (`Wed, 01 Jan 2025 00:00:00 +0000`);
/// the zero time (`Mon, 01 Jan 0001 00:00:00 +0000`) when missing.
[[nodiscard]] std::string rfc1123z(const Json& object, std::string_view pointer);

/// Lays text out as Go's text/tabwriter: cells end at '\t', each column block as wide as
/// its widest cell plus `padding` (at least `minWidth`), the last cell of a line unpadded.
[[nodiscard]] std::string tabwrite(std::string_view text, int minWidth, int padding);

} // namespace kubelab::cli::detail

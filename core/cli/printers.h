// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/api/resources.h"
#include "core/sim/clock.h"
#include "core/store/store.h"

namespace kubelab::core {
class Engine;
}

namespace kubelab::cli {

using kubelab::core::Json;
using kubelab::core::ObjectPtr;

struct TableOptions {
    bool wide = false;          ///< -o wide
    bool showLabels = false;    ///< --show-labels
    bool allNamespaces = false; ///< -A: a NAMESPACE column first
    bool withKind = false;      ///< several kinds asked for: names print as `deployment.apps/web`
    bool noHeaders = false;     ///< --no-headers
    std::vector<std::string> labelColumns; ///< -L key,...
};

/// kubectl's table printers (k8s.io/kubernetes/pkg/printers/internalversion/printers.go):
/// the columns kubectl prints for each kind, the same cell texts, laid out with
/// kubectl's tabwriter (minimum width 6, padding 3). `engine` supplies the virtual
/// "now" for AGE and related objects where a column needs them.
[[nodiscard]] std::string printTable(const core::Engine& engine, const core::ResourceInfo& resource,
                                     const std::vector<ObjectPtr>& objects, const TableOptions& options);

/// One column of a kind's table as the API server describes it in a meta.k8s.io Table
/// (`priority` 1: only with `-o wide`; `isName`: the name column).
struct TableColumnInfo {
    std::string name;
    int priority = 0;
    bool isName = false;
};
/// The columns `printTable` prints for a kind (wide ones included), and one object's cells.
[[nodiscard]] std::vector<TableColumnInfo> tableColumns(std::string_view kind);
[[nodiscard]] std::vector<std::string> tableCells(const core::Engine& engine, std::string_view kind,
                                                  const Json& object);

/// Lays rows out as kubectl's tabwriter does: each column as wide as its widest cell plus
/// 3 spaces (at least 6), the last column unpadded.
[[nodiscard]] std::string tabulate(const std::vector<std::vector<std::string>>& rows);

/// `kubectl describe KIND NAME` text, with the Events section
/// (k8s.io/kubectl/pkg/describe/describe.go).
[[nodiscard]] std::string describe(const core::Engine& engine, const core::ResourceInfo& resource, const Json& object);

/// The AGE cell: `humanDuration(now - creationTimestamp)`, `<unknown>` when missing.
[[nodiscard]] std::string ageOf(const core::Engine& engine, const Json& object,
                                const char* field = "/metadata/creationTimestamp");

} // namespace kubelab::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"

namespace kubelab::core {

class Engine;
struct RequestContext;

// What-if labs and real clusters: forking a lab, importing `kubectl get -o yaml` output of a
// real cluster, exporting clean manifests for `kubectl apply`.

/// Lab settings a fork records: the parent lab's absolute path and its revision when forked.
inline constexpr std::string_view kSettingForkParent = "fork.parent";
inline constexpr std::string_view kSettingForkParentRevision = "fork.parentRevision";

/// Copies the lab (history included, through SQLite's backup API, so a lab in WAL mode that
/// another process writes is copied as of its last commit) to `target`, which must not exist,
/// and records the parent in the copy's settings. A failed copy leaves no file behind.
[[nodiscard]] Status forkLab(const Engine& engine, const std::string& target);

/// Where a kind goes when manifests are applied in order: namespaces, then cluster-wide
/// policy and storage (priority classes, storage classes, PVs), RBAC, configuration,
/// claims, services, workloads, then what refers to workloads (autoscalers, budgets).
[[nodiscard]] int applyOrderRank(std::string_view kind);

/// Keys of the objects a fresh lab holds before anyone changes it (namespaces, the
/// `kubernetes` Service, CoreDNS, the bootstrap RBAC): import and export leave them alone.
[[nodiscard]] const std::set<ObjectKey>& freshLabKeys();

/// One document of an import: what it was and what became of it.
struct ImportItem {
    ObjectKey key;
    bool imported = false;
    std::string reason; ///< why it was skipped, or a note about how it was imported
    Location location;
};

/// Rebuilds a real cluster in the lab from `kubectl get ... -A -o yaml` output (a `kind: List`
/// or multi-document YAML/JSON): server-set fields and status are dropped (a Node keeps its
/// capacity, allocatable, labels and taints), objects a controller in the file recreates are
/// left to it, the control plane's own pods and what a fresh lab already holds are skipped,
/// namespaces the objects use are created. All or nothing: the first error is returned (with
/// the document's file:line:column) and the caller rolls the lab back.
[[nodiscard]] Result<std::vector<ImportItem>> importCluster(Engine& engine, std::string_view text,
                                                            std::string_view fileName, const RequestContext& ctx);

struct ExportOptions {
    std::string ns;             ///< the namespace to export (ignored with allNamespaces)
    bool allNamespaces = false; ///< every namespace and the cluster-scoped objects
    bool nodes = false;         ///< Nodes too, with capacity and allocatable (for `klab import`)
};

/// Clean manifests of what the user made in the lab, in apply order: no status and no field
/// the server sets, nothing a controller owns, nothing a fresh lab already holds.
[[nodiscard]] std::vector<Json> exportCluster(const Engine& engine, const ExportOptions& options);

/// One object without what the API server or the controllers set (uid, resourceVersion,
/// creationTimestamp, managedFields, generation, status, allocated cluster IPs, the service
/// account token volume, default tolerations, the last-applied annotation, ...).
[[nodiscard]] Json cleanManifest(const Json& object);

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/api/object.h"
#include "core/api/quantity.h"

namespace kubelab::core {

class Engine;

/// A corev1.ResourceList: resource name -> quantity, sorted by name.
using ResourceList = std::map<std::string, Quantity>;

/// The quantities of a JSON resource list (`{"cpu": "500m"}`); unparsable entries are skipped.
[[nodiscard]] ResourceList resourceListOf(const Json& list);
/// The resource list at `pointer` in the object (empty when there is none).
[[nodiscard]] ResourceList resourceListAt(const Json& object, const char* pointer);
[[nodiscard]] Json resourceListJson(const ResourceList& list);
/// quota.Add: sums per name (a zero takes the other's format, as Quantity.Add).
[[nodiscard]] ResourceList addResources(const ResourceList& a, const ResourceList& b);
/// quota.Mask: the entries of `list` whose names are in `names`.
[[nodiscard]] ResourceList maskResources(const ResourceList& list, const std::vector<std::string>& names);
/// `cpu=500m,pods=1` (sorted), as the quota admission's prettyPrint.
[[nodiscard]] std::string prettyPrintResources(const ResourceList& list);

/// The effective pod requests and limits as resourcehelper.PodRequests / PodLimits compute
/// them from quantities: containers summed, the peak of each init container, the overhead.
[[nodiscard]] ResourceList podRequestsList(const Json& pod);
[[nodiscard]] ResourceList podLimitsList(const Json& pod);

/// Whether the quota machinery counts `kind` (pkg/quota/v1/evaluator/core plus the
/// object-count evaluators): pods, services, claims and `count/<resource>` of any kind.
/// The usage one object adds (`pods`, `requests.cpu`, `count/pods`, `services.nodeports`,
/// `requests.storage`, `<class>.storageclass.storage.k8s.io/requests.storage`, ...).
/// A pod that ended (Succeeded, Failed, or past its deletion grace) counts only `count/pods`.
[[nodiscard]] ResourceList quotaUsage(const Engine& engine, const Json& object);
/// The resources of `names` that the evaluator for `kind` can track (MatchingResources).
[[nodiscard]] std::vector<std::string> quotaMatchingResources(std::string_view kind,
                                                              const std::vector<std::string>& names);
/// Whether a quota's scopes (spec.scopes and scopeSelector) select `object`.
[[nodiscard]] bool quotaScopesMatch(const Json& quota, const Json& object);
/// The pod evaluator's Constraints: containers must state requests/limits of the cpu and
/// memory resources the quota tracks (`must specify limits.cpu for: web`); empty if fine.
[[nodiscard]] std::string quotaConstraints(const Json& pod, const std::vector<std::string>& tracked);
/// The usage of everything in the quota's namespace the quota selects (the resource quota
/// controller's CalculateUsage), masked to `status.hard`'s names, zero for tracked ones.
[[nodiscard]] ResourceList calculateQuotaUsage(const Engine& engine, const Json& quota);

} // namespace kubelab::core

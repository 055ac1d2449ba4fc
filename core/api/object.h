// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/jsoncheck.h"

#include "core/api/jsonmap.h"

namespace kubelab::core {

/// A Kubernetes object as the API server stores it: the whole document, key order kept,
/// so fields the simulator does not know survive every round trip. Typed views
/// (`core/api/types.h`) decode the fields the simulator uses.
using Json = nlohmann::basic_json<JsonMap>;

/// The order of etcd's keys `ns/name` within one resource, by their bytes: the order of a
/// list from the API server (namespace `a-b` before `a`, as `kubectl get -A` shows them).
[[nodiscard]] std::strong_ordering compareEtcdKeys(std::string_view ns, std::string_view name, std::string_view otherNs,
                                                   std::string_view otherName);

/// Identifies one stored object. `kind` is the canonical Kind ("Pod", "Deployment");
/// `ns` is empty for cluster-scoped kinds.
struct ObjectKey {
    std::string kind;
    std::string ns;
    std::string name;

    /// By kind, then as etcd orders the keys of one resource (compareEtcdKeys).
    std::strong_ordering operator<=>(const ObjectKey& other) const;
    bool operator==(const ObjectKey&) const = default;

    /// `pods/default/web` style, for logs and story events.
    [[nodiscard]] std::string toString() const;
};

[[nodiscard]] ObjectKey keyOf(const Json& object);

using Labels = std::map<std::string, std::string>;

// Small, total accessors over documents; a missing field gives the empty value.
[[nodiscard]] std::string kindOf(const Json& object);
[[nodiscard]] std::string nameOf(const Json& object);
[[nodiscard]] std::string namespaceOf(const Json& object);
[[nodiscard]] std::string uidOf(const Json& object);
/// The API group of the object's apiVersion (`apps` of `apps/v1`, empty for the core group).
[[nodiscard]] std::string apiGroupOf(const Json& object);
[[nodiscard]] std::string stringAt(const Json& object, const Json::json_pointer& pointer);
/// `status.phase` and `spec.nodeName`, which most components read.
inline const Json::json_pointer kPhase{"/status/phase"};
inline const Json::json_pointer kNodeName{"/spec/nodeName"};
[[nodiscard]] Labels labelsOf(const Json& object);
[[nodiscard]] Labels annotationsOf(const Json& object);
[[nodiscard]] bool isBeingDeleted(const Json& object);
/// The status (`True`, `False`, `Unknown`) of the object's `status.conditions` entry of this
/// type; empty when it has none.
[[nodiscard]] std::string conditionStatus(const Json& object, std::string_view type);
/// The member `key` of an object, by reference; null when missing or when `object` is not an
/// object (iterating null visits nothing). No copy, unlike Json::value().
[[nodiscard]] const Json& member(const Json& object, std::string_view key);
/// The string member `key` of an object, viewed in place; empty when missing or not a string.
[[nodiscard]] std::string_view memberText(const Json& object, std::string_view key);

/// Whether `metadata.finalizers` lists `finalizer`.
[[nodiscard]] bool hasFinalizer(const Json& object, std::string_view finalizer);
/// A copy of the object without `finalizer` (the list itself removed once empty).
[[nodiscard]] Json withoutFinalizer(const Json& object, std::string_view finalizer);

/// The controller owner reference (`controller: true`), if any.
[[nodiscard]] std::optional<Json> controllerRefOf(const Json& object);

} // namespace kubelab::core

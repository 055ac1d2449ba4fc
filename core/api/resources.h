// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kubelab::core {

/// One API resource as `kubectl api-resources` lists it.
struct ResourceInfo {
    std::string_view plural;     ///< "deployments"
    std::string_view singular;   ///< "deployment"
    std::string_view kind;       ///< "Deployment"
    std::string_view group;      ///< "" for core, "apps", ...
    std::string_view version;    ///< "v1"
    bool namespaced = true;
    std::vector<std::string_view> shortNames;
    std::vector<std::string_view> categories; ///< "all" puts it in `kubectl get all`
    bool stored = true;          ///< false for kinds the lab knows but does not store (reviews)

    /// "apps/v1" or "v1".
    [[nodiscard]] std::string apiVersion() const;
    /// "deployments.apps" or "pods" — the name in Forbidden / NotFound texts.
    [[nodiscard]] std::string qualifiedPlural() const;
    /// "deployment.apps" or "pod" — the name printer's prefix.
    [[nodiscard]] std::string qualifiedSingular() const;
};

/// Every resource the lab serves, in `kubectl api-resources` order (core group first,
/// then groups alphabetically, resources alphabetically inside a group).
[[nodiscard]] std::span<const ResourceInfo> allResources();

/// Resolves what a user types (`po`, `pods`, `pod`, `Pod`, `deployments.apps`,
/// `deploy.apps`) to a resource, case-insensitively for kinds.
[[nodiscard]] const ResourceInfo* findResource(std::string_view typed);
[[nodiscard]] const ResourceInfo* findResourceByKind(std::string_view kind);
/// Resolves apiVersion + kind of a manifest (`apps/v1`, `Deployment`).
[[nodiscard]] const ResourceInfo* findResourceByApiVersionKind(std::string_view apiVersion,
                                                              std::string_view kind);

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/object.h"
#include "core/api/resources.h"

namespace kubelab::core::server {

/// The discovery documents kube-apiserver serves, built from the lab's resource table
/// (core/api/resources.h): `/version`, `/api`, `/api/v1`, `/apis`, `/apis/<group>/<version>`.
/// `kubectl api-resources`, short names (`get po`) and categories (`get all`) come from here.

/// The verbs a resource answers to, as upstream lists them.
[[nodiscard]] std::vector<std::string_view> verbsOf(const ResourceInfo& resource);
/// The subresources the lab serves for a resource (`status`, `scale`, `log`, `binding`, `eviction`).
[[nodiscard]] std::vector<std::string_view> subresourcesOf(const ResourceInfo& resource);

[[nodiscard]] Json versionDocument(std::string_view kubernetesVersion);
[[nodiscard]] Json coreVersions(std::string_view serverAddress);
[[nodiscard]] Json groupList();
/// The APIResourceList of a group version (`""` + `v1` for the core group), or nullopt when
/// the lab has no such group version.
[[nodiscard]] std::optional<Json> resourceList(std::string_view group, std::string_view version);
/// The APIGroup document of `/apis/<group>`.
[[nodiscard]] std::optional<Json> groupDocument(std::string_view group);

} // namespace kubelab::core::server

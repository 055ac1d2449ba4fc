// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/cli/cli.h"

namespace kubelab::cli {

/// One resource type named on the command line, with the names asked for (empty: all).
struct TargetGroup {
    const core::ResourceInfo* resource = nullptr;
    std::vector<std::string> names;
};

/// Reads kubectl's ways of naming objects: `KIND NAME...`, `KIND[,KIND]`, `KIND/NAME...`
/// (`get pods web`, `get rs,deploy`, `get pod/web svc/web`, `get all`). Unknown kinds
/// print kubectl's error and give nullopt.
[[nodiscard]] std::optional<std::vector<TargetGroup>> parseTargets(Context& ctx, const std::vector<std::string>& args);

/// The namespace an object of this resource lives in for the command ("" if cluster-scoped).
[[nodiscard]] std::string namespaceFor(const Context& ctx, const core::ResourceInfo& resource);

/// The objects of `resource` in `ns` (every namespace when empty) that `-l/--selector` and
/// `--field-selector` select, as the API server lists them. A selector it refuses is its
/// BadRequest, worded as kubectl words a failed list (`Unable to find "/v1, Resource=pods" that
/// match label selector "", field selector "spec.foo=x": field label not supported: spec.foo`).
[[nodiscard]] core::Result<std::vector<core::ObjectPtr>> listSelected(const Context& ctx,
                                                                      const core::ResourceInfo& resource,
                                                                      const std::string& ns);

/// kubectl's NotFound text for an object: `pods "web" not found`.
[[nodiscard]] core::Error notFound(const core::ResourceInfo& resource, const std::string& name);

} // namespace kubelab::cli

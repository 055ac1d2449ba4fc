// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>
#include <vector>

#include "core/api/object.h"
#include "core/api/resources.h"
#include "core/store/store.h"

namespace kubelab::core {
class Engine;
}

namespace kubelab::core::server {

/// What `kubectl get` asks for with `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`.
[[nodiscard]] bool wantsTable(std::string_view accept);

/// A meta.k8s.io/v1 Table (k8s.io/apiserver's tableconvertor): the columns and cells
/// `klab get` prints for the kind (core/cli/printers.h), each row with the object's
/// metadata (`includeObject=Metadata`, kubectl's default) or the whole object.
[[nodiscard]] Json makeTable(const Engine& engine, const ResourceInfo& resource, const std::vector<ObjectPtr>& objects,
                             std::string_view includeObject, std::string_view resourceVersion,
                             bool withColumns = true);

} // namespace kubelab::core::server

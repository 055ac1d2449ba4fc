// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/api/resources.h"

namespace kubelab::core {

class Engine;
struct RequestContext;

enum class Operation { Create, Update, Delete };

/// What an admission plugin sees: the operation, the object (mutable for mutating
/// plugins), the stored object on update and delete, and who asks.
struct AdmissionRequest {
    Operation operation = Operation::Create;
    const ResourceInfo* resource = nullptr;
    Json* object = nullptr;
    const Json* old = nullptr;
    const RequestContext* context = nullptr;
    Engine* engine = nullptr;
};

/// One admission plugin of the API server's chain. The chain runs every mutating plugin
/// in order, then validation of the object, then every validating plugin in the same
/// order (k8s.io/apiserver admission), as upstream's fixed plugin order.
class AdmissionPlugin {
public:
    virtual ~AdmissionPlugin() = default;
    [[nodiscard]] virtual std::string_view name() const = 0;
    /// Mutating phase; may change `*request.object`.
    virtual Status admit(AdmissionRequest& request)
    {
        (void)request;
        return {};
    }
    /// Validating phase.
    virtual Status validate(const AdmissionRequest& request)
    {
        (void)request;
        return {};
    }
};

} // namespace kubelab::core

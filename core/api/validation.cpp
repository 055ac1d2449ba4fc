// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/validation.h"

#include <exception>
#include <set>

#include "core/api/names.h"
#include "core/api/validation_util.h"

namespace kubelab::core {

namespace {

std::vector<FieldError> dispatch(const Json& object, const Json* old)
{
    using namespace validation;
    const std::string kind = kindOf(object);
    const std::string group = apiGroupOf(object);
    if (group.empty()) {
        if (kind == "Pod")
            return validatePod(object, old);
        if (kind == "ReplicationController")
            return validateWorkload(object, old);
        return validateCoreKind(object, old);
    }
    if (group == "apps" || group == "batch" || group == "autoscaling" || group == "policy")
        return validateWorkload(object, old);
    if (group == "storage.k8s.io" || group == "rbac.authorization.k8s.io" || group == "networking.k8s.io"
        || group == "scheduling.k8s.io")
        return validateOtherKind(object, old);
    return {};
}

/// Upstream's ToAggregate drops repeated messages.
std::vector<FieldError> unique(std::vector<FieldError> errors)
{
    std::vector<FieldError> out;
    std::set<std::string> seen;
    for (FieldError& e : errors)
        if (seen.insert(e.toString()).second)
            out.push_back(std::move(e));
    return out;
}

} // namespace

std::vector<FieldError> validateObject(const Json& object, const Json* old)
{
    if (!object.is_object())
        return {};
    if (old && !old->is_object())
        old = nullptr;
    try {
        return unique(dispatch(object, old));
    } catch (const std::exception& e) {
        // A document of an unexpected shape; report it rather than let it escape.
        return {FieldError{"", std::string("Internal error: ") + e.what()}};
    }
}

Error invalidObject(std::string kind, std::string name, const std::vector<FieldError>& errors)
{
    Error e = makeError(ErrorCode::Invalid, "");
    e.kind = std::move(kind);
    e.name = std::move(name);
    std::string joined;
    for (const FieldError& fe : errors) {
        e.causes.push_back(fe.toString());
        joined += (joined.empty() ? "" : ", ") + fe.toString();
    }
    e.message = e.kind + " \"" + e.name + "\" is invalid: " + (errors.size() == 1 ? joined : "[" + joined + "]");
    return e;
}

} // namespace kubelab::core

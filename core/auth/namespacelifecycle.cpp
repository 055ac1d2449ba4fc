// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/auth/namespacelifecycle.h"

#include "core/sim/engine.h"

namespace kubelab::core {

Status NamespaceLifecycle::validate(const AdmissionRequest& request)
{
    if (request.operation != Operation::Create || !request.resource->namespaced)
        return {};
    std::string ns = namespaceOf(*request.object);
    ObjectPtr namespaceObject = request.engine->get(ObjectKey{"Namespace", "", ns});
    if (!namespaceObject)
        return fail(ErrorCode::NotFound, "namespaces \"" + ns + "\" not found");
    // Events about the namespace's own teardown are still accepted, as upstream.
    if (isBeingDeleted(*namespaceObject) && request.resource->kind != "Event")
        return fail(ErrorCode::Forbidden, std::string(request.resource->plural) + " \"" + nameOf(*request.object) +
                                              "\" is forbidden: unable to create new content in namespace " + ns +
                                              " because it is being terminated");
    return {};
}

} // namespace kubelab::core

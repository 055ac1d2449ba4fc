// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/auth/storageadmission.h"

#include "core/controllers/persistentvolume.h"
#include "core/sim/engine.h"

namespace kubelab::core {

Status DefaultStorageClass::admit(AdmissionRequest& request)
{
    if (request.operation != Operation::Create || request.resource->kind != "PersistentVolumeClaim")
        return {};
    Json& claim = *request.object;
    if (!claimClassUnset(claim))
        return {};
    if (ObjectPtr def = defaultStorageClass(*request.engine))
        claim["spec"]["storageClassName"] = nameOf(*def);
    return {};
}

Status StorageObjectInUseProtection::admit(AdmissionRequest& request)
{
    if (request.operation != Operation::Create)
        return {};
    const char* finalizer = request.resource->kind == "PersistentVolumeClaim" ? kPvcProtectionFinalizer
                            : request.resource->kind == "PersistentVolume"    ? kPvProtectionFinalizer
                                                                              : nullptr;
    if (!finalizer)
        return {};
    Json& meta = (*request.object)["metadata"];
    if (meta.contains("finalizers") && meta["finalizers"].is_array())
        for (const Json& f : meta["finalizers"])
            if (f.is_string() && f.get<std::string>() == finalizer)
                return {};
    meta["finalizers"].push_back(finalizer);
    return {};
}

} // namespace kubelab::core

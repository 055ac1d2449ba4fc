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

Status PersistentVolumeClaimResize::validate(const AdmissionRequest& request)
{
    if (request.operation != Operation::Update || request.resource->kind != "PersistentVolumeClaim" || !request.old)
        return {};
    const Json& claim = *request.object;
    const Json& old = *request.old;
    if (storageQuantityAt(claim, kClaimRequest) <= storageQuantityAt(old, kClaimRequest))
        return {};
    auto forbidden = [&](const std::string& why) {
        return fail(ErrorCode::Forbidden, "persistentvolumeclaims \"" + nameOf(claim) + "\" is forbidden: " + why);
    };
    if (stringAt(old, kPhase) != "Bound")
        return forbidden("Only bound persistent volume claims can be expanded");
    // Growing is allowed only for claims whose StorageClass explicitly allows it.
    std::string cls = claimClassOf(claim);
    ObjectPtr sc = cls.empty() || cls != claimClassOf(old) ? nullptr
                                                            : request.engine->get(ObjectKey{"StorageClass", "", cls});
    if (!sc || !sc->contains("allowVolumeExpansion") || (*sc)["allowVolumeExpansion"] != Json(true))
        return forbidden("only dynamically provisioned pvc can be resized and the storageclass that provisions the "
                         "pvc must support resize");
    return {};
}

} // namespace kubelab::core

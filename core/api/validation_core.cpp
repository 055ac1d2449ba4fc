// SPDX-License-Identifier: GPL-3.0-or-later
// Core group kinds other than Pod, after k8s.io/kubernetes/pkg/apis/core/validation/validation.go
// (v1.31).
#include <algorithm>

#include "core/api/names.h"
#include "core/api/validation_util.h"

namespace kubelab::core::validation {

namespace {

const std::vector<std::string>& accessModes()
{
    static const std::vector<std::string> kModes = {"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"};
    return kModes;
}

ErrorList validateAccessModes(const Json* modes, const Path& path)
{
    ErrorList errors;
    bool rwop = false;
    bool other = false;
    for (const std::string& mode : stringList(modes)) {
        const bool supported = std::find(accessModes().begin(), accessModes().end(), mode) != accessModes().end();
        if (!supported)
            errors.push_back(notSupported(path, Value::string(mode), accessModes()));
        if (mode == "ReadWriteOncePod")
            rwop = true;
        else if (supported)
            other = true;
    }
    if (rwop && other)
        errors.push_back(forbidden(path, "may not use ReadWriteOncePod with other access modes"));
    return errors;
}

} // namespace

ErrorList validatePersistentVolumeClaimSpec(const Json& spec, const Path& path, bool /*isTemplate*/)
{
    ErrorList errors;
    if (sizeOf(spec, "accessModes") == 0)
        errors.push_back(required(path.child("accessModes"), "at least 1 access mode is required"));
    if (const Json* selector = objectField(spec, "selector"))
        append(errors, validateLabelSelector(*selector, path.child("selector")));
    append(errors, validateAccessModes(arrayField(spec, "accessModes"), path.child("accessModes")));
    // Upstream keys the storage request on "resources", not "resources.requests".
    const Path storagePath = path.child("resources").key("storage");
    const Json* resources = objectField(spec, "resources");
    const Json* requests = resources ? objectField(*resources, "requests") : nullptr;
    const Json* storage = requests ? field(*requests, "storage") : nullptr;
    if (!storage) {
        errors.push_back(required(storagePath));
    } else {
        std::string error;
        auto q = parseQuantity(*storage, &error);
        if (!q)
            errors.push_back(invalid(storagePath, Value::fromJson(*storage), error));
        else if (q->sign() <= 0)
            errors.push_back(invalid(storagePath, Value::string(q->toString()), "must be greater than zero"));
    }
    if (const std::string cls = str(spec, "storageClassName"); !cls.empty())
        for (const std::string& msg : isDns1123Subdomain(cls))
            errors.push_back(invalid(path.child("storageClassName"), Value::string(cls), msg));
    if (has(spec, "volumeMode")) {
        const std::string mode = str(spec, "volumeMode");
        if (mode != "Block" && mode != "Filesystem")
            errors.push_back(notSupported(path.child("volumeMode"), Value::string(mode), {"Block", "Filesystem"}));
    }
    return errors;
}

} // namespace kubelab::core::validation

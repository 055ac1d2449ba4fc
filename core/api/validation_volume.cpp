// SPDX-License-Identifier: GPL-3.0-or-later
// Pod volumes and volume mounts, after k8s.io/kubernetes/pkg/apis/core/validation/validation.go
// (v1.31): ValidateVolumes, validateVolumeSource, ValidateVolumeMounts, ValidateVolumeDevices and
// the downward API selectors they share with environment variables.
#include <algorithm>
#include <set>

#include "core/api/names.h"
#include "core/api/validation_util.h"

namespace kubelab::core::validation {

namespace {

constexpr const char* kFileModeError = "must be a number between 0 and 0777 (octal), both inclusive";

ErrorList validatePathNoBacksteps(const std::string& target, const Path& path)
{
    std::size_t start = 0;
    while (true) {
        const std::size_t slash = target.find('/', start);
        const std::string part = target.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (part == "..")
            return {invalid(path, Value::string(target), "must not contain '..'")};
        if (slash == std::string::npos)
            break;
        start = slash + 1;
    }
    return {};
}

ErrorList validateLocalDescendingPath(const std::string& target, const Path& path)
{
    ErrorList errors;
    if (!target.empty() && target.front() == '/')
        errors.push_back(invalid(path, Value::string(target), "must be a relative path"));
    append(errors, validatePathNoBacksteps(target, path));
    return errors;
}

ErrorList validateLocalNonReservedPath(const std::string& target, const Path& path)
{
    ErrorList errors = validateLocalDescendingPath(target, path);
    if (target.rfind("..", 0) == 0)
        errors.push_back(invalid(path, Value::string(target), "must not start with '..'"));
    return errors;
}

ErrorList validateMode(const Json& holder, std::string_view key, const Path& path)
{
    if (auto mode = integer(holder, key); mode && (*mode > 0777 || *mode < 0))
        return {invalid(path, Value::number(*mode), kFileModeError)};
    return {};
}

ErrorList validateKeyToPath(const Json& item, const Path& path)
{
    ErrorList errors;
    if (str(item, "key").empty())
        errors.push_back(required(path.child("key")));
    if (str(item, "path").empty())
        errors.push_back(required(path.child("path")));
    append(errors, validateLocalNonReservedPath(str(item, "path"), path.child("path")));
    append(errors, validateMode(item, "mode", path.child("mode")));
    return errors;
}

ErrorList validateKeyToPaths(const Json& source, const Path& path)
{
    ErrorList errors;
    if (const Json* items = arrayField(source, "items")) {
        std::size_t i = 0;
        for (const Json& item : *items)
            append(errors, validateKeyToPath(objectOrEmpty(&item), path.child("items").index(i++)));
    }
    return errors;
}

const std::vector<std::string>& volumeFieldPaths()
{
    static const std::vector<std::string> kPaths = {"metadata.annotations", "metadata.labels", "metadata.name",
                                                    "metadata.namespace", "metadata.uid"};
    return kPaths;
}

ErrorList validateDownwardApiFiles(const Json& source, const Path& path)
{
    ErrorList errors;
    const Json* items = arrayField(source, "items");
    if (!items)
        return errors;
    std::size_t i = 0;
    for (const Json& raw : *items) {
        const Json& item = objectOrEmpty(&raw);
        const Path ip = path.child("items").index(i++);
        if (str(item, "path").empty())
            errors.push_back(required(ip.child("path")));
        append(errors, validateLocalNonReservedPath(str(item, "path"), ip.child("path")));
        append(errors, validateMode(item, "mode", ip.child("mode")));
        const Json* fieldRef = objectField(item, "fieldRef");
        const Json* resourceRef = objectField(item, "resourceFieldRef");
        if (fieldRef)
            append(errors, validateObjectFieldSelector(*fieldRef, volumeFieldPaths(), ip.child("fieldRef")));
        if (resourceRef)
            append(errors, validateResourceFieldRef(*resourceRef, ip.child("resourceFieldRef"), true));
        if (fieldRef && resourceRef)
            errors.push_back(invalid(ip, Value::string("resource"),
                                     "fieldRef and resourceFieldRef can not be specified simultaneously"));
        else if (!fieldRef && !resourceRef)
            errors.push_back(required(ip, "one of fieldRef and resourceFieldRef is required"));
    }
    return errors;
}

/// VolumeSource fields in upstream's validation order.
constexpr std::string_view kVolumeSources[] = {
    "emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs",
    "iscsi", "glusterfs", "flocker", "persistentVolumeClaim", "rbd", "cinder", "cephfs", "quobyte",
    "downwardAPI", "fc", "flexVolume", "configMap", "azureFile", "vsphereVolume", "photonPersistentDisk",
    "portworxVolume", "azureDisk", "storageos", "projected", "scaleIO", "csi", "ephemeral", "image",
};

ErrorList validateHostPath(const Json& hostPath, const Path& path)
{
    static const std::vector<std::string> kTypes = {"",     "BlockDevice",  "CharDevice",   "Directory",
                                                    "DirectoryOrCreate", "File", "FileOrCreate", "Socket"};
    const std::string p = str(hostPath, "path");
    if (p.empty())
        return {required(path.child("path"))};
    ErrorList errors = validatePathNoBacksteps(p, path.child("path"));
    if (const Json* type = field(hostPath, "type")) {
        const std::string t = type->is_string() ? type->get<std::string>() : type->dump();
        if (std::find(kTypes.begin(), kTypes.end(), t) == kTypes.end())
            errors.push_back(notSupported(path.child("type"), Value::string(t), kTypes));
    }
    return errors;
}

ErrorList validateSourceDetails(std::string_view kind, const Json& source, const Path& path)
{
    ErrorList errors;
    if (kind == "emptyDir") {
        if (const Json* limit = field(source, "sizeLimit")) {
            auto q = parseQuantity(*limit);
            if (q && q->sign() < 0)
                errors.push_back(forbidden(path.child("sizeLimit"), "SizeLimit field must be a valid resource quantity"));
        }
    } else if (kind == "hostPath") {
        append(errors, validateHostPath(source, path));
    } else if (kind == "secret") {
        if (str(source, "secretName").empty())
            errors.push_back(required(path.child("secretName")));
        append(errors, validateMode(source, "defaultMode", path.child("defaultMode")));
        append(errors, validateKeyToPaths(source, path));
    } else if (kind == "configMap") {
        if (str(source, "name").empty())
            errors.push_back(required(path.child("name")));
        append(errors, validateMode(source, "defaultMode", path.child("defaultMode")));
        append(errors, validateKeyToPaths(source, path));
    } else if (kind == "persistentVolumeClaim") {
        if (str(source, "claimName").empty())
            errors.push_back(required(path.child("claimName")));
    } else if (kind == "nfs") {
        if (str(source, "server").empty())
            errors.push_back(required(path.child("server")));
        const std::string p = str(source, "path");
        if (p.empty())
            errors.push_back(required(path.child("path")));
        else if (p.front() != '/')
            errors.push_back(invalid(path.child("path"), Value::string(p), "must be an absolute path"));
    } else if (kind == "downwardAPI") {
        append(errors, validateMode(source, "defaultMode", path.child("defaultMode")));
        append(errors, validateDownwardApiFiles(source, path));
    } else if (kind == "projected") {
        append(errors, validateMode(source, "defaultMode", path.child("defaultMode")));
        std::set<std::string> paths;
        if (const Json* sources = arrayField(source, "sources")) {
            std::size_t i = 0;
            for (const Json& raw : *sources) {
                const Json& projection = objectOrEmpty(&raw);
                const Path sp = path.child("sources").index(i++);
                int count = 0;
                for (const char* k : {"secret", "downwardAPI", "configMap", "serviceAccountToken", "clusterTrustBundle"}) {
                    const Json* p = objectField(projection, k);
                    if (!p)
                        continue;
                    if (++count > 1) {
                        errors.push_back(forbidden(sp.child(k), "may not specify more than 1 volume type per source"));
                        continue;
                    }
                    const std::string_view key(k);
                    if (key == "secret" || key == "configMap") {
                        append(errors, validateKeyToPaths(*p, sp.child(k)));
                    } else if (key == "downwardAPI") {
                        append(errors, validateDownwardApiFiles(*p, sp.child(k)));
                    } else if (key == "serviceAccountToken") {
                        const Path tp = sp.child(k);
                        if (auto exp = integer(*p, "expirationSeconds")) {
                            if (*exp < 600)
                                errors.push_back(invalid(tp.child("expirationSeconds"), Value::number(*exp),
                                                         "may not specify a duration less than 10 minutes"));
                            else if (*exp > (std::int64_t(1) << 32))
                                errors.push_back(invalid(tp.child("expirationSeconds"), Value::number(*exp),
                                                         "may not specify a duration larger than 2^32 seconds"));
                        }
                        if (str(*p, "path").empty())
                            errors.push_back(required(tp.child("path")));
                    }
                }
                if (count == 0)
                    errors.push_back(required(sp, "must specify exactly 1 volume type"));
            }
        }
    } else if (kind == "csi") {
        if (str(source, "driver").empty())
            errors.push_back(required(path.child("driver")));
    } else if (kind == "ephemeral") {
        const Json* claimTemplate = objectField(source, "volumeClaimTemplate");
        if (!claimTemplate) {
            errors.push_back(required(path.child("volumeClaimTemplate")));
        } else {
            append(errors, validatePersistentVolumeClaimSpec(objectOrEmpty(objectField(*claimTemplate, "spec")),
                                                             path.child("volumeClaimTemplate").child("spec"), true));
        }
    } else if (kind == "image") {
        if (str(source, "reference").empty())
            errors.push_back(required(path.child("reference")));
    }
    return errors;
}

ErrorList validateVolumeSource(const Json& volume, const Path& path)
{
    ErrorList errors;
    int count = 0;
    for (std::string_view kind : kVolumeSources) {
        const Json* source = field(volume, kind);
        if (!source)
            continue;
        if (count > 0) {
            errors.push_back(forbidden(path.child(kind), "may not specify more than 1 volume type"));
            continue;
        }
        ++count;
        append(errors, validateSourceDetails(kind, objectOrEmpty(source), path.child(kind)));
    }
    if (count == 0)
        errors.push_back(required(path, "must specify a volume type"));
    return errors;
}

} // namespace

const std::vector<std::string>& envFieldPaths()
{
    static const std::vector<std::string> kPaths = {
        "metadata.name",   "metadata.namespace", "metadata.uid",  "spec.nodeName", "spec.serviceAccountName",
        "status.hostIP",   "status.hostIPs",     "status.podIP",  "status.podIPs",
    };
    return kPaths;
}

ErrorList validateObjectFieldSelector(const Json& ref, const std::vector<std::string>& expressions, const Path& path)
{
    static const std::set<std::string> kConvertible = {
        "metadata.annotations", "metadata.labels",     "metadata.name",  "metadata.namespace",
        "metadata.uid",         "spec.nodeName",       "spec.restartPolicy", "spec.serviceAccountName",
        "spec.schedulerName",   "status.phase",        "status.hostIP",  "status.hostIPs",
        "status.podIP",         "status.podIPs",       "spec.host",
    };
    const std::string apiVersion = str(ref, "apiVersion");
    std::string fieldPath = str(ref, "fieldPath");
    if (apiVersion.empty())
        return {required(path.child("apiVersion"))};
    if (fieldPath.empty())
        return {required(path.child("fieldPath"))};
    if (apiVersion != "v1")
        return {invalid(path.child("fieldPath"), Value::string(fieldPath),
                        "error converting fieldPath: unsupported pod version: " + apiVersion)};
    std::string base = fieldPath;
    std::string subscript;
    bool subscripted = false;
    if (auto open = fieldPath.find('['); open != std::string::npos && fieldPath.size() > open + 4
        && fieldPath.back() == ']' && fieldPath[open + 1] == '\'' && fieldPath[fieldPath.size() - 2] == '\'') {
        base = fieldPath.substr(0, open);
        subscript = fieldPath.substr(open + 2, fieldPath.size() - open - 4);
        subscripted = true;
    }
    if (subscripted && base != "metadata.annotations" && base != "metadata.labels")
        return {invalid(path.child("fieldPath"), Value::string(fieldPath),
                        "error converting fieldPath: field label does not support subscript: " + fieldPath)};
    if (!kConvertible.count(base))
        return {invalid(path.child("fieldPath"), Value::string(fieldPath),
                        "error converting fieldPath: field label not supported: " + fieldPath)};
    if (base == "spec.host")
        base = "spec.nodeName";
    if (subscripted) {
        if (base == "metadata.annotations") {
            std::string lower = subscript;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
            return validateQualifiedName(lower, path);
        }
        return validateQualifiedName(subscript, path);
    }
    if (std::find(expressions.begin(), expressions.end(), base) == expressions.end())
        return {notSupported(path.child("fieldPath"), Value::string(base), expressions)};
    return {};
}

ErrorList validateResourceFieldRef(const Json& ref, const Path& path, bool volume)
{
    static const std::vector<std::string> kResources = {
        "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage",
        "requests.memory"};
    ErrorList errors;
    if (volume && str(ref, "containerName").empty())
        errors.push_back(required(path.child("containerName")));
    const std::string resource = str(ref, "resource");
    if (resource.empty()) {
        errors.push_back(required(path.child("resource")));
    } else if (std::find(kResources.begin(), kResources.end(), resource) == kResources.end()
               && resource.rfind("limits.hugepages-", 0) != 0 && resource.rfind("requests.hugepages-", 0) != 0) {
        errors.push_back(notSupported(path.child("resource"), Value::string(resource), kResources));
    }
    return errors;
}

VolumeKinds validateVolumes(const Json* volumes, const Json* podMeta, const Path& path,
                                                   ErrorList& errors)
{
    std::map<std::string, std::string> valid;
    if (!volumes)
        return valid;
    std::set<std::string> createdClaims;
    const std::string podName = podMeta ? str(*podMeta, "name") : std::string();
    if (!podName.empty())
        for (const Json& v : *volumes)
            if (has(v, "ephemeral"))
                createdClaims.insert(podName + "-" + str(v, "name"));
    std::set<std::string> names;
    std::size_t i = 0;
    for (const Json& raw : *volumes) {
        const Json& volume = objectOrEmpty(&raw);
        const Path ip = path.index(i++);
        const Path namePath = ip.child("name");
        const std::string name = str(volume, "name");
        ErrorList el = validateVolumeSource(volume, ip);
        if (name.empty())
            el.push_back(required(namePath));
        else
            append(el, validateDns1123Label(name, namePath));
        if (names.count(name))
            el.push_back(duplicate(namePath, Value::string(name)));
        if (el.empty()) {
            names.insert(name);
            std::string kind;
            for (std::string_view k : kVolumeSources)
                if (has(volume, k))
                    kind = std::string(k);
            valid[name] = kind;
        } else {
            append(errors, std::move(el));
        }
        if (const Json* claim = objectField(volume, "persistentVolumeClaim"))
            if (createdClaims.count(str(*claim, "claimName")))
                errors.push_back(invalid(ip.child("persistentVolumeClaim").child("claimName"),
                                         Value::string(str(*claim, "claimName")),
                                         "must not reference a PVC that gets created for an ephemeral volume"));
    }
    return valid;
}

ErrorList validateVolumeMounts(const Json* mounts, const Json* devices,
                               const VolumeKinds& volumes, const Path& path)
{
    ErrorList errors;
    std::set<std::string> deviceNames;
    std::set<std::string> devicePaths;
    if (devices)
        for (const Json& d : *devices) {
            deviceNames.insert(str(d, "name"));
            devicePaths.insert(str(d, "devicePath"));
        }
    if (!mounts)
        return errors;
    std::set<std::string> mountPoints;
    std::size_t i = 0;
    for (const Json& raw : *mounts) {
        const Json& mount = objectOrEmpty(&raw);
        const Path ip = path.index(i++);
        const std::string name = str(mount, "name");
        const std::string mountPath = str(mount, "mountPath");
        if (name.empty())
            errors.push_back(required(ip.child("name")));
        if (!volumes.count(name))
            errors.push_back(notFound(ip.child("name"), Value::string(name)));
        if (mountPath.empty())
            errors.push_back(required(ip.child("mountPath")));
        if (mountPoints.count(mountPath))
            errors.push_back(invalid(ip.child("mountPath"), Value::string(mountPath), "must be unique"));
        mountPoints.insert(mountPath);
        if (deviceNames.count(name))
            errors.push_back(invalid(ip.child("name"), Value::string(name), "must not already exist in volumeDevices"));
        if (devicePaths.count(mountPath))
            errors.push_back(invalid(ip.child("mountPath"), Value::string(mountPath),
                                     "must not already exist as a path in volumeDevices"));
        // Upstream reports sub-path problems on the list's path, without the index.
        const std::string subPath = str(mount, "subPath");
        if (!subPath.empty())
            append(errors, validateLocalDescendingPath(subPath, path.child("subPath")));
        if (const std::string expr = str(mount, "subPathExpr"); !expr.empty()) {
            if (!subPath.empty())
                errors.push_back(invalid(ip.child("subPathExpr"), Value::string(expr),
                                         "subPathExpr and subPath are mutually exclusive"));
            append(errors, validateLocalDescendingPath(expr, path.child("subPathExpr")));
        }
        if (const Json* propagation = field(mount, "mountPropagation")) {
            static const std::vector<std::string> kModes = {"Bidirectional", "HostToContainer", "None"};
            const std::string mode = propagation->is_string() ? propagation->get<std::string>() : std::string();
            if (std::find(kModes.begin(), kModes.end(), mode) == kModes.end())
                errors.push_back(notSupported(path.child("mountPropagation"), Value::string(mode), kModes));
        }
    }
    return errors;
}

ErrorList validateVolumeDevices(const Json* devices, const Json* mounts, const VolumeKinds& volumes,
                                const Path& path)
{
    ErrorList errors;
    if (!devices)
        return errors;
    std::set<std::string> mountNames;
    if (mounts)
        for (const Json& m : *mounts)
            mountNames.insert(str(m, "name"));
    std::set<std::string> paths;
    std::set<std::string> names;
    std::size_t i = 0;
    for (const Json& raw : *devices) {
        const Json& device = objectOrEmpty(&raw);
        const Path ip = path.index(i++);
        const std::string name = str(device, "name");
        const std::string devicePath = str(device, "devicePath");
        if (name.empty())
            errors.push_back(required(ip.child("name")));
        auto volume = volumes.find(name);
        if (volume == volumes.end())
            errors.push_back(notFound(ip.child("name"), Value::string(name)));
        else if (volume->second != "persistentVolumeClaim" && volume->second != "ephemeral")
            errors.push_back(invalid(ip.child("name"), Value::string(name),
                                     "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"));
        if (devicePath.empty())
            errors.push_back(required(ip.child("devicePath")));
        if (paths.count(devicePath))
            errors.push_back(invalid(ip.child("devicePath"), Value::string(devicePath), "must be unique"));
        if (names.count(name))
            errors.push_back(invalid(ip.child("name"), Value::string(name), "must be unique"));
        paths.insert(devicePath);
        names.insert(name);
        if (mountNames.count(name))
            errors.push_back(invalid(ip.child("name"), Value::string(name), "must not already exist in volumeMounts"));
    }
    return errors;
}

} // namespace kubelab::core::validation

// SPDX-License-Identifier: GPL-3.0-or-later
// Pod and PodSpec validation, after k8s.io/kubernetes/pkg/apis/core/validation/validation.go
// (v1.31): ValidatePodCreate, ValidatePodUpdate, ValidatePodSpec, ValidatePodTemplateSpec.
#include <algorithm>
#include <set>

#include "core/api/names.h"
#include "core/api/validation_util.h"

namespace kubelab::core::validation {

namespace {

const Json& emptyObject()
{
    static const Json kEmpty = Json::object();
    return kEmpty;
}

const Json& objectOrEmpty(const Json* j)
{
    return j && j->is_object() ? *j : emptyObject();
}

constexpr const char* kFileModeError = "must be a number between 0 and 0777 (octal), both inclusive";
constexpr std::int64_t kMaxInt32 = 2147483647;

/// A placeholder pointer, as Go's %#v prints a non-nil pointer field.
constexpr const char* kPointer = "0xc000a1b2c8";

// Paths inside volumes -----------------------------------------------------------------

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

// Downward API -------------------------------------------------------------------------

const std::vector<std::string>& envFieldPaths()
{
    static const std::vector<std::string> kPaths = {
        "metadata.name",   "metadata.namespace", "metadata.uid",  "spec.nodeName", "spec.serviceAccountName",
        "status.hostIP",   "status.hostIPs",     "status.podIP",  "status.podIPs",
    };
    return kPaths;
}

const std::vector<std::string>& volumeFieldPaths()
{
    static const std::vector<std::string> kPaths = {"metadata.annotations", "metadata.labels", "metadata.name",
                                                    "metadata.namespace", "metadata.uid"};
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
        if (base == "metadata.labels")
            return validateQualifiedName(subscript, path);
        return {invalid(path, Value::string(base), "does not support subscript")};
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

// Volumes --------------------------------------------------------------------------------

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

/// ValidateVolumes: the valid volumes by name (their source kind), and the errors.
std::map<std::string, std::string> validateVolumes(const Json* volumes, const Json* podMeta, const Path& path,
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

// Containers -----------------------------------------------------------------------------

ErrorList validateContainerPorts(const Json* ports, const Path& path)
{
    static const std::vector<std::string> kProtocols = {"SCTP", "TCP", "UDP"};
    ErrorList errors;
    if (!ports)
        return errors;
    std::set<std::string> names;
    std::size_t i = 0;
    for (const Json& raw : *ports) {
        const Json& port = objectOrEmpty(&raw);
        const Path ip = path.index(i++);
        const std::string name = str(port, "name");
        if (!name.empty()) {
            const auto msgs = isValidPortName(name);
            if (!msgs.empty()) {
                for (const std::string& msg : msgs)
                    errors.push_back(invalid(ip.child("name"), Value::string(name), msg));
            } else if (names.count(name)) {
                errors.push_back(duplicate(ip.child("name"), Value::string(name)));
            } else {
                names.insert(name);
            }
        }
        const std::int64_t containerPort = intOr(port, "containerPort", 0);
        if (containerPort == 0)
            errors.push_back(required(ip.child("containerPort")));
        else
            for (const std::string& msg : isValidPortNum(containerPort))
                errors.push_back(invalid(ip.child("containerPort"), Value::number(containerPort), msg));
        if (const std::int64_t hostPort = intOr(port, "hostPort", 0); hostPort != 0)
            for (const std::string& msg : isValidPortNum(hostPort))
                errors.push_back(invalid(ip.child("hostPort"), Value::number(hostPort), msg));
        const std::string protocol = str(port, "protocol");
        if (protocol.empty())
            errors.push_back(required(ip.child("protocol")));
        else if (std::find(kProtocols.begin(), kProtocols.end(), protocol) == kProtocols.end())
            errors.push_back(notSupported(ip.child("protocol"), Value::string(protocol), kProtocols));
    }
    return errors;
}

std::vector<std::string> isEnvVarName(std::string_view name)
{
    std::vector<std::string> errors;
    bool ok = !name.empty() && !(name.front() >= '0' && name.front() <= '9');
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'))
            ok = false;
    if (!ok)
        errors.push_back(regexError("a valid environment variable name must consist of alphabetic characters, digits, "
                                    "'_', '-', or '.', and must not start with a digit",
                                    "[-._a-zA-Z][-._a-zA-Z0-9]*", {"my.env-name", "MY_ENV.NAME", "MyEnvName1"}));
    if (name == ".")
        errors.emplace_back("must not be '.'");
    else if (name == "..")
        errors.emplace_back("must not be '..'");
    else if (name.substr(0, 2) == "..")
        errors.emplace_back("must not start with '..'");
    return errors;
}

ErrorList validateKeySelector(const Json& ref, const Path& path)
{
    ErrorList errors;
    const std::string name = str(ref, "name");
    for (const std::string& msg : isDns1123Subdomain(name))
        errors.push_back(invalid(path.child("name"), Value::string(name), msg));
    const std::string key = str(ref, "key");
    if (key.empty())
        errors.push_back(required(path.child("key")));
    else
        for (const std::string& msg : isConfigMapKey(key))
            errors.push_back(invalid(path.child("key"), Value::string(key), msg));
    return errors;
}

ErrorList validateEnv(const Json* env, const Path& path)
{
    ErrorList errors;
    if (!env)
        return errors;
    std::size_t i = 0;
    for (const Json& raw : *env) {
        const Json& var = objectOrEmpty(&raw);
        const Path ip = path.index(i++);
        const std::string name = str(var, "name");
        if (name.empty())
            errors.push_back(required(ip.child("name")));
        else
            for (const std::string& msg : isEnvVarName(name))
                errors.push_back(invalid(ip.child("name"), Value::string(name), msg));
        const Json* from = objectField(var, "valueFrom");
        if (!from)
            continue;
        const Path fp = ip.child("valueFrom");
        int sources = 0;
        if (const Json* ref = objectField(*from, "fieldRef")) {
            ++sources;
            append(errors, validateObjectFieldSelector(*ref, envFieldPaths(), fp.child("fieldRef")));
        }
        if (const Json* ref = objectField(*from, "resourceFieldRef")) {
            ++sources;
            append(errors, validateResourceFieldRef(*ref, fp.child("resourceFieldRef"), false));
        }
        if (const Json* ref = objectField(*from, "configMapKeyRef")) {
            ++sources;
            append(errors, validateKeySelector(*ref, fp.child("configMapKeyRef")));
        }
        if (const Json* ref = objectField(*from, "secretKeyRef")) {
            ++sources;
            append(errors, validateKeySelector(*ref, fp.child("secretKeyRef")));
        }
        if (sources == 0)
            errors.push_back(invalid(fp, Value::string(""),
                                     "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        else if (!str(var, "value").empty())
            errors.push_back(invalid(fp, Value::string(""), "may not be specified when `value` is not empty"));
        else if (sources > 1)
            errors.push_back(invalid(fp, Value::string(""), "may not have more than one field specified at a time"));
    }
    return errors;
}

ErrorList validateEnvFrom(const Json* envFrom, const Path& path)
{
    ErrorList errors;
    if (!envFrom)
        return errors;
    std::size_t i = 0;
    for (const Json& raw : *envFrom) {
        const Json& source = objectOrEmpty(&raw);
        const Path ip = path.index(i++);
        if (const std::string prefix = str(source, "prefix"); !prefix.empty())
            for (const std::string& msg : isEnvVarName(prefix))
                errors.push_back(invalid(ip.child("prefix"), Value::string(prefix), msg));
        int sources = 0;
        for (const char* k : {"configMapRef", "secretRef"}) {
            const Json* ref = objectField(source, k);
            if (!ref)
                continue;
            ++sources;
            const std::string name = str(*ref, "name");
            if (name.empty())
                errors.push_back(required(ip.child(k).child("name")));
            else
                for (const std::string& msg : isDns1123Subdomain(name))
                    errors.push_back(invalid(ip.child(k).child("name"), Value::string(name), msg));
        }
        if (sources == 0)
            errors.push_back(invalid(path, Value::string(""), "must specify one of: `configMapRef` or `secretRef`"));
        else if (sources > 1)
            errors.push_back(invalid(path, Value::string(""), "may not have more than one field specified at a time"));
    }
    return errors;
}

ErrorList validateVolumeMounts(const Json* mounts, const Json* devices,
                               const std::map<std::string, std::string>& volumes, const Path& path)
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

ErrorList validateVolumeDevices(const Json* devices, const Json* mounts, const std::map<std::string, std::string>& volumes,
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

ErrorList validatePullPolicy(const Json& container, const Path& path)
{
    const std::string policy = str(container, "imagePullPolicy");
    if (policy == "Always" || policy == "IfNotPresent" || policy == "Never")
        return {};
    if (policy.empty())
        return {required(path)};
    return {notSupported(path, Value::string(policy), {"Always", "IfNotPresent", "Never"})};
}

// Resources ------------------------------------------------------------------------------

bool isHugePages(std::string_view name)
{
    return name.rfind("hugepages-", 0) == 0;
}

bool isNativeResource(std::string_view name)
{
    return name.find('/') == std::string_view::npos || name.find("kubernetes.io/") != std::string_view::npos;
}

bool isOvercommitAllowed(std::string_view name)
{
    return isNativeResource(name) && !isHugePages(name);
}

bool isStandardContainerResource(std::string_view name)
{
    return name == "cpu" || name == "memory" || name == "ephemeral-storage" || isHugePages(name);
}

bool isStandardResource(std::string_view name)
{
    static const std::set<std::string, std::less<>> kStandard = {
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "services", "replicationcontrollers",
        "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "storage", "requests.storage",
        "services.nodeports", "services.loadbalancers"};
    return kStandard.count(name) > 0 || isHugePages(name) || name.rfind("requests.hugepages-", 0) == 0;
}

bool isExtendedResource(std::string_view name)
{
    if (isNativeResource(name) || name.rfind("requests.", 0) == 0)
        return false;
    return isQualifiedName(std::string("requests.") + std::string(name)).empty();
}

ErrorList validateContainerResourceName(const std::string& name, const Path& path)
{
    ErrorList errors = validateQualifiedName(name, path);
    if (errors.empty() && name.find('/') == std::string::npos && !isStandardResource(name))
        errors.push_back(invalid(path, Value::string(name), "must be a standard resource type or fully qualified"));
    if (name.find('/') == std::string::npos) {
        if (!isStandardContainerResource(name))
            errors.push_back(invalid(path, Value::string(name), "must be a standard resource for containers"));
    } else if (!isNativeResource(name) && !isExtendedResource(name)) {
        errors.push_back(invalid(path, Value::string(name), "doesn't follow extended resource name standard"));
    }
    return errors;
}

ErrorList validateResourceQuantity(const std::string& name, const Json& value, const Path& path,
                                   std::optional<Quantity>* out)
{
    ErrorList errors = validateNonnegativeQuantity(value, path, out);
    if (out && *out && isExtendedResource(name) && (*out)->milliValue() % 1000 != 0)
        errors.push_back(invalid(path, Value::raw((*out)->toString()), "must be an integer"));
    return errors;
}

// Probes and handlers ----------------------------------------------------------------------

ErrorList validateHandler(const Json& handler, std::int64_t gracePeriod, const Path& path, bool lifecycle)
{
    ErrorList errors;
    int handlers = 0;
    auto one = [&](const char* kind) -> const Json* {
        const Json* h = objectField(handler, kind);
        if (!h)
            return nullptr;
        if (handlers > 0) {
            errors.push_back(forbidden(path.child(kind), "may not specify more than 1 handler type"));
            return nullptr;
        }
        ++handlers;
        return h;
    };
    if (const Json* exec = one("exec"))
        if (sizeOf(*exec, "command") == 0)
            errors.push_back(required(path.child("exec").child("command")));
    if (const Json* http = one("httpGet")) {
        const Path hp = path.child("httpGet");
        if (str(*http, "path").empty())
            errors.push_back(required(hp.child("path")));
        const Json* port = field(*http, "port");
        append(errors, validatePortNumOrName(port ? *port : Json(), hp.child("port")));
        const std::string scheme = str(*http, "scheme");
        if (scheme != "HTTP" && scheme != "HTTPS")
            errors.push_back(notSupported(hp.child("scheme"), Value::string(scheme), {"HTTP", "HTTPS"}));
        if (const Json* headers = arrayField(*http, "httpHeaders"))
            for (const Json& h : *headers) {
                const std::string name = str(h, "name");
                bool ok = !name.empty();
                for (char c : name)
                    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-'))
                        ok = false;
                if (!ok)
                    errors.push_back(invalid(hp.child("httpHeaders"), Value::string(name),
                                             regexError("a valid HTTP header must consist of alphanumeric characters or "
                                                        "'-'",
                                                        "[-A-Za-z0-9]+", {"X-Header-Name"})));
            }
    }
    if (const Json* tcp = one("tcpSocket")) {
        const Json* port = field(*tcp, "port");
        append(errors, validatePortNumOrName(port ? *port : Json(), path.child("tcpSocket").child("port")));
    }
    if (!lifecycle) {
        if (const Json* grpc = one("grpc")) {
            const std::int64_t port = intOr(*grpc, "port", 0);
            for (const std::string& msg : isValidPortNum(port))
                errors.push_back(invalid(path.child("grpc").child("port"), Value::number(port), msg));
        }
    } else if (const Json* sleep = one("sleep")) {
        const std::int64_t seconds = intOr(*sleep, "seconds", 0);
        if (seconds <= 0 || seconds > gracePeriod)
            errors.push_back(invalid(path.child("sleep"), Value::number(seconds),
                                     "must be greater than 0 and less than terminationGracePeriodSeconds ("
                                         + std::to_string(gracePeriod) + ")"));
    }
    if (handlers == 0)
        errors.push_back(required(path, "must specify a handler type"));
    return errors;
}

ErrorList validateProbe(const Json* probe, std::int64_t gracePeriod, const Path& path)
{
    ErrorList errors;
    if (!probe)
        return errors;
    append(errors, validateHandler(*probe, gracePeriod, path, false));
    for (const char* k : {"initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"})
        append(errors, validateNonnegative(intOr(*probe, k, 0), path.child(k)));
    if (auto grace = integer(*probe, "terminationGracePeriodSeconds"); grace && *grace <= 0)
        errors.push_back(invalid(path.child("terminationGracePeriodSeconds"), Value::number(*grace), "must be greater than 0"));
    return errors;
}

ErrorList validateContainerProbes(const Json& container, std::int64_t gracePeriod, const Path& path)
{
    ErrorList errors;
    if (const Json* lifecycle = objectField(container, "lifecycle")) {
        for (const char* hook : {"postStart", "preStop"})
            if (const Json* h = objectField(*lifecycle, hook))
                append(errors, validateHandler(*h, gracePeriod, path.child("lifecycle").child(hook), true));
    }
    if (const Json* probe = objectField(container, "livenessProbe")) {
        append(errors, validateProbe(probe, gracePeriod, path.child("livenessProbe")));
        if (const std::int64_t s = intOr(*probe, "successThreshold", 0); s != 1)
            errors.push_back(invalid(path.child("livenessProbe").child("successThreshold"), Value::number(s), "must be 1"));
    }
    if (const Json* probe = objectField(container, "readinessProbe")) {
        append(errors, validateProbe(probe, gracePeriod, path.child("readinessProbe")));
        if (auto grace = integer(*probe, "terminationGracePeriodSeconds"))
            errors.push_back(invalid(path.child("readinessProbe").child("terminationGracePeriodSeconds"),
                                     Value::number(*grace), "must not be set for readinessProbes"));
    }
    if (const Json* probe = objectField(container, "startupProbe")) {
        append(errors, validateProbe(probe, gracePeriod, path.child("startupProbe")));
        if (const std::int64_t s = intOr(*probe, "successThreshold", 0); s != 1)
            errors.push_back(invalid(path.child("startupProbe").child("successThreshold"), Value::number(s), "must be 1"));
    }
    return errors;
}

// Security contexts ----------------------------------------------------------------------

ErrorList validateId(const Json& holder, std::string_view key, const Path& path)
{
    if (auto id = integer(holder, key); id && (*id < 0 || *id > kMaxInt32))
        return {invalid(path.child(key), Value::number(*id), inclusiveRangeError(0, kMaxInt32))};
    return {};
}

std::string pointerField(const Json& holder, std::string_view key, std::string_view type)
{
    return has(holder, key) ? "(" + std::string(type) + ")(" + kPointer + ")" : "(" + std::string(type) + ")(nil)";
}

/// %#v of a core.SecurityContext, pointer fields printed as Go prints them.
std::string securityContextText(const Json& sc)
{
    return "core.SecurityContext{Capabilities:" + pointerField(sc, "capabilities", "*core.Capabilities")
           + ", Privileged:" + pointerField(sc, "privileged", "*bool")
           + ", SELinuxOptions:" + pointerField(sc, "seLinuxOptions", "*core.SELinuxOptions")
           + ", WindowsOptions:" + pointerField(sc, "windowsOptions", "*core.WindowsSecurityContextOptions")
           + ", RunAsUser:" + pointerField(sc, "runAsUser", "*int64")
           + ", RunAsGroup:" + pointerField(sc, "runAsGroup", "*int64")
           + ", RunAsNonRoot:" + pointerField(sc, "runAsNonRoot", "*bool")
           + ", ReadOnlyRootFilesystem:" + pointerField(sc, "readOnlyRootFilesystem", "*bool")
           + ", AllowPrivilegeEscalation:" + pointerField(sc, "allowPrivilegeEscalation", "*bool")
           + ", ProcMount:" + pointerField(sc, "procMount", "*core.ProcMountType")
           + ", SeccompProfile:" + pointerField(sc, "seccompProfile", "*core.SeccompProfile")
           + ", AppArmorProfile:" + pointerField(sc, "appArmorProfile", "*core.AppArmorProfile") + "}";
}

ErrorList validateSecurityContext(const Json* sc, const Path& path)
{
    ErrorList errors;
    if (!sc)
        return errors;
    append(errors, validateId(*sc, "runAsUser", path));
    append(errors, validateId(*sc, "runAsGroup", path));
    if (const std::string procMount = str(*sc, "procMount"); has(*sc, "procMount") && procMount != "Default"
                                                              && procMount != "Unmasked")
        errors.push_back(notSupported(path.child("procMount"), Value::string(procMount), {"Default", "Unmasked"}));
    const Json* escalation = field(*sc, "allowPrivilegeEscalation");
    if (escalation && escalation->is_boolean() && !escalation->get<bool>()) {
        if (boolean(*sc, "privileged"))
            errors.push_back(invalid(path, Value::raw(securityContextText(*sc)),
                                     "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
        if (const Json* caps = objectField(*sc, "capabilities"))
            for (const std::string& cap : stringList(arrayField(*caps, "add")))
                if (cap == "CAP_SYS_ADMIN")
                    errors.push_back(invalid(path, Value::raw(securityContextText(*sc)),
                                             "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` "
                                             "CAP_SYS_ADMIN"));
    }
    return errors;
}

ErrorList validatePodSecurityContext(const Json* sc, const Path& path)
{
    ErrorList errors;
    if (!sc)
        return errors;
    append(errors, validateId(*sc, "fsGroup", path));
    append(errors, validateId(*sc, "runAsUser", path));
    append(errors, validateId(*sc, "runAsGroup", path));
    if (const Json* groups = arrayField(*sc, "supplementalGroups")) {
        std::size_t i = 0;
        for (const Json& g : *groups) {
            const std::int64_t id = g.is_number_integer() ? g.get<std::int64_t>() : 0;
            if (id < 0 || id > kMaxInt32)
                errors.push_back(invalid(path.child("supplementalGroups").index(i), Value::number(id),
                                         inclusiveRangeError(0, kMaxInt32)));
            ++i;
        }
    }
    if (has(*sc, "fsGroupChangePolicy")) {
        const std::string policy = str(*sc, "fsGroupChangePolicy");
        if (policy != "Always" && policy != "OnRootMismatch")
            errors.push_back(notSupported(path.child("fsGroupChangePolicy"), Value::string(policy),
                                          {"Always", "OnRootMismatch"}));
    }
    return errors;
}

// One container --------------------------------------------------------------------------

ErrorList validateContainerCommon(const Json& container, const std::map<std::string, std::string>& volumes,
                                  const Path& path)
{
    ErrorList errors;
    const std::string name = str(container, "name");
    if (name.empty())
        errors.push_back(required(path.child("name")));
    else
        append(errors, validateDns1123Label(name, path.child("name")));
    if (str(container, "image").empty())
        errors.push_back(required(path.child("image")));
    const std::string policy = str(container, "terminationMessagePolicy");
    if (policy.empty())
        errors.push_back(required(path.child("terminationMessagePolicy"), "must be 'File' or 'FallbackToLogsOnError'"));
    else if (policy != "File" && policy != "FallbackToLogsOnError")
        errors.push_back(notSupported(path.child("terminationMessagePolicy"), Value::string(policy),
                                      {"File", "FallbackToLogsOnError"}));
    append(errors, validateContainerPorts(arrayField(container, "ports"), path.child("ports")));
    append(errors, validateEnv(arrayField(container, "env"), path.child("env")));
    append(errors, validateEnvFrom(arrayField(container, "envFrom"), path.child("envFrom")));
    append(errors, validateVolumeMounts(arrayField(container, "volumeMounts"), arrayField(container, "volumeDevices"),
                                        volumes, path.child("volumeMounts")));
    append(errors, validateVolumeDevices(arrayField(container, "volumeDevices"), arrayField(container, "volumeMounts"),
                                         volumes, path.child("volumeDevices")));
    append(errors, validatePullPolicy(container, path.child("imagePullPolicy")));
    if (const Json* resources = objectField(container, "resources"))
        append(errors, validateResourceRequirements(*resources, path.child("resources")));
    append(errors, validateSecurityContext(objectField(container, "securityContext"), path.child("securityContext")));
    return errors;
}

ErrorList checkHostPortConflicts(const std::vector<const Json*>& containers, const std::vector<std::size_t>& indices,
                                 const Path& path)
{
    ErrorList errors;
    std::set<std::string> seen;
    for (std::size_t c = 0; c < containers.size(); ++c) {
        const Path portsPath = path.index(indices[c]).child("ports");
        const Json* ports = arrayField(*containers[c], "ports");
        if (!ports)
            continue;
        std::size_t p = 0;
        for (const Json& port : *ports) {
            const std::int64_t hostPort = intOr(port, "hostPort", 0);
            if (hostPort != 0) {
                const std::string key = str(port, "hostIP") + "/" + str(port, "protocol") + "/" + std::to_string(hostPort);
                if (seen.count(key))
                    errors.push_back(duplicate(portsPath.index(p).child("hostPort"), Value::string(key)));
                else
                    seen.insert(key);
            }
            ++p;
        }
    }
    return errors;
}

ErrorList validateContainers(const Json* containers, const std::map<std::string, std::string>& volumes,
                             std::int64_t gracePeriod, const Path& path)
{
    ErrorList errors;
    if (!containers || containers->empty())
        return {required(path)};
    std::set<std::string> names;
    std::vector<const Json*> all;
    std::vector<std::size_t> indices;
    std::size_t i = 0;
    for (const Json& raw : *containers) {
        const Json& container = objectOrEmpty(&raw);
        const Path ip = path.index(i);
        append(errors, validateContainerCommon(container, volumes, ip));
        const std::string name = str(container, "name");
        if (names.count(name))
            errors.push_back(duplicate(ip.child("name"), Value::string(name)));
        else
            names.insert(name);
        append(errors, validateContainerProbes(container, gracePeriod, ip));
        if (has(container, "restartPolicy"))
            errors.push_back(forbidden(ip.child("restartPolicy"), "may not be set for non-init containers"));
        all.push_back(&container);
        indices.push_back(i);
        ++i;
    }
    append(errors, checkHostPortConflicts(all, indices, path));
    return errors;
}

ErrorList validateInitContainers(const Json* inits, const Json* containers,
                                 const std::map<std::string, std::string>& volumes, std::int64_t gracePeriod,
                                 const Path& path)
{
    ErrorList errors;
    if (!inits)
        return errors;
    std::set<std::string> names;
    if (containers)
        for (const Json& c : *containers)
            names.insert(str(c, "name"));
    std::size_t i = 0;
    for (const Json& raw : *inits) {
        const Json& container = objectOrEmpty(&raw);
        const Path ip = path.index(i);
        append(errors, validateContainerCommon(container, volumes, ip));
        bool restartAlways = false;
        if (has(container, "restartPolicy")) {
            const std::string policy = str(container, "restartPolicy");
            if (policy != "Always")
                errors.push_back(notSupported(ip.child("restartPolicy"), Value::string(policy), {"Always"}));
            restartAlways = policy == "Always";
        }
        const std::string name = str(container, "name");
        if (names.count(name))
            errors.push_back(duplicate(ip.child("name"), Value::string(name)));
        else if (!name.empty())
            names.insert(name);
        append(errors, checkHostPortConflicts({&container}, {i}, path));
        if (restartAlways) {
            append(errors, validateContainerProbes(container, gracePeriod, ip));
        } else {
            if (has(container, "lifecycle"))
                errors.push_back(forbidden(ip.child("lifecycle"), "may not be set for init containers without restartPolicy=Always"));
            if (has(container, "livenessProbe"))
                errors.push_back(forbidden(ip.child("livenessProbe"), "may not be set for init containers without restartPolicy=Always"));
            if (has(container, "readinessProbe"))
                errors.push_back(forbidden(ip.child("readinessProbe"), "may not be set for init containers"));
            if (has(container, "startupProbe"))
                errors.push_back(forbidden(ip.child("startupProbe"), "may not be set for init containers without restartPolicy=Always"));
        }
        ++i;
    }
    return errors;
}

// Scheduling constraints -------------------------------------------------------------------

ErrorList validateNodeSelectorTerm(const Json& term, const Path& path)
{
    ErrorList errors;
    if (const Json* exprs = arrayField(term, "matchExpressions")) {
        std::size_t j = 0;
        for (const Json& raw : *exprs) {
            const Json& req = objectOrEmpty(&raw);
            const Path rp = path.child("matchExpressions").index(j++);
            const std::string op = str(req, "operator");
            const std::size_t values = sizeOf(req, "values");
            if (op == "In" || op == "NotIn") {
                if (values == 0)
                    errors.push_back(required(rp.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
            } else if (op == "Exists" || op == "DoesNotExist") {
                if (values > 0)
                    errors.push_back(forbidden(rp.child("values"),
                                               "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
            } else if (op == "Gt" || op == "Lt") {
                if (values != 1)
                    errors.push_back(required(rp.child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
            } else {
                errors.push_back(invalid(rp.child("operator"), Value::string(op), "not a valid selector operator"));
            }
            append(errors, validateQualifiedName(str(req, "key"), rp.child("key")));
        }
    }
    if (const Json* fields = arrayField(term, "matchFields")) {
        std::size_t j = 0;
        for (const Json& raw : *fields) {
            const Json& req = objectOrEmpty(&raw);
            const Path rp = path.child("matchFields").index(j++);
            const std::string op = str(req, "operator");
            if (op == "In" || op == "NotIn") {
                if (sizeOf(req, "values") != 1)
                    errors.push_back(required(rp.child("values"),
                                              "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
            } else {
                errors.push_back(invalid(rp.child("operator"), Value::string(op), "not a valid selector operator"));
            }
            const std::string key = str(req, "key");
            if (key != "metadata.name") {
                errors.push_back(invalid(rp.child("key"), Value::string(key), "not a valid field selector key"));
            } else {
                std::size_t vi = 0;
                for (const std::string& v : stringList(arrayField(req, "values"))) {
                    for (const std::string& msg : isDns1123Subdomain(v))
                        errors.push_back(invalid(rp.child("values").index(vi), Value::string(v), msg));
                    ++vi;
                }
            }
        }
    }
    return errors;
}

ErrorList validatePodAffinityTerm(const Json& term, const Path& path)
{
    ErrorList errors;
    if (const Json* selector = objectField(term, "labelSelector"))
        append(errors, validateLabelSelector(*selector, path.child("labelSelector")));
    if (const Json* selector = objectField(term, "namespaceSelector"))
        append(errors, validateLabelSelector(*selector, path.child("namespaceSelector")));
    for (const std::string& ns : stringList(arrayField(term, "namespaces")))
        for (const std::string& msg : isDns1123Label(ns))
            errors.push_back(invalid(path.child("namespace"), Value::string(ns), msg));
    const std::string topologyKey = str(term, "topologyKey");
    if (topologyKey.empty())
        errors.push_back(required(path.child("topologyKey"), "can not be empty"));
    append(errors, validateQualifiedName(topologyKey, path.child("topologyKey")));
    return errors;
}

ErrorList validatePodAffinity(const Json& affinity, const Path& path)
{
    ErrorList errors;
    if (const Json* terms = arrayField(affinity, "requiredDuringSchedulingIgnoredDuringExecution")) {
        std::size_t i = 0;
        for (const Json& t : *terms)
            append(errors, validatePodAffinityTerm(objectOrEmpty(&t),
                                                   path.child("requiredDuringSchedulingIgnoredDuringExecution").index(i++)));
    }
    if (const Json* terms = arrayField(affinity, "preferredDuringSchedulingIgnoredDuringExecution")) {
        std::size_t i = 0;
        for (const Json& t : *terms) {
            const Path tp = path.child("preferredDuringSchedulingIgnoredDuringExecution").index(i++);
            const std::int64_t weight = intOr(t, "weight", 0);
            if (weight <= 0 || weight > 100)
                errors.push_back(invalid(tp.child("weight"), Value::number(weight), "must be in the range 1-100"));
            append(errors, validatePodAffinityTerm(objectOrEmpty(objectField(t, "podAffinityTerm")), tp.child("podAffinityTerm")));
        }
    }
    return errors;
}

ErrorList validateAffinity(const Json* affinity, const Path& path)
{
    ErrorList errors;
    if (!affinity)
        return errors;
    if (const Json* node = objectField(*affinity, "nodeAffinity")) {
        const Path np = path.child("nodeAffinity");
        if (const Json* required = objectField(*node, "requiredDuringSchedulingIgnoredDuringExecution"))
            append(errors, validateNodeSelectorTerms(*required, np.child("requiredDuringSchedulingIgnoredDuringExecution")));
        if (const Json* preferred = arrayField(*node, "preferredDuringSchedulingIgnoredDuringExecution")) {
            std::size_t i = 0;
            for (const Json& term : *preferred) {
                const Path tp = np.child("preferredDuringSchedulingIgnoredDuringExecution").index(i++);
                const std::int64_t weight = intOr(term, "weight", 0);
                if (weight <= 0 || weight > 100)
                    errors.push_back(invalid(tp.child("weight"), Value::number(weight), "must be in the range 1-100"));
                append(errors, validateNodeSelectorTerm(objectOrEmpty(objectField(term, "preference")), tp.child("preference")));
            }
        }
    }
    if (const Json* pod = objectField(*affinity, "podAffinity"))
        append(errors, validatePodAffinity(*pod, path.child("podAffinity")));
    if (const Json* anti = objectField(*affinity, "podAntiAffinity"))
        append(errors, validatePodAffinity(*anti, path.child("podAntiAffinity")));
    return errors;
}

ErrorList validateTopologySpreadConstraints(const Json* constraints, const Path& path)
{
    ErrorList errors;
    if (!constraints)
        return errors;
    for (std::size_t i = 0; i < constraints->size(); ++i) {
        const Json& c = objectOrEmpty(&(*constraints)[i]);
        const Path cp = path.index(i);
        const std::int64_t maxSkew = intOr(c, "maxSkew", 0);
        if (maxSkew <= 0)
            errors.push_back(invalid(cp.child("maxSkew"), Value::number(maxSkew), "must be greater than zero"));
        const std::string key = str(c, "topologyKey");
        if (key.empty())
            errors.push_back(required(cp.child("topologyKey"), "can not be empty"));
        const std::string action = str(c, "whenUnsatisfiable");
        if (action != "DoNotSchedule" && action != "ScheduleAnyway")
            errors.push_back(notSupported(cp.child("whenUnsatisfiable"), Value::string(action),
                                          {"DoNotSchedule", "ScheduleAnyway"}));
        for (std::size_t j = i + 1; j < constraints->size(); ++j) {
            const Json& other = (*constraints)[j];
            if (str(other, "topologyKey") == key && str(other, "whenUnsatisfiable") == action) {
                errors.push_back(duplicate(cp.child("{topologyKey, whenUnsatisfiable}"),
                                           Value::string("{" + key + ", " + action + "}")));
                break;
            }
        }
        if (auto minDomains = integer(c, "minDomains")) {
            if (*minDomains <= 0)
                errors.push_back(invalid(cp.child("minDomains"), Value::number(*minDomains), "must be greater than zero"));
            if (action != "DoNotSchedule")
                errors.push_back(invalid(cp.child("minDomains"), Value::number(*minDomains),
                                         "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not " + action));
        }
        for (const char* policy : {"nodeAffinityPolicy", "nodeTaintsPolicy"})
            if (has(c, policy)) {
                const std::string v = str(c, policy);
                if (v != "Honor" && v != "Ignore")
                    errors.push_back(notSupported(cp.child(policy), Value::string(v), {"Honor", "Ignore"}));
            }
        if (const Json* selector = objectField(c, "labelSelector"))
            append(errors, validateLabelSelector(*selector, cp.child("labelSelector")));
    }
    return errors;
}

ErrorList validateDnsConfig(const Json& spec, const Path& path)
{
    ErrorList errors;
    const std::string policy = str(spec, "dnsPolicy");
    const Json* config = objectField(spec, "dnsConfig");
    if (policy == "None" && !config)
        return {required(path, "must provide `dnsConfig` when `dnsPolicy` is None")};
    if (!config)
        return errors;
    const Json* nameservers = arrayField(*config, "nameservers");
    if (policy == "None" && (!nameservers || nameservers->empty()))
        errors.push_back(required(path.child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None"));
    if (nameservers) {
        if (nameservers->size() > 3)
            errors.push_back(invalid(path.child("nameservers"), Value::raw(goStringSlice(nameservers)),
                                     "must not have more than 3 nameservers"));
        std::size_t i = 0;
        for (const std::string& ns : stringList(nameservers)) {
            for (const std::string& msg : isValidIp(ns))
                errors.push_back(invalid(path.child("nameservers").index(i), Value::string(ns), msg));
            ++i;
        }
    }
    if (const Json* searches = arrayField(*config, "searches")) {
        if (searches->size() > 32)
            errors.push_back(invalid(path.child("searches"), Value::raw(goStringSlice(searches)),
                                     "must not have more than 32 search paths"));
        std::size_t i = 0;
        for (std::string s : stringList(searches)) {
            const Path sp = path.child("searches").index(i++);
            if (s == ".")
                continue;
            if (!s.empty() && s.back() == '.')
                s.pop_back();
            append(errors, validateDns1123Subdomain(s, sp));
        }
    }
    if (const Json* options = arrayField(*config, "options")) {
        std::size_t i = 0;
        for (const Json& o : *options) {
            if (str(o, "name").empty())
                errors.push_back(required(path.child("options").index(i), "Option.Name must not be empty"));
            ++i;
        }
    }
    return errors;
}

std::string tolerationText(const Json& t)
{
    return "core.Toleration{Key:" + goQuote(str(t, "key")) + ", Operator:" + goQuote(str(t, "operator"))
           + ", Value:" + goQuote(str(t, "value")) + ", Effect:" + goQuote(str(t, "effect"))
           + ", TolerationSeconds:" + pointerField(t, "tolerationSeconds", "*int64") + "}";
}

} // namespace

// Shared pieces ----------------------------------------------------------------------------

ErrorList validateNodeSelectorTerms(const Json& selector, const Path& path)
{
    const Path termsPath = path.child("nodeSelectorTerms");
    const Json* terms = arrayField(selector, "nodeSelectorTerms");
    if (!terms || terms->empty())
        return {required(termsPath, "must have at least one node selector term")};
    ErrorList errors;
    std::size_t i = 0;
    for (const Json& term : *terms)
        append(errors, validateNodeSelectorTerm(objectOrEmpty(&term), termsPath.index(i++)));
    return errors;
}

ErrorList validateTaintEffect(const Json& effect, bool allowEmpty, const Path& path)
{
    const std::string e = effect.is_string() ? effect.get<std::string>() : std::string();
    if (!allowEmpty && e.empty())
        return {required(path)};
    if (e == "NoSchedule" || e == "PreferNoSchedule" || e == "NoExecute")
        return {};
    return {notSupported(path, Value::string(e), {"NoSchedule", "PreferNoSchedule", "NoExecute"})};
}

ErrorList validateTolerations(const Json& tolerations, const Path& path)
{
    ErrorList errors;
    if (!tolerations.is_array())
        return errors;
    std::size_t i = 0;
    for (const Json& raw : tolerations) {
        const Json& t = objectOrEmpty(&raw);
        const Path ip = path.index(i++);
        const std::string key = str(t, "key");
        const std::string op = str(t, "operator");
        const std::string value = str(t, "value");
        const std::string effect = str(t, "effect");
        if (!key.empty())
            append(errors, validateQualifiedName(key, ip.child("key")));
        if (key.empty() && op != "Exists")
            errors.push_back(invalid(ip.child("operator"), Value::string(op),
                                     "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
        if (has(t, "tolerationSeconds") && effect != "NoExecute")
            errors.push_back(invalid(ip.child("effect"), Value::string(effect),
                                     "effect must be 'NoExecute' when `tolerationSeconds` is set"));
        if (op == "Equal" || op.empty()) {
            const auto msgs = isValidLabelValue(value);
            if (!msgs.empty()) {
                std::string joined;
                for (const std::string& m : msgs)
                    joined += (joined.empty() ? "" : ";") + m;
                errors.push_back(invalid(ip.child("operator"), Value::string(value), joined));
            }
        } else if (op == "Exists") {
            if (!value.empty())
                errors.push_back(invalid(ip.child("operator"), Value::raw(tolerationText(t)),
                                         "value must be empty when `operator` is 'Exists'"));
        } else {
            errors.push_back(notSupported(ip.child("operator"), Value::string(op), {"Equal", "Exists"}));
        }
        if (!effect.empty())
            append(errors, validateTaintEffect(Json(effect), true, ip.child("effect")));
    }
    return errors;
}

ErrorList validateResourceRequirements(const Json& requirements, const Path& path)
{
    ErrorList errors;
    const Path limPath = path.child("limits");
    const Path reqPath = path.child("requests");
    bool limCpuOrMemory = false;
    bool reqCpuOrMemory = false;
    bool hugePages = false;
    std::map<std::string, std::optional<Quantity>> limits;
    if (const Json* lim = objectField(requirements, "limits")) {
        for (auto it = lim->begin(); it != lim->end(); ++it) {
            const std::string name = it.key();
            const Path fp = limPath.key(name);
            append(errors, validateContainerResourceName(name, fp));
            std::optional<Quantity> q;
            append(errors, validateResourceQuantity(name, it.value(), fp, &q));
            limits[name] = q;
            hugePages = hugePages || isHugePages(name);
            limCpuOrMemory = limCpuOrMemory || name == "cpu" || name == "memory";
        }
    }
    if (const Json* req = objectField(requirements, "requests")) {
        for (auto it = req->begin(); it != req->end(); ++it) {
            const std::string name = it.key();
            const Path fp = reqPath.key(name);
            append(errors, validateContainerResourceName(name, fp));
            std::optional<Quantity> q;
            append(errors, validateResourceQuantity(name, it.value(), fp, &q));
            auto limit = limits.find(name);
            if (limit != limits.end()) {
                if (q && limit->second) {
                    if (*q != *limit->second && !isOvercommitAllowed(name))
                        errors.push_back(invalid(reqPath, Value::string(q->toString()),
                                                 "must be equal to " + name + " limit of " + limit->second->toString()));
                    else if (*q > *limit->second)
                        errors.push_back(invalid(reqPath, Value::string(q->toString()),
                                                 "must be less than or equal to " + name + " limit of "
                                                     + limit->second->toString()));
                }
            } else if (!isOvercommitAllowed(name)) {
                errors.push_back(required(limPath, "Limit must be set for non overcommitable resources"));
            }
            hugePages = hugePages || isHugePages(name);
            reqCpuOrMemory = reqCpuOrMemory || name == "cpu" || name == "memory";
        }
    }
    if (!limCpuOrMemory && !reqCpuOrMemory && hugePages)
        errors.push_back(forbidden(path, "HugePages require cpu or memory"));
    return errors;
}

ErrorList validatePodSpec(const Json& spec, const Json* podMeta, const Path& path)
{
    ErrorList errors;
    if (!has(spec, "terminationGracePeriodSeconds"))
        errors.push_back(required(path.child("terminationGracePeriodSeconds")));
    const std::int64_t gracePeriod = intOr(spec, "terminationGracePeriodSeconds", 30);

    const std::map<std::string, std::string> volumes =
        validateVolumes(arrayField(spec, "volumes"), podMeta, path.child("volumes"), errors);
    append(errors, validateContainers(arrayField(spec, "containers"), volumes, gracePeriod, path.child("containers")));
    append(errors, validateInitContainers(arrayField(spec, "initContainers"), arrayField(spec, "containers"), volumes,
                                          gracePeriod, path.child("initContainers")));
    if (boolean(spec, "hostNetwork")) {
        for (const char* list : {"containers", "initContainers"}) {
            const Json* containers = arrayField(spec, list);
            if (!containers)
                continue;
            std::size_t ci = 0;
            for (const Json& c : *containers) {
                if (const Json* ports = arrayField(c, "ports")) {
                    std::size_t pi = 0;
                    for (const Json& p : *ports) {
                        const std::int64_t hostPort = intOr(p, "hostPort", 0);
                        const std::int64_t containerPort = intOr(p, "containerPort", 0);
                        if (hostPort != containerPort)
                            errors.push_back(invalid(path.child(list).index(ci).child("ports").index(pi).child("containerPort"),
                                                     Value::number(containerPort), "must match `hostPort` when `hostNetwork` is true"));
                        ++pi;
                    }
                }
                ++ci;
            }
        }
    }
    const std::string restartPolicy = str(spec, "restartPolicy");
    if (restartPolicy.empty())
        errors.push_back(required(path.child("restartPolicy")));
    else if (restartPolicy != "Always" && restartPolicy != "OnFailure" && restartPolicy != "Never")
        errors.push_back(notSupported(path.child("restartPolicy"), Value::string(restartPolicy), {"Always", "OnFailure", "Never"}));
    const std::string dnsPolicy = str(spec, "dnsPolicy");
    if (dnsPolicy.empty())
        errors.push_back(required(path.child("dnsPolicy")));
    else if (dnsPolicy != "ClusterFirstWithHostNet" && dnsPolicy != "ClusterFirst" && dnsPolicy != "Default"
             && dnsPolicy != "None")
        errors.push_back(notSupported(path.child("dnsPolicy"), Value::string(dnsPolicy),
                                      {"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"}));
    append(errors, validateLabels(objectField(spec, "nodeSelector"), path.child("nodeSelector")));
    append(errors, validatePodSecurityContext(objectField(spec, "securityContext"), path.child("securityContext")));
    if (const Json* secrets = arrayField(spec, "imagePullSecrets")) {
        std::size_t i = 0;
        for (const Json& s : *secrets) {
            if (str(s, "name").empty())
                errors.push_back(required(path.child("imagePullSecrets").index(i).child("name")));
            ++i;
        }
    }
    append(errors, validateAffinity(objectField(spec, "affinity"), path.child("affinity")));
    append(errors, validateDnsConfig(spec, path.child("dnsConfig")));
    if (const Json* gates = arrayField(spec, "readinessGates")) {
        std::size_t i = 0;
        for (const Json& g : *gates)
            append(errors, validateQualifiedName(str(g, "conditionType"), path.child("readinessGates").index(i++).child("conditionType")));
    }
    if (const Json* gates = arrayField(spec, "schedulingGates")) {
        std::set<std::string> seen;
        std::size_t i = 0;
        for (const Json& g : *gates) {
            const std::string name = str(g, "name");
            const Path gp = path.child("schedulingGates").index(i++);
            append(errors, validateQualifiedName(name, gp));
            if (seen.count(name))
                errors.push_back(duplicate(gp, Value::string(name)));
            seen.insert(name);
        }
    }
    append(errors, validateTopologySpreadConstraints(arrayField(spec, "topologySpreadConstraints"),
                                                     path.child("topologySpreadConstraints")));
    if (const std::string sa = str(spec, "serviceAccountName"); !sa.empty())
        for (const std::string& msg : isDns1123Subdomain(sa))
            errors.push_back(invalid(path.child("serviceAccountName"), Value::string(sa), msg));
    if (const std::string node = str(spec, "nodeName"); !node.empty())
        for (const std::string& msg : isDns1123Subdomain(node))
            errors.push_back(invalid(path.child("nodeName"), Value::string(node), msg));
    if (auto deadline = integer(spec, "activeDeadlineSeconds"); deadline && (*deadline < 1 || *deadline > kMaxInt32))
        errors.push_back(invalid(path.child("activeDeadlineSeconds"), Value::number(*deadline), inclusiveRangeError(1, kMaxInt32)));
    if (const std::string hostname = str(spec, "hostname"); !hostname.empty())
        append(errors, validateDns1123Label(hostname, path.child("hostname")));
    if (const std::string subdomain = str(spec, "subdomain"); !subdomain.empty())
        append(errors, validateDns1123Label(subdomain, path.child("subdomain")));
    if (const Json* tolerations = arrayField(spec, "tolerations"))
        append(errors, validateTolerations(*tolerations, path.child("tolerations")));
    if (const Json* aliases = arrayField(spec, "hostAliases")) {
        std::size_t i = 0;
        for (const Json& a : *aliases) {
            const Path ap = path.child("hostAliases").index(i++);
            const std::string ip = str(a, "ip");
            for (const std::string& msg : isValidIp(ip))
                errors.push_back(invalid(ap.child("ip"), Value::string(ip), msg));
            std::size_t h = 0;
            for (const std::string& host : stringList(arrayField(a, "hostnames")))
                append(errors, validateDns1123Subdomain(host, ap.child("hostnames").index(h++)));
        }
    }
    if (const std::string pc = str(spec, "priorityClassName"); !pc.empty())
        for (const std::string& msg : isDns1123Subdomain(pc))
            errors.push_back(invalid(path.child("priorityClassName"), Value::string(pc), msg));
    if (has(spec, "preemptionPolicy")) {
        const std::string p = str(spec, "preemptionPolicy");
        if (p != "PreemptLowerPriority" && p != "Never")
            errors.push_back(notSupported(path.child("preemptionPolicy"), Value::string(p), {"PreemptLowerPriority", "Never"}));
    }
    if (const Json* overhead = objectField(spec, "overhead")) {
        for (auto it = overhead->begin(); it != overhead->end(); ++it) {
            const Path op = path.child("overhead").key(it.key());
            append(errors, validateQualifiedName(it.key(), op));
            append(errors, validateNonnegativeQuantity(it.value(), op));
        }
    }
    if (const Json* os = objectField(spec, "os")) {
        const std::string name = str(*os, "name");
        if (name.empty())
            errors.push_back(required(path.child("os").child("name")));
        else if (name != "linux" && name != "windows")
            errors.push_back(notSupported(path.child("os").child("name"), Value::string(name), {"linux", "windows"}));
    }
    return errors;
}

ErrorList validatePodTemplateSpec(const Json& templ, const Path& path)
{
    ErrorList errors;
    const Json& meta = objectOrEmpty(objectField(templ, "metadata"));
    append(errors, validateLabels(objectField(meta, "labels"), path.child("labels")));
    append(errors, validateAnnotations(objectField(meta, "annotations"), path.child("annotations")));
    append(errors, validatePodSpec(objectOrEmpty(objectField(templ, "spec")), nullptr, path.child("spec")));
    if (sizeOf(objectOrEmpty(objectField(templ, "spec")), "ephemeralContainers") > 0)
        errors.push_back(forbidden(path.child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
    return errors;
}

// Pods -------------------------------------------------------------------------------------

namespace {

ErrorList validatePodMetadataAndSpec(const Json& pod)
{
    ErrorList errors = validateObjectMeta(pod, true, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(pod, "spec"));
    const Path specPath("spec");
    append(errors, validatePodSpec(spec, objectField(pod, "metadata"), specPath));
    if (str(spec, "serviceAccountName").empty()) {
        if (const Json* volumes = arrayField(spec, "volumes")) {
            std::size_t vi = 0;
            for (const Json& v : *volumes) {
                if (const Json* projected = objectField(v, "projected"))
                    if (const Json* sources = arrayField(*projected, "sources")) {
                        std::size_t si = 0;
                        for (const Json& s : *sources) {
                            if (has(s, "serviceAccountToken"))
                                errors.push_back(forbidden(specPath.child("volumes").index(vi).child("projected").child("sources")
                                                               .index(si).child("serviceAccountToken"),
                                                           "must not be specified when serviceAccountName is not set"));
                            ++si;
                        }
                    }
                ++vi;
            }
        }
    }
    for (const char* list : {"containers", "initContainers"}) {
        if (const Json* containers = arrayField(spec, list)) {
            std::size_t i = 0;
            for (const Json& c : *containers) {
                const std::string image = str(c, "image");
                const auto first = image.find_first_not_of(" \t\n\r\f\v");
                const auto last = image.find_last_not_of(" \t\n\r\f\v");
                const bool trimmed = image.empty() || (first == 0 && last == image.size() - 1);
                if (!trimmed)
                    errors.push_back(invalid(specPath.child(list).index(i).child("image"), Value::string(image),
                                             "must not have leading or trailing whitespace"));
                ++i;
            }
        }
    }
    return errors;
}

ErrorList validatePodUpdate(const Json& pod, const Json& old)
{
    ErrorList errors = validatePodMetadataAndSpec(pod);
    const Path specPath("spec");
    const Json& spec = objectOrEmpty(objectField(pod, "spec"));
    const Json& oldSpec = objectOrEmpty(objectField(old, "spec"));

    for (const char* list : {"containers", "initContainers"}) {
        const std::size_t n = sizeOf(spec, list);
        if (n != sizeOf(oldSpec, list)) {
            errors.push_back(forbidden(specPath.child(list), "pod updates may not add or remove containers"));
            return errors;
        }
        if (const Json* containers = arrayField(spec, list)) {
            std::size_t i = 0;
            for (const Json& c : *containers) {
                if (str(c, "image").empty())
                    errors.push_back(required(specPath.child(list).index(i).child("image")));
                ++i;
            }
        }
    }
    const auto newDeadline = integer(spec, "activeDeadlineSeconds");
    const auto oldDeadline = integer(oldSpec, "activeDeadlineSeconds");
    if (newDeadline) {
        if (*newDeadline < 0 || *newDeadline > kMaxInt32) {
            errors.push_back(invalid(specPath.child("activeDeadlineSeconds"), Value::number(*newDeadline),
                                     inclusiveRangeError(0, kMaxInt32)));
            return errors;
        }
        if (oldDeadline && *oldDeadline < *newDeadline) {
            errors.push_back(invalid(specPath.child("activeDeadlineSeconds"), Value::number(*newDeadline),
                                     "must be less than or equal to previous value"));
            return errors;
        }
    } else if (oldDeadline) {
        errors.push_back(invalid(specPath.child("activeDeadlineSeconds"), Value::string("null"),
                                 "must not update from a positive integer to nil value"));
    }
    // Tolerations may only be added (an existing one may only get a shorter tolerationSeconds).
    if (const Json* oldTolerations = arrayField(oldSpec, "tolerations")) {
        const Json* newTolerations = arrayField(spec, "tolerations");
        for (const Json& o : *oldTolerations) {
            bool found = false;
            if (newTolerations)
                for (const Json& n : *newTolerations) {
                    Json a = o;
                    Json b = n;
                    if (a.is_object())
                        a.erase("tolerationSeconds");
                    if (b.is_object())
                        b.erase("tolerationSeconds");
                    if (sameField(&a, &b)) {
                        found = true;
                        break;
                    }
                }
            if (!found) {
                errors.push_back(forbidden(specPath.child("tolerations"), "existing toleration can not be modified except its tolerationSeconds"));
                return errors;
            }
        }
    }

    // Everything else is immutable: copy the mutable fields over and compare.
    Json munged = spec;
    for (const char* list : {"containers", "initContainers"}) {
        if (munged.contains(list) && munged[list].is_array() && oldSpec.contains(list) && oldSpec[list].is_array())
            for (std::size_t i = 0; i < munged[list].size() && i < oldSpec[list].size(); ++i)
                if (munged[list][i].is_object()) {
                    if (oldSpec[list][i].contains("image"))
                        munged[list][i]["image"] = oldSpec[list][i]["image"];
                    else
                        munged[list][i].erase("image");
                }
    }
    for (const char* k : {"activeDeadlineSeconds", "schedulingGates", "tolerations"}) {
        if (oldSpec.contains(k))
            munged[k] = oldSpec[k];
        else
            munged.erase(k);
    }
    if (auto oldGrace = integer(oldSpec, "terminationGracePeriodSeconds"); oldGrace && *oldGrace < 0
        && intOr(munged, "terminationGracePeriodSeconds", 0) == 1)
        munged["terminationGracePeriodSeconds"] = *oldGrace;
    // With scheduling gates, additions to nodeSelector and affinity are allowed.
    if (sizeOf(oldSpec, "schedulingGates") > 0) {
        for (const char* k : {"nodeSelector", "affinity"}) {
            if (oldSpec.contains(k))
                munged[k] = oldSpec[k];
            else
                munged.erase(k);
        }
    }
    if (!sameField(&munged, &oldSpec)) {
        const std::string diff = specDiff(oldSpec, munged, "core.PodSpec");
        errors.push_back(forbidden(specPath,
                                   "pod updates may not change fields other than `spec.containers[*].image`,"
                                   "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
                                   "(only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
                                   "(allow it to be set to 1 if it was previously negative)\n"
                                       + diff));
    }
    return errors;
}

} // namespace

ErrorList validatePod(const Json& pod, const Json* old)
{
    if (old)
        return validatePodUpdate(pod, *old);
    ErrorList errors = validatePodMetadataAndSpec(pod);
    const Json& spec = objectOrEmpty(objectField(pod, "spec"));
    if (sizeOf(spec, "ephemeralContainers") > 0)
        errors.push_back(forbidden(Path("spec").child("ephemeralContainers"), "cannot be set on create"));
    if (!str(spec, "nodeName").empty() && sizeOf(spec, "schedulingGates") > 0)
        errors.push_back(forbidden(Path("spec").child("nodeName"), "cannot be set until all schedulingGates have been cleared"));
    return errors;
}

} // namespace kubelab::core::validation

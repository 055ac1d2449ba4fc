// SPDX-License-Identifier: GPL-3.0-or-later
// Containers, after k8s.io/kubernetes/pkg/apis/core/validation/validation.go (v1.31):
// validateContainers, validateInitContainers, validateContainerCommon, ports, environment,
// probes and lifecycle handlers, resources and security contexts.
#include <algorithm>
#include <set>

#include "core/api/names.h"
#include "core/api/validation_util.h"

namespace kubelab::core::validation {

namespace {

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

ErrorList validatePullPolicy(const Json& container, const Path& path)
{
    const std::string policy = str(container, "imagePullPolicy");
    if (policy == "Always" || policy == "IfNotPresent" || policy == "Never")
        return {};
    if (policy.empty())
        return {required(path)};
    return {notSupported(path, Value::string(policy), {"Always", "IfNotPresent", "Never"})};
}

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

ErrorList validateId(const Json& holder, std::string_view key, const Path& path)
{
    if (auto id = integer(holder, key); id && (*id < 0 || *id > kMaxInt32))
        return {invalid(path.child(key), Value::number(*id), inclusiveRangeError(0, kMaxInt32))};
    return {};
}

/// %#v of a core.SecurityContext, pointer fields printed as Go prints them.
std::string securityContextText(const Json& sc)
{
    return "core.SecurityContext{Capabilities:" + pointerText(sc, "capabilities", "*core.Capabilities")
           + ", Privileged:" + pointerText(sc, "privileged", "*bool")
           + ", SELinuxOptions:" + pointerText(sc, "seLinuxOptions", "*core.SELinuxOptions")
           + ", WindowsOptions:" + pointerText(sc, "windowsOptions", "*core.WindowsSecurityContextOptions")
           + ", RunAsUser:" + pointerText(sc, "runAsUser", "*int64")
           + ", RunAsGroup:" + pointerText(sc, "runAsGroup", "*int64")
           + ", RunAsNonRoot:" + pointerText(sc, "runAsNonRoot", "*bool")
           + ", ReadOnlyRootFilesystem:" + pointerText(sc, "readOnlyRootFilesystem", "*bool")
           + ", AllowPrivilegeEscalation:" + pointerText(sc, "allowPrivilegeEscalation", "*bool")
           + ", ProcMount:" + pointerText(sc, "procMount", "*core.ProcMountType")
           + ", SeccompProfile:" + pointerText(sc, "seccompProfile", "*core.SeccompProfile")
           + ", AppArmorProfile:" + pointerText(sc, "appArmorProfile", "*core.AppArmorProfile") + "}";
}

/// validateSeccompProfileField.
ErrorList validateSeccompProfile(const Json* profile, const Path& path)
{
    ErrorList errors;
    if (!profile)
        return errors;
    const std::string type = str(*profile, "type");
    if (type.empty())
        errors.push_back(required(path.child("type"), "type is required when seccompProfile is set"));
    else if (type != "Localhost" && type != "RuntimeDefault" && type != "Unconfined")
        errors.push_back(notSupported(path.child("type"), Value::string(type), {"Localhost", "RuntimeDefault", "Unconfined"}));
    if (type == "Localhost" && !has(*profile, "localhostProfile"))
        errors.push_back(required(path.child("localhostProfile"), "must be set when seccomp type is Localhost"));
    return errors;
}

ErrorList validateSecurityContext(const Json* sc, const Path& path)
{
    ErrorList errors;
    if (!sc)
        return errors;
    append(errors, validateId(*sc, "runAsUser", path));
    append(errors, validateId(*sc, "runAsGroup", path));
    append(errors, validateSeccompProfile(objectField(*sc, "seccompProfile"), path.child("seccompProfile")));
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

ErrorList validateContainerCommon(const Json& container, const VolumeKinds& volumes,
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

} // namespace

ErrorList validatePodSecurityContext(const Json* sc, const Path& path)
{
    ErrorList errors;
    if (!sc)
        return errors;
    append(errors, validateId(*sc, "fsGroup", path));
    append(errors, validateSeccompProfile(objectField(*sc, "seccompProfile"), path.child("seccompProfile")));
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

ErrorList validateContainers(const Json* containers, const VolumeKinds& volumes,
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
                                 const VolumeKinds& volumes, std::int64_t gracePeriod,
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

} // namespace kubelab::core::validation

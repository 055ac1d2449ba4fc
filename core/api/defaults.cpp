// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/defaults.h"

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <string>
#include <string_view>

#include "core/api/encoding.h"
#include "core/api/names.h"
#include "core/api/quantity.h"

// Follows the generated `SetObjectDefaults_<Kind>` functions of Kubernetes v1.31
// (pkg/apis/<group>/<version>/zz_generated.defaults.go) and the hand-written
// `SetDefaults_*` functions they call. Go's "zero value means unset" rule is kept:
// a string field that is missing, null or "" is unset; a pointer field is unset when
// missing or null; a plain int32 field is unset when missing, null or 0.

namespace kubelab::core {

namespace {

// Small accessors that never throw on a document of the wrong shape. Json is an ordered
// map kept in a vector: adding a member to an object moves its other members, so a
// pointer to a member is not used after a sibling was added.

Json* objectField(Json& parent, std::string_view key)
{
    if (!parent.is_object())
        return nullptr;
    auto it = parent.find(key);
    if (it == parent.end() || !it->is_object())
        return nullptr;
    return &*it;
}

Json* arrayField(Json& parent, std::string_view key)
{
    if (!parent.is_object())
        return nullptr;
    auto it = parent.find(key);
    if (it == parent.end() || !it->is_array())
        return nullptr;
    return &*it;
}

/// The object at `key`, created when missing or null; null when the field holds a
/// value of another type (the validator reports it).
Json* ensureObject(Json& parent, std::string_view key)
{
    if (!parent.is_object())
        return nullptr;
    auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) {
        parent[std::string(key)] = Json::object();
        return &parent[std::string(key)];
    }
    return it->is_object() ? &*it : nullptr;
}

bool isUnsetPointer(const Json& parent, std::string_view key)
{
    return member(parent, key).is_null();
}

bool isUnsetString(const Json& parent, std::string_view key)
{
    const Json& v = member(parent, key);
    return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty());
}

bool isUnsetNumber(const Json& parent, std::string_view key)
{
    const Json& v = member(parent, key);
    return v.is_null() || (v.is_number() && v.get<double>() == 0);
}

bool isEmptyCollection(const Json& parent, std::string_view key)
{
    auto it = parent.find(key);
    return it == parent.end() || it->is_null() || ((it->is_array() || it->is_object()) && it->empty());
}

void defaultString(Json& parent, std::string_view key, std::string_view value)
{
    if (parent.is_object() && isUnsetString(parent, key))
        parent[std::string(key)] = std::string(value);
}

void defaultPointer(Json& parent, std::string_view key, Json value)
{
    if (parent.is_object() && isUnsetPointer(parent, key))
        parent[std::string(key)] = std::move(value);
}

void defaultNumber(Json& parent, std::string_view key, int value)
{
    if (parent.is_object() && isUnsetNumber(parent, key))
        parent[std::string(key)] = value;
}

std::string stringValue(const Json& parent, std::string_view key)
{
    if (!parent.is_object())
        return {};
    auto it = parent.find(key);
    return it != parent.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool boolValue(const Json& parent, std::string_view key)
{
    if (!parent.is_object())
        return false;
    auto it = parent.find(key);
    return it != parent.end() && it->is_boolean() && it->get<bool>();
}

template <typename Fn>
void forEachObject(Json* array, Fn&& fn)
{
    if (!array)
        return;
    for (Json& item : *array)
        if (item.is_object())
            fn(item);
}

// core/v1 ------------------------------------------------------------------------------

/// SetDefaults_ResourceList: values are rounded up to milli precision, and the value is
/// written back in canonical form (as the API server's serialization does).
/// The canonical text of a resource quantity as SetDefaults_ResourceList writes it back,
/// or nothing when it does not parse (the validator reports it).
std::optional<std::string> canonicalQuantity(const std::string& text)
{
    auto parsed = Quantity::parse(text);
    if (!parsed)
        return std::nullopt;
    Quantity q = *parsed;
    constexpr std::int64_t kExact = 1'000'000'000'000'000; // larger values have no sub-milli part here
    if (q.value() < kExact && q.value() > -kExact) {
        const Quantity milli = Quantity::fromMilli(q.milliValue(), q.format());
        if (milli != q)
            q = milli;
    }
    return q.toString();
}

void defaultResourceList(Json& parent, std::string_view key)
{
    Json* list = objectField(parent, key);
    if (!list)
        return;
    // The same few quantities come back on every object ("100m", "64Mi"): their canonical
    // text is remembered (a pure function of the text; bounded, per thread).
    thread_local std::unordered_map<std::string, std::optional<std::string>> known;
    for (auto it = list->begin(); it != list->end(); ++it) {
        Json& value = it.value();
        if (!value.is_string() && !value.is_number())
            continue;
        std::string text = value.is_string() ? value.get<std::string>() : value.dump();
        auto found = known.find(text);
        if (found == known.end()) {
            if (known.size() >= 4096)
                known.clear();
            found = known.emplace(text, canonicalQuantity(text)).first;
        }
        if (!found->second)
            continue; // the validator reports it
        value = *found->second;
    }
}

/// The tag part of an image reference as parsers.ParseImageName reports it: `latest`
/// when neither tag nor digest is given, empty when only a digest is given or the
/// reference does not parse.
std::string imageTag(const std::string& image)
{
    if (image.empty())
        return {};
    for (char c : image)
        if (c == ' ' || c == '\t' || c == '\n')
            return {};
    std::string name = image;
    bool digest = false;
    if (auto at = name.find('@'); at != std::string::npos) {
        digest = true;
        name = name.substr(0, at);
    }
    std::string tag;
    const auto slash = name.rfind('/');
    const auto colon = name.rfind(':');
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
        tag = name.substr(colon + 1);
        name = name.substr(0, colon);
        if (tag.empty())
            return {};
    }
    // The repository path (after an optional registry host) must be lower case.
    const auto firstSlash = name.find('/');
    std::string_view path = name;
    if (firstSlash != std::string::npos) {
        const std::string_view host(name.data(), firstSlash);
        if (host.find('.') != std::string_view::npos || host.find(':') != std::string_view::npos
            || host == "localhost" || host.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string_view::npos)
            path = std::string_view(name).substr(firstSlash + 1);
    }
    if (path.empty() || path.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string_view::npos)
        return {};
    if (tag.empty() && !digest)
        return "latest";
    return tag;
}

void defaultHttpGet(Json& action)
{
    defaultString(action, "path", "/");
    defaultString(action, "scheme", "HTTP");
}

void defaultProbe(Json& container, std::string_view key)
{
    Json* probe = objectField(container, key);
    if (!probe)
        return;
    defaultNumber(*probe, "timeoutSeconds", 1);
    defaultNumber(*probe, "periodSeconds", 10);
    defaultNumber(*probe, "successThreshold", 1);
    defaultNumber(*probe, "failureThreshold", 3);
    if (Json* http = objectField(*probe, "httpGet"))
        defaultHttpGet(*http);
    if (Json* grpc = objectField(*probe, "grpc"))
        defaultPointer(*grpc, "service", "");
}

void defaultFieldRef(Json& holder)
{
    if (Json* ref = objectField(holder, "fieldRef"))
        defaultString(*ref, "apiVersion", "v1");
}

void defaultContainer(Json& container)
{
    if (isUnsetString(container, "imagePullPolicy")) {
        const std::string tag = imageTag(stringValue(container, "image"));
        container["imagePullPolicy"] = tag == "latest" ? "Always" : "IfNotPresent";
    }
    defaultString(container, "terminationMessagePath", "/dev/termination-log");
    defaultString(container, "terminationMessagePolicy", "File");
    forEachObject(arrayField(container, "ports"), [](Json& port) { defaultString(port, "protocol", "TCP"); });
    forEachObject(arrayField(container, "env"), [](Json& env) {
        if (Json* from = objectField(env, "valueFrom"))
            defaultFieldRef(*from);
    });
    if (Json* resources = objectField(container, "resources")) {
        defaultResourceList(*resources, "limits");
        defaultResourceList(*resources, "requests");
    }
    defaultProbe(container, "livenessProbe");
    defaultProbe(container, "readinessProbe");
    defaultProbe(container, "startupProbe");
    if (Json* lifecycle = objectField(container, "lifecycle")) {
        for (const char* hook : {"postStart", "preStop"})
            if (Json* handler = objectField(*lifecycle, hook))
                if (Json* http = objectField(*handler, "httpGet"))
                    defaultHttpGet(*http);
    }
}

void defaultClaimSpec(Json& spec)
{
    defaultPointer(spec, "volumeMode", "Filesystem");
    if (Json* resources = objectField(spec, "resources")) {
        defaultResourceList(*resources, "limits");
        defaultResourceList(*resources, "requests");
    }
}

constexpr int kDefaultMode = 0644; // 420, the default mode of projected files

/// The volume sources a Volume may hold (VolumeSource's fields).
constexpr std::string_view kVolumeSources[] = {
    "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret",
    "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder",
    "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume",
    "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO",
    "storageos", "csi", "ephemeral", "image",
};

void defaultAzureDisk(Json& disk)
{
    defaultPointer(disk, "cachingMode", "ReadWrite");
    defaultPointer(disk, "fsType", "ext4");
    defaultPointer(disk, "readOnly", false);
    defaultPointer(disk, "kind", "Shared");
}

void defaultVolumeSource(Json& source)
{
    if (Json* hostPath = objectField(source, "hostPath"))
        defaultPointer(*hostPath, "type", "");
    if (Json* secret = objectField(source, "secret"))
        defaultPointer(*secret, "defaultMode", kDefaultMode);
    if (Json* iscsi = objectField(source, "iscsi"))
        defaultString(*iscsi, "iscsiInterface", "default");
    if (Json* rbd = objectField(source, "rbd")) {
        defaultString(*rbd, "pool", "rbd");
        defaultString(*rbd, "user", "admin");
        defaultString(*rbd, "keyring", "/etc/ceph/keyring");
    }
    if (Json* downward = objectField(source, "downwardAPI")) {
        defaultPointer(*downward, "defaultMode", kDefaultMode);
        forEachObject(arrayField(*downward, "items"), [](Json& item) { defaultFieldRef(item); });
    }
    if (Json* configMap = objectField(source, "configMap"))
        defaultPointer(*configMap, "defaultMode", kDefaultMode);
    if (Json* disk = objectField(source, "azureDisk"))
        defaultAzureDisk(*disk);
    if (Json* projected = objectField(source, "projected")) {
        defaultPointer(*projected, "defaultMode", kDefaultMode);
        forEachObject(arrayField(*projected, "sources"), [](Json& projection) {
            if (Json* downward = objectField(projection, "downwardAPI"))
                forEachObject(arrayField(*downward, "items"), [](Json& item) { defaultFieldRef(item); });
            if (Json* token = objectField(projection, "serviceAccountToken"))
                defaultPointer(*token, "expirationSeconds", 3600);
        });
    }
    if (Json* scaleIo = objectField(source, "scaleIO")) {
        defaultString(*scaleIo, "storageMode", "ThinProvisioned");
        defaultString(*scaleIo, "fsType", "xfs");
    }
    if (Json* ephemeral = objectField(source, "ephemeral"))
        if (Json* claimTemplate = objectField(*ephemeral, "volumeClaimTemplate"))
            if (Json* spec = objectField(*claimTemplate, "spec"))
                defaultClaimSpec(*spec);
}

void defaultVolume(Json& volume)
{
    bool anySource = false;
    for (std::string_view source : kVolumeSources)
        if (!isUnsetPointer(volume, source))
            anySource = true;
    if (!anySource)
        volume["emptyDir"] = Json::object();
    defaultVolumeSource(volume);
}

/// SetDefaults_PodSpec plus the nested defaulters every PodSpec gets (volumes and
/// containers), as for a pod template.
void defaultPodSpec(Json& spec)
{
    defaultString(spec, "dnsPolicy", "ClusterFirst");
    defaultString(spec, "restartPolicy", "Always");
    defaultPointer(spec, "securityContext", Json::object());
    defaultPointer(spec, "terminationGracePeriodSeconds", 30);
    defaultString(spec, "schedulerName", "default-scheduler");
    forEachObject(arrayField(spec, "volumes"), defaultVolume);
    forEachObject(arrayField(spec, "initContainers"), defaultContainer);
    forEachObject(arrayField(spec, "containers"), defaultContainer);
    forEachObject(arrayField(spec, "ephemeralContainers"), defaultContainer);
    defaultResourceList(spec, "overhead");
}

/// Requests default to limits (SetDefaults_Pod, for Pods only, not templates).
void defaultRequestsFromLimits(Json& container)
{
    Json* resources = objectField(container, "resources");
    if (!resources)
        return;
    const Json* limitsField = objectField(*resources, "limits");
    if (!limitsField)
        return;
    const Json limits = *limitsField; // a copy: adding "requests" may move the members
    Json* requests = ensureObject(*resources, "requests");
    if (!requests)
        return;
    for (auto it = limits.begin(); it != limits.end(); ++it)
        if (!requests->contains(it.key()))
            (*requests)[it.key()] = it.value();
}

void defaultPod(Json& pod)
{
    Json* spec = objectField(pod, "spec");
    if (!spec)
        return;
    forEachObject(arrayField(*spec, "containers"), defaultRequestsFromLimits);
    forEachObject(arrayField(*spec, "initContainers"), defaultRequestsFromLimits);
    defaultPointer(*spec, "enableServiceLinks", true);
    if (boolValue(*spec, "hostNetwork")) {
        for (const char* list : {"containers", "initContainers"})
            forEachObject(arrayField(*spec, list), [](Json& container) {
                forEachObject(arrayField(container, "ports"), [](Json& port) {
                    if (isUnsetNumber(port, "hostPort") && port.contains("containerPort")) {
                        Json containerPort = port["containerPort"];
                        port["hostPort"] = std::move(containerPort);
                    }
                });
            });
    }
    defaultPodSpec(*spec);
}

/// Defaults the pod template at `holder.template.spec` (holder is a workload's spec).
void defaultTemplate(Json& holder)
{
    if (Json* templ = objectField(holder, "template"))
        if (Json* spec = objectField(*templ, "spec"))
            defaultPodSpec(*spec);
}

Json templateLabels(Json& holder)
{
    if (Json* templ = objectField(holder, "template"))
        if (Json* meta = objectField(*templ, "metadata"))
            if (Json* labels = objectField(*meta, "labels"))
                return *labels;
    return nullptr;
}

void defaultReplicationController(Json& rc)
{
    Json* spec = objectField(rc, "spec");
    if (!spec)
        return;
    defaultPointer(*spec, "replicas", 1);
    defaultTemplate(*spec);
    const Json labels = templateLabels(*spec);
    if (labels.is_object()) {
        if (isEmptyCollection(*spec, "selector"))
            (*spec)["selector"] = labels;
        // Inserting into the object moves its members: `spec` is not used after this.
        if (Json* meta = ensureObject(rc, "metadata"); meta && isEmptyCollection(*meta, "labels"))
            (*meta)["labels"] = labels;
    }
}

void defaultService(Json& service)
{
    Json* spec = ensureObject(service, "spec");
    if (!spec)
        return;
    defaultString(*spec, "sessionAffinity", "None");
    const std::string affinity = stringValue(*spec, "sessionAffinity");
    if (affinity == "None") {
        spec->erase("sessionAffinityConfig");
    } else if (affinity == "ClientIP") {
        Json* config = objectField(*spec, "sessionAffinityConfig");
        Json* clientIp = config ? objectField(*config, "clientIP") : nullptr;
        if (!clientIp || isUnsetPointer(*clientIp, "timeoutSeconds"))
            (*spec)["sessionAffinityConfig"] = {{"clientIP", {{"timeoutSeconds", 10800}}}};
    }
    defaultString(*spec, "type", "ClusterIP");
    forEachObject(arrayField(*spec, "ports"), [](Json& port) {
        defaultString(port, "protocol", "TCP");
        auto target = port.find("targetPort");
        const bool unset = target == port.end() || target->is_null()
                           || (target->is_number() && target->get<double>() == 0)
                           || (target->is_string() && target->get_ref<const std::string&>().empty());
        if (unset && port.contains("port")) {
            Json number = port["port"];
            port["targetPort"] = std::move(number);
        }
    });
    const std::string type = stringValue(*spec, "type");
    const bool externalIps = spec->contains("externalIPs") && (*spec)["externalIPs"].is_array()
                             && !(*spec)["externalIPs"].empty();
    const bool externallyAccessible = type == "LoadBalancer" || type == "NodePort"
                                      || (type == "ClusterIP" && externalIps);
    if (externallyAccessible)
        defaultString(*spec, "externalTrafficPolicy", "Cluster");
    if (type == "NodePort" || type == "LoadBalancer" || type == "ClusterIP")
        defaultPointer(*spec, "internalTrafficPolicy", "Cluster");
    if (type == "LoadBalancer")
        defaultPointer(*spec, "allocateLoadBalancerNodePorts", true);

    // The service registry's IP family fields, for a single-stack IPv4 cluster.
    if (type != "ExternalName") {
        const bool headless = stringValue(*spec, "clusterIP") == "None";
        const bool noSelector = isEmptyCollection(*spec, "selector");
        defaultPointer(*spec, "ipFamilyPolicy", headless && noSelector ? "RequireDualStack" : "SingleStack");
        if (isEmptyCollection(*spec, "ipFamilies"))
            (*spec)["ipFamilies"] = Json::array({"IPv4"});
    }
}

void defaultPersistentVolume(Json& pv)
{
    Json* spec = ensureObject(pv, "spec");
    if (!spec)
        return;
    defaultString(*spec, "persistentVolumeReclaimPolicy", "Retain");
    defaultPointer(*spec, "volumeMode", "Filesystem");
    defaultResourceList(*spec, "capacity");
    if (Json* hostPath = objectField(*spec, "hostPath"))
        defaultPointer(*hostPath, "type", "");
    if (Json* rbd = objectField(*spec, "rbd")) {
        defaultString(*rbd, "pool", "rbd");
        defaultString(*rbd, "user", "admin");
        defaultString(*rbd, "keyring", "/etc/ceph/keyring");
    }
    if (Json* iscsi = objectField(*spec, "iscsi"))
        defaultString(*iscsi, "iscsiInterface", "default");
    if (Json* disk = objectField(*spec, "azureDisk"))
        defaultAzureDisk(*disk);
    if (Json* scaleIo = objectField(*spec, "scaleIO")) {
        defaultString(*scaleIo, "storageMode", "ThinProvisioned");
        defaultString(*scaleIo, "fsType", "xfs");
    }
    if (Json* status = ensureObject(pv, "status"))
        defaultString(*status, "phase", "Pending");
}

void defaultClaim(Json& pvc)
{
    if (Json* spec = ensureObject(pvc, "spec"))
        defaultClaimSpec(*spec);
    if (Json* status = ensureObject(pvc, "status"))
        defaultString(*status, "phase", "Pending");
}

void defaultNamespace(Json& ns)
{
    Json* meta = ensureObject(ns, "metadata");
    if (meta) {
        const std::string name = stringValue(*meta, "name");
        if (!name.empty())
            if (Json* labels = ensureObject(*meta, "labels"))
                (*labels)["kubernetes.io/metadata.name"] = name;
    }
    if (Json* spec = ensureObject(ns, "spec"); spec && isUnsetPointer(*spec, "finalizers"))
        (*spec)["finalizers"] = Json::array({"kubernetes"});
    if (Json* status = ensureObject(ns, "status"))
        defaultString(*status, "phase", "Active");
}

void defaultLimitRange(Json& limitRange)
{
    Json* spec = objectField(limitRange, "spec");
    if (!spec)
        return;
    forEachObject(arrayField(*spec, "limits"), [](Json& item) {
        for (const char* list : {"max", "min", "default", "defaultRequest", "maxLimitRequestRatio"})
            defaultResourceList(item, list);
        if (stringValue(item, "type") != "Container")
            return;
        Json def = item.contains("default") && item["default"].is_object() ? item["default"] : Json::object();
        Json defRequest = item.contains("defaultRequest") && item["defaultRequest"].is_object()
                              ? item["defaultRequest"] : Json::object();
        auto fill = [](Json& target, const Json& from) {
            if (!from.is_object())
                return;
            for (auto it = from.begin(); it != from.end(); ++it)
                if (!target.contains(it.key()))
                    target[it.key()] = it.value();
        };
        if (item.contains("max"))
            fill(def, item["max"]);
        fill(defRequest, def);
        if (item.contains("min"))
            fill(defRequest, item["min"]);
        if (!def.empty())
            item["default"] = def;
        if (!defRequest.empty())
            item["defaultRequest"] = defRequest;
    });
}

void defaultNode(Json& node)
{
    Json* status = objectField(node, "status");
    if (!status)
        return;
    if (isUnsetPointer(*status, "allocatable") && objectField(*status, "capacity")) {
        Json capacity = (*status)["capacity"];
        (*status)["allocatable"] = std::move(capacity);
    }
    defaultResourceList(*status, "capacity");
    defaultResourceList(*status, "allocatable");
}

// apps/v1 ------------------------------------------------------------------------------

void defaultDeployment(Json& deployment)
{
    Json* spec = ensureObject(deployment, "spec");
    if (!spec)
        return;
    defaultPointer(*spec, "replicas", 1);
    if (Json* strategy = ensureObject(*spec, "strategy")) {
        defaultString(*strategy, "type", "RollingUpdate");
        if (stringValue(*strategy, "type") == "RollingUpdate") {
            if (Json* rolling = ensureObject(*strategy, "rollingUpdate")) {
                defaultPointer(*rolling, "maxUnavailable", "25%");
                defaultPointer(*rolling, "maxSurge", "25%");
            }
        }
    }
    defaultPointer(*spec, "revisionHistoryLimit", 10);
    defaultPointer(*spec, "progressDeadlineSeconds", 600);
    defaultTemplate(*spec);
}

void defaultReplicaSet(Json& replicaSet)
{
    Json* spec = ensureObject(replicaSet, "spec");
    if (!spec)
        return;
    defaultPointer(*spec, "replicas", 1);
    defaultTemplate(*spec);
}

void defaultDaemonSet(Json& daemonSet)
{
    Json* spec = ensureObject(daemonSet, "spec");
    if (!spec)
        return;
    if (Json* strategy = ensureObject(*spec, "updateStrategy")) {
        defaultString(*strategy, "type", "RollingUpdate");
        if (stringValue(*strategy, "type") == "RollingUpdate") {
            if (Json* rolling = ensureObject(*strategy, "rollingUpdate")) {
                defaultPointer(*rolling, "maxUnavailable", 1);
                defaultPointer(*rolling, "maxSurge", 0);
            }
        }
    }
    defaultPointer(*spec, "revisionHistoryLimit", 10);
    defaultTemplate(*spec);
}

void defaultStatefulSet(Json& statefulSet)
{
    Json* spec = ensureObject(statefulSet, "spec");
    if (!spec)
        return;
    defaultString(*spec, "podManagementPolicy", "OrderedReady");
    if (Json* strategy = ensureObject(*spec, "updateStrategy")) {
        if (isUnsetString(*strategy, "type")) {
            (*strategy)["type"] = "RollingUpdate";
            defaultPointer(*strategy, "rollingUpdate", Json::object());
        }
        if (stringValue(*strategy, "type") == "RollingUpdate")
            if (Json* rolling = objectField(*strategy, "rollingUpdate"))
                defaultPointer(*rolling, "partition", 0);
    }
    if (Json* policy = ensureObject(*spec, "persistentVolumeClaimRetentionPolicy")) {
        defaultString(*policy, "whenDeleted", "Retain");
        defaultString(*policy, "whenScaled", "Retain");
    }
    defaultPointer(*spec, "replicas", 1);
    defaultPointer(*spec, "revisionHistoryLimit", 10);
    defaultTemplate(*spec);
    forEachObject(arrayField(*spec, "volumeClaimTemplates"), defaultClaim);
}

// batch/v1 -----------------------------------------------------------------------------

/// The job registry's generateSelector (run when manualSelector is false): the template
/// gets the job-name and controller-uid labels (legacy and prefixed), the selector
/// matches `batch.kubernetes.io/controller-uid`. Without a uid yet, only the name labels.
void generateJobSelector(Json& job, Json& spec)
{
    Json* meta = objectField(job, "metadata");
    const std::string name = meta ? stringValue(*meta, "name") : std::string();
    const std::string uid = meta ? stringValue(*meta, "uid") : std::string();
    Json* templ = ensureObject(spec, "template");
    Json* templMeta = templ ? ensureObject(*templ, "metadata") : nullptr;
    Json* labels = templMeta ? ensureObject(*templMeta, "labels") : nullptr;
    if (!labels)
        return;
    for (const char* key : {"job-name", "batch.kubernetes.io/job-name"})
        if (!labels->contains(key))
            (*labels)[key] = name;
    if (uid.empty())
        return;
    for (const char* key : {"controller-uid", "batch.kubernetes.io/controller-uid"})
        if (!labels->contains(key))
            (*labels)[key] = uid;
    Json* selector = ensureObject(spec, "selector");
    Json* matchLabels = selector ? ensureObject(*selector, "matchLabels") : nullptr;
    if (matchLabels && !matchLabels->contains("batch.kubernetes.io/controller-uid"))
        (*matchLabels)["batch.kubernetes.io/controller-uid"] = uid;
}

void defaultPodFailurePolicy(Json& jobSpec)
{
    if (Json* policy = objectField(jobSpec, "podFailurePolicy")) {
        forEachObject(arrayField(*policy, "rules"), [](Json& rule) {
            forEachObject(arrayField(rule, "onPodConditions"),
                          [](Json& pattern) { defaultString(pattern, "status", "True"); });
        });
    }
}

/// SetDefaults_Job: the Job takes its template's labels when it has none.
void copyTemplateLabels(Json& job, Json& spec)
{
    const Json labels = templateLabels(spec);
    if (!labels.is_object())
        return;
    if (Json* meta = ensureObject(job, "metadata"); meta && isEmptyCollection(*meta, "labels"))
        (*meta)["labels"] = labels;
}

void defaultJob(Json& job)
{
    Json* spec = ensureObject(job, "spec");
    if (!spec)
        return;
    if (isUnsetPointer(*spec, "completions") && isUnsetPointer(*spec, "parallelism")) {
        (*spec)["completions"] = 1;
        (*spec)["parallelism"] = 1;
    }
    defaultPointer(*spec, "parallelism", 1);
    if (isUnsetPointer(*spec, "backoffLimit"))
        (*spec)["backoffLimit"] = isUnsetPointer(*spec, "backoffLimitPerIndex") ? 6 : 2147483647;
    copyTemplateLabels(job, *spec);
    spec = objectField(job, "spec"); // adding metadata may have moved it
    if (!spec)
        return;
    defaultPointer(*spec, "completionMode", "NonIndexed");
    defaultPointer(*spec, "suspend", false);
    defaultPodFailurePolicy(*spec);
    if (isUnsetPointer(*spec, "podReplacementPolicy"))
        (*spec)["podReplacementPolicy"] = objectField(*spec, "podFailurePolicy") ? "Failed" : "TerminatingOrFailed";
    defaultPointer(*spec, "manualSelector", false);
    defaultTemplate(*spec);
    // The registry then generates the selector, and reading the Job back defaults it
    // again, so a Job whose template had no labels shows the generated ones.
    if (!boolValue(*spec, "manualSelector"))
        generateJobSelector(job, *spec);
    copyTemplateLabels(job, *spec);
}

void defaultCronJob(Json& cronJob)
{
    Json* spec = ensureObject(cronJob, "spec");
    if (!spec)
        return;
    defaultString(*spec, "concurrencyPolicy", "Allow");
    defaultPointer(*spec, "suspend", false);
    defaultPointer(*spec, "successfulJobsHistoryLimit", 3);
    defaultPointer(*spec, "failedJobsHistoryLimit", 1);
    if (Json* jobTemplate = objectField(*spec, "jobTemplate"))
        if (Json* jobSpec = objectField(*jobTemplate, "spec")) {
            defaultPodFailurePolicy(*jobSpec);
            defaultTemplate(*jobSpec);
        }
}

// autoscaling --------------------------------------------------------------------------

void defaultScalingRules(Json& behavior, std::string_view key, Json defaults)
{
    Json* rules = objectField(behavior, key);
    if (rules) {
        for (const char* field : {"selectPolicy", "stabilizationWindowSeconds", "policies"})
            if (!isUnsetPointer(*rules, field))
                defaults[field] = (*rules)[field];
    }
    // Field order as the Go struct: stabilizationWindowSeconds, selectPolicy, policies.
    Json out = Json::object();
    for (const char* field : {"stabilizationWindowSeconds", "selectPolicy", "policies"})
        if (defaults.contains(field))
            out[field] = defaults[field];
    behavior[std::string(key)] = out;
}

void defaultHorizontalPodAutoscaler(Json& hpa)
{
    Json* spec = ensureObject(hpa, "spec");
    if (!spec)
        return;
    defaultPointer(*spec, "minReplicas", 1);
    if (stringValue(hpa, "apiVersion") != "autoscaling/v2")
        return;
    if (isEmptyCollection(*spec, "metrics")) {
        (*spec)["metrics"] = Json::array({Json{
            {"type", "Resource"},
            {"resource", {{"name", "cpu"}, {"target", {{"type", "Utilization"}, {"averageUtilization", 80}}}}},
        }});
    }
    if (Json* behavior = objectField(*spec, "behavior")) {
        defaultScalingRules(*behavior, "scaleUp",
                            Json{{"stabilizationWindowSeconds", 0},
                                 {"selectPolicy", "Max"},
                                 {"policies", Json::array({Json{{"type", "Pods"}, {"value", 4}, {"periodSeconds", 15}},
                                                           Json{{"type", "Percent"}, {"value", 100}, {"periodSeconds", 15}}})}});
        defaultScalingRules(*behavior, "scaleDown",
                            Json{{"selectPolicy", "Max"},
                                 {"policies", Json::array({Json{{"type", "Percent"}, {"value", 100}, {"periodSeconds", 15}}})}});
    }
}

// networking, rbac, storage, scheduling, discovery -------------------------------------

void defaultNetworkPolicy(Json& policy)
{
    Json* spec = ensureObject(policy, "spec");
    if (!spec)
        return;
    auto defaultPorts = [](Json& rule) {
        forEachObject(arrayField(rule, "ports"), [](Json& port) { defaultPointer(port, "protocol", "TCP"); });
    };
    forEachObject(arrayField(*spec, "ingress"), defaultPorts);
    forEachObject(arrayField(*spec, "egress"), defaultPorts);
    if (isEmptyCollection(*spec, "policyTypes")) {
        Json types = Json::array({"Ingress"});
        if (!isEmptyCollection(*spec, "egress"))
            types.push_back("Egress");
        (*spec)["policyTypes"] = types;
    }
}

void defaultIngressClass(Json& ingressClass)
{
    if (Json* spec = objectField(ingressClass, "spec"))
        if (Json* parameters = objectField(*spec, "parameters"))
            defaultPointer(*parameters, "scope", "Cluster");
}

void defaultSubjects(Json& binding)
{
    forEachObject(arrayField(binding, "subjects"), [](Json& subject) {
        if (!isUnsetString(subject, "apiGroup"))
            return;
        // A ServiceAccount's apiGroup defaults to "", which the API server omits (omitempty).
        const std::string kind = stringValue(subject, "kind");
        if (kind == "User" || kind == "Group")
            subject["apiGroup"] = "rbac.authorization.k8s.io";
    });
}

void defaultRoleBinding(Json& binding)
{
    if (Json* roleRef = objectField(binding, "roleRef"))
        defaultString(*roleRef, "apiGroup", "rbac.authorization.k8s.io");
    defaultSubjects(binding);
}

void defaultStorageClass(Json& storageClass)
{
    defaultPointer(storageClass, "reclaimPolicy", "Delete");
    defaultPointer(storageClass, "volumeBindingMode", "Immediate");
}

void defaultCsiDriver(Json& driver)
{
    Json* spec = ensureObject(driver, "spec");
    if (!spec)
        return;
    defaultPointer(*spec, "attachRequired", true);
    defaultPointer(*spec, "podInfoOnMount", false);
    defaultPointer(*spec, "storageCapacity", false);
    defaultPointer(*spec, "fsGroupPolicy", "ReadWriteOnceWithFSType");
    defaultPointer(*spec, "requiresRepublish", false);
    if (isEmptyCollection(*spec, "volumeLifecycleModes"))
        (*spec)["volumeLifecycleModes"] = Json::array({"Persistent"});
}

void defaultEndpoints(Json& endpoints)
{
    forEachObject(arrayField(endpoints, "subsets"), [](Json& subset) {
        forEachObject(arrayField(subset, "ports"), [](Json& port) { defaultString(port, "protocol", "TCP"); });
    });
}

void defaultEndpointSlice(Json& slice)
{
    forEachObject(arrayField(slice, "ports"), [](Json& port) {
        defaultPointer(port, "name", "");
        defaultPointer(port, "protocol", "TCP");
    });
}

void defaultPodTemplate(Json& podTemplate)
{
    if (Json* templ = objectField(podTemplate, "template"))
        if (Json* spec = objectField(*templ, "spec"))
            defaultPodSpec(*spec);
}

void defaultResourceQuota(Json& quota)
{
    if (Json* spec = objectField(quota, "spec"))
        defaultResourceList(*spec, "hard");
    if (Json* status = objectField(quota, "status")) {
        defaultResourceList(*status, "hard");
        defaultResourceList(*status, "used");
    }
}

/// Convert_v1_Secret_To_core_Secret: `stringData` overwrites `data` (kept base64 here, as
/// the API returns it) and is never stored; then the type defaults to Opaque.
void defaultSecret(Json& secret)
{
    if (auto it = secret.find("stringData"); it != secret.end()) {
        Json strings = std::move(*it);
        secret.erase("stringData");
        if (strings.is_object() && !strings.empty()) {
            Json& data = secret["data"];
            if (!data.is_object())
                data = Json::object();
            for (auto e = strings.begin(); e != strings.end(); ++e)
                data[e.key()] = encodeBase64(e.value().is_string() ? e.value().get<std::string>() : e.value().dump());
        }
    }
    defaultString(secret, "type", "Opaque");
}

} // namespace

void applyDefaults(Json& object)
{
    if (!object.is_object())
        return;
    const std::string kind = kindOf(object);
    const std::string group = apiGroupOf(object);

    if (group.empty()) {
        if (kind == "Pod") defaultPod(object);
        else if (kind == "PodTemplate") defaultPodTemplate(object);
        else if (kind == "ReplicationController") defaultReplicationController(object);
        else if (kind == "Service") defaultService(object);
        else if (kind == "Endpoints") defaultEndpoints(object);
        else if (kind == "PersistentVolume") defaultPersistentVolume(object);
        else if (kind == "PersistentVolumeClaim") defaultClaim(object);
        else if (kind == "Namespace") defaultNamespace(object);
        else if (kind == "Secret") defaultSecret(object);
        else if (kind == "LimitRange") defaultLimitRange(object);
        else if (kind == "ResourceQuota") defaultResourceQuota(object);
        else if (kind == "Node") defaultNode(object);
    } else if (group == "apps") {
        if (kind == "Deployment") defaultDeployment(object);
        else if (kind == "ReplicaSet") defaultReplicaSet(object);
        else if (kind == "DaemonSet") defaultDaemonSet(object);
        else if (kind == "StatefulSet") defaultStatefulSet(object);
    } else if (group == "batch") {
        if (kind == "Job") defaultJob(object);
        else if (kind == "CronJob") defaultCronJob(object);
    } else if (group == "autoscaling") {
        if (kind == "HorizontalPodAutoscaler") defaultHorizontalPodAutoscaler(object);
    } else if (group == "networking.k8s.io") {
        if (kind == "NetworkPolicy") defaultNetworkPolicy(object);
        else if (kind == "IngressClass") defaultIngressClass(object);
    } else if (group == "rbac.authorization.k8s.io") {
        if (kind == "RoleBinding" || kind == "ClusterRoleBinding") defaultRoleBinding(object);
    } else if (group == "storage.k8s.io") {
        if (kind == "StorageClass") defaultStorageClass(object);
        else if (kind == "CSIDriver") defaultCsiDriver(object);
    } else if (group == "scheduling.k8s.io") {
        if (kind == "PriorityClass") defaultPointer(object, "preemptionPolicy", "PreemptLowerPriority");
    } else if (group == "discovery.k8s.io") {
        if (kind == "EndpointSlice") defaultEndpointSlice(object);
    }
}

} // namespace kubelab::core

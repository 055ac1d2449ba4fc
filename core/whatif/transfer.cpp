// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/whatif/transfer.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>

#include "core/api/defaults.h"
#include "core/api/resources.h"
#include "core/manifest/manifest.h"
#include "core/scheduler/schedulercomponent.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

/// Annotations the API server, the controllers, kubeadm, the kubelet or kubectl write:
/// exact keys, then prefixes.
constexpr std::array kNoiseAnnotations = {
    std::string_view("kubectl.kubernetes.io/last-applied-configuration"),
    std::string_view("deployment.kubernetes.io/revision"),
    std::string_view("deployment.kubernetes.io/desired-replicas"),
    std::string_view("deployment.kubernetes.io/max-replicas"),
    std::string_view("kubernetes.io/config.hash"),
    std::string_view("kubernetes.io/config.mirror"),
    std::string_view("kubernetes.io/config.seen"),
    std::string_view("kubernetes.io/config.source"),
    std::string_view("node.alpha.kubernetes.io/ttl"),
    std::string_view("volumes.kubernetes.io/controller-managed-attach-detach"),
    std::string_view("control-plane.alpha.kubernetes.io/leader"),
    std::string_view("endpoints.kubernetes.io/last-change-trigger-time"),
    std::string_view("volume.beta.kubernetes.io/storage-provisioner"),
    std::string_view(kDaemonSetGenerationAnnotation),
};
constexpr std::array kNoiseAnnotationPrefixes = {
    std::string_view("pv.kubernetes.io/"),         std::string_view("volume.kubernetes.io/"),
    std::string_view("kubeadm.alpha.kubernetes.io/"), std::string_view("csi.volume.kubernetes.io/"),
};
/// Finalizers the API server and the storage controllers add.
constexpr std::array kServerFinalizers = {
    std::string_view("kubernetes.io/pvc-protection"),
    std::string_view("kubernetes.io/pv-protection"),
    std::string_view("foregroundDeletion"),
    std::string_view("orphan"),
};
/// Metadata fields the API server sets.
constexpr std::array kServerMetadata = {
    "uid", "resourceVersion", "creationTimestamp", "managedFields", "generation", "selfLink",
    "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences",
};

/// Kinds the control plane writes for itself: never imported or exported.
bool controlPlaneKind(std::string_view kind)
{
    return kind == "Event" || kind == "Lease" || kind == "Endpoints" || kind == "EndpointSlice" ||
           kind == "ControllerRevision";
}

bool noiseAnnotation(const std::string& key)
{
    if (std::ranges::find(kNoiseAnnotations, key) != kNoiseAnnotations.end())
        return true;
    return std::ranges::any_of(kNoiseAnnotationPrefixes, [&](std::string_view p) { return key.starts_with(p); });
}

void eraseIfEmpty(Json& object, const char* key)
{
    if (object.is_object() && object.contains(key) && (object[key].is_null() || object[key].empty()))
        object.erase(key);
}

/// The service account token volume the ServiceAccount admission plugin adds
/// (`kube-api-access-xxxxx`), or the `default-token-xxxxx` secret of older clusters.
bool tokenVolume(const Json& volume)
{
    const std::string name = volume.value("name", "");
    if (name.starts_with("kube-api-access-"))
        return true;
    return name.starts_with("default-token-") && volume.contains("secret");
}

/// The tolerations the DefaultTolerationSeconds admission plugin adds.
bool defaultToleration(const Json& toleration)
{
    const std::string key = toleration.value("key", "");
    return (key == "node.kubernetes.io/not-ready" || key == "node.kubernetes.io/unreachable") &&
           toleration.value("effect", "") == "NoExecute" && toleration.value("operator", "") == "Exists" &&
           toleration.value("tolerationSeconds", std::int64_t{-1}) == 300;
}

void cleanMetadata(Json& metadata, bool keepName)
{
    if (!metadata.is_object())
        return;
    for (const char* field : kServerMetadata)
        metadata.erase(field);
    if (keepName && metadata.contains("name"))
        metadata.erase("generateName");
    if (metadata.contains("annotations") && metadata["annotations"].is_object()) {
        Json kept = Json::object();
        for (auto it = metadata["annotations"].begin(); it != metadata["annotations"].end(); ++it)
            if (!noiseAnnotation(it.key()))
                kept[it.key()] = it.value();
        metadata["annotations"] = std::move(kept);
    }
    if (metadata.contains("finalizers") && metadata["finalizers"].is_array()) {
        Json kept = Json::array();
        for (const Json& f : metadata["finalizers"])
            if (!f.is_string() || std::ranges::find(kServerFinalizers, f.get<std::string>()) == kServerFinalizers.end())
                kept.push_back(f);
        metadata["finalizers"] = std::move(kept);
    }
    eraseIfEmpty(metadata, "annotations");
    eraseIfEmpty(metadata, "labels");
    eraseIfEmpty(metadata, "finalizers");
}

void cleanPodSpec(Json& spec)
{
    if (!spec.is_object())
        return;
    spec.erase("serviceAccount"); // the deprecated copy of serviceAccountName
    std::vector<std::string> dropped;
    if (spec.contains("volumes") && spec["volumes"].is_array()) {
        Json kept = Json::array();
        for (const Json& v : spec["volumes"]) {
            if (tokenVolume(v))
                dropped.push_back(v.value("name", ""));
            else
                kept.push_back(v);
        }
        spec["volumes"] = std::move(kept);
        eraseIfEmpty(spec, "volumes");
    }
    for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) {
        if (!spec.contains(list) || !spec[list].is_array())
            continue;
        for (Json& c : spec[list]) {
            if (!c.contains("volumeMounts") || !c["volumeMounts"].is_array())
                continue;
            Json kept = Json::array();
            for (const Json& m : c["volumeMounts"])
                if (std::ranges::find(dropped, m.value("name", "")) == dropped.end())
                    kept.push_back(m);
            c["volumeMounts"] = std::move(kept);
            eraseIfEmpty(c, "volumeMounts");
        }
    }
    if (spec.contains("tolerations") && spec["tolerations"].is_array()) {
        Json kept = Json::array();
        for (const Json& t : spec["tolerations"])
            if (!defaultToleration(t))
                kept.push_back(t);
        spec["tolerations"] = std::move(kept);
        eraseIfEmpty(spec, "tolerations");
    }
}

void cleanTemplate(Json& podTemplate)
{
    if (!podTemplate.is_object())
        return;
    if (podTemplate.contains("metadata")) {
        podTemplate["metadata"].erase("creationTimestamp");
        eraseIfEmpty(podTemplate, "metadata");
    }
    if (podTemplate.contains("spec"))
        cleanPodSpec(podTemplate["spec"]);
}

/// A Node as the lab needs it: name, labels, taints (not those the node controller sets),
/// unschedulable, capacity and allocatable.
Json nodeManifest(const Json& node)
{
    Json metadata = Json{{"name", nameOf(node)}};
    if (const Json& labels = member(member(node, "metadata"), "labels"); labels.is_object() && !labels.empty())
        metadata["labels"] = labels;
    Json out = Json{{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", metadata}};
    const Json& spec = member(node, "spec");
    Json taints = Json::array();
    for (const Json& t : member(spec, "taints"))
        if (!t.value("key", "").starts_with("node.kubernetes.io/"))
            taints.push_back(Json{{"key", t.value("key", "")}, {"value", t.value("value", "")}, {"effect", t.value("effect", "")}});
    for (Json& t : taints)
        if (t["value"] == "")
            t.erase("value");
    if (!taints.empty())
        out["spec"]["taints"] = taints;
    if (member(spec, "unschedulable").is_boolean() && member(spec, "unschedulable").get<bool>())
        out["spec"]["unschedulable"] = true;
    const Json& status = member(node, "status");
    Json capacity = member(status, "capacity");
    Json allocatable = member(status, "allocatable");
    if (!capacity.is_object())
        capacity = Json::object();
    if (!allocatable.is_object() || allocatable.empty())
        allocatable = capacity;
    out["status"] = Json{{"capacity", capacity}, {"allocatable", allocatable}};
    return out;
}

std::string describeKey(const ObjectKey& key)
{
    return key.ns.empty() ? key.kind + " " + key.name : key.kind + " " + key.ns + "/" + key.name;
}

} // namespace

Status forkLab(const Engine& engine, const std::string& target)
{
    std::error_code ec;
    if (std::filesystem::exists(target, ec))
        return fail(ErrorCode::Client, target + " already exists; klab fork writes a new lab");
    const std::string parent = std::filesystem::absolute(engine.lab().path(), ec).lexically_normal().string();
    const std::int64_t revision = engine.lab().lastRevision();
    auto cleanUp = [&] {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            std::filesystem::remove(target + suffix, ec);
    };
    if (auto s = engine.lab().backupTo(target); !s) {
        cleanUp();
        return s;
    }
    auto fork = LabFile::open(target, LabFile::Mode::OpenExisting);
    if (!fork) {
        cleanUp();
        return fail(fork.error());
    }
    auto s = (*fork)->commit({}, {}, {{std::string(kSettingForkParent), parent},
                                      {std::string(kSettingForkParentRevision), std::to_string(revision)}});
    if (!s) {
        fork->reset();
        cleanUp();
    }
    return s;
}

int applyOrderRank(std::string_view kind)
{
    // Helm's install order, with the kinds the lab knows; controllers before what they own.
    static constexpr std::array order = {
        "Namespace",          "NetworkPolicy",       "ResourceQuota",     "LimitRange",
        "PriorityClass",      "PodSecurityPolicy",   "PodDisruptionBudget", "ServiceAccount",
        "Secret",             "ConfigMap",           "StorageClass",      "PersistentVolume",
        "Node",               "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
        "ClusterRoleBinding", "Role",                "RoleBinding",       "Service",
        "DaemonSet",          "StatefulSet",         "Deployment",        "ReplicaSet",
        "ReplicationController", "CronJob",          "Job",               "Pod",
        "HorizontalPodAutoscaler", "IngressClass",   "Ingress",
    };
    for (std::size_t i = 0; i < order.size(); ++i)
        if (kind == order[i])
            return static_cast<int>(i);
    return static_cast<int>(order.size());
}

const std::set<ObjectKey>& freshLabKeys()
{
    static const std::set<ObjectKey> keys = [] {
        std::set<ObjectKey> out;
        Engine::Options options;
        options.startComponents = false;
        auto engine = Engine::open(options);
        if (engine)
            for (const std::string& kind : (*engine)->store().kinds())
                for (const ObjectPtr& o : (*engine)->list(kind))
                    out.insert(keyOf(*o));
        return out;
    }();
    return keys;
}

Json cleanManifest(const Json& object)
{
    Json out = object;
    out.erase("status");
    const std::string kind = kindOf(object);
    if (out.contains("metadata"))
        cleanMetadata(out["metadata"], true);
    if (!out.contains("spec") || !out["spec"].is_object())
        return out;
    Json& spec = out["spec"];
    if (kind == "Namespace") {
        // The namespace controller's finalizer and the label the API server sets.
        out.erase("spec");
        if (out["metadata"].contains("labels")) {
            out["metadata"]["labels"].erase("kubernetes.io/metadata.name");
            eraseIfEmpty(out["metadata"], "labels");
        }
    } else if (kind == "Pod") {
        cleanPodSpec(spec);
    } else if (kind == "Service") {
        if (spec.value("clusterIP", "") != "None") {
            spec.erase("clusterIP");
            spec.erase("clusterIPs");
        }
        spec.erase("ipFamilies");
        spec.erase("ipFamilyPolicy");
    } else if (kind == "PersistentVolume") {
        if (spec.contains("claimRef") && spec["claimRef"].is_object()) {
            spec["claimRef"].erase("uid");
            spec["claimRef"].erase("resourceVersion");
        }
    } else if (kind == "CronJob") {
        if (spec.contains("jobTemplate") && spec["jobTemplate"].contains("spec")) {
            spec["jobTemplate"].erase("metadata");
            cleanTemplate(spec["jobTemplate"]["spec"]["template"]);
        }
    } else if (spec.contains("template")) {
        cleanTemplate(spec["template"]);
    }
    if (kind == "Job") {
        // The job controller's selector and labels (batch.kubernetes.io/controller-uid) name
        // the Job's uid: a new Job gets its own.
        spec.erase("selector");
        if (spec.contains("template") && spec["template"].contains("metadata") &&
            spec["template"]["metadata"].contains("labels")) {
            Json& labels = spec["template"]["metadata"]["labels"];
            for (const char* k : {"controller-uid", "batch.kubernetes.io/controller-uid", "job-name",
                                  "batch.kubernetes.io/job-name"})
                labels.erase(k);
            eraseIfEmpty(spec["template"]["metadata"], "labels");
            eraseIfEmpty(spec["template"], "metadata");
        }
    }
    return out;
}

Result<std::vector<ImportItem>> importCluster(Engine& engine, std::string_view text, std::string_view fileName,
                                              const RequestContext& ctx)
{
    auto docs = decodeManifests(text, fileName);
    if (!docs)
        return fail(docs.error());
    struct Entry {
        Json object;
        Location location;
        ObjectKey key;
        const ResourceInfo* resource = nullptr;
    };
    std::vector<Entry> entries;
    std::vector<ImportItem> report;
    for (Document& d : *docs) {
        const std::string kind = kindOf(d.object);
        if (kind.empty() || !d.object.contains("apiVersion"))
            return fail(ErrorCode::Parse, "Object 'Kind' is missing or has no apiVersion: not a Kubernetes object",
                        d.location);
        if (nameOf(d.object).empty())
            return fail(ErrorCode::Parse, kind + " has no metadata.name", d.location);
        const ResourceInfo* r = findResourceByApiVersionKind(d.object.value("apiVersion", ""), kind);
        ObjectKey key{kind, namespaceOf(d.object), nameOf(d.object)};
        if (!r) {
            report.push_back({key, false, "the lab does not simulate " + d.object.value("apiVersion", "") + " " + kind,
                              d.location});
            continue;
        }
        key.kind = std::string(r->kind);
        if (!r->namespaced)
            key.ns.clear();
        else if (key.ns.empty())
            key.ns = "default";
        entries.push_back({std::move(d.object), d.location, key, r});
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        const int ra = applyOrderRank(a.key.kind);
        const int rb = applyOrderRank(b.key.kind);
        return ra != rb ? ra < rb : std::tie(a.key.ns, a.key.name) < std::tie(b.key.ns, b.key.name);
    });

    // Objects whose dependents are taken care of: imported, or the lab's own. The text says which.
    std::map<ObjectKey, std::string> handled;
    auto qualified = [](const Entry& e) { return e.resource->qualifiedSingular() + "/" + e.key.name; };
    for (Entry& e : entries) {
        const std::string& kind = e.key.kind;
        auto skip = [&](std::string reason, bool handles) {
            if (handles)
                handled[e.key] = "the lab's own";
            report.push_back({e.key, false, std::move(reason), e.location});
        };
        if (controlPlaneKind(kind)) {
            skip("written by the control plane; the lab's controllers write their own", false);
            continue;
        }
        if (engine.get(e.key)) {
            skip("the lab already has it", true);
            continue;
        }
        const Labels annotations = annotationsOf(e.object);
        std::optional<Json> controller = controllerRefOf(e.object);
        if (kind == "Pod" && (annotations.contains("kubernetes.io/config.mirror") ||
                              (controller && controller->value("kind", "") == "Node"))) {
            skip("static pod of the control plane; the lab simulates the control plane itself", false);
            continue;
        }
        if (kind == "DaemonSet" && e.key.ns == "kube-system" && e.key.name == "kube-proxy") {
            skip("the lab simulates kube-proxy itself", true);
            continue;
        }
        std::string note;
        if (controller) {
            const ObjectKey owner{controller->value("kind", ""), e.key.ns, controller->value("name", "")};
            if (auto it = handled.find(owner); it != handled.end()) {
                report.push_back({e.key, false, "its controller " + describeKey(owner) + " (" + it->second + ") creates it",
                                  e.location});
                handled[e.key] = "re-created by " + describeKey(owner);
                continue;
            }
            note = "its controller " + describeKey(owner) + " is not in the file: imported without it";
        }
        const std::string phase = stringAt(e.object, Json::json_pointer("/status/phase"));
        if (kind == "Pod" && (phase == "Succeeded" || phase == "Failed")) {
            skip("the pod has finished (" + phase + "); in the lab it would run again", false);
            continue;
        }
        Json object = kind == "Node" ? nodeManifest(e.object) : cleanManifest(e.object);
        if (kind == "Pod") {
            const std::string node = stringAt(object, Json::json_pointer("/spec/nodeName"));
            if (!node.empty() && !engine.get(ObjectKey{"Node", "", node})) {
                object["spec"].erase("nodeName");
                note += std::string(note.empty() ? "" : "; ") + "node " + node + " is not in the file: left to the scheduler";
            }
        }
        if (kind == "PersistentVolumeClaim") {
            const std::string volume = stringAt(object, Json::json_pointer("/spec/volumeName"));
            if (!volume.empty() && !engine.get(ObjectKey{"PersistentVolume", "", volume})) {
                object["spec"].erase("volumeName");
                note += std::string(note.empty() ? "" : "; ") + "volume " + volume +
                        " is not in the file: the claim binds or provisions anew";
            }
        }
        if (e.resource->namespaced && !engine.get(ObjectKey{"Namespace", "", e.key.ns})) {
            Json ns = Json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", e.key.ns}}}};
            if (auto created = engine.create(std::move(ns), ctx); !created)
                return fail(created.error());
            report.push_back({ObjectKey{"Namespace", "", e.key.ns}, true, "created for the objects in it", {}});
        }
        // `kubectl get` lists no service accounts: create those the pods run as.
        const Json* podSpec = kind == "Pod" ? &member(object, "spec") : &member(member(member(object, "spec"), "template"), "spec");
        if (const std::string account = podSpec->is_object() ? podSpec->value("serviceAccountName", "") : "";
            !account.empty() && !engine.get(ObjectKey{"ServiceAccount", e.key.ns, account})) {
            Json sa = Json{{"apiVersion", "v1"}, {"kind", "ServiceAccount"},
                           {"metadata", {{"name", account}, {"namespace", e.key.ns}}}};
            if (auto created = engine.create(std::move(sa), ctx); !created)
                return fail(created.error());
            report.push_back({ObjectKey{"ServiceAccount", e.key.ns, account}, true, "created for the pods that run as it", {}});
        }
        object["metadata"]["namespace"] = e.key.ns;
        if (!e.resource->namespaced)
            object["metadata"].erase("namespace");
        auto created = engine.create(std::move(object), ctx);
        if (!created) {
            Error error = created.error();
            return fail(ErrorCode::Client, "importing " + qualified(e) + ": " + error.toString(), e.location);
        }
        handled[e.key] = "imported";
        report.push_back({e.key, true, note, e.location});
    }
    return report;
}

std::vector<Json> exportCluster(const Engine& engine, const ExportOptions& options)
{
    const std::set<ObjectKey>& fresh = freshLabKeys();
    std::vector<Json> out;
    for (const std::string& kind : engine.store().kinds()) {
        if (controlPlaneKind(kind) || (kind == "Node" && !options.nodes))
            continue;
        const ResourceInfo* resource = findResourceByKind(kind);
        if (!resource || !resource->stored)
            continue;
        for (const ObjectPtr& p : engine.list(kind)) {
            const Json& object = *p;
            const ObjectKey key = keyOf(object);
            if (kind == "Node") {
                out.push_back(nodeManifest(object));
                continue;
            }
            if (!options.allNamespaces) {
                const bool inNamespace = resource->namespaced ? key.ns == options.ns
                                                              : kind == "Namespace" && key.name == options.ns;
                if (!inNamespace)
                    continue;
            }
            if (fresh.contains(key) || controllerRefOf(object) || isBeingDeleted(object))
                continue;
            // What the service account and root CA controllers create in every namespace.
            if ((kind == "ServiceAccount" && key.name == "default") ||
                (kind == "ConfigMap" && key.name == "kube-root-ca.crt") ||
                (kind == "Secret" && stringAt(object, Json::json_pointer("/type")) == "kubernetes.io/service-account-token"))
                continue;
            // Dynamically provisioned volumes: the claim provisions a new one.
            if (kind == "PersistentVolume" && annotationsOf(object).contains("pv.kubernetes.io/provisioned-by"))
                continue;
            Json clean = cleanManifest(object);
            if (kind == "PersistentVolumeClaim") {
                const std::string volume = stringAt(object, Json::json_pointer("/spec/volumeName"));
                if (auto pv = engine.get(ObjectKey{"PersistentVolume", "", volume});
                    pv && annotationsOf(*pv).contains("pv.kubernetes.io/provisioned-by"))
                    clean["spec"].erase("volumeName");
            }
            // The scheduler chose the node: the real cluster's scheduler chooses again.
            if (kind == "Pod" &&
                engine.labSetting(scheduler::SchedulerComponent::decisionKey(key.ns, key.name)).has_value())
                clean["spec"].erase("nodeName");
            out.push_back(std::move(clean));
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Json& a, const Json& b) {
        const int ra = applyOrderRank(kindOf(a));
        const int rb = applyOrderRank(kindOf(b));
        if (ra != rb)
            return ra < rb;
        const ObjectKey ka = keyOf(a);
        const ObjectKey kb = keyOf(b);
        return std::tie(ka.kind, ka.ns, ka.name) < std::tie(kb.kind, kb.ns, kb.name);
    });
    return out;
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/apiserver.h"

#include <algorithm>
#include <charconv>

#include "core/api/defaults.h"
#include "core/api/podtypes.h"
#include "core/api/validation.h"
#include "core/auth/rbac.h"
#include "core/auth/warnings.h"

namespace kubelab::core {

namespace {

/// The node ports a stored Service holds; none for a damaged one (a lab file edited by hand
/// may hold a Service without spec).
std::vector<int> nodePortsOf(const Json& service)
{
    std::vector<int> out;
    const Json::json_pointer ports("/spec/ports");
    if (service.contains(ports) && service.at(ports).is_array())
        for (const Json& p : service.at(ports))
            if (p.is_object() && p.contains("nodePort") && p["nodePort"].is_number_integer())
                out.push_back(p["nodePort"].get<int>());
    return out;
}

const Json::json_pointer kFinalizers("/metadata/finalizers");

bool hasGeneration(const ResourceInfo& r)
{
    return r.group == "apps" || r.group == "batch" || r.group == "autoscaling" || r.group == "networking.k8s.io" ||
           r.group == "policy";
}

/// Kinds whose status is written only through the status subresource.
bool hasStatusSubresource(std::string_view kind)
{
    static const std::set<std::string_view> kinds = {
        "Pod", "Node", "Namespace", "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "CronJob",
        "Service", "PersistentVolume", "PersistentVolumeClaim", "HorizontalPodAutoscaler", "ResourceQuota",
        "Ingress", "PodDisruptionBudget", "ReplicationController"};
    return kinds.contains(kind);
}

std::string mergeKeyFor(const std::string& parentKey, const Json& element)
{
    if (!element.is_object())
        return {};
    static const std::map<std::string, std::string> keys = {
        {"containers", "name"}, {"initContainers", "name"}, {"ephemeralContainers", "name"},
        {"env", "name"}, {"volumes", "name"}, {"volumeMounts", "mountPath"}, {"volumeDevices", "devicePath"},
        {"imagePullSecrets", "name"}, {"hostAliases", "ip"}, {"readinessGates", "conditionType"},
        {"conditions", "type"}, {"topologySpreadConstraints", "topologyKey"}, {"ownerReferences", "uid"},
        {"resourceClaims", "name"}};
    if (parentKey == "ports")
        return element.contains("containerPort") ? "containerPort" : (element.contains("port") ? "port" : "");
    auto it = keys.find(parentKey);
    return it == keys.end() ? std::string() : it->second;
}

Json mergeValue(const Json& live, const Json& original, const Json& modified, const std::string& key);

Json mergeList(const Json& live, const Json& original, const Json& modified, const std::string& key)
{
    if (!live.is_array() || modified.empty() || mergeKeyFor(key, modified.front()).empty())
        return modified;
    std::string mk = mergeKeyFor(key, modified.front());
    auto find = [&](const Json& list, const Json& k) -> const Json* {
        if (!list.is_array())
            return nullptr;
        for (const Json& e : list)
            if (e.is_object() && e.contains(mk) && e.at(mk) == k)
                return &e;
        return nullptr;
    };
    Json out = Json::array();
    for (const Json& m : modified) {
        if (!m.is_object() || !m.contains(mk)) {
            out.push_back(m);
            continue;
        }
        const Json* l = find(live, m.at(mk));
        const Json* o = find(original, m.at(mk));
        out.push_back(l ? mergeValue(*l, o ? *o : Json(), m, key) : m);
    }
    // Elements someone else added (not in the last applied configuration) are kept.
    for (const Json& l : live) {
        if (!l.is_object() || !l.contains(mk))
            continue;
        if (!find(modified, l.at(mk)) && !find(original, l.at(mk)))
            out.push_back(l);
    }
    return out;
}

Json mergeValue(const Json& live, const Json& original, const Json& modified, const std::string& key)
{
    if (modified.is_object() && live.is_object()) {
        Json out = live;
        if (original.is_object())
            for (auto it = original.begin(); it != original.end(); ++it)
                if (!modified.contains(it.key()))
                    out.erase(it.key());
        for (auto it = modified.begin(); it != modified.end(); ++it) {
            const Json& lv = live.contains(it.key()) ? live.at(it.key()) : Json();
            const Json& ov = original.is_object() && original.contains(it.key()) ? original.at(it.key()) : Json();
            if (it.value().is_null())
                out.erase(it.key());
            else
                out[it.key()] = mergeValue(lv, ov, it.value(), it.key());
        }
        return out;
    }
    if (modified.is_array())
        return mergeList(live, original, modified, key);
    return modified;
}

std::string lastAppliedOf(const Json& object)
{
    return stringAt(object, Json::json_pointer("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration"));
}

/// Writes a string as nlohmann's serializer does (no indentation, UTF-8 kept): plain
/// printable ASCII as is, anything else through the library's own escaping.
void writeJsonString(std::string& out, const std::string& s)
{
    for (unsigned char ch : s) {
        if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\') {
            out += nlohmann::json(s).dump();
            return;
        }
    }
    out += '"';
    out += s;
    out += '"';
}

/// `value` as nlohmann::json(value).dump() writes it (each object's keys sorted), without
/// building the sorted copy. In the top-level `metadata`, `annotations` is written without
/// `skipAnnotation` and as `{}` when missing or not an object.
void writeSorted(std::string& out, const Json& value, bool topLevel, const std::string* skipAnnotation)
{
    // Containers through their own vectors: Json's iterators cost more than the writing.
    if (value.is_array()) {
        out += '[';
        bool first = true;
        for (const Json& e : value.get_ref<const Json::array_t&>()) {
            if (!first)
                out += ',';
            first = false;
            writeSorted(out, e, false, nullptr);
        }
        out += ']';
        return;
    }
    if (!value.is_object()) {
        if (value.is_string())
            writeJsonString(out, value.get_ref<const std::string&>());
        else
            out += value.dump();
        return;
    }
    std::vector<std::pair<const std::string*, const Json*>> members;
    members.reserve(value.size() + 1);
    static const std::string kMetadata = "metadata";
    static const std::string kAnnotations = "annotations";
    static const Json kEmptyObject = Json::object();
    const bool isMetadata = skipAnnotation != nullptr;
    bool annotationsSeen = false;
    for (const auto& [key, member] : value.get_ref<const Json::object_t&>()) {
        if (isMetadata && key == kAnnotations) {
            annotationsSeen = true;
            members.emplace_back(&key, member.is_object() ? &member : &kEmptyObject);
        } else {
            members.emplace_back(&key, &member);
        }
    }
    if (isMetadata && !annotationsSeen)
        members.emplace_back(&kAnnotations, &kEmptyObject);
    std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
    out += '{';
    bool first = true;
    for (const auto& [key, member] : members) {
        if (isMetadata && *key == kAnnotations) {
            // The annotations without the skipped one, keys sorted.
            if (!first)
                out += ',';
            first = false;
            writeJsonString(out, *key);
            out += ':';
            std::vector<std::pair<const std::string*, const Json*>> notes;
            for (const auto& [k, v] : member->get_ref<const Json::object_t&>())
                if (k != *skipAnnotation)
                    notes.emplace_back(&k, &v);
            std::sort(notes.begin(), notes.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
            out += '{';
            bool firstNote = true;
            for (const auto& [k, v] : notes) {
                if (!firstNote)
                    out += ',';
                firstNote = false;
                writeJsonString(out, *k);
                out += ':';
                writeSorted(out, *v, false, nullptr);
            }
            out += '}';
            continue;
        }
        if (!first)
            out += ',';
        first = false;
        writeJsonString(out, *key);
        out += ':';
        static const std::string kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";
        writeSorted(out, *member, false, topLevel && *key == kMetadata && member->is_object() ? &kLastApplied : nullptr);
    }
    out += '}';
}

/// The object as kubectl stores it in the last-applied annotation: the configuration
/// without the annotation itself.
std::string appliedConfiguration(const Json& config)
{
    // kubectl stores what it applied as json.Marshal writes the object: keys sorted, and
    // `metadata.annotations` kept (empty) once the annotation itself is taken out.
    std::string out;
    out.reserve(512);
    writeSorted(out, config, true, nullptr);
    out += '\n';
    return out;
}

bool specChanged(const Json& a, const Json& b)
{
    for (auto it = a.begin(); it != a.end(); ++it)
        if (it.key() != "metadata" && it.key() != "status" && (!b.contains(it.key()) || b.at(it.key()) != it.value()))
            return true;
    for (auto it = b.begin(); it != b.end(); ++it)
        if (it.key() != "metadata" && it.key() != "status" && !a.contains(it.key()))
            return true;
    return false;
}

std::string qosClassOf(const Json& pod)
{
    // pkg/apis/core/v1/helper/qos: cpu and memory only, zero quantities ignored.
    static const Json kEmpty = Json::object();
    auto member = [](const Json& parent, const char* key) -> const Json& {
        if (!parent.is_object())
            (void)parent.value(key, kEmpty); // throws as Json::value does on a non-object
        auto it = parent.find(key);
        return it == parent.end() ? kEmpty : *it;
    };
    bool anyRequestOrLimit = false;
    bool guaranteed = true;
    auto visit = [&](const Json& containers) {
        if (!containers.is_array())
            return;
        for (const Json& c : containers) {
            const Json& res = member(c, "resources");
            const Json& req = member(res, "requests");
            const Json& lim = member(res, "limits");
            for (const char* r : {"cpu", "memory"}) {
                auto nonZero = [](const Json& m, const char* k) {
                    if (!m.is_object())
                        return false;
                    auto it = m.find(k);
                    if (it == m.end())
                        return false;
                    if (it->is_string()) {
                        const std::string& s = it->get_ref<const std::string&>();
                        return !(s == "0" || s == "0m" || s.empty());
                    }
                    std::string s = it->dump();
                    return !(s == "0" || s == "0m" || s.empty());
                };
                bool hasReq = nonZero(req, r);
                bool hasLim = nonZero(lim, r);
                if (hasReq || hasLim)
                    anyRequestOrLimit = true;
                if (!hasLim || (hasReq && req.at(r) != lim.at(r)))
                    guaranteed = false;
            }
        }
    };
    const Json& spec = member(pod, "spec");
    visit(member(spec, "initContainers"));
    visit(member(spec, "containers"));
    if (!anyRequestOrLimit)
        return "BestEffort";
    return guaranteed ? "Guaranteed" : "Burstable";
}

} // namespace

std::string formatIpv4(std::uint32_t a)
{
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." + std::to_string((a >> 8) & 255) +
           "." + std::to_string(a & 255);
}

std::optional<std::uint32_t> parseIpv4(std::string_view text)
{
    std::uint32_t out = 0;
    int parts = 0;
    std::size_t i = 0;
    while (parts < 4) {
        std::size_t j = text.find('.', i);
        std::string_view part = text.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i);
        unsigned v = 0;
        auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
        if (ec != std::errc() || p != part.data() + part.size() || part.empty() || v > 255)
            return std::nullopt;
        out = (out << 8) | v;
        ++parts;
        if (j == std::string_view::npos)
            break;
        i = j + 1;
    }
    if (parts != 4)
        return std::nullopt;
    return out;
}

std::optional<std::pair<std::uint32_t, int>> parseCidr(std::string_view text)
{
    auto slash = text.find('/');
    if (slash == std::string_view::npos)
        return std::nullopt;
    auto ip = parseIpv4(text.substr(0, slash));
    int prefix = 0;
    auto rest = text.substr(slash + 1);
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), prefix);
    if (!ip || ec != std::errc() || prefix < 0 || prefix > 32)
        return std::nullopt;
    std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t(0) << (32 - prefix);
    return std::make_pair(*ip & mask, prefix);
}

Json mergePatch(const Json& target, const Json& patch)
{
    if (!patch.is_object())
        return patch;
    Json out = target.is_object() ? target : Json::object();
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.value().is_null())
            out.erase(it.key());
        else
            out[it.key()] = mergePatch(out.contains(it.key()) ? out.at(it.key()) : Json(), it.value());
    }
    return out;
}

Json threeWayMerge(const Json& live, const Json& original, const Json& modified)
{
    return mergeValue(live, original, modified, "");
}

ApiServer::ApiServer(Engine& engine)
    : m_engine(engine)
{
}

ApiServer::~ApiServer() = default;

void ApiServer::addAdmissionPlugin(std::unique_ptr<AdmissionPlugin> plugin)
{
    m_admission.push_back(std::move(plugin));
}

Result<const ResourceInfo*> ApiServer::resolve(Json& object) const
{
    if (!object.is_object())
        return fail(ErrorCode::BadRequest, "the object is not a JSON object");
    std::string apiVersion = object.value("apiVersion", "");
    std::string kind = kindOf(object);
    if (kind.empty())
        return fail(ErrorCode::BadRequest, "Object 'Kind' is missing in '" + object.dump() + "'");
    const ResourceInfo* r = findResourceByApiVersionKind(apiVersion, kind);
    if (!r || !r->stored)
        return fail(ErrorCode::NotFound, "the server could not find the requested resource (no matches for kind \"" +
                                             kind + "\" in version \"" + apiVersion + "\")");
    object["apiVersion"] = r->apiVersion();
    if (!object.contains("metadata") || !object["metadata"].is_object())
        object["metadata"] = Json::object();
    Json& meta = object["metadata"];
    if (r->namespaced) {
        if (!meta.contains("namespace") || !meta["namespace"].is_string() || meta["namespace"].get<std::string>().empty())
            meta["namespace"] = "default";
    } else {
        meta.erase("namespace");
    }
    return r;
}

Status ApiServer::admitAndValidate(AdmissionRequest& request)
{
    RequestTracer& trace = m_engine.requests();
    trace.reach(RequestStage::MutatingAdmission);
    for (auto& p : m_admission)
        if (auto s = p->admit(request); !s) {
            trace.refusedBy(p->name());
            return s;
        }
    trace.reach(RequestStage::Validation);
    if (request.operation != Operation::Delete) {
        applyDefaults(*request.object);
        std::vector<FieldError> errors = validateObject(*request.object, request.old);
        if (!errors.empty())
            return fail(invalidObject(kindOf(*request.object), nameOf(*request.object), errors));
    }
    trace.reach(RequestStage::ValidatingAdmission);
    for (auto& p : m_admission)
        if (auto s = p->validate(request); !s) {
            trace.refusedBy(p->name());
            return s;
        }
    // What follows is the registry's: allocation and the write to etcd.
    if (!request.context->dryRun)
        trace.reach(RequestStage::Storage);
    // The registry strategies' WarningsOnCreate / WarningsOnUpdate.
    if (request.operation != Operation::Delete && request.resource->kind == "PersistentVolume" &&
        stringAt(*request.object, Json::json_pointer("/spec/persistentVolumeReclaimPolicy")) == "Recycle")
        addWarning(m_engine, *request.context,
                   "spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the "
                   "recommended approach is to use dynamic provisioning.");
    return {};
}

Result<ObjectPtr> ApiServer::create(Json object, const RequestContext& ctx)
{
    auto r = resolve(object);
    if (!r)
        return fail(r.error());
    const ResourceInfo& res = **r;
    m_engine.requests().named(nameOf(object));
    if (auto a = rbac::authorizeRequest(m_engine, ctx, "create", res, namespaceOf(object)); !a)
        return fail(a.error());
    if (auto e = rbac::checkEscalation(m_engine, rbac::UserInfo{ctx.user, ctx.groups}, object); !e)
        return fail(e.error());
    Json& meta = object["metadata"];
    if (nameOf(object).empty()) {
        std::string generate = meta.value("generateName", "");
        if (generate.empty()) {
            Error e = makeError(ErrorCode::Invalid, res.kind.data() + std::string(" \"\" is invalid: metadata.name: "
                                                                                   "Required value: name or "
                                                                                   "generateName is required"));
            e.kind = res.kind;
            e.causes = {"metadata.name: Required value: name or generateName is required"};
            return fail(e);
        }
        // names.SimpleNameGenerator: base truncated to 58 characters + 5 random.
        if (generate.size() > 58)
            generate.resize(58);
        std::string candidate;
        do {
            candidate = generate + m_engine.random().nameSuffix(5);
        } while (m_engine.get(ObjectKey{std::string(res.kind), namespaceOf(object), candidate}));
        meta["name"] = candidate;
        m_engine.requests().named(candidate);
    }
    // System fields belong to the server.
    meta.erase("resourceVersion");
    meta.erase("deletionTimestamp");
    meta.erase("deletionGracePeriodSeconds");
    meta.erase("managedFields");
    meta["uid"] = m_engine.random().uuid();
    meta["creationTimestamp"] = m_engine.timestampNow();
    if (hasGeneration(res))
        meta["generation"] = 1;
    else
        meta.erase("generation");
    if (res.kind == "DaemonSet")
        meta["annotations"][kDaemonSetGenerationAnnotation] = "1";
    if (res.kind == "Pod") {
        Json status = Json::object();
        status["phase"] = "Pending";
        status["qosClass"] = ""; // worked out below, from the resources admission leaves
        // applySchedulingGatedCondition: a pod created with scheduling gates says why it waits.
        if (object["spec"].contains("schedulingGates") && object["spec"]["schedulingGates"].is_array() &&
            !object["spec"]["schedulingGates"].empty())
            status["conditions"] = Json::array({Json{{"type", "PodScheduled"}, {"status", "False"},
                                                     {"lastProbeTime", nullptr}, {"lastTransitionTime", nullptr},
                                                     {"reason", "SchedulingGated"},
                                                     {"message", "Scheduling is blocked due to non-empty scheduling gates"}}});
        object["status"] = status;
    } else if (hasStatusSubresource(res.kind) && res.kind != "Node" && res.kind != "PersistentVolume" &&
               res.kind != "PersistentVolumeClaim") {
        object.erase("status");
    }
    if (res.kind == "Namespace")
        object["status"] = Json{{"phase", "Active"}};

    AdmissionRequest request{Operation::Create, &res, &object, nullptr, &ctx, &m_engine};
    if (auto s = admitAndValidate(request); !s)
        return fail(s.error());
    // The QoS class of the resources admission left (LimitRanger's defaults).
    if (res.kind == "Pod")
        object["status"]["qosClass"] = qosClassOf(object);
    if (res.kind == "Service")
        if (auto s = allocateServiceAddresses(object, nullptr); !s)
            return fail(s.error());
    if (ctx.dryRun)
        return std::make_shared<const Json>(std::move(object));
    std::string actor = ctx.user;
    auto stored = m_engine.m_store.create(std::move(object), actor, m_engine.now());
    if (!stored && res.kind == "Service")
        rebuildAllocators();
    if (stored)
        m_engine.story("apiserver", keyOf(**stored), "Created", "apiserver.created",
                       Json{{"actor", actor}, {"kind", std::string(res.singular)}, {"name", nameOf(**stored)}});
    return stored;
}

Result<ObjectPtr> ApiServer::update(Json object, const RequestContext& ctx, bool statusOnly, std::string_view verb)
{
    auto r = resolve(object);
    if (!r)
        return fail(r.error());
    const ResourceInfo& res = **r;
    ObjectKey key = keyOf(object);
    if (auto a = rbac::authorizeRequest(m_engine, ctx, verb, res, key.ns, key.name, statusOnly ? "status" : ""); !a)
        return fail(a.error());
    ObjectPtr old = m_engine.get(key);
    if (!old)
        return fail(ErrorCode::NotFound, res.qualifiedPlural() + " \"" + key.name + "\" not found");
    std::string rv = stringAt(object, Json::json_pointer("/metadata/resourceVersion"));
    if (!rv.empty() && rv != stringAt(*old, Json::json_pointer("/metadata/resourceVersion")))
        return fail(ErrorCode::Conflict, "Operation cannot be fulfilled on " + res.qualifiedPlural() + " \"" +
                                             key.name +
                                             "\": the object has been modified; please apply your changes to the "
                                             "latest version and try again");
    Json next;
    if (statusOnly) {
        // The stored object with the request's status in the place of its own: every member
        // but `status` copied, the status moved from the request (a pod's status is a good
        // part of it, and each kubelet step writes one).
        auto status = object.find("status");
        const bool hasStatus = status != object.end();
        next = Json::object();
        for (auto it = old->begin(); old->is_object() && it != old->end(); ++it) {
            if (it.key() != "status")
                next[it.key()] = it.value();
            else if (hasStatus)
                next["status"] = std::move(*status);
        }
        if (hasStatus && !old->contains("status"))
            next["status"] = std::move(*status);
    } else {
        next = std::move(object);
        Json& meta = next["metadata"];
        const Json& oldMeta = (*old)["metadata"];
        for (const char* f : {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"}) {
            if (oldMeta.contains(f))
                meta[f] = oldMeta[f];
            else
                meta.erase(f);
        }
        if (hasStatusSubresource(res.kind)) {
            if (old->contains("status"))
                next["status"] = (*old)["status"];
            else
                next.erase("status");
        }
        if (hasGeneration(res) && specChanged(next, *old))
            meta["generation"] = oldMeta.value("generation", 0) + 1;
        // A terminating object cannot gain finalizers; an object without them goes away.
    }
    if (!statusOnly && (next.value("rules", Json()) != old->value("rules", Json()) ||
                                         next.value("roleRef", Json()) != old->value("roleRef", Json())))
        if (auto e = rbac::checkEscalation(m_engine, rbac::UserInfo{ctx.user, ctx.groups}, next); !e)
        return fail(e.error());
    AdmissionRequest request{Operation::Update, &res, &next, old.get(), &ctx, &m_engine};
    if (!statusOnly) {
        if (auto s = admitAndValidate(request); !s)
            return fail(s.error());
    }
    if (res.kind == "DaemonSet" && !statusOnly) {
        // The DaemonSet strategy bumps templateGeneration when the (defaulted) template changes.
        const char* key = kDaemonSetGenerationAnnotation;
        const Json& oldMeta = (*old)["metadata"];
        std::string was = oldMeta.contains("annotations") ? oldMeta["annotations"].value(key, "1") : "1";
        std::int64_t generation = 1;
        std::from_chars(was.data(), was.data() + was.size(), generation);
        const Json none;
        const Json oldTemplate = (*old).contains("spec") ? (*old)["spec"].value("template", none) : none;
        const Json newTemplate = next.contains("spec") ? next["spec"].value("template", none) : none;
        if (oldTemplate != newTemplate)
            ++generation;
        next["metadata"]["annotations"][key] = std::to_string(generation);
    }
    if (res.kind == "Service" && !statusOnly)
        if (auto s = allocateServiceAddresses(next, old.get()); !s)
            return fail(s.error());
    if (ctx.dryRun)
        return std::make_shared<const Json>(std::move(next));
    // Nothing changed: no new revision, as the API server skips no-op updates, unless the
    // stored bytes are stale (written before the current encryption configuration).
    if (next == *old && !m_engine.storedStale(key))
        return old;
    // A terminating object whose last finalizer is gone is removed (a pod only once its
    // grace period is over: the kubelet deletes it with grace 0).
    bool finishing = isBeingDeleted(next) &&
                     (!next.contains(kFinalizers) || !next.at(kFinalizers).is_array() || next.at(kFinalizers).empty()) &&
                     (res.kind != "Pod" || next["metadata"].value("deletionGracePeriodSeconds", 0) == 0 ||
                      stringAt(next, Json::json_pointer("/spec/nodeName")).empty()) &&
                     (res.kind != "Namespace" || !next.contains("spec") || !next["spec"].contains("finalizers") ||
                      next["spec"]["finalizers"].empty());
    auto stored = m_engine.m_store.update(std::move(next), ctx.user, m_engine.now());
    if (!stored)
        return stored;
    if (finishing)
        return finishDelete(key, ctx);
    return stored;
}

Result<std::pair<ObjectPtr, ApplyOutcome>> ApiServer::apply(Json object, const RequestContext& ctx)
{
    auto r = resolve(object);
    if (!r)
        return fail(r.error());
    ObjectKey key = keyOf(object);
    std::string applied = appliedConfiguration(object);
    ObjectPtr live = key.name.empty() ? nullptr : m_engine.get(key);
    if (!live) {
        object["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] = std::move(applied);
        auto c = create(std::move(object), ctx);
        if (!c)
            return fail(c.error());
        return std::make_pair(*c, ApplyOutcome::Created);
    }
    Json original;
    std::string last = lastAppliedOf(*live);
    if (!last.empty()) {
        original = Json::parse(last, nullptr, false);
        if (original.is_discarded())
            original = Json();
    }
    Json modified = Json::parse(applied);
    modified["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] = applied;
    Json merged = threeWayMerge(*live, original, modified);
    merged["metadata"]["resourceVersion"] = (*live)["metadata"].value("resourceVersion", "");
    // Compare after defaulting, so an apply of the same file is "unchanged".
    Json candidate = merged;
    applyDefaults(candidate);
    Json liveDefaulted = *live;
    if (candidate == liveDefaulted)
        return std::make_pair(live, ApplyOutcome::Unchanged);
    auto u = update(std::move(merged), ctx, false, "patch");
    if (!u)
        return fail(u.error());
    return std::make_pair(*u, *u == live ? ApplyOutcome::Unchanged : ApplyOutcome::Configured);
}

Result<ObjectPtr> ApiServer::patch(const ObjectKey& key, const Json& patchDoc, PatchType type, const RequestContext& ctx)
{
    const ResourceInfo* res = findResourceByKind(key.kind);
    if (res)
        if (auto a = rbac::authorizeRequest(m_engine, ctx, "patch", *res, key.ns, key.name); !a)
            return fail(a.error());
    ObjectPtr live = m_engine.get(key);
    if (!live)
        return fail(ErrorCode::NotFound,
                    (res ? res->qualifiedPlural() : key.kind) + " \"" + key.name + "\" not found");
    Json next;
    switch (type) {
    case PatchType::Merge:
        next = mergePatch(*live, patchDoc);
        break;
    case PatchType::Strategic:
        next = threeWayMerge(*live, Json(), patchDoc);
        break;
    case PatchType::Json:
        try {
            next = live->patch(patchDoc);
        } catch (const std::exception& e) {
            return fail(ErrorCode::BadRequest, std::string("the JSON patch could not be applied: ") + e.what());
        }
        break;
    }
    if (!next.is_object())
        return fail(ErrorCode::BadRequest, "the patch did not produce an object");
    next["metadata"]["resourceVersion"] = (*live)["metadata"].value("resourceVersion", "");
    if (keyOf(next) != key)
        return fail(ErrorCode::BadRequest, "the patch may not change the object's kind, namespace or name");
    // As on the main resource upstream, the update keeps the stored status for kinds with a
    // status subresource.
    return update(next, ctx, false, "patch");
}

Result<ObjectPtr> ApiServer::remove(const ObjectKey& key, const DeleteOptions& options, const RequestContext& ctx)
{
    const ResourceInfo* res = findResourceByKind(key.kind);
    if (res)
        if (auto a = rbac::authorizeRequest(m_engine, ctx, "delete", *res, key.ns, key.name); !a)
            return fail(a.error());
    ObjectPtr live = m_engine.get(key);
    if (!live || !res)
        return fail(ErrorCode::NotFound,
                    (res ? res->qualifiedPlural() : key.kind) + " \"" + key.name + "\" not found");
    AdmissionRequest request{Operation::Delete, res, nullptr, live.get(), &ctx, &m_engine};
    if (auto s = admitAndValidate(request); !s)
        return fail(s.error());
    if (ctx.dryRun)
        return live;
    std::int64_t grace = 0;
    bool graceful = false;
    if (key.kind == "Pod") {
        std::int64_t specGrace = (*live)["spec"].value("terminationGracePeriodSeconds", 30);
        grace = options.gracePeriodSeconds.value_or(specGrace);
        std::string phase = stringAt(*live, Json::json_pointer("/status/phase"));
        bool bound = !stringAt(*live, Json::json_pointer("/spec/nodeName")).empty();
        // Unbound and finished pods go at once (pod registry's CheckGracefulDelete).
        graceful = bound && grace > 0 && phase != "Succeeded" && phase != "Failed";
    }
    std::vector<std::string> finalizers;
    if (auto liveMeta = live->find("metadata"); liveMeta != live->end() && liveMeta->is_object())
        if (auto f = liveMeta->find("finalizers"); f != liveMeta->end() && f->is_array())
            for (const Json& name : *f)
                if (name.is_string())
                    finalizers.push_back(name.get<std::string>());
    // Nothing keeps the object (no grace period, no finalizer to add or wait for): it goes
    // at once, without the copy the other cases write (a kubelet's final delete of a pod).
    if (key.kind != "Namespace" && !graceful && finalizers.empty() && options.propagation == Propagation::Background)
        return finishDelete(key, ctx);
    Json next = *live;
    Json& meta = next["metadata"];
    auto addFinalizer = [&](const std::string& f) {
        if (std::ranges::find(finalizers, f) == finalizers.end()) {
            finalizers.push_back(f);
            meta["finalizers"].push_back(f);
        }
    };
    if (options.propagation == Propagation::Foreground)
        addFinalizer("foregroundDeletion");
    else if (options.propagation == Propagation::Orphan)
        addFinalizer("orphan");

    if (key.kind == "Namespace") {
        if (key.name == "default" || key.name == "kube-system" || key.name == "kube-public")
            return fail(ErrorCode::Forbidden, "namespaces \"" + key.name + "\" is forbidden: this namespace may not be deleted");
        if (!isBeingDeleted(next)) {
            meta["deletionTimestamp"] = m_engine.timestampNow();
            meta["deletionGracePeriodSeconds"] = 0;
            next["status"]["phase"] = "Terminating";
            return m_engine.m_store.update(std::move(next), ctx.user, m_engine.now());
        }
        return live;
    }
    if (graceful || !finalizers.empty()) {
        if (isBeingDeleted(next)) {
            // A second delete may shorten the grace period (kubectl delete --grace-period=0 --force).
            std::int64_t current = meta.value("deletionGracePeriodSeconds", 0);
            if (graceful && grace < current) {
                meta["deletionGracePeriodSeconds"] = grace;
                meta["deletionTimestamp"] = m_engine.timestamp(m_engine.now() + grace * kSecond);
                return m_engine.m_store.update(std::move(next), ctx.user, m_engine.now());
            }
            if (!graceful && finalizers.empty())
                return finishDelete(key, ctx);
            return live;
        }
        meta["deletionTimestamp"] = m_engine.timestamp(m_engine.now() + (graceful ? grace * kSecond : 0));
        meta["deletionGracePeriodSeconds"] = graceful ? grace : 0;
        return m_engine.m_store.update(std::move(next), ctx.user, m_engine.now());
    }
    return finishDelete(key, ctx);
}

Result<ObjectPtr> ApiServer::bind(const ObjectKey& key, const std::string& node, const RequestContext& ctx)
{
    if (const ResourceInfo* pods = findResourceByKind("Pod"))
        if (auto a = rbac::authorizeRequest(m_engine, ctx, "create", *pods, key.ns, key.name, "binding"); !a)
            return fail(a.error());
    // validation.ValidatePodBinding.
    m_engine.requests().reach(RequestStage::Validation);
    if (node.empty())
        return fail(ErrorCode::Invalid, "target.name: Required value");
    m_engine.requests().reach(RequestStage::Storage);
    ObjectPtr live = m_engine.get(key);
    if (!live)
        return fail(ErrorCode::NotFound, "pods \"" + key.name + "\" not found");
    std::string current = stringAt(*live, Json::json_pointer("/spec/nodeName"));
    if (!current.empty())
        return fail(ErrorCode::Conflict, "Operation cannot be fulfilled on pods/binding \"" + key.name +
                                             "\": pod " + key.name + " is already assigned to node \"" + current + "\"");
    if (isBeingDeleted(*live))
        return fail(ErrorCode::Conflict, "Operation cannot be fulfilled on pods/binding \"" + key.name +
                                             "\": pod " + key.name + " is being deleted, cannot be assigned to a host");
    // The registry's setPodHostAndAnnotations: the node, and PodScheduled True.
    Json next = *live;
    next["spec"]["nodeName"] = node;
    updatePodCondition(next, "PodScheduled", "True", {}, {}, m_engine.timestampNow());
    if (ctx.dryRun)
        return std::make_shared<const Json>(std::move(next));
    return m_engine.m_store.update(std::move(next), ctx.user, m_engine.now());
}

Result<ObjectPtr> ApiServer::finishDelete(const ObjectKey& key, const RequestContext& ctx)
{
    auto removed = m_engine.m_store.remove(key, ctx.user, m_engine.now());
    if (removed && key.kind == "Service")
        releaseServiceAddresses(**removed);
    if (removed) {
        const ResourceInfo* res = findResourceByKind(key.kind);
        m_engine.story("apiserver", key, "Deleted", "apiserver.deleted",
                       Json{{"actor", ctx.user}, {"kind", std::string(res ? res->singular : key.kind)}, {"name", key.name}});
    }
    return removed;
}

void ApiServer::rebuildAllocators()
{
    m_clusterIps.clear();
    m_nodePorts.clear();
    for (const ObjectPtr& s : m_engine.list("Service")) {
        if (auto ip = parseIpv4(stringAt(*s, Json::json_pointer("/spec/clusterIP"))))
            m_clusterIps.insert(*ip);
        for (int port : nodePortsOf(*s))
            m_nodePorts.insert(port);
    }
}

void ApiServer::releaseServiceAddresses(const Json& service)
{
    if (auto ip = parseIpv4(stringAt(service, Json::json_pointer("/spec/clusterIP"))))
        m_clusterIps.erase(*ip);
    for (int port : nodePortsOf(service))
        m_nodePorts.erase(port);
}

Status ApiServer::allocateServiceAddresses(Json& service, const Json* old)
{
    Json& spec = service["spec"];
    std::string type = spec.value("type", "ClusterIP");
    auto invalid = [&](const std::string& field, const std::string& detail) {
        Error e = makeError(ErrorCode::Invalid, "");
        e.kind = "Service";
        e.name = nameOf(service);
        e.causes = {field + ": " + detail};
        e.message = "Service \"" + e.name + "\" is invalid: " + e.causes.front();
        return fail(e);
    };
    auto cidr = parseCidr(m_engine.settings().serviceCidr);
    std::uint32_t base = cidr ? cidr->first : 0;
    std::uint64_t size = cidr ? (std::uint64_t(1) << (32 - cidr->second)) : 0;
    std::string oldIp = old ? stringAt(*old, Json::json_pointer("/spec/clusterIP")) : std::string();
    if (type == "ExternalName") {
        spec.erase("clusterIP");
        spec.erase("clusterIPs");
    } else if (old && !oldIp.empty()) {
        std::string want = spec.value("clusterIP", "");
        if (!want.empty() && want != oldIp)
            return invalid("spec.clusterIPs[0]", "Invalid value: []string{\"" + want + "\"}: may not change once set");
        spec["clusterIP"] = oldIp;
        spec["clusterIPs"] = Json::array({oldIp});
    } else {
        std::string want = spec.value("clusterIP", "");
        if (want == "None") {
            spec["clusterIPs"] = Json::array({"None"});
        } else if (!want.empty()) {
            auto ip = parseIpv4(want);
            // The network and broadcast addresses are not handed out.
            if (!ip || size < 4 || *ip <= base || *ip >= base + size - 1)
                return invalid("spec.clusterIPs[0]", "Invalid value: \"" + want + "\": provided IP is not in the valid range. "
                                                     "The range of valid IPs is " + m_engine.settings().serviceCidr);
            if (m_clusterIps.contains(*ip))
                return invalid("spec.clusterIPs[0]", "Invalid value: []string{\"" + want + "\"}: failed to allocate IP " +
                                                         want + ": provided IP is already allocated");
            m_clusterIps.insert(*ip);
            spec["clusterIPs"] = Json::array({want});
        } else if (size >= 4) {
            // ipallocator: random in the dynamic band above min(max(16, size/16), 256) first.
            std::uint64_t usable = size - 2;
            std::uint64_t band = std::min<std::uint64_t>(std::max<std::uint64_t>(16, size / 16), 256);
            std::optional<std::uint32_t> pick;
            for (int attempt = 0; attempt < 64 && !pick; ++attempt) {
                std::uint64_t off = band + m_engine.random().uniform(usable - band);
                std::uint32_t ip = base + 1 + static_cast<std::uint32_t>(off);
                if (!m_clusterIps.contains(ip))
                    pick = ip;
            }
            for (std::uint64_t off = 0; !pick && off < usable; ++off) {
                std::uint32_t ip = base + 1 + static_cast<std::uint32_t>((band + off) % usable);
                if (!m_clusterIps.contains(ip))
                    pick = ip;
            }
            if (!pick)
                return fail(ErrorCode::InternalError, "failed to allocate a serviceIP: range is full");
            m_clusterIps.insert(*pick);
            spec["clusterIP"] = formatIpv4(*pick);
            spec["clusterIPs"] = Json::array({formatIpv4(*pick)});
        }
    }
    if (type == "NodePort" || type == "LoadBalancer") {
        std::set<int> oldPorts;
        if (old && (*old)["spec"].contains("ports"))
            for (const Json& p : (*old)["spec"]["ports"])
                if (p.contains("nodePort"))
                    oldPorts.insert(p["nodePort"].get<int>());
        if (spec.contains("ports") && spec["ports"].is_array()) {
            for (std::size_t i = 0; i < spec["ports"].size(); ++i) {
                Json& p = spec["ports"][i];
                std::string field = "spec.ports[" + std::to_string(i) + "].nodePort";
                if (p.contains("nodePort") && p["nodePort"].is_number_integer() && p["nodePort"].get<int>() != 0) {
                    int np = p["nodePort"].get<int>();
                    if (oldPorts.contains(np))
                        continue;
                    if (np < 30000 || np > 32767)
                        return invalid(field, "Invalid value: " + std::to_string(np) +
                                                  ": provided port is not in the valid range. The range of valid ports is 30000-32767");
                    if (m_nodePorts.contains(np))
                        return invalid(field, "Invalid value: " + std::to_string(np) + ": provided port is already allocated");
                    m_nodePorts.insert(np);
                } else {
                    // portallocator: random above the static band (30000-30085) first.
                    std::optional<int> pick;
                    for (int attempt = 0; attempt < 64 && !pick; ++attempt) {
                        int np = 30086 + static_cast<int>(m_engine.random().uniform(32767 - 30086 + 1));
                        if (!m_nodePorts.contains(np))
                            pick = np;
                    }
                    for (int np = 30000; !pick && np <= 32767; ++np)
                        if (!m_nodePorts.contains(np))
                            pick = np;
                    if (!pick)
                        return fail(ErrorCode::InternalError, "failed to allocate a nodePort: range is full");
                    m_nodePorts.insert(*pick);
                    p["nodePort"] = *pick;
                }
            }
        }
    }
    return {};
}

} // namespace kubelab::core

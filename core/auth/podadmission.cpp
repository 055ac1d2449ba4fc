// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/auth/podadmission.h"

#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

bool isPodCreate(const AdmissionRequest& r)
{
    return r.operation == Operation::Create && r.resource && r.resource->kind == "Pod" && r.object;
}

} // namespace

Status ServiceAccountAdmission::admit(AdmissionRequest& request)
{
    if (!isPodCreate(request))
        return {};
    Json& pod = *request.object;
    Json& spec = pod["spec"];
    std::string sa = spec.value("serviceAccountName", spec.value("serviceAccount", ""));
    if (sa.empty())
        sa = "default";
    std::string ns = namespaceOf(pod);
    if (sa != "default" && !request.engine->get(ObjectKey{"ServiceAccount", ns, sa}))
        return fail(ErrorCode::Forbidden, "pods \"" + nameOf(pod) + "\" is forbidden: error looking up service account " +
                                              ns + "/" + sa + ": serviceaccount \"" + sa + "\" not found");
    spec["serviceAccountName"] = sa;
    spec["serviceAccount"] = sa;
    if (spec.contains("automountServiceAccountToken") && !spec["automountServiceAccountToken"].get<bool>())
        return {};
    if (!spec["volumes"].is_array())
        spec["volumes"] = Json::array();
    for (const Json& v : spec["volumes"])
        if (v.value("name", "").starts_with("kube-api-access-"))
            return {};
    static const Json projected = Json::parse(R"({"projected": {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
        {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}]}})");
    std::string volume = "kube-api-access-" + request.engine->random().nameSuffix(5);
    // Built with room for both members: adding one to a full object copies its subtree.
    Json entry = Json::object();
    entry.get_ref<Json::object_t&>().reserve(2);
    entry["projected"] = projected["projected"];
    entry["name"] = volume;
    spec["volumes"].push_back(std::move(entry));
    static const Json mountTemplate = Json{{"mountPath", "/var/run/secrets/kubernetes.io/serviceaccount"},
                                           {"name", ""},
                                           {"readOnly", true}};
    Json mount = mountTemplate;
    mount["name"] = volume;
    for (const char* field : {"initContainers", "containers"}) {
        if (!spec.contains(field) || !spec[field].is_array())
            continue;
        for (Json& c : spec[field]) {
            if (!c["volumeMounts"].is_array())
                c["volumeMounts"] = Json::array();
            c["volumeMounts"].push_back(mount);
        }
    }
    return {};
}

Status PriorityAdmission::admit(AdmissionRequest& request)
{
    if (!isPodCreate(request))
        return {};
    Json& spec = (*request.object)["spec"];
    std::string className = spec.value("priorityClassName", "");
    ObjectPtr pc;
    if (!className.empty()) {
        pc = request.engine->get(ObjectKey{"PriorityClass", "", className});
        if (!pc)
            return fail(ErrorCode::Forbidden, "pods \"" + nameOf(*request.object) +
                                                  "\" is forbidden: no PriorityClass with name " + className + " was found");
    } else {
        for (const ObjectPtr& c : request.engine->list("PriorityClass"))
            if (c->value("globalDefault", false))
                pc = c;
    }
    std::int64_t value = pc ? pc->value("value", 0) : 0;
    if (spec.contains("priority") && spec["priority"].is_number_integer() && spec["priority"].get<std::int64_t>() != value)
        return fail(ErrorCode::Forbidden, "pods \"" + nameOf(*request.object) +
                                              "\" is forbidden: the integer value of priority (" +
                                              std::to_string(spec["priority"].get<std::int64_t>()) +
                                              ") must not be provided in pod spec; priority admission controller "
                                              "computed " + std::to_string(value) + " from the given PriorityClass name");
    if (pc && className.empty())
        spec["priorityClassName"] = nameOf(*pc);
    spec["priority"] = value;
    if (pc && !spec.contains("preemptionPolicy"))
        spec["preemptionPolicy"] = pc->value("preemptionPolicy", "PreemptLowerPriority");
    else if (!spec.contains("preemptionPolicy"))
        spec["preemptionPolicy"] = "PreemptLowerPriority";
    return {};
}

Status DefaultTolerationSeconds::admit(AdmissionRequest& request)
{
    if (!isPodCreate(request))
        return {};
    Json& spec = (*request.object)["spec"];
    if (!spec["tolerations"].is_array())
        spec["tolerations"] = Json::array();
    auto tolerated = [&](const char* key) {
        for (const Json& t : spec["tolerations"]) {
            const std::string_view effect = memberText(t, "effect");
            const std::string_view tkey = memberText(t, "key");
            if ((effect.empty() || effect == "NoExecute") &&
                (tkey == key || (tkey.empty() && memberText(t, "operator") == "Exists")))
                return true;
        }
        return false;
    };
    static const Json toleration =
        Json{{"effect", "NoExecute"}, {"key", ""}, {"operator", "Exists"}, {"tolerationSeconds", 300}};
    for (const char* key : {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
        if (tolerated(key))
            continue;
        spec["tolerations"].push_back(toleration);
        spec["tolerations"].back()["key"] = key;
    }
    return {};
}

} // namespace kubelab::core

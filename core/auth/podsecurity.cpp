// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/auth/podsecurity.h"

#include <algorithm>
#include <functional>
#include <set>

#include "core/api/names.h"
#include "core/auth/warnings.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

using Names = std::vector<std::string>;

std::string pluralize(std::string_view one, std::string_view many, std::size_t count)
{
    return std::string(count == 1 ? one : many);
}

/// joinQuote: `"a", "b"`.
std::string joinQuote(const Names& items)
{
    std::string out;
    for (const std::string& i : items)
        out += (out.empty() ? "\"" : ", \"") + i + "\"";
    return out;
}

Names sorted(const std::set<std::string>& s)
{
    return {s.begin(), s.end()};
}

const Json& field(const Json& object, const char* name)
{
    static const Json null;
    if (!object.is_object())
        return null;
    auto it = object.find(name);
    return it != object.end() ? *it : null;
}

const Json& sc(const Json& container)
{
    return field(container, "securityContext");
}

/// visitContainers: init containers, containers, ephemeral containers.
void visitContainers(const Json& spec, const std::function<void(const Json&)>& visit)
{
    for (const char* list : {"initContainers", "containers", "ephemeralContainers"})
        if (const Json& cs = field(spec, list); cs.is_array())
            for (const Json& c : cs)
                visit(c);
}

std::string nameOfContainer(const Json& c)
{
    return c.value("name", "");
}

CheckResult ok()
{
    return {};
}

CheckResult refuse(std::string reason, std::string detail)
{
    return {false, std::move(reason), std::move(detail)};
}

std::string containersPhrase(const Names& names)
{
    return pluralize("container", "containers", names.size()) + " " + joinQuote(names);
}

// --- baseline ------------------------------------------------------------------------

CheckResult appArmorProfile(const Json& meta, const Json& spec)
{
    Names badSetters;
    std::set<std::string> badValues;
    auto allowedType = [](const Json& profile) {
        std::string type = profile.value("type", "");
        return type == "RuntimeDefault" || type == "Localhost";
    };
    if (const Json& p = field(field(spec, "securityContext"), "appArmorProfile"); p.is_object() && !allowedType(p)) {
        badSetters.push_back("pod");
        badValues.insert(p.value("type", ""));
    }
    Names badContainers;
    visitContainers(spec, [&](const Json& c) {
        if (const Json& p = field(sc(c), "appArmorProfile"); p.is_object() && !allowedType(p)) {
            badContainers.push_back(nameOfContainer(c));
            badValues.insert(p.value("type", ""));
        }
    });
    if (!badContainers.empty())
        badSetters.push_back(containersPhrase(badContainers));
    Names values = sorted(badValues);
    Names annotations;
    if (const Json& a = field(meta, "annotations"); a.is_object())
        for (auto it = a.begin(); it != a.end(); ++it) {
            std::string v = it->is_string() ? it->get<std::string>() : std::string();
            if (it.key().starts_with("container.apparmor.security.beta.kubernetes.io/") && !v.empty() &&
                v != "runtime/default" && !v.starts_with("localhost/"))
                annotations.push_back(it.key() + "=\"" + v + "\"");
        }
    if (!annotations.empty()) {
        std::ranges::sort(annotations);
        values.insert(values.end(), annotations.begin(), annotations.end());
        badSetters.push_back(pluralize("annotation", "annotations", annotations.size()));
    }
    if (badSetters.empty())
        return ok();
    return refuse(pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", values.size()),
                  join(badSetters, " and ") + " must not set AppArmor profile type to " + joinQuote(values));
}

CheckResult capabilitiesBaseline(const Json&, const Json& spec)
{
    static const std::set<std::string> allowed = {"AUDIT_WRITE", "CHOWN",            "DAC_OVERRIDE", "FOWNER",
                                                  "FSETID",      "KILL",             "MKNOD",        "NET_BIND_SERVICE",
                                                  "SETFCAP",     "SETGID",           "SETPCAP",      "SETUID",
                                                  "SYS_CHROOT"};
    Names badContainers;
    std::set<std::string> forbidden;
    visitContainers(spec, [&](const Json& c) {
        bool bad = false;
        if (const Json& add = field(field(sc(c), "capabilities"), "add"); add.is_array())
            for (const Json& cap : add)
                if (cap.is_string() && !allowed.contains(cap.get<std::string>())) {
                    bad = true;
                    forbidden.insert(cap.get<std::string>());
                }
        if (bad)
            badContainers.push_back(nameOfContainer(c));
    });
    if (badContainers.empty())
        return ok();
    return refuse("non-default capabilities", containersPhrase(badContainers) + " must not include " +
                                                  joinQuote(sorted(forbidden)) + " in securityContext.capabilities.add");
}

CheckResult hostNamespaces(const Json&, const Json& spec)
{
    std::set<std::string> set;
    for (const char* f : {"hostNetwork", "hostPID", "hostIPC"})
        if (field(spec, f).is_boolean() && field(spec, f).get<bool>())
            set.insert(f);
    if (set.empty())
        return ok();
    return refuse("host namespaces", join(sorted(set), ", "));
}

CheckResult hostPathVolumes(const Json&, const Json& spec)
{
    Names bad;
    if (const Json& vs = field(spec, "volumes"); vs.is_array())
        for (const Json& v : vs)
            if (v.contains("hostPath"))
                bad.push_back(v.value("name", ""));
    if (bad.empty())
        return ok();
    return refuse("hostPath volumes", pluralize("volume", "volumes", bad.size()) + " " + joinQuote(bad));
}

CheckResult hostPorts(const Json&, const Json& spec)
{
    Names badContainers;
    std::set<std::string> ports;
    visitContainers(spec, [&](const Json& c) {
        bool bad = false;
        if (const Json& ps = field(c, "ports"); ps.is_array())
            for (const Json& p : ps)
                if (p.value("hostPort", 0) != 0) {
                    bad = true;
                    ports.insert(std::to_string(p.value("hostPort", 0)));
                }
        if (bad)
            badContainers.push_back(nameOfContainer(c));
    });
    if (badContainers.empty())
        return ok();
    return refuse("hostPort", containersPhrase(badContainers) + " " + pluralize("uses", "use", badContainers.size()) +
                                  " " + pluralize("hostPort", "hostPorts", ports.size()) + " " +
                                  join(sorted(ports), ", "));
}

CheckResult privileged(const Json&, const Json& spec)
{
    Names bad;
    visitContainers(spec, [&](const Json& c) {
        if (field(sc(c), "privileged").is_boolean() && field(sc(c), "privileged").get<bool>())
            bad.push_back(nameOfContainer(c));
    });
    if (bad.empty())
        return ok();
    return refuse("privileged", containersPhrase(bad) + " must not set securityContext.privileged=true");
}

CheckResult procMount(const Json&, const Json& spec)
{
    Names bad;
    std::set<std::string> values;
    visitContainers(spec, [&](const Json& c) {
        if (const Json& pm = field(sc(c), "procMount"); pm.is_string() && pm.get<std::string>() != "Default") {
            bad.push_back(nameOfContainer(c));
            values.insert(pm.get<std::string>());
        }
    });
    if (bad.empty())
        return ok();
    return refuse("procMount",
                  containersPhrase(bad) + " must not set securityContext.procMount to " + joinQuote(sorted(values)));
}

CheckResult seLinuxOptions(const Json&, const Json& spec)
{
    static const std::set<std::string> allowedTypes = {"", "container_t", "container_init_t", "container_kvm_t"};
    Names badSetters;
    std::set<std::string> badTypes;
    bool setUser = false;
    bool setRole = false;
    auto valid = [&](const Json& o) {
        bool good = true;
        if (std::string type = o.value("type", ""); !allowedTypes.contains(type)) {
            good = false;
            badTypes.insert(type);
        }
        if (!o.value("user", "").empty()) {
            good = false;
            setUser = true;
        }
        if (!o.value("role", "").empty()) {
            good = false;
            setRole = true;
        }
        return good;
    };
    if (const Json& o = field(field(spec, "securityContext"), "seLinuxOptions"); o.is_object() && !valid(o))
        badSetters.push_back("pod");
    Names badContainers;
    visitContainers(spec, [&](const Json& c) {
        if (const Json& o = field(sc(c), "seLinuxOptions"); o.is_object() && !valid(o))
            badContainers.push_back(nameOfContainer(c));
    });
    if (!badContainers.empty())
        badSetters.push_back(containersPhrase(badContainers));
    if (badSetters.empty())
        return ok();
    Names badData;
    if (!badTypes.empty()) {
        badData.push_back(pluralize("type", "types", badTypes.size()) + " " + joinQuote(sorted(badTypes)));
        if (setUser)
            badData.push_back("user may not be set");
        if (setRole)
            badData.push_back("role may not be set");
    }
    return refuse("seLinuxOptions", join(badSetters, " and ") + " set forbidden securityContext.seLinuxOptions: " +
                                        join(badData, "; "));
}

CheckResult seccompProfileBaseline(const Json&, const Json& spec)
{
    Names badSetters;
    auto unconfined = [](const Json& o) { return o.is_object() && o.value("type", "") == "Unconfined"; };
    if (unconfined(field(field(spec, "securityContext"), "seccompProfile")))
        badSetters.push_back("pod");
    Names badContainers;
    visitContainers(spec, [&](const Json& c) {
        if (unconfined(field(sc(c), "seccompProfile")))
            badContainers.push_back(nameOfContainer(c));
    });
    if (!badContainers.empty())
        badSetters.push_back(containersPhrase(badContainers));
    if (badSetters.empty())
        return ok();
    return refuse("seccompProfile",
                  join(badSetters, " and ") + " must not set securityContext.seccompProfile.type to \"Unconfined\"");
}

CheckResult sysctls(const Json&, const Json& spec)
{
    static const std::set<std::string> allowed = {
        "kernel.shm_rmid_forced",      "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies",     "net.ipv4.ping_group_range",    "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",     "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes"};
    Names forbidden;
    if (const Json& ss = field(field(spec, "securityContext"), "sysctls"); ss.is_array())
        for (const Json& s : ss)
            if (!allowed.contains(s.value("name", "")))
                forbidden.push_back(s.value("name", ""));
    if (forbidden.empty())
        return ok();
    return refuse("forbidden sysctls", join(forbidden, ", "));
}

CheckResult windowsHostProcess(const Json&, const Json& spec)
{
    auto hostProcess = [](const Json& s) {
        const Json& v = field(field(s, "windowsOptions"), "hostProcess");
        return v.is_boolean() && v.get<bool>();
    };
    Names badSetters;
    if (hostProcess(field(spec, "securityContext")))
        badSetters.push_back("pod");
    Names badContainers;
    visitContainers(spec, [&](const Json& c) {
        if (hostProcess(sc(c)))
            badContainers.push_back(nameOfContainer(c));
    });
    if (!badContainers.empty())
        badSetters.push_back(containersPhrase(badContainers));
    if (badSetters.empty())
        return ok();
    return refuse("hostProcess",
                  join(badSetters, " and ") + " must not set securityContext.windowsOptions.hostProcess=true");
}

// --- restricted ----------------------------------------------------------------------

bool windowsPod(const Json& spec)
{
    return field(field(spec, "os"), "name").is_string() && field(field(spec, "os"), "name").get<std::string>() == "windows";
}

CheckResult allowPrivilegeEscalation(const Json&, const Json& spec)
{
    if (windowsPod(spec))
        return ok();
    Names bad;
    visitContainers(spec, [&](const Json& c) {
        const Json& v = field(sc(c), "allowPrivilegeEscalation");
        if (!v.is_boolean() || v.get<bool>())
            bad.push_back(nameOfContainer(c));
    });
    if (bad.empty())
        return ok();
    return refuse("allowPrivilegeEscalation != false",
                  containersPhrase(bad) + " must set securityContext.allowPrivilegeEscalation=false");
}

CheckResult capabilitiesRestricted(const Json&, const Json& spec)
{
    if (windowsPod(spec))
        return ok();
    Names missingDropAll;
    Names addingForbidden;
    std::set<std::string> forbidden;
    visitContainers(spec, [&](const Json& c) {
        const Json& caps = field(sc(c), "capabilities");
        if (!caps.is_object()) {
            missingDropAll.push_back(nameOfContainer(c));
            return;
        }
        bool droppedAll = false;
        if (const Json& drop = field(caps, "drop"); drop.is_array())
            for (const Json& d : drop)
                droppedAll = droppedAll || (d.is_string() && d.get<std::string>() == "ALL");
        if (!droppedAll)
            missingDropAll.push_back(nameOfContainer(c));
        bool bad = false;
        if (const Json& add = field(caps, "add"); add.is_array())
            for (const Json& a : add)
                if (a.is_string() && a.get<std::string>() != "NET_BIND_SERVICE") {
                    bad = true;
                    forbidden.insert(a.get<std::string>());
                }
        if (bad)
            addingForbidden.push_back(nameOfContainer(c));
    });
    Names details;
    if (!missingDropAll.empty())
        details.push_back(containersPhrase(missingDropAll) + " must set securityContext.capabilities.drop=[\"ALL\"]");
    if (!addingForbidden.empty())
        details.push_back(containersPhrase(addingForbidden) + " must not include " + joinQuote(sorted(forbidden)) +
                          " in securityContext.capabilities.add");
    if (details.empty())
        return ok();
    return refuse("unrestricted capabilities", join(details, "; "));
}

CheckResult restrictedVolumes(const Json&, const Json& spec)
{
    static const std::set<std::string> allowed = {"configMap", "csi",       "downwardAPI", "emptyDir", "ephemeral",
                                                  "persistentVolumeClaim", "projected", "secret"};
    Names badVolumes;
    std::set<std::string> badTypes;
    if (const Json& vs = field(spec, "volumes"); vs.is_array())
        for (const Json& v : vs) {
            bool bad = false;
            for (auto it = v.begin(); it != v.end(); ++it)
                if (it.key() != "name" && !allowed.contains(it.key())) {
                    bad = true;
                    badTypes.insert(it.key());
                }
            if (bad)
                badVolumes.push_back(v.value("name", ""));
        }
    if (badVolumes.empty())
        return ok();
    return refuse("restricted volume types",
                  pluralize("volume", "volumes", badVolumes.size()) + " " + joinQuote(badVolumes) + " " +
                      pluralize("uses", "use", badVolumes.size()) + " " +
                      pluralize("restricted volume type", "restricted volume types", badTypes.size()) + " " +
                      joinQuote(sorted(badTypes)));
}

/// runAsNonRoot and seccompProfile share a shape: a pod-level value that covers the
/// containers that set none, explicit bad values, and containers left uncovered.
CheckResult runAsNonRoot(const Json&, const Json& spec)
{
    Names badSetters;
    bool podSet = false;
    if (const Json& v = field(field(spec, "securityContext"), "runAsNonRoot"); v.is_boolean()) {
        if (!v.get<bool>())
            badSetters.push_back("pod");
        else
            podSet = true;
    }
    Names explicitlyBad;
    Names implicitlyBad;
    visitContainers(spec, [&](const Json& c) {
        if (const Json& v = field(sc(c), "runAsNonRoot"); v.is_boolean()) {
            if (!v.get<bool>())
                explicitlyBad.push_back(nameOfContainer(c));
        } else if (!podSet) {
            implicitlyBad.push_back(nameOfContainer(c));
        }
    });
    if (!explicitlyBad.empty())
        badSetters.push_back(containersPhrase(explicitlyBad));
    if (!badSetters.empty())
        return refuse("runAsNonRoot != true", join(badSetters, " and ") + " must not set securityContext.runAsNonRoot=false");
    if (!implicitlyBad.empty())
        return refuse("runAsNonRoot != true",
                      "pod or " + containersPhrase(implicitlyBad) + " must set securityContext.runAsNonRoot=true");
    return ok();
}

CheckResult runAsUser(const Json&, const Json& spec)
{
    auto zero = [](const Json& s) {
        const Json& v = field(s, "runAsUser");
        return v.is_number_integer() && v.get<std::int64_t>() == 0;
    };
    Names badSetters;
    if (zero(field(spec, "securityContext")))
        badSetters.push_back("pod");
    Names bad;
    visitContainers(spec, [&](const Json& c) {
        if (zero(sc(c)))
            bad.push_back(nameOfContainer(c));
    });
    if (!bad.empty())
        badSetters.push_back(containersPhrase(bad));
    if (badSetters.empty())
        return ok();
    return refuse("runAsUser=0", join(badSetters, " and ") + " must not set runAsUser=0");
}

CheckResult seccompProfileRestricted(const Json&, const Json& spec)
{
    auto valid = [](const Json& p) {
        std::string type = p.value("type", "");
        return type == "RuntimeDefault" || type == "Localhost";
    };
    Names badSetters;
    std::set<std::string> badValues;
    bool podSet = false;
    if (const Json& p = field(field(spec, "securityContext"), "seccompProfile"); p.is_object()) {
        if (!valid(p)) {
            badSetters.push_back("pod");
            badValues.insert(p.value("type", ""));
        } else {
            podSet = true;
        }
    }
    Names explicitlyBad;
    Names implicitlyBad;
    visitContainers(spec, [&](const Json& c) {
        if (const Json& p = field(sc(c), "seccompProfile"); p.is_object()) {
            if (!valid(p)) {
                explicitlyBad.push_back(nameOfContainer(c));
                badValues.insert(p.value("type", ""));
            }
        } else if (!podSet) {
            implicitlyBad.push_back(nameOfContainer(c));
        }
    });
    if (!explicitlyBad.empty())
        badSetters.push_back(containersPhrase(explicitlyBad));
    if (!badSetters.empty())
        return refuse("seccompProfile", join(badSetters, " and ") + " must not set securityContext.seccompProfile.type to " +
                                            joinQuote(sorted(badValues)));
    if (!implicitlyBad.empty())
        return refuse("seccompProfile", "pod or " + containersPhrase(implicitlyBad) +
                                            " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or "
                                            "\"Localhost\"");
    return ok();
}

using CheckFn = CheckResult (*)(const Json&, const Json&);
struct Check {
    CheckFn fn;
    bool restricted;         ///< a restricted-level check
    bool overriddenByRestricted; ///< a baseline check a restricted one replaces
};

/// Baseline checks sorted by ID, then restricted ones sorted by ID (registry.go).
constexpr Check kChecks[] = {
    {appArmorProfile, false, false},     {capabilitiesBaseline, false, true}, {hostNamespaces, false, false},
    {hostPathVolumes, false, true},      {hostPorts, false, false},           {privileged, false, false},
    {procMount, false, false},           {seLinuxOptions, false, false},      {seccompProfileBaseline, false, true},
    {sysctls, false, false},             {windowsHostProcess, false, false},  {allowPrivilegeEscalation, true, false},
    {capabilitiesRestricted, true, false}, {restrictedVolumes, true, false},  {runAsNonRoot, true, false},
    {runAsUser, true, false},            {seccompProfileRestricted, true, false},
};

bool validLevel(std::string_view level)
{
    return level == "privileged" || level == "baseline" || level == "restricted";
}

/// The pod template of a workload, or null.
const Json* templateOf(const Json& object)
{
    std::string kind = kindOf(object);
    Json::json_pointer p(kind == "CronJob"       ? "/spec/jobTemplate/spec/template"
                         : kind == "PodTemplate" ? "/template"
                                                 : "/spec/template");
    if (kind != "Deployment" && kind != "ReplicaSet" && kind != "StatefulSet" && kind != "DaemonSet" &&
        kind != "Job" && kind != "CronJob" && kind != "ReplicationController" && kind != "PodTemplate")
        return nullptr;
    return object.contains(p) ? &object.at(p) : nullptr;
}

} // namespace

std::vector<CheckResult> evaluatePodSecurity(std::string_view level, const Json& podMetadata, const Json& podSpec)
{
    std::vector<CheckResult> failed;
    if (level == "privileged")
        return failed;
    bool restricted = level != "baseline"; // an unknown level is evaluated as restricted
    static const Json kEmpty = Json::object();
    const Json& meta = podMetadata.is_object() ? podMetadata : kEmpty;
    const Json& spec = podSpec.is_object() ? podSpec : kEmpty;
    for (const Check& c : kChecks) {
        if (c.restricted && !restricted)
            continue;
        if (c.overriddenByRestricted && restricted)
            continue;
        if (CheckResult r = c.fn(meta, spec); !r.allowed)
            failed.push_back(std::move(r));
    }
    return failed;
}

std::string forbiddenDetail(const std::vector<CheckResult>& failed)
{
    std::string out;
    for (std::size_t i = 0; i < failed.size(); ++i) {
        out += failed[i].reason;
        if (!failed[i].detail.empty())
            out += " (" + failed[i].detail + ")";
        if (i + 1 != failed.size())
            out += ", ";
    }
    return out;
}

PodSecurityPolicy podSecurityPolicyOf(const Json& namespaceObject)
{
    PodSecurityPolicy p;
    Labels labels = labelsOf(namespaceObject);
    auto read = [&](const char* mode, std::string& level, std::string& version) {
        std::string prefix = std::string("pod-security.kubernetes.io/") + mode;
        bool has = false;
        if (auto it = labels.find(prefix); it != labels.end()) {
            level = validLevel(it->second) ? it->second : "restricted";
            has = true;
        }
        if (auto it = labels.find(prefix + "-version"); it != labels.end())
            version = it->second;
        return has;
    };
    bool enforce = read("enforce", p.enforceLevel, p.enforceVersion);
    std::string warnLevel = p.warnLevel, warnVersion = p.warnVersion;
    bool warn = read("warn", warnLevel, warnVersion);
    std::string auditLevel = p.auditLevel, auditVersion = p.auditVersion;
    bool audit = read("audit", auditLevel, auditVersion);
    // An enforce level without warn or audit levels warns and audits at the same level.
    p.warnLevel = warn || !enforce ? warnLevel : p.enforceLevel;
    p.warnVersion = warn || !enforce ? warnVersion : p.enforceVersion;
    p.auditLevel = audit || !enforce ? auditLevel : p.enforceLevel;
    p.auditVersion = audit || !enforce ? auditVersion : p.enforceVersion;
    return p;
}

Status PodSecurityAdmission::validate(const AdmissionRequest& request)
{
    if (!request.resource || !request.object || request.operation == Operation::Delete)
        return {};
    const Json& object = *request.object;
    bool isPod = request.resource->kind == "Pod";
    const Json* podTemplate = isPod ? nullptr : templateOf(object);
    if (!isPod && !podTemplate)
        return {};
    // Pod updates can change only images and a few fields the checks do not read.
    if (isPod && request.operation != Operation::Create)
        return {};
    // A workload update that leaves the template alone (the lab's scale, which upstream
    // sends to the scale subresource) is not evaluated again.
    if (!isPod && request.operation == Operation::Update && request.old)
        if (const Json* before = templateOf(*request.old); before && *before == *podTemplate)
            return {};
    ObjectPtr ns = request.engine->get(ObjectKey{"Namespace", "", namespaceOf(object)});
    if (!ns)
        return {};
    PodSecurityPolicy policy = podSecurityPolicyOf(*ns);
    // privileged allows everything: nothing to evaluate (the default of an unlabelled namespace).
    if (policy.enforceLevel == "privileged" && policy.warnLevel == "privileged")
        return {};
    static const Json kEmpty = Json::object();
    const Json& pod = isPod ? object : *podTemplate;
    const Json& meta = pod.contains("metadata") ? pod["metadata"] : kEmpty;
    const Json& spec = pod.contains("spec") ? pod["spec"] : kEmpty;
    if (isPod) {
        auto failed = evaluatePodSecurity(policy.enforceLevel, meta, spec);
        if (!failed.empty())
            return fail(ErrorCode::Forbidden, "pods \"" + nameOf(object) + "\" is forbidden: violates PodSecurity \"" +
                                                  policy.enforceLevel + ":" + policy.enforceVersion +
                                                  "\": " + forbiddenDetail(failed));
    }
    if (request.context)
        if (auto failed = evaluatePodSecurity(policy.warnLevel, meta, spec); !failed.empty())
            addWarning(*request.engine, *request.context, "would violate PodSecurity \"" + policy.warnLevel + ":" +
                                                       policy.warnVersion + "\": " + forbiddenDetail(failed));
    return {};
}

} // namespace kubelab::core

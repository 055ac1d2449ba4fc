// SPDX-License-Identifier: GPL-3.0-or-later
// Pod and PodSpec validation, after k8s.io/kubernetes/pkg/apis/core/validation/validation.go
// (v1.31): ValidatePodCreate, ValidatePodUpdate, ValidatePodSpec, ValidatePodTemplateSpec and the
// scheduling constraints (affinity, tolerations, topology spread, DNS config).
#include <algorithm>
#include <set>

#include "core/api/names.h"
#include "core/api/validation_util.h"

namespace kubelab::core::validation {

namespace {

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
           + ", TolerationSeconds:" + pointerText(t, "tolerationSeconds", "*int64") + "}";
}

} // namespace

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
        const std::string_view key = memberText(t, "key");
        const std::string_view op = memberText(t, "operator");
        const std::string_view value = memberText(t, "value");
        const std::string_view effect = memberText(t, "effect");
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
            append(errors, validateTaintEffect(member(t, "effect"), true, ip.child("effect")));
    }
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

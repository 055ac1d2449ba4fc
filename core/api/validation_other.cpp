// SPDX-License-Identifier: GPL-3.0-or-later
// Kinds of the other groups, after upstream v1.31: pkg/apis/storage/validation (StorageClass),
// pkg/apis/rbac/validation (Role, ClusterRole, RoleBinding, ClusterRoleBinding),
// pkg/apis/networking/validation (Ingress, IngressClass, NetworkPolicy) and
// pkg/apis/scheduling/validation (PriorityClass).
#include <algorithm>
#include <set>

#include "core/api/names.h"
#include "core/api/validation_util.h"

namespace kubelab::core::validation {

namespace {

bool isValidCidr(const std::string& cidr)
{
    const auto slash = cidr.find('/');
    if (slash == std::string::npos || slash + 1 >= cidr.size())
        return false;
    const std::string ip = cidr.substr(0, slash);
    if (!isValidIp(ip).empty())
        return false;
    const std::string bits = cidr.substr(slash + 1);
    if (bits.size() > 3 || !std::all_of(bits.begin(), bits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    return std::stoi(bits) <= (isIpv4(ip) ? 32 : 128);
}

constexpr const char* kCidrError = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

// StorageClass ----------------------------------------------------------------------------

ErrorList validateStorageClass(const Json& sc, const Json* old)
{
    ErrorList errors = validateObjectMeta(sc, false, nameIsDnsSubdomain());
    const std::string provisioner = str(sc, "provisioner");
    if (provisioner.empty()) {
        errors.push_back(required(Path("provisioner")));
    } else {
        std::string lower = provisioner;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        append(errors, validateQualifiedName(lower, Path("provisioner")));
    }
    if (const Json* params = objectField(sc, "parameters")) {
        if (params->size() > 512) {
            errors.push_back(tooLong(Path("parameters"), 512));
        } else {
            std::size_t total = 0;
            for (const auto& [k, v] : stringMap(params)) {
                if (k.empty())
                    errors.push_back(invalid(Path("parameters"), Value::string(k), "field can not be empty."));
                total += k.size() + v.size();
            }
            if (total > 256 * 1024)
                errors.push_back(tooLong(Path("parameters"), 256 * 1024));
        }
    }
    if (const std::string reclaim = str(sc, "reclaimPolicy"); !reclaim.empty() && reclaim != "Delete" && reclaim != "Retain")
        errors.push_back(notSupported(Path("reclaimPolicy"), Value::string(reclaim), {"Delete", "Retain"}));
    if (!has(sc, "volumeBindingMode"))
        errors.push_back(required(Path("volumeBindingMode")));
    else if (const std::string mode = str(sc, "volumeBindingMode"); mode != "Immediate" && mode != "WaitForFirstConsumer")
        errors.push_back(notSupported(Path("volumeBindingMode"), Value::string(mode), {"Immediate", "WaitForFirstConsumer"}));
    if (const Json* topologies = arrayField(sc, "allowedTopologies")) {
        std::size_t i = 0;
        for (const Json& term : *topologies) {
            const Path tp = Path("allowedTopologies").index(i++);
            const Json* exprs = arrayField(term, "matchLabelExpressions");
            if (!exprs || exprs->empty()) {
                errors.push_back(forbidden(tp, "must have at least one node selector term"));
                continue;
            }
            std::size_t j = 0;
            for (const Json& e : *exprs) {
                const Path ep = tp.child("matchLabelExpressions").index(j++);
                append(errors, validateQualifiedName(str(e, "key"), ep.child("key")));
                if (sizeOf(e, "values") == 0)
                    errors.push_back(required(ep.child("values"), "must specify as least one value"));
            }
        }
    }
    if (old) {
        if (!sameField(field(sc, "parameters"), field(*old, "parameters")))
            errors.push_back(forbidden(Path("parameters"), "updates to parameters are forbidden."));
        if (provisioner != str(*old, "provisioner"))
            errors.push_back(forbidden(Path("provisioner"), "updates to provisioner are forbidden."));
        if (str(sc, "reclaimPolicy") != str(*old, "reclaimPolicy"))
            errors.push_back(forbidden(Path("reclaimPolicy"), "updates to reclaimPolicy are forbidden."));
        if (str(sc, "volumeBindingMode") != str(*old, "volumeBindingMode"))
            errors.push_back(invalid(Path("volumeBindingMode"), Value::string(str(sc, "volumeBindingMode")), "field is immutable"));
    }
    return errors;
}

// RBAC ------------------------------------------------------------------------------------

constexpr const char* kRbacGroup = "rbac.authorization.k8s.io";

ErrorList validatePolicyRule(const Json& rule, bool namespaced, const Path& path)
{
    ErrorList errors;
    if (sizeOf(rule, "verbs") == 0)
        errors.push_back(required(path.child("verbs"), "verbs must contain at least one value"));
    if (sizeOf(rule, "nonResourceURLs") > 0) {
        const Value urls = Value::raw(goStringSlice(arrayField(rule, "nonResourceURLs")));
        if (namespaced)
            errors.push_back(invalid(path.child("nonResourceURLs"), urls, "namespaced rules cannot apply to non-resource URLs"));
        if (sizeOf(rule, "apiGroups") > 0 || sizeOf(rule, "resources") > 0 || sizeOf(rule, "resourceNames") > 0)
            errors.push_back(invalid(path.child("nonResourceURLs"), urls,
                                     "rules cannot apply to both regular resources and non-resource URLs"));
        return errors;
    }
    if (sizeOf(rule, "apiGroups") == 0)
        errors.push_back(required(path.child("apiGroups"), "resource rules must supply at least one api group"));
    if (sizeOf(rule, "resources") == 0)
        errors.push_back(required(path.child("resources"), "resource rules must supply at least one resource"));
    return errors;
}

ErrorList validateRole(const Json& role, bool namespaced)
{
    ErrorList errors = validateObjectMeta(role, namespaced, pathSegmentName());
    if (const Json* rules = arrayField(role, "rules")) {
        std::size_t i = 0;
        for (const Json& r : *rules)
            append(errors, validatePolicyRule(objectOrEmpty(&r), namespaced, Path("rules").index(i++)));
    }
    if (!namespaced) {
        if (const Json* aggregation = objectField(role, "aggregationRule")) {
            const Path ap = Path("aggregationRule").child("clusterRoleSelectors");
            const Json* selectors = arrayField(*aggregation, "clusterRoleSelectors");
            if (!selectors || selectors->empty())
                errors.push_back(required(ap, "at least one clusterRoleSelector required if aggregationRule is non-nil"));
            if (selectors) {
                std::size_t i = 0;
                for (const Json& s : *selectors)
                    append(errors, validateLabelSelector(objectOrEmpty(&s), ap.index(i++)));
            }
        }
    }
    return errors;
}

ErrorList validateSubject(const Json& subject, bool namespaced, const Path& path)
{
    ErrorList errors;
    const std::string name = str(subject, "name");
    const std::string kind = str(subject, "kind");
    const std::string group = str(subject, "apiGroup");
    if (name.empty())
        errors.push_back(required(path.child("name")));
    if (kind == "ServiceAccount") {
        if (!name.empty())
            for (const std::string& msg : isDns1123Subdomain(name))
                errors.push_back(invalid(path.child("name"), Value::string(name), msg));
        if (!group.empty())
            errors.push_back(notSupported(path.child("apiGroup"), Value::string(group), {""}));
        if (!namespaced && str(subject, "namespace").empty())
            errors.push_back(required(path.child("namespace")));
    } else if (kind == "User" || kind == "Group") {
        if (group != kRbacGroup)
            errors.push_back(notSupported(path.child("apiGroup"), Value::string(group), {kRbacGroup}));
    } else {
        errors.push_back(notSupported(path.child("kind"), Value::string(kind), {"ServiceAccount", "User", "Group"}));
    }
    return errors;
}

ErrorList validateBinding(const Json& binding, const Json* old, bool namespaced)
{
    ErrorList errors = validateObjectMeta(binding, namespaced, pathSegmentName());
    const Json& roleRef = objectOrEmpty(objectField(binding, "roleRef"));
    const Path rp("roleRef");
    if (const std::string group = str(roleRef, "apiGroup"); group != kRbacGroup)
        errors.push_back(notSupported(rp.child("apiGroup"), Value::string(group), {kRbacGroup}));
    const std::string kind = str(roleRef, "kind");
    if (namespaced) {
        if (kind != "Role" && kind != "ClusterRole")
            errors.push_back(notSupported(rp.child("kind"), Value::string(kind), {"Role", "ClusterRole"}));
    } else if (kind != "ClusterRole") {
        errors.push_back(notSupported(rp.child("kind"), Value::string(kind), {"ClusterRole"}));
    }
    const std::string name = str(roleRef, "name");
    if (name.empty())
        errors.push_back(required(rp.child("name")));
    else
        for (const std::string& msg : pathSegmentName()(name, false))
            errors.push_back(invalid(rp.child("name"), Value::string(name), msg));
    if (const Json* subjects = arrayField(binding, "subjects")) {
        std::size_t i = 0;
        for (const Json& s : *subjects)
            append(errors, validateSubject(objectOrEmpty(&s), namespaced, Path("subjects").index(i++)));
    }
    if (old) {
        const Json& oldRef = objectOrEmpty(objectField(*old, "roleRef"));
        if (str(oldRef, "apiGroup") != str(roleRef, "apiGroup") || str(oldRef, "kind") != kind || str(oldRef, "name") != name)
            errors.push_back(invalid(rp,
                                     Value::raw("rbac.RoleRef{APIGroup:" + goQuote(str(roleRef, "apiGroup")) + ", Kind:"
                                                + goQuote(kind) + ", Name:" + goQuote(name) + "}"),
                                     "cannot change roleRef"));
    }
    return errors;
}

// NetworkPolicy ---------------------------------------------------------------------------

ErrorList validateNetworkPolicyPort(const Json& port, const Path& path)
{
    ErrorList errors;
    if (has(port, "protocol")) {
        const std::string protocol = str(port, "protocol");
        if (protocol != "TCP" && protocol != "UDP" && protocol != "SCTP")
            errors.push_back(notSupported(path.child("protocol"), Value::string(protocol), {"TCP", "UDP", "SCTP"}));
    }
    const Json* number = field(port, "port");
    const auto endPort = integer(port, "endPort");
    if (number) {
        if (number->is_number()) {
            const std::int64_t p = intOrStringText(*number).empty() ? 0 : std::stoll(intOrStringText(*number));
            for (const std::string& msg : isValidPortNum(p))
                errors.push_back(invalid(path.child("port"), Value::number(p), msg));
            if (endPort) {
                if (*endPort < p)
                    errors.push_back(invalid(path.child("endPort"), Value::number(p), "must be greater than or equal to `port`"));
                for (const std::string& msg : isValidPortNum(*endPort))
                    errors.push_back(invalid(path.child("endPort"), Value::number(*endPort), msg));
            }
        } else {
            if (endPort)
                errors.push_back(invalid(path.child("endPort"), Value::number(*endPort), "may not be specified when `port` is non-numeric"));
            const std::string name = number->is_string() ? number->get<std::string>() : std::string();
            for (const std::string& msg : isValidPortName(name))
                errors.push_back(invalid(path.child("port"), Value::string(name), msg));
        }
    } else if (endPort) {
        errors.push_back(invalid(path.child("endPort"), Value::number(*endPort), "may not be specified when `port` is not specified"));
    }
    return errors;
}

ErrorList validateIpBlock(const Json& block, const Path& path)
{
    ErrorList errors;
    const std::string cidr = str(block, "cidr");
    if (cidr.empty())
        return {required(path.child("cidr"))};
    if (!isValidCidr(cidr)) {
        errors.push_back(invalid(path.child("cidr"), Value::string(cidr), kCidrError));
        return errors;
    }
    // Strict-subset check for IPv4 blocks.
    auto parse = [](const std::string& c, std::uint32_t& base, int& bits) {
        const auto slash = c.find('/');
        const std::string ip = c.substr(0, slash);
        if (!isIpv4(ip))
            return false;
        std::uint32_t value = 0;
        std::size_t start = 0;
        for (int i = 0; i < 4; ++i) {
            const auto dot = ip.find('.', start);
            value = (value << 8) | static_cast<std::uint32_t>(std::stoi(ip.substr(start, dot - start)));
            start = dot + 1;
        }
        bits = std::stoi(c.substr(slash + 1));
        const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t(0) << (32 - bits);
        base = value & mask;
        return true;
    };
    std::uint32_t base = 0;
    int bits = 0;
    const bool v4 = parse(cidr, base, bits);
    std::size_t i = 0;
    for (const std::string& except : stringList(arrayField(block, "except"))) {
        const Path ep = path.child("except").index(i++);
        if (!isValidCidr(except)) {
            errors.push_back(invalid(ep, Value::string(except), kCidrError));
            continue;
        }
        std::uint32_t exceptBase = 0;
        int exceptBits = 0;
        if (v4 && parse(except, exceptBase, exceptBits)) {
            const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t(0) << (32 - bits);
            if ((exceptBase & mask) != base || bits >= exceptBits)
                errors.push_back(invalid(ep, Value::string(except), "must be a strict subset of `cidr`"));
        }
    }
    return errors;
}

ErrorList validatePeer(const Json& peer, const Path& path)
{
    ErrorList errors;
    int peers = 0;
    for (const char* k : {"podSelector", "namespaceSelector"})
        if (const Json* s = objectField(peer, k)) {
            ++peers;
            append(errors, validateLabelSelector(*s, path.child(k)));
        }
    const Json* block = objectField(peer, "ipBlock");
    if (block) {
        ++peers;
        append(errors, validateIpBlock(*block, path.child("ipBlock")));
    }
    if (peers == 0)
        errors.push_back(required(path, "must specify a peer"));
    else if (peers > 1 && block)
        errors.push_back(forbidden(path, "may not specify both ipBlock and another peer"));
    return errors;
}

ErrorList validateNetworkPolicy(const Json& policy)
{
    ErrorList errors = validateObjectMeta(policy, true, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(policy, "spec"));
    const Path sp("spec");
    append(errors, validateLabelSelector(objectOrEmpty(objectField(spec, "podSelector")), sp.child("podSelector")));
    for (const auto& [list, peers] : {std::pair{"ingress", "from"}, std::pair{"egress", "to"}}) {
        const Json* rules = arrayField(spec, list);
        if (!rules)
            continue;
        for (std::size_t i = 0; i < rules->size(); ++i) {
            const Json& rule = objectOrEmpty(&(*rules)[i]);
            const Path rp = sp.child(list).index(i);
            if (const Json* ports = arrayField(rule, "ports"))
                for (std::size_t p = 0; p < ports->size(); ++p)
                    append(errors, validateNetworkPolicyPort(objectOrEmpty(&(*ports)[p]), rp.child("ports").index(p)));
            if (const Json* ps = arrayField(rule, peers))
                for (std::size_t p = 0; p < ps->size(); ++p)
                    append(errors, validatePeer(objectOrEmpty(&(*ps)[p]), rp.child(peers).index(p)));
        }
    }
    const Json* types = arrayField(spec, "policyTypes");
    if (types && types->size() > 2) {
        std::string text = "[]networking.PolicyType{";
        bool first = true;
        for (const std::string& t : stringList(types)) {
            text += (first ? "" : ", ") + goQuote(t);
            first = false;
        }
        errors.push_back(invalid(sp.child("policyTypes"), Value::raw(text + "}"), "may not specify more than two policyTypes"));
        return errors;
    }
    std::size_t i = 0;
    for (const std::string& t : stringList(types)) {
        if (t != "Ingress" && t != "Egress")
            errors.push_back(notSupported(sp.child("policyTypes").index(i), Value::string(t), {"Ingress", "Egress"}));
        ++i;
    }
    return errors;
}

// Ingress ---------------------------------------------------------------------------------

std::vector<std::string> isWildcardDns1123Subdomain(const std::string& host)
{
    std::vector<std::string> errors;
    if (host.size() > 253)
        errors.push_back(maxLenError(253));
    const bool ok = host.size() > 2 && host.rfind("*.", 0) == 0 && isDns1123Subdomain(host.substr(2)).empty();
    if (!ok)
        errors.push_back(regexError("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, "
                                    "which must consist of lower case alphanumeric characters, '-' or '.' and end with an "
                                    "alphanumeric character",
                                    "\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*", {"*.example.com"}));
    return errors;
}

ErrorList validateIngressBackend(const Json& backend, const Path& path)
{
    ErrorList errors;
    const Json* resource = objectField(backend, "resource");
    const Json* service = objectField(backend, "service");
    if (resource && service)
        return {invalid(path, Value::string(""), "cannot set both resource and service backends")};
    if (resource) {
        if (str(*resource, "kind").empty())
            errors.push_back(required(path.child("resource").child("kind")));
        if (str(*resource, "name").empty())
            errors.push_back(required(path.child("resource").child("name")));
        return errors;
    }
    if (!service)
        return {invalid(path, Value::string(""), "resource or service backend is required")};
    const std::string name = str(*service, "name");
    if (name.empty())
        errors.push_back(required(path.child("service", "name")));
    else
        for (const std::string& msg : isDns1035Label(name))
            errors.push_back(invalid(path.child("service", "name"), Value::string(name), msg));
    const Json& port = objectOrEmpty(objectField(*service, "port"));
    const std::string portName = str(port, "name");
    const std::int64_t portNumber = intOr(port, "number", 0);
    if (!portName.empty() && portNumber != 0) {
        errors.push_back(invalid(path, Value::string(""), "cannot set both port name & port number"));
    } else if (!portName.empty()) {
        for (const std::string& msg : isValidPortName(portName))
            errors.push_back(invalid(path.child("service", "port").child("name"), Value::string(portName), msg));
    } else if (portNumber != 0) {
        for (const std::string& msg : isValidPortNum(portNumber))
            errors.push_back(invalid(path.child("service", "port").child("number"), Value::number(portNumber), msg));
    } else {
        errors.push_back(required(path, "port name or number is required"));
    }
    return errors;
}

ErrorList validateIngressPath(const Json& p, const Path& path)
{
    if (!has(p, "pathType"))
        return {required(path.child("pathType"), "pathType must be specified")};
    ErrorList errors;
    const std::string type = str(p, "pathType");
    const std::string value = str(p, "path");
    if (type == "Exact" || type == "Prefix") {
        if (value.rfind('/', 0) != 0)
            errors.push_back(invalid(path.child("path"), Value::string(value), "must be an absolute path"));
        if (!value.empty()) {
            for (const char* bad : {"//", "/./", "/../", "%2f", "%2F"})
                if (value.find(bad) != std::string::npos)
                    errors.push_back(invalid(path.child("path"), Value::string(value), "must not contain '" + std::string(bad) + "'"));
            for (const std::string suffix : {"/..", "/."})
                if (value.size() >= suffix.size() && value.compare(value.size() - suffix.size(), suffix.size(), suffix) == 0)
                    errors.push_back(invalid(path.child("path"), Value::string(value), "cannot end with '" + suffix + "'"));
        }
    } else if (type == "ImplementationSpecific") {
        if (!value.empty() && value.front() != '/')
            errors.push_back(invalid(path.child("path"), Value::string(value), "must be an absolute path"));
    } else {
        errors.push_back(notSupported(path.child("pathType"), Value::string(type), {"Exact", "ImplementationSpecific", "Prefix"}));
    }
    append(errors, validateIngressBackend(objectOrEmpty(objectField(p, "backend")), path.child("backend")));
    return errors;
}

ErrorList validateIngress(const Json& ingress, const Json* old)
{
    ErrorList errors = validateObjectMeta(ingress, true, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(ingress, "spec"));
    const Path sp("spec");
    const Json* rules = arrayField(spec, "rules");
    const Json* defaultBackend = objectField(spec, "defaultBackend");
    if ((!rules || rules->empty()) && !defaultBackend)
        errors.push_back(invalid(sp, Value::raw(rules ? "[]networking.IngressRule{}" : "[]networking.IngressRule(nil)"),
                                 "either `defaultBackend` or `rules` must be specified"));
    if (defaultBackend)
        append(errors, validateIngressBackend(*defaultBackend, sp.child("defaultBackend")));
    if (rules) {
        for (std::size_t i = 0; i < rules->size(); ++i) {
            const Json& rule = objectOrEmpty(&(*rules)[i]);
            const Path rp = sp.child("rules").index(i);
            const std::string host = str(rule, "host");
            if (!host.empty()) {
                if (isValidIp(host).empty())
                    errors.push_back(invalid(rp.child("host"), Value::string(host), "must be a DNS name, not an IP address"));
                const auto msgs = host.find('*') != std::string::npos ? isWildcardDns1123Subdomain(host) : isDns1123Subdomain(host);
                for (const std::string& msg : msgs)
                    errors.push_back(invalid(rp.child("host"), Value::string(host), msg));
            }
            if (const Json* http = objectField(rule, "http")) {
                const Json* paths = arrayField(*http, "paths");
                if (!paths || paths->empty())
                    errors.push_back(required(rp.child("http").child("paths")));
                if (paths)
                    for (std::size_t p = 0; p < paths->size(); ++p)
                        append(errors, validateIngressPath(objectOrEmpty(&(*paths)[p]), rp.child("http").child("paths").index(p)));
            }
        }
    }
    if (const Json* tls = arrayField(spec, "tls")) {
        for (std::size_t i = 0; i < tls->size(); ++i) {
            const Json& t = objectOrEmpty(&(*tls)[i]);
            const Path tp = sp.child("tls").index(i);
            std::size_t h = 0;
            for (const std::string& host : stringList(arrayField(t, "hosts"))) {
                const auto msgs = host.find('*') != std::string::npos ? isWildcardDns1123Subdomain(host) : isDns1123Subdomain(host);
                for (const std::string& msg : msgs)
                    errors.push_back(invalid(tp.child("hosts").index(h), Value::string(host), msg));
                ++h;
            }
            if (const std::string secret = str(t, "secretName"); !secret.empty() && !old)
                for (const std::string& msg : isDns1123Subdomain(secret))
                    errors.push_back(invalid(tp.child("secretName"), Value::string(secret), msg));
        }
    }
    if (has(spec, "ingressClassName"))
        for (const std::string& msg : isDns1123Subdomain(str(spec, "ingressClassName")))
            errors.push_back(invalid(sp.child("ingressClassName"), Value::string(str(spec, "ingressClassName")), msg));
    if (!old) {
        const auto annotations = stringMap(objectField(objectOrEmpty(objectField(ingress, "metadata")), "annotations"));
        auto it = annotations.find("kubernetes.io/ingress.class");
        if (it != annotations.end() && has(spec, "ingressClassName") && it->second != str(spec, "ingressClassName"))
            errors.push_back(invalid(Path("annotations").child("kubernetes.io/ingress.class"), Value::string(it->second),
                                     "must match `ingressClassName` when both are specified"));
    }
    return errors;
}

ErrorList validateIngressClass(const Json& ingressClass, const Json* old)
{
    ErrorList errors = validateObjectMeta(ingressClass, false, nameIsDnsSubdomain());
    const Json& spec = objectOrEmpty(objectField(ingressClass, "spec"));
    const Path cp = Path("spec").child("controller");
    const std::string controller = str(spec, "controller");
    if (controller.size() > 250)
        errors.push_back(tooLong(cp, 250));
    if (controller.empty()) {
        errors.push_back(required(cp));
    } else {
        const auto slash = controller.find('/');
        if (slash == std::string::npos || slash == 0 || slash + 1 == controller.size()) {
            errors.push_back(invalid(cp, Value::string(controller), "must be a domain-prefixed path (such as \"acme.io/foo\")"));
        } else {
            const std::string host = controller.substr(0, slash);
            for (const std::string& msg : isDns1123Subdomain(host))
                errors.push_back(invalid(cp, Value::string(host), msg));
            const std::string path = controller.substr(slash + 1);
            const std::string allowed = "/-._~%!$&'()*+,;=:";
            const bool ok = std::all_of(path.begin(), path.end(), [&](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || allowed.find(c) != std::string::npos;
            });
            if (!ok)
                errors.push_back(invalid(cp, Value::string(path), regexError("Invalid path", "^[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+$")));
        }
    }
    if (const Json* params = objectField(spec, "parameters")) {
        const Path pp = Path("spec").child("parameters");
        if (str(*params, "kind").empty())
            errors.push_back(required(pp.child("kind")));
        if (str(*params, "name").empty())
            errors.push_back(required(pp.child("name")));
        const std::string scope = str(*params, "scope");
        if (has(*params, "scope") && scope != "Cluster" && scope != "Namespace")
            errors.push_back(notSupported(pp.child("scope"), Value::string(scope), {"Cluster", "Namespace"}));
        if (scope == "Namespace" && str(*params, "namespace").empty())
            errors.push_back(required(pp.child("namespace"), "`parameters.scope` is set to 'Namespace'"));
        if (scope == "Cluster" && has(*params, "namespace"))
            errors.push_back(forbidden(pp.child("namespace"), "`parameters.scope` is set to 'Cluster'"));
    }
    if (old) {
        const std::string oldController = str(objectOrEmpty(objectField(*old, "spec")), "controller");
        if (oldController != controller)
            errors.push_back(invalid(cp, Value::string(controller), "field is immutable"));
    }
    return errors;
}

// PriorityClass ---------------------------------------------------------------------------

ErrorList validatePriorityClass(const Json& pc, const Json* old)
{
    ErrorList errors = validateObjectMeta(pc, false, nameIsDnsSubdomain());
    const std::string name = str(objectOrEmpty(objectField(pc, "metadata")), "name");
    const std::int64_t value = intOr(pc, "value", 0);
    const bool globalDefault = boolean(pc, "globalDefault");
    if (name.rfind("system-", 0) == 0) {
        struct System {
            const char* name;
            std::int64_t value;
        };
        static const System kSystem[] = {{"system-node-critical", 2000001000}, {"system-cluster-critical", 2000000000}};
        std::string error = name + " is not a known system priority class";
        for (const System& s : kSystem) {
            if (name != s.name)
                continue;
            if (value != s.value)
                error = "value of " + name + " PriorityClass must be " + std::to_string(s.value);
            else if (globalDefault)
                error = "globalDefault of " + name + " PriorityClass must be false";
            else
                error.clear();
        }
        if (!error.empty())
            errors.push_back(forbidden(Path("metadata").child("name"),
                                       "priority class names with 'system-' prefix are reserved for system use only. error: " + error));
    } else if (value > 1000000000) {
        errors.push_back(forbidden(Path("value"), "maximum allowed value of a user defined priority is 1000000000"));
    }
    if (has(pc, "preemptionPolicy")) {
        const std::string policy = str(pc, "preemptionPolicy");
        if (policy != "PreemptLowerPriority" && policy != "Never")
            errors.push_back(notSupported(Path("preemptionPolicy"), Value::string(policy), {"PreemptLowerPriority", "Never"}));
    }
    if (old) {
        if (intOr(*old, "value", 0) != value)
            errors.push_back(forbidden(Path("value"), "may not be changed in an update."));
        if (str(*old, "preemptionPolicy") != str(pc, "preemptionPolicy"))
            errors.push_back(invalid(Path("preemptionPolicy"), Value::string(str(pc, "preemptionPolicy")), "field is immutable"));
    }
    return errors;
}

} // namespace

ErrorList validateOtherKind(const Json& object, const Json* old)
{
    const std::string kind = kindOf(object);
    if (kind == "StorageClass")
        return validateStorageClass(object, old);
    if (kind == "Role")
        return validateRole(object, true);
    if (kind == "ClusterRole")
        return validateRole(object, false);
    if (kind == "RoleBinding")
        return validateBinding(object, old, true);
    if (kind == "ClusterRoleBinding")
        return validateBinding(object, old, false);
    if (kind == "NetworkPolicy")
        return validateNetworkPolicy(object);
    if (kind == "Ingress")
        return validateIngress(object, old);
    if (kind == "IngressClass")
        return validateIngressClass(object, old);
    if (kind == "PriorityClass")
        return validatePriorityClass(object, old);
    return {};
}

} // namespace kubelab::core::validation

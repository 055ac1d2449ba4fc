// SPDX-License-Identifier: GPL-3.0-or-later
// RBAC as the API server evaluates it: plugin/pkg/auth/authorizer/rbac/rbac.go,
// pkg/apis/rbac/v1/evaluation_helpers.go, pkg/registry/rbac/validation (rule resolution),
// staging/src/k8s.io/component-helpers/auth/rbac/validation (Covers),
// plugin/pkg/auth/authorizer/rbac/bootstrappolicy (the default roles).
#include "core/auth/rbac.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/api/labels.h"
#include "core/api/resources.h"
#include "core/sim/engine.h"

namespace kubelab::core::rbac {

namespace {

constexpr const char* kRbacGroup = "rbac.authorization.k8s.io";
constexpr const char* kPrivilegedGroup = "system:masters";
/// A service account's user name is this, its namespace, ':' and its name.
constexpr std::string_view kServiceAccountPrefix = "system:serviceaccount:";

std::vector<std::string> strings(const Json& rule, const char* field)
{
    std::vector<std::string> out;
    if (rule.is_object() && rule.contains(field) && rule.at(field).is_array())
        for (const Json& v : rule.at(field))
            if (v.is_string())
                out.push_back(v.get<std::string>());
    return out;
}

bool has(const std::vector<std::string>& set, std::string_view value)
{
    return std::ranges::find(set, value) != set.end();
}

bool hasAll(const std::vector<std::string>& set, const std::vector<std::string>& values)
{
    return std::ranges::all_of(values, [&](const std::string& v) { return has(set, v); });
}

Json stringArray(const std::vector<std::string>& values)
{
    Json out = Json::array();
    for (const std::string& v : values)
        out.push_back(v);
    return out;
}

/// Go's `%q` of a []string: `["a" "b"]`.
std::string goQuotedList(const std::vector<std::string>& values)
{
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        out += (i ? " \"" : "\"");
        for (char c : values[i]) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "]";
}

/// A lab written before RBAC was simulated has no bindings at all: it is authorized as if
/// it held the default policy (the API server's post-start hook would have created it).
bool unbootstrapped(const Engine& engine)
{
    return engine.store().count("ClusterRoleBinding") == 0 && engine.store().count("ClusterRole") == 0;
}

const std::vector<ObjectPtr>& defaultPolicy()
{
    static const std::vector<ObjectPtr> objects = [] {
        std::vector<ObjectPtr> out;
        for (Json& o : bootstrapPolicy())
            out.push_back(std::make_shared<const Json>(std::move(o)));
        return out;
    }();
    return objects;
}

std::vector<ObjectPtr> clusterRoleBindings(const Engine& engine)
{
    if (!unbootstrapped(engine))
        return engine.list("ClusterRoleBinding");
    std::vector<ObjectPtr> out;
    for (const ObjectPtr& o : defaultPolicy())
        if (kindOf(*o) == "ClusterRoleBinding")
            out.push_back(o);
    return out;
}

/// The ClusterRole or Role a binding's roleRef names, or null.
ObjectPtr roleFor(const Engine& engine, const Json& roleRef, std::string_view bindingNamespace)
{
    const std::string kind = roleRef.value("kind", "");
    const std::string name = roleRef.value("name", "");
    if (kind == "ClusterRole") {
        if (ObjectPtr stored = engine.get(ObjectKey{"ClusterRole", "", name}))
            return stored;
        if (unbootstrapped(engine))
            for (const ObjectPtr& o : defaultPolicy())
                if (kindOf(*o) == "ClusterRole" && nameOf(*o) == name)
                    return o;
        return nullptr;
    }
    if (kind == "Role")
        return engine.get(ObjectKey{"Role", std::string(bindingNamespace), name});
    return nullptr;
}

std::string describeSubject(const Json& subject, std::string_view bindingNamespace)
{
    const std::string kind = subject.value("kind", "");
    std::string name = subject.value("name", "");
    if (kind == "ServiceAccount") {
        std::string ns = subject.value("namespace", "");
        name = (ns.empty() ? std::string(bindingNamespace) : ns) + "/" + name;
    }
    return kind + " \"" + name + "\"";
}

/// Visits the rules that apply to `user` in `ns` with where they come from, stopping when
/// `visit` returns false (DefaultRuleResolver.VisitRulesFor).
template <typename Visit>
void visitRulesFor(const Engine& engine, const UserInfo& user, std::string_view ns, Visit visit)
{
    for (const ObjectPtr& binding : clusterRoleBindings(engine)) {
        const Json& subjects = member(*binding, "subjects");
        if (!subjects.is_array())
            continue;
        for (const Json& subject : subjects) {
            if (!subjectMatches(subject, user, ""))
                continue;
            const Json& roleRef = member(*binding, "roleRef");
            ObjectPtr role = roleFor(engine, roleRef, "");
            if (!role)
                break;
            std::string source = "ClusterRoleBinding \"" + nameOf(*binding) + "\" of " + roleRef.value("kind", "") +
                                 " \"" + roleRef.value("name", "") + "\" to " + describeSubject(subject, "");
            for (const Json& rule : member(*role, "rules"))
                if (!visit(source, rule))
                    return;
            break;
        }
    }
    if (ns.empty())
        return;
    for (const ObjectPtr& binding : engine.list("RoleBinding", ns)) {
        const Json& subjects = member(*binding, "subjects");
        if (!subjects.is_array())
            continue;
        for (const Json& subject : subjects) {
            if (!subjectMatches(subject, user, ns))
                continue;
            const Json& roleRef = member(*binding, "roleRef");
            ObjectPtr role = roleFor(engine, roleRef, ns);
            if (!role)
                break;
            std::string source = "RoleBinding \"" + nameOf(*binding) + "/" + std::string(ns) + "\" of " +
                                 roleRef.value("kind", "") + " \"" + roleRef.value("name", "") + "\" to " +
                                 describeSubject(subject, ns);
            for (const Json& rule : member(*role, "rules"))
                if (!visit(source, rule))
                    return;
            break;
        }
    }
}

bool isPrivileged(const UserInfo& user)
{
    return has(user.groups, kPrivilegedGroup);
}

Json fullAuthorityResources()
{
    return Json{{"verbs", Json::array({"*"})}, {"apiGroups", Json::array({"*"})}, {"resources", Json::array({"*"})}};
}

Json fullAuthorityUrls()
{
    return Json{{"verbs", Json::array({"*"})}, {"nonResourceURLs", Json::array({"*"})}};
}

bool resourceCoversAll(const std::vector<std::string>& set, const std::vector<std::string>& covers)
{
    if (has(set, "*") || hasAll(set, covers))
        return true;
    for (const std::string& path : covers) {
        if (has(set, path))
            continue;
        auto slash = path.find('/');
        if (slash == std::string::npos)
            return false;
        if (!has(set, "*/" + path.substr(slash + 1)))
            return false;
    }
    return true;
}

bool nonResourceURLCovers(const std::string& owner, const std::string& sub)
{
    if (owner == sub)
        return true;
    if (owner.empty() || owner.back() != '*')
        return false;
    std::string prefix = owner;
    while (!prefix.empty() && prefix.back() == '*')
        prefix.pop_back();
    return sub.starts_with(prefix);
}

bool ruleCovers(const Json& owner, const Json& sub)
{
    const auto ov = strings(owner, "verbs"), og = strings(owner, "apiGroups"), orr = strings(owner, "resources"),
               on = strings(owner, "resourceNames"), ou = strings(owner, "nonResourceURLs");
    const auto sv = strings(sub, "verbs"), sg = strings(sub, "apiGroups"), sr = strings(sub, "resources"),
               sn = strings(sub, "resourceNames"), su = strings(sub, "nonResourceURLs");
    const bool verbs = has(ov, "*") || hasAll(ov, sv);
    const bool groups = has(og, "*") || hasAll(og, sg);
    const bool resources = resourceCoversAll(orr, sr);
    const bool urls = std::ranges::all_of(su, [&](const std::string& path) {
        return std::ranges::any_of(ou, [&](const std::string& o) { return nonResourceURLCovers(o, path); });
    });
    const bool names = sn.empty() ? on.empty() : (on.empty() || hasAll(on, sn));
    return verbs && groups && resources && names && urls;
}

Status confirmNoEscalation(const Engine& engine, const UserInfo& user, std::string_view ns,
                           const std::vector<Json>& rules, const ResourceInfo& resource, const std::string& name)
{
    std::vector<Json> missing;
    if (covers(rulesFor(engine, user, ns), rules, &missing))
        return {};
    std::set<std::string> descriptions;
    for (const Json& m : compactRules(missing))
        descriptions.insert(compactString(m));
    std::string list;
    for (const std::string& d : descriptions)
        list += (list.empty() ? "" : "\n") + d;
    return fail(ErrorCode::Forbidden, resource.qualifiedPlural() + " \"" + name + "\" is forbidden: user \"" +
                                          user.name + "\" (groups=" + goQuotedList(user.groups) +
                                          ") is attempting to grant RBAC permissions not currently held:\n" + list);
}

// --- Bootstrap policy --------------------------------------------------------------------------

const std::vector<std::string> kRead = {"get", "list", "watch"};
const std::vector<std::string> kWrite = {"create", "update", "patch", "delete", "deletecollection"};
const std::vector<std::string> kReadWrite = {"get", "list", "watch", "create", "update", "patch", "delete",
                                             "deletecollection"};

/// rbacv1helpers.NewRule(...).Groups(...).Resources(...).RuleOrDie(): the builder sorts.
Json rule(std::vector<std::string> verbs, std::vector<std::string> groups, std::vector<std::string> resources)
{
    std::ranges::sort(verbs);
    std::ranges::sort(groups);
    std::ranges::sort(resources);
    return Json{{"apiGroups", stringArray(groups)}, {"resources", stringArray(resources)}, {"verbs", stringArray(verbs)}};
}

Json urlRule(std::vector<std::string> verbs, std::vector<std::string> urls)
{
    std::ranges::sort(verbs);
    std::ranges::sort(urls);
    return Json{{"nonResourceURLs", stringArray(urls)}, {"verbs", stringArray(verbs)}};
}

Json defaultMetadata(const std::string& name, const Labels& extraLabels = {})
{
    Json labels = Json::object();
    labels["kubernetes.io/bootstrapping"] = "rbac-defaults";
    for (const auto& [k, v] : extraLabels)
        labels[k] = v;
    return Json{{"annotations", {{"rbac.authorization.kubernetes.io/autoupdate", "true"}}},
                {"labels", labels},
                {"name", name}};
}

Json clusterRole(const std::string& name, std::vector<Json> rules, const Labels& labels = {})
{
    Json role = {{"apiVersion", "rbac.authorization.k8s.io/v1"}, {"kind", "ClusterRole"},
                 {"metadata", defaultMetadata(name, labels)}};
    Json r = Json::array();
    for (Json& x : rules)
        r.push_back(std::move(x));
    role["rules"] = r;
    return role;
}

Json aggregatedClusterRole(const std::string& name, const std::string& selectorLabel, const Labels& labels = {})
{
    Json role = {{"apiVersion", "rbac.authorization.k8s.io/v1"}, {"kind", "ClusterRole"},
                 {"metadata", defaultMetadata(name, labels)}};
    role["aggregationRule"] = Json{{"clusterRoleSelectors", Json::array({Json{{"matchLabels", {{selectorLabel, "true"}}}}})}};
    role["rules"] = Json::array();
    return role;
}

Json clusterRoleBinding(const std::string& name, const std::string& role, const std::vector<std::string>& groups,
                        bool defaults = true)
{
    Json subjects = Json::array();
    for (const std::string& g : groups)
        subjects.push_back(Json{{"apiGroup", kRbacGroup}, {"kind", "Group"}, {"name", g}});
    Json meta = defaults ? defaultMetadata(name) : Json{{"name", name}};
    return Json{{"apiVersion", "rbac.authorization.k8s.io/v1"},
                {"kind", "ClusterRoleBinding"},
                {"metadata", meta},
                {"roleRef", {{"apiGroup", kRbacGroup}, {"kind", "ClusterRole"}, {"name", role}}},
                {"subjects", subjects}};
}

/// The aggregation over a set of ClusterRoles (sorted by name, as the controller lists them).
std::vector<Json> aggregatedRulesFrom(const Json& clusterRole, std::vector<const Json*> roles)
{
    std::vector<Json> out;
    const Json aggregation = clusterRole.value("aggregationRule", Json::object());
    if (!aggregation.is_object())
        return out;
    std::ranges::sort(roles, [](const Json* a, const Json* b) { return nameOf(*a) < nameOf(*b); });
    for (const Json& s : aggregation.value("clusterRoleSelectors", Json::array())) {
        auto selector = LabelSelector::fromJson(s);
        if (!selector)
            continue;
        for (const Json* role : roles) {
            if (nameOf(*role) == nameOf(clusterRole) || !selector->matches(labelsOf(*role)))
                continue;
            for (const Json& r : role->value("rules", Json::array()))
                if (std::ranges::find(out, r) == out.end())
                    out.push_back(r);
        }
    }
    return out;
}

} // namespace

bool verbMatches(const Json& rule, std::string_view verb)
{
    const auto verbs = strings(rule, "verbs");
    return has(verbs, "*") || has(verbs, verb);
}

bool apiGroupMatches(const Json& rule, std::string_view group)
{
    const auto groups = strings(rule, "apiGroups");
    return has(groups, "*") || has(groups, group);
}

bool resourceMatches(const Json& rule, std::string_view combinedResource, std::string_view subresource)
{
    for (const std::string& r : strings(rule, "resources")) {
        if (r == "*" || r == combinedResource)
            return true;
        // `*/subresource` matches that subresource of every resource.
        if (subresource.empty())
            continue;
        if (r.size() == subresource.size() + 2 && r.starts_with("*/") && r.ends_with(subresource))
            return true;
    }
    return false;
}

bool resourceNameMatches(const Json& rule, std::string_view name)
{
    const auto names = strings(rule, "resourceNames");
    return names.empty() || has(names, name);
}

bool nonResourceURLMatches(const Json& rule, std::string_view url)
{
    for (const std::string& r : strings(rule, "nonResourceURLs")) {
        if (r == "*" || r == url)
            return true;
        if (r.ends_with('*')) {
            std::string prefix = r;
            while (!prefix.empty() && prefix.back() == '*')
                prefix.pop_back();
            if (url.starts_with(prefix))
                return true;
        }
    }
    return false;
}

bool ruleAllows(const Attributes& a, const Json& rule)
{
    if (a.resourceRequest) {
        std::string combined = a.resource;
        if (!a.subresource.empty())
            combined += "/" + a.subresource;
        return verbMatches(rule, a.verb) && apiGroupMatches(rule, a.apiGroup) &&
               resourceMatches(rule, combined, a.subresource) && resourceNameMatches(rule, a.name);
    }
    return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path);
}

UserInfo serviceAccountUser(std::string_view ns, std::string_view name)
{
    return UserInfo{std::string(kServiceAccountPrefix) + std::string(ns) + ":" + std::string(name),
                    {"system:serviceaccounts", "system:serviceaccounts:" + std::string(ns), "system:authenticated"}};
}

bool subjectMatches(const Json& subject, const UserInfo& user, std::string_view bindingNamespace)
{
    // Views of the subject's fields: this runs for every binding on every request.
    const std::string_view kind = memberText(subject, "kind");
    const std::string_view name = memberText(subject, "name");
    if (kind == "User")
        return user.name == name;
    if (kind == "Group")
        return has(user.groups, name);
    if (kind == "ServiceAccount") {
        std::string_view ns = memberText(subject, "namespace");
        if (ns.empty())
            ns = bindingNamespace;
        if (ns.empty())
            return false;
        // user.name == serviceAccountUser(ns, name).name, compared without building it
        const std::string_view u = user.name;
        const std::size_t colon = kServiceAccountPrefix.size() + ns.size();
        return u.size() == colon + 1 + name.size() && u.starts_with(kServiceAccountPrefix) &&
               u.substr(kServiceAccountPrefix.size(), ns.size()) == ns && u[colon] == ':' && u.ends_with(name);
    }
    return false;
}

std::vector<Json> rulesFor(const Engine& engine, const UserInfo& user, std::string_view ns)
{
    std::vector<Json> out;
    if (isPrivileged(user)) {
        out.push_back(fullAuthorityResources());
        out.push_back(fullAuthorityUrls());
    }
    visitRulesFor(engine, user, ns, [&](const std::string&, const Json& rule) {
        out.push_back(rule);
        return true;
    });
    return out;
}

Decision authorize(const Engine& engine, const UserInfo& user, const Attributes& attributes)
{
    if (isPrivileged(user) || has(user.groups, "system:nodes"))
        return {true, ""};
    Decision d;
    visitRulesFor(engine, user, attributes.ns, [&](const std::string& source, const Json& rule) {
        if (ruleAllows(attributes, rule)) {
            d.allowed = true;
            d.reason = "RBAC: allowed by " + source;
            return false;
        }
        return true;
    });
    return d;
}

Status authorizeRequest(const Engine& engine, const RequestContext& ctx, std::string_view verb,
                        const ResourceInfo& resource, std::string_view ns, std::string_view name,
                        std::string_view subresource)
{
    return authorizeRequest(engine, ctx,
                            Attributes{std::string(verb), std::string(resource.group), std::string(resource.plural),
                                       std::string(subresource), resource.namespaced ? std::string(ns) : std::string(),
                                       std::string(name), true, ""});
}

Status authorizeRequest(const Engine& engine, const RequestContext& ctx, const Attributes& a)
{
    UserInfo user{ctx.user, ctx.groups};
    if (authorize(engine, user, a).allowed) {
        engine.requests().authorized(ctx, a, nullptr);
        return {};
    }
    Error denial = forbiddenError(user, a);
    engine.requests().authorized(ctx, a, &denial);
    return fail(std::move(denial));
}

std::string forbiddenMessage(const UserInfo& user, const Attributes& a)
{
    if (!a.resourceRequest)
        return "User \"" + user.name + "\" cannot " + a.verb + " path \"" + a.path + "\"";
    std::string resource = a.resource;
    if (!a.subresource.empty())
        resource += "/" + a.subresource;
    std::string out = "User \"" + user.name + "\" cannot " + a.verb + " resource \"" + resource + "\" in API group \"" +
                      a.apiGroup + "\"";
    return out + (a.ns.empty() ? " at the cluster scope" : " in the namespace \"" + a.ns + "\"");
}

Error forbiddenError(const UserInfo& user, const Attributes& a)
{
    std::string message = forbiddenMessage(user, a);
    if (!a.resourceRequest)
        return makeError(ErrorCode::Forbidden, "forbidden: " + message);
    std::string gr = a.resource + (a.apiGroup.empty() ? "" : "." + a.apiGroup);
    if (a.name.empty())
        return makeError(ErrorCode::Forbidden, gr + " is forbidden: " + message);
    return makeError(ErrorCode::Forbidden, gr + " \"" + a.name + "\" is forbidden: " + message);
}

std::vector<Json> breakdownRule(const Json& r)
{
    std::vector<Json> out;
    const auto verbs = strings(r, "verbs"), groups = strings(r, "apiGroups"), resources = strings(r, "resources"),
               names = strings(r, "resourceNames"), urls = strings(r, "nonResourceURLs");
    for (const std::string& g : groups)
        for (const std::string& res : resources)
            for (const std::string& v : verbs) {
                if (names.empty()) {
                    out.push_back(Json{{"verbs", {v}}, {"apiGroups", {g}}, {"resources", {res}}});
                } else {
                    for (const std::string& n : names)
                        out.push_back(Json{{"verbs", {v}}, {"apiGroups", {g}}, {"resources", {res}}, {"resourceNames", {n}}});
                }
            }
    for (const std::string& u : urls)
        for (const std::string& v : verbs)
            out.push_back(Json{{"verbs", {v}}, {"nonResourceURLs", {u}}});
    return out;
}

std::vector<Json> compactRules(const std::vector<Json>& rules)
{
    // A simple rule: one group, one resource, at most one name, nothing else.
    std::vector<Json> compacted;
    std::map<std::tuple<std::string, std::string, bool, std::string>, std::size_t> simple;
    std::vector<Json> simpleRules;
    for (const Json& r : rules) {
        const auto groups = strings(r, "apiGroups"), resources = strings(r, "resources"),
                   names = strings(r, "resourceNames"), urls = strings(r, "nonResourceURLs");
        bool isSimple = names.size() <= 1 && urls.empty() && groups.size() == 1 && resources.size() == 1;
        if (!isSimple) {
            compacted.push_back(r);
            continue;
        }
        auto key = std::make_tuple(groups[0], resources[0], !names.empty(), names.empty() ? std::string() : names[0]);
        auto it = simple.find(key);
        if (it == simple.end()) {
            simple.emplace(key, simpleRules.size());
            simpleRules.push_back(r);
            continue;
        }
        Json& existing = simpleRules[it->second];
        auto have = strings(existing, "verbs");
        for (const std::string& v : strings(r, "verbs"))
            if (!has(have, v)) {
                existing["verbs"].push_back(v);
                have.push_back(v);
            }
    }
    for (Json& r : simpleRules)
        compacted.push_back(std::move(r));
    return compacted;
}

std::string compactString(const Json& r)
{
    std::vector<std::string> parts;
    auto add = [&](const char* label, const char* field) {
        auto values = strings(r, field);
        if (!values.empty())
            parts.push_back(std::string(label) + ":" + goQuotedList(values));
    };
    add("APIGroups", "apiGroups");
    add("Resources", "resources");
    add("NonResourceURLs", "nonResourceURLs");
    add("ResourceNames", "resourceNames");
    add("Verbs", "verbs");
    std::string out = "{";
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i ? ", " : "") + parts[i];
    return out + "}";
}

bool covers(const std::vector<Json>& owner, const std::vector<Json>& requested, std::vector<Json>* missing)
{
    bool all = true;
    for (const Json& r : requested)
        for (const Json& sub : breakdownRule(r)) {
            bool covered = std::ranges::any_of(owner, [&](const Json& o) { return ruleCovers(o, sub); });
            if (!covered) {
                all = false;
                if (missing)
                    missing->push_back(sub);
            }
        }
    return all;
}

Status checkEscalation(const Engine& engine, const UserInfo& user, const Json& object)
{
    const std::string kind = kindOf(object);
    const ResourceInfo* resource = findResourceByKind(kind);
    if (!resource || resource->group != kRbacGroup || isPrivileged(user))
        return {};
    const std::string ns = namespaceOf(object);
    const std::string name = nameOf(object);
    if (kind == "Role" || kind == "ClusterRole") {
        Attributes escalate{"escalate", kRbacGroup, std::string(resource->plural), "", ns, "", true, ""};
        if (authorize(engine, user, escalate).allowed)
            return {};
        if (kind == "ClusterRole" && object.contains("aggregationRule") && !object.at("aggregationRule").is_null()) {
            std::vector<Json> missing;
            if (!covers(rulesFor(engine, user, ""), {fullAuthorityResources(), fullAuthorityUrls()}, &missing))
                return fail(ErrorCode::Forbidden, resource->qualifiedPlural() + " \"" + name +
                                                      "\" is forbidden: must have cluster-admin privileges to use "
                                                      "the aggregationRule");
        }
        std::vector<Json> rules;
        for (const Json& r : object.value("rules", Json::array()))
            rules.push_back(r);
        return confirmNoEscalation(engine, user, ns, rules, *resource, name);
    }
    // RoleBinding, ClusterRoleBinding: `bind` on the role, or hold what it grants.
    const Json roleRef = object.value("roleRef", Json::object());
    const std::string refKind = roleRef.value("kind", "");
    const std::string refName = roleRef.value("name", "");
    Attributes bind{"bind", kRbacGroup, refKind == "Role" ? "roles" : "clusterroles", "", ns, refName, true, ""};
    if (authorize(engine, user, bind).allowed)
        return {};
    ObjectPtr role = roleFor(engine, roleRef, ns);
    if (!role) {
        const ResourceInfo* refResource = findResourceByKind(refKind);
        return fail(ErrorCode::Forbidden, resource->qualifiedPlural() + " \"" + name + "\" is forbidden: " +
                                              (refResource ? refResource->qualifiedPlural() : refKind) + " \"" +
                                              refName + "\" not found");
    }
    std::vector<Json> rules;
    for (const Json& r : role->value("rules", Json::array()))
        rules.push_back(r);
    return confirmNoEscalation(engine, user, ns, rules, *resource, name);
}

std::vector<Json> aggregatedRules(const Engine& engine, const Json& clusterRole)
{
    std::vector<ObjectPtr> stored = engine.list("ClusterRole");
    std::vector<const Json*> roles;
    for (const ObjectPtr& r : stored)
        roles.push_back(r.get());
    return aggregatedRulesFrom(clusterRole, roles);
}

std::vector<Json> bootstrapPolicy()
{
    const std::string admin = "rbac.authorization.k8s.io/aggregate-to-admin";
    const std::string edit = "rbac.authorization.k8s.io/aggregate-to-edit";
    const std::string view = "rbac.authorization.k8s.io/aggregate-to-view";
    std::vector<Json> out;
    out.push_back(clusterRole("cluster-admin", {rule({"*"}, {"*"}, {"*"}), urlRule({"*"}, {"*"})}));
    out.push_back(clusterRole("system:discovery",
                              {urlRule({"get"}, {"/livez", "/readyz", "/healthz", "/version", "/version/", "/openapi",
                                                 "/openapi/*", "/api", "/api/*", "/apis", "/apis/*"})}));
    out.push_back(clusterRole("system:monitoring",
                              {urlRule({"get"}, {"/metrics", "/metrics/slis", "/livez", "/readyz", "/healthz",
                                                 "/livez/*", "/readyz/*", "/healthz/*"})}));
    out.push_back(clusterRole("system:basic-user",
                              {rule({"create"}, {"authorization.k8s.io"}, {"selfsubjectaccessreviews", "selfsubjectrulesreviews"}),
                               rule({"create"}, {"authentication.k8s.io"}, {"selfsubjectreviews"})}));
    out.push_back(clusterRole("system:public-info-viewer",
                              {urlRule({"get"}, {"/livez", "/readyz", "/healthz", "/version", "/version/"})}));
    out.push_back(aggregatedClusterRole("admin", admin));
    out.push_back(aggregatedClusterRole("edit", edit, {{admin, "true"}}));
    out.push_back(aggregatedClusterRole("view", view, {{edit, "true"}}));
    out.push_back(clusterRole("system:aggregate-to-admin",
                              {rule({"create"}, {"authorization.k8s.io"}, {"localsubjectaccessreviews"}),
                               rule(kReadWrite, {kRbacGroup}, {"roles", "rolebindings"})},
                              {{admin, "true"}}));
    out.push_back(clusterRole(
        "system:aggregate-to-edit",
        {rule(kRead, {""}, {"pods/attach", "pods/proxy", "pods/exec", "pods/portforward", "secrets", "services/proxy"}),
         rule({"impersonate"}, {""}, {"serviceaccounts"}),
         rule(kWrite, {""}, {"pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward"}),
         rule({"create"}, {""}, {"pods/eviction"}),
         rule(kWrite, {""}, {"replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services",
                             "services/proxy", "persistentvolumeclaims", "configmaps", "secrets", "events"}),
         rule({"create"}, {""}, {"serviceaccounts/token"}),
         rule(kWrite, {"apps"}, {"statefulsets", "statefulsets/scale", "daemonsets", "deployments", "deployments/scale",
                                 "deployments/rollback", "replicasets", "replicasets/scale"}),
         rule(kWrite, {"autoscaling"}, {"horizontalpodautoscalers"}),
         rule(kWrite, {"batch"}, {"jobs", "cronjobs"}),
         rule(kWrite, {"extensions"}, {"daemonsets", "deployments", "deployments/scale", "deployments/rollback",
                                       "ingresses", "replicasets", "replicasets/scale", "replicationcontrollers/scale",
                                       "networkpolicies"}),
         rule(kWrite, {"policy"}, {"poddisruptionbudgets"}),
         rule(kWrite, {"networking.k8s.io"}, {"networkpolicies", "ingresses"})},
        {{edit, "true"}}));
    out.push_back(clusterRole(
        "system:aggregate-to-view",
        {rule(kRead, {""}, {"pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts",
                            "services", "services/status", "endpoints", "persistentvolumeclaims",
                            "persistentvolumeclaims/status", "configmaps"}),
         rule(kRead, {""}, {"limitranges", "resourcequotas", "bindings", "events", "pods/status",
                            "resourcequotas/status", "namespaces/status", "replicationcontrollers/status", "pods/log"}),
         rule(kRead, {""}, {"namespaces"}),
         rule(kRead, {"discovery.k8s.io"}, {"endpointslices"}),
         rule(kRead, {"apps"}, {"controllerrevisions", "statefulsets", "statefulsets/status", "statefulsets/scale",
                                "daemonsets", "daemonsets/status", "deployments", "deployments/status",
                                "deployments/scale", "replicasets", "replicasets/status", "replicasets/scale"}),
         rule(kRead, {"autoscaling"}, {"horizontalpodautoscalers", "horizontalpodautoscalers/status"}),
         rule(kRead, {"batch"}, {"jobs", "jobs/status", "cronjobs", "cronjobs/status"}),
         rule(kRead, {"extensions"}, {"daemonsets", "daemonsets/status", "deployments", "deployments/scale",
                                      "deployments/status", "ingresses", "ingresses/status", "replicasets",
                                      "replicasets/scale", "replicasets/status", "replicationcontrollers/scale",
                                      "networkpolicies"}),
         rule(kRead, {"policy"}, {"poddisruptionbudgets", "poddisruptionbudgets/status"}),
         rule(kRead, {"networking.k8s.io"}, {"ingresses", "ingresses/status", "networkpolicies"})},
        {{view, "true"}}));
    out.push_back(clusterRoleBinding("cluster-admin", "cluster-admin", {"system:masters"}));
    out.push_back(clusterRoleBinding("system:basic-user", "system:basic-user", {"system:authenticated"}));
    out.push_back(clusterRoleBinding("system:discovery", "system:discovery", {"system:authenticated"}));
    out.push_back(clusterRoleBinding("system:monitoring", "system:monitoring", {"system:monitoring"}));
    out.push_back(clusterRoleBinding("system:public-info-viewer", "system:public-info-viewer",
                                     {"system:authenticated", "system:unauthenticated"}));
    // The aggregation controller's work, done once here so a fresh lab starts settled
    // (view feeds edit, edit feeds admin).
    for (int pass = 0; pass < 3; ++pass)
        for (Json& role : out) {
            if (!role.contains("aggregationRule"))
                continue;
            std::vector<const Json*> roles;
            for (const Json& r : out)
                if (kindOf(r) == "ClusterRole")
                    roles.push_back(&r);
            Json rules = Json::array();
            for (Json& r : aggregatedRulesFrom(role, roles))
                rules.push_back(std::move(r));
            role["rules"] = std::move(rules);
        }
    // kubeadm (v1.29+) binds the admin.conf certificate's group instead of using system:masters.
    out.push_back(clusterRoleBinding("kubeadm:cluster-admins", "cluster-admin", {"kubeadm:cluster-admins"}, false));
    return out;
}

} // namespace kubelab::core::rbac

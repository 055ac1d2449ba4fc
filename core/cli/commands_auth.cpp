// SPDX-License-Identifier: GPL-3.0-or-later
// kubectl auth can-i / whoami (staging/src/k8s.io/kubectl/pkg/cmd/auth), kubectl config
// contexts, kubectl create token, and the store seen as etcd keys.
#include <algorithm>
#include <set>

#include "core/auth/rbac.h"
#include "core/auth/users.h"
#include "core/cli/cli.h"
#include "core/cli/printers.h"
#include "core/store/etcdkeys.h"

namespace kubelab::cli {

using namespace kubelab::core;

namespace {

/// Go's `%v` of a []string.
std::string goList(const Json& values)
{
    std::string out = "[";
    bool first = true;
    if (values.is_array())
        for (const Json& v : values) {
            out += (first ? "" : " ") + v.get<std::string>();
            first = false;
        }
    return out + "]";
}

Json field(const Json& rule, const char* name)
{
    return rule.contains(name) ? rule.at(name) : Json::array();
}

/// PolicyRule.String() of the generated protobuf code: what kubectl sorts the list by.
std::string goString(const Json& rule)
{
    return "&PolicyRule{Verbs:" + goList(field(rule, "verbs")) + ",APIGroups:" + goList(field(rule, "apiGroups")) +
           ",Resources:" + goList(field(rule, "resources")) + ",ResourceNames:" +
           goList(field(rule, "resourceNames")) + ",NonResourceURLs:" + goList(field(rule, "nonResourceURLs")) + ",}";
}

/// describe.CombineResourceGroup: `deployments.apps`, `pods/log`, `*.*`.
std::string combineResourceGroup(const Json& rule)
{
    const Json resources = field(rule, "resources");
    const Json groups = field(rule, "apiGroups");
    if (resources.empty())
        return {};
    std::string first = resources[0].get<std::string>();
    auto slash = first.find('/');
    std::string out = first.substr(0, slash);
    if (!groups.empty() && !groups[0].get<std::string>().empty())
        out += "." + groups[0].get<std::string>();
    if (slash != std::string::npos)
        out += first.substr(slash);
    return out;
}

const std::set<std::string> kResourceVerbs = {"get",    "list", "watch",       "create", "update",  "patch",
                                              "delete", "deletecollection", "use", "bind", "impersonate",
                                              "*",      "approve",          "sign", "escalate", "attest"};
const std::set<std::string> kNonResourceVerbs = {"get", "put", "post", "head", "options", "delete", "patch", "*"};

int canIList(Context& ctx)
{
    if (!ctx.args.empty())
        return ctx.fail(makeError(ErrorCode::Client, "list option must be specified with no arguments"));
    if (ctx.inv.boolean("quiet") || ctx.inv.boolean("all-namespaces") || ctx.inv.has("subresource"))
        return ctx.fail(makeError(ErrorCode::Client,
                                  "list option can't be specified with neither quiet, all-namespaces nor subresource options"));
    rbac::UserInfo user{ctx.request.user, ctx.request.groups};
    // The SelfSubjectRulesReview: resource rules, then non-resource rules.
    std::vector<Json> rules = rbac::rulesFor(ctx.engine, user, ctx.ns);
    std::vector<Json> converted;
    for (const Json& r : rules)
        if (!field(r, "resources").empty())
            converted.push_back(Json{{"verbs", field(r, "verbs")}, {"apiGroups", field(r, "apiGroups")},
                                     {"resources", field(r, "resources")}, {"resourceNames", field(r, "resourceNames")}});
    for (const Json& r : rules)
        if (!field(r, "nonResourceURLs").empty())
            converted.push_back(Json{{"verbs", field(r, "verbs")}, {"nonResourceURLs", field(r, "nonResourceURLs")}});
    std::vector<Json> broken;
    for (const Json& r : converted)
        for (Json& b : rbac::breakdownRule(r))
            broken.push_back(std::move(b));
    std::vector<Json> compact = rbac::compactRules(broken);
    std::ranges::stable_sort(compact, [](const Json& a, const Json& b) { return goString(a) < goString(b); });
    std::vector<std::vector<std::string>> rows;
    if (!ctx.inv.boolean("no-headers"))
        rows.push_back({"Resources", "Non-Resource URLs", "Resource Names", "Verbs"});
    for (const Json& r : compact)
        rows.push_back({combineResourceGroup(r), goList(field(r, "nonResourceURLs")), goList(field(r, "resourceNames")),
                        goList(field(r, "verbs"))});
    ctx.out << tabulate(rows);
    return 0;
}

} // namespace

int cmdAuthCanI(Context& ctx)
{
    if (ctx.inv.boolean("list"))
        return canIList(ctx);
    if (ctx.inv.boolean("no-headers"))
        return ctx.fail(makeError(ErrorCode::Client, "--no-headers cannot be set without --list specified"));
    if (ctx.args.size() < 2 || ctx.args.size() > 3)
        return ctx.fail(makeError(ErrorCode::Client, "you must specify two arguments: verb resource or verb "
                                                     "resource/resourceName.\nSee 'klab auth can-i -h' for help and examples."));
    rbac::Attributes a;
    a.verb = ctx.args[0];
    const bool allNs = ctx.inv.boolean("all-namespaces");
    const bool quiet = ctx.inv.boolean("quiet");
    auto warn = [&](const std::string& message) {
        if (!quiet)
            ctx.err << "Warning: " << message << "\n";
    };
    if (ctx.args[1].starts_with("/")) {
        if (ctx.args.size() == 3)
            return ctx.fail(makeError(ErrorCode::Client, "NonResourceURL and ResourceName can not specified together"));
        if (ctx.inv.has("subresource"))
            return ctx.fail(makeError(ErrorCode::Client, "--subresource can not be used with NonResourceURL"));
        a.resourceRequest = false;
        a.path = ctx.args[1];
        if (!kNonResourceVerbs.contains(a.verb))
            warn("verb '" + a.verb + "' is not a known verb");
    } else {
        std::string typed = ctx.args[1];
        if (auto slash = typed.find('/'); slash != std::string::npos) {
            a.name = typed.substr(slash + 1);
            typed = typed.substr(0, slash);
        }
        if (ctx.args.size() == 3)
            a.name = ctx.args[2];
        a.subresource = ctx.inv.value("subresource").value_or("");
        a.ns = allNs ? "" : ctx.ns;
        const ResourceInfo* r = typed == "*" ? nullptr : findResource(typed);
        if (typed == "*") {
            a.resource = "*";
        } else if (!r) {
            std::string lower = typed;
            std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
            auto dot = lower.find('.');
            if (dot == std::string::npos)
                warn("the server doesn't have a resource type '" + lower + "'");
            else
                warn("the server doesn't have a resource type '" + lower.substr(0, dot) + "' in group '" +
                     lower.substr(dot + 1) + "'");
            a.resource = typed;
        } else {
            a.resource = r->plural;
            a.apiGroup = r->group;
            if (!allNs && !r->namespaced) {
                if (r->group.empty())
                    warn("resource '" + a.resource + "' is not namespace scoped");
                else
                    warn("resource '" + a.resource + "' is not namespace scoped in group '" + a.apiGroup + "'");
            }
        }
        if (!kResourceVerbs.contains(a.verb))
            warn("verb '" + a.verb + "' is not a known verb");
    }
    rbac::Decision d = rbac::authorize(ctx.engine, rbac::UserInfo{ctx.request.user, ctx.request.groups}, a);
    if (!quiet)
        ctx.out << (d.allowed ? "yes" : "no") << "\n";
    return d.allowed ? 0 : 1;
}

int cmdAuthWhoami(Context& ctx)
{
    const std::string output = ctx.inv.value("output").value_or("");
    if (output == "json" || output == "yaml") {
        Json groups = Json::array();
        for (const std::string& g : ctx.request.groups)
            groups.push_back(g);
        Json review = {{"apiVersion", "authentication.k8s.io/v1"},
                       {"kind", "SelfSubjectReview"},
                       {"metadata", {{"creationTimestamp", nullptr}}},
                       {"status", {{"userInfo", {{"groups", groups}, {"username", ctx.request.user}}}}}};
        ctx.out << formatObjects({std::make_shared<const Json>(review)}, output, false);
        return 0;
    }
    if (!output.empty())
        return ctx.usage("unable to match a printer suitable for the output format \"" + output +
                         "\", allowed formats are: json,yaml");
    std::string groups = "[";
    for (std::size_t i = 0; i < ctx.request.groups.size(); ++i)
        groups += (i ? " " : "") + ctx.request.groups[i];
    groups += "]";
    ctx.out << tabulate({{"ATTRIBUTE", "VALUE"}, {"Username", ctx.request.user}, {"Groups", groups}});
    return 0;
}

int cmdConfigGetContexts(Context& ctx)
{
    const Kubeconfig config = Kubeconfig::load(ctx.engine);
    std::vector<LabContext> contexts = config.contexts;
    std::ranges::sort(contexts, {}, &LabContext::name);
    if (!ctx.args.empty()) {
        std::erase_if(contexts, [&](const LabContext& c) {
            return std::ranges::find(ctx.args, c.name) == ctx.args.end();
        });
        for (const std::string& a : ctx.args)
            if (!config.context(a))
                return ctx.fail(makeError(ErrorCode::Client, "context " + a + " not found"));
    }
    if (ctx.inv.value("output") == "name") {
        for (const LabContext& c : contexts)
            ctx.out << c.name << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> rows;
    if (!ctx.inv.boolean("no-headers"))
        rows.push_back({"CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"});
    for (const LabContext& c : contexts)
        rows.push_back({c.name == config.currentContext ? "*" : "", c.name, "kubernetes", c.user, c.ns});
    ctx.out << tabulate(rows);
    return 0;
}

int cmdConfigCurrentContext(Context& ctx)
{
    const Kubeconfig config = Kubeconfig::load(ctx.engine);
    if (config.currentContext.empty())
        return ctx.fail(makeError(ErrorCode::Client, "current-context is not set"));
    ctx.out << config.currentContext << "\n";
    return 0;
}

int cmdConfigUseContext(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.fail(makeError(ErrorCode::Client, "Unexpected args: [" + [&] {
            std::string s;
            for (const std::string& a : ctx.args)
                s += (s.empty() ? "" : " ") + a;
            return s;
        }() + "]"));
    Kubeconfig config = Kubeconfig::load(ctx.engine);
    if (!config.context(ctx.args[0]))
        return ctx.fail(makeError(ErrorCode::Client, "no context exists with the name: \"" + ctx.args[0] + "\""));
    config.currentContext = ctx.args[0];
    config.save(ctx.engine);
    ctx.out << "Switched to context \"" << ctx.args[0] << "\".\n";
    return 0;
}

int cmdConfigSetCredentials(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.usage("Unexpected args: expected 'config set-credentials NAME [--token=TOKEN] [--group=GROUP]...'");
    Kubeconfig config = Kubeconfig::load(ctx.engine);
    LabUser user{ctx.args[0], false, "", ctx.inv.values("group")};
    if (auto token = ctx.inv.value("token")) {
        user.token = true;
        user.tokenValue = *token;
    }
    auto it = std::ranges::find(config.users, user.name, &LabUser::name);
    if (it != config.users.end())
        *it = user;
    else
        config.users.push_back(user);
    config.save(ctx.engine);
    ctx.out << "User \"" << user.name << "\" set.\n";
    return 0;
}

int cmdConfigSetContext(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.usage("Unexpected args: expected 'config set-context NAME [--user=USER] [--namespace=NS]'");
    Kubeconfig config = Kubeconfig::load(ctx.engine);
    auto it = std::ranges::find(config.contexts, ctx.args[0], &LabContext::name);
    const bool exists = it != config.contexts.end();
    if (!exists) {
        config.contexts.push_back(LabContext{ctx.args[0], "", ""});
        it = config.contexts.end() - 1;
    }
    if (auto u = ctx.inv.value("user"))
        it->user = *u;
    if (auto ns = ctx.inv.value("namespace"))
        it->ns = *ns;
    config.save(ctx.engine);
    ctx.out << "Context \"" << ctx.args[0] << "\" " << (exists ? "modified" : "created") << ".\n";
    return 0;
}

int cmdCreateToken(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.fail(makeError(ErrorCode::Client, "exactly one argument (service account name) is required"));
    const ResourceInfo& sa = *findResourceByKind("ServiceAccount");
    if (auto a = rbac::authorizeRequest(ctx.engine, ctx.request, "create", sa, ctx.ns, ctx.args[0], "token"); !a)
        return ctx.fail(a.error());
    ObjectPtr account = ctx.engine.get(ObjectKey{"ServiceAccount", ctx.ns, ctx.args[0]});
    if (!account)
        return ctx.fail(makeError(ErrorCode::Client, "failed to create token: serviceaccounts \"" + ctx.args[0] +
                                                         "\" not found"));
    ctx.out << serviceAccountToken(ctx.engine, ctx.ns, ctx.args[0], uidOf(*account)) << "\n";
    return 0;
}

namespace {

/// Every stored object by its etcd key, in etcd's (byte) order.
std::vector<std::pair<std::string, ObjectPtr>> etcdKeys(const Engine& engine)
{
    std::vector<std::pair<std::string, ObjectPtr>> out;
    std::set<std::string_view> kinds;
    for (const ResourceInfo& r : allResources()) {
        if (!r.stored || !kinds.insert(r.kind).second)
            continue;
        for (const ObjectPtr& o : engine.list(r.kind))
            if (std::string key = etcdKeyOf(keyOf(*o)); !key.empty())
                out.emplace_back(std::move(key), o);
    }
    std::ranges::sort(out, {}, &std::pair<std::string, ObjectPtr>::first);
    return out;
}

} // namespace

int cmdEtcdLs(Context& ctx)
{
    const std::string prefix = ctx.args.empty() ? "/registry/" : ctx.args[0];
    for (const auto& [key, object] : etcdKeys(ctx.engine))
        if (key.starts_with(prefix))
            ctx.out << key << "\n";
    return 0;
}

int cmdEtcdGet(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.usage("expected 'etcd get KEY'");
    // etcdctl get prints the key and its value, and nothing for a missing key.
    for (const auto& [key, object] : etcdKeys(ctx.engine))
        if (key == ctx.args[0]) {
            // Sealed bytes as they are (etcdctl writes them raw; `| hexdump -C` shows the same).
            ctx.out << key << "\n" << etcdValue(ctx.engine.lab(), *object) << "\n";
            break;
        }
    return 0;
}

} // namespace kubelab::cli

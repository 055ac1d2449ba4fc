// SPDX-License-Identifier: GPL-3.0-or-later
// kubectl create's generators for the kinds the lab serves: role, clusterrole, rolebinding,
// clusterrolebinding, configmap, secret generic|tls|docker-registry, serviceaccount,
// priorityclass, job, cronjob, ingress and poddisruptionbudget, and the step they share
// (generate.h). Flags, validation texts and generated objects follow k8s.io/kubectl v1.31
// pkg/cmd/create/create_{role,clusterrole,rolebinding,clusterrolebinding,configmap,secret,
// secret_tls,secret_docker,serviceaccount,priorityclass,job,cronjob,ingress,pdb}.go and
// pkg/util/hash/hash.go (--append-hash).
//
// Where the lab simplifies: `create secret tls` checks that the certificate and key files
// hold the PEM blocks crypto/tls.X509KeyPair looks for, but does not parse the DER inside
// them, so a key that does not match its certificate is not refused.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <ostream>
#include <regex>
#include <set>
#include <sstream>

#include "core/api/encoding.h"
#include "core/api/labels.h"
#include "core/api/names.h"
#include "core/api/validation_util.h"
#include "core/auth/rbac.h"
#include "core/cli/generate.h"
#include "core/cli/jsonpath.h"
#include "core/network/sha256.h"

namespace kubelab::cli {

using namespace kubelab::core;

// --- the shared last step ------------------------------------------------------------------

Result<DryRun> dryRunStrategy(const Context& ctx)
{
    auto value = ctx.inv.value("dry-run");
    if (!value || *value == "none" || *value == "false" || *value == "0")
        return DryRun::None;
    if (*value == "client" || *value == "true" || *value == "1")
        return DryRun::Client;
    if (*value == "server")
        return DryRun::Server;
    return core::fail(ErrorCode::Usage,
                      "Invalid dry-run value (" + *value + "). Must be \"none\", \"server\", or \"client\".");
}

namespace {

/// The status a Go value of the kind prints when nothing has set it.
Json emptyStatus(std::string_view kind)
{
    if (kind == "Service" || kind == "Ingress")
        return Json{{"loadBalancer", Json::object()}};
    if (kind == "PodDisruptionBudget")
        return Json{{"currentHealthy", 0}, {"desiredHealthy", 0}, {"disruptionsAllowed", 0}, {"expectedPods", 0}};
    if (kind == "Deployment" || kind == "Job" || kind == "Namespace" || kind == "ResourceQuota" || kind == "Pod" ||
        kind == "CronJob")
        return Json::object();
    return Json(); // no status field
}

/// The object as kubectl prints its Go value without a server: an ObjectMeta always has
/// `creationTimestamp: null`, and so does a pod template's; the namespace only when -n
/// was given (EnforceNamespace).
Json clientShape(Json object, bool namespaceGiven)
{
    Json& meta = object["metadata"];
    if (!namespaceGiven)
        meta.erase("namespace");
    meta["creationTimestamp"] = nullptr;
    if (object.contains("spec") && object["spec"].contains("template"))
        object["spec"]["template"]["metadata"]["creationTimestamp"] = nullptr;
    if (object.contains("spec") && object["spec"].contains("jobTemplate")) {
        Json& jobTemplate = object["spec"]["jobTemplate"];
        jobTemplate["metadata"]["creationTimestamp"] = nullptr;
        jobTemplate["spec"]["template"]["metadata"]["creationTimestamp"] = nullptr;
    }
    Json status = emptyStatus(kindOf(object));
    if (!status.is_null())
        object["status"] = status;
    return object;
}

bool supportedOutput(const std::string& output)
{
    return output.empty() || output == "yaml" || output == "json" || output == "name" ||
           output.starts_with("jsonpath=") || output.starts_with("jsonpath-as-json=");
}

} // namespace

std::string dryRunSuffix(const Context& ctx)
{
    auto strategy = dryRunStrategy(ctx);
    if (!strategy)
        return ctx.request.dryRun ? " (dry run)" : "";
    return *strategy == DryRun::Client ? " (dry run)" : *strategy == DryRun::Server ? " (server dry run)" : "";
}

std::vector<std::string> splitOn(std::string_view s, char sep)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        auto pos = s.find(sep, start);
        out.emplace_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos)
            return out;
        start = pos + 1;
    }
}

Status checkCreateFlags(const Context& ctx)
{
    if (auto strategy = dryRunStrategy(ctx); !strategy)
        return core::fail(strategy.error());
    const std::string output = ctx.inv.value("output").value_or("");
    if (!supportedOutput(output))
        return core::fail(ErrorCode::Client, "unable to match a printer suitable for the output format \"" + output +
                                                 "\", allowed formats are: json,jsonpath,jsonpath-as-json,name,yaml");
    return {};
}

int createGenerated(Context& ctx, Json object, std::string_view failurePrefix)
{
    if (auto checked = checkCreateFlags(ctx); !checked)
        return ctx.fail(checked.error());
    auto strategy = dryRunStrategy(ctx);
    const std::string output = ctx.inv.value("output").value_or("");
    const ResourceInfo* resource = findResourceByApiVersionKind(object.value("apiVersion", ""), kindOf(object));
    const std::string name = nameOf(object);
    Json printed;
    if (*strategy == DryRun::Client) {
        printed = clientShape(std::move(object), ctx.nsExplicit);
    } else {
        RequestContext request = ctx.request;
        request.dryRun = *strategy == DryRun::Server;
        request.fieldManager = "kubectl-create";
        auto created = ctx.engine.create(std::move(object), request);
        if (!created) {
            Error error = created.error();
            if (!failurePrefix.empty()) {
                // fmt.Errorf("failed to create ingress: %v", err): the message of the server's error.
                error.message = std::string(failurePrefix) + (isServerError(error.code) ? error.message : error.toString());
                error.code = ErrorCode::Client;
            }
            return ctx.fail(error);
        }
        printed = **created;
    }
    if (output == "yaml" || output == "json") {
        ctx.out << formatObjects({std::make_shared<const Json>(printed)}, output, false);
    } else if (output == "name") {
        ctx.out << qualifiedName(*resource, name) << "\n";
    } else if (!output.empty()) {
        auto text = evaluateJsonPath(output.substr(output.find('=') + 1), printed, output.starts_with("jsonpath-as-json="));
        if (!text)
            return ctx.fail(text.error());
        ctx.out << *text;
    } else {
        ctx.out << qualifiedName(*resource, name) << " created" << dryRunSuffix(ctx) << "\n";
    }
    return 0;
}

namespace {

// --- flags and arguments -------------------------------------------------------------------

int clientError(const Context& ctx, const std::string& message)
{
    return ctx.fail(makeError(ErrorCode::Client, message));
}

/// Splits at the first `sep` only (Go's strings.SplitN(s, sep, 2)).
std::vector<std::string> splitOnce(std::string_view s, char sep)
{
    auto pos = s.find(sep);
    if (pos == std::string_view::npos)
        return {std::string(s)};
    return {std::string(s.substr(0, pos)), std::string(s.substr(pos + 1))};
}

/// A cobra StringSlice flag: every occurrence, each split at commas.
std::vector<std::string> sliceFlag(const Context& ctx, const std::string& flag)
{
    std::vector<std::string> out;
    for (const std::string& v : ctx.inv.values(flag)) {
        if (v.empty())
            continue;
        for (std::string& part : splitOn(v, ','))
            out.push_back(std::move(part));
    }
    return out;
}

void appendUnique(std::vector<std::string>& list, const std::string& value)
{
    if (std::find(list.begin(), list.end(), value) == list.end())
        list.push_back(value);
}

/// NameFromCommandArgs: exactly one argument before `--`.
std::optional<std::string> nameArgument(Context& ctx, int& rc)
{
    if (ctx.args.size() != 1) {
        rc = ctx.usage("exactly one NAME is required, got " + std::to_string(ctx.args.size()));
        return std::nullopt;
    }
    return ctx.args.front();
}

/// The NAME of a `create` generator, once its flags are valid (the checks kubectl's Complete
/// makes before the generator's own).
std::optional<std::string> createName(Context& ctx, int& rc)
{
    auto name = nameArgument(ctx, rc);
    if (!name)
        return std::nullopt;
    if (auto checked = checkCreateFlags(ctx); !checked) {
        rc = ctx.fail(checked.error());
        return std::nullopt;
    }
    return name;
}

Json objectMeta(const Context& ctx, const std::string& name, bool namespaced)
{
    Json meta = Json{{"name", name}};
    if (namespaced)
        meta["namespace"] = ctx.ns;
    return meta;
}

Json newObject(std::string_view apiVersion, std::string_view kind, Json meta)
{
    Json o = Json::object();
    o["apiVersion"] = std::string(apiVersion);
    o["kind"] = std::string(kind);
    o["metadata"] = std::move(meta);
    return o;
}

// --- role, clusterrole ---------------------------------------------------------------------

const std::vector<std::string> kValidResourceVerbs = {"*",     "get",   "delete", "list", "create",
                                                      "update", "patch", "watch",  "proxy", "deletecollection",
                                                      "use",   "bind",  "escalate", "impersonate"};
const std::vector<std::string> kValidNonResourceVerbs = {"*", "get", "post", "put", "delete", "patch", "head", "options"};

struct GroupResource {
    std::string group;
    std::string resource;
};

/// specialVerbs: verbs that only apply to some resources.
const std::map<std::string, std::vector<GroupResource>>& specialVerbs()
{
    static const std::map<std::string, std::vector<GroupResource>> verbs = {
        {"use", {{"policy", "podsecuritypolicies"}, {"extensions", "podsecuritypolicies"}}},
        {"bind", {{"rbac.authorization.k8s.io", "roles"}, {"rbac.authorization.k8s.io", "clusterroles"}}},
        {"escalate", {{"rbac.authorization.k8s.io", "roles"}, {"rbac.authorization.k8s.io", "clusterroles"}}},
        {"impersonate",
         {{"", "users"}, {"", "serviceaccounts"}, {"", "groups"}, {"authentication.k8s.io", "userextras"}}},
    };
    return verbs;
}

/// A `--resource` as create_role.go reads it: `resource[.group][/subresource]`.
struct RuleResource {
    std::string group;
    std::string resource;
    std::string subresource;
};

/// The options of `create role` and `create clusterrole` after kubectl's Complete.
struct RoleOptions {
    std::vector<std::string> verbs;
    std::vector<RuleResource> resources;
    std::vector<std::string> resourceNames;
    std::vector<std::string> nonResourceURLs;
    std::vector<std::pair<std::string, std::string>> aggregationRule;
};

/// The lab's RESTMapper.ResourceFor: the resource's plural and group, or kubectl's
/// `no matches for group/, Resource=resource`.
Result<GroupResource> mapResource(const GroupResource& typed)
{
    const ResourceInfo* r = typed.resource.empty() || typed.resource == "*"
                                ? nullptr
                                : findResource(typed.group.empty() ? typed.resource : typed.resource + "." + typed.group);
    if (!r)
        return core::fail(ErrorCode::Client, "no matches for " + typed.group + "/, Resource=" + typed.resource);
    return GroupResource{std::string(r->group), std::string(r->plural)};
}

/// Complete of create_role.go (and create_clusterrole.go): verbs deduplicated (`*` alone
/// wins), resources parsed (`*` alone ends the list), resource names and non-resource
/// URLs deduplicated. Returns the error text of a malformed --aggregation-rule.
Result<RoleOptions> completeRoleOptions(const std::vector<std::string>& verbsIn, const std::vector<std::string>& resourcesIn,
                                        const std::vector<std::string>& resourceNamesIn,
                                        const std::vector<std::string>& nonResourceURLsIn)
{
    RoleOptions o;
    for (const std::string& url : nonResourceURLsIn)
        appendUnique(o.nonResourceURLs, url);
    for (const std::string& v : verbsIn) {
        if (v == "*") {
            o.verbs = {"*"};
            break;
        }
        appendUnique(o.verbs, v);
    }
    for (const std::string& r : resourcesIn) {
        auto sections = splitOnce(r, '/');
        RuleResource resource;
        if (sections.size() == 2)
            resource.subresource = sections[1];
        auto parts = splitOnce(sections[0], '.');
        if (parts.size() == 2)
            resource.group = parts[1];
        resource.resource = parts[0];
        if (resource.resource == "*" && parts.size() == 1 && sections.size() == 1) {
            o.resources = {resource};
            break;
        }
        o.resources.push_back(resource);
    }
    for (const std::string& n : resourceNamesIn)
        appendUnique(o.resourceNames, n);
    return o;
}

/// validateResource of create_role.go.
Status validateRoleResources(const RoleOptions& o)
{
    for (const RuleResource& r : o.resources) {
        if (r.resource.empty())
            return core::fail(ErrorCode::Client, "resource must be specified if apiGroup/subresource specified");
        if (r.resource == "*")
            return {};
        GroupResource resource{r.group, r.resource};
        auto mapped = mapResource(resource);
        if (mapped)
            resource = *mapped;
        bool matchedSpecial = false;
        for (const std::string& v : o.verbs) {
            auto special = specialVerbs().find(v);
            if (special == specialVerbs().end())
                continue;
            bool match = std::any_of(special->second.begin(), special->second.end(), [&](const GroupResource& extra) {
                return resource.resource == extra.resource && resource.group == extra.group;
            });
            if (!match)
                return core::fail(ErrorCode::Client, "can not perform '" + v + "' on '" + resource.resource +
                                                         "' in group '" + resource.group + "'");
            matchedSpecial = true;
        }
        if (!mapped && !matchedSpecial)
            return core::fail(mapped.error());
    }
    return {};
}

/// generateResourcePolicyRules of create_role.go: one rule per API group (groups sorted),
/// resources deduplicated in their order, then one rule for the non-resource URLs.
Json policyRules(const RoleOptions& o)
{
    std::map<std::string, std::vector<std::string>> byGroup;
    for (const RuleResource& r : o.resources) {
        GroupResource resource{r.group, r.resource};
        if (auto mapped = mapResource(resource))
            resource = *mapped;
        if (!r.subresource.empty())
            resource.resource += "/" + r.subresource;
        appendUnique(byGroup[resource.group], resource.resource);
    }
    Json rules = Json::array();
    for (const auto& [group, resources] : byGroup) {
        Json rule = Json::object();
        rule["verbs"] = o.verbs;
        rule["apiGroups"] = Json::array({group});
        rule["resources"] = resources;
        if (!o.resourceNames.empty())
            rule["resourceNames"] = o.resourceNames;
        rules.push_back(std::move(rule));
    }
    if (!o.nonResourceURLs.empty())
        rules.push_back(Json{{"verbs", o.verbs}, {"nonResourceURLs", o.nonResourceURLs}});
    return rules;
}

/// Validate of create_role.go. Warnings (`'x' is not a standard resource verb`) go to `warnings`.
Status validateRole(const RoleOptions& o, std::vector<std::string>& warnings)
{
    if (o.verbs.empty())
        return core::fail(ErrorCode::Client, "at least one verb must be specified");
    for (const std::string& v : o.verbs)
        if (std::find(kValidResourceVerbs.begin(), kValidResourceVerbs.end(), v) == kValidResourceVerbs.end())
            warnings.push_back("'" + v + "' is not a standard resource verb");
    if (o.resources.empty())
        return core::fail(ErrorCode::Client, "at least one resource must be specified");
    return validateRoleResources(o);
}

/// Validate of create_clusterrole.go.
Status validateClusterRole(const RoleOptions& o, std::vector<std::string>& warnings)
{
    if (!o.aggregationRule.empty()) {
        if (!o.nonResourceURLs.empty() || !o.verbs.empty() || !o.resources.empty() || !o.resourceNames.empty())
            return core::fail(ErrorCode::Client,
                              "aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames");
        return {};
    }
    if (o.verbs.empty())
        return core::fail(ErrorCode::Client, "at least one verb must be specified");
    if (o.resources.empty() && o.nonResourceURLs.empty())
        return core::fail(ErrorCode::Client, "one of resource or nonResourceURL must be specified");
    if (!o.resources.empty()) {
        for (const std::string& v : o.verbs)
            if (std::find(kValidResourceVerbs.begin(), kValidResourceVerbs.end(), v) == kValidResourceVerbs.end())
                warnings.push_back("'" + v + "' is not a standard resource verb");
        if (auto s = validateRoleResources(o); !s)
            return s;
    }
    if (!o.nonResourceURLs.empty()) {
        for (const std::string& v : o.verbs)
            if (std::find(kValidNonResourceVerbs.begin(), kValidNonResourceVerbs.end(), v) == kValidNonResourceVerbs.end())
                return core::fail(ErrorCode::Client, "invalid verb: '" + v + "' for nonResourceURL");
        for (const std::string& url : o.nonResourceURLs) {
            if (url == "*")
                continue;
            if (url.empty() || url.front() != '/')
                return core::fail(ErrorCode::Client, "nonResourceURL should start with /");
            if (url.substr(0, url.size() - 1).find('*') != std::string::npos)
                return core::fail(ErrorCode::Client, "nonResourceURL only supports wildcard matches when '*' is at the end");
        }
    }
    return {};
}

/// cliflag.MapStringString: `k=v[,k=v]` per occurrence, later keys win.
Result<std::vector<std::pair<std::string, std::string>>> mapStringFlag(const Context& ctx, const std::string& flag)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& value : ctx.inv.values(flag)) {
        for (const std::string& pair : splitOn(value, ',')) {
            if (pair.empty())
                continue;
            auto kv = splitOnce(pair, '=');
            if (kv.size() != 2)
                return core::fail(ErrorCode::Usage, "invalid argument \"" + value + "\" for \"--" + flag +
                                                        "\" flag: malformed pair, expect string=string");
            auto trim = [](std::string t) {
                t.erase(0, std::min(t.size(), t.find_first_not_of(" \t")));
                t.erase(t.find_last_not_of(" \t") + 1);
                return t;
            };
            std::string key = trim(kv[0]);
            kv[1] = trim(kv[1]);
            auto existing = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == key; });
            if (existing != out.end())
                existing->second = kv[1];
            else
                out.emplace_back(key, kv[1]);
        }
    }
    return out;
}

int runRole(Context& ctx, bool cluster)
{
    int rc = 0;
    auto name = nameArgument(ctx, rc);
    if (!name)
        return rc;
    auto options = completeRoleOptions(sliceFlag(ctx, "verb"), sliceFlag(ctx, "resource"), ctx.inv.values("resource-name"),
                                       cluster ? sliceFlag(ctx, "non-resource-url") : std::vector<std::string>{});
    if (!options)
        return ctx.fail(options.error());
    if (cluster) {
        auto rule = mapStringFlag(ctx, "aggregation-rule");
        if (!rule)
            return ctx.fail(rule.error());
        options->aggregationRule = *rule;
    }
    if (auto checked = checkCreateFlags(ctx); !checked)
        return ctx.fail(checked.error());
    std::vector<std::string> warnings;
    Status valid = cluster ? validateClusterRole(*options, warnings) : validateRole(*options, warnings);
    for (const std::string& w : warnings)
        ctx.err << "Warning: " << w << "\n";
    if (!valid)
        return ctx.fail(valid.error());
    Json role = newObject("rbac.authorization.k8s.io/v1", cluster ? "ClusterRole" : "Role", objectMeta(ctx, *name, !cluster));
    if (!options->aggregationRule.empty()) {
        std::vector<std::pair<std::string, std::string>> sorted = options->aggregationRule;
        std::sort(sorted.begin(), sorted.end());
        Json matchLabels = Json::object();
        for (const auto& [k, v] : sorted)
            matchLabels[k] = v;
        role["aggregationRule"] = Json{{"clusterRoleSelectors", Json::array({Json{{"matchLabels", matchLabels}}})}};
        role["rules"] = nullptr;
    } else {
        role["rules"] = policyRules(*options);
    }
    return createGenerated(ctx, std::move(role));
}

// --- rolebinding, clusterrolebinding -------------------------------------------------------

Result<Json> bindingSubjects(const Context& ctx)
{
    Json subjects = Json::array();
    for (const std::string& user : ctx.inv.values("user"))
        subjects.push_back(Json{{"kind", "User"}, {"apiGroup", "rbac.authorization.k8s.io"}, {"name", user}});
    for (const std::string& group : ctx.inv.values("group"))
        subjects.push_back(Json{{"kind", "Group"}, {"apiGroup", "rbac.authorization.k8s.io"}, {"name", group}});
    for (const std::string& sa : ctx.inv.values("serviceaccount")) {
        auto tokens = splitOn(sa, ':');
        if (tokens.size() != 2 || tokens[0].empty() || tokens[1].empty())
            return core::fail(ErrorCode::Client, "serviceaccount must be <namespace>:<name>");
        subjects.push_back(Json{{"kind", "ServiceAccount"}, {"name", tokens[1]}, {"namespace", tokens[0]}});
    }
    return subjects;
}

int runBinding(Context& ctx, bool cluster)
{
    int rc = 0;
    auto name = createName(ctx, rc);
    if (!name)
        return rc;
    const std::string role = cluster ? "" : ctx.inv.value("role").value_or("");
    const std::string clusterRole = ctx.inv.value("clusterrole").value_or("");
    if (cluster && !ctx.inv.has("clusterrole"))
        return ctx.usage("required flag(s) \"clusterrole\" not set");
    if (!cluster && role.empty() == clusterRole.empty())
        return clientError(ctx, "exactly one of clusterrole or role must be specified");
    Json binding = newObject("rbac.authorization.k8s.io/v1", cluster ? "ClusterRoleBinding" : "RoleBinding",
                             objectMeta(ctx, *name, !cluster));
    binding["roleRef"] = Json{{"apiGroup", "rbac.authorization.k8s.io"},
                              {"kind", role.empty() ? "ClusterRole" : "Role"},
                              {"name", role.empty() ? clusterRole : role}};
    auto subjects = bindingSubjects(ctx);
    if (!subjects)
        return ctx.fail(subjects.error());
    if (!subjects->empty())
        binding["subjects"] = *subjects;
    return createGenerated(ctx, std::move(binding));
}

} // namespace

// --- configmap, secret ---------------------------------------------------------------------

namespace {

bool validUtf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 4;
        if (extra == 4 || i + extra >= s.size() + (extra == 0 ? 1 : 0) || i + extra > s.size() - 1)
            return false;
        std::uint32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1fu) : extra == 2 ? (c & 0x0fu) : (c & 0x07u);
        for (std::size_t k = 1; k <= extra; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc >> 6) != 2)
                return false;
            cp = (cp << 6) | (cc & 0x3fu);
        }
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += extra + 1;
    }
    return true;
}

/// `error reading PATH: no such file or directory` (os.Stat's *PathError).
std::string readError(const std::string& path, const std::error_code& ec)
{
    std::string reason = ec == std::errc::no_such_file_or_directory ? "no such file or directory"
                         : ec == std::errc::permission_denied      ? "permission denied"
                                                                   : ec.message();
    return "error reading " + path + ": " + reason;
}

Result<std::string> readWholeFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return core::fail(ErrorCode::Client, "open " + path + ": no such file or directory");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// ParseFileSource: `[key=]path`.
Result<std::pair<std::string, std::string>> parseFileSource(const std::string& source)
{
    auto n = std::count(source.begin(), source.end(), '=');
    if (n == 0)
        return std::pair{std::filesystem::path(source).filename().string(), source};
    if (n == 1 && source.front() == '=')
        return core::fail(ErrorCode::Client, "key name for file path " + source.substr(1) + " missing");
    if (n == 1 && source.back() == '=')
        return core::fail(ErrorCode::Client, "file path for key name " + source.substr(0, source.size() - 1) + " missing");
    if (n > 1)
        return core::fail(ErrorCode::Client, "key names or file paths cannot contain '='");
    auto eq = source.find('=');
    return std::pair{source.substr(0, eq), source.substr(eq + 1)};
}

/// ParseLiteralSource: `key=value`, quotes trimmed from both ends of the value.
Result<std::pair<std::string, std::string>> parseLiteralSource(const std::string& source)
{
    auto eq = source.find('=');
    if (eq == 0 || eq == std::string::npos)
        return core::fail(ErrorCode::Client, "invalid literal source " + source + ", expected key=value");
    std::string value = source.substr(eq + 1);
    auto first = value.find_first_not_of("\"'");
    value = first == std::string::npos ? std::string() : value.substr(first, value.find_last_not_of("\"'") - first + 1);
    return std::pair{source.substr(0, eq), value};
}

/// AddFromEnvFile: `KEY=value` lines; blank lines and `#` comments skipped; a line without
/// `=` takes the value from the environment.
Status readEnvFile(const std::string& path, const std::function<Status(const std::string&, const std::string&)>& add)
{
    auto text = readWholeFile(path);
    if (!text)
        return core::fail(text.error());
    std::vector<std::string> lines = splitOn(*text, '\n');
    if (!lines.empty() && lines.back().empty())
        lines.pop_back();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string line = lines[i];
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (!validUtf8(line))
        {
            std::string bytes;
            for (char c : line)
                bytes += (bytes.empty() ? "" : " ") + std::to_string(static_cast<unsigned char>(c));
            return core::fail(ErrorCode::Client, "env file " + path + " contains invalid utf8 bytes at line " +
                                                     std::to_string(i + 1) + ": [" + bytes + "]");
        }
        if (i == 0 && line.starts_with("\xEF\xBB\xBF"))
            line.erase(0, 3);
        line.erase(0, std::min(line.size(), line.find_first_not_of(" \t\v\f\r")));
        if (line.empty() || line.front() == '#')
            continue;
        auto kv = splitOnce(line, '=');
        if (auto errs = validation::isEnvVarName(kv[0]); !errs.empty())
            return core::fail(ErrorCode::Client, goQuote(kv[0]) + " is not a valid key name: " + core::join(errs, ";"));
        std::string value;
        if (kv.size() == 2) {
            value = kv[1];
        } else if (const char* env = std::getenv(kv[0].c_str())) {
            value = env;
        }
        if (auto s = add(kv[0], value); !s)
            return s;
    }
    return {};
}

/// Where create configmap and create secret keep their keys.
class KeyedData {
public:
    enum class Kind { ConfigMap, Secret };
    KeyedData(Kind kind, std::string name) : m_kind(kind), m_name(std::move(name)) {}

    /// addKeyFromLiteralToConfigMap / addKeyFromLiteralToSecret.
    Status add(const std::string& key, const std::string& value, bool binary = false)
    {
        auto errs = validation::isConfigMapKey(key);
        if (m_kind == Kind::Secret) {
            if (!errs.empty())
                return core::fail(ErrorCode::Client, goQuote(key) + " is not valid key name for a Secret " + core::join(errs, ";"));
            if (m_data.contains(key))
                return core::fail(ErrorCode::Client, "cannot add key " + key + ", another key by that name already exists");
            m_data[key] = encodeBase64(value);
            return {};
        }
        if (!errs.empty())
            return core::fail(ErrorCode::Client, goQuote(key) + " is not a valid key name for a ConfigMap: " + core::join(errs, ","));
        if (m_data.contains(key))
            return core::fail(ErrorCode::Client, "cannot add key " + goQuote(key) +
                                                     ", another key by that name already exists in Data for ConfigMap " +
                                                     goQuote(m_name));
        if (m_binary.contains(key))
            return core::fail(ErrorCode::Client, "cannot add key " + goQuote(key) +
                                                     ", another key by that name already exists in BinaryData for ConfigMap " +
                                                     goQuote(m_name));
        if (binary)
            m_binary[key] = encodeBase64(value);
        else
            m_data[key] = value;
        return {};
    }

    /// handle*FromFileSources: a file (its key the file name or the one given) or every
    /// regular file of a directory.
    Status addFileSource(const std::string& source)
    {
        auto parsed = parseFileSource(source);
        if (!parsed)
            return core::fail(parsed.error());
        auto [key, path] = *parsed;
        std::error_code ec;
        auto status = std::filesystem::status(path, ec);
        if (ec || !std::filesystem::exists(status))
            return core::fail(ErrorCode::Client, readError(path, ec ? ec : std::make_error_code(std::errc::no_such_file_or_directory)));
        if (std::filesystem::is_directory(status)) {
            if (source.find('=') != std::string::npos)
                return core::fail(ErrorCode::Client, "cannot give a key name for a directory path");
            std::vector<std::filesystem::path> files;
            for (const auto& entry : std::filesystem::directory_iterator(path, ec))
                if (entry.is_regular_file() && !entry.is_symlink())
                    files.push_back(entry.path());
            std::sort(files.begin(), files.end());
            for (const auto& f : files)
                if (auto s = addFile(f.filename().string(), (std::filesystem::path(path) / f.filename()).string()); !s)
                    return s;
            return {};
        }
        return addFile(key, path);
    }

    /// handle*FromEnvFileSources.
    Status addEnvFileSource(const std::string& path)
    {
        std::error_code ec;
        auto status = std::filesystem::status(path, ec);
        if (ec || !std::filesystem::exists(status))
            return core::fail(ErrorCode::Client, readError(path, ec ? ec : std::make_error_code(std::errc::no_such_file_or_directory)));
        if (std::filesystem::is_directory(status))
            return core::fail(ErrorCode::Client, m_kind == Kind::Secret ? "env secret file cannot be a directory"
                                                                        : "env config file cannot be a directory");
        return readEnvFile(path, [this](const std::string& k, const std::string& v) { return add(k, v); });
    }

    [[nodiscard]] const std::map<std::string, std::string>& data() const { return m_data; }
    [[nodiscard]] const std::map<std::string, std::string>& binaryData() const { return m_binary; }

private:
    Status addFile(const std::string& key, const std::string& path)
    {
        auto content = readWholeFile(path);
        if (!content)
            return core::fail(content.error());
        return add(key, *content, m_kind == Kind::ConfigMap && !validUtf8(*content));
    }

    Kind m_kind;
    std::string m_name;
    std::map<std::string, std::string> m_data;   ///< base64 for a Secret
    std::map<std::string, std::string> m_binary; ///< a ConfigMap's binaryData, base64
};

Json mapToJson(const std::map<std::string, std::string>& m)
{
    Json out = Json::object();
    for (const auto& [k, v] : m)
        out[k] = v;
    return out;
}

/// A string as Go's encoding/json writes it (HTML characters escaped).
std::string goJsonString(std::string_view s)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '<': case '>': case '&':
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
            break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 15];
            } else if (c == 0xe2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                       (static_cast<unsigned char>(s[i + 2]) == 0xa8 || static_cast<unsigned char>(s[i + 2]) == 0xa9)) {
                out += static_cast<unsigned char>(s[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";
                i += 2;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out + "\"";
}

/// A string map as Go's json.Marshal writes it: keys sorted, compact.
std::string goJsonMap(const std::map<std::string, std::string>& m)
{
    std::string out = "{";
    for (const auto& [k, v] : m)
        out += (out.size() > 1 ? "," : "") + goJsonString(k) + ":" + goJsonString(v);
    return out + "}";
}

/// hash.encodeHash(hash.hash(encoded)): the first ten hex digits of the SHA-256, with the
/// vowels and the digits that look like letters replaced.
std::string contentHash(const std::string& encoded)
{
    static constexpr char kHex[] = "0123456789abcdef";
    auto digest = net::sha256(encoded);
    std::string hex;
    for (std::size_t i = 0; i < 5; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 15];
    }
    for (char& c : hex) {
        switch (c) {
        case '0': c = 'g'; break;
        case '1': c = 'h'; break;
        case '3': c = 'k'; break;
        case 'a': c = 'm'; break;
        case 'e': c = 't'; break;
        default: break;
        }
    }
    return hex;
}

int sourcesConflict(const Context& ctx)
{
    if (!ctx.inv.values("from-env-file").empty() &&
        (!ctx.inv.values("from-file").empty() || !ctx.inv.values("from-literal").empty()))
        return clientError(ctx, "from-env-file cannot be combined with from-file or from-literal");
    return 0;
}

Status addSources(const Context& ctx, KeyedData& data)
{
    for (const std::string& source : sliceFlag(ctx, "from-file"))
        if (auto s = data.addFileSource(source); !s)
            return s;
    for (const std::string& literal : ctx.inv.values("from-literal")) {
        auto kv = parseLiteralSource(literal);
        if (!kv)
            return core::fail(kv.error());
        if (auto s = data.add(kv->first, kv->second); !s)
            return s;
    }
    for (const std::string& path : sliceFlag(ctx, "from-env-file"))
        if (auto s = data.addEnvFileSource(path); !s)
            return s;
    return {};
}

/// newSecretObj: the Secret every `create secret` starts from.
Json newSecret(const Context& ctx, const std::string& name, const std::string& type)
{
    Json secret = newObject("v1", "Secret", objectMeta(ctx, name, true));
    if (!type.empty())
        secret["type"] = type;
    secret["data"] = Json::object();
    return secret;
}

/// --append-hash: the name gets `-<hash of kind, name, data (and type)>` (hash.SecretHash).
void appendSecretHash(Json& secret)
{
    std::map<std::string, std::string> data;
    for (auto it = secret["data"].begin(); it != secret["data"].end(); ++it)
        data[it.key()] = it.value().get<std::string>();
    std::string encoded = "{\"data\":" + goJsonMap(data) + ",\"kind\":\"Secret\",\"name\":" +
                          goJsonString(nameOf(secret)) + ",\"type\":" + goJsonString(secret.value("type", "")) + "}";
    secret["metadata"]["name"] = nameOf(secret) + "-" + contentHash(encoded);
}

// --- PEM blocks (create secret tls) --------------------------------------------------------

/// The types of the well-formed PEM blocks in `text`, as encoding/pem.Decode finds them.
std::vector<std::string> pemBlockTypes(std::string_view text)
{
    std::vector<std::string> types;
    std::size_t pos = 0;
    while ((pos = text.find("-----BEGIN ", pos)) != std::string_view::npos) {
        std::size_t typeStart = pos + 11;
        std::size_t typeEnd = text.find("-----", typeStart);
        std::size_t lineEnd = text.find('\n', typeStart);
        if (typeEnd == std::string_view::npos || (lineEnd != std::string_view::npos && typeEnd > lineEnd)) {
            pos = typeStart;
            continue;
        }
        std::string type(text.substr(typeStart, typeEnd - typeStart));
        std::string endMarker = "-----END " + type + "-----";
        std::size_t bodyStart = typeEnd + 5;
        std::size_t end = text.find(endMarker, bodyStart);
        if (end == std::string_view::npos) {
            pos = typeStart;
            continue;
        }
        std::string_view body = text.substr(bodyStart, end - bodyStart);
        // Headers (`Proc-Type: ...`) end at an empty line.
        if (auto colon = body.find(':'); colon != std::string_view::npos) {
            auto blank = body.find("\n\n");
            if (blank != std::string_view::npos)
                body = body.substr(blank + 2);
        }
        if (decodeBase64(body)) {
            types.push_back(type);
            pos = end + endMarker.size();
        } else {
            pos = typeStart;
        }
    }
    return types;
}

std::string goList(const std::vector<std::string>& items)
{
    return "[" + core::join(items, " ") + "]";
}

/// The PEM checks of crypto/tls.X509KeyPair, with its error texts.
Status checkKeyPair(std::string_view cert, std::string_view key)
{
    std::vector<std::string> skipped;
    bool haveCert = false;
    for (const std::string& t : pemBlockTypes(cert)) {
        if (t == "CERTIFICATE")
            haveCert = true;
        else
            skipped.push_back(t);
    }
    if (!haveCert) {
        if (skipped.empty())
            return core::fail(ErrorCode::Client, "tls: failed to find any PEM data in certificate input");
        if (skipped.size() == 1 && skipped[0].ends_with("PRIVATE KEY"))
            return core::fail(ErrorCode::Client, "tls: failed to find certificate PEM data in certificate input, but did "
                                                 "find a private key; PEM inputs may have been switched");
        return core::fail(ErrorCode::Client, "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after "
                                             "skipping PEM blocks of the following types: " + goList(skipped));
    }
    skipped.clear();
    for (const std::string& t : pemBlockTypes(key)) {
        if (t == "PRIVATE KEY" || t.ends_with(" PRIVATE KEY"))
            return {};
        skipped.push_back(t);
    }
    if (skipped.empty())
        return core::fail(ErrorCode::Client, "tls: failed to find any PEM data in key input");
    if (skipped.size() == 1 && skipped[0] == "CERTIFICATE")
        return core::fail(ErrorCode::Client, "tls: found a certificate rather than a key in the PEM for the private key");
    return core::fail(ErrorCode::Client, "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input "
                                         "after skipping PEM blocks of the following types: " + goList(skipped));
}

} // namespace

/// kubectl create configmap (create_configmap.go).
int cmdCreateConfigMap(Context& ctx)
{
    int rc = 0;
    auto name = createName(ctx, rc);
    if (!name)
        return rc;
    if (int c = sourcesConflict(ctx))
        return c;
    KeyedData data(KeyedData::Kind::ConfigMap, *name);
    if (auto s = addSources(ctx, data); !s)
        return ctx.fail(s.error());
    Json cm = newObject("v1", "ConfigMap", objectMeta(ctx, *name, true));
    if (!data.binaryData().empty())
        cm["binaryData"] = mapToJson(data.binaryData());
    if (!data.data().empty())
        cm["data"] = mapToJson(data.data());
    if (ctx.inv.boolean("append-hash")) {
        // hash.ConfigMapHash: json.Marshal of {binaryData?, data, kind, name}, keys sorted.
        std::string encoded = "{";
        if (!data.binaryData().empty())
            encoded += "\"binaryData\":" + goJsonMap(data.binaryData()) + ",";
        encoded += "\"data\":" + goJsonMap(data.data()) + ",\"kind\":\"ConfigMap\",\"name\":" + goJsonString(*name) + "}";
        cm["metadata"]["name"] = *name + "-" + contentHash(encoded);
    }
    return createGenerated(ctx, std::move(cm));
}

/// kubectl create secret generic (create_secret.go).
int cmdCreateSecretGeneric(Context& ctx)
{
    int rc = 0;
    auto name = createName(ctx, rc);
    if (!name)
        return rc;
    if (int c = sourcesConflict(ctx))
        return c;
    Json secret = newSecret(ctx, *name, ctx.inv.value("type").value_or(""));
    KeyedData data(KeyedData::Kind::Secret, *name);
    if (auto s = addSources(ctx, data); !s)
        return ctx.fail(s.error());
    secret["data"] = mapToJson(data.data());
    if (ctx.inv.boolean("append-hash"))
        appendSecretHash(secret);
    if (secret["data"].empty())
        secret.erase("data");
    return createGenerated(ctx, std::move(secret));
}

/// kubectl create secret tls (create_secret_tls.go).
int cmdCreateSecretTls(Context& ctx)
{
    int rc = 0;
    auto name = createName(ctx, rc);
    if (!name)
        return rc;
    const std::string certPath = ctx.inv.value("cert").value_or("");
    const std::string keyPath = ctx.inv.value("key").value_or("");
    if (certPath.empty() || keyPath.empty())
        return clientError(ctx, "key and cert must be specified");
    auto cert = readWholeFile(certPath);
    if (!cert)
        return ctx.fail(cert.error());
    auto key = readWholeFile(keyPath);
    if (!key)
        return ctx.fail(key.error());
    if (auto s = checkKeyPair(*cert, *key); !s)
        return ctx.fail(s.error());
    Json secret = newSecret(ctx, *name, "kubernetes.io/tls");
    secret["data"] = Json{{"tls.crt", encodeBase64(*cert)}, {"tls.key", encodeBase64(*key)}};
    if (ctx.inv.boolean("append-hash"))
        appendSecretHash(secret);
    return createGenerated(ctx, std::move(secret));
}

namespace {

/// The `.dockerconfigjson` kubectl writes (handleDockerCfgJSONContent): compact JSON, the
/// entry's fields in struct order, `auth` the base64 of `username:password`.
std::string dockerConfigJson(const std::string& username, const std::string& password, const std::string& email,
                             const std::string& server)
{
    std::string entry;
    auto field = [&](const char* k, const std::string& v) {
        if (!v.empty())
            entry += (entry.empty() ? "" : ",") + std::string("\"") + k + "\":" + goJsonString(v);
    };
    field("username", username);
    field("password", password);
    field("email", email);
    field("auth", encodeBase64(username + ":" + password));
    return "{\"auths\":{" + goJsonString(server) + ":{" + entry + "}}}";
}

} // namespace

/// kubectl create secret docker-registry (create_secret_docker.go).
int cmdCreateSecretDockerRegistry(Context& ctx)
{
    int rc = 0;
    auto name = createName(ctx, rc);
    if (!name)
        return rc;
    const std::string username = ctx.inv.value("docker-username").value_or("");
    const std::string password = ctx.inv.value("docker-password").value_or("");
    const std::string email = ctx.inv.value("docker-email").value_or("");
    const std::string server = ctx.inv.value("docker-server").value_or("https://index.docker.io/v1/");
    std::vector<std::string> files = sliceFlag(ctx, "from-file");
    if (files.empty() && (username.empty() || password.empty() || server.empty()))
        return clientError(ctx, "either --from-file or the combination of --docker-username, --docker-password and "
                                "--docker-server is required");
    Json secret = newSecret(ctx, *name, "kubernetes.io/dockerconfigjson");
    if (!files.empty()) {
        KeyedData data(KeyedData::Kind::Secret, *name);
        for (const std::string& source : files)
            if (auto s = data.addFileSource(source); !s)
                return ctx.fail(s.error());
        secret["data"] = mapToJson(data.data());
    } else {
        secret["data"] = Json{{".dockerconfigjson", encodeBase64(dockerConfigJson(username, password, email, server))}};
    }
    if (ctx.inv.boolean("append-hash"))
        appendSecretHash(secret);
    return createGenerated(ctx, std::move(secret));
}

// --- serviceaccount, priorityclass, job, cronjob, ingress, poddisruptionbudget -------------

int cmdCreateRole(Context& ctx)
{
    return runRole(ctx, false);
}

int cmdCreateClusterRole(Context& ctx)
{
    return runRole(ctx, true);
}

int cmdCreateRoleBinding(Context& ctx)
{
    return runBinding(ctx, false);
}

int cmdCreateClusterRoleBinding(Context& ctx)
{
    return runBinding(ctx, true);
}

/// kubectl create serviceaccount (create_serviceaccount.go).
int cmdCreateServiceAccount(Context& ctx)
{
    int rc = 0;
    auto name = nameArgument(ctx, rc);
    if (!name)
        return rc;
    return createGenerated(ctx, newObject("v1", "ServiceAccount", objectMeta(ctx, *name, true)));
}

/// kubectl create priorityclass (create_priorityclass.go).
int cmdCreatePriorityClass(Context& ctx)
{
    int rc = 0;
    auto name = nameArgument(ctx, rc);
    if (!name)
        return rc;
    std::int64_t value = 0;
    if (auto v = ctx.inv.value("value")) {
        try {
            std::size_t used = 0;
            value = std::stoll(*v, &used);
            if (used != v->size() || value < std::numeric_limits<std::int32_t>::min() ||
                value > std::numeric_limits<std::int32_t>::max())
                throw std::out_of_range(*v);
        } catch (...) {
            return ctx.usage("invalid argument \"" + *v + "\" for \"--value\" flag: strconv.ParseInt: parsing \"" + *v +
                             "\": " + (v->find_first_not_of("-0123456789") == std::string::npos && !v->empty()
                                           ? "value out of range"
                                           : "invalid syntax"));
        }
    }
    Json pc = newObject("scheduling.k8s.io/v1", "PriorityClass", objectMeta(ctx, *name, false));
    pc["value"] = value;
    if (ctx.inv.boolean("global-default"))
        pc["globalDefault"] = true;
    if (auto d = ctx.inv.value("description"); d && !d->empty())
        pc["description"] = *d;
    pc["preemptionPolicy"] = ctx.inv.value("preemption-policy").value_or("PreemptLowerPriority");
    return createGenerated(ctx, std::move(pc));
}

/// kubectl create job (create_job.go): from an image (and a command after `--`), or from a
/// CronJob's job template (`--from=cronjob/NAME`).
int cmdCreateJob(Context& ctx)
{
    int rc = 0;
    auto name = createName(ctx, rc);
    if (!name)
        return rc;
    const std::string image = ctx.inv.value("image").value_or("");
    const std::string from = ctx.inv.value("from").value_or("");
    if (image.empty() == from.empty())
        return clientError(ctx, "either --image or --from must be specified");
    if (!ctx.inv.afterDashes.empty() && !from.empty())
        return clientError(ctx, "cannot specify --from and command");
    Json job = newObject("batch/v1", "Job", objectMeta(ctx, *name, true));
    if (from.empty()) {
        Json container = Json{{"image", image}, {"name", *name}};
        if (!ctx.inv.afterDashes.empty())
            container["command"] = ctx.inv.afterDashes;
        container["resources"] = Json::object();
        job["spec"] = Json{{"template", Json{{"spec", Json{{"containers", Json::array({container})},
                                                            {"restartPolicy", "Never"}}}}}};
        return createGenerated(ctx, std::move(job));
    }
    auto slash = from.find('/');
    if (slash == std::string::npos)
        return clientError(ctx, "resource(s) were provided, but no name was specified");
    const ResourceInfo* resource = resolveResource(ctx, from.substr(0, slash));
    if (!resource)
        return 1;
    const std::string sourceName = from.substr(slash + 1);
    const std::string ns = resource->namespaced ? ctx.ns : std::string();
    if (auto a = rbac::authorizeRequest(ctx.engine, ctx.request, "get", *resource, ns, sourceName); !a)
        return ctx.fail(a.error());
    ObjectPtr source = ctx.engine.get(ObjectKey{std::string(resource->kind), ns, sourceName});
    if (!source)
        return ctx.fail(makeError(ErrorCode::NotFound, resource->qualifiedPlural() + " \"" + sourceName + "\" not found"));
    if (resource->kind != "CronJob")
        return clientError(ctx, "unknown object type *" + std::string(resource->version) + "." + std::string(resource->kind));
    const Json jobTemplate = (*source)["spec"].value("jobTemplate", Json::object());
    const Json templateMeta = jobTemplate.value("metadata", Json::object());
    Json annotations = Json{{"cronjob.kubernetes.io/instantiate", "manual"}};
    const Json templateAnnotations = templateMeta.value("annotations", Json::object());
    for (auto it = templateAnnotations.begin(); it != templateAnnotations.end(); ++it)
        annotations[it.key()] = it.value();
    Json& meta = job["metadata"];
    meta["annotations"] = annotations;
    if (templateMeta.contains("labels") && !templateMeta["labels"].empty())
        meta["labels"] = templateMeta["labels"];
    meta["ownerReferences"] = Json::array({Json{{"apiVersion", "batch/v1"},
                                                {"kind", "CronJob"},
                                                {"name", nameOf(*source)},
                                                {"uid", uidOf(*source)},
                                                {"controller", true}}});
    job["spec"] = jobTemplate.value("spec", Json::object());
    return createGenerated(ctx, std::move(job));
}

/// kubectl create cronjob (create_cronjob.go).
int cmdCreateCronJob(Context& ctx)
{
    std::vector<std::string> missing;
    for (const char* flag : {"image", "schedule"})
        if (!ctx.inv.has(flag))
            missing.emplace_back(flag);
    if (!missing.empty())
        return ctx.usage("required flag(s) \"" + core::join(missing, "\", \"") + "\" not set");
    int rc = 0;
    auto name = createName(ctx, rc);
    if (!name)
        return rc;
    std::string restart = ctx.inv.value("restart").value_or("");
    if (restart.empty())
        restart = "OnFailure";
    Json container = Json{{"image", ctx.inv.value("image").value_or("")}, {"name", *name}};
    if (!ctx.inv.afterDashes.empty())
        container["command"] = ctx.inv.afterDashes;
    container["resources"] = Json::object();
    Json podSpec = Json{{"containers", Json::array({container})}, {"restartPolicy", restart}};
    Json cronJob = newObject("batch/v1", "CronJob", objectMeta(ctx, *name, true));
    cronJob["spec"] = Json{{"jobTemplate", Json{{"metadata", Json{{"name", *name}}},
                                                {"spec", Json{{"template", Json{{"spec", podSpec}}}}}}},
                           {"schedule", ctx.inv.value("schedule").value_or("")}};
    return createGenerated(ctx, std::move(cronJob), "failed to create cronjob: ");
}

namespace {

/// ruleRegex of create_ingress.go: host/path=svcname:svcport[,tls[=secret]].
const std::regex& ingressRuleRegex()
{
    static const std::regex re(R"(^([\w\*\-\.]*)(/[^,=\n]*)=([\w\-]+):([\w\-]+)(,(tls)=?([\w\-]+)?)?$)");
    return re;
}

/// parseServiceBackendPort: a number, or a port name.
Json ingressBackend(const std::string& service)
{
    auto parts = splitOn(service, ':');
    Json port = Json::object();
    const std::string& p = parts.size() > 1 ? parts[1] : std::string();
    bool numeric = !p.empty() && p.find_first_not_of("0123456789") == std::string::npos && p.size() < 10;
    if (numeric)
        port["number"] = std::stoll(p);
    else
        port["name"] = p;
    return Json{{"service", Json{{"name", parts[0]}, {"port", port}}}};
}

Json ingressPath(const std::string& pathService)
{
    auto parts = splitOn(pathService, '=');
    std::string path = "/" + parts[0];
    std::string pathType = "Exact";
    if (path.back() == '*') {
        pathType = "Prefix";
        path.pop_back();
    }
    return Json{{"backend", ingressBackend(parts.size() > 1 ? parts[1] : std::string())},
                {"path", path},
                {"pathType", pathType}};
}

/// buildTLSRules of create_ingress.go: a host joins the entry of its secret, once.
Json ingressTls(const std::vector<std::string>& rules)
{
    Json tls = Json::array();
    std::set<std::string> hostSeen;
    for (const std::string& rule : rules) {
        auto parts = splitOn(rule, ',');
        if (parts.size() != 2)
            continue;
        std::string host = splitOnce(rule, '/')[0];
        auto secretParts = splitOn(parts[1], '=');
        std::string secret = secretParts.size() > 1 ? secretParts[1] : std::string();
        if (hostSeen.contains(host))
            continue;
        int index = -1;
        for (std::size_t i = 0; i < tls.size(); ++i)
            if (tls[i].value("secretName", "") == secret)
                index = static_cast<int>(i);
        hostSeen.insert(host);
        if (index > -1) {
            // Appending to an entry's hosts (Go appends to a nil slice too).
            Json& entry = tls[static_cast<std::size_t>(index)];
            if (!entry.contains("hosts"))
                entry["hosts"] = Json::array();
            entry["hosts"].push_back(host);
            continue;
        }
        Json entry = Json::object();
        if (!host.empty())
            entry["hosts"] = Json::array({host});
        if (!secret.empty())
            entry["secretName"] = secret;
        if (!entry.empty())
            tls.push_back(entry);
    }
    return tls;
}

/// buildIngressRules of create_ingress.go: one rule per host, paths in order.
Json ingressRules(const std::vector<std::string>& rules)
{
    Json out = Json::array();
    for (const std::string& rule : rules) {
        std::string withoutTls = splitOn(rule, ',')[0];
        auto hostSplit = splitOnce(withoutTls, '/');
        const std::string& host = hostSplit[0];
        Json path = ingressPath(hostSplit.size() > 1 ? hostSplit[1] : std::string());
        bool merged = false;
        for (Json& r : out)
            if (r.value("host", "") == host) {
                r["http"]["paths"].push_back(path);
                merged = true;
                break;
            }
        if (merged)
            continue;
        Json r = Json::object();
        if (!host.empty())
            r["host"] = host;
        r["http"] = Json{{"paths", Json::array({path})}};
        out.push_back(r);
    }
    return out;
}

} // namespace

/// kubectl create ingress (create_ingress.go).
int cmdCreateIngress(Context& ctx)
{
    int rc = 0;
    auto name = createName(ctx, rc);
    if (!name)
        return rc;
    const std::vector<std::string> rules = ctx.inv.values("rule");
    const std::vector<std::string> annotations = ctx.inv.values("annotation");
    const std::string defaultBackend = ctx.inv.value("default-backend").value_or("");
    if (defaultBackend.empty() && rules.empty())
        return clientError(ctx, "not enough information provided: every ingress has to either specify a default-backend "
                                "(which catches all traffic) or a list of rules (which catch specific paths)");
    for (const std::string& rule : rules)
        if (!std::regex_match(rule, ingressRuleRegex()))
            return clientError(ctx, "rule " + rule + " is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]");
    for (const std::string& annotation : annotations)
        if (annotation.find('=') == std::string::npos)
            return clientError(ctx, "annotation " + annotation + " is invalid and should be in format key=[value]");
    if (!defaultBackend.empty() && splitOn(defaultBackend, ':').size() != 2)
        return clientError(ctx, "default-backend should be in format servicename:serviceport");
    Json meta = objectMeta(ctx, *name, true);
    if (!annotations.empty()) {
        std::map<std::string, std::string> sorted;
        for (const std::string& a : annotations) {
            auto kv = splitOnce(a, '=');
            sorted[kv[0]] = kv[1];
        }
        meta["annotations"] = mapToJson(sorted);
    }
    Json ingress = newObject("networking.k8s.io/v1", "Ingress", meta);
    Json spec = Json::object();
    if (!defaultBackend.empty())
        spec["defaultBackend"] = ingressBackend(defaultBackend);
    if (auto c = ctx.inv.value("class"); c && !c->empty())
        spec["ingressClassName"] = *c;
    if (Json r = ingressRules(rules); !r.empty())
        spec["rules"] = r;
    if (Json t = ingressTls(rules); !t.empty())
        spec["tls"] = t;
    ingress["spec"] = spec;
    return createGenerated(ctx, std::move(ingress), "failed to create ingress: ");
}

namespace {

/// metav1.ParseToLabelSelector: equality requirements become matchLabels, set-based ones
/// matchExpressions.
Result<Json> parseToLabelSelector(const std::string& text)
{
    auto parsed = LabelSelector::parse(text);
    if (!parsed)
        return core::fail(ErrorCode::Client,
                          "couldn't parse the selector string \"" + text + "\": " + parsed.error().message);
    Json matchLabels = Json::object();
    Json matchExpressions = Json::array();
    for (const LabelRequirement& req : parsed->requirements()) {
        using Op = LabelRequirement::Op;
        std::string op;
        switch (req.op) {
        case Op::Equals:
        case Op::DoubleEquals:
            if (req.values.size() != 1)
                return core::fail(ErrorCode::Client, "equals operator must have exactly one value");
            matchLabels[req.key] = req.values.front();
            continue;
        case Op::In: op = "In"; break;
        case Op::NotIn: op = "NotIn"; break;
        case Op::Exists: op = "Exists"; break;
        case Op::DoesNotExist: op = "DoesNotExist"; break;
        case Op::GreaterThan: return core::fail(ErrorCode::Client, "\"gt\" isn't supported in label selectors");
        case Op::LessThan: return core::fail(ErrorCode::Client, "\"lt\" isn't supported in label selectors");
        case Op::NotEquals: return core::fail(ErrorCode::Client, "\"!=\" is not a valid label selector operator");
        }
        Json expr = Json{{"key", req.key}, {"operator", op}};
        if (!req.values.empty())
            expr["values"] = req.values;
        matchExpressions.push_back(expr);
    }
    Json selector = Json::object();
    if (!matchExpressions.empty())
        selector["matchExpressions"] = matchExpressions;
    if (!matchLabels.empty())
        selector["matchLabels"] = matchLabels;
    return selector;
}

} // namespace

/// kubectl create poddisruptionbudget (create_pdb.go).
int cmdCreatePodDisruptionBudget(Context& ctx)
{
    int rc = 0;
    auto name = createName(ctx, rc);
    if (!name)
        return rc;
    const std::string selectorText = ctx.inv.value("selector").value_or("");
    const std::string minAvailable = ctx.inv.value("min-available").value_or("");
    const std::string maxUnavailable = ctx.inv.value("max-unavailable").value_or("");
    if (selectorText.empty())
        return clientError(ctx, "a selector must be specified");
    if (maxUnavailable.empty() && minAvailable.empty())
        return clientError(ctx, "one of min-available or max-unavailable must be specified");
    if (!maxUnavailable.empty() && !minAvailable.empty())
        return clientError(ctx, "min-available and max-unavailable cannot be both specified");
    static const std::regex kAmount("^[0-9]+%?$");
    if (!minAvailable.empty() && !std::regex_match(minAvailable, kAmount))
        return clientError(ctx, "invalid format specified for min-available");
    if (!maxUnavailable.empty() && !std::regex_match(maxUnavailable, kAmount))
        return clientError(ctx, "invalid format specified for max-unavailable");
    auto selector = parseToLabelSelector(selectorText);
    if (!selector)
        return ctx.fail(selector.error());
    // intstr.Parse: a number when it parses as one, else the string.
    auto amount = [](const std::string& s) -> Json {
        if (s.find('%') == std::string::npos && s.size() < 10)
            return std::stoll(s);
        return s;
    };
    Json pdb = newObject("policy/v1", "PodDisruptionBudget", objectMeta(ctx, *name, true));
    Json spec = Json::object();
    if (!maxUnavailable.empty())
        spec["maxUnavailable"] = amount(maxUnavailable);
    if (!minAvailable.empty())
        spec["minAvailable"] = amount(minAvailable);
    spec["selector"] = *selector;
    pdb["spec"] = spec;
    return createGenerated(ctx, std::move(pdb));
}

} // namespace kubelab::cli

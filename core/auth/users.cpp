// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/auth/users.h"

#include <algorithm>

#include "core/api/encoding.h"
#include "core/auth/rbac.h"
#include "core/network/sha256.h"
#include "core/api/resources.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

constexpr const char* kSettingKubeconfig = "kubeconfig";
constexpr const char* kServiceAccountPrefix = "system:serviceaccount:";

Kubeconfig defaultKubeconfig()
{
    Kubeconfig c;
    c.users.push_back(LabUser{"kubernetes-admin", false, "", {"kubeadm:cluster-admins"}});
    c.contexts.push_back(LabContext{"kubernetes-admin@kubernetes", "kubernetes-admin", ""});
    c.currentContext = "kubernetes-admin@kubernetes";
    return c;
}

RequestContext requestFor(std::string user, std::vector<std::string> groups)
{
    RequestContext ctx;
    ctx.user = std::move(user);
    // Every authenticated user is in system:authenticated (the authenticator's group adder).
    if (std::ranges::find(groups, "system:authenticated") == groups.end())
        groups.push_back("system:authenticated");
    ctx.groups = std::move(groups);
    return ctx;
}

} // namespace

Kubeconfig Kubeconfig::load(const Engine& engine)
{
    auto text = engine.labSetting(kSettingKubeconfig);
    if (!text || text->empty())
        return defaultKubeconfig();
    Json j = Json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return defaultKubeconfig();
    Kubeconfig c;
    for (const Json& u : j.value("users", Json::array())) {
        LabUser user{u.value("name", ""), u.value("token", false), u.value("tokenValue", ""), {}};
        for (const Json& g : u.value("groups", Json::array()))
            user.groups.push_back(g.get<std::string>());
        c.users.push_back(std::move(user));
    }
    for (const Json& x : j.value("contexts", Json::array()))
        c.contexts.push_back(LabContext{x.value("name", ""), x.value("user", ""), x.value("namespace", "")});
    c.currentContext = j.value("currentContext", "");
    return c;
}

void Kubeconfig::save(Engine& engine) const
{
    Json j = Json::object();
    j["users"] = Json::array();
    for (const LabUser& u : users) {
        Json groups = Json::array();
        for (const std::string& g : u.groups)
            groups.push_back(g);
        j["users"].push_back(Json{{"name", u.name}, {"token", u.token}, {"tokenValue", u.tokenValue}, {"groups", groups}});
    }
    j["contexts"] = Json::array();
    for (const LabContext& x : contexts)
        j["contexts"].push_back(Json{{"name", x.name}, {"user", x.user}, {"namespace", x.ns}});
    j["currentContext"] = currentContext;
    engine.setLabSetting(kSettingKubeconfig, j.dump());
}

const LabUser* Kubeconfig::user(const std::string& name) const
{
    auto it = std::ranges::find(users, name, &LabUser::name);
    return it == users.end() ? nullptr : &*it;
}

const LabContext* Kubeconfig::context(const std::string& name) const
{
    auto it = std::ranges::find(contexts, name, &LabContext::name);
    return it == contexts.end() ? nullptr : &*it;
}

std::string serviceAccountToken(const Engine& engine, const std::string& ns, const std::string& name, const std::string& uid)
{
    const std::string issuer = "https://kubernetes.default.svc." + engine.settings().clusterDomain;
    Json header = {{"alg", "RS256"}, {"kid", "kubelab"}};
    Json claims = {{"aud", Json::array({issuer})},
                   {"iss", issuer},
                   {"kubernetes.io", {{"namespace", ns}, {"serviceaccount", {{"name", name}, {"uid", uid}}}}},
                   {"sub", kServiceAccountPrefix + ns + ":" + name}};
    std::string signingInput = encodeBase64(header.dump(), Base64Alphabet::Url) + "." + encodeBase64(claims.dump(), Base64Alphabet::Url);
    auto digest = net::sha256(signingInput + "|" + std::to_string(engine.settings().seed));
    std::string sig(reinterpret_cast<const char*>(digest.data()), digest.size());
    return signingInput + "." + encodeBase64(sig, Base64Alphabet::Url);
}

Result<RequestContext> authenticate(const Engine& engine, const Kubeconfig& config,
                                    const std::optional<std::string>& contextName, const std::optional<std::string>& token)
{
    if (token) {
        for (const LabUser& u : config.users)
            if (u.token && u.tokenValue == *token)
                return requestFor(u.name, u.groups);
        for (const ObjectPtr& sa : engine.list("ServiceAccount"))
            if (serviceAccountToken(engine, namespaceOf(*sa), nameOf(*sa), uidOf(*sa)) == *token) {
                rbac::UserInfo info = rbac::serviceAccountUser(namespaceOf(*sa), nameOf(*sa));
                return requestFor(info.name, info.groups);
            }
        return fail(ErrorCode::Unauthorized, "Unauthorized");
    }
    const std::string name = contextName.value_or(config.currentContext);
    const LabContext* context = config.context(name);
    if (!context)
        return fail(ErrorCode::Client, contextName ? "context was not found for specified context: " + name
                                                   : "current-context is not set");
    const LabUser* user = config.user(context->user);
    if (!user)
        return fail(ErrorCode::Unauthorized, "Unauthorized");
    return requestFor(user->name, user->groups);
}

RequestContext certificateUser(std::string commonName, std::vector<std::string> organizations)
{
    return requestFor(std::move(commonName), std::move(organizations));
}

Result<RequestContext> impersonate(const Engine& engine, const RequestContext& real, const std::string& as,
                                   const std::vector<std::string>& groups)
{
    static const ResourceInfo kUsers{"users", "user", "User", "", "v1", false, {}, {}, false};
    static const ResourceInfo kGroups{"groups", "group", "Group", "", "v1", false, {}, {}, false};
    std::vector<std::string> impersonatedGroups = groups;
    if (as.starts_with(kServiceAccountPrefix)) {
        std::string rest = as.substr(std::string_view(kServiceAccountPrefix).size());
        auto colon = rest.find(':');
        std::string ns = colon == std::string::npos ? std::string() : rest.substr(0, colon);
        std::string name = colon == std::string::npos ? rest : rest.substr(colon + 1);
        if (const ResourceInfo* sa = findResourceByKind("ServiceAccount"))
            if (auto a = rbac::authorizeRequest(engine, real, "impersonate", *sa, ns, name); !a)
                return fail(a.error());
        if (groups.empty())
            impersonatedGroups = rbac::serviceAccountUser(ns, name).groups;
    } else if (auto a = rbac::authorizeRequest(engine, real, "impersonate", kUsers, "", as); !a) {
        return fail(a.error());
    }
    for (const std::string& g : groups)
        if (auto a = rbac::authorizeRequest(engine, real, "impersonate", kGroups, "", g); !a)
            return fail(a.error());
    RequestContext out = requestFor(as, impersonatedGroups);
    out.dryRun = real.dryRun;
    out.fieldManager = real.fieldManager;
    return out;
}

} // namespace kubelab::core

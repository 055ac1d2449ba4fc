// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/serving.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "core/api/encoding.h"
#include "core/auth/users.h"
#include "core/server/certificates.h"

namespace kubelab::core::server {

namespace {

constexpr const char* kServingSetting = "serve.pid";

/// The kubeconfig kubectl uses over plain HTTP: the lab's contexts and users. kubectl sends
/// no credentials over plain HTTP, so each user gets a cluster entry whose server URL
/// carries the user's token as a path prefix (`http://127.0.0.1:6443/u/TOKEN`); the user
/// entries hold the same token for clients that do send it. A certificate user's token
/// stands for its certificate.
Json plainHttpKubeconfig(const Kubeconfig& lab, const std::string& server)
{
    Json users = Json::array();
    Json clusters = Json::array();
    for (const LabUser& u : lab.users) {
        const std::string token = ApiHandler::tokenFor(u.name, u.token, u.tokenValue);
        users.push_back(Json{{"name", u.name}, {"user", Json{{"token", token}}}});
        clusters.push_back(Json{{"name", "kubernetes-" + u.name}, {"cluster", Json{{"server", server + "/u/" + token}}}});
    }
    Json contexts = Json::array();
    for (const LabContext& c : lab.contexts) {
        Json context = Json{{"cluster", "kubernetes-" + c.user}, {"user", c.user}};
        if (!c.ns.empty())
            context["namespace"] = c.ns;
        contexts.push_back(Json{{"name", c.name}, {"context", context}});
    }
    return Json{{"apiVersion", "v1"},
                {"kind", "Config"},
                {"clusters", clusters},
                {"contexts", contexts},
                {"current-context", lab.currentContext},
                {"preferences", Json::object()},
                {"users", users}};
}

/// The kubeconfig kubectl uses over HTTPS, as kubeadm's admin.conf: one cluster
/// `kubernetes` trusting the lab's CA; a certificate user gets a client certificate the CA
/// signs now (CN = name, O = groups), a token user its token.
Result<Json> httpsKubeconfig(const Kubeconfig& lab, const std::string& server, const KeyPair& ca)
{
    Json users = Json::array();
    for (const LabUser& u : lab.users) {
        if (u.token) {
            users.push_back(Json{{"name", u.name}, {"user", Json{{"token", u.tokenValue}}}});
            continue;
        }
        auto issued = issueClientCertificate(ca, u.name, u.groups);
        if (!issued)
            return fail(issued.error());
        users.push_back(Json{{"name", u.name},
                             {"user", Json{{"client-certificate-data", encodeBase64(issued->certificate)},
                                           {"client-key-data", encodeBase64(issued->key)}}}});
    }
    Json contexts = Json::array();
    for (const LabContext& c : lab.contexts) {
        Json context = Json{{"cluster", "kubernetes"}, {"user", c.user}};
        if (!c.ns.empty())
            context["namespace"] = c.ns;
        contexts.push_back(Json{{"name", c.name}, {"context", context}});
    }
    Json cluster = Json{{"certificate-authority-data", encodeBase64(ca.certificate)}, {"server", server}};
    return Json{{"apiVersion", "v1"},
                {"kind", "Config"},
                {"clusters", Json::array({Json{{"name", "kubernetes"}, {"cluster", cluster}}})},
                {"contexts", contexts},
                {"current-context", lab.currentContext},
                {"preferences", Json::object()},
                {"users", users}};
}

Status writeKubeconfig(const Json& kubeconfig, const std::string& path)
{
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    std::ofstream file(path, std::ios::trunc);
    if (!file)
        return fail(ErrorCode::Io, "unable to write \"" + path + "\"");
    std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace, ignored);
    file << kubeconfig.dump(2) << "\n";
    if (!file.flush())
        return fail(ErrorCode::Io, "unable to write \"" + path + "\"");
    return {};
}

} // namespace

Result<Serving> startServing(Engine& engine, ServerOptions options, bool plainHttp, std::string kubeconfigPath)
{
    std::optional<KeyPair> ca;
    if (!plainHttp) {
        auto labCa = labCertificateAuthority(engine);
        if (!labCa)
            return fail(labCa.error());
        auto serving = issueServingCertificate(*labCa, options.address);
        if (!serving)
            return fail(serving.error());
        options.tls = ServerOptions::Tls{std::move(*serving), labCa->certificate};
        ca = std::move(*labCa);
    }
    auto server = std::make_unique<ApiHttpServer>(engine, options);
    if (auto s = server->listen(); !s)
        return fail(s.error());

    if (kubeconfigPath.empty()) {
        std::filesystem::path lab = engine.lab().path();
        kubeconfigPath = lab.empty() ? "kubeconfig" : lab.replace_extension(".kubeconfig").string();
    }
    const Kubeconfig lab = Kubeconfig::load(engine);
    Json kubeconfig = plainHttpKubeconfig(lab, server->url());
    if (ca) {
        auto secure = httpsKubeconfig(lab, server->url(), *ca);
        if (!secure)
            return fail(secure.error());
        kubeconfig = std::move(*secure);
    }
    if (auto s = writeKubeconfig(kubeconfig, kubeconfigPath); !s)
        return fail(s.error());
    engine.setLabSetting(kServingSetting, std::to_string(static_cast<long>(::getpid())));
    return Serving{std::move(server), std::move(kubeconfigPath)};
}

void stopServing(Engine& engine)
{
    if (engine.labSetting(kServingSetting).value_or("").empty())
        return;
    engine.setLabSetting(kServingSetting, "");
}

std::optional<long> servingProcess(const Engine& engine)
{
    auto text = engine.labSetting(kServingSetting);
    if (!text || text->empty())
        return std::nullopt;
    long pid = 0;
    try {
        pid = std::stol(*text);
    } catch (...) {
        return std::nullopt;
    }
    if (pid <= 0 || pid == static_cast<long>(::getpid()))
        return std::nullopt;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)
        return pid;
    return std::nullopt; // a server that did not stop cleanly
}

} // namespace kubelab::core::server

// SPDX-License-Identifier: GPL-3.0-or-later
// `klab serve`: the lab's API server on a loopback socket, for the real kubectl.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/auth/users.h"
#include "core/cli/cli.h"
#include "core/api/encoding.h"
#include "core/api/messages.h"
#include "core/server/certificates.h"
#include "core/server/server.h"

namespace kubelab::cli {

using namespace kubelab::core;

namespace {

std::atomic<bool> g_stop{false};

constexpr const char* kServingSetting = "serve.pid";

extern "C" void stopServing(int)
{
    g_stop.store(true);
}

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
        const std::string token = server::ApiHandler::tokenFor(u.name, u.token, u.tokenValue);
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
Result<Json> httpsKubeconfig(const Kubeconfig& lab, const std::string& server, const server::KeyPair& ca)
{
    Json users = Json::array();
    for (const LabUser& u : lab.users) {
        if (u.token) {
            users.push_back(Json{{"name", u.name}, {"user", Json{{"token", u.tokenValue}}}});
            continue;
        }
        auto issued = server::issueClientCertificate(ca, u.name, u.groups);
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

} // namespace

std::optional<long> servingProcess(const core::Engine& engine)
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

int cmdServe(Context& ctx)
{
    server::ServerOptions options;
    options.address = ctx.inv.value("address").value_or("127.0.0.1");
    if (auto p = ctx.inv.value("port")) {
        try {
            options.port = std::stoi(*p);
        } catch (...) {
            return ctx.usage("invalid argument \"" + *p + "\" for \"--port\" flag");
        }
        if (options.port < 0 || options.port > 65535)
            return ctx.usage("invalid argument \"" + *p + "\" for \"--port\" flag");
    }
    if (auto s = ctx.inv.value("speed")) {
        try {
            options.speed = std::stod(*s);
        } catch (...) {
            return ctx.usage("invalid argument \"" + *s + "\" for \"--speed\" flag");
        }
        if (!(options.speed > 0 && options.speed <= 3600))
            return ctx.usage("invalid argument \"" + *s +
                             "\" for \"--speed\" flag: more than 0 and at most 3600 expected (virtual seconds per second)");
    }
    options.allowRemote = ctx.inv.boolean("allow-remote");
    const bool plainHttp = ctx.inv.boolean("plain-http");
    if (ctx.engine.readOnly())
        return ctx.usage("serve needs a lab it can write to");
    if (auto other = servingProcess(ctx.engine))
        return ctx.fail(makeError(ErrorCode::Client, "the lab is already being served by process " +
                                                         std::to_string(*other)));

    std::optional<server::KeyPair> ca;
    if (!plainHttp) {
        auto labCa = server::labCertificateAuthority(ctx.engine);
        if (!labCa)
            return ctx.fail(labCa.error());
        auto serving = server::issueServingCertificate(*labCa, options.address);
        if (!serving)
            return ctx.fail(serving.error());
        options.tls = server::ServerOptions::Tls{std::move(*serving), labCa->certificate};
        ca = std::move(*labCa);
    }

    server::ApiHttpServer apiServer(ctx.engine, options);
    if (auto s = apiServer.listen(); !s)
        return ctx.fail(s.error());

    std::string kubeconfigPath = ctx.inv.value("kubeconfig").value_or("");
    if (kubeconfigPath.empty()) {
        std::filesystem::path lab = ctx.engine.lab().path();
        kubeconfigPath = lab.empty() ? "kubeconfig" : lab.replace_extension(".kubeconfig").string();
    }
    {
        const Kubeconfig lab = Kubeconfig::load(ctx.engine);
        Json kubeconfig = plainHttpKubeconfig(lab, apiServer.url());
        if (ca) {
            auto secure = httpsKubeconfig(lab, apiServer.url(), *ca);
            if (!secure)
                return ctx.fail(secure.error());
            kubeconfig = std::move(*secure);
        }
        // It holds client keys: readable by its owner only, as kubeadm writes admin.conf.
        std::error_code ignored;
        std::filesystem::remove(kubeconfigPath, ignored);
        std::ofstream file(kubeconfigPath, std::ios::trunc);
        if (!file)
            return ctx.fail(makeError(ErrorCode::Io, "unable to write \"" + kubeconfigPath + "\""));
        std::filesystem::permissions(kubeconfigPath, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::replace, ignored);
        file << kubeconfig.dump(2) << "\n";
    }
    ctx.engine.setLabSetting(kServingSetting, std::to_string(static_cast<long>(::getpid())));
    if (auto c = ctx.engine.commit(); !c)
        return ctx.fail(c.error());

    const MessageKey transport = options.tls ? (options.allowRemote ? MessageKey("serve.transport.https")
                                                                    : MessageKey("serve.transport.httpsLocal"))
                                             : (options.allowRemote ? MessageKey("serve.transport.http")
                                                                    : MessageKey("serve.transport.httpLocal"));
    const Json path = Json{{"path", kubeconfigPath}};
    ctx.out << formatMessage("serve.serving", Json{{"url", apiServer.url()}, {"transport", messageValue(transport)}},
                             ctx.language)
            << "\n"
            << formatMessage("serve.kubeconfig", path, ctx.language) << "\n"
            << formatMessage("serve.useIt", path, ctx.language) << "\n"
            << formatMessage("serve.stop", Json::object(), ctx.language) << "\n"
            << std::flush;

    g_stop.store(false);
    std::signal(SIGINT, stopServing);
    std::signal(SIGTERM, stopServing);
    apiServer.run(g_stop);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    ctx.engine.setLabSetting(kServingSetting, "");
    if (auto c = ctx.engine.commit(); !c)
        return ctx.fail(c.error());
    ctx.out << formatMessage("serve.stopped", Json::object(), ctx.language) << "\n";
    return 0;
}

} // namespace kubelab::cli

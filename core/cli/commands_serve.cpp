// SPDX-License-Identifier: GPL-3.0-or-later
// `klab serve`: the lab's API server on a loopback socket, for the real kubectl.
#include <atomic>
#include <csignal>

#include "core/api/messages.h"
#include "core/cli/cli.h"
#include "core/server/serving.h"

namespace kubelab::cli {

using namespace kubelab::core;

namespace {

std::atomic<bool> g_stop{false};

extern "C" void onStopSignal(int)
{
    g_stop.store(true);
}

} // namespace

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
    if (auto other = server::servingProcess(ctx.engine))
        return ctx.fail(makeError(ErrorCode::Client, "the lab is already being served by process " +
                                                         std::to_string(*other)));

    auto serving = server::startServing(ctx.engine, options, plainHttp, ctx.inv.value("kubeconfig").value_or(""));
    if (!serving)
        return ctx.fail(serving.error());
    if (auto c = ctx.engine.commit(); !c)
        return ctx.fail(c.error());
    server::ApiHttpServer& apiServer = *serving->server;
    const std::string& kubeconfigPath = serving->kubeconfigPath;

    const MessageKey transport = !plainHttp ? (options.allowRemote ? MessageKey("serve.transport.https")
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
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    apiServer.run(g_stop);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    server::stopServing(ctx.engine);
    if (auto c = ctx.engine.commit(); !c)
        return ctx.fail(c.error());
    ctx.out << formatMessage("serve.stopped", Json::object(), ctx.language) << "\n";
    return 0;
}

} // namespace kubelab::cli

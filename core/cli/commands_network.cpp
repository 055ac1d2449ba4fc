// SPDX-License-Identifier: GPL-3.0-or-later
// Networking verbs: exec (the simulated commands), proxy-mode, proxy rules.
#include <ctime>
#include <ostream>

#include "core/auth/rbac.h"
#include "core/cli/cli.h"
#include "core/network/kubeproxy.h"
#include "core/network/kubeproxyipvs.h"
#include "core/network/podexec.h"

namespace kubelab::cli {

using namespace kubelab::core;

namespace {

std::string internalIp(const Json& node)
{
    for (const Json& a : node.value("status", Json::object()).value("addresses", Json::array()))
        if (a.value("type", "") == "InternalIP")
            return a.value("address", "");
    return {};
}

/// ctime's form of the lab's virtual clock, as iptables-save stamps its output.
std::string ctimeNow(const Engine& engine)
{
    std::time_t t = static_cast<std::time_t>(engine.settings().epochSeconds + engine.now() / kSecond);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", &tm);
    return buf;
}

} // namespace

int cmdProxyMode(Context& ctx)
{
    if (ctx.args.empty()) {
        ctx.out << ctx.engine.settings().proxyMode << "\n";
        return 0;
    }
    if (ctx.args.size() != 1)
        return ctx.usage("proxy-mode takes at most one MODE (iptables or ipvs)");
    const std::string& mode = ctx.args.front();
    if (mode != "iptables" && mode != "ipvs")
        return ctx.usage("invalid proxy mode \"" + mode + "\": must be iptables or ipvs");
    ctx.engine.setProxyMode(mode);
    ctx.out << "kube-proxy mode set to " << mode << "\n";
    return 0;
}

int cmdProxyRules(Context& ctx)
{
    if (!ctx.args.empty())
        return ctx.usage("proxy rules takes no arguments; use --node NAME");
    std::vector<ObjectPtr> nodes;
    if (auto name = ctx.inv.value("node")) {
        ObjectPtr node = ctx.engine.get(ObjectKey{"Node", "", *name});
        if (!node)
            return ctx.fail(makeError(ErrorCode::NotFound, "nodes \"" + *name + "\" not found"));
        nodes.push_back(node);
    } else {
        nodes = ctx.engine.list("Node");
    }
    if (nodes.empty()) {
        ctx.err << "error: the lab has no nodes, so no kube-proxy runs; add one with 'klab add node NAME'\n";
        return 1;
    }
    const auto ports = net::collectServicePorts(ctx.engine);
    const bool ipvs = ctx.engine.settings().proxyMode == "ipvs";
    for (const ObjectPtr& node : nodes) {
        net::ProxyNode proxyNode;
        proxyNode.name = nameOf(*node);
        proxyNode.ip = internalIp(*node);
        proxyNode.clusterCidr = ctx.engine.settings().podCidr;
        proxyNode.savedAt = ctimeNow(ctx.engine);
        if (nodes.size() > 1)
            ctx.out << "# node/" << proxyNode.name << (ipvs ? ": ipvsadm -Ln" : ": iptables-save -t nat") << "\n";
        if (ipvs)
            ctx.out << net::ipvsadmList(net::ipvsVirtualServers(ports, proxyNode));
        else
            ctx.out << net::iptablesSave(ports, proxyNode);
    }
    return 0;
}

int cmdExec(Context& ctx)
{
    std::vector<std::string> command = ctx.inv.afterDashes;
    if (ctx.args.empty()) {
        ctx.err << "error: pod, type/name or --filename must be specified\n";
        return 1;
    }
    std::string podName = ctx.args.front();
    if (podName.starts_with("pod/") || podName.starts_with("pods/"))
        podName = podName.substr(podName.find('/') + 1);
    // kubectl exec gets the pod, then creates pods/exec.
    if (auto a = rbac::authorizeRequest(ctx.engine, ctx.request, "get", *findResourceByKind("Pod"), ctx.ns, podName); !a)
        return ctx.fail(a.error());
    if (auto a = rbac::authorizeRequest(ctx.engine, ctx.request, "create", *findResourceByKind("Pod"), ctx.ns, podName, "exec"); !a)
        return ctx.fail(a.error());
    if (command.empty() && ctx.args.size() > 1) {
        ctx.err << "kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec "
                   "[POD] -- [COMMAND] instead.\n";
        command.assign(ctx.args.begin() + 1, ctx.args.end());
    }
    if (command.empty()) {
        ctx.err << "error: you must specify at least one command for the container\n";
        return 1;
    }
    ObjectPtr pod = ctx.engine.get(ObjectKey{"Pod", ctx.ns, podName});
    if (!pod)
        return ctx.fail(makeError(ErrorCode::NotFound, "pods \"" + podName + "\" not found"));
    const std::string phase = stringAt(*pod, Json::json_pointer("/status/phase"));
    if (phase == "Succeeded" || phase == "Failed") {
        ctx.err << "error: cannot exec into a container in a completed pod; current phase is " << phase << "\n";
        return 1;
    }
    std::string container = ctx.inv.value("container").value_or("");
    const Json containers = (*pod)["spec"].value("containers", Json::array());
    if (container.empty()) {
        // podcmd.FindOrDefaultContainerByName: the default-container annotation, else the first.
        Labels annotations = annotationsOf(*pod);
        if (auto it = annotations.find("kubectl.kubernetes.io/default-container"); it != annotations.end())
            container = it->second;
        else if (!containers.empty())
            container = containers[0].value("name", "");
        if (containers.size() > 1 && !ctx.inv.boolean("quiet")) {
            std::string all;
            for (const Json& c : containers)
                all += (all.empty() ? "" : ", ") + c.value("name", "");
            for (const Json& c : (*pod)["spec"].value("initContainers", Json::array()))
                all += ", " + c.value("name", "") + " (init)";
            ctx.err << "Defaulted container \"" << container << "\" out of: " << all << "\n";
        }
    }
    if (auto target = net::checkExecTarget(*pod, container); !target) {
        if (target.error().code != ErrorCode::NotFound)
            return ctx.fail(target.error());
        ctx.err << "error: unable to upgrade connection: " << target.error().message << "\n";
        return 1;
    }
    net::ExecResult result = net::execInPod(ctx.engine, *pod, container, command);
    ctx.out << result.out;
    ctx.err << result.err;
    if (result.exitCode != 0) {
        ctx.err << "command terminated with exit code " << result.exitCode << "\n";
        return result.exitCode;
    }
    return 0;
}

} // namespace kubelab::cli

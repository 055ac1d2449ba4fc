// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/serviceenv.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/api/names.h"
#include "core/network/serviceports.h"
#include "core/sim/engine.h"

namespace kubelab::core::net {

namespace {

std::string envName(const std::string& name)
{
    std::string out = name;
    for (char& c : out)
        c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

EnvList serviceEnvVars(const Json& service)
{
    EnvList out;
    const Json spec = service.value("spec", Json::object());
    const Json ports = spec.value("ports", Json::array());
    const std::string ip = spec.value("clusterIP", "");
    const std::string prefix = envName(nameOf(service));
    out.emplace_back(prefix + "_SERVICE_HOST", ip);
    if (ports.empty())
        return out;
    out.emplace_back(prefix + "_SERVICE_PORT", std::to_string(ports[0].value("port", 0)));
    for (const Json& p : ports)
        if (!p.value("name", "").empty())
            out.emplace_back(prefix + "_SERVICE_PORT_" + envName(p.value("name", "")), std::to_string(p.value("port", 0)));
    bool first = true;
    for (const Json& p : ports) {
        std::string protocol = p.value("protocol", "TCP");
        std::string port = std::to_string(p.value("port", 0));
        std::string url = asciiLower(protocol) + "://" + ip + ":" + port;
        if (first)
            out.emplace_back(prefix + "_PORT", url);
        first = false;
        std::string portPrefix = prefix + "_PORT_" + port + "_" + protocol;
        out.emplace_back(portPrefix, url);
        out.emplace_back(portPrefix + "_PROTO", asciiLower(protocol));
        out.emplace_back(portPrefix + "_PORT", port);
        out.emplace_back(portPrefix + "_ADDR", ip);
    }
    return out;
}

EnvList serviceEnvFor(const Engine& engine, const Json& pod)
{
    const std::string ns = namespaceOf(pod);
    const bool links = pod.value("spec", Json::object()).value("enableServiceLinks", true);
    std::map<std::string, ObjectPtr> chosen;
    for (const ObjectPtr& s : engine.list("Service")) {
        if (!hasClusterIp(*s))
            continue;
        const std::string name = nameOf(*s);
        if (namespaceOf(*s) == "default" && name == "kubernetes") {
            chosen.try_emplace(name, s);
        } else if (namespaceOf(*s) == ns && links) {
            chosen[name] = s;
        }
    }
    EnvList out;
    for (const auto& [name, s] : chosen)
        for (auto& v : serviceEnvVars(*s))
            out.push_back(std::move(v));
    return out;
}

} // namespace kubelab::core::net

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/ingress.h"

#include <algorithm>

namespace kubelab::core::net {

namespace {

std::vector<std::string> elements(const std::string& path)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < path.size()) {
        auto slash = path.find('/', start);
        if (slash == std::string::npos)
            slash = path.size();
        if (slash > start)
            out.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return out;
}

IngressRoute backendRoute(const Json& ingress, const Json& backend)
{
    IngressRoute r;
    r.ingress = namespaceOf(ingress) + "/" + nameOf(ingress);
    r.ns = namespaceOf(ingress);
    const Json service = backend.value("service", Json::object());
    r.service = service.value("name", "");
    const Json port = service.value("port", Json::object());
    r.port = port.value("number", 0);
    r.portName = port.value("name", "");
    return r;
}

} // namespace

bool ingressHostMatches(const std::string& ruleHost, const std::string& host)
{
    if (ruleHost.empty())
        return true;
    if (ruleHost.starts_with("*.")) {
        // The wildcard covers exactly one label.
        auto dot = host.find('.');
        return dot != std::string::npos && dot > 0 && host.substr(dot) == ruleHost.substr(1);
    }
    return ruleHost == host;
}

bool ingressPathMatches(const std::string& pathType, const std::string& rulePath, const std::string& path)
{
    if (pathType == "Exact")
        return path == rulePath;
    if (pathType == "ImplementationSpecific")
        return path.starts_with(rulePath);
    auto want = elements(rulePath);
    auto have = elements(path);
    if (want.size() > have.size())
        return false;
    return std::equal(want.begin(), want.end(), have.begin());
}

std::optional<IngressRoute> routeIngress(const std::vector<Json>& ingresses, const std::string& host,
                                         const std::string& path)
{
    std::vector<const Json*> sorted;
    for (const Json& i : ingresses)
        sorted.push_back(&i);
    std::sort(sorted.begin(), sorted.end(), [](const Json* a, const Json* b) {
        return std::pair(namespaceOf(*a), nameOf(*a)) < std::pair(namespaceOf(*b), nameOf(*b));
    });
    std::optional<IngressRoute> best;
    for (const Json* ingress : sorted) {
        const Json spec = ingress->value("spec", Json::object());
        for (const Json& rule : spec.value("rules", Json::array())) {
            if (!ingressHostMatches(rule.value("host", ""), host))
                continue;
            for (const Json& p : rule.value("http", Json::object()).value("paths", Json::array())) {
                const std::string rulePath = p.value("path", "/");
                const std::string type = p.value("pathType", "ImplementationSpecific");
                if (!ingressPathMatches(type, rulePath, path))
                    continue;
                bool better = !best || rulePath.size() > best->path.size() ||
                              (rulePath.size() == best->path.size() && type == "Exact" && best->pathType != "Exact");
                if (!better)
                    continue;
                IngressRoute r = backendRoute(*ingress, p.value("backend", Json::object()));
                r.path = rulePath;
                r.pathType = type;
                best = r;
            }
        }
    }
    if (best)
        return best;
    for (const Json* ingress : sorted) {
        const Json spec = ingress->value("spec", Json::object());
        if (spec.contains("defaultBackend")) {
            IngressRoute r = backendRoute(*ingress, spec["defaultBackend"]);
            r.defaultBackend = true;
            return r;
        }
    }
    return std::nullopt;
}

} // namespace kubelab::core::net

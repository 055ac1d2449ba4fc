// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/podexec.h"

#include "core/network/podfiles.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

#include "core/api/encoding.h"
#include "core/api/quantity.h"
#include "core/network/clusterdns.h"
#include "core/network/connection.h"
#include "core/network/ingress.h"
#include "core/network/ipv4.h"
#include "core/network/podfiles.h"
#include "core/sim/engine.h"

namespace kubelab::core::net {

namespace {

/// Tells the story of one connection a client pod made (the canvas draws it): the Service and
/// kube-proxy rule it went through, the endpoint chosen, or what stopped it.
void tellConnection(Engine& engine, const Json& client, const ConnectionTrace& trace)
{
    const ObjectKey clientKey = keyOf(client);
    Json data{{"client", clientKey.name},
              {"address", trace.address},
              {"port", trace.port},
              {"node", client.contains("spec") ? client.at("spec").value("nodeName", "") : std::string()}};
    if (!trace.servicePort.empty()) // ns/svc:port
        data["service"] = trace.servicePort.substr(0, trace.servicePort.rfind(':'));
    if (!trace.rule.empty())
        data["rule"] = trace.rule;
    if (trace.endpoint)
        data["endpoint"] = trace.endpoint->ip + ":" + std::to_string(trace.endpoint->port);
    if (trace.targetPod) {
        const ObjectKey target = keyOf(*trace.targetPod);
        data["pod"] = target.name;
        data["podNamespace"] = target.ns;
    }
    // The client's node's kube-proxy rules carried it (the strip lights that node's lamp).
    const std::string nodeName = data.value("node", "");
    const std::string component = nodeName.empty() ? std::string("kube-proxy") : "kube-proxy@" + nodeName;
    switch (trace.outcome) {
    case ConnectOutcome::Connected: {
        const bool viaService = !trace.servicePort.empty();
        if (trace.targetPod && viaService)
            engine.story(component, clientKey, "Connected", "network.connectedService", data);
        else if (trace.targetPod)
            engine.story(component, clientKey, "Connected", "network.connected", data);
        else if (viaService)
            engine.story(component, clientKey, "Connected", "network.connectedServiceHost", data);
        else
            engine.story(component, clientKey, "Connected", "network.connectedHost", data);
        break;
    }
    case ConnectOutcome::Refused:
        engine.story(component, clientKey, "Refused", "network.refused", data);
        break;
    case ConnectOutcome::Dropped: {
        if (trace.droppedNoLocalEndpoints) {
            data["proxyNode"] = trace.proxyNode;
            engine.story(component, clientKey, "Dropped", "network.noLocalEndpoints", data);
            break;
        }
        // The isolating policies of the direction that refused: egress at the client first.
        const bool egress = !trace.verdict.egress.allowed;
        const auto& selecting = egress ? trace.verdict.egress.selecting : trace.verdict.ingress.selecting;
        std::string policies;
        for (const std::string& p : selecting)
            policies += (policies.empty() ? "" : ", ") + p;
        data["policy"] = policies;
        data["direction"] = egress ? "egress" : "ingress";
        engine.story(component, clientKey, "Dropped", "network.dropped", data);
        break;
    }
    case ConnectOutcome::Unreachable:
        engine.story(component, clientKey, "Unreachable", "network.unreachable", data);
        break;
    }
}

/// Tells the story of a request through the ingress controller: the Ingress, rule and Service
/// it went to and the endpoint behind it, or nginx's 404 (no rule) or 503 (no ready backend).
void tellIngress(Engine& engine, const Json& client, const std::string& host, const std::string& path,
                 const std::optional<IngressRoute>& route, const ConnectionTrace* backend)
{
    const ObjectKey clientKey = keyOf(client);
    Json data{{"client", clientKey.name}, {"host", host}, {"path", path}};
    if (!route) {
        engine.story("ingress-nginx", clientKey, "NotFound", "network.ingressNotFound", data);
        return;
    }
    data["ingress"] = route->ingress;
    data["service"] = route->ns + "/" + route->service;
    data["serviceName"] = route->service;
    data["servicePort"] = route->port ? std::to_string(route->port) : route->portName;
    if (!backend || backend->outcome != ConnectOutcome::Connected || !backend->targetPod) {
        engine.story("ingress-nginx", clientKey, "Unavailable", "network.ingressUnavailable", data);
        return;
    }
    if (backend->endpoint)
        data["endpoint"] = backend->endpoint->ip + ":" + std::to_string(backend->endpoint->port);
    const ObjectKey target = keyOf(*backend->targetPod);
    data["pod"] = target.name;
    data["podNamespace"] = target.ns;
    engine.story("ingress-nginx", clientKey, "Routed", "network.ingressRouted", data);
}

constexpr const char* kNginxWelcome = R"(<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
)";

/// nginx before 1.21 served its welcome page without the color-scheme rule.
constexpr const char* kNginxWelcomeOld = R"(<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
)";

constexpr const char* kApiServerForbidden = R"({
  "kind": "Status",
  "apiVersion": "v1",
  "metadata": {},
  "status": "Failure",
  "message": "forbidden: User \"system:anonymous\" cannot get path \"/\"",
  "reason": "Forbidden",
  "details": {},
  "code": 403
})";

constexpr const char* kCurlCertificate =
    "curl: (60) SSL certificate problem: unable to get local issuer certificate\n"
    "More details here: https://curl.se/docs/sslcerts.html\n\n"
    "curl failed to verify the legitimacy of the server and therefore could not\n"
    "establish a secure connection to it. To learn more about this situation and\n"
    "how to fix it, please visit the web page mentioned above.\n";

/// The time a dropped SYN takes to fail with Linux's tcp_syn_retries = 6 (1+2+...+64 s).
constexpr int kSynTimeoutMs = 127000;

const Json* findContainer(const Json& pod, const std::string& name)
{
    if (!pod.contains("spec"))
        return nullptr;
    for (const char* list : {"containers", "initContainers", "ephemeralContainers"})
        if (pod["spec"].contains(list))
            for (const Json& c : pod["spec"][list])
                if (c.value("name", "") == name)
                    return &c;
    return nullptr;
}

std::string podHostname(const Json& pod)
{
    std::string h = stringAt(pod, Json::json_pointer("/spec/hostname"));
    if (h.empty())
        h = nameOf(pod);
    if (h.size() > 63)
        h.resize(63);
    while (!h.empty() && (h.back() == '-' || h.back() == '.'))
        h.pop_back();
    return h;
}

std::string fieldRefValue(const Json& pod, const std::string& path)
{
    auto keyed = [&](const char* prefix, const char* field) -> std::optional<std::string> {
        std::string p = std::string(prefix) + "['";
        if (!path.starts_with(p) || !path.ends_with("']"))
            return std::nullopt;
        std::string key = path.substr(p.size(), path.size() - p.size() - 2);
        const Json meta = pod.value("metadata", Json::object());
        return meta.value(field, Json::object()).value(key, "");
    };
    if (auto v = keyed("metadata.labels", "labels"))
        return *v;
    if (auto v = keyed("metadata.annotations", "annotations"))
        return *v;
    static const std::map<std::string, std::string> pointers = {
        {"metadata.name", "/metadata/name"},     {"metadata.namespace", "/metadata/namespace"},
        {"metadata.uid", "/metadata/uid"},       {"spec.nodeName", "/spec/nodeName"},
        {"spec.serviceAccountName", "/spec/serviceAccountName"},
        {"status.hostIP", "/status/hostIP"},     {"status.podIP", "/status/podIP"},
    };
    if (auto it = pointers.find(path); it != pointers.end())
        return stringAt(pod, Json::json_pointer(it->second));
    auto joinIps = [&](const char* field) {
        std::string out;
        for (const Json& ip : pod.value("status", Json::object()).value(field, Json::array()))
            out += (out.empty() ? "" : ",") + ip.value("ip", "");
        return out;
    };
    if (path == "status.podIPs")
        return joinIps("podIPs");
    if (path == "status.hostIPs")
        return joinIps("hostIPs");
    return {};
}

std::string resourceFieldValue(const Engine& engine, const Json& pod, const Json& container, const Json& ref)
{
    const std::string resource = ref.value("resource", "");
    auto dot = resource.find('.');
    if (dot == std::string::npos)
        return {};
    const std::string kind = resource.substr(0, dot); // limits | requests
    const std::string name = resource.substr(dot + 1);
    std::string text = container.value("resources", Json::object()).value(kind, Json::object()).value(name, "");
    if (text.empty() && kind == "limits")
        if (ObjectPtr node = engine.get(ObjectKey{"Node", "", stringAt(pod, Json::json_pointer("/spec/nodeName"))}))
            text = stringAt(*node, Json::json_pointer("/status/allocatable/" + name));
    if (text.empty())
        return "0";
    auto q = Quantity::parse(text);
    std::string divisorText = ref.contains("divisor") ? (ref["divisor"].is_string() ? ref["divisor"].get<std::string>()
                                                                                    : ref["divisor"].dump())
                                                      : "1";
    auto d = Quantity::parse(divisorText);
    if (!q || !d || d->milliValue() == 0)
        return {};
    // ExtractResourceValueByContainer: ceil(value / divisor).
    std::int64_t num = q->milliValue();
    std::int64_t den = d->milliValue();
    return std::to_string((num + den - 1) / den);
}

std::string expand(const std::string& text, const std::map<std::string, std::string>& known)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
            out += '$';
            ++i;
            continue;
        }
        if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '(') {
            auto close = text.find(')', i + 2);
            if (close != std::string::npos) {
                std::string name = text.substr(i + 2, close - i - 2);
                if (auto it = known.find(name); it != known.end()) {
                    out += it->second;
                    i = close;
                    continue;
                }
            }
        }
        out += text[i];
    }
    return out;
}

struct Url {
    std::string scheme = "http";
    std::string host;
    int port = 80;
    std::string path = "/";
};

std::optional<Url> parseUrl(std::string text)
{
    Url u;
    if (auto p = text.find("://"); p != std::string::npos) {
        u.scheme = text.substr(0, p);
        text = text.substr(p + 3);
        if (u.scheme != "http" && u.scheme != "https")
            return std::nullopt;
    }
    u.port = u.scheme == "https" ? 443 : 80;
    auto slash = text.find('/');
    std::string authority = text.substr(0, slash);
    if (slash != std::string::npos)
        u.path = text.substr(slash);
    auto colon = authority.rfind(':');
    if (colon != std::string::npos) {
        try {
            u.port = std::stoi(authority.substr(colon + 1));
        } catch (...) {
            return std::nullopt;
        }
        authority = authority.substr(0, colon);
    }
    u.host = authority;
    if (u.host.empty())
        return std::nullopt;
    return u;
}

/// The reply of the container serving `port` in `pod` to GET `path`.
std::string httpBody(const Json& pod, int port, const std::string& path)
{
    const Json containers = pod["spec"].value("containers", Json::array());
    const Json* serving = nullptr;
    for (const Json& c : containers) {
        for (const Json& p : c.value("ports", Json::array()))
            if (p.value("containerPort", 0) == port)
                serving = &c;
        if (!serving)
            serving = &c;
    }
    const std::string image = serving ? serving->value("image", "") : "";
    if (image.find("nginx") != std::string::npos) {
        // The tag's version, when it has one (`nginx:1.14.2`), picks the page and the server token.
        std::string tag = image.rfind(':') != std::string::npos ? image.substr(image.rfind(':') + 1) : "";
        int major = 0, minor = 0;
        const bool versioned = std::sscanf(tag.c_str(), "%d.%d", &major, &minor) == 2;
        if (path == "/" || path == "/index.html")
            return versioned && major == 1 && minor < 21 ? kNginxWelcomeOld : kNginxWelcome;
        std::string token = versioned && tag.find_first_not_of("0123456789.") == std::string::npos ? "nginx/" + tag : "nginx";
        return "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n"
               "<hr><center>" + token + "</center>\r\n</body>\r\n</html>\r\n";
    }
    if (serving && image.find("http-echo") != std::string::npos) {
        for (const Json& a : serving->value("args", Json::array()))
            if (a.is_string() && a.get<std::string>().starts_with("-text="))
                return a.get<std::string>().substr(6) + "\n";
    }
    if (serving && image.find("agnhost") != std::string::npos && path == "/hostname")
        return podHostname(pod);
    return "Hello from " + nameOf(pod) + " (a reply simulated by KubeLab: image " + image + " on port " +
           std::to_string(port) + ")\n";
}

/// Splits `sh -c` text into words, honouring single and double quotes.
std::vector<std::string> shellWords(const std::string& text)
{
    std::vector<std::string> out;
    std::string word;
    bool inWord = false;
    char quote = 0;
    for (char c : text) {
        if (quote) {
            if (c == quote)
                quote = 0;
            else
                word += c;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            inWord = true;
        } else if (c == ' ' || c == '\t' || c == '\n') {
            if (inWord)
                out.push_back(word);
            word.clear();
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        out.push_back(word);
    return out;
}

ExecResult nslookup(const Engine& engine, const Json& pod, const std::vector<std::string>& argv)
{
    ExecResult r;
    std::vector<std::string> names;
    for (std::size_t i = 1; i < argv.size(); ++i)
        if (!argv[i].starts_with("-"))
            names.push_back(argv[i]);
    if (names.empty()) {
        r.err = "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\n"
                "Usage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\n"
                "optionally using a specified DNS server\n";
        r.exitCode = 1;
        return r;
    }
    ClusterDns dns(engine);
    ResolvConf conf = resolvConfFor(engine, pod);
    const std::string server = names.size() > 1 ? names[1] : (conf.nameservers.empty() ? "" : conf.nameservers[0]);
    auto ptr = [&](const std::string& ip) {
        auto name = dns.reverse(ip);
        return name ? ip + " " + *name : ip;
    };
    r.out = "Server:    " + server + "\nAddress 1: " + ptr(server) + "\n\n";
    const std::string& name = names[0];
    Resolution res;
    if (parseIpv4(name)) {
        res.found = true;
        res.addresses = {name};
    } else {
        res = resolveHost(dns, conf, name);
    }
    if (!res.found) {
        r.err = "nslookup: can't resolve '" + name + "'\n";
        r.exitCode = 1;
        return r;
    }
    r.out += "Name:      " + name + "\n";
    for (std::size_t i = 0; i < res.addresses.size(); ++i)
        r.out += "Address " + std::to_string(i + 1) + ": " + ptr(res.addresses[i]) + "\n";
    return r;
}

enum class Client { Curl, Wget };

ExecResult httpGet(Engine& engine, const Json& pod, const std::vector<std::string>& argv, Client client)
{
    ExecResult r;
    bool verbose = false, silent = false, showErrors = false, insecure = false, quiet = false, toStdout = false;
    int timeoutSeconds = 0;
    std::string urlText;
    std::string hostHeader;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argv.size() ? argv[++i] : std::string(); };
        if (client == Client::Curl) {
            if (a == "-v" || a == "--verbose")
                verbose = true;
            else if (a == "-s" || a == "--silent")
                silent = true;
            else if (a == "-S" || a == "--show-error")
                showErrors = true;
            else if (a == "-sS" || a == "-Ss")
                silent = showErrors = true;
            else if (a == "-k" || a == "--insecure")
                insecure = true;
            else if (a == "-L" || a == "--location")
                continue;
            else if (a == "-H" || a == "--header") {
                std::string h = next();
                if (h.size() > 5 && (h.starts_with("Host:") || h.starts_with("host:")))
                    hostHeader = h.substr(5);
            } else if (a == "--connect-timeout" || a == "-m" || a == "--max-time")
                timeoutSeconds = std::atoi(next().c_str());
            else if (a.starts_with("-")) {
                r.err = "curl: option " + a + ": is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n";
                r.exitCode = 2;
                return r;
            } else
                urlText = a;
        } else {
            if (a == "-q")
                quiet = true;
            else if (a == "-qO-" || a == "-qO" || a == "-O-") {
                quiet = quiet || a.starts_with("-q");
                toStdout = true;
                if (a == "-qO")
                    toStdout = next() == "-";
            } else if (a == "-O")
                toStdout = next() == "-";
            else if (a == "-T")
                timeoutSeconds = std::atoi(next().c_str());
            else if (a.starts_with("-")) {
                r.err = "wget: unrecognized option '" + a + "'\n";
                r.exitCode = 1;
                return r;
            } else
                urlText = a;
        }
    }
    if (urlText.empty()) {
        r.err = client == Client::Curl ? "curl: try 'curl --help' or 'curl --manual' for more information\n"
                                       : "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: wget [-c|--continue] "
                                         "[--spider] [-q|--quiet] [-O FILE] URL...\n";
        r.exitCode = client == Client::Curl ? 2 : 1;
        return r;
    }
    auto url = parseUrl(urlText);
    if (!url) {
        r.err = client == Client::Curl ? "curl: (3) URL rejected: Bad hostname\n" : "wget: bad address '" + urlText + "'\n";
        r.exitCode = client == Client::Curl ? 3 : 1;
        return r;
    }
    auto fail = [&](int curlCode, const std::string& curlText, const std::string& wgetText) {
        if (client == Client::Curl) {
            if (!silent || showErrors)
                r.err += "curl: (" + std::to_string(curlCode) + ") " + curlText + "\n";
            r.exitCode = curlCode;
        } else {
            r.err += "wget: " + wgetText + "\n";
            r.exitCode = 1;
        }
        return r;
    };
    // The kube-proxy metrics server on a hostNetwork pod: /proxyMode.
    if ((url->host == "127.0.0.1" || url->host == "localhost") && url->port == 10249 &&
        pod["spec"].value("hostNetwork", false)) {
        if (url->path == "/proxyMode")
            r.out = engine.settings().proxyMode;
        return r;
    }
    ClusterDns dns(engine);
    ResolvConf conf = resolvConfFor(engine, pod);
    Resolution res = resolveHost(dns, conf, url->host);
    if (verbose)
        for (const std::string& t : res.tried)
            r.err += "* [klab] DNS " + t + ": " + (res.found && res.fqdn == t ? "answered" : "NXDOMAIN") + "\n";
    const ObjectKey clientKey = keyOf(pod);
    const std::string& clientName = clientKey.name;
    if (!res.tried.empty()) {
        Json data{{"client", clientName}, {"name", url->host}, {"fqdn", res.fqdn},
                  {"address", res.found ? res.addresses.front() : std::string()}};
        if (res.found)
            engine.story("coredns", clientKey, "Resolved", "network.resolved", std::move(data));
        else
            engine.story("coredns", clientKey, "NXDOMAIN", "network.nxdomain", std::move(data));
    }
    if (!res.found)
        return fail(6, "Could not resolve host: " + url->host, "bad address '" + url->host + "'");
    const std::string ip = res.addresses.front();
    if (verbose)
        r.err += "*   Trying " + ip + ":" + std::to_string(url->port) + "...\n";
    ConnectionTrace trace = traceConnection(engine, pod, ip, url->port);
    tellConnection(engine, pod, trace);
    if (verbose)
        for (const std::string& h : trace.hops)
            r.err += "* [klab] " + h + "\n";
    const std::string failText = "Failed to connect to " + url->host + " port " + std::to_string(url->port) + " after ";
    switch (trace.outcome) {
    case ConnectOutcome::Refused:
        return fail(7, failText + "0 ms: Couldn't connect to server",
                    "can't connect to remote host (" + ip + "): Connection refused");
    case ConnectOutcome::Dropped:
    case ConnectOutcome::Unreachable:
        if (timeoutSeconds > 0)
            return fail(28, failText + std::to_string(timeoutSeconds * 1000) + " ms: Timeout was reached",
                        "download timed out");
        return fail(7, failText + std::to_string(kSynTimeoutMs) + " ms: Couldn't connect to server",
                    "can't connect to remote host (" + ip + "): Connection timed out");
    case ConnectOutcome::Connected:
        break;
    }
    if (verbose)
        r.err += "* Connected to " + url->host + " (" + ip + ") port " + std::to_string(url->port) + "\n";
    std::string body;
    std::vector<Json> ingresses;
    for (const ObjectPtr& i : engine.list("Ingress"))
        ingresses.push_back(*i);
    if (!trace.targetPod && !ingresses.empty() && trace.servicePort.empty() && (url->port == 80 || url->port == 443) &&
        ip != "172.18.0.1") {
        // A node's port 80/443: the ingress controller (ingress-nginx on host ports, as in kind).
        std::string host = hostHeader.empty() ? url->host : hostHeader;
        host.erase(0, host.find_first_not_of(' '));
        auto route = routeIngress(ingresses, host, url->path);
        if (verbose)
            r.err += "* [klab] ingress controller: host " + host + " path " + url->path + " -> " +
                     (route ? route->ingress + " backend " + route->service + ":" +
                                  (route->port ? std::to_string(route->port) : route->portName)
                            : std::string("no rule, default backend 404")) + "\n";
        ObjectPtr service = route ? engine.get(ObjectKey{"Service", route->ns, route->service}) : nullptr;
        int servicePort = 0;
        if (service)
            for (const Json& p : (*service)["spec"].value("ports", Json::array()))
                if ((route->port && p.value("port", 0) == route->port) || (!route->portName.empty() && p.value("name", "") == route->portName))
                    servicePort = p.value("port", 0);
        if (!service || servicePort == 0) {
            tellIngress(engine, pod, host, url->path, route, nullptr);
            r.out = route ? "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 "
                            "Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
                          : "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n"
                            "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
            return r;
        }
        ConnectionTrace backend =
            traceConnection(engine, pod, stringAt(*service, Json::json_pointer("/spec/clusterIP")), servicePort);
        if (verbose)
            for (const std::string& h : backend.hops)
                r.err += "* [klab] " + h + "\n";
        tellIngress(engine, pod, host, url->path, route, &backend);
        if (backend.outcome != ConnectOutcome::Connected || !backend.targetPod) {
            r.out = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 "
                    "Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
            return r;
        }
        r.out = httpBody(*backend.targetPod, backend.endpoint ? backend.endpoint->port : servicePort, url->path);
        return r;
    }
    if (!trace.targetPod) {
        // A node address or the API server (the `kubernetes` Service).
        if (url->scheme == "https" && !insecure && client == Client::Curl) {
            r.err += kCurlCertificate;
            r.exitCode = 60;
            return r;
        }
        if (url->scheme == "https" && client == Client::Wget)
            return fail(0, "", "server certificate not trusted");
        body = std::string(kApiServerForbidden) + (client == Client::Curl ? "" : "\n");
    } else {
        body = httpBody(*trace.targetPod, trace.endpoint ? trace.endpoint->port : url->port, url->path);
    }
    if (client == Client::Wget && !toStdout) {
        if (!quiet)
            r.err += "Connecting to " + url->host + " (" + ip + ":" + std::to_string(url->port) + ")\nsaving to 'index.html'\n"
                     "index.html           100% |********************************|   " + std::to_string(body.size()) +
                     "  0:00:00 ETA\n'index.html' saved\n";
        return r;
    }
    if (client == Client::Wget && !quiet)
        r.err += "Connecting to " + url->host + " (" + ip + ":" + std::to_string(url->port) + ")\nwriting to stdout\n";
    r.out = body;
    if (client == Client::Wget && !quiet)
        r.err += "-                    100% |********************************|   " + std::to_string(body.size()) +
                 "  0:00:00 ETA\nwritten to stdout\n";
    return r;
}

std::string hostsFile(const Json& pod)
{
    std::string out = "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                      "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n";
    std::string ip = stringAt(pod, Json::json_pointer("/status/podIP"));
    std::string hostname = podHostname(pod);
    std::string subdomain = stringAt(pod, Json::json_pointer("/spec/subdomain"));
    if (!subdomain.empty())
        out += ip + "\t" + hostname + "." + subdomain + "." + namespaceOf(pod) + ".svc.cluster.local\t" + hostname + "\n";
    else
        out += ip + "\t" + hostname + "\n";
    return out;
}

} // namespace

const std::vector<std::string>& simulatedCommands()
{
    static const std::vector<std::string> commands = {
        "nslookup NAME", "curl URL", "wget -qO- URL", "cat /etc/resolv.conf", "cat /etc/hosts", "hostname", "env",
        "cat FILE", "ls DIR", "echo TEXT [> FILE|>> FILE]", "touch FILE",
    };
    return commands;
}

std::string podFieldValue(const Json& pod, const std::string& fieldPath)
{
    return fieldRefValue(pod, fieldPath);
}

EnvList containerEnvironment(const Engine& engine, const Json& pod, const std::string& containerName)
{
    EnvList out;
    out.emplace_back("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    out.emplace_back("HOSTNAME", podHostname(pod));
    const Json* container = findContainer(pod, containerName);
    const std::string ns = namespaceOf(pod);
    EnvList services = serviceEnvFor(engine, pod);
    std::map<std::string, std::string> known(services.begin(), services.end());
    EnvList declared;
    auto set = [&](const std::string& name, const std::string& value) {
        known[name] = value;
        auto it = std::find_if(declared.begin(), declared.end(), [&](const auto& e) { return e.first == name; });
        if (it != declared.end())
            it->second = value;
        else
            declared.emplace_back(name, value);
    };
    if (container) {
        for (const Json& from : container->value("envFrom", Json::array())) {
            const std::string prefix = from.value("prefix", "");
            bool secret = from.contains("secretRef");
            const Json ref = secret ? from["secretRef"] : from.value("configMapRef", Json::object());
            ObjectPtr source = engine.get(ObjectKey{secret ? "Secret" : "ConfigMap", ns, ref.value("name", "")});
            if (!source)
                continue;
            const Json data = source->value("data", Json::object());
            for (auto it = data.begin(); it != data.end(); ++it)
                if (it.value().is_string())
                    set(prefix + it.key(), secret ? decodeBase64(it.value().get<std::string>()).value_or("") : it.value().get<std::string>());
        }
        for (const Json& e : container->value("env", Json::array())) {
            const std::string name = e.value("name", "");
            if (e.contains("value")) {
                set(name, expand(e["value"].get<std::string>(), known));
                continue;
            }
            const Json from = e.value("valueFrom", Json::object());
            if (from.contains("fieldRef")) {
                set(name, fieldRefValue(pod, from["fieldRef"].value("fieldPath", "")));
            } else if (from.contains("resourceFieldRef")) {
                Json ref = from["resourceFieldRef"];
                const Json* target = ref.contains("containerName") ? findContainer(pod, ref.value("containerName", "")) : container;
                set(name, resourceFieldValue(engine, pod, target ? *target : *container, ref));
            } else if (from.contains("configMapKeyRef") || from.contains("secretKeyRef")) {
                bool secret = from.contains("secretKeyRef");
                const Json ref = secret ? from["secretKeyRef"] : from["configMapKeyRef"];
                ObjectPtr source = engine.get(ObjectKey{secret ? "Secret" : "ConfigMap", ns, ref.value("name", "")});
                if (!source)
                    continue;
                const Json data = source->value("data", Json::object());
                std::string key = ref.value("key", "");
                if (data.contains(key) && data[key].is_string())
                    set(name, secret ? decodeBase64(data[key].get<std::string>()).value_or("") : data[key].get<std::string>());
            } else {
                set(name, "");
            }
        }
    }
    for (auto& d : declared)
        out.push_back(d);
    for (auto& s : services)
        if (std::none_of(declared.begin(), declared.end(), [&](const auto& d) { return d.first == s.first; }))
            out.push_back(s);
    out.emplace_back("HOME", "/root");
    return out;
}

bool containerRunning(const Json& pod, const std::string& container)
{
    for (const char* list : {"containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"})
        for (const Json& s : pod.value("status", Json::object()).value(list, Json::array()))
            if (s.value("name", "") == container)
                return s.value("state", Json::object()).contains("running");
    return false;
}

Status checkExecTarget(const Json& pod, const std::string& container)
{
    const std::string name = nameOf(pod);
    bool known = false;
    for (const char* list : {"containers", "initContainers", "ephemeralContainers"})
        for (const Json& c : pod["spec"].value(list, Json::array()))
            known = known || c.value("name", "") == container;
    if (!known)
        return fail(ErrorCode::BadRequest, "container " + container + " is not valid for pod " + name);
    if (stringAt(pod, Json::json_pointer("/spec/nodeName")).empty())
        return fail(ErrorCode::BadRequest, "pod " + name + " does not have a host assigned");
    if (!containerRunning(pod, container))
        return fail(ErrorCode::NotFound, "container not found (\"" + container + "\")");
    return {};
}

ExecResult execInPod(Engine& engine, const Json& pod, const std::string& container, const std::vector<std::string>& argv)
{
    ExecResult r;
    if (argv.empty())
        return r;
    std::string cmd = argv[0];
    if (auto slash = cmd.rfind('/'); slash != std::string::npos)
        cmd = cmd.substr(slash + 1);
    if ((cmd == "sh" || cmd == "bash" || cmd == "ash") && argv.size() == 3 && argv[1] == "-c")
        return execInPod(engine, pod, container, shellWords(argv[2]));
    if (cmd == "hostname") {
        r.out = podHostname(pod) + "\n";
        return r;
    }
    if (cmd == "env" || cmd == "printenv") {
        EnvList env = containerEnvironment(engine, pod, container);
        if (cmd == "printenv" && argv.size() > 1) {
            r.exitCode = 1;
            for (std::size_t i = 1; i < argv.size(); ++i)
                for (const auto& [k, v] : env)
                    if (k == argv[i]) {
                        r.out += v + "\n";
                        r.exitCode = 0;
                    }
            return r;
        }
        for (const auto& [k, v] : env)
            r.out += k + "=" + v + "\n";
        return r;
    }
    if (cmd == "cat" && argv.size() == 2 && argv[1] == "/etc/resolv.conf") {
        r.out = resolvConfFor(engine, pod).text();
        return r;
    }
    if (cmd == "cat" && argv.size() == 2 && argv[1] == "/etc/hosts") {
        r.out = hostsFile(pod);
        return r;
    }
    // The files of the container's volumes (podfiles.h).
    if (cmd == "cat" && argv.size() == 2)
        return catFile(engine, pod, container, argv[1]);
    if (cmd == "ls" && argv.size() == 2)
        return listDirectory(engine, pod, container, argv[1]);
    if (cmd == "touch" && argv.size() == 2)
        return writeFile(engine, pod, container, argv[1], {}, true);
    if (cmd == "echo") {
        // echo [-n] WORDS [> FILE | >> FILE]
        std::size_t i = 1;
        const bool newline = !(argv.size() > 1 && argv[1] == "-n");
        if (!newline)
            ++i;
        std::string text;
        std::optional<std::pair<std::string, bool>> target; // file, append
        for (; i < argv.size(); ++i) {
            const std::string& w = argv[i];
            if (w == ">" || w == ">>") {
                if (i + 1 >= argv.size()) {
                    r.err = "sh: syntax error: unexpected newline\n";
                    r.exitCode = 2;
                    return r;
                }
                target = std::make_pair(argv[i + 1], w == ">>");
                ++i;
            } else if (w.starts_with(">>") || w.starts_with(">")) {
                const bool add = w.starts_with(">>");
                target = std::make_pair(w.substr(add ? 2 : 1), add);
            } else {
                text += (text.empty() ? "" : " ") + w;
            }
        }
        if (newline)
            text += "\n";
        if (target)
            return writeFile(engine, pod, container, target->first, text, target->second);
        r.out = text;
        return r;
    }
    if (cmd == "nslookup")
        return nslookup(engine, pod, argv);
    if (cmd == "curl")
        return httpGet(engine, pod, argv, Client::Curl);
    if (cmd == "wget")
        return httpGet(engine, pod, argv, Client::Wget);
    std::string list;
    for (const std::string& c : simulatedCommands())
        list += (list.empty() ? "" : ", ") + c;
    r.err = "klab: \"" + argv[0] + "\" is not simulated; klab exec runs only: " + list + "\n";
    r.exitCode = 127;
    return r;
}

} // namespace kubelab::core::net

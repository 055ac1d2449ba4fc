// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/handlers.h"


#include <algorithm>
#include <charconv>
#include <expected>

#include "core/api/encoding.h"
#include "core/api/names.h"
#include "core/auth/rbac.h"
#include "core/auth/users.h"
#include "core/cli/cli.h"
#include "core/network/podexec.h"
#include "core/server/discovery.h"
#include "core/server/metrics.h"
#include "core/server/table.h"
#include "core/sim/apiserver.h"
#include "core/store/labfile.h"
#include "core/store/packed.h"
#include "core/sim/eviction.h"

namespace kubelab::core::server {

namespace {

constexpr std::string_view kCertificateTokenPrefix = "kubelab-certificate.";

std::vector<std::string> splitPath(std::string_view path)
{
    std::vector<std::string> out;
    while (!path.empty()) {
        while (!path.empty() && path.front() == '/')
            path.remove_prefix(1);
        if (path.empty())
            break;
        auto slash = path.find('/');
        out.emplace_back(path.substr(0, slash));
        if (slash == std::string_view::npos)
            break;
        path.remove_prefix(slash);
    }
    return out;
}

std::vector<std::string> splitComma(std::string_view text)
{
    std::vector<std::string> out;
    while (!text.empty()) {
        auto comma = text.find(',');
        std::string_view part = text.substr(0, comma);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        if (!part.empty())
            out.emplace_back(part);
        if (comma == std::string_view::npos)
            break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

const ResourceInfo* findServed(std::string_view group, std::string_view version, std::string_view plural)
{
    for (const ResourceInfo& r : allResources())
        if (r.group == group && r.version == version && r.plural == plural)
            return &r;
    return nullptr;
}

/// The kind the store keeps a resource under (events.k8s.io Events are the core ones).
std::string storedKind(const ResourceInfo& r)
{
    return std::string(r.kind);
}

std::string revisionText(const Engine& engine)
{
    return std::to_string(engine.store().revision());
}

std::optional<std::int64_t> parseInt(std::string_view text)
{
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size())
        return std::nullopt;
    return v;
}

// A list's continue token (apiserver's storage.EncodeContinue and DecodeContinue): the
// revision of the first page and the key to start at, after the resource's prefix, as
// unpadded base64url of {"v":"meta.k8s.io/v1","rv":R,"start":"KEY"}.
struct ContinueToken {
    std::int64_t revision = 0;
    std::string startKey;
};

std::string encodeContinue(const std::string& startKey, std::int64_t revision)
{
    std::string text = Json{{"v", "meta.k8s.io/v1"}, {"rv", revision}, {"start", startKey}}.dump();
    return encodeBase64(text, Base64Alphabet::Url);
}

/// The token, or why it is not one, in the texts of DecodeContinue and Go's JSON decoder.
std::expected<ContinueToken, std::string> decodeContinue(std::string_view value)
{
    const std::string invalid = "continue key is not valid";
    auto data = decodeBase64Url(value);
    if (!data)
        return std::unexpected(invalid + ": illegal base64 data at input byte " + std::to_string(data.error()));
    Json c = Json::parse(*data, nullptr, false);
    if (c.is_discarded()) {
        const std::size_t at = data->find_first_not_of(" \t\r\n");
        if (at == std::string::npos)
            return std::unexpected(invalid + ": unexpected end of JSON input");
        return std::unexpected(invalid + ": invalid character '" + std::string(1, (*data)[at]) +
                               "' looking for beginning of value");
    }
    auto goType = [](const Json& j) {
        return j.is_number() ? "number" : j.is_string() ? "string" : j.is_array() ? "array" : j.is_boolean() ? "bool" : "object";
    };
    if (!c.is_object()) {
        if (c.is_null())
            return std::unexpected(invalid + ": server does not recognize this encoded version ");
        return std::unexpected(invalid + ": json: cannot unmarshal " + goType(c) + " into Go value of type storage.continueToken");
    }
    ContinueToken token;
    for (const auto& [field, wanted] : {std::pair{"v", "string"}, std::pair{"rv", "int64"}, std::pair{"start", "string"}}) {
        auto it = c.find(field);
        if (it == c.end() || it->is_null())
            continue;
        if (std::string_view(wanted) == "string" ? !it->is_string() : !it->is_number_integer())
            return std::unexpected(invalid + ": json: cannot unmarshal " + goType(*it) + " into Go struct field continueToken." +
                                   field + " of type " + wanted);
    }
    const std::string version = c.value("v", "");
    token.revision = c.value("rv", std::int64_t{0});
    token.startKey = c.value("start", "");
    if (version != "meta.k8s.io/v1")
        return std::unexpected(invalid + ": server does not recognize this encoded version " + version);
    if (token.revision == 0)
        return std::unexpected(invalid + ": incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
    if (token.startKey.empty())
        return std::unexpected(invalid + ": encoded start key empty (version meta.k8s.io/v1)");
    // path.Clean of the key with a leading slash must leave it as it is: no empty, "." or
    // ".." segment and no trailing slash, so the key stays under the resource's prefix.
    const std::string key = token.startKey.front() == '/' ? token.startKey : "/" + token.startKey;
    bool clean = key == "/" || key.back() != '/';
    for (std::size_t from = 1; clean && from <= key.size();) {
        const std::size_t end = std::min(key.find('/', from), key.size());
        const std::string_view segment(key.data() + from, end - from);
        clean = !(segment.empty() && end < key.size()) && segment != "." && segment != "..";
        from = end + 1;
    }
    if (!clean)
        return std::unexpected(invalid + ": " + token.startKey);
    token.startKey = key.substr(1);
    return token;
}

/// Patch directives kubectl's strategic merge patches carry (`$setElementOrder/containers`,
/// `$retainKeys`) that the lab's merge does not use: dropped, the merge keeps list order.
Json withoutDirectives(const Json& patch)
{
    if (patch.is_object()) {
        Json out = Json::object();
        for (auto it = patch.begin(); it != patch.end(); ++it) {
            if (it.key().starts_with("$setElementOrder/") || it.key() == "$retainKeys" ||
                it.key().starts_with("$deleteFromPrimitiveList/"))
                continue;
            out[it.key()] = withoutDirectives(it.value());
        }
        return out;
    }
    if (patch.is_array()) {
        Json out = Json::array();
        for (const Json& e : patch)
            out.push_back(withoutDirectives(e));
        return out;
    }
    return patch;
}

std::optional<PatchType> patchTypeOf(std::string_view contentType)
{
    contentType = contentType.substr(0, contentType.find(';'));
    if (contentType == "application/merge-patch+json")
        return PatchType::Merge;
    if (contentType == "application/json-patch+json")
        return PatchType::Json;
    if (contentType == "application/strategic-merge-patch+json")
        return PatchType::Strategic;
    return std::nullopt;
}

Result<Json> applyPatch(const Json& live, const Json& patch, PatchType type)
{
    switch (type) {
    case PatchType::Merge:
        return mergePatch(live, patch);
    case PatchType::Strategic:
        return threeWayMerge(live, Json(), patch);
    case PatchType::Json:
        try {
            return live.patch(patch);
        } catch (const std::exception& e) {
            return fail(ErrorCode::BadRequest, std::string("the JSON patch could not be applied: ") + e.what());
        }
    }
    return fail(ErrorCode::BadRequest, "unknown patch type");
}

Result<Json> parseBody(const std::string& body)
{
    Json j = Json::parse(body, nullptr, false);
    if (j.is_discarded())
        return fail(ErrorCode::BadRequest,
                    "the body of the request was in an unknown format - accepted media types include: "
                    "application/json, application/yaml, application/vnd.kubernetes.protobuf");
    return j;
}

/// A selector query parameter (`labelSelector`, `fieldSelector`); everything when absent.
template <typename Selector>
Result<Selector> selectorParam(const HttpRequest& request, const char* name)
{
    auto text = request.param(name);
    if (!text || text->empty())
        return Selector{};
    return Selector::parse(*text);
}

DeleteOptions deleteOptionsOf(const HttpRequest& request)
{
    DeleteOptions options;
    Json body = request.body.empty() ? Json::object() : Json::parse(request.body, nullptr, false);
    if (!body.is_object())
        body = Json::object();
    std::string policy = body.value("propagationPolicy", request.param("propagationPolicy").value_or(""));
    if (policy == "Foreground")
        options.propagation = Propagation::Foreground;
    else if (policy == "Orphan" || body.value("orphanDependents", false))
        options.propagation = Propagation::Orphan;
    if (body.contains("gracePeriodSeconds") && body["gracePeriodSeconds"].is_number_integer())
        options.gracePeriodSeconds = body["gracePeriodSeconds"].get<std::int64_t>();
    else if (auto g = request.param("gracePeriodSeconds"))
        options.gracePeriodSeconds = parseInt(*g);
    return options;
}

/// autoscaling/v1 Scale of a workload (pkg/registry/apps/deployment/storage scaleFromDeployment).
Json scaleOf(const Json& object)
{
    const Json& meta = object["metadata"];
    Json scaleMeta = Json::object();
    for (const char* key : {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"})
        if (meta.contains(key))
            scaleMeta[key] = meta[key];
    std::int64_t replicas = 1;
    if (object.contains("spec") && object["spec"].contains("replicas") && object["spec"]["replicas"].is_number())
        replicas = object["spec"]["replicas"].get<std::int64_t>();
    std::int64_t current = 0;
    if (object.contains("status") && object["status"].contains("replicas") && object["status"]["replicas"].is_number())
        current = object["status"]["replicas"].get<std::int64_t>();
    std::string selector;
    if (object.contains("spec") && object["spec"].contains("selector")) {
        if (auto s = LabelSelector::fromJson(object["spec"]["selector"]))
            selector = s->toString();
    }
    Json status = Json{{"replicas", current}};
    if (!selector.empty())
        status["selector"] = selector;
    return Json{{"kind", "Scale"},
                {"apiVersion", "autoscaling/v1"},
                {"metadata", scaleMeta},
                {"spec", Json{{"replicas", replicas}}},
                {"status", status}};
}

/// A whole response (not a stream).
ApiResponse wholeResponse(int status, std::string contentType, std::string body)
{
    ApiResponse r;
    r.status = status;
    r.contentType = std::move(contentType);
    r.body = std::move(body);
    return r;
}

bool isTrue(const std::optional<std::string>& value)
{
    return value && (*value == "true" || *value == "1");
}

/// A container's status in a pod (app or init container), or null.
const Json* containerStatusOf(const Json& pod, const std::string& container)
{
    if (!pod.contains("status") || !pod["status"].is_object())
        return nullptr;
    const Json& status = pod["status"];
    for (const char* field : {"containerStatuses", "initContainerStatuses"}) {
        if (!status.contains(field) || !status[field].is_array())
            continue;
        for (const Json& s : status[field])
            if (s.value("name", "") == container)
                return &s;
    }
    return nullptr;
}

/// `startedAt` of the container's run in `state` or `lastState` (`running` or `terminated`).
std::string startedAtOf(const Json& status, const char* field, const char* state)
{
    if (!status.contains(field) || !status[field].is_object() || !status[field].contains(state) ||
        !status[field][state].is_object())
        return {};
    return status[field][state].value("startedAt", "");
}

/// When the container's current run started, if it is running.
std::string runningSince(const Json& pod, const std::string& container)
{
    const Json* status = containerStatusOf(pod, container);
    return status ? startedAtOf(*status, "state", "running") : std::string();
}

} // namespace

std::expected<std::optional<std::int64_t>, ApiResponse> ApiHandler::listRevision(const HttpRequest& request) const
{
    const std::string rv = request.param("resourceVersion").value_or("");
    const std::string match = request.param("resourceVersionMatch").value_or("");
    const std::string cont = request.param("continue").value_or("");
    // apimachinery's ValidateListOptions, refused as an Invalid ListOptions.meta.k8s.io.
    std::vector<std::pair<std::string, std::string>> invalid; // (type, detail)
    if (!match.empty()) {
        if (rv.empty())
            invalid.emplace_back("FieldValueForbidden",
                                 "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
        if (!cont.empty())
            invalid.emplace_back("FieldValueForbidden",
                                 "Forbidden: resourceVersionMatch is forbidden when continue is provided");
        if (match != "Exact" && match != "NotOlderThan")
            invalid.emplace_back("FieldValueNotSupported", "Unsupported value: \"" + match +
                                                               "\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
        if (match == "Exact" && rv == "0")
            invalid.emplace_back("FieldValueForbidden",
                                 "Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
    }
    if (!invalid.empty()) {
        Json causes = Json::array();
        std::string joined;
        for (const auto& [type, detail] : invalid) {
            causes.push_back(Json{{"reason", type}, {"message", detail}, {"field", "resourceVersionMatch"}});
            joined += (joined.empty() ? "" : ", ") + std::string("resourceVersionMatch: ") + detail;
        }
        if (invalid.size() > 1)
            joined = "[" + joined + "]";
        Json status = Json{{"kind", "Status"},
                           {"apiVersion", "v1"},
                           {"metadata", Json::object()},
                           {"status", "Failure"},
                           {"message", "ListOptions.meta.k8s.io \"\" is invalid: " + joined},
                           {"reason", "Invalid"},
                           {"details", Json{{"group", "meta.k8s.io"}, {"kind", "ListOptions"}, {"causes", causes}}},
                           {"code", 422}};
        return std::unexpected(json(422, status));
    }
    if (rv.empty() || rv == "0")
        return std::optional<std::int64_t>(); // the most recent state (the lab has one store)
    // APIObjectVersioner.ParseResourceVersion: an unsigned number; the storage error it
    // returns otherwise reaches the client as a 500 without a reason.
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(rv.data(), rv.data() + rv.size(), n);
    if (ec != std::errc() || end != rv.data() + rv.size() || rv.front() == '-' || rv.front() == '+') {
        Json status = Json{{"kind", "Status"},
                           {"apiVersion", "v1"},
                           {"metadata", Json::object()},
                           {"status", "Failure"},
                           {"message", "resourceVersion: Invalid value: \"" + rv + "\": strconv.ParseUint: parsing \"" + rv +
                                           "\": invalid syntax"},
                           {"reason", ""},
                           {"code", 500}};
        return std::unexpected(json(500, status));
    }
    const std::int64_t current = m_engine.store().revision();
    if (n > current) {
        // storage.NewTooLargeResourceVersionError: the server has not reached that revision
        // (kube-apiserver waits up to 3 s for its watch cache first; the lab's store is the
        // one this server writes, so it answers at once).
        Json status = Json{{"kind", "Status"},
                           {"apiVersion", "v1"},
                           {"metadata", Json::object()},
                           {"status", "Failure"},
                           {"message", "Timeout: Too large resource version: " + rv + ", current: " + std::to_string(current)},
                           {"reason", "Timeout"},
                           {"details", Json{{"causes", Json::array({Json{{"reason", "ResourceVersionTooLarge"},
                                                                         {"message", "Too large resource version"}}})},
                                            {"retryAfterSeconds", 1}}},
                           {"code", 504}};
        return std::unexpected(json(504, status));
    }
    // NotOlderThan (or no match, the legacy meaning): the current state is at least as new.
    // Exact: the state at that revision, from the lab's revision log, which keeps every
    // revision (nothing is compacted, so no list is too old).
    if (match == "Exact" && n < current)
        return std::optional<std::int64_t>(n);
    return std::optional<std::int64_t>();
}

bool ApiHandler::continueLog(LogFollow& follow, std::string& text) const
{
    ObjectPtr pod = m_engine.get(follow.pod);
    if (!pod || uidOf(*pod) != follow.uid)
        return false;
    const Json* status = containerStatusOf(*pod, follow.container);
    if (!status)
        return false;
    // Where the followed run is now: still running, ended (state), or ended and restarted
    // (lastState); containerLogLines reads the run `previous` names.
    bool previous = false;
    bool ended = false;
    if (startedAtOf(*status, "state", "running") == follow.startedAt) {
    } else if (startedAtOf(*status, "state", "terminated") == follow.startedAt) {
        ended = true;
    } else if (startedAtOf(*status, "lastState", "terminated") == follow.startedAt) {
        previous = true;
        ended = true;
    } else {
        return false;
    }
    auto lines = cli::containerLogLines(m_engine, *pod, follow.container, previous);
    if (!lines)
        return false;
    for (std::size_t i = follow.sent; i < lines->size(); ++i)
        text += (*lines)[i] + "\n";
    follow.sent = std::max(follow.sent, lines->size());
    return !ended;
}

bool WatchRequest::matches(const Json& object) const
{
    if (kindOf(object) != resource->kind)
        return false;
    if (!ns.empty() && namespaceOf(object) != ns)
        return false;
    return labels.matches(labelsOf(object)) && fields.matches(object);
}

ApiHandler::ApiHandler(Engine& engine, std::string serverAddress)
    : m_engine(engine), m_serverAddress(std::move(serverAddress))
{
}

std::string ApiHandler::tokenFor(const std::string& user, bool isTokenUser, const std::string& token)
{
    return isTokenUser ? token : std::string(kCertificateTokenPrefix) + user;
}

ApiResponse ApiHandler::json(int status, const Json& body) const
{
    return wholeResponse(status, "application/json", body.dump());
}

ApiResponse ApiHandler::openApi(const HttpRequest& request)
{
    if (!m_openApi) {
        const Result<Schema>& schema = apiSchema();
        if (!schema)
            return statusResponse(schema.error());
        m_openApi = std::make_unique<const OpenApiV2>(*schema, m_engine.settings().kubernetesVersion);
    }
    // kube-openapi's handler: Vary on Accept, the ETag of the JSON for either encoding, and
    // http.ServeContent's 304 when the client already has that version.
    const std::string type = OpenApiV2::negotiate(request.header("accept"));
    if (type.empty()) {
        ApiResponse r = wholeResponse(406, "text/plain; charset=utf-8", "");
        r.headers = {{"Vary", "Accept"}};
        return r;
    }
    const bool current = request.header("if-none-match") == m_openApi->etag();
    ApiResponse r = wholeResponse(current ? 304 : 200, type,
                                  current ? std::string() : type == OpenApiV2::kJson ? m_openApi->json() : m_openApi->protobuf());
    r.headers = {{"Etag", m_openApi->etag()}, {"Vary", "Accept"}};
    return r;
}

ApiResponse ApiHandler::statusResponse(const Error& error, const ResourceInfo* resource, std::string_view name)
{
    int code = httpStatusOf(error.code);
    std::string reason(reasonOf(error.code));
    if (code == 0) {
        code = 400;
        reason = "BadRequest";
    }
    Json status = Json{{"kind", "Status"},     {"apiVersion", "v1"}, {"metadata", Json::object()},
                       {"status", "Failure"}, {"message", error.message}, {"reason", reason}};
    Json details = Json::object();
    std::string detailName = !error.name.empty() ? error.name : std::string(name);
    if (!detailName.empty())
        details["name"] = detailName;
    if (resource && !resource->group.empty())
        details["group"] = std::string(resource->group);
    if (error.code == ErrorCode::Invalid) {
        if (!error.kind.empty())
            details["kind"] = error.kind;
        // `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: ...`
        std::string qualifiedKind = error.kind;
        if (resource && !resource->group.empty())
            qualifiedKind += "." + std::string(resource->group);
        Json causes = Json::array();
        std::string joined;
        for (const std::string& c : error.causes) {
            auto colon = c.find(": ");
            Json cause = Json{{"reason", "FieldValueInvalid"},
                              {"message", colon == std::string::npos ? c : c.substr(colon + 2)},
                              {"field", colon == std::string::npos ? "" : c.substr(0, colon)}};
            causes.push_back(std::move(cause));
            joined += (joined.empty() ? "" : ", ") + c;
        }
        if (!causes.empty())
            details["causes"] = causes;
        if (!error.kind.empty())
            status["message"] = qualifiedKind + " \"" + detailName + "\" is invalid: " +
                                (error.causes.size() > 1 ? "[" + joined + "]" : joined.empty() ? error.message : joined);
    } else if (resource) {
        details["kind"] = std::string(resource->plural);
    }
    if (!details.empty())
        status["details"] = details;
    status["code"] = code;
    return wholeResponse(code, "application/json", status.dump());
}

Result<RequestContext> ApiHandler::authenticateRequest(const HttpRequest& request,
                                                       const std::optional<std::string>& pathToken) const
{
    Result<RequestContext> who = fail(ErrorCode::Unauthorized, "Unauthorized");
    if (request.certificateUser) {
        // A client certificate the TLS handshake verified against the lab's CA comes first,
        // as kube-apiserver's x509 authenticator comes before its token authenticators.
        who = certificateUser(*request.certificateUser, request.certificateGroups);
    } else {
        const std::string auth = request.header("authorization");
        if (!auth.starts_with("Bearer ") && !pathToken)
            return fail(ErrorCode::Unauthorized, "Unauthorized");
        const std::string token = auth.starts_with("Bearer ") ? auth.substr(7) : *pathToken;
        Kubeconfig config = Kubeconfig::load(m_engine);
        if (token.starts_with(kCertificateTokenPrefix)) {
            // The stand-in for a certificate is for plain HTTP, which carries none; over
            // HTTPS a certificate user presents its certificate.
            if (request.secure)
                return fail(ErrorCode::Unauthorized, "Unauthorized");
            std::string user = token.substr(kCertificateTokenPrefix.size());
            const LabUser* u = config.user(user);
            if (!u || u->token)
                return fail(ErrorCode::Unauthorized, "Unauthorized");
            // As if the client had presented the certificate: the context of this user.
            config.contexts.push_back(LabContext{"kubelab-serve", user, ""});
            who = authenticate(m_engine, config, std::string("kubelab-serve"), std::nullopt);
        } else {
            who = authenticate(m_engine, config, std::nullopt, token);
        }
    }
    if (!who)
        return who;
    std::string as = request.header("impersonate-user");
    std::vector<std::string> groups = splitComma(request.header("impersonate-group"));
    if (as.empty() && !groups.empty())
        return fail(ErrorCode::Forbidden, "requested [{Group  " + groups.front() +
                                              "  authentication.k8s.io/v1  }] without impersonating a user");
    if (!as.empty())
        return impersonate(m_engine, *who, as, groups);
    return who;
}

ApiResponse ApiHandler::handle(const HttpRequest& request)
{
    // kubectl sends no credentials over plain HTTP (client-go reads a kubeconfig user only
    // for TLS), so the served kubeconfig names the user in the server's path instead:
    // `http://127.0.0.1:6443/u/TOKEN` (client-go keeps a server's path as a prefix).
    std::string path = request.path;
    std::optional<std::string> pathToken;
    if (path.starts_with("/u/")) {
        auto slash = path.find('/', 3);
        pathToken = path.substr(3, slash == std::string::npos ? std::string::npos : slash - 3);
        path = slash == std::string::npos ? "/" : path.substr(slash);
    }
    const std::vector<std::string> parts = splitPath(path);
    if (path == "/healthz" || path == "/livez" || path == "/readyz")
        return wholeResponse(200, "text/plain; charset=utf-8", "ok");
    if (path == "/version")
        return json(200, versionDocument(m_engine.settings().kubernetesVersion));
    auto who = authenticateRequest(request, pathToken);
    if (!who)
        return statusResponse(who.error());
    if (path == "/openapi/v2")
        return openApi(request);
    if (parts.size() == 1 && parts[0] == "api")
        return json(200, coreVersions(m_serverAddress));
    if (parts.size() == 1 && parts[0] == "apis")
        return json(200, groupList());
    if (parts.size() == 2 && parts[0] == "api") {
        if (auto list = resourceList("", parts[1]))
            return json(200, *list);
    }
    if (parts.size() == 2 && parts[0] == "apis") {
        if (auto g = groupDocument(parts[1]))
            return json(200, *g);
    }
    if (parts.size() == 3 && parts[0] == "apis") {
        if (auto list = resourceList(parts[1], parts[2]))
            return json(200, *list);
    }
    if (parts.size() >= 3 && parts[0] == "api")
        return handleResource(request, *who, "", parts[1], std::vector<std::string>(parts.begin() + 2, parts.end()));
    if (parts.size() >= 4 && parts[0] == "apis" && parts[1] == kMetricsGroup) {
        if (parts[2] != kMetricsVersion)
            return statusResponse(makeError(ErrorCode::NotFound, "the server could not find the requested resource"));
        auto metrics = metricsDocument(m_engine, *who, request, std::vector<std::string>(parts.begin() + 3, parts.end()));
        return metrics ? json(200, *metrics) : statusResponse(metrics.error());
    }
    if (parts.size() >= 4 && parts[0] == "apis")
        return handleResource(request, *who, parts[1], parts[2],
                              std::vector<std::string>(parts.begin() + 3, parts.end()));
    return statusResponse(makeError(ErrorCode::NotFound, "the server could not find the requested resource"));
}

ApiResponse ApiHandler::handleOlder(const OlderVersion& older, const HttpRequest& request, const RequestContext& who,
                                    const std::vector<std::string>& rest)
{
    HttpRequest up = request;
    if (request.method == "POST" || request.method == "PUT") {
        // A body that is not an object is refused by the stored version's handler.
        if (Json body = Json::parse(request.body, nullptr, false); body.is_object())
            up.body = older.up(body).dump();
    }
    const bool namespaced = rest.size() >= 3 && rest[0] == "namespaces";
    const std::size_t at = namespaced ? 2 : 0;
    if (request.method == "PATCH" && rest.size() == at + 2) {
        const ObjectKey key{std::string(older.stored->kind), namespaced ? rest[1] : "", rest[at + 1]};
        auto type = patchTypeOf(request.header("content-type"));
        Json patch = Json::parse(request.body, nullptr, false);
        ObjectPtr live = m_engine.get(key);
        if (type && !patch.is_discarded() && live) {
            auto patched = applyPatch(older.down(*live), *type == PatchType::Strategic ? withoutDirectives(patch) : patch, *type);
            if (!patched)
                return statusResponse(patched.error());
            up.method = "PUT";
            up.body = older.up(*patched).dump();
        }
    }
    ApiResponse r = handleResource(up, who, older.stored->group, older.stored->version, rest);
    if (r.watch) {
        r.watch->convert = older.down;
        return r;
    }
    if (!r.contentType.starts_with("application/json") || r.body.empty())
        return r;
    Json body = Json::parse(r.body, nullptr, false);
    const std::string kind = body.is_object() ? body.value("kind", "") : "";
    if (kind == older.stored->kind) {
        r.body = older.down(body).dump();
    } else if (kind == std::string(older.stored->kind) + "List") {
        body["apiVersion"] = std::string(older.group) + "/" + std::string(older.version);
        for (Json& item : body["items"])
            item = older.down(item);
        r.body = body.dump();
    }
    return r;
}

ApiResponse ApiHandler::handleResource(const HttpRequest& request, const RequestContext& who, std::string_view group,
                                       std::string_view version, const std::vector<std::string>& rest)
{
    if (const std::size_t at = rest.size() >= 3 && rest[0] == "namespaces" ? 2 : 0; at < rest.size())
        if (const OlderVersion* older = olderVersion(group, version, rest[at]))
            return handleOlder(*older, request, who, rest);
    // [namespaces/NS/]RESOURCE[/NAME[/SUBRESOURCE]]
    std::string ns;
    std::vector<std::string> tail = rest;
    if (tail.size() >= 3 && tail[0] == "namespaces") {
        ns = tail[1];
        tail.erase(tail.begin(), tail.begin() + 2);
    }
    const ResourceInfo* resource = tail.empty() ? nullptr : findServed(group, version, tail[0]);
    if (!resource || tail.size() > 3 || (!ns.empty() && !resource->namespaced))
        return statusResponse(makeError(ErrorCode::NotFound, "the server could not find the requested resource"));
    const std::string name = tail.size() >= 2 ? tail[1] : "";
    const std::string sub = tail.size() == 3 ? tail[2] : "";
    const std::vector<std::string_view> subresources = subresourcesOf(*resource);
    if (!sub.empty() && std::ranges::find(subresources, sub) == subresources.end())
        return statusResponse(makeError(ErrorCode::NotFound, "the server could not find the requested resource"));
    const std::string& method = request.method;

    RequestContext ctx = who;
    if (auto dry = request.param("dryRun"); dry && *dry == "All")
        ctx.dryRun = true;
    if (auto manager = request.param("fieldManager"))
        ctx.fieldManager = *manager;
    const std::string kind = storedKind(*resource);
    const ObjectKey key{kind, resource->namespaced ? ns : "", name};
    const bool table = wantsTable(request.header("accept"));
    const std::string includeObject = request.param("includeObject").value_or("Metadata");

    auto notFound = [&]() {
        return statusResponse(
            makeError(ErrorCode::NotFound, resource->qualifiedPlural() + " \"" + name + "\" not found"), resource,
            name);
    };
    auto objectResponse = [&](int status, const ObjectPtr& object) {
        if (table && method == "GET")
            return json(status, makeTable(m_engine, *resource, {object}, includeObject, revisionText(m_engine)));
        return json(status, *object);
    };
    auto authorize = [&](std::string_view verb) {
        return rbac::authorizeRequest(m_engine, ctx, verb, *resource, ns, name, sub);
    };

    if (resource->plural == "selfsubjectaccessreviews" && method == "POST" && name.empty()) {
        // `kubectl auth can-i` (pkg/registry/authorization/selfsubjectaccessreview).
        auto body = parseBody(request.body);
        if (!body)
            return statusResponse(body.error());
        Json review = *body;
        const Json spec = review.value("spec", Json::object());
        rbac::Attributes a;
        if (spec.contains("nonResourceAttributes") && spec["nonResourceAttributes"].is_object()) {
            a.resourceRequest = false;
            a.verb = spec["nonResourceAttributes"].value("verb", "");
            a.path = spec["nonResourceAttributes"].value("path", "");
        } else {
            const Json ra = spec.value("resourceAttributes", Json::object());
            a.verb = ra.value("verb", "");
            a.apiGroup = ra.value("group", "");
            a.resource = ra.value("resource", "");
            a.subresource = ra.value("subresource", "");
            a.ns = ra.value("namespace", "");
            a.name = ra.value("name", "");
        }
        rbac::Decision d = rbac::authorize(m_engine, rbac::UserInfo{ctx.user, ctx.groups}, a);
        Json status = Json{{"allowed", d.allowed}};
        if (!d.reason.empty())
            status["reason"] = d.reason;
        review["status"] = status;
        if (!review.contains("metadata"))
            review["metadata"] = Json::object();
        return json(201, review);
    }
    if (resource->plural == "selfsubjectreviews" && method == "POST" && name.empty()) {
        // `kubectl auth whoami` (pkg/registry/authentication/selfsubjectreview): the user the
        // request authenticated as, after impersonation.
        Json groups = Json::array();
        for (const std::string& g : ctx.groups)
            groups.push_back(g);
        return json(201, Json{{"kind", "SelfSubjectReview"},
                              {"apiVersion", resource->apiVersion()},
                              {"metadata", Json{{"creationTimestamp", m_engine.timestampNow()}}},
                              {"status", Json{{"userInfo", Json{{"username", ctx.user}, {"groups", groups}}}}}});
    }
    if (!resource->stored && resource->plural != "bindings")
        return statusResponse(makeError(ErrorCode::MethodNotAllowed, "the server does not allow this method on the requested resource"));

    // --- Collections ------------------------------------------------------------------
    if (name.empty()) {
        if (method == "GET") {
            const bool watching = request.param("watch").value_or("") == "true" || request.param("watch") == "1";
            if (auto a = authorize(watching ? "watch" : "list"); !a)
                return statusResponse(a.error(), resource);
            auto labelsParam = selectorParam<LabelSelector>(request, "labelSelector");
            if (!labelsParam)
                return statusResponse(labelsParam.error());
            auto fieldsParam = selectorParam<FieldSelector>(request, "fieldSelector");
            if (!fieldsParam)
                return statusResponse(fieldsParam.error());
            if (auto supported = fieldsParam->supportedBy(kind); !supported)
                return statusResponse(supported.error());
            const LabelSelector& labels = *labelsParam;
            const FieldSelector& fields = *fieldsParam;
            if (watching) {
                WatchRequest w{resource, ns, labels, fields, table, includeObject, std::nullopt, false, std::nullopt};
                if (auto rv = request.param("resourceVersion"); rv && !rv->empty() && *rv != "0")
                    w.sinceRevision = parseInt(*rv);
                // metav1.ListOptions from the query (apimachinery's Convert_Slice_string_To_bool
                // and _To_Pointer_int64).
                if (auto b = request.param("allowWatchBookmarks")) {
                    const std::string v = asciiLower(*b);
                    w.allowBookmarks = !(v == "0" || v == "f" || v == "false");
                }
                if (auto t = request.param("timeoutSeconds"); t && !t->empty()) {
                    w.timeoutSeconds = parseInt(*t);
                    if (!w.timeoutSeconds)
                        return statusResponse(makeError(ErrorCode::BadRequest,
                                                        "strconv.ParseInt: parsing \"" + *t + "\": invalid syntax"));
                }
                ApiResponse r;
                r.contentType = "application/json";
                r.watch = std::move(w);
                return r;
            }
            // resourceVersion / resourceVersionMatch: the current state, or the state at an
            // exact revision of the lab's revision log.
            auto at = listRevision(request);
            if (!at)
                return std::move(at.error());
            std::optional<std::int64_t> atRevision = *at;
            // continue: the rest of an earlier list, at that list's revision, after its last key.
            std::string startKey;
            if (auto c = request.param("continue"); c && !c->empty()) {
                auto token = decodeContinue(*c);
                if (!token)
                    return statusResponse(makeError(ErrorCode::BadRequest, "invalid continue token: " + token.error()));
                if (auto rv = request.param("resourceVersion"); rv && !rv->empty() && *rv != "0")
                    return statusResponse(
                        makeError(ErrorCode::BadRequest, "specifying resource version is not allowed when using continue"));
                startKey = std::move(token->startKey);
                if (token->revision < m_engine.store().revision())
                    atRevision = token->revision;
            }
            // The key of an item after the resource's prefix, as the continue token holds it.
            const bool acrossNamespaces = resource->namespaced && ns.empty();
            auto etcdKey = [acrossNamespaces](const Json& o) {
                return acrossNamespaces ? namespaceOf(o) + "/" + nameOf(o) : nameOf(o);
            };
            std::vector<ObjectPtr> items;
            std::string listRv = revisionText(m_engine);
            if (atRevision) {
                auto past = m_engine.lab().objectsAt(*atRevision);
                if (!past)
                    return statusResponse(past.error());
                std::sort(past->begin(), past->end(),
                          [](const PackedObject& a, const PackedObject& b) { return a.key < b.key; });
                for (const PackedObject& p : *past) {
                    if (p.key.kind != kind || (!ns.empty() && p.key.ns != ns))
                        continue;
                    auto o = std::make_shared<const Json>(unpackObject(p.packed));
                    if (labels.matches(labelsOf(*o)) && fields.matches(*o))
                        items.push_back(std::move(o));
                }
                listRv = std::to_string(*atRevision);
            } else {
                for (const ObjectPtr& o : m_engine.list(kind, ns))
                    if (o && labels.matches(labelsOf(*o)) && fields.matches(*o))
                        items.push_back(o);
            }
            if (!startKey.empty())
                std::erase_if(items, [&](const ObjectPtr& o) { return etcdKey(*o) < startKey; });
            // limit: a page, and the token for the rest (with how many are left when no
            // selector filtered them, as etcd can count them).
            std::string next;
            std::optional<std::int64_t> remaining;
            if (auto l = request.param("limit")) {
                auto v = parseInt(*l);
                if (v && *v > 0 && static_cast<std::size_t>(*v) < items.size()) {
                    if (labels.empty() && fields.empty())
                        remaining = static_cast<std::int64_t>(items.size()) - *v;
                    items.resize(static_cast<std::size_t>(*v));
                    next = encodeContinue(etcdKey(*items.back()) + '\0', parseInt(listRv).value_or(0));
                }
            }
            Json meta = Json{{"resourceVersion", listRv}};
            if (!next.empty())
                meta["continue"] = next;
            if (remaining)
                meta["remainingItemCount"] = *remaining;
            if (table) {
                Json t = makeTable(m_engine, *resource, items, includeObject, listRv);
                t["metadata"] = meta;
                return json(200, t);
            }
            Json list = Json{{"kind", std::string(resource->kind) + "List"},
                             {"apiVersion", resource->apiVersion()},
                             {"metadata", meta},
                             {"items", Json::array()}};
            for (const ObjectPtr& o : items)
                list["items"].push_back(*o);
            return json(200, list);
        }
        if (method == "POST") {
            auto body = parseBody(request.body);
            if (!body)
                return statusResponse(body.error());
            Json object = std::move(*body);
            if (!object.is_object())
                return statusResponse(makeError(ErrorCode::BadRequest, "the body of the request is not an object"));
            if (resource->plural == "bindings") {
                std::string pod = object.contains("metadata") ? object["metadata"].value("name", "") : "";
                std::string node = object.contains("target") ? object["target"].value("name", "") : "";
                auto bound = m_engine.bind(ObjectKey{"Pod", ns, pod}, node, ctx);
                if (!bound)
                    return statusResponse(bound.error(), findResourceByKind("Pod"), pod);
                return json(201, Json{{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Json::object()},
                                      {"status", "Success"}, {"code", 201}});
            }
            if (!object.contains("kind"))
                object["kind"] = std::string(resource->kind);
            if (!object.contains("apiVersion"))
                object["apiVersion"] = resource->apiVersion();
            if (kindOf(object) != resource->kind)
                return statusResponse(makeError(ErrorCode::BadRequest,
                                                "the API version in the data (" + object.value("apiVersion", "") +
                                                    ") does not match the expected API version (" +
                                                    resource->apiVersion() + ")"));
            if (resource->namespaced) {
                if (!object["metadata"].is_object())
                    object["metadata"] = Json::object();
                std::string objNs = namespaceOf(object);
                if (objNs.empty())
                    object["metadata"]["namespace"] = ns;
                else if (objNs != ns)
                    return statusResponse(makeError(ErrorCode::BadRequest,
                                                    "the namespace of the provided object does not match the "
                                                    "namespace sent on the request"));
            }
            const std::string objectName = nameOf(object);
            auto created = m_engine.create(std::move(object), ctx);
            if (!created)
                return statusResponse(created.error(), resource, objectName);
            return json(201, **created);
        }
        if (method == "DELETE") {
            if (auto a = authorize("deletecollection"); !a)
                return statusResponse(a.error(), resource);
            auto labelsParam = selectorParam<LabelSelector>(request, "labelSelector");
            if (!labelsParam)
                return statusResponse(labelsParam.error());
            const LabelSelector& labels = *labelsParam;
            Json list = Json{{"kind", std::string(resource->kind) + "List"},
                             {"apiVersion", resource->apiVersion()},
                             {"metadata", Json::object()},
                             {"items", Json::array()}};
            for (const ObjectPtr& o : m_engine.list(kind, ns)) {
                if (!o || !labels.matches(labelsOf(*o)))
                    continue;
                auto removed = m_engine.remove(keyOf(*o), deleteOptionsOf(request), ctx);
                if (!removed)
                    return statusResponse(removed.error(), resource, nameOf(*o));
                list["items"].push_back(**removed);
            }
            return json(200, list);
        }
        return statusResponse(makeError(ErrorCode::MethodNotAllowed,
                                        "the server does not allow this method on the requested resource"));
    }

    // --- Subresources -----------------------------------------------------------------
    if (sub == "scale") {
        ObjectPtr live = m_engine.get(key);
        if (method == "GET") {
            if (auto a = authorize("get"); !a)
                return statusResponse(a.error(), resource);
            if (!live)
                return notFound();
            return json(200, scaleOf(*live));
        }
        if (method != "PUT" && method != "PATCH")
            return statusResponse(makeError(ErrorCode::MethodNotAllowed,
                                            "the server does not allow this method on the requested resource"));
        if (!live)
            return notFound();
        auto body = parseBody(request.body);
        if (!body)
            return statusResponse(body.error());
        Json scale = scaleOf(*live);
        if (method == "PUT") {
            scale = *body;
        } else {
            auto type = patchTypeOf(request.header("content-type"));
            if (!type)
                return statusResponse(makeError(ErrorCode::BadRequest, "unsupported patch type"));
            auto patched = applyPatch(scale, *type == PatchType::Strategic ? withoutDirectives(*body) : *body, *type);
            if (!patched)
                return statusResponse(patched.error());
            scale = *patched;
        }
        if (!scale.contains("spec") || !scale["spec"].contains("replicas") || !scale["spec"]["replicas"].is_number_integer())
            return statusResponse(makeError(ErrorCode::BadRequest, "the scale has no spec.replicas"));
        auto patched = m_engine.patch(key, Json{{"spec", Json{{"replicas", scale["spec"]["replicas"]}}}},
                                      PatchType::Merge, ctx);
        if (!patched)
            return statusResponse(patched.error(), resource, name);
        return json(200, scaleOf(**patched));
    }
    if (sub == "binding" || sub == "eviction") {
        if (method != "POST")
            return statusResponse(makeError(ErrorCode::MethodNotAllowed,
                                            "the server does not allow this method on the requested resource"));
        auto body = parseBody(request.body);
        if (!body)
            return statusResponse(body.error());
        if (sub == "binding") {
            std::string node = body->contains("target") ? (*body)["target"].value("name", "") : "";
            auto bound = m_engine.bind(key, node, ctx);
            if (!bound)
                return statusResponse(bound.error(), resource, name);
        } else {
            DeleteOptions options;
            if (body->contains("deleteOptions") && (*body)["deleteOptions"].is_object()) {
                const Json& d = (*body)["deleteOptions"];
                if (d.contains("gracePeriodSeconds") && d["gracePeriodSeconds"].is_number_integer())
                    options.gracePeriodSeconds = d["gracePeriodSeconds"].get<std::int64_t>();
            }
            auto evicted = evictPod(m_engine, key, options, ctx);
            if (!evicted)
                return statusResponse(evicted.error(), resource, name);
            if (evicted->blockedByBudget) {
                Json status = Json{{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Json::object()},
                                   {"status", "Failure"}, {"message", evicted->message},
                                   {"reason", "TooManyRequests"},
                                   {"details", Json{{"causes", Json::array({Json{{"reason", "DisruptionBudget"},
                                                                                  {"message", evicted->message}}})}}},
                                   {"code", 429}};
                return json(429, status);
            }
        }
        return json(201, Json{{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Json::object()},
                              {"status", "Success"}, {"code", 201}});
    }
    if (sub == "exec") {
        // kubectl exec: POST (SPDY/3.1; a GET is the WebSocket form, which the lab does not
        // speak) authorised as `create` on pods/exec, then the kubelet's streams.
        if (method != "POST" && method != "GET")
            return statusResponse(makeError(ErrorCode::MethodNotAllowed,
                                            "the server does not allow this method on the requested resource"));
        if (auto a = authorize(method == "POST" ? "create" : "get"); !a)
            return statusResponse(a.error(), resource);
        ExecRequest exec;
        exec.pod = key;
        for (auto [it, end] = request.query.equal_range("command"); it != end; ++it)
            exec.command.push_back(it->second);
        auto flag = [&](const char* param) {
            auto v = request.param(param);
            return v && (*v == "true" || *v == "1");
        };
        exec.input = flag("stdin");
        exec.output = flag("stdout");
        exec.errors = flag("stderr");
        exec.tty = flag("tty");
        // PodExecOptions' validation and the pod strategy's streamLocation, with their texts.
        if (!exec.input && !exec.output && !exec.errors)
            return statusResponse(makeError(ErrorCode::BadRequest, "you must specify at least 1 of stdin, stdout, stderr"));
        if (exec.command.empty())
            return statusResponse(makeError(ErrorCode::BadRequest, "you must specify at least one command for the container"));
        ObjectPtr pod = m_engine.get(key);
        if (!pod)
            return notFound();
        exec.container = request.param("container").value_or("");
        const Json containers = (*pod)["spec"].value("containers", Json::array());
        if (exec.container.empty()) {
            if (containers.size() != 1) {
                std::string names;
                for (const Json& c : containers)
                    names += (names.empty() ? "" : " ") + c.value("name", "");
                return statusResponse(makeError(ErrorCode::BadRequest, "a container name must be specified for pod " +
                                                                           name + ", choose one of: [" + names + "]"));
            }
            exec.container = containers[0].value("name", "");
        }
        if (auto target = net::checkExecTarget(*pod, exec.container); !target) {
            // The kubelet's refusal is plain text: kubectl prints it after "unable to upgrade connection: ".
            if (target.error().code == ErrorCode::NotFound)
                return wholeResponse(404, "text/plain; charset=utf-8", target.error().message);
            return statusResponse(target.error());
        }
        if (asciiLower(request.header("upgrade")) != "spdy/3.1")
            return wholeResponse(400, "text/plain; charset=utf-8",
                                 "unable to upgrade: missing upgrade headers in request (the lab serves SPDY/3.1)");
        if (request.header("x-stream-protocol-version").find(kRemoteCommandProtocol) == std::string::npos)
            return wholeResponse(403, "text/plain; charset=utf-8",
                                 "unable to upgrade: unable to negotiate protocol: client supports [" +
                                     request.header("x-stream-protocol-version") + "], server supports [" +
                                     kRemoteCommandProtocol + "]");
        ApiResponse r;
        r.status = 101;
        r.exec = std::move(exec);
        return r;
    }
    if (sub == "log") {
        if (method != "GET")
            return statusResponse(makeError(ErrorCode::MethodNotAllowed,
                                            "the server does not allow this method on the requested resource"));
        if (auto a = authorize("get"); !a)
            return statusResponse(a.error(), resource);
        ObjectPtr pod = m_engine.get(key);
        if (!pod)
            return notFound();
        std::string container = request.param("container").value_or("");
        if (container.empty()) {
            const Json& containers = (*pod)["spec"]["containers"];
            if (containers.size() != 1)
                return statusResponse(makeError(ErrorCode::BadRequest,
                                                "a container name must be specified for pod " + name));
            container = containers[0].value("name", "");
        }
        const bool previous = isTrue(request.param("previous"));
        auto lines = cli::containerLogLines(m_engine, *pod, container, previous);
        if (!lines)
            return statusResponse(lines.error(), resource, name);
        const std::size_t written = lines->size();
        if (auto tail = request.param("tailLines")) {
            auto n = parseInt(*tail);
            if (n && *n >= 0 && static_cast<std::size_t>(*n) < lines->size())
                lines->erase(lines->begin(), lines->end() - *n);
        }
        std::string text;
        for (const std::string& l : *lines)
            text += l + "\n";
        ApiResponse r = wholeResponse(200, "text/plain", text);
        // follow: the kubelet streams a running container's log until the container stops
        // (a previous run, or a run that ended, has nothing more to say).
        if (isTrue(request.param("follow")) && !previous) {
            std::string startedAt = runningSince(*pod, container);
            if (!startedAt.empty())
                r.follow = LogFollow{key, uidOf(*pod), container, std::move(startedAt), written};
        }
        return r;
    }

    // --- One object (and its status) ------------------------------------------------------
    if (method == "GET") {
        if (auto a = authorize("get"); !a)
            return statusResponse(a.error(), resource);
        ObjectPtr live = m_engine.get(key);
        if (!live)
            return notFound();
        return objectResponse(200, live);
    }
    if (method == "PUT") {
        auto body = parseBody(request.body);
        if (!body)
            return statusResponse(body.error());
        Json object = std::move(*body);
        if (!object.is_object() || nameOf(object) != name)
            return statusResponse(makeError(ErrorCode::BadRequest,
                                            "the name of the object (" + (object.is_object() ? nameOf(object) : "") +
                                                ") does not match the name on the URL (" + name + ")"));
        if (resource->namespaced && namespaceOf(object).empty())
            object["metadata"]["namespace"] = ns;
        auto updated = sub == "status" ? m_engine.updateStatus(object, ctx) : m_engine.update(std::move(object), ctx);
        if (!updated)
            return statusResponse(updated.error(), resource, name);
        return json(200, **updated);
    }
    if (method == "PATCH") {
        auto type = patchTypeOf(request.header("content-type"));
        if (!type)
            return statusResponse(makeError(ErrorCode::BadRequest,
                                            "the server could not handle the patch type " +
                                                request.header("content-type")));
        auto body = parseBody(request.body);
        if (!body)
            return statusResponse(body.error());
        Json patch = *type == PatchType::Strategic ? withoutDirectives(*body) : *body;
        if (sub == "status") {
            ObjectPtr live = m_engine.get(key);
            if (!live)
                return notFound();
            auto next = applyPatch(*live, patch, *type);
            if (!next)
                return statusResponse(next.error());
            auto updated = m_engine.updateStatus(*next, ctx);
            if (!updated)
                return statusResponse(updated.error(), resource, name);
            return json(200, **updated);
        }
        auto patched = m_engine.patch(key, patch, *type, ctx);
        if (!patched)
            return statusResponse(patched.error(), resource, name);
        return json(200, **patched);
    }
    if (method == "DELETE") {
        ObjectPtr before = m_engine.get(key);
        auto removed = m_engine.remove(key, deleteOptionsOf(request), ctx);
        if (!removed)
            return statusResponse(removed.error(), resource, name);
        if (m_engine.get(key))
            return json(200, *m_engine.get(key)); // graceful: still there, with deletionTimestamp
        Json details = Json{{"name", name}, {"kind", std::string(resource->plural)}};
        if (!resource->group.empty())
            details["group"] = std::string(resource->group);
        if (before)
            details["uid"] = uidOf(*before);
        return json(200, Json{{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Json::object()},
                              {"status", "Success"}, {"details", details}});
    }
    return statusResponse(makeError(ErrorCode::MethodNotAllowed,
                                    "the server does not allow this method on the requested resource"));
}

} // namespace kubelab::core::server

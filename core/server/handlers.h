// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/api/error.h"
#include "core/api/labels.h"
#include "core/api/fieldselector.h"
#include "core/api/object.h"
#include "core/api/resources.h"
#include "core/server/conversion.h"
#include "core/server/http.h"
#include "core/server/openapi.h"
#include "core/server/remotecommand.h"
#include "core/sim/engine.h"

namespace kubelab::core::server {

/// What a watch request asked for; the server streams matching store changes.
struct WatchRequest {
    const ResourceInfo* resource = nullptr;
    std::string ns;              ///< empty: every namespace
    LabelSelector labels;
    FieldSelector fields;
    bool table = false;
    std::string includeObject;
    std::optional<std::int64_t> sinceRevision; ///< replay revisions after it (from the lab file)
    bool allowBookmarks = false;               ///< `allowWatchBookmarks`
    std::optional<std::int64_t> timeoutSeconds; ///< `timeoutSeconds` (0 or unset: the server's default)
    /// The object as the version the client watches shows it (an older version), or null.
    Json (*convert)(const Json& stored) = nullptr;

    [[nodiscard]] bool matches(const Json& object) const;
};

/// A `pods/log?follow=true` stream: the container's lines after the first `sent`, sent as
/// the simulated container writes them, until that run of the container ends.
struct LogFollow {
    ObjectKey pod;
    std::string uid;       ///< the pod followed (a new pod of the same name is another)
    std::string container;
    std::string startedAt; ///< the run followed (a restart starts another)
    std::size_t sent = 0;  ///< lines already sent
};

/// An answer: a whole response, the start of a watch or log stream (`body` is its first
/// part), or the upgrade of the connection to `kubectl exec`'s streams (101).
struct ApiResponse {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    HttpHeaders headers; ///< added to a whole response (`Etag`, `Vary`)
    std::optional<WatchRequest> watch;
    std::optional<LogFollow> follow;
    std::optional<ExecRequest> exec;
};

/// The kube-apiserver's REST surface over the engine: authentication (a client certificate
/// the TLS handshake verified, a bearer token, or over plain HTTP the token in a `/u/TOKEN`
/// path prefix as the served kubeconfig writes it; `Impersonate-User`), discovery, and the resource verbs. Every write
/// is an Engine call, so RBAC, admission, defaulting and validation are the ones klab
/// uses (core/sim/apiserver.h). A refused write leaves the lab unchanged (rolled back).
class ApiHandler final {
public:
    ApiHandler(Engine& engine, std::string serverAddress);

    [[nodiscard]] ApiResponse handle(const HttpRequest& request);

    /// The bearer token the served kubeconfig gives a lab user: the user's own token for
    /// token users; for certificate users (plain HTTP carries no client certificate) a
    /// token that stands for the certificate.
    [[nodiscard]] static std::string tokenFor(const std::string& user, bool isTokenUser, const std::string& token);

    /// The lines of a followed log written since the last call, appended to `text`. False
    /// once the stream is over: the run of the container ended (its last lines are in
    /// `text`), or the pod is gone.
    [[nodiscard]] bool continueLog(LogFollow& follow, std::string& text) const;

    /// A Status object (apiVersion v1, kind Status) for an error, as upstream's
    /// responsewriters write it, and its HTTP code.
    [[nodiscard]] static ApiResponse statusResponse(const Error& error, const ResourceInfo* resource = nullptr,
                                                    std::string_view name = {});

private:
    Result<RequestContext> authenticateRequest(const HttpRequest& request,
                                               const std::optional<std::string>& pathToken) const;
    ApiResponse handleResource(const HttpRequest& request, const RequestContext& ctx, std::string_view group,
                               std::string_view version, const std::vector<std::string>& rest);
    /// A request to an older version: its body converted up, then served as the stored
    /// version, and the answer converted down. A patch applies to the object as the older
    /// version shows it (what the client read), and the result is written as an update.
    ApiResponse handleOlder(const OlderVersion& older, const HttpRequest& request, const RequestContext& ctx,
                            const std::vector<std::string>& rest);
    ApiResponse json(int status, const Json& body) const;
    /// `/openapi/v2` in the media type the client accepts (built on first use).
    ApiResponse openApi(const HttpRequest& request);
    /// The revision a list reads (`resourceVersion`, `resourceVersionMatch`): none for the
    /// current state, or an earlier revision for `Exact`; an error response for bad options.
    [[nodiscard]] std::expected<std::optional<std::int64_t>, ApiResponse> listRevision(const HttpRequest& request) const;

    Engine& m_engine;
    std::string m_serverAddress;
    std::unique_ptr<const OpenApiV2> m_openApi;
};

} // namespace kubelab::core::server

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/api/error.h"

namespace kubelab::core {

struct RequestContext;

namespace rbac {
struct Attributes;
} // namespace rbac

/// The stages of kube-apiserver's request path, in its order: the handler chain's
/// authentication (with impersonation) and authorization filters, then the registry's
/// mutating admission, validation, validating admission and the write to etcd.
enum class RequestStage { Authentication, Authorization, MutatingAdmission, Validation, ValidatingAdmission, Storage };

/// `authentication`, `authorization`, `mutating-admission`, `validation`,
/// `validating-admission`, `etcd`.
[[nodiscard]] std::string_view stageName(RequestStage stage);

/// One request a person made (through `klab`, the window or a served client), as it went
/// through those stages.
struct RequestTrace {
    std::string user;     ///< empty when authentication failed
    std::string verb;     ///< `create`, `patch`, `delete`, `list`, ...; for a 401, the command
    std::string resource; ///< `pods`, `deployments.apps`, `pods/binding`
    std::string ns;
    std::string name;
    RequestStage stage = RequestStage::Authentication; ///< the last stage it reached
    bool refused = false; ///< stopped at `stage`
    bool write = false;   ///< a write goes through admission; a read goes from authorization to etcd
    bool dryRun = false;  ///< `--dry-run=server`: admitted and validated, never written
    std::string plugin;   ///< the admission plugin that refused it
    std::string message;  ///< why it was refused, as the API server answered
};

/// Follows the requests of people (the control plane's own are not followed) through the
/// API server's stages and hands each to an observer when it ends. Nothing is stored: the
/// lab file never sees a trace. With no observer, every call returns at once.
class RequestTracer {
public:
    using Observer = std::function<void(const RequestTrace&)>;

    void setObserver(Observer observer) { m_observer = std::move(observer); }
    [[nodiscard]] bool observed() const { return bool(m_observer); }

    /// Opens a write. False when it is not followed or a request is already open (the API
    /// server's own nested call: `apply` creates or updates): only the outer one ends it.
    bool begin(const RequestContext& ctx);
    /// The open request reached `stage`.
    void reach(RequestStage stage);
    /// The authorizer's decision on `attributes`. The first decision names the open request;
    /// with none open it is a read, traced whole here (authorization, then etcd).
    /// Impersonation checks belong to authentication and are traced only when refused.
    void authorized(const RequestContext& ctx, const rbac::Attributes& attributes, const Error* denial);
    /// The name of the object the open request creates (a create's authorization names none).
    void named(std::string_view name)
    {
        if (m_open && m_open->name.empty())
            m_open->name = name;
    }
    /// The admission plugin that is about to refuse the open request.
    void refusedBy(std::string_view plugin) { if (m_open) m_open->plugin = plugin; }
    /// Ends the open request: done, or refused with `error` at the stage it reached (an
    /// error after authorization allowed it and before admission comes from the registry,
    /// in front of etcd: NotFound, Conflict, AlreadyExists). A request that never reached
    /// authorization (an unknown kind, a client-side mistake) is dropped.
    void end(const Error* error);
    /// A request whose credentials no authenticator accepted (401).
    void unauthenticated(std::string_view command, const Error& error);

    /// Opens a write for the life of the scope and ends it with the result given to `end`.
    class Scope {
    public:
        Scope(RequestTracer& tracer, const RequestContext& ctx) : m_tracer(tracer), m_open(tracer.begin(ctx)) {}
        ~Scope()
        {
            if (m_open)
                m_tracer.abandon();
        }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;
        template <typename R>
        R end(R result)
        {
            if (m_open)
                m_tracer.end(result ? nullptr : &result.error());
            m_open = false;
            return result;
        }

    private:
        RequestTracer& m_tracer;
        bool m_open;
    };

private:
    void abandon() { m_open.reset(); }
    void deliver(RequestTrace trace) const;

    Observer m_observer;
    std::optional<RequestTrace> m_open;
    bool m_named = false;      ///< the open request has met the authorizer
    bool m_authorized = false; ///< and was allowed
};

} // namespace kubelab::core

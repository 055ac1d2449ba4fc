// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/requesttrace.h"

#include "core/auth/rbac.h"
#include "core/sim/engine.h"

namespace kubelab::core {

std::string_view stageName(RequestStage stage)
{
    switch (stage) {
    case RequestStage::Authentication: return "authentication";
    case RequestStage::Authorization: return "authorization";
    case RequestStage::MutatingAdmission: return "mutating-admission";
    case RequestStage::Validation: return "validation";
    case RequestStage::ValidatingAdmission: return "validating-admission";
    case RequestStage::Storage: return "etcd";
    }
    return "authentication";
}

bool RequestTracer::begin(const RequestContext& ctx)
{
    if (!m_observer || !ctx.person || m_open)
        return false;
    m_open = RequestTrace{};
    m_open->user = ctx.user;
    m_open->write = true;
    m_open->dryRun = ctx.dryRun;
    m_named = false;
    m_authorized = false;
    return true;
}

void RequestTracer::reach(RequestStage stage)
{
    if (m_open && stage > m_open->stage)
        m_open->stage = stage;
}

void RequestTracer::authorized(const RequestContext& ctx, const rbac::Attributes& a, const Error* denial)
{
    if (!m_observer || !ctx.person)
        return;
    RequestTrace t;
    t.user = ctx.user;
    t.verb = a.verb;
    t.resource = a.resource + (a.subresource.empty() ? "" : "/" + a.subresource) +
                 (a.apiGroup.empty() ? "" : "." + a.apiGroup);
    t.ns = a.ns;
    t.name = a.name;
    if (a.verb == "impersonate") {
        if (denial) {
            t.refused = true;
            t.message = denial->message;
            deliver(std::move(t));
        }
        return;
    }
    if (m_open) {
        if (!m_named) {
            t.user = m_open->user;
            t.write = true;
            t.dryRun = m_open->dryRun;
            if (t.name.empty())
                t.name = std::move(m_open->name);
            *m_open = std::move(t);
            m_named = true;
            m_authorized = !denial;
        }
        reach(RequestStage::Authorization);
        return;
    }
    t.stage = denial ? RequestStage::Authorization : RequestStage::Storage;
    t.refused = denial != nullptr;
    if (denial)
        t.message = denial->message;
    deliver(std::move(t));
}

void RequestTracer::end(const Error* error)
{
    if (!m_open)
        return;
    RequestTrace t = std::move(*m_open);
    m_open.reset();
    if (!m_named)
        return;
    if (error) {
        t.refused = true;
        t.message = error->message;
        if (t.stage == RequestStage::Authorization && m_authorized)
            t.stage = RequestStage::Storage;
    } else if (!t.dryRun) {
        t.stage = RequestStage::Storage;
    }
    deliver(std::move(t));
}

void RequestTracer::unauthenticated(std::string_view command, const Error& error)
{
    if (!m_observer)
        return;
    RequestTrace t;
    t.verb = command;
    t.refused = true;
    t.message = error.message;
    deliver(std::move(t));
}

void RequestTracer::deliver(RequestTrace trace) const
{
    if (m_observer)
        m_observer(trace);
}

} // namespace kubelab::core

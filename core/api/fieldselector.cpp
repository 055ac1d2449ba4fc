// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/fieldselector.h"

#include <algorithm>
#include <array>

namespace kubelab::core {

namespace {

/// The fields a kind offers beyond metadata.name / metadata.namespace, and whether its field
/// label conversion is one of core/v1's (`field label not supported: X`) or batch/v1's Job
/// (`field label "X" not supported for Job`); any other kind has the default conversion.
struct SelectableFields {
    std::string_view kind;
    std::vector<std::string_view> fields;
    bool namespaceField = true;   ///< whether metadata.namespace is offered (not for Node, Namespace)
};

const std::array<SelectableFields, 8>& selectableKinds()
{
    static const std::array<SelectableFields, 8> kinds{{
        {"Pod",
         {"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
          "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName"}},
        {"Node", {"spec.unschedulable"}, false},
        {"ReplicationController", {"status.replicas"}},
        {"Event",
         {"involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
          "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
          "reportingComponent", "source", "type"}},
        {"Namespace", {"status.phase"}, false},
        {"Secret", {"type"}},
        {"Service", {"spec.clusterIP", "spec.type"}},
        {"Job", {"status.successful"}},
    }};
    return kinds;
}

const Json* at(const Json& object, std::string_view path)
{
    const Json* cur = &object;
    while (!path.empty()) {
        const auto dot = path.find('.');
        const std::string key(path.substr(0, dot));
        if (!cur->is_object() || !cur->contains(key))
            return nullptr;
        cur = &cur->at(key);
        if (dot == std::string_view::npos)
            break;
        path.remove_prefix(dot + 1);
    }
    return cur;
}

std::string scalarText(const Json* v)
{
    if (!v || v->is_null() || v->is_object() || v->is_array())
        return {};
    if (v->is_string())
        return v->get<std::string>();
    return v->dump();
}

} // namespace

Result<FieldSelector> FieldSelector::parse(std::string_view text)
{
    FieldSelector out;
    while (!text.empty()) {
        const auto comma = text.find(',');
        std::string_view part = text.substr(0, comma);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        if (!part.empty()) {
            Term term;
            std::size_t op = part.find("!=");
            std::size_t len = 2;
            if (op != std::string_view::npos) {
                term.negate = true;
            } else if ((op = part.find("==")) == std::string_view::npos) {
                op = part.find('=');
                len = 1;
            }
            if (op == std::string_view::npos || op == 0)
                return fail(ErrorCode::BadRequest, "invalid selector: '" + std::string(text) + "'; can't understand '" +
                                                       std::string(part) + "'");
            term.field = std::string(part.substr(0, op));
            term.value = std::string(part.substr(op + len));
            out.terms.push_back(std::move(term));
        }
        if (comma == std::string_view::npos)
            break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

Status FieldSelector::supportedBy(std::string_view kind)
{
    const auto& kinds = selectableKinds();
    const auto own = std::ranges::find(kinds, kind, &SelectableFields::kind);
    for (Term& t : terms) {
        if (t.field == "metadata.name")
            continue;
        if (own == kinds.end()) {
            // runtime.DefaultMetaV1FieldSelectorConversion
            if (t.field == "metadata.namespace")
                continue;
            return fail(ErrorCode::BadRequest, "\"" + t.field +
                                                   "\" is not a known field selector: only \"metadata.name\", "
                                                   "\"metadata.namespace\"");
        }
        if (t.field == "metadata.namespace" && own->namespaceField)
            continue;
        if (kind == "Pod" && t.field == "spec.host") { // old v1 clients
            t.field = "spec.nodeName";
            continue;
        }
        if (std::ranges::find(own->fields, t.field) != own->fields.end())
            continue;
        if (kind == "Job")
            return fail(ErrorCode::BadRequest, "field label \"" + t.field + "\" not supported for Job");
        return fail(ErrorCode::BadRequest, "field label not supported: " + t.field);
    }
    return {};
}

std::string selectableField(const Json& object, std::string_view field)
{
    const std::string kind = object.value("kind", "");
    if (kind == "Pod") {
        if (field == "spec.hostNetwork")
            return object.contains("spec") && object.at("spec").value("hostNetwork", false) ? "true" : "false";
        if (field == "status.podIP") {
            // The first of status.podIPs (status.podIP when the list is absent).
            const Json* ips = at(object, "status.podIPs");
            if (ips && ips->is_array() && !ips->empty())
                return scalarText(at(ips->at(0), "ip"));
        }
        if (field == "status.podIPs")
            return {};   // offered, never set (upstream's TODO)
    }
    if (kind == "Node" && field == "spec.unschedulable")
        return object.contains("spec") && object.at("spec").value("unschedulable", false) ? "true" : "false";
    if (kind == "Job" && field == "status.successful") {
        const Json* v = at(object, "status.succeeded");
        return v && v->is_number_integer() ? v->dump() : "0";
    }
    if (kind == "ReplicationController" && field == "status.replicas") {
        const Json* v = at(object, "status.replicas");
        return v && v->is_number_integer() ? v->dump() : "0";
    }
    if (kind == "Event" && field == "source")
        return scalarText(at(object, "source.component"));
    return scalarText(at(object, field));
}

bool FieldSelector::matches(const Json& object) const
{
    return std::ranges::all_of(terms, [&](const Term& t) { return (selectableField(object, t.field) == t.value) != t.negate; });
}

} // namespace kubelab::core

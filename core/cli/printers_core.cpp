// SPDX-License-Identifier: GPL-3.0-or-later
// Rows of the cluster's own kinds: nodes, namespaces, configuration, events, quotas,
// RBAC bindings, leases and priority classes, and the two fallback tables.

#include <algorithm>
#include <set>

#include "core/api/names.h"
#include "core/cli/printers_support.h"
#include "core/sim/engine.h"

namespace kubelab::cli::detail {

namespace {

std::string trimSpace(std::string_view text)
{
    constexpr std::string_view kSpace = " \t\n\r\f\v";
    auto first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos)
        return {};
    auto last = text.find_last_not_of(kSpace);
    return std::string(text.substr(first, last - first + 1));
}

std::string nodeAddress(const Json& node, std::string_view type)
{
    for (const Json& a : array(node, "/status/addresses"))
        if (str(a, "/type") == type)
            return str(a, "/address");
    return "<none>";
}

} // namespace

Row nodeRow(const core::Engine& engine, const Json& node)
{
    // Only the Ready condition counts; the last of duplicates wins, as upstream's map.
    std::vector<std::string> status;
    const Json* ready = nullptr;
    for (const Json& c : array(node, "/status/conditions"))
        if (str(c, "/type") == "Ready")
            ready = &c;
    if (ready)
        status.emplace_back(str(*ready, "/status") == "True" ? "Ready" : "NotReady");
    else
        status.emplace_back("Unknown");
    if (boolean(node, "/spec/unschedulable"))
        status.emplace_back("SchedulingDisabled");

    std::set<std::string> roles;
    const Json& labels = object(node, "/metadata/labels");
    constexpr std::string_view kRolePrefix = "node-role.kubernetes.io/";
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        const std::string& key = it.key();
        if (key.starts_with(kRolePrefix)) {
            if (key.size() > kRolePrefix.size())
                roles.insert(key.substr(kRolePrefix.size()));
        } else if (key == "kubernetes.io/role" && it->is_string() && !it->get<std::string>().empty()) {
            roles.insert(it->get<std::string>());
        }
    }
    std::string rolesText = join(std::vector<std::string>(roles.begin(), roles.end()), ",");
    if (rolesText.empty())
        rolesText = "<none>";

    auto orUnknown = [](std::string s) { return s.empty() ? std::string("<unknown>") : s; };
    return {core::nameOf(node),
            join(status, ","),
            rolesText,
            age(engine, node),
            str(node, "/status/nodeInfo/kubeletVersion"),
            nodeAddress(node, "InternalIP"),
            nodeAddress(node, "ExternalIP"),
            orUnknown(str(node, "/status/nodeInfo/osImage")),
            orUnknown(str(node, "/status/nodeInfo/kernelVersion")),
            orUnknown(str(node, "/status/nodeInfo/containerRuntimeVersion"))};
}

Row namespaceRow(const core::Engine& engine, const Json& ns)
{
    return {core::nameOf(ns), str(ns, "/status/phase"), age(engine, ns)};
}

Row configMapRow(const core::Engine& engine, const Json& cm)
{
    const std::size_t n = object(cm, "/data").size() + object(cm, "/binaryData").size();
    return {core::nameOf(cm), std::to_string(static_cast<std::int64_t>(n)), age(engine, cm)};
}

Row secretRow(const core::Engine& engine, const Json& secret)
{
    return {core::nameOf(secret), str(secret, "/type"),
            std::to_string(static_cast<std::int64_t>(object(secret, "/data").size())), age(engine, secret)};
}

Row serviceAccountRow(const core::Engine& engine, const Json& sa)
{
    return {core::nameOf(sa), std::to_string(static_cast<std::int64_t>(array(sa, "/secrets").size())), age(engine, sa)};
}

Row eventRow(const core::Engine& engine, const Json& event)
{
    std::string firstSeen = has(event, "/firstTimestamp") ? since(engine, event, "/firstTimestamp")
                                                           : since(engine, event, "/eventTime");
    std::string lastSeen = has(event, "/lastTimestamp") ? since(engine, event, "/lastTimestamp") : firstSeen;
    std::int64_t n = integer(event, "/count");
    if (has(event, "/series")) {
        lastSeen = since(engine, event, "/series/lastObservedTime");
        n = integer(event, "/series/count");
    } else if (n == 0) {
        n = 1; // singleton events of the new API carry no count
    }
    const std::string kind = core::asciiLower(str(event, "/involvedObject/kind"));
    const std::string name = str(event, "/involvedObject/name");
    std::string target = name.empty() ? kind : kind + "/" + name;

    std::string component = str(event, "/source/component");
    if (component.empty())
        component = str(event, "/reportingComponent");
    std::string host = str(event, "/source/host");
    if (host.empty())
        host = str(event, "/reportingInstance");
    std::string source = host.empty() ? component : component + ", " + host;

    return {lastSeen,
            str(event, "/type"),
            str(event, "/reason"),
            target,
            str(event, "/involvedObject/fieldPath"),
            source,
            trimSpace(str(event, "/message")),
            firstSeen,
            std::to_string(n),
            core::nameOf(event)};
}

Row resourceQuotaRow(const core::Engine& engine, const Json& quota)
{
    const Json& hard = object(quota, "/status/hard");
    const Json& used = object(quota, "/status/used");
    std::vector<std::string> names;
    for (auto it = hard.begin(); it != hard.end(); ++it)
        names.push_back(it.key());
    std::ranges::sort(names);
    std::vector<std::string> requests;
    std::vector<std::string> limits;
    for (const std::string& name : names) {
        auto u = used.find(name);
        std::string entry = name + ": " + quantityText(u != used.end() ? &*u : nullptr) + "/" +
                            quantityText(&hard.at(name));
        // Resources named `limits.*` go to the LIMIT column.
        if (auto dot = name.find('.'); dot != std::string::npos && name.substr(0, dot) == "limits")
            limits.push_back(std::move(entry));
        else
            requests.push_back(std::move(entry));
    }
    return {core::nameOf(quota), age(engine, quota), join(requests, ", "), join(limits, ", ")};
}

Row componentStatusRow(const core::Engine&, const Json& cs)
{
    std::string status = "Unknown";
    std::string message;
    std::string error;
    for (const Json& c : array(cs, "/conditions")) {
        if (str(c, "/type") == "Healthy") {
            status = str(c, "/status") == "True" ? "Healthy" : "Unhealthy";
            message = str(c, "/message");
            error = str(c, "/error");
            break;
        }
    }
    return {core::nameOf(cs), status, message, error};
}

Row leaseRow(const core::Engine& engine, const Json& lease)
{
    return {core::nameOf(lease), str(lease, "/spec/holderIdentity"), age(engine, lease)};
}

Row priorityClassRow(const core::Engine& engine, const Json& pc)
{
    return {core::nameOf(pc), std::to_string(integer(pc, "/value")), boolean(pc, "/globalDefault") ? "true" : "false",
            age(engine, pc), str(pc, "/preemptionPolicy")};
}

Row roleBindingRow(const core::Engine& engine, const Json& binding)
{
    std::vector<std::string> users;
    std::vector<std::string> groups;
    std::vector<std::string> serviceAccounts;
    for (const Json& s : array(binding, "/subjects")) {
        const std::string kind = str(s, "/kind");
        if (kind == "ServiceAccount")
            serviceAccounts.push_back(str(s, "/namespace") + "/" + str(s, "/name"));
        else if (kind == "User")
            users.push_back(str(s, "/name"));
        else if (kind == "Group")
            groups.push_back(str(s, "/name"));
    }
    return {core::nameOf(binding),
            str(binding, "/roleRef/kind") + "/" + str(binding, "/roleRef/name"),
            age(engine, binding),
            join(users, ", "),
            join(groups, ", "),
            join(serviceAccounts, ", ")};
}

Row createdAtRow(const core::Engine&, const Json& object)
{
    // time.RFC3339 in UTC; the zero time when missing.
    auto seconds = core::parseRfc3339(str(object, "/metadata/creationTimestamp"));
    if (!seconds)
        return {core::nameOf(object), "0001-01-01T00:00:00Z"};
    return {core::nameOf(object), core::rfc3339(*seconds, 0)};
}

Row nameAgeRow(const core::Engine& engine, const Json& object)
{
    return {core::nameOf(object), age(engine, object)};
}

} // namespace kubelab::cli::detail

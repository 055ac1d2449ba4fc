// SPDX-License-Identifier: GPL-3.0-or-later
// get, describe, explain, api-resources, cluster-info, version.
#include <ostream>

#include "core/api/explain.h"
#include "core/auth/rbac.h"
#include "core/cli/cli.h"
#include "core/cli/jsonpath.h"
#include "core/cli/printers.h"
#include "core/cli/targets.h"
#include "core/manifest/manifest.h"
#include "core/server/metrics.h"

namespace kubelab::cli {

using namespace kubelab::core;

namespace {

std::string noResourcesText(const Context& ctx, bool anyNamespaced)
{
    if (ctx.inv.boolean("all-namespaces") || !anyNamespaced)
        return "No resources found";
    return "No resources found in " + ctx.ns + " namespace.";
}

/// `get -w`: runs the control plane (up to --settle, default 5m of virtual time) and prints
/// a row for each change of the watched objects, without headers, as kubectl's watch does.
void watchChanges(Context& ctx, const std::vector<TargetGroup>& groups, TableOptions table, bool allNs)
{
    table.noHeaders = true;
    int id = ctx.engine.addWatcher([&](const WatchEvent& event) {
        for (const TargetGroup& g : groups) {
            if (g.resource->kind != event.key.kind)
                continue;
            if (!allNs && g.resource->namespaced && event.key.ns != ctx.ns)
                continue;
            if (!g.names.empty() && std::find(g.names.begin(), g.names.end(), event.key.name) == g.names.end())
                continue;
            ctx.out << printTable(ctx.engine, *g.resource, {event.object}, table);
        }
    });
    // kubectl's watch lasts until it is stopped, and the cluster goes on meanwhile: here it
    // lasts --settle of virtual time (5m), all of it, so what only time brings (a crash
    // loop's restarts, a Job's end, an autoscaler's decision) is printed as it happens. A
    // settle would stop as soon as nothing a person started is due.
    ctx.engine.advance(settleDuration(ctx).value_or(5 * kMinute)); // refused before the command ran when bad
    ctx.engine.removeWatcher(id);
}

} // namespace

int cmdGet(Context& ctx)
{
    auto groups = parseTargets(ctx, ctx.args);
    if (!groups)
        return 1;
    if (groups->empty()) {
        ctx.err << "You must specify the type of resource to get. Use \"klab api-resources\" for a complete list of "
                   "supported resources.\n\n"
                   "error: Required resource not specified.\n"
                   "Use \"klab explain <resource>\" for a detailed description of that resource (e.g. klab explain "
                   "pods).\n";
        return 1;
    }
    auto selector = LabelSelector::parse(ctx.inv.value("selector").value_or(""));
    if (!selector)
        return ctx.fail(selector.error());
    std::string output = ctx.inv.value("output").value_or("");
    bool allNs = ctx.inv.boolean("all-namespaces");
    TableOptions table;
    table.wide = output == "wide";
    table.showLabels = ctx.inv.boolean("show-labels");
    table.allNamespaces = allNs;
    table.noHeaders = ctx.inv.boolean("no-headers");
    for (const std::string& l : ctx.inv.values("label-columns")) {
        std::size_t start = 0;
        while (start <= l.size()) {
            auto comma = l.find(',', start);
            table.labelColumns.push_back(l.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
    }
    std::size_t kindsAsked = groups->size();
    table.withKind = kindsAsked > 1 || (!ctx.args.empty() && ctx.args.front().find('/') != std::string::npos &&
                                        ctx.args.size() > 1) ||
                     (!ctx.args.empty() && ctx.args.front() == "all");

    std::vector<Error> errors;
    std::vector<std::pair<const ResourceInfo*, std::vector<ObjectPtr>>> found;
    bool anyNamespaced = false;
    bool namedRequest = false;
    for (const TargetGroup& g : *groups) {
        std::string ns = allNs ? std::string() : namespaceFor(ctx, *g.resource);
        anyNamespaced = anyNamespaced || g.resource->namespaced;
        std::vector<ObjectPtr> objects;
        if (g.names.empty()) {
            if (auto a = rbac::authorizeRequest(ctx.engine, ctx.request, "list", *g.resource, ns); !a) {
                errors.push_back(a.error());
                continue;
            }
            auto selected = listSelected(ctx, *g.resource, ns);
            if (!selected) {
                errors.push_back(selected.error());
                continue;
            }
            objects = std::move(*selected);
        } else {
            namedRequest = true;
            for (const std::string& n : g.names) {
                if (auto a = rbac::authorizeRequest(ctx.engine, ctx.request, "get", *g.resource, namespaceFor(ctx, *g.resource), n); !a) {
                    errors.push_back(a.error());
                    continue;
                }
                ObjectPtr o = ctx.engine.get(ObjectKey{std::string(g.resource->kind), namespaceFor(ctx, *g.resource), n});
                if (o)
                    objects.push_back(o);
                else
                    errors.push_back(notFound(*g.resource, n));
            }
        }
        found.emplace_back(g.resource, std::move(objects));
    }

    std::size_t total = 0;
    for (auto& [r, objs] : found)
        total += objs.size();
    if (output == "yaml" || output == "json") {
        std::vector<ObjectPtr> all;
        for (auto& [r, objs] : found)
            all.insert(all.end(), objs.begin(), objs.end());
        bool single = namedRequest && kindsAsked == 1 && (*groups)[0].names.size() == 1 && all.size() == 1;
        if (!all.empty() || errors.empty())
            ctx.out << formatObjects(all, output, !single);
    } else if (output == "name") {
        for (auto& [r, objs] : found)
            for (const ObjectPtr& o : objs)
                ctx.out << qualifiedName(*r, nameOf(*o)) << "\n";
    } else if (output.starts_with("jsonpath=") || output.starts_with("jsonpath-as-json=") ||
               output.starts_with("custom-columns=")) {
        std::vector<ObjectPtr> all;
        for (auto& [r, objs] : found)
            all.insert(all.end(), objs.begin(), objs.end());
        bool single = namedRequest && kindsAsked == 1 && (*groups)[0].names.size() == 1 && all.size() == 1;
        Json doc;
        if (single) {
            doc = *all.front();
        } else {
            doc = Json{{"apiVersion", "v1"}, {"kind", "List"}, {"items", Json::array()}, {"metadata", {{"resourceVersion", ""}}}};
            for (const ObjectPtr& o : all)
                doc["items"].push_back(*o);
        }
        if (output.starts_with("custom-columns=")) {
            auto text = customColumns(output.substr(std::string("custom-columns=").size()), all, table.noHeaders);
            if (!text)
                return ctx.fail(text.error());
            ctx.out << *text;
        } else {
            bool asJson = output.starts_with("jsonpath-as-json=");
            auto text = evaluateJsonPath(output.substr(output.find('=') + 1), doc, asJson);
            if (!text)
                return ctx.fail(text.error());
            ctx.out << *text;
        }
    } else if (!output.empty() && output != "wide") {
        return ctx.usage("unable to match a printer suitable for the output format \"" + output +
                         "\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,"
                         "json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml");
    } else {
        bool first = true;
        for (auto& [r, objs] : found) {
            if (objs.empty())
                continue;
            if (!first)
                ctx.out << "\n";
            first = false;
            ctx.out << printTable(ctx.engine, *r, objs, table);
        }
    }
    for (const Error& e : errors)
        ctx.err << e.toString() << "\n";
    if (total == 0 && errors.empty() && output != "yaml" && output != "json" && !output.starts_with("jsonpath") &&
        !output.starts_with("custom-columns"))
        ctx.err << noResourcesText(ctx, anyNamespaced) << "\n";
    if (ctx.inv.boolean("watch") && errors.empty() && !ctx.engine.readOnly())
        watchChanges(ctx, *groups, table, allNs);
    return errors.empty() ? 0 : 1;
}

int cmdDescribe(Context& ctx)
{
    auto groups = parseTargets(ctx, ctx.args);
    if (!groups)
        return 1;
    if (groups->empty())
        return ctx.usage("You must specify the type of resource to describe. Use \"klab api-resources\" for a complete "
                         "list of supported resources.");
    auto selector = LabelSelector::parse(ctx.inv.value("selector").value_or(""));
    if (!selector)
        return ctx.fail(selector.error());
    bool allNs = ctx.inv.boolean("all-namespaces");
    std::vector<std::pair<const ResourceInfo*, ObjectPtr>> targets;
    for (const TargetGroup& g : *groups) {
        std::string ns = namespaceFor(ctx, *g.resource);
        if (g.names.empty()) {
            if (auto a = rbac::authorizeRequest(ctx.engine, ctx.request, "list", *g.resource, allNs ? "" : ns); !a)
                return ctx.fail(a.error());
            auto selected = listSelected(ctx, *g.resource, allNs ? "" : ns);
            if (!selected)
                return ctx.fail(selected.error());
            for (const ObjectPtr& o : *selected)
                targets.emplace_back(g.resource, o);
            continue;
        }
        for (const std::string& n : g.names) {
            if (auto a = rbac::authorizeRequest(ctx.engine, ctx.request, "get", *g.resource, ns, n); !a)
                return ctx.fail(a.error());
            if (ObjectPtr o = ctx.engine.get(ObjectKey{std::string(g.resource->kind), ns, n})) {
                targets.emplace_back(g.resource, o);
                continue;
            }
            // kubectl describe falls back to every object whose name starts with the text.
            bool any = false;
            for (const ObjectPtr& o : ctx.engine.list(g.resource->kind, ns))
                if (nameOf(*o).starts_with(n)) {
                    targets.emplace_back(g.resource, o);
                    any = true;
                }
            if (!any)
                return ctx.fail(notFound(*g.resource, n));
        }
    }
    if (targets.empty()) {
        ctx.err << noResourcesText(ctx, groups->front().resource->namespaced) << "\n";
        return 0;
    }
    bool first = true;
    for (auto& [r, o] : targets) {
        if (!first)
            ctx.out << "\n\n";
        first = false;
        ctx.out << describe(ctx.engine, *r, *o);
    }
    return 0;
}

int cmdExplain(Context& ctx)
{
    if (ctx.args.empty())
        return ctx.usage("You must specify the type of resource to explain. Use \"klab api-resources\" for a "
                         "complete list of supported resources.");
    auto text = explain(ctx.args.front(), ctx.inv.boolean("recursive"), ctx.language);
    if (!text)
        return ctx.fail(text.error());
    ctx.out << *text;
    return 0;
}

int cmdApiResources(Context& ctx)
{
    std::optional<bool> namespaced;
    if (auto n = ctx.inv.value("namespaced"))
        namespaced = *n == "true";
    std::string output = ctx.inv.value("output").value_or("");
    std::vector<std::vector<std::string>> rows;
    if (output != "name")
        rows.push_back(output == "wide" ? std::vector<std::string>{"NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", "VERBS", "CATEGORIES"}
                                        : std::vector<std::string>{"NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"});
    for (const ResourceInfo& r : allResources()) {
        if (namespaced && r.namespaced != *namespaced)
            continue;
        if (output == "name") {
            ctx.out << r.qualifiedPlural() << "\n";
            continue;
        }
        std::string shorts;
        for (auto s : r.shortNames)
            shorts += (shorts.empty() ? "" : ",") + std::string(s);
        std::vector<std::string> row = {std::string(r.plural), shorts, r.apiVersion(), r.namespaced ? "true" : "false",
                                        std::string(r.kind)};
        if (output == "wide") {
            row.push_back(r.stored ? "create,delete,deletecollection,get,list,patch,update,watch" : "create");
            std::string cats;
            for (auto c : r.categories)
                cats += (cats.empty() ? "" : ",") + std::string(c);
            row.push_back(cats);
        }
        rows.push_back(std::move(row));
    }
    // metrics-server's group (kubectl top), last as in the API server's discovery.
    const Json metrics = server::metricsResourceList();
    for (const Json& r : metrics["resources"]) {
        if (namespaced && r["namespaced"].get<bool>() != *namespaced)
            continue;
        const std::string plural = r["name"];
        if (output == "name") {
            ctx.out << plural << "." << server::kMetricsGroup << "\n";
            continue;
        }
        std::vector<std::string> row = {plural, "", metrics["groupVersion"], r["namespaced"].get<bool>() ? "true" : "false",
                                        r["kind"]};
        if (output == "wide")
            row.insert(row.end(), {"get,list", ""});
        rows.push_back(std::move(row));
    }
    if (output != "name")
        ctx.out << tabulate(rows);
    return 0;
}

int cmdClusterInfo(Context& ctx)
{
    const std::string server = "https://127.0.0.1:6443";
    if (!ctx.args.empty() && ctx.args.front() == "dump") {
        std::vector<ObjectPtr> nodes = ctx.engine.list("Node");
        ctx.out << formatObjects(nodes, "json", true);
        std::vector<std::string> namespaces = {"kube-system", "default"};
        if (ctx.inv.boolean("all-namespaces")) {
            namespaces.clear();
            for (const ObjectPtr& n : ctx.engine.list("Namespace"))
                namespaces.push_back(nameOf(*n));
        }
        for (const std::string& ns : namespaces)
            for (const char* kind : {"Event", "ReplicationController", "Service", "DaemonSet", "Deployment", "ReplicaSet", "Pod"})
                ctx.out << formatObjects(ctx.engine.list(kind, ns), "json", true);
        ctx.out << "Cluster info dumped to standard output\n";
        return 0;
    }
    ctx.out << "Kubernetes control plane is running at " << server << "\n";
    if (ctx.engine.get(ObjectKey{"Service", "kube-system", "kube-dns"}))
        ctx.out << "CoreDNS is running at " << server
                << "/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n";
    ctx.out << "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
    return 0;
}

int cmdVersion(Context& ctx)
{
    ctx.out << "Client Version: klab " << KUBELAB_VERSION << " (kubectl " << ctx.engine.settings().kubernetesVersion
            << " compatible)\n"
            << "Server Version: " << ctx.engine.settings().kubernetesVersion << "\n";
    return 0;
}

int cmdHelp(Context& ctx)
{
    std::size_t consumed = 0;
    const Command* c = ctx.args.empty() ? nullptr : findCommand(ctx.args, consumed);
    printHelp(ctx.out, c);
    return 0;
}

} // namespace kubelab::cli

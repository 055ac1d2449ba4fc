// SPDX-License-Identifier: GPL-3.0-or-later
// `klab logs` and `klab top`: what the simulated containers printed, and the usage model
// as metrics-server would serve it (kubectl's logs.go, top_node.go, top_pod.go and
// metricsutil/metrics_printer.go).

#include <algorithm>

#include "core/api/podtypes.h"
#include "core/auth/rbac.h"
#include "core/cli/cli.h"
#include "core/cli/printers.h"
#include "core/node/behaviour.h"
#include "core/node/usage.h"

namespace kubelab::cli {

using namespace kubelab::core;

namespace {

const Json& arrayAt(const Json& object, const char* a, const char* b)
{
    static const Json empty = Json::array();
    if (object.contains(a) && object[a].contains(b) && object[a][b].is_array())
        return object[a][b];
    return empty;
}

std::string podName(const std::string& arg)
{
    for (const char* prefix : {"pod/", "pods/", "po/"})
        if (arg.starts_with(prefix))
            return arg.substr(std::string_view(prefix).size());
    return arg;
}

std::string cpuText(std::int64_t milli) { return std::to_string(milli) + "m"; }
std::string memoryText(std::int64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + "Mi"; }

/// kubectl top's tabwriter: every cell ends with a tab, so the last column is padded too.
std::string tabulateTop(std::vector<std::vector<std::string>> rows)
{
    for (auto& r : rows)
        r.emplace_back();
    return tabulate(rows);
}

} // namespace

Result<std::vector<std::string>> containerLogLines(const Engine& engine, const Json& p, const std::string& container,
                                                   bool previous)
{
    const std::string name = nameOf(p);
    const Json& containers = arrayAt(p, "spec", "containers");
    const Json& inits = arrayAt(p, "spec", "initContainers");
    const Json* spec = nullptr;
    for (const Json* list : {&containers, &inits})
        for (const Json& c : *list)
            if (c.value("name", "") == container)
                spec = &c;
    if (!spec)
        return fail(ErrorCode::Client, "container " + container + " is not valid for pod " + name);
    const Json* status = nullptr;
    for (const char* field : {"containerStatuses", "initContainerStatuses"})
        for (const Json& s : arrayAt(p, "status", field))
            if (s.value("name", "") == container)
                status = &s;
    const std::string who = "container \"" + container + "\" in pod \"" + name + "\"";
    // Which run of the container (pkg/kubelet/kubelet_pods.go validateContainerLogStatus).
    const Json* run = nullptr;
    bool running = false;
    auto has = [](const Json* s, const char* a, const char* b) {
        return s && s->contains(a) && (*s)[a].is_object() && (*s)[a].contains(b);
    };
    if (previous) {
        if (!has(status, "lastState", "terminated"))
            return fail(ErrorCode::BadRequest, "previous terminated " + who + " not found");
        run = &(*status)["lastState"]["terminated"];
    } else if (has(status, "state", "running")) {
        run = &(*status)["state"]["running"];
        running = true;
    } else if (has(status, "state", "terminated")) {
        run = &(*status)["state"]["terminated"];
    } else if (has(status, "lastState", "terminated")) {
        run = &(*status)["lastState"]["terminated"];
    } else if (has(status, "state", "waiting")) {
        std::string reason = (*status)["state"]["waiting"].value("reason", "");
        if (reason == "ErrImagePull")
            return fail(ErrorCode::BadRequest, who + " is waiting to start: image can't be pulled");
        if (reason == "ImagePullBackOff")
            return fail(ErrorCode::BadRequest, who + " is waiting to start: trying and failing to pull image");
        return fail(ErrorCode::BadRequest, who + " is waiting to start: " + reason);
    } else {
        return fail(ErrorCode::BadRequest, who + " is waiting to start: ContainerCreating");
    }
    const VirtualTime started = engine.virtualTimeOf(run->value("startedAt", ""));
    const VirtualTime ended = running ? engine.now() : engine.virtualTimeOf(run->value("finishedAt", ""));
    std::vector<std::string> lines;
    for (const auto& [at, line] : programOf(*spec).output)
        if (started + at <= ended)
            lines.push_back(line);
    return lines;
}

int cmdLogs(Context& ctx)
{
    if (ctx.args.empty())
        return ctx.usage("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command");
    const std::string name = podName(ctx.args[0]);
    if (auto a = rbac::authorizeRequest(ctx.engine, ctx.request, "get", *findResourceByKind("Pod"), ctx.ns, name, "log"); !a)
        return ctx.fail(a.error());
    ObjectPtr pod = ctx.engine.get(ObjectKey{"Pod", ctx.ns, name});
    if (!pod) {
        ctx.err << "Error from server (NotFound): pods \"" << name << "\" not found\n";
        return 1;
    }
    const Json& p = *pod;
    std::string container = ctx.inv.value("container").value_or("");
    if (container.empty()) {
        const Labels annotations = annotationsOf(p);
        if (auto it = annotations.find("kubectl.kubernetes.io/default-container"); it != annotations.end())
            container = it->second;
    }
    const Json& containers = arrayAt(p, "spec", "containers");
    const Json& inits = arrayAt(p, "spec", "initContainers");
    if (container.empty() && !containers.empty()) {
        container = containers[0].value("name", "");
        if (containers.size() > 1 || !inits.empty()) {
            std::string all;
            for (const Json& c : containers)
                all += (all.empty() ? "" : ", ") + c.value("name", "");
            for (const Json& c : inits)
                all += (all.empty() ? "" : ", ") + c.value("name", "") + " (init)";
            ctx.err << "Defaulted container \"" << container << "\" out of: " << all << "\n";
        }
    }
    auto logged = containerLogLines(ctx.engine, p, container, ctx.inv.boolean("previous"));
    if (!logged)
        return ctx.fail(logged.error());
    std::vector<std::string> lines = std::move(*logged);
    if (auto tail = ctx.inv.value("tail")) {
        try {
            long long n = std::stoll(*tail);
            if (n >= 0 && static_cast<std::size_t>(n) < lines.size())
                lines.erase(lines.begin(), lines.end() - n);
        } catch (...) {
            return ctx.usage("invalid argument \"" + *tail + "\" for \"--tail\" flag: strconv.ParseInt: parsing \"" +
                             *tail + "\": invalid syntax");
        }
    }
    for (const std::string& l : lines)
        ctx.out << l << "\n";
    return 0;
}

int cmdTop(Context& ctx)
{
    if (ctx.args.empty())
        return ctx.usage("expected 'top node' or 'top pod'");
    const std::string what = ctx.args[0];
    const std::vector<std::string> names(ctx.args.begin() + 1, ctx.args.end());
    auto selector = LabelSelector::parse(ctx.inv.value("selector").value_or(""));
    if (!selector)
        return ctx.fail(selector.error());
    const bool noHeaders = ctx.inv.boolean("no-headers");
    // kubectl's Validate: cpu and memory sort largest first (a stable sort after the name
    // order, which is what Go's sort.Sort gives kubectl's short lists).
    const std::string sortBy = ctx.inv.value("sort-by").value_or("");
    if (!sortBy.empty() && sortBy != "cpu" && sortBy != "memory") {
        ctx.err << "error: --sort-by accepts only cpu or memory\n";
        return 1;
    }
    if (!names.empty() && ctx.inv.value("selector")) {
        ctx.err << "error: only one of NAME or --selector can be provided\n";
        return 1;
    }
    auto largestFirst = [&sortBy](auto& list, auto cpuOf, auto memoryOf) {
        if (sortBy == "cpu")
            std::stable_sort(list.begin(), list.end(), [&](const auto& a, const auto& b) { return cpuOf(a) > cpuOf(b); });
        else if (sortBy == "memory")
            std::stable_sort(list.begin(), list.end(), [&](const auto& a, const auto& b) { return memoryOf(a) > memoryOf(b); });
    };
    if (what == "node" || what == "nodes" || what == "no") {
        std::vector<ObjectPtr> nodes;
        if (!names.empty()) {
            ObjectPtr n = ctx.engine.get(ObjectKey{"Node", "", names[0]});
            if (!n) {
                ctx.err << "Error from server (NotFound): nodes \"" << names[0] << "\" not found\n";
                return 1;
            }
            nodes.push_back(n);
        } else {
            nodes = ctx.engine.list("Node", "", *selector);
        }
        std::sort(nodes.begin(), nodes.end(), [](const ObjectPtr& a, const ObjectPtr& b) { return nameOf(*a) < nameOf(*b); });
        std::vector<std::vector<std::string>> rows;
        if (!noHeaders)
            // v1.31's headers (kubectl 1.33 renamed them CPU(%) and MEMORY(%) when it added swap).
            rows.push_back({"NAME", "CPU(cores)", "CPU%", "MEMORY(bytes)", "MEMORY%"});
        std::vector<std::vector<std::string>> missing;
        std::vector<std::pair<ObjectPtr, NodeUsage>> measured;
        for (const ObjectPtr& n : nodes) {
            if (auto usage = nodeUsage(ctx.engine, *n))
                measured.emplace_back(n, *usage);
            else
                missing.push_back({nameOf(*n), "<unknown>", "<unknown>", "<unknown>", "<unknown>"});
        }
        largestFirst(measured, [](const auto& m) { return m.second.milliCpu; }, [](const auto& m) { return m.second.memory; });
        for (const auto& [n, usageOfNode] : measured) {
            const NodeUsage* usage = &usageOfNode;
            auto alloc = Node::fromJson(*n);
            std::int64_t cpuAlloc = alloc ? alloc->allocatable.milliCpu : 0;
            std::int64_t memAlloc = alloc ? alloc->allocatable.memory : 0;
            auto percent = [](std::int64_t used, std::int64_t available) {
                // float64(quantity.MilliValue()) / float64(available.MilliValue()) * 100, truncated
                double fraction = available == 0 ? 0.0 : static_cast<double>(used) / static_cast<double>(available) * 100;
                return std::to_string(static_cast<std::int64_t>(fraction)) + "%";
            };
            rows.push_back({nameOf(*n), cpuText(usage->milliCpu), percent(usage->milliCpu, cpuAlloc),
                            memoryText(usage->memory), percent(usage->memory, memAlloc)});
        }
        if (rows.size() == (noHeaders ? 0u : 1u) && missing.empty()) {
            ctx.err << "error: metrics not available yet\n";
            return 1;
        }
        for (auto& m : missing)
            rows.push_back(m);
        ctx.out << tabulateTop(rows);
        return 0;
    }
    if (what == "pod" || what == "pods" || what == "po") {
        const bool allNs = ctx.inv.boolean("all-namespaces");
        const bool containers = ctx.inv.boolean("containers");
        std::vector<ObjectPtr> pods;
        if (!names.empty()) {
            ObjectPtr p = ctx.engine.get(ObjectKey{"Pod", ctx.ns, names[0]});
            if (!p) {
                ctx.err << "Error from server (NotFound): pods \"" << names[0] << "\" not found\n";
                return 1;
            }
            if (!podUsage(ctx.engine, *p)) {
                VirtualTime created = ctx.engine.virtualTimeOf(stringAt(*p, Json::json_pointer("/metadata/creationTimestamp")));
                ctx.err << "error: Metrics not available for pod " << ctx.ns << "/" << names[0]
                        << ", age: " << formatDuration(ctx.engine.now() - created) << "\n";
                return 1;
            }
            pods.push_back(p);
        } else {
            pods = ctx.engine.list("Pod", allNs ? "" : ctx.ns, *selector);
        }
        std::sort(pods.begin(), pods.end(), [&](const ObjectPtr& a, const ObjectPtr& b) {
            if (allNs && namespaceOf(*a) != namespaceOf(*b))
                return namespaceOf(*a) < namespaceOf(*b);
            return nameOf(*a) < nameOf(*b);
        });
        std::vector<std::vector<std::string>> rows;
        if (!noHeaders) {
            std::vector<std::string> header;
            if (allNs)
                header.push_back("NAMESPACE");
            if (containers)
                header.push_back("POD");
            for (const char* c : {"NAME", "CPU(cores)", "MEMORY(bytes)"})
                header.push_back(c);
            rows.push_back(header);
        }
        struct Measured {
            ObjectPtr pod;
            std::vector<ContainerUsage> containers;
            std::int64_t milliCpu = 0;
            std::int64_t memory = 0;
        };
        std::vector<Measured> measured;
        for (const ObjectPtr& p : pods) {
            auto usage = podUsage(ctx.engine, *p);
            if (!usage)
                continue;
            Measured m{p, std::move(*usage)};
            for (const ContainerUsage& c : m.containers) {
                m.milliCpu += c.milliCpu;
                m.memory += c.memory;
            }
            measured.push_back(std::move(m));
        }
        largestFirst(measured, [](const Measured& m) { return m.milliCpu; }, [](const Measured& m) { return m.memory; });
        const std::size_t printed = measured.size();
        for (Measured& m : measured) {
            const ObjectPtr& p = m.pod;
            std::vector<ContainerUsage>& list = m.containers;
            if (containers) {
                std::sort(list.begin(), list.end(), [](const ContainerUsage& a, const ContainerUsage& b) { return a.name < b.name; });
                for (const ContainerUsage& c : list) {
                    std::vector<std::string> row;
                    if (allNs)
                        row.push_back(namespaceOf(*p));
                    row.push_back(nameOf(*p));
                    row.insert(row.end(), {c.name, cpuText(c.milliCpu), memoryText(c.memory)});
                    rows.push_back(row);
                }
                continue;
            }
            std::vector<std::string> row;
            if (allNs)
                row.push_back(namespaceOf(*p));
            row.insert(row.end(), {nameOf(*p), cpuText(m.milliCpu), memoryText(m.memory)});
            rows.push_back(row);
        }
        if (printed == 0) {
            ctx.err << (allNs ? std::string("No resources found\n") : "No resources found in " + ctx.ns + " namespace.\n");
            return 0;
        }
        ctx.out << tabulateTop(rows);
        return 0;
    }
    ctx.err << "error: unknown command \"" << what << "\" for \"klab top\"\n";
    return 2;
}

} // namespace kubelab::cli

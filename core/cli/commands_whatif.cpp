// SPDX-License-Identifier: GPL-3.0-or-later
// What-if labs and real clusters: fork, diff, import, export.
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "core/server/serving.h"
#include "core/cli/cli.h"
#include "core/cli/printers.h"
#include "core/manifest/manifest.h"
#include "core/whatif/labdiff.h"
#include "core/whatif/transfer.h"

namespace kubelab::cli {

using namespace kubelab::core;

namespace {

std::string qualifiedKind(const std::string& kind)
{
    if (const ResourceInfo* r = findResourceByKind(kind))
        return r->qualifiedSingular();
    std::string lower = kind;
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower;
}

std::string orNone(const std::string& s)
{
    return s.empty() ? "<none>" : s;
}

std::string usage(const Json& u, const char* resource)
{
    if (u.is_null())
        return "-";
    const std::string r(resource);
    return u.value(r + "Requests", "") + "/" + u.value(r + "Allocatable", "") + " (" +
           std::to_string(u.value(r + "Percent", std::int64_t{0})) + "%)";
}

void printDiff(std::ostream& out, const Json& diff, const std::string& base, const std::string& other)
{
    out << "Comparing " << base << " (this) with " << other << " (other), both settled.\n";
    const Json& pods = diff["pods"];
    out << "\nPods that moved: " << pods["moved"].size() << "\n";
    if (!pods["moved"].empty()) {
        std::vector<std::vector<std::string>> rows = {{"NAMESPACE", "CONTROLLER", "POD (THIS)", "NODE (THIS)", "POD (OTHER)", "NODE (OTHER)"}};
        for (const Json& m : pods["moved"])
            rows.push_back({m.value("namespace", ""), orNone(m.value("controller", "")), m["from"].value("name", ""),
                            orNone(m["from"].value("node", "")), m["to"].value("name", ""), orNone(m["to"].value("node", ""))});
        out << tabulate(rows);
    }
    for (auto [key, title] : {std::pair{"onlyInBase", "Pods only in this lab: "}, std::pair{"onlyInOther", "Pods only in the other lab: "}}) {
        out << "\n" << title << pods[key].size() << "\n";
        if (pods[key].empty())
            continue;
        std::vector<std::vector<std::string>> rows = {{"NAMESPACE", "NAME", "CONTROLLER", "NODE"}};
        for (const Json& p : pods[key])
            rows.push_back({p.value("namespace", ""), p.value("name", ""), orNone(p.value("controller", "")),
                            orNone(p.value("node", ""))});
        out << tabulate(rows);
    }
    const Json& pending = diff["pending"];
    out << "\nPending pods: " << pending["base"]["count"].get<std::int64_t>() << " in this lab, "
        << pending["other"]["count"].get<std::int64_t>() << " in the other\n";
    std::set<std::string> reasons;
    for (const char* side : {"base", "other"})
        for (auto it = pending[side]["reasons"].begin(); it != pending[side]["reasons"].end(); ++it)
            reasons.insert(it.key());
    if (!reasons.empty()) {
        std::vector<std::vector<std::string>> rows = {{"REASON", "THIS", "OTHER"}};
        for (const std::string& r : reasons)
            rows.push_back({r, std::to_string(pending["base"]["reasons"].value(r, std::int64_t{0})),
                            std::to_string(pending["other"]["reasons"].value(r, std::int64_t{0}))});
        out << tabulate(rows);
    }
    out << "\nNode utilisation (requests/allocatable):\n";
    if (diff["nodes"].empty()) {
        out << "No nodes.\n";
    } else {
        std::vector<std::vector<std::string>> rows = {{"NODE", "CPU (THIS)", "CPU (OTHER)", "MEMORY (THIS)", "MEMORY (OTHER)", "PODS (THIS)", "PODS (OTHER)"}};
        for (const Json& n : diff["nodes"]) {
            auto pods = [](const Json& u) { return u.is_null() ? std::string("-") : std::to_string(u.value("pods", std::int64_t{0})); };
            rows.push_back({n.value("name", ""), usage(n["base"], "cpu"), usage(n["other"], "cpu"), usage(n["base"], "memory"),
                            usage(n["other"], "memory"), pods(n["base"]), pods(n["other"])});
        }
        out << tabulate(rows);
    }
    const Json& objects = diff["objects"];
    out << "\nObjects: " << objects["added"].size() << " added, " << objects["removed"].size() << " removed, "
        << objects["changed"].size() << " changed\n";
    std::vector<std::vector<std::string>> rows = {{"CHANGE", "KIND", "NAMESPACE", "NAME", "FIELDS"}};
    for (auto [key, change] : {std::pair{"added", "added"}, std::pair{"removed", "removed"}, std::pair{"changed", "changed"}})
        for (const Json& o : objects[key]) {
            std::string fields;
            for (const Json& f : o.value("fields", Json::array()))
                fields += (fields.empty() ? "" : ",") + f.get<std::string>();
            rows.push_back({change, o.value("kind", ""), orNone(o.value("namespace", "")), o.value("name", ""),
                            fields.empty() ? "-" : fields});
        }
    if (rows.size() > 1)
        out << tabulate(rows);
}

} // namespace

int cmdFork(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.usage("usage: klab fork NEW");
    const std::string& target = ctx.args.front();
    if (auto s = forkLab(ctx.engine, target); !s)
        return ctx.fail(s.error());
    std::error_code ec;
    ctx.out << "lab forked to " << std::filesystem::absolute(target, ec).lexically_normal().string() << " (from "
            << ctx.engine.lab().path() << " at revision " << ctx.engine.lab().lastRevision() << ")\n";
    return 0;
}

int cmdDiff(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.usage("usage: klab diff OTHER [-o json]");
    const std::string output = ctx.inv.value("output").value_or("");
    if (!output.empty() && output != "json")
        return ctx.usage("unable to match a printer suitable for the output format \"" + output +
                         "\", allowed formats are: json");
    auto settleFor = settleDuration(ctx);
    if (!settleFor)
        return ctx.fail(settleFor.error());
    Engine::Options options;
    options.path = ctx.args.front();
    options.startComponents = true;
    std::error_code ec;
    if (!std::filesystem::exists(options.path, ec))
        return ctx.fail(makeError(ErrorCode::Lab, "no lab at " + options.path));
    auto other = Engine::open(options);
    if (!other)
        return ctx.fail(other.error());
    if (!core::server::servingProcess(**other)) {
        (*other)->settle(*settleFor);
        if (auto c = (*other)->commit(); !c)
            return ctx.fail(c.error());
    }
    ctx.engine.settle(*settleFor);
    const Json diff = diffLabs(ctx.engine, **other);
    if (output == "json") {
        Json doc = Json{{"base", ctx.engine.lab().path()}, {"other", options.path}};
        for (auto it = diff.begin(); it != diff.end(); ++it)
            doc[it.key()] = it.value();
        ctx.out << toJson(doc);
        return 0;
    }
    printDiff(ctx.out, diff, ctx.engine.lab().path(), options.path);
    return 0;
}

int cmdImport(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.usage("usage: klab import FILE");
    const std::string& file = ctx.args.front();
    std::string text;
    if (file == "-") {
        std::stringstream ss;
        ss << ctx.in.rdbuf();
        text = ss.str();
    } else {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec))
            return ctx.fail(makeError(ErrorCode::Io, "the path \"" + file + "\" does not exist"));
        std::ifstream in(file, std::ios::binary);
        if (!in)
            return ctx.fail(makeError(ErrorCode::Io, "unable to read \"" + file + "\""));
        std::stringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    auto report = importCluster(ctx.engine, text, file == "-" ? "STDIN" : file, ctx.request);
    if (!report)
        return ctx.fail(report.error());
    std::size_t imported = 0;
    for (const ImportItem& item : *report) {
        const std::string name = qualifiedKind(item.key.kind) + "/" + item.key.name;
        const std::string where = item.key.ns.empty() ? "" : " -n " + item.key.ns;
        if (item.imported) {
            ++imported;
            ctx.out << name << where << " imported" << (item.reason.empty() ? "" : " (" + item.reason + ")") << "\n";
        } else {
            ctx.out << name << where << " skipped: " << item.reason << "\n";
        }
    }
    ctx.out << "imported " << imported << " objects, skipped " << report->size() - imported << "\n";
    return 0;
}

int cmdExport(Context& ctx)
{
    if (!ctx.args.empty())
        return ctx.usage("usage: klab export [-n NS|-A] [-o yaml|json] [--file F] [--nodes]");
    const std::string output = ctx.inv.value("output").value_or("yaml");
    if (output != "yaml" && output != "json")
        return ctx.usage("unable to match a printer suitable for the output format \"" + output +
                         "\", allowed formats are: json,yaml");
    ExportOptions options;
    options.ns = ctx.ns;
    options.allNamespaces = ctx.inv.boolean("all-namespaces");
    options.nodes = ctx.inv.boolean("nodes");
    const std::vector<Json> objects = exportCluster(ctx.engine, options);
    std::string text;
    if (output == "json") {
        std::vector<ObjectPtr> ptrs;
        for (const Json& o : objects)
            ptrs.push_back(std::make_shared<const Json>(o));
        text = formatObjects(ptrs, "json", true);
    } else {
        for (const Json& o : objects)
            text += (text.empty() ? "" : "---\n") + formatObjects({std::make_shared<const Json>(o)}, "yaml", false);
    }
    if (auto file = ctx.inv.value("file")) {
        std::ofstream f(*file, std::ios::binary | std::ios::trunc);
        if (!f || !(f << text) || !f.flush())
            return ctx.fail(makeError(ErrorCode::Io, "cannot write \"" + *file + "\""));
        ctx.out << "exported " << objects.size() << " objects to " << *file << "\n";
        return 0;
    }
    ctx.out << text;
    return 0;
}

} // namespace kubelab::cli

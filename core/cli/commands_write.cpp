// SPDX-License-Identifier: GPL-3.0-or-later
// apply, create, replace, patch, delete, label, annotate.
#include <ostream>

#include "core/cli/cli.h"
#include "core/cli/generate.h"
#include "core/cli/targets.h"
#include "core/manifest/manifest.h"
#include "core/controllers/labconfiguration.h"

namespace kubelab::cli {

using namespace kubelab::core;

namespace {

const ResourceInfo& resourceOf(const Json& object)
{
    return *findResourceByApiVersionKind(object.value("apiVersion", ""), kindOf(object));
}

/// Runs `action` on every manifest; the first failure stops the command (and the caller
/// rolls the lab back, so a refused command changes nothing).
template <typename Action>
int forEachManifest(Context& ctx, Action action)
{
    auto objects = readManifests(ctx);
    if (!objects)
        return ctx.fail(objects.error());
    std::vector<std::string> lines;
    for (Json& o : *objects) {
        auto line = action(o);
        if (!line)
            return ctx.fail(line.error());
        lines.push_back(*line);
    }
    for (const std::string& l : lines)
        ctx.out << l << "\n";
    return 0;
}

Result<std::string> labelOrAnnotate(Context& ctx, const ResourceInfo& r, const std::string& name,
                                    const std::vector<std::string>& changes, const char* field, const char* verb)
{
    ObjectKey key{std::string(r.kind), namespaceFor(ctx, r), name};
    ObjectPtr live = ctx.engine.get(key);
    if (!live)
        return core::fail(notFound(r, name));
    Json next = *live;
    Json& map = next["metadata"][field];
    if (!map.is_object())
        map = Json::object();
    bool overwrite = ctx.inv.boolean("overwrite");
    bool isLabel = std::string(field) == "labels";
    bool added = false;
    for (const std::string& c : changes) {
        if (c.ends_with("-") && c.find('=') == std::string::npos) {
            map.erase(c.substr(0, c.size() - 1));
            continue;
        }
        auto eq = c.find('=');
        std::string k = c.substr(0, eq);
        std::string v = c.substr(eq + 1);
        added = true;
        if (map.contains(k) && !overwrite && map[k] != v) {
            std::string found = "'" + k + "' already has a value (" + map[k].get<std::string>() + ")";
            // kubectl label and kubectl annotate word the refusal differently.
            return core::fail(ErrorCode::Client, isLabel ? found + ", and --overwrite is false"
                                                         : "--overwrite is false but found the following declared "
                                                           "annotation(s): " + found);
        }
        map[k] = v;
    }
    if (map.empty())
        next["metadata"].erase(field);
    if (next == *live)
        return qualifiedName(r, name) + (isLabel ? " not labeled" : " annotated");
    auto u = ctx.engine.update(std::move(next), ctx.request);
    if (!u)
        return core::fail(u.error());
    return qualifiedName(r, name) + " " + (isLabel && !added ? "unlabeled" : verb);
}

int metadataCommand(Context& ctx, const char* field, const char* verb)
{
    std::vector<std::string> changes;
    std::vector<std::string> refs;
    for (const std::string& a : ctx.args)
        (a.find('=') != std::string::npos || (a.ends_with("-") && a.find('/') == std::string::npos && refs.size() >= 1)
             ? changes
             : refs)
            .push_back(a);
    if (changes.empty())
        return ctx.usage(std::string("at least one ") + (std::string(field) == "labels" ? "label" : "annotation") +
                         " update is required");
    std::vector<std::pair<const ResourceInfo*, std::string>> objects;
    if (ctx.inv.has("filename")) {
        auto docs = readManifests(ctx);
        if (!docs)
            return ctx.fail(docs.error());
        for (const Json& d : *docs)
            objects.emplace_back(&resourceOf(d), nameOf(d));
    } else {
        auto groups = parseTargets(ctx, refs);
        if (!groups)
            return 1;
        if (groups->empty())
            return ctx.usage("one or more resources must be specified as <resource> <name> or <resource>/<name>");
        for (const TargetGroup& g : *groups) {
            if (g.names.empty()) {
                if (!ctx.inv.has("selector") && !ctx.inv.has("field-selector") && !ctx.inv.boolean("all"))
                    return ctx.usage("resource(s) were provided, but no name was specified");
                auto selected = listSelected(ctx, *g.resource, namespaceFor(ctx, *g.resource));
                if (!selected)
                    return ctx.fail(selected.error());
                for (const ObjectPtr& o : *selected)
                    objects.emplace_back(g.resource, nameOf(*o));
            }
            for (const std::string& n : g.names)
                objects.emplace_back(g.resource, n);
        }
    }
    std::vector<std::string> lines;
    for (auto& [r, name] : objects) {
        auto line = labelOrAnnotate(ctx, *r, name, changes, field, verb);
        if (!line)
            return ctx.fail(line.error());
        lines.push_back(*line);
    }
    for (const std::string& l : lines)
        ctx.out << l << "\n";
    return 0;
}

/// kubectl's AddSourceToErr for a server's refusal of a create from a file:
/// `error when creating "pod.yaml": pods "x" is forbidden: ...`.
core::Error creatingFromSource(const Context& ctx, core::Error error)
{
    // cmdutil.AddSourceToErr: the server's message gets the source in front; an Invalid
    // error is printed from its causes, so the prefix does not show there.
    std::vector<std::string> files = ctx.inv.values("filename");
    const bool printedFromCauses = error.code == ErrorCode::Invalid && (!error.kind.empty() || !error.name.empty());
    if (isServerError(error.code) && error.code != ErrorCode::Unauthorized && !printedFromCauses && files.size() == 1)
        error.message = "error when creating \"" + (files[0] == "-" ? std::string("STDIN") : files[0]) + "\": " +
                        error.message;
    return error;
}

} // namespace

int cmdApply(Context& ctx)
{
    return forEachManifest(ctx, [&](Json& o) -> Result<std::string> {
        if (core::isLabConfiguration(o)) // not an API object: configures the lab's components
            return core::applyLabConfiguration(ctx.engine, o);
        const ResourceInfo& r = resourceOf(o);
        bool exists = ctx.engine.get(keyOf(o)) != nullptr;
        auto result = ctx.engine.apply(o, ctx.request);
        if (!result)
            return core::fail(exists ? result.error() : creatingFromSource(ctx, result.error()));
        const char* verb = result->second == ApplyOutcome::Created      ? "created"
                           : result->second == ApplyOutcome::Configured ? "configured"
                                                                         : "unchanged";
        return qualifiedName(r, nameOf(*result->first)) + " " + verb + dryRunSuffix(ctx);
    });
}

int cmdCreate(Context& ctx)
{
    if (!ctx.inv.has("filename"))
        return ctx.usage("must specify one of -f and -k");
    return forEachManifest(ctx, [&](Json& o) -> Result<std::string> {
        const ResourceInfo& r = resourceOf(o);
        if (r.plural == "bindings") {
            // POST .../bindings (the scheduler's request, made by hand): the API server
            // answers with a Status, so kubectl names what came back as `status/<unknown>`.
            std::string node = o.contains("target") && o["target"].is_object() ? o["target"].value("name", "") : "";
            auto bound = ctx.engine.bind(ObjectKey{"Pod", namespaceOf(o), nameOf(o)}, node, ctx.request);
            if (!bound)
                return core::fail(creatingFromSource(ctx, bound.error()));
            return "status/<unknown> created" + dryRunSuffix(ctx);
        }
        auto result = ctx.engine.create(o, ctx.request);
        if (!result)
            return core::fail(creatingFromSource(ctx, result.error()));
        return qualifiedName(r, nameOf(**result)) + " created" + dryRunSuffix(ctx);
    });
}

int cmdReplace(Context& ctx)
{
    return forEachManifest(ctx, [&](Json& o) -> Result<std::string> {
        const ResourceInfo& r = resourceOf(o);
        ObjectPtr live = ctx.engine.get(keyOf(o));
        if (!live)
            return core::fail(notFound(r, nameOf(o)));
        auto result = ctx.engine.update(o, ctx.request);
        if (!result)
            return core::fail(result.error());
        return qualifiedName(r, nameOf(o)) + " replaced" + dryRunSuffix(ctx);
    });
}

int cmdPatch(Context& ctx)
{
    auto groups = parseTargets(ctx, ctx.args);
    if (!groups)
        return 1;
    if (groups->empty() || groups->front().names.empty())
        return ctx.usage("resource(s) were provided, but no name was specified");
    auto patchText = ctx.inv.value("patch");
    if (!patchText)
        return ctx.usage("must specify -p to patch");
    Json patch = Json::parse(*patchText, nullptr, false);
    if (patch.is_discarded()) {
        // kubectl accepts YAML too.
        auto docs = decodeManifests(*patchText, "patch");
        if (!docs || docs->empty())
            return ctx.usage("unable to parse \"" + *patchText + "\": yaml: did not find expected node content");
        patch = docs->front().object;
    }
    std::string type = ctx.inv.value("type").value_or("strategic");
    PatchType pt = type == "merge" ? PatchType::Merge : type == "json" ? PatchType::Json : PatchType::Strategic;
    if (type != "merge" && type != "json" && type != "strategic")
        return ctx.usage("--type must be one of [json merge strategic], not \"" + type + "\"");
    std::vector<std::string> lines;
    for (const TargetGroup& g : *groups)
        for (const std::string& name : g.names) {
            ObjectKey key{std::string(g.resource->kind), namespaceFor(ctx, *g.resource), name};
            ObjectPtr before = ctx.engine.get(key);
            auto result = ctx.engine.patch(key, patch, pt, ctx.request);
            if (!result)
                return ctx.fail(result.error());
            lines.push_back(qualifiedName(*g.resource, name) + (*result == before ? " patched (no change)" : " patched"));
        }
    for (const std::string& l : lines)
        ctx.out << l << "\n";
    return 0;
}

int cmdDelete(Context& ctx)
{
    DeleteOptions options;
    if (auto g = ctx.inv.value("grace-period")) {
        try {
            options.gracePeriodSeconds = std::stoll(*g);
        } catch (...) {
            return ctx.usage("invalid argument \"" + *g + "\" for \"--grace-period\" flag");
        }
        if (*options.gracePeriodSeconds < 0)
            options.gracePeriodSeconds.reset();
    }
    if (ctx.inv.boolean("force") && !options.gracePeriodSeconds)
        options.gracePeriodSeconds = 0;
    if (auto c = ctx.inv.value("cascade")) {
        if (*c == "orphan" || *c == "false")
            options.propagation = Propagation::Orphan;
        else if (*c == "foreground")
            options.propagation = Propagation::Foreground;
        else if (*c != "background" && *c != "true")
            return ctx.usage("invalid cascade value (" + *c + "). Must be \"background\", \"foreground\", or \"orphan\"");
    }
    std::vector<std::pair<const ResourceInfo*, ObjectKey>> victims;
    if (ctx.inv.has("filename")) {
        auto docs = readManifests(ctx);
        if (!docs)
            return ctx.fail(docs.error());
        for (const Json& d : *docs)
            victims.emplace_back(&resourceOf(d), keyOf(d));
    } else {
        auto groups = parseTargets(ctx, ctx.args);
        if (!groups)
            return 1;
        if (groups->empty())
            return ctx.usage("You must provide one or more resources by argument or filename.");
        for (const TargetGroup& g : *groups) {
            std::string ns = namespaceFor(ctx, *g.resource);
            if (g.names.empty()) {
                if (!ctx.inv.has("selector") && !ctx.inv.has("field-selector") && !ctx.inv.boolean("all"))
                    return ctx.usage("resource(s) were provided, but no name was specified");
                auto selected = listSelected(ctx, *g.resource, ctx.inv.boolean("all-namespaces") ? "" : ns);
                if (!selected)
                    return ctx.fail(selected.error());
                for (const ObjectPtr& o : *selected)
                    victims.emplace_back(g.resource, keyOf(*o));
            }
            for (const std::string& n : g.names)
                victims.emplace_back(g.resource, ObjectKey{std::string(g.resource->kind), ns, n});
        }
    }
    if (options.gracePeriodSeconds && *options.gracePeriodSeconds == 0 && ctx.inv.boolean("force"))
        ctx.err << "Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                   "terminated. The resource may continue to run on the cluster indefinitely.\n";
    // One request per object, as kubectl sends them: what one refuses does not undo the others;
    // the refusals follow the deletions and the exit status is 1.
    std::vector<std::string> lines;
    std::vector<core::Error> errors;
    for (auto& [r, key] : victims) {
        auto result = ctx.engine.remove(key, options, ctx.request);
        if (!result) {
            errors.push_back(result.error());
            continue;
        }
        lines.push_back(r->qualifiedSingular() + " \"" + key.name + "\"" +
                        (options.gracePeriodSeconds && *options.gracePeriodSeconds == 0 && ctx.inv.boolean("force")
                             ? " force deleted"
                             : " deleted") +
                        dryRunSuffix(ctx));
    }
    if (victims.empty()) {
        ctx.out << "No resources found\n";
        return 0;
    }
    for (const std::string& l : lines)
        ctx.out << l << "\n";
    if (errors.empty())
        return 0;
    for (const core::Error& e : errors)
        (void)ctx.fail(e);
    ctx.keepPartial = !lines.empty();
    return 1;
}

int cmdLabel(Context& ctx)
{
    return metadataCommand(ctx, "labels", "labeled");
}

int cmdAnnotate(Context& ctx)
{
    return metadataCommand(ctx, "annotations", "annotated");
}

} // namespace kubelab::cli

// SPDX-License-Identifier: GPL-3.0-or-later
// Node verbs: node stop|start (lab), taint, cordon, uncordon, drain (kubectl's texts:
// staging/src/k8s.io/kubectl/pkg/cmd/taint, pkg/cmd/drain and pkg/drain).
#include <algorithm>
#include <map>
#include <ostream>

#include "core/cli/cli.h"
#include "core/cli/printers.h"
#include "core/api/quantity.h"
#include "core/node/imagecatalogue.h"
#include "core/node/nodepower.h"
#include "core/sim/eviction.h"

namespace kubelab::cli {

using namespace kubelab::core;

namespace {

bool isNodeResource(const std::string& word)
{
    return word == "node" || word == "nodes" || word == "no";
}

Result<ObjectPtr> liveNode(Context& ctx, const std::string& name)
{
    ObjectPtr node = ctx.engine.get(ObjectKey{"Node", "", name});
    if (!node)
        return core::fail(ErrorCode::NotFound, "nodes \"" + name + "\" not found");
    return node;
}

struct TaintSpec {
    std::string key;
    std::string value;
    std::string effect; ///< empty: every effect (removal only)
};

/// kubectl's parseTaint: `<key>=<value>:<effect>`, `<key>:<effect>` or `<key>`.
Result<TaintSpec> parseTaintSpec(const std::string& text)
{
    TaintSpec t;
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        auto colon = text.find(':', start);
        parts.push_back(text.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
        if (colon == std::string::npos)
            break;
        start = colon + 1;
    }
    if (parts.size() > 2)
        return core::fail(ErrorCode::Usage, "invalid taint spec: " + text);
    if (parts.size() == 2) {
        t.effect = parts[1];
        if (t.effect != "NoSchedule" && t.effect != "PreferNoSchedule" && t.effect != "NoExecute")
            return core::fail(ErrorCode::Usage, "invalid taint effect: " + t.effect + ", unsupported taint effect");
        const std::string& kv = parts[0];
        auto eq = kv.find('=');
        if (eq != std::string::npos && kv.find('=', eq + 1) != std::string::npos)
            return core::fail(ErrorCode::Usage, "invalid taint spec: " + text);
        t.key = kv.substr(0, eq);
        if (eq != std::string::npos)
            t.value = kv.substr(eq + 1);
    } else {
        t.key = parts[0];
    }
    if (t.key.empty())
        return core::fail(ErrorCode::Usage, "invalid taint spec: " + text +
                                                ", name part must be non-empty; name part must consist of alphanumeric "
                                                "characters, '-', '_' or '.', and must start and end with an alphanumeric "
                                                "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                                                "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    return t;
}

std::string taintString(const TaintSpec& t)
{
    // Taint.ToString.
    if (t.effect.empty())
        return t.value.empty() ? t.key : t.key + "=" + t.value + ":";
    return t.value.empty() ? t.key + ":" + t.effect : t.key + "=" + t.value + ":" + t.effect;
}

/// Sets or clears `spec.unschedulable`; returns whether it changed.
Result<bool> setUnschedulable(Context& ctx, const std::string& name, bool unschedulable)
{
    auto node = liveNode(ctx, name);
    if (!node)
        return std::unexpected(node.error());
    if ((member(member(**node, "spec"), "unschedulable") == true) == unschedulable)
        return false;
    Json next = **node;
    if (unschedulable)
        next["spec"]["unschedulable"] = true;
    else
        next["spec"].erase("unschedulable");
    auto r = ctx.engine.update(std::move(next), ctx.request);
    if (!r)
        return std::unexpected(r.error());
    return true;
}

int cordonCommand(Context& ctx, bool cordon)
{
    const char* verb = cordon ? "cordon" : "uncordon";
    if (ctx.args.size() != 1)
        return ctx.usage(std::string(verb) + " requires exactly one NODE argument");
    std::string name = ctx.args.front();
    if (auto slash = name.find('/'); slash != std::string::npos && isNodeResource(name.substr(0, slash)))
        name = name.substr(slash + 1);
    auto changed = setUnschedulable(ctx, name, cordon);
    if (!changed)
        return ctx.fail(changed.error());
    ctx.out << "node/" << name << (*changed ? " " : " already ") << verb << "ed" << (ctx.request.dryRun ? " (dry run)" : "")
            << "\n";
    return 0;
}

} // namespace

int cmdNodePower(Context& ctx)
{
    // `node stop NAME` / `node start NAME`: the first word after `node` is the action.
    if (ctx.args.size() != 2 || (ctx.args[0] != "stop" && ctx.args[0] != "start"))
        return ctx.usage("usage: node stop|start NAME");
    const std::string& name = ctx.args[1];
    bool stop = ctx.args[0] == "stop";
    auto r = stop ? stopNode(ctx.engine, name) : startNode(ctx.engine, name);
    if (!r)
        return ctx.fail(r.error());
    ctx.out << "node/" << name << (stop ? " stopped" : " started") << "\n";
    return 0;
}

int cmdTaint(Context& ctx)
{
    // Resources first, then taint changes (kubectl's TaintOptions.Complete).
    std::vector<std::string> resources, changes;
    bool metTaint = false;
    for (const std::string& a : ctx.args) {
        bool isTaint = a.find('=') != std::string::npos || a.find(':') != std::string::npos || a.ends_with("-");
        if (isTaint) {
            metTaint = true;
            changes.push_back(a);
        } else if (metTaint) {
            return ctx.fail(makeError(ErrorCode::Client, "all resources must be specified before taint changes: " + a));
        } else {
            resources.push_back(a);
        }
    }
    if (resources.empty())
        return ctx.fail(makeError(ErrorCode::Client, "one or more resources must be specified as <resource> <name>"));
    if (changes.empty())
        return ctx.fail(makeError(ErrorCode::Client, "at least one taint update is required"));
    std::vector<TaintSpec> toAdd, toRemove;
    for (const std::string& c : changes) {
        if (c.ends_with("-")) {
            auto t = parseTaintSpec(c.substr(0, c.size() - 1));
            if (!t)
                return ctx.fail(t.error());
            toRemove.push_back(*t);
            continue;
        }
        auto t = parseTaintSpec(c);
        if (!t)
            return ctx.fail(t.error());
        if (t->effect.empty())
            return ctx.usage("invalid taint spec: " + c);
        for (const TaintSpec& other : toAdd)
            if (other.key == t->key && other.effect == t->effect)
                return ctx.usage("duplicated taints with the same key and effect: {" + t->key + " " + t->value + " " +
                                 t->effect + " <nil>}");
        toAdd.push_back(*t);
    }
    // Split `node/NAME` forms; the first word names the resource type otherwise.
    std::vector<std::string> names;
    if (resources.front().find('/') != std::string::npos) {
        for (const std::string& r : resources) {
            auto slash = r.find('/');
            if (slash == std::string::npos || !isNodeResource(r.substr(0, slash)))
                return ctx.fail(makeError(ErrorCode::Client, "invalid resource type " + r.substr(0, slash) +
                                                                 ", only [\"nodes\" \"no\" \"node\"] are supported"));
            names.push_back(r.substr(slash + 1));
        }
    } else {
        if (!isNodeResource(resources.front()))
            return ctx.fail(makeError(ErrorCode::Client, "invalid resource type " + resources.front() +
                                                             ", only [\"nodes\" \"no\" \"node\"] are supported"));
        names.assign(resources.begin() + 1, resources.end());
    }
    std::string conflicts;
    for (const TaintSpec& a : toAdd)
        for (const TaintSpec& r : toRemove)
            if (a.key == r.key && (r.effect.empty() || a.effect == r.effect))
                conflicts += std::string(conflicts.empty() ? "" : ", ") + "{\"" + r.key + "\":\"" + r.effect + "\"}";
    if (!conflicts.empty())
        return ctx.fail(makeError(ErrorCode::Client,
                                  "can not both modify and remove the following taint(s) in the same command: " + conflicts));
    if (names.empty())
        return ctx.fail(makeError(ErrorCode::Client,
                                  "at least one resource name must be specified since 'all' parameter is not set"));
    bool overwrite = ctx.inv.boolean("overwrite");
    std::vector<std::string> lines;
    for (const std::string& name : names) {
        auto node = liveNode(ctx, name);
        if (!node)
            return ctx.fail(node.error());
        const Json old = node.value()->value(Json::json_pointer("/spec/taints"), Json::array());
        if (!overwrite) {
            std::string exists;
            for (const TaintSpec& a : toAdd)
                for (const Json& o : old)
                    if (o.value("key", "") == a.key && o.value("effect", "") == a.effect)
                        exists += (exists.empty() ? "" : ",") + a.key;
            if (!exists.empty())
                return ctx.fail(makeError(ErrorCode::Client, "node " + name + " already has " + exists +
                                                                 " taint(s) with same effect(s) and --overwrite is false"));
        }
        // reorganizeTaints: the new taints first, then the old ones they do not replace.
        Json taints = Json::array();
        for (const TaintSpec& a : toAdd) {
            Json t = Json{{"key", a.key}};
            if (!a.value.empty())
                t["value"] = a.value;
            t["effect"] = a.effect;
            taints.push_back(t);
        }
        for (const Json& o : old)
            if (std::ranges::none_of(toAdd, [&](const TaintSpec& a) {
                    return o.value("key", "") == a.key && o.value("effect", "") == a.effect;
                }))
                taints.push_back(o);
        bool added = old.size() != taints.size();
        bool deleted = false;
        for (const TaintSpec& r : toRemove) {
            Json kept = Json::array();
            deleted = false;
            for (const Json& t : taints) {
                if (t.value("key", "") == r.key && (r.effect.empty() || t.value("effect", "") == r.effect)) {
                    deleted = true;
                    continue;
                }
                kept.push_back(t);
            }
            if (!deleted)
                return ctx.fail(makeError(ErrorCode::Client, "taint \"" + taintString(r) + "\" not found"));
            taints = kept;
        }
        std::string operation = (added && deleted) || overwrite ? "modified" : added ? "tainted" : "untainted";
        Json next = **node;
        if (taints.empty())
            next["spec"].erase("taints");
        else
            next["spec"]["taints"] = taints;
        auto r = ctx.engine.update(std::move(next), ctx.request);
        if (!r)
            return ctx.fail(r.error());
        lines.push_back("node/" + name + " " + operation);
    }
    for (const std::string& l : lines)
        ctx.out << l << "\n";
    return 0;
}

int cmdCordon(Context& ctx)
{
    return cordonCommand(ctx, true);
}

int cmdUncordon(Context& ctx)
{
    return cordonCommand(ctx, false);
}

int cmdDrain(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.usage("drain requires exactly one NODE argument");
    std::string name = ctx.args.front();
    if (auto slash = name.find('/'); slash != std::string::npos && isNodeResource(name.substr(0, slash)))
        name = name.substr(slash + 1);
    std::optional<std::int64_t> grace;
    if (auto g = ctx.inv.value("grace-period")) {
        try {
            std::int64_t v = std::stoll(*g);
            if (v >= 0)
                grace = v;
        } catch (...) {
            return ctx.usage("invalid argument \"" + *g + "\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"" +
                             *g + "\": invalid syntax");
        }
    }
    // kubectl waits forever without --timeout; the lab gives up after 5m of virtual time.
    Duration timeout = 5 * kMinute;
    if (auto t = ctx.inv.value("timeout")) {
        auto d = parseDuration(*t);
        if (!d)
            return ctx.usage("invalid argument \"" + *t + "\" for \"--timeout\" flag: " + d.error().message);
        if (*d > 0)
            timeout = *d;
    }

    // 1. Cordon (kept even when the drain fails, as with kubectl).
    auto changed = setUnschedulable(ctx, name, true);
    if (!changed)
        return ctx.fail(changed.error());
    ctx.out << "node/" << name << (*changed ? " cordoned" : " already cordoned") << "\n";
    if (!ctx.request.dryRun)
        (void)ctx.engine.commit();

    auto unableToDrain = [&](const std::string& error) {
        ctx.err << "error: unable to drain node \"" << name << "\" due to error: " << error << ", continuing command...\n"
                << "There are pending nodes to be drained:\n " << name << "\nerror: " << error << "\n";
        return 1;
    };

    // 2. Which pods go (pkg/drain/filters.go, in upstream's filter order).
    bool force = ctx.inv.boolean("force");
    bool ignoreDaemonSets = ctx.inv.boolean("ignore-daemonsets");
    bool deleteEmptyDir = ctx.inv.boolean("delete-emptydir-data");
    const std::vector<std::pair<std::string, std::string>> kFatal = {
        {"daemonset", "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"},
        {"localstorage", "Pods with local storage (use --delete-emptydir-data to override)"},
        {"unmanaged", "Pods declaring no controller (use --force to override)"},
    };
    std::map<std::string, std::vector<std::string>> fatal, warnings;
    std::vector<ObjectPtr> toEvict;
    std::vector<std::string> warningOrder;
    auto warn = [&](const std::string& message, const std::string& pod) {
        if (!warnings.contains(message))
            warningOrder.push_back(message);
        warnings[message].push_back(pod);
    };
    for (const ObjectPtr& p : ctx.engine.list("Pod")) {
        const Json& pod = *p;
        if (stringAt(pod, Json::json_pointer("/spec/nodeName")) != name)
            continue;
        std::string ref = namespaceOf(pod) + "/" + nameOf(pod);
        std::string phase = stringAt(pod, Json::json_pointer("/status/phase"));
        bool finished = phase == "Succeeded" || phase == "Failed";
        auto owner = controllerRefOf(pod);
        if (owner && owner->value("kind", "") == "DaemonSet" && !finished) {
            if (!ctx.engine.get(ObjectKey{"DaemonSet", namespaceOf(pod), owner->value("name", "")})) {
                std::string e = "daemonsets.apps \"" + owner->value("name", "") + "\" not found";
                if (!force) {
                    fatal[e].push_back(ref);
                    continue;
                }
                warn(e, ref);
            } else {
                if (!ignoreDaemonSets)
                    fatal["daemonset"].push_back(ref);
                else
                    warn("ignoring DaemonSet-managed Pods", ref);
                continue;
            }
        }
        if (annotationsOf(pod).contains("kubernetes.io/config.mirror"))
            continue;
        bool emptyDir = false;
        for (const Json& v : pod["spec"].value("volumes", Json::array()))
            emptyDir = emptyDir || v.contains("emptyDir");
        if (emptyDir && !finished) {
            if (!deleteEmptyDir) {
                fatal["localstorage"].push_back(ref);
                continue;
            }
            warn("deleting Pods with local storage", ref);
        }
        if (!owner && !finished) {
            if (!force) {
                fatal["unmanaged"].push_back(ref);
                continue;
            }
            warn("deleting Pods that declare no controller", ref);
        }
        toEvict.push_back(p);
    }
    if (!fatal.empty()) {
        std::vector<std::string> errors;
        auto join = [](const std::vector<std::string>& v) {
            std::string s;
            for (const std::string& x : v)
                s += (s.empty() ? "" : ", ") + x;
            return s;
        };
        for (const auto& [key, text] : kFatal)
            if (fatal.contains(key))
                errors.push_back("cannot delete " + text + ": " + join(fatal[key]));
        for (const auto& [key, pods] : fatal)
            if (std::ranges::none_of(kFatal, [&](const auto& k) { return k.first == key; }))
                errors.push_back(key + ": " + join(pods));
        std::string message = errors.size() == 1 ? errors.front() : "[" + join(errors) + "]";
        return unableToDrain(message);
    }
    if (!warningOrder.empty()) {
        std::string text;
        for (const std::string& w : warningOrder) {
            std::string pods;
            for (const std::string& p : warnings[w])
                pods += (pods.empty() ? "" : ", ") + p;
            text += (text.empty() ? "" : "; ") + w + ": " + pods;
        }
        ctx.err << "Warning: " << text << "\n";
    }

    // 3. Evict each pod through pods/eviction, retrying every 5s while a budget forbids it,
    //    then wait until the evicted pods are gone.
    struct Pending {
        ObjectKey key;
        std::string uid;
        bool evicted = false;
        bool gone = false;
    };
    std::vector<Pending> pending;
    for (const ObjectPtr& p : toEvict)
        pending.push_back(Pending{keyOf(*p), uidOf(*p)});
    Duration waited = 0;
    std::string failure;
    DeleteOptions options;
    options.gracePeriodSeconds = grace;
    while (true) {
        bool retry = false;
        for (Pending& p : pending) {
            if (p.evicted)
                continue;
            ctx.out << "evicting pod " << p.key.ns << "/" << p.key.name << (ctx.request.dryRun ? " (server dry run)" : "")
                    << "\n";
            auto r = evictPod(ctx.engine, p.key, options, ctx.request);
            if (r && r->blockedByBudget) {
                ctx.err << "error when evicting pods/\"" << p.key.name << "\" -n \"" << p.key.ns
                        << "\" (will retry after 5s): " << r->message << "\n";
                retry = true;
            } else if (r || r.error().code == ErrorCode::NotFound) {
                p.evicted = true;
            } else {
                return unableToDrain("error when evicting pods/\"" + p.key.name + "\" -n \"" + p.key.ns +
                                     "\": " + r.error().message);
            }
        }
        if (ctx.request.dryRun)
            break;
        // The control plane moves on while kubectl waits (deletions finish, budgets recover).
        bool allGone = true;
        for (Pending& p : pending) {
            if (p.evicted && !p.gone) {
                ObjectPtr now = ctx.engine.get(p.key);
                if (!now || uidOf(*now) != p.uid) {
                    p.gone = true;
                    ctx.out << "pod/" << p.key.name << " evicted\n";
                }
            }
            allGone = allGone && p.gone;
        }
        if (allGone)
            break;
        if (waited >= timeout) {
            std::vector<std::string> errors;
            for (const Pending& p : pending)
                if (!p.gone)
                    errors.push_back("error when evicting pods/\"" + p.key.name + "\" -n \"" + p.key.ns +
                                     "\": global timeout reached: " + formatDuration(timeout));
            for (const std::string& e : errors)
                failure += (failure.empty() ? "" : ", ") + e;
            if (errors.size() > 1)
                failure = "[" + failure + "]";
            break;
        }
        Duration step = retry ? 5 * kSecond : kSecond;
        ctx.engine.advance(step);
        (void)ctx.engine.commit();
        waited += step;
    }
    if (!failure.empty())
        return unableToDrain(failure);
    ctx.out << "node/" << name << " drained" << (ctx.request.dryRun ? " (server dry run)" : "") << "\n";
    return 0;
}

int cmdImages(Context& ctx)
{
    if (!ctx.args.empty())
        return ctx.usage("usage: klab images [--no-headers]");
    std::vector<std::vector<std::string>> rows;
    if (!ctx.inv.boolean("no-headers"))
        rows.push_back({"REPOSITORY", "SIZE", "USER", "FROM"});
    for (const core::CatalogEntry& e : core::ImageCatalog(ctx.engine).entries())
        rows.push_back({e.repository, core::Quantity::fromValue(e.sizeBytes, core::Quantity::Format::BinarySI).toString(),
                        e.user.empty() ? "root" : e.user, e.fromLab ? "lab" : "built-in"});
    ctx.out << tabulate(rows);
    return 0;
}

} // namespace kubelab::cli

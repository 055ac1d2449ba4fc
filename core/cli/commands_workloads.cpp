// SPDX-License-Identifier: GPL-3.0-or-later
// Workload verbs: scale, set image, set resources, rollout (status, history, pause,
// resume, undo, restart), autoscale, and kubectl's imperative generators run, expose and
// create deployment|service|namespace. Texts and generated objects follow
// k8s.io/kubectl v1.31 (pkg/cmd/{scale,set,rollout,autoscale,run,expose,create},
// pkg/polymorphichelpers/{rollout_status,history,rollback,objectpauser,objectresumer,
// objectrestarter}.go).
#include <algorithm>
#include <ostream>
#include <sstream>

#include "core/api/quantity.h"
#include "core/cli/cli.h"
#include "core/cli/describe_support.h"
#include "core/cli/generate.h"
#include "core/cli/targets.h"
#include "core/controllers/deploymentutil.h"

namespace kubelab::cli {

using namespace kubelab::core;

namespace {

/// The object a workload verb works on: `TYPE NAME` or `TYPE/NAME`, and the words after it.
struct Target {
    const ResourceInfo* resource = nullptr;
    std::string name;
    std::vector<std::string> rest;
};

/// Reads `TYPE NAME` or `TYPE/NAME` from the front of the arguments; prints kubectl's
/// error and returns nullopt when it cannot.
std::optional<Target> readTarget(Context& ctx, const std::vector<std::string>& args, int& rc)
{
    rc = 0;
    if (args.empty()) {
        rc = ctx.usage("You must provide one or more resources by argument or filename.");
        return std::nullopt;
    }
    Target t;
    std::size_t used = 0;
    if (auto slash = args[0].find('/'); slash != std::string::npos) {
        t.resource = resolveResource(ctx, args[0].substr(0, slash));
        t.name = args[0].substr(slash + 1);
        used = 1;
    } else {
        t.resource = resolveResource(ctx, args[0]);
        if (t.resource && args.size() < 2) {
            rc = ctx.usage("resource(s) were provided, but no name was specified");
            return std::nullopt;
        }
        if (t.resource)
            t.name = args[1];
        used = 2;
    }
    if (!t.resource) {
        rc = 1;
        return std::nullopt;
    }
    t.rest.assign(args.begin() + static_cast<std::ptrdiff_t>(used), args.end());
    return t;
}

ObjectKey keyFor(const Context& ctx, const Target& t)
{
    return ObjectKey{std::string(t.resource->kind), namespaceFor(ctx, *t.resource), t.name};
}

std::optional<std::int64_t> parseInt(const std::string& s)
{
    if (s.empty() || s.size() > 18)
        return std::nullopt;
    std::size_t i = s[0] == '-' ? 1 : 0;
    if (i == s.size() || !std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(),
                                      [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::stoll(s);
}

/// `--flag=N` as an integer; a bad value is kubectl's flag parse error.
std::optional<std::int64_t> intFlag(Context& ctx, const std::string& flag, std::int64_t fallback, int& rc)
{
    rc = 0;
    auto v = ctx.inv.value(flag);
    if (!v)
        return fallback;
    auto n = parseInt(*v);
    if (!n) {
        rc = ctx.usage("invalid argument \"" + *v + "\" for \"--" + flag + "\" flag: strconv.ParseInt: parsing \"" + *v +
                       "\": invalid syntax");
        return std::nullopt;
    }
    return n;
}

/// The pod spec inside a workload (`spec.template.spec`, a CronJob's job template, or a
/// Pod's own spec); null for kinds without one.
Json* podSpecOf(Json& object)
{
    std::string kind = kindOf(object);
    if (kind == "Pod")
        return &object["spec"];
    if (kind == "CronJob")
        return &object["spec"]["jobTemplate"]["spec"]["template"]["spec"];
    if (kind == "Deployment" || kind == "ReplicaSet" || kind == "StatefulSet" || kind == "DaemonSet" ||
        kind == "Job" || kind == "ReplicationController")
        return &object["spec"]["template"]["spec"];
    return nullptr;
}

/// Writes an edited object through the API server; prints `<type>/<name> <operation>`.
int writeUpdate(Context& ctx, const Target& t, const Json& live, Json next, const std::string& operation)
{
    if (next == live)
        return 0;
    auto r = ctx.engine.update(std::move(next), ctx.request);
    if (!r)
        return ctx.fail(r.error());
    ctx.out << qualifiedName(*t.resource, t.name) << " " << operation << dryRunSuffix(ctx) << "\n";
    return 0;
}

// --- rollout status --------------------------------------------------------------------------

/// DeploymentStatusViewer.Status: the line kubectl prints for one observed state, whether
/// the rollout is done, and an error (progress deadline, revision mismatch).
struct RolloutState {
    std::string message;
    bool done = false;
    std::string error;
};

RolloutState deploymentRolloutState(const Json& d, std::int64_t revision)
{
    RolloutState s;
    std::string name = nameOf(d);
    if (revision > 0) {
        std::int64_t running = 0;
        if (auto r = parseInt(stringAt(d, Json::json_pointer("/metadata/annotations/deployment.kubernetes.io~1revision"))))
            running = *r;
        if (running != revision) {
            s.error = "desired revision (" + std::to_string(revision) + ") is different from the running revision (" +
                      std::to_string(running) + ")";
            return s;
        }
    }
    const Json status = d.value("status", Json::object());
    auto get = [&](const char* f) { return status.value(f, std::int64_t{0}); };
    std::int64_t generation = d["metadata"].value("generation", std::int64_t{0});
    if (generation > get("observedGeneration")) {
        s.message = "Waiting for deployment spec update to be observed...";
        return s;
    }
    if (status.contains("conditions"))
        for (const Json& c : status["conditions"])
            if (c.value("type", "") == "Progressing" && c.value("reason", "") == "ProgressDeadlineExceeded") {
                s.error = "deployment \"" + name + "\" exceeded its progress deadline";
                return s;
            }
    std::int64_t replicas = d["spec"].value("replicas", std::int64_t{1});
    std::string prefix = "Waiting for deployment \"" + name + "\" rollout to finish: ";
    if (get("updatedReplicas") < replicas) {
        s.message = prefix + std::to_string(get("updatedReplicas")) + " out of " + std::to_string(replicas) +
                    " new replicas have been updated...";
    } else if (get("replicas") > get("updatedReplicas")) {
        s.message = prefix + std::to_string(get("replicas") - get("updatedReplicas")) +
                    " old replicas are pending termination...";
    } else if (get("availableReplicas") < get("updatedReplicas")) {
        s.message = prefix + std::to_string(get("availableReplicas")) + " of " + std::to_string(get("updatedReplicas")) +
                    " updated replicas are available...";
    } else {
        s.message = "deployment \"" + name + "\" successfully rolled out";
        s.done = true;
    }
    return s;
}

/// When a stuck rollout's controller looks again (its progress deadline), or nullopt.
std::optional<VirtualTime> nextProgressCheck(const Engine& engine, const Json& d)
{
    if (d["spec"].value("paused", false) || !d.contains("status") || !d["status"].contains("conditions"))
        return std::nullopt;
    for (const Json& c : d["status"]["conditions"]) {
        if (c.value("type", "") != "Progressing")
            continue;
        std::string reason = c.value("reason", "");
        if (reason == "NewReplicaSetAvailable" || reason == "ProgressDeadlineExceeded")
            return std::nullopt;
        std::int64_t deadline = d["spec"].value("progressDeadlineSeconds", std::int64_t{600});
        return engine.virtualTimeOf(c.value("lastUpdateTime", "")) + deadline * kSecond + kSecond;
    }
    return std::nullopt;
}

// --- rollout history / undo ------------------------------------------------------------------

/// The Deployment's ReplicaSets by revision (deploymentutil.GetAllReplicaSets).
std::map<std::int64_t, Json> deploymentHistory(const Engine& engine, const Json& d)
{
    std::map<std::int64_t, Json> out;
    std::string uid = uidOf(d);
    for (const ObjectPtr& rs : engine.list("ReplicaSet", namespaceOf(d))) {
        auto ref = controllerRefOf(*rs);
        if (!ref || ref->value("uid", "") != uid)
            continue;
        std::string text = stringAt(*rs, Json::json_pointer("/metadata/annotations/deployment.kubernetes.io~1revision"));
        if (auto v = parseInt(text))
            out[*v] = *rs;
    }
    return out;
}

/// kubectl's tabwriter for `rollout history` (minwidth 0, tabwidth 8, padding 2).
std::string historyTable(const std::map<std::int64_t, Json>& history)
{
    std::vector<std::pair<std::string, std::string>> rows{{"REVISION", "CHANGE-CAUSE"}};
    for (const auto& [revision, rs] : history) {
        std::string cause = stringAt(rs, Json::json_pointer("/metadata/annotations/kubernetes.io~1change-cause"));
        rows.emplace_back(std::to_string(revision), cause.empty() ? "<none>" : cause);
    }
    std::size_t width = 0;
    for (const auto& r : rows)
        width = std::max(width, r.first.size());
    std::string out;
    for (const auto& [a, b] : rows)
        out += a + std::string(width + 2 - a.size(), ' ') + b + "\n";
    return out;
}

/// printTemplate: DescribePodTemplate through a bare PrefixWriter (tabs are not aligned).
std::string printTemplate(const Json& podTemplate)
{
    detail::DescribeWriter w;
    detail::describePodTemplate(&podTemplate, w);
    return w.unaligned();
}

/// The stored Deployment a rollout subcommand names; null (the error printed, `rc` set) when
/// it names another kind or nothing stored.
ObjectPtr liveDeployment(Context& ctx, const Target& t, const char* verb, int& rc)
{
    if (t.resource->kind != "Deployment") {
        ctx.err << "error: " << verb << " is not supported for " << t.resource->qualifiedPlural()
                << " in this lab (only deployments)\n";
        rc = 1;
        return nullptr;
    }
    ObjectPtr live = ctx.engine.get(keyFor(ctx, t));
    if (!live)
        rc = ctx.fail(notFound(*t.resource, t.name));
    return live;
}

// --- generators ------------------------------------------------------------------------------

Result<Json> parseLabels(const std::string& text)
{
    Json labels = Json::object();
    for (const std::string& pair : splitOn(text, ',')) {
        auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0)
            return core::fail(ErrorCode::Usage, "invalid label spec: " + pair);
        labels[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
    return labels;
}

/// intstr.Parse: a number is an int, anything else a (named port) string.
Json intOrString(const std::string& s)
{
    if (auto n = parseInt(s))
        return *n;
    return s;
}

/// The container ports of an object, for `expose` without --port (PortsForObject).
std::vector<std::pair<std::int64_t, std::string>> portsOf(const Json& object)
{
    std::vector<std::pair<std::int64_t, std::string>> out;
    Json copy = object;
    Json* spec = podSpecOf(copy);
    if (kindOf(object) == "Service") {
        for (const Json& p : object["spec"].value("ports", Json::array()))
            out.emplace_back(p.value("port", std::int64_t{0}), p.value("protocol", "TCP"));
        return out;
    }
    if (!spec)
        return out;
    for (const Json& c : spec->value("containers", Json::array()))
        for (const Json& p : c.value("ports", Json::array()))
            out.emplace_back(p.value("containerPort", std::int64_t{0}), p.value("protocol", "TCP"));
    return out;
}

} // namespace

// --- scale ---------------------------------------------------------------------------------------

int cmdScale(Context& ctx)
{
    int rc = 0;
    auto t = readTarget(ctx, ctx.args, rc);
    if (!t)
        return rc;
    auto replicasText = ctx.inv.value("replicas");
    if (!replicasText)
        return ctx.usage("required flag(s) \"replicas\" not set");
    auto replicas = intFlag(ctx, "replicas", -1, rc);
    if (!replicas)
        return rc;
    if (*replicas < 0)
        return ctx.usage("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
    const std::string kind(t->resource->kind);
    if (kind != "Deployment" && kind != "ReplicaSet" && kind != "StatefulSet" && kind != "ReplicationController") {
        ctx.err << "Error from server (NotFound): the server could not find the requested resource\n";
        return 1;
    }
    ObjectKey key = keyFor(ctx, *t);
    ObjectPtr live = ctx.engine.get(key);
    if (!live)
        return ctx.fail(notFound(*t->resource, t->name));
    if (auto current = ctx.inv.value("current-replicas")) {
        auto n = parseInt(*current);
        std::int64_t actual = (*live)["spec"].value("replicas", std::int64_t{1});
        if (n && *n >= 0 && *n != actual) {
            ctx.err << "error: Expected replicas to be " << *n << ", was " << actual << "\n";
            return 1;
        }
    }
    Json next = *live;
    next["spec"]["replicas"] = *replicas;
    if (next != *live) {
        auto r = ctx.engine.update(std::move(next), ctx.request);
        if (!r)
            return ctx.fail(r.error());
    }
    ctx.out << qualifiedName(*t->resource, t->name) << " scaled" << dryRunSuffix(ctx) << "\n";
    return 0;
}

// --- set image / set resources ---------------------------------------------------------------------

int cmdSetImage(Context& ctx)
{
    std::vector<std::string> refs;
    std::vector<std::pair<std::string, std::string>> images;
    for (const std::string& a : ctx.args) {
        auto eq = a.find('=');
        if (eq != std::string::npos)
            images.emplace_back(a.substr(0, eq), a.substr(eq + 1));
        else
            refs.push_back(a);
    }
    if (images.empty())
        return ctx.usage("at least one image update is required");
    int rc = 0;
    auto t = readTarget(ctx, refs, rc);
    if (!t)
        return rc;
    ObjectPtr live = ctx.engine.get(keyFor(ctx, *t));
    if (!live)
        return ctx.fail(notFound(*t->resource, t->name));
    Json next = *live;
    Json* spec = podSpecOf(next);
    if (!spec) {
        ctx.err << "error: " << t->resource->plural << "/" << t->name << " the object is not a pod or does not have a pod template: *"
                << "v1." << t->resource->kind << "\n";
        return 1;
    }
    for (const auto& [container, image] : images) {
        bool found = false;
        for (const char* list : {"initContainers", "containers"}) {
            if (!spec->contains(list))
                continue;
            for (Json& c : (*spec)[list])
                if (container == "*" || c.value("name", "") == container) {
                    c["image"] = image;
                    found = true;
                }
        }
        if (!found) {
            ctx.err << "error: unable to find container named \"" << container << "\"\n";
            return 1;
        }
    }
    return writeUpdate(ctx, *t, *live, std::move(next), "image updated");
}

int cmdSetResources(Context& ctx)
{
    auto limits = ctx.inv.value("limits");
    auto requests = ctx.inv.value("requests");
    if (!limits && !requests)
        return ctx.usage("you must specify an update to requests or limits (in the form of --requests/--limits)");
    int rc = 0;
    auto t = readTarget(ctx, ctx.args, rc);
    if (!t)
        return rc;
    auto parseList = [&](const std::optional<std::string>& text) -> Result<Json> {
        Json out = Json::object();
        if (!text)
            return out;
        for (const std::string& pair : splitOn(*text, ',')) {
            auto eq = pair.find('=');
            if (eq == std::string::npos)
                return core::fail(ErrorCode::Usage, "invalid argument syntax " + pair);
            auto q = Quantity::parse(pair.substr(eq + 1));
            if (!q)
                return core::fail(ErrorCode::Client, q.error().message);
            out[pair.substr(0, eq)] = pair.substr(eq + 1);
        }
        return out;
    };
    auto lim = parseList(limits);
    if (!lim)
        return ctx.fail(lim.error());
    auto req = parseList(requests);
    if (!req)
        return ctx.fail(req.error());
    ObjectPtr live = ctx.engine.get(keyFor(ctx, *t));
    if (!live)
        return ctx.fail(notFound(*t->resource, t->name));
    Json next = *live;
    Json* spec = podSpecOf(next);
    if (!spec) {
        ctx.err << "error: " << t->resource->plural << "/" << t->name << " the object is not a pod or does not have a pod template\n";
        return 1;
    }
    std::string selector = ctx.inv.value("container").value_or("*");
    bool found = false;
    for (const char* list : {"initContainers", "containers"}) {
        if (!spec->contains(list))
            continue;
        for (Json& c : (*spec)[list]) {
            if (selector != "*" && c.value("name", "") != selector)
                continue;
            found = true;
            for (auto it = lim->begin(); it != lim->end(); ++it)
                c["resources"]["limits"][it.key()] = it.value();
            for (auto it = req->begin(); it != req->end(); ++it)
                c["resources"]["requests"][it.key()] = it.value();
        }
    }
    if (!found) {
        ctx.err << "error: unable to find container named " << selector << "\n";
        return 1;
    }
    return writeUpdate(ctx, *t, *live, std::move(next), "resource requirements updated");
}

// --- rollout -------------------------------------------------------------------------------------

int cmdRolloutStatus(Context& ctx)
{
    int rc = 0;
    auto t = readTarget(ctx, ctx.args, rc);
    if (!t)
        return rc;
    if (t->resource->kind != "Deployment") {
        ctx.err << "error: no status viewer has been implemented for " << t->resource->kind << "\n";
        return 1;
    }
    ObjectKey key = keyFor(ctx, *t);
    ObjectPtr live = ctx.engine.get(key);
    if (!live)
        return ctx.fail(notFound(*t->resource, t->name));
    auto revision = intFlag(ctx, "revision", 0, rc);
    if (!revision)
        return rc;
    Duration limit = kHour; // kubectl waits forever; the lab gives up after an hour of virtual time
    if (auto s = ctx.inv.value("timeout")) {
        auto d = parseDuration(*s);
        if (!d)
            return ctx.usage("invalid argument \"" + *s + "\" for \"--timeout\" flag: " + d.error().message);
        if (*d > 0)
            limit = *d;
    }
    bool watch = !ctx.inv.has("watch") || ctx.inv.boolean("watch");

    // kubectl prints a line for every Added/Modified event it watches; the lab prints each
    // distinct line once, while the control plane moves in virtual time.
    std::string last;
    RolloutState state;
    bool finished = false;
    auto observe = [&](const Json& d) {
        if (finished)
            return;
        state = deploymentRolloutState(d, *revision);
        if (!state.error.empty()) {
            finished = true;
            return;
        }
        if (state.message != last) {
            ctx.out << state.message << "\n";
            last = state.message;
        }
        finished = state.done || !watch;
    };
    observe(*live);
    int watcher = ctx.engine.addWatcher([&](const WatchEvent& e) {
        if (e.key == key && e.type != WatchEventType::Deleted && e.object)
            observe(*e.object);
    });
    VirtualTime start = ctx.engine.now();
    while (!finished && ctx.engine.now() - start < limit) {
        Duration left = limit - (ctx.engine.now() - start);
        ctx.engine.settle(left);
        if (finished || ctx.engine.now() - start >= limit)
            break;
        // Settled but not rolled out: nothing moves until the controller checks the progress
        // deadline (or never, when paused).
        ObjectPtr d = ctx.engine.get(key);
        if (!d)
            break;
        auto at = nextProgressCheck(ctx.engine, *d);
        Duration step = at && *at > ctx.engine.now() ? std::min(left, *at - ctx.engine.now()) : left;
        ctx.engine.advance(std::max<Duration>(step, kSecond));
    }
    ctx.engine.removeWatcher(watcher);
    if (!state.error.empty() || !finished) {
        // What the lab did while waiting is kept, as a watching kubectl changes nothing.
        if (auto c = ctx.engine.commit(); !c)
            return ctx.fail(c.error());
        ctx.err << "error: " << (state.error.empty() ? "timed out waiting for the condition" : state.error) << "\n";
        return 1;
    }
    return 0;
}

int cmdRolloutHistory(Context& ctx)
{
    int rc = 0;
    auto t = readTarget(ctx, ctx.args, rc);
    if (!t)
        return rc;
    ObjectPtr live = liveDeployment(ctx, *t, "rollout history", rc);
    if (!live)
        return rc;
    auto revision = intFlag(ctx, "revision", 0, rc);
    if (!revision)
        return rc;
    if (*revision < 0) {
        ctx.err << "error: revision must be a positive integer: " << *revision << "\n";
        return 1;
    }
    auto history = deploymentHistory(ctx.engine, *live);
    std::string name = qualifiedName(*t->resource, t->name);
    if (*revision > 0) {
        auto it = history.find(*revision);
        if (it == history.end()) {
            ctx.err << "error: unable to find the specified revision\n";
            return 1;
        }
        Json templ = it->second["spec"].value("template", Json::object());
        std::string cause =
            stringAt(it->second, Json::json_pointer("/metadata/annotations/kubernetes.io~1change-cause"));
        if (!cause.empty())
            templ["metadata"]["annotations"][kChangeCauseAnnotation] = cause;
        ctx.out << name << " with revision #" << *revision << "\n" << printTemplate(templ) << "\n";
        return 0;
    }
    if (history.empty()) {
        ctx.out << name << " \nNo rollout history found.\n";
        return 0;
    }
    ctx.out << name << " \n" << historyTable(history) << "\n";
    return 0;
}

int cmdRolloutPause(Context& ctx)
{
    int rc = 0;
    auto t = readTarget(ctx, ctx.args, rc);
    if (!t)
        return rc;
    ObjectPtr live = liveDeployment(ctx, *t, "rollout pause", rc);
    if (!live)
        return rc;
    if ((*live)["spec"].value("paused", false)) {
        ctx.err << "error: " << t->resource->qualifiedPlural() << " \"" << t->name << "\" is already paused\n";
        return 1;
    }
    Json next = *live;
    next["spec"]["paused"] = true;
    return writeUpdate(ctx, *t, *live, std::move(next), "paused");
}

int cmdRolloutResume(Context& ctx)
{
    int rc = 0;
    auto t = readTarget(ctx, ctx.args, rc);
    if (!t)
        return rc;
    ObjectPtr live = liveDeployment(ctx, *t, "rollout resume", rc);
    if (!live)
        return rc;
    if (!(*live)["spec"].value("paused", false)) {
        ctx.err << "error: " << t->resource->qualifiedPlural() << " \"" << t->name << "\" is not paused\n";
        return 1;
    }
    Json next = *live;
    next["spec"].erase("paused");
    return writeUpdate(ctx, *t, *live, std::move(next), "resumed");
}

int cmdRolloutRestart(Context& ctx)
{
    int rc = 0;
    auto t = readTarget(ctx, ctx.args, rc);
    if (!t)
        return rc;
    const std::string kind(t->resource->kind);
    if (kind != "Deployment" && kind != "DaemonSet" && kind != "StatefulSet") {
        ctx.err << "error: " << t->resource->plural << " \"" << t->name << "\" restarting is not supported\n";
        return 1;
    }
    ObjectPtr live = ctx.engine.get(keyFor(ctx, *t));
    if (!live)
        return ctx.fail(notFound(*t->resource, t->name));
    if ((*live)["spec"].value("paused", false)) {
        ctx.err << "error: " << t->resource->qualifiedPlural() << " \"" << t->name
                << "\" can't restart paused deployment (run rollout resume first)\n";
        return 1;
    }
    Json next = *live;
    next["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"] =
        ctx.engine.timestampNow();
    return writeUpdate(ctx, *t, *live, std::move(next), "restarted");
}

int cmdRolloutUndo(Context& ctx)
{
    int rc = 0;
    auto t = readTarget(ctx, ctx.args, rc);
    if (!t)
        return rc;
    ObjectPtr live = liveDeployment(ctx, *t, "rollout undo", rc);
    if (!live)
        return rc;
    auto toRevision = intFlag(ctx, "to-revision", 0, rc);
    if (!toRevision)
        return rc;
    if (*toRevision < 0) {
        ctx.err << "error: unable to find specified revision " << *toRevision << " in history\n";
        return 1;
    }
    // deploymentRevision: the asked revision, or the second highest.
    auto history = deploymentHistory(ctx.engine, *live);
    const Json* target = nullptr;
    if (*toRevision > 0) {
        auto it = history.find(*toRevision);
        if (it == history.end()) {
            ctx.err << "error: unable to find specified revision " << *toRevision << " in history\n";
            return 1;
        }
        target = &it->second;
    } else {
        if (history.size() < 2) {
            ctx.err << "error: no rollout history found for deployment \"" << t->name << "\"\n";
            return 1;
        }
        target = &std::prev(history.end(), 2)->second;
    }
    if ((*live)["spec"].value("paused", false)) {
        ctx.err << "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume "
                   "deployment/"
                << t->name << "' and try again\n";
        return 1;
    }
    Json templ = (*target)["spec"].value("template", Json::object());
    std::int64_t revision = replicaSetRevision(*target);
    if (templateWithoutHash(templ) == templateWithoutHash((*live)["spec"].value("template", Json::object()))) {
        ctx.out << qualifiedName(*t->resource, t->name) << " skipped rollback (current template already matches revision "
                << revision << ")\n";
        return 0;
    }
    templ = templateWithoutHash(templ);
    // The Deployment keeps its own skipped annotations and takes the ReplicaSet's others.
    Json annotations = Json::object();
    Json liveAnn = (*live)["metadata"].value("annotations", Json::object());
    const char* skipped[] = {"kubectl.kubernetes.io/last-applied-configuration", kRevisionAnnotation,
                             kRevisionHistoryAnnotation, kDesiredReplicasAnnotation, kMaxReplicasAnnotation,
                             "deprecated.deployment.rollback.to"};
    for (const char* k : skipped)
        if (liveAnn.contains(k))
            annotations[k] = liveAnn[k];
    Json rsAnn = (*target)["metadata"].value("annotations", Json::object());
    for (auto it = rsAnn.begin(); it != rsAnn.end(); ++it)
        if (std::find_if(std::begin(skipped), std::end(skipped), [&](const char* k) { return it.key() == k; }) ==
            std::end(skipped))
            annotations[it.key()] = it.value();
    Json next = *live;
    next["spec"]["template"] = templ;
    if (annotations.empty())
        next["metadata"].erase("annotations");
    else
        next["metadata"]["annotations"] = annotations;
    auto r = ctx.engine.update(std::move(next), ctx.request);
    if (!r) {
        ctx.err << "error: failed restoring revision " << revision << ": " << r.error().toString() << "\n";
        return 1;
    }
    ctx.out << qualifiedName(*t->resource, t->name) << " rolled back" << dryRunSuffix(ctx) << "\n";
    return 0;
}

// --- autoscale -----------------------------------------------------------------------------------

int cmdAutoscale(Context& ctx)
{
    int rc = 0;
    auto t = readTarget(ctx, ctx.args, rc);
    if (!t)
        return rc;
    auto max = intFlag(ctx, "max", -1, rc);
    if (!max)
        return rc;
    auto min = intFlag(ctx, "min", -1, rc);
    if (!min)
        return rc;
    auto cpu = intFlag(ctx, "cpu-percent", -1, rc);
    if (!cpu)
        return rc;
    if (!ctx.inv.has("max"))
        return ctx.usage("required flag(s) \"max\" not set");
    if (*max < 1) {
        ctx.err << "error: --max=MAXPODS is required and must be at least 1, max: " << *max << "\n";
        return 1;
    }
    if (*max < *min) {
        ctx.err << "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: " << *max << ", min: " << *min
                << "\n";
        return 1;
    }
    const std::string kind(t->resource->kind);
    ObjectPtr live = ctx.engine.get(keyFor(ctx, *t));
    if (!live)
        return ctx.fail(notFound(*t->resource, t->name));
    if (kind != "Deployment" && kind != "ReplicaSet" && kind != "StatefulSet" && kind != "ReplicationController") {
        ctx.err << "error: cannot autoscale a " << kind << ": could not find scale subresource for "
                << t->resource->plural << (t->resource->group.empty() ? "" : "." + std::string(t->resource->group))
                << " in discovery information\n";
        return 1;
    }
    std::string name = ctx.inv.value("name").value_or(t->name);
    Json hpa = Json::object();
    hpa["apiVersion"] = "autoscaling/v2";
    hpa["kind"] = "HorizontalPodAutoscaler";
    hpa["metadata"] = Json{{"name", name}, {"namespace", ctx.ns}};
    Json spec = Json::object();
    spec["scaleTargetRef"] = Json{{"apiVersion", (*live).value("apiVersion", "")}, {"kind", kind}, {"name", t->name}};
    if (*min > 0)
        spec["minReplicas"] = *min;
    spec["maxReplicas"] = *max;
    if (*cpu > 0)
        spec["metrics"] = Json::array({Json{
            {"type", "Resource"},
            {"resource", Json{{"name", "cpu"}, {"target", Json{{"type", "Utilization"}, {"averageUtilization", *cpu}}}}}}});
    hpa["spec"] = spec;
    auto r = ctx.engine.create(std::move(hpa), ctx.request);
    if (!r)
        return ctx.fail(r.error());
    ctx.out << "horizontalpodautoscaler.autoscaling/" << name << " autoscaled" << dryRunSuffix(ctx) << "\n";
    return 0;
}

// --- run / expose / create -----------------------------------------------------------------------

int cmdRun(Context& ctx)
{
    if (ctx.args.empty())
        return ctx.usage("NAME is required for run");
    // Flags klab knows for other verbs that kubectl run no longer has (--requests and
    // --limits went in v1.24: set resources, or a manifest).
    for (const char* flag : {"replicas", "requests", "limits"})
        if (ctx.inv.has(flag))
            return ctx.usage(std::string("unknown flag: --") + flag);
    std::string name = ctx.args[0];
    auto image = ctx.inv.value("image");
    if (!image || image->empty())
        return ctx.usage("required flag(s) \"image\" not set");
    std::string restart = ctx.inv.value("restart").value_or("Always");
    if (restart != "Always" && restart != "OnFailure" && restart != "Never") {
        ctx.err << "error: invalid restart policy: " << restart << "\n";
        return 1;
    }
    Json labels = Json{{"run", name}};
    if (auto l = ctx.inv.value("labels")) {
        auto parsed = parseLabels(*l);
        if (!parsed)
            return ctx.fail(parsed.error());
        labels = *parsed;
    }
    Json container = Json{{"name", name}, {"image", *image}};
    std::vector<std::string> extra(ctx.args.begin() + 1, ctx.args.end());
    extra.insert(extra.end(), ctx.inv.afterDashes.begin(), ctx.inv.afterDashes.end());
    if (!extra.empty())
        container[ctx.inv.boolean("command") ? "command" : "args"] = extra;
    if (auto port = ctx.inv.value("port")) {
        auto n = parseInt(*port);
        if (!n) {
            ctx.err << "error: invalid argument \"" << *port << "\" for \"--port\" flag\n";
            return 1;
        }
        container["ports"] = Json::array({Json{{"containerPort", *n}}});
    }
    std::vector<std::string> envs = ctx.inv.values("env");
    if (!envs.empty()) {
        Json list = Json::array();
        for (const std::string& e : envs) {
            auto eq = e.find('=');
            if (eq == std::string::npos) {
                ctx.err << "error: invalid env: " << e << "\n";
                return 1;
            }
            list.push_back(Json{{"name", e.substr(0, eq)}, {"value", e.substr(eq + 1)}});
        }
        container["env"] = list;
    }
    container["resources"] = Json::object();
    Json pod = Json::object();
    pod["apiVersion"] = "v1";
    pod["kind"] = "Pod";
    pod["metadata"] = Json{{"labels", labels}, {"name", name}, {"namespace", ctx.ns}};
    pod["spec"] = Json{{"containers", Json::array({container})}, {"dnsPolicy", "ClusterFirst"}, {"restartPolicy", restart}};
    return createGenerated(ctx, std::move(pod));
}

int cmdExpose(Context& ctx)
{
    int rc = 0;
    auto t = readTarget(ctx, ctx.args, rc);
    if (!t)
        return rc;
    ObjectPtr live = ctx.engine.get(keyFor(ctx, *t));
    if (!live)
        return ctx.fail(notFound(*t->resource, t->name));
    const std::string kind(t->resource->kind);
    // The selector: a pod's labels, a controller's matchLabels, a service's selector.
    Json selector = Json::object();
    if (auto s = ctx.inv.value("selector")) {
        auto parsed = parseLabels(*s);
        if (!parsed)
            return ctx.fail(parsed.error());
        selector = *parsed;
    } else if (kind == "Pod") {
        selector = (*live)["metadata"].value("labels", Json::object());
    } else if (kind == "Service" || kind == "ReplicationController") {
        selector = (*live)["spec"].value("selector", Json::object());
    } else if (kind == "Deployment" || kind == "ReplicaSet") {
        const Json sel = (*live)["spec"].value("selector", Json::object());
        if (sel.contains("matchExpressions") && !sel["matchExpressions"].empty()) {
            ctx.err << "error: couldn't convert expressions - \"" << sel["matchExpressions"].dump()
                    << "\" to map-based selector format\n";
            return 1;
        }
        selector = sel.value("matchLabels", Json::object());
    } else {
        ctx.err << "error: cannot expose a " << kind << "\n";
        return 1;
    }
    if (selector.empty()) {
        ctx.err << "error: couldn't retrieve selectors via --selector flag or introspection: the " << kind
                << " has no labels\n";
        return 1;
    }
    std::vector<std::pair<std::int64_t, std::string>> ports;
    std::string protocol = ctx.inv.value("protocol").value_or("");
    if (auto p = ctx.inv.value("port")) {
        for (const std::string& part : splitOn(*p, ',')) {
            auto n = parseInt(part);
            if (!n) {
                ctx.err << "error: strconv.Atoi: parsing \"" << part << "\": invalid syntax\n";
                return 1;
            }
            ports.emplace_back(*n, protocol.empty() ? "TCP" : protocol);
        }
    } else {
        ports = portsOf(*live);
        if (ports.empty())
            return ctx.usage("couldn't find port via --port flag or introspection\nSee 'klab expose -h' for help and "
                             "examples");
        if (!protocol.empty())
            for (auto& p : ports)
                p.second = protocol;
    }
    std::string name = ctx.inv.value("name").value_or(t->name);
    Json service = Json::object();
    service["apiVersion"] = "v1";
    service["kind"] = "Service";
    Json meta = Json{{"name", name}, {"namespace", ctx.ns}};
    Json labels = (*live)["metadata"].value("labels", Json::object());
    if (auto l = ctx.inv.value("labels")) {
        auto parsed = parseLabels(*l);
        if (!parsed)
            return ctx.fail(parsed.error());
        labels = *parsed;
    }
    if (!labels.empty())
        meta["labels"] = labels;
    service["metadata"] = meta;
    Json spec = Json::object();
    Json portList = Json::array();
    for (std::size_t i = 0; i < ports.size(); ++i) {
        Json p = Json::object();
        if (ports.size() > 1)
            p["name"] = "port-" + std::to_string(i + 1);
        p["port"] = ports[i].first;
        p["protocol"] = ports[i].second;
        if (auto tp = ctx.inv.value("target-port"))
            p["targetPort"] = intOrString(*tp);
        else
            p["targetPort"] = ports[i].first;
        portList.push_back(p);
    }
    spec["ports"] = portList;
    spec["selector"] = selector;
    if (auto type = ctx.inv.value("type"))
        spec["type"] = *type;
    if (auto ip = ctx.inv.value("clusterip"))
        spec["clusterIP"] = *ip;
    service["spec"] = spec;
    auto r = ctx.engine.create(std::move(service), ctx.request);
    if (!r)
        return ctx.fail(r.error());
    ctx.out << "service/" << name << " exposed" << dryRunSuffix(ctx) << "\n";
    return 0;
}

int cmdCreateDeployment(Context& ctx)
{
    if (ctx.args.empty())
        return ctx.usage("NAME is required");
    std::string name = ctx.args[0];
    std::vector<std::string> images = ctx.inv.values("image");
    if (images.empty())
        return ctx.usage("required flag(s) \"image\" not set");
    int rc = 0;
    auto replicas = intFlag(ctx, "replicas", 1, rc);
    if (!replicas)
        return rc;
    auto port = intFlag(ctx, "port", -1, rc);
    if (!port)
        return rc;
    if (images.size() > 1 && !ctx.inv.afterDashes.empty()) {
        ctx.err << "error: cannot specify multiple --image options and command\n";
        return 1;
    }
    Json labels = Json{{"app", name}};
    Json containers = Json::array();
    for (const std::string& image : images) {
        // Retain just the image name, without registry, tag or digest.
        std::string cname = splitOn(image, '/').back();
        cname = cname.substr(0, cname.find(':'));
        cname = cname.substr(0, cname.find('@'));
        if (cname.find_first_of("_.") != std::string::npos) {
            std::replace(cname.begin(), cname.end(), '_', '-');
            std::replace(cname.begin(), cname.end(), '.', '-');
            cname += "-" + ctx.engine.random().nameSuffix(5);
        }
        Json c = Json{{"image", image}, {"name", cname}};
        if (!ctx.inv.afterDashes.empty())
            c["command"] = ctx.inv.afterDashes;
        c["resources"] = Json::object();
        containers.push_back(c);
    }
    if (*port >= 0)
        containers[0]["ports"] = Json::array({Json{{"containerPort", *port}}});
    Json d = Json::object();
    d["apiVersion"] = "apps/v1";
    d["kind"] = "Deployment";
    d["metadata"] = Json{{"labels", labels}, {"name", name}, {"namespace", ctx.ns}};
    d["spec"] = Json{{"replicas", *replicas},
                     {"selector", Json{{"matchLabels", labels}}},
                     {"strategy", Json::object()},
                     {"template", Json{{"metadata", Json{{"labels", labels}}}, {"spec", Json{{"containers", containers}}}}}};
    return createGenerated(ctx, std::move(d));
}

int cmdCreateService(Context& ctx)
{
    if (ctx.args.size() < 2)
        return ctx.usage(ctx.args.empty() ? "you must specify the type of service: clusterip, nodeport, loadbalancer or externalname"
                                          : "NAME is required");
    static const std::map<std::string, std::string> kTypes = {
        {"clusterip", "ClusterIP"}, {"nodeport", "NodePort"}, {"loadbalancer", "LoadBalancer"},
        {"externalname", "ExternalName"}};
    auto type = kTypes.find(ctx.args[0]);
    if (type == kTypes.end())
        return ctx.usage("unknown command \"" + ctx.args[0] + "\" for \"klab create service\"");
    std::string name = ctx.args[1];
    std::string clusterIp = ctx.inv.value("clusterip").value_or("");
    std::vector<std::string> tcp = ctx.inv.values("tcp");
    if (clusterIp == "None" && type->second != "ClusterIP") {
        ctx.err << "error: ClusterIP=None can only be used with ClusterIP service type\n";
        return 1;
    }
    if (clusterIp != "None" && tcp.empty() && type->second != "ExternalName") {
        ctx.err << "error: at least one tcp port specifier must be provided\n";
        return 1;
    }
    std::string externalName = ctx.inv.value("external-name").value_or("");
    if (type->second == "ExternalName" && externalName.empty()) {
        ctx.err << "error: invalid service external name " << externalName << "\n";
        return 1;
    }
    int rc = 0;
    auto nodePort = intFlag(ctx, "node-port", 0, rc);
    if (!nodePort)
        return rc;
    Json ports = Json::array();
    for (std::string spec : tcp) {
        // kubectl takes --tcp as a string slice: commas separate specifiers too.
        for (const std::string& one : splitOn(spec, ',')) {
            auto parts = splitOn(one, ':');
            auto port = parseInt(parts[0]);
            if (!port || parts.size() > 2) {
                ctx.err << "error: " << (port ? "invalid port format " + one
                                              : "strconv.ParseInt: parsing \"" + parts[0] + "\": invalid syntax")
                        << "\n";
                return 1;
            }
            Json p = Json{{"name", parts.size() == 2 ? parts[0] + "-" + parts[1] : parts[0]}};
            p["port"] = *port;
            p["protocol"] = "TCP";
            p["targetPort"] = parts.size() == 2 ? intOrString(parts[1]) : Json(*port);
            if (*nodePort > 0)
                p["nodePort"] = *nodePort;
            ports.push_back(p);
        }
    }
    Json svc = Json::object();
    svc["apiVersion"] = "v1";
    svc["kind"] = "Service";
    svc["metadata"] = Json{{"labels", Json{{"app", name}}}, {"name", name}, {"namespace", ctx.ns}};
    Json spec = Json::object();
    if (!clusterIp.empty())
        spec["clusterIP"] = clusterIp;
    if (!externalName.empty())
        spec["externalName"] = externalName;
    if (!ports.empty())
        spec["ports"] = ports;
    spec["selector"] = Json{{"app", name}};
    spec["type"] = type->second;
    svc["spec"] = spec;
    return createGenerated(ctx, std::move(svc));
}

int cmdCreateNamespace(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.usage("exactly one NAME is required, got " + std::to_string(ctx.args.size()));
    Json ns = Json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", Json{{"name", ctx.args[0]}}},
                   {"spec", Json::object()}};
    return createGenerated(ctx, std::move(ns));
}

/// kubectl create quota (pkg/cmd/create/create_quota.go): `--hard` as resource=quantity
/// pairs, `--scopes` as a comma-separated list.
int cmdCreateQuota(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.usage("exactly one NAME is required, got " + std::to_string(ctx.args.size()));
    Json spec = Json::object();
    if (auto hard = ctx.inv.value("hard"); hard && !hard->empty()) {
        Json list = Json::object();
        std::string_view rest = *hard;
        while (!rest.empty()) {
            std::string_view pair = rest.substr(0, rest.find(','));
            rest = pair.size() < rest.size() ? rest.substr(pair.size() + 1) : std::string_view();
            auto eq = pair.find('=');
            if (eq == std::string_view::npos || eq == 0)
                return ctx.fail(core::makeError(core::ErrorCode::Client, "invalid argument \"" + std::string(pair) +
                                                                          "\" for \"--hard\" flag"));
            auto q = core::Quantity::parse(pair.substr(eq + 1));
            if (!q)
                return ctx.fail(core::makeError(core::ErrorCode::Client, q.error().message));
            list[std::string(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
        }
        spec["hard"] = list;
    }
    if (auto scopes = ctx.inv.value("scopes"); scopes && !scopes->empty()) {
        Json list = Json::array();
        std::string_view rest = *scopes;
        while (!rest.empty()) {
            std::string_view scope = rest.substr(0, rest.find(','));
            rest = scope.size() < rest.size() ? rest.substr(scope.size() + 1) : std::string_view();
            list.push_back(std::string(scope));
        }
        spec["scopes"] = list;
    }
    Json quota = Json{{"apiVersion", "v1"}, {"kind", "ResourceQuota"},
                      {"metadata", Json{{"name", ctx.args[0]}, {"namespace", ctx.ns}}}, {"spec", spec}};
    return createGenerated(ctx, std::move(quota));
}

} // namespace kubelab::cli

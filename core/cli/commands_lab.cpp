// SPDX-License-Identifier: GPL-3.0-or-later
// Lab verbs: add node, advance, history, story.
#include <algorithm>
#include <ostream>

#include "core/api/messages.h"
#include "core/api/quantity.h"
#include "core/cli/cli.h"
#include "core/cli/printers.h"
#include "core/manifest/manifest.h"
#include "core/scheduler/decision.h"
#include "core/scheduler/explanation.h"
#include "core/scheduler/schedulercomponent.h"
#include "core/sim/scenarios.h"

namespace kubelab::cli {

using namespace kubelab::core;

namespace {

Result<Json> parseTaint(const std::string& text)
{
    // key=value:Effect or key:Effect, as kubectl taint.
    auto colon = text.rfind(':');
    if (colon == std::string::npos)
        return core::fail(ErrorCode::Usage, "invalid taint spec: " + text);
    std::string kv = text.substr(0, colon);
    std::string effect = text.substr(colon + 1);
    if (effect != "NoSchedule" && effect != "PreferNoSchedule" && effect != "NoExecute")
        return core::fail(ErrorCode::Usage, "invalid taint spec: " + text +
                                                ", unsupported taint effect");
    Json taint = Json::object();
    auto eq = kv.find('=');
    taint["key"] = kv.substr(0, eq);
    if (eq != std::string::npos)
        taint["value"] = kv.substr(eq + 1);
    taint["effect"] = effect;
    return taint;
}

} // namespace

int cmdAddNode(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.usage("add node takes exactly one NAME");
    const std::string& name = ctx.args.front();
    Json capacity = Json::object();
    for (auto [flag, key, fallback] : {std::tuple{"cpu", "cpu", "4"}, std::tuple{"memory", "memory", "8Gi"},
                                       std::tuple{"pods", "pods", "110"}}) {
        std::string v = ctx.inv.value(flag).value_or(fallback);
        auto q = Quantity::parse(v);
        if (!q)
            return ctx.usage("invalid argument \"" + v + "\" for \"--" + flag + "\" flag: " + q.error().message);
        capacity[key] = q->toString();
    }
    capacity["ephemeral-storage"] = "100Gi";
    Json labels = Json{{"beta.kubernetes.io/arch", "amd64"},
                       {"beta.kubernetes.io/os", "linux"},
                       {"kubernetes.io/arch", "amd64"},
                       {"kubernetes.io/hostname", name},
                       {"kubernetes.io/os", "linux"}};
    if (auto zone = ctx.inv.value("zone"))
        labels["topology.kubernetes.io/zone"] = *zone;
    for (const std::string& l : ctx.inv.values("label")) {
        auto eq = l.find('=');
        if (eq == std::string::npos)
            return ctx.usage("invalid label \"" + l + "\": expected key=value");
        labels[l.substr(0, eq)] = l.substr(eq + 1);
    }
    Json taints = Json::array();
    for (const std::string& t : ctx.inv.values("taint")) {
        auto taint = parseTaint(t);
        if (!taint)
            return ctx.fail(taint.error());
        taints.push_back(*taint);
    }
    Json node = Json{{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", {{"name", name}, {"labels", labels}}}};
    if (!taints.empty())
        node["spec"]["taints"] = taints;
    node["status"] = Json{{"capacity", capacity}, {"allocatable", capacity}};
    auto created = ctx.engine.create(std::move(node), ctx.request);
    if (!created)
        return ctx.fail(created.error());
    ctx.out << "node/" << name << " created\n";
    return 0;
}

int cmdAdvance(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.usage("advance takes exactly one DURATION (e.g. 30s, 5m, 1h)");
    auto d = parseDuration(ctx.args.front());
    if (!d)
        return ctx.fail(d.error());
    if (*d < 0)
        return ctx.usage("the virtual clock only moves forward");
    ctx.engine.advance(*d);
    ctx.out << "advanced " << formatDuration(*d) << "; the lab's clock is at " << ctx.engine.timestampNow() << "\n";
    return 0;
}

int cmdHistory(Context& ctx)
{
    std::int64_t since = 0;
    if (auto s = ctx.inv.value("since")) {
        try {
            since = std::stoll(*s);
        } catch (...) {
            return ctx.usage("invalid argument \"" + *s + "\" for \"--since\" flag");
        }
    }
    std::string output = ctx.inv.value("output").value_or("");
    auto revisions = ctx.engine.lab().revisions(since, false);
    if (!revisions)
        return ctx.fail(revisions.error());
    if (output == "json" || output == "yaml") {
        Json list = Json::array();
        for (const Revision& r : *revisions)
            list.push_back(Json{{"revision", r.revision},
                                {"time", ctx.engine.timestamp(r.time)},
                                {"verb", r.verb},
                                {"kind", r.key.kind},
                                {"namespace", r.key.ns},
                                {"name", r.key.name},
                                {"actor", r.actor}});
        ctx.out << (output == "json" ? toJson(list) : toYaml(list));
        return 0;
    }
    std::vector<std::vector<std::string>> rows = {{"REVISION", "TIME", "VERB", "KIND", "NAMESPACE", "NAME", "ACTOR"}};
    for (const Revision& r : *revisions)
        rows.push_back({std::to_string(r.revision), ctx.engine.timestamp(r.time), r.verb, r.key.kind,
                        r.key.ns.empty() ? "<none>" : r.key.ns, r.key.name, r.actor});
    ctx.out << tabulate(rows);
    return 0;
}

int cmdStory(Context& ctx)
{
    std::int64_t since = 0;
    if (auto s = ctx.inv.value("since")) {
        try {
            since = std::stoll(*s);
        } catch (...) {
            return ctx.usage("invalid argument \"" + *s + "\" for \"--since\" flag");
        }
    }
    auto events = ctx.engine.lab().story(since);
    if (!events)
        return ctx.fail(events.error());
    std::string output = ctx.inv.value("output").value_or("");
    if (output == "json") {
        Json list = Json::array();
        for (const StoryEvent& e : *events)
            list.push_back(Json{{"sequence", e.sequence},
                                {"revision", e.revision},
                                {"time", ctx.engine.timestamp(e.time)},
                                {"component", e.component},
                                {"object", e.object.toString()},
                                {"action", e.action},
                                {"message", e.message},
                                {"data", e.data}});
        ctx.out << toJson(list);
        return 0;
    }
    for (const StoryEvent& e : *events) {
        std::string object = e.object.kind;
        if (!e.object.ns.empty())
            object += " " + e.object.ns + "/" + e.object.name;
        else
            object += " " + e.object.name;
        ctx.out << ctx.engine.timestamp(e.time) << "  " << e.component << "  " << e.action << "  " << object << ": "
                << storyText(e.data, e.message, ctx.language) << "\n";
    }
    return 0;
}

int cmdWhy(Context& ctx)
{
    if (ctx.args.empty())
        return ctx.usage("usage: klab why pod/NAME [-o json]");
    std::string name = ctx.args.front();
    if (name.starts_with("pod/"))
        name = name.substr(4);
    else if (name.starts_with("pods/"))
        name = name.substr(5);
    else if (ctx.args.size() == 2 && (name == "pod" || name == "pods" || name == "po"))
        name = ctx.args[1];
    const ObjectPtr pod = ctx.engine.get(ObjectKey{"Pod", ctx.ns, name});
    if (!pod)
        return ctx.fail(makeError(ErrorCode::NotFound, "pods \"" + name + "\" not found"));
    auto stored = ctx.engine.labSetting(scheduler::SchedulerComponent::decisionKey(ctx.ns, name));
    std::string names;
    if (pod->contains("spec") && pod->at("spec").contains("schedulingGates") && pod->at("spec").at("schedulingGates").is_array())
        for (const Json& gate : pod->at("spec").at("schedulingGates"))
            names += (names.empty() ? "" : ", ") + gate.value("name", "");
    if (!stored && !names.empty()) {
        ctx.err << "error: pod " << ctx.ns << "/" << name << " is SchedulingGated: the scheduler does not try it until "
                << "its scheduling gates are removed (" << names << ")\n";
        return 1;
    }
    if (!stored) {
        ctx.err << "error: the scheduler has made no decision about pod " << ctx.ns << "/" << name
                << " (it was created with spec.nodeName, or names a scheduler that is not running)\n";
        return 1;
    }
    Json decision = scheduler::Decision::expand(*stored);
    if (decision.is_discarded())
        return ctx.fail(makeError(ErrorCode::Lab, "the stored decision is damaged"));
    // Nodes by name (the scheduler visits them round robin from where its last cycle stopped).
    if (decision.contains("nodes") && decision["nodes"].is_array())
        std::stable_sort(decision["nodes"].begin(), decision["nodes"].end(),
                         [](const Json& a, const Json& b) { return a.value("name", "") < b.value("name", ""); });
    std::string output = ctx.inv.value("output").value_or("");
    if (output == "json") {
        ctx.out << decision.dump(2) << "\n";
        return 0;
    }
    ctx.out << formatMessage("why.header",
                             Json{{"pod", decision.value("pod", "")},
                                  {"scheduler", decision.value("schedulerName", "")},
                                  {"result", decision.value("result", "")}},
                             ctx.language)
            << "\n";
    if (!decision.value("selectedNode", "").empty())
        ctx.out << formatMessage("why.selected", Json{{"node", decision.value("selectedNode", "")}}, ctx.language)
                << "\n";
    if (!decision.value("message", "").empty())
        ctx.out << formatMessage("why.message", Json{{"message", decision.value("message", "")}}, ctx.language)
                << "\n";
    std::vector<std::vector<std::string>> rows = {{"NODE", "FEASIBLE", "FILTER", "SCORES (plugin raw/normalized x weight)", "TOTAL"}};
    for (const Json& n : decision.value("nodes", Json::array())) {
        std::string filters;
        for (const Json& f : n.value("filters", Json::array())) {
            std::string reasons;
            for (const Json& r : f.value("reasons", Json::array()))
                reasons += (reasons.empty() ? "" : "; ") + r.get<std::string>();
            filters += (filters.empty() ? "" : ", ") + f.value("plugin", "") + ": " + reasons;
        }
        std::string scores;
        for (const Json& s : n.value("scores", Json::array()))
            scores += (scores.empty() ? "" : ", ") + s.value("plugin", "") + " " + std::to_string(s.value("rawScore", 0)) +
                      "/" + std::to_string(s.value("score", 0)) + "x" + std::to_string(s.value("weight", 1));
        rows.push_back({n.value("name", ""), n.value("feasible", false) ? "yes" : "no", filters.empty() ? "-" : filters,
                        scores.empty() ? "-" : scores,
                        n.contains("totalScore") ? std::to_string(n.value("totalScore", 0)) : "-"});
    }
    ctx.out << tabulate(rows);
    const std::string nominated =
        stringAt(*ctx.engine.get(ObjectKey{"Pod", ctx.ns, name}), Json::json_pointer("/status/nominatedNodeName"));
    ctx.out << "\n" << formatMessage("why.inPlainWords", Json::object(), ctx.language) << "\n";
    for (const std::string& line : scheduler::explainDecision(decision, nominated, ctx.language))
        ctx.out << "  " << line << "\n";
    if (auto legacy = scheduler::legacyNameLines(decision, ctx.language); !legacy.empty()) {
        ctx.out << "\n" << legacy.front() << "\n";
        for (std::size_t i = 1; i < legacy.size(); ++i)
            ctx.out << "  " << legacy[i] << "\n";
    }
    return 0;
}

int cmdScenario(Context& ctx)
{
    if (ctx.args.empty() || ctx.args.front() == "list") {
        std::vector<std::vector<std::string>> rows = {{"NAME", "TITLE"}};
        for (const Scenario& s : listScenarios())
            rows.push_back({s.name, s.title(ctx.language)});
        ctx.out << tabulate(rows);
        return 0;
    }
    if (ctx.args.front() == "load" && ctx.args.size() == 2) {
        if (auto s = loadScenario(ctx.engine, ctx.args[1]); !s)
            return ctx.fail(s.error());
        ctx.out << "scenario " << ctx.args[1] << " loaded into " << ctx.engine.lab().path() << "\n";
        return 0;
    }
    return ctx.usage("usage: klab scenario list | klab scenario load NAME");
}

} // namespace kubelab::cli

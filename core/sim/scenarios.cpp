// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/scenarios.h"

#include "core/manifest/manifest.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

Result<std::vector<Document>> decodeScenario(const ScenarioSource& source)
{
    return decodeManifests(source.yaml, "scenario " + std::string(source.name));
}

} // namespace

std::vector<Scenario> listScenarios()
{
    std::vector<Scenario> out;
    for (const ScenarioSource& s : scenarioSources()) {
        auto docs = decodeScenario(s);
        Scenario sc;
        sc.name = std::string(s.name);
        if (docs)
            for (const Document& d : *docs)
                if (kindOf(d.object) == "Scenario") {
                    sc.titleEnglish = stringAt(d.object, Json::json_pointer("/title/en"));
                    sc.titleChinese = stringAt(d.object, Json::json_pointer("/title/zh_CN"));
                }
        out.push_back(std::move(sc));
    }
    return out;
}

Status loadScenario(Engine& engine, std::string_view name)
{
    for (const ScenarioSource& s : scenarioSources()) {
        if (s.name != name)
            continue;
        auto docs = decodeScenario(s);
        if (!docs)
            return fail(docs.error());
        RequestContext ctx;
        for (Document& d : *docs) {
            if (kindOf(d.object) == "Scenario")
                continue;
            auto r = engine.apply(std::move(d.object), ctx);
            if (!r)
                return fail(r.error());
        }
        return {};
    }
    std::string known;
    for (const ScenarioSource& s : scenarioSources())
        known += (known.empty() ? "" : ", ") + std::string(s.name);
    return fail(ErrorCode::Client, "unknown scenario \"" + std::string(name) + "\"; built-in scenarios: " + known);
}

} // namespace kubelab::core

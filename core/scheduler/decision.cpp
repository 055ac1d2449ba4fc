// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/decision.h"

namespace kubelab::scheduler {

core::Json Decision::toJson() const
{
    using core::Json;
    Json out = Json::object();
    out["pod"] = pod;
    out["schedulerName"] = schedulerName;
    out["result"] = result;
    out["selectedNode"] = selectedNode;
    out["message"] = message;
    Json list = Json::array();
    for (const NodeRecord& node : nodes) {
        Json n = Json::object();
        n["name"] = node.name;
        n["feasible"] = node.feasible;
        Json filters = Json::array();
        for (const FilterVerdict& f : node.filters) {
            Json reasons = Json::array();
            for (const std::string& r : f.reasons)
                reasons.push_back(r);
            filters.push_back(Json{{"plugin", std::string(f.plugin)},
                                   {"code", std::string(codeName(f.code))},
                                   {"reasons", std::move(reasons)}});
        }
        n["filters"] = std::move(filters);
        Json scores = Json::array();
        for (const PluginScore& s : scoresOf(node))
            scores.push_back(Json{{"plugin", std::string(s.plugin)},
                                  {"rawScore", s.rawScore},
                                  {"score", s.score},
                                  {"weight", s.weight}});
        n["scores"] = std::move(scores);
        if (node.totalScore)
            n["totalScore"] = *node.totalScore;
        list.push_back(std::move(n));
    }
    out["nodes"] = std::move(list);
    return out;
}

} // namespace kubelab::scheduler

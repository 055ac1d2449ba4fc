// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/decision.h"

#include <cstdio>

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

namespace {

/// A JSON string as nlohmann's dump() writes it (UTF-8 kept, control characters escaped).
void appendString(std::string& out, std::string_view text)
{
    out += '"';
    std::size_t plain = 0; // start of the run of characters copied as they are
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(text.substr(plain, i - plain));
        plain = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\u%04x", c);
            out += hex;
        }
        }
    }
    out.append(text.substr(plain));
    out += '"';
}

void appendMember(std::string& out, std::string_view key, std::string_view value)
{
    appendString(out, key);
    out += ':';
    appendString(out, value);
}

} // namespace

std::string Decision::storedText() const
{
    // The tables: plugin names (each with its weight) and filter reasons, by first use.
    std::vector<std::string_view> plugins;
    std::vector<std::int64_t> weights;
    std::vector<std::string_view> reasons;
    const auto indexOf = [](auto& table, auto value) {
        for (std::size_t i = 0; i < table.size(); ++i)
            if (table[i] == value)
                return i;
        table.push_back(value);
        return table.size() - 1;
    };
    std::string body;
    body.reserve(64 + nodes.size() * 48);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const NodeRecord& node = nodes[i];
        body += i > 0 ? ",[" : "[";
        appendString(body, node.name);
        body += node.feasible ? ",1,[" : ",0,[";
        for (std::size_t f = 0; f < node.filters.size(); ++f) {
            const FilterVerdict& verdict = node.filters[f];
            const std::size_t plugin = indexOf(plugins, verdict.plugin);
            if (plugin == weights.size())
                weights.push_back(0);
            body += (f > 0 ? ",[" : "[") + std::to_string(plugin) + ',' +
                    std::to_string(static_cast<int>(verdict.code)) + ",[";
            for (std::size_t r = 0; r < verdict.reasons.size(); ++r)
                body += (r > 0 ? "," : "") + std::to_string(indexOf(reasons, std::string_view(verdict.reasons[r])));
            body += "]]";
        }
        body += "],[";
        bool first = true;
        for (const PluginScore& score : scoresOf(node)) {
            const std::size_t plugin = indexOf(plugins, score.plugin);
            if (plugin == weights.size())
                weights.push_back(score.weight);
            weights[plugin] = score.weight;
            body += (first ? "" : ",") + std::to_string(plugin) + ',' + std::to_string(score.rawScore) + ',' +
                    std::to_string(score.score);
            first = false;
        }
        body += ']';
        if (node.totalScore)
            body += ',' + std::to_string(*node.totalScore);
        body += ']';
    }
    std::string out;
    out.reserve(body.size() + 256);
    out += "{\"v\":2,";
    appendMember(out, "pod", pod);
    out += ',';
    appendMember(out, "schedulerName", schedulerName);
    out += ',';
    appendMember(out, "result", result);
    out += ',';
    appendMember(out, "selectedNode", selectedNode);
    out += ',';
    appendMember(out, "message", message);
    out += ",\"plugins\":[";
    for (std::size_t i = 0; i < plugins.size(); ++i) {
        if (i > 0)
            out += ',';
        appendString(out, plugins[i]);
    }
    out += "],\"weights\":[";
    for (std::size_t i = 0; i < weights.size(); ++i)
        out += (i > 0 ? "," : "") + std::to_string(weights[i]);
    out += "],\"reasons\":[";
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        if (i > 0)
            out += ',';
        appendString(out, reasons[i]);
    }
    out += "],\"nodes\":[";
    out += body;
    out += "]}";
    return out;
}

core::Json Decision::expand(std::string_view stored)
{
    using core::Json;
    Json in = Json::parse(stored, nullptr, false);
    if (!in.is_object() || in.value("v", 0) != 2)
        return in; // the document itself, or discarded
    try {
        const Json& plugins = in.at("plugins");
        const Json& weights = in.at("weights");
        const Json& reasons = in.at("reasons");
        Json out = Json::object();
        for (const char* key : {"pod", "schedulerName", "result", "selectedNode", "message"})
            out[key] = in.at(key);
        Json list = Json::array();
        for (const Json& n : in.at("nodes")) {
            Json node = Json::object();
            node["name"] = n.at(0);
            node["feasible"] = n.at(1).get<int>() != 0;
            Json filters = Json::array();
            for (const Json& f : n.at(2)) {
                Json why = Json::array();
                for (const Json& r : f.at(2))
                    why.push_back(reasons.at(r.get<std::size_t>()));
                filters.push_back(Json{{"plugin", plugins.at(f.at(0).get<std::size_t>())},
                                       {"code", std::string(codeName(static_cast<Code>(f.at(1).get<int>())))},
                                       {"reasons", std::move(why)}});
            }
            node["filters"] = std::move(filters);
            Json scores = Json::array();
            const Json& flat = n.at(3);
            for (std::size_t i = 0; i + 2 < flat.size(); i += 3) {
                const auto plugin = flat.at(i).get<std::size_t>();
                scores.push_back(Json{{"plugin", plugins.at(plugin)},
                                      {"rawScore", flat.at(i + 1)},
                                      {"score", flat.at(i + 2)},
                                      {"weight", weights.at(plugin)}});
            }
            node["scores"] = std::move(scores);
            if (n.size() > 4)
                node["totalScore"] = n.at(4);
            list.push_back(std::move(node));
        }
        out["nodes"] = std::move(list);
        return out;
    } catch (const std::exception&) {
        return Json(Json::value_t::discarded);
    }
}

} // namespace kubelab::scheduler

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

void appendMember(std::string& out, std::string_view key, std::int64_t value)
{
    appendString(out, key);
    out += ':';
    out += std::to_string(value);
}

} // namespace

std::string Decision::toJsonText() const
{
    std::string out;
    out.reserve(128 + nodes.size() * 256);
    out += '{';
    appendMember(out, "pod", pod);
    out += ',';
    appendMember(out, "schedulerName", schedulerName);
    out += ',';
    appendMember(out, "result", result);
    out += ',';
    appendMember(out, "selectedNode", selectedNode);
    out += ',';
    appendMember(out, "message", message);
    out += ",\"nodes\":[";
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const NodeRecord& node = nodes[i];
        if (i > 0)
            out += ',';
        out += '{';
        appendMember(out, "name", node.name);
        out += node.feasible ? ",\"feasible\":true" : ",\"feasible\":false";
        out += ",\"filters\":[";
        for (std::size_t f = 0; f < node.filters.size(); ++f) {
            const FilterVerdict& verdict = node.filters[f];
            out += f > 0 ? ",{" : "{";
            appendMember(out, "plugin", verdict.plugin);
            out += ',';
            appendMember(out, "code", codeName(verdict.code));
            out += ",\"reasons\":[";
            for (std::size_t r = 0; r < verdict.reasons.size(); ++r) {
                if (r > 0)
                    out += ',';
                appendString(out, verdict.reasons[r]);
            }
            out += "]}";
        }
        out += "],\"scores\":[";
        bool first = true;
        for (const PluginScore& s : scoresOf(node)) {
            out += first ? "{" : ",{";
            first = false;
            appendMember(out, "plugin", s.plugin);
            out += ',';
            appendMember(out, "rawScore", s.rawScore);
            out += ',';
            appendMember(out, "score", s.score);
            out += ',';
            appendMember(out, "weight", s.weight);
            out += '}';
        }
        out += ']';
        if (node.totalScore) {
            out += ',';
            appendMember(out, "totalScore", *node.totalScore);
        }
        out += '}';
    }
    out += "]}";
    return out;
}

} // namespace kubelab::scheduler

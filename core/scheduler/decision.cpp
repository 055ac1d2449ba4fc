// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/decision.h"

#include <charconv>
#include <cstdio>
#include <unordered_map>

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

/// A number as std::to_string writes it, appended without a temporary string (a decision
/// has a dozen numbers per node).
template <typename T>
void appendNumber(std::string& out, T value)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
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
    // Each node is its name and a row: whether it fits, its filter verdicts, its scores and
    // total. Rows are kept once: in a cluster of like nodes most nodes share one (the same
    // free room gets the same scores), so a node costs its name and a number.
    std::string rows;
    std::string names;
    std::unordered_map<std::string, std::size_t> rowIndex;
    std::string row;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const NodeRecord& node = nodes[i];
        row.assign(node.feasible ? "[1,[" : "[0,[");
        for (std::size_t f = 0; f < node.filters.size(); ++f) {
            const FilterVerdict& verdict = node.filters[f];
            const std::size_t plugin = indexOf(plugins, verdict.plugin);
            if (plugin == weights.size())
                weights.push_back(0);
            row += f > 0 ? ",[" : "[";
            appendNumber(row, plugin);
            row += ',';
            appendNumber(row, static_cast<int>(verdict.code));
            row += ",[";
            for (std::size_t r = 0; r < verdict.reasons.size(); ++r) {
                if (r > 0)
                    row += ',';
                appendNumber(row, indexOf(reasons, std::string_view(verdict.reasons[r])));
            }
            row += "]]";
        }
        row += "],[";
        bool first = true;
        for (const PluginScore& score : scoresOf(node)) {
            const std::size_t plugin = indexOf(plugins, score.plugin);
            if (plugin == weights.size())
                weights.push_back(score.weight);
            weights[plugin] = score.weight;
            if (!first)
                row += ',';
            appendNumber(row, plugin);
            row += ',';
            appendNumber(row, score.rawScore);
            row += ',';
            appendNumber(row, score.score);
            first = false;
        }
        row += ']';
        if (node.totalScore) {
            row += ',';
            appendNumber(row, *node.totalScore);
        }
        row += ']';
        const auto [it, added] = rowIndex.try_emplace(row, rowIndex.size());
        if (added) {
            if (!rows.empty())
                rows += ',';
            rows += row;
        }
        if (i > 0)
            names += ',';
        appendString(names, node.name);
        names += ',';
        appendNumber(names, it->second);
    }
    std::string out;
    out.reserve(rows.size() + names.size() + 256);
    out += "{\"v\":3,";
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
    out += "],\"rows\":[";
    out += rows;
    out += "],\"nodes\":[";
    out += names;
    out += "]}";
    return out;
}

core::Json Decision::expand(std::string_view stored)
{
    using core::Json;
    Json in = Json::parse(stored, nullptr, false);
    const int version = in.is_object() ? in.value("v", 0) : 0;
    if (version != 2 && version != 3)
        return in; // the document itself, or discarded
    try {
        const Json& plugins = in.at("plugins");
        const Json& weights = in.at("weights");
        const Json& reasons = in.at("reasons");
        Json out = Json::object();
        for (const char* key : {"pod", "schedulerName", "result", "selectedNode", "message"})
            out[key] = in.at(key);
        // A node from its name and its row (from `at` on: fits, filters, scores, total).
        const auto nodeOf = [&](const Json& name, const Json& row, std::size_t at) {
            Json node = Json::object();
            node["name"] = name;
            node["feasible"] = row.at(at).get<int>() != 0;
            Json filters = Json::array();
            for (const Json& f : row.at(at + 1)) {
                Json why = Json::array();
                for (const Json& r : f.at(2))
                    why.push_back(reasons.at(r.get<std::size_t>()));
                filters.push_back(Json{{"plugin", plugins.at(f.at(0).get<std::size_t>())},
                                       {"code", std::string(codeName(static_cast<Code>(f.at(1).get<int>())))},
                                       {"reasons", std::move(why)}});
            }
            node["filters"] = std::move(filters);
            Json scores = Json::array();
            const Json& flat = row.at(at + 2);
            for (std::size_t i = 0; i + 2 < flat.size(); i += 3) {
                const auto plugin = flat.at(i).get<std::size_t>();
                scores.push_back(Json{{"plugin", plugins.at(plugin)},
                                      {"rawScore", flat.at(i + 1)},
                                      {"score", flat.at(i + 2)},
                                      {"weight", weights.at(plugin)}});
            }
            node["scores"] = std::move(scores);
            if (row.size() > at + 3)
                node["totalScore"] = row.at(at + 3);
            return node;
        };
        Json list = Json::array();
        const Json& nodes = in.at("nodes");
        if (version == 2) {
            // Each node an array of its own: name, fits, filters, scores, total.
            for (const Json& n : nodes)
                list.push_back(nodeOf(n.at(0), n, 1));
        } else {
            // Names and row numbers in turn; the rows once each.
            const Json& rows = in.at("rows");
            if (nodes.size() % 2 != 0)
                return Json(Json::value_t::discarded);
            for (std::size_t i = 0; i < nodes.size(); i += 2)
                list.push_back(nodeOf(nodes.at(i), rows.at(nodes.at(i + 1).get<std::size_t>()), 0));
        }
        out["nodes"] = std::move(list);
        return out;
    } catch (const std::exception&) {
        return Json(Json::value_t::discarded);
    }
}

} // namespace kubelab::scheduler

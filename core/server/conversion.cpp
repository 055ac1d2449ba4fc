// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/conversion.h"

#include <algorithm>
#include <array>

namespace kubelab::core::server {

namespace {

constexpr const char* kConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";

/// The Resource cpu metric's `field` (`target` in spec.metrics, `current` in
/// status.currentMetrics) `averageUtilization`, if one of the metrics has it.
std::optional<Json> cpuUtilization(const Json& metrics, const char* field)
{
    if (!metrics.is_array())
        return std::nullopt;
    for (const Json& m : metrics) {
        if (m.value("type", "") != "Resource" || !m.contains("resource") || !m["resource"].is_object())
            continue;
        const Json& r = m["resource"];
        if (r.value("name", "") != "cpu" || !r.contains(field) || !r[field].is_object())
            continue;
        if (r[field].contains("averageUtilization"))
            return r[field]["averageUtilization"];
    }
    return std::nullopt;
}

Json hpaToV1(const Json& stored)
{
    Json out = stored;
    out["apiVersion"] = "autoscaling/v1";
    const Json spec = stored.value("spec", Json::object());
    Json v1spec = Json::object();
    for (const char* field : {"scaleTargetRef", "minReplicas", "maxReplicas"})
        if (spec.contains(field))
            v1spec[field] = spec[field];
    if (auto cpu = cpuUtilization(spec.value("metrics", Json::array()), "target"))
        v1spec["targetCPUUtilizationPercentage"] = *cpu;
    out["spec"] = v1spec;
    if (stored.contains("status") && stored["status"].is_object()) {
        const Json& status = stored["status"];
        Json v1status = Json::object();
        for (const char* field : {"observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas"})
            if (status.contains(field))
                v1status[field] = status[field];
        if (auto cpu = cpuUtilization(status.value("currentMetrics", Json::array()), "current"))
            v1status["currentCPUUtilizationPercentage"] = *cpu;
        out["status"] = v1status;
        if (status.contains("conditions") && status["conditions"].is_array() && !status["conditions"].empty()) {
            // json.Marshal of []HorizontalPodAutoscalerCondition: the fields in the struct's order.
            nlohmann::ordered_json conditions = nlohmann::ordered_json::array();
            for (const Json& c : status["conditions"]) {
                nlohmann::ordered_json o = nlohmann::ordered_json::object();
                for (const char* field : {"type", "status", "lastTransitionTime", "reason", "message"})
                    if (c.contains(field))
                        o[field] = nlohmann::ordered_json::parse(c[field].dump());
                conditions.push_back(std::move(o));
            }
            out["metadata"]["annotations"][kConditionsAnnotation] = conditions.dump();
        }
    }
    return out;
}

Json hpaFromV1(const Json& older)
{
    Json out = older;
    out["apiVersion"] = "autoscaling/v2";
    if (out.contains("metadata") && out["metadata"].is_object() && out["metadata"].contains("annotations") &&
        out["metadata"]["annotations"].is_object()) {
        // The annotations that carry what v1 cannot say are the conversion's, not the user's.
        Json& annotations = out["metadata"]["annotations"];
        for (auto it = annotations.begin(); it != annotations.end();)
            it = it.key().starts_with("autoscaling.alpha.kubernetes.io/") ? annotations.erase(it) : std::next(it);
        if (annotations.empty())
            out["metadata"].erase("annotations");
    }
    if (older.contains("spec") && older["spec"].is_object()) {
        Json spec = older["spec"];
        if (spec.contains("targetCPUUtilizationPercentage")) {
            spec["metrics"] = Json::array(
                {Json{{"type", "Resource"},
                      {"resource", Json{{"name", "cpu"},
                                        {"target", Json{{"type", "Utilization"},
                                                        {"averageUtilization", spec["targetCPUUtilizationPercentage"]}}}}}}});
            spec.erase("targetCPUUtilizationPercentage");
        }
        out["spec"] = spec;
    }
    if (older.contains("status") && older["status"].is_object()) {
        Json status = older["status"];
        if (status.contains("currentCPUUtilizationPercentage")) {
            status["currentMetrics"] = Json::array(
                {Json{{"type", "Resource"},
                      {"resource", Json{{"name", "cpu"},
                                        {"current", Json{{"averageUtilization", status["currentCPUUtilizationPercentage"]}}}}}}});
            status.erase("currentCPUUtilizationPercentage");
        }
        out["status"] = status;
    }
    return out;
}

const std::array<OlderVersion, 1>& olderVersions()
{
    static const std::array<OlderVersion, 1> versions = {
        OlderVersion{"autoscaling", "v1", "horizontalpodautoscalers", findResourceByKind("HorizontalPodAutoscaler"),
                     hpaToV1, hpaFromV1},
    };
    return versions;
}

} // namespace

const OlderVersion* olderVersion(std::string_view group, std::string_view version, std::string_view plural)
{
    for (const OlderVersion& v : olderVersions())
        if (v.group == group && v.version == version && v.plural == plural && v.stored)
            return &v;
    return nullptr;
}

std::vector<const OlderVersion*> olderVersionsOf(std::string_view group)
{
    std::vector<const OlderVersion*> out;
    for (const OlderVersion& v : olderVersions())
        if (v.group == group && v.stored)
            out.push_back(&v);
    return out;
}

} // namespace kubelab::core::server

// SPDX-License-Identifier: GPL-3.0-or-later
// After upstream's pkg/controller/podautoscaler/horizontal.go and replica_calculator.go (v1.31).
#include "core/controllers/hpa.h"

#include <algorithm>
#include <climits>
#include <cmath>

#include "core/api/labels.h"
#include "core/api/quantity.h"
#include "core/node/usage.h"
#include "core/sim/engine.h"

namespace kubelab::core {

// The replica calculator -----------------------------------------------------------------

Result<ReplicaCalculation> calculateResourceReplicas(std::int32_t currentReplicas, std::int64_t target, HpaTargetType type,
                                                     const std::string& resource, const std::vector<HpaPodSample>& pods,
                                                     VirtualTime now)
{
    std::map<std::string, std::int64_t> metrics;
    for (const HpaPodSample& p : pods)
        if (p.usage)
            metrics[p.name] = *p.usage;
    if (metrics.empty())
        return fail(ErrorCode::Invalid,
                    "unable to get metrics for resource " + resource + ": no metrics returned from resource metrics API");
    if (pods.empty())
        return fail(ErrorCode::Invalid, "no pods returned by selector while calculating replica count");

    // groupPods
    std::int32_t readyPodCount = 0;
    std::set<std::string> unready, missing, ignored;
    for (const HpaPodSample& p : pods) {
        if (p.deleting || p.phase == "Failed") {
            ignored.insert(p.name);
            continue;
        }
        if (p.phase == "Pending") {
            unready.insert(p.name);
            continue;
        }
        if (!p.usage) {
            missing.insert(p.name);
            continue;
        }
        if (resource == "cpu") {
            bool isUnready = false;
            if (!p.ready || !p.startTime) {
                isUnready = true;
            } else if (*p.startTime + kHpaCpuInitializationPeriod > now) {
                // Within the initialization period: unready, or one metrics window not yet
                // collected since the last readiness change.
                isUnready = *p.ready == "False" || now < p.readyTransition + kMetricsWindow;
            } else {
                // Unready and never ready.
                isUnready = *p.ready == "False" && *p.startTime + kHpaInitialReadinessDelay > p.readyTransition;
            }
            if (isUnready) {
                unready.insert(p.name);
                continue;
            }
        }
        ++readyPodCount;
    }
    for (const std::string& n : ignored)
        metrics.erase(n);
    for (const std::string& n : unready)
        metrics.erase(n);
    if (metrics.empty())
        return fail(ErrorCode::Invalid, "did not receive metrics for targeted pods (pods might be unready)");

    std::map<std::string, std::int64_t> requests;
    if (type == HpaTargetType::Utilization)
        for (const HpaPodSample& p : pods) {
            if (!p.request)
                return fail(ErrorCode::Invalid, "missing request for " + resource + " in container " +
                                                    p.containerWithoutRequest + " of Pod " + p.name);
            requests[p.name] = *p.request;
        }

    struct Ratio {
        double ratio = 0;
        std::int32_t utilization = 0;
        std::int64_t raw = 0;
    };
    auto ratioOf = [&](const std::map<std::string, std::int64_t>& m) -> Result<Ratio> {
        if (type == HpaTargetType::AverageValue) {
            std::int64_t total = 0;
            for (const auto& [n, v] : m)
                total += v;
            std::int64_t average = total / static_cast<std::int64_t>(m.size());
            return Ratio{static_cast<double>(average) / static_cast<double>(target), 0, average};
        }
        // metricsclient.GetResourceUtilizationRatio
        std::int64_t metricsTotal = 0, requestsTotal = 0, entries = 0;
        for (const auto& [n, v] : m) {
            auto it = requests.find(n);
            if (it == requests.end())
                continue;
            metricsTotal += v;
            requestsTotal += it->second;
            ++entries;
        }
        if (requestsTotal == 0)
            return fail(ErrorCode::Invalid, "no metrics returned matched known pods");
        auto utilization = static_cast<std::int32_t>((metricsTotal * 100) / requestsTotal);
        return Ratio{static_cast<double>(utilization) / static_cast<double>(target), utilization, metricsTotal / entries};
    };

    auto first = ratioOf(metrics);
    if (!first)
        return fail(first.error());
    const double usageRatio = first->ratio;
    const bool scaleUpWithUnready = !unready.empty() && usageRatio > 1.0;
    if (!scaleUpWithUnready && missing.empty()) {
        if (std::abs(1.0 - usageRatio) <= kHpaTolerance)
            return ReplicaCalculation{currentReplicas, first->utilization, first->raw};
        return ReplicaCalculation{static_cast<std::int32_t>(std::ceil(usageRatio * readyPodCount)), first->utilization,
                                  first->raw};
    }
    if (!missing.empty()) {
        for (const std::string& n : missing) {
            if (usageRatio < 1.0)
                metrics[n] = type == HpaTargetType::AverageValue
                                 ? target
                                 : requests[n] * std::max<std::int64_t>(100, target) / 100;
            else if (usageRatio > 1.0)
                metrics[n] = 0;
        }
    }
    if (scaleUpWithUnready)
        for (const std::string& n : unready)
            metrics[n] = 0;
    auto second = ratioOf(metrics);
    if (!second)
        return fail(second.error());
    const double newUsageRatio = second->ratio;
    if (std::abs(1.0 - newUsageRatio) <= kHpaTolerance || (usageRatio < 1.0 && newUsageRatio > 1.0) ||
        (usageRatio > 1.0 && newUsageRatio < 1.0))
        return ReplicaCalculation{currentReplicas, first->utilization, first->raw};
    auto newReplicas = static_cast<std::int32_t>(std::ceil(newUsageRatio * static_cast<double>(metrics.size())));
    if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas))
        return ReplicaCalculation{currentReplicas, first->utilization, first->raw};
    return ReplicaCalculation{newReplicas, first->utilization, first->raw};
}

// The controller ----------------------------------------------------------------------------

namespace {

RequestContext hpaContext()
{
    return RequestContext::controller("horizontal-pod-autoscaler", "horizontal-pod-autoscaler");
}

std::int64_t integerAt(const Json& j, const char* field, std::int64_t fallback)
{
    return j.is_object() && j.contains(field) && j[field].is_number_integer() ? j[field].get<std::int64_t>() : fallback;
}

void setCondition(Json& status, const std::string& type, const std::string& value, const std::string& reason,
                  const std::string& message, const std::string& now)
{
    if (!status.contains("conditions") || !status["conditions"].is_array())
        status["conditions"] = Json::array();
    for (Json& c : status["conditions"]) {
        if (c.value("type", "") != type)
            continue;
        if (c.value("status", "") != value)
            c["lastTransitionTime"] = now;
        c["message"] = message;
        c["reason"] = reason;
        c["status"] = value;
        return;
    }
    status["conditions"].push_back(
        Json{{"lastTransitionTime", now}, {"message", message}, {"reason", reason}, {"status", value}, {"type", type}});
}

/// The controller's memory of one autoscaler, kept with the lab.
struct Memory {
    std::vector<std::pair<VirtualTime, std::int32_t>> recommendations;
    std::vector<std::pair<VirtualTime, std::int32_t>> scaleUp;
    std::vector<std::pair<VirtualTime, std::int32_t>> scaleDown;
};

std::string memoryKey(const Json& hpa)
{
    return "hpa-controller/" + namespaceOf(hpa) + "/" + nameOf(hpa) + "/" + uidOf(hpa);
}

Memory loadMemory(const Engine& engine, const Json& hpa)
{
    Memory m;
    auto text = engine.labSetting(memoryKey(hpa));
    if (!text)
        return m;
    Json j = Json::parse(*text, nullptr, false);
    if (!j.is_object())
        return m;
    auto read = [&](const char* field, std::vector<std::pair<VirtualTime, std::int32_t>>& out) {
        if (j.contains(field) && j[field].is_array())
            for (const Json& e : j[field])
                if (e.is_array() && e.size() == 2)
                    out.emplace_back(e[0].get<VirtualTime>(), e[1].get<std::int32_t>());
    };
    read("recommendations", m.recommendations);
    read("scaleUp", m.scaleUp);
    read("scaleDown", m.scaleDown);
    return m;
}

void saveMemory(Engine& engine, const Json& hpa, const Memory& m)
{
    Json j = Json::object();
    auto write = [&](const char* field, const std::vector<std::pair<VirtualTime, std::int32_t>>& in) {
        Json a = Json::array();
        for (const auto& [t, v] : in)
            a.push_back(Json::array({t, v}));
        j[field] = a;
    };
    write("recommendations", m.recommendations);
    write("scaleUp", m.scaleUp);
    write("scaleDown", m.scaleDown);
    engine.setLabSetting(memoryKey(hpa), j.dump());
}

std::int32_t changeInPeriod(std::int64_t periodSeconds, const std::vector<std::pair<VirtualTime, std::int32_t>>& events,
                            VirtualTime now)
{
    std::int32_t change = 0;
    for (const auto& [t, n] : events)
        if (t > now - periodSeconds * kSecond)
            change += n;
    return change;
}

std::int32_t toInt32(std::int64_t v)
{
    return static_cast<std::int32_t>(std::clamp<std::int64_t>(v, INT32_MIN, INT32_MAX));
}

} // namespace

void HorizontalPodAutoscalerController::start(Engine& engine)
{
    m_engine = &engine;
    m_scheduled.clear();
    for (const ObjectPtr& h : engine.list("HorizontalPodAutoscaler"))
        scheduleNext(keyOf(*h), engine.virtualTimeOf(stringAt(*h, Json::json_pointer("/metadata/creationTimestamp"))));
}

void HorizontalPodAutoscalerController::onEvent(const WatchEvent& event)
{
    if (event.key.kind == "HorizontalPodAutoscaler" && event.type == WatchEventType::Added)
        scheduleNext(event.key, m_engine->virtualTimeOf(stringAt(*event.object, Json::json_pointer("/metadata/creationTimestamp"))));
}

void HorizontalPodAutoscalerController::scheduleNext(const ObjectKey& key, VirtualTime created)
{
    // Every HPA is processed once per sync period from its creation (upstream's queue adds
    // each key with the resync period as delay).
    const VirtualTime now = m_engine->now();
    VirtualTime at = created + ((std::max<VirtualTime>(0, now - created)) / kHpaSyncPeriod + 1) * kHpaSyncPeriod;
    if (!m_scheduled.insert({key, at}).second)
        return;
    m_engine->schedule(at, [this, key, created, at] {
        m_scheduled.erase({key, at});
        ObjectPtr hpa = m_engine->get(key);
        if (!hpa || m_engine->virtualTimeOf(stringAt(*hpa, Json::json_pointer("/metadata/creationTimestamp"))) != created)
            return;
        sync(key);
        scheduleNext(key, created);
    }, Wake::Background);
}

void HorizontalPodAutoscalerController::sync(const ObjectKey& key)
{
    ObjectPtr live = m_engine->get(key);
    if (!live || isBeingDeleted(*live))
        return;
    const Json& hpa = *live;
    const VirtualTime now = m_engine->now();
    const std::string nowText = m_engine->timestampNow();
    Json next = hpa;
    Json& status = next["status"];
    if (!status.is_object())
        status = Json::object();
    const Json& spec = hpa["spec"];
    const Json ref = spec.value("scaleTargetRef", Json::object());
    const std::string kind = ref.value("kind", "");
    const std::string targetName = ref.value("name", "");
    const std::int32_t minReplicas = toInt32(integerAt(spec, "minReplicas", 1));
    const std::int32_t maxReplicas = toInt32(integerAt(spec, "maxReplicas", 1));
    const std::string reference = kind + "/" + namespaceOf(hpa) + "/" + targetName;
    auto writeStatus = [&] {
        if (next["status"] != hpa.value("status", Json()))
            (void)m_engine->updateStatus(next, hpaContext());
    };

    std::string plural = kind == "Deployment" ? "deployments.apps" : kind == "ReplicaSet" ? "replicasets.apps"
                         : kind == "StatefulSet" ? "statefulsets.apps" : kind == "ReplicationController" ? "replicationcontrollers"
                                                                                                          : "";
    ObjectPtr target = plural.empty() ? nullptr : m_engine->get(ObjectKey{kind, namespaceOf(hpa), targetName});
    if (!target) {
        std::string err = plural.empty() ? "no matches for kind \"" + kind + "\" in group \"\""
                                         : plural + " \"" + targetName + "\" not found";
        setCondition(status, "AbleToScale", "False", "FailedGetScale",
                     "the HPA controller was unable to get the target's current scale: " + err, nowText);
        m_engine->recordEvent(next, "Warning", "FailedGetScale", err, "horizontal-pod-autoscaler");
        writeStatus();
        return;
    }
    setCondition(status, "AbleToScale", "True", "SucceededGetScale",
                 "the HPA controller was able to get the target's current scale", nowText);
    const std::int32_t currentReplicas = toInt32(integerAt((*target)["spec"], "replicas", 1));
    Memory memory = loadMemory(*m_engine, hpa);
    const bool hasBehavior = spec.contains("behavior") && spec["behavior"].is_object();

    std::int32_t desiredReplicas = 0;
    std::string rescaleReason;
    Json currentMetrics = Json::array();
    if (currentReplicas == 0 && minReplicas != 0) {
        desiredReplicas = 0;
        setCondition(status, "ScalingActive", "False", "ScalingDisabled",
                     "scaling is disabled since the replica count of the target is zero", nowText);
    } else if (currentReplicas > maxReplicas) {
        rescaleReason = "Current number of replicas above Spec.MaxReplicas";
        desiredReplicas = maxReplicas;
    } else if (currentReplicas < minReplicas) {
        rescaleReason = "Current number of replicas below Spec.MinReplicas";
        desiredReplicas = minReplicas;
    } else {
        // computeReplicasForMetrics
        auto selector = LabelSelector::fromJson((*target)["spec"].value("selector", Json::object()));
        std::vector<ObjectPtr> pods = selector ? m_engine->list("Pod", namespaceOf(hpa), *selector) : std::vector<ObjectPtr>{};
        std::int32_t best = -1;
        std::string bestName;
        std::string firstError;
        std::string invalidReason, invalidMessage;
        int invalid = 0;
        const Json metricsSpec = spec.value("metrics", Json::array());
        for (const Json& metric : metricsSpec) {
            Json entry = Json{{"type", ""}};
            if (metric.value("type", "") != "Resource" || !metric.contains("resource")) {
                ++invalid;
                std::string err = "the simulated metrics pipeline serves Resource metrics only (got " +
                                  metric.value("type", "") + ")";
                if (firstError.empty()) {
                    firstError = err;
                    invalidReason = "InvalidMetricSourceType";
                    invalidMessage = "the HPA was unable to compute the replica count: " + err;
                }
                currentMetrics.push_back(entry);
                continue;
            }
            const std::string resource = metric["resource"].value("name", "");
            const Json targetSpec = metric["resource"].value("target", Json::object());
            const bool utilization = targetSpec.value("type", "") == "Utilization";
            std::int64_t targetValue = 0;
            if (utilization) {
                targetValue = integerAt(targetSpec, "averageUtilization", 0);
            } else if (auto q = Quantity::parse(targetSpec.value("averageValue", "0"))) {
                targetValue = q->milliValue();
            }
            std::vector<HpaPodSample> samples;
            for (const ObjectPtr& p : pods) {
                HpaPodSample s;
                s.name = nameOf(*p);
                s.phase = stringAt(*p, Json::json_pointer("/status/phase"));
                s.deleting = isBeingDeleted(*p);
                s.ready.reset();
                if ((*p).contains("status") && (*p)["status"].contains("conditions"))
                    for (const Json& c : (*p)["status"]["conditions"])
                        if (c.value("type", "") == "Ready") {
                            s.ready = c.value("status", "");
                            s.readyTransition = m_engine->virtualTimeOf(c.value("lastTransitionTime", ""));
                        }
                if (std::string st = stringAt(*p, Json::json_pointer("/status/startTime")); !st.empty())
                    s.startTime = m_engine->virtualTimeOf(st);
                if (auto usage = podUsage(*m_engine, *p)) {
                    std::int64_t total = 0;
                    for (const ContainerUsage& u : *usage)
                        total += resource == "cpu" ? u.milliCpu : u.memory * 1000;
                    s.usage = total;
                }
                std::int64_t request = 0;
                bool complete = true;
                std::vector<Json> containers;
                for (const Json& c : (*p)["spec"].value("containers", Json::array()))
                    containers.push_back(c);
                for (const Json& c : (*p)["spec"].value("initContainers", Json::array()))
                    if (c.value("restartPolicy", "") == "Always")
                        containers.push_back(c);
                for (const Json& c : containers) {
                    const Json requests = c.contains("resources") ? c["resources"].value("requests", Json::object()) : Json::object();
                    auto q = requests.contains(resource) && requests[resource].is_string()
                                 ? Quantity::parse(requests[resource].get<std::string>())
                                 : Result<Quantity>(fail(ErrorCode::Invalid, "missing"));
                    if (!q) {
                        if (complete)
                            s.containerWithoutRequest = c.value("name", "");
                        complete = false;
                        continue;
                    }
                    request += q->milliValue();
                }
                if (complete)
                    s.request = request;
                samples.push_back(s);
            }
            auto calc = calculateResourceReplicas(currentReplicas, targetValue,
                                                  utilization ? HpaTargetType::Utilization : HpaTargetType::AverageValue,
                                                  resource, samples, now);
            const std::string metricName = resource + (utilization ? " resource utilization (percentage of request)" : " resource");
            if (!calc) {
                ++invalid;
                std::string err = "failed to get " + resource + (utilization ? " utilization: " : " usage: ") + calc.error().message;
                m_engine->recordEvent(next, "Warning", "FailedGetResourceMetric", err, "horizontal-pod-autoscaler");
                if (firstError.empty()) {
                    firstError = "failed to get " + resource + " resource metric value: " + err;
                    invalidReason = "FailedGetResourceMetric";
                    invalidMessage = "the HPA was unable to compute the replica count: " + err;
                }
                currentMetrics.push_back(entry);
                continue;
            }
            Json current = Json::object();
            if (utilization)
                current["averageUtilization"] = calc->utilization;
            current["averageValue"] = resource == "cpu" ? Quantity::fromMilli(calc->rawAverage).toString()
                                                        : Quantity::fromMilli(calc->rawAverage).toString();
            currentMetrics.push_back(Json{{"resource", {{"current", current}, {"name", resource}}}, {"type", "Resource"}});
            if (calc->replicas > best) {
                best = calc->replicas;
                bestName = metricName;
            }
        }
        if (invalid >= static_cast<int>(metricsSpec.size()) || best < 0) {
            setCondition(status, "ScalingActive", "False", invalidReason, invalidMessage, nowText);
            status["currentReplicas"] = currentReplicas;
            status["currentMetrics"] = currentMetrics;
            if (!status.contains("desiredReplicas"))
                status["desiredReplicas"] = 0;
            writeStatus();
            m_engine->recordEvent(next, "Warning", "FailedComputeMetricsReplicas",
                                  "invalid metrics (" + std::to_string(invalid) + " invalid out of " +
                                      std::to_string(metricsSpec.size()) + "), first error is: " + firstError,
                                  "horizontal-pod-autoscaler");
            (void)reference;
            return;
        }
        setCondition(status, "ScalingActive", "True", "ValidMetricFound",
                     "the HPA was able to successfully calculate a replica count from " + bestName, nowText);
        desiredReplicas = best;
        if (desiredReplicas > currentReplicas)
            rescaleReason = bestName + " above target";
        if (desiredReplicas < currentReplicas)
            rescaleReason = "All metrics below target";

        const std::int32_t prenormalized = desiredReplicas;
        if (!hasBehavior) {
            // normalizeDesiredReplicas: stabilize over the downscale window, then
            // convertDesiredReplicasWithRules.
            std::int32_t maxRecommendation = prenormalized;
            bool foundOld = false;
            std::size_t oldIndex = 0;
            const VirtualTime cutoff = now - kHpaDownscaleStabilization;
            for (std::size_t i = 0; i < memory.recommendations.size(); ++i) {
                if (memory.recommendations[i].first < cutoff) {
                    foundOld = true;
                    oldIndex = i;
                } else if (memory.recommendations[i].second > maxRecommendation) {
                    maxRecommendation = memory.recommendations[i].second;
                }
            }
            if (foundOld)
                memory.recommendations[oldIndex] = {now, prenormalized};
            else
                memory.recommendations.emplace_back(now, prenormalized);
            const std::int32_t stabilized = maxRecommendation;
            if (stabilized != prenormalized)
                setCondition(status, "AbleToScale", "True", "ScaleDownStabilized",
                             "recent recommendations were higher than current one, applying the highest recent recommendation",
                             nowText);
            else
                setCondition(status, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", nowText);
            const std::int32_t scaleUpLimit = static_cast<std::int32_t>(std::max(2.0 * currentReplicas, 4.0));
            std::int32_t maximumAllowed = maxReplicas;
            std::string limitReason = "TooManyReplicas";
            std::string limitMessage = "the desired replica count is more than the maximum replica count";
            if (maxReplicas > scaleUpLimit) {
                maximumAllowed = scaleUpLimit;
                limitReason = "ScaleUpLimit";
                limitMessage = "the desired replica count is increasing faster than the maximum scale rate";
            }
            std::int32_t result = stabilized;
            if (stabilized < minReplicas) {
                result = minReplicas;
                limitReason = "TooFewReplicas";
                limitMessage = "the desired replica count is less than the minimum replica count";
            } else if (stabilized > maximumAllowed) {
                result = maximumAllowed;
            } else {
                limitReason = "DesiredWithinRange";
                limitMessage = "the desired count is within the acceptable range";
            }
            setCondition(status, "ScalingLimited", result == stabilized ? "False" : "True", limitReason, limitMessage, nowText);
            desiredReplicas = result;
        } else {
            // normalizeDesiredReplicasWithBehaviors
            const Json& behavior = spec["behavior"];
            const Json up = behavior.value("scaleUp", Json::object());
            const Json down = behavior.value("scaleDown", Json::object());
            const std::int64_t upWindow = integerAt(up, "stabilizationWindowSeconds", 0);
            const std::int64_t downWindow = integerAt(down, "stabilizationWindowSeconds", 300);
            std::int32_t upRecommendation = prenormalized;
            std::int32_t downRecommendation = prenormalized;
            const VirtualTime upCutoff = now - upWindow * kSecond;
            const VirtualTime downCutoff = now - downWindow * kSecond;
            bool foundOld = false;
            std::size_t oldIndex = 0;
            for (std::size_t i = 0; i < memory.recommendations.size(); ++i) {
                const auto& [t, rec] = memory.recommendations[i];
                if (t > upCutoff)
                    upRecommendation = std::min(rec, upRecommendation);
                if (t > downCutoff)
                    downRecommendation = std::max(rec, downRecommendation);
                if (t < upCutoff && t < downCutoff) {
                    foundOld = true;
                    oldIndex = i;
                }
            }
            std::int32_t stabilized = std::min(std::max(currentReplicas, upRecommendation), downRecommendation);
            if (foundOld)
                memory.recommendations[oldIndex] = {now, prenormalized};
            else
                memory.recommendations.emplace_back(now, prenormalized);
            if (stabilized != prenormalized) {
                if (prenormalized >= currentReplicas)
                    setCondition(status, "AbleToScale", "True", "ScaleUpStabilized",
                                 "recent recommendations were lower than current one, applying the lowest recent recommendation",
                                 nowText);
                else
                    setCondition(status, "AbleToScale", "True", "ScaleDownStabilized",
                                 "recent recommendations were higher than current one, applying the highest recent recommendation",
                                 nowText);
            } else {
                setCondition(status, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", nowText);
            }
            // convertDesiredReplicasWithBehaviorRate
            std::string limitReason = "DesiredWithinRange";
            std::string limitMessage = "the desired count is within the acceptable range";
            std::int32_t result = stabilized;
            auto limitWith = [&](const Json& rules, bool scaleUp) {
                const std::string select = rules.value("selectPolicy", "Max");
                if (select == "Disabled")
                    return currentReplicas;
                const bool minChange = select == "Min";
                std::int32_t value = scaleUp ? (minChange ? INT32_MAX : INT32_MIN) : (minChange ? INT32_MIN : INT32_MAX);
                for (const Json& policy : rules.value("policies", Json::array())) {
                    const std::int64_t period = integerAt(policy, "periodSeconds", 15);
                    const std::int32_t added = changeInPeriod(period, memory.scaleUp, now);
                    const std::int32_t deleted = changeInPeriod(period, memory.scaleDown, now);
                    const std::int32_t periodStart = currentReplicas - added + deleted;
                    const std::int64_t v = integerAt(policy, "value", 0);
                    std::int32_t proposed = 0;
                    if (policy.value("type", "") == "Pods")
                        proposed = toInt32(scaleUp ? periodStart + v : periodStart - v);
                    else if (scaleUp)
                        proposed = static_cast<std::int32_t>(std::ceil(static_cast<double>(periodStart) * (1 + static_cast<double>(v) / 100)));
                    else
                        proposed = static_cast<std::int32_t>(static_cast<double>(periodStart) * (1 - static_cast<double>(v) / 100));
                    if (scaleUp)
                        value = minChange ? std::min(value, proposed) : std::max(value, proposed);
                    else
                        value = minChange ? std::max(value, proposed) : std::min(value, proposed);
                }
                return value;
            };
            if (stabilized > currentReplicas) {
                std::int32_t limit = std::max(limitWith(up, true), currentReplicas);
                std::int32_t maximumAllowed = maxReplicas;
                std::string reason = "TooManyReplicas";
                std::string message = "the desired replica count is more than the maximum replica count";
                if (maximumAllowed > limit) {
                    maximumAllowed = limit;
                    reason = "ScaleUpLimit";
                    message = "the desired replica count is increasing faster than the maximum scale rate";
                }
                if (stabilized > maximumAllowed) {
                    result = maximumAllowed;
                    limitReason = reason;
                    limitMessage = message;
                }
            } else if (stabilized < currentReplicas) {
                std::int32_t limit = std::min(limitWith(down, false), currentReplicas);
                std::int32_t minimumAllowed = minReplicas;
                std::string reason = "TooFewReplicas";
                std::string message = "the desired replica count is less than the minimum replica count";
                if (minimumAllowed < limit) {
                    minimumAllowed = limit;
                    reason = "ScaleDownLimit";
                    message = "the desired replica count is decreasing faster than the maximum scale rate";
                }
                if (stabilized < minimumAllowed) {
                    result = minimumAllowed;
                    limitReason = reason;
                    limitMessage = message;
                }
            }
            setCondition(status, "ScalingLimited", result == stabilized ? "False" : "True", limitReason, limitMessage, nowText);
            desiredReplicas = result;
        }
    }

    const bool rescale = desiredReplicas != currentReplicas && !(currentReplicas == 0 && minReplicas != 0);
    if (rescale) {
        Json patch = Json{{"spec", {{"replicas", desiredReplicas}}}};
        auto r = m_engine->patch(keyOf(*target), patch, PatchType::Merge, hpaContext());
        if (!r) {
            setCondition(status, "AbleToScale", "False", "FailedUpdateScale",
                         "the HPA controller was unable to update the target scale: " + r.error().message, nowText);
            m_engine->recordEvent(next, "Warning", "FailedRescale",
                                  "New size: " + std::to_string(desiredReplicas) + "; reason: " + rescaleReason +
                                      "; error: " + r.error().message,
                                  "horizontal-pod-autoscaler");
            writeStatus();
            return;
        }
        setCondition(status, "AbleToScale", "True", "SucceededRescale",
                     "the HPA controller was able to update the target scale to " + std::to_string(desiredReplicas), nowText);
        m_engine->recordEvent(next, "Normal", "SuccessfulRescale",
                              "New size: " + std::to_string(desiredReplicas) + "; reason: " + rescaleReason,
                              "horizontal-pod-autoscaler");
        m_engine->story("controller-manager", key, "Rescaled", "hpa.rescaled",
                        Json{{"from", currentReplicas}, {"to", desiredReplicas}, {"reason", rescaleReason},
                             {"target", reference}});
        if (hasBehavior) {
            // storeScaleEvent: forget events older than the longest policy period.
            auto longest = [&](const char* rules) {
                std::int64_t p = 0;
                for (const Json& policy : spec["behavior"].value(rules, Json::object()).value("policies", Json::array()))
                    p = std::max(p, integerAt(policy, "periodSeconds", 15));
                return p;
            };
            auto prune = [&](std::vector<std::pair<VirtualTime, std::int32_t>>& events, std::int64_t period) {
                std::erase_if(events, [&](const auto& e) { return e.first <= now - period * kSecond; });
            };
            prune(memory.scaleUp, longest("scaleUp"));
            prune(memory.scaleDown, longest("scaleDown"));
            if (desiredReplicas > currentReplicas)
                memory.scaleUp.emplace_back(now, desiredReplicas - currentReplicas);
            else
                memory.scaleDown.emplace_back(now, currentReplicas - desiredReplicas);
        }
        status["lastScaleTime"] = nowText;
    }
    saveMemory(*m_engine, hpa, memory);
    if (!currentMetrics.empty())
        status["currentMetrics"] = currentMetrics;
    status["currentReplicas"] = currentReplicas;
    status["desiredReplicas"] = desiredReplicas;
    writeStatus();
}

} // namespace kubelab::core

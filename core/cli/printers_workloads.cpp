// SPDX-License-Identifier: GPL-3.0-or-later
// Rows of the workload kinds: pods and their controllers, jobs, autoscalers and
// disruption budgets (printPod, printDeployment, ... in upstream's printers.go).

#include <map>

#include "core/api/names.h"
#include "core/cli/printers_support.h"
#include "core/sim/engine.h"

namespace kubelab::cli::detail {

namespace {

bool hasPodReadyCondition(const Json& pod)
{
    for (const Json& c : array(pod, "/status/conditions"))
        if (str(c, "/type") == "Ready" && str(c, "/status") == "True")
            return true;
    return false;
}

bool isPodInitializedConditionTrue(const Json& pod)
{
    for (const Json& c : array(pod, "/status/conditions"))
        if (str(c, "/type") == "Initialized")
            return str(c, "/status") == "True";
    return false;
}

/// The first condition of that type decides (upstream's hasJobCondition).
bool hasJobCondition(const Json& job, std::string_view type)
{
    for (const Json& c : array(job, "/status/conditions"))
        if (str(c, "/type") == type)
            return str(c, "/status") == "True";
    return false;
}

void keepLatest(std::optional<core::VirtualTime>& latest, std::optional<core::VirtualTime> candidate)
{
    if (candidate && (!latest || *candidate > *latest))
        latest = candidate;
}

std::string signalOrExitCode(const Json& terminated, std::string_view prefix)
{
    std::int64_t signal = integer(terminated, "/signal");
    if (signal != 0)
        return std::string(prefix) + "Signal:" + std::to_string(signal);
    return std::string(prefix) + "ExitCode:" + std::to_string(integer(terminated, "/exitCode"));
}

/// The `desired` count of a controller: `spec.replicas`, which the API server defaults to 1.
std::int64_t desiredReplicas(const Json& object) { return integer(object, "/spec/replicas", 1); }

} // namespace

Row podRow(const core::Engine& engine, const Json& pod)
{
    std::int64_t restarts = 0;
    std::int64_t sidecarRestarts = 0;
    std::int64_t totalContainers = static_cast<std::int64_t>(array(pod, "/spec/containers").size());
    std::int64_t readyContainers = 0;
    std::optional<core::VirtualTime> lastRestart;
    std::optional<core::VirtualTime> lastSidecarRestart;

    const std::string phase = str(pod, "/status/phase");
    std::string reason = phase;
    if (std::string r = str(pod, "/status/reason"); !r.empty())
        reason = r;
    for (const Json& c : array(pod, "/status/conditions"))
        if (str(c, "/type") == "PodScheduled" && str(c, "/reason") == "SchedulingGated")
            reason = "SchedulingGated";

    const Json& initContainers = array(pod, "/spec/initContainers");
    std::map<std::string, bool> isSidecar;
    for (const Json& c : initContainers) {
        bool sidecar = str(c, "/restartPolicy") == "Always";
        isSidecar[str(c, "/name")] = sidecar;
        if (sidecar)
            ++totalContainers;
    }

    bool initializing = false;
    const Json& initStatuses = array(pod, "/status/initContainerStatuses");
    for (std::size_t i = 0; i < initStatuses.size(); ++i) {
        const Json& c = initStatuses[i];
        restarts += integer(c, "/restartCount");
        auto finished = timeAt(engine, c, "/lastState/terminated/finishedAt");
        if (has(c, "/lastState/terminated"))
            keepLatest(lastRestart, finished);
        auto it = isSidecar.find(str(c, "/name"));
        const bool sidecar = it != isSidecar.end() && it->second;
        if (sidecar) {
            sidecarRestarts += integer(c, "/restartCount");
            if (has(c, "/lastState/terminated"))
                keepLatest(lastSidecarRestart, finished);
        }
        const bool terminated = has(c, "/state/terminated");
        const std::string waitingReason = str(c, "/state/waiting/reason");
        if (terminated && integer(c, "/state/terminated/exitCode") == 0)
            continue;
        if (sidecar && boolean(c, "/started")) {
            if (boolean(c, "/ready"))
                ++readyContainers;
            continue;
        }
        if (terminated) {
            std::string r = str(c, "/state/terminated/reason");
            reason = r.empty() ? signalOrExitCode(object(c, "/state/terminated"), "Init:") : "Init:" + r;
        } else if (has(c, "/state/waiting") && !waitingReason.empty() && waitingReason != "PodInitializing") {
            reason = "Init:" + waitingReason;
        } else {
            reason = "Init:" + std::to_string(i) + "/" + std::to_string(initContainers.size());
        }
        initializing = true;
        break;
    }

    if (!initializing || isPodInitializedConditionTrue(pod)) {
        restarts = sidecarRestarts;
        lastRestart = lastSidecarRestart;
        bool hasRunning = false;
        const Json& statuses = array(pod, "/status/containerStatuses");
        for (std::size_t n = statuses.size(); n > 0; --n) {
            const Json& c = statuses[n - 1];
            restarts += integer(c, "/restartCount");
            if (has(c, "/lastState/terminated"))
                keepLatest(lastRestart, timeAt(engine, c, "/lastState/terminated/finishedAt"));
            const std::string waitingReason = str(c, "/state/waiting/reason");
            const bool terminated = has(c, "/state/terminated");
            const std::string terminatedReason = str(c, "/state/terminated/reason");
            if (has(c, "/state/waiting") && !waitingReason.empty()) {
                reason = waitingReason;
            } else if (terminated && !terminatedReason.empty()) {
                reason = terminatedReason;
            } else if (terminated) {
                reason = signalOrExitCode(object(c, "/state/terminated"), "");
            } else if (boolean(c, "/ready") && has(c, "/state/running")) {
                hasRunning = true;
                ++readyContainers;
            }
        }
        // Back to "Running" when a container still runs after another completed.
        if (reason == "Completed" && hasRunning)
            reason = hasPodReadyCondition(pod) ? "Running" : "NotReady";
    }

    const bool deleting = has(pod, "/metadata/deletionTimestamp");
    if (deleting && str(pod, "/status/reason") == "NodeLost")
        reason = "Unknown";
    else if (deleting && phase != "Succeeded" && phase != "Failed")
        reason = "Terminating";

    std::string restartsText = std::to_string(restarts);
    if (restarts != 0 && lastRestart)
        restartsText += " (" + core::humanDuration(engine.now() - *lastRestart) + " ago)";

    std::string podIp;
    if (const Json& ips = array(pod, "/status/podIPs"); !ips.empty())
        podIp = str(ips[0], "/ip");
    else
        podIp = str(pod, "/status/podIP");
    if (podIp.empty())
        podIp = "<none>";
    std::string nodeName = str(pod, "/spec/nodeName", "<none>");
    if (nodeName.empty())
        nodeName = "<none>";
    std::string nominated = str(pod, "/status/nominatedNodeName");
    if (nominated.empty())
        nominated = "<none>";
    std::string readinessGates = "<none>";
    if (const Json& gates = array(pod, "/spec/readinessGates"); !gates.empty()) {
        std::size_t trueConditions = 0;
        for (const Json& gate : gates) {
            const std::string type = str(gate, "/conditionType");
            for (const Json& c : array(pod, "/status/conditions")) {
                if (str(c, "/type") == type) {
                    if (str(c, "/status") == "True")
                        ++trueConditions;
                    break;
                }
            }
        }
        readinessGates = std::to_string(trueConditions) + "/" + std::to_string(gates.size());
    }

    return {core::nameOf(pod),
            std::to_string(readyContainers) + "/" + std::to_string(totalContainers),
            reason,
            restartsText,
            since(engine, pod, "/metadata/creationTimestamp"),
            podIp,
            nodeName,
            nominated,
            readinessGates};
}

Row podTemplateRow(const core::Engine&, const Json& object)
{
    auto [names, images] = containerCells(array(object, "/template/spec/containers"));
    return {core::nameOf(object), names, images, formatLabels(detail::object(object, "/template/metadata/labels"))};
}

Row replicationControllerRow(const core::Engine& engine, const Json& rc)
{
    auto [names, images] = containerCells(array(rc, "/spec/template/spec/containers"));
    return {core::nameOf(rc),
            std::to_string(desiredReplicas(rc)),
            std::to_string(integer(rc, "/status/replicas")),
            std::to_string(integer(rc, "/status/readyReplicas")),
            since(engine, rc, "/metadata/creationTimestamp"),
            names,
            images,
            formatLabels(object(rc, "/spec/selector"))};
}

Row replicaSetRow(const core::Engine& engine, const Json& rs)
{
    auto [names, images] = containerCells(array(rs, "/spec/template/spec/containers"));
    return {core::nameOf(rs),
            std::to_string(desiredReplicas(rs)),
            std::to_string(integer(rs, "/status/replicas")),
            std::to_string(integer(rs, "/status/readyReplicas")),
            since(engine, rs, "/metadata/creationTimestamp"),
            names,
            images,
            formatLabelSelector(find(rs, "/spec/selector"))};
}

Row deploymentRow(const core::Engine& engine, const Json& deployment)
{
    auto [names, images] = containerCells(array(deployment, "/spec/template/spec/containers"));
    return {core::nameOf(deployment),
            std::to_string(integer(deployment, "/status/readyReplicas")) + "/" + std::to_string(desiredReplicas(deployment)),
            std::to_string(integer(deployment, "/status/updatedReplicas")),
            std::to_string(integer(deployment, "/status/availableReplicas")),
            since(engine, deployment, "/metadata/creationTimestamp"),
            names,
            images,
            labelSelectorString(find(deployment, "/spec/selector"))};
}

Row daemonSetRow(const core::Engine& engine, const Json& ds)
{
    auto [names, images] = containerCells(array(ds, "/spec/template/spec/containers"));
    return {core::nameOf(ds),
            std::to_string(integer(ds, "/status/desiredNumberScheduled")),
            std::to_string(integer(ds, "/status/currentNumberScheduled")),
            std::to_string(integer(ds, "/status/numberReady")),
            std::to_string(integer(ds, "/status/updatedNumberScheduled")),
            std::to_string(integer(ds, "/status/numberAvailable")),
            formatLabels(object(ds, "/spec/template/spec/nodeSelector")),
            since(engine, ds, "/metadata/creationTimestamp"),
            names,
            images,
            formatLabelSelector(find(ds, "/spec/selector"))};
}

Row statefulSetRow(const core::Engine& engine, const Json& sts)
{
    auto [names, images] = containerCells(array(sts, "/spec/template/spec/containers"));
    return {core::nameOf(sts),
            std::to_string(integer(sts, "/status/readyReplicas")) + "/" + std::to_string(desiredReplicas(sts)),
            since(engine, sts, "/metadata/creationTimestamp"),
            names,
            images};
}

Row jobRow(const core::Engine& engine, const Json& job)
{
    const std::int64_t succeeded = integer(job, "/status/succeeded");
    std::string completions;
    if (has(job, "/spec/completions")) {
        completions = std::to_string(succeeded) + "/" + std::to_string(integer(job, "/spec/completions"));
    } else {
        std::int64_t parallelism = integer(job, "/spec/parallelism");
        completions = parallelism > 1 ? std::to_string(succeeded) + "/1 of " + std::to_string(parallelism) : std::to_string(succeeded) + "/1";
    }
    std::string duration;
    auto start = timeAt(engine, job, "/status/startTime");
    auto completion = timeAt(engine, job, "/status/completionTime");
    if (start && !completion)
        duration = core::humanDuration(engine.now() - *start);
    else if (start && completion)
        duration = core::humanDuration(*completion - *start);

    std::string status;
    if (hasJobCondition(job, "Complete"))
        status = "Complete";
    else if (hasJobCondition(job, "Failed"))
        status = "Failed";
    else if (has(job, "/metadata/deletionTimestamp"))
        status = "Terminating";
    else if (hasJobCondition(job, "Suspended"))
        status = "Suspended";
    else if (hasJobCondition(job, "FailureTarget"))
        status = "FailureTarget";
    else
        status = "Running";

    auto [names, images] = containerCells(array(job, "/spec/template/spec/containers"));
    return {core::nameOf(job),
            status,
            completions,
            duration,
            since(engine, job, "/metadata/creationTimestamp"),
            names,
            images,
            formatLabelSelector(find(job, "/spec/selector"))};
}

Row cronJobRow(const core::Engine& engine, const Json& cronJob)
{
    std::string lastSchedule = "<none>";
    if (has(cronJob, "/status/lastScheduleTime"))
        lastSchedule = since(engine, cronJob, "/status/lastScheduleTime");
    std::string timeZone = str(cronJob, "/spec/timeZone", "<none>");
    // The API server defaults `suspend` to false.
    std::string suspend = boolean(cronJob, "/spec/suspend") ? "True" : "False";
    auto [names, images] = containerCells(array(cronJob, "/spec/jobTemplate/spec/template/spec/containers"));
    return {core::nameOf(cronJob),
            str(cronJob, "/spec/schedule"),
            timeZone,
            suspend,
            std::to_string(static_cast<std::int64_t>(array(cronJob, "/status/active").size())),
            lastSchedule,
            since(engine, cronJob, "/metadata/creationTimestamp"),
            names,
            images,
            formatLabelSelector(find(cronJob, "/spec/jobTemplate/spec/selector"))};
}

namespace {

std::string percent(const Json& value) { return std::to_string(value.is_number() ? value.get<std::int64_t>() : 0) + "%"; }

/// A `*resource.Quantity` as `String()` prints it: `<nil>` when absent.
std::string quantityOrNil(const Json& object, std::string_view pointer)
{
    return has(object, pointer) ? quantityText(find(object, pointer)) : "<nil>";
}

/// One entry of the TARGETS cell (upstream's formatHPAMetrics, autoscaling/v2 shapes).
std::string formatMetric(const Json& spec, const Json* status)
{
    const std::string type = str(spec, "/type");
    auto statusHas = [&](std::string_view member) { return status && has(*status, member); };
    if (type == "External" || type == "Object") {
        const std::string member = type == "External" ? "/external" : "/object";
        if (has(spec, member + "/target/averageValue")) {
            std::string cur = "<unknown>";
            if (statusHas(member) && has(*status, member + "/current/averageValue"))
                cur = quantityOrNil(*status, member + "/current/averageValue");
            return cur + "/" + quantityOrNil(spec, member + "/target/averageValue") + " (avg)";
        }
        std::string cur = statusHas(member) ? quantityOrNil(*status, member + "/current/value") : "<unknown>";
        return cur + "/" + quantityOrNil(spec, member + "/target/value");
    }
    if (type == "Pods") {
        std::string cur = statusHas("/pods") ? quantityOrNil(*status, "/pods/current/averageValue") : "<unknown>";
        return cur + "/" + quantityOrNil(spec, "/pods/target/averageValue");
    }
    if (type == "Resource" || type == "ContainerResource") {
        const std::string member = type == "Resource" ? "/resource" : "/containerResource";
        const std::string name = str(spec, member + "/name");
        if (has(spec, member + "/target/averageValue")) {
            std::string cur = "<unknown>";
            if (statusHas(member))
                cur = quantityOrNil(*status, member + "/current/averageValue");
            return name + ": " + cur + "/" + quantityOrNil(spec, member + "/target/averageValue");
        }
        std::string cur = "<unknown>";
        if (statusHas(member) && has(*status, member + "/current/averageUtilization"))
            cur = percent(*find(*status, member + "/current/averageUtilization"));
        std::string target = "<auto>";
        if (has(spec, member + "/target/averageUtilization"))
            target = percent(*find(spec, member + "/target/averageUtilization"));
        return name + ": " + cur + "/" + target;
    }
    return "<unknown type>";
}

std::string formatHpaMetrics(const Json& hpa)
{
    const Json& specs = array(hpa, "/spec/metrics");
    const Json& statuses = array(hpa, "/status/currentMetrics");
    if (specs.empty())
        return "<none>";
    constexpr std::size_t kMax = 2;
    std::vector<std::string> list;
    for (std::size_t i = 0; i < specs.size(); ++i)
        list.push_back(formatMetric(specs[i], i < statuses.size() ? &statuses[i] : nullptr));
    const std::size_t total = list.size();
    if (total > kMax) {
        list.resize(kMax);
        return join(list, ", ") + " + " + std::to_string(total - kMax) + " more...";
    }
    return join(list, ", ");
}

} // namespace

Row horizontalPodAutoscalerRow(const core::Engine& engine, const Json& hpa)
{
    std::string minPods = "<unset>";
    if (has(hpa, "/spec/minReplicas"))
        minPods = std::to_string(integer(hpa, "/spec/minReplicas"));
    return {core::nameOf(hpa),
            str(hpa, "/spec/scaleTargetRef/kind") + "/" + str(hpa, "/spec/scaleTargetRef/name"),
            formatHpaMetrics(hpa),
            minPods,
            std::to_string(integer(hpa, "/spec/maxReplicas")),
            std::to_string(integer(hpa, "/status/currentReplicas")),
            since(engine, hpa, "/metadata/creationTimestamp")};
}

Row podDisruptionBudgetRow(const core::Engine& engine, const Json& pdb)
{
    const Json* minAvailable = find(pdb, "/spec/minAvailable");
    const Json* maxUnavailable = find(pdb, "/spec/maxUnavailable");
    return {core::nameOf(pdb),
            minAvailable && !minAvailable->is_null() ? intOrString(*minAvailable) : "N/A",
            maxUnavailable && !maxUnavailable->is_null() ? intOrString(*maxUnavailable) : "N/A",
            std::to_string(integer(pdb, "/status/disruptionsAllowed")),
            since(engine, pdb, "/metadata/creationTimestamp")};
}

Row controllerRevisionRow(const core::Engine& engine, const Json& revision)
{
    std::string controller = "<none>";
    if (auto ref = core::controllerRefOf(revision)) {
        std::string apiVersion = str(*ref, "/apiVersion");
        auto slash = apiVersion.find('/');
        std::string group = slash == std::string::npos ? std::string() : apiVersion.substr(0, slash);
        std::string kind = str(*ref, "/kind");
        std::string groupKind = group.empty() ? kind : kind + "." + group;
        controller = groupKind.empty() ? str(*ref, "/name") : core::asciiLower(groupKind) + "/" + str(*ref, "/name");
    }
    return {core::nameOf(revision), controller, std::to_string(integer(revision, "/revision")),
            since(engine, revision, "/metadata/creationTimestamp")};
}

} // namespace kubelab::cli::detail

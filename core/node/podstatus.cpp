// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/node/podstatus.h"

#include <algorithm>
#include <vector>

namespace kubelab::core {

namespace {

const Json& arrayAt(const Json& object, const char* a, const char* b)
{
    static const Json empty = Json::array();
    if (object.contains(a) && object[a].contains(b) && object[a][b].is_array())
        return object[a][b];
    return empty;
}

const Json* statusOf(const Json& statuses, const std::string& name)
{
    for (const Json& s : statuses)
        if (s.value("name", "") == name)
            return &s;
    return nullptr;
}

void setPodCondition(Json& conditions, const std::string& type, const std::string& status, const std::string& reason,
                  const std::string& message, const std::string& now)
{
    for (Json& c : conditions) {
        if (c.value("type", "") != type)
            continue;
        if (c.value("status", "") != status)
            c["lastTransitionTime"] = now;
        c["status"] = status;
        c.erase("reason");
        c.erase("message");
        if (!reason.empty())
            c["reason"] = reason;
        if (!message.empty())
            c["message"] = message;
        return;
    }
    Json c = Json::object();
    c["type"] = type;
    c["status"] = status;
    c["lastProbeTime"] = nullptr;
    c["lastTransitionTime"] = now;
    if (!reason.empty())
        c["reason"] = reason;
    if (!message.empty())
        c["message"] = message;
    conditions.push_back(c);
}

std::string list(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : " ") + n;
    return "[" + out + "]";
}

} // namespace

bool hasContainerState(const Json& status, const char* field, const char* state)
{
    return status.contains(field) && status[field].is_object() && status[field].contains(state);
}

std::string podPhase(const Json& pod)
{
    const std::string policy = pod["spec"].value("restartPolicy", "Always");
    const Json& initStatuses = arrayAt(pod, "status", "initContainerStatuses");
    const Json& statuses = arrayAt(pod, "status", "containerStatuses");
    int pendingInitialization = 0;
    int failedInitialization = 0;
    for (const Json& c : arrayAt(pod, "spec", "initContainers")) {
        const std::string name = c.value("name", "");
        const Json* s = statusOf(initStatuses, name);
        if (c.value("restartPolicy", "") == "Always") {
            // A sidecar must be started before the pod counts as initialized.
            if (!s || !s->value("started", false))
                ++pendingInitialization;
            continue;
        }
        if (!s) {
            ++pendingInitialization;
        } else if (hasContainerState(*s, "state", "running")) {
            ++pendingInitialization;
        } else if (hasContainerState(*s, "state", "terminated")) {
            if ((*s)["state"]["terminated"].value("exitCode", 0) != 0)
                ++failedInitialization;
        } else if (hasContainerState(*s, "state", "waiting")) {
            if (hasContainerState(*s, "lastState", "terminated")) {
                if ((*s)["lastState"]["terminated"].value("exitCode", 0) != 0)
                    ++failedInitialization;
            } else {
                ++pendingInitialization;
            }
        } else {
            ++pendingInitialization;
        }
    }
    int running = 0, waiting = 0, stopped = 0, succeeded = 0;
    for (const Json& c : arrayAt(pod, "spec", "containers")) {
        const Json* s = statusOf(statuses, c.value("name", ""));
        if (!s) {
            ++waiting;
        } else if (hasContainerState(*s, "state", "running")) {
            ++running;
        } else if (hasContainerState(*s, "state", "terminated")) {
            ++stopped;
            if ((*s)["state"]["terminated"].value("exitCode", 0) == 0)
                ++succeeded;
        } else if (hasContainerState(*s, "state", "waiting")) {
            if (hasContainerState(*s, "lastState", "terminated"))
                ++stopped;
            else
                ++waiting;
        } else {
            ++waiting;
        }
    }
    if (failedInitialization > 0 && policy == "Never")
        return "Failed";
    // A restarting sidecar does not send a pod whose containers have run back to Pending.
    const bool anyRegularStarted = running > 0 || stopped > 0;
    if ((pendingInitialization > 0 && !anyRegularStarted) || waiting > 0)
        return "Pending";
    if (running > 0)
        return "Running";
    if (stopped > 0) {
        if (policy == "Always")
            return "Running";
        if (stopped == succeeded)
            return "Succeeded";
        if (policy == "Never")
            return "Failed";
        return "Running";
    }
    return "Pending";
}

void updatePodConditions(Json& pod, const std::string& now)
{
    Json& status = pod["status"];
    if (!status.contains("conditions") || !status["conditions"].is_array())
        status["conditions"] = Json::array();
    Json& conditions = status["conditions"];
    const std::string phase = status.value("phase", "");
    const bool terminal = phase == "Succeeded" || phase == "Failed";
    const Json& initStatuses = arrayAt(pod, "status", "initContainerStatuses");
    const Json& statuses = arrayAt(pod, "status", "containerStatuses");

    std::vector<std::string> incomplete;
    std::vector<std::string> unready;
    for (const Json& c : arrayAt(pod, "spec", "initContainers")) {
        const std::string name = c.value("name", "");
        const Json* s = statusOf(initStatuses, name);
        const bool sidecar = c.value("restartPolicy", "") == "Always";
        if (sidecar) {
            if (!s || !s->value("started", false))
                incomplete.push_back(name);
            if (!s || !s->value("ready", false))
                unready.push_back(name);
        } else if (!s || !hasContainerState(*s, "state", "terminated") || (*s)["state"]["terminated"].value("exitCode", 0) != 0) {
            incomplete.push_back(name);
        }
    }
    for (const Json& c : arrayAt(pod, "spec", "containers")) {
        const std::string name = c.value("name", "");
        const Json* s = statusOf(statuses, name);
        if (!s || !s->value("ready", false))
            unready.push_back(name);
    }

    setPodCondition(conditions, "PodReadyToStartContainers", terminal ? "False" : "True", {}, {}, now);
    if (phase == "Succeeded" && incomplete.empty())
        setPodCondition(conditions, "Initialized", "True", "PodCompleted", {}, now);
    else if (incomplete.empty())
        setPodCondition(conditions, "Initialized", "True", {}, {}, now);
    else
        setPodCondition(conditions, "Initialized", "False", "ContainersNotInitialized",
                     "containers with incomplete status: " + list(incomplete), now);
    for (const char* type : {"Ready", "ContainersReady"}) {
        if (phase == "Succeeded")
            setPodCondition(conditions, type, "False", "PodCompleted", {}, now);
        else if (phase == "Failed")
            setPodCondition(conditions, type, "False", "PodFailed", {}, now);
        else if (!incomplete.empty() && phase != "Failed")
            setPodCondition(conditions, type, "False", "ContainersNotReady", "containers with unready status: " + list(unready),
                         now);
        else if (unready.empty())
            setPodCondition(conditions, type, "True", {}, {}, now);
        else
            setPodCondition(conditions, type, "False", "ContainersNotReady", "containers with unready status: " + list(unready),
                         now);
    }
}

Duration crashLoopDelay(std::int64_t restartCount, VirtualTime started, VirtualTime finished,
                        std::optional<VirtualTime> previousFinished)
{
    if (restartCount == 0)
        return 0; // no back-off entry yet: the first restart is immediate
    // The entry was last updated when this run started: reset to 10 s if that start was
    // immediate, else doubled from the wait that preceded it.
    Duration gap = previousFinished ? started - *previousFinished : 0;
    Duration backoff = gap <= 0 ? kBackoffInitial : std::min(2 * gap, kBackoffMax);
    if (finished - started > 2 * kBackoffMax)
        return 0; // expired: the container ran long enough to be forgiven
    return backoff;
}

bool isImagePullAttempt(Duration sinceFirst)
{
    Duration attempt = 0;
    Duration backoff = kBackoffInitial;
    while (attempt < sinceFirst) {
        attempt += backoff;
        backoff = std::min(2 * backoff, kBackoffMax);
    }
    return attempt == sinceFirst;
}

} // namespace kubelab::core

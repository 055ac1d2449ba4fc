// SPDX-License-Identifier: GPL-3.0-or-later
// After upstream's pkg/kubelet/kuberuntime/kuberuntime_manager.go (computePodActions,
// doBackOff), pkg/kubelet/prober and pkg/kubelet/kubelet_pods.go (container statuses).
#include "core/node/containerruntime.h"

#include <algorithm>

#include "core/node/behaviour.h"
#include "core/node/imagecatalogue.h"
#include "core/node/podstatus.h"
#include "core/node/prober.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

/// The kubelet's verifyRunAsNonRoot: with `runAsNonRoot: true` (container over pod), a
/// container must not run as uid 0, by its runAsUser or by its image's user.
std::string verifyRunAsNonRoot(const Json& pod, const Json& container, const ImageInfo& image)
{
    auto effective = [&](const char* key) -> const Json* {
        for (const Json* sc : {&container, &pod["spec"]}) {
            Json::json_pointer p(std::string("/securityContext/") + key);
            if (sc->contains(p) && !sc->at(p).is_null())
                return &sc->at(p);
        }
        return nullptr;
    };
    const Json* nonRoot = effective("runAsNonRoot");
    if (!nonRoot || !nonRoot->is_boolean() || !nonRoot->get<bool>())
        return {};
    const std::string where = "(pod: \"" + nameOf(pod) + "_" + namespaceOf(pod) + "(" + uidOf(pod) +
                              ")\", container: " + container.value("name", "") + ")";
    if (const Json* user = effective("runAsUser"); user && user->is_number_integer())
        return user->get<std::int64_t>() == 0 ? "container's runAsUser breaks non-root policy " + where : "";
    if (image.uid && *image.uid == 0)
        return "container has runAsNonRoot and image will run as root " + where;
    if (!image.uid && !image.userName.empty())
        return "container has runAsNonRoot and image has non-numeric user (" + image.userName +
               "), cannot verify user is non-root " + where;
    return {};
}

Json* statusNamed(Json& statuses, const std::string& name)
{
    for (Json& s : statuses)
        if (s.value("name", "") == name)
            return &s;
    return nullptr;
}

std::string podRef(const Json& pod)
{
    return nameOf(pod) + "_" + namespaceOf(pod) + "(" + uidOf(pod) + ")";
}

bool restarts(const std::string& policy, std::int32_t exitCode)
{
    return policy == "Always" || (policy == "OnFailure" && exitCode != 0);
}

} // namespace

void ContainerRuntime::event(const Json& pod, std::string_view type, std::string_view reason, std::string message)
{
    m_engine.recordEvent(pod, type, reason, std::move(message), "kubelet", stringAt(pod, Json::json_pointer("/spec/nodeName")));
}

std::optional<VirtualTime> ContainerRuntime::step(Json& pod, VirtualTime firstStart, VirtualTime from)
{
    const VirtualTime now = m_engine.now();
    if (now < firstStart)
        return firstStart;
    Json& status = pod["status"];
    const std::string policy = pod["spec"].value("restartPolicy", "Always");
    std::optional<VirtualTime> wake;
    VirtualTime startAt = firstStart;
    bool initialized = true;
    if (pod["spec"].contains("initContainers") && pod["spec"]["initContainers"].is_array()) {
        if (!status.contains("initContainerStatuses"))
            status["initContainerStatuses"] = Json::array();
        for (const Json& spec : pod["spec"]["initContainers"]) {
            const std::string name = spec.value("name", "");
            Json* cs = statusNamed(status["initContainerStatuses"], name);
            if (!cs)
                continue;
            const bool sidecar = spec.value("restartPolicy", "") == "Always";
            const std::string containerPolicy = sidecar ? "Always" : (policy == "Never" ? "Never" : "OnFailure");
            stepContainer(pod, *cs, spec, containerPolicy, startAt, from, wake);
            std::optional<VirtualTime> done;
            if (sidecar && hasContainerState(*cs, "state", "running") && cs->value("started", false)) {
                done = m_engine.virtualTimeOf((*cs)["state"]["running"].value("startedAt", ""));
            } else if (!sidecar && hasContainerState(*cs, "state", "terminated") && (*cs)["state"]["terminated"].value("exitCode", 1) == 0) {
                done = m_engine.virtualTimeOf((*cs)["state"]["terminated"].value("finishedAt", ""));
            }
            if (!done) {
                initialized = false;
                break;
            }
            // The kubelet notices the exit at its next relist (PLEG, every second).
            startAt = std::max(startAt, *done + kSecond);
        }
    }
    if (initialized && status.contains("containerStatuses"))
        for (const Json& spec : pod["spec"]["containers"])
            if (Json* cs = statusNamed(status["containerStatuses"], spec.value("name", "")))
                stepContainer(pod, *cs, spec, policy, startAt, from, wake);
    status["phase"] = podPhase(pod);
    updatePodConditions(pod, m_engine.timestampNow());
    return wake;
}

void ContainerRuntime::startContainer(Json& pod, Json& cs, const Json& spec, VirtualTime at, bool restart)
{
    const std::string name = spec.value("name", "");
    const std::string image = spec.value("image", "");
    auto info = m_catalog.lookup(image);
    // A restarted container's image is on the node; a first start's is if the node held it
    // when the pod was admitted (else the kubelet pulled it since).
    const bool present = restart || (info && m_nodeImages.contains(info->normalized));
    if (restart) {
        Json previous = hasContainerState(cs, "state", "terminated") ? cs["state"]["terminated"] : cs["lastState"]["terminated"];
        cs["lastState"] = Json{{"terminated", previous}};
        cs["restartCount"] = cs.value("restartCount", 0) + 1;
    }
    if (present && spec.value("imagePullPolicy", "IfNotPresent") == "Always") {
        if (restart) // the first start's Pulling was recorded when the pod was admitted
            event(pod, "Normal", "Pulling", "Pulling image \"" + image + "\"");
        const std::string took = std::to_string(kCachedPullMilliseconds) + "ms";
        event(pod, "Normal", "Pulled",
              "Successfully pulled image \"" + image + "\" in " + took + " (" + took +
                  " including waiting). Image size: " + std::to_string(info ? info->sizeBytes : 0) + " bytes.");
    } else if (present) {
        event(pod, "Normal", "Pulled", "Container image \"" + image + "\" already present on machine");
    } else if (info) {
        double secs = static_cast<double>(pullMilliseconds(info->sizeBytes)) / 1000.0;
        VirtualTime podStart = m_engine.virtualTimeOf(stringAt(pod, Json::json_pointer("/status/startTime")));
        if (at - podStart < pullMilliseconds(info->sizeBytes))
            secs = static_cast<double>(at - podStart) / 1000.0;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.3gs", secs);
        event(pod, "Normal", "Pulled",
              "Successfully pulled image \"" + image + "\" in " + buf + " (" + buf +
                  " including waiting). Image size: " + std::to_string(info->sizeBytes) + " bytes.");
    }
    // The image is pulled; building the container's configuration can still fail.
    if (!restart && info)
        if (std::string refused = verifyRunAsNonRoot(pod, spec, *info); !refused.empty()) {
            cs["state"] = Json{{"waiting", {{"reason", "CreateContainerConfigError"}, {"message", refused}}}};
            event(pod, "Warning", "Failed", "Error: " + refused);
            return;
        }
    event(pod, "Normal", "Created", "Created container " + name);
    event(pod, "Normal", "Started", "Started container " + name);
    cs["imageID"] = info ? info->normalized : "";
    cs["containerID"] = "containerd://" + m_engine.random().uuid();
    cs["ready"] = false;
    cs["started"] = false;
    cs["state"] = Json{{"running", {{"startedAt", m_engine.timestamp(at)}}}};
}

namespace {

/// The pod worker syncs the pod every kPodWorkerBackOff while a container cannot start,
/// from `firstSync` on: calls `each(n)` for the n-th sync of those in (from, now]. A long
/// jump of the clock replays the last syncs only (their events would be aggregated anyway).
template <typename Each>
void replaySyncs(VirtualTime firstSync, VirtualTime from, VirtualTime now, Each each)
{
    constexpr std::int64_t kMaxReplayed = 32;
    std::int64_t first = from < firstSync ? 0 : (from - firstSync) / kPodWorkerBackOff + 1;
    const std::int64_t last = (now - firstSync) / kPodWorkerBackOff;
    first = std::max(first, last - kMaxReplayed + 1);
    for (std::int64_t sync = first; sync <= last; ++sync)
        each(sync);
}

} // namespace

void ContainerRuntime::refuseToPull(Json& pod, Json& cs, const std::string& image, VirtualTime firstTry, VirtualTime from)
{
    // The image manager's EnsureImageExists with imagePullPolicy Never and no image.
    const std::string message = "Container image \"" + image + "\" is not present with pull policy of Never";
    replaySyncs(firstTry, from, m_engine.now(), [&](std::int64_t) {
        cs["state"] = Json{{"waiting", {{"reason", "ErrImageNeverPull"}, {"message", message}}}};
        event(pod, "Warning", "ErrImageNeverPull", message);
        event(pod, "Warning", "Failed", "Error: ErrImageNeverPull");
    });
}

void ContainerRuntime::pullUnknownImage(Json& pod, Json& cs, const std::string& image, VirtualTime firstPull, VirtualTime from)
{
    // Each sync either pulls again or reports the back-off.
    replaySyncs(firstPull, from, m_engine.now(), [&](std::int64_t sync) {
        if (isImagePullAttempt(sync * kPodWorkerBackOff)) {
            const std::string message = "failed to pull and unpack image \"" + normalizeImageName(image) +
                                        "\": failed to resolve reference \"" + normalizeImageName(image) +
                                        "\": pull access denied, repository does not exist or may require authorization";
            cs["state"] = Json{{"waiting", {{"reason", "ErrImagePull"}, {"message", message}}}};
            event(pod, "Normal", "Pulling", "Pulling image \"" + image + "\"");
            event(pod, "Warning", "Failed", "Failed to pull image \"" + image + "\": " + message);
            event(pod, "Warning", "Failed", "Error: ErrImagePull");
        } else {
            const std::string message = "Back-off pulling image \"" + image + "\"";
            cs["state"] = Json{{"waiting", {{"reason", "ImagePullBackOff"}, {"message", message}}}};
            event(pod, "Normal", "BackOff", message);
            event(pod, "Warning", "Failed", "Error: ImagePullBackOff");
        }
    });
}

void ContainerRuntime::stepContainer(Json& pod, Json& cs, const Json& spec, const std::string& policy, VirtualTime startAt,
                                     VirtualTime from, std::optional<VirtualTime>& wake)
{
    const VirtualTime now = m_engine.now();
    const std::string name = spec.value("name", "");
    const bool isInit = [&] {
        if (pod["spec"].contains("initContainers"))
            for (const Json& c : pod["spec"]["initContainers"])
                if (c.value("name", "") == name)
                    return true;
        return false;
    }();
    auto soon = [&](VirtualTime t) {
        if (!wake || t < *wake)
            wake = t;
    };
    auto parsed = behaviourOf(pod, name, !isInit);
    const Behaviour behaviour = parsed ? *parsed : Behaviour{};
    const Program program = programOf(spec);
    const ContainerLife life = lifeOf(spec, program, behaviour);

    // Never started: start it when its turn comes (and the image can be pulled).
    if (hasContainerState(cs, "state", "waiting") && !hasContainerState(cs, "lastState", "terminated")) {
        const std::string reason = cs["state"]["waiting"].value("reason", "");
        const bool pullFailed = reason == "ErrImagePull" || reason == "ImagePullBackOff";
        const bool neverPulled = reason == "ErrImageNeverPull";
        if (reason != "ContainerCreating" && reason != "PodInitializing" && !pullFailed && !neverPulled)
            return;
        if (now < startAt) {
            soon(startAt);
            return;
        }
        const std::string image = spec.value("image", "");
        const auto info = m_catalog.lookup(image);
        if (spec.value("imagePullPolicy", "IfNotPresent") == "Never" && !(info && m_nodeImages.contains(info->normalized))) {
            refuseToPull(pod, cs, image, startAt, neverPulled ? from : startAt - 1);
            soon(startAt + ((now - startAt) / kPodWorkerBackOff + 1) * kPodWorkerBackOff);
            return;
        }
        if (!info) {
            pullUnknownImage(pod, cs, image, startAt, pullFailed ? from : startAt - 1);
            soon(startAt + ((now - startAt) / kPodWorkerBackOff + 1) * kPodWorkerBackOff);
            return;
        }
        if (!parsed)
            event(pod, "Warning", "InvalidBehaviour", parsed.error().message);
        startContainer(pod, cs, spec, startAt, false);
    }

    const ProbeContext probeContext{stringAt(pod, Json::json_pointer("/status/podIP"))};
    for (int guard = 0; guard < 64; ++guard) {
        if (hasContainerState(cs, "state", "running")) {
            const VirtualTime started = m_engine.virtualTimeOf(cs["state"]["running"].value("startedAt", ""));
            const Duration rel = now - started;
            for (const ProbeFailure& f : probeFailures(spec, behaviour, life, from - started, rel, probeContext))
                event(pod, "Warning", "Unhealthy", f.probe + " probe failed: " + f.output);
            cs["started"] = life.startedBy(rel);
            cs["ready"] = life.isReadyAt(rel);
            if (life.end && started + *life.end <= now) {
                const VirtualTime finished = started + *life.end;
                if (!life.killedBy.empty()) {
                    std::string message = "Container " + name + " failed " + life.killedBy + " probe";
                    if (policy != "Never")
                        message += ", will be restarted";
                    event(pod, "Normal", "Killing", message);
                }
                Json terminated = Json{{"exitCode", life.exitCode},
                                       {"reason", life.reason},
                                       {"startedAt", m_engine.timestamp(started)},
                                       {"finishedAt", m_engine.timestamp(finished)},
                                       {"containerID", cs.value("containerID", "")}};
                cs["state"] = Json{{"terminated", terminated}};
                cs["ready"] = false;
                cs["started"] = false;
                continue;
            }
            for (std::optional<Duration> t : {life.end, life.startedAt, life.readyAt, life.unreadyAt,
                                              nextProbeFailure(spec, behaviour, life, rel)})
                if (t && started + *t > now)
                    soon(started + *t);
            return;
        }
        if (hasContainerState(cs, "state", "terminated")) {
            const Json& t = cs["state"]["terminated"];
            const std::int32_t code = t.value("exitCode", 0);
            if (!restarts(policy, code))
                return;
            const VirtualTime started = m_engine.virtualTimeOf(t.value("startedAt", ""));
            const VirtualTime finished = m_engine.virtualTimeOf(t.value("finishedAt", ""));
            std::optional<VirtualTime> previous;
            if (hasContainerState(cs, "lastState", "terminated"))
                previous = m_engine.virtualTimeOf(cs["lastState"]["terminated"].value("finishedAt", ""));
            const Duration delay = crashLoopDelay(cs.value("restartCount", 0), started, finished, previous);
            if (now < finished + delay) {
                Json last = t;
                cs["lastState"] = Json{{"terminated", last}};
                cs["state"] = Json{{"waiting", {{"reason", "CrashLoopBackOff"},
                                                {"message", "back-off " + formatDuration(delay) +
                                                                " restarting failed container=" + name +
                                                                " pod=" + podRef(pod)}}}};
                event(pod, "Warning", "BackOff", "Back-off restarting failed container " + name + " in pod " + podRef(pod));
                soon(finished + delay);
                return;
            }
            startContainer(pod, cs, spec, finished + delay, true);
            continue;
        }
        if (hasContainerState(cs, "state", "waiting") && cs["state"]["waiting"].value("reason", "") == "CrashLoopBackOff") {
            const std::string message = cs["state"]["waiting"].value("message", "");
            // "back-off 20s restarting failed container=..."
            const std::size_t from = message.find(' ') + 1;
            auto d = parseDuration(message.substr(from, message.find(' ', from) - from));
            const VirtualTime finished = m_engine.virtualTimeOf(cs["lastState"]["terminated"].value("finishedAt", ""));
            const VirtualTime at = finished + (d ? *d : kBackoffInitial);
            if (now < at) {
                soon(at);
                return;
            }
            startContainer(pod, cs, spec, at, true);
            continue;
        }
        return;
    }
}

} // namespace kubelab::core

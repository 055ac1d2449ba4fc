// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/job.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/api/podtypes.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

constexpr const char* kJobController = "job-controller";
constexpr const char* kTrackingFinalizer = "batch.kubernetes.io/job-tracking";
constexpr const char* kIndexKey = "batch.kubernetes.io/job-completion-index";
constexpr std::int64_t kDefaultBackoff = 10;      // DefaultJobPodFailureBackOff
constexpr std::int64_t kMaxBackoff = 10 * 60;     // MaxJobPodFailureBackOff

RequestContext jobContext()
{
    return RequestContext::controller(kJobController, "job-controller");
}

std::optional<std::int64_t> indexOf(const Json& pod)
{
    Labels a = annotationsOf(pod);
    auto it = a.find(kIndexKey);
    if (it == a.end())
        return std::nullopt;
    try {
        return std::stoll(it->second);
    } catch (...) {
        return std::nullopt;
    }
}

/// When the pod finished: the latest container finish, else now.
std::string finishTimeOf(const Json& pod, const std::string& now)
{
    std::string latest;
    if (pod.contains("status") && pod["status"].contains("containerStatuses"))
        for (const Json& cs : pod["status"]["containerStatuses"])
            if (cs.contains("state") && cs["state"].contains("terminated"))
                latest = std::max(latest, cs["state"]["terminated"].value("finishedAt", std::string()));
    return latest.empty() ? now : latest;
}

bool conditionTrue(const Json& job, const char* type)
{
    if (!job.contains("status") || !job["status"].contains("conditions"))
        return false;
    for (const Json& c : job["status"]["conditions"])
        if (c.value("type", "") == type && c.value("status", "") == "True")
            return true;
    return false;
}

void addCondition(Json& status, const char* type, const std::string& reason, const std::string& message,
                  const std::string& now)
{
    Json& conds = status["conditions"];
    if (!conds.is_array())
        conds = Json::array();
    for (const Json& c : conds)
        if (c.value("type", "") == type)
            return;
    conds.push_back(Json{{"type", type},
                         {"status", "True"},
                         {"lastProbeTime", now},
                         {"lastTransitionTime", now},
                         {"reason", reason},
                         {"message", message}});
}

} // namespace

std::int64_t jobPodFailureBackoffSeconds(std::int64_t failures)
{
    if (failures <= 0)
        return 0;
    std::int64_t delay = kDefaultBackoff;
    for (std::int64_t i = 1; i < failures && delay < kMaxBackoff; ++i)
        delay *= 2;
    return std::min(delay, kMaxBackoff);
}

std::string formatIndexes(const std::vector<std::int64_t>& input)
{
    std::vector<std::int64_t> v = input;
    std::ranges::sort(v);
    v.erase(std::unique(v.begin(), v.end()), v.end());
    std::string out;
    for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i;
        while (j + 1 < v.size() && v[j + 1] == v[j] + 1)
            ++j;
        if (!out.empty())
            out += ",";
        out += std::to_string(v[i]);
        if (j > i)
            out += "-" + std::to_string(v[j]);
        i = j + 1;
    }
    return out;
}

void JobController::start(Engine& engine)
{
    m_engine = &engine;
    for (const ObjectPtr& j : engine.list("Job"))
        m_queue.add(keyOf(*j));
    for (const ObjectPtr& p : engine.list("Pod"))
        if (hasFinalizer(*p, kTrackingFinalizer))
            releaseOrphan(*p);
}

void JobController::releaseOrphan(const Json& pod)
{
    auto ref = controllerRefOf(pod);
    ObjectPtr job = ref && ref->value("kind", "") == "Job"
                        ? m_engine->get(ObjectKey{"Job", namespaceOf(pod), ref->value("name", "")})
                        : nullptr;
    // The Job owns it and is not going away: its sync counts the pod first.
    if (job && uidOf(*job) == ref->value("uid", "") && !isBeingDeleted(*job))
        return;
    (void)m_engine->update(withoutFinalizer(pod, kTrackingFinalizer), jobContext());
}

void JobController::onEvent(const WatchEvent& event)
{
    if (event.key.kind == "Job" && event.type != WatchEventType::Deleted) {
        m_queue.add(event.key);
    } else if (event.key.kind == "Pod" && event.type != WatchEventType::Deleted) {
        auto ref = controllerRefOf(*event.object);
        if (ref && ref->value("kind", "") == "Job")
            m_queue.add(ObjectKey{"Job", event.key.ns, ref->value("name", "")});
        if (hasFinalizer(*event.object, kTrackingFinalizer) && isBeingDeleted(*event.object))
            releaseOrphan(*event.object);
    }
}

void JobController::work()
{
    if (auto key = m_queue.pop())
        sync(*key);
}

void JobController::sync(const ObjectKey& key)
{
    ObjectPtr jobPtr = m_engine->get(key);
    if (!jobPtr || isBeingDeleted(*jobPtr))
        return;
    const Json job = *jobPtr;
    const Json& spec = job["spec"];
    const std::string uid = uidOf(job);
    const std::string now = m_engine->timestampNow();
    RequestContext ctx = jobContext();
    const bool indexed = spec.value("completionMode", "NonIndexed") == "Indexed";
    // -1: no completions (a work queue: done once one pod succeeded and all have finished).
    const std::int64_t completions =
        spec.contains("completions") && spec["completions"].is_number() ? spec["completions"].get<std::int64_t>() : -1;
    const bool hasCompletions = completions >= 0;
    const std::int64_t parallelism = spec.value("parallelism", 1);
    const std::int64_t backoffLimit = spec.value("backoffLimit", 6);
    const bool suspended = spec.value("suspend", false);

    Json status = job.value("status", Json::object());
    std::int64_t succeeded = status.value("succeeded", 0);
    std::int64_t failed = status.value("failed", 0);
    std::set<std::int64_t> completedIndexes;
    if (indexed && status.contains("completedIndexes")) {
        std::string text = status.value("completedIndexes", "");
        std::size_t pos = 0;
        while (pos < text.size()) {
            std::size_t comma = text.find(',', pos);
            std::string part = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
            std::size_t dash = part.find('-');
            try {
                std::int64_t a = std::stoll(part.substr(0, dash));
                std::int64_t b = dash == std::string::npos ? a : std::stoll(part.substr(dash + 1));
                for (std::int64_t i = a; i <= b; ++i)
                    completedIndexes.insert(i);
            } catch (...) {
            }
            if (comma == std::string::npos)
                break;
            pos = comma + 1;
        }
    }

    // Owned pods; finished ones still holding the tracking finalizer are counted now.
    std::vector<ObjectPtr> active;
    std::int64_t terminating = 0;
    std::string lastSuccess, lastFailure;
    std::vector<std::string> failureTimes;
    for (const ObjectPtr& p : m_engine->list("Pod", key.ns)) {
        auto ref = controllerRefOf(*p);
        if (!ref || ref->value("uid", "") != uid)
            continue;
        const Json& pod = *p;
        std::string phase = stringAt(pod, kPhase);
        bool podSucceeded = phase == "Succeeded";
        bool podFailed = phase == "Failed" || (isBeingDeleted(pod) && !podSucceeded);
        if (podSucceeded)
            lastSuccess = std::max(lastSuccess, finishTimeOf(pod, now));
        if (phase == "Failed")
            failureTimes.push_back(finishTimeOf(pod, now));
        if (!podSucceeded && phase != "Failed") {
            if (isBeingDeleted(pod))
                ++terminating;
            else
                active.push_back(p);
        }
        if ((podSucceeded || podFailed) && hasFinalizer(pod, kTrackingFinalizer)) {
            if (podSucceeded) {
                if (auto idx = indexOf(pod); indexed && idx) {
                    if (completedIndexes.insert(*idx).second)
                        ++succeeded;
                } else if (!indexed) {
                    ++succeeded;
                }
            } else {
                ++failed;
            }
            (void)m_engine->update(withoutFinalizer(pod, kTrackingFinalizer), ctx);
        }
    }
    std::int64_t failuresSinceSuccess = 0;
    for (const std::string& t : failureTimes)
        if (t > lastSuccess) {
            ++failuresSinceSuccess;
            lastFailure = std::max(lastFailure, t);
        }

    auto writeStatus = [&]() {
        status["active"] = static_cast<std::int64_t>(active.size());
        if (active.empty())
            status.erase("active");
        std::int64_t ready = 0;
        for (const ObjectPtr& p : active)
            ready += isPodReady(*p) ? 1 : 0;
        status["ready"] = ready;
        status["terminating"] = terminating;
        status["succeeded"] = succeeded;
        status["failed"] = failed;
        if (succeeded == 0)
            status.erase("succeeded");
        if (failed == 0)
            status.erase("failed");
        if (indexed) {
            std::string text = formatIndexes(std::vector<std::int64_t>(completedIndexes.begin(), completedIndexes.end()));
            if (text.empty())
                status.erase("completedIndexes");
            else
                status["completedIndexes"] = text;
        }
        status["uncountedTerminatedPods"] = Json::object();
        ObjectPtr live = m_engine->get(key);
        if (!live)
            return;
        Json next = *live;
        next["status"] = status;
        if (next != *live)
            (void)m_engine->updateStatus(next, ctx);
    };
    auto deleteActive = [&]() {
        for (const ObjectPtr& p : active)
            if (m_engine->remove(keyOf(*p), DeleteOptions{}, ctx)) {
                m_engine->recordEvent(job, "Normal", "SuccessfulDelete", "Deleted pod: " + nameOf(*p), kJobController);
                ++terminating;
            }
        active.clear();
    };
    auto scheduleTtl = [&]() {
        if (!spec.contains("ttlSecondsAfterFinished") || !spec["ttlSecondsAfterFinished"].is_number())
            return;
        std::string finished = status.value("completionTime", "");
        if (finished.empty())
            for (const Json& c : status.value("conditions", Json::array()))
                if ((c.value("type", "") == "Failed" || c.value("type", "") == "Complete") && c.value("status", "") == "True")
                    finished = c.value("lastTransitionTime", "");
        VirtualTime at = m_engine->virtualTimeOf(finished) + spec["ttlSecondsAfterFinished"].get<std::int64_t>() * 1000;
        std::string jobUid = uid;
        auto expire = [this, key, jobUid]() {
            ObjectPtr j = m_engine->get(key);
            if (!j || uidOf(*j) != jobUid || isBeingDeleted(*j))
                return;
            RequestContext ttl = RequestContext::controller("ttl-after-finished-controller", "ttl-after-finished-controller");
            if (m_engine->remove(key, DeleteOptions{Propagation::Foreground, std::nullopt}, ttl))
                m_engine->story("controller-manager", key, "JobExpired", "job.expired", Json{{"job", key.name}});
        };
        if (at <= m_engine->now())
            expire();
        else
            m_engine->schedule(at, expire);
    };

    // A finished Job only keeps its counts and waits for its TTL.
    if (conditionTrue(job, "Complete") || conditionTrue(job, "Failed")) {
        writeStatus();
        scheduleTtl();
        return;
    }

    if (!status.contains("startTime") && !suspended)
        status["startTime"] = now;

    // Failure: backoffLimit (pods failed, or container restarts with OnFailure), deadline.
    std::string failReason, failMessage;
    if (conditionTrue(job, "FailureTarget")) {
        for (const Json& c : status["conditions"])
            if (c.value("type", "") == "FailureTarget") {
                failReason = c.value("reason", "");
                failMessage = c.value("message", "");
            }
    } else {
        std::int64_t restarts = 0;
        bool onFailure = spec.contains("template") && spec["template"].contains("spec") &&
                         spec["template"]["spec"].value("restartPolicy", "") == "OnFailure";
        if (onFailure)
            for (const ObjectPtr& p : active)
                if ((*p).contains("status") && (*p)["status"].contains("containerStatuses"))
                    for (const Json& cs : (*p)["status"]["containerStatuses"])
                        restarts += cs.value("restartCount", 0);
        if (failed > backoffLimit || (onFailure && restarts > 0 && restarts >= backoffLimit)) {
            failReason = "BackoffLimitExceeded";
            failMessage = "Job has reached the specified backoff limit";
        } else if (spec.contains("activeDeadlineSeconds") && spec["activeDeadlineSeconds"].is_number() &&
                   status.contains("startTime")) {
            VirtualTime deadline = m_engine->virtualTimeOf(status.value("startTime", "")) +
                                   spec["activeDeadlineSeconds"].get<std::int64_t>() * 1000;
            if (m_engine->now() >= deadline) {
                failReason = "DeadlineExceeded";
                failMessage = "Job was active longer than specified deadline";
            } else {
                m_engine->schedule(deadline, [this, key] { m_queue.add(key); });
            }
        }
    }
    if (!failReason.empty()) {
        addCondition(status, "FailureTarget", failReason, failMessage, now);
        deleteActive();
        if (terminating == 0) {
            addCondition(status, "Failed", failReason, failMessage, now);
            m_engine->recordEvent(job, "Warning", failReason, failMessage, kJobController);
            m_engine->story("controller-manager", key, "JobFailed", "job.failed",
                            Json{{"reason", failReason}, {"failed", failed}, {"job", key.name}, {"message", failMessage}});
        }
        writeStatus();
        if (terminating == 0)
            scheduleTtl();
        return;
    }

    // Success.
    bool complete = false;
    if (indexed)
        complete = hasCompletions && static_cast<std::int64_t>(completedIndexes.size()) >= completions;
    else if (hasCompletions)
        complete = succeeded >= completions;
    else
        complete = succeeded > 0 && active.empty();
    if (complete) {
        addCondition(status, "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now);
        deleteActive();
        if (terminating == 0) {
            addCondition(status, "Complete", "CompletionsReached", "Reached expected number of succeeded pods", now);
            status["completionTime"] = now;
            m_engine->recordEvent(job, "Normal", "Completed", "Job completed", kJobController);
            m_engine->story("controller-manager", key, "JobCompleted", "job.completed",
                            Json{{"succeeded", succeeded}, {"job", key.name}});
        }
        writeStatus();
        if (terminating == 0)
            scheduleTtl();
        return;
    }

    // Active pods: as many as parallelism allows and the remaining completions need.
    std::int64_t wantActive = parallelism;
    if (suspended)
        wantActive = 0;
    else if (indexed && hasCompletions)
        wantActive = std::min(parallelism, completions - static_cast<std::int64_t>(completedIndexes.size()));
    else if (hasCompletions)
        wantActive = std::min(parallelism, completions - succeeded);
    else if (succeeded > 0)
        wantActive = static_cast<std::int64_t>(active.size());
    wantActive = std::max<std::int64_t>(wantActive, 0);
    std::int64_t have = static_cast<std::int64_t>(active.size());
    if (have > wantActive) {
        // The most recently created go first.
        std::vector<ObjectPtr> ordered = active;
        std::ranges::sort(ordered, [](const ObjectPtr& a, const ObjectPtr& b) {
            return stringAt(*a, Json::json_pointer("/metadata/creationTimestamp")) >
                   stringAt(*b, Json::json_pointer("/metadata/creationTimestamp"));
        });
        for (std::int64_t i = 0; i < have - wantActive; ++i) {
            const Json& p = *ordered[static_cast<std::size_t>(i)];
            if (m_engine->remove(keyOf(p), DeleteOptions{}, ctx)) {
                m_engine->recordEvent(job, "Normal", "SuccessfulDelete", "Deleted pod: " + nameOf(p), kJobController);
                std::erase_if(active, [&](const ObjectPtr& x) { return nameOf(*x) == nameOf(p); });
                ++terminating;
            }
        }
    } else if (have < wantActive && terminating == 0) {
        // Failed pods are replaced only after the backoff since the last failure.
        std::int64_t delay = jobPodFailureBackoffSeconds(failuresSinceSuccess);
        VirtualTime allowedAt = lastFailure.empty() ? 0 : m_engine->virtualTimeOf(lastFailure) + delay * 1000;
        if (allowedAt > m_engine->now()) {
            m_engine->schedule(allowedAt, [this, key] { m_queue.add(key); });
        } else {
            std::vector<std::int64_t> indexes;
            if (indexed) {
                std::set<std::int64_t> busy;
                for (const ObjectPtr& p : active)
                    if (auto idx = indexOf(*p))
                        busy.insert(*idx);
                for (std::int64_t i = 0; i < completions &&
                                         static_cast<std::int64_t>(indexes.size()) < wantActive - have;
                     ++i)
                    if (!completedIndexes.contains(i) && !busy.contains(i))
                        indexes.push_back(i);
            } else {
                for (std::int64_t i = 0; i < wantActive - have; ++i)
                    indexes.push_back(-1);
            }
            const Json& tmpl = spec["template"];
            for (std::int64_t index : indexes) {
                Json pod = Json::object();
                pod["apiVersion"] = "v1";
                pod["kind"] = "Pod";
                Json meta = Json::object();
                meta["generateName"] = index >= 0 ? key.name + "-" + std::to_string(index) + "-" : key.name + "-";
                meta["namespace"] = key.ns;
                if (tmpl.contains("metadata")) {
                    if (tmpl["metadata"].contains("labels"))
                        meta["labels"] = tmpl["metadata"]["labels"];
                    if (tmpl["metadata"].contains("annotations"))
                        meta["annotations"] = tmpl["metadata"]["annotations"];
                }
                Json podSpec = tmpl.value("spec", Json::object());
                if (index >= 0) {
                    meta["annotations"][kIndexKey] = std::to_string(index);
                    meta["labels"][kIndexKey] = std::to_string(index);
                    podSpec["hostname"] = key.name + "-" + std::to_string(index);
                    // addCompletionIndexEnvVariables.
                    for (const char* list : {"initContainers", "containers"})
                        if (podSpec.contains(list))
                            for (Json& c : podSpec[list]) {
                                bool has = false;
                                for (const Json& e : c.value("env", Json::array()))
                                    has = has || e.value("name", "") == "JOB_COMPLETION_INDEX";
                                if (!has)
                                    c["env"].push_back(Json{
                                        {"name", "JOB_COMPLETION_INDEX"},
                                        {"valueFrom",
                                         Json{{"fieldRef",
                                               Json{{"apiVersion", "v1"},
                                                    {"fieldPath", "metadata.labels['" + std::string(kIndexKey) + "']"}}}}}});
                            }
                }
                meta["finalizers"] = Json::array({kTrackingFinalizer});
                meta["ownerReferences"] = Json::array({Json{{"apiVersion", "batch/v1"},
                                                            {"kind", "Job"},
                                                            {"name", key.name},
                                                            {"uid", uid},
                                                            {"controller", true},
                                                            {"blockOwnerDeletion", true}}});
                pod["metadata"] = meta;
                pod["spec"] = podSpec;
                auto created = m_engine->create(std::move(pod), ctx);
                if (!created) {
                    m_engine->recordEvent(job, "Warning", "FailedCreate", "Error creating: " + created.error().message,
                                          kJobController);
                    break;
                }
                active.push_back(*created);
                m_engine->recordEvent(job, "Normal", "SuccessfulCreate", "Created pod: " + nameOf(**created), kJobController);
                m_engine->story("controller-manager", keyOf(**created), "PodCreated", "job.podCreated",
                                Json{{"job", key.name}, {"pod", nameOf(**created)}});
            }
        }
    }
    writeStatus();
}

} // namespace kubelab::core

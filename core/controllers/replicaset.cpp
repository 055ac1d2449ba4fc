// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/replicaset.h"

#include <algorithm>
#include <cmath>

#include "core/api/labels.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {


RequestContext replicaSetContext()
{
    return RequestContext::controller("replicaset-controller", "replicaset-controller");
}

bool isActive(const Json& pod)
{
    std::string phase = stringAt(pod, kPhase);
    return phase != "Succeeded" && phase != "Failed" && !isBeingDeleted(pod);
}

std::optional<std::string> readySince(const Json& pod)
{
    if (!pod.contains("status") || !pod["status"].contains("conditions"))
        return std::nullopt;
    for (const Json& c : pod["status"]["conditions"])
        if (c.value("type", "") == "Ready" && c.value("status", "") == "True")
            return c.value("lastTransitionTime", "");
    return std::nullopt;
}

int restartsOf(const Json& pod)
{
    int max = 0;
    if (pod.contains("status") && pod["status"].contains("containerStatuses"))
        for (const Json& cs : pod["status"]["containerStatuses"])
            max = std::max(max, cs.value("restartCount", 0));
    return max;
}

int phaseRank(const std::string& phase)
{
    if (phase == "Pending")
        return 0;
    if (phase == "Unknown")
        return 1;
    return 2; // Running
}

} // namespace

bool podAvailable(const Json& pod, std::int64_t minReadySeconds, std::int64_t nowSeconds, std::int64_t epochSeconds)
{
    auto since = readySince(pod);
    if (!since)
        return false;
    if (minReadySeconds <= 0)
        return true;
    auto t = parseRfc3339(*since);
    if (!t)
        return false;
    return *t + minReadySeconds <= epochSeconds + nowSeconds;
}

void ReplicaSetController::start(Engine& engine)
{
    m_engine = &engine;
    m_claimable.clear();
    for (const ObjectPtr& p : engine.list("Pod"))
        indexPod(*p, true);
    for (const ObjectPtr& rs : engine.list("ReplicaSet"))
        m_queue.add(keyOf(*rs));
}

namespace {

/// The uid of an object's controller (controllerRefOf's answer), read in place: this runs
/// for every pod of the namespace on every sync, so it copies nothing.
std::string_view controllerUidOf(const Json& object)
{
    auto meta = object.find("metadata");
    if (meta == object.end() || !meta->is_object())
        return {};
    auto refs = meta->find("ownerReferences");
    if (refs == meta->end() || !refs->is_array())
        return {};
    for (const Json& ref : *refs) {
        if (!ref.is_object())
            continue;
        auto controller = ref.find("controller");
        if (controller == ref.end() || !controller->is_boolean() || !controller->get<bool>())
            continue;
        auto uid = ref.find("uid");
        return uid != ref.end() && uid->is_string() ? std::string_view(uid->get_ref<const std::string&>())
                                                    : std::string_view();
    }
    return {};
}

bool hasControllerRef(const Json& object)
{
    auto meta = object.find("metadata");
    if (meta == object.end() || !meta->is_object())
        return false;
    auto refs = meta->find("ownerReferences");
    if (refs == meta->end() || !refs->is_array())
        return false;
    return std::ranges::any_of(*refs, [](const Json& r) { return r.is_object() && r.value("controller", false); });
}

/// Whether two states of an object have the same labels (labelsOf's answers are equal). The
/// labels are compared in place first: on almost every update (a status write) they are the
/// same member for member.
bool sameLabels(const Json& a, const Json& b)
{
    const auto labels = [](const Json& object) -> const Json* {
        auto meta = object.find("metadata");
        if (meta == object.end() || !meta->is_object())
            return nullptr;
        auto l = meta->find("labels");
        return l == meta->end() ? nullptr : &*l;
    };
    const Json* la = labels(a);
    const Json* lb = labels(b);
    if (la && lb && *la == *lb)
        return true;
    return labelsOf(a) == labelsOf(b);
}

/// Whether the object carries every label of `wanted` (labelsOf's answer holds them), read
/// in place: the status counts this for each pod of the ReplicaSet on every sync.
bool hasLabels(const Json& object, const Labels& wanted)
{
    if (wanted.empty())
        return true;
    auto meta = object.find("metadata");
    if (meta == object.end() || !meta->is_object())
        return false;
    auto labels = meta->find("labels");
    if (labels == meta->end() || !labels->is_object())
        return false;
    return std::ranges::all_of(wanted, [&](const auto& kv) {
        auto it = labels->find(kv.first);
        return it != labels->end() && it->is_string() && it->template get_ref<const std::string&>() == kv.second;
    });
}

std::string claimBucket(const Json& pod)
{
    return hasControllerRef(pod) ? std::string(controllerUidOf(pod)) : "\x1f" + namespaceOf(pod);
}

} // namespace

void ReplicaSetController::indexPod(const Json& pod, bool add)
{
    std::string bucket = claimBucket(pod);
    if (add) {
        m_claimable[bucket].insert(keyOf(pod));
    } else if (auto it = m_claimable.find(bucket); it != m_claimable.end()) {
        it->second.erase(keyOf(pod));
        if (it->second.empty())
            m_claimable.erase(it);
    }
}

void ReplicaSetController::enqueueOwnerOf(const Json& pod)
{
    if (auto ref = controllerRefOf(pod); ref && ref->value("kind", "") == "ReplicaSet") {
        m_queue.add(ObjectKey{"ReplicaSet", namespaceOf(pod), ref->value("name", "")});
        return;
    }
    // An orphan: any ReplicaSet whose selector matches may adopt it.
    Labels labels = labelsOf(pod);
    for (const ObjectPtr& rs : m_engine->list("ReplicaSet", namespaceOf(pod))) {
        auto sel = LabelSelector::fromJson((*rs)["spec"].value("selector", Json()));
        if (sel && !sel->empty() && sel->matches(labels))
            m_queue.add(keyOf(*rs));
    }
}

void ReplicaSetController::onEvent(const WatchEvent& event)
{
    if (event.key.kind == "ReplicaSet" && event.type != WatchEventType::Deleted)
        m_queue.add(event.key);
    else if (event.key.kind == "Pod") {
        // Most updates (status) keep the pod in its bucket: re-index only when it moves.
        if (event.type == WatchEventType::Deleted)
            indexPod(*event.object, false);
        else if (!event.previous || claimBucket(*event.previous) != claimBucket(*event.object)) {
            if (event.previous)
                indexPod(*event.previous, false);
            indexPod(*event.object, true);
        }
        enqueueOwnerOf(*event.object);
        if (event.previous && !sameLabels(*event.previous, *event.object))
            enqueueOwnerOf(*event.previous);
    }
}

void ReplicaSetController::work()
{
    if (auto key = m_queue.pop())
        sync(*key);
}

void ReplicaSetController::sync(const ObjectKey& key)
{
    ObjectPtr rsPtr = m_engine->get(key);
    if (!rsPtr || isBeingDeleted(*rsPtr))
        return;
    const Json& rs = *rsPtr;
    auto selector = LabelSelector::fromJson(rs["spec"].value("selector", Json()));
    if (!selector)
        return;
    std::string uid = uidOf(rs);
    RequestContext ctx = replicaSetContext();

    // Claim pods: adopt matching orphans, release owned pods that stopped matching.
    std::vector<ObjectPtr> owned;
    std::set<ObjectKey> candidates;
    for (const std::string& bucket : {uid, "\x1f" + key.ns})
        if (auto it = m_claimable.find(bucket); it != m_claimable.end())
            candidates.insert(it->second.begin(), it->second.end());
    for (const ObjectKey& candidate : candidates) {
        ObjectPtr p = m_engine->get(candidate);
        if (!p || candidate.ns != key.ns)
            continue;
        // Pods of another controller are not ours to claim (ClaimPods): skip them first.
        std::string_view owner = controllerUidOf(*p);
        bool ours = !owner.empty() && owner == uid;
        if (!ours && hasControllerRef(*p))
            continue;
        bool matches = selector->matches(labelsOf(*p));
        if (ours) {
            if (matches) {
                owned.push_back(p);
            } else {
                Json next = *p;
                Json refs = Json::array();
                for (const Json& r : next["metadata"]["ownerReferences"])
                    if (r.value("uid", "") != uid)
                        refs.push_back(r);
                if (refs.empty())
                    next["metadata"].erase("ownerReferences");
                else
                    next["metadata"]["ownerReferences"] = refs;
                (void)m_engine->update(std::move(next), ctx);
            }
        } else if (matches && !isBeingDeleted(*p)) {
            Json next = *p;
            next["metadata"]["ownerReferences"].push_back(Json{{"apiVersion", "apps/v1"},
                                                                {"kind", "ReplicaSet"},
                                                                {"name", key.name},
                                                                {"uid", uid},
                                                                {"controller", true},
                                                                {"blockOwnerDeletion", true}});
            if (auto r = m_engine->update(std::move(next), ctx))
                owned.push_back(*r);
        }
    }
    std::vector<ObjectPtr> active;
    for (const ObjectPtr& p : owned)
        if (isActive(*p))
            active.push_back(p);

    std::int64_t replicas = rs["spec"].value("replicas", 1);
    std::int64_t diff = static_cast<std::int64_t>(active.size()) - replicas;
    if (diff < 0) {
        // Slow start: batches of 1, 2, 4, ... at most 500 per sync (all succeed here).
        std::int64_t toCreate = std::min<std::int64_t>(-diff, 500);
        const Json& tmpl = rs["spec"]["template"];
        for (std::int64_t i = 0; i < toCreate; ++i) {
            Json pod = Json::object();
            pod["apiVersion"] = "v1";
            pod["kind"] = "Pod";
            Json meta = Json::object();
            meta["generateName"] = key.name + "-";
            meta["namespace"] = key.ns;
            if (tmpl.contains("metadata")) {
                if (tmpl["metadata"].contains("labels"))
                    meta["labels"] = tmpl["metadata"]["labels"];
                if (tmpl["metadata"].contains("annotations"))
                    meta["annotations"] = tmpl["metadata"]["annotations"];
            }
            meta["ownerReferences"] = Json::array({Json{{"apiVersion", "apps/v1"},
                                                        {"kind", "ReplicaSet"},
                                                        {"name", key.name},
                                                        {"uid", uid},
                                                        {"controller", true},
                                                        {"blockOwnerDeletion", true}}});
            pod["metadata"] = meta;
            pod["spec"] = tmpl.value("spec", Json::object());
            auto created = m_engine->create(std::move(pod), ctx);
            if (!created) {
                m_engine->recordEvent(rs, "Warning", "FailedCreate", "Error creating: " + created.error().message,
                                      "replicaset-controller");
                break;
            }
            m_engine->recordEvent(rs, "Normal", "SuccessfulCreate", "Created pod: " + nameOf(**created),
                                  "replicaset-controller");
            m_engine->story("controller-manager", keyOf(**created), "PodCreated", "replicaset.podCreated",
                            Json{{"replicaSet", key.name}, {"replicas", replicas}, {"pod", nameOf(**created)},
                                 {"index", active.size() + static_cast<std::size_t>(i) + 1}});
        }
    } else if (diff > 0) {
        // Upstream's ranking (controller.ActivePodsWithRanks): the pods that cost least go first.
        std::map<std::string, int> perNode;
        for (const ObjectPtr& p : active)
            ++perNode[stringAt(*p, kNodeName)];
        // Each pod's sort keys, read once.
        struct Ranked {
            ObjectPtr pod;
            bool unscheduled;
            int phase;
            std::optional<std::string> readySince;
            int cost;
            int onNode;
            int restarts;
            std::string created;
            std::string uid;
        };
        std::vector<Ranked> ranked;
        ranked.reserve(active.size());
        for (const ObjectPtr& p : active) {
            const Json& x = *p;
            std::string node = stringAt(x, kNodeName);
            std::string c = stringAt(x, Json::json_pointer("/metadata/annotations/controller.kubernetes.io~1pod-deletion-cost"));
            int cost = 0;
            try {
                cost = c.empty() ? 0 : std::stoi(c);
            } catch (...) {
                cost = 0;
            }
            ranked.push_back(Ranked{p, node.empty(), phaseRank(stringAt(x, kPhase)), readySince(x), cost,
                                    node.empty() ? 0 : perNode[node], restartsOf(x),
                                    stringAt(x, Json::json_pointer("/metadata/creationTimestamp")), uidOf(x)});
        }
        std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& x, const Ranked& y) {
            if (x.unscheduled != y.unscheduled)
                return x.unscheduled;
            if (x.phase != y.phase)
                return x.phase < y.phase;
            bool xr = x.readySince.has_value(), yr = y.readySince.has_value();
            if (xr != yr)
                return !xr;
            if (x.cost != y.cost)
                return x.cost < y.cost;
            if (x.onNode != y.onNode)
                return x.onNode > y.onNode;
            if (xr && yr && *x.readySince != *y.readySince)
                return *x.readySince > *y.readySince; // ready more recently goes first
            if (x.restarts != y.restarts)
                return x.restarts > y.restarts;
            if (x.created != y.created)
                return x.created > y.created;
            return x.uid < y.uid;
        });
        for (std::int64_t i = 0; i < diff && i < static_cast<std::int64_t>(ranked.size()); ++i) {
            ObjectKey pk = keyOf(*ranked[static_cast<std::size_t>(i)].pod);
            if (m_engine->remove(pk, DeleteOptions{}, ctx)) {
                m_engine->recordEvent(rs, "Normal", "SuccessfulDelete", "Deleted pod: " + pk.name, "replicaset-controller");
                m_engine->story("controller-manager", pk, "PodDeleted", "replicaset.podDeleted",
                                Json{{"replicaSet", key.name}, {"replicas", replicas}, {"pod", pk.name}});
            }
        }
    }

    // Status from the pods as they are now.
    std::int64_t minReady = rs["spec"].value("minReadySeconds", 0);
    Labels templateLabels;
    if (rs["spec"].contains("template") && rs["spec"]["template"].contains("metadata"))
        templateLabels = labelsOf(rs["spec"]["template"]);
    std::int64_t count = 0, fully = 0, ready = 0, available = 0;
    std::optional<std::int64_t> nextAvailable;
    // The pods whose controller is this ReplicaSet are its bucket of the index (kept current
    // by the watch, which hears this sync's own writes at once), not every pod of the
    // namespace. Without a uid every pod without a controller counts, so those are listed.
    std::vector<ObjectPtr> mine;
    if (uid.empty()) {
        mine = m_engine->list("Pod", key.ns);
    } else if (auto it = m_claimable.find(uid); it != m_claimable.end()) {
        mine.reserve(it->second.size());
        for (const ObjectKey& podKey : it->second)
            if (podKey.ns == key.ns)
                if (ObjectPtr p = m_engine->get(podKey))
                    mine.push_back(std::move(p));
    }
    for (const ObjectPtr& p : mine) {
        if (controllerUidOf(*p) != uid || !isActive(*p))
            continue;
        ++count;
        fully += hasLabels(*p, templateLabels);
        if (auto since = readySince(*p)) {
            ++ready;
            std::int64_t nowS = m_engine->now() / 1000;
            if (podAvailable(*p, minReady, nowS, m_engine->settings().epochSeconds))
                ++available;
            else if (auto t = parseRfc3339(*since))
                nextAvailable = std::min(nextAvailable.value_or(INT64_MAX),
                                         (*t - m_engine->settings().epochSeconds + minReady) * 1000);
        }
    }
    if (nextAvailable) {
        ObjectKey k = key;
        m_engine->schedule(*nextAvailable, [this, k] { m_queue.add(k); });
    }
    ObjectPtr current = m_engine->get(key);
    if (!current)
        return;
    Json next = *current;
    Json status = next.value("status", Json::object());
    status["replicas"] = count;
    status["fullyLabeledReplicas"] = fully;
    status["readyReplicas"] = ready;
    status["availableReplicas"] = available;
    status["observedGeneration"] = (*current)["metadata"].value("generation", 1);
    for (const char* f : {"readyReplicas", "availableReplicas", "fullyLabeledReplicas"})
        if (status[f] == 0)
            status.erase(f);
    next["status"] = status;
    if (next != *current)
        (void)m_engine->updateStatus(next, ctx);
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/schedulercomponent.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "core/api/podtypes.h"
#include "core/controllers/persistentvolume.h"
#include "core/scheduler/plugins/volumebinding.h"
#include "core/scheduler/scheduler.h"
#include "core/sim/engine.h"

namespace kubelab::scheduler {

using namespace kubelab::core;

namespace {


RequestContext schedulerContext()
{
    RequestContext ctx = RequestContext::component("kube-scheduler");
    ctx.user = "system:kube-scheduler";
    return ctx;
}

PodPtr toPod(const Json& doc)
{
    auto p = Pod::fromJson(doc);
    return p ? std::make_shared<const Pod>(std::move(*p)) : nullptr;
}

/// Whether two objects have the same members, those named in `skipped` aside.
bool sameExcept(const Json& before, const Json& after, std::initializer_list<std::string_view> skipped)
{
    if (!before.is_object() || !after.is_object())
        return before == after;
    const auto isSkipped = [&](std::string_view key) { return std::ranges::find(skipped, key) != skipped.end(); };
    const auto kept = [&](const Json& o) {
        std::size_t n = 0;
        for (auto it = o.begin(); it != o.end(); ++it)
            n += isSkipped(it.key()) ? 0 : 1;
        return n;
    };
    if (kept(before) != kept(after))
        return false;
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (isSkipped(it.key()))
            continue;
        auto was = before.find(it.key());
        if (was == before.end() || *was != *it)
            return false;
    }
    return true;
}

/// Whether two states of a pod differ at most in what `refreshed` reads again: the status,
/// the node (a binding) and the deletion mark, besides the resourceVersion. The scheduler
/// hears every pod write; nearly all are of these.
bool refreshable(const Json& before, const Json& after)
{
    const auto member = [](const Json& o, const char* key) -> const Json* {
        if (!o.is_object())
            return nullptr;
        auto it = o.find(key);
        return it == o.end() ? nullptr : &*it;
    };
    if (!sameExcept(before, after, {"status", "metadata", "spec"}))
        return false;
    const Json* metaBefore = member(before, "metadata");
    const Json* metaAfter = member(after, "metadata");
    const Json* specBefore = member(before, "spec");
    const Json* specAfter = member(after, "spec");
    if (!metaBefore || !metaAfter || !specBefore || !specAfter)
        return false;
    return sameExcept(*metaBefore, *metaAfter, {"resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds"}) &&
           sameExcept(*specBefore, *specAfter, {"nodeName"});
}

/// The typed pod of `document` from the typed pod of its previous state when `refreshable`
/// holds: what Pod::fromJson(document) gives, without parsing the spec again.
PodPtr refreshed(const Pod& previous, const Json& document)
{
    Pod pod = previous.withStatusOf(document);
    const auto field = [&](const char* outer, const char* inner) -> const Json* {
        auto o = document.find(outer);
        if (o == document.end() || !o->is_object())
            return nullptr;
        auto it = o->find(inner);
        return it == o->end() || it->is_null() ? nullptr : &*it;
    };
    const Json* node = field("spec", "nodeName");
    pod.nodeName = node && node->is_string() ? node->get<std::string>() : std::string();
    const Json* deletion = field("metadata", "deletionTimestamp");
    pod.deletionTimestamp = deletion ? timestampSeconds(*deletion) : std::nullopt;
    return std::make_shared<const Pod>(std::move(pod));
}

NodePtr toNode(const Json& doc)
{
    auto n = Node::fromJson(doc);
    return n ? std::make_shared<const Node>(std::move(*n)) : nullptr;
}

std::optional<SelectorOwner> selectorOwnerOf(std::string_view kind)
{
    if (kind == "Service")
        return SelectorOwner::Service;
    if (kind == "ReplicationController")
        return SelectorOwner::ReplicationController;
    if (kind == "ReplicaSet")
        return SelectorOwner::ReplicaSet;
    if (kind == "StatefulSet")
        return SelectorOwner::StatefulSet;
    return std::nullopt;
}

/// The pod selector of a Service / RC (a plain map) or a ReplicaSet / StatefulSet
/// (a LabelSelector); none for a Service without `spec.selector`.
std::optional<LabelSelector> podSelectorOf(SelectorOwner kind, const Json& object)
{
    if (!object.contains("spec") || !object["spec"].contains("selector"))
        return std::nullopt;
    const Json& sel = object["spec"]["selector"];
    if (kind == SelectorOwner::Service || kind == SelectorOwner::ReplicationController) {
        if (!sel.is_object() || sel.empty())
            return std::nullopt;
        Labels labels;
        for (auto it = sel.begin(); it != sel.end(); ++it)
            if (it.value().is_string())
                labels.emplace(it.key(), it.value().get<std::string>());
        return LabelSelector::fromMap(labels);
    }
    auto parsed = LabelSelector::fromJson(sel);
    if (!parsed)
        return std::nullopt;
    return *parsed;
}

} // namespace

SchedulerComponent::SchedulerComponent() = default;
SchedulerComponent::~SchedulerComponent() = default;

std::string SchedulerComponent::decisionKey(const std::string& ns, const std::string& name)
{
    return "scheduler.decision/" + ns + "/" + name;
}

void SchedulerComponent::start(Engine& engine)
{
    m_engine = &engine;
    m_typedPods.clear();
    SchedulerConfiguration config = SchedulerConfiguration::defaults();
    if (auto stored = engine.labSetting(kConfigurationSetting)) {
        Json doc = Json::parse(*stored, nullptr, false);
        if (!doc.is_discarded())
            if (auto c = SchedulerConfiguration::fromJson(doc))
                config = *c;
    }
    auto s = Scheduler::create(config);
    if (!s)
        s = Scheduler::create();
    m_scheduler = std::move(*s);
    VirtualTime now = engine.now();
    for (const ObjectPtr& n : engine.list("Node"))
        if (NodePtr node = toNode(*n))
            m_scheduler->onNodeAdded(node, now);
    for (const ObjectPtr& ns : engine.list("Namespace"))
        m_scheduler->snapshot().setNamespace(nameOf(*ns), labelsOf(*ns));
    for (const char* kind : {"Service", "ReplicationController", "ReplicaSet", "StatefulSet"})
        for (const ObjectPtr& o : engine.list(kind))
            updateSelector(keyOf(*o), o.get());
    updateDisruptionBudgets();
    for (const char* kind : {"PersistentVolume", "PersistentVolumeClaim", "StorageClass"})
        for (const ObjectPtr& o : engine.list(kind))
            m_scheduler->snapshot().setStorageObject(keyOf(*o), o);
    for (const ObjectPtr& p : engine.list("Pod"))
        if (PodPtr pod = toPod(*p))
            m_scheduler->onPodAdded(pod, now);
    armTimer();
}

core::Status SchedulerComponent::configure(const Json& document)
{
    auto config = SchedulerConfiguration::fromJson(document);
    if (!config)
        return fail(config.error());
    if (auto v = Scheduler::validate(*config); !v)
        return v;
    if (m_scheduler)
        if (auto r = m_scheduler->reconfigure(*config); !r)
            return r;
    m_engine->setLabSetting(kConfigurationSetting, document.dump());
    m_engine->story("scheduler", ObjectKey{"KubeSchedulerConfiguration", "", "scheduler"}, "Configured",
                    "scheduler.configured", Json{{"profiles", document.value("profiles", Json::array()).size()}});
    return {};
}

void SchedulerComponent::updateSelector(const ObjectKey& key, const Json* object)
{
    auto owner = selectorOwnerOf(key.kind);
    if (!owner)
        return;
    std::optional<LabelSelector> selector = object ? podSelectorOf(*owner, *object) : std::nullopt;
    if (selector)
        m_scheduler->snapshot().setSelector(*owner, key.ns, key.name, *selector);
    else
        m_scheduler->snapshot().removeSelector(*owner, key.ns, key.name);
}

void SchedulerComponent::updateDisruptionBudgets()
{
    std::vector<PodDisruptionBudget> pdbs;
    for (const ObjectPtr& o : m_engine->list("PodDisruptionBudget")) {
        PodDisruptionBudget pdb;
        pdb.ns = namespaceOf(*o);
        pdb.name = nameOf(*o);
        auto sel = LabelSelector::fromJson((*o)["spec"].value("selector", Json()));
        if (!sel)
            continue;
        pdb.selector = *sel;
        if (o->contains("status")) {
            pdb.disruptionsAllowed = (*o)["status"].value("disruptionsAllowed", 0);
            if ((*o)["status"].contains("disruptedPods"))
                for (auto it = (*o)["status"]["disruptedPods"].begin(); it != (*o)["status"]["disruptedPods"].end(); ++it)
                    pdb.disruptedPods.insert(it.key());
        }
        pdbs.push_back(std::move(pdb));
    }
    m_scheduler->snapshot().setPodDisruptionBudgets(std::move(pdbs));
}

void SchedulerComponent::onEvent(const WatchEvent& event)
{
    if (!m_scheduler)
        return;
    VirtualTime now = m_engine->now();
    const std::string& kind = event.key.kind;
    if (kind == "Namespace") {
        if (event.type == WatchEventType::Deleted)
            m_scheduler->snapshot().removeNamespace(event.key.name);
        else
            m_scheduler->snapshot().setNamespace(event.key.name, labelsOf(*event.object));
        return;
    }
    if (selectorOwnerOf(kind)) {
        updateSelector(event.key, event.type == WatchEventType::Deleted ? nullptr : event.object.get());
        return;
    }
    if (kind == "PodDisruptionBudget") {
        updateDisruptionBudgets();
        return;
    }
    if (kind == "Pod") {
        if (event.type == WatchEventType::Added) {
            PodPtr p = toPod(*event.object);
            m_typedPods[event.key] = {event.object, p};
            if (p)
                m_scheduler->onPodAdded(p, now);
        } else if (event.type == WatchEventType::Modified) {
            PodPtr oldPod = event.previous ? typedPod(event.key, event.previous) : nullptr;
            // A status write, a binding or a deletion mark (nearly every pod update) changes
            // only fields the typed pod reads again; the rest need not be parsed.
            PodPtr newPod = oldPod && refreshable(*event.previous, *event.object) ? refreshed(*oldPod, *event.object)
                                                                                   : toPod(*event.object);
            m_typedPods[event.key] = {event.object, newPod};
            if (oldPod && newPod)
                m_scheduler->onPodUpdated(oldPod, newPod, now);
        } else {
            PodPtr p = typedPod(event.key, event.object);
            m_typedPods.erase(event.key);
            if (p)
                m_scheduler->onPodDeleted(p, now);
        }
    } else if (kind == "Node") {
        if (event.type == WatchEventType::Added) {
            if (NodePtr n = toNode(*event.object))
                m_scheduler->onNodeAdded(n, now);
        } else if (event.type == WatchEventType::Modified) {
            NodePtr oldNode = event.previous ? toNode(*event.previous) : nullptr;
            NodePtr newNode = toNode(*event.object);
            if (oldNode && newNode)
                m_scheduler->onNodeUpdated(oldNode, newNode, now);
        } else if (NodePtr n = toNode(*event.object)) {
            m_scheduler->onNodeDeleted(n, now);
        }
    } else if (kind == "PersistentVolume" || kind == "PersistentVolumeClaim" || kind == "StorageClass") {
        m_scheduler->snapshot().setStorageObject(event.key,
                                                 event.type == WatchEventType::Deleted ? nullptr : event.object);
        EventResource r = kind == "PersistentVolume"        ? EventResource::PersistentVolume
                          : kind == "PersistentVolumeClaim" ? EventResource::PersistentVolumeClaim
                                                            : EventResource::StorageClass;
        std::uint32_t a = event.type == WatchEventType::Added     ? action::Add
                          : event.type == WatchEventType::Deleted ? action::Delete
                                                                  : action::Update;
        m_scheduler->onStorageEvent(r, a, now);
    }
    armTimer();
}

PodPtr SchedulerComponent::typedPod(const ObjectKey& key, const ObjectPtr& document)
{
    if (auto it = m_typedPods.find(key); it != m_typedPods.end() && it->second.first == document)
        return it->second.second;
    return toPod(*document);
}

void SchedulerComponent::armTimer()
{
    if (!m_scheduler)
        return;
    auto wake = m_scheduler->queue().nextWakeUp();
    if (!wake)
        return;
    // Pods in backoff are retried when it expires; the 5-minute flush of unschedulable
    // pods alone does not keep the lab busy, and neither do retries while the cluster has
    // no node at all (kube-scheduler retries them every 10 s, to no avail).
    Wake kind = m_scheduler->queue().backoffCount() > 0 && m_scheduler->snapshot().size() > 0 ? Wake::Foreground
                                                                                               : Wake::Background;
    // One timer at a time; an earlier or more urgent wake-up replaces the armed one.
    if (m_armedAt && *m_armedAt <= *wake && (m_armedWake == Wake::Foreground || kind == Wake::Background))
        return;
    m_armedAt = *wake;
    m_armedWake = kind;
    std::uint64_t generation = ++m_timerGeneration;
    m_engine->schedule(*wake, [this, generation] {
        if (generation != m_timerGeneration)
            return;
        m_armedAt.reset();
        m_scheduler->flushQueues(m_engine->now());
        armTimer();
    }, kind);
}

void SchedulerComponent::bindPodVolumes(const Pod& pod, const std::string& nodeName)
{
    if (!pod.hasPvcVolumes())
        return;
    const NodeInfo* info = m_scheduler->snapshot().get(nodeName);
    if (!info || !info->node())
        return;
    RequestContext ctx = schedulerContext();
    for (const VolumeDecision& d : volumeDecisions(m_scheduler->snapshot(), pod, *info->node())) {
        ObjectPtr claim = m_engine->get(ObjectKey{"PersistentVolumeClaim", pod.ns, d.claim});
        if (!claim)
            continue;
        if (!d.volume.empty()) {
            // A static volume: its claimRef, as the PV controller would set it.
            ObjectPtr pv = m_engine->get(ObjectKey{"PersistentVolume", "", d.volume});
            if (!pv)
                continue;
            Json next = *pv;
            next["metadata"]["annotations"][kAnnBoundByController] = "yes";
            next["spec"]["claimRef"] = Json{{"kind", "PersistentVolumeClaim"},
                                            {"namespace", pod.ns},
                                            {"name", d.claim},
                                            {"uid", uidOf(*claim)},
                                            {"apiVersion", "v1"},
                                            {"resourceVersion", stringAt(*claim, Json::json_pointer("/metadata/resourceVersion"))}};
            (void)m_engine->update(std::move(next), ctx);
            m_engine->story("scheduler", keyOf(*claim), "VolumeChosen", "scheduler.volumeChosen",
                            Json{{"volume", d.volume}, {"node", nodeName}, {"claim", d.claim}});
        } else {
            // Provisioning: the claim learns the node; the PV controller and the
            // provisioner make the volume there.
            Json next = *claim;
            next["metadata"]["annotations"][kAnnSelectedNode] = nodeName;
            (void)m_engine->update(std::move(next), ctx);
            m_engine->story("scheduler", keyOf(*claim), "NodeSelected", "scheduler.nodeSelected",
                            Json{{"node", nodeName}, {"claim", d.claim}});
        }
    }
}

bool SchedulerComponent::hasWork() const
{
    return m_scheduler && m_scheduler->queue().activeCount() > 0;
}

void SchedulerComponent::work()
{
    Random& random = m_engine->random();
    auto result = m_scheduler->scheduleNext(m_engine->now(), [&random] { return random.next(); });
    if (!result || !result->pod)
        return;
    const Pod& pod = *result->pod;
    ObjectKey key{"Pod", pod.ns, pod.name};
    ObjectPtr live = m_engine->get(key);
    RequestContext ctx = schedulerContext();
    std::string now = m_engine->timestampNow();
    // The decision is kept once, for `klab why` and the GUI (about 50 bytes a node).
    if (result->decision)
        m_engine->setLabSetting(decisionKey(key.ns, key.name), result->decision->storedText());
    if (!live) {
        armTimer();
        return;
    }
    std::string profile = pod.schedulerName.empty() ? "default-scheduler" : pod.schedulerName;
    if (result->outcome == ScheduleResult::Outcome::Scheduled) {
        bindPodVolumes(pod, result->node);
        // Bind (pods/binding): spec.nodeName, then the PodScheduled condition.
        auto b = m_engine->bind(key, result->node, ctx);
        if (!b) {
            m_scheduler->onBindingFailed(result->pod, m_engine->now());
            m_engine->recordEvent(*live, "Warning", "FailedScheduling",
                                  "Binding rejected: " + b.error().message, profile);
            m_engine->story("scheduler", key, "BindingRejected", "scheduler.bindingRejected",
                            Json{{"message", b.error().message}});
        } else {
            // The binding made PodScheduled True (the API server's part); a nomination left
            // from a preemption goes now.
            if ((**b)["status"].contains("nominatedNodeName")) {
                Json withStatus = **b;
                withStatus["status"].erase("nominatedNodeName");
                (void)m_engine->updateStatus(withStatus, ctx);
            }
            std::string msg = "Successfully assigned " + key.ns + "/" + key.name + " to " + result->node;
            m_engine->recordEvent(**b, "Normal", "Scheduled", msg, profile);
            Json data = Json{{"node", result->node}, {"feasibleNodes", result->feasibleNodes},
                             {"evaluatedNodes", result->evaluatedNodes}, {"pod", key.name}};
            m_engine->story("scheduler", key, "Scheduled", "scheduler.scheduled", data);
        }
    } else {
        Json next = *live;
        // handleSchedulingFailure: a rejection (the FitError, no nodes at all) is Unschedulable,
        // a plugin's error SchedulerError.
        const char* reason = result->outcome == ScheduleResult::Outcome::Error ? "SchedulerError" : "Unschedulable";
        updatePodCondition(next, "PodScheduled", "False", reason, result->message, now);
        if (result->nominatedNode) {
            if (result->nominatedNode->empty())
                next["status"].erase("nominatedNodeName");
            else
                next["status"]["nominatedNodeName"] = *result->nominatedNode;
        }
        (void)m_engine->updateStatus(next, ctx);
        m_engine->recordEvent(*live, "Warning", "FailedScheduling", result->message, profile);
        Json data = Json{{"message", result->message}};
        m_engine->story("scheduler", key, "FailedScheduling", "scheduler.failed", data);
        for (const PodPtr& victim : result->victims) {
            ObjectKey vk{"Pod", victim->ns, victim->name};
            ObjectPtr v = m_engine->get(vk);
            if (!v)
                continue;
            // The victim is marked before it goes, so the scheduler sees it terminating on the
            // nominated node (upstream's DisruptionTarget condition).
            Json marked = *v;
            Json& conds = marked["status"]["conditions"];
            if (!conds.is_array())
                conds = Json::array();
            conds.push_back(Json{{"type", "DisruptionTarget"}, {"status", "True"}, {"lastProbeTime", nullptr},
                                 {"lastTransitionTime", m_engine->timestampNow()}, {"reason", "PreemptionByScheduler"},
                                 {"message", profile + ": preempting to accommodate a higher priority pod"}});
            (void)m_engine->updateStatus(marked, ctx);
            m_engine->recordEvent(*v, "Normal", "Preempted",
                                  "Preempted by pod " + pod.uid + " on node " + result->nominatedNode.value_or(""),
                                  profile);
            m_engine->story("scheduler", vk, "Preempted", "scheduler.preempted",
                            Json{{"pod", vk.name}, {"priority", victim->priority}, {"preemptor", key.name},
                                 {"preemptorPriority", pod.priority},
                                 {"node", result->nominatedNode.value_or("")}});
            (void)m_engine->remove(vk, DeleteOptions{}, ctx);
        }
        for (const PodPtr& other : result->clearNominations) {
            ObjectPtr o = m_engine->get(ObjectKey{"Pod", other->ns, other->name});
            if (!o)
                continue;
            Json n = *o;
            n["status"].erase("nominatedNodeName");
            (void)m_engine->updateStatus(n, ctx);
        }
    }
    armTimer();
}

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/schedulingqueue.h"

#include <algorithm>

#include "core/scheduler/nodeinfo.h"
#include "core/scheduler/plugins/names.h"
#include "core/scheduler/snapshot.h"

namespace kubelab::scheduler {

namespace {

/// Upstream's PrioritySort: higher priority first, then earlier enqueue time.
bool prioritySortLess(const QueuedPodInfo& a, const QueuedPodInfo& b)
{
    const std::int32_t pa = a.pod->priority;
    const std::int32_t pb = b.pod->priority;
    return pa > pb || (pa == pb && a.timestamp < b.timestamp);
}

} // namespace

bool SchedulingQueue::ActiveLess::operator()(const Entry* a, const Entry* b) const
{
    if (queue->m_less(a->info, b->info))
        return true;
    if (queue->m_less(b->info, a->info))
        return false;
    return a->seq < b->seq;
}

bool SchedulingQueue::BackoffLess::operator()(const Entry* a, const Entry* b) const
{
    if (a->backoffExpiry != b->backoffExpiry)
        return a->backoffExpiry < b->backoffExpiry;
    return a->seq < b->seq;
}

SchedulingQueue::SchedulingQueue(QueueOptions options)
    : m_options(options), m_less(prioritySortLess), m_active(ActiveLess{this})
{
}

SchedulingQueue::~SchedulingQueue() = default;

void SchedulingQueue::setLess(LessFn less)
{
    // Re-sort what is queued under the new order.
    std::vector<Entry*> active(m_active.begin(), m_active.end());
    m_active.clear();
    m_less = less ? std::move(less) : LessFn(prioritySortLess);
    for (Entry* e : active)
        m_active.insert(e);
}

SchedulingQueue::Entry* SchedulingQueue::find(const core::Pod& pod) const
{
    auto it = m_entries.find(podIdentity(pod));
    return it == m_entries.end() ? nullptr : it->second.get();
}

void SchedulingQueue::detach(Entry* e)
{
    switch (e->where) {
    case Where::Active: m_active.erase(e); break;
    case Where::Backoff: m_backoff.erase(e); break;
    case Where::Unschedulable:
    case Where::Gated: m_unschedulable.erase(e->seq); break;
    case Where::None:
    case Where::InFlight: break;
    }
    e->where = Where::None;
}

void SchedulingQueue::toActive(Entry* e)
{
    detach(e);
    e->seq = ++m_seq;
    e->where = Where::Active;
    m_active.insert(e);
}

void SchedulingQueue::toBackoff(Entry* e)
{
    detach(e);
    e->seq = ++m_seq;
    e->backoffExpiry = backoffExpiry(e->info);
    e->where = Where::Backoff;
    m_backoff.insert(e);
}

void SchedulingQueue::toUnschedulable(Entry* e, bool gated)
{
    detach(e);
    e->seq = ++m_seq;
    e->where = gated ? Where::Gated : Where::Unschedulable;
    m_unschedulable.emplace(e->seq, e);
}

void SchedulingQueue::moveToActiveQ(Entry* e)
{
    Status s = m_preEnqueue ? m_preEnqueue(*e->info.pod) : Status();
    if (!s.isSuccess()) {
        e->info.gated = true;
        e->info.gatingPlugin = std::string(s.plugin());
        e->info.unschedulablePlugins.insert(std::string(s.plugin()));
        if (e->where != Where::Gated && e->where != Where::Unschedulable)
            toUnschedulable(e, true);
        else if (e->where == Where::Unschedulable)
            e->where = Where::Gated;
        return;
    }
    e->info.gated = false;
    e->info.gatingPlugin.clear();
    toActive(e);
}

bool SchedulingQueue::isBackingOff(const Entry& e, VirtualTime now) const
{
    if (e.info.gated)
        return false;
    return backoffExpiry(e.info) > now;
}

void SchedulingQueue::requeueAfterBackoff(Entry* e, VirtualTime now)
{
    if (isBackingOff(*e, now)) {
        toBackoff(e);
        return;
    }
    moveToActiveQ(e);
}

VirtualTime SchedulingQueue::backoffDuration(int attempts) const
{
    if (attempts <= 0)
        return 0;
    VirtualTime duration = m_options.initialBackoff;
    for (int i = 1; i < attempts; ++i) {
        if (duration > m_options.maxBackoff - duration)
            return m_options.maxBackoff;
        duration += duration;
    }
    return duration;
}

VirtualTime SchedulingQueue::backoffExpiry(const QueuedPodInfo& info) const
{
    return info.timestamp + backoffDuration(info.attempts);
}

void SchedulingQueue::add(PodPtr pod, VirtualTime now)
{
    if (!pod)
        return;
    const std::string id = podIdentity(*pod);
    auto& slot = m_entries[id];
    if (slot) {
        // Already known: treat as an update of the stored pod.
        const PodPtr old = slot->info.pod;
        update(old, std::move(pod), now);
        return;
    }
    slot = std::make_unique<Entry>();
    slot->info.pod = std::move(pod);
    slot->info.timestamp = now;
    slot->info.initialAttemptTimestamp = now;
    if (!slot->info.pod->nominatedNodeName.empty())
        addNominatedPod(slot->info.pod, slot->info.pod->nominatedNodeName);
    moveToActiveQ(slot.get());
}

namespace {

bool sameTolerations(const std::vector<core::Toleration>& a, const std::vector<core::Toleration>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].key != b[i].key || a[i].op != b[i].op || a[i].value != b[i].value || a[i].effect != b[i].effect)
            return false;
    return true;
}

/// Upstream's `isPodUpdated`: anything but status and bookkeeping metadata changed.
bool podSchedulingPropertiesChanged(const core::Pod& a, const core::Pod& b)
{
    if (a.labels != b.labels || a.annotations != b.annotations || a.schedulingGates != b.schedulingGates
        || a.nodeSelector != b.nodeSelector || a.priority != b.priority || a.nodeName != b.nodeName
        || a.schedulerName != b.schedulerName || !(a.requests == b.requests)
        || !sameTolerations(a.tolerations, b.tolerations) || a.hasAffinity() != b.hasAffinity()
        || a.affinity.has_value() != b.affinity.has_value()
        || a.topologySpreadConstraints.size() != b.topologySpreadConstraints.size()
        || a.volumes.size() != b.volumes.size() || a.containers.size() != b.containers.size())
        return true;
    for (std::size_t i = 0; i < a.containers.size(); ++i)
        if (a.containers[i].image != b.containers[i].image || a.containers[i].ports.size() != b.containers[i].ports.size())
            return true;
    for (std::size_t i = 0; i < a.volumes.size(); ++i)
        if (a.volumes[i].claimName != b.volumes[i].claimName)
            return true;
    return false;
}

} // namespace

void SchedulingQueue::update(const PodPtr& oldPod, PodPtr newPod, VirtualTime now)
{
    if (!newPod)
        return;
    Entry* e = find(*newPod);
    if (!e) {
        add(std::move(newPod), now);
        return;
    }
    const PodPtr previous = e->info.pod;
    const bool changed = !oldPod || podSchedulingPropertiesChanged(oldPod ? *oldPod : *previous, *newPod);
    if (newPod->nominatedNodeName != previous->nominatedNodeName) {
        deleteNominatedPodIfExists(*previous);
        if (!newPod->nominatedNodeName.empty())
            addNominatedPod(newPod, newPod->nominatedNodeName);
    } else if (!newPod->nominatedNodeName.empty()) {
        deleteNominatedPodIfExists(*previous);
        addNominatedPod(newPod, newPod->nominatedNodeName);
    }
    switch (e->where) {
    case Where::Active: {
        // The order may depend on the pod (priority): re-insert.
        m_active.erase(e);
        e->info.pod = std::move(newPod);
        m_active.insert(e);
        return;
    }
    case Where::Backoff:
    case Where::InFlight:
    case Where::None: e->info.pod = std::move(newPod); return;
    case Where::Unschedulable:
    case Where::Gated: break;
    }
    e->info.pod = std::move(newPod);
    if (!changed)
        return;
    if (isBackingOff(*e, now)) {
        toBackoff(e);
        return;
    }
    moveToActiveQ(e);
}

void SchedulingQueue::remove(const core::Pod& pod)
{
    auto it = m_entries.find(podIdentity(pod));
    if (it == m_entries.end())
        return;
    detach(it->second.get());
    deleteNominatedPodIfExists(pod);
    m_entries.erase(it);
}

std::optional<QueuedPodInfo> SchedulingQueue::pop(VirtualTime now)
{
    if (m_active.empty())
        return std::nullopt;
    Entry* e = *m_active.begin();
    m_active.erase(m_active.begin());
    e->where = Where::InFlight;
    ++e->info.attempts;
    if (e->info.attempts == 1)
        e->info.initialAttemptTimestamp = now;
    ++m_cycle;
    return e->info;
}

void SchedulingQueue::addUnschedulableIfNotPresent(QueuedPodInfo info, std::uint64_t podSchedulingCycle, VirtualTime now)
{
    if (!info.pod)
        return;
    Entry* e = find(*info.pod);
    if (!e || e->where != Where::InFlight)
        return; // deleted while in flight, or already queued again
    info.timestamp = now;
    e->info = std::move(info);
    const bool moveRequested = m_anyMoveRequest && m_moveRequestCycle >= podSchedulingCycle;
    if (moveRequested || e->info.unschedulablePlugins.empty()) {
        requeueAfterBackoff(e, now);
        return;
    }
    toUnschedulable(e, false);
}

void SchedulingQueue::done(const core::Pod& pod)
{
    auto it = m_entries.find(podIdentity(pod));
    if (it == m_entries.end())
        return;
    detach(it->second.get());
    m_entries.erase(it);
}

void SchedulingQueue::requeueAfterError(QueuedPodInfo info, VirtualTime now)
{
    if (!info.pod)
        return;
    auto& slot = m_entries[podIdentity(*info.pod)];
    if (slot)
        return; // the pod is known again (re-created or already re-queued)
    slot = std::make_unique<Entry>();
    info.timestamp = now;
    info.unschedulablePlugins.clear();
    slot->info = std::move(info);
    requeueAfterBackoff(slot.get(), now);
}

bool SchedulingQueue::worthRequeuing(const Entry& e, const ClusterEvent& event) const
{
    const auto& rejectors = e.info.unschedulablePlugins;
    if (rejectors.empty())
        return true;
    if (event.resource == EventResource::WildCard && event.actionType == action::All)
        return true;
    for (const std::string& plugin : rejectors) {
        const std::vector<ClusterEvent>* registered =
            m_pluginEvents ? m_pluginEvents(e.info.pod->schedulerName, plugin) : nullptr;
        if (!registered)
            return true; // unknown plugin: as upstream does for plugins without EnqueueExtensions
        for (const ClusterEvent& r : *registered)
            if (event.matches(r))
                return true;
    }
    return false;
}

void SchedulingQueue::moveAllToActiveOrBackoffQueue(const ClusterEvent& event, VirtualTime now, const PreCheckFn& preCheck)
{
    std::vector<Entry*> candidates;
    candidates.reserve(m_unschedulable.size());
    for (const auto& [seq, e] : m_unschedulable)
        if (!preCheck || preCheck(*e->info.pod))
            candidates.push_back(e);
    for (Entry* e : candidates) {
        if (e->info.gated && e->info.unschedulablePlugins.contains(names::SchedulingGates))
            continue;
        if (!worthRequeuing(*e, event))
            continue;
        requeueAfterBackoff(e, now);
    }
    m_moveRequestCycle = m_cycle;
    m_anyMoveRequest = true;
}

void SchedulingQueue::movePodsToActiveOrBackoffQueue(const std::vector<PodPtr>& pods, const ClusterEvent& event,
                                                     VirtualTime now)
{
    for (const PodPtr& pod : pods) {
        Entry* e = pod ? find(*pod) : nullptr;
        if (!e || (e->where != Where::Unschedulable && e->where != Where::Gated))
            continue;
        if (e->info.gated && e->info.unschedulablePlugins.contains(names::SchedulingGates))
            continue;
        if (!worthRequeuing(*e, event))
            continue;
        requeueAfterBackoff(e, now);
    }
    m_moveRequestCycle = m_cycle;
    m_anyMoveRequest = true;
}

void SchedulingQueue::flushBackoffQCompleted(VirtualTime now)
{
    while (!m_backoff.empty()) {
        Entry* e = *m_backoff.begin();
        if (e->backoffExpiry > now)
            break;
        moveToActiveQ(e);
    }
}

void SchedulingQueue::flushUnschedulablePodsLeftover(VirtualTime now)
{
    std::vector<PodPtr> stale;
    for (const auto& [seq, e] : m_unschedulable)
        if (now - e->info.timestamp > m_options.maxInUnschedulable)
            stale.push_back(e->info.pod);
    if (!stale.empty())
        movePodsToActiveOrBackoffQueue(stale, ClusterEvent{EventResource::WildCard, action::All, "UnschedulableTimeout"},
                                       now);
}

std::optional<VirtualTime> SchedulingQueue::nextWakeUp() const
{
    std::optional<VirtualTime> next;
    if (!m_backoff.empty())
        next = (*m_backoff.begin())->backoffExpiry;
    for (const auto& [seq, e] : m_unschedulable) {
        if (e->info.gated)
            continue;
        const VirtualTime t = e->info.timestamp + m_options.maxInUnschedulable + 1;
        if (!next || t < *next)
            next = t;
    }
    return next;
}

void SchedulingQueue::addNominatedPod(PodPtr pod, const std::string& nodeName)
{
    if (!pod || nodeName.empty())
        return;
    deleteNominatedPodIfExists(*pod);
    m_nominatedNodeOf[podIdentity(*pod)] = nodeName;
    m_nominatedByNode[nodeName].push_back(std::move(pod));
}

void SchedulingQueue::deleteNominatedPodIfExists(const core::Pod& pod)
{
    auto it = m_nominatedNodeOf.find(podIdentity(pod));
    if (it == m_nominatedNodeOf.end())
        return;
    auto nodeIt = m_nominatedByNode.find(it->second);
    if (nodeIt != m_nominatedByNode.end()) {
        std::erase_if(nodeIt->second, [&pod](const PodPtr& p) { return samePod(*p, pod); });
        if (nodeIt->second.empty())
            m_nominatedByNode.erase(nodeIt);
    }
    m_nominatedNodeOf.erase(it);
}

const std::vector<PodPtr>* SchedulingQueue::nominatedPods(std::string_view nodeName) const
{
    if (m_nominatedByNode.empty())
        return nullptr;
    auto it = m_nominatedByNode.find(std::string(nodeName));
    return it == m_nominatedByNode.end() ? nullptr : &it->second;
}

std::string SchedulingQueue::nominatedNodeOf(const core::Pod& pod) const
{
    auto it = m_nominatedNodeOf.find(podIdentity(pod));
    return it == m_nominatedNodeOf.end() ? std::string() : it->second;
}

SchedulingQueue::Where SchedulingQueue::where(const core::Pod& pod) const
{
    const Entry* e = find(pod);
    return e ? e->where : Where::None;
}

const QueuedPodInfo* SchedulingQueue::info(const core::Pod& pod) const
{
    const Entry* e = find(pod);
    return e ? &e->info : nullptr;
}

std::vector<PodPtr> SchedulingQueue::pendingPods() const
{
    std::vector<PodPtr> out;
    for (const Entry* e : m_active)
        out.push_back(e->info.pod);
    for (const Entry* e : m_backoff)
        out.push_back(e->info.pod);
    for (const auto& [seq, e] : m_unschedulable)
        out.push_back(e->info.pod);
    return out;
}

std::vector<PodPtr> SchedulingQueue::unschedulablePods() const
{
    std::vector<PodPtr> out;
    out.reserve(m_unschedulable.size());
    for (const auto& [seq, e] : m_unschedulable)
        out.push_back(e->info.pod);
    return out;
}

} // namespace kubelab::scheduler

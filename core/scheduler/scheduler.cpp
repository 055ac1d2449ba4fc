// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/scheduler.h"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "core/scheduler/plugins/helper.h"
#include "core/scheduler/plugins/names.h"
#include "core/scheduler/plugins/noderesourcesfit.h"

namespace kubelab::scheduler {

namespace {

constexpr std::int64_t kMinFeasibleNodesToFind = 100;
constexpr std::int64_t kMinFeasibleNodesPercentageToFind = 5;

/// Clears the framework's random source when the cycle ends.
class RandomScope {
public:
    RandomScope(Framework& fwk, const RandomSource& random) : m_fwk(fwk) { m_fwk.setRandomSource(&random); }
    ~RandomScope()
    {
        m_fwk.setRandomSource(nullptr);
        m_fwk.endCycle();
    }
    RandomScope(const RandomScope&) = delete;
    RandomScope& operator=(const RandomScope&) = delete;

private:
    Framework& m_fwk;
};

bool affinityTermMatches(const core::PodAffinityTerm& term, const core::Pod& owner, const core::Pod& other)
{
    if (term.namespaceSelector) {
        // An empty namespaceSelector selects every namespace; a non-empty one needs the
        // namespace's labels, which the scheduler does not keep: count it as a match.
        (void)owner;
    } else {
        const bool listed = term.namespaces.empty()
            ? other.ns == owner.ns
            : std::find(term.namespaces.begin(), term.namespaces.end(), other.ns) != term.namespaces.end();
        if (!listed)
            return false;
    }
    return term.labelSelector.matches(other.labels);
}

} // namespace

std::string_view outcomeName(ScheduleResult::Outcome outcome)
{
    switch (outcome) {
    case ScheduleResult::Outcome::Scheduled: return "Scheduled";
    case ScheduleResult::Outcome::Unschedulable: return "Unschedulable";
    case ScheduleResult::Outcome::Error: return "Error";
    }
    return "";
}

std::string fitErrorMessage(std::size_t numAllNodes, const Diagnosis& diagnosis)
{
    std::string msg = "0/" + std::to_string(numAllNodes) + " nodes are available:";
    if (!diagnosis.preFilterMsg.empty()) {
        msg += " " + diagnosis.preFilterMsg + ".";
    } else {
        std::map<std::string, std::size_t> reasons;
        for (const auto& [node, status] : diagnosis.nodeToStatus.statuses())
            for (const std::string& reason : status.reasons())
                ++reasons[reason];
        const std::size_t explicitNodes = diagnosis.nodeToStatus.size();
        if (explicitNodes < numAllNodes)
            for (const std::string& reason : diagnosis.nodeToStatus.absentNodesStatus().reasons())
                reasons[reason] += numAllNodes - explicitNodes;
        std::vector<std::string> histogram;
        histogram.reserve(reasons.size());
        for (const auto& [reason, count] : reasons)
            histogram.push_back(std::to_string(count) + " " + reason);
        std::sort(histogram.begin(), histogram.end());
        if (!histogram.empty()) {
            msg += " ";
            for (std::size_t i = 0; i < histogram.size(); ++i) {
                if (i)
                    msg += ", ";
                msg += histogram[i];
            }
            msg += ".";
        }
    }
    if (!diagnosis.postFilterMsg.empty())
        msg += " " + diagnosis.postFilterMsg + ".";
    return msg;
}

std::int64_t numFeasibleNodesToFind(std::optional<std::int32_t> profilePercentage, std::int32_t globalPercentage,
                                    std::int64_t numAllNodes)
{
    if (numAllNodes < kMinFeasibleNodesToFind)
        return numAllNodes;
    std::int64_t percentage = profilePercentage ? *profilePercentage : globalPercentage;
    if (percentage == 0) {
        percentage = 50 - numAllNodes / 125;
        if (percentage < kMinFeasibleNodesPercentageToFind)
            percentage = kMinFeasibleNodesPercentageToFind;
    }
    const std::int64_t numNodes = numAllNodes * percentage / 100;
    return numNodes < kMinFeasibleNodesToFind ? kMinFeasibleNodesToFind : numNodes;
}

Scheduler::~Scheduler() = default;

core::Result<std::unique_ptr<Scheduler>> Scheduler::create(const SchedulerConfiguration& config, Options options)
{
    std::unique_ptr<Scheduler> s(new Scheduler());
    s->m_options = options;
    if (auto st = s->buildProfiles(config); !st)
        return core::fail(st.error());
    return s;
}

core::Status Scheduler::validate(const SchedulerConfiguration& config)
{
    auto s = create(config, {});
    if (!s)
        return core::fail(s.error());
    return {};
}

core::Status Scheduler::reconfigure(const SchedulerConfiguration& config)
{
    return buildProfiles(config);
}

core::Status Scheduler::buildProfiles(const SchedulerConfiguration& config)
{
    std::vector<std::unique_ptr<Framework>> profiles;
    for (const ProfileConfig& profile : config.profiles) {
        auto fwk = Framework::create(profile, m_snapshot, &m_queue, m_options.outOfTreeRegistry);
        if (!fwk)
            return core::fail(core::ErrorCode::Invalid, "initializing profiles: creating profile for scheduler name "
                                                             + profile.schedulerName + ": " + fwk.error().message);
        profiles.push_back(std::move(*fwk));
    }
    if (profiles.empty())
        return core::fail(core::ErrorCode::Invalid, "initializing profiles: profiles: Required value");
    m_profiles = std::move(profiles);
    m_config = config;
    wireQueue();
    return {};
}

void Scheduler::wireQueue()
{
    QueueOptions options;
    options.initialBackoff = m_config.podInitialBackoffSeconds * 1000;
    options.maxBackoff = m_config.podMaxBackoffSeconds * 1000;
    m_queue.setOptions(options);
    QueueSortPlugin* sort = m_profiles.front()->queueSortPlugin();
    m_queue.setLess([sort](const QueuedPodInfo& a, const QueuedPodInfo& b) { return sort->less(a, b); });
    m_queue.setPreEnqueue([this](const core::Pod& pod) -> Status {
        Framework* fwk = profile(pod.schedulerName);
        return fwk ? fwk->runPreEnqueuePlugins(pod) : Status();
    });
    m_queue.setPluginEvents([this](std::string_view schedulerName,
                                   std::string_view plugin) -> const std::vector<ClusterEvent>* {
        Framework* fwk = profile(schedulerName);
        if (!fwk)
            return nullptr;
        auto it = fwk->enqueueEvents().find(std::string(plugin));
        return it == fwk->enqueueEvents().end() ? nullptr : &it->second;
    });
}

Framework* Scheduler::profile(std::string_view schedulerName) const
{
    for (const auto& fwk : m_profiles)
        if (fwk->profileName() == schedulerName)
            return fwk.get();
    return nullptr;
}

bool Scheduler::admissionCheck(const core::Pod& pod, const NodeInfo& nodeInfo) const
{
    const core::Node* node = nodeInfo.node();
    if (!node)
        return false;
    if (!noderesources::fitsRequest(pod.requests, nodeInfo, {}, {}).empty())
        return false;
    if (!helper::podMatchesNodeSelectorAndAffinityTerms(pod, *node))
        return false;
    if (!pod.nodeName.empty() && pod.nodeName != node->name)
        return false;
    for (const core::ContainerPort* port : hostPortsOf(pod))
        if (nodeInfo.usedPorts().checkConflict(port->hostIP, port->protocol, port->hostPort))
            return false;
    for (const core::Taint& taint : node->taints)
        if (taint.effect == core::TaintEffect::NoSchedule && !core::tolerationsTolerateTaint(pod.tolerations, taint))
            return false;
    return true;
}

std::vector<PodPtr> Scheduler::unschedulablePodsWithMatchingAffinityTerm(const core::Pod& assigned) const
{
    std::vector<PodPtr> out;
    if (m_queue.unschedulableCount() == 0)
        return out;
    for (const PodPtr& pod : m_queue.unschedulablePods()) {
        if (!pod->affinity || !pod->affinity->podAffinity)
            continue;
        for (const core::PodAffinityTerm& term : pod->affinity->podAffinity->required) {
            if (affinityTermMatches(term, *pod, assigned)) {
                out.push_back(pod);
                break;
            }
        }
    }
    return out;
}

void Scheduler::onPodAdded(PodPtr pod, VirtualTime now)
{
    if (!pod)
        return;
    if (!pod->nodeName.empty()) {
        m_queue.remove(*pod);
        if (pod->isTerminal())
            return;
        const auto matching = unschedulablePodsWithMatchingAffinityTerm(*pod);
        m_snapshot.setPod(pod);
        m_queue.movePodsToActiveOrBackoffQueue(matching, ClusterEvent{EventResource::Pod, action::Add, "AssignedPodAdd"},
                                               now);
        return;
    }
    if (pod->isTerminal() || !responsibleFor(*pod))
        return;
    m_queue.add(std::move(pod), now);
}

void Scheduler::onPodUpdated(const PodPtr& oldPod, PodPtr newPod, VirtualTime now)
{
    if (!newPod)
        return;
    if (!newPod->nodeName.empty()) {
        const bool wasAssigned = oldPod && !oldPod->nodeName.empty();
        const bool wasTerminal = oldPod && oldPod->isTerminal();
        if (!wasAssigned)
            m_queue.remove(*newPod);
        if (newPod->isTerminal()) {
            // Terminal pods leave the scheduler's view, as a deletion does.
            if (m_snapshot.removePod(*newPod) && !wasTerminal)
                m_queue.moveAllToActiveOrBackoffQueue(
                    ClusterEvent{EventResource::Pod, action::Delete, "AssignedPodDelete"}, now);
            return;
        }
        m_snapshot.setPod(newPod);
        const auto matching = unschedulablePodsWithMatchingAffinityTerm(*newPod);
        m_queue.movePodsToActiveOrBackoffQueue(
            matching,
            ClusterEvent{EventResource::Pod, wasAssigned ? action::UpdatePodLabel : action::Add,
                         wasAssigned ? "AssignedPodUpdate" : "AssignedPodAdd"},
            now);
        return;
    }
    if (newPod->isTerminal() || !responsibleFor(*newPod)) {
        m_queue.remove(*newPod);
        return;
    }
    m_queue.update(oldPod, std::move(newPod), now);
}

void Scheduler::onPodDeleted(const PodPtr& pod, VirtualTime now)
{
    if (!pod)
        return;
    m_queue.remove(*pod);
    if (m_snapshot.removePod(*pod))
        m_queue.moveAllToActiveOrBackoffQueue(ClusterEvent{EventResource::Pod, action::Delete, "AssignedPodDelete"},
                                              now);
}

void Scheduler::onNodeAdded(NodePtr node, VirtualTime now)
{
    if (!node)
        return;
    const std::string name = node->name;
    m_snapshot.setNode(std::move(node));
    const NodeInfo* info = m_snapshot.get(name);
    if (!info)
        return;
    m_queue.moveAllToActiveOrBackoffQueue(ClusterEvent{EventResource::Node, action::Add, "NodeAdd"}, now,
                                          [this, info](const core::Pod& pod) { return admissionCheck(pod, *info); });
}

void Scheduler::onNodeUpdated(const NodePtr& oldNode, NodePtr newNode, VirtualTime now)
{
    if (!newNode)
        return;
    const std::string name = newNode->name;
    std::vector<ClusterEvent> events;
    if (oldNode) {
        if (oldNode->unschedulable != newNode->unschedulable)
            events.push_back(ClusterEvent{EventResource::Node, action::UpdateNodeTaint, "NodeSpecUnschedulableChange"});
        if (!(oldNode->allocatable == newNode->allocatable))
            events.push_back(ClusterEvent{EventResource::Node, action::UpdateNodeAllocatable, "NodeAllocatableChange"});
        if (oldNode->labels != newNode->labels)
            events.push_back(ClusterEvent{EventResource::Node, action::UpdateNodeLabel, "NodeLabelChange"});
        if (!(oldNode->taints == newNode->taints))
            events.push_back(ClusterEvent{EventResource::Node, action::UpdateNodeTaint, "NodeTaintChange"});
    }
    m_snapshot.setNode(std::move(newNode));
    const NodeInfo* info = m_snapshot.get(name);
    if (!info)
        return;
    for (const ClusterEvent& event : events)
        m_queue.moveAllToActiveOrBackoffQueue(event, now,
                                              [this, info](const core::Pod& pod) { return admissionCheck(pod, *info); });
}

void Scheduler::onNodeDeleted(const NodePtr& node, VirtualTime /*now*/)
{
    if (node)
        m_snapshot.removeNode(node->name);
}

void Scheduler::onStorageEvent(EventResource resource, std::uint32_t actionType, VirtualTime now)
{
    m_queue.moveAllToActiveOrBackoffQueue(ClusterEvent{resource, actionType, "StorageChange"}, now);
}

void Scheduler::onBindingFailed(const PodPtr& pod, VirtualTime now)
{
    if (!pod)
        return;
    if (m_snapshot.removePod(*pod))
        m_queue.moveAllToActiveOrBackoffQueue(ClusterEvent{EventResource::Pod, action::Delete, "AssignedPodDelete"},
                                              now);
    if (m_lastScheduled && samePod(*m_lastScheduled->pod, *pod)) {
        QueuedPodInfo info = std::move(*m_lastScheduled);
        m_lastScheduled.reset();
        info.pod = pod;
        m_queue.requeueAfterError(std::move(info), now);
        return;
    }
    if (responsibleFor(*pod))
        m_queue.add(pod, now);
}

void Scheduler::flushQueues(VirtualTime now)
{
    m_queue.flushBackoffQCompleted(now);
    m_queue.flushUnschedulablePodsLeftover(now);
}

std::optional<ScheduleResult> Scheduler::scheduleNext(VirtualTime now, const RandomSource& random)
{
    auto info = m_queue.pop(now);
    if (!info)
        return std::nullopt;
    const std::uint64_t cycle = m_queue.schedulingCycle();
    ScheduleResult result = scheduleOne(info->pod, random);
    if (result.outcome == ScheduleResult::Outcome::Scheduled) {
        m_queue.done(*info->pod);
        m_lastScheduled = std::move(info);
        return result;
    }
    for (const PodPtr& p : result.clearNominations)
        m_queue.deleteNominatedPodIfExists(*p);
    if (result.nominatedNode) {
        if (result.nominatedNode->empty())
            m_queue.deleteNominatedPodIfExists(*info->pod);
        else
            m_queue.addNominatedPod(info->pod, *result.nominatedNode);
    }
    info->unschedulablePlugins = result.unschedulablePlugins;
    m_queue.addUnschedulableIfNotPresent(std::move(*info), cycle, now);
    return result;
}

ScheduleResult Scheduler::scheduleOne(const PodPtr& pod, const RandomSource& random)
{
    ScheduleResult r;
    r.pod = pod;
    Framework* fwk = pod ? profile(pod->schedulerName) : nullptr;
    std::shared_ptr<Decision> decision;
    if (m_options.recordDecisions && pod) {
        decision = std::make_shared<Decision>();
        decision->pod = pod->key();
        decision->schedulerName = pod->schedulerName;
    }
    auto finish = [&]() -> ScheduleResult {
        if (decision) {
            decision->result = std::string(outcomeName(r.outcome));
            decision->selectedNode = r.node;
            decision->message = r.message;
            r.decision = std::move(decision);
        }
        return std::move(r);
    };
    if (!fwk) {
        r.outcome = ScheduleResult::Outcome::Error;
        r.message = pod ? "profile not found for scheduler name " + helper::quoted(pod->schedulerName) : "no pod";
        return finish();
    }
    RandomScope randomScope(*fwk, random);
    m_state.clear();
    const std::vector<NodeInfo*>& all = m_snapshot.list();
    if (all.empty()) {
        r.outcome = ScheduleResult::Outcome::Unschedulable;
        r.message = "no nodes available to schedule pods";
        r.nominatedNode = std::string();
        return finish();
    }

    Diagnosis diagnosis;
    m_feasible.clear();
    m_evaluated.clear();
    auto fail = [&](std::string message) -> ScheduleResult {
        r.outcome = ScheduleResult::Outcome::Error;
        r.message = std::move(message);
        r.nominatedNode = std::string();
        r.unschedulablePlugins.clear();
        return finish();
    };

    PreFilterResult preResult;
    std::vector<std::string_view> pluginsWithNodes;
    Status pre = fwk->runPreFilterPlugins(m_state, *pod, preResult, pluginsWithNodes);
    for (std::string_view p : pluginsWithNodes)
        diagnosis.unschedulablePlugins.emplace(p);
    std::vector<NodeInfo*> evaluatedSubset;
    if (!pre.isSuccess()) {
        if (!pre.isRejected())
            return fail(pre.message());
        diagnosis.preFilterMsg = pre.message();
        if (!pre.plugin().empty())
            diagnosis.unschedulablePlugins.emplace(pre.plugin());
        diagnosis.nodeToStatus.setAbsentNodesStatus(std::move(pre));
    } else {
        fwk->beginFilterPhase(m_state);
        bool nominatedFits = false;
        if (!pod->nominatedNodeName.empty()) {
            if (NodeInfo* n = m_snapshot.get(pod->nominatedNodeName)) {
                Status s = fwk->filterNode(m_state, *pod, *n);
                if (s.isSuccess()) {
                    if (decision)
                        m_evaluated.push_back(Evaluated{0, n, 0});
                    m_feasible.push_back(n);
                    nominatedFits = true;
                } else if (s.isRejected()) {
                    if (!s.plugin().empty())
                        diagnosis.unschedulablePlugins.emplace(s.plugin());
                    diagnosis.nodeToStatus.set(n->name(), std::move(s));
                }
            }
        }
        if (!nominatedFits) {
            std::span<NodeInfo* const> nodes(all);
            if (!preResult.allNodes()) {
                for (NodeInfo* n : all)
                    if (std::find(preResult.nodeNames->begin(), preResult.nodeNames->end(), n->name())
                        != preResult.nodeNames->end())
                        evaluatedSubset.push_back(n);
                nodes = evaluatedSubset;
                std::string msg = "node(s) didn't satisfy plugin(s) [";
                bool first = true;
                for (const std::string& p : diagnosis.unschedulablePlugins) {
                    msg += (first ? "" : " ") + p;
                    first = false;
                }
                msg += "]";
                diagnosis.nodeToStatus.setAbsentNodesStatus(Status(Code::UnschedulableAndUnresolvable, std::move(msg)));
            }
            // Filter from where the previous cycle stopped, until enough nodes fit.
            const std::size_t n = nodes.size();
            std::int64_t toFind = numFeasibleNodesToFind(fwk->percentageOfNodesToScore(),
                                                         m_config.percentageOfNodesToScore, static_cast<std::int64_t>(n));
            if (fwk->scorePlugins().empty())
                toFind = std::min<std::int64_t>(toFind, 1);
            if (fwk->filterPlugins().empty()) {
                for (std::int64_t i = 0; i < toFind && n > 0; ++i) {
                    const std::size_t position = (m_nextStartNodeIndex + static_cast<std::size_t>(i)) % n;
                    if (decision)
                        m_evaluated.push_back(
                            Evaluated{position, nodes[position], static_cast<std::int64_t>(m_feasible.size())});
                    m_feasible.push_back(nodes[position]);
                }
            } else {
                for (std::size_t i = 0; i < n; ++i) {
                    const std::size_t position = (m_nextStartNodeIndex + i) % n;
                    NodeInfo* node = nodes[position];
                    Status s = fwk->filterNode(m_state, *pod, *node);
                    if (s.isError()) {
                        m_nextStartNodeIndex =
                            (m_nextStartNodeIndex + m_feasible.size() + diagnosis.nodeToStatus.size()) % all.size();
                        return fail(s.message());
                    }
                    if (s.isSuccess()) {
                        // The node beyond the wanted count ends the search, uncounted (upstream's cancel).
                        if (static_cast<std::int64_t>(m_feasible.size()) >= toFind)
                            break;
                        if (decision)
                            m_evaluated.push_back(Evaluated{position, node, static_cast<std::int64_t>(m_feasible.size())});
                        m_feasible.push_back(node);
                        continue;
                    }
                    if (decision)
                        m_evaluated.push_back(Evaluated{position, node, -1});
                    if (!s.plugin().empty())
                        diagnosis.unschedulablePlugins.emplace(s.plugin());
                    diagnosis.nodeToStatus.set(node->name(), std::move(s));
                }
            }
            const std::size_t processed = m_feasible.size() + diagnosis.nodeToStatus.size();
            m_nextStartNodeIndex = (m_nextStartNodeIndex + processed) % all.size();
        }
    }

    r.feasibleNodes = m_feasible.size();
    r.evaluatedNodes = m_feasible.size() + diagnosis.nodeToStatus.size();

    // Decision rows for the filter phase, in snapshot order.
    std::vector<std::size_t> rowOfFeasible(decision ? m_feasible.size() : 0, 0);
    if (decision) {
        const auto& statuses = diagnosis.nodeToStatus.statuses();
        auto filterRow = [&](NodeInfo* n, const Status& status, std::string_view plugin) {
            Decision::NodeRecord row;
            row.name = n->name();
            row.filters.push_back(Decision::FilterVerdict{plugin, status.code(), status.reasons()});
            decision->nodes.push_back(std::move(row));
        };
        if (diagnosis.preFilterMsg.empty() && evaluatedSubset.empty()) {
            // The usual case: only the nodes the filter loop looked at.
            std::sort(m_evaluated.begin(), m_evaluated.end(),
                      [](const Evaluated& a, const Evaluated& b) { return a.position < b.position; });
            decision->nodes.reserve(m_evaluated.size());
            for (const Evaluated& e : m_evaluated) {
                if (e.feasibleIndex >= 0) {
                    rowOfFeasible[static_cast<std::size_t>(e.feasibleIndex)] = decision->nodes.size();
                    Decision::NodeRecord row;
                    row.name = e.node->name();
                    row.feasible = true;
                    decision->nodes.push_back(std::move(row));
                } else if (auto it = statuses.find(e.node->name()); it != statuses.end()) {
                    filterRow(e.node, it->second, it->second.plugin());
                }
            }
        } else {
            // PreFilter decided for some or all nodes: every node gets a row.
            std::unordered_map<const NodeInfo*, std::size_t> feasibleIndex;
            for (std::size_t i = 0; i < m_feasible.size(); ++i)
                feasibleIndex.emplace(m_feasible[i], i);
            std::unordered_set<const NodeInfo*> inSubset(evaluatedSubset.begin(), evaluatedSubset.end());
            const Status& absent = diagnosis.nodeToStatus.absentNodesStatus();
            std::string_view absentPlugin = absent.plugin();
            if (absentPlugin.empty() && !pluginsWithNodes.empty())
                absentPlugin = pluginsWithNodes.front();
            for (NodeInfo* n : all) {
                if (auto f = feasibleIndex.find(n); f != feasibleIndex.end()) {
                    rowOfFeasible[f->second] = decision->nodes.size();
                    Decision::NodeRecord row;
                    row.name = n->name();
                    row.feasible = true;
                    decision->nodes.push_back(std::move(row));
                } else if (auto it = statuses.find(n->name()); it != statuses.end()) {
                    filterRow(n, it->second, it->second.plugin());
                } else if (!inSubset.contains(n)) {
                    filterRow(n, absent, absentPlugin);
                }
            }
        }
    }

    if (m_feasible.empty()) {
        r.outcome = ScheduleResult::Outcome::Unschedulable;
        r.unschedulablePlugins = diagnosis.unschedulablePlugins;
        if (!fwk->postFilterPlugins().empty()) {
            PostFilterResult pf;
            Status ps = fwk->runPostFilterPlugins(m_state, *pod, diagnosis.nodeToStatus, pf);
            diagnosis.postFilterMsg = ps.message();
            r.nominatedNode = pf.nominatedNodeName;
            r.victims = std::move(pf.victims);
            r.clearNominations = std::move(pf.clearNominations);
        }
        r.message = fitErrorMessage(all.size(), diagnosis);
        return finish();
    }

    // Score (skipped when a single node fits).
    std::size_t selected = 0;
    if (m_feasible.size() > 1) {
        const std::size_t n = m_feasible.size();
        m_totals.assign(n, 0);
        if (fwk->scorePlugins().empty()) {
            std::fill(m_totals.begin(), m_totals.end(), 1);
        } else {
            Status ps = fwk->runPreScorePlugins(m_state, *pod, m_feasible);
            if (!ps.isSuccess())
                return fail(ps.message());
            std::vector<WeightedScorePlugin> active;
            for (const WeightedScorePlugin& sp : fwk->scorePlugins())
                if (!m_state.scoreSkipped(sp.plugin->name()))
                    active.push_back(sp);
            if (m_scores.size() < active.size()) {
                m_scores.resize(active.size());
                m_rawScores.resize(active.size());
            }
            for (std::size_t p = 0; p < active.size(); ++p) {
                std::vector<NodeScore>& scores = m_scores[p];
                scores.resize(n);
                for (std::size_t i = 0; i < n; ++i) {
                    scores[i].node = m_feasible[i];
                    scores[i].score = 0;
                    Status s = active[p].plugin->score(m_state, *pod, *m_feasible[i], scores[i].score);
                    if (!s.isSuccess())
                        return fail("plugin " + helper::quoted(active[p].plugin->name()) + " failed with: " + s.message());
                }
                if (decision) {
                    m_rawScores[p].resize(n);
                    for (std::size_t i = 0; i < n; ++i)
                        m_rawScores[p][i] = scores[i].score;
                }
                if (active[p].plugin->hasNormalizeScore()) {
                    Status s = active[p].plugin->normalizeScore(m_state, *pod, scores);
                    if (!s.isSuccess())
                        return fail("plugin " + helper::quoted(active[p].plugin->name()) + " failed with: " + s.message());
                }
            }
            if (decision)
                decision->scores.reserve(n * active.size());
            for (std::size_t i = 0; i < n; ++i) {
                std::int64_t total = 0;
                for (std::size_t p = 0; p < active.size(); ++p) {
                    const std::int64_t score = m_scores[p][i].score;
                    if (score > kMaxNodeScore || score < kMinNodeScore)
                        return fail("plugin " + helper::quoted(active[p].plugin->name()) + " returns an invalid score "
                                    + std::to_string(score) + ", it should in the range of [0, 100] after normalizing");
                    total += score * active[p].weight;
                }
                m_totals[i] = total;
                if (decision) {
                    Decision::NodeRecord& row = decision->nodes[rowOfFeasible[i]];
                    row.scoreOffset = decision->scores.size();
                    row.scoreCount = active.size();
                    for (std::size_t p = 0; p < active.size(); ++p)
                        decision->scores.push_back(Decision::PluginScore{active[p].plugin->name(), m_rawScores[p][i],
                                                                         m_scores[p][i].score, active[p].weight});
                    row.totalScore = total;
                }
            }
        }
        // Highest total wins; ties are broken uniformly by reservoir sampling.
        std::int64_t maxScore = m_totals[0];
        std::uint64_t countOfMax = 1;
        for (std::size_t i = 1; i < n; ++i) {
            if (m_totals[i] > maxScore) {
                maxScore = m_totals[i];
                selected = i;
                countOfMax = 1;
            } else if (m_totals[i] == maxScore) {
                ++countOfMax;
                if (random && random() % countOfMax == 0)
                    selected = i;
            }
        }
    }
    NodeInfo* chosen = m_feasible[selected];
    const std::string nodeName = chosen->name();

    // Reserve and Permit, then the (synchronous) binding cycle. The caller writes the binding.
    auto rejectOnNode = [&](Status s) -> ScheduleResult {
        fwk->runReservePluginsUnreserve(m_state, *pod, nodeName);
        if (!s.isRejected())
            return fail(s.message());
        Diagnosis d;
        if (!s.plugin().empty())
            r.unschedulablePlugins.emplace(s.plugin());
        d.nodeToStatus.set(nodeName, std::move(s));
        r.outcome = ScheduleResult::Outcome::Unschedulable;
        r.message = fitErrorMessage(1, d);
        r.nominatedNode = std::string();
        return finish();
    };
    if (Status s = fwk->runReservePluginsReserve(m_state, *pod, nodeName); !s.isSuccess())
        return rejectOnNode(std::move(s));
    if (Status s = fwk->runPermitPlugins(m_state, *pod, nodeName); !s.isSuccess() && !s.isWait())
        return rejectOnNode(std::move(s));
    if (Status s = fwk->runPreBindPlugins(m_state, *pod, nodeName); !s.isSuccess()) {
        fwk->runReservePluginsUnreserve(m_state, *pod, nodeName);
        return fail(s.message());
    }
    if (Status s = fwk->runBindPlugins(m_state, *pod, nodeName); !s.isSuccess()) {
        fwk->runReservePluginsUnreserve(m_state, *pod, nodeName);
        return fail(s.message());
    }
    auto assumed = std::make_shared<core::Pod>(*pod);
    assumed->nodeName = nodeName;
    m_snapshot.setPod(std::move(assumed));
    m_queue.deleteNominatedPodIfExists(*pod);
    fwk->runPostBindPlugins(m_state, *pod, nodeName);
    r.outcome = ScheduleResult::Outcome::Scheduled;
    r.node = nodeName;
    return finish();
}

} // namespace kubelab::scheduler

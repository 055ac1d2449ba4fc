// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/defaultpreemption.h"

#include <algorithm>
#include <limits>
#include <map>

#include "core/scheduler/plugins/names.h"
#include "core/scheduler/snapshot.h"

namespace kubelab::scheduler {

namespace {

/// A pod without a start time has not started: it counts as starting now, after everyone.
double startTimeOf(const core::Pod& pod)
{
    return pod.startTime.value_or(std::numeric_limits<double>::infinity());
}

bool terminatingByPreemption(const core::Pod& pod)
{
    return pod.deletionTimestamp.has_value() && pod.preemptedByScheduler;
}

/// Upstream `filterPodsWithPDBViolation`.
void splitByPdbViolation(const std::vector<PodPtr>& pods, const std::vector<PodDisruptionBudget>& pdbs,
                         std::vector<PodPtr>& violating, std::vector<PodPtr>& nonViolating)
{
    std::vector<std::int32_t> allowed;
    allowed.reserve(pdbs.size());
    for (const PodDisruptionBudget& pdb : pdbs)
        allowed.push_back(pdb.disruptionsAllowed);
    for (const PodPtr& pod : pods) {
        bool violated = false;
        if (!pod->labels.empty()) {
            for (std::size_t i = 0; i < pdbs.size(); ++i) {
                const PodDisruptionBudget& pdb = pdbs[i];
                if (pdb.ns != pod->ns)
                    continue;
                // A PDB with an empty selector matches nothing.
                if (pdb.selector.empty() || pdb.selector.matchesNothing() || !pdb.selector.matches(pod->labels))
                    continue;
                if (pdb.disruptedPods.contains(pod->name))
                    continue;
                if (--allowed[i] < 0)
                    violated = true;
            }
        }
        (violated ? violating : nonViolating).push_back(pod);
    }
}

std::string joinHistogram(std::size_t numAllNodes, const NodeToStatus& statuses)
{
    std::map<std::string, std::size_t> reasons;
    for (const auto& [node, status] : statuses.statuses())
        for (const std::string& reason : status.reasons())
            ++reasons[reason];
    if (statuses.size() < numAllNodes)
        for (const std::string& reason : statuses.absentNodesStatus().reasons())
            reasons[reason] += numAllNodes - statuses.size();
    std::vector<std::string> list;
    for (const auto& [reason, count] : reasons)
        list.push_back(std::to_string(count) + " " + reason);
    std::sort(list.begin(), list.end());
    std::string msg = "0/" + std::to_string(numAllNodes) + " nodes are available:";
    if (!list.empty()) {
        msg += " ";
        for (std::size_t i = 0; i < list.size(); ++i)
            msg += (i ? ", " : "") + list[i];
        msg += ".";
    }
    return msg;
}

} // namespace

bool moreImportantPod(const core::Pod& a, const core::Pod& b)
{
    if (a.priority != b.priority)
        return a.priority > b.priority;
    return startTimeOf(a) < startTimeOf(b);
}

DefaultPreemption::DefaultPreemption(Handle& handle, std::int32_t minCandidateNodesPercentage,
                                     std::int32_t minCandidateNodesAbsolute)
    : m_handle(handle), m_minCandidateNodesPercentage(minCandidateNodesPercentage),
      m_minCandidateNodesAbsolute(minCandidateNodesAbsolute)
{
}

core::Result<std::unique_ptr<Plugin>> DefaultPreemption::create(const core::Json& args, Handle& handle)
{
    std::int32_t percentage = 10;
    std::int32_t absolute = 100;
    if (args.is_object()) {
        if (args.contains("minCandidateNodesPercentage") && args["minCandidateNodesPercentage"].is_number())
            percentage = args["minCandidateNodesPercentage"].get<std::int32_t>();
        if (args.contains("minCandidateNodesAbsolute") && args["minCandidateNodesAbsolute"].is_number())
            absolute = args["minCandidateNodesAbsolute"].get<std::int32_t>();
    }
    return std::make_unique<DefaultPreemption>(handle, percentage, absolute);
}

std::string_view DefaultPreemption::name() const
{
    return names::DefaultPreemption;
}

std::int32_t DefaultPreemption::numCandidates(std::int32_t numNodes) const
{
    std::int32_t n = numNodes * m_minCandidateNodesPercentage / 100;
    if (n < m_minCandidateNodesAbsolute)
        n = m_minCandidateNodesAbsolute;
    if (n > numNodes)
        n = numNodes;
    return n;
}

bool DefaultPreemption::podEligibleToPreemptOthers(const core::Pod& pod, const Status& nominatedNodeStatus,
                                                   std::string& reason) const
{
    if (pod.preemptionPolicy == core::PreemptionPolicy::Never) {
        reason = "not eligible due to preemptionPolicy=Never.";
        return false;
    }
    if (!pod.nominatedNodeName.empty()) {
        if (nominatedNodeStatus.code() == Code::UnschedulableAndUnresolvable)
            return true;
        if (const NodeInfo* nodeInfo = m_handle.snapshot().get(pod.nominatedNodeName)) {
            for (const PodPtr& p : nodeInfo->pods()) {
                if (p->priority < pod.priority && terminatingByPreemption(*p)) {
                    reason = "not eligible due to a terminating pod on the nominated node.";
                    return false;
                }
            }
        }
    }
    return true;
}

Status DefaultPreemption::selectVictimsOnNode(CycleState& state, const core::Pod& pod, NodeInfo& nodeInfo,
                                              std::vector<PodPtr>& victims, int& numViolating) const
{
    victims.clear();
    numViolating = 0;
    std::vector<PodPtr> potential;
    // Remove every lower-priority pod first.
    const std::vector<PodPtr> onNode = nodeInfo.pods();
    for (const PodPtr& p : onNode) {
        if (p->priority < pod.priority) {
            potential.push_back(p);
            nodeInfo.removePod(*p);
            if (Status s = m_handle.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo); !s.isSuccess())
                return Status::error(s.message());
        }
    }
    if (potential.empty())
        return Status(Code::UnschedulableAndUnresolvable, "No preemption victims found for incoming pod");
    if (Status s = m_handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo); !s.isSuccess())
        return s;

    std::stable_sort(potential.begin(), potential.end(),
                     [](const PodPtr& a, const PodPtr& b) { return moreImportantPod(*a, *b); });
    std::vector<PodPtr> violating;
    std::vector<PodPtr> nonViolating;
    splitByPdbViolation(potential, m_handle.snapshot().podDisruptionBudgets(), violating, nonViolating);

    // Reprieve as many pods as possible, PDB-violating ones first, most important first.
    auto reprieve = [&](const PodPtr& p, bool& fits) -> Status {
        nodeInfo.addPod(p);
        if (Status s = m_handle.runPreFilterExtensionAddPod(state, pod, p, nodeInfo); !s.isSuccess())
            return Status::error(s.message());
        fits = m_handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo).isSuccess();
        if (!fits) {
            nodeInfo.removePod(*p);
            if (Status s = m_handle.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo); !s.isSuccess())
                return Status::error(s.message());
            victims.push_back(p);
        }
        return {};
    };
    for (const PodPtr& p : violating) {
        bool fits = false;
        if (Status s = reprieve(p, fits); !s.isSuccess())
            return s;
        if (!fits)
            ++numViolating;
    }
    for (const PodPtr& p : nonViolating) {
        bool fits = false;
        if (Status s = reprieve(p, fits); !s.isSuccess())
            return s;
    }
    return {};
}

std::size_t DefaultPreemption::pickOneNodeForPreemption(const std::vector<PreemptionCandidate>& candidates)
{
    if (candidates.empty())
        return 0;
    using ScoreFn = std::int64_t (*)(const PreemptionCandidate&);
    static constexpr ScoreFn scoreFuncs[] = {
        // Fewest PDB violations.
        [](const PreemptionCandidate& c) -> std::int64_t { return -c.numPdbViolations; },
        // Lowest priority of the most important victim.
        [](const PreemptionCandidate& c) -> std::int64_t {
            return c.victims.empty() ? 0 : -static_cast<std::int64_t>(c.victims.front()->priority);
        },
        // Smallest sum of priorities (shifted to be non-negative).
        [](const PreemptionCandidate& c) -> std::int64_t {
            std::int64_t sum = 0;
            for (const PodPtr& p : c.victims)
                sum += static_cast<std::int64_t>(p->priority) + static_cast<std::int64_t>(std::numeric_limits<std::int32_t>::max()) + 1;
            return -sum;
        },
        // Fewest victims.
        [](const PreemptionCandidate& c) -> std::int64_t { return -static_cast<std::int64_t>(c.victims.size()); },
        // Latest start among the highest-priority victims.
        [](const PreemptionCandidate& c) -> std::int64_t {
            if (c.victims.empty())
                return std::numeric_limits<std::int64_t>::min();
            double earliest = startTimeOf(*c.victims.front());
            std::int32_t maxPriority = c.victims.front()->priority;
            for (const PodPtr& p : c.victims) {
                if (p->priority == maxPriority) {
                    earliest = std::min(earliest, startTimeOf(*p));
                } else if (p->priority > maxPriority) {
                    maxPriority = p->priority;
                    earliest = startTimeOf(*p);
                }
            }
            if (earliest == std::numeric_limits<double>::infinity())
                return std::numeric_limits<std::int64_t>::max();
            return static_cast<std::int64_t>(earliest * 1e9);
        },
    };
    std::vector<std::size_t> remaining(candidates.size());
    for (std::size_t i = 0; i < remaining.size(); ++i)
        remaining[i] = i;
    for (ScoreFn f : scoreFuncs) {
        std::vector<std::size_t> selected;
        std::int64_t maxScore = std::numeric_limits<std::int64_t>::min();
        for (std::size_t i : remaining) {
            const std::int64_t score = f(candidates[i]);
            if (score > maxScore) {
                maxScore = score;
                selected.clear();
            }
            if (score == maxScore)
                selected.push_back(i);
        }
        if (selected.size() == 1)
            return selected.front();
        remaining = std::move(selected);
    }
    return remaining.front();
}

Status DefaultPreemption::postFilter(CycleState& state, const core::Pod& pod, const NodeToStatus& filteredNodeStatus,
                                     PostFilterResult& result)
{
    auto withPrefix = [](Status s) {
        if (s.reasons().empty())
            return s;
        return Status(s.code(), "preemption: " + s.message());
    };

    // 1) Is the pod allowed to preempt?
    std::string reason;
    if (!podEligibleToPreemptOthers(pod, filteredNodeStatus.get(pod.nominatedNodeName), reason))
        return withPrefix(Status(Code::Unschedulable, reason));

    // 2) Candidates: nodes whose filter failure preemption may resolve.
    const Snapshot& snapshot = m_handle.snapshot();
    const std::vector<NodeInfo*>& all = snapshot.list();
    if (all.empty())
        return withPrefix(Status::error("no nodes available"));
    std::vector<NodeInfo*> potential;
    for (NodeInfo* n : all)
        if (filteredNodeStatus.get(n->name()).code() == Code::Unschedulable)
            potential.push_back(n);

    std::vector<PreemptionCandidate> nonViolating;
    std::vector<PreemptionCandidate> violatingCandidates;
    NodeToStatus statuses;
    if (!potential.empty()) {
        const auto numNodes = static_cast<std::int32_t>(potential.size());
        const std::int32_t offset = static_cast<std::int32_t>(m_handle.random() % static_cast<std::uint64_t>(numNodes));
        const std::int32_t wanted = numCandidates(numNodes);
        for (std::int32_t i = 0; i < numNodes; ++i) {
            NodeInfo copy = *potential[static_cast<std::size_t>((offset + i) % numNodes)];
            CycleState stateCopy = state.clone();
            PreemptionCandidate candidate;
            candidate.nodeName = copy.name();
            Status s = selectVictimsOnNode(stateCopy, pod, copy, candidate.victims, candidate.numPdbViolations);
            if (s.isSuccess() && !candidate.victims.empty()) {
                (candidate.numPdbViolations == 0 ? nonViolating : violatingCandidates).push_back(std::move(candidate));
                const std::size_t total = nonViolating.size() + violatingCandidates.size();
                if (!nonViolating.empty() && total >= static_cast<std::size_t>(wanted))
                    break;
                continue;
            }
            if (s.isSuccess())
                s = Status::error("expected at least one victim pod on node \"" + copy.name() + "\"");
            if (s.isError())
                return withPrefix(std::move(s));
            statuses.set(copy.name(), std::move(s));
        }
    }
    std::vector<PreemptionCandidate> candidates = std::move(nonViolating);
    for (PreemptionCandidate& c : violatingCandidates)
        candidates.push_back(std::move(c));

    if (candidates.empty()) {
        statuses.setAbsentNodesStatus(
            Status(Code::UnschedulableAndUnresolvable, "Preemption is not helpful for scheduling"));
        result.nominatedNodeName = std::string();
        return withPrefix(Status(Code::Unschedulable, joinHistogram(all.size(), statuses)));
    }

    // 3) The best candidate, 4) its victims and the nominations it overrides.
    const std::size_t best = candidates.size() == 1 ? 0 : pickOneNodeForPreemption(candidates);
    PreemptionCandidate& chosen = candidates[best];
    result.nominatedNodeName = chosen.nodeName;
    result.victims = chosen.victims;
    for (const PodPtr& nominated : m_handle.nominatedPodsForNode(chosen.nodeName))
        if (nominated->priority < pod.priority && !samePod(*nominated, pod))
            result.clearNominations.push_back(nominated);
    return {};
}

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// The victims preemption would evict on one node.
struct PreemptionCandidate {
    std::string nodeName;
    std::vector<PodPtr> victims; ///< most important first
    int numPdbViolations = 0;
};

/// DefaultPreemption (upstream `defaultpreemption` + `preemption.Evaluator`): when no node
/// fits, finds nodes where evicting lower-priority pods would make room, picks one by
/// upstream's criteria (fewest PDB violations, lowest highest victim priority, smallest
/// priority sum, fewest victims, latest start), and nominates it. The caller deletes the
/// victims.
class DefaultPreemption final : public PostFilterPlugin {
public:
    DefaultPreemption(Handle& handle, std::int32_t minCandidateNodesPercentage, std::int32_t minCandidateNodesAbsolute);
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);

    [[nodiscard]] std::string_view name() const override;
    [[nodiscard]] Status postFilter(CycleState& state, const core::Pod& pod, const NodeToStatus& filteredNodeStatus,
                                    PostFilterResult& result) override;

    /// Upstream `PodEligibleToPreemptOthers`; `reason` gets the refusal text.
    [[nodiscard]] bool podEligibleToPreemptOthers(const core::Pod& pod, const Status& nominatedNodeStatus,
                                                  std::string& reason) const;
    /// Upstream `SelectVictimsOnNode`, on a copy of the node and the cycle state.
    [[nodiscard]] Status selectVictimsOnNode(CycleState& state, const core::Pod& pod, NodeInfo& nodeInfo,
                                             std::vector<PodPtr>& victims, int& numViolating) const;
    /// Upstream `calculateNumCandidates`.
    [[nodiscard]] std::int32_t numCandidates(std::int32_t numNodes) const;
    /// Upstream `pickOneNodeForPreemption` over candidates in the given order.
    [[nodiscard]] static std::size_t pickOneNodeForPreemption(const std::vector<PreemptionCandidate>& candidates);

private:
    Handle& m_handle;
    std::int32_t m_minCandidateNodesPercentage = 10;
    std::int32_t m_minCandidateNodesAbsolute = 100;
};

/// Upstream `MoreImportantPod`: higher priority, then earlier start time.
[[nodiscard]] bool moreImportantPod(const core::Pod& a, const core::Pod& b);

} // namespace kubelab::scheduler

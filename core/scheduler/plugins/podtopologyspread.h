// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/labels.h"
#include "core/api/object.h"
#include "core/api/podtypes.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// PodTopologySpread: `DoNotSchedule` constraints as a filter (skew against the global
/// minimum, minDomains, nodeAffinityPolicy / nodeTaintsPolicy, matchLabelKeys),
/// `ScheduleAnyway` constraints as a score, and the default constraints of its args for
/// pods without constraints of their own. PreFilter and PreScore count the matching pods
/// per topology value once per cycle; Filter and Score only look values up.
class PodTopologySpread final : public PreFilterPlugin,
                                public FilterPlugin,
                                public PreScorePlugin,
                                public ScorePlugin,
                                public EnqueueExtensions {
public:
    static constexpr std::string_view kErrReasonConstraintsNotMatch =
        "node(s) didn't match pod topology spread constraints";
    static constexpr std::string_view kErrReasonNodeLabelNotMatch =
        "node(s) didn't match pod topology spread constraints (missing required label)";

    /// `args`: `defaultingType` (`System`, the default, or `List`) and `defaultConstraints`
    /// (List only), validated as upstream's `ValidatePodTopologySpreadArgs`.
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);

    /// `{maxSkew: 3, kubernetes.io/hostname, ScheduleAnyway}` and
    /// `{maxSkew: 5, topology.kubernetes.io/zone, ScheduleAnyway}`.
    [[nodiscard]] static const std::vector<core::TopologySpreadConstraint>& systemDefaultConstraints();

    /// Upstream `helper.DefaultSelector`: the selectors of the Services selecting the pod and
    /// of its controlling ReplicationController, ReplicaSet or StatefulSet, ANDed.
    [[nodiscard]] core::LabelSelector defaultSelector(const core::Pod& pod) const;
    /// The constraints for pods without their own (the system ones under `System`).
    [[nodiscard]] const std::vector<core::TopologySpreadConstraint>& defaultConstraints() const
    {
        return m_defaultConstraints;
    }
    /// True under `defaultingType: System`.
    [[nodiscard]] bool systemDefaulted() const { return m_systemDefaulted; }

    [[nodiscard]] std::string_view name() const override;

    [[nodiscard]] Status preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& result) override;
    [[nodiscard]] bool hasPreFilterExtensions() const override { return true; }
    [[nodiscard]] Status addPod(CycleState& state, const core::Pod& podToSchedule, const PodPtr& podToAdd,
                                const NodeInfo& nodeInfo) override;
    [[nodiscard]] Status removePod(CycleState& state, const core::Pod& podToSchedule, const PodPtr& podToRemove,
                                   const NodeInfo& nodeInfo) override;
    [[nodiscard]] Status filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo) override;

    [[nodiscard]] Status preScore(CycleState& state, const core::Pod& pod, std::span<NodeInfo* const> nodes) override;
    [[nodiscard]] Status score(CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo,
                               std::int64_t& score) override;
    [[nodiscard]] bool hasNormalizeScore() const override { return true; }
    /// `100 · (max + min − s) / max`; 100 for all when max == 0; nodes lacking a required
    /// topology key get 0.
    [[nodiscard]] Status normalizeScore(CycleState& state, const core::Pod& pod, std::span<NodeScore> scores) override;

    [[nodiscard]] std::vector<ClusterEvent> eventsToRegister() const override;

    ~PodTopologySpread() override;

private:
    /// Per-node matching-pod counts kept between cycles (see the source).
    struct Memo;

    explicit PodTopologySpread(Handle& handle);

    Handle* m_handle = nullptr;
    std::unique_ptr<Memo> m_memo;
    std::vector<core::TopologySpreadConstraint> m_defaultConstraints;
    bool m_systemDefaulted = false;
};

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/api/podtypes.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// InterPodAffinity: required pod affinity and anti-affinity (the incoming pod's and the
/// existing pods', symmetrically) as a filter, preferred terms as a score. PreFilter counts
/// the matching pods per topology pair once per cycle, so Filter only looks the node's
/// labels up (upstream's topologyToMatchedTermCount); PreScore builds the score per
/// topology pair the same way.
class InterPodAffinity final : public PreFilterPlugin,
                               public FilterPlugin,
                               public PreScorePlugin,
                               public ScorePlugin,
                               public EnqueueExtensions {
public:
    static constexpr std::string_view kErrReasonExistingAntiAffinityRulesNotMatch =
        "node(s) didn't satisfy existing pods anti-affinity rules";
    static constexpr std::string_view kErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
    static constexpr std::string_view kErrReasonAntiAffinityRulesNotMatch =
        "node(s) didn't match pod anti-affinity rules";
    static constexpr std::int32_t kDefaultHardPodAffinityWeight = 1;

    /// `args`: `hardPodAffinityWeight` (0..100, default 1) and
    /// `ignorePreferredTermsOfExistingPods` (default false).
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);

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
    /// `100 · (s − min) / (max − min)` (float, truncated); all 0 when max == min.
    [[nodiscard]] Status normalizeScore(CycleState& state, const core::Pod& pod, std::span<NodeScore> scores) override;

    [[nodiscard]] std::vector<ClusterEvent> eventsToRegister() const override;

    [[nodiscard]] std::int32_t hardPodAffinityWeight() const { return m_hardPodAffinityWeight; }

    ~InterPodAffinity() override;

private:
    /// Per-node term matches kept between cycles (see the source).
    struct Memo;

    explicit InterPodAffinity(Handle& handle);

    Handle* m_handle = nullptr;
    std::unique_ptr<Memo> m_memo;
    std::int32_t m_hardPodAffinityWeight = kDefaultHardPodAffinityWeight;
    bool m_ignorePreferredTermsOfExistingPods = false;
};

} // namespace kubelab::scheduler

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

/// The first `NoSchedule` or `NoExecute` taint of `taints` (in node order) that no
/// toleration tolerates, or nullptr (upstream `FindMatchingUntoleratedTaint` with
/// `DoNotScheduleTaintsFilterFunc`).
[[nodiscard]] const core::Taint* findUntoleratedDoNotScheduleTaint(const std::vector<core::Taint>& taints,
                                                                   const std::vector<core::Toleration>& tolerations);

/// TaintToleration: a node with a `NoSchedule`/`NoExecute` taint the pod does not tolerate
/// is filtered out; nodes with fewer untolerated `PreferNoSchedule` taints score higher.
class TaintToleration final : public FilterPlugin,
                              public PreScorePlugin,
                              public ScorePlugin,
                              public EnqueueExtensions {
public:
    /// Takes no args.
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);

    [[nodiscard]] std::string_view name() const override;

    /// `node(s) had untolerated taint {<key>: <value>}`, UnschedulableAndUnresolvable.
    [[nodiscard]] Status filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo) override;
    [[nodiscard]] Status preScore(CycleState& state, const core::Pod& pod, std::span<NodeInfo* const> nodes) override;
    /// The count of the node's `PreferNoSchedule` taints the pod does not tolerate.
    [[nodiscard]] Status score(CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo,
                               std::int64_t& score) override;
    [[nodiscard]] bool hasNormalizeScore() const override { return true; }
    /// Reverse normalization: the fewest untolerated taints score 100.
    [[nodiscard]] Status normalizeScore(CycleState& state, const core::Pod& pod, std::span<NodeScore> scores) override;
    [[nodiscard]] std::vector<ClusterEvent> eventsToRegister() const override;

private:
    TaintToleration() = default;
};

} // namespace kubelab::scheduler

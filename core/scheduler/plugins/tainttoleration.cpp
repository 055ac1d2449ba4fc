// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/tainttoleration.h"

#include "core/scheduler/plugins/names.h"
#include "core/scheduler/plugins/helper.h"

namespace kubelab::scheduler {

namespace {

constexpr std::string_view kTaintTolerationPreScoreKey = "PreScoreTaintToleration";

class TaintTolerationPreScoreState final : public StateData {
public:
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<TaintTolerationPreScoreState>(*this); }

    /// The pod's tolerations with effect PreferNoSchedule or none (which covers every effect).
    std::vector<core::Toleration> tolerationsPreferNoSchedule;
};

} // namespace

const core::Taint* findUntoleratedDoNotScheduleTaint(const std::vector<core::Taint>& taints,
                                                     const std::vector<core::Toleration>& tolerations)
{
    for (const core::Taint& taint : taints) {
        if (taint.effect != core::TaintEffect::NoSchedule && taint.effect != core::TaintEffect::NoExecute)
            continue;
        if (!core::tolerationsTolerateTaint(tolerations, taint))
            return &taint;
    }
    return nullptr;
}

core::Result<std::unique_ptr<Plugin>> TaintToleration::create(const core::Json& /*args*/, Handle& /*handle*/)
{
    return std::unique_ptr<Plugin>(new TaintToleration());
}

std::string_view TaintToleration::name() const
{
    return names::TaintToleration;
}

std::vector<ClusterEvent> TaintToleration::eventsToRegister() const
{
    return {ClusterEvent{EventResource::Node, action::Add | action::UpdateNodeTaint | action::UpdateNodeLabel,
                         "NodeAdd|UpdateNodeTaint|UpdateNodeLabel"}};
}

Status TaintToleration::filter(const CycleState& /*state*/, const core::Pod& pod, const NodeInfo& nodeInfo)
{
    const core::Node* node = nodeInfo.node();
    if (!node)
        return Status::error("node not found");
    const core::Taint* taint = findUntoleratedDoNotScheduleTaint(node->taints, pod.tolerations);
    if (!taint)
        return {};
    return Status(Code::UnschedulableAndUnresolvable,
                  "node(s) had untolerated taint {" + taint->key + ": " + taint->value + "}");
}

Status TaintToleration::preScore(CycleState& state, const core::Pod& pod, std::span<NodeInfo* const> /*nodes*/)
{
    auto data = std::make_unique<TaintTolerationPreScoreState>();
    for (const core::Toleration& t : pod.tolerations)
        if (t.effect == core::TaintEffect::None || t.effect == core::TaintEffect::PreferNoSchedule)
            data->tolerationsPreferNoSchedule.push_back(t);
    state.write(kTaintTolerationPreScoreKey, std::move(data));
    return {};
}

Status TaintToleration::score(CycleState& state, const core::Pod& /*pod*/, const NodeInfo& nodeInfo,
                              std::int64_t& score)
{
    const core::Node* node = nodeInfo.node();
    if (!node)
        return Status::error("node not found");
    const auto* s = state.get<TaintTolerationPreScoreState>(kTaintTolerationPreScoreKey);
    if (!s)
        return Status::error("failed to read \"PreScoreTaintToleration\" from cycleState: not found");
    score = 0;
    for (const core::Taint& taint : node->taints)
        if (taint.effect == core::TaintEffect::PreferNoSchedule
            && !core::tolerationsTolerateTaint(s->tolerationsPreferNoSchedule, taint))
            ++score;
    return {};
}

Status TaintToleration::normalizeScore(CycleState& /*state*/, const core::Pod& /*pod*/, std::span<NodeScore> scores)
{
    helper::defaultNormalizeScore(kMaxNodeScore, true, scores);
    return {};
}

} // namespace kubelab::scheduler

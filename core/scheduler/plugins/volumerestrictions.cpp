// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/volumerestrictions.h"

#include <algorithm>
#include <set>
#include <string>

#include "core/scheduler/plugins/helper.h"
#include "core/scheduler/plugins/names.h"
#include "core/scheduler/snapshot.h"

namespace kubelab::scheduler {

namespace {

constexpr const char* kErrReasonReadWriteOncePodConflict =
    "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode";

constexpr std::string_view kVolumeRestrictionsPreFilterKey = "PreFilterVolumeRestrictions";

/// The pod's claims with the ReadWriteOncePod access mode, and how many of them scheduled pods
/// already use (upstream's preFilterState).
struct VolumeRestrictionsPreFilterState final : StateData {
    std::set<std::string> readWriteOncePodClaims;
    int conflictingClaimRefCount = 0;

    void updateWithPod(const core::Pod& pod, int multiplier)
    {
        for (const core::PodVolume& v : pod.volumes)
            if (!v.claimName.empty() && readWriteOncePodClaims.contains(v.claimName))
                conflictingClaimRefCount += multiplier;
    }
    [[nodiscard]] std::unique_ptr<StateData> clone() const override
    {
        return std::make_unique<VolumeRestrictionsPreFilterState>(*this);
    }
};

/// AddPod / RemovePod: the count with `pod` added (1) or removed (-1).
Status updatePreFilterState(CycleState& state, const core::Pod& pod, int multiplier)
{
    auto* s = state.get<VolumeRestrictionsPreFilterState>(kVolumeRestrictionsPreFilterKey);
    if (!s)
        return Status::error("cannot read \"PreFilterVolumeRestrictions\" from cycleState");
    s->updateWithPod(pod, multiplier);
    return {};
}

bool claimHasReadWriteOncePod(const core::Json& claim)
{
    const core::Json::json_pointer p("/spec/accessModes");
    if (!claim.contains(p) || !claim.at(p).is_array())
        return false;
    return std::ranges::any_of(claim.at(p), [](const core::Json& m) { return m == "ReadWriteOncePod"; });
}

} // namespace

core::Result<std::unique_ptr<Plugin>> VolumeRestrictions::create(const core::Json& /*args*/, Handle& handle)
{
    return std::make_unique<VolumeRestrictions>(handle);
}

std::string_view VolumeRestrictions::name() const
{
    return names::VolumeRestrictions;
}

Status VolumeRestrictions::preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& /*result*/)
{
    // needsRestrictionsCheck is false: the lab's pods have no inline cloud disks, only claims.
    if (!pod.hasPvcVolumes())
        return Status(Code::Skip);
    const Snapshot& snapshot = m_handle->snapshot();
    // readWriteOncePodPVCsForPod: a claim that does not exist refuses the pod outright.
    auto s = std::make_unique<VolumeRestrictionsPreFilterState>();
    for (const core::PodVolume& v : pod.volumes) {
        if (v.claimName.empty())
            continue;
        auto claim = snapshot.storageObject(core::ObjectKey{"PersistentVolumeClaim", pod.ns, v.claimName});
        if (!claim)
            return helper::notFound("persistentvolumeclaim", v.claimName);
        if (claimHasReadWriteOncePod(*claim))
            s->readWriteOncePodClaims.insert(v.claimName);
    }
    // calPreFilterState: one count per such claim a scheduled pod (on any node) uses.
    for (const std::string& claim : s->readWriteOncePodClaims) {
        const auto usesClaim = [&](const PodPtr& other) {
            return other->ns == pod.ns && other->uid != pod.uid &&
                   std::ranges::any_of(other->volumes, [&](const core::PodVolume& o) { return o.claimName == claim; });
        };
        const auto nodes = snapshot.list();
        if (std::ranges::any_of(nodes, [&](const NodeInfo* node) { return std::ranges::any_of(node->pods(), usesClaim); }))
            ++s->conflictingClaimRefCount;
    }
    if (s->conflictingClaimRefCount == 0)
        return Status(Code::Skip);
    state.write(kVolumeRestrictionsPreFilterKey, std::move(s));
    return {};
}

Status VolumeRestrictions::addPod(CycleState& state, const core::Pod& /*podToSchedule*/, const PodPtr& podToAdd,
                                  const NodeInfo& /*nodeInfo*/)
{
    return updatePreFilterState(state, *podToAdd, 1);
}

Status VolumeRestrictions::removePod(CycleState& state, const core::Pod& /*podToSchedule*/, const PodPtr& podToRemove,
                                     const NodeInfo& /*nodeInfo*/)
{
    return updatePreFilterState(state, *podToRemove, -1);
}

Status VolumeRestrictions::filter(const CycleState& state, const core::Pod& /*pod*/, const NodeInfo& /*nodeInfo*/)
{
    // satisfyVolumeConflicts: no inline disks in the lab. satisfyReadWriteOncePod:
    const auto* s = state.get<VolumeRestrictionsPreFilterState>(kVolumeRestrictionsPreFilterKey);
    if (s && s->conflictingClaimRefCount > 0)
        return Status(Code::Unschedulable, kErrReasonReadWriteOncePodConflict);
    return {};
}

std::vector<ClusterEvent> VolumeRestrictions::eventsToRegister() const
{
    return {
        ClusterEvent{EventResource::Pod, action::Delete, "PodDelete"},
        ClusterEvent{EventResource::PersistentVolumeClaim, action::Add | action::Update, "PvcChange"},
        ClusterEvent{EventResource::Node, action::Add | action::UpdateNodeLabel | action::UpdateNodeTaint, "NodeChange"},
    };
}

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/volumerestrictions.h"

#include <algorithm>

#include "core/scheduler/plugins/helper.h"
#include "core/scheduler/plugins/names.h"
#include "core/scheduler/snapshot.h"

namespace kubelab::scheduler {

namespace {

constexpr const char* kErrReasonReadWriteOncePodConflict =
    "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode";

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

Status VolumeRestrictions::preFilter(CycleState& /*state*/, const core::Pod& pod, PreFilterResult& /*result*/)
{
    // needsRestrictionsCheck: the lab's pods have no inline cloud disks, only claims.
    if (!pod.hasPvcVolumes())
        return Status(Code::Skip);
    const Snapshot& snapshot = m_handle->snapshot();
    // readWriteOncePodPVCsForPod, then calPreFilterState: a ReadWriteOncePod claim already
    // used by another pod (on any node) is a conflict.
    for (const core::PodVolume& v : pod.volumes) {
        if (v.claimName.empty())
            continue;
        auto claim = snapshot.storageObject(core::ObjectKey{"PersistentVolumeClaim", pod.ns, v.claimName});
        if (!claim)
            return helper::notFound("persistentvolumeclaim", v.claimName);
        if (!claimHasReadWriteOncePod(*claim))
            continue;
        for (const NodeInfo* node : snapshot.list())
            for (const PodPtr& other : node->pods())
                if (other->ns == pod.ns && other->uid != pod.uid &&
                    std::ranges::any_of(other->volumes,
                                        [&](const core::PodVolume& o) { return o.claimName == v.claimName; }))
                    return Status(Code::Unschedulable, kErrReasonReadWriteOncePodConflict);
    }
    return {};
}

Status VolumeRestrictions::filter(const CycleState& /*state*/, const core::Pod& /*pod*/, const NodeInfo& /*nodeInfo*/)
{
    // The ReadWriteOncePod conflict is decided in PreFilter; inline disks are not modelled.
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

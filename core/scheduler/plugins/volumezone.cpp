// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/volumezone.h"

#include <array>
#include <set>

#include "core/controllers/persistentvolume.h"
#include "core/scheduler/plugins/helper.h"
#include "core/scheduler/plugins/names.h"
#include "core/scheduler/snapshot.h"

namespace kubelab::scheduler {

namespace {

using core::Json;

constexpr std::string_view kVolumeZoneStateKey = "PreFilterVolumeZone";
constexpr const char* kErrReasonVolumeZoneConflict = "node(s) had no available volume zone";

constexpr const char* kBetaZoneLabel = "failure-domain.beta.kubernetes.io/zone";
constexpr const char* kBetaRegionLabel = "failure-domain.beta.kubernetes.io/region";
constexpr const char* kZoneLabel = "topology.kubernetes.io/zone";
constexpr const char* kRegionLabel = "topology.kubernetes.io/region";
constexpr std::array kVolumeTopologyLabels = {kBetaZoneLabel, kBetaRegionLabel, kZoneLabel, kRegionLabel};

/// One topology label of a volume: its key and the values it allows.
struct VolumeTopology {
    std::string key;
    std::set<std::string> values;
};

struct VolumeZoneState final : StateData {
    std::vector<VolumeTopology> topologies;
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<VolumeZoneState>(*this); }
};

/// volumehelpers.LabelZonesToSet: several zones are joined by "__".
std::set<std::string> labelZonesToSet(const std::string& value)
{
    std::set<std::string> out;
    std::size_t from = 0;
    while (true) {
        std::size_t at = value.find("__", from);
        out.insert(value.substr(from, at == std::string::npos ? std::string::npos : at - from));
        if (at == std::string::npos)
            return out;
        from = at + 2;
    }
}

/// translateToGALabel: a beta label's GA name.
std::string translateToGaLabel(const std::string& key)
{
    if (key == kBetaZoneLabel)
        return kZoneLabel;
    if (key == kBetaRegionLabel)
        return kRegionLabel;
    return key;
}

} // namespace

core::Result<std::unique_ptr<Plugin>> VolumeZone::create(const core::Json& /*args*/, Handle& handle)
{
    return std::make_unique<VolumeZone>(handle);
}

std::string_view VolumeZone::name() const
{
    return names::VolumeZone;
}

Status VolumeZone::preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& /*result*/)
{
    if (!pod.hasPvcVolumes())
        return Status(Code::Skip);
    const Snapshot& snapshot = m_handle->snapshot();
    auto zones = std::make_unique<VolumeZoneState>();
    // getPVbyPod.
    for (const core::PodVolume& v : pod.volumes) {
        if (v.claimName.empty())
            continue;
        auto claim = snapshot.storageObject(core::ObjectKey{"PersistentVolumeClaim", pod.ns, v.claimName});
        if (!claim)
            return helper::notFound("persistentvolumeclaim", v.claimName);
        const std::string pvName = core::stringAt(*claim, Json::json_pointer("/spec/volumeName"));
        if (pvName.empty()) {
            const std::string scName = core::claimClassOf(*claim);
            if (scName.empty())
                return Status(Code::UnschedulableAndUnresolvable, "PersistentVolumeClaim had no pv name and storageClass name");
            auto sc = snapshot.storageObject(core::ObjectKey{"StorageClass", "", scName});
            if (!sc)
                return helper::notFound("storageclass.storage.k8s.io", scName);
            if (core::isDelayBindingClass(sc.get()))
                continue; // unbound volumes of a WaitForFirstConsumer class are skipped
            return Status(Code::UnschedulableAndUnresolvable, "PersistentVolume had no name");
        }
        auto volume = snapshot.storageObject(core::ObjectKey{"PersistentVolume", "", pvName});
        if (!volume)
            return helper::notFound("persistentvolume", pvName);
        // getPVTopologies.
        const core::Labels labels = core::labelsOf(*volume);
        for (const char* key : kVolumeTopologyLabels)
            if (auto it = labels.find(key); it != labels.end())
                zones->topologies.push_back(VolumeTopology{key, labelZonesToSet(it->second)});
    }
    if (zones->topologies.empty())
        return Status(Code::Skip);
    state.write(kVolumeZoneStateKey, std::move(zones));
    return {};
}

Status VolumeZone::filter(const CycleState& state, const core::Pod& /*pod*/, const NodeInfo& nodeInfo)
{
    const auto* zones = state.get<VolumeZoneState>(kVolumeZoneStateKey);
    const core::Node* node = nodeInfo.node();
    if (!zones || !node)
        return {};
    // A node without zone or region labels has no constraint.
    bool constrained = false;
    for (const char* key : kVolumeTopologyLabels)
        constrained = constrained || node->label(key);
    if (!constrained)
        return {};
    for (const VolumeTopology& t : zones->topologies) {
        const std::string* value = node->label(t.key);
        if (!value)
            value = node->label(translateToGaLabel(t.key)); // a volume's beta label matches the node's GA label
        if (!value || !t.values.contains(*value))
            return Status(Code::UnschedulableAndUnresolvable, kErrReasonVolumeZoneConflict);
    }
    return {};
}

std::vector<ClusterEvent> VolumeZone::eventsToRegister() const
{
    return {
        ClusterEvent{EventResource::StorageClass, action::Add, "StorageClassAdd"},
        ClusterEvent{EventResource::PersistentVolume, action::Add | action::Update, "PvChange"},
        ClusterEvent{EventResource::PersistentVolumeClaim, action::Add | action::Update, "PvcChange"},
        ClusterEvent{EventResource::Node, action::Add | action::UpdateNodeLabel | action::UpdateNodeTaint, "NodeChange"},
    };
}

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/volumebinding.h"

#include <set>

#include "core/api/nodeselector.h"
#include "core/controllers/persistentvolume.h"
#include "core/scheduler/plugins/helper.h"
#include "core/scheduler/plugins/names.h"
#include "core/scheduler/snapshot.h"

namespace kubelab::scheduler {

namespace {

using core::Json;
using JsonPtr = std::shared_ptr<const Json>;

constexpr std::string_view kStateKey = "PreFilterVolumeBinding";

// Upstream's ConflictReasons (volumebinding/binder.go).
constexpr const char* kReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
constexpr const char* kReasonNodeConflict = "node(s) had volume node affinity conflict";
constexpr const char* kReasonPvNotExist = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

/// The pod's claims sorted as GetPodVolumeClaims does.
struct ClaimsState final : StateData {
    std::vector<JsonPtr> bound;
    std::vector<JsonPtr> delayed; ///< unbound, WaitForFirstConsumer
    [[nodiscard]] std::unique_ptr<StateData> clone() const override { return std::make_unique<ClaimsState>(*this); }
};

JsonPtr classOf(const Snapshot& snapshot, const Json& claim)
{
    std::string name = core::claimClassOf(claim);
    return name.empty() ? nullptr : snapshot.storageObject(core::ObjectKey{"StorageClass", "", name});
}

/// isPVCFullyBound: volumeName set and the binding completed.
bool fullyBound(const Json& claim)
{
    return !core::stringAt(claim, Json::json_pointer("/spec/volumeName")).empty() &&
           core::annotationsOf(claim).contains(core::kAnnBindCompleted);
}

/// CheckNodeAffinity: a volume without node affinity fits every node.
bool volumeFitsNode(const Json& volume, const core::Node& node)
{
    Json::json_pointer p("/spec/nodeAffinity/required");
    if (!volume.contains(p) || volume.at(p).is_null())
        return true;
    auto selector = core::nodeSelectorFromJson(volume.at(p));
    return selector && helper::matchesNodeSelector(*selector, node);
}

/// The class's `allowedTopologies` admit the node (no list admits all).
bool classAllowsNode(const Json& storageClass, const core::Node& node)
{
    if (!storageClass.contains("allowedTopologies") || !storageClass["allowedTopologies"].is_array() ||
        storageClass["allowedTopologies"].empty())
        return true;
    for (const Json& term : storageClass["allowedTopologies"]) {
        bool all = true;
        for (const Json& e : term.value("matchLabelExpressions", Json::array())) {
            const std::string* v = node.label(e.value("key", ""));
            bool in = false;
            if (v)
                for (const Json& x : e.value("values", Json::array()))
                    in = in || (x.is_string() && x.get<std::string>() == *v);
            all = all && in;
        }
        if (all)
            return true;
    }
    return false;
}

} // namespace

core::Result<std::unique_ptr<Plugin>> VolumeBinding::create(const core::Json& /*args*/, Handle& handle)
{
    return std::make_unique<VolumeBinding>(handle);
}

std::string_view VolumeBinding::name() const
{
    return names::VolumeBinding;
}

Status VolumeBinding::preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& /*result*/)
{
    if (!pod.hasPvcVolumes())
        return Status(Code::Skip);
    const Snapshot& snapshot = m_handle->snapshot();
    auto claims = std::make_unique<ClaimsState>();
    bool unboundImmediate = false;
    for (const core::PodVolume& v : pod.volumes) {
        if (v.claimName.empty())
            continue;
        JsonPtr claim = snapshot.storageObject(core::ObjectKey{"PersistentVolumeClaim", pod.ns, v.claimName});
        if (!claim)
            return helper::notFound("persistentvolumeclaim", v.claimName);
        if (core::isBeingDeleted(*claim))
            return Status(Code::UnschedulableAndUnresolvable,
                          "persistentvolumeclaim \"" + v.claimName + "\" is being deleted");
        if (fullyBound(*claim)) {
            claims->bound.push_back(claim);
            continue;
        }
        JsonPtr sc = classOf(snapshot, *claim);
        bool delay = core::isDelayBindingClass(sc.get());
        if (delay && core::stringAt(*claim, Json::json_pointer("/spec/volumeName")).empty())
            claims->delayed.push_back(claim);
        else
            unboundImmediate = true;
    }
    if (unboundImmediate)
        return Status(Code::UnschedulableAndUnresolvable, "pod has unbound immediate PersistentVolumeClaims");
    state.write(kStateKey, std::move(claims));
    return {};
}

Status VolumeBinding::filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo)
{
    const auto* claims = state.get<ClaimsState>(kStateKey);
    const core::Node* node = nodeInfo.node();
    if (!claims || !node)
        return {};
    const Snapshot& snapshot = m_handle->snapshot();
    std::vector<std::string> reasons;
    // checkBoundClaims.
    for (const JsonPtr& claim : claims->bound) {
        std::string pv = core::stringAt(*claim, Json::json_pointer("/spec/volumeName"));
        JsonPtr volume = snapshot.storageObject(core::ObjectKey{"PersistentVolume", "", pv});
        if (!volume) {
            reasons.push_back(kReasonPvNotExist);
            break;
        }
        if (!volumeFitsNode(*volume, *node)) {
            reasons.push_back(kReasonNodeConflict);
            break;
        }
    }
    // findMatchingVolumes + checkVolumeProvisions.
    if (!claims->delayed.empty()) {
        std::vector<VolumeDecision> decisions = volumeDecisions(snapshot, pod, *node);
        if (decisions.size() < claims->delayed.size())
            reasons.push_back(kReasonBindConflict);
    }
    if (reasons.empty())
        return {};
    return Status(Code::UnschedulableAndUnresolvable, std::move(reasons));
}

std::vector<VolumeDecision> volumeDecisions(const Snapshot& snapshot, const core::Pod& pod, const core::Node& node)
{
    std::vector<VolumeDecision> out;
    std::vector<JsonPtr> volumes = snapshot.persistentVolumes();
    std::set<std::string> chosen;
    for (const core::PodVolume& v : pod.volumes) {
        if (v.claimName.empty())
            continue;
        JsonPtr claim = snapshot.storageObject(core::ObjectKey{"PersistentVolumeClaim", pod.ns, v.claimName});
        if (!claim || fullyBound(*claim) ||
            !core::stringAt(*claim, Json::json_pointer("/spec/volumeName")).empty())
            continue;
        JsonPtr sc = classOf(snapshot, *claim);
        if (!core::isDelayBindingClass(sc.get()))
            continue;
        std::vector<JsonPtr> candidates;
        for (const JsonPtr& pv : volumes)
            if (!chosen.contains(core::nameOf(*pv)))
                candidates.push_back(pv);
        JsonPtr match = core::findMatchingVolume(
            *claim, candidates, [&](const Json& volume) { return volumeFitsNode(volume, node); }, true);
        if (match) {
            chosen.insert(core::nameOf(*match));
            out.push_back(VolumeDecision{v.claimName, core::nameOf(*match)});
            continue;
        }
        // checkVolumeProvisions: the class must provision, and may do so on this node.
        std::string provisioner = sc->value("provisioner", "");
        if (provisioner.empty() || provisioner == core::kNoProvisioner || !classAllowsNode(*sc, node))
            continue;
        out.push_back(VolumeDecision{v.claimName, {}});
    }
    return out;
}

Status VolumeBinding::preScore(CycleState& /*state*/, const core::Pod& /*pod*/, std::span<NodeInfo* const> /*nodes*/)
{
    return Status(Code::Skip);
}

Status VolumeBinding::score(CycleState& /*state*/, const core::Pod& /*pod*/, const NodeInfo& /*nodeInfo*/, std::int64_t& score)
{
    score = 0;
    return {};
}

Status VolumeBinding::reserve(CycleState& /*state*/, const core::Pod& /*pod*/, const std::string& /*nodeName*/)
{
    return {};
}

void VolumeBinding::unreserve(CycleState& /*state*/, const core::Pod& /*pod*/, const std::string& /*nodeName*/)
{
}

Status VolumeBinding::preBind(CycleState& /*state*/, const core::Pod& /*pod*/, const std::string& /*nodeName*/)
{
    return {};
}

std::vector<ClusterEvent> VolumeBinding::eventsToRegister() const
{
    return {
        ClusterEvent{EventResource::PersistentVolumeClaim, action::Add | action::Update, "PvcChange"},
        ClusterEvent{EventResource::PersistentVolume, action::Add | action::Update, "PvChange"},
        ClusterEvent{EventResource::StorageClass, action::Add | action::Update, "StorageClassChange"},
        ClusterEvent{EventResource::CSINode, action::Add | action::Update, "CSINodeChange"},
        ClusterEvent{EventResource::Node, action::Add | action::UpdateNodeLabel | action::UpdateNodeTaint, "NodeChange"},
    };
}

} // namespace kubelab::scheduler

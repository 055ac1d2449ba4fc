// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/volumeexpand.h"

#include "core/controllers/persistentvolume.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

const Json::json_pointer kConditions("/status/conditions");

/// MergeResizeConditionOnPVC: the claim's resize conditions become `conditions` (others
/// stay); a condition already there with the same status keeps its lastTransitionTime.
Json withResizeConditions(const Json& claim, Json conditions)
{
    Json next = claim;
    Json merged = Json::array();
    const Json* old = claim.contains(kConditions) && claim.at(kConditions).is_array() ? &claim.at(kConditions) : nullptr;
    if (old)
        for (const Json& c : *old) {
            std::string type = c.value("type", "");
            if (type != kClaimResizing && type != kClaimFileSystemResizePending)
                merged.push_back(c);
        }
    for (Json& c : conditions) {
        if (old)
            for (const Json& was : *old)
                if (was.value("type", "") == c.value("type", "") && was.value("status", "") == c.value("status", ""))
                    c["lastTransitionTime"] = was.value("lastTransitionTime", Json());
        merged.push_back(std::move(c));
    }
    if (merged.empty())
        next["status"].erase("conditions");
    else
        next["status"]["conditions"] = std::move(merged);
    return next;
}

Json condition(const char* type, const std::string& now, const std::string& message = {})
{
    Json c = Json{{"type", type}, {"status", "True"}, {"lastProbeTime", nullptr}, {"lastTransitionTime", now}};
    if (!message.empty())
        c["message"] = message;
    return c;
}

std::string claimName(const Json& claim)
{
    return namespaceOf(claim) + "/" + nameOf(claim);
}

} // namespace

bool waitsForFileSystemResize(const Json& claim)
{
    if (!claim.contains(kConditions) || !claim.at(kConditions).is_array())
        return false;
    for (const Json& c : claim.at(kConditions))
        if (c.value("type", "") == kClaimFileSystemResizePending && c.value("status", "") == "True")
            return true;
    return false;
}

void VolumeExpandController::start(Engine& engine)
{
    m_engine = &engine;
    for (const ObjectPtr& pvc : engine.list("PersistentVolumeClaim"))
        m_claims.add(keyOf(*pvc));
}

void VolumeExpandController::onEvent(const WatchEvent& event)
{
    if (event.key.kind == "PersistentVolumeClaim" && event.type != WatchEventType::Deleted)
        m_claims.add(event.key);
}

void VolumeExpandController::work()
{
    if (auto key = m_claims.pop())
        syncClaim(*key);
}

void VolumeExpandController::syncClaim(const ObjectKey& key)
{
    ObjectPtr c = m_engine->get(key);
    if (!c || isBeingDeleted(*c) || stringAt(*c, kPhase) != "Bound")
        return;
    const Json& claim = *c;
    // Nothing to do until the request is larger than what the claim has.
    if (storageQuantityAt(claim, kClaimRequest) <= storageQuantityAt(claim, kClaimCapacity))
        return;
    ObjectPtr volume = m_engine->get(ObjectKey{"PersistentVolume", "", stringAt(claim, Json::json_pointer("/spec/volumeName"))});
    if (!volume)
        return;
    // The expand controller: no in-tree plugin expands the volume, an external controller must.
    m_engine->recordEvent(claim, "Warning", "ExternalExpanding", "waiting for an external controller to expand this PVC",
                          "volume_expand");
    std::string driver = stringAt(*volume, Json::json_pointer("/spec/csi/driver"));
    if (!driver.empty())
        resize(claim, *volume, driver);
}

void VolumeExpandController::resize(const Json& claimIn, const Json& volumeIn, const std::string& driver)
{
    if (waitsForFileSystemResize(claimIn))
        return; // the volume has grown; the node's part is left
    const std::string source = "external-resizer " + driver;
    const RequestContext ctx = RequestContext::controller(source, "csi-resizer");
    const Quantity requested = storageQuantityAt(claimIn, kClaimRequest);
    ObjectPtr claim = std::make_shared<const Json>(claimIn);
    if (storageQuantityAt(volumeIn, kVolumeCapacity) < requested) {
        // markPVCResizeInProgress, then ControllerExpandVolume (simulated: it succeeds at once).
        auto r = m_engine->updateStatus(withResizeConditions(*claim, Json::array({condition(kClaimResizing, m_engine->timestampNow())})), ctx);
        if (!r)
            return;
        claim = *r;
        m_engine->recordEvent(*claim, "Normal", "Resizing", "External resizer is resizing volume " + nameOf(volumeIn), source);
        Json volume = volumeIn;
        volume["spec"]["capacity"]["storage"] = stringAt(*claim, Json::json_pointer(kClaimRequest));
        volume["metadata"].erase("resourceVersion");
        if (!m_engine->update(std::move(volume), ctx))
            return;
        m_engine->story("controller-manager", keyOf(*claim), "VolumeResized", "pv.resized",
                        Json{{"driver", driver}, {"volume", nameOf(volumeIn)}, {"claim", claimName(*claim)},
                             {"capacity", stringAt(*claim, Json::json_pointer(kClaimRequest))}});
    }
    // The simulated drivers grow the file system on the node (NodeExpansionRequired).
    const std::string message = "Waiting for user to (re-)start a pod to finish file system resize of volume on node.";
    if (m_engine->updateStatus(
            withResizeConditions(*claim, Json::array({condition(kClaimFileSystemResizePending, m_engine->timestampNow(), message)})),
            ctx))
        m_engine->recordEvent(*claim, "Normal", "FileSystemResizeRequired", "Require file system resize of volume on node",
                              source);
}

void finishFileSystemResize(Engine& engine, const Json& pod, const std::string& node)
{
    if (!pod.contains("spec") || !pod["spec"].contains("volumes") || !pod["spec"]["volumes"].is_array())
        return;
    for (const Json& v : pod["spec"]["volumes"]) {
        if (!v.contains("persistentVolumeClaim") || !v["persistentVolumeClaim"].is_object())
            continue;
        ObjectPtr claim = engine.get(
            ObjectKey{"PersistentVolumeClaim", namespaceOf(pod), v["persistentVolumeClaim"].value("claimName", "")});
        if (!claim || !waitsForFileSystemResize(*claim))
            continue;
        ObjectPtr volume = engine.get(ObjectKey{"PersistentVolume", "", stringAt(*claim, Json::json_pointer("/spec/volumeName"))});
        if (!volume || storageQuantityAt(*volume, kVolumeCapacity) <= storageQuantityAt(*claim, kClaimCapacity))
            continue;
        // MarkFSResizeFinished: the claim has the volume's capacity, its resize conditions go.
        Json next = withResizeConditions(*claim, Json::array());
        next["status"]["capacity"]["storage"] = stringAt(*volume, Json::json_pointer(kVolumeCapacity));
        if (!engine.updateStatus(next, RequestContext::kubelet(node)))
            continue;
        const std::string message = "MountVolume.NodeExpandVolume succeeded for volume \"" + nameOf(*volume) + "\" " + node;
        engine.recordEvent(pod, "Normal", "FileSystemResizeSuccessful", message, "kubelet", node);
        engine.recordEvent(*claim, "Normal", "FileSystemResizeSuccessful", message, "kubelet", node);
        engine.story("kubelet@" + node, keyOf(*claim), "FileSystemResized", "pv.fileSystemResized",
                     Json{{"node", node}, {"volume", nameOf(*volume)}, {"claim", claimName(*claim)},
                          {"capacity", stringAt(*volume, Json::json_pointer(kVolumeCapacity))}});
    }
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

/// The claim conditions of a resize (core/v1 PersistentVolumeClaimConditionType).
inline constexpr const char* kClaimResizing = "Resizing";
inline constexpr const char* kClaimFileSystemResizePending = "FileSystemResizePending";

/// Volume expansion after a claim's storage request grew (the PersistentVolumeClaimResize
/// admission allowed it: the claim is Bound and its class has `allowVolumeExpansion`):
/// - the expand controller (pkg/controller/volume/expand): no in-tree plugin expands a lab
///   volume, so it records `ExternalExpanding` (`waiting for an external controller to
///   expand this PVC`) and leaves the work to the volume's CSI driver;
/// - the external resizer of that driver (kubernetes-csi/external-resizer), simulated beside
///   it as the provisioner is beside the PV controller: condition `Resizing`, event
///   `Resizing`, the volume's `spec.capacity` grown at once (every simulated driver
///   succeeds), then condition `FileSystemResizePending` and event `FileSystemResizeRequired`:
///   the file system on the node grows when a kubelet mounts the volume
///   (`Kubelet`, `finishFileSystemResize`). Volumes without a CSI driver (hostPath, the
///   local-path provisioner's) have no resizer: the claim keeps waiting, as upstream.
class VolumeExpandController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "persistentvolume-expander-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_claims.empty(); }
    void work() override;

private:
    void syncClaim(const ObjectKey& key);
    void resize(const Json& claim, const Json& volume, const std::string& driver);

    Engine* m_engine = nullptr;
    WorkQueue<ObjectKey> m_claims;
};

/// The kubelet's part of an expansion (operation_generator's NodeExpandVolume): for each
/// claim of `pod` (running on `node`) whose volume is larger than the claim's
/// `status.capacity` and that waits for `FileSystemResizePending`, the file system is
/// grown: the claim gets the volume's capacity and loses its resize conditions, and
/// `FileSystemResizeSuccessful` is recorded on the pod and the claim.
void finishFileSystemResize(Engine& engine, const Json& pod, const std::string& node);

/// Whether the claim waits for a kubelet to grow its file system.
[[nodiscard]] bool waitsForFileSystemResize(const Json& claim);

} // namespace kubelab::core

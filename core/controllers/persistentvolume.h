// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/api/quantity.h"

#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

// Annotations of the binder (component-helpers/storage/volume/helpers.go).
inline constexpr const char* kAnnBindCompleted = "pv.kubernetes.io/bind-completed";
inline constexpr const char* kAnnBoundByController = "pv.kubernetes.io/bound-by-controller";
inline constexpr const char* kAnnSelectedNode = "volume.kubernetes.io/selected-node";
inline constexpr const char* kAnnStorageProvisioner = "volume.kubernetes.io/storage-provisioner";
inline constexpr const char* kAnnBetaStorageProvisioner = "volume.beta.kubernetes.io/storage-provisioner";
inline constexpr const char* kAnnProvisionedBy = "pv.kubernetes.io/provisioned-by";
inline constexpr const char* kAnnDefaultStorageClass = "storageclass.kubernetes.io/is-default-class";
inline constexpr const char* kPvcProtectionFinalizer = "kubernetes.io/pvc-protection";
inline constexpr const char* kPvProtectionFinalizer = "kubernetes.io/pv-protection";
/// The provisioner name of classes that never provision (local volumes made by hand).
inline constexpr const char* kNoProvisioner = "kubernetes.io/no-provisioner";

inline constexpr const char* kClaimRequest = "/spec/resources/requests/storage";
inline constexpr const char* kClaimCapacity = "/status/capacity/storage";
inline constexpr const char* kVolumeCapacity = "/spec/capacity/storage";
/// The storage quantity at `pointer` (kClaimRequest ...); zero when absent or not a quantity.
[[nodiscard]] Quantity storageQuantityAt(const Json& object, const char* pointer);

/// Whether one of the pod's volumes is the claim (of the pod's namespace).
[[nodiscard]] bool podUsesClaim(const Json& pod, const std::string& claim);

/// GetPersistentVolumeClaimClass: the beta annotation, else `spec.storageClassName`, else "".
[[nodiscard]] std::string claimClassOf(const Json& claim);
/// Whether the claim names no class at all (`storageClassName` unset and no annotation).
[[nodiscard]] bool claimClassUnset(const Json& claim);
/// GetPersistentVolumeClass: the beta annotation, else `spec.storageClassName`, else "".
[[nodiscard]] std::string volumeClassOf(const Json& volume);
/// IsVolumeBoundToClaim: the volume's claimRef names the claim (and its uid, when set).
[[nodiscard]] bool isVolumeBoundToClaim(const Json& volume, const Json& claim);
/// CheckAccessModes: the volume offers every mode the claim asks for.
[[nodiscard]] bool checkAccessModes(const Json& claim, const Json& volume);
/// CheckVolumeModeMismatches: Filesystem vs Block (unset is Filesystem).
[[nodiscard]] bool volumeModeMismatches(const Json& claim, const Json& volume);
/// checkVolumeSatisfyClaim (pv_controller.go): "" when the volume may serve the claim,
/// else upstream's reason (`requested PV is too small`, `storageClassName does not match`,
/// `incompatible volumeMode`, `incompatible accessMode`).
[[nodiscard]] std::string checkVolumeSatisfyClaim(const Json& volume, const Json& claim);

/// Upstream's FindMatchingVolume (pv_helpers.go): the volume pre-bound to the claim, else
/// the smallest Available volume of the claim's class whose capacity, volumeMode and labels
/// fit. `nodeMatches` is the scheduler path (a node is given): the volume's node affinity
/// must match, and access modes are checked here. Without it, a claim of a
/// WaitForFirstConsumer class (`delayBinding`) matches only pre-bound volumes.
[[nodiscard]] ObjectPtr findMatchingVolume(const Json& claim, const std::vector<ObjectPtr>& volumes,
                                           const std::function<bool(const Json& volume)>& nodeMatches,
                                           bool delayBinding);
/// The PV controller's volume index (index.go, persistentVolumeOrderedIndex), kept from the
/// watch. Upstream groups volumes by access-mode set and, for each group that holds all the
/// claim's modes (fewest modes first), runs FindMatchingVolume over every volume of it; the
/// index gives the same answer without visiting every volume: the volumes a claim may take
/// (no claimRef, Available, not being deleted) are kept sorted by capacity, then name, per
/// class, volumeMode and access-mode set, and volumes pre-bound by `claimRef` by the claim
/// they name. Within a group a volume pre-bound to the claim wins, else the smallest that
/// fits (ties: the first by name). Groups with as many modes come in the order RWO, ROX,
/// RWX, RWOP (upstream's order for them is not defined).
class VolumeIndex {
public:
    /// Adds the volume, or replaces what the index held under its name.
    void add(const ObjectPtr& volume);
    void remove(const std::string& name);
    [[nodiscard]] ObjectPtr findBestMatchForClaim(const Json& claim, bool delayBinding) const;
    /// Whether an unbound claim may take the volume: no claimRef, Available, not being deleted.
    [[nodiscard]] static bool offered(const Json& volume);

private:
    /// A bucket of offered volumes.
    struct OfferKey {
        std::string storageClass;
        std::string volumeMode;
        unsigned modes = 0; ///< the access-mode set as bits: RWO 1, ROX 2, RWX 4, RWOP 8
        auto operator<=>(const OfferKey&) const = default;
    };
    struct Entry {
        ObjectPtr object;
        unsigned modes = 0;               ///< the access-mode set as bits
        std::optional<OfferKey> offerKey; ///< the m_offered bucket, none when not offered
        Quantity capacity;
        std::string claimRef; ///< "namespace/name" of the claimRef, "" without one
    };
    std::unordered_map<std::string, Entry> m_entries;
    /// Offered volumes by capacity, then name.
    std::map<OfferKey, std::set<std::pair<Quantity, std::string>>> m_offered;
    /// "namespace/name" -> the volumes whose claimRef names that claim.
    std::unordered_map<std::string, std::set<std::string>> m_preBound;
};

/// The index's answer over a list of volumes (the PV controller's findBestMatchForClaim).
[[nodiscard]] ObjectPtr findBestMatchForClaim(const Json& claim, const std::vector<ObjectPtr>& volumes,
                                              bool delayBinding);
/// The class's `volumeBindingMode` is WaitForFirstConsumer.
[[nodiscard]] bool isDelayBindingClass(const Json* storageClass);
/// The default StorageClass (annotation `storageclass.kubernetes.io/is-default-class`):
/// the newest one when several are marked, as upstream's GetDefaultClass.
[[nodiscard]] ObjectPtr defaultStorageClass(const Engine& engine);

/// The PersistentVolume controller (pkg/controller/volume/persistentvolume/pv_controller.go)
/// with the external provisioner and the protection controllers beside it:
/// - binds each Pending claim to the smallest matching volume (or its pre-bound one),
///   setting claimRef, volumeName, phases, status and upstream's annotations;
/// - claims of a class provision a volume `pvc-<uid>` of the requested size through the
///   class's provisioner (simulated: every provisioner succeeds at once, as
///   sig-storage-lib-external-provisioner reports it); WaitForFirstConsumer claims wait for
///   the scheduler's `volume.kubernetes.io/selected-node`;
/// - a volume whose claim is gone is Released (Retain), deleted (Delete) or scrubbed back to
///   Available (Recycle, deprecated);
/// - `kubernetes.io/pvc-protection` leaves a claim while a pod uses it,
///   `kubernetes.io/pv-protection` a volume while it is Bound.
class PersistentVolumeController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "persistentvolume-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override
    {
        return !m_claims.empty() || !m_volumes.empty() || (m_retryPending && !m_pendingClaims.empty());
    }
    void work() override;

    /// One reconciliation of a claim (syncClaim).
    void syncClaim(const ObjectKey& key);
    /// One reconciliation of a volume (syncVolume).
    void syncVolume(const ObjectKey& key);

private:
    void syncUnboundClaim(const Json& claim);
    void syncBoundClaim(const Json& claim);
    void bind(const Json& volume, const Json& claim);
    void provision(const Json& claim, const Json& storageClass);
    void reclaim(const Json& volume);
    void setVolumePhase(const Json& volume, const std::string& phase, const std::string& message = {});
    void setClaimPending(const Json& claim);
    void protectClaim(const Json& claim);
    void protectVolume(const Json& volume);
    void enqueueClaimsOf(const Json& pod);

    Engine* m_engine = nullptr;
    WorkQueue<ObjectKey> m_claims;
    WorkQueue<ObjectKey> m_volumes;
    VolumeIndex m_index;
    /// Claims not Bound, from the watch; retried (once the volume queue is empty) when a
    /// volume is offered or a StorageClass changes.
    std::set<ObjectKey> m_pendingClaims;
    bool m_retryPending = false;
};

} // namespace kubelab::core

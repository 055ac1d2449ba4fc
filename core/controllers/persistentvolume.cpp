// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controllers/persistentvolume.h"

#include <algorithm>
#include <bit>
#include <map>
#include <set>

#include "core/api/labels.h"
#include "core/api/quantity.h"
#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

const Json::json_pointer kClaimRef("/spec/claimRef");
const Json::json_pointer kVolumeName("/spec/volumeName");
const Json::json_pointer kBetaClass("/metadata/annotations/volume.beta.kubernetes.io~1storage-class");

constexpr const char* kBinder = "persistentvolume-controller";

RequestContext binderContext()
{
    return RequestContext::controller(kBinder, "persistent-volume-binder");
}

RequestContext provisionerContext(const std::string& provisioner)
{
    return RequestContext::controller(provisioner, provisioner);
}

std::vector<std::string> modesOf(const Json& object, const char* pointer)
{
    std::vector<std::string> out;
    Json::json_pointer p(pointer);
    if (object.contains(p) && object.at(p).is_array())
        for (const Json& m : object.at(p))
            if (m.is_string())
                out.push_back(m.get<std::string>());
    return out;
}

/// An access-mode set as bits, in GetAccessModesAsString's order: RWO, ROX, RWX, RWOP.
unsigned accessModeBits(const std::vector<std::string>& modes)
{
    unsigned bits = 0;
    unsigned bit = 1;
    for (const char* m : {"ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"}) {
        if (std::ranges::find(modes, m) != modes.end())
            bits |= bit;
        bit <<= 1;
    }
    return bits;
}

/// The volumeMode, "Filesystem" when unset.
std::string volumeModeOf(const Json& object)
{
    std::string mode = stringAt(object, Json::json_pointer("/spec/volumeMode"));
    return mode.empty() ? "Filesystem" : mode;
}

bool hasAnnotation(const Json& object, const std::string& key)
{
    return object.contains("metadata") && object["metadata"].contains("annotations") &&
           object["metadata"]["annotations"].contains(key);
}

ObjectPtr storageClassNamed(const Engine& engine, const std::string& name)
{
    if (name.empty())
        return nullptr;
    return engine.get(ObjectKey{"StorageClass", "", name});
}

/// Pods that keep a claim in use (pvc_protection_controller: any pod not yet terminal).
bool claimInUse(const Engine& engine, const std::string& ns, const std::string& claim)
{
    for (const ObjectPtr& p : engine.list("Pod", ns)) {
        std::string phase = stringAt(*p, kPhase);
        if (phase != "Succeeded" && phase != "Failed" && podUsesClaim(*p, claim))
            return true;
    }
    return false;
}

/// The claim's label selector: an empty optional when it has none; nullopt (outer) when it
/// does not parse.
std::optional<std::optional<LabelSelector>> claimSelector(const Json& claim)
{
    if (!claim.contains("spec") || !claim["spec"].contains("selector") || claim["spec"]["selector"].is_null())
        return std::optional<LabelSelector>();
    auto s = LabelSelector::fromJson(claim["spec"]["selector"]);
    if (!s)
        return std::nullopt;
    return std::optional<LabelSelector>(*s);
}

} // namespace

bool podUsesClaim(const Json& pod, const std::string& claim)
{
    if (pod.contains("spec") && pod["spec"].contains("volumes") && pod["spec"]["volumes"].is_array())
        for (const Json& v : pod["spec"]["volumes"])
            if (v.contains("persistentVolumeClaim") && v["persistentVolumeClaim"].is_object() &&
                v["persistentVolumeClaim"].value("claimName", "") == claim)
                return true;
    return false;
}

Quantity storageQuantityAt(const Json& object, const char* pointer)
{
    const Json::json_pointer p(pointer);
    if (!object.contains(p))
        return {};
    const Json& v = object.at(p);
    auto q = Quantity::parse(v.is_string() ? v.get<std::string>() : v.dump());
    return q ? *q : Quantity();
}

std::string claimClassOf(const Json& claim)
{
    if (claim.contains(kBetaClass))
        return stringAt(claim, kBetaClass);
    return stringAt(claim, Json::json_pointer("/spec/storageClassName"));
}

bool claimClassUnset(const Json& claim)
{
    if (claim.contains(kBetaClass))
        return false;
    return !claim.contains("spec") || !claim["spec"].contains("storageClassName") ||
           claim["spec"]["storageClassName"].is_null();
}

std::string volumeClassOf(const Json& volume)
{
    if (volume.contains(kBetaClass))
        return stringAt(volume, kBetaClass);
    return stringAt(volume, Json::json_pointer("/spec/storageClassName"));
}

bool isVolumeBoundToClaim(const Json& volume, const Json& claim)
{
    if (!volume.contains(kClaimRef) || !volume.at(kClaimRef).is_object())
        return false;
    const Json& ref = volume.at(kClaimRef);
    if (ref.value("name", "") != nameOf(claim) || ref.value("namespace", "") != namespaceOf(claim))
        return false;
    std::string uid = ref.value("uid", "");
    return uid.empty() || uid == uidOf(claim);
}

bool checkAccessModes(const Json& claim, const Json& volume)
{
    std::vector<std::string> offered = modesOf(volume, "/spec/accessModes");
    for (const std::string& m : modesOf(claim, "/spec/accessModes"))
        if (std::ranges::find(offered, m) == offered.end())
            return false;
    return true;
}

bool volumeModeMismatches(const Json& claim, const Json& volume)
{
    return volumeModeOf(claim) != volumeModeOf(volume);
}

std::string checkVolumeSatisfyClaim(const Json& volume, const Json& claim)
{
    if (isBeingDeleted(volume))
        return "the volume is marked for deletion \"" + nameOf(volume) + "\"";
    if (storageQuantityAt(volume, kVolumeCapacity) < storageQuantityAt(claim, kClaimRequest))
        return "requested PV is too small";
    if (volumeClassOf(volume) != claimClassOf(claim))
        return "storageClassName does not match";
    if (volumeModeMismatches(claim, volume))
        return "incompatible volumeMode";
    if (!checkAccessModes(claim, volume))
        return "incompatible accessMode";
    return {};
}

ObjectPtr findMatchingVolume(const Json& claim, const std::vector<ObjectPtr>& volumes,
                             const std::function<bool(const Json& volume)>& nodeMatches, bool delayBinding)
{
    Quantity requested = storageQuantityAt(claim, kClaimRequest);
    std::string requestedClass = claimClassOf(claim);
    const auto selector = claimSelector(claim);
    if (!selector)
        return nullptr; // a selector that does not parse matches nothing
    ObjectPtr smallest;
    Quantity smallestQty;
    for (const ObjectPtr& v : volumes) {
        const Json& volume = *v;
        if (volume.contains(kClaimRef) && volume.at(kClaimRef).is_object() && !isVolumeBoundToClaim(volume, claim))
            continue;
        Quantity qty = storageQuantityAt(volume, kVolumeCapacity);
        if (qty < requested)
            continue;
        if (volumeModeMismatches(claim, volume))
            continue;
        if (isBeingDeleted(volume))
            continue;
        bool nodeAffinityValid = !nodeMatches || nodeMatches(volume);
        if (isVolumeBoundToClaim(volume, claim))
            return nodeAffinityValid ? v : nullptr;
        if (!nodeMatches && delayBinding)
            continue; // the scheduler binds these
        if (stringAt(volume, kPhase) != "Available")
            continue;
        if (*selector && !(*selector)->matches(labelsOf(volume)))
            continue;
        if (volumeClassOf(volume) != requestedClass)
            continue;
        if (!nodeAffinityValid)
            continue;
        if (nodeMatches && !checkAccessModes(claim, volume))
            continue;
        if (!smallest || smallestQty > qty) {
            smallest = v;
            smallestQty = qty;
        }
    }
    return smallest;
}

bool VolumeIndex::offered(const Json& volume)
{
    return !(volume.contains(kClaimRef) && volume.at(kClaimRef).is_object()) && !isBeingDeleted(volume) &&
           stringAt(volume, kPhase) == "Available";
}

void VolumeIndex::add(const ObjectPtr& volume)
{
    const std::string name = nameOf(*volume);
    remove(name);
    Entry e;
    e.object = volume;
    e.modes = accessModeBits(modesOf(*volume, "/spec/accessModes"));
    e.capacity = storageQuantityAt(*volume, kVolumeCapacity);
    if (volume->contains(kClaimRef) && volume->at(kClaimRef).is_object()) {
        const Json& ref = volume->at(kClaimRef);
        e.claimRef = ref.value("namespace", "") + "/" + ref.value("name", "");
        m_preBound[e.claimRef].insert(name);
    }
    if (offered(*volume)) {
        e.offerKey = OfferKey{volumeClassOf(*volume), volumeModeOf(*volume), e.modes};
        m_offered[*e.offerKey].emplace(e.capacity, name);
    }
    m_entries.emplace(name, std::move(e));
}

void VolumeIndex::remove(const std::string& name)
{
    auto it = m_entries.find(name);
    if (it == m_entries.end())
        return;
    const Entry& e = it->second;
    if (!e.claimRef.empty())
        if (auto p = m_preBound.find(e.claimRef); p != m_preBound.end() && p->second.erase(name) && p->second.empty())
            m_preBound.erase(p);
    if (e.offerKey)
        if (auto o = m_offered.find(*e.offerKey); o != m_offered.end() && o->second.erase({e.capacity, name}) &&
                                                  o->second.empty())
            m_offered.erase(o);
    m_entries.erase(it);
}

ObjectPtr VolumeIndex::findBestMatchForClaim(const Json& claim, bool delayBinding) const
{
    const Quantity requested = storageQuantityAt(claim, kClaimRequest);
    const auto selector = claimSelector(claim);
    if (!selector)
        return nullptr; // a selector that does not parse matches nothing
    const std::string cls = claimClassOf(claim);
    const std::string mode = volumeModeOf(claim);
    const auto preBound = m_preBound.find(namespaceOf(claim) + "/" + nameOf(claim));

    // allPossibleMatchingAccessModes: the access-mode sets (of the volumes the claim could
    // get) that hold every requested mode, fewest modes first.
    const unsigned wanted = accessModeBits(modesOf(claim, "/spec/accessModes"));
    std::set<unsigned> sets;
    for (auto it = m_offered.lower_bound(OfferKey{cls, mode, 0});
         it != m_offered.end() && it->first.storageClass == cls && it->first.volumeMode == mode; ++it)
        sets.insert(it->first.modes);
    if (preBound != m_preBound.end())
        for (const std::string& name : preBound->second)
            sets.insert(m_entries.at(name).modes);
    std::vector<unsigned> groups;
    for (unsigned set : sets)
        if ((set & wanted) == wanted)
            groups.push_back(set);
    std::ranges::stable_sort(groups, {}, [](unsigned set) { return std::popcount(set); });

    for (unsigned group : groups) {
        // FindMatchingVolume over the group: a volume pre-bound to this claim wins ...
        if (preBound != m_preBound.end())
            for (const std::string& name : preBound->second) {
                const Entry& e = m_entries.at(name);
                const Json& volume = *e.object;
                if (e.modes == group && isVolumeBoundToClaim(volume, claim) && e.capacity >= requested &&
                    !volumeModeMismatches(claim, volume) && !isBeingDeleted(volume))
                    return e.object;
            }
        if (delayBinding)
            continue; // the scheduler binds these
        // ... else the smallest offered volume that fits.
        auto offered = m_offered.find(OfferKey{cls, mode, group});
        if (offered == m_offered.end())
            continue;
        for (auto it = offered->second.lower_bound({requested, std::string()}); it != offered->second.end(); ++it) {
            const Entry& e = m_entries.at(it->second);
            if (!*selector || (*selector)->matches(labelsOf(*e.object)))
                return e.object;
        }
    }
    return nullptr;
}

ObjectPtr findBestMatchForClaim(const Json& claim, const std::vector<ObjectPtr>& volumes, bool delayBinding)
{
    VolumeIndex index;
    for (const ObjectPtr& v : volumes)
        index.add(v);
    return index.findBestMatchForClaim(claim, delayBinding);
}

bool isDelayBindingClass(const Json* storageClass)
{
    return storageClass && storageClass->value("volumeBindingMode", "") == "WaitForFirstConsumer";
}

ObjectPtr defaultStorageClass(const Engine& engine)
{
    ObjectPtr best;
    for (const ObjectPtr& sc : engine.list("StorageClass")) {
        Labels a = annotationsOf(*sc);
        auto it = a.find(kAnnDefaultStorageClass);
        auto beta = a.find("storageclass.beta.kubernetes.io/is-default-class");
        bool isDefault = (it != a.end() && it->second == "true") || (beta != a.end() && beta->second == "true");
        if (!isDefault)
            continue;
        // Several defaults: the newest wins, then the name (upstream's GetDefaultClass).
        std::string created = stringAt(*sc, Json::json_pointer("/metadata/creationTimestamp"));
        std::string bestCreated = best ? stringAt(*best, Json::json_pointer("/metadata/creationTimestamp")) : "";
        if (!best || created > bestCreated || (created == bestCreated && nameOf(*sc) < nameOf(*best)))
            best = sc;
    }
    return best;
}

void PersistentVolumeController::start(Engine& engine)
{
    m_engine = &engine;
    m_index = {};
    m_pendingClaims.clear();
    for (const ObjectPtr& pv : engine.list("PersistentVolume")) {
        m_volumes.add(keyOf(*pv));
        m_index.add(pv);
    }
    for (const ObjectPtr& pvc : engine.list("PersistentVolumeClaim")) {
        m_claims.add(keyOf(*pvc));
        if (stringAt(*pvc, kPhase) != "Bound")
            m_pendingClaims.insert(keyOf(*pvc));
    }
}

void PersistentVolumeController::enqueueClaimsOf(const Json& pod)
{
    if (!pod.contains("spec") || !pod["spec"].contains("volumes"))
        return;
    for (const Json& v : pod["spec"]["volumes"])
        if (v.contains("persistentVolumeClaim"))
            m_claims.add(ObjectKey{"PersistentVolumeClaim", namespaceOf(pod), v["persistentVolumeClaim"].value("claimName", "")});
}

void PersistentVolumeController::onEvent(const WatchEvent& event)
{
    const std::string& kind = event.key.kind;
    if (kind == "PersistentVolumeClaim") {
        if (event.type != WatchEventType::Deleted) {
            m_claims.add(event.key);
            if (stringAt(*event.object, kPhase) != "Bound")
                m_pendingClaims.insert(event.key);
            else
                m_pendingClaims.erase(event.key);
        } else {
            m_pendingClaims.erase(event.key);
            // The claim is gone: its volume is released.
            std::string volume = stringAt(*event.object, kVolumeName);
            if (!volume.empty())
                m_volumes.add(ObjectKey{"PersistentVolume", "", volume});
        }
    } else if (kind == "PersistentVolume") {
        if (event.type != WatchEventType::Deleted) {
            m_volumes.add(event.key);
            m_index.add(event.object);
            // A new or freed volume may serve a Pending claim.
            if (VolumeIndex::offered(*event.object))
                m_retryPending = true;
        } else {
            m_index.remove(event.key.name);
        }
        // The claims the volume names (before and after) look again: a pre-bound claim binds,
        // a bound one notices its volume is gone or has let it go.
        for (const Json* v : {event.object.get(), event.previous.get()})
            if (v && v->contains(kClaimRef) && v->at(kClaimRef).is_object())
                m_claims.add(ObjectKey{"PersistentVolumeClaim", v->at(kClaimRef).value("namespace", ""),
                                       v->at(kClaimRef).value("name", "")});
    } else if (kind == "StorageClass") {
        m_retryPending = true;
    } else if (kind == "Pod") {
        // Pods matter to terminating claims (protection) and, with a node chosen, to
        // WaitForFirstConsumer claims.
        enqueueClaimsOf(*event.object);
    }
}

void PersistentVolumeController::work()
{
    // Volumes first: a volume created with its claim is Available before the claim looks.
    if (auto v = m_volumes.pop()) {
        syncVolume(*v);
        return;
    }
    if (m_retryPending) {
        m_retryPending = false;
        for (const ObjectKey& key : m_pendingClaims)
            m_claims.add(key);
    }
    if (auto key = m_claims.pop())
        syncClaim(*key);
}

void PersistentVolumeController::setClaimPending(const Json& claim)
{
    if (stringAt(claim, kPhase) == "Pending")
        return;
    Json next = claim;
    next["status"] = Json{{"phase", "Pending"}};
    (void)m_engine->updateStatus(next, binderContext());
}

void PersistentVolumeController::setVolumePhase(const Json& volume, const std::string& phase, const std::string& message)
{
    if (stringAt(volume, kPhase) == phase)
        return;
    Json next = volume;
    Json status = Json{{"phase", phase}};
    if (!message.empty())
        status["message"] = message;
    // lastPhaseTransitionTime (GA in v1.31).
    status["lastPhaseTransitionTime"] = m_engine->timestampNow();
    next["status"] = status;
    (void)m_engine->updateStatus(next, binderContext());
}

void PersistentVolumeController::protectClaim(const Json& claim)
{
    if (!isBeingDeleted(claim) || !hasFinalizer(claim, kPvcProtectionFinalizer))
        return;
    if (claimInUse(*m_engine, namespaceOf(claim), nameOf(claim)))
        return;
    RequestContext ctx = RequestContext::controller("pvc-protection-controller", "pvc-protection-controller");
    (void)m_engine->update(withoutFinalizer(claim, kPvcProtectionFinalizer), ctx);
}

void PersistentVolumeController::protectVolume(const Json& volume)
{
    if (!isBeingDeleted(volume) || !hasFinalizer(volume, kPvProtectionFinalizer))
        return;
    if (stringAt(volume, kPhase) == "Bound")
        return;
    RequestContext ctx = RequestContext::controller("pv-protection-controller", "pv-protection-controller");
    (void)m_engine->update(withoutFinalizer(volume, kPvProtectionFinalizer), ctx);
}

void PersistentVolumeController::syncClaim(const ObjectKey& key)
{
    ObjectPtr c = m_engine->get(key);
    if (!c)
        return;
    if (isBeingDeleted(*c)) {
        protectClaim(*c);
        return;
    }
    if (!hasAnnotation(*c, kAnnBindCompleted))
        syncUnboundClaim(*c);
    else
        syncBoundClaim(*c);
}

void PersistentVolumeController::syncUnboundClaim(const Json& claim)
{
    RequestContext ctx = binderContext();
    std::string volumeName = stringAt(claim, kVolumeName);
    if (volumeName.empty()) {
        // A claim without class takes the default one once it exists (retroactive
        // default StorageClass assignment, GA in v1.28).
        if (claimClassUnset(claim)) {
            if (ObjectPtr def = defaultStorageClass(*m_engine)) {
                Json next = claim;
                next["spec"]["storageClassName"] = nameOf(*def);
                (void)m_engine->update(std::move(next), ctx);
                return;
            }
        }
        ObjectPtr sc = storageClassNamed(*m_engine, claimClassOf(claim));
        bool delayBinding = isDelayBindingClass(sc.get());
        ObjectPtr volume = m_index.findBestMatchForClaim(claim, delayBinding);
        if (volume) {
            bind(*volume, claim);
            return;
        }
        if (delayBinding && !hasAnnotation(claim, kAnnSelectedNode)) {
            m_engine->recordEvent(claim, "Normal", "WaitForFirstConsumer",
                                  "waiting for first consumer to be created before binding", kBinder);
        } else if (!claimClassOf(claim).empty()) {
            if (!sc) {
                m_engine->recordEvent(claim, "Warning", "ProvisioningFailed",
                                      "storageclass.storage.k8s.io \"" + claimClassOf(claim) + "\" not found",
                                      kBinder);
            } else if (sc->value("provisioner", "") == kNoProvisioner) {
                m_engine->recordEvent(claim, "Normal", "FailedBinding",
                                      "no persistent volumes available for this claim and no storage class is set",
                                      kBinder);
            } else {
                provision(claim, *sc);
                return;
            }
        } else {
            m_engine->recordEvent(claim, "Normal", "FailedBinding",
                                  "no persistent volumes available for this claim and no storage class is set",
                                  kBinder);
        }
        setClaimPending(claim);
        return;
    }
    // The user asked for a specific volume.
    ObjectPtr volume = m_engine->get(ObjectKey{"PersistentVolume", "", volumeName});
    if (!volume) {
        setClaimPending(claim);
        return;
    }
    if (!volume->contains(kClaimRef) || !volume->at(kClaimRef).is_object()) {
        if (std::string why = checkVolumeSatisfyClaim(*volume, claim); !why.empty()) {
            m_engine->recordEvent(claim, "Warning", "VolumeMismatch",
                                  "Cannot bind to requested volume \"" + volumeName + "\": " + why, kBinder);
            setClaimPending(claim);
            return;
        }
        bind(*volume, claim);
        return;
    }
    if (isVolumeBoundToClaim(*volume, claim)) {
        bind(*volume, claim);
        return;
    }
    setClaimPending(claim); // claimed by someone else: retry later
}

void PersistentVolumeController::syncBoundClaim(const Json& claim)
{
    std::string volumeName = stringAt(claim, kVolumeName);
    auto lost = [&](const char* reason, const char* message) {
        if (stringAt(claim, kPhase) == "Lost")
            return;
        Json next = claim;
        Json status = next.value("status", Json::object());
        status["phase"] = "Lost";
        next["status"] = status;
        (void)m_engine->updateStatus(next, binderContext());
        m_engine->recordEvent(claim, "Warning", reason, message, kBinder);
    };
    if (volumeName.empty()) {
        lost("ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
        return;
    }
    ObjectPtr volume = m_engine->get(ObjectKey{"PersistentVolume", "", volumeName});
    if (!volume) {
        lost("ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
        return;
    }
    if (!volume->contains(kClaimRef) || !volume->at(kClaimRef).is_object() || isVolumeBoundToClaim(*volume, claim)) {
        bind(*volume, claim); // finishes a half-done binding; no-op when complete
        return;
    }
    lost("ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly");
}

void PersistentVolumeController::bind(const Json& volumeIn, const Json& claimIn)
{
    RequestContext ctx = binderContext();
    // bindVolumeToClaim: claimRef (with uid), bound-by-controller when the controller made the link.
    Json volume = volumeIn;
    Json ref = Json{{"kind", "PersistentVolumeClaim"},
                    {"namespace", namespaceOf(claimIn)},
                    {"name", nameOf(claimIn)},
                    {"uid", uidOf(claimIn)},
                    {"apiVersion", "v1"},
                    {"resourceVersion", stringAt(claimIn, Json::json_pointer("/metadata/resourceVersion"))}};
    bool volumeChanged = false;
    if (!isVolumeBoundToClaim(volumeIn, claimIn) || stringAt(volumeIn, Json::json_pointer("/spec/claimRef/uid")).empty()) {
        if (!isVolumeBoundToClaim(volumeIn, claimIn))
            volume["metadata"]["annotations"][kAnnBoundByController] = "yes";
        volume["spec"]["claimRef"] = ref;
        volumeChanged = true;
    }
    ObjectPtr storedVolume = std::make_shared<const Json>(volumeIn);
    if (volumeChanged) {
        volume["metadata"].erase("resourceVersion");
        auto r = m_engine->update(std::move(volume), ctx);
        if (!r)
            return;
        storedVolume = *r;
    }
    setVolumePhase(*storedVolume, "Bound");

    // bindClaimToVolume: volumeName, bound-by-controller, bind-completed.
    Json claim = claimIn;
    bool claimChanged = false;
    if (stringAt(claim, kVolumeName) != nameOf(volumeIn)) {
        claim["spec"]["volumeName"] = nameOf(volumeIn);
        claim["metadata"]["annotations"][kAnnBoundByController] = "yes";
        claimChanged = true;
    }
    if (!hasAnnotation(claim, kAnnBindCompleted)) {
        claim["metadata"]["annotations"][kAnnBindCompleted] = "yes";
        claimChanged = true;
    }
    ObjectPtr storedClaim = std::make_shared<const Json>(claimIn);
    if (claimChanged) {
        claim["metadata"].erase("resourceVersion");
        auto r = m_engine->update(std::move(claim), ctx);
        if (!r)
            return;
        storedClaim = *r;
    }
    // updateClaimStatus: Bound, with the volume's access modes and capacity.
    Json next = *storedClaim;
    Json status = next.value("status", Json::object());
    status["phase"] = "Bound";
    if (storedVolume->contains("spec") && (*storedVolume)["spec"].contains("accessModes"))
        status["accessModes"] = (*storedVolume)["spec"]["accessModes"];
    // The capacity only when the claim has none: once set, a resize changes it (the kubelet,
    // when it has grown the file system), not the binder.
    if (!status.contains("capacity") && storedVolume->contains("spec") && (*storedVolume)["spec"].contains("capacity"))
        status["capacity"] = (*storedVolume)["spec"]["capacity"];
    next["status"] = status;
    if (next != *storedClaim) {
        (void)m_engine->updateStatus(next, ctx);
        m_engine->story("controller-manager", keyOf(claimIn), "ClaimBound", "pv.claimBound",
                        Json{{"volume", nameOf(volumeIn)}, {"claim", nameOf(claimIn)},
                             {"capacity", stringAt(*storedVolume, Json::json_pointer("/spec/capacity/storage"))}});
    }
}

void PersistentVolumeController::provision(const Json& claimIn, const Json& storageClass)
{
    std::string provisioner = storageClass.value("provisioner", "");
    std::string claimRef = namespaceOf(claimIn) + "/" + nameOf(claimIn);
    Json claim = claimIn;
    // The controller hands the claim to the external provisioner.
    if (!hasAnnotation(claim, kAnnStorageProvisioner)) {
        claim["metadata"]["annotations"][kAnnBetaStorageProvisioner] = provisioner;
        claim["metadata"]["annotations"][kAnnStorageProvisioner] = provisioner;
        claim["metadata"].erase("resourceVersion");
        auto r = m_engine->update(std::move(claim), binderContext());
        if (!r)
            return;
        claim = **r;
    }
    m_engine->recordEvent(claim, "Normal", "ExternalProvisioning",
                          "Waiting for a volume to be created either by the external provisioner '" + provisioner +
                              "' or manually by the system administrator. If volume creation is delayed, please "
                              "verify that the provisioner is running and correctly registered.",
                          kBinder);
    setClaimPending(claim);

    // The external provisioner (sig-storage-lib-external-provisioner), simulated: it
    // always succeeds, at once.
    std::string pvName = "pvc-" + uidOf(claim);
    if (m_engine->get(ObjectKey{"PersistentVolume", "", pvName}))
        return;
    m_engine->recordEvent(claim, "Normal", "Provisioning",
                          "External provisioner is provisioning volume for claim \"" + claimRef + "\"", provisioner);
    Json pv = Json::object();
    pv["apiVersion"] = "v1";
    pv["kind"] = "PersistentVolume";
    pv["metadata"] = Json{{"name", pvName}, {"annotations", Json{{kAnnProvisionedBy, provisioner}}}};
    Json spec = Json::object();
    spec["accessModes"] = claim["spec"].value("accessModes", Json::array());
    spec["capacity"] = Json{{"storage", claim["spec"]["resources"]["requests"].value("storage", "0")}};
    spec["claimRef"] = Json{{"apiVersion", "v1"},
                            {"kind", "PersistentVolumeClaim"},
                            {"name", nameOf(claim)},
                            {"namespace", namespaceOf(claim)},
                            {"resourceVersion", stringAt(claim, Json::json_pointer("/metadata/resourceVersion"))},
                            {"uid", uidOf(claim)}};
    std::string selectedNode = annotationsOf(claim).contains(kAnnSelectedNode) ? annotationsOf(claim).at(kAnnSelectedNode) : "";
    if (provisioner == "rancher.io/local-path") {
        spec["hostPath"] = Json{{"path", "/opt/local-path-provisioner/" + pvName + "_" + namespaceOf(claim) + "_" +
                                             nameOf(claim)},
                                {"type", "DirectoryOrCreate"}};
    } else {
        spec["csi"] = Json{{"driver", provisioner}, {"volumeHandle", pvName}};
    }
    if (storageClass.contains("mountOptions"))
        spec["mountOptions"] = storageClass["mountOptions"];
    // Topology: the chosen node (local volumes) or its zone.
    if (!selectedNode.empty()) {
        std::string key = "kubernetes.io/hostname";
        std::string value = selectedNode;
        if (provisioner != "rancher.io/local-path")
            if (ObjectPtr node = m_engine->get(ObjectKey{"Node", "", selectedNode})) {
                Labels l = labelsOf(*node);
                if (auto it = l.find("topology.kubernetes.io/zone"); it != l.end()) {
                    key = "topology.kubernetes.io/zone";
                    value = it->second;
                }
            }
        spec["nodeAffinity"] = Json{{"required",
                                     Json{{"nodeSelectorTerms",
                                           Json::array({Json{{"matchExpressions",
                                                              Json::array({Json{{"key", key},
                                                                                {"operator", "In"},
                                                                                {"values", Json::array({value})}}})}}})}}}};
    }
    spec["persistentVolumeReclaimPolicy"] = storageClass.value("reclaimPolicy", "Delete");
    spec["storageClassName"] = nameOf(storageClass);
    spec["volumeMode"] = claim["spec"].value("volumeMode", "Filesystem");
    pv["spec"] = spec;
    auto created = m_engine->create(std::move(pv), provisionerContext(provisioner));
    if (!created) {
        m_engine->recordEvent(claim, "Warning", "ProvisioningFailed",
                              "failed to provision volume with StorageClass \"" + nameOf(storageClass) +
                                  "\": " + created.error().message,
                              provisioner);
        return;
    }
    m_engine->recordEvent(claim, "Normal", "ProvisioningSucceeded", "Successfully provisioned volume " + pvName,
                          provisioner);
    m_engine->story("controller-manager", keyOf(**created), "VolumeProvisioned", "pv.provisioned",
                    Json{{"claim", claimRef}, {"storageClass", nameOf(storageClass)}, {"provisioner", provisioner},
                         {"volume", pvName}, {"capacity", stringAt(**created, Json::json_pointer("/spec/capacity/storage"))}});
}

void PersistentVolumeController::syncVolume(const ObjectKey& key)
{
    ObjectPtr v = m_engine->get(key);
    if (!v)
        return;
    const ObjectPtr original = v;
    const Json& volume = *original;
    if (isBeingDeleted(volume))
        protectVolume(volume);
    v = m_engine->get(key);
    if (!v)
        return;
    if (!volume.contains(kClaimRef) || !volume.at(kClaimRef).is_object()) {
        setVolumePhase(*v, "Available");
        return;
    }
    const Json& ref = volume.at(kClaimRef);
    if (ref.value("uid", "").empty()) {
        // Pre-bound by the user: the claim's sync finishes the binding.
        setVolumePhase(*v, "Available");
        m_claims.add(ObjectKey{"PersistentVolumeClaim", ref.value("namespace", ""), ref.value("name", "")});
        return;
    }
    ObjectPtr claim = m_engine->get(ObjectKey{"PersistentVolumeClaim", ref.value("namespace", ""), ref.value("name", "")});
    if (claim && uidOf(*claim) != ref.value("uid", ""))
        claim = nullptr; // a new claim of the same name is another claim
    if (!claim) {
        std::string phase = stringAt(*v, kPhase);
        if (phase != "Released" && phase != "Failed") {
            setVolumePhase(*v, "Released");
            v = m_engine->get(key);
        }
        if (v)
            reclaim(*v);
        return;
    }
    std::string bound = stringAt(*claim, kVolumeName);
    if (bound.empty()) {
        m_claims.add(keyOf(*claim)); // the claim's sync binds
        return;
    }
    if (bound == key.name) {
        setVolumePhase(*v, "Bound");
        return;
    }
    // The claim went to another volume: a volume the controller bound is freed.
    if (hasAnnotation(volume, kAnnProvisionedBy) && volume["spec"].value("persistentVolumeReclaimPolicy", "") == "Delete") {
        setVolumePhase(*v, "Released");
        if (ObjectPtr now = m_engine->get(key))
            reclaim(*now);
    } else if (hasAnnotation(volume, kAnnBoundByController)) {
        Json next = volume;
        next["spec"].erase("claimRef");
        next["metadata"]["annotations"].erase(kAnnBoundByController);
        next["metadata"].erase("resourceVersion");
        if (auto r = m_engine->update(std::move(next), binderContext()))
            setVolumePhase(**r, "Available");
    }
}

void PersistentVolumeController::reclaim(const Json& volume)
{
    if (stringAt(volume, kPhase) != "Released")
        return;
    std::string policy = volume["spec"].value("persistentVolumeReclaimPolicy", "Retain");
    if (policy == "Retain")
        return; // kept with its data until an administrator clears claimRef
    if (policy == "Recycle") {
        // Deprecated: the recycler scrubs the volume and offers it again.
        Json next = volume;
        next["spec"].erase("claimRef");
        next["metadata"].erase("resourceVersion");
        if (auto r = m_engine->update(std::move(next), binderContext())) {
            m_engine->recordEvent(**r, "Normal", "VolumeRecycled", "Volume recycled", kBinder);
            setVolumePhase(**r, "Available");
        }
        return;
    }
    // Delete: the backing volume and the PersistentVolume go.
    if (isBeingDeleted(volume))
        return;
    // A volume made by hand is deleted by the in-tree plugin of its type (findDeletablePlugin):
    // hostPath's deleter removes only directories under /tmp, and no other in-tree plugin
    // deletes. A volume that cannot be deleted is Failed, with the reason.
    if (!hasAnnotation(volume, kAnnProvisionedBy)) {
        std::string why;
        if (volume["spec"].contains("hostPath")) {
            const std::string path = stringAt(volume, Json::json_pointer("/spec/hostPath/path"));
            const std::size_t tmp = path.find("/tmp/");
            if (tmp == std::string::npos || tmp + 5 >= path.size())
                why = "host_path deleter only supports /tmp/.+ but received provided " + path;
        } else {
            why = "error getting deleter volume plugin for volume \"" + nameOf(volume) +
                  "\": no deletable volume plugin matched";
        }
        if (!why.empty()) {
            setVolumePhase(volume, "Failed", why);
            m_engine->recordEvent(volume, "Warning", "VolumeFailedDelete", why, kBinder);
            return;
        }
    }
    std::string claim = stringAt(volume, Json::json_pointer("/spec/claimRef/namespace")) + "/" +
                        stringAt(volume, Json::json_pointer("/spec/claimRef/name"));
    if (m_engine->remove(keyOf(volume), DeleteOptions{}, binderContext()))
        m_engine->story("controller-manager", keyOf(volume), "VolumeDeleted", "pv.deleted",
                        Json{{"volume", nameOf(volume)}, {"claim", claim}});
}

} // namespace kubelab::core

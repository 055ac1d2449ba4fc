// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/labels.h"
#include "core/api/object.h"

namespace kubelab::core {

/// Amounts of resources as the scheduler and the kubelet count them: cpu in millicores,
/// memory and ephemeral storage in bytes, pods as a count, every other resource
/// (extended resources such as `example.com/gpu`, `hugepages-*`, `attachable-volumes-*`)
/// by name in whole units. `cpuSet` / `memorySet` tell whether the list named the resource
/// at all (an explicit `0` is set, an omitted one is not), which the non-zero scoring
/// defaults depend on.
struct ResourceAmounts {
    std::int64_t milliCpu = 0;
    std::int64_t memory = 0;
    std::int64_t ephemeralStorage = 0;
    std::int64_t pods = 0;
    std::map<std::string, std::int64_t, std::less<>> scalar;
    bool cpuSet = false;
    bool memorySet = false;

    /// Decodes a `ResourceList` object (`{"cpu": "500m", "memory": "1Gi"}`). `field` names
    /// the list in error locations.
    [[nodiscard]] static Result<ResourceAmounts> fromJson(const Json& list, std::string_view field = {});

    /// Value of a scalar resource, 0 when absent.
    [[nodiscard]] std::int64_t scalarValue(std::string_view name) const;
    /// True when cpu, memory, ephemeral storage and every scalar resource are zero.
    [[nodiscard]] bool isZero() const;

    void add(const ResourceAmounts& other);
    void subtract(const ResourceAmounts& other);
    /// Element-wise maximum, as upstream's `Resource.SetMaxResource`.
    void setMax(const ResourceAmounts& other);

    bool operator==(const ResourceAmounts&) const = default;
};

/// True for resource names counted in `ResourceAmounts::scalar` (upstream's
/// `IsScalarResourceName`): extended resources, `hugepages-*`, `attachable-volumes-*`
/// and other `kubernetes.io/` prefixed names.
[[nodiscard]] bool isScalarResourceName(std::string_view name);
/// True for extended resources (`example.com/gpu`): a domain-prefixed name outside
/// `kubernetes.io/` and not starting with `requests.`.
[[nodiscard]] bool isExtendedResourceName(std::string_view name);

struct ContainerPort {
    std::string name;
    std::int32_t containerPort = 0;
    std::int32_t hostPort = 0; ///< 0 = no host port
    std::string protocol = "TCP";
    std::string hostIP;
};

struct Container {
    std::string name;
    std::string image;
    ResourceAmounts requests; ///< after API defaulting: a limit without request gives the request
    ResourceAmounts limits;
    std::vector<ContainerPort> ports;
    std::string restartPolicy; ///< init containers only; `Always` makes a sidecar

    [[nodiscard]] bool isSidecar() const { return restartPolicy == "Always"; }
};

enum class TaintEffect { None, NoSchedule, PreferNoSchedule, NoExecute };
[[nodiscard]] std::string_view taintEffectName(TaintEffect effect);

struct Taint {
    std::string key;
    std::string value;
    TaintEffect effect = TaintEffect::NoSchedule;
    std::optional<double> timeAdded; ///< virtual seconds, NoExecute taints

    bool operator==(const Taint& other) const
    {
        return key == other.key && value == other.value && effect == other.effect;
    }
};

struct Toleration {
    enum class Operator { Equal, Exists };
    std::string key;
    Operator op = Operator::Equal;
    std::string value;
    TaintEffect effect = TaintEffect::None; ///< None matches every effect
    std::optional<std::int64_t> tolerationSeconds;

    /// Upstream's `Toleration.ToleratesTaint`.
    [[nodiscard]] bool toleratesTaint(const Taint& taint) const;
};

/// True when one of `tolerations` tolerates `taint`.
[[nodiscard]] bool tolerationsTolerateTaint(const std::vector<Toleration>& tolerations, const Taint& taint);

struct NodeSelectorRequirement {
    enum class Operator { In, NotIn, Exists, DoesNotExist, Gt, Lt };
    std::string key;
    Operator op = Operator::In;
    std::vector<std::string> values;
};

struct NodeSelectorTerm {
    std::vector<NodeSelectorRequirement> matchExpressions;
    std::vector<NodeSelectorRequirement> matchFields;
};

struct NodeSelector {
    std::vector<NodeSelectorTerm> nodeSelectorTerms;
};

struct PreferredSchedulingTerm {
    std::int32_t weight = 0;
    NodeSelectorTerm preference;
};

struct NodeAffinity {
    std::optional<NodeSelector> required; ///< requiredDuringSchedulingIgnoredDuringExecution
    std::vector<PreferredSchedulingTerm> preferred;
};

struct PodAffinityTerm {
    LabelSelector labelSelector = LabelSelector::nothing(); ///< absent selects no pod
    std::vector<std::string> namespaces;
    std::optional<LabelSelector> namespaceSelector; ///< absent: use `namespaces`; `{}` all
    std::string topologyKey;
    std::vector<std::string> matchLabelKeys;
    std::vector<std::string> mismatchLabelKeys;
};

struct WeightedPodAffinityTerm {
    std::int32_t weight = 0;
    PodAffinityTerm term;
};

struct PodAffinity {
    std::vector<PodAffinityTerm> required;
    std::vector<WeightedPodAffinityTerm> preferred;
};

struct Affinity {
    std::optional<NodeAffinity> nodeAffinity;
    std::optional<PodAffinity> podAffinity;
    std::optional<PodAffinity> podAntiAffinity;
};

struct TopologySpreadConstraint {
    enum class WhenUnsatisfiable { DoNotSchedule, ScheduleAnyway };
    enum class Policy { Honor, Ignore };
    std::int32_t maxSkew = 1;
    std::string topologyKey;
    WhenUnsatisfiable whenUnsatisfiable = WhenUnsatisfiable::DoNotSchedule;
    LabelSelector labelSelector = LabelSelector::nothing(); ///< absent selects no pod
    std::optional<std::int32_t> minDomains;
    std::vector<std::string> matchLabelKeys;
    Policy nodeAffinityPolicy = Policy::Honor;
    Policy nodeTaintsPolicy = Policy::Ignore;
};

/// A pod volume as the scheduler sees it: the claim it uses, if any.
struct PodVolume {
    std::string name;
    std::string claimName; ///< PVC name (for generic ephemeral volumes `<pod>-<volume>`), empty otherwise
    bool ephemeral = false;
    bool readOnly = false;
};

struct OwnerReference {
    std::string apiVersion;
    std::string kind;
    std::string name;
    std::string uid;
};

enum class PreemptionPolicy { PreemptLowerPriority, Never };

enum class MissingRequests {
    Zero,           ///< an omitted request counts 0 (filtering, accounting)
    NonZeroDefault, ///< an omitted cpu/memory request counts 100m / 200Mi (scoring)
};

/// Default cpu request for scoring (upstream `DefaultMilliCPURequest`).
inline constexpr std::int64_t kDefaultMilliCpuRequest = 100;
/// Default memory request for scoring (upstream `DefaultMemoryRequest`, 200 MiB).
inline constexpr std::int64_t kDefaultMemoryRequest = 200 * 1024 * 1024;

/// A typed view of a Pod: the fields the scheduler, the kubelet and the controllers use.
/// Timestamps are virtual seconds since the Unix epoch (RFC 3339 strings are decoded;
/// plain numbers are taken as seconds). `requests` / `nonZeroRequests` are derived by
/// `fromJson` (call `updateDerived()` after editing containers by hand).
struct Pod {
    // metadata
    std::string name;
    std::string ns;
    std::string uid;
    Labels labels;
    Labels annotations;
    double creationTimestamp = 0;
    std::optional<double> deletionTimestamp;
    std::optional<OwnerReference> controllerRef;

    // spec
    std::string nodeName;
    std::string schedulerName = "default-scheduler";
    Labels nodeSelector;
    std::optional<Affinity> affinity;
    std::vector<Toleration> tolerations;
    std::int32_t priority = 0;
    std::string priorityClassName;
    PreemptionPolicy preemptionPolicy = PreemptionPolicy::PreemptLowerPriority;
    std::vector<Container> containers;
    std::vector<Container> initContainers;
    std::optional<ResourceAmounts> overhead;
    std::vector<TopologySpreadConstraint> topologySpreadConstraints;
    std::vector<std::string> schedulingGates;
    std::vector<PodVolume> volumes;
    bool hostNetwork = false;

    // status
    std::string phase = "Pending";
    std::string nominatedNodeName;
    std::optional<double> startTime;
    /// Condition `DisruptionTarget=True` with reason `PreemptionByScheduler` (a preemption victim).
    bool preemptedByScheduler = false;

    // derived
    ResourceAmounts requests;        ///< effective request, omitted counts 0
    ResourceAmounts nonZeroRequests; ///< effective request with the non-zero cpu/memory defaults

    [[nodiscard]] static Result<Pod> fromJson(const Json& document);
    /// This pod with its status fields read from `document`: what `fromJson(document)` gives
    /// when the document's metadata (its resourceVersion aside) and spec are this pod's, as
    /// after a status write, without parsing the spec again.
    [[nodiscard]] Pod withStatusOf(const Json& document) const;

    /// Reads the status fields (phase, nominated node, start time, preemption) from `document`.
    void readStatus(const Json& document);

    /// Recomputes `requests` and `nonZeroRequests` from the containers.
    void updateDerived();

    /// `namespace/name`.
    [[nodiscard]] std::string key() const;
    /// Phase Succeeded or Failed.
    [[nodiscard]] bool isTerminal() const;
    /// `metadata.deletionTimestamp` is set.
    [[nodiscard]] bool isTerminating() const { return deletionTimestamp.has_value(); }
    [[nodiscard]] bool hasAffinity() const;
    [[nodiscard]] bool hasRequiredAntiAffinity() const;
    [[nodiscard]] bool hasPvcVolumes() const;
};

/// The effective pod request (k8s-semantics §1): containers summed, sidecars added, the
/// peak of each init container (plus the sidecars started before it), then the overhead.
[[nodiscard]] ResourceAmounts podRequests(const Pod& pod, MissingRequests missing = MissingRequests::Zero);
/// The same formula over limits.
[[nodiscard]] ResourceAmounts podLimits(const Pod& pod);

/// Whether a pod counts as Ready (podutil.IsPodReady: its Ready condition is True).
[[nodiscard]] bool isPodReady(const Json& pod);
/// podutil.UpdatePodCondition: the pod's condition of that type becomes exactly this one
/// (no lastProbeTime; reason and message only when given), keeping its lastTransitionTime
/// when the status stays the same; added when missing.
void updatePodCondition(Json& pod, const std::string& type, const std::string& status, const std::string& reason,
                        const std::string& message, const std::string& now);

struct ContainerImage {
    std::vector<std::string> names;
    std::int64_t sizeBytes = 0;
};

/// A typed view of a Node for the scheduler and the node lifecycle controller.
struct Node {
    std::string name;
    std::string uid;
    Labels labels;
    double creationTimestamp = 0;
    std::optional<double> deletionTimestamp;

    bool unschedulable = false;
    std::vector<Taint> taints;

    ResourceAmounts capacity;
    ResourceAmounts allocatable;
    std::vector<ContainerImage> images;

    [[nodiscard]] static Result<Node> fromJson(const Json& document);

    /// The label value, or nullptr when the node lacks the label.
    [[nodiscard]] const std::string* label(std::string_view key) const;
};

/// Decodes an RFC 3339 timestamp (`2024-05-01T10:00:00Z`, fractions and offsets allowed)
/// to seconds since the Unix epoch; nullopt for anything else (`2024-02-30T00:00:00Z` too).
[[nodiscard]] std::optional<double> rfc3339Seconds(std::string_view text);
/// rfc3339Seconds of a JSON string; a JSON number is taken as seconds.
[[nodiscard]] std::optional<double> timestampSeconds(const Json& value);

} // namespace kubelab::core

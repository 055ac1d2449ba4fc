// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMap>
#include <QSet>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace kubelab::scenes {

/// A taint as the canvas shows it: a chip with the key and the effect.
struct TaintView {
    QString key;
    QString value;
    QString effect;
    bool operator==(const TaintView&) const = default;
};

/// A Node, reduced to what the canvas draws. Amounts are millicores, bytes and counts.
struct NodeView {
    QString name;
    QString zone;
    QString role;
    bool ready = false;
    bool unschedulable = false;
    QList<TaintView> taints;
    QMap<QString, QString> labels;
    qint64 cpuAllocatable = 0;
    qint64 memoryAllocatable = 0;
    qint64 podsAllocatable = 0;
    bool operator==(const NodeView&) const = default;
};

/// A Pod, reduced to what the canvas draws. `status` is kubectl's STATUS column
/// (Running, Pending, ContainerCreating, CrashLoopBackOff, Terminating, ...).
struct PodView {
    QString ns;
    QString name;
    QString nodeName;
    QString phase;
    QString status;
    QString pendingMessage;   ///< the PodScheduled=False message, for "why"
    QString disruption;       ///< reason of a True DisruptionTarget condition (PreemptionByScheduler, ...)
    QString nominatedNode;    ///< status.nominatedNodeName: where a preemptor waits for its victims to leave
    QStringList placement;    ///< its placement rules, one per line (nodeSelector, affinity, tolerations, spread)
    bool ready = false;
    int restarts = 0;
    qint64 cpuRequest = 0;
    qint64 memoryRequest = 0;
    qint64 cpuLimit = 0;
    qint64 memoryLimit = 0;
    QString ownerKind;        ///< ReplicaSet, DaemonSet, StatefulSet, Job, or empty
    QString ownerName;
    QString templateHash;     ///< pod-template-hash, to tell a rollout's generations apart
    QString podIp;
    QMap<QString, QString> labels;
    qint64 createdMs = 0;     ///< virtual time of creation (ms since the lab's epoch)

    [[nodiscard]] QString key() const { return ns + QLatin1Char('/') + name; }
    bool operator==(const PodView&) const = default;
};

struct ServiceView {
    QString ns;
    QString name;
    QString type;
    QString clusterIp;
    QString ports;            ///< `80/TCP,443/TCP`
    QMap<QString, QString> selector;
    [[nodiscard]] QString key() const { return ns + QLatin1Char('/') + name; }
    bool operator==(const ServiceView&) const = default;
};

/// One way through an Ingress: a host and path to a backend Service of its namespace, or
/// its default backend (`path` empty, `isDefault`).
struct IngressRuleView {
    QString host;             ///< empty: any host
    QString path;
    QString pathType;         ///< Prefix, Exact or ImplementationSpecific
    QString service;
    QString port;             ///< the Service port, a number or a name
    bool isDefault = false;
    bool operator==(const IngressRuleView&) const = default;
};

/// An Ingress: the gate a request from outside comes through, its rules in order.
struct IngressView {
    QString ns;
    QString name;
    QString className;        ///< spec.ingressClassName
    QString address;          ///< status.loadBalancer.ingress, comma-separated (kubectl's ADDRESS)
    QStringList tlsHosts;
    QList<IngressRuleView> rules;
    [[nodiscard]] QString key() const { return ns + QLatin1Char('/') + name; }
    bool operator==(const IngressView&) const = default;
};

struct VolumeView {
    QString name;
    qint64 capacity = 0;
    QString storageClass;
    QString phase;
    QString claim;            ///< `namespace/name` of the bound claim
    QString accessModes;
    QString reclaimPolicy;    ///< Retain, Delete or Recycle
    QString provisionedBy;    ///< the provisioner that made it; empty for a volume made by hand
    bool operator==(const VolumeView&) const = default;
};

struct ClaimView {
    QString ns;
    QString name;
    qint64 request = 0;
    qint64 capacity = 0;      ///< what the claim has (`status.capacity`), once bound
    QString storageClass;
    QString phase;
    QString volumeName;
    [[nodiscard]] QString key() const { return ns + QLatin1Char('/') + name; }
    bool operator==(const ClaimView&) const = default;
};

/// A StorageClass: the factory that makes a volume for each claim of its class.
struct StorageClassView {
    QString name;
    QString provisioner;
    QString bindingMode;      ///< Immediate or WaitForFirstConsumer
    QString reclaimPolicy;    ///< of the volumes it makes
    bool isDefault = false;
    bool allowExpansion = false;
    bool operator==(const StorageClassView&) const = default;
};

/// A workload controller (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job).
struct WorkloadView {
    QString kind;
    QString ns;
    QString name;
    int replicas = 0;
    int ready = 0;
    bool operator==(const WorkloadView&) const = default;
};

/// The scheduler's last verdict about one node for one pod (`klab why`): whether the node
/// passed the filters, the first reason it failed, and its weighted score.
struct NodeVerdict {
    QString node;
    bool feasible = false;
    bool chosen = false;
    QString reason;
    qint64 score = 0;
};

/// What metrics-server reports for a node (`klab top node`): millicores and bytes in use.
struct UsageView {
    qint64 cpu = 0;
    qint64 memory = 0;
    bool operator==(const UsageView&) const = default;
};

/// One story event, as the story panel lists it.
struct StoryItem {
    qint64 sequence = 0;
    qint64 revision = 0;
    qint64 timeMs = 0;
    QString component;
    QString kind;
    QString ns;
    QString name;
    QString action;
    QString message;          ///< English
    QString messageChinese;   ///< the same from the explanation catalogue
    QString node;             ///< the node the event names (data.node), if any
    /// For the scheduler's Scheduled and FailedScheduling: its verdict per node, so the
    /// canvas can replay the cycle.
    QList<NodeVerdict> verdicts;
    /// For the network's events (CoreDNS answers, kube-proxy's connections, the ingress
    /// controller's routing): the event's data, so the canvas can draw the request (client,
    /// service, rule, pod, podNamespace, policy, ingress, host, path).
    QMap<QString, QString> data;
    /// Whether the event is a request's (isRequestComponent).
    [[nodiscard]] bool isRequest() const;
};

/// The components whose story events are requests the canvas draws: CoreDNS,
/// kube-proxy@NODE and the ingress controller.
[[nodiscard]] bool isRequestComponent(const QString& component);

/// What changed since the previous snapshot: objects came or went or moved (Structure),
/// or only their state changed (Dynamic).
enum class ChangeKind { Structure, Dynamic };

struct LabDelta;

/// The whole visible state of a lab at one moment, as plain values. Built on the engine's
/// thread and handed to the GUI thread by queued signals. The maps are implicitly shared,
/// so a copy is cheap until one side changes it.
struct LabSnapshot {
    qint64 revision = 0;
    qint64 virtualTimeMs = 0;
    bool readOnly = false;      ///< a view of the past
    ChangeKind change = ChangeKind::Structure;
    QString labPath;            ///< empty for a lab in memory
    QMap<QString, NodeView> nodes;          ///< by name
    QMap<QString, PodView> pods;            ///< by namespace/name
    QMap<QString, ServiceView> services;    ///< by namespace/name
    QMap<QString, IngressView> ingresses;   ///< by namespace/name
    QMap<QString, VolumeView> volumes;      ///< by name
    QMap<QString, ClaimView> claims;        ///< by namespace/name
    QMap<QString, StorageClassView> storageClasses; ///< by name
    QMap<QString, WorkloadView> workloads;  ///< by Kind/namespace/name
    QSet<QString> others;                   ///< Kind/namespace/name of Ingresses, StorageClasses, NetworkPolicies (names the palette must not reuse)
    QStringList namespaces;
    /// Actual usage by node name, as metrics-server reports it; a node without metrics
    /// (NotReady, or a view of the past) is absent.
    QMap<QString, UsageView> nodeUsage;

    [[nodiscard]] int pendingCount() const;
    [[nodiscard]] int runningCount() const;
    /// Brings this snapshot up to the one `delta` was taken from (see `LabDelta`).
    void merge(const LabDelta& delta);
    /// Takes everything but the pods and nodes from `now` (a delta's whole part).
    void mergeRest(const LabSnapshot& now);
};

/// What the engine worker sends each frame once the GUI has a whole snapshot: the pods and
/// nodes that came or changed since its previous delta (only those travel), the keys of
/// those that went, and the rest of the lab as it is now (services, volumes, claims,
/// workloads, namespaces, usage: few, and implicitly shared). Merged into the previous
/// snapshot (`LabSnapshot::merge`), it gives the lab as it is now; the canvas updates only
/// what it names.
struct LabDelta {
    LabSnapshot changed;          ///< `pods` and `nodes` hold only what came or changed
    QSet<QString> removedPods;    ///< namespace/name
    QSet<QString> removedNodes;

    [[nodiscard]] bool touchesPodsOrNodes() const
    {
        return !changed.pods.isEmpty() || !changed.nodes.isEmpty() || !removedPods.isEmpty() ||
               !removedNodes.isEmpty();
    }
};

/// Millicores as Kubernetes writes them: `250m`, `2`, `1.5`.
[[nodiscard]] QString formatCpu(qint64 milliCores);
/// Bytes in binary units as Kubernetes writes them: `256Mi`, `8Gi`, `1.5Gi`.
[[nodiscard]] QString formatBytes(qint64 bytes);
/// Virtual time as a clock: `00:05:12`, or `1d 02:00:00` past a day.
[[nodiscard]] QString formatClock(qint64 ms);

} // namespace kubelab::scenes

Q_DECLARE_METATYPE(kubelab::scenes::LabSnapshot)
Q_DECLARE_METATYPE(kubelab::scenes::LabDelta)
Q_DECLARE_METATYPE(kubelab::scenes::StoryItem)

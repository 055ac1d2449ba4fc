// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/scheduler/nodeinfo.h"
#include "core/scheduler/types.h"

namespace kubelab::scheduler {

/// A map keyed by strings that finds a `std::string_view` without copying it (the plugins'
/// counts per topology value).
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

/// The kinds whose pod selectors PodTopologySpread's default constraints read
/// (upstream `helper.DefaultSelector`).
enum class SelectorOwner : std::uint8_t { Service, ReplicationController, ReplicaSet, StatefulSet };

/// The scheduler's view of the cluster: one NodeInfo per node with its assigned pods
/// (upstream's cache and snapshot in one, since the engine is single-threaded and never
/// changes the cluster during a cycle). The engine feeds it node and pod changes; the
/// cycle reads it. Node order follows upstream's node tree: nodes grouped by zone
/// (zones in order of appearance), listed round-robin across zones, which decides where
/// percentageOfNodesToScore's search starts and which node wins a tie.
class Snapshot final {
public:
    Snapshot() = default;
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;

    /// Adds or replaces a node (by name); its pods stay.
    void setNode(NodePtr node);
    void removeNode(std::string_view name);

    /// Adds or replaces an assigned pod (by uid); a pod without `spec.nodeName` or in a
    /// terminal phase is removed instead (terminal pods free their resources).
    void setPod(PodPtr pod);
    /// Removes the pod wherever it is; false when it was not there.
    bool removePod(const core::Pod& pod);

    /// The NodeInfo of a node in the list, or nullptr.
    [[nodiscard]] NodeInfo* get(std::string_view nodeName);
    [[nodiscard]] const NodeInfo* get(std::string_view nodeName) const;
    /// Nodes in node-tree order (only NodeInfos with a node).
    [[nodiscard]] const std::vector<NodeInfo*>& list() const;
    [[nodiscard]] std::size_t size() const { return list().size(); }
    /// Nodes having at least one pod with (anti-)affinity terms, in list order.
    [[nodiscard]] std::vector<NodeInfo*> havePodsWithAffinity() const;
    /// Nodes having at least one pod with required anti-affinity terms, in list order.
    [[nodiscard]] std::vector<NodeInfo*> havePodsWithRequiredAntiAffinity() const;
    /// How many pods of the snapshot have (anti-)affinity terms, and required anti-affinity
    /// terms: with none, InterPodAffinity has no node to visit (upstream's lists of nodes
    /// holding such pods are empty then).
    [[nodiscard]] std::size_t podsWithAffinityCount() const { return m_podsWithAffinity; }
    [[nodiscard]] std::size_t podsWithRequiredAntiAffinityCount() const { return m_podsWithRequiredAntiAffinity; }

    /// Upstream `GetZoneKey`: `region + ":\x00:" + zone` from the topology labels (or
    /// their deprecated failure-domain forms); "" when the node has neither.
    [[nodiscard]] static std::string zoneKey(const core::Node& node);
    /// Distinct zone keys, in order of first appearance ("" counts when such nodes exist).
    [[nodiscard]] const std::vector<std::string>& zones() const { return m_zones; }

    /// How many nodes hold an image by this name (for ImageLocality's spread factor).
    [[nodiscard]] int imageNumNodes(std::string_view imageName) const;

    /// The PodDisruptionBudgets preemption respects; the engine replaces them as they change.
    void setPodDisruptionBudgets(std::vector<PodDisruptionBudget> pdbs) { m_pdbs = std::move(pdbs); }
    [[nodiscard]] const std::vector<PodDisruptionBudget>& podDisruptionBudgets() const { return m_pdbs; }

    /// Namespaces with their labels (InterPodAffinity's namespaceSelector); the engine keeps
    /// them current.
    void setNamespace(const std::string& name, core::Labels labels);
    void removeNamespace(std::string_view name);
    [[nodiscard]] const std::map<std::string, core::Labels, std::less<>>& namespaces() const { return m_namespaces; }

    /// The pod selector of a Service (`spec.selector`; a Service without one is not set),
    /// ReplicationController, ReplicaSet or StatefulSet; the engine keeps them current.
    void setSelector(SelectorOwner kind, const std::string& ns, const std::string& name,
                     core::LabelSelector selector);
    void removeSelector(SelectorOwner kind, const std::string& ns, const std::string& name);
    /// The selector of one object, or nullptr.
    [[nodiscard]] const core::LabelSelector* selector(SelectorOwner kind, const std::string& ns,
                                                      const std::string& name) const;
    /// The selectors of the Services of a namespace, by Service name.
    [[nodiscard]] std::vector<const core::LabelSelector*> serviceSelectors(const std::string& ns) const;

    /// PersistentVolumeClaims, PersistentVolumes and StorageClasses, as VolumeBinding reads
    /// them (upstream's listers); the engine keeps them current. A null object removes.
    void setStorageObject(const core::ObjectKey& key, std::shared_ptr<const core::Json> object);
    /// The stored object, or nullptr.
    [[nodiscard]] std::shared_ptr<const core::Json> storageObject(const core::ObjectKey& key) const;
    /// Every PersistentVolume, by name.
    [[nodiscard]] std::vector<std::shared_ptr<const core::Json>> persistentVolumes() const;

    /// Bumped on every change.
    [[nodiscard]] std::uint64_t generation() const { return m_generation; }

private:
    struct Entry {
        std::unique_ptr<NodeInfo> info;
        std::string zone; ///< zone key at insertion into the tree
    };

    void treeAdd(const std::string& name, const std::string& zone);
    void treeRemove(const std::string& name, const std::string& zone);
    void countImages(const core::Node& node, int sign);
    NodeInfo& entryFor(const std::string& nodeName);

    std::unordered_map<std::string, Entry> m_nodes;
    std::unordered_map<std::string, std::string> m_podNode; ///< pod identity -> node name
    std::vector<std::string> m_zones;
    std::unordered_map<std::string, std::vector<std::string>> m_tree;
    std::size_t m_treeSize = 0;
    std::unordered_map<std::string, int> m_imageNodes;
    std::vector<PodDisruptionBudget> m_pdbs;
    std::map<std::string, core::Labels, std::less<>> m_namespaces;
    std::map<std::tuple<SelectorOwner, std::string, std::string>, core::LabelSelector> m_selectors;
    std::map<core::ObjectKey, std::shared_ptr<const core::Json>> m_storage;
    mutable std::vector<NodeInfo*> m_list;
    mutable bool m_listDirty = true;
    std::uint64_t m_generation = 0;
    std::size_t m_podsWithAffinity = 0;
    std::size_t m_podsWithRequiredAntiAffinity = 0;
};

/// The identity a snapshot files a pod under: its uid, or `namespace/name` without one.
[[nodiscard]] std::string podIdentity(const core::Pod& pod);

} // namespace kubelab::scheduler

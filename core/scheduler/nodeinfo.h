// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/podtypes.h"
#include "core/scheduler/types.h"

namespace kubelab::scheduler {

/// Host ports in use on a node (upstream `HostPortInfo`): host IP, protocol and port.
/// An empty IP counts as `0.0.0.0`, which conflicts with every IP.
class HostPortInfo final {
public:
    struct Entry {
        std::string ip;
        std::string protocol;
        std::int32_t port = 0;
    };

    void add(std::string_view ip, std::string_view protocol, std::int32_t port);
    void remove(std::string_view ip, std::string_view protocol, std::int32_t port);
    /// True when `ip:port/protocol` overlaps a port in use.
    [[nodiscard]] bool checkConflict(std::string_view ip, std::string_view protocol, std::int32_t port) const;
    [[nodiscard]] std::size_t size() const { return m_entries.size(); }
    [[nodiscard]] const std::vector<Entry>& entries() const { return m_entries; }

private:
    std::vector<Entry> m_entries;
};

/// A node and the pods assigned to it, with the running sums the filters and scores need
/// (upstream `framework.NodeInfo`). Adding or removing a pod updates the sums; nothing is
/// recomputed per cycle. A NodeInfo may exist without a node (pods bound to a node the
/// scheduler has not seen yet); such entries are kept out of the snapshot's list.
class NodeInfo final {
public:
    NodeInfo() = default;
    explicit NodeInfo(NodePtr node);

    [[nodiscard]] const core::Node* node() const { return m_node.get(); }
    [[nodiscard]] const NodePtr& nodePtr() const { return m_node; }
    /// The node name ("" without a node).
    [[nodiscard]] const std::string& name() const;
    void setNode(NodePtr node);
    void clearNode();

    /// Pods assigned to the node (terminating ones included, terminal ones never).
    [[nodiscard]] const std::vector<PodPtr>& pods() const { return m_pods; }
    /// Pods with pod affinity or anti-affinity terms.
    [[nodiscard]] const std::vector<PodPtr>& podsWithAffinity() const { return m_podsWithAffinity; }
    /// Pods with required anti-affinity terms.
    [[nodiscard]] const std::vector<PodPtr>& podsWithRequiredAntiAffinity() const
    {
        return m_podsWithRequiredAntiAffinity;
    }

    /// The node's `status.allocatable` (zero without a node).
    [[nodiscard]] const core::ResourceAmounts& allocatable() const { return m_allocatable; }
    /// `status.allocatable.pods`.
    [[nodiscard]] std::int64_t allowedPodNumber() const { return m_allocatable.pods; }
    /// Sum of the pods' effective requests (omitted requests count 0).
    [[nodiscard]] const core::ResourceAmounts& requested() const { return m_requested; }
    /// Sum with the non-zero cpu/memory defaults (scoring); only cpu and memory are kept.
    [[nodiscard]] const core::ResourceAmounts& nonZeroRequested() const { return m_nonZeroRequested; }
    [[nodiscard]] const HostPortInfo& usedPorts() const { return m_usedPorts; }
    /// Pods using each claim, keyed `namespace/claim`.
    [[nodiscard]] const std::map<std::string, int, std::less<>>& pvcRefCounts() const { return m_pvcRefCounts; }
    /// Image sizes on the node by every name the image is known by.
    [[nodiscard]] const std::map<std::string, std::int64_t, std::less<>>& imageSizes() const
    {
        return m_imageSizes;
    }

    void addPod(PodPtr pod);
    /// Removes the pod with this identity (uid, or namespace/name without uid); false when absent.
    bool removePod(const core::Pod& pod);
    [[nodiscard]] bool hasPod(const core::Pod& pod) const;

    /// Bumped on every change; lets callers cache per-node results.
    [[nodiscard]] std::uint64_t generation() const { return m_generation; }

private:
    void update(const core::Pod& pod, int sign);

    NodePtr m_node;
    std::vector<PodPtr> m_pods;
    std::vector<PodPtr> m_podsWithAffinity;
    std::vector<PodPtr> m_podsWithRequiredAntiAffinity;
    core::ResourceAmounts m_allocatable;
    core::ResourceAmounts m_requested;
    core::ResourceAmounts m_nonZeroRequested;
    HostPortInfo m_usedPorts;
    std::map<std::string, int, std::less<>> m_pvcRefCounts;
    std::map<std::string, std::int64_t, std::less<>> m_imageSizes;
    std::uint64_t m_generation = 0;
};

/// True when `a` and `b` are the same pod (same uid, or same namespace/name when a uid is missing).
[[nodiscard]] bool samePod(const core::Pod& a, const core::Pod& b);

/// The host ports a pod asks for (upstream `getContainerPorts`: containers' ports with hostPort > 0).
[[nodiscard]] std::vector<const core::ContainerPort*> hostPortsOf(const core::Pod& pod);

} // namespace kubelab::scheduler

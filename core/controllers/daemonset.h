// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <utility>

#include "core/api/object.h"
#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

/// Upstream's NodeShouldRunDaemonPod (pkg/controller/daemon): whether a DaemonSet's pod
/// should run on the node (nodeName, node selector and required node affinity match, and
/// every NoSchedule/NoExecute taint is tolerated), and whether a pod already there may
/// keep running (it tolerates the NoExecute taints). The pod is judged with the
/// tolerations the controller adds.
[[nodiscard]] std::pair<bool, bool> nodeShouldRunDaemonPod(const Json& node, const Json& daemonSet);

/// The pod a DaemonSet creates for a node (util.CreatePodTemplate plus the node
/// affinity `metadata.name In [node]`): template labels with `controller-revision-hash`
/// and `pod-template-generation`, the daemon tolerations (AddOrUpdateDaemonPodTolerations).
[[nodiscard]] Json daemonPodFor(const Json& daemonSet, const std::string& node, const std::string& hash);

/// The DaemonSet controller (pkg/controller/daemon): one pod per eligible node, created
/// with a node affinity for that node and placed by the scheduler (as since v1.12); the
/// ControllerRevision `<ds>-<hash>` of the template; RollingUpdate with maxUnavailable /
/// maxSurge, or OnDelete; and the status counts.
/// Simplified: the revision hash is KubeLab's FNV hash of the template (not upstream's
/// bytes); old ControllerRevisions are not pruned; failed pods are replaced without backoff.
class DaemonSetController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "daemonset-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_queue.empty(); }
    void work() override;

    /// `sync(key)`: one reconciliation of the DaemonSet `key`.
    void sync(const ObjectKey& key);

private:
    std::string ensureRevision(const Json& ds);

    Engine* m_engine = nullptr;
    WorkQueue<ObjectKey> m_queue;
};

} // namespace kubelab::core

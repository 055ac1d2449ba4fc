// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <set>
#include <string>

#include "core/sim/clock.h"
#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

/// The ReplicaSet controller (pkg/controller/replicaset): keeps `spec.replicas` pods that
/// match the selector, adopting matching orphans and releasing pods that stop matching;
/// creates in slow-start batches (1, 2, 4, ...), names pods `<rs>-<5 random>` from the
/// lab's seeded generator, deletes the upstream-ranked pods first on scale-down, and
/// reports replicas, fullyLabeled, ready and available replicas.
class ReplicaSetController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "replicaset-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_queue.empty(); }
    void work() override;

    /// `sync(key)`: one reconciliation of the ReplicaSet `key`.
    void sync(const ObjectKey& key);

private:
    void enqueueOwnerOf(const Json& pod);
    void indexPod(const Json& pod, bool add);

    Engine* m_engine = nullptr;
    WorkQueue<ObjectKey> m_queue;
    // The pods a sync may claim, from the watch: by their controller's uid, and the orphans
    // (no controller) by namespace under "\x1f" + namespace. A sync visits its own and the
    // orphans of its namespace instead of every pod there.
    std::map<std::string, std::set<ObjectKey>, std::less<>> m_claimable;
};

/// The Deployment controller (pkg/controller/deployment): finds or creates the new
/// ReplicaSet `<deployment>-<pod-template-hash>`, rolls out with RollingUpdate
/// (maxSurge / maxUnavailable, upstream rounding) or Recreate, scales proportionally when
/// replicas change mid-rollout or while paused, keeps the revision annotations (a
/// rollback makes the old ReplicaSet the newest revision) and revisionHistoryLimit, and
/// reports status with the Available / Progressing conditions, including
/// ProgressDeadlineExceeded (checked by a background wake-up at the deadline, so a stuck
/// rollout does not keep `settle` busy).
class DeploymentController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "deployment-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_queue.empty(); }
    void work() override;

    void sync(const ObjectKey& key);

private:
    Engine* m_engine = nullptr;
    WorkQueue<ObjectKey> m_queue;
    std::map<ObjectKey, VirtualTime> m_deadlines; ///< armed progress-deadline wake-ups
};

/// `pod-template-hash`: FNV-32a of the template (and collision count), printed in
/// decimal and encoded with upstream's SafeEncodeString alphabet.
[[nodiscard]] std::string podTemplateHash(const Json& podTemplate, std::int64_t collisionCount);
/// Upstream's intstr.GetScaledValueFromIntOrPercent: `25%` of `total`, rounded up or down.
[[nodiscard]] std::int64_t scaledValue(const Json& intOrPercent, std::int64_t total, bool roundUp);
/// Whether a pod is Ready (condition Ready True) and has been for `minReadySeconds`.
[[nodiscard]] bool podAvailable(const Json& pod, std::int64_t minReadySeconds, std::int64_t nowSeconds,
                                std::int64_t epochSeconds);

} // namespace kubelab::core

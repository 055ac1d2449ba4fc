// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>

#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

/// The StatefulSet controller (pkg/controller/statefulset/stateful_set_control.go): pods
/// `<sts>-<ordinal>` with a stable hostname (the pod name) and subdomain (`serviceName`),
/// labels `statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index` and
/// `controller-revision-hash`; claims `<template>-<sts>-<ordinal>` made from
/// `volumeClaimTemplates` before the pod and kept on scale-down unless
/// `persistentVolumeClaimRetentionPolicy` says Delete. OrderedReady creates one pod at a
/// time in ordinal order, each Running and Ready before the next, and removes the highest
/// ordinal first; Parallel does all at once. Updates: RollingUpdate from the highest
/// ordinal down to `partition`, one pod at a time, or OnDelete. Revisions are
/// ControllerRevisions `<sts>-<hash>`.
class StatefulSetController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "statefulset-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_queue.empty(); }
    void work() override;

    /// `sync(key)`: one reconciliation of the StatefulSet `key`.
    void sync(const ObjectKey& key);

private:
    /// The revision for the set's current template: found or created. Returns its name.
    std::string ensureRevision(const Json& set, std::int64_t& collisionCount);

    Engine* m_engine = nullptr;
    WorkQueue<ObjectKey> m_queue;
};

/// The ordinal of a StatefulSet pod `<sts>-<ordinal>`, or nullopt when the name does not
/// have the set's form (upstream getParentNameAndOrdinal).
[[nodiscard]] std::optional<std::int64_t> statefulPodOrdinal(const std::string& setName, const std::string& podName);

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "core/sim/component.h"
#include "core/sim/workqueue.h"

namespace kubelab::core {

/// The garbage collector (pkg/controller/garbagecollector): deletes objects whose owners
/// (by ownerReferences uid) are gone (background cascade), and finishes foreground and
/// orphan deletions by removing the `foregroundDeletion` / `orphan` finalizers once the
/// dependents are gone or released.
class GarbageCollector final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "garbage-collector-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_queue.empty(); }
    void work() override;

private:
    void index(const Json& object, bool add);
    /// Dependents of the owner with this uid.
    [[nodiscard]] std::set<ObjectKey> dependentsOf(const std::string& uid) const;

    Engine* m_engine = nullptr;
    std::unordered_map<std::string, std::set<ObjectKey>> m_dependents; // owner uid -> dependents
    std::unordered_map<std::string, ObjectKey> m_byUid;                // uid -> object
    WorkQueue<ObjectKey> m_queue;
};

/// The namespace controller: empties a Terminating namespace (deleting everything in
/// it), then removes its `kubernetes` finalizer so it goes away; and the service account
/// controller's job of giving every namespace a `default` ServiceAccount.
class NamespaceController final : public Component {
public:
    [[nodiscard]] std::string_view name() const override { return "namespace-controller"; }
    void start(Engine& engine) override;
    void onEvent(const WatchEvent& event) override;
    [[nodiscard]] bool hasWork() const override { return !m_queue.empty(); }
    void work() override;

private:
    Engine* m_engine = nullptr;
    WorkQueue<std::string> m_queue;
};

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <unordered_map>
#include <string>
#include <vector>

#include "core/api/error.h"
#include "core/api/labels.h"
#include "core/api/messages.h"
#include "core/api/object.h"
#include "core/sim/clock.h"
#include "core/sim/component.h"
#include "core/sim/random.h"
#include "core/sim/requesttrace.h"
#include "core/store/labfile.h"
#include "core/store/store.h"

namespace kubelab::core {

class ApiServer;

/// Who makes a request: a user (checked by RBAC) or a control-plane component.
struct RequestContext {
    std::string user = "kubernetes-admin";
    std::vector<std::string> groups = {"kubeadm:cluster-admins", "system:authenticated"};
    bool dryRun = false;
    /// The field manager recorded with the change (`kubectl-client-side-apply`, ...).
    std::string fieldManager = "kubectl";
    /// A person's request (`klab`, the window, a served client), which the window follows
    /// through the API server's stages; the control plane's own are not.
    bool person = true;

    [[nodiscard]] static RequestContext component(std::string name);
    /// A controller of kube-controller-manager, which talks with its own service account's
    /// credentials (`--use-service-account-credentials`): `system:serviceaccount:kube-system:<account>`.
    [[nodiscard]] static RequestContext controller(std::string name, std::string_view serviceAccount);
    /// The kubelet of a node: `system:node:<node>` in the group `system:nodes`.
    [[nodiscard]] static RequestContext kubelet(const std::string& node);
};

enum class Propagation { Background, Foreground, Orphan };

struct DeleteOptions {
    Propagation propagation = Propagation::Background;
    std::optional<std::int64_t> gracePeriodSeconds;
};

/// What `apply` did, for kubectl's `deployment.apps/web created|configured|unchanged`.
enum class ApplyOutcome { Created, Configured, Unchanged };

enum class PatchType { Merge, Json, Strategic };

/// Lab-wide settings, stored in the lab file.
struct LabSettings {
    std::uint64_t seed = 1;
    std::int64_t epochSeconds = 1735689600; // 2025-01-01T00:00:00Z
    std::string serviceCidr = "10.96.0.0/12";
    std::string podCidr = "10.244.0.0/16";
    std::string clusterDomain = "cluster.local";
    std::string proxyMode = "iptables";
    std::string kubernetesVersion = "v1.31.0";
};

/// Whether a timer keeps `settle` running. Heartbeats and periodic resyncs are
/// `Background`: the cluster is settled when only they are left.
enum class Wake { Foreground, Background };

/// The simulated cluster: store, API server and control-plane components, in virtual time.
/// Single-threaded; one thread owns an Engine (the GUI's worker thread, or klab's main).
class Engine final {
public:
    struct Options {
        std::string path;              ///< lab file; empty = in memory
        bool createIfMissing = false;
        std::optional<std::uint64_t> seed;
        /// Start the control-plane components (false for read-only commands).
        bool startComponents = true;
        /// Show the cluster as it was at this revision (read-only; nothing is committed).
        std::optional<std::int64_t> atRevision;
    };

    [[nodiscard]] static Result<std::unique_ptr<Engine>> open(const Options& options);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // --- The API server ------------------------------------------------------------
    [[nodiscard]] Result<ObjectPtr> create(Json object, const RequestContext& ctx = {});
    [[nodiscard]] Result<ObjectPtr> update(Json object, const RequestContext& ctx = {});
    /// kubectl's client-side apply: create, or three-way merge with the
    /// `kubectl.kubernetes.io/last-applied-configuration` annotation.
    [[nodiscard]] Result<std::pair<ObjectPtr, ApplyOutcome>> apply(Json object, const RequestContext& ctx = {});
    [[nodiscard]] Result<ObjectPtr> patch(const ObjectKey& key, const Json& patch, PatchType type,
                                          const RequestContext& ctx = {});
    /// Deletes as the API server does: graceful for bound pods, finalizers honoured,
    /// dependents collected by the garbage collector. Returns the object as it now is
    /// (with deletionTimestamp) or as it was (if gone).
    [[nodiscard]] Result<ObjectPtr> remove(const ObjectKey& key, const DeleteOptions& options = {},
                                           const RequestContext& ctx = {});
    /// The pods/binding subresource: assigns an unbound pod to a node.
    [[nodiscard]] Result<ObjectPtr> bind(const ObjectKey& pod, const std::string& node, const RequestContext& ctx);
    /// Writes `status` only (the status subresource); the rest of `object` is ignored.
    [[nodiscard]] Result<ObjectPtr> updateStatus(const Json& object, const RequestContext& ctx);

    [[nodiscard]] ObjectPtr get(const ObjectKey& key) const { return m_store.get(key); }
    [[nodiscard]] std::vector<ObjectPtr> list(std::string_view kind, std::string_view ns = {}) const
    {
        return m_store.list(kind, ns);
    }
    [[nodiscard]] std::vector<ObjectPtr> list(std::string_view kind, std::string_view ns,
                                              const LabelSelector& selector) const;
    [[nodiscard]] const Store& store() const { return m_store; }

    // --- Time ---------------------------------------------------------------------------
    [[nodiscard]] VirtualTime now() const { return m_now; }
    /// RFC 3339 text of a virtual time (`metadata.creationTimestamp` and friends).
    [[nodiscard]] std::string timestamp(VirtualTime t) const;
    [[nodiscard]] std::string timestampNow() const { return timestamp(m_now); }
    /// Virtual time of an RFC 3339 timestamp written by this lab (0 when unparsable).
    [[nodiscard]] VirtualTime virtualTimeOf(std::string_view rfc3339) const;
    /// Runs work and timers for exactly `d` of virtual time.
    void advance(Duration d);
    /// Runs until nothing but background timers is due, at most `max`. Returns the
    /// virtual time that passed.
    Duration settle(Duration max);
    /// Drains the components' work queues without moving the clock.
    void drain();
    /// Runs `callback` at virtual time `at` (components re-derive timers on start, so
    /// timers are not stored).
    void schedule(VirtualTime at, std::function<void()> callback, Wake wake = Wake::Foreground);

    /// Commits everything written since the last commit to the lab file, in one
    /// transaction. Called after each command and each settle step.
    [[nodiscard]] Status commit();
    /// Forgets everything written since the last commit.
    void rollback();

    // --- Narrative ------------------------------------------------------------------
    /// Records a story event (and tells listeners). `data` holds the numbers and fills the
    /// placeholders of `message`, a key of the explanation catalogue (`core/api/messages.h`):
    /// the event keeps the key in `data.messageKey` and its English text in `message`.
    void story(std::string component, const ObjectKey& object, std::string action, MessageKey message,
               Json data = Json::object());
    /// Records a Kubernetes Event about `involved` (aggregating repeats as upstream:
    /// count, firstTimestamp, lastTimestamp).
    void recordEvent(const Json& involved, std::string_view type, std::string_view reason, std::string message,
                     std::string_view component, std::string_view host = {});
    using StoryListener = std::function<void(const StoryEvent&)>;
    int addStoryListener(StoryListener listener);
    void removeStoryListener(int id);
    /// The requests people make, followed through the API server's stages for the window
    /// (set an observer to hear them). Reads are followed by the authorizer, which gets a
    /// const engine.
    [[nodiscard]] RequestTracer& requests() const { return m_requests; }
    int addWatcher(Store::Watcher watcher) { return m_store.addWatcher(std::move(watcher)); }
    void removeWatcher(int id) { m_store.removeWatcher(id); }

    // --- Lab ------------------------------------------------------------------------------
    [[nodiscard]] Random& random() { return m_random; }
    [[nodiscard]] const LabSettings& settings() const { return m_settings; }
    void setProxyMode(std::string mode);
    /// Encryption at rest: kube-apiserver's `--encryption-provider-config`, given as the
    /// EncryptionConfiguration document and kept in the lab's settings. Refused (nothing
    /// changes) when it is invalid or cannot read an object already stored encrypted.
    [[nodiscard]] Status configureEncryption(const Json& config);
    /// Whether the object's committed bytes were not written by the provider that writes its
    /// kind now (so an unchanged update still rewrites it, as upstream's stale check does).
    [[nodiscard]] bool storedStale(const ObjectKey& key) const;
    [[nodiscard]] bool readOnly() const { return m_readOnly; }
    [[nodiscard]] LabFile& lab() { return *m_lab; }
    [[nodiscard]] const LabFile& lab() const { return *m_lab; }
    /// A setting of a component (scheduler configuration, lesson progress), stored with the lab.
    [[nodiscard]] std::optional<std::string> labSetting(const std::string& key) const;
    void setLabSetting(const std::string& key, std::string value);

    void addComponent(std::unique_ptr<Component> component);
    template <typename T>
    [[nodiscard]] T* component() const
    {
        for (const auto& c : m_components)
            if (auto p = dynamic_cast<T*>(c.get()))
                return p;
        return nullptr;
    }

private:
    Engine();
    Status bootstrap();
    void startComponents();
    bool runOneUnit();

    std::unique_ptr<LabFile> m_lab;
    Store m_store;
    std::unique_ptr<ApiServer> m_api;
    LabSettings m_settings;
    Random m_random;
    VirtualTime m_now = 0;
    bool m_readOnly = false;
    std::vector<std::unique_ptr<Component>> m_components;

    struct Timer {
        VirtualTime at;
        std::uint64_t sequence;
        Wake wake;
        std::function<void()> callback;
        bool operator>(const Timer& o) const { return at != o.at ? at > o.at : sequence > o.sequence; }
    };
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> m_timers;
    std::uint64_t m_timerSequence = 0;
    std::size_t m_foregroundTimers = 0;

    std::vector<StoryEvent> m_pendingStory;
    std::int64_t m_storySequence = 0;
    std::map<int, StoryListener> m_storyListeners;
    int m_nextStoryListener = 1;
    std::map<std::string, std::string> m_dirtySettings;
    std::map<std::string, std::string> m_labSettings;
    /// Events by what makes repeats one Event (recordEvent's aggregation), built on first use.
    std::unordered_map<std::string, ObjectKey> m_eventIndex;
    bool m_eventIndexBuilt = false;
    mutable RequestTracer m_requests;

    friend class ApiServer;
};

} // namespace kubelab::core

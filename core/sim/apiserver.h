// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/auth/admission.h"
#include "core/sim/engine.h"

namespace kubelab::core {

/// The simulated kube-apiserver's request path: resolve the resource, admission
/// (mutating), defaulting, validation, admission (validating), then the store.
/// Also the registry logic upstream keeps beside the store: uid, creationTimestamp,
/// generation, graceful deletion and finalizers, ClusterIP and NodePort allocation.
class ApiServer final {
public:
    explicit ApiServer(Engine& engine);
    ~ApiServer();

    Result<ObjectPtr> create(Json object, const RequestContext& ctx);
    /// `verb` is what RBAC checks: `update`, or `patch` when a patch or apply ends here.
    Result<ObjectPtr> update(Json object, const RequestContext& ctx, bool statusOnly = false,
                             std::string_view verb = "update");
    Result<std::pair<ObjectPtr, ApplyOutcome>> apply(Json object, const RequestContext& ctx);
    Result<ObjectPtr> patch(const ObjectKey& key, const Json& patch, PatchType type, const RequestContext& ctx);
    Result<ObjectPtr> remove(const ObjectKey& key, const DeleteOptions& options, const RequestContext& ctx);
    /// The pods/binding subresource: sets `spec.nodeName` of an unbound pod (pod updates
    /// may not change it).
    Result<ObjectPtr> bind(const ObjectKey& pod, const std::string& node, const RequestContext& ctx);

    void addAdmissionPlugin(std::unique_ptr<AdmissionPlugin> plugin);
    /// Rebuilds the IP and port allocators from the stored Services (on open).
    void rebuildAllocators();

private:
    Result<const ResourceInfo*> resolve(Json& object) const;
    Status admitAndValidate(AdmissionRequest& request);
    Status allocateServiceAddresses(Json& service, const Json* old);
    void releaseServiceAddresses(const Json& service);
    Result<ObjectPtr> finishDelete(const ObjectKey& key, const RequestContext& ctx);

    Engine& m_engine;
    std::vector<std::unique_ptr<AdmissionPlugin>> m_admission;
    std::set<std::uint32_t> m_clusterIps;
    std::set<int> m_nodePorts;
};

/// A merge of JSON documents as kubectl's strategic merge patch does it for the lists it
/// knows (containers by name, ports by containerPort, ...); other lists are replaced.
/// `original` is what was applied last time (fields it has and `modified` lacks are
/// deleted), `modified` the new configuration, `live` the stored object.
[[nodiscard]] Json threeWayMerge(const Json& live, const Json& original, const Json& modified);
/// RFC 7386 JSON merge patch.
[[nodiscard]] Json mergePatch(const Json& target, const Json& patch);

/// "10.96.0.1" for an IPv4 address held as a number, and back.
[[nodiscard]] std::string formatIpv4(std::uint32_t address);
[[nodiscard]] std::optional<std::uint32_t> parseIpv4(std::string_view text);
/// Parses "10.96.0.0/12" into base address and prefix length.
[[nodiscard]] std::optional<std::pair<std::uint32_t, int>> parseCidr(std::string_view text);

} // namespace kubelab::core

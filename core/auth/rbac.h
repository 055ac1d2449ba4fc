// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"

namespace kubelab::core {

class Engine;
struct RequestContext;
struct ResourceInfo;

namespace rbac {

/// Who makes a request, as the authenticators leave it (k8s.io/apiserver user.Info).
struct UserInfo {
    std::string name;
    std::vector<std::string> groups;
};

/// What a request asks for (k8s.io/apiserver authorizer.Attributes).
struct Attributes {
    std::string verb;
    std::string apiGroup;
    std::string resource;
    std::string subresource;
    std::string ns;
    std::string name;
    bool resourceRequest = true;
    std::string path; ///< non-resource requests: `/healthz`
};

struct Decision {
    bool allowed = false;
    /// `RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to Group "z"`, empty on deny.
    std::string reason;
};

// Upstream's rule matching (pkg/apis/rbac/v1/evaluation_helpers.go).
[[nodiscard]] bool verbMatches(const Json& rule, std::string_view verb);
[[nodiscard]] bool apiGroupMatches(const Json& rule, std::string_view group);
[[nodiscard]] bool resourceMatches(const Json& rule, std::string_view combinedResource, std::string_view subresource);
[[nodiscard]] bool resourceNameMatches(const Json& rule, std::string_view name);
[[nodiscard]] bool nonResourceURLMatches(const Json& rule, std::string_view url);
/// plugin/pkg/auth/authorizer/rbac RuleAllows.
[[nodiscard]] bool ruleAllows(const Attributes& attributes, const Json& rule);

/// Whether a binding's subject names the user (appliesTo in rbac.go); a ServiceAccount
/// subject without namespace takes the binding's.
[[nodiscard]] bool subjectMatches(const Json& subject, const UserInfo& user, std::string_view bindingNamespace);

/// The rules that apply to `user` in `ns`: every ClusterRoleBinding's, then (for a
/// namespace) the RoleBindings' there, as DefaultRuleResolver.VisitRulesFor. `system:masters`
/// holds `*` on everything (the API server's privileged-group authorizer).
[[nodiscard]] std::vector<Json> rulesFor(const Engine& engine, const UserInfo& user, std::string_view ns);

/// The authorizer chain of a kubeadm API server: the privileged group (`system:masters`),
/// the Node authorizer (simplified: `system:nodes` may do anything), then RBAC.
[[nodiscard]] Decision authorize(const Engine& engine, const UserInfo& user, const Attributes& attributes);

/// Authorizes an API request as the API server does, for `klab`'s reads and the API
/// server's writes: the 403 with upstream's text when refused. `ns` is ignored for
/// cluster-scoped resources.
[[nodiscard]] Status authorizeRequest(const Engine& engine, const RequestContext& ctx, std::string_view verb,
                                      const ResourceInfo& resource, std::string_view ns, std::string_view name = {},
                                      std::string_view subresource = {});
/// The same for a request the lab has no ResourceInfo for (metrics.k8s.io).
[[nodiscard]] Status authorizeRequest(const Engine& engine, const RequestContext& ctx, const Attributes& attributes);

/// `User "u" cannot list resource "pods" in API group "" in the namespace "ns"`
/// (responsewriters forbiddenMessage).
[[nodiscard]] std::string forbiddenMessage(const UserInfo& user, const Attributes& attributes);
/// The whole 403 as kubectl prints it after `Error from server (Forbidden): `.
[[nodiscard]] Error forbiddenError(const UserInfo& user, const Attributes& attributes);

/// Breaks a rule into one rule per group/resource/verb(/name) and URL/verb (BreakdownRule).
[[nodiscard]] std::vector<Json> breakdownRule(const Json& rule);
/// Merges single group/resource rules that differ only by verb (CompactRules).
[[nodiscard]] std::vector<Json> compactRules(const std::vector<Json>& rules);
/// `{APIGroups:["apps"], Resources:["deployments"], Verbs:["create"]}` (CompactString).
[[nodiscard]] std::string compactString(const Json& rule);
/// Whether `owner` covers every `requested` rule; the uncovered pieces go to `missing`
/// (component-helpers/auth/rbac/validation Covers).
[[nodiscard]] bool covers(const std::vector<Json>& owner, const std::vector<Json>& requested, std::vector<Json>* missing);

/// The registry's escalation check on creating or updating a Role, ClusterRole,
/// RoleBinding or ClusterRoleBinding: a user may grant only what they hold, unless they
/// have `escalate` (roles) or `bind` (bindings) on the role, or are in system:masters.
[[nodiscard]] Status checkEscalation(const Engine& engine, const UserInfo& user, const Json& object);

/// The rules an aggregated ClusterRole gets from the ClusterRoles its selectors pick
/// (clusterroleaggregation controller), by name, without repeats.
[[nodiscard]] std::vector<Json> aggregatedRules(const Engine& engine, const Json& clusterRole);

/// The default ClusterRoles and ClusterRoleBindings of a kubeadm v1.31 cluster
/// (bootstrappolicy plus kubeadm's `kubeadm:cluster-admins` binding).
[[nodiscard]] std::vector<Json> bootstrapPolicy();

/// The user a ServiceAccount authenticates as, and its groups.
[[nodiscard]] UserInfo serviceAccountUser(std::string_view ns, std::string_view name);

} // namespace rbac
} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kubelab::core {

class Engine;

namespace rbac {

/// Who can do what in one namespace: every subject the lab knows (the kubeconfig's users,
/// and the users, groups and ServiceAccounts that the ClusterRoleBindings and the
/// namespace's RoleBindings name) against the resources a learner meets and the verbs
/// kubectl sends, each cell asked of the authorizer as `kubectl auth can-i VERB RESOURCE
/// --as SUBJECT -n NS` would be (a group is asked as a user in that group). Cluster-scoped
/// resources are asked at the cluster scope. Subjects allowed nothing here are left out
/// (the groups the default policy binds to discovery only).
struct AccessMatrix {
    struct Resource {
        std::string apiGroup;
        std::string resource;    ///< `pods`, `pods/log`
        bool namespaced = true;
        /// `pods`, `deployments.apps`, as RBAC messages write a resource.
        [[nodiscard]] std::string label() const { return resource + (apiGroup.empty() ? "" : "." + apiGroup); }
    };
    struct Row {
        std::string kind;  ///< User, Group, ServiceAccount
        std::string name;  ///< a ServiceAccount as `namespace/name`
        /// Per resource, bit i set when `verbs[i]` is allowed.
        std::vector<std::uint32_t> allowed;
    };
    std::string ns;
    std::vector<std::string> verbs;
    std::vector<Resource> resources;
    std::vector<Row> rows;
};

[[nodiscard]] AccessMatrix accessMatrix(const Engine& engine, std::string_view ns);

} // namespace rbac
} // namespace kubelab::core

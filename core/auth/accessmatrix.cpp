// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/auth/accessmatrix.h"

#include <set>
#include <tuple>

#include "core/auth/rbac.h"
#include "core/auth/users.h"
#include "core/sim/engine.h"

namespace kubelab::core::rbac {

namespace {

/// The resources of the seed notes' chapters, in their order, then the cluster-scoped ones.
const std::vector<AccessMatrix::Resource>& matrixResources()
{
    static const std::vector<AccessMatrix::Resource> resources = {
        {"", "pods", true},
        {"", "pods/log", true},
        {"", "pods/exec", true},
        {"apps", "deployments", true},
        {"apps", "replicasets", true},
        {"apps", "statefulsets", true},
        {"apps", "daemonsets", true},
        {"batch", "jobs", true},
        {"autoscaling", "horizontalpodautoscalers", true},
        {"", "services", true},
        {"networking.k8s.io", "ingresses", true},
        {"networking.k8s.io", "networkpolicies", true},
        {"", "configmaps", true},
        {"", "secrets", true},
        {"", "persistentvolumeclaims", true},
        {"", "serviceaccounts", true},
        {"rbac.authorization.k8s.io", "roles", true},
        {"rbac.authorization.k8s.io", "rolebindings", true},
        {"", "events", true},
        {"", "nodes", false},
        {"", "namespaces", false},
        {"", "persistentvolumes", false},
        {"storage.k8s.io", "storageclasses", false},
        {"rbac.authorization.k8s.io", "clusterroles", false},
        {"rbac.authorization.k8s.io", "clusterrolebindings", false},
    };
    return resources;
}

struct Subject {
    std::string kind;
    std::string name;
    UserInfo user;
    bool operator<(const Subject& o) const { return std::tie(kind, name) < std::tie(o.kind, o.name); }
};

void addSubjects(const Json& binding, std::string_view bindingNamespace, std::set<Subject>& out)
{
    if (!binding.contains("subjects") || !binding["subjects"].is_array())
        return;
    for (const Json& s : binding["subjects"]) {
        if (!s.is_object())
            continue;
        const std::string kind = s.value("kind", "");
        const std::string name = s.value("name", "");
        if (name.empty())
            continue;
        if (kind == "User") {
            out.insert({kind, name, UserInfo{name, {"system:authenticated"}}});
        } else if (kind == "Group") {
            out.insert({kind, name, UserInfo{"", {name, "system:authenticated"}}});
        } else if (kind == "ServiceAccount") {
            std::string ns = s.value("namespace", std::string(bindingNamespace));
            out.insert({kind, ns + "/" + name, serviceAccountUser(ns, name)});
        }
    }
}

} // namespace

AccessMatrix accessMatrix(const Engine& engine, std::string_view ns)
{
    AccessMatrix m;
    m.ns = ns;
    m.verbs = {"get", "list", "watch", "create", "update", "patch", "delete"};
    m.resources = matrixResources();

    std::set<Subject> subjects;
    for (const LabUser& u : Kubeconfig::load(engine).users) {
        std::vector<std::string> groups = u.groups;
        groups.push_back("system:authenticated");
        subjects.insert({"User", u.name, UserInfo{u.name, groups}});
    }
    for (const ObjectPtr& b : engine.list("ClusterRoleBinding"))
        addSubjects(*b, "", subjects);
    if (!ns.empty())
        for (const ObjectPtr& b : engine.list("RoleBinding", ns))
            addSubjects(*b, ns, subjects);

    for (const Subject& s : subjects) {
        AccessMatrix::Row row{s.kind, s.name, {}};
        bool any = false;
        for (const AccessMatrix::Resource& r : m.resources) {
            std::uint32_t bits = 0;
            const auto slash = r.resource.find('/');
            Attributes a;
            a.apiGroup = r.apiGroup;
            a.resource = r.resource.substr(0, slash);
            a.subresource = slash == std::string::npos ? std::string() : r.resource.substr(slash + 1);
            a.ns = r.namespaced ? std::string(ns) : std::string();
            for (std::size_t v = 0; v < m.verbs.size(); ++v) {
                a.verb = m.verbs[v];
                if (authorize(engine, s.user, a).allowed)
                    bits |= 1u << v;
            }
            any = any || bits != 0;
            row.allowed.push_back(bits);
        }
        if (any)
            m.rows.push_back(std::move(row));
    }
    return m;
}

} // namespace kubelab::core::rbac

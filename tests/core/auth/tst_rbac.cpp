// SPDX-License-Identifier: GPL-3.0-or-later
// RBAC: upstream's rule matching (plugin/pkg/auth/authorizer/rbac/rbac_test.go
// TestRuleMatches), the authorizer over bindings, the default roles of a fresh lab,
// escalation prevention, aggregation, and the Forbidden texts.
#include <QTest>

#include <string>
#include <vector>

#include "core/auth/accessmatrix.h"
#include "core/auth/rbac.h"
#include "core/auth/users.h"
#include "core/sim/engine.h"

namespace core = kubelab::core;
namespace rbac = kubelab::core::rbac;
using core::Json;

class TestRbac final : public QObject {
    Q_OBJECT

private slots:
    void ruleMatches_data();
    void ruleMatches();
    void defaultRoles_data();
    void defaultRoles();
    void roleBindings();
    void accessMatrix();
    void forbiddenText_data();
    void forbiddenText();
    void escalation();
    void aggregation();
    void canIListCompaction();
    void impersonation();
    void tokens();
};

namespace {

std::unique_ptr<core::Engine> openEngine()
{
    core::Engine::Options options;
    options.createIfMissing = true;
    options.seed = 3;
    auto engine = core::Engine::open(options);
    if (!engine) {
        qWarning("%s", engine.error().toString().c_str());
        return nullptr;
    }
    for (const char* ns : {"dev", "prod"})
        if (!(*engine)->create(Json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}},
                               core::RequestContext::component("test")))
            return nullptr;
    return std::move(*engine);
}

rbac::Attributes resourceRequest(std::string verb, std::string group, std::string resource, std::string sub = {},
                                 std::string ns = {}, std::string name = {})
{
    return rbac::Attributes{std::move(verb), std::move(group), std::move(resource), std::move(sub), std::move(ns),
                            std::move(name), true, ""};
}

rbac::Attributes pathRequest(std::string verb, std::string path)
{
    return rbac::Attributes{std::move(verb), "", "", "", "", "", false, std::move(path)};
}

Json rule(const Json& verbs, const Json& groups, const Json& resources, const Json& names = Json::array())
{
    Json r = {{"verbs", verbs}, {"apiGroups", groups}, {"resources", resources}};
    if (!names.empty())
        r["resourceNames"] = names;
    return r;
}

Json urls(const Json& verbs, const Json& paths)
{
    return Json{{"verbs", verbs}, {"nonResourceURLs", paths}};
}

Json role(const std::string& kind, const std::string& ns, const std::string& name, const Json& rules)
{
    Json r = {{"apiVersion", "rbac.authorization.k8s.io/v1"}, {"kind", kind}, {"metadata", {{"name", name}}}, {"rules", rules}};
    if (!ns.empty())
        r["metadata"]["namespace"] = ns;
    return r;
}

Json binding(const std::string& kind, const std::string& ns, const std::string& name, const std::string& roleKind,
             const std::string& roleName, const Json& subjects)
{
    Json b = {{"apiVersion", "rbac.authorization.k8s.io/v1"},
              {"kind", kind},
              {"metadata", {{"name", name}}},
              {"roleRef", {{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", roleKind}, {"name", roleName}}},
              {"subjects", subjects}};
    if (!ns.empty())
        b["metadata"]["namespace"] = ns;
    return b;
}

Json user(const std::string& name)
{
    return Json{{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "User"}, {"name", name}};
}

const core::RequestContext kAdmin = core::RequestContext::component("test");

rbac::UserInfo alice{"alice", {"system:authenticated"}};

} // namespace

void TestRbac::ruleMatches_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("verb");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("resource"); // resource[/subresource] or a path
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("allowed");
    const auto add = [](const char* tag, const Json& r, const char* verb, const char* group, const char* resource,
                        const char* name, bool allowed) {
        QTest::addRow("%s", tag) << QString::fromStdString(r.dump()) << verb << group << resource << name << allowed;
    };
    // TestRuleMatches: "star verb, exact match other".
    const Json starVerb = rule({"*"}, {"group1"}, {"resource1"});
    add("star verb: get", starVerb, "get", "group1", "resource1", "", true);
    add("star verb: other group", starVerb, "get", "group2", "resource1", "", false);
    add("star verb: other resource", starVerb, "get", "group1", "resource2", "", false);
    add("star verb: subresource", starVerb, "get", "group1", "resource1/subresource1", "", false);
    // "star group, exact match other".
    const Json starGroup = rule({"get"}, {"*"}, {"resource1"});
    add("star group: group1", starGroup, "get", "group1", "resource1", "", true);
    add("star group: group2", starGroup, "get", "group2", "resource1", "", true);
    add("star group: verb", starGroup, "update", "group1", "resource1", "", false);
    // "star resource, exact match other".
    const Json starResource = rule({"get"}, {"group1"}, {"*"});
    add("star resource: resource1", starResource, "get", "group1", "resource1", "", true);
    add("star resource: subresource", starResource, "get", "group1", "resource1/subresource1", "", true);
    add("star resource: group", starResource, "get", "group2", "resource1", "", false);
    // "tuple expansion".
    const Json tuple = rule({"get", "update"}, {"group1", "group2"}, {"resource1", "resource2"});
    add("tuple: update group2 resource2", tuple, "update", "group2", "resource2", "", true);
    add("tuple: delete", tuple, "delete", "group1", "resource1", "", false);
    // "subresource expansion".
    const Json sub = rule({"*"}, {"*"}, {"resource1/subresource1"});
    add("subresource: exact", sub, "get", "group1", "resource1/subresource1", "", true);
    add("subresource: other subresource", sub, "get", "group1", "resource1/subresource2", "", false);
    add("subresource: main resource", sub, "get", "group1", "resource1", "", false);
    add("subresource: other resource", sub, "get", "group1", "resource2/subresource1", "", false);
    // "*/subresource" (pkg/apis/rbac/v1 ResourceMatches).
    const Json anyScale = rule({"get"}, {"*"}, {"*/scale"});
    add("*/scale: deployments/scale", anyScale, "get", "apps", "deployments/scale", "", true);
    add("*/scale: deployments", anyScale, "get", "apps", "deployments", "", false);
    add("*/scale: deployments/status", anyScale, "get", "apps", "deployments/status", "", false);
    // resourceNames.
    const Json named = rule({"get", "update"}, {""}, {"configmaps"}, {"app-config"});
    add("resourceNames: the name", named, "get", "", "configmaps", "app-config", true);
    add("resourceNames: another name", named, "get", "", "configmaps", "other", false);
    add("resourceNames: no name (list)", named, "get", "", "configmaps", "", false);
    // Non-resource URLs: "star nonresource", "star nonresource subpath", exact.
    const Json allUrls = urls({"get"}, {"*"});
    add("urls *: /foo", allUrls, "get", "", "/foo", "", true);
    add("urls *: /foo/bar", allUrls, "get", "", "/foo/bar", "", true);
    add("urls *: put", allUrls, "put", "", "/foo", "", false);
    const Json subpath = urls({"get"}, {"/foo/*"});
    add("urls /foo/*: /foo/bar", subpath, "get", "", "/foo/bar", "", true);
    add("urls /foo/*: /foo/bar/baz", subpath, "get", "", "/foo/bar/baz", "", true);
    add("urls /foo/*: /foo/", subpath, "get", "", "/foo/", "", true);
    add("urls /foo/*: /foo", subpath, "get", "", "/foo", "", false);
    add("urls /foo/*: /bar", subpath, "get", "", "/bar", "", false);
    const Json exact = urls({"*"}, {"/foo", "/foo/bar/one"});
    add("urls exact: /foo", exact, "get", "", "/foo", "", true);
    add("urls exact: /foo/bar/one", exact, "post", "", "/foo/bar/one", "", true);
    add("urls exact: /foo/bar", exact, "get", "", "/foo/bar", "", false);
    add("urls exact: /foo/bar/one/two", exact, "get", "", "/foo/bar/one/two", "", false);
}

void TestRbac::ruleMatches()
{
    QFETCH(QString, rule);
    QFETCH(QString, verb);
    QFETCH(QString, group);
    QFETCH(QString, resource);
    QFETCH(QString, name);
    QFETCH(bool, allowed);
    const Json r = Json::parse(rule.toStdString());
    const std::string res = resource.toStdString();
    rbac::Attributes a;
    if (res.starts_with("/")) {
        a = pathRequest(verb.toStdString(), res);
    } else {
        auto slash = res.find('/');
        a = resourceRequest(verb.toStdString(), group.toStdString(), res.substr(0, slash),
                            slash == std::string::npos ? std::string() : res.substr(slash + 1), "ns", name.toStdString());
    }
    QCOMPARE(rbac::ruleAllows(a, r), allowed);
}

void TestRbac::defaultRoles_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("verb");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("subresource");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("view gets pods") << "view" << "get" << "" << "pods" << "" << true;
    QTest::newRow("view lists deployments") << "view" << "list" << "apps" << "deployments" << "" << true;
    QTest::newRow("view reads pod logs") << "view" << "get" << "" << "pods" << "log" << true;
    QTest::newRow("view cannot get secrets") << "view" << "get" << "" << "secrets" << "" << false;
    QTest::newRow("view cannot create pods") << "view" << "create" << "" << "pods" << "" << false;
    QTest::newRow("view cannot exec") << "view" << "create" << "" << "pods" << "exec" << false;
    QTest::newRow("view cannot list roles") << "view" << "list" << "rbac.authorization.k8s.io" << "roles" << "" << false;
    QTest::newRow("edit creates deployments") << "edit" << "create" << "apps" << "deployments" << "" << true;
    QTest::newRow("edit gets secrets") << "edit" << "get" << "" << "secrets" << "" << true;
    QTest::newRow("edit scales deployments") << "edit" << "patch" << "apps" << "deployments" << "scale" << true;
    QTest::newRow("edit execs into pods") << "edit" << "create" << "" << "pods" << "exec" << true;
    QTest::newRow("edit cannot create roles") << "edit" << "create" << "rbac.authorization.k8s.io" << "roles" << "" << false;
    QTest::newRow("edit cannot create rolebindings") << "edit" << "create" << "rbac.authorization.k8s.io" << "rolebindings" << "" << false;
    QTest::newRow("edit cannot update resourcequotas") << "edit" << "update" << "" << "resourcequotas" << "" << false;
    QTest::newRow("edit cannot update pods/status") << "edit" << "update" << "" << "pods" << "status" << false;
    QTest::newRow("admin creates roles") << "admin" << "create" << "rbac.authorization.k8s.io" << "roles" << "" << true;
    QTest::newRow("admin creates rolebindings") << "admin" << "create" << "rbac.authorization.k8s.io" << "rolebindings" << "" << true;
    QTest::newRow("admin creates deployments") << "admin" << "create" << "apps" << "deployments" << "" << true;
    QTest::newRow("admin cannot create resourcequotas") << "admin" << "create" << "" << "resourcequotas" << "" << false;
    QTest::newRow("cluster-admin deletes nodes") << "cluster-admin" << "delete" << "" << "nodes" << "" << true;
    QTest::newRow("cluster-admin anything") << "cluster-admin" << "escalate" << "rbac.authorization.k8s.io" << "clusterroles" << "" << true;
}

void TestRbac::defaultRoles()
{
    QFETCH(QString, role);
    QFETCH(QString, verb);
    QFETCH(QString, group);
    QFETCH(QString, resource);
    QFETCH(QString, subresource);
    QFETCH(bool, allowed);
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(binding("RoleBinding", "dev", "alice-" + role.toStdString(), "ClusterRole",
                                   role.toStdString(), Json::array({user("alice")})),
                           kAdmin));
    const auto a = resourceRequest(verb.toStdString(), group.toStdString(), resource.toStdString(),
                                   subresource.toStdString(), "dev", "");
    QCOMPARE(rbac::authorize(*engine, alice, a).allowed, allowed);
    // Granted in `dev` only.
    auto elsewhere = a;
    elsewhere.ns = "default";
    QVERIFY(!rbac::authorize(*engine, alice, elsewhere).allowed);
}

void TestRbac::roleBindings()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(role("Role", "prod", "pod-reader", Json::array({rule({"get", "list"}, {""}, {"pods"})})), kAdmin));
    Json sa = {{"apiGroup", ""}, {"kind", "ServiceAccount"}, {"name", "robot"}};
    sa.erase("apiGroup");
    QVERIFY(engine->create(binding("RoleBinding", "prod", "read-pods", "Role", "pod-reader",
                                   Json::array({user("alice"), Json{{"kind", "Group"}, {"apiGroup", "rbac.authorization.k8s.io"}, {"name", "ops"}}, sa})),
                           kAdmin));
    const auto listProd = resourceRequest("list", "", "pods", "", "prod");
    const auto d = rbac::authorize(*engine, alice, listProd);
    QVERIFY(d.allowed);
    QCOMPARE(d.reason, std::string("RBAC: allowed by RoleBinding \"read-pods/prod\" of Role \"pod-reader\" to User \"alice\""));
    QVERIFY(!rbac::authorize(*engine, alice, resourceRequest("delete", "", "pods", "", "prod", "web")).allowed);
    QVERIFY(!rbac::authorize(*engine, alice, resourceRequest("list", "", "pods", "", "default")).allowed);
    QVERIFY(rbac::authorize(*engine, rbac::UserInfo{"bob", {"ops", "system:authenticated"}}, listProd).allowed);
    // A ServiceAccount subject without namespace is the binding's.
    QVERIFY(rbac::authorize(*engine, rbac::serviceAccountUser("prod", "robot"), listProd).allowed);
    QVERIFY(!rbac::authorize(*engine, rbac::serviceAccountUser("default", "robot"), listProd).allowed);
    // The whole name is compared: "system:serviceaccount:" + namespace + ":" + name.
    for (const char* near : {"system:serviceaccount:prod:robots", "system:serviceaccount:pro:drobot",
                             "system:serviceaccount:prodXrobot", "system:serviceaccounts:prod:robot", "robot"})
        QVERIFY2(!rbac::authorize(*engine, rbac::UserInfo{near, {"system:authenticated"}}, listProd).allowed, near);
    // kubernetes-admin holds cluster-admin through kubeadm:cluster-admins; system:masters is the privileged group.
    const rbac::UserInfo admin{"kubernetes-admin", {"kubeadm:cluster-admins", "system:authenticated"}};
    const auto d2 = rbac::authorize(*engine, admin, resourceRequest("delete", "", "nodes", "", "", "n1"));
    QVERIFY(d2.allowed);
    QCOMPARE(d2.reason, std::string("RBAC: allowed by ClusterRoleBinding \"kubeadm:cluster-admins\" of ClusterRole "
                                    "\"cluster-admin\" to Group \"kubeadm:cluster-admins\""));
    QVERIFY(rbac::authorize(*engine, rbac::UserInfo{"root", {"system:masters"}}, pathRequest("get", "/metrics")).allowed);
    // Everyone authenticated may discover and read /healthz; not /metrics.
    QVERIFY(rbac::authorize(*engine, alice, pathRequest("get", "/healthz")).allowed);
    QVERIFY(rbac::authorize(*engine, alice, pathRequest("get", "/apis/apps/v1")).allowed);
    QVERIFY(!rbac::authorize(*engine, alice, pathRequest("get", "/metrics")).allowed);
    // Through the API server: nothing changes when refused.
    core::RequestContext ctx;
    ctx.user = "alice";
    ctx.groups = {"system:authenticated"};
    Json cm = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "c"}, {"namespace", "prod"}}}};
    auto refused = engine->create(cm, ctx);
    QVERIFY(!refused);
    QCOMPARE(refused.error().toString(),
             std::string("Error from server (Forbidden): configmaps is forbidden: User \"alice\" cannot create resource "
                         "\"configmaps\" in API group \"\" in the namespace \"prod\""));
    QVERIFY(!engine->get(core::ObjectKey{"ConfigMap", "prod", "c"}));
}

void TestRbac::accessMatrix()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(role("Role", "prod", "pod-reader", Json::array({rule({"get", "list"}, {""}, {"pods"})})), kAdmin));
    Json sa = {{"kind", "ServiceAccount"}, {"name", "robot"}};
    QVERIFY(engine->create(binding("RoleBinding", "prod", "read-pods", "Role", "pod-reader",
                                   Json::array({user("alice"), sa})),
                           kAdmin));
    QVERIFY(engine->create(binding("ClusterRoleBinding", "", "viewers", "ClusterRole", "view", Json::array({user("vera")})),
                           kAdmin));
    const rbac::AccessMatrix m = rbac::accessMatrix(*engine, "prod");
    QCOMPARE(m.verbs, (std::vector<std::string>{"get", "list", "watch", "create", "update", "patch", "delete"}));
    auto column = [&](const std::string& label) {
        for (std::size_t i = 0; i < m.resources.size(); ++i)
            if (m.resources[i].label() == label)
                return int(i);
        return -1;
    };
    auto cell = [&](const std::string& kind, const std::string& name, const std::string& resource) -> std::string {
        for (const auto& row : m.rows)
            if (row.kind == kind && row.name == name) {
                std::string verbs;
                for (std::size_t v = 0; v < m.verbs.size(); ++v)
                    if (row.allowed[std::size_t(column(resource))] & (1u << v))
                        verbs += (verbs.empty() ? "" : " ") + m.verbs[v];
                return verbs;
            }
        return "(no row)";
    };
    QVERIFY(column("pods") >= 0 && column("deployments.apps") >= 0 && column("pods/log") >= 0 && column("nodes") >= 0);
    const std::string all = "get list watch create update patch delete";
    // The kubeconfig's user holds cluster-admin through its group; so does the group's row.
    QCOMPARE(cell("User", "kubernetes-admin", "secrets"), all);
    QCOMPARE(cell("User", "kubernetes-admin", "nodes"), all);
    QCOMPARE(cell("Group", "kubeadm:cluster-admins", "clusterroles.rbac.authorization.k8s.io"), all);
    QCOMPARE(cell("Group", "system:masters", "pods/exec"), all);
    // The Role: get and list pods in prod, nothing else.
    QCOMPARE(cell("User", "alice", "pods"), std::string("get list"));
    QCOMPARE(cell("User", "alice", "pods/log"), std::string());
    QCOMPARE(cell("User", "alice", "deployments.apps"), std::string());
    QCOMPARE(cell("ServiceAccount", "prod/robot", "pods"), std::string("get list"));
    // view: reads, no Secrets, and nothing at the cluster scope.
    QCOMPARE(cell("User", "vera", "deployments.apps"), std::string("get list watch"));
    QCOMPARE(cell("User", "vera", "pods/log"), std::string("get list watch"));
    QCOMPARE(cell("User", "vera", "secrets"), std::string());
    QCOMPARE(cell("User", "vera", "nodes"), std::string());
    // Groups the default policy binds to discovery only are not rows.
    QCOMPARE(cell("Group", "system:authenticated", "pods"), std::string("(no row)"));
    QCOMPARE(cell("Group", "system:unauthenticated", "pods"), std::string("(no row)"));
    // In another namespace the RoleBinding does not count.
    const rbac::AccessMatrix dev = rbac::accessMatrix(*engine, "dev");
    for (const auto& row : dev.rows)
        QVERIFY2(row.name != "alice" && row.name != "prod/robot", row.name.c_str());
}

void TestRbac::forbiddenText_data()
{
    QTest::addColumn<QString>("verb");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("subresource");
    QTest::addColumn<QString>("ns");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("text");
    QTest::newRow("list") << "list" << "" << "pods" << "" << "prod" << ""
                          << "pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" in the namespace \"prod\"";
    QTest::newRow("get") << "get" << "apps" << "deployments" << "" << "prod" << "web"
                         << "deployments.apps \"web\" is forbidden: User \"alice\" cannot get resource \"deployments\" in API group \"apps\" in the namespace \"prod\"";
    QTest::newRow("delete") << "delete" << "" << "pods" << "" << "prod" << "web"
                            << "pods \"web\" is forbidden: User \"alice\" cannot delete resource \"pods\" in API group \"\" in the namespace \"prod\"";
    QTest::newRow("cluster scope") << "list" << "" << "nodes" << "" << "" << ""
                                   << "nodes is forbidden: User \"alice\" cannot list resource \"nodes\" in API group \"\" at the cluster scope";
    QTest::newRow("subresource") << "get" << "" << "pods" << "log" << "prod" << "web"
                                 << "pods \"web\" is forbidden: User \"alice\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"prod\"";
    QTest::newRow("impersonate") << "impersonate" << "" << "users" << "" << "" << "bob"
                                 << "users \"bob\" is forbidden: User \"alice\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope";
}

void TestRbac::forbiddenText()
{
    QFETCH(QString, verb);
    QFETCH(QString, group);
    QFETCH(QString, resource);
    QFETCH(QString, subresource);
    QFETCH(QString, ns);
    QFETCH(QString, name);
    QFETCH(QString, text);
    const auto a = resourceRequest(verb.toStdString(), group.toStdString(), resource.toStdString(),
                                   subresource.toStdString(), ns.toStdString(), name.toStdString());
    QCOMPARE(QString::fromStdString(rbac::forbiddenError(alice, a).message), text);
    QCOMPARE(QString::fromStdString(rbac::forbiddenError(alice, pathRequest("get", "/metrics")).message),
             QString("forbidden: User \"alice\" cannot get path \"/metrics\""));
}

void TestRbac::escalation()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(binding("RoleBinding", "dev", "alice-admin", "ClusterRole", "admin", Json::array({user("alice")})), kAdmin));
    core::RequestContext ctx;
    ctx.user = "alice";
    ctx.groups = {"system:authenticated"};
    // admin may create roles with what admin holds...
    QVERIFY(engine->create(role("Role", "dev", "reader", Json::array({rule({"get"}, {""}, {"pods"})})), ctx));
    // ...and bind them, or bind `view`.
    QVERIFY(engine->create(binding("RoleBinding", "dev", "bob-view", "ClusterRole", "view", Json::array({user("bob")})), ctx));
    // Not what admin lacks.
    auto r = engine->create(role("Role", "dev", "quota", Json::array({rule({"create", "update"}, {""}, {"resourcequotas"})})), ctx);
    QVERIFY(!r);
    QCOMPARE(r.error().toString(),
             std::string("Error from server (Forbidden): roles.rbac.authorization.k8s.io \"quota\" is forbidden: user "
                         "\"alice\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not "
                         "currently held:\n{APIGroups:[\"\"], Resources:[\"resourcequotas\"], Verbs:[\"create\" \"update\"]}"));
    auto b = engine->create(binding("RoleBinding", "dev", "bob-admin", "ClusterRole", "cluster-admin", Json::array({user("bob")})), ctx);
    QVERIFY(!b);
    QVERIFY(b.error().message.starts_with("rolebindings.rbac.authorization.k8s.io \"bob-admin\" is forbidden: user \"alice\""));
    QVERIFY(!engine->get(core::ObjectKey{"RoleBinding", "dev", "bob-admin"}));
    // `bind` on the role allows binding it without holding it.
    QVERIFY(engine->create(role("ClusterRole", "", "binder",
                                Json::array({rule({"bind"}, {"rbac.authorization.k8s.io"}, {"clusterroles"}, {"cluster-admin"})})),
                           kAdmin));
    QVERIFY(engine->create(binding("RoleBinding", "dev", "alice-binder", "ClusterRole", "binder", Json::array({user("alice")})), kAdmin));
    QVERIFY(engine->create(binding("RoleBinding", "dev", "bob-admin", "ClusterRole", "cluster-admin", Json::array({user("bob")})), ctx));
}

void TestRbac::aggregation()
{
    auto engine = openEngine();
    QVERIFY(engine);
    // A fresh lab: admin ⊇ edit ⊇ view.
    auto viewRules = engine->get(core::ObjectKey{"ClusterRole", "", "view"})->at("rules");
    auto editRules = engine->get(core::ObjectKey{"ClusterRole", "", "edit"})->at("rules");
    QVERIFY(!viewRules.empty());
    std::vector<Json> edit(editRules.begin(), editRules.end()), view(viewRules.begin(), viewRules.end());
    QVERIFY(rbac::covers(edit, view, nullptr));
    // A new ClusterRole labelled aggregate-to-view joins view, edit and admin.
    Json crd = role("ClusterRole", "", "widgets-view", Json::array({rule({"get", "list", "watch"}, {"example.com"}, {"widgets"})}));
    crd["metadata"]["labels"]["rbac.authorization.k8s.io/aggregate-to-view"] = "true";
    QVERIFY(engine->create(crd, kAdmin));
    engine->settle(60 * core::kSecond);
    for (const char* name : {"view", "edit", "admin"}) {
        const Json rules = engine->get(core::ObjectKey{"ClusterRole", "", name})->at("rules");
        QVERIFY2(std::ranges::find(rules, crd["rules"][0]) != rules.end(), name);
    }
    // ...and leaves when deleted.
    QVERIFY(engine->remove(core::ObjectKey{"ClusterRole", "", "widgets-view"}, {}, kAdmin));
    engine->settle(60 * core::kSecond);
    const Json rules = engine->get(core::ObjectKey{"ClusterRole", "", "admin"})->at("rules");
    QVERIFY(std::ranges::find(rules, crd["rules"][0]) == rules.end());
}

void TestRbac::canIListCompaction()
{
    // BreakdownRule then CompactRules, as `kubectl auth can-i --list` and the escalation message.
    const Json r = rule({"get", "list"}, {"", "apps"}, {"pods"});
    const auto broken = rbac::breakdownRule(r);
    QCOMPARE(broken.size(), std::size_t(4));
    const auto compact = rbac::compactRules(broken);
    QCOMPARE(compact.size(), std::size_t(2));
    QCOMPARE(rbac::compactString(compact[0]), std::string("{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\" \"list\"]}"));
    QCOMPARE(rbac::compactString(urls({"get"}, {"/healthz"})), std::string("{NonResourceURLs:[\"/healthz\"], Verbs:[\"get\"]}"));
}

void TestRbac::impersonation()
{
    auto engine = openEngine();
    QVERIFY(engine);
    core::RequestContext admin;
    auto sa = core::impersonate(*engine, admin, "system:serviceaccount:dev:robot", {});
    QVERIFY(sa);
    QCOMPARE(sa->user, std::string("system:serviceaccount:dev:robot"));
    QCOMPARE(sa->groups, (std::vector<std::string>{"system:serviceaccounts", "system:serviceaccounts:dev", "system:authenticated"}));
    core::RequestContext alice;
    alice.user = "alice";
    alice.groups = {"system:authenticated"};
    auto refused = core::impersonate(*engine, alice, "bob", {});
    QVERIFY(!refused);
    QCOMPARE(refused.error().message, std::string("users \"bob\" is forbidden: User \"alice\" cannot impersonate resource "
                                                  "\"users\" in API group \"\" at the cluster scope"));
}

void TestRbac::tokens()
{
    auto engine = openEngine();
    QVERIFY(engine);
    const core::Kubeconfig config = core::Kubeconfig::load(*engine);
    auto admin = core::authenticate(*engine, config, std::nullopt, std::nullopt);
    QVERIFY(admin);
    QCOMPARE(admin->user, std::string("kubernetes-admin"));
    QCOMPARE(admin->groups, (std::vector<std::string>{"kubeadm:cluster-admins", "system:authenticated"}));
    auto bad = core::authenticate(*engine, config, std::nullopt, std::string("nope"));
    QVERIFY(!bad);
    QCOMPARE(bad.error().toString(), std::string("error: You must be logged in to the server (Unauthorized)"));
    const core::ObjectPtr coredns = engine->get(core::ObjectKey{"ServiceAccount", "kube-system", "coredns"});
    QVERIFY(coredns);
    const std::string token = core::serviceAccountToken(*engine, "kube-system", "coredns", core::uidOf(*coredns));
    QVERIFY(token.starts_with("eyJ"));
    auto sa = core::authenticate(*engine, config, std::nullopt, token);
    QVERIFY(sa);
    QCOMPARE(sa->user, std::string("system:serviceaccount:kube-system:coredns"));
}

QTEST_GUILESS_MAIN(TestRbac)
#include "tst_rbac.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Pod Security admission (staging/src/k8s.io/pod-security-admission): the policy checks
// with the pods of upstream's check tests and their reasons and details, the namespace
// labels, enforce refusing pods and warn warning for pods and workloads.
#include <QTest>

#include "core/auth/podsecurity.h"
#include "core/auth/warnings.h"
#include "core/sim/engine.h"

namespace core = kubelab::core;
using core::Json;

class TestPodSecurity final : public QObject {
    Q_OBJECT

private slots:
    void checks_data();
    void checks();
    void restrictedPodPasses();
    void policyLabels();
    void enforceAndWarn();
    void workloadsWarnOnly();
};

namespace {

std::unique_ptr<core::Engine> openEngine()
{
    core::Engine::Options options;
    options.createIfMissing = true;
    options.seed = 7;
    auto engine = core::Engine::open(options);
    return engine ? std::move(*engine) : nullptr;
}

/// A spec that passes restricted, to which each case adds its one fault.
Json restrictedSpec()
{
    return Json::parse(R"({
        "securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}},
        "containers": [{"name": "a", "image": "nginx", "securityContext": {
            "allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}}]})");
}

} // namespace

void TestPodSecurity::checks_data()
{
    QTest::addColumn<QString>("level");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QString>("expected");
    auto add = [](const char* name, const char* level, const char* patch, const char* expected) {
        QTest::newRow(name) << level << QByteArray(patch) << expected;
    };
    // Each patch is merged into restrictedSpec() (RFC 7386: null removes).
    add("hostNetwork", "baseline", R"({"hostNetwork": true})", "host namespaces (hostNetwork)");
    add("host namespaces", "baseline", R"({"hostNetwork": true, "hostPID": true, "hostIPC": true})",
        "host namespaces (hostIPC, hostNetwork, hostPID)");
    add("privileged", "baseline",
        R"({"containers": [{"name": "a", "image": "x", "securityContext": {"privileged": true}}]})",
        "privileged (container \"a\" must not set securityContext.privileged=true)");
    add("capabilities baseline", "baseline",
        R"({"containers": [{"name": "a", "image": "x", "securityContext": {"capabilities": {"add": ["NET_RAW", "SYS_ADMIN", "CHOWN"]}}}]})",
        "non-default capabilities (container \"a\" must not include \"NET_RAW\", \"SYS_ADMIN\" in securityContext.capabilities.add)");
    add("hostPath", "baseline", R"({"volumes": [{"name": "a", "hostPath": {"path": "/a"}}, {"name": "b", "hostPath": {"path": "/b"}}]})",
        "hostPath volumes (volumes \"a\", \"b\")");
    add("hostPorts", "baseline",
        R"({"containers": [{"name": "a", "image": "x", "ports": [{"containerPort": 80, "hostPort": 8080}, {"containerPort": 81, "hostPort": 10}]}]})",
        "hostPort (container \"a\" uses hostPorts 10, 8080)");
    add("procMount", "baseline",
        R"({"containers": [{"name": "a", "image": "x", "securityContext": {"procMount": "Unmasked"}}]})",
        "procMount (container \"a\" must not set securityContext.procMount to \"Unmasked\")");
    add("seLinux type", "baseline", R"({"securityContext": {"seLinuxOptions": {"type": "bar", "user": "u"}}})",
        "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type \"bar\"; user may not be set)");
    add("seccomp unconfined", "baseline", R"({"securityContext": {"seccompProfile": {"type": "Unconfined"}}})",
        "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")");
    add("sysctls", "baseline", R"({"securityContext": {"sysctls": [{"name": "a", "value": "1"}, {"name": "kernel.shm_rmid_forced", "value": "1"}, {"name": "b", "value": "1"}]}})",
        "forbidden sysctls (a, b)");
    add("appArmor", "baseline", R"({"securityContext": {"appArmorProfile": {"type": "Unconfined"}}})",
        "forbidden AppArmor profile (pod must not set AppArmor profile type to \"Unconfined\")");
    add("baseline allows the restricted faults", "baseline",
        R"({"securityContext": null, "containers": [{"name": "a", "image": "x"}]})", "");
    add("allowPrivilegeEscalation", "restricted",
        R"({"containers": [{"name": "a", "image": "x", "securityContext": {"capabilities": {"drop": ["ALL"]}}}]})",
        "allowPrivilegeEscalation != false (container \"a\" must set securityContext.allowPrivilegeEscalation=false)");
    add("drop ALL", "restricted",
        R"({"containers": [{"name": "a", "image": "x", "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"add": ["NET_BIND_SERVICE", "CHOWN"]}}}]})",
        "unrestricted capabilities (container \"a\" must set securityContext.capabilities.drop=[\"ALL\"]; "
        "container \"a\" must not include \"CHOWN\" in securityContext.capabilities.add)");
    add("restricted volume types", "restricted",
        R"({"volumes": [{"name": "a", "hostPath": {"path": "/a"}}, {"name": "b", "emptyDir": {}}, {"name": "c", "nfs": {"server": "s", "path": "/"}}]})",
        "restricted volume types (volumes \"a\", \"c\" use restricted volume types \"hostPath\", \"nfs\")");
    add("runAsNonRoot missing", "restricted", R"({"securityContext": {"runAsNonRoot": null}})",
        "runAsNonRoot != true (pod or container \"a\" must set securityContext.runAsNonRoot=true)");
    add("runAsNonRoot false", "restricted", R"({"securityContext": {"runAsNonRoot": false}})",
        "runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)");
    add("runAsUser 0", "restricted", R"({"securityContext": {"runAsUser": 0}})",
        "runAsUser=0 (pod must not set runAsUser=0)");
    add("seccomp missing", "restricted", R"({"securityContext": {"seccompProfile": null}})",
        "seccompProfile (pod or container \"a\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
    add("seccomp unconfined restricted", "restricted", R"({"securityContext": {"seccompProfile": {"type": "Unconfined"}}})",
        "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")");
    add("baseline first, then restricted", "restricted",
        R"({"hostNetwork": true, "securityContext": null, "containers": [{"name": "a", "image": "x", "securityContext": {"privileged": true}}]})",
        "host namespaces (hostNetwork), privileged (container \"a\" must not set securityContext.privileged=true), "
        "allowPrivilegeEscalation != false (container \"a\" must set securityContext.allowPrivilegeEscalation=false), "
        "unrestricted capabilities (container \"a\" must set securityContext.capabilities.drop=[\"ALL\"]), "
        "runAsNonRoot != true (pod or container \"a\" must set securityContext.runAsNonRoot=true), "
        "seccompProfile (pod or container \"a\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
    add("privileged level allows all", "privileged", R"({"hostNetwork": true})", "");
}

void TestPodSecurity::checks()
{
    QFETCH(QString, level);
    QFETCH(QByteArray, patch);
    QFETCH(QString, expected);
    Json spec = restrictedSpec();
    spec.merge_patch(Json::parse(patch.toStdString()));
    auto failed = core::evaluatePodSecurity(level.toStdString(), Json::object(), spec);
    QCOMPARE(QString::fromStdString(core::forbiddenDetail(failed)), expected);
}

void TestPodSecurity::restrictedPodPasses()
{
    QVERIFY(core::evaluatePodSecurity("restricted", Json::object(), restrictedSpec()).empty());
}

void TestPodSecurity::policyLabels()
{
    Json ns = {{"metadata", {{"name", "x"}, {"labels", {{"pod-security.kubernetes.io/enforce", "baseline"},
                                                         {"pod-security.kubernetes.io/enforce-version", "v1.30"}}}}}};
    core::PodSecurityPolicy p = core::podSecurityPolicyOf(ns);
    QCOMPARE(p.enforceLevel, std::string("baseline"));
    QCOMPARE(p.enforceVersion, std::string("v1.30"));
    QCOMPARE(p.warnLevel, std::string("baseline")); // follows enforce
    QCOMPARE(p.warnVersion, std::string("v1.30"));
    ns["metadata"]["labels"]["pod-security.kubernetes.io/warn"] = "restricted";
    p = core::podSecurityPolicyOf(ns);
    QCOMPARE(p.warnLevel, std::string("restricted"));
    QCOMPARE(p.warnVersion, std::string("latest"));
    QCOMPARE(core::podSecurityPolicyOf(Json::object()).enforceLevel, std::string("privileged"));
}

void TestPodSecurity::enforceAndWarn()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(Json{{"apiVersion", "v1"}, {"kind", "Namespace"},
                                {"metadata", {{"name", "secure"}, {"labels", {{"pod-security.kubernetes.io/enforce", "baseline"},
                                                                              {"pod-security.kubernetes.io/warn", "restricted"}}}}}}));
    Json pod = {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", "web"}, {"namespace", "secure"}}},
                {"spec", {{"containers", Json::array({Json{{"name", "web"}, {"image", "nginx"}}})}}}};
    (void)core::takeWarnings(*engine);
    QVERIFY(engine->create(pod));
    auto warnings = core::takeWarnings(*engine);
    QCOMPARE(warnings.size(), std::size_t(1));
    QCOMPARE(warnings[0],
             std::string("would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container "
                         "\"web\" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities "
                         "(container \"web\" must set securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true "
                         "(pod or container \"web\" must set securityContext.runAsNonRoot=true), seccompProfile (pod or "
                         "container \"web\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or "
                         "\"Localhost\")"));
    Json host = pod;
    host["metadata"]["name"] = "host";
    host["spec"]["hostNetwork"] = true;
    auto refused = engine->create(host);
    QVERIFY(!refused);
    QCOMPARE(refused.error().message,
             std::string("pods \"host\" is forbidden: violates PodSecurity \"baseline:latest\": host namespaces (hostNetwork)"));
    QVERIFY(core::takeWarnings(*engine).empty()); // a refused request carries no warning
    // Components' requests are not warned (their clients log them).
    Json other = pod;
    other["metadata"]["name"] = "other";
    QVERIFY(engine->create(other, core::RequestContext::component("replicaset-controller")));
    QVERIFY(core::takeWarnings(*engine).empty());
}

void TestPodSecurity::workloadsWarnOnly()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(Json{{"apiVersion", "v1"}, {"kind", "Namespace"},
                                {"metadata", {{"name", "locked"}, {"labels", {{"pod-security.kubernetes.io/enforce", "restricted"}}}}}}));
    Json deploy = Json::parse(R"({"apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "locked"},
        "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}},
                              "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}})");
    (void)core::takeWarnings(*engine);
    QVERIFY(engine->create(deploy));
    auto warnings = core::takeWarnings(*engine);
    QCOMPARE(warnings.size(), std::size_t(1));
    QVERIFY(warnings[0].starts_with("would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false"));
    engine->settle(core::kMinute);
    QVERIFY(engine->list("Pod", "locked").empty());
    bool failedCreate = false;
    for (const core::ObjectPtr& e : engine->list("Event", "locked"))
        if (e->value("reason", "") == "FailedCreate" &&
            e->value("message", "").find("is forbidden: violates PodSecurity \"restricted:latest\"") != std::string::npos)
            failedCreate = true;
    QVERIFY(failedCreate);
}

QTEST_GUILESS_MAIN(TestPodSecurity)
#include "tst_podsecurity.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The simulated commands of `klab exec` over a settled lab: nslookup (busybox 1.28's
// output), curl/wget through kube-proxy to an endpoint, curl's failure texts, the service
// environment variables (kubelet's envvars), valueFrom, and connection tracing with
// NetworkPolicy; over many requests the endpoints are picked as the rules say.
#include <QTest>

#include <map>

#include "core/network/connection.h"
#include "core/network/podexec.h"
#include "core/network/serviceenv.h"
#include "support/networklab.h"

namespace core = kubelab::core;
namespace net = kubelab::core::net;
using core::Json;

class TestPodExec : public QObject {
    Q_OBJECT

private slots:
    void init();
    void nslookup();
    void curlThroughService();
    void curlFailures();
    void curlTheLoadBalancer();
    void serviceEnv();
    void containerEnv();
    void distribution();
    void networkPolicyDrops();
    void internalTrafficPolicyLocal();
    void throughAnIngress();
    void unknownCommand();
    void volumeFiles();

private:
    core::ObjectPtr pod(const std::string& name) const { return m_engine->get(core::ObjectKey{"Pod", "default", name}); }
    net::ExecResult run(const std::string& podName, std::vector<std::string> argv)
    {
        auto p = pod(podName);
        if (!p)
            return {"", "no pod", 99};
        return net::execInPod(*m_engine, *p, (*p)["spec"]["containers"][0]["name"].get<std::string>(), argv);
    }
    std::unique_ptr<core::Engine> m_engine;
};

void TestPodExec::init()
{
    m_engine = kubelab::testing::openNetworkLab();
    QVERIFY(m_engine);
    QVERIFY(m_engine->create(kubelab::testing::labNode("node-1")));
    QVERIFY(m_engine->create(kubelab::testing::labNode("node-2")));
    QVERIFY(m_engine->create(kubelab::testing::labDeployment("web", 3)));
    QVERIFY(m_engine->create(kubelab::testing::labService("web")));
    QVERIFY(m_engine->create(kubelab::testing::labPod("busybox")));
    m_engine->settle(5 * core::kMinute);
    QCOMPARE(core::stringAt(*pod("busybox"), Json::json_pointer("/status/phase")), std::string("Running"));
}

void TestPodExec::nslookup()
{
    auto r = run("busybox", {"nslookup", "kubernetes.default"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, std::string("Server:    10.96.0.10\n"
                                "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
                                "Name:      kubernetes.default\n"
                                "Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n"));
    auto missing = run("busybox", {"nslookup", "nope"});
    QCOMPARE(missing.exitCode, 1);
    QCOMPARE(missing.err, std::string("nslookup: can't resolve 'nope'\n"));
}

void TestPodExec::curlThroughService()
{
    auto r = run("busybox", {"wget", "-qO-", "http://web"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.find("<title>Welcome to nginx!</title>") != std::string::npos);
    auto curl = run("busybox", {"curl", "-s", "web.default.svc.cluster.local:80/"});
    QCOMPARE(curl.exitCode, 0);
    QVERIFY(curl.out.starts_with("<!DOCTYPE html>"));
    auto verbose = run("busybox", {"curl", "-v", "http://web/"});
    QVERIFY(verbose.err.find("* [klab] kube-proxy@") != std::string::npos);
    QVERIFY(verbose.err.find("DNAT ") != std::string::npos);
    auto notFound = run("busybox", {"curl", "http://web/missing"});
    QVERIFY(notFound.out.find("404 Not Found") != std::string::npos);
}

void TestPodExec::curlFailures()
{
    QCOMPARE(run("busybox", {"curl", "http://nope/"}).err, std::string("curl: (6) Could not resolve host: nope\n"));
    QCOMPARE(run("busybox", {"curl", "http://nope/"}).exitCode, 6);
    QCOMPARE(run("busybox", {"wget", "-qO-", "http://nope/"}).err, std::string("wget: bad address 'nope'\n"));
    // A Service without endpoints: kube-proxy REJECTs.
    QVERIFY(m_engine->create(kubelab::testing::labService("empty")));
    m_engine->settle(core::kMinute);
    auto r = run("busybox", {"curl", "http://empty/"});
    QCOMPARE(r.exitCode, 7);
    QCOMPARE(r.err, std::string("curl: (7) Failed to connect to empty port 80 after 0 ms: Couldn't connect to server\n"));
    // A port the Service does not have: no rule matches; the SYN goes nowhere.
    auto timeout = run("busybox", {"curl", "--connect-timeout", "5", "http://web:8080/"});
    QCOMPARE(timeout.exitCode, 28);
    QCOMPARE(timeout.err, std::string("curl: (28) Failed to connect to web port 8080 after 5000 ms: Timeout was reached\n"));
}

void TestPodExec::curlTheLoadBalancer()
{
    // Made a LoadBalancer, web gets the lab pool's first address; kube-proxy's rules catch it
    // on the client's node and send it to an endpoint.
    Json web = *m_engine->get(core::ObjectKey{"Service", "default", "web"});
    web["spec"]["type"] = "LoadBalancer";
    QVERIFY(m_engine->update(web));
    m_engine->settle(core::kMinute);
    auto r = run("busybox", {"curl", "-v", "http://172.18.255.200/"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.starts_with("<!DOCTYPE html>"));
    QVERIFY2(r.err.find("172.18.255.200:80 is the load balancer IP of default/web:http, rule KUBE-EXT-") != std::string::npos,
             r.err.c_str());
}

void TestPodExec::serviceEnv()
{
    auto web = m_engine->get(core::ObjectKey{"Service", "default", "web"});
    QVERIFY(web);
    const std::string ip = core::stringAt(*web, Json::json_pointer("/spec/clusterIP"));
    net::EnvList expected = {
        {"WEB_SERVICE_HOST", ip},
        {"WEB_SERVICE_PORT", "80"},
        {"WEB_SERVICE_PORT_HTTP", "80"},
        {"WEB_PORT", "tcp://" + ip + ":80"},
        {"WEB_PORT_80_TCP", "tcp://" + ip + ":80"},
        {"WEB_PORT_80_TCP_PROTO", "tcp"},
        {"WEB_PORT_80_TCP_PORT", "80"},
        {"WEB_PORT_80_TCP_ADDR", ip},
    };
    QVERIFY(net::serviceEnvVars(*web) == expected);
    auto env = net::serviceEnvFor(*m_engine, *pod("busybox"));
    std::map<std::string, std::string> m(env.begin(), env.end());
    QCOMPARE(m["KUBERNETES_SERVICE_HOST"], std::string("10.96.0.1"));
    QCOMPARE(m["KUBERNETES_SERVICE_PORT_HTTPS"], std::string("443"));
    QCOMPARE(m["KUBERNETES_PORT_443_TCP"], std::string("tcp://10.96.0.1:443"));
    QVERIFY(m.contains("WEB_SERVICE_HOST"));
    QVERIFY(!m.contains("KUBE_DNS_SERVICE_HOST")); // other namespaces stay out
}

void TestPodExec::containerEnv()
{
    Json cm = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "cfg"}, {"namespace", "default"}}},
               {"data", {{"mode", "fast"}}}};
    Json secret = {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "pw"}, {"namespace", "default"}}},
                   {"data", {{"password", "czNjcjN0"}}}};
    QVERIFY(m_engine->create(cm));
    QVERIFY(m_engine->create(secret));
    Json p = kubelab::testing::labPod("envpod");
    p["spec"]["containers"][0]["env"] = Json::parse(R"json([
      {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
      {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
      {"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "mode"}}},
      {"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "pw", "key": "password"}}},
      {"name": "GREETING", "value": "hello $(POD_NAME) $$(POD_NAME)"},
      {"name": "WEB_SERVICE_PORT", "value": "8080"}])json");
    QVERIFY(m_engine->create(p));
    m_engine->settle(5 * core::kMinute);
    auto r = run("envpod", {"env"});
    QCOMPARE(r.exitCode, 0);
    for (const char* line : {"POD_NAME=envpod\n", "MODE=fast\n", "PASSWORD=s3cr3t\n", "GREETING=hello envpod $(POD_NAME)\n",
                             "WEB_SERVICE_PORT=8080\n", "HOSTNAME=envpod\n", "KUBERNETES_SERVICE_HOST=10.96.0.1\n"})
        QVERIFY2(r.out.find(line) != std::string::npos, line);
    QVERIFY(r.out.find("WEB_SERVICE_PORT=80\n") == std::string::npos); // the pod's own value wins
    QCOMPARE(run("envpod", {"hostname"}).out, std::string("envpod\n"));
}

void TestPodExec::distribution()
{
    auto web = m_engine->get(core::ObjectKey{"Service", "default", "web"});
    const std::string ip = core::stringAt(*web, Json::json_pointer("/spec/clusterIP"));
    auto client = pod("busybox");
    constexpr int kRuns = 3000;
    std::map<std::string, int> counts;
    for (int i = 0; i < kRuns; ++i) {
        auto t = net::traceConnection(*m_engine, *client, ip, 80);
        QVERIFY(t.outcome == net::ConnectOutcome::Connected);
        ++counts[t.endpoint->ip];
    }
    QCOMPARE(counts.size(), std::size_t(3));
    for (auto& [endpoint, n] : counts)
        QVERIFY2(std::abs(n - kRuns / 3) < kRuns / 15, qPrintable(QString::number(n)));
    // IPVS round robin: exactly one each, in turn.
    m_engine->setProxyMode("ipvs");
    std::map<std::string, int> rr;
    for (int i = 0; i < 30; ++i)
        ++rr[net::traceConnection(*m_engine, *client, ip, 80).endpoint->ip];
    for (auto& [endpoint, n] : rr)
        QCOMPARE(n, 10);
}

void TestPodExec::networkPolicyDrops()
{
    Json deny = Json::parse(R"({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
      "metadata": {"name": "web-deny", "namespace": "default"},
      "spec": {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"]}})");
    QVERIFY(m_engine->create(deny));
    auto r = run("busybox", {"curl", "http://web/"});
    QCOMPARE(r.exitCode, 7);
    QCOMPARE(r.err, std::string("curl: (7) Failed to connect to web port 80 after 127000 ms: Couldn't connect to server\n"));
    auto v = run("busybox", {"curl", "-v", "-m", "3", "http://web/"});
    QCOMPARE(v.exitCode, 28);
    QVERIFY(v.err.find("denied (isolated by default/web-deny)") != std::string::npos);
    Json allow = Json::parse(R"({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
      "metadata": {"name": "web-allow-busybox", "namespace": "default"},
      "spec": {"podSelector": {"matchLabels": {"app": "web"}},
               "ingress": [{"from": [{"podSelector": {"matchLabels": {"run": "busybox"}}}], "ports": [{"port": 80}]}]}})");
    QVERIFY(m_engine->create(allow));
    QCOMPARE(run("busybox", {"curl", "http://web/"}).exitCode, 0);
}

void TestPodExec::internalTrafficPolicyLocal()
{
    // proxier_test.go TestInternalTrafficPolicy: with `internalTrafficPolicy: Local` a pod
    // reaches the cluster IP's endpoints on its own node only; with none there, DROP.
    Json solo = kubelab::testing::labDeployment("solo", 1)["spec"]["template"];
    solo["apiVersion"] = "v1";
    solo["kind"] = "Pod";
    solo["metadata"]["name"] = "solo";
    solo["metadata"]["namespace"] = "default";
    solo["spec"]["nodeName"] = "node-1";
    QVERIFY(m_engine->create(solo));
    for (const char* client : {"near", "far"}) {
        Json p = kubelab::testing::labPod(client);
        p["spec"]["nodeName"] = client == std::string("near") ? "node-1" : "node-2";
        QVERIFY(m_engine->create(p));
    }
    Json svc = kubelab::testing::labService("solo");
    svc["spec"]["internalTrafficPolicy"] = "Local";
    QVERIFY(m_engine->create(svc));
    m_engine->settle(core::kMinute);

    auto near = run("near", {"curl", "-v", "http://solo/"});
    QCOMPARE(near.exitCode, 0);
    QVERIFY2(near.err.find("is the cluster IP of default/solo:http, rule KUBE-SVL-") != std::string::npos, near.err.c_str());
    QVERIFY2(near.err.find("same node") != std::string::npos, near.err.c_str());

    auto far = run("far", {"curl", "-v", "-m", "3", "http://solo/"});
    QCOMPARE(far.exitCode, 28);
    QVERIFY2(far.err.find("kube-proxy@node-2: default/solo:http has no local endpoints: DROP") != std::string::npos,
             far.err.c_str());
    QCOMPARE(run("far", {"curl", "http://solo/"}).err,
             std::string("curl: (7) Failed to connect to solo port 80 after 127000 ms: Couldn't connect to server\n"));

    // The default policy again: the other node's endpoint is reachable.
    svc = *m_engine->get(core::ObjectKey{"Service", "default", "solo"});
    svc["spec"]["internalTrafficPolicy"] = "Cluster";
    QVERIFY(m_engine->update(svc));
    m_engine->settle(core::kMinute);
    auto again = run("far", {"curl", "-v", "http://solo/"});
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.err.find("rule KUBE-SVC-") != std::string::npos, again.err.c_str());
}

void TestPodExec::throughAnIngress()
{
    // A request to a node's port 80 goes through the ingress controller; its story names the
    // Ingress, the Service and the endpoint (the canvas draws it through the gate).
    Json ingress = Json::parse(R"({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
      "metadata": {"name": "shop", "namespace": "default"},
      "spec": {"rules": [{"host": "shop.example.com", "http": {"paths": [
        {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}},
        {"path": "/old", "pathType": "Exact", "backend": {"service": {"name": "gone", "port": {"number": 80}}}}]}}]}})");
    QVERIFY(m_engine->create(ingress));
    m_engine->settle(core::kMinute);
    std::string nodeIp;
    for (const Json& a : (*m_engine->get(core::ObjectKey{"Node", "", "node-1"}))["status"]["addresses"])
        if (a.value("type", "") == "InternalIP")
            nodeIp = a.value("address", "");
    std::vector<core::StoryEvent> told;
    const int listener = m_engine->addStoryListener([&told](const core::StoryEvent& e) {
        if (e.component == "ingress-nginx")
            told.push_back(e);
    });
    const auto request = [&](const std::string& host, const std::string& path) {
        return run("busybox", {"curl", "-s", "-H", "Host: " + host, "http://" + nodeIp + path});
    };
    QVERIFY(request("shop.example.com", "/").out.starts_with("<!DOCTYPE html>"));
    QVERIFY(request("other.example.com", "/").out.find("404 Not Found") != std::string::npos);
    QVERIFY(request("shop.example.com", "/old").out.find("503 Service Temporarily Unavailable") != std::string::npos);
    m_engine->removeStoryListener(listener);
    QCOMPARE(told.size(), std::size_t(3));
    QCOMPARE(told[0].action, std::string("Routed"));
    QCOMPARE(told[0].data.value("ingress", ""), std::string("default/shop"));
    QCOMPARE(told[0].data.value("service", ""), std::string("default/web"));
    QVERIFY(told[0].data.value("pod", "").starts_with("web-"));
    QVERIFY2(told[0].message.starts_with("busybox asked for shop.example.com/: the ingress controller matched "
                                         "Ingress default/shop and sent it to Service web:80, endpoint 10.244."),
             told[0].message.c_str());
    QCOMPARE(told[1].action, std::string("NotFound"));
    QCOMPARE(told[1].message, std::string("busybox asked for other.example.com/: no Ingress rule matches and there "
                                          "is no default backend, nginx answered 404"));
    QCOMPARE(told[2].action, std::string("Unavailable"));
    QCOMPARE(told[2].data.value("serviceName", ""), std::string("gone"));
}

void TestPodExec::unknownCommand()
{
    auto r = run("busybox", {"ps", "aux"});
    QCOMPARE(r.exitCode, 127);
    QVERIFY(r.err.find("not simulated") != std::string::npos);
    // Files outside the container's volumes are not simulated either.
    r = run("busybox", {"ls", "/"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.find("only the files of the container's volumes are simulated") != std::string::npos);
    QCOMPARE(run("busybox", {"cat", "/etc/resolv.conf"}).out,
             std::string("search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n"
                         "options ndots:5\n"));
    QCOMPARE(run("busybox", {"sh", "-c", "hostname"}).out, std::string("busybox\n"));
}

void TestPodExec::volumeFiles()
{
    // Two containers share an emptyDir; a configMap, a secret and the downward API show as
    // read-only files; a claim's volume keeps what a pod wrote for the next pod.
    Json objects = Json::parse(R"json([
      {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "site", "namespace": "default"},
       "data": {"mode": "lab", "motd": "hi"}},
      {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds", "namespace": "default"},
       "data": {"password": "czNjcjN0"}},
      {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "fast"},
       "provisioner": "ebs.csi.aws.com"},
      {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data", "namespace": "default"},
       "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "fast",
                "resources": {"requests": {"storage": "1Gi"}}}}])json");
    for (const Json& o : objects)
        QVERIFY(m_engine->create(o));
    auto makePod = [&] {
        Json p = Json::parse(R"json({"apiVersion": "v1", "kind": "Pod",
          "metadata": {"name": "files", "namespace": "default", "labels": {"app": "files", "tier": "web"}},
          "spec": {
            "containers": [
              {"name": "web", "image": "nginx:1.27", "volumeMounts": [
                 {"name": "shared", "mountPath": "/usr/share/nginx/html"},
                 {"name": "site", "mountPath": "/etc/site"},
                 {"name": "creds", "mountPath": "/etc/creds"},
                 {"name": "info", "mountPath": "/etc/podinfo"},
                 {"name": "data", "mountPath": "/data"},
                 {"name": "data", "mountPath": "/data-ro", "readOnly": true}]},
              {"name": "writer", "image": "busybox:1.28", "command": ["sleep", "3600"],
               "volumeMounts": [{"name": "shared", "mountPath": "/out"}]}],
            "volumes": [
              {"name": "shared", "emptyDir": {}},
              {"name": "site", "configMap": {"name": "site", "items": [{"key": "mode", "path": "conf/mode"}]}},
              {"name": "creds", "secret": {"secretName": "creds"}},
              {"name": "info", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}},
                                                         {"path": "name", "fieldRef": {"fieldPath": "metadata.name"}}]}},
              {"name": "data", "persistentVolumeClaim": {"claimName": "data"}}]}})json");
        QVERIFY(m_engine->create(p));
        m_engine->settle(5 * core::kMinute);
    };
    makePod();
    auto in = [&](const std::string& container, std::vector<std::string> argv) {
        auto p = pod("files");
        return p ? net::execInPod(*m_engine, *p, container, argv) : net::ExecResult{"", "no pod", 99};
    };
    QCOMPARE(in("writer", {"sh", "-c", "echo hello > /out/index.html"}).exitCode, 0);
    QCOMPARE(in("writer", {"sh", "-c", "echo -n again >> /out/index.html"}).exitCode, 0);
    QCOMPARE(in("web", {"cat", "/usr/share/nginx/html/index.html"}).out, std::string("hello\nagain"));
    QCOMPARE(in("web", {"ls", "/etc/site"}).out, std::string("conf\n"));
    QCOMPARE(in("web", {"cat", "/etc/site/conf/mode"}).out, std::string("lab"));
    QCOMPARE(in("web", {"cat", "/etc/creds/password"}).out, std::string("s3cr3t"));
    QCOMPARE(in("web", {"cat", "/etc/podinfo/labels"}).out, std::string("app=\"files\"\ntier=\"web\""));
    QCOMPARE(in("web", {"cat", "/etc/podinfo/name"}).out, std::string("files"));
    auto refused = in("web", {"sh", "-c", "echo x > /etc/site/x"});
    QCOMPARE(refused.exitCode, 1);
    QCOMPARE(refused.err, std::string("sh: can't create /etc/site/x: Read-only file system\n"));
    QCOMPARE(in("web", {"sh", "-c", "echo x > /data-ro/x"}).exitCode, 1); // readOnly mount
    auto missing = in("web", {"cat", "/data/nothing"});
    QCOMPARE(missing.exitCode, 1);
    QCOMPARE(missing.err, std::string("cat: can't open '/data/nothing': No such file or directory\n"));
    QCOMPARE(in("web", {"sh", "-c", "echo kept > /data/state"}).exitCode, 0);
    QCOMPARE(in("web", {"cat", "/data-ro/state"}).out, std::string("kept\n")); // the same volume

    // A new pod: its emptyDir is new and empty, the claim's volume still holds the file.
    QVERIFY(m_engine->remove(core::ObjectKey{"Pod", "default", "files"}));
    m_engine->settle(5 * core::kMinute);
    makePod();
    QCOMPARE(in("web", {"ls", "/usr/share/nginx/html"}).out, std::string());
    QCOMPARE(in("web", {"cat", "/data/state"}).out, std::string("kept\n"));
}

QTEST_APPLESS_MAIN(TestPodExec)
#include "tst_podexec.moc"

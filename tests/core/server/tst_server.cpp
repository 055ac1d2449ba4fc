// SPDX-License-Identifier: GPL-3.0-or-later
// `klab serve`'s API server over raw HTTP on a free loopback port: discovery documents,
// the resource verbs, Status errors, Tables, watch streams, and the lab unchanged after
// every refusal.
#include <QTest>

#include <map>
#include <string>

#include "core/api/encoding.h"
#include "core/auth/users.h"
#include "core/server/http.h"
#include "core/server/servertesting.h"

namespace core = kubelab::core;
using core::Json;
using namespace servertesting;

namespace {

std::string configMap(const std::string& name, const std::string& value = "v")
{
    return Json{{"apiVersion", "v1"},
                {"kind", "ConfigMap"},
                {"metadata", {{"name", name}, {"labels", {{"app", name}}}}},
                {"data", {{"key", value}}}}
        .dump();
}

void addNode(core::Engine& engine, const std::string& name)
{
    Json capacity = {{"cpu", "4"}, {"memory", "8Gi"}, {"pods", "110"}};
    Json node = {{"apiVersion", "v1"}, {"kind", "Node"},
                 {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}}}}},
                 {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
    QVERIFY(engine.create(node).has_value());
    (void)engine.settle(core::kMinute);
}

std::string revisionOf(int port)
{
    return request(port, "GET", "/api/v1/namespaces/default/configmaps").json()["metadata"].value("resourceVersion", "");
}

} // namespace

class TestServer : public QObject {
    Q_OBJECT

private slots:
    void httpParser_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<int>("state"); // 0 incomplete, 1 complete, 2 failed
        QTest::addColumn<int>("error");
        QTest::addRow("get") << "GET /api HTTP/1.1\r\nHost: x\r\n\r\n" << 1 << 0;
        QTest::addRow("partial head") << "GET /api HTTP/1.1\r\nHost:" << 0 << 0;
        QTest::addRow("partial body") << "POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc" << 0 << 0;
        QTest::addRow("chunked") << "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" << 1 << 0;
        QTest::addRow("too large") << "POST /a HTTP/1.1\r\nContent-Length: 99999\r\n\r\n" << 2 << 413;
        QTest::addRow("bad length") << "POST /a HTTP/1.1\r\nContent-Length: x\r\n\r\n" << 2 << 400;
        QTest::addRow("bad line") << "NONSENSE\r\n\r\n" << 2 << 400;
    }
    void httpParser()
    {
        QFETCH(QString, raw);
        QFETCH(int, state);
        QFETCH(int, error);
        core::server::HttpParser parser(1000);
        std::string buffer = raw.toStdString();
        core::server::HttpRequest request;
        auto s = parser.parse(buffer, request);
        QCOMPARE(static_cast<int>(s), state);
        if (s == core::server::HttpParser::State::Failed)
            QCOMPARE(parser.errorStatus(), error);
        if (s == core::server::HttpParser::State::Complete && request.method == "POST")
            QCOMPARE(request.body, std::string("abc"));
    }

    void queryDecoding()
    {
        core::server::HttpParser parser(1000);
        std::string buffer = "GET /api/v1/pods?labelSelector=app%3Dweb%2Ctier+in+%28a%29&limit=5 HTTP/1.1\r\n\r\n";
        core::server::HttpRequest request;
        QVERIFY(parser.parse(buffer, request) == core::server::HttpParser::State::Complete);
        QCOMPARE(request.path, std::string("/api/v1/pods"));
        QCOMPARE(request.param("labelSelector").value_or(""), std::string("app=web,tier in (a)"));
        QCOMPARE(request.param("limit").value_or(""), std::string("5"));
        QVERIFY(buffer.empty());
    }

    void discovery()
    {
        ServedLab lab;
        QVERIFY(lab.port > 0);
        lab.start();
        Reply version = request(lab.port, "GET", "/version", {}, {}, false);
        QCOMPARE(version.status, 200);
        QCOMPARE(version.json().value("gitVersion", ""), std::string("v1.31.0"));
        QCOMPARE(version.json().value("minor", ""), std::string("31"));

        Json api = request(lab.port, "GET", "/api").json();
        QCOMPARE(api.value("kind", ""), std::string("APIVersions"));
        QVERIFY(api["versions"] == Json::array({"v1"}));

        Json v1 = request(lab.port, "GET", "/api/v1").json();
        QCOMPARE(v1.value("groupVersion", ""), std::string("v1"));
        bool pods = false;
        bool log = false;
        bool exec = false;
        for (const Json& r : v1["resources"]) {
            if (r["name"] == "pods") {
                pods = true;
                QVERIFY(r["shortNames"] == Json::array({"po"}));
                QVERIFY(r["categories"] == Json::array({"all"}));
                QCOMPARE(r["namespaced"].get<bool>(), true);
                QVERIFY(r["verbs"] == Json::array({"create", "delete", "deletecollection", "get", "list", "patch",
                                                   "update", "watch"}));
            }
            if (r["name"] == "pods/log")
                log = true;
            if (r["name"] == "pods/exec") {
                exec = true;
                QCOMPARE(r.value("kind", ""), std::string("PodExecOptions"));
                QVERIFY(r["verbs"] == Json::array({"create", "get"}));
            }
        }
        QVERIFY(pods && log && exec);

        Json groups = request(lab.port, "GET", "/apis").json();
        QCOMPARE(groups.value("kind", ""), std::string("APIGroupList"));
        bool apps = false;
        for (const Json& g : groups["groups"])
            if (g["name"] == "apps" && g["preferredVersion"]["groupVersion"] == "apps/v1")
                apps = true;
        QVERIFY(apps);

        Json appsV1 = request(lab.port, "GET", "/apis/apps/v1").json();
        bool deploy = false;
        for (const Json& r : appsV1["resources"])
            if (r["name"] == "deployments" && r["shortNames"] == Json::array({"deploy"}) && r["kind"] == "Deployment")
                deploy = true;
        QVERIFY(deploy);
        Json hpa = request(lab.port, "GET", "/apis/autoscaling/v2").json();
        QCOMPARE(hpa.value("groupVersion", ""), std::string("autoscaling/v2"));

        Reply unknown = request(lab.port, "GET", "/apis/example.com/v1");
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.json().value("kind", ""), std::string("Status"));
        QCOMPARE(unknown.json().value("reason", ""), std::string("NotFound"));
    }

    void roundTrip()
    {
        ServedLab lab;
        lab.start();
        const std::string base = "/api/v1/namespaces/default/configmaps";
        Reply created = request(lab.port, "POST", base, configMap("c1"));
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json()["metadata"].value("namespace", ""), std::string("default"));
        QVERIFY(!created.json()["metadata"].value("uid", "").empty());

        Reply again = request(lab.port, "POST", base, configMap("c1"));
        QCOMPARE(again.status, 409);
        Json status = again.json();
        QCOMPARE(status.value("status", ""), std::string("Failure"));
        QCOMPARE(status.value("reason", ""), std::string("AlreadyExists"));
        QCOMPARE(status.value("message", ""), std::string("configmaps \"c1\" already exists"));
        QCOMPARE(status["details"].value("kind", ""), std::string("configmaps"));
        QCOMPARE(status["code"].get<int>(), 409);

        QCOMPARE(request(lab.port, "POST", base, configMap("c2")).status, 201);
        Reply got = request(lab.port, "GET", base + "/c1");
        QCOMPARE(got.status, 200);
        QCOMPARE(got.json()["data"].value("key", ""), std::string("v"));

        Json list = request(lab.port, "GET", base + "?labelSelector=app%3Dc2").json();
        QCOMPARE(list.value("kind", ""), std::string("ConfigMapList"));
        QCOMPARE(list["items"].size(), std::size_t(1));
        QCOMPARE(list["items"][0]["metadata"].value("name", ""), std::string("c2"));
        Json byField = request(lab.port, "GET", base + "?fieldSelector=metadata.name%3Dc1").json();
        QCOMPARE(byField["items"].size(), std::size_t(1));

        // limit / continue
        Json page1 = request(lab.port, "GET", base + "?labelSelector=app&limit=1").json();
        QCOMPARE(page1["items"].size(), std::size_t(1));
        std::string next = page1["metadata"].value("continue", "");
        QVERIFY(!next.empty());
        Json page2 = request(lab.port, "GET", base + "?labelSelector=app&limit=1&continue=" + next).json();
        QCOMPARE(page2["items"].size(), std::size_t(1));
        QVERIFY(page2["items"][0]["metadata"]["name"] != page1["items"][0]["metadata"]["name"]);
        QVERIFY(!page2["metadata"].contains("continue"));
        // The token is the API server's: the list's revision and the key after the last item.
        auto token = core::decodeBase64Url(next);
        QVERIFY(token);
        QCOMPARE(*token, "{\"v\":\"meta.k8s.io/v1\",\"rv\":" + page1["metadata"].value("resourceVersion", "") +
                             ",\"start\":\"c1\\u0000\"}");
        // A continued list is the state of the first page: a later object is not in it, and
        // without a selector the page says how many are left.
        QCOMPARE(request(lab.port, "POST", base, configMap("c3")).status, 201);
        Json rest = request(lab.port, "GET", base + "?continue=" + next).json();
        QCOMPARE(rest["metadata"].value("resourceVersion", ""), page1["metadata"].value("resourceVersion", ""));
        QVERIFY(!rest["items"].empty());
        QCOMPARE(rest["items"][0]["metadata"].value("name", ""), std::string("c2"));
        for (const Json& item : rest["items"])
            QVERIFY(item["metadata"].value("name", "") != "c3");
        const std::size_t all = request(lab.port, "GET", base).json()["items"].size();
        Json first = request(lab.port, "GET", base + "?limit=1").json();
        QCOMPARE(first["metadata"].value("remainingItemCount", std::int64_t{0}), std::int64_t(all) - 1);
        // Bad tokens: DecodeContinue's texts in a BadRequest.
        auto refusal = [&](const std::string& query) {
            Reply r = request(lab.port, "GET", base + "?" + query);
            return std::to_string(r.status) + " " + r.json().value("message", "");
        };
        QCOMPARE(refusal("continue=%21%21"), std::string("400 invalid continue token: continue key is not valid: illegal base64 "
                                                         "data at input byte 0"));
        const std::string dotDot = core::encodeBase64(R"({"v":"meta.k8s.io/v1","rv":5,"start":"../secrets/x"})", core::Base64Alphabet::Url);
        QCOMPARE(refusal("continue=" + dotDot),
                 std::string("400 invalid continue token: continue key is not valid: ../secrets/x"));
        const std::string noRv = core::encodeBase64(R"({"v":"meta.k8s.io/v1","start":"c1"})", core::Base64Alphabet::Url);
        QCOMPARE(refusal("continue=" + noRv), std::string("400 invalid continue token: continue key is not valid: incorrect "
                                                           "encoded start resourceVersion (version meta.k8s.io/v1)"));
        const std::string v2 = core::encodeBase64(R"({"v":"meta.k8s.io/v2","rv":5,"start":"c1"})", core::Base64Alphabet::Url);
        QCOMPARE(refusal("continue=" + v2), std::string("400 invalid continue token: continue key is not valid: server does "
                                                         "not recognize this encoded version meta.k8s.io/v2"));
        QCOMPARE(refusal("resourceVersion=3&continue=" + next),
                 std::string("400 specifying resource version is not allowed when using continue"));

        Reply merged = request(lab.port, "PATCH", base + "/c1", "{\"data\":{\"key\":\"merged\"}}",
                               "Content-Type: application/merge-patch+json\r\n");
        QCOMPARE(merged.status, 200);
        QCOMPARE(merged.json()["data"].value("key", ""), std::string("merged"));
        Reply jsonPatch = request(lab.port, "PATCH", base + "/c1",
                                  "[{\"op\":\"replace\",\"path\":\"/data/key\",\"value\":\"json\"}]",
                                  "Content-Type: application/json-patch+json\r\n");
        QCOMPARE(jsonPatch.json()["data"].value("key", ""), std::string("json"));
        Reply strategic = request(lab.port, "PATCH", base + "/c1",
                                  "{\"data\":{\"other\":\"x\"},\"$setElementOrder/x\":[]}",
                                  "Content-Type: application/strategic-merge-patch+json\r\n");
        QCOMPARE(strategic.status, 200);
        QCOMPARE(strategic.json()["data"].value("other", ""), std::string("x"));
        QVERIFY(!strategic.json().contains("$setElementOrder/x"));

        Json replaced = got.json();
        replaced["data"]["key"] = "put";
        replaced["metadata"].erase("resourceVersion");
        Reply put = request(lab.port, "PUT", base + "/c1", replaced.dump());
        QCOMPARE(put.status, 200);
        QCOMPARE(put.json()["data"].value("key", ""), std::string("put"));

        QCOMPARE(request(lab.port, "DELETE", base + "/c1").status, 200);
        Reply gone = request(lab.port, "GET", base + "/c1");
        QCOMPARE(gone.status, 404);
        QCOMPARE(gone.json().value("message", ""), std::string("configmaps \"c1\" not found"));
        QCOMPARE(gone.json()["details"].value("name", ""), std::string("c1"));
    }

    void refusalsLeaveTheLabUnchanged_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("reason");
        const QString cms = "/api/v1/namespaces/default/configmaps";
        QTest::addRow("malformed json") << "POST" << cms << "{\"kind\": " << 400 << "BadRequest";
        QTest::addRow("unknown kind") << "POST" << "/api/v1/namespaces/default/widgets" << QString::fromStdString(configMap("w"))
                                      << 404 << "NotFound";
        QTest::addRow("unknown group") << "GET" << "/apis/example.com/v1/things" << "" << 404 << "NotFound";
        QTest::addRow("invalid") << "POST" << cms
                                 << "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"Bad_Name\"}}"
                                 << 422 << "Invalid";
        QTest::addRow("not found patch") << "PATCH" << cms + "/missing" << "{}" << 404 << "NotFound";
        QTest::addRow("wrong namespace") << "POST" << cms
                                         << "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\",\"namespace\":\"kube-system\"}}"
                                         << 400 << "BadRequest";
    }
    void refusalsLeaveTheLabUnchanged()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(QString, body);
        QFETCH(int, status);
        QFETCH(QString, reason);
        ServedLab lab;
        lab.start();
        const std::string before = revisionOf(lab.port);
        Reply r = request(lab.port, method.toStdString(), path.toStdString(), body.toStdString(),
                          method == "PATCH" ? "Content-Type: application/merge-patch+json\r\n" : "");
        QCOMPARE(r.status, status);
        QCOMPARE(r.json().value("kind", ""), std::string("Status"));
        QCOMPARE(r.json().value("apiVersion", ""), std::string("v1"));
        QCOMPARE(r.json().value("status", ""), std::string("Failure"));
        QCOMPARE(QString::fromStdString(r.json().value("reason", "")), reason);
        QCOMPARE(r.json()["code"].get<int>(), status);
        QVERIFY(!r.json().value("message", "").empty());
        QCOMPARE(revisionOf(lab.port), before);
    }

    void invalidStatusCarriesCauses()
    {
        ServedLab lab;
        lab.start();
        Json deploy = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"},
                       {"metadata", {{"name", "web"}}},
                       {"spec", {{"replicas", -1}, {"selector", {{"matchLabels", {{"app", "web"}}}}},
                                 {"template", {{"metadata", {{"labels", {{"app", "web"}}}}},
                                               {"spec", {{"containers", Json::array({Json{{"name", "web"}, {"image", "nginx"}}})}}}}}}}};
        Reply r = request(lab.port, "POST", "/apis/apps/v1/namespaces/default/deployments", deploy.dump());
        QCOMPARE(r.status, 422);
        Json s = r.json();
        QCOMPARE(s["details"].value("kind", ""), std::string("Deployment"));
        QCOMPARE(s["details"].value("group", ""), std::string("apps"));
        QVERIFY(s["details"]["causes"].size() >= 1);
        QCOMPARE(s["details"]["causes"][0].value("field", ""), std::string("spec.replicas"));
        QVERIFY(s.value("message", "").starts_with("Deployment.apps \"web\" is invalid: spec.replicas: "));
    }

    void oversizedBody()
    {
        ServedLab lab(0, 4096);
        lab.start();
        const std::string before = revisionOf(lab.port);
        Reply r = request(lab.port, "POST", "/api/v1/namespaces/default/configmaps", configMap("big", std::string(8000, 'x')));
        QCOMPARE(r.status, 413);
        QCOMPARE(r.json().value("kind", ""), std::string("Status"));
        QCOMPARE(r.json()["code"].get<int>(), 413);
        QCOMPARE(revisionOf(lab.port), before);
        QCOMPARE(request(lab.port, "GET", "/api/v1/namespaces/default/configmaps/big").status, 404);
    }

    void authentication()
    {
        ServedLab lab;
        lab.start();
        Reply anonymous = request(lab.port, "GET", "/api/v1/pods", {}, {}, false);
        QCOMPARE(anonymous.status, 401);
        QCOMPARE(anonymous.json().value("reason", ""), std::string("Unauthorized"));
        Reply badToken = request(lab.port, "GET", "/api/v1/pods", {}, "Authorization: Bearer nope\r\n", false);
        QCOMPARE(badToken.status, 401);
        // Impersonating a user without rights: RBAC's 403 with upstream's text.
        Reply jane = request(lab.port, "GET", "/api/v1/namespaces/default/configmaps", {}, "Impersonate-User: jane\r\n");
        QCOMPARE(jane.status, 403);
        QCOMPARE(jane.json().value("reason", ""), std::string("Forbidden"));
        QCOMPARE(jane.json().value("message", ""),
                 std::string("configmaps is forbidden: User \"jane\" cannot list resource \"configmaps\" in API group \"\" "
                             "in the namespace \"default\""));
        Reply write = request(lab.port, "POST", "/api/v1/namespaces/default/configmaps", configMap("j"),
                              "Impersonate-User: jane\r\n");
        QCOMPARE(write.status, 403);
        QCOMPARE(request(lab.port, "GET", "/api/v1/namespaces/default/configmaps/j").status, 404);
    }

    void certificates()
    {
        core::Engine::Options options;
        options.createIfMissing = true;
        auto engine = std::move(*core::Engine::open(options));
        auto ca = core::server::labCertificateAuthority(*engine);
        QVERIFY(ca.has_value());
        QVERIFY(ca->certificate.starts_with("-----BEGIN CERTIFICATE-----"));
        QCOMPARE(core::server::certificateSubject(ca->certificate)->commonName, std::string("kubernetes"));
        // Kept in the lab: asked again, the same CA.
        QCOMPARE(core::server::labCertificateAuthority(*engine)->certificate, ca->certificate);
        auto client = core::server::issueClientCertificate(*ca, "jane", {"dev", "qa"});
        QVERIFY(client.has_value());
        auto subject = core::server::certificateSubject(client->certificate);
        QCOMPARE(subject->commonName, std::string("jane"));
        QVERIFY((subject->organizations == std::vector<std::string>{"dev", "qa"}));
        QVERIFY(!core::server::issueClientCertificate(*ca, "", {}).has_value());
        QVERIFY(!core::server::certificateSubject("not a certificate").has_value());
        QVERIFY(!core::server::issueServingCertificate(core::server::KeyPair{"x", "y"}, "127.0.0.1").has_value());
    }

    void httpsHandshake_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("trusted");
        QTest::addRow("127.0.0.1") << "127.0.0.1" << true;
        QTest::addRow("localhost") << "localhost" << true;
        QTest::addRow("kubernetes.default.svc") << "kubernetes.default.svc" << true;
        QTest::addRow("another name") << "example.com" << false;
        QTest::addRow("another address") << "10.0.0.1" << false;
    }
    void httpsHandshake()
    {
        QFETCH(QString, host);
        QFETCH(bool, trusted);
        ServedLab lab(0, 3 * 1024 * 1024, ServedLab::Transport::Https);
        QVERIFY(lab.port > 0);
        QVERIFY(lab.server->url().starts_with("https://127.0.0.1:"));
        lab.start();
        // The serving certificate verifies with the lab's CA (what the kubeconfig carries)
        // for the names it was issued for, and only those.
        TlsClient client(lab.port, lab.ca.certificate, host.toStdString());
        QCOMPARE(client.connected(), trusted);
        if (!trusted)
            return;
        client.send(requestText("GET", "/version", {}, {}, true));
        Reply r = parseReply(client.read());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("gitVersion", ""), std::string("v1.31.0"));
    }

    void httpsRefusesOtherCas()
    {
        ServedLab lab(0, 3 * 1024 * 1024, ServedLab::Transport::Https);
        lab.start();
        // Another lab's CA does not vouch for this server...
        core::Engine::Options options;
        options.createIfMissing = true;
        auto other = std::move(*core::Engine::open(options));
        auto otherCa = *core::server::labCertificateAuthority(*other);
        QVERIFY(otherCa.certificate != lab.ca.certificate);
        TlsClient stranger(lab.port, otherCa.certificate, "127.0.0.1");
        QVERIFY(!stranger.connected());
        QVERIFY(stranger.verifyResult() != X509_V_OK);
        // ...nor for a client: its certificate fails the handshake.
        auto forged = *core::server::issueClientCertificate(otherCa, "kubernetes-admin", {"kubeadm:cluster-admins"});
        TlsClient impostor(lab.port, lab.ca.certificate, "127.0.0.1", forged);
        bool refused = !impostor.connected();
        if (!refused) { // TLS 1.3: the server's verdict arrives after the client's Finished
            impostor.send(requestText("GET", "/api/v1/namespaces/default/configmaps", {}, {}, true));
            refused = parseReply(impostor.read()).status == 0;
        }
        QVERIFY(refused);
        // A plain HTTP request on the HTTPS port: Go's answer.
        int fd = connectTo(lab.port);
        sendAll(fd, requestText("GET", "/version", {}, {}, true));
        std::string data;
        char buf[4096];
        pollfd p{fd, POLLIN, 0};
        while (::poll(&p, 1, 10000) > 0) {
            ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            data.append(buf, static_cast<std::size_t>(n));
        }
        ::close(fd);
        QCOMPARE(data, std::string("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"));
    }

    void httpsAuthentication()
    {
        ServedLab lab(0, 3 * 1024 * 1024, ServedLab::Transport::Https);
        // A token user with no rights besides its token.
        core::Kubeconfig config = core::Kubeconfig::load(*lab.engine);
        config.users.push_back(core::LabUser{"tom", true, "tom-token", {"testers"}});
        config.save(*lab.engine);
        QVERIFY(lab.engine->commit().has_value());
        lab.start();
        const std::string path = "/api/v1/namespaces/default/configmaps";
        // Client certificates: CN is the user, O the groups.
        auto admin = *core::server::issueClientCertificate(lab.ca, "kubernetes-admin", {"kubeadm:cluster-admins"});
        Reply ok = tlsRequest(lab.port, lab.ca.certificate, "GET", path, {}, admin);
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.json().value("kind", ""), std::string("ConfigMapList"));
        Reply created = tlsRequest(lab.port, lab.ca.certificate, "POST", path, {}, admin, configMap("tls"));
        QCOMPARE(created.status, 201);
        auto jane = *core::server::issueClientCertificate(lab.ca, "jane", {"dev"});
        Reply forbidden = tlsRequest(lab.port, lab.ca.certificate, "GET", path, {}, jane);
        QCOMPARE(forbidden.status, 403);
        QCOMPARE(forbidden.json().value("message", ""),
                 std::string("configmaps is forbidden: User \"jane\" cannot list resource \"configmaps\" in API group \"\" "
                             "in the namespace \"default\""));
        // The groups come from the certificate: O=kubeadm:cluster-admins makes jane an admin.
        auto janeAdmin = *core::server::issueClientCertificate(lab.ca, "jane", {"kubeadm:cluster-admins"});
        QCOMPARE(tlsRequest(lab.port, lab.ca.certificate, "GET", path, {}, janeAdmin).status, 200);
        // A bearer token maps to the lab's token user.
        Reply tom = tlsRequest(lab.port, lab.ca.certificate, "GET", path, "Authorization: Bearer tom-token\r\n");
        QCOMPARE(tom.status, 403);
        QVERIFY2(tom.json().value("message", "").find("User \"tom\" cannot list") != std::string::npos, tom.body.c_str());
        // kubectl auth whoami's SelfSubjectReview: who each credential is.
        const std::string review = "/apis/authentication.k8s.io/v1/selfsubjectreviews";
        const std::string body = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}";
        Reply whoJane = tlsRequest(lab.port, lab.ca.certificate, "POST", review, {}, jane, body);
        QCOMPARE(whoJane.status, 201);
        QVERIFY2((whoJane.json()["status"]["userInfo"] ==
                  Json{{"username", "jane"}, {"groups", Json::array({"dev", "system:authenticated"})}}),
                 whoJane.body.c_str());
        Reply whoTom = tlsRequest(lab.port, lab.ca.certificate, "POST", review, "Authorization: Bearer tom-token\r\n",
                                  std::nullopt, body);
        QCOMPARE(whoTom.json()["status"]["userInfo"].value("username", ""), std::string("tom"));
        QVERIFY((whoTom.json()["status"]["userInfo"]["groups"] == Json::array({"testers", "system:authenticated"})));
        // No credentials, an unknown token, and plain HTTP's stand-in for a certificate: 401.
        QCOMPARE(tlsRequest(lab.port, lab.ca.certificate, "GET", path).status, 401);
        QCOMPARE(tlsRequest(lab.port, lab.ca.certificate, "GET", path, "Authorization: Bearer nope\r\n").status, 401);
        QCOMPARE(tlsRequest(lab.port, lab.ca.certificate, "GET", path,
                            std::string("Authorization: Bearer ") + kAdminToken + "\r\n").status,
                 401);
    }

    void openApi_data()
    {
        QTest::addColumn<QString>("accept");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("contentType");
        QTest::addRow("kubectl") << "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" << 200
                                 << "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
        QTest::addRow("json") << "application/json" << 200 << "application/json";
        QTest::addRow("none") << "" << 200 << "application/json";
        QTest::addRow("html") << "text/html" << 406 << "";
    }

    void openApi()
    {
        // kube-openapi's handler: the media type asked for, Vary: Accept, the ETag of the
        // document whatever its encoding, and 304 to a client that already has it.
        QFETCH(QString, accept);
        QFETCH(int, status);
        QFETCH(QString, contentType);
        ServedLab lab;
        lab.start();
        const std::string acceptHeader = accept.isEmpty() ? std::string() : "Accept: " + accept.toStdString() + "\r\n";
        Reply r = request(lab.port, "GET", "/openapi/v2", {}, acceptHeader);
        QCOMPARE(r.status, status);
        QVERIFY2(r.headers.find("Vary: Accept\r\n") != std::string::npos, r.headers.c_str());
        if (status != 200)
            return;
        QVERIFY2(r.headers.find("Content-Type: " + contentType.toStdString() + "\r\n") != std::string::npos, r.headers.c_str());
        if (contentType == "application/json")
            QCOMPARE(r.json().value("swagger", ""), std::string("2.0"));
        else
            QVERIFY(r.body.starts_with("\x0a\x03" "2.0")); // field 1 (swagger), 3 bytes
        const std::size_t at = r.headers.find("Etag: \"");
        QVERIFY(at != std::string::npos);
        const std::string etag = r.headers.substr(at + 6, r.headers.find("\r\n", at) - at - 6);
        QCOMPARE(etag.size(), std::size_t(130));
        Reply again = request(lab.port, "GET", "/openapi/v2", {}, acceptHeader + "If-None-Match: " + etag + "\r\n");
        QCOMPARE(again.status, 304);
        QVERIFY(again.body.empty());
    }

    void table()
    {
        ServedLab lab;
        lab.start();
        QCOMPARE(request(lab.port, "POST", "/api/v1/namespaces/default/configmaps", configMap("t1")).status, 201);
        Reply r = request(lab.port, "GET", "/api/v1/namespaces/default/configmaps", {},
                          "Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json\r\n");
        QCOMPARE(r.status, 200);
        Json t = r.json();
        QCOMPARE(t.value("kind", ""), std::string("Table"));
        QCOMPARE(t.value("apiVersion", ""), std::string("meta.k8s.io/v1"));
        QCOMPARE(t["columnDefinitions"][0].value("name", ""), std::string("Name"));
        QCOMPARE(t["columnDefinitions"][0].value("format", ""), std::string("name"));
        QCOMPARE(t["columnDefinitions"][1].value("name", ""), std::string("Data"));
        bool found = false;
        for (const Json& row : t["rows"])
            if (row["cells"][0] == "t1") {
                found = true;
                QCOMPARE(row["cells"][1].get<std::string>(), std::string("1"));
                QCOMPARE(row["object"].value("kind", ""), std::string("PartialObjectMetadata"));
            }
        QVERIFY(found);
        Json nodesTable = request(lab.port, "GET", "/api/v1/pods", {}, "Accept: application/json;as=Table;v=v1;g=meta.k8s.io\r\n").json();
        std::vector<std::string> names;
        for (const Json& c : nodesTable["columnDefinitions"])
            names.push_back(c.value("name", ""));
        QVERIFY((names == std::vector<std::string>{"Name", "Ready", "Status", "Restarts", "Age", "IP", "Node",
                                                   "Nominated Node", "Readiness Gates"}));
    }

    void watch()
    {
        ServedLab lab;
        lab.start();
        QCOMPARE(request(lab.port, "POST", "/api/v1/namespaces/default/configmaps", configMap("w0")).status, 201);
        const std::string rv = revisionOf(lab.port);
        int fd = connectTo(lab.port);
        QVERIFY(fd >= 0);
        sendAll(fd, requestText("GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + rv, {},
                                std::string("Authorization: Bearer ") + kAdminToken + "\r\n", false));
        QCOMPARE(request(lab.port, "POST", "/api/v1/namespaces/default/configmaps", configMap("w1")).status, 201);
        QCOMPARE(request(lab.port, "PATCH", "/api/v1/namespaces/default/configmaps/w1", "{\"data\":{\"key\":\"2\"}}",
                         "Content-Type: application/merge-patch+json\r\n").status, 200);
        QCOMPARE(request(lab.port, "DELETE", "/api/v1/namespaces/default/configmaps/w1").status, 200);
        auto events = readWatch(fd, 3, 5000);
        ::close(fd);
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[0].value("type", ""), std::string("ADDED"));
        QCOMPARE(events[0]["object"]["metadata"].value("name", ""), std::string("w1"));
        QCOMPARE(events[1].value("type", ""), std::string("MODIFIED"));
        QCOMPARE(events[1]["object"]["data"].value("key", ""), std::string("2"));
        QCOMPARE(events[2].value("type", ""), std::string("DELETED"));
        QVERIFY(std::stoll(events[2]["object"]["metadata"].value("resourceVersion", "0")) > std::stoll(rv));

        // Without a resourceVersion the watch starts with the objects there are.
        int fd2 = connectTo(lab.port);
        sendAll(fd2, requestText("GET", "/api/v1/namespaces/default/configmaps?watch=1&fieldSelector=metadata.name%3Dw0", {},
                                 std::string("Authorization: Bearer ") + kAdminToken + "\r\n", false));
        auto initial = readWatch(fd2, 1, 5000);
        ::close(fd2);
        QCOMPARE(initial.size(), std::size_t(1));
        QCOMPARE(initial[0].value("type", ""), std::string("ADDED"));
        QCOMPARE(initial[0]["object"]["metadata"].value("name", ""), std::string("w0"));
    }

    void watchBookmarks()
    {
        core::server::ServerOptions options;
        options.bookmarkInterval = std::chrono::milliseconds(200);
        ServedLab lab(0, 3 * 1024 * 1024, ServedLab::Transport::Http, options);
        lab.start();
        const std::string auth = std::string("Authorization: Bearer ") + kAdminToken + "\r\n";
        const std::string base = "/api/v1/namespaces/default/configmaps";
        int fd = connectTo(lab.port);
        sendAll(fd, requestText("GET", base + "?watch=true&allowWatchBookmarks=true", {}, auth, false));
        int quiet = connectTo(lab.port);
        sendAll(quiet, requestText("GET", base + "?watch=true", {}, auth, false));
        int table = connectTo(lab.port);
        sendAll(table, requestText("GET", base + "?watch=true&allowWatchBookmarks=1", {},
                                   auth + "Accept: application/json;as=Table;v=v1;g=meta.k8s.io\r\n", false));
        QCOMPARE(request(lab.port, "POST", base, configMap("b1")).status, 201);
        const std::string rv = revisionOf(lab.port);
        // ADDED, then a BOOKMARK with only the resourceVersion the watch reached.
        auto events = readWatch(fd, 2, 20000);
        ::close(fd);
        QCOMPARE(events.size(), std::size_t(2));
        QCOMPARE(events[0].value("type", ""), std::string("ADDED"));
        QCOMPARE(events[1].value("type", ""), std::string("BOOKMARK"));
        QVERIFY(events[1]["object"] == (Json{{"kind", "ConfigMap"}, {"apiVersion", "v1"},
                                             {"metadata", Json{{"resourceVersion", rv}}}}));
        auto tableEvents = readWatch(table, 2, 20000);
        ::close(table);
        QCOMPARE(tableEvents.size(), std::size_t(2));
        QCOMPARE(tableEvents[1].value("type", ""), std::string("BOOKMARK"));
        QCOMPARE(tableEvents[1]["object"].value("kind", ""), std::string("Table"));
        QVERIFY(tableEvents[1]["object"]["rows"] == Json::array());
        QCOMPARE(tableEvents[1]["object"]["metadata"].value("resourceVersion", ""), rv);
        // Without allowWatchBookmarks, none (five intervals later, only the ADDED event).
        auto plain = readWatch(quiet, 2, 1000);
        ::close(quiet);
        QCOMPARE(plain.size(), std::size_t(1));
        QCOMPARE(plain[0].value("type", ""), std::string("ADDED"));
    }

    void watchTimeout()
    {
        core::server::ServerOptions options;
        options.minRequestTimeout = std::chrono::milliseconds(300);
        ServedLab lab(0, 3 * 1024 * 1024, ServedLab::Transport::Http, options);
        lab.start();
        const std::string auth = std::string("Authorization: Bearer ") + kAdminToken + "\r\n";
        const std::string base = "/api/v1/namespaces/default/configmaps";
        QCOMPARE(request(lab.port, "POST", base, configMap("t0")).status, 201);
        auto readToEnd = [](int fd, const std::string& until) {
            std::string data;
            char buf[4096];
            auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (data.find(until) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
                pollfd p{fd, POLLIN, 0};
                if (::poll(&p, 1, 100) <= 0)
                    continue;
                ssize_t n = ::recv(fd, buf, sizeof buf, 0);
                if (n <= 0)
                    break;
                data.append(buf, static_cast<std::size_t>(n));
            }
            return data;
        };
        // timeoutSeconds ends the stream (its last chunk); the connection stays for the next request.
        int fd = connectTo(lab.port);
        sendAll(fd, requestText("GET", base + "?watch=true&timeoutSeconds=1", {}, auth, false));
        std::string data = readToEnd(fd, "\r\n0\r\n\r\n");
        QVERIFY2(data.find("\"ADDED\"") != std::string::npos, data.c_str());
        QVERIFY2(data.ends_with("\r\n0\r\n\r\n"), data.c_str());
        sendAll(fd, requestText("GET", "/version", {}, {}, true));
        QVERIFY(readToEnd(fd, "v1.31.0").find("v1.31.0") != std::string::npos);
        ::close(fd);
        // Bookmarks on: one 2 s before the deadline, though a minute has not passed.
        int bookmarked = connectTo(lab.port);
        sendAll(bookmarked, requestText("GET", base + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=3", {}, auth, false));
        data = readToEnd(bookmarked, "\r\n0\r\n\r\n");
        ::close(bookmarked);
        QVERIFY2(data.find("\"BOOKMARK\"") != std::string::npos, data.c_str());
        QVERIFY(data.find("\"BOOKMARK\"") > data.find("\"ADDED\""));
        QVERIFY(data.ends_with("\r\n0\r\n\r\n"));
        // Without timeoutSeconds, the server's own timeout (here 0.3 to 0.6 s) ends the watch.
        int defaulted = connectTo(lab.port);
        sendAll(defaulted, requestText("GET", base + "?watch=true", {}, auth, false));
        data = readToEnd(defaulted, "\r\n0\r\n\r\n");
        ::close(defaulted);
        QVERIFY2(data.ends_with("\r\n0\r\n\r\n"), data.c_str());
        // A timeoutSeconds that is not a number: 400 with apimachinery's text.
        Reply bad = request(lab.port, "GET", base + "?watch=true&timeoutSeconds=soon");
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json().value("message", ""), std::string("strconv.ParseInt: parsing \"soon\": invalid syntax"));
    }

    void listAtResourceVersion()
    {
        ServedLab lab;
        lab.start();
        const std::string base = "/api/v1/namespaces/default/configmaps";
        auto names = [](const Json& list) {
            std::map<std::string, std::string> out; // name -> data.key
            for (const Json& item : list["items"])
                if (item["metadata"].contains("labels"))
                    out[item["metadata"].value("name", "")] = item["data"].value("key", "");
            return out;
        };
        using Names = std::map<std::string, std::string>;
        QCOMPARE(request(lab.port, "POST", base, configMap("r1")).status, 201);
        const std::string rv1 = revisionOf(lab.port);
        QCOMPARE(request(lab.port, "POST", base, configMap("r2")).status, 201);
        const std::string rv2 = revisionOf(lab.port);
        QCOMPARE(request(lab.port, "PATCH", base + "/r1", "{\"data\":{\"key\":\"new\"}}",
                         "Content-Type: application/merge-patch+json\r\n").status, 200);
        QCOMPARE(request(lab.port, "DELETE", base + "/r2").status, 200);
        const std::string now = revisionOf(lab.port);

        // Exact: the lab as it was at that revision, from its revision log.
        Reply at1 = request(lab.port, "GET", base + "?resourceVersion=" + rv1 + "&resourceVersionMatch=Exact");
        QCOMPARE(at1.status, 200);
        QVERIFY((names(at1.json()) == Names{{"r1", "v"}}));
        QCOMPARE(at1.json()["metadata"].value("resourceVersion", ""), rv1);
        Reply at2 = request(lab.port, "GET", base + "?resourceVersion=" + rv2 + "&resourceVersionMatch=Exact");
        QVERIFY((names(at2.json()) == Names{{"r1", "v"}, {"r2", "v"}}));
        Reply table = request(lab.port, "GET", base + "?labelSelector=app%3Dr2&resourceVersion=" + rv2 + "&resourceVersionMatch=Exact",
                              {}, "Accept: application/json;as=Table;v=v1;g=meta.k8s.io\r\n");
        QCOMPARE(table.json()["rows"].size(), std::size_t(1));
        QCOMPARE(table.json()["metadata"].value("resourceVersion", ""), rv2);
        // NotOlderThan (and a bare resourceVersion, and 0): the current state.
        for (const std::string& query : {"?resourceVersion=" + rv1 + "&resourceVersionMatch=NotOlderThan",
                                         "?resourceVersion=" + rv1, std::string("?resourceVersion=0")}) {
            Reply r = request(lab.port, "GET", base + query);
            QCOMPARE(r.status, 200);
            QVERIFY2((names(r.json()) == Names{{"r1", "new"}}), query.c_str());
            QCOMPARE(r.json()["metadata"].value("resourceVersion", ""), now);
        }

        // A revision the lab has not reached: upstream's 504.
        const std::string future = std::to_string(std::stoll(now) + 100);
        for (const char* match : {"", "&resourceVersionMatch=Exact", "&resourceVersionMatch=NotOlderThan"}) {
            Reply r = request(lab.port, "GET", base + "?resourceVersion=" + future + match);
            QCOMPARE(r.status, 504);
            QCOMPARE(r.json().value("reason", ""), std::string("Timeout"));
            QCOMPARE(r.json().value("message", ""), "Timeout: Too large resource version: " + future + ", current: " + now);
            QCOMPARE(r.json()["details"]["causes"][0].value("reason", ""), std::string("ResourceVersionTooLarge"));
        }
        // Bad options: ValidateListOptions' texts, and the versioner's for a non-number.
        struct Bad {
            std::string query;
            int status;
            std::string message;
        };
        const std::vector<Bad> bad = {
            {"?resourceVersionMatch=Exact", 422,
             "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is "
             "forbidden unless resourceVersion is provided"},
            {"?resourceVersion=0&resourceVersionMatch=Exact", 422,
             "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" "
             "is forbidden for resourceVersion \"0\""},
            {"?resourceVersion=1&resourceVersionMatch=Sometime", 422,
             "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Unsupported value: \"Sometime\": supported "
             "values: \"Exact\", \"NotOlderThan\", \"\""},
            {"?resourceVersion=1&resourceVersionMatch=Exact&continue=2", 422,
             "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is "
             "forbidden when continue is provided"},
            {"?resourceVersionMatch=Sometime", 422,
             "ListOptions.meta.k8s.io \"\" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch is "
             "forbidden unless resourceVersion is provided, resourceVersionMatch: Unsupported value: \"Sometime\": "
             "supported values: \"Exact\", \"NotOlderThan\", \"\"]"},
            {"?resourceVersion=soon", 500,
             "resourceVersion: Invalid value: \"soon\": strconv.ParseUint: parsing \"soon\": invalid syntax"},
            {"?resourceVersion=-1", 500,
             "resourceVersion: Invalid value: \"-1\": strconv.ParseUint: parsing \"-1\": invalid syntax"},
        };
        for (const Bad& b : bad) {
            Reply r = request(lab.port, "GET", base + b.query);
            QCOMPARE(r.status, b.status);
            QCOMPARE(r.json().value("message", ""), b.message);
        }
        QCOMPARE(request(lab.port, "GET", base + "?resourceVersionMatch=Exact").json()["details"].value("kind", ""),
                 std::string("ListOptions"));
    }

    void keepAlive()
    {
        ServedLab lab;
        lab.start();
        int fd = connectTo(lab.port);
        const std::string auth = std::string("Authorization: Bearer ") + kAdminToken + "\r\n";
        sendAll(fd, requestText("GET", "/api", {}, auth, false) + requestText("GET", "/apis", {}, auth, false));
        std::string data;
        char buf[65536];
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (data.find("APIGroupList") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 100) > 0) {
                ssize_t r = ::recv(fd, buf, sizeof buf, 0);
                if (r <= 0)
                    break;
                data.append(buf, static_cast<std::size_t>(r));
            }
        }
        ::close(fd);
        QVERIFY(data.find("APIVersions") != std::string::npos);
        QVERIFY(data.find("APIGroupList") != std::string::npos);
    }

    void followLog()
    {
        // 10 virtual seconds per wall second: the container writes a line every 20 s of its
        // time, and stops after the third.
        ServedLab lab(10);
        addNode(*lab.engine, "node-1");
        Json pod = {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", "ticker"}}},
                    {"spec", {{"nodeName", "node-1"},
                              {"containers", Json::array({Json{{"name", "c"}, {"image", "busybox"},
                                                               {"command", Json::array({"sh", "-c",
                                                                   "echo one; sleep 20; echo two; sleep 20; echo three"})}}})}}}};
        QVERIFY(lab.engine->create(pod).has_value());
        lab.start();
        const std::string log = "/api/v1/namespaces/default/pods/ticker/log";
        Reply first;
        for (int i = 0; i < 300 && first.body.find("one") == std::string::npos; ++i) {
            QTest::qWait(100);
            first = request(lab.port, "GET", log);
        }
        QCOMPARE(first.body.substr(0, 4), std::string("one\n"));
        QVERIFY2(first.headers.find("Content-Length") != std::string::npos, first.headers.c_str());
        // follow: chunked, the lines so far, then each line as the container writes it, and
        // the end of the stream when the container stops.
        int fd = connectTo(lab.port);
        sendAll(fd, requestText("GET", log + "?follow=true", {}, std::string("Authorization: Bearer ") + kAdminToken + "\r\n", false));
        std::string data;
        char buf[4096];
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (data.find("\r\n0\r\n\r\n") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0)
                continue;
            ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            data.append(buf, static_cast<std::size_t>(n));
        }
        QVERIFY2(data.starts_with("HTTP/1.1 200 OK\r\n"), data.c_str());
        QVERIFY(data.find("Transfer-Encoding: chunked") != std::string::npos);
        // Dechunked, the whole log once.
        std::string body;
        std::size_t pos = data.find("\r\n\r\n") + 4;
        while (pos < data.size()) {
            auto eol = data.find("\r\n", pos);
            std::size_t size = std::stoul(data.substr(pos, eol - pos), nullptr, 16);
            if (size == 0)
                break;
            body += data.substr(eol + 2, size);
            pos = eol + 2 + size + 2;
        }
        QCOMPARE(body, std::string("one\ntwo\nthree\n"));
        // The connection serves the next request after the stream ended.
        sendAll(fd, requestText("GET", "/version", {}, {}, true));
        std::string next;
        while (true) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 10000) <= 0)
                break;
            ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            next.append(buf, static_cast<std::size_t>(n));
        }
        ::close(fd);
        QVERIFY2(next.find("v1.31.0") != std::string::npos, next.c_str());
    }

    void followLogEndsWhenTheClientGoes()
    {
        ServedLab lab(10);
        addNode(*lab.engine, "node-1");
        Json pod = {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", "server"}}},
                    {"spec", {{"nodeName", "node-1"},
                              {"containers", Json::array({Json{{"name", "c"}, {"image", "nginx"}}})}}}};
        QVERIFY(lab.engine->create(pod).has_value());
        lab.start();
        const std::string log = "/api/v1/namespaces/default/pods/server/log";
        for (int i = 0; i < 300 && request(lab.port, "GET", log).status != 200; ++i)
            QTest::qWait(100);
        // A follower that hangs up, a follower of a previous run (nothing to follow), and the
        // server still answers.
        for (int i = 0; i < 3; ++i) {
            int fd = connectTo(lab.port);
            sendAll(fd, requestText("GET", log + "?follow=true", {}, std::string("Authorization: Bearer ") + kAdminToken + "\r\n", false));
            QTest::qWait(200);
            ::close(fd);
        }
        Reply previous = request(lab.port, "GET", log + "?follow=true&previous=true");
        QCOMPARE(previous.status, 400);
        QCOMPARE(previous.json().value("message", ""), std::string("previous terminated container \"c\" in pod \"server\" not found"));
        QCOMPARE(request(lab.port, "GET", "/version").status, 200);
    }

    void deploymentRunsInServedTime()
    {
        // 600 virtual seconds per wall second: the controllers, scheduler and kubelets work.
        ServedLab lab(600);
        for (const char* name : {"node-1", "node-2"}) {
            Json capacity = {{"cpu", "4"}, {"memory", "8Gi"}, {"pods", "110"}};
            Json node = {{"apiVersion", "v1"}, {"kind", "Node"},
                         {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}}}}},
                         {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
            QVERIFY(lab.engine->create(node).has_value());
        }
        (void)lab.engine->settle(core::kMinute);
        lab.start();
        Json deploy = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"},
                       {"metadata", {{"name", "web"}}},
                       {"spec", {{"replicas", 2}, {"selector", {{"matchLabels", {{"app", "web"}}}}},
                                 {"template", {{"metadata", {{"labels", {{"app", "web"}}}}},
                                               {"spec", {{"containers", Json::array({Json{{"name", "web"}, {"image", "nginx:1.27"}}})}}}}}}}};
        QCOMPARE(request(lab.port, "POST", "/apis/apps/v1/namespaces/default/deployments", deploy.dump()).status, 201);
        int running = 0;
        for (int i = 0; i < 100 && running < 2; ++i) {
            QTest::qWait(100);
            running = 0;
            const Json pods = request(lab.port, "GET", "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb").json();
            for (const Json& p : pods["items"])
                if (p["status"].value("phase", "") == "Running")
                    ++running;
        }
        QCOMPARE(running, 2);
        // Scale through the scale subresource, as `kubectl scale` does.
        Reply scale = request(lab.port, "PATCH", "/apis/apps/v1/namespaces/default/deployments/web/scale",
                              "{\"spec\":{\"replicas\":3}}", "Content-Type: application/merge-patch+json\r\n");
        QCOMPARE(scale.status, 200);
        QCOMPARE(scale.json().value("kind", ""), std::string("Scale"));
        QCOMPARE(scale.json()["spec"]["replicas"].get<int>(), 3);
        Reply got = request(lab.port, "GET", "/apis/apps/v1/namespaces/default/deployments/web/scale");
        QCOMPARE(got.json()["status"].value("selector", ""), std::string("app=web"));
        lab.stop();
        QCOMPARE((*lab.engine->get(core::ObjectKey{"Deployment", "default", "web"}))["spec"]["replicas"].get<int>(), 3);
    }
};

QTEST_GUILESS_MAIN(TestServer)
#include "tst_server.moc"

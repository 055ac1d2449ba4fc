// SPDX-License-Identifier: GPL-3.0-or-later
// CoreDNS's kubernetes plugin over a settled lab: Service A records, headless endpoints,
// hostname.subdomain records, SRV, pod records, ExternalName CNAME, PTR, NXDOMAIN, and the
// stub resolver's search path with ndots:5.
#include <QTest>

#include "core/network/clusterdns.h"
#include "core/network/ipv4.h"
#include "support/networklab.h"

namespace core = kubelab::core;
namespace net = kubelab::core::net;
using core::Json;

class TestClusterDns : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void records_data();
    void records();
    void headlessAndSubdomain();
    void srv();
    void reverse();
    void resolvConf();
    void searchPath_data();
    void searchPath();

private:
    std::unique_ptr<core::Engine> m_engine;
};

void TestClusterDns::initTestCase()
{
    m_engine = kubelab::testing::openNetworkLab();
    QVERIFY(m_engine);
    QVERIFY(m_engine->create(kubelab::testing::labNode("node-1")));
    QVERIFY(m_engine->create(kubelab::testing::labDeployment("web", 2)));
    QVERIFY(m_engine->create(kubelab::testing::labService("web")));
    QVERIFY(m_engine->create(kubelab::testing::labDeployment("db", 2)));
    QVERIFY(m_engine->create(kubelab::testing::labService("db", "default", true)));
    Json external = {{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", {{"name", "search"}, {"namespace", "default"}}},
                     {"spec", {{"type", "ExternalName"}, {"externalName", "web.default.svc.cluster.local"}}}};
    QVERIFY(m_engine->create(external));
    // A StatefulSet-style pod: hostname + subdomain behind the headless Service `db`.
    Json named = kubelab::testing::labPod("db-0", "nginx:1.27");
    named["metadata"]["labels"] = {{"app", "db"}};
    named["spec"]["hostname"] = "db-0";
    named["spec"]["subdomain"] = "db";
    named["spec"]["containers"][0]["ports"] = Json::array({Json{{"name", "http"}, {"containerPort", 80}}});
    QVERIFY(m_engine->create(named));
    m_engine->settle(5 * core::kMinute);
}

void TestClusterDns::records_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("answer"); // first A value, "CNAME:x", or "NXDOMAIN"
    QTest::addRow("kubernetes") << "kubernetes.default.svc.cluster.local" << "10.96.0.1";
    QTest::addRow("kube-dns") << "kube-dns.kube-system.svc.cluster.local" << "10.96.0.10";
    QTest::addRow("trailing dot, upper case") << "KUBERNETES.default.svc.cluster.local." << "10.96.0.1";
    QTest::addRow("pod record") << "10-244-0-5.default.pod.cluster.local" << "10.244.0.5";
    QTest::addRow("bad pod record") << "10-244-0.default.pod.cluster.local" << "NXDOMAIN";
    QTest::addRow("missing service") << "nope.default.svc.cluster.local" << "NXDOMAIN";
    QTest::addRow("wrong namespace") << "web.kube-system.svc.cluster.local" << "NXDOMAIN";
    QTest::addRow("outside the zone") << "example.com" << "NXDOMAIN";
    QTest::addRow("external name") << "search.default.svc.cluster.local" << "CNAME:web.default.svc.cluster.local";
}

void TestClusterDns::records()
{
    QFETCH(QString, name);
    QFETCH(QString, answer);
    net::ClusterDns dns(*m_engine);
    auto r = dns.query(name.toStdString(), net::DnsType::A);
    QString got = r.nxdomain ? QStringLiteral("NXDOMAIN")
                  : r.answers.empty() ? QStringLiteral("NODATA")
                  : r.answers[0].type == "CNAME" ? QStringLiteral("CNAME:") + QString::fromStdString(r.answers[0].value)
                                                 : QString::fromStdString(r.answers[0].value);
    QCOMPARE(got, answer);
}

void TestClusterDns::headlessAndSubdomain()
{
    net::ClusterDns dns(*m_engine);
    auto web = dns.query("web.default.svc.cluster.local", net::DnsType::A);
    QCOMPARE(web.answers.size(), std::size_t(1)); // the ClusterIP
    auto db = dns.query("db.default.svc.cluster.local", net::DnsType::A);
    QCOMPARE(db.answers.size(), std::size_t(3)); // every ready pod of the headless Service
    for (const auto& a : db.answers)
        QVERIFY(a.value.starts_with("10.244."));
    auto db0 = dns.query("db-0.db.default.svc.cluster.local", net::DnsType::A);
    QCOMPARE(db0.answers.size(), std::size_t(1));
    auto pod = m_engine->get(core::ObjectKey{"Pod", "default", "db-0"});
    QVERIFY(pod);
    QCOMPARE(db0.answers[0].value, core::stringAt(*pod, Json::json_pointer("/status/podIP")));
}

void TestClusterDns::srv()
{
    net::ClusterDns dns(*m_engine);
    auto web = dns.query("_http._tcp.web.default.svc.cluster.local", net::DnsType::SRV);
    QCOMPARE(web.answers.size(), std::size_t(1));
    QCOMPARE(web.answers[0].value, std::string("web.default.svc.cluster.local"));
    QCOMPARE(web.answers[0].port, 80);
    QCOMPARE(web.answers[0].weight, 100);
    auto db = dns.query("_http._tcp.db.default.svc.cluster.local", net::DnsType::SRV);
    QCOMPARE(db.answers.size(), std::size_t(3));
    for (const auto& a : db.answers) {
        QCOMPARE(a.weight, 33); // floor(100 / 3)
        QVERIFY(a.value.ends_with(".db.default.svc.cluster.local"));
    }
    QVERIFY(dns.query("_https._tcp.web.default.svc.cluster.local", net::DnsType::SRV).nxdomain);
}

void TestClusterDns::reverse()
{
    net::ClusterDns dns(*m_engine);
    QCOMPARE(dns.reverse("10.96.0.10").value_or(""), std::string("kube-dns.kube-system.svc.cluster.local"));
    QCOMPARE(dns.query("1.0.96.10.in-addr.arpa", net::DnsType::PTR).answers.at(0).value,
             std::string("kubernetes.default.svc.cluster.local"));
    auto pod = m_engine->get(core::ObjectKey{"Pod", "default", "db-0"});
    QVERIFY(pod);
    QCOMPARE(dns.reverse(core::stringAt(*pod, Json::json_pointer("/status/podIP"))).value_or(""),
             std::string("db-0.db.default.svc.cluster.local"));
    QVERIFY(!dns.reverse("192.0.2.1"));
}

void TestClusterDns::resolvConf()
{
    Json pod = kubelab::testing::labPod("client");
    QCOMPARE(net::resolvConfFor(*m_engine, pod).text(),
             std::string("search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n"
                         "options ndots:5\n"));
    pod["spec"]["dnsPolicy"] = "None";
    pod["spec"]["dnsConfig"] = {{"nameservers", {"1.2.3.4"}}, {"searches", {"ns1.svc.cluster-domain.example"}},
                                {"options", Json::array({Json{{"name", "ndots"}, {"value", "2"}}, Json{{"name", "edns0"}}})}};
    QCOMPARE(net::resolvConfFor(*m_engine, pod).text(),
             std::string("search ns1.svc.cluster-domain.example\nnameserver 1.2.3.4\noptions ndots:2 edns0\n"));
}

void TestClusterDns::searchPath_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("fqdn");
    QTest::addRow("short name") << "web" << "web.default.svc.cluster.local";
    QTest::addRow("name.namespace") << "kubernetes.default" << "kubernetes.default.svc.cluster.local";
    QTest::addRow("name.namespace.svc") << "kube-dns.kube-system.svc" << "kube-dns.kube-system.svc.cluster.local";
    QTest::addRow("fully qualified") << "web.default.svc.cluster.local" << "web.default.svc.cluster.local";
    QTest::addRow("absolute") << "web.default.svc.cluster.local." << "web.default.svc.cluster.local";
    QTest::addRow("ExternalName followed") << "search" << "search.default.svc.cluster.local";
    QTest::addRow("missing") << "nope" << "";
}

void TestClusterDns::searchPath()
{
    QFETCH(QString, name);
    QFETCH(QString, fqdn);
    net::ClusterDns dns(*m_engine);
    auto conf = net::resolvConfFor(*m_engine, kubelab::testing::labPod("client"));
    auto r = net::resolveHost(dns, conf, name.toStdString());
    QCOMPARE(QString::fromStdString(r.found ? r.fqdn : std::string()), fqdn);
}

QTEST_APPLESS_MAIN(TestClusterDns)
#include "tst_clusterdns.moc"

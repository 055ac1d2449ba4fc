// SPDX-License-Identifier: GPL-3.0-or-later
// kube-proxy's rules: chain names and probabilities with upstream's values
// (pkg/proxy/iptables/proxier_test.go), the nat table in iptables-save form, IPVS in
// ipvsadm -Ln form, and the endpoint choice following the rules' probabilities.
#include <QTest>

#include <map>
#include <string>

#include "core/network/kubeproxy.h"
#include "core/network/kubeproxyipvs.h"
#include "core/network/sha256.h"

namespace net = kubelab::core::net;

class TestKubeProxy : public QObject {
    Q_OBJECT

private slots:
    void sha256();
    void chainNames_data();
    void chainNames();
    void probabilities_data();
    void probabilities();
    void iptablesOneEndpoint();
    void iptablesNodePortThreeEndpoints();
    void iptablesAffinityAndNoEndpoints();
    void iptablesLoadBalancerIp();
    void internalTrafficPolicy_data();
    void internalTrafficPolicy();
    void ipvs();
    void randomChoiceFollowsRules();
};

namespace {

net::ServicePort port(std::string ns, std::string name, std::string portName, std::string ip, int p,
                      std::vector<std::pair<std::string, int>> endpoints)
{
    net::ServicePort sp;
    sp.ns = std::move(ns);
    sp.service = std::move(name);
    sp.portName = std::move(portName);
    sp.clusterIp = std::move(ip);
    sp.port = p;
    for (auto& [epIp, epPort] : endpoints) {
        net::Endpoint e;
        e.ip = epIp;
        e.port = epPort;
        e.ready = e.serving = true;
        e.nodeName = "node-1";
        sp.endpoints.push_back(e);
    }
    return sp;
}

} // namespace

void TestKubeProxy::sha256()
{
    auto d = net::sha256("abc");
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(d.data()), 32).toHex(),
             QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    const std::uint8_t foobar[] = {'f', 'o', 'o', 'b', 'a', 'r'};
    QCOMPARE(net::base32(foobar, 6), std::string("MZXW6YTBOI======"));
}

void TestKubeProxy::chainNames_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("chain");
    // proxier_test.go TestOverallIPTablesRules and a kubeadm cluster's kube-dns.
    QTest::addRow("upstream svc1") << "KUBE-SVC-" << "ns1/svc1:p80" << "tcp" << "" << "KUBE-SVC-XPGD46QRK7WJZT7O";
    QTest::addRow("upstream sep1") << "" << "ns1/svc1:p80" << "tcp" << "10.180.0.1:80" << "KUBE-SEP-SXIVWICOYRO3J4NJ";
    QTest::addRow("upstream ext2") << "KUBE-EXT-" << "ns2/svc2:p80" << "tcp" << "" << "KUBE-EXT-GNZBNJ2PO5MGZ6GT";
    QTest::addRow("upstream sep2") << "" << "ns2/svc2:p80" << "tcp" << "10.180.0.2:80" << "KUBE-SEP-RS4RBKLTHTF2IUXJ";
    QTest::addRow("kubernetes") << "KUBE-SVC-" << "default/kubernetes:https" << "tcp" << "" << "KUBE-SVC-NPX46M4PTMTKRN6Y";
    QTest::addRow("kube-dns dns") << "KUBE-SVC-" << "kube-system/kube-dns:dns" << "udp" << "" << "KUBE-SVC-TCOU7JCQXEZGVUNU";
    QTest::addRow("kube-dns dns-tcp") << "KUBE-SVC-" << "kube-system/kube-dns:dns-tcp" << "tcp" << ""
                                      << "KUBE-SVC-ERIFXISQEP7F7OF4";
    QTest::addRow("kube-dns metrics") << "KUBE-SVC-" << "kube-system/kube-dns:metrics" << "tcp" << ""
                                      << "KUBE-SVC-JD5MR3NA4I4DYORP";
}

void TestKubeProxy::chainNames()
{
    QFETCH(QString, prefix);
    QFETCH(QString, name);
    QFETCH(QString, protocol);
    QFETCH(QString, endpoint);
    QFETCH(QString, chain);
    std::string got = endpoint.isEmpty()
                          ? net::servicePortChainName(prefix.toStdString(), name.toStdString(), protocol.toStdString())
                          : net::servicePortEndpointChainName(name.toStdString(), protocol.toStdString(),
                                                              endpoint.toStdString());
    QCOMPARE(QString::fromStdString(got), chain);
}

void TestKubeProxy::probabilities_data()
{
    QTest::addColumn<int>("remaining");
    QTest::addColumn<QString>("written");
    QTest::addColumn<QString>("saved");
    QTest::addRow("1/2") << 2 << "0.5000000000" << "0.50000000000";
    QTest::addRow("1/3") << 3 << "0.3333333333" << "0.33333333349";
    QTest::addRow("1/4") << 4 << "0.2500000000" << "0.25000000000";
    QTest::addRow("1/5") << 5 << "0.2000000000" << "0.20000000019";
    QTest::addRow("1/10") << 10 << "0.1000000000" << "0.10000000009";
}

void TestKubeProxy::probabilities()
{
    QFETCH(int, remaining);
    QFETCH(QString, written);
    QFETCH(QString, saved);
    QCOMPARE(QString::fromStdString(net::proxyProbability(remaining)), written);
    QCOMPARE(QString::fromStdString(net::savedProbability(written.toStdString())), saved);
}

void TestKubeProxy::iptablesOneEndpoint()
{
    // proxier_test.go's ns1/svc1 (cluster IP 172.30.0.41:80, endpoint 10.180.0.1:80,
    // cluster CIDR 10.0.0.0/8), in the form iptables-save prints the rules back.
    net::ProxyNode node{"node-1", "192.168.0.2", "10.0.0.0/8", {}};
    std::string got = net::iptablesSave({port("ns1", "svc1", "p80", "172.30.0.41", 80, {{"10.180.0.1", 80}})}, node);
    const std::string expected = R"(*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-KUBELET-CANARY - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-PROXY-CANARY - [0:0]
:KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SEP-SXIVWICOYRO3J4NJ -s 10.180.0.1/32 -m comment --comment "ns1/svc1:p80" -j KUBE-MARK-MASQ
-A KUBE-SEP-SXIVWICOYRO3J4NJ -p tcp -m comment --comment "ns1/svc1:p80" -m tcp -j DNAT --to-destination 10.180.0.1:80
-A KUBE-SERVICES -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-XPGD46QRK7WJZT7O ! -s 10.0.0.0/8 -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ
COMMIT
)";
    QVERIFY2(got == expected, got.c_str());
}

void TestKubeProxy::iptablesNodePortThreeEndpoints()
{
    net::ServicePort sp = port("ns2", "svc2", "p80", "172.30.0.42", 80,
                               {{"10.180.0.2", 80}, {"10.180.0.3", 80}, {"10.180.0.10", 80}});
    sp.nodePort = 3001;
    sp.type = "NodePort";
    net::ProxyNode node{"node-1", "192.168.0.2", "10.0.0.0/8", {}};
    std::string got = net::iptablesSave({sp}, node);
    // Endpoints in kube-proxy's order (byEndpoint: "ip:port" text), so .10 comes first.
    for (const char* line : {
             "-A KUBE-NODEPORTS -p tcp -m comment --comment \"ns2/svc2:p80\" -m tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT\n",
             "-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment \"masquerade traffic for ns2/svc2:p80 external destinations\" -j KUBE-MARK-MASQ\n",
             "-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -j KUBE-SVC-GNZBNJ2PO5MGZ6GT\n",
             "-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment \"ns2/svc2:p80 -> 10.180.0.10:80\" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-",
             "-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment \"ns2/svc2:p80 -> 10.180.0.2:80\" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-RS4RBKLTHTF2IUXJ\n",
             "-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment \"ns2/svc2:p80 -> 10.180.0.3:80\" -j KUBE-SEP-",
         })
        QVERIFY2(got.find(line) != std::string::npos, line);
}

void TestKubeProxy::iptablesLoadBalancerIp()
{
    // A LoadBalancer's ingress IP is caught in KUBE-SERVICES and sent to the external chain
    // (no loadBalancerSourceRanges, so no KUBE-FW- chain), after the cluster IP's rule.
    net::ServicePort sp = port("ns1", "svc1", "p80", "172.30.0.41", 80, {{"10.180.0.1", 80}});
    sp.type = "LoadBalancer";
    sp.nodePort = 3001;
    sp.loadBalancerIps = {"1.2.3.4"};
    net::ProxyNode node{"node-1", "192.168.0.2", "10.0.0.0/8", {}};
    std::string got = net::iptablesSave({sp}, node);
    for (const char* line : {
             "-A KUBE-SERVICES -d 1.2.3.4/32 -p tcp -m comment --comment \"ns1/svc1:p80 loadbalancer IP\" -m tcp --dport 80 -j KUBE-EXT-XPGD46QRK7WJZT7O\n",
             "-A KUBE-NODEPORTS -p tcp -m comment --comment \"ns1/svc1:p80\" -m tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O\n",
             "-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVC-XPGD46QRK7WJZT7O\n",
         })
        QVERIFY2(got.find(line) != std::string::npos, got.c_str());
    QVERIFY(got.find("172.30.0.41/32") < got.find("1.2.3.4/32"));
}

void TestKubeProxy::iptablesAffinityAndNoEndpoints()
{
    net::ServicePort sticky = port("ns1", "svc1", "p80", "172.30.0.41", 80, {{"10.180.0.1", 80}});
    sticky.clientIpAffinity = true;
    net::ServicePort empty = port("ns3", "svc3", "", "172.30.0.43", 80, {});
    net::ProxyNode node{"node-1", "192.168.0.2", "10.0.0.0/8", {}};
    std::string got = net::iptablesSave({sticky, empty}, node);
    QVERIFY(got.find("-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment \"ns1/svc1:p80 -> 10.180.0.1:80\" -m recent "
                     "--rcheck --seconds 10800 --reap --name KUBE-SEP-SXIVWICOYRO3J4NJ --mask 255.255.255.255 --rsource "
                     "-j KUBE-SEP-SXIVWICOYRO3J4NJ\n") != std::string::npos);
    QVERIFY(got.find("-A KUBE-SEP-SXIVWICOYRO3J4NJ -p tcp -m comment --comment \"ns1/svc1:p80\" -m recent --set --name "
                     "KUBE-SEP-SXIVWICOYRO3J4NJ --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination "
                     "10.180.0.1:80\n") != std::string::npos);
    // No endpoints: no nat rules at all (the REJECT lives in the filter table).
    QVERIFY(got.find("ns3/svc3") == std::string::npos);
}

void TestKubeProxy::internalTrafficPolicy_data()
{
    // proxier_test.go TestInternalTrafficPolicy: endpoints "ip@node", the proxy runs on
    // test-node; which endpoints the cluster IP reaches, in rule order.
    QTest::addColumn<bool>("local");
    QTest::addColumn<QStringList>("endpoints");
    QTest::addColumn<QStringList>("reached");
    QTest::addRow("cluster") << false << QStringList{"10.0.1.1@test-node", "10.0.1.2@node1", "10.0.1.3@node2"}
                             << QStringList{"10.0.1.1:80", "10.0.1.2:80", "10.0.1.3:80"};
    QTest::addRow("local, one local endpoint") << true << QStringList{"10.0.1.1@test-node", "10.0.1.2@node1", "10.0.1.3@node2"}
                                               << QStringList{"10.0.1.1:80"};
    QTest::addRow("local, two local endpoints") << true << QStringList{"10.0.1.1@test-node", "10.0.1.2@test-node", "10.0.1.3@node2"}
                                                << QStringList{"10.0.1.1:80", "10.0.1.2:80"};
    QTest::addRow("local, no local endpoint") << true << QStringList{"10.0.1.1@node0", "10.0.1.2@node1", "10.0.1.3@node2"}
                                              << QStringList{};
}

void TestKubeProxy::internalTrafficPolicy()
{
    QFETCH(bool, local);
    QFETCH(QStringList, endpoints);
    QFETCH(QStringList, reached);
    net::ServicePort sp = port("ns1", "svc1", "p80", "172.30.1.1", 80, {});
    sp.internalPolicyLocal = local;
    for (const QString& e : endpoints) {
        net::Endpoint ep;
        ep.ip = e.section(u'@', 0, 0).toStdString();
        ep.port = 80;
        ep.nodeName = e.section(u'@', 1).toStdString();
        ep.ready = ep.serving = true;
        sp.endpoints.push_back(ep);
    }
    net::ProxyNode node{"test-node", "192.168.0.2", "10.0.0.0/8", {}};
    const std::string got = net::iptablesSave({sp}, node);
    const std::string chain = local ? "KUBE-SVL-XPGD46QRK7WJZT7O" : "KUBE-SVC-XPGD46QRK7WJZT7O";
    const std::string capture = "-A KUBE-SERVICES -d 172.30.1.1/32 -p tcp -m comment --comment \"ns1/svc1:p80 cluster IP\" "
                                "-m tcp --dport 80 -j " + chain + "\n";
    // No endpoint here: no capture at all (the filter table's "has no local endpoints" DROP).
    QCOMPARE(got.find(capture) != std::string::npos, !reached.isEmpty());
    QStringList jumps;
    for (std::size_t at = got.find("-A " + chain + " -m comment --comment \"ns1/svc1:p80 -> "); at != std::string::npos;
         at = got.find("-A " + chain + " -m comment --comment \"ns1/svc1:p80 -> ", at + 1)) {
        const std::size_t from = got.find("-> ", at) + 3;
        jumps << QString::fromStdString(got.substr(from, got.find('"', from) - from));
    }
    QCOMPARE(jumps, reached);
    // The Local policy of a Service reachable only by its cluster IP needs no cluster chain,
    // and only the reached endpoints get a KUBE-SEP- chain.
    QCOMPARE(got.find(":KUBE-SVC-XPGD46QRK7WJZT7O") != std::string::npos, !local);
    qsizetype sepChains = 0;
    for (std::size_t at = got.find(":KUBE-SEP-"); at != std::string::npos; at = got.find(":KUBE-SEP-", at + 1))
        ++sepChains;
    QCOMPARE(sepChains, reached.size());
    // IPVS: the cluster IP's real servers are the same ones.
    QStringList reals;
    for (const net::VirtualServer& vs : net::ipvsVirtualServers({sp}, node))
        for (const net::Endpoint& e : vs.realServers)
            reals << QString::fromStdString(e.toString());
    QCOMPARE(reals, reached);
}

void TestKubeProxy::ipvs()
{
    net::ServicePort kubernetes = port("default", "kubernetes", "https", "10.96.0.1", 443, {{"172.18.0.1", 6443}});
    net::ServicePort dns = port("kube-system", "kube-dns", "dns", "10.96.0.10", 53, {{"10.244.0.3", 53}, {"10.244.0.2", 53}});
    dns.protocol = "UDP";
    net::ServicePort web = port("default", "web", "", "10.96.100.7", 80, {});
    web.nodePort = 30080;
    web.clientIpAffinity = true;
    net::ProxyNode node{"node-1", "172.18.0.2", "10.244.0.0/16", {}};
    std::string got = net::ipvsadmList(net::ipvsVirtualServers({web, kubernetes, dns}, node));
    const std::string expected = "IP Virtual Server version 1.2.1 (size=4096)\n"
                                 "Prot LocalAddress:Port Scheduler Flags\n"
                                 "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
                                 "TCP  10.96.0.1:443 rr\n"
                                 "  -> 172.18.0.1:6443              Masq    1      0          0         \n"
                                 "TCP  10.96.100.7:80 rr persistent 10800\n"
                                 "TCP  172.18.0.2:30080 rr persistent 10800\n"
                                 "UDP  10.96.0.10:53 rr\n"
                                 "  -> 10.244.0.2:53                Masq    1      0          0         \n"
                                 "  -> 10.244.0.3:53                Masq    1      0          0         \n";
    QCOMPARE(QString::fromStdString(got), QString::fromStdString(expected));
}

void TestKubeProxy::randomChoiceFollowsRules()
{
    // Over many connections each of n endpoints gets about 1/n of them.
    kubelab::core::Random random(42);
    constexpr int kRuns = 30000;
    std::map<std::size_t, int> counts;
    for (int i = 0; i < kRuns; ++i)
        ++counts[net::pickRandomEndpoint(3, random)];
    QCOMPARE(counts.size(), std::size_t(3));
    for (auto [index, count] : counts)
        QVERIFY2(std::abs(count - kRuns / 3) < kRuns / 50, qPrintable(QString::number(count)));
}

QTEST_APPLESS_MAIN(TestKubeProxy)
#include "tst_kubeproxy.moc"

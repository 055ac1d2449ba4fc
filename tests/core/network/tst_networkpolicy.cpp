// SPDX-License-Identifier: GPL-3.0-or-later
// NetworkPolicy truth tables: the Kubernetes docs' examples (concepts/services-networking/
// network-policies: test-network-policy, default deny, allow all, endPort) and the
// policyTypes defaulting of the API.
#include <QTest>

#include "core/network/networkpolicy.h"

namespace net = kubelab::core::net;
using kubelab::core::Json;

class TestNetworkPolicy : public QObject {
    Q_OBJECT

private slots:
    void policyTypes_data();
    void policyTypes();
    void verdicts_data();
    void verdicts();
};

namespace {

Json pod(const std::string& ns, const std::string& name, Json labels, const std::string& ip)
{
    return Json{{"metadata", {{"name", name}, {"namespace", ns}, {"labels", labels}}},
                {"spec",
                 {{"containers",
                   Json::array({Json{{"name", "c"},
                                     {"ports", Json::array({Json{{"name", "redis"}, {"containerPort", 6379}}})}}})}}},
                {"status", {{"podIP", ip}}}};
}

Json policy(const std::string& name, Json spec, const std::string& ns = "default")
{
    return Json{{"apiVersion", "networking.k8s.io/v1"},
                {"kind", "NetworkPolicy"},
                {"metadata", {{"name", name}, {"namespace", ns}}},
                {"spec", spec}};
}

/// The docs' test-network-policy.
Json docsPolicy()
{
    return policy("test-network-policy", Json::parse(R"({
      "podSelector": {"matchLabels": {"role": "db"}},
      "policyTypes": ["Ingress", "Egress"],
      "ingress": [{"from": [{"ipBlock": {"cidr": "172.17.0.0/16", "except": ["172.17.1.0/24"]}},
                            {"namespaceSelector": {"matchLabels": {"project": "myproject"}}},
                            {"podSelector": {"matchLabels": {"role": "frontend"}}}],
                   "ports": [{"protocol": "TCP", "port": 6379}]}],
      "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/24"}}], "ports": [{"protocol": "TCP", "port": 5978}]}]
    })"));
}

const Json kFrontend = pod("default", "frontend", {{"role", "frontend"}}, "10.244.1.10");
const Json kDb = pod("default", "db", {{"role", "db"}}, "10.244.1.20");
const Json kOther = pod("default", "other", {{"role", "other"}}, "10.244.1.30");
const Json kMyProjectClient = pod("myproject", "client", {{"role", "client"}}, "10.244.2.10");
const Json kMyProjectPlain = pod("myproject", "plain", Json::object(), "10.244.2.11");
const Json kOtherNs = pod("other-ns", "client", {{"role", "frontend"}}, "10.244.2.20");

/// A pod, or a bare address when `pod` is null.
struct End {
    const Json* pod = nullptr;
    std::string ip;
};

End of(const Json& p)
{
    return End{&p, p["status"]["podIP"].get<std::string>()};
}

} // namespace

Q_DECLARE_METATYPE(End)

void TestNetworkPolicy::policyTypes_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("types");
    QTest::addRow("none given, ingress rules") << R"({"podSelector": {}, "ingress": [{}]})" << "Ingress";
    QTest::addRow("none given, egress rules") << R"({"podSelector": {}, "egress": [{}]})" << "Ingress,Egress";
    QTest::addRow("none given, no rules") << R"({"podSelector": {}})" << "Ingress";
    QTest::addRow("explicit egress") << R"({"podSelector": {}, "policyTypes": ["Egress"]})" << "Egress";
}

void TestNetworkPolicy::policyTypes()
{
    QFETCH(QString, spec);
    QFETCH(QString, types);
    auto got = net::policyTypesOf(policy("p", Json::parse(spec.toStdString())));
    QStringList list;
    for (const auto& t : got)
        list << QString::fromStdString(t);
    QCOMPARE(list.join(u','), types);
}

void TestNetworkPolicy::verdicts_data()
{
    QTest::addColumn<QList<QString>>("policies");
    QTest::addColumn<End>("from");
    QTest::addColumn<End>("to");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("allowed");

    const QList<QString> docs = {QString::fromStdString(docsPolicy().dump())};
    const End outside{nullptr, "172.17.0.5"};
    const End excepted{nullptr, "172.17.1.5"};
    const End egressTarget{nullptr, "10.0.0.5"};

    QTest::addRow("no policy: open") << QList<QString>{} << of(kOther) << of(kDb) << 80 << true;
    QTest::addRow("docs: frontend pod to db 6379") << docs << of(kFrontend) << of(kDb) << 6379 << true;
    QTest::addRow("docs: other pod to db 6379") << docs << of(kOther) << of(kDb) << 6379 << false;
    QTest::addRow("docs: frontend to db 80 (port)") << docs << of(kFrontend) << of(kDb) << 80 << false;
    QTest::addRow("docs: namespace myproject to db") << docs << of(kMyProjectPlain) << of(kDb) << 6379 << true;
    QTest::addRow("docs: frontend label in another namespace") << docs << of(kOtherNs) << of(kDb) << 6379 << false;
    QTest::addRow("docs: ipBlock 172.17.0.5") << docs << outside << of(kDb) << 6379 << true;
    QTest::addRow("docs: ipBlock except 172.17.1.5") << docs << excepted << of(kDb) << 6379 << false;
    QTest::addRow("docs: db egress to 10.0.0.5:5978") << docs << of(kDb) << egressTarget << 5978 << true;
    QTest::addRow("docs: db egress to 10.0.0.5:80") << docs << of(kDb) << egressTarget << 80 << false;
    QTest::addRow("docs: db egress to a pod") << docs << of(kDb) << of(kOther) << 6379 << false;
    QTest::addRow("docs: unselected pods stay open") << docs << of(kFrontend) << of(kOther) << 80 << true;

    const QString denyIngress = QString::fromStdString(
        policy("default-deny-ingress", Json::parse(R"({"podSelector": {}, "policyTypes": ["Ingress"]})")).dump());
    const QString allowAll = QString::fromStdString(
        policy("allow-all-ingress", Json::parse(R"({"podSelector": {}, "ingress": [{}]})")).dump());
    const QString denyEgress = QString::fromStdString(
        policy("default-deny-egress", Json::parse(R"({"podSelector": {}, "policyTypes": ["Egress"]})")).dump());
    QTest::addRow("default deny ingress") << QList<QString>{denyIngress} << of(kFrontend) << of(kOther) << 80 << false;
    QTest::addRow("default deny ingress, other namespace unaffected")
        << QList<QString>{denyIngress} << of(kFrontend) << of(kMyProjectClient) << 80 << true;
    QTest::addRow("deny plus allow all: union allows") << QList<QString>{denyIngress, allowAll} << of(kFrontend) << of(kOther)
                                                     << 80 << true;
    QTest::addRow("default deny egress") << QList<QString>{denyEgress} << of(kFrontend) << of(kMyProjectClient) << 80
                                         << false;
    QTest::addRow("default deny egress leaves ingress open")
        << QList<QString>{denyEgress} << of(kMyProjectClient) << of(kFrontend) << 80 << true;

    const QString andPeer = QString::fromStdString(policy("and-peer", Json::parse(R"({
      "podSelector": {"matchLabels": {"role": "db"}},
      "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "myproject"}},
                             "podSelector": {"matchLabels": {"role": "client"}}}]}]})")).dump());
    QTest::addRow("namespace AND pod selector: both match") << QList<QString>{andPeer} << of(kMyProjectClient) << of(kDb)
                                                          << 6379 << true;
    QTest::addRow("namespace AND pod selector: pod does not") << QList<QString>{andPeer} << of(kMyProjectPlain) << of(kDb)
                                                            << 6379 << false;

    const QString named = QString::fromStdString(policy("named-port", Json::parse(R"({
      "podSelector": {"matchLabels": {"role": "db"}}, "ingress": [{"ports": [{"port": "redis"}]}]})")).dump());
    QTest::addRow("named port matches the container port") << QList<QString>{named} << of(kOther) << of(kDb) << 6379 << true;
    QTest::addRow("named port: another port") << QList<QString>{named} << of(kOther) << of(kDb) << 6380 << false;

    const QString range = QString::fromStdString(policy("range", Json::parse(R"({
      "podSelector": {"matchLabels": {"role": "db"}}, "policyTypes": ["Egress"],
      "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/24"}}],
                  "ports": [{"protocol": "TCP", "port": 32000, "endPort": 32768}]}]})")).dump());
    QTest::addRow("endPort: inside the range") << QList<QString>{range} << of(kDb) << egressTarget << 32768 << true;
    QTest::addRow("endPort: outside the range") << QList<QString>{range} << of(kDb) << egressTarget << 32769 << false;
}

void TestNetworkPolicy::verdicts()
{
    QFETCH(QList<QString>, policies);
    QFETCH(End, from);
    QFETCH(End, to);
    QFETCH(int, port);
    QFETCH(bool, allowed);
    std::vector<Json> list;
    for (const QString& p : policies)
        list.push_back(Json::parse(p.toStdString()));
    std::map<std::string, kubelab::core::Labels> namespaces = {
        {"default", {{"kubernetes.io/metadata.name", "default"}}},
        {"myproject", {{"kubernetes.io/metadata.name", "myproject"}, {"project", "myproject"}}},
        {"other-ns", {{"kubernetes.io/metadata.name", "other-ns"}}},
    };
    net::NetworkPolicyEvaluator evaluator(list, namespaces);
    auto verdict = evaluator.connection(net::PeerInfo{from.ip, from.pod}, net::PeerInfo{to.ip, to.pod}, port);
    QCOMPARE(verdict.allowed(), allowed);
}

QTEST_APPLESS_MAIN(TestNetworkPolicy)
#include "tst_networkpolicy.moc"

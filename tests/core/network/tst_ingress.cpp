// SPDX-License-Identifier: GPL-3.0-or-later
// Ingress matching with the Kubernetes docs' tables (concepts/services-networking/ingress:
// "Examples" of path matching, and hostname wildcards).
#include <QTest>

#include "core/network/ingress.h"

namespace net = kubelab::core::net;
using kubelab::core::Json;

class TestIngress : public QObject {
    Q_OBJECT

private slots:
    void paths_data();
    void paths();
    void hosts_data();
    void hosts();
    void defaultBackend();
};

namespace {

/// One Ingress whose paths are "type:path" items, each backed by a Service named after the path.
Json ingressWith(const QStringList& paths, bool withDefault = false)
{
    Json list = Json::array();
    for (const QString& p : paths) {
        auto colon = p.indexOf(u':');
        std::string path = p.mid(colon + 1).toStdString();
        list.push_back(Json{{"path", path},
                            {"pathType", p.left(colon).toStdString()},
                            {"backend", {{"service", {{"name", p.toStdString()}, {"port", {{"number", 80}}}}}}}});
    }
    Json spec = {{"rules", Json::array({Json{{"http", {{"paths", list}}}}})}};
    if (withDefault)
        spec["defaultBackend"] = {{"service", {{"name", "default-svc"}, {"port", {{"number", 80}}}}}};
    return Json{{"apiVersion", "networking.k8s.io/v1"}, {"kind", "Ingress"},
                {"metadata", {{"name", "ing"}, {"namespace", "default"}}}, {"spec", spec}};
}

} // namespace

void TestIngress::paths_data()
{
    QTest::addColumn<QStringList>("paths");
    QTest::addColumn<QString>("request");
    QTest::addColumn<QString>("backend"); // the matching "type:path", or "" for none
    QTest::addRow("Prefix / matches all") << QStringList{"Prefix:/"} << "/anything" << "Prefix:/";
    QTest::addRow("Exact /foo, /foo") << QStringList{"Exact:/foo"} << "/foo" << "Exact:/foo";
    QTest::addRow("Exact /foo, /bar") << QStringList{"Exact:/foo"} << "/bar" << "";
    QTest::addRow("Exact /foo, /foo/") << QStringList{"Exact:/foo"} << "/foo/" << "";
    QTest::addRow("Exact /foo/, /foo") << QStringList{"Exact:/foo/"} << "/foo" << "";
    QTest::addRow("Prefix /foo, /foo/") << QStringList{"Prefix:/foo"} << "/foo/" << "Prefix:/foo";
    QTest::addRow("Prefix /foo/, /foo") << QStringList{"Prefix:/foo/"} << "/foo" << "Prefix:/foo/";
    QTest::addRow("Prefix /aaa/bb, /aaa/bbb") << QStringList{"Prefix:/aaa/bb"} << "/aaa/bbb" << "";
    QTest::addRow("Prefix /aaa/bbb/, /aaa/bbb") << QStringList{"Prefix:/aaa/bbb/"} << "/aaa/bbb" << "Prefix:/aaa/bbb/";
    QTest::addRow("Prefix /aaa/bbb, /aaa/bbb/ccc") << QStringList{"Prefix:/aaa/bbb"} << "/aaa/bbb/ccc" << "Prefix:/aaa/bbb";
    QTest::addRow("Prefix /aaa/bbb, /aaa/bbbxyz") << QStringList{"Prefix:/aaa/bbb"} << "/aaa/bbbxyz" << "";
    QTest::addRow("Prefix / and /aaa, /aaa/ccc") << QStringList{"Prefix:/", "Prefix:/aaa"} << "/aaa/ccc" << "Prefix:/aaa";
    QTest::addRow("longest of three") << QStringList{"Prefix:/", "Prefix:/aaa", "Prefix:/aaa/bbb"} << "/aaa/bbb"
                                      << "Prefix:/aaa/bbb";
    QTest::addRow("falls to /") << QStringList{"Prefix:/", "Prefix:/aaa", "Prefix:/aaa/bbb"} << "/ccc" << "Prefix:/";
    QTest::addRow("Prefix /aaa, /ccc") << QStringList{"Prefix:/aaa"} << "/ccc" << "";
    QTest::addRow("Exact preferred") << QStringList{"Prefix:/foo", "Exact:/foo"} << "/foo" << "Exact:/foo";
    QTest::addRow("ImplementationSpecific is a string prefix") << QStringList{"ImplementationSpecific:/aaa/bb"}
                                                               << "/aaa/bbb" << "ImplementationSpecific:/aaa/bb";
}

void TestIngress::paths()
{
    QFETCH(QStringList, paths);
    QFETCH(QString, request);
    QFETCH(QString, backend);
    auto route = net::routeIngress({ingressWith(paths)}, "example.com", request.toStdString());
    QCOMPARE(route ? QString::fromStdString(route->service) : QString(), backend);
}

void TestIngress::hosts_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("matches");
    QTest::addRow("exact") << "foo.bar.com" << "foo.bar.com" << true;
    QTest::addRow("exact, other") << "foo.bar.com" << "bar.foo.com" << false;
    QTest::addRow("wildcard one label") << "*.foo.com" << "bar.foo.com" << true;
    QTest::addRow("wildcard two labels") << "*.foo.com" << "baz.bar.foo.com" << false;
    QTest::addRow("wildcard no label") << "*.foo.com" << "foo.com" << false;
    QTest::addRow("no host") << "" << "anything.example" << true;
}

void TestIngress::hosts()
{
    QFETCH(QString, rule);
    QFETCH(QString, host);
    QFETCH(bool, matches);
    QCOMPARE(net::ingressHostMatches(rule.toStdString(), host.toStdString()), matches);
}

void TestIngress::defaultBackend()
{
    auto route = net::routeIngress({ingressWith({"Prefix:/aaa"}, true)}, "example.com", "/ccc");
    QVERIFY(route);
    QVERIFY(route->defaultBackend);
    QCOMPARE(route->service, std::string("default-svc"));
}

QTEST_APPLESS_MAIN(TestIngress)
#include "tst_ingress.moc"

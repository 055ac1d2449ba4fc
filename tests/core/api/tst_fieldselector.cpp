// SPDX-License-Identifier: GPL-3.0-or-later
// Field selectors as the API server reads them: fields.ParseSelector, the field label
// conversion functions of core/v1 and batch/v1 (and runtime's default for every other kind),
// and the values upstream's ToSelectableFields gives an object's fields.
#include <QTest>

#include "core/api/fieldselector.h"

using namespace kubelab::core;

class TestFieldSelector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void supportedFields_data();
    void supportedFields();
    void selectableValues_data();
    void selectableValues();
};

void TestFieldSelector::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("terms");
    QTest::addColumn<QString>("error");
    QTest::addRow("empty") << "" << 0 << "";
    QTest::addRow("equals") << "status.phase=Running" << 1 << "";
    QTest::addRow("double equals") << "status.phase==Running" << 1 << "";
    QTest::addRow("not equals and a second term") << "status.phase!=Running,spec.nodeName=n1" << 2 << "";
    QTest::addRow("empty value") << "spec.nodeName=" << 1 << "";
    QTest::addRow("no operator") << "status.phase" << 0
                                 << "invalid selector: 'status.phase'; can't understand 'status.phase'";
    QTest::addRow("no field") << "=Running" << 0 << "invalid selector: '=Running'; can't understand '=Running'";
}

void TestFieldSelector::parse()
{
    QFETCH(QString, text);
    QFETCH(int, terms);
    QFETCH(QString, error);
    auto s = FieldSelector::parse(text.toStdString());
    if (!error.isEmpty()) {
        QVERIFY(!s);
        QCOMPARE(QString::fromStdString(s.error().message), error);
        QCOMPARE(s.error().code, ErrorCode::BadRequest);
        return;
    }
    QVERIFY(s);
    QCOMPARE(int(s->terms.size()), terms);
}

void TestFieldSelector::supportedFields_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    QTest::addRow("pod: node and phase") << "Pod" << "spec.nodeName=n1,status.phase=Running" << "";
    QTest::addRow("pod: every field core/v1 offers")
        << "Pod"
        << "metadata.name=a,metadata.namespace=b,spec.restartPolicy=Always,spec.schedulerName=s,"
           "spec.serviceAccountName=sa,spec.hostNetwork=false,status.podIP=1.2.3.4,status.podIPs=x,"
           "status.nominatedNodeName=n"
        << "";
    QTest::addRow("pod: spec.host, the old name") << "Pod" << "spec.host=n1" << "";
    QTest::addRow("pod: unsupported") << "Pod" << "spec.foo=x" << "field label not supported: spec.foo";
    QTest::addRow("node: unschedulable") << "Node" << "spec.unschedulable=true" << "";
    QTest::addRow("node: no namespace field") << "Node" << "metadata.namespace=x"
                                              << "field label not supported: metadata.namespace";
    QTest::addRow("event: involved object") << "Event" << "involvedObject.name=web,reason=Scheduled,type=Normal,source=kubelet"
                                            << "";
    QTest::addRow("secret: type") << "Secret" << "type=Opaque" << "";
    QTest::addRow("service: cluster IP and type") << "Service" << "spec.clusterIP=None,spec.type=ClusterIP" << "";
    QTest::addRow("namespace: phase") << "Namespace" << "status.phase=Active" << "";
    QTest::addRow("job: successful") << "Job" << "status.successful=1" << "";
    QTest::addRow("job: unsupported") << "Job" << "spec.parallelism=1"
                                      << "field label \"spec.parallelism\" not supported for Job";
    QTest::addRow("deployment: metadata only") << "Deployment" << "metadata.name=web,metadata.namespace=default" << "";
    QTest::addRow("deployment: unsupported") << "Deployment" << "spec.replicas=3"
                                             << "\"spec.replicas\" is not a known field selector: only "
                                                "\"metadata.name\", \"metadata.namespace\"";
}

void TestFieldSelector::supportedFields()
{
    QFETCH(QString, kind);
    QFETCH(QString, text);
    QFETCH(QString, error);
    auto s = FieldSelector::parse(text.toStdString());
    QVERIFY(s);
    auto supported = s->supportedBy(kind.toStdString());
    if (error.isEmpty()) {
        QVERIFY2(supported, supported ? "" : supported.error().message.c_str());
    } else {
        QVERIFY(!supported);
        QCOMPARE(supported.error().code, ErrorCode::BadRequest);
        QCOMPARE(QString::fromStdString(supported.error().message), error);
    }
}

void TestFieldSelector::selectableValues_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("selector");
    QTest::addColumn<bool>("matches");
    const QString pod = R"({"kind":"Pod","metadata":{"name":"web","namespace":"default"},
        "spec":{"nodeName":"n1","restartPolicy":"Always"},
        "status":{"phase":"Running","podIP":"10.244.1.5","podIPs":[{"ip":"10.244.1.5"}]}})";
    QTest::addRow("pod on its node") << pod << "spec.nodeName=n1" << true;
    QTest::addRow("pod not on another") << pod << "spec.nodeName!=n1" << false;
    QTest::addRow("pod phase") << pod << "status.phase=Running,metadata.name=web" << true;
    QTest::addRow("pod IP, the first of podIPs") << pod << "status.podIP=10.244.1.5" << true;
    QTest::addRow("hostNetwork defaults to false") << pod << "spec.hostNetwork=false" << true;
    QTest::addRow("old name spec.host") << pod << "spec.host=n1" << true;
    QTest::addRow("no nomination: empty") << pod << "status.nominatedNodeName=" << true;
    const QString pending = R"({"kind":"Pod","metadata":{"name":"p","namespace":"default"},"spec":{},"status":{"phase":"Pending"}})";
    QTest::addRow("pending pod: no node") << pending << "spec.nodeName=" << true;
    QTest::addRow("node schedulable") << R"({"kind":"Node","metadata":{"name":"n1"},"spec":{}})"
                                      << "spec.unschedulable=false" << true;
    QTest::addRow("node cordoned") << R"({"kind":"Node","metadata":{"name":"n1"},"spec":{"unschedulable":true}})"
                                   << "spec.unschedulable=true" << true;
    QTest::addRow("job with no success yet") << R"({"kind":"Job","metadata":{"name":"j","namespace":"default"},"status":{}})"
                                             << "status.successful=0" << true;
    QTest::addRow("job succeeded twice") << R"({"kind":"Job","metadata":{"name":"j","namespace":"default"},"status":{"succeeded":2}})"
                                         << "status.successful=2" << true;
    QTest::addRow("event source is its component")
        << R"({"kind":"Event","metadata":{"name":"e","namespace":"default"},"source":{"component":"kubelet"},"involvedObject":{"kind":"Pod","name":"web"}})"
        << "source=kubelet,involvedObject.kind=Pod" << true;
}

void TestFieldSelector::selectableValues()
{
    QFETCH(QString, object);
    QFETCH(QString, selector);
    QFETCH(bool, matches);
    const Json o = Json::parse(object.toStdString());
    auto s = FieldSelector::parse(selector.toStdString());
    QVERIFY(s);
    QVERIFY(s->supportedBy(o.value("kind", "")));
    QCOMPARE(s->matches(o), matches);
}

QTEST_APPLESS_MAIN(TestFieldSelector)
#include "tst_fieldselector.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream apimachinery's util/validation/validation_test.go.
#include <QTest>

#include <string>
#include <vector>

#include "core/api/names.h"

namespace core = kubelab::core;

namespace {

const QString kSubdomainRule = QStringLiteral(
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
const QString kLabelRule = QStringLiteral(
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
    "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
const QString kDns1035Rule = QStringLiteral(
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
    "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
const QString kNameRule = QStringLiteral(
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation "
    "is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
const QString kValueRule = QStringLiteral(
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
    "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");

QStringList toList(const std::vector<std::string>& errors)
{
    QStringList out;
    for (const auto& error : errors)
        out << QString::fromStdString(error);
    return out;
}

QString repeat(char c, int count)
{
    return QString(count, QLatin1Char(c));
}

enum class Check { Subdomain, Label, Dns1035, QualifiedName, LabelValue };

std::vector<std::string> run(Check check, const QString& value)
{
    const std::string text = value.toStdString();
    switch (check) {
    case Check::Subdomain: return core::isDns1123Subdomain(text);
    case Check::Label: return core::isDns1123Label(text);
    case Check::Dns1035: return core::isDns1035Label(text);
    case Check::QualifiedName: return core::isQualifiedName(text);
    case Check::LabelValue: return core::isValidLabelValue(text);
    }
    return {};
}

void addValid(Check check, const char* prefix, const QStringList& values)
{
    for (const QString& value : values)
        QTest::addRow("%s-ok-%s-%d", prefix, qPrintable(value.left(40)), int(value.size()))
            << int(check) << value << QStringList();
}

void addInvalid(Check check, const char* prefix, const QStringList& values)
{
    // "*" stands for any message: these rows only check that the value is refused.
    for (const QString& value : values)
        QTest::addRow("%s-bad-%s-%d", prefix, qPrintable(value.left(40)), int(value.size()))
            << int(check) << value << QStringList{QStringLiteral("*")};
}

} // namespace

class TestNames : public QObject {
    Q_OBJECT

private slots:
    void cases_data();
    void cases();
    void messages_data();
    void messages();
};

void TestNames::cases_data()
{
    QTest::addColumn<int>("check");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QStringList>("errors");

    // TestIsDNS1123Label.
    addValid(Check::Label, "label",
             {"a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a",
              "1--a--b--2", repeat('a', 63)});
    addInvalid(Check::Label, "label",
               {"", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_",
                "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ",
                "a ", " a", "a b", "1 ", " 1", "1 2", repeat('a', 64)});

    // TestIsDNS1123Subdomain.
    addValid(Check::Subdomain, "subdomain",
             {"a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a",
              "1--a--b--2", "a.a", "ab.a", "abc.a", "a1.a", "a-1.a", "a--1--2--b.a", "a.1",
              "ab.1", "abc.1", "a1.1", "a-1.1", "a--1--2--b.1", "0.a", "01.a", "012.a", "1a.a",
              "1-a.a", "1--a--b--2", "0.1", "01.1", "012.1", "1a.1", "1-a.1", "1--a--b--2.1",
              "a.b.c.d.e", "aa.bb.cc.dd.ee", "1.2.3.4.5", "11.22.33.44.55", repeat('a', 253)});
    addInvalid(Check::Subdomain, "subdomain",
               {"", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_",
                "a_", "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a..b", "1.", ".1", "1..2",
                " ", "a ", " a", "a b", "1 ", " 1", "1 2", "A.a", "aB.a", "ab.A", "A1.a", "a1.A",
                "A.1", "aB.1", "A1.1", "1A.1", "0.A", "01.A", "012.A", "1A.a", "1a.A",
                "A.B.C.D.E", "AA.BB.CC.DD.EE", "a.B.c.d.e", "aa.bB.cc.dd.ee", "a@b", "a,b",
                "a;b", "a:b", "a%b", "a?b", "a$b", repeat('a', 254)});

    // TestIsDNS1035Label.
    addValid(Check::Dns1035, "dns1035",
             {"a", "ab", "abc", "a1", "a-1", "a--1--2--b", repeat('a', 63)});
    addInvalid(Check::Dns1035, "dns1035",
               {"0", "01", "012", "1a", "1-a", "1--a--b--2", "", "A", "ABC", "aBc", "A1", "A-1",
                "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1", "1_2", ".",
                "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1", "1 2",
                repeat('a', 64)});

    // TestIsQualifiedName.
    addValid(Check::QualifiedName, "qualified",
             {"simple", "now-with-dashes", "1-starts-with-num", "1234", "simple/simple",
              "now-with-dashes/simple", "now-with-dashes/now-with-dashes", "now.with.dots/simple",
              "now-with.dashes-and.dots/simple", "1-num.2-num/3-num", "1234/5678", "1.2.3.4/5678",
              "Uppercase_Is_OK_123", "example.com/Uppercase_Is_OK_123", "requests.storage-foo",
              repeat('a', 63), repeat('a', 253) + "/" + repeat('b', 63)});
    addInvalid(Check::QualifiedName, "qualified",
               {"nospecialchars%^=@", "cantendwithadash-", "-cantstartwithadash-",
                "only/one/slash", "Example.com/abc", "example_com/abc", "example.com/",
                "/simple", repeat('a', 64), repeat('a', 254) + "/abc"});

    // TestIsValidLabelValue.
    addValid(Check::LabelValue, "value",
             {"simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234",
              repeat('a', 63), ""});
    addInvalid(Check::LabelValue, "value",
               {"nospecialchars%^=@", QString::fromUtf8("Tama-nui-te-r\u0101.is.M\u0101ori.sun"),
                "\\backslashes\\are\\bad", "-starts-with-dash", "ends-with-dash-",
                ".starts.with.dot", "ends.with.dot.", repeat('a', 64)});
}

void TestNames::cases()
{
    QFETCH(int, check);
    QFETCH(QString, value);
    QFETCH(QStringList, errors);
    const QStringList got = toList(run(Check(check), value));
    if (errors.isEmpty())
        QVERIFY2(got.isEmpty(), qPrintable(got.join("; ")));
    else
        QVERIFY2(!got.isEmpty(), "expected a failure");
}

// The exact texts, one entry per message.
void TestNames::messages_data()
{
    QTest::addColumn<int>("check");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QStringList>("errors");

    QTest::addRow("subdomain-upper") << int(Check::Subdomain) << "Web" << QStringList{kSubdomainRule};
    QTest::addRow("subdomain-empty") << int(Check::Subdomain) << "" << QStringList{kSubdomainRule};
    QTest::addRow("subdomain-too-long")
        << int(Check::Subdomain) << repeat('a', 254)
        << QStringList{QStringLiteral("must be no more than 253 characters")};
    QTest::addRow("subdomain-too-long-and-bad")
        << int(Check::Subdomain) << repeat('A', 254)
        << QStringList{QStringLiteral("must be no more than 253 characters"), kSubdomainRule};
    QTest::addRow("label-dots") << int(Check::Label) << "a.b"
                                << QStringList{QStringLiteral("must not contain dots")};
    QTest::addRow("label-upper") << int(Check::Label) << "A" << QStringList{kLabelRule};
    QTest::addRow("label-too-long") << int(Check::Label) << repeat('a', 64)
                                    << QStringList{QStringLiteral("must be no more than 63 characters")};
    QTest::addRow("dns1035-digit-first") << int(Check::Dns1035) << "1a" << QStringList{kDns1035Rule};
    QTest::addRow("qualified-bad-name") << int(Check::QualifiedName) << "-a"
                                        << QStringList{"name part " + kNameRule};
    QTest::addRow("qualified-empty") << int(Check::QualifiedName) << ""
                                     << QStringList{QStringLiteral("name part must be non-empty"),
                                                    "name part " + kNameRule};
    QTest::addRow("qualified-empty-name") << int(Check::QualifiedName) << "example.com/"
                                          << QStringList{QStringLiteral("name part must be non-empty"),
                                                         "name part " + kNameRule};
    QTest::addRow("qualified-empty-prefix") << int(Check::QualifiedName) << "/simple"
                                            << QStringList{QStringLiteral("prefix part must be non-empty")};
    QTest::addRow("qualified-bad-prefix") << int(Check::QualifiedName) << "Example.com/abc"
                                          << QStringList{"prefix part " + kSubdomainRule};
    QTest::addRow("qualified-long-name")
        << int(Check::QualifiedName) << repeat('a', 64)
        << QStringList{QStringLiteral("name part must be no more than 63 characters")};
    QTest::addRow("qualified-long-prefix")
        << int(Check::QualifiedName) << repeat('a', 254) + "/abc"
        << QStringList{QStringLiteral("prefix part must be no more than 253 characters")};
    QTest::addRow("qualified-two-slashes")
        << int(Check::QualifiedName) << "only/one/slash"
        << QStringList{"a qualified name " + kNameRule
                       + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"};
    QTest::addRow("value-dash") << int(Check::LabelValue) << "-a" << QStringList{kValueRule};
    QTest::addRow("value-too-long") << int(Check::LabelValue) << repeat('a', 64)
                                    << QStringList{QStringLiteral("must be no more than 63 characters")};
    QTest::addRow("value-too-long-and-bad")
        << int(Check::LabelValue) << repeat('a', 64) + "-"
        << QStringList{QStringLiteral("must be no more than 63 characters"), kValueRule};
}

void TestNames::messages()
{
    QFETCH(int, check);
    QFETCH(QString, value);
    QFETCH(QStringList, errors);
    QCOMPARE(toList(run(Check(check), value)), errors);
}

QTEST_APPLESS_MAIN(TestNames)
#include "tst_names.moc"

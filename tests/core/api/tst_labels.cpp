// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream apimachinery's labels/selector_test.go and metav1's
// LabelSelectorAsSelector tests.
#include <QTest>

#include <string>
#include <vector>

#include "core/api/labels.h"

using kubelab::core::Json;
using kubelab::core::LabelRequirement;
using kubelab::core::Labels;
using kubelab::core::LabelSelector;
using Op = kubelab::core::LabelRequirement::Op;

Q_DECLARE_METATYPE(Op)

namespace {

// "a=b,c=d" -> {a: b, c: d}; an empty text is no labels.
Labels labelsOf(const QString& text)
{
    Labels labels;
    for (const QString& pair : text.split(',', Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf('=');
        labels[pair.left(eq).toStdString()] = pair.mid(eq + 1).toStdString();
    }
    return labels;
}

LabelRequirement requirement(const std::string& key, Op op, std::vector<std::string> values = {})
{
    auto made = LabelRequirement::create(key, op, std::move(values));
    if (!made)
        qFatal("cannot make requirement %s: %s", key.c_str(), made.error().message.c_str());
    return *made;
}

const char* const kLabelValueRule =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
    "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const char* const kNamePartRule =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

QString str(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace

class TestLabels : public QObject {
    Q_OBJECT

private slots:
    void restring_data();
    void restring();
    void parse_data();
    void parse();
    void parseErrors_data();
    void parseErrors();
    void deterministic();
    void matches_data();
    void matches();
    void requirementMatches_data();
    void requirementMatches();
    void requirementErrors_data();
    void requirementErrors();
    void toStringOfRequirements();
    void fromJson_data();
    void fromJson();
    void fromJsonErrors_data();
    void fromJsonErrors();
    void fromMap();
    void add();
    void everythingAndNothing();
};

// TestSelectorParse: good strings print back without their spaces.
void TestLabels::restring_data()
{
    QTest::addColumn<QString>("text");
    for (const char* text : {"x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x",
                             "x>1", "x>1,z<5", "x==a", "notin=in"})
        QTest::addRow("%s", text) << QString::fromLatin1(text);
}

void TestLabels::restring()
{
    QFETCH(QString, text);
    const auto selector = LabelSelector::parse(text.toStdString());
    QVERIFY2(selector.has_value(), selector ? "" : selector.error().message.c_str());
    QCOMPARE(str(selector->toString()), QString(text).remove(' '));
}

// TestSetSelectorParser: the parsed selector, as its canonical string.
void TestLabels::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expect");

    const auto row = [](const char* name, const char* text, const char* expect) {
        QTest::addRow("%s", name) << QString::fromLatin1(text) << QString::fromLatin1(expect);
    };
    row("empty", "", "");
    row("carriage-return", "\rx", "x");
    row("prefixed-key", "this-is-a-dns.domain.com/key-with-dash", "this-is-a-dns.domain.com/key-with-dash");
    row("prefixed-key-in", "this-is-another-dns.domain.com/key-with-dash in (so,what)",
        "this-is-another-dns.domain.com/key-with-dash in (so,what)");
    row("numeric-prefix", "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
        "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)");
    row("tab", "foo  in\t (abc)", "foo in (abc)");
    row("newline", "x notin\n (abc)", "x notin (abc)");
    row("tabs", "x  notin\t\t\t(abc,def)", "x notin (abc,def)");
    row("in", "x in (abc,def)", "x in (abc,def)");
    row("in-unsorted", "x in (def,abc,def)", "x in (abc,def)");
    row("trailing-comma", "x in (abc,)", "x in (,abc)");
    row("empty-set", "x in ()", "x in ()");
    row("mixed", "x notin (abc,,def),bar,z in (),w", "bar,w,x notin (,abc,def),z in ()");
    row("sorted-by-key", "x,y in (a)", "x,y in (a)");
    row("sorted-by-key-2", "y in (a),x", "x,y in (a)");
    row("equals", "x=a", "x=a");
    row("greater", "x>1", "x>1");
    row("less", "x<7", "x<7");
    row("equals-not-equals", "x=a,y!=b", "x=a,y!=b");
    row("three", "x=a,y!=b,z in (h,i,j)", "x=a,y!=b,z in (h,i,j)");
    row("notin-space", "x notin ( )", "x notin ()");
    row("notin-leading-comma", "x notin (, a)", "x notin (,a)");
    row("trailing-space", "a ", "a");
    row("keywords-as-values", "a in (x,y,notin, z,in)", "a in (in,notin,x,y,z)");
    row("same-key-kept-in-order", "z!=a,z", "z!=a,z");
    row("double-equals", "x==a,y=b", "x==a,y=b");
}

void TestLabels::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, expect);
    const auto selector = LabelSelector::parse(text.toStdString());
    QVERIFY2(selector.has_value(), selector ? "" : selector.error().message.c_str());
    QCOMPARE(str(selector->toString()), expect);
    QCOMPARE(selector->empty(), expect.isEmpty());
}

void TestLabels::parseErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");

    const auto row = [](const char* name, const char* text, const QString& message) {
        QTest::addRow("%s", name) << QString::fromLatin1(text) << message;
    };
    row("or", "x=a||y=b",
        QStringLiteral("unable to parse requirement: values[0][x]: Invalid value: \"a||y\": ")
            + kLabelValueRule);
    row("double-equals-twice", "x==a==b", "found '==', expected: ',' or 'end of string'");
    row("not-with-value", "!x=a", "found '=', expected: ',' or 'end of string'");
    row("less-than-word", "x<a",
        "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, "
        "the value must be an integer");
    row("greater-than-nothing", "x>",
        "unable to parse requirement: values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, "
        "the value must be an integer");
    row("double-comma", "x,,y", "found ',', expected: identifier after ','");
    row("leading-comma", ",x,y", "found ',', expected: !, identifier, or 'end of string'");
    row("nott", "x nott in (y)",
        "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt");
    row("trailing-comma", "a in (xyz),", "found '', expected: identifier after ','");
    row("missing-comma-after-set", "a in (xyz)b notin ()", "found 'b', expected: ',' or 'end of string'");
    row("missing-comma-in-set", "a in (xyz abc)",
        "unable to parse requirement: found 'abc', expected: ',' or ')'");
    row("unclosed", "a notin(",
        "unable to parse requirement: found '', expected: ',', ')' or identifier");
    row("paren-as-operator", "a (",
        "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt");
    row("paren-first", "(", "found '(', expected: !, identifier, or 'end of string'");
    row("in-without-set", "x in", "unable to parse requirement: found '' expected: '('");
    row("paren-as-value", "x=(a)", "unable to parse requirement: found '(', expected: identifier");
    row("bang-alone", "!", "unable to parse requirement: found '', expected: identifier");
    row("bad-key", "-foo",
        QStringLiteral("unable to parse requirement: <nil>: Invalid value: \"-foo\": ") + kNamePartRule);
    row("negative-bound", "x>-1",
        QStringLiteral("unable to parse requirement: values[0][x]: Invalid value: \"-1\": ")
            + kLabelValueRule);
    row("bad-value-in-set", "x in (a,-b)",
        QStringLiteral("unable to parse requirement: values[0][x]: Invalid value: \"-b\": ")
            + kLabelValueRule);
    row("two-slashes", "a/b/c",
        "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must "
        "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
        "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
        "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain "
        "prefix and '/' (e.g. 'example.com/MyName')");
}

void TestLabels::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const auto selector = LabelSelector::parse(text.toStdString());
    QVERIFY(!selector.has_value());
    QCOMPARE(str(selector.error().message), message);
}

// TestDeterministicParse.
void TestLabels::deterministic()
{
    const auto a = LabelSelector::parse("x=a,a=x");
    const auto b = LabelSelector::parse("a=x,x=a");
    QVERIFY(a && b);
    QCOMPARE(str(a->toString()), str(b->toString()));
    QVERIFY(*a == *b);
}

// TestSelectorMatches.
void TestLabels::matches_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QString>("labels");
    QTest::addColumn<bool>("match");

    const auto row = [](const char* selector, const char* labels, bool match) {
        QTest::addRow("%s-on-%s", selector, labels)
            << QString::fromLatin1(selector) << QString::fromLatin1(labels) << match;
    };
    row("", "x=y", true);
    row("x=y", "x=y", true);
    row("x=y,z=w", "x=y,z=w", true);
    row("x!=y,z!=w", "x=z,z=a", true);
    row("notin=in", "notin=in", true);
    row("x", "x=z", true);
    row("!x", "y=z", true);
    row("x>1", "x=2", true);
    row("x<1", "x=0", true);
    row("x=z", "", false);
    row("x=y", "x=z", false);
    row("x=y,z=w", "x=w,z=w", false);
    row("x!=y,z!=w", "x=z,z=w", false);
    row("x", "y=z", false);
    row("!x", "x=z", false);
    row("x>1", "x=0", false);
    row("x<1", "x=2", false);
    row("foo=bar", "foo=bar,baz=blah", true);
    row("baz=blah", "foo=bar,baz=blah", true);
    row("foo=bar,baz=blah", "foo=bar,baz=blah", true);
    row("foo=blah", "foo=bar,baz=blah", false);
    row("baz=bar", "foo=bar,baz=blah", false);
    row("foo=bar,foobar=bar,baz=blah", "foo=bar,baz=blah", false);
    row("x in (a,b)", "x=b", true);
    row("x in (a,b)", "x=c", false);
    row("x in (a,b)", "y=a", false);
    row("x notin (a,b)", "y=a", true);
    row("x notin (a,b)", "x=a", false);
    row("x notin (a,b)", "x=c", true);
    row("x==y", "x=y", true);
    row("x=", "x=", true);
    row("x=", "y=", false);
    row("x!=", "y=", true);
    row("x>1", "x=v2", false);
    row("x>1", "y=2", false);
    row("x>5", "x=6", true);
    row("x>1", "x=-4", false);
    row("x<10", "x=+9", true);
    row("x>1", "x=99999999999999999999", false);
}

void TestLabels::matches()
{
    QFETCH(QString, selector);
    QFETCH(QString, labels);
    QFETCH(bool, match);
    const auto parsed = LabelSelector::parse(selector.toStdString());
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->matches(labelsOf(labels)), match);
}

// TestRequirementSelectorMatching: requirements built directly.
void TestLabels::requirementMatches_data()
{
    QTest::addColumn<QString>("labels");
    QTest::addColumn<QString>("selector");
    QTest::addColumn<bool>("match");

    QTest::addRow("in-and-notin") << "x=foo,y=baz" << "x in (foo),y notin (alpha)" << true;
    QTest::addRow("in-and-in") << "x=foo,y=baz" << "x in (foo),y in (alpha)" << false;
    QTest::addRow("notin-empty-and-exists") << "y=" << "x notin (),y" << true;
    QTest::addRow("does-not-exist-and-exists") << "y=" << "!x,y" << true;
    QTest::addRow("notin-empty-and-does-not-exist") << "y=" << "x notin (),!y" << false;
    QTest::addRow("in-empty") << "y=baz" << "x in ()" << false;
    QTest::addRow("greater") << "z=2" << "z>1" << true;
    QTest::addRow("greater-non-integer") << "z=v2" << "z>1" << false;
}

void TestLabels::requirementMatches()
{
    QFETCH(QString, labels);
    QFETCH(QString, selector);
    QFETCH(bool, match);
    const auto parsed = LabelSelector::parse(selector.toStdString());
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->matches(labelsOf(labels)), match);
    // Each requirement alone agrees with the selector when the selector matches.
    if (match) {
        for (const auto& r : parsed->requirements())
            QVERIFY(r.matches(labelsOf(labels)));
    }
}

// TestRequirementConstructor, with upstream's messages.
void TestLabels::requirementErrors_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<Op>("op");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QString>("message"); // empty: valid

    QTest::addRow("in-without-values") << "x" << Op::In << QStringList()
        << "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty";
    QTest::addRow("notin-without-values") << "x" << Op::NotIn << QStringList()
        << "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty";
    QTest::addRow("in") << "x" << Op::In << QStringList{"foo"} << "";
    QTest::addRow("notin") << "x" << Op::NotIn << QStringList{"foo"} << "";
    QTest::addRow("exists") << "x" << Op::Exists << QStringList() << "";
    QTest::addRow("does-not-exist") << "x" << Op::DoesNotExist << QStringList() << "";
    QTest::addRow("numeric-start") << "1foo" << Op::In << QStringList{"bar"} << "";
    QTest::addRow("numeric") << "1234" << Op::In << QStringList{"bar"} << "";
    QTest::addRow("greater") << "y" << Op::GreaterThan << QStringList{"1"} << "";
    QTest::addRow("less") << "z" << Op::LessThan << QStringList{"6"} << "";
    QTest::addRow("greater-word") << "foo" << Op::GreaterThan << QStringList{"bar"}
        << "values[0]: Invalid value: \"bar\": for 'Gt', 'Lt' operators, the value must be an integer";
    QTest::addRow("less-word") << "barz" << Op::LessThan << QStringList{"blah"}
        << "values[0]: Invalid value: \"blah\": for 'Gt', 'Lt' operators, the value must be an integer";
    QTest::addRow("greater-two") << "y" << Op::GreaterThan << QStringList{"1", "2"}
        << "values: Invalid value: []string{\"1\", \"2\"}: for 'Gt', 'Lt' operators, exactly one "
           "value is required";
    QTest::addRow("key-too-long") << QString(254, 'a') << Op::Exists << QStringList()
        << "key: Invalid value: \"" + QString(254, 'a') + "\": name part must be no more than 63 characters";
    QTest::addRow("equals-two") << "x" << Op::Equals << QStringList{"a", "b"}
        << "values: Invalid value: []string{\"a\", \"b\"}: exact-match compatibility requires one single value";
    QTest::addRow("exists-with-value") << "x" << Op::Exists << QStringList{"a"}
        << "values: Invalid value: []string{\"a\"}: values set must be empty for exists and does not exist";
    QTest::addRow("bad-key-and-value") << "-x" << Op::In << QStringList{"-a"}
        << QStringLiteral("[key: Invalid value: \"-x\": ") + kNamePartRule
               + ", values[0][-x]: Invalid value: \"-a\": " + kLabelValueRule + "]";
    QTest::addRow("prefix") << "example.com/app" << Op::Equals << QStringList{"web"} << "";
    QTest::addRow("bad-prefix") << "Example.com/app" << Op::Exists << QStringList()
        << "key: Invalid value: \"Example.com/app\": prefix part a lowercase RFC 1123 subdomain must "
           "consist of lower case alphanumeric characters, '-' or '.', and must start and end with an "
           "alphanumeric character (e.g. 'example.com', regex used for validation is "
           "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    QTest::addRow("quoted-value") << "x" << Op::Equals << QStringList{"a\"b"}
        << QStringLiteral("values[0][x]: Invalid value: \"a\\\"b\": ") + kLabelValueRule;
}

void TestLabels::requirementErrors()
{
    QFETCH(QString, key);
    QFETCH(Op, op);
    QFETCH(QStringList, values);
    QFETCH(QString, message);

    std::vector<std::string> list;
    for (const QString& value : values)
        list.push_back(value.toStdString());
    const auto made = LabelRequirement::create(key.toStdString(), op, list);
    if (message.isEmpty()) {
        QVERIFY2(made.has_value(), made ? "" : made.error().message.c_str());
        QCOMPARE(made->values, list);
    } else {
        QVERIFY(!made.has_value());
        QCOMPARE(str(made.error().message), message);
    }
}

// TestToString.
void TestLabels::toStringOfRequirements()
{
    LabelSelector a;
    a.add(requirement("x", Op::In, {"abc", "def"}));
    a.add(requirement("y", Op::NotIn, {"jkl"}));
    a.add(requirement("z", Op::Exists));
    QCOMPARE(str(a.toString()), QStringLiteral("x in (abc,def),y notin (jkl),z"));

    LabelSelector b;
    b.add(requirement("x", Op::NotIn, {"abc", "def"}));
    b.add(requirement("y", Op::NotEquals, {"jkl"}));
    b.add(requirement("z", Op::DoesNotExist));
    QCOMPARE(str(b.toString()), QStringLiteral("x notin (abc,def),y!=jkl,!z"));

    LabelSelector c;
    c.add(requirement("x", Op::NotIn, {"abc"}));
    c.add(requirement("y", Op::In, {"jkl", "mno"}));
    c.add(requirement("z", Op::NotIn, {""}));
    QCOMPARE(str(c.toString()), QStringLiteral("x notin (abc),y in (jkl,mno),z notin ()"));

    LabelSelector d;
    d.add(requirement("x", Op::Equals, {"abc"}));
    d.add(requirement("y", Op::DoubleEquals, {"jkl"}));
    d.add(requirement("z", Op::NotEquals, {"a"}));
    d.add(requirement("z", Op::Exists));
    QCOMPARE(str(d.toString()), QStringLiteral("x=abc,y==jkl,z!=a,z"));

    LabelSelector e;
    e.add(requirement("x", Op::GreaterThan, {"2"}));
    e.add(requirement("y", Op::LessThan, {"8"}));
    e.add(requirement("z", Op::Exists));
    QCOMPARE(str(e.toString()), QStringLiteral("x>2,y<8,z"));

    // Values print sorted without changing the requirement (safeSort).
    const LabelRequirement unsorted = requirement("k", Op::In, {"foo", "bar", "foo"});
    QCOMPARE(str(unsorted.toString()), QStringLiteral("k in (bar,foo,foo)"));
    QCOMPARE(unsorted.values, (std::vector<std::string>{"foo", "bar", "foo"}));
}

void TestLabels::fromJson_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("expect");
    QTest::addColumn<QString>("matching");
    QTest::addColumn<QString>("notMatching");

    QTest::addRow("empty") << "{}" << "" << "a=b" << "";
    QTest::addRow("empty-parts") << R"({"matchLabels": {}, "matchExpressions": []})" << "" << "" << "";
    QTest::addRow("null-parts") << R"({"matchLabels": null})" << "" << "x=y" << "";
    QTest::addRow("match-labels") << R"({"matchLabels": {"tier": "db", "app": "web"}})"
                                  << "app=web,tier=db" << "app=web,tier=db,x=y" << "app=web";
    QTest::addRow("in") << R"({"matchExpressions": [{"key": "env", "operator": "In", "values": ["prod", "dev"]}]})"
                        << "env in (dev,prod)" << "env=dev" << "env=qa";
    QTest::addRow("notin") << R"({"matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["prod"]}]})"
                           << "env notin (prod)" << "app=x" << "env=prod";
    QTest::addRow("exists") << R"({"matchExpressions": [{"key": "gpu", "operator": "Exists"}]})"
                            << "gpu" << "gpu=" << "cpu=x";
    QTest::addRow("does-not-exist")
        << R"({"matchExpressions": [{"key": "gpu", "operator": "DoesNotExist", "values": []}]})"
        << "!gpu" << "cpu=x" << "gpu=a";
    QTest::addRow("both") << R"({"matchLabels": {"z": "1"}, "matchExpressions": [{"key": "a", "operator": "Exists"}]})"
                          << "a,z=1" << "a=,z=1" << "z=1";
    QTest::addRow("empty-value") << R"({"matchLabels": {"app": ""}})" << "app=" << "app=" << "app=x";
}

void TestLabels::fromJson()
{
    QFETCH(QString, json);
    QFETCH(QString, expect);
    QFETCH(QString, matching);
    QFETCH(QString, notMatching);

    const auto selector = LabelSelector::fromJson(Json::parse(json.toStdString()));
    QVERIFY2(selector.has_value(), selector ? "" : selector.error().message.c_str());
    QCOMPARE(str(selector->toString()), expect);
    QCOMPARE(selector->empty(), expect.isEmpty());
    QVERIFY(!selector->matchesNothing());
    QVERIFY(selector->matches(labelsOf(matching)));
    if (!notMatching.isEmpty())
        QVERIFY(!selector->matches(labelsOf(notMatching)));
}

void TestLabels::fromJsonErrors_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("message");

    QTest::addRow("unknown-operator")
        << R"({"matchExpressions": [{"key": "a", "operator": "Foo"}]})"
        << "\"Foo\" is not a valid label selector operator";
    QTest::addRow("gt-not-allowed")
        << R"({"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]})"
        << "\"Gt\" is not a valid label selector operator";
    QTest::addRow("lower-case-operator")
        << R"({"matchExpressions": [{"key": "a", "operator": "in", "values": ["1"]}]})"
        << "\"in\" is not a valid label selector operator";
    QTest::addRow("missing-operator") << R"({"matchExpressions": [{"key": "a"}]})"
                                      << "\"\" is not a valid label selector operator";
    QTest::addRow("in-without-values")
        << R"({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]})"
        << "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty";
    QTest::addRow("exists-with-values")
        << R"({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]})"
        << "values: Invalid value: []string{\"x\"}: values set must be empty for exists and does not exist";
    QTest::addRow("bad-key") << R"({"matchLabels": {"-app": "web"}})"
                             << QStringLiteral("key: Invalid value: \"-app\": ") + kNamePartRule;
    QTest::addRow("bad-value") << R"({"matchLabels": {"app": "web!"}})"
                               << QStringLiteral("values[0][app]: Invalid value: \"web!\": ") + kLabelValueRule;
    QTest::addRow("value-too-long")
        << QStringLiteral(R"({"matchLabels": {"app": "%1"}})").arg(QString(64, 'a'))
        << "values[0][app]: Invalid value: \"" + QString(64, 'a') + "\": must be no more than 63 characters";
    QTest::addRow("number-value") << R"({"matchLabels": {"app": 1}})"
                                  << "json: cannot unmarshal number into Go struct field "
                                     "LabelSelector.matchLabels of type string";
}

void TestLabels::fromJsonErrors()
{
    QFETCH(QString, json);
    QFETCH(QString, message);
    const auto selector = LabelSelector::fromJson(Json::parse(json.toStdString()));
    QVERIFY(!selector.has_value());
    QCOMPARE(str(selector.error().message), message);
}

// TestSetMatches and TestNilMapIsValid.
void TestLabels::fromMap()
{
    const Labels set = labelsOf("foo=bar,baz=blah");
    QVERIFY(LabelSelector::fromMap({}).matches(set));
    QVERIFY(LabelSelector::fromMap({}).empty());
    QVERIFY(LabelSelector::fromMap(labelsOf("foo=bar")).matches(set));
    QVERIFY(LabelSelector::fromMap(labelsOf("baz=blah")).matches(set));
    QVERIFY(LabelSelector::fromMap(labelsOf("foo=bar,baz=blah")).matches(set));
    QVERIFY(!LabelSelector::fromMap(labelsOf("foo=bar,x=y")).matches(set));
    QCOMPARE(str(LabelSelector::fromMap(labelsOf("foo=bar,baz=blah")).toString()),
             QStringLiteral("baz=blah,foo=bar"));
}

// TestAdd.
void TestLabels::add()
{
    LabelSelector selector;
    selector.add(requirement("key", Op::In, {"value"}));
    QCOMPARE(str(selector.toString()), QStringLiteral("key in (value)"));
    selector.add(requirement("key2", Op::Equals, {"value2"}));
    QCOMPARE(str(selector.toString()), QStringLiteral("key in (value),key2=value2"));
    selector.add(requirement("a", Op::Exists));
    QCOMPARE(str(selector.toString()), QStringLiteral("a,key in (value),key2=value2"));
    QCOMPARE(selector.requirements().size(), std::size_t{3});
    QCOMPARE(str(selector.requirements().front().key), QStringLiteral("a"));
}

// TestEverything, Nothing and null selectors.
void TestLabels::everythingAndNothing()
{
    const LabelSelector everything;
    QVERIFY(everything.empty());
    QVERIFY(everything.matches(labelsOf("x=y")));
    QVERIFY(everything.matches({}));

    const LabelSelector nothing = LabelSelector::nothing();
    QVERIFY(!nothing.empty());
    QVERIFY(nothing.matchesNothing());
    QVERIFY(!nothing.matches({}));
    QVERIFY(!nothing.matches(labelsOf("x=y")));
    QCOMPARE(str(nothing.toString()), QString());

    const auto fromNull = LabelSelector::fromJson(Json(nullptr));
    QVERIFY(fromNull.has_value());
    QVERIFY(fromNull->matchesNothing());

    LabelSelector stillNothing = LabelSelector::nothing();
    stillNothing.add(requirement("a", Op::Exists));
    QVERIFY(!stillNothing.matches(labelsOf("a=b")));
}

QTEST_APPLESS_MAIN(TestLabels)
#include "tst_labels.moc"

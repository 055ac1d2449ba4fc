// SPDX-License-Identifier: GPL-3.0-or-later
#include <chrono>
#include <cmath>
#include <string>

#include <QDirIterator>
#include <QFile>
#include <QtTest>

#include "core/manifest/manifest.h"
#include "support/complexity.h"

using kubelab::core::Document;
using kubelab::core::ErrorCode;
using kubelab::core::Json;

namespace {

std::string readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().toStdString();
}

std::string typeOf(const Json& value)
{
    if (value.is_null())
        return "null";
    if (value.is_boolean())
        return "bool";
    if (value.is_number_integer())
        return "int";
    if (value.is_number_float())
        return "float";
    if (value.is_string())
        return "string";
    return value.is_array() ? "array" : "object";
}

// "a: 1" -> a ConfigMap-shaped document with that one extra field.
std::string withTypeMeta(const std::string& body)
{
    return "apiVersion: v1\nkind: ConfigMap\n" + body;
}

QString errorText(const std::string& text, const std::string& file = "x.yaml")
{
    auto decoded = kubelab::core::decodeManifests(text, file);
    if (decoded)
        return QStringLiteral("<no error>");
    return QString::fromStdString(decoded.error().toString());
}

} // namespace

class TestManifest : public QObject
{
    Q_OBJECT

private slots:
    void scalars_data();
    void scalars();
    void keysAreStrings();
    void keyOrderAndMerge();
    void sortedKeys();
    void multiDocument();
    void lists();
    void json();
    void errors_data();
    void errors();
    void errorCarriesPosition();
    void depthLimit_data();
    void depthLimit();
    void aliasBomb_data();
    void aliasBomb();
    void sizeLimit();
    void manyKeysStayFast();
    void toYamlGolden_data();
    void toYamlGolden();
    void toYamlFolding();
    void toJsonGolden();
    void roundTrip_data();
    void roundTrip();
    void nginxDeployment();
};

void TestManifest::scalars_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("json");

    // Booleans: YAML 1.1 words as go-yaml v2 (sigs.k8s.io/yaml) resolves them.
    QTest::addRow("true") << "true" << "bool" << "true";
    QTest::addRow("True") << "True" << "bool" << "true";
    QTest::addRow("FALSE") << "FALSE" << "bool" << "false";
    QTest::addRow("yes") << "yes" << "bool" << "true";
    QTest::addRow("Yes") << "Yes" << "bool" << "true";
    QTest::addRow("NO") << "NO" << "bool" << "false";
    QTest::addRow("on") << "on" << "bool" << "true";
    QTest::addRow("Off") << "Off" << "bool" << "false";
    QTest::addRow("y") << "y" << "bool" << "true";
    QTest::addRow("N") << "N" << "bool" << "false";
    QTest::addRow("yES is a string") << "yES" << "string" << "\"yES\"";
    QTest::addRow("tRUE is a string") << "tRUE" << "string" << "\"tRUE\"";
    // Null.
    QTest::addRow("null") << "null" << "null" << "null";
    QTest::addRow("Null") << "Null" << "null" << "null";
    QTest::addRow("tilde") << "~" << "null" << "null";
    QTest::addRow("empty") << "" << "null" << "null";
    QTest::addRow("nULL is a string") << "nULL" << "string" << "\"nULL\"";
    // Integers.
    QTest::addRow("decimal") << "80" << "int" << "80";
    QTest::addRow("negative") << "-12" << "int" << "-12";
    QTest::addRow("plus sign") << "+12" << "int" << "12";
    QTest::addRow("hex") << "0x1F" << "int" << "31";
    QTest::addRow("octal 0o") << "0o17" << "int" << "15";
    QTest::addRow("octal leading zero") << "0755" << "int" << "493";
    QTest::addRow("binary") << "0b101" << "int" << "5";
    QTest::addRow("negative binary") << "-0b101" << "int" << "-5";
    QTest::addRow("underscores") << "1_000_000" << "int" << "1000000";
    QTest::addRow("int64 max") << "9223372036854775807" << "int" << "9223372036854775807";
    QTest::addRow("int64 min") << "-9223372036854775808" << "int" << "-9223372036854775808";
    QTest::addRow("beyond int64") << "9223372036854775808" << "float" << "9.223372036854776e+18";
    // Floats (integral ones end up integers, as after kubectl's JSON step).
    QTest::addRow("float") << "1.5" << "float" << "1.5";
    QTest::addRow("leading dot") << ".5" << "float" << "0.5";
    QTest::addRow("exponent") << "1e3" << "int" << "1000";
    QTest::addRow("integral float") << "2.0" << "int" << "2";
    QTest::addRow("small exponent") << "2.5e-3" << "float" << "0.0025";
    QTest::addRow("08 is a float") << "08" << "int" << "8";
    QTest::addRow("overflowing exponent") << "1e999" << "string" << "\"1e999\"";
    // Strings.
    QTest::addRow("word") << "nginx" << "string" << "\"nginx\"";
    QTest::addRow("image") << "nginx:1.14.2" << "string" << "\"nginx:1.14.2\"";
    QTest::addRow("quoted true") << "\"true\"" << "string" << "\"true\"";
    QTest::addRow("single quoted number") << "'80'" << "string" << "\"80\"";
    QTest::addRow("str tag") << "!!str 80" << "string" << "\"80\"";
    QTest::addRow("str tag bool") << "!!str yes" << "string" << "\"yes\"";
    QTest::addRow("int tag") << "!!int \"42\"" << "int" << "42";
    QTest::addRow("float tag on int") << "!!float 3" << "int" << "3";
    QTest::addRow("local tag") << "!custom 3" << "string" << "\"3\"";
    QTest::addRow("timestamp") << "2001-12-14" << "string" << "\"2001-12-14\"";
    QTest::addRow("sexagesimal") << "1:20" << "string" << "\"1:20\"";
    QTest::addRow("quantity") << "500m" << "string" << "\"500m\"";
    QTest::addRow("version") << "1.14.2" << "string" << "\"1.14.2\"";
    QTest::addRow("dot") << "." << "string" << "\".\"";
    QTest::addRow("dash word") << "-x" << "string" << "\"-x\"";
    QTest::addRow("0x alone") << "0x" << "string" << "\"0x\"";
    QTest::addRow("escapes") << "\"a\\tb\\u00e9\"" << "string" << "\"a\\tbé\"";
    QTest::addRow("unicode escapes") << "\"a\\Nb\\Lc\\_d\""
                                     << "string" << QString::fromUtf8("\"a\xC2\x85" "b\xE2\x80\xA8" "c\xC2\xA0" "d\"");
    QTest::addRow("binary tag") << "!!binary aGVsbG8=" << "string" << "\"hello\"";
    QTest::addRow("literal block") << "|\n  a\n  b" << "string" << "\"a\\nb\\n\"";
    QTest::addRow("folded block") << ">-\n  a\n  b" << "string" << "\"a b\"";
    QTest::addRow("flow sequence") << "[1, two, 3.5]" << "array" << "[1,\"two\",3.5]";
    QTest::addRow("flow mapping") << "{a: 1, b: on}" << "object" << "{\"a\":1,\"b\":true}";
}

void TestManifest::scalars()
{
    QFETCH(QString, yaml);
    QFETCH(QString, type);
    QFETCH(QString, json);

    auto decoded = kubelab::core::decodeManifests(withTypeMeta("v: " + yaml.toStdString() + "\n"), "x.yaml");
    QVERIFY2(decoded.has_value(), decoded ? "" : decoded.error().toString().c_str());
    QCOMPARE(decoded->size(), std::size_t{1});
    const Json& value = decoded->front().object["v"];
    QCOMPARE(QString::fromStdString(typeOf(value)), type);
    QCOMPARE(QString::fromStdString(value.dump()), json);
}

void TestManifest::keysAreStrings()
{
    // sigs.k8s.io/yaml turns go-yaml's typed keys into strings: `on:` is "true".
    auto decoded = kubelab::core::decodeManifests(withTypeMeta("data:\n  on: a\n  80: b\n  null_: c\n  1.5: d\n"),
                                                  "x.yaml");
    QVERIFY(decoded.has_value());
    const Json& data = decoded->front().object["data"];
    QCOMPARE(QString::fromStdString(data.dump()), QStringLiteral(R"({"true":"a","80":"b","null_":"c","1.5":"d"})"));
}

void TestManifest::keyOrderAndMerge()
{
    const std::string text = withTypeMeta("zeta: 1\nalpha: 2\nmiddle: 3\n"
                                          "base: &base {cpu: 100m, memory: 64Mi}\n"
                                          "merged:\n  <<: *base\n  memory: 128Mi\n"
                                          "quotedMerge:\n  \"<<\": literal\n");
    auto decoded = kubelab::core::decodeManifests(text, "x.yaml");
    QVERIFY2(decoded.has_value(), decoded ? "" : decoded.error().toString().c_str());
    const Json& object = decoded->front().object;
    QCOMPARE(QString::fromStdString(object.dump()),
             QStringLiteral(R"({"apiVersion":"v1","kind":"ConfigMap","zeta":1,"alpha":2,"middle":3,)"
                            R"("base":{"cpu":"100m","memory":"64Mi"},"merged":{"cpu":"100m","memory":"128Mi"},)"
                            R"("quotedMerge":{"<<":"literal"}})"));
}

void TestManifest::multiDocument()
{
    const std::string text = "# leading comment\n"
                             "---\n"
                             "apiVersion: v1\n"
                             "kind: Namespace\n"
                             "metadata: {name: one}\n"
                             "---\n"
                             "---\n"
                             "# only a comment\n"
                             "---\n"
                             "~\n"
                             "---\n"
                             "  apiVersion: v1\n"
                             "  kind: Namespace\n"
                             "  metadata: {name: two}\n"
                             "...\n"
                             "--- # after an explicit end\n"
                             "apiVersion: v1\n"
                             "kind: Namespace\n"
                             "metadata: {name: three}\n";
    auto decoded = kubelab::core::decodeManifests(text, "ns.yaml");
    QVERIFY2(decoded.has_value(), decoded ? "" : decoded.error().toString().c_str());
    QCOMPARE(decoded->size(), std::size_t{3});
    QCOMPARE(QString::fromStdString(kubelab::core::nameOf((*decoded)[0].object)), QStringLiteral("one"));
    QCOMPARE(QString::fromStdString(kubelab::core::nameOf((*decoded)[1].object)), QStringLiteral("two"));
    QCOMPARE(QString::fromStdString(kubelab::core::nameOf((*decoded)[2].object)), QStringLiteral("three"));
    QCOMPARE(QString::fromStdString((*decoded)[0].location.file), QStringLiteral("ns.yaml"));
    QCOMPARE((*decoded)[0].location.line, 3);
    QCOMPARE((*decoded)[0].location.column, 1);
    QCOMPARE((*decoded)[1].location.line, 12);
    QCOMPARE((*decoded)[1].location.column, 3);
    QCOMPARE((*decoded)[2].location.line, 17);

    auto empty = kubelab::core::decodeManifests("# nothing here\n---\n", "empty.yaml");
    QVERIFY(empty.has_value());
    QVERIFY(empty->empty());
    auto nothing = kubelab::core::decodeManifests("", "empty.yaml");
    QVERIFY(nothing.has_value());
    QVERIFY(nothing->empty());
}

void TestManifest::lists()
{
    const std::string text = "apiVersion: v1\n"
                             "kind: List\n"
                             "items:\n"
                             "- apiVersion: v1\n"
                             "  kind: Service\n"
                             "  metadata: {name: web}\n"
                             "-   apiVersion: apps/v1\n"
                             "    kind: Deployment\n"
                             "    metadata: {name: web}\n"
                             "---\n"
                             "apiVersion: v1\n"
                             "kind: PodList\n"
                             "items:\n"
                             "- metadata: {name: inherits}\n"
                             "- apiVersion: v1\n"
                             "  kind: List\n"
                             "  items:\n"
                             "  - {apiVersion: v1, kind: ConfigMap, metadata: {name: nested}}\n"
                             "---\n"
                             "apiVersion: v1\n"
                             "kind: List\n"
                             "items: []\n";
    auto decoded = kubelab::core::decodeManifests(text, "list.yaml");
    QVERIFY2(decoded.has_value(), decoded ? "" : decoded.error().toString().c_str());
    QCOMPARE(decoded->size(), std::size_t{4});
    QCOMPARE(QString::fromStdString(kubelab::core::kindOf((*decoded)[0].object)), QStringLiteral("Service"));
    QCOMPARE((*decoded)[0].location.line, 4);
    QCOMPARE((*decoded)[0].location.column, 3);
    QCOMPARE(QString::fromStdString(kubelab::core::kindOf((*decoded)[1].object)), QStringLiteral("Deployment"));
    QCOMPARE((*decoded)[1].location.line, 7);
    QCOMPARE((*decoded)[1].location.column, 5);
    // An item of a PodList without kind and apiVersion takes them from the list.
    QCOMPARE(QString::fromStdString((*decoded)[2].object.dump()),
             QStringLiteral(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"inherits"}})"));
    QCOMPARE(QString::fromStdString(kubelab::core::nameOf((*decoded)[3].object)), QStringLiteral("nested"));

    // JSON lists expand the same way, with item positions.
    const std::string json = "{\"kind\": \"List\", \"apiVersion\": \"v1\", \"items\": [\n"
                             "  {\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"a\"}},\n"
                             "  {\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"b\"}}\n"
                             "]}\n";
    auto fromJson = kubelab::core::decodeManifests(json, "list.json");
    QVERIFY2(fromJson.has_value(), fromJson ? "" : fromJson.error().toString().c_str());
    QCOMPARE(fromJson->size(), std::size_t{2});
    QCOMPARE((*fromJson)[1].location.line, 3);
    QCOMPARE((*fromJson)[1].location.column, 3);
}

void TestManifest::json()
{
    const std::string text = "\n  {\"kind\": \"Pod\", \"apiVersion\": \"v1\",\n"
                             "   \"metadata\": {\"name\": \"p\", \"labels\": {\"z\": \"1\", \"a\": \"2\"}},\n"
                             "   \"spec\": {\"replicas\": 3, \"ratio\": 1.0, \"big\": 18446744073709551615,"
                             " \"on\": true, \"none\": null}}\n";
    auto decoded = kubelab::core::decodeManifests(text, "pod.json");
    QVERIFY2(decoded.has_value(), decoded ? "" : decoded.error().toString().c_str());
    QCOMPARE(decoded->size(), std::size_t{1});
    const Document& document = decoded->front();
    QCOMPARE(document.location.line, 2);
    QCOMPARE(document.location.column, 3);
    // Key order is kept, numbers keep JSON's types (1.0 stays a float).
    QCOMPARE(QString::fromStdString(document.object.dump()),
             QStringLiteral(R"({"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","labels":{"z":"1","a":"2"}},)"
                            R"("spec":{"replicas":3,"ratio":1.0,"big":1.8446744073709552e+19,"on":true,"none":null}})"));
    QVERIFY(document.object["spec"]["replicas"].is_number_integer());
}

void TestManifest::errors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");

    const QByteArray kv("apiVersion: v1\nkind: ConfigMap\n");
    auto addError = [](const char* name, const QByteArray& text, const QString& expected) {
        QTest::newRow(name) << text << expected;
    };
    // Syntax errors, at the offending spot, in go-yaml's words.
    addError("mapping value in plain scalar",
        kv + "data:\n  a: b: c\n",
        "error: x.yaml:4:7: error converting YAML to JSON: yaml: mapping values are not allowed in this context");
    addError("bad indentation",
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n     image: b\n",
        "error: x.yaml:6:11: error converting YAML to JSON: yaml: mapping values are not allowed in this context");
    addError("sequence after mapping",
        kv + "data:\n  a: 1\n  - b\n",
        "error: x.yaml:5:3: error converting YAML to JSON: yaml: did not find expected key");
    addError("unclosed flow sequence",
        kv + "data: [1, 2\n",
        "error: x.yaml:4:1: error converting YAML to JSON: yaml: did not find expected ',' or ']'");
    addError("unclosed flow mapping",
        kv + "data: {a: 1\n",
        "error: x.yaml:4:1: error converting YAML to JSON: yaml: did not find expected ',' or '}'");
    addError("unclosed double quote",
        kv + "data:\n  a: \"open\n",
        "error: x.yaml:4:6: error converting YAML to JSON: yaml: found unexpected end of stream while scanning a "
           "quoted scalar");
    addError("unclosed single quote",
        kv + "data: {a: 'it''s}\n",
        "error: x.yaml:3:11: error converting YAML to JSON: yaml: found unexpected end of stream while scanning a "
           "quoted scalar");
    addError("tab indentation",
        kv + "data:\n\ta: 1\n",
        "error: x.yaml:4:1: error converting YAML to JSON: yaml: found character that cannot start any token");
    addError("unknown escape",
        kv + "data: \"a\\qb\"\n",
        "error: x.yaml:3:9: error converting YAML to JSON: yaml: found unknown escape character");
    addError("unknown anchor",
        kv + "data: *missing\n",
        "error: x.yaml:3:7: error converting YAML to JSON: yaml: unknown anchor 'missing' referenced");
    addError("recursive alias",
        kv + "data: &loop [*loop]\n",
        "error: x.yaml:3:14: error converting YAML to JSON: yaml: anchor 'loop' value contains itself");
    addError("second document without marker",
        "- a\nkind: Pod\n",
        "error: x.yaml:2:1: error converting YAML to JSON: yaml: did not find expected <document start>");
    addError("document after end marker without start marker",
             "apiVersion: v1\nkind: Pod\n...\napiVersion: v1\nkind: Service\n",
             "error: x.yaml:4:1: error converting YAML to JSON: yaml: did not find expected <document start>");
    addError("line without colon",
             kv + "data:\n  a: 1\n  image nginx\n",
             "error: x.yaml:5:3: error converting YAML to JSON: yaml: could not find expected ':'");
    addError("colon without space",
             "apiVersion: v1\nkind: Service\nspec:\n  port: 80\n  targetPort:} 9376\n",
             "error: x.yaml:5:3: error converting YAML to JSON: yaml: could not find expected ':'");
    addError("tab after dash",
             kv + "data:\n-\tb\n",
             "error: x.yaml:4:2: error converting YAML to JSON: yaml: found character that cannot start any token");
    addError("empty anchor",
             kv + "data: &\"w\"\n",
             "error: x.yaml:3:7: error converting YAML to JSON: yaml: did not find expected alphabetic or numeric "
             "character");
    addError("undefined tag handle",
             kv + "data: !e!x b\n",
             "error: x.yaml:3:7: error converting YAML to JSON: yaml: found undefined tag handle");
    addError("duplicate key",
        kv + "metadata:\n  name: a\n  labels: {}\n  name: b\n",
        "error: x.yaml:6:3: error converting YAML to JSON: yaml: mapping key \"name\" already defined at line 4");
    addError("duplicate key after conversion",
        kv + "data:\n  yes: a\n  \"true\": b\n",
        "error: x.yaml:5:3: error converting YAML to JSON: yaml: mapping key \"true\" already defined at line 4");
    addError("sequence as key",
        kv + "? [a]\n: b\n",
        "error: x.yaml:3:3: error converting YAML to JSON: yaml: invalid map key: [\"a\"]");
    addError("bad merge",
        kv + "data:\n  <<: 3\n",
        "error: x.yaml:4:3: error converting YAML to JSON: yaml: map merge requires map or sequence of maps as "
           "the value");
    addError("int tag on a word",
        kv + "data: !!int abc\n",
        "error: x.yaml:3:7: error converting YAML to JSON: yaml: cannot decode !!str `abc` as a !!int");
    addError("invalid utf-8",
        kv + "data: \"caf\xC3\x28\"\n",
        "error: x.yaml:3:12: error converting YAML to JSON: yaml: invalid trailing UTF-8 octet");
    addError("control character",
        kv + "data: a\x01z\n",
        "error: x.yaml:3:8: error converting YAML to JSON: yaml: control characters are not allowed");

    // Document-level checks.
    addError("sequence document",
        "- apiVersion: v1\n  kind: Pod\n",
        "error: x.yaml:1:1: expected a mapping (a Kubernetes object), got a sequence");
    addError("scalar document",
        "---\nhello\n",
        "error: x.yaml:2:1: expected a mapping (a Kubernetes object), got a string");
    addError("missing kind",
        "apiVersion: v1\nmetadata:\n  name: web\n  labels: {b: \"<&>\", a: x}\n",
        "error: x.yaml:1:1: Object 'Kind' is missing in "
           "'{\"apiVersion\":\"v1\",\"metadata\":{\"labels\":{\"a\":\"x\",\"b\":\"\\u003c\\u0026\\u003e\"},"
           "\"name\":\"web\"}}'");
    addError("missing apiVersion",
        "---\n# a pod\nkind: Pod\nmetadata: {name: web}\n",
        "error: x.yaml:3:1: Object 'apiVersion' is missing in '{\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\"}}'");
    addError("empty kind",
        "apiVersion: v1\nkind: \"\"\n",
        "error: x.yaml:1:1: Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"kind\":\"\"}'");
    addError("kind is a number",
        "apiVersion: v1\nkind: 5\n",
        "error: x.yaml:1:1: couldn't get version/kind; json parse error: json: cannot unmarshal number into Go "
           "struct field .kind of type string");
    addError("list item without kind",
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n- apiVersion: v1\n  metadata: {}\n",
        "error: x.yaml:6:3: Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"metadata\":{}}'");
    addError("list items not a sequence",
        "apiVersion: v1\nkind: List\nitems: {a: 1}\n",
        "error: x.yaml:1:1: the items of a List must be a sequence, got a value");
    addError("second document fails",
        "apiVersion: v1\nkind: Pod\n---\napiVersion: v1\n",
        "error: x.yaml:4:1: Object 'Kind' is missing in '{\"apiVersion\":\"v1\"}'");

    // JSON, with Go's encoding/json wording.
    addError("json key not a string",
        "{\"kind\": \"Pod\",\n x: 1}",
        "error: x.yaml:2:2: invalid character 'x' looking for beginning of object key string");
    addError("json missing colon",
        "{\"kind\" \"Pod\"}",
        "error: x.yaml:1:9: invalid character '\"' after object key");
    addError("json missing comma",
        "{\"kind\": \"Pod\"\n \"apiVersion\": \"v1\"}",
        "error: x.yaml:2:2: invalid character '\"' after object key:value pair");
    addError("json array element",
        "[1 2]",
        "error: x.yaml:1:4: invalid character '2' after array element");
    addError("json trailing comma",
        "{\"a\": [1,]}",
        "error: x.yaml:1:10: invalid character ']' looking for beginning of value");
    addError("json bad literal",
        "{\"a\": tru}",
        "error: x.yaml:1:10: invalid character '}' in literal true (expecting 'e')");
    addError("json unexpected end",
        "{\"kind\": \"Pod\",\n",
        "error: x.yaml:2:1: unexpected end of JSON input");
    addError("json trailing value",
        "{\"kind\": \"Pod\", \"apiVersion\": \"v1\"}\n{}",
        "error: x.yaml:2:1: invalid character '{' after top-level value");
    addError("json control character",
        "{\"a\": \"x\ny\"}",
        "error: x.yaml:1:9: invalid character '\\n' in string literal");
    addError("json bad escape",
        "{\"a\": \"\\q\"}",
        "error: x.yaml:1:9: invalid character 'q' in string escape code");
    addError("json duplicate key",
        "{\"kind\": \"Pod\",\n \"apiVersion\": \"v1\",\n \"kind\": \"Service\"}",
        "error: x.yaml:3:2: mapping key \"kind\" already defined at line 1");
    addError("json top-level array",
        "[{\"kind\": \"Pod\", \"apiVersion\": \"v1\"}]",
        "error: x.yaml:1:1: expected a mapping (a Kubernetes object), got a sequence");
    addError("json missing kind",
        "{\"metadata\": {\"name\": \"x\"}, \"apiVersion\": \"v1\"}",
        "error: x.yaml:1:1: Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}'");
}

void TestManifest::errors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    QCOMPARE(errorText(text.toStdString()), expected);
}

void TestManifest::errorCarriesPosition()
{
    auto decoded = kubelab::core::decodeManifests("apiVersion: v1\nkind: Pod\nspec: [\n", "pods/web.yaml");
    QVERIFY(!decoded.has_value());
    const auto& error = decoded.error();
    QCOMPARE(error.code, ErrorCode::Parse);
    QCOMPARE(QString::fromStdString(error.location.file), QStringLiteral("pods/web.yaml"));
    QCOMPARE(error.location.line, 4);
    QCOMPARE(error.location.column, 1);

    // Columns count characters, not bytes.
    auto wide = kubelab::core::decodeManifests("apiVersion: v1\nkind: Pod\nété: a: b\n", "x.yaml");
    QVERIFY(!wide.has_value());
    QCOMPARE(wide.error().location.line, 3);
    QCOMPARE(wide.error().location.column, 7);

    // A byte order mark is skipped.
    auto bom = kubelab::core::decodeManifests("\xEF\xBB\xBF" "apiVersion: v1\nkind: Pod\n", "x.yaml");
    QVERIFY(bom.has_value());
    QCOMPARE(bom->size(), std::size_t{1});
}

void TestManifest::depthLimit_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("depth");
    QTest::addColumn<bool>("accepted");

    for (const QString& format : {QStringLiteral("flow"), QStringLiteral("block"), QStringLiteral("json")}) {
        QTest::addRow("%s 256", qPrintable(format)) << format << 256 << true;
        QTest::addRow("%s 257", qPrintable(format)) << format << 257 << false;
        const int huge = format == QLatin1String("block") ? 2000 : 100000;
        QTest::addRow("%s %d", qPrintable(format), huge) << format << huge << false;
    }
}

void TestManifest::depthLimit()
{
    QFETCH(QString, format);
    QFETCH(int, depth);
    QFETCH(bool, accepted);

    // The top-level mapping is level 1; `n` holds depth - 1 nested sequences.
    std::string text;
    const int inner = depth - 1;
    if (format == QLatin1String("flow")) {
        text = "apiVersion: v1\nkind: Deep\nn: " + std::string(static_cast<std::size_t>(inner), '[')
            + std::string(static_cast<std::size_t>(inner), ']') + "\n";
    } else if (format == QLatin1String("json")) {
        text = "{\"apiVersion\": \"v1\", \"kind\": \"Deep\", \"n\": " + std::string(static_cast<std::size_t>(inner), '[')
            + std::string(static_cast<std::size_t>(inner), ']') + "}";
    } else {
        // Block sequences, one level per "-" line.
        text = "apiVersion: v1\nkind: Deep\nn:\n";
        for (int level = 0; level < inner - 2; ++level)
            text += std::string(static_cast<std::size_t>(level) * 2, ' ') + "-\n";
        text += std::string(static_cast<std::size_t>(inner - 2) * 2, ' ') + "- []\n";
    }
    auto decoded = kubelab::core::decodeManifests(text, "deep.yaml");
    QCOMPARE(decoded.has_value(), accepted);
    if (!accepted) {
        QCOMPARE(decoded.error().code, ErrorCode::Parse);
        QVERIFY2(decoded.error().message.find("nested deeper than 256 levels") != std::string::npos,
                 decoded.error().message.c_str());
        QVERIFY(decoded.error().location.line > 0);
    }
}

void TestManifest::aliasBomb_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("accepted");

    // "Billion laughs": nine levels of nine aliases.
    QString laughs = QStringLiteral("apiVersion: v1\nkind: ConfigMap\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
                                    "\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    const QString names = QStringLiteral("abcdefghi");
    for (int i = 1; i < names.size(); ++i) {
        const QString previous = QStringLiteral("*") + names[i - 1];
        QStringList refs;
        for (int k = 0; k < 9; ++k)
            refs << previous;
        laughs += names[i] + QStringLiteral(": &") + names[i] + QStringLiteral(" [") + refs.join(QStringLiteral(","))
            + QStringLiteral("]\n");
    }
    QTest::addRow("billion laughs") << laughs << false;

    // Aliases that nest deeper than the limit once expanded.
    QString deep = QStringLiteral("apiVersion: v1\nkind: ConfigMap\nx: &x ") + QString(200, u'[') + QString(200, u']')
        + QStringLiteral("\ny: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n");
    QTest::addRow("deep through aliases") << deep << false;

    // Nested anchors over a large value: the copies kept for aliases count too.
    QString nested = QStringLiteral("apiVersion: v1\nkind: ConfigMap\nx: ");
    for (int i = 0; i < 200; ++i)
        nested += QStringLiteral("&a%1 [").arg(i);
    nested += QStringLiteral("0") + QStringLiteral(",0").repeated(20000) + QString(200, u']') + QStringLiteral("\n");
    QTest::addRow("nested anchors") << nested << false;

    // Ordinary anchors are fine.
    QTest::addRow("small anchors")
        << QStringLiteral("apiVersion: v1\nkind: ConfigMap\nbase: &b {a: 1}\none: *b\ntwo: *b\n") << true;
}

void TestManifest::aliasBomb()
{
    QFETCH(QString, text);
    QFETCH(bool, accepted);

    decltype(kubelab::core::decodeManifests("", "")) decoded;
    QVERIFY(kubelab::testing::withinCpuBudget(std::chrono::seconds(5), [&] {
        decoded = kubelab::core::decodeManifests(text.toStdString(), "bomb.yaml");
    }));
    QCOMPARE(decoded.has_value(), accepted);
    if (!accepted)
        QCOMPARE(decoded.error().code, ErrorCode::Parse);
    if (QTest::currentDataTag() == QLatin1String("billion laughs")) {
        QVERIFY2(decoded.error().message.find("excessive aliasing") != std::string::npos,
                 decoded.error().message.c_str());
    }
}

void TestManifest::sizeLimit()
{
    std::string text = withTypeMeta("data:\n  blob: \"");
    text.append(kubelab::core::maxManifestBytes, 'x');
    text += "\"\n";
    auto decoded = kubelab::core::decodeManifests(text, "big.yaml");
    QVERIFY(!decoded.has_value());
    QCOMPARE(decoded.error().code, ErrorCode::Parse);
    QCOMPARE(QString::fromStdString(decoded.error().toString()),
             QStringLiteral("error: big.yaml: the input is too large: %1 bytes (the limit is 64 MiB)")
                 .arg(text.size()));
}

void TestManifest::manyKeysStayFast()
{
    // Duplicate detection and insertion must not be quadratic.
    std::string yaml = withTypeMeta("data:\n");
    std::string json = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"data\": {";
    for (int i = 0; i < 100000; ++i) {
        yaml += "  key" + std::to_string(i) + ": v\n";
        json += (i > 0 ? ",\"key" : "\"key") + std::to_string(i) + "\": \"v\"";
    }
    json += "}}";
    // A List on one line: item positions are found without rescanning the line.
    std::string list = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [";
    for (int i = 0; i < 50000; ++i)
        list += std::string(i > 0 ? "," : "") + "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\"}";
    list += "]}";
    decltype(kubelab::core::decodeManifests(yaml, "")) fromYaml, fromJson, fromList;
    QVERIFY(kubelab::testing::withinCpuBudget(std::chrono::seconds(20), [&] {
        fromYaml = kubelab::core::decodeManifests(yaml, "many.yaml");
        fromJson = kubelab::core::decodeManifests(json, "many.json");
        fromList = kubelab::core::decodeManifests(list, "list.json");
    }));
    QVERIFY(fromYaml.has_value());
    QVERIFY(fromJson.has_value());
    QCOMPARE(fromYaml->front().object["data"].size(), std::size_t{100000});
    QCOMPARE(fromJson->front().object["data"].size(), std::size_t{100000});
    QVERIFY(fromList.has_value());
    QCOMPARE(fromList->size(), std::size_t{50000});
    QCOMPARE(fromList->back().location.column, 48 + 42 * 49999);
}

void TestManifest::toYamlGolden_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("yaml");

    QTest::addRow("nested")
        << R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","labels":{"app":"nginx"}},)"
           R"("spec":{"containers":[{"image":"nginx","name":"web","ports":[{"containerPort":80}]}]}})"
        << "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: nginx\nspec:\n  containers:\n"
           "  - image: nginx\n    name: web\n    ports:\n    - containerPort: 80\n";
    QTest::addRow("scalars")
        << R"({"b":true,"n":null,"i":-3,"f":1.5,"big":1e+30,"small":0.00001,"whole":2.0,"s":"plain text"})"
        << "b: true\n\"n\": null\ni: -3\nf: 1.5\nbig: 1e+30\nsmall: 1e-05\nwhole: 2\ns: plain text\n";
    QTest::addRow("strings that need quotes")
        << R"({"a":"true","b":"1","c":"","d":"*","e":"a: b","f":"yes","g":"~","h":"1.5","i":"0x1F",)"
           R"("j":"2024-01-01T00:00:00Z","k":"1:20","l":"- x","m":"@x","n":"# x","o":"it's","p":" lead",)"
           R"("q":"trail ","r":"<<","s":"null","t":"[a]"})"
        << "a: \"true\"\nb: \"1\"\nc: \"\"\nd: '*'\ne: 'a: b'\nf: \"yes\"\ng: \"~\"\nh: \"1.5\"\ni: \"0x1F\"\n"
           "j: \"2024-01-01T00:00:00Z\"\nk: \"1:20\"\nl: '- x'\nm: '@x'\n\"n\": '# x'\no: it's\np: ' lead'\n"
           "q: 'trail '\nr: \"<<\"\ns: \"null\"\nt: '[a]'\n";
    QTest::addRow("strings that stay plain")
        << R"({"a":"nginx:1.14.2","b":"500m","c":"a#b","d":"-x","e":"8080:80","f":"été","g":"x: ","h":"a,b"})"
        << "a: nginx:1.14.2\nb: 500m\nc: a#b\nd: -x\ne: 8080:80\nf: été\ng: 'x: '\nh: a,b\n";
    QTest::addRow("escapes")
        << R"({"tab":"a\tb","emoji":"😀","bell":"\u0007","quote":"say \"hi\"\t"})"
        << "tab: \"a\\tb\"\nemoji: \"\\U0001F600\"\nbell: \"\\a\"\nquote: \"say \\\"hi\\\"\\t\"\n";
    QTest::addRow("unicode line breaks")
        << QString::fromUtf8(R"({"ls":"a\u2028b","nel":"a\u0085b"})")
        << "ls: \"a\\Lb\"\nnel: \"a\\x85b\"\n";
    QTest::addRow("multi-line strings")
        << R"({"clip":"a\nb\n","strip":"a\nb","keep":"a\n\n","indent":"  x\ny\n","space":"a \nb","last":"z"})"
        << "clip: |\n  a\n  b\nstrip: |-\n  a\n  b\nkeep: |+\n  a\n\nindent: |2\n    x\n  y\n"
           "space: \"a \\nb\"\nlast: z\n";
    QTest::addRow("empty collections")
        << R"({"m":{},"l":[],"nested":[[],{},[1,[2]]]})"
        << "m: {}\nl: []\nnested:\n- []\n- {}\n- - 1\n  - - 2\n";
    QTest::addRow("keys that need quotes")
        << R"({"true":1,"":2,"a: b":3,"8080":4,"app.kubernetes.io/name":5})"
        << "\"true\": 1\n\"\": 2\n'a: b': 3\n\"8080\": 4\napp.kubernetes.io/name: 5\n";
    QTest::addRow("literal in a sequence")
        << R"({"args":["-c","echo a\necho b\n"]})"
        << "args:\n- -c\n- |\n  echo a\n  echo b\n";
    QTest::addRow("empty object") << "{}" << "{}\n";
}

void TestManifest::toYamlGolden()
{
    QFETCH(QString, json);
    QFETCH(QString, yaml);
    const Json object = Json::parse(json.toStdString());
    QCOMPARE(QString::fromStdString(kubelab::core::toYaml(object)), yaml);
}

void TestManifest::toYamlFolding()
{
    // go-yaml v2 folds long strings at 80 columns (kubectl output shows this).
    Json object = Json::object();
    object["metadata"]["annotations"]["description"] =
        "Waits for its Service and its database, then starts; this line is long enough to fold";
    object["message"] = "container has runAsNonRoot and image will run as root (pod: \"web-0_default(1234)\", "
                        "container: web)";
    const std::string yaml = kubelab::core::toYaml(object);
    QCOMPARE(QString::fromStdString(yaml),
             QStringLiteral("metadata:\n  annotations:\n    description: Waits for its Service and its database, then "
                            "starts; this line is\n      long enough to fold\n"
                            "message: 'container has runAsNonRoot and image will run as root (pod: "
                            "\"web-0_default(1234)\",\n  container: web)'\n"));
    std::string text = "apiVersion: v1\nkind: X\n" + yaml;
    auto decoded = kubelab::core::decodeManifests(text, "x.yaml");
    QVERIFY(decoded.has_value());
    QCOMPARE(decoded->front().object["message"], object["message"]);
    QCOMPARE(decoded->front().object["metadata"], object["metadata"]);
}

void TestManifest::toJsonGolden()
{
    const Json object = Json::parse(R"({"kind":"Pod","apiVersion":"v1","metadata":{"name":"a<b>&c","labels":{}},)"
                                    R"("spec":{"containers":[],"ratio":2.0,"half":0.5}})");
    QCOMPARE(QString::fromStdString(kubelab::core::toJson(object)),
             QStringLiteral("{\n"
                            "    \"kind\": \"Pod\",\n"
                            "    \"apiVersion\": \"v1\",\n"
                            "    \"metadata\": {\n"
                            "        \"name\": \"a\\u003cb\\u003e\\u0026c\",\n"
                            "        \"labels\": {}\n"
                            "    },\n"
                            "    \"spec\": {\n"
                            "        \"containers\": [],\n"
                            "        \"ratio\": 2,\n"
                            "        \"half\": 0.5\n"
                            "    }\n"
                            "}\n"));
}

void TestManifest::roundTrip_data()
{
    QTest::addColumn<QString>("path");
    const QString root = QStringLiteral(KUBELAB_TEST_DATA "/manifests");
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    QStringList files;
    while (it.hasNext())
        files << it.next();
    files.sort();
    QVERIFY(files.size() >= 9);
    for (const QString& file : files)
        QTest::addRow("%s", qPrintable(QDir(root).relativeFilePath(file))) << file;
}

void TestManifest::roundTrip()
{
    QFETCH(QString, path);
    const std::string text = readFile(path);
    QVERIFY(!text.empty());
    auto decoded = kubelab::core::decodeManifests(text, path.toStdString());
    QVERIFY2(decoded.has_value(), decoded ? "" : decoded.error().toString().c_str());
    QVERIFY(!decoded->empty());
    for (const Document& document : *decoded) {
        const std::string yaml = kubelab::core::toYaml(document.object);
        auto again = kubelab::core::decodeManifests(yaml, "again.yaml");
        QVERIFY2(again.has_value(), again ? "" : (again.error().toString() + "\n" + yaml).c_str());
        QCOMPARE(again->size(), std::size_t{1});
        QVERIFY2(again->front().object == document.object, yaml.c_str());
        // Printing is stable: the second print equals the first.
        QCOMPARE(QString::fromStdString(kubelab::core::toYaml(again->front().object)), QString::fromStdString(yaml));

        const std::string json = kubelab::core::toJson(document.object);
        auto fromJson = kubelab::core::decodeManifests(json, "again.json");
        QVERIFY2(fromJson.has_value(), fromJson ? "" : fromJson.error().toString().c_str());
        QVERIFY2(fromJson->front().object == document.object, json.c_str());
    }
}

void TestManifest::nginxDeployment()
{
    const std::string text = readFile(QStringLiteral(KUBELAB_TEST_DATA "/manifests/controllers/nginx-deployment.yaml"));
    auto decoded = kubelab::core::decodeManifests(text, "controllers/nginx-deployment.yaml");
    QVERIFY(decoded.has_value());
    QCOMPARE(decoded->size(), std::size_t{1});
    const Json& deployment = decoded->front().object;
    QCOMPARE(QString::fromStdString(kubelab::core::kindOf(deployment)), QStringLiteral("Deployment"));
    QCOMPARE(QString::fromStdString(kubelab::core::nameOf(deployment)), QStringLiteral("nginx-deployment"));
    QCOMPARE(deployment["spec"]["replicas"], Json(3));
    QCOMPARE(deployment["spec"]["selector"]["matchLabels"]["app"], Json("nginx"));
    const Json& container = deployment["spec"]["template"]["spec"]["containers"][0];
    QCOMPARE(container["image"], Json("nginx:1.14.2"));
    QCOMPARE(container["ports"][0]["containerPort"], Json(80));
    // kubectl -o yaml prints it back as written (the file already uses kubectl's layout).
    QCOMPARE(QString::fromStdString(kubelab::core::toYaml(deployment)), QString::fromStdString(text));
}

void TestManifest::sortedKeys()
{
    // Sorted at every level, arrays kept in order; the same fields in another order compare equal.
    const Json a = Json::parse("{\"spec\":{\"z\":1,\"a\":[{\"y\":2,\"b\":3}]},\"kind\":\"Pod\"}");
    const Json b = Json::parse("{\"kind\":\"Pod\",\"spec\":{\"a\":[{\"b\":3,\"y\":2}],\"z\":1}}");
    QVERIFY(a != b);
    QVERIFY(kubelab::core::sortedKeys(a) == kubelab::core::sortedKeys(b));
    QCOMPARE(QString::fromStdString(kubelab::core::sortedKeys(a).dump()),
             QStringLiteral("{\"kind\":\"Pod\",\"spec\":{\"a\":[{\"b\":3,\"y\":2}],\"z\":1}}"));
}

QTEST_APPLESS_MAIN(TestManifest)
#include "tst_manifest.moc"

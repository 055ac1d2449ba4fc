// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream client-go's util/jsonpath tests (jsonpath_test.go, parser_test.go,
// empty_array_test.go) and kubectl's JSONPath, custom-columns and --sort-by printers.
//
// Upstream feeds some cases Go structs, whose fields keep their declaration order; here every
// document is decoded JSON, whose maps kubectl iterates and prints in sorted key order, so
// those expectations list the fields sorted (noted on each row).
#include <QTest>

#include <string>
#include <vector>

#include "core/cli/jsonpath.h"

using kubelab::cli::customColumns;
using kubelab::cli::evaluateJsonPath;
using kubelab::cli::executeJsonPath;
using kubelab::cli::JsonPathOptions;
using kubelab::cli::relaxedJsonPathExpression;
using kubelab::cli::sortByJsonPath;
using kubelab::cli::sortListByJsonPath;
using kubelab::core::Json;
using kubelab::core::ObjectPtr;

namespace {

const char* const kTypes = R"({
  "bools": [true, false, true, false],
  "integers": [1, 2, 3, 4],
  "floats": [1.0, 2.2, 3.3, 4.0],
  "strings": ["one", "two", "three", "four"],
  "interfaces": [true, "one", 1, 1.1],
  "maps": [
    {"name": "one", "value": 1},
    {"name": "two", "value": 2.02},
    {"name": "three", "value": 3.03},
    {"name": "four", "value": 4.04}
  ],
  "structs": [
    {"name": "one", "value": 1, "type": "integer"},
    {"name": "two", "value": 2.002, "type": "float"},
    {"name": "three", "value": 3, "type": "integer"},
    {"name": "four", "value": 4.004, "type": "float"}
  ]
})";

const char* const kStore = R"({
  "Name": "jsonpath",
  "Book": [
    {"Category": "reference", "Author": "Nigel Rees", "Title": "Sayings of the Centurey", "Price": 8.95},
    {"Category": "fiction", "Author": "Evelyn Waugh", "Title": "Sword of Honour", "Price": 12.99},
    {"Category": "fiction", "Author": "Herman Melville", "Title": "Moby Dick", "Price": 8.99}
  ],
  "Bicycle": [
    {"Color": "red", "Price": 19.95, "IsNew": true},
    {"Color": "green", "Price": 20.01, "IsNew": false}
  ],
  "Labels": {"engieer": 10, "web/html": 15, "k8s-app": 20},
  "Employees": {"jason": "manager", "dan": "clerk"}
})";

const char* const kPoints = R"([
  {"id": "i1", "x": 4, "y": -5},
  {"id": "i2", "x": -2, "y": -5, "z": 1},
  {"id": "i3", "x": 8, "y": 3},
  {"id": "i4", "x": -6, "y": -1},
  {"id": "i5", "x": 0, "y": 2, "z": 1},
  {"id": "i6", "x": 1, "y": 4}
])";

const char* const kNodes = R"({
  "kind": "List",
  "items": [
    {
      "kind": "None",
      "metadata": {"name": "127.0.0.1", "labels": {"kubernetes.io/hostname": "127.0.0.1"}},
      "status": {
        "capacity": {"cpu": "4"},
        "ready": true,
        "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.1"}]
      }
    },
    {
      "kind": "None",
      "metadata": {"name": "127.0.0.2", "labels": {"kubernetes.io/hostname": "127.0.0.2"}},
      "status": {
        "capacity": {"cpu": "8"},
        "ready": false,
        "addresses": [
          {"type": "LegacyHostIP", "address": "127.0.0.2"},
          {"type": "another", "address": "127.0.0.3"}
        ]
      }
    }
  ],
  "users": [
    {"name": "myself", "user": {}},
    {"name": "e2e", "user": {"username": "admin", "password": "secret"}}
  ]
})";

const char* const kNested = R"({
  "items": [
    {
      "metadata": {"name": "pod1"},
      "spec": {"containers": [
        {"name": "foo", "another": [{"name": "value1"}, {"name": "value2"}]},
        {"name": "bar", "another": [{"name": "value1"}, {"name": "value2"}]}
      ]}
    },
    {
      "metadata": {"name": "pod2"},
      "spec": {"containers": [
        {"name": "baz", "another": [{"name": "value1"}, {"name": "value2"}]}
      ]}
    }
  ]
})";

const char* const kAnnotated = R"({
  "kind": "List",
  "items": [
    {"kind": "Pod", "metadata": {"name": "pod1", "annotations": {"color": "blue"}}},
    {"kind": "Pod", "metadata": {"name": "pod2"}},
    {"kind": "Pod", "metadata": {"name": "pod3", "annotations": {"color": "green"}}},
    {"kind": "Pod", "metadata": {"name": "pod4", "annotations": {"color": "blue"}}}
  ]
})";

const char* const kFourContainers = R"({
  "apiVersion": "v1", "kind": "Pod",
  "spec": {"containers": [
    {"image": "radial/busyboxplus:curl", "name": "fake0"},
    {"image": "radial/busyboxplus:curl", "name": "fake1"},
    {"image": "radial/busyboxplus:curl", "name": "fake2"},
    {"image": "radial/busyboxplus:curl", "name": "fake3"}
  ]}
})";

const char* const kSixContainers = R"({
  "apiVersion": "v1", "kind": "Pod",
  "spec": {"containers": [
    {"image": "radial/busyboxplus:curl", "name": "fake0"},
    {"image": "radial/busyboxplus:curl", "name": "fake1"},
    {"image": "radial/busyboxplus:curl", "name": "fake2"},
    {"image": "radial/busyboxplus:curl", "name": "fake3"},
    {"image": "radial/busyboxplus:curl", "name": "fake4"},
    {"image": "radial/busyboxplus:curl", "name": "fake5"}
  ]}
})";

const char* const kRunning = R"({
  "kind": "List",
  "items": [
    {"kind": "Pod", "metadata": {"name": "pod1"}, "status": {"phase": "Running"}},
    {"kind": "Pod", "metadata": {"name": "pod2"}, "status": {"phase": "Running"}},
    {"kind": "Pod", "metadata": {"name": "pod3"}, "status": {"phase": "Running"}},
    {"resourceVersion": "", "selfLink": ""}
  ]
})";

const char* const kPods = R"({
  "apiVersion": "v1",
  "kind": "List",
  "items": [
    {
      "kind": "Pod",
      "metadata": {"name": "web-1", "labels": {"tier": "fe", "app.kubernetes.io/name": "web", "app": "web"}},
      "spec": {"nodeName": "node-1", "replicas": 3, "containers": [{"name": "nginx", "image": "nginx:1.27"}]},
      "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}], "weight": 0.5}
    },
    {
      "kind": "Pod",
      "metadata": {"name": "web-2", "labels": {"app": "web"}},
      "spec": {"replicas": 1, "containers": [{"name": "nginx", "image": "nginx:1.27"}, {"name": "log", "image": "busybox"}]},
      "status": {"phase": "Pending", "conditions": [{"type": "Ready", "status": "False"}], "weight": 2}
    }
  ],
  "metadata": {"resourceVersion": ""}
})";

Json parseJson(const QByteArray& text)
{
    return Json::parse(text.constData());
}

QString str(const std::string& text)
{
    return QString::fromStdString(text);
}

QStringList namesOf(const std::vector<ObjectPtr>& objects)
{
    QStringList names;
    for (const ObjectPtr& o : objects)
        names << str(o->at("metadata").value("name", std::string("?")));
    return names;
}

std::vector<ObjectPtr> namedObjects(const QStringList& specs)
{
    // "name" or "name=json-of-spec.x"; the value sits at .spec.x.
    std::vector<ObjectPtr> objects;
    for (const QString& spec : specs) {
        const qsizetype eq = spec.indexOf('=');
        Json o = {{"metadata", {{"name", spec.left(eq < 0 ? spec.size() : eq).toStdString()}}}};
        if (eq >= 0)
            o["spec"]["x"] = Json::parse(spec.mid(eq + 1).toStdString());
        objects.push_back(std::make_shared<const Json>(std::move(o)));
    }
    return objects;
}

} // namespace

class TestJsonPath : public QObject {
    Q_OBJECT

private slots:
    void engine_data();
    void engine();
    void parserErrors_data();
    void parserErrors();
    void kubectl_data();
    void kubectl();
    void kubectlErrors_data();
    void kubectlErrors();
    void missingKeysRefused();
    void relaxed_data();
    void relaxed();
    void customColumns_data();
    void customColumns();
    void customColumnsFile();
    void sortBy_data();
    void sortBy();
    void sortByLongLists();
    void sortList_data();
    void sortList();
};

void TestJsonPath::engine_data()
{
    QTest::addColumn<QString>("tmpl");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("allowMissingKeys");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("error");

    // TestTypesInput (structs become maps: their fields print sorted).
    const QByteArray types = kTypes;
    QTest::addRow("boolSlice") << "{ .bools }" << types << false << "[true,false,true,false]" << "";
    QTest::addRow("boolSliceIndex") << "{ .bools[0] }" << types << false << "true" << "";
    QTest::addRow("boolSliceIndexReverse") << "{ .bools[-1] }" << types << false << "false" << "";
    QTest::addRow("boolSubSlice") << "{ .bools[0:2] }" << types << false << "true false" << "";
    QTest::addRow("boolSubSliceFirst2") << "{ .bools[:2] }" << types << false << "true false" << "";
    QTest::addRow("boolSubSliceStep2") << "{ .bools[:4:2] }" << types << false << "true true" << "";
    QTest::addRow("integerSlice") << "{ .integers }" << types << false << "[1,2,3,4]" << "";
    QTest::addRow("integerSliceIndex") << "{ .integers[0] }" << types << false << "1" << "";
    QTest::addRow("integerSliceIndexReverse") << "{ .integers[-2] }" << types << false << "3" << "";
    QTest::addRow("integerSubSliceFirst2") << "{ .integers[0:2] }" << types << false << "1 2" << "";
    QTest::addRow("integerSubSliceFirst2Alt") << "{ .integers[:2] }" << types << false << "1 2" << "";
    QTest::addRow("integerSubSliceStep2") << "{ .integers[:4:2] }" << types << false << "1 3" << "";
    QTest::addRow("floatSlice") << "{ .floats }" << types << false << "[1,2.2,3.3,4]" << "";
    QTest::addRow("floatSliceIndex") << "{ .floats[0] }" << types << false << "1" << "";
    QTest::addRow("floatSliceIndexReverse") << "{ .floats[-2] }" << types << false << "3.3" << "";
    QTest::addRow("floatSubSliceFirst2") << "{ .floats[0:2] }" << types << false << "1 2.2" << "";
    QTest::addRow("floatSubSliceFirst2Alt") << "{ .floats[:2] }" << types << false << "1 2.2" << "";
    QTest::addRow("floatSubSliceStep2") << "{ .floats[:4:2] }" << types << false << "1 3.3" << "";
    QTest::addRow("stringSlice") << "{ .strings }" << types << false << R"(["one","two","three","four"])" << "";
    QTest::addRow("stringSliceIndex") << "{ .strings[0] }" << types << false << "one" << "";
    QTest::addRow("stringSliceIndexReverse") << "{ .strings[-2] }" << types << false << "three" << "";
    QTest::addRow("stringSubSliceFirst2") << "{ .strings[0:2] }" << types << false << "one two" << "";
    QTest::addRow("stringSubSliceFirst2Alt") << "{ .strings[:2] }" << types << false << "one two" << "";
    QTest::addRow("stringSubSliceStep2") << "{ .strings[:4:2] }" << types << false << "one three" << "";
    QTest::addRow("interfaceSlice") << "{ .interfaces }" << types << false << R"([true,"one",1,1.1])" << "";
    QTest::addRow("interfaceSliceIndex") << "{ .interfaces[0] }" << types << false << "true" << "";
    QTest::addRow("interfaceSliceIndexReverse") << "{ .interfaces[-2] }" << types << false << "1" << "";
    QTest::addRow("interfaceSubSliceFirst2") << "{ .interfaces[0:2] }" << types << false << "true one" << "";
    QTest::addRow("interfaceSubSliceFirst2Alt") << "{ .interfaces[:2] }" << types << false << "true one" << "";
    QTest::addRow("interfaceSubSliceStep2") << "{ .interfaces[:4:2] }" << types << false << "true 1" << "";
    QTest::addRow("mapSlice") << "{ .maps }" << types << false
                              << R"([{"name":"one","value":1},{"name":"two","value":2.02},{"name":"three","value":3.03},{"name":"four","value":4.04}])"
                              << "";
    QTest::addRow("mapSliceIndex") << "{ .maps[0] }" << types << false << R"({"name":"one","value":1})" << "";
    QTest::addRow("mapSliceIndexReverse") << "{ .maps[-2] }" << types << false << R"({"name":"three","value":3.03})" << "";
    QTest::addRow("mapSubSliceFirst2") << "{ .maps[0:2] }" << types << false
                                       << R"({"name":"one","value":1} {"name":"two","value":2.02})" << "";
    QTest::addRow("mapSubSliceFirst2Alt") << "{ .maps[:2] }" << types << false
                                          << R"({"name":"one","value":1} {"name":"two","value":2.02})" << "";
    QTest::addRow("mapSubSliceStepOdd") << "{ .maps[::2] }" << types << false
                                        << R"({"name":"one","value":1} {"name":"three","value":3.03})" << "";
    QTest::addRow("mapSubSliceStepEven") << "{ .maps[1::2] }" << types << false
                                         << R"({"name":"two","value":2.02} {"name":"four","value":4.04})" << "";
    // Struct rows: upstream prints name, value, type (declaration order).
    QTest::addRow("structSlice") << "{ .structs }" << types << false
                                 << R"([{"name":"one","type":"integer","value":1},{"name":"two","type":"float","value":2.002},{"name":"three","type":"integer","value":3},{"name":"four","type":"float","value":4.004}])"
                                 << "";
    QTest::addRow("structSliceIndex") << "{ .structs[0] }" << types << false
                                      << R"({"name":"one","type":"integer","value":1})" << "";
    QTest::addRow("structSliceIndexReverse") << "{ .structs[-2] }" << types << false
                                             << R"({"name":"three","type":"integer","value":3})" << "";
    QTest::addRow("structSubSliceFirst2") << "{ .structs[0:2] }" << types << false
                                          << R"({"name":"one","type":"integer","value":1} {"name":"two","type":"float","value":2.002})"
                                          << "";
    QTest::addRow("structSubSliceStepOdd") << "{ .structs[::2] }" << types << false
                                           << R"({"name":"one","type":"integer","value":1} {"name":"three","type":"integer","value":3})"
                                           << "";
    QTest::addRow("structSubSliceStepEven") << "{ .structs[1::2] }" << types << false
                                            << R"({"name":"two","type":"float","value":2.002} {"name":"four","type":"float","value":4.004})"
                                            << "";

    // TestStructInput.
    const QByteArray store = kStore;
    QTest::addRow("plain") << "hello jsonpath" << QByteArray("null") << false << "hello jsonpath" << "";
    QTest::addRow("recursive") << "{..}" << QByteArray("[1, 2, 3]") << false << "[1,2,3]" << "";
    QTest::addRow("filter") << "{[?(@<5)]}" << QByteArray("[2, 6, 3, 7]") << false << "2 3" << "";
    QTest::addRow("quote") << R"({"{"})" << QByteArray("null") << false << "{" << "";
    QTest::addRow("union") << "{[1,3,4]}" << QByteArray("[0, 1, 2, 3, 4]") << false << "1 3 4" << "";
    QTest::addRow("array") << "{[0:2]}" << QByteArray(R"(["Monday", "Tudesday"])") << false << "Monday Tudesday" << "";
    QTest::addRow("variable") << "hello {.Name}" << store << false << "hello jsonpath" << "";
    QTest::addRow("dict/ labels") << "{$.Labels.web/html}" << store << false << "15" << "";
    QTest::addRow("dict/ jason") << "{$.Employees.jason}" << store << false << "manager" << "";
    QTest::addRow("dict/ dan") << "{$.Employees.dan}" << store << false << "clerk" << "";
    QTest::addRow("dict-") << "{.Labels.k8s-app}" << store << false << "20" << "";
    QTest::addRow("nest") << "{.Bicycle[*].Color}" << store << false << "red green" << "";
    QTest::addRow("allarray") << "{.Book[*].Author}" << store << false << "Nigel Rees Evelyn Waugh Herman Melville" << "";
    // Upstream (struct field order): "{red 19.95 true} {green 20.01 false} ".
    QTest::addRow("allfields") << R"({range .Bicycle[*]}{ "{" }{ @.* }{ "} " }{end})" << store << false
                               << "{red true 19.95} {green false 20.01} " << "";
    // Upstream (struct field order, Book before Bicycle): "8.95 12.99 8.99 19.95 20.01".
    QTest::addRow("recurfields") << "{..Price}" << store << false << "19.95 20.01 8.95 12.99 8.99" << "";
    QTest::addRow("recurdotfields") << "{...Price}" << store << false << "19.95 20.01 8.95 12.99 8.99" << "";
    QTest::addRow("superrecurfields") << "{............................................................Price}" << store
                                      << false << "" << "invalid multiple recursive descent";
    QTest::addRow("allstructsSlice") << "{.Bicycle}" << store << false
                                     << R"([{"Color":"red","IsNew":true,"Price":19.95},{"Color":"green","IsNew":false,"Price":20.01}])"
                                     << "";
    QTest::addRow("allstructs") << R"({range .Bicycle[*]}{ @ }{ " " }{end})" << store << false
                                << R"({"Color":"red","IsNew":true,"Price":19.95} {"Color":"green","IsNew":false,"Price":20.01} )"
                                << "";
    QTest::addRow("lastarray") << "{.Book[-1:]}" << store << false
                               << R"({"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"})" << "";
    QTest::addRow("recurarray") << "{..Book[2]}" << store << false
                                << R"({"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"})" << "";
    QTest::addRow("bool") << "{.Bicycle[?(@.IsNew==true)]}" << store << false
                          << R"({"Color":"red","IsNew":true,"Price":19.95})" << "";
    QTest::addRow("nonexistent field, allowed") << "{.hello}" << store << true << "" << "";
    QTest::addRow("nonexistent field 2, allowed") << "before-{.hello}after" << store << true << "before-after" << "";
    QTest::addRow("invalid identifier") << "{hello}" << store << false << "" << "unrecognized identifier hello";
    QTest::addRow("nonexistent field") << "{.hello}" << store << false << "" << "hello is not found";
    // Upstream's Labels is a map[string]int.
    QTest::addRow("invalid array") << "{.Labels[0]}" << store << false << ""
                                   << "map[string]interface {} is not array or slice";
    QTest::addRow("invalid filter operator") << "{.Book[?(@.Price<>10)]}" << store << false << ""
                                             << "unrecognized filter operator <>";
    QTest::addRow("redundant end") << "{range .Labels.*}{@}{end}{end}" << store << false << ""
                                   << "not in range, nothing to end";

    // TestJSONInput.
    QTest::addRow("exists filter") << "{[?(@.z)].id}" << QByteArray(kPoints) << false << "i2 i5" << "";
    QTest::addRow("bracket key") << "{[0]['id']}" << QByteArray(kPoints) << false << "i1" << "";

    // TestKubernetes.
    const QByteArray nodes = kNodes;
    QTest::addRow("range item") << "{range .items[*]}{.metadata.name}, {end}{.kind}" << nodes << false
                                << "127.0.0.1, 127.0.0.2, List" << "";
    QTest::addRow("range item with quote") << R"({range .items[*]}{.metadata.name}{"\t"}{end})" << nodes << false
                                           << "127.0.0.1\t127.0.0.2\t" << "";
    QTest::addRow("range addresss") << "{.items[*].status.addresses[*].address}" << nodes << false
                                    << "127.0.0.1 127.0.0.2 127.0.0.3" << "";
    QTest::addRow("double range") << "{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}" << nodes
                                  << false << "127.0.0.1, 127.0.0.2, 127.0.0.3, " << "";
    QTest::addRow("item name") << "{.items[*].metadata.name}" << nodes << false << "127.0.0.1 127.0.0.2" << "";
    QTest::addRow("union nodes capacity") << "{.items[*]['metadata.name', 'status.capacity']}" << nodes << false
                                          << R"(127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"})" << "";
    QTest::addRow("range nodes capacity") << "{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}" << nodes
                                          << false << R"([127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] )" << "";
    QTest::addRow("user password") << R"({.users[?(@.name=="e2e")].user.password})" << nodes << false << "secret" << "";
    QTest::addRow("hostname") << R"({.items[0].metadata.labels.kubernetes\.io/hostname})" << nodes << false
                              << "127.0.0.1" << "";
    QTest::addRow("hostname filter") << R"({.items[?(@.metadata.labels.kubernetes\.io/hostname=="127.0.0.1")].kind})"
                                     << nodes << false << "None" << "";
    QTest::addRow("bool item") << "{.items[?(@..ready==true)].metadata.name}" << nodes << false << "127.0.0.1" << "";
    // Upstream compares this one sorted (Go maps iterate randomly); maps iterate sorted here.
    QTest::addRow("recursive name") << "{..name}" << nodes << false << "127.0.0.1 127.0.0.2 myself e2e" << "";

    // TestEmptyRange.
    QTest::addRow("empty range") << "{range .items[*]}{.metadata.name}{end}" << QByteArray(R"({"items":[]})") << true
                                 << "" << "";
    QTest::addRow("empty nested range")
        << R"({range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end})"
        << QByteArray(R"({"items":[]})") << true << "" << "";

    // TestNestedRanges.
    const QByteArray nested = kNested;
    QTest::addRow("nested range with a trailing newline")
        << R"({range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end})" << nested
        << false << "pod1:foo,bar,+pod2:baz,+" << "";
    QTest::addRow("nested range within another nested range")
        << R"({range .items[*]}{.metadata.name}{"~"}{range @.spec.containers[*]}{.name}{":"}{range @.another[*]}{.name}{","}{end}{"+"}{end}{"#"}{end})"
        << nested << false << "pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#" << "";
    QTest::addRow("two nested ranges at the same level")
        << R"({range .items[*]}{.metadata.name}{"\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\n"}{end})"
        << nested << false << "pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n" << "";

    // TestFilterPartialMatchesSometimesMissingAnnotations.
    QTest::addRow("filter subset, tolerate missing items")
        << R"({.items[?(@.metadata.annotations.color=="blue")].metadata.name})" << QByteArray(kAnnotated) << true
        << "pod1 pod4" << "";
    QTest::addRow("filter subset, error on missing items")
        << R"({.items[?(@.metadata.annotations.color=="blue")].metadata.name})" << QByteArray(kAnnotated) << false
        << "" << "annotations is not found";

    // TestNegativeIndex.
    const QByteArray four = kFourContainers;
    QTest::addRow("containers[0]") << "{.spec.containers[0].name}" << four << false << "fake0" << "";
    QTest::addRow("containers[0:0]") << "{.spec.containers[0:0].name}" << four << false << "" << "";
    QTest::addRow("containers[0:-1]") << "{.spec.containers[0:-1].name}" << four << false << "fake0 fake1 fake2" << "";
    QTest::addRow("containers[-1:0]") << "{.spec.containers[-1:0].name}" << four << false << ""
                                      << "starting index 3 is greater than ending index 0";
    QTest::addRow("containers[-1]") << "{.spec.containers[-1].name}" << four << false << "fake3" << "";
    QTest::addRow("containers[-1:]") << "{.spec.containers[-1:].name}" << four << false << "fake3" << "";
    QTest::addRow("containers[-2]") << "{.spec.containers[-2].name}" << four << false << "fake2" << "";
    QTest::addRow("containers[-2:]") << "{.spec.containers[-2:].name}" << four << false << "fake2 fake3" << "";
    QTest::addRow("containers[-3]") << "{.spec.containers[-3].name}" << four << false << "fake1" << "";
    QTest::addRow("containers[-4]") << "{.spec.containers[-4].name}" << four << false << "fake0" << "";
    QTest::addRow("containers[-4:]") << "{.spec.containers[-4:].name}" << four << false
                                     << "fake0 fake1 fake2 fake3" << "";
    QTest::addRow("containers[-5]") << "{.spec.containers[-5].name}" << four << false << ""
                                    << "array index out of bounds: index -1, length 4";
    QTest::addRow("containers[5:5]") << "{.spec.containers[5:5].name}" << four << false << "" << "";
    QTest::addRow("containers[-5:-5]") << "{.spec.containers[-5:-5].name}" << four << false << "" << "";
    QTest::addRow("containers[3:1]") << "{.spec.containers[3:1].name}" << four << false << ""
                                     << "starting index 3 is greater than ending index 1";
    QTest::addRow("containers[-1:-2]") << "{.spec.containers[-1:-2].name}" << four << false << ""
                                       << "starting index 3 is greater than ending index 2";
    QTest::addRow("containers[5]") << "{.spec.containers[5].name}" << four << true << ""
                                   << "array index out of bounds: index 5, length 4";

    // TestRunningPodsJSONPathOutput.
    QTest::addRow("range over pods without selecting the last one")
        << R"({range .items[?(.status.phase=="Running")]}{.metadata.name}{" is Running\n"}{end})" << QByteArray(kRunning)
        << true << "pod1 is Running\npod2 is Running\npod3 is Running\n" << "";

    // TestStep.
    const QByteArray six = kSixContainers;
    QTest::addRow("containers[0:]") << "{.spec.containers[0:].name}" << six << false
                                    << "fake0 fake1 fake2 fake3 fake4 fake5" << "";
    QTest::addRow("containers[0:6:]") << "{.spec.containers[0:6:].name}" << six << false
                                      << "fake0 fake1 fake2 fake3 fake4 fake5" << "";
    QTest::addRow("containers[0:6:1]") << "{.spec.containers[0:6:1].name}" << six << false
                                       << "fake0 fake1 fake2 fake3 fake4 fake5" << "";
    QTest::addRow("containers[0:6:0]") << "{.spec.containers[0:6:0].name}" << six << false << "" << "step must be > 0";
    QTest::addRow("containers[0:6:-1]") << "{.spec.containers[0:6:-1].name}" << six << false << ""
                                        << "step must be > 0";
    QTest::addRow("containers[1:4:2]") << "{.spec.containers[1:4:2].name}" << six << false << "fake1 fake3" << "";
    QTest::addRow("containers[1:4:3]") << "{.spec.containers[1:4:3].name}" << six << false << "fake1" << "";
    QTest::addRow("containers[1:4:4]") << "{.spec.containers[1:4:4].name}" << six << false << "fake1" << "";
    QTest::addRow("containers[0:6:2]") << "{.spec.containers[0:6:2].name}" << six << false << "fake0 fake2 fake4" << "";
    QTest::addRow("containers[0:6:3]") << "{.spec.containers[0:6:3].name}" << six << false << "fake0 fake3" << "";
    QTest::addRow("containers[0:6:5]") << "{.spec.containers[0:6:5].name}" << six << false << "fake0 fake5" << "";
    QTest::addRow("containers[0:6:6]") << "{.spec.containers[0:6:6].name}" << six << false << "fake0" << "";

    // TestEmptyArrayDoesNotStopFollowingInputs.
    QTest::addRow("empty first") << "{[*][*]}" << QByteArray(R"([[], ["second"]])") << false << "second" << "";
    QTest::addRow("empty middle") << "{[*][*]}" << QByteArray(R"([["first"], [], ["third"]])") << false
                                  << "first third" << "";
    QTest::addRow("empty last") << "{[*][:]}" << QByteArray(R"([["first"], []])") << false << "first" << "";
    QTest::addRow("all empty") << "{[*][*]}" << QByteArray("[[], []]") << false << "" << "";
    QTest::addRow("empty negative slice") << "{[*][0:-1]}" << QByteArray(R"([["first"], ["second", "third"]])")
                                          << false << "second" << "";
    QTest::addRow("no empty slices") << "{[*][*]}" << QByteArray(R"([["first"], ["second"]])") << false
                                     << "first second" << "";

    // parser_test.go's trees, checked by what they select.
    const QByteArray osImages = R"~([
        {"status": {"nodeInfo": {"osImage": "()"}}, "test": "())(", "n": 1},
        {"status": {"nodeInfo": {"osImage": "(\"\")"}}, "n": 2},
        {"status": {"nodeInfo": {"osImage": "Linux"}}, "n": 3},
        {"status": {"nodeInfo": {"osImage": "{[()]}"}}, "n": 4},
        {"status": {"nodeInfo": {"osImage": "''"}}, "n": 5},
        {"status": {"nodeInfo": {"osImage": "\"\""}}, "n": 6},
        {"status": {"nodeInfo": {"osImage": "\\'"}}, "n": 7}
    ])~";
    QTest::addRow("paired parentheses in quotes") << R"~({[?(@.status.nodeInfo.osImage == "()")].n})~" << osImages
                                                  << true << "1" << "";
    QTest::addRow("escaped double quotes") << R"~({[?(@.status.nodeInfo.osImage == "(\"\")")].n})~" << osImages << true
                                           << "2" << "";
    QTest::addRow("unregular parentheses") << R"~({[?(@.test == "())(")].n})~" << osImages << true << "1" << "";
    QTest::addRow("plain text in single quotes") << R"~({[?(@.status.nodeInfo.osImage == 'Linux')].n})~" << osImages
                                                 << true << "3" << "";
    QTest::addRow("filter suffix") << R"~({[?(@.status.nodeInfo.osImage == "{[()]}")].n})~" << osImages << true << "4"
                                   << "";
    QTest::addRow("double inside single") << R"~({[?(@.status.nodeInfo.osImage == "''")].n})~" << osImages << true
                                          << "5" << "";
    QTest::addRow("single inside double") << R"~({[?(@.status.nodeInfo.osImage == '""')].n})~" << osImages << true
                                          << "6" << "";
    QTest::addRow("single containing escaped single") << R"~({[?(@.status.nodeInfo.osImage == '\\\'')].n})~"
                                                      << osImages << true << "7" << "";
    QTest::addRow("arraydict") << "{['book.price']}" << QByteArray(R"({"book": {"price": 3}})") << false << "3" << "";
    QTest::addRow("union of dict keys and index")
        << "{['bicycle.price', 3, 'book.price']}" << QByteArray(R"({"bicycle": {"price": 1}, "book": {"price": 2}})")
        << false << "" << "map[string]interface {} is not array or slice";
    QTest::addRow("empty index is [0]") << "{[]}" << QByteArray("[7, 8]") << false << "7" << "";

    // Comparisons as the forked text/template does them.
    const QByteArray mixed = R"([{"v": 1, "n": "a"}, {"v": 2.5, "n": "b"}, {"v": "x", "n": "c"}, {"v": true, "n": "d"}])";
    QTest::addRow("int against int literal") << "{[?(@.v==1)].n}" << QByteArray(R"([{"v": 1, "n": "a"}, {"v": 2, "n": "b"}])")
                                             << true << "a" << "";
    QTest::addRow("int against float literal") << "{[?(@.v>0.5)].n}" << mixed << true << ""
                                               << "incompatible types for comparison";
    QTest::addRow("bool ordering") << "{[?(@.v<true)].n}" << QByteArray(R"([{"v": true, "n": "d"}])") << true << ""
                                   << "invalid type for comparison";
    QTest::addRow("string ordering") << R"({[?(@.n>="b")].n})" << mixed << true << "b c d" << "";
    QTest::addRow("not equal") << R"({[?(@.n!="b")].n})" << mixed << true << "a c d" << "";
    QTest::addRow("compare a map") << R"({[?(@.m=="x")].n})" << QByteArray(R"([{"m": {}, "n": "a"}])") << true << ""
                                   << "invalid type for comparison";
    QTest::addRow("two values on the left") << R"({[?(@.a[*]=="x")]})" << QByteArray(R"([{"a": ["x", "y"]}])") << true
                                            << "" << "can only compare one element at a time";
    QTest::addRow("filter on a map") << "{.a[?(@.b)]}" << QByteArray(R"({"a": {"b": 1}})") << true << ""
                                     << "map[b:1] is not array or slice and cannot be filtered";

    // Printing as Go does.
    QTest::addRow("null") << "{.a}" << QByteArray(R"({"a": null})") << true << "<nil>" << "";
    QTest::addRow("float as fmt prints it") << "{.a[*]}" << QByteArray(R"({"a": [1.5, 1e6, 123456.0, 0.00001, 1e21, -0.25]})") << true
                              << "1.5 1e+06 123456 1e-05 1e+21 -0.25" << "";
    QTest::addRow("float as encoding/json prints it") << "{.a}" << QByteArray(R"({"a": [1e6, 1e21, 1e-7, 100000000.0, 0.5]})") << true
                                << "[1000000,1e+21,1e-7,100000000,0.5]" << "";
    QTest::addRow("html escaped json") << "{.a}" << QByteArray(R"({"a": {"s": "<a&b>\n"}})") << true
                                       << R"({"s":"\u003ca\u0026b\u003e\n"})" << "";
    QTest::addRow("wildcard over a map") << "{.a.*}" << QByteArray(R"({"a": {"c": 3, "a": 1, "b": 2}})") << true
                                         << "1 2 3" << "";
    QTest::addRow("wildcard over a string") << "{.a.*}" << QByteArray(R"({"a": "hi"})") << true << "104 105" << "";
    QTest::addRow("range over nulls") << "{range .a[*]}{@};{end}" << QByteArray(R"({"a": [null, 1]})") << true
                                      << "<no value>;1;" << "";
    // Without an end the rest runs once per item, then once more on the document.
    QTest::addRow("range without end") << "{range .a[*]}{@}," << QByteArray(R"({"a": [1, 2]})") << true
                                       << R"(1,2,{"a":[1,2]},)" << "";
    QTest::addRow("dollar") << "{$}" << QByteArray(R"({"b": 1, "a": [true]})") << true << R"({"a":[true],"b":1})" << "";
    QTest::addRow("literals") << R"({"a\tb"}{'c'}{1}{2.5}{true})" << QByteArray("{}") << true << "a\tbc12.5true" << "";
}

void TestJsonPath::engine()
{
    QFETCH(QString, tmpl);
    QFETCH(QByteArray, input);
    QFETCH(bool, allowMissingKeys);
    QFETCH(QString, expected);
    QFETCH(QString, error);

    JsonPathOptions options;
    options.allowMissingKeys = allowMissingKeys;
    auto out = executeJsonPath(tmpl.toStdString(), parseJson(input), options);
    if (!error.isEmpty()) {
        QVERIFY2(!out, qPrintable("expected an error, got " + (out ? str(*out) : QString())));
        QCOMPARE(str(out.error().message), error);
        return;
    }
    QVERIFY2(out.has_value(), out ? "" : out.error().message.c_str());
    QCOMPARE(str(*out), expected);
}

void TestJsonPath::parserErrors_data()
{
    QTest::addColumn<QString>("tmpl");
    QTest::addColumn<QString>("error");

    // TestFailParser.
    QTest::addRow("unclosed action") << "{.hello" << "unclosed action";
    QTest::addRow("unrecognized character") << "{*}" << "unrecognized character in action: U+002A '*'";
    QTest::addRow("invalid number") << "{+12.3.0}" << "cannot parse number +12.3.0";
    QTest::addRow("unterminated array") << "{[1}" << "unterminated array";
    QTest::addRow("unterminated filter") << "{[?(.price]}" << "unterminated filter";
    QTest::addRow("invalid multiple recursive descent") << "{........}" << "invalid multiple recursive descent";
    // parser_test.go's "malformat input".
    QTest::addRow("malformat input") << R"({\\\})" << R"(unrecognized character in action: U+005C '\')";
    QTest::addRow("tab") << "{\t.a}" << "unrecognized character in action: U+0009";
    QTest::addRow("newline") << "{.a\n}" << "unclosed action";
    QTest::addRow("unterminated quote") << R"({"abc})" << "unterminated quoted string";
    QTest::addRow("bad escape") << R"({"\q"})" << R"(unquote string "\q" error invalid syntax)";
    QTest::addRow("invalid array index") << "{.a[x]}" << "invalid array index x";
    QTest::addRow("bad index in union") << "{.a[0,x]}" << "invalid array index x";
    QTest::addRow("unclosed filter") << "{[?(@.a)x}" << "unclosed array expect ]";
    QTest::addRow("lone minus") << "{.a[-]}" << "array index - is not a number";
}

void TestJsonPath::parserErrors()
{
    QFETCH(QString, tmpl);
    QFETCH(QString, error);

    auto out = executeJsonPath(tmpl.toStdString(), Json::object());
    QVERIFY(!out);
    QCOMPARE(str(out.error().message), error);
}

void TestJsonPath::kubectl_data()
{
    QTest::addColumn<QString>("tmpl");
    QTest::addColumn<bool>("asJson");
    QTest::addColumn<QString>("expected");

    QTest::addRow("names") << "{.items[*].metadata.name}" << false << "web-1 web-2";
    QTest::addRow("no braces is text") << ".items[*].metadata.name" << false << ".items[*].metadata.name";
    QTest::addRow("missing field prints nothing") << "{.items[0].spec.foo}" << false << "";
    QTest::addRow("labels sorted") << "{.items[0].metadata.labels}" << false
                                   << R"({"app":"web","app.kubernetes.io/name":"web","tier":"fe"})";
    QTest::addRow("escaped dots") << R"({.items[0].metadata.labels.app\.kubernetes\.io/name})" << false << "web";
    QTest::addRow("quoted key") << "{.items[0].metadata['name']}" << false << "web-1";
    QTest::addRow("range with tabs")
        << R"({range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end})" << false
        << "web-1\tRunning\nweb-2\tPending\n";
    QTest::addRow("ready filter")
        << R"({range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status} {end})" << false
        << "web-1=True web-2=False ";
    QTest::addRow("number filter") << "{.items[?(@.spec.replicas>1)].metadata.name}" << false << "web-1";
    QTest::addRow("existence filter") << "{.items[?(@.spec.nodeName)].metadata.name}" << false << "web-1";
    QTest::addRow("numbers and floats") << "{.items[*].spec.replicas} {.items[*].status.weight}" << false
                                        << "3 1 0.5 2";
    QTest::addRow("recursive images") << "{..image}" << false << "nginx:1.27 nginx:1.27 busybox";
    QTest::addRow("union") << "{.items[0].metadata['name','labels.tier']}" << false << "web-1 fe";
    QTest::addRow("as json") << "{.items[*].metadata.name}" << true << "[\n    \"web-1\",\n    \"web-2\"\n]\n";
    QTest::addRow("as json, one group per action")
        << R"({.items[0].spec.replicas}{"\n"})" << true << "[\n    3\n]\n[\n    \"\\n\"\n]\n";
    QTest::addRow("as json, empty") << "{.items[0].spec.foo}" << true << "[]\n";
    QTest::addRow("as json, objects") << "{.items[0].status.conditions}" << true
                                      << "[\n    [\n        {\n            \"status\": \"True\",\n"
                                         "            \"type\": \"Ready\"\n        }\n    ]\n]\n";
}

void TestJsonPath::kubectl()
{
    QFETCH(QString, tmpl);
    QFETCH(bool, asJson);
    QFETCH(QString, expected);

    auto out = evaluateJsonPath(tmpl.toStdString(), Json::parse(kPods), asJson);
    QVERIFY2(out.has_value(), out ? "" : out.error().message.c_str());
    QCOMPARE(str(*out), expected);
}

void TestJsonPath::kubectlErrors_data()
{
    QTest::addColumn<QString>("tmpl");
    QTest::addColumn<QString>("printed");

    QTest::addRow("parse error") << "{.foo" << "error: error parsing jsonpath {.foo, unclosed action";
    QTest::addRow("no template") << "" << "error: template format specified but no template given";
    // The kubectl JSONPath reference's example of an unsupported regular expression.
    QTest::addRow("regular expression") << "{.items[?(@.metadata.name=~/^test$/)].metadata.name}"
                                        << "error: error parsing jsonpath {.items[?(@.metadata.name=~/^test$/)].metadata.name}, "
                                           "unrecognized character in action: U+007E '~'";
    QTest::addRow("index out of bounds")
        << "{.spec.containers[5]}"
        << "error: error executing jsonpath \"{.spec.containers[5]}\": Error executing template: array index out of "
           "bounds: index 5, length 1. Printing more information for debugging the template:\n"
           "\ttemplate was:\n\t\t{.spec.containers[5]}\n"
           "\tobject given to jsonpath engine was:\n"
           "\t\tmap[string]interface {}{\"metadata\":map[string]interface {}{\"deletionTimestamp\":interface {}(nil), "
           "\"name\":\"a\\tb\"}, \"spec\":map[string]interface {}{\"containers\":[]interface {}{map[string]interface "
           "{}{\"name\":\"c\", \"ports\":[]interface {}{80, 1.5, true}}}}}\n\n";
    QTest::addRow("incompatible comparison")
        << "{.spec.containers[?(@.ports[0]>1.5)].name}"
        << "error: error executing jsonpath \"{.spec.containers[?(@.ports[0]>1.5)].name}\": Error executing template: "
           "incompatible types for comparison. Printing more information for debugging the template:\n"
           "\ttemplate was:\n\t\t{.spec.containers[?(@.ports[0]>1.5)].name}\n"
           "\tobject given to jsonpath engine was:\n"
           "\t\tmap[string]interface {}{\"metadata\":map[string]interface {}{\"deletionTimestamp\":interface {}(nil), "
           "\"name\":\"a\\tb\"}, \"spec\":map[string]interface {}{\"containers\":[]interface {}{map[string]interface "
           "{}{\"name\":\"c\", \"ports\":[]interface {}{80, 1.5, true}}}}}\n\n";
}

void TestJsonPath::kubectlErrors()
{
    QFETCH(QString, tmpl);
    QFETCH(QString, printed);

    const Json pod = Json::parse(R"({"spec": {"containers": [{"name": "c", "ports": [80, 1.5, true]}]},
                                     "metadata": {"name": "a\tb", "deletionTimestamp": null}})");
    auto out = evaluateJsonPath(tmpl.toStdString(), pod, false);
    QVERIFY(!out);
    QCOMPARE(str(out.error().toString()), printed);
}

void TestJsonPath::missingKeysRefused()
{
    // --allow-missing-template-keys=false.
    JsonPathOptions options;
    options.allowMissingKeys = false;
    auto out = evaluateJsonPath("{.spec.foo}", Json::parse(R"({"spec": {}})"), options);
    QVERIFY(!out);
    QCOMPARE(str(out.error().toString()),
             QString("error: error executing jsonpath \"{.spec.foo}\": Error executing template: foo is not found. "
                     "Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.spec.foo}\n"
                     "\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"spec\":map[string]interface "
                     "{}{}}\n\n"));
    options.allowMissingKeys = true;
    options.outputJson = true;
    auto json = evaluateJsonPath("{.spec.foo}", Json::parse(R"({"spec": {}})"), options);
    QVERIFY(json.has_value());
    QCOMPARE(str(*json), QString("[]\n"));
}

void TestJsonPath::relaxed_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");

    // RelaxedJSONPathExpression's cases in kubectl's customcolumn_test.go.
    QTest::addRow("plain") << "metadata.name" << "{.metadata.name}";
    QTest::addRow("dot") << ".metadata.name" << "{.metadata.name}";
    QTest::addRow("braces") << "{metadata.name}" << "{.metadata.name}";
    QTest::addRow("complete") << "{.metadata.name}" << "{.metadata.name}";
    QTest::addRow("only a dot") << "." << "{..}";
    QTest::addRow("empty") << "" << "";
    QTest::addRow("two actions") << "{.a}{.b}"
                                 << "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                                    "'{name1.name2}' or '{.name1.name2}'";
    QTest::addRow("unclosed") << "{.metadata.name"
                              << "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                                 "'{name1.name2}' or '{.name1.name2}'";
}

void TestJsonPath::relaxed()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);

    auto out = relaxedJsonPathExpression(path.toStdString());
    QCOMPARE(out ? str(*out) : str(out.error().toString()), expected);
}

void TestJsonPath::customColumns_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("noHeaders");
    QTest::addColumn<QString>("expected");

    QTest::addRow("name and node") << "NAME:.metadata.name,NODE:.spec.nodeName" << false
                                   << "NAME    NODE\nweb-1   node-1\nweb-2   <none>\n";
    QTest::addRow("no headers") << "NAME:.metadata.name,NODE:.spec.nodeName" << true
                                << "web-1   node-1\nweb-2   <none>\n";
    QTest::addRow("relaxed forms") << "A:metadata.name,B:{.spec.replicas},C:{status.phase}" << false
                                   << "A       B     C\nweb-1   3     Running\nweb-2   1     Pending\n";
    QTest::addRow("several values joined by commas") << "NAME:.metadata.name,IMAGES:.spec.containers[*].image"
                                                     << false
                                                     << "NAME    IMAGES\nweb-1   nginx:1.27\nweb-2   nginx:1.27,busybox\n";
    QTest::addRow("maps print as Go maps") << "LABELS:.metadata.labels,W:.status.weight" << false
                                           << "LABELS                                            W\n"
                                              "map[app:web app.kubernetes.io/name:web tier:fe]   0.5\n"
                                              "map[app:web]                                      2\n";
    QTest::addRow("filter in a column") << R"(NAME:.metadata.name,READY:.status.conditions[?(@.type=="Ready")].status)"
                                        << false << "NAME    READY\nweb-1   True\nweb-2   False\n";
    QTest::addRow("wide header") << "POD_NAME_COLUMN:.metadata.name" << false << "POD_NAME_COLUMN\nweb-1\nweb-2\n";
}

void TestJsonPath::customColumns()
{
    QFETCH(QString, spec);
    QFETCH(bool, noHeaders);
    QFETCH(QString, expected);

    const Json list = Json::parse(kPods);
    std::vector<ObjectPtr> objects;
    for (const Json& item : list["items"])
        objects.push_back(std::make_shared<const Json>(item));
    auto out = kubelab::cli::customColumns(spec.toStdString(), objects, noHeaders);
    QVERIFY2(out.has_value(), out ? "" : out.error().message.c_str());
    QCOMPARE(str(*out), expected);

    // Without objects kubectl still prints the header line.
    auto empty = kubelab::cli::customColumns("NAME:.metadata.name,NODE:.spec.nodeName", {}, false);
    QVERIFY(empty.has_value());
    QCOMPARE(str(*empty), QString("NAME   NODE\n"));

    const std::vector<std::pair<std::string, std::string>> errors = {
        {"", "custom-columns format specified but no custom columns given"},
        {"NAME", "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>"},
        {"NAME:{.a}{.b}", "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or "
                          "'{.name1.name2}'"},
        {"NAME:.a[", "unterminated array"},
        {"NAME:.spec.containers[5]", "array index out of bounds: index 5, length 1"},
    };
    for (const auto& [badSpec, message] : errors) {
        auto bad = kubelab::cli::customColumns(badSpec, objects, false);
        QVERIFY(!bad);
        QCOMPARE(str(bad.error().message), str(message));
    }
}

void TestJsonPath::customColumnsFile()
{
    const Json list = Json::parse(kPods);
    std::vector<ObjectPtr> objects;
    for (const Json& item : list["items"])
        objects.push_back(std::make_shared<const Json>(item));

    // customcolumn_test.go's template layout: headers, then specs, whitespace separated.
    auto out = kubelab::cli::customColumnsFromTemplate("NAME               NODE\n{metadata.name}    {.spec.nodeName}\n",
                                                       objects);
    QVERIFY2(out.has_value(), out ? "" : out.error().message.c_str());
    QCOMPARE(str(*out), QString("NAME    NODE\nweb-1   node-1\nweb-2   <none>\n"));

    const char* const expected =
        "Expected format is one line of space separated headers, one line of space separated column specs.";
    const std::vector<std::pair<std::string, std::string>> errors = {
        {"", std::string("invalid template, missing header line. ") + expected},
        {"NAME\n", std::string("invalid template, missing spec line. ") + expected},
        {"NAME NODE\n.metadata.name\n", "number of headers (2) and field specifications (1) don't match"},
        {"NAME\n\n", "number of headers (1) and field specifications (0) don't match"},
    };
    for (const auto& [text, message] : errors) {
        auto bad = kubelab::cli::customColumnsFromTemplate(text, objects);
        QVERIFY(!bad);
        QCOMPARE(str(bad.error().message), str(message));
    }
}

void TestJsonPath::sortBy_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("objects");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("error");

    QTest::addRow("names naturally") << ".metadata.name" << QStringList{"pod-10", "pod-2", "pod-1", "pod-02"}
                                     << QStringList{"pod-1", "pod-2", "pod-02", "pod-10"} << "";
    QTest::addRow("numbers") << ".spec.x" << QStringList{"a=10", "b=9", "c=-1"} << QStringList{"c", "b", "a"} << "";
    QTest::addRow("floats") << "{.spec.x}" << QStringList{"a=1.5", "b=0.25"} << QStringList{"b", "a"} << "";
    QTest::addRow("quantities by value") << "spec.x" << QStringList{R"(a="1")", R"(b="500m")", R"(c="2Gi")", R"(d="250m")"}
                                         << QStringList{"d", "b", "a", "c"} << "";
    QTest::addRow("quantity and word") << "spec.x" << QStringList{R"(a="10")", R"(b="9x")", R"(c="9")"}
                                       << QStringList{"c", "b", "a"} << "";
    QTest::addRow("timestamps") << ".spec.x"
                                << QStringList{R"(a="2024-05-01T10:00:00Z")", R"(b="2024-04-30T23:59:59Z")",
                                               R"(c="2024-05-01T09:00:00Z")"}
                                << QStringList{"b", "c", "a"} << "";
    QTest::addRow("missing first") << ".spec.x" << QStringList{"a=2", "b", "c=1"} << QStringList{"b", "c", "a"} << "";
    // Less(i, j) is true whenever i lacks the field, so insertion sort swaps equal misses.
    QTest::addRow("misses reversed") << ".spec.x" << QStringList{"a=1", "b", "c"} << QStringList{"c", "b", "a"} << "";
    QTest::addRow("nulls first") << ".spec.x" << QStringList{"a=3", "b=null"} << QStringList{"b", "a"} << "";
    QTest::addRow("one object") << ".spec.x" << QStringList{"a=1"} << QStringList{"a"} << "";
    QTest::addRow("no objects") << ".spec.x" << QStringList{} << QStringList{} << "";
    QTest::addRow("field nowhere") << ".spec.foo" << QStringList{"a=1", "b=2"} << QStringList{}
                                   << R"(couldn't find any field with path "{.spec.foo}" in the list of objects)";
    QTest::addRow("field nowhere, one object") << ".spec.foo" << QStringList{"a=1"} << QStringList{}
                                               << R"(couldn't find any field with path "{.spec.foo}" in the list of objects)";
    QTest::addRow("bad path") << "{.metadata.name" << QStringList{"a", "b"} << QStringList{}
                              << "sorting error: unclosed action";
    QTest::addRow("mixed types") << ".spec.x" << QStringList{R"(a="x")", "b=1"} << QStringList{}
                                 << "Field {.spec.x} in [][][]reflect.Value is an unsortable type: interface, err: "
                                    "unsortable interface: interface";
    QTest::addRow("bools") << ".spec.x" << QStringList{"a=true", "b=false"} << QStringList{}
                           << "Field {.spec.x} in [][][]reflect.Value is an unsortable type: interface, err: "
                              "unsortable type: bool";
    QTest::addRow("index out of bounds") << ".spec.x[3]" << QStringList{"a=[1]"} << QStringList{}
                                         << "Failed to get values for [][]reflect.Value(nil) using {.spec.x[3]} "
                                            "(&errors.errorString{s:\"array index out of bounds: index 3, length 1\"})";
}

void TestJsonPath::sortBy()
{
    QFETCH(QString, path);
    QFETCH(QStringList, objects);
    QFETCH(QStringList, expected);
    QFETCH(QString, error);

    auto out = sortByJsonPath(path.toStdString(), namedObjects(objects));
    if (!error.isEmpty()) {
        QVERIFY(!out);
        QCOMPARE(str(out.error().message), error);
        return;
    }
    QVERIFY2(out.has_value(), out ? "" : out.error().message.c_str());
    QCOMPARE(namesOf(*out), expected);
}

void TestJsonPath::sortByLongLists()
{
    // Beyond 12 elements Go's pdqsort partitions; distinct keys must still come out sorted.
    for (int n : {13, 50, 60, 200}) {
        for (int pattern = 0; pattern < 3; ++pattern) {
            QStringList specs;
            for (int i = 0; i < n; ++i) {
                const int key = pattern == 0 ? n - i : (pattern == 1 ? (i * 37) % n : i);
                specs << QString("o%1=%2").arg(key).arg(key);
            }
            auto out = sortByJsonPath(".spec.x", namedObjects(specs));
            QVERIFY(out.has_value());
            QCOMPARE(static_cast<int>(out->size()), n);
            for (int i = 1; i < n; ++i)
                QVERIFY((*out)[i - 1]->at("spec").at("x").get<int>() < (*out)[i]->at("spec").at("x").get<int>());
        }
    }
}

void TestJsonPath::sortList_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("objects");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("error");

    QTest::addRow("numbers") << ".spec.x" << QStringList{"a=2", "b=1"} << QStringList{"b", "a"} << "";
    QTest::addRow("no objects, bad path") << "{.a}{.b}" << QStringList{} << QStringList{} << "";
    QTest::addRow("bad path") << "{.a}{.b}" << QStringList{"a"} << QStringList{}
                              << "unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                                 "'{name1.name2}' or '{.name1.name2}'";
    QTest::addRow("field nowhere") << ".spec.foo" << QStringList{"a=1"} << QStringList{}
                                   << R"(couldn't find any field with path "{.spec.foo}" in the list of objects)";
    QTest::addRow("mixed types") << ".spec.x" << QStringList{R"(a="x")", "b=1"} << QStringList{}
                                 << "Field {.spec.x} in *unstructured.Unstructured is an unsortable type: interface, "
                                    "err: unsortable interface: interface";
}

void TestJsonPath::sortList()
{
    QFETCH(QString, path);
    QFETCH(QStringList, objects);
    QFETCH(QStringList, expected);
    QFETCH(QString, error);

    auto out = sortListByJsonPath(path.toStdString(), namedObjects(objects));
    if (!error.isEmpty()) {
        QVERIFY(!out);
        QCOMPARE(str(out.error().message), error);
        return;
    }
    QVERIFY2(out.has_value(), out ? "" : out.error().message.c_str());
    QCOMPARE(namesOf(*out), expected);
}

QTEST_APPLESS_MAIN(TestJsonPath)

#include "tst_jsonpath.moc"

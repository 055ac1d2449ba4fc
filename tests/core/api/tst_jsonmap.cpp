// SPDX-License-Identifier: GPL-3.0-or-later
#include <QtTest>

#include <stdexcept>
#include <string>
#include <string_view>

#include "core/api/object.h"

using kubelab::core::Json;

class TestJsonMap : public QObject {
    Q_OBJECT

private slots:
    void keepsInsertionOrder();
    void findsByAnyStringType();
    void eraseKeepsTheOrderOfTheRest();
    void growingMovesMembersInsteadOfCopying();
    void parseDumpAndCompareAsBefore();
    void convertsToAndFromSortedJson();
    void readingAMissingMemberThrows();
};

void TestJsonMap::keepsInsertionOrder()
{
    Json j = Json::object();
    j["zeta"] = 1;
    j["alpha"] = 2;
    j["mid"] = 3;
    j["alpha"] = 4; // an existing key keeps its place
    QCOMPARE(QString::fromStdString(j.dump()), QStringLiteral("{\"zeta\":1,\"alpha\":4,\"mid\":3}"));
}

void TestJsonMap::findsByAnyStringType()
{
    const Json j = {{"apiVersion", "v1"}, {"kind", "Pod"}};
    const std::string key = "kind";
    const std::string_view view = "kind";
    QVERIFY(j.find(key) != j.end());
    QVERIFY(j.find(view) != j.end());
    QVERIFY(j.find("kind") != j.end());
    QVERIFY(j.find("spec") == j.end());
    QVERIFY(j.contains(view));
    QCOMPARE(j.count("apiVersion"), std::size_t(1));
    QCOMPARE(QString::fromStdString(j.at(view).get<std::string>()), QStringLiteral("Pod"));
    QVERIFY_THROWS_EXCEPTION(Json::out_of_range, (void)j.at("status"));
}

void TestJsonMap::eraseKeepsTheOrderOfTheRest()
{
    Json j = {{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}};
    QCOMPARE(j.erase("b"), std::size_t(1));
    QCOMPARE(j.erase(std::string_view("nope")), std::size_t(0));
    QCOMPARE(QString::fromStdString(j.dump()), QStringLiteral("{\"a\":1,\"c\":3,\"d\":4}"));
    j.erase(j.find("a"));
    QCOMPARE(QString::fromStdString(j.dump()), QStringLiteral("{\"c\":3,\"d\":4}"));
}

void TestJsonMap::growingMovesMembersInsteadOfCopying()
{
    // A string longer than the small-string buffer lives on the heap; a move keeps the
    // buffer, a copy makes a new one. Growing the object many times must keep it.
    Json j = Json::object();
    j["first"] = std::string(100, 'x');
    const char* before = j["first"].get_ref<const std::string&>().data();
    for (int i = 0; i < 100; ++i)
        j["k" + std::to_string(i)] = i;
    QCOMPARE(static_cast<const void*>(j["first"].get_ref<const std::string&>().data()),
             static_cast<const void*>(before));
}

void TestJsonMap::parseDumpAndCompareAsBefore()
{
    const std::string text = "{\"metadata\":{\"name\":\"web\",\"labels\":{\"b\":\"2\",\"a\":\"1\"}},\"spec\":[1,2]}";
    Json a = Json::parse(text);
    QCOMPARE(QString::fromStdString(a.dump()), QString::fromStdString(text));
    Json b = a;
    QVERIFY(a == b);
    b["metadata"]["labels"]["a"] = "changed";
    QVERIFY(a != b);
    Json patched = a.patch(Json::parse("[{\"op\":\"remove\",\"path\":\"/metadata/labels/b\"}]"));
    QCOMPARE(QString::fromStdString(patched["metadata"]["labels"].dump()), QStringLiteral("{\"a\":\"1\"}"));
}

void TestJsonMap::convertsToAndFromSortedJson()
{
    Json ordered = {{"z", 1}, {"a", Json{{"y", true}, {"b", nullptr}}}};
    nlohmann::json sorted = ordered;
    QCOMPARE(QString::fromStdString(sorted.dump()), QStringLiteral("{\"a\":{\"b\":null,\"y\":true},\"z\":1}"));
    Json back = sorted;
    QCOMPARE(QString::fromStdString(back.dump()), QStringLiteral("{\"a\":{\"b\":null,\"y\":true},\"z\":1}"));
}

void TestJsonMap::readingAMissingMemberThrows()
{
    // nlohmann's const operator[] on a missing key is undefined behaviour; through
    // core/api/jsoncheck.h it throws, and member() reads it as null.
    const Json node = Json::parse(R"({"metadata": {"name": "n300"}})");
    QVERIFY_THROWS_EXCEPTION(std::logic_error, (void)node["spec"]);
    QVERIFY(kubelab::core::member(node, "spec").is_null());
    QCOMPARE(node["metadata"]["name"].get<std::string>(), std::string("n300"));
}

QTEST_GUILESS_MAIN(TestJsonMap)
#include "tst_jsonmap.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#include <QtTest>

#include <limits>

#include "core/store/packed.h"

namespace core = kubelab::core;
using core::Json;

class TestPacked : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addRow("empty object") << "{}";
        QTest::addRow("empty array") << "[]";
        QTest::addRow("scalars") << R"({"n":null,"t":true,"f":false,"i":-42,"u":42,"d":0.25,"s":"x"})";
        QTest::addRow("order kept, not sorted") << R"({"zeta":1,"alpha":2,"metadata":{"name":"a"},"kind":"Pod"})";
        // An ordinary literal: moc's tokenizer loses its way in a raw string holding \" and \\.
        QTest::addRow("unicode and escapes") << "{\"标签\":\"值\",\"q\":\"a\\\"b\\\\c\\n\",\"e\":\"\"}";
        QTest::addRow("long literal key")
            << R"({"a-key-that-is-not-in-the-word-list-and-longer-than-one-hundred-and-twenty-eight-bytes-to-need-a-two-byte-length-xxxxxxxxxxxxxxxxxxxxxxxxxx":1})";
        QTest::addRow("words as values and keys")
            << R"({"kind":"Pod","apiVersion":"v1","spec":{"restartPolicy":"Always","dnsPolicy":"ClusterFirst"}})";
        QTest::addRow("nested arrays") << R"([[1,[2,[3,[]]]],{"a":[{"b":[]}]}])";
        QTest::addRow("number extremes")
            << R"({"min":-9223372036854775808,"max":9223372036854775807,"umax":18446744073709551615,"tiny":5e-324,"neg":-1.5e300})";
    }

    void roundTrip()
    {
        QFETCH(QString, json);
        Json in = Json::parse(json.toStdString());
        std::string packed = core::packObject(in);
        QCOMPARE(static_cast<unsigned char>(packed.front()), static_cast<unsigned char>(0xC1));
        Json out = core::unpackObject(packed);
        QVERIFY(out == in);
        QCOMPARE(out.dump(), in.dump()); // same key order and number types
    }

    void numberTypesSurvive()
    {
        Json in = Json::object();
        in["signed"] = std::int64_t(5);
        in["unsigned"] = std::uint64_t(5);
        in["float"] = 5.0;
        Json out = core::unpackObject(core::packObject(in));
        QVERIFY(out["signed"].is_number_integer() && !out["signed"].is_number_unsigned());
        QVERIFY(out["unsigned"].is_number_unsigned());
        QVERIFY(out["float"].is_number_float());
    }

    void smallerThanMessagePack()
    {
        Json pod = Json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"default",
            "resourceVersion":"32","creationTimestamp":"2025-01-01T00:00:00Z"},"spec":{"containers":[{"name":"web",
            "image":"nginx:1.27","imagePullPolicy":"IfNotPresent","terminationMessagePath":"/dev/termination-log",
            "terminationMessagePolicy":"File","resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}],
            "dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler",
            "terminationGracePeriodSeconds":30,"enableServiceLinks":true,"preemptionPolicy":"PreemptLowerPriority"},
            "status":{"phase":"Pending","qosClass":"Burstable"}})");
        std::size_t packed = core::packObject(pod).size();
        std::size_t msgpack = Json::to_msgpack(pod).size();
        QVERIFY2(packed * 2 < msgpack, qPrintable(QString("%1 vs %2").arg(packed).arg(msgpack)));
    }

    void readsMessagePackOfOlderLabs()
    {
        Json in = Json::parse(R"({"kind":"ConfigMap","data":{"k":"v"},"n":[1,-2,3.5]})");
        std::vector<std::uint8_t> mp = Json::to_msgpack(in);
        Json out = core::unpackObject(std::string(mp.begin(), mp.end()));
        QVERIFY(out == in);
    }

    void nullIsEmpty()
    {
        QVERIFY(core::packObject(Json()).empty());
        QVERIFY(core::unpackObject("").is_null());
    }

    void damagedInputThrows_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addRow("marker only") << QByteArray("\xC1", 1);
        QTest::addRow("unknown tag") << QByteArray("\xC1\x7F", 2);
        QTest::addRow("string past the end") << QByteArray("\xC1\x06\x10" "abc", 6);
        QTest::addRow("unknown word") << QByteArray("\xC1\x07\xFF\x7F", 4);
        QTest::addRow("object count past the end") << QByteArray("\xC1\x09\x7F", 3);
        QTest::addRow("trailing bytes") << QByteArray("\xC1\x00\x00", 3);
        QTest::addRow("endless varint") << QByteArray("\xC1\x04\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 13);
        QTest::addRow("truncated double") << QByteArray("\xC1\x05\x01\x02", 4);
        QTest::addRow("not msgpack either") << QByteArray("\xC7", 1);
    }

    void damagedInputThrows()
    {
        QFETCH(QByteArray, bytes);
        bool threw = false;
        try {
            (void)core::unpackObject(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        } catch (const std::exception&) {
            threw = true;
        }
        QVERIFY(threw);
    }

    void deepNestingRefused()
    {
        std::string bytes = "\xC1";
        for (int i = 0; i < 600; ++i)
            bytes += std::string("\x08\x01", 2); // an array holding the next one
        bytes += '\0';
        bool threw = false;
        try {
            (void)core::unpackObject(bytes);
        } catch (const std::exception&) {
            threw = true;
        }
        QVERIFY(threw);
    }
};

QTEST_APPLESS_MAIN(TestPacked)
#include "tst_packed.moc"

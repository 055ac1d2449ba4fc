// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream apimachinery's resource/quantity_test.go.
#include <QTest>

#include <cstdint>
#include <limits>
#include <string>

#include "core/api/quantity.h"

using kubelab::core::Quantity;
using Format = kubelab::core::Quantity::Format;

Q_DECLARE_METATYPE(Format)

namespace {

Quantity mustParse(const QString& text)
{
    auto parsed = Quantity::parse(text.toStdString());
    if (!parsed)
        qFatal("cannot parse '%s': %s", qPrintable(text), parsed.error().message.c_str());
    return *parsed;
}

QString str(const Quantity& quantity)
{
    return QString::fromStdString(quantity.toString());
}

constexpr std::int64_t kMostPositive = std::numeric_limits<std::int64_t>::max();

const char* const kErrFormatWrong =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const char* const kErrSuffix = "unable to parse quantity's suffix";
const char* const kErrNumeric = "unable to parse numeric part of quantity";

} // namespace

class TestQuantity : public QObject {
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void parseSigned_data();
    void parseSigned();
    void canonical_data();
    void canonical();
    void string_data();
    void string();
    void binaryWithoutSuffix();
    void aParseIsRememberedAsItWas();
    void parseEmit_data();
    void parseEmit();
    void values_data();
    void values();
    void compare_data();
    void compare();
    void arithmetic_data();
    void arithmetic();
    void zeroKeepsSuffix_data();
    void zeroKeepsSuffix();
    void negate();
    void constructors();
    void errors_data();
    void errors();
};

// TestQuantityParse: the text parses to value * 10^exponent in the given format.
void TestQuantity::parse_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<int>("exponent");
    QTest::addColumn<Format>("format");

    const auto row = [](const char* input, qint64 value, int exponent, Format format) {
        QTest::addRow("%s", input) << QString::fromLatin1(input) << value << exponent << format;
    };
    row("0", 0, 0, Format::DecimalSI);
    row("0n", 0, 0, Format::DecimalSI);
    row("0u", 0, 0, Format::DecimalSI);
    row("0m", 0, 0, Format::DecimalSI);
    row("0Ki", 0, 0, Format::BinarySI);
    row("0k", 0, 0, Format::DecimalSI);
    row("0Mi", 0, 0, Format::BinarySI);
    row("0M", 0, 0, Format::DecimalSI);
    row("0Gi", 0, 0, Format::BinarySI);
    row("0G", 0, 0, Format::DecimalSI);
    row("0Ti", 0, 0, Format::BinarySI);
    row("0T", 0, 0, Format::DecimalSI);

    // Quantity-less numbers are allowed.
    row("1", 1, 0, Format::DecimalSI);

    // Binary suffixes.
    row("1Ki", 1024, 0, Format::BinarySI);
    row("8Ki", 8 * 1024, 0, Format::BinarySI);
    row("7Mi", 7LL * 1024 * 1024, 0, Format::BinarySI);
    row("6Gi", 6LL * 1024 * 1024 * 1024, 0, Format::BinarySI);
    row("5Ti", 5LL * 1024 * 1024 * 1024 * 1024, 0, Format::BinarySI);
    row("4Pi", 4LL * 1024 * 1024 * 1024 * 1024 * 1024, 0, Format::BinarySI);
    row("3Ei", 3LL * 1024 * 1024 * 1024 * 1024 * 1024 * 1024, 0, Format::BinarySI);
    row("10Ti", 10LL * 1024 * 1024 * 1024 * 1024, 0, Format::BinarySI);
    row("100Ti", 100LL * 1024 * 1024 * 1024 * 1024, 0, Format::BinarySI);

    // Decimal suffixes.
    row("5n", 5, -9, Format::DecimalSI);
    row("4u", 4, -6, Format::DecimalSI);
    row("3m", 3, -3, Format::DecimalSI);
    row("9", 9, 0, Format::DecimalSI);
    row("8k", 8, 3, Format::DecimalSI);
    row("50k", 5, 4, Format::DecimalSI);
    row("7M", 7, 6, Format::DecimalSI);
    row("6G", 6, 9, Format::DecimalSI);
    row("5T", 5, 12, Format::DecimalSI);
    row("40T", 4, 13, Format::DecimalSI);
    row("300T", 3, 14, Format::DecimalSI);
    row("2P", 2, 15, Format::DecimalSI);
    row("1E", 1, 18, Format::DecimalSI);

    // Decimal exponents.
    row("1E-3", 1, -3, Format::DecimalExponent);
    row("1e3", 1, 3, Format::DecimalExponent);
    row("1E6", 1, 6, Format::DecimalExponent);
    row("1e9", 1, 9, Format::DecimalExponent);
    row("1E12", 1, 12, Format::DecimalExponent);
    row("1e15", 1, 15, Format::DecimalExponent);
    row("1E18", 1, 18, Format::DecimalExponent);

    // Nonstandard but still parsable.
    row("1e14", 1, 14, Format::DecimalExponent);
    row("1e13", 1, 13, Format::DecimalExponent);
    row("100.035k", 100035, 0, Format::DecimalSI);

    // Things that look like floating point.
    row("0.001", 1, -3, Format::DecimalSI);
    row("0.0005k", 5, -1, Format::DecimalSI);
    row("0.005", 5, -3, Format::DecimalSI);
    row("0.05", 5, -2, Format::DecimalSI);
    row("0.5", 5, -1, Format::DecimalSI);
    row("0.00050k", 5, -1, Format::DecimalSI);
    row("0.00500", 5, -3, Format::DecimalSI);
    row("0.05000", 5, -2, Format::DecimalSI);
    row("0.50000", 5, -1, Format::DecimalSI);
    row("0.5e0", 5, -1, Format::DecimalExponent);
    row("0.5e-1", 5, -2, Format::DecimalExponent);
    row("0.5e-2", 5, -3, Format::DecimalExponent);
    row("10.035M", 10035, 3, Format::DecimalSI);
    row("1.2e3", 12, 2, Format::DecimalExponent);
    row("1.3E+6", 13, 5, Format::DecimalExponent);
    row("1.40e9", 14, 8, Format::DecimalExponent);
    row("1.53E12", 153, 10, Format::DecimalExponent);
    row("1.6e15", 16, 14, Format::DecimalExponent);
    row("1.7E18", 17, 17, Format::DecimalExponent);
    row("9.01", 901, -2, Format::DecimalSI);
    row("8.1k", 81, 2, Format::DecimalSI);
    row("7.123456M", 7123456, 0, Format::DecimalSI);
    row("6.987654321G", 6987654321, 0, Format::DecimalSI);
    row("5.444T", 5444, 9, Format::DecimalSI);
    row("40.1T", 401, 11, Format::DecimalSI);
    row("300.2T", 3002, 11, Format::DecimalSI);
    row("2.5P", 25, 14, Format::DecimalSI);
    row("1.01E", 101, 16, Format::DecimalSI);

    // Things that saturate or round.
    row("3.001n", 4, -9, Format::DecimalSI);
    row("1.1E-9", 2, -9, Format::DecimalExponent);
    row("0.0000000001", 1, -9, Format::DecimalSI);
    row("0.0000000005", 1, -9, Format::DecimalSI);
    row("0.00000000050", 1, -9, Format::DecimalSI);
    row("0.5e-9", 1, -9, Format::DecimalExponent);
    row("0.9n", 1, -9, Format::DecimalSI);
    row("0.00000012345", 124, -9, Format::DecimalSI);
    row("0.00000012354", 124, -9, Format::DecimalSI);
    row("9Ei", kMostPositive, 0, Format::BinarySI);
    row("9223372036854775807Ki", kMostPositive, 0, Format::BinarySI);
    row("12E", 12, 18, Format::DecimalSI);

    // Fractional binary quantities are accepted too.
    row("100.035Ki", 10243584, -2, Format::BinarySI);
    row("0.5Mi", 512 * 1024, 0, Format::BinarySI);
    row("0.05Gi", 536870912, -1, Format::BinarySI);
    row("0.025Ti", 274877906944, -1, Format::BinarySI);

    // Things written by trolls.
    row("0.000000000001Ki", 2, -9, Format::DecimalSI); // rounds up, changes format
    row(".001", 1, -3, Format::DecimalSI);
    row(".0001k", 100, -3, Format::DecimalSI);
    row("1.", 1, 0, Format::DecimalSI);
    row("1.G", 1, 9, Format::DecimalSI);
}

void TestQuantity::parse()
{
    QFETCH(QString, input);
    QFETCH(qint64, value);
    QFETCH(int, exponent);
    QFETCH(Format, format);

    const auto parsed = Quantity::parse(input.toStdString());
    QVERIFY2(parsed.has_value(), parsed ? "" : parsed.error().message.c_str());
    const Quantity expected = Quantity::fromScaled(value, exponent, format);
    QVERIFY2(*parsed == expected, qPrintable(str(*parsed) + " != " + str(expected)));
    QCOMPARE(parsed->format(), format);
}

// The negative and explicitly positive spelling of every parse case.
void TestQuantity::parseSigned_data()
{
    parse_data();
}

void TestQuantity::parseSigned()
{
    QFETCH(QString, input);
    QFETCH(qint64, value);
    QFETCH(int, exponent);
    QFETCH(Format, format);

    const Quantity expected = Quantity::fromScaled(value, exponent, format);
    const auto negative = Quantity::parse(("-" + input).toStdString());
    QVERIFY(negative.has_value());
    QVERIFY2(*negative == -expected, qPrintable(str(*negative)));
    QCOMPARE(negative->format(), format);

    const auto positive = Quantity::parse(("+" + input).toStdString());
    QVERIFY(positive.has_value());
    QVERIFY2(*positive == expected, qPrintable(str(*positive)));
    QCOMPARE(positive->format(), format);
}

// Common texts and their canonical form, as kubectl would print them back.
void TestQuantity::canonical_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");

    const auto row = [](const char* input, const char* canonical) {
        QTest::addRow("%s", input) << QString::fromLatin1(input) << QString::fromLatin1(canonical);
    };
    row("500m", "500m");
    row("100m", "100m");
    row("1.5", "1500m");
    row("0.1", "100m");
    row(".5", "500m");
    row("2", "2");
    row("512Mi", "512Mi");
    row("1536Mi", "1536Mi");
    row("1.5Gi", "1536Mi");
    row("1024Mi", "1Gi");
    row("1G", "1G");
    row("1000M", "1G");
    row("1e3", "1e3");
    row("1E3", "1E3");
    row("1.0E3", "1e3");
    row("1000", "1k");
    row("1Ki", "1Ki");
    row("1E", "1E");
    row("1Ei", "1Ei");
    row("-1", "-1");
    row("0.1m", "100u");
    row("0.0001m", "100n");
    row("0.00000001m", "1n");
    row("1000E", "1e21");
    row("1.5Ki", "1536");
    row("1023Ki", "1023Ki");
    row("0.5Ki", "512");
    row("0.3Ki", "307200m");
    row("128974848", "128974848");
    row("129e6", "129e6");
    row("123Mi", "123Mi");
    // Upstream keeps the text when its fast path takes it for canonical.
    row("+1", "+1");
    row("1.001", "1.001");
    row("1.500", "1.500");
    row("1.50", "1500m");
    row("-0", "0");
    row("0.0", "0");
    row("00100m", "00100m");
    // An exponent past int32 wraps around as upstream's int32 conversion does.
    row("1e4294967297", "10");
    row("1e4294967296", "1e4294967296");
    row("0e2147483648", "0");
    row(".", "0");
    row("-.", "0");
    row("-", "0");
    row("+", "0");
}

void TestQuantity::canonical()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    QCOMPARE(str(mustParse(input)), canonical);
}

// TestQuantityString: a value's canonical text, that text parsing back to itself, an
// alternate spelling reaching the same text, and the negated value.
void TestQuantity::string_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<int>("exponent");
    QTest::addColumn<Format>("format");
    QTest::addColumn<QString>("expect");
    QTest::addColumn<QString>("alternate");

    const auto row = [](qint64 value, int exponent, Format format, const char* expect,
                        const char* alternate) {
        QTest::addRow("%lld*10^%d-%s", static_cast<long long>(value), exponent, expect)
            << value << exponent << format << QString::fromLatin1(expect)
            << QString::fromLatin1(alternate);
    };
    row(1024LL * 1024 * 1024, 0, Format::BinarySI, "1Gi", "1024Mi");
    row(300LL * 1024 * 1024, 0, Format::BinarySI, "300Mi", "307200Ki");
    row(6 * 1024, 0, Format::BinarySI, "6Ki", "");
    row(1001LL * 1024 * 1024 * 1024, 0, Format::BinarySI, "1001Gi", "1025024Mi");
    row(1024LL * 1024 * 1024 * 1024, 0, Format::BinarySI, "1Ti", "1024Gi");
    row(5, 0, Format::BinarySI, "5", "5000m");
    row(500, -3, Format::BinarySI, "500m", "0.5");
    row(1, 9, Format::DecimalSI, "1G", "1000M");
    row(1000, 6, Format::DecimalSI, "1G", "0.001T");
    row(1000000, 3, Format::DecimalSI, "1G", "");
    row(1000000000, 0, Format::DecimalSI, "1G", "");
    row(1, -3, Format::DecimalSI, "1m", "1000u");
    row(80, -3, Format::DecimalSI, "80m", "");
    row(1080, -3, Format::DecimalSI, "1080m", "1.08");
    row(108, -2, Format::DecimalSI, "1080m", "1080000000n");
    row(10800, -4, Format::DecimalSI, "1080m", "");
    row(300, 6, Format::DecimalSI, "300M", "");
    row(1, 12, Format::DecimalSI, "1T", "");
    row(1, 18, Format::DecimalSI, "1E", "");
    row(1, 21, Format::DecimalSI, "1e21", "1000E");
    row(5, 21, Format::DecimalSI, "5e21", "5000E");
    row(1, 24, Format::DecimalSI, "1e24", "1000000E");
    row(1234567, 6, Format::DecimalSI, "1234567M", "");
    row(1234567, -3, Format::BinarySI, "1234567m", "");
    row(3, 3, Format::DecimalSI, "3k", "");
    row(1025, 0, Format::BinarySI, "1025", "");
    row(0, 0, Format::DecimalSI, "0", "");
    row(0, 0, Format::BinarySI, "0", "");
    row(1, 9, Format::DecimalExponent, "1e9", ".001e12");
    row(1, -3, Format::DecimalExponent, "1e-3", "0.001e0");
    row(1, -9, Format::DecimalExponent, "1e-9", "1000e-12");
    row(80, -3, Format::DecimalExponent, "80e-3", "");
    row(300, 6, Format::DecimalExponent, "300e6", "");
    row(1, 12, Format::DecimalExponent, "1e12", "");
    row(1, 3, Format::DecimalExponent, "1e3", "");
    row(3, 3, Format::DecimalExponent, "3e3", "");
    row(0, 0, Format::DecimalExponent, "0", "00");
    row(1, -9, Format::DecimalSI, "1n", "");
    row(80, -9, Format::DecimalSI, "80n", "");
    row(1080, -9, Format::DecimalSI, "1080n", "");
    row(108, -8, Format::DecimalSI, "1080n", "");
    row(10800, -10, Format::DecimalSI, "1080n", "");
    row(1, -6, Format::DecimalSI, "1u", "");
    row(80, -6, Format::DecimalSI, "80u", "");
    row(1080, -6, Format::DecimalSI, "1080u", "");
}

void TestQuantity::string()
{
    QFETCH(qint64, value);
    QFETCH(int, exponent);
    QFETCH(Format, format);
    QFETCH(QString, expect);
    QFETCH(QString, alternate);

    const Quantity in = Quantity::fromScaled(value, exponent, format);
    QCOMPARE(str(in), expect);
    QCOMPARE(str(mustParse(expect)), expect);
    QVERIFY(mustParse(expect) == in);
    if (!alternate.isEmpty()) {
        const Quantity other = mustParse(alternate);
        QCOMPARE(str(other), expect);
        QVERIFY(other == in);
    }
    if (!in.isZero()) {
        const QString negated = expect.startsWith('-') ? expect.mid(1) : "-" + expect;
        QCOMPARE(str(-in), negated);
    }
}

// TestBinarySIZeroExponentString.
void TestQuantity::binaryWithoutSuffix()
{
    QCOMPARE(str(Quantity::fromValue(2000, Format::BinarySI)), QStringLiteral("2000"));
    QCOMPARE(str(Quantity::fromValue(-2000, Format::BinarySI)), QStringLiteral("-2000"));
}

// TestQuantityParseEmit, with the negative spelling too.
void TestQuantity::parseEmit_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expect");

    const auto row = [](const char* input, const char* expect) {
        QTest::addRow("%s", input) << QString::fromLatin1(input) << QString::fromLatin1(expect);
    };
    row("1Ki", "1Ki");
    row("1Mi", "1Mi");
    row("1Gi", "1Gi");
    row("1024Mi", "1Gi");
    row("1000M", "1G");
    row(".001Ki", "1024m");
    row(".000001Ki", "1024u");
    row(".000000001Ki", "1024n");
    row(".000000000001Ki", "2n");
}

void TestQuantity::parseEmit()
{
    QFETCH(QString, input);
    QFETCH(QString, expect);
    QCOMPARE(str(mustParse(input)), expect);
    QCOMPARE(str(mustParse("-" + input)), "-" + expect);
}

// Value and MilliValue round up, away from zero.
void TestQuantity::values_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<qint64>("milli");

    const auto row = [](const char* input, qint64 value, qint64 milli) {
        QTest::addRow("%s", input) << QString::fromLatin1(input) << value << milli;
    };
    row("0", 0, 0);
    row("1", 1, 1000);
    row("2", 2, 2000);
    row("500m", 1, 500);
    row("1.5", 2, 1500);
    row("100m", 1, 100);
    row("1n", 1, 1);
    row("1500u", 1, 2);
    row("-1.5", -2, -1500);
    row("-1n", -1, -1);
    row("1Ki", 1024, 1024000);
    row("1Gi", 1073741824, 1073741824000);
    row("512Mi", 536870912, 536870912000);
    row("1G", 1000000000, 1000000000000);
    row("1e3", 1000, 1000000);
    row("1.5Ki", 1536, 1536000);
    row("0.1Ki", 103, 102400);
    row("9.01", 10, 9010);
    row("9Ei", kMostPositive, kMostPositive); // milli saturates here instead of wrapping
}

void TestQuantity::values()
{
    QFETCH(QString, input);
    QFETCH(qint64, value);
    QFETCH(qint64, milli);
    const Quantity q = mustParse(input);
    QCOMPARE(q.value(), value);
    QCOMPARE(q.milliValue(), milli);
}

// TestQuantityCmp and more.
void TestQuantity::compare_data()
{
    QTest::addColumn<QString>("x");
    QTest::addColumn<QString>("y");
    QTest::addColumn<int>("expect");

    const auto row = [](const char* x, const char* y, int expect) {
        QTest::addRow("%s-vs-%s", x, y) << QString::fromLatin1(x) << QString::fromLatin1(y) << expect;
    };
    row("0", "0", 0);
    row("100m", "50m", 1);
    row("50m", "100m", -1);
    row("10000T", "100Gi", 1);
    row("1", "1000m", 0);
    row("1Ki", "1024", 0);
    row("1k", "1Ki", -1);
    row("1e3", "1k", 0);
    row("-1", "0", -1);
    row("0Ki", "0m", 0);
    row("9.01", "9.010", 0);
    row("800m", "1", -1);
    row("800m", "790m", 1);
    row("1n", "0", 1);
}

void TestQuantity::compare()
{
    QFETCH(QString, x);
    QFETCH(QString, y);
    QFETCH(int, expect);
    const Quantity a = mustParse(x);
    const Quantity b = mustParse(y);
    const auto order = a <=> b;
    const int got = order < 0 ? -1 : (order > 0 ? 1 : 0);
    QCOMPARE(got, expect);
    const auto inverse = b <=> a;
    QCOMPARE(inverse < 0 ? -1 : (inverse > 0 ? 1 : 0), -expect);
    QCOMPARE(a == b, expect == 0);
}

void TestQuantity::arithmetic_data()
{
    QTest::addColumn<QString>("x");
    QTest::addColumn<QString>("y");
    QTest::addColumn<QString>("sum");
    QTest::addColumn<QString>("difference");

    const auto row = [](const char* x, const char* y, const char* sum, const char* difference) {
        QTest::addRow("%s-and-%s", x, y) << QString::fromLatin1(x) << QString::fromLatin1(y)
                                         << QString::fromLatin1(sum)
                                         << QString::fromLatin1(difference);
    };
    row("100m", "200m", "300m", "-100m");
    row("500m", "500m", "1", "0");
    row("1", "500m", "1500m", "500m");
    row("1Gi", "512Mi", "1536Mi", "512Mi");
    row("1Gi", "1Gi", "2Gi", "0");
    row("1G", "1Gi", "2073741824", "-73741824");
    row("1Gi", "1G", "2073741824", "73741824");
    row("0", "1Gi", "1Gi", "-1Gi");
    row("0", "100m", "100m", "-100m");
    row("1e3", "1e3", "2e3", "0");
    row("1n", "1n", "2n", "0");
    row("0.1", "0.2", "300m", "-100m");
    row("1.5", "1.5", "3", "0");
    row("3Ei", "3Ei", "6Ei", "0");
}

void TestQuantity::arithmetic()
{
    QFETCH(QString, x);
    QFETCH(QString, y);
    QFETCH(QString, sum);
    QFETCH(QString, difference);
    const Quantity a = mustParse(x);
    const Quantity b = mustParse(y);
    QCOMPARE(str(a + b), sum);
    QCOMPARE(str(a - b), difference);
    Quantity c = a;
    c += b;
    QCOMPARE(str(c), sum);
    c -= b;
    QVERIFY(c == a);
}

// TestQuantityAddZeroPreservesSuffix and TestQuantitySubZeroPreservesSuffix.
void TestQuantity::zeroKeepsSuffix_data()
{
    QTest::addColumn<QString>("input");
    QTest::addRow("100m") << QStringLiteral("100m");
    QTest::addRow("1Gi") << QStringLiteral("1Gi");
}

void TestQuantity::zeroKeepsSuffix()
{
    QFETCH(QString, input);
    const Quantity value = mustParse(input);
    const Quantity zero = mustParse("0");
    QCOMPARE(str(value + zero), input);
    QCOMPARE(str(zero + value), input);
    QCOMPARE(str(value - zero), input);
    QCOMPARE(str(zero - value), str(-value));
    QCOMPARE(str(zero - value), "-" + input);
}

// TestQuantityNeg.
void TestQuantity::negate()
{
    const Quantity q = Quantity::fromScaled(901, -2);
    const Quantity negated = -q;
    QVERIFY(!(negated == q));
    QCOMPARE(str(negated), QStringLiteral("-9010m"));
    QCOMPARE(negated.sign(), -1);
    QCOMPARE(q.sign(), 1);
    QCOMPARE(Quantity().sign(), 0);
}

void TestQuantity::constructors()
{
    QCOMPARE(str(Quantity()), QStringLiteral("0"));
    QVERIFY(Quantity().isZero());
    QCOMPARE(str(Quantity::fromMilli(1500)), QStringLiteral("1500m"));
    QCOMPARE(str(Quantity::fromMilli(2000)), QStringLiteral("2"));
    QCOMPARE(str(Quantity::fromMilli(500, Format::BinarySI)), QStringLiteral("500m"));
    QCOMPARE(str(Quantity::fromValue(1073741824, Format::BinarySI)), QStringLiteral("1Gi"));
    QCOMPARE(str(Quantity::fromValue(1000000000)), QStringLiteral("1G"));
    QCOMPARE(str(Quantity::fromValue(1000, Format::DecimalExponent)), QStringLiteral("1e3"));
    QCOMPARE(Quantity::fromMilli(250).milliValue(), 250);
    QCOMPARE(Quantity::fromMilli(250).value(), 1);
    QCOMPARE(Quantity::fromValue(3).milliValue(), 3000);
    QCOMPARE(Quantity::fromMilli(1500).format(), Format::DecimalSI);
}

void TestQuantity::errors_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");

    const auto row = [](const char* name, const char* input, const char* message) {
        QTest::addRow("%s", name) << QString::fromLatin1(input) << QString::fromLatin1(message);
    };
    row("empty", "", kErrFormatWrong);
    row("1.1.M", "1.1.M", kErrFormatWrong);
    row("1+1.0M", "1+1.0M", kErrFormatWrong);
    row("0.1mi", "0.1mi", kErrSuffix);
    row("0.1am", "0.1am", kErrFormatWrong);
    row("aoeu", "aoeu", kErrFormatWrong);
    row(".5i", ".5i", kErrSuffix);
    row("1i", "1i", kErrSuffix);
    row("-3.01i", "-3.01i", kErrSuffix);
    row("-3.01e-", "-3.01e-", kErrSuffix);
    row("exponent-past-int64", "1e9223372036854775808", kErrSuffix);
    row("leading-space", " 1", kErrFormatWrong);
    row("trailing-space", "1 ", kErrFormatWrong);
    row("Non-Numeric", "Non-Numeric", kErrFormatWrong);
    row("lower-ki", "1ki", kErrSuffix);
    row("upper-KI", "1KI", kErrFormatWrong);
    row("bare-e", "1e", kErrSuffix);
    row("mb", "1MB", kErrFormatWrong);
    row("unit", "100 m", kErrFormatWrong);
    row("no-digits", ".e-12", kErrNumeric);
}

void TestQuantity::errors()
{
    QFETCH(QString, input);
    QFETCH(QString, message);
    const auto parsed = Quantity::parse(input.toStdString());
    QVERIFY(!parsed.has_value());
    QCOMPARE(QString::fromStdString(parsed.error().message), message);
}

void TestQuantity::aParseIsRememberedAsItWas()
{
    // parse() remembers texts it parsed; a second parse is the same quantity, kept text
    // included, and a refusal is refused again with its message.
    for (const char* text : {"100m", "+1", "1.5Gi", "0.1", "1e3"}) {
        const auto first = Quantity::parse(text);
        const auto again = Quantity::parse(text);
        QVERIFY(first && again);
        QCOMPARE(again->toString(), first->toString());
        QVERIFY(*again == *first);
        QCOMPARE(again->format(), first->format());
    }
    for (const char* bad : {"1.2.3", "12Qi", "", "abc"}) {
        const auto first = Quantity::parse(bad);
        const auto again = Quantity::parse(bad);
        QVERIFY(!first && !again);
        QCOMPARE(QString::fromStdString(again.error().message), QString::fromStdString(first.error().message));
    }
}

QTEST_APPLESS_MAIN(TestQuantity)
#include "tst_quantity.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/quantity.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace kubelab::core {

namespace {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

constexpr std::int64_t kNanoPerUnit = 1'000'000'000;
constexpr std::int64_t kNanoPerMilli = 1'000'000;
constexpr Int128 powerOfTen(int exponent)
{
    Int128 value = 1;
    for (int i = 0; i < exponent; ++i)
        value *= 10;
    return value;
}

// Largest magnitude kept for decimal formats: 10^29 units, in nano-units.
constexpr Int128 kMaxNano = powerOfTen(38);
// Upstream's maxAllowed for BinarySI: 2^63-1 units.
constexpr Int128 kMaxBinaryNano = static_cast<Int128>(std::numeric_limits<std::int64_t>::max())
                                  * kNanoPerUnit;

constexpr std::string_view kErrFormatWrong =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr std::string_view kErrNumeric = "unable to parse numeric part of quantity";
constexpr std::string_view kErrSuffix = "unable to parse quantity's suffix";

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isSuffixChar(char c)
{
    return std::string_view("eEinumkKMGTP").find(c) != std::string_view::npos;
}

/// The pieces of a quantity string, as upstream's parseQuantityString splits them.
struct Split {
    bool positive = true;
    std::string_view value;  // sign and number as written
    std::string_view num;    // integer digits without leading zeros ("0" when none)
    std::string_view denom;  // fraction digits
    std::string_view suffix;
};

std::optional<Split> splitQuantity(std::string_view str)
{
    Split out;
    std::size_t pos = 0;
    const std::size_t end = str.size();
    if (pos < end) {
        if (str[0] == '-') {
            out.positive = false;
            ++pos;
        } else if (str[0] == '+') {
            ++pos;
        }
    }
    // Leading zeros.
    for (std::size_t i = pos;; ++i) {
        if (i >= end) {
            out.num = "0";
            out.value = out.num;
            return out;
        }
        if (str[i] != '0')
            break;
        ++pos;
    }
    // Integer part.
    for (std::size_t i = pos;; ++i) {
        if (i >= end) {
            out.num = str.substr(pos, end - pos);
            out.value = str.substr(0, end);
            return out;
        }
        if (!isDigit(str[i])) {
            out.num = str.substr(pos, i - pos);
            pos = i;
            break;
        }
    }
    if (out.num.empty())
        out.num = "0";
    // Fraction.
    if (pos < end && str[pos] == '.') {
        ++pos;
        for (std::size_t i = pos;; ++i) {
            if (i >= end) {
                out.denom = str.substr(pos, end - pos);
                out.value = str.substr(0, end);
                return out;
            }
            if (!isDigit(str[i])) {
                out.denom = str.substr(pos, i - pos);
                pos = i;
                break;
            }
        }
    }
    out.value = str.substr(0, pos);
    // Suffix: letters, then an optional sign and digits.
    const std::size_t suffixStart = pos;
    for (std::size_t i = pos;; ++i) {
        if (i >= end) {
            out.suffix = str.substr(suffixStart);
            return out;
        }
        if (!isSuffixChar(str[i])) {
            pos = i;
            break;
        }
    }
    if (pos < end && (str[pos] == '-' || str[pos] == '+'))
        ++pos;
    for (std::size_t i = pos;; ++i) {
        if (i >= end) {
            out.suffix = str.substr(suffixStart);
            return out;
        }
        if (!isDigit(str[i]))
            return std::nullopt;
    }
}

struct SuffixInfo {
    int base = 10;
    std::int64_t exponent = 0;
    Quantity::Format format = Quantity::Format::DecimalSI;
};

struct NamedSuffix {
    std::string_view text;
    int base;
    int exponent;
};

constexpr NamedSuffix kDecimalSuffixes[] = {
    {"n", 10, -9}, {"u", 10, -6}, {"m", 10, -3}, {"", 10, 0}, {"k", 10, 3},
    {"M", 10, 6},  {"G", 10, 9},  {"T", 10, 12}, {"P", 10, 15}, {"E", 10, 18},
};

constexpr NamedSuffix kBinarySuffixes[] = {
    {"Ki", 2, 10}, {"Mi", 2, 20}, {"Gi", 2, 30}, {"Ti", 2, 40}, {"Pi", 2, 50}, {"Ei", 2, 60},
};

// Go's strconv.ParseInt(s, 10, 64) narrowed to int32 as upstream does (an exponent past
// int32 wraps around: `1e4294967297` is read as `1e1`).
std::optional<std::int64_t> parseExponent(std::string_view s)
{
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty())
        return std::nullopt;
    std::uint64_t magnitude = 0;
    for (char c : s) {
        if (!isDigit(c))
            return std::nullopt;
        if (__builtin_mul_overflow(magnitude, std::uint64_t{10}, &magnitude)
            || __builtin_add_overflow(magnitude, static_cast<std::uint64_t>(c - '0'), &magnitude))
            return std::nullopt;
    }
    constexpr auto kInt64Limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (magnitude > kInt64Limit + (negative ? 1 : 0))
        return std::nullopt;
    const std::uint64_t bits = negative ? ~magnitude + 1 : magnitude;
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(bits));
}

std::optional<SuffixInfo> interpretSuffix(std::string_view s)
{
    for (const auto& entry : kDecimalSuffixes) {
        if (entry.text == s)
            return SuffixInfo{entry.base, entry.exponent, Quantity::Format::DecimalSI};
    }
    for (const auto& entry : kBinarySuffixes) {
        if (entry.text == s)
            return SuffixInfo{entry.base, entry.exponent, Quantity::Format::BinarySI};
    }
    if (s.size() > 1 && (s[0] == 'E' || s[0] == 'e')) {
        if (auto exponent = parseExponent(s.substr(1)))
            return SuffixInfo{10, *exponent, Quantity::Format::DecimalExponent};
    }
    return std::nullopt;
}

/// A small unsigned big integer (base 10^9 limbs, least significant first), enough to
/// turn any quantity text into exact nano-units.
class BigUnsigned {
public:
    explicit BigUnsigned(std::string_view digits)
    {
        std::size_t end = digits.size();
        while (end > 0) {
            const std::size_t begin = end >= 9 ? end - 9 : 0;
            std::uint32_t limb = 0;
            for (std::size_t i = begin; i < end; ++i)
                limb = limb * 10 + static_cast<std::uint32_t>(digits[i] - '0');
            m_limbs.push_back(limb);
            end = begin;
        }
        trim();
    }

    [[nodiscard]] bool isZero() const { return m_limbs.empty(); }
    [[nodiscard]] std::size_t limbCount() const { return m_limbs.size(); }

    void multiply(std::uint32_t factor)
    {
        std::uint64_t carry = 0;
        for (auto& limb : m_limbs) {
            const std::uint64_t product = std::uint64_t{limb} * factor + carry;
            limb = static_cast<std::uint32_t>(product % kBase);
            carry = product / kBase;
        }
        while (carry > 0) {
            m_limbs.push_back(static_cast<std::uint32_t>(carry % kBase));
            carry /= kBase;
        }
        trim();
    }

    /// Divides in place and tells whether the remainder was not zero.
    bool divide(std::uint32_t divisor)
    {
        std::uint64_t remainder = 0;
        for (auto it = m_limbs.rbegin(); it != m_limbs.rend(); ++it) {
            const std::uint64_t current = remainder * kBase + *it;
            *it = static_cast<std::uint32_t>(current / divisor);
            remainder = current % divisor;
        }
        trim();
        return remainder != 0;
    }

    void addOne()
    {
        for (auto& limb : m_limbs) {
            if (++limb < kBase)
                return;
            limb = 0;
        }
        m_limbs.push_back(1);
    }

    /// The value, or nothing when it does not fit below `limit`.
    [[nodiscard]] std::optional<Int128> toInt128(Int128 limit) const
    {
        if (m_limbs.size() > 5)
            return std::nullopt;
        UInt128 value = 0;
        for (auto it = m_limbs.rbegin(); it != m_limbs.rend(); ++it) {
            if (__builtin_mul_overflow(value, UInt128{kBase}, &value)
                || __builtin_add_overflow(value, UInt128{*it}, &value))
                return std::nullopt;
        }
        if (value > static_cast<UInt128>(limit))
            return std::nullopt;
        return static_cast<Int128>(value);
    }

private:
    static constexpr std::uint64_t kBase = 1'000'000'000;

    void trim()
    {
        while (!m_limbs.empty() && m_limbs.back() == 0)
            m_limbs.pop_back();
    }

    std::vector<std::uint32_t> m_limbs;
};

/// |digits| * 10^decimalExponent * 2^binaryExponent in nano-units, rounded up, capped at
/// `limit`.
Int128 toNano(std::string_view digits, std::int64_t decimalExponent, std::int64_t binaryExponent,
              Int128 limit)
{
    BigUnsigned amount(digits);
    if (amount.isZero())
        return 0;
    for (std::int64_t i = 0; i < binaryExponent; i += 10)
        amount.multiply(1024);
    std::int64_t shift = decimalExponent + 9;
    for (; shift > 0; --shift) {
        amount.multiply(10);
        if (amount.limbCount() > 5)
            return limit;
    }
    bool inexact = false;
    for (; shift < 0 && !amount.isZero(); ++shift)
        inexact = amount.divide(10) || inexact;
    if (shift < 0)
        inexact = true; // Every digit was shifted out.
    if (inexact)
        amount.addOne();
    return amount.toInt128(limit).value_or(limit);
}

std::string toDecimal(Int128 value)
{
    if (value == 0)
        return "0";
    const bool negative = value < 0;
    UInt128 magnitude = negative ? static_cast<UInt128>(-(value + 1)) + 1 : static_cast<UInt128>(value);
    std::string out;
    while (magnitude > 0) {
        out.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
        magnitude /= 10;
    }
    if (negative)
        out.push_back('-');
    std::reverse(out.begin(), out.end());
    return out;
}

// Divides rounding away from zero, as upstream's ScaledValue.
std::int64_t divideAwayFromZero(Int128 value, std::int64_t divisor)
{
    Int128 result = value / divisor;
    if (value % divisor != 0)
        result += value < 0 ? -1 : 1;
    constexpr Int128 kMin = std::numeric_limits<std::int64_t>::min();
    constexpr Int128 kMax = std::numeric_limits<std::int64_t>::max();
    return static_cast<std::int64_t>(std::clamp(result, kMin, kMax));
}

Int128 saturate(Int128 value)
{
    return std::clamp(value, -kMaxNano, kMaxNano);
}

// The mantissa and base-10 exponent (a multiple of 3) of a nano amount, as upstream's
// AsCanonicalBytes.
std::pair<Int128, std::int64_t> canonicalDecimal(Int128 nano)
{
    Int128 amount = nano;
    std::int64_t exponent = -9;
    while ((amount >= 10 || amount <= -10) && amount % 10 == 0) {
        amount /= 10;
        ++exponent;
    }
    while (exponent % 3 != 0) {
        amount *= 10;
        --exponent;
    }
    return {amount, exponent};
}

std::string exponentSuffix(std::int64_t exponent)
{
    return exponent == 0 ? std::string() : "e" + std::to_string(exponent);
}

} // namespace

Result<Quantity> Quantity::parse(std::string_view text)
{
    // The same few quantities come back on every object ("100m", "64Mi"): a parse is
    // remembered (a pure function of the text; bounded, per thread). Refusals are not.
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    thread_local std::unordered_map<std::string, Quantity, Hash, std::equal_to<>> known;
    if (auto found = known.find(text); found != known.end())
        return found->second;
    Result<Quantity> parsed = parseText(text);
    if (parsed) {
        if (known.size() >= 4096)
            known.clear();
        known.emplace(std::string(text), *parsed);
    }
    return parsed;
}

Result<Quantity> Quantity::parseText(std::string_view text)
{
    if (text.empty())
        return fail(ErrorCode::Parse, std::string(kErrFormatWrong));
    if (text == "0") {
        Quantity zero;
        zero.m_text = "0";
        return zero;
    }
    const auto split = splitQuantity(text);
    if (!split)
        return fail(ErrorCode::Parse, std::string(kErrFormatWrong));
    const auto suffix = interpretSuffix(split->suffix);
    if (!suffix)
        return fail(ErrorCode::Parse, std::string(kErrSuffix));

    Quantity out;
    out.m_format = suffix->format;

    // Upstream's fast path keeps the text when it is already canonical; reproduce its test.
    const auto numLength = static_cast<std::int64_t>(split->num.size());
    const auto denomLength = static_cast<std::int64_t>(split->denom.size());
    bool fastPath = false;
    std::int64_t precision = -1;
    std::int64_t scale = 0;
    if (suffix->format == Format::BinarySI) {
        if (suffix->exponent >= 0 && denomLength == 0)
            precision = 15 - numLength
                        - static_cast<std::int64_t>(static_cast<float>(suffix->exponent) * 3 / 10) - 1;
    } else {
        scale = suffix->exponent;
        precision = 18 - (numLength + denomLength);
    }
    if (precision >= 0) {
        scale -= denomLength;
        if (scale >= -9) {
            const std::string shifted = std::string(split->num) + std::string(split->denom);
            std::int64_t value = 0;
            std::from_chars(shifted.data(), shifted.data() + shifted.size(), value);
            const std::int64_t mantissa = suffix->format == Format::BinarySI
                                              ? (std::int64_t{1} << suffix->exponent)
                                              : 1;
            std::int64_t product = 0;
            if (!__builtin_mul_overflow(value, mantissa, &product)) {
                fastPath = true;
                bool keep = false;
                if (suffix->format == Format::BinarySI)
                    keep = suffix->exponent % 10 == 0 && (value & 0x07) != 0;
                else
                    keep = scale % 3 == 0 && !shifted.ends_with("000") && shifted[0] != '0';
                if (keep)
                    out.m_text = std::string(text);
            }
        }
    }

    // The exact value, rounded up to a nano-unit.
    if (!fastPath && std::ranges::none_of(split->value, isDigit))
        return fail(ErrorCode::Parse, std::string(kErrNumeric));
    const std::string digits = std::string(split->num) + std::string(split->denom);
    const Int128 limit = suffix->format == Format::BinarySI ? kMaxBinaryNano : kMaxNano;
    const std::int64_t decimalExponent = (suffix->base == 10 ? suffix->exponent : 0) - denomLength;
    const std::int64_t binaryExponent = suffix->base == 2 ? suffix->exponent : 0;
    Int128 nano = toNano(digits, decimalExponent, binaryExponent, limit);
    if (suffix->format == Format::BinarySI && nano > 0 && nano < kNanoPerUnit)
        out.m_format = Format::DecimalSI;
    out.m_nano = split->positive ? nano : -nano;
    return out;
}

Quantity Quantity::fromMilli(std::int64_t milli, Format format)
{
    Quantity out;
    out.m_nano = static_cast<Int128>(milli) * kNanoPerMilli;
    out.m_format = format;
    return out;
}

Quantity Quantity::fromValue(std::int64_t value, Format format)
{
    Quantity out;
    out.m_nano = static_cast<Int128>(value) * kNanoPerUnit;
    out.m_format = format;
    return out;
}

Quantity Quantity::fromScaled(std::int64_t value, int scale, Format format)
{
    Quantity out;
    out.m_format = format;
    const bool negative = value < 0;
    const Int128 magnitude = negative ? -static_cast<Int128>(value) : static_cast<Int128>(value);
    const Int128 nano = toNano(toDecimal(magnitude), scale, 0, kMaxNano);
    out.m_nano = negative ? -nano : nano;
    return out;
}

std::int64_t Quantity::milliValue() const
{
    return divideAwayFromZero(m_nano, kNanoPerMilli);
}

std::int64_t Quantity::value() const
{
    return divideAwayFromZero(m_nano, kNanoPerUnit);
}

bool Quantity::isZero() const
{
    return m_nano == 0;
}

int Quantity::sign() const
{
    return m_nano < 0 ? -1 : (m_nano > 0 ? 1 : 0);
}

std::string Quantity::toString() const
{
    if (!m_text.empty())
        return m_text;
    if (m_nano == 0)
        return "0";

    Format format = m_format;
    constexpr Int128 kBinaryFloor = Int128{1024} * kNanoPerUnit;
    if (format == Format::BinarySI
        && ((m_nano > -kBinaryFloor && m_nano < kBinaryFloor) || m_nano % kNanoPerUnit != 0))
        format = Format::DecimalSI;

    if (format == Format::BinarySI) {
        Int128 amount = m_nano / kNanoPerUnit;
        int exponent = 0;
        while ((amount >= 1024 || amount <= -1024) && amount % 1024 == 0) {
            amount /= 1024;
            ++exponent;
        }
        if (exponent == 0)
            return toDecimal(amount);
        if (exponent <= 6)
            return toDecimal(amount) + std::string(kBinarySuffixes[exponent - 1].text);
        // No binary suffix past Ei: fall back to an exact decimal form.
        const auto [mantissa, decimalExponent] = canonicalDecimal(m_nano);
        return toDecimal(mantissa) + exponentSuffix(decimalExponent);
    }

    const auto [mantissa, exponent] = canonicalDecimal(m_nano);
    if (format == Format::DecimalSI) {
        for (const auto& entry : kDecimalSuffixes) {
            if (entry.exponent == exponent)
                return toDecimal(mantissa) + std::string(entry.text);
        }
    }
    return toDecimal(mantissa) + exponentSuffix(exponent);
}

Quantity& Quantity::operator+=(const Quantity& other)
{
    m_text.clear();
    if (m_nano == 0)
        m_format = other.m_format;
    m_nano = saturate(m_nano + other.m_nano);
    return *this;
}

Quantity& Quantity::operator-=(const Quantity& other)
{
    m_text.clear();
    if (m_nano == 0)
        m_format = other.m_format;
    m_nano = saturate(m_nano - other.m_nano);
    return *this;
}

Quantity Quantity::operator-() const
{
    Quantity out;
    out.m_nano = -m_nano;
    out.m_format = m_format;
    return out;
}

std::strong_ordering operator<=>(const Quantity& a, const Quantity& b)
{
    if (a.m_nano < b.m_nano)
        return std::strong_ordering::less;
    if (a.m_nano > b.m_nano)
        return std::strong_ordering::greater;
    return std::strong_ordering::equal;
}

bool operator==(const Quantity& a, const Quantity& b)
{
    return a.m_nano == b.m_nano;
}

std::int64_t kubectlPercent(std::int64_t part, std::int64_t whole)
{
    return whole == 0 ? 0 : static_cast<std::int64_t>(static_cast<double>(part) / static_cast<double>(whole) * 100);
}

} // namespace kubelab::core

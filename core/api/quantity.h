// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/api/error.h"

namespace kubelab::core {

/// A Kubernetes resource.Quantity (`500m`, `1.5`, `512Mi`, `1G`, `1e3`), held exactly as
/// an integer number of nano-units, so sums never drift. Parsing rounds a value up (away
/// from zero) to the nearest nano-unit, as upstream does (`0.9n` -> `1n`). Formatting
/// follows upstream's canonical form (`Quantity.String()`), keeping the format (binary SI,
/// decimal SI or decimal exponent) the quantity was written in.
///
/// Like upstream, a BinarySI quantity is capped at 2^63-1; other magnitudes are capped at
/// 10^29 (upstream has no bound there, but such values mean nothing to a cluster).
class Quantity final {
public:
    enum class Format { DecimalSI, BinarySI, DecimalExponent };

    Quantity() = default;

    /// Parses as `resource.ParseQuantity` does; a bad string is refused with upstream's
    /// message (`quantities must match the regular expression ...`).
    [[nodiscard]] static Result<Quantity> parse(std::string_view text);
    [[nodiscard]] static Quantity fromMilli(std::int64_t milli, Format format = Format::DecimalSI);
    [[nodiscard]] static Quantity fromValue(std::int64_t value, Format format = Format::DecimalSI);
    /// value * 10^scale, as upstream's NewScaledQuantity (with a format); a scale below -9
    /// rounds up to a nano-unit.
    [[nodiscard]] static Quantity fromScaled(std::int64_t value, int scale,
                                             Format format = Format::DecimalSI);

    /// Value in milli-units (cpu `500m` -> 500, `2` -> 2000), rounded up as upstream's MilliValue.
    [[nodiscard]] std::int64_t milliValue() const;
    /// Value in units (memory `1Gi` -> 1073741824), rounded up as upstream's Value.
    [[nodiscard]] std::int64_t value() const;
    [[nodiscard]] Format format() const { return m_format; }
    [[nodiscard]] bool isZero() const;
    /// -1, 0 or 1.
    [[nodiscard]] int sign() const;

    /// Canonical text, as `Quantity.String()`: `1500m`, `1Gi`, `1G`, `1e3`, `0`. As upstream,
    /// a parsed text that its fast path takes for canonical is kept as written (`+1`,
    /// `1.001`); any arithmetic drops it.
    [[nodiscard]] std::string toString() const;

    Quantity& operator+=(const Quantity& other);
    Quantity& operator-=(const Quantity& other);
    /// The negated value, in the same format (upstream's `Neg`).
    [[nodiscard]] Quantity operator-() const;
    friend Quantity operator+(Quantity a, const Quantity& b) { return a += b; }
    friend Quantity operator-(Quantity a, const Quantity& b) { return a -= b; }
    friend std::strong_ordering operator<=>(const Quantity& a, const Quantity& b);
    friend bool operator==(const Quantity& a, const Quantity& b);

private:
    /// parse() without its memory of earlier texts.
    [[nodiscard]] static Result<Quantity> parseText(std::string_view text);
    __extension__ typedef __int128 Nano; // spelled so that -Wpedantic accepts it

    Nano m_nano = 0;     // exact value times 10^9
    Format m_format = Format::DecimalSI;
    std::string m_text;  // the text as parsed, when upstream keeps it as the canonical form
};

/// A share in percent as kubectl describe node prints it: `int64(float64(part) / float64(whole)
/// * 100)`, 0 when `whole` is 0.
[[nodiscard]] std::int64_t kubectlPercent(std::int64_t part, std::int64_t whole);

} // namespace kubelab::core

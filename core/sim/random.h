// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kubelab::core {

/// The lab's seeded random generator (SplitMix64). Its state is stored in the lab, so
/// generated names and random choices continue deterministically across `klab` runs.
class Random final {
public:
    explicit Random(std::uint64_t seed = 0)
        : m_state(seed)
    {
    }

    [[nodiscard]] std::uint64_t state() const { return m_state; }
    void setState(std::uint64_t state) { m_state = state; }

    std::uint64_t next();
    /// Uniform in [0, n); n > 0.
    std::uint64_t uniform(std::uint64_t n);
    /// Uniform in [0, 1).
    double uniformReal();

    /// Five characters from upstream's alphabet `bcdfghjklmnpqrstvwxz2456789`, as
    /// `utilrand.String(5)` makes `generateName` suffixes.
    std::string nameSuffix(int length = 5);
    /// A random (version 4) UUID for `metadata.uid`.
    std::string uuid();
    /// A UUID of the same form determined by `key` alone, which leaves the lab's sequence
    /// where it is: for Events, so that one more event recorded never changes the names
    /// generated after it.
    [[nodiscard]] static std::string uuidFor(std::string_view key);

private:
    std::uint64_t m_state = 0;
};

} // namespace kubelab::core

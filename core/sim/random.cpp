// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/random.h"


namespace kubelab::core {

std::uint64_t Random::next()
{
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t Random::uniform(std::uint64_t n)
{
    if (n <= 1)
        return 0;
    // Rejection sampling keeps the distribution exactly uniform.
    std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t v = 0;
    do {
        v = next();
    } while (v >= limit);
    return v % n;
}

double Random::uniformReal()
{
    return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0);
}

std::string Random::nameSuffix(int length)
{
    static constexpr char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    std::string out;
    out.reserve(static_cast<std::size_t>(length));
    for (int i = 0; i < length; ++i)
        out += alphabet[uniform(sizeof(alphabet) - 1)];
    return out;
}

std::string Random::uuid()
{
    std::uint64_t a = next();
    std::uint64_t b = next();
    a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
    b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    // "%08llx-%04llx-%04llx-%04llx-%012llx" of the fields below, written by hand: every
    // object created takes one, and snprintf cost more than the rest of making it.
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(36, '-');
    auto put = [&out](std::size_t at, std::uint64_t v, std::size_t digits) {
        for (std::size_t i = digits; i-- > 0; v >>= 4)
            out[at + i] = kHex[v & 0xf];
    };
    put(0, a >> 32, 8);
    put(9, (a >> 16) & 0xffff, 4);
    put(14, a & 0xffff, 4);
    put(19, b >> 48, 4);
    put(24, b & 0xffffffffffffULL, 12);
    return out;
}

std::string Random::uuidFor(std::string_view key)
{
    std::uint64_t hash = 0xcbf29ce484222325ULL; // FNV-1a, then SplitMix64 spreads it
    for (unsigned char c : key)
        hash = (hash ^ c) * 0x100000001b3ULL;
    return Random(hash).uuid();
}

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/network/ipv4.h"

#include <charconv>

namespace kubelab::core::net {

std::optional<std::uint32_t> parseIpv4(std::string_view text)
{
    std::uint32_t out = 0;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    for (int i = 0; i < 4; ++i) {
        unsigned part = 0;
        auto [next, ec] = std::from_chars(p, end, part);
        if (ec != std::errc() || next == p || part > 255 || next - p > 3)
            return std::nullopt;
        out = (out << 8) | part;
        p = next;
        if (i < 3) {
            if (p == end || *p != '.')
                return std::nullopt;
            ++p;
        }
    }
    if (p != end)
        return std::nullopt;
    return out;
}

bool cidrContains(std::string_view cidr, std::string_view ip)
{
    auto slash = cidr.find('/');
    if (slash == std::string_view::npos)
        return false;
    auto net = parseIpv4(cidr.substr(0, slash));
    auto addr = parseIpv4(ip);
    int bits = -1;
    auto bitsText = cidr.substr(slash + 1);
    auto [ptr, ec] = std::from_chars(bitsText.data(), bitsText.data() + bitsText.size(), bits);
    if (!net || !addr || ec != std::errc() || ptr != bitsText.data() + bitsText.size() || bits < 0 || bits > 32)
        return false;
    std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t(0) << (32 - bits);
    return (*net & mask) == (*addr & mask);
}

} // namespace kubelab::core::net

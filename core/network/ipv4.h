// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kubelab::core::net {

/// A dotted IPv4 address as a number; nullopt when `text` is not one.
[[nodiscard]] std::optional<std::uint32_t> parseIpv4(std::string_view text);

/// Whether `ip` lies in `cidr` (`10.244.0.0/16`); false when either does not parse.
[[nodiscard]] bool cidrContains(std::string_view cidr, std::string_view ip);

} // namespace kubelab::core::net

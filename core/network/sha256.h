// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace kubelab::core::net {

/// SHA-256 of `data` (FIPS 180-4), as Go's crypto/sha256.Sum256.
[[nodiscard]] std::array<std::uint8_t, 32> sha256(std::string_view data);

/// RFC 4648 base32 with the standard alphabet and padding, as Go's base32.StdEncoding.
[[nodiscard]] std::string base32(const std::uint8_t* data, std::size_t size);

} // namespace kubelab::core::net

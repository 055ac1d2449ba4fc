// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/api/error.h"

namespace kubelab::core {

/// Virtual time in milliseconds since the lab's epoch. The simulated cluster moves only in
/// virtual time, so the same lab and commands give the same result on every machine.
using VirtualTime = std::int64_t;
/// A span of virtual time in milliseconds.
using Duration = std::int64_t;

constexpr Duration kSecond = 1000;
constexpr Duration kMinute = 60 * kSecond;
constexpr Duration kHour = 60 * kMinute;

/// Parses Go-style durations as kubectl flags take them: `30s`, `5m`, `1h30m`, `250ms`, `0`.
[[nodiscard]] Result<Duration> parseDuration(std::string_view text);
/// Formats as Go's time.Duration.String(): `30s`, `5m0s`, `1h30m0s`, `250ms`, `0s`.
[[nodiscard]] std::string formatDuration(Duration d);
/// Formats as kubectl's AGE column (apimachinery duration.HumanDuration): `45s`, `3m20s`,
/// `15m`, `5h3m`, `2d3h`, `400d`.
[[nodiscard]] std::string humanDuration(Duration d);

/// The wall-clock instant a virtual time stands for: the lab's epoch (Unix seconds) plus
/// the virtual time. Printed as RFC 3339 in UTC (`2025-01-01T00:00:05Z`), as Kubernetes
/// prints metav1.Time.
[[nodiscard]] std::string rfc3339(std::int64_t epochSeconds, VirtualTime t);
/// Parses an RFC 3339 timestamp back to Unix seconds; fails on malformed text.
[[nodiscard]] Result<std::int64_t> parseRfc3339(std::string_view text);

} // namespace kubelab::core

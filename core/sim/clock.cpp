// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/clock.h"

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/api/podtypes.h"

namespace kubelab::core {

Result<Duration> parseDuration(std::string_view text)
{
    auto bad = [&] { return fail(ErrorCode::Usage, "time: invalid duration \"" + std::string(text) + "\""); };
    if (text.empty())
        return bad();
    if (text == "0")
        return Duration{0};
    std::size_t i = 0;
    bool negative = false;
    if (text[0] == '-' || text[0] == '+') {
        negative = text[0] == '-';
        ++i;
    }
    double total = 0;
    bool any = false;
    while (i < text.size()) {
        std::size_t start = i;
        while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
            ++i;
        if (i == start)
            return bad();
        double value = 0;
        try {
            value = std::stod(std::string(text.substr(start, i - start)));
        } catch (...) {
            return bad();
        }
        std::size_t unitStart = i;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])))
            ++i;
        std::string_view unit = text.substr(unitStart, i - unitStart);
        double scale = 0;
        if (unit == "ms")
            scale = 1;
        else if (unit == "s")
            scale = 1000;
        else if (unit == "m")
            scale = 60'000;
        else if (unit == "h")
            scale = 3'600'000;
        else if (unit == "d")
            scale = 86'400'000;
        else if (unit.empty())
            return fail(ErrorCode::Usage, "time: missing unit in duration \"" + std::string(text) + "\"");
        else
            return fail(ErrorCode::Usage,
                        "time: unknown unit \"" + std::string(unit) + "\" in duration \"" + std::string(text) + "\"");
        total += value * scale;
        any = true;
    }
    if (!any || total > 1e15)
        return bad();
    auto ms = static_cast<Duration>(total + 0.5);
    return negative ? -ms : ms;
}

std::string formatDuration(Duration d)
{
    if (d == 0)
        return "0s";
    std::string sign = d < 0 ? "-" : "";
    if (d < 0)
        d = -d;
    if (d < kSecond)
        return sign + std::to_string(d) + "ms";
    std::int64_t h = d / kHour;
    std::int64_t m = (d % kHour) / kMinute;
    std::int64_t ms = d % kMinute;
    std::string out = sign;
    if (h > 0)
        out += std::to_string(h) + "h";
    if (h > 0 || m > 0)
        out += std::to_string(m) + "m";
    if (ms % 1000 == 0) {
        out += std::to_string(ms / 1000) + "s";
    } else {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", static_cast<double>(ms) / 1000.0);
        out += std::string(buf) + "s";
    }
    return out;
}

std::string humanDuration(Duration d)
{
    // apimachinery/pkg/util/duration.HumanDuration
    std::int64_t seconds = d / 1000;
    if (seconds < -1)
        return "<invalid>";
    if (seconds < 0)
        return "0s";
    if (seconds < 60 * 2)
        return std::to_string(seconds) + "s";
    std::int64_t minutes = seconds / 60;
    if (minutes < 10) {
        std::int64_t s = seconds % 60;
        return s == 0 ? std::to_string(minutes) + "m" : std::to_string(minutes) + "m" + std::to_string(s) + "s";
    }
    if (minutes < 60 * 3)
        return std::to_string(minutes) + "m";
    std::int64_t hours = seconds / 3600;
    if (hours < 8) {
        std::int64_t m = minutes % 60;
        return m == 0 ? std::to_string(hours) + "h" : std::to_string(hours) + "h" + std::to_string(m) + "m";
    }
    if (hours < 48)
        return std::to_string(hours) + "h";
    if (hours < 24 * 8) {
        std::int64_t h = hours % 24;
        return h == 0 ? std::to_string(hours / 24) + "d" : std::to_string(hours / 24) + "d" + std::to_string(h) + "h";
    }
    if (hours < 24 * 365 * 2)
        return std::to_string(hours / 24) + "d";
    if (hours < 24 * 365 * 8) {
        std::int64_t dy = (hours / 24) % 365;
        return dy == 0 ? std::to_string(hours / 24 / 365) + "y"
                       : std::to_string(hours / 24 / 365) + "y" + std::to_string(dy) + "d";
    }
    return std::to_string(hours / 24 / 365) + "y";
}

std::string rfc3339(std::int64_t epochSeconds, VirtualTime t)
{
    using namespace std::chrono;
    std::int64_t total = epochSeconds + (t >= 0 ? t / 1000 : -((-t + 999) / 1000));
    sys_seconds tp{seconds{total}};
    auto dp = floor<days>(tp);
    year_month_day ymd{dp};
    hh_mm_ss hms{tp - dp};
    const int year = static_cast<int>(ymd.year());
    if (year < 0 || year > 9999) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", year, static_cast<unsigned>(ymd.month()),
                      static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                      static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()));
        return buf;
    }
    // The same text as the format above, written digit by digit: every object write and
    // Event stamps a time, and snprintf was a good part of that.
    std::string out = "0000-00-00T00:00:00Z";
    const auto digits = [&out](std::size_t at, long value, std::size_t width) {
        for (std::size_t i = width; i-- > 0; value /= 10)
            out[at + i] = static_cast<char>('0' + value % 10);
    };
    digits(0, year, 4);
    digits(5, static_cast<long>(static_cast<unsigned>(ymd.month())), 2);
    digits(8, static_cast<long>(static_cast<unsigned>(ymd.day())), 2);
    digits(11, static_cast<long>(hms.hours().count()), 2);
    digits(14, static_cast<long>(hms.minutes().count()), 2);
    digits(17, static_cast<long>(hms.seconds().count()), 2);
    return out;
}

Result<std::int64_t> parseRfc3339(std::string_view text)
{
    const auto seconds = rfc3339Seconds(text);
    if (!seconds)
        return fail(ErrorCode::Parse, "invalid timestamp \"" + std::string(text) + "\"");
    return static_cast<std::int64_t>(std::floor(*seconds));
}

} // namespace kubelab::core

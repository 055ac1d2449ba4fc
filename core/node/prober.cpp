// SPDX-License-Identifier: GPL-3.0-or-later
// The prober's schedule and verdicts, after upstream's pkg/kubelet/prober (worker.go,
// prober.go) and the probe defaults of pkg/apis/core/v1/defaults.go.
#include "core/node/prober.h"

#include <algorithm>
#include <limits>

#include "core/api/quantity.h"

namespace kubelab::core {

namespace {

constexpr Duration kForever = std::numeric_limits<Duration>::max() / 4;

std::int64_t intField(const Json& probe, const char* field, std::int64_t fallback)
{
    if (probe.contains(field) && probe[field].is_number_integer())
        return probe[field].get<std::int64_t>();
    return fallback;
}

/// First tick (a multiple of the period since the start) at or after both the initial
/// delay and `notBefore`.
Duration firstTick(const ProbeSpec& p, Duration notBefore)
{
    Duration lo = std::max<Duration>(p.initialDelay, notBefore);
    if (lo <= 0)
        return 0;
    Duration k = (lo + p.period - 1) / p.period;
    return k * p.period;
}

struct Range {
    Duration lo = 0; ///< first time failing
    Duration hi = 0; ///< failing before this (exclusive)
};

/// Where a probe fails during a run: the ticks inside these ranges fail.
std::vector<Range> failingRanges(const std::optional<ProbeSpec>& probe, std::string_view kind, const Behaviour& b,
                                 const ContainerLife& life)
{
    std::vector<Range> out;
    if (!probe)
        return out;
    const ProbeSpec& p = *probe;
    const Duration readyAfter = b.readyAfter.value_or(0);
    if (kind == "Startup") {
        Duration first = firstTick(p, 0);
        Duration success = firstTick(p, readyAfter);
        out.push_back({first, std::min(success, first + p.failureThreshold * p.period)});
    } else if (life.startedAt) {
        if (kind == "Readiness" && readyAfter > *life.startedAt)
            out.push_back({*life.startedAt, readyAfter});
        if (b.unhealthyAfter) {
            Duration lo = std::max(*b.unhealthyAfter, *life.startedAt);
            Duration hi = kind == "Liveness" ? firstTick(p, lo) + p.failureThreshold * p.period : kForever;
            out.push_back({lo, hi});
        }
    }
    return out;
}

std::string portOf(const Json& container, const Json& port)
{
    if (port.is_number_integer())
        return std::to_string(port.get<std::int64_t>());
    std::string name = port.is_string() ? port.get<std::string>() : "";
    if (container.contains("ports"))
        for (const Json& p : container["ports"])
            if (p.value("name", "") == name)
                return std::to_string(p.value("containerPort", 0));
    return name;
}

/// What a failing probe reports: connection refused while the process is not listening
/// yet, the server's answer once it is unhealthy.
std::string failureOutput(const Json& container, const ProbeSpec& p, bool listening, const ProbeContext& ctx)
{
    const std::string host = ctx.podIp.empty() ? "127.0.0.1" : ctx.podIp;
    if (p.handler == "httpGet") {
        std::string hostPort = host + ":" + portOf(container, p.action.value("port", Json()));
        if (listening)
            return "HTTP probe failed with statuscode: 500";
        std::string scheme = p.action.value("scheme", "HTTP") == "HTTPS" ? "https" : "http";
        std::string path = p.action.value("path", "/");
        if (path.empty() || path.front() != '/')
            path = "/" + path;
        return "Get \"" + scheme + "://" + hostPort + path + "\": dial tcp " + hostPort + ": connect: connection refused";
    }
    if (p.handler == "tcpSocket")
        return "dial tcp " + host + ":" + portOf(container, p.action.value("port", Json())) + ": connect: connection refused";
    if (p.handler == "grpc") {
        if (listening)
            return "service unhealthy (responded with \"NOT_SERVING\")";
        return "timeout: failed to connect service \"" + host + ":" + std::to_string(p.action.value("port", 0)) +
               "\" within 1s: context deadline exceeded";
    }
    // exec: what the command prints when it fails (busybox `cat` of a missing file).
    if (p.action.contains("command") && p.action["command"].is_array() && p.action["command"].size() == 2 &&
        p.action["command"][0] == "cat" && p.action["command"][1].is_string())
        return "cat: can't open '" + p.action["command"][1].get<std::string>() + "': No such file or directory";
    return {};
}

} // namespace

std::optional<ProbeSpec> probeOf(const Json& container, std::string_view field)
{
    if (!container.contains(field) || !container[std::string(field)].is_object())
        return std::nullopt;
    const Json& probe = container[std::string(field)];
    ProbeSpec p;
    for (const char* handler : {"exec", "httpGet", "tcpSocket", "grpc"})
        if (probe.contains(handler)) {
            p.handler = handler;
            p.action = probe[handler];
        }
    p.initialDelay = intField(probe, "initialDelaySeconds", 0) * kSecond;
    p.period = std::max<std::int64_t>(1, intField(probe, "periodSeconds", 10)) * kSecond;
    p.timeout = std::max<std::int64_t>(1, intField(probe, "timeoutSeconds", 1)) * kSecond;
    p.successThreshold = static_cast<std::int32_t>(std::max<std::int64_t>(1, intField(probe, "successThreshold", 1)));
    p.failureThreshold = static_cast<std::int32_t>(std::max<std::int64_t>(1, intField(probe, "failureThreshold", 3)));
    return p;
}

std::int64_t memoryLimitOf(const Json& container)
{
    if (!container.contains("resources") || !container["resources"].contains("limits"))
        return 0;
    const Json& limits = container["resources"]["limits"];
    if (!limits.contains("memory") || !limits["memory"].is_string())
        return 0;
    auto q = Quantity::parse(limits["memory"].get<std::string>());
    return q ? q->value() : 0;
}

std::int64_t memoryAt(const Behaviour& behaviour, Duration t)
{
    std::int64_t base = behaviour.memory.value_or(kDefaultMemory);
    return base + static_cast<std::int64_t>(static_cast<double>(behaviour.memoryGrowthPerMinute) *
                                            static_cast<double>(std::max<Duration>(0, t)) / kMinute);
}

ContainerLife lifeOf(const Json& container, const Program& program, const Behaviour& b)
{
    ContainerLife life;
    const auto startup = probeOf(container, "startupProbe");
    const auto liveness = probeOf(container, "livenessProbe");
    const auto readiness = probeOf(container, "readinessProbe");
    const Duration readyAfter = b.readyAfter.value_or(0);

    struct End {
        Duration at;
        std::int32_t code;
        std::string reason;
        std::string killedBy;
    };
    std::vector<End> ends;
    if (program.exitAfter)
        ends.push_back({*program.exitAfter, program.exitCode, program.exitCode == 0 ? "Completed" : "Error", {}});
    if (b.crashAfter)
        ends.push_back({*b.crashAfter, b.exitCode, b.exitCode == 0 ? "Completed" : "Error", {}});
    if (std::int64_t limit = memoryLimitOf(container); limit > 0) {
        std::int64_t base = b.memory.value_or(kDefaultMemory);
        if (base > limit) {
            ends.push_back({kSecond, 137, "OOMKilled", {}});
        } else if (b.memoryGrowthPerMinute > 0) {
            // First whole second when usage passes the limit.
            double minutes = static_cast<double>(limit - base) / static_cast<double>(b.memoryGrowthPerMinute);
            Duration at = (static_cast<Duration>(minutes * kMinute) / kSecond + 1) * kSecond;
            ends.push_back({at, 137, "OOMKilled", {}});
        }
    }

    if (startup) {
        Duration first = firstTick(*startup, 0);
        Duration success = firstTick(*startup, readyAfter);
        Duration failures = (success - first) / startup->period;
        if (failures >= startup->failureThreshold)
            ends.push_back({first + (startup->failureThreshold - 1) * startup->period, 137, "Error", "startup"});
        else
            life.startedAt = success;
    } else {
        life.startedAt = 0;
    }
    if (life.startedAt && liveness && b.unhealthyAfter) {
        Duration f0 = firstTick(*liveness, std::max(*b.unhealthyAfter, *life.startedAt));
        ends.push_back({f0 + (liveness->failureThreshold - 1) * liveness->period, 137, "Error", "liveness"});
    }
    if (life.startedAt) {
        if (!readiness) {
            life.readyAt = life.startedAt;
        } else {
            Duration s0 = firstTick(*readiness, std::max(*life.startedAt, readyAfter));
            Duration readyAt = s0 + (readiness->successThreshold - 1) * readiness->period;
            if (!b.unhealthyAfter || readyAt < *b.unhealthyAfter) {
                life.readyAt = readyAt;
                if (b.unhealthyAfter) {
                    Duration f0 = firstTick(*readiness, std::max(*b.unhealthyAfter, readyAt + 1));
                    life.unreadyAt = f0 + (readiness->failureThreshold - 1) * readiness->period;
                }
            }
        }
    }
    // The earliest end wins (a stable sort keeps exit before crash before kill on ties).
    std::stable_sort(ends.begin(), ends.end(), [](const End& x, const End& y) { return x.at < y.at; });
    if (!ends.empty()) {
        life.end = ends.front().at;
        life.exitCode = ends.front().code;
        life.reason = ends.front().reason;
        life.killedBy = ends.front().killedBy;
        if (life.startedAt && *life.startedAt > *life.end)
            life.startedAt.reset();
        if (life.readyAt && *life.readyAt >= *life.end)
            life.readyAt.reset();
    }
    return life;
}

std::vector<ProbeFailure> probeFailures(const Json& container, const Behaviour& behaviour, const ContainerLife& life,
                                        Duration from, Duration to, const ProbeContext& ctx)
{
    std::vector<ProbeFailure> out;
    const Duration last = life.end ? std::min(to, *life.end) : to;
    const Duration readyAfter = behaviour.readyAfter.value_or(0);
    for (const char* kind : {"Startup", "Liveness", "Readiness"}) {
        std::string field = std::string(1, static_cast<char>(kind[0] + ('a' - 'A'))) + (kind + 1) + "Probe";
        auto probe = probeOf(container, field);
        for (const Range& r : failingRanges(probe, kind, behaviour, life)) {
            for (Duration t = firstTick(*probe, std::max(r.lo, from + 1)); t < r.hi && t <= last; t += probe->period)
                out.push_back({t, kind, failureOutput(container, *probe, t >= readyAfter, ctx)});
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const ProbeFailure& a, const ProbeFailure& b) { return a.at < b.at; });
    return out;
}

std::optional<Duration> nextProbeFailure(const Json& container, const Behaviour& behaviour, const ContainerLife& life,
                                         Duration after)
{
    std::optional<Duration> best;
    for (const char* kind : {"Startup", "Liveness", "Readiness"}) {
        std::string field = std::string(1, static_cast<char>(kind[0] + ('a' - 'A'))) + (kind + 1) + "Probe";
        auto probe = probeOf(container, field);
        for (const Range& r : failingRanges(probe, kind, behaviour, life)) {
            Duration t = firstTick(*probe, std::max(r.lo, after + 1));
            if (t < r.hi && (!life.end || t <= *life.end) && (!best || t < *best))
                best = t;
        }
    }
    return best;
}

} // namespace kubelab::core

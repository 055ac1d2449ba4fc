// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <ctime>

// Guards against exponential or quadratic work (alias bombs, many keys) in unit tests. They
// are not speed targets (those live in tests/bench): a guard measures the thread's own CPU
// time, so a loaded machine does not fail it, and allows the unoptimised, instrumented
// sanitizer builds several times as much.

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define KUBELAB_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define KUBELAB_TEST_SANITIZED 1
#endif
#endif

namespace kubelab::testing {

#ifdef KUBELAB_TEST_SANITIZED
inline constexpr int kSanitizerSlowdown = 5;
#else
inline constexpr int kSanitizerSlowdown = 1;
#endif

/// The CPU time this thread has used.
inline std::chrono::nanoseconds threadCpuTime()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

/// Whether `work` took less CPU than `budget` (times the sanitizer slowdown).
template <typename Work>
bool withinCpuBudget(std::chrono::seconds budget, Work&& work)
{
    const auto start = threadCpuTime();
    work();
    return threadCpuTime() - start < budget * kSanitizerSlowdown;
}

} // namespace kubelab::testing

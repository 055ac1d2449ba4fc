// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: the `klab` command line. The input is split into arguments at NUL bytes
// and newlines; parsing accepts or refuses, never crashes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/cli/invocation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::vector<std::string> args(1);
    for (std::size_t i = 0; i < size; ++i) {
        char c = static_cast<char>(data[i]);
        if (c == '\0' || c == '\n')
            args.emplace_back();
        else
            args.back().push_back(c);
    }
    auto invocation = kubelab::cli::parseArguments(args);
    if (invocation) {
        for (const auto& [flag, value] : invocation->flags) {
            (void)invocation->value(flag);
            (void)invocation->boolean(flag);
        }
    }
    return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/api/error.h"

namespace kubelab::cli {

/// A parsed command line: the words (verb and arguments) and the flags, kubectl style
/// (`--name=value`, `--name value`, `-n value`, `-ovalue`, `--` ends the flags).
struct Invocation {
    std::vector<std::string> words;
    std::multimap<std::string, std::string> flags; ///< by long name, without dashes
    std::vector<std::string> afterDashes;          ///< words after `--` (exec)

    [[nodiscard]] bool has(const std::string& flag) const { return flags.contains(flag); }
    [[nodiscard]] std::optional<std::string> value(const std::string& flag) const;
    [[nodiscard]] std::vector<std::string> values(const std::string& flag) const;
    [[nodiscard]] bool boolean(const std::string& flag) const;
};

/// Parses argv (without the program name). Flags are known by name (see `flagTable`);
/// an unknown flag is a usage error, as kubectl's `error: unknown flag: --foo`.
[[nodiscard]] core::Result<Invocation> parseArguments(const std::vector<std::string>& args);

} // namespace kubelab::cli

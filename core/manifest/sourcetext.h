// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"

// Pieces shared by the YAML and JSON readers of `decodeManifests`.
namespace kubelab::core::detail {

/// One top-level value read from a manifest stream, before the Kubernetes checks.
struct RawDocument {
    Json value;
    Location location;
    /// Where each element of a top-level `items` sequence starts, when known (for
    /// `kind: List`).
    std::vector<Location> itemLocations;
};

/// A location naming only the file.
[[nodiscard]] Location fileLocation(std::string_view file);

/// The 1-based line and column (counted in characters) of a byte offset.
[[nodiscard]] Location locationAt(std::string_view text, std::size_t offset, std::string_view file);

/// `locationAt` for offsets that mostly increase (as parser events do): each call
/// continues from the previous one instead of rescanning the text.
class LineCounter
{
public:
    LineCounter(std::string_view text, std::string_view file);
    [[nodiscard]] Location at(std::size_t offset);

private:
    std::string_view m_text;
    std::string_view m_file;
    std::size_t m_offset = 0;
    int m_line = 1;
    int m_column = 1;
};

/// A spot where the input cannot be a YAML stream, and why.
struct TextProblem {
    std::size_t offset = 0;
    std::string message;
};

/// Checks what libyaml's reader checks before any parsing: well-formed UTF-8 and no
/// control characters other than tab, line feed and carriage return.
[[nodiscard]] std::optional<TextProblem> findYamlTextProblem(std::string_view text);

} // namespace kubelab::core::detail

// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: label selectors in kubectl's string form (`app=web,tier notin (db)`).
// A selector that parses prints a string that parses back to the same selector.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/api/labels.h"

namespace core = kubelab::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto selector = core::LabelSelector::parse(text);
    if (!selector)
        return 0;
    auto again = core::LabelSelector::parse(selector->toString());
    if (!again || !(*again == *selector))
        std::abort();
    return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: resource quantities (`500m`, `1Gi`, `1e3`). A quantity that parses prints
// a canonical form that parses back to the same value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/api/quantity.h"

namespace core = kubelab::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto quantity = core::Quantity::parse(text);
    if (!quantity)
        return 0;
    auto again = core::Quantity::parse(quantity->toString());
    if (!again || *again != *quantity)
        std::abort();
    return 0;
}

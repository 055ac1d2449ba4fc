// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: the stored form of an object (a lab file's blobs). Damaged bytes are refused
// with std::runtime_error; what an object packs to decodes and packs to the same bytes
// (bytes, not values: NaN is not equal to itself, and the stored form keeps no MessagePack
// extension types).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/store/packed.h"

namespace core = kubelab::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    core::Json object;
    try {
        object = core::unpackObject(bytes);
    } catch (const std::runtime_error&) {
        return 0;
    }
    std::string packed = core::packObject(object);
    if (core::packObject(core::unpackObject(packed)) != packed)
        std::abort();
    return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: a manifest as `klab apply -f` reads it. Decoding never crashes, hangs or
// grows without bound (depth, alias and size limits); a decoded object goes through
// defaulting and validation, and what `-o yaml` prints of it reads back as the same object.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/api/defaults.h"
#include "core/api/validation.h"
#include "core/manifest/manifest.h"

namespace core = kubelab::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto documents = core::decodeManifests(text, "fuzz.yaml");
    if (!documents)
        return 0;
    for (auto& document : *documents) {
        std::string yaml = core::toYaml(document.object);
        auto again = core::decodeManifests(yaml, "printed.yaml");
        // A printed object reads back as itself (an empty mapping prints as `{}`).
        if (!again || again->size() != 1 || again->front().object != document.object)
            std::abort();
        if (document.object.is_object() && document.object.contains("kind")) {
            core::applyDefaults(document.object);
            (void)core::validateObject(document.object, nullptr);
        }
    }
    return 0;
}

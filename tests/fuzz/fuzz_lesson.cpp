// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: an instructor's lesson file, as `klab lesson validate` reads it (without
// reading the manifests it names: a lesson never makes the lab read files it did not ship).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/lessons/lesson.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)kubelab::core::parseLesson(text, "lesson.yaml", {}, kubelab::core::LabFiles::Skip);
    return 0;
}

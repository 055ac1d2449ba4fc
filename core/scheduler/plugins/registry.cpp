// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/registry.h"

#include <array>

namespace kubelab::scheduler {

namespace {

// One line per plugin, as upstream's registry.go. A plugin is added by including its
// header and adding `{names::X, &X::create}` here.
const std::array<RegistryEntry, 0> kRegistry = {{}};

} // namespace

std::span<const RegistryEntry> inTreeRegistry()
{
    return kRegistry;
}

const RegistryEntry* findPlugin(std::string_view name)
{
    for (const RegistryEntry& entry : kRegistry)
        if (entry.name == name)
            return &entry;
    return nullptr;
}

} // namespace kubelab::scheduler

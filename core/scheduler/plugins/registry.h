// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// Builds a plugin from its `pluginConfig` args (an empty object when the configuration
/// gives none; defaults are the plugin's to apply) and the framework handle. A bad
/// argument is refused with upstream's validation text.
using PluginFactory = core::Result<std::unique_ptr<Plugin>> (*)(const core::Json& args, Handle& handle);

struct RegistryEntry {
    std::string_view name;
    PluginFactory factory = nullptr;
};

/// Every in-tree plugin, one literal line each (upstream `NewInTreeRegistry`).
[[nodiscard]] std::span<const RegistryEntry> inTreeRegistry();
/// The registry entry for `name`, or nullptr.
[[nodiscard]] const RegistryEntry* findPlugin(std::string_view name);

} // namespace kubelab::scheduler

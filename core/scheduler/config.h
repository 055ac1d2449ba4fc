// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"

namespace kubelab::scheduler {

/// The extension points a configuration names (`plugins.<point>`), in upstream's order.
enum class ExtensionPoint : std::uint8_t {
    PreEnqueue,
    QueueSort,
    PreFilter,
    Filter,
    PostFilter,
    PreScore,
    Score,
    Reserve,
    Permit,
    PreBind,
    Bind,
    PostBind,
    MultiPoint,
};
inline constexpr std::size_t kExtensionPointCount = 13;

/// The configuration key: `preEnqueue`, `queueSort`, ..., `multiPoint`.
[[nodiscard]] std::string_view extensionPointKey(ExtensionPoint point);

/// One `{name, weight}` entry of an enabled list.
struct PluginRef {
    std::string name;
    std::int32_t weight = 0; ///< 0 = not given (Score weights then default to 1)

    bool operator==(const PluginRef&) const = default;
};

/// `enabled` / `disabled` of one extension point.
struct PluginSet {
    std::vector<PluginRef> enabled;
    std::vector<std::string> disabled;

    bool operator==(const PluginSet&) const = default;
};

/// The plugins of a profile, one set per extension point.
struct Plugins {
    std::array<PluginSet, kExtensionPointCount> sets;

    [[nodiscard]] PluginSet& at(ExtensionPoint point) { return sets[static_cast<std::size_t>(point)]; }
    [[nodiscard]] const PluginSet& at(ExtensionPoint point) const { return sets[static_cast<std::size_t>(point)]; }
};

/// One profile (`profiles[i]`), after defaulting: plugins merged with the default
/// multiPoint set, and args for every plugin that takes them.
struct ProfileConfig {
    std::string schedulerName;
    std::optional<std::int32_t> percentageOfNodesToScore;
    Plugins plugins;
    /// `pluginConfig` in order: plugin name and its args object.
    std::vector<std::pair<std::string, core::Json>> pluginConfig;

    /// The args for `plugin` (an empty object when none).
    [[nodiscard]] const core::Json& argsFor(std::string_view plugin) const;
};

/// A KubeSchedulerConfiguration (`kubescheduler.config.k8s.io/v1`): what the lab applies as
/// a manifest. Decoding applies upstream's v1 defaults and validation, so a refused
/// document names the field as kube-scheduler would
/// (`profiles[1].schedulerName: Required value`).
struct SchedulerConfiguration {
    std::int32_t percentageOfNodesToScore = 0;
    std::int64_t podInitialBackoffSeconds = 1;
    std::int64_t podMaxBackoffSeconds = 10;
    std::vector<ProfileConfig> profiles;

    /// The configuration kube-scheduler runs with when given none: one
    /// `default-scheduler` profile with the default plugins.
    [[nodiscard]] static SchedulerConfiguration defaults();
    /// Decodes, defaults and validates a document.
    [[nodiscard]] static core::Result<SchedulerConfiguration> fromJson(const core::Json& document);
};

/// The default plugins of v1.31 (`getDefaultPlugins`): the multiPoint list with weights.
[[nodiscard]] const PluginSet& defaultMultiPointPlugins();

/// Upstream's `mergePluginSet`: custom enabled plugins replace defaults in place, disabled
/// ones (or `*`) drop them, the rest of the custom plugins follow.
[[nodiscard]] PluginSet mergePluginSet(const PluginSet& defaults, const PluginSet& custom);

} // namespace kubelab::scheduler

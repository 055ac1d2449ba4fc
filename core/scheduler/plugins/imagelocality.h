// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/api/podtypes.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// The image name as the node lists it: `:latest` appended when the name has no tag
/// after its last `/` (upstream's `normalizedImageName`; digests are kept as given).
[[nodiscard]] std::string normalizedImageName(std::string_view name);

/// ImageLocality: favours nodes that already hold the pod's images, weighing each image's
/// size by the share of nodes that hold it, scaled between 23 MiB and 1000 MiB per container.
class ImageLocality final : public ScorePlugin {
public:
    static constexpr std::int64_t kMiB = 1024 * 1024;
    static constexpr std::int64_t kMinThreshold = 23 * kMiB;
    static constexpr std::int64_t kMaxContainerThreshold = 1000 * kMiB;

    /// Takes no args.
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);

    [[nodiscard]] std::string_view name() const override;
    [[nodiscard]] Status score(CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo,
                               std::int64_t& score) override;

private:
    explicit ImageLocality(Handle& handle) : m_handle(&handle) { }

    Handle* m_handle = nullptr;
};

} // namespace kubelab::scheduler

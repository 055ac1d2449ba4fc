// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/imagelocality.h"

#include "core/scheduler/plugins/names.h"
#include "core/scheduler/snapshot.h"

namespace kubelab::scheduler {

namespace {

/// An image's size scaled by the share of nodes that hold it (upstream `scaledImageScore`),
/// which keeps pods from piling onto the few nodes that have a large image.
std::int64_t scaledImageScore(std::int64_t size, int numNodes, std::size_t totalNumNodes)
{
    const double spread = static_cast<double>(numNodes) / static_cast<double>(totalNumNodes);
    return static_cast<std::int64_t>(static_cast<double>(size) * spread);
}

std::int64_t calculatePriority(std::int64_t sumScores, std::size_t numContainers)
{
    const std::int64_t maxThreshold = ImageLocality::kMaxContainerThreshold * static_cast<std::int64_t>(numContainers);
    if (sumScores < ImageLocality::kMinThreshold)
        sumScores = ImageLocality::kMinThreshold;
    else if (sumScores > maxThreshold)
        sumScores = maxThreshold;
    return kMaxNodeScore * (sumScores - ImageLocality::kMinThreshold) / (maxThreshold - ImageLocality::kMinThreshold);
}

} // namespace

std::string normalizedImageName(std::string_view name)
{
    const auto colon = name.rfind(':');
    const auto slash = name.rfind('/');
    const long colonAt = colon == std::string_view::npos ? -1 : static_cast<long>(colon);
    const long slashAt = slash == std::string_view::npos ? -1 : static_cast<long>(slash);
    std::string out(name);
    if (colonAt <= slashAt)
        out += ":latest";
    return out;
}

core::Result<std::unique_ptr<Plugin>> ImageLocality::create(const core::Json& /*args*/, Handle& handle)
{
    return std::unique_ptr<Plugin>(new ImageLocality(handle));
}

std::string_view ImageLocality::name() const
{
    return names::ImageLocality;
}

Status ImageLocality::score(CycleState& /*state*/, const core::Pod& pod, const NodeInfo& nodeInfo,
                            std::int64_t& score)
{
    const Snapshot& snapshot = m_handle->snapshot();
    const std::size_t totalNumNodes = snapshot.size();
    std::int64_t sum = 0;
    auto add = [&](const core::Container& container) {
        const std::string image = normalizedImageName(container.image);
        const auto& sizes = nodeInfo.imageSizes();
        if (auto it = sizes.find(image); it != sizes.end() && totalNumNodes > 0)
            sum += scaledImageScore(it->second, snapshot.imageNumNodes(image), totalNumNodes);
    };
    for (const core::Container& c : pod.initContainers)
        add(c);
    for (const core::Container& c : pod.containers)
        add(c);
    score = calculatePriority(sum, pod.initContainers.size() + pod.containers.size());
    return {};
}

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kubelab::core {

/// What the simulated registries hold: known repositories with their image sizes. An
/// image outside the catalogue cannot be pulled (ErrImagePull), as a typo on a real
/// cluster. Names are normalized as the kubelet and ImageLocality do
/// (`nginx` -> `docker.io/library/nginx:latest`).
struct ImageInfo {
    std::string normalized;  ///< docker.io/library/nginx:1.25
    std::int64_t sizeBytes = 0;
    /// The image's `USER`: a numeric uid, or a name the kubelet cannot check; neither
    /// means root (uid 0), as the kubelet's getImageUser.
    std::optional<std::int64_t> uid = 0;
    std::string userName;
};

[[nodiscard]] std::string normalizeImageName(std::string_view image);
/// The image, if a registry has it.
[[nodiscard]] std::optional<ImageInfo> lookupImage(std::string_view image);
/// Simulated pull time for an image of this size (about 30 MB/s plus a second).
[[nodiscard]] std::int64_t pullMilliseconds(std::int64_t sizeBytes);
/// A pull of an image the node already holds (imagePullPolicy Always): the registry is asked
/// for the manifest and no layer is downloaded.
inline constexpr std::int64_t kCachedPullMilliseconds = 500;

} // namespace kubelab::core

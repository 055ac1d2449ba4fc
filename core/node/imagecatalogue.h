// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/object.h"

namespace kubelab::core {

class Engine;

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

/// One repository of the catalogue, for listing.
struct CatalogEntry {
    std::string repository; ///< docker.io/library/nginx
    std::int64_t sizeBytes = 0;
    std::string user;       ///< the image's USER as written ("" for root)
    bool fromLab = false;   ///< added by the lab's ImageCatalog, not built in
};

/// The images the lab's registries hold: the built-in catalogue, and the repositories an
/// instructor added with an ImageCatalog manifest (`apiVersion: kubelab.io/v1alpha1`), kept
/// in the lab's settings; the lab's entry wins over a built-in one of the same repository.
class ImageCatalog final {
public:
    /// The built-in catalogue and the lab's additions, as they are now.
    explicit ImageCatalog(const Engine& engine);

    /// The image, if a registry has it (any tag or digest of a catalogued repository).
    [[nodiscard]] std::optional<ImageInfo> lookup(std::string_view image) const;
    /// Every repository, sorted by name.
    [[nodiscard]] std::vector<CatalogEntry> entries() const;

private:
    friend Result<std::string> applyImageCatalog(Engine& engine, const Json& manifest);
    Json m_lab = Json::object(); // repository -> {"sizeBytes": N, "user": "..."}
};

/// Adds (or replaces) the repositories of an ImageCatalog manifest in the lab's catalogue.
/// Refused as a whole, with every field error, when any entry is bad.
[[nodiscard]] Result<std::string> applyImageCatalog(Engine& engine, const Json& manifest);

/// Simulated pull time for an image of this size (about 30 MB/s plus a second).
[[nodiscard]] std::int64_t pullMilliseconds(std::int64_t sizeBytes);
/// A pull of an image the node already holds (imagePullPolicy Always): the registry is asked
/// for the manifest and no layer is downloaded.
inline constexpr std::int64_t kCachedPullMilliseconds = 500;

} // namespace kubelab::core

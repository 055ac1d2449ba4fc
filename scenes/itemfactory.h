// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scenes/labsnapshot.h"

namespace kubelab::scenes {

class IngressItem;
class NodeItem;
class PodItem;
class ServiceItem;
class VolumeItem;

/// Makes the canvas item of each kind. The one place that knows which class draws what.
class ItemFactory final {
public:
    [[nodiscard]] static NodeItem* createNode(const NodeView& view);
    [[nodiscard]] static PodItem* createPod(const PodView& view);
    [[nodiscard]] static ServiceItem* createService(const ServiceView& view);
    [[nodiscard]] static IngressItem* createIngress(const IngressView& view);
    [[nodiscard]] static VolumeItem* createVolume(const VolumeView& view);
    [[nodiscard]] static VolumeItem* createClaim(const ClaimView& view);
    [[nodiscard]] static VolumeItem* createStorageClass(const StorageClassView& view);
};

} // namespace kubelab::scenes

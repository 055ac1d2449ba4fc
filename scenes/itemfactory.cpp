// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenes/itemfactory.h"

#include "scenes/items/ingressitem.h"
#include "scenes/items/nodeitem.h"
#include "scenes/items/poditem.h"
#include "scenes/items/serviceitem.h"
#include "scenes/items/volumeitem.h"

namespace kubelab::scenes {

NodeItem* ItemFactory::createNode(const NodeView& view) { return new NodeItem(view); }
PodItem* ItemFactory::createPod(const PodView& view) { return new PodItem(view); }
ServiceItem* ItemFactory::createService(const ServiceView& view) { return new ServiceItem(view); }
IngressItem* ItemFactory::createIngress(const IngressView& view) { return new IngressItem(view); }
VolumeItem* ItemFactory::createVolume(const VolumeView& view) { return new VolumeItem(view); }
VolumeItem* ItemFactory::createClaim(const ClaimView& view) { return new VolumeItem(view); }
VolumeItem* ItemFactory::createStorageClass(const StorageClassView& view) { return new VolumeItem(view); }

} // namespace kubelab::scenes

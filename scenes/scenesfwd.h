// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace kubelab::scenes {
class ItemFactory;
class LabScene;
class NodeItem;
class PodItem;
class ServiceItem;
class SnapshotBuilder;
class VolumeItem;
struct LabSnapshot;
struct PodView;
struct NodeView;
} // namespace kubelab::scenes

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/scheduler/plugin.h"

namespace kubelab::scheduler {

/// VolumeZone (plugins/volumezone): the pod's bound volumes that carry zone or region labels
/// (`topology.kubernetes.io/zone`, `topology.kubernetes.io/region` and their beta
/// `failure-domain.beta.kubernetes.io/...` names; several zones joined by `__`) fit only
/// nodes labelled with one of those values: `node(s) had no available volume zone`. A node
/// with none of the labels fits. Claims not bound yet: those of a WaitForFirstConsumer class
/// are skipped, the others refuse the pod (`PersistentVolume had no name`).
class VolumeZone final : public PreFilterPlugin, public FilterPlugin, public EnqueueExtensions {
public:
    explicit VolumeZone(Handle& handle) : m_handle(&handle) { }
    [[nodiscard]] static core::Result<std::unique_ptr<Plugin>> create(const core::Json& args, Handle& handle);
    [[nodiscard]] std::string_view name() const override;
    [[nodiscard]] Status preFilter(CycleState& state, const core::Pod& pod, PreFilterResult& result) override;
    [[nodiscard]] Status filter(const CycleState& state, const core::Pod& pod, const NodeInfo& nodeInfo) override;
    [[nodiscard]] std::vector<ClusterEvent> eventsToRegister() const override;

private:
    Handle* m_handle = nullptr;
};

} // namespace kubelab::scheduler

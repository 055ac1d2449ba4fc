// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <set>
#include <string>

#include "core/api/object.h"
#include "core/node/imagecatalogue.h"
#include "core/sim/clock.h"

namespace kubelab::core {

class Engine;

/// The simulated container runtime of a kubelet: runs a pod's init containers in order,
/// then its containers, each as its program and behaviour say (core/node/behaviour.h);
/// probes them (core/node/prober.h); restarts them per restartPolicy with the
/// crash-loop back-off; and reports what a real kubelet reports (container states,
/// lastState, restartCount, ready, started, the phase and the conditions) with
/// upstream's events. Everything is derived from the stored status and the virtual
/// clock, so a lab reopened later carries on where it stopped.
/// Simplified: a container killed for a failed probe stops at once (exit code 137); an
/// image missing from the lab's registry never appears, so its pulls fail for good.
class ContainerRuntime final {
public:
    /// `catalog`: what the lab's registries hold; `nodeImages`: the images (normalized names)
    /// the node held when the pod was admitted: an IfNotPresent or Never container of one of
    /// them starts without a pull.
    ContainerRuntime(Engine& engine, const ImageCatalog& catalog, const std::set<std::string>& nodeImages)
        : m_engine(engine), m_catalog(catalog), m_nodeImages(nodeImages)
    {
    }

    /// Brings `pod` (a copy the caller writes back) up to the engine's now: containers
    /// may start, exit, restart or back off; probe failures in (from, now] are recorded as
    /// events. `firstStart` is when the images are pulled and the first container may
    /// start. Returns when the pod next changes, if ever.
    std::optional<VirtualTime> step(Json& pod, VirtualTime firstStart, VirtualTime from);

private:
    /// One container: returns true when it ran to completion (exit 0 and no restart) or,
    /// for a sidecar, when it is started.
    void stepContainer(Json& pod, Json& status, const Json& spec, const std::string& policy, VirtualTime startAt,
                       VirtualTime from, std::optional<VirtualTime>& wake);
    void startContainer(Json& pod, Json& status, const Json& spec, VirtualTime at, bool restart);
    /// An image the lab's registry does not have: the syncs in (from, now] after the first
    /// pull at `firstPull`, each a failed pull (ErrImagePull) or a back-off (ImagePullBackOff).
    void pullUnknownImage(Json& pod, Json& status, const std::string& image, VirtualTime firstPull, VirtualTime from);
    /// imagePullPolicy Never and an image the node did not hold: the syncs in (from, now]
    /// after the first try at `firstTry`, each refusing to pull (ErrImageNeverPull).
    void refuseToPull(Json& pod, Json& status, const std::string& image, VirtualTime firstTry, VirtualTime from);
    void event(const Json& pod, std::string_view type, std::string_view reason, std::string message);

    Engine& m_engine;
    const ImageCatalog& m_catalog;
    const std::set<std::string>& m_nodeImages;
};

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace kubelab::core {

class Engine;
class ApiServer;

/// The controller manager's list: every control-plane component the engine runs, in
/// the order they drain their queues. Adding a controller is adding a line here.
void registerControllers(Engine& engine);

/// The API server's admission chain, in upstream's fixed order.
void registerAdmissionPlugins(ApiServer& api);

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/api/error.h"
#include "core/server/server.h"
#include "core/sim/engine.h"

namespace kubelab::core::server {

/// A lab being served: the listening server and the kubeconfig written for it.
struct Serving {
    std::unique_ptr<ApiHttpServer> server;
    std::string kubeconfigPath;
};

/// What `klab serve` and the window's "Let kubectl connect" both do: over HTTPS the lab's CA
/// issues the serving certificate; the server listens; a kubeconfig for the lab's users is
/// written (owner-only, as kubeadm writes admin.conf: it holds client keys) to
/// `kubeconfigPath`, or beside the lab file (`lab.kubeconfig`) when empty; and the lab
/// records that this process serves it (see servingProcess). Nothing is started on failure.
[[nodiscard]] Result<Serving> startServing(Engine& engine, ServerOptions options, bool plainHttp,
                                           std::string kubeconfigPath);
/// The lab is no longer served by this process (the record startServing made is cleared).
void stopServing(Engine& engine);
/// The process serving the lab, if another live one does: its engine holds the lab in
/// memory, so a write from elsewhere would be lost or clash with its next commit.
[[nodiscard]] std::optional<long> servingProcess(const Engine& engine);

} // namespace kubelab::core::server

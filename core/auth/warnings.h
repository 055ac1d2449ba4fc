// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace kubelab::core {

class Engine;
struct RequestContext;

/// Warnings the API server returns with a request (admission's `Warning:` response
/// headers, e.g. PodSecurity's `would violate PodSecurity ...`), kept per engine for the
/// client that made the request. Only users' requests keep them: components' clients
/// only log them. klab prints them on stderr as kubectl does.
void addWarning(const Engine& engine, const RequestContext& ctx, std::string text);
/// Hands over (and forgets) the warnings collected for `engine`.
[[nodiscard]] std::vector<std::string> takeWarnings(const Engine& engine);

} // namespace kubelab::core

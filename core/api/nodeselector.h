// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/error.h"
#include "core/api/object.h"
#include "core/api/podtypes.h"

namespace kubelab::core {

/// Decodes a NodeSelector (`nodeSelectorTerms`), as a PersistentVolume's
/// `spec.nodeAffinity.required`, with the pod decoder's rules (podtypes.cpp).
[[nodiscard]] Result<NodeSelector> nodeSelectorFromJson(const Json& selector);

} // namespace kubelab::core

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace kubelab::scenes {

/// Names in the order a learner counts: node-2 before node-10 (runs of digits by value).
[[nodiscard]] bool naturalLess(const QString& a, const QString& b);

} // namespace kubelab::scenes

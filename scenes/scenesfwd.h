// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace kubelab::scenes {
class LabScene;
} // namespace kubelab::scenes

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/defaults.h"

namespace kubelab::core {

void applyDefaults(Json& object)
{
    (void)object;
}

} // namespace kubelab::core

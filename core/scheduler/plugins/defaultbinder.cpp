// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/scheduler/plugins/defaultbinder.h"

#include "core/scheduler/plugins/names.h"

namespace kubelab::scheduler {

core::Result<std::unique_ptr<Plugin>> DefaultBinder::create(const core::Json& /*args*/, Handle& /*handle*/)
{
    return std::make_unique<DefaultBinder>();
}

std::string_view DefaultBinder::name() const
{
    return names::DefaultBinder;
}

Status DefaultBinder::bind(CycleState& /*state*/, const core::Pod& /*pod*/, const std::string& /*nodeName*/)
{
    return {};
}

} // namespace kubelab::scheduler

// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/auth/warnings.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>

#include "core/sim/engine.h"

namespace kubelab::core {

namespace {

std::mutex& warningsMutex()
{
    static std::mutex m;
    return m;
}

std::map<const Engine*, std::vector<std::string>>& pending()
{
    static std::map<const Engine*, std::vector<std::string>> byEngine;
    return byEngine;
}

} // namespace

void addWarning(const Engine& engine, const RequestContext& ctx, std::string text)
{
    if (ctx.user.starts_with("system:"))
        return;
    std::lock_guard lock(warningsMutex());
    std::vector<std::string>& list = pending()[&engine];
    if (std::ranges::find(list, text) == list.end())
        list.push_back(std::move(text));
}

std::vector<std::string> takeWarnings(const Engine& engine)
{
    std::lock_guard lock(warningsMutex());
    auto it = pending().find(&engine);
    if (it == pending().end())
        return {};
    std::vector<std::string> out = std::move(it->second);
    pending().erase(it);
    return out;
}

} // namespace kubelab::core

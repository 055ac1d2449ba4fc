// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

namespace kubelab::core {

/// The language of explanations, story events and lessons. Kubernetes' own texts
/// (kubectl columns, event messages, API errors) stay English in both.
enum class Language { English, Chinese };

/// `zh_CN`, `zh_CN.UTF-8`, `zh` -> Chinese; anything else -> English.
[[nodiscard]] inline Language languageFromLocale(std::string_view locale)
{
    return locale.starts_with("zh") ? Language::Chinese : Language::English;
}

} // namespace kubelab::core

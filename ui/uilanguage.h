// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/language.h"

namespace kubelab::ui {

/// The language of the installed translation, for the explanations `core` writes (story
/// events, the scheduler's decision): the translation itself says which language it is.
[[nodiscard]] core::Language explanationLanguage();

} // namespace kubelab::ui

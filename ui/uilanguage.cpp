// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/uilanguage.h"

#include <QCoreApplication>

namespace kubelab::ui {

core::Language explanationLanguage()
{
    const QString code = QCoreApplication::translate(
        "kubelab::ui::Language", "en", "The language code of this translation (zh_CN for Simplified Chinese).");
    return core::languageFromLocale(code.toStdString());
}

} // namespace kubelab::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

namespace kubelab::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("KubeLab"));
    resize(1280, 800);
}

} // namespace kubelab::ui

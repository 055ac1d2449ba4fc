// SPDX-License-Identifier: GPL-3.0-or-later
#include <QApplication>

#include "ui/mainwindow.h"

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    kubelab::ui::MainWindow window;
    window.show();
    return app.exec();
}

// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdio>

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>
#include <QSettings>
#include <QTimer>

#include "core/sim/clock.h"
#include "ui/mainwindow.h"

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("KubeLab"));
    QApplication::setApplicationName(QStringLiteral("kubelab"));
    QApplication::setApplicationVersion(QStringLiteral(KUBELAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.kubelab.KubeLab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "KubeLab: learn Kubernetes by watching it work."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption labOption(QStringLiteral("lab"),
                                       QApplication::translate("main", "Open (or create) the lab file PATH."),
                                       QStringLiteral("PATH"));
    const QCommandLineOption scenarioOption(
        QStringLiteral("scenario"), QApplication::translate("main", "Load the built-in scenario NAME into a new lab."),
        QStringLiteral("NAME"), QStringLiteral("demo"));
    const QCommandLineOption langOption(QStringLiteral("lang"),
                                        QApplication::translate("main", "Interface language: en or zh_CN."),
                                        QStringLiteral("LANG"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"), QApplication::translate("main", "Write the window to FILE (PNG) and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption afterOption(
        QStringLiteral("after"),
        QApplication::translate("main", "With --screenshot: run DURATION of virtual time first (e.g. 30s, 2m)."),
        QStringLiteral("DURATION"), QStringLiteral("0s"));
    const QCommandLineOption fitOption(
        QStringLiteral("fit"),
        QApplication::translate("main", "With --screenshot: fit the whole cluster in the canvas (as View ▸ Fit)."));
    const QCommandLineOption serveOption(
        QStringLiteral("serve"),
        QApplication::translate("main", "Let kubectl connect once the lab is open (as Simulation ▸ Let kubectl connect)."));
    parser.addOptions({labOption, scenarioOption, langOption, screenshotOption, afterOption, fitOption, serveOption});
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QApplication::translate("main", "The lab file to open (the same as --lab PATH)."),
                                 QStringLiteral("[FILE]"));
    parser.process(app);
    QString lab = parser.value(labOption);
    if (lab.isEmpty() && !parser.positionalArguments().isEmpty())
        lab = parser.positionalArguments().constFirst();

    auto after = kubelab::core::parseDuration(parser.value(afterOption).toStdString());
    if (!after) {
        std::fprintf(stderr, "kubelab: invalid --after \"%s\": %s\n", qPrintable(parser.value(afterOption)),
                     after.error().message.c_str());
        return 2;
    }

    QString language = parser.value(langOption);
    if (language.isEmpty())
        language = QSettings().value(QStringLiteral("language")).toString();
    if (language.isEmpty())
        language = QLocale::system().name().startsWith(QLatin1String("zh")) ? QStringLiteral("zh_CN")
                                                                             : QStringLiteral("en");

    kubelab::ui::MainWindow window;
    window.setLanguage(language);
    if (parser.isSet(serveOption))
        QObject::connect(&window, &kubelab::ui::MainWindow::labOpened, &window,
                         [&window] { window.serveAction()->trigger(); },
                         Qt::SingleShotConnection);
    const bool screenshot = parser.isSet(screenshotOption);
    if (screenshot) {
        window.resize(1600, 1000);
        window.setSpeed(0);
        const QString file = parser.value(screenshotOption);
        QObject::connect(&window, &kubelab::ui::MainWindow::labOpened, &window,
                         [&window, file, ms = *after, fit = parser.isSet(fitOption)] { window.screenshotAfter(ms, file, fit); });
        QObject::connect(&window, &kubelab::ui::MainWindow::screenshotTaken, &app, [](bool ok, const QString& f) {
            if (!ok)
                std::fprintf(stderr, "kubelab: could not write %s\n", qPrintable(f));
            QApplication::exit(ok ? 0 : 1);
        });
    }
    window.show();
    window.openLab(lab, parser.value(scenarioOption));
    return app.exec();
}

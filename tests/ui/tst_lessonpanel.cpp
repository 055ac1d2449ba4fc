// SPDX-License-Identifier: GPL-3.0-or-later
#include <sstream>

#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include "support/workerspy.h"
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include "core/cli/cli.h"
#include "ui/engineworker.h"
#include "ui/lessonpanel.h"
#include "ui/mainwindow.h"

using kubelab::ui::EngineWorker;
using kubelab::ui::LessonPanel;
using kubelab::ui::MainWindow;

namespace {

constexpr int kTimeout = 60000;

void openLab(MainWindow& window, const QString& path, const QString& scenario)
{
    window.setSpeed(0);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openLab(path, scenario);
    QTRY_VERIFY_WITH_TIMEOUT(window.isLabOpen(), kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(window.snapshot().revision > 0, kTimeout);
}

/// Chooses a built-in lesson in the panel's list and presses Start.
void startLesson(MainWindow& window, const QString& id)
{
    LessonPanel* panel = window.lessonPanel();
    window.lessonDock()->show();
    window.lessonDock()->raise();
    QTRY_VERIFY_WITH_TIMEOUT(panel->lessonBox()->count() > 0, kTimeout);
    const int index = panel->lessonBox()->findData(id);
    QVERIFY(index >= 0);
    panel->lessonBox()->setCurrentIndex(index);
    QTest::mouseClick(panel->startButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(panel->state().active && panel->state().id == id, kTimeout);
    QVERIFY(window.lessonDock()->isVisible());
}

/// Runs the verdict of the current step: presses Check and waits for the answer.
void check(MainWindow& window)
{
    LessonPanel* panel = window.lessonPanel();
    // Counted on the GUI thread, after the window has shown the answer (a spy would count
    // it on the worker's thread, before the panel has it).
    int answers = 0;
    auto counter = QObject::connect(window.worker(), &EngineWorker::lessonChanged, panel, [&answers] { ++answers; });
    QVERIFY(panel->checkButton()->isEnabled());
    QTest::mouseClick(panel->checkButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(answers > 0, kTimeout);
    QObject::disconnect(counter);
    QVERIFY(panel->state().checked);
}

/// Applies a manifest through the worker, as the inspector or a drop does, then runs the
/// lab's clock for `ms` of virtual time.
void applyAndRun(MainWindow& window, const QString& yaml, qint64 ms)
{
    WorkerSpy applied(window.worker(), &EngineWorker::applyFinished);
    QMetaObject::invokeMethod(window.worker(), "applyManifest", Qt::QueuedConnection, Q_ARG(QString, yaml),
                              Q_ARG(QString, QStringLiteral("task.yaml")));
    QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, kTimeout);
    QVERIFY2(applied.at(0).at(0).toBool(), qPrintable(applied.at(0).at(1).toString()));
    WorkerSpy ran(window.worker(), &EngineWorker::ranFor);
    QMetaObject::invokeMethod(window.worker(), "runFor", Qt::QueuedConnection, Q_ARG(qint64, ms));
    QTRY_VERIFY_WITH_TIMEOUT(ran.count() == 1, kTimeout);
}

QString deployment(const QString& ns, int replicas)
{
    return QStringLiteral("---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: %1\n"
                          "spec:\n  replicas: %2\n  selector:\n    matchLabels: {app: web}\n  template:\n"
                          "    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n"
                          "      - name: web\n        image: nginx\n")
        .arg(ns)
        .arg(replicas);
}

const QString kNamespaces = QStringLiteral("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n"
                                           "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n");

int failedRows(const LessonPanel* panel)
{
    int failed = 0;
    for (int i = 0; i < panel->checkList()->count(); ++i)
        failed += panel->checkList()->item(i)->data(Qt::UserRole).toBool() ? 0 : 1;
    return failed;
}

QString rowsText(const LessonPanel* panel)
{
    QStringList rows;
    for (int i = 0; i < panel->checkList()->count(); ++i)
        rows << panel->checkList()->item(i)->text();
    return rows.join(QLatin1Char('\n'));
}

} // namespace

class TestLessonPanel final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("KubeLabTest"));
    }

    void listsTheBuiltinLessons()
    {
        MainWindow window;
        openLab(window, QString(), QStringLiteral("empty"));
        LessonPanel* panel = window.lessonPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->lessonBox()->count() >= 19, kTimeout);
        QVERIFY(panel->lessonBox()->findData(QStringLiteral("namespaces")) >= 0);
        QVERIFY(!panel->state().active);
        QVERIFY(!panel->checkButton()->isEnabled());
        QVERIFY(!panel->nextButton()->isEnabled());
    }

    void checkFailsThenPassesAndNextAdvances()
    {
        QTemporaryDir dir;
        const QString lab = dir.filePath(QStringLiteral("lesson.klab"));
        {
            MainWindow window;
            openLab(window, lab, QStringLiteral("empty"));
            startLesson(window, QStringLiteral("namespaces"));
            LessonPanel* panel = window.lessonPanel();
            // The lesson's lab (three nodes) is there, and step 1 of 2 is shown with its tasks.
            QTRY_COMPARE_WITH_TIMEOUT(int(window.snapshot().nodes.size()), 3, kTimeout);
            QCOMPARE(panel->state().step, 0);
            QCOMPARE(panel->state().steps, 2);
            QCOMPARE(panel->progressBar()->value(), 0);
            QCOMPARE(panel->progressBar()->maximum(), 2);
            QVERIFY(panel->progressLabel()->text().contains(QStringLiteral("Step 1 of 2")));
            QVERIFY(panel->stepView()->toPlainText().contains(QStringLiteral("Create the namespaces dev and prod.")));
            QVERIFY(!panel->nextButton()->isEnabled());

            // Nothing done yet: the checks fail, each with its reason, and Next stays off.
            check(window);
            QCOMPARE(panel->checkList()->count(), 4);
            QVERIFY(failedRows(panel) >= 3);
            QVERIFY(panel->checkList()->item(0)->text().startsWith(QStringLiteral("Failed: ")));
            QVERIFY(!panel->nextButton()->isEnabled());

            // A hint, as klab lesson hint: the first one shows.
            QVERIFY(panel->hintButton()->isEnabled());
            QTest::mouseClick(panel->hintButton(), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(int(panel->state().hints.size()), 1, kTimeout);
            QVERIFY(panel->stepView()->toPlainText().contains(QStringLiteral("klab create namespace dev")));

            // Half the task: dev only. Still failing.
            applyAndRun(window, kNamespaces + deployment(QStringLiteral("dev"), 1), 60000);
            check(window);
            QVERIFY(failedRows(panel) >= 1);
            QVERIFY(!panel->nextButton()->isEnabled());

            // The whole task: every check passes and Next comes on.
            applyAndRun(window, deployment(QStringLiteral("prod"), 3), 60000);
            check(window);
            QVERIFY2(failedRows(panel) == 0, qPrintable(rowsText(panel)));
            QVERIFY(panel->checkList()->item(0)->text().startsWith(QStringLiteral("Passed: ")));
            QVERIFY(panel->nextButton()->isEnabled());
            QTest::mouseClick(panel->nextButton(), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(panel->state().step, 1, kTimeout);
            QCOMPARE(panel->progressBar()->value(), 1);
            QVERIFY(panel->progressLabel()->text().contains(QStringLiteral("Step 2 of 2")));
            QVERIFY(!panel->state().checked);
            QVERIFY(!panel->nextButton()->isEnabled());

            // The console's klab reads the same lesson state.
            WorkerSpy console(window.worker(), &EngineWorker::consoleFinished);
            QMetaObject::invokeMethod(window.worker(), "runConsole", Qt::QueuedConnection,
                                      Q_ARG(QString, QStringLiteral("lesson status")), Q_ARG(bool, false));
            QTRY_COMPARE_WITH_TIMEOUT(console.count(), 1, kTimeout);
            QVERIFY2(console.at(0).at(1).toString().contains(QStringLiteral("Progress: step 2 of 2")),
                     qPrintable(console.at(0).at(1).toString()));
        }
        // And so does klab on the lab file, once the window is closed.
        std::ostringstream out;
        std::ostringstream err;
        std::istringstream in;
        const int rc = kubelab::cli::runKlab({"--lab", lab.toStdString(), "lesson", "status"}, out, err, in, {});
        QCOMPARE(rc, 0);
        QVERIFY2(out.str().find("Progress: step 2 of 2") != std::string::npos, out.str().c_str());
    }

    void lessonStartedByKlabShowsInThePanel()
    {
        QTemporaryDir dir;
        const QString lab = dir.filePath(QStringLiteral("klab.klab"));
        std::ostringstream out;
        std::ostringstream err;
        std::istringstream in;
        QCOMPARE(kubelab::cli::runKlab({"--lab", lab.toStdString(), "lesson", "start", "namespaces"}, out, err, in, {}),
                 0);
        MainWindow window;
        openLab(window, lab, QString());
        LessonPanel* panel = window.lessonPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->state().active, kTimeout);
        QCOMPARE(panel->state().id, QStringLiteral("namespaces"));
        QCOMPARE(panel->state().step, 0);
        QVERIFY(panel->checkButton()->isEnabled());
    }

    void chineseWindowShowsChineseLesson()
    {
        MainWindow window;
        window.setLanguage(QStringLiteral("zh_CN"));
        openLab(window, QString(), QStringLiteral("empty"));
        startLesson(window, QStringLiteral("namespaces"));
        LessonPanel* panel = window.lessonPanel();
        QVERIFY2(panel->progressLabel()->text().contains(QStringLiteral("第 1 步")), qPrintable(panel->progressLabel()->text()));
        QVERIFY(panel->stepView()->toPlainText().contains(QStringLiteral("创建命名空间 dev 和 prod。")));
        QCOMPARE(panel->checkButton()->text(), QStringLiteral("检查"));
        check(window);
        QVERIFY2(panel->checkList()->item(0)->text().startsWith(QStringLiteral("未通过：")),
                 qPrintable(panel->checkList()->item(0)->text()));
        // Back to English: the same lesson, its English text.
        window.setLanguage(QStringLiteral("en"));
        QVERIFY(panel->stepView()->toPlainText().contains(QStringLiteral("Create the namespaces dev and prod.")));
    }

    void badLessonFileShowsTheError()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("broken.yaml"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("id: broken\ntitle: {en: Broken}\nsteps:\n- title: {en: One}\n  chekcs: []\n");
        f.close();
        MainWindow window;
        openLab(window, QString(), QStringLiteral("empty"));
        LessonPanel* panel = window.lessonPanel();
        Q_EMIT panel->startRequested(file);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->state().error.isEmpty(), kTimeout);
        QVERIFY2(panel->state().error.contains(QStringLiteral("broken.yaml:")), qPrintable(panel->state().error));
        QVERIFY(!panel->state().active);
        QVERIFY(panel->findChild<QLabel*>(QStringLiteral("lessonVerdict"))->text().contains(QStringLiteral("broken.yaml")));
    }
};

QTEST_MAIN(TestLessonPanel)
#include "tst_lessonpanel.moc"

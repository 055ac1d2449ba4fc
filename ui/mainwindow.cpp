// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include <algorithm>

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QLabel>
#include <QLibraryInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "core/api/language.h"
#include "core/sim/scenarios.h"
#include "scenes/framebudget.h"
#include "scenes/naturalorder.h"
#include "scenes/items/nodeitem.h"
#include "scenes/items/poditem.h"
#include "scenes/labscene.h"
#include "ui/accessmatrixview.h"
#include "ui/canvasfilter.h"
#include "ui/charts/chartspanel.h"
#include "ui/console.h"
#include "ui/controlplanestrip.h"
#include "ui/inspector.h"
#include "ui/labdiffview.h"
#include "ui/labview.h"
#include "ui/legend.h"
#include "ui/lessonpanel.h"
#include "ui/manifests.h"
#include "ui/palette.h"
#include "ui/requestpanel.h"
#include "ui/storypanel.h"
#include "ui/timeline.h"

namespace kubelab::ui {

namespace {

constexpr const char* kSourceInspector = "inspector";
constexpr const char* kSourcePalette = "palette";

/// Pods that hold their node's resources: bound and not finished.
bool holdsResources(const scenes::PodView& p)
{
    return !p.nodeName.isEmpty() && p.phase != QLatin1String("Succeeded") && p.phase != QLatin1String("Failed");
}

charts::ClusterSample clusterSample(const scenes::LabSnapshot& snapshot)
{
    charts::ClusterSample sample{snapshot.pendingCount(), snapshot.runningCount(), 0, 0};
    qint64 cpu = 0;
    qint64 memory = 0;
    qint64 cpuRequested = 0;
    qint64 memoryRequested = 0;
    for (const scenes::NodeView& n : snapshot.nodes) {
        cpu += n.cpuAllocatable;
        memory += n.memoryAllocatable;
    }
    for (const scenes::PodView& p : snapshot.pods)
        if (holdsResources(p) && snapshot.nodes.contains(p.nodeName)) {
            cpuRequested += p.cpuRequest;
            memoryRequested += p.memoryRequest;
        }
    if (cpu > 0)
        sample.cpuRequestedPercent = 100.0 * double(cpuRequested) / double(cpu);
    if (memory > 0)
        sample.memoryRequestedPercent = 100.0 * double(memoryRequested) / double(memory);
    return sample;
}

QDockWidget* makeDock(const QString& objectName, QWidget* content, QMainWindow* window)
{
    auto* dock = new QDockWidget(window);
    dock->setObjectName(objectName);
    dock->setWidget(content);
    return dock;
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_thread(new EngineThread(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/kubelab.svg")));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks | QMainWindow::AllowNestedDocks);

    m_scene = new scenes::LabScene(this);
    m_view = new LabView(m_scene, this);
    m_controlPlane = new ControlPlaneStrip(this);
    auto* centre = new QWidget(this);
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(0);
    centreLayout->addWidget(m_controlPlane);
    m_filter = new CanvasFilter(this);   // in the toolbar (createToolBar), to leave the canvas its height
    centreLayout->addWidget(m_view, 1);
    setCentralWidget(centre);

    m_jobTimer = new QTimer(this);
    m_jobTimer->setObjectName(QStringLiteral("engineStream"));
    m_jobTimer->setSingleShot(true);
    connect(m_jobTimer, &QTimer::timeout, this, &MainWindow::runJobs);
    m_inspectTimer = new QTimer(this);
    m_inspectTimer->setSingleShot(true);
    m_inspectTimer->setInterval(400);
    connect(m_inspectTimer, &QTimer::timeout, this, &MainWindow::requestInspect);

    createActions();
    createMenus();
    createToolBar();
    createDocks();
    m_statusCounts = new QLabel(this);
    statusBar()->addPermanentWidget(m_statusCounts);
    m_servingLabel = new QLabel(this);
    m_servingLabel->setObjectName(QStringLiteral("servingLabel"));
    m_servingLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_servingLabel->hide();
    statusBar()->addPermanentWidget(m_servingLabel);
    connectWorker();
    connectLessons();
    // The lab runs at 1x from the start, so a learner sees it move.
    setSpeed(1);

    connect(m_view, &LabView::kindDropped, this, &MainWindow::onDrop);
    connect(m_view, &LabView::objectMenuRequested, this, &MainWindow::showObjectMenu);
    connect(m_view, &LabView::podDragged, this, &MainWindow::onPodDragged);
    connect(m_view, &LabView::nodeDragged, this, &MainWindow::onNodeDragged);
    connect(m_filter, &CanvasFilter::filterChanged, this, &MainWindow::applyFilter);
    connect(m_scene, &scenes::LabScene::objectSelected, this, &MainWindow::onObjectSelected);
    connect(m_story, &StoryPanel::objectActivated, this, &MainWindow::onStoryActivated);
    connect(m_controlPlane, &ControlPlaneStrip::nodeActivated, this,
            [this](const QString& node) { onStoryActivated(QStringLiteral("Node"), QString(), node); });
    connect(m_inspector, &Inspector::applyRequested, this,
            [this](const QString& yaml) { applyYaml(yaml, QLatin1String(kSourceInspector)); });
    connect(m_inspector, &Inspector::deleteRequested, this,
            [this](const QString& kind, const QString& ns, const QString& name) {
                QMetaObject::invokeMethod(worker(), "deleteObject", Qt::QueuedConnection, Q_ARG(QString, kind),
                                          Q_ARG(QString, ns), Q_ARG(QString, name));
            });
    connect(m_console, &Console::commandEntered, this, [this](const QString& line) {
        QMetaObject::invokeMethod(worker(), "runConsole", Qt::QueuedConnection, Q_ARG(QString, line),
                                  Q_ARG(bool, m_language.startsWith(QLatin1String("zh"))));
    });
    connect(m_timeline, &Timeline::scrubbed, this, [this](qint64 revision) {
        QMetaObject::invokeMethod(worker(), "scrubTo", Qt::QueuedConnection, Q_ARG(qint64, revision));
    });

    QSettings settings;
    resize(1600, 1000);
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    retranslateUi();
}

MainWindow::~MainWindow()
{
    // Stop the engine before the scene and panels its signals feed go away.
    delete m_thread;
    m_thread = nullptr;
}

QStringList MainWindow::recentLabs()
{
    return QSettings().value(QStringLiteral("recentLabs")).toStringList();
}

EngineWorker* MainWindow::worker() const
{
    return m_thread->worker();
}

void MainWindow::connectWorker()
{
    EngineWorker* w = worker();
    // The stream, in the order it came (see inTurn).
    connect(w, &EngineWorker::snapshotReady, this,
            [this](const scenes::LabSnapshot& snapshot) { inTurn([this, snapshot] { onSnapshot(snapshot); }); });
    connect(w, &EngineWorker::deltaReady, this,
            [this](const scenes::LabDelta& delta) { inTurn([this, delta] { onDelta(delta); }); });
    connect(w, &EngineWorker::clockChanged, this, [this](qint64 ms) { inTurn([this, ms] { onClock(ms); }); });
    connect(w, &EngineWorker::storyReady, this,
            [this](const QList<scenes::StoryItem>& events) { inTurn([this, events] { onStory(events); }); });
    connect(w, &EngineWorker::activity, this, &MainWindow::onActivity);
    connect(w, &EngineWorker::revisionsChanged, m_timeline, &Timeline::setRange);
    connect(w, &EngineWorker::applyFinished, this,
            [this](bool ok, const QString& message, int line, int column, const QString& field) {
                inTurn([=, this] { onApplyFinished(ok, message, line, column, field); });
            });
    connect(w, &EngineWorker::consoleFinished, m_console, &Console::showResult);
    connect(w, &EngineWorker::requestsTraced, this, [this](const QList<RequestRow>& requests) {
        inTurn([this, requests] { showRequests(requests); });
    });
    connect(w, &EngineWorker::accessMatrixReady, this, [this](const AccessMatrixData& matrix) {
        if (!m_accessMatrix) {
            m_accessMatrix = new AccessMatrixView(this);
            connect(m_accessMatrix, &AccessMatrixView::namespaceChosen, this, [this](const QString& ns) {
                QMetaObject::invokeMethod(worker(), "accessMatrix", Qt::QueuedConnection, Q_ARG(QString, ns));
            });
        }
        m_accessMatrix->showMatrix(matrix);
    });
    connect(w, &EngineWorker::inspected, this, [this](const Inspection& inspection) {
        m_inspector->showInspection(inspection);
        const bool current = inspection.kind == m_selectedKind && inspection.ns == m_selectedNs &&
                             inspection.name == m_selectedName;
        if (current)
            m_scene->showVerdicts(inspection.kind == QLatin1String("Pod") ? inspection.verdicts
                                                                          : QList<scenes::NodeVerdict>());
    });
    connect(w, &EngineWorker::speedChanged, this, [this](int multiplier) {
        m_speed = multiplier;
        if (multiplier > 0)
            m_lastSpeed = multiplier;
        m_scene->setSpeed(std::max(1, multiplier));
        m_pauseAction->setChecked(multiplier == 0);
        m_speed1Action->setChecked(multiplier == 1);
        m_speed10Action->setChecked(multiplier == 10);
        m_speed100Action->setChecked(multiplier == 100);
        m_speedLabel->setText(multiplier == 0 ? tr("paused") : tr("%1× speed").arg(multiplier));
    });
    // In turn too: what the lab before sent (story, requests) stays out of the lab opened.
    connect(w, &EngineWorker::labOpened, this, [this](const QString& path, bool) {
        inTurn([this, path] {
            m_labPath = path;
            m_requests->clear();
            if (!path.isEmpty()) {
                QStringList recent = recentLabs();
                const QString absolute = QFileInfo(path).absoluteFilePath();
                recent.removeAll(absolute);
                recent.prepend(absolute);
                QSettings().setValue(QStringLiteral("recentLabs"), QStringList(recent.mid(0, 8)));
            }
            m_labOpen = true;
            m_story->clear();
            m_charts->clearSamples();
            m_lastSampleMs = -1;
            m_timeline->goToNow();
            retranslateUi();
            m_readyHintDue = true; // written with the lab's own names once its first snapshot arrives
            Q_EMIT labOpened();
        });
    });
    connect(w, &EngineWorker::forkParentKnown, this, [this](const QString& parent) { m_forkParent = parent; });
    connect(w, &EngineWorker::branched, this, [this](const QString& parent, const QString& branch) {
        m_console->note(tr("Branched: you now work on %1. %2 stays as it was; File ▸ Compare with another lab… "
                           "shows what your changes did (klab --lab %1 diff %2).")
                            .arg(QFileInfo(branch).fileName(), QFileInfo(parent).fileName()));
    });
    connect(w, &EngineWorker::compared, this, [this](const QByteArray& json) {
        if (!m_labDiff)
            m_labDiff = new LabDiffView(this);
        m_labDiff->showDiff(QJsonDocument::fromJson(json).object());
    });
    connect(w, &EngineWorker::servingChanged, this,
            [this](bool on, const QString& url, const QString& kubeconfig, const QString& error) {
                m_serveAction->setChecked(on);
                m_servingUrl = url;
                m_servingKubeconfig = kubeconfig;
                m_servingLabel->setVisible(on);
                retranslateUi();
                if (!error.isEmpty()) {
                    statusBar()->showMessage(tr("kubectl cannot connect: %1").arg(error), 15000);
                    m_console->note(tr("kubectl cannot connect: %1").arg(error));
                } else if (on) {
                    m_console->note(tr("The lab's API server listens on %1 (HTTPS, the lab's own CA). In a terminal:\n"
                                       "  export KUBECONFIG=%2\n"
                                       "  kubectl get nodes\n"
                                       "Each request kubectl makes shows in API requests; what it changes, on the canvas.\n"
                                       "The speed control moves the clock: paused, rollouts wait.")
                                        .arg(url, kubeconfig));
                    m_requestsDock->show();
                    m_requestsDock->raise();
                } else {
                    m_console->note(tr("kubectl can no longer connect to this lab."));
                }
            });
    connect(w, &EngineWorker::labFailed, this, [this](const QString& message) {
        statusBar()->showMessage(message, 15000);
        m_console->note(message);
    });
}

void MainWindow::connectLessons()
{
    EngineWorker* w = worker();
    connect(w, &EngineWorker::lessonsListed, m_lessons, &LessonPanel::setLessons);
    connect(w, &EngineWorker::lessonChanged, this, [this](const LessonState& state) {
        // A lesson that appears (started here or by klab, or in a lab just opened) comes forward.
        const bool appeared = state.active && (!m_lessons->state().active || m_lessons->state().id != state.id);
        m_lessons->showState(state);
        if (m_showLesson || appeared) {
            m_lessonDock->show();
            m_lessonDock->raise();
        }
        m_showLesson = false;
    });
    connect(m_lessons, &LessonPanel::startRequested, this, [this](const QString& lesson) {
        m_showLesson = true;
        QMetaObject::invokeMethod(worker(), "startLesson", Qt::QueuedConnection, Q_ARG(QString, lesson));
    });
    connect(m_lessons, &LessonPanel::checkRequested, this,
            [this] { QMetaObject::invokeMethod(worker(), "checkLesson", Qt::QueuedConnection); });
    connect(m_lessons, &LessonPanel::hintRequested, this,
            [this] { QMetaObject::invokeMethod(worker(), "lessonHint", Qt::QueuedConnection); });
    connect(m_lessons, &LessonPanel::nextRequested, this,
            [this] { QMetaObject::invokeMethod(worker(), "nextLessonStep", Qt::QueuedConnection); });
    QMetaObject::invokeMethod(w, "listLessons", Qt::QueuedConnection);
}

void MainWindow::createActions()
{
    m_openAction = new QAction(this);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setIcon(QIcon::fromTheme(QStringLiteral("document-open")));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openLabDialog);
    m_saveAsAction = new QAction(this);
    m_saveAsAction->setShortcut(QKeySequence::SaveAs);
    m_saveAsAction->setIcon(QIcon::fromTheme(QStringLiteral("document-save-as")));
    connect(m_saveAsAction, &QAction::triggered, this, &MainWindow::saveLabAs);
    m_branchAction = new QAction(this);
    m_branchAction->setObjectName(QStringLiteral("branchAction"));
    connect(m_branchAction, &QAction::triggered, this, [this] {
        if (m_labPath.isEmpty()) {
            QMessageBox::information(this, tr("Branch this lab"),
                                     tr("This lab lives in memory only. Save it first (File ▸ Save lab as…): a "
                                        "branch remembers the file it came from."));
            return;
        }
        const QFileInfo here(m_labPath);
        QString path = QFileDialog::getSaveFileName(
            this, tr("Branch this lab: where should the copy go?"),
            here.dir().filePath(here.completeBaseName() + QStringLiteral("-what-if.klab")), tr("KubeLab labs (*.klab)"));
        if (path.isEmpty())
            return;
        if (!path.endsWith(QLatin1String(".klab")))
            path += QLatin1String(".klab");
        branchTo(path);
    });
    m_compareAction = new QAction(this);
    m_compareAction->setObjectName(QStringLiteral("compareAction"));
    connect(m_compareAction, &QAction::triggered, this, [this] {
        const QString start = !m_forkParent.isEmpty() ? m_forkParent : QFileInfo(m_labPath).absolutePath();
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Compare this lab with…"), start, tr("KubeLab labs (*.klab)"));
        if (!path.isEmpty())
            compareWith(path);
    });
    m_quitAction = new QAction(this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_playAction = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), QString(), this);
    connect(m_playAction, &QAction::triggered, this, [this] { setSpeed(m_speed == 0 ? m_lastSpeed : 0); });
    m_playAction->setShortcut(QKeySequence(Qt::Key_Space));
    m_playAction->setShortcutContext(Qt::WindowShortcut);
    m_speedGroup = new QActionGroup(this);
    m_pauseAction = new QAction(style()->standardIcon(QStyle::SP_MediaPause), QString(), m_speedGroup);
    m_speed1Action = new QAction(QStringLiteral("1×"), m_speedGroup);
    m_speed10Action = new QAction(QStringLiteral("10×"), m_speedGroup);
    m_speed100Action = new QAction(QStringLiteral("100×"), m_speedGroup);
    for (auto [action, speed] : {std::pair{m_pauseAction, 0}, std::pair{m_speed1Action, 1},
                                 std::pair{m_speed10Action, 10}, std::pair{m_speed100Action, 100}}) {
        action->setCheckable(true);
        connect(action, &QAction::triggered, this, [this, s = speed] { setSpeed(s); });
    }
    m_speed1Action->setChecked(true);
    m_stepAction = new QAction(style()->standardIcon(QStyle::SP_MediaSkipForward), QString(), this);
    m_stepAction->setShortcut(QKeySequence(Qt::Key_Period));
    connect(m_stepAction, &QAction::triggered, this, [this] {
        setSpeed(0);
        QMetaObject::invokeMethod(worker(), "step", Qt::QueuedConnection);
    });

    m_zoomInAction = new QAction(this);
    m_zoomInAction->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    connect(m_zoomInAction, &QAction::triggered, this, [this] { m_view->zoomIn(); });
    m_zoomOutAction = new QAction(this);
    m_zoomOutAction->setShortcut(QKeySequence::ZoomOut);
    connect(m_zoomOutAction, &QAction::triggered, this, [this] { m_view->zoomOut(); });
    m_zoomFitAction = new QAction(this);
    m_zoomFitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(m_zoomFitAction, &QAction::triggered, this, [this] { m_view->zoomToFit(); });
    m_consoleAction = new QAction(this);
    m_consoleAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_QuoteLeft));
    connect(m_consoleAction, &QAction::triggered, this, [this] {
        m_consoleDock->show();
        m_consoleDock->raise();
        m_console->focusPrompt();
    });
    m_findAction = new QAction(this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_storyDock->show();
        m_storyDock->raise();
        m_story->focusFilter();
    });
    m_accessAction = new QAction(this);
    m_accessAction->setObjectName(QStringLiteral("accessMatrixAction"));
    connect(m_accessAction, &QAction::triggered, this, [this] {
        QMetaObject::invokeMethod(worker(), "accessMatrix", Qt::QueuedConnection,
                                  Q_ARG(QString, m_accessMatrix ? m_accessMatrix->namespaces()->currentText() : QString()));
    });
    m_serveAction = new QAction(style()->standardIcon(QStyle::SP_DriveNetIcon), QString(), this);
    m_serveAction->setObjectName(QStringLiteral("serveAction"));
    m_serveAction->setCheckable(true);
    connect(m_serveAction, &QAction::triggered, this, [this](bool on) {
        QMetaObject::invokeMethod(worker(), "serve", Qt::QueuedConnection, Q_ARG(bool, on));
    });
    m_deleteAction = new QAction(this);
    m_deleteAction->setShortcut(QKeySequence::Delete);
    connect(m_deleteAction, &QAction::triggered, this, &MainWindow::deleteSelected);
    addAction(m_deleteAction);

    auto* languages = new QActionGroup(this);
    m_englishAction = new QAction(QStringLiteral("English"), languages);
    m_chineseAction = new QAction(QStringLiteral("中文（简体）"), languages);
    m_englishAction->setCheckable(true);
    m_chineseAction->setCheckable(true);
    m_englishAction->setChecked(true);
    connect(m_englishAction, &QAction::triggered, this, [this] { setLanguage(QStringLiteral("en")); });
    connect(m_chineseAction, &QAction::triggered, this, [this] { setLanguage(QStringLiteral("zh_CN")); });
    m_aboutAction = new QAction(this);
    connect(m_aboutAction, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About KubeLab"),
                           tr("<h3>KubeLab %1</h3><p>Learn Kubernetes by watching it work: a simulated cluster "
                              "whose scheduler, controllers and kubelets you can see act.</p>"
                              "<p>Licensed under the GNU GPL, version 3 or later.</p>")
                               .arg(QStringLiteral(KUBELAB_VERSION)));
    });
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_newMenu = m_fileMenu->addMenu(QIcon::fromTheme(QStringLiteral("document-new")), QString());
    connect(m_newMenu, &QMenu::aboutToShow, this, [this] {
        m_newMenu->clear();
        const core::Language language =
            m_language.startsWith(QLatin1String("zh")) ? core::Language::Chinese : core::Language::English;
        for (const core::Scenario& s : core::listScenarios()) {
            QAction* a = m_newMenu->addAction(QString::fromStdString(s.title(language)));
            const QString name = QString::fromStdString(s.name);
            connect(a, &QAction::triggered, this, [this, name] { newLab(name); });
        }
    });
    m_fileMenu->addAction(m_openAction);
    m_recentMenu = m_fileMenu->addMenu(QString());
    m_recentMenu->setObjectName(QStringLiteral("recentLabs"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, [this] {
        m_recentMenu->clear();
        for (const QString& path : recentLabs()) {
            QAction* a = m_recentMenu->addAction(QFileInfo(path).fileName());
            a->setToolTip(path);
            a->setData(path);
            a->setEnabled(QFileInfo::exists(path));
            connect(a, &QAction::triggered, this, [this, path] {
                QMetaObject::invokeMethod(worker(), "openLab", Qt::QueuedConnection, Q_ARG(QString, path),
                                          Q_ARG(QString, QString()), Q_ARG(bool, false));
            });
        }
        if (m_recentMenu->isEmpty())
            m_recentMenu->addAction(tr("(no lab opened yet)"))->setEnabled(false);
    });
    m_fileMenu->addAction(m_saveAsAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_branchAction);
    m_fileMenu->addAction(m_compareAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->addAction(m_zoomInAction);
    m_viewMenu->addAction(m_zoomOutAction);
    m_viewMenu->addAction(m_zoomFitAction);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_consoleAction);
    m_viewMenu->addAction(m_findAction);
    m_viewMenu->addAction(m_accessAction);
    m_viewMenu->addSeparator();

    m_simulationMenu = menuBar()->addMenu(QString());
    m_simulationMenu->addAction(m_playAction);
    m_simulationMenu->addAction(m_stepAction);
    m_simulationMenu->addSeparator();
    m_simulationMenu->addActions(m_speedGroup->actions());
    m_simulationMenu->addSeparator();
    m_simulationMenu->addAction(m_deleteAction);
    m_simulationMenu->addSeparator();
    m_simulationMenu->addAction(m_serveAction);

    m_languageMenu = menuBar()->addMenu(QString());
    m_languageMenu->addAction(m_englishAction);
    m_languageMenu->addAction(m_chineseAction);
    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_aboutAction);
}

void MainWindow::createToolBar()
{
    m_toolBar = addToolBar(QString());
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->addAction(m_newMenu->menuAction());
    m_toolBar->addAction(m_openAction);
    m_toolBar->addAction(m_saveAsAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_playAction);
    m_toolBar->addAction(m_pauseAction);
    m_toolBar->addAction(m_stepAction);
    m_toolBar->addAction(m_speed1Action);
    m_toolBar->addAction(m_speed10Action);
    m_toolBar->addAction(m_speed100Action);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_serveAction);
    m_toolBar->addSeparator();
    m_clock = new QLabel(this);
    m_clock->setObjectName(QStringLiteral("clock"));
    QFont clockFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    clockFont.setPointSizeF(clockFont.pointSizeF() * 1.3);
    clockFont.setBold(true);
    m_clock->setFont(clockFont);
    m_clock->setMargin(6);
    m_toolBar->addWidget(m_clock);
    m_speedLabel = new QLabel(this);
    m_speedLabel->setMargin(4);
    m_toolBar->addWidget(m_speedLabel);
    auto* spacer = new QWidget(this);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_toolBar->addWidget(spacer);
    m_toolBar->addWidget(m_filter);
    m_languageBox = new QComboBox(this);
    m_languageBox->setObjectName(QStringLiteral("languageBox"));
    m_languageBox->addItem(QStringLiteral("English"), QStringLiteral("en")); // no-tr: each language in itself
    m_languageBox->addItem(QStringLiteral("中文（简体）"), QStringLiteral("zh_CN"));
    connect(m_languageBox, &QComboBox::activated, this,
            [this](int index) { setLanguage(m_languageBox->itemData(index).toString()); });
    m_toolBar->addWidget(m_languageBox);
}

void MainWindow::createDocks()
{
    m_palette = new Palette(this);
    m_inspector = new Inspector(this);
    m_console = new Console(this);
    m_story = new StoryPanel(this);
    m_requests = new RequestPanel(this);
    m_timeline = new Timeline(this);
    m_charts = new charts::ChartsPanel(this);
    m_legend = new Legend(this);
    m_lessons = new LessonPanel(this);

    m_paletteDock = makeDock(QStringLiteral("paletteDock"), m_palette, this);
    m_legendDock = makeDock(QStringLiteral("legendDock"), m_legend, this);
    m_inspectorDock = makeDock(QStringLiteral("inspectorDock"), m_inspector, this);
    m_consoleDock = makeDock(QStringLiteral("consoleDock"), m_console, this);
    m_storyDock = makeDock(QStringLiteral("storyDock"), m_story, this);
    m_requestsDock = makeDock(QStringLiteral("requestsDock"), m_requests, this);
    m_timelineDock = makeDock(QStringLiteral("timelineDock"), m_timeline, this);
    m_chartsDock = makeDock(QStringLiteral("chartsDock"), m_charts, this);
    m_lessonDock = makeDock(QStringLiteral("lessonDock"), m_lessons, this);

    // The bottom area spans the window: the timeline on top, console beside story/charts.
    setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, m_paletteDock);
    splitDockWidget(m_paletteDock, m_legendDock, Qt::Vertical);
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);
    tabifyDockWidget(m_inspectorDock, m_lessonDock);
    m_inspectorDock->raise();
    addDockWidget(Qt::BottomDockWidgetArea, m_timelineDock);
    splitDockWidget(m_timelineDock, m_consoleDock, Qt::Vertical);
    splitDockWidget(m_consoleDock, m_storyDock, Qt::Horizontal);
    tabifyDockWidget(m_storyDock, m_chartsDock);
    tabifyDockWidget(m_storyDock, m_requestsDock);
    m_storyDock->raise();
    m_paletteDock->setMinimumWidth(190);
    resizeDocks({m_paletteDock, m_inspectorDock}, {200, 420}, Qt::Horizontal);
    resizeDocks({m_paletteDock, m_legendDock}, {260, 330}, Qt::Vertical);
    resizeDocks({m_consoleDock, m_storyDock}, {800, 800}, Qt::Horizontal);
    resizeDocks({m_timelineDock, m_consoleDock}, {44, 230}, Qt::Vertical);
    for (QDockWidget* dock : {m_paletteDock, m_legendDock, m_inspectorDock, m_lessonDock, m_timelineDock,
                              m_consoleDock, m_storyDock, m_requestsDock, m_chartsDock})
        m_viewMenu->addAction(dock->toggleViewAction());
}

void MainWindow::retranslateUi()
{
    QString title = m_labPath.isEmpty() ? tr("Untitled lab (in memory)") : QFileInfo(m_labPath).fileName();
    if (m_snapshot.readOnly)
        title += QStringLiteral(" — ") + tr("the past, read only");
    setWindowTitle(tr("%1 — KubeLab").arg(title));
    m_fileMenu->setTitle(tr("&File"));
    m_newMenu->setTitle(tr("&New lab"));
    m_newMenu->menuAction()->setToolTip(tr("Start a new lab from a built-in scenario"));
    m_openAction->setText(tr("&Open lab…"));
    m_recentMenu->setTitle(tr("Open &recent"));
    m_saveAsAction->setText(tr("Save lab &as…"));
    m_branchAction->setText(tr("&Branch this lab (what-if)…"));
    m_branchAction->setToolTip(tr("Fork the lab (klab fork) and go on in the copy: try a taint, a drain, other "
                                  "weights; the original stays as it was"));
    m_compareAction->setText(tr("&Compare with another lab…"));
    m_compareAction->setToolTip(tr("Side by side (klab diff): pods that moved, pending pods, each node's requests"));
    m_quitAction->setText(tr("&Quit"));
    m_viewMenu->setTitle(tr("&View"));
    m_zoomInAction->setText(tr("Zoom &in"));
    m_zoomOutAction->setText(tr("Zoom &out"));
    m_zoomFitAction->setText(tr("&Fit the cluster in the window"));
    m_consoleAction->setText(tr("&Console"));
    m_findAction->setText(tr("&Find in the story"));
    m_simulationMenu->setTitle(tr("&Simulation"));
    m_playAction->setToolTip(tr("Run or pause virtual time (Space)"));
    m_playAction->setText(tr("Run"));
    m_pauseAction->setText(tr("Pause"));
    m_stepAction->setText(tr("Step"));
    m_pauseAction->setToolTip(tr("Pause: virtual time stands still"));
    m_stepAction->setToolTip(tr("Step: one second of virtual time (.)"));
    m_speed1Action->setToolTip(tr("One virtual second per second"));
    m_speed10Action->setToolTip(tr("Ten virtual seconds per second"));
    m_speed100Action->setToolTip(tr("A hundred virtual seconds per second (animations become fades)"));
    m_deleteAction->setText(tr("&Delete the selected object"));
    m_languageMenu->setTitle(tr("&Language"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About KubeLab"));
    m_toolBar->setWindowTitle(tr("Toolbar"));
    m_clock->setToolTip(tr("Virtual time of the lab (it moves only while the simulation runs)"));
    m_speedLabel->setText(m_speed == 0 ? tr("paused") : tr("%1× speed").arg(m_speed));
    m_languageBox->setToolTip(tr("Language of the interface"));
    m_paletteDock->setWindowTitle(tr("Palette"));
    m_legendDock->setWindowTitle(tr("Legend"));
    m_legend->retranslate();
    m_inspectorDock->setWindowTitle(tr("Inspector"));
    m_consoleDock->setWindowTitle(tr("Console"));
    m_storyDock->setWindowTitle(tr("Story"));
    m_requestsDock->setWindowTitle(tr("API requests"));
    m_requestsDock->toggleViewAction()->setToolTip(
        tr("Each request you make, through the API server's stages: authentication, authorization, admission, "
           "validation, etcd"));
    m_requests->retranslate();
    m_accessAction->setText(tr("&Who can do what (RBAC)…"));
    m_accessAction->setToolTip(tr("Subjects × resources × verbs, asked of the lab's authorizer per namespace"));
    m_serveAction->setText(tr("Let &kubectl connect"));
    m_serveAction->setToolTip(tr("Serve the lab's API server on this machine (as klab serve) so the real kubectl, "
                                 "k9s or a client library can use it; a kubeconfig is written beside the lab"));
    m_servingLabel->setText(tr("kubectl: export KUBECONFIG=%1").arg(m_servingKubeconfig));
    m_servingLabel->setToolTip(tr("The lab's API server listens on %1").arg(m_servingUrl));
    m_timelineDock->setWindowTitle(tr("Timeline"));
    m_chartsDock->setWindowTitle(tr("Charts"));
    m_lessonDock->setWindowTitle(tr("Lesson"));
    m_lessonDock->toggleViewAction()->setToolTip(tr("Show the lesson panel: guided steps with checks"));
    m_lessons->retranslate();
    m_palette->retranslate();
    m_inspector->retranslate();
    m_console->retranslate();
    m_story->retranslate();
    m_timeline->retranslate();
    m_charts->retranslate();
    m_controlPlane->retranslate();
    m_filter->retranslate();
    m_scene->retranslate();
    updateWhy();
    updateClock(m_snapshot.virtualTimeMs);
    m_statusCounts->setText(tr("%n node(s)", nullptr, int(m_snapshot.nodes.size())) + QStringLiteral(" · ") +
                            tr("%n pod(s)", nullptr, int(m_snapshot.pods.size())) + QStringLiteral(" · ") +
                            tr("%n pending", nullptr, m_snapshot.pendingCount()));
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("language"), m_language);
    QMainWindow::closeEvent(event);
}

void MainWindow::setLanguage(const QString& code)
{
    const bool chinese = code.startsWith(QLatin1String("zh"));
    m_language = chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
    qApp->removeTranslator(&m_translator);
    qApp->removeTranslator(&m_qtTranslator);
    if (chinese) {
        if (m_translator.load(QStringLiteral(":/i18n/kubelab_zh_CN.qm")))
            qApp->installTranslator(&m_translator);
        if (m_qtTranslator.load(QStringLiteral("qtbase_zh_CN"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            qApp->installTranslator(&m_qtTranslator);
    } else if (m_translator.load(QStringLiteral(":/i18n/kubelab_en.qm"))) {
        // English needs only its plural forms: "1 node", "3 nodes" for tr("%n node(s)").
        qApp->installTranslator(&m_translator);
    }
    applyLanguageFont();
    m_lessons->setChinese(chinese);
    m_englishAction->setChecked(!chinese);
    m_chineseAction->setChecked(chinese);
    m_languageBox->setCurrentIndex(chinese ? 1 : 0);
    retranslateUi();
}

void MainWindow::applyLanguageFont()
{
    // Chinese needs a CJK face; prefer Noto Sans CJK SC, then WenQuanYi, and keep the
    // platform's face first for Latin text.
    static const QFont platform = QApplication::font();
    QFont font = platform;
    if (m_language == QLatin1String("zh_CN")) {
        QStringList families{platform.family()};
        for (const QString& f : {QStringLiteral("Noto Sans CJK SC"), QStringLiteral("Noto Sans SC"),
                                 QStringLiteral("WenQuanYi Micro Hei"), QStringLiteral("Source Han Sans SC")})
            if (QFontDatabase::families().contains(f))
                families << f;
        font.setFamilies(families);
    }
    QApplication::setFont(font);
}

void MainWindow::openLab(const QString& path, const QString& scenario)
{
    QMetaObject::invokeMethod(worker(), "openLab", Qt::QueuedConnection, Q_ARG(QString, path),
                              Q_ARG(QString, scenario), Q_ARG(bool, true));
}

void MainWindow::newLab(const QString& scenario)
{
    openLab(QString(), scenario);
}

void MainWindow::openLabDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a lab"), QString(),
                                                      tr("KubeLab labs (*.klab);;All files (*)"));
    if (!path.isEmpty())
        QMetaObject::invokeMethod(worker(), "openLab", Qt::QueuedConnection, Q_ARG(QString, path),
                                  Q_ARG(QString, QString()), Q_ARG(bool, false));
}

void MainWindow::saveLabAs()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save the lab as"), QString(),
                                                tr("KubeLab labs (*.klab)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".klab")))
        path += QLatin1String(".klab");
    QMetaObject::invokeMethod(worker(), "saveAs", Qt::QueuedConnection, Q_ARG(QString, path));
}

void MainWindow::branchTo(const QString& path)
{
    QMetaObject::invokeMethod(worker(), "branchLab", Qt::QueuedConnection, Q_ARG(QString, path));
}

void MainWindow::compareWith(const QString& path)
{
    QMetaObject::invokeMethod(worker(), "compareWith", Qt::QueuedConnection, Q_ARG(QString, path));
}

void MainWindow::setSpeed(int multiplier)
{
    QMetaObject::invokeMethod(worker(), "setSpeed", Qt::QueuedConnection, Q_ARG(int, multiplier));
}

void MainWindow::screenshotAfter(qint64 ms, const QString& file, bool fitCluster)
{
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(worker(), &EngineWorker::ranFor, this, [this, file, fitCluster, connection](qint64) {
        disconnect(*connection);
        // Let the last animations end before the picture.
        QTimer::singleShot(900, this, [this, file, fitCluster] {
            if (fitCluster)
                m_view->zoomToFit();
            const bool ok = grab().save(file, "PNG");
            Q_EMIT screenshotTaken(ok, file);
        });
    });
    QMetaObject::invokeMethod(worker(), "runFor", Qt::QueuedConnection, Q_ARG(qint64, ms));
}

void MainWindow::inTurn(std::function<void()> job)
{
    m_jobs.push_back(std::move(job));
    if (!m_jobTimer->isActive())
        m_jobTimer->start(0);
}

void MainWindow::runJobs()
{
    if (m_jobs.empty())
        return;
    const int budget = scenes::FrameBudget::take(kJobsBudgetMs, *m_jobTimer);
    if (budget == 0)
        return;
    const scenes::FrameBudget::Slice slice;
    QElapsedTimer clock;
    clock.start();
    // At least one: a job is not cut in parts.
    do {
        const std::function<void()> job = std::move(m_jobs.front());
        m_jobs.pop_front();
        job();
    } while (!m_jobs.empty() && clock.elapsed() < budget);
    if (!m_jobs.empty() && !m_jobTimer->isActive())
        m_jobTimer->start(0);
}

void MainWindow::showRequests(const QList<RequestRow>& requests)
{
    m_requests->append(requests);
    // A refused request is shown where it stopped.
    if (std::any_of(requests.begin(), requests.end(), [](const RequestRow& r) { return r.refused; })) {
        m_requestsDock->show();
        m_requestsDock->raise();
    }
    // The matrix follows roles and bindings as they change.
    if (m_accessMatrix && m_accessMatrix->isVisible())
        m_accessAction->trigger();
}

void MainWindow::onSnapshot(const scenes::LabSnapshot& snapshot)
{
    const bool wasReadOnly = m_snapshot.readOnly;
    m_snapshot = snapshot;
    m_scene->applySnapshot(snapshot);
    showSnapshot(wasReadOnly);
    if (m_readyHintDue) {
        m_readyHintDue = false;
        m_console->note(tr("Lab ready. Try: %1 · help").arg(consoleSuggestions(snapshot).join(QStringLiteral(" · "))));
    }
}

QStringList MainWindow::consoleSuggestions(const scenes::LabSnapshot& snapshot)
{
    // Commands that work in this lab, with its own names (klab's command lines stay untranslated).
    QStringList out{QStringLiteral("get pods -o wide")};
    if (!snapshot.nodes.isEmpty())
        out << QStringLiteral("describe node ") + snapshot.nodes.firstKey();
    for (const scenes::PodView& pod : snapshot.pods)
        if (pod.nodeName.isEmpty() && !pod.pendingMessage.isEmpty()) {
            out << QStringLiteral("why pod/") + pod.name +
                       (pod.ns == QLatin1String("default") ? QString() : QStringLiteral(" -n ") + pod.ns);
            break;
        }
    int n = 1;
    while (snapshot.nodes.contains(QStringLiteral("node-%1").arg(n)))
        ++n;
    out << QStringLiteral("add node node-%1").arg(n);
    return out;
}

void MainWindow::onDelta(const scenes::LabDelta& delta)
{
    const bool wasReadOnly = m_snapshot.readOnly;
    m_snapshot.merge(delta);
    m_scene->applyDelta(delta);
    showSnapshot(wasReadOnly);
}

void MainWindow::scheduleSlowUpdates(bool structure)
{
    m_namesDirty = m_namesDirty || structure;
    if (!m_chartsClock.isValid() || m_chartsClock.elapsed() > 250 || structure)
        m_chartsDirty = true;
    if (m_slowUpdatePending || (!m_namesDirty && !m_chartsDirty))
        return;
    m_slowUpdatePending = true;
    QTimer::singleShot(0, this, &MainWindow::slowUpdates);
}

void MainWindow::slowUpdates()
{
    m_slowUpdatePending = false;
    if (m_chartsDirty) {
        updateCharts();
        m_chartsClock.start();
        m_chartsDirty = false;
    }
    if (m_namesDirty) {
        QStringList names;
        for (const scenes::PodView& p : std::as_const(m_snapshot.pods))
            names << p.name;
        names << m_snapshot.nodes.keys();
        for (const scenes::ServiceView& s : std::as_const(m_snapshot.services))
            names << s.name;
        for (const scenes::WorkloadView& w : std::as_const(m_snapshot.workloads))
            names << w.name;
        names << m_snapshot.namespaces;
        names.removeDuplicates();
        m_console->setNames(names);
        m_namesDirty = false;
    }
}

void MainWindow::showSnapshot(bool wasReadOnly)
{
    const scenes::LabSnapshot& snapshot = m_snapshot;
    m_timeline->setShown(snapshot.revision, snapshot.virtualTimeMs, snapshot.readOnly);
    m_inspector->setReadOnly(snapshot.readOnly);
    m_palette->setEnabled(!snapshot.readOnly);
    if (wasReadOnly != snapshot.readOnly)
        retranslateUi();
    updateClock(snapshot.virtualTimeMs);
    m_statusCounts->setText(tr("%n node(s)", nullptr, int(snapshot.nodes.size())) + QStringLiteral(" · ") +
                            tr("%n pod(s)", nullptr, int(snapshot.pods.size())) + QStringLiteral(" · ") +
                            tr("%n pending", nullptr, snapshot.pendingCount()));
    scheduleSlowUpdates(snapshot.change == scenes::ChangeKind::Structure);
    if (!snapshot.readOnly && snapshot.virtualTimeMs != m_lastSampleMs) {
        m_charts->addSample(snapshot.virtualTimeMs, clusterSample(snapshot));
        m_lastSampleMs = snapshot.virtualTimeMs;
    }
    {
        QStringList notReady;
        for (const scenes::NodeView& n : snapshot.nodes)
            if (!n.ready)
                notReady << n.name;
        // node-2 before node-10, as a learner counts.
        QStringList names = m_controlPlane->nodes();
        if (snapshot.change == scenes::ChangeKind::Structure || names.size() != snapshot.nodes.size()) {
            names = snapshot.nodes.keys();
            std::sort(names.begin(), names.end(), scenes::naturalLess);
        }
        m_controlPlane->setNodes(names, notReady);
    }
    if (snapshot.change == scenes::ChangeKind::Structure)
        m_filter->setNamespaces(snapshot.namespaces);
    m_filter->showCount(m_scene->filteredPodCount(), int(snapshot.pods.size()));
    updateWhy();
    if (!m_selectedName.isEmpty() && !m_inspectTimer->isActive())
        m_inspectTimer->start();
    Q_EMIT snapshotApplied();
}

void MainWindow::onClock(qint64 virtualTimeMs)
{
    m_snapshot.virtualTimeMs = virtualTimeMs;
    updateClock(virtualTimeMs);
    if (virtualTimeMs - m_lastSampleMs >= 1000) {
        m_charts->addSample(virtualTimeMs, clusterSample(m_snapshot));
        m_lastSampleMs = virtualTimeMs;
    }
}

void MainWindow::updateClock(qint64 virtualTimeMs)
{
    m_clock->setText(scenes::formatClock(virtualTimeMs));
}

void MainWindow::updateCharts()
{
    QHash<QString, charts::NodeUsage> usage;
    QStringList order = m_snapshot.nodes.keys();
    for (const scenes::NodeView& n : m_snapshot.nodes) {
        charts::NodeUsage& u = usage[n.name];
        u.node = n.name;
        u.cpuAllocatable = double(n.cpuAllocatable) / 1000.0;
        u.memoryAllocatable = double(n.memoryAllocatable) / double(1 << 30);
        u.podsAllocatable = double(n.podsAllocatable);
    }
    constexpr double kGi = double(1 << 30);
    for (const scenes::PodView& p : m_snapshot.pods) {
        if (!holdsResources(p) || !usage.contains(p.nodeName))
            continue;
        charts::NodeUsage& u = usage[p.nodeName];
        u.cpuRequested += double(p.cpuRequest) / 1000.0;
        u.cpuLimits += double(std::max(p.cpuLimit, p.cpuRequest)) / 1000.0;
        u.memoryRequested += double(p.memoryRequest) / kGi;
        u.memoryLimits += double(std::max(p.memoryLimit, p.memoryRequest)) / kGi;
        u.podsRequested += 1;
    }
    for (auto it = m_snapshot.nodeUsage.cbegin(); it != m_snapshot.nodeUsage.cend(); ++it)
        if (usage.contains(it.key())) {
            usage[it.key()].cpuUsed = double(it->cpu) / 1000.0;
            usage[it.key()].memoryUsed = double(it->memory) / kGi;
        }
    QList<charts::NodeUsage> list;
    for (const QString& name : order)
        list << usage.value(name);
    m_charts->setNodeUsage(list);
}

void MainWindow::onStory(const QList<scenes::StoryItem>& events)
{
    m_story->append(events);
    for (const scenes::StoryItem& e : events) {
        if (e.component.startsWith(QLatin1String("kubelet@")))
            m_scene->flashNode(e.component.mid(8));
        m_scene->playStory(e);
    }
}

void MainWindow::onActivity(const QStringList& components)
{
    for (const QString& c : components)
        m_controlPlane->pulse(c);
}

void MainWindow::applyYaml(const QString& yaml, const QString& source)
{
    m_applySource = source;
    QMetaObject::invokeMethod(worker(), "applyManifest", Qt::QueuedConnection, Q_ARG(QString, yaml),
                              Q_ARG(QString, source));
}

void MainWindow::onApplyFinished(bool ok, const QString& message, int line, int column, const QString& field)
{
    if (m_applySource == QLatin1String(kSourceInspector))
        m_inspector->showApplyResult(ok, message, line, column, field);
    else
        m_console->note(ok ? tr("Applied from the palette: %1").arg(message) : message);
    if (!ok)
        statusBar()->showMessage(message, 10000);
    m_applySource.clear();
}

void MainWindow::onDrop(const QString& kind, const QPointF& scenePos, const QString& nodeName, const QString& zone)
{
    if (m_snapshot.readOnly) {
        statusBar()->showMessage(tr("The canvas shows the past; press Now to change the lab."), 6000);
        return;
    }
    if (kind == QLatin1String("Service"))
        if (const scenes::PodItem* pod = m_scene->podAt(scenePos)) {
            proposeService(pod->view());
            return;
        }
    const QString yaml = manifestForDrop(kind, DropTarget{nodeName, zone}, m_snapshot);
    if (yaml.isEmpty())
        return;
    if (kind == QLatin1String("Pod") && !nodeName.isEmpty())
        m_console->note(tr("A pod dropped on %1 gets spec.nodeName: the scheduler is skipped.").arg(nodeName));
    applyYaml(yaml, QLatin1String(kSourcePalette));
}

void MainWindow::onPodDragged(const QString& ns, const QString& name, const QString& nodeName)
{
    const auto pod = m_snapshot.pods.constFind(ns + QLatin1Char('/') + name);
    if (nodeName.isEmpty() || pod == m_snapshot.pods.cend() || pod->nodeName == nodeName)
        return;
    if (m_snapshot.readOnly) {
        statusBar()->showMessage(tr("The canvas shows the past; press Now to change the lab."), 6000);
        return;
    }
    if (!pod->nodeName.isEmpty()) {
        // What a learner tries first; Kubernetes has no such move.
        const QString text = tr("A pod never moves: pod/%1 stays on %2 until it is deleted (spec.nodeName is set "
                                "once, by its binding). Delete it, and its controller's new pod is placed by the "
                                "scheduler; a drain evicts every pod of a node.")
                                 .arg(name, pod->nodeName);
        m_console->note(text);
        statusBar()->showMessage(text, 10000);
        return;
    }
    m_console->note(tr("pod/%1 bound to %2 by a Binding (POST pods/%1/binding), as the scheduler binds, but with no "
                       "filter run: the kubelet of %2 admits it or rejects it.")
                        .arg(name, nodeName));
    QMetaObject::invokeMethod(worker(), "bindPod", Qt::QueuedConnection, Q_ARG(QString, ns), Q_ARG(QString, name),
                              Q_ARG(QString, nodeName));
}

void MainWindow::onNodeDragged(const QString& name, const QString& zone)
{
    const auto node = m_snapshot.nodes.constFind(name);
    if (zone.isEmpty() || node == m_snapshot.nodes.cend() || node->zone == zone)
        return;
    if (m_snapshot.readOnly) {
        statusBar()->showMessage(tr("The canvas shows the past; press Now to change the lab."), 6000);
        return;
    }
    // A zone is a label: the window runs the kubectl command that changes it, in the console.
    m_console->note(tr("A node's zone is its label topology.kubernetes.io/zone (a cloud provider sets it when the "
                       "node registers). Relabelling %1 moves nothing that runs there; topology spread and zone "
                       "affinity read the new label from now on.")
                        .arg(name));
    const QString line = QStringLiteral("label node %1 topology.kubernetes.io/zone=%2 --overwrite").arg(name, zone);
    QMetaObject::invokeMethod(worker(), "runConsole", Qt::QueuedConnection, Q_ARG(QString, line),
                              Q_ARG(bool, m_language.startsWith(QLatin1String("zh"))));
}

void MainWindow::applyFilter()
{
    const QString error = m_scene->setFilter(m_filter->currentNamespace(), m_filter->selector());
    m_filter->showResult(m_scene->filteredPodCount(), int(m_snapshot.pods.size()), error);
}

void MainWindow::showObjectMenu(const QPoint& globalPos)
{
    if (m_selectedName.isEmpty())
        return;
    if (!m_objectMenu)
        m_objectMenu = new QMenu(this);
    m_objectMenu->clear();
    const QString object = m_selectedKind + QLatin1Char('/') + m_selectedName;
    m_objectMenu->setTitle(object);
    m_objectMenu->addSection(object);
    QAction* edit = m_objectMenu->addAction(tr("&Edit its YAML"), this, [this] {
        m_inspectorDock->show();
        m_inspectorDock->raise();
        m_inspector->showPage(0);
    });
    edit->setObjectName(QStringLiteral("editObject"));
    edit->setEnabled(!m_snapshot.readOnly);
    m_objectMenu->addAction(tr("De&scribe"), this, [this] {
        m_inspectorDock->show();
        m_inspector->showPage(1);
    })->setObjectName(QStringLiteral("describeObject"));
    m_objectMenu->addAction(tr("E&vents"), this, [this] {
        m_inspectorDock->show();
        m_inspector->showPage(2);
    })->setObjectName(QStringLiteral("objectEvents"));
    m_objectMenu->addSeparator();
    // The Delete key is the window's own action; the menu only shows it.
    const QString key = QStringLiteral("\t") + QKeySequence(QKeySequence::Delete).toString(QKeySequence::NativeText);
    QAction* remove = m_objectMenu->addAction(tr("&Delete (through the API server)") + key, this, [this] {
        if (m_selectedName.isEmpty() || m_snapshot.readOnly)
            return;
        QMetaObject::invokeMethod(worker(), "deleteObject", Qt::QueuedConnection, Q_ARG(QString, m_selectedKind),
                                  Q_ARG(QString, m_selectedNs), Q_ARG(QString, m_selectedName));
    });
    remove->setObjectName(QStringLiteral("deleteObject"));
    remove->setEnabled(!m_snapshot.readOnly);
    m_objectMenu->popup(globalPos);
}

void MainWindow::proposeService(const scenes::PodView& pod)
{
    // A Service dropped onto pods: a selector from the labels their group shares, in the
    // inspector for the learner to read (and change) before Apply.
    const QMap<QString, QString> selector = proposedSelector(pod, m_snapshot);
    if (selector.isEmpty()) {
        statusBar()->showMessage(tr("Pod %1 has no labels a Service could select.").arg(pod.name), 8000);
        return;
    }
    int matched = 0;
    for (const scenes::PodView& p : std::as_const(m_snapshot.pods)) {
        bool all = p.ns == pod.ns;
        for (auto it = selector.cbegin(); all && it != selector.cend(); ++it)
            all = p.labels.value(it.key()) == it.value();
        matched += all ? 1 : 0;
    }
    QStringList pairs;
    for (auto it = selector.cbegin(); it != selector.cend(); ++it)
        pairs << it.key() + QLatin1Char('=') + it.value();
    m_selectedKind.clear();
    m_selectedNs.clear();
    m_selectedName.clear();
    m_inspector->editManifest(serviceManifestFor(pod, selector, m_snapshot));
    m_inspectorDock->show();
    m_inspectorDock->raise();
    const QString note = tr("Proposed a Service selecting %1 (%n pod(s) match now). Check it and press Apply "
                            "in the inspector.", nullptr, matched)
                             .arg(pairs.join(QLatin1Char(',')));
    statusBar()->showMessage(note, 15000);
    m_console->note(note);
}

void MainWindow::onObjectSelected(const QString& kind, const QString& ns, const QString& name)
{
    m_selectedKind = kind;
    m_selectedNs = ns;
    m_selectedName = name;
    if (kind != QLatin1String("Pod"))
        m_scene->showVerdicts({});
    updateWhy();
    requestInspect();
    m_inspectorDock->show();
}

void MainWindow::onStoryActivated(const QString& kind, const QString& ns, const QString& name)
{
    if (kind.isEmpty() || name.isEmpty())
        return;
    if (QGraphicsItem* item = m_scene->selectObject(kind, ns, name)) {
        m_view->centerOn(item);
        return;
    }
    onObjectSelected(kind, ns, name);
}

void MainWindow::requestInspect()
{
    if (m_selectedName.isEmpty())
        return;
    QMetaObject::invokeMethod(worker(), "inspect", Qt::QueuedConnection, Q_ARG(QString, m_selectedKind),
                              Q_ARG(QString, m_selectedNs), Q_ARG(QString, m_selectedName));
}

void MainWindow::updateWhy()
{
    QString why;
    if (m_selectedKind == QLatin1String("Pod")) {
        const scenes::PodView pod = m_snapshot.pods.value(m_selectedNs + QLatin1Char('/') + m_selectedName);
        if (!pod.pendingMessage.isEmpty())
            why = tr("Why is it Pending? The scheduler says:\n%1").arg(pod.pendingMessage);
        else if (pod.nodeName.isEmpty() && pod.phase == QLatin1String("Pending") && !pod.name.isEmpty())
            why = tr("Pending: waiting in the scheduling queue for a node.");
    } else if (m_selectedName.isEmpty()) {
        // Nothing selected: point at the first pod the scheduler could not place.
        for (const scenes::PodView& pod : std::as_const(m_snapshot.pods))
            if (pod.nodeName.isEmpty() && !pod.pendingMessage.isEmpty()) {
                why = tr("Pod %1 is Pending (marked \"!\"). The scheduler says:\n%2").arg(pod.name, pod.pendingMessage);
                break;
            }
    }
    m_inspector->setWhy(why);
}

void MainWindow::deleteSelected()
{
    if (m_selectedName.isEmpty() || m_snapshot.readOnly)
        return;
    if (QApplication::focusWidget() && QApplication::focusWidget() != m_view &&
        !m_view->isAncestorOf(QApplication::focusWidget()))
        return;
    QMetaObject::invokeMethod(worker(), "deleteObject", Qt::QueuedConnection, Q_ARG(QString, m_selectedKind),
                              Q_ARG(QString, m_selectedNs), Q_ARG(QString, m_selectedName));
}

} // namespace kubelab::ui

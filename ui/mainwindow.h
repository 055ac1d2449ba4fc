// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <deque>
#include <functional>

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <QTranslator>

#include "scenes/labsnapshot.h"
#include "ui/engineworker.h"

class QAction;
class QActionGroup;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QTimer;

namespace kubelab::scenes {
class LabScene;
} // namespace kubelab::scenes

namespace kubelab::ui {

class AccessMatrixView;
class CanvasFilter;
class Console;
class ControlPlaneStrip;
class Inspector;
class LabDiffView;
class LabView;
class LessonPanel;
class Legend;
class Palette;
class RequestPanel;
class StoryPanel;
class Timeline;
namespace charts {
class ChartsPanel;
}

/// The lab window: toolbar and control-plane strip on top, the canvas in the centre, and
/// dockable panels (palette, inspector, console, story, timeline, charts) whose layout is
/// remembered. Talks to the engine only through its `EngineWorker`.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a lab file (creating it, with `scenario` loaded, when missing), or with an
    /// empty path a new lab in memory with `scenario`.
    void openLab(const QString& path, const QString& scenario);
    /// Virtual seconds per wall second: 0 pauses, 1, 10 or 100.
    void setSpeed(int multiplier);
    /// Switches the interface language: `en` or `zh_CN`.
    void setLanguage(const QString& code);
    [[nodiscard]] QString language() const { return m_language; }
    /// Runs `ms` of virtual time, lets the animations end, writes the window to `file` as
    /// PNG and says `screenshotTaken`; with `fitCluster` the canvas first shows the whole
    /// cluster, as View ▸ Fit does.
    void screenshotAfter(qint64 ms, const QString& file, bool fitCluster = false);
    /// What-if: forks the lab to `path` (`klab fork`) and goes on in the fork; the parent
    /// stays as it was.
    void branchTo(const QString& path);
    /// Compares this lab with the lab at `path` (`klab diff`) in the side-by-side view.
    void compareWith(const QString& path);
    /// The lab this one was forked from (empty: not a fork).
    [[nodiscard]] QString forkParent() const { return m_forkParent; }
    [[nodiscard]] RequestPanel* requestPanel() const { return m_requests; }
    [[nodiscard]] AccessMatrixView* accessMatrix() const { return m_accessMatrix; }
    [[nodiscard]] LabDiffView* labDiff() const { return m_labDiff; }
    [[nodiscard]] QAction* accessMatrixAction() const { return m_accessAction; }
    [[nodiscard]] QAction* serveAction() const { return m_serveAction; }

    [[nodiscard]] const scenes::LabSnapshot& snapshot() const { return m_snapshot; }
    [[nodiscard]] bool isLabOpen() const { return m_labOpen; }
    [[nodiscard]] int speed() const { return m_speed; }
    [[nodiscard]] scenes::LabScene* labScene() const { return m_scene; }
    [[nodiscard]] LabView* labView() const { return m_view; }
    [[nodiscard]] Palette* palette() const { return m_palette; }
    [[nodiscard]] Inspector* inspector() const { return m_inspector; }
    [[nodiscard]] Console* console() const { return m_console; }
    [[nodiscard]] StoryPanel* storyPanel() const { return m_story; }
    [[nodiscard]] Timeline* timeline() const { return m_timeline; }
    [[nodiscard]] charts::ChartsPanel* chartsPanel() const { return m_charts; }
    [[nodiscard]] ControlPlaneStrip* controlPlane() const { return m_controlPlane; }
    [[nodiscard]] CanvasFilter* canvasFilter() const { return m_filter; }
    [[nodiscard]] LessonPanel* lessonPanel() const { return m_lessons; }
    [[nodiscard]] QDockWidget* lessonDock() const { return m_lessonDock; }
    [[nodiscard]] EngineWorker* worker() const;
    /// Lab files opened lately, newest first (kept in the settings).
    [[nodiscard]] static QStringList recentLabs();
    [[nodiscard]] QMenu* recentMenu() const { return m_recentMenu; }
    /// The canvas's context menu, once shown (for tests).
    [[nodiscard]] QMenu* objectMenu() const { return m_objectMenu; }

Q_SIGNALS:
    void labOpened();
    void snapshotApplied();
    void screenshotTaken(bool ok, const QString& file);

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createDocks();
    void connectWorker();
    void retranslateUi();
    void applyLanguageFont();

    /// Handles `job`, a part of the engine's stream (snapshots, deltas, story, requests, apply
    /// results), after the ones before it, within the frame's share of GUI work
    /// (scenes::FrameBudget): an apply of thousands of objects sends all of them at once, and
    /// handled in the batch they came in they stalled the window for two frames.
    void inTurn(std::function<void()> job);
    void runJobs();
    /// Wall milliseconds of the stream's handling per pass, at least one job.
    static constexpr int kJobsBudgetMs = 4;
    void showRequests(const QList<RequestRow>& requests);
    void onSnapshot(const scenes::LabSnapshot& snapshot);
    void onDelta(const scenes::LabDelta& delta);
    /// klab commands to try in this lab, with its names: the console's greeting.
    [[nodiscard]] static QStringList consoleSuggestions(const scenes::LabSnapshot& snapshot);
    /// What follows a new snapshot or delta in `m_snapshot` (the scene already has it).
    void showSnapshot(bool wasReadOnly);
    /// The charts and the console's names: run after the frame's snapshot, in an event of
    /// their own, so neither adds to the GUI thread's longest stall.
    void scheduleSlowUpdates(bool structure);
    void slowUpdates();
    void onClock(qint64 virtualTimeMs);
    void onStory(const QList<scenes::StoryItem>& events);
    void onActivity(const QStringList& components);
    void onApplyFinished(bool ok, const QString& message, int line, int column, const QString& field);
    void onDrop(const QString& kind, const QPointF& scenePos, const QString& nodeName, const QString& zone);
    void onPodDragged(const QString& ns, const QString& name, const QString& nodeName);
    void onNodeDragged(const QString& name, const QString& zone);
    void onObjectSelected(const QString& kind, const QString& ns, const QString& name);
    void onStoryActivated(const QString& kind, const QString& ns, const QString& name);
    void applyYaml(const QString& yaml, const QString& source);
    void proposeService(const scenes::PodView& pod);
    void showObjectMenu(const QPoint& globalPos);
    void deleteSelected();
    void newLab(const QString& scenario);
    void openLabDialog();
    void saveLabAs();
    void updateCharts();
    void applyFilter();
    void updateClock(qint64 virtualTimeMs);
    void updateWhy();
    void requestInspect();
    void connectLessons();

    EngineThread* m_thread = nullptr;
    scenes::LabScene* m_scene = nullptr;
    LabView* m_view = nullptr;
    ControlPlaneStrip* m_controlPlane = nullptr;
    CanvasFilter* m_filter = nullptr;
    Palette* m_palette = nullptr;
    Inspector* m_inspector = nullptr;
    Console* m_console = nullptr;
    StoryPanel* m_story = nullptr;
    RequestPanel* m_requests = nullptr;
    AccessMatrixView* m_accessMatrix = nullptr; ///< made when first asked for
    LabDiffView* m_labDiff = nullptr;           ///< made when first asked for
    QString m_forkParent;
    Timeline* m_timeline = nullptr;
    charts::ChartsPanel* m_charts = nullptr;
    Legend* m_legend = nullptr;
    LessonPanel* m_lessons = nullptr;
    QDockWidget* m_lessonDock = nullptr;
    QDockWidget* m_legendDock = nullptr;
    QDockWidget* m_paletteDock = nullptr;
    QDockWidget* m_inspectorDock = nullptr;
    QDockWidget* m_consoleDock = nullptr;
    QDockWidget* m_storyDock = nullptr;
    QDockWidget* m_requestsDock = nullptr;
    QDockWidget* m_timelineDock = nullptr;
    QDockWidget* m_chartsDock = nullptr;
    QToolBar* m_toolBar = nullptr;

    QMenu* m_fileMenu = nullptr;
    QMenu* m_newMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_simulationMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QMenu* m_objectMenu = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_saveAsAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_playAction = nullptr;
    QAction* m_pauseAction = nullptr;
    QAction* m_stepAction = nullptr;
    QAction* m_speed1Action = nullptr;
    QAction* m_speed10Action = nullptr;
    QAction* m_speed100Action = nullptr;
    QActionGroup* m_speedGroup = nullptr;
    QAction* m_zoomInAction = nullptr;
    QAction* m_zoomOutAction = nullptr;
    QAction* m_zoomFitAction = nullptr;
    QAction* m_consoleAction = nullptr;
    QAction* m_findAction = nullptr;
    QAction* m_accessAction = nullptr;
    QAction* m_serveAction = nullptr;
    QAction* m_branchAction = nullptr;
    QAction* m_compareAction = nullptr;
    QAction* m_deleteAction = nullptr;
    QAction* m_englishAction = nullptr;
    QAction* m_chineseAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QLabel* m_clock = nullptr;
    QLabel* m_speedLabel = nullptr;
    QComboBox* m_languageBox = nullptr;
    QLabel* m_statusCounts = nullptr;
    QLabel* m_servingLabel = nullptr; ///< where kubectl connects, while it can
    QString m_servingUrl;
    QString m_servingKubeconfig;

    QTranslator m_translator;
    QTranslator m_qtTranslator;
    QString m_language = QStringLiteral("en");
    scenes::LabSnapshot m_snapshot;
    QString m_labPath;
    bool m_labOpen = false;
    bool m_readyHintDue = false; ///< the console greets a newly opened lab
    int m_speed = 1;
    int m_lastSpeed = 1;
    qint64 m_lastSampleMs = -1;
    QElapsedTimer m_chartsClock;
    QTimer* m_inspectTimer = nullptr;
    std::deque<std::function<void()>> m_jobs;   ///< the engine's stream, not handled yet
    QTimer* m_jobTimer = nullptr;
    QString m_selectedKind;
    QString m_selectedNs;
    QString m_selectedName;
    QString m_applySource;
    bool m_slowUpdatePending = false;
    bool m_namesDirty = false;
    bool m_chartsDirty = false;
    bool m_showLesson = false;  ///< raise the lesson panel when the next lesson state arrives
};

} // namespace kubelab::ui

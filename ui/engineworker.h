// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QThread>

#include "scenes/labsnapshot.h"
#include "scenes/snapshotbuilder.h"
#include "ui/accessmatrixview.h"
#include "ui/requestpanel.h"
#include "ui/lessonstate.h"

class QTimer;

namespace kubelab::core {
class Engine;
namespace server {
class ApiHttpServer;
} // namespace server
} // namespace kubelab::core

namespace kubelab::ui {

/// What the inspector shows about one object.
struct Inspection {
    QString kind;
    QString ns;
    QString name;
    QString yaml;
    QString describe;
    QString events;
    QString why;                           ///< `klab why pod/NAME` for a pod
    QString decision;                      ///< `klab why pod/NAME -o json` (empty: none)
    QString nominatedNode;                 ///< the pod's status.nominatedNodeName
    QList<scenes::NodeVerdict> verdicts;   ///< the same, per node
    bool found = false;
};

/// Owns the `core::Engine` on its own thread. The GUI talks to it only through queued
/// calls to its slots and hears back through its signals, which carry values (never an
/// engine pointer). Object changes are merged and sent at most once per frame, tagged
/// structure or dynamic. A speed control maps wall time to virtual time.
///
/// Create it with `EngineThread`, which moves it to a plain QThread and tears it down.
class EngineWorker final : public QObject {
    Q_OBJECT
public:
    /// Wall milliseconds between two clock ticks while the clock runs.
    static constexpr int kTickMs = 40;
    /// Wall milliseconds between two frames (at most one snapshot per frame).
    static constexpr int kFrameMs = 16;
    /// Wall milliseconds between two looks at the served socket.
    static constexpr int kServePollMs = 10;

    explicit EngineWorker(QObject* parent = nullptr);
    ~EngineWorker() override;

public Q_SLOTS:
    /// Opens (or, with `createIfMissing`, creates) a lab file; an empty path makes a new
    /// lab in memory. A new lab gets `scenario` loaded (none when empty).
    void openLab(const QString& path, const QString& scenario, bool createIfMissing);
    /// Copies the lab to `path` and goes on working on the copy.
    void saveAs(const QString& path);
    /// Forks the lab to `path` as `klab fork` does (the copy records its parent) and goes on
    /// working on the fork, so the parent stays as it was (`branched`).
    void branchLab(const QString& path);
    /// Compares this lab with the lab at `path` as `klab diff OTHER -o json --settle 0`
    /// (`compared`; neither lab is settled).
    void compareWith(const QString& path);
    void loadScenario(const QString& name);
    /// Applies every document of a manifest (YAML or JSON) as `kubectl apply` does; all or
    /// nothing.
    void applyManifest(const QString& text, const QString& source);
    void deleteObject(const QString& kind, const QString& ns, const QString& name);
    /// Binds a pending pod to a node as the scheduler does (`POST pods/<name>/binding`), as
    /// the lab's user: no filter runs; the node's kubelet admits the pod or rejects it.
    void bindPod(const QString& ns, const QString& name, const QString& node);
    /// Runs one console line as `klab` would, against this lab.
    void runConsole(const QString& line, bool chinese);
    /// Virtual seconds per wall second: 0 pauses, 1, 10, 100.
    void setSpeed(int multiplier);
    /// Advances one second of virtual time.
    void step();
    /// Advances `ms` of virtual time at once (in one-second steps), then says `ranFor`.
    void runFor(qint64 ms);
    /// Shows the lab as it was at `revision` (read only); 0 or the newest shows it live.
    void scrubTo(qint64 revision);
    void inspect(const QString& kind, const QString& ns, const QString& name);
    /// Who can do what in `ns` (`accessMatrixReady`); empty: the current context's namespace.
    void accessMatrix(const QString& ns);
    /// Lists the built-in lessons (`lessonsListed`).
    void listLessons();
    /// Starts a lesson as `klab lesson start` does (its lab loaded, settled, committed): a
    /// built-in one by id, or a lesson file or folder by path. A lab file gets the lesson
    /// itself, so `klab` sees it; a lab kept in memory is replaced by a new one.
    void startLesson(const QString& lesson);
    /// Sends the lab's lesson as `klab lesson status` reads it (`lessonChanged`).
    void lessonStatus();
    /// Evaluates the current step's checks as `klab lesson check` does.
    void checkLesson();
    /// Shows one more hint of the current step, as `klab lesson hint` does.
    void lessonHint();
    /// Goes on to the next step when the current step's checks pass, as `klab lesson next`.
    void nextLessonStep();
    /// "Let kubectl connect": serves the lab's API server over HTTPS on loopback (port 6443,
    /// or a free one when it is taken), as `klab serve` does, and writes a kubeconfig beside
    /// the lab (`servingChanged`). The window's speed control keeps moving the clock; every
    /// request a client makes is followed through the API server's stages (`requestsTraced`)
    /// and what it changes reaches the canvas like any other change. Opening another lab
    /// stops serving.
    void serve(bool on);
    /// Closes the lab (called on the worker's thread before it stops; invoked by name, see
    /// `EngineThread::~EngineThread`).
    void shutdown();

Q_SIGNALS:
    void labOpened(const QString& path, bool isNew);
    void labFailed(const QString& message);
    /// The lab just opened is a fork of `parent` (empty: it is not a fork).
    void forkParentKnown(const QString& parent);
    void branched(const QString& parent, const QString& branch);
    /// `klab diff -o json`'s document.
    void compared(const QByteArray& json);
    /// The whole lab: once it is opened, when the view goes to the past or back to now.
    void snapshotReady(const kubelab::scenes::LabSnapshot& snapshot);
    /// What changed since the previous snapshot or delta, at most once per frame.
    void deltaReady(const kubelab::scenes::LabDelta& delta);
    void clockChanged(qint64 virtualTimeMs);
    void storyReady(const QList<kubelab::scenes::StoryItem>& events);
    /// Components that acted during the last frame (apiserver, etcd, scheduler, ...).
    void activity(const QStringList& components);
    /// The committed revisions span [first, last].
    void revisionsChanged(qint64 first, qint64 last);
    void applyFinished(bool ok, const QString& message, int line, int column, const QString& field);
    void consoleFinished(const QString& line, const QString& out, const QString& err, int exitCode);
    void inspected(const kubelab::ui::Inspection& inspection);
    /// The requests the learner's last action made, as the API server's stages saw them.
    void requestsTraced(const QList<kubelab::ui::RequestRow>& requests);
    void accessMatrixReady(const kubelab::ui::AccessMatrixData& matrix);
    /// Serving started (`url`, the kubeconfig written for it) or stopped; `error` says why
    /// it could not start.
    void servingChanged(bool on, const QString& url, const QString& kubeconfig, const QString& error);
    void speedChanged(int multiplier);
    void ranFor(qint64 virtualTimeMs);
    void lessonsListed(const QList<kubelab::ui::LessonEntry>& lessons);
    /// The lab's lesson after a lesson command, a lab opened or a console `lesson` line.
    void lessonChanged(const kubelab::ui::LessonState& state);

private Q_SLOTS:
    /// Tells ThreadSanitizer that what this thread wrote so far goes with the queued calls of
    /// the signal being emitted: connected first to every signal in a TSan build (see
    /// engineworker.cpp).
    void handOver();

private:
    /// Runs a command, turning any exception from the simulator into `labFailed`.
    bool guarded(const char* what, const std::function<void()>& body);
    /// `guarded`, for an action of the learner: the requests it makes are followed through
    /// the API server's stages and sent (`requestsTraced`).
    bool asLearner(const char* what, const std::function<void()>& body);
    void openLabUnguarded(const QString& path, const QString& scenario, bool createIfMissing);
    void saveAsUnguarded(const QString& path);
    void branchLabUnguarded(const QString& path);
    /// Closes the lab and opens the one at `path` (a copy of it) at the same speed.
    void reopenOn(const QString& path);
    void compareWithUnguarded(const QString& path);
    void loadScenarioUnguarded(const QString& name);
    void applyManifestUnguarded(const QString& text, const QString& source);
    void deleteObjectUnguarded(const QString& kind, const QString& ns, const QString& name);
    void bindPodUnguarded(const QString& ns, const QString& name, const QString& node);
    void runConsoleUnguarded(const QString& line, bool chinese);
    void stepUnguarded();
    void runForUnguarded(qint64 ms);
    void scrubToUnguarded(qint64 revision);
    void inspectUnguarded(const QString& kind, const QString& ns, const QString& name);
    void tickUnguarded();
    void serveUnguarded(bool on);
    /// Answers what clients sent (every few milliseconds while serving).
    void pollServer();
    void startLessonUnguarded(const QString& lesson);
    void lessonHintUnguarded();
    void nextLessonStepUnguarded();
    /// The lab's lesson; with `Verdicts::Evaluate`, the current step's checks evaluated.
    enum class Verdicts { Skip, Evaluate };
    [[nodiscard]] LessonState lessonState(Verdicts verdicts) const;
    void attach();
    void tick();
    void frame();
    void scheduleFrame();
    void afterWrite();
    void commit();
    void refreshRevisions();
    void readUsage();
    void emitPast();
    [[nodiscard]] qint64 timeOfRevision(qint64 revision) const;

    std::unique_ptr<core::Engine> m_engine;
    std::unique_ptr<core::server::ApiHttpServer> m_server; ///< while serving; before m_engine goes
    scenes::SnapshotBuilder m_builder;
    std::vector<core::Json> m_pastObjects;
    QTimer* m_clockTimer = nullptr;
    QTimer* m_frameTimer = nullptr;
    QTimer* m_serveTimer = nullptr;
    QElapsedTimer m_wall;
    int m_speed = 0;
    bool m_dirty = false;
    bool m_structure = false;
    bool m_clockMoved = false;
    QElapsedTimer m_usageClock;       ///< wall time since the usage was last read
    qint64 m_usageTimeMs = -1;        ///< virtual time of that reading
    qint64 m_viewRevision = 0; ///< 0: live
    qint64 m_pendingScrub = -1;
    QString m_lastFault;
    QList<scenes::StoryItem> m_story;
    bool m_followRequests = false;
    QList<RequestRow> m_requests;
    QSet<QString> m_activity;
    std::vector<std::pair<qint64, qint64>> m_revisionTimes; ///< (revision, virtual ms), committed
};

/// Runs an `EngineWorker` on a plain QThread for as long as it lives.
class EngineThread final : public QObject {
    Q_OBJECT
public:
    explicit EngineThread(QObject* parent = nullptr);
    ~EngineThread() override;
    [[nodiscard]] EngineWorker* worker() const { return m_worker; }

protected:
    /// In a TSan build, watches every event of the GUI's thread for the worker's queued calls.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QThread m_thread;
    EngineWorker* m_worker = nullptr;
};

} // namespace kubelab::ui

Q_DECLARE_METATYPE(kubelab::ui::Inspection)

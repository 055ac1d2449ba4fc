// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/engineworker.h"

#include <algorithm>
#include <sstream>

#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QMetaMethod>
#include <QTimer>

#include "core/api/resources.h"
#include "core/auth/accessmatrix.h"
#include "core/auth/users.h"
#include "core/cli/cli.h"
#include "core/controllers/labconfiguration.h"
#include "core/manifest/manifest.h"
#include "core/node/usage.h"
#include "core/scheduler/decision.h"
#include "core/scheduler/schedulercomponent.h"
#include "core/server/serving.h"
#include "core/sim/engine.h"
#include "core/sim/scenarios.h"
#include "core/whatif/transfer.h"

#if defined(__SANITIZE_THREAD__)
#define KUBELAB_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define KUBELAB_THREAD_SANITIZER 1
#endif
#endif
#ifdef KUBELAB_THREAD_SANITIZER
#include <sanitizer/tsan_interface.h>
#endif

namespace kubelab::ui {

namespace {

using core::Json;

// ThreadSanitizer and Qt's queued calls. Debian's Qt is not built with TSan: its event queue
// locks futexes TSan cannot see, so what the worker's thread wrote before a queued signal,
// read on the GUI's thread when the call arrives, would look like a race. In a TSan build the
// hand-over is announced instead: the worker releases when it emits a signal (`handOver`,
// connected to every signal before any other connection), and the GUI's thread acquires when
// a queued call reaches one of its objects (`EngineThread`'s event filter on the
// application); and when the thread finishes, before the GUI's thread deletes the worker.
// One sync point for every call: coarser than Qt's own ordering of events, never finer. The copies Qt itself makes of the arguments, after the release and before it
// posts the call, are its own business: tests/tsan-suppressions.txt names them. Without TSan
// none of it is connected.
#ifdef KUBELAB_THREAD_SANITIZER
char g_handOverPoint;
void releaseHandOver() { __tsan_release(&g_handOverPoint); }
void acquireHandOver() { __tsan_acquire(&g_handOverPoint); }
constexpr bool kAnnounceHandOver = true;
#else
void releaseHandOver() {}
void acquireHandOver() {}
constexpr bool kAnnounceHandOver = false;
#endif

QString qs(const std::string& s) { return QString::fromStdString(s); }
std::string ss(const QString& s) { return s.toStdString(); }

/// The scheduler's verdict per node from a decision (`klab why -o json`): feasible or the
/// first reason it failed, and the weighted total.
QList<scenes::NodeVerdict> verdictsOf(const Json& decision)
{
    QList<scenes::NodeVerdict> verdicts;
    if (!decision.is_object() || !decision.contains("nodes") || !decision["nodes"].is_array())
        return verdicts;
    const std::string chosen = decision.value("selectedNode", "");
    for (const Json& n : decision["nodes"]) {
        scenes::NodeVerdict v;
        v.node = qs(n.value("name", ""));
        v.feasible = n.value("feasible", false);
        v.chosen = !chosen.empty() && n.value("name", "") == chosen;
        if (n.contains("filters") && n["filters"].is_array())
            for (const Json& f : n["filters"])
                if (f.contains("reasons") && f["reasons"].is_array() && !f["reasons"].empty() && v.reason.isEmpty())
                    v.reason = qs(f["reasons"][0].get<std::string>());
        if (n.contains("scores") && n["scores"].is_array())
            for (const Json& sc : n["scores"])
                v.score += sc.value("score", qint64(0)) * sc.value("weight", qint64(1));
        verdicts.append(v);
    }
    return verdicts;
}

/// Splits a console line into words as a shell would: blanks separate, quotes group,
/// a backslash escapes the next character.
std::vector<std::string> splitWords(const QString& line)
{
    std::vector<std::string> words;
    QString word;
    bool inWord = false;
    QChar quote;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            else if (c == QLatin1Char('\\') && quote == QLatin1Char('"') && i + 1 < line.size())
                word += line.at(++i);
            else
                word += c;
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            quote = c;
            inWord = true;
        } else if (c == QLatin1Char('\\') && i + 1 < line.size()) {
            word += line.at(++i);
            inWord = true;
        } else if (c.isSpace()) {
            if (inWord)
                words.push_back(ss(word));
            word.clear();
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words.push_back(ss(word));
    return words;
}

/// `pod/web created`, as kubectl apply prints it.
QString appliedLine(const Json& object, core::ApplyOutcome outcome)
{
    const std::string kind = core::kindOf(object);
    std::string resource = kind;
    if (const core::ResourceInfo* info = core::findResourceByKind(kind))
        resource = info->group.empty() ? std::string(info->singular)
                                       : std::string(info->singular) + "." + std::string(info->group);
    const char* verb = outcome == core::ApplyOutcome::Created      ? "created"
                       : outcome == core::ApplyOutcome::Configured ? "configured"
                                                                    : "unchanged";
    return qs(resource + "/" + core::nameOf(object) + " " + verb);
}

/// The field an error points at: its location's field, or the first cause's.
QString errorField(const core::Error& error)
{
    if (!error.location.field.empty())
        return qs(error.location.field);
    if (!error.causes.empty()) {
        const std::string& cause = error.causes.front();
        return qs(cause.substr(0, cause.find(':')));
    }
    return {};
}

QString componentOf(const std::string& component)
{
    const std::string base = component.substr(0, component.find('@'));
    return qs(base);
}

} // namespace

EngineWorker::EngineWorker(QObject* parent)
    : QObject(parent)
    , m_clockTimer(new QTimer(this))
    , m_frameTimer(new QTimer(this))
    , m_serveTimer(new QTimer(this))
{
    qRegisterMetaType<scenes::LabSnapshot>();
    qRegisterMetaType<scenes::LabDelta>();
    qRegisterMetaType<QList<scenes::StoryItem>>();
    qRegisterMetaType<Inspection>();
    qRegisterMetaType<LessonState>();
    qRegisterMetaType<QList<LessonEntry>>();
    qRegisterMetaType<QList<RequestRow>>();
    qRegisterMetaType<AccessMatrixData>();
    if (kAnnounceHandOver) {
        const QMetaObject* meta = metaObject();
        const QMetaMethod handOverSlot = meta->method(meta->indexOfSlot("handOver()"));
        for (int i = meta->methodOffset(); i < meta->methodCount(); ++i)
            if (meta->method(i).methodType() == QMetaMethod::Signal)
                connect(this, meta->method(i), this, handOverSlot, Qt::DirectConnection);
    }
    m_clockTimer->setInterval(kTickMs);
    m_clockTimer->setTimerType(Qt::PreciseTimer);
    connect(m_clockTimer, &QTimer::timeout, this, &EngineWorker::tick);
    m_frameTimer->setSingleShot(true);
    m_frameTimer->setInterval(kFrameMs);
    connect(m_frameTimer, &QTimer::timeout, this, &EngineWorker::frame);
    m_serveTimer->setInterval(kServePollMs);
    connect(m_serveTimer, &QTimer::timeout, this, &EngineWorker::pollServer);
}

EngineWorker::~EngineWorker() = default;

void EngineWorker::handOver()
{
    releaseHandOver();
}

void EngineWorker::shutdown()
{
    m_clockTimer->stop();
    m_frameTimer->stop();
    serveUnguarded(false);
    m_engine.reset();
}

void EngineWorker::openLabUnguarded(const QString& path, const QString& scenario, bool createIfMissing)
{
    core::Engine::Options options;
    options.path = ss(path);
    options.createIfMissing = createIfMissing || path.isEmpty();
    auto engine = core::Engine::open(options);
    if (!engine) {
        Q_EMIT labFailed(qs(engine.error().toString()));
        return;
    }
    serveUnguarded(false); // the server answers for the lab that is closing
    m_engine = std::move(*engine);
    const bool isNew = m_engine->lab().isNew() || path.isEmpty();
    if (isNew && !scenario.isEmpty()) {
        if (auto s = core::loadScenario(*m_engine, ss(scenario)); !s) {
            m_engine->rollback();
            Q_EMIT labFailed(qs(s.error().toString()));
        } else {
            m_engine->drain();
            commit();
        }
    }
    m_builder.snapshot().labPath = path;
    // First the news (the window clears its story and charts), then what attach() sends:
    // the story so far, the revisions and the first snapshot.
    Q_EMIT labOpened(path, isNew);
    Q_EMIT forkParentKnown(qs(m_engine->lab().setting(std::string(core::kSettingForkParent)).value_or("")));
    attach();
    // A lab that runs a lesson opens where the learner stands: its checks evaluated.
    Q_EMIT lessonChanged(lessonState(Verdicts::Evaluate));
}

void EngineWorker::attach()
{
    m_viewRevision = 0;
    m_pastObjects.clear();
    m_revisionTimes.clear();
    m_builder.setEpoch(m_engine->settings().epochSeconds);
    std::vector<Json> objects;
    for (const std::string& kind : m_engine->store().kinds())
        for (const core::ObjectPtr& o : m_engine->list(kind))
            objects.push_back(*o);
    m_builder.reset(objects);
    m_builder.snapshot().revision = m_engine->store().revision();
    m_builder.snapshot().virtualTimeMs = m_engine->now();
    m_engine->addWatcher([this](const core::WatchEvent& e) {
        if (m_builder.apply(e) == scenes::ChangeKind::Structure)
            m_structure = true;
        m_dirty = true;
        m_activity.insert(QStringLiteral("etcd"));
        m_activity.insert(QStringLiteral("apiserver"));
        if (e.type == core::WatchEventType::Modified && e.key.kind == "Pod" && e.previous && e.object &&
            core::stringAt(*e.previous, Json::json_pointer("/spec/nodeName")).empty() &&
            !core::stringAt(*e.object, Json::json_pointer("/spec/nodeName")).empty())
            m_activity.insert(QStringLiteral("scheduler"));
        // Every node's kube-proxy rewrites its rules when Services or their endpoints change.
        if (e.key.kind == "Service" || e.key.kind == "EndpointSlice")
            m_activity.insert(QStringLiteral("kube-proxy@*"));
        scheduleFrame();
    });
    m_engine->requests().setObserver([this](const core::RequestTrace& t) {
        if (!m_followRequests)
            return;
        m_requests.append(RequestRow{qs(t.user), qs(t.verb), qs(t.resource), qs(t.ns), qs(t.name), int(t.stage),
                                     t.refused, t.write, t.dryRun, qs(t.plugin), qs(t.message)});
    });
    m_engine->addStoryListener([this](const core::StoryEvent& e) {
        scenes::StoryItem item;
        item.sequence = e.sequence;
        item.revision = e.revision;
        item.timeMs = e.time;
        item.component = qs(e.component);
        item.kind = qs(e.object.kind);
        item.ns = qs(e.object.ns);
        item.name = qs(e.object.name);
        item.action = qs(e.action);
        item.message = qs(e.message);
        item.messageChinese = qs(core::storyText(e.data, e.message, core::Language::Chinese));
        item.node = qs(e.data.is_object() ? e.data.value("node", "") : std::string());
        // The canvas replays a cycle only when few happen at once (the decision of a big
        // cluster is large).
        if (e.component == "scheduler" && (e.action == "Scheduled" || e.action == "FailedScheduling") &&
            e.object.kind == "Pod" && m_story.size() < 32)
            if (auto stored = m_engine->labSetting(
                    scheduler::SchedulerComponent::decisionKey(e.object.ns, e.object.name)))
                item.verdicts = verdictsOf(scheduler::Decision::expand(*stored));
        if (item.isRequest() && e.data.is_object())
            for (const auto& [k, v] : e.data.items())
                item.data.insert(qs(k), v.is_string() ? qs(v.get<std::string>()) : qs(v.dump()));
        m_story.append(item);
        m_activity.insert(componentOf(e.component));
        if (e.component.find('@') != std::string::npos)
            m_activity.insert(qs(e.component));   // kubelet@node-1: the strip lights that node's lamp
        scheduleFrame();
    });
    // The story so far, so a reopened lab tells what happened before.
    if (auto past = m_engine->lab().story(0)) {
        const std::size_t first = past->size() > 2000 ? past->size() - 2000 : 0;
        for (std::size_t i = first; i < past->size(); ++i) {
            const core::StoryEvent& e = (*past)[i];
            m_story.append(scenes::StoryItem{e.sequence, e.revision, e.time, qs(e.component), qs(e.object.kind),
                                             qs(e.object.ns), qs(e.object.name), qs(e.action), qs(e.message),
                                             qs(core::storyText(e.data, e.message, core::Language::Chinese)),
                                             qs(e.data.is_object() ? e.data.value("node", "") : std::string()),
                                             {}, {}});
        }
    }
    refreshRevisions();
    m_dirty = true;
    m_structure = true;
    frame();
    setSpeed(m_speed);
}

void EngineWorker::reopenOn(const QString& path)
{
    const int speed = m_speed;
    serveUnguarded(false);
    m_engine.reset();
    openLab(path, QString(), false);
    setSpeed(speed);
}

void EngineWorker::saveAsUnguarded(const QString& path)
{
    if (!m_engine)
        return;
    commit();
    if (auto s = m_engine->lab().backupTo(ss(path)); !s) {
        Q_EMIT labFailed(qs(s.error().toString()));
        return;
    }
    reopenOn(path);
}

void EngineWorker::branchLabUnguarded(const QString& path)
{
    if (!m_engine)
        return;
    commit();
    const QString parent = qs(m_engine->lab().path());
    if (auto s = core::forkLab(*m_engine, ss(path)); !s) {
        Q_EMIT labFailed(qs(s.error().toString()));
        return;
    }
    reopenOn(path);
    Q_EMIT branched(parent, path);
}

void EngineWorker::compareWithUnguarded(const QString& path)
{
    if (!m_engine)
        return;
    std::ostringstream out, err;
    std::istringstream in;
    const int rc = cli::runOnEngine(*m_engine, {"diff", ss(path), "-o", "json", "--settle", "0"}, out, err, in,
                                    core::Language::English);
    if (rc != 0) {
        Q_EMIT labFailed(qs(err.str()).trimmed());
        return;
    }
    Q_EMIT compared(QByteArray::fromStdString(out.str()));
}

void EngineWorker::loadScenarioUnguarded(const QString& name)
{
    if (!m_engine)
        return;
    if (auto s = core::loadScenario(*m_engine, ss(name)); !s) {
        m_engine->rollback();
        Q_EMIT applyFinished(false, qs(s.error().toString()), 0, 0, QString());
        return;
    }
    afterWrite();
}

void EngineWorker::applyManifestUnguarded(const QString& text, const QString& source)
{
    if (!m_engine)
        return;
    if (m_viewRevision != 0) {
        Q_EMIT applyFinished(false, tr("The lab shows the past and is read only; go back to now to change it."), 0,
                             0, QString());
        return;
    }
    const std::string bytes = ss(text);
    auto documents = core::decodeManifests(bytes, ss(source));
    if (!documents) {
        const core::Error& e = documents.error();
        Q_EMIT applyFinished(false, qs(e.toString()), e.location.line, e.location.column, errorField(e));
        return;
    }
    if (documents->empty()) {
        Q_EMIT applyFinished(false, QStringLiteral("error: no objects passed to apply"), 0, 0, QString());
        return;
    }
    QStringList lines;
    for (core::Document& d : *documents) {
        const int line = d.location.line;
        const int column = d.location.column;
        if (core::isLabConfiguration(d.object)) { // the scheduler's profiles, encryption, the registry
            auto configured = core::applyLabConfiguration(*m_engine, d.object);
            if (!configured) {
                m_engine->rollback();
                Q_EMIT applyFinished(false, qs(configured.error().toString()), line, column, QString());
                return;
            }
            lines << qs(*configured);
            continue;
        }
        auto r = m_engine->apply(std::move(d.object));
        if (!r) {
            m_engine->rollback();
            const core::Error& e = r.error();
            const int l = e.location.hasPosition() ? e.location.line : line;
            const int c = e.location.hasPosition() ? e.location.column : column;
            Q_EMIT applyFinished(false, qs(e.toString()), l, c, errorField(e));
            return;
        }
        lines << appliedLine(*r->first, r->second);
    }
    afterWrite();
    Q_EMIT applyFinished(true, lines.join(QLatin1Char('\n')), 0, 0, QString());
}

void EngineWorker::deleteObjectUnguarded(const QString& kind, const QString& ns, const QString& name)
{
    if (!m_engine || m_viewRevision != 0)
        return;
    auto r = m_engine->remove(core::ObjectKey{ss(kind), ss(ns), ss(name)});
    if (!r) {
        m_engine->rollback();
        Q_EMIT applyFinished(false, qs(r.error().toString()), 0, 0, QString());
        return;
    }
    afterWrite();
}

void EngineWorker::bindPodUnguarded(const QString& ns, const QString& name, const QString& node)
{
    if (!m_engine || m_viewRevision != 0)
        return;
    auto r = m_engine->bind(core::ObjectKey{"Pod", ss(ns), ss(name)}, ss(node), core::RequestContext{});
    if (!r) {
        m_engine->rollback();
        Q_EMIT applyFinished(false, qs(r.error().toString()), 0, 0, QString());
        return;
    }
    afterWrite();
}

void EngineWorker::runConsoleUnguarded(const QString& line, bool chinese)
{
    if (!m_engine)
        return;
    std::vector<std::string> args = splitWords(line);
    if (!args.empty() && (args.front() == "klab" || args.front() == "kubectl"))
        args.erase(args.begin());
    std::ostringstream out;
    std::ostringstream err;
    std::istringstream in;
    int rc = 0;
    if (m_viewRevision != 0) {
        err << ss(tr("The lab shows the past; go back to now to run commands.")) << "\n";
        rc = 1;
    } else if (!args.empty()) {
        rc = cli::runOnEngine(*m_engine, args, out, err, in,
                              chinese ? core::Language::Chinese : core::Language::English);
        refreshRevisions();
    }
    m_clockMoved = true;
    scheduleFrame();
    Q_EMIT consoleFinished(line, qs(out.str()), qs(err.str()), rc);
    // `klab lesson ...` typed in the console moves the same lesson the panel shows.
    if (!args.empty() && args.front() == "lesson" && m_viewRevision == 0)
        Q_EMIT lessonChanged(lessonState(args.size() > 1 && args[1] == "check" ? Verdicts::Evaluate : Verdicts::Skip));
}

void EngineWorker::setSpeed(int multiplier)
{
    m_speed = std::max(0, multiplier);
    if (m_speed > 0 && m_engine && m_viewRevision == 0) {
        m_wall.start();
        m_clockTimer->start();
    } else {
        m_clockTimer->stop();
    }
    Q_EMIT speedChanged(m_speed);
}

void EngineWorker::stepUnguarded()
{
    if (!m_engine || m_viewRevision != 0)
        return;
    m_engine->advance(core::kSecond);
    m_clockMoved = true;
    commit();
    scheduleFrame();
}

void EngineWorker::runForUnguarded(qint64 ms)
{
    if (m_engine && m_viewRevision == 0) {
        for (qint64 done = 0; done < ms; done += core::kSecond) {
            m_engine->advance(std::min<qint64>(core::kSecond, ms - done));
            m_clockMoved = true;
            commit();
            frame();
        }
    }
}

void EngineWorker::tickUnguarded()
{
    if (!m_engine || m_speed == 0)
        return;
    const qint64 wall = std::min<qint64>(m_wall.restart(), 250);
    if (wall <= 0)
        return;
    m_engine->advance(wall * m_speed);
    m_clockMoved = true;
    commit();
    scheduleFrame();
}

void EngineWorker::serveUnguarded(bool on)
{
    if (!on) {
        if (!m_server)
            return;
        m_serveTimer->stop();
        m_server.reset();
        if (m_engine) {
            core::server::stopServing(*m_engine);
            commit();
        }
        Q_EMIT servingChanged(false, QString(), QString(), QString());
        return;
    }
    if (m_server || !m_engine)
        return;
    auto refuse = [this](const QString& why) { Q_EMIT servingChanged(false, QString(), QString(), why); };
    if (m_engine->readOnly())
        return refuse(tr("This lab is open read-only."));
    if (auto other = core::server::servingProcess(*m_engine))
        return refuse(tr("The lab is already being served by process %1.").arg(*other));
    core::server::ServerOptions options;
    options.driveClock = false;
    // A lab in memory has no folder of its own: its kubeconfig goes to the temporary one.
    const std::string kubeconfig =
        m_engine->lab().path().empty()
            ? ss(QDir::temp().filePath(QStringLiteral("kubelab-%1.kubeconfig").arg(QCoreApplication::applicationPid())))
            : std::string();
    auto serving = core::server::startServing(*m_engine, options, false, kubeconfig);
    if (!serving) {
        options.port = 0; // 6443 is taken (a real cluster, another lab): any free port
        serving = core::server::startServing(*m_engine, options, false, kubeconfig);
    }
    if (!serving) {
        m_engine->rollback();
        return refuse(qs(serving.error().toString()));
    }
    commit();
    m_server = std::move(serving->server);
    m_serveTimer->start();
    Q_EMIT servingChanged(true, qs(m_server->url()), qs(serving->kubeconfigPath), QString());
}

void EngineWorker::pollServer()
{
    // What a client asks is the learner's doing, as what they type in the console.
    asLearner("serve", [&] {
        if (!m_server || !m_engine)
            return;
        const auto before = m_engine->store().revision();
        m_server->poll(0);
        if (m_engine->store().revision() != before)
            afterWrite(); // controllers answer at once, as after the console's commands
    });
}

void EngineWorker::afterWrite()
{
    m_engine->drain();
    commit();
    scheduleFrame();
}

void EngineWorker::commit()
{
    if (!m_engine || m_engine->readOnly())
        return;
    if (auto s = m_engine->commit(); !s) {
        m_engine->rollback();
        Q_EMIT labFailed(qs(s.error().toString()));
        return;
    }
    refreshRevisions();
}

void EngineWorker::refreshRevisions()
{
    if (!m_engine)
        return;
    const qint64 since = m_revisionTimes.empty() ? 0 : m_revisionTimes.back().first;
    if (since == m_engine->lab().lastRevision())
        return;
    auto revisions = m_engine->lab().revisions(since, false);
    if (!revisions)
        return;
    for (const core::Revision& r : *revisions)
        m_revisionTimes.emplace_back(r.revision, r.time);
    if (!m_revisionTimes.empty())
        Q_EMIT revisionsChanged(m_revisionTimes.front().first, m_revisionTimes.back().first);
}

qint64 EngineWorker::timeOfRevision(qint64 revision) const
{
    auto it = std::upper_bound(m_revisionTimes.begin(), m_revisionTimes.end(), revision,
                               [](qint64 r, const auto& entry) { return r < entry.first; });
    if (it == m_revisionTimes.begin())
        return 0;
    return std::prev(it)->second;
}

void EngineWorker::scheduleFrame()
{
    if (!m_frameTimer->isActive())
        m_frameTimer->start();
}

void EngineWorker::frame()
{
    if (!m_engine)
        return;
    if (!m_story.isEmpty()) {
        Q_EMIT storyReady(m_story);
        m_story.clear();
    }
    if (!m_activity.isEmpty() && m_viewRevision == 0) {
        QStringList components(m_activity.cbegin(), m_activity.cend());
        components.sort();
        Q_EMIT activity(components);
    }
    m_activity.clear();
    if (m_viewRevision != 0) {
        m_dirty = false;
        m_clockMoved = false;
        return;
    }
    scenes::LabSnapshot& live = m_builder.snapshot();
    live.virtualTimeMs = m_engine->now();
    live.revision = m_engine->store().revision();
    if (!m_usageClock.isValid() || m_usageClock.elapsed() >= 500 || m_structure)
        if (live.virtualTimeMs != m_usageTimeMs || m_structure) {
            readUsage();
            m_dirty = true;
        }
    if (m_dirty || m_builder.wholeDue()) {
        live.change = m_structure ? scenes::ChangeKind::Structure : scenes::ChangeKind::Dynamic;
        live.readOnly = false;
        // The whole lab once; then only what changed, so neither thread copies or walks
        // thousands of pods a frame.
        if (m_builder.wholeDue())
            Q_EMIT snapshotReady(m_builder.takeWhole());
        else
            Q_EMIT deltaReady(m_builder.takeDelta());
    } else if (m_clockMoved) {
        Q_EMIT clockChanged(live.virtualTimeMs);
    }
    m_dirty = false;
    m_structure = false;
    m_clockMoved = false;
}

void EngineWorker::readUsage()
{
    // One pass over the pods (not one per node): what metrics-server would report.
    scenes::LabSnapshot& live = m_builder.snapshot();
    QMap<QString, scenes::UsageView> usage;
    for (const core::ObjectPtr& node : m_engine->list("Node")) {
        const QString name = qs(core::nameOf(*node));
        if (live.nodes.value(name).ready)
            usage.insert(name, {core::kNodeSystemMilliCpu, core::kNodeSystemMemory});
    }
    for (const core::ObjectPtr& pod : m_engine->list("Pod")) {
        const QString node = qs(core::stringAt(*pod, Json::json_pointer("/spec/nodeName")));
        auto it = usage.find(node);
        if (node.isEmpty() || it == usage.end())
            continue;
        if (auto containers = core::podUsage(*m_engine, *pod))
            for (const core::ContainerUsage& c : *containers) {
                it->cpu += c.milliCpu;
                it->memory += c.memory;
            }
    }
    live.nodeUsage = usage;
    m_usageClock.start();
    m_usageTimeMs = live.virtualTimeMs;
}

void EngineWorker::scrubToUnguarded(qint64 revision)
{
    if (!m_engine)
        return;
    const qint64 last = m_revisionTimes.empty() ? 0 : m_revisionTimes.back().first;
    if (revision <= 0 || revision >= last) {
        if (m_viewRevision == 0)
            return;
        m_viewRevision = 0;
        m_pastObjects.clear();
        m_dirty = true;
        m_structure = true;
        m_builder.setWholeDue();
        frame();
        setSpeed(m_speed);
        return;
    }
    // Scrubbing sends many requests; only the newest one is worth reading.
    const bool queued = m_pendingScrub >= 0;
    m_pendingScrub = revision;
    if (queued)
        return;
    QTimer::singleShot(0, this, [this] {
        const qint64 target = m_pendingScrub;
        m_pendingScrub = -1;
        if (target <= 0)
            return;
        m_clockTimer->stop();
        m_viewRevision = target;
        emitPast();
    });
}

void EngineWorker::emitPast()
{
    auto objects = m_engine->lab().objectsAt(m_viewRevision);
    if (!objects) {
        Q_EMIT labFailed(qs(objects.error().toString()));
        return;
    }
    m_pastObjects.clear();
    m_pastObjects.reserve(objects->size());
    try {
        for (const core::PackedObject& o : *objects)
            m_pastObjects.push_back(core::unpackObject(o.packed));
    } catch (const std::exception& e) {
        Q_EMIT labFailed(tr("The lab file is damaged: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    scenes::SnapshotBuilder past(m_engine->settings().epochSeconds);
    past.reset(m_pastObjects);
    scenes::LabSnapshot snapshot = past.snapshot();
    snapshot.revision = m_viewRevision;
    snapshot.virtualTimeMs = timeOfRevision(m_viewRevision);
    snapshot.readOnly = true;
    snapshot.change = scenes::ChangeKind::Structure;
    snapshot.labPath = m_builder.snapshot().labPath;
    Q_EMIT snapshotReady(snapshot);
}

void EngineWorker::inspectUnguarded(const QString& kind, const QString& ns, const QString& name)
{
    Inspection result;
    result.kind = kind;
    result.ns = ns;
    result.name = name;
    if (!m_engine) {
        Q_EMIT inspected(result);
        return;
    }
    const core::ObjectKey key{ss(kind), ss(ns), ss(name)};
    if (m_viewRevision != 0) {
        for (const Json& o : m_pastObjects)
            if (core::keyOf(o) == key) {
                result.yaml = qs(core::toYaml(o));
                result.found = true;
            }
        result.describe = tr("Describe shows the cluster as it is now; go back to now to see it.");
        Q_EMIT inspected(result);
        return;
    }
    core::ObjectPtr object = m_engine->get(key);
    if (!object) {
        Q_EMIT inspected(result);
        return;
    }
    result.found = true;
    result.yaml = qs(core::toYaml(*object));
    std::ostringstream out;
    std::ostringstream err;
    std::istringstream in;
    std::vector<std::string> args{"describe", key.kind, key.name};
    if (!key.ns.empty()) {
        args.emplace_back("-n");
        args.push_back(key.ns);
    }
    cli::runOnEngine(*m_engine, args, out, err, in, core::Language::English);
    result.describe = qs(out.str() + err.str());
    QStringList events;
    for (const core::ObjectPtr& e : m_engine->list("Event", key.ns.empty() ? "default" : key.ns)) {
        const Json& involved = e->contains("involvedObject") ? (*e)["involvedObject"] : Json();
        if (involved.value("kind", "") != key.kind || involved.value("name", "") != key.name)
            continue;
        events << QStringLiteral("%1\t%2\t%3\t%4")
                      .arg(qs(e->value("type", "")), qs(e->value("reason", "")),
                           qs(core::stringAt(*e, Json::json_pointer("/source/component"))),
                           qs(e->value("message", "")));
    }
    result.events = events.join(QLatin1Char('\n'));
    if (key.kind == "Pod") {
        const std::string target = "pod/" + key.name;
        std::ostringstream whyText;
        std::ostringstream whyJson;
        std::ostringstream ignored;
        if (cli::runOnEngine(*m_engine, {"why", target, "-n", key.ns}, whyText, ignored, in, core::Language::English) == 0)
            result.why = qs(whyText.str());
        if (cli::runOnEngine(*m_engine, {"why", target, "-n", key.ns, "-o", "json"}, whyJson, ignored, in,
                             core::Language::English) == 0) {
            result.decision = qs(whyJson.str());
            result.nominatedNode = qs(core::stringAt(*object, Json::json_pointer("/status/nominatedNodeName")));
            result.verdicts = verdictsOf(Json::parse(whyJson.str(), nullptr, false));
        }
    }
    Q_EMIT inspected(result);
}

bool EngineWorker::guarded(const char* what, const std::function<void()>& body)
{
    // No exception may cross into Qt's event loop: a simulator fault becomes a message and
    // the lab goes back to its last commit.
    try {
        body();
        return true;
    } catch (const std::exception& e) {
        if (m_engine)
            m_engine->rollback();
        m_lastFault = tr("Internal error in the simulator (%1): %2").arg(QLatin1String(what), QString::fromUtf8(e.what()));
        Q_EMIT labFailed(m_lastFault);
        return false;
    }
}

bool EngineWorker::asLearner(const char* what, const std::function<void()>& body)
{
    m_followRequests = true;
    m_requests.clear();
    const bool ok = guarded(what, body);
    m_followRequests = false;
    if (!m_requests.isEmpty())
        Q_EMIT requestsTraced(std::exchange(m_requests, {}));
    return ok;
}

void EngineWorker::branchLab(const QString& path)
{
    guarded("branchLab", [&] { branchLabUnguarded(path); });
}

void EngineWorker::compareWith(const QString& path)
{
    guarded("compareWith", [&] { compareWithUnguarded(path); });
}

void EngineWorker::openLab(const QString& path, const QString& scenario, bool createIfMissing)
{
    guarded("openLab", [&] { openLabUnguarded(path, scenario, createIfMissing); });
}

void EngineWorker::saveAs(const QString& path)
{
    guarded("saveAs", [&] { saveAsUnguarded(path); });
}

void EngineWorker::loadScenario(const QString& name)
{
    guarded("loadScenario", [&] { loadScenarioUnguarded(name); });
}

void EngineWorker::applyManifest(const QString& text, const QString& source)
{
    if (!asLearner("applyManifest", [&] { applyManifestUnguarded(text, source); }))
        Q_EMIT applyFinished(false, m_lastFault, 0, 0, QString());
}

void EngineWorker::deleteObject(const QString& kind, const QString& ns, const QString& name)
{
    asLearner("deleteObject", [&] { deleteObjectUnguarded(kind, ns, name); });
}

void EngineWorker::bindPod(const QString& ns, const QString& name, const QString& node)
{
    asLearner("bindPod", [&] { bindPodUnguarded(ns, name, node); });
}

void EngineWorker::runConsole(const QString& line, bool chinese)
{
    if (!asLearner("runConsole", [&] { runConsoleUnguarded(line, chinese); }))
        Q_EMIT consoleFinished(line, QString(), m_lastFault + QLatin1Char('\n'), 1);
}

void EngineWorker::step()
{
    guarded("step", [&] { stepUnguarded(); });
}

void EngineWorker::runFor(qint64 ms)
{
    guarded("runFor", [&] { runForUnguarded(ms); });
    Q_EMIT ranFor(m_engine ? m_engine->now() : 0);
}

void EngineWorker::scrubTo(qint64 revision)
{
    guarded("scrubTo", [&] { scrubToUnguarded(revision); });
}

void EngineWorker::accessMatrix(const QString& ns)
{
    guarded("accessMatrix", [&] {
        if (!m_engine)
            return;
        AccessMatrixData data;
        data.ns = ns;
        if (data.ns.isEmpty()) {
            const core::Kubeconfig config = core::Kubeconfig::load(*m_engine);
            const core::LabContext* context = config.context(config.currentContext);
            data.ns = context && !context->ns.empty() ? qs(context->ns) : QStringLiteral("default");
        }
        for (const core::ObjectPtr& n : m_engine->list("Namespace"))
            data.namespaces << qs(core::nameOf(*n));
        const core::rbac::AccessMatrix m = core::rbac::accessMatrix(*m_engine, data.ns.toStdString());
        for (const std::string& v : m.verbs)
            data.verbs << qs(v);
        for (const auto& r : m.resources) {
            data.resources << qs(r.label());
            data.namespaced << r.namespaced;
        }
        for (const auto& row : m.rows) {
            data.kinds << qs(row.kind);
            data.names << qs(row.name);
            data.allowed << QList<quint32>(row.allowed.begin(), row.allowed.end());
        }
        Q_EMIT accessMatrixReady(data);
    });
}

void EngineWorker::inspect(const QString& kind, const QString& ns, const QString& name)
{
    guarded("inspect", [&] { inspectUnguarded(kind, ns, name); });
}

void EngineWorker::serve(bool on)
{
    guarded("serve", [&] { serveUnguarded(on); });
}

void EngineWorker::tick()
{
    guarded("tick", [&] { tickUnguarded(); });
}

EngineThread::EngineThread(QObject* parent)
    : QObject(parent)
    , m_worker(new EngineWorker)
{
    m_thread.setObjectName(QStringLiteral("engine"));
    m_worker->moveToThread(&m_thread);
    if (kAnnounceHandOver) {
        QCoreApplication::instance()->installEventFilter(this);
        // The last thing the worker's thread does; the destructor acquires once it waited.
        connect(&m_thread, &QThread::finished, [] { releaseHandOver(); });
    }
    m_thread.start();
}

bool EngineThread::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::MetaCall)
        acquireHandOver();
    return QObject::eventFilter(watched, event);
}

EngineThread::~EngineThread()
{
    // By name, not by pointer: a pointer-to-member call carries a slot object this thread
    // allocates and whichever thread drops the last reference frees; with Debian's Qt the
    // blocking call's semaphore is invisible to ThreadSanitizer, so that free would look like
    // a race. A call by name is Qt's event alone, made and freed inside Qt. A name the
    // compiler cannot check: a renamed slot stops every window's close here, not silently.
    if (!QMetaObject::invokeMethod(m_worker, "shutdown", Qt::BlockingQueuedConnection))
        qFatal("EngineThread: EngineWorker::shutdown is not an invokable slot");
    m_thread.quit();
    m_thread.wait();
    acquireHandOver();
    delete m_worker;
}

} // namespace kubelab::ui

// SPDX-License-Identifier: GPL-3.0-or-later
// Canvas benchmark: the real lab window (offscreen) on an empty lab; 200 nodes and 2,000
// pods arrive in one burst (one multi-document apply through the EngineWorker, as a drop or
// `klab apply -f` would), and the lab runs at 10x while the scheduler binds them and the
// kubelets start them. For a fixed stretch of wall time it measures:
//   - frame: the time the window takes to paint the canvas's viewport, each time it does (the
//     scene's changes and animations ask for the paints; the benchmark adds none);
//   - stall: how late a 4 ms GUI-thread timer fires, beyond its interval: the longest time
//     the GUI thread could not serve its event loop (snapshot application, relayout, charts,
//     story, painting, all of it);
//   - busy: the GUI thread's own CPU time between two such ticks. On a loaded machine a
//     stall also counts the time the thread waited for a core; busy counts only its work.
// Targets (issue 3): median frame <= 16 ms and GUI-thread stalls <= 16 ms.
// KUBELAB_BENCH_SLOW_EVENTS=ms names what the GUI thread spent its time on: each event handled
// for more than that many milliseconds of its CPU, with the widgets it painted, and each stretch
// between two ticks busier than that.
//
// BM_BigLab: the same window on a big lab: 5,000 nodes in 3 zones and 100,000 pods of 100
// Deployments, applied as one manifest and run at 100x until every pod is Running on the
// canvas (nodes compact, pods drawn in the bars). It measures the time to get there, the
// process's peak resident memory (engine and GUI are one process) and the same GUI stalls.
// Targets (issue 11): engine plus GUI <= 2 GiB, stalls <= 50 ms. KUBELAB_BENCH_BIG_NODES and
// KUBELAB_BENCH_BIG_PODS set other sizes (a quick run).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include <sys/resource.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>
#include <QTimer>

#include "scenes/labscene.h"
#include "ui/engineworker.h"
#include "ui/labview.h"
#include "ui/mainwindow.h"

namespace {

constexpr int kNodes = 200;
constexpr int kPods = 2'000;
constexpr int kMeasureMs = 12'000;

QString burst()
{
    QString yaml;
    yaml.reserve(1'500'000);
    const char* zones[] = {"zone-a", "zone-b", "zone-c"};
    for (int i = 1; i <= kNodes; ++i)
        yaml += QStringLiteral("---\napiVersion: v1\nkind: Node\nmetadata:\n  name: n%1\n  labels:\n"
                               "    kubernetes.io/hostname: n%1\n    kubernetes.io/os: linux\n"
                               "    topology.kubernetes.io/zone: %2\n"
                               "spec:\n  podCIDR: 10.%3.%4.0/24\n"
                               "status:\n  capacity: {cpu: \"4\", memory: 8Gi, pods: \"110\"}\n"
                               "  allocatable: {cpu: \"4\", memory: 8Gi, pods: \"110\"}\n")
                    .arg(i)
                    .arg(QLatin1String(zones[i % 3]))
                    .arg(128 + i / 256)
                    .arg(i % 256);
    for (int i = 1; i <= kPods; ++i)
        yaml += QStringLiteral("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p%1\n  labels: {app: burst%2}\n"
                               "spec:\n  containers:\n  - name: app\n    image: nginx:1.25\n"
                               "    resources:\n      requests: {cpu: 100m, memory: 128Mi}\n"
                               "      limits: {cpu: 200m, memory: 256Mi}\n")
                    .arg(i)
                    .arg(i % 10);
    return yaml;
}

int envCount(const char* name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

/// CPU milliseconds this thread has used.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto index = std::min(v.size() - 1, static_cast<std::size_t>(p * double(v.size() - 1) + 0.5));
    return v[index];
}

/// Serves the event loop (without spinning) until `done` or the timeout.
template <typename Predicate>
bool waitFor(Predicate done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QTimer check;
    check.setInterval(10);
    bool met = done();
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        met = done();
        if (met || clock.elapsed() > timeoutMs)
            loop.quit();
    });
    check.start();
    if (!met)
        loop.exec();
    return met;
}

/// Watches the GUI thread while the lab runs: how late a 4 ms timer fires beyond its interval
/// (stall), the thread's own CPU time between two such ticks (busy), and how long each paint of
/// the canvas's viewport takes (frame).
class GuiProbe final : public QObject {
public:
    explicit GuiProbe(kubelab::ui::MainWindow& window)
        : m_canvas(window.labView()->viewport())
    {
        m_ticker.setTimerType(Qt::PreciseTimer);
        m_ticker.setInterval(4);
        QObject::connect(&m_ticker, &QTimer::timeout, [this] {
            stalls.push_back(std::max(0.0, double(m_tickClock.nsecsElapsed()) / 1e6 - 4.0));
            m_tickClock.restart();
            const double cpu = threadCpuMs();
            busy.push_back(cpu - m_tickCpu);
            if (m_logOverMs > 0 && busy.back() > m_logOverMs)
                std::fprintf(stderr, "busy between two ticks: %.1f ms CPU\n", busy.back());
            m_tickCpu = cpu;
        });
    }

    void start()
    {
        m_tickClock.start();
        m_tickCpu = threadCpuMs();
        m_ticker.start();
        m_canvas->installEventFilter(this);
    }

    void stop()
    {
        m_ticker.stop();
        m_canvas->removeEventFilter(this);
    }

    /// Times each paint of the canvas: delivered from here, the original delivery stopped.
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched != m_canvas || event->type() != QEvent::Paint || m_painting)
            return false;
        QElapsedTimer t;
        t.start();
        m_painting = true;
        QCoreApplication::sendEvent(watched, event);
        m_painting = false;
        frames.push_back(double(t.nsecsElapsed()) / 1e6);
        return true;
    }

    [[nodiscard]] double stallMax() const { return stalls.empty() ? 0 : *std::max_element(stalls.begin(), stalls.end()); }
    [[nodiscard]] int stallsOver(double ms) const
    {
        return int(std::count_if(stalls.begin(), stalls.end(), [ms](double s) { return s > ms; }));
    }

    /// Sets the benchmark's counters: frame median and p95, stall max and p99, busy max and p99.
    void report(benchmark::State& state) const
    {
        state.counters["frame_median_ms"] = percentile(frames, 0.5);
        state.counters["frame_p95_ms"] = percentile(frames, 0.95);
        state.counters["stall_max_ms"] = stallMax();
        state.counters["stall_p99_ms"] = percentile(stalls, 0.99);
        state.counters["busy_max_ms"] = busy.empty() ? 0 : *std::max_element(busy.begin(), busy.end());
        state.counters["busy_p99_ms"] = percentile(busy, 0.99);
        state.counters["frames"] = double(frames.size());
    }

    std::vector<double> frames;
    std::vector<double> stalls;
    std::vector<double> busy;

private:
    QWidget* m_canvas;
    bool m_painting = false;
    QTimer m_ticker;
    QElapsedTimer m_tickClock;
    double m_tickCpu = 0;
    int m_logOverMs = envCount("KUBELAB_BENCH_SLOW_EVENTS", 0);
};

/// Opens the window on an empty lab; false (and the benchmark skipped) when it does not open.
bool openEmptyLab(kubelab::ui::MainWindow& window, benchmark::State& state)
{
    window.resize(1600, 1000);
    window.setSpeed(0);
    window.show();
    window.openLab(QString(), QStringLiteral("empty"));
    if (waitFor([&] { return window.isLabOpen() && window.snapshot().revision > 0; }, 60'000))
        return true;
    state.SkipWithError("the lab did not open");
    return false;
}

/// Applies a manifest through the window's engine worker (as a drop or `klab apply -f`
/// would) and remembers when the apply finished, wall milliseconds from `start`.
struct ApplyWatch {
    explicit ApplyWatch(kubelab::ui::MainWindow& window) : m_window(window)
    {
        QObject::connect(window.worker(), &kubelab::ui::EngineWorker::applyFinished, &window,
                         [this](bool success, const QString& message) {
                             applied = true;
                             ok = success;
                             appliedMs = wall.elapsed();
                             if (!success)
                                 std::fprintf(stderr, "apply failed: %s\n", qPrintable(message));
                         });
    }
    void start(const QString& yaml, const QString& source)
    {
        wall.start();
        QMetaObject::invokeMethod(m_window.worker(), "applyManifest", Qt::QueuedConnection, Q_ARG(QString, yaml),
                                  Q_ARG(QString, source));
    }

    bool applied = false;
    bool ok = false;
    qint64 appliedMs = -1;
    QElapsedTimer wall;

private:
    kubelab::ui::MainWindow& m_window;
};

void BM_CanvasBurst(benchmark::State& state)
{
    const QString yaml = burst();
    for (auto _ : state) {
        kubelab::ui::MainWindow window;
        if (!openEmptyLab(window, state))
            return;
        ApplyWatch apply(window);
        GuiProbe probe(window);
        apply.start(yaml, QStringLiteral("burst.yaml"));
        window.setSpeed(10);
        probe.start();
        // The burst's apply, then kMeasureMs of the lab running with it.
        waitFor([&] { return apply.applied && apply.wall.elapsed() >= apply.appliedMs + kMeasureMs; }, 10 * kMeasureMs);
        probe.stop();
        window.setSpeed(0);
        state.SetIterationTime(double(apply.wall.nsecsElapsed()) / 1e9);
        if (!apply.applied || !apply.ok) {
            state.SkipWithError("the burst was not applied in time");
            return;
        }
        int bound = 0;
        for (const auto& pod : window.snapshot().pods)
            bound += pod.nodeName.isEmpty() ? 0 : 1;
        probe.report(state);
        state.counters["stalls_over_16ms"] = probe.stallsOver(16.0);
        state.counters["pods_bound"] = bound;
        state.counters["apply_ms"] = double(apply.appliedMs);
        std::printf("canvas burst: %d nodes, %d pods applied in %lld ms (%d bound %.1f s later at 10x, compact=%d); frames %zu: "
                    "median %.2f ms, p95 %.2f ms (target median <= 16 ms); GUI stalls: max %.1f ms, p99 %.1f ms, "
                    "%d over 16 ms of %zu ticks (target <= 16 ms); GUI-thread work between ticks: max %.1f ms, "
                    "p99 %.1f ms\n",
                    int(window.snapshot().nodes.size()), int(window.snapshot().pods.size()), apply.appliedMs, bound,
                    double(kMeasureMs) / 1000.0, window.labScene()->compact() ? 1 : 0, probe.frames.size(),
                    percentile(probe.frames, 0.5), percentile(probe.frames, 0.95), probe.stallMax(),
                    percentile(probe.stalls, 0.99), probe.stallsOver(16.0), probe.stalls.size(),
                    state.counters["busy_max_ms"].value, state.counters["busy_p99_ms"].value);
        std::fflush(stdout);
    }
}

BENCHMARK(BM_CanvasBurst)->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);

/// `nodes` nodes in three zones (8 CPU, 32 Gi, 110 pods each) and `pods` pods in Deployments
/// of at most 1,000 replicas, each pod requesting 20m CPU and 32Mi. The lab's pod CIDR
/// (10.244.0.0/16) has 256 node ranges, so each node brings its own /24 from 10.128.0.0/11,
/// as nodes of a cluster that large would.
QString bigLab(int nodes, int pods)
{
    QString yaml;
    yaml.reserve(nodes * 360 + 4096);
    const char* zones[] = {"zone-a", "zone-b", "zone-c"};
    for (int i = 1; i <= nodes; ++i)
        yaml += QStringLiteral("---\napiVersion: v1\nkind: Node\nmetadata:\n  name: n%1\n  labels:\n"
                               "    kubernetes.io/hostname: n%1\n    kubernetes.io/os: linux\n"
                               "    topology.kubernetes.io/zone: %2\n"
                               "spec:\n  podCIDR: 10.%3.%4.0/24\n"
                               "status:\n  capacity: {cpu: \"8\", memory: 32Gi, pods: \"110\"}\n"
                               "  allocatable: {cpu: \"8\", memory: 32Gi, pods: \"110\"}\n")
                    .arg(i)
                    .arg(QLatin1String(zones[i % 3]))
                    .arg(128 + i / 256)
                    .arg(i % 256);
    for (int d = 0, left = pods; left > 0; ++d) {
        const int replicas = std::min(left, 1'000);
        left -= replicas;
        yaml += QStringLiteral("---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app%1\nspec:\n"
                               "  replicas: %2\n  selector:\n    matchLabels: {app: app%1}\n  template:\n"
                               "    metadata:\n      labels: {app: app%1}\n    spec:\n      containers:\n"
                               "      - name: app\n        image: nginx:1.25\n        resources:\n"
                               "          requests: {cpu: 20m, memory: 32Mi}\n")
                    .arg(d)
                    .arg(replicas);
    }
    return yaml;
}

/// Peak resident memory of this process so far, MiB.
double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

void BM_BigLab(benchmark::State& state)
{
    const int nodes = envCount("KUBELAB_BENCH_BIG_NODES", 5'000);
    const int pods = envCount("KUBELAB_BENCH_BIG_PODS", 100'000);
    const QString yaml = bigLab(nodes, pods);
    for (auto _ : state) {
        kubelab::ui::MainWindow window;
        if (!openEmptyLab(window, state))
            return;
        ApplyWatch apply(window);
        int running = 0;
        qint64 boundMs = -1;
        const auto settled = [&] {
            const auto& lab = window.snapshot();
            if (lab.pods.size() < pods)
                return false;
            int bound = 0;
            running = 0;
            for (const auto& pod : lab.pods) {
                bound += pod.nodeName.isEmpty() ? 0 : 1;
                running += pod.phase == QLatin1String("Running") ? 1 : 0;
            }
            if (bound >= pods && boundMs < 0)
                boundMs = apply.wall.elapsed();
            return running >= pods && !window.labScene()->hasPendingWork();
        };
        GuiProbe probe(window);
        apply.start(yaml, QStringLiteral("big.yaml"));
        window.setSpeed(100);
        probe.start();
        QElapsedTimer lastCheck;
        lastCheck.start();
        const bool done = waitFor(
            [&] {
                if (lastCheck.elapsed() < 500)
                    return false;
                lastCheck.restart();
                return apply.applied && settled();
            },
            30 * 60'000);
        probe.stop();
        window.setSpeed(0);
        state.SetIterationTime(double(apply.wall.nsecsElapsed()) / 1e9);
        std::printf("big lab: %d nodes, %d pods: applied in %lld ms (%s), all bound at %lld ms, %d Running on the "
                    "canvas at %lld ms (compact=%d); peak RSS %.0f MiB (target <= 2048); GUI stalls: max %.1f ms, "
                    "p99 %.1f ms, %d over 50 ms of %zu ticks (target <= 50 ms); frame median %.2f ms\n",
                    nodes, pods, apply.appliedMs, apply.ok ? "ok" : "failed", boundMs, running, apply.wall.elapsed(),
                    window.labScene()->compact() ? 1 : 0, peakRssMiB(), probe.stallMax(),
                    percentile(probe.stalls, 0.99), probe.stallsOver(50.0), probe.stalls.size(),
                    percentile(probe.frames, 0.5));
        std::fflush(stdout);
        if (!apply.applied || !apply.ok || !done) {
            state.SkipWithError("the big lab did not settle in 30 minutes");
            return;
        }
        probe.report(state);
        state.counters["stalls_over_50ms"] = probe.stallsOver(50.0);
        state.counters["apply_ms"] = double(apply.appliedMs);
        state.counters["bound_ms"] = double(boundMs);
        state.counters["peakRSS_MiB"] = peakRssMiB();
    }
}

BENCHMARK(BM_BigLab)->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);

/// A receiver as the slow-event log names it: its class, and its object name or else its
/// parent's (the canvas's viewport is `QWidget kubelab::ui::LabView/canvas`).
QString describe(const QObject* receiver)
{
    const QObject* named = receiver->objectName().isEmpty() && receiver->parent() ? receiver->parent() : receiver;
    return QString::fromLatin1(receiver->metaObject()->className()) + QLatin1Char(' ') +
           (named == receiver ? receiver->objectName() : QString::fromLatin1(named->metaObject()->className()) +
                                                             QLatin1Char('/') + named->objectName());
}

/// The application, able to name the GUI thread's long event handlers: with
/// KUBELAB_BENCH_SLOW_EVENTS=ms, each outermost event whose handling took more than that many
/// milliseconds of the thread's CPU is printed with its receiver (a queued call is event type
/// 43, `MetaCall`) and the widgets it painted for more than 1 ms each.
class ProbedApplication final : public QApplication {
public:
    ProbedApplication(int& argc, char** argv)
        : QApplication(argc, argv)
        , m_thresholdMs(envCount("KUBELAB_BENCH_SLOW_EVENTS", 0))
    {
    }

    bool notify(QObject* receiver, QEvent* event) override
    {
        if (m_thresholdMs <= 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        if (m_depth > 0 && event->type() != QEvent::Paint)
            return QApplication::notify(receiver, event);
        const int type = event->type();
        const QString who = describe(receiver);
        if (m_depth == 0)
            m_paints.clear();
        const double cpu = threadCpuMs();
        QElapsedTimer wall;
        wall.start();
        ++m_depth;
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        const double spent = threadCpuMs() - cpu;
        if (m_depth > 0) {
            if (spent > 1.0)
                m_paints += QStringLiteral("; painted %1: %2 ms").arg(who).arg(spent, 0, 'f', 1);
        } else if (spent > m_thresholdMs) {
            std::fprintf(stderr, "slow event: %.1f ms CPU (%.1f ms wall), event type %d to %s%s\n", spent,
                         double(wall.nsecsElapsed()) / 1e6, type, qPrintable(who), qPrintable(m_paints));
        }
        return result;
    }

private:
    int m_thresholdMs = 0;
    int m_depth = 0;
    QString m_paints;
};

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    ProbedApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("KubeLabBench"));
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/charts/chartspanel.h"

#include <algorithm>
#include <optional>
#include <utility>

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QBarLegendMarker>
#include <QLineSeries>
#include <QTabWidget>
#include <QTimer>
#include <QValueAxis>

#include "scenes/framebudget.h"
#include "scenes/items/podstyle.h"

namespace kubelab::ui::charts {

namespace {

/// One stacked-bar chart: requested and free per node.
struct BarChart {
    QChart* chart = nullptr;
    QChartView* view = nullptr;
    QHorizontalStackedBarSeries* series = nullptr;
    QBarSet* requested = nullptr;
    QBarSet* limits = nullptr;
    QBarSet* free = nullptr;
    QHorizontalBarSeries* usageSeries = nullptr;  ///< a thin bar over the stack
    QBarSet* used = nullptr;
    QBarCategoryAxis* nodes = nullptr;
    QValueAxis* amount = nullptr;
};

BarChart makeBarChart(QWidget* parent)
{
    BarChart c;
    c.chart = new QChart;
    c.chart->setAnimationOptions(QChart::NoAnimation);
    c.chart->legend()->setAlignment(Qt::AlignBottom);
    c.chart->setMargins(QMargins(2, 2, 2, 2));
    c.series = new QHorizontalStackedBarSeries;
    c.requested = new QBarSet(QString());
    c.requested->setColor(scenes::okabeito::blue);
    c.limits = new QBarSet(QString());
    c.limits->setColor(scenes::okabeito::skyBlue);
    c.limits->setBrush(QBrush(scenes::okabeito::blue, Qt::BDiagPattern));
    c.free = new QBarSet(QString());
    c.free->setColor(QColor(0xcc, 0xcc, 0xcc));
    c.series->append(c.requested);
    c.series->append(c.limits);
    c.series->append(c.free);
    c.chart->addSeries(c.series);
    c.usageSeries = new QHorizontalBarSeries;
    c.usageSeries->setBarWidth(0.22);
    c.used = new QBarSet(QString());
    c.used->setColor(QColor(0x20, 0x20, 0x20));
    c.usageSeries->append(c.used);
    c.chart->addSeries(c.usageSeries);
    c.nodes = new QBarCategoryAxis;
    c.amount = new QValueAxis;
    c.amount->setLabelFormat(QStringLiteral("%.3g"));
    c.chart->addAxis(c.nodes, Qt::AlignLeft);
    c.chart->addAxis(c.amount, Qt::AlignBottom);
    c.series->attachAxis(c.nodes);
    c.series->attachAxis(c.amount);
    c.usageSeries->attachAxis(c.nodes);
    c.usageSeries->attachAxis(c.amount);
    c.view = new QChartView(c.chart, parent);
    c.view->setRenderHint(QPainter::Antialiasing);
    c.view->setMinimumSize(200, 160);
    return c;
}

} // namespace

struct ChartsPanel::Private {
    QTabWidget* tabs = nullptr;
    BarChart cpu;
    BarChart memory;
    BarChart pods;
    QChart* timeChart = nullptr;
    QLineSeries* pending = nullptr;
    QLineSeries* running = nullptr;
    QLineSeries* cpuPercent = nullptr;
    QLineSeries* memoryPercent = nullptr;
    QValueAxis* timeAxis = nullptr;
    QValueAxis* countAxis = nullptr;
    QValueAxis* percentAxis = nullptr;
    QChartView* timeView = nullptr;
    int hiddenNodes = 0;
    int maxCount = 1;
    QList<std::pair<qint64, ClusterSample>> pendingSamples;
    std::optional<QList<NodeUsage>> pendingUsage;
    int usageChartsDrawn = 0;   ///< bar charts already showing pendingUsage
    QTimer flushTimer;
    /// Draws `usage` in one bar chart (0: cpu, 1: memory, 2: pods).
    void drawUsage(const QList<NodeUsage>& usage, int chart);
    void drawSample(qint64 ms, const ClusterSample& sample);
    void retitleCpu();
};

ChartsPanel::ChartsPanel(QWidget* parent)
    : QWidget(parent)
    , d(std::make_unique<Private>())
{
    setObjectName(QStringLiteral("charts"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    d->tabs = new QTabWidget(this);
    layout->addWidget(d->tabs);

    auto* nodesPage = new QWidget(d->tabs);
    auto* nodesLayout = new QHBoxLayout(nodesPage);
    nodesLayout->setContentsMargins(0, 0, 0, 0);
    d->cpu = makeBarChart(nodesPage);
    d->memory = makeBarChart(nodesPage);
    d->pods = makeBarChart(nodesPage);
    nodesLayout->addWidget(d->cpu.view);
    nodesLayout->addWidget(d->memory.view);
    nodesLayout->addWidget(d->pods.view);
    d->tabs->addTab(nodesPage, QString());

    d->timeChart = new QChart;
    d->timeChart->setAnimationOptions(QChart::NoAnimation);
    d->timeChart->setMargins(QMargins(2, 2, 2, 2));
    d->pending = new QLineSeries;
    d->pending->setColor(scenes::okabeito::orange);
    d->running = new QLineSeries;
    d->running->setColor(scenes::okabeito::bluishGreen);
    d->timeChart->addSeries(d->pending);
    d->timeChart->addSeries(d->running);
    d->timeAxis = new QValueAxis;
    d->timeAxis->setLabelFormat(QStringLiteral("%.0f"));
    d->countAxis = new QValueAxis;
    d->countAxis->setLabelFormat(QStringLiteral("%d"));
    d->countAxis->setRange(0, 1);
    d->timeChart->addAxis(d->timeAxis, Qt::AlignBottom);
    d->timeChart->addAxis(d->countAxis, Qt::AlignLeft);
    for (QLineSeries* s : {d->pending, d->running}) {
        s->attachAxis(d->timeAxis);
        s->attachAxis(d->countAxis);
    }
    d->cpuPercent = new QLineSeries;
    d->cpuPercent->setPen(QPen(scenes::okabeito::blue, 2, Qt::DashLine));
    d->memoryPercent = new QLineSeries;
    d->memoryPercent->setPen(QPen(scenes::okabeito::reddishPurple, 2, Qt::DotLine));
    d->timeChart->addSeries(d->cpuPercent);
    d->timeChart->addSeries(d->memoryPercent);
    d->percentAxis = new QValueAxis;
    d->percentAxis->setRange(0, 100);
    d->percentAxis->setLabelFormat(QStringLiteral("%d%%"));
    d->timeChart->addAxis(d->percentAxis, Qt::AlignRight);
    for (QLineSeries* s : {d->cpuPercent, d->memoryPercent}) {
        s->attachAxis(d->timeAxis);
        s->attachAxis(d->percentAxis);
    }
    d->flushTimer.setObjectName(QStringLiteral("chartsFlush"));
    d->flushTimer.setSingleShot(true);
    d->flushTimer.setInterval(250);
    connect(&d->flushTimer, &QTimer::timeout, this, [this] {
        // A bar chart's relayout is a slice of the frame's GUI work like the canvas's.
        if (scenes::FrameBudget::take(1, d->flushTimer) == 0)
            return;
        const scenes::FrameBudget::Slice slice;
        flush(false);
    });
    d->timeView = new QChartView(d->timeChart, d->tabs);
    d->timeView->setRenderHint(QPainter::Antialiasing);
    d->tabs->addTab(d->timeView, QString());
    // What the other page gathered meanwhile, once it is shown.
    connect(d->tabs, &QTabWidget::currentChanged, this, [this] { flush(false); });
    retranslate();
}

ChartsPanel::~ChartsPanel() = default;

void ChartsPanel::retranslate()
{
    d->tabs->setTabText(0, tr("Nodes: requested / allocatable"));
    d->tabs->setTabText(1, tr("Pods over time"));
    d->retitleCpu();
    d->memory.chart->setTitle(tr("Memory (GiB)"));
    d->pods.chart->setTitle(tr("Pods"));
    for (BarChart* c : {&d->cpu, &d->memory, &d->pods}) {
        c->requested->setLabel(tr("requested"));
        c->limits->setLabel(tr("limits beyond requests"));
        c->free->setLabel(tr("free"));
        c->used->setLabel(tr("used"));
    }
    // Pods have no limits nor usage: only requested and free.
    for (QLegendMarker* marker : d->pods.chart->legend()->markers())
        if (auto* bar = qobject_cast<QBarLegendMarker*>(marker);
            bar && (bar->barset() == d->pods.limits || bar->barset() == d->pods.used))
            marker->setVisible(false);
    d->pending->setName(tr("Pending"));
    d->running->setName(tr("Running"));
    d->cpuPercent->setName(tr("CPU requested %"));
    d->memoryPercent->setName(tr("memory requested %"));
    d->countAxis->setTitleText(tr("pods"));
    d->percentAxis->setTitleText(tr("% of allocatable"));
    d->timeAxis->setTitleText(tr("virtual minutes"));
    d->timeChart->setTitle(tr("Pods pending and running; requested CPU and memory"));
}

void ChartsPanel::Private::retitleCpu()
{
    const QString more = hiddenNodes > 0
                             ? QStringLiteral(" ") + ChartsPanel::tr("(+%n node(s) not shown)", nullptr, hiddenNodes)
                             : QString();
    cpu.chart->setTitle(ChartsPanel::tr("CPU (cores)") + more);
}

void ChartsPanel::setNodeUsage(const QList<NodeUsage>& usage)
{
    d->pendingUsage = usage;
    d->usageChartsDrawn = 0;
    if (!d->flushTimer.isActive())
        d->flushTimer.start();
}

void ChartsPanel::addSample(qint64 ms, const ClusterSample& sample)
{
    if (!d->pendingSamples.isEmpty() && d->pendingSamples.back().first >= ms)
        d->pendingSamples.back() = {d->pendingSamples.back().first, sample};
    else
        d->pendingSamples.append({ms, sample});
    if (d->pendingSamples.size() > kMaxSamples)
        d->pendingSamples.remove(0, d->pendingSamples.size() - kMaxSamples);
    if (!d->flushTimer.isActive())
        d->flushTimer.start();
}

void ChartsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    flush(false);
}

void ChartsPanel::flush(bool force) const
{
    if (!force && !isVisible())
        return;
    d->flushTimer.setInterval(250);
    // Only the page shown is drawn (the other's updates wait until it is), and one bar chart
    // per pass of the event loop: a chart's relayout is long.
    if (d->pendingUsage && (force || d->cpu.view->isVisible())) {
        const int end = force ? 3 : d->usageChartsDrawn + 1;
        for (; d->usageChartsDrawn < end; ++d->usageChartsDrawn)
            d->drawUsage(*d->pendingUsage, d->usageChartsDrawn);
        if (d->usageChartsDrawn == 3)
            d->pendingUsage.reset();
        else
            d->flushTimer.start(0);
    }
    if (force || d->timeView->isVisible()) {
        const auto samples = std::exchange(d->pendingSamples, {});
        for (const auto& [ms, sample] : samples)
            d->drawSample(ms, sample);
    }
}

void ChartsPanel::Private::drawUsage(const QList<NodeUsage>& usage, int chart)
{
    Private* d = this;
    const QList<NodeUsage> shown = usage.mid(0, kMaxNodes);
    QStringList names;
    for (const NodeUsage& u : shown)
        names.prepend(u.node);
    struct Pick {
        BarChart* chart;
        double NodeUsage::*requested;
        double NodeUsage::*limits;
        double NodeUsage::*used;
        double NodeUsage::*allocatable;
    };
    const Pick picks[] = {
        Pick{&d->cpu, &NodeUsage::cpuRequested, &NodeUsage::cpuLimits, &NodeUsage::cpuUsed, &NodeUsage::cpuAllocatable},
        Pick{&d->memory, &NodeUsage::memoryRequested, &NodeUsage::memoryLimits, &NodeUsage::memoryUsed,
             &NodeUsage::memoryAllocatable},
        Pick{&d->pods, &NodeUsage::podsRequested, nullptr, nullptr, &NodeUsage::podsAllocatable}};
    if (chart == 0 && d->hiddenNodes != int(usage.size() - shown.size())) {
        d->hiddenNodes = int(usage.size() - shown.size());
        d->retitleCpu();
    }
    {
        const Pick& p = picks[chart];
        QList<qreal> requested;
        QList<qreal> limits;
        QList<qreal> free;
        QList<qreal> used;
        double top = 0;
        for (const NodeUsage& u : shown) {
            const double req = u.*(p.requested);
            const double lim = p.limits ? std::max(req, u.*(p.limits)) : req;
            const double use = p.used ? std::max(0.0, u.*(p.used)) : 0.0;
            requested.prepend(req);
            limits.prepend(lim - req);
            free.prepend(std::max(0.0, u.*(p.allocatable) - lim));
            used.prepend(use);
            top = std::max({top, u.*(p.allocatable), lim, use});
        }
        BarChart* c = p.chart;
        for (QBarSet* set : {c->requested, c->limits, c->free, c->used})
            set->remove(0, set->count());
        c->requested->append(requested);
        c->limits->append(limits);
        c->free->append(free);
        c->used->append(used);
        c->nodes->setCategories(names);
        c->amount->setRange(0, top > 0 ? top : 1);
    }
}

QList<qreal> ChartsPanel::barValues(const QString& chart, const QString& set) const
{
    flush(true);
    const BarChart* c = chart == QLatin1String("cpu") ? &d->cpu : chart == QLatin1String("memory") ? &d->memory : &d->pods;
    const QBarSet* s = set == QLatin1String("requested") ? c->requested
                       : set == QLatin1String("limits")  ? c->limits
                       : set == QLatin1String("used")    ? c->used
                                                         : c->free;
    QList<qreal> values;
    for (int i = s->count() - 1; i >= 0; --i)   // drawn bottom-up: the first node is last
        values << s->at(i);
    return values;
}

void ChartsPanel::Private::drawSample(qint64 ms, const ClusterSample& sample)
{
    Private* d = this;
    const double minutes = double(ms) / 60000.0;
    for (auto [series, value] :
         {std::pair{d->pending, double(sample.pending)}, std::pair{d->running, double(sample.running)},
          std::pair{d->cpuPercent, sample.cpuRequestedPercent}, std::pair{d->memoryPercent, sample.memoryRequestedPercent}}) {
        if (series->count() > 0 && series->at(series->count() - 1).x() >= minutes)
            series->replace(series->count() - 1, QPointF(minutes, value));
        else
            series->append(minutes, value);
        if (series->count() > kMaxSamples)
            series->removePoints(0, series->count() - kMaxSamples);
    }
    d->maxCount = std::max({d->maxCount, sample.pending, sample.running});
    // Whole pods on the count axis: ticks at a round step, never at 1.2 or 2.4. The step
    // first, then the range: a range of thousands at a step of 1 would make thousands of ticks.
    int step = 1;
    for (int m : {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000})
        if ((d->maxCount + 1) / m <= 8) {
            step = m;
            break;
        }
    d->countAxis->setTickType(QValueAxis::TicksDynamic);
    d->countAxis->setTickAnchor(0);
    if (step >= d->countAxis->tickInterval()) {
        d->countAxis->setTickInterval(step);
        d->countAxis->setRange(0, d->maxCount + 1);
    } else {
        d->countAxis->setRange(0, d->maxCount + 1);
        d->countAxis->setTickInterval(step);
    }
    d->percentAxis->setRange(0, std::max({100.0, sample.cpuRequestedPercent, sample.memoryRequestedPercent}));

    const double start = d->pending->count() > 0 ? d->pending->at(0).x() : 0;
    const double end = std::max(start + 0.5, minutes);
    // Round minutes on the time axis too (the step before the range, as above).
    double minuteStep = 1440.0;
    for (double m : {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 240.0, 600.0, 1440.0})
        if ((end - start) / m <= 8) {
            minuteStep = m;
            break;
        }
    d->timeAxis->setTickType(QValueAxis::TicksDynamic);
    d->timeAxis->setTickAnchor(0);
    if (minuteStep >= d->timeAxis->tickInterval()) {
        d->timeAxis->setTickInterval(minuteStep);
        d->timeAxis->setRange(start, end);
    } else {
        d->timeAxis->setRange(start, end);
        d->timeAxis->setTickInterval(minuteStep);
    }
    d->timeAxis->setLabelFormat(minuteStep < 1 ? QStringLiteral("%.2g") : QStringLiteral("%.0f"));
}

QPointF ChartsPanel::lastRequestedPercent() const
{
    flush(true);
    if (d->cpuPercent->count() == 0)
        return {};
    return {d->cpuPercent->at(d->cpuPercent->count() - 1).y(), d->memoryPercent->at(d->memoryPercent->count() - 1).y()};
}

void ChartsPanel::clearSamples()
{
    d->pendingSamples.clear();
    for (QLineSeries* series : {d->pending, d->running, d->cpuPercent, d->memoryPercent})
        series->clear();
    d->maxCount = 1;
}

int ChartsPanel::sampleCount() const
{
    flush(true);
    return int(d->pending->count());
}

} // namespace kubelab::ui::charts

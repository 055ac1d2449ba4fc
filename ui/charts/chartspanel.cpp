// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/charts/chartspanel.h"

#include <algorithm>

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLineSeries>
#include <QTabWidget>
#include <QValueAxis>

#include "scenes/items/podstyle.h"

namespace kubelab::ui::charts {

namespace {

/// One stacked-bar chart: requested and free per node.
struct BarChart {
    QChart* chart = nullptr;
    QChartView* view = nullptr;
    QHorizontalStackedBarSeries* series = nullptr;
    QBarSet* requested = nullptr;
    QBarSet* free = nullptr;
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
    c.free = new QBarSet(QString());
    c.free->setColor(QColor(0xcc, 0xcc, 0xcc));
    c.series->append(c.requested);
    c.series->append(c.free);
    c.chart->addSeries(c.series);
    c.nodes = new QBarCategoryAxis;
    c.amount = new QValueAxis;
    c.amount->setLabelFormat(QStringLiteral("%.3g"));
    c.chart->addAxis(c.nodes, Qt::AlignLeft);
    c.chart->addAxis(c.amount, Qt::AlignBottom);
    c.series->attachAxis(c.nodes);
    c.series->attachAxis(c.amount);
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
    QValueAxis* timeAxis = nullptr;
    QValueAxis* countAxis = nullptr;
    int hiddenNodes = 0;
    int maxCount = 1;
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
    auto* timeView = new QChartView(d->timeChart, d->tabs);
    timeView->setRenderHint(QPainter::Antialiasing);
    d->tabs->addTab(timeView, QString());
    retranslate();
}

ChartsPanel::~ChartsPanel() = default;

void ChartsPanel::retranslate()
{
    d->tabs->setTabText(0, tr("Nodes: requested / allocatable"));
    d->tabs->setTabText(1, tr("Pods over time"));
    const QString more = d->hiddenNodes > 0 ? QStringLiteral(" ") + tr("(+%n node(s) not shown)", nullptr, d->hiddenNodes)
                                            : QString();
    d->cpu.chart->setTitle(tr("CPU (cores)") + more);
    d->memory.chart->setTitle(tr("Memory (GiB)"));
    d->pods.chart->setTitle(tr("Pods"));
    for (BarChart* c : {&d->cpu, &d->memory, &d->pods}) {
        c->requested->setLabel(tr("requested"));
        c->free->setLabel(tr("free"));
    }
    d->pending->setName(tr("Pending"));
    d->running->setName(tr("Running"));
    d->timeAxis->setTitleText(tr("virtual minutes"));
    d->timeChart->setTitle(tr("Pods pending and running"));
}

void ChartsPanel::setNodeUsage(const QList<NodeUsage>& usage)
{
    const QList<NodeUsage> shown = usage.mid(0, kMaxNodes);
    d->hiddenNodes = int(usage.size() - shown.size());
    QStringList names;
    for (const NodeUsage& u : shown)
        names.prepend(u.node);
    struct Pick {
        BarChart* chart;
        double NodeUsage::*requested;
        double NodeUsage::*allocatable;
    };
    for (const Pick& p : {Pick{&d->cpu, &NodeUsage::cpuRequested, &NodeUsage::cpuAllocatable},
                          Pick{&d->memory, &NodeUsage::memoryRequested, &NodeUsage::memoryAllocatable},
                          Pick{&d->pods, &NodeUsage::podsRequested, &NodeUsage::podsAllocatable}}) {
        QList<qreal> requested;
        QList<qreal> free;
        double top = 0;
        for (const NodeUsage& u : shown) {
            requested.prepend(u.*(p.requested));
            free.prepend(std::max(0.0, u.*(p.allocatable) - u.*(p.requested)));
            top = std::max({top, u.*(p.allocatable), u.*(p.requested)});
        }
        BarChart* c = p.chart;
        c->requested->remove(0, c->requested->count());
        c->free->remove(0, c->free->count());
        c->requested->append(requested);
        c->free->append(free);
        c->nodes->setCategories(names);
        c->amount->setRange(0, top > 0 ? top : 1);
    }
    retranslate();
}

void ChartsPanel::addSample(qint64 ms, int pending, int running)
{
    const double minutes = double(ms) / 60000.0;
    for (auto [series, value] : {std::pair{d->pending, pending}, std::pair{d->running, running}}) {
        if (series->count() > 0 && series->at(series->count() - 1).x() >= minutes)
            series->replace(series->count() - 1, QPointF(minutes, value));
        else
            series->append(minutes, value);
        if (series->count() > kMaxSamples)
            series->removePoints(0, series->count() - kMaxSamples);
    }
    d->maxCount = std::max({d->maxCount, pending, running});
    d->countAxis->setRange(0, d->maxCount + 1);
    const double start = d->pending->count() > 0 ? d->pending->at(0).x() : 0;
    d->timeAxis->setRange(start, std::max(start + 0.5, minutes));
}

void ChartsPanel::clearSamples()
{
    d->pending->clear();
    d->running->clear();
    d->maxCount = 1;
}

int ChartsPanel::sampleCount() const
{
    return int(d->pending->count());
}

} // namespace kubelab::ui::charts

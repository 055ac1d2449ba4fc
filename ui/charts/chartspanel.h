// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

namespace kubelab::ui::charts {

/// One node's requests against its allocatable, in the units the charts show: cores,
/// GiB and pods. Limits count a container's request when it has no limit; usage is
/// negative when the node has no metrics.
struct NodeUsage {
    QString node;
    double cpuRequested = 0;
    double cpuLimits = 0;
    double cpuUsed = -1;
    double cpuAllocatable = 0;
    double memoryRequested = 0;
    double memoryLimits = 0;
    double memoryUsed = -1;
    double memoryAllocatable = 0;
    double podsRequested = 0;
    double podsAllocatable = 0;
};

/// One moment of the cluster for the time series: pod counts and the requested share
/// of the cluster's allocatable CPU and memory, in percent.
struct ClusterSample {
    int pending = 0;
    int running = 0;
    double cpuRequestedPercent = 0;
    double memoryRequestedPercent = 0;
};

/// The charts panel: per-node stacked bars (requested, limits beyond the requests and free
/// against allocatable, for cpu, memory and pods, with a thin bar of actual usage) and time
/// series of pending and running pods and of the requested share of CPU and memory.
/// Updates are gathered and drawn at most four times a second, and not at all while the
/// panel is hidden (a chart's relayout is the GUI thread's most expensive work). The seam behind which the chart
/// library lives: callers pass plain data, and no chart type leaves `ui/charts/`.
class ChartsPanel final : public QWidget {
    Q_OBJECT
public:
    /// Nodes drawn in the bar charts; the rest are counted in the title.
    static constexpr int kMaxNodes = 16;
    /// Samples kept in the time series.
    static constexpr int kMaxSamples = 900;

    explicit ChartsPanel(QWidget* parent = nullptr);
    ~ChartsPanel() override;

    void setNodeUsage(const QList<NodeUsage>& usage);
    /// Adds a sample at virtual time `ms`; a sample not after the last one replaces it.
    void addSample(qint64 ms, const ClusterSample& sample);
    void clearSamples();
    [[nodiscard]] int sampleCount() const;
    /// The last sample's requested CPU and memory in percent (for tests).
    [[nodiscard]] QPointF lastRequestedPercent() const;
    /// The bar values of one chart (`cpu`, `memory` or `pods`) and set (`requested`,
    /// `limits`, `free`, `used`), nodes in the order given (for tests).
    [[nodiscard]] QList<qreal> barValues(const QString& chart, const QString& set) const;
    void retranslate();

protected:
    void showEvent(QShowEvent* event) override;

private:
    /// Draws what came since the last time, if the panel is shown (or `force`).
    void flush(bool force) const;

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace kubelab::ui::charts

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include <QList>
#include <QString>
#include <QWidget>

namespace kubelab::ui::charts {

/// One node's requests against its allocatable, in the units the charts show: cores,
/// GiB and pods.
struct NodeUsage {
    QString node;
    double cpuRequested = 0;
    double cpuAllocatable = 0;
    double memoryRequested = 0;
    double memoryAllocatable = 0;
    double podsRequested = 0;
    double podsAllocatable = 0;
};

/// The charts panel: per-node stacked bars (requested vs allocatable, for cpu, memory and
/// pods) and a time series of pending and running pods. The seam behind which the chart
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
    void addSample(qint64 ms, int pending, int running);
    void clearSamples();
    [[nodiscard]] int sampleCount() const;
    void retranslate();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace kubelab::ui::charts

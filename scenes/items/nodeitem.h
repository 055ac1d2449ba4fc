// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <optional>

#include <QColor>
#include <QGraphicsObject>
#include <QImage>
#include <QList>
#include <QPainter>
#include <QTransform>

#include "scenes/items/paintcache.h"
#include "scenes/labsnapshot.h"

class QVariantAnimation;

namespace kubelab::scenes {

/// A node as its resource box: the outline is allocatable; a CPU bar and a memory bar are
/// filled by the requests of the pods on it, in order (zero-request pods as slivers,
/// limits beyond requests hatched, over-commit spilling past the outline). The header
/// shows name, zone, role, Ready, taint chips and the pod count against `pods`.
/// Pod chips sit in a grid below the bars (the scene places them at `slotPos`). In the
/// compact form, for big clusters, the box is small and pods show only in the bars.
class NodeItem final : public QGraphicsObject {
    Q_OBJECT
public:
    enum { Type = UserType + 2 };
    enum class Form { Full, Compact };
    static constexpr int kColumns = 2;
    static constexpr int kMaxRows = 8;

    explicit NodeItem(const NodeView& view, QGraphicsItem* parent = nullptr);

    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] const NodeView& view() const { return m_view; }
    void setView(const NodeView& view);
    /// The pods bound to this node, in the order they fill it.
    void setPods(const QList<PodView>& pods);
    [[nodiscard]] const QList<PodView>& pods() const { return m_pods; }
    /// Actual usage from metrics-server, drawn as a line across each bar; none without metrics.
    void setUsage(const std::optional<UsageView>& usage);
    [[nodiscard]] const std::optional<UsageView>& usage() const { return m_usage; }
    void setForm(Form form);
    [[nodiscard]] Form form() const { return m_form; }

    /// Width and height of the box in its form with its pods.
    [[nodiscard]] QSizeF size() const;
    /// Where the chip of the `index`th pod goes, in item coordinates; pods past the last
    /// slot share it (the box then says "+N more").
    [[nodiscard]] QPointF slotPos(int index) const;
    [[nodiscard]] int visibleSlots() const { return kColumns * kMaxRows; }
    /// Lights the box briefly (its kubelet acted).
    void flash();
    /// Shows the scheduler's verdict for the selected pod (greyed with its reason when the
    /// node failed a filter, its score when it passed), or nothing.
    void setVerdict(const std::optional<NodeVerdict>& verdict);
    [[nodiscard]] const std::optional<NodeVerdict>& verdict() const { return m_verdict; }

    [[nodiscard]] QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    /// Drawn faint when the canvas's namespace or label filter leaves it out.
    void setDimmed(bool dimmed)
    {
        if (dimmed != m_dimmed) {
            m_dimmed = dimmed;
            update();
        }
    }
    [[nodiscard]] bool dimmed() const { return m_dimmed; }

private:
    bool m_dimmed = false;
    /// One bar's totals and scale, and where its segments end.
    struct BarSums {
        qint64 allocatable = 0;
        qint64 requested = 0;
        qint64 limited = 0;
        std::optional<qint64> used;   ///< with usage and an allocatable amount
        qreal scale = 0;
        qreal end = 0;
    };
    /// A bar's shapes as last drawn, in device pixels, painted again while they and the
    /// painter's scale and sub-pixel offset stay the same.
    struct BarPicture {
        QImage image;
        QTransform transform;   ///< the painter's transform, less the picture's whole-pixel origin
        qint64 palette = 0;
        QPainter::RenderHints hints;
    };
    /// The bars show something else: their pictures go.
    void barsChanged();
    [[nodiscard]] BarSums barSums(const QRectF& bar, bool cpu) const;
    /// The bar, its pods' segments, hatched limits, outline and usage line (and its caret).
    void drawBarShapes(QPainter* p, const QPalette& pal, const QRectF& bar, bool cpu) const;
    /// The shapes (from the picture when it can be) and, in the full form, the captions.
    void drawBar(QPainter* p, const QPalette& pal, const QRectF& bar, bool cpu) const;
    void updateToolTip();

    NodeView m_view;
    QList<PodView> m_pods;
    QList<QColor> m_podFills;   ///< each pod's colour in the bars, worked out once per change
    Form m_form = Form::Full;
    qreal m_flash = 0;
    QVariantAnimation* m_flashAnimation = nullptr;  ///< one per box: a burst of kubelet work restarts it
    std::optional<NodeVerdict> m_verdict;
    std::optional<UsageView> m_usage;
    mutable std::array<BarPicture, 2> m_barPictures;   ///< cpu, memory; emptied by any change they show
    bool m_barsShown = false;   ///< the bars as they are have been painted once
    std::array<Caption, 2> m_captions;   ///< the compact form's name and pod count
};

} // namespace kubelab::scenes

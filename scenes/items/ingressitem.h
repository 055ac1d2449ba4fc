// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGraphicsObject>

#include "scenes/labsnapshot.h"

namespace kubelab::scenes {

/// An Ingress, drawn as a gate at the canvas's edge: two posts and a lintel with its name
/// and class, and one row per way through it (host and path to a Service and port, the
/// default backend last). A request from outside comes in through the row that matched.
class IngressItem final : public QGraphicsObject {
    Q_OBJECT
public:
    enum { Type = UserType + 5 };
    static constexpr qreal kWidth = 260;
    static constexpr qreal kLintel = 40;
    static constexpr qreal kRow = 18;

    explicit IngressItem(const IngressView& view, QGraphicsItem* parent = nullptr);

    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] const IngressView& view() const { return m_view; }
    void setView(const IngressView& view);
    [[nodiscard]] qreal height() const;
    /// Where row `index`'s line leaves the gate (its left edge), in scene coordinates; the
    /// lintel for an index out of range.
    [[nodiscard]] QPointF rowPoint(int index) const;
    /// Where row `index`'s line to its Service leaves the gate: the lintel's top edge, the rows
    /// spread along it in order.
    [[nodiscard]] QPointF exitPoint(int index) const;
    /// The row a request for this host and path went through, by its backend; -1 if none.
    [[nodiscard]] int rowOf(const QString& service, const QString& host, const QString& path) const;

    [[nodiscard]] QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    void updateToolTip();

    IngressView m_view;
};

} // namespace kubelab::scenes

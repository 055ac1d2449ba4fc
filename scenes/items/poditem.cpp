// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenes/items/poditem.h"

#include <algorithm>

#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>

#include "scenes/items/podstyle.h"

namespace kubelab::scenes {

namespace {

QString ownerBadge(const QString& kind)
{
    if (kind == QLatin1String("ReplicaSet"))
        return QStringLiteral("D");
    if (kind == QLatin1String("DaemonSet"))
        return QStringLiteral("DS");
    if (kind == QLatin1String("StatefulSet"))
        return QStringLiteral("SS");
    if (kind == QLatin1String("Job"))
        return QStringLiteral("J");
    return {};
}

void drawGlyph(QPainter* p, PodGlyph glyph, const QRectF& r, const QColor& ink, int spinnerAngle)
{
    QPen pen(ink, 1.6);
    pen.setCapStyle(Qt::RoundCap);
    p->setPen(pen);
    p->setBrush(Qt::NoBrush);
    const QRectF g = r.adjusted(3, 3, -3, -3);
    switch (glyph) {
    case PodGlyph::Hourglass: {
        QPolygonF top{g.topLeft(), g.topRight(), g.center()};
        QPolygonF bottom{g.center(), g.bottomLeft(), g.bottomRight()};
        p->drawPolygon(top);
        p->drawPolygon(bottom);
        break;
    }
    case PodGlyph::Spinner:
        p->drawArc(g, spinnerAngle * 16, 270 * 16);
        break;
    case PodGlyph::Check:
    case PodGlyph::HollowCheck: {
        QPainterPath path;
        path.moveTo(g.left(), g.center().y());
        path.lineTo(g.left() + g.width() * 0.4, g.bottom());
        path.lineTo(g.right(), g.top());
        p->drawPath(path);
        break;
    }
    case PodGlyph::Done:
        p->drawEllipse(g);
        p->drawLine(QPointF(g.left() + 2.5, g.center().y()), QPointF(g.right() - 2.5, g.center().y()));
        break;
    case PodGlyph::Cross:
        p->drawLine(g.topLeft(), g.bottomRight());
        p->drawLine(g.topRight(), g.bottomLeft());
        break;
    case PodGlyph::Image:
        p->drawRect(g);
        p->drawLine(QPointF(g.left(), g.bottom()), QPointF(g.center().x(), g.center().y()));
        p->drawLine(QPointF(g.center().x(), g.center().y()), QPointF(g.right(), g.bottom()));
        break;
    case PodGlyph::Fading:
        p->setPen(QPen(ink, 1.4, Qt::DotLine));
        p->drawEllipse(g);
        break;
    case PodGlyph::Question: {
        QFont f = p->font();
        f.setBold(true);
        p->setFont(f);
        p->drawText(r, Qt::AlignCenter, QStringLiteral("?"));
        break;
    }
    }
}

} // namespace

PodItem::PodItem(const PodView& view, QGraphicsItem* parent)
    : QGraphicsObject(parent)
    , m_view(view)
{
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setCacheMode(DeviceCoordinateCache);
    updateToolTip();
}

void PodItem::setView(const PodView& view)
{
    if (view == m_view)
        return;
    m_view = view;
    updateToolTip();
    repaintEverywhere();
}

void PodItem::setSpinnerAngle(int degrees)
{
    m_spinnerAngle = degrees;
    repaintEverywhere();
}

void PodItem::repaintEverywhere()
{
    // update() marks the device-coordinate cache exposed once, and the first view to paint
    // (the canvas or its minimap) consumes the mark: the other kept drawing the chip's old
    // pixmap (a running pod still shown as ContainerCreating). Dropping the cache clears
    // every view's pixmap.
    setCacheMode(NoCache);
    setCacheMode(DeviceCoordinateCache);
    update();
}

bool PodItem::spins() const
{
    return podStyle(m_view).glyph == PodGlyph::Spinner;
}

void PodItem::updateToolTip()
{
    QString tip = QStringLiteral("<b>%1</b> (%2)<br>%3").arg(m_view.name.toHtmlEscaped(), m_view.ns.toHtmlEscaped(),
                                                             podStateText(m_view).toHtmlEscaped());
    tip += QStringLiteral("<br>") + tr("STATUS: %1").arg(m_view.status.toHtmlEscaped());
    tip += QStringLiteral("<br>") + tr("Requests: cpu %1, memory %2")
                                        .arg(m_view.cpuRequest ? formatCpu(m_view.cpuRequest) : tr("none"),
                                             m_view.memoryRequest ? formatBytes(m_view.memoryRequest) : tr("none"));
    if (!m_view.nodeName.isEmpty())
        tip += QStringLiteral("<br>") + tr("Node: %1").arg(m_view.nodeName.toHtmlEscaped());
    if (!m_view.ownerKind.isEmpty())
        tip += QStringLiteral("<br>") + tr("Owner: %1 %2").arg(m_view.ownerKind, m_view.ownerName.toHtmlEscaped());
    if (!m_view.pendingMessage.isEmpty())
        tip += QStringLiteral("<br><i>%1</i>").arg(m_view.pendingMessage.toHtmlEscaped());
    if (!m_view.nominatedNode.isEmpty() && m_view.nodeName.isEmpty())
        tip += QStringLiteral("<br>") + tr("Nominated node: %1 (it waits there until the preempted pods have left)")
                                            .arg(m_view.nominatedNode.toHtmlEscaped());
    if (!m_view.placement.isEmpty()) {
        tip += QStringLiteral("<br>") + tr("Placement rules:");
        for (const QString& rule : m_view.placement)
            tip += QStringLiteral("<br>&nbsp;&nbsp;") + rule.toHtmlEscaped();
    }
    if (!m_view.disruption.isEmpty())
        tip += QStringLiteral("<br><b>%1</b> (DisruptionTarget: %2)")
                   .arg(disruptionText(m_view).toHtmlEscaped(), m_view.disruption.toHtmlEscaped());
    setToolTip(tip);
}

QRectF PodItem::boundingRect() const
{
    return QRectF(-2, -2, kWidth + 4, kHeight + 4);
}

void PodItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*)
{
    if (m_dimmed)
        p->setOpacity(p->opacity() * 0.18);
    const PodStyle style = podStyle(m_view);
    const QRectF r(0, 0, kWidth, kHeight);
    p->setRenderHint(QPainter::Antialiasing);
    const bool selected = option->state & QStyle::State_Selected;

    QColor fill = style.colour;
    QColor ink = fill.lightnessF() > 0.55 ? QColor(0x20, 0x20, 0x20) : QColor(Qt::white);
    if (!style.filled) {
        fill = style.colour.lighter(185);
        ink = QColor(0x10, 0x40, 0x30);
    }
    if (style.glyph == PodGlyph::Fading)
        fill.setAlphaF(0.55);
    QPen outline(style.colour.darker(150), selected ? 2.6 : 1.2, style.dashed ? Qt::DashLine : Qt::SolidLine);
    if (!style.filled)
        outline = QPen(style.colour.darker(120), 2.0);
    if (selected)
        outline.setColor(QColor(0x00, 0x72, 0xB2));
    p->setPen(outline);
    p->setBrush(fill);
    p->drawRoundedRect(r, 5, 5);
    // Preempted or evicted: a vermilion frame and strike while it terminates.
    if (!m_view.disruption.isEmpty()) {
        p->setPen(QPen(okabeito::vermilion, 2.0));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(r.adjusted(-1, -1, 1, 1), 6, 6);
        p->drawLine(QPointF(kHeight, kHeight - 3), QPointF(kWidth - 3, 3));
    }

    // Placement rules (nodeSelector, affinity, tolerations, spread): a purple corner.
    if (!m_view.placement.isEmpty()) {
        QPainterPath corner;
        corner.moveTo(kWidth - 9, 0);
        corner.lineTo(kWidth, 0);
        corner.lineTo(kWidth, 9);
        corner.closeSubpath();
        QPainterPath chip;
        chip.addRoundedRect(r, 5, 5);
        p->setPen(Qt::NoPen);
        p->setBrush(okabeito::reddishPurple);
        p->drawPath(corner.intersected(chip));
    }

    const QColor accent = generationAccent(m_view.templateHash);
    if (accent.isValid()) {
        p->setPen(Qt::NoPen);
        p->setBrush(accent);
        p->drawRoundedRect(QRectF(1.5, 3, 3.5, kHeight - 6), 1.5, 1.5);
    }

    drawGlyph(p, style.glyph, QRectF(5, 2, kHeight - 4, kHeight - 4), ink, m_spinnerAngle);

    QFont f = p->font();
    f.setPointSizeF(7.5);
    f.setBold(false);
    p->setFont(f);
    p->setPen(ink);
    QString badge = ownerBadge(m_view.ownerKind);
    if (m_view.restarts > 0)
        badge = QStringLiteral("↻%1").arg(m_view.restarts);
    // The scheduler found no node: a "!" says there is a reason to read (tooltip, inspector).
    const bool unschedulable = m_view.nodeName.isEmpty() && !m_view.pendingMessage.isEmpty();
    if (unschedulable)
        badge = QStringLiteral("!");
    const qreal badgeWidth = badge.isEmpty() ? 0 : std::max<qreal>(12, p->fontMetrics().horizontalAdvance(badge) + 6);
    const QRectF textRect(kHeight + 2, 0, kWidth - kHeight - 4 - badgeWidth, kHeight);
    p->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                p->fontMetrics().elidedText(m_view.name, Qt::ElideMiddle, int(textRect.width())));
    if (!badge.isEmpty()) {
        const QRectF b(kWidth - badgeWidth - 2, 4, badgeWidth, kHeight - 8);
        p->setPen(Qt::NoPen);
        p->setBrush(unschedulable ? okabeito::vermilion : QColor(0, 0, 0, 60));
        p->drawRoundedRect(b, 3, 3);
        p->setPen(unschedulable ? QColor(Qt::white) : ink);
        p->drawText(b, Qt::AlignCenter, badge);
    }
}

} // namespace kubelab::scenes

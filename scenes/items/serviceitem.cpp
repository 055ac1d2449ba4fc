// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenes/items/serviceitem.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

#include "scenes/items/podstyle.h"

namespace kubelab::scenes {

ServiceItem::ServiceItem(const ServiceView& view, QGraphicsItem* parent)
    : QGraphicsObject(parent)
    , m_view(view)
{
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
}

void ServiceItem::setView(const ServiceView& view)
{
    if (view == m_view)
        return;
    m_view = view;
    update();
}

void ServiceItem::setEndpoints(int ready, int total)
{
    if (ready == m_ready && total == m_total)
        return;
    m_ready = ready;
    m_total = total;
    QStringList selector;
    for (auto it = m_view.selector.cbegin(); it != m_view.selector.cend(); ++it)
        selector << it.key() + QLatin1Char('=') + it.value();
    setToolTip(tr("Service %1 selects pods with %2: %n ready endpoint(s)", nullptr, ready)
                   .arg(m_view.name, selector.isEmpty() ? tr("(no selector)") : selector.join(QLatin1Char(','))));
    update();
}

QRectF ServiceItem::boundingRect() const
{
    return QRectF(-2, -2, kWidth + 4, kHeight + 4);
}

void ServiceItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*)
{
    if (m_dimmed)
        p->setOpacity(p->opacity() * 0.18);
    const QPalette pal = QApplication::palette();
    const bool selected = option->state & QStyle::State_Selected;
    p->setRenderHint(QPainter::Antialiasing);
    QColor fill = okabeito::blue;
    fill.setAlphaF(0.14);
    p->setPen(QPen(selected ? okabeito::vermilion : okabeito::blue, selected ? 2.4 : 1.4));
    p->setBrush(fill);
    const QRectF r(0, 0, kWidth, kHeight);
    p->drawRoundedRect(r, 10, 10);

    QFont f = p->font();
    const qreal base = f.pointSizeF() > 0 ? f.pointSizeF() : 9;
    f.setBold(true);
    p->setFont(f);
    p->setPen(pal.color(QPalette::Text));
    p->drawText(QRectF(10, 3, kWidth - 20, 18), Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(QStringLiteral("svc/") + m_view.name, Qt::ElideRight, int(kWidth - 80)));
    f.setBold(false);
    f.setPointSizeF(base * 0.8);
    p->setFont(f);
    p->drawText(QRectF(10, 3, kWidth - 20, 18), Qt::AlignRight | Qt::AlignVCenter, m_view.type);
    p->drawText(QRectF(10, 21, kWidth - 20, 16), Qt::AlignLeft | Qt::AlignVCenter,
                QStringLiteral("%1  %2").arg(m_view.clusterIp.isEmpty() ? QStringLiteral("None") : m_view.clusterIp,
                                            m_view.ports));
    const bool selects = !m_view.selector.isEmpty();
    const QColor lamp = !selects ? okabeito::grey : (m_ready > 0 ? okabeito::bluishGreen : okabeito::orange);
    p->setPen(Qt::NoPen);
    p->setBrush(lamp);
    p->drawEllipse(QRectF(10, 42, 8, 8));
    p->setPen(pal.color(QPalette::Text));
    const QString endpoints =
        !selects ? tr("no selector: endpoints are set outside")
                 : tr("→ %n ready endpoint(s)", nullptr, m_ready) +
                       (m_total > m_ready ? QStringLiteral(" ") + tr("(%1 not ready)").arg(m_total - m_ready) : QString());
    p->drawText(QRectF(22, 38, kWidth - 30, 16), Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(endpoints, Qt::ElideRight, int(kWidth - 30)));
}

} // namespace kubelab::scenes

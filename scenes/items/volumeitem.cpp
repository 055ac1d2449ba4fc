// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenes/items/volumeitem.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

#include "scenes/items/podstyle.h"

namespace kubelab::scenes {

VolumeItem::VolumeItem(const VolumeView& volume, QGraphicsItem* parent)
    : QGraphicsObject(parent)
    , m_volume(volume)
{
    setFlag(ItemIsSelectable);
    setToolTip(tr("PersistentVolume: a piece of storage in the cluster"));
}

VolumeItem::VolumeItem(const ClaimView& claim, QGraphicsItem* parent)
    : QGraphicsObject(parent)
    , m_isClaim(true)
    , m_claim(claim)
{
    setFlag(ItemIsSelectable);
    setToolTip(tr("PersistentVolumeClaim: a request for storage that binds to a volume"));
}

void VolumeItem::setVolume(const VolumeView& volume)
{
    if (volume == m_volume)
        return;
    m_volume = volume;
    update();
}

void VolumeItem::setClaim(const ClaimView& claim)
{
    if (claim == m_claim)
        return;
    m_claim = claim;
    update();
}

QRectF VolumeItem::boundingRect() const
{
    return QRectF(-2, -2, kWidth + 4, kHeight + 4);
}

void VolumeItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const QPalette pal = QApplication::palette();
    const bool selected = option->state & QStyle::State_Selected;
    p->setRenderHint(QPainter::Antialiasing);
    const QString phase = m_isClaim ? m_claim.phase : m_volume.phase;
    const bool bound = phase == QLatin1String("Bound");
    const QColor colour = bound ? okabeito::bluishGreen : (phase == QLatin1String("Available") ? okabeito::skyBlue
                                                                                               : okabeito::orange);
    QColor fill = colour;
    fill.setAlphaF(0.18);
    p->setPen(QPen(selected ? okabeito::blue : colour.darker(130), selected ? 2.4 : 1.3,
                   bound ? Qt::SolidLine : Qt::DashLine));
    p->setBrush(fill);
    const QRectF r(0, 0, kWidth, kHeight);
    if (m_isClaim) {
        p->drawRoundedRect(r, 14, 14);
    } else {
        // A disk: a cylinder seen from the side.
        p->drawRoundedRect(r, 4, 4);
        p->drawEllipse(QRectF(0, -4, kWidth, 10));
    }

    QFont f = p->font();
    const qreal base = f.pointSizeF() > 0 ? f.pointSizeF() : 9;
    f.setBold(true);
    f.setPointSizeF(base * 0.9);
    p->setFont(f);
    p->setPen(pal.color(QPalette::Text));
    const QString title = m_isClaim ? QStringLiteral("pvc/") + m_claim.name : QStringLiteral("pv/") + m_volume.name;
    p->drawText(QRectF(10, 6, kWidth - 20, 16), Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(title, Qt::ElideMiddle, int(kWidth - 20)));
    f.setBold(false);
    f.setPointSizeF(base * 0.78);
    p->setFont(f);
    const qint64 bytes = m_isClaim ? m_claim.request : m_volume.capacity;
    const QString storageClass = m_isClaim ? m_claim.storageClass : m_volume.storageClass;
    p->drawText(QRectF(10, 22, kWidth - 20, 12), Qt::AlignLeft | Qt::AlignVCenter,
                QStringLiteral("%1 · %2").arg(formatBytes(bytes),
                                              storageClass.isEmpty() ? tr("no class") : storageClass));
    p->drawText(QRectF(10, 34, kWidth - 20, 12), Qt::AlignLeft | Qt::AlignVCenter, phase);
}

} // namespace kubelab::scenes

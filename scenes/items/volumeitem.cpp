// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenes/items/volumeitem.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
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
    , m_role(Role::Claim)
    , m_claim(claim)
{
    setFlag(ItemIsSelectable);
    setToolTip(tr("PersistentVolumeClaim: a request for storage that binds to a volume"));
}

VolumeItem::VolumeItem(const StorageClassView& storageClass, QGraphicsItem* parent)
    : QGraphicsObject(parent)
    , m_role(Role::StorageClass)
    , m_class(storageClass)
{
    setFlag(ItemIsSelectable);
    setToolTip(tr("StorageClass: its provisioner makes a volume for each claim of the class that no volume "
                  "made by hand fits"));
}

void VolumeItem::setStorageClass(const StorageClassView& storageClass)
{
    if (storageClass == m_class)
        return;
    m_class = storageClass;
    update();
}

void VolumeItem::setNote(const QString& note)
{
    if (note == m_note)
        return;
    m_note = note;
    update();
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
    if (m_role == Role::StorageClass) {
        paintStorageClass(p, selected);
        return;
    }
    const bool claim = m_role == Role::Claim;
    const QString phase = claim ? m_claim.phase : m_volume.phase;
    const bool bound = phase == QLatin1String("Bound");
    const QColor colour = bound ? okabeito::bluishGreen : (phase == QLatin1String("Available") ? okabeito::skyBlue
                                                                                               : okabeito::orange);
    QColor fill = colour;
    fill.setAlphaF(0.18);
    p->setPen(QPen(selected ? okabeito::blue : colour.darker(130), selected ? 2.4 : 1.3,
                   bound ? Qt::SolidLine : Qt::DashLine));
    p->setBrush(fill);
    const QRectF r(0, 0, kWidth, kHeight);
    if (claim) {
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
    const QString title = claim ? QStringLiteral("pvc/") + m_claim.name : QStringLiteral("pv/") + m_volume.name;
    p->drawText(QRectF(10, 6, kWidth - 20, 16), Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(title, Qt::ElideMiddle, int(kWidth - 20)));
    f.setBold(false);
    f.setPointSizeF(base * 0.78);
    p->setFont(f);
    const QString storageClass = claim ? m_claim.storageClass : m_volume.storageClass;
    // A claim that grew shows what it has and what it asked for until a kubelet has grown
    // its file system.
    const QString size = claim && m_claim.capacity > 0 && m_claim.request > m_claim.capacity
                             ? QStringLiteral("%1 → %2").arg(formatBytes(m_claim.capacity), formatBytes(m_claim.request))
                             : formatBytes(claim ? m_claim.request : m_volume.capacity);
    p->drawText(QRectF(10, 22, kWidth - 20, 12), Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(QStringLiteral("%1 · %2").arg(size, storageClass.isEmpty() ? tr("no class")
                                                                                                     : storageClass),
                                            Qt::ElideRight, int(kWidth - 20)));
    QString last = phase;
    if (claim && !m_note.isEmpty())
        last = m_note;
    else if (!claim && !m_volume.reclaimPolicy.isEmpty())
        last = QStringLiteral("%1 · %2").arg(phase, m_volume.reclaimPolicy);
    p->drawText(QRectF(10, 34, kWidth - 20, 12), Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(last, Qt::ElideRight, int(kWidth - 20)));
}

void VolumeItem::paintStorageClass(QPainter* p, bool selected)
{
    const QPalette pal = QApplication::palette();
    // A factory: a sawtooth roof over a box.
    QColor fill = okabeito::reddishPurple;
    fill.setAlphaF(0.12);
    p->setPen(QPen(selected ? okabeito::blue : okabeito::reddishPurple.darker(120), selected ? 2.4 : 1.3));
    p->setBrush(fill);
    QPainterPath shape;
    shape.moveTo(0, kHeight);
    shape.lineTo(0, 6);
    for (int i = 0; i < 3; ++i) {
        const qreal x = i * 18;
        shape.lineTo(x + 18, 0);
        shape.lineTo(x + 18, 6);
    }
    shape.lineTo(kWidth, 6);
    shape.lineTo(kWidth, kHeight);
    shape.closeSubpath();
    p->drawPath(shape);

    QFont f = p->font();
    const qreal base = f.pointSizeF() > 0 ? f.pointSizeF() : 9;
    f.setBold(true);
    f.setPointSizeF(base * 0.9);
    p->setFont(f);
    p->setPen(pal.color(QPalette::Text));
    QString title = QStringLiteral("sc/") + m_class.name;
    if (m_class.isDefault)
        title += QLatin1Char(' ') + tr("(default)");
    p->drawText(QRectF(60, 7, kWidth - 66, 14), Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(title, Qt::ElideMiddle, int(kWidth - 66)));
    f.setBold(false);
    f.setPointSizeF(base * 0.78);
    p->setFont(f);
    p->drawText(QRectF(8, 22, kWidth - 16, 12), Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(m_class.provisioner, Qt::ElideMiddle, int(kWidth - 16)));
    QStringList facts;
    facts << (m_class.bindingMode == QLatin1String("WaitForFirstConsumer") ? tr("waits for a pod") : tr("at once"))
          << m_class.reclaimPolicy;
    if (m_class.allowExpansion)
        facts << tr("can grow");
    p->drawText(QRectF(8, 34, kWidth - 16, 12), Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(facts.join(QStringLiteral(" · ")), Qt::ElideRight, int(kWidth - 16)));
}

} // namespace kubelab::scenes

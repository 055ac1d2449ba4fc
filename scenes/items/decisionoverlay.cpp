// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenes/items/decisionoverlay.h"

#include <algorithm>
#include <utility>

#include <QPainter>
#include <QPalette>
#include <QPropertyAnimation>
#include <QSequentialAnimationGroup>
#include <QStyleOptionGraphicsItem>
#include <QTimer>

#include "scenes/items/nodeitem.h"
#include "scenes/items/podstyle.h"
#include "scenes/labsnapshot.h"

namespace kubelab::scenes {

DecisionOverlay::DecisionOverlay(QGraphicsItem* node, QSizeF size, Mark mark, QString text, double fraction)
    : QGraphicsObject(node)
    , m_size(size)
    , m_mark(mark)
    , m_text(std::move(text))
    , m_fraction(std::clamp(fraction, 0.0, 1.0))
{
    setZValue(50);
    setAcceptedMouseButtons(Qt::NoButton);
    setOpacity(0);
}

QRectF DecisionOverlay::boundingRect() const
{
    return QRectF(QPointF(0, 0), m_size).adjusted(-3, -3, 3, 3);
}

void DecisionOverlay::paint(QPainter* p, const QStyleOptionGraphicsItem* /*option*/, QWidget* /*widget*/)
{
    p->setRenderHint(QPainter::Antialiasing);
    const QRectF box(QPointF(0, 0), m_size);
    const QPalette pal;
    QFont f = p->font();
    f.setPointSizeF(std::max(6.0, f.pointSizeF() * 0.85));
    f.setBold(true);
    p->setFont(f);
    const qreal bandHeight = 20;
    const QRectF band(6, box.height() / 2 - bandHeight / 2, box.width() - 12, bandHeight);
    switch (m_mark) {
    case Mark::Filtered: {
        QColor wash = pal.color(QPalette::Window);
        wash.setAlphaF(0.75);
        p->setPen(QPen(okabeito::grey, 1.5, Qt::DashLine));
        p->setBrush(wash);
        p->drawRoundedRect(box, 6, 6);
        p->setPen(okabeito::vermilion);
        p->drawText(box.adjusted(8, 0, -8, 0), Qt::AlignCenter | Qt::TextWordWrap, m_text);
        break;
    }
    case Mark::Scored:
    case Mark::Chosen: {
        const QColor colour = m_mark == Mark::Chosen ? okabeito::bluishGreen : okabeito::skyBlue;
        p->setPen(QPen(colour, m_mark == Mark::Chosen ? 3 : 1.5));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(box.adjusted(1, 1, -1, -1), 6, 6);
        QColor back = pal.color(QPalette::Base);
        back.setAlphaF(0.9);
        p->setPen(QPen(colour, 1));
        p->setBrush(back);
        p->drawRoundedRect(band, 4, 4);
        p->setPen(Qt::NoPen);
        p->setBrush(colour);
        p->drawRoundedRect(QRectF(band.topLeft(), QSizeF(band.width() * m_fraction, band.height())), 4, 4);
        p->setPen(pal.color(QPalette::Text));
        p->drawText(band.adjusted(6, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter, m_text);
        break;
    }
    case Mark::Nominated: {
        p->setPen(QPen(okabeito::reddishPurple, 3, Qt::DashLine));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(box.adjusted(1, 1, -1, -1), 6, 6);
        QColor fill = okabeito::reddishPurple;
        fill.setAlphaF(0.9);
        p->setPen(Qt::NoPen);
        p->setBrush(fill);
        p->drawRoundedRect(QRectF(6, 4, box.width() - 12, bandHeight), 4, 4);
        p->setPen(Qt::white);
        p->drawText(QRectF(12, 4, box.width() - 24, bandHeight), Qt::AlignLeft | Qt::AlignVCenter,
                    p->fontMetrics().elidedText(m_text, Qt::ElideRight, int(box.width() - 24)));
        break;
    }
    }
}

QList<DecisionOverlay*> DecisionOverlay::replay(const StoryItem& event, const QHash<QString, NodeItem*>& nodes,
                                                int fadeMs, int holdMs)
{
    QList<DecisionOverlay*> made;
    if (event.component != QLatin1String("scheduler"))
        return made;
    if (event.action == QLatin1String("Preempted")) {
        if (NodeItem* node = nodes.value(event.node)) {
            auto* mark = new DecisionOverlay(node, node->size(), Mark::Nominated,
                                             tr("Nominated: preemption evicts %1 here").arg(event.name), 0);
            mark->play(fadeMs, holdMs * 2);
            made << mark;
        }
        return made;
    }
    if (event.action != QLatin1String("Scheduled") && event.action != QLatin1String("FailedScheduling"))
        return made;
    qint64 best = 0;
    for (const NodeVerdict& v : event.verdicts)
        if (v.feasible)
            best = std::max(best, v.score);
    for (const NodeVerdict& v : event.verdicts) {
        NodeItem* node = nodes.value(v.node);
        if (!node)
            continue;
        DecisionOverlay* mark = nullptr;
        if (!v.feasible)
            mark = new DecisionOverlay(node, node->size(), Mark::Filtered, tr("Filtered out:\n%1").arg(v.reason), 0);
        else
            mark = new DecisionOverlay(node, node->size(), v.chosen ? Mark::Chosen : Mark::Scored,
                                       v.chosen ? tr("Chosen: score %1").arg(v.score) : tr("Score %1").arg(v.score),
                                       best > 0 ? double(v.score) / double(best) : 1.0);
        mark->play(fadeMs, holdMs);
        made << mark;
    }
    return made;
}

void DecisionOverlay::play(int fadeMs, int holdMs)
{
    if (fadeMs <= 0 && holdMs <= 0) {
        deleteLater();
        return;
    }
    auto* group = new QSequentialAnimationGroup(this);
    auto* in = new QPropertyAnimation(this, "opacity");
    in->setStartValue(0.0);
    in->setEndValue(1.0);
    in->setDuration(std::max(1, fadeMs / 2));
    group->addAnimation(in);
    group->addPause(std::max(0, holdMs));
    auto* out = new QPropertyAnimation(this, "opacity");
    out->setStartValue(1.0);
    out->setEndValue(0.0);
    out->setDuration(std::max(1, fadeMs));
    group->addAnimation(out);
    connect(group, &QAbstractAnimation::finished, this, &QObject::deleteLater);
    group->start(QAbstractAnimation::DeleteWhenStopped);
}

} // namespace kubelab::scenes

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/legend.h"

#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>

#include "scenes/items/poditem.h"
#include "scenes/items/podstyle.h"
#include "scenes/labsnapshot.h"

namespace kubelab::ui {

namespace {

struct Sample {
    const char* phase;
    const char* status;
    bool ready;
    int restarts;
    const char* disruption = "";
    bool placement = false;
};

constexpr Sample kSamples[] = {
    {"Pending", "Pending", false, 0},          {"Pending", "ContainerCreating", false, 0},
    {"Running", "Running", true, 0},           {"Running", "Running", false, 0},
    {"Succeeded", "Completed", false, 0},      {"Running", "CrashLoopBackOff", false, 3},
    {"Pending", "ImagePullBackOff", false, 0}, {"Running", "Terminating", true, 0},
    {"Running", "Unknown", false, 0},          {"Running", "Terminating", true, 0, "PreemptionByScheduler"},
    {"Running", "Running", true, 0, "", true},
};

} // namespace

Legend::Legend(QWidget* parent)
    : QGraphicsView(parent)
{
    setObjectName(QStringLiteral("legend"));
    setScene(new QGraphicsScene(this));
    setInteractive(false);
    setFrameShape(QFrame::NoFrame);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    setRenderHint(QPainter::Antialiasing);
    populate();
}

QSize Legend::sizeHint() const
{
    return {170, 385};
}

void Legend::retranslate()
{
    populate();
}

void Legend::populate()
{
    scene()->clear();
    qreal y = 0;
    for (const Sample& s : kSamples) {
        scenes::PodView view;
        view.phase = QLatin1String(s.phase);
        view.status = QLatin1String(s.status);
        view.ready = s.ready;
        view.restarts = s.restarts;
        view.disruption = QLatin1String(s.disruption);
        view.nodeName = QStringLiteral("node");
        QString label = view.status;
        if (view.phase == QLatin1String("Running") && view.status == QLatin1String("Running"))
            label = s.ready ? tr("Running, Ready") : tr("Running, not Ready");
        if (!view.disruption.isEmpty())
            label = tr("Preempted, evicted");
        if (s.placement) {
            label = tr("Placement rules");
            view.placement = {QStringLiteral("nodeSelector: disktype=ssd")};
        }
        view.name = label;
        auto* chip = new scenes::PodItem(view);
        chip->setFlag(QGraphicsItem::ItemIsSelectable, false);
        if (s.placement)
            chip->setToolTip(tr("A purple corner: the pod has placement rules (nodeSelector, affinity, tolerations, "
                                "topology spread); hover over the pod to read them"));
        else
            chip->setToolTip(view.disruption.isEmpty() ? scenes::podStateText(view) : scenes::disruptionText(view));
        chip->setPos(0, y);
        scene()->addItem(chip);
        y += scenes::PodItem::kHeight + 5;
    }
    y += 4;
    // How to read a node's bar: requests solid, limits beyond them hatched.
    const qreal w = scenes::PodItem::kWidth;
    auto* bar = scene()->addRect(QRectF(0, y, w, 10), QPen(palette().color(QPalette::Mid)), palette().color(QPalette::Base));
    scene()->addRect(QRectF(0, y, w * 0.35, 10), Qt::NoPen, scenes::okabeito::bluishGreen);
    scene()->addRect(QRectF(w * 0.35, y, w * 0.2, 10), Qt::NoPen,
                     QBrush(palette().color(QPalette::Text), Qt::BDiagPattern));
    bar->setZValue(-1);
    auto* text = scene()->addSimpleText(tr("Node bars: requests solid,\nlimits beyond them hatched,\n"
                                           "outline = allocatable"));
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    text->setFont(f);
    text->setBrush(palette().color(QPalette::Text));
    text->setPos(0, y + 14);
    setSceneRect(scene()->itemsBoundingRect().adjusted(-4, -4, 4, 4));
}

} // namespace kubelab::ui

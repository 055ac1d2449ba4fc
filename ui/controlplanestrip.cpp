// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/controlplanestrip.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <QVariantAnimation>

#include "scenes/items/podstyle.h"

namespace kubelab::ui {

namespace {

QString displayName(const QString& component)
{
    if (component == QLatin1String("coredns"))
        return QStringLiteral("CoreDNS");
    if (component == QLatin1String("apiserver"))
        return QStringLiteral("kube-apiserver");
    if (component == QLatin1String("scheduler"))
        return QStringLiteral("kube-scheduler");
    if (component == QLatin1String("controller-manager"))
        return QStringLiteral("kube-controller-manager");
    return component;
}

} // namespace

ControlPlaneStrip::ControlPlaneStrip(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("controlPlane"));
    setMouseTracking(true);
    retranslate();
}

QStringList ControlPlaneStrip::components()
{
    return {QStringLiteral("apiserver"), QStringLiteral("etcd"), QStringLiteral("scheduler"),
            QStringLiteral("controller-manager"), QStringLiteral("coredns")};
}

void ControlPlaneStrip::retranslate()
{
    setAccessibleName(tr("Control plane"));
    update();
}

QString ControlPlaneStrip::explanation(const QString& component) const
{
    if (component == QLatin1String("apiserver"))
        return tr("kube-apiserver: every change goes through it (defaulting, validation, admission)");
    if (component == QLatin1String("etcd"))
        return tr("etcd: the store that keeps every object and its history");
    if (component == QLatin1String("scheduler"))
        return tr("kube-scheduler: picks a node for each pending pod");
    if (component == QLatin1String("controller-manager"))
        return tr("kube-controller-manager: controllers that make the cluster match what you asked for");
    if (component == QLatin1String("coredns"))
        return tr("CoreDNS: answers DNS names of Services and pods");
    return component;
}

void ControlPlaneStrip::pulse(const QString& component)
{
    if (!components().contains(component))
        return;
    m_glow[component] = 1.0;
    auto* fade = new QVariantAnimation(this);
    fade->setStartValue(1.0);
    fade->setEndValue(0.0);
    fade->setDuration(600);
    connect(fade, &QVariantAnimation::valueChanged, this, [this, component](const QVariant& v) {
        m_glow[component] = std::min(m_glow.value(component), v.toReal());
        update();
    });
    connect(fade, &QVariantAnimation::finished, this, [this, component] {
        m_glow[component] = 0;
        update();
    });
    fade->start(QAbstractAnimation::DeleteWhenStopped);
    update();
}

QSize ControlPlaneStrip::sizeHint() const { return {900, 40}; }
QSize ControlPlaneStrip::minimumSizeHint() const { return {500, 36}; }

QRectF ControlPlaneStrip::boxOf(int index) const
{
    const qreal w = std::min<qreal>(190, (width() - 16 - 4 * 24) / 5.0);
    const qreal x = 8 + index * (w + 24);
    return {x, 6, w, qreal(height() - 12)};
}

bool ControlPlaneStrip::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QStringList names = components();
        for (int i = 0; i < names.size(); ++i)
            if (boxOf(i).contains(help->pos())) {
                QToolTip::showText(help->globalPos(), explanation(names[i]), this);
                return true;
            }
        QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void ControlPlaneStrip::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QStringList names = components();
    const QColor base = palette().color(QPalette::Button);
    const QColor lit = scenes::okabeito::yellow;
    // apiserver──etcd: the only component that talks to etcd.
    p.setPen(QPen(palette().color(QPalette::Mid), 2));
    p.drawLine(QPointF(boxOf(0).right(), boxOf(0).center().y()), QPointF(boxOf(1).left(), boxOf(1).center().y()));
    for (int i = 0; i < names.size(); ++i) {
        const QRectF r = boxOf(i);
        const qreal g = m_glow.value(names[i]);
        const QColor fill = QColor::fromRgbF(base.redF() + (lit.redF() - base.redF()) * g,
                                             base.greenF() + (lit.greenF() - base.greenF()) * g,
                                             base.blueF() + (lit.blueF() - base.blueF()) * g);
        p.setPen(QPen(g > 0.05 ? scenes::okabeito::orange : palette().color(QPalette::Mid), 1.2 + g));
        p.setBrush(fill);
        p.drawRoundedRect(r, 6, 6);
        p.setPen(g > 0.5 ? QColor(0x20, 0x20, 0x20) : palette().color(QPalette::ButtonText));
        QFont f = font();
        f.setBold(g > 0.05);
        p.setFont(f);
        p.drawText(r, Qt::AlignCenter, p.fontMetrics().elidedText(displayName(names[i]), Qt::ElideMiddle, int(r.width() - 6)));
    }
}

} // namespace kubelab::ui

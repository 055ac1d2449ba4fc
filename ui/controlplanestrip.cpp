// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/controlplanestrip.h"

#include <algorithm>
#include <cmath>

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QVariantAnimation>

#include "scenes/items/podstyle.h"

namespace kubelab::ui {

namespace {

constexpr qreal kBoxTop = 4;
constexpr qreal kBoxHeight = 28;
constexpr qreal kLampTop = 44;
constexpr qreal kLampHeight = 18;
constexpr int kMessageMs = 450;
constexpr int kMaxMessages = 40;

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
    m_tick.setObjectName(QStringLiteral("messageTick"));
    m_tick.setInterval(16);
    connect(&m_tick, &QTimer::timeout, this, &ControlPlaneStrip::advance);
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
    layoutLamps();
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
    if (component == QLatin1String("kubelet"))
        return tr("kubelet (on each node): starts the pods bound to its node and reports their status");
    if (component == QLatin1String("kube-proxy"))
        return tr("kube-proxy (on each node): turns Services and their endpoints into the node's routing rules");
    return component;
}

void ControlPlaneStrip::setNodes(const QStringList& names, const QStringList& notReady)
{
    const QSet<QString> grey(notReady.cbegin(), notReady.cend());
    if (names == m_nodes && grey == m_notReady)
        return;
    m_nodes = names;
    m_notReady = grey;
    layoutLamps();
    update();
}

QRectF ControlPlaneStrip::nodeRect(const QString& node) const
{
    for (const Lamp& l : m_lamps)
        if (l.node == node)
            return l.rect;
    return {};
}

void ControlPlaneStrip::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    layoutLamps();
}

void ControlPlaneStrip::layoutLamps()
{
    m_lamps.clear();
    const QFontMetricsF fm(font());
    const QString kubelet = QStringLiteral("kubelet");
    const QString proxy = QStringLiteral("kube-proxy");
    const qreal right = width() - 8;
    // Full lamps (name, "● kubelet ● kube-proxy") when they all fit, else name and two dots.
    auto lampWidth = [&](const QString& node, bool compact) {
        const qreal name = std::min<qreal>(fm.horizontalAdvance(node), 110) + 10;
        return compact ? name + 28 : name + fm.horizontalAdvance(kubelet) + fm.horizontalAdvance(proxy) + 40;
    };
    qreal total = 8;
    for (const QString& n : std::as_const(m_nodes))
        total += lampWidth(n, false) + 6;
    m_compactLamps = total > right;
    const QString more = tr("+%n more node(s)", nullptr, 9999);
    const qreal moreWidth = fm.horizontalAdvance(more) + 8;
    qreal x = 8;
    m_hiddenNodes = 0;
    for (int i = 0; i < m_nodes.size(); ++i) {
        const QString& n = m_nodes[i];
        const qreal w = lampWidth(n, m_compactLamps);
        const bool last = i == m_nodes.size() - 1;
        if (x + w > right - (last ? 0 : moreWidth)) {
            m_hiddenNodes = int(m_nodes.size() - i);
            break;
        }
        Lamp l;
        l.node = n;
        l.rect = QRectF(x, kLampTop, w, kLampHeight);
        const qreal name = std::min<qreal>(fm.horizontalAdvance(n), 110) + 10;
        const qreal dot = kLampHeight - 8;
        if (m_compactLamps) {
            l.kubelet = QRectF(x + name, kLampTop + 4, dot, dot);
            l.proxy = QRectF(x + name + dot + 4, kLampTop + 4, dot, dot);
        } else {
            l.kubelet = QRectF(x + name, kLampTop + 4, dot + 4 + fm.horizontalAdvance(kubelet), dot);
            l.proxy = QRectF(l.kubelet.right() + 8, kLampTop + 4, dot + 4 + fm.horizontalAdvance(proxy), dot);
        }
        m_lamps << l;
        x += w + 6;
    }
}

qreal ControlPlaneStrip::busY() const
{
    return (kBoxTop + kBoxHeight + kLampTop) / 2;
}

QList<QPointF> ControlPlaneStrip::pathToApiserver(const QPointF& from, qreal fromBottom) const
{
    const QRectF api = boxOf(0);
    const qreal y = busY();
    const qreal apiX = std::clamp(from.x(), api.left() + 12, api.right() - 12);
    return {from, QPointF(from.x(), fromBottom > y ? fromBottom : y), QPointF(from.x(), y), QPointF(apiX, y),
            QPointF(apiX, api.bottom())};
}

void ControlPlaneStrip::send(QList<QPointF> path, bool reverse)
{
    if (m_messages.size() >= kMaxMessages || !isVisible())
        return;
    if (reverse)
        std::reverse(path.begin(), path.end());
    m_messages << Message{path, 0};
    if (!m_tick.isActive()) {
        m_clock.start();
        m_tick.start();
    }
}

void ControlPlaneStrip::advance()
{
    const qreal step = qreal(m_clock.restart()) / kMessageMs;
    for (Message& m : m_messages)
        m.progress += step;
    m_messages.removeIf([](const Message& m) { return m.progress >= 1.0; });
    if (m_messages.isEmpty())
        m_tick.stop();
    update();
}

void ControlPlaneStrip::fade(const QString& key)
{
    m_glow[key] = 1.0;
    auto* fader = new QVariantAnimation(this);
    fader->setStartValue(1.0);
    fader->setEndValue(0.0);
    fader->setDuration(600);
    connect(fader, &QVariantAnimation::valueChanged, this, [this, key](const QVariant& v) {
        m_glow[key] = std::min(m_glow.value(key), v.toReal());
        update();
    });
    connect(fader, &QVariantAnimation::finished, this, [this, key] {
        m_glow[key] = 0;
        update();
    });
    fader->start(QAbstractAnimation::DeleteWhenStopped);
}

void ControlPlaneStrip::pulse(const QString& component)
{
    const qsizetype at = component.indexOf(QLatin1Char('@'));
    if (at > 0) {
        // A node's agent: its lamp lights and its message travels up to the API server
        // (the kubelet reports status); kube-proxy's comes down from it (it watches).
        const QString agent = component.left(at);
        const QString node = component.mid(at + 1);
        if (agent != QLatin1String("kubelet") && agent != QLatin1String("kube-proxy"))
            return;
        const bool kubelet = agent == QLatin1String("kubelet");
        int sent = 0;
        for (const Lamp& l : std::as_const(m_lamps)) {
            if (node != QLatin1String("*") && l.node != node)
                continue;
            fade(agent + QLatin1Char('@') + l.node);
            const QRectF lamp = kubelet ? l.kubelet : l.proxy;
            if (sent++ < 6)
                send(pathToApiserver(QPointF(lamp.left() + lamp.height() / 2, lamp.top()), lamp.top()), !kubelet);
        }
        update();
        return;
    }
    const int index = int(components().indexOf(component));
    if (index < 0)
        return;
    fade(component);
    const QRectF box = boxOf(index);
    if (component == QLatin1String("apiserver")) {
        const QRectF etcd = boxOf(1);
        send({QPointF(box.right(), box.center().y()), QPointF(etcd.left(), etcd.center().y())}, false);
    } else if (component != QLatin1String("etcd")) {
        send(pathToApiserver(QPointF(box.center().x(), box.bottom()), box.bottom()), false);
    }
    update();
}

QSize ControlPlaneStrip::sizeHint() const { return {900, int(kLampTop + kLampHeight + 4)}; }
QSize ControlPlaneStrip::minimumSizeHint() const { return {500, int(kLampTop + kLampHeight + 4)}; }

QRectF ControlPlaneStrip::boxOf(int index) const
{
    const qreal w = std::min<qreal>(190, (width() - 16 - 4 * 24) / 5.0);
    const qreal x = 8 + index * (w + 24);
    return {x, kBoxTop, w, kBoxHeight};
}

void ControlPlaneStrip::mousePressEvent(QMouseEvent* event)
{
    for (const Lamp& l : std::as_const(m_lamps))
        if (l.rect.contains(event->position())) {
            Q_EMIT nodeActivated(l.node);
            return;
        }
    QWidget::mousePressEvent(event);
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
        for (const Lamp& l : std::as_const(m_lamps))
            if (l.rect.contains(help->pos())) {
                QString text = QStringLiteral("<b>%1</b><br>").arg(l.node.toHtmlEscaped()) +
                               explanation(QStringLiteral("kubelet")) + QStringLiteral("<br>") +
                               explanation(QStringLiteral("kube-proxy"));
                if (m_notReady.contains(l.node))
                    text += QStringLiteral("<br>") + tr("The node is NotReady: its kubelet does not answer.");
                text += QStringLiteral("<br><i>") + tr("Click to select the node.") + QStringLiteral("</i>");
                QToolTip::showText(help->globalPos(), text, this);
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
    auto blend = [&](qreal g) {
        return QColor::fromRgbF(base.redF() + (lit.redF() - base.redF()) * g,
                                base.greenF() + (lit.greenF() - base.greenF()) * g,
                                base.blueF() + (lit.blueF() - base.blueF()) * g);
    };
    // The bus: every component and every node talks to the API server, and only the API
    // server talks to etcd.
    const QPen wire(palette().color(QPalette::Mid), 1.5);
    p.setPen(wire);
    const qreal y = busY();
    const QRectF api = boxOf(0);
    p.drawLine(QPointF(api.right(), api.center().y()), QPointF(boxOf(1).left(), boxOf(1).center().y()));
    qreal busRight = boxOf(int(names.size()) - 1).center().x();
    for (const Lamp& l : std::as_const(m_lamps))
        busRight = std::max(busRight, l.kubelet.left() + l.kubelet.height() / 2);
    p.drawLine(QPointF(api.center().x(), api.bottom()), QPointF(api.center().x(), y));
    p.drawLine(QPointF(std::min(api.center().x(), 8.0 + kLampHeight / 2), y), QPointF(busRight, y));
    for (int i = 2; i < names.size(); ++i)
        p.drawLine(QPointF(boxOf(i).center().x(), boxOf(i).bottom()), QPointF(boxOf(i).center().x(), y));
    for (const Lamp& l : std::as_const(m_lamps))
        p.drawLine(QPointF(l.kubelet.left() + l.kubelet.height() / 2, y), QPointF(l.kubelet.left() + l.kubelet.height() / 2, l.rect.top()));

    for (int i = 0; i < names.size(); ++i) {
        const QRectF r = boxOf(i);
        const qreal g = m_glow.value(names[i]);
        p.setPen(QPen(g > 0.05 ? scenes::okabeito::orange : palette().color(QPalette::Mid), 1.2 + g));
        p.setBrush(blend(g));
        p.drawRoundedRect(r, 6, 6);
        p.setPen(g > 0.5 ? QColor(0x20, 0x20, 0x20) : palette().color(QPalette::ButtonText));
        QFont f = font();
        f.setBold(g > 0.05);
        p.setFont(f);
        p.drawText(r, Qt::AlignCenter, p.fontMetrics().elidedText(displayName(names[i]), Qt::ElideMiddle, int(r.width() - 6)));
    }

    // Node lamps: the node's name, then its kubelet and its kube-proxy.
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() > 0 ? small.pointSizeF() * 0.85 : 8);
    p.setFont(small);
    for (const Lamp& l : std::as_const(m_lamps)) {
        const bool down = m_notReady.contains(l.node);
        p.setPen(QPen(palette().color(QPalette::Mid), 1, down ? Qt::DashLine : Qt::SolidLine));
        p.setBrush(palette().color(down ? QPalette::Window : QPalette::Base));
        p.drawRoundedRect(l.rect, 5, 5);
        p.setPen(down ? palette().color(QPalette::PlaceholderText) : palette().color(QPalette::Text));
        p.drawText(QRectF(l.rect.left() + 5, l.rect.top(), l.kubelet.left() - l.rect.left() - 6, l.rect.height()),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   p.fontMetrics().elidedText(l.node, Qt::ElideMiddle, int(l.kubelet.left() - l.rect.left() - 8)));
        for (auto [rect, agent] : {std::pair{l.kubelet, QStringLiteral("kubelet")}, std::pair{l.proxy, QStringLiteral("kube-proxy")}}) {
            const qreal g = m_glow.value(agent + QLatin1Char('@') + l.node);
            const QRectF dot(rect.left(), rect.top(), rect.height(), rect.height());
            p.setPen(QPen(g > 0.05 ? scenes::okabeito::orange : palette().color(QPalette::Mid), 1));
            p.setBrush(down ? palette().color(QPalette::Mid) : g > 0.05 ? blend(g) : QColor(scenes::okabeito::bluishGreen).lighter(150));
            p.drawEllipse(dot);
            if (!m_compactLamps) {
                p.setPen(down ? palette().color(QPalette::PlaceholderText) : palette().color(QPalette::Text));
                p.drawText(QRectF(dot.right() + 3, l.rect.top(), rect.width() - dot.width() - 2, l.rect.height()),
                           Qt::AlignLeft | Qt::AlignVCenter, agent);
            }
        }
    }
    if (m_hiddenNodes > 0) {
        p.setPen(palette().color(QPalette::Text));
        const qreal x = m_lamps.isEmpty() ? 8 : m_lamps.back().rect.right() + 8;
        p.drawText(QRectF(x, kLampTop, width() - x - 4, kLampHeight), Qt::AlignLeft | Qt::AlignVCenter,
                   tr("+%n more node(s)", nullptr, m_hiddenNodes));
    } else if (m_lamps.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(QRectF(8, kLampTop, width() - 16, kLampHeight), Qt::AlignLeft | Qt::AlignVCenter,
                   tr("No nodes yet: drag a Node from the palette onto the canvas."));
    }

    // Messages in flight: a dot along its path.
    p.setPen(QPen(QColor(0x20, 0x20, 0x20), 1));
    p.setBrush(scenes::okabeito::orange);
    for (const Message& m : std::as_const(m_messages)) {
        qreal length = 0;
        for (int i = 1; i < m.path.size(); ++i)
            length += QLineF(m.path[i - 1], m.path[i]).length();
        qreal left = std::clamp<qreal>(m.progress, 0, 1) * length;
        QPointF at = m.path.constFirst();
        for (int i = 1; i < m.path.size(); ++i) {
            const QLineF segment(m.path[i - 1], m.path[i]);
            if (left <= segment.length()) {
                at = segment.length() > 0 ? segment.pointAt(left / segment.length()) : segment.p2();
                break;
            }
            left -= segment.length();
            at = m.path[i];
        }
        p.drawEllipse(at, 4, 4);
    }
}

} // namespace kubelab::ui

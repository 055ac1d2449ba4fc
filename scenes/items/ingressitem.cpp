// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenes/items/ingressitem.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

#include "scenes/items/podstyle.h"

namespace kubelab::scenes {

namespace {

constexpr qreal kPost = 12;

/// `example.com/api → api:80`, `* /` for any host, `default → web:80` for the default backend.
QString rowText(const IngressRuleView& rule)
{
    const QString backend = rule.service + QLatin1Char(':') + rule.port;
    if (rule.isDefault)
        return IngressItem::tr("default backend → %1").arg(backend);
    const QString host = rule.host.isEmpty() ? QStringLiteral("*") : rule.host;
    return QStringLiteral("%1%2 → %3").arg(host, rule.path.isEmpty() ? QStringLiteral("/") : rule.path, backend);
}

} // namespace

IngressItem::IngressItem(const IngressView& view, QGraphicsItem* parent)
    : QGraphicsObject(parent)
    , m_view(view)
{
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    updateToolTip();
}

void IngressItem::setView(const IngressView& view)
{
    if (view == m_view)
        return;
    prepareGeometryChange();
    m_view = view;
    updateToolTip();
    update();
}

void IngressItem::updateToolTip()
{
    QStringList lines;
    lines << tr("Ingress %1: requests from outside come in here and go to the Service of the rule that matches "
                "their host and path (the longest path wins; Exact before Prefix)")
                 .arg(m_view.name);
    for (const IngressRuleView& rule : std::as_const(m_view.rules))
        lines << QStringLiteral("  ") + rowText(rule) +
                     (rule.pathType.isEmpty() ? QString() : QStringLiteral("  (%1)").arg(rule.pathType));
    if (!m_view.tlsHosts.isEmpty())
        lines << tr("TLS for %1").arg(m_view.tlsHosts.join(QStringLiteral(", ")));
    if (!m_view.address.isEmpty())
        lines << tr("The ingress controller answers at %1 (its ADDRESS)").arg(m_view.address);
    setToolTip(lines.join(QLatin1Char('\n')));
}

qreal IngressItem::height() const
{
    const qsizetype rows = std::max<qsizetype>(1, m_view.rules.size()) + (m_view.tlsHosts.isEmpty() ? 0 : 1);
    return kLintel + qreal(rows) * kRow + 8;
}

QPointF IngressItem::rowPoint(int index) const
{
    if (index < 0 || index >= m_view.rules.size())
        return mapToScene(QPointF(kWidth / 2, kLintel / 2));
    return mapToScene(QPointF(0, kLintel + index * kRow + kRow / 2));
}

QPointF IngressItem::exitPoint(int index) const
{
    const qreal step = kWidth / qreal(std::max<qsizetype>(1, m_view.rules.size()) + 1);
    return mapToScene(QPointF(step * (index + 1), 0));
}

int IngressItem::rowOf(const QString& service, const QString& host, const QString& path) const
{
    // The rule with this backend whose host and path fit best: the routing itself is the
    // engine's (it named the backend); this only picks which row to light.
    int best = -1;
    qsizetype bestLength = -1;
    for (int i = 0; i < m_view.rules.size(); ++i) {
        const IngressRuleView& rule = m_view.rules[i];
        if (rule.service != service)
            continue;
        const bool hostFits = rule.isDefault || rule.host.isEmpty() || rule.host == host ||
                              (rule.host.startsWith(QLatin1String("*.")) && host.endsWith(rule.host.mid(1)));
        const bool pathFits = rule.isDefault || path.startsWith(rule.path);
        const qsizetype length = rule.isDefault ? 0 : rule.path.size() + 1;
        if (hostFits && pathFits && length > bestLength) {
            best = i;
            bestLength = length;
        }
    }
    return best;
}

QRectF IngressItem::boundingRect() const
{
    return QRectF(-2, -2, kWidth + 4, height() + 4);
}

void IngressItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const QPalette pal = QApplication::palette();
    const bool selected = option->state & QStyle::State_Selected;
    const qreal h = height();
    p->setRenderHint(QPainter::Antialiasing);
    const QColor accent = okabeito::reddishPurple;

    // The passage between the posts.
    QColor passage = accent;
    passage.setAlphaF(0.10);
    p->setPen(Qt::NoPen);
    p->setBrush(passage);
    p->drawRect(QRectF(kPost, kLintel - 6, kWidth - 2 * kPost, h - kLintel + 6));
    // Two posts and the lintel across them.
    p->setBrush(accent.darker(115));
    p->setPen(QPen(selected ? okabeito::vermilion : accent.darker(150), selected ? 2.4 : 1.0));
    p->drawRoundedRect(QRectF(0, 8, kPost, h - 8), 3, 3);
    p->drawRoundedRect(QRectF(kWidth - kPost, 8, kPost, h - 8), 3, 3);
    p->setBrush(accent);
    p->drawRoundedRect(QRectF(-4, 0, kWidth + 8, kLintel - 6), 6, 6);

    QFont f = p->font();
    const qreal base = f.pointSizeF() > 0 ? f.pointSizeF() : 9;
    f.setBold(true);
    p->setFont(f);
    p->setPen(Qt::white);
    const QRectF lintel(6, 1, kWidth - 12, 18);
    p->drawText(lintel, Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(QStringLiteral("ing/") + m_view.name, Qt::ElideRight, int(kWidth - 90)));
    f.setBold(false);
    f.setPointSizeF(base * 0.8);
    p->setFont(f);
    p->drawText(lintel, Qt::AlignRight | Qt::AlignVCenter,
                m_view.className.isEmpty() ? tr("default class") : m_view.className);
    p->drawText(QRectF(6, 17, kWidth - 12, 15), Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(
                    m_view.address.isEmpty()
                        ? tr("on every node's port %1").arg(m_view.tlsHosts.isEmpty() ? QStringLiteral("80") : QStringLiteral("80, 443"))
                        : tr("address %1").arg(m_view.address),
                    Qt::ElideRight, int(kWidth - 12)));

    // One row per way through.
    p->setPen(pal.color(QPalette::Text));
    qreal y = kLintel;
    const QRectF inner(kPost + 6, 0, kWidth - 2 * kPost - 12, kRow);
    if (m_view.rules.isEmpty())
        p->drawText(inner.translated(0, y), Qt::AlignLeft | Qt::AlignVCenter, tr("(no rules: every request gets 404)"));
    for (const IngressRuleView& rule : std::as_const(m_view.rules)) {
        p->drawText(inner.translated(0, y), Qt::AlignLeft | Qt::AlignVCenter,
                    p->fontMetrics().elidedText(rowText(rule), Qt::ElideMiddle, int(inner.width())));
        y += kRow;
    }
    if (!m_view.tlsHosts.isEmpty()) {
        if (m_view.rules.isEmpty())
            y += kRow;
        p->drawText(inner.translated(0, y), Qt::AlignLeft | Qt::AlignVCenter,
                    p->fontMetrics().elidedText(tr("TLS: %1").arg(m_view.tlsHosts.join(QStringLiteral(", "))),
                                                Qt::ElideRight, int(inner.width())));
    }
}

} // namespace kubelab::scenes

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/requestpanel.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTimer>
#include <QToolTip>

#include "scenes/items/podstyle.h"

namespace kubelab::ui {

namespace okabeito = scenes::okabeito;

namespace {
constexpr int kMargin = 6;
constexpr int kArrow = 14;
constexpr int kStorage = RequestPanel::kStages - 1;
} // namespace

RequestPanel::RequestPanel(QWidget* parent)
    : QWidget(parent)
    , m_animation(new QTimer(this))
{
    setObjectName(QStringLiteral("requestPanel"));
    m_clock.start();
    m_animation->setInterval(30);
    connect(m_animation, &QTimer::timeout, this, [this] {
        update();
        bool moving = false;
        for (int i = 0; i < m_entries.size() && !moving; ++i)
            moving = shownStages(i) < lastStage(m_entries[i].request) + 1;
        if (!moving)
            m_animation->stop();
    });
    retranslate();
}

QString RequestPanel::stageText(int stage)
{
    switch (stage) {
    case 0: return tr("authentication");
    case 1: return tr("authorization (RBAC)");
    case 2: return tr("mutating admission");
    case 3: return tr("validation");
    case 4: return tr("validating admission");
    default: return tr("etcd");
    }
}

QString RequestPanel::shortStageText(int stage)
{
    switch (stage) {
    case 0: return tr("authn", "authentication, abbreviated");
    case 1: return tr("authz", "authorization, abbreviated");
    case 2: return tr("mutating", "mutating admission, abbreviated");
    case 3: return tr("valid?", "validation, abbreviated");
    case 4: return tr("validating", "validating admission, abbreviated");
    default: return tr("etcd");
    }
}

void RequestPanel::retranslate()
{
    m_empty = tr("Every request you make (console, canvas, inspector, kubectl when it may connect) passes the API server's stages here: "
                 "who are you, may you, admission plugins that change it, is it valid, admission plugins that "
                 "check it, then etcd. A refused request stops, red, where it was refused.");
    setToolTip(QString());
    update();
}

void RequestPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void RequestPanel::append(const QList<RequestRow>& requests)
{
    const qint64 now = m_clock.elapsed();
    // Several at once (a manifest of many objects) start one after the other.
    qint64 start = now;
    if (!m_entries.isEmpty())
        start = std::max(now, m_entries.front().arrivedMs + qint64(kStageMs) * 2);
    for (const RequestRow& r : requests) {
        m_entries.prepend(Entry{r, start});
        start += kStageMs * 2;
    }
    while (m_entries.size() > kMaxRows)
        m_entries.removeLast();
    updateGeometry();
    m_animation->start();
    update();
}

void RequestPanel::clear()
{
    m_entries.clear();
    updateGeometry();
    update();
}

bool RequestPanel::skipped(const RequestRow& r, int stage) const
{
    return !r.write && stage >= 2 && stage <= 4;
}

int RequestPanel::lastStage(const RequestRow& r) const
{
    return std::clamp(r.stage, 0, kStorage);
}

int RequestPanel::shownStages(int i) const
{
    if (i < 0 || i >= m_entries.size())
        return 0;
    const Entry& e = m_entries[i];
    const qint64 elapsed = m_clock.elapsed() - e.arrivedMs;
    if (elapsed < 0)
        return 0;
    return int(std::min<qint64>(lastStage(e.request) + 1, elapsed / kStageMs + 1));
}

int RequestPanel::rowHeight(int i) const
{
    const int line = fontMetrics().height();
    const bool refused = m_entries[i].request.refused;
    return kMargin + line + 4 + line + 8 + (refused ? line + 2 : 0) + kMargin;
}

int RequestPanel::rowTop(int i) const
{
    int y = 0;
    for (int k = 0; k < i; ++k)
        y += rowHeight(k);
    return y;
}

QRect RequestPanel::stageRect(int i, int stage) const
{
    const int line = fontMetrics().height();
    const int top = rowTop(i) + kMargin + line + 4;
    const int chip = std::max(30, (width() - 2 * kMargin - (kStages - 1) * kArrow) / kStages);
    return QRect(kMargin + stage * (chip + kArrow), top, chip, line + 6);
}

QString RequestPanel::summary(const RequestRow& r) const
{
    const QString who = r.user.isEmpty() ? tr("unknown user") : r.user;
    QString what = r.verb;
    if (!r.resource.isEmpty())
        what += QLatin1Char(' ') + r.resource + (r.name.isEmpty() ? QString() : QLatin1Char('/') + r.name);
    if (!r.ns.isEmpty())
        what += QStringLiteral(" -n ") + r.ns;
    if (r.dryRun)
        what += QStringLiteral(" --dry-run=server");
    return QStringLiteral("%1 · %2").arg(who, what);
}

void RequestPanel::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    if (m_entries.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(kMargin * 2, kMargin * 2, -kMargin * 2, -kMargin * 2),
                   Qt::AlignTop | Qt::AlignLeft | Qt::TextWordWrap, m_empty);
        return;
    }
    const int line = fontMetrics().height();
    for (int i = 0; i < m_entries.size(); ++i) {
        const RequestRow& r = m_entries[i].request;
        const int top = rowTop(i);
        if (top > height())
            break;
        const int shown = shownStages(i);
        const bool done = shown == lastStage(r) + 1;
        // The headline: ✓ or ✗, who, what.
        QRect head(kMargin, top + kMargin, width() - 2 * kMargin, line);
        QString mark = !done ? QStringLiteral("…") : r.refused ? QStringLiteral("✗") : QStringLiteral("✓");
        p.setPen(done && r.refused ? okabeito::vermilion : done ? okabeito::bluishGreen : pal.color(QPalette::Text));
        p.drawText(head, Qt::AlignLeft | Qt::AlignVCenter, mark);
        p.setPen(pal.color(QPalette::Text));
        const int markWidth = fontMetrics().horizontalAdvance(QStringLiteral("✗ "));
        p.drawText(head.adjusted(markWidth, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                   fontMetrics().elidedText(summary(r), Qt::ElideRight, head.width() - markWidth));
        // The stages.
        for (int s = 0; s < kStages; ++s) {
            const QRect box = stageRect(i, s);
            const bool lit = s < shown && !skipped(r, s);
            const bool refusedHere = done && r.refused && s == lastStage(r);
            const bool dryRunStop = done && r.dryRun && !r.refused && s == kStorage;
            QColor fill = Qt::transparent;
            QColor edge = okabeito::grey;
            QColor text = pal.color(QPalette::PlaceholderText);
            Qt::PenStyle style = Qt::SolidLine;
            if (skipped(r, s) || dryRunStop) {
                style = Qt::DotLine;
            } else if (refusedHere) {
                fill = okabeito::vermilion;
                edge = okabeito::vermilion;
                text = Qt::white;
            } else if (lit) {
                fill = okabeito::bluishGreen;
                edge = okabeito::bluishGreen;
                text = Qt::white;
            }
            p.setPen(QPen(edge, 1.2, style));
            p.setBrush(fill);
            p.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
            p.setPen(text);
            const QString mark = refusedHere ? QStringLiteral("✗ ") : QString();
            QString label = mark + stageText(s);
            if (fontMetrics().horizontalAdvance(label) > box.width() - 6)
                label = mark + shortStageText(s);
            p.drawText(box.adjusted(3, 0, -3, 0), Qt::AlignCenter,
                       fontMetrics().elidedText(label, Qt::ElideRight, box.width() - 6));
            if (s + 1 < kStages) {
                const int y = box.center().y();
                const int x0 = box.right() + 3, x1 = box.right() + kArrow - 3;
                p.setPen(QPen(s + 1 < shown && !refusedHere ? okabeito::bluishGreen : okabeito::grey, 1.2));
                p.drawLine(x0, y, x1, y);
                p.drawLine(x1 - 4, y - 3, x1, y);
                p.drawLine(x1 - 4, y + 3, x1, y);
            }
        }
        if (r.refused && done) {
            const QRect box = stageRect(i, 0);
            QRect why(kMargin, box.bottom() + 4, width() - 2 * kMargin, line);
            QString text = r.plugin.isEmpty() ? r.message : tr("%1: %2").arg(r.plugin, r.message);
            p.setPen(okabeito::vermilion);
            p.drawText(why, Qt::AlignLeft | Qt::AlignVCenter, fontMetrics().elidedText(text, Qt::ElideRight, why.width()));
        }
        p.setPen(QPen(pal.color(QPalette::Mid), 0.5));
        const int bottom = top + rowHeight(i) - 1;
        p.drawLine(kMargin, bottom, width() - kMargin, bottom);
    }
}

bool RequestPanel::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        for (int i = 0; i < m_entries.size(); ++i) {
            const int top = rowTop(i);
            if (help->pos().y() < top || help->pos().y() >= top + rowHeight(i))
                continue;
            const RequestRow& r = m_entries[i].request;
            QString tip = summary(r) + QLatin1Char('\n');
            if (r.refused)
                tip += tr("Refused at: %1").arg(stageText(lastStage(r))) +
                       (r.plugin.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(r.plugin)) + QLatin1Char('\n') +
                       r.message;
            else if (r.dryRun)
                tip += tr("Admitted and valid; a server dry run is never written to etcd.");
            else if (!r.write)
                tip += tr("A read: no admission; the answer comes from etcd (the API server's watch cache).");
            else
                tip += tr("Admitted, valid and written to etcd.");
            QToolTip::showText(help->globalPos(), tip, this);
            return true;
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QWidget::event(event);
}

QSize RequestPanel::sizeHint() const
{
    return {640, 260};
}

QSize RequestPanel::minimumSizeHint() const
{
    return {320, 80};
}

} // namespace kubelab::ui

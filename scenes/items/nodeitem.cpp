// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenes/items/nodeitem.h"

#include <algorithm>
#include <cmath>

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>
#include <QVarLengthArray>
#include <QVariantAnimation>

#include "scenes/items/paintcache.h"
#include "scenes/items/poditem.h"
#include "scenes/items/podstyle.h"

namespace kubelab::scenes {

namespace {

constexpr qreal kFullWidth = NodeItem::kColumns * PodItem::kWidth + (NodeItem::kColumns + 1) * 6;
constexpr qreal kCompactWidth = 170;
constexpr qreal kHeader = 46;
constexpr qreal kBarsTop = kHeader + 2;
constexpr qreal kBarRow = 44;   // caption, bar, usage caption
constexpr qreal kChipsTop = kBarsTop + 2 * kBarRow + 6;
constexpr qreal kFooter = 20;

QString percent(qint64 part, qint64 whole)
{
    return whole > 0 ? QString::number(qRound(100.0 * double(part) / double(whole))) + QLatin1Char('%')
                     : QStringLiteral("–");
}

} // namespace

NodeItem::NodeItem(const NodeView& view, QGraphicsItem* parent)
    : QGraphicsObject(parent)
    , m_view(view)
{
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setZValue(-1);
    updateToolTip();
}

void NodeItem::setView(const NodeView& view)
{
    if (view == m_view)
        return;
    m_view = view;
    barsChanged();
    updateToolTip();
    update();
}

void NodeItem::setPods(const QList<PodView>& pods)
{
    if (pods == m_pods)
        return;
    const QSizeF before = size();
    m_pods = pods;
    barsChanged();
    m_podFills.clear();
    m_podFills.reserve(m_pods.size());
    for (const PodView& pod : std::as_const(m_pods)) {
        const PodStyle style = podStyle(pod);
        m_podFills.append(style.filled ? style.colour : style.colour.lighter(160));
    }
    if (size() != before)
        prepareGeometryChange();
    updateToolTip();
    update();
}

void NodeItem::setUsage(const std::optional<UsageView>& usage)
{
    if (usage == m_usage)
        return;
    m_usage = usage;
    barsChanged();
    updateToolTip();
    update();
}

void NodeItem::setForm(Form form)
{
    if (form == m_form)
        return;
    prepareGeometryChange();
    m_form = form;
    barsChanged();
    update();
}

QSizeF NodeItem::size() const
{
    if (m_form == Form::Compact)
        return {kCompactWidth, 62};
    const int rows = std::clamp(int((m_pods.size() + kColumns - 1) / kColumns), 1, kMaxRows);
    return {kFullWidth, kChipsTop + rows * (PodItem::kHeight + 6) + kFooter};
}

QPointF NodeItem::slotPos(int index) const
{
    const int slot = std::min(index, visibleSlots() - 1);
    return {6 + (slot % kColumns) * (PodItem::kWidth + 6), kChipsTop + (slot / kColumns) * (PodItem::kHeight + 6)};
}

void NodeItem::flash()
{
    if (!m_flashAnimation) {
        m_flashAnimation = new QVariantAnimation(this);
        m_flashAnimation->setStartValue(1.0);
        m_flashAnimation->setEndValue(0.0);
        m_flashAnimation->setDuration(500);
        connect(m_flashAnimation, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) {
            // In steps of 1/16 (one every 31 ms): the eye sees a smooth fade, and the box is
            // painted half as often as at every frame, its background from one of 17 pictures.
            const qreal flash = std::round(v.toReal() * 16) / 16;
            if (flash != m_flash) {
                m_flash = flash;
                update();
            }
        });
    }
    // Many kubelet events at once light the box once, from the start.
    m_flashAnimation->stop();
    m_flashAnimation->start();
}

void NodeItem::setVerdict(const std::optional<NodeVerdict>& verdict)
{
    const bool same = verdict.has_value() == m_verdict.has_value() &&
                      (!verdict || (verdict->feasible == m_verdict->feasible && verdict->chosen == m_verdict->chosen &&
                                    verdict->reason == m_verdict->reason && verdict->score == m_verdict->score));
    if (same)
        return;
    m_verdict = verdict;
    update();
}

void NodeItem::updateToolTip()
{
    QStringList labels;
    for (auto it = m_view.labels.cbegin(); it != m_view.labels.cend(); ++it)
        labels << QStringLiteral("%1=%2").arg(it.key(), it.value()).toHtmlEscaped();
    QString tip = QStringLiteral("<b>%1</b><br>").arg(m_view.name.toHtmlEscaped());
    tip += tr("Allocatable: cpu %1, memory %2, pods %3")
               .arg(formatCpu(m_view.cpuAllocatable), formatBytes(m_view.memoryAllocatable))
               .arg(m_view.podsAllocatable);
    if (m_usage)
        tip += QStringLiteral("<br>") + tr("Actual usage (metrics-server): cpu %1, memory %2")
                                            .arg(formatCpu(m_usage->cpu), formatBytes(m_usage->memory));
    tip += QStringLiteral("<br>") + tr("Labels:") + QStringLiteral("<br>&nbsp;&nbsp;") +
           labels.join(QStringLiteral("<br>&nbsp;&nbsp;"));
    setToolTip(tip);
}

QRectF NodeItem::boundingRect() const
{
    const QSizeF s = size();
    // Over-commit spills past the outline: leave room for it.
    return QRectF(-3, -3, s.width() + 60, s.height() + 6);
}

void NodeItem::barsChanged()
{
    m_barPictures = {};
    m_barsShown = false;
}

NodeItem::BarSums NodeItem::barSums(const QRectF& bar, bool cpu) const
{
    BarSums sums;
    sums.allocatable = cpu ? m_view.cpuAllocatable : m_view.memoryAllocatable;
    sums.scale = sums.allocatable > 0 ? bar.width() / double(sums.allocatable) : 0;
    sums.end = bar.left();
    for (const PodView& pod : m_pods) {
        const qint64 request = cpu ? pod.cpuRequest : pod.memoryRequest;
        const qint64 limit = cpu ? pod.cpuLimit : pod.memoryLimit;
        sums.requested += request;
        sums.limited += std::max(limit, request);
        sums.end += request > 0 ? std::max<qreal>(1.0, request * sums.scale) : 2.0;
    }
    if (m_usage && sums.scale > 0)
        sums.used = cpu ? m_usage->cpu : m_usage->memory;
    return sums;
}

void NodeItem::drawBarShapes(QPainter* p, const QPalette& pal, const QRectF& bar, bool cpu) const
{
    const qint64 allocatable = cpu ? m_view.cpuAllocatable : m_view.memoryAllocatable;
    p->setPen(Qt::NoPen);
    p->setBrush(pal.color(QPalette::Base));
    p->drawRect(bar);
    qint64 requested = 0;
    qint64 limited = 0;
    qreal x = bar.left();
    const qreal scale = allocatable > 0 ? bar.width() / double(allocatable) : 0;
    // Each pod a segment with a thin outline of the bar's colour, which parts it from the next.
    // A run of segments of one colour is filled as one rectangle, and the outlines are drawn
    // after, in one stroke: stroking each segment's rectangle took most of a box's paint.
    QVarLengthArray<QLineF, 64> seams;
    qreal runStart = x;
    for (qsizetype i = 0; i < m_pods.size(); ++i) {
        const PodView& pod = m_pods[i];
        const qint64 request = cpu ? pod.cpuRequest : pod.memoryRequest;
        const qint64 limit = cpu ? pod.cpuLimit : pod.memoryLimit;
        requested += request;
        limited += std::max(limit, request);
        const qreal w = request > 0 ? std::max<qreal>(1.0, request * scale) : 2.0;
        seams.append(QLineF(x, bar.top(), x, bar.bottom()));
        x += w;
        if (i + 1 == m_pods.size() || m_podFills[i + 1] != m_podFills[i]) {
            p->setBrush(m_podFills[i]);
            p->drawRect(QRectF(runStart, bar.top(), x - runStart, bar.height()));
            runStart = x;
        }
    }
    if (!m_pods.isEmpty()) {
        seams.append(QLineF(x, bar.top(), x, bar.bottom()));
        seams.append(QLineF(bar.left(), bar.top(), x, bar.top()));
        seams.append(QLineF(bar.left(), bar.bottom(), x, bar.bottom()));
        p->setPen(QPen(pal.color(QPalette::Base), 0.6));
        p->drawLines(seams.data(), int(seams.size()));
    }
    // Limits beyond the requests: a hatched extension.
    if (limited > requested && scale > 0) {
        const qreal w = (limited - requested) * scale;
        QColor hatch = pal.color(QPalette::Text);
        hatch.setAlphaF(0.45);
        p->setPen(Qt::NoPen);
        p->setBrush(QBrush(hatch, Qt::BDiagPattern));
        p->drawRect(QRectF(x, bar.top(), w, bar.height()));
    }
    const bool overCommitted = limited > allocatable || requested > allocatable;
    drawRoundedBox(p, bar, 0, QPen(overCommitted ? okabeito::vermilion : pal.color(QPalette::Mid), overCommitted ? 1.6 : 1.0),
                   Qt::transparent);

    // Actual usage (metrics-server): a dark line across the bar with a caret under it.
    if (m_usage && scale > 0) {
        const qint64 used = cpu ? m_usage->cpu : m_usage->memory;
        const qreal ux = bar.left() + std::min<qreal>(used * scale, bar.width() + 50);
        p->setPen(QPen(pal.color(QPalette::Text), 2));
        p->drawLine(QPointF(ux, bar.top() - 2), QPointF(ux, bar.bottom() + 2));
        if (m_form == Form::Full) {
            p->setPen(Qt::NoPen);
            p->setBrush(pal.color(QPalette::Text));
            p->drawPolygon(QPolygonF({QPointF(ux, bar.bottom() + 1), QPointF(ux - 3.5, bar.bottom() + 6),
                                      QPointF(ux + 3.5, bar.bottom() + 6)}));
        }
    }
}

void NodeItem::drawBar(QPainter* p, const QPalette& pal, const QRectF& bar, bool cpu) const
{
    const BarSums sums = barSums(bar, cpu);
    const QTransform& t = p->worldTransform();
    // At the canvas's own scale bars that were painted once unchanged are drawn into a picture
    // of device pixels, and that picture is painted while they stay the same: the frames of a
    // burst repaint every box on screen, and a flash changes only the background. Bars that
    // just changed are drawn as they are (they may change again at the next frame). The
    // picture gives the same pixels (to a unit of rounding); zoomed boxes (and the minimap)
    // are drawn as they are, since a hatch's pattern would not come out the same; faint and
    // fading boxes paint the picture at their opacity (see fromPictures).
    const bool cached = m_barsShown && fromPictures(p);
    if (!cached) {
        drawBarShapes(p, pal, bar, cpu);
    } else {
        // What the shapes cover: over-commit and the usage line may pass the bar's end; pens
        // and the caret reach a few pixels beyond its edges.
        const qreal ux = sums.used ? bar.left() + std::min<qreal>(*sums.used * sums.scale, bar.width() + 50) : bar.left();
        const qreal hatchEnd = sums.end + std::max<qreal>(0, (sums.limited - sums.requested) * sums.scale);
        const QRectF extent(QPointF(bar.left() - 3, bar.top() - 5),
                            QPointF(std::max({bar.right(), sums.end, hatchEnd, ux + 4}) + 3, bar.bottom() + 9));
        const QRectF device = t.mapRect(extent);
        const QPoint origin(qFloor(device.left()), qFloor(device.top()));
        const QSize size(qCeil(device.right()) - origin.x(), qCeil(device.bottom()) - origin.y());
        const QTransform local = t * QTransform::fromTranslate(-origin.x(), -origin.y());
        BarPicture& picture = m_barPictures[cpu ? 0 : 1];
        if (picture.image.size() != size || picture.transform != local || picture.palette != pal.cacheKey() ||
            picture.hints != p->renderHints()) {
            picture.image = QImage(size, QImage::Format_ARGB32_Premultiplied);
            picture.image.fill(Qt::transparent);
            QPainter painter(&picture.image);
            painter.setRenderHints(p->renderHints());
            painter.setTransform(local);
            drawBarShapes(&painter, pal, bar, cpu);
            picture.transform = local;
            picture.palette = pal.cacheKey();
            picture.hints = p->renderHints();
        }
        p->save();
        p->resetTransform();
        p->drawImage(origin, picture.image);
        p->restore();
    }

    if (m_form != Form::Full)
        return;
    const qint64 allocatable = sums.allocatable;
    if (sums.used) {
        const qint64 used = *sums.used;
        const qreal ux = bar.left() + std::min<qreal>(used * sums.scale, bar.width() + 50);
        QFont f = p->font();
        f.setPointSizeF(7);
        p->setFont(f);
        p->setPen(pal.color(QPalette::Text));
        const QString caption = tr("used %1 (%2)").arg(cpu ? formatCpu(used) : formatBytes(used),
                                                       percent(used, allocatable));
        const qreal w = p->fontMetrics().horizontalAdvance(caption) + 4;
        const qreal left = std::clamp(ux - w / 2, bar.left(), std::max(bar.left(), bar.right() - w));
        p->drawText(QRectF(left, bar.bottom() + 4, w, 11), Qt::AlignCenter, caption);
    }
    QFont f = p->font();
    f.setPointSizeF(7.5);
    p->setFont(f);
    p->setPen(pal.color(QPalette::Text));
    const qint64 requested = sums.requested;
    const qint64 limited = sums.limited;
    const QString amount = cpu ? formatCpu(requested) : formatBytes(requested);
    const QString whole = cpu ? formatCpu(allocatable) : formatBytes(allocatable);
    const QString label = cpu ? tr("CPU requested %1 of %2 (%3)") : tr("Memory requested %1 of %2 (%3)");
    p->drawText(QRectF(bar.left(), bar.top() - 13, bar.width(), 12), Qt::AlignLeft | Qt::AlignVCenter,
                label.arg(amount, whole, percent(requested, allocatable)));
    if (limited > requested) {
        const QString limits = tr("limits %1").arg(cpu ? formatCpu(limited) : formatBytes(limited));
        p->drawText(QRectF(bar.left(), bar.top() - 13, bar.width(), 12), Qt::AlignRight | Qt::AlignVCenter, limits);
    }
}

void NodeItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*)
{
    if (m_dimmed)
        p->setOpacity(p->opacity() * 0.18);
    const QPalette pal = QApplication::palette();
    const QSizeF s = size();
    const QRectF box(0, 0, s.width(), s.height());
    const bool selected = option->state & QStyle::State_Selected;
    const bool usable = m_view.ready && !m_view.unschedulable;
    p->setRenderHint(QPainter::Antialiasing);

    QColor background = pal.color(QPalette::AlternateBase);
    if (!m_view.ready)
        background = pal.color(QPalette::Window).darker(115);
    if (m_flash > 0)
        background = QColor::fromRgbF(background.redF() * (1 - m_flash * 0.25), background.greenF(),
                                      background.blueF() * (1 - m_flash * 0.1) + m_flash * 0.1);
    drawRoundedBox(p, box, 6,
                   QPen(selected ? okabeito::blue : pal.color(QPalette::Dark), selected ? 2.5 : 1.2,
                        usable ? Qt::SolidLine : Qt::DashLine),
                   background);

    QFont f = p->font();
    const qreal base = f.pointSizeF() > 0 ? f.pointSizeF() : 9;
    QColor text = pal.color(QPalette::Text);
    if (!m_view.ready)
        text = pal.color(QPalette::PlaceholderText);

    const QString count = QStringLiteral("%1/%2").arg(m_pods.size()).arg(m_view.podsAllocatable);
    if (m_form == Form::Compact) {
        f.setPointSizeF(base * 0.85);
        f.setBold(true);
        p->setFont(f);
        p->setPen(text);
        m_captions[0].draw(p, m_view.name, QRectF(6, 2, s.width() - 60, 18), Qt::AlignLeft, Qt::ElideMiddle);
        f.setBold(false);
        p->setFont(f);
        m_captions[1].draw(p, count, QRectF(s.width() - 56, 2, 50, 18), Qt::AlignRight);
        drawBar(p, pal, QRectF(6, 24, s.width() - 12, 10), true);
        drawBar(p, pal, QRectF(6, 40, s.width() - 12, 10), false);
        m_barsShown = true;
        if (!m_view.ready) {
            p->setPen(okabeito::vermilion);
            p->drawText(QRectF(6, 50, s.width() - 12, 12), Qt::AlignLeft | Qt::AlignVCenter, tr("NotReady"));
        }
        return;
    }

    // Header: name, zone and role, Ready, taints, pod count.
    f.setPointSizeF(base * 1.05);
    f.setBold(true);
    p->setFont(f);
    p->setPen(text);
    p->drawText(QRectF(10, 3, s.width() - 110, 20), Qt::AlignLeft | Qt::AlignVCenter,
                p->fontMetrics().elidedText(m_view.name, Qt::ElideMiddle, int(s.width() - 110)));
    f.setBold(false);
    f.setPointSizeF(base * 0.8);
    p->setFont(f);
    QString where = m_view.zone.isEmpty() ? tr("no zone") : m_view.zone;
    if (!m_view.role.isEmpty())
        where += QStringLiteral(" · ") + m_view.role;
    p->drawText(QRectF(s.width() - 100, 3, 90, 20), Qt::AlignRight | Qt::AlignVCenter, where);

    // Ready lamp with its word.
    const QColor lamp = m_view.ready ? okabeito::bluishGreen : okabeito::vermilion;
    p->setPen(Qt::NoPen);
    p->setBrush(lamp);
    p->drawEllipse(QRectF(10, 27, 9, 9));
    p->setPen(text);
    QString state = m_view.ready ? tr("Ready") : tr("NotReady");
    if (m_view.unschedulable)
        state += QStringLiteral(", ") + tr("SchedulingDisabled");
    qreal x = 23;
    const qreal stateWidth = p->fontMetrics().horizontalAdvance(state);
    p->drawText(QRectF(x, 23, stateWidth + 2, 18), Qt::AlignLeft | Qt::AlignVCenter, state);
    x += stateWidth + 8;

    const qreal countWidth = p->fontMetrics().horizontalAdvance(count) + 4;
    for (const TaintView& t : m_view.taints) {
        const QString chip = QStringLiteral("%1:%2").arg(t.key, t.effect);
        const qreal w = p->fontMetrics().horizontalAdvance(chip) + 22;
        if (x + w > s.width() - countWidth - 10)
            break;
        const QRectF c(x, 25, w, 14);
        QColor chipColour = t.effect == QLatin1String("NoExecute") ? okabeito::vermilion : okabeito::orange;
        p->setPen(QPen(chipColour.darker(130), 1));
        chipColour.setAlphaF(0.25);
        p->setBrush(chipColour);
        p->drawRoundedRect(c, 7, 7);
        // A "no entry" sign: pods without a matching toleration stay out.
        const QRectF sign(c.left() + 4, c.top() + 2.5, 9, 9);
        p->setPen(Qt::NoPen);
        p->setBrush(t.effect == QLatin1String("NoExecute") ? okabeito::vermilion : okabeito::orange);
        p->drawEllipse(sign);
        p->setPen(QPen(Qt::white, 1.6));
        p->drawLine(QPointF(sign.left() + 2, sign.center().y()), QPointF(sign.right() - 2, sign.center().y()));
        p->setPen(text);
        p->drawText(c.adjusted(14, 0, 0, 0), Qt::AlignCenter, chip);
        x += w + 4;
    }
    p->setPen(text);
    p->drawText(QRectF(s.width() - countWidth - 10, 23, countWidth, 18), Qt::AlignRight | Qt::AlignVCenter, count);

    drawBar(p, pal, QRectF(8, kBarsTop + 13, s.width() - 16, 10), true);
    drawBar(p, pal, QRectF(8, kBarsTop + kBarRow + 13, s.width() - 16, 10), false);
    m_barsShown = true;

    if (m_pods.size() > visibleSlots()) {
        p->setPen(text);
        const QPointF last = slotPos(visibleSlots() - 1);
        const QRectF more(last.x(), last.y(), PodItem::kWidth, PodItem::kHeight);
        p->setBrush(pal.color(QPalette::Window));
        p->drawRoundedRect(more, 5, 5);
        p->drawText(more, Qt::AlignCenter, tr("+%n more", nullptr, int(m_pods.size() - visibleSlots() + 1)));
    }

    if (m_verdict) {
        // The scheduler's verdict for the selected pod, over the box.
        // In the footer's place, so no pod chip is hidden.
        const QRectF band(4, s.height() - kFooter + 1, s.width() - 8, kFooter - 3);
        if (!m_verdict->feasible) {
            QColor wash = pal.color(QPalette::Window);
            wash.setAlphaF(0.55);
            p->setPen(Qt::NoPen);
            p->setBrush(wash);
            p->drawRoundedRect(box, 6, 6);
        }
        const QColor colour = m_verdict->feasible ? okabeito::bluishGreen : okabeito::vermilion;
        p->setPen(QPen(colour, m_verdict->chosen ? 3 : 1.5));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(box.adjusted(1, 1, -1, -1), 6, 6);
        QColor fill = colour;
        fill.setAlphaF(0.9);
        p->setBrush(fill);
        p->setPen(Qt::NoPen);
        p->drawRoundedRect(band, 4, 4);
        f.setPointSizeF(base * 0.8);
        f.setBold(true);
        p->setFont(f);
        p->setPen(Qt::white);
        const QString text = !m_verdict->feasible ? tr("Filtered out: %1").arg(m_verdict->reason)
                             : m_verdict->chosen  ? tr("Chosen by the scheduler (score %1)").arg(m_verdict->score)
                                                  : tr("Feasible (score %1)").arg(m_verdict->score);
        p->drawText(band.adjusted(6, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter,
                    p->fontMetrics().elidedText(text, Qt::ElideRight, int(band.width() - 12)));
        f.setBold(false);
    }

    if (m_verdict)
        return;
    p->setPen(pal.color(QPalette::PlaceholderText));
    f.setPointSizeF(base * 0.72);
    p->setFont(f);
    p->drawLine(QPointF(8, s.height() - kFooter + 2), QPointF(s.width() - 8, s.height() - kFooter + 2));
    p->drawText(QRectF(10, s.height() - kFooter + 2, s.width() - 20, kFooter - 2), Qt::AlignLeft | Qt::AlignVCenter,
                tr("kubelet · kube-proxy"));
}

} // namespace kubelab::scenes

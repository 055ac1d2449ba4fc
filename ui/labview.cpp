// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/labview.h"

#include <algorithm>
#include <utility>

#include <QApplication>
#include <QContextMenuEvent>
#include <QDragEnterEvent>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyleOptionGraphicsItem>
#include <QWheelEvent>

#include "scenes/framebudget.h"
#include "scenes/items/nodeitem.h"
#include "scenes/items/poditem.h"
#include "scenes/items/podstyle.h"
#include "scenes/labscene.h"

namespace kubelab::ui {

LabView::LabView(scenes::LabScene* scene, QWidget* parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setObjectName(QStringLiteral("canvas"));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setAcceptDrops(true);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_miniMap = new MiniMap(scene, this, this);
    connect(scene, &QGraphicsScene::sceneRectChanged, m_miniMap, &MiniMap::refit);
    placeMiniMap();
}

qreal LabView::zoom() const
{
    return transform().m11();
}

void LabView::scaleBy(qreal factor)
{
    const qreal target = std::clamp(zoom() * factor, 0.08, 4.0);
    factor = target / zoom();
    scale(factor, factor);
    m_miniMap->viewport()->update();
}

void LabView::zoomIn() { scaleBy(1.25); }
void LabView::zoomOut() { scaleBy(0.8); }

void LabView::resetZoom()
{
    resetTransform();
    m_miniMap->viewport()->update();
}

void LabView::zoomToFit()
{
    fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
    if (zoom() > 1.0)
        resetTransform();
    m_miniMap->viewport()->update();
}

void LabView::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        scaleBy(event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15);
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void LabView::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasFormat(QLatin1String(kKindMime)))
        event->acceptProposedAction();
    else
        event->ignore();
}

void LabView::dragMoveEvent(QDragMoveEvent* event)
{
    if (event->mimeData()->hasFormat(QLatin1String(kKindMime)))
        event->acceptProposedAction();
    else
        event->ignore();
}

void LabView::dropEvent(QDropEvent* event)
{
    if (!event->mimeData()->hasFormat(QLatin1String(kKindMime))) {
        event->ignore();
        return;
    }
    const QString kind = QString::fromUtf8(event->mimeData()->data(QLatin1String(kKindMime)));
    event->acceptProposedAction();
    dropKind(kind, event->position().toPoint());
}

void LabView::dropKind(const QString& kind, const QPoint& viewportPos)
{
    const QPointF scenePos = mapToScene(viewportPos);
    const scenes::NodeItem* node = m_scene->nodeAt(scenePos);
    Q_EMIT kindDropped(kind, scenePos, node ? node->view().name : QString(), m_scene->zoneAt(scenePos));
}

void LabView::contextMenuEvent(QContextMenuEvent* event)
{
    for (QGraphicsItem* item = itemAt(event->pos()); item; item = item->parentItem())
        if (item->flags() & QGraphicsItem::ItemIsSelectable) {
            scene()->clearSelection();
            item->setSelected(true);
            Q_EMIT objectMenuRequested(event->globalPos());
            event->accept();
            return;
        }
    QGraphicsView::contextMenuEvent(event);
}

namespace {

/// An item as it is drawn, half transparent, to follow the mouse.
QPixmap dragImage(QGraphicsItem* item, qreal dpr)
{
    const QRectF bounds = item->boundingRect();
    QPixmap image((bounds.size() * dpr).toSize());
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.setOpacity(0.75);
    painter.translate(-bounds.topLeft());
    QStyleOptionGraphicsItem option;
    item->paint(&painter, &option, nullptr);
    return image;
}

} // namespace

void LabView::mousePressEvent(QMouseEvent* event)
{
    m_drag.reset();
    if (event->button() == Qt::LeftButton) {
        const QPointF scenePos = mapToScene(event->position().toPoint());
        CanvasDrag drag;
        drag.pressedAt = event->position().toPoint();
        if (scenes::PodItem* pod = m_scene->podAt(scenePos)) {
            drag.ns = pod->view().ns;
            drag.name = pod->view().name;
            drag.from = pod->view().nodeName;
            drag.image = dragImage(pod, devicePixelRatioF());
            m_drag = std::move(drag);
        } else if (scenes::NodeItem* node = m_scene->nodeAt(scenePos)) {
            drag.node = true;
            drag.name = node->view().name;
            drag.from = node->view().zone;
            drag.image = dragImage(node, devicePixelRatioF());
            m_drag = std::move(drag);
        }
    }
    QGraphicsView::mousePressEvent(event);
}

void LabView::mouseMoveEvent(QMouseEvent* event)
{
    if (m_drag && (event->buttons() & Qt::LeftButton)) {
        const QPoint pos = event->position().toPoint();
        if (!m_drag->dragging && (pos - m_drag->pressedAt).manhattanLength() >= QApplication::startDragDistance())
            m_drag->dragging = true;
        if (m_drag->dragging) {
            const QPointF scenePos = mapToScene(pos);
            m_drag->imageAt = scenePos;
            if (m_drag->node) {
                m_drag->target = m_scene->zoneAt(scenePos);
                m_drag->targetRect = m_drag->target.isEmpty() ? QRectF() : m_scene->zoneRect(m_drag->target);
            } else {
                const scenes::NodeItem* node = m_scene->nodeAt(scenePos);
                m_drag->target = node ? node->view().name : QString();
                m_drag->targetRect = node ? node->sceneBoundingRect() : QRectF();
            }
            viewport()->setCursor(m_drag->refused() ? Qt::ForbiddenCursor : Qt::ClosedHandCursor);
            viewport()->update();
            event->accept();
            return;
        }
    }
    QGraphicsView::mouseMoveEvent(event);
}

void LabView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_drag && m_drag->dragging && event->button() == Qt::LeftButton) {
        const CanvasDrag drag = *m_drag;
        endDrag();
        // The press went to the scene (the item got selected); let it see the release too.
        QGraphicsView::mouseReleaseEvent(event);
        if (drag.node)
            Q_EMIT nodeDragged(drag.name, drag.target);
        else
            Q_EMIT podDragged(drag.ns, drag.name, drag.target);
        return;
    }
    m_drag.reset();
    QGraphicsView::mouseReleaseEvent(event);
}

void LabView::endDrag()
{
    m_drag.reset();
    viewport()->unsetCursor();
    viewport()->update();
}

void LabView::drawForeground(QPainter* painter, const QRectF& rect)
{
    QGraphicsView::drawForeground(painter, rect);
    if (!m_drag || !m_drag->dragging)
        return;
    painter->save();
    if (!m_drag->targetRect.isNull() && m_drag->target != m_drag->from) {
        // Bluish green: the drop does something; vermilion, dashed: a bound pod cannot move.
        const bool refused = m_drag->refused();
        QPen pen(refused ? scenes::okabeito::vermilion : scenes::okabeito::bluishGreen, 3);
        pen.setCosmetic(true);
        pen.setStyle(refused ? Qt::DashLine : Qt::SolidLine);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(m_drag->targetRect.adjusted(-3, -3, 3, 3), 8, 8);
    }
    const QSizeF size = m_drag->image.deviceIndependentSize();
    painter->drawPixmap(QRectF(m_drag->imageAt - QPointF(size.width() / 2, size.height() / 2), size), m_drag->image,
                        QRectF(m_drag->image.rect()));
    painter->restore();
}

void LabView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    placeMiniMap();
}

void LabView::scrollContentsBy(int dx, int dy)
{
    QGraphicsView::scrollContentsBy(dx, dy);
    m_miniMap->viewport()->update();
}

void LabView::placeMiniMap()
{
    const QSize size(200, 130);
    const QRect area = viewport()->geometry();
    m_miniMap->setGeometry(area.right() - size.width() - 8, area.bottom() - size.height() - 8, size.width(),
                           size.height());
    m_miniMap->raise();
}

MiniMap::MiniMap(QGraphicsScene* scene, QGraphicsView* main, QWidget* parent)
    : QGraphicsView(scene, parent)
    , m_main(main)
{
    setObjectName(QStringLiteral("minimap"));
    setInteractive(false);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFrameShape(QFrame::Box);
    setToolTip(tr("Overview: click to move the view there"));
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    setCursor(Qt::PointingHandCursor);
    m_refreshTimer.setObjectName(QStringLiteral("minimapRefresh"));
    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, &MiniMap::refreshPass);
}

void MiniMap::refit()
{
    fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
    scheduleRefresh();
}

void MiniMap::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    refit();
}

void MiniMap::paintEvent(QPaintEvent* event)
{
    if (m_rendering) {
        QGraphicsView::paintEvent(event);
        return;
    }
    // The scene or the main view changed (or the picture did): a new picture later.
    scheduleRefresh();
    if (m_picture.size() != viewport()->size() * viewport()->devicePixelRatio()) {
        // No picture yet (or of another size): the view paints itself this time.
        QGraphicsView::paintEvent(event);
        return;
    }
    QPainter painter(viewport());
    painter.drawImage(QPointF(0, 0), m_picture);
    painter.setRenderHints(renderHints());
    painter.setWorldTransform(viewportTransform());
    drawForeground(&painter, mapToScene(event->rect()).boundingRect());
}

void MiniMap::scheduleRefresh()
{
    if (m_nextRow >= 0) {
        m_changedMeanwhile = true;
        return;
    }
    if (m_refreshTimer.isActive())
        return;
    const qint64 since = m_sinceRefresh.isValid() ? m_sinceRefresh.elapsed() : kRefreshMs;
    m_refreshTimer.start(int(std::max<qint64>(0, kRefreshMs - since)));
}

void MiniMap::refreshPass()
{
    if (!isVisible()) {
        // Hidden: nothing to render; the first paint once shown renders the picture.
        m_nextRow = -1;
        m_picture = QImage();
        return;
    }
    const int budget = scenes::FrameBudget::take(kPassBudgetMs, m_refreshTimer);
    if (budget == 0)
        return;
    const scenes::FrameBudget::Slice slice;
    QElapsedTimer clock;
    clock.start();
    const qreal ratio = viewport()->devicePixelRatio();
    const QSize size = viewport()->size();
    if (m_nextRow < 0 || m_next.size() != size * ratio) {
        m_next = QImage(size * ratio, QImage::Format_ARGB32_Premultiplied);
        m_next.setDevicePixelRatio(ratio);
        m_next.fill(Qt::transparent);
        m_nextRow = 0;
        m_changedMeanwhile = false;
        m_sinceRefresh.start();
    }
    // Bands of a quarter of the height, painted as the view paints itself, as many as the pass
    // allows.
    const int band = std::max(1, (size.height() + 3) / 4);
    m_rendering = true;
    do {
        const QRect rows(0, m_nextRow, size.width(), std::min(band, size.height() - m_nextRow));
        viewport()->render(&m_next, rows.topLeft(), QRegion(rows));
        m_nextRow += rows.height();
    } while (m_nextRow < size.height() && clock.elapsed() < budget);
    m_rendering = false;
    if (m_nextRow < size.height()) {
        m_refreshTimer.start(0);
        return;
    }
    m_nextRow = -1;
    const bool changed = m_next != m_picture;
    if (changed)
        m_picture = std::exchange(m_next, QImage());
    if (m_changedMeanwhile)
        scheduleRefresh();
    // Only a picture that differs asks for a paint, which asks for the next picture: a scene
    // at rest ends the round.
    if (changed)
        viewport()->update();
}

void MiniMap::drawForeground(QPainter* painter, const QRectF&)
{
    if (m_rendering)
        return;
    const QRectF visible = m_main->mapToScene(m_main->viewport()->rect()).boundingRect();
    QColor fill = palette().color(QPalette::Highlight);
    fill.setAlphaF(0.15);
    painter->setBrush(fill);
    painter->setPen(QPen(palette().color(QPalette::Highlight), 0));
    painter->drawRect(visible);
}

void MiniMap::mousePressEvent(QMouseEvent* event)
{
    m_main->centerOn(mapToScene(event->position().toPoint()));
    viewport()->update();
}

void MiniMap::mouseMoveEvent(QMouseEvent* event)
{
    if (event->buttons() & Qt::LeftButton)
        mousePressEvent(event);
}

} // namespace kubelab::ui

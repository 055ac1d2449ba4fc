// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QGraphicsView>
#include <QImage>
#include <QPixmap>
#include <QTimer>

#include <optional>

namespace kubelab::scenes {
class LabScene;
} // namespace kubelab::scenes

namespace kubelab::ui {

class MiniMap;

/// The canvas view: zoom (Ctrl+wheel, keys), pan (drag the background), a minimap in the
/// corner, drops from the palette, pods dragged onto node boxes and nodes into zones.
class LabView final : public QGraphicsView {
    Q_OBJECT
public:
    /// The MIME type of a palette drag; its data is the Kind (`Pod`, `Node`, ...).
    static constexpr const char* kKindMime = "application/x-kubelab-kind";

    explicit LabView(scenes::LabScene* scene, QWidget* parent = nullptr);

    [[nodiscard]] scenes::LabScene* labScene() const { return m_scene; }
    [[nodiscard]] qreal zoom() const;
    /// Drops a kind at a viewport point, as a drag from the palette would.
    void dropKind(const QString& kind, const QPoint& viewportPos);

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void zoomToFit();
    void resetZoom();

Q_SIGNALS:
    /// A kind was dropped at `scenePos`; `nodeName` is the node box under it (if any) and
    /// `zone` the zone section.
    void kindDropped(const QString& kind, const QPointF& scenePos, const QString& nodeName, const QString& zone);
    /// The context menu was asked for over an object (now selected).
    void objectMenuRequested(const QPoint& globalPos);
    /// A pod chip was dragged and released over node box `nodeName` (empty: over no node).
    void podDragged(const QString& ns, const QString& name, const QString& nodeName);
    /// A node box was dragged and released over the section of `zone` (empty: over none).
    void nodeDragged(const QString& name, const QString& zone);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    void scaleBy(qreal factor);
    void placeMiniMap();
    void endDrag();

    scenes::LabScene* m_scene = nullptr;
    MiniMap* m_miniMap = nullptr;

    /// A pod chip or a node box pressed with the left button, and once the mouse moved far
    /// enough, dragged: a copy of it follows the mouse and the target under it is outlined.
    /// A pod goes to a node box (green when a pending pod can be bound there, vermilion when
    /// the pod is bound elsewhere); a node goes to a zone's section (its zone label).
    struct CanvasDrag {
        bool node = false; ///< a node box, else a pod chip
        QString ns;
        QString name;
        QString from;      ///< the pod's node, or the node's zone
        QPoint pressedAt;
        bool dragging = false;
        QPixmap image;
        QPointF imageAt;   ///< scene position of the image's centre
        QString target;    ///< node box (for a pod) or zone (for a node) under the mouse
        QRectF targetRect;
        [[nodiscard]] bool refused() const { return !node && !from.isEmpty() && !target.isEmpty() && target != from; }
    };
    std::optional<CanvasDrag> m_drag;
};

/// A small view of the whole scene with the main view's viewport marked; a click there
/// centres the main view.
///
/// It shows a picture of the scene, not the scene itself: drawing every item of a big lab
/// again at each change cost as much as the canvas's own frame, in the same pass of the event
/// loop. A change the view is told of (any paint request) renders a new picture at most every
/// `kRefreshMs`, a few bands per pass of the event loop, and the picture is shown once it is
/// whole and differs from the one shown.
class MiniMap final : public QGraphicsView {
    Q_OBJECT
public:
    /// Wall milliseconds between two pictures of a changing scene.
    static constexpr int kRefreshMs = 200;
    /// Wall milliseconds of rendering per pass of the event loop (at least one band).
    static constexpr int kPassBudgetMs = 4;

    MiniMap(QGraphicsScene* scene, QGraphicsView* main, QWidget* parent);
    void refit();

protected:
    void paintEvent(QPaintEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void scheduleRefresh();
    /// Renders bands of the next picture for about `kPassBudgetMs`; shows it when whole.
    void refreshPass();

    QGraphicsView* m_main = nullptr;
    QImage m_picture;           ///< what the minimap shows, the viewport's size
    QImage m_next;              ///< the picture being rendered
    int m_nextRow = -1;         ///< first row of m_next still to render; -1: none under way
    bool m_changedMeanwhile = false;
    bool m_rendering = false;   ///< painting a band of m_next: the view's own paint, no marker
    QTimer m_refreshTimer;
    QElapsedTimer m_sinceRefresh;
};

} // namespace kubelab::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGraphicsObject>
#include <QHash>
#include <QSizeF>
#include <QString>

namespace kubelab::scenes {

class NodeItem;
struct StoryItem;

/// A short-lived mark over a node box while the canvas replays a scheduling cycle: a node
/// the filters rejected is greyed with its reason, a feasible one gets a score bar (its
/// total against the best), the winner a bold bar; a node nominated by preemption gets a
/// dashed outline. It is a child of the node's item, fades in, holds, fades out and
/// deletes itself.
class DecisionOverlay final : public QGraphicsObject {
    Q_OBJECT
public:
    enum { Type = UserType + 20 };
    enum class Mark { Filtered, Scored, Chosen, Nominated };

    DecisionOverlay(QGraphicsItem* node, QSizeF size, Mark mark, QString text, double fraction);

    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    [[nodiscard]] Mark mark() const { return m_mark; }
    [[nodiscard]] QString text() const { return m_text; }
    /// Shows, holds for `holdMs` and fades out; 0 ms removes it at once.
    void play(int fadeMs, int holdMs);

    /// Replays a story event on the node boxes: the scheduler's Scheduled or
    /// FailedScheduling (its verdict per node), or Preempted (the nominated node). Returns
    /// the marks made (owned by the node items).
    static QList<DecisionOverlay*> replay(const StoryItem& event, const QHash<QString, NodeItem*>& nodes, int fadeMs,
                                          int holdMs);

private:
    QSizeF m_size;
    Mark m_mark;
    QString m_text;
    double m_fraction = 0; ///< the score bar's length, 0..1
};

} // namespace kubelab::scenes

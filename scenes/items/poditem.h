// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGraphicsObject>

#include "scenes/labsnapshot.h"

namespace kubelab::scenes {

/// A pod as a chip: coloured by state (Okabe-Ito), with a glyph per state, a stripe in its
/// ReplicaSet generation's hue, its owner's badge and its restart counter.
class PodItem final : public QGraphicsObject {
    Q_OBJECT
public:
    enum { Type = UserType + 1 };
    static constexpr qreal kWidth = 140;
    static constexpr qreal kHeight = 22;

    explicit PodItem(const PodView& view, QGraphicsItem* parent = nullptr);

    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] const PodView& view() const { return m_view; }
    void setView(const PodView& view);
    /// Rotation of the ContainerCreating spinner, in degrees.
    void setSpinnerAngle(int degrees);
    [[nodiscard]] bool spins() const;

    [[nodiscard]] QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    /// Drawn faint when the canvas's namespace or label filter leaves it out.
    void setDimmed(bool dimmed)
    {
        if (dimmed != m_dimmed) {
            m_dimmed = dimmed;
            repaintEverywhere();
        }
    }
    [[nodiscard]] bool dimmed() const { return m_dimmed; }

private:
    bool m_dimmed = false;
    void updateToolTip();
    /// Repaints the chip in every view of the scene (see the definition).
    void repaintEverywhere();

    PodView m_view;
    int m_spinnerAngle = 0;
};

} // namespace kubelab::scenes

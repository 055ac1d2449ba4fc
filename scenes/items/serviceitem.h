// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGraphicsObject>

#include "scenes/labsnapshot.h"

namespace kubelab::scenes {

/// A Service: its name, type, cluster IP and ports, and how many ready pods its selector
/// finds (its endpoints).
class ServiceItem final : public QGraphicsObject {
    Q_OBJECT
public:
    enum { Type = UserType + 3 };
    static constexpr qreal kWidth = 214;
    static constexpr qreal kHeight = 58;

    explicit ServiceItem(const ServiceView& view, QGraphicsItem* parent = nullptr);

    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] const ServiceView& view() const { return m_view; }
    void setView(const ServiceView& view);
    void setEndpoints(int ready, int total);

    [[nodiscard]] QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    /// Drawn faint when the canvas's namespace or label filter leaves it out.
    void setDimmed(bool dimmed)
    {
        if (dimmed != m_dimmed) {
            m_dimmed = dimmed;
            update();
        }
    }
    [[nodiscard]] bool dimmed() const { return m_dimmed; }

private:
    bool m_dimmed = false;
    ServiceView m_view;
    int m_ready = 0;
    int m_total = 0;
};

} // namespace kubelab::scenes

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGraphicsObject>

#include "scenes/labsnapshot.h"

namespace kubelab::scenes {

/// A PersistentVolume (a disk) or a PersistentVolumeClaim (a request for one), with its
/// size, class and phase. The scene draws the binding line between the two.
class VolumeItem final : public QGraphicsObject {
    Q_OBJECT
public:
    enum { Type = UserType + 4 };
    static constexpr qreal kWidth = 170;
    static constexpr qreal kHeight = 50;

    explicit VolumeItem(const VolumeView& volume, QGraphicsItem* parent = nullptr);
    explicit VolumeItem(const ClaimView& claim, QGraphicsItem* parent = nullptr);

    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] bool isClaim() const { return m_isClaim; }
    [[nodiscard]] const VolumeView& volume() const { return m_volume; }
    [[nodiscard]] const ClaimView& claim() const { return m_claim; }
    void setVolume(const VolumeView& volume);
    void setClaim(const ClaimView& claim);

    [[nodiscard]] QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    bool m_isClaim = false;
    VolumeView m_volume;
    ClaimView m_claim;
};

} // namespace kubelab::scenes

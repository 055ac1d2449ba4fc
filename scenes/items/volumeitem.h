// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGraphicsObject>

#include "scenes/labsnapshot.h"

namespace kubelab::scenes {

/// A PersistentVolume (a disk), a PersistentVolumeClaim (a request for one), with its size,
/// class and phase, or a StorageClass (the factory that makes volumes for claims). The scene
/// draws the binding line between claim and volume, and the line from a class to each volume
/// its provisioner made.
class VolumeItem final : public QGraphicsObject {
    Q_OBJECT
public:
    enum { Type = UserType + 4 };
    static constexpr qreal kWidth = 170;
    static constexpr qreal kHeight = 50;

    explicit VolumeItem(const VolumeView& volume, QGraphicsItem* parent = nullptr);
    explicit VolumeItem(const ClaimView& claim, QGraphicsItem* parent = nullptr);
    explicit VolumeItem(const StorageClassView& storageClass, QGraphicsItem* parent = nullptr);

    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] bool isClaim() const { return m_role == Role::Claim; }
    [[nodiscard]] bool isStorageClass() const { return m_role == Role::StorageClass; }
    [[nodiscard]] const VolumeView& volume() const { return m_volume; }
    [[nodiscard]] const ClaimView& claim() const { return m_claim; }
    [[nodiscard]] const StorageClassView& storageClass() const { return m_class; }
    void setVolume(const VolumeView& volume);
    void setClaim(const ClaimView& claim);
    void setStorageClass(const StorageClassView& storageClass);
    /// What a claim waits for, said in its last line instead of its phase (empty: the phase).
    void setNote(const QString& note);
    [[nodiscard]] QString note() const { return m_note; }

    [[nodiscard]] QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    enum class Role { Volume, Claim, StorageClass };
    void paintStorageClass(QPainter* painter, bool selected);

    Role m_role = Role::Volume;
    VolumeView m_volume;
    ClaimView m_claim;
    StorageClassView m_class;
    QString m_note;
};

} // namespace kubelab::scenes

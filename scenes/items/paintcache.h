// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the canvas draws again and again, kept in its drawn form: a canvas shows hundreds of
// node boxes that look alike and repaints many of them at each step of a burst, and an
// antialiased outline or a line of shaped text costs far more than copying its pixels.

#include <QColor>
#include <QFont>
#include <QPen>
#include <QStaticText>
#include <QString>

class QPainter;
class QRectF;

namespace kubelab::scenes {

/// Whether shapes may be painted from a picture of them in device pixels: the painter only
/// translates, with source-over blending, onto a device of one pixel per unit. The picture
/// then gives the pixels the shapes give drawn directly (to a unit of rounding). At an opacity
/// under one (a box fading in or out, or left out by the filter) the picture is painted at that
/// opacity: its shapes fade as one, which differs from fading each over the other by a shade
/// where they overlap.
[[nodiscard]] bool fromPictures(const QPainter* p);

/// A rectangle with its outline, as drawRoundedRect(box, radius, radius) draws it with `pen`
/// and `fill` (radius 0: square corners; a transparent fill: the outline alone). Where the painter is pixel exact it is painted from a picture shared by
/// every box of the same size, radius, pen, fill and sub-pixel offset, where `fromPictures`.
void drawRoundedBox(QPainter* p, const QRectF& box, qreal radius, const QPen& pen, const QColor& fill);

/// A line of text laid out once and drawn from its glyphs while the text, the font and the
/// width stay the same (drawText lays out and shapes its text again at every paint).
class Caption final {
public:
    /// Draws `text` in `rect` with the painter's font and pen, vertically centred, aligned left
    /// or right, elided to the rect's width by `elide` (none by default), as drawText would.
    void draw(QPainter* p, const QString& text, const QRectF& rect, Qt::Alignment horizontal,
              Qt::TextElideMode elide = Qt::ElideNone);

private:
    QString m_source;
    QFont m_font;
    qreal m_width = -1;
    Qt::TextElideMode m_elide = Qt::ElideNone;
    QStaticText m_laid;
};

} // namespace kubelab::scenes

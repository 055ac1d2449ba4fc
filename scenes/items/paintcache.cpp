// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenes/items/paintcache.h"

#include <cmath>

#include <QFontMetrics>
#include <QHash>
#include <QImage>
#include <QPaintDevice>
#include <QPainter>
#include <QRectF>

namespace kubelab::scenes {

namespace {

/// Everything a rounded box's pixels depend on.
struct BoxKey {
    qreal width = 0;
    qreal height = 0;
    qreal radius = 0;
    quint64 pen = 0;   ///< QRgba64
    qreal penWidth = 0;
    int penStyle = 0;
    int penCap = 0;
    int penJoin = 0;
    quint64 fill = 0;   ///< QRgba64
    qreal dx = 0;   ///< the box's sub-pixel offset on the device
    qreal dy = 0;
    int hints = 0;
    bool operator==(const BoxKey&) const = default;
};

size_t qHash(const BoxKey& k, size_t seed = 0)
{
    return qHashMulti(seed, k.width, k.height, k.radius, k.pen, k.penWidth, k.penStyle, k.penCap, k.penJoin, k.fill,
                      k.dx, k.dy, k.hints);
}

/// Boxes of a canvas come in a few sizes and states; a flash's fading colours add a few
/// dozen more. Past this many bytes of pictures they are all drawn again as needed.
constexpr qsizetype kMaxBoxPictureBytes = 8 << 20;

} // namespace

bool fromPictures(const QPainter* p)
{
    return p->compositionMode() == QPainter::CompositionMode_SourceOver &&
           p->worldTransform().type() <= QTransform::TxTranslate && p->device() &&
           p->device()->devicePixelRatio() == 1.0;
}

void drawRoundedBox(QPainter* p, const QRectF& box, qreal radius, const QPen& pen, const QColor& fill)
{
    if (!fromPictures(p)) {
        p->setPen(pen);
        p->setBrush(fill.alpha() > 0 ? QBrush(fill) : QBrush(Qt::NoBrush));
        p->drawRoundedRect(box, radius, radius);
        return;
    }
    const QPointF at = p->worldTransform().map(box.topLeft());
    const BoxKey key{box.width(),         box.height(),       radius,
                     pen.color().rgba64(), pen.widthF(),       int(pen.style()),
                     int(pen.capStyle()), int(pen.joinStyle()), fill.rgba64(),
                     at.x() - std::floor(at.x()), at.y() - std::floor(at.y()), int(p->renderHints())};
    // The outline reaches half its width outside the box, and antialiasing a pixel more.
    const qreal margin = std::ceil(pen.widthF() / 2) + 1;
    static QHash<BoxKey, QImage> pictures;
    static qsizetype bytes = 0;
    auto picture = pictures.constFind(key);
    if (picture == pictures.cend()) {
        QImage image(int(std::ceil(box.width() + 2 * margin + 1)), int(std::ceil(box.height() + 2 * margin + 1)),
                     QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHints(p->renderHints());
        painter.translate(margin + key.dx, margin + key.dy);
        painter.setPen(pen);
        painter.setBrush(fill.alpha() > 0 ? QBrush(fill) : QBrush(Qt::NoBrush));
        painter.drawRoundedRect(QRectF(QPointF(0, 0), box.size()), radius, radius);
        painter.end();
        if (bytes + image.sizeInBytes() > kMaxBoxPictureBytes) {
            pictures.clear();
            bytes = 0;
        }
        bytes += image.sizeInBytes();
        picture = pictures.insert(key, image);
    }
    // At a whole device pixel: the picture's pixels are copied as they are.
    p->drawImage(box.topLeft() - QPointF(key.dx + margin, key.dy + margin), *picture);
}

void Caption::draw(QPainter* p, const QString& text, const QRectF& rect, Qt::Alignment horizontal,
                   Qt::TextElideMode elide)
{
    if (text != m_source || p->font() != m_font || rect.width() != m_width || elide != m_elide) {
        m_source = text;
        m_font = p->font();
        m_width = rect.width();
        m_elide = elide;
        m_laid.setTextFormat(Qt::PlainText);
        m_laid.setText(elide == Qt::ElideNone ? text : p->fontMetrics().elidedText(text, elide, int(rect.width())));
        m_laid.prepare(QTransform(), m_font);
    }
    const QSizeF size = m_laid.size();
    const qreal x = (horizontal & Qt::AlignRight) ? rect.right() - size.width() : rect.left();
    p->drawStaticText(QPointF(x, rect.top() + (rect.height() - size.height()) / 2), m_laid);
}

} // namespace kubelab::scenes

// SPDX-License-Identifier: GPL-3.0-or-later
// What the canvas keeps in its drawn form must look as it does drawn afresh: a box from its
// shared picture as the box drawn directly, a laid-out caption as drawText's line.
#include <QImage>
#include <QPainter>
#include <QTest>

#include "scenes/items/paintcache.h"

using namespace kubelab::scenes;

class TestPaintCache final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aBoxFromItsPictureLooksAsDrawn_data();
    void aBoxFromItsPictureLooksAsDrawn();
    void onlyATranslatingPainterPaintsFromPictures();
    void aCaptionLooksAsDrawText_data();
    void aCaptionLooksAsDrawText();
};

namespace {

QImage canvas()
{
    QImage image(240, 120, QImage::Format_ARGB32_Premultiplied);
    image.fill(QColor(0xef, 0xef, 0xef));
    return image;
}

/// The largest difference of one colour channel between two images of one size.
int largestDifference(const QImage& a, const QImage& b)
{
    int most = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y);
            const QRgb q = b.pixel(x, y);
            most = std::max({most, std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                             std::abs(qBlue(p) - qBlue(q)), std::abs(qAlpha(p) - qAlpha(q))});
        }
    return most;
}

} // namespace

void TestPaintCache::aBoxFromItsPictureLooksAsDrawn_data()
{
    QTest::addColumn<QPointF>("at");
    QTest::addColumn<QSizeF>("size");
    QTest::addColumn<qreal>("radius");
    QTest::addColumn<QPen>("pen");
    QTest::addColumn<QColor>("fill");
    const QColor background(0xf7, 0xf7, 0xf7);
    QTest::addRow("node box") << QPointF(10, 10) << QSizeF(170, 62) << 6.0 << QPen(QColor(0xa0, 0xa0, 0xa0), 1.2)
                              << background;
    QTest::addRow("selected") << QPointF(10, 10) << QSizeF(170, 62) << 6.0 << QPen(QColor(0, 114, 178), 2.5)
                              << background;
    QTest::addRow("not ready, dashed") << QPointF(10, 10) << QSizeF(170, 62) << 6.0
                                       << QPen(QColor(0xa0, 0xa0, 0xa0), 1.2, Qt::DashLine) << background.darker(115);
    QTest::addRow("half a pixel off") << QPointF(20.5, 30.5) << QSizeF(170, 62) << 6.0
                                      << QPen(QColor(0xa0, 0xa0, 0xa0), 1.2) << background;
    QTest::addRow("bar outline") << QPointF(16, 34) << QSizeF(158, 10) << 0.0 << QPen(QColor(0xb0, 0xb0, 0xb0), 1.0)
                                 << QColor(Qt::transparent);
    QTest::addRow("over-committed bar") << QPointF(16, 34) << QSizeF(158, 10) << 0.0
                                        << QPen(QColor(213, 94, 0), 1.6) << QColor(Qt::transparent);
}

void TestPaintCache::aBoxFromItsPictureLooksAsDrawn()
{
    QFETCH(QPointF, at);
    QFETCH(QSizeF, size);
    QFETCH(qreal, radius);
    QFETCH(QPen, pen);
    QFETCH(QColor, fill);

    QImage drawn = canvas();
    {
        QPainter p(&drawn);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(pen);
        p.setBrush(fill.alpha() > 0 ? QBrush(fill) : QBrush(Qt::NoBrush));
        p.translate(at);
        p.drawRoundedRect(QRectF(QPointF(0, 0), size), radius, radius);
    }
    // Twice: the first paint makes the picture, the second is painted from it.
    for (int time = 0; time < 2; ++time) {
        QImage cached = canvas();
        QPainter p(&cached);
        p.setRenderHint(QPainter::Antialiasing);
        QVERIFY(fromPictures(&p));
        p.translate(at);
        drawRoundedBox(&p, QRectF(QPointF(0, 0), size), radius, pen, fill);
        p.end();
        QVERIFY(cached != canvas());
        // Blending the outline over the fill into the picture, then the picture over the
        // canvas, rounds differently from blending each over the canvas: by a unit or two.
        QVERIFY2(largestDifference(cached, drawn) <= 2, qPrintable(QString::number(largestDifference(cached, drawn))));
    }
}

void TestPaintCache::onlyATranslatingPainterPaintsFromPictures()
{
    QImage image = canvas();
    QPainter p(&image);
    p.translate(10.5, 3);
    QVERIFY(fromPictures(&p));
    p.setOpacity(0.18); // a box the filter leaves out: its picture, faint
    QVERIFY(fromPictures(&p));
    p.scale(0.5, 0.5);
    QVERIFY(!fromPictures(&p)); // the minimap, a zoomed canvas
    p.resetTransform();
    p.setCompositionMode(QPainter::CompositionMode_Source);
    QVERIFY(!fromPictures(&p));
    p.setCompositionMode(QPainter::CompositionMode_SourceOver);
    QImage sharp(40, 40, QImage::Format_ARGB32_Premultiplied);
    sharp.setDevicePixelRatio(2);
    QPainter onSharp(&sharp);
    QVERIFY(!fromPictures(&onSharp)); // a high-density screen: two pixels per unit
}

void TestPaintCache::aCaptionLooksAsDrawText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("alignment");
    QTest::addColumn<int>("elide");
    QTest::addColumn<bool>("bold");
    QTest::addRow("name") << QStringLiteral("node-17") << int(Qt::AlignLeft) << int(Qt::ElideMiddle) << true;
    QTest::addRow("long name, elided") << QStringLiteral("worker-node-in-zone-europe-west-3-b-0042") << int(Qt::AlignLeft)
                                       << int(Qt::ElideMiddle) << true;
    QTest::addRow("pod count") << QStringLiteral("17/110") << int(Qt::AlignRight) << int(Qt::ElideNone) << false;
    QTest::addRow("Chinese") << QStringLiteral("节点-一") << int(Qt::AlignLeft) << int(Qt::ElideMiddle) << false;
}

void TestPaintCache::aCaptionLooksAsDrawText()
{
    QFETCH(QString, text);
    QFETCH(int, alignment);
    QFETCH(int, elide);
    QFETCH(bool, bold);
    const QRectF rect(6, 2, 110, 18);
    auto paint = [&](const std::function<void(QPainter&)>& draw) {
        QImage image = canvas();
        QPainter p(&image);
        p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        QFont f = p.font();
        f.setBold(bold);
        p.setFont(f);
        p.setPen(Qt::black);
        p.translate(20, 40);
        draw(p);
        return image;
    };
    const QImage drawn = paint([&](QPainter& p) {
        const QString shown = elide == Qt::ElideNone
                                  ? text
                                  : p.fontMetrics().elidedText(text, Qt::TextElideMode(elide), int(rect.width()));
        p.drawText(rect, alignment | Qt::AlignVCenter, shown);
    });
    Caption caption;
    for (int time = 0; time < 2; ++time) {
        const QImage laid = paint([&](QPainter& p) {
            caption.draw(&p, text, rect, Qt::Alignment(alignment), Qt::TextElideMode(elide));
        });
        QVERIFY(laid != canvas());
        QCOMPARE(laid, drawn);
    }
}

QTEST_MAIN(TestPaintCache)
#include "tst_paintcache.moc"

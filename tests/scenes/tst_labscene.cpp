// SPDX-License-Identifier: GPL-3.0-or-later
#include <QElapsedTimer>
#include <QGraphicsView>
#include <QTest>

#include "scenes/items/nodeitem.h"
#include "scenes/items/poditem.h"
#include "scenes/items/podstyle.h"
#include "scenes/labscene.h"

using namespace kubelab::scenes;

namespace {

NodeView node(const QString& name, const QString& zone)
{
    NodeView n;
    n.name = name;
    n.zone = zone;
    n.ready = true;
    n.cpuAllocatable = 4000;
    n.memoryAllocatable = qint64(8) << 30;
    n.podsAllocatable = 110;
    return n;
}

PodView pod(const QString& name, const QString& nodeName, const QString& phase = QStringLiteral("Running"))
{
    PodView p;
    p.ns = QStringLiteral("default");
    p.name = name;
    p.nodeName = nodeName;
    p.phase = phase;
    p.status = phase;
    p.ready = phase == QLatin1String("Running");
    p.cpuRequest = 250;
    p.memoryRequest = qint64(256) << 20;
    return p;
}

LabSnapshot cluster(int nodes, int podsPerNode)
{
    LabSnapshot s;
    s.revision = 1;
    for (int i = 0; i < nodes; ++i) {
        const QString name = QStringLiteral("node-%1").arg(i, 3, 10, QLatin1Char('0'));
        s.nodes.insert(name, node(name, QStringLiteral("zone-%1").arg(i % 3)));
        for (int j = 0; j < podsPerNode; ++j) {
            PodView p = pod(QStringLiteral("p-%1-%2").arg(i).arg(j), name);
            s.pods.insert(p.key(), p);
        }
    }
    return s;
}

} // namespace

class TestLabScene final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void smallClusterHasAnItemPerPod()
    {
        LabScene scene;
        scene.applySnapshot(cluster(3, 4));
        QVERIFY(!scene.compact());
        QCOMPARE(scene.podItemCount(), 12);
        QVERIFY(scene.nodeItem(QStringLiteral("node-000")));
        QCOMPARE(scene.nodeItem(QStringLiteral("node-000"))->pods().size(), 4);
    }

    void pendingPodFliesIntoItsNode()
    {
        LabScene scene;
        scene.setSpeed(1);
        LabSnapshot s = cluster(2, 0);
        PodView waiting = pod(QStringLiteral("web"), QString(), QStringLiteral("Pending"));
        s.pods.insert(waiting.key(), waiting);
        scene.applySnapshot(s);
        PodItem* item = scene.podItem(waiting.key());
        QVERIFY(item);
        const QPointF inQueue = item->pos();
        QVERIFY(!scene.nodeAt(inQueue + QPointF(2, 2)));

        waiting.nodeName = QStringLiteral("node-001");
        s.pods.insert(waiting.key(), waiting);
        scene.applySnapshot(s);
        QCOMPARE(scene.podItem(waiting.key()), item);
        const NodeItem* target = scene.nodeItem(QStringLiteral("node-001"));
        const QPointF slot = target->pos() + target->slotPos(0);
        QCOMPARE(item->pos(), inQueue); // it flies; it does not jump
        QTRY_COMPARE(item->pos(), slot);
        QCOMPARE(scene.nodeAt(item->pos() + QPointF(2, 2)), target);
    }

    void bigClusterIsAggregated_data()
    {
        QTest::addColumn<int>("nodes");
        QTest::addColumn<int>("podsPerNode");
        QTest::addRow("500-nodes") << 500 << 20;
        QTest::addRow("100-nodes") << 100 << 30;
    }

    void bigClusterIsAggregated()
    {
        QFETCH(int, nodes);
        QFETCH(int, podsPerNode);
        LabScene scene;
        QGraphicsView view(&scene);
        view.resize(1200, 800);
        const LabSnapshot s = cluster(nodes, podsPerNode);
        QElapsedTimer timer;
        timer.start();
        scene.applySnapshot(s);
        const qint64 applyMs = timer.elapsed();
        QVERIFY(scene.compact());
        QCOMPARE(scene.podItemCount(), 0);
        QCOMPARE(scene.nodeItem(QStringLiteral("node-000"))->form(), NodeItem::Form::Compact);

        // A state change only (every pod's status) is cheap to mirror.
        LabSnapshot next = s;
        for (PodView& p : next.pods)
            p.status = QStringLiteral("Terminating");
        next.change = ChangeKind::Dynamic;
        timer.restart();
        scene.applySnapshot(next);
        const qint64 updateMs = timer.elapsed();
        timer.restart();
        view.viewport()->grab();
        const qint64 paintMs = timer.elapsed();
        qInfo("%d nodes, %d pods: apply %lld ms, update %lld ms, full paint %lld ms", nodes, nodes * podsPerNode,
              applyMs, updateMs, paintMs);
        QVERIFY2(updateMs < 200, qPrintable(QString::number(updateMs)));
    }

    void everyStateHasAGlyph_data()
    {
        QTest::addColumn<QString>("phase");
        QTest::addColumn<QString>("status");
        QTest::addColumn<bool>("ready");
        QTest::addColumn<int>("glyph");
        QTest::addRow("pending") << "Pending" << "Pending" << false << int(PodGlyph::Hourglass);
        QTest::addRow("creating") << "Pending" << "ContainerCreating" << false << int(PodGlyph::Spinner);
        QTest::addRow("running-ready") << "Running" << "Running" << true << int(PodGlyph::Check);
        QTest::addRow("running-not-ready") << "Running" << "Running" << false << int(PodGlyph::HollowCheck);
        QTest::addRow("completed") << "Succeeded" << "Completed" << false << int(PodGlyph::Done);
        QTest::addRow("crashloop") << "Running" << "CrashLoopBackOff" << false << int(PodGlyph::Cross);
        QTest::addRow("image-pull") << "Pending" << "ImagePullBackOff" << false << int(PodGlyph::Image);
        QTest::addRow("terminating") << "Running" << "Terminating" << true << int(PodGlyph::Fading);
        QTest::addRow("unknown") << "Running" << "Unknown" << false << int(PodGlyph::Question);
    }

    void everyStateHasAGlyph()
    {
        QFETCH(QString, phase);
        QFETCH(QString, status);
        QFETCH(bool, ready);
        QFETCH(int, glyph);
        PodView p = pod(QStringLiteral("x"), QStringLiteral("n"), phase);
        p.status = status;
        p.ready = ready;
        QCOMPARE(int(podStyle(p).glyph), glyph);
        QVERIFY(!podStateText(p).isEmpty());
    }
};

QTEST_MAIN(TestLabScene)
#include "tst_labscene.moc"

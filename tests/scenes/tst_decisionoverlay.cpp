// SPDX-License-Identifier: GPL-3.0-or-later
// The canvas replays a scheduling cycle: filtered nodes greyed with their reason, a score
// bar on feasible ones, the winner marked; preemption marks its nominated node.
#include <QGraphicsView>
#include <QImage>
#include <QPainter>
#include <QTest>

#include "scenes/items/decisionoverlay.h"
#include "scenes/items/nodeitem.h"
#include "scenes/labscene.h"

using namespace kubelab::scenes;

class TestDecisionOverlay final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scheduledCycleMarksEveryNode();
    void preemptionMarksTheNominatedNode();
    void fastSpeedsSkipTheReplay();
};

namespace {

LabSnapshot threeNodes()
{
    LabSnapshot s;
    s.revision = 1;
    for (const char* name : {"node-1", "node-2", "node-3"}) {
        NodeView n;
        n.name = QString::fromLatin1(name);
        n.zone = QStringLiteral("zone-a");
        n.ready = true;
        n.cpuAllocatable = 4000;
        n.memoryAllocatable = qint64(8) << 30;
        n.podsAllocatable = 110;
        s.nodes.insert(n.name, n);
    }
    return s;
}

StoryItem scheduled()
{
    StoryItem e;
    e.component = QStringLiteral("scheduler");
    e.kind = QStringLiteral("Pod");
    e.ns = QStringLiteral("default");
    e.name = QStringLiteral("web");
    e.action = QStringLiteral("Scheduled");
    e.node = QStringLiteral("node-2");
    e.verdicts = {NodeVerdict{QStringLiteral("node-1"), true, false, QString(), 300},
                  NodeVerdict{QStringLiteral("node-2"), true, true, QString(), 600},
                  NodeVerdict{QStringLiteral("node-3"), false, false, QStringLiteral("Insufficient cpu"), 0}};
    return e;
}

QList<DecisionOverlay*> marksOn(const LabScene& scene, const QString& node)
{
    QList<DecisionOverlay*> out;
    for (QGraphicsItem* child : scene.nodeItem(node)->childItems())
        if (auto* mark = qgraphicsitem_cast<DecisionOverlay*>(child))
            out << mark;
    return out;
}

} // namespace

void TestDecisionOverlay::scheduledCycleMarksEveryNode()
{
    LabScene scene;
    scene.setSpeed(1);
    scene.applySnapshot(threeNodes());
    scene.playStory(scheduled());
    QCOMPARE(marksOn(scene, QStringLiteral("node-1")).size(), 1);
    QCOMPARE(marksOn(scene, QStringLiteral("node-1")).first()->mark(), DecisionOverlay::Mark::Scored);
    QCOMPARE(marksOn(scene, QStringLiteral("node-1")).first()->text(), QStringLiteral("Score 300"));
    QCOMPARE(marksOn(scene, QStringLiteral("node-2")).first()->mark(), DecisionOverlay::Mark::Chosen);
    QCOMPARE(marksOn(scene, QStringLiteral("node-3")).first()->mark(), DecisionOverlay::Mark::Filtered);
    QVERIFY(marksOn(scene, QStringLiteral("node-3")).first()->text().contains(QStringLiteral("Insufficient cpu")));
    // Drawn without trouble (KUBELAB_SCREENSHOT_DIR keeps the picture), then gone once
    // the replay ends.
    QTest::qWait(400);
    QImage image(scene.sceneRect().size().toSize(), QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    scene.render(&painter);
    painter.end();
    if (const QString shots = qEnvironmentVariable("KUBELAB_SCREENSHOT_DIR"); !shots.isEmpty())
        QVERIFY(image.save(shots + QStringLiteral("/decision-replay.png")));
    QTRY_VERIFY_WITH_TIMEOUT(marksOn(scene, QStringLiteral("node-1")).isEmpty(), 5000);
}

void TestDecisionOverlay::preemptionMarksTheNominatedNode()
{
    LabScene scene;
    scene.setSpeed(1);
    scene.applySnapshot(threeNodes());
    StoryItem e;
    e.component = QStringLiteral("scheduler");
    e.kind = QStringLiteral("Pod");
    e.name = QStringLiteral("low-priority");
    e.action = QStringLiteral("Preempted");
    e.node = QStringLiteral("node-3");
    scene.playStory(e);
    const auto marks = marksOn(scene, QStringLiteral("node-3"));
    QCOMPARE(marks.size(), 1);
    QCOMPARE(marks.first()->mark(), DecisionOverlay::Mark::Nominated);
    QVERIFY(marks.first()->text().contains(QStringLiteral("low-priority")));
    QVERIFY(marksOn(scene, QStringLiteral("node-1")).isEmpty());
}

void TestDecisionOverlay::fastSpeedsSkipTheReplay()
{
    LabScene scene;
    scene.setSpeed(100);
    scene.applySnapshot(threeNodes());
    scene.playStory(scheduled());
    QVERIFY(marksOn(scene, QStringLiteral("node-1")).isEmpty());
}

QTEST_MAIN(TestDecisionOverlay)
#include "tst_decisionoverlay.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#include <QElapsedTimer>
#include <QGraphicsLineItem>
#include <QGraphicsView>
#include <QImage>
#include <QGraphicsPathItem>
#include <QGraphicsSimpleTextItem>
#include <QTest>

#include "scenes/items/ingressitem.h"
#include "scenes/items/nodeitem.h"
#include "scenes/items/poditem.h"
#include "scenes/items/serviceitem.h"
#include "scenes/items/podstyle.h"
#include "scenes/items/volumeitem.h"
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

/// Two nodes, the pod "client" on the first and "web" on the second, and the Service
/// default/web: where the request tests send their requests.
LabSnapshot clientAndWeb()
{
    LabSnapshot s = cluster(2, 0);
    const PodView client = pod(QStringLiteral("client"), QStringLiteral("node-000"));
    const PodView web = pod(QStringLiteral("web"), QStringLiteral("node-001"));
    s.pods.insert(client.key(), client);
    s.pods.insert(web.key(), web);
    ServiceView svc;
    svc.ns = QStringLiteral("default");
    svc.name = QStringLiteral("web");
    svc.type = QStringLiteral("ClusterIP");
    s.services.insert(svc.key(), svc);
    return s;
}

/// The request routes drawn on the scene.
QList<QGraphicsPathItem*> routesOf(const QGraphicsScene& scene)
{
    QList<QGraphicsPathItem*> found;
    for (QGraphicsItem* item : scene.items())
        if (auto* path = qgraphicsitem_cast<QGraphicsPathItem*>(item))
            found << path;
    return found;
}

/// The label a route carries.
QString labelOf(const QGraphicsScene& scene, const QGraphicsPathItem* route)
{
    for (QGraphicsItem* item : scene.items())
        if (auto* text = qgraphicsitem_cast<QGraphicsSimpleTextItem*>(item); text && route->isAncestorOf(text))
            return text->text();
    return QString();
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

    // The storage lane: claims, volumes and the classes that make volumes, with a solid line
    // for each binding and a dashed one from a class to each volume its provisioner made;
    // Pending claims say what they wait for.
    void storageLaneLinksClaimsVolumesAndClasses()
    {
        LabSnapshot s = cluster(1, 0);
        StorageClassView fast{QStringLiteral("fast"), QStringLiteral("ebs.csi.aws.com"), QStringLiteral("Immediate"),
                              QStringLiteral("Delete"), true, true};
        StorageClassView local{QStringLiteral("local"), QStringLiteral("rancher.io/local-path"),
                               QStringLiteral("WaitForFirstConsumer"), QStringLiteral("Delete"), false, false};
        s.storageClasses.insert(fast.name, fast);
        s.storageClasses.insert(local.name, local);
        VolumeView made{QStringLiteral("pvc-1"), qint64(4) << 30, QStringLiteral("fast"), QStringLiteral("Bound"),
                        QStringLiteral("default/logs"), QStringLiteral("ReadWriteOnce"), QStringLiteral("Delete"),
                        QStringLiteral("ebs.csi.aws.com")};
        VolumeView byHand{QStringLiteral("pv-data"), qint64(5) << 30, QStringLiteral("fast"), QStringLiteral("Available"),
                          QString(), QStringLiteral("ReadWriteOnce"), QStringLiteral("Retain"), QString()};
        s.volumes.insert(made.name, made);
        s.volumes.insert(byHand.name, byHand);
        ClaimView logs{QStringLiteral("default"), QStringLiteral("logs"), qint64(4) << 30, qint64(2) << 30,
                       QStringLiteral("fast"), QStringLiteral("Bound"), QStringLiteral("pvc-1")};
        ClaimView cache{QStringLiteral("default"), QStringLiteral("cache"), qint64(1) << 30, 0, QStringLiteral("local"),
                        QStringLiteral("Pending"), QString()};
        s.claims.insert(logs.key(), logs);
        s.claims.insert(cache.key(), cache);
        LabScene scene;
        scene.applySnapshot(s);

        QMap<QString, VolumeItem*> items;
        for (QGraphicsItem* i : scene.items())
            if (auto* v = qgraphicsitem_cast<VolumeItem*>(i))
                items.insert(v->isStorageClass() ? QStringLiteral("sc/") + v->storageClass().name
                             : v->isClaim()      ? QStringLiteral("pvc/") + v->claim().name
                                                 : QStringLiteral("pv/") + v->volume().name,
                             v);
        QCOMPARE(items.keys(), QStringList({QStringLiteral("pv/pv-data"), QStringLiteral("pv/pvc-1"),
                                            QStringLiteral("pvc/cache"), QStringLiteral("pvc/logs"),
                                            QStringLiteral("sc/fast"), QStringLiteral("sc/local")}));
        // Rows: claims above volumes above classes.
        QVERIFY(items[QStringLiteral("pvc/logs")]->y() < items[QStringLiteral("pv/pvc-1")]->y());
        QVERIFY(items[QStringLiteral("pv/pvc-1")]->y() < items[QStringLiteral("sc/fast")]->y());
        // Lines: the binding (solid) and the provisioning (dashed, from the class's top).
        auto lineBetween = [&](const VolumeItem* a, const VolumeItem* b) -> const QGraphicsLineItem* {
            for (QGraphicsItem* i : scene.items())
                if (auto* l = qgraphicsitem_cast<QGraphicsLineItem*>(i)) {
                    const QLineF line = l->line();
                    const bool touchesA = a->sceneBoundingRect().adjusted(-6, -6, 6, 6).contains(line.p1()) ||
                                          a->sceneBoundingRect().adjusted(-6, -6, 6, 6).contains(line.p2());
                    const bool touchesB = b->sceneBoundingRect().adjusted(-6, -6, 6, 6).contains(line.p1()) ||
                                          b->sceneBoundingRect().adjusted(-6, -6, 6, 6).contains(line.p2());
                    if (touchesA && touchesB)
                        return l;
                }
            return nullptr;
        };
        const QGraphicsLineItem* bound = lineBetween(items[QStringLiteral("pvc/logs")], items[QStringLiteral("pv/pvc-1")]);
        QVERIFY(bound);
        QCOMPARE(bound->pen().style(), Qt::SolidLine);
        const QGraphicsLineItem* provisioned = lineBetween(items[QStringLiteral("sc/fast")], items[QStringLiteral("pv/pvc-1")]);
        QVERIFY(provisioned);
        QCOMPARE(provisioned->pen().style(), Qt::DashLine);
        QVERIFY(!lineBetween(items[QStringLiteral("sc/fast")], items[QStringLiteral("pv/pv-data")])); // made by hand
        // What the claims wait for.
        QCOMPARE(items[QStringLiteral("pvc/cache")]->note(), QStringLiteral("Pending: waits for a pod"));
        QCOMPARE(items[QStringLiteral("pvc/logs")]->note(), QStringLiteral("Bound: grows when mounted"));

        // A claim that binds: the volumes it could have had are outlined for a moment, the one
        // the binder chose (the smallest that fits) in bluish green.
        scene.setSpeed(1);
        VolumeView bigger{QStringLiteral("pv-big"), qint64(50) << 30, QStringLiteral("local"), QStringLiteral("Available"),
                          QString(), QStringLiteral("ReadWriteOnce"), QStringLiteral("Retain"), QString()};
        VolumeView chosen{QStringLiteral("pv-fit"), qint64(2) << 30, QStringLiteral("local"), QStringLiteral("Bound"),
                          QStringLiteral("default/cache"), QStringLiteral("ReadWriteOnce"), QStringLiteral("Retain"), QString()};
        s.volumes.insert(bigger.name, bigger);
        s.volumes.insert(chosen.name, chosen);
        cache.phase = QStringLiteral("Bound");
        cache.volumeName = chosen.name;
        s.claims.insert(cache.key(), cache);
        s.revision = 2;
        scene.applySnapshot(s);
        auto outlineOf = [&](const QString& volume) -> const QGraphicsRectItem* {
            for (QGraphicsItem* i : scene.items())
                if (auto* v = qgraphicsitem_cast<VolumeItem*>(i); v && !v->isClaim() && !v->isStorageClass() &&
                                                                 v->volume().name == volume)
                    for (QGraphicsItem* child : v->childItems())
                        if (auto* r = qgraphicsitem_cast<QGraphicsRectItem*>(child))
                            return r;
            return nullptr;
        };
        QVERIFY(outlineOf(QStringLiteral("pv-fit")));
        QCOMPARE(outlineOf(QStringLiteral("pv-fit"))->pen().color(), okabeito::bluishGreen);
        QVERIFY(outlineOf(QStringLiteral("pv-big")));
        QCOMPARE(outlineOf(QStringLiteral("pv-big"))->pen().style(), Qt::DashLine);
        QVERIFY(!outlineOf(QStringLiteral("pv-data"))); // another class
        QTRY_VERIFY(!outlineOf(QStringLiteral("pv-fit"))); // gone after a moment

        // A class that goes leaves the lane.
        s.storageClasses.remove(QStringLiteral("local"));
        s.revision = 3;
        scene.applySnapshot(s);
        scene.finishPendingWork();
        auto classes = [&] {
            QStringList names;
            for (QGraphicsItem* i : scene.items())
                if (auto* v = qgraphicsitem_cast<VolumeItem*>(i); v && v->isStorageClass())
                    names << v->storageClass().name;
            return names;
        };
        QTRY_COMPARE(classes(), QStringList({QStringLiteral("fast")}));
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

    // A request a pod made: a route from the client through the Service to the endpoint
    // kube-proxy chose, labelled with the rule; one a NetworkPolicy dropped is labelled with
    // the policy; both go once they have been read.
    void requestsTravelThroughTheService_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("policy");
        QTest::addColumn<QString>("label");
        QTest::addRow("connected") << "Connected" << QString() << "kube-proxy KUBE-SVC-ABC chose 10.244.1.3:80";
        QTest::addRow("dropped") << "Dropped" << "default/deny-all" << "Dropped by NetworkPolicy default/deny-all";
    }
    void requestsTravelThroughTheService()
    {
        QFETCH(QString, action);
        QFETCH(QString, policy);
        QFETCH(QString, label);
        LabScene scene;
        scene.setSpeed(10);
        const LabSnapshot s = clientAndWeb();
        const ServiceView& svc = s.services.first();
        scene.applySnapshot(s);

        StoryItem e;
        e.component = QStringLiteral("kube-proxy@node-000");
        e.kind = QStringLiteral("Pod");
        e.ns = QStringLiteral("default");
        e.name = QStringLiteral("client");
        e.action = action;
        e.data = {{QStringLiteral("service"), svc.key()},    {QStringLiteral("rule"), QStringLiteral("KUBE-SVC-ABC")},
                  {QStringLiteral("endpoint"), QStringLiteral("10.244.1.3:80")}, {QStringLiteral("pod"), QStringLiteral("web")},
                  {QStringLiteral("podNamespace"), QStringLiteral("default")}, {QStringLiteral("policy"), policy}};
        QCOMPARE(routesOf(scene).size(), 0);
        scene.playStory(e);
        QCOMPARE(routesOf(scene).size(), 1);
        QGraphicsPathItem* route = routesOf(scene).front();
        QCOMPARE(labelOf(scene, route), label);
        // client, Service, endpoint: three stops.
        QCOMPARE(route->path().elementCount(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(routesOf(scene).size(), 0, 10000);
    }

    // An Ingress is a gate along the bottom edge of the Services with a line from each way
    // through it up to its Service; a request the ingress controller routed comes in by the row that matched.
    void anIngressIsAGateAtTheEdge_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<int>("stops");
        QTest::addColumn<QString>("label");
        QTest::addRow("routed") << "Routed" << 4 << "Ingress shop: shop.example.com/api → web, endpoint 10.244.1.3:80";
        QTest::addRow("no rule") << "NotFound" << 2 << "Ingress: no rule for shop.example.com/api (404)";
    }
    void anIngressIsAGateAtTheEdge()
    {
        QFETCH(QString, action);
        QFETCH(int, stops);
        QFETCH(QString, label);
        LabScene scene;
        scene.setSpeed(10);
        LabSnapshot s = clientAndWeb();
        const ServiceView svc = s.services.first();
        IngressView ing;
        ing.ns = QStringLiteral("default");
        ing.name = QStringLiteral("shop");
        ing.className = QStringLiteral("nginx");
        ing.rules = {IngressRuleView{QStringLiteral("shop.example.com"), QStringLiteral("/"), QStringLiteral("Prefix"),
                                     QStringLiteral("web"), QStringLiteral("80"), false},
                     IngressRuleView{QStringLiteral("shop.example.com"), QStringLiteral("/api"), QStringLiteral("Prefix"),
                                     QStringLiteral("web"), QStringLiteral("80"), false},
                     IngressRuleView{QString(), QString(), QString(), QStringLiteral("missing"), QStringLiteral("80"), true}};
        s.ingresses.insert(ing.key(), ing);
        scene.applySnapshot(s);

        IngressItem* gate = nullptr;
        qreal servicesBottom = 0;
        int lines = 0;
        for (QGraphicsItem* item : scene.items()) {
            if (auto* g = qgraphicsitem_cast<IngressItem*>(item))
                gate = g;
            if (auto* n = qgraphicsitem_cast<ServiceItem*>(item))
                servicesBottom = std::max(servicesBottom, n->sceneBoundingRect().bottom());
            if (auto* line = qgraphicsitem_cast<QGraphicsLineItem*>(item); line && line->pen().style() == Qt::DashLine &&
                                                                         line->pen().color() == okabeito::reddishPurple)
                ++lines;
        }
        QVERIFY(gate);
        QVERIFY(gate->sceneBoundingRect().top() > servicesBottom);
        QVERIFY(scene.sceneRect().contains(gate->sceneBoundingRect()));
        QCOMPARE(lines, 2); // the Service "missing" of the default backend is not on the canvas
        QCOMPARE(gate->rowOf(QStringLiteral("web"), QStringLiteral("shop.example.com"), QStringLiteral("/api/v1")), 1);
        QCOMPARE(gate->rowOf(QStringLiteral("web"), QStringLiteral("shop.example.com"), QStringLiteral("/cart")), 0);
        QCOMPARE(scene.selectObject(QStringLiteral("Ingress"), ing.ns, ing.name), gate);

        StoryItem e;
        e.component = QStringLiteral("ingress-nginx");
        e.kind = QStringLiteral("Pod");
        e.ns = QStringLiteral("default");
        e.name = QStringLiteral("client");
        e.action = action;
        e.data = {{QStringLiteral("host"), QStringLiteral("shop.example.com")}, {QStringLiteral("path"), QStringLiteral("/api")}};
        if (action == QLatin1String("Routed"))
            e.data.insert({{QStringLiteral("ingress"), ing.key()}, {QStringLiteral("service"), svc.key()},
                           {QStringLiteral("serviceName"), svc.name}, {QStringLiteral("endpoint"), QStringLiteral("10.244.1.3:80")},
                           {QStringLiteral("pod"), QStringLiteral("web")}, {QStringLiteral("podNamespace"), QStringLiteral("default")}});
        scene.playStory(e);
        QCOMPARE(routesOf(scene).size(), 1);
        QGraphicsPathItem* route = routesOf(scene).front();
        QCOMPARE(labelOf(scene, route), label);
        QCOMPARE(route->path().elementCount(), stops);
        if (action == QLatin1String("Routed"))   // through the /api row, not the / row
            QCOMPARE(QPointF(route->path().elementAt(1)), gate->rowPoint(1));
    }

    // The canvas and its minimap are two views of one scene; a pod's new state must reach
    // both, whichever paints first (the chips keep a pixmap per view).
    void aChangedPodIsRepaintedInEveryView()
    {
        LabScene scene;
        LabSnapshot s = cluster(1, 1);
        PodView p = s.pods.first();
        p.phase = QStringLiteral("Pending");
        p.status = QStringLiteral("ContainerCreating");
        p.ready = false;
        s.pods.insert(p.key(), p);
        scene.applySnapshot(s);
        scene.finishPendingWork();
        QGraphicsView first(&scene);
        QGraphicsView second(&scene);
        for (QGraphicsView* view : {&first, &second}) {
            view->resize(500, 300);
            view->setAlignment(Qt::AlignLeft | Qt::AlignTop);
            view->show();
            QVERIFY(QTest::qWaitForWindowExposed(view));
        }
        QTest::qWait(50); // each view paints, and caches the chip as it is now
        p.phase = QStringLiteral("Running");
        p.status = QStringLiteral("Running");
        p.ready = true;
        s.pods.insert(p.key(), p);
        scene.applySnapshot(s);
        scene.finishPendingWork();
        QCOMPARE(scene.podItem(p.key())->view().status, QStringLiteral("Running"));
        QTest::qWait(50); // both repaint the chip
        const QImage painted = first.viewport()->grab().toImage();
        QCOMPARE(second.viewport()->grab().toImage(), painted);
    }

    // A box paints its bars from a picture while they stay the same; a change of its pods or
    // of their usage must show as a box drawn afresh would.
    void aNodeBoxShowsItsChangedBars()
    {
        LabSnapshot before = cluster(30, 4);
        for (auto it = before.nodes.cbegin(); it != before.nodes.cend(); ++it)
            before.nodeUsage.insert(it.key(), UsageView{1300, 3LL << 30});
        // Same requests, same sizes: only the colours of the segments change, and the usage.
        LabSnapshot after = before;
        int k = 0;
        for (auto it = after.pods.begin(); it != after.pods.end(); ++it, ++k)
            if (k % 2 == 0) {
                it->phase = QStringLiteral("Running");
                it->status = QStringLiteral("Running");
                it->ready = true;
            }
        for (auto it = after.nodes.cbegin(); it != after.nodes.cend(); ++it)
            after.nodeUsage.insert(it.key(), UsageView{1700, 2LL << 30});
        auto painted = [](LabScene& scene) {
            QGraphicsView view(&scene);
            view.resize(900, 600);
            view.setAlignment(Qt::AlignLeft | Qt::AlignTop);
            view.show();
            if (!QTest::qWaitForWindowExposed(&view))
                return QImage();
            QTest::qWait(50);
            return view.viewport()->grab().toImage();
        };
        LabScene changed;
        changed.applySnapshot(before);
        changed.finishPendingWork();
        QGraphicsView view(&changed);
        view.resize(900, 600);
        view.setAlignment(Qt::AlignLeft | Qt::AlignTop);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTest::qWait(600); // the boxes fade in and paint, and keep their bars' pictures
        const QImage old = view.viewport()->grab().toImage();
        changed.applySnapshot(after);
        changed.finishPendingWork();
        QTest::qWait(600); // past the fade-ins
        const QImage now = view.viewport()->grab().toImage();
        QVERIFY(now != old);

        LabScene fresh;
        fresh.applySnapshot(after);
        fresh.finishPendingWork();
        QTest::qWait(600);
        QCOMPARE(now, painted(fresh));
    }

    // Boxes in the order a learner counts, as the control-plane strip lists them: node-2
    // before node-10.
    void nodesAreInTheOrderALearnerCounts()
    {
        LabSnapshot s;
        s.revision = 1;
        for (const char* name : {"node-10", "node-2", "node-1", "node-3"})
            s.nodes.insert(QString::fromLatin1(name), node(QString::fromLatin1(name), QStringLiteral("zone-a")));
        LabScene scene;
        scene.applySnapshot(s);
        scene.finishPendingWork();
        QStringList order{QStringLiteral("node-1"), QStringLiteral("node-2"), QStringLiteral("node-3"),
                          QStringLiteral("node-10")};
        QStringList placed = order;
        std::sort(placed.begin(), placed.end(), [&](const QString& a, const QString& b) {
            const QPointF pa = scene.nodeItem(a)->pos();
            const QPointF pb = scene.nodeItem(b)->pos();
            return pa.y() != pb.y() ? pa.y() < pb.y() : pa.x() < pb.x();
        });
        QCOMPARE(placed, order);
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
        // The state change keeps the aggregated form. How fast is a speed target for the
        // canvas benchmark (tests/bench), not this test.
        QVERIFY(scene.compact());
        QCOMPARE(scene.podItemCount(), 0);
    }

    void deltasBringItemsUpToTheSnapshot_data()
    {
        QTest::addColumn<int>("nodes");
        QTest::addColumn<int>("podsPerNode");
        QTest::addRow("small") << 3 << 2;
        QTest::addRow("compact") << 60 << 12;
    }

    void deltasBringItemsUpToTheSnapshot()
    {
        QFETCH(int, nodes);
        QFETCH(int, podsPerNode);
        const LabSnapshot before = cluster(nodes, podsPerNode);
        LabScene scene;
        scene.applySnapshot(before);

        // One pod moves to another node, one goes, one comes pending, one changes state,
        // and a node goes with its pods.
        LabDelta delta;
        delta.changed = before;
        delta.changed.pods.clear();
        delta.changed.nodes.clear();
        delta.changed.change = ChangeKind::Structure;
        PodView moved = before.pods.value(QStringLiteral("default/p-0-0"));
        moved.nodeName = QStringLiteral("node-001");
        delta.changed.pods.insert(moved.key(), moved);
        delta.removedPods.insert(QStringLiteral("default/p-1-1"));
        const PodView waiting = pod(QStringLiteral("new"), QString(), QStringLiteral("Pending"));
        delta.changed.pods.insert(waiting.key(), waiting);
        PodView crashing = before.pods.value(QStringLiteral("default/p-1-0"));
        crashing.status = QStringLiteral("CrashLoopBackOff");
        crashing.ready = false;
        delta.changed.pods.insert(crashing.key(), crashing);
        const QString lastNode = QStringLiteral("node-%1").arg(nodes - 1, 3, 10, QLatin1Char('0'));
        delta.removedNodes.insert(lastNode);
        for (int j = 0; j < podsPerNode; ++j)
            delta.removedPods.insert(QStringLiteral("default/p-%1-%2").arg(nodes - 1).arg(j));

        scene.applyDelta(delta);
        QVERIFY(scene.hasPendingWork());
        scene.finishPendingWork();
        QVERIFY(!scene.hasPendingWork());

        // The same as a scene given the merged snapshot whole.
        LabSnapshot after = before;
        after.merge(delta);
        QVERIFY(scene.snapshot().pods == after.pods);
        QVERIFY(scene.snapshot().nodes == after.nodes);
        LabScene whole;
        whole.applySnapshot(after);
        QCOMPARE(scene.compact(), whole.compact());
        QCOMPARE(scene.podItemCount(), whole.podItemCount());
        QVERIFY(!scene.nodeItem(lastNode));
        for (const NodeView& n : after.nodes) {
            QVERIFY(scene.nodeItem(n.name));
            QVERIFY(scene.nodeItem(n.name)->pods() == whole.nodeItem(n.name)->pods());
            QCOMPARE(scene.nodeItem(n.name)->pos(), whole.nodeItem(n.name)->pos());
        }
        // node-001 gained p-0-0 and lost p-1-1.
        QCOMPARE(scene.nodeItem(QStringLiteral("node-001"))->pods().size(), podsPerNode);
        QVERIFY(scene.nodeItem(QStringLiteral("node-001"))->pods().contains(moved));
        QVERIFY(scene.podItem(waiting.key()));
        QCOMPARE(scene.podItem(waiting.key())->pos(), whole.podItem(waiting.key())->pos());
    }

    void bigDeltaIsAppliedInPasses()
    {
        // 200 nodes and 2,000 pods in one delta (the burst of the canvas benchmark): the first
        // pass does part of it and the event loop finishes the rest.
        LabScene scene;
        scene.applySnapshot(LabSnapshot{});
        LabDelta delta;
        delta.changed = cluster(200, 10);
        scene.applyDelta(delta);
        QVERIFY(scene.hasPendingWork());
        QCOMPARE(scene.nodeItem(QStringLiteral("node-000")), nullptr);
        QTRY_VERIFY(!scene.hasPendingWork());
        QVERIFY(scene.compact());
        QCOMPARE(int(scene.snapshot().pods.size()), 2000);
        QCOMPARE(scene.nodeItem(QStringLiteral("node-199"))->pods().size(), 10);
        QVERIFY(scene.nodeItem(QStringLiteral("node-199"))->isVisible());
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

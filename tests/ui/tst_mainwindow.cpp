// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDropEvent>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTableWidget>
#include <QTest>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>

#include "scenes/items/nodeitem.h"
#include "scenes/items/poditem.h"
#include "scenes/labscene.h"
#include "ui/accessmatrixview.h"
#include "ui/console.h"
#include "ui/inspector.h"
#include "ui/labdiffview.h"
#include "ui/labview.h"
#include "ui/mainwindow.h"
#include "ui/palette.h"
#include "ui/requestpanel.h"
#include "ui/storypanel.h"
#include "ui/timeline.h"

using kubelab::ui::MainWindow;

namespace {

constexpr int kTimeout = 30000;

/// Drops a palette kind on the canvas at a viewport point, as a drag from the palette ends.
void dropKind(MainWindow& window, const QString& kind, const QPoint& at)
{
    QWidget* viewport = window.labView()->viewport();
    QMimeData data;
    data.setData(QLatin1String(kubelab::ui::LabView::kKindMime), kind.toUtf8());
    QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &drop);
    QVERIFY(drop.isAccepted());
}

/// Presses the left button on `from`, moves to `to` in steps, releases there: a drag on the
/// canvas as a hand makes it.
void dragOnCanvas(MainWindow& window, const QPoint& from, const QPoint& to)
{
    QWidget* viewport = window.labView()->viewport();
    QTest::mousePress(viewport, Qt::LeftButton, Qt::NoModifier, from);
    for (int step = 1; step <= 8; ++step) {
        const QPoint at = from + (to - from) * step / 8;
        QMouseEvent move(QEvent::MouseMove, QPointF(at), viewport->mapToGlobal(QPointF(at)), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(viewport, &move);
    }
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::NoModifier, to);
}

void openLab(MainWindow& window, const QString& scenario)
{
    window.setSpeed(0);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openLab(QString(), scenario);
    QTRY_VERIFY_WITH_TIMEOUT(window.isLabOpen(), kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(window.snapshot().revision > 0, kTimeout);
}

/// Types a line into the console and runs it.
void runInConsole(MainWindow& window, const QString& line)
{
    kubelab::ui::Console* console = window.console();
    console->input()->setFocus();
    console->input()->setText(line);
    QTest::keyClick(console->input(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(console->output()->toPlainText().contains(QStringLiteral("klab> ") + line), kTimeout);
}

/// The text of a table cell by its row and column headers.
QString tableCell(QTableWidget* table, const QString& rowHeader, const QString& columnHeader)
{
    int row = -1, column = -1;
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->verticalHeaderItem(r) && table->verticalHeaderItem(r)->text() == rowHeader)
            row = r;
    for (int c = 0; c < table->columnCount(); ++c)
        if (table->horizontalHeaderItem(c) && table->horizontalHeaderItem(c)->text() == columnHeader)
            column = c;
    if (row < 0 || column < 0 || !table->item(row, column))
        return QStringLiteral("(no cell)");
    return table->item(row, column)->text();
}


} // namespace

class TestMainWindow final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("KubeLabTest"));
    }

    void dropNodeAndPodCreatesThem()
    {
        MainWindow window;
        openLab(window, QStringLiteral("empty"));
        const int nodesBefore = int(window.snapshot().nodes.size());

        dropKind(window, QStringLiteral("Node"), QPoint(400, 120));
        QTRY_COMPARE_WITH_TIMEOUT(int(window.snapshot().nodes.size()), nodesBefore + 1, kTimeout);
        const QString node = QStringLiteral("node-%1").arg(nodesBefore + 1);
        QVERIFY(window.snapshot().nodes.contains(node));
        QTRY_VERIFY_WITH_TIMEOUT(window.labScene()->nodeItem(node) != nullptr, kTimeout);

        // A pod dropped on the node's box is bound to it (spec.nodeName).
        kubelab::scenes::NodeItem* box = window.labScene()->nodeItem(node);
        window.labView()->centerOn(box);
        const QPoint onNode = window.labView()->mapFromScene(box->sceneBoundingRect().center());
        dropKind(window, QStringLiteral("Pod"), onNode);
        QTRY_VERIFY_WITH_TIMEOUT(window.snapshot().pods.contains(QStringLiteral("default/pod-1")), kTimeout);
        QCOMPARE(window.snapshot().pods.value(QStringLiteral("default/pod-1")).nodeName, node);

        // A pod dropped elsewhere goes to the scheduler; run the clock until it has a node.
        dropKind(window, QStringLiteral("Pod"), QPoint(5, 5));
        QTRY_VERIFY_WITH_TIMEOUT(window.snapshot().pods.contains(QStringLiteral("default/pod-2")), kTimeout);
        window.setSpeed(100);
        QTRY_VERIFY_WITH_TIMEOUT(!window.snapshot().pods.value(QStringLiteral("default/pod-2")).nodeName.isEmpty() ||
                                     window.snapshot().virtualTimeMs > 60000,
                                 kTimeout);
        window.setSpeed(0);
    }

    // A pending pod dragged onto a node box is bound there (a Binding, as the scheduler
    // makes); a bound pod dragged to another node stays where it is, and the console says why.
    void draggingAPodOntoANode()
    {
        MainWindow window;
        openLab(window, QStringLiteral("demo"));
        // The demo's big-job fits no node: the scheduler leaves it pending.
        const QString key = QStringLiteral("default/big-job");
        QTRY_VERIFY_WITH_TIMEOUT(!window.snapshot().pods.value(key).pendingMessage.isEmpty(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(window.labScene()->podItem(key) != nullptr, kTimeout);
        QVERIFY(window.snapshot().pods.value(key).nodeName.isEmpty());
        // A new chip fades in; it can be grabbed once it is drawn.
        QTRY_VERIFY_WITH_TIMEOUT(!window.labScene()->hasPendingWork() && window.labScene()->podItem(key)->opacity() == 1.0,
                                 kTimeout);

        kubelab::scenes::NodeItem* target = window.labScene()->nodeItem(QStringLiteral("node-2"));
        QVERIFY(target);
        auto viewportPoint = [&](const QGraphicsItem* item) {
            return window.labView()->mapFromScene(item->sceneBoundingRect().center());
        };
        window.labView()->ensureVisible(window.labScene()->podItem(key));
        QVERIFY(window.labView()->viewport()->rect().contains(viewportPoint(target)));
        const QPoint from = viewportPoint(window.labScene()->podItem(key));
        QVERIFY(window.labScene()->podAt(window.labView()->mapToScene(from)));
        dragOnCanvas(window, from, viewportPoint(target));
        QTRY_COMPARE_WITH_TIMEOUT(window.snapshot().pods.value(key).nodeName, QStringLiteral("node-2"), kTimeout);
        kubelab::ui::Console* console = window.console();
        QVERIFY2(console->output()->toPlainText().contains(QStringLiteral("pods/big-job/binding")),
                 qPrintable(console->output()->toPlainText()));

        QTRY_VERIFY_WITH_TIMEOUT(!window.labScene()->hasPendingWork(), kTimeout);
        kubelab::scenes::NodeItem* other = window.labScene()->nodeItem(QStringLiteral("node-3"));
        QVERIFY(other);
        QTRY_VERIFY_WITH_TIMEOUT(window.labScene()->podItem(key)->opacity() == 1.0, kTimeout);
        dragOnCanvas(window, viewportPoint(window.labScene()->podItem(key)), viewportPoint(other));
        QTRY_VERIFY_WITH_TIMEOUT(console->output()->toPlainText().contains(QStringLiteral("A pod never moves")), kTimeout);
        QCOMPARE(window.snapshot().pods.value(key).nodeName, QStringLiteral("node-2"));
    }

    // A node box dragged into another zone's section gets that zone's label, through the
    // console's `label` command.
    void draggingANodeIntoAnotherZone()
    {
        MainWindow window;
        openLab(window, QStringLiteral("demo"));
        const QString name = QStringLiteral("node-3");
        QTRY_VERIFY_WITH_TIMEOUT(window.labScene()->nodeItem(name) != nullptr, kTimeout);
        QCOMPARE(window.snapshot().nodes.value(name).zone, QStringLiteral("zone-b"));
        kubelab::scenes::NodeItem* box = window.labScene()->nodeItem(name);
        QTRY_VERIFY_WITH_TIMEOUT(!window.labScene()->hasPendingWork() && box->opacity() == 1.0, kTimeout);
        const QRectF zoneA = window.labScene()->zoneRect(QStringLiteral("zone-a"));
        QVERIFY(!zoneA.isNull());
        // The box's heading (no pod chip there), and the empty spot right of node-2 in zone-a.
        const QPoint from = window.labView()->mapFromScene(box->sceneBoundingRect().topLeft() + QPointF(40, 12));
        const QRectF node2 = window.labScene()->nodeItem(QStringLiteral("node-2"))->sceneBoundingRect();
        const QPoint to = window.labView()->mapFromScene(node2.topRight() + QPointF(40, 30));
        QVERIFY(window.labView()->viewport()->rect().contains(from));
        QVERIFY(window.labView()->viewport()->rect().contains(to));
        QCOMPARE(window.labScene()->zoneAt(window.labView()->mapToScene(to)), QStringLiteral("zone-a"));
        dragOnCanvas(window, from, to);
        QTRY_COMPARE_WITH_TIMEOUT(window.snapshot().nodes.value(name).zone, QStringLiteral("zone-a"), kTimeout);
        const QString out = window.console()->output()->toPlainText();
        QVERIFY2(out.contains(QStringLiteral("klab> label node node-3 topology.kubernetes.io/zone=zone-a --overwrite")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("node/node-3 labeled")), qPrintable(out));
    }

    void dropOtherKindsCreatesThem_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("key"); // in the snapshot: workloads or others
        QTest::addRow("DaemonSet") << QStringLiteral("DaemonSet") << QStringLiteral("DaemonSet/default/agent-1");
        QTest::addRow("StatefulSet") << QStringLiteral("StatefulSet") << QStringLiteral("StatefulSet/default/db-1");
        QTest::addRow("Ingress") << QStringLiteral("Ingress") << QStringLiteral("Ingress/default/web-ingress-1");
        QTest::addRow("StorageClass") << QStringLiteral("StorageClass") << QStringLiteral("StorageClass//fast-1");
        QTest::addRow("NetworkPolicy") << QStringLiteral("NetworkPolicy") << QStringLiteral("NetworkPolicy/default/allow-web-1");
    }

    void dropOtherKindsCreatesThem()
    {
        QFETCH(QString, kind);
        QFETCH(QString, key);
        QVERIFY(kubelab::ui::Palette::kinds().contains(kind));
        MainWindow window;
        openLab(window, QStringLiteral("three-nodes"));
        dropKind(window, kind, QPoint(5, 5));
        QTRY_VERIFY_WITH_TIMEOUT(window.snapshot().workloads.contains(key) || window.snapshot().others.contains(key),
                                 kTimeout);
        // A second drop makes a second object rather than re-applying the first.
        dropKind(window, kind, QPoint(5, 5));
        const QString second = key.left(key.size() - 1) + QLatin1Char('2');
        QTRY_VERIFY_WITH_TIMEOUT(window.snapshot().workloads.contains(second) || window.snapshot().others.contains(second),
                                 kTimeout);
    }

    void badYamlShowsErrorAndChangesNothing_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("line");
        QTest::addRow("unclosed-flow") << QStringLiteral("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n")
                                       << QString() << 0;
        QTest::addRow("missing-containers")
            << QStringLiteral("apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  containers: []\n")
            << QStringLiteral("is invalid") << 6;
    }

    void badYamlShowsErrorAndChangesNothing()
    {
        QFETCH(QString, yaml);
        QFETCH(QString, expected);
        QFETCH(int, line);
        MainWindow window;
        openLab(window, QStringLiteral("empty"));
        const qint64 revision = window.snapshot().revision;
        const int pods = int(window.snapshot().pods.size());

        kubelab::ui::Inspector* inspector = window.inspector();
        inspector->yamlEditor()->setPlainText(yaml);
        QTest::mouseClick(inspector->applyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(inspector->errorLabel()->isVisible(), kTimeout);
        const QString error = inspector->errorLabel()->text();
        if (line == 0) {
            // Where a parser notices the error is its own business: take the line it names.
            const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("^Line (\\d+),")).match(error);
            QVERIFY2(m.hasMatch(), qPrintable(error));
            line = m.captured(1).toInt();
        }
        QVERIFY2(error.contains(QStringLiteral("Line %1").arg(line)), qPrintable(error));
        if (!expected.isEmpty())
            QVERIFY2(error.contains(expected), qPrintable(error));
        QCOMPARE(inspector->yamlEditor()->textCursor().blockNumber() + 1, line);
        QTest::qWait(200);
        QCOMPARE(window.snapshot().revision, revision);
        QCOMPARE(int(window.snapshot().pods.size()), pods);
    }

    // Issue: each request is shown passing the API server's stages; a refused one stops,
    // red, at the stage that refused it, with the reason.
    void aRefusedRequestStopsAtItsStage()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        openLab(window, QStringLiteral("empty"));
        kubelab::ui::RequestPanel* panel = window.requestPanel();
        runInConsole(window, QStringLiteral("create configmap app --from-literal=a=b"));
        QTRY_COMPARE_WITH_TIMEOUT(panel->rowCount(), 1, kTimeout);
        QCOMPARE(panel->row(0).verb, QStringLiteral("create"));
        QCOMPARE(panel->row(0).resource, QStringLiteral("configmaps"));
        QCOMPARE(panel->row(0).stage, 5);
        QVERIFY(!panel->row(0).refused);

        runInConsole(window, QStringLiteral("create configmap other --as alice"));
        QTRY_COMPARE_WITH_TIMEOUT(panel->rowCount(), 2, kTimeout);
        const kubelab::ui::RequestRow refused = panel->row(0);
        QVERIFY(refused.refused);
        QCOMPARE(refused.user, QStringLiteral("alice"));
        QCOMPARE(refused.stage, 1);
        QVERIFY2(refused.message.contains(QStringLiteral("cannot create resource \"configmaps\"")),
                 qPrintable(refused.message));
        // The panel comes forward, the request lights authentication, then stops at authorization.
        QVERIFY(panel->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(panel->shownStages(0), 2, kTimeout);
        const QImage image = panel->grab().toImage();
        const QRect stopped = panel->stageRect(0, 1);
        const QColor stop = image.pixelColor(QPoint(stopped.left() + 3, stopped.center().y()) * image.devicePixelRatio());
        QVERIFY2(stop.red() > 180 && stop.green() < 130 && stop.blue() < 60, qPrintable(stop.name()));
        const QRect passed = panel->stageRect(0, 0);
        const QColor pass = image.pixelColor(QPoint(passed.left() + 3, passed.center().y()) * image.devicePixelRatio());
        QVERIFY2(pass.green() > 120 && pass.red() < 60, qPrintable(pass.name()));
        const QRect notReached = panel->stageRect(0, 2);
        const QColor none = image.pixelColor(QPoint(notReached.left() + 6, notReached.center().y()) * image.devicePixelRatio());
        QVERIFY2(none != stop && none != pass, qPrintable(none.name()));
    }

    void theAccessMatrixShowsWhoCanDoWhat()
    {
        MainWindow window;
        openLab(window, QStringLiteral("empty"));
        runInConsole(window, QStringLiteral("create rolebinding alice-view --clusterrole=view --user=alice"));
        window.accessMatrixAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window.accessMatrix() && window.accessMatrix()->isVisible(), kTimeout);
        QTableWidget* table = window.accessMatrix()->table();
        QCOMPARE(window.accessMatrix()->namespaces()->currentText(), QStringLiteral("default"));
        QCOMPARE(tableCell(table, QStringLiteral("User alice"), QStringLiteral("pods")), QStringLiteral("read"));
        QCOMPARE(tableCell(table, QStringLiteral("User alice"), QStringLiteral("secrets")), QString());
        QCOMPARE(tableCell(table, QStringLiteral("User kubernetes-admin"), QStringLiteral("secrets")),
                 QStringLiteral("all"));
        // It follows the bindings as they change.
        runInConsole(window, QStringLiteral("create rolebinding alice-edit --clusterrole=edit --user=alice"));
        QTRY_COMPARE_WITH_TIMEOUT(tableCell(table, QStringLiteral("User alice"), QStringLiteral("secrets")),
                                  QStringLiteral("all"), kTimeout);
        // Another namespace: no RoleBinding there.
        window.accessMatrix()->namespaces()->setCurrentText(QStringLiteral("kube-system"));
        Q_EMIT window.accessMatrix()->namespaces()->textActivated(QStringLiteral("kube-system"));
        QTRY_COMPARE_WITH_TIMEOUT(tableCell(table, QStringLiteral("User alice"), QStringLiteral("pods")),
                                  QStringLiteral("(no cell)"), kTimeout);
    }

    void aBranchIsComparedWithItsParent()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString parent = QFileInfo(dir.filePath(QStringLiteral("shop.klab"))).absoluteFilePath();
        const QString branch = dir.filePath(QStringLiteral("shop-what-if.klab"));
        MainWindow window;
        window.openLab(parent, QStringLiteral("three-nodes"));
        QTRY_VERIFY_WITH_TIMEOUT(window.isLabOpen() && window.snapshot().revision > 0, kTimeout);
        QVERIFY(window.forkParent().isEmpty());
        window.branchTo(branch);
        QTRY_COMPARE_WITH_TIMEOUT(window.forkParent(), parent, kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(window.console()->output()->toPlainText().contains(QStringLiteral("Branched")),
                                 kTimeout);
        runInConsole(window, QStringLiteral("create deployment web --image=nginx --replicas=3"));
        QTRY_VERIFY_WITH_TIMEOUT(window.snapshot().workloads.contains(QStringLiteral("Deployment/default/web")), kTimeout);
        window.compareWith(parent);
        QTRY_VERIFY_WITH_TIMEOUT(window.labDiff() && window.labDiff()->isVisible(), kTimeout);
        kubelab::ui::LabDiffView* diff = window.labDiff();
        QVERIFY2(diff->summary().contains(QStringLiteral("shop-what-if.klab")), qPrintable(diff->summary()));
        // The Deployment is only here; its three pods run on this lab's nodes only.
        bool deployment = false;
        for (int r = 0; r < diff->objects()->rowCount(); ++r)
            deployment = deployment || (diff->objects()->item(r, 0)->text() == QStringLiteral("Deployment default/web") &&
                                        diff->objects()->item(r, 1)->text() == QStringLiteral("only in this lab"));
        QVERIFY(deployment);
        QCOMPARE(diff->nodes()->rowCount(), 3);
        int podsHere = 0, podsThere = 0;
        for (int r = 0; r < diff->nodes()->rowCount(); ++r) {
            podsHere += diff->nodes()->item(r, 5)->text().toInt();
            podsThere += diff->nodes()->item(r, 6)->text().toInt();
        }
        QCOMPARE(podsHere - podsThere, 3);
    }

    void consoleRunsGetPods()
    {
        MainWindow window;
        openLab(window, QStringLiteral("demo"));
        kubelab::ui::Console* console = window.console();
        console->input()->setFocus();
        QTest::keyClicks(console->input(), QStringLiteral("get deploym"));
        QTest::keyClick(console->input(), Qt::Key_Tab);
        QCOMPARE(console->input()->text(), QStringLiteral("get deployments "));
        console->input()->clear();
        QTest::keyClicks(console->input(), QStringLiteral("get pods"));
        QTest::keyClick(console->input(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(console->output()->toPlainText().contains(QStringLiteral("klab> get pods")), kTimeout);
        const QString out = console->output()->toPlainText();
        QVERIFY2(out.contains(QStringLiteral("\nbig-job ")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("NAME")) && out.contains(QStringLiteral("STATUS")), qPrintable(out));
        QTest::keyClick(console->input(), Qt::Key_Up);
        QCOMPARE(console->input()->text(), QStringLiteral("get pods"));
    }

    // The console's greeting suggests commands with the open lab's own names.
    void consoleGreetingUsesTheLabsNames_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QString>("absent");
        QTest::addRow("demo") << "demo"
                              << QStringList{"get pods -o wide", "describe node node-1", "why pod/big-job",
                                             "add node node-4"}
                              << "";
        // No node yet: CoreDNS waits for one, and that is worth a "why".
        QTest::addRow("empty") << "empty"
                               << QStringList{"get pods -o wide", "why pod/coredns-", "-n kube-system", "add node node-1"}
                               << "describe node";
    }

    void consoleGreetingUsesTheLabsNames()
    {
        QFETCH(QString, scenario);
        QFETCH(QStringList, expected);
        QFETCH(QString, absent);
        MainWindow window;
        openLab(window, scenario);
        kubelab::ui::Console* console = window.console();
        QTRY_VERIFY_WITH_TIMEOUT(console->output()->toPlainText().contains(QStringLiteral("Lab ready")), kTimeout);
        const QString out = console->output()->toPlainText();
        for (const QString& command : expected)
            QVERIFY2(out.contains(command), qPrintable(out));
        if (!absent.isEmpty())
            QVERIFY2(!out.contains(absent), qPrintable(out));
    }

    void timelineScrubShowsThePast()
    {
        MainWindow window;
        openLab(window, QStringLiteral("empty"));
        QTRY_VERIFY_WITH_TIMEOUT(window.timeline()->slider()->maximum() > 0, kTimeout);
        const int before = int(window.snapshot().pods.size());
        const int revisionBefore = window.timeline()->slider()->maximum();

        window.inspector()->yamlEditor()->setPlainText(
            QStringLiteral("apiVersion: v1\nkind: Pod\nmetadata:\n  name: later\nspec:\n  containers:\n"
                           "  - name: app\n    image: nginx:1.25\n"));
        QTest::mouseClick(window.inspector()->applyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(int(window.snapshot().pods.size()), before + 1, kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(window.timeline()->slider()->maximum() > revisionBefore, kTimeout);

        window.timeline()->slider()->setValue(revisionBefore);
        QTRY_VERIFY_WITH_TIMEOUT(window.snapshot().readOnly, kTimeout);
        QCOMPARE(int(window.snapshot().pods.size()), before);
        QVERIFY(window.timeline()->nowButton()->isEnabled());

        QTest::mouseClick(window.timeline()->nowButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window.snapshot().readOnly, kTimeout);
        QCOMPARE(int(window.snapshot().pods.size()), before + 1);
    }

    void selectingAPendingPodShowsTheSchedulersVerdicts()
    {
        MainWindow window;
        openLab(window, QStringLiteral("demo"));
        const QString key = QStringLiteral("default/big-job");
        QTRY_VERIFY_WITH_TIMEOUT(!window.snapshot().pods.value(key).pendingMessage.isEmpty(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(window.labScene()->podItem(key) != nullptr, kTimeout);
        QVERIFY(window.labScene()->selectObject(QStringLiteral("Pod"), QStringLiteral("default"), QStringLiteral("big-job")));
        kubelab::scenes::NodeItem* node = window.labScene()->nodeItem(QStringLiteral("node-3"));
        QVERIFY(node);
        QTRY_VERIFY_WITH_TIMEOUT(node->verdict().has_value(), kTimeout);
        QVERIFY(!node->verdict()->feasible);
        QVERIFY2(node->verdict()->reason.contains(QStringLiteral("taint")), qPrintable(node->verdict()->reason));
        QCOMPARE(window.inspector()->currentName(), QStringLiteral("big-job"));
    }

    void languageSwitchTranslates()
    {
        MainWindow window;
        openLab(window, QStringLiteral("empty"));
        const QString english = window.windowTitle();
        window.setLanguage(QStringLiteral("zh_CN"));
        QVERIFY2(window.windowTitle() != english, qPrintable(window.windowTitle()));
        window.setLanguage(QStringLiteral("en"));
        QCOMPARE(window.windowTitle(), english);
    }

    // English has plural forms of its own: tr("%n node(s)") reads "1 node" and "3 nodes".
    void englishPluralForms_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("n");
        QTest::addColumn<QString>("expected");
        QTest::addRow("one node") << "en" << "kubelab::ui::MainWindow" << "%n node(s)" << 1 << "1 node";
        QTest::addRow("three nodes") << "en" << "kubelab::ui::MainWindow" << "%n node(s)" << 3 << "3 nodes";
        QTest::addRow("zero pods") << "en" << "kubelab::ui::MainWindow" << "%n pod(s)" << 0 << "0 pods";
        QTest::addRow("one check") << "en" << "kubelab::ui::LessonPanel" << "%1 of %n check(s) fail." << 1
                                   << "%1 of 1 check fails.";
        QTest::addRow("endpoints") << "en" << "kubelab::scenes::ServiceItem" << "→ %n ready endpoint(s)" << 2
                                   << "→ 2 ready endpoints";
        QTest::addRow("chinese") << "zh_CN" << "kubelab::ui::MainWindow" << "%n node(s)" << 3 << "3 个节点";
    }

    void englishPluralForms()
    {
        QFETCH(QString, language);
        QFETCH(QString, context);
        QFETCH(QString, source);
        QFETCH(int, n);
        QFETCH(QString, expected);
        MainWindow window;
        window.setLanguage(language);
        QCOMPARE(QCoreApplication::translate(context.toUtf8().constData(), source.toUtf8().constData(), nullptr, n),
                 expected);
    }

    // The window handles the engine's stream (story, deltas, a lab's opening, ...) in the order
    // it came, a part of it per pass of the event loop: a lab's opening clears the story, and
    // events the lab before sent just ahead of it stay out of the lab opened.
    void theEngineStreamIsHandledInTurn()
    {
        MainWindow window;
        openLab(window, QStringLiteral("empty"));
        kubelab::ui::StoryPanel* story = window.storyPanel();
        QTRY_VERIFY_WITH_TIMEOUT(story->pendingCount() == 0 && story->rowCount() > 0, kTimeout);
        QList<kubelab::scenes::StoryItem> before;
        for (int i = 0; i < 300; ++i) {
            kubelab::scenes::StoryItem e;
            e.sequence = i + 1;
            e.component = QStringLiteral("kubelet@node-1");
            e.kind = QStringLiteral("Pod");
            e.ns = QStringLiteral("default");
            e.name = QStringLiteral("old-%1").arg(i);
            e.action = QStringLiteral("Started");
            e.message = QStringLiteral("kubelet started the pod's containers");
            before << e;
        }
        QSignalSpy opened(&window, &MainWindow::labOpened);
        Q_EMIT window.worker()->storyReady(before);
        Q_EMIT window.worker()->labOpened(QString(), false);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeout);
        QTest::qWait(200); // any pass of the story panel still due
        QCOMPARE(story->pendingCount(), 0);
        QCOMPARE(story->rowCount(), 0);
    }

    void screenshotWritesPng()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("shot.png"));
        MainWindow window;
        window.resize(1280, 800);
        openLab(window, QStringLiteral("demo"));
        QSignalSpy taken(&window, &MainWindow::screenshotTaken);
        window.screenshotAfter(5000, file);
        QVERIFY(taken.wait(kTimeout));
        QVERIFY(taken.front().at(0).toBool());
        QVERIFY(QFileInfo(file).size() > 0);
        const QImage image(file);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 800);
    }

    void screenshotCanFitTheWholeCluster()
    {
        // `kubelab --fit --screenshot`: the picture shows every item of the canvas, as View ▸ Fit.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("shot.png"));
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        openLab(window, QStringLiteral("demo"));
        kubelab::ui::LabView* view = window.labView();
        const auto shown = [view] {
            return view->mapToScene(view->viewport()->rect()).boundingRect();
        };
        const QRectF items = view->scene()->itemsBoundingRect();
        QVERIFY2(!shown().contains(items), "the demo lab should not fit at 100 %");
        QSignalSpy taken(&window, &MainWindow::screenshotTaken);
        window.screenshotAfter(0, file, true);
        QVERIFY(taken.wait(kTimeout));
        QVERIFY(taken.front().at(0).toBool());
        QVERIFY(shown().adjusted(-1, -1, 1, 1).contains(items));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

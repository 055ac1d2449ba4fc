// SPDX-License-Identifier: GPL-3.0-or-later
// The lab window's second round: control-plane lamps, usage overlays and charts, the
// canvas's context menu and Delete key, a Service dropped onto pods, the canvas filters
// and the recent labs, each driven through the real widgets.
#include <QAction>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDropEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "scenes/items/nodeitem.h"
#include "scenes/items/poditem.h"
#include "scenes/items/serviceitem.h"
#include "scenes/labscene.h"
#include "ui/canvasfilter.h"
#include "ui/charts/chartspanel.h"
#include "ui/controlplanestrip.h"
#include "ui/inspector.h"
#include "ui/labview.h"
#include "ui/mainwindow.h"

using kubelab::ui::MainWindow;

namespace {

constexpr int kTimeout = 30000;

void openLab(MainWindow& window, const QString& scenario, const QString& path = QString())
{
    window.setSpeed(0);
    window.resize(1600, 1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openLab(path, scenario);
    QTRY_VERIFY_WITH_TIMEOUT(window.isLabOpen(), kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(window.snapshot().revision > 0, kTimeout);
}

/// Runs virtual time until every pod of the demo has settled on its node.
void settle(MainWindow& window)
{
    window.setSpeed(100);
    QTRY_VERIFY_WITH_TIMEOUT(window.snapshot().runningCount() >= 5, kTimeout);
    window.setSpeed(0);
    QTest::qWait(300);
}

/// The viewport point of a pod's chip (scrolled into view).
QPoint podPoint(MainWindow& window, const QString& key)
{
    kubelab::scenes::PodItem* pod = window.labScene()->podItem(key);
    if (!pod)
        return {};
    window.labView()->centerOn(pod);
    return window.labView()->mapFromScene(pod->sceneBoundingRect().center());
}

QString firstPodOf(const MainWindow& window, const QString& prefix)
{
    for (const kubelab::scenes::PodView& p : window.snapshot().pods)
        if (p.name.startsWith(prefix) && !p.nodeName.isEmpty())
            return p.key();
    return {};
}

} // namespace

class TestLabWindow final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("KubeLabTest"));
        QSettings().remove(QStringLiteral("recentLabs"));
    }

    void controlPlaneLampsLightAndSelectTheirNode()
    {
        MainWindow window;
        openLab(window, QStringLiteral("demo"));
        kubelab::ui::ControlPlaneStrip* strip = window.controlPlane();
        QTRY_COMPARE_WITH_TIMEOUT(strip->nodes(), (QStringList{QStringLiteral("node-1"), QStringLiteral("node-2"),
                                                                QStringLiteral("node-3")}),
                                  kTimeout);
        const QRectF lamp = strip->nodeRect(QStringLiteral("node-2"));
        QVERIFY(!lamp.isEmpty());

        // A kubelet's act lights its lamp and sends a message up to the API server.
        strip->pulse(QStringLiteral("kubelet@node-2"));
        QVERIFY(strip->glow(QStringLiteral("kubelet@node-2")) > 0.5);
        QCOMPARE(strip->glow(QStringLiteral("kubelet@node-1")), 0.0);
        QVERIFY(strip->messagesInFlight() > 0);
        strip->pulse(QStringLiteral("kube-proxy@*"));
        QVERIFY(strip->glow(QStringLiteral("kube-proxy@node-3")) > 0.5);
        QTRY_COMPARE_WITH_TIMEOUT(strip->messagesInFlight(), 0, 3000);

        // The engine's own acts light the strip too: a write passes apiserver and etcd.
        window.setSpeed(10);
        QTRY_VERIFY_WITH_TIMEOUT(strip->glow(QStringLiteral("apiserver")) > 0, kTimeout);
        window.setSpeed(0);

        // Clicking a node's lamps selects the node on the canvas.
        QTest::mouseClick(strip, Qt::LeftButton, Qt::NoModifier, lamp.center().toPoint());
        kubelab::scenes::NodeItem* node = window.labScene()->nodeItem(QStringLiteral("node-2"));
        QVERIFY(node);
        QTRY_VERIFY_WITH_TIMEOUT(node->isSelected(), kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(window.inspector()->currentName(), QStringLiteral("node-2"), kTimeout);
    }

    void usageAndLimitsReachTheBarsAndCharts()
    {
        MainWindow window;
        openLab(window, QStringLiteral("demo"));
        settle(window);
        kubelab::scenes::NodeItem* node = window.labScene()->nodeItem(QStringLiteral("node-1"));
        QVERIFY(node);
        QTRY_VERIFY_WITH_TIMEOUT(node->usage().has_value(), kTimeout);
        // The node's own processes at least (50m, 400Mi), as metrics-server reports them.
        QVERIFY(node->usage()->cpu >= 50);
        QVERIFY(node->usage()->memory >= 400LL * 1024 * 1024);
        QVERIFY(node->toolTip().contains(QStringLiteral("metrics-server")));

        kubelab::ui::charts::ChartsPanel* charts = window.chartsPanel();
        QTRY_VERIFY_WITH_TIMEOUT(!charts->barValues(QStringLiteral("cpu"), QStringLiteral("used")).isEmpty() &&
                                     charts->barValues(QStringLiteral("cpu"), QStringLiteral("used")).front() >= 0.05,
                                 kTimeout);
        const QList<qreal> requested = charts->barValues(QStringLiteral("cpu"), QStringLiteral("requested"));
        const QList<qreal> limits = charts->barValues(QStringLiteral("cpu"), QStringLiteral("limits"));
        QCOMPARE(requested.size(), 3);
        // node-1 runs web pods with limits above their requests (the demo): a limits segment.
        QVERIFY(requested.front() > 0);
        QVERIFY(limits.front() > 0);
        // Requested CPU in percent of the cluster's allocatable, over time.
        QTRY_VERIFY_WITH_TIMEOUT(charts->lastRequestedPercent().x() > 0, kTimeout);
        QVERIFY(charts->lastRequestedPercent().y() > 0);
        QVERIFY(charts->lastRequestedPercent().x() <= 100);
    }

    void contextMenuAndDeleteKeyDeleteThroughTheApiServer()
    {
        MainWindow window;
        openLab(window, QStringLiteral("demo"));
        settle(window);
        const QString first = firstPodOf(window, QStringLiteral("web-"));
        QVERIFY(!first.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(window.labScene()->podItem(first), kTimeout);

        // The Delete key on the canvas deletes the selected object through the API server.
        const QString second = firstPodOf(window, QStringLiteral("coredns-"));
        QVERIFY(!second.isEmpty());
        const QPoint at2 = podPoint(window, second);
        QTest::mouseClick(window.labView()->viewport(), Qt::LeftButton, Qt::NoModifier, at2);
        QTRY_VERIFY(window.labScene()->podItem(second)->isSelected());
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.labView()->setFocus();
        QTest::keyClick(window.labView()->viewport(), Qt::Key_Delete);

        QTRY_VERIFY_WITH_TIMEOUT(!window.snapshot().pods.contains(second) ||
                                     window.snapshot().pods.value(second).status == QLatin1String("Terminating"),
                                 kTimeout);

        // Right-click another pod: it is selected and the menu offers edit, describe, events, delete.
        const QPoint at = podPoint(window, first);
        QContextMenuEvent menuEvent(QContextMenuEvent::Mouse, at, window.labView()->viewport()->mapToGlobal(at));
        QCoreApplication::sendEvent(window.labView()->viewport(), &menuEvent);
        QVERIFY(window.labScene()->podItem(first)->isSelected());
        QMenu* menu = window.objectMenu();
        QVERIFY(menu);
        QTRY_VERIFY(menu->isVisible());
        auto* remove = menu->findChild<QAction*>(QStringLiteral("deleteObject"));
        auto* edit = menu->findChild<QAction*>(QStringLiteral("editObject"));
        QVERIFY(remove && edit && remove->isEnabled());
        menu->close();
        edit->trigger();
        QVERIFY(window.inspector()->isVisible());
        remove->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!window.snapshot().pods.contains(first) ||
                                     window.snapshot().pods.value(first).status == QLatin1String("Terminating"),
                                 kTimeout);
    }

    void inspectorEditAppliesThroughTheApiServer()
    {
        MainWindow window;
        openLab(window, QStringLiteral("demo"));
        settle(window);
        QTRY_VERIFY_WITH_TIMEOUT(window.labScene()->nodeItem(QStringLiteral("node-3")), kTimeout);
        // Click the node's box, then edit its YAML in the inspector: a label added.
        kubelab::scenes::NodeItem* box = window.labScene()->nodeItem(QStringLiteral("node-3"));
        window.labView()->centerOn(box);
        const QPoint at = window.labView()->mapFromScene(box->mapToScene(QPointF(40, 12)));
        QTest::mouseClick(window.labView()->viewport(), Qt::LeftButton, Qt::NoModifier, at);
        QTRY_VERIFY(box->isSelected());
        QTRY_VERIFY_WITH_TIMEOUT(window.inspector()->yamlEditor()->toPlainText().contains(QStringLiteral("name: node-3")),
                                 kTimeout);
        QString yaml = window.inspector()->yamlEditor()->toPlainText();
        const QString anchor = QStringLiteral("  labels:\n");
        QVERIFY(yaml.contains(anchor));
        yaml.replace(yaml.indexOf(anchor), anchor.size(), anchor + QStringLiteral("    team: blue\n"));
        window.inspector()->yamlEditor()->setPlainText(yaml);
        QTest::mouseClick(window.inspector()->applyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(window.snapshot().nodes.value(QStringLiteral("node-3")).labels.value(QStringLiteral("team")),
                                  QStringLiteral("blue"), kTimeout);
    }

    void serviceDroppedOntoPodsProposesTheirSelector()
    {
        MainWindow window;
        openLab(window, QStringLiteral("demo"));
        settle(window);
        const QString web = firstPodOf(window, QStringLiteral("web-"));
        QVERIFY(!web.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(window.labScene()->podItem(web), kTimeout);
        const int services = int(window.snapshot().services.size());

        window.labView()->dropKind(QStringLiteral("Service"), podPoint(window, web));
        const QString yaml = window.inspector()->yamlEditor()->toPlainText();
        QVERIFY2(yaml.contains(QStringLiteral("kind: Service")), qPrintable(yaml));
        QVERIFY2(yaml.contains(QStringLiteral("app: \"web\"")), qPrintable(yaml));
        QVERIFY2(!yaml.contains(QStringLiteral("pod-template-hash")), qPrintable(yaml));
        // Proposed, not applied: nothing changes until Apply.
        QTest::qWait(200);
        QCOMPARE(int(window.snapshot().services.size()), services);

        QTest::mouseClick(window.inspector()->applyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(int(window.snapshot().services.size()), services + 1, kTimeout);
        QVERIFY(window.snapshot().services.contains(QStringLiteral("default/web-svc-1")));
        QCOMPARE(window.snapshot().services.value(QStringLiteral("default/web-svc-1")).selector,
                 (QMap<QString, QString>{{QStringLiteral("app"), QStringLiteral("web")}}));
    }

    void namespaceAndLabelFiltersDimTheRest()
    {
        MainWindow window;
        openLab(window, QStringLiteral("demo"));
        settle(window);
        const QString web = firstPodOf(window, QStringLiteral("web-"));
        const QString dns = firstPodOf(window, QStringLiteral("coredns-"));
        QTRY_VERIFY_WITH_TIMEOUT(window.labScene()->podItem(web) && window.labScene()->podItem(dns), kTimeout);
        kubelab::ui::CanvasFilter* filter = window.canvasFilter();

        QTest::keyClicks(filter->selectorEdit(), QStringLiteral("app=web"));
        QVERIFY(!window.labScene()->podItem(web)->dimmed());
        QVERIFY(window.labScene()->podItem(dns)->dimmed());
        QVERIFY2(filter->resultLabel()->text().startsWith(QStringLiteral("3 of ")), qPrintable(filter->resultLabel()->text()));
        // node-3 runs none of them: faint.
        QVERIFY(window.labScene()->nodeItem(QStringLiteral("node-3"))->dimmed());
        QVERIFY(!window.labScene()->nodeItem(QStringLiteral("node-1"))->dimmed());

        // A broken selector says why and keeps the last filter.
        QTest::keyClicks(filter->selectorEdit(), QStringLiteral(",tier in ("));
        QVERIFY2(filter->resultLabel()->text().startsWith(QStringLiteral("Not a label selector")),
                 qPrintable(filter->resultLabel()->text()));
        QVERIFY(window.labScene()->podItem(dns)->dimmed());
        filter->selectorEdit()->clear();
        QVERIFY(!window.labScene()->podItem(dns)->dimmed());

        // The namespace filter: kube-system keeps CoreDNS, dims web and its Service.
        const int index = filter->namespaceBox()->findData(QStringLiteral("kube-system"));
        QVERIFY(index > 0);
        filter->namespaceBox()->setFocus();
        filter->namespaceBox()->setCurrentIndex(index);
        QVERIFY(window.labScene()->podItem(web)->dimmed());
        QVERIFY(!window.labScene()->podItem(dns)->dimmed());
        filter->namespaceBox()->setCurrentIndex(0);
        QVERIFY(!window.labScene()->podItem(web)->dimmed());
        QVERIFY(filter->resultLabel()->text().isEmpty());
    }

    void openedLabsAreRecent()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("recent.klab"));
        {
            MainWindow window;
            openLab(window, QStringLiteral("empty"), path);
        }
        QCOMPARE(MainWindow::recentLabs().value(0), path);
        MainWindow window;
        QMenu* recent = window.recentMenu();
        QVERIFY(recent);
        Q_EMIT recent->aboutToShow();
        QVERIFY(!recent->actions().isEmpty());
        QAction* first = recent->actions().front();
        QCOMPARE(first->data().toString(), path);
        QVERIFY(first->isEnabled());
        openLab(window, QStringLiteral("empty"));   // an in-memory lab first
        first->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window.windowTitle().contains(QStringLiteral("recent.klab")), kTimeout);
    }
};

QTEST_MAIN(TestLabWindow)
#include "tst_labwindow.moc"

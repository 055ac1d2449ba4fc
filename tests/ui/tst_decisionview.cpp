// SPDX-License-Identifier: GPL-3.0-or-later
// Selecting a pod on the canvas opens the scheduler's decision: the node x plugin table and
// the plain-language summary, in the window's language.
#include <QGraphicsView>
#include <QLabel>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

#include "scenes/items/poditem.h"
#include "scenes/labscene.h"
#include "ui/decisionview.h"
#include "ui/inspector.h"
#include "ui/labview.h"
#include "ui/mainwindow.h"

using kubelab::ui::DecisionView;
using kubelab::ui::MainWindow;

class TestDecisionView final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void clickingAPendingPodShowsItsDecision();
    void scheduledDecisionRanksAndHighlights();
    void noDecision();
};

namespace {

constexpr int kTimeout = 30000;

void openDemo(MainWindow& window)
{
    window.setSpeed(0);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openLab(QString(), QStringLiteral("demo"));
    QTRY_VERIFY_WITH_TIMEOUT(window.isLabOpen(), kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(window.snapshot().revision > 0, kTimeout);
}

QStringList column(const QTableWidget* table, int c)
{
    QStringList out;
    for (int r = 0; r < table->rowCount(); ++r)
        out << (table->item(r, c) ? table->item(r, c)->text() : QString());
    return out;
}

// A decision as `klab why -o json` prints it: node-2 wins, node-1 ties on the filters'
// survivors but scores lower, node-3 fails a taint.
const char* kScheduled = "{\"pod\": \"default/web\", \"schedulerName\": \"default-scheduler\", \"result\": \"Scheduled\","
                         " \"selectedNode\": \"node-2\", \"message\": \"\", \"nodes\": ["
                         "{\"name\": \"node-1\", \"feasible\": true, \"filters\": [], \"scores\": ["
                         "{\"plugin\": \"NodeResourcesFit\", \"rawScore\": 40, \"score\": 40, \"weight\": 1},"
                         "{\"plugin\": \"NodeResourcesBalancedAllocation\", \"rawScore\": 90, \"score\": 90, \"weight\": 1}],"
                         " \"totalScore\": 130},"
                         "{\"name\": \"node-2\", \"feasible\": true, \"filters\": [], \"scores\": ["
                         "{\"plugin\": \"NodeResourcesFit\", \"rawScore\": 75, \"score\": 75, \"weight\": 1},"
                         "{\"plugin\": \"NodeResourcesBalancedAllocation\", \"rawScore\": 95, \"score\": 95, \"weight\": 1}],"
                         " \"totalScore\": 170},"
                         "{\"name\": \"node-3\", \"feasible\": false, \"filters\": [{\"plugin\": \"TaintToleration\","
                         " \"code\": \"UnschedulableAndUnresolvable\", \"reasons\": [\"node(s) had untolerated taint "
                         "{dedicated: batch}\"]}], \"scores\": []}]}";

} // namespace

void TestDecisionView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("KubeLabTest"));
}

void TestDecisionView::clickingAPendingPodShowsItsDecision()
{
    MainWindow window;
    openDemo(window);
    window.setLanguage(QStringLiteral("en"));
    const QString key = QStringLiteral("default/big-job");
    QTRY_VERIFY_WITH_TIMEOUT(!window.snapshot().pods.value(key).pendingMessage.isEmpty(), kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(window.labScene()->podItem(key) != nullptr, kTimeout);
    // The canvas catches up with the snapshot in passes of the event loop: wait for its place.
    QTRY_VERIFY2_WITH_TIMEOUT(!window.labScene()->hasPendingWork() && window.labScene()->podItem(key)->isVisible(),
                              window.labScene()->hasPendingWork() ? "the canvas still has work" : "the pod is hidden",
                              kTimeout);
    kubelab::scenes::PodItem* pod = window.labScene()->podItem(key);
    QGraphicsView* view = window.labView();
    // Click the pod where it stands now; a click that missed it (the canvas was still moving
    // it) is repeated.
    const auto click = [&] {
        view->ensureVisible(pod);
        const QPoint at = view->mapFromScene(pod->sceneBoundingRect().center());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, at);
        return pod->isSelected();
    };
    QTRY_VERIFY_WITH_TIMEOUT(click(), kTimeout);

    DecisionView* decision = window.inspector()->decisionView();
    QTRY_VERIFY2_WITH_TIMEOUT(decision->table()->rowCount() == 3,
                              qPrintable(QStringLiteral("inspecting '%1', %2 row(s), summary: %3")
                                             .arg(window.inspector()->currentName())
                                             .arg(decision->table()->rowCount())
                                             .arg(decision->summaryLabel()->text())),
                              kTimeout);
    QVERIFY(decision->isVisible()); // the decision tab came to the front
    QCOMPARE(window.inspector()->currentName(), QStringLiteral("big-job"));
    QTableWidget* table = decision->table();
    QCOMPARE(table->columnCount(), 3); // node, filters, total: nothing was scored
    QCOMPARE(column(table, 0), QStringList({"node-1", "node-2", "node-3"}));
    QCOMPARE(column(table, 1), QStringList({QStringLiteral("✗ NodeResourcesFit: Insufficient cpu"),
                                            QStringLiteral("✗ NodeResourcesFit: Insufficient cpu"),
                                            QStringLiteral("✗ TaintToleration: node(s) had untolerated taint "
                                                           "{dedicated: batch}")}));
    QCOMPARE(column(table, 2), QStringList({"–", "–", "–"}));
    // Failed nodes are greyed.
    QCOMPARE(table->item(0, 0)->foreground().color(), table->palette().color(QPalette::Disabled, QPalette::Text));
    QVERIFY(table->item(2, 1)->font().italic());
    const QString summary = decision->summaryLabel()->text();
    QVERIFY2(summary.contains(QStringLiteral("None of the 3 node(s) passed every filter")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("2 node(s) were filtered out by NodeResourcesFit")), qPrintable(summary));
    const QString oldNames = decision->oldNamesLabel()->text();
    QVERIFY2(oldNames.contains(QStringLiteral("PodFitsResources")) && oldNames.contains(QStringLiteral("PodToleratesNodeTaints")),
             qPrintable(oldNames));

    // KUBELAB_SCREENSHOT_DIR=DIR keeps pictures of the window in both languages.
    const QString shots = qEnvironmentVariable("KUBELAB_SCREENSHOT_DIR");
    if (!shots.isEmpty())
        QVERIFY(window.grab().save(shots + QStringLiteral("/decision-en.png")));

    // The same decision, explained in Chinese; Kubernetes' reasons stay as it prints them.
    window.setLanguage(QStringLiteral("zh_CN"));
    QTRY_VERIFY_WITH_TIMEOUT(decision->summaryLabel()->text().contains(QStringLiteral("都没有通过全部过滤插件")), kTimeout);
    if (!shots.isEmpty())
        QVERIFY(window.grab().save(shots + QStringLiteral("/decision-zh_CN.png")));
    QVERIFY(decision->summaryLabel()->text().contains(QStringLiteral("Insufficient cpu")));
    QVERIFY(decision->oldNamesLabel()->text().contains(QStringLiteral("以前叫")));
    QCOMPARE(table->horizontalHeaderItem(0)->text(), QStringLiteral("节点"));
    window.setLanguage(QStringLiteral("en"));
}

void TestDecisionView::scheduledDecisionRanksAndHighlights()
{
    DecisionView view;
    view.setDecision(QString::fromUtf8(kScheduled), QString());
    QTableWidget* table = view.table();
    QCOMPARE(table->rowCount(), 3);
    QCOMPARE(table->columnCount(), 5);
    QCOMPARE(table->horizontalHeaderItem(2)->text(), QStringLiteral("NodeResourcesFit"));
    QCOMPARE(table->horizontalHeaderItem(3)->text(), QStringLiteral("NodeResourcesBalancedAllocation"));
    QVERIFY(table->horizontalHeaderItem(2)->toolTip().contains(QStringLiteral("LeastRequestedPriority")));
    QCOMPARE(column(table, 0), QStringList({"node-2 (chosen)", "node-1", "node-3"}));
    QCOMPARE(column(table, 2), QStringList({QStringLiteral("75 → 75 ×1"), QStringLiteral("40 → 40 ×1"), QString()}));
    QCOMPARE(column(table, 4), QStringList({"170", "130", "–"}));
    QVERIFY(table->item(0, 0)->font().bold());
    QVERIFY(table->item(0, 4)->background().color().alpha() > 0);
    QVERIFY(!table->item(1, 0)->font().italic());
    QVERIFY(table->item(2, 0)->font().italic());
    QVERIFY2(view.summaryLabel()->text().contains(
                 QStringLiteral("2 of 3 node(s) passed every filter; the score plugins ranked them and node-2 had "
                                "the highest total (170).")),
             qPrintable(view.summaryLabel()->text()));
}

void TestDecisionView::noDecision()
{
    DecisionView view;
    view.setDecision(QString(), QString());
    QCOMPARE(view.table()->rowCount(), 0);
    QVERIFY(!view.table()->isVisibleTo(&view));
    QVERIFY(!view.summaryLabel()->isVisibleTo(&view));
}

QTEST_MAIN(TestDecisionView)
#include "tst_decisionview.moc"

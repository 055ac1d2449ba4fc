// SPDX-License-Identifier: GPL-3.0-or-later
// "Let kubectl connect": the window serves its lab's API server and the real kubectl
// (Debian's kubernetes-client, unpacked into the build tree by the kubectl_download fixture)
// works against it while the canvas follows.
#include <QAction>
#include <QDeadlineTimer>
#include <QFileInfo>
#include <QLabel>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "ui/mainwindow.h"
#include "ui/requestpanel.h"

using kubelab::ui::MainWindow;
using kubelab::ui::RequestRow;

namespace {

constexpr int kTimeout = 60000;

struct Run {
    int code = -1;
    QString out;
    QString err;
};

} // namespace

class TestKubectlWindow : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_kubectl;
    QString m_kubeconfig;

    /// Runs kubectl while the window's event loop goes on (the worker answers on its thread;
    /// what it sends the window arrives meanwhile).
    Run kubectl(const QStringList& args)
    {
        QProcess p;
        p.start(m_kubectl, QStringList{QStringLiteral("--kubeconfig"), m_kubeconfig, QStringLiteral("--request-timeout=20s")} + args);
        if (!p.waitForStarted())
            return {};
        for (QDeadlineTimer deadline(kTimeout); p.state() != QProcess::NotRunning && !deadline.hasExpired();)
            QTest::qWait(20);
        return Run{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    /// The newest request the panel shows that matches.
    static std::optional<RequestRow> request(kubelab::ui::RequestPanel* panel, const QString& verb, const QString& resource)
    {
        for (int i = 0; i < panel->rowCount(); ++i)
            if (panel->row(i).verb == verb && panel->row(i).resource == resource)
                return panel->row(i);
        return std::nullopt;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("KubeLabTest"));
        QVERIFY(m_dir.isValid());
        m_kubectl = qEnvironmentVariable("KUBELAB_KUBECTL");
        if (m_kubectl.isEmpty()) // run directly: the fixture's place in the build tree
            m_kubectl = QFileInfo(QStringLiteral(KUBELAB_KLAB)).dir().absoluteFilePath(QStringLiteral("../kubectl/usr/bin/kubectl"));
        if (!QFileInfo(m_kubectl).isExecutable())
            QFAIL(qPrintable("kubectl is not at " + m_kubectl +
                             ": the kubectl_download test unpacks it (ctest -R kubectl), and failed or did not run"));
    }

    void kubectlWorksAgainstTheWindow()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.setSpeed(0);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString lab = m_dir.filePath(QStringLiteral("lab.klab"));
        window.openLab(lab, QStringLiteral("demo"));
        QTRY_VERIFY_WITH_TIMEOUT(window.isLabOpen() && window.snapshot().revision > 0, kTimeout);

        auto* label = window.findChild<QLabel*>(QStringLiteral("servingLabel"));
        QVERIFY(label);
        QVERIFY(!label->isVisible());
        window.serveAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(label->isVisible(), kTimeout);
        QVERIFY(window.serveAction()->isChecked());
        // The kubeconfig goes beside the lab, as klab serve writes it.
        m_kubeconfig = m_dir.filePath(QStringLiteral("lab.kubeconfig"));
        QVERIFY2(QFileInfo::exists(m_kubeconfig), qPrintable(label->text()));
        QVERIFY2(label->text().contains(m_kubeconfig), qPrintable(label->text()));

        // A write: through the API server's stages to etcd, in the requests panel; the
        // controllers answer and the canvas shows the pods.
        Run created = kubectl({QStringLiteral("create"), QStringLiteral("deployment"), QStringLiteral("hello"),
                               QStringLiteral("--image=nginx"), QStringLiteral("--replicas=3")});
        QCOMPARE(created.err, QString());
        QCOMPARE(created.out, QStringLiteral("deployment.apps/hello created\n"));
        QCOMPARE(created.code, 0);
        kubelab::ui::RequestPanel* panel = window.requestPanel();
        QTRY_VERIFY_WITH_TIMEOUT(request(panel, QStringLiteral("create"), QStringLiteral("deployments.apps")), kTimeout);
        const RequestRow create = *request(panel, QStringLiteral("create"), QStringLiteral("deployments.apps"));
        QCOMPARE(create.user, QStringLiteral("kubernetes-admin"));
        QCOMPARE(create.stage, 5);
        QVERIFY(!create.refused);
        auto helloPods = [&] {
            int n = 0;
            for (auto it = window.snapshot().pods.cbegin(); it != window.snapshot().pods.cend(); ++it)
                n += it.key().startsWith(QLatin1String("default/hello-")) ? 1 : 0;
            return n;
        };
        QTRY_COMPARE_WITH_TIMEOUT(helloPods(), 3, kTimeout);

        // The window's speed control moves the clock: the rollout finishes once it runs.
        window.setSpeed(100);
        Run status = kubectl({QStringLiteral("rollout"), QStringLiteral("status"), QStringLiteral("deployment/hello"),
                              QStringLiteral("--timeout=50s")});
        QVERIFY2(status.code == 0, qPrintable(status.err));
        QVERIFY2(status.out.endsWith(QStringLiteral("deployment \"hello\" successfully rolled out\n")), qPrintable(status.out));
        Run pods = kubectl({QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-l"), QStringLiteral("app=hello")});
        QCOMPARE(pods.code, 0);
        QCOMPARE(pods.out.count(QStringLiteral("Running")), 3);

        // A refusal: RBAC stops alice at authorization, in kubectl and in the panel.
        Run refused = kubectl({QStringLiteral("--as"), QStringLiteral("alice"), QStringLiteral("get"), QStringLiteral("secrets")});
        QCOMPARE(refused.code, 1);
        QCOMPARE(refused.err, QStringLiteral("Error from server (Forbidden): secrets is forbidden: User \"alice\" cannot "
                                             "list resource \"secrets\" in API group \"\" in the namespace \"default\"\n"));
        QTRY_VERIFY_WITH_TIMEOUT(request(panel, QStringLiteral("list"), QStringLiteral("secrets")), kTimeout);
        const RequestRow list = *request(panel, QStringLiteral("list"), QStringLiteral("secrets"));
        QVERIFY(list.refused);
        QCOMPARE(list.user, QStringLiteral("alice"));
        QCOMPARE(list.stage, 1);

        // Off: kubectl can no longer connect.
        window.serveAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!label->isVisible(), kTimeout);
        QVERIFY(!window.serveAction()->isChecked());
        Run gone = kubectl({QStringLiteral("get"), QStringLiteral("pods")});
        QVERIFY(gone.code != 0);
        QVERIFY2(gone.err.contains(QStringLiteral("was refused")), qPrintable(gone.err));
    }
};

QTEST_MAIN(TestKubectlWindow)
#include "tst_kubectlwindow.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The real kubectl against `klab serve`: Debian's kubernetes-client (kubectl v1.20),
// unpacked into the build tree by the `kubectl_download` CTest fixture (never the
// machine's own kubectl). Outputs are compared with klab's for the same lab, AGE
// cells normalised.
#include <algorithm>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class TestKubectl : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_kubectl;
    QString m_lab;
    QString m_kubeconfig;
    QProcess m_server;

    struct Run {
        int code = -1;
        QString out;
        QString err;
    };

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("KUBECONFIG", m_kubeconfig);
        env.insert("HOME", m_dir.path()); // kubectl's discovery cache stays in the test's directory
        env.insert("LC_ALL", "C.UTF-8");
        return env;
    }

    Run run(const QString& program, const QStringList& args, int timeoutMs = 60000, const QByteArray& input = {}) const
    {
        QProcess p;
        p.setProcessEnvironment(environment());
        p.setWorkingDirectory(m_dir.path());
        p.start(program, args);
        if (!input.isEmpty() && p.waitForStarted()) {
            p.write(input);
            p.closeWriteChannel();
        }
        Run r;
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
        }
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }
    Run kubectl(const QStringList& args) const { return run(m_kubectl, args); }
    Run klab(const QStringList& args) const { return run(KUBELAB_KLAB, QStringList{"--lab", m_lab} + args); }

    /// Table text with AGE-like cells (`5s`, `3m20s`, `<unknown>`) replaced and spacing collapsed.
    static QString normalised(const QString& text)
    {
        QStringList lines;
        for (QString line : text.split('\n', Qt::SkipEmptyParts)) {
            QStringList cells = line.split(QRegularExpression("\\s{2,}"), Qt::SkipEmptyParts);
            for (QString& c : cells)
                if (QRegularExpression("^(\\d+[smhdy])+$").match(c).hasMatch())
                    c = "AGE";
            lines << cells.join(" | ");
        }
        return lines.join('\n');
    }

    /// What an `explain` output says, whichever kubectl printed it: the words of its
    /// DESCRIPTION, and per field its depth, name, `-required-` mark and description words.
    /// kubectl v1.20 and v1.30 (klab explain) lay these out differently (header lines,
    /// indentation, wrapping, v1.30's `enum:` line and type names) but say the same.
    struct Explained {
        QStringList description;
        QStringList fields;                 ///< "depth name [required]"
        QMap<QString, QStringList> details; ///< field name -> description words (top level)
        QMap<QString, QString> types;       ///< field name -> the type printed (top level)
    };
    static Explained explained(const QString& text)
    {
        Explained e;
        const QStringList lines = text.split('\n');
        static const QRegularExpression header("^( +)([A-Za-z0-9_$-]+)\t<([^>]*)>( -required-)?$");
        enum class Section { Head, Description, Fields } section = Section::Head;
        QList<int> indents;
        QString current;
        for (const QString& line : lines) {
            if (line == "DESCRIPTION:") {
                section = Section::Description;
                continue;
            }
            if (line == "FIELDS:") {
                section = Section::Fields;
                continue;
            }
            if (section == Section::Description) {
                e.description << line.split(' ', Qt::SkipEmptyParts);
                continue;
            }
            if (section != Section::Fields)
                continue;
            const QRegularExpressionMatch m = header.match(line);
            if (m.hasMatch()) {
                const int indent = m.captured(1).size();
                if (!indents.contains(indent)) {
                    indents << indent;
                    std::sort(indents.begin(), indents.end());
                }
                e.fields << QString("%1 %2%3").arg(indent).arg(m.captured(2), m.captured(4).isEmpty() ? "" : " required");
                current = m.captured(2);
                if (indent == indents.first())
                    e.types[current] = m.captured(3);
                continue;
            }
            if (line.trimmed().startsWith("enum: ") && e.details.value(current).isEmpty())
                continue; // v1.30's list of the values, also in the description
            if (!current.isEmpty())
                e.details[current] << line.split(' ', Qt::SkipEmptyParts);
        }
        // Depths from the indentation (v1.20 indents by 3, v1.30 by 2).
        for (QString& f : e.fields) {
            const int indent = f.section(' ', 0, 0).toInt();
            f = QString::number(indents.indexOf(indent)) + f.mid(f.indexOf(' '));
        }
        return e;
    }

    bool waitFor(const QStringList& args, const QString& expected, int timeoutMs = 60000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            if (kubectl(args).out.contains(expected))
                return true;
            QTest::qWait(300);
        }
        return false;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_kubectl = qEnvironmentVariable("KUBELAB_KUBECTL");
        if (m_kubectl.isEmpty()) // run directly: the fixture's place in the build tree
            m_kubectl = QFileInfo(KUBELAB_KLAB).dir().absoluteFilePath("../kubectl/usr/bin/kubectl");
        if (!QFileInfo(m_kubectl).isExecutable())
            QFAIL(qPrintable("kubectl is not at " + m_kubectl +
                             ": the kubectl_download test unpacks it (ctest -R kubectl), and failed or did not run"));
        m_lab = m_dir.filePath("lab.klab");
        m_kubeconfig = m_dir.filePath("lab.kubeconfig");
        Run loaded = klab({"scenario", "load", "demo"});
        QCOMPARE(loaded.code, 0);
        // A second user with no rights, in a context of its own.
        QCOMPARE(klab({"config", "set-credentials", "jane"}).code, 0);
        QCOMPARE(klab({"config", "set-context", "jane", "--user=jane"}).code, 0);
        // A token user who may view the default namespace.
        QCOMPARE(klab({"config", "set-credentials", "tom", "--token=tom-secret-token"}).code, 0);
        QCOMPARE(klab({"config", "set-context", "tom", "--user=tom"}).code, 0);
        QCOMPARE(klab({"create", "rolebinding", "tom-view", "--clusterrole=view", "--user=tom"}).code, 0);
        m_server.setProcessEnvironment(environment());
        m_server.start(KUBELAB_KLAB, {"--lab", m_lab, "serve", "--port", "0", "--speed", "20", "--kubeconfig", m_kubeconfig});
        QVERIFY(m_server.waitForStarted());
        QString out;
        QElapsedTimer t;
        t.start();
        while (!out.contains("Press Ctrl+C") && t.elapsed() < 20000) {
            m_server.waitForReadyRead(200);
            out += QString::fromUtf8(m_server.readAllStandardOutput());
        }
        QVERIFY2(out.contains("Serving the lab's API server on https://127.0.0.1:"), qPrintable(out + m_server.readAllStandardError()));
        QVERIFY(QFileInfo::exists(m_kubeconfig));
    }

    void cleanupTestCase()
    {
        if (m_server.state() != QProcess::NotRunning) {
            m_server.terminate();
            QVERIFY(m_server.waitForFinished(10000));
            QCOMPARE(m_server.exitCode(), 0);
        }
    }

    void kubeconfig()
    {
        // kubeadm's admin.conf shape: one cluster trusting the lab's CA, a client certificate
        // for each certificate user, the token for a token user; readable by its owner only.
        QFile file(m_kubeconfig);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject config = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        const QJsonArray clusters = config["clusters"].toArray();
        QCOMPARE(clusters.size(), 1);
        const QJsonObject cluster = clusters[0].toObject()["cluster"].toObject();
        QVERIFY(cluster["server"].toString().startsWith("https://127.0.0.1:"));
        const QByteArray ca = QByteArray::fromBase64(cluster["certificate-authority-data"].toString().toLatin1());
        QVERIFY(ca.startsWith("-----BEGIN CERTIFICATE-----"));
        QMap<QString, QJsonObject> users;
        for (const QJsonValue& u : config["users"].toArray())
            users[u.toObject()["name"].toString()] = u.toObject()["user"].toObject();
        QVERIFY(users["kubernetes-admin"].contains("client-certificate-data"));
        QVERIFY(users["kubernetes-admin"].contains("client-key-data"));
        QVERIFY(users["jane"].contains("client-certificate-data"));
        QCOMPARE(users["tom"]["token"].toString(), QString("tom-secret-token"));
        QVERIFY(!users["tom"].contains("client-certificate-data"));
    }

    void tokenUser()
    {
        // Over HTTPS kubectl sends the kubeconfig's token: the lab's user tom, with tom's rights.
        Run list = kubectl({"get", "pods", "--context", "tom"});
        QVERIFY2(list.code == 0, qPrintable(list.err));
        QCOMPARE(kubectl({"auth", "can-i", "list", "pods", "--context", "tom"}).out.trimmed(), QString("yes"));
        Run create = kubectl({"auth", "can-i", "create", "deployments", "--context", "tom"});
        QCOMPARE(create.out.trimmed(), QString("no"));
        QCOMPARE(create.code, 1);
        Run write = kubectl({"create", "configmap", "from-tom", "--context", "tom"});
        QCOMPARE(write.code, 1);
        QVERIFY2(write.err.contains("User \"tom\" cannot create resource \"configmaps\""), qPrintable(write.err));
        // kubectl's --as is sent over HTTPS: the admin may impersonate, tom may not.
        QCOMPARE(kubectl({"auth", "can-i", "list", "pods", "--as", "tom"}).out.trimmed(), QString("yes"));
        Run as = kubectl({"get", "pods", "--context", "tom", "--as", "kubernetes-admin"});
        QCOMPARE(as.code, 1);
        QVERIFY2(as.err.contains("cannot impersonate resource \"users\""), qPrintable(as.err));
    }

    void version()
    {
        Run v = kubectl({"version"});
        QCOMPARE(v.code, 0);
        QVERIFY2(v.out.contains("Client Version") && v.out.contains("v1.20"), qPrintable(v.out));
        QVERIFY2(v.out.contains("GitVersion:\"v1.31.0\""), qPrintable(v.out));
    }

    void apiResources()
    {
        Run k = kubectl({"api-resources"});
        QCOMPARE(k.code, 0);
        QVERIFY2(k.out.contains(QRegularExpression("\\ndeployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment\\n")), qPrintable(k.out));
        QVERIFY(k.out.contains(QRegularExpression("\\npods\\s+po\\s+v1\\s+true\\s+Pod\\n")));
        // The same resources as klab lists, in the same order.
        Run l = klab({"api-resources", "-o", "name"});
        Run kn = kubectl({"api-resources", "-o", "name"});
        QStringList ours = l.out.split('\n', Qt::SkipEmptyParts);
        QStringList theirs = kn.out.split('\n', Qt::SkipEmptyParts);
        ours.sort();
        theirs.sort();
        QCOMPARE(theirs, ours);
    }

    void getNodes()
    {
        Run k = kubectl({"get", "nodes"});
        QCOMPARE(k.code, 0);
        Run l = klab({"get", "nodes"});
        QCOMPARE(normalised(k.out), normalised(l.out));
    }

    void applyAndRun()
    {
        Run a = kubectl({"apply", "-f", KUBELAB_SOURCE_DIR "/examples/nginx-deployment.yaml"});
        QVERIFY2(a.code == 0, qPrintable(a.err));
        QCOMPARE(a.out.trimmed(), QString("deployment.apps/nginx-deployment created"));
        QVERIFY(waitFor({"get", "deploy", "nginx-deployment"}, "3/3"));
        Run again = kubectl({"apply", "-f", KUBELAB_SOURCE_DIR "/examples/nginx-deployment.yaml"});
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QCOMPARE(again.out.trimmed(), QString("deployment.apps/nginx-deployment unchanged"));

        Run pods = kubectl({"get", "pods", "-o", "wide", "-l", "app=nginx"});
        QCOMPARE(pods.code, 0);
        QCOMPARE(pods.out.count("Running"), 3);
        Run ours = klab({"get", "pods", "-o", "wide", "-l", "app=nginx"});
        QCOMPARE(normalised(pods.out), normalised(ours.out));

        Run deploy = kubectl({"get", "deploy"});
        QCOMPARE(normalised(deploy.out), normalised(klab({"get", "deploy"}).out));
        Run all = kubectl({"get", "all"});
        QCOMPARE(all.code, 0);
        QVERIFY2(all.out.contains("deployment.apps/nginx-deployment") && all.out.contains("replicaset.apps/nginx-deployment-") &&
                     all.out.contains("pod/nginx-deployment-"),
                 qPrintable(all.out));
    }

    void describe()
    {
        Run d = kubectl({"describe", "deployment", "nginx-deployment"});
        QVERIFY2(d.code == 0, qPrintable(d.err));
        QVERIFY(d.out.contains(QRegularExpression("Name:\\s+nginx-deployment")));
        QVERIFY(d.out.contains(QRegularExpression("Replicas:\\s+3 desired \\| 3 updated \\| 3 total \\| 3 available")));
        QVERIFY2(d.out.contains("ScalingReplicaSet"), qPrintable(d.out));
    }

    void scale()
    {
        Run s = kubectl({"scale", "deployment", "nginx-deployment", "--replicas=5"});
        QVERIFY2(s.code == 0, qPrintable(s.err));
        QCOMPARE(s.out.trimmed(), QString("deployment.apps/nginx-deployment scaled"));
        QVERIFY(waitFor({"get", "deploy", "nginx-deployment"}, "5/5"));
        // Another process reads what the server committed.
        QVERIFY(klab({"get", "deploy", "nginx-deployment"}).out.contains("5/5"));
    }

    void watch()
    {
        QProcess w;
        w.setProcessEnvironment(environment());
        w.start(m_kubectl, {"get", "pods", "-l", "app=nginx", "-w"});
        QVERIFY(w.waitForStarted());
        QString out;
        QElapsedTimer t;
        t.start();
        while (out.count("nginx-deployment-") < 5 && t.elapsed() < 20000) {
            w.waitForReadyRead(200);
            out += QString::fromUtf8(w.readAllStandardOutput());
        }
        Run s = kubectl({"scale", "deployment", "nginx-deployment", "--replicas=4"});
        QCOMPARE(s.code, 0);
        while (!out.contains("Terminating") && t.elapsed() < 40000) {
            w.waitForReadyRead(200);
            out += QString::fromUtf8(w.readAllStandardOutput());
        }
        w.kill();
        w.waitForFinished();
        QVERIFY2(out.startsWith("NAME"), qPrintable(out));
        QVERIFY2(out.contains("Terminating"), qPrintable(out));
    }

    void logsFollow()
    {
        // A container writing a line every 30 s of its time (1.5 s at --speed 20).
        Run created = kubectl({"run", "ticker", "--image=busybox", "--restart=Never", "--", "sh", "-c",
                               "echo one; sleep 30; echo two; sleep 30; echo three; sleep 3600"});
        QVERIFY2(created.code == 0, qPrintable(created.err));
        QVERIFY(waitFor({"logs", "ticker"}, "one"));
        QProcess f;
        f.setProcessEnvironment(environment());
        f.start(m_kubectl, {"logs", "-f", "ticker"});
        QVERIFY(f.waitForStarted());
        QString out;
        QElapsedTimer t;
        t.start();
        while (!out.contains("three") && t.elapsed() < 60000) {
            f.waitForReadyRead(200);
            out += QString::fromUtf8(f.readAllStandardOutput());
        }
        // Still following (the container sleeps on): stopped by hand, as with Ctrl+C.
        QCOMPARE(f.state(), QProcess::Running);
        f.kill();
        f.waitForFinished();
        QCOMPARE(out, QString("one\ntwo\nthree\n"));
        QCOMPARE(kubectl({"get", "pod", "ticker", "-o", "name"}).out.trimmed(), QString("pod/ticker"));

        // A container that stops ends kubectl logs -f with it.
        Run once = kubectl({"run", "once", "--image=busybox", "--restart=Never", "--", "sh", "-c", "echo a; sleep 40; echo b"});
        QVERIFY2(once.code == 0, qPrintable(once.err));
        QVERIFY(waitFor({"logs", "once"}, "a"));
        QProcess g;
        g.setProcessEnvironment(environment());
        g.start(m_kubectl, {"logs", "-f", "once"});
        QVERIFY(g.waitForStarted());
        QVERIFY(g.waitForFinished(60000));
        QCOMPARE(g.exitCode(), 0);
        QCOMPARE(QString::fromUtf8(g.readAllStandardOutput()), QString("a\nb\n"));
        QCOMPARE(kubectl({"delete", "pod", "ticker", "once", "--grace-period=0"}).code, 0);
    }

    void watchEndsAtItsTimeout()
    {
        // A watch with timeoutSeconds ends by itself (kubectl's read of the stream returns),
        // after a BOOKMARK 2 s before the deadline.
        QElapsedTimer t;
        t.start();
        Run w = kubectl({"get", "--raw", "/api/v1/namespaces/kube-system/pods?watch=1&allowWatchBookmarks=true&timeoutSeconds=3"});
        QVERIFY2(w.code == 0, qPrintable(w.err));
        QVERIFY(t.elapsed() < 55000); // not killed by run()'s 60 s limit
        QVERIFY2(w.out.contains("{\"type\":\"ADDED\"") && w.out.contains("{\"type\":\"BOOKMARK\""), qPrintable(w.out));
        QVERIFY(w.out.indexOf("BOOKMARK") > w.out.lastIndexOf("ADDED"));
    }

    void canI()
    {
        Run yes = kubectl({"auth", "can-i", "create", "deployments"});
        QCOMPARE(yes.out.trimmed(), QString("yes"));
        Run no = kubectl({"auth", "can-i", "create", "deployments", "--context", "jane"});
        QCOMPARE(no.out.trimmed(), QString("no"));
        QCOMPARE(no.code, 1);
    }

    void errors()
    {
        Run k = kubectl({"get", "pod", "nope"});
        Run l = klab({"get", "pod", "nope"});
        QCOMPARE(k.code, 1);
        QCOMPARE(k.err.trimmed(), QString("Error from server (NotFound): pods \"nope\" not found"));
        QCOMPARE(k.err.trimmed(), l.err.trimmed());
        // pods/log: the same refusal as klab logs for a pod that has not started.
        Run logs = kubectl({"logs", "big-job"});
        QCOMPARE(logs.code, 1);
        QCOMPARE(logs.err.trimmed(), klab({"logs", "big-job"}).err.trimmed());
        QVERIFY(logs.err.contains("is waiting to start"));
        Run forbidden = kubectl({"get", "pods", "--context", "jane"});
        QCOMPARE(forbidden.err.trimmed(), klab({"get", "pods", "--context", "jane"}).err.trimmed());
        QVERIFY2(forbidden.err.contains("User \"jane\" cannot list resource \"pods\""), qPrintable(forbidden.err));
    }

    /// kubectl exec: the request upgraded to SPDY/3.1, the remotecommand v4 streams, the
    /// command run as klab exec simulates it; exit codes, a shell reading piped lines, and
    /// the refusals before the upgrade with upstream's texts.
    void exec()
    {
        Run created = kubectl({"run", "bb", "--image=busybox", "--", "sleep", "3600"});
        QVERIFY2(created.code == 0, qPrintable(created.err));
        QVERIFY(waitFor({"get", "pod", "bb"}, "Running"));

        Run lookup = kubectl({"exec", "bb", "--", "nslookup", "kubernetes.default"});
        QVERIFY2(lookup.code == 0, qPrintable(lookup.err));
        QCOMPARE(lookup.out, QString("Server:    10.96.0.10\n"
                                     "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
                                     "Name:      kubernetes.default\n"
                                     "Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n"));
        QCOMPARE(lookup.err, QString());

        Run failed = kubectl({"exec", "bb", "--", "ls", "/nope"});
        QCOMPARE(failed.code, 1);
        QVERIFY2(failed.err.endsWith("command terminated with exit code 1\n"), qPrintable(failed.err));

        // A shell reading the lines piped to it; it exits with the code `exit` gives.
        Run shell = run(m_kubectl, {"exec", "-i", "bb", "--", "sh"}, 60000, "hostname\ncat /etc/resolv.conf\nexit 4\n");
        QCOMPARE(shell.code, 4);
        QCOMPARE(shell.out, QString("bb\nsearch default.svc.cluster.local svc.cluster.local cluster.local\n"
                                    "nameserver 10.96.0.10\noptions ndots:5\n"));
        Run ended = run(m_kubectl, {"exec", "-i", "bb", "--", "sh"}, 60000, "hostname\n");
        QCOMPARE(ended.code, 0);
        QCOMPARE(ended.out, QString("bb\n"));

        Run missing = kubectl({"exec", "nope", "--", "ls"});
        QCOMPARE(missing.err.trimmed(), QString("Error from server (NotFound): pods \"nope\" not found"));
        Run container = kubectl({"exec", "bb", "-c", "other", "--", "ls"});
        QCOMPARE(container.err.trimmed(), QString("Error from server (BadRequest): container other is not valid for pod bb"));
        Run unscheduled = kubectl({"exec", "big-job", "--", "ls"});
        QCOMPARE(unscheduled.err.trimmed(),
                 QString("Error from server (BadRequest): pod big-job does not have a host assigned"));
        // tom may view pods (get passes), not exec into them.
        Run viewer = kubectl({"exec", "bb", "--context", "tom", "--", "ls"});
        QCOMPARE(viewer.code, 1);
        QCOMPARE(viewer.err.trimmed(), QString("Error from server (Forbidden): pods \"bb\" is forbidden: User \"tom\" "
                                               "cannot create resource \"pods/exec\" in API group \"\" in the "
                                               "namespace \"default\""));
    }

    /// kubectl top: metrics.k8s.io/v1beta1 from the lab's usage model, the numbers klab top prints.
    void top()
    {
        auto words = [](const QString& text) { return text.simplified(); }; // kubectl 1.20 pads every cell
        Run nodes = kubectl({"top", "node"});
        QVERIFY2(nodes.code == 0, qPrintable(nodes.err));
        QVERIFY2(nodes.out.startsWith("NAME     CPU(cores)   CPU%   MEMORY(bytes)   MEMORY%"), qPrintable(nodes.out));
        QCOMPARE(words(nodes.out), words(klab({"top", "node"}).out));
        Run pods = kubectl({"top", "pod", "-n", "kube-system", "--containers"});
        QVERIFY2(pods.code == 0, qPrintable(pods.err));
        QCOMPARE(words(pods.out), words(klab({"top", "pod", "-n", "kube-system", "--containers"}).out));
        QVERIFY(pods.out.contains("coredns"));
        // A pod that does not run has no metrics: metrics-server's NotFound.
        Run pending = kubectl({"top", "pod", "big-job"});
        QCOMPARE(pending.code, 1);
        QCOMPARE(pending.err.trimmed(),
                 QString("Error from server (NotFound): podmetrics.metrics.k8s.io \"default/big-job\" not found"));
        Run forbidden = kubectl({"top", "pod", "--context", "jane"});
        QCOMPARE(forbidden.code, 1);
        QCOMPARE(forbidden.err.trimmed(),
                 QString("Error from server (Forbidden): pods.metrics.k8s.io is forbidden: User \"jane\" cannot list "
                         "resource \"pods\" in API group \"metrics.k8s.io\" in the namespace \"default\""));
    }

    /// kubectl autoscale creates an autoscaling/v1 HorizontalPodAutoscaler; the lab stores
    /// v2 and serves both, converted as upstream converts them.
    void autoscaleV1()
    {
        Run created = kubectl({"autoscale", "deployment", "web", "--min=2", "--max=5", "--cpu-percent=70"});
        QVERIFY2(created.code == 0, qPrintable(created.err));
        QCOMPARE(created.out, QString("horizontalpodautoscaler.autoscaling/web autoscaled\n"));
        QCOMPARE(kubectl({"get", "hpa.v1.autoscaling", "web", "-o", "jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage}"}).out,
                 QString("autoscaling/v1 70"));
        const QString v2 = "jsonpath={.apiVersion} {.spec.metrics[0].resource.name} {.spec.metrics[0].resource.target.type} "
                           "{.spec.metrics[0].resource.target.averageUtilization}";
        QCOMPARE(kubectl({"get", "hpa", "web", "-o", v2}).out, QString("autoscaling/v2 cpu Utilization 70"));
        QCOMPARE(klab({"get", "hpa", "web", "-o", v2}).out, QString("autoscaling/v2 cpu Utilization 70"));
        // Once the controller has acted, v1 shows its conditions in the annotation that carries them.
        QVERIFY(waitFor({"get", "hpa.v1.autoscaling", "web", "-o", "jsonpath={.metadata.annotations}"},
                        "autoscaling.alpha.kubernetes.io/conditions"));
        QVERIFY(kubectl({"get", "hpa.v1.autoscaling", "web", "-o", "jsonpath={.status.desiredReplicas}"}).out == "2");
        QVERIFY(!kubectl({"get", "hpa", "web", "-o", "jsonpath={.metadata.annotations}"}).out.contains("autoscaling.alpha"));

        // kubectl apply of a v1 manifest: created, unchanged, then patched as v1.
        QFile file(m_dir.filePath("hpa-v1.yaml"));
        auto write = [&](int max) {
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(QString("apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web-v1\n"
                               "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n"
                               "  minReplicas: 1\n  maxReplicas: %1\n  targetCPUUtilizationPercentage: 60\n")
                           .arg(max)
                           .toUtf8());
            file.close();
        };
        write(4);
        QCOMPARE(kubectl({"apply", "-f", file.fileName()}).out, QString("horizontalpodautoscaler.autoscaling/web-v1 created\n"));
        QCOMPARE(kubectl({"apply", "-f", file.fileName()}).out, QString("horizontalpodautoscaler.autoscaling/web-v1 unchanged\n"));
        write(6);
        QCOMPARE(kubectl({"apply", "-f", file.fileName()}).out, QString("horizontalpodautoscaler.autoscaling/web-v1 configured\n"));
        QCOMPARE(kubectl({"get", "hpa", "web-v1", "-o", "jsonpath={.spec.maxReplicas} {.spec.metrics[0].resource.target.averageUtilization}"}).out,
                 QString("6 60"));
        QCOMPARE(kubectl({"delete", "hpa", "web", "web-v1"}).code, 0);
    }

    void deleteDeployment()
    {
        Run d = kubectl({"delete", "deployment", "nginx-deployment"});
        QVERIFY2(d.code == 0, qPrintable(d.err));
        QCOMPARE(d.out.trimmed(), QString("deployment.apps \"nginx-deployment\" deleted"));
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 60000 && !kubectl({"get", "pods", "-l", "app=nginx"}).err.contains("No resources found"))
            QTest::qWait(300);
        QCOMPARE(kubectl({"get", "pods", "-l", "app=nginx"}).err.trimmed(), QString("No resources found in default namespace."));
    }

    void plainHttp()
    {
        // --plain-http: the user rides in the server URL; kubectl works the same.
        const QString lab = m_dir.filePath("plain.klab");
        const QString config = m_dir.filePath("plain.kubeconfig");
        QCOMPARE(run(KUBELAB_KLAB, {"--lab", lab, "scenario", "load", "demo"}).code, 0);
        QCOMPARE(run(KUBELAB_KLAB, {"--lab", lab, "config", "set-credentials", "jane"}).code, 0);
        QCOMPARE(run(KUBELAB_KLAB, {"--lab", lab, "config", "set-context", "jane", "--user=jane"}).code, 0);
        QProcess server;
        server.setProcessEnvironment(environment());
        server.start(KUBELAB_KLAB, {"--lab", lab, "serve", "--plain-http", "--port", "0", "--kubeconfig", config});
        QVERIFY(server.waitForStarted());
        QString out;
        QElapsedTimer t;
        t.start();
        while (!out.contains("Press Ctrl+C") && t.elapsed() < 20000) {
            server.waitForReadyRead(200);
            out += QString::fromUtf8(server.readAllStandardOutput());
        }
        QVERIFY2(out.contains("Serving the lab's API server on http://127.0.0.1:") && out.contains("(plain HTTP, this machine only)"),
                 qPrintable(out));
        Run nodes = kubectl({"--kubeconfig", config, "get", "nodes"});
        QVERIFY2(nodes.code == 0, qPrintable(nodes.err));
        QCOMPARE(normalised(nodes.out), normalised(run(KUBELAB_KLAB, {"--lab", lab, "get", "nodes"}).out));
        QCOMPARE(kubectl({"--kubeconfig", config, "auth", "can-i", "create", "pods"}).out.trimmed(), QString("yes"));
        QCOMPARE(kubectl({"--kubeconfig", config, "auth", "can-i", "create", "pods", "--context", "jane"}).out.trimmed(),
                 QString("no"));
        server.terminate();
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitCode(), 0);
    }

    void explain_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("version");
        // The types kubectl v1.20 prints (kube-openapi's: a kind is Object, Time a string).
        QTest::addColumn<QStringList>("types");
        QTest::addRow("pod.spec") << QStringList{"pod.spec"} << "Pod" << "v1"
                                  << QStringList{"containers=[]Object -required-", "hostNetwork=boolean",
                                                 "nodeSelector=map[string]string", "affinity=Object",
                                                 "terminationGracePeriodSeconds=integer"};
        QTest::addRow("deployment.spec.strategy") << QStringList{"deployment.spec.strategy"} << "Deployment" << "apps/v1"
                                                  << QStringList{"rollingUpdate=Object", "type=string"};
        QTest::addRow("deploy.spec") << QStringList{"deploy.spec"} << "Deployment" << "apps/v1"
                                     << QStringList{"replicas=integer", "selector=Object -required-",
                                                    "template=Object -required-"};
        QTest::addRow("configmap") << QStringList{"configmap"} << "ConfigMap" << "v1"
                                   << QStringList{"data=map[string]string", "metadata=Object", "immutable=boolean"};
        QTest::addRow("resources") << QStringList{"pod.spec.containers.resources"} << "Pod" << "v1"
                                   << QStringList{"limits=map[string]string", "requests=map[string]string"};
        QTest::addRow("svc-recursive") << QStringList{"svc", "--recursive"} << "Service" << "v1" << QStringList{};
        QTest::addRow("job.spec-recursive") << QStringList{"job.spec", "--recursive"} << "Job" << "batch/v1" << QStringList{};
    }

    void explain()
    {
        // kubectl v1.20 reads the served /openapi/v2 (protobuf): the same documentation as
        // klab explain, laid out as v1.20 lays it out.
        QFETCH(QStringList, args);
        QFETCH(QString, kind);
        QFETCH(QString, version);
        QFETCH(QStringList, types);
        Run k = kubectl(QStringList{"explain"} + args);
        QVERIFY2(k.code == 0, qPrintable(k.err));
        Run l = klab(QStringList{"explain"} + args);
        QVERIFY2(l.code == 0, qPrintable(l.err));
        QVERIFY2(k.out.startsWith("KIND:     " + kind + "\nVERSION:  " + version + "\n"), qPrintable(k.out));
        const Explained theirs = explained(k.out);
        const Explained ours = explained(l.out);
        QVERIFY(!theirs.description.isEmpty());
        QCOMPARE(theirs.description, ours.description);
        QVERIFY(!theirs.fields.isEmpty());
        if (args.contains("--recursive")) {
            // v1.20's recursive tree has no -required- marks; v1.30's has.
            QStringList names = ours.fields;
            names.replaceInStrings(QRegularExpression(" required$"), "");
            QCOMPARE(theirs.fields, names);
        } else {
            QCOMPARE(theirs.fields, ours.fields);
        }
        QVERIFY(args.contains("--recursive") || !theirs.details.isEmpty());
        QCOMPARE(theirs.details, ours.details);
        for (const QString& expected : types) {
            const QString name = expected.section('=', 0, 0);
            QString type = expected.section('=', 1);
            const bool required = type.endsWith(" -required-");
            type.remove(" -required-");
            QCOMPARE(theirs.types.value(name), type);
            QCOMPARE(theirs.fields.contains("0 " + name + " required"), required);
        }
    }

    void explainErrors()
    {
        Run k = kubectl({"explain", "deployment.spec.nope"});
        QCOMPARE(k.code, 1);
        QCOMPARE(k.err.trimmed(), QString("error: field \"nope\" does not exist"));
        QCOMPARE(k.err.trimmed(), klab({"explain", "deployment.spec.nope"}).err.trimmed());
    }

    void validation_data()
    {
        QTest::addColumn<QString>("manifest");
        QTest::addColumn<QString>("error"); // empty: applied
        const QString deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: checked\nspec:\n%1"
                                   "  template:\n    metadata:\n      labels:\n        app: checked\n"
                                   "    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n"
                                   "        ports:\n        - containerPort: 80\n"
                                   "        resources:\n          limits:\n            cpu: 100m\n            memory: 64Mi\n";
        const QString selector = "  selector:\n    matchLabels:\n      app: checked\n";
        QTest::addRow("deployment") << deployment.arg(selector + "  replicas: 1\n") << "";
        QTest::addRow("service") << QString("apiVersion: v1\nkind: Service\nmetadata:\n  name: checked\nspec:\n"
                                            "  selector:\n    app: checked\n  ports:\n  - port: 80\n    targetPort: http\n")
                                 << "";
        QTest::addRow("configmap") << QString("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: checked\n"
                                              "data:\n  key: value\n")
                                   << "";
        QTest::addRow("wrong-type") << deployment.arg(selector + "  replicas: three\n")
                                    << "error validating data: ValidationError(Deployment.spec.replicas): invalid type for "
                                       "io.k8s.api.apps.v1.DeploymentSpec.replicas: got \"string\", expected \"integer\"";
        QTest::addRow("unknown-field") << deployment.arg(selector + "  replica: 1\n")
                                       << "error validating data: ValidationError(Deployment.spec): unknown field "
                                          "\"replica\" in io.k8s.api.apps.v1.DeploymentSpec";
        QTest::addRow("missing-required") << deployment.arg("  replicas: 1\n")
                                          << "error validating data: ValidationError(Deployment.spec): missing required field "
                                             "\"selector\" in io.k8s.api.apps.v1.DeploymentSpec";
        QTest::addRow("list-for-map") << QString("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: listed\n"
                                                 "data:\n- key\n")
                                      << "error validating data: ValidationError(ConfigMap.data): invalid type for "
                                         "io.k8s.api.core.v1.ConfigMap.data: ";
    }

    void validation()
    {
        // kubectl's client-side validation against the served schema: valid manifests pass,
        // and a wrong type, an unknown or a missing required field is refused before
        // anything is sent, with upstream's texts.
        QFETCH(QString, manifest);
        QFETCH(QString, error);
        const QString file = m_dir.filePath(QString("validation-%1.yaml").arg(QTest::currentDataTag()));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(manifest.toUtf8());
        f.close();
        Run a = kubectl({"apply", "-f", file});
        if (error.isEmpty()) {
            QVERIFY2(a.code == 0, qPrintable(a.err));
            QVERIFY2(a.out.trimmed().endsWith(" created"), qPrintable(a.out));
            QCOMPARE(kubectl({"delete", "-f", file}).code, 0);
            return;
        }
        QCOMPARE(a.code, 1);
        QVERIFY2(a.err.contains(error), qPrintable(a.err));
        QVERIFY2(a.err.contains("if you choose to ignore these errors, turn validation off with --validate=false"),
                 qPrintable(a.err));
    }

    void openApiJson()
    {
        // The JSON form for clients that ask for JSON (kubectl get --raw sends application/json).
        Run raw = kubectl({"get", "--raw", "/openapi/v2"});
        QVERIFY2(raw.code == 0, qPrintable(raw.err));
        const QJsonObject doc = QJsonDocument::fromJson(raw.out.toUtf8()).object();
        QCOMPARE(doc["swagger"].toString(), QString("2.0"));
        const QJsonObject pod = doc["definitions"].toObject()["io.k8s.api.core.v1.Pod"].toObject();
        QCOMPARE(pod["x-kubernetes-group-version-kind"].toArray()[0].toObject()["kind"].toString(), QString("Pod"));
    }

    void applyExportedManifests()
    {
        // What `klab export` writes of an imported real cluster, applied by the real kubectl:
        // every object created, and applied again, unchanged.
        const QString other = m_dir.filePath("imported.klab");
        Run imported = run(KUBELAB_KLAB, {"--lab", other, "import", KUBELAB_TEST_DATA "/whatif/kind-cluster.yaml"});
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        const QString manifests = m_dir.filePath("exported.yaml");
        Run exported = run(KUBELAB_KLAB, {"--lab", other, "export", "-A", "--file", manifests});
        QVERIFY2(exported.code == 0, qPrintable(exported.err));
        Run applied = kubectl({"apply", "-f", manifests});
        QVERIFY2(applied.code == 0, qPrintable(applied.err));
        const QStringList lines = applied.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 14);
        for (const QString& line : lines)
            QVERIFY2(line.endsWith(" created"), qPrintable(line));
        Run again = kubectl({"apply", "-f", manifests});
        QVERIFY2(again.code == 0, qPrintable(again.err));
        for (const QString& line : again.out.split('\n', Qt::SkipEmptyParts))
            QVERIFY2(line.endsWith(" unchanged"), qPrintable(line));
    }
};

QTEST_GUILESS_MAIN(TestKubectl)
#include "tst_kubectl.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Crash safety: `klab` killed (SIGKILL) at several moments of an apply, of the creation of a
// lab (its schema and bootstrap) and of a settle leaves a lab that opens, passes the
// integrity check and holds exactly its committed revisions: all or none of an apply's
// objects, and objects that are the revision log replayed to its last revision. A settle
// commits as the clock moves, so a killed one keeps what it committed, and the next command
// carries the cluster on to where an uninterrupted run ends.
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <map>
#include <string>

#include "core/api/object.h"
#include "core/store/labfile.h"

namespace core = kubelab::core;

namespace {

constexpr int kConfigMaps = 3000;
const QString kPrefix = QStringLiteral("configmap/bulk-");
const QString kScaleTo = QStringLiteral("--replicas=300");

/// A multi-document manifest of `count` ConfigMaps in the default namespace.
void writeBigManifest(const std::string& path, int count)
{
    std::ofstream out(path);
    for (int i = 0; i < count; ++i) {
        out << "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bulk-" << i
            << "\n  labels:\n    batch: bulk\ndata:\n  index: \"" << i << "\"\n  payload: \""
            << std::string(64, static_cast<char>('a' + i % 26)) << "\"\n";
    }
}

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run klab(const QStringList& args, int timeoutMs = 300000)
{
    QProcess p;
    p.start(QStringLiteral(KUBELAB_KLAB), args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

/// The lab's objects are its revision log replayed up to the last revision: nothing
/// committed is missing, nothing uncommitted is there.
bool holdsCommittedRevisions(const QString& lab, QString* why)
{
    auto file = core::LabFile::open(lab.toStdString(), core::LabFile::Mode::OpenExisting);
    if (!file) {
        *why = QString::fromStdString(file.error().message);
        return false;
    }
    if (!(*file)->integrityOk()) {
        *why = QStringLiteral("integrity check failed");
        return false;
    }
    auto objects = (*file)->loadObjects();
    auto replayed = (*file)->objectsAt((*file)->lastRevision());
    if (!objects || !replayed) {
        *why = QStringLiteral("objects do not load");
        return false;
    }
    auto byKey = [](std::vector<core::PackedObject> v) {
        std::map<core::ObjectKey, std::string> m;
        for (auto& o : v)
            m.emplace(o.key, std::move(o.packed));
        return m;
    };
    if (byKey(std::move(*objects)) != byKey(std::move(*replayed))) {
        *why = QStringLiteral("the objects differ from the revision log at revision %1").arg((*file)->lastRevision());
        return false;
    }
    return true;
}

int countBulk(const QString& listing)
{
    int n = 0;
    for (const QString& line : listing.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        if (line.startsWith(kPrefix))
            ++n;
    return n;
}

} // namespace

class TestCrashSafety : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_manifest;
    std::string m_seedManifest;
    qint64 m_applyMs = 0;
    qint64 m_settleMs = 0;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_manifest = m_dir.filePath("big.yaml").toStdString();
        m_seedManifest = m_dir.filePath("seed.yaml").toStdString();
        writeBigManifest(m_manifest, kConfigMaps);
        std::ofstream(m_seedManifest) << "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: before\ndata:\n  k: v\n";
    }

    void completeApplyHoldsAll()
    {
        QString lab = m_dir.filePath("complete.klab");
        QCOMPARE(klab({"--lab", lab, "apply", "-f", QString::fromStdString(m_seedManifest)}).exitCode, 0);
        QElapsedTimer timer;
        timer.start();
        Run apply = klab({"--lab", lab, "apply", "-f", QString::fromStdString(m_manifest)});
        m_applyMs = timer.elapsed();
        qInfo("a complete apply of %d ConfigMaps takes %lld ms", kConfigMaps, m_applyMs);
        QVERIFY2(apply.exitCode == 0, qPrintable(apply.err.left(2000)));
        Run get = klab({"--lab", lab, "get", "configmaps", "-A", "-o", "name"});
        QCOMPARE(get.exitCode, 0);
        QCOMPARE(countBulk(get.out), kConfigMaps);
    }

    void killedApply_data()
    {
        QTest::addColumn<int>("killAfterMs");
        for (int ms : {10, 50, 200})
            QTest::addRow("%d ms", ms) << ms;
        // Moments spread over the end of a complete apply, where the commit happens.
        for (int percent : {50, 70, 80, 90, 95, 100, 110})
            QTest::addRow("%d%% of a complete apply", percent) << int(m_applyMs * percent / 100);
    }
    void killedApply()
    {
        QFETCH(int, killAfterMs);
        QString lab = m_dir.filePath(QStringLiteral("killed-%1.klab").arg(killAfterMs));
        // A lab that exists before the apply, so the kill hits the apply and not the
        // creation of the lab.
        Run seed = klab({"--lab", lab, "apply", "-f", QString::fromStdString(m_seedManifest)});
        QVERIFY2(seed.exitCode == 0, qPrintable(seed.err));

        QProcess apply;
        apply.start(QStringLiteral(KUBELAB_KLAB), {"--lab", lab, "apply", "-f", QString::fromStdString(m_manifest)});
        QVERIFY(apply.waitForStarted());
        bool finished = apply.waitForFinished(killAfterMs);
        if (!finished) {
            apply.kill(); // SIGKILL
            QVERIFY(apply.waitForFinished(10000));
        }
        qInfo("after %d ms the apply %s", killAfterMs, finished ? "had finished" : "was killed");

        // Reopened through klab.
        Run get = klab({"--lab", lab, "get", "configmaps", "-A", "-o", "name"});
        QVERIFY2(get.exitCode == 0, qPrintable(get.err));
        QVERIFY2(get.out.contains(QStringLiteral("configmap/before")), "the earlier apply was lost");
        int seen = countBulk(get.out);
        QVERIFY2(seen == 0 || seen == kConfigMaps, qPrintable(QStringLiteral("%1 of %2 ConfigMaps").arg(seen).arg(kConfigMaps)));
        if (finished)
            QCOMPARE(seen, kConfigMaps);

        QString why;
        QVERIFY2(holdsCommittedRevisions(lab, &why), qPrintable(why));
        // Reopened directly.
        auto file = core::LabFile::open(lab.toStdString(), core::LabFile::Mode::OpenExisting);
        QVERIFY2(file.has_value(), file ? "" : file.error().message.c_str());
        QVERIFY((*file)->integrityOk());
        auto objects = (*file)->loadObjects();
        QVERIFY(objects.has_value());
        int stored = 0;
        for (const auto& o : *objects)
            if (o.key.kind == "ConfigMap" && core::nameOf(core::unpackObject(o.packed)).starts_with("bulk-"))
                ++stored;
        QCOMPARE(stored, seen);
    }

    void killedWhileCreatingLab_data()
    {
        QTest::addColumn<int>("killAfterMs");
        for (int ms : {2, 5, 10, 20, 50, 100})
            QTest::addRow("%d ms", ms) << ms;
    }
    void killedWhileCreatingLab()
    {
        QFETCH(int, killAfterMs);
        QString lab = m_dir.filePath(QStringLiteral("created-%1.klab").arg(killAfterMs));
        QProcess apply;
        apply.start(QStringLiteral(KUBELAB_KLAB), {"--lab", lab, "apply", "-f", QString::fromStdString(m_seedManifest)});
        QVERIFY(apply.waitForStarted());
        if (!apply.waitForFinished(killAfterMs)) {
            apply.kill();
            QVERIFY(apply.waitForFinished(10000));
        }
        if (!QFile::exists(lab))
            return; // killed before the file was made
        QString why;
        QVERIFY2(holdsCommittedRevisions(lab, &why), qPrintable(why));
        // The lab is usable: the next command completes it.
        Run again = klab({"--lab", lab, "apply", "-f", QString::fromStdString(m_seedManifest)});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        Run get = klab({"--lab", lab, "get", "services", "-A", "-o", "name"});
        QCOMPARE(get.exitCode, 0);
        QVERIFY(get.out.contains(QStringLiteral("service/kube-dns")));
    }

    void completeSettle()
    {
        QString lab = m_dir.filePath(QStringLiteral("settle-complete.klab"));
        QCOMPARE(klab({"--lab", lab, "scenario", "load", "three-nodes"}).exitCode, 0);
        QCOMPARE(klab({"--lab", lab, "create", "deployment", "web", "--image=nginx:1.25"}).exitCode, 0);
        QElapsedTimer timer;
        timer.start();
        Run scale = klab({"--lab", lab, "scale", "deployment", "web", kScaleTo});
        m_settleMs = timer.elapsed();
        qInfo("scaling to 300 replicas and settling takes %lld ms", m_settleMs);
        QVERIFY2(scale.exitCode == 0, qPrintable(scale.err));
        QString why;
        QVERIFY2(holdsCommittedRevisions(lab, &why), qPrintable(why));
    }

    void killedSettle_data()
    {
        QTest::addColumn<int>("killAfterMs");
        for (int percent : {5, 10, 20, 35, 50, 65, 80, 95})
            QTest::addRow("%d%% of a complete settle", percent) << int(m_settleMs * percent / 100);
    }
    void killedSettle()
    {
        QFETCH(int, killAfterMs);
        QString lab = m_dir.filePath(QStringLiteral("settle-%1.klab").arg(killAfterMs));
        QCOMPARE(klab({"--lab", lab, "scenario", "load", "three-nodes"}).exitCode, 0);
        QCOMPARE(klab({"--lab", lab, "create", "deployment", "web", "--image=nginx:1.25"}).exitCode, 0);

        // Scaling out settles for five virtual minutes, committing as the clock moves.
        QProcess scale;
        scale.start(QStringLiteral(KUBELAB_KLAB), {"--lab", lab, "scale", "deployment", "web", kScaleTo});
        QVERIFY(scale.waitForStarted());
        bool finished = scale.waitForFinished(killAfterMs);
        if (!finished) {
            scale.kill();
            QVERIFY(scale.waitForFinished(10000));
        }
        qInfo("after %d ms the settle %s", killAfterMs, finished ? "had finished" : "was killed");
        QString why;
        QVERIFY2(holdsCommittedRevisions(lab, &why), qPrintable(why));

        // Whatever was committed, the lab carries on: scaling again (the same size when the
        // first scale was lost) ends with every replica available.
        Run again = klab({"--lab", lab, "scale", "deployment", "web", kScaleTo});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        Run get = klab({"--lab", lab, "get", "deployment", "web", "-o", "jsonpath={.status.availableReplicas}"});
        QCOMPARE(get.exitCode, 0);
        QCOMPARE(get.out.trimmed(), QStringLiteral("300"));
        QVERIFY2(holdsCommittedRevisions(lab, &why), qPrintable(why));
    }
};

QTEST_APPLESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"

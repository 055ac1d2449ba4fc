// SPDX-License-Identifier: GPL-3.0-or-later
// Crash safety: `klab apply` of a large file killed at several moments leaves a lab that
// opens, passes the integrity check and holds all or none of that apply's objects.
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <string>

#include "core/api/object.h"
#include "core/store/labfile.h"

namespace core = kubelab::core;

namespace {

constexpr int kConfigMaps = 3000;
const QString kPrefix = QStringLiteral("configmap/bulk-");

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
        auto file = core::LabFile::open(lab.toStdString(), core::LabFile::Mode::OpenExisting);
        QVERIFY2(file.has_value(), file ? "" : file.error().message.c_str());
        QVERIFY((*file)->integrityOk());
        file->reset();
        // The lab is usable: the next command completes it.
        Run again = klab({"--lab", lab, "apply", "-f", QString::fromStdString(m_seedManifest)});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        Run get = klab({"--lab", lab, "get", "services", "-A", "-o", "name"});
        QCOMPARE(get.exitCode, 0);
        QVERIFY(get.out.contains(QStringLiteral("service/kube-dns")));
    }
};

QTEST_APPLESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"

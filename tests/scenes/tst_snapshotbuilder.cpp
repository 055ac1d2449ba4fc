// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>

#include "scenes/items/podstyle.h"
#include "scenes/snapshotbuilder.h"

using kubelab::core::Json;
using namespace kubelab::scenes;

class TestSnapshotBuilder final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void podView_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("status");
        QTest::addColumn<bool>("ready");
        QTest::addColumn<int>("restarts");
        QTest::addColumn<qint64>("cpu");
        QTest::addColumn<qint64>("cpuLimit");
        QTest::addRow("pending-no-status")
            << R"({"kind":"Pod","metadata":{"name":"a","namespace":"default"},
                  "spec":{"containers":[{"name":"c","image":"i"}]}})"
            << "Pending" << false << 0 << qint64(0) << qint64(0);
        QTest::addRow("creating")
            << R"({"kind":"Pod","metadata":{"name":"a","namespace":"default"},
                  "spec":{"nodeName":"n","containers":[{"name":"c","image":"i",
                    "resources":{"requests":{"cpu":"250m"},"limits":{"cpu":"1"}}}]},
                  "status":{"phase":"Pending","containerStatuses":[{"name":"c","restartCount":0,
                    "state":{"waiting":{"reason":"ContainerCreating"}}}]}})"
            << "ContainerCreating" << false << 0 << qint64(250) << qint64(1000);
        QTest::addRow("running-ready")
            << R"({"kind":"Pod","metadata":{"name":"a","namespace":"default"},
                  "spec":{"nodeName":"n","containers":[{"name":"c","image":"i"}]},
                  "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],
                    "containerStatuses":[{"name":"c","restartCount":2,"state":{"running":{}}}]}})"
            << "Running" << true << 2 << qint64(0) << qint64(0);
        QTest::addRow("crashloop")
            << R"({"kind":"Pod","metadata":{"name":"a","namespace":"default"},
                  "spec":{"nodeName":"n","containers":[{"name":"c","image":"i"}]},
                  "status":{"phase":"Running","containerStatuses":[{"name":"c","restartCount":5,
                    "state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}})"
            << "CrashLoopBackOff" << false << 5 << qint64(0) << qint64(0);
        QTest::addRow("terminating")
            << R"({"kind":"Pod","metadata":{"name":"a","namespace":"default",
                    "deletionTimestamp":"2025-01-01T00:01:00Z"},
                  "spec":{"nodeName":"n","containers":[{"name":"c","image":"i"}]},
                  "status":{"phase":"Running"}})"
            << "Terminating" << false << 0 << qint64(0) << qint64(0);
        QTest::addRow("node-lost")
            << R"({"kind":"Pod","metadata":{"name":"a","namespace":"default",
                    "deletionTimestamp":"2025-01-01T00:01:00Z"},
                  "spec":{"nodeName":"n","containers":[{"name":"c","image":"i"}]},
                  "status":{"phase":"Running","reason":"NodeLost"}})"
            << "Unknown" << false << 0 << qint64(0) << qint64(0);
        QTest::addRow("evicted")
            << R"({"kind":"Pod","metadata":{"name":"a","namespace":"default"},
                  "spec":{"nodeName":"n","containers":[{"name":"c","image":"i"}]},
                  "status":{"phase":"Failed","reason":"OutOfcpu"}})"
            << "OutOfcpu" << false << 0 << qint64(0) << qint64(0);
    }

    void podView()
    {
        QFETCH(QString, json);
        QFETCH(QString, status);
        QFETCH(bool, ready);
        QFETCH(int, restarts);
        QFETCH(qint64, cpu);
        QFETCH(qint64, cpuLimit);
        const SnapshotBuilder builder;
        const PodView v = builder.podView(Json::parse(json.toStdString()));
        QCOMPARE(v.status, status);
        QCOMPARE(v.ready, ready);
        QCOMPARE(v.restarts, restarts);
        QCOMPARE(v.cpuRequest, cpu);
        QCOMPARE(v.cpuLimit, cpuLimit);
    }

    // A pod the scheduler preempts (or an eviction takes) carries a True DisruptionTarget
    // condition while it terminates: the canvas marks it and says why.
    void disruptionTarget_data()
    {
        QTest::addColumn<QString>("conditions");
        QTest::addColumn<QString>("disruption");
        QTest::addColumn<QString>("text");
        QTest::addRow("preempted") << R"([{"type":"DisruptionTarget","status":"True","reason":"PreemptionByScheduler",
                                          "message":"default-scheduler: preempting to accommodate a higher priority pod"}])"
                                   << "PreemptionByScheduler" << "Preempted: the scheduler evicts it";
        QTest::addRow("taint-evicted") << R"([{"type":"DisruptionTarget","status":"True","reason":"DeletionByTaintManager"}])"
                                       << "DeletionByTaintManager" << "NoExecute taint";
        QTest::addRow("other-reason") << R"([{"type":"DisruptionTarget","status":"True","reason":"SomethingNew"}])"
                                      << "SomethingNew" << "Disrupted: SomethingNew";
        QTest::addRow("false") << R"([{"type":"DisruptionTarget","status":"False","reason":"PreemptionByScheduler"}])"
                               << "" << "";
        QTest::addRow("none") << R"([{"type":"Ready","status":"True"}])" << "" << "";
    }

    void disruptionTarget()
    {
        QFETCH(QString, conditions);
        QFETCH(QString, disruption);
        QFETCH(QString, text);
        const QString json = QStringLiteral(R"({"kind":"Pod","metadata":{"name":"a","namespace":"default"},
                  "spec":{"nodeName":"n","containers":[{"name":"c","image":"i"}]},
                  "status":{"phase":"Running","conditions":%1}})").arg(conditions);
        const PodView v = SnapshotBuilder().podView(Json::parse(json.toStdString()));
        QCOMPARE(v.disruption, disruption);
        const QString explained = disruptionText(v);
        QVERIFY2(text.isEmpty() ? explained.isEmpty() : explained.contains(text), qPrintable(explained));
    }

    // A pod's placement rules, as the canvas lists them in its tooltip (Kubernetes' own terms).
    void placement_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("none") << R"({})" << QStringList{};
        QTest::addRow("nodeSelector") << R"({"nodeSelector":{"disktype":"ssd"}})"
                                      << QStringList{"nodeSelector: disktype=ssd"};
        QTest::addRow("nodeAffinity")
            << R"({"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                    {"matchExpressions":[{"key":"zone","operator":"In","values":["a","b"]},{"key":"gpu","operator":"DoesNotExist"}]},
                    {"matchExpressions":[{"key":"cores","operator":"Gt","values":["4"]}]}]},
                  "preferredDuringSchedulingIgnoredDuringExecution":[{"weight":50,"preference":{"matchExpressions":[
                    {"key":"disk","operator":"NotIn","values":["hdd"]}]}}]}}})"
            << QStringList{"nodeAffinity required: zone in (a, b), !gpu or cores > 4",
                           "nodeAffinity preferred (weight 50): disk notin (hdd)"};
        QTest::addRow("podAntiAffinity")
            << R"({"affinity":{"podAntiAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[
                    {"labelSelector":{"matchLabels":{"app":"web"}},"topologyKey":"kubernetes.io/hostname"}]}}})"
            << QStringList{"podAntiAffinity required: app=web, topologyKey kubernetes.io/hostname"};
        QTest::addRow("spread")
            << R"({"topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"ScheduleAnyway",
                    "labelSelector":{"matchLabels":{"app":"web"}}}]})"
            << QStringList{"topologySpread: maxSkew 1 over zone (ScheduleAnyway)"};
        QTest::addRow("tolerations")
            << R"({"tolerations":[{"key":"dedicated","operator":"Equal","value":"batch","effect":"NoSchedule"},
                    {"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},
                    {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},
                    {"key":"node.kubernetes.io/disk-pressure","operator":"Exists","effect":"NoSchedule"},
                    {"operator":"Exists"}]})"
            << QStringList{"toleration: dedicated=batch:NoSchedule", "toleration: node.kubernetes.io/disk-pressure:NoSchedule",
                           "toleration: *"};
    }

    void placement()
    {
        QFETCH(QString, spec);
        QFETCH(QStringList, expected);
        Json pod = Json::parse(R"({"kind":"Pod","metadata":{"name":"a","namespace":"default"},
                                   "spec":{"containers":[{"name":"c","image":"i"}]}})");
        const Json extra = Json::parse(spec.toStdString());
        for (auto it = extra.begin(); it != extra.end(); ++it)
            pod["spec"][it.key()] = it.value();
        QCOMPARE(SnapshotBuilder().podView(pod).placement, expected);
    }

    void nominatedNode()
    {
        const PodView v = SnapshotBuilder().podView(Json::parse(R"({"kind":"Pod",
            "metadata":{"name":"urgent","namespace":"default"},"spec":{"containers":[{"name":"c","image":"i"}]},
            "status":{"phase":"Pending","nominatedNodeName":"node-2"}})"));
        QCOMPARE(v.nominatedNode, QStringLiteral("node-2"));
        QVERIFY(v.nodeName.isEmpty());
    }

    void watchEventsAreTaggedByChange()
    {
        SnapshotBuilder builder;
        builder.reset({});
        auto pod = std::make_shared<const Json>(Json::parse(
            R"({"kind":"Pod","metadata":{"name":"a","namespace":"default"},"spec":{"containers":[]}})"));
        kubelab::core::WatchEvent added{kubelab::core::WatchEventType::Added, kubelab::core::keyOf(*pod), pod, nullptr, 5};
        QCOMPARE(builder.apply(added), ChangeKind::Structure);
        QCOMPARE(builder.snapshot().revision, qint64(5));

        Json status = *pod;
        status["status"] = Json{{"phase", "Pending"}, {"message", "waiting"}};
        auto modified = std::make_shared<const Json>(status);
        QCOMPARE(builder.apply({kubelab::core::WatchEventType::Modified, added.key, modified, pod, 6}),
                 ChangeKind::Dynamic);

        Json bound = status;
        bound["spec"]["nodeName"] = "node-1";
        auto moved = std::make_shared<const Json>(bound);
        QCOMPARE(builder.apply({kubelab::core::WatchEventType::Modified, added.key, moved, modified, 7}),
                 ChangeKind::Structure);
        QCOMPARE(builder.snapshot().pods.value(QStringLiteral("default/a")).nodeName, QStringLiteral("node-1"));

        QCOMPARE(builder.apply({kubelab::core::WatchEventType::Deleted, added.key, moved, moved, 8}),
                 ChangeKind::Structure);
        QVERIFY(builder.snapshot().pods.isEmpty());
    }

    void deltasCarryOnlyWhatChanged()
    {
        using kubelab::core::WatchEvent;
        using kubelab::core::WatchEventType;
        auto podJson = [](const char* name, const char* node) {
            Json pod = Json::parse(R"({"kind":"Pod","metadata":{"namespace":"default"},"spec":{"containers":[]}})");
            pod["metadata"]["name"] = name;
            if (*node)
                pod["spec"]["nodeName"] = node;
            return std::make_shared<const Json>(pod);
        };
        auto node = std::make_shared<const Json>(
            Json::parse(R"({"kind":"Node","metadata":{"name":"node-1"},"status":{"allocatable":{"cpu":"4"}}})"));
        SnapshotBuilder builder;
        builder.reset({*node, *podJson("a", ""), *podJson("b", ""), *podJson("c", "")});
        QVERIFY(builder.wholeDue());
        LabSnapshot gui = builder.takeWhole();
        QVERIFY(!builder.wholeDue());
        QCOMPARE(int(gui.pods.size()), 3);

        // a is bound, c goes, d comes; b does not change (the same object again).
        auto a = podJson("a", "node-1");
        auto d = podJson("d", "");
        auto c = podJson("c", "");
        auto b = podJson("b", "");
        (void)builder.apply(WatchEvent{WatchEventType::Modified, kubelab::core::keyOf(*a), a, nullptr, 10});
        (void)builder.apply(WatchEvent{WatchEventType::Modified, kubelab::core::keyOf(*b), b, nullptr, 11});
        (void)builder.apply(WatchEvent{WatchEventType::Deleted, kubelab::core::keyOf(*c), c, c, 12});
        (void)builder.apply(WatchEvent{WatchEventType::Added, kubelab::core::keyOf(*d), d, nullptr, 13});
        const LabDelta delta = builder.takeDelta();
        QCOMPARE(QSet<QString>(delta.changed.pods.keyBegin(), delta.changed.pods.keyEnd()),
                 QSet<QString>({QStringLiteral("default/a"), QStringLiteral("default/d")}));
        QCOMPARE(delta.removedPods, QSet<QString>({QStringLiteral("default/c")}));
        QVERIFY(delta.changed.nodes.isEmpty());
        QVERIFY(delta.removedNodes.isEmpty());
        QCOMPARE(delta.changed.revision, qint64(13));

        // Merged into what the GUI had, it gives the builder's snapshot.
        gui.merge(delta);
        QVERIFY(gui.pods == builder.snapshot().pods);
        QVERIFY(gui.nodes == builder.snapshot().nodes);
        QCOMPARE(gui.revision, qint64(13));
        // Nothing new: an empty delta.
        QVERIFY(!builder.takeDelta().touchesPodsOrNodes());

        // A pod that comes and goes between two deltas is only gone.
        auto e = podJson("e", "");
        (void)builder.apply(WatchEvent{WatchEventType::Added, kubelab::core::keyOf(*e), e, nullptr, 14});
        (void)builder.apply(WatchEvent{WatchEventType::Deleted, kubelab::core::keyOf(*e), e, e, 15});
        const LabDelta gone = builder.takeDelta();
        QVERIFY(gone.changed.pods.isEmpty());
        QCOMPARE(gone.removedPods, QSet<QString>({QStringLiteral("default/e")}));
    }

    void formats_data()
    {
        QTest::addColumn<qint64>("milliCpu");
        QTest::addColumn<QString>("cpu");
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<QString>("memory");
        QTest::addRow("small") << qint64(250) << "250m" << (qint64(256) << 20) << "256Mi";
        QTest::addRow("whole") << qint64(4000) << "4" << (qint64(8) << 30) << "8Gi";
        QTest::addRow("fraction") << qint64(1500) << "1.5" << (qint64(3) << 29) << "1.5Gi";
        QTest::addRow("zero") << qint64(0) << "0" << qint64(0) << "0";
    }

    void formats()
    {
        QFETCH(qint64, milliCpu);
        QFETCH(QString, cpu);
        QFETCH(qint64, bytes);
        QFETCH(QString, memory);
        QCOMPARE(formatCpu(milliCpu), cpu);
        QCOMPARE(formatBytes(bytes), memory);
        QCOMPARE(formatClock(3723000), QStringLiteral("01:02:03"));
    }
};

QTEST_MAIN(TestSnapshotBuilder)
#include "tst_snapshotbuilder.moc"

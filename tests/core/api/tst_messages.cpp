// SPDX-License-Identifier: GPL-3.0-or-later
// The explanation catalogue: every message in both languages with the same placeholders,
// and every story event the built-in scenarios tell names a message whose placeholders
// its data fills.
#include <QTest>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/api/messages.h"
#include "core/scheduler/explanation.h"
#include "core/sim/engine.h"
#include "core/sim/scenarios.h"

namespace core = kubelab::core;
using core::Json;

class TestMessages final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyKeyOnceInBothLanguages();
    void placeholdersMatch();
    void format_data();
    void format();
    void storyEventsOfTheScenarios();
    void legacyNames_data();
    void legacyNames();
};

namespace {

std::vector<std::string> sorted(std::vector<std::string> v)
{
    std::sort(v.begin(), v.end());
    return v;
}

bool hasWideCharacter(std::string_view text)
{
    return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xE0; });
}

} // namespace

void TestMessages::everyKeyOnceInBothLanguages()
{
    std::set<std::string_view> keys;
    for (const core::MessageTemplate& m : core::kMessages) {
        QVERIFY2(keys.insert(m.key).second, std::string(m.key).c_str());
        QVERIFY2(!m.english.empty() && !m.chinese.empty(), std::string(m.key).c_str());
        QVERIFY2(!hasWideCharacter(m.english), std::string(m.key).c_str());
        // A Chinese text is Chinese, except where it is a field path in both.
        if (m.key != "plugin.NodeName")
            QVERIFY2(hasWideCharacter(m.chinese), std::string(m.key).c_str());
        QCOMPARE(core::findMessage(m.key), &m);
    }
    QCOMPARE(core::findMessage("no.such.key"), nullptr);
}

void TestMessages::placeholdersMatch()
{
    for (const core::MessageTemplate& m : core::kMessages) {
        const auto english = sorted(core::placeholdersOf(m.english));
        const auto chinese = sorted(core::placeholdersOf(m.chinese));
        QVERIFY2(english == chinese, std::string(m.key).c_str());
        for (const std::string& name : english)
            QVERIFY2(!name.empty() && name.find_first_of(" {") == std::string::npos, std::string(m.key).c_str());
    }
}

void TestMessages::format_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("data");
    QTest::addColumn<QString>("english");
    QTest::addColumn<QString>("chinese");
    QTest::addRow("strings and numbers")
        << "scheduler.scheduled" << R"({"node": "node-2", "pod": "web", "feasibleNodes": 2, "evaluatedNodes": 3})"
        << "scheduler chose node-2 for web (2 of 3 nodes feasible)"
        << "调度器为 web 选择了 node-2（3 个节点中有 2 个可行）";
    QTest::addRow("kubernetes text stays english")
        << "scheduler.failed" << R"({"message": "0/1 nodes are available: 1 Insufficient cpu."})"
        << "0/1 nodes are available: 1 Insufficient cpu."
        << "无法调度：0/1 nodes are available: 1 Insufficient cpu.";
    QTest::addRow("nested message")
        << "deployment.scaledUp"
        << R"({"replicaSet": "web-1", "from": 1, "to": 2, "why": {"messageKey": "deployment.why.surge", "maxSurge": 1, "allowed": 4}})"
        << "Scaled up replica set web-1 to 2 from 1 (maxSurge 1 allows 4 pods in all)"
        << "ReplicaSet web-1 从 1 个副本扩容到 2 个（maxSurge 1 允许总共 4 个 Pod）";
    QTest::addRow("missing value kept") << "kubelet.phase" << "{}" << "kubelet reports the pod {phase}"
                                        << "kubelet 报告 Pod 进入 {phase} 阶段";
    QTest::addRow("unknown key") << "nope" << "{}" << "nope" << "nope";
}

void TestMessages::format()
{
    QFETCH(QString, key);
    QFETCH(QString, data);
    QFETCH(QString, english);
    QFETCH(QString, chinese);
    const Json values = Json::parse(data.toStdString());
    QCOMPARE(QString::fromStdString(core::formatMessage(key.toStdString(), values, core::Language::English)), english);
    QCOMPARE(QString::fromStdString(core::formatMessage(key.toStdString(), values, core::Language::Chinese)), chinese);
}

void TestMessages::storyEventsOfTheScenarios()
{
    std::set<std::string> seen;
    for (const core::Scenario& scenario : core::listScenarios()) {
        core::Engine::Options options;
        options.createIfMissing = true;
        options.seed = 1;
        auto engine = core::Engine::open(options);
        QVERIFY(engine);
        QVERIFY2(core::loadScenario(**engine, scenario.name), scenario.name.c_str());
        (*engine)->settle(10 * 60 * core::kSecond);
        QVERIFY((*engine)->commit());
        // The bootstrap's events and the scenario's, as stored in the lab.
        auto events = (*engine)->lab().story(0);
        QVERIFY(events && !events->empty());
        for (const core::StoryEvent& e : *events) {
            const std::string key = e.data.value("messageKey", "");
            QVERIFY2(core::findMessage(key), (e.action + " has no message key").c_str());
            seen.insert(key);
            // Every placeholder is filled from the event's data (a value may itself hold
            // braces: a taint `{dedicated: batch}` in a FitError).
            for (const std::string& name : core::placeholdersOf(core::findMessage(key)->english))
                QVERIFY2(e.data.contains(name), (key + " lacks " + name).c_str());
            QVERIFY(!core::storyText(e.data, e.message, core::Language::Chinese).empty());
            QCOMPARE(core::storyText(e.data, "", core::Language::English), e.message);
        }
    }
    // The scenarios tell at least the scheduler's and the controllers' main events.
    for (const char* key : {"scheduler.scheduled", "scheduler.failed", "apiserver.created", "replicaset.podCreated",
                            "kubelet.admitted"})
        QVERIFY2(seen.contains(key), key);
    // An event written before the catalogue shows its stored text.
    QCOMPARE(QString::fromStdString(core::storyText(Json{{"node", "n"}}, "old text", core::Language::Chinese)),
             QStringLiteral("old text"));
}

void TestMessages::legacyNames_data()
{
    QTest::addColumn<QString>("old");
    QTest::addColumn<QString>("plugin");
    QTest::addRow("GeneralPredicates") << "GeneralPredicates" << "NodeResourcesFit";
    QTest::addRow("PodFitsResources") << "PodFitsResources" << "NodeResourcesFit";
    QTest::addRow("PodFitsHostPorts") << "PodFitsHostPorts" << "NodePorts";
    QTest::addRow("MatchNodeSelector") << "MatchNodeSelector" << "NodeAffinity";
    QTest::addRow("LeastRequestedPriority") << "LeastRequestedPriority" << "NodeResourcesFit";
    QTest::addRow("MostRequestedPriority") << "MostRequestedPriority" << "NodeResourcesFit";
    QTest::addRow("BalancedResourceAllocation") << "BalancedResourceAllocation" << "NodeResourcesBalancedAllocation";
    QTest::addRow("SelectorSpreadPriority") << "SelectorSpreadPriority" << "PodTopologySpread";
    QTest::addRow("ImageLocalityPriority") << "ImageLocalityPriority" << "ImageLocality";
    QTest::addRow("NodeAffinityPriority") << "NodeAffinityPriority" << "NodeAffinity";
    QTest::addRow("TaintTolerationPriority") << "TaintTolerationPriority" << "TaintToleration";
    QTest::addRow("InterPodAffinityPriority") << "InterPodAffinityPriority" << "InterPodAffinity";
    QTest::addRow("CheckNodeUnschedulable") << "CheckNodeUnschedulable" << "NodeUnschedulable";
    QTest::addRow("PodToleratesNodeTaints") << "PodToleratesNodeTaints" << "TaintToleration";
    QTest::addRow("unknown") << "NoSuchPredicate" << "";
}

void TestMessages::legacyNames()
{
    QFETCH(QString, old);
    QFETCH(QString, plugin);
    QCOMPARE(QString::fromStdString(std::string(kubelab::scheduler::pluginForLegacyName(old.toStdString()))), plugin);
    if (!plugin.isEmpty()) {
        const auto olds = kubelab::scheduler::legacyNamesOf(plugin.toStdString());
        QVERIFY(std::find(olds.begin(), olds.end(), old.toStdString()) != olds.end());
        // Every plugin with an old name has its plain words in the catalogue.
        QVERIFY(core::findMessage("plugin." + plugin.toStdString()));
    }
}

QTEST_APPLESS_MAIN(TestMessages)
#include "tst_messages.moc"

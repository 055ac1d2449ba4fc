// SPDX-License-Identifier: GPL-3.0-or-later
// KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1): v1 defaults
// (apis/config/v1/defaults.go, default_plugins.go and its TestMergePlugins cases),
// validation texts (validation.go, validation_pluginargs.go) and the framework's
// expansion of multiPoint into extension points (runtime/framework.go).
#include <QTest>

#include <string>
#include <utility>
#include <vector>

#include "core/scheduler/config.h"
#include "core/scheduler/framework.h"
#include "core/scheduler/plugins/names.h"
#include "core/scheduler/scheduler.h"

using namespace kubelab;
using scheduler::ExtensionPoint;
using scheduler::PluginRef;
using scheduler::PluginSet;
using scheduler::SchedulerConfiguration;

Q_DECLARE_METATYPE(core::Json)
Q_DECLARE_METATYPE(PluginSet)

namespace {

core::Json document(const core::Json& body)
{
    core::Json doc = {{"apiVersion", "kubescheduler.config.k8s.io/v1"}, {"kind", "KubeSchedulerConfiguration"}};
    for (auto it = body.begin(); it != body.end(); ++it)
        doc[it.key()] = it.value();
    return doc;
}

QStringList namesOf(const std::vector<PluginRef>& refs)
{
    QStringList out;
    for (const PluginRef& r : refs)
        out << QString::fromStdString(r.name) + (r.weight ? QString(":%1").arg(r.weight) : QString());
    return out;
}

PluginSet set(std::vector<PluginRef> enabled, std::vector<std::string> disabled = {})
{
    return PluginSet{std::move(enabled), std::move(disabled)};
}

} // namespace

class TestConfig : public QObject {
    Q_OBJECT

private slots:
    void defaults();
    void semanticsExample();
    void singleUnnamedProfile();
    void validation_data();
    void validation();
    void frameworkErrors_data();
    void frameworkErrors();
    void mergePlugins_data();
    void mergePlugins();
    void multiPointExpansion();
    void scoreWeights();
};

void TestConfig::defaults()
{
    const SchedulerConfiguration c = SchedulerConfiguration::defaults();
    QCOMPARE(c.percentageOfNodesToScore, 0);
    QCOMPARE(c.podInitialBackoffSeconds, std::int64_t(1));
    QCOMPARE(c.podMaxBackoffSeconds, std::int64_t(10));
    QCOMPARE(c.profiles.size(), std::size_t(1));
    const auto& p = c.profiles.front();
    QCOMPARE(p.schedulerName, std::string("default-scheduler"));
    QCOMPARE(namesOf(p.plugins.at(ExtensionPoint::MultiPoint).enabled),
             (QStringList{"SchedulingGates", "PrioritySort", "NodeUnschedulable", "NodeName", "TaintToleration:3",
                          "NodeAffinity:2", "NodePorts", "NodeResourcesFit:1", "VolumeRestrictions", "NodeVolumeLimits",
                          "VolumeBinding", "VolumeZone", "PodTopologySpread:2", "InterPodAffinity:2", "DefaultPreemption",
                          "NodeResourcesBalancedAllocation:1", "ImageLocality:1", "DefaultBinder"}));
    QStringList args;
    for (const auto& [name, value] : p.pluginConfig)
        args << QString::fromStdString(name);
    QCOMPARE(args, (QStringList{"DefaultPreemption", "InterPodAffinity", "NodeAffinity", "NodeResourcesBalancedAllocation",
                                "NodeResourcesFit", "PodTopologySpread", "VolumeBinding"}));
    QCOMPARE(p.argsFor("NodeResourcesFit").dump(),
             std::string(R"({"scoringStrategy":{"type":"LeastAllocated","resources":[{"name":"cpu","weight":1},{"name":"memory","weight":1}]}})"));
    QCOMPARE(p.argsFor("DefaultPreemption").dump(),
             std::string(R"({"minCandidateNodesPercentage":10,"minCandidateNodesAbsolute":100})"));
    QCOMPARE(p.argsFor("InterPodAffinity").dump(), std::string(R"({"hardPodAffinityWeight":1})"));
    QCOMPARE(p.argsFor("PodTopologySpread").dump(), std::string(R"({"defaultingType":"System"})"));
    QCOMPARE(p.argsFor("VolumeBinding").dump(), std::string(R"({"bindTimeoutSeconds":600})"));
}

void TestConfig::semanticsExample()
{
    // k8s-semantics §2.13.
    const core::Json doc = document(core::Json::parse(R"({
      "percentageOfNodesToScore": 0,
      "profiles": [
        {"schedulerName": "default-scheduler"},
        {"schedulerName": "bin-packing",
         "plugins": {"score": {"disabled": [{"name": "NodeResourcesBalancedAllocation"}],
                               "enabled": [{"name": "ImageLocality", "weight": 5}]}},
         "pluginConfig": [{"name": "NodeResourcesFit",
                           "args": {"scoringStrategy": {"type": "MostAllocated",
                                                        "resources": [{"name": "cpu", "weight": 1}, {"name": "memory", "weight": 1}]}}}]}
      ]})"));
    auto c = SchedulerConfiguration::fromJson(doc);
    QVERIFY2(c.has_value(), c ? "" : c.error().message.c_str());
    QCOMPARE(c->profiles.size(), std::size_t(2));
    const auto& bin = c->profiles[1];
    QCOMPARE(namesOf(bin.plugins.at(ExtensionPoint::Score).enabled), QStringList{"ImageLocality:5"});
    QCOMPARE(bin.plugins.at(ExtensionPoint::Score).disabled, std::vector<std::string>{"NodeResourcesBalancedAllocation"});
    QCOMPARE(bin.argsFor("NodeResourcesFit")["scoringStrategy"]["type"].get<std::string>(), std::string("MostAllocated"));

    auto s = scheduler::Scheduler::create(*c);
    QVERIFY2(s.has_value(), s ? "" : s.error().message.c_str());
    scheduler::Framework* binPacking = (*s)->profile("bin-packing");
    QVERIFY(binPacking);
    bool balanced = false;
    for (const auto& sp : binPacking->scorePlugins())
        balanced = balanced || sp.plugin->name() == scheduler::names::NodeResourcesBalancedAllocation;
    QVERIFY(!balanced);
    if (binPacking->plugin(scheduler::names::ImageLocality)) {
        // The score entry overrides multiPoint: first in order, with its own weight.
        QCOMPARE(binPacking->scorePlugins().front().plugin->name(), scheduler::names::ImageLocality);
        QCOMPARE(binPacking->scorePlugins().front().weight, std::int64_t(5));
    }
    scheduler::Framework* def = (*s)->profile("default-scheduler");
    bool hasBalanced = false;
    for (const auto& sp : def->scorePlugins())
        hasBalanced = hasBalanced || sp.plugin->name() == scheduler::names::NodeResourcesBalancedAllocation;
    QVERIFY(hasBalanced);
}

void TestConfig::singleUnnamedProfile()
{
    auto c = SchedulerConfiguration::fromJson(document(core::Json{{"profiles", {core::Json::object()}}}));
    QVERIFY(c.has_value());
    QCOMPARE(c->profiles.front().schedulerName, std::string("default-scheduler"));
    auto none = SchedulerConfiguration::fromJson(document(core::Json::object()));
    QVERIFY(none.has_value());
    QCOMPARE(none->profiles.size(), std::size_t(1));
}

void TestConfig::validation_data()
{
    QTest::addColumn<core::Json>("body");
    QTest::addColumn<QString>("error");
    QTest::addRow("second profile without name")
        << core::Json::parse(R"({"profiles": [{"schedulerName": "a"}, {}]})")
        << "profiles[1].schedulerName: Required value";
    QTest::addRow("duplicate profile")
        << core::Json::parse(R"({"profiles": [{"schedulerName": "a"}, {"schedulerName": "a"}]})")
        << "profiles[1].schedulerName: Duplicate value: profiles[0].schedulerName";
    QTest::addRow("percentage out of range")
        << core::Json::parse(R"({"percentageOfNodesToScore": 110})")
        << "percentageOfNodesToScore: Invalid value: 110: not in valid range [0-100]";
    QTest::addRow("profile percentage out of range")
        << core::Json::parse(R"({"profiles": [{"schedulerName": "a", "percentageOfNodesToScore": -1}]})")
        << "profiles[0].percentageOfNodesToScore: Invalid value: -1: not in valid range [0-100]";
    QTest::addRow("hard pod affinity weight")
        << core::Json::parse(R"({"profiles": [{"schedulerName": "a", "pluginConfig": [{"name": "InterPodAffinity", "args": {"hardPodAffinityWeight": 101}}]}]})")
        << "profiles[0].pluginConfig[0].args.hardPodAffinityWeight: Invalid value: 101: not in valid range [0, 100]";
    QTest::addRow("preemption candidates both zero")
        << core::Json::parse(R"({"profiles": [{"schedulerName": "a", "pluginConfig": [{"name": "DefaultPreemption", "args": {"minCandidateNodesPercentage": 0, "minCandidateNodesAbsolute": 0}}]}]})")
        << "[profiles[0].pluginConfig[0].args.minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same "
           "time as minCandidateNodesAbsolute, profiles[0].pluginConfig[0].args.minCandidateNodesAbsolute: Invalid value: "
           "0: cannot be zero at the same time as minCandidateNodesPercentage]";
    QTest::addRow("spread system defaulting with constraints")
        << core::Json::parse(R"({"profiles": [{"schedulerName": "a", "pluginConfig": [{"name": "PodTopologySpread", "args": {"defaultingType": "System", "defaultConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "ScheduleAnyway"}]}}]}]})")
        << "profiles[0].pluginConfig[0].args.defaultingType: Invalid value: \"System\": when .defaultConstraints are not empty";
    QTest::addRow("balanced allocation weight")
        << core::Json::parse(R"({"profiles": [{"schedulerName": "a", "pluginConfig": [{"name": "NodeResourcesBalancedAllocation", "args": {"resources": [{"name": "cpu", "weight": 2}]}}]}]})")
        << "profiles[0].pluginConfig[0].args.resources[0].weight: Invalid value: 2: must be 1";
    QTest::addRow("removed plugin")
        << core::Json::parse(R"({"profiles": [{"schedulerName": "a", "plugins": {"filter": {"enabled": [{"name": "EBSLimits"}]}}}]})")
        << "profiles[0].plugins.filter.enabled[0]: Invalid value: \"EBSLimits\": was invalid in version "
           "\"kubescheduler.config.k8s.io/v1\" (KubeSchedulerConfiguration is version \"kubescheduler.config.k8s.io/v1\")";
    QTest::addRow("queue sort differs")
        << core::Json::parse(R"({"profiles": [{"schedulerName": "a"}, {"schedulerName": "b", "plugins": {"queueSort": {"enabled": [{"name": "CustomSort"}], "disabled": [{"name": "*"}]}}}]})")
        << "profiles[1].plugins.queueSort: Invalid value: config.PluginSet{Enabled:[]config.Plugin{config.Plugin{"
           "Name:\"CustomSort\", Weight:0}}, Disabled:[]config.Plugin{config.Plugin{Name:\"*\", Weight:0}}}: must be "
           "the same for all profiles";
    QTest::addRow("backoff")
        << core::Json::parse(R"({"podInitialBackoffSeconds": 5, "podMaxBackoffSeconds": 2})")
        << "podMaxBackoffSeconds: Invalid value: 2: must be greater than or equal to PodInitialBackoffSeconds";
}

void TestConfig::validation()
{
    QFETCH(core::Json, body);
    QFETCH(QString, error);
    auto c = SchedulerConfiguration::fromJson(document(body));
    QVERIFY(!c.has_value());
    QCOMPARE(c.error().code, core::ErrorCode::Invalid);
    QCOMPARE(QString::fromStdString(c.error().message), error);
}

void TestConfig::frameworkErrors_data()
{
    QTest::addColumn<core::Json>("body");
    QTest::addColumn<QString>("error");
    const QString prefix = "initializing profiles: creating profile for scheduler name default-scheduler: ";
    QTest::addRow("unknown scoring strategy")
        << core::Json::parse(R"({"profiles": [{"pluginConfig": [{"name": "NodeResourcesFit", "args": {"scoringStrategy": {"type": "Spread"}}}]}]})")
        << prefix + "initializing plugin \"NodeResourcesFit\": scoringStrategy.type: Unsupported value: \"Spread\": "
                    "supported values: \"LeastAllocated\", \"MostAllocated\", \"RequestedToCapacityRatio\"";
    QTest::addRow("unknown filter plugin")
        << core::Json::parse(R"({"profiles": [{"plugins": {"filter": {"enabled": [{"name": "Foo"}]}}}]})")
        << prefix + "FilterPlugin \"Foo\" does not exist";
    QTest::addRow("plugin at the wrong point")
        << core::Json::parse(R"({"profiles": [{"plugins": {"filter": {"enabled": [{"name": "DefaultBinder"}]}}}]})")
        << prefix + "plugin \"DefaultBinder\" does not extend FilterPlugin plugin";
    QTest::addRow("no queue sort")
        << core::Json::parse(R"({"profiles": [{"plugins": {"queueSort": {"disabled": [{"name": "*"}]}}}]})")
        << prefix + "only one queue sort plugin required for profile with scheduler name \"default-scheduler\", but got 0";
    QTest::addRow("no binder")
        << core::Json::parse(R"({"profiles": [{"plugins": {"bind": {"disabled": [{"name": "*"}]}}}]})")
        << prefix + "at least one bind plugin is needed for profile with scheduler name \"default-scheduler\"";
    QTest::addRow("registered twice")
        << core::Json::parse(R"({"profiles": [{"plugins": {"filter": {"enabled": [{"name": "NodeName"}, {"name": "NodeName"}]}}}]})")
        << prefix + "plugin \"NodeName\" already registered as \"FilterPlugin\"";
}

void TestConfig::frameworkErrors()
{
    QFETCH(core::Json, body);
    QFETCH(QString, error);
    auto c = SchedulerConfiguration::fromJson(document(body));
    QVERIFY2(c.has_value(), c ? "" : c.error().message.c_str());
    auto status = scheduler::Scheduler::validate(*c);
    QVERIFY(!status.has_value());
    QCOMPARE(QString::fromStdString(status.error().message), error);
}

void TestConfig::mergePlugins_data()
{
    QTest::addColumn<PluginSet>("defaults");
    QTest::addColumn<PluginSet>("custom");
    QTest::addColumn<QStringList>("enabled");
    QTest::addColumn<QStringList>("disabled");
    // Upstream TestMergePlugins.
    QTest::addRow("AppendCustomPlugin") << set({{"DefaultPlugin1"}, {"DefaultPlugin2"}}) << set({{"CustomPlugin"}})
                                        << QStringList{"DefaultPlugin1", "DefaultPlugin2", "CustomPlugin"} << QStringList{};
    QTest::addRow("InsertAfterDefaultPlugins2")
        << set({{"DefaultPlugin1"}, {"DefaultPlugin2"}}) << set({{"CustomPlugin"}, {"DefaultPlugin2"}}, {"DefaultPlugin2"})
        << QStringList{"DefaultPlugin1", "CustomPlugin", "DefaultPlugin2"} << QStringList{"DefaultPlugin2"};
    QTest::addRow("InsertBeforeAllPlugins")
        << set({{"DefaultPlugin1"}, {"DefaultPlugin2"}})
        << set({{"CustomPlugin"}, {"DefaultPlugin1"}, {"DefaultPlugin2"}}, {"*"})
        << QStringList{"CustomPlugin", "DefaultPlugin1", "DefaultPlugin2"} << QStringList{"*"};
    QTest::addRow("ReorderDefaultPlugins") << set({{"DefaultPlugin1"}, {"DefaultPlugin2"}})
                                           << set({{"DefaultPlugin2"}, {"DefaultPlugin1"}}, {"*"})
                                           << QStringList{"DefaultPlugin2", "DefaultPlugin1"} << QStringList{"*"};
    QTest::addRow("ApplyNilCustomPlugin") << set({{"DefaultPlugin1"}, {"DefaultPlugin2"}}) << set({})
                                          << QStringList{"DefaultPlugin1", "DefaultPlugin2"} << QStringList{};
    QTest::addRow("CustomPluginOverrideDefaultPlugin")
        << set({{"Plugin1", 1}, {"Plugin2", 2}}) << set({{"Plugin1", 2}, {"Plugin3", 3}})
        << QStringList{"Plugin1:2", "Plugin2:2", "Plugin3:3"} << QStringList{};
    QTest::addRow("OrderPreserveAfterOverride")
        << set({{"Plugin1", 1}, {"Plugin2", 2}, {"Plugin3", 3}}) << set({{"Plugin2", 2}, {"Plugin1", 1}})
        << QStringList{"Plugin1:1", "Plugin2:2", "Plugin3:3"} << QStringList{};
    QTest::addRow("RepeatedCustomPlugin")
        << set({{"Plugin1", 1}, {"Plugin2", 2}}) << set({{"Plugin1", 1}, {"Plugin2", 2}, {"Plugin3", 3}, {"Plugin1", 4}})
        << QStringList{"Plugin1:4", "Plugin2:2", "Plugin1:1", "Plugin3:3"} << QStringList{};
}

void TestConfig::mergePlugins()
{
    QFETCH(PluginSet, defaults);
    QFETCH(PluginSet, custom);
    QFETCH(QStringList, enabled);
    QFETCH(QStringList, disabled);
    const PluginSet got = scheduler::mergePluginSet(defaults, custom);
    QCOMPARE(namesOf(got.enabled), enabled);
    QStringList gotDisabled;
    for (const std::string& d : got.disabled)
        gotDisabled << QString::fromStdString(d);
    QCOMPARE(gotDisabled, disabled);
}

void TestConfig::multiPointExpansion()
{
    // A plugin disabled for one extension point keeps its other points; an explicit entry
    // for a point overrides multiPoint and comes first.
    auto c = SchedulerConfiguration::fromJson(document(core::Json::parse(R"({"profiles": [{"plugins": {
        "preFilter": {"disabled": [{"name": "NodeResourcesFit"}]},
        "filter": {"enabled": [{"name": "NodePorts"}]}}}]})")));
    QVERIFY(c.has_value());
    auto s = scheduler::Scheduler::create(*c);
    QVERIFY2(s.has_value(), s ? "" : s.error().message.c_str());
    scheduler::Framework* f = (*s)->profile("default-scheduler");
    for (auto* p : f->preFilterPlugins())
        QVERIFY(p->name() != scheduler::names::NodeResourcesFit);
    QCOMPARE(f->filterPlugins().front()->name(), scheduler::names::NodePorts);
    bool fitFilters = false;
    for (auto* p : f->filterPlugins())
        fitFilters = fitFilters || p->name() == scheduler::names::NodeResourcesFit;
    QVERIFY(fitFilters);
    QCOMPARE(f->queueSortPlugin()->name(), scheduler::names::PrioritySort);
    QCOMPARE(f->bindPlugins().size(), std::size_t(1));
    QCOMPARE(f->postFilterPlugins().front()->name(), scheduler::names::DefaultPreemption);
    QCOMPARE(f->preEnqueuePlugins().front()->name(), scheduler::names::SchedulingGates);
}

void TestConfig::scoreWeights()
{
    auto c = SchedulerConfiguration::fromJson(document(core::Json::parse(R"({"profiles": [{"plugins": {
        "score": {"enabled": [{"name": "NodeResourcesFit", "weight": 7}]}}}]})")));
    QVERIFY(c.has_value());
    auto s = scheduler::Scheduler::create(*c);
    QVERIFY(s.has_value());
    scheduler::Framework* f = (*s)->profile("default-scheduler");
    QCOMPARE(f->scorePlugins().front().plugin->name(), scheduler::names::NodeResourcesFit);
    QCOMPARE(f->scorePlugins().front().weight, std::int64_t(7));
    for (const auto& sp : f->scorePlugins())
        if (sp.plugin->name() == scheduler::names::NodeResourcesBalancedAllocation)
            QCOMPARE(sp.weight, std::int64_t(1));
}

QTEST_APPLESS_MAIN(TestConfig)
#include "tst_config.moc"

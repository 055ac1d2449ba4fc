// SPDX-License-Identifier: GPL-3.0-or-later
// Comparing two labs: two labs built by the same steps, one of them changed afterwards (scale,
// taint, cordon, delete, a pod too big for any node); the diff must show exactly that change.
#include <QTest>

#include <functional>

#include "core/sim/engine.h"
#include "core/whatif/labdiff.h"

class TestLabDiff : public QObject {
    Q_OBJECT

private slots:
    void change_data();
    void change();
    void utilisation();
};

namespace core = kubelab::core;
using core::Json;

namespace {

using Change = std::function<void(core::Engine&)>;

Json node(const std::string& name)
{
    Json capacity = {{"cpu", "2"}, {"memory", "4Gi"}, {"pods", "110"}};
    return Json{{"apiVersion", "v1"},
                {"kind", "Node"},
                {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}, {"kubernetes.io/os", "linux"}}}}},
                {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
}

Json deployment(const std::string& name, int replicas, const std::string& cpu)
{
    return Json{{"apiVersion", "apps/v1"},
                {"kind", "Deployment"},
                {"metadata", {{"name", name}, {"namespace", "default"}}},
                {"spec",
                 {{"replicas", replicas},
                  {"selector", {{"matchLabels", {{"app", name}}}}},
                  {"template",
                   {{"metadata", {{"labels", {{"app", name}}}}},
                    {"spec",
                     {{"containers",
                       Json::array({Json{{"name", "c"},
                                         {"image", "nginx:1.27.2"},
                                         {"resources", {{"requests", {{"cpu", cpu}, {"memory", "256Mi"}}}}}}})}}}}}}}};
}

/// Two nodes, a Deployment of four pods spread over them, a Service: the same every time.
std::unique_ptr<core::Engine> baseLab()
{
    core::Engine::Options options;
    options.seed = 3;
    auto engine = core::Engine::open(options);
    if (!engine)
        return nullptr;
    core::Engine& e = **engine;
    for (const char* n : {"node-1", "node-2"})
        (void)e.create(node(n));
    (void)e.create(deployment("web", 4, "250m"));
    (void)e.create(Json{{"apiVersion", "v1"},
                        {"kind", "Service"},
                        {"metadata", {{"name", "web"}, {"namespace", "default"}}},
                        {"spec", {{"selector", {{"app", "web"}}}, {"ports", Json::array({Json{{"port", 80}}})}}}});
    e.settle(5 * core::kMinute);
    return std::move(*engine);
}

void patchNode(core::Engine& e, const std::string& name, const std::function<void(Json&)>& edit)
{
    Json n = *e.get(core::ObjectKey{"Node", "", name});
    edit(n);
    (void)e.update(n);
}

std::string fields(const Json& entry)
{
    std::string out;
    for (const Json& f : entry.value("fields", Json::array()))
        out += (out.empty() ? "" : ",") + f.get<std::string>();
    return out;
}

} // namespace

void TestLabDiff::change_data()
{
    QTest::addColumn<Change>("change");
    QTest::addColumn<int>("moved");
    QTest::addColumn<int>("onlyInOther");
    QTest::addColumn<int>("onlyInBase");
    QTest::addColumn<int>("pendingOther");
    QTest::addColumn<QString>("objects"); // change kind/name[fields] ...

    QTest::addRow("nothing changed") << Change([](core::Engine&) {}) << 0 << 0 << 0 << 0 << "";
    QTest::addRow("scaled up") << Change([](core::Engine& e) {
        Json d = *e.get(core::ObjectKey{"Deployment", "default", "web"});
        d["spec"]["replicas"] = 6;
        (void)e.update(d);
    }) << 0 << 2 << 0 << 0 << "changed Deployment/web[spec.replicas] changed ReplicaSet/web-5f77fbb945[spec.replicas]";
    QTest::addRow("scaled down") << Change([](core::Engine& e) {
        Json d = *e.get(core::ObjectKey{"Deployment", "default", "web"});
        d["spec"]["replicas"] = 1;
        (void)e.update(d);
    }) << 0 << 0 << 3 << 0 << "changed Deployment/web[spec.replicas] changed ReplicaSet/web-5f77fbb945[spec.replicas]";
    QTest::addRow("node-1 tainted NoExecute: its pods (two of web, one of CoreDNS) move to node-2")
        << Change([](core::Engine& e) {
        patchNode(e, "node-1", [](Json& n) {
            n["spec"]["taints"] = Json::array({Json{{"key", "maintenance"}, {"effect", "NoExecute"}}});
        });
    }) << 3 << 0 << 0 << 0 << "changed Node/node-1[spec.taints]";
    QTest::addRow("cordoned: nothing moves") << Change([](core::Engine& e) {
        patchNode(e, "node-1", [](Json& n) { n["spec"]["unschedulable"] = true; });
    }) << 0 << 0 << 0 << 0 << "changed Node/node-1[spec.taints,spec.unschedulable]";
    QTest::addRow("a pod too big for any node is pending") << Change([](core::Engine& e) {
        (void)e.create(deployment("big", 1, "3"));
    }) << 0 << 1 << 0 << 1 << "added Deployment/big added ReplicaSet/big-85977f4ddb";
    QTest::addRow("a Service deleted") << Change([](core::Engine& e) {
        (void)e.remove(core::ObjectKey{"Service", "default", "web"});
    }) << 0 << 0 << 0 << 0 << "removed Service/web";
}

void TestLabDiff::change()
{
    QFETCH(Change, change);
    QFETCH(int, moved);
    QFETCH(int, onlyInOther);
    QFETCH(int, onlyInBase);
    QFETCH(int, pendingOther);
    QFETCH(QString, objects);
    auto base = baseLab();
    auto other = baseLab();
    QVERIFY(base && other);
    change(*other);
    other->settle(5 * core::kMinute);
    const Json diff = core::diffLabs(*base, *other);
    QCOMPARE(int(diff["pods"]["moved"].size()), moved);
    QCOMPARE(int(diff["pods"]["onlyInOther"].size()), onlyInOther);
    QCOMPARE(int(diff["pods"]["onlyInBase"].size()), onlyInBase);
    QCOMPARE(diff["pending"]["base"]["count"].get<int>(), 0);
    QCOMPARE(diff["pending"]["other"]["count"].get<int>(), pendingOther);
    if (pendingOther > 0)
        QCOMPARE(diff["pending"]["other"]["reasons"].value("Unschedulable", 0), pendingOther);
    for (const Json& m : diff["pods"]["moved"]) {
        QCOMPARE(QString::fromStdString(m["from"].value("node", "")), QStringLiteral("node-1"));
        QCOMPARE(QString::fromStdString(m["to"].value("node", "")), QStringLiteral("node-2"));
        QVERIFY(m.value("controller", "") == "Deployment/web" || m.value("controller", "") == "Deployment/coredns");
    }
    QStringList changes;
    for (const char* kind : {"added", "removed", "changed"})
        for (const Json& o : diff["objects"][kind]) {
            std::string f = fields(o);
            changes << QString::fromStdString(std::string(kind) + " " + o.value("kind", "") + "/" + o.value("name", "") +
                                              (f.empty() ? "" : "[" + f + "]"));
        }
    QCOMPARE(changes.join(u' '), objects);
    // Compared the other way round, the same pods move back and added is removed.
    const Json back = core::diffLabs(*other, *base);
    QCOMPARE(back["pods"]["moved"].size(), diff["pods"]["moved"].size());
    QCOMPARE(back["objects"]["added"].size(), diff["objects"]["removed"].size());
    QCOMPARE(back["pods"]["onlyInBase"].size(), diff["pods"]["onlyInOther"].size());
}

void TestLabDiff::utilisation()
{
    // Requests over allocatable, with kubectl describe node's rounding (int64 of the percentage).
    auto base = baseLab();
    auto other = baseLab();
    QVERIFY(base && other);
    patchNode(*other, "node-1", [](Json& n) {
        n["spec"]["taints"] = Json::array({Json{{"key", "maintenance"}, {"effect", "NoExecute"}}});
    });
    other->settle(5 * core::kMinute);
    const Json nodes = core::diffLabs(*base, *other)["nodes"];
    QCOMPARE(nodes.size(), std::size_t{2});
    const Json& n1 = nodes[0];
    const Json& n2 = nodes[1];
    QCOMPARE(QString::fromStdString(n1.value("name", "")), QStringLiteral("node-1"));
    // CoreDNS asks 100m and 70Mi per pod (one on each node); web 250m and 256Mi (two on each).
    auto total = [](const Json& u) { return QString::fromStdString(u.value("cpuRequests", "") + " " + u.value("memoryRequests", "")); };
    QCOMPARE(total(n1["base"]) + " | " + total(n2["base"]), QStringLiteral("600m 582Mi | 600m 582Mi"));
    QCOMPARE(total(n1["other"]) + " | " + total(n2["other"]), QStringLiteral("0 0 | 1200m 1164Mi"));
    QCOMPARE(n2["other"].value("cpuPercent", 0), 60);
    QCOMPARE(n2["other"].value("memoryPercent", 0), 28);
    QCOMPARE(n1["other"].value("pods", 0), 0);
    QCOMPARE(n2["other"].value("pods", 0), 6);
    QCOMPARE(QString::fromStdString(n1["other"].value("cpuAllocatable", "")), QStringLiteral("2"));
}

QTEST_APPLESS_MAIN(TestLabDiff)
#include "tst_labdiff.moc"

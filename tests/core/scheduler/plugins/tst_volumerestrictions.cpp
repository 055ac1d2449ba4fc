// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's plugins/volumerestrictions/volume_restrictions_test.go
// (TestAccessModeConflicts): a ReadWriteOncePod claim serves one pod in the cluster. PreFilter
// counts the conflicts (Skip when there are none), Filter refuses while there are any, and
// preemption's what-if removal of the pod holding the claim lifts the conflict.
#include <QTest>

#include <string>

#include "core/scheduler/cyclestate.h"
#include "core/scheduler/plugins/volumerestrictions.h"
#include "support/builders.h"
#include "support/schedulertesting.h"

using namespace kubelab;
using kubelab::testing::FakeHandle;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;
using core::Json;

Q_DECLARE_METATYPE(scheduler::Code)

namespace {

void addClaim(FakeHandle& handle, const std::string& name, const std::string& mode)
{
    Json pvc = {{"apiVersion", "v1"},
                {"kind", "PersistentVolumeClaim"},
                {"metadata", {{"name", name}, {"namespace", "default"}}},
                {"spec", {{"accessModes", Json::array({mode})}}}};
    handle.mutableSnapshot().setStorageObject({"PersistentVolumeClaim", "default", name},
                                              std::make_shared<const Json>(pvc));
}

PodBuilder podWith(const std::string& name, const std::string& claim)
{
    PodBuilder p(name);
    p.ns("default").uid(name + "-uid").container("nginx");
    if (!claim.empty())
        p.pvc(claim, "data");
    return p;
}

} // namespace

class TestVolumeRestrictions : public QObject {
    Q_OBJECT

private slots:
    void accessModeConflicts_data();
    void accessModeConflicts();
    void removingTheHolderLiftsTheConflict();
};

void TestVolumeRestrictions::accessModeConflicts_data()
{
    QTest::addColumn<QString>("claim");
    QTest::addColumn<QString>("existingClaim");
    QTest::addColumn<scheduler::Code>("code");
    QTest::addColumn<QString>("message");
    using C = scheduler::Code;
    QTest::addRow("nothing") << QString() << "claim-rwop" << C::Skip << QString();
    QTest::addRow("failed to get PVC") << "claim-missing" << QString() << C::UnschedulableAndUnresolvable
                                       << "persistentvolumeclaim \"claim-missing\" not found";
    QTest::addRow("no access mode conflict") << "claim-rwop" << "claim-rwo" << C::Skip << QString();
    QTest::addRow("access mode conflict") << "claim-rwop" << "claim-rwop" << C::Unschedulable
                                          << "node has pod using PersistentVolumeClaim with the same name and "
                                             "ReadWriteOncePod access mode";
    QTest::addRow("ReadWriteOnce claims may be shared") << "claim-rwo" << "claim-rwo" << C::Skip << QString();
}

void TestVolumeRestrictions::accessModeConflicts()
{
    QFETCH(QString, claim);
    QFETCH(QString, existingClaim);
    QFETCH(scheduler::Code, code);
    QFETCH(QString, message);

    FakeHandle handle;
    addClaim(handle, "claim-rwop", "ReadWriteOncePod");
    addClaim(handle, "claim-rwo", "ReadWriteOnce");
    handle.mutableSnapshot().setNode(NodeBuilder("node-1").ptr());
    handle.mutableSnapshot().setNode(NodeBuilder("node-2").ptr());
    // The pod already using a claim runs on the other node: the conflict is cluster-wide.
    handle.mutableSnapshot().setPod(podWith("existing", existingClaim.toStdString()).node("node-2").ptr());
    auto created = scheduler::VolumeRestrictions::create(Json::object(), handle);
    auto* plugin = dynamic_cast<scheduler::VolumeRestrictions*>(created->get());
    const core::Pod p = podWith("pod", claim.toStdString()).build();
    scheduler::CycleState state;
    scheduler::PreFilterResult result;
    scheduler::Status s = plugin->preFilter(state, p, result);
    if (s.isSuccess())
        s = plugin->filter(state, p, *handle.mutableSnapshot().get("node-1"));
    QCOMPARE(s.code(), code);
    QCOMPARE(QString::fromStdString(s.message()), message);
}

void TestVolumeRestrictions::removingTheHolderLiftsTheConflict()
{
    FakeHandle handle;
    addClaim(handle, "claim-rwop", "ReadWriteOncePod");
    handle.mutableSnapshot().setNode(NodeBuilder("node-1").ptr());
    const scheduler::PodPtr holder = podWith("existing", "claim-rwop").node("node-1").ptr();
    handle.mutableSnapshot().setPod(holder);
    auto created = scheduler::VolumeRestrictions::create(Json::object(), handle);
    auto* plugin = dynamic_cast<scheduler::VolumeRestrictions*>(created->get());
    QVERIFY(plugin->hasPreFilterExtensions());
    const core::Pod p = podWith("pod", "claim-rwop").build();
    scheduler::CycleState state;
    scheduler::PreFilterResult result;
    QVERIFY(plugin->preFilter(state, p, result).isSuccess());
    const scheduler::NodeInfo& node = *handle.mutableSnapshot().get("node-1");
    QCOMPARE(plugin->filter(state, p, node).code(), scheduler::Code::Unschedulable);
    // Preemption removes the holder in its what-if run: the node fits; added back, it does not.
    QVERIFY(plugin->removePod(state, p, holder, node).isSuccess());
    QVERIFY(plugin->filter(state, p, node).isSuccess());
    QVERIFY(plugin->addPod(state, p, holder, node).isSuccess());
    QCOMPARE(plugin->filter(state, p, node).code(), scheduler::Code::Unschedulable);
}

QTEST_APPLESS_MAIN(TestVolumeRestrictions)
#include "tst_volumerestrictions.moc"

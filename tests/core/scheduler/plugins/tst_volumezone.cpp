// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's plugins/volumezone/volume_zone_test.go (TestSingleZone,
// TestMultiZone, TestWithBinding).
#include <QTest>

#include <string>

#include "core/scheduler/cyclestate.h"
#include "core/scheduler/plugins/volumezone.h"
#include "support/builders.h"
#include "support/schedulertesting.h"

using namespace kubelab;
using kubelab::testing::FakeHandle;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;
using core::Json;

Q_DECLARE_METATYPE(scheduler::Code)
Q_DECLARE_METATYPE(Json)

namespace {

const std::string kBetaZone = "failure-domain.beta.kubernetes.io/zone";
const std::string kBetaRegion = "failure-domain.beta.kubernetes.io/region";
const std::string kZone = "topology.kubernetes.io/zone";
const std::string kRegion = "topology.kubernetes.io/region";

void addVolume(FakeHandle& handle, const std::string& name, const Json& labels)
{
    Json pv = {{"apiVersion", "v1"}, {"kind", "PersistentVolume"}, {"metadata", {{"name", name}, {"labels", labels}}}};
    handle.mutableSnapshot().setStorageObject({"PersistentVolume", "", name}, std::make_shared<const Json>(pv));
}

void addClaim(FakeHandle& handle, const std::string& name, const Json& spec)
{
    Json pvc = {{"apiVersion", "v1"},
                {"kind", "PersistentVolumeClaim"},
                {"metadata", {{"name", name}, {"namespace", "default"}}},
                {"spec", spec}};
    handle.mutableSnapshot().setStorageObject({"PersistentVolumeClaim", "default", name},
                                              std::make_shared<const Json>(pvc));
}

void addClass(FakeHandle& handle, const std::string& name, const std::string& mode)
{
    Json sc = {{"apiVersion", "storage.k8s.io/v1"},
               {"kind", "StorageClass"},
               {"metadata", {{"name", name}}},
               {"provisioner", "kubernetes.io/no-provisioner"},
               {"volumeBindingMode", mode}};
    handle.mutableSnapshot().setStorageObject({"StorageClass", "", name}, std::make_shared<const Json>(sc));
}

/// The volumes, claims and classes of upstream's tests.
void setUpStorage(FakeHandle& handle)
{
    addVolume(handle, "Vol_1", {{kBetaZone, "us-west1-a"}});
    addVolume(handle, "Vol_2", {{kBetaRegion, "us-west1"}, {kBetaZone, "us-west1-b"}});
    addVolume(handle, "Vol_3", {{kBetaRegion, "us-west1-c"}});
    addVolume(handle, "Vol_Multi", {{kBetaZone, "us-west1-c__us-west1-a"}});
    addVolume(handle, "Vol_Stable_1", {{kZone, "us-west1-a"}});
    addVolume(handle, "Vol_Stable_2", {{kRegion, "us-west1"}, {kZone, "us-west1-b"}});
    for (const char* n : {"1", "2", "3", "Multi", "Stable_1", "Stable_2"})
        addClaim(handle, std::string("PVC_") + n, {{"volumeName", std::string("Vol_") + n}});
    addClaim(handle, "PVC_4", {{"volumeName", "Vol_not_exist"}});
    addClass(handle, "Class_Wait", "WaitForFirstConsumer");
    addClass(handle, "Class_Immediate", "Immediate");
    addClaim(handle, "PVC_NoSC", Json::object());
    addClaim(handle, "PVC_EmptySC", {{"storageClassName", ""}});
    addClaim(handle, "PVC_WaitSC", {{"storageClassName", "Class_Wait"}});
    addClaim(handle, "PVC_ImmediateSC", {{"storageClassName", "Class_Immediate"}});
}

} // namespace

class TestVolumeZone : public QObject {
    Q_OBJECT

private slots:
    void volumeZone_data();
    void volumeZone();
};

void TestVolumeZone::volumeZone_data()
{
    QTest::addColumn<QString>("claim");
    QTest::addColumn<Json>("nodeLabels");
    QTest::addColumn<scheduler::Code>("code");
    QTest::addColumn<QString>("message");
    using C = scheduler::Code;
    const QString conflict = QStringLiteral("node(s) had no available volume zone");
    // TestSingleZone.
    QTest::addRow("pod without volume") << QString() << Json{{kBetaZone, "us-west1-a"}} << C::Skip << QString();
    QTest::addRow("node without labels") << "PVC_1" << Json::object() << C::Success << QString();
    QTest::addRow("beta zone label matched") << "PVC_1" << Json{{kBetaZone, "us-west1-a"}, {"uselessLabel", "none"}}
                                             << C::Success << QString();
    QTest::addRow("beta region label matched") << "PVC_3" << Json{{kBetaRegion, "us-west1-c"}, {"uselessLabel", "none"}}
                                               << C::Success << QString();
    QTest::addRow("beta region label matched, zone of another volume's label") << "PVC_2"
        << Json{{kBetaRegion, "us-west1"}, {kBetaZone, "us-west1-b"}} << C::Success << QString();
    QTest::addRow("beta zone label failed match") << "PVC_1" << Json{{kBetaZone, "us-west1-b"}}
                                                  << C::UnschedulableAndUnresolvable << conflict;
    QTest::addRow("beta region label failed match") << "PVC_3" << Json{{kBetaRegion, "us-west1-b"}}
                                                    << C::UnschedulableAndUnresolvable << conflict;
    QTest::addRow("GA zone label matched") << "PVC_Stable_1" << Json{{kZone, "us-west1-a"}, {"uselessLabel", "none"}}
                                           << C::Success << QString();
    QTest::addRow("GA zone and region labels matched") << "PVC_Stable_2"
        << Json{{kRegion, "us-west1"}, {kZone, "us-west1-b"}} << C::Success << QString();
    QTest::addRow("GA zone label failed match") << "PVC_Stable_1" << Json{{kZone, "us-west1-b"}}
                                                << C::UnschedulableAndUnresolvable << conflict;
    QTest::addRow("GA region label failed match") << "PVC_Stable_2"
        << Json{{kRegion, "us-west2"}, {kZone, "us-west1-b"}} << C::UnschedulableAndUnresolvable << conflict;
    QTest::addRow("beta volume label matches the node's GA label") << "PVC_1" << Json{{kZone, "us-west1-a"}}
                                                                   << C::Success << QString();
    // TestMultiZone.
    QTest::addRow("one of a volume's zones") << "PVC_Multi" << Json{{kBetaZone, "us-west1-a"}} << C::Success
                                             << QString();
    QTest::addRow("none of a volume's zones") << "PVC_Multi" << Json{{kBetaZone, "us-west1-b"}}
                                              << C::UnschedulableAndUnresolvable << conflict;
    // TestWithBinding.
    QTest::addRow("PVC not found") << "PVC_NonExistent" << Json{{kBetaZone, "us-west1-a"}}
                                   << C::UnschedulableAndUnresolvable
                                   << "persistentvolumeclaim \"PVC_NonExistent\" not found";
    QTest::addRow("PV not found") << "PVC_4" << Json{{kBetaZone, "us-west1-a"}} << C::UnschedulableAndUnresolvable
                                  << "persistentvolume \"Vol_not_exist\" not found";
    QTest::addRow("unbound volume, no storage class") << "PVC_NoSC" << Json{{kBetaZone, "us-west1-a"}}
                                                      << C::UnschedulableAndUnresolvable
                                                      << "PersistentVolumeClaim had no pv name and storageClass name";
    QTest::addRow("unbound volume, empty storage class") << "PVC_EmptySC" << Json{{kBetaZone, "us-west1-a"}}
                                                         << C::UnschedulableAndUnresolvable
                                                         << "PersistentVolumeClaim had no pv name and storageClass name";
    QTest::addRow("unbound volume, immediate binding mode") << "PVC_ImmediateSC" << Json{{kBetaZone, "us-west1-a"}}
                                                            << C::UnschedulableAndUnresolvable
                                                            << "PersistentVolume had no name";
    QTest::addRow("unbound volume, wait binding mode") << "PVC_WaitSC" << Json{{kBetaZone, "us-west1-a"}} << C::Skip
                                                       << QString();
}

void TestVolumeZone::volumeZone()
{
    QFETCH(QString, claim);
    QFETCH(Json, nodeLabels);
    QFETCH(scheduler::Code, code);
    QFETCH(QString, message);

    FakeHandle handle;
    setUpStorage(handle);
    NodeBuilder node("host1");
    for (auto it = nodeLabels.begin(); it != nodeLabels.end(); ++it)
        node.label(it.key(), it.value().get<std::string>());
    handle.mutableSnapshot().setNode(node.ptr());
    auto created = scheduler::VolumeZone::create(Json::object(), handle);
    auto* plugin = dynamic_cast<scheduler::VolumeZone*>(created->get());
    PodBuilder pod("pod");
    pod.ns("default").container("nginx");
    if (!claim.isEmpty())
        pod.pvc(claim.toStdString(), "data");
    const core::Pod p = pod.build();
    scheduler::CycleState state;
    scheduler::PreFilterResult result;
    scheduler::Status s = plugin->preFilter(state, p, result);
    if (s.isSuccess())
        s = plugin->filter(state, p, *handle.mutableSnapshot().get("host1"));
    QCOMPARE(s.code(), code);
    QCOMPARE(QString::fromStdString(s.message()), message);
}

QTEST_APPLESS_MAIN(TestVolumeZone)
#include "tst_volumezone.moc"

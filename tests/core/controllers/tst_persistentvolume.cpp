// SPDX-License-Identifier: GPL-3.0-or-later
// The PV controller: upstream's matching (index_test.go's volumes and claims), binding,
// provisioning, WaitForFirstConsumer with the scheduler, reclaim and protection.
#include <QTest>

#include <string>
#include <vector>

#include "core/controllers/persistentvolume.h"
#include "core/controllers/volumeexpand.h"
#include "core/sim/engine.h"

namespace core = kubelab::core;
using core::Json;

Q_DECLARE_METATYPE(Json)

class TestPersistentVolume final : public QObject {
    Q_OBJECT

private slots:
    void findBestMatch_data();
    void findBestMatch();
    void differentAccessModes();
    void checkVolumeSatisfyClaim_data();
    void checkVolumeSatisfyClaim();
    void staticBinding();
    void preBoundByVolumeName();
    void noVolumeNoClass();
    void dynamicProvisioningWithDefaultClass();
    void explicitEmptyClassGetsNoDefault();
    void waitForFirstConsumer();
    void waitForFirstConsumerStaticVolume();
    void podWithUnboundOrMissingClaim();
    void reclaim_data();
    void reclaim();
    void claimProtection();
    void indexFollowsTheVolumes();
    void claimsMadeBeforeTheirVolumes();
    void expansion();
    void expansionWithoutResizer();
    void expansionRefused_data();
    void expansionRefused();
};

namespace {

using Modes = std::vector<std::string>;

Json volume(const std::string& name, const std::string& size, const Modes& modes, const Json& extraSpec = Json::object(),
            const Json& labels = Json::object())
{
    Json pv = {{"apiVersion", "v1"},
               {"kind", "PersistentVolume"},
               {"metadata", {{"name", name}}},
               {"spec", {{"capacity", {{"storage", size}}}, {"accessModes", modes}, {"volumeMode", "Filesystem"}}},
               {"status", {{"phase", "Available"}}}};
    if (!labels.empty())
        pv["metadata"]["labels"] = labels;
    for (auto it = extraSpec.begin(); it != extraSpec.end(); ++it)
        pv["spec"][it.key()] = it.value();
    return pv;
}

Json claim(const std::string& size, const Modes& modes = {"ReadOnlyMany", "ReadWriteOnce"},
           const Json& extraSpec = Json::object(), const std::string& name = "claim01", const std::string& ns = "myns")
{
    Json pvc = {{"apiVersion", "v1"},
                {"kind", "PersistentVolumeClaim"},
                {"metadata", {{"name", name}, {"namespace", ns}, {"uid", "claim-uid"}}},
                {"spec", {{"accessModes", modes}, {"resources", {{"requests", {{"storage", size}}}}}}}};
    for (auto it = extraSpec.begin(); it != extraSpec.end(); ++it)
        pvc["spec"][it.key()] = it.value();
    return pvc;
}

const Modes kRwoRox = {"ReadWriteOnce", "ReadOnlyMany"};
const Modes kRwoRoxRwx = {"ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany"};
const Modes kRwo = {"ReadWriteOnce"};

/// index_test.go's createTestVolumes (deliberately out of order), with the large local
/// volumes of later versions.
std::vector<core::ObjectPtr> testVolumes()
{
    Json bound = {{"claimRef", {{"uid", "def456"}}}};
    std::vector<Json> v = {
        volume("gce-pd-10", "10G", kRwoRox),
        volume("gce-pd-20", "20G", kRwoRox, bound),
        volume("nfs-5", "5G", kRwoRoxRwx),
        volume("gce-pd-1", "1G", kRwoRox, Json{{"claimRef", {{"uid", "abc123"}}}}),
        volume("nfs-10", "10G", kRwoRoxRwx),
        volume("gce-pd-5", "5G", kRwoRox),
        volume("nfs-1", "1G", kRwoRoxRwx),
        volume("gce-pd-2", "20000G", kRwo, Json::object(), Json{{"should-exist", "true"}}),
        volume("gce-pd-silver1", "10000G", kRwo, Json{{"storageClassName", "silver"}}, Json{{"should-exist", "true"}}),
        volume("gce-pd-silver2", "100G", kRwo, Json{{"storageClassName", "silver"}}),
        volume("gce-pd-gold", "50G", kRwo, Json{{"storageClassName", "gold"}}),
        volume("local-pd-very-large", "200E", kRwo, Json{{"storageClassName", "large"}}),
        volume("local-pd-extremely-large", "800E", kRwo, Json{{"storageClassName", "large"}}),
    };
    std::vector<core::ObjectPtr> out;
    for (Json& j : v)
        out.push_back(std::make_shared<const Json>(std::move(j)));
    return out;
}

std::unique_ptr<core::Engine> openEngine()
{
    core::Engine::Options options;
    options.createIfMissing = true;
    options.seed = 7;
    auto engine = core::Engine::open(options);
    if (!engine)
        qWarning("%s", engine.error().toString().c_str());
    return engine ? std::move(*engine) : nullptr;
}

Json node(const std::string& name, const std::string& zone)
{
    Json capacity = {{"cpu", "4"}, {"memory", "8Gi"}, {"pods", "110"}, {"ephemeral-storage", "100Gi"}};
    return Json{{"apiVersion", "v1"},
                {"kind", "Node"},
                {"metadata",
                 {{"name", name},
                  {"labels", {{"kubernetes.io/hostname", name}, {"kubernetes.io/os", "linux"},
                              {"topology.kubernetes.io/zone", zone}}}}},
                {"status", {{"capacity", capacity}, {"allocatable", capacity}}}};
}

Json pod(const std::string& name, const std::string& claimName)
{
    return Json{{"apiVersion", "v1"},
                {"kind", "Pod"},
                {"metadata", {{"name", name}, {"namespace", "default"}}},
                {"spec",
                 {{"containers", Json::array({Json{{"name", "app"}, {"image", "nginx:1.27"},
                                                  {"volumeMounts", Json::array({Json{{"name", "data"}, {"mountPath", "/data"}}})}}})},
                  {"volumes", Json::array({Json{{"name", "data"}, {"persistentVolumeClaim", {{"claimName", claimName}}}}})}}}};
}

Json storageClass(const std::string& name, const std::string& provisioner, const std::string& mode = "Immediate",
                  bool isDefault = false, const std::string& reclaim = "Delete")
{
    Json sc = {{"apiVersion", "storage.k8s.io/v1"},
               {"kind", "StorageClass"},
               {"metadata", {{"name", name}}},
               {"provisioner", provisioner},
               {"reclaimPolicy", reclaim},
               {"volumeBindingMode", mode}};
    if (isDefault)
        sc["metadata"]["annotations"] = {{core::kAnnDefaultStorageClass, "true"}};
    return sc;
}

/// A claim in the default namespace, as a user writes it (no uid).
Json userClaim(const std::string& name, const std::string& size, const Json& extraSpec = Json::object())
{
    Json c = claim(size, {"ReadWriteOnce"}, extraSpec, name, "default");
    c["metadata"].erase("uid");
    return c;
}

QString at(const core::Engine& engine, const core::ObjectKey& key, const char* pointer)
{
    core::ObjectPtr o = engine.get(key);
    return QString::fromStdString(o ? core::stringAt(*o, Json::json_pointer(pointer)) : std::string("<gone>"));
}

core::ObjectKey pvcKey(const std::string& name)
{
    return {"PersistentVolumeClaim", "default", name};
}

core::ObjectKey pvKey(const std::string& name)
{
    return {"PersistentVolume", "", name};
}

/// The messages of the Events about an object, oldest first, as `Reason: message`.
std::vector<std::string> eventsOf(const core::Engine& engine, const std::string& kind, const std::string& name)
{
    std::vector<std::string> out;
    for (const core::ObjectPtr& e : engine.list("Event"))
        if ((*e)["involvedObject"].value("kind", "") == kind && (*e)["involvedObject"].value("name", "") == name)
            out.push_back((*e).value("reason", "") + ": " + (*e).value("message", ""));
    return out;
}

bool hasEvent(const std::vector<std::string>& events, const std::string& text)
{
    return std::ranges::find(events, text) != events.end();
}

std::string join(const std::vector<std::string>& v)
{
    std::string out;
    for (const auto& s : v)
        out += s + "\n";
    return out;
}

} // namespace

void TestPersistentVolume::findBestMatch_data()
{
    QTest::addColumn<Json>("claim");
    QTest::addColumn<QString>("expected");

    Json shouldExist = {{"selector", {{"matchLabels", {{"should-exist", "true"}}}}}};
    Json shouldExistRwo = shouldExist;
    Json silver = {{"storageClassName", "silver"}};
    Json silverSelector = shouldExist;
    silverSelector["storageClassName"] = "silver";
    Json large = {{"storageClassName", "large"}};

    QTest::addRow("successful-match-gce-10") << claim("8G") << "gce-pd-10";
    QTest::addRow("successful-match-nfs-5") << claim("5G", kRwoRoxRwx) << "nfs-5";
    QTest::addRow("successful-skip-1g-bound-volume") << claim("1G") << "gce-pd-5";
    QTest::addRow("successful-no-match") << claim("999G") << "";
    QTest::addRow("successful-no-match-due-to-label")
        << claim("999G", kRwoRox, Json{{"selector", {{"matchLabels", {{"should-not-exist", "true"}}}}}}) << "";
    QTest::addRow("successful-no-match-due-to-size-constraint-with-label-selector")
        << claim("20000G", kRwoRox, shouldExist) << "";
    QTest::addRow("successful-match-due-with-constraint-and-label-selector")
        << claim("20000G", kRwo, shouldExistRwo) << "gce-pd-2";
    QTest::addRow("successful-match-with-class") << claim("1G", kRwo, silverSelector) << "gce-pd-silver1";
    QTest::addRow("successful-match-with-class-and-labels") << claim("1G", kRwo, silver) << "gce-pd-silver2";
    QTest::addRow("successful-match-very-large") << claim("200E", kRwo, large) << "local-pd-very-large";
    QTest::addRow("successful-match-exact-extremely-large") << claim("800E", kRwo, large) << "local-pd-extremely-large";
    QTest::addRow("successful-no-match-way-too-large") << claim("950E", kRwo, large) << "";
    QTest::addRow("class gold needs 50G or less") << claim("60G", kRwo, Json{{"storageClassName", "gold"}}) << "";
    QTest::addRow("empty class does not match a classed volume")
        << claim("60G", kRwo, Json{{"storageClassName", ""}}) << "gce-pd-2";
    QTest::addRow("block mode matches no filesystem volume") << claim("1G", kRwo, Json{{"volumeMode", "Block"}}) << "";
}

void TestPersistentVolume::findBestMatch()
{
    QFETCH(Json, claim);
    QFETCH(QString, expected);
    core::ObjectPtr match = core::findBestMatchForClaim(claim, testVolumes(), false);
    QCOMPARE(QString::fromStdString(match ? core::nameOf(*match) : std::string()), expected);
}

void TestPersistentVolume::differentAccessModes()
{
    // index_test.go TestFindingVolumeWithDifferentAccessModes: fewest modes first.
    Json gce = volume("gce", "10G", kRwoRox);
    Json ebs = volume("ebs", "10G", kRwo);
    Json nfs = volume("nfs", "10G", kRwoRoxRwx);
    auto pick = [&](const Modes& modes) -> QString {
        std::vector<core::ObjectPtr> list = {std::make_shared<const Json>(gce), std::make_shared<const Json>(ebs),
                                             std::make_shared<const Json>(nfs)};
        core::ObjectPtr v = core::findBestMatchForClaim(claim("1G", modes), list, false);
        return QString::fromStdString(v ? core::nameOf(*v) : std::string());
    };
    QCOMPARE(pick(kRwo), QStringLiteral("ebs"));
    QCOMPARE(pick(kRwoRox), QStringLiteral("gce"));
    QCOMPARE(pick({"ReadWriteMany", "ReadWriteOnce", "ReadOnlyMany"}), QStringLiteral("nfs"));
    QCOMPARE(pick({"ReadWriteMany"}), QStringLiteral("nfs"));
    ebs["spec"]["claimRef"] = Json::object({{"name", "other"}});
    QCOMPARE(pick(kRwo), QStringLiteral("gce"));
    gce["spec"]["claimRef"] = Json::object({{"name", "other"}});
    QCOMPARE(pick(kRwo), QStringLiteral("nfs"));
    gce["spec"].erase("claimRef");
    QCOMPARE(pick({"ReadOnlyMany"}), QStringLiteral("gce"));
    // A volume pre-bound to the claim is taken in its group, whatever its size.
    ebs["spec"]["capacity"]["storage"] = "100G";
    ebs["spec"]["claimRef"] = Json{{"name", "claim01"}, {"namespace", "myns"}};
    QCOMPARE(pick(kRwo), QStringLiteral("ebs"));
}

void TestPersistentVolume::checkVolumeSatisfyClaim_data()
{
    QTest::addColumn<Json>("volume");
    QTest::addColumn<Json>("claim");
    QTest::addColumn<QString>("reason");
    QTest::addRow("fits") << volume("pv", "1Gi", kRwo) << claim("1Gi", kRwo) << "";
    QTest::addRow("too small") << volume("pv", "1Gi", kRwo) << claim("2Gi", kRwo) << "requested PV is too small";
    QTest::addRow("class") << volume("pv", "1Gi", kRwo, Json{{"storageClassName", "fast"}}) << claim("1Gi", kRwo)
                           << "storageClassName does not match";
    QTest::addRow("volumeMode") << volume("pv", "1Gi", kRwo) << claim("1Gi", kRwo, Json{{"volumeMode", "Block"}})
                                << "incompatible volumeMode";
    QTest::addRow("accessMode") << volume("pv", "1Gi", kRwo) << claim("1Gi", {"ReadWriteMany"})
                                << "incompatible accessMode";
}

void TestPersistentVolume::checkVolumeSatisfyClaim()
{
    QFETCH(Json, volume);
    QFETCH(Json, claim);
    QFETCH(QString, reason);
    QCOMPARE(QString::fromStdString(core::checkVolumeSatisfyClaim(volume, claim)), reason);
}

void TestPersistentVolume::staticBinding()
{
    auto engine = openEngine();
    QVERIFY(engine);
    Json small = volume("pv-small", "1Gi", kRwo, Json{{"storageClassName", "manual"}, {"hostPath", {{"path", "/mnt/a"}}}});
    Json fit = volume("pv-fit", "5Gi", kRwo, Json{{"storageClassName", "manual"}, {"hostPath", {{"path", "/mnt/b"}}}});
    Json big = volume("pv-big", "10Gi", kRwo, Json{{"storageClassName", "manual"}, {"hostPath", {{"path", "/mnt/c"}}}});
    for (Json* v : {&small, &fit, &big}) {
        (*v).erase("status");
        QVERIFY(engine->create(*v));
    }
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, pvKey("pv-fit"), "/status/phase"), QStringLiteral("Available"));
    QVERIFY(engine->create(userClaim("data", "2Gi", Json{{"storageClassName", "manual"}})));
    engine->settle(core::kMinute);

    QCOMPARE(at(*engine, pvcKey("data"), "/status/phase"), QStringLiteral("Bound"));
    QCOMPARE(at(*engine, pvcKey("data"), "/spec/volumeName"), QStringLiteral("pv-fit"));
    QCOMPARE(at(*engine, pvcKey("data"), "/status/capacity/storage"), QStringLiteral("5Gi"));
    QCOMPARE(at(*engine, pvcKey("data"), "/status/accessModes/0"), QStringLiteral("ReadWriteOnce"));
    QCOMPARE(at(*engine, pvcKey("data"), "/metadata/annotations/pv.kubernetes.io~1bind-completed"), QStringLiteral("yes"));
    QCOMPARE(at(*engine, pvcKey("data"), "/metadata/annotations/pv.kubernetes.io~1bound-by-controller"),
             QStringLiteral("yes"));
    QCOMPARE(at(*engine, pvcKey("data"), "/metadata/finalizers/0"), QStringLiteral("kubernetes.io/pvc-protection"));
    QCOMPARE(at(*engine, pvKey("pv-fit"), "/status/phase"), QStringLiteral("Bound"));
    QCOMPARE(at(*engine, pvKey("pv-fit"), "/spec/claimRef/name"), QStringLiteral("data"));
    QCOMPARE(at(*engine, pvKey("pv-fit"), "/spec/claimRef/namespace"), QStringLiteral("default"));
    QCOMPARE(at(*engine, pvKey("pv-fit"), "/spec/claimRef/uid"), at(*engine, pvcKey("data"), "/metadata/uid"));
    QCOMPARE(at(*engine, pvKey("pv-fit"), "/metadata/annotations/pv.kubernetes.io~1bound-by-controller"),
             QStringLiteral("yes"));
    QCOMPARE(at(*engine, pvKey("pv-fit"), "/metadata/finalizers/0"), QStringLiteral("kubernetes.io/pv-protection"));
    QCOMPARE(at(*engine, pvKey("pv-small"), "/status/phase"), QStringLiteral("Available"));
    QCOMPARE(at(*engine, pvKey("pv-big"), "/status/phase"), QStringLiteral("Available"));
}

void TestPersistentVolume::preBoundByVolumeName()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(volume("pv-a", "1Gi", kRwo, Json{{"hostPath", {{"path", "/a"}}}})));
    QVERIFY(engine->create(volume("pv-b", "10Gi", kRwo, Json{{"hostPath", {{"path", "/b"}}}})));
    QVERIFY(engine->create(userClaim("want-b", "1Gi", Json{{"storageClassName", ""}, {"volumeName", "pv-b"}})));
    QVERIFY(engine->create(userClaim("too-big", "5Gi", Json{{"storageClassName", ""}, {"volumeName", "pv-a"}})));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, pvcKey("want-b"), "/status/phase"), QStringLiteral("Bound"));
    QCOMPARE(at(*engine, pvKey("pv-b"), "/spec/claimRef/name"), QStringLiteral("want-b"));
    // The user named the volume: the claim is not marked bound-by-controller.
    QCOMPARE(at(*engine, pvcKey("want-b"), "/metadata/annotations/pv.kubernetes.io~1bound-by-controller"),
             QString());
    QCOMPARE(at(*engine, pvcKey("too-big"), "/status/phase"), QStringLiteral("Pending"));
    QVERIFY2(hasEvent(eventsOf(*engine, "PersistentVolumeClaim", "too-big"),
                      "VolumeMismatch: Cannot bind to requested volume \"pv-a\": requested PV is too small"),
             join(eventsOf(*engine, "PersistentVolumeClaim", "too-big")).c_str());
}

void TestPersistentVolume::noVolumeNoClass()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(userClaim("lonely", "1Gi")));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, pvcKey("lonely"), "/status/phase"), QStringLiteral("Pending"));
    QVERIFY2(hasEvent(eventsOf(*engine, "PersistentVolumeClaim", "lonely"),
                      "FailedBinding: no persistent volumes available for this claim and no storage class is set"),
             join(eventsOf(*engine, "PersistentVolumeClaim", "lonely")).c_str());
    // A matching volume made later binds it.
    QVERIFY(engine->create(volume("late", "2Gi", kRwo, Json{{"hostPath", {{"path", "/late"}}}})));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, pvcKey("lonely"), "/status/phase"), QStringLiteral("Bound"));
    QCOMPARE(at(*engine, pvcKey("lonely"), "/spec/volumeName"), QStringLiteral("late"));
}

void TestPersistentVolume::dynamicProvisioningWithDefaultClass()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(storageClass("standard", "rancher.io/local-path", "Immediate", true)));
    QVERIFY(engine->create(userClaim("dyn", "3Gi")));
    engine->settle(core::kMinute);
    // DefaultStorageClass admission named the class.
    QCOMPARE(at(*engine, pvcKey("dyn"), "/spec/storageClassName"), QStringLiteral("standard"));
    const std::string uid = at(*engine, pvcKey("dyn"), "/metadata/uid").toStdString();
    const std::string pv = "pvc-" + uid;
    QCOMPARE(at(*engine, pvcKey("dyn"), "/status/phase"), QStringLiteral("Bound"));
    QCOMPARE(at(*engine, pvcKey("dyn"), "/spec/volumeName"), QString::fromStdString(pv));
    QCOMPARE(at(*engine, pvcKey("dyn"), "/metadata/annotations/volume.kubernetes.io~1storage-provisioner"),
             QStringLiteral("rancher.io/local-path"));
    QCOMPARE(at(*engine, pvKey(pv), "/spec/capacity/storage"), QStringLiteral("3Gi"));
    QCOMPARE(at(*engine, pvKey(pv), "/spec/persistentVolumeReclaimPolicy"), QStringLiteral("Delete"));
    QCOMPARE(at(*engine, pvKey(pv), "/spec/storageClassName"), QStringLiteral("standard"));
    QCOMPARE(at(*engine, pvKey(pv), "/metadata/annotations/pv.kubernetes.io~1provisioned-by"),
             QStringLiteral("rancher.io/local-path"));
    QCOMPARE(at(*engine, pvKey(pv), "/status/phase"), QStringLiteral("Bound"));
    // The provisioner pre-bound it: the volume is not bound-by-controller.
    QCOMPARE(at(*engine, pvKey(pv), "/metadata/annotations/pv.kubernetes.io~1bound-by-controller"), QString());
    auto events = eventsOf(*engine, "PersistentVolumeClaim", "dyn");
    QVERIFY2(hasEvent(events, "ExternalProvisioning: Waiting for a volume to be created either by the external "
                              "provisioner 'rancher.io/local-path' or manually by the system administrator. If volume "
                              "creation is delayed, please verify that the provisioner is running and correctly "
                              "registered."),
             join(events).c_str());
    QVERIFY(hasEvent(events, "Provisioning: External provisioner is provisioning volume for claim \"default/dyn\""));
    QVERIFY(hasEvent(events, "ProvisioningSucceeded: Successfully provisioned volume " + pv));

    // Deleting the claim deletes the volume (reclaim policy Delete).
    QVERIFY(engine->remove(pvcKey("dyn")));
    engine->settle(core::kMinute);
    QVERIFY(!engine->get(pvcKey("dyn")));
    QVERIFY(!engine->get(pvKey(pv)));
}

void TestPersistentVolume::explicitEmptyClassGetsNoDefault()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(storageClass("standard", "rancher.io/local-path", "Immediate", true)));
    QVERIFY(engine->create(userClaim("static-only", "1Gi", Json{{"storageClassName", ""}})));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, pvcKey("static-only"), "/spec/storageClassName"), QString());
    QCOMPARE(at(*engine, pvcKey("static-only"), "/status/phase"), QStringLiteral("Pending"));
}

void TestPersistentVolume::waitForFirstConsumer()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(node("node-a", "zone-a")));
    QVERIFY(engine->create(storageClass("wait", "ebs.csi.aws.com", "WaitForFirstConsumer")));
    QVERIFY(engine->create(userClaim("later", "1Gi", Json{{"storageClassName", "wait"}})));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, pvcKey("later"), "/status/phase"), QStringLiteral("Pending"));
    QVERIFY(hasEvent(eventsOf(*engine, "PersistentVolumeClaim", "later"),
                     "WaitForFirstConsumer: waiting for first consumer to be created before binding"));
    QVERIFY(engine->list("PersistentVolume").empty());

    QVERIFY(engine->create(pod("consumer", "later")));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, {"Pod", "default", "consumer"}, "/spec/nodeName"), QStringLiteral("node-a"));
    QCOMPARE(at(*engine, pvcKey("later"), "/metadata/annotations/volume.kubernetes.io~1selected-node"),
             QStringLiteral("node-a"));
    QCOMPARE(at(*engine, pvcKey("later"), "/status/phase"), QStringLiteral("Bound"));
    const std::string pv = at(*engine, pvcKey("later"), "/spec/volumeName").toStdString();
    QCOMPARE(at(*engine, pvKey(pv), "/spec/nodeAffinity/required/nodeSelectorTerms/0/matchExpressions/0/key"),
             QStringLiteral("topology.kubernetes.io/zone"));
    QCOMPARE(at(*engine, pvKey(pv), "/spec/nodeAffinity/required/nodeSelectorTerms/0/matchExpressions/0/values/0"),
             QStringLiteral("zone-a"));
}

void TestPersistentVolume::waitForFirstConsumerStaticVolume()
{
    // A local volume on node-b only: the pod goes where its volume is.
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(node("node-a", "zone-a")));
    QVERIFY(engine->create(node("node-b", "zone-a")));
    QVERIFY(engine->create(storageClass("local-storage", core::kNoProvisioner, "WaitForFirstConsumer")));
    Json affinity = {{"required",
                      {{"nodeSelectorTerms",
                        Json::array({Json{{"matchExpressions",
                                           Json::array({Json{{"key", "kubernetes.io/hostname"},
                                                             {"operator", "In"},
                                                             {"values", Json::array({"node-b"})}}})}}})}}}};
    Json local = volume("local-b", "10Gi", kRwo,
                        Json{{"storageClassName", "local-storage"}, {"local", {{"path", "/mnt/disks/ssd1"}}},
                             {"nodeAffinity", affinity}});
    local.erase("status");
    QVERIFY(engine->create(local));
    QVERIFY(engine->create(userClaim("local", "5Gi", Json{{"storageClassName", "local-storage"}})));
    QVERIFY(engine->create(pod("db", "local")));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, {"Pod", "default", "db"}, "/spec/nodeName"), QStringLiteral("node-b"));
    QCOMPARE(at(*engine, pvcKey("local"), "/status/phase"), QStringLiteral("Bound"));
    QCOMPARE(at(*engine, pvcKey("local"), "/spec/volumeName"), QStringLiteral("local-b"));

    // A second claim finds no volume: its pod cannot be placed anywhere.
    QVERIFY(engine->create(userClaim("local2", "5Gi", Json{{"storageClassName", "local-storage"}})));
    QVERIFY(engine->create(pod("db2", "local2")));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, {"Pod", "default", "db2"}, "/spec/nodeName"), QString());
    QCOMPARE(at(*engine, {"Pod", "default", "db2"}, "/status/conditions/0/message"),
             QStringLiteral("0/2 nodes are available: 2 node(s) didn't find available persistent volumes to bind. "
                         "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.."));
}

void TestPersistentVolume::podWithUnboundOrMissingClaim()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(node("node-a", "zone-a")));
    QVERIFY(engine->create(userClaim("unbound", "1Gi")));
    QVERIFY(engine->create(pod("waits", "unbound")));
    QVERIFY(engine->create(pod("orphan", "nowhere")));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, {"Pod", "default", "waits"}, "/status/phase"), QStringLiteral("Pending"));
    QCOMPARE(at(*engine, {"Pod", "default", "waits"}, "/status/conditions/0/message"),
             QStringLiteral("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 "
                         "nodes are available: 1 Preemption is not helpful for scheduling.."));
    QCOMPARE(at(*engine, {"Pod", "default", "orphan"}, "/status/conditions/0/message"),
             QStringLiteral("0/1 nodes are available: persistentvolumeclaim \"nowhere\" not found. preemption: 0/1 "
                         "nodes are available: 1 Preemption is not helpful for scheduling.."));
    // A volume arrives: the claim binds and the pod is scheduled.
    QVERIFY(engine->create(volume("pv", "1Gi", kRwo, Json{{"hostPath", {{"path", "/pv"}}}})));
    engine->settle(5 * core::kMinute);
    QCOMPARE(at(*engine, pvcKey("unbound"), "/status/phase"), QStringLiteral("Bound"));
    QCOMPARE(at(*engine, {"Pod", "default", "waits"}, "/spec/nodeName"), QStringLiteral("node-a"));
}

void TestPersistentVolume::reclaim_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("phase");
    QTest::addColumn<QString>("message");
    QTest::addRow("Retain: Released") << "Retain" << "/pv" << "Released" << "";
    QTest::addRow("Delete under /tmp: gone") << "Delete" << "/tmp/pv" << "<gone>" << "";
    // hostPath's deleter removes only directories under /tmp.
    QTest::addRow("Delete elsewhere: Failed") << "Delete" << "/data/pv" << "Failed"
                                              << "host_path deleter only supports /tmp/.+ but received provided /data/pv";
    QTest::addRow("Delete of an nfs volume: Failed")
        << "Delete" << "" << "Failed"
        << "error getting deleter volume plugin for volume \"pv\": no deletable volume plugin matched";
    QTest::addRow("Recycle: Available again") << "Recycle" << "/pv" << "Available" << "";
}

void TestPersistentVolume::reclaim()
{
    QFETCH(QString, policy);
    QFETCH(QString, path);
    QFETCH(QString, phase);
    QFETCH(QString, message);
    auto engine = openEngine();
    QVERIFY(engine);
    Json source = path.isEmpty() ? Json{{"nfs", {{"server", "nfs.example"}, {"path", "/exports"}}}}
                                 : Json{{"hostPath", {{"path", path.toStdString()}}}};
    source["persistentVolumeReclaimPolicy"] = policy.toStdString();
    Json pv = volume("pv", "1Gi", kRwo, source);
    pv.erase("status");
    QVERIFY(engine->create(pv));
    QVERIFY(engine->create(userClaim("c", "1Gi", Json{{"storageClassName", ""}})));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, pvKey("pv"), "/status/phase"), QStringLiteral("Bound"));
    QVERIFY(engine->remove(pvcKey("c")));
    engine->settle(core::kMinute);
    QVERIFY(!engine->get(pvcKey("c")));
    QCOMPARE(at(*engine, pvKey("pv"), "/status/phase"), phase);
    if (!message.isEmpty()) {
        QCOMPARE(at(*engine, pvKey("pv"), "/status/message"), message);
        QVERIFY(hasEvent(eventsOf(*engine, "PersistentVolume", "pv"), "VolumeFailedDelete: " + message.toStdString()));
    }
    if (policy == "Retain") {
        // A Released volume keeps its claimRef: a new claim of the same name does not get it.
        QVERIFY(engine->create(userClaim("c", "1Gi", Json{{"storageClassName", ""}})));
        engine->settle(core::kMinute);
        QCOMPARE(at(*engine, pvcKey("c"), "/status/phase"), QStringLiteral("Pending"));
        // Clearing the claimRef makes it Available, and the claim binds.
        core::ObjectPtr live = engine->get(pvKey("pv"));
        Json next = *live;
        next["spec"].erase("claimRef");
        QVERIFY(engine->update(next));
        engine->settle(core::kMinute);
        QCOMPARE(at(*engine, pvcKey("c"), "/status/phase"), QStringLiteral("Bound"));
    }
}

void TestPersistentVolume::claimProtection()
{
    auto engine = openEngine();
    QVERIFY(engine);
    QVERIFY(engine->create(node("node-a", "zone-a")));
    QVERIFY(engine->create(volume("pv", "1Gi", kRwo, Json{{"hostPath", {{"path", "/pv"}}}})));
    QVERIFY(engine->create(userClaim("used", "1Gi", Json{{"storageClassName", ""}})));
    QVERIFY(engine->create(pod("user", "used")));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, pvcKey("used"), "/status/phase"), QStringLiteral("Bound"));
    QVERIFY(engine->remove(pvcKey("used")));
    engine->settle(core::kMinute);
    // In use: Terminating, the finalizer stays.
    QVERIFY(engine->get(pvcKey("used")));
    QVERIFY(!at(*engine, pvcKey("used"), "/metadata/deletionTimestamp").isEmpty());
    // The bound volume cannot go either.
    QVERIFY(engine->remove(pvKey("pv")));
    engine->settle(core::kMinute);
    QVERIFY(engine->get(pvKey("pv")));
    // Once the pod is gone the claim goes, the volume is Released and then goes too.
    QVERIFY(engine->remove({"Pod", "default", "user"}));
    engine->settle(5 * core::kMinute);
    QVERIFY(!engine->get({"Pod", "default", "user"}));
    QVERIFY(!engine->get(pvcKey("used")));
    QVERIFY(!engine->get(pvKey("pv")));
}

QTEST_APPLESS_MAIN(TestPersistentVolume)
#include "tst_persistentvolume.moc"

void TestPersistentVolume::indexFollowsTheVolumes()
{
    core::VolumeIndex index;
    auto add = [&](Json v) { index.add(std::make_shared<const Json>(std::move(v))); };
    auto pick = [&](const std::string& size) -> QString {
        core::ObjectPtr v = index.findBestMatchForClaim(claim(size, kRwo), false);
        return QString::fromStdString(v ? core::nameOf(*v) : std::string());
    };
    add(volume("b", "5G", kRwo));
    add(volume("a", "5G", kRwo));
    add(volume("c", "10G", kRwo));
    QCOMPARE(pick("1G"), QStringLiteral("a")); // equal sizes: the first by name
    QCOMPARE(pick("6G"), QStringLiteral("c"));
    // A volume that gets a claimRef, is Released or is being deleted is no longer offered.
    Json a = volume("a", "5G", kRwo, Json{{"claimRef", {{"name", "other"}, {"namespace", "myns"}}}});
    add(a);
    QCOMPARE(pick("1G"), QStringLiteral("b"));
    Json b = volume("b", "5G", kRwo);
    b["status"]["phase"] = "Released";
    add(b);
    QCOMPARE(pick("1G"), QStringLiteral("c"));
    Json c = volume("c", "10G", kRwo);
    c["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z";
    add(c);
    QCOMPARE(pick("1G"), QString());
    add(volume("b", "5G", kRwo)); // Available again
    QCOMPARE(pick("1G"), QStringLiteral("b"));
    index.remove("b");
    QCOMPARE(pick("1G"), QString());
    // The volume pre-bound to the claim is found through its claimRef.
    add(volume("mine", "50G", kRwo, Json{{"claimRef", {{"name", "claim01"}, {"namespace", "myns"}}}}));
    add(volume("small", "1G", kRwo));
    QCOMPARE(pick("1G"), QStringLiteral("mine"));
    QCOMPARE(pick("60G"), QString()); // too small, even pre-bound
}

void TestPersistentVolume::claimsMadeBeforeTheirVolumes()
{
    // Claims wait Pending; the volumes made afterwards bind every one of them, each to the
    // volume of its size (the smallest that fits), in one settle.
    auto engine = openEngine();
    QVERIFY(engine);
    constexpr int n = 30;
    for (int i = 0; i < n; ++i)
        QVERIFY(engine->create(userClaim("c" + std::to_string(i), std::to_string(i + 1) + "Gi",
                                         Json{{"storageClassName", ""}})));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, pvcKey("c0"), "/status/phase"), QStringLiteral("Pending"));
    for (int i = n - 1; i >= 0; --i) {
        Json v = volume("v" + std::to_string(i), std::to_string(i + 1) + "Gi", kRwo,
                        Json{{"hostPath", {{"path", "/v" + std::to_string(i)}}}});
        v.erase("status");
        QVERIFY(engine->create(v));
    }
    engine->settle(core::kMinute);
    for (int i = 0; i < n; ++i) {
        QCOMPARE(at(*engine, pvcKey("c" + std::to_string(i)), "/status/phase"), QStringLiteral("Bound"));
        QCOMPARE(at(*engine, pvcKey("c" + std::to_string(i)), "/spec/volumeName"),
                 QString::fromStdString("v" + std::to_string(i)));
    }
}

namespace {

/// A lab with a node and a claim `data` of 1Gi bound to a volume of `provisioner`'s class
/// `resizable` (allowVolumeExpansion), made by the simulated provisioner.
std::unique_ptr<core::Engine> labWithResizableClaim(const std::string& provisioner)
{
    auto engine = openEngine();
    if (!engine)
        return nullptr;
    Json sc = storageClass("resizable", provisioner);
    sc["allowVolumeExpansion"] = true;
    if (!engine->create(node("node-a", "zone-a")) || !engine->create(sc) ||
        !engine->create(userClaim("data", "1Gi", Json{{"storageClassName", "resizable"}})))
        return nullptr;
    engine->settle(core::kMinute);
    return engine;
}

core::Result<core::ObjectPtr> grow(core::Engine& engine, const std::string& size)
{
    Json next = *engine.get(pvcKey("data"));
    next["spec"]["resources"]["requests"]["storage"] = size;
    return engine.update(std::move(next));
}

} // namespace

void TestPersistentVolume::expansion()
{
    auto engine = labWithResizableClaim("ebs.csi.aws.com");
    QVERIFY(engine);
    QCOMPARE(at(*engine, pvcKey("data"), "/status/phase"), QStringLiteral("Bound"));
    const std::string pv = at(*engine, pvcKey("data"), "/spec/volumeName").toStdString();

    // Not in use: the driver grows the volume; the file system waits for a pod.
    QVERIFY(grow(*engine, "3Gi"));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, pvKey(pv), "/spec/capacity/storage"), QStringLiteral("3Gi"));
    QCOMPARE(at(*engine, pvcKey("data"), "/status/capacity/storage"), QStringLiteral("1Gi"));
    QCOMPARE(at(*engine, pvcKey("data"), "/status/conditions/0/type"), QStringLiteral("FileSystemResizePending"));
    QCOMPARE(at(*engine, pvcKey("data"), "/status/conditions/0/message"),
             QStringLiteral("Waiting for user to (re-)start a pod to finish file system resize of volume on node."));
    QVERIFY(engine->get(pvcKey("data"))->at("status")["conditions"].size() == 1);
    auto events = eventsOf(*engine, "PersistentVolumeClaim", "data");
    QVERIFY2(hasEvent(events, "ExternalExpanding: waiting for an external controller to expand this PVC"), join(events).c_str());
    QVERIFY2(hasEvent(events, "Resizing: External resizer is resizing volume " + pv), join(events).c_str());
    QVERIFY2(hasEvent(events, "FileSystemResizeRequired: Require file system resize of volume on node"), join(events).c_str());

    // A pod that mounts it: the kubelet grows the file system and the claim has 3Gi.
    QVERIFY(engine->create(pod("user", "data")));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, {"Pod", "default", "user"}, "/status/phase"), QStringLiteral("Running"));
    QCOMPARE(at(*engine, pvcKey("data"), "/status/capacity/storage"), QStringLiteral("3Gi"));
    QVERIFY(!engine->get(pvcKey("data"))->at("status").contains("conditions"));
    const std::string done = "FileSystemResizeSuccessful: MountVolume.NodeExpandVolume succeeded for volume \"" + pv +
                             "\" node-a";
    QVERIFY2(hasEvent(eventsOf(*engine, "PersistentVolumeClaim", "data"), done),
             join(eventsOf(*engine, "PersistentVolumeClaim", "data")).c_str());
    QVERIFY(hasEvent(eventsOf(*engine, "Pod", "user"), done));

    // In use: growing again finishes online, while the pod runs.
    QVERIFY(grow(*engine, "5Gi"));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, pvKey(pv), "/spec/capacity/storage"), QStringLiteral("5Gi"));
    QCOMPARE(at(*engine, pvcKey("data"), "/status/capacity/storage"), QStringLiteral("5Gi"));
    QVERIFY(!engine->get(pvcKey("data"))->at("status").contains("conditions"));
}

void TestPersistentVolume::expansionWithoutResizer()
{
    // The local-path provisioner's volumes are hostPath: no resizer answers.
    auto engine = labWithResizableClaim("rancher.io/local-path");
    QVERIFY(engine);
    const std::string pv = at(*engine, pvcKey("data"), "/spec/volumeName").toStdString();
    QVERIFY(grow(*engine, "3Gi"));
    engine->settle(core::kMinute);
    QCOMPARE(at(*engine, pvKey(pv), "/spec/capacity/storage"), QStringLiteral("1Gi"));
    QCOMPARE(at(*engine, pvcKey("data"), "/status/capacity/storage"), QStringLiteral("1Gi"));
    QVERIFY(hasEvent(eventsOf(*engine, "PersistentVolumeClaim", "data"),
                     "ExternalExpanding: waiting for an external controller to expand this PVC"));
}

void TestPersistentVolume::expansionRefused_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("size");
    QTest::addColumn<QString>("message");
    const QString noResize = QStringLiteral("persistentvolumeclaims \"data\" is forbidden: only dynamically provisioned "
                                            "pvc can be resized and the storageclass that provisions the pvc must "
                                            "support resize");
    QTest::addRow("class without allowVolumeExpansion") << "no-expansion" << "2Gi" << noResize;
    QTest::addRow("static volume, no class") << "static" << "2Gi" << noResize;
    // Validation runs before the admission's own check: an unbound claim's spec is immutable.
    QTest::addRow("claim not bound") << "pending" << "2Gi"
                                     << "PersistentVolumeClaim \"data\" is invalid: spec: Forbidden: spec is immutable "
                                        "after creation except resources.requests and volumeAttributesClassName for "
                                        "bound claims";
    QTest::addRow("shrinking") << "resizable" << "512Mi"
                               << "PersistentVolumeClaim \"data\" is invalid: spec.resources.requests.storage: "
                                  "Forbidden: field can not be less than previous value";
}

void TestPersistentVolume::expansionRefused()
{
    QFETCH(QString, setup);
    QFETCH(QString, size);
    QFETCH(QString, message);
    auto engine = openEngine();
    QVERIFY(engine);
    Json sc = storageClass("classy", "ebs.csi.aws.com");
    if (setup == "resizable")
        sc["allowVolumeExpansion"] = true;
    QVERIFY(engine->create(sc));
    if (setup == "static") {
        Json v = volume("pv", "1Gi", kRwo, Json{{"hostPath", {{"path", "/a"}}}});
        v.erase("status");
        QVERIFY(engine->create(v));
        QVERIFY(engine->create(userClaim("data", "1Gi", Json{{"storageClassName", ""}})));
    } else {
        QVERIFY(engine->create(userClaim("data", "1Gi", Json{{"storageClassName", setup == "pending" ? "missing" : "classy"}})));
    }
    engine->settle(core::kMinute);
    const core::ObjectPtr before = engine->get(pvcKey("data"));
    auto r = grow(*engine, size.toStdString());
    QVERIFY(!r);
    QCOMPARE(QString::fromStdString(r.error().message), message);
    QVERIFY(*engine->get(pvcKey("data")) == *before); // unchanged
}

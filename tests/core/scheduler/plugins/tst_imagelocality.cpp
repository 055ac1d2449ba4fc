// SPDX-License-Identifier: GPL-3.0-or-later
// Cases follow upstream's plugins/imagelocality/image_locality_test.go
// (TestImageLocalityPriority, TestNormalizedImageName).
#include <QTest>

#include <cstdint>
#include <string>
#include <vector>

#include "core/scheduler/plugins/imagelocality.h"
#include "support/builders.h"
#include "support/schedulertesting.h"

using namespace kubelab;
using kubelab::testing::FakeHandle;
using kubelab::testing::NodeBuilder;
using kubelab::testing::PodBuilder;
using Nodes = std::vector<NodeBuilder>;
using Scores = std::vector<std::int64_t>;

Q_DECLARE_METATYPE(PodBuilder)
Q_DECLARE_METATYPE(Nodes)
Q_DECLARE_METATYPE(Scores)

namespace {

constexpr std::int64_t kMb = 1024 * 1024;

NodeBuilder node403002000(const std::string& name)
{
    return NodeBuilder(name)
        .image({"gcr.io/40:latest", "gcr.io/40:v1", "gcr.io/40:v1"}, 40 * kMb)
        .image({"gcr.io/300:latest", "gcr.io/300:v1"}, 300 * kMb)
        .image({"gcr.io/2000:latest"}, 2000 * kMb);
}

NodeBuilder node25010(const std::string& name)
{
    return NodeBuilder(name)
        .image({"gcr.io/250:latest"}, 250 * kMb)
        .image({"gcr.io/10:latest", "gcr.io/10:v1"}, 10 * kMb);
}

NodeBuilder node60040900(const std::string& name)
{
    return NodeBuilder(name)
        .image({"gcr.io/600:latest"}, 600 * kMb)
        .image({"gcr.io/40:latest"}, 40 * kMb)
        .image({"gcr.io/900:latest"}, 900 * kMb);
}

NodeBuilder node300600900(const std::string& name)
{
    return NodeBuilder(name)
        .image({"gcr.io/300:latest"}, 300 * kMb)
        .image({"gcr.io/600:latest"}, 600 * kMb)
        .image({"gcr.io/900:latest"}, 900 * kMb);
}

NodeBuilder node400030(const std::string& name)
{
    return NodeBuilder(name).image({"gcr.io/4000:latest"}, 4000 * kMb).image({"gcr.io/30:latest"}, 30 * kMb);
}

NodeBuilder node203040(const std::string& name)
{
    return NodeBuilder(name)
        .image({"gcr.io/20:latest"}, 20 * kMb)
        .image({"gcr.io/30:latest"}, 30 * kMb)
        .image({"gcr.io/40:latest"}, 40 * kMb);
}

PodBuilder pod(const std::vector<std::string>& images, const std::vector<std::string>& initImages = {})
{
    PodBuilder p("p");
    for (const std::string& image : images)
        p.container(image);
    for (const std::string& image : initImages)
        p.initContainer(image);
    return p;
}

} // namespace

class TestImageLocality : public QObject {
    Q_OBJECT

private slots:
    void score_data();
    void score();
    void normalizedImageName_data();
    void normalizedImageName();
};

void TestImageLocality::score_data()
{
    QTest::addColumn<PodBuilder>("pod");
    QTest::addColumn<Nodes>("nodes");
    QTest::addColumn<Scores>("expected");

    // 100 * (250M/2 - 23M) / (1000M * 2 - 23M) = 5
    QTest::addRow("two images spread on two nodes, prefer the larger image one")
        << pod({"gcr.io/40", "gcr.io/250"}) << Nodes{node403002000("node1"), node25010("node2")} << Scores{0, 5};
    // 100 * ((40M + 300M)/2 - 23M) / (1000M * 2 - 23M) = 7
    QTest::addRow("two images on one node, prefer this node")
        << pod({"gcr.io/40", "gcr.io/300"}) << Nodes{node403002000("node1"), node25010("node2")} << Scores{7, 0};
    // 4000M/2 >= 1000M * 2: the maximum.
    QTest::addRow("if exceed limit, use limit")
        << pod({"gcr.io/10", "gcr.io/4000"}) << Nodes{node400030("node1"), node25010("node2")} << Scores{100, 0};
    // 100 * (4000M/3 - 23M) / (1000M * 2 - 23M) = 66
    QTest::addRow("if exceed limit, use limit (with node which has no images present)")
        << pod({"gcr.io/10", "gcr.io/4000"}) << Nodes{node400030("node1"), node25010("node2"), NodeBuilder("node3")}
        << Scores{66, 0, 0};
    // node1: 100 * (600M*2/3 + 900M*2/3 - 23M) / (1000M*3 - 23M) = 32; node2: 36.
    QTest::addRow("pod with multiple large images, node2 is preferred")
        << pod({"gcr.io/300", "gcr.io/600", "gcr.io/900"})
        << Nodes{node60040900("node1"), node300600900("node2"), NodeBuilder("node3")} << Scores{32, 36, 0};
    // 100 * (30M + 40M/2 - 23M) / (1000M * 2 - 23M) = 1
    QTest::addRow("pod with multiple small images")
        << pod({"gcr.io/30", "gcr.io/40"}) << Nodes{node203040("node1"), node400030("node2")} << Scores{1, 0};
    // 100 * (300M/2 - 23M) / (1000M * 2 - 23M) = 6
    QTest::addRow("include InitContainers: two images spread on two nodes, prefer the larger image one")
        << pod({"gcr.io/30"}, {"gcr.io/300"}) << Nodes{node403002000("node1"), node203040("node2")} << Scores{6, 0};
}

void TestImageLocality::score()
{
    QFETCH(PodBuilder, pod);
    QFETCH(Nodes, nodes);
    QFETCH(Scores, expected);

    FakeHandle handle;
    handle.addNodes(nodes);
    auto created = scheduler::ImageLocality::create(core::Json::object(), handle);
    QVERIFY(created.has_value());
    auto* plugin = dynamic_cast<scheduler::ImageLocality*>(created->get());
    QVERIFY(plugin);
    QVERIFY(!plugin->hasNormalizeScore());
    const core::Pod p = pod.build();
    const auto infos = handle.nodeInfos(testing::nodeNames(nodes));
    scheduler::CycleState state;
    scheduler::Status status;
    const Scores got = testing::scoreNodes(*plugin, state, p, infos, status);
    QVERIFY2(status.isSuccess(), status.message().c_str());
    QCOMPARE(got, expected);
}

void TestImageLocality::normalizedImageName_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("output");

    const QString digest = "sha256:4813494d137e1631bba301d5acab6e7bb7aa74ce1185d456565ef51d737677b2";
    QTest::addRow("add :latest postfix 1") << "root" << "root:latest";
    QTest::addRow("add :latest postfix 2") << "gcr.io:5000/root" << "gcr.io:5000/root:latest";
    QTest::addRow("keep it as is 1") << "root:tag" << "root:tag";
    QTest::addRow("keep it as is 2") << "root@" + digest << "root@" + digest;
}

void TestImageLocality::normalizedImageName()
{
    QFETCH(QString, input);
    QFETCH(QString, output);
    QCOMPARE(QString::fromStdString(scheduler::normalizedImageName(input.toStdString())), output);
}

QTEST_APPLESS_MAIN(TestImageLocality)

#include "tst_imagelocality.moc"

// Cluster access and the shadow CIB against the real cibadmin/crm_mon, on CIB files. The "live"
// back end is exercised too: through a command-template transport that points cibadmin at a file,
// so the XML really travels over the transport's stdin/stdout.
#include <gtest/gtest.h>

#include <filesystem>

#include "runtime/cluster.hpp"
#include "runtime/shadow.hpp"
#include "runtime/simulate.hpp"
#include "support/test_support.hpp"

using namespace aa::runtime;
using aa::test::TempDir;

namespace {

const std::string kCib = R"(<cib crm_feature_set="3.16.1" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0" have-quorum="1">
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="cib-bootstrap-options-stonith-enabled" name="stonith-enabled" value="false"/>
      </cluster_property_set>
    </crm_config>
    <nodes>
      <node id="1" uname="node-01"/>
      <node id="2" uname="node-02"/>
      <node id="3" uname="node-03"/>
    </nodes>
    <resources>
      <clone id="app_service-clone">
        <primitive id="app_service" class="systemd" type="app">
          <operations>
            <op name="monitor" interval="30s" id="app_service-monitor-interval-30s"/>
          </operations>
        </primitive>
        <meta_attributes id="app_service-clone-meta_attributes">
          <nvpair id="app_service-clone-meta_attributes-clone-max" name="clone-max" value="2"/>
          <nvpair id="app_service-clone-meta_attributes-clone-node-max" name="clone-node-max" value="1"/>
        </meta_attributes>
      </clone>
    </resources>
    <constraints/>
  </configuration>
  <status/>
</cib>
)";

// clone-max 2 -> 3, from epoch 1 to 2 (what `crm_diff` writes for that change, with a version block).
const std::string kRaiseCloneMax = R"(<diff format="2">
  <version>
    <source admin_epoch="0" epoch="1" num_updates="0"/>
    <target admin_epoch="0" epoch="2" num_updates="0"/>
  </version>
  <change operation="modify" path="/cib/configuration/resources/clone[@id='app_service-clone']/meta_attributes[@id='app_service-clone-meta_attributes']/nvpair[@id='app_service-clone-meta_attributes-clone-max']">
    <change-list>
      <change-attr name="value" operation="set" value="3"/>
    </change-list>
    <change-result>
      <nvpair id="app_service-clone-meta_attributes-clone-max" name="clone-max" value="3"/>
    </change-result>
  </change>
</diff>
)";

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

std::string write_cib(const TempDir& dir) {
    std::string path = (dir / "cib.xml").string();
    aa::test::write_file(path, kCib);
    return path;
}

}  // namespace

TEST(FileCluster, QueryReturnsTheWholeCib) {
    TempDir dir;
    auto cluster = file_cluster(write_cib(dir));
    std::string cib = cluster->query();
    EXPECT_TRUE(has(cib, R"(uname="node-03")"));
    EXPECT_TRUE(has(cib, R"(id="app_service-clone")"));
    EXPECT_TRUE(has(cluster->describe(), "cib.xml"));
}

TEST(FileCluster, MissingFileIsAnErrorNamingTheFile) {
    TempDir dir;
    auto cluster = file_cluster((dir / "nope.xml").string());
    try {
        cluster->query();
        FAIL() << "expected CommandError";
    } catch (const CommandError& e) {
        EXPECT_TRUE(has(e.what(), "nope.xml")) << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "nope.xml"));
}

TEST(FileCluster, PatchAppliesOnceThenTheVersionGuardRefusesIt) {
    TempDir dir;
    auto cluster = file_cluster(write_cib(dir));
    Result first = cluster->patch(kRaiseCloneMax);
    ASSERT_TRUE(first.ok()) << first.describe();
    EXPECT_TRUE(has(cluster->query(), R"(name="clone-max" value="3")"));
    // The CIB moved past the patch's source version: cibadmin says 103 and the caller re-plans.
    Result again = cluster->patch(kRaiseCloneMax);
    EXPECT_EQ(again.exit_code, 103) << again.describe();
    EXPECT_TRUE(has(again.describe(), "cibadmin --patch"));
}

TEST(FileCluster, StatusIsCrmMonXml) {
    TempDir dir;
    auto cluster = file_cluster(write_cib(dir));
    std::string status = cluster->status_xml();
    EXPECT_TRUE(has(status, "<pacemaker-result")) << status;
    EXPECT_TRUE(has(status, R"(<clone id="app_service-clone")")) << status;
    EXPECT_TRUE(current_placement(status)["app_service-clone"].empty());
}

TEST(LiveCluster, ToolsRunOnTheNodeThroughTheTransportWithXmlOverStdio) {
    TempDir dir;
    std::string path = write_cib(dir);
    // Stand-in for `ssh node-01`: the template runs the tools against the file, and proves the node
    // was substituted by refusing to run for any other node name.
    auto transport = template_transport("sh -c '[ \"$0\" = node-01 ] && exec env CIB_file=" + path + " \"$@\"' {node}");
    auto cluster = live_cluster(transport.get(), "node-01");
    EXPECT_TRUE(has(cluster->query(), R"(uname="node-02")"));
    Result r = cluster->patch(kRaiseCloneMax);
    EXPECT_TRUE(r.ok()) << r.describe();
    EXPECT_EQ(r.node, "node-01");
    EXPECT_TRUE(has(aa::test::read_file(path), R"(name="clone-max" value="3")"));
    EXPECT_TRUE(has(cluster->status_xml(), "<pacemaker-result"));
    EXPECT_TRUE(has(cluster->describe(), "node-01"));

    auto elsewhere = live_cluster(transport.get(), "node-02");
    EXPECT_THROW(elsewhere->query(), CommandError);
}

TEST(LiveCluster, ARemoteNodeNeedsATransport) {
    EXPECT_THROW(live_cluster(nullptr, "node-01"), std::invalid_argument);
}

TEST(Shadow, PatchesAPrivateCopyAndCleansUp) {
    TempDir dir;
    std::string user_file = write_cib(dir);
    std::string shadow_dir;
    {
        Shadow shadow(aa::test::read_file(user_file));
        shadow_dir = shadow.dir();
        EXPECT_NE(shadow.path(), user_file);
        Result r = shadow.apply_patch(kRaiseCloneMax);
        ASSERT_TRUE(r.ok()) << r.describe();
        EXPECT_TRUE(has(shadow.read(), R"(name="clone-max" value="3")"));
        EXPECT_TRUE(verify(shadow.path()).ok);
        Placement p = simulate(shadow.path());
        EXPECT_EQ(p.running["app_service-clone"].size(), 3u) << describe_placement(p);
    }
    EXPECT_EQ(aa::test::read_file(user_file), kCib);
    EXPECT_FALSE(std::filesystem::exists(shadow_dir));
}

TEST(Shadow, ABrokenPatchIsAResultWithTheToolsStderr) {
    Shadow shadow(kCib);
    Result r = shadow.apply_patch("this is not a patch");
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(has(r.describe(), "cibadmin --patch --xml-pipe")) << r.describe();
    EXPECT_TRUE(has(r.describe(), "parse")) << r.describe();
    EXPECT_EQ(shadow.read(), kCib);
}

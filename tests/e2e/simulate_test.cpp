// Verification and placement prediction against the real Pacemaker tools (crm_verify,
// crm_simulate, crm_mon), on CIB files written literally here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "runtime/cluster.hpp"
#include "runtime/simulate.hpp"
#include "support/test_support.hpp"

using namespace aa::runtime;
using aa::test::TempDir;
using Nodes = std::vector<std::string>;

namespace {

const std::string kConfigHead = R"(<cib crm_feature_set="3.16.1" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0" have-quorum="1">
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
)";

// One cloned systemd service, clone-max=2, as `aa` lowers `clone max 2 per-node 1`.
const std::string kCloneResources = R"(    <resources>
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
)";

// A plain file: nodes configured, no node_state at all (nobody has seen the cluster run).
std::string paper_cib(const std::string& constraints = "<constraints/>") {
    return kConfigHead + kCloneResources + "    " + constraints + "\n  </configuration>\n  <status/>\n</cib>\n";
}

std::string started_on(const std::string& id, const std::string& uname) {
    return R"(    <node_state id=")" + id + R"(" uname=")" + uname + R"(" in_ccm="true" crmd="online" join="member" expected="member">
      <lrm id=")" + id + R"(">
        <lrm_resources>
          <lrm_resource id="app_service" class="systemd" type="app">
            <lrm_rsc_op id="app_service_last_0" operation_key="app_service_start_0" operation="start" crm_feature_set="3.16.1" transition-key="2:-1:0:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" transition-magic="0:0;2:-1:0:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" call-id="2" rc-code="0" op-status="0" interval="0" last-rc-change="1795610049" exec-time="0" queue-time="0" op-digest="f2317cad3d54cec5d7d7aa7d0bf35cf8"/>
            <lrm_rsc_op id="app_service_monitor_30000" operation_key="app_service_monitor_30000" operation="monitor" crm_feature_set="3.16.1" transition-key="3:-1:0:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" transition-magic="0:0;3:-1:0:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" call-id="3" rc-code="0" op-status="0" interval="30000" last-rc-change="1795610049" exec-time="0" queue-time="0" op-digest="4811cef7f7f94e3a35a70be7916cb2fd"/>
          </lrm_resource>
        </lrm_resources>
      </lrm>
    </node_state>
)";
}

// A running cluster: all three nodes online, the clone started on node-01 and node-02.
std::string running_cib() {
    return kConfigHead + kCloneResources + "    <constraints/>\n  </configuration>\n  <status>\n" +
           started_on("1", "node-01") + started_on("2", "node-02") +
           R"(    <node_state id="3" uname="node-03" in_ccm="true" crmd="online" join="member" expected="member"/>
  </status>
</cib>
)";
}

std::string write_cib(const TempDir& dir, const std::string& xml) {
    std::string path = (dir / "cib.xml").string();
    aa::test::write_file(path, xml);
    return path;
}

Nodes nodes_of(const Placement& p, const std::string& id) {
    auto it = p.running.find(id);
    return it == p.running.end() ? Nodes{} : it->second;
}

bool mentions(const std::vector<std::string>& lines, const std::string& what) {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(what) != std::string::npos; });
}

int count_tasks(const Placement& p, const std::string& task) {
    return static_cast<int>(std::count_if(p.actions.begin(), p.actions.end(), [&](const ScheduledAction& a) {
        return a.task == task && a.primitive == "app_service";
    }));
}

// Runs the body with PATH pointing at an empty directory, so no Pacemaker tool can be found.
template <class F>
void without_tools(F body) {
    TempDir empty;
    std::string saved = std::getenv("PATH") ? std::getenv("PATH") : "";
    setenv("PATH", empty.path().c_str(), 1);
    try {
        body();
    } catch (...) {
        setenv("PATH", saved.c_str(), 1);
        throw;
    }
    setenv("PATH", saved.c_str(), 1);
}

}  // namespace

TEST(Simulate, CloneMaxTwoOnThreeNodesStartsExactlyTwoInstances) {
    TempDir dir;
    Placement p = simulate(write_cib(dir, paper_cib()));
    ASSERT_EQ(p.current.count("app_service-clone"), 1u);
    EXPECT_TRUE(p.current["app_service-clone"].empty());
    Nodes nodes = nodes_of(p, "app_service-clone");
    ASSERT_EQ(nodes.size(), 2u) << describe_placement(p);
    EXPECT_NE(nodes[0], nodes[1]);
    EXPECT_TRUE(p.problems.empty()) << describe_placement(p);
    EXPECT_EQ(count_tasks(p, "start"), 2);
    EXPECT_EQ(count_tasks(p, "stop"), 0);
}

TEST(Simulate, ActionsComeFromTheTransitionWithInstanceNodeAndInterval) {
    TempDir dir;
    Placement p = simulate(write_cib(dir, paper_cib()));
    auto start = std::find_if(p.actions.begin(), p.actions.end(), [](const ScheduledAction& a) { return a.task == "start"; });
    ASSERT_NE(start, p.actions.end());
    EXPECT_EQ(start->primitive, "app_service");
    EXPECT_EQ(start->resource.rfind("app_service:", 0), 0u) << start->resource;
    EXPECT_FALSE(start->node.empty());
    // Each started instance gets its 30 s monitor; probes (interval 0) ask every node first.
    bool recurring = std::any_of(p.actions.begin(), p.actions.end(), [](const ScheduledAction& a) {
        return a.task == "monitor" && a.interval_ms == 30000;
    });
    EXPECT_TRUE(recurring);
}

TEST(Simulate, StandbyWhatIfKeepsTwoInstancesOnTheOtherNodes) {
    TempDir dir;
    Placement p = simulate(write_cib(dir, paper_cib()), WhatIf{.standby = {"node-01"}});
    EXPECT_EQ(nodes_of(p, "app_service-clone"), (Nodes{"node-02", "node-03"})) << describe_placement(p);
    EXPECT_TRUE(p.problems.empty()) << describe_placement(p);
}

TEST(Simulate, StandbyInTheCibItselfIsHonoured) {
    TempDir dir;
    std::string xml = paper_cib();
    std::string plain = R"(<node id="2" uname="node-02"/>)";
    xml.replace(xml.find(plain), plain.size(),
                R"(<node id="2" uname="node-02"><instance_attributes id="nodes-2"><nvpair id="nodes-2-standby" name="standby" value="on"/></instance_attributes></node>)");
    Placement p = simulate(write_cib(dir, xml));
    EXPECT_EQ(nodes_of(p, "app_service-clone"), (Nodes{"node-01", "node-03"})) << describe_placement(p);
}

TEST(Simulate, AllNodesInStandbyIsReportedAsAProblem) {
    TempDir dir;
    Placement p = simulate(write_cib(dir, paper_cib()), WhatIf{.standby = {"node-01", "node-02", "node-03"}});
    EXPECT_TRUE(nodes_of(p, "app_service-clone").empty());
    ASSERT_FALSE(p.problems.empty());
    EXPECT_TRUE(mentions(p.problems, "app_service-clone: cannot run anywhere")) << describe_placement(p);
    EXPECT_NE(describe_placement(p).find("app_service-clone: Stopped"), std::string::npos);
}

TEST(Simulate, NodeDownWhatIfMovesTheInstanceToTheFreeNode) {
    TempDir dir;
    Placement p = simulate(write_cib(dir, running_cib()), WhatIf{.node_down = {"node-01"}});
    EXPECT_EQ(p.current["app_service-clone"], (Nodes{"node-02"}));
    EXPECT_EQ(nodes_of(p, "app_service-clone"), (Nodes{"node-02", "node-03"})) << describe_placement(p);
    EXPECT_EQ(count_tasks(p, "start"), 1);
    EXPECT_TRUE(p.problems.empty()) << describe_placement(p);
}

TEST(Simulate, RunningClusterWithNothingToDoPredictsTheCurrentPlacement) {
    TempDir dir;
    Placement p = simulate(write_cib(dir, running_cib()));
    EXPECT_EQ(p.current["app_service-clone"], (Nodes{"node-01", "node-02"}));
    EXPECT_EQ(nodes_of(p, "app_service-clone"), (Nodes{"node-01", "node-02"})) << describe_placement(p);
    EXPECT_EQ(count_tasks(p, "start"), 0);
    EXPECT_EQ(count_tasks(p, "stop"), 0);
}

TEST(Simulate, BanningARunningNodeStopsThereAndStartsElsewhere) {
    TempDir dir;
    std::string xml = running_cib();
    std::string constraints = R"(<constraints><rsc_location id="location-app_service-clone-node-01--INFINITY" rsc="app_service-clone" node="node-01" score="-INFINITY"/></constraints>)";
    xml.replace(xml.find("<constraints/>"), std::string("<constraints/>").size(), constraints);
    Placement p = simulate(write_cib(dir, xml));
    EXPECT_EQ(nodes_of(p, "app_service-clone"), (Nodes{"node-02", "node-03"})) << describe_placement(p);
    auto stop = std::find_if(p.actions.begin(), p.actions.end(), [](const ScheduledAction& a) { return a.task == "stop"; });
    ASSERT_NE(stop, p.actions.end());
    EXPECT_EQ(stop->node, "node-01");
}

TEST(Simulate, ARemovedServiceIsStoppedAndAPlainPrimitiveRunsOnce) {
    TempDir dir;
    std::string xml = running_cib();
    // The clone is gone from the configuration (its instances still run); a plain primitive is new.
    xml.replace(xml.find(kCloneResources), kCloneResources.size(), R"(    <resources>
      <primitive id="db" class="systemd" type="db"/>
    </resources>
)");
    Placement p = simulate(write_cib(dir, xml));
    EXPECT_EQ(p.current["app_service-clone"].size() + p.current["app_service"].size(), 2u) << describe_placement(p);
    EXPECT_EQ(p.running.count("app_service-clone") + p.running.count("app_service"), 0u) << describe_placement(p);
    EXPECT_EQ(nodes_of(p, "db").size(), 1u) << describe_placement(p);
    EXPECT_EQ(count_tasks(p, "stop"), 2);
    EXPECT_TRUE(p.problems.empty()) << describe_placement(p);
}

TEST(Simulate, NoQuorumBlocksTheStartsAndSaysWhy) {
    TempDir dir;
    std::string xml = paper_cib();
    xml.replace(xml.find(R"(have-quorum="1")"), 15, R"(have-quorum="0")");
    Placement p = simulate(write_cib(dir, xml));
    EXPECT_TRUE(mentions(p.problems, "blocked (no quorum)")) << describe_placement(p);
    EXPECT_TRUE(nodes_of(p, "app_service-clone").empty());
}

TEST(Simulate, FencingRequiredWithoutADeviceIsNamedAsTheReasonNothingStarts) {
    TempDir dir;
    std::string xml = paper_cib();
    xml.replace(xml.find(R"(name="stonith-enabled" value="false")"), 36, R"(name="stonith-enabled" value="true")");
    Placement p = simulate(write_cib(dir, xml));
    EXPECT_TRUE(nodes_of(p, "app_service-clone").empty());
    EXPECT_TRUE(mentions(p.problems, "no fencing device")) << describe_placement(p);
    EXPECT_TRUE(mentions(p.problems, "app_service-clone: cannot run anywhere")) << describe_placement(p);
}

TEST(Simulate, UnknownWhatIfNodeIsRefusedWithTheKnownNodes) {
    TempDir dir;
    std::string path = write_cib(dir, paper_cib());
    try {
        simulate(path, WhatIf{.node_down = {"node-99"}});
        FAIL() << "expected invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("node-99"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("node-01 node-02 node-03"), std::string::npos) << e.what();
    }
}

TEST(Simulate, NeverWritesTheInputFile) {
    TempDir dir;
    std::string path = write_cib(dir, paper_cib());
    simulate(path, WhatIf{.node_down = {"node-02"}, .standby = {"node-01"}});
    EXPECT_EQ(aa::test::read_file(path), paper_cib());
}

TEST(Simulate, DescribePlacementSpeaksLikePcsStatusResources) {
    Placement p;
    p.running["app_service-clone"] = {"node-02", "node-03"};
    p.running["db"] = {};
    p.problems = {"db: cannot run anywhere (0 of 1 instance placed)"};
    EXPECT_EQ(describe_placement(p),
              "app_service-clone: Started [ node-02 node-03 ]\n"
              "db: Stopped\n"
              "problem: db: cannot run anywhere (0 of 1 instance placed)\n");
}

TEST(Simulate, MissingToolNamesTheDebianPackage) {
    TempDir dir;
    std::string path = write_cib(dir, paper_cib());
    without_tools([&] {
        try {
            simulate(path);
            FAIL() << "expected CommandError";
        } catch (const CommandError& e) {
            EXPECT_NE(std::string(e.what()).find("pacemaker-cli-utils"), std::string::npos) << e.what();
            EXPECT_TRUE(e.result().not_found);
        }
    });
}

TEST(Verify, AValidCibIsOk) {
    TempDir dir;
    VerifyResult v = verify(write_cib(dir, paper_cib()));
    EXPECT_TRUE(v.ok) << v.raw.describe();
    EXPECT_TRUE(v.errors.empty());
}

TEST(Verify, WarningsAloneAreStillOk) {
    TempDir dir;
    // stonith-enabled=false: Pacemaker warns that it will not fence unseen nodes, nothing worse.
    VerifyResult v = verify(write_cib(dir, paper_cib()));
    EXPECT_TRUE(v.ok) << v.raw.describe();
    EXPECT_TRUE(mentions(v.warnings, "fencing")) << v.raw.err;
}

TEST(Verify, ErrorsCarryTheToolsOwnWords) {
    TempDir dir;
    std::string path = write_cib(dir, paper_cib(R"(<constraints><rsc_location id="l1" rsc="nope" node="node-01" score="INFINITY"/></constraints>)"));
    VerifyResult v = verify(path);
    EXPECT_FALSE(v.ok);
    EXPECT_EQ(v.raw.exit_code, 78);
    EXPECT_TRUE(mentions(v.errors, R"(unknown ID "nope")")) << v.raw.err;
}

TEST(Verify, ConfigurationErrorsBeyondTheSchemaAreReported) {
    TempDir dir;
    std::string xml = paper_cib();
    xml.replace(xml.find(R"(name="stonith-enabled" value="false")"), 36, R"(name="stonith-enabled" value="true")");
    VerifyResult v = verify(write_cib(dir, xml));
    EXPECT_FALSE(v.ok);
    EXPECT_TRUE(mentions(v.errors, "error: Resource start-up disabled since no STONITH resources have been defined"))
        << v.raw.err;
    // Pacemaker's C function names ("(unpack_resources)") are left out; each line is said once.
    for (const std::string& e : v.errors) EXPECT_NE(e.front(), '(') << e;
    for (std::size_t i = 0; i < v.errors.size(); ++i)
        for (std::size_t j = i + 1; j < v.errors.size(); ++j) EXPECT_NE(v.errors[i], v.errors[j]);
}

TEST(Verify, UnreadableFileIsAnErrorNotACrash) {
    TempDir dir;
    VerifyResult v = verify((dir / "missing.xml").string());
    EXPECT_FALSE(v.ok);
    EXPECT_FALSE(v.errors.empty());
}

TEST(Verify, MissingToolNamesTheDebianPackage) {
    TempDir dir;
    std::string path = write_cib(dir, paper_cib());
    without_tools([&] {
        try {
            verify(path);
            FAIL() << "expected CommandError";
        } catch (const CommandError& e) {
            EXPECT_NE(std::string(e.what()).find("pacemaker-cli-utils"), std::string::npos) << e.what();
        }
    });
}

TEST(CurrentPlacement, ReadsCrmMonXmlOfARunningCluster) {
    TempDir dir;
    auto cluster = file_cluster(write_cib(dir, running_cib()));
    auto now = current_placement(cluster->status_xml());
    EXPECT_EQ(now["app_service-clone"], (Nodes{"node-01", "node-02"}));
}

TEST(CurrentPlacement, ACloneOfAGroupCountsOneInstancePerNode) {
    // The shape crm_mon --output-as=xml gives a cloned group and a plain primitive.
    const std::string xml = R"(<pacemaker-result api-version="2.25" request="crm_mon --output-as=xml">
  <resources>
    <clone id="web-clone" multi_state="false" unique="false" managed="true" disabled="false" failed="false" failure_ignored="false">
      <group id="web:0" number_resources="2" managed="true" disabled="false">
        <resource id="ip" resource_agent="ocf:heartbeat:IPaddr2" role="Started" active="true" orphaned="false" blocked="false" managed="true" failed="false" failure_ignored="false" nodes_running_on="1"><node name="node-02" id="2" cached="true"/></resource>
        <resource id="nginx" resource_agent="systemd:nginx" role="Started" active="true" orphaned="false" blocked="false" managed="true" failed="false" failure_ignored="false" nodes_running_on="1"><node name="node-02" id="2" cached="true"/></resource>
      </group>
      <group id="web:1" number_resources="2" managed="true" disabled="false">
        <resource id="ip" resource_agent="ocf:heartbeat:IPaddr2" role="Stopped" active="false" orphaned="false" blocked="false" managed="true" failed="false" failure_ignored="false" nodes_running_on="0"/>
        <resource id="nginx" resource_agent="systemd:nginx" role="Stopped" active="false" orphaned="false" blocked="false" managed="true" failed="false" failure_ignored="false" nodes_running_on="0"/>
      </group>
    </clone>
    <resource id="db" resource_agent="systemd:db" role="Started" active="true" orphaned="false" blocked="false" managed="true" failed="false" failure_ignored="false" nodes_running_on="1"><node name="node-01" id="1" cached="true"/></resource>
  </resources>
  <status code="0" message="OK"/>
</pacemaker-result>)";
    auto now = current_placement(xml);
    EXPECT_EQ(now["web-clone"], (Nodes{"node-02"}));
    EXPECT_EQ(now["db"], (Nodes{"node-01"}));
    EXPECT_EQ(now.size(), 2u);
}

TEST(CurrentPlacement, GarbageIsAClearError) {
    EXPECT_THROW(current_placement("<not xml"), std::runtime_error);
}

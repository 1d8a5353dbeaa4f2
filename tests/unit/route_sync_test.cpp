// Route sync and node maintenance against a fake router and a fake cluster: which servers serve,
// what a sync changes, when a drain refuses, and the order drain -> standby -> sync.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "runtime/maintenance.hpp"
#include "runtime/route_sync.hpp"
#include "support/test_support.hpp"

namespace aa::runtime {
namespace {

// crm_mon --output-as=xml, cut to what the sync reads: nodes and the clone's instances.
std::string status(const std::vector<std::string>& running, const std::vector<std::string>& failed = {},
                   const std::vector<std::string>& offline = {}) {
    std::string xml = "<pacemaker-result><nodes>";
    for (const char* n : {"node-01", "node-02", "node-03"}) {
        const bool off = std::find(offline.begin(), offline.end(), n) != offline.end();
        xml += std::string("<node name=\"") + n + "\" online=\"" + (off ? "false" : "true") + "\"/>";
    }
    xml += "</nodes><resources><clone id=\"app_service-clone\">";
    for (const std::string& n : running) {
        const bool bad = std::find(failed.begin(), failed.end(), n) != failed.end();
        xml += "<resource id=\"app_service\" role=\"Started\" active=\"true\" failed=\"" + std::string(bad ? "true" : "false") +
               "\"><node name=\"" + n + "\"/></resource>";
    }
    return xml + "</clone></resources></pacemaker-result>";
}

model::Model lab_model() {
    model::Model m;
    m.cluster = "lab";
    m.nodes = {"node-01", "node-02", "node-03"};
    model::Service s;
    s.name = "app_service";
    s.clone = model::Clone{};
    m.services.push_back(s);
    model::Route r;
    r.service = "app_service";
    r.backend = "be_app";
    r.servers = {{"node-01", "app1"}, {"node-02", "app2"}, {"node-03", "app3"}};
    r.drain_ms = 5000;
    r.drain = "5s";
    m.routes.push_back(r);
    return m;
}

// The load balancer: server -> admin state, plus a log of what was asked of it.
struct FakeLb {
    std::map<std::string, std::string> admin{{"app1", "ready"}, {"app2", "ready"}, {"app3", "ready"}};
    std::vector<std::string> log;
    bool sessions_end = true;
};

class FakeRouter : public Router {
public:
    explicit FakeRouter(FakeLb& lb) : lb_(lb) {}
    void check() override {}
    void set_ready(const model::Server& s) override { set(s, "ready"); }
    void set_drain(const model::Server& s) override { set(s, "drain"); }
    bool wait_drained(const model::Server& s, std::chrono::milliseconds) override {
        lb_.log.push_back("wait " + s.name);
        return lb_.sessions_end;
    }
    std::vector<ServerState> states() override {
        std::vector<ServerState> out;
        for (const auto& [server, admin] : lb_.admin) out.push_back({"be_app", server, admin, "running", 0});
        return out;
    }

private:
    void set(const model::Server& s, const std::string& state) {
        lb_.admin[s.name] = state;
        lb_.log.push_back(state + " " + s.name);
    }
    FakeLb& lb_;
};

RouterFactory factory(FakeLb& lb) {
    return [&lb](const model::Route&) { return std::make_unique<FakeRouter>(lb); };
}

TEST(ServingNodes, AreTheNodesWithAnActiveInstanceThatHasNotFailedOnAnOnlineNode) {
    model::Model m = lab_model();
    EXPECT_EQ(serving_nodes(m, status({"node-01", "node-02"}))["app_service"], (std::set<std::string>{"node-01", "node-02"}));
    EXPECT_EQ(serving_nodes(m, status({"node-01", "node-02"}, {"node-02"}))["app_service"], (std::set<std::string>{"node-01"}));
    EXPECT_EQ(serving_nodes(m, status({"node-01", "node-02"}, {}, {"node-01"}))["app_service"], (std::set<std::string>{"node-02"}));
    EXPECT_TRUE(serving_nodes(m, status({}))["app_service"].empty());
    std::string starting = status({"node-01", "node-02"});
    starting.replace(starting.find("role=\"Started\""), 14, "role=\"Starting\"");
    EXPECT_EQ(serving_nodes(m, starting)["app_service"], (std::set<std::string>{"node-02"}));
    EXPECT_THROW(serving_nodes(m, "<not xml"), std::runtime_error);
}

TEST(RouteSync, ReadiesWhereTheCloneRunsDrainsElsewhereAndIsIdempotent) {
    model::Model m = lab_model();
    FakeLb lb;
    lb.admin["app1"] = "drain";
    RouteSyncResult r = sync_routes(m.routes, serving_nodes(m, status({"node-01", "node-02"})), factory(lb));
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.changes.size(), 2u);
    EXPECT_EQ(describe(r.changes[0]), "app_service: be_app/app1 (node-01) drain -> ready");
    EXPECT_EQ(describe(r.changes[1]), "app_service: be_app/app3 (node-03) ready -> drain");
    EXPECT_TRUE(sync_routes(m.routes, serving_nodes(m, status({"node-01", "node-02"})), factory(lb)).changes.empty());
}

TEST(RouteSync, LeavesAServerInMaintenanceAloneWhileItShouldNotServe) {
    model::Model m = lab_model();
    FakeLb lb;
    lb.admin["app3"] = "maint";
    RouteSyncResult r = sync_routes(m.routes, serving_nodes(m, status({"node-01", "node-02"})), factory(lb));
    EXPECT_TRUE(r.changes.empty());
    EXPECT_EQ(lb.admin["app3"], "maint");
}

TEST(RouteSync, ReportsARouterThatFailsPerRouteWithoutThrowing) {
    model::Model m = lab_model();
    RouterFactory broken = [](const model::Route&) -> std::unique_ptr<Router> { throw RouterError("socket gone"); };
    RouteSyncResult r = sync_routes(m.routes, {}, broken);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0], "route app_service: socket gone");
}

TEST(RouteSyncCommand, FailsBeforeChangingAnythingWhenTheHaproxySocketIsMissing) {
    test::TempDir dir;
    test::write_file(dir / "cib.xml",
                     "<cib crm_feature_set=\"3.16.1\" validate-with=\"pacemaker-3.9\" epoch=\"1\" num_updates=\"0\" "
                     "admin_epoch=\"0\"><configuration><crm_config/><nodes/><resources/><constraints/></configuration>"
                     "<status/></cib>\n");
    std::string spec = test::read_file(test::source_dir() / "examples/lab.aa");
    const std::string from = "/tmp/aa-lab/lb/admin.sock";
    spec.replace(spec.find(from), from.size(), (dir / "no-such.sock").string());
    test::write_file(dir / "lab.aa", spec);
    test::CommandResult r = test::run_aa({"route", "sync", (dir / "lab.aa").string(), "--cib", (dir / "cib.xml").string()});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_EQ(r.err, "error: route app_service: cannot connect to the HAProxy runtime API at socket " +
                         (dir / "no-such.sock").string() + ": No such file or directory\n");
    EXPECT_EQ(r.out, "");
}

TEST(DrainServersOn, DrainsOnlyThatNodesServersAndLeavesMaintenanceAlone) {
    model::Model m = lab_model();
    FakeLb lb;
    RouteSyncResult r = drain_servers_on(m.routes, "node-02", factory(lb));
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.changes.size(), 1u);
    EXPECT_EQ(describe(r.changes[0]), "app_service: be_app/app2 (node-02) ready -> drain");
    EXPECT_EQ(lb.admin["app1"], "ready");
    EXPECT_EQ(lb.admin["app3"], "ready");
    lb.admin["app1"] = "maint";
    EXPECT_TRUE(drain_servers_on(m.routes, "node-01", factory(lb)).changes.empty());
    EXPECT_EQ(lb.admin["app1"], "maint");
    EXPECT_TRUE(drain_servers_on(m.routes, "node-09", factory(lb)).changes.empty());
}

// The alert agent on the first sign of trouble: the drain runs at once for that node's servers only.
// The cluster here (CIB_file naming no file) runs nothing, so a route sync would drain every server:
// touching only the lost node's server shows the status was not what decided.
struct AlertAgentFixture {
    test::TempDir dir;
    std::string log = (dir / "router.log").string();
    std::string spec = (dir / "app.aa").string();
    AlertAgentFixture() {
        test::write_file(dir / "app.aa",
                         "cluster lab {\n  nodes node-01 node-02\n  property stonith-enabled = false\n}\n"
                         "service app_service {\n  unit app.service\n  monitor every 10s\n  parallel-safe\n  clone max 2 per-node 1\n}\n"
                         "route app_service {\n  via command drain \"echo drain {server} >> " + log +
                             "\" ready \"echo ready {server} >> " + log + "\"\n  server node-01 app1\n  server node-02 app2\n}\n");
    }
    test::CommandResult agent(std::vector<std::string> env) {
        env.push_back("AA_SPEC=" + spec);
        env.push_back("CIB_file=" + (dir / "no-such-cib.xml").string());
        return test::run_aa({"alert-agent", "--cib", "live"}, {}, env);
    }
    std::string routed() { return std::filesystem::exists(log) ? test::read_file(log) : ""; }
};

TEST(AlertAgentFirstSign, ALostNodeIsDrainedAtOnce) {
    AlertAgentFixture f;
    test::CommandResult r = f.agent({"CRM_alert_kind=node", "CRM_alert_node=node-02", "CRM_alert_desc=lost"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(f.routed(), "drain app2\n");
    EXPECT_NE(r.out.find("node node-02 lost: app_service: app2 (node-02) unknown -> drain"), std::string::npos) << r.out;
}

TEST(AlertAgentFirstSign, AFencedNodeIsDrainedAtOnce) {
    AlertAgentFixture f;
    test::CommandResult r = f.agent({"CRM_alert_kind=fencing", "CRM_alert_node=node-01", "CRM_alert_desc=Operation reboot of node-01 by node-02: OK", "CRM_alert_rc=0"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(f.routed(), "drain app1\n");
}

TEST(AlertAgentFirstSign, AFailedMonitorDrainsThatNodeOnly) {
    AlertAgentFixture f;
    test::CommandResult r = f.agent({"CRM_alert_kind=resource", "CRM_alert_rsc=app_service:1", "CRM_alert_task=monitor",
                                     "CRM_alert_node=node-01", "CRM_alert_rc=7", "CRM_alert_target_rc=0", "CRM_alert_status=0"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(f.routed(), "drain app1\n");
}

TEST(AlertAgentFirstSign, AMemberEventOrAnExpectedResultDoesNotDrain) {
    AlertAgentFixture f;
    EXPECT_EQ(f.agent({"CRM_alert_kind=node", "CRM_alert_node=node-02", "CRM_alert_desc=member"}).exit_code, 0);
    EXPECT_EQ(f.routed(), "");
    // A probe that finds the unit stopped (rc 7 where 7 was expected) is no failure: it takes the
    // route sync path, which follows the cluster's status (nothing runs: both servers drained).
    test::CommandResult probe = f.agent({"CRM_alert_kind=resource", "CRM_alert_rsc=app_service", "CRM_alert_task=monitor",
                                         "CRM_alert_node=node-01", "CRM_alert_rc=7", "CRM_alert_target_rc=7", "CRM_alert_status=0"});
    EXPECT_EQ(probe.exit_code, 0) << probe.out << probe.err;
    EXPECT_EQ(f.routed(), "drain app1\ndrain app2\n");
}

// A cluster whose status follows the standby attribute set through run_tool.
struct FakeCluster : Cluster {
    std::vector<std::string> running{"node-01", "node-02"};
    std::string query() override { return {}; }
    Result patch(const std::string&) override { return {}; }
    std::string status_xml() override { return status(running); }
    std::string describe() const override { return "fake"; }
};

struct Fixture {
    model::Model model = lab_model();
    FakeCluster cluster;
    FakeLb lb;
    std::vector<std::string> tools, progress;
    MaintenanceContext ctx() {
        MaintenanceContext c;
        c.model = &model;
        c.cluster = &cluster;
        c.routers = factory(lb);
        c.progress = [this](const std::string& line) { progress.push_back(line); };
        c.run_tool = [this](const std::vector<std::string>& argv, std::chrono::milliseconds) {
            std::string joined;
            for (const std::string& w : argv) joined += (joined.empty() ? "" : " ") + w;
            tools.push_back(joined);
            lb.log.push_back(argv[0]);
            // Standby on node-01: its instance moves to node-03.
            if (joined == "crm_attribute --node node-01 --name standby --update on") cluster.running = {"node-02", "node-03"};
            Result r;
            r.exit_code = 0;
            return r;
        };
        return c;
    }
};

TEST(Drain, DrainsWaitsForSessionsThenStandbyThenReadiesWhereTheInstanceMoved) {
    Fixture f;
    f.lb.admin["app3"] = "drain";
    MaintenanceReport r = drain_node(f.ctx(), "node-01", {});
    EXPECT_EQ(f.lb.log, (std::vector<std::string>{"drain app1", "wait app1", "crm_attribute", "crm_resource", "ready app3"}));
    EXPECT_EQ(f.tools[0], "crm_attribute --node node-01 --name standby --update on");
    EXPECT_EQ(f.tools[1].rfind("crm_resource --wait", 0), 0u) << f.tools[1];
    EXPECT_TRUE(r.running_on_node.empty());
    EXPECT_EQ(f.lb.admin, (std::map<std::string, std::string>{{"app1", "drain"}, {"app2", "ready"}, {"app3", "ready"}}));
    EXPECT_FALSE(f.progress.empty());
}

TEST(Drain, RefusesToLeaveARouteWithoutAReadyServerAndChangesNothing) {
    Fixture f;
    f.lb.admin["app2"] = "drain";  // node-02 runs an instance, but the operator took it out
    try {
        drain_node(f.ctx(), "node-01", {});
        FAIL() << "the drain went ahead";
    } catch (const MaintenanceError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("refusing to drain node-01"), std::string::npos) << msg;
        EXPECT_NE(msg.find("app2 on node-02 is drain"), std::string::npos) << msg;
        EXPECT_NE(msg.find("app3 on node-03 has no running instance"), std::string::npos) << msg;
        EXPECT_NE(msg.find("--force"), std::string::npos) << msg;
    }
    EXPECT_TRUE(f.lb.log.empty());
    EXPECT_TRUE(f.tools.empty());

    MaintenanceOptions force;
    force.force = true;
    drain_node(f.ctx(), "node-01", force);
    EXPECT_EQ(f.tools[0], "crm_attribute --node node-01 --name standby --update on");
}

TEST(Drain, StopsBeforeTheStandbyWhenSessionsOutlastTheDrainTime) {
    Fixture f;
    f.lb.sessions_end = false;
    EXPECT_THROW(drain_node(f.ctx(), "node-01", {}), MaintenanceError);
    EXPECT_TRUE(f.tools.empty()) << "standby was set although sessions remained";
    EXPECT_EQ(f.lb.admin["app1"], "drain");
}

TEST(Drain, NamesTheClusterNodesForAnUnknownNode) {
    Fixture f;
    try {
        drain_node(f.ctx(), "node-9", {});
        FAIL();
    } catch (const MaintenanceError& e) {
        EXPECT_EQ(std::string(e.what()), "node node-9 is not a node of cluster lab (nodes: node-01, node-02, node-03)");
    }
}

TEST(Undrain, SetsStandbyOffWaitsAndSyncs) {
    Fixture f;
    f.cluster.running = {"node-02", "node-03"};
    f.lb.admin["app1"] = "drain";
    undrain_node(f.ctx(), "node-01", {});
    EXPECT_EQ(f.tools[0], "crm_attribute --node node-01 --name standby --update off");
    EXPECT_EQ(f.lb.admin["app1"], "drain");  // no instance came back there: stickiness kept it away
    EXPECT_EQ(f.lb.admin["app3"], "ready");
}

}  // namespace
}  // namespace aa::runtime

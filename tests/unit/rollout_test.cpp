// `aa rollout` against test doubles: a fake router and FakePacemaker, a double (named as such) that
// answers crm_mon and cibadmin the way the cluster does for the rollout's constraints: a -INFINITY
// location for a node stops the instance there, removing it starts the instance again with new
// call-ids. The live proof (real Pacemaker, HAProxy, requests) is in tests/e2e/live_cluster_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "runtime/rollout.hpp"

namespace aa::runtime {
namespace {

using namespace std::chrono_literals;

// The cluster as far as the rollout sees it. Every step appends to `log` (shared with the router),
// so tests can read the order of drain, stop, start and ready.
struct FakePacemaker {
    std::vector<std::string> nodes{"node-01", "node-02", "node-03"};
    std::set<std::string> running{"node-01", "node-02"};
    std::set<std::string> constraints;  // ids
    std::map<std::string, long long> call{{"node-01", 10}, {"node-02", 10}, {"node-03", 4}};
    std::map<std::string, long long> start_call{{"node-01", 9}, {"node-02", 9}};
    std::map<std::string, long long> stop_call;  // Pacemaker keeps one "last" op: the later of the two
    std::map<std::string, long long> monitor_call{{"node-01", 10}, {"node-02", 10}};
    std::set<std::string> start_fails;  // nodes whose next start fails
    std::set<std::string> failed;       // nodes with a failed instance
    std::vector<std::string>* log = nullptr;
    int polls_until_started = 1;        // status polls between the constraint's removal and the monitor
    std::map<std::string, int> pending;

    bool banned(const std::string& node) const {
        for (const std::string& id : constraints)
            if (id.size() > node.size() && id.compare(id.size() - node.size(), node.size(), node) == 0) return true;
        return false;
    }
    // What Pacemaker would do now: stop where banned, start pending instances after some polls.
    void settle() {
        for (auto it = running.begin(); it != running.end();) {
            if (banned(*it)) {
                stop_call[*it] = ++call[*it];
                log->push_back("pacemaker stops " + *it);
                pending[*it] = polls_until_started;
                it = running.erase(it);
            } else {
                ++it;
            }
        }
        for (auto it = pending.begin(); it != pending.end();) {
            const std::string n = it->first;
            if (banned(n) || it->second-- > 0) {
                ++it;
                continue;
            }
            it = pending.erase(it);
            call[n] += 1;
            if (start_fails.count(n)) {
                failed.insert(n);
                running.insert(n);
                log->push_back("pacemaker start fails on " + n);
                continue;
            }
            start_call[n] = call[n];
            monitor_call[n] = ++call[n];
            running.insert(n);
            log->push_back("pacemaker starts " + n);
        }
    }
    std::string crm_mon() {
        settle();
        std::string xml = "<pacemaker-result><nodes>";
        for (const std::string& n : nodes) xml += "<node name=\"" + n + "\" online=\"true\"/>";
        xml += "</nodes><resources><clone id=\"app_service-clone\">";
        for (const std::string& n : running)
            xml += "<resource id=\"app_service\" role=\"Started\" active=\"true\" failed=\"" +
                   std::string(failed.count(n) ? "true" : "false") + "\"><node name=\"" + n + "\"/></resource>";
        return xml + "</clone></resources></pacemaker-result>";
    }
    std::string cib() {
        settle();
        std::string xml = "<cib><configuration/><status>";
        for (const std::string& n : nodes) {
            xml += "<node_state uname=\"" + n + "\"><lrm><lrm_resources><lrm_resource id=\"app_service\">";
            const bool stopped_last = stop_call.count(n) && (!start_call.count(n) || stop_call[n] > start_call[n]);
            if (stopped_last)
                xml += "<lrm_rsc_op id=\"app_service_last_0\" operation=\"stop\" call-id=\"" + std::to_string(stop_call[n]) +
                       "\" rc-code=\"0\" op-status=\"0\" interval=\"0\"/>";
            else if (start_call.count(n))
                xml += "<lrm_rsc_op id=\"app_service_last_0\" operation=\"start\" call-id=\"" + std::to_string(start_call[n]) +
                       "\" rc-code=\"0\" op-status=\"0\" interval=\"0\"/>";
            if (monitor_call.count(n))
                xml += "<lrm_rsc_op id=\"app_service_monitor_10000\" operation=\"monitor\" call-id=\"" +
                       std::to_string(monitor_call[n]) + "\" rc-code=\"0\" op-status=\"0\" interval=\"10000\"/>";
            if (failed.count(n))
                xml += "<lrm_rsc_op id=\"app_service_last_failure_0\" operation=\"start\" call-id=\"" + std::to_string(call[n]) +
                       "\" rc-code=\"1\" op-status=\"0\" interval=\"0\"/>";
            xml += "<lrm_rsc_op id=\"app_service_probe\" operation=\"monitor\" call-id=\"" + std::to_string(call[n]) +
                   "\" rc-code=\"7\" op-status=\"0\" interval=\"0\"/>";
            xml += "</lrm_resource></lrm_resources></lrm></node_state>";
        }
        return xml + "</status></cib>";
    }
    // cibadmin --create / --delete of a rsc_location, as the rollout sends them.
    Result run(const std::vector<std::string>& argv) {
        Result r;
        r.argv = argv;
        r.exit_code = 0;
        if (argv.size() == 6 && argv[0] == "cibadmin") {
            const std::string& xml = argv[5];
            const auto b = xml.find("id=\"") + 4;
            const std::string id = xml.substr(b, xml.find('"', b) - b);
            if (argv[1] == "--create") constraints.insert(id), log->push_back("constraint + " + id);
            if (argv[1] == "--delete") constraints.erase(id), log->push_back("constraint - " + id);
            return r;
        }
        r.exit_code = 1;
        r.err = "unexpected command";
        return r;
    }
};

struct FakeCluster : Cluster {
    FakePacemaker* pm;
    std::string query() override { return pm->cib(); }
    Result patch(const std::string&) override { return {}; }
    std::string status_xml() override { return pm->crm_mon(); }
    std::string describe() const override { return "fake"; }
};

struct FakeRouter : Router {
    std::map<std::string, std::string>* admin;
    std::vector<std::string>* log;
    void check() override {}
    void set_ready(const model::Server& s) override { (*admin)[s.name] = "ready", log->push_back("ready " + s.name); }
    void set_drain(const model::Server& s) override { (*admin)[s.name] = "drain", log->push_back("drain " + s.name); }
    bool wait_drained(const model::Server& s, std::chrono::milliseconds) override {
        log->push_back("sessions " + s.name);
        return true;
    }
    std::vector<ServerState> states() override {
        std::vector<ServerState> out;
        for (const auto& [server, a] : *admin) out.push_back({"be_app", server, a, "running", 0});
        return out;
    }
};

model::Model lab_model() {
    model::Model m;
    m.cluster = "lab";
    m.nodes = {"node-01", "node-02", "node-03"};
    model::Service s;
    s.name = "app_service";
    s.clone = model::Clone{};
    model::Op mon;
    mon.name = "monitor";
    mon.interval = "10s";
    s.ops.push_back(mon);
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

struct Fixture {
    model::Model model = lab_model();
    std::vector<std::string> log, lines;
    FakePacemaker pm;
    FakeCluster cluster;
    std::map<std::string, std::string> admin{{"app1", "ready"}, {"app2", "ready"}, {"app3", "drain"}};
    MaintenanceContext ctx;
    RolloutOptions opts;

    Fixture() {
        pm.log = &log;
        cluster.pm = &pm;
        ctx.model = &model;
        ctx.cluster = &cluster;
        ctx.run_tool = [this](const std::vector<std::string>& argv, std::chrono::milliseconds) { return pm.run(argv); };
        ctx.routers = [this](const model::Route&) {
            auto r = std::make_unique<FakeRouter>();
            r->admin = &admin;
            r->log = &log;
            return std::unique_ptr<Router>(std::move(r));
        };
        ctx.progress = [this](const std::string& l) { lines.push_back(l); };
        opts.poll = 1ms;
        opts.wait = 2s;
    }
    RolloutReport go() {
        Journal journal;
        return run_rollout(ctx, plan_rollout(ctx, "app_service", opts), opts, journal);
    }
    std::size_t at(const std::string& entry) const {
        auto it = std::find(log.begin(), log.end(), entry);
        EXPECT_NE(it, log.end()) << entry << " never happened";
        return static_cast<std::size_t>(it - log.begin());
    }
};

TEST(Rollout, RestartsEachInstanceInPlaceDrainedFirstAndReadiedOnlyAfterItsMonitorPassed) {
    Fixture f;
    const long long before1 = f.pm.start_call["node-01"], before2 = f.pm.start_call["node-02"];
    RolloutReport r = f.go();
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.restarted, (std::vector<std::string>{"node-01", "node-02"}));
    EXPECT_GT(f.pm.start_call["node-01"], before1);
    EXPECT_GT(f.pm.start_call["node-02"], before2);
    // One node at a time: node-01 is back and ready before node-02 is drained.
    EXPECT_LT(f.at("drain app1"), f.at("pacemaker stops node-01"));
    EXPECT_LT(f.at("pacemaker starts node-01"), f.at("ready app1"));
    EXPECT_LT(f.at("ready app1"), f.at("drain app2"));
    EXPECT_LT(f.at("drain app2"), f.at("pacemaker stops node-02"));
    EXPECT_LT(f.at("pacemaker starts node-02"), f.at("ready app2"));
    // The free node was held the whole time, so no instance went there, and its server stayed drained.
    EXPECT_LT(f.at("constraint + aa-rollout-hold-app_service-clone-node-03"), f.at("pacemaker stops node-01"));
    EXPECT_GT(f.at("constraint - aa-rollout-hold-app_service-clone-node-03"), f.at("ready app2"));
    for (const std::string& e : f.log) EXPECT_NE(e, "pacemaker starts node-03");
    EXPECT_EQ(f.admin["app3"], "drain");
    EXPECT_TRUE(f.pm.constraints.empty()) << "the rollout left constraints behind";
    EXPECT_EQ(f.pm.running, (std::set<std::string>{"node-01", "node-02"}));
}

TEST(Rollout, StopsAtTheFirstFailureLeavingThatNodeDrainedTheOthersServingAndNoConstraint) {
    Fixture f;
    f.pm.start_fails = {"node-01"};
    RolloutReport r = f.go();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.failed_batch, std::vector<std::string>{"node-01"});
    EXPECT_TRUE(r.restarted.empty());
    EXPECT_NE(r.error.find("failed"), std::string::npos) << r.error;
    EXPECT_EQ(r.left_drained, std::vector<std::string>{"be_app/app1 (node-01)"});
    EXPECT_EQ(f.admin["app1"], "drain");
    EXPECT_EQ(f.admin["app2"], "ready");
    for (const std::string& e : f.log) EXPECT_NE(e, "drain app2") << "went on past the failure";
    EXPECT_TRUE(f.pm.constraints.empty());
    EXPECT_TRUE(r.constraints_left.empty());
}

TEST(Rollout, AStartThatNeverComesTimesOutAndSaysWhich) {
    Fixture f;
    f.pm.polls_until_started = 1000000;
    f.opts.wait = 50ms;
    RolloutReport r = f.go();
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("node-01 was not started with a passing monitor"), std::string::npos) << r.error;
    EXPECT_EQ(f.admin["app1"], "drain");
    EXPECT_TRUE(f.pm.constraints.empty());
}

TEST(Rollout, RefusesBeforeChangingAnythingWhenABatchWouldTakeEveryInstance) {
    Fixture f;
    f.opts.batch = 2;
    try {
        plan_rollout(f.ctx, "app_service", f.opts);
        FAIL() << "no refusal";
    } catch (const MaintenanceError& e) {
        EXPECT_NE(std::string(e.what()).find("--batch 2 would restart all 2 instances"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(f.log.empty());
}

TEST(Rollout, RefusesAnUnhealthyInstanceAndAnUnknownOrUnclonedService) {
    Fixture f;
    f.pm.failed = {"node-02"};
    EXPECT_THROW(plan_rollout(f.ctx, "app_service", f.opts), MaintenanceError);
    f.pm.failed.clear();
    EXPECT_THROW(plan_rollout(f.ctx, "nope", f.opts), MaintenanceError);
    f.model.services[0].clone.reset();
    EXPECT_THROW(plan_rollout(f.ctx, "app_service", f.opts), MaintenanceError);
    EXPECT_TRUE(f.log.empty());
}

TEST(Rollout, ABatchWhoseRouteWouldHaveNoReadyServerElsewhereStopsBeforeDrainingIt) {
    Fixture f;
    f.admin["app2"] = "maint";  // the operator's maintenance: only app1 serves
    RolloutReport r = f.go();
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("would have no ready server"), std::string::npos) << r.error;
    for (const std::string& e : f.log) EXPECT_NE(e, "drain app1");
    EXPECT_EQ(f.admin["app1"], "ready");
    EXPECT_EQ(f.admin["app2"], "maint");
    EXPECT_TRUE(f.pm.constraints.empty());
}

TEST(Rollout, BatchesOfTwoOnFourNodesAndTheFreeNodesHeld) {
    Fixture f;
    f.pm.nodes = {"node-01", "node-02", "node-03", "node-04", "node-05"};
    f.pm.running = {"node-01", "node-02", "node-03", "node-04"};
    for (const char* n : {"node-03", "node-04"}) f.pm.start_call[n] = 9, f.pm.monitor_call[n] = 10, f.pm.call[n] = 10;
    f.opts.batch = 2;
    RolloutPlan p = plan_rollout(f.ctx, "app_service", f.opts);
    EXPECT_EQ(p.batches, (std::vector<std::vector<std::string>>{{"node-01", "node-02"}, {"node-03", "node-04"}}));
    EXPECT_EQ(p.held, std::vector<std::string>{"node-05"});
    EXPECT_NE(describe(p).find("held off node-05"), std::string::npos) << describe(p);
}

TEST(Rollout, InstanceHistoryReadsStartsMonitorsAndFailuresFromTheStatus) {
    const std::string cib = R"(<cib><status><node_state uname="n1"><lrm><lrm_resources>
      <lrm_resource id="app_service">
        <lrm_rsc_op operation="start" call-id="12" rc-code="0" op-status="0" interval="0"/>
        <lrm_rsc_op operation="monitor" call-id="7" rc-code="0" op-status="0" interval="10000"/>
      </lrm_resource>
      <lrm_resource id="other"><lrm_rsc_op operation="start" call-id="40" rc-code="0" op-status="0" interval="0"/></lrm_resource>
    </lrm_resources></lrm></node_state></status></cib>)";
    InstanceHistory h = instance_history(cib, "app_service", "n1");
    EXPECT_EQ(h.last_call, 12);
    EXPECT_EQ(h.started_call, 12);
    EXPECT_FALSE(h.monitored) << "the monitor ran before this start";
    EXPECT_TRUE(h.failure.empty());
    EXPECT_EQ(instance_history(cib, "app_service", "n2").last_call, -1);
}

TEST(Rollout, ConstraintXmlEscapesWhatItIsGiven) {
    EXPECT_EQ(rollout_constraint_id("hold", "a-clone", "n<1>"), "aa-rollout-hold-a-clone-n_1_");
    EXPECT_EQ(rollout_constraint_xml("stop", "a\"b", "n&1"),
              "<rsc_location id=\"aa-rollout-stop-a_b-n_1\" rsc=\"a&quot;b\" node=\"n&amp;1\" score=\"-INFINITY\"/>");
}

}  // namespace
}  // namespace aa::runtime

// Day 2: `aa plan` and `aa apply` on file CIBs whose status says the services run (made with
// crm_simulate -S -O, as Pacemaker's regression suite makes its inputs). Host steps go to the
// fake node (tests/doubles/fake-node, a TEST DOUBLE); the CIB side is the real Pacemaker tools.
#include <gtest/gtest.h>

#include <thread>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <regex>
#include <sstream>

#include "compiler/plan/plan_file.hpp"
#include "support/test_support.hpp"

using namespace aa::test;

namespace {

const char* kHead = R"(cluster prod {
  nodes node-01 node-02 node-03
  property stonith-enabled = true
}

defaults {
  resource resource-stickiness = 1
  op timeout = 20s
}
)";

std::string app(const std::string& name, const std::string& unit, int max) {
    return "\nservice " + name + " {\n  unit " + unit + "\n  monitor every 30s\n  parallel-safe\n  clone max " +
           std::to_string(max) + " per-node 1\n}\n";
}

std::string route(const std::string& service) {
    return "\nroute " + service + " {\n  via command drain \"true\" ready \"true\"\n"
           "  server node-01 app1\n  server node-02 app2\n  server node-03 app3\n}\n";
}

std::string dummy(const std::string& name, const std::string& state, int max) {
    return "\nservice " + name + " {\n  agent ocf:pacemaker:Dummy\n  param state = \"" + state +
           "\"\n  monitor every 30s\n  parallel-safe\n  clone max " + std::to_string(max) + " per-node 1\n}\n";
}

// A command route whose drain and ready differ, so a fake node can fail or hang one of them.
const std::string kEchoRoute = "\nroute app_service {\n  via command drain \"echo drain\" ready \"echo ready\"\n"
                               "  server node-01 app1\n  server node-02 app2\n  server node-03 app3\n}\n";

const std::string kOther = "\nservice other {\n  unit other.service\n  monitor every 30s\n}\n";

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

class Day2 : public ::testing::Test {
protected:
    TempDir dir;
    std::string cib = (dir / "cib.xml").string();
    std::string state = (dir / "nodes").string();

    std::string path(const std::string& name) const { return (dir / name).string(); }

    std::string spec(const std::string& name, const std::string& text) {
        write_file(path(name), text);
        return path(name);
    }

    void run_ok(const std::vector<std::string>& argv) {
        CommandResult r = run_command(argv, {}, {"CIB_shadow_dir=" + dir.path().string(), "CIB_file=" + cib});
        ASSERT_EQ(r.exit_code, 0) << argv[0] << ": " << r.err;
    }

    // The cluster after `spec_text` was applied and every instance started: a running cluster.
    void running(const std::string& spec_text) {
        std::string s = spec("base.aa", spec_text);
        CommandResult empty = run_aa({"debug", "default-cib", s});
        ASSERT_EQ(empty.exit_code, 0) << empty.err;
        write_file(path("empty.xml"), empty.out);
        CommandResult desired = run_aa({"debug", "desired", s, "--cib", path("empty.xml")});
        ASSERT_EQ(desired.exit_code, 0) << desired.err;
        write_file(path("paper.xml"), desired.out);
        execute_transition(path("paper.xml"));
    }

    // What the cluster does with the CIB as it is: run the transition, write back the status.
    void execute_transition(const std::string& from, const std::vector<std::string>& extra = {}) {
        std::vector<std::string> argv = {"crm_simulate", "-x", from, "-S", "-O", path("next.xml"), "-q", "true"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        run_ok(argv);
        write_file(cib, read_file(path("next.xml")));
    }

    void units(const std::string& unit) {
        for (const char* n : {"node-01", "node-02", "node-03"}) {
            std::filesystem::create_directories(state + "/" + n + "/units");
            write_file(state + "/" + n + "/units/" + unit, "enabled active\n");
        }
        write_file(state + "/cib_file", cib + "\n");
    }

    std::string host_exec() const { return source_dir().string() + "/tests/doubles/fake-node " + state + " {node}"; }
    std::string log() const { return std::filesystem::exists(state + "/log") ? read_file(state + "/log") : ""; }

    CommandResult plan(const std::string& s, std::vector<std::string> extra = {}) {
        std::vector<std::string> argv = {"plan", s, "--cib", cib, "--no-tests"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return run_aa(argv);
    }

    // A routed Dummy clone running on node-02 and node-03, and a parameter change of it planned to
    // p.aaplan: a change that rolls.
    void plan_a_roll(const std::string& routed) {
        running(kHead + dummy("app_service", "/run/app-1.state", 2) + routed);
        ASSERT_EQ(plan(spec("next.aa", kHead + dummy("app_service", "/run/app-2.state", 2) + routed), {"--out", path("p.aaplan")})
                      .exit_code, 2);
        units("none.service");  // the fake nodes' state directory; Dummy has no unit
    }

    // The node's transient maintenance attribute (a hold) is set in the CIB file.
    bool held(const std::string& node) const {
        return has(run_command({"crm_attribute", "--node", node, "--name", "maintenance", "--query", "--lifetime", "reboot"},
                               {}, {"CIB_file=" + cib}).out, "value=true");
    }

    CommandResult apply(std::vector<std::string> extra = {}) {
        std::vector<std::string> argv = {"apply", path("p.aaplan"), "--cib", cib, "--yes", "--host-exec", host_exec(),
                                         "--journal", path("journal")};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return run_aa(argv);
    }
};

TEST_F(Day2, RemovingARunningCloneShowsItsStopsAppliesAndReplansClean) {
    running(kHead + app("app_service", "app.service", 2));
    std::string s = spec("next.aa", kHead + kOther);
    CommandResult r = plan(s, {"--out", path("p.aaplan")});
    ASSERT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(has(r.out, "stop app_service on node-02")) << r.out;
    EXPECT_TRUE(has(r.out, "stop app_service on node-03")) << r.out;
    EXPECT_TRUE(has(r.out, "running resources: 2 to stop, 1 to start")) << r.out;
    units("other.service");
    CommandResult a = apply();
    ASSERT_EQ(a.exit_code, 0) << a.out << a.err;
    // The removed unit is left to Pacemaker (it stops it); aa neither enables nor touches it.
    EXPECT_FALSE(has(log(), "app.service")) << log();
    execute_transition(cib);
    CommandResult again = plan(s);
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
    EXPECT_TRUE(has(again.out, "No changes.")) << again.out;
}

TEST_F(Day2, RenamingARoutedCloneIsAnOutageUntilAccepted) {
    running(kHead + app("app_service", "app.service", 2) + route("app_service"));
    std::string s = spec("next.aa", kHead + app("web_app", "app.service", 2) + route("web_app"));
    CommandResult r = plan(s, {"--out", path("p.aaplan")});
    ASSERT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(has(r.out, "stop app_service on node-02")) << r.out;
    EXPECT_TRUE(has(r.out, "start web_app:")) << r.out;
    EXPECT_TRUE(has(r.out, "Outage:")) << r.out;
    EXPECT_TRUE(has(r.out, "route web_app of web_app would have no server while the change runs")) << r.out;
    EXPECT_TRUE(has(r.out, "drain   node-02: server app2 of web_app")) << r.out;
    units("app.service");
    std::string before = read_file(cib);
    CommandResult refused = apply();
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_TRUE(has(refused.err, "error[E081]: the plan empties a route while it runs")) << refused.err;
    EXPECT_EQ(read_file(cib), before);
    EXPECT_EQ(log(), "");
    CommandResult accepted = apply({"--accept-outage"});
    EXPECT_EQ(accepted.exit_code, 0) << accepted.out << accepted.err;
}

// Issue 16: a definition change that restarts every serving instance of a routed clone rolls.
// The serving nodes are held (node maintenance until reboot) through the commit, then released
// one at a time, each drained before and readied after: the route never empties, so no outage.
TEST_F(Day2, AParameterChangeRestartingEveryServingInstanceRollsNodeByNodeInsteadOfEmptyingTheRoute) {
    running(kHead + dummy("app_service", "/run/app-1.state", 2) + route("app_service"));
    const std::string next = kHead + dummy("app_service", "/run/app-2.state", 2) + route("app_service");
    CommandResult r = plan(spec("next.aa", next), {"--out", path("p.aaplan")});
    ASSERT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(has(r.out, "restart app_service:0 on node-02")) << r.out;
    EXPECT_TRUE(has(r.out, "restart app_service:1 on node-03")) << r.out;
    EXPECT_TRUE(has(r.out, "running resources: 2 to restart.")) << r.out;
    EXPECT_FALSE(has(r.out, "Outage:")) << r.out;
    // In this order: both holds, the commit, the free node pinned, node-02's turn, node-03's.
    std::size_t at = 0;
    for (const char* step : {"hold    node-02", "hold    node-03", "commit  the CIB patch",
                             "pin     app_service: kept off node-01 while it rolls", "drain   node-02: server app2",
                             "release node-02: Pacemaker restarts app_service", "ready   node-02: server app2",
                             "drain   node-03: server app3", "release node-03", "ready   node-03: server app3",
                             "unpin   app_service: may run on node-01 again", "wait    until"}) {
        std::size_t found = r.out.find(step, at);
        ASSERT_NE(found, std::string::npos) << step << " (in order)\n" << r.out;
        at = found;
    }
    units("none.service");  // the fake nodes' state directory; Dummy has no unit
    CommandResult a = apply();
    ASSERT_EQ(a.exit_code, 0) << a.out << a.err;
    // The holds and the pin were in the CIB and are gone again; the journal has both.
    const std::string journal = read_file(path("journal"));
    EXPECT_TRUE(has(journal, "\"hold\":\"maintenance\"")) << journal;
    EXPECT_TRUE(has(journal, "\"constraint\":\"aa-roll-app_service-off-node-01\"")) << journal;
    EXPECT_FALSE(has(read_file(cib), "name=\"maintenance\"")) << "a hold was left in the CIB";
    EXPECT_FALSE(has(read_file(cib), "aa-roll-")) << "a pin was left in the CIB";
    execute_transition(cib);
    CommandResult again = plan(spec("next.aa", next));
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
}

// A new unit is a new agent: Pacemaker probes it on every node, held ones too, and forgets the old
// instance there, so a release would start the new unit beside the old one. Not rolled: an outage.
TEST_F(Day2, AUnitChangeOfARoutedCloneCannotRollAndIsAnOutage) {
    running(kHead + app("app_service", "app.service", 2) + route("app_service"));
    CommandResult r = plan(spec("next.aa", kHead + app("app_service", "app2.service", 2) + route("app_service")));
    ASSERT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(has(r.out, "restart app_service:0 on node-02")) << r.out;
    EXPECT_TRUE(has(r.out, "Outage:")) << r.out;
    EXPECT_FALSE(has(r.out, "hold    node-02")) << r.out;
}

// A failure after the commit stops the roll: the failed node stays drained and held (serving
// nothing, running the old definition), the pin goes, and the report says how to release it.
TEST_F(Day2, ARollThatFailsAfterTheCommitLeavesTheRestHeldRemovesThePinAndSaysHowToRelease) {
    plan_a_roll(kEchoRoute);
    write_file(state + "/node-03/fail", "sh -c echo drain");
    CommandResult a = apply();
    EXPECT_EQ(a.exit_code, 1) << a.out << a.err;
    EXPECT_TRUE(has(a.err, "FAILED after the commit, at `drain   node-03")) << a.err;
    EXPECT_TRUE(has(a.err, "still held (node attribute maintenance=true until reboot): node-03.")) << a.err;
    EXPECT_TRUE(has(a.err, "crm_attribute --node NODE --name maintenance --delete --lifetime reboot")) << a.err;
    EXPECT_FALSE(has(read_file(cib), "aa-roll-")) << "the pin was left after the failure";
    EXPECT_FALSE(held("node-02")) << "node-02 was released before the failure";
    EXPECT_TRUE(held("node-03"));
}

// A rolling apply killed in its second turn (node-03's drain hangs) leaves node-03 held and the
// pin in place; `aa recover` finishes: the pin goes, the hold is released, routing is synced.
TEST_F(Day2, AKilledRollIsFinishedByRecoverWhichRemovesThePinAndReleasesTheHold) {
    plan_a_roll(kEchoRoute);
    write_file(state + "/node-03/hang", "sh -c echo drain");
    std::thread applier([&] { apply({"--step-timeout", "600s"}); });
    auto drain_of_node_03_runs = [&] {
        std::istringstream in(log());
        for (std::string line; std::getline(in, line);)
            if (line.rfind("node-03 ", 0) == 0 && has(line, "sh -c echo drain")) return true;
        return false;
    };
    bool hanging = false;
    for (int i = 0; i < 300 && !hanging; ++i) {
        hanging = drain_of_node_03_runs();
        if (!hanging) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    run_command({"pkill", "-KILL", "-f", path("p.aaplan")});
    applier.join();
    ASSERT_TRUE(hanging) << log();
    ASSERT_TRUE(has(read_file(cib), "aa-roll-app_service-off-node-01")) << "the pin should be in place at the kill";
    std::filesystem::remove(state + "/node-03/hang");
    CommandResult r = run_aa({"recover", path("journal"), "--yes"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(has(r.out, "removed constraint aa-roll-app_service-off-node-01")) << r.out;
    EXPECT_TRUE(has(r.out, "released node-03")) << r.out;
    EXPECT_FALSE(has(read_file(cib), "aa-roll-"));
    EXPECT_FALSE(has(read_file(cib), "name=\"maintenance\"")) << "a hold is left after recover";
}

// A node in maintenance by the operator's hand is theirs: the rolling apply refuses to hold it
// (it would end that maintenance on release), and what ran before is undone.
TEST_F(Day2, ARollingChangeRefusesANodeTheOperatorPutInMaintenanceAndUndoesItsOtherHolds) {
    plan_a_roll(route("app_service"));
    run_ok({"crm_attribute", "--node", "node-03", "--name", "maintenance", "--update", "true", "--lifetime", "reboot"});
    CommandResult a = apply();
    EXPECT_EQ(a.exit_code, 1) << a.out << a.err;
    EXPECT_TRUE(has(a.err, "node node-03 is in maintenance already (a node attribute until reboot)")) << a.err;
    EXPECT_TRUE(has(a.err, "release the hold on node-02")) << a.err;
    // node-02's hold was set and deleted again; node-03's own maintenance stays.
    CommandResult q2 = run_command({"crm_attribute", "--node", "node-02", "--name", "maintenance", "--query", "--lifetime", "reboot"},
                                   {}, {"CIB_file=" + cib});
    EXPECT_NE(q2.exit_code, 0) << "node-02's hold is still there: " << q2.out;
    EXPECT_TRUE(held("node-03"));
}

TEST_F(Day2, AnUnrelatedChangeOnADegradedClusterPlansAndApplies) {
    running(kHead + app("app_service", "app.service", 3));
    execute_transition(cib, {"-d", "node-03"});
    std::string s = spec("next.aa", kHead + app("app_service", "app.service", 3) + kOther);
    CommandResult r = plan(s, {"--out", path("p.aaplan")});
    ASSERT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(has(r.out, "Already in the cluster (not caused by this plan):")) << r.out;
    EXPECT_TRUE(has(r.out, "app_service-clone: only 2 of 3 instances can run")) << r.out;
    EXPECT_TRUE(has(r.out, "warning[W021]: node node-03 is down")) << r.out;
    EXPECT_FALSE(has(r.out, "node-03: other.service")) << r.out;
    units("other.service");
    CommandResult a = apply();
    EXPECT_EQ(a.exit_code, 0) << a.out << a.err;
    EXPECT_FALSE(has(log(), "node-03")) << log();
}

TEST_F(Day2, AChangeThatLosesAnInstanceIsRefusedUnlessAccepted) {
    running(kHead + app("app_service", "app.service", 2));
    execute_transition(cib, {"-d", "node-03"});
    std::string s = spec("next.aa", kHead + app("app_service", "app.service", 3));
    CommandResult r = plan(s);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(has(r.err, "error[E080]: the change adds problems the cluster does not have now")) << r.err;
    CommandResult accepted = plan(s, {"--accept-new-problems"});
    EXPECT_EQ(accepted.exit_code, 2) << accepted.err;
    EXPECT_TRUE(has(accepted.out.substr(0, accepted.out.find("CIB changes")), "ACCEPTED (--accept-new-problems)")) << accepted.out;
}

TEST_F(Day2, AForeignBanAndADuplicateOpOfTheBaseAreShownNotBlamed) {
    running(kHead + app("app_service", "app.service", 3));
    run_ok({"crm_resource", "--ban", "--resource", "app_service-clone", "--node", "node-02", "--force"});
    std::string text = read_file(cib);
    std::string legacy = R"(<primitive id="legacy" class="ocf" provider="pacemaker" type="Dummy"><operations>)"
                         R"(<op name="monitor" interval="40s" id="legacy-m1"/><op name="monitor" interval="P40S" id="legacy-m2"/>)"
                         R"(</operations></primitive></resources>)";
    text.replace(text.find("</resources>"), 12, legacy);
    write_file(cib, text);
    CommandResult r = plan(spec("next.aa", kHead + app("app_service", "app.service", 3) + kOther));
    ASSERT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(has(r.out, "crm_verify: error: Operation legacy-m2 is duplicate of legacy-m1")) << r.out;
    EXPECT_TRUE(has(r.out, "app_service-clone: only 2 of 3 instances can run")) << r.out;
}

TEST_F(Day2, ASpecForOtherNodesOrAnotherClusterIsRefused) {
    running(kHead + app("app_service", "app.service", 2));
    std::string text = kHead + app("app_service", "app.service", 2);
    std::string other_nodes = std::regex_replace(text, std::regex("nodes node-01 node-02 node-03"), "nodes web-a node-01 node-02 node-03");
    CommandResult r = plan(spec("nodes.aa", other_nodes));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(has(r.err, "error[E082]: node web-a of the spec is not a node of")) << r.err;
    std::string fewer = std::regex_replace(text, std::regex("nodes node-01 node-02 node-03"), "nodes node-01 node-02");
    CommandResult w = plan(spec("fewer.aa", fewer));
    EXPECT_TRUE(has(w.out, "warning[W020]: node node-03 of")) << w.out << w.err;
    run_ok({"crm_attribute", "--type", "crm_config", "--name", "cluster-name", "--update", "staging"});
    CommandResult n = plan(spec("same.aa", text));
    EXPECT_EQ(n.exit_code, 1);
    EXPECT_TRUE(has(n.err, "error[E083]: the spec is for cluster `prod`, but")) << n.err;
}

TEST_F(Day2, AnAdoptOnlyPlanSaysSoInItsHeadingCountsAndExitStatus) {
    running(kHead + app("app_service", "app.service", 2));
    std::string text = read_file(cib);
    std::size_t tags = text.find("<tags>"), end = text.find("</tags>");
    ASSERT_NE(tags, std::string::npos);
    write_file(cib, text.erase(tags, end + 7 - tags));  // as if pcs had built it: nothing is aa's
    CommandResult r = plan(spec("same.aa", kHead + app("app_service", "app.service", 2)), {"--adopt", "--format", "markdown"});
    ASSERT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(has(r.out, "### aa plan: 4 to adopt, 0 to create, 0 to change, 0 to destroy\n")) << r.out;
    EXPECT_FALSE(has(r.out, "Plan: Plan:")) << r.out;
    EXPECT_TRUE(has(r.out, "**Adopted**")) << r.out;
}

TEST_F(Day2, MarkdownAndJsonCarryTheWholePlan) {
    running(kHead + app("app_service", "app.service", 2));
    std::string s = spec("next.aa", kHead + app("web", "web.service", 2));
    CommandResult md = plan(s, {"--format", "markdown"});
    ASSERT_EQ(md.exit_code, 2) << md.err;
    write_file(path("plan.md"), md.out);
    CommandResult html = run_command({"cmark-gfm", "--extension", "table", path("plan.md")});
    ASSERT_EQ(html.exit_code, 0) << html.err;
    EXPECT_TRUE(has(html.out, "<table>")) << html.out;
    EXPECT_TRUE(has(html.out, "clone-max")) << html.out;  // the created clone's contents
    EXPECT_TRUE(has(html.out, "stop app_service on node-02")) << html.out;
    // The tag line is a paragraph of its own, not glued to the next heading.
    EXPECT_TRUE(std::regex_search(html.out, std::regex("<p>~ aa-managed tag: now owns[^<]*</p>"))) << html.out;
    CommandResult js = plan(s, {"--format", "json"});
    ASSERT_EQ(js.exit_code, 2) << js.err;
    nlohmann::json j = nlohmann::json::parse(js.out);
    bool stop_seen = false;
    for (const auto& c : j["transition"]) stop_seen = stop_seen || (c["action"] == "stop" && c["node"] == "node-02");
    EXPECT_TRUE(stop_seen) << js.out;
    bool contents_seen = false;
    for (const auto& c : j["changes"])
        if (c["operation"] == "create" && c["element"] == "clone") contents_seen = !c["contents"].empty();
    EXPECT_TRUE(contents_seen) << js.out;
    EXPECT_TRUE(j.contains("already") && j.contains("warnings") && j.contains("adopted")) << js.out;
}

TEST_F(Day2, TheConfirmationOnATerminalShowsTheCibChanges) {
    running(kHead + app("app_service", "app.service", 2));
    ASSERT_EQ(plan(spec("next.aa", kHead + app("app_service", "app.service", 3)), {"--out", path("p.aaplan")}).exit_code, 2);
    units("app.service");
    // script(1) gives aa a pseudo-terminal; "no" answers the question.
    std::string cmd = aa_binary().string() + " apply " + path("p.aaplan") + " --cib " + cib + " --journal " + path("journal");
    CommandResult r = run_command({"script", "-qec", cmd, "/dev/null"}, "no\n", {"NO_COLOR=1"});
    EXPECT_TRUE(has(r.out, "CIB changes:")) << r.out;
    EXPECT_TRUE(has(r.out, "clone-max")) << r.out;
    EXPECT_TRUE(has(r.out, "start app_service:2 on node-01")) << r.out;
    EXPECT_FALSE(has(r.out, "No changes.")) << r.out;
    EXPECT_TRUE(has(r.out, "Apply this plan?")) << r.out;
}

TEST_F(Day2, APlanToSaveNeedsARealBase) {
    std::string s = spec("seed.aa", kHead + app("app_service", "app.service", 2));
    CommandResult r = run_aa({"plan", s, "--out", path("p.aaplan")});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(has(r.err, "error[E084]: --out without --cib")) << r.err;
    EXPECT_FALSE(std::filesystem::exists(path("p.aaplan")));
    write_file(cib, "");
    CommandResult empty = plan(s);
    EXPECT_EQ(empty.exit_code, 1);
    EXPECT_TRUE(has(empty.err, "error[E084]: --cib " + cib + ": the CIB is empty")) << empty.err;
}

TEST_F(Day2, TheScriptsVerifyGuardFiresOnARealCrmVerifyError) {
    running(kHead + app("app_service", "app.service", 2));
    CommandResult script = plan(spec("next.aa", kHead + app("app_service", "app.service", 3)), {"--script"});
    ASSERT_EQ(script.exit_code, 2) << script.err;
    write_file(path("apply.sh"), script.out);
    // The configuration gains an error the plan never saw, at the same epoch (the script's guard).
    std::string text = read_file(cib);
    text.replace(text.find("</resources>"), 12,
                 R"(<primitive id="legacy" class="ocf" provider="pacemaker" type="Dummy"><operations>)"
                 R"(<op name="monitor" interval="40s" id="legacy-m1"/><op name="monitor" interval="P40S" id="legacy-m2"/>)"
                 R"(</operations></primitive></resources>)");
    write_file(cib, text);
    CommandResult r = run_command({"sh", path("apply.sh")});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_TRUE(has(r.err, "crm_verify: the patched configuration is invalid")) << r.out << r.err;
    EXPECT_TRUE(has(r.err, "legacy-m2 is duplicate")) << r.err;
    EXPECT_EQ(read_file(cib), text);
}

TEST_F(Day2, AStateQueryThatFailsStopsTheApplyAndUndoesWhatRan) {
    running(kHead + app("app_service", "app.service", 2));
    ASSERT_EQ(plan(spec("next.aa", kHead + app("app_service", "app.service", 3)), {"--out", path("p.aaplan")}).exit_code, 2);
    units("app.service");
    write_file(state + "/node-02/fail", "systemctl is-enabled app.service");
    std::string before = read_file(cib);
    CommandResult r = apply();
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(has(r.err, "cannot read whether app.service is enabled on node-02")) << r.out << r.err;
    EXPECT_EQ(read_file(cib), before);
    EXPECT_EQ(read_file(state + "/node-01/units/app.service"), "enabled active\n");
    EXPECT_FALSE(has(log(), "node-02 epoch=1 systemctl disable")) << log();
}

}  // namespace

namespace {

const char* kForeignGroup = R"(<cib validate-with="pacemaker-3.9" epoch="3" num_updates="0" admin_epoch="0" have-quorum="1">
  <configuration>
    <crm_config><cluster_property_set id="cib-bootstrap-options"><nvpair id="cib-bootstrap-options-stonith-enabled" name="stonith-enabled" value="false"/></cluster_property_set></crm_config>
    <nodes><node id="1" uname="node-01"/><node id="2" uname="node-02"/><node id="3" uname="node-03"/></nodes>
    <resources>
      <group id="g">
        <primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/>
        <primitive id="b" class="ocf" provider="pacemaker" type="Dummy"/>
      </group>
      <clone id="c-clone"><primitive id="c" class="ocf" provider="pacemaker" type="Dummy"/></clone>
    </resources>
    <constraints/>
  </configuration>
  <status/>
</cib>
)";

TEST_F(Day2, AdoptingOneMemberOfAForeignGroupIsRefusedNotDeletingTheOthers) {
    write_file(cib, kForeignGroup);
    std::string s = spec("a.aa", "cluster prod {\n  nodes node-01 node-02 node-03\n  property stonith-enabled = false\n}\n"
                                 "service a {\n  agent ocf:pacemaker:Dummy\n}\n");
    CommandResult r = plan(s, {"--adopt"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(has(r.err, "error[E085]: " + cib + ": adopting group `g` would replace it with the spec's own and delete b"))
        << r.err;
}

TEST_F(Day2, ImportOnlyRefusesIdsItCannotUse) {
    write_file(cib, kForeignGroup);
    CommandResult member = run_aa({"import", "--cib", cib, "--only", "c"});
    EXPECT_EQ(member.exit_code, 1);
    EXPECT_TRUE(has(member.err, "--only c: primitive c is inside clone c-clone; name c-clone instead")) << member.err;
    CommandResult unknown = run_aa({"import", "--cib", cib, "--only", "nope"});
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_TRUE(has(unknown.err, "--only nope: the CIB has no resource with this id (top-level resources: g c-clone)")) << unknown.err;
    CommandResult whole = run_aa({"import", "--cib", cib, "--only", "g"});
    EXPECT_EQ(whole.exit_code, 0) << whole.err;
    EXPECT_TRUE(has(whole.out, "members a b")) << whole.out;
}

}  // namespace

namespace {

// Agent metadata (issue 11): judged by the installed Pacemaker, skipped with --offline, and a
// machine without crm_resource says once that it did not judge.
TEST(AgentMetadata, OfflineSkipsTheLookupAndAMachineWithoutTheToolSaysSoOnce) {
    TempDir dir;
    std::string spec = (dir / "a.aa").string();
    write_file(spec, "cluster prod {\n  nodes node-01 node-02 node-03\n  property stonith-enabled = false\n}\n\nservice probe {\n  agent ocf:pacemaker:Dummy\n"
                     "  param stat = \"/run/x\"\n  monitor every 10s\n}\n\nservice other {\n  agent ocf:pacemaker:Stateful\n"
                     "  monitor every 10s\n}\n");
    CommandResult online = run_aa({"check", spec});
    EXPECT_EQ(online.exit_code, 1);
    EXPECT_TRUE(has(online.err, "error[E100]")) << online.err;
    CommandResult offline = run_aa({"check", "--offline", spec});
    EXPECT_EQ(offline.exit_code, 0) << offline.err;
    EXPECT_EQ(offline.err, "");
    TempDir empty;
    // A fresh metadata cache: the cached answer would otherwise stand in for the missing tool.
    CommandResult no_tool = run_aa({"check", spec}, {}, {"PATH=" + empty.path().string(), "XDG_CACHE_HOME=" + empty.path().string()});
    EXPECT_EQ(no_tool.exit_code, 0) << no_tool.err;
    EXPECT_TRUE(has(no_tool.err, "warning[W101]: agent parameters are not checked: crm_resource is not installed")) << no_tool.err;
    EXPECT_EQ(no_tool.err.find("W101"), no_tool.err.rfind("W101")) << "said more than once:\n" << no_tool.err;
}

}  // namespace


namespace {

// Issue 12: the integrity hash is not authenticity. A plan edited by someone who recomputed the
// hash loads fine; `aa apply --spec` makes the plan again and refuses the difference.
TEST_F(Day2, ApplyWithSpecRefusesAPlanWhoseActionsWereEditedAndRehashed) {
    running(kHead + app("app_service", "app.service", 2));
    std::string s = spec("next.aa", kHead + app("app_service", "app.service", 3));
    ASSERT_EQ(plan(s, {"--out", path("p.aaplan")}).exit_code, 2);
    aa::plan::Plan p;
    std::string error;
    ASSERT_TRUE(aa::plan::load(read_file(path("p.aaplan")), p, error)) << error;
    bool edited = false;
    for (aa::plan::Action& a : p.actions)
        if (!edited && a.kind == aa::plan::Action::Kind::Disable) {
            a.argv = {"touch", path("injected")};
            edited = true;
        }
    ASSERT_TRUE(edited);
    write_file(path("p.aaplan"), aa::plan::save(p));
    units("app.service");
    CommandResult r = apply({"--spec", s});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(has(r.err, "error[E086]: the plan is not what `aa plan` makes from the spec")) << r.err;
    EXPECT_TRUE(has(r.err, "the host actions differ")) << r.err;
    EXPECT_FALSE(std::filesystem::exists(path("injected")));
    EXPECT_EQ(log(), "");
    // The untouched plan, with the same spec, applies.
    ASSERT_EQ(plan(s, {"--out", path("p.aaplan")}).exit_code, 2);
    CommandResult ok = apply({"--spec", s});
    EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
}

}  // namespace

namespace {

// Issue 12: plans signed with OpenSSH signatures; an organisation can require them.
class SignedPlans : public Day2 {
protected:
    std::string key(const std::string& name) {
        std::string k = path(name);
        EXPECT_EQ(run_command({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", k}).exit_code, 0);
        return k;
    }
    std::string allowed(const std::string& principal, const std::string& key_file) {
        std::string pub = read_file(key_file + ".pub");
        write_file(path("allowed_signers"), principal + " " + pub);
        return path("allowed_signers");
    }
};

TEST_F(SignedPlans, ASignedPlanAppliesAnEditedOrUnsignedOneIsRefused) {
    running(kHead + app("app_service", "app.service", 2));
    std::string s = spec("next.aa", kHead + app("app_service", "app.service", 3));
    std::string ops = key("ops"), stranger = key("stranger");
    std::string signers = allowed("ops@example.com", ops);
    units("app.service");

    // No signature where one is required.
    ASSERT_EQ(plan(s, {"--out", path("p.aaplan")}).exit_code, 2);
    CommandResult unsigned_plan = apply({"--require-signature", "--allowed-signers", signers});
    EXPECT_EQ(unsigned_plan.exit_code, 1);
    EXPECT_TRUE(has(unsigned_plan.err, "error[E087]")) << unsigned_plan.err;
    EXPECT_TRUE(has(unsigned_plan.err, "no signature file")) << unsigned_plan.err;

    // Signed by a key the organisation does not list.
    ASSERT_EQ(plan(s, {"--out", path("p.aaplan"), "--sign", stranger}).exit_code, 2);
    CommandResult strange = apply({"--require-signature", "--allowed-signers", signers});
    EXPECT_EQ(strange.exit_code, 1);
    EXPECT_TRUE(has(strange.err, "is not in")) << strange.err;

    // Signed, then edited with a recomputed integrity hash: the signature no longer verifies.
    ASSERT_EQ(plan(s, {"--out", path("p.aaplan"), "--sign", ops}).exit_code, 2);
    ASSERT_TRUE(std::filesystem::exists(path("p.aaplan.sig")));
    std::string signed_text = read_file(path("p.aaplan"));
    aa::plan::Plan p;
    std::string error;
    ASSERT_TRUE(aa::plan::load(signed_text, p, error)) << error;
    p.actions.front().argv = {"touch", path("injected")};
    write_file(path("p.aaplan"), aa::plan::save(p));
    CommandResult edited = apply({"--require-signature", "--allowed-signers", signers});
    EXPECT_EQ(edited.exit_code, 1);
    EXPECT_TRUE(has(edited.err, "the signature does not verify")) << edited.err;
    EXPECT_EQ(log(), "");

    // The signed plan as it was, required by the policy file rather than a flag.
    write_file(path("p.aaplan"), signed_text);
    write_file(path("policy"), "# the organisation's rule\nrequire-signature = true\nallowed-signers = " + signers + "\n");
    std::vector<std::string> argv = {"apply", path("p.aaplan"), "--cib", cib, "--yes", "--host-exec", host_exec(),
                                     "--journal", path("journal")};
    CommandResult good = run_aa(argv, {}, {"AA_POLICY=" + path("policy")});
    EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
    EXPECT_TRUE(has(good.out, "signature: good, signed by ops@example.com")) << good.out;
}

}  // namespace

namespace {

// Issue 12: no shadow directory outlives aa, even one whose aa was killed with SIGKILL.
TEST(ShadowDirectories, AKilledRunsShadowIsRemovedByTheNextRunALiveOnesIsNot) {
    TempDir tmp;
    auto dead = tmp / "aa-shadow-dead01", alive = tmp / "aa-shadow-live01", foreign = tmp / "aa-shadow-other1";
    for (const auto& d : {dead, alive, foreign}) std::filesystem::create_directories(d);
    write_file(dead / "owner", "999999999 1\n");  // no such pid
    // This test's own process: alive, with its real start time.
    std::string stat = read_file("/proc/self/stat");
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string f;
    for (int i = 3; i <= 22 && fields >> f; ++i) {}
    write_file(alive / "owner", std::to_string(::getpid()) + " " + f + "\n");
    std::string spec = (tmp / "seed.aa").string();
    write_file(spec, read_file(source_dir() / "examples/seed.aa"));
    CommandResult r = run_aa({"plan", spec, "--no-tests"}, {}, {"TMPDIR=" + tmp.path().string()});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dead));
    EXPECT_TRUE(std::filesystem::exists(alive));
    EXPECT_TRUE(std::filesystem::exists(foreign));  // no owner file and new: left alone
    int left = 0;
    for (const auto& e : std::filesystem::directory_iterator(tmp.path()))
        left += e.path().filename().string().rfind("aa-shadow-", 0) == 0;
    EXPECT_EQ(left, 2) << "the plan's own shadows must be gone";
}

}  // namespace

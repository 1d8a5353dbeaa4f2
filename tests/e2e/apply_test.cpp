// `aa apply`'s transaction end to end on CIB files, with the real cibadmin, crm_verify and
// crm_simulate. The nodes are a TEST DOUBLE (tests/doubles/fake-node) reached through the
// `--host-exec` template transport: it keeps unit state in files, answers systemctl, can be told
// to fail or hang on a command, and logs every command with the CIB epoch it saw at that moment —
// which is how these tests tell "before the commit" from "after".
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "compiler/cib/cib.hpp"
#include "compiler/plan/plan_file.hpp"
#include "compiler/plan/plan_render.hpp"
#include "runtime/planner.hpp"
#include "runtime/script.hpp"
#include "runtime/transaction.hpp"
#include "support/test_support.hpp"

using namespace aa;
using namespace aa::runtime;
using aa::test::read_file;
using aa::test::TempDir;
using aa::test::write_file;

namespace {

const std::vector<std::string> kNodes = {"node-01", "node-02", "node-03"};

// The seed scenario (examples/seed.aa, stonith off so the paper cluster can start things), built
// as the checked model directly: these tests are about the transaction, not the parser.
model::Model seed_model() {
    model::Model m;
    m.cluster = "prod";
    m.nodes = kNodes;
    m.properties = {{"stonith-enabled", "false", std::nullopt}};
    model::Service s;
    s.name = "app_service";
    s.agent_class = "systemd";
    s.type = "app";
    s.unit = "app.service";
    model::Op monitor;
    monitor.name = "monitor";
    monitor.interval = "30s";
    s.ops = {monitor};
    s.parallel_safe = true;
    model::Clone clone;
    clone.max = 2;
    clone.per_node = 1;
    clone.meta = {{"clone-max", "2", std::nullopt}, {"clone-node-max", "1", std::nullopt}};
    s.clone = clone;
    m.services = {s};
    return m;
}

// The seed plus `route app_service { via command drain "true" ready "true"  server node-0N appN ... }`.
model::Model routed_model() {
    model::Model m = seed_model();
    model::Route r;
    r.service = "app_service";
    r.via = model::Route::Via::Command;
    r.drain_cmd = "true";
    r.ready_cmd = "true";
    r.servers = {{"node-01", "app1"}, {"node-02", "app2"}, {"node-03", "app3"}};
    m.routes = {r};
    return m;
}

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

std::string without_whitespace(std::string s) {
    s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n'; }), s.end());
    return s;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

std::string configuration_of(const std::string& cib_xml) {
    pugi::xml_document doc;
    std::string error;
    if (!cib::load(cib_xml, "cib", doc, error)) return "unreadable: " + error;
    return cib::canonical(doc.child("cib").child("configuration"));
}

// Sets a node attribute or cluster property in the file with Pacemaker's own tool.
void crm_attribute(const std::string& cib, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"crm_attribute"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = aa::test::run_command(argv, {}, {"CIB_file=" + cib});
    ASSERT_EQ(r.exit_code, 0) << r.err;
}

// A router that only remembers what it was told, for plans with a route.
struct FakeRouter : Router {
    std::vector<std::string>* calls;
    bool fail_ready = false;
    void check() override { calls->push_back("check"); }
    void set_ready(const model::Server& s) override {
        calls->push_back("ready " + s.name);
        if (fail_ready) throw RouterError("fake router refuses ready " + s.name);
    }
    void set_drain(const model::Server& s) override { calls->push_back("drain " + s.name); }
    bool wait_drained(const model::Server&, std::chrono::milliseconds) override { return true; }
    std::vector<ServerState> states() override { return {}; }
};

class Apply : public ::testing::Test {
protected:
    TempDir dir;
    std::string cib = (dir / "cib.xml").string();
    std::string state = (dir / "nodes").string();
    std::string desired_xml;
    std::vector<std::string> router_calls;
    bool router_fails_ready = false;
    std::vector<std::string> progress;

    void SetUp() override {
        pugi::xml_document doc;
        cib::default_cib(kNodes, doc);
        std::ostringstream s;
        doc.save(s, "  ");
        write_file(cib, s.str());
        std::filesystem::create_directories(state);
        write_file(state + "/cib_file", cib + "\n");
        for (const std::string& n : kNodes) {
            std::filesystem::create_directories(state + "/" + n + "/units");
            write_file(unit_file(n), "enabled active\n");
        }
    }

    std::string unit_file(const std::string& node) const { return state + "/" + node + "/units/app.service"; }
    std::string log() const { return std::filesystem::exists(state + "/log") ? read_file(state + "/log") : ""; }
    std::string epoch_now() const { return std::to_string(cib_version().epoch); }
    cib::Version cib_version() const {
        pugi::xml_document doc;
        doc.load_string(read_file(cib).c_str());
        return cib::version(doc.child("cib"));
    }

    // `aa plan --out` against the file, through the plan file (save + load) like the CLI does.
    plan::Plan plan_of(const model::Model& m, bool accept_new_problems = false) {
        PlanRequest req{m};
        req.accept_new_problems = accept_new_problems;
        req.spec_hash = "spec-under-test";
        req.base_xml = read_file(cib);
        req.base_source = cib;
        req.keep_desired = true;
        PlanOutcome o = make_plan(req);
        EXPECT_TRUE(o.ok) << (o.errors.empty() ? "" : o.errors.front());
        desired_xml = o.desired_xml;
        plan::Plan loaded;
        std::string error;
        EXPECT_TRUE(load_plan(plan::save(o.plan), "", loaded, error)) << error;
        return loaded;
    }

    ApplyOutcome apply_plan(const plan::Plan& p, Cluster& cluster, ApplyOptions opt = {}) {
        auto hosts = template_transport(aa::test::source_dir().string() + "/tests/doubles/fake-node " + state + " {node}");
        Journal journal;
        opt.file_cib = true;
        opt.progress = [this](const std::string& l) { progress.push_back(l); };
        ApplyContext ctx{cluster, *hosts, [this](const model::Route&) {
                             auto r = std::make_unique<FakeRouter>();
                             r->calls = &router_calls;
                             r->fail_ready = router_fails_ready;
                             return r;
                         },
                         journal};
        ApplyOutcome o = apply(p, ctx, opt);
        journal_json = journal.to_json("plan", o.ok ? "applied" : "failed");
        return o;
    }
    ApplyOutcome apply_plan(const plan::Plan& p, ApplyOptions opt = {}) {
        auto cluster = file_cluster(cib);
        return apply_plan(p, *cluster, opt);
    }
    std::string journal_json;
    std::string all_progress() const {
        std::string out;
        for (const std::string& l : progress) out += l + "\n";
        return out;
    }
};

TEST_F(Apply, HappyPathCommitsExactlyThePlannedConfigurationAfterCheckingAndDisablingEveryNode) {
    plan::Plan p = plan_of(seed_model());
    std::string epoch_before = epoch_now();
    ApplyOutcome o = apply_plan(p);
    ASSERT_TRUE(o.ok) << describe_outcome(o) << all_progress();
    EXPECT_TRUE(o.committed);
    EXPECT_EQ(configuration_of(read_file(cib)), configuration_of(desired_xml));
    EXPECT_GT(cib_version().epoch, std::stoll(epoch_before));

    // The double saw the base epoch on every precondition and disable: they ran before the commit.
    std::string log = this->log();
    for (const std::string& n : kNodes) {
        EXPECT_TRUE(has(log, n + " epoch=" + epoch_before + " systemctl list-unit-files app.service --no-pager --no-legend")) << log;
        EXPECT_TRUE(has(log, n + " epoch=" + epoch_before + " systemctl disable app.service")) << log;
        EXPECT_EQ(read_file(unit_file(n)).substr(0, 9), "disabled ") << n;
    }
    for (const std::string& line : lines_of(log)) EXPECT_TRUE(has(line, "epoch=" + epoch_before)) << line;
    // Every step was printed with its duration, and the journal holds every command.
    EXPECT_TRUE(has(all_progress(), " ms  commit")) << all_progress();
    std::string journal = without_whitespace(journal_json);
    EXPECT_TRUE(has(journal, R"("argv":["cibadmin","--patch","--xml-pipe"],"node":"","exit":0)")) << journal_json;
    EXPECT_TRUE(has(journal, R"("systemctl","disable","app.service"],"node":"node-02","exit":0)")) << journal_json;
}

TEST_F(Apply, StalePlanRunsNothingAndSaysToReplan) {
    plan::Plan p = plan_of(seed_model());
    crm_attribute(cib, {"--type", "crm_config", "--name", "maintenance-mode", "--update", "false"});
    std::string before = read_file(cib);
    ApplyOutcome o = apply_plan(p);
    EXPECT_FALSE(o.ok);
    EXPECT_TRUE(o.refused);
    EXPECT_TRUE(has(o.error, "stale")) << o.error;
    EXPECT_TRUE(has(o.error, "Re-plan")) << o.error;
    EXPECT_EQ(log(), "");
    EXPECT_EQ(read_file(cib), before);
}

TEST_F(Apply, NumUpdatesOnlyDifferenceIsStatusChurnAndAccepted) {
    plan::Plan p = plan_of(seed_model());
    std::string text = read_file(cib);
    auto at = text.find("num_updates=\"0\"");
    ASSERT_NE(at, std::string::npos);
    write_file(cib, text.replace(at, 15, "num_updates=\"7\""));
    ApplyOutcome o = apply_plan(p);
    ASSERT_TRUE(o.ok) << describe_outcome(o) << all_progress();
    EXPECT_EQ(configuration_of(read_file(cib)), configuration_of(desired_xml));
}

TEST_F(Apply, HostFailureBeforeTheCommitUndoesWhatRanAndLeavesTheCibByteForByte) {
    plan::Plan p = plan_of(seed_model());
    write_file(state + "/node-02/fail", "systemctl disable app.service");
    std::string before = read_file(cib);
    ApplyOutcome o = apply_plan(p);
    EXPECT_FALSE(o.ok);
    EXPECT_FALSE(o.committed);
    EXPECT_TRUE(has(o.error, "told to fail")) << o.error;  // the command's stderr reaches the user
    EXPECT_EQ(read_file(cib), before);
    // node-01 was disabled, then re-enabled; node-03 never got that far.
    EXPECT_EQ(read_file(unit_file("node-01")), "enabled active\n");
    EXPECT_TRUE(has(log(), "node-01 epoch=1 systemctl enable app.service")) << log();
    EXPECT_FALSE(has(log(), "node-03 epoch=1 systemctl disable")) << log();
    ASSERT_FALSE(o.undone.empty());
    EXPECT_TRUE(has(o.undone.back(), "re-enable app.service on node-01")) << o.undone.back();
    EXPECT_TRUE(has(describe_outcome(o), "The CIB was not changed"));
}

TEST_F(Apply, HangingHostStepTimesOutAndRollsBack) {
    plan::Plan p = plan_of(seed_model());
    write_file(state + "/node-03/hang", "systemctl disable app.service");
    std::string before = read_file(cib);
    ApplyOptions opt;
    opt.step_timeout = std::chrono::milliseconds(1500);
    auto start = std::chrono::steady_clock::now();
    ApplyOutcome o = apply_plan(p, opt);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
    EXPECT_FALSE(o.ok);
    EXPECT_TRUE(has(o.error, "timed out")) << o.error;
    EXPECT_TRUE(has(o.failed_step, "disable node-03")) << o.failed_step;
    EXPECT_EQ(read_file(cib), before);
    for (const std::string& n : {"node-01", "node-02"}) EXPECT_EQ(read_file(unit_file(n)), "enabled active\n") << n;
}

TEST_F(Apply, MissingUnitOnOneNodeIsRefusedBeforeAnyChangeNamingTheNode) {
    plan::Plan p = plan_of(seed_model());
    std::filesystem::remove(unit_file("node-03"));
    std::string before = read_file(cib);
    ApplyOutcome o = apply_plan(p);
    EXPECT_TRUE(o.refused);
    EXPECT_TRUE(has(o.error, "unit missing on node-03 (app.service)")) << o.error;
    EXPECT_FALSE(has(o.error, "node-01 (")) << o.error;
    EXPECT_FALSE(has(log(), "disable")) << log();
    EXPECT_EQ(read_file(cib), before);
}

TEST_F(Apply, APlanWhoseInstancesCannotBePlacedIsRefusedAtPlanTime) {
    for (const std::string& n : kNodes) crm_attribute(cib, {"--node", n, "--name", "standby", "--update", "on"});
    PlanRequest req{seed_model()};
    req.base_xml = read_file(cib);
    req.base_source = cib;
    PlanOutcome o = make_plan(req);
    EXPECT_FALSE(o.ok);
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_TRUE(has(o.errors[0], "[E080]")) << o.errors[0];
    EXPECT_TRUE(has(o.errors[0], "app_service-clone: cannot run anywhere")) << o.errors[0];
}

TEST_F(Apply, AProblemThatAppearsAfterThePlanRefusesTheApply) {
    plan::Plan p = plan_of(seed_model());
    // Status only (transient standby): the base's configuration is unchanged, so not stale.
    for (const std::string& n : kNodes) crm_attribute(cib, {"--node", n, "--name", "standby", "--update", "on", "--lifetime", "reboot"});
    std::string before = read_file(cib);
    ApplyOutcome o = apply_plan(p);
    EXPECT_TRUE(o.refused);
    EXPECT_TRUE(has(o.error, "cannot run anywhere")) << o.error;
    EXPECT_EQ(log(), "");
    EXPECT_EQ(read_file(cib), before);
}

TEST_F(Apply, AProblemAcceptedInThePlanDoesNotRefuseTheApply) {
    for (const std::string& n : kNodes) crm_attribute(cib, {"--node", n, "--name", "standby", "--update", "on"});
    plan::Plan p = plan_of(seed_model(), true);
    EXPECT_TRUE(p.accepted_new_problems);
    ASSERT_FALSE(p.problems.empty());
    EXPECT_TRUE(has(plan::render_text(p), "ACCEPTED (--accept-new-problems)"));
    ApplyOutcome o = apply_plan(p);
    EXPECT_TRUE(o.ok) << o.error;
}

TEST_F(Apply, SecondApplyOfTheSamePlanIsRefusedAsStale) {
    plan::Plan p = plan_of(seed_model());
    ASSERT_TRUE(apply_plan(p).ok);
    std::string after_first = read_file(cib);
    ApplyOutcome second = apply_plan(p);
    EXPECT_TRUE(second.refused);
    EXPECT_TRUE(has(second.error, "stale")) << second.error;
    EXPECT_EQ(read_file(cib), after_first);
}

// Another apply wins between our checks and our commit: the guard re-reads the version just before
// the patch, refuses, and everything done on the hosts is undone.
TEST_F(Apply, ChangeWinningTheRaceToTheCommitIsRefusedAndUndone) {
    struct RacingCluster : Cluster {
        std::unique_ptr<Cluster> inner;
        std::string path;
        int queries = 0;
        std::string query() override {
            if (++queries == 2) crm_attribute(path, {"--type", "crm_config", "--name", "maintenance-mode", "--update", "false"});
            return inner->query();
        }
        Result patch(const std::string& x) override { return inner->patch(x); }
        std::string status_xml() override { return inner->status_xml(); }
        std::string describe() const override { return inner->describe(); }
    } racing;
    racing.inner = file_cluster(cib);
    racing.path = cib;
    plan::Plan p = plan_of(seed_model());
    ApplyOutcome o = apply_plan(p, racing);
    EXPECT_FALSE(o.ok);
    EXPECT_FALSE(o.committed);
    EXPECT_TRUE(has(o.error, "just before the commit")) << o.error;
    EXPECT_TRUE(has(read_file(cib), "maintenance-mode"));
    EXPECT_FALSE(has(read_file(cib), "app_service"));
    for (const std::string& n : kNodes) EXPECT_EQ(read_file(unit_file(n)), "enabled active\n") << n;
}

TEST_F(Apply, RoutingFollowsThePlacementAfterTheCommit) {
    plan::Plan p = plan_of(routed_model());
    ApplyOutcome o = apply_plan(p);
    ASSERT_TRUE(o.ok) << describe_outcome(o) << all_progress();
    ASSERT_FALSE(router_calls.empty());
    EXPECT_EQ(router_calls.front(), "check");
    const auto& placed = p.placement.at("app_service-clone");
    ASSERT_EQ(placed.size(), 2u);
    int ready = static_cast<int>(std::count_if(router_calls.begin(), router_calls.end(),
                                               [](const std::string& c) { return c.rfind("ready ", 0) == 0; }));
    EXPECT_EQ(ready, 2);
}

TEST_F(Apply, FailureAfterTheCommitReportsEveryNodeAndDoesNotPretendToUndo) {
    plan::Plan p = plan_of(routed_model());
    router_fails_ready = true;
    ApplyOutcome o = apply_plan(p);
    EXPECT_FALSE(o.ok);
    EXPECT_TRUE(o.committed);
    EXPECT_TRUE(o.undone.empty());
    EXPECT_TRUE(has(o.failed_step, "ready")) << o.failed_step;
    EXPECT_TRUE(has(read_file(cib), "app_service-clone"));  // the commit stands
    std::string report = describe_outcome(o);
    for (const std::string& n : kNodes) EXPECT_TRUE(has(report, "  " + n + ": app.service disabled")) << report;
    EXPECT_TRUE(has(report, "was not undone")) << report;
}

TEST(PlanFile, TruncatedHandEditedNewerOrFromAnotherSpecIsRefused) {
    plan::Plan p;
    p.spec_hash = "abc";
    p.base_source = "cib.xml";
    p.model.nodes = kNodes;
    std::string text = plan::save(p);
    plan::Plan out;
    std::string error;
    ASSERT_TRUE(load_plan(text, "abc", out, error)) << error;

    EXPECT_FALSE(load_plan(text.substr(0, text.size() / 2), "", out, error));
    EXPECT_TRUE(has(error, "truncated")) << error;

    std::string edited = text;
    edited.replace(edited.find("node-02"), 7, "node-09");
    EXPECT_FALSE(load_plan(edited, "", out, error));
    EXPECT_TRUE(has(error, "edited")) << error;

    std::string newer = text;
    newer.replace(newer.find("format-version=\"1\""), 18, "format-version=\"2\"");
    EXPECT_FALSE(load_plan(newer, "", out, error));
    EXPECT_TRUE(has(error, "newer")) << error;

    EXPECT_FALSE(load_plan(text, "another-spec", out, error));
    EXPECT_TRUE(has(error, "different spec")) << error;
}

}  // namespace

namespace {

// `aa plan --script`: the same transaction as a shell script, run by hand against the same double.
class Script : public Apply {
protected:
    std::string script_for(const plan::Plan& p) {
        auto hosts = template_transport(aa::test::source_dir().string() + "/tests/doubles/fake-node " + state + " {node}");
        std::string path = (dir / "apply.sh").string();
        write_file(path, render_script(p, *hosts, {cib, "", 120}));
        return path;
    }
};

TEST_F(Script, RunByHandItCommitsThePlannedConfigurationAfterTheHostSteps) {
    plan::Plan p = plan_of(seed_model());
    std::string script = script_for(p);
    auto r = aa::test::run_command({"sh", script});
    ASSERT_EQ(r.exit_code, 0) << r.err << read_file(script);
    EXPECT_EQ(configuration_of(read_file(cib)), configuration_of(desired_xml));
    for (const std::string& n : kNodes)
        EXPECT_TRUE(has(log(), n + " epoch=1 systemctl disable app.service")) << log();
    EXPECT_TRUE(has(r.err, "==> commit")) << r.err;
}

TEST_F(Script, FailureBeforeTheCommitUndoesWhatRanAndLeavesTheCib) {
    plan::Plan p = plan_of(seed_model());
    write_file(state + "/node-02/fail", "systemctl disable app.service");
    std::string before = read_file(cib);
    auto r = aa::test::run_command({"sh", script_for(p)});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(has(r.err, "Rolling back")) << r.err;
    EXPECT_EQ(read_file(cib), before);
    EXPECT_EQ(read_file(unit_file("node-01")), "enabled active\n");
}

TEST_F(Script, StaleBaseRunsNoHostCommand) {
    plan::Plan p = plan_of(seed_model());
    crm_attribute(cib, {"--type", "crm_config", "--name", "maintenance-mode", "--update", "false"});
    auto r = aa::test::run_command({"sh", script_for(p)});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(has(r.err, "stale")) << r.err;
    EXPECT_EQ(log(), "");
}

TEST_F(Script, ShellcheckFindsNoErrors) {
    if (aa::test::run_command({"sh", "-c", "command -v shellcheck"}).exit_code != 0) GTEST_SKIP() << "shellcheck not installed";
    plan::Plan p = plan_of(routed_model());
    auto r = aa::test::run_command({"shellcheck", "--shell=sh", "--severity=warning", script_for(p)});
    EXPECT_EQ(r.exit_code, 0) << r.out;
}

}  // namespace

namespace {

// Nodes answered in process, instantly: for measuring what apply itself costs beside the tools.
struct InstantNodes : Transport {
    int commands = 0;
    Result run_on(const std::string& node, const std::vector<std::string>& argv, const std::string&,
                  std::chrono::milliseconds) override {
        ++commands;
        Result r;
        r.argv = argv;
        r.node = node;
        r.exit_code = 0;
        if (argv.size() > 2 && argv[1] == "list-unit-files") r.out = argv[2] + " enabled enabled\n";
        if (argv.size() > 2 && argv[1] == "is-enabled") r.out = "enabled\n";
        if (argv.size() > 2 && argv[1] == "is-active") r.out = "active\n";
        return r;
    }
    std::vector<std::string> argv_for(const std::string&, const std::vector<std::string>& argv) const override { return argv; }
    std::string name() const override { return "in-process test nodes"; }
};

model::Model many_services(int n) {
    model::Model m = seed_model();
    model::Service proto = m.services.front();
    m.services.clear();
    for (int i = 1; i <= n; ++i) {
        model::Service s = proto;
        s.name = fmt::format("svc{:04}", i);
        s.type = s.name;
        s.unit = s.name + ".service";
        m.services.push_back(s);
    }
    return m;
}

struct Split {
    long long total_ms, tools_ms, hosts_ms, ours_ms;
    std::size_t commands;
    std::string tools;  // "cibadmin --query 40 ms, ..."
};

// Wall time of apply, split: Pacemaker tools (commands with no node), host commands, and the rest — ours.
Split measure(const plan::Plan& p, Cluster& cluster, Transport& hosts) {
    Journal journal;
    ApplyOptions opt;
    opt.file_cib = true;
    ApplyContext ctx{cluster, hosts, {}, journal};
    auto start = std::chrono::steady_clock::now();
    ApplyOutcome o = apply(p, ctx, opt);
    auto total = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    EXPECT_TRUE(o.ok) << describe_outcome(o);
    long long tools = 0, host_ms = 0;
    std::string each;
    for (const JournalCommand& c : journal.commands()) {
        (c.result.node.empty() ? tools : host_ms) += c.result.duration.count();
        if (c.result.node.empty())
            each += fmt::format("{}{} {} {} ms", each.empty() ? "" : ", ", c.result.argv.at(0), c.result.argv.size() > 1 ? c.result.argv[1] : "", c.result.duration.count());
    }
    return {total, tools, host_ms, total - tools - host_ms, journal.commands().size(), each};
}

void report(const char* name, const Split& s) {
    std::printf("[ timing ] %s: total %lld ms = Pacemaker tools %lld ms + host commands %lld ms + aa %lld ms (%zu commands)\n",
                name, s.total_ms, s.tools_ms, s.hosts_ms, s.ours_ms, s.commands);
    std::printf("[ timing ] %s: tools: %s\n", name, s.tools.c_str());
    ::testing::Test::RecordProperty(std::string(name) + "_ours_ms", std::to_string(s.ours_ms));
    ::testing::Test::RecordProperty(std::string(name) + "_tools_ms", std::to_string(s.tools_ms));
}

TEST_F(Apply, CostBesideTheToolsSeedScenarioWithTheNodeDouble) {
    plan::Plan p = plan_of(seed_model());
    auto cluster = file_cluster(cib);
    auto hosts = template_transport(aa::test::source_dir().string() + "/tests/doubles/fake-node " + state + " {node}");
    Split s = measure(p, *cluster, *hosts);
    report("seed", s);
    EXPECT_GT(s.tools_ms, 0);
    EXPECT_LT(s.ours_ms, s.tools_ms + s.hosts_ms);
}

TEST_F(Apply, CostBesideTheToolsThousandServiceChangeOnAFile) {
    plan::Plan p = plan_of(many_services(1000));
    auto cluster = file_cluster(cib);
    InstantNodes hosts;
    Split s = measure(p, *cluster, hosts);
    report("1000 services", s);
    std::printf("[ timing ] 1000 services: %d host commands answered in process\n", hosts.commands);
    EXPECT_EQ(configuration_of(read_file(cib)), configuration_of(desired_xml));
    EXPECT_LT(s.ours_ms, s.tools_ms);
}

}  // namespace

namespace {

// The `aa apply` command itself (skipped while the binary does not register it yet).
class ApplyCommand : public Apply {
protected:
    void SetUp() override {
        Apply::SetUp();
        // An unregistered subcommand's --help prints the top-level help instead.
        if (!has(aa::test::run_aa({"apply", "--help"}).out, "--journal")) GTEST_SKIP() << "`aa apply` is not registered in this build";
    }
    std::string plan_file(const plan::Plan& p) {
        std::string path = (dir / "seed.aaplan").string();
        write_file(path, plan::save(p));
        return path;
    }
    std::string host_exec() const { return aa::test::source_dir().string() + "/tests/doubles/fake-node " + state + " {node}"; }
};

TEST_F(ApplyCommand, NonInteractiveWithoutYesIsRefusedAndRunsNothing) {
    std::string plan = plan_file(plan_of(seed_model()));
    std::string before = read_file(cib);
    auto r = aa::test::run_aa({"apply", plan, "--cib", cib, "--host-exec", host_exec()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(has(r.err, "--yes")) << r.err;
    EXPECT_EQ(log(), "");
    EXPECT_EQ(read_file(cib), before);
}

TEST_F(ApplyCommand, WithYesItAppliesPrintsEveryStepAndWritesTheJournal) {
    std::string plan = plan_file(plan_of(seed_model()));
    std::string journal = (dir / "journal.json").string();
    auto r = aa::test::run_aa({"apply", plan, "--cib", cib, "--host-exec", host_exec(), "--yes", "--journal", journal});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(has(r.out, "ms  disable node-02")) << r.out;
    EXPECT_EQ(configuration_of(read_file(cib)), configuration_of(desired_xml));
    EXPECT_TRUE(has(without_whitespace(read_file(journal)), R"("outcome":"applied")"));
}

TEST_F(ApplyCommand, DamagedPlanFileIsRefusedWithNothingRun) {
    std::string plan = plan_file(plan_of(seed_model()));
    std::string text = read_file(plan);
    write_file(plan, text.substr(0, text.size() - 40));
    std::string before = read_file(cib);
    auto r = aa::test::run_aa({"apply", plan, "--cib", cib, "--host-exec", host_exec(), "--yes"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(has(r.err, "nothing was run")) << r.err;
    EXPECT_EQ(log(), "");
    EXPECT_EQ(read_file(cib), before);
}

TEST_F(ApplyCommand, QuietPrintsNothingOnSuccess) {
    std::string plan = plan_file(plan_of(seed_model()));
    auto r = aa::test::run_aa({"apply", plan, "--cib", cib, "--host-exec", host_exec(), "--yes", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "");
}

}  // namespace

namespace {

// A cluster whose status (crm_mon XML) shows the instances only after some polls: the file CIB
// stands in for the configuration, the status is what a live cluster would report.
struct ConvergingCluster : Cluster {
    std::unique_ptr<Cluster> inner;
    plan::Placement placement;
    int polls = 0, converged_after = 0;  // < 0: never
    std::string offline_after_first_poll;  // a node crm_mon lists as offline from the second poll on
    std::string query() override { return inner->query(); }
    Result patch(const std::string& x) override { return inner->patch(x); }
    std::string status_xml() override {
        ++polls;
        std::string xml = "<pacemaker-result><resources>";
        for (const auto& [rsc, nodes] : placement) {
            xml += "<clone id=\"" + rsc + "\">";
            if (converged_after >= 0 && polls > converged_after)
                for (const std::string& n : nodes) xml += "<resource id=\"x\" active=\"true\"><node name=\"" + n + "\"/></resource>";
            xml += "</clone>";
        }
        xml += "</resources><nodes>";
        for (const char* n : {"node-01", "node-02", "node-03"})
            xml += std::string("<node name=\"") + n + "\" online=\"" + (polls > 1 && offline_after_first_poll == n ? "false" : "true") + "\"/>";
        return xml + "</nodes></pacemaker-result>";
    }
    std::string describe() const override { return "live cluster (test status)"; }
};

// The plan applied as on a live cluster whose status `live` reports, polled every 20 ms.
ApplyOutcome apply_live(const plan::Plan& p, ConvergingCluster& live, const std::string& state,
                        std::chrono::milliseconds wait) {
    ApplyOptions opt;
    opt.poll_interval = std::chrono::milliseconds(20);
    opt.wait = wait;
    opt.file_cib = false;
    auto hosts = template_transport(aa::test::source_dir().string() + "/tests/doubles/fake-node " + state + " {node}");
    Journal journal;
    ApplyContext ctx{live, *hosts, {}, journal};
    return apply(p, ctx, opt);
}

TEST_F(Apply, OnALiveClusterTheWaitPollsUntilTheInstancesRunWhereSimulated) {
    plan::Plan p = plan_of(seed_model());
    ConvergingCluster live;
    live.inner = file_cluster(cib);
    live.placement = p.placement;
    live.converged_after = 2;
    ApplyOutcome o = apply_live(p, live, state, std::chrono::seconds(10));
    EXPECT_TRUE(o.ok) << describe_outcome(o);
    EXPECT_EQ(live.polls, 3);
}

TEST_F(Apply, OnALiveClusterThatNeverConvergesTheWaitFailsAfterTheCommitWithEveryNodesState) {
    plan::Plan p = plan_of(seed_model());
    ConvergingCluster live;
    live.inner = file_cluster(cib);
    live.placement = p.placement;
    live.converged_after = -1;
    ApplyOutcome o = apply_live(p, live, state, std::chrono::milliseconds(200));
    EXPECT_FALSE(o.ok);
    EXPECT_TRUE(o.committed);
    EXPECT_TRUE(has(o.failed_step, "wait")) << o.failed_step;
    EXPECT_TRUE(has(o.error, "did not reach the predicted placement")) << o.error;
    EXPECT_TRUE(has(o.node_report, "node-01: app.service disabled, active; runs no instance")) << o.node_report;
}

// A node that leaves while the wait runs: the planned placement cannot come. The wait stops at the
// next poll instead of at its deadline, names the node and does not blame the change.
TEST_F(Apply, ANodeLostDuringTheWaitEndsItAtOnceNamingTheNodeNotTheChange) {
    plan::Plan p = plan_of(seed_model());
    ConvergingCluster live;
    live.inner = file_cluster(cib);
    live.placement = p.placement;
    live.converged_after = -1;
    live.offline_after_first_poll = p.placement.at("app_service-clone").front();
    const auto start = std::chrono::steady_clock::now();
    ApplyOutcome o = apply_live(p, live, state, std::chrono::seconds(60));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20)) << "the wait ran to its deadline";
    EXPECT_FALSE(o.ok);
    EXPECT_TRUE(o.committed);
    EXPECT_EQ(live.polls, 2 + 1) << "stopped at the poll that saw the node offline (then one for the report)";
    EXPECT_TRUE(has(o.error, "node " + live.offline_after_first_poll + " left the cluster while the change ran")) << o.error;
    EXPECT_TRUE(has(o.error, "not the cause")) << o.error;
    EXPECT_TRUE(has(o.error, "aa route sync")) << o.error;
}

}  // namespace

namespace {

TEST_F(Apply, ServerDrainedBeforeTheStopIsUndrainedWhenALaterStepFails) {
    plan::Plan p = plan_of(routed_model());
    const auto& placed = p.placement.at("app_service-clone");
    std::string idle;  // the node the simulation leaves without an instance: drained, then stopped
    for (const std::string& n : kNodes)
        if (std::find(placed.begin(), placed.end(), n) == placed.end()) idle = n;
    ASSERT_FALSE(idle.empty());
    std::string server = "app" + idle.substr(idle.size() - 1);
    write_file(state + "/" + idle + "/fail", "systemctl stop app.service");
    std::string before = read_file(cib);
    ApplyOutcome o = apply_plan(p);
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(read_file(cib), before);
    auto drain = std::find(router_calls.begin(), router_calls.end(), "drain " + server);
    ASSERT_NE(drain, router_calls.end()) << ::testing::PrintToString(router_calls);
    EXPECT_NE(std::find(drain, router_calls.end(), "ready " + server), router_calls.end())
        << ::testing::PrintToString(router_calls);
    EXPECT_TRUE(has(describe_outcome(o), "undrain " + server)) << describe_outcome(o);
}

}  // namespace

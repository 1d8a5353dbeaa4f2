// `aa test` end to end, through the real crm_simulate: the examples' tests pass; breaking an
// example's behaviour makes them fail at the right lines; JUnit output validates against a
// schema; golden records round-trip; `aa plan` runs the tests; and the simulated cluster's
// history is one the scheduler accepts as unchanged (the operation digests are Pacemaker's).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "compiler/check/check.hpp"
#include "compiler/lang/load.hpp"
#include "runtime/planner.hpp"
#include "runtime/scenario_cluster.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace aa::test;

namespace {

// A copy of one example (spec, tests and records) in a temporary directory, to break.
fs::path copy_example(const TempDir& tmp, const std::string& name) {
    for (const char* ext : {".aa", ".aatest", ".aatest.golden"}) {
        fs::path src = source_dir() / "examples" / (name + ext);
        if (fs::exists(src)) fs::copy_file(src, tmp / (name + ext));
    }
    return tmp / (name + ".aa");
}

void replace_in(const fs::path& p, const std::string& from, const std::string& to) {
    std::string text = read_file(p);
    auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << p;
    text.replace(at, from.size(), to);
    write_file(p, text);
}

std::string desired_cib(const std::string& example, aa::model::Model& model) {
    aa::SourceSet sources;
    aa::Diagnostics diags;
    aa::ast::Spec spec = aa::load_spec({(source_dir() / "examples" / example).string()}, sources, diags);
    model = *aa::check(spec, sources, diags);
    aa::runtime::PlanRequest req{model};
    req.keep_desired = true;
    req.simulate = false;
    return aa::runtime::make_plan(req).desired_xml;
}

}  // namespace

TEST(Scenario, EveryExampleHasTestsAndTheyPass) {
    int examples = 0;
    for (const auto& e : fs::directory_iterator(source_dir() / "examples")) {
        if (e.path().extension() != ".aa") continue;
        ++examples;
        fs::path tests = fs::path(e.path()).replace_extension(".aatest");
        EXPECT_TRUE(fs::exists(tests)) << e.path() << " has no behaviour tests beside it";
        CommandResult r = run_aa({"test", e.path().string(), "--color", "never"});
        EXPECT_EQ(r.exit_code, 0) << e.path() << ":\n" << r.out << r.err;
        EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\n[1-9][0-9]* passed, 0 failed\n$)"))) << r.out;
    }
    EXPECT_GE(examples, 5);
}

TEST(Scenario, CloneMaxOneBreaksTheSeedTests) {
    TempDir tmp;
    fs::path spec = copy_example(tmp, "seed");
    replace_in(spec, "clone max 2 per-node 1", "clone max 1 per-node 1");
    CommandResult r = run_aa({"test", spec.string(), "--color", "never"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("FAIL " + (tmp / "seed.aatest").string() + ":2 a healthy cluster runs two instances"),
              std::string::npos) << r.out;
    EXPECT_NE(r.err.find("seed.aatest:3:3: error[E190]: expected exactly 2 instances of app_service; 1 runs"),
              std::string::npos) << r.err;
    EXPECT_NE(r.err.find("error[E192]"), std::string::npos) << "the golden record must notice too:\n" << r.err;
    EXPECT_NE(r.out.find(" failed\n"), std::string::npos);
    EXPECT_EQ(r.out.find("0 failed"), std::string::npos) << r.out;
}

TEST(Scenario, AvoidingANodeBreaksTheSeedTests) {
    TempDir tmp;
    fs::path spec = copy_example(tmp, "seed");
    replace_in(spec, "  clone max 2 per-node 1", "  avoid node-02\n  clone max 2 per-node 1");
    CommandResult r = run_aa({"test", spec.string(), "--color", "never"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("seed.aatest:4:3: error[E190]: expected app_service on node-02 node-03; it runs on node-01 node-03"),
              std::string::npos) << r.err;
}

TEST(Scenario, JunitOutputValidatesAndCountsFailures) {
    TempDir tmp;
    fs::path spec = copy_example(tmp, "seed");
    replace_in(spec, "clone max 2 per-node 1", "clone max 1 per-node 1");
    fs::path junit = tmp / "results.xml";
    CommandResult r = run_aa({"test", spec.string(), "--junit", junit.string(), "--color", "never"});
    ASSERT_EQ(r.exit_code, 1) << r.err;
    CommandResult lint = run_command({"xmllint", "--noout", "--schema", (source_dir() / "tests/data/junit.xsd").string(),
                                      junit.string()});
    EXPECT_EQ(lint.exit_code, 0) << lint.err;
    std::string xml = read_file(junit);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(xml, m, std::regex(R"re(<testsuites name="aa test" tests="(\d+)" failures="(\d+)")re"))) << xml;
    std::regex summary(R"((\d+) passed, (\d+) failed)");
    std::smatch s;
    ASSERT_TRUE(std::regex_search(r.out, s, summary)) << r.out;
    EXPECT_EQ(std::stoi(m[1]), std::stoi(s[1]) + std::stoi(s[2]));
    EXPECT_EQ(m[2], s[2]);
    EXPECT_NE(xml.find("<failure message=\"expected exactly 2 instances of app_service; 1 runs (node-02)\""),
              std::string::npos) << xml;
}

TEST(Scenario, UpdateRecordsTheGoldenPlacementAndThenItPasses) {
    TempDir tmp;
    fs::path spec = copy_example(tmp, "seed");
    fs::remove(tmp / "seed.aatest.golden");
    CommandResult missing = run_aa({"test", spec.string(), "--color", "never"});
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("error[E192]: no recorded placement"), std::string::npos) << missing.err;
    CommandResult update = run_aa({"test", spec.string(), "--update", "--color", "never"});
    EXPECT_EQ(update.exit_code, 0) << update.out << update.err;
    EXPECT_EQ(read_file(tmp / "seed.aatest.golden"), read_file(source_dir() / "examples/seed.aatest.golden"));
    CommandResult again = run_aa({"test", spec.string(), "--color", "never"});
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
}

TEST(Scenario, ExplainShowsTheAllocationScores) {
    TempDir tmp;
    fs::path spec = copy_example(tmp, "seed");
    replace_in(spec, "  clone max 2 per-node 1", "  avoid node-02\n  clone max 2 per-node 1");
    CommandResult r = run_aa({"test", spec.string(), "--explain", "--color", "never"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("note: score: "), std::string::npos) << r.err;
    EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(score: .*app_service.* allocation score on node-02: -INFINITY)")))
        << r.err;
}

TEST(Scenario, PlanRunsTheTestsAndExitsOneWhenOneFails) {
    TempDir tmp;
    fs::path spec = copy_example(tmp, "seed");
    CommandResult good = run_aa({"plan", spec.string(), "--color", "never"});
    EXPECT_EQ(good.exit_code, 2) << good.out << good.err;
    EXPECT_NE(good.out.find("Behaviour tests:"), std::string::npos) << good.out;
    replace_in(spec, "clone max 2 per-node 1", "clone max 1 per-node 1");
    CommandResult bad = run_aa({"plan", spec.string(), "--color", "never"});
    EXPECT_EQ(bad.exit_code, 1) << bad.out << bad.err;
    EXPECT_NE(bad.out.find("Predicted placement:"), std::string::npos) << "the plan is still printed:\n" << bad.out;
    EXPECT_NE(bad.out.find("FAIL "), std::string::npos) << bad.out;
    EXPECT_NE(bad.out.find("This change breaks the behaviour tests above."), std::string::npos);
    CommandResult skipped = run_aa({"plan", spec.string(), "--no-tests", "--color", "never"});
    EXPECT_EQ(skipped.exit_code, 2) << skipped.err;
    EXPECT_EQ(skipped.out.find("Behaviour tests:"), std::string::npos);
}

TEST(Scenario, NoTestsIsAnError) {
    TempDir tmp;
    write_file(tmp / "x.aa", read_file(source_dir() / "examples/seed.aa"));
    CommandResult r = run_aa({"test", (tmp / "x.aa").string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("no behaviour tests found"), std::string::npos) << r.err;
}

TEST(Scenario, TemporaryFilesAreRemoved) {
    TempDir tmp;
    fs::path spec = copy_example(tmp, "seed");
    fs::path scratch = tmp / "scratch";
    fs::create_directory(scratch);
    CommandResult r = run_aa({"test", spec.string()}, {}, {"TMPDIR=" + scratch.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::is_empty(scratch)) << "aa test left files in its temporary directory";
}

// The history the simulated cluster writes is one the scheduler takes as it is: once settled,
// another reaction has nothing to do (a wrong operation digest would restart every resource as
// "resource definition changed"). dummy.aa has instance parameters, which enter the digest.
TEST(Scenario, SettledSimulationIsStableForEveryExample) {
    for (const char* example : {"seed.aa", "dummy.aa", "db-app.aa", "web-haproxy.aa"}) {
        aa::model::Model model;
        std::string desired = desired_cib(example, model);
        aa::runtime::SimCluster cluster(desired, model);
        aa::runtime::SimState first = cluster.react();
        EXPECT_FALSE(first.actions.empty()) << example;
        aa::runtime::SimState second = cluster.react();
        std::string left;
        for (const auto& a : second.actions) left += a.task + " " + a.primitive + " on " + a.node + "\n";
        EXPECT_TRUE(second.actions.empty()) << example << ": a settled cluster still plans:\n" << left;
        EXPECT_EQ(first.running, second.running) << example;
    }
}

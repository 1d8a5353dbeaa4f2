// examples/ci/aa-review.sh is what the GitHub Actions and GitLab CI examples run on a pull request:
// fmt --check, check, test, then the markdown plan against a CIB snapshot. A clean spec passes and
// gets its plan; a spec out of layout or with an error fails before any plan is written.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using aa::test::run_command;
using aa::test::TempDir;

namespace {

aa::test::CommandResult review(const fs::path& spec, const fs::path& cib, const fs::path& out, const fs::path& cwd) {
    return run_command({(aa::test::source_dir() / "examples/ci/aa-review.sh").string(), spec.string(), cib.string(),
                        out.string()},
                       {}, {"AA=" + aa::test::aa_binary().string(), "NO_COLOR=1"}, cwd.string());
}

// A snapshot as `cibadmin --query` writes it: a cluster that runs the seed (golden/plan's base).
fs::path snapshot(const TempDir& dir) {
    fs::path cib = dir / "cib.xml";
    aa::test::write_file(cib, aa::test::read_file(aa::test::source_dir() / "golden/plan/clone-max-change/base.xml"));
    return cib;
}

fs::path spec_copy(const TempDir& dir, const std::string& name, const std::string& text) {
    fs::create_directories(dir / "cluster");
    fs::path p = dir / "cluster" / name;
    aa::test::write_file(p, text);
    return dir / "cluster";
}

}  // namespace

TEST(CiReview, ACleanSpecPassesAndItsMarkdownPlanIsWritten) {
    TempDir dir;
    // The pull request: the seed's monitor runs every 20 s instead of 30 s; its scenarios come along.
    std::string seed = aa::test::read_file(aa::test::source_dir() / "examples/seed.aa");
    auto at = seed.find("monitor every 30s");
    ASSERT_NE(at, std::string::npos);
    fs::path spec = spec_copy(dir, "seed.aa", seed.replace(at, 17, "monitor every 20s"));
    for (const char* f : {"seed.aatest", "seed.aatest.golden"})
        fs::copy_file(aa::test::source_dir() / "examples" / f, spec / f);
    auto r = review(spec, snapshot(dir), dir / "plan.md", dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    std::string plan = aa::test::read_file(dir / "plan.md");
    EXPECT_NE(plan.find("interval"), std::string::npos) << plan;
    EXPECT_NE(plan.find("1 to create, 0 to change, 1 to destroy"), std::string::npos) << plan;
}

TEST(CiReview, ASpecOutOfLayoutFailsBeforeAnyPlan) {
    TempDir dir;
    std::string seed = aa::test::read_file(aa::test::source_dir() / "examples/seed.aa");
    fs::path spec = spec_copy(dir, "seed.aa", "   " + seed);  // indented: not aa fmt's layout
    auto r = review(spec, snapshot(dir), dir / "plan.md", dir.path());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("aa fmt"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "plan.md"));
}

TEST(CiReview, ASpecWithAnErrorFailsBeforeAnyPlan) {
    TempDir dir;
    fs::path spec = spec_copy(dir, "bad.aa", "cluster prod {\n  nodes node-01\n}\n\nservice s {\n  unit s.service\n  clone max 2 per-node 1\n}\n");
    auto r = review(spec, snapshot(dir), dir / "plan.md", dir.path());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("error[E"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "plan.md"));
}

TEST(CiReview, BothCiExamplesAreValidYamlThatRunTheReviewScript) {
    for (const char* file : {"examples/ci/github-actions.yml", "examples/ci/gitlab-ci.yml"}) {
        SCOPED_TRACE(file);
        fs::path p = aa::test::source_dir() / file;
        auto r = run_command({"python3", "-c", "import sys, yaml; yaml.safe_load(open(sys.argv[1]))", p.string()});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_NE(aa::test::read_file(p).find("examples/ci/aa-review.sh"), std::string::npos);
    }
}

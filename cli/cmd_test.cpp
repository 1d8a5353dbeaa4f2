// aa test PATH... [--cib FILE] [--junit FILE] [--update] [--explain] [--jobs N]
// The spec's behaviour tests (docs/testing.md) on the desired CIB `aa plan` builds, through the
// real crm_simulate. Exit 0: every test passed; 1: a test failed, or an error.
#include <cstdio>
#include <utility>

#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "cli/spec_tests.hpp"
#include "compiler/lang/load_tests.hpp"
#include "runtime/planner.hpp"

namespace aa::cli {
namespace {

struct TestOpts {
    std::vector<std::string> paths;
    std::string cib;
    SpecTestOptions tests;
};

int run_test(TestOpts& o) {
    SpecAndTests found = find_tests(o.paths);
    if (found.spec.empty()) return fail("no spec given: name the .aa files (or their directory) the tests belong to");
    if (found.tests.empty())
        return fail("no behaviour tests found: put them in X.aatest beside X.aa, or in the spec's directory "
                    "(docs/testing.md)");
    CheckedSpec spec = load_and_check(found.spec, o.tests.color);
    if (!spec.model) return 1;
    runtime::PlanRequest req{*spec.model};
    req.keep_desired = true;
    // Only the desired CIB is needed: each scenario runs its own simulation, and judges it.
    req.simulate = false;
    if (!o.cib.empty()) {
        std::string error;
        if (!read_text_file(o.cib, req.base_xml, error)) return fail(error);
        req.base_source = o.cib;
    }
    runtime::PlanOutcome plan = runtime::make_plan(std::move(req));
    if (!plan.ok) {
        for (const std::string& e : plan.errors) fail(e);
        return 1;
    }
    o.tests.test_files = found.tests;
    SpecTestOutcome out = run_spec_tests(*spec.model, plan.desired_xml, o.tests);
    return out.ok ? 0 : 1;
}

}  // namespace

void register_test(CLI::App& app) {
    auto* cmd = app.add_subcommand("test", "Run the spec's behaviour tests (*.aatest) through crm_simulate");
    auto o = std::make_shared<TestOpts>();
    cmd->add_option("PATH", o->paths, "spec files or directories (as for `aa check`), and .aatest files")->required();
    cmd->add_option("--cib", o->cib, "base CIB file (default: the embedded default, the spec's nodes online)");
    cmd->add_option("--junit", o->tests.junit, "Write JUnit XML results to FILE (for CI systems)");
    cmd->add_flag("--update", o->tests.update, "Rewrite the recorded placements of `golden` tests (FILE.aatest.golden)");
    cmd->add_flag("--explain", o->tests.explain, "Show the allocation scores behind each failed expectation");
    cmd->add_option("--jobs", o->tests.jobs, "Tests at once (default: one per CPU)");
    add_color_option(cmd, o->tests.color);
    cmd->callback([o] { set_exit_code(run_test(*o)); });
}

}  // namespace aa::cli

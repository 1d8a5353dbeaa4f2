// The behaviour tests of a spec, as `aa test` and `aa plan` run them: find the `*.aatest` files,
// check them against the model, run them on the desired CIB, print one line per test and the
// failures as diagnostics, and write JUnit XML or golden records when asked.
#pragma once
#include <string>
#include <vector>

#include "cli/frontend.hpp"
#include "compiler/lang/model.hpp"

namespace aa::cli {

struct SpecTestOptions {
    std::vector<std::string> test_files;
    bool explain = false;
    bool update = false;    // rewrite the golden records instead of comparing them
    std::string junit;      // JUnit XML path ("" = none)
    unsigned jobs = 0;
    ColorOption color;
};

struct SpecTestOutcome {
    bool ok = false;        // every test passed (and the files checked clean)
    std::size_t passed = 0, failed = 0;
};

// Lines go to stdout, diagnostics to stderr. `desired_xml`: the planner's desired CIB.
SpecTestOutcome run_spec_tests(const model::Model& model, const std::string& desired_xml, const SpecTestOptions& o);

}  // namespace aa::cli

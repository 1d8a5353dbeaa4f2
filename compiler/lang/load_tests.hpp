// Which behaviour-test files belong to a spec, and reading them.
#pragma once
#include <string>
#include <vector>

#include "compiler/diag/diag.hpp"
#include "compiler/diag/source.hpp"
#include "compiler/lang/scenario_ast.hpp"

namespace aa {

struct SpecAndTests {
    std::vector<std::string> spec;   // what `aa check` reads
    std::vector<std::string> tests;  // *.aatest files, sorted within each directory
};

// The paths of `aa check` (files, directories), plus any `.aatest` file named directly. The tests
// of a spec: X.aatest beside each X.aa given, every *.aatest in each directory given, and the
// `.aatest` files given. Never throws.
SpecAndTests find_tests(const std::vector<std::string>& paths);

// Reads and parses each test file (E003 when unreadable, E004 when not UTF-8 text).
// One in-memory text (tests, `aa fmt --aatest -`).
ast::TestFile load_test_text(std::string path, std::string text, SourceSet& sources, Diagnostics& diags);

std::vector<ast::TestFile> load_tests(const std::vector<std::string>& files, SourceSet& sources, Diagnostics& diags);

}  // namespace aa

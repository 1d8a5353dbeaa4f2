// `aa fmt` for behaviour-test files (`*.aatest`). The layout follows format.hpp: 2-space
// indentation, single spaces between words, `K = V`, values as written, trailing comments from
// column 44, one blank line between tests, comments kept. Unlike a spec block, a test's
// statements keep their written order: it is the order in which events happen.
#pragma once
#include <string>

#include "compiler/diag/source.hpp"
#include "compiler/lang/scenario_ast.hpp"

namespace aa {

std::string format_tests(const ast::TestFile& file, const SourceSet& sources);

}  // namespace aa

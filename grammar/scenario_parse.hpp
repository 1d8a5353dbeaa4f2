// The test-file grammar's public interface: one `*.aatest` file's text to its syntax tree.
#pragma once
#include <cstdint>

#include "compiler/diag/diag.hpp"
#include "compiler/diag/source.hpp"
#include "compiler/lang/scenario_ast.hpp"

namespace aa::grammar {

// Parses file `source` of `sources` as a test file. Syntax errors are E001/E002 as in `.aa`
// files (exact column, what was expected, "did you mean"); after an error the parse resumes at
// the next statement or the next `test`. Never throws.
ast::TestFile parse_tests(const SourceSet& sources, std::uint32_t source, Diagnostics& diags);

}  // namespace aa::grammar

// The grammar's only public interface: one source file's text to its syntax tree.
#pragma once
#include <cstdint>

#include "compiler/lang/ast.hpp"
#include "compiler/diag/diag.hpp"
#include "compiler/diag/source.hpp"

namespace aa::grammar {

// Parses file `source` of `sources`. Syntax errors become E001 (at the exact column, naming
// what was expected) and E002 (unknown statement or option, with "did you mean"); after an
// error the parse resumes at the next statement, so one run reports them all. Never throws;
// with errors, the File holds every statement that did parse.
ast::File parse(const SourceSet& sources, std::uint32_t source, Diagnostics& diags);

}  // namespace aa::grammar

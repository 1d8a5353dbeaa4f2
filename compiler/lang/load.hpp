// The front of the front end: paths to checked-for-sanity text to syntax trees.
#pragma once
#include <string>
#include <vector>

#include "compiler/lang/ast.hpp"
#include "compiler/diag/diag.hpp"
#include "compiler/diag/source.hpp"

namespace aa {

// Reads each path: a file, a directory (every *.aa in it, sorted, not recursive), or "-" (stdin);
// checks the text and parses it. Never throws.
//   E003: a path cannot be read (missing, unreadable, a directory without *.aa files).
//   E004: a file is not UTF-8 text (invalid UTF-8 or a NUL byte); it is not parsed.
ast::Spec load_spec(const std::vector<std::string>& paths, SourceSet& sources, Diagnostics& diags);

// One in-memory text (tests, `aa fmt -`).
ast::File load_text(std::string path, std::string text, SourceSet& sources, Diagnostics& diags);

}  // namespace aa

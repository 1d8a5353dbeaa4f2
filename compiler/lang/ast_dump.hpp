// A deterministic, indented text form of the syntax tree: what golden `ast.txt` files hold.
#pragma once
#include <string>

#include "compiler/lang/ast.hpp"
#include "compiler/diag/source.hpp"

namespace aa {

// One node per line, children indented by two spaces, e.g.
//   service app_service @13:1
//     unit app.service @14:3
//     monitor every=30s @15:3
// Values are shown as written (raw). Comments are `# ...` lines where they were attached
// (`#<` for the comment that trails a statement's line), a blank line before a statement is
// a `<blank>` line. with_spans=false drops every `@L:C`, to compare trees by meaning.
std::string dump_ast(const ast::File& f, const SourceSet& s, bool with_spans = true);

}  // namespace aa

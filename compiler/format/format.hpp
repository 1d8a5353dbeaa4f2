// `aa fmt`: one canonical layout for a parsed file, so reviews diff meaning, not whitespace.
//
// The layout:
// - 2-space indentation per block level; single spaces between words; `KEY = VALUE`.
// - One statement per line; blocks print as `HEADER {` ... `}`.
// - Top-level statements keep their written order, separated by exactly one blank line.
// - Inside a block, statements are sorted into the canonical order of compiler/vocabulary.hpp
//   (cluster_items, defaults_scopes, service_items, clone_items, route_items). The sort is stable:
//   two statements of one kind (two monitors, two params) never swap. A blank line between two
//   statements in a block is kept where the source had one (at most one); never after `{`.
// - Values print exactly as written (Value.raw): `2m` stays `2m`, strings keep their escapes.
// - The inline clone form stays inline, the block form stays a block; both list their items in
//   canonical order.
// - Comments are kept: leading comments above their statement at its indentation; a trailing
//   comment starts at column 44 (the column the examples use), or two spaces after the code
//   when the code is longer than that; comments before a closing brace stay inside the block,
//   file end comments come last after one blank line. Trailing whitespace inside a comment
//   is dropped (this is also how CRLF input loses its carriage returns).
// - The output ends with exactly one newline (an empty file formats to an empty string).
// Formatting is idempotent, and it never changes what the spec means.
#pragma once
#include <string>

#include "compiler/lang/ast.hpp"
#include "compiler/diag/source.hpp"

namespace aa {

std::string format_file(const ast::File& file, const SourceSet& sources);

}  // namespace aa

// The type checker: a parsed spec (AST) becomes the checked model, or diagnostics say why not.
// The checks are those of the language contract (§6) and the codes in docs/errors/E010.md onward.
#pragma once
#include <optional>

#include "compiler/lang/ast.hpp"
#include "compiler/diag/diag.hpp"
#include "compiler/lang/model.hpp"
#include "compiler/diag/source.hpp"

namespace aa {

// Runs every check and collects every diagnostic (never stops at the first).
// Returns the model only when `diags` holds no error afterwards (warnings are fine).
std::optional<model::Model> check(const ast::Spec& spec, const SourceSet& sources, Diagnostics& diags);

}  // namespace aa

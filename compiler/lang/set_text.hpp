// The canonical text of a set constraint's operands, `[fs vip] parallel then app`: what `aa fmt`
// prints, what the AST dump shows and what messages quote.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "compiler/lang/ast.hpp"

namespace aa {

// One operand: `[A B] QUALIFIER FLAGS...`, or a lone `NAME QUALIFIER`.
std::string set_text(const ast::ResourceSet& set);
// All of them joined by `joiner` ("then" in orders, "with" in colocations).
std::string sets_text(const std::vector<ast::ResourceSet>& sets, std::string_view joiner);

}  // namespace aa

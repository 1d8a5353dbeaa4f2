// The canonical text of a location rule, `where rack eq r1 and (ssd eq true or defined nvme)`:
// what `aa fmt` prints, what the AST dump shows and what messages quote.
#pragma once
#include <string>

#include "compiler/lang/ast.hpp"

namespace aa {

std::string condition_text(const ast::RuleCondition& c);
// `where` and the terms with their joiners (the options after it are not included).
std::string rule_text(const ast::LocationStmt& l);

}  // namespace aa

// The behaviour tests' checker: parsed test files + the spec's checked model -> scenarios with
// every service, node and server resolved, or diagnostics (E185-E189, E193-E194, W075) saying why not.
#pragma once
#include <vector>

#include "compiler/diag/diag.hpp"
#include "compiler/lang/model.hpp"
#include "compiler/lang/scenario.hpp"
#include "compiler/lang/scenario_ast.hpp"

namespace aa {

std::vector<scenario::Scenario> check_tests(const std::vector<ast::TestFile>& files, const model::Model& model,
                                            const SourceSet& sources, Diagnostics& diags);

}  // namespace aa

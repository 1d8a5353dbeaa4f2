// One spec text parsed and checked, as the property tests hold it: the tree, its sources, what
// the checker said and the model (none when there were errors).
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "compiler/diag/diag.hpp"
#include "compiler/diag/source.hpp"
#include "compiler/lang/ast.hpp"
#include "compiler/lang/model.hpp"

namespace aa::test {

struct ParsedSpec {
    SourceSet sources;
    Diagnostics diags;
    ast::File file;
    std::optional<model::Model> model;
};

std::unique_ptr<ParsedSpec> parse_and_check(const std::string& text);

}  // namespace aa::test

// The round trip a pcs-built cluster takes, for the property tests: a model lowered into a CIB,
// `aa import` of that CIB, and the imported spec read back.
#pragma once
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/import/import.hpp"
#include "compiler/lang/model.hpp"
#include "support/parsed_spec.hpp"

namespace aa::test {

// The <constraints> the model lowers to, as one line of XML.
std::string lowered_constraints(const model::Model& m);

// `m` lowered into a CIB whose <nodes> are node-01 .. node-0N, imported, formatted and parsed and
// checked again; `left_out` receives what import could not say.
std::unique_ptr<ParsedSpec> import_lowered(const model::Model& m, int nodes, std::vector<Unsupported>& left_out);

// Properties (RC_ASSERT inside): the import of `m`'s CIB (3 nodes) leaves out nothing of the
// `kinds` given and checks, and its spec lowers to the same constraints.
void assert_import_keeps_constraints(const model::Model& m, std::initializer_list<std::string_view> kinds);
// `aa fmt` of a checked spec: the text formats to itself, checks, lowers to the same constraints,
// and parses to the same tree once more.
void assert_format_fixed_point(const ParsedSpec& before);
// True when every error the checker gave has one of `codes` (what a generator rightly makes).
bool only_errors(const ParsedSpec& p, std::initializer_list<std::string_view> codes);

}  // namespace aa::test

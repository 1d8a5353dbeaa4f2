// The round trip a pcs-built cluster takes, for the property tests: a model lowered into a CIB,
// `aa import` of that CIB, and the imported spec read back.
#pragma once
#include <memory>
#include <string>
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

}  // namespace aa::test

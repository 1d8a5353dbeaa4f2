// PEGTL's static grammar analysis, exposed so a test can run it without including PEGTL.
#pragma once
#include <cstddef>

namespace aa::grammar {

// Number of problems tao::pegtl::analyze finds in the grammar (rules that can loop without
// consuming input); 0 for a sound grammar. Problems are printed to stderr by PEGTL.
std::size_t grammar_issues();

}  // namespace aa::grammar

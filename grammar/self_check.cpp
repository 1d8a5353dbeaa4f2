#include "grammar/self_check.hpp"

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/rules.hpp"

namespace aa::grammar {

std::size_t grammar_issues() {
    return tao::pegtl::analyze<rules::file>(1);
}

}  // namespace aa::grammar

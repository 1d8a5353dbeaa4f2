#include "support/parsed_spec.hpp"

#include "compiler/check/check.hpp"
#include "compiler/lang/load.hpp"

namespace aa::test {

std::unique_ptr<ParsedSpec> parse_and_check(const std::string& text) {
    auto p = std::make_unique<ParsedSpec>();
    p->file = load_text("spec.aa", text, p->sources, p->diags);
    if (!p->diags.has_errors()) {
        ast::Spec spec;
        spec.files.push_back(p->file);
        p->model = check(spec, p->sources, p->diags);
    }
    return p;
}

}  // namespace aa::test

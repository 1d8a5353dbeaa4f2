#include "support/fuzz_oracles.hpp"

#include "compiler/check/check.hpp"
#include "compiler/cib/cib.hpp"
#include "compiler/diag/diag.hpp"
#include "compiler/format/format.hpp"
#include "compiler/lang/load.hpp"

namespace aa::fuzz {

std::string frontend_oracle(std::string_view bytes) {
    SourceSet sources;
    Diagnostics diags;
    ast::File file = load_text("fuzz.aa", std::string(bytes), sources, diags);
    bool has_model = false;
    if (!diags.has_errors()) {
        ast::Spec spec;
        spec.files.push_back(file);
        has_model = check(spec, sources, diags).has_value();
    }
    if (has_model == diags.has_errors()) return has_model ? "a model and an error at once" : "neither a model nor an error";
    (void)render(diags.sorted(), sources);
    const std::string once = format_file(file, sources);
    if (diags.has_errors()) return {};

    SourceSet again_sources;
    Diagnostics again_diags;
    ast::File again = load_text("fuzz.aa", once, again_sources, again_diags);
    if (again_diags.has_errors()) return "the formatted text does not parse";
    if (format_file(again, again_sources) != once) return "formatting is not a fixed point";
    return {};
}

std::string cib_oracle(std::string_view bytes) {
    pugi::xml_document doc;
    std::string error;
    if (!cib::load(bytes, "fuzz.xml", doc, error))
        return error.rfind("fuzz.xml", 0) == 0 ? std::string() : "a refusal that does not name the file: " + error;
    if (std::string_view(doc.document_element().name()) != "cib") return "loaded a document whose root is not <cib>";
    if (cib::config_hash(doc.child("cib")).size() != 64) return "the configuration digest is not 64 hex digits";
    (void)cib::canonical(doc);
    return {};
}

}  // namespace aa::fuzz

// `aa import` on what aa itself wrote: for a random valid spec lowered onto the default base, the
// import of the resulting CIB expresses every object (nothing left out, explicit ids kept), checks
// clean, and lowers back onto that CIB without changing anything, aa-managed tag included.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "compiler/check/check.hpp"
#include "compiler/cib/cib.hpp"
#include "compiler/format/format.hpp"
#include "compiler/import/import.hpp"
#include "compiler/lang/load.hpp"
#include "runtime/planner.hpp"
#include "support/spec_gen.hpp"

namespace aa {
namespace {

struct Checked {
    SourceSet sources;
    Diagnostics diags;
    std::optional<model::Model> model;
};

std::unique_ptr<Checked> check_text(const std::string& text) {
    auto c = std::make_unique<Checked>();
    ast::Spec spec;
    spec.files.push_back(load_text("spec.aa", text, c->sources, c->diags));
    if (!c->diags.has_errors()) c->model = check(spec, c->sources, c->diags);
    return c;
}

// The desired CIB of `m` planned (in process) on `base_xml` ("" for the default base).
std::string desired(const model::Model& m, const std::string& base_xml, bool adopt) {
    runtime::PlanRequest req{m};
    req.base_xml = base_xml;
    req.base_source = base_xml.empty() ? "default" : "cib.xml";
    req.adopt = adopt;
    req.simulate = false;
    req.keep_desired = true;
    runtime::PlanOutcome out = runtime::make_plan(req);
    RC_ASSERT(out.ok);
    return out.desired_xml;
}

std::string configuration(const std::string& cib_xml) {
    pugi::xml_document doc;
    RC_ASSERT(bool(doc.load_string(cib_xml.c_str())));
    return cib::canonical(doc.document_element().child("configuration"));
}

RC_GTEST_PROP(ImportProperty, WhatAaWroteImportsFullyAndLowersBackUnchanged, ()) {
    const std::string text = *test::gen_valid_spec_text();
    auto original = check_text(text);
    RC_PRE(original->model.has_value());
    const std::string cib_xml = desired(*original->model, "", false);

    pugi::xml_document cib;
    RC_ASSERT(bool(cib.load_string(cib_xml.c_str())));
    ImportResult imported = import_cib(cib.document_element());
    RC_ASSERT(imported.refusal.empty());
    std::string left_out;
    for (const Unsupported& u : imported.unsupported)
        if (u.id != "aa-default-fencing") left_out += u.kind + " " + u.id + ": " + u.detail + "\n";
    RC_ASSERT(left_out == "");

    SourceSet sources;
    const std::string spec = format_file(imported.file, sources);
    auto again = check_text(spec);
    RC_ASSERT(again->model.has_value());
    // The imported spec owns exactly what the original owned: adopting it changes nothing.
    RC_ASSERT(configuration(desired(*again->model, cib_xml, true)) == configuration(cib_xml));
}

}  // namespace
}  // namespace aa

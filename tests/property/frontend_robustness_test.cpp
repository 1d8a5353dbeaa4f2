// The front end on hostile input: whatever the bytes, loading and checking end with a model or
// with at least one error, and neither rendering the diagnostics nor formatting what was parsed
// can crash.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "compiler/check/check.hpp"
#include "compiler/diag/diag.hpp"
#include "compiler/format/format.hpp"
#include "compiler/lang/load.hpp"
#include "compiler/lang/vocabulary.hpp"
#include "support/spec_gen.hpp"

namespace aa {
namespace {

void front_end_gives_a_model_or_an_error(const std::string& text) {
    SourceSet sources;
    Diagnostics diags;
    ast::File file = load_text("fuzz.aa", text, sources, diags);
    std::optional<model::Model> model;
    if (!diags.has_errors()) {
        ast::Spec spec;
        spec.files.push_back(file);
        model = check(spec, sources, diags);
    }
    RC_ASSERT(model.has_value() != diags.has_errors());
    RC_CLASSIFY(model.has_value(), "checked clean");
    std::string rendered = render(diags.sorted(), sources, {.color = true});
    RC_ASSERT(diags.empty() || !rendered.empty());
    (void)format_file(file, sources);
}

// Words of the language and its punctuation, so random text reaches past the first token.
rc::Gen<std::string> gen_token_soup() {
    std::vector<std::string> tokens = {"cluster", "service", "defaults", "order", "colocate", "route", "nodes",
                                       "property", "resource", "op", "unit", "agent", "param", "monitor", "every",
                                       "timeout", "on-fail", "start", "stop", "meta", "parallel-safe", "clone",
                                       "max", "per-node", "interleave", "prefer", "avoid", "score", "then", "with",
                                       "via", "haproxy", "command", "server", "drain", "ready", "id", "{", "}",
                                       "=", "\n", "\n", "\n", "#c\n", "a", "b", "n1", "30s", "0", "-1", "2",
                                       "INFINITY", "\"s\"", "\"", "x.service", "ocf:pacemaker:Dummy", "\r\n"};
    return rc::gen::map(rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(tokens)),
                        [](const std::vector<std::string>& words) {
                            std::string s;
                            for (const auto& w : words) s += w + " ";
                            return s;
                        });
}

RC_GTEST_PROP(FrontendRobustness, RandomBytes, (const std::string& bytes)) {
    front_end_gives_a_model_or_an_error(bytes);
}

RC_GTEST_PROP(FrontendRobustness, RandomTokens, ()) { front_end_gives_a_model_or_an_error(*gen_token_soup()); }

RC_GTEST_PROP(FrontendRobustness, MutatedExamples, ()) {
    front_end_gives_a_model_or_an_error(*test::gen_mutated_example());
}

TEST(FrontendRobustness, DeepNestingAndHugeLinesDoNotCrash) {
    std::string deep(20000, '{');
    std::string wide = "cluster c {\n  nodes " + std::string(100000, 'n') + "\n}\n";
    std::string nul = std::string("service a {\0}\n", 14);
    for (const std::string& text : {deep, wide, nul}) {
        SourceSet sources;
        Diagnostics diags;
        ast::File file = load_text("edge.aa", text, sources, diags);
        std::optional<model::Model> model;
        if (!diags.has_errors()) {
            ast::Spec spec;
            spec.files.push_back(file);
            model = check(spec, sources, diags);
        }
        EXPECT_TRUE(model.has_value() != diags.has_errors());
        EXPECT_NO_THROW(render(diags.sorted(), sources));
    }
}

}  // namespace
}  // namespace aa

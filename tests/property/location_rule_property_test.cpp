// Random location rules (conditions of every operation and type, `and`/`or`, one level of
// parentheses, score, score-attribute, role), written with odd spacing: `aa fmt` is a fixed point
// that keeps the lowered CIB, and `aa import` of that CIB writes a spec that lowers to the same
// constraints.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "support/import_round_trip.hpp"
#include "support/parsed_spec.hpp"

namespace aa {
namespace {

const std::string kCluster = "cluster prod {\n  nodes node-01 node-02 node-03\n  property stonith-enabled = false\n}\n";

std::string gen_condition() {
    const std::string attribute = *rc::gen::element<std::string>("rack", "ssd", "pingd", "\"#uname\"", "disk.size");
    switch (*rc::gen::inRange(0, 5)) {
        case 0: return "defined " + attribute;
        case 1: return "not_defined " + attribute;
        case 2: return attribute + " " + *rc::gen::element<std::string>("eq", "ne") + " " +
                       (attribute == "\"#uname\"" ? *rc::gen::element<std::string>("node-01", "node-02", "node-03")
                                                   : *rc::gen::element<std::string>("r1", "true", "\"two words\"", "a.b-c"));
        case 3: return attribute + " " + *rc::gen::element<std::string>("lt", "gt", "lte", "gte") + " integer " +
                       std::to_string(*rc::gen::inRange(-5, 100));
        default: return attribute + " " + *rc::gen::element<std::string>("lt", "gte") + " " +
                        *rc::gen::element<std::string>("version 5.10", "number 0.5", "string m");
    }
}

std::string gen_term(const std::string& outer) {
    if (*rc::gen::inRange(0, 3) != 0) return gen_condition();
    const std::string joiner = *rc::gen::element<std::string>("and", "or");
    std::string s = "(" + gen_condition();
    const int n = *rc::gen::inRange(1, 3);
    for (int i = 0; i < n; ++i) s += " " + (outer.empty() ? joiner : joiner) + "   " + gen_condition();
    return s + ")";
}

std::string gen_rule(bool promotable) {
    const bool prefer = *rc::gen::arbitrary<bool>();
    const std::string joiner = *rc::gen::element<std::string>("and", "or");
    std::string s = std::string(prefer ? "prefer" : "avoid") + "  where " + gen_term(joiner);
    const int n = *rc::gen::inRange(0, 3);
    for (int i = 0; i < n; ++i) s += " " + joiner + " " + gen_term(joiner);
    if (prefer) {
        const int score = *rc::gen::inRange(0, 3);
        if (score == 1) s += " score " + std::to_string(*rc::gen::inRange(-1000, 1000));
        if (score == 2) s += " score-attribute pingd";
    }
    if (promotable && *rc::gen::arbitrary<bool>()) s += " role " + *rc::gen::element<std::string>("promoted", "unpromoted");
    return "  " + s + "\n";
}

rc::Gen<std::string> gen_spec() {
    return rc::gen::exec([] {
        std::string text = kCluster + "service app {\n  agent ocf:pacemaker:Dummy\n";
        for (int i = *rc::gen::inRange(1, 4); i > 0; --i) text += gen_rule(false);
        text += "}\nservice db {\n  agent ocf:pacemaker:Stateful\n  promotable promoted-max 1\n";
        for (int i = *rc::gen::inRange(0, 3); i > 0; --i) text += gen_rule(true);
        return text + "}\n";
    });
}


std::unique_ptr<test::ParsedSpec> parse(const std::string& text) { return test::parse_and_check(text); }

// A generated spec may repeat a rule (E014); anything else the checker refuses is a failure.
RC_GTEST_PROP(LocationRuleProperty, FormattingIsAFixedPointAndKeepsTheCib, ()) {
    const std::string text = *gen_spec();
    auto before = parse(text);
    if (!before->model) {
        RC_ASSERT(test::only_errors(*before, {"E014"}));
        RC_DISCARD("a rule written twice");
    }
    test::assert_format_fixed_point(*before);
    RC_CLASSIFY(text.find('(') != std::string::npos, "parentheses");
}

RC_GTEST_PROP(LocationRuleProperty, ImportOfTheLoweredCibLowersToTheSameConstraints, ()) {
    auto spec = parse(*gen_spec());
    if (!spec->model) RC_DISCARD("a rule written twice");
    test::assert_import_keeps_constraints(*spec->model, {"rule", "rsc_location"});
}

// The comparisons are only as strong as the lowering: the joiner must change the CIB.
TEST(LocationRuleProperty, TheCibComparisonSeesTheJoiner) {
    const std::string head = kCluster + "service app {\n  agent ocf:pacemaker:Dummy\n";
    auto a = parse(head + "  prefer where rack eq r1 and ssd eq true\n}\n");
    auto b = parse(head + "  prefer where rack eq r1 or ssd eq true\n}\n");
    ASSERT_TRUE(a->model && b->model);
    EXPECT_NE(test::lowered_constraints(*a->model), test::lowered_constraints(*b->model));
}

}  // namespace
}  // namespace aa

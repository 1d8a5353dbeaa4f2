// Random set constraints (`order [..] then [..]`, `colocate [..] with [..]`, with actions, roles,
// `parallel`, `any`, lone names, kinds and scores), written with odd spacing: `aa fmt` is a fixed
// point that keeps the tree and the lowered CIB, and `aa import` of that CIB writes a spec that
// lowers to the same constraints (the round trip a pcs-built cluster takes).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "support/import_round_trip.hpp"
#include "support/parsed_spec.hpp"

namespace aa {
namespace {

// p0..p3 plain services, c0 a clone, db a promotable clone.
const std::string kHead =
    "cluster prod {\n  nodes node-01 node-02 node-03\n  property stonith-enabled = false\n}\n"
    "service p0 {\n  agent ocf:pacemaker:Dummy\n}\nservice p1 {\n  agent ocf:pacemaker:Dummy\n}\n"
    "service p2 {\n  agent ocf:pacemaker:Dummy\n}\nservice p3 {\n  agent ocf:pacemaker:Dummy\n}\n"
    "service c0 {\n  agent ocf:pacemaker:Dummy\n  parallel-safe\n  clone interleave\n}\n"
    "service db {\n  agent ocf:pacemaker:Stateful\n  promotable promoted-max 1\n}\n";
const std::vector<std::string> kNames = {"p0", "p1", "p2", "p3", "c0", "db"};

std::string spaces() { return std::string(static_cast<std::size_t>(*rc::gen::inRange(1, 4)), ' '); }

// One constraint over distinct resources, split into 1-3 parts.
std::string gen_constraint(bool order) {
    std::vector<std::string> names = kNames;
    for (std::size_t i = names.size(); i > 1; --i)
        std::swap(names[i - 1], names[static_cast<std::size_t>(*rc::gen::inRange<int>(0, static_cast<int>(i)))]);
    const std::size_t count = static_cast<std::size_t>(*rc::gen::inRange(2, 6));
    const int parts = std::min<int>(static_cast<int>(count), *rc::gen::inRange(1, 4));
    std::string text = order ? "order" : "colocate";
    std::size_t at = 0;
    for (int p = 0; p < parts; ++p) {
        const std::size_t left = count - at, need_after = static_cast<std::size_t>(parts - p - 1);
        const std::size_t take = p + 1 == parts ? left : static_cast<std::size_t>(*rc::gen::inRange<int>(1, static_cast<int>(left - need_after) + 1));
        const bool only_db = take == 1 && names[at] == "db";
        const bool bracketed = take > 1 || parts == 1 || *rc::gen::arbitrary<bool>();
        if (p) text += spaces() + (order ? "then" : "with");
        text += spaces();
        std::string members;
        for (std::size_t i = 0; i < take; ++i) members += (i ? spaces() : "") + names[at + i];
        text += bracketed ? "[" + members + "]" : members;
        at += take;
        const int q = *rc::gen::inRange(0, 3);
        if (order && q == 1) text += " stop";
        if (order && q == 2 && only_db) text += " promote";
        if (!order && q == 2 && only_db) text += " promoted";
        if (bracketed && parts > 1 && *rc::gen::arbitrary<bool>()) text += " parallel";
        if (bracketed && order && parts > 1 && *rc::gen::arbitrary<bool>()) text += " any";
    }
    if (order && *rc::gen::arbitrary<bool>()) text += " optional";
    if (!order && *rc::gen::arbitrary<bool>()) text += " score " + std::to_string(*rc::gen::inRange(-500, 500));
    return text + "\n";
}

rc::Gen<std::string> gen_spec() {
    return rc::gen::exec([] {
        std::string text = kHead;
        const int n = *rc::gen::inRange(1, 5);
        for (int i = 0; i < n; ++i) text += gen_constraint(*rc::gen::arbitrary<bool>());
        return text;
    });
}


std::unique_ptr<test::ParsedSpec> parse(const std::string& text) { return test::parse_and_check(text); }

// A generated spec must check, duplicates (E014) and cycles (E043) aside: the generator can make
// those, and the checker rightly refuses them.
RC_GTEST_PROP(SetConstraintProperty, FormattingIsAFixedPointAndKeepsTheTreeAndTheCib, ()) {
    const std::string text = *gen_spec();
    auto before = parse(text);
    if (!before->model) {
        RC_ASSERT(test::only_errors(*before, {"E014", "E043"}));
        RC_DISCARD("a duplicate or a cycle");
    }
    test::assert_format_fixed_point(*before);
    RC_CLASSIFY(text.find('[') != std::string::npos, "sets");
}

RC_GTEST_PROP(SetConstraintProperty, ImportOfTheLoweredCibLowersToTheSameConstraints, ()) {
    auto spec = parse(*gen_spec());
    if (!spec->model) RC_DISCARD("a duplicate or a cycle");
    test::assert_import_keeps_constraints(*spec->model, {"rsc_order", "rsc_colocation"});
    RC_CLASSIFY(test::lowered_constraints(*spec->model).find("resource_set") != std::string::npos, "sets");
}

// The comparisons are only as strong as the lowering: `parallel` must change the CIB.
TEST(SetConstraintProperty, TheCibComparisonSeesParallel) {
    auto a = parse(kHead + "order [p0 p1] then [p2]\n");
    auto b = parse(kHead + "order [p0 p1] parallel then [p2]\n");
    ASSERT_TRUE(a->model && b->model);
    EXPECT_NE(test::lowered_constraints(*a->model), test::lowered_constraints(*b->model));
}

}  // namespace
}  // namespace aa

// Every default Pacemaker's metadata (and Pacemaker Explained) declares passes its own option's
// check, and values built from each option's accepted forms pass while near misses do not.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "compiler/lang/options.hpp"

namespace {

using namespace aa::options;

TEST(OptionDefaults, EveryDeclaredDefaultPassesItsOwnCheck) {
    std::size_t judged = 0;
    for (const Option& o : all()) {
        if (o.default_value.empty()) continue;
        Verdict v = judge(o, o.default_value);
        EXPECT_TRUE(v.ok) << o.name << " (" << type_name(o.type) << ", from " << o.source << ") default `"
                          << o.default_value << "` fails: expected " << v.expected;
        ++judged;
    }
    EXPECT_GT(judged, 80u);  // the daemons' metadata and Explained declare that many
}

TEST(OptionDefaults, EveryEnumValuePasses) {
    for (const Option& o : all())
        for (std::string_view value : o.values) EXPECT_TRUE(judge(o, value).ok) << o.name << " = " << value;
}

const Option& pick_option(Type t) {
    for (const Option& o : all())
        if (o.type == t) return o;
    throw std::runtime_error("no option of that type");
}

RC_GTEST_PROP(OptionValues, DurationsInEveryUnitPass, (unsigned n, unsigned unit)) {
    static constexpr const char* units[] = {"", "ms", "msec", "us", "usec", "s", "sec", "m", "min", "h", "hr", "S", "MIN"};
    std::string value = std::to_string(n % 100000) + units[unit % 13];
    RC_ASSERT(judge(pick_option(Type::Duration), value).ok);
    // Two units, a fraction or a trailing word Pacemaker would misread: refused with a suggestion.
    Verdict v = judge(pick_option(Type::Duration), std::to_string(n % 1000 + 1) + "m30s");
    RC_ASSERT(!v.ok);
    RC_ASSERT(v.suggestion.has_value());
}

RC_GTEST_PROP(OptionValues, IntegersAndScores, (int n)) {
    RC_ASSERT(judge(pick_option(Type::Integer), std::to_string(n)).ok);
    RC_ASSERT(judge(pick_option(Type::Score), std::to_string(n)).ok);
    RC_ASSERT(!judge(pick_option(Type::Score), std::to_string(n) + "x").ok);
}

RC_GTEST_PROP(OptionValues, EnumNearMissesAreRefusedWithTheValue, ()) {
    const Option& o = pick_option(Type::Enum);
    std::string value(o.values[*rc::gen::inRange<std::size_t>(0, o.values.size())]);
    std::string typo = value + value.back();  // "stopp"
    Verdict v = judge(o, typo);
    RC_ASSERT(!v.ok);
    RC_ASSERT(v.suggestion.has_value());
}

}  // namespace

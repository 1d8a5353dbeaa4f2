// Maybe<T> behaves as std::optional<T> does for everything the AST and the model use: presence,
// value, comparison, copy (deep: a copy never shares its value) and assignment.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <string>

#include "compiler/util/maybe.hpp"

namespace {

using aa::Maybe;

std::optional<std::string> as_optional(const Maybe<std::string>& m) {
    return m ? std::optional<std::string>(*m) : std::nullopt;
}

// rapidcheck has no generator for std::optional; absent about a third of the time.
std::optional<std::string> some_or_none() {
    if (*rc::gen::inRange(0, 3) == 0) return std::nullopt;
    return *rc::gen::arbitrary<std::string>();
}

// Comparisons are taken into bools first: RC_ASSERT wraps its operands in its own types.
RC_GTEST_PROP(Maybe, ReadsAndComparesLikeTheOptionalItWasMadeFrom, ()) {
    const auto a = some_or_none();
    const auto b = some_or_none();
    Maybe<std::string> ma = a;
    Maybe<std::string> mb = b;
    RC_ASSERT(ma.has_value() == a.has_value());
    RC_ASSERT(as_optional(ma) == a);
    const bool maybes_equal = ma == mb;
    RC_ASSERT(maybes_equal == (a == b));
    const bool absent = ma == std::nullopt;
    RC_ASSERT(absent == !a);
    if (b) {
        const bool equals_value = ma == *b;
        RC_ASSERT(equals_value == (a == *b));
    }
    RC_ASSERT(ma.value_or("fallback") == a.value_or("fallback"));
}

RC_GTEST_PROP(Maybe, ACopyOwnsItsValue, (std::string other)) {
    const auto a = some_or_none();
    Maybe<std::string> original = a;
    Maybe<std::string> copy = original;
    const bool copied_equal = copy == original;
    RC_ASSERT(copied_equal);
    copy = other;
    RC_ASSERT(as_optional(original) == a);  // changing the copy left the original alone
    Maybe<std::string> assigned;
    assigned = original;
    if (assigned) *assigned += "x";
    RC_ASSERT(as_optional(original) == a);
}

TEST(Maybe, AbsentCostsOnePointer) {
    EXPECT_EQ(sizeof(Maybe<std::string>), sizeof(void*));
    Maybe<std::string> m;
    EXPECT_FALSE(m);
    EXPECT_THROW((void)m.value(), std::bad_optional_access);
    m.emplace(3, 'z');
    EXPECT_EQ(*m, "zzz");
    m = std::nullopt;
    EXPECT_FALSE(m.has_value());
}

}  // namespace

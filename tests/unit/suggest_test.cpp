#include <gtest/gtest.h>

#include "compiler/diag/suggest.hpp"
#include "compiler/lang/vocabulary.hpp"

using aa::suggest_from;

TEST(Suggest, FindsTyposOfKeywords) {
    EXPECT_EQ(suggest_from("servce", aa::vocab::top_level), "service");
    EXPECT_EQ(suggest_from("sevrice", aa::vocab::top_level), "service");
    EXPECT_EQ(suggest_from("parallel-save", aa::vocab::service_items), "parallel-safe");
    EXPECT_EQ(suggest_from("colocat", aa::vocab::top_level), "colocate");
}

TEST(Suggest, StaysQuietWhenNothingIsClose) {
    EXPECT_FALSE(suggest_from("banana", aa::vocab::top_level));
    EXPECT_FALSE(suggest_from("x", aa::vocab::top_level));
}

TEST(Suggest, NodeNames) {
    std::vector<std::string> nodes{"node-01", "node-02", "node-03"};
    EXPECT_EQ(suggest_from("node-1", nodes), "node-01");
}

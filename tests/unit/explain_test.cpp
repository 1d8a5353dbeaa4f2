// Every diagnostic code the golden cases show has a long explanation with a failing example,
// and `aa explain` prints it.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "compiler/diag/explain.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace aa::test;

namespace {

std::set<std::string> codes_in_goldens() {
    std::set<std::string> codes;
    std::regex code_re(R"((?:error|warning)\[([EW]\d{3})\])");
    for (const auto& e : fs::recursive_directory_iterator(source_dir() / "golden")) {
        if (e.path().filename() != "errors.txt") continue;
        std::string text = read_file(e.path());
        for (std::sregex_iterator it(text.begin(), text.end(), code_re), end; it != end; ++it) codes.insert((*it)[1]);
    }
    return codes;
}

}  // namespace

TEST(Explain, EveryCodeInTheGoldenCasesIsDocumentedWithAFailingExample) {
    std::set<std::string> codes = codes_in_goldens();
    ASSERT_GT(codes.size(), 20u);
    for (const std::string& code : codes) {
        auto text = aa::explain(code);
        ASSERT_TRUE(text.has_value()) << code << " has no docs/errors/" << code << ".md";
        EXPECT_NE(text->find("```aa"), std::string_view::npos) << code << " has no failing example";
        EXPECT_NE(text->find(code), std::string_view::npos) << code << "'s page does not show the code";
    }
}

TEST(Explain, CliPrintsTheExplanation) {
    CommandResult r = run_aa({"explain", "E030"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("parallel-safe"), std::string::npos);
    CommandResult lower = run_aa({"explain", "e030"});
    EXPECT_EQ(lower.out, r.out);
}

TEST(Explain, UnknownCodeIsAnError) {
    CommandResult r = run_aa({"explain", "E999"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("no such diagnostic code"), std::string::npos);
}

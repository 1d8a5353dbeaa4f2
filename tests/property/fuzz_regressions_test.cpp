// Every input that ever broke a fuzz target (or was written to break one) keeps its promise in
// every build, not only where clang builds the fuzzers: tests/fuzz/regressions/{frontend,cib}/.
#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "support/fuzz_oracles.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs(const char* target) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(aa::test::source_dir() / "tests/fuzz/regressions" / target))
        if (e.is_regular_file()) out.push_back(e.path());
    return out;
}

}  // namespace

TEST(FuzzRegressions, EveryFrontEndInputEndsInAModelOrAnErrorAndFormatsToAFixedPoint) {
    const std::vector<fs::path> files = inputs("frontend");
    ASSERT_GE(files.size(), 5u);
    for (const fs::path& f : files) EXPECT_EQ(aa::fuzz::frontend_oracle(aa::test::read_file(f)), "") << f;
}

TEST(FuzzRegressions, EveryCibInputLoadsWithinTheLimitsOrIsRefusedByName) {
    const std::vector<fs::path> files = inputs("cib");
    ASSERT_GE(files.size(), 5u);
    for (const fs::path& f : files) EXPECT_EQ(aa::fuzz::cib_oracle(aa::test::read_file(f)), "") << f;
}

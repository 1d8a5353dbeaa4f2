// The subprocess runner: captures exit status, output, stderr; enforces timeouts; reports missing programs.
#include <gtest/gtest.h>

#include "runtime/runner.hpp"

using namespace aa::runtime;

TEST(Runner, CapturesStdoutStderrAndExitStatus) {
    Result r = run(Command{.argv = {"sh", "-c", "echo out; echo err >&2; exit 3"}});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(r.out, "out\n");
    EXPECT_EQ(r.err, "err\n");
}

TEST(Runner, FeedsStdin) {
    Command c{.argv = {"cat"}};
    c.stdin_text = std::string(300000, 'x');
    Result r = run(c);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out.size(), 300000u);
}

TEST(Runner, TimeoutKillsTheCommand) {
    Command c{.argv = {"sleep", "30"}};
    c.timeout = std::chrono::milliseconds(300);
    Result r = run(c);
    EXPECT_TRUE(r.timed_out);
    EXPECT_LT(r.duration.count(), 5000);
    EXPECT_NE(r.describe().find("timed out"), std::string::npos);
}

TEST(Runner, MissingProgramNamesThePackage) {
    Result r = run(Command{.argv = {"crm_verify_does_not_exist"}});
    EXPECT_TRUE(r.not_found);
    EXPECT_FALSE(r.ok());
}

TEST(Runner, DescribeCarriesCommandExitAndStderr) {
    Result r = run(Command{.argv = {"sh", "-c", "echo boom >&2; exit 7"}});
    std::string d = r.describe();
    EXPECT_NE(d.find("sh -c"), std::string::npos);
    EXPECT_NE(d.find("exit 7"), std::string::npos);
    EXPECT_NE(d.find("boom"), std::string::npos);
}

TEST(Runner, ShellQuote) {
    EXPECT_EQ(shell_quote("app.service"), "app.service");
    EXPECT_EQ(shell_quote("a b"), "'a b'");
    EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
    EXPECT_EQ(shell_quote(""), "''");
}

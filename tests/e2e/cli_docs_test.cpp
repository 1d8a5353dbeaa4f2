// Man pages and shell completion are generated from aa's own command tree: every command `aa
// --help` lists has a page naming each of its options, the pages render through man(1) without
// warnings, and bash (and zsh, where installed) load the completion and complete real words.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using aa::test::run_aa;
using aa::test::run_command;
using aa::test::TempDir;

namespace {

// The words under "SUBCOMMANDS:" in CLI11's help.
std::vector<std::string> subcommands_in_help(const std::string& help) {
    std::vector<std::string> names;
    auto at = help.find("SUBCOMMANDS:");
    if (at == std::string::npos) at = help.find("Subcommands:");
    if (at == std::string::npos) return names;
    std::regex line(R"(\n  ([a-z][a-z0-9-]*) )");
    std::string rest = help.substr(at);
    for (std::sregex_iterator it(rest.begin(), rest.end(), line), end; it != end; ++it) names.push_back((*it)[1]);
    return names;
}

// Long option names in a command's --help ("--cib", "--out", ...), --help itself left out.
std::set<std::string> options_in_help(const std::string& help) {
    std::set<std::string> names;
    std::regex opt(R"((--[a-z][a-z0-9-]*))");
    for (std::sregex_iterator it(help.begin(), help.end(), opt), end; it != end; ++it)
        if ((*it)[1] != "--help") names.insert((*it)[1]);
    return names;
}

std::string bash_complete(const std::string& script, const std::string& words, int cword) {
    std::string program = script + "\nCOMP_WORDS=(" + words + "); COMP_CWORD=" + std::to_string(cword) +
                          "; _aa; printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    auto r = run_command({"bash", "--norc", "-c", program});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
}

}  // namespace

TEST(ManPages, EveryCommandInHelpHasAPageThatNamesEachOfItsOptions) {
    TempDir dir;
    auto gen = run_aa({"man-pages", dir.path().string()});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    auto top = run_aa({"--help"});
    std::vector<std::string> commands = subcommands_in_help(top.out);
    ASSERT_GE(commands.size(), 8u) << top.out;
    ASSERT_TRUE(fs::exists(dir / "aa.1"));
    std::string index = aa::test::read_file(dir / "aa.1");
    for (const std::string& cmd : commands) {
        SCOPED_TRACE(cmd);
        fs::path page = dir / ("aa-" + cmd + ".1");
        ASSERT_TRUE(fs::exists(page));
        EXPECT_NE(index.find("\\fB" + std::regex_replace(cmd, std::regex("-"), "\\-") + "\\fR"), std::string::npos);
        std::string text = aa::test::read_file(page);
        for (const std::string& opt : options_in_help(run_aa({cmd, "--help"}).out))
            EXPECT_NE(text.find(std::regex_replace(opt, std::regex("-"), "\\-")), std::string::npos) << opt;
    }
}

TEST(ManPages, RenderThroughManWithoutWarnings) {
    TempDir dir;
    ASSERT_EQ(run_aa({"man-pages", dir.path().string()}).exit_code, 0);
    for (const auto& entry : fs::directory_iterator(dir.path())) {
        SCOPED_TRACE(entry.path().filename().string());
        auto r = run_command({"man", "--warnings", "-E", "UTF-8", "-l", entry.path().string()}, {},
                             {"MANPAGER=cat", "PAGER=cat", "MANWIDTH=100"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.err, "");
        EXPECT_NE(r.out.find("NAME"), std::string::npos);
    }
}

TEST(ManPages, APageShowsTheCommandsOwnHelpWords) {
    TempDir dir;
    ASSERT_EQ(run_aa({"man-pages", dir.path().string()}).exit_code, 0);
    auto r = run_command({"man", "-l", (dir / "aa-plan.1").string()}, {}, {"MANPAGER=cat", "MANWIDTH=200"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("aa-plan"), std::string::npos);
    EXPECT_NE(r.out.find("--cib"), std::string::npos) << r.out;
}

TEST(Completion, BashCompletesCommandsNestedCommandsAndOptions) {
    auto gen = run_aa({"completion", "bash"});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    EXPECT_EQ(bash_complete(gen.out, "aa pl", 1), "plan\n");
    EXPECT_EQ(bash_complete(gen.out, "aa route sy", 2), "sync\n");
    std::string plan_opts = bash_complete(gen.out, "aa plan --ci", 2);
    EXPECT_NE(plan_opts.find("--cib\n"), std::string::npos) << plan_opts;
    // After an option that takes a value, nothing but file names (no command words).
    EXPECT_EQ(bash_complete(gen.out, "aa plan --cib ''", 3), "\n");
}

TEST(Completion, BashLoadsTheScriptAsAPackageInstallsIt) {
    TempDir dir;
    auto gen = run_aa({"completion", "bash"});
    aa::test::write_file(dir / "aa", gen.out);
    auto r = run_command({"bash", "--norc", "-c", "source " + (dir / "aa").string() + " && complete -p aa"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "complete -o default -F _aa aa\n");
}

TEST(Completion, ZshScriptIsValidZsh) {
    if (run_command({"sh", "-c", "command -v zsh"}).exit_code != 0) GTEST_SKIP() << "zsh not installed";
    TempDir dir;
    aa::test::write_file(dir / "_aa", run_aa({"completion", "zsh"}).out);
    auto r = run_command({"zsh", "-n", (dir / "_aa").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(Version, NamesThePacemakerItWasBuiltAgainst) {
    auto r = run_aa({"--version"});
    ASSERT_EQ(r.exit_code, 0);
    auto installed = run_command({"crm_mon", "--version"});
    std::smatch m;
    ASSERT_TRUE(std::regex_search(installed.out, m, std::regex("Pacemaker ([0-9.]+)")));
    EXPECT_TRUE(std::regex_match(r.out, std::regex("aa [0-9]+\\.[0-9]+\\.[0-9]+ \\(built against Pacemaker " +
                                                   std::regex_replace(m[1].str(), std::regex("\\."), "\\.") +
                                                   "\\)\n")))
        << r.out;
}

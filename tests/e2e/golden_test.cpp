// The one test that walks golden/. Each case directory holds its input and the exact expected outputs;
// AA_UPDATE_GOLDEN=1 rewrites the expected files instead of comparing (review the diff like code).
//
//   golden/check/<case>/  *.aa                 -> errors.txt (aa check's diagnostics; absent when clean),
//                                                 ast.txt and fmt.aa for accepted input (fmt.aa also
//                                                 for refused input, where the case keeps one)
//   golden/plan/<case>/   input.aa [base.xml] [args] -> plan.txt, patch.xml, actions.txt, or errors.txt;
//                          the patch is applied with the real cibadmin and re-planning must say "No changes."
//   golden/import/<case>/ base.xml             -> spec.aa (aa import's output), unsupported.txt (its stderr)
//   golden/test/<case>/   input.aa input.aatest -> errors.txt (the test file's diagnostics) or output.txt
//                          (aa test's report, timings blanked) and fmt.aatest (aa fmt of the test file)
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace aa::test;

namespace {

bool updating() {
    const char* v = std::getenv("AA_UPDATE_GOLDEN");
    return v && std::string(v) == "1";
}

std::vector<std::string> aa_inputs(const fs::path& dir) {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".aa" && e.path().filename() != "fmt.aa" && e.path().filename() != "spec.aa")
            files.push_back(e.path().filename().string());
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::string> extra_args(const fs::path& dir) {
    std::vector<std::string> args;
    if (!fs::exists(dir / "args")) return args;
    std::string text = read_file(dir / "args"), word;
    for (char c : text + " ") {
        if (c == ' ' || c == '\n') {
            if (!word.empty()) args.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    return args;
}

// Compares (or rewrites) one expected file. An empty `actual` means the file must not exist.
void expect_file(const fs::path& dir, const std::string& name, const std::string& actual) {
    fs::path p = dir / name;
    if (updating()) {
        if (actual.empty())
            fs::remove(p);
        else
            write_file(p, actual);
        return;
    }
    if (actual.empty()) {
        EXPECT_FALSE(fs::exists(p)) << p << " exists but the command printed nothing";
        return;
    }
    ASSERT_TRUE(fs::exists(p)) << p << " is missing; run with AA_UPDATE_GOLDEN=1 to create it. Output was:\n"
                               << actual;
    EXPECT_EQ(read_file(p), actual) << "golden file " << p << " differs (AA_UPDATE_GOLDEN=1 rewrites it)";
}

void run_check_case(const fs::path& dir) {
    std::vector<std::string> args{"check", "--color", "never"};
    auto inputs = aa_inputs(dir);
    ASSERT_FALSE(inputs.empty()) << dir << " has no .aa input";
    args.insert(args.end(), inputs.begin(), inputs.end());
    CommandResult r = run_aa(args, {}, {}, dir.string());
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << "aa check crashed or misbehaved: exit " << r.exit_code
                                                      << "\n" << r.err;
    expect_file(dir, "errors.txt", r.err);
    if (r.exit_code != 0) {
        // A refused spec still formats; a case that keeps fmt.aa says how (opt-in per case).
        if (inputs.size() == 1 && fs::exists(dir / "fmt.aa")) {
            CommandResult f = run_aa({"fmt", "-"}, read_file(dir / inputs[0]), {}, dir.string());
            ASSERT_EQ(f.exit_code, 0) << f.err;
            expect_file(dir, "fmt.aa", f.out);
        }
        return;
    }
    std::vector<std::string> dump{"debug", "ast"};
    dump.insert(dump.end(), inputs.begin(), inputs.end());
    CommandResult ast = run_aa(dump, {}, {}, dir.string());
    ASSERT_EQ(ast.exit_code, 0) << ast.err;
    expect_file(dir, "ast.txt", ast.out);
    if (inputs.size() == 1) {
        CommandResult f = run_aa({"fmt", "-"}, read_file(dir / inputs[0]), {}, dir.string());
        ASSERT_EQ(f.exit_code, 0) << f.err;
        expect_file(dir, "fmt.aa", f.out);
        // Formatting twice equals formatting once.
        CommandResult again = run_aa({"fmt", "-"}, f.out, {}, dir.string());
        EXPECT_EQ(again.out, f.out) << "aa fmt is not idempotent on " << dir;
    }
}

void run_plan_case(const fs::path& dir) {
    TempDir tmp;
    std::vector<std::string> args{"plan", "--color", "never", "input.aa", "--patch", (tmp / "patch.xml").string()};
    bool has_base = fs::exists(dir / "base.xml");
    if (has_base) args.insert(args.end(), {"--cib", "base.xml"});
    auto extra = extra_args(dir);
    args.insert(args.end(), extra.begin(), extra.end());
    CommandResult r = run_aa(args, {}, {}, dir.string());
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1 || r.exit_code == 2) << "exit " << r.exit_code << "\n" << r.err;
    if (r.exit_code == 1) {
        expect_file(dir, "errors.txt", r.err);
        return;
    }
    expect_file(dir, "errors.txt", "");
    expect_file(dir, "plan.txt", r.out);
    std::string patch = fs::exists(tmp / "patch.xml") ? read_file(tmp / "patch.xml") : "";
    expect_file(dir, "patch.xml", patch);
    std::vector<std::string> act = args;
    act.insert(act.end(), {"--format", "actions"});
    CommandResult a = run_aa(act, {}, {}, dir.string());
    expect_file(dir, "actions.txt", a.out);
    if (r.exit_code != 2) return;

    // The patch, applied by the real cibadmin to a copy of the base, must give what the spec wants:
    // re-planning against the result reports no changes.
    fs::path result = tmp / "result.xml";
    if (has_base) {
        fs::copy_file(dir / "base.xml", result);
    } else {
        CommandResult base = run_aa({"debug", "default-cib", "input.aa"}, {}, {}, dir.string());
        ASSERT_EQ(base.exit_code, 0) << base.err;
        write_file(result, base.out);
    }
    CommandResult applied = run_command({"cibadmin", "--patch", "--xml-file", (tmp / "patch.xml").string()}, {},
                                        {"CIB_file=" + result.string()});
    ASSERT_EQ(applied.exit_code, 0) << "cibadmin --patch failed: " << applied.err;
    std::vector<std::string> replan{"plan", "--color", "never", "input.aa", "--cib", result.string()};
    CommandResult again = run_aa(replan, {}, {}, dir.string());
    EXPECT_EQ(again.exit_code, 0) << "re-plan after apply is not clean:\n" << again.out << again.err;
    EXPECT_NE(again.out.find("No changes."), std::string::npos) << again.out;
}

void run_import_case(const fs::path& dir) {
    CommandResult r = run_aa({"import", "--cib", "base.xml"}, {}, {}, dir.string());
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << "exit " << r.exit_code << "\n" << r.err;
    expect_file(dir, "spec.aa", r.out);
    expect_file(dir, "unsupported.txt", r.err);
}

void run_test_case(const fs::path& dir) {
    ASSERT_TRUE(fs::exists(dir / "input.aatest")) << dir << " has no input.aatest";
    CommandResult r = run_aa({"test", "input.aa", "--color", "never"}, {}, {}, dir.string());
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << "exit " << r.exit_code << "\n" << r.err;
    bool ran = r.out.find(" passed, ") != std::string::npos;
    expect_file(dir, "errors.txt", ran ? "" : r.err);
    if (!ran) return;
    // Wall times differ from run to run; everything else is exact.
    std::string report = std::regex_replace(r.out + r.err, std::regex(R"(\(\d+\.\d+ s\))"), "(T s)");
    expect_file(dir, "output.txt", report);
    CommandResult f = run_aa({"fmt", "--aatest", "-"}, read_file(dir / "input.aatest"), {}, dir.string());
    ASSERT_EQ(f.exit_code, 0) << f.err;
    expect_file(dir, "fmt.aatest", f.out);
    CommandResult again = run_aa({"fmt", "--aatest", "-"}, f.out, {}, dir.string());
    EXPECT_EQ(again.out, f.out) << "aa fmt is not idempotent on " << dir;
}

std::vector<std::string> golden_cases() {
    std::vector<std::string> cases;
    fs::path root = source_dir() / "golden";
    for (const char* kind : {"check", "plan", "import", "test"}) {
        if (!fs::exists(root / kind)) continue;
        for (const auto& e : fs::directory_iterator(root / kind))
            if (e.is_directory()) cases.push_back(std::string(kind) + "/" + e.path().filename().string());
    }
    std::sort(cases.begin(), cases.end());
    return cases;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpectedFiles) {
    const std::string& c = GetParam();
    fs::path dir = source_dir() / "golden" / c;
    if (c.rfind("check/", 0) == 0) run_check_case(dir);
    if (c.rfind("plan/", 0) == 0) run_plan_case(dir);
    if (c.rfind("import/", 0) == 0) run_import_case(dir);
    if (c.rfind("test/", 0) == 0) run_test_case(dir);
}

std::string case_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string n = info.param;
    for (char& ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    return n;
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(golden_cases()), case_name);

}  // namespace

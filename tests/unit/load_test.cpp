// Loading specs: paths, directories, bad input (E003, E004), and hostile sizes that must end
// quickly with a File or diagnostics, never a crash.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "compiler/lang/ast_dump.hpp"
#include "compiler/lang/load.hpp"
#include "support/test_support.hpp"

namespace {

using aa::test::TempDir;
using aa::test::write_file;

struct Loaded {
    aa::SourceSet sources;
    aa::Diagnostics diags;
    aa::ast::Spec spec;
};

std::unique_ptr<Loaded> load(const std::vector<std::string>& paths) {
    auto l = std::make_unique<Loaded>();
    l->spec = aa::load_spec(paths, l->sources, l->diags);
    return l;
}

std::unique_ptr<Loaded> load_text(const std::string& text) {
    auto l = std::make_unique<Loaded>();
    l->spec.files.push_back(aa::load_text("t.aa", text, l->sources, l->diags));
    return l;
}

std::vector<std::string> codes(const aa::Diagnostics& d) {
    std::vector<std::string> out;
    for (const auto& x : d.sorted()) out.push_back(x.code);
    return out;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

const char* kSmall = "cluster c {\n  nodes a b\n}\n";

}  // namespace

TEST(Load, OneFile) {
    TempDir dir;
    write_file(dir / "one.aa", kSmall);
    auto l = load({(dir / "one.aa").string()});
    EXPECT_TRUE(l->diags.empty());
    ASSERT_EQ(l->spec.files.size(), 1u);
    EXPECT_EQ(l->sources.file(l->spec.files[0].source).path, (dir / "one.aa").string());
    EXPECT_EQ(l->spec.files[0].items.size(), 1u);
}

TEST(Load, DirectoryReadsEveryAaFileSortedAndNothingElse) {
    TempDir dir;
    write_file(dir / "b.aa", "order x then y\n");
    write_file(dir / "a.aa", kSmall);
    write_file(dir / "notes.txt", "not a spec {{{");
    std::filesystem::create_directory(dir / "sub");
    write_file(dir / "sub" / "c.aa", "garbage {{{");  // not recursive
    auto l = load({dir.path().string()});
    EXPECT_TRUE(l->diags.empty()) << aa::render(l->diags.sorted(), l->sources);
    ASSERT_EQ(l->spec.files.size(), 2u);
    EXPECT_EQ(l->sources.file(l->spec.files[0].source).path, (dir / "a.aa").string());
    EXPECT_EQ(l->sources.file(l->spec.files[1].source).path, (dir / "b.aa").string());
}

TEST(Load, MissingFileIsE003WithThePath) {
    TempDir dir;
    std::string missing = (dir / "nope.aa").string();
    auto l = load({missing});
    ASSERT_EQ(l->diags.items().size(), 1u);
    const aa::Diagnostic& d = l->diags.items()[0];
    EXPECT_EQ(d.code, "E003");
    EXPECT_EQ(d.path, missing);
    EXPECT_FALSE(d.span.valid());
    EXPECT_NE(d.message.find("no such file"), std::string::npos) << d.message;
    EXPECT_TRUE(l->spec.files.empty());
}

TEST(Load, DirectoryWithoutAaFilesIsE003) {
    TempDir dir;
    write_file(dir / "readme.md", "# nothing here");
    auto l = load({dir.path().string()});
    EXPECT_EQ(codes(l->diags), std::vector<std::string>{"E003"});
    EXPECT_NE(l->diags.items()[0].message.find("no *.aa files"), std::string::npos);
}

TEST(Load, EveryPathIsReportedNotJustTheFirst) {
    TempDir dir;
    write_file(dir / "ok.aa", kSmall);
    auto l = load({(dir / "x.aa").string(), (dir / "ok.aa").string(), (dir / "y.aa").string()});
    EXPECT_EQ(codes(l->diags), (std::vector<std::string>{"E003", "E003"}));
    EXPECT_EQ(l->spec.files.size(), 1u);
}

TEST(Load, InvalidUtf8IsE004AtTheExactByte) {
    auto l = load_text("cluster c {\n  nodes a\xC3(b\n}\n");
    ASSERT_EQ(codes(l->diags), std::vector<std::string>{"E004"});
    const aa::Span& s = l->diags.items()[0].span;
    EXPECT_EQ(s.line, 2u);
    EXPECT_EQ(s.column, 10u);
    EXPECT_NE(l->diags.items()[0].message.find("0xC3"), std::string::npos);
    EXPECT_TRUE(l->spec.files[0].items.empty());  // not parsed
}

TEST(Load, OverlongAndSurrogateEncodingsAreRefused) {
    EXPECT_EQ(codes(load_text("# \xC0\xAF\n")->diags), std::vector<std::string>{"E004"});
    EXPECT_EQ(codes(load_text("# \xED\xA0\x80\n")->diags), std::vector<std::string>{"E004"});
    EXPECT_EQ(codes(load_text("# \xF4\x90\x80\x80\n")->diags), std::vector<std::string>{"E004"});
    EXPECT_EQ(codes(load_text("# truncated \xE2\x82")->diags), std::vector<std::string>{"E004"});
}

TEST(Load, ValidUtf8InCommentsAndStringsIsFine) {
    auto l = load_text("# café — ünïcode ✓ 🚀\ncluster c {\n  property note = \"naïve\"\n}\n");
    EXPECT_TRUE(l->diags.empty()) << aa::render(l->diags.sorted(), l->sources);
}

TEST(Load, NulByteIsE004) {
    std::string text = "cluster c {\n  nodes a";
    text += '\0';
    text += "\n}\n";
    auto l = load_text(text);
    ASSERT_EQ(codes(l->diags), std::vector<std::string>{"E004"});
    EXPECT_EQ(l->diags.items()[0].span.line, 2u);
    EXPECT_EQ(l->diags.items()[0].span.column, 10u);
}

TEST(Load, CrlfLineEndsParseAndKeepColumns) {
    auto l = load_text("cluster c {\r\n  nodes a b  # crlf\r\n  property x\r\n}\r\n");
    ASSERT_EQ(l->diags.items().size(), 1u);
    const aa::Diagnostic& d = l->diags.items()[0];
    EXPECT_EQ(d.span.line, 3u);
    EXPECT_EQ(d.span.column, 13u);  // right after `x`, not on the `\r`
    const auto& cluster = std::get<aa::ast::Cluster>(l->spec.files[0].items.at(0));
    const auto& nodes = std::get<aa::ast::NodesStmt>(cluster.items.at(0));
    ASSERT_TRUE(nodes.trivia.trailing);
    EXPECT_EQ(nodes.trivia.trailing->text, "# crlf");  // no `\r`
}

TEST(Load, ByteOrderMarkIsSkipped) {
    auto l = load_text("\xEF\xBB\xBF" "cluster c {\n}\n");
    EXPECT_TRUE(l->diags.empty());
    EXPECT_EQ(l->spec.files[0].items.size(), 1u);
}

TEST(Load, EmptyFileIsAnEmptyFile) {
    auto l = load_text("");
    EXPECT_TRUE(l->diags.empty());
    ASSERT_EQ(l->spec.files.size(), 1u);
    EXPECT_TRUE(l->spec.files[0].items.empty());
}

// ---- hostile sizes ----

TEST(LoadStress, TenMegabyteFile) {
    std::string filler(300, 'x');
    std::string text = "cluster big {\n  nodes n1 n2\n}\n";
    for (int i = 0; text.size() < 10'000'000; ++i) {
        std::string n = std::to_string(i);
        text += "# " + filler + "\nservice s" + n + " {\n  unit u" + n + "\n  monitor every 10s\n}\n";
    }
    TempDir dir;
    write_file(dir / "big.aa", text);
    auto t0 = std::chrono::steady_clock::now();
    auto l = load({(dir / "big.aa").string()});
    EXPECT_LT(seconds_since(t0), 10.0);
    EXPECT_TRUE(l->diags.empty());
    EXPECT_GT(l->spec.files.at(0).items.size(), 25'000u);
}

TEST(LoadStress, TenMegabytesOfGarbageGiveOneErrorPerResync) {
    std::string text;
    while (text.size() < 10'000'000) text += "}{ garbage ] [ \"unterminated\n";
    text += "order a then b\n";
    auto t0 = std::chrono::steady_clock::now();
    auto l = load_text(text);
    EXPECT_LT(seconds_since(t0), 10.0);
    EXPECT_EQ(l->diags.error_count(), 1u);
    EXPECT_EQ(l->spec.files[0].items.size(), 1u);  // the parse resumed at `order`
}

TEST(LoadStress, TenThousandOpeningBraces) {
    for (std::string sep : {"", "\n"}) {
        std::string braces;
        for (int i = 0; i < 10'000; ++i) braces += "{" + sep;
        for (std::string prefix : {"", "service a {\n", "service a {\n  clone ", "cluster c {\n"}) {
            auto t0 = std::chrono::steady_clock::now();
            auto l = load_text(prefix + braces + "\norder a then b\n");
            EXPECT_LT(seconds_since(t0), 2.0);
            EXPECT_TRUE(l->diags.has_errors()) << prefix;
            EXPECT_LE(l->diags.error_count(), 2u) << prefix;
        }
    }
}

TEST(LoadStress, OneMegabyteLine) {
    std::string big(1'000'000, 'v');
    auto t0 = std::chrono::steady_clock::now();
    auto ok = load_text("cluster c {\n  property k = " + big + "\n}\n");
    EXPECT_TRUE(ok->diags.empty());
    auto bad = load_text("w" + big + " {\n}\n");
    ASSERT_EQ(codes(bad->diags), std::vector<std::string>{"E002"});
    EXPECT_LT(bad->diags.items()[0].message.size(), 200u);  // the word is cut in the message
    auto junk = load_text("cluster c {\n  nodes a " + std::string(1'000'000, ',') + "\n}\n");
    EXPECT_EQ(codes(junk->diags), std::vector<std::string>{"E001"});
    EXPECT_LT(seconds_since(t0), 5.0);
    // Rendering a diagnostic on a 1 MB line stays short too.
    EXPECT_LT(aa::render(bad->diags.sorted(), bad->sources).size(), 1000u);
}

TEST(LoadStress, AMillionBrokenLinesStopAfterAHundredErrors) {
    std::string text = "service a {\n";
    for (int i = 0; i < 1'000'000; ++i) text += "  x\n";
    text += "}\n";
    auto t0 = std::chrono::steady_clock::now();
    auto l = load_text(text);
    EXPECT_LT(seconds_since(t0), 5.0);
    ASSERT_EQ(l->diags.error_count(), 101u);
    EXPECT_NE(l->diags.items().back().message.find("too many syntax errors"), std::string::npos);
}

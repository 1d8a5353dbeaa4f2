// The grammar: every statement form, the exact column of syntax errors, recovery, comments.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>

#include "compiler/lang/ast_dump.hpp"
#include "compiler/lang/load.hpp"
#include "grammar/parse.hpp"
#include "grammar/self_check.hpp"
#include "support/test_support.hpp"

namespace {

struct Parsed {
    aa::SourceSet sources;
    aa::Diagnostics diags;
    aa::ast::File file;
};

std::unique_ptr<Parsed> parse(const std::string& text) {
    auto p = std::make_unique<Parsed>();
    p->file = aa::load_text("t.aa", text, p->sources, p->diags);
    return p;
}

std::string tree(const std::string& text) {
    auto p = parse(text);
    EXPECT_TRUE(p->diags.empty()) << aa::render(p->diags.sorted(), p->sources);
    return aa::dump_ast(p->file, p->sources, false);
}

// "LINE:COL CODE message" of every diagnostic, in order.
std::vector<std::string> errors(const std::string& text) {
    auto p = parse(text);
    std::vector<std::string> out;
    for (const aa::Diagnostic& d : p->diags.sorted())
        out.push_back(std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + " " + d.code + " " +
                      d.message);
    return out;
}

std::string first_error(const std::string& text) {
    auto e = errors(text);
    return e.empty() ? "no error" : e.front();
}

template <class T, class Variant>
const T& as(const Variant& v) {
    return std::get<T>(v);
}

}  // namespace

TEST(Grammar, PegtlAnalyzeFindsNoProblems) {
    EXPECT_EQ(aa::grammar::grammar_issues(), 0u);
}

// ---- statement forms ----

TEST(Grammar, ClusterAndDefaults) {
    EXPECT_EQ(tree("cluster prod {\n"
                   "  nodes node-01 node-02 node-03\n"
                   "  property stonith-enabled = true\n"
                   "}\n"
                   "defaults {\n"
                   "  resource resource-stickiness = 1\n"
                   "  op timeout = \"20s\"\n"
                   "}\n"),
              "cluster prod\n"
              "  nodes node-01 node-02 node-03\n"
              "  property stonith-enabled = true\n"
              "defaults\n"
              "  resource resource-stickiness = 1\n"
              "  op timeout = \"20s\"\n");
}

TEST(Grammar, EveryServiceStatement) {
    EXPECT_EQ(tree("service app {\n"
                   "  unit app.service\n"
                   "  agent ocf:pacemaker:Dummy\n"
                   "  param state = \"/run/x\"\n"
                   "  monitor every 30s\n"
                   "  monitor every 10s timeout 5s on-fail restart id \"app-mon\"\n"
                   "  start timeout 60s\n"
                   "  stop timeout 2m id \"app-stop\"\n"
                   "  meta failure-timeout = 5m\n"
                   "  parallel-safe\n"
                   "  clone max 2 per-node 1 interleave ordered notify globally-unique\n"
                   "  prefer node-01 score 50 id \"pref\"\n"
                   "  prefer node-02\n"
                   "  avoid node-03 id \"av\"\n"
                   "}\n"),
              "service app\n"
              "  unit app.service\n"
              "  agent ocf:pacemaker:Dummy\n"
              "  param state = \"/run/x\"\n"
              "  monitor every=30s\n"
              "  monitor every=10s timeout=5s on-fail=restart id=\"app-mon\"\n"
              "  start timeout=60s\n"
              "  stop timeout=2m id=\"app-stop\"\n"
              "  meta failure-timeout = 5m\n"
              "  parallel-safe\n"
              "  clone (inline)\n"
              "    max 2\n"
              "    per-node 1\n"
              "    interleave\n"
              "    ordered\n"
              "    notify\n"
              "    globally-unique\n"
              "  prefer node-01 score=50 id=\"pref\"\n"
              "  prefer node-02\n"
              "  avoid node-03 id=\"av\"\n");
}

TEST(Grammar, MonitorOptionsInAnyOrder) {
    EXPECT_EQ(tree("service a {\n  monitor every 10s id \"m\" on-fail block timeout 5s\n}\n"),
              "service a\n  monitor every=10s timeout=5s on-fail=block id=\"m\"\n");
}

TEST(Grammar, CloneBlockOnOneLineAndOnSeveral) {
    EXPECT_EQ(tree("service a {\n  clone { max 2  per-node 1  interleave  meta target-role = Started }\n}\n"),
              "service a\n"
              "  clone (block)\n"
              "    max 2\n"
              "    per-node 1\n"
              "    interleave\n"
              "    meta target-role = Started\n");
    EXPECT_EQ(tree("service a {\n  clone {\n    max 3\n    notify\n  }\n}\n"),
              "service a\n  clone (block)\n    max 3\n    notify\n");
}

TEST(Grammar, Relations) {
    EXPECT_EQ(tree("order db then app\n"
                   "order db then app optional\n"
                   "order db then app serialize id \"o1\"\n"
                   "colocate app with db\n"
                   "colocate app with db score -INFINITY id \"c1\"\n"),
              "order db then app\n"
              "order db then app kind=optional\n"
              "order db then app kind=serialize id=\"o1\"\n"
              "colocate app with db\n"
              "colocate app with db score=-INFINITY id=\"c1\"\n");
}

TEST(Grammar, Routes) {
    EXPECT_EQ(tree("route app {\n"
                   "  via haproxy backend be_app socket \"/run/haproxy/admin.sock\"\n"
                   "  via haproxy backend be_app address 127.0.0.1:9999\n"
                   "  via command drain \"lbctl drain {server}\" ready \"lbctl ready {server}\"\n"
                   "  server node-01 app1\n"
                   "  drain 30s\n"
                   "}\n"),
              "route app\n"
              "  via haproxy backend=be_app socket=\"/run/haproxy/admin.sock\"\n"
              "  via haproxy backend=be_app address=127.0.0.1:9999\n"
              "  via command drain=\"lbctl drain {server}\" ready=\"lbctl ready {server}\"\n"
              "  server node-01 app1\n"
              "  drain 30s\n");
}

TEST(Grammar, ValuesKeepRawTextAndDecodeStrings) {
    auto p = parse("cluster c {\n  property a = \"x\\\"y\\\\z\\n\\t\"\n}\n");
    ASSERT_TRUE(p->diags.empty());
    const auto& prop = as<aa::ast::PropertyStmt>(as<aa::ast::Cluster>(p->file.items.at(0)).items.at(0));
    EXPECT_EQ(prop.value.kind, aa::ast::ValueKind::String);
    EXPECT_EQ(prop.value.raw, "\"x\\\"y\\\\z\\n\\t\"");
    EXPECT_EQ(prop.value.text, "x\"y\\z\n\t");
}

TEST(Grammar, BareValuesAreClassified) {
    auto p = parse("defaults {\n  resource a = 5\n  resource b = 30s\n  resource c = INFINITY\n"
                   "  resource d = true\n  resource e = -inf\n  resource f = 1.5\n}\n");
    ASSERT_TRUE(p->diags.empty());
    const auto& items = as<aa::ast::Defaults>(p->file.items.at(0)).items;
    using K = aa::ast::ValueKind;
    std::vector<K> kinds;
    for (const auto& i : items) kinds.push_back(i.value.kind);
    EXPECT_EQ(kinds, (std::vector<K>{K::Integer, K::Duration, K::Score, K::Word, K::Score, K::Word}));
}

TEST(Grammar, BareNumberWhereADurationGoesIsAnIntegerNotASyntaxError) {
    auto p = parse("service a {\n  monitor every 30\n  start timeout 1h\n}\n");
    ASSERT_TRUE(p->diags.empty());
    const auto& items = as<aa::ast::Service>(p->file.items.at(0)).items;
    EXPECT_EQ(as<aa::ast::MonitorStmt>(items.at(0)).interval.kind, aa::ast::ValueKind::Integer);
    EXPECT_EQ(as<aa::ast::OpTimeoutStmt>(items.at(1)).timeout.kind, aa::ast::ValueKind::Duration);
}

TEST(Grammar, ScoresAcceptEveryWrittenForm) {
    for (std::string s : {"50", "-5", "INFINITY", "+INFINITY", "-INFINITY", "inf", "-inf"})
        EXPECT_EQ(tree("colocate a with b score " + s + "\n"), "colocate a with b score=" + s + "\n") << s;
}

TEST(Grammar, SpansPointAtTheSource) {
    auto p = parse("# head\nservice app {\n  unit app.service\n}\n");
    ASSERT_TRUE(p->diags.empty());
    const auto& svc = as<aa::ast::Service>(p->file.items.at(0));
    EXPECT_EQ(svc.span.line, 2u);
    EXPECT_EQ(svc.span.column, 1u);
    EXPECT_EQ(svc.span.length, std::string("service app {\n  unit app.service\n}").size());
    EXPECT_EQ(svc.name.span.column, 9u);
    const auto& unit = as<aa::ast::UnitStmt>(svc.items.at(0));
    EXPECT_EQ(unit.span.line, 3u);
    EXPECT_EQ(unit.span.column, 3u);
    EXPECT_EQ(unit.span.length, 16u);
    EXPECT_EQ(unit.unit.span.column, 8u);
    EXPECT_EQ(aa::dump_ast(p->file, p->sources),
              "# head @1:1\n"
              "service app @2:1\n"
              "  unit app.service @3:3\n");
}

TEST(Grammar, EmptyAndCommentOnlyFiles) {
    EXPECT_EQ(tree(""), "");
    EXPECT_EQ(tree("\n\n   \n"), "");
    EXPECT_EQ(tree("# only a comment"), "# only a comment\n");
}

TEST(Grammar, IndentationAndTabsAreFree) {
    EXPECT_EQ(tree("\tservice a {\n\t\tunit x\t# t\n\t}\n"), "service a\n  unit x\n    #< # t\n");
}

// ---- comments ----

TEST(Grammar, CommentsLandOnTheRightStatement) {
    EXPECT_EQ(tree("# about the cluster\n"
                   "cluster c {   # header\n"
                   "  # about nodes\n"
                   "  nodes a b   # trailing\n"
                   "\n"
                   "  # about the property\n"
                   "  property k = v\n"
                   "  # last words in the block\n"
                   "}  # after the block\n"
                   "\n"
                   "# end of file\n"),
              "# about the cluster\n"
              "cluster c\n"
              "  #< # header\n"
              "  # about nodes\n"
              "  nodes a b\n"
              "    #< # trailing\n"
              "  <blank>\n"
              "  # about the property\n"
              "  property k = v\n"
              "  # last words in the block\n"
              "# after the block\n"
              "# end of file\n");
}

TEST(Grammar, TrailingCommentAndBlankLineFlags) {
    auto p = parse("order a then b # why\n\n# lead\norder b then c\n");
    ASSERT_TRUE(p->diags.empty());
    const auto& first = as<aa::ast::Order>(p->file.items.at(0));
    const auto& second = as<aa::ast::Order>(p->file.items.at(1));
    ASSERT_TRUE(first.trivia.trailing);
    EXPECT_EQ(first.trivia.trailing->text, "# why");
    EXPECT_FALSE(first.trivia.blank_line_before);
    EXPECT_TRUE(second.trivia.blank_line_before);
    ASSERT_EQ(second.trivia.leading.size(), 1u);
    EXPECT_EQ(second.trivia.leading[0].text, "# lead");
    EXPECT_EQ(second.trivia.leading[0].span.line, 3u);
}

TEST(Grammar, CommentsInsideACloneBlock) {
    EXPECT_EQ(tree("service a {\n  clone {  # clone header\n    # lead\n    max 2  # two\n    # end\n  }\n}\n"),
              "service a\n"
              "  clone (block)\n"
              "    #< # clone header\n"
              "    # lead\n"
              "    max 2\n"
              "      #< # two\n"
              "    # end\n");
}

// ---- syntax errors: exact columns ----

TEST(GrammarErrors, ExactColumns) {
    EXPECT_EQ(first_error("service a {\n  monitor every\n}\n"),
              "2:16 E001 expected a duration like 30s after `every`");
    EXPECT_EQ(first_error("service a {\n  monitor every  x\n}\n"),
              "2:18 E001 expected a duration like 30s after `every`");
    EXPECT_EQ(first_error("service a {\n  monitor 30s\n}\n"),
              "2:11 E001 expected `every` after `monitor`, as in monitor every 30s");
    EXPECT_EQ(first_error("service a\n"), "1:10 E001 expected `{` after the service name");
    EXPECT_EQ(first_error("service {\n}\n"), "1:9 E001 expected a service name after `service`");
    EXPECT_EQ(first_error("service a {\n  monitor every 30x\n}\n"),
              "2:17 E001 `30x` is not a duration: write one whole number and one unit, ms, s, m or h (like 30s or 2m)");
    EXPECT_EQ(first_error("cluster c {\n  property k v\n}\n"), "2:14 E001 expected `=` after the key");
    EXPECT_EQ(first_error("cluster c {\n  property k =\n}\n"),
              "2:15 E001 expected a value after `=` (a word or a \"string\")");
    EXPECT_EQ(first_error("cluster c {\n  nodes a, b\n}\n"),
              "2:10 E001 expected a node name or the end of the line");
    EXPECT_EQ(first_error("service a {\n  unit \"app\n}\n"),
              "2:12 E001 expected `\"` to close the string (strings end on the same line)");
    EXPECT_EQ(first_error("service a {\n  unit \"a\\xb\"\n}\n"),
              "2:11 E001 expected an escape: \\\" \\\\ \\n or \\t after `\\`");
    EXPECT_EQ(first_error("order a then\n"), "1:13 E001 expected a service name after `then`");
    EXPECT_EQ(first_error("colocate a b\n"),
              "1:12 E001 expected `with` after the service, as in colocate app with db");
    EXPECT_EQ(first_error("service a {\n  prefer n score lots\n}\n"),
              "2:18 E001 expected a score after `score`: an integer, INFINITY, -INFINITY, inf or -inf");
    EXPECT_EQ(first_error("service a {\n  clone max two\n}\n"),
              "2:13 E001 expected a number after `max`, like max 2");
    EXPECT_EQ(first_error("service a {\n  unit x y\n}\n"), "2:10 E001 expected the end of the line");
    EXPECT_EQ(first_error("route r {\n  via haproxy backend b\n}\n"),
              "2:24 E001 expected `socket \"PATH\"` or `address HOST:PORT` after the backend name");
    EXPECT_EQ(first_error("{\n"),
              "1:1 E001 expected a statement: cluster, defaults, service, group, fence, fencing, order, colocate or route");
}

TEST(GrammarErrors, UnknownStatementsAndOptionsSuggestTheKeyword) {
    auto p = parse("servce a {\n}\nservice b {\n  parallel-save\n  monitor every 5s on-fial stop\n}\n");
    auto d = p->diags.sorted();
    ASSERT_EQ(d.size(), 3u) << aa::render(d, p->sources);
    EXPECT_EQ(d[0].code, "E002");
    EXPECT_EQ(d[0].message, "unknown statement `servce`");
    EXPECT_EQ(d[0].span.column, 1u);
    EXPECT_EQ(d[0].span.length, 6u);
    ASSERT_TRUE(d[0].fixit);
    EXPECT_EQ(d[0].fixit->replacement, "service");
    EXPECT_EQ(d[1].message, "unknown statement `parallel-save` in `service`");
    ASSERT_TRUE(d[1].fixit);
    EXPECT_EQ(d[1].fixit->replacement, "parallel-safe");
    EXPECT_EQ(d[2].message, "unknown option `on-fial` for `monitor`");
    EXPECT_EQ(d[2].span.column, 20u);
    ASSERT_TRUE(d[2].fixit);
    EXPECT_EQ(d[2].fixit->replacement, "on-fail");
}

TEST(GrammarErrors, NoSuggestionWhenNothingIsClose) {
    auto p = parse("banana split\n");
    ASSERT_EQ(p->diags.items().size(), 1u);
    EXPECT_EQ(p->diags.items()[0].code, "E002");
    EXPECT_FALSE(p->diags.items()[0].fixit);
}

TEST(GrammarErrors, UnclosedBlockIsReportedWhereTheNextStatementStarts) {
    EXPECT_EQ(errors("service a {\n  unit x\n\nservice b {\n  unit y\n}\n"),
              std::vector<std::string>{"4:1 E001 expected `}` to close `service a` (opened at line 1)"});
    EXPECT_EQ(errors("cluster c {\n  nodes a\n"),
              std::vector<std::string>{"2:11 E001 expected `}` to close `cluster c` (opened at line 1)"});
}

TEST(GrammarErrors, RepeatedOptionIsAnError) {
    EXPECT_EQ(first_error("service a {\n  start timeout 5s id \"x\" id \"y\"\n}\n"),
              "2:27 E001 `id` is given twice");
}

// ---- recovery ----

TEST(GrammarRecovery, SeveralErrorsInOneFileAreAllReported) {
    auto e = errors("cluster c {\n"
                    "  nodes a b\n"
                    "  property x\n"      // 3: missing =
                    "}\n"
                    "servce s {\n"        // 5: unknown, skipped to the next top-level line
                    "  unit x\n"
                    "}\n"
                    "service t {\n"
                    "  monitor every\n"   // 9: missing duration
                    "  unit y\n"
                    "  clone {\n"
                    "    max 2\n"
                    "    bogus\n"         // 13: unknown clone option; the clone block is skipped
                    "  }\n"
                    "  avoid\n"           // 15: missing node
                    "}\n"
                    "order a then\n");    // 17
    ASSERT_EQ(e.size(), 6u);
    EXPECT_EQ(e[0].substr(0, 9), "3:13 E001");
    EXPECT_EQ(e[1].substr(0, 8), "5:1 E002");
    EXPECT_EQ(e[2].substr(0, 9), "9:16 E001");
    EXPECT_EQ(e[3].substr(0, 9), "13:5 E002");
    EXPECT_EQ(e[4].substr(0, 9), "15:8 E001");
    EXPECT_EQ(e[5].substr(0, 10), "17:13 E001");
}

TEST(GrammarRecovery, StatementsAroundABrokenLineAreKept) {
    auto p = parse("service t {\n  unit y\n  monitor every\n  parallel-safe\n}\norder t then u\n");
    EXPECT_EQ(p->diags.error_count(), 1u);
    EXPECT_EQ(aa::dump_ast(p->file, p->sources, false), "service t\n  unit y\n  parallel-safe\norder t then u\n");
}

TEST(GrammarRecovery, BrokenLineEndingTheBlockDoesNotSwallowTheBrace) {
    auto p = parse("service t {\n  unit }\norder t then u\n");
    EXPECT_EQ(p->diags.error_count(), 1u) << aa::render(p->diags.sorted(), p->sources);
    EXPECT_EQ(aa::dump_ast(p->file, p->sources, false), "service t\norder t then u\n");
}

// ---- size ----
// Speed is measured in bench/check_bench.cpp (BM_ParseOnly), not asserted in a test.

TEST(GrammarSize, OneMegabyteSpecParsesWhole) {
    std::string text = "cluster big {\n  nodes n1 n2 n3\n}\n";
    for (int i = 0; i < 10'000; ++i) {
        std::string n = std::to_string(i);
        text += "service svc_" + n + " {  # service " + n + "\n  unit app" + n +
                ".service\n  monitor every 30s timeout 10s\n  parallel-safe\n  clone max 2 per-node 1\n}\n";
    }
    ASSERT_GT(text.size(), 1'000'000u);
    aa::SourceSet sources;
    std::uint32_t index = sources.add("big.aa", text);
    aa::Diagnostics diags;
    aa::ast::File f = aa::grammar::parse(sources, index, diags);
    ASSERT_TRUE(diags.empty());
    ASSERT_EQ(f.items.size(), 10'001u);
}

TEST(GrammarErrors, AStatementOfAnotherBlockSaysWhereItGoes) {
    EXPECT_EQ(first_error("unit app.service\n"),
              "1:1 E002 unknown statement `unit`; `unit` goes inside `service NAME { }`");
    EXPECT_EQ(first_error("service a {\n  nodes a b\n}\n"),
              "2:3 E002 unknown statement `nodes` in `service`; `nodes` goes inside `cluster NAME { }`");
}

TEST(GrammarErrors, OrderTakesOneKind) {
    EXPECT_EQ(first_error("order a then b optional serialize\n"),
              "1:25 E001 an order takes one of `optional` or `serialize`");
}

// Every example, broken at every line in a few ways: the parser never throws, and every
// diagnostic it gives points inside the text.
TEST(GrammarRobustness, MutatedExamplesGiveDiagnosticsWithValidSpans) {
    const std::string mutations[] = {"", "{", "}", "\"", "#", "=", " x", "\\", "\t", "\r", "-", "9"};
    int parsed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(aa::test::source_dir() / "examples")) {
        if (entry.path().extension() != ".aa") continue;
        const std::string text = aa::test::read_file(entry.path());
        for (std::size_t at = 0; at < text.size(); at += 7) {
            for (const std::string& m : mutations) {
                std::string broken = text;
                if (m.empty()) broken.erase(at, 5);
                else broken.insert(at, m);
                aa::SourceSet sources;
                aa::Diagnostics diags;
                aa::ast::File f = aa::load_text("m.aa", broken, sources, diags);
                ++parsed;
                for (const aa::Diagnostic& d : diags.items()) {
                    ASSERT_TRUE(d.span.valid()) << d.message << "\n" << broken;
                    ASSERT_LE(d.span.offset + d.span.length, broken.size()) << d.message << "\n" << broken;
                    ASSERT_EQ(d.span, sources.span_at(d.span.file, d.span.offset, d.span.length));
                    // E004: a cut can split a multi-byte character.
                    ASSERT_TRUE(d.code == "E001" || d.code == "E002" || d.code == "E004") << d.code;
                }
                (void)aa::dump_ast(f, sources);
            }
        }
    }
    EXPECT_GT(parsed, 1000);
}

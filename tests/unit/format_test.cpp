// `aa fmt` as a specification: each case is an input and the canonical text it must become.
#include <gtest/gtest.h>

#include "compiler/diag/diag.hpp"
#include "compiler/format/format.hpp"
#include "compiler/lang/load.hpp"
#include "support/test_support.hpp"

namespace aa {
namespace {

std::string fmt(const std::string& text) {
    SourceSet sources;
    Diagnostics diags;
    ast::File file = load_text("input.aa", text, sources, diags);
    EXPECT_FALSE(diags.has_errors()) << render(diags.sorted(), sources);
    return format_file(file, sources);
}

TEST(Format, CanonicalTextIsLeftAlone) {
    std::string text =
        "cluster prod {\n"
        "  nodes node-01 node-02\n"
        "  property stonith-enabled = true\n"
        "}\n"
        "\n"
        "service app {\n"
        "  unit app.service\n"
        "  monitor every 30s\n"
        "}\n";
    EXPECT_EQ(fmt(text), text);
}

TEST(Format, WhitespaceBecomesSingleSpacesAndTwoSpaceIndent) {
    EXPECT_EQ(fmt("cluster   prod\t{\n\t\tnodes  a   b\n      property  x=1\n}\n"),
              "cluster prod {\n"
              "  nodes a b\n"
              "  property x = 1\n"
              "}\n");
}

TEST(Format, TopLevelStatementsKeepTheirOrderWithOneBlankLineBetween) {
    EXPECT_EQ(fmt("order b then a\n\n\n\nservice a {\n  unit a\n}\ncolocate a with b\ncluster c {\n  nodes n1\n}"),
              "order b then a\n"
              "\n"
              "service a {\n"
              "  unit a\n"
              "}\n"
              "\n"
              "colocate a with b\n"
              "\n"
              "cluster c {\n"
              "  nodes n1\n"
              "}\n");
}

TEST(Format, ServiceStatementsAreSortedIntoVocabularyOrder) {
    EXPECT_EQ(fmt("service app {\n"
                  "  avoid n3\n"
                  "  clone max 2 per-node 1\n"
                  "  prefer n1 score 50\n"
                  "  parallel-safe\n"
                  "  meta failure-timeout = 5m\n"
                  "  stop timeout 60s\n"
                  "  start timeout 90s\n"
                  "  monitor every 10s\n"
                  "  agent ocf:pacemaker:Dummy\n"
                  "  param state = \"/run/x\"\n"
                  "}\n"),
              "service app {\n"
              "  agent ocf:pacemaker:Dummy\n"
              "  param state = \"/run/x\"\n"
              "  monitor every 10s\n"
              "  start timeout 90s\n"
              "  stop timeout 60s\n"
              "  meta failure-timeout = 5m\n"
              "  parallel-safe\n"
              "  clone max 2 per-node 1\n"
              "  prefer n1 score 50\n"
              "  avoid n3\n"
              "}\n");
}

TEST(Format, StatementsOfOneKindNeverSwap) {
    EXPECT_EQ(fmt("service app {\n"
                  "  param z = 1\n"
                  "  monitor every 60s\n"
                  "  param a = 2\n"
                  "  agent lsb:app\n"
                  "  monitor every 10s timeout 5s on-fail restart id \"mon-10\"\n"
                  "}\n"),
              "service app {\n"
              "  agent lsb:app\n"
              "  param z = 1\n"
              "  param a = 2\n"
              "  monitor every 60s\n"
              "  monitor every 10s timeout 5s on-fail restart id \"mon-10\"\n"
              "}\n");
}

TEST(Format, DefaultsPutResourceBeforeOpAndRoutesViaFirst) {
    EXPECT_EQ(fmt("defaults {\n  op timeout = 20s\n  resource resource-stickiness = 1\n}\n"
                  "route app {\n  drain 30s\n  server n1 app1\n  via haproxy backend be socket \"/run/h.sock\"\n}\n"),
              "defaults {\n"
              "  resource resource-stickiness = 1\n"
              "  op timeout = 20s\n"
              "}\n"
              "\n"
              "route app {\n"
              "  via haproxy backend be socket \"/run/h.sock\"\n"
              "  server n1 app1\n"
              "  drain 30s\n"
              "}\n");
}

TEST(Format, ValuesArePrintedExactlyAsWritten) {
    std::string text =
        "service app {\n"
        "  agent ocf:heartbeat:apache\n"
        "  param options = \"-a \\\"x\\\" \\\\ \\t\"\n"
        "  param port = 0080\n"
        "  monitor every 2m timeout 1500ms\n"
        "  prefer n1 score +INFINITY\n"
        "}\n";
    EXPECT_EQ(fmt(text), text);
}

TEST(Format, CloneBlockStaysABlockInCanonicalOrder) {
    EXPECT_EQ(fmt("service app {\n"
                  "  unit app\n"
                  "  parallel-safe\n"
                  "  clone {\n"
                  "    meta priority = 5\n"
                  "    interleave\n"
                  "  per-node 1\n"
                  "        max 3\n"
                  "  }\n"
                  "}\n"),
              "service app {\n"
              "  unit app\n"
              "  parallel-safe\n"
              "  clone {\n"
              "    max 3\n"
              "    per-node 1\n"
              "    interleave\n"
              "    meta priority = 5\n"
              "  }\n"
              "}\n");
}

TEST(Format, InlineCloneStaysInline) {
    EXPECT_EQ(fmt("service app {\n  unit app\n  parallel-safe\n  clone max 2   per-node 1 notify interleave\n}\n"),
              "service app {\n  unit app\n  parallel-safe\n  clone max 2 per-node 1 interleave notify\n}\n");
}

TEST(Format, CommentsAreKeptInEveryPosition) {
    EXPECT_EQ(fmt("# file header\n"
                  "cluster prod { # header comment\n"
                  "  # above nodes\n"
                  "  nodes a b # after nodes\n"
                  "  # before the brace\n"
                  "}\n"
                  "service app {\n"
                  "  parallel-safe\n"
                  "  clone {\n"
                  "    # above max\n"
                  "    max 2 # two\n"
                  "    # end of clone\n"
                  "  }\n"
                  "  # above unit\n"
                  "  unit app\n"
                  "}\n"
                  "# the end\n"),
              "# file header\n"
              "cluster prod {                             # header comment\n"
              "  # above nodes\n"
              "  nodes a b                                # after nodes\n"
              "  # before the brace\n"
              "}\n"
              "\n"
              "service app {\n"
              "  # above unit\n"
              "  unit app\n"
              "  parallel-safe\n"
              "  clone {\n"
              "    # above max\n"
              "    max 2                                  # two\n"
              "    # end of clone\n"
              "  }\n"
              "}\n"
              "\n"
              "# the end\n");
}

TEST(Format, TrailingCommentsAlignToColumn44OrFollowLongLinesByTwoSpaces) {
    EXPECT_EQ(fmt("cluster c {\n"
                  "  property a = 1 # short\n"
                  "  property a-very-long-property-name = \"a long value\" # long\n"
                  "}\n"),
              "cluster c {\n"
              "  property a = 1                           # short\n"
              "  property a-very-long-property-name = \"a long value\"  # long\n"
              "}\n");
}

TEST(Format, BlankLinesInsideBlocksCollapseToOneAndNeverFollowTheBrace) {
    EXPECT_EQ(fmt("service app {\n\n\n  unit app\n\n\n\n  monitor every 10s\n  monitor every 20s\n}\n"),
              "service app {\n  unit app\n\n  monitor every 10s\n  monitor every 20s\n}\n");
}

TEST(Format, CrlfInputBecomesLf) {
    EXPECT_EQ(fmt("cluster c {\r\n  nodes a # note\r\n}\r\n\r\n# end\r\n"),
              "cluster c {\n  nodes a                                  # note\n}\n\n# end\n");
}

TEST(Format, OutputEndsWithExactlyOneNewline) {
    EXPECT_EQ(fmt("order a then b"), "order a then b\n");
    EXPECT_EQ(fmt("order a then b\n\n\n\n"), "order a then b\n");
    EXPECT_EQ(fmt(""), "");
    EXPECT_EQ(fmt("# only a comment"), "# only a comment\n");
}

TEST(Format, RelationsKeepKindScoreAndId) {
    std::string text =
        "order a then b serialize id \"o1\"\n"
        "\n"
        "colocate a with b score -50 id \"c1\"\n";
    EXPECT_EQ(fmt(text), text);
}

// The examples are reviewed canonical text, except db-app.aa which groups two one-line
// relations without a blank line (the canonical layout separates every top-level statement).
TEST(Format, ExamplesAreCanonical) {
    for (std::string name : {"seed.aa", "dummy.aa", "web-haproxy.aa"}) {
        std::string text = test::read_file(test::source_dir() / "examples" / name);
        EXPECT_EQ(fmt(text), text) << name;
    }
}

TEST(Format, FormattingTwiceEqualsFormattingOnce) {
    for (std::string name : {"seed.aa", "dummy.aa", "web-haproxy.aa", "db-app.aa"}) {
        std::string once = fmt(test::read_file(test::source_dir() / "examples" / name));
        EXPECT_EQ(fmt(once), once) << name;
    }
}

}  // namespace
}  // namespace aa

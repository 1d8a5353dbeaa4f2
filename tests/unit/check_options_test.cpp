// Pacemaker options in a spec, judged by the table generated from Pacemaker's metadata: every
// `property`, `defaults`, `meta` and clone `meta` value by its type, unknown properties, attributes
// written where they have no effect, `promotable`, control characters; and the escaping printers use.
#include <gtest/gtest.h>

#include "compiler/check/check.hpp"
#include "compiler/lang/options.hpp"
#include "compiler/util/escape.hpp"
#include "grammar/parse.hpp"
#include "support/test_support.hpp"

namespace {

using Lines = std::vector<std::string>;

struct Result {
    aa::SourceSet sources;
    aa::Diagnostics diags;
    bool ok = false;
    Lines headlines() const {
        Lines out;
        for (const aa::Diagnostic& d : diags.sorted())
            out.push_back(std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + ": " + d.code + ": " +
                          d.message + (d.fixit ? " [fix: " + d.fixit->replacement + "]" : ""));
        return out;
    }
};

std::unique_ptr<Result> check(const std::string& text) {
    auto r = std::make_unique<Result>();
    aa::ast::Spec spec;
    spec.files.push_back(aa::grammar::parse(r->sources, r->sources.add("spec.aa", text), r->diags));
    EXPECT_FALSE(r->diags.has_errors()) << aa::render(r->diags.sorted(), r->sources);
    r->ok = aa::check(spec, r->sources, r->diags).has_value();
    r->diags = aa::test::without_fencing_warning(r->diags);
    return r;
}

std::string property(const std::string& line) { return "cluster prod {\n  nodes n1 n2\n  " + line + "\n}\n"; }
std::string with_service(const std::string& body) {
    return "cluster prod {\n  nodes n1 n2\n}\nservice app {\n  unit app.service\n" + body + "}\n";
}

TEST(CheckOptions, PropertyValuesByType) {
    auto r = check(property("property stonith-enabled = flase"));
    EXPECT_EQ(r->headlines(), Lines{"3:30: E091: cluster property \"stonith-enabled\" takes true or false (Pacemaker "
                                    "also reads yes/no, on/off, y/n and 1/0), not `flase` [fix: false]"});
    r = check(property("property no-quorum-policy = stopp"));
    EXPECT_EQ(r->headlines(), Lines{"3:31: E091: cluster property \"no-quorum-policy\" takes one of stop, freeze, "
                                    "ignore, demote or suicide, not `stopp` [fix: stop]"});
    r = check(property("property stonith-timeout = 60x"));
    ASSERT_EQ(r->diags.items().size(), 1u);
    EXPECT_EQ(r->diags.items()[0].code, "E091");
    EXPECT_EQ(r->diags.items()[0].fixit->replacement, "60s");
    r = check(property("property load-threshold = 80"));
    EXPECT_EQ(r->diags.items().at(0).fixit->replacement, "80%");
    r = check(property("property batch-limit = many"));
    EXPECT_EQ(r->diags.items().at(0).code, "E091");
}

TEST(CheckOptions, AcceptedFormsPass) {
    for (std::string ok : {"property stonith-enabled = yes", "property stonith-enabled = TRUE",
                           "property no-quorum-policy = Freeze", "property stonith-timeout = 90",
                           "property stonith-timeout = 10sec", "property cluster-recheck-interval = 15min",
                           "property cluster-recheck-interval = PT15M", "property load-threshold = 80%",
                           "property node-health-red = -INFINITY", "property migration-limit = -1",
                           "property cluster-name = \"prod east\""}) {
        auto r = check(property(ok));
        EXPECT_TRUE(r->ok) << ok << "\n" << aa::render(r->diags.sorted(), r->sources);
    }
}

TEST(CheckOptions, UnknownPropertyIsAnErrorWithASuggestion) {
    auto r = check(property("property no-quorum-polcy = stop"));
    EXPECT_EQ(r->headlines(), Lines{"3:12: E090: unknown cluster property \"no-quorum-polcy\"; Pacemaker 2.1.5 has no "
                                    "such option [fix: no-quorum-policy]"});
    EXPECT_FALSE(r->ok);
}

TEST(CheckOptions, AnAttributeWhereItHasNoEffectNamesWhereItBelongs) {
    auto r = check(property("property resource-stickiness = 100"));
    ASSERT_EQ(r->diags.items().size(), 1u);
    EXPECT_EQ(r->diags.items()[0].code, "E092");
    EXPECT_NE(r->diags.items()[0].message.find("`resource resource-stickiness = VALUE` in `defaults`"), std::string::npos);
    r = check(with_service("  meta clone-max = 2\n"));
    EXPECT_EQ(r->headlines(), Lines{"6:8: E092: meta attribute \"clone-max\" of service \"app\" has no effect here; it "
                                    "is a clone attribute and has an effect only on a clone: write `clone max N` in "
                                    "the service"});
    r = check("cluster prod {\n  nodes n1\n}\ndefaults {\n  op resource-stickiness = 1\n  resource on-fail = block\n}\n");
    EXPECT_EQ(r->diags.items().size(), 2u);
    for (const aa::Diagnostic& d : r->diags.items()) EXPECT_EQ(d.code, "E092");
    r = check(with_service("  meta pcmk_host_list = n1\n"));
    EXPECT_NE(r->diags.items().at(0).message.find("fence device"), std::string::npos);
}

TEST(CheckOptions, MetaAndDefaultValuesByType) {
    auto r = check(with_service("  meta migration-threshold = abc\n  meta target-role = Runing\n"
                                "  meta failure-timeout = 1m30s\n  meta resource-stickiness = inf\n"));
    Lines h = r->headlines();
    ASSERT_EQ(h.size(), 4u);
    EXPECT_NE(h[0].find("E091: meta attribute \"migration-threshold\" of service \"app\" takes a score"), std::string::npos);
    EXPECT_NE(h[1].find("one of Stopped, Started, Unpromoted, Promoted, Slave or Master, not `Runing`"), std::string::npos);
    EXPECT_NE(h[2].find("[fix: 90s]"), std::string::npos) << h[2];
    EXPECT_NE(h[3].find("[fix: INFINITY]"), std::string::npos) << h[3];
    r = check("cluster prod {\n  nodes n1\n}\ndefaults {\n  resource resource-stickiness = lots\n  op timeout = abc\n}\n");
    EXPECT_EQ(r->diags.items().size(), 2u);
    for (const aa::Diagnostic& d : r->diags.items()) EXPECT_EQ(d.code, "E091");
}

TEST(CheckOptions, CloneMetaIsJudgedAndPromotableRefused) {
    auto r = check(with_service("  parallel-safe\n  clone { max 2 meta promotable = true meta notify = maybe }\n"));
    Lines h = r->headlines();
    ASSERT_EQ(h.size(), 2u) << ::testing::PrintToString(h);
    EXPECT_NE(h[0].find("E093: clone meta attribute \"promotable\" of service \"app\" would turn the clone into a "
                        "promotable clone"),
              std::string::npos)
        << h[0];
    EXPECT_NE(h[1].find("E091: clone meta attribute \"notify\""), std::string::npos) << h[1];
    r = check(with_service("  meta promotable = true\n"));
    EXPECT_EQ(r->diags.items().at(0).code, "E093");
}

TEST(CheckOptions, ControlCharactersAreRefusedInPropertiesAndMeta) {
    auto r = check(property("property cluster-name = \"prod\x1b[2K\""));
    EXPECT_EQ(r->headlines(), Lines{"3:27: E098: cluster property \"cluster-name\" holds the control character ESC "
                                    "(U+001B); values may not hold control characters (they would reach terminals "
                                    "and the CIB raw)"});
    r = check(with_service("  meta target-role = \"Started\\n\"\n"));
    EXPECT_EQ(r->diags.items().at(0).code, "E098");
    // The rendering never prints the raw byte, and the caret still covers the value.
    r = check(property("property cluster-name = \"a\x1b[2Kb\""));
    std::string shown = aa::render(r->diags.sorted(), r->sources);
    EXPECT_EQ(shown.find('\x1b'), std::string::npos);
    EXPECT_NE(shown.find("3 |   property cluster-name = \"a\\e[2Kb\"\n  |                           ^^^^^^^^^\n"),
              std::string::npos)
        << shown;
}

TEST(Escape, ControlCharactersBecomeEscapes) {
    EXPECT_EQ(aa::escape_for_terminal("prod\x1b[2K\r\n\t\x7f\x01"), "prod\\e[2K\\r\\n\\t\\x7f\\x01");
    EXPECT_EQ(aa::escape_for_terminal("a\xc2\x9b" "b"), "a\\u009bb");
    EXPECT_EQ(aa::escape_for_terminal("caf\xc3\xa9 \xe2\x86\x92"), "caf\xc3\xa9 \xe2\x86\x92");  // UTF-8 stays
    EXPECT_EQ(aa::escape_for_terminal("one\ntwo\x1b\n", true), "one\ntwo\\e\n");
    EXPECT_EQ(aa::first_control_char("abc"), std::string::npos);
    EXPECT_EQ(aa::describe_control_char("x\x1b", 1), "ESC (U+001B)");
}

TEST(OptionValues, DurationSpellings) {
    using aa::options::duration_ms;
    EXPECT_EQ(duration_ms("30"), 30000);
    EXPECT_EQ(duration_ms("500ms"), 500);
    EXPECT_EQ(duration_ms("2MIN"), 120000);
    EXPECT_EQ(duration_ms("1h"), 3600000);
    EXPECT_EQ(duration_ms("PT1M30S"), 90000);
    EXPECT_FALSE(duration_ms("1m30s"));
    EXPECT_FALSE(duration_ms("1.5s"));
    EXPECT_FALSE(duration_ms("-5s"));
    EXPECT_FALSE(duration_ms("s"));
}

}  // namespace

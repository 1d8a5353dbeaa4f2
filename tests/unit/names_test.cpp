// Names that are names (reserved ids, agent parts, unit names, one unit per service) and the
// diagnostics around them: duration tokens, recovery after unknown blocks, command did-you-mean.
#include <gtest/gtest.h>

#include "compiler/check/check.hpp"
#include "compiler/diag/suggest.hpp"
#include "compiler/lang/duration.hpp"
#include "support/test_support.hpp"
#include "grammar/parse.hpp"
#include "support/test_support.hpp"

namespace {

using Lines = std::vector<std::string>;

Lines diagnose(const std::string& text, bool* ok = nullptr) {
    aa::SourceSet sources;
    aa::Diagnostics diags;
    aa::ast::Spec spec;
    spec.files.push_back(aa::grammar::parse(sources, sources.add("spec.aa", text), diags));
    bool checked = aa::check(spec, sources, diags).has_value();
    if (ok) *ok = checked;
    diags = aa::test::without_fencing_warning(diags);
    Lines out;
    for (const aa::Diagnostic& d : diags.sorted())
        out.push_back(std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + " " + d.code + " " +
                      d.message + (d.fixit ? " [fix: " + d.fixit->replacement + "]" : ""));
    return out;
}

const std::string cluster = "cluster prod {\n  nodes n1 n2\n}\n";  // lines 1-3

TEST(ReservedIds, ServicesAndExplicitIdsMayNotTakeThem) {
    Lines d = diagnose(cluster + "service aa-managed {\n  unit a.service\n}\n");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0], "4:9 E094 id \"aa-managed\" of service \"aa-managed\" is reserved for aa's ownership tag; "
                    "choose another name");
    d = diagnose(cluster + "service cib-bootstrap-options {\n  unit a.service\n}\n");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].find("E094"), std::string::npos);
    d = diagnose(cluster + "service app {\n  unit app.service\n  monitor every 30s id \"aa-managed\"\n}\n");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].find("6:24 E094 id \"aa-managed\" of `monitor every 30s` of service \"app\""), std::string::npos) << d[0];
    d = diagnose(cluster + "service rsc_defaults-meta_attributes {\n  unit a.service\n}\n");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].find("the resource defaults set"), std::string::npos);
}

TEST(AgentNames, ProviderAndTypeArePlainNames) {
    for (std::string agent : {"ocf:heartbeat:../../../bin/sh", "lsb:$(id)", "ocf:pace/maker:Dummy", "lsb:a;b",
                              "ocf:heartbeat:-x", "service:a`b`"}) {
        bool ok = true;
        Lines d = diagnose(cluster + "service app {\n  agent \"" + agent + "\"\n}\n", &ok);
        EXPECT_FALSE(ok) << agent;
        ASSERT_FALSE(d.empty()) << agent;
        EXPECT_NE(d[0].find("E095"), std::string::npos) << agent << ": " << d[0];
    }
    bool ok = false;
    diagnose(cluster + "service app {\n  agent ocf:heartbeat:IPaddr2\n}\n", &ok);
    EXPECT_TRUE(ok);
    diagnose(cluster + "service app {\n  agent lsb:apache2\n}\n", &ok);
    EXPECT_TRUE(ok);
    // The two forms with `/` Pacemaker itself accepts (real CIBs use them).
    diagnose(cluster + "service f {\n  agent stonith:external/sbd\n}\n", &ok);
    EXPECT_TRUE(ok);
    diagnose(cluster + "service l {\n  agent lsb:/usr/share/pacemaker/tests/cts/LSBDummy\n}\n", &ok);
    EXPECT_TRUE(ok);
    for (std::string bad : {"lsb:/usr/../bin/sh", "stonith:external/../x", "lsb:/a//b", "ocf:heartbeat:a/b"}) {
        diagnose(cluster + "service x {\n  agent \"" + bad + "\"\n}\n", &ok);
        EXPECT_FALSE(ok) << bad;
    }
}

TEST(UnitNames, OptionLikeNamesAreRefused) {
    Lines d = diagnose(cluster + "service app {\n  unit \"-rf\"\n}\n");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0], "5:8 E025 unit \"-rf\" of service \"app\" is not a valid unit name: it starts with `-`, which "
                    "systemctl would read as an option");
    d = diagnose(cluster + "service app {\n  unit \"../etc/x.service\"\n}\n");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].find("E025"), std::string::npos);
    d = diagnose(cluster + "service app {\n  agent \"systemd:-rf\"\n}\n");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].find("E025"), std::string::npos);
}

TEST(UnitNames, OneUnitBelongsToOneService) {
    Lines d = diagnose(cluster + "service a {\n  unit app.service\n}\nservice b {\n  unit app\n}\n"
                                 "service c {\n  agent systemd:app\n}\n");
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0], "8:3 E097 unit \"app.service\" of service \"b\" already belongs to service \"a\"; a unit may "
                    "belong to one service only");
    EXPECT_NE(d[1].find("11:3 E097"), std::string::npos) << d[1];
}

TEST(Durations, TheWholeTokenIsNamedWithWhatItMeans) {
    auto first = [](const std::string& interval) {
        Lines d = diagnose(cluster + "service app {\n  unit app.service\n  monitor every " + interval + "\n}\n");
        return d.empty() ? std::string() : d[0];
    };
    EXPECT_EQ(first("1m30s"), "6:17 E001 `1m30s` is not a duration: write one whole number and one unit, ms, s, m or "
                              "h (like 30s or 2m) [fix: 90s]");
    EXPECT_NE(first("1.5s").find("6:17 E001 `1.5s` is not a duration"), std::string::npos);
    EXPECT_NE(first("1.5s").find("[fix: 1500ms]"), std::string::npos);
    EXPECT_NE(first("30S").find("[fix: 30s]"), std::string::npos);
    EXPECT_NE(first("10sec").find("[fix: 10s]"), std::string::npos);
    EXPECT_EQ(aa::repair_duration("2min"), "2m");
    EXPECT_EQ(aa::repair_duration("1h30m"), "90m");
    EXPECT_EQ(aa::repair_duration("10x"), std::nullopt);
}

TEST(Recovery, AnUnknownBlockAfterAnUnknownBlockIsReported) {
    Lines d = diagnose(cluster + "servce a {\n  unit a.service\n}\nsrvice b {\n  unit b.service\n}\n"
                                 "service c {\n  unit c.service\n}\n");
    ASSERT_EQ(d.size(), 2u) << ::testing::PrintToString(d);
    EXPECT_EQ(d[0].substr(0, 9), "4:1 E002 ");
    EXPECT_EQ(d[1].substr(0, 9), "7:1 E002 ");
    // Braces and words inside the unknown block, in strings or comments, do not restart the parse.
    d = diagnose(cluster + "servce a {\nunit \"{\"  # }\n}\nservice c {\n  unit c.service\n}\n");
    EXPECT_EQ(d.size(), 1u) << ::testing::PrintToString(d);
}

TEST(Suggestions, RankedByDistanceTiesByPosition) {
    EXPECT_EQ(aa::suggest("node-07", {"node-01", "node-03"}), "node-01");
    EXPECT_EQ(aa::suggest("node-07", {"node-03", "node-01"}), "node-03");
    EXPECT_EQ(aa::suggest("nod-03", {"node-01", "node-03"}), "node-03");  // distance first
}

TEST(Commands, AnUnknownCommandGetsADidYouMean) {
    aa::test::CommandResult r = aa::test::run_aa({"plna", "x.aa"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "error: unknown command `plna`; did you mean `plan`? (aa --help)\n");
    r = aa::test::run_aa({"qqqqqq"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("the commands are check fmt plan"), std::string::npos) << r.err;
}

}  // namespace

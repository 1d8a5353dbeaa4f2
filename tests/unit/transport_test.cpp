// Transports: where a host command runs and the exact argv that runs it.
#include <gtest/gtest.h>

#include "runtime/transport.hpp"

using namespace aa::runtime;
using Argv = std::vector<std::string>;

TEST(TemplateTransport, SubstitutesTheNodeAndAppendsTheCommandWords) {
    auto t = template_transport("ip netns exec ns-{node}");
    EXPECT_EQ(t->argv_for("node-01", {"systemctl", "disable", "app.service"}),
              (Argv{"ip", "netns", "exec", "ns-node-01", "systemctl", "disable", "app.service"}));
    EXPECT_EQ(shell_join(t->argv_for("node-01", {"systemctl", "disable", "app.service"})),
              "ip netns exec ns-node-01 systemctl disable app.service");
}

TEST(TemplateTransport, QuotedTemplateWordsStayOneWordAndEverySubstitutionHappens) {
    auto t = template_transport("docker exec 'box {node}' env NODE=\"{node}\" --");
    EXPECT_EQ(t->argv_for("n2", {"true"}), (Argv{"docker", "exec", "box n2", "env", "NODE=n2", "--", "true"}));
}

TEST(TemplateTransport, CommandWordsAreNeverReinterpreted) {
    auto t = template_transport("env");
    // A word with spaces and quotes reaches the program as one argument, untouched.
    EXPECT_EQ(t->argv_for("n", {"echo", "it's {node}; rm -rf /"}), (Argv{"env", "echo", "it's {node}; rm -rf /"}));
}

TEST(TemplateTransport, RejectsEmptyTemplatesAndUnterminatedQuotes) {
    EXPECT_THROW(template_transport("   "), std::invalid_argument);
    EXPECT_THROW(template_transport("ip netns exec 'ns-{node}"), std::invalid_argument);
}

TEST(TemplateTransport, RunsThroughTheTemplateAndRecordsTheNode) {
    auto t = template_transport("env NODE_NAME={node}");
    Result r = t->run_on("node-07", {"sh", "-c", "echo $NODE_NAME"}, "", std::chrono::seconds(10));
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "node-07\n");
    EXPECT_EQ(r.node, "node-07");
}

TEST(SplitWords, FollowsShellQuotingRules) {
    EXPECT_EQ(split_words(R"(a  'b c' "d \"e\"" f\ g '')"), (Argv{"a", "b c", "d \"e\"", "f g", ""}));
    EXPECT_TRUE(split_words("").empty());
}

TEST(LocalTransport, RunsHereWithStdinAndRecordsTheNode) {
    auto t = local_transport();
    EXPECT_EQ(t->argv_for("node-01", {"cat"}), (Argv{"cat"}));
    Result r = t->run_on("node-01", {"cat"}, "hello", std::chrono::seconds(10));
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "hello");
    EXPECT_EQ(r.node, "node-01");
    EXPECT_EQ(t->name(), "local");
}

TEST(LocalTransport, FailureDescriptionNamesTheNodeCommandAndStderr) {
    auto t = local_transport();
    Result r = t->run_on("node-02", {"sh", "-c", "echo unit not found >&2; exit 4"}, "", std::chrono::seconds(10));
    EXPECT_EQ(r.exit_code, 4);
    std::string d = r.describe();
    EXPECT_NE(d.find("on node-02"), std::string::npos) << d;
    EXPECT_NE(d.find("unit not found"), std::string::npos) << d;
}

TEST(SshTransport, BatchModeNodeThenEachWordShellQuoted) {
    auto t = ssh_transport();
    EXPECT_EQ(t->argv_for("node-03", {"systemctl", "stop", "app.service"}),
              (Argv{"ssh", "-o", "BatchMode=yes", "node-03", "--", "systemctl", "stop", "app.service"}));
    // The remote shell re-splits the joined words: a word with a space must arrive as one word.
    EXPECT_EQ(t->argv_for("node-03", {"lbctl", "drain", "app 1", "it's"}),
              (Argv{"ssh", "-o", "BatchMode=yes", "node-03", "--", "lbctl", "drain", "'app 1'", "'it'\\''s'"}));
    EXPECT_EQ(t->name(), "ssh");
}

TEST(SshTransport, ANodeNameThatLooksLikeAnOptionIsRefused) {
    auto t = ssh_transport();
    EXPECT_THROW(t->argv_for("-oProxyCommand=touch /tmp/x", {"true"}), std::invalid_argument);
    EXPECT_THROW(t->argv_for("", {"true"}), std::invalid_argument);
}

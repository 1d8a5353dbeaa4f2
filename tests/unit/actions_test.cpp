// Host actions of a change: when a definition change rolls node by node, and when it cannot.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/check/check.hpp"
#include "compiler/lang/load.hpp"
#include "compiler/plan/actions.hpp"

namespace {

using namespace aa;
using Kind = plan::Action::Kind;

const char* kSpec = R"(cluster c {
  nodes node-01 node-02 node-03
}
service app_service {
  unit app.service
  monitor every 10s
  parallel-safe
  clone max 2 per-node 1
}
route app_service {
  via command drain "true" ready "true"
  server node-01 app1
  server node-02 app2
  server node-03 app3
}
)";

model::Model model_of(const char* text) {
    SourceSet sources;
    Diagnostics diags;
    ast::Spec spec;
    spec.files.push_back(load_text("c.aa", text, sources, diags));
    std::optional<model::Model> m = check(spec, sources, diags);
    EXPECT_TRUE(m.has_value());
    return m.value_or(model::Model{});
}

plan::ResourceChange change(plan::ResourceChange::Kind kind, const std::string& instance, const std::string& node,
                            const std::string& to = {}) {
    plan::ResourceChange c;
    c.kind = kind;
    c.instance = instance;
    c.resource = "app_service-clone";
    c.node = node;
    c.to = to;
    return c;
}

// "hold node-02", "commit", ... : the actions as kind and node, to read the order at a glance.
std::vector<std::string> steps(const std::vector<plan::Action>& actions) {
    std::vector<std::string> out;
    for (const plan::Action& a : actions)
        if (a.kind != Kind::CheckUnit && a.kind != Kind::CheckRouter && a.kind != Kind::Disable)
            out.push_back(std::string(actions::kind_name(a.kind)) + (a.node.empty() ? "" : " " + a.node));
    return out;
}

struct Change {
    model::Model model = model_of(kSpec);
    plan::Placement before{{"app_service-clone", {"node-02", "node-03"}}};
    plan::Placement after{{"app_service-clone", {"node-02", "node-03"}}};
    plan::Transition transition;
    std::vector<plan::Action> derive() const {
        return actions::derive({model, before, after, {}, {"app_service"}, true, transition, {}, {}});
    }
    std::vector<std::string> outage() const {
        actions::Input in{model, before, after, {}, {"app_service"}, true, transition, {}, {}};
        return actions::emptied_routes(in, actions::derive(in));
    }
};

TEST(Actions, EveryServingInstanceRestartingInPlaceRollsNodeByNodeWithTheFreeNodePinned) {
    Change c;
    c.transition = {change(plan::ResourceChange::Kind::Restart, "app_service:0", "node-02"),
                    change(plan::ResourceChange::Kind::Restart, "app_service:1", "node-03")};
    const std::vector<std::string> want{"hold node-02", "hold node-03", "commit",       "pin node-01",
                                        "drain node-02", "release node-02", "ready node-02", "drain node-03",
                                        "release node-03", "ready node-03", "unpin node-01", "wait",
                                        "drain node-01"};  // routing follows the cluster: drained where none runs
    EXPECT_EQ(steps(c.derive()), want);
    EXPECT_TRUE(c.outage().empty());
}

TEST(Actions, OneInstanceRestartingBesideOneThatKeepsServingDrainsBeforeTheCommitAsBefore) {
    Change c;
    c.transition = {change(plan::ResourceChange::Kind::Restart, "app_service:0", "node-02")};
    const std::vector<std::string> want{"drain node-02", "commit", "wait", "drain node-01", "ready node-02", "ready node-03"};
    EXPECT_EQ(steps(c.derive()), want);
    EXPECT_TRUE(c.outage().empty());
}

TEST(Actions, AnInstanceThatMovesCannotRollAndTheRouteIsAnOutage) {
    Change c;
    c.after = {{"app_service-clone", {"node-01", "node-03"}}};
    c.transition = {change(plan::ResourceChange::Kind::Move, "app_service:0", "node-02", "node-01"),
                    change(plan::ResourceChange::Kind::Restart, "app_service:1", "node-03")};
    for (const std::string& s : steps(c.derive())) EXPECT_EQ(s.rfind("hold", 0), std::string::npos) << s;
    EXPECT_EQ(c.outage().size(), 1u);
}

TEST(Actions, NothingRollsWithoutACommit) {
    Change c;
    c.transition = {change(plan::ResourceChange::Kind::Restart, "app_service:0", "node-02"),
                    change(plan::ResourceChange::Kind::Restart, "app_service:1", "node-03")};
    std::vector<plan::Action> a = actions::derive({c.model, c.before, c.after, {}, {"app_service"}, false, c.transition, {}, {}});
    for (const std::string& s : steps(a)) EXPECT_EQ(s.rfind("hold", 0), std::string::npos) << s;
}

}  // namespace

namespace {

TEST(Actions, ARestartBecauseTheAgentChangedDoesNotRoll) {
    Change c;
    c.transition = {change(plan::ResourceChange::Kind::Restart, "app_service:0", "node-02"),
                    change(plan::ResourceChange::Kind::Restart, "app_service:1", "node-03")};
    actions::Input in{c.model, c.before, c.after, {}, {"app_service"}, true, c.transition, {}, {}, {"app_service"}};
    for (const std::string& s : steps(actions::derive(in))) EXPECT_EQ(s.rfind("hold", 0), std::string::npos) << s;
    EXPECT_EQ(actions::emptied_routes(in, actions::derive(in)).size(), 1u);
}

}  // namespace

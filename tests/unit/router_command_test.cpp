// `via command` routes: the operator's drain/ready templates, filled in and run on the server's node.
#include <gtest/gtest.h>

#include "runtime/router.hpp"
#include "runtime/transport.hpp"
#include "support/test_support.hpp"

namespace aa::runtime {
namespace {

// Records what the router asks to run and answers with a scripted result.
class RecordingTransport : public Transport {
public:
    struct Call {
        std::string node;
        std::vector<std::string> argv;
    };
    std::vector<Call> calls;
    int exit_code = 0;
    std::string err;

    Result run_on(const std::string& node, const std::vector<std::string>& argv, const std::string&,
                  std::chrono::milliseconds) override {
        calls.push_back({node, argv});
        Result r;
        r.argv = argv;
        r.node = node;
        r.exit_code = exit_code;
        r.err = err;
        return r;
    }
    std::vector<std::string> argv_for(const std::string&, const std::vector<std::string>& argv) const override {
        return argv;
    }
    std::string name() const override { return "recording"; }
};

model::Route command_route(std::string drain, std::string ready) {
    model::Route r;
    r.service = "api";
    r.via = model::Route::Via::Command;
    r.backend = "be_api";
    r.drain_cmd = std::move(drain);
    r.ready_cmd = std::move(ready);
    r.servers = {{"node-01", "api1"}, {"node-02", "api2"}};
    return r;
}

const model::Server api1{"node-01", "api1"};

TEST(RouteTemplate, FillsInNodeServerAndBackend) {
    EXPECT_EQ(expand_route_template("lbctl -b {backend} drain {server} on {node}", api1, "be_api"),
              "lbctl -b be_api drain api1 on node-01");
}

TEST(RouteTemplate, LeavesShellBracesAlone) {
    EXPECT_EQ(expand_route_template("echo ${HOME} | awk '{ print $1 }' {server}", api1, "be"),
              "echo ${HOME} | awk '{ print $1 }' api1");
}

TEST(RouteTemplate, MisspeltPlaceholderIsAnErrorNamingIt) {
    try {
        expand_route_template("lbctl drain {sever}", api1, "be");
        FAIL() << "expected RouterError";
    } catch (const RouterError& e) {
        EXPECT_NE(std::string(e.what()).find("{sever}"), std::string::npos) << e.what();
    }
}

TEST(RouteTemplate, RefusesValuesTheShellWouldSplit) {
    EXPECT_THROW(expand_route_template("lbctl drain {server}", {"node-01", "a1; rm -rf /"}, "be"), RouterError);
}

TEST(RouteTemplate, BackendPlaceholderNeedsABackend) {
    EXPECT_THROW(expand_route_template("lbctl {backend}", api1, ""), RouterError);
}

TEST(CommandRouter, DrainRunsTheDrainTemplateOnTheServersNode) {
    RecordingTransport t;
    auto router = make_router(command_route("lbctl drain {server}", "lbctl ready {server}"), &t);
    router->set_drain(api1);
    ASSERT_EQ(t.calls.size(), 1u);
    EXPECT_EQ(t.calls[0].node, "node-01");
    EXPECT_EQ(t.calls[0].argv, (std::vector<std::string>{"sh", "-c", "lbctl drain api1"}));
}

TEST(CommandRouter, ReadyRunsTheReadyTemplate) {
    RecordingTransport t;
    auto router = make_router(command_route("lbctl drain {server}", "lbctl ready {server}"), &t);
    router->set_ready({"node-02", "api2"});
    ASSERT_EQ(t.calls.size(), 1u);
    EXPECT_EQ(t.calls[0].node, "node-02");
    EXPECT_EQ(t.calls[0].argv.back(), "lbctl ready api2");
}

TEST(CommandRouter, AFailingCommandIsAnErrorWithItsExitStatusAndStderr) {
    RecordingTransport t;
    t.exit_code = 3;
    t.err = "lbctl: backend offline";
    auto router = make_router(command_route("lbctl drain {server}", "lbctl ready {server}"), &t);
    try {
        router->set_drain(api1);
        FAIL() << "expected RouterError";
    } catch (const RouterError& e) {
        std::string m = e.what();
        EXPECT_NE(m.find("lbctl: backend offline"), std::string::npos) << m;
        EXPECT_NE(m.find("3"), std::string::npos) << m;
        EXPECT_NE(m.find("api1"), std::string::npos) << m;
    }
}

TEST(CommandRouter, StatesAreWhatItLastSetAndUnknownBefore) {
    RecordingTransport t;
    auto router = make_router(command_route("true", "true"), &t);
    router->set_drain(api1);
    auto st = router->states();
    ASSERT_EQ(st.size(), 2u);
    EXPECT_EQ(st[0].server, "api1");
    EXPECT_EQ(st[0].admin_state, "drain");
    EXPECT_EQ(st[1].server, "api2");
    EXPECT_EQ(st[1].admin_state, "unknown");
}

TEST(CommandRouter, CommandsCannotSeeSessionsSoDrainingDoesNotWait) {
    RecordingTransport t;
    auto router = make_router(command_route("true", "true"), &t);
    EXPECT_TRUE(router->wait_drained(api1, std::chrono::milliseconds(0)));
}

TEST(CommandRouter, WithoutATransportItRunsHereWithAShell) {
    test::TempDir dir;
    const std::string log = (dir / "log").string();
    auto router = make_router(command_route("echo drain {server} {node} >> " + log,
                                            "echo ready {server} {node} >> " + log),
                              nullptr);
    router->set_drain(api1);
    router->set_ready({"node-02", "api2"});
    EXPECT_EQ(test::read_file(log), "drain api1 node-01\nready api2 node-02\n");
}

TEST(CommandRouter, CheckFindsAProgramThatDoesNotExist) {
    auto router = make_router(command_route("no-such-lbctl-xyz drain {server}", "true"), nullptr);
    try {
        router->check();
        FAIL() << "expected RouterError";
    } catch (const RouterError& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-lbctl-xyz"), std::string::npos) << e.what();
    }
}

TEST(CommandRouter, CheckPassesWhenEveryProgramExists) {
    auto router = make_router(command_route("true {server}", "echo {node}"), nullptr);
    EXPECT_NO_THROW(router->check());
}

TEST(CommandRouter, CheckAsksOnEachServersNode) {
    RecordingTransport t;
    auto router = make_router(command_route("lbctl drain {server}", "lbctl ready {server}"), &t);
    router->check();
    ASSERT_FALSE(t.calls.empty());
    EXPECT_EQ(t.calls.front().node, "node-01");
    EXPECT_EQ(t.calls.back().node, "node-02");
    EXPECT_EQ(t.calls.front().argv.back(), "lbctl");
}

TEST(CommandRouter, NeedsBothTemplates) {
    EXPECT_THROW(make_router(command_route("lbctl drain {server}", ""), nullptr), RouterError);
}

TEST(HaproxyRouter, NeedsASocketOrAnAddress) {
    model::Route r;
    r.service = "web";
    r.backend = "be_web";
    EXPECT_THROW(make_router(r, nullptr), RouterError);
}

}  // namespace
}  // namespace aa::runtime

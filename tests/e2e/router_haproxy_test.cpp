// `via haproxy` against a real HAProxy on loopback: three tiny HTTP servers behind one backend,
// drained and readied through the runtime API, with HAProxy's own view and real requests as the
// evidence.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <csignal>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "runtime/router.hpp"
#include "runtime/runner.hpp"
#include "support/http_backends.hpp"
#include "support/test_support.hpp"

namespace aa::runtime {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using test::free_port;
using test::http_get;
using test::NamedHttpServer;
using test::spread;

// HAProxy's own words for a server: the `status` column (18th) of `show stat`.
std::string stat_status(const model::Route& route, const std::string& server) {
    std::istringstream in(haproxy_send(route, "show stat"));
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> f;
        std::istringstream fields(line);
        for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
        if (f.size() > 17 && f[0] == route.backend && f[1] == server) return f[17];
    }
    return "absent";
}

// A real HAProxy with backend be_app -> app1..app3, runtime API on a unix socket and on TCP.
class HaproxyLab : public ::testing::Test {
protected:
    void SetUp() override {
        if (!run({{"haproxy", "-v"}}).ok()) GTEST_SKIP() << "haproxy is not installed (Debian package haproxy)";
        for (int i = 1; i <= 3; ++i)
            apps_.push_back(std::make_unique<NamedHttpServer>("app" + std::to_string(i),
                                                              "127.0.0." + std::to_string(10 + i)));
        frontend_port_ = free_port("127.0.0.1");
        api_port_ = free_port("127.0.0.1");
        socket_ = (dir_ / "admin.sock").string();
        test::write_file(dir_ / "haproxy.cfg", config());
        Result r = run({{"sh", "-c", "exec haproxy -D -f \"$1\" </dev/null >\"$2\" 2>&1", "sh",
                         (dir_ / "haproxy.cfg").string(), (dir_ / "haproxy.log").string()}});
        ASSERT_TRUE(r.ok()) << r.describe() << test::read_file(dir_ / "haproxy.log");
        ASSERT_TRUE(all_servers_up()) << "HAProxy never saw the three servers UP:\n"
                                      << haproxy_send(unix_route(), "show stat");
    }
    void TearDown() override {
        std::string pid = test::read_file(dir_ / "haproxy.pid");
        if (!pid.empty()) ::kill(std::stoi(pid), SIGTERM);
    }

    std::string config() const {
        std::string cfg = "global\n    pidfile " + (dir_ / "haproxy.pid").string() + "\n    stats socket " +
                          socket_ + " mode 600 level admin\n    stats socket ipv4@127.0.0.1:" +
                          std::to_string(api_port_) +
                          " level admin\n"
                          "defaults\n    mode http\n    timeout connect 1s\n    timeout client 10s\n"
                          "    timeout server 10s\n"
                          "frontend fe_app\n    bind 127.0.0.1:" +
                          std::to_string(frontend_port_) +
                          "\n    default_backend be_app\n"
                          "backend be_app\n    balance roundrobin\n    option httpchk GET /health\n"
                          "    timeout check 2s\n    default-server inter 300ms fall 3 rise 1\n";
        for (std::size_t i = 0; i < apps_.size(); ++i)
            cfg += "    server app" + std::to_string(i + 1) + " " + apps_[i]->address() + " check\n";
        return cfg;
    }

    model::Route unix_route() const {
        model::Route r;
        r.service = "app_service";
        r.via = model::Route::Via::Haproxy;
        r.backend = "be_app";
        r.socket = socket_;
        r.servers = {{"node-01", "app1"}, {"node-02", "app2"}, {"node-03", "app3"}};
        return r;
    }
    model::Route tcp_route() const {
        model::Route r = unix_route();
        r.socket.clear();
        r.address = "127.0.0.1:" + std::to_string(api_port_);
        return r;
    }

    bool all_servers_up() {
        for (auto end = Clock::now() + 10s; Clock::now() < end; std::this_thread::sleep_for(100ms)) {
            try {
                int up = 0;
                for (const char* s : {"app1", "app2", "app3"}) up += stat_status(unix_route(), s) == "UP";
                if (up == 3) return true;
            } catch (const RouterError&) {
                // not listening yet
            }
        }
        return false;
    }

    static const ServerState& state_of(const std::vector<ServerState>& all, const std::string& server) {
        for (const ServerState& s : all)
            if (s.server == server) return s;
        throw std::runtime_error("no state for " + server);
    }

    test::TempDir dir_;
    std::vector<std::unique_ptr<NamedHttpServer>> apps_;
    int frontend_port_ = 0, api_port_ = 0;
    std::string socket_;
    const model::Server app1_{"node-01", "app1"}, app2_{"node-02", "app2"}, app3_{"node-03", "app3"};
};

TEST_F(HaproxyLab, CheckPassesWhenTheBackendHasEveryDeclaredServer) {
    EXPECT_NO_THROW(make_router(unix_route(), nullptr)->check());
    EXPECT_NO_THROW(make_router(tcp_route(), nullptr)->check());
}

TEST_F(HaproxyLab, CheckNamesADeclaredServerHaproxyDoesNotHave) {
    model::Route r = unix_route();
    r.servers.push_back({"node-04", "app4"});
    try {
        make_router(r, nullptr)->check();
        FAIL() << "expected RouterError";
    } catch (const RouterError& e) {
        std::string m = e.what();
        EXPECT_NE(m.find("app4"), std::string::npos) << m;
        EXPECT_NE(m.find("app1, app2, app3"), std::string::npos) << m;  // what HAProxy does have
    }
}

TEST_F(HaproxyLab, CheckNamesAMissingBackend) {
    model::Route r = unix_route();
    r.backend = "be_nope";
    try {
        make_router(r, nullptr)->check();
        FAIL() << "expected RouterError";
    } catch (const RouterError& e) {
        EXPECT_NE(std::string(e.what()).find("be_nope"), std::string::npos) << e.what();
    }
}

TEST_F(HaproxyLab, AllServersStartReadyAndShareTheTraffic) {
    auto states = make_router(unix_route(), nullptr)->states();
    ASSERT_EQ(states.size(), 3u);
    for (const ServerState& s : states) {
        EXPECT_EQ(s.backend, "be_app");
        EXPECT_EQ(s.admin_state, "ready") << s.server;
        EXPECT_EQ(s.op_state, "running") << s.server;
        EXPECT_EQ(s.sessions, 0) << s.server;
    }
    auto seen = spread(frontend_port_, 30);
    EXPECT_EQ(seen.count("error"), 0u);
    for (const char* s : {"app1", "app2", "app3"}) EXPECT_GT(seen[s], 0) << s;
}

TEST_F(HaproxyLab, ADrainedServerGetsNoNewRequestsUntilReadyAgain) {
    auto router = make_router(unix_route(), nullptr);
    router->set_drain(app2_);
    EXPECT_EQ(state_of(router->states(), "app2").admin_state, "drain");
    EXPECT_EQ(state_of(router->states(), "app1").admin_state, "ready");
    EXPECT_EQ(stat_status(unix_route(), "app2"), "DRAIN");

    auto seen = spread(frontend_port_, 20);
    EXPECT_EQ(seen.count("app2"), 0u);
    EXPECT_EQ(seen["app1"] + seen["app3"], 20);
    EXPECT_GT(seen["app1"], 0);
    EXPECT_GT(seen["app3"], 0);

    router->set_ready(app2_);
    EXPECT_EQ(state_of(router->states(), "app2").admin_state, "ready");
    EXPECT_EQ(stat_status(unix_route(), "app2"), "UP");
    EXPECT_GT(spread(frontend_port_, 9)["app2"], 0);
}

TEST_F(HaproxyLab, TheTcpRuntimeApiDrivesTheSameHaproxy) {
    auto router = make_router(tcp_route(), nullptr);
    router->set_drain(app3_);
    EXPECT_EQ(stat_status(unix_route(), "app3"), "DRAIN");
    EXPECT_EQ(spread(frontend_port_, 12).count("app3"), 0u);
    router->set_ready(app3_);
    EXPECT_EQ(state_of(router->states(), "app3").admin_state, "ready");
}

TEST_F(HaproxyLab, WaitDrainedWaitsForTheOpenSessionToFinish) {
    auto router = make_router(unix_route(), nullptr);
    // Only app2 takes new requests while the slow one is sent, so the open session is on app2.
    router->set_drain(app1_);
    router->set_drain(app3_);
    std::string slow_answer;
    std::thread slow([&] { slow_answer = http_get(frontend_port_, "/slow"); });
    bool session_seen = false;
    for (auto end = Clock::now() + 1s; !session_seen && Clock::now() < end; std::this_thread::sleep_for(20ms))
        session_seen = state_of(router->states(), "app2").sessions == 1;
    router->set_drain(app2_);

    EXPECT_TRUE(session_seen) << "the slow request never showed as a session on app2";
    EXPECT_FALSE(router->wait_drained(app2_, 100ms)) << "the session was still open";
    auto start = Clock::now();
    EXPECT_TRUE(router->wait_drained(app2_, 5s));
    EXPECT_GT(Clock::now() - start, 500ms);
    slow.join();
    EXPECT_EQ(slow_answer, "app2");
    EXPECT_EQ(state_of(router->states(), "app2").sessions, 0);
}

TEST_F(HaproxyLab, SettingAnUndeclaredServerIsRefusedWithHaproxysReason) {
    auto router = make_router(unix_route(), nullptr);
    try {
        router->set_drain({"node-09", "app9"});
        FAIL() << "expected RouterError";
    } catch (const RouterError& e) {
        EXPECT_NE(std::string(e.what()).find("be_app/app9"), std::string::npos) << e.what();
    }
}

TEST(HaproxyRouterUnreachable, AMissingSocketFailsCheckNamingThePath) {
    model::Route r;
    r.service = "app_service";
    r.backend = "be_app";
    r.socket = "/nonexistent/aa-test/admin.sock";
    r.servers = {{"node-01", "app1"}};
    try {
        make_router(r, nullptr)->check();
        FAIL() << "expected RouterError";
    } catch (const RouterError& e) {
        std::string m = e.what();
        EXPECT_NE(m.find("/nonexistent/aa-test/admin.sock"), std::string::npos) << m;
        EXPECT_NE(m.find("No such file or directory"), std::string::npos) << m;
        EXPECT_NE(m.find("app_service"), std::string::npos) << m;
    }
}

TEST(HaproxyRouterUnreachable, AClosedPortFailsCheckNamingTheAddress) {
    model::Route r;
    r.service = "app_service";
    r.backend = "be_app";
    r.address = "127.0.0.1:" + std::to_string(free_port("127.0.0.1"));
    try {
        make_router(r, nullptr)->check();
        FAIL() << "expected RouterError";
    } catch (const RouterError& e) {
        EXPECT_NE(std::string(e.what()).find(r.address), std::string::npos) << e.what();
    }
}

TEST(HaproxyRouterUnreachable, ASocketThatNeverAnswersTimesOutInsteadOfHanging) {
    test::TempDir dir;
    const std::string path = (dir / "silent.sock").string();
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(fd, 4), 0);  // the kernel accepts the connection; nobody ever answers
    model::Route r;
    r.service = "app_service";
    r.backend = "be_app";
    r.socket = path;
    auto start = Clock::now();
    EXPECT_THROW(haproxy_send(r, "show stat", 300ms), RouterError);
    EXPECT_LT(Clock::now() - start, 3s);
    ::close(fd);
}

// Reply shapes as HAProxy 2.6 prints them (taken from the lab's HAProxy; admin bits from its
// SRV_ADMF_* flags: 0x01 forced maintenance, 0x08 forced drain).
TEST(HaproxyReplies, ServersStateGivesAdminAndOperationalState) {
    const std::string reply =
        "1\n"
        "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight "
        "srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state "
        "srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port "
        "srv_check_addr srv_agent_addr srv_agent_port\n"
        "3 be_app 1 app1 10.213.0.1 2 0 1 1 7 15 3 2 6 0 0 0 - 8080 - 0 0 - - 0\n"
        "3 be_app 2 app2 10.213.0.2 2 8 1 1 8 15 3 2 6 0 0 0 - 8080 - 0 0 - - 0\n"
        "3 be_app 3 app3 10.213.0.3 0 1 1 1 8 15 3 2 6 0 0 0 - 8080 - 0 0 - - 0\n";
    auto st = parse_servers_state(reply);
    ASSERT_EQ(st.size(), 3u);
    EXPECT_EQ(st[0].server, "app1");
    EXPECT_EQ(st[0].admin_state, "ready");
    EXPECT_EQ(st[0].op_state, "running");
    EXPECT_EQ(st[1].admin_state, "drain");
    EXPECT_EQ(st[2].admin_state, "maint");
    EXPECT_EQ(st[2].op_state, "stopped");
}

TEST(HaproxyReplies, AComplaintInsteadOfATableParsesToNothing) {
    EXPECT_TRUE(parse_servers_state("Can't find backend.\n").empty());
}

TEST(HaproxyReplies, StatCsvGivesCurrentSessions) {
    std::vector<ServerState> st{{"be_app", "app1", "ready", "running", 0}, {"be_app", "app2", "ready", "running", 0}};
    merge_stat_sessions("# pxname,svname,qcur,qmax,scur,smax\nbe_app,app1,0,0,4,9\nbe_app,app2,0,0,0,1\n"
                        "be_app,BACKEND,0,0,4,9\nother,app1,0,0,7,7\n",
                        st);
    EXPECT_EQ(st[0].sessions, 4);
    EXPECT_EQ(st[1].sessions, 0);
}

}  // namespace
}  // namespace aa::runtime

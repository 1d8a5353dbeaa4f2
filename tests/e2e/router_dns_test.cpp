// `via dns` against a real BIND on loopback: a dynamic zone that takes TSIG-signed RFC 2136
// updates. The evidence is what the server itself answers (dig) and its zone serial.
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <thread>

#include "runtime/route_sync.hpp"
#include "runtime/router.hpp"
#include "runtime/runner.hpp"
#include "support/http_backends.hpp"
#include "support/test_support.hpp"

namespace aa::runtime {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// crm_mon's XML, cut to what the sync reads: three online nodes and where app_service runs.
std::string status(const std::vector<std::string>& running) {
    std::string xml = "<pacemaker-result><nodes>";
    for (const char* n : {"node-01", "node-02", "node-03"}) xml += std::string("<node name=\"") + n + "\" online=\"true\"/>";
    xml += "</nodes><resources><clone id=\"app_service-clone\">";
    for (const std::string& n : running)
        xml += "<resource id=\"app_service\" role=\"Started\" active=\"true\" failed=\"false\"><node name=\"" + n +
               "\"/></resource>";
    return xml + "</clone></resources></pacemaker-result>";
}

class BindLab : public ::testing::Test {
protected:
    void SetUp() override {
        if (!run({{"named", "-v"}}).ok()) GTEST_SKIP() << "named is not installed (Debian package bind9)";
        if (!run({{"nsupdate", "-V"}}).ok()) GTEST_SKIP() << "nsupdate is not installed (Debian package bind9-dnsutils)";
        port_ = test::free_port("127.0.0.1");
        key_ = (dir_ / "aa.key").string();
        wrong_key_ = (dir_ / "wrong.key").string();
        // Same key name, another secret: the server knows the name and rejects the signature.
        for (const std::string& k : {key_, wrong_key_}) {
            Result r = run({{"tsig-keygen", "-a", "hmac-sha256", "aa-key"}});
            ASSERT_TRUE(r.ok()) << r.describe();
            test::write_file(k, r.out);
        }
        test::write_file(dir_ / "app.example.db",
                         "$TTL 30\n@ IN SOA ns.app.example. admin.app.example. 1 3600 600 86400 30\n"
                         "@ IN NS ns.app.example.\nns IN A 127.0.0.1\n");
        const std::string d = dir_.path().string();
        test::write_file(dir_ / "named.conf",
                         "options {\n  directory \"" + d + "\";\n  pid-file \"" + d + "/named.pid\";\n"
                         "  listen-on port " + std::to_string(port_) + " { 127.0.0.1; };\n  listen-on-v6 { none; };\n"
                         "  recursion no;\n  dnssec-validation no;\n  notify no;\n};\n"
                         "include \"" + key_ + "\";\n"
                         "zone \"app.example\" {\n  type primary;\n  file \"" + d + "/app.example.db\";\n"
                         "  allow-update { key aa-key; };\n};\n");
        Result r = run({{"named", "-c", (dir_ / "named.conf").string(), "-n", "1"}});
        ASSERT_TRUE(r.ok()) << r.describe();
        for (auto end = Clock::now() + 10s; Clock::now() < end && serial() < 0; std::this_thread::sleep_for(50ms)) {
        }
        ASSERT_EQ(serial(), 1) << "named never answered for app.example";
    }
    void TearDown() override {
        std::string pid = test::read_file(dir_ / "named.pid");
        if (!pid.empty()) ::kill(std::stoi(pid), SIGTERM);
        for (auto end = Clock::now() + 5s; !pid.empty() && Clock::now() < end && ::kill(std::stoi(pid), 0) == 0;)
            std::this_thread::sleep_for(20ms);
    }

    model::Route route(const std::string& key) const {
        model::Route r;
        r.service = "app_service";
        r.via = model::Route::Via::Dns;
        r.zone = "app.example";
        r.backend = "web.app.example";
        r.dns_server = "127.0.0.1:" + std::to_string(port_);
        r.key_file = key;
        r.ttl_s = 1;
        r.drain_ms = 1000;
        r.drain = "1s";
        r.servers = {{"node-01", "192.0.2.1"}, {"node-02", "192.0.2.2"}, {"node-03", "2001:db8::3"}};
        return r;
    }

    std::string dig(const std::vector<std::string>& question) const {
        std::vector<std::string> argv{"dig", "@127.0.0.1", "-p", std::to_string(port_), "+short", "+norecurse",
                                      "+time=2", "+tries=1"};
        argv.insert(argv.end(), question.begin(), question.end());
        return run({argv}).out;
    }
    long serial() const {
        std::istringstream in(dig({"app.example", "SOA"}));
        std::string mname, rname;
        long s = -1;
        in >> mname >> rname >> s;
        return s;
    }
    // What the server publishes for web.app.example, A and AAAA together.
    std::set<std::string> published() const {
        std::set<std::string> out;
        std::istringstream in(dig({"web.app.example", "A", "web.app.example", "AAAA"}));
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) out.insert(line);
        return out;
    }
    RouterFactory routers() const {
        return [](const model::Route& r) { return make_router(r, nullptr); };
    }
    model::Model model(const std::string& key) const {
        model::Model m;
        m.cluster = "lab";
        m.nodes = {"node-01", "node-02", "node-03"};
        model::Service s;
        s.name = "app_service";
        s.clone = model::Clone{};
        m.services.push_back(s);
        m.routes.push_back(route(key));
        return m;
    }

    test::TempDir dir_;
    int port_ = 0;
    std::string key_, wrong_key_;
};

TEST_F(BindLab, CheckPassesWithTheKeyTheServerKnows) { EXPECT_NO_THROW(make_router(route(key_), nullptr)->check()); }

TEST_F(BindLab, SyncPublishesExactlyTheNodesThatRunAnInstanceInOneUpdate) {
    model::Model m = model(key_);
    RouteSyncResult r = sync_routes(m.routes, serving_nodes(m, status({"node-01", "node-03"})), routers());
    ASSERT_TRUE(r.ok()) << r.errors[0];
    EXPECT_EQ(published(), (std::set<std::string>{"192.0.2.1", "2001:db8::3"}));
    EXPECT_EQ(serial(), 2) << "all changes of the sync in one update message: one serial step";
    ASSERT_EQ(r.changes.size(), 2u);  // node-02's record was never published: nothing to withdraw
    EXPECT_EQ(describe(r.changes[0]), "app_service: web.app.example/192.0.2.1 (node-01) drain -> ready");
    EXPECT_EQ(describe(r.changes[1]), "app_service: web.app.example/2001:db8::3 (node-03) drain -> ready");

    auto states = make_router(route(key_), nullptr)->states();
    ASSERT_EQ(states.size(), 3u);
    EXPECT_EQ(states[0].admin_state, "ready");
    EXPECT_EQ(states[1].admin_state, "drain");
    EXPECT_EQ(states[2].admin_state, "ready");
}

TEST_F(BindLab, ASecondSyncChangesNothingAndLeavesTheSerialAlone) {
    model::Model m = model(key_);
    auto serving = serving_nodes(m, status({"node-01", "node-02"}));
    ASSERT_TRUE(sync_routes(m.routes, serving, routers()).ok());
    const long after_first = serial();
    RouteSyncResult again = sync_routes(m.routes, serving, routers());
    ASSERT_TRUE(again.ok()) << again.errors[0];
    EXPECT_TRUE(again.changes.empty());
    EXPECT_EQ(serial(), after_first);
    // A ready for a published record sends nothing either.
    make_router(route(key_), nullptr)->set_ready({"node-01", "192.0.2.1"});
    EXPECT_EQ(serial(), after_first);
}

TEST_F(BindLab, AStandbyMovesTheRecordAndTheDrainWaitsTheTtl) {
    model::Model m = model(key_);
    ASSERT_TRUE(sync_routes(m.routes, serving_nodes(m, status({"node-01", "node-02"})), routers()).ok());
    EXPECT_EQ(published(), (std::set<std::string>{"192.0.2.1", "192.0.2.2"}));

    // What `aa drain node-01` does: withdraw, wait for caches, standby; the instance moves to node-03.
    auto router = make_router(route(key_), nullptr);
    auto start = Clock::now();
    router->set_drain({"node-01", "192.0.2.1"});
    EXPECT_EQ(published(), (std::set<std::string>{"192.0.2.2"}));
    EXPECT_TRUE(router->wait_drained({"node-01", "192.0.2.1"}, 0ms));
    EXPECT_GE(Clock::now() - start, 900ms) << "the drain must wait the record's TTL (1 s)";
    RouteSyncResult moved = sync_routes(m.routes, serving_nodes(m, status({"node-02", "node-03"})), routers());
    ASSERT_TRUE(moved.ok()) << moved.errors[0];
    EXPECT_EQ(published(), (std::set<std::string>{"192.0.2.2", "2001:db8::3"}));
    ASSERT_EQ(moved.changes.size(), 1u);
    EXPECT_EQ(moved.changes[0].server, "2001:db8::3");
}

TEST_F(BindLab, AWrongKeyFailsNamingTheServerAndChangesNothing) {
    model::Model m = model(key_);
    ASSERT_TRUE(sync_routes(m.routes, serving_nodes(m, status({"node-01"})), routers()).ok());
    const long before = serial();
    const auto records = published();

    model::Model wrong = model(wrong_key_);
    RouteSyncResult r = sync_routes(wrong.routes, serving_nodes(wrong, status({"node-02", "node-03"})), routers());
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_NE(r.errors[0].find("127.0.0.1:" + std::to_string(port_)), std::string::npos) << r.errors[0];
    EXPECT_NE(r.errors[0].find("rejects the TSIG key"), std::string::npos) << r.errors[0];
    EXPECT_EQ(r.errors[0].find(test::read_file(wrong_key_).substr(test::read_file(wrong_key_).find("secret"))),
              std::string::npos)
        << "the key's secret must never be printed";
    // The update itself is refused too (the check is not the only guard): nsupdate's words.
    try {
        make_router(route(wrong_key_), nullptr)->set_ready({"node-02", "192.0.2.2"});
        FAIL() << "the update went through with the wrong key";
    } catch (const RouterError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("nsupdate"), std::string::npos) << m;
        EXPECT_NE(m.find("exit 2"), std::string::npos) << m;
        EXPECT_NE(m.find("BADSIG"), std::string::npos) << m;
    }
    EXPECT_EQ(serial(), before);
    EXPECT_EQ(published(), records);
}

TEST_F(BindLab, AZoneTheServerDoesNotServeFailsTheCheck) {
    model::Route r = route(key_);
    r.zone = "other.example";
    r.backend = "web.other.example";
    try {
        make_router(r, nullptr)->check();
        FAIL() << "expected RouterError";
    } catch (const RouterError& e) {
        EXPECT_NE(std::string(e.what()).find("not authoritative for zone other.example"), std::string::npos) << e.what();
    }
}

TEST_F(BindLab, AnUnreadableKeyAndASilentServerFailTheCheck) {
    model::Route r = route((dir_ / "missing.key").string());
    try {
        make_router(r, nullptr)->check();
        FAIL() << "expected RouterError";
    } catch (const RouterError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot read the TSIG key file"), std::string::npos) << e.what();
    }
    model::Route silent = route(key_);
    silent.dns_server = "127.0.0.1:" + std::to_string(test::free_port("127.0.0.1"));
    try {
        make_router(silent, nullptr)->check();
        FAIL() << "expected RouterError";
    } catch (const RouterError& e) {
        EXPECT_NE(std::string(e.what()).find("does not answer"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(silent.dns_server), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace aa::runtime

// What the DNS and nginx routers read back: dig's answers, the upstream file aa writes; and the
// route sync handing a router all of a route's changes at once.
#include <gtest/gtest.h>

#include "runtime/route_sync.hpp"
#include "runtime/router.hpp"

namespace aa::runtime {
namespace {

// As dig 9.18 prints `+noall +comments +answer` for SOA, A and AAAA in one run (from the test BIND).
const char* dig_output =
    ";; Got answer:\n"
    ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 10117\n"
    ";; flags: qr aa; QUERY: 1, ANSWER: 1, AUTHORITY: 1, ADDITIONAL: 2\n"
    "\n"
    ";; OPT PSEUDOSECTION:\n"
    "; EDNS: version: 0, flags:; udp: 1232\n"
    ";; ANSWER SECTION:\n"
    "app.example.\t\t30\tIN\tSOA\tns.app.example. admin.app.example. 2 3600 600 86400 30\n"
    "\n"
    ";; Got answer:\n"
    ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 57943\n"
    ";; flags: qr aa; QUERY: 1, ANSWER: 1, AUTHORITY: 1, ADDITIONAL: 1\n"
    ";; ANSWER SECTION:\n"
    "web.app.example.\t30\tIN\tA\t192.0.2.1\n"
    "\n"
    ";; Got answer:\n"
    ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 6366\n"
    ";; flags: qr aa; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n";

TEST(DigReplies, GiveStatusAuthorityAndRecordsPerQuery) {
    auto a = parse_dig(dig_output);
    ASSERT_EQ(a.size(), 3u);
    EXPECT_EQ(a[0].status, "NOERROR");
    EXPECT_TRUE(a[0].authoritative);
    ASSERT_EQ(a[0].records.size(), 1u);
    EXPECT_EQ(a[0].records[0][3], "SOA");
    EXPECT_EQ(a[0].records[0][6], "2");  // the serial
    ASSERT_EQ(a[1].records.size(), 1u);
    EXPECT_EQ(a[1].records[0][4], "192.0.2.1");
    EXPECT_EQ(a[2].status, "NXDOMAIN");
    EXPECT_TRUE(a[2].records.empty());
}

TEST(DigReplies, ARejectedSignatureAndARefusalAreSeen) {
    auto a = parse_dig(";; Couldn't verify signature: tsig indicates error\n;; Got answer:\n"
                       ";; ->>HEADER<<- opcode: QUERY, status: NOTAUTH, id: 31638\n;; flags: qr; QUERY: 1\n"
                       ";; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: REFUSED, id: 1\n;; flags: qr; QUERY: 1\n");
    ASSERT_EQ(a.size(), 2u);
    EXPECT_TRUE(a[0].signature_failed);
    EXPECT_FALSE(a[0].authoritative);
    EXPECT_FALSE(a[1].signature_failed);
    EXPECT_EQ(a[1].status, "REFUSED");
    EXPECT_TRUE(parse_dig(";; communications error to 127.0.0.1#53: connection refused\n").empty());
}

model::Route nginx_route() {
    model::Route r;
    r.service = "app_service";
    r.via = model::Route::Via::Nginx;
    r.backend = "be_app";
    r.servers = {{"node-01", "10.0.0.1:8080"}, {"node-02", "10.0.0.2:8080"}, {"node-03", "[2001:db8::3]:8080"}};
    return r;
}

TEST(UpstreamFile, IsWrittenInRouteOrderAndReadsBackTheSame) {
    const model::Route r = nginx_route();
    const std::string text = render_upstream(r, {{"10.0.0.1:8080", false}, {"10.0.0.2:8080", true}});
    EXPECT_EQ(text,
              "# Written by aa for route app_service; `aa route sync` rewrites it, do not edit.\n"
              "upstream be_app {\n"
              "    server 10.0.0.1:8080;  # node-01\n"
              "    server 10.0.0.2:8080 down;  # node-02\n"
              "    server [2001:db8::3]:8080 down;  # node-03\n"
              "}\n");
    auto back = parse_upstream(text, "be_app");
    EXPECT_EQ(back, (std::map<std::string, bool>{{"10.0.0.1:8080", false}, {"10.0.0.2:8080", true}, {"[2001:db8::3]:8080", true}}));
}

TEST(UpstreamFile, AFileAaDidNotWriteOrForAnotherUpstreamIsRefused) {
    EXPECT_THROW(parse_upstream("upstream be_app {\n    server 10.0.0.1:8080;\n}\n", "be_app"), RouterError);
    const std::string other = render_upstream(nginx_route(), {});
    EXPECT_THROW(parse_upstream(other, "be_other"), RouterError);
    std::string edited = other;
    edited.insert(edited.find("}\n"), "    keepalive 16;\n");
    EXPECT_THROW(parse_upstream(edited, "be_app"), RouterError);
}

// A router that records how the sync calls it.
struct BatchRouter : Router {
    std::vector<std::vector<ServerChange>>* calls;
    std::map<std::string, std::string> admin{{"a", "ready"}, {"b", "ready"}, {"c", "drain"}};
    explicit BatchRouter(std::vector<std::vector<ServerChange>>* c) : calls(c) {}
    void check() override {}
    void set_ready(const model::Server&) override { ADD_FAILURE() << "set one by one"; }
    void set_drain(const model::Server&) override { ADD_FAILURE() << "set one by one"; }
    bool wait_drained(const model::Server&, std::chrono::milliseconds) override { return true; }
    std::vector<ServerState> states() override {
        std::vector<ServerState> out;
        for (const auto& [s, a] : admin) out.push_back({"web", s, a, "unknown", 0});
        return out;
    }
    void set_states(const std::vector<ServerChange>& changes) override { calls->push_back(changes); }
};

TEST(RouteSync, HandsARouterAllOfARoutesChangesInOneCall) {
    model::Route r;
    r.service = "app_service";
    r.backend = "web";
    r.servers = {{"node-01", "a"}, {"node-02", "b"}, {"node-03", "c"}};
    std::vector<std::vector<ServerChange>> calls;
    RouteSyncResult res = sync_routes({r}, {{"app_service", {"node-01", "node-03"}}},
                                      [&](const model::Route&) { return std::make_unique<BatchRouter>(&calls); });
    ASSERT_TRUE(res.ok());
    ASSERT_EQ(calls.size(), 1u);
    ASSERT_EQ(calls[0].size(), 2u);
    EXPECT_EQ(calls[0][0].server.name, "b");
    EXPECT_FALSE(calls[0][0].ready);
    EXPECT_EQ(calls[0][1].server.name, "c");
    EXPECT_TRUE(calls[0][1].ready);
    ASSERT_EQ(res.changes.size(), 2u);

    calls.clear();
    sync_routes({r}, {{"app_service", {"node-01", "node-02"}}},
                [&](const model::Route&) { return std::make_unique<BatchRouter>(&calls); });
    EXPECT_TRUE(calls.empty()) << "nothing differs: the router is not asked to change anything";
}

}  // namespace
}  // namespace aa::runtime

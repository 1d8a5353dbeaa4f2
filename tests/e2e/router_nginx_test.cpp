// `via nginx` against a real nginx on loopback: three tiny HTTP servers in the upstream aa owns,
// drained and readied by rewriting the include file, `nginx -t` and a graceful reload, under a
// request loop that must never see a failed request.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
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

std::string status(const std::vector<std::string>& running) {
    std::string xml = "<pacemaker-result><nodes>";
    for (const char* n : {"node-01", "node-02", "node-03"}) xml += std::string("<node name=\"") + n + "\" online=\"true\"/>";
    xml += "</nodes><resources><clone id=\"app_service-clone\">";
    for (const std::string& n : running)
        xml += "<resource id=\"app_service\" role=\"Started\" active=\"true\" failed=\"false\"><node name=\"" + n +
               "\"/></resource>";
    return xml + "</clone></resources></pacemaker-result>";
}

// Requests in a loop on another thread until stopped; counts per responder and failures.
class RequestLoop {
public:
    explicit RequestLoop(int port) : thread_([this, port] {
        while (!stop_) {
            std::string who = test::http_get(port);
            std::lock_guard<std::mutex> lock(mu_);
            ++seen_[who];
        }
    }) {}
    ~RequestLoop() { stop(); }
    std::map<std::string, int> stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        return seen_;
    }

private:
    std::atomic<bool> stop_{false};
    std::mutex mu_;
    std::map<std::string, int> seen_;
    std::thread thread_;
};

class NginxLab : public ::testing::Test {
protected:
    void SetUp() override {
        if (!run({{"nginx", "-v"}}).ok()) GTEST_SKIP() << "nginx is not installed (Debian package nginx)";
        for (int i = 1; i <= 3; ++i)
            apps_.push_back(std::make_unique<test::NamedHttpServer>("app" + std::to_string(i),
                                                                    "127.0.0." + std::to_string(20 + i)));
        port_ = test::free_port("127.0.0.1");
        test::write_file(dir_ / "nginx.conf", config(""));
        upstream_ = (dir_ / "upstream.conf").string();
    }
    void TearDown() override {
        std::string pid = test::read_file(dir_ / "nginx.pid");
        if (!pid.empty()) ::kill(std::stoi(pid), SIGQUIT);
        for (auto end = Clock::now() + 5s; !pid.empty() && Clock::now() < end && ::kill(std::stoi(pid), 0) == 0;)
            std::this_thread::sleep_for(20ms);
    }

    std::string config(const std::string& extra) const {
        const std::string d = dir_.path().string();
        std::string temp;
        for (const char* t : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
            temp += std::string("  ") + t + "_temp_path " + d + "/" + t + ";\n";
        return "user root;\nworker_processes 1;\npid " + d + "/nginx.pid;\nerror_log " + d +
               "/error.log notice;\nevents { worker_connections 256; }\nhttp {\n  access_log off;\n" + temp +
               "  include " + d + "/upstream.conf;\n" + extra + "  server {\n    listen 127.0.0.1:" +
               std::to_string(port_) + ";\n    location / { proxy_pass http://be_app; }\n  }\n}\n";
    }

    void start_nginx() {
        Result r = run({{"nginx", "-c", (dir_ / "nginx.conf").string()}});
        ASSERT_TRUE(r.ok()) << r.describe() << test::read_file(dir_ / "error.log");
        for (auto end = Clock::now() + 5s; Clock::now() < end && test::http_get(port_) == "error";)
            std::this_thread::sleep_for(50ms);
    }

    model::Route route() const {
        model::Route r;
        r.service = "app_service";
        r.via = model::Route::Via::Nginx;
        r.backend = "be_app";
        r.upstream_file = upstream_;
        r.nginx_config = (dir_ / "nginx.conf").string();
        r.drain_ms = 5000;
        r.drain = "5s";
        for (int i = 0; i < 3; ++i)
            r.servers.push_back({"node-0" + std::to_string(i + 1), apps_[i]->address()});
        return r;
    }
    model::Model model() const {
        model::Model m;
        m.cluster = "lab";
        m.nodes = {"node-01", "node-02", "node-03"};
        model::Service s;
        s.name = "app_service";
        s.clone = model::Clone{};
        m.services.push_back(s);
        m.routes.push_back(route());
        return m;
    }
    RouteSyncResult sync(const std::vector<std::string>& running) {
        model::Model m = model();
        return sync_routes(m.routes, serving_nodes(m, status(running)),
                           [](const model::Route& r) { return make_router(r, nullptr); });
    }

    test::TempDir dir_;
    std::vector<std::unique_ptr<test::NamedHttpServer>> apps_;
    int port_ = 0;
    std::string upstream_;
};

TEST_F(NginxLab, TheFirstSyncWritesTheUpstreamThatNginxThenStartsWith) {
    RouteSyncResult r = sync({"node-01", "node-03"});
    ASSERT_TRUE(r.ok()) << r.errors[0];
    const std::string file = test::read_file(upstream_);
    EXPECT_NE(file.find("server " + apps_[0]->address() + ";"), std::string::npos) << file;
    EXPECT_NE(file.find("server " + apps_[1]->address() + " down;"), std::string::npos) << file;
    EXPECT_NE(file.find("server " + apps_[2]->address() + ";"), std::string::npos) << file;
    start_nginx();
    auto seen = test::spread(port_, 20);
    EXPECT_EQ(seen.count("error"), 0u);
    EXPECT_EQ(seen.count("app2"), 0u);
    EXPECT_GT(seen["app1"], 0);
    EXPECT_GT(seen["app3"], 0);
}

TEST_F(NginxLab, DrainAndUndrainUnderARequestLoopFailNoRequest) {
    ASSERT_TRUE(sync({"node-01", "node-02", "node-03"}).ok());
    start_nginx();
    auto router = make_router(route(), nullptr);
    ASSERT_NO_THROW(router->check());

    RequestLoop loop(port_);
    std::this_thread::sleep_for(300ms);
    const int app2_before = apps_[1]->served();
    router->set_drain({"node-02", apps_[1]->address()});
    EXPECT_TRUE(router->wait_drained({"node-02", apps_[1]->address()}, 5s));
    const int app2_at_drain = apps_[1]->served();
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(apps_[1]->served(), app2_at_drain) << "a drained server got new requests";
    router->set_ready({"node-02", apps_[1]->address()});
    std::this_thread::sleep_for(500ms);
    auto seen = loop.stop();
    EXPECT_EQ(seen.count("error"), 0u) << seen["error"] << " failed requests";
    EXPECT_GT(apps_[1]->served(), app2_at_drain) << "app2 took no traffic after the undrain";
    EXPECT_GT(app2_before, 0);
    EXPECT_GT(seen["app1"] + seen["app2"] + seen["app3"], 50);
}

TEST_F(NginxLab, WaitDrainedWaitsForTheOldWorkerToFinishItsRequest) {
    ASSERT_TRUE(sync({"node-02"}).ok());  // only app2 serves: the slow request goes there
    start_nginx();
    auto router = make_router(route(), nullptr);
    std::string slow_answer;
    std::thread slow([&] { slow_answer = test::http_get(port_, "/slow"); });
    std::this_thread::sleep_for(300ms);
    router->set_states({{{"node-01", apps_[0]->address()}, true}, {{"node-02", apps_[1]->address()}, false}});
    EXPECT_FALSE(router->wait_drained({"node-02", apps_[1]->address()}, 100ms)) << "the old worker still serves /slow";
    auto start = Clock::now();
    EXPECT_TRUE(router->wait_drained({"node-02", apps_[1]->address()}, 5s));
    EXPECT_GT(Clock::now() - start, 300ms);
    slow.join();
    EXPECT_EQ(slow_answer, "app2") << "the request in flight was cut by the drain";
}

TEST_F(NginxLab, ASecondSyncChangesNothingAndDoesNotReload) {
    ASSERT_TRUE(sync({"node-01", "node-02"}).ok());
    start_nginx();
    struct stat before {};
    ASSERT_EQ(::stat(upstream_.c_str(), &before), 0);
    const std::string pid = test::read_file(dir_ / "nginx.pid");
    const std::string log_before = test::read_file(dir_ / "error.log");
    RouteSyncResult again = sync({"node-01", "node-02"});
    ASSERT_TRUE(again.ok()) << again.errors[0];
    EXPECT_TRUE(again.changes.empty());
    struct stat after {};
    ASSERT_EQ(::stat(upstream_.c_str(), &after), 0);
    EXPECT_EQ(before.st_ino, after.st_ino) << "the file was rewritten";
    EXPECT_EQ(test::read_file(dir_ / "error.log").find("reconfiguring", log_before.size()), std::string::npos)
        << "nginx was reloaded for nothing";
}

TEST_F(NginxLab, AnUpstreamNginxRejectsIsPutBackAndTheErrorCarriesNginxsWords) {
    ASSERT_TRUE(sync({"node-01", "node-02", "node-03"}).ok());
    start_nginx();
    const std::string good = test::read_file(upstream_);
    // The main configuration now defines be_app itself: the next file nginx -t sees is a duplicate.
    test::write_file(dir_ / "nginx.conf", config("  upstream be_app { server 127.0.0.1:9; }\n"));
    try {
        make_router(route(), nullptr)->set_drain({"node-01", apps_[0]->address()});
        FAIL() << "expected RouterError";
    } catch (const RouterError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("nginx -c"), std::string::npos) << m;
        EXPECT_NE(m.find("exit 1"), std::string::npos) << m;
        EXPECT_NE(m.find("duplicate upstream"), std::string::npos) << m;
        EXPECT_NE(m.find("put back"), std::string::npos) << m;
    }
    EXPECT_EQ(test::read_file(upstream_), good);
}

TEST_F(NginxLab, AFileAaDidNotWriteIsRefused) {
    test::write_file(upstream_, "upstream be_app { server 127.0.0.1:9; }\n");
    try {
        make_router(route(), nullptr)->check();
        FAIL() << "expected RouterError";
    } catch (const RouterError& e) {
        EXPECT_NE(std::string(e.what()).find("not written by aa"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace aa::runtime

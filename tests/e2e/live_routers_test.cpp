// The seed scenario on the live lab once with each of the routers issue 19 added: nginx in the
// lab's switch namespace in front of the three nodes (real requests through every change), and a
// real BIND on loopback taking the TSIG-signed updates. Each test brings up a lab of its own
// (directory and prefix of this file) and holds the lab lock from `up` to `down`.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "runtime/placement.hpp"
#include "runtime/router.hpp"
#include "runtime/runner.hpp"
#include "support/http_backends.hpp"
#include "support/lab_driver.hpp"
#include "support/test_support.hpp"

namespace aa::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

const std::string lab_dir = "/tmp/aa-lab-routers";
const std::string prefix = "aa-rtr";
const std::vector<std::string> nodes{"node-01", "node-02", "node-03"};
const std::string host_exec = "env AA_LAB_DIR=" + lab_dir + " AA_LAB_PREFIX=" + prefix + " " +
                              (source_dir() / "tests/cluster/lab").string() + " exec {node}";
const LabDriver the_lab{lab_dir, prefix};

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string why_no_lab() {
    if (::geteuid() != 0) return "the live tests need root (the lab makes namespaces, cgroups, mounts)";
    for (const char* tool : {"/usr/sbin/corosync", "/usr/sbin/pacemakerd", "/usr/sbin/haproxy", "/usr/sbin/nginx",
                             "/usr/sbin/named", "/usr/bin/nsupdate"})
        if (!fs::exists(tool)) return std::string(tool) + " is not installed (scripts/debian-packages.txt)";
    return {};
}

CommandResult aa_live(std::vector<std::string> args) {
    for (const std::string a : {"--on", "node-01", "--host-exec"}) args.push_back(a);
    args.push_back(host_exec);
    return run_aa(args);
}

// aa where nginx runs (the lab's switch namespace), as the nginx router expects (docs/routing.md):
// `nginx -t` binds the listen address, and only that namespace has it.
CommandResult aa_beside_nginx(std::vector<std::string> args) {
    std::vector<std::string> argv{"ip", "netns", "exec", prefix + "-sw", aa_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    for (const std::string a : {"--on", "node-01", "--host-exec"}) argv.push_back(a);
    argv.push_back(host_exec);
    return run_command(argv, {}, {"NO_COLOR=1", "AA_JOURNAL_DIR=" + (fs::temp_directory_path() / "aa-test-journals").string()});
}

// `aa apply` of a plan on the lab, timed, its output printed as the operator sees it.
CommandResult timed_apply(const std::string& plan_file, double& seconds,
                          CommandResult (*aa)(std::vector<std::string>) = aa_live) {
    const auto start = Clock::now();
    CommandResult apply = aa({"apply", plan_file, "--cib", "live", "--yes"});
    seconds = seconds_since(start);
    std::cout << apply.out << apply.err;
    return apply;
}

// examples/lab.aa with its route replaced by `route`.
std::string lab_spec(const std::string& route) {
    std::string text = read_file(source_dir() / "examples/lab.aa");
    return text.substr(0, text.find("route app_service {")) + route;
}

std::set<std::string> clone_nodes() {
    CommandResult mon = the_lab.on_node("node-01", {"crm_mon", "--one-shot", "--inactive", "--output-as=xml"});
    if (mon.exit_code != 0) return {};
    auto placement = runtime::current_placement(mon.out);
    auto& v = placement["app_service-clone"];
    return {v.begin(), v.end()};
}

std::string node_addr(const std::string& node) { return "10.213.0." + node.substr(node.size() - 1); }

// One lab for the length of a test, under the lab lock.
class LabSession {
public:
    LabSession() {
        const char* p = std::getenv("AA_LAB_LOCK");
        const std::string lock = p ? p : "/run/lock/aa-lab.lock";
        fs::create_directories(fs::path(lock).parent_path());
        lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (lock_fd_ >= 0) ::flock(lock_fd_, LOCK_EX);
        the_lab.lab({"down"});
        const auto start = Clock::now();
        CommandResult up = the_lab.lab({"up"});
        log = up.out + up.err;
        if (up.exit_code != 0) {  // a node that misses its boot deadline under load: one more try
            the_lab.lab({"down"});
            up = the_lab.lab({"up"});
            log += "\n--- second try ---\n" + up.out + up.err;
        }
        ok = up.exit_code == 0;
        up_s = seconds_since(start);
    }
    ~LabSession() {
        const auto start = Clock::now();
        the_lab.lab({"down"});
        std::cout << "[live-routers] lab up " << up_s << " s, down " << seconds_since(start) << " s\n";
        if (lock_fd_ >= 0) ::close(lock_fd_);
    }
    bool ok = false;
    std::string log;
    double up_s = 0;

private:
    int lock_fd_ = -1;
};

// Requests through nginx from the load balancer's namespace, one after another, until stopped.
class RequestLoop {
public:
    explicit RequestLoop(const std::string& url) {
        stop_file_ = tmp_.path() / "stop";
        thread_ = std::thread([this, url] {
            static const char* script = R"py(
import os, sys, time, urllib.request
stop, url, limit = sys.argv[1], sys.argv[2], time.time() + 120
while time.time() < limit and not os.path.exists(stop):
    try:
        with urllib.request.urlopen(url, timeout=3) as r:
            who = r.read().decode().strip() or "(empty)"
    except Exception as e:
        who = "error:" + type(e).__name__
    print(who, flush=True)
    time.sleep(0.02)
)py";
            result_ = run_command({"ip", "netns", "exec", prefix + "-lb", "python3", "-c", script, stop_file_.string(), url});
        });
    }
    ~RequestLoop() { stop(); }
    void stop() {
        if (!thread_.joinable()) return;
        std::ofstream(stop_file_) << "stop\n";
        thread_.join();
        std::istringstream in(result_.out);
        for (std::string who; in >> who;) ++seen[who];
    }
    int total() const {
        int n = 0;
        for (const auto& [who, c] : seen) n += c;
        return n;
    }
    int failed() const {
        int n = 0;
        for (const auto& [who, c] : seen) n += who.rfind("error:", 0) == 0 ? c : 0;
        return n;
    }
    std::map<std::string, int> seen;

private:
    TempDir tmp_;
    fs::path stop_file_;
    CommandResult result_;
    std::thread thread_;
};

// The nodes whose servers the upstream file lists without `down`.
std::set<std::string> nginx_ready(const model::Route& route) {
    std::set<std::string> out;
    for (const runtime::ServerState& s : runtime::make_router(route, nullptr)->states())
        if (s.admin_state == "ready")
            for (const model::Server& srv : route.servers)
                if (srv.name == s.server) out.insert(srv.node);
    return out;
}

TEST(live_routers, SeedApplyDrainAndUndrainBehindNginxFailNoRequest) {
    if (std::string why = why_no_lab(); !why.empty()) GTEST_SKIP() << why;
    LabSession session;
    ASSERT_TRUE(session.ok) << session.log;
    TempDir dir;
    const std::string d = dir.path().string();
    const std::string upstream = d + "/upstream.conf", conf = d + "/nginx.conf";
    std::string temp;
    for (const char* t : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
        temp += std::string("  ") + t + "_temp_path " + d + "/" + t + ";\n";
    write_file(conf, "user root;\nworker_processes 1;\npid " + d + "/nginx.pid;\nerror_log " + d +
                         "/error.log notice;\nevents { worker_connections 256; }\nhttp {\n  access_log off;\n" + temp +
                         "  include " + upstream + ";\n  server {\n    listen 10.213.0.254:80;\n"
                         "    location / { proxy_pass http://be_app; proxy_connect_timeout 1s; }\n  }\n}\n");
    std::string route = "route app_service {\n  via nginx upstream be_app file \"" + upstream + "\" config \"" + conf +
                        "\"\n";
    model::Route r;
    r.service = "app_service";
    r.via = model::Route::Via::Nginx;
    r.backend = "be_app";
    r.upstream_file = upstream;
    r.nginx_config = conf;
    for (const std::string& n : nodes) {
        route += "  server " + n + " \"" + node_addr(n) + ":8080\"\n";
        r.servers.push_back({n, node_addr(n) + ":8080"});
    }
    write_file(dir / "lab.aa", lab_spec(route + "  drain 5s\n}\n"));
    const std::string spec = (dir / "lab.aa").string();

    // The operator's "before": every node serves, nginx sends to all three.
    write_file(upstream, runtime::render_upstream(r, {{r.servers[0].name, false}, {r.servers[1].name, false},
                                                      {r.servers[2].name, false}}));
    CommandResult started = the_lab.lab({"nginx", conf});
    ASSERT_EQ(started.exit_code, 0) << started.out << started.err << read_file(d + "/error.log");

    const std::string plan_file = d + "/seed.plan";
    CommandResult plan = aa_beside_nginx({"plan", spec, "--cib", "live", "--adopt", "--out", plan_file});
    ASSERT_EQ(plan.exit_code, 2) << plan.out << plan.err;

    RequestLoop requests("http://10.213.0.254/");
    std::this_thread::sleep_for(500ms);
    double apply_s = 0;
    CommandResult apply = timed_apply(plan_file, apply_s, aa_beside_nginx);
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    const std::set<std::string> running = clone_nodes();
    EXPECT_EQ(running.size(), 2u);
    EXPECT_EQ(nginx_ready(r), running) << read_file(upstream);

    const std::string node = *running.begin();
    auto start = Clock::now();
    CommandResult drain = aa_beside_nginx({"drain", node, spec});
    const double drain_s = seconds_since(start);
    std::cout << drain.out << drain.err;
    ASSERT_EQ(drain.exit_code, 0) << drain.out << drain.err;
    const std::set<std::string> moved = clone_nodes();
    EXPECT_EQ(moved.count(node), 0u);
    EXPECT_EQ(nginx_ready(r), moved) << read_file(upstream);

    start = Clock::now();
    CommandResult undrain = aa_beside_nginx({"undrain", node, spec});
    const double undrain_s = seconds_since(start);
    std::cout << undrain.out << undrain.err;
    ASSERT_EQ(undrain.exit_code, 0) << undrain.out << undrain.err;
    EXPECT_EQ(nginx_ready(r), clone_nodes()) << read_file(upstream);
    std::this_thread::sleep_for(500ms);
    requests.stop();

    std::cout << "[live-routers] nginx: apply " << apply_s << " s, drain " << drain_s << " s, undrain " << undrain_s
              << " s; " << requests.total() << " requests, " << requests.failed() << " failed\n";
    EXPECT_EQ(requests.failed(), 0) << "failed requests through nginx";
    EXPECT_GT(requests.total(), 50);
    for (const auto& [who, n] : requests.seen) std::cout << "[live-routers]   " << who << " " << n << "\n";

    const std::string pid = read_file(d + "/nginx.pid");
    if (!pid.empty()) ::kill(std::stoi(pid), SIGQUIT);
}

// A real BIND on loopback (aa runs on the host, as the lab's operator does).
class Bind {
public:
    explicit Bind(const fs::path& dir) : dir_(dir) {
        port = free_port("127.0.0.1");
        key = (dir_ / "aa.key").string();
        runtime::Result k = runtime::run({{"tsig-keygen", "-a", "hmac-sha256", "aa-key"}});
        write_file(key, k.out);
        write_file(dir_ / "lab.example.db", "$TTL 30\n@ IN SOA ns.lab.example. admin.lab.example. 1 3600 600 86400 2\n"
                                            "@ IN NS ns.lab.example.\nns IN A 127.0.0.1\n");
        const std::string d = dir_.string();
        write_file(dir_ / "named.conf", "options {\n  directory \"" + d + "\";\n  pid-file \"" + d +
                                            "/named.pid\";\n  listen-on port " + std::to_string(port) +
                                            " { 127.0.0.1; };\n  listen-on-v6 { none; };\n  recursion no;\n"
                                            "  dnssec-validation no;\n  notify no;\n};\ninclude \"" + key +
                                            "\";\nzone \"lab.example\" {\n  type primary;\n  file \"" + d +
                                            "/lab.example.db\";\n  allow-update { key aa-key; };\n};\n");
        ok = runtime::run({{"named", "-c", (dir_ / "named.conf").string(), "-n", "1"}}).ok();
        for (auto end = Clock::now() + 10s; ok && Clock::now() < end && serial() < 0;) std::this_thread::sleep_for(50ms);
        ok = ok && serial() == 1;
    }
    ~Bind() {
        const std::string pid = read_file(dir_ / "named.pid");
        if (!pid.empty()) ::kill(std::stoi(pid), SIGTERM);
    }
    std::string dig(const std::vector<std::string>& q) const {
        std::vector<std::string> argv{"dig", "@127.0.0.1", "-p", std::to_string(port), "+short", "+norecurse"};
        argv.insert(argv.end(), q.begin(), q.end());
        return runtime::run({argv}).out;
    }
    long serial() const {
        std::istringstream in(dig({"lab.example", "SOA"}));
        std::string a, b;
        long s = -1;
        in >> a >> b >> s;
        return s;
    }
    std::set<std::string> published_nodes() const {
        std::set<std::string> out;
        std::istringstream in(dig({"app.lab.example", "A"}));
        for (std::string a; in >> a;) out.insert("node-0" + a.substr(a.rfind('.') + 1));
        return out;
    }
    int port = 0;
    std::string key;
    bool ok = false;

private:
    fs::path dir_;
};

TEST(live_routers, SeedApplyDrainAndUndrainPublishExactlyTheServingNodesInDns) {
    if (std::string why = why_no_lab(); !why.empty()) GTEST_SKIP() << why;
    LabSession session;
    ASSERT_TRUE(session.ok) << session.log;
    TempDir dir;
    Bind bind(dir.path());
    ASSERT_TRUE(bind.ok) << "named did not come up";
    std::string route = "route app_service {\n  via dns zone lab.example name app server \"127.0.0.1:" +
                        std::to_string(bind.port) + "\" key \"" + bind.key + "\" ttl 2s\n";
    for (const std::string& n : nodes) route += "  server " + n + " \"" + node_addr(n) + "\"\n";
    write_file(dir / "lab.aa", lab_spec(route + "  drain 2s\n}\n"));
    const std::string spec = (dir / "lab.aa").string();

    const std::string plan_file = (dir / "seed.plan").string();
    CommandResult plan = aa_live({"plan", spec, "--cib", "live", "--adopt", "--out", plan_file});
    ASSERT_EQ(plan.exit_code, 2) << plan.out << plan.err;
    double apply_s = 0;
    CommandResult apply = timed_apply(plan_file, apply_s);
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    auto start = Clock::now();
    const std::set<std::string> running = clone_nodes();
    EXPECT_EQ(running.size(), 2u);
    EXPECT_EQ(bind.published_nodes(), running);
    const long serial_after_apply = bind.serial();

    CommandResult sync = aa_live({"route", "sync", spec, "--cib", "live"});
    EXPECT_EQ(sync.exit_code, 0) << sync.out << sync.err;
    EXPECT_NE(sync.out.find("Routing is in sync: no changes."), std::string::npos) << sync.out;
    EXPECT_EQ(bind.serial(), serial_after_apply) << "a sync with nothing to change moved the serial";

    const std::string node = *running.begin();
    start = Clock::now();
    CommandResult drain = aa_live({"drain", node, spec});
    const double drain_s = seconds_since(start);
    std::cout << drain.out << drain.err;
    ASSERT_EQ(drain.exit_code, 0) << drain.out << drain.err;
    EXPECT_GE(drain_s, 2.0) << "the drain did not wait the TTL";
    const std::set<std::string> moved = clone_nodes();
    EXPECT_EQ(moved.count(node), 0u);
    EXPECT_EQ(bind.published_nodes(), moved) << "the standby did not move the record";

    start = Clock::now();
    CommandResult undrain = aa_live({"undrain", node, spec});
    const double undrain_s = seconds_since(start);
    ASSERT_EQ(undrain.exit_code, 0) << undrain.out << undrain.err;
    EXPECT_EQ(bind.published_nodes(), clone_nodes());
    std::cout << "[live-routers] dns: apply " << apply_s << " s, drain " << drain_s << " s, undrain " << undrain_s
              << " s; serial " << bind.serial() << "\n";
}

}  // namespace
}  // namespace aa::test

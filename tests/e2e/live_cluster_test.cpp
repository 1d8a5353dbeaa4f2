// aa against a real cluster: the lab (tests/cluster/lab) from the seed's "before" state, with
// HAProxy in front and real HTTP requests running through every change. One lab serves the whole
// suite (it takes ~15 s to bring up); the tests run in the order written and each leaves the
// cluster converged on examples/lab.aa for the next one.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "runtime/placement.hpp"
#include "runtime/route_sync.hpp"
#include "runtime/router.hpp"
#include "support/lab_driver.hpp"
#include "support/test_support.hpp"

namespace aa::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A lab of its own, so a developer's lab in /tmp/aa-lab (and the smoke test's) is untouched.
const std::string lab_dir = "/tmp/aa-lab-live";
const std::string prefix = "aa-live";
const std::vector<std::string> nodes{"node-01", "node-02", "node-03"};
const std::map<std::string, std::string> server_of{{"node-01", "app1"}, {"node-02", "app2"}, {"node-03", "app3"}};
// aa reaches the nodes through the lab script, which must find this suite's lab, not the default one.
const std::string host_exec = "env AA_LAB_DIR=" + lab_dir + " AA_LAB_PREFIX=" + prefix + " " +
                              (source_dir() / "tests/cluster/lab").string() + " exec {node}";

std::string why_no_lab() {
    if (::geteuid() != 0) return "the live cluster tests need root (the lab makes namespaces, cgroups, mounts); run as root to test them";
    for (const char* tool : {"/usr/sbin/corosync", "/usr/sbin/pacemakerd", "/usr/sbin/haproxy"})
        if (!fs::exists(tool)) return std::string(tool) + " is not installed (scripts/debian-packages.txt)";
    return {};
}

const LabDriver the_lab{lab_dir, prefix};
CommandResult lab(std::vector<std::string> args) { return the_lab.lab(std::move(args)); }
CommandResult on_node(const std::string& node, std::vector<std::string> argv) {
    return the_lab.on_node(node, std::move(argv));
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// aa with the lab's cluster flags appended.
CommandResult aa_live(std::vector<std::string> args) {
    for (const char* a : {"--on", "node-01"}) args.emplace_back(a);
    args.emplace_back("--host-exec");
    args.push_back(host_exec);
    return run_aa(args);
}

// The spec of examples/lab.aa, pointed at this suite's HAProxy socket; `extra` is appended.
std::string lab_spec(const std::string& extra = {}) {
    std::string text = read_file(source_dir() / "examples/lab.aa");
    const std::string from = "\"/tmp/aa-lab/lb/admin.sock\"";
    text.replace(text.find(from), from.size(), "\"" + lab_dir + "/lb/admin.sock\"");
    return text + extra;
}

model::Route lab_route() {
    model::Route r;
    r.service = "app_service";
    r.backend = "be_app";
    r.socket = lab_dir + "/lb/admin.sock";
    for (const auto& [node, server] : server_of) r.servers.push_back({node, server});
    return r;
}

std::set<std::string> clone_nodes() {
    CommandResult mon = on_node("node-01", {"crm_mon", "--one-shot", "--inactive", "--output-as=xml"});
    if (mon.exit_code != 0) return {};
    auto placement = runtime::current_placement(mon.out);
    auto& v = placement["app_service-clone"];
    return {v.begin(), v.end()};
}

// HAProxy's view: server -> "ready/2" (admin state / operational state, 2 = running).
std::map<std::string, runtime::ServerState> lb_view() {
    std::map<std::string, runtime::ServerState> out;
    for (const runtime::ServerState& s : runtime::make_router(lab_route(), nullptr)->states()) out[s.server] = s;
    return out;
}

// Routing follows the cluster: ready and up exactly where the clone runs, drained elsewhere.
bool routing_matches(const std::set<std::string>& serving) {
    auto view = lb_view();
    for (const auto& [node, server] : server_of) {
        const runtime::ServerState& s = view[server];
        const bool ready = s.admin_state == "ready";
        if (serving.count(node) ? !(ready && s.op_state == "running") : ready) return false;
    }
    return true;
}

// Polls until routing matches where crm_mon says the clone runs; seconds taken, or -1.
double wait_routing_converged(std::chrono::seconds limit, std::set<std::string>* serving_out = nullptr) {
    const auto start = Clock::now();
    while (Clock::now() - start < limit) {
        std::set<std::string> serving = clone_nodes();
        if (!serving.empty() && routing_matches(serving)) {
            if (serving_out) *serving_out = serving;
            return seconds_since(start);
        }
        std::this_thread::sleep_for(200ms);
    }
    return -1;
}

// What the cluster and the node say, for failure messages.
std::string cluster_report(const std::string& node) {
    return "\n--- crm_mon on node-01:\n" + on_node("node-01", {"crm_mon", "-1", "--inactive", "--failcounts"}).out +
           "\n--- systemctl status app.service on " + node + ":\n" +
           on_node(node, {"systemctl", "status", "--no-pager", "app.service"}).out;
}

// Forgets failures (the kill's failcount, the churn's) and waits until the cluster settled, so the
// next plan's simulation starts from the same history as the cluster.
void clean_up_failures() {
    on_node("node-01", {"crm_resource", "--cleanup", "--resource", "app_service"});
    on_node("node-01", {"crm_resource", "--wait", "--timeout=60s"});
}

std::map<std::string, int> responders(const std::string& out) {
    std::map<std::string, int> counts;
    std::istringstream in(out);
    std::string who;
    int n = 0;
    while (in >> who >> n) counts[who] = n;
    return counts;
}

std::set<std::string> keys(const std::map<std::string, int>& m) {
    std::set<std::string> out;
    for (const auto& [k, v] : m) out.insert(k);
    return out;
}

// Real HTTP requests through HAProxy, one after another, from a background thread, until stop()
// or its bounds (count and seconds). Each answer is recorded with its time.
class RequestLoop {
public:
    explicit RequestLoop(double max_seconds = 150, int max_requests = 4000, std::string url = "http://10.213.0.100/") {
        stop_file_ = tmp_.path() / "stop";
        thread_ = std::thread([this, max_seconds, max_requests, url] {
            static const char* script = R"py(
import os, sys, time, urllib.request
stop, limit, count, url = sys.argv[1], time.time() + float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
n = 0
while n < count and time.time() < limit and not os.path.exists(stop):
    t = time.time()
    try:
        with urllib.request.urlopen(url, timeout=3) as r:
            who = r.read().decode().strip() or "(empty)"
    except Exception as e:
        who = "error:" + type(e).__name__
    print("%.3f %s" % (t, who), flush=True)
    n += 1
    time.sleep(0.02)
)py";
            result_ = run_command({"ip", "netns", "exec", prefix + "-lb", "python3", "-c", script, stop_file_.string(),
                                   std::to_string(max_seconds), std::to_string(max_requests), url});
        });
    }
    ~RequestLoop() { stop(); }
    void stop() {
        if (!thread_.joinable()) return;
        std::ofstream(stop_file_) << "stop\n";
        thread_.join();
        std::istringstream in(result_.out);
        double t;
        std::string who;
        while (in >> t >> who) answers.emplace_back(t, who);
    }
    int failed() const {
        int n = 0;
        for (const auto& [t, who] : answers) n += who.rfind("error:", 0) == 0;
        return n;
    }
    std::string failures() const {
        std::string out;
        for (const auto& [t, who] : answers)
            if (who.rfind("error:", 0) == 0) out += "\n  " + std::to_string(t) + " " + who;
        return out + "\n" + result_.err;
    }
    std::vector<std::pair<double, std::string>> answers;

private:
    TempDir tmp_;
    fs::path stop_file_;
    CommandResult result_;
    std::thread thread_;
};

double epoch_now() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

TempDir* spec_dir_ = nullptr;  // the spec and plans, for the lab's lifetime
std::string spec() { return (*spec_dir_ / "lab.aa").string(); }
TempDir& dir() { return *spec_dir_; }

// Live tests take turns through the lab lock; this suite holds it from the first test to the last.
class LiveCluster : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        why_ = why_no_lab();
        if (!why_.empty()) return;
        const char* p = std::getenv("AA_LAB_LOCK");
        const std::string lock = p ? p : "/run/lock/aa-lab.lock";
        fs::create_directories(fs::path(lock).parent_path());
        lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (lock_fd_ >= 0) ::flock(lock_fd_, LOCK_EX);
        lab({"down"});  // the remains of a killed earlier run, if any
        const auto start = Clock::now();
        CommandResult up = lab({"up"});
        up_log_ = up.out + up.err;
        if (up.exit_code != 0) {
            // Bringing the lab up is set-up, not the behaviour under test: a node's systemd that
            // misses its boot deadline on a loaded 2-core machine (seen once in ~20 runs) gets one
            // more try from scratch; both logs are kept for the failure message.
            lab({"down"});
            up = lab({"up"});
            up_log_ += "\n--- second try ---\n" + up.out + up.err;
        }
        up_seconds_ = seconds_since(start);
        up_ok_ = up.exit_code == 0;
        spec_dir_ = new TempDir();
        write_file(*spec_dir_ / "lab.aa", lab_spec());
    }
    static void TearDownTestSuite() {
        if (!why_.empty()) return;
        const auto start = Clock::now();
        CommandResult down = lab({"down"});
        std::cout << "[live] lab up " << up_seconds_ << " s, down " << seconds_since(start) << " s (exit "
                  << down.exit_code << ")\n";
        delete spec_dir_;
        spec_dir_ = nullptr;
        if (lock_fd_ >= 0) ::close(lock_fd_);
        lock_fd_ = -1;
    }
    void SetUp() override {
        if (!why_.empty()) GTEST_SKIP() << why_;
        ASSERT_TRUE(up_ok_) << "the lab did not come up:\n" << up_log_;
    }
    static inline std::string why_;
    static inline int lock_fd_ = -1;
    static inline bool up_ok_ = false;
    static inline std::string up_log_;
    static inline double up_seconds_ = 0;
};

std::set<std::string> predicted_placement(const std::string& plan_text) {
    static const std::regex re(R"(app_service-clone: Started \[ ([^\]]*) \])");
    std::smatch m;
    std::set<std::string> out;
    if (!std::regex_search(plan_text, m, re)) return out;
    std::istringstream in(m[1].str());
    for (std::string n; in >> n;) out.insert(n);
    return out;
}

void SeedFromItsBeforeStatePlanThenApplyRoutesToExactlyTheTwoInstancesWithoutAFailedRequest() {
    for (const std::string& n : nodes) {
        ASSERT_EQ(trim(on_node(n, {"systemctl", "is-enabled", "app.service"}).out), "enabled") << n;
        ASSERT_EQ(trim(on_node(n, {"systemctl", "is-active", "app.service"}).out), "active") << n;
    }
    // The lab seeded stonith-enabled=false itself: the spec takes that nvpair over.
    const std::string plan_file = (dir() / "seed.plan").string();
    CommandResult plan = aa_live({"plan", spec(), "--cib", "live", "--adopt", "--out", plan_file});
    ASSERT_EQ(plan.exit_code, 2) << plan.out << plan.err;
    const std::set<std::string> predicted = predicted_placement(plan.out);
    ASSERT_EQ(predicted.size(), 2u) << plan.out;

    RequestLoop requests;
    std::this_thread::sleep_for(500ms);  // requests are flowing before anything changes
    const auto start = Clock::now();
    CommandResult apply = aa_live({"apply", plan_file, "--cib", "live", "--yes"});
    const double apply_s = seconds_since(start);
    std::set<std::string> serving;
    const double extra = wait_routing_converged(60s, &serving);
    const double converged_s = extra < 0 ? -1 : seconds_since(start);
    std::this_thread::sleep_for(1s);
    requests.stop();
    std::cout << apply.out << apply.err;
    std::cout << "[live] seed: aa apply " << apply_s << " s; apply start to routing converged " << converged_s
              << " s; " << requests.answers.size() << " requests, " << requests.failed() << " failed\n";
    ::testing::Test::RecordProperty("apply_to_routing_converged_s", std::to_string(converged_s));

    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    EXPECT_GE(converged_s, 0) << "routing did not follow the cluster within 60 s after apply";
    EXPECT_EQ(requests.failed(), 0) << requests.failures();
    EXPECT_GT(requests.answers.size(), 20u) << "too few requests ran through the apply to prove anything";

    for (const std::string& n : nodes) EXPECT_EQ(trim(on_node(n, {"systemctl", "is-enabled", "app.service"}).out), "disabled") << n;
    EXPECT_EQ(clone_nodes(), predicted) << "crm_mon differs from the plan's prediction";
    std::map<std::string, int> seen = responders(lab({"http", "30"}).out);
    EXPECT_EQ(keys(seen), predicted) << "HAProxy's responders (by name) are not the two instances";
}

void PlanOnTheConvergedClusterReportsNoChanges() {
    CommandResult plan = aa_live({"plan", spec(), "--cib", "live"});
    EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    EXPECT_NE(plan.out.find("No changes."), std::string::npos) << plan.out;
}

void DrainOfAServingNodeMovesTrafficWithoutAFailedRequestAndUndrainRestoresIt() {
    std::set<std::string> before = clone_nodes();
    ASSERT_EQ(before.size(), 2u);
    const std::string node = *before.begin();

    RequestLoop requests;
    std::this_thread::sleep_for(300ms);
    const auto start = Clock::now();
    CommandResult drain = aa_live({"drain", node, spec()});
    const double drain_s = seconds_since(start);
    std::cout << drain.out << drain.err;
    ASSERT_EQ(drain.exit_code, 0) << drain.out << drain.err;
    // HAProxy's health check (inter 1s, rise 1) must see the moved instance up before it serves.
    std::set<std::string> during;
    const double follow_s = wait_routing_converged(20s, &during);
    EXPECT_GE(follow_s, 0) << "routing does not follow the cluster after the drain" << cluster_report(node);
    EXPECT_EQ(during.count(node), 0u) << node << " still runs an instance after `aa drain`";
    EXPECT_EQ(during.size(), 2u) << "the instance should move to the free node";
    std::this_thread::sleep_for(1s);
    requests.stop();
    EXPECT_EQ(requests.failed(), 0) << requests.failures();
    EXPECT_EQ(keys(responders(lab({"http", "20"}).out)), during);

    RequestLoop requests2;
    const auto start2 = Clock::now();
    CommandResult undrain = aa_live({"undrain", node, spec()});
    const double undrain_s = seconds_since(start2);
    std::cout << undrain.out << undrain.err;
    std::this_thread::sleep_for(1s);
    requests2.stop();
    ASSERT_EQ(undrain.exit_code, 0) << undrain.out << undrain.err;
    EXPECT_EQ(requests2.failed(), 0) << requests2.failures();
    CommandResult standby = on_node(node, {"crm_attribute", "--node", node, "--name", "standby", "--query", "--quiet"});
    EXPECT_NE(trim(standby.out), "on") << node << " is still in standby";
    std::set<std::string> after;
    EXPECT_GE(wait_routing_converged(20s, &after), 0) << "routing does not follow the cluster after the undrain";
    EXPECT_EQ(after.size(), 2u);
    std::cout << "[live] drain " << drain_s << " s (+" << follow_s << " s until HAProxy sent to the moved instance), undrain "
              << undrain_s << " s\n";

    // Refusal: with the other serving server drained by hand, draining this one would leave the
    // route with nothing to send to; aa refuses and changes nothing.
    std::vector<std::string> serving(after.begin(), after.end());
    ASSERT_EQ(lab({"lb", "set server be_app/" + server_of.at(serving[1]) + " state drain"}).exit_code, 0);
    CommandResult refused = aa_live({"drain", serving[0], spec()});
    EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
    EXPECT_NE(refused.err.find("no ready server"), std::string::npos) << refused.err;
    EXPECT_EQ(clone_nodes(), after) << "a refused drain changed the cluster";
    CommandResult sync = aa_live({"route", "sync", spec(), "--cib", "live"});
    EXPECT_EQ(sync.exit_code, 0) << sync.out << sync.err;
    EXPECT_NE(sync.out.find(server_of.at(serving[1]) + " (" + serving[1] + ") drain -> ready"), std::string::npos) << sync.out;
    EXPECT_TRUE(routing_matches(after));
}

// Watches routing from inside the load balancer's namespace every 100 ms: HAProxy's admin state
// of each server (runtime API) and whether the app on that server's node answers. A moment with no
// ready server whose app answers, or a ready server whose app does not, is a violation.
class RoutingWatch {
public:
    RoutingWatch() {
        stop_file_ = tmp_.path() / "stop";
        thread_ = std::thread([this] {
            static const char* script = R"py(
import os, socket, sys, time, urllib.request
stop, servers = sys.argv[1], dict(a.split("=") for a in sys.argv[2:])
def admin():
    s = socket.create_connection(("127.0.0.1", 9999), timeout=1)
    s.sendall(b"show servers state be_app\n")
    data = b""
    while True:
        d = s.recv(65536)
        if not d: break
        data += d
    s.close()
    out = {}
    for line in data.decode().splitlines():
        f = line.split()
        if len(f) > 6 and f[3] in servers: out[f[3]] = int(f[6])  # srv_admin_state: 0 ready, bit 0x8 drain, 0x1/0x20 maint
    return out
def answers(addr):
    try:
        with urllib.request.urlopen("http://%s:8080/" % addr, timeout=0.5) as r: return r.status == 200
    except Exception: return False
n = bad = 0
while not os.path.exists(stop):
    t = time.time()
    try: st = admin()
    except Exception as e:
        print("watch-error %.3f %s" % (t, e), flush=True); time.sleep(0.1); continue
    ready = [s for s, a in st.items() if a == 0]
    up = [s for s in ready if answers(servers[s])]
    n += 1
    if not up: bad += 1; print("violation %.3f no ready server answers (ready: %s)" % (t, ready), flush=True)
    for s in ready:
        if s not in up: bad += 1; print("violation %.3f %s is ready but its app does not answer" % (t, s), flush=True)
    time.sleep(0.1)
print("samples %d violations %d" % (n, bad), flush=True)
)py";
            std::vector<std::string> argv{"ip", "netns", "exec", prefix + "-lb", "python3", "-c", script, stop_file_.string()};
            for (const auto& [node, server] : server_of) argv.push_back(server + "=10.213.0." + node.substr(node.size() - 1));
            result_ = run_command(argv);
        });
    }
    ~RoutingWatch() { stop(); }
    void stop() {
        if (!thread_.joinable()) return;
        std::ofstream(stop_file_) << "stop\n";
        thread_.join();
    }
    int samples() const { return count("samples "); }
    int violations() const { return count("violations "); }
    std::string output() const { return result_.out + result_.err; }

private:
    int count(const std::string& word) const {
        auto at = result_.out.rfind(word);
        return at == std::string::npos ? -1 : std::atoi(result_.out.c_str() + at + word.size());
    }
    TempDir tmp_;
    fs::path stop_file_;
    CommandResult result_;
    std::thread thread_;
};

std::string main_pid(const std::string& node) {
    return trim(on_node(node, {"systemctl", "show", "--property", "MainPID", "--value", "app.service"}).out);
}

void RolloutRestartsEveryInstanceInPlaceWithoutAFailedRequestOrAMomentWithoutAReadyServer() {
    const std::set<std::string> before = clone_nodes();
    ASSERT_EQ(before.size(), 2u);
    std::map<std::string, std::string> pid_before;
    for (const std::string& n : before) pid_before[n] = main_pid(n);

    RoutingWatch watch;
    RequestLoop requests;
    std::this_thread::sleep_for(500ms);
    const auto start = Clock::now();
    const std::string journal = (dir() / "rollout.json").string();
    CommandResult rollout = aa_live({"rollout", "app_service", spec(), "--yes", "--journal", journal});
    const double rollout_s = seconds_since(start);
    std::this_thread::sleep_for(1s);
    requests.stop();
    watch.stop();
    std::cout << rollout.out << rollout.err;
    std::cout << "[live] rollout " << rollout_s << " s; " << requests.answers.size() << " requests, " << requests.failed()
              << " failed; routing watch " << watch.samples() << " samples, " << watch.violations() << " violations\n";
    ::testing::Test::RecordProperty("rollout_s", std::to_string(rollout_s));

    ASSERT_EQ(rollout.exit_code, 0) << rollout.out << rollout.err << cluster_report(*before.begin());
    EXPECT_EQ(requests.failed(), 0) << requests.failures();
    EXPECT_GT(requests.answers.size(), 50u) << "too few requests ran through the rollout to prove anything";
    EXPECT_GT(watch.samples(), 20) << watch.output();
    EXPECT_EQ(watch.violations(), 0) << watch.output();
    EXPECT_EQ(clone_nodes(), before) << "an instance moved";
    for (const std::string& n : before) {
        const std::string now = main_pid(n);
        EXPECT_NE(now, pid_before[n]) << n << "'s instance was not restarted";
        EXPECT_NE(now, "0") << n << " runs no instance after the rollout";
    }
    CommandResult constraints = on_node("node-01", {"cibadmin", "--query", "--scope", "constraints"});
    EXPECT_EQ(constraints.out.find("aa-rollout-"), std::string::npos) << "the rollout left constraints:\n" << constraints.out;
    EXPECT_NE(read_file(journal).find("\"outcome\": \"restarted\""), std::string::npos) << read_file(journal);
    EXPECT_GE(wait_routing_converged(20s), 0) << "routing does not match the cluster after the rollout";
    EXPECT_EQ(aa_live({"plan", spec(), "--cib", "live"}).exit_code, 0) << "the rollout left a change behind";
}

void KilledServiceIsRecoveredAndRoutingNeverSendsThereLongerThanTheMonitorIntervalPlusAFewSeconds() {
    std::set<std::string> before = clone_nodes();
    ASSERT_EQ(before.size(), 2u);
    const std::string node = *before.begin();
    const std::string server = server_of.at(node);

    RequestLoop requests;
    std::this_thread::sleep_for(300ms);
    const double killed_at = epoch_now();
    const auto start = Clock::now();
    ASSERT_EQ(on_node(node, {"systemctl", "kill", "app.service"}).exit_code, 0);
    // Routing "sends" to the server while HAProxy has it ready and up; the instance is gone from
    // the kill on. Pacemaker then restarts it there, or moves it to the free node: either way the
    // clone runs on two nodes again.
    double out_of_routing = -1, recovered = -1;
    std::set<std::string> placed;
    while (Clock::now() - start < 90s && recovered < 0) {
        runtime::ServerState s = lb_view()[server];
        const bool eligible = s.admin_state == "ready" && s.op_state == "running";
        if (out_of_routing < 0 && !eligible) out_of_routing = seconds_since(start);
        if (out_of_routing >= 0) {
            placed = clone_nodes();
            const bool in_place = placed.count(node) && eligible &&
                                  trim(on_node(node, {"systemctl", "is-active", "app.service"}).out) == "active";
            const bool moved = placed.size() == 2 && !placed.count(node);
            if (in_place || moved) recovered = seconds_since(start);
        }
        std::this_thread::sleep_for(100ms);
    }
    // The start event Pacemaker hands its alert agents once the start's result is recorded; in the
    // lab the nodes cannot reach HAProxy (docs/routing.md), so the agent runs from the host, as
    // Pacemaker would run it on the node, once crm_mon shows both instances started and healthy.
    model::Model lab_model;
    lab_model.services.emplace_back();
    lab_model.services.back().name = "app_service";
    lab_model.services.back().clone = model::Clone{};
    lab_model.routes = {lab_route()};
    for (const auto until = Clock::now() + 30s; Clock::now() < until; std::this_thread::sleep_for(200ms)) {
        CommandResult mon = on_node("node-01", {"crm_mon", "--one-shot", "--inactive", "--output-as=xml"});
        if (mon.exit_code == 0 && runtime::serving_nodes(lab_model, mon.out)["app_service"].size() == 2) break;
    }
    std::string started_on = node;
    for (const std::string& n : placed)
        if (!before.count(n)) started_on = n;
    CommandResult agent = run_aa({"alert-agent", "--on", "node-01", "--host-exec", host_exec}, {},
                                 {"CRM_alert_kind=resource", "CRM_alert_rsc=app_service:0", "CRM_alert_task=start",
                                  "CRM_alert_rc=0", "CRM_alert_node=" + started_on, "AA_SPEC=" + spec()});
    EXPECT_EQ(agent.exit_code, 0) << agent.out << agent.err;
    std::set<std::string> serving;
    const double converged = wait_routing_converged(30s, &serving);
    std::this_thread::sleep_for(1s);
    requests.stop();
    int answered_by_node_after_kill = 0;
    for (const auto& [t, who] : requests.answers) answered_by_node_after_kill += t > killed_at && who == node;
    std::cout << "[live] kill " << node << ": out of routing after " << out_of_routing << " s; Pacemaker "
              << (started_on == node ? "restarted it there" : "moved it to " + started_on) << " after " << recovered
              << " s; " << requests.failed() << " of " << requests.answers.size() << " requests failed\n"
              << agent.out;
    ::testing::Test::RecordProperty("kill_out_of_routing_s", std::to_string(out_of_routing));

    ASSERT_GE(out_of_routing, 0) << "HAProxy kept routing to " << node << " for 90 s after its service was killed";
    EXPECT_LE(out_of_routing, 10.0 + 5.0) << "longer than the monitor interval (10s) plus a few seconds";
    EXPECT_GE(recovered, 0) << "Pacemaker did not run the instance again within 90 s" << cluster_report(node);
    EXPECT_GE(converged, 0) << "routing did not match the cluster after the recovery" << cluster_report(node);
    EXPECT_EQ(serving.size(), 2u);
    if (serving.count(node)) {  // recovered in place (it could also have moved: either is fine)
        EXPECT_GT(answered_by_node_after_kill, 0) << node << " runs the instance again but never served";
    }
    // A route sync after the fact finds nothing to fix.
    CommandResult sync = aa_live({"route", "sync", spec(), "--cib", "live"});
    EXPECT_EQ(sync.exit_code, 0) << sync.err;
    clean_up_failures();
}

void AConcurrentCibEditMakesApplyRefuseTheStalePlanButStatusChurnDoesNot() {
    // A change to apply: stickiness 1 -> 2.
    fs::create_directories(dir() / "sticky");
    write_file(dir() / "sticky" / "lab.aa", [] {
        std::string t = lab_spec();
        t.replace(t.find("resource-stickiness = 1"), 23, "resource-stickiness = 2");
        return t;
    }());
    const std::string sticky = (dir() / "sticky" / "lab.aa").string();
    const std::string churn_plan = (dir() / "churn.plan").string();
    CommandResult plan = aa_live({"plan", sticky, "--cib", "live", "--out", churn_plan});
    ASSERT_EQ(plan.exit_code, 2) << plan.out << plan.err;
    // Status churn: a transient node attribute and a failcount bump num_updates, not the configuration.
    ASSERT_EQ(on_node("node-02", {"crm_attribute", "--node", "node-02", "--name", "aa-live-churn", "--update", "1",
                                  "--lifetime", "reboot"}).exit_code, 0);
    ASSERT_EQ(on_node("node-02", {"crm_attribute", "--node", "node-02", "--name", "fail-count-app_service#monitor_10000",
                                  "--update", "1", "--lifetime", "reboot"}).exit_code, 0);
    CommandResult applied = aa_live({"apply", churn_plan, "--cib", "live", "--yes"});
    EXPECT_EQ(applied.exit_code, 0) << "status churn blocked the apply:\n" << applied.out << applied.err << cluster_report("node-02");
    on_node("node-02", {"crm_attribute", "--node", "node-02", "--name", "aa-live-churn", "--delete", "--lifetime", "reboot"});
    clean_up_failures();

    // A configuration edit between plan and apply: the plan is stale.
    const std::string stale_plan = (dir() / "stale.plan").string();
    plan = aa_live({"plan", spec(), "--cib", "live", "--out", stale_plan});
    ASSERT_EQ(plan.exit_code, 2) << plan.out << plan.err;
    CommandResult edit = on_node("node-03", {"cibadmin", "--create", "-o", "crm_config", "--xml-text",
                                             "<cluster_property_set id=\"live-test-edit\"><nvpair id=\"live-test-edit-note\" "
                                             "name=\"aa-live-note\" value=\"edited\"/></cluster_property_set>"});
    ASSERT_EQ(edit.exit_code, 0) << edit.err;
    CommandResult refused = aa_live({"apply", stale_plan, "--cib", "live", "--yes"});
    EXPECT_NE(refused.exit_code, 0) << "a stale plan was applied:\n" << refused.out << refused.err;
    EXPECT_NE((refused.out + refused.err).find("stale"), std::string::npos) << refused.out << refused.err;
    EXPECT_EQ(on_node("node-01", {"cibadmin", "--query", "--xpath", "//nvpair[@name='resource-stickiness' and @value='2']"}).exit_code, 0)
        << "the refused apply changed the CIB";

    // Back to the converged seed: re-plan over the edit and apply.
    ASSERT_EQ(on_node("node-03", {"cibadmin", "--delete", "--xml-text", "<cluster_property_set id=\"live-test-edit\"/>"}).exit_code, 0);
    const std::string back = (dir() / "back.plan").string();
    ASSERT_EQ(aa_live({"plan", spec(), "--cib", "live", "--out", back}).exit_code, 2);
    CommandResult restored = aa_live({"apply", back, "--cib", "live", "--yes"});
    EXPECT_EQ(restored.exit_code, 0) << restored.out << restored.err << cluster_report("node-01");
    EXPECT_EQ(aa_live({"plan", spec(), "--cib", "live"}).exit_code, 0);
}

// crm_mon's operation history: node -> the highest call id of a start (or promote) of `primitive`
// there. A restart shows as a higher call id after the change than before it.
std::map<std::string, long long> start_calls(const std::string& primitive) {
    CommandResult mon = on_node("node-01", {"crm_mon", "--one-shot", "--inactive", "--operations", "--output-as=xml"});
    std::map<std::string, long long> out;
    pugi::xml_document doc;
    if (mon.exit_code != 0 || !doc.load_string(mon.out.c_str())) return out;
    for (pugi::xml_node node : doc.document_element().child("node_history").children("node"))
        for (pugi::xml_node rsc : node.children("resource_history")) {
            std::string id = rsc.attribute("id").value();
            if (id != primitive && id.rfind(primitive + ":", 0) != 0) continue;
            for (pugi::xml_node op : rsc.children("operation_history"))
                if (std::string_view(op.attribute("task").value()) == "start")
                    out[node.attribute("name").value()] = std::max(out[node.attribute("name").value()], op.attribute("call").as_llong());
        }
    return out;
}

std::map<std::string, std::vector<std::string>> crm_mon_placement() {
    CommandResult mon = on_node("node-01", {"crm_mon", "--one-shot", "--inactive", "--output-as=xml"});
    return mon.exit_code == 0 ? runtime::current_placement(mon.out) : std::map<std::string, std::vector<std::string>>{};
}

std::string side_service(const std::string& name, const std::string& state) {
    return "\nservice " + name + " {\n  agent ocf:pacemaker:Dummy\n  param state = \"" + state +
           "\"\n  monitor every 10s\n  parallel-safe\n  clone max 2 per-node 1\n}\n";
}

// One day-2 change under a request loop: plan (text and json), apply, then the cluster as
// crm_mon reports it must be the plan's prediction, and every restart the plan listed happened.
nlohmann::json day2_change(const std::string& label, const std::string& spec_text) {
    fs::create_directories(dir() / label);
    const std::string s = (dir() / label / "lab.aa").string();
    write_file(s, spec_text);
    const std::string plan_file = (dir() / label / "p.aaplan").string();
    CommandResult plan = aa_live({"plan", s, "--cib", "live", "--out", plan_file});
    EXPECT_EQ(plan.exit_code, 2) << label << "\n" << plan.out << plan.err;
    CommandResult json = aa_live({"plan", s, "--cib", "live", "--format", "json"});
    nlohmann::json j = nlohmann::json::parse(json.out, nullptr, false);
    if (j.is_discarded()) {
        ADD_FAILURE() << label << ": no json plan: " << json.err;
        return j;
    }
    std::map<std::string, std::map<std::string, long long>> calls_before;
    for (const auto& c : j["transition"]) {
        std::string primitive = c["instance"].get<std::string>();
        primitive = primitive.substr(0, primitive.find(':'));
        if (!calls_before.count(primitive)) calls_before[primitive] = start_calls(primitive);
    }
    RequestLoop requests;
    std::this_thread::sleep_for(300ms);
    const auto start = Clock::now();
    CommandResult apply = aa_live({"apply", plan_file, "--cib", "live", "--yes"});
    const double apply_s = seconds_since(start);
    std::this_thread::sleep_for(500ms);
    requests.stop();
    std::cout << "[live] day 2 " << label << ": apply " << apply_s << " s; " << requests.answers.size() << " requests, "
              << requests.failed() << " failed\n" << plan.out;
    EXPECT_EQ(apply.exit_code, 0) << label << "\n" << apply.out << apply.err;
    EXPECT_EQ(requests.failed(), 0) << label << ": " << requests.failures();
    auto now = crm_mon_placement();
    for (const auto& [rsc, nodes] : j["placement"].items()) {
        std::vector<std::string> want = nodes.get<std::vector<std::string>>();
        std::vector<std::string> got = now[rsc];
        std::sort(got.begin(), got.end());
        EXPECT_EQ(got, want) << label << ": crm_mon differs from the plan for " << rsc;
    }
    for (const auto& c : j["transition"]) {
        if (c["pending"].get<bool>() || c["action"] != "restart") continue;
        std::string primitive = c["instance"].get<std::string>();
        primitive = primitive.substr(0, primitive.find(':'));
        std::string node = c["node"].get<std::string>();
        EXPECT_GT(start_calls(primitive)[node], calls_before[primitive][node])
            << label << ": the plan said " << c["description"] << ", crm_mon shows no new start there";
    }
    return j;
}

bool has_action(const nlohmann::json& j, const std::string& action, const std::string& resource_prefix) {
    for (const auto& c : j["transition"])
        if (c["action"] == action && !c["pending"].get<bool>() && c["instance"].get<std::string>().rfind(resource_prefix, 0) == 0)
            return true;
    return false;
}

void Day2AddRestartRenameAndRemoveBesideTheRoutedServiceWithoutAFailedRequest() {
    nlohmann::json add = day2_change("add", lab_spec(side_service("side", "/run/aa-side-1.state")));
    EXPECT_TRUE(has_action(add, "start", "side")) << add.dump(2);
    nlohmann::json restart = day2_change("restart", lab_spec(side_service("side", "/run/aa-side-2.state")));
    EXPECT_TRUE(has_action(restart, "restart", "side")) << restart.dump(2);
    nlohmann::json rename = day2_change("rename", lab_spec(side_service("side2", "/run/aa-side-2.state")));
    EXPECT_TRUE(has_action(rename, "stop", "side")) << rename.dump(2);
    EXPECT_TRUE(has_action(rename, "start", "side2")) << rename.dump(2);
    nlohmann::json remove = day2_change("remove", lab_spec());
    EXPECT_TRUE(has_action(remove, "stop", "side2")) << remove.dump(2);
    EXPECT_EQ(aa_live({"plan", spec(), "--cib", "live"}).exit_code, 0) << "the removal left a change behind";
}

// Issue 13: a fence device (cluster-glue's `null` plugin, which fences nothing: the lab runs with
// stonith-enabled = false) and two fencing levels, applied beside the routed service: the device
// starts where the plan placed it, the fencer registers it and the CIB holds the levels as pcs
// writes them; removing them again leaves nothing behind.
void AFenceDeviceAndItsLevelsAreAppliedAndRegisteredByTheFencer() {
    const std::string fence =
        "\nfence lab-fence {\n  agent stonith:null\n  param hostlist = \"node-01 node-02 node-03\"\n"
        "  hosts node-01 node-02 node-03\n  monitor every 60s\n}\n\n"
        "fencing {\n  level 1 node-01 lab-fence\n  level 1 pattern \"node-0[23]\" lab-fence\n}\n";
    nlohmann::json add = day2_change("fence", lab_spec(fence));
    EXPECT_TRUE(has_action(add, "start", "lab-fence")) << add.dump(2);
    CommandResult registered = on_node("node-01", {"stonith_admin", "--list-registered"});
    EXPECT_NE(registered.out.find("lab-fence"), std::string::npos) << registered.out << registered.err;
    CommandResult topology = on_node("node-01", {"cibadmin", "--query", "--scope", "fencing-topology"});
    EXPECT_NE(topology.out.find("id=\"fl-node-01-1\""), std::string::npos) << topology.out;
    EXPECT_NE(topology.out.find("target-pattern=\"node-0[23]\""), std::string::npos) << topology.out;
    nlohmann::json remove = day2_change("unfence", lab_spec());
    EXPECT_TRUE(has_action(remove, "stop", "lab-fence")) << remove.dump(2);
    EXPECT_EQ(on_node("node-01", {"cibadmin", "--query", "--scope", "fencing-topology"}).out.find("fencing-level"),
              std::string::npos) << "a level was left behind";
    EXPECT_EQ(aa_live({"plan", spec(), "--cib", "live"}).exit_code, 0) << "the removal left a change behind";
}

// Issue 16: a parameter change of a routed clone that restarts every instance rolls node by
// node: both serving nodes held through the commit, the free node pinned, then each drained,
// released (Pacemaker restarts it there with the new parameters), readied. The clone is the lab's
// app run by ocf:heartbeat:anything on port 8081, behind the lab's second backend be_web (port
// 81). Not one request fails and no instance moves.
std::string web_service(const std::string& version) {
    return "\nservice web {\n  agent ocf:heartbeat:anything\n  param binfile = \"/usr/bin/python3\"\n"
           "  param cmdline_options = \"/usr/local/lib/aa-lab/app.py 0.0.0.0 8081 " + version + "\"\n"
           "  monitor every 10s\n  parallel-safe\n  clone max 2 per-node 1\n}\n\nroute web {\n"
           "  via haproxy backend be_web socket \"" + lab_dir + "/lb/admin.sock\"\n"
           "  server node-01 web1\n  server node-02 web2\n  server node-03 web3\n  drain 2s\n}\n";
}

std::set<std::string> web_nodes() {
    CommandResult mon = on_node("node-01", {"crm_mon", "--one-shot", "--inactive", "--output-as=xml"});
    if (mon.exit_code != 0) return {};
    auto v = runtime::current_placement(mon.out)["web-clone"];
    return {v.begin(), v.end()};
}

void ADefinitionChangeOfARoutedCloneRollsNodeByNodeWithoutAFailedRequest() {
    fs::create_directories(dir() / "roll");
    const std::string s = (dir() / "roll" / "lab.aa").string();
    auto apply_spec = [&](const std::string& text, const std::string& name) {
        write_file(s, text);
        const std::string plan_file = (dir() / "roll" / (name + ".aaplan")).string();
        CommandResult plan = aa_live({"plan", s, "--cib", "live", "--out", plan_file});
        EXPECT_EQ(plan.exit_code, 2) << plan.out << plan.err;
        return std::make_pair(plan, plan_file);
    };
    auto [added, add_file] = apply_spec(lab_spec(web_service("v1")), "add");
    CommandResult add = aa_live({"apply", add_file, "--cib", "live", "--yes", "--quiet"});
    ASSERT_EQ(add.exit_code, 0) << add.out << add.err;
    const std::set<std::string> before = web_nodes();
    ASSERT_EQ(before.size(), 2u);
    std::map<std::string, long long> calls_before = start_calls("web");
    // HAProxy's health checks must see the new instances up before requests start.
    model::Route web = lab_route();
    web.service = "web";
    web.backend = "be_web";
    for (auto& srv : web.servers) srv.name = "web" + srv.node.substr(srv.node.size() - 1);
    auto up = [&] {
        int n = 0;
        for (const runtime::ServerState& st : runtime::make_router(web, nullptr)->states())
            n += st.admin_state == "ready" && st.op_state == "running";
        return n;
    };
    for (auto until = Clock::now() + 20s; up() < 2 && Clock::now() < until;) std::this_thread::sleep_for(200ms);
    ASSERT_EQ(up(), 2) << "be_web does not send to both new instances";

    auto [plan, plan_file] = apply_spec(lab_spec(web_service("v2")), "v2");
    EXPECT_EQ(plan.out.find("Outage:"), std::string::npos) << plan.out;
    for (const std::string& n : before) EXPECT_NE(plan.out.find("release " + n), std::string::npos) << plan.out;
    RequestLoop requests(150, 4000, "http://10.213.0.100:81/");
    std::this_thread::sleep_for(500ms);
    const auto start = Clock::now();
    CommandResult apply = aa_live({"apply", plan_file, "--cib", "live", "--yes"});
    const double apply_s = seconds_since(start);
    std::this_thread::sleep_for(1s);
    requests.stop();
    std::cout << apply.out << apply.err;
    std::cout << "[live] rolling definition change: apply " << apply_s << " s; " << requests.answers.size()
              << " requests, " << requests.failed() << " failed\n";
    EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err << cluster_report(*before.begin());
    EXPECT_EQ(requests.failed(), 0) << requests.failures();
    EXPECT_GT(requests.answers.size(), 50u) << "too few requests ran through the change to prove anything";
    EXPECT_EQ(web_nodes(), before) << "an instance moved";
    std::map<std::string, long long> calls_after = start_calls("web");
    for (const std::string& n : before) EXPECT_GT(calls_after[n], calls_before[n]) << n << "'s instance was not restarted";
    for (const std::string& n : nodes) {
        CommandResult q = on_node(n, {"crm_attribute", "--node", n, "--name", "maintenance", "--query", "--lifetime", "reboot"});
        EXPECT_EQ(q.out.find("value=true"), std::string::npos) << n << " is still held: " << q.out;
    }
    EXPECT_EQ(on_node("node-01", {"cibadmin", "--query", "--scope", "constraints"}).out.find("aa-roll-"), std::string::npos)
        << "a pin was left";

    // Back to the lab's spec: web goes.
    const std::string back = (dir() / "roll" / "back.aaplan").string();
    ASSERT_EQ(aa_live({"plan", spec(), "--cib", "live", "--out", back}).exit_code, 2);
    CommandResult removed = aa_live({"apply", back, "--cib", "live", "--yes", "--quiet"});
    EXPECT_EQ(removed.exit_code, 0) << removed.err;
}

// Issue 12: two applies of different plans made from the same base, started together on the
// live cluster: Pacemaker's version check lets exactly one commit; the other is refused as
// stale, and the CIB holds the winner's change alone. Several rounds, each from the new base.
void ConcurrentAppliesOfTwoPlansFromOneBaseNeverBothWin() {
    const int rounds = 5;
    int wins_a = 0, wins_b = 0;
    for (int i = 0; i < rounds; ++i) {
        std::string plans[2];
        for (int k = 0; k < 2; ++k) {
            const std::string name = std::string(k == 0 ? "race_a" : "race_b") + std::to_string(i);
            fs::create_directories(dir() / "race" / name);
            const std::string s = (dir() / "race" / name / "lab.aa").string();
            write_file(s, lab_spec("\nservice " + name + " {\n  agent ocf:pacemaker:Dummy\n  monitor every 10s\n}\n"));
            plans[k] = (dir() / "race" / name / "p.aaplan").string();
            CommandResult plan = aa_live({"plan", s, "--cib", "live", "--out", plans[k]});
            ASSERT_EQ(plan.exit_code, 2) << plan.out << plan.err;
        }
        CommandResult results[2];
        std::thread other([&] { results[1] = aa_live({"apply", plans[1], "--cib", "live", "--yes", "--quiet"}); });
        results[0] = aa_live({"apply", plans[0], "--cib", "live", "--yes", "--quiet"});
        other.join();
        const int won = (results[0].exit_code == 0) + (results[1].exit_code == 0);
        EXPECT_EQ(won, 1) << "round " << i << ": " << results[0].err << "\n---\n" << results[1].err;
        CommandResult rscs = on_node("node-01", {"cibadmin", "--query", "--scope", "resources"});
        const bool has_a = rscs.out.find("\"race_a" + std::to_string(i) + "\"") != std::string::npos;
        const bool has_b = rscs.out.find("\"race_b" + std::to_string(i) + "\"") != std::string::npos;
        EXPECT_NE(has_a, has_b) << "round " << i << ": the CIB must hold exactly one of the two changes";
        EXPECT_EQ(has_a, results[0].exit_code == 0) << "round " << i << ": the CIB disagrees with the exit status";
        for (int k = 0; k < 2; ++k)
            if (results[k].exit_code != 0)
                EXPECT_NE(results[k].err.find("stale"), std::string::npos) << "round " << i << ": " << results[k].err;
        wins_a += has_a;
        wins_b += has_b;
    }
    std::cout << "[live] concurrent applies: " << rounds << " rounds, " << wins_a << " won by the first, " << wins_b
              << " by the second, 0 lost updates expected\n";
    // Back to the lab's own spec: the last winner's service goes.
    const std::string back = (dir() / "race" / "back.aaplan").string();
    ASSERT_EQ(aa_live({"plan", spec(), "--cib", "live", "--out", back}).exit_code, 2);
    CommandResult restored = aa_live({"apply", back, "--cib", "live", "--yes", "--quiet"});
    EXPECT_EQ(restored.exit_code, 0) << restored.err;
}

// Pacemaker runs `aa alert-agent` with the event in CRM_alert_* variables; inside the lab the
// nodes cannot reach HAProxy (docs/routing.md), so this runs it from the host the same way.
void AlertAgentOnAResourceEventPutsRoutingBackInLine() {
    std::set<std::string> serving = clone_nodes();
    ASSERT_EQ(serving.size(), 2u);
    std::string idle;
    for (const std::string& n : nodes)
        if (!serving.count(n)) idle = n;
    ASSERT_EQ(lab({"lb", "set server be_app/" + server_of.at(idle) + " state ready"}).exit_code, 0);
    std::vector<std::string> args{"alert-agent", "--on", "node-01", "--host-exec", host_exec};
    const std::vector<std::string> event{"CRM_alert_kind=resource", "CRM_alert_rsc=app_service:1",
                                         "CRM_alert_task=stop", "CRM_alert_rc=0", "CRM_alert_node=" + idle,
                                         "AA_SPEC=" + spec()};
    CommandResult agent = run_aa(args, {}, event);
    EXPECT_EQ(agent.exit_code, 0) << agent.out << agent.err;
    EXPECT_NE(agent.out.find(server_of.at(idle) + " (" + idle + ") ready -> drain"), std::string::npos) << agent.out;
    EXPECT_TRUE(routing_matches(serving));

    // Events of other kinds, or of resources without a route, change nothing.
    ASSERT_EQ(lab({"lb", "set server be_app/" + server_of.at(idle) + " state ready"}).exit_code, 0);
    CommandResult node_event = run_aa(args, {}, {"CRM_alert_kind=node", "CRM_alert_node=" + idle, "AA_SPEC=" + spec()});
    EXPECT_EQ(node_event.exit_code, 0) << node_event.err;
    EXPECT_EQ(lb_view()[server_of.at(idle)].admin_state, "ready");
    CommandResult other = run_aa(args, {}, {"CRM_alert_kind=resource", "CRM_alert_rsc=other", "AA_SPEC=" + spec()});
    EXPECT_EQ(other.exit_code, 0) << other.err;
    EXPECT_EQ(lb_view()[server_of.at(idle)].admin_state, "ready");
    EXPECT_EQ(aa_live({"route", "sync", spec(), "--cib", "live"}).exit_code, 0);
    EXPECT_TRUE(routing_matches(serving));
}

// Issue 12: a node dies while an apply waits for the cluster to converge (its corosync is killed:
// the others lose it after the token timeout, and nothing restarts it). The apply stops waiting
// at once, names the node, keeps its committed change (no lost update) and reports every node's
// state; requests keep flowing through the surviving nodes. The node then rejoins and the cluster
// is put back on the lab's spec for whatever runs after.
void ANodeThatDiesWhileTheApplyWaitsIsNamedTheChangeStaysAndRequestsKeepFlowing() {
    std::set<std::string> serving = clone_nodes();
    ASSERT_EQ(serving.size(), 2u);
    const std::string victim = *serving.rbegin();
    std::string survivor;
    for (const std::string& n : nodes)
        if (n != victim && survivor.empty()) survivor = n;
    // Each of the new service's operations sleeps, so the wait for its start is still running
    // when the victim dies.
    const std::string extra = "\nservice slow {\n  agent ocf:pacemaker:Dummy\n  param op_sleep = \"8\"\n"
                              "  monitor every 30s timeout 60s\n  start timeout 60s\n}\n";
    fs::create_directories(dir() / "node-death");
    const std::string s = (dir() / "node-death" / "lab.aa").string(), plan_file = (dir() / "node-death" / "p.aaplan").string();
    write_file(s, lab_spec(extra));
    CommandResult plan = aa_live({"plan", s, "--cib", "live", "--out", plan_file});
    ASSERT_EQ(plan.exit_code, 2) << plan.out << plan.err;

    RequestLoop requests;
    CommandResult apply;
    const auto start = Clock::now();
    std::thread applier([&] {
        std::vector<std::string> args{"apply", plan_file, "--cib", "live", "--yes", "--wait", "5m", "--on", survivor,
                                      "--host-exec", host_exec};
        apply = run_aa(args);
    });
    bool committed = false;
    while (!committed && seconds_since(start) < 60) {
        committed = on_node(survivor, {"cibadmin", "--query", "--scope", "resources"}).out.find("\"slow\"") != std::string::npos;
        if (!committed) std::this_thread::sleep_for(200ms);
    }
    const double killed_at = seconds_since(start);
    CommandResult kill = on_node(victim, {"systemctl", "kill", "--signal=KILL", "corosync.service"});
    applier.join();
    const double apply_s = seconds_since(start);
    std::this_thread::sleep_for(1s);
    requests.stop();
    std::cout << apply.out << apply.err;
    std::cout << "[live] node death: " << victim << "'s corosync killed " << killed_at << " s into the apply, which ended at "
              << apply_s << " s; " << requests.answers.size() << " requests, " << requests.failed() << " failed\n";
    EXPECT_TRUE(committed) << "the change never reached the CIB";
    EXPECT_EQ(kill.exit_code, 0) << kill.err;
    EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
    EXPECT_LT(apply_s, 90) << "the apply waited for a placement that could not come";
    EXPECT_NE(apply.err.find("node " + victim + " left the cluster while the change ran"), std::string::npos) << apply.err;
    EXPECT_NE(apply.err.find("committed"), std::string::npos) << apply.err;
    for (const std::string& n : nodes) EXPECT_NE(apply.err.find("  " + n + ": "), std::string::npos) << "no state for " << n << "\n" << apply.err;
    EXPECT_NE(on_node(survivor, {"cibadmin", "--query", "--scope", "resources"}).out.find("\"slow\""), std::string::npos)
        << "the committed change is gone (a lost update)";
    EXPECT_EQ(requests.failed(), 0) << requests.failures();

    // The node comes back; its app instance is found running and the cluster settles on two again.
    EXPECT_EQ(on_node(victim, {"systemctl", "start", "corosync.service", "pacemaker.service"}).exit_code, 0);
    const auto back = Clock::now();
    bool rejoined = false;
    while (!rejoined && seconds_since(back) < 90) {
        CommandResult mon = on_node(survivor, {"crm_mon", "--one-shot", "--output-as=xml"});
        rejoined = mon.exit_code == 0 && runtime::offline_nodes_in_status(mon.out).empty();
        if (!rejoined) std::this_thread::sleep_for(500ms);
    }
    EXPECT_TRUE(rejoined) << victim << " did not rejoin within 90 s";
    clean_up_failures();
    const std::string restore = (dir() / "node-death" / "back.aaplan").string();
    CommandResult again = aa_live({"plan", spec(), "--cib", "live", "--out", restore});
    EXPECT_EQ(again.exit_code, 2) << again.out << again.err;
    CommandResult restored = aa_live({"apply", restore, "--cib", "live", "--yes", "--quiet"});
    EXPECT_EQ(restored.exit_code, 0) << restored.err;
    EXPECT_EQ(aa_live({"route", "sync", spec(), "--cib", "live"}).exit_code, 0);
    EXPECT_GE(wait_routing_converged(30s), 0) << "routing does not follow the cluster after the node rejoined";
}

// ctest runs each TEST in a process of its own, so the phases run in one TEST: one lab, ~15 s to
// bring up, serves them all. Each phase is a function, so a fatal failure ends only that phase.
TEST_F(LiveCluster, SeedApplyDrainKillAndStalePlanOnARealClusterBehindHaproxy) {
    {
        SCOPED_TRACE("SeedFromItsBeforeStatePlanThenApplyRoutesToExactlyTheTwoInstancesWithoutAFailedRequest");
        SeedFromItsBeforeStatePlanThenApplyRoutesToExactlyTheTwoInstancesWithoutAFailedRequest();
    }
    {
        SCOPED_TRACE("PlanOnTheConvergedClusterReportsNoChanges");
        PlanOnTheConvergedClusterReportsNoChanges();
    }
    {
        SCOPED_TRACE("DrainOfAServingNodeMovesTrafficWithoutAFailedRequestAndUndrainRestoresIt");
        DrainOfAServingNodeMovesTrafficWithoutAFailedRequestAndUndrainRestoresIt();
    }
    {
        SCOPED_TRACE("Day2AddRestartRenameAndRemoveBesideTheRoutedServiceWithoutAFailedRequest");
        Day2AddRestartRenameAndRemoveBesideTheRoutedServiceWithoutAFailedRequest();
    }
    {
        SCOPED_TRACE("AFenceDeviceAndItsLevelsAreAppliedAndRegisteredByTheFencer");
        AFenceDeviceAndItsLevelsAreAppliedAndRegisteredByTheFencer();
    }
    {
        SCOPED_TRACE("ADefinitionChangeOfARoutedCloneRollsNodeByNodeWithoutAFailedRequest");
        ADefinitionChangeOfARoutedCloneRollsNodeByNodeWithoutAFailedRequest();
    }
    {
        SCOPED_TRACE("ConcurrentAppliesOfTwoPlansFromOneBaseNeverBothWin");
        ConcurrentAppliesOfTwoPlansFromOneBaseNeverBothWin();
    }
    {
        SCOPED_TRACE("AlertAgentOnAResourceEventPutsRoutingBackInLine");
        AlertAgentOnAResourceEventPutsRoutingBackInLine();
    }
    {
        SCOPED_TRACE("RolloutRestartsEveryInstanceInPlaceWithoutAFailedRequestOrAMomentWithoutAReadyServer");
        RolloutRestartsEveryInstanceInPlaceWithoutAFailedRequestOrAMomentWithoutAReadyServer();
    }
    {
        SCOPED_TRACE("KilledServiceIsRecoveredAndRoutingNeverSendsThereLongerThanTheMonitorIntervalPlusAFewSeconds");
        KilledServiceIsRecoveredAndRoutingNeverSendsThereLongerThanTheMonitorIntervalPlusAFewSeconds();
    }
    {
        SCOPED_TRACE("AConcurrentCibEditMakesApplyRefuseTheStalePlanButStatusChurnDoesNot");
        AConcurrentCibEditMakesApplyRefuseTheStalePlanButStatusChurnDoesNot();
    }
    {
        SCOPED_TRACE("ANodeThatDiesWhileTheApplyWaitsIsNamedTheChangeStaysAndRequestsKeepFlowing");
        ANodeThatDiesWhileTheApplyWaitsIsNamedTheChangeStaysAndRequestsKeepFlowing();
    }
}

}  // namespace
}  // namespace aa::test

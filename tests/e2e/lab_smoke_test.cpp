// The live lab (tests/cluster/lab) as the other live tests rely on it: three Pacemaker nodes that
// form a quorate cluster, each running app.service, HAProxy spreading requests over them and
// obeying the HAProxy router, and a `down` that leaves nothing behind on the host.
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <csignal>
#include <thread>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "runtime/router.hpp"
#include "support/lab_driver.hpp"
#include "support/test_support.hpp"

namespace aa::test {
namespace {

namespace fs = std::filesystem;

// A lab of its own (directory and name prefix), so a developer's lab in /tmp/aa-lab is untouched.
const std::string lab_dir = "/tmp/aa-lab-smoke";
const std::string prefix = "aa-smoke";
const std::vector<std::string> nodes{"node-01", "node-02", "node-03"};

std::string lock_path() {
    const char* p = std::getenv("AA_LAB_LOCK");
    return p ? p : "/run/lock/aa-lab.lock";
}

// Live tests take turns: this holds the lab lock for the whole test, and tells the lab script so.
class LabLock {
public:
    LabLock() {
        fs::create_directories(fs::path(lock_path()).parent_path());
        fd_ = ::open(lock_path().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ >= 0) ::flock(fd_, LOCK_EX);
    }
    ~LabLock() {
        if (fd_ >= 0) ::close(fd_);
    }
    bool held() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

const LabDriver the_lab{lab_dir, prefix};
CommandResult lab(std::vector<std::string> args) { return the_lab.lab(std::move(args)); }
CommandResult on_node(const std::string& node, std::vector<std::string> argv) {
    return the_lab.on_node(node, std::move(argv));
}

// Whatever happens in the test, the lab goes down.
struct LabGuard {
    ~LabGuard() {
        if (armed) lab({"down"});
    }
    bool armed = true;
};

std::set<std::string> online_nodes(const std::string& crm_mon_xml) {
    std::set<std::string> online;
    static const std::regex node_re(R"re(<node name="([^"]+)"[^>]*\sonline="true")re");
    for (std::sregex_iterator it(crm_mon_xml.begin(), crm_mon_xml.end(), node_re), end; it != end; ++it)
        online.insert((*it)[1]);
    return online;
}

// `lab http N` prints "RESPONDER COUNT" lines.
std::map<std::string, int> responders(const std::string& out) {
    std::map<std::string, int> counts;
    std::istringstream in(out);
    std::string who;
    int n = 0;
    while (in >> who >> n) counts[who] = n;
    return counts;
}

model::Route lab_route() {
    model::Route r;
    r.service = "app_service";
    r.via = model::Route::Via::Haproxy;
    r.backend = "be_app";
    r.socket = lab_dir + "/lb/admin.sock";
    r.servers = {{"node-01", "app1"}, {"node-02", "app2"}, {"node-03", "app3"}};
    return r;
}

// --- What "nothing left" means, checked on the host without the lab script's help. ---------

std::vector<std::string> lab_netns() {
    std::vector<std::string> found;
    std::istringstream in(run_command({"ip", "netns", "list"}).out);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(prefix + "-", 0) == 0) found.push_back(line);
    return found;
}

std::vector<std::string> lab_cgroups() {
    std::vector<std::string> found;
    for (const char* root : {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"})
        if (fs::exists(fs::path(root) / prefix)) found.push_back((fs::path(root) / prefix).string());
    return found;
}

std::vector<std::string> lab_mounts() {
    std::vector<std::string> found;
    std::ifstream in("/proc/mounts");
    for (std::string line; std::getline(in, line);)
        if (line.find(lab_dir) != std::string::npos || line.find("/run/netns/" + prefix + "-") != std::string::npos)
            found.push_back(line);
    return found;
}

// Processes in a lab cgroup or running a lab file.
std::vector<std::string> lab_processes() {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string pid = entry.path().filename();
        if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
        std::string cgroup = read_file(entry.path() / "cgroup");
        std::string cmdline = read_file(entry.path() / "cmdline");
        if (cgroup.find("::/" + prefix + "/") != std::string::npos ||
            cgroup.find("::/" + prefix + "\n") != std::string::npos ||
            cmdline.find(lab_dir + "/") != std::string::npos)
            found.push_back(pid + " " + cmdline.substr(0, cmdline.find('\0')));
    }
    return found;
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += "\n  " + s;
    return out;
}

void expect_nothing_left() {
    EXPECT_EQ(joined(lab_netns()), "") << "network namespaces left";
    EXPECT_EQ(joined(lab_cgroups()), "") << "cgroups left";
    EXPECT_EQ(joined(lab_processes()), "") << "processes left";
    EXPECT_EQ(joined(lab_mounts()), "") << "mounts left";
    EXPECT_FALSE(fs::exists(lab_dir)) << lab_dir << " left";
}

// Empty when this machine can run the lab.
std::string why_no_lab() {
    if (::geteuid() != 0) return "the live lab needs root (network namespaces, cgroups, mounts); run as root to test it";
    for (const char* tool : {"/usr/sbin/corosync", "/usr/sbin/pacemakerd", "/usr/sbin/haproxy"})
        if (!fs::exists(tool)) return std::string(tool) + " is not installed (scripts/debian-packages.txt)";
    return {};
}

TEST(LiveLab, ThreeNodeClusterBehindHaproxyComesUpServesAndGoesAwayWithoutATrace) {
    if (std::string why = why_no_lab(); !why.empty()) GTEST_SKIP() << why;

    LabLock lock;
    ASSERT_TRUE(lock.held()) << "cannot open " << lock_path();
    lab({"down"});  // the remains of a killed earlier run, if any
    LabGuard guard;

    CommandResult up = lab({"up"});
    std::cout << up.out << up.err;
    ASSERT_EQ(up.exit_code, 0) << up.out << up.err;

    // Every node online, from node-01's own point of view, with an elected DC.
    CommandResult mon = on_node("node-01", {"crm_mon", "-1", "--output-as=xml"});
    ASSERT_EQ(mon.exit_code, 0) << mon.err;
    EXPECT_EQ(online_nodes(mon.out), (std::set<std::string>(nodes.begin(), nodes.end()))) << mon.out;
    EXPECT_NE(mon.out.find("<current_dc present=\"true\""), std::string::npos) << mon.out;

    // The seed's "before" state: app.service enabled and running on every node.
    for (const std::string& n : nodes) {
        EXPECT_EQ(trim(on_node(n, {"systemctl", "is-enabled", "app.service"}).out), "enabled") << n;
        EXPECT_EQ(trim(on_node(n, {"systemctl", "is-active", "app.service"}).out), "active") << n;
    }

    // HAProxy answers through its frontend and every node takes a share.
    CommandResult http = lab({"http", "30"});
    ASSERT_EQ(http.exit_code, 0) << http.err;
    std::map<std::string, int> seen = responders(http.out);
    EXPECT_EQ(seen.size(), 3u) << "responders other than the three nodes (errors?):\n" << http.out;
    for (const std::string& n : nodes) EXPECT_GT(seen[n], 0) << n << " took no request:\n" << http.out;

    // The lab's runtime API socket is what `via haproxy` routes drive: drain node-02, then back.
    model::Route route = lab_route();
    auto router = runtime::make_router(route, nullptr);
    EXPECT_NO_THROW(router->check());
    router->set_drain(route.servers[1]);
    seen = responders(lab({"http", "12"}).out);
    EXPECT_EQ(seen.count("node-02"), 0u) << "a drained server still answered";
    EXPECT_EQ(seen["node-01"] + seen["node-03"], 12);
    router->set_ready(route.servers[1]);
    EXPECT_GT(responders(lab({"http", "12"}).out)["node-02"], 0);

    // The CIB is readable on a node, and carries the lab's seed.
    CommandResult cib = on_node("node-02", {"cibadmin", "--query"});
    ASSERT_EQ(cib.exit_code, 0) << cib.err;
    EXPECT_NE(cib.out.find("name=\"stonith-enabled\" value=\"false\""), std::string::npos) << cib.out;
    EXPECT_NE(cib.out.find("uname=\"node-03\""), std::string::npos) << cib.out;

    guard.armed = false;
    CommandResult down = lab({"down"});
    std::cout << down.out << down.err;
    ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
    expect_nothing_left();
}

TEST(LiveLab, DownRemovesWhatAnUpKilledHalfwayLeft) {
    if (std::string why = why_no_lab(); !why.empty()) GTEST_SKIP() << why;
    LabLock lock;
    ASSERT_TRUE(lock.held()) << "cannot open " << lock_path();
    lab({"down"});

    const std::string script = (source_dir() / "tests/cluster/lab").string();
    pid_t up = ::fork();
    if (up == 0) {
        ::setenv("AA_LAB_DIR", lab_dir.c_str(), 1);
        ::setenv("AA_LAB_PREFIX", prefix.c_str(), 1);
        ::setenv("AA_LAB_LOCK_HELD", "1", 1);
        ::execl(script.c_str(), script.c_str(), "up", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ASSERT_GT(up, 0);
    // Long enough for namespaces and booting nodes to exist; no trap gets to run on SIGKILL.
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    ::kill(up, SIGKILL);
    ::waitpid(up, nullptr, 0);
    ASSERT_NE(joined(lab_netns()), "") << "the killed `up` had made nothing yet: this test proves nothing";

    CommandResult down = lab({"down"});
    ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
    expect_nothing_left();
}

TEST(LiveLab, AnUpThatFailsTearsDownWhatItMade) {
    if (std::string why = why_no_lab(); !why.empty()) GTEST_SKIP() << why;
    LabLock lock;
    ASSERT_TRUE(lock.held()) << "cannot open " << lock_path();
    lab({"down"});

    TempDir fake;  // an haproxy that rejects every configuration
    write_file(fake / "haproxy", "#!/bin/sh\necho 'fake haproxy: no' >&2\nexit 1\n");
    fs::permissions(fake / "haproxy", fs::perms::owner_all);
    const char* path = std::getenv("PATH");
    std::vector<std::string> argv{(source_dir() / "tests/cluster/lab").string(), "up"};
    CommandResult up = run_command(argv, {},
                                   {"AA_LAB_DIR=" + lab_dir, "AA_LAB_PREFIX=" + prefix, "AA_LAB_LOCK_HELD=1",
                                    "PATH=" + fake.path().string() + ":" + (path ? path : "/usr/bin:/bin")});
    EXPECT_NE(up.exit_code, 0);
    EXPECT_NE(up.err.find("HAProxy rejects"), std::string::npos) << up.err;
    EXPECT_NE(up.err.find("tearing down"), std::string::npos) << up.err;
    expect_nothing_left();
}

}  // namespace
}  // namespace aa::test

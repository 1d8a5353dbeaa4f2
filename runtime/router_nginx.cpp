// `via nginx`: an `upstream` block in an include file that aa owns. A drained server is marked
// `down`; every change is written safely (private temporary file in the same directory, fsync,
// rename), validated with `nginx -t`, and applied with nginx's graceful reload: new workers take
// the new upstream, old ones finish the requests they hold and exit, so no connection is dropped.
// The state is what the file says, read back on every call; nothing is remembered in between.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "runtime/router.hpp"
#include "runtime/runner.hpp"

namespace aa::runtime {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
constexpr std::chrono::seconds tool_timeout{30};
constexpr std::chrono::seconds reload_timeout{10};

const std::string header_prefix = "# Written by aa for route ";

bool read_whole(const std::string& path, std::string& text) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
    return true;
}

std::string errno_text() { return std::strerror(errno); }

// The target is replaced whole or not at all: a private file next to it, written, fsynced,
// renamed over it, then the directory fsynced. An existing file keeps its mode.
// TODO(reliability): use aa::write_file_safely (compiler/util/file_io.hpp) once it is on main.
void write_safely(const std::string& path, const std::string& text) {
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    std::string tmpl = path + ".aa-XXXXXX";
    int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
    if (fd < 0) throw RouterError("cannot create a temporary file in " + dir + ": " + errno_text());
    auto fail = [&](const std::string& what) {
        const std::string why = errno_text();
        ::close(fd);
        ::unlink(tmpl.c_str());
        throw RouterError("cannot write " + path + " (" + what + "): " + why);
    };
    struct stat st {};
    ::fchmod(fd, ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0644);
    for (std::size_t done = 0; done < text.size();) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail("write");
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) fail("fsync");
    if (::close(fd) != 0) {
        ::unlink(tmpl.c_str());
        throw RouterError("cannot write " + path + " (close): " + errno_text());
    }
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        const std::string why = errno_text();
        ::unlink(tmpl.c_str());
        throw RouterError("cannot replace " + path + ": " + why);
    }
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

// The worker processes of the nginx master `pid`: pid -> shutting down (an old worker finishing
// its requests after a reload).
std::map<int, bool> workers_of(int master) {
    std::map<int, bool> out;
    std::string children;
    if (!read_whole("/proc/" + std::to_string(master) + "/task/" + std::to_string(master) + "/children", children))
        return out;
    std::istringstream in(children);
    for (int pid; in >> pid;) {
        std::string cmdline;
        if (!read_whole("/proc/" + std::to_string(pid) + "/cmdline", cmdline)) continue;
        if (cmdline.find("worker process") == std::string::npos) continue;
        out[pid] = cmdline.find("shutting down") != std::string::npos;
    }
    return out;
}

class NginxRouter : public Router {
public:
    explicit NginxRouter(model::Route route) : route_(std::move(route)) {}

    // nginx is installed, accepts its configuration and runs, and the file is an upstream aa
    // wrote for this route. Before the first sync there is no file yet (nginx may not even start
    // without it): then only its directory and nginx itself are checked. Nothing is changed.
    void check() override {
        std::string text;
        if (!read_whole(route_.upstream_file, text)) {
            if (errno != ENOENT)
                throw RouterError(context() + ": cannot read " + route_.upstream_file + ": " + errno_text());
            struct stat st {};
            if (::stat(directory().c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
                throw RouterError(context() + ": the directory " + directory() + " of " + route_.upstream_file +
                                  " does not exist");
            nginx({"-v"}, "cannot run nginx");
            return;
        }
        try {
            parse_upstream(text, route_.backend);
        } catch (const RouterError& e) {
            throw RouterError(context() + ": " + e.what());
        }
        nginx({"-t", "-q"}, "nginx rejects its configuration");
        master_pid();
    }

    void set_ready(const model::Server& s) override { set_states({{s, true}}); }
    void set_drain(const model::Server& s) override { set_states({{s, false}}); }

    // Old workers keep serving the connections they had when the upstream changed; the drain is
    // over when the last of them has exited.
    bool wait_drained(const model::Server&, std::chrono::milliseconds max) override {
        const auto deadline = Clock::now() + max;
        const int master = master_pid();
        for (;;) {
            bool old = false;
            for (const auto& [pid, shutting_down] : workers_of(master)) old = old || shutting_down;
            if (!old) return true;
            if (Clock::now() >= deadline) return false;
            std::this_thread::sleep_for(100ms);
        }
    }

    std::vector<ServerState> states() override {
        const std::map<std::string, bool> drained = current();
        std::vector<ServerState> out;
        for (const model::Server& s : route_.servers) {
            auto it = drained.find(s.name);
            out.push_back({route_.backend, s.name, it == drained.end() ? "unknown" : it->second ? "drain" : "ready",
                           "unknown", 0});
        }
        return out;
    }

    // One write, one `nginx -t`, one reload for all the changes; none when nothing differs.
    void set_states(const std::vector<ServerChange>& changes) override {
        std::string before;
        const bool existed = read_whole(route_.upstream_file, before);
        const std::map<std::string, bool> now = existed ? parse_upstream(before, route_.backend) : std::map<std::string, bool>{};
        std::map<std::string, bool> next;
        // A server the file does not list yet (no file: the first sync) is `down` until asked for.
        for (const model::Server& s : route_.servers) {
            auto it = now.find(s.name);
            next[s.name] = it == now.end() ? true : it->second;
        }
        for (const ServerChange& c : changes) next[c.server.name] = !c.ready;
        const std::string text = render_upstream(route_, next);
        if (existed && text == before) return;

        try {
            write_safely(route_.upstream_file, text);
        } catch (const RouterError& e) {
            throw RouterError(context() + ": " + e.what());
        }
        auto restore = [&] {
            try {
                if (existed) write_safely(route_.upstream_file, before);
                else ::unlink(route_.upstream_file.c_str());
            } catch (const std::exception&) {
            }
        };
        try {
            nginx({"-t", "-q"}, "nginx rejects the new upstream; the file was put back");
            // The first file, with no nginx running yet: nginx reads it when it starts.
            if (!existed && !running()) return;
            const int master = master_pid();
            const std::map<int, bool> old = workers_of(master);
            nginx({"-s", "reload"}, "the reload failed; the file was put back");
            wait_reloaded(master, old);
        } catch (...) {
            restore();
            throw;
        }
    }

private:
    std::string context() const { return "route " + route_.service + " (nginx upstream " + route_.backend + " in " + route_.upstream_file + ")"; }

    std::map<std::string, bool> current() {
        std::string text;
        if (!read_whole(route_.upstream_file, text)) {
            if (errno == ENOENT) return {};
            throw RouterError(context() + ": cannot read " + route_.upstream_file + ": " + errno_text());
        }
        try {
            return parse_upstream(text, route_.backend);
        } catch (const RouterError& e) {
            throw RouterError(context() + ": " + e.what());
        }
    }

    Result nginx(std::vector<std::string> args, const std::string& what) {
        Command cmd;
        cmd.argv = {"nginx"};
        if (!route_.nginx_config.empty()) cmd.argv.insert(cmd.argv.end(), {"-c", route_.nginx_config});
        cmd.argv.insert(cmd.argv.end(), args.begin(), args.end());
        cmd.timeout = tool_timeout;
        Result r = run(cmd);
        if (r.not_found) throw RouterError(context() + ": nginx is not installed (Debian package nginx)");
        if (!r.ok()) throw RouterError(context() + ": " + what + ": " + r.describe());
        return r;
    }

    std::string directory() const {
        const auto slash = route_.upstream_file.rfind('/');
        return slash == std::string::npos ? "." : route_.upstream_file.substr(0, slash == 0 ? 1 : slash);
    }

    bool running() {
        try {
            master_pid();
            return true;
        } catch (const RouterError&) {
            return false;
        }
    }

    // The master's pid from the pid file its configuration names (nginx's built-in default when
    // it names none), and alive.
    int master_pid() {
        const std::string path = pid_file();
        std::string text;
        if (!read_whole(path, text))
            throw RouterError(context() + ": nginx is not running (cannot read its pid file " + path + ": " + errno_text() + ")");
        int pid = 0;
        try {
            pid = std::stoi(text);
        } catch (const std::exception&) {
        }
        if (pid <= 0 || ::kill(pid, 0) != 0)
            throw RouterError(context() + ": nginx is not running (pid file " + path + " names no live process)");
        return pid;
    }

    std::string pid_file() {
        if (!pid_file_.empty()) return pid_file_;
        static const std::regex pid_re(R"((?:^|\n)\s*pid\s+([^;\s]+)\s*;)");
        std::smatch m;
        const std::string dump = nginx({"-T", "-q"}, "nginx rejects its configuration").out;
        if (std::regex_search(dump, m, pid_re)) return pid_file_ = m[1];
        const std::string built = nginx({"-V"}, "cannot ask nginx for its build settings").err;
        static const std::regex built_re(R"(--pid-path=(\S+))");
        if (std::regex_search(built, m, built_re)) return pid_file_ = m[1];
        return pid_file_ = "/run/nginx.pid";
    }

    // A reload is in effect once the master runs a worker that was not there before and every
    // worker of before is shutting down (no longer accepts connections) or gone: the master
    // starts the new workers first and tells the old ones to quit after.
    void wait_reloaded(int master, const std::map<int, bool>& old) {
        const auto deadline = Clock::now() + reload_timeout;
        for (;;) {
            bool fresh = false, old_accepting = false;
            for (const auto& [pid, shutting_down] : workers_of(master)) {
                fresh = fresh || (!shutting_down && !old.count(pid));
                old_accepting = old_accepting || (!shutting_down && old.count(pid));
            }
            if (fresh && !old_accepting) return;
            if (Clock::now() >= deadline)
                throw RouterError(context() + ": nginx (pid " + std::to_string(master) + ") started no new workers within " +
                                  std::to_string(reload_timeout.count()) +
                                  " s of the reload; the file was put back (see nginx's error log)");
            std::this_thread::sleep_for(20ms);
        }
    }

    model::Route route_;
    std::string pid_file_;
};

}  // namespace

std::string render_upstream(const model::Route& route, const std::map<std::string, bool>& drained) {
    std::string out = header_prefix + route.service + "; `aa route sync` rewrites it, do not edit.\n";
    out += "upstream " + route.backend + " {\n";
    for (const model::Server& s : route.servers) {
        auto it = drained.find(s.name);
        const bool down = it == drained.end() || it->second;
        out += "    server " + s.name + (down ? " down" : "") + ";  # " + s.node + "\n";
    }
    return out + "}\n";
}

std::map<std::string, bool> parse_upstream(const std::string& text, const std::string& upstream) {
    if (text.rfind(header_prefix, 0) != 0)
        throw RouterError("the file was not written by aa (its first line is not \"" + header_prefix +
                          "...\"); move it away or let aa own it");
    static const std::regex open_re(R"(^\s*upstream\s+(\S+)\s*\{\s*$)");
    static const std::regex server_re(R"(^\s*server\s+(\S+?)(\s+down)?\s*;(\s*#.*)?$)");
    std::map<std::string, bool> out;
    std::istringstream in(text);
    bool inside = false, seen = false;
    for (std::string line; std::getline(in, line);) {
        std::smatch m;
        if (line.empty() || line[0] == '#') continue;
        if (!inside && std::regex_match(line, m, open_re)) {
            if (m[1] != upstream)
                throw RouterError("the file holds upstream " + m[1].str() + ", not " + upstream);
            inside = seen = true;
        } else if (inside && std::regex_match(line, m, server_re)) {
            out[m[1]] = m[2].matched;
        } else if (inside && line.find('}') != std::string::npos) {
            inside = false;
        } else {
            throw RouterError("unexpected line in the upstream file: " + line);
        }
    }
    if (!seen) throw RouterError("the file has no `upstream " + upstream + "` block");
    return out;
}

std::unique_ptr<Router> nginx_router(const model::Route& route) {
    if (route.backend.empty() || route.upstream_file.empty())
        throw RouterError("route " + route.service + ": `via nginx` needs an upstream and a file");
    return std::make_unique<NginxRouter>(route);
}

}  // namespace aa::runtime

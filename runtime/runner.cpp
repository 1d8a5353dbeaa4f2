#include "runtime/runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

#include "runtime/interrupt.hpp"

extern char** environ;

namespace aa::runtime {
namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
    int fd[2] = {-1, -1};
    Pipe() {
        if (pipe2(fd, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
    ~Pipe() {
        for (int f : fd)
            if (f >= 0) close(f);
    }
    void close_end(int i) {
        if (fd[i] >= 0) close(fd[i]);
        fd[i] = -1;
    }
};

std::vector<std::string> merged_env(const std::vector<std::string>& extra) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        std::string_view kv(*e);
        bool overridden = false;
        for (const std::string& x : extra) {
            auto eq = x.find('=');
            if (eq != std::string::npos && kv.substr(0, eq + 1) == std::string_view(x).substr(0, eq + 1))
                overridden = true;
        }
        if (!overridden) env.emplace_back(kv);
    }
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
    std::vector<char*> out;
    for (std::string& s : v) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

enum class Pumped { Done, TimedOut, Interrupted };

// Feeds stdin and drains stdout/stderr until both close, the deadline passes or a signal asks aa to stop.
Pumped pump(Pipe& in, Pipe& out, Pipe& err, const std::string& input, Result& r, Clock::time_point deadline) {
    std::size_t written = 0;
    if (input.empty()) in.close_end(1);
    char buf[65536];
    while (out.fd[0] >= 0 || err.fd[0] >= 0) {
        if (interrupt_stops_commands()) return Pumped::Interrupted;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return Pumped::TimedOut;
        pollfd fds[3];
        int n = 0;
        if (out.fd[0] >= 0) fds[n++] = {out.fd[0], POLLIN, 0};
        if (err.fd[0] >= 0) fds[n++] = {err.fd[0], POLLIN, 0};
        if (in.fd[1] >= 0) fds[n++] = {in.fd[1], POLLOUT, 0};
        int rc = poll(fds, n, static_cast<int>(std::min<long long>(left, 1000)));
        if (rc < 0 && errno != EINTR) return Pumped::TimedOut;
        if (rc < 0) continue;
        for (int i = 0; i < n; ++i) {
            if (!fds[i].revents) continue;
            if (fds[i].fd == in.fd[1]) {
                ssize_t w = write(in.fd[1], input.data() + written, input.size() - written);
                if (w > 0) written += static_cast<std::size_t>(w);
                if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == input.size()) in.close_end(1);
                continue;
            }
            ssize_t got = read(fds[i].fd, buf, sizeof buf);
            bool is_out = fds[i].fd == out.fd[0];
            if (got > 0)
                (is_out ? r.out : r.err).append(buf, static_cast<std::size_t>(got));
            else if (got == 0 || errno != EINTR)
                (is_out ? out : err).close_end(0);
        }
    }
    return Pumped::Done;
}

// The child's side between fork and exec: only async-signal-safe calls. Its own process group
// (a timeout or an abort kills everything it started), and death with aa: a cibadmin must not
// commit after the apply that started it was killed. Reports errno through `report` on failure.
[[noreturn]] void exec_child(const Command& cmd, char** argv, char** envp, int in_fd, int out_fd, int err_fd,
                             int report, pid_t parent) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // aa died before the line above
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) ::signal(sig, SIG_DFL);
    if (::dup2(in_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) goto fail;
    if (!cmd.cwd.empty() && ::chdir(cmd.cwd.c_str()) != 0) goto fail;
    ::execvpe(argv[0], argv, envp);
fail:
    int e = errno;
    ssize_t ignored = ::write(report, &e, sizeof e);
    (void)ignored;
    ::_exit(127);
}

}  // namespace

namespace {
RunObserver g_observer;
}

RunObserver set_run_observer(RunObserver observer) {
    std::swap(g_observer, observer);
    return observer;
}

static Result spawn_and_wait(const Command& cmd) {
    Result r;
    r.argv = cmd.argv;
    r.node = cmd.node;
    auto start = Clock::now();
    if (cmd.argv.empty()) {
        r.err = "empty command";
        return r;
    }
    signal(SIGPIPE, SIG_IGN);
    throw_if_interrupted();
    Pipe in, out, err, report;
    std::vector<std::string> argv = cmd.argv;
    std::vector<std::string> env = merged_env(cmd.env);
    auto cargv = c_strings(argv);
    auto cenv = c_strings(env);
    pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) exec_child(cmd, cargv.data(), cenv.data(), in.fd[0], out.fd[1], err.fd[1], report.fd[1], parent);
    ::setpgid(pid, pid);  // also here: no window in which a kill of the group misses it
    set_running_child(pid);
    report.close_end(1);
    int rc = 0;
    ssize_t got = -1;
    while ((got = ::read(report.fd[0], &rc, sizeof rc)) < 0 && errno == EINTR) {
    }
    if (got == static_cast<ssize_t>(sizeof rc)) {
        while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
        set_running_child(0);
        r.not_found = rc == ENOENT;
        r.err = fmt::format("cannot run {}: {}", cmd.argv[0], std::strerror(rc));
        if (auto pkg = package_for(cmd.argv[0]); pkg && r.not_found)
            r.err += fmt::format(" (install the Debian package {})", *pkg);
        r.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
        return r;
    }
    in.close_end(0);
    // Writes to stdin must not block while the child waits for us to read its output.
    fcntl(in.fd[1], F_SETFL, fcntl(in.fd[1], F_GETFL) | O_NONBLOCK);
    out.close_end(1);
    err.close_end(1);
    Pumped how = pump(in, out, err, cmd.stdin_text, r, start + cmd.timeout);
    if (how != Pumped::Done) {
        kill(-pid, SIGTERM);
        usleep(200 * 1000);
        kill(-pid, SIGKILL);
        r.timed_out = how == Pumped::TimedOut;
        r.interrupted = how == Pumped::Interrupted;
        if (r.interrupted) r.err += fmt::format("{}killed: aa was {}", r.err.empty() ? "" : "\n", Interrupted{interrupt_signal()}.what());
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    set_running_child(0);
    if (how == Pumped::Done) r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    return r;
}

Result run(const Command& cmd) {
    Result r = spawn_and_wait(cmd);
    if (g_observer) g_observer(cmd, r);
    if (r.interrupted) throw Interrupted{interrupt_signal()};
    return r;
}

std::string shell_quote(const std::string& word) {
    if (!word.empty() && word.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                                                "@%_-+=:,./") == std::string::npos)
        return word;
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string shell_join(const std::vector<std::string>& argv) {
    std::string out;
    for (const std::string& a : argv) out += (out.empty() ? "" : " ") + shell_quote(a);
    return out;
}

std::string Result::describe() const {
    std::string where = node.empty() ? "" : fmt::format(" on {}", node);
    std::string status = timed_out ? fmt::format("timed out after {} ms", duration.count())
                                   : fmt::format("exit {}", exit_code);
    std::string detail = err;
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    return fmt::format("`{}`{} ({}){}{}", shell_join(argv), where, status, detail.empty() ? "" : ": ", detail);
}

CommandError::CommandError(Result r, std::string context)
    : std::runtime_error(context.empty() ? r.describe() : context + ": " + r.describe()), result_(std::move(r)) {}

std::optional<std::string> package_for(const std::string& program) {
    static const char* cli_utils[] = {"cibadmin", "crm_diff", "crm_simulate", "crm_verify", "crm_mon",
                                      "crm_shadow", "crm_resource", "crm_attribute", "crm_node"};
    for (const char* p : cli_utils)
        if (program == p) return std::string("pacemaker-cli-utils");
    if (program == "pcs") return std::string("pcs");
    if (program == "haproxy") return std::string("haproxy");
    if (program == "ssh") return std::string("openssh-client");
    return std::nullopt;
}

}  // namespace aa::runtime

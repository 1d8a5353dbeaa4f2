#include "runtime/runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

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

// Feeds stdin and drains stdout/stderr until both close or the deadline passes.
bool pump(Pipe& in, Pipe& out, Pipe& err, const std::string& input, Result& r, Clock::time_point deadline) {
    std::size_t written = 0;
    if (input.empty()) in.close_end(1);
    char buf[65536];
    while (out.fd[0] >= 0 || err.fd[0] >= 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd fds[3];
        int n = 0;
        if (out.fd[0] >= 0) fds[n++] = {out.fd[0], POLLIN, 0};
        if (err.fd[0] >= 0) fds[n++] = {err.fd[0], POLLIN, 0};
        if (in.fd[1] >= 0) fds[n++] = {in.fd[1], POLLOUT, 0};
        int rc = poll(fds, n, static_cast<int>(std::min<long long>(left, 1000)));
        if (rc < 0 && errno != EINTR) return false;
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
    return true;
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
    Pipe in, out, err;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in.fd[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out.fd[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err.fd[1], 2);
    if (!cmd.cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cmd.cwd.c_str());
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // Own process group, so a timeout kills the command and everything it started.
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    std::vector<std::string> argv = cmd.argv;
    std::vector<std::string> env = merged_env(cmd.env);
    auto cargv = c_strings(argv);
    auto cenv = c_strings(env);
    pid_t pid = -1;
    int rc = posix_spawnp(&pid, cargv[0], &fa, &attr, cargv.data(), cenv.data());
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
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
    bool finished = pump(in, out, err, cmd.stdin_text, r, start + cmd.timeout);
    if (!finished) {
        kill(-pid, SIGTERM);
        usleep(200 * 1000);
        kill(-pid, SIGKILL);
        r.timed_out = true;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!r.timed_out) r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    return r;
}

Result run(const Command& cmd) {
    Result r = spawn_and_wait(cmd);
    if (g_observer) g_observer(cmd, r);
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

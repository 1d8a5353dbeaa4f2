// `via haproxy`: HAProxy's runtime API (the `stats socket ... level admin` of its config), over a
// unix socket or TCP. One command per connection, as HAProxy's non-interactive mode expects:
// send a line, read the reply until HAProxy closes.
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <thread>

#include "runtime/router.hpp"

namespace aa::runtime {
namespace {

using Clock = std::chrono::steady_clock;

std::string endpoint_of(const model::Route& r) {
    return r.socket.empty() ? "address " + r.address : "socket " + r.socket;
}

std::string errno_text() { return std::strerror(errno); }

// Owns a file descriptor for the length of one command.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

int remaining_ms(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
}

// Waits for `events` on fd until the deadline; false on timeout.
bool wait_for(int fd, short events, Clock::time_point deadline) {
    pollfd p{fd, events, 0};
    for (;;) {
        int n = ::poll(&p, 1, remaining_ms(deadline));
        if (n > 0) return true;
        if (n == 0) return false;
        if (errno != EINTR) return false;
    }
}

// Non-blocking connect, so an unanswering address fails at the deadline instead of hanging.
void connect_by(int fd, const sockaddr* addr, socklen_t len, Clock::time_point deadline, const std::string& where) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    if (::connect(fd, addr, len) == 0) return;
    if (errno != EINPROGRESS && errno != EAGAIN)
        throw RouterError("cannot connect to the HAProxy runtime API at " + where + ": " + errno_text());
    if (!wait_for(fd, POLLOUT, deadline))
        throw RouterError("cannot connect to the HAProxy runtime API at " + where + ": timed out");
    int err = 0;
    socklen_t err_len = sizeof err;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &err_len);
    if (err != 0)
        throw RouterError("cannot connect to the HAProxy runtime API at " + where + ": " + std::strerror(err));
}

int connect_unix(const std::string& path, Clock::time_point deadline) {
    const std::string where = "socket " + path;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path)
        throw RouterError("HAProxy socket path is too long for a unix socket (" + std::to_string(path.size()) +
                          " bytes): " + path);
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw RouterError("cannot create a unix socket: " + errno_text());
    try {
        connect_by(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr, deadline, where);
    } catch (...) {
        ::close(fd);
        throw;
    }
    return fd;
}

// "host:port" or "[v6]:port".
std::pair<std::string, std::string> split_host_port(const std::string& address) {
    auto colon = address.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == address.size())
        throw RouterError("HAProxy address '" + address + "' is not host:port");
    std::string host = address.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return {host, address.substr(colon + 1)};
}

int connect_tcp(const std::string& address, Clock::time_point deadline) {
    const std::string where = "address " + address;
    auto [host, port] = split_host_port(address);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0)
        throw RouterError("cannot resolve HAProxy " + where + ": " + ::gai_strerror(rc));
    std::string last_error = "no address";
    for (addrinfo* a = found; a; a = a->ai_next) {
        int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        try {
            connect_by(fd, a->ai_addr, a->ai_addrlen, deadline, where);
            ::freeaddrinfo(found);
            return fd;
        } catch (const RouterError& e) {
            last_error = e.what();
            ::close(fd);
        }
    }
    ::freeaddrinfo(found);
    throw RouterError(last_error);
}

void send_all(int fd, const std::string& text, Clock::time_point deadline, const std::string& where) {
    std::size_t sent = 0;
    while (sent < text.size()) {
        if (!wait_for(fd, POLLOUT, deadline)) throw RouterError("HAProxy at " + where + ": timed out sending");
        ssize_t n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno != EINTR && errno != EAGAIN)
            throw RouterError("HAProxy at " + where + ": send failed: " + errno_text());
        if (n > 0) sent += static_cast<std::size_t>(n);
    }
}

std::string read_to_close(int fd, Clock::time_point deadline, const std::string& where, const std::string& command) {
    std::string reply;
    char buf[16384];
    for (;;) {
        if (!wait_for(fd, POLLIN, deadline))
            throw RouterError("HAProxy at " + where + ": no complete reply to '" + command + "' in time");
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n == 0) return reply;
        if (n > 0) reply.append(buf, static_cast<std::size_t>(n));
        else if (errno != EINTR && errno != EAGAIN)
            throw RouterError("HAProxy at " + where + ": receive failed: " + errno_text());
    }
}

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> out;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, sep)) out.push_back(field);
    return out;
}

// HAProxy's SRV_ADMF_* bits: forced/inherited/config/resolver/health-check maintenance, and
// forced/inherited drain.
std::string admin_state_of(unsigned bits) {
    constexpr unsigned maint = 0x01 | 0x02 | 0x04 | 0x20 | 0x40;
    constexpr unsigned drain = 0x08 | 0x10;
    if (bits & maint) return "maint";
    if (bits & drain) return "drain";
    return "ready";
}

std::string op_state_of(const std::string& code) {
    if (code == "0") return "stopped";
    if (code == "1") return "starting";
    if (code == "2") return "running";
    if (code == "3") return "stopping";
    return "unknown(" + code + ")";
}

// HAProxy answers a successful `set server` with an empty line; anything else is its complaint.
bool is_blank(const std::string& s) { return s.find_first_not_of(" \r\n\t") == std::string::npos; }

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

class HaproxyRouter : public Router {
public:
    explicit HaproxyRouter(model::Route route) : route_(std::move(route)) {}

    void check() override {
        std::vector<ServerState> seen = servers_state();
        std::string missing;
        for (const model::Server& s : route_.servers) {
            bool found = false;
            for (const ServerState& st : seen) found = found || st.server == s.name;
            if (!found) missing += (missing.empty() ? "" : ", ") + s.name;
        }
        if (missing.empty()) return;
        std::string present;
        for (const ServerState& st : seen) present += (present.empty() ? "" : ", ") + st.server;
        throw RouterError(context() + ": backend " + route_.backend + " has no server " + missing +
                          " (HAProxy has: " + (present.empty() ? "none" : present) + ")");
    }

    void set_ready(const model::Server& s) override { set_state(s, "ready"); }
    void set_drain(const model::Server& s) override { set_state(s, "drain"); }

    bool wait_drained(const model::Server& s, std::chrono::milliseconds max) override {
        const auto deadline = Clock::now() + max;
        for (;;) {
            if (sessions_of(s) == 0) return true;
            if (Clock::now() >= deadline) return false;
            std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(200),
                                                                   deadline - Clock::now()));
        }
    }

    std::vector<ServerState> states() override {
        std::vector<ServerState> st = servers_state();
        merge_stat_sessions(send("show stat " + route_.backend + " 4 -1"), st);
        return st;
    }

private:
    std::string context() const { return "route " + route_.service + " (HAProxy " + endpoint_of(route_) + ")"; }

    std::string send(const std::string& command) {
        try {
            return haproxy_send(route_, command);
        } catch (const RouterError& e) {
            throw RouterError("route " + route_.service + ": " + e.what());
        }
    }

    std::vector<ServerState> servers_state() {
        std::string reply = send("show servers state " + route_.backend);
        std::vector<ServerState> st = parse_servers_state(reply);
        // An unknown backend gets a one-line complaint instead of the versioned table.
        if (st.empty() && reply.rfind("1\n", 0) != 0)
            throw RouterError(context() + ": no backend " + route_.backend + " (HAProxy says: " + trimmed(reply) + ")");
        return st;
    }

    void set_state(const model::Server& s, const std::string& state) {
        const std::string command = "set server " + route_.backend + "/" + s.name + " state " + state;
        std::string reply = send(command);
        if (!is_blank(reply))
            throw RouterError(context() + ": '" + command + "' refused: " + trimmed(reply));
    }

    int sessions_of(const model::Server& s) {
        for (const ServerState& st : states())
            if (st.server == s.name) return st.sessions;
        throw RouterError(context() + ": backend " + route_.backend + " has no server " + s.name);
    }

    model::Route route_;
};

}  // namespace

std::string haproxy_send(const model::Route& route, const std::string& command, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    const std::string where = endpoint_of(route);
    if (route.socket.empty() && route.address.empty())
        throw RouterError("HAProxy route " + route.service + " names neither a socket nor an address");
    Fd fd(route.socket.empty() ? connect_tcp(route.address, deadline) : connect_unix(route.socket, deadline));
    send_all(fd.get(), command + "\n", deadline, where);
    return read_to_close(fd.get(), deadline, where, command);
}

// Format 1: a version line "1", a "# be_id be_name srv_id srv_name srv_addr srv_op_state
// srv_admin_state ..." header, then one space-separated line per server.
std::vector<ServerState> parse_servers_state(const std::string& reply) {
    std::vector<ServerState> out;
    std::istringstream in(reply);
    std::string line;
    bool versioned = false;
    while (std::getline(in, line)) {
        if (!versioned) {
            versioned = line == "1";
            if (!versioned) return out;
            continue;
        }
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f = split(line, ' ');
        if (f.size() < 7) continue;
        ServerState st;
        st.backend = f[1];
        st.server = f[3];
        st.op_state = op_state_of(f[5]);
        try {
            st.admin_state = admin_state_of(static_cast<unsigned>(std::stoul(f[6])));
        } catch (const std::exception&) {
            st.admin_state = "unknown";
        }
        out.push_back(std::move(st));
    }
    return out;
}

// `show stat` CSV: pxname, svname, qcur, qmax, scur, ...
void merge_stat_sessions(const std::string& csv, std::vector<ServerState>& states) {
    std::istringstream in(csv);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f = split(line, ',');
        if (f.size() < 5) continue;
        for (ServerState& st : states) {
            if (st.backend != f[0] || st.server != f[1]) continue;
            try {
                st.sessions = std::stoi(f[4]);
            } catch (const std::exception&) {
                st.sessions = 0;
            }
        }
    }
}

std::unique_ptr<Router> haproxy_router(const model::Route& route) {
    if (route.socket.empty() && route.address.empty())
        throw RouterError("route " + route.service + ": `via haproxy` needs a socket or an address");
    if (route.backend.empty()) throw RouterError("route " + route.service + ": `via haproxy` needs a backend");
    return std::make_unique<HaproxyRouter>(route);
}

}  // namespace aa::runtime

// Tiny HTTP back ends on loopback for the router tests.
#include "support/http_backends.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <stdexcept>

namespace aa::test {
namespace {

using namespace std::chrono_literals;

void set_timeouts(int fd, std::chrono::milliseconds t) {
    timeval tv{static_cast<time_t>(t.count() / 1000), static_cast<suseconds_t>((t.count() % 1000) * 1000)};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

sockaddr_in loopback(const std::string& ip, int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
    return a;
}

}  // namespace

int free_port(const std::string& ip) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a = loopback(ip, 0);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

NamedHttpServer::NamedHttpServer(std::string name, std::string ip) : name_(std::move(name)), ip_(std::move(ip)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a = loopback(ip_, 0);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 64) != 0)
        throw std::runtime_error("cannot listen on " + ip_);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

NamedHttpServer::~NamedHttpServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    acceptor_.join();
    std::lock_guard<std::mutex> lock(mu_);
    for (std::thread& t : handlers_) t.join();
}

void NamedHttpServer::accept_loop() {
    while (!stop_) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) continue;
        std::lock_guard<std::mutex> lock(mu_);
        handlers_.emplace_back([this, c] { answer(c); });
    }
}

void NamedHttpServer::answer(int c) {
    set_timeouts(c, 3s);
    std::string request;
    char buf[2048];
    while (request.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        request.append(buf, static_cast<std::size_t>(n));
    }
    if (request.rfind("GET /slow", 0) == 0) std::this_thread::sleep_for(1500ms);
    std::string body = name_ + "\n";
    std::string reply = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    ::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
    ::close(c);
    ++served_;
}

std::string http_get(int port, const std::string& path) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    set_timeouts(fd, 5s);
    sockaddr_in a = loopback("127.0.0.1", port);
    std::string reply;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
        std::string req = "GET " + path + " HTTP/1.0\r\nHost: lab\r\n\r\n";
        ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
        char buf[4096];
        for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) reply.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    auto body = reply.find("\r\n\r\n");
    if ((reply.rfind("HTTP/1.0 200", 0) != 0 && reply.rfind("HTTP/1.1 200", 0) != 0) || body == std::string::npos)
        return "error";
    std::string name = reply.substr(body + 4);
    while (!name.empty() && name.back() == '\n') name.pop_back();
    return name;
}

std::map<std::string, int> spread(int port, int requests) {
    std::map<std::string, int> seen;
    for (int i = 0; i < requests; ++i) ++seen[http_get(port)];
    return seen;
}

}  // namespace aa::test

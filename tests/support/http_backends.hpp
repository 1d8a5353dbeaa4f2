// Tiny HTTP back ends on loopback for the router tests (HAProxy, nginx): each answers with its
// name; GET /slow is answered after 1.5 s so that a session stays open during a drain.
#pragma once
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace aa::test {

// A port nobody listens on right now (the kernel picks it).
int free_port(const std::string& ip);

class NamedHttpServer {
public:
    NamedHttpServer(std::string name, std::string ip);
    ~NamedHttpServer();
    NamedHttpServer(const NamedHttpServer&) = delete;
    NamedHttpServer& operator=(const NamedHttpServer&) = delete;
    std::string address() const { return ip_ + ":" + std::to_string(port_); }
    int served() const { return served_; }

private:
    void accept_loop();
    void answer(int c);

    std::string name_, ip_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> served_{0};
    std::thread acceptor_;
    std::mutex mu_;
    std::vector<std::thread> handlers_;
};

// The body of GET path from 127.0.0.1:port, "error" when nothing usable came back.
std::string http_get(int port, const std::string& path = "/");

// `requests` GETs; responder name -> count.
std::map<std::string, int> spread(int port, int requests);

}  // namespace aa::test

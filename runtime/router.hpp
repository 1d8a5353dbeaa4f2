// Routing: telling the load balancer which declared servers take traffic. A route (model::Route)
// is served by HAProxy's runtime API (`via haproxy`) or by operator commands (`via command`);
// both sit behind one interface so the transaction and `aa route sync` do not care which.
#pragma once
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "compiler/lang/model.hpp"

namespace aa::runtime {

class Transport;

// One server as the router sees it.
struct ServerState {
    std::string backend, server;
    std::string admin_state;  // ready | drain | maint; "unknown" when the router cannot tell
    std::string op_state;     // haproxy: running | starting | stopping | stopped; commands: unknown
    int sessions = 0;         // current sessions (haproxy scur)
};

// A router that is unreachable, refuses a command or lacks a declared backend or server. The
// message names the route, the endpoint or command, and what came back.
class RouterError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Router {
public:
    virtual ~Router() = default;
    // Precondition for a transaction: the router answers, and the backend and every declared
    // server exist. Throws RouterError with the details otherwise.
    virtual void check() = 0;
    virtual void set_ready(const model::Server& s) = 0;
    virtual void set_drain(const model::Server& s) = 0;
    // Waits until the server's current sessions reach 0; false when `max` passed first.
    virtual bool wait_drained(const model::Server& s, std::chrono::milliseconds max) = 0;
    // HAProxy: every server of the backend, in HAProxy's order. Commands: the declared servers,
    // with the admin state this router last set ("unknown" before that).
    virtual std::vector<ServerState> states() = 0;
};

// `transport` runs command routers' templates on the server's node; null runs them here with
// `sh -c`. HAProxy routers talk to the socket or address directly and ignore it. Throws
// RouterError for a route that names no endpoint or commands.
std::unique_ptr<Router> make_router(const model::Route& route, Transport* transport);

// The two kinds make_router chooses from.
std::unique_ptr<Router> haproxy_router(const model::Route& route);
std::unique_ptr<Router> command_router(const model::Route& route, Transport* transport);

// --- Pieces exposed for tests and diagnostics ----------------------------------------------

// Sends one runtime API command to the route's HAProxy (unix `socket`, else TCP `address`) and
// returns the whole reply. Throws RouterError naming the endpoint when it cannot be reached.
std::string haproxy_send(const model::Route& route, const std::string& command,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5));

// Parses `show servers state BACKEND` (admin and operational state per server).
std::vector<ServerState> parse_servers_state(const std::string& reply);

// Fills `sessions` from `show stat` CSV (scur) for the servers already in `states`.
void merge_stat_sessions(const std::string& csv, std::vector<ServerState>& states);

// Substitutes {node} {server} {backend} in a command template. Throws RouterError for any
// other {placeholder}, and for a value a shell would read as more than a plain word.
std::string expand_route_template(const std::string& tmpl, const model::Server& s, const std::string& backend);

}  // namespace aa::runtime

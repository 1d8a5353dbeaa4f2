// Routing: telling the load balancer which declared servers take traffic. A route (model::Route)
// is served by HAProxy's runtime API (`via haproxy`), RFC 2136 updates to a DNS server (`via
// dns`), an nginx upstream file (`via nginx`) or operator commands (`via command`); all sit
// behind one interface so the transaction and `aa route sync` do not care which.
#pragma once
#include <chrono>
#include <map>
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
                              // (dns: ready = published, drain = withdrawn; nginx: drain = `down`)
    std::string op_state;     // haproxy: running | starting | stopping | stopped; others: unknown
    int sessions = 0;         // current sessions (haproxy scur)
};

// A router that is unreachable, refuses a command or lacks a declared backend or server. The
// message names the route, the endpoint or command, and what came back.
class RouterError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One server to set, for set_states.
struct ServerChange {
    model::Server server;
    bool ready = false;  // false: drain
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
    // Several servers at once, as one change where the router has such a thing (one DNS update
    // message, one nginx reload); the default sets them one by one.
    virtual void set_states(const std::vector<ServerChange>& changes);
};

// `transport` runs command routers' templates on the server's node; null runs them here with
// `sh -c`. HAProxy routers talk to the socket or address directly and ignore it. Throws
// RouterError for a route that names no endpoint or commands.
std::unique_ptr<Router> make_router(const model::Route& route, Transport* transport);

// The kinds make_router chooses from. DNS and nginx routers run their tools (nsupdate, dig,
// nginx) here, where aa runs, like HAProxy's socket.
std::unique_ptr<Router> haproxy_router(const model::Route& route);
std::unique_ptr<Router> command_router(const model::Route& route, Transport* transport);
std::unique_ptr<Router> dns_router(const model::Route& route);
std::unique_ptr<Router> nginx_router(const model::Route& route);

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

// One answer of `dig +noall +comments +answer` (one per query, in the order asked).
struct DigAnswer {
    std::string status;  // NOERROR, NXDOMAIN, REFUSED, NOTAUTH, ...
    bool authoritative = false;     // the `aa` flag
    bool signature_failed = false;  // ";; Couldn't verify signature": the server rejected the TSIG key
    std::vector<std::vector<std::string>> records;  // name ttl class type data...
};
std::vector<DigAnswer> parse_dig(const std::string& out);

// The include file of a `via nginx` route: `upstream NAME { server ADDR:PORT [down]; ... }`.
// render writes it (servers in route order, `down` for drained ones); parse reads one back and
// gives ADDR:PORT -> drained, or throws RouterError for a file aa did not write.
std::string render_upstream(const model::Route& route, const std::map<std::string, bool>& drained);
std::map<std::string, bool> parse_upstream(const std::string& text, const std::string& upstream);

}  // namespace aa::runtime

// Chooses the router a route asks for with `via`.
#include "runtime/router.hpp"

namespace aa::runtime {

std::unique_ptr<Router> make_router(const model::Route& route, Transport* transport) {
    switch (route.via) {
        case model::Route::Via::Haproxy: return haproxy_router(route);
        case model::Route::Via::Command: return command_router(route, transport);
        case model::Route::Via::Dns: return dns_router(route);
        case model::Route::Via::Nginx: return nginx_router(route);
    }
    throw RouterError("route '" + route.service + "': unknown router kind");
}

void Router::set_states(const std::vector<ServerChange>& changes) {
    for (const ServerChange& c : changes) {
        if (c.ready) set_ready(c.server);
        else set_drain(c.server);
    }
}

}  // namespace aa::runtime

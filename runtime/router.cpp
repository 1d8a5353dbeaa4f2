// Chooses the router a route asks for with `via`.
#include "runtime/router.hpp"

namespace aa::runtime {

std::unique_ptr<Router> make_router(const model::Route& route, Transport* transport) {
    switch (route.via) {
        case model::Route::Via::Haproxy: return haproxy_router(route);
        case model::Route::Via::Command: return command_router(route, transport);
    }
    throw RouterError("route '" + route.service + "': unknown router kind");
}

}  // namespace aa::runtime

// The one place the transaction meets the real routers, apart from transaction.cpp, so the
// transaction and its tests link without the router code.
#include "runtime/transaction.hpp"

namespace aa::runtime {

RouterFactory default_routers(Transport* transport) {
    return [transport](const model::Route& route) { return make_router(route, transport); };
}

}  // namespace aa::runtime

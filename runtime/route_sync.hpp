// Route sync: make the load balancer agree with where the routed clones run. A declared server is
// `ready` when a healthy instance of its service runs on its node and `drain` otherwise (spec 3.5).
// Used by `aa route sync`, the alert agent, and `aa drain`/`aa undrain` after the cluster settles.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "compiler/lang/model.hpp"
#include "runtime/cluster.hpp"
#include "runtime/router.hpp"

namespace aa::runtime {

// The same shape as the transaction's factory: tests pass fakes, the CLI make_router().
using RouterFactory = std::function<std::unique_ptr<Router>(const model::Route&)>;

// One server whose admin state the sync changed.
struct RouteChange {
    std::string service, backend, server, node;
    std::string from, to;  // admin states: ready | drain | maint | unknown
};

struct RouteSyncResult {
    std::vector<RouteChange> changes;
    // Per route that could not be synced: "route app_service: <router error>". Other routes are
    // still synced.
    std::vector<std::string> errors;
    bool ok() const { return errors.empty(); }
};

// Route's service -> nodes where a healthy instance is active now: active in crm_mon's XML
// (current_placement), not failed, not starting or stopping, on an online node. A route whose service is not in the
// status maps to an empty set. Throws std::runtime_error for XML that does not parse.
std::map<std::string, std::set<std::string>> serving_nodes(const model::Model& model, const std::string& crm_mon_xml);

// Sets every declared server of every route ready or drained to match `serving`. A server in
// `maint` is left alone when it should not serve (the operator's maintenance outranks drain).
RouteSyncResult sync_routes(const std::vector<model::Route>& routes,
                            const std::map<std::string, std::set<std::string>>& serving, const RouterFactory& routers);

// Reads the status from the cluster (Cluster::status_xml) and syncs every route of the model.
RouteSyncResult sync_routes(const model::Model& model, Cluster& cluster, const RouterFactory& routers);

// Drains every declared server on `node` in `routes`, without reading the cluster's status: the
// alert agent's answer to the first sign that the node's instances cannot serve (the node was
// lost or fenced, a monitor failed). Servers already drained or in maint are left alone.
RouteSyncResult drain_servers_on(const std::vector<model::Route>& routes, const std::string& node, const RouterFactory& routers);

// "app_service: be_app/app1 (node-01) drain -> ready"
std::string describe(const RouteChange& c);

}  // namespace aa::runtime

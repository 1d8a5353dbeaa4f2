// Node maintenance: `aa drain NODE` takes a node out of routing, waits for its sessions, puts it in
// standby and waits until its instances have stopped; `aa undrain NODE` brings it back online,
// waits for the cluster to settle and routes to it again where an instance runs. Both finish with
// a route sync, so servers on nodes where the clone moved to become ready.
#pragma once
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "compiler/lang/model.hpp"
#include "runtime/cluster.hpp"
#include "runtime/route_sync.hpp"
#include "runtime/runner.hpp"

namespace aa::runtime {

// A refusal or failure, with a message that says what to do (e.g. "use --force").
class MaintenanceError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct MaintenanceContext {
    const model::Model* model = nullptr;  // the spec: which routes and servers exist
    Cluster* cluster = nullptr;            // status_xml()
    // Runs a Pacemaker tool (crm_attribute, crm_resource) where the cluster is reached: here,
    // or on the --on node through the transport.
    std::function<Result(const std::vector<std::string>& argv, std::chrono::milliseconds timeout)> run_tool;
    RouterFactory routers;
    std::function<void(const std::string&)> progress;  // one line per step; may be empty
};

struct MaintenanceOptions {
    bool force = false;                                 // drain even when a route is left without a ready server
    std::chrono::milliseconds settle_timeout{std::chrono::minutes(2)};  // standby / online until settled
};

// What a drain or undrain did, for the report and the tests.
struct MaintenanceReport {
    std::vector<RouteChange> drained;      // the node's servers, set to drain before the standby
    bool sessions_timed_out = false;       // some server still had sessions after the route's drain time (--force)
    RouteSyncResult final_sync;            // after the cluster settled
    std::vector<std::string> running_on_node;  // top-level resources active on the node at the end
};

// Throws MaintenanceError (refusals, timeouts, a failed tool) or RouterError; a refusal changes
// nothing.
MaintenanceReport drain_node(const MaintenanceContext& ctx, const std::string& node, const MaintenanceOptions& opts);
MaintenanceReport undrain_node(const MaintenanceContext& ctx, const std::string& node, const MaintenanceOptions& opts);

// The refusal check alone: routes whose every ready, serving server is on `node` (empty: safe).
// "route app_service: no other server is ready (app2 on node-02 is drain, app3 on node-03 has no
// instance)" per route.
std::vector<std::string> routes_left_without_server(const model::Model& model, const std::string& node,
                                                    const std::map<std::string, std::set<std::string>>& serving,
                                                    const RouterFactory& routers);

}  // namespace aa::runtime

// aa route sync PATH... [--cib live|FILE] [--on NODE] [--ssh | --host-exec T]
// Sets every declared server ready (an instance runs on its node) or drained (none does).
// Exit 0: in sync (changed or not); 1: errors.
#include <cstdio>

#include "cli/cluster_options.hpp"
#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "runtime/route_sync.hpp"

namespace aa::cli {
namespace {

struct RouteSyncOpts {
    std::vector<std::string> paths;
    ClusterOptions where;
    ColorOption color;
};


int run_route_sync(const RouteSyncOpts& o) {
    CheckedSpec spec = load_and_check(o.paths, o.color);
    if (!spec.model) return 1;
    if (spec.model->routes.empty()) {
        std::puts("The spec declares no routes: nothing to sync.");
        return 0;
    }
    auto transport = o.where.transport();
    auto cluster = o.where.cluster(transport.get());
    runtime::Transport* t = transport.get();
    runtime::RouteSyncResult r = runtime::sync_routes(
        *spec.model, *cluster, [t](const model::Route& route) { return runtime::make_router(route, t); });
    for (const runtime::RouteChange& c : r.changes) std::printf("%s\n", runtime::describe(c).c_str());
    if (r.changes.empty() && r.ok()) std::puts("Routing is in sync: no changes.");
    for (const std::string& e : r.errors) fail(e);
    return r.ok() ? 0 : 1;
}

}  // namespace

void register_route(CLI::App& app) {
    auto* route = app.add_subcommand("route", "Routing: make the load balancer follow where clones run");
    route->require_subcommand(1);
    auto* cmd = route->add_subcommand("sync", "Set every declared server ready or drained to match where the clone runs");
    auto o = std::make_shared<RouteSyncOpts>();
    cmd->add_option("PATH", o->paths, "spec files or directories (the routes)")->required();
    o->where.add_to(cmd, true);
    add_color_option(cmd, o->color);
    cmd->callback([o] {
        set_exit_code(run_route_sync(*o));
    });
}

}  // namespace aa::cli

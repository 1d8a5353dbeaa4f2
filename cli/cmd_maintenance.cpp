// aa drain NODE PATH... / aa undrain NODE PATH...   [--on NODE] [--ssh | --host-exec T] [--force]
// Maintenance on the running cluster. The spec (PATH...) says which routes and servers exist,
// so the node's servers can be drained before Pacemaker stops anything there.
// Exit 0: done; 1: refused or failed (the message says what state the node was left in).
#include <cstdio>

#include "cli/cluster_options.hpp"
#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "runtime/maintenance.hpp"

namespace aa::cli {
namespace {

struct MaintenanceOpts {
    std::string node;
    std::vector<std::string> paths;
    ClusterOptions where;
    bool force = false;
    int timeout_s = 120;
    ColorOption color;
};


int run_maintenance(const MaintenanceOpts& o, bool drain) {
    if (!o.where.live()) return fail("aa " + std::string(drain ? "drain" : "undrain") + " works on the running cluster: use --cib live");
    CheckedSpec spec = load_and_check(o.paths, o.color);
    if (!spec.model) return 1;
    auto transport = o.where.transport();
    auto cluster = o.where.cluster(transport.get());
    runtime::MaintenanceContext ctx = o.where.maintenance_context(*spec.model, *cluster, transport.get());
    ctx.progress = [](const std::string& line) {
        std::printf("%s\n", line.c_str());
        std::fflush(stdout);
    };
    runtime::MaintenanceOptions opts;
    opts.force = o.force;
    opts.settle_timeout = std::chrono::seconds(o.timeout_s);

    runtime::MaintenanceReport report =
        drain ? runtime::drain_node(ctx, o.node, opts) : runtime::undrain_node(ctx, o.node, opts);
    for (const std::string& e : report.final_sync.errors) fail(e);
    return report.final_sync.ok() ? 0 : 1;
}

void add_maintenance(CLI::App& app, bool drain) {
    auto* cmd = app.add_subcommand(
        drain ? "drain" : "undrain",
        drain ? "Maintenance: drain NODE's servers in every route, wait for sessions, standby, wait for its instances to stop"
              : "End maintenance: NODE online, wait for the cluster to settle, route to it where an instance runs");
    auto o = std::make_shared<MaintenanceOpts>();
    o->where.cib = "live";
    cmd->add_option("NODE", o->node, "the cluster node")->required();
    cmd->add_option("PATH", o->paths, "spec files or directories (the routes to drain NODE from)")->required();
    o->where.add_to(cmd);
    if (drain) cmd->add_flag("--force", o->force, "Drain even when a route is left with no ready server, or sessions remain");
    cmd->add_option("--timeout", o->timeout_s, "Seconds to wait for the cluster to settle (default 120)")
        ->check(CLI::Range(1, 3600));
    add_color_option(cmd, o->color);
    cmd->callback([o, drain] {
        set_exit_code(run_maintenance(*o, drain));
    });
}

}  // namespace

void register_drain(CLI::App& app) {
    add_maintenance(app, true);
    add_maintenance(app, false);
}

}  // namespace aa::cli

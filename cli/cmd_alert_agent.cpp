// aa alert-agent [PATH...] [--cib live] [--on NODE] [--host-exec T]
// A Pacemaker alert agent: Pacemaker runs it on every node after each event, with the event in
// CRM_alert_* variables. A lost or fenced node, or a failed operation of a routed service, drains
// that node's servers at once; any other event of a routed service runs the route sync, so a
// stopped, started or moved instance follows without an operator.
// Pacemaker runs an alert's path without arguments, so the spec may also come from the AA_SPEC
// variable (an `options AA_SPEC=...` of the alert; several paths separated by ':').
// Install: docs/routing.md. Exit 0: handled or ignored; 1: errors (Pacemaker logs them).
#include <cstdio>
#include <cstdlib>

#include "cli/cluster_options.hpp"
#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "runtime/route_sync.hpp"

namespace aa::cli {
namespace {

struct AlertOpts {
    std::vector<std::string> paths;
    ClusterOptions where;
    ColorOption color;
};

int alert_fail(const std::string& message) {  // prefixed: Pacemaker logs an agent's stderr
    std::fprintf(stderr, "aa alert-agent: error: %s\n", message.c_str());
    return 1;
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::vector<std::string> split_paths(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(':', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// "app_service:1" (an instance of an anonymous clone) -> "app_service".
std::string primitive_of(const std::string& rsc) { return rsc.substr(0, rsc.find(':')); }

std::vector<model::Route> routes_for(const model::Model& m, const std::string& rsc) {
    std::vector<model::Route> out;
    for (const model::Route& r : m.routes) {
        const model::Service* s = m.find_service(r.service);
        if (r.service == rsc || (s && s->resource_id() == rsc)) out.push_back(r);
    }
    return out;
}

// The first signs that a node's instances cannot serve, as Pacemaker reports them: the node left
// the membership, it was fenced, or an operation of the resource did not return what was expected
// (a failed monitor: rc 7 where 0 was wanted; a timed-out operation: status not 0). Such an event
// drains at once, without asking crm_mon, which may not show the failure yet.
bool node_lost(const std::string& kind) {
    if (kind == "fencing") return true;
    return kind == "node" && env("CRM_alert_desc") == "lost";
}

bool operation_failed() {
    const std::string rc = env("CRM_alert_rc"), target = env("CRM_alert_target_rc"), status = env("CRM_alert_status");
    return (!rc.empty() && rc != (target.empty() ? "0" : target)) || (!status.empty() && status != "0");
}

runtime::RouterFactory routers_for(runtime::Transport* t) {
    return [t](const model::Route& route) { return runtime::make_router(route, t); };
}

int report(const runtime::RouteSyncResult& r, const std::string& what) {
    for (const runtime::RouteChange& c : r.changes)
        std::printf("aa alert-agent: %s: %s\n", what.c_str(), runtime::describe(c).c_str());
    std::fflush(stdout);
    for (const std::string& e : r.errors) alert_fail(e);
    return r.ok() ? 0 : 1;
}

int run_alert(AlertOpts o) {
    const std::string kind = env("CRM_alert_kind");
    if (kind.empty()) return alert_fail("CRM_alert_kind is not set: this command is run by Pacemaker as an alert agent (docs/routing.md)");
    const std::string node = env("CRM_alert_node");
    const bool lost = node_lost(kind);
    if (kind != "resource" && !lost) return 0;  // attribute events, nodes joining: nothing to do
    const std::string rsc = primitive_of(env("CRM_alert_rsc"));
    if (o.paths.empty()) o.paths = split_paths(env("AA_SPEC"));
    if (o.paths.empty()) return alert_fail("no spec: pass PATH... or set AA_SPEC in the alert's options");
    CheckedSpec spec = load_and_check(o.paths, o.color);
    if (!spec.model) return 1;
    const std::vector<model::Route> routes = lost ? spec.model->routes : routes_for(*spec.model, rsc);
    if (routes.empty()) return 0;

    auto transport = o.where.transport();
    runtime::Transport* t = transport.get();
    if (lost) {
        if (node.empty()) return alert_fail("a " + kind + " event without CRM_alert_node");
        return report(runtime::drain_servers_on(routes, node, routers_for(t)), kind + " " + node + " " + env("CRM_alert_desc"));
    }
    const std::string event = env("CRM_alert_task") + " " + rsc + " on " + node + " (rc " + env("CRM_alert_rc") + ")";
    if (operation_failed() && !node.empty()) return report(runtime::drain_servers_on(routes, node, routers_for(t)), event);
    auto cluster = o.where.cluster(t);
    const auto serving = runtime::serving_nodes(*spec.model, cluster->status_xml());
    return report(runtime::sync_routes(routes, serving, routers_for(t)), event);
}

}  // namespace

void register_alert_agent(CLI::App& app) {
    auto* cmd = app.add_subcommand("alert-agent", "Pacemaker alert agent: route sync on resource events (docs/routing.md)");
    auto o = std::make_shared<AlertOpts>();
    o->where.cib = "live";
    cmd->add_option("PATH", o->paths, "spec files or directories (default: $AA_SPEC, ':'-separated)");
    o->where.add_to(cmd);
    add_color_option(cmd, o->color);
    cmd->callback([o] {
        try {
            set_exit_code(run_alert(*o));
        } catch (const std::exception& e) {
            set_exit_code(alert_fail(e.what()));
        }
    });
}

}  // namespace aa::cli

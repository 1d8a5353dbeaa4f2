// aa alert-agent [PATH...] [--cib live] [--on NODE] [--host-exec T]
// A Pacemaker alert agent: Pacemaker runs it on every node after each resource event, with the
// event in CRM_alert_* variables. For an event of a routed service it runs the route sync, so a
// failed, stopped or moved instance leaves routing within seconds without an operator.
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

int run_alert(AlertOpts o) {
    const std::string kind = env("CRM_alert_kind");
    if (kind.empty()) return alert_fail("CRM_alert_kind is not set: this command is run by Pacemaker as an alert agent (docs/routing.md)");
    if (kind != "resource") return 0;  // node, fencing and attribute events move no instance by themselves
    const std::string rsc = primitive_of(env("CRM_alert_rsc"));
    if (o.paths.empty()) o.paths = split_paths(env("AA_SPEC"));
    if (o.paths.empty()) return alert_fail("no spec: pass PATH... or set AA_SPEC in the alert's options");
    CheckedSpec spec = load_and_check(o.paths, o.color);
    if (!spec.model) return 1;
    const std::vector<model::Route> routes = routes_for(*spec.model, rsc);
    if (routes.empty()) return 0;

    auto transport = o.where.transport();
    auto cluster = o.where.cluster(transport.get());
    runtime::Transport* t = transport.get();
    const auto serving = runtime::serving_nodes(*spec.model, cluster->status_xml());
    runtime::RouteSyncResult r = runtime::sync_routes(
        routes, serving, [t](const model::Route& route) { return runtime::make_router(route, t); });
    for (const runtime::RouteChange& c : r.changes)
        std::printf("aa alert-agent: %s %s on %s (rc %s): %s\n", env("CRM_alert_task").c_str(), rsc.c_str(),
                    env("CRM_alert_node").c_str(), env("CRM_alert_rc").c_str(), runtime::describe(c).c_str());
    for (const std::string& e : r.errors) alert_fail(e);
    return r.ok() ? 0 : 1;
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

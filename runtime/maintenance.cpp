// aa drain / aa undrain: routing first, then Pacemaker, then routing again once the cluster settled.
#include "runtime/maintenance.hpp"

#include <algorithm>
#include <thread>

#include "runtime/placement.hpp"

namespace aa::runtime {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

void say(const MaintenanceContext& ctx, const std::string& line) {
    if (ctx.progress) ctx.progress(line);
}

std::string seconds(std::chrono::milliseconds ms) {
    const long s10 = static_cast<long>(ms.count() / 100);
    return std::to_string(s10 / 10) + (s10 % 10 ? "." + std::to_string(s10 % 10) : "") + "s";
}

void require_node(const model::Model& model, const std::string& node) {
    if (std::find(model.nodes.begin(), model.nodes.end(), node) != model.nodes.end()) return;
    std::string known;
    for (const std::string& n : model.nodes) known += (known.empty() ? "" : ", ") + n;
    throw MaintenanceError("node " + node + " is not a node of cluster " + model.cluster + " (nodes: " + known + ")");
}

Result tool(const MaintenanceContext& ctx, const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
    Result r = ctx.run_tool(argv, timeout);
    if (!r.ok()) throw MaintenanceError(r.describe());
    return r;
}

void set_standby(const MaintenanceContext& ctx, const std::string& node, bool on) {
    tool(ctx, {"crm_attribute", "--node", node, "--name", "standby", "--update", on ? "on" : "off"}, 30s);
}

// Until the scheduler has nothing left to do. crm_resource exits non-zero when the cluster did
// not settle in time; that is reported, not hidden.
void wait_settled(const MaintenanceContext& ctx, std::chrono::milliseconds timeout) {
    const long secs = std::max<long>(1, static_cast<long>(timeout.count() / 1000));
    Result r = ctx.run_tool({"crm_resource", "--wait", "--timeout=" + std::to_string(secs) + "s"}, timeout + 10s);
    if (!r.ok()) throw MaintenanceError("the cluster did not settle within " + seconds(timeout) + ": " + r.describe());
}

std::vector<std::string> resources_on(const std::string& status_xml, const std::string& node) {
    std::vector<std::string> out;
    for (const auto& [id, nodes] : current_placement(status_xml))
        if (std::find(nodes.begin(), nodes.end(), node) != nodes.end()) out.push_back(id);
    return out;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : " ") + s;
    return out;
}

// Polls the status until nothing runs on the node (after standby), at most `timeout`.
std::vector<std::string> wait_node_empty(const MaintenanceContext& ctx, const std::string& node,
                                         std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        std::vector<std::string> left = resources_on(ctx.cluster->status_xml(), node);
        if (left.empty() || Clock::now() >= deadline) return left;
        std::this_thread::sleep_for(500ms);
    }
}

const ServerState* find_state(const std::vector<ServerState>& states, const model::Route& route, const model::Server& s) {
    for (const ServerState& st : states)
        if (st.server == s.name && (st.backend.empty() || st.backend == route.backend)) return &st;
    return nullptr;
}

std::string why_not_ready(const ServerState* st, bool serving) {
    if (!serving) return "has no running instance";
    if (!st) return "is unknown to the router";
    return "is " + st->admin_state;
}

// Drains the node's servers and waits for their sessions, route by route.
void drain_servers(const MaintenanceContext& ctx, const std::string& node, const MaintenanceOptions& opts,
                   MaintenanceReport& report) {
    for (const model::Route& route : ctx.model->routes) {
        std::unique_ptr<Router> router = ctx.routers(route);
        router->check();
        for (const model::Server& s : route.servers) {
            if (s.node != node) continue;
            const ServerState* st = nullptr;
            const std::vector<ServerState> states = router->states();
            st = find_state(states, route, s);
            router->set_drain(s);
            report.drained.push_back({route.service, route.backend, s.name, s.node, st ? st->admin_state : "unknown", "drain"});
            say(ctx, "route " + route.service + ": " + s.name + " on " + node + " set to drain");
            if (route.drain_ms == 0) continue;
            say(ctx, "route " + route.service + ": waiting up to " + route.drain + " for " + s.name + "'s sessions to end");
            if (router->wait_drained(s, std::chrono::milliseconds(route.drain_ms))) continue;
            if (!opts.force)
                throw MaintenanceError("route " + route.service + ": " + s.name + " still has sessions after " + route.drain +
                                       "; " + node + " stays online (its server is drained). Use --force to put it in "
                                       "standby anyway, or `aa undrain " + node + "` to route to it again");
            report.sessions_timed_out = true;
            say(ctx, "route " + route.service + ": sessions remain on " + s.name + " after " + route.drain + " (--force: going on)");
        }
    }
}

RouteSyncResult final_sync(const MaintenanceContext& ctx) {
    RouteSyncResult r = sync_routes(*ctx.model, *ctx.cluster, ctx.routers);
    for (const RouteChange& c : r.changes) say(ctx, "route " + describe(c));
    for (const std::string& e : r.errors) say(ctx, "route sync failed: " + e);
    return r;
}

}  // namespace

std::vector<std::string> routes_left_without_server(const model::Model& model, const std::string& node,
                                                    const std::map<std::string, std::set<std::string>>& serving,
                                                    const RouterFactory& routers) {
    std::vector<std::string> problems;
    static const std::set<std::string> none;
    for (const model::Route& route : model.routes) {
        auto it = serving.find(route.service);
        const std::set<std::string>& on = it == serving.end() ? none : it->second;
        std::unique_ptr<Router> router = routers(route);
        const std::vector<ServerState> states = router->states();
        bool node_ready = false, other_ready = false;
        std::string others;
        for (const model::Server& s : route.servers) {
            const ServerState* st = find_state(states, route, s);
            const bool ready = on.count(s.node) && st && st->admin_state == "ready";
            if (s.node == node) node_ready = node_ready || ready;
            else {
                other_ready = other_ready || ready;
                others += (others.empty() ? "" : ", ") + s.name + " on " + s.node + " " + why_not_ready(st, on.count(s.node));
            }
        }
        if (node_ready && !other_ready)
            problems.push_back("route " + route.service + ": no other server is ready (" +
                               (others.empty() ? std::string("no other server is declared") : others) + ")");
    }
    return problems;
}

MaintenanceReport drain_node(const MaintenanceContext& ctx, const std::string& node, const MaintenanceOptions& opts) {
    require_node(*ctx.model, node);
    MaintenanceReport report;
    const auto serving = serving_nodes(*ctx.model, ctx.cluster->status_xml());
    std::vector<std::string> problems = routes_left_without_server(*ctx.model, node, serving, ctx.routers);
    if (!problems.empty()) {
        if (!opts.force) {
            std::string msg = "refusing to drain " + node + ": it would leave a route with no ready server";
            for (const std::string& p : problems) msg += "\n  " + p;
            throw MaintenanceError(msg + "\nUse --force to drain anyway (traffic for these routes will fail)");
        }
        for (const std::string& p : problems) say(ctx, "--force: " + p);
    }
    drain_servers(ctx, node, opts, report);

    const auto start = Clock::now();
    set_standby(ctx, node, true);
    say(ctx, node + ": standby on; waiting for its instances to stop");
    report.running_on_node = wait_node_empty(ctx, node, opts.settle_timeout);
    if (!report.running_on_node.empty())
        throw MaintenanceError(node + " is in standby but still runs " + join(report.running_on_node) + " after " +
                               seconds(opts.settle_timeout) + " (crm_mon on the node says why)");
    say(ctx, node + ": no instance left (" + seconds(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start)) + ")");
    wait_settled(ctx, opts.settle_timeout);
    report.final_sync = final_sync(ctx);
    say(ctx, node + " is drained and in standby");
    return report;
}

MaintenanceReport undrain_node(const MaintenanceContext& ctx, const std::string& node, const MaintenanceOptions& opts) {
    require_node(*ctx.model, node);
    MaintenanceReport report;
    const auto start = Clock::now();
    set_standby(ctx, node, false);
    say(ctx, node + ": standby off; waiting for the cluster to settle");
    wait_settled(ctx, opts.settle_timeout);
    report.running_on_node = resources_on(ctx.cluster->status_xml(), node);
    say(ctx, node + ": " + (report.running_on_node.empty() ? std::string("online, no instance placed here")
                                                           : "runs " + join(report.running_on_node)) +
                 " (" + seconds(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start)) + ")");
    report.final_sync = final_sync(ctx);
    say(ctx, node + " is online" + std::string(report.final_sync.ok() ? "" : "; routing is not in sync (see above)"));
    return report;
}

}  // namespace aa::runtime

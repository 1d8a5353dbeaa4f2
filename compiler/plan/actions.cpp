#include "compiler/plan/actions.hpp"

#include <algorithm>
#include <fmt/format.h>

#include <set>
#include <string_view>
#include <unordered_map>

namespace aa::actions {
namespace {

using Kind = plan::Action::Kind;

bool runs_on(const plan::Placement& p, const std::string& rsc, const std::string& node) {
    auto it = p.find(rsc);
    return it != p.end() && std::find(it->second.begin(), it->second.end(), node) != it->second.end();
}

// Nodes that may run the service: the cluster's nodes minus those it avoids.
std::vector<std::string> eligible_nodes(const model::Model& m, const model::Service& s) {
    std::vector<std::string> out;
    for (const std::string& n : m.nodes) {
        bool avoided = std::any_of(s.locations.begin(), s.locations.end(),
                                   [&](const model::Location& l) { return l.node == n && l.score == "-INFINITY"; });
        if (!avoided) out.push_back(n);
    }
    return out;
}

// Routes and services by name, so deriving the actions of 10,000 services stays linear.
std::unordered_map<std::string_view, const model::Route*> routes_by_service(const model::Model& m) {
    std::unordered_map<std::string_view, const model::Route*> out;
    for (const model::Route& r : m.routes) out.emplace(r.service, &r);
    return out;
}

std::unordered_map<std::string_view, const model::Service*> services_by_name(const model::Model& m) {
    std::unordered_map<std::string_view, const model::Service*> out;
    for (const model::Service& s : m.services) out.emplace(s.name, &s);
    return out;
}

plan::Action unit_action(Kind kind, const model::Service& s, const std::string& node) {
    plan::Action a;
    a.kind = kind;
    a.node = node;
    a.service = s.name;
    a.unit = s.unit;
    a.argv = unit_command(kind, s.unit);
    return a;
}

plan::Action route_action(Kind kind, const model::Route& r, const model::Server& srv) {
    plan::Action a;
    a.kind = kind;
    a.node = srv.node;
    a.service = r.service;
    a.server = srv.name;
    a.backend = r.backend;
    return a;
}

// Each service's changes in the transition (pending ones left out): its own instances', and
// those of a deleted primitive it succeeds (a rename). Built once, so that a question per service
// and node does not scan the whole transition: plans of 10,000 services stay linear.
class ServiceChanges {
public:
    struct Entry {
        const plan::ResourceChange* change;
        bool of_predecessor;  // an instance of the deleted primitive the service succeeds
    };

    explicit ServiceChanges(const Input& in) {
        std::unordered_map<std::string, std::string_view> by_resource;  // resource id -> service name
        for (const model::Service& s : in.model.services) by_resource.emplace(s.resource_id(), s.name);
        for (const plan::ResourceChange& c : in.transition) {
            if (c.pending) continue;
            std::string primitive = plan::primitive_of(c.instance);
            auto owner = by_resource.find(c.resource);
            if (owner != by_resource.end() && owner->second != primitive) add(std::string(owner->second), c, false);
            auto successor = in.successor.find(primitive);
            if (successor != in.successor.end() && successor->second != primitive) add(successor->second, c, true);
            add(primitive, c, false);
        }
    }

    const std::vector<Entry>& of(const model::Service& s) const {
        static const std::vector<Entry> none;
        auto it = of_.find(s.name);
        return it == of_.end() ? none : it->second;
    }

private:
    void add(const std::string& service, const plan::ResourceChange& c, bool of_predecessor) {
        of_[service].push_back({&c, of_predecessor});
    }
    std::unordered_map<std::string, std::vector<Entry>> of_;
};

// The transition stops the service on the node for a while: stop, restart, move away.
bool interrupted(const ServiceChanges& changes, const model::Service& s, const std::string& node) {
    const auto& mine = changes.of(s);
    return std::any_of(mine.begin(), mine.end(), [&](const ServiceChanges::Entry& e) { return plan::interrupts(*e.change, node); });
}

bool affected(const Input& in, const ServiceChanges& changes, const model::Service& s) {
    return in.touched.count(s.name) || !changes.of(s).empty();
}

// A node stops serving when an instance runs there now (or, for a unit new to the cluster, may run
// outside it) and the simulation does not place one there after the commit, or when the
// transition stops, restarts or moves the instance there.
bool stops_serving(const Input& in, const ServiceChanges& changes, const model::Service& s, const std::string& node) {
    if (interrupted(changes, s, node)) return true;
    std::string rsc = s.resource_id();
    if (runs_on(in.after, rsc, node)) return false;
    return in.created.count(s.name) || runs_on(in.before, rsc, node);
}

// Serves now: an instance runs on the node (its own, or the deleted primitive's it succeeds).
bool serves_now(const Input& in, const ServiceChanges& changes, const model::Service& s, const std::string& node) {
    if (runs_on(in.before, s.resource_id(), node)) return true;
    const auto& mine = changes.of(s);
    return std::any_of(mine.begin(), mine.end(), [&](const ServiceChanges::Entry& e) {
        return e.of_predecessor && e.change->node == node && e.change->kind != plan::ResourceChange::Kind::Start;
    });
}

// Every change to the service on the node is a restart in place: the instance stays there.
bool restarts_in_place(const Input& in, const ServiceChanges& changes, const model::Service& s, const std::string& node) {
    bool restart = false;
    for (const ServiceChanges::Entry& e : changes.of(s)) {
        if (e.change->node != node) continue;
        if (e.of_predecessor || e.change->kind != plan::ResourceChange::Kind::Restart) return false;
        restart = true;
    }
    return restart && runs_on(in.after, s.resource_id(), node);
}

// The nodes of a routed clone to restart one at a time: when every node that serves it now would
// be drained at once (each restarts), but each instance restarts where it runs. Draining them all
// before the commit would empty the route; held through the commit and released one by one, each
// drained first and readied after, the route keeps the others. Empty when the change does not
// roll (something moves or stops, or one server keeps serving anyway).
std::vector<std::string> rolling_nodes(const Input& in, const ServiceChanges& changes, const model::Service& s,
                                       const model::Route& r) {
    if (in.agent_changed.count(s.name)) return {};
    std::vector<std::string> nodes;
    for (const model::Server& srv : r.servers) {
        if (!serves_now(in, changes, s, srv.node) || in.offline.count(srv.node)) continue;
        if (!stops_serving(in, changes, s, srv.node)) return {};  // one keeps serving: no outage to avoid
        if (!restarts_in_place(in, changes, s, srv.node)) return {};
        if (std::find(nodes.begin(), nodes.end(), srv.node) == nodes.end()) nodes.push_back(srv.node);
    }
    if (nodes.size() < 2) return {};
    std::sort(nodes.begin(), nodes.end());
    return nodes;
}

plan::Action node_action(Kind kind, const std::string& node, const std::string& service) {
    plan::Action a;
    a.kind = kind;
    a.node = node;
    a.service = service;
    return a;
}

// The rolling part after the commit: per node, its servers of rolling services drained, the hold
// released (Pacemaker restarts the instances there), the servers readied.
std::vector<plan::Action> roll(const Input& in, const std::map<std::string, std::vector<std::string>>& rolling) {
    std::map<std::string, std::vector<std::string>> services_on;  // node -> rolling services
    for (const auto& [service, nodes] : rolling)
        for (const std::string& n : nodes) services_on[n].push_back(service);
    const auto routes = routes_by_service(in.model);
    std::vector<plan::Action> out, unpins;
    // A released instance restarts where it ran only if the clone may not go elsewhere: Pacemaker
    // is free to start the new one on a node without an instance (seen on the lab).
    for (const auto& [service, nodes] : rolling) {
        const model::Service* s = in.model.find_service(service);
        for (const std::string& n : in.model.nodes)
            if (s && !runs_on(in.after, s->resource_id(), n)) {
                out.push_back(node_action(Kind::Pin, n, service));
                unpins.push_back(node_action(Kind::Unpin, n, service));
            }
    }
    for (const auto& turn : services_on) {
        const std::string& node = turn.first;  // named, not bound: clang 14 cannot capture a binding
        const std::vector<std::string>& services = turn.second;
        auto servers = [&](Kind kind) {
            for (const std::string& svc : services)
                for (const model::Server& srv : routes.at(svc)->servers)
                    if (srv.node == node) out.push_back(route_action(kind, *routes.at(svc), srv));
        };
        servers(Kind::Drain);
        for (const std::string& svc : services) out.push_back(node_action(Kind::Release, node, svc));
        servers(Kind::Ready);
    }
    out.insert(out.end(), unpins.begin(), unpins.end());
    return out;
}

}  // namespace

std::vector<std::string> unit_command(Kind kind, const std::string& unit) {
    switch (kind) {
        case Kind::CheckUnit: return {"systemctl", "list-unit-files", unit, "--no-pager", "--no-legend"};
        case Kind::Disable: return {"systemctl", "disable", unit};
        case Kind::Stop: return {"systemctl", "stop", unit};
        default: return {};
    }
}

std::vector<plan::Action> derive(const Input& in) {
    std::vector<plan::Action> pre, drains, disables, stops, holds, post;
    const ServiceChanges changes(in);
    const auto routes = routes_by_service(in.model);
    std::map<std::string, std::vector<std::string>> rolling;  // service -> nodes restarted one at a time
    if (in.commit)
        for (const model::Service& s : in.model.services)
            if (auto r = routes.find(s.name); r != routes.end())
                if (auto nodes = rolling_nodes(in, changes, s, *r->second); !nodes.empty()) rolling[s.name] = nodes;
    auto rolls = [&](const std::string& service, const std::string& node) {
        auto it = rolling.find(service);
        return it != rolling.end() && std::find(it->second.begin(), it->second.end(), node) != it->second.end();
    };
    auto drain_before = [&](const model::Service& s, const model::Route& route) {
        for (const model::Server& srv : route.servers)
            if (stops_serving(in, changes, s, srv.node) && !rolls(s.name, srv.node))
                drains.push_back(route_action(Kind::Drain, route, srv));
    };
    for (const model::Service& s : in.model.services) {
        auto found = routes.find(s.name);
        const model::Route* route = found == routes.end() ? nullptr : found->second;
        if (!in.touched.count(s.name)) {
            // Untouched, but the transition interrupts it (a dependency changed): drain only.
            if (route && affected(in, changes, s)) drain_before(s, *route);
            continue;
        }
        if (s.agent_class == "systemd")
            for (const std::string& n : eligible_nodes(in.model, s))
                if (!in.offline.count(n)) pre.push_back(unit_action(Kind::CheckUnit, s, n));
        if (route) {
            plan::Action check;
            check.kind = Kind::CheckRouter;
            check.service = s.name;
            check.backend = route->backend;
            pre.push_back(check);
            drain_before(s, *route);
        }
        if (s.agent_class != "systemd") continue;
        for (const std::string& n : in.model.nodes)
            if (!in.offline.count(n)) disables.push_back(unit_action(Kind::Disable, s, n));
        // Units new to the cluster may run outside it; stop them where no instance is placed.
        if (in.created.count(s.name))
            for (const std::string& n : in.model.nodes)
                if (!runs_on(in.after, s.resource_id(), n) && !in.offline.count(n)) stops.push_back(unit_action(Kind::Stop, s, n));
    }
    std::set<std::string> held;
    for (const auto& [service, nodes] : rolling) held.insert(nodes.begin(), nodes.end());
    for (const std::string& n : held) holds.push_back(node_action(Kind::Hold, n, ""));
    std::vector<plan::Action> out;
    for (auto* part : {&pre, &drains, &disables, &stops, &holds}) out.insert(out.end(), part->begin(), part->end());
    if (in.commit) {
        out.push_back(plan::Action{Kind::Commit});
        for (const plan::Action& a : roll(in, rolling)) out.push_back(a);
        out.push_back(plan::Action{Kind::Wait});
    }
    const auto services = services_by_name(in.model);
    std::set<std::pair<std::string_view, std::string_view>> drained_before;  // (service, node)
    for (const plan::Action& d : drains) drained_before.emplace(d.service, d.node);
    for (const model::Route& r : in.model.routes) {
        auto found = services.find(r.service);
        const model::Service* s = found == services.end() ? nullptr : found->second;
        if (!s || !affected(in, changes, *s)) continue;
        for (const model::Server& srv : r.servers) {
            if (rolls(r.service, srv.node)) continue;  // readied in its turn
            bool serving = runs_on(in.after, s->resource_id(), srv.node);
            bool drained = drained_before.count({r.service, srv.node}) > 0;
            if (serving)
                post.push_back(route_action(Kind::Ready, r, srv));
            else if (!drained)
                post.push_back(route_action(Kind::Drain, r, srv));
        }
    }
    out.insert(out.end(), post.begin(), post.end());
    return out;
}

std::vector<std::string> emptied_routes(const Input& in, const std::vector<plan::Action>& actions) {
    std::vector<std::string> out;
    const ServiceChanges changes(in);
    const auto services = services_by_name(in.model);
    for (const model::Route& r : in.model.routes) {
        auto found = services.find(r.service);
        if (found == services.end()) continue;
        std::vector<std::string> serving;
        bool one_stays = false;
        for (const model::Server& srv : r.servers) {
            if (!serves_now(in, changes, *found->second, srv.node)) continue;
            serving.push_back(srv.name);
            // Only drains before the commit empty a route at once; a rolling change drains after it,
            // one node at a time.
            auto commit = std::find_if(actions.begin(), actions.end(), [](const plan::Action& a) { return a.kind == Kind::Commit; });
            bool drained = std::any_of(actions.begin(), commit, [&](const plan::Action& a) {
                return a.kind == Kind::Drain && a.service == r.service && a.server == srv.name;
            });
            one_stays = one_stays || !drained;
        }
        if (!serving.empty() && !one_stays)
            out.push_back(fmt::format("route {} of {} would have no server while the change runs: every serving instance "
                                      "({}) stops, restarts or moves at once",
                                      r.backend.empty() ? r.service : r.backend, r.service, fmt::join(serving, " ")));
    }
    return out;
}

namespace {
constexpr std::pair<Kind, std::string_view> kNames[] = {
    {Kind::CheckUnit, "check-unit"}, {Kind::CheckRouter, "check-router"}, {Kind::Drain, "drain"},
    {Kind::Disable, "disable"},      {Kind::Stop, "stop"},                {Kind::Hold, "hold"},
    {Kind::Commit, "commit"},        {Kind::Pin, "pin"},                  {Kind::Release, "release"},
    {Kind::Unpin, "unpin"},          {Kind::Wait, "wait"},                {Kind::Ready, "ready"}};
}

std::string_view kind_name(Kind kind) {
    for (const auto& [k, n] : kNames)
        if (k == kind) return n;
    return "unknown";
}

std::optional<Kind> kind_from_name(std::string_view name) {
    for (const auto& [k, n] : kNames)
        if (n == name) return k;
    return std::nullopt;
}

std::string pin_id(const plan::Action& a) { return "aa-roll-" + a.service + "-off-" + a.node; }

std::string describe(const plan::Action& a) {
    std::string cmd;
    for (const std::string& w : a.argv) cmd += (cmd.empty() ? "" : " ") + w;
    switch (a.kind) {
        case Kind::CheckUnit: return fmt::format("check   {}: unit {} exists  ({})", a.node, a.unit, cmd);
        case Kind::CheckRouter: return fmt::format("check   router for {} answers, backend {} has every server", a.service, a.backend.empty() ? "(command)" : a.backend);
        case Kind::Drain: return fmt::format("drain   {}: server {}{} of {}", a.node, a.backend.empty() ? "" : a.backend + "/", a.server, a.service);
        case Kind::Disable: return fmt::format("disable {}: {}  ({})", a.node, a.unit, cmd);
        case Kind::Stop: return fmt::format("stop    {}: {}  ({})", a.node, a.unit, cmd);
        case Kind::Hold: return fmt::format("hold    {}: nothing restarts there at the commit (node attribute maintenance=true until reboot)", a.node);
        case Kind::Commit: return "commit  the CIB patch (cibadmin --patch, guarded by the base version)";
        case Kind::Pin: return fmt::format("pin     {}: kept off {} while it rolls (constraint {}, removed after)", a.service, a.node, pin_id(a));
        case Kind::Unpin: return fmt::format("unpin   {}: may run on {} again (constraint {} removed)", a.service, a.node, pin_id(a));
        case Kind::Release: return fmt::format("release {}: Pacemaker restarts {} there; wait until it is started and monitored", a.node, a.service);
        case Kind::Wait: return "wait    until the cluster runs the instances where the simulation placed them";
        case Kind::Ready: return fmt::format("ready   {}: server {}{} of {}", a.node, a.backend.empty() ? "" : a.backend + "/", a.server, a.service);
    }
    return {};
}

}  // namespace aa::actions

// The expectations of a behaviour test, checked against one simulated state.
#include <algorithm>
#include <fmt/format.h>
#include <set>

#include "runtime/scenario_run.hpp"

namespace aa::runtime {
namespace {

using scenario::Expectation;
using Nodes = std::vector<std::string>;

std::string list(const Nodes& n) { return n.empty() ? "no node" : fmt::format("{}", fmt::join(n, " ")); }

Nodes unique(Nodes n) {
    std::sort(n.begin(), n.end());
    n.erase(std::unique(n.begin(), n.end()), n.end());
    return n;
}

Nodes at(const std::map<std::string, Nodes>& m, const std::string& id) {
    auto it = m.find(id);
    return it == m.end() ? Nodes{} : it->second;
}

// The nodes an expectation speaks of: all instances, or those in one role.
Nodes role_nodes(const Expectation& x, const SimState& s) {
    Nodes all = at(s.running, x.resource);
    if (x.role.empty()) return all;
    Nodes promoted = at(s.promoted, x.resource);
    if (x.role == "promoted") return promoted;
    for (const std::string& p : promoted) all.erase(std::find(all.begin(), all.end(), p));
    return all;
}

std::string what(const Expectation& x) { return x.role.empty() ? x.service : x.service + " (" + x.role + ")"; }

int wanted(const model::Service& s, const model::Model& m) {
    for (const model::NvPair& nv : s.meta)
        if (nv.name == "target-role" && (nv.value == "Stopped" || nv.value == "stopped")) return 0;
    if (!s.clone) return 1;
    return s.clone->max.value_or(static_cast<int>(m.nodes.size()));
}

const model::Route* route_of(const model::Model& m, const std::string& service) {
    for (const model::Route& r : m.routes)
        if (r.service == service) return &r;
    return nullptr;
}

// Servers that would be ready: those whose node runs an instance (as `aa route sync` decides).
Nodes ready_servers(const model::Route& r, const model::Service& s, const SimState& st) {
    Nodes running = at(st.running, s.resource_id()), out;
    for (const model::Server& sv : r.servers)
        if (std::find(running.begin(), running.end(), sv.node) != running.end()) out.push_back(sv.name);
    std::sort(out.begin(), out.end());
    return out;
}

struct Found {
    std::vector<std::string> matches;  // "restart on node-01"
    std::vector<std::string> others;   // the service's other actions, for the message
};

// Start/stop/promote/demote of the service in the transition, and the restarts and moves they make.
Found find_actions(const Expectation& x, const SimState& s, const SimState& before) {
    std::vector<std::pair<std::string, std::string>> acts;  // task, node
    for (const SimAction& a : s.actions) {
        std::string base = a.primitive.substr(0, a.primitive.find(':'));
        if (base != x.service) continue;
        if (a.task == "start" || a.task == "stop" || a.task == "promote" || a.task == "demote" || a.task == "migrate_from" ||
            a.task == "migrate_to")
            acts.emplace_back(a.task == "migrate_from" ? "start" : a.task == "migrate_to" ? "stop" : a.task, a.node);
    }
    std::multiset<std::string> stops, starts;
    for (const auto& [t, n] : acts) {
        if (t == "stop") stops.insert(n);
        if (t == "start") starts.insert(n);
    }
    std::vector<std::pair<std::string, std::string>> derived = acts;
    for (const std::string& n : std::set<std::string>(stops.begin(), stops.end()))
        if (starts.count(n)) derived.emplace_back("restart", n);
    // A move: an instance gone from a node (stopped, or lost with the node) while one started on
    // a node that did not run it.
    Nodes was = at(before.running, x.resource), now = at(s.running, x.resource), gone, gained;
    for (const std::string& n : unique(was))
        if (std::find(now.begin(), now.end(), n) == now.end()) gone.push_back(n);
    for (const std::string& n : unique(now))
        if (std::find(was.begin(), was.end(), n) == was.end()) gained.push_back(n);
    if (!gained.empty())
        for (const std::string& n : gone) derived.emplace_back("move", n);
    Found f;
    for (const auto& [t, n] : derived) {
        std::string d = t + " of " + x.service + " on " + n;
        bool match = t == x.action && (x.names.empty() || x.names.front() == n);
        (match ? f.matches : f.others).push_back(d);
    }
    return f;
}

}  // namespace

std::optional<std::string> evaluate(const Expectation& x, const SimState& s, const SimState& before, const model::Model& m) {
    using K = Expectation::Kind;
    switch (x.kind) {
    case K::On: {
        Nodes have = unique(role_nodes(x, s));
        if (have == x.names) return std::nullopt;
        return fmt::format("expected {} on {}; it runs on {}", what(x), list(x.names), list(have));
    }
    case K::NotOn: {
        Nodes have = unique(role_nodes(x, s)), bad;
        for (const std::string& n : x.names)
            if (std::find(have.begin(), have.end(), n) != have.end()) bad.push_back(n);
        if (bad.empty()) return std::nullopt;
        return fmt::format("expected {} not on {}; it runs on {}", what(x), list(x.names), list(have));
    }
    case K::Stopped: {
        Nodes have = at(s.running, x.resource);
        if (have.empty()) return std::nullopt;
        return fmt::format("expected {} stopped; it runs on {}", x.service, list(have));
    }
    case K::Count: {
        Nodes have = at(s.running, x.resource);
        int n = static_cast<int>(have.size());
        bool ok = x.comparison == "at least" ? n >= x.count : x.comparison == "at most" ? n <= x.count : n == x.count;
        if (ok) return std::nullopt;
        return fmt::format("expected {} {} instance{} of {}; {} run{} ({})", x.comparison, x.count, x.count == 1 ? "" : "s",
                           x.service, n, n == 1 ? "s" : "", list(have));
    }
    case K::NothingStopped: {
        std::vector<std::string> short_of;
        for (const model::Service& svc : m.services) {
            Nodes have = at(s.running, svc.resource_id());
            int want = wanted(svc, m);
            if (static_cast<int>(have.size()) < want)
                short_of.push_back(fmt::format("{} runs {} of {} ({})", svc.name, have.size(), want, list(have)));
        }
        if (short_of.empty()) return std::nullopt;
        return fmt::format("expected every service to run all its instances; {}", fmt::join(short_of, "; "));
    }
    case K::RouteReady:
    case K::RouteCount: {
        const model::Route* r = route_of(m, x.service);
        const model::Service* svc = m.find_service(x.service);
        if (!r || !svc) return "the service has no route";
        Nodes ready = ready_servers(*r, *svc, s);
        if (x.kind == K::RouteReady) {
            if (ready == x.names) return std::nullopt;
            return fmt::format("expected route {} ready on {}; ready: {}", x.service, fmt::join(x.names, " "),
                               ready.empty() ? "none" : fmt::format("{}", fmt::join(ready, " ")));
        }
        if (static_cast<int>(ready.size()) >= x.count) return std::nullopt;
        return fmt::format("expected at least {} ready servers in route {}; ready: {}", x.count, x.service,
                           ready.empty() ? "none" : fmt::format("{}", fmt::join(ready, " ")));
    }
    case K::Action: {
        Found f = find_actions(x, s, before);
        std::string target = x.action + " of " + x.service + (x.names.empty() ? "" : " on " + x.names.front());
        if (x.negated) {
            if (f.matches.empty()) return std::nullopt;
            return fmt::format("expected no {}; the transition has {}", target, fmt::join(f.matches, ", "));
        }
        if (!f.matches.empty()) return std::nullopt;
        return fmt::format("expected {} in the transition; {}", target,
                           f.others.empty() ? std::string("it has no action of ") + x.service
                                            : "it has " + fmt::format("{}", fmt::join(f.others, ", ")));
    }
    }
    return std::nullopt;
}

std::string describe_stage(const std::string& heading, const SimState& s, const model::Model& m) {
    std::string out = "  " + heading + "\n";
    for (const model::Service& svc : m.services) {
        std::string id = svc.resource_id();
        Nodes all = at(s.running, id), promoted = at(s.promoted, id);
        if (all.empty()) {
            out += "    " + id + ": Stopped\n";
            continue;
        }
        if (promoted.empty()) {
            out += fmt::format("    {}: Started [ {} ]\n", id, fmt::join(all, " "));
            continue;
        }
        for (const std::string& p : promoted) all.erase(std::find(all.begin(), all.end(), p));
        out += fmt::format("    {}: Promoted [ {} ]{}\n", id, fmt::join(promoted, " "),
                           all.empty() ? "" : fmt::format(" Unpromoted [ {} ]", fmt::join(all, " ")));
    }
    std::vector<std::string> steps;
    for (const SimAction& a : s.actions) {
        if (a.task == "monitor" || a.task == "notify" || a.primitive == "aa-default-fencing") continue;
        std::string base = a.primitive.substr(0, a.primitive.find(':'));
        if (!a.primitive.empty() && !m.find_service(base)) continue;
        steps.push_back(a.primitive.empty() ? fmt::format("{} {}", a.task, a.node) : fmt::format("{} {} on {}", a.task, base, a.node));
    }
    out += "    transition: " + (steps.empty() ? std::string("nothing to do") : fmt::format("{}", fmt::join(steps, ", "))) + "\n";
    for (const std::string& b : s.blocked) out += "    blocked: " + b + "\n";
    return out;
}

}  // namespace aa::runtime

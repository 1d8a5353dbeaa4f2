// What an operator needs after a failure past the commit (nothing is undone then): the state of
// every node, read fresh — units, where instances run, what the router thinks — and the summary.
#include <fmt/format.h>

#include <map>
#include <set>

#include "runtime/transaction_parts.hpp"

namespace aa::runtime::detail {
namespace {

std::string join(const std::vector<std::string>& words, const char* sep) {
    std::string out;
    for (const std::string& w : words) out += (out.empty() ? "" : sep) + w;
    return out;
}

}  // namespace

std::string Transaction::node_report() {
    std::map<std::string, std::vector<std::string>> runs;  // node -> resources with an instance there
    std::string placement_error;
    try {
        for (const auto& [rsc, nodes] : current_placement(ctx_.cluster.status_xml()))
            for (const std::string& n : nodes) runs[n].push_back(rsc);
    } catch (const std::exception& e) {
        placement_error = e.what();
    }
    std::map<std::string, std::vector<std::string>> routing;  // node -> "backend/server ready"
    for (const model::Route& route : plan_.model.routes) {
        std::vector<ServerState> states;
        std::string error;
        try {
            states = router_for(route.service).states();
        } catch (const std::exception& e) {
            error = e.what();
        }
        for (const model::Server& srv : route.servers) {
            std::string state = error.empty() ? "unknown" : "unknown (" + error + ")";
            for (const ServerState& s : states)
                if (s.server == srv.name) state = s.admin_state;
            routing[srv.node].push_back(fmt::format("{}/{} {}", route.backend.empty() ? route.service : route.backend, srv.name, state));
        }
    }
    std::set<std::string> units;
    for (const model::Service& s : plan_.model.services)
        if (s.agent_class == "systemd" && !s.unit.empty()) units.insert(s.unit);

    std::string out = "state of every node now:\n";
    for (const std::string& node : plan_.model.nodes) {
        std::vector<std::string> parts;
        for (const std::string& unit : units) {
            try {
                UnitState u = unit_state(node, unit);
                parts.push_back(fmt::format("{} {}, {}", unit, u.enabled_word.empty() ? "?" : u.enabled_word,
                                            u.active_word.empty() ? "?" : u.active_word));
            } catch (const std::exception& e) {
                parts.push_back(fmt::format("{} unknown ({})", unit, e.what()));
            }
        }
        if (placement_error.empty())
            parts.push_back(runs[node].empty() ? "runs no instance" : "runs " + join(runs[node], ", "));
        if (!routing[node].empty()) parts.push_back("routing " + join(routing[node], ", "));
        out += fmt::format("  {}: {}\n", node, join(parts, "; "));
    }
    if (!placement_error.empty()) out += "  instance placement unknown: " + placement_error + "\n";
    return out;
}

}  // namespace aa::runtime::detail

namespace aa::runtime {

std::string describe_outcome(const ApplyOutcome& o) {
    if (o.ok) return "applied: the CIB holds the planned configuration and every host step ran.\n";
    std::string out;
    if (o.committed) {
        out = fmt::format("FAILED after the commit, at `{}`: {}\nThe CIB change is committed and was not undone.\n",
                          o.failed_step, o.error);
        out += o.node_report;
        return out;
    }
    const char* label = o.interrupted_by ? "INTERRUPTED before the commit" : o.refused ? "REFUSED" : "FAILED before the commit";
    out = fmt::format("{} at `{}`: {}\n", label, o.failed_step, o.error);
    if (!o.undone.empty()) {
        out += "Undone, newest first:\n";
        for (const std::string& u : o.undone) out += "  " + u + "\n";
    }
    out += "The CIB was not changed.\n";
    return out;
}

}  // namespace aa::runtime

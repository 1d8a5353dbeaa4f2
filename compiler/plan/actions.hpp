// Host actions: the ordered steps around the CIB commit (spec section 5), derived from where
// instances run before the change and where the simulation places them after it.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <string>
#include <vector>

#include "compiler/lang/model.hpp"
#include "compiler/plan/plan.hpp"

namespace aa::actions {

struct Input {
    const model::Model& model;
    const plan::Placement& before;  // running now (from the base's status)
    const plan::Placement& after;   // predicted by the simulation of the patched CIB
    // Services whose primitive this plan creates: their units may still run outside the cluster.
    std::set<std::string> created;
    // Services whose CIB objects this plan creates or changes.
    std::set<std::string> touched;
    bool commit = false;  // the plan has a patch to commit
    // What the commit does to running instances (pending changes are the cluster's own).
    const plan::Transition& transition;
    // Primitives the patch deletes whose unit a spec service now runs (a rename): their stops
    // interrupt that service. Deleted primitive id -> service name.
    std::map<std::string, std::string> successor;
    // Nodes the base's status says are down: no host command can reach them, so unit steps are
    // left out there (the plan warns: the operator disables the unit before the node rejoins).
    std::set<std::string> offline;
    // Services whose primitive runs another agent than before (a new unit, a new type): their
    // restarts cannot roll, since the new agent's probe on a held node forgets the old instance.
    std::set<std::string> agent_changed;
};

std::vector<plan::Action> derive(const Input& in);

// Routes the change would empty: every server that serves now is drained before the commit
// (all instances stop, restart or move at once). One sentence per route.
std::vector<std::string> emptied_routes(const Input& in, const std::vector<plan::Action>& actions);

// The systemctl command line of a unit step.
std::vector<std::string> unit_command(plan::Action::Kind kind, const std::string& unit);

// Stable names of action kinds ("check-unit", "drain", ...) for plan files and json.
std::string_view kind_name(plan::Action::Kind kind);
std::optional<plan::Action::Kind> kind_from_name(std::string_view name);

// "drain node-03 (be_app/app3)" — one line per action, as plan and apply print them.
std::string describe(const plan::Action& a);

// The id of a Pin's location constraint: "aa-roll-app_service-off-node-01".
std::string pin_id(const plan::Action& a);

}  // namespace aa::actions

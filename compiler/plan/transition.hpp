// What a change does to running resources, as Pacemaker's scheduler decided it: one line per
// resource instance (start, stop, restart, move, promote, demote, ...), in the order the cluster
// executes it, with Pacemaker's reason. A value: runtime/ reads it from crm_simulate, the plan
// renders and saves it, actions.cpp derives drains from it.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aa::plan {

struct ResourceChange {
    // Other: an action this aa does not know by name; `action` holds Pacemaker's word.
    enum class Kind { Start, Stop, Restart, Move, Promote, Demote, Recover, Migrate, Reload, Other } kind = Kind::Start;
    std::string action;    // Pacemaker's word for it ("restart"), as crm_simulate printed it
    std::string instance;  // as the scheduler names it: "app_service:0", "db"
    std::string resource;  // the top-level resource the reviewer's spec names: "app_service-clone"
    std::string node;      // where it happens; for Move and Migrate the node it leaves
    std::string to;        // Move and Migrate: the node it goes to
    std::string reason;    // Pacemaker's words, when it gives them ("resource definition change")
    // The base alone implies it (the cluster has not converged: a pending start, an orphan
    // Pacemaker is about to stop): shown, but not a change of this plan.
    bool pending = false;
    friend bool operator==(const ResourceChange&, const ResourceChange&) = default;
};

using Transition = std::vector<ResourceChange>;

std::string_view kind_name(ResourceChange::Kind k);  // "start", "restart", "move", ...
std::optional<ResourceChange::Kind> change_kind_from_name(std::string_view name);

// "app_service:0" -> "app_service": the configured primitive behind a clone instance.
std::string primitive_of(std::string_view instance);

// "restart app_service:0 on node-01 (resource definition change)",
// "move db from node-01 to node-02".
std::string describe(const ResourceChange& c);

// Does the instance stop serving on `node` while the transition runs (stop, restart, recover,
// move or migrate away)? A demoted instance still runs. The drains of routed services follow from this.
bool interrupts(const ResourceChange& c, const std::string& node);

// "2 to restart, 1 to stop" over the changes this plan causes (pending ones left out), in a
// fixed order of kinds; empty when there are none.
std::string count_line(const Transition& t);

}  // namespace aa::plan

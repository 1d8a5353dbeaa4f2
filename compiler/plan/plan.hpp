// A plan: everything `aa apply` needs, computed by `aa plan` and saved to a file for review.
// The compiler side only holds data; runtime/ produces the placement and runs the actions.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/lang/model.hpp"
#include "compiler/plan/transition.hpp"

namespace aa::plan {

struct Version {
    long long admin_epoch = 0;
    long long epoch = 0;
    long long num_updates = 0;
    friend bool operator==(const Version&, const Version&) = default;
};

// Where instances run: top-level resource id (the clone's id when cloned) -> sorted node names.
using Placement = std::map<std::string, std::vector<std::string>>;

struct AttrChange {
    std::string name;
    std::optional<std::string> before, after;
};

// One CIB object the patch creates, modifies or deletes (for reviewers; the patch itself is authoritative).
struct Change {
    enum class Kind { Create, Modify, Delete } kind = Kind::Create;
    std::string element;
    std::string id;
    std::string parent_id;
    std::vector<AttrChange> attrs;
    // For a created or deleted container: its nested objects, one line each, indented by depth
    // ("primitive app_service: class=systemd type=app").
    std::vector<std::string> contents;
};

// One step of the transaction, in execution order.
struct Action {
    enum class Kind {
        CheckUnit,    // precondition: the unit file exists on the node
        CheckRouter,  // precondition: the router answers and knows every declared server
        Drain,        // take the node's server out of routing (before anything stops there)
        Disable,      // systemctl disable: only the cluster starts the unit from now on
        Stop,         // systemctl stop, only on drained nodes
        Hold,         // node attribute maintenance=true (until reboot): the commit restarts nothing there
        Commit,       // cibadmin --patch on the live CIB, guarded by the base version
        Pin,          // a rolling clone kept off a node without an instance (constraint), so none moves there
        Release,      // clear the node's hold: Pacemaker restarts the service's instance there; wait for it
        Unpin,        // that constraint removed again, once every held node is released
        Wait,         // until the cluster runs the instances where the simulation placed them
        Ready,        // put the node's server back into routing
    } kind = Kind::CheckUnit;
    std::string node;     // empty for cluster-wide steps
    std::string service;  // the spec service this is for
    std::string unit;     // systemd unit (CheckUnit, Disable, Stop)
    std::string server;   // routing steps
    std::string backend;
    std::vector<std::string> argv;  // the host command, for unit steps
};

struct Plan {
    static constexpr int kFormatVersion = 1;
    int format_version = kFormatVersion;
    std::string base_source;  // "default", a file path, or "live"
    Version base_version;
    std::string base_config_hash;  // sha256 of the base's canonical configuration
    std::string spec_hash;         // sha256 of the spec files' text, in load order
    std::vector<std::string> spec_files;
    std::string patch_xml;         // the format-2 patchset; empty when there are no changes
    std::vector<Change> changes;
    std::vector<Action> actions;
    Placement placement_before;    // where instances run in the base
    Placement placement;           // predicted after the commit
    // What Pacemaker says about the patched CIB that it does not say about the base: errors of
    // crm_verify ("crm_verify: ..."), instances it cannot place, blocked actions. Non-empty only
    // when the operator accepted them (accept_new_problems); otherwise the plan is refused.
    std::vector<std::string> problems;
    // The same kinds of problem, present in the base already: shown, not blamed on the change.
    std::vector<std::string> already;
    std::vector<std::string> warnings;  // about the spec against this cluster (nodes it does not list)
    Transition transition;              // what the commit does to running resources
    bool accepted_new_problems = false; // --accept-new-problems
    // Routes the change empties while it runs (all serving instances stop or restart at once):
    // apply refuses the plan unless the outage is accepted (here, or by `aa apply --accept-outage`).
    std::vector<std::string> outage;
    bool accepted_outage = false;       // --accept-outage
    std::vector<std::string> adopted;   // ids taken over with --adopt
    model::Model model;  // nodes, services and routes: what apply needs to run host actions

    // The patch or the host actions are non-empty: what exit status 2 means.
    bool has_changes() const { return !changes.empty() || !actions.empty(); }
    int creates() const;
    int modifies() const;
    int deletes() const;
};

}  // namespace aa::plan

// Where resources run (now, or after a transition), read from Pacemaker's XML output.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "compiler/plan/transition.hpp"

namespace aa::runtime {

// One action of the scheduler's transition graph.
struct ScheduledAction {
    std::string task;       // start, stop, monitor, promote, demote, notify, migrate_to, migrate_from,
                            // or a node event: do_shutdown, stonith
    std::string resource;   // instance id as the scheduler names it: "app_service:0" ("" for node events)
    std::string primitive;  // the configured primitive: "app_service"
    std::string node;
    long interval_ms = 0;   // monitor interval; a monitor with 0 is a probe (is it running there?)
};

struct Placement {
    // Top-level resource id (the clone id for cloned primitives, the primitive id otherwise) ->
    // sorted node names, one entry per instance. Every configured top-level resource has an entry,
    // empty when it runs nowhere.
    std::map<std::string, std::vector<std::string>> running;
    // The same, before the transition: instances active now according to the CIB's status (after
    // the what-ifs took nodes down). Configured resources are listed even when empty.
    std::map<std::string, std::vector<std::string>> current;
    // Human sentences: blocked actions (with Pacemaker's reason), instances that cannot run anywhere.
    std::vector<std::string> problems;
    // The transition graph's actions in an order the cluster can execute them (every action after
    // the actions it waits for), pseudo-actions left out.
    std::vector<ScheduledAction> actions;
    // Per resource instance: what the transition does to it, in the same execution order, with
    // Pacemaker's reason (crm_simulate's <actions> list); blocked actions are problems instead.
    plan::Transition transition;
};

// crm_mon --output-as=xml (or crm_simulate's cluster_status): resource id -> sorted nodes where
// an instance is active. Throws std::runtime_error on XML that does not parse.
std::map<std::string, std::vector<std::string>> current_placement(const std::string& crm_mon_xml);

// crm_mon --output-as=xml: the nodes it lists as not online (left the membership, or their
// Pacemaker is gone). Throws std::runtime_error on XML that does not parse.
std::vector<std::string> offline_nodes_in_status(const std::string& crm_mon_xml);

// "app_service-clone: Started [ node-02 node-03 ]" per resource (as `pcs status resources` says it),
// "app_service-clone: Stopped" when nowhere, then one "problem: ..." line per problem.
std::string describe_placement(const Placement& p);

}  // namespace aa::runtime

// `aa rollout SERVICE`: restart every instance of a routed clone through Pacemaker, a batch of
// nodes at a time, without a failed request: drain the batch's servers, wait for their sessions,
// restart the instances there (Pacemaker stops and starts them, and records it), wait until each
// is started and its monitor passed, ready the servers, go on. Instances never move: while the
// rollout runs, the clone is held off every node that runs none of its instances. The mechanism and
// its limits are in docs/rollout.md.
#pragma once
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "runtime/journal.hpp"
#include "runtime/maintenance.hpp"

namespace aa::runtime {

struct RolloutOptions {
    int batch = 1;                                                   // nodes restarted together
    std::chrono::milliseconds wait{std::chrono::minutes(2)};         // per batch: stop, then start + monitor
    std::chrono::milliseconds poll{std::chrono::milliseconds(300)};  // status polling
};

// What the rollout found before it changed anything; its batches are what it will do.
struct RolloutPlan {
    std::string service, clone;                 // "app_service", "app_service-clone"
    std::vector<std::string> instances;         // nodes running an instance now, sorted
    std::vector<std::string> held;              // nodes the clone is held off while the rollout runs
    std::vector<std::vector<std::string>> batches;
    std::vector<const model::Route*> routes;    // the service's routes (may be none)
};

struct RolloutReport {
    bool ok = false;
    std::vector<std::string> restarted;   // nodes whose instance was restarted, in order
    std::vector<std::string> failed_batch;  // the batch that failed ("" when ok)
    std::string error;                     // why it stopped
    std::vector<std::string> left_drained; // servers left drained ("be_app/app2 (node-02)")
    std::vector<std::string> constraints_left;  // aa-rollout-* constraints that could not be removed
};

// Refuses with MaintenanceError (nothing changed) when the service is not a clone of the spec,
// runs nowhere, has an instance that is not healthy, or `batch` would leave no instance running.
RolloutPlan plan_rollout(const MaintenanceContext& ctx, const std::string& service, const RolloutOptions& opts);

// Human lines describing the plan (for the confirmation).
std::string describe(const RolloutPlan& p);

// Runs the plan. Each step is printed through ctx.progress and recorded in the journal. Stops at
// the first failure: that batch stays drained, every other node serves, and the rollout's own
// constraints are removed again.
RolloutReport run_rollout(const MaintenanceContext& ctx, const RolloutPlan& plan, const RolloutOptions& opts,
                          Journal& journal);

// --- Pieces exposed for tests ----------------------------------------------------------------

// The id of a rollout constraint: "aa-rollout-hold-app_service-clone-node-03" ("hold" or "stop").
std::string rollout_constraint_id(const std::string& kind, const std::string& clone, const std::string& node);
// `<rsc_location id=... rsc=CLONE node=NODE score="-INFINITY"/>`, attribute values escaped.
std::string rollout_constraint_xml(const std::string& kind, const std::string& clone, const std::string& node);

// One instance's history on one node, read from the CIB's status section.
struct InstanceHistory {
    long long last_call = -1;       // highest call-id of any operation of the primitive on the node
    long long started_call = -1;    // highest call-id of a successful start
    long long stopped_call = -1;    // highest call-id of a successful stop
    bool monitored = false;         // a recurring monitor succeeded after that start
    bool has_monitor = false;       // any recurring monitor recorded for the primitive on the node
    std::string failure;            // a failed start/monitor newer than `since`, in words
};
InstanceHistory instance_history(const std::string& cib_xml, const std::string& primitive, const std::string& node,
                                 long long since = -1);

}  // namespace aa::runtime

// A cluster on paper for behaviour tests: a private CIB (configuration + status) that events
// change and the real scheduler reacts to, one transition at a time.
//
// Each reaction is one `crm_simulate --run` (schedule only) on a private shadow; its transition
// graph is then "executed" here, in-process, the way `crm_simulate --simulate` executes one:
// every action succeeds with the result the scheduler expects, and is recorded in the node's
// resource history (lrm_rsc_op, with the operation digest Pacemaker computes, so the next run
// sees an unchanged definition). `--simulate` does the same through one whole-CIB update per
// action, which is super-linear: more than 15 minutes for 1,000 services to start, where this
// costs milliseconds (docs/testing.md has the numbers). Failures go through crm_simulate's own
// `--op-inject`, so fail counts are kept by Pacemaker's code.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "compiler/lang/model.hpp"
#include "compiler/lang/scenario.hpp"

namespace aa::runtime {

struct SimAction {
    std::string task;       // start stop promote demote monitor migrate_to migrate_from stonith do_shutdown ...
    std::string primitive;  // configured primitive id ("" for node events)
    std::string node;
    long interval_ms = 0;
};

// What the cluster looks like after one reaction.
struct SimState {
    std::map<std::string, std::vector<std::string>> running;   // top-level resource id -> sorted nodes
    std::map<std::string, std::vector<std::string>> promoted;  // the same, instances in the promoted role
    std::vector<SimAction> actions;  // the transition that got it there, in graph order
    std::vector<std::string> blocked;  // blocked actions, as crm_simulate reported them
};

class SimCluster {
public:
    // `cib_xml`: the desired CIB (its status, if any, is where the cluster starts from). Nodes
    // without a node_state are online; a CIB without have-quorum is given quorum.
    SimCluster(const std::string& cib_xml, const model::Model& model);
    SimCluster(const SimCluster& other);

    // A starting condition (`given`): written into the CIB before the first reaction.
    void given(const scenario::Event& e);
    // An event (`when`): node events are written into the CIB; failures are injected into the
    // next reaction by crm_simulate. Throws std::invalid_argument when the event cannot happen
    // (a failure of a service that does not run on that node).
    void event(const scenario::Event& e);
    // Runs the scheduler once and executes its transition. Throws CommandError when
    // crm_simulate fails.
    SimState react();
    // crm_simulate --show-scores on the current state: the allocation score lines naming `resource`.
    std::vector<std::string> scores(const std::string& resource) const;

private:
    const model::Model* model_;
    pugi::xml_document doc_;
    std::vector<std::string> injections_;
    long call_id_ = 1000000;
    SimState last_;
};

}  // namespace aa::runtime

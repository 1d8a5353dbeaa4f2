// `aa apply`: a saved plan made real, in the order of spec section 5 — read the CIB, refuse a stale
// base, patch + crm_verify + crm_simulate on a shadow, preconditions on every node, drain / disable
// / stop, the guarded commit, the convergence wait, routing. A failure before the commit undoes, in
// reverse order, exactly what ran and leaves the CIB untouched; a failure after it reports the
// failed step and the state of every node. See docs/transaction.md.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "runtime/cluster.hpp"
#include "runtime/journal.hpp"
#include "runtime/router.hpp"
#include "runtime/transport.hpp"

namespace aa::runtime {

// The seam between the transaction and routing: tests hand in fakes; `aa apply` uses
// default_routers(), which is make_router() (kept in its own file so the transaction links
// without the router code).
using RouterFactory = std::function<std::unique_ptr<Router>(const model::Route&)>;
RouterFactory default_routers(Transport* transport);

struct ApplyOptions {
    std::chrono::milliseconds step_timeout{std::chrono::seconds(60)};  // each host command
    std::chrono::milliseconds wait{std::chrono::minutes(2)};           // convergence deadline
    std::chrono::milliseconds poll_interval{std::chrono::seconds(2)};
    bool file_cib = false;  // a CIB file: the simulated transition stands for convergence
    int commit_retries = 5; // re-reads on cibadmin exit 103 when only num_updates moved
    std::chrono::milliseconds lock_wait{std::chrono::minutes(2)};  // for another apply's lock on a file CIB
    // A file CIB is read back twice after the commit, this far apart: a Pacemaker tool that read the
    // file before the commit (crm_attribute) writes its stale copy back when it ends.
    std::chrono::milliseconds settle{std::chrono::milliseconds(300)};
    std::function<void(const std::string&)> progress;  // one line per step; empty: quiet
};

struct ApplyContext {
    Cluster& cluster;
    Transport& hosts;
    RouterFactory routers;  // may be empty when the plan has no routes
    Journal& journal;
};

struct ApplyOutcome {
    bool ok = false;
    bool committed = false;
    bool refused = false;          // nothing changed: stale base, failed precondition, bad simulation
    std::string failed_step;       // the step that failed or refused
    std::string error;             // why, with command, exit status and stderr where there was one
    std::vector<std::string> undone;  // rollback lines, in the order they ran
    std::string node_report;       // after a failure past the commit: the state of every node
    int interrupted_by = 0;        // SIGINT/SIGTERM/SIGHUP that stopped the apply (0: none)
};

ApplyOutcome apply(const plan::Plan& plan, ApplyContext& ctx, const ApplyOptions& opt);

// plan::load plus, when spec_fingerprint is not empty, the check that the plan was made from
// that spec. False with `error` set: nothing may run.
bool load_plan(const std::string& text, const std::string& spec_fingerprint, plan::Plan& out, std::string& error);

// A one-paragraph summary of the outcome for the end of `aa apply`'s output.
std::string describe_outcome(const ApplyOutcome& o);

}  // namespace aa::runtime

// Private to runtime/transaction*.cpp: the transaction as an object, so its phases (guard, hosts,
// report) can live in separate files while sharing the state they build up.
#pragma once
#include <map>
#include <stdexcept>
#include <utility>

#include "runtime/placement.hpp"
#include "runtime/transaction.hpp"

namespace aa::runtime::detail {

// A step that cannot go on. `refused`: a check said no before anything changed.
struct StepError : std::runtime_error {
    StepError(const std::string& what, bool refused_ = false) : std::runtime_error(what), refused(refused_) {}
    bool refused;
};

struct UnitState {
    bool enabled = false, active = false;
    std::string enabled_word, active_word;  // as systemctl printed them ("enabled", "inactive", ...)
};

// "resource: predicted [..], plan [..]" for every resource of `want` that `have` places elsewhere.
std::vector<std::string> placement_differences(const plan::Placement& want, const plan::Placement& have);

struct Undo {
    JournalUndo record;         // what `aa recover` would run if this aa dies
    std::function<void()> run;  // throws on failure
};

class Transaction {
public:
    Transaction(const plan::Plan& p, ApplyContext& ctx, const ApplyOptions& opt);
    ~Transaction() { ctx_.cluster.unlock(); }
    ApplyOutcome run();

private:
    // Runs body as one step: prints and journals it; false when it threw.
    bool step(const std::string& name, const std::function<void()>& body);
    void fail(const std::string& name, const std::exception& e);

    // transaction_guard.cpp
    void read_and_compare();
    bool check_on_shadow();  // three steps: patch, crm_verify, crm_simulate
    void commit();
    void commit_guarded();
    void verify_commit();
    void wait_for_placement();
    std::string versioned_patch(long long num_updates) const;

    // transaction_hosts.cpp
    bool preconditions();
    void run_action(const plan::Action& a);
    void check_unit(const plan::Action& a, std::vector<std::string>& missing);
    void unit_change(const plan::Action& a);
    void route_change(const plan::Action& a, bool pre_commit);
    bool released_here(const plan::Action& a) const;
    void wait_serving(Router& router, const model::Route& route, const model::Server& server);
    Result host(const std::string& node, const std::vector<std::string>& argv);
    UnitState unit_state(const std::string& node, const std::string& unit);
    Router& router_for(const std::string& service);
    const model::Route& route_of(const std::string& service) const;
    void roll_back();
    // Journals the undo (written ahead), then puts it on the stack: before the change runs.
    void push_undo(JournalUndo record, std::function<void()> run);

    // transaction_roll.cpp
    void hold(const plan::Action& a);
    void release(const plan::Action& a);
    void pin(const plan::Action& a);
    void unpin(const std::string& id);
    std::string remove_pins();
    std::string held_report() const;

    // transaction_report.cpp
    std::string node_report();

    const plan::Plan& plan_;
    ApplyContext& ctx_;
    const ApplyOptions& opt_;
    ApplyOutcome out_;
    int step_no_ = 0, step_count_ = 0;
    std::string current_xml_;
    long long num_updates_ = 0;  // of the CIB read at the start
    std::string planned_hash_;   // configuration hash of the patched shadow: what the commit must leave
    std::map<std::string, std::unique_ptr<Router>> routers_;
    std::map<std::pair<std::string, std::string>, UnitState> prior_;
    std::vector<Undo> undo_;
    std::map<std::string, int> held_;  // node -> its hold's undo id, until released
    std::map<std::string, int> pins_;  // constraint id -> its undo id, until removed
    std::map<std::pair<std::string, std::string>, long long> baseline_;  // (node, service) -> last call id when held
};

}  // namespace aa::runtime::detail

// Running behaviour tests: each scenario in its own simulated cluster (runtime/scenario_cluster.hpp),
// several at once, and each expectation checked against the state after the events before it.
#pragma once
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/lang/model.hpp"
#include "compiler/lang/scenario.hpp"
#include "runtime/scenario_cluster.hpp"

namespace aa::runtime {

struct ScenarioFailure {
    Span span;            // the expectation, the event, or the test's header
    std::string message;  // what differs, in words
    std::vector<std::string> scores;  // with explain: crm_simulate's allocation scores for the service
};

struct ScenarioResult {
    const scenario::Scenario* scenario = nullptr;
    std::vector<ScenarioFailure> failures;  // empty: it passed
    bool error = false;   // it could not run (the failure says why)
    std::string record;   // the full placement after every stage (what `golden` records)
    std::chrono::milliseconds duration{0};
    bool ok() const { return failures.empty(); }
};

struct ScenarioOptions {
    bool explain = false;  // add the allocation scores to failed expectations
    unsigned jobs = 0;     // scenarios at once; 0: one per CPU
    // Recorded placements of `golden` tests by test name (runtime/scenario_golden.hpp); a golden
    // test whose record differs, or has none, fails.
    const std::map<std::string, std::string>* records = nullptr;
};

// `desired_xml`: the desired CIB exactly as `aa plan` builds it. Results in the scenarios' order.
std::vector<ScenarioResult> run_scenarios(const std::vector<scenario::Scenario>& scenarios, const model::Model& model,
                                          const std::string& desired_xml, const ScenarioOptions& options);

// Why `x` does not hold in `state` (nullopt: it holds); `before` is the state the stage started
// from (a `move` compares the two: a node's instance lost there, one gained elsewhere). Pure.
std::optional<std::string> evaluate(const scenario::Expectation& x, const SimState& state, const SimState& before,
                                    const model::Model& model);

// The record of one stage: placement of the spec's resources (with roles) and the transition.
std::string describe_stage(const std::string& heading, const SimState& state, const model::Model& model);

}  // namespace aa::runtime

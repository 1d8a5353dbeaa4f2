// Scenarios in parallel: the starting states first (scenarios with the same `given` share one),
// then every scenario's events, each in its own copy of the simulated cluster and its own shadows.
#include "runtime/scenario_run.hpp"

#include <atomic>
#include <fmt/format.h>
#include <memory>
#include <mutex>
#include <thread>

#include "runtime/runner.hpp"

namespace aa::runtime {
namespace {

std::string given_key(const scenario::Scenario& s) {
    std::string k;
    for (const scenario::Event& e : s.given) k += e.text + "\n";
    return k;
}

template <class F>
void parallel(std::size_t n, unsigned jobs, F f) {
    if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i; (i = next++) < n;) f(i);
    };
    std::vector<std::thread> pool;
    for (unsigned j = 1; j < std::min<std::size_t>(jobs, n); ++j) pool.emplace_back(worker);
    worker();
    for (std::thread& t : pool) t.join();
}

std::string error_text(const std::exception& e) {
    if (const auto* c = dynamic_cast<const CommandError*>(&e)) return c->result().describe();
    return e.what();
}

struct Start {
    std::unique_ptr<SimCluster> cluster;
    SimState state;
    std::string error;
};

void run_one(const scenario::Scenario& sc, const Start& start, const model::Model& m, const ScenarioOptions& o,
             ScenarioResult& r) {
    auto began = std::chrono::steady_clock::now();
    r.scenario = &sc;
    if (!start.error.empty()) {
        r.error = true;
        r.failures.push_back({sc.span, "the starting state could not be simulated: " + start.error, {}});
        return;
    }
    SimCluster cluster(*start.cluster);
    SimState previous;  // before the first stage nothing runs
    for (std::size_t i = 0; i < sc.stages.size(); ++i) {
        const scenario::Stage& stage = sc.stages[i];
        SimState state = start.state;
        std::unique_ptr<SimCluster> before;
        try {
            if (stage.has_event) {
                cluster.event(stage.event);
                if (o.explain) before = std::make_unique<SimCluster>(cluster);
                state = cluster.react();
            }
        } catch (const std::invalid_argument& e) {
            r.failures.push_back({stage.event.span, std::string("this event cannot happen: ") + e.what(), {}});
            return;
        } catch (const std::exception& e) {
            r.error = true;
            r.failures.push_back({stage.event.span, "crm_simulate could not simulate this event: " + error_text(e), {}});
            return;
        }
        r.record += describe_stage(stage.has_event ? stage.event.text : "start", state, m);
        for (const scenario::Expectation& x : stage.expectations) {
            std::optional<std::string> why = evaluate(x, state, previous, m);
            if (!why) continue;
            ScenarioFailure f{x.span, *why, {}};
            if (o.explain && !x.resource.empty()) {
                try {
                    f.scores = (before ? *before : *start.cluster).scores(x.resource);
                } catch (const std::exception& e) {
                    f.scores.push_back("(the scores could not be read: " + error_text(e) + ")");
                }
            }
            r.failures.push_back(std::move(f));
        }
        previous = std::move(state);
    }
    if (sc.golden && o.records) {
        auto rec = o.records->find(sc.name);
        if (rec == o.records->end())
            r.failures.push_back({sc.golden_span, "no recorded placement for this test; `aa test --update` records it", {}});
        else if (rec->second != r.record)
            r.failures.push_back({sc.golden_span, "the placement differs from the record (`aa test --update` rewrites it):\n" +
                                                      fmt::format("recorded:\n{}now:\n{}", rec->second, r.record), {}});
    }
    r.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
}

}  // namespace

std::vector<ScenarioResult> run_scenarios(const std::vector<scenario::Scenario>& scenarios, const model::Model& model,
                                          const std::string& desired_xml, const ScenarioOptions& options) {
    std::map<std::string, std::size_t> start_of;
    std::vector<const scenario::Scenario*> firsts;
    for (const scenario::Scenario& s : scenarios)
        if (start_of.emplace(given_key(s), firsts.size()).second) firsts.push_back(&s);
    std::vector<Start> starts(firsts.size());
    parallel(firsts.size(), options.jobs, [&](std::size_t i) {
        try {
            auto c = std::make_unique<SimCluster>(desired_xml, model);
            for (const scenario::Event& e : firsts[i]->given) c->given(e);
            starts[i].state = c->react();
            starts[i].cluster = std::move(c);
        } catch (const std::exception& e) {
            starts[i].error = error_text(e);
        }
    });
    std::vector<ScenarioResult> results(scenarios.size());
    parallel(scenarios.size(), options.jobs, [&](std::size_t i) {
        run_one(scenarios[i], starts[start_of.at(given_key(scenarios[i]))], model, options, results[i]);
    });
    return results;
}

}  // namespace aa::runtime
